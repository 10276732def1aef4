"""Benchmark: start-up, side by side in one run. `capacity --help` beside `python -c "import typer"`;
`capacity check` on the bundled data, cold (cache miss) and warm (cache hit), and `capacity convert 87萬噸 t`
beside `python -c "import pint"`.

    python benchmarks/bench_startup.py [--runs 20] [--capacity PATH] [--json]

Run it with the Python of the environment to measure (a plain, non-editable `pip install .` gives the
honest numbers): the baselines use that interpreter, and `capacity` is the console script next to it
(or --capacity). Every command runs as a fresh process; rounds are interleaved (each command once per
round, so a busy moment on a shared machine hurts all alike); two warm-up rounds, then --runs rounds;
medians. Everything runs with XDG_CACHE_HOME in a temporary folder (capacity never uses pint's own
pickle disk cache; a plain `import pint` builds no registry). `import pint` runs twice: as is, and with
OPENBLAS_NUM_THREADS=1 (numpy's OpenBLAS threads make the plain one a moving reference on a busy
machine; capacity's CLI imports pint without numpy). "cold": capacity's cache folder is deleted before each
run (the run loads the YAML, imports pint, and writes the entry); "warm": the same command run before, so
its output is replayed (capacity/replay.py: no loading, no evaluation); "warm, evaluated": the dataset
entry is there but the replay entries are deleted before each run (what a what-if on unchanged files
costs: the dataset read back, evaluated, rendered; the run records its output again); "--no-cache": no
cache read or written.

Goals (ratios of medians, issue 24): --help ≤ 1.1 × import typer; check warm ≤ 0.6 × and cold ≤ 1.3 ×
a one-thread import pint; convert warm ≤ 1.2 × (cold shown beside it).
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

GOALS = {  # name: (numerator, denominator, goal)
    "help / import typer": ("capacity --help", "import typer", 1.1),
    "check warm / import pint 1 thread": ("check, warm", "import pint, 1 thread", 0.6),
    "check cold / import pint 1 thread": ("check, cold", "import pint, 1 thread", 1.3),
    "check --no-cache / import pint 1 thread": ("check --no-cache", "import pint, 1 thread", None),
    "check warm evaluated / import pint 1 thread": ("check, warm, evaluated", "import pint, 1 thread", None),
    "check warm / import pint": ("check, warm", "import pint", None),
    "check cold / import pint": ("check, cold", "import pint", None),
    "convert warm / import pint 1 thread": ("convert, warm", "import pint, 1 thread", 1.2),
    "convert cold / import pint 1 thread": ("convert, cold", "import pint, 1 thread", None),
    "registry: pint defaults / core": ("registry: pint defaults", "registry: capacity core", None),
    "registry: pint pickle cache / core": ("registry: pint pickle cache", "registry: capacity core", None),
}


NO_NUMPY = "import sys; sys.modules['numpy'] = None; import pint; del sys.modules['numpy']; "


def capacity_command(explicit: str | None) -> list[str]:
    if explicit:
        return [explicit]
    script = Path(sys.executable).parent / "capacity"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "capacity"]


def measure(commands: dict[str, list[str]], runs: int, envs: dict, before: dict) -> dict[str, dict]:
    """Median (min, max) wall time of each command as a fresh process, output discarded; interleaved rounds."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(runs + 2):  # two warm-up rounds (the OS file cache, pint's disk cache)
        for name, cmd in commands.items():
            if name in before:
                before[name]()
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=envs[name])
            elapsed = time.perf_counter() - t0
            if proc.returncode not in (0, 1):
                raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
            if i >= 2:
                times[name].append(elapsed)
    return {name: {"cmd": " ".join(commands[name]), "median_s": statistics.median(t), "min_s": min(t),
                   "max_s": max(t), "runs": runs} for name, t in times.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--capacity", help="the capacity executable (default: the console script next to this Python)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = ap.parse_args()

    cap = capacity_command(args.capacity)
    py = sys.executable
    xdg = Path(tempfile.mkdtemp(prefix="capacity-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CAPACITY_CACHE")}
    env["XDG_CACHE_HOME"] = str(xdg / "warm")
    cold_env = {**env, "XDG_CACHE_HOME": str(xdg / "cold")}  # its own folder: the warm entries stay

    def clear() -> None:
        shutil.rmtree(xdg / "cold" / "capacity", ignore_errors=True)

    commands = {
        "python -c pass": [py, "-c", "pass"],
        "import typer": [py, "-c", "import typer"],
        "import pint": [py, "-c", "import pint"],
        "import pint, 1 thread": [py, "-c", "import pint"],  # OPENBLAS_NUM_THREADS=1: numpy's threads off
        # the registry, without numpy as the CLI imports pint: pint's defaults built afresh (what a cold run
        # would cost without pint's pickle cache), from that cache (what capacity did before issue 23), and
        # capacity's core registry (what it does now)
        "registry: pint defaults": [py, "-c", NO_NUMPY + "pint.UnitRegistry(cache_folder=None)"],
        "registry: pint pickle cache": [py, "-c", NO_NUMPY + "pint.UnitRegistry(cache_folder=':auto:')"],
        "registry: capacity core": [py, "-c", NO_NUMPY + "from capacity.units import registry; registry()"],
        "capacity --help": cap + ["--help"],
        "check, warm": cap + ["check"],
        "check, warm, evaluated": cap + ["check"],
        "check, cold": cap + ["check"],
        "check --no-cache": cap + ["--no-cache", "check"],
        "convert, warm": cap + ["convert", "87萬噸", "t"],
        "convert, cold": cap + ["convert", "87萬噸", "t"],
    }
    def no_replays() -> None:  # the dataset entry stays; the stored outputs go
        for p in (xdg / "warm" / "capacity").glob("replay-*.json"):
            p.unlink()

    before = {"check, cold": clear, "convert, cold": clear, "check, warm, evaluated": no_replays}
    envs = {name: cold_env if name in ("check, cold", "convert, cold") else env for name in commands}
    envs["import pint, 1 thread"] = {**env, "OPENBLAS_NUM_THREADS": "1"}
    load0 = os.getloadavg() if hasattr(os, "getloadavg") else None
    try:
        rows = measure(commands, args.runs, envs, before)
    finally:
        shutil.rmtree(xdg, ignore_errors=True)
    ratios = {}
    for label, (num, den, goal) in GOALS.items():
        r = rows[num]["median_s"] / rows[den]["median_s"]
        ratios[label] = {"ratio": r, "goal": goal, "met": None if goal is None else r <= goal}
    result = {
        "python": sys.version.split()[0],
        "load_average_start": list(load0) if load0 else None,
        "load_average_end": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "executable": py,
        "capacity": " ".join(cap),
        "rows": rows,
        "ratios": ratios,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"start-up: medians of {args.runs} fresh processes per command (2 warm-up rounds, interleaved), "
          f"Python {result['python']}")
    print(f"  {'command':<24} {'median':>9} {'min':>9} {'max':>9}")
    for name, r in rows.items():
        print(f"  {name:<24} {r['median_s'] * 1000:>7.0f}ms {r['min_s'] * 1000:>7.0f}ms {r['max_s'] * 1000:>7.0f}ms")
    for label, r in ratios.items():
        goal = "" if r["goal"] is None else f"  (goal <= {r['goal']}x: {'met' if r['met'] else 'MISSED'})"
        print(f"  {label:<32} {r['ratio']:.2f}x{goal}")
    if load0:
        print("  load average (1/5/15 min) at the start: " + " ".join(f"{x:.2f}" for x in load0)
              + "; at the end: " + " ".join(f"{x:.2f}" for x in result["load_average_end"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
