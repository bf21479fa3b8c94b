#!/usr/bin/env python3
"""A stdlib SimpleXMLRPCServer for interop tests: a peer we did not write.

Binds 127.0.0.1 on a port the system picks, prints "Port:NNNN" and flushes, then serves until
its standard input closes (the test ended, or died) or it is killed. Its HTTP/1.0-style
handler closes the connection after every response.
"""

import sys
import threading
import time
import xmlrpc.client
from socketserver import ThreadingMixIn
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

MAX_SLEEP_S = 10  # a test can never make it sleep longer than this


class Server(ThreadingMixIn, SimpleXMLRPCServer):
    # One thread per request, so a sleeping call does not hold up the next one.
    daemon_threads = True


class QuietHandler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/", "/RPC2")

    def log_message(self, format, *args):  # keep the test output readable
        pass


def echo(value):
    return value


def add(a, b):
    return a + b


def fault():
    raise xmlrpc.client.Fault(7, "nope")


def value_error():
    raise ValueError("bad value from python")


def sleep(seconds):
    time.sleep(min(float(seconds), MAX_SLEEP_S))
    return seconds


def main():
    server = Server(("127.0.0.1", 0), requestHandler=QuietHandler, allow_none=True,
                    use_builtin_types=True, logRequests=False)
    server.register_introspection_functions()
    server.register_multicall_functions()
    for function in (echo, add, fault, value_error, sleep):
        server.register_function(function)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    print("Port:%d" % server.server_address[1], flush=True)
    # Serve until the parent closes our stdin (or dies, which closes it too).
    while sys.stdin.read(4096):
        pass
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
