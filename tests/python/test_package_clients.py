#!/usr/bin/env python3
"""The clients a Python host knows (docs/tools.md, docs/python.md): host.clients() lists what
stdlib xmlrpc.client peers said in hostbridge.hello; reset_client / disconnect_client reach a
peer without a server through its next heartbeat and a peer with one through its own
hostbridge.reset() / hostbridge.disconnect(); unknown ids raise hostbridge.Fault."""
import os
import socketserver
import threading
import unittest
from xmlrpc.server import SimpleXMLRPCServer

import hostbridge
from hostbridge_process import wait_for
from package_support import client, main


class ThreadedServer(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


class PythonHostClients(unittest.TestCase):
    def setUp(self):
        self.host = hostbridge.Host(connection_file=False, client_heartbeat_interval=0.2)
        self.host.start()
        self.addCleanup(self.host.stop)
        self.rpc = client(self.host)

    def test_a_client_that_said_hello_is_listed_and_leaves_with_goodbye(self):
        answer = self.rpc.hostbridge.hello({"name": "script", "pid": os.getpid(), "port": 0})
        self.assertEqual(answer["heartbeatInterval"], 0.2)
        listed = self.host.clients()
        self.assertEqual([(c["id"], c["name"], c["pid"], c["port"], c["state"]) for c in listed],
                         [(answer["id"], "script", os.getpid(), 0, "connected")])
        self.assertEqual(listed, self.rpc.hostbridge.clients())
        self.rpc.hostbridge.goodbye(answer["id"])
        self.assertEqual(self.host.clients(), [])

    def test_commands_reach_a_client_without_a_server_in_its_heartbeat(self):
        client_id = self.rpc.hostbridge.hello({"name": "script", "pid": os.getpid(), "port": 0})["id"]
        self.host.reset_client(client_id)
        self.assertEqual(self.rpc.hostbridge.heartbeat(client_id), {"command": "reset"})
        self.host.disconnect_client(client_id)
        self.assertEqual(self.rpc.hostbridge.heartbeat(client_id), {"command": "disconnect"})

    def test_commands_reach_a_client_with_a_server_through_it(self):
        asked = []
        server = ThreadedServer(("127.0.0.1", 0), logRequests=False)
        server.register_function(lambda: asked.append("reset") or True, "hostbridge.reset")
        server.register_function(lambda: asked.append("disconnect") or True, "hostbridge.disconnect")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        client_id = self.rpc.hostbridge.hello(
            {"name": "tool", "pid": os.getpid(), "port": server.server_address[1]})["id"]
        self.host.reset_client(client_id)
        self.host.disconnect_client(client_id)
        self.assertTrue(wait_for(lambda: asked == ["reset", "disconnect"], 10), asked)

    def test_an_unknown_id_raises_a_fault_with_its_code(self):
        for command in (self.host.reset_client, self.host.disconnect_client):
            with self.assertRaises(hostbridge.Fault) as raised:
                command("nobody")
            self.assertEqual(raised.exception.code, hostbridge.FaultCode.UNKNOWN_CLIENT)
            self.assertIn("nobody", raised.exception.message)


if __name__ == "__main__":
    main()
