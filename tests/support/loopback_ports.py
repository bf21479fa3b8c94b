"""A loopback port nothing listens on (bound to port 0 and released at once: another process
could take it in between, a small race tests accept)."""

import socket


def unused_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
