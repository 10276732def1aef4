#!/usr/bin/env python3
"""Benchmark: what `capacity check --format json` spends after loading, in exact instruction counts.

    python benchmarks/bench_eval_json.py [--targets 10000] [--per-region 500] [--json]

benchmarks/bench_scale.py's synthetic targets, loaded once (`load_dataset`), then evaluated as `check`
does (`capacity.checks.run_checks`) and written as JSON (`capacity.render.fastjson.dump` into /dev/null).
Each step runs in its own fresh process under valgrind's cachegrind (`--cache-sim=no`): load only, load
and evaluate, load, evaluate and write; the differences are the evaluation's and the JSON's instructions.
Instruction counts are exact and do not depend on what else the machine runs (wall times on a shared
two-core machine do); PYTHONHASHSEED=0 and `setarch -R` (no address randomisation) make them repeatable.
Needs valgrind (and `setarch`, else it runs without it). XDG_CACHE_HOME is a temporary folder and the
cache is off (CAPACITY_CACHE=0).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

STEP = r'''
import glob, sys
import capacity
capacity.PINT_WITHOUT_NUMPY = True  # as the CLI runs
from capacity.load import load_dataset
from capacity.evaluate import Options
from capacity.checks import run_checks
from capacity.render import _json_default
from capacity.render.fastjson import dump
import orjson  # imported in every step: only the work differs
mode, folder = sys.argv[1], sys.argv[2]
ds = load_dataset(sorted(glob.glob(folder + "/*.yaml")), None)
import gc; gc.disable()  # as the CLI runs
if mode in ("evaluate", "json"):
    report, code = run_checks(ds, Options())
if mode == "json":
    with open("/dev/null", "wb") as f:
        dump(report, f.write, default=_json_default)
'''


def instructions(mode: str, folder: str, env: dict) -> int:
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           sys.executable, "-c", STEP, mode, folder]
    if shutil.which("setarch"):
        cmd = ["setarch", platform.machine(), "-R", *cmd]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{mode}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    m = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if m is None:
        raise SystemExit(f"{mode}: no instruction count in valgrind's output\n{proc.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--targets", type=int, default=10_000)
    ap.add_argument("--per-region", type=int, default=500)
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        print("valgrind is not installed: nothing measured", file=sys.stderr)
        return 2
    sys.path.insert(0, str(HERE))
    from bench_scale import generate

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        generate(data, args.targets, args.per_region)
        env = dict(os.environ, PYTHONHASHSEED="0", XDG_CACHE_HOME=str(Path(tmp) / "cache"), CAPACITY_CACHE="0")
        subprocess.run([sys.executable, "-c", STEP, "json", str(data)], env=env, check=True)  # compiled modules
        counts = {mode: instructions(mode, str(data), env) for mode in ("load", "evaluate", "json")}
    out = {"targets": args.targets, "evaluate": counts["evaluate"] - counts["load"],
           "json": counts["json"] - counts["evaluate"]}
    out["evaluate_and_json"] = out["evaluate"] + out["json"]
    if args.json:
        print(json.dumps(out))
    else:
        print(f"{args.targets:,} targets, instructions after loading (cachegrind):")
        for key in ("evaluate", "json", "evaluate_and_json"):
            print(f"  {key:18s} {out[key] / 1e6:10.1f} M")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
