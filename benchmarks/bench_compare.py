#!/usr/bin/env python3
"""Benchmark: `capacity compare` over many region files (issue 24: linear in regions).

    python benchmarks/bench_compare.py [--files 100 1000] [--per-file 50] [--runs 3] [--capacity PATH] [--json]

Synthetic region files (benchmarks/bench_scale.py's generator, --per-file targets each) against the
bundled national file; `capacity compare --format json -t F1 -t F2 …` as fresh processes, cold (capacity's
cache folder emptied first), warm (the dataset entry read back and evaluated: the stored outputs of
capacity/replay.py deleted first) and replayed (the same command again: its stored output), interleaved per
round; medians; the growth from the smallest to the largest number of files, and a check that all three
print the same bytes. XDG_CACHE_HOME is a temporary folder. Goals: 1,000 files × 50 targets warm ≤ 1.5 s;
100 → 1,000 files ≤ 11x (both shown for the evaluated and the replayed run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARM_GOAL, GROWTH_GOAL = 1.5, 11.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--per-file", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--capacity")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_scale import capacity_command, generate  # noqa: PLC0415

    cap = capacity_command(args.capacity)
    tmp = Path(tempfile.mkdtemp(prefix="capacity-bench-compare-"))
    env = {k: v for k, v in os.environ.items() if k != "CAPACITY_CACHE"}
    env["XDG_CACHE_HOME"] = str(tmp / "xdg")
    rows = []
    try:
        for n in args.files:
            folder = tmp / f"f{n}"
            folder.mkdir()
            files = generate(folder, n * args.per_file, args.per_file)
            cmd = cap + ["compare", "--format", "json"] + [a for f in files for a in ("-t", f)]
            cold, warm, replayed, outs = [], [], [], set()
            for _ in range(args.runs):
                for kind, into in (("cold", cold), ("warm", warm), ("replayed", replayed)):
                    if kind == "cold":
                        shutil.rmtree(tmp / "xdg" / "capacity", ignore_errors=True)
                    elif kind == "warm":
                        for p in (tmp / "xdg" / "capacity").glob("replay-*.json"):
                            p.unlink()
                    t0 = time.perf_counter()
                    proc = subprocess.run(cmd, capture_output=True, env=env)
                    into.append(time.perf_counter() - t0)
                    if proc.returncode != 0:
                        raise SystemExit(proc.stderr.decode()[-800:])
                    outs.add(hash(proc.stdout))
            rows.append({"files": n, "targets": n * args.per_file, "cold_s": statistics.median(cold),
                         "warm_s": statistics.median(warm), "replayed_s": statistics.median(replayed),
                         "cold_equals_warm": len(outs) == 1})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result = {"runs": args.runs, "rows": rows,
              "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None}
    if len(rows) >= 2:
        result["growth_warm"] = rows[-1]["warm_s"] / rows[0]["warm_s"]
        result["growth_cold"] = rows[-1]["cold_s"] / rows[0]["cold_s"]
        result["growth_replayed"] = rows[-1]["replayed_s"] / rows[0]["replayed_s"]
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"compare: {args.per_file} targets per region file, medians of {args.runs} fresh processes")
    def met(x: float) -> str:
        return "met" if x <= WARM_GOAL else "MISSED"

    for r in rows:
        goal = (f"  (goal <= {WARM_GOAL}s: warm {met(r['warm_s'])}, replayed {met(r['replayed_s'])})"
                if r["files"] == 1000 else "")
        print(f"  {r['files']:>5} files: cold {r['cold_s']:.2f}s, warm (evaluated) {r['warm_s']:.2f}s, replayed "
              f"{r['replayed_s']:.2f}s, same bytes: {'yes' if r['cold_equals_warm'] else 'NO'}{goal}")
    if "growth_warm" in result:
        print(f"  growth {rows[0]['files']} -> {rows[-1]['files']} files: warm {result['growth_warm']:.1f}x, replayed "
              f"{result['growth_replayed']:.1f}x, cold {result['growth_cold']:.1f}x (goal <= {GROWTH_GOAL:.0f}x)")
    if result["load_average"]:
        print("  load average (1/5/15 min) at the end: " + " ".join(f"{x:.2f}" for x in result["load_average"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
