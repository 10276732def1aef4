#!/usr/bin/env python3
"""Benchmark: a table against the JSON of the same run (issue 24: a table for 10k results ≤ 1.5x the JSON).

    python benchmarks/bench_table.py [--targets 10000] [--runs 5] [--columns 120] [--capacity PATH] [--json]

benchmarks/bench_scale.py's synthetic targets (500 per file); `capacity check` piped to a file, as a table
(`--format table`, COLUMNS=--columns) and as JSON (`--format json`), fresh processes, alternated round by
round, medians. Both warm: the dataset comes from the cache, and the stored outputs of capacity/replay.py
are deleted before each run, so each run evaluates and renders (what the goal is about); the replayed
table and JSON (the same command again) are shown beside them. XDG_CACHE_HOME is a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOAL = 1.5


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--targets", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--columns", type=int, default=120)
    ap.add_argument("--capacity")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_scale import capacity_command, generate  # noqa: PLC0415

    cap = capacity_command(args.capacity)
    with tempfile.TemporaryDirectory(prefix="capacity-bench-table-") as tmp:
        tmp = Path(tmp)
        (tmp / "data").mkdir()
        files = generate(tmp / "data", args.targets, 500)
        env = {k: v for k, v in os.environ.items() if k not in ("CAPACITY_CACHE", "NO_COLOR", "FORCE_COLOR")}
        env.update(XDG_CACHE_HOME=str(tmp / "xdg"), COLUMNS=str(args.columns))
        base = cap + ["check"] + [a for f in files for a in ("-t", f)]
        cmds = {"table": base + ["--format", "table"], "json": base + ["--format", "json"]}
        times: dict[str, list[float]] = {k: [] for k in ("table", "json", "table replayed", "json replayed")}
        sizes: dict[str, int] = {}

        def run(name: str, cmd: list[str]) -> None:
            out = tmp / f"{name}.out"
            with open(out, "wb") as fh:
                t0 = time.perf_counter()
                proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE, env=env)
                times[name].append(time.perf_counter() - t0)
            if proc.returncode not in (0, 1):
                raise SystemExit(proc.stderr.decode()[-800:])
            sizes[name] = out.stat().st_size

        for cmd in cmds.values():  # the dataset entry written (cold), then read back once
            for _ in range(2):
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                for p in (tmp / "xdg" / "capacity").glob("replay-*.json"):
                    p.unlink()
                run(name, cmd)  # evaluated and rendered (and recorded)
                run(f"{name} replayed", cmd)  # the same command again: replayed
    med = {k: statistics.median(v) for k, v in times.items()}
    result = {"targets": args.targets, "runs": args.runs, "columns": args.columns, "median_s": med,
              "bytes": sizes, "table_over_json": med["table"] / med["json"],
              "replayed_table_over_json": med["table replayed"] / med["json replayed"],
              "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"table against JSON: check on {args.targets} targets, piped, {args.columns} columns, medians of "
          f"{args.runs}, alternated")
    for name in ("table", "json", "table replayed", "json replayed"):
        print(f"  {name:<15} {med[name]:>7.2f}s  {sizes[name] / 1e6:>7.1f} MB")
    r = result["table_over_json"]
    print(f"  table / json (evaluated): {r:.2f}x (goal <= {GOAL}x: {'met' if r <= GOAL else 'MISSED'}); replayed: "
          f"{result['replayed_table_over_json']:.2f}x")
    if result["load_average"]:
        print("  load average (1/5/15 min) at the end: " + " ".join(f"{x:.2f}" for x in result["load_average"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
