#!/usr/bin/env python3
"""The installed HostBridge, used as a DCC plug-in's build uses it.

    test_package.py --build BUILD_DIR --work WORK_DIR [--sanitize LIST] [unittest options]

Installs BUILD_DIR into WORK_DIR/prefix (cmake --install), then against that tree only:
configures (with Qt made unfindable), builds and runs tests/package/consumer (find_package,
hostbridge::shared) and examples/minimal_host (find_package COMPONENTS host_rpc; started,
called, stopped), and
compiles the consumer with the flags of `pkg-config --cflags --libs hostbridge`. Standard
library only; every subprocess has a timeout.
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import unittest
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.normpath(os.path.join(HERE, "..", ".."))
import hostbridge_process  # noqa: E402  (tests/support, on PYTHONPATH)

STEP_TIMEOUT_S = 120  # one configure, build or install step; they take seconds

BUILD_DIR = None
WORK_DIR = None
PREFIX = None
SANITIZE_FLAGS = []  # a sanitized build's libraries need the same -fsanitize in whatever links them


def run(*argv, env=None):
    """Runs one step; its stdout. Fails the test with the step's output when it fails."""
    result = subprocess.run(list(argv), capture_output=True, text=True, timeout=STEP_TIMEOUT_S,
                            env=dict(os.environ, **(env or {})))
    if result.returncode != 0:
        raise AssertionError("step failed (%d): %s\n%s\n%s" % (result.returncode, " ".join(argv),
                                                               result.stdout, result.stderr))
    return result.stdout


def cmake_project(source, name):
    """Configures and builds `source` against the installed prefix only, with Qt made
    unfindable (a DCC plug-in must not need it); its build folder."""
    build = os.path.join(WORK_DIR, name)
    run("cmake", "-S", source, "-B", build, "-DCMAKE_PREFIX_PATH=" + PREFIX,
        "-DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON", "-DCMAKE_DISABLE_FIND_PACKAGE_Qt5=ON",
        "-DCMAKE_CXX_FLAGS=" + " ".join(SANITIZE_FLAGS))
    run("cmake", "--build", build)
    return build


def setUpModule():
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    run("cmake", "--install", BUILD_DIR, "--prefix", PREFIX)


class InstalledTreeTest(unittest.TestCase):
    def test_headers_libraries_executables_and_configs_are_installed(self):
        for path in ("include/hostbridge/server.hpp", "include/hostbridge/host_rpc/host.hpp",
                     "bin/hostbridge-call", "bin/hostbridge-demo-host"):
            self.assertTrue(os.path.isfile(os.path.join(PREFIX, path)), path)
        if os.path.exists(os.path.join(BUILD_DIR, "bin", "hostbridge-ui")):
            self.assertTrue(os.access(os.path.join(PREFIX, "bin", "hostbridge-ui"), os.X_OK))
        for pattern in ("lib*/libhostbridge_shared.*", "lib*/libhostbridge_host_rpc.*",
                        "lib*/cmake/HostBridge/HostBridgeConfig.cmake", "lib*/pkgconfig/hostbridge.pc"):
            self.assertTrue(glob.glob(os.path.join(PREFIX, pattern)), pattern)

    def test_the_package_names_no_qt(self):
        for path in glob.glob(os.path.join(PREFIX, "lib*", "cmake", "HostBridge", "*.cmake")):
            with open(path, encoding="utf-8") as f:
                self.assertNotRegex(f.read(), r"Qt\d?::|find_dependency\(Qt", path)

    def test_cmake_consumer_of_shared(self):
        build = cmake_project(os.path.join(HERE, "consumer"), "consumer")
        self.assertIn("sum=5", run(os.path.join(build, "consumer")))

    def test_minimal_host_out_of_tree(self):
        build = cmake_project(os.path.join(SOURCE_DIR, "examples", "minimal_host"), "minimal_host")
        runtime = os.path.join(WORK_DIR, "runtime")
        host = hostbridge_process.ServerProcess([os.path.join(build, "hostbridge-minimal-host")], runtime)
        try:
            with host.proxy() as proxy:
                self.assertEqual(proxy.greet("Ada"), "hello, Ada")
                self.assertEqual(proxy.counter.add(5), 5)
                self.assertEqual(proxy.counter.add(-2), 3)
                self.assertIn("counter.add", proxy.system.listMethods())
            self.assertEqual(host.terminate(), 0)
            self.assertFalse(os.path.exists(host.file), "the connection file outlived the host")
        finally:
            host.kill()

    def test_pkg_config_consumer(self):
        pcdir = os.path.dirname(glob.glob(os.path.join(PREFIX, "lib*", "pkgconfig", "hostbridge.pc"))[0])
        env = {"PKG_CONFIG_PATH": pcdir}
        version = run("pkg-config", "--modversion", "hostbridge", env=env).strip()
        self.assertRegex(version, r"^\d+\.\d+\.\d+$")
        flags = run("pkg-config", "--cflags", "--libs", "hostbridge", env=env).split()
        self.assertIn("-I" + os.path.realpath(os.path.join(PREFIX, "include")),
                      [f[:2] + os.path.realpath(f[2:]) if f.startswith("-I") else f for f in flags])
        program = os.path.join(WORK_DIR, "pkg-config-consumer")
        run("c++", "-std=c++17", *SANITIZE_FLAGS, os.path.join(HERE, "consumer", "main.cpp"), "-o", program, *flags)
        self.assertIn("sum=5", run(program))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--sanitize", default="", help="the build's HOSTBRIDGE_SANITIZE, if any")
    args, rest = parser.parse_known_args()
    BUILD_DIR, WORK_DIR = os.path.abspath(args.build), os.path.abspath(args.work)
    SANITIZE_FLAGS = ["-fsanitize=" + args.sanitize] if args.sanitize else []
    PREFIX = os.path.join(WORK_DIR, "prefix")
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
