#!/usr/bin/env python3
"""Merges the benchmark pieces' JSON files into one table and one JSON document.

    bench_table.py --out build/bench.json PIECE=FILE [PIECE=FILE ...]

Each FILE holds {"rows": [...], "measurements": {...}} (bench_rows.py documents a row); a
missing FILE is a piece that could not run and shows as such. Prints the table (Markdown, so it
can go into docs/performance.md as it is) and writes everything, with the commit and the time,
to --out, for comparing two commits. Exit status: 0 every target met, 1 a target missed or a
piece missing.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys


def figure_text(value, unit):
    if value is None:
        return "-"
    if unit in ("calls/s", "calls", "KiB", "MiB", "bytes") or abs(value) >= 1000:
        text = "{:,.0f}".format(value)
    elif abs(value) >= 100:
        text = "%.0f" % value
    elif abs(value) >= 10:
        text = "%.1f" % value
    else:
        text = "%.2f" % value
    return "%s %s" % (text, unit)


def commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=os.path.dirname(os.path.abspath(__file__)), timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("pieces", nargs="+", metavar="PIECE=FILE")
    args = parser.parse_args()

    document = {"commit": commit(), "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "pieces": {}}
    table = [("id", "what", "figure", "baseline", "ratio", "target", "")]
    complete = True
    for piece in args.pieces:
        name, _, path = piece.partition("=")
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as error:
            complete = False
            document["pieces"][name] = None
            table.append(("-", "%s: did not run (%s)" % (name, error.__class__.__name__), "-", "-", "-", "-", "MISSING"))
            continue
        document["pieces"][name] = data
        for row in data["rows"]:
            baseline = "-" if row.get("baseline") is None else "%s %s" % (
                row.get("baseline_name", ""), figure_text(row["baseline"], row["unit"]))
            ratio = "-" if row.get("ratio") is None else "%.2f" % row["ratio"]
            verdict = {True: "pass", False: "MISS", None: ""}[row.get("pass")]
            table.append((row["id"], row["what"], figure_text(row["figure"], row["unit"]), baseline, ratio,
                          row.get("target") or "-", verdict))

    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for n, line in enumerate(table):
        print("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")

    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
        out.write("\n")
    print("\nwrote %s" % args.out)
    missed = any(row.get("pass") is False for data in document["pieces"].values() if data for row in data["rows"])
    return 0 if complete and not missed else 1


if __name__ == "__main__":
    sys.exit(main())
