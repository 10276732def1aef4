"""Peak memory of loading a data file, against its size (issue 14: memory within a stated multiple).

    python benchmarks/bench_memory.py [--targets 1000 5000 20000] [--json]

For each size: an ordinary targets file (bench_scale's generator, one region) and the densest file
the item cap admits (one flow list of one-letter strings), each run through ``capacity validate``
and ``capacity report --format json`` in a fresh process; prints the file size, the peak resident
memory and the peak per MiB of file, with the start-up baseline (``capacity convert 1t t``) alongside.
By hand, not in CI.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import region_file  # noqa: E402

PROBE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
         "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_kib(args: list[str], cwd: Path) -> int:
    out = subprocess.run([sys.executable, "-c", PROBE, sys.executable, "-m", "capacity", *args], cwd=cwd,
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def dense_file(items: int) -> str:
    base = region_file(0, 10)
    return base.replace("    text: 目標0達到\n", "    lead: [" + ",".join(["a"] * items) + "]\n    text: x\n", 1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--targets", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--dense", type=int, default=240_000, help="items in the dense file (cap: 250,000)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    cache = tempfile.mkdtemp(prefix="capacity-bench-cache-")  # never the user's cache folder:
    os.environ["XDG_CACHE_HOME"] = cache  # every child process inherits it
    os.environ.pop("CAPACITY_CACHE", None)
    atexit.register(shutil.rmtree, cache, True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = peak_kib(["convert", "1t", "t"], folder)
        files = []
        for n in args.targets:
            p = folder / f"targets_{n}.yaml"
            p.write_text(region_file(0, n), encoding="utf-8")
            files.append(("ordinary", n, p))
        p = folder / "dense.yaml"
        p.write_text(dense_file(args.dense), encoding="utf-8")
        files.append(("dense flow list", args.dense, p))
        for kind, n, p in files:
            size = p.stat().st_size
            for command in (["validate", p.name], ["report", "--targets", p.name, "--format", "json"]):
                peak = peak_kib(command, folder)
                rows.append({"file": kind, "n": n, "bytes": size, "command": command[0], "peak_mib": peak / 1024,
                             "over_baseline_mib": (peak - baseline) / 1024,
                             "multiple": (peak - baseline) * 1024 / size})
    if args.json:
        print(json.dumps({"baseline_mib": baseline / 1024, "rows": rows}, indent=2))
        return 0
    print(f"baseline (capacity convert): {baseline / 1024:.0f} MiB")
    print(f"{'file':<16} {'n':>8} {'MiB':>7} {'command':<9} {'peak MiB':>9} {'x file':>7}")
    for r in rows:
        print(f"{r['file']:<16} {r['n']:>8} {r['bytes'] / 2**20:>7.2f} {r['command']:<9} {r['peak_mib']:>9.0f} "
              f"{r['multiple']:>7.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
