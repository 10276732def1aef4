#!/usr/bin/env python3
"""Benchmark: typing a targets file's node tree into records (``capacity.load.targets_from_node``).

    python benchmarks/bench_typing.py [--files 20] [--per-region 500] [--instructions]

benchmarks/bench_scale.py's synthetic files (500 targets each), parsed once (``capacity.yamlio.parse``);
then, with the garbage collector off as the loader runs, the best of five passes over them in ms per file.
With ``--instructions``, exact instruction counts instead (valgrind's cachegrind, ``--cache-sim=no``): two
fresh processes over 4 files, one typing them once (the warm-up: figure memo, messages), one typing them
once and then four more times; the difference over 4 × 4 × 500 is the instructions per target. Wall times
on a shared two-core machine vary by 50%; instruction counts do not. Writes only to a temporary folder.
"""

from __future__ import annotations

import argparse
import gc
import glob
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _nodes(folder: str, files: int) -> list:
    from capacity import yamlio

    paths = sorted(glob.glob(os.path.join(folder, "*.yaml")))[:files]
    return [(yamlio.parse(Path(p).read_text(encoding="utf-8"), p), p) for p in paths]


def wall(folder: str, files: int) -> float:
    from capacity.load import targets_from_node

    nodes = _nodes(folder, files)
    gc.disable()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for node, name in nodes:
            targets_from_node(node, name)
        best = min(best, time.perf_counter() - start)
    return best / len(nodes) * 1000


def _passes(folder: str, files: int, reps: int) -> None:
    from capacity.load import targets_from_node

    nodes = _nodes(folder, files)
    gc.disable()
    for _ in range(1 + reps):
        for node, name in nodes:
            targets_from_node(node, name)


def instructions(folder: str, per_region: int) -> float:
    counts = []
    for reps in (0, 4):
        out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                              sys.executable, __file__, "--folder", folder, "--passes", str(reps)],
                             capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, check=True)
        counts.append(int(re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)[1].replace(",", "")))
    return (counts[1] - counts[0]) / (4 * 4 * per_region)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--per-region", type=int, default=500)
    ap.add_argument("--instructions", action="store_true")
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    ap.add_argument("--passes", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.passes is not None:
        _passes(args.folder, 4, args.passes)
        return
    sys.path.insert(0, str(HERE))
    from bench_scale import generate

    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CACHE_HOME"] = folder  # nothing here uses the cache; never the user's, whatever runs
        count = (4 if args.instructions else args.files) * args.per_region
        generate(Path(folder), count, args.per_region)
        if args.instructions:
            print(f"typing: {instructions(folder, args.per_region):,.0f} instructions per target")
        else:
            print(f"typing: {wall(folder, args.files):.2f} ms per file of {args.per_region} targets "
                  f"(best of 5, gc off)")


if __name__ == "__main__":
    main()
