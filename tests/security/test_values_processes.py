#!/usr/bin/env python3
"""Values that crashed, grew memory or changed silently, against the real processes.

    test_values_processes.py --bin BUILD/bin [unittest options]

Starts hostbridge-hello-host on --port 0 and runs hostbridge-call against it, as users do:
- a body of a few MiB of tiny elements (on an unknown method and on echo) is refused before
  xmlrpc-c builds its tree: a fault, and the peak memory (VmHWM) grows by a small multiple of
  the body instead of ~55 x;
- dates that do not exist (February 31, February 29 of a common year, hour 24, second 60) and
  base64 with characters outside its alphabet are refused with a fault naming what is wrong,
  in XML and in hostbridge-call's JSON arguments; base64 broken into lines is still read;
- hostbridge-call given a value 14,000 levels deep (as an ARG and in --repl), an integer beyond
  64 bits or 1e400 exits with a usage error (2) and says why, instead of crashing or sending
  something else.
Over TCP, or with HOSTBRIDGE_TEST_TRANSPORT=unix (CTest security_values_processes_unix) over the
host's Unix socket, hostbridge-call included (--socket). Standard library only; every subprocess
has a timeout and the host is killed at the end.
"""

import base64
import os
import subprocess
import tempfile
import unittest

import hostbridge_process  # noqa: E402

CALL_TIMEOUT_S = 30
# Peak memory a 4 MiB body of tiny elements may add: xmlrpc-c's tree took ~55 x the body
# (+225 MiB) before the element budget; the text itself and the copies of it are ~3 x.
AMPLIFICATION_LIMIT_KB = 6 * 4 * 1024

BIN = None


def vm_hwm_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def call_body(method, *values):
    params = b"".join(b"<param><value>" + v + b"</value></param>" for v in values)
    return (b'<?xml version="1.0"?>\n<methodCall><methodName>' + method.encode() +
            b"</methodName><params>" + params + b"</params></methodCall>")


def tiny_elements(method, mib):
    head = call_body(method, b"<array><data>").split(b"<array><data>")[0] + b"<array><data>"
    tail = b"</data></array></value></param></params></methodCall>"
    count = (mib * 1024 * 1024 - len(head) - len(tail)) // len(b"<value/>")
    return head + b"<value/>" * count + tail


class ValuesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        runtime_dir = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or tempfile.mkdtemp(prefix="hb-values-")
        os.makedirs(runtime_dir, exist_ok=True)
        cls.runtime_dir = runtime_dir
        cls.host = hostbridge_process.ServerProcess([os.path.join(BIN, "hostbridge-hello-host"), "--port", "0"],
                                                    runtime_dir)

    @classmethod
    def tearDownClass(cls):
        cls.host.kill()

    # ---- raw XML-RPC -----------------------------------------------------------------------
    def post(self, body, host=None):
        """The answer body of one POST of `body` (bytes) to `host` (the shared one by default)."""
        host = host or self.host
        auth = base64.b64encode(b"any:" + host.token.encode()).decode()
        head = ("POST /RPC2 HTTP/1.1\r\n%s\r\nContent-Type: text/xml\r\n"
                "Authorization: Basic %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                % (host.host_header(), auth, len(body)))
        with host.connect(CALL_TIMEOUT_S) as sock:
            sock.sendall(head.encode() + body)
            answer = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        self.assertTrue(answer.startswith(b"HTTP/1.1 200"), answer[:200])
        return answer.split(b"\r\n\r\n", 1)[1]

    def assertFault(self, answer, code, *words):
        self.assertIn(b"<fault>", answer, answer[:400])
        self.assertIn(b"<int>%d</int>" % code, answer.replace(b"<i4>", b"<int>").replace(b"</i4>", b"</int>"))
        for word in words:
            self.assertIn(word.lower().encode(), answer.lower(), answer[:600])

    def test_tiny_elements_are_refused_before_they_take_memory(self):
        for method in ("no.such.method", "echo"):
            with self.subTest(method=method):
                # A fresh host each time: VmHWM is the peak of the process's whole life.
                fresh = hostbridge_process.ServerProcess(
                    [os.path.join(BIN, "hostbridge-hello-host"), "--port", "0"], self.runtime_dir)
                self.addCleanup(fresh.kill)
                body = tiny_elements(method, 4)
                before = vm_hwm_kb(fresh.pid)
                answer = self.post(body, fresh)
                grown = vm_hwm_kb(fresh.pid) - before
                print("\n  4 MiB of <value/> to %s: VmHWM +%d KiB" % (method, grown))
                self.assertFault(answer, -32700, "more XML elements than its size allows")
                self.assertLess(grown, AMPLIFICATION_LIMIT_KB)

    def test_dense_values_peers_write_still_pass(self):
        # 40,000 integers as Python writes them: 14 bytes per element, within the budget.
        values = b"".join(b"<value><int>%d</int></value>\n" % (i % 10) for i in range(40000))
        answer = self.post(call_body("echo", b"<array><data>" + values + b"</data></array>"))
        self.assertNotIn(b"<fault>", answer[:300])
        self.assertEqual(answer.count(b"<i4>"), 40000)

    def test_dates_that_do_not_exist_are_refused_naming_the_field(self):
        for text, words in [("20230231T10:00:00", ["day 31", "February 2023"]),
                            ("20230229T10:00:00", ["day 29", "February 2023"]),
                            ("20240101T24:00:00", ["hour", "24"]),
                            ("20240101T23:59:60", ["second", "60"]),
                            ("20241301T00:00:00", ["month", "13"])]:
            with self.subTest(date=text):
                answer = self.post(call_body("echo", b"<dateTime.iso8601>" + text.encode() + b"</dateTime.iso8601>"))
                self.assertFault(answer, -32700, *words)
        answer = self.post(call_body("echo", b"<dateTime.iso8601>20240229T23:59:59</dateTime.iso8601>"))
        self.assertIn(b"<dateTime.iso8601>20240229T23:59:59</dateTime.iso8601>", answer)

    def test_base64_outside_its_alphabet_is_refused_and_lines_are_read(self):
        for text in (b"QUJD!", b"QU*JD", b"QQ==QQ==", b"QUJD\x01"):
            with self.subTest(text=text):
                self.assertFault(self.post(call_body("echo", b"<base64>" + text + b"</base64>")), -32700, "base64")
        answer = self.post(call_body("echo", b"<base64>\r\nQU JD\nREVG\r\n</base64>"))
        self.assertIn(b"QUJDREVG", answer)

    # ---- hostbridge-call -------------------------------------------------------------------
    def run_call(self, *args, stdin=None):
        command = [os.path.join(BIN, "hostbridge-call"), *self.host.call_target(), "--token", self.host.token]
        return subprocess.run(command + list(args), input=stdin, capture_output=True, text=True,
                              timeout=CALL_TIMEOUT_S)

    def test_call_refuses_what_it_cannot_send_as_written(self):
        deep = "[" * 14000 + "]" * 14000
        for args, words in [((deep,), "nests deeper than 256"),
                            (("123456789012345678901234",), "does not fit in 64 bits"),
                            (("9223372036854775808",), "does not fit in 64 bits"),
                            (("1e400",), "beyond the range of a double"),
                            (('{"$dateTime": "2023-02-29T00:00:00Z"}',), "day 29 does not exist in February 2023"),
                            (('{"$dateTime": "2024-01-01T23:59:60Z"}',), "second 60")]:
            with self.subTest(arg=args[0][:40]):
                done = self.run_call("echo", *args)
                self.assertEqual(done.returncode, 2, "exit %d: %s" % (done.returncode, done.stderr[-500:]))
                self.assertIn(words, done.stderr)
        done = self.run_call("echo", "[" * 200 + "1" + "]" * 200)
        self.assertEqual(done.returncode, 1, done.stderr[-300:])  # sent; the host reads at most 64 levels
        self.assertIn("-32700", done.stderr)

    def test_call_repl_survives_a_deep_value(self):
        deep = "[" * 14000 + "]" * 14000
        done = self.run_call("--repl", stdin="echo %s\necho 7\n" % deep)
        self.assertGreaterEqual(done.returncode, 0, "killed by signal %d" % -done.returncode)
        self.assertIn("nests deeper than 256", done.stderr)
        self.assertIn("7", done.stdout)


if __name__ == "__main__":
    hostbridge_process.main_with_bin(lambda b: globals().update(BIN=b))
