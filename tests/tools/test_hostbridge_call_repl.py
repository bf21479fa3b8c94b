#!/usr/bin/env python3
"""hostbridge-call --repl, fed through a pipe as a script feeds it, against a real
hostbridge-hello-host (add, echo, sleep, fail).

    test_hostbridge_call_repl.py --bin BUILD/bin [unittest options]

Standard library only; every subprocess has a timeout and the host is killed in tearDown.
"""

import json
import os
import subprocess
import tempfile
import unittest

import hostbridge_process

REPL_TIMEOUT_S = 30  # a whole session of a few calls takes milliseconds
BIN_DIR = None
RUNTIME_DIR = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or tempfile.mkdtemp(prefix="hostbridge-repl-")


class ReplTest(unittest.TestCase):
    def setUp(self):
        self.host = hostbridge_process.ServerProcess(
            [os.path.join(BIN_DIR, "hostbridge-hello-host"), "--port", "0"], RUNTIME_DIR)

    def tearDown(self):
        self.host.kill()

    def repl(self, lines, *options):
        env = dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=RUNTIME_DIR)
        env.pop("HOSTBRIDGE_TOKEN", None)
        result = subprocess.run([os.path.join(BIN_DIR, "hostbridge-call"), *options, "--repl"],
                                input="\n".join(lines) + "\n", capture_output=True, text=True,
                                timeout=REPL_TIMEOUT_S, env=env)
        self.assertNotIn(self.host.token, result.stdout + result.stderr, "the token was printed")
        return result

    def results(self, stdout):
        """The JSON values printed on stdout, in order."""
        decoder, values, text = json.JSONDecoder(), [], stdout.strip()
        while text:
            value, end = decoder.raw_decode(text)
            values.append(value)
            text = text[end:].strip()
        return values

    def test_calls_with_json_arguments_on_one_connection(self):
        result = self.repl([
            "# a comment, then a blank line",
            "",
            "add 2 3",
            'echo {"shot": "sh010", "frames": [1001, 1096]}',
            "echo 'two words'",
            'echo "quoted"',
            "echo [1, null, true]",
        ])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.results(result.stdout),
                         [5, {"shot": "sh010", "frames": [1001, 1096]}, "two words", "quoted", [1, None, True]])
        self.assertEqual(result.stderr, "")  # no prompt, no banner when stdin is a pipe

    def test_faults_and_mistakes_are_reported_and_the_console_goes_on(self):
        result = self.repl(["fail 7 boom", "nosuch 1", "echo {unclosed", 'echo {"a": }', "add 1 1"])
        self.assertEqual(self.results(result.stdout), [2])
        self.assertIn("fault 7: boom", result.stderr)
        self.assertIn("fault -32601", result.stderr)  # MethodNotFound for an unknown name
        self.assertIn("not closed", result.stderr)
        self.assertIn("looks like JSON but is not", result.stderr)
        self.assertEqual(result.returncode, 2, result.stderr)  # the last failure: a usage mistake

    def test_prefix_completion_help_and_quit(self):
        result = self.repl(["ad 40 2", "s", "help", "help ec", "quit", "add 1 1"])
        self.assertEqual(result.returncode, 2, result.stderr)  # "s" was ambiguous
        self.assertIn("(add)", result.stderr)                  # "ad" completed to add
        self.assertIn("ambiguous: sleep system.listMethods system.methodHelp", result.stderr)
        out = result.stdout
        self.assertTrue(out.startswith("42\n"), out)
        self.assertRegex(out, r"\nfail\(int, string\) -> nil +fail\(code, message\)")  # help: the listing
        self.assertIn("\necho(any) -> any\n  echo(x): returns x unchanged", out)      # help ec
        self.assertNotIn("\n2\n", "\n" + out)                                         # nothing after quit ran

    def test_wrong_token_is_a_transport_error(self):
        result = self.repl(["add 1 2"], "--port", str(self.host.port), "--token", "0" * 64)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("HTTP 401", result.stderr)

    def test_repl_takes_no_method(self):
        result = subprocess.run([os.path.join(BIN_DIR, "hostbridge-call"), "--repl", "add"],
                                capture_output=True, text=True, timeout=REPL_TIMEOUT_S)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--repl takes no METHOD", result.stderr)


def set_bin(path):
    global BIN_DIR
    BIN_DIR = path


if __name__ == "__main__":
    hostbridge_process.main_with_bin(set_bin)
