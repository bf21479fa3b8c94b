#!/usr/bin/env python3
"""HostBridge as a DCC plug-in's build uses it: installed, built as a subproject, and as shared
libraries.

    test_package.py --build BUILD_DIR --work WORK_DIR [--sanitize LIST] [TestClass ...]

InstalledTreeTest: installs BUILD_DIR into WORK_DIR/prefix (cmake --install), then against that
tree only: configures (with Qt made unfindable), builds and runs the consumers (find_package:
tests/package/consumer on hostbridge::shared, tests/host_rpc/consumer on hostbridge::host_rpc),
starts and calls examples/minimal_host, compiles a consumer with the flags of
`pkg-config --cflags --libs hostbridge`, and imports the installed Python package (when built)
with nothing but PYTHONPATH.
SubprojectTest: a plug-in project that add_subdirectory()s the HostBridge sources
(tests/package/subproject) configures without looking for Qt, GTest or Python, and builds and
runs the host_rpc consumer.
SharedLibraryTest: builds the sources with -DBUILD_SHARED_LIBS=ON (the libraries and
hostbridge-call only), installs them into WORK_DIR/shared-prefix and checks the sonames, the
exported symbols (SharedLibraryTest.test_only_the_hostbridge_api_is_exported says the rule), an
installed tool running without LD_LIBRARY_PATH, and the same consumers with find_package and
pkg-config.

Each class is one CTest test (tests/package/CMakeLists.txt). Standard library only; every
subprocess has a timeout. The builds of the sources use the compiler and compiler launcher
(ccache) of BUILD_DIR, and no build type, which compiles fastest.
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import unittest

import hostbridge_process

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.normpath(os.path.join(HERE, "..", ".."))
CONSUMERS = {  # name: (source folder, what it prints)
    "consumer": (os.path.join(HERE, "consumer"), "sum=5"),
    "host_rpc_consumer": (os.path.join(SOURCE_DIR, "tests", "host_rpc", "consumer"), "sum=5"),
}

STEP_TIMEOUT_S = 120  # one configure, install or consumer build step; they take seconds
LIBRARY_BUILD_TIMEOUT_S = 400  # the libraries from their sources, on a busy 2-core machine

BUILD_DIR = None
WORK_DIR = None
SANITIZE_FLAGS = []  # a sanitized build's libraries need the same -fsanitize in whatever links them


def run(*argv, env=None, timeout=STEP_TIMEOUT_S):
    """Runs one step; its stdout. Fails the test with the step's output when it fails."""
    result = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout,
                            env=env if env is not None else os.environ)
    if result.returncode != 0:
        raise AssertionError("step failed (%d): %s\n%s\n%s" % (result.returncode, " ".join(argv),
                                                               result.stdout, result.stderr))
    return result.stdout


