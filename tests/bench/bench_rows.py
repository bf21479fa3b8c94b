"""Rows of the benchmark table, in the shape hostbridge-bench writes, for the Python pieces.

Every piece that run_bench.sh runs writes one JSON file {"rows": [...], "measurements": {...}};
bench_table.py merges them into the one table and build/bench.json. A row compares a figure
with a baseline measured in the same run: ratio = figure / baseline.
"""
import json
import statistics


def row(target_id, what, figure, unit, baseline=None, baseline_name="", target="", passed=None):
    """One line of the table. `passed` is None for a reference line with no target."""
    ratio = figure / baseline if baseline not in (None, 0) else None
    return {"id": target_id, "what": what, "figure": figure, "unit": unit,
            "baseline": baseline, "baseline_name": baseline_name, "ratio": ratio,
            "target": target, "pass": passed}


def median(values):
    return statistics.median(values) if values else float("nan")


def write(path, rows, measurements):
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"rows": rows, "measurements": measurements}, out, indent=2)
        out.write("\n")
