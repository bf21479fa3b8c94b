"""The shape of the tree that docs/architecture.md promises, checked on every run.

- No source file outside tests/ is over 500 lines (split by concept instead).
- The installed headers name none of the library's internals.
- Tests reach tests/support through CMake and CTest, never by relative paths of their own.
- The C++ sources are in the repository's .clang-format style (when clang-format-14 is there).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MAX_LINES = 500
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".qml", ".py")
INSTALLED_HEADERS = ("shared/include", "host_rpc/include")
# Internals the architecture issue moved out of the installed headers, and the bind variants it
# replaced with one Host::bind.
INTERNAL_NAMES = ("MainThreadQueue", "UiPusher", "UiEndpoint", "uiLinkSource",
                  "bindHandler", "bindOnMainThread", "bindAt", "methodsAt", "UiSlot")


def tracked_files():
    listed = subprocess.run(["git", "-C", ROOT, "ls-files", "-z"], capture_output=True, check=False)
    if listed.returncode == 0 and listed.stdout:
        return [p for p in listed.stdout.decode().split("\0") if p]
    # Not a git checkout (an exported tree): walk it, leaving build trees out.
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith((".", "build"))]
        found += [os.path.relpath(os.path.join(folder, f), ROOT) for f in files]
    return found


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
        return f.read()


class TreeRules(unittest.TestCase):
    files = tracked_files()

    def test_no_source_file_outside_tests_is_over_500_lines(self):
        long = []
        for path in self.files:
            if path.startswith("tests/") or not path.endswith(SOURCE_SUFFIXES):
                continue
            count = read(path).count("\n")
            if count > MAX_LINES:
                long.append("%s: %d lines" % (path, count))
        self.assertEqual(long, [], "split these by concept (docs/architecture.md)")

    def test_installed_headers_name_no_internal_type(self):
        pattern = re.compile(r"\b(%s)\b" % "|".join(INTERNAL_NAMES))
        hits = []
        for path in self.files:
            if path.startswith(INSTALLED_HEADERS) and path.endswith(".hpp"):
                for number, line in enumerate(read(path).splitlines(), 1):
                    if pattern.search(line):
                        hits.append("%s:%d: %s" % (path, number, line.strip()))
        self.assertEqual(hits, [])

    def test_tests_reach_their_support_through_the_build(self):
        hits = []
        for path in self.files:
            if not path.startswith("tests/") or path.startswith("tests/architecture/"):
                continue
            text = read(path)
            if path.endswith((".cpp", ".hpp")) and '#include "../support' in text:
                hits.append(path + ": #include \"../support/...\" (link hostbridge_test_support)")
            if path.endswith(".py") and re.search(r"sys\.path\.insert\(.*support", text):
                hits.append(path + ": sys.path.insert of tests/support (CTest's PYTHONPATH has it)")
        self.assertEqual(hits, [])

    def test_cpp_sources_follow_clang_format(self):
        tool = shutil.which("clang-format-14") or shutil.which("clang-format")
        if not tool:
            self.skipTest("clang-format-14 is not installed (scripts/install-deps.sh installs it)")
        sources = [p for p in self.files if p.endswith((".cpp", ".hpp", ".h")) and "/corpus/" not in p]
        result = subprocess.run([tool, "--dry-run", "--Werror", "--style=file"] + sources, cwd=ROOT,
                                capture_output=True, text=True, check=False)
        unformatted = sorted({line.split(":")[0] for line in result.stderr.splitlines() if ": error:" in line})
        self.assertEqual(unformatted, [], "run: %s -i <files>" % os.path.basename(tool))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", help="unused: every test script takes it")
    args, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