def build_cache(name):
    """The value of `name` in BUILD_DIR's CMakeCache.txt, or ""."""
    with open(os.path.join(BUILD_DIR, "CMakeCache.txt"), encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            if key.split(":")[0] == name:
                return value
    return ""


def configure_sources(source, build, *options):
    """Configures a project that builds HostBridge from its sources, with BUILD_DIR's compiler,
    launcher and sanitizers; then builds it."""
    run("cmake", "-S", source, "-B", build, "-DCMAKE_CXX_COMPILER=" + build_cache("CMAKE_CXX_COMPILER"),
        "-DCMAKE_CXX_COMPILER_LAUNCHER=" + build_cache("CMAKE_CXX_COMPILER_LAUNCHER"),
        "-DHOSTBRIDGE_SANITIZE=" + build_cache("HOSTBRIDGE_SANITIZE"), *options)
    run("cmake", "--build", build, "--parallel", "2", timeout=LIBRARY_BUILD_TIMEOUT_S)


def cmake_project(source, name, prefix):
    """Configures and builds `source` against the installed `prefix` only, with Qt made
    unfindable (a DCC plug-in must not need it); its build folder."""
    build = os.path.join(WORK_DIR, name)
    run("cmake", "-S", source, "-B", build, "-DCMAKE_PREFIX_PATH=" + prefix,
        "-DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON", "-DCMAKE_DISABLE_FIND_PACKAGE_Qt5=ON",
        "-DCMAKE_CXX_FLAGS=" + " ".join(SANITIZE_FLAGS))
    run("cmake", "--build", build)
    return build


def without_library_path():
    """This environment without LD_LIBRARY_PATH: what an artist's shell has."""
    return {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}


class ConsumersTest:
    """The consumers of an installed prefix (self.prefix), with CMake and with pkg-config."""

    prefix = None

    def test_cmake_consumers(self):
        for name, (source, output) in CONSUMERS.items():
            with self.subTest(name):
                build = cmake_project(source, os.path.basename(self.prefix) + "-" + name, self.prefix)
                self.assertIn(output, run(os.path.join(build, "consumer"), env=without_library_path()))

    def test_pkg_config_consumer(self):
        pcdir = os.path.dirname(glob.glob(os.path.join(self.prefix, "lib*", "pkgconfig", "hostbridge.pc"))[0])
        env = dict(os.environ, PKG_CONFIG_PATH=pcdir)
        version = run("pkg-config", "--modversion", "hostbridge", env=env).strip()
        self.assertRegex(version, r"^\d+\.\d+\.\d+$")
        flags = run("pkg-config", "--cflags", "--libs", "hostbridge", env=env).split()
        self.assertIn("-I" + os.path.realpath(os.path.join(self.prefix, "include")),
                      [f[:2] + os.path.realpath(f[2:]) if f.startswith("-I") else f for f in flags])
        # Nothing of the build machine: no library named by its path, and -I/-L only into the
        # prefix (xmlrpc-c is in the compiler's own folders here, so it needs no -L).
        prefix = os.path.realpath(self.prefix)
        for flag in flags:
            self.assertFalse(flag.startswith("/"), flag)
            if flag.startswith(("-I", "-L")):
                self.assertTrue(os.path.realpath(flag[2:]).startswith(prefix + os.sep), flag)
        program = os.path.join(WORK_DIR, os.path.basename(self.prefix) + "-pkg-config-consumer")
        run("c++", "-std=c++17", *SANITIZE_FLAGS, os.path.join(HERE, "consumer", "main.cpp"), "-o", program, *flags)
        # A program linked with pkg-config's flags alone finds shared libraries through the
        # loader's path, as any library outside the system folders.
        libdir = os.path.dirname(glob.glob(os.path.join(self.prefix, "lib*", "libhostbridge_shared.*"))[0])
        self.assertIn("sum=5", run(program, env=dict(without_library_path(), LD_LIBRARY_PATH=libdir)))


class InstalledTreeTest(ConsumersTest, unittest.TestCase):
    """The build tree (static libraries by default) installed, as a plug-in's build sees it."""

    @classmethod
    def setUpClass(cls):
        cls.prefix = os.path.join(WORK_DIR, "prefix")
        shutil.rmtree(cls.prefix, ignore_errors=True)
        run("cmake", "--install", BUILD_DIR, "--prefix", cls.prefix)

    def test_headers_libraries_executables_and_configs_are_installed(self):
        for path in ("include/hostbridge/server.hpp", "include/hostbridge/host_rpc/host.hpp",
                     "bin/hostbridge-call", "bin/hostbridge-demo-host"):
            self.assertTrue(os.path.isfile(os.path.join(self.prefix, path)), path)
        if os.path.exists(os.path.join(BUILD_DIR, "bin", "hostbridge-ui")):
            self.assertTrue(os.access(os.path.join(self.prefix, "bin", "hostbridge-ui"), os.X_OK))
        for pattern in ("lib*/libhostbridge_shared.*", "lib*/libhostbridge_host_rpc.*",
                        "lib*/cmake/HostBridge/HostBridgeConfig.cmake", "lib*/pkgconfig/hostbridge.pc"):
            self.assertTrue(glob.glob(os.path.join(self.prefix, pattern)), pattern)

    def test_the_package_names_no_qt_and_leaves_the_module_path_alone(self):
        for path in glob.glob(os.path.join(self.prefix, "lib*", "cmake", "HostBridge", "*.cmake")):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            self.assertNotRegex(text, r"Qt\d?::|find_dependency\(Qt", path)
            self.assertNotRegex(text, r"(set|list)\(\s*\w*\s*CMAKE_MODULE_PATH", path)

    def test_minimal_host_out_of_tree(self):
        build = cmake_project(os.path.join(SOURCE_DIR, "examples", "minimal_host"), "minimal_host", self.prefix)
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

    def test_python_package_imports_from_the_prefix(self):
        packages = glob.glob(os.path.join(self.prefix, "lib*", "**", "hostbridge", "__init__.py"), recursive=True)
        if not packages:
            self.skipTest("built without the Python package (HOSTBRIDGE_BUILD_PYTHON=OFF)")
        if SANITIZE_FLAGS:
            self.skipTest("a sanitized module needs the sanitizer runtime preloaded into Python")
        script = ("import hostbridge, xmlrpc.client\n"
                  "host = hostbridge.Host(connection_file=False)\n"
                  "host.bind('add', lambda a, b: a + b)\n"
                  "with host:\n"
                  "    proxy = xmlrpc.client.ServerProxy(f'http://any:{host.token}@127.0.0.1:{host.port}/')\n"
                  "    print(hostbridge.__file__, proxy.add(2, 3))\n")
        out = run(sys.executable, "-c", script,
                  env={"PYTHONPATH": os.path.dirname(os.path.dirname(packages[0]))}).split()
        self.assertEqual(out, [packages[0], "5"])


class SubprojectTest(unittest.TestCase):
    """HostBridge's sources inside a plug-in's project (add_subdirectory)."""

    def test_builds_the_libraries_without_qt_gtest_or_python(self):
        build = os.path.join(WORK_DIR, "subproject")
        shutil.rmtree(build, ignore_errors=True)
        configure_sources(os.path.join(HERE, "subproject"), build, "-DHOSTBRIDGE_SOURCE_DIR=" + SOURCE_DIR)
        # A find_package() leaves its <Package>_DIR (or its finder's variables) in the cache:
        # none of the UI's, the tests' or the benchmarks' packages was looked for.
        with open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8") as f:
            cache = f.read()
        for looked_up in (r"^Qt6_DIR", r"^Qt6\w*_DIR", r"^GTest_DIR", r"^GTEST_\w+", r"^Python3_\w+"):
            self.assertNotRegex(cache, re.compile(looked_up, re.M))
        self.assertFalse(os.path.exists(os.path.join(build, "hostbridge", "tests")), "tests were configured")
        self.assertFalse(os.path.exists(os.path.join(build, "hostbridge", "qml_ui")), "the UI was configured")
        self.assertIn("sum=5", run(os.path.join(build, "consumer")))


class SharedLibraryTest(ConsumersTest, unittest.TestCase):
    """-DBUILD_SHARED_LIBS=ON: the libraries and hostbridge-call, installed."""

    @classmethod
    def setUpClass(cls):
        cls.prefix = os.path.join(WORK_DIR, "shared-prefix")
        build = os.path.join(WORK_DIR, "shared-build")
        shutil.rmtree(cls.prefix, ignore_errors=True)
        shutil.rmtree(build, ignore_errors=True)
        configure_sources(SOURCE_DIR, build, "-DBUILD_SHARED_LIBS=ON", "-DHOSTBRIDGE_BUILD_UI=OFF",
                          "-DHOSTBRIDGE_BUILD_EXAMPLES=OFF", "-DHOSTBRIDGE_BUILD_TESTS=OFF",
                          "-DHOSTBRIDGE_BUILD_TOOLS=ON")
        run("cmake", "--install", build, "--prefix", cls.prefix)
        cls.libraries = sorted(glob.glob(os.path.join(cls.prefix, "lib*", "libhostbridge_*.so")))

    def test_libraries_have_versioned_sonames(self):
        self.assertEqual([os.path.basename(p) for p in self.libraries],
                         ["libhostbridge_host_rpc.so", "libhostbridge_shared.so"])
        major, minor = run("pkg-config", "--modversion", "hostbridge",
                           env=dict(os.environ, PKG_CONFIG_PATH=os.path.join(os.path.dirname(self.libraries[0]),
                                                                           "pkgconfig"))).strip().split(".")[:2]
        for library in self.libraries:
            soname = re.search(r"SONAME\s+(\S+)", run("objdump", "-p", library)).group(1)
            self.assertEqual(soname, "%s.%s.%s" % (os.path.basename(library), major, minor))
            self.assertTrue(os.path.exists(os.path.join(os.path.dirname(library), soname)), soname)

    def test_only_the_hostbridge_api_is_exported(self):
        """The rule, for each installed library's dynamic symbols (nm -D --defined-only):
        - nothing of nlohmann::json (a DCC may load another version of it);
        - every strong symbol (T, D, B, R) is hostbridge's: in namespace hostbridge, or the
          vtable, typeinfo, VTT or guard variable of one of its types;
        - hostbridge's `detail` symbols are only DETAIL_EXPORTS: those an inline or template
          function of the public headers calls, so they must stay visible;
        - anything else is a weak or unique (W, V, u) instantiation of a standard library
          template (std::, __gnu_cxx::): libstdc++ gives its namespace default visibility, so
          these stay visible despite -fvisibility=hidden; every copy is the same code and the
          loader merges them, so they cannot clash with the DCC's own."""
        DETAIL_EXPORTS = {"throwArity", "throwResultConversion"}
        hostbridge = re.compile(r"^((typeinfo|typeinfo name|vtable|VTT|guard variable) for )?hostbridge::")
        for library in self.libraries:
            symbols = run("nm", "-D", "--defined-only", "--demangle", library).splitlines()
            self.assertTrue(symbols, library)
            for line in symbols:
                kind, name = line.split(" ", 2)[1:]
                with self.subTest(library=os.path.basename(library), symbol=name[:200]):
                    self.assertNotIn("nlohmann", name)
                    if hostbridge.match(name):
                        detail = re.match(r"hostbridge::(\w+::)*detail::(\w+)", name)
                        if detail:
                            self.assertIn(detail.group(2), DETAIL_EXPORTS)
                    else:
                        self.assertIn(kind, "WVu", "a strong symbol outside hostbridge")
                        self.assertRegex(name, r"\b(std|__gnu_cxx)::", "a weak symbol outside the standard library")

    def test_an_installed_tool_runs_without_library_path(self):
        tool = os.path.join(self.prefix, "bin", "hostbridge-call")
        self.assertIn("hostbridge-call", run(tool, "--help", env=without_library_path()))
        self.assertRegex(run("ldd", tool), r"libhostbridge_shared\.so\S* => " + re.escape(self.prefix))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--sanitize", default="", help="the build's HOSTBRIDGE_SANITIZE, if any")
    args, rest = parser.parse_known_args()
    BUILD_DIR, WORK_DIR = os.path.abspath(args.build), os.path.abspath(args.work)
    SANITIZE_FLAGS = ["-fsanitize=" + args.sanitize] if args.sanitize else []
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
