#!/usr/bin/env python3
"""An interactive Python console connected to a running host.

    console.py [--connection FILE]

In the console:
    host.scene.ls()                 any function of the host (/RPC2)
    pyblish.context()               the publishing service (/pyblish)
    methods()                       what the host offers, with help; methods("/pyblish")
    info                            the connection file's contents

Lines can also come from a pipe: echo 'print(host.scene.ls())' | console.py
Tab completes Python names when the standard library's readline is available.
"""

import argparse
import code
import sys

import hostbridge_connect


def main():
    parser = argparse.ArgumentParser(description="A Python console talking to a running HostBridge host.")
    hostbridge_connect.add_connection_argument(parser)
    args = parser.parse_args()
    info = hostbridge_connect.find_host(args.connection)

    def methods(path="/RPC2"):
        """Prints every method served at `path` with its one-line help."""
        server = hostbridge_connect.proxy(info, path)
        for name in server.system.listMethods():
            print("%-28s %s" % (name, server.system.methodHelp(name)))

    names = {"host": hostbridge_connect.proxy(info), "pyblish": hostbridge_connect.proxy(info, "/pyblish"),
             "methods": methods, "info": info}
    if sys.stdin.isatty():
        try:
            import readline
            import rlcompleter
            readline.set_completer(rlcompleter.Completer(names).complete)
            readline.parse_and_bind("tab: complete")
        except ImportError:  # Python built without readline: no completion, the console still works
            pass
    else:
        sys.ps1 = sys.ps2 = ""  # piped: only the results on stdout
    banner = "HostBridge host pid %d on port %d. Try host.system.listMethods() or methods(); Ctrl-D quits." % (
        info["pid"], info["port"])
    code.InteractiveConsole(names).interact(banner=banner, exitmsg="")
    return 0


if __name__ == "__main__":
    sys.exit(hostbridge_connect.run(main))
