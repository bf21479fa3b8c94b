#!/usr/bin/env python3
"""hostbridge-ui's look end to end: the real binary offscreen, its window read back from the
--screenshot PNG. Dark by default, light with --theme light, and switched by a host's show()
setting Theme; a wrong theme is refused (exit 2 on the command line, InvalidParams over the wire).

    test_ui_look.py --bin BUILD/bin [unittest options]

Standard library only (the PNG is decoded here); every wait is bounded and every UI killed in
tearDown.
"""

import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import unittest
import xmlrpc.client
import zlib

import hostbridge_process
from hostbridge_process import ServerProcess

BIN = None
FILE_TIMEOUT_S = 10
INVALID_PARAMS = -32602


def png_pixels(path):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB or RGBA PNG, as Qt writes them."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "an 8-bit RGB(A) PNG"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 0xFF
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def mean_lightness(path):
    """The window's mean lightness, 0 (black) to 1 (white), from every fourth pixel."""
    _, _, rows = png_pixels(path)
    values = [sum(pixel) / 765 for row in rows[::4] for pixel in row[::4]]
    return sum(values) / len(values)


class UiLookTest(unittest.TestCase):
    def setUp(self):
        self.processes = []
        self.tmp = tempfile.mkdtemp(prefix="hostbridge-ui-look-")
        self.runtime = os.path.join(self.tmp, "runtime")
        os.mkdir(self.runtime, 0o700)

    def tearDown(self):
        for p in self.processes:
            p.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start(self, *args):
        env = {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        ui = ServerProcess([os.path.join(BIN, "hostbridge-ui"), "--port", "0", *args], self.runtime,
                           connection_file="ui-{port}.json", env=env, start_timeout=20)
        self.processes.append(ui)
        return ui

    def wait_for_file(self, path, previous_mtime=None):
        def written():
            return os.path.exists(path) and os.path.getsize(path) > 0 and (
                previous_mtime is None or os.path.getmtime(path) != previous_mtime)
        self.assertTrue(hostbridge_process.wait_for(written, FILE_TIMEOUT_S), f"{path} was not written in time")

    def test_dark_by_default_then_light_by_show(self):
        shot = os.path.join(self.tmp, "default.png")
        ui = self.start("--show", "--screenshot", shot)
        self.wait_for_file(shot)
        self.assertLess(mean_lightness(shot), 0.3)
        # A port nothing serves: the show applies its settings (and the reset then fails in words).
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            gone = s.getsockname()[1]
        before = os.path.getmtime(shot)
        time.sleep(0.05)  # a new mtime, also on coarse clocks
        self.assertIs(ui.proxy().show(gone, {"Theme": "light"}), True)
        self.wait_for_file(shot, before)
        self.assertGreater(mean_lightness(shot), 0.7)
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            ui.proxy().show(gone, {"Theme": "pink"})
        self.assertEqual(refused.exception.faultCode, INVALID_PARAMS)
        self.assertIn("Theme", refused.exception.faultString)
        self.assertNotIn(".qml:", ui.stderr_text())  # no QML warning on the way

    def test_light_by_flag(self):
        shot = os.path.join(self.tmp, "light.png")
        self.start("--theme", "light", "--show", "--screenshot", shot)
        self.wait_for_file(shot)
        self.assertGreater(mean_lightness(shot), 0.7)

    def test_a_wrong_theme_is_refused(self):
        result = subprocess.run([os.path.join(BIN, "hostbridge-ui"), "--theme", "pink"], capture_output=True,
                                text=True, timeout=15)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--theme takes dark or light", result.stderr)


def set_bin(path):
    global BIN
    BIN = path


if __name__ == "__main__":
    hostbridge_process.main_with_bin(set_bin)
