#!/usr/bin/env python3
"""Publishes from a running host without the UI, driving its /pyblish service as the UI does.

    headless_publish.py [--connection FILE] [--validate-only] [--repair]

Reset: stats, reset, context, discover, each collector (re-reading the context after each,
since collectors add instances), context, stats, emit("reset"). Then, in plug-in order, every
plug-in after collection (only the validators with --validate-only): test() before each, which
may stop the run ("failed validation"); a context plug-in runs once, an instance plug-in on
every toggled-on instance whose family matches. emit("validated") / emit("published") at the end.
--repair: when the run stopped, repair what failed (plug-ins that have a repair), then reset
and run once more. Exit status: 0 done, 1 failed or stopped (or a fault), 2 no host found,
3 no connection or an HTTP error (404: the host serves no /pyblish).
"""

import argparse
import sys

import hostbridge_connect

COLLECTION_END = 1    # collectors: [0, 1)
VALIDATION_END = 2    # validators: [1, 2); extractors and integrators follow


def matches(plugin, instance):
    """pyblish's family match: "*", or the instance's family or one of its families."""
    wanted = plugin["families"]
    data = instance["data"]
    return "*" in wanted or data["family"] in wanted or any(f in wanted for f in data.get("families", []))


class Run:
    """One session with the host's publishing service: the UI's side of it, without a window."""

    def __init__(self, pyblish):
        self.pyblish = pyblish
        self.context = None
        self.plugins = []

    def process(self, plugin):
        """Runs one plug-in on the context or on each compatible instance; its results."""
        if not plugin["instanceEnabled"]:
            return [self.pyblish.process(plugin, None, None)]
        return [self.pyblish.process(plugin, instance, None) for instance in self.context["children"]
                if instance["data"]["publish"] and matches(plugin, instance)]

    def reset(self):
        self.pyblish.stats()
        self.pyblish.reset()
        self.context = self.pyblish.context()
        self.plugins = self.pyblish.discover()
        for plugin in self.plugins:
            if plugin["order"] < COLLECTION_END:
                report(self.process(plugin))
                self.context = self.pyblish.context()
        self.context = self.pyblish.context()
        self.pyblish.stats()
        self.pyblish.emit("reset", {})

    def run(self, end):
        """Every active plug-in with COLLECTION_END <= order < end; (failed results, stop message)."""
        failed, orders_with_error = [], []
        for plugin in self.plugins:
            if not COLLECTION_END <= plugin["order"] < end:
                continue
            stop = self.pyblish.test({"nextOrder": plugin["order"], "ordersWithError": orders_with_error})
            if stop:
                return failed, stop
            if not plugin["active"]:
                continue
            for result in report(self.process(plugin)):
                if not result["success"]:
                    failed.append(result)
                    if plugin["order"] not in orders_with_error:
                        orders_with_error.append(plugin["order"])
        return failed, None


def report(results):
    """Prints one line per result; returns them."""
    for r in results:
        where = " on " + r["instance"]["name"] if r.get("instance") else ""
        error = ": " + r["error"]["message"] if r.get("error") else ""
        print("%-5s %s%s%s" % ("ok" if r["success"] else "FAIL", r["plugin"]["name"], where, error))
    return results


def publish_once(run, validate_only):
    """Reset and run; the failed results and the stop message (None when it ran through)."""
    run.reset()
    failed, stop = run.run(VALIDATION_END if validate_only else float("inf"))
    if stop is None and not failed:
        run.pyblish.emit("validated" if validate_only else "published", {})
    return failed, stop


def main():
    parser = argparse.ArgumentParser(description="Publish from a running HostBridge host without the UI.")
    hostbridge_connect.add_connection_argument(parser)
    parser.add_argument("--validate-only", action="store_true", help="run the validators only")
    parser.add_argument("--repair", action="store_true", help="repair what failed, then run once more")
    args = parser.parse_args()
    run = Run(hostbridge_connect.proxy(hostbridge_connect.find_host(args.connection), "/pyblish"))
    failed, stop = publish_once(run, args.validate_only)
    repairable = [r for r in failed if r["plugin"]["hasRepair"]]
    if (failed or stop) and args.repair and repairable:
        for r in repairable:
            fixed = run.pyblish.repair(r["plugin"], r.get("instance"))
            print("%-5s repair %s" % ("ok" if fixed["success"] else "FAIL", r["plugin"]["name"]))
        failed, stop = publish_once(run, args.validate_only)
    if stop or failed:
        print("stopped: %s" % stop if stop else "failed: %d result(s)" % len(failed))
        return 1
    print("validated" if args.validate_only else "published")
    return 0


if __name__ == "__main__":
    sys.exit(hostbridge_connect.run(main))
