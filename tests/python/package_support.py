"""What the hostbridge package's tests share: arguments, a runtime directory, a client."""
import argparse
import os
import sys
import tempfile
import unittest
import xmlrpc.client

from hostbridge_process import TimeoutTransport  # noqa: E402

CALL_TIMEOUT_S = 15
BIN_DIR = None  # build/bin, from --bin (set by main())


def client(host, path="/", use_builtin_types=True, timeout=CALL_TIMEOUT_S):
    """A stock xmlrpc.client proxy for `host`, the token as the Basic-auth password."""
    return xmlrpc.client.ServerProxy(f"http://hb:{host.token}@127.0.0.1:{host.port}{path}", allow_none=True,
                                     transport=TimeoutTransport(timeout, use_builtin_types=use_builtin_types),
                                     use_builtin_types=use_builtin_types)


def main():
    """Runs the calling module's tests: `test_x.py [--bin BUILD/bin] [unittest options]`
    (CTest passes --bin; PYTHONPATH must name build/python)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--bin")
    known, rest = parser.parse_known_args()
    global BIN_DIR
    BIN_DIR = known.bin
    if not os.environ.get("HOSTBRIDGE_RUNTIME_DIR"):
        os.environ["HOSTBRIDGE_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="hostbridge-py-")
    os.makedirs(os.environ["HOSTBRIDGE_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    os.chmod(os.environ["HOSTBRIDGE_RUNTIME_DIR"], 0o700)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
