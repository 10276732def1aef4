"""Benchmark: start-up. `capacity --help` beside `python -c "import typer"`, and `capacity check` on the
bundled data beside `python -c "import pint"`.

    python benchmarks/bench_startup.py [--runs 20] [--capacity PATH] [--json]

Run it with the Python of the environment to measure (a plain, non-editable `pip install .` gives the
honest numbers): the baselines use that interpreter, and `capacity` is the console script next to it
(or --capacity). Each command runs as a fresh process --runs times after two warm-up runs (which also
let pint write its disk cache); the median wall time is reported. Targets (2-core machine):
--help within 1.3x of importing typer, check within 1.3x of importing pint.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_RATIO = 1.3


def capacity_command(explicit: str | None) -> list[str]:
    if explicit:
        return [explicit]
    script = Path(sys.executable).parent / "capacity"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "capacity"]


def measure(commands: dict[str, list[str]], runs: int, ok_codes: dict[str, tuple[int, ...]],
            envs: dict[str, dict]) -> dict[str, dict]:
    """Median (and min, max) wall time of each command as a fresh process, output discarded. Rounds are
    interleaved (every command once per round), so a busy moment on the machine hurts all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(runs + 2):  # two warm-up rounds (the OS file cache, pint's disk cache)
        for name, cmd in commands.items():
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=envs[name])
            elapsed = time.perf_counter() - t0
            if proc.returncode not in ok_codes.get(name, (0,)):
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
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    py = sys.executable
    check_cmd = cap + ["check"]
    probe = subprocess.run(cap + ["check", "--help"], capture_output=True)
    if probe.returncode != 0:  # `check` not registered yet: the same pipeline through report
        check_cmd = cap + ["report", "--format", "json"]

    commands = {
        "python -c pass": [py, "-c", "pass"],
        "import typer": [py, "-c", "import typer"],
        "capacity --help": cap + ["--help"],
        "capacity --help, plain": cap + ["--help"],
        "import pint": [py, "-c", "import pint"],
        "capacity check": check_cmd,
    }
    envs = {name: env for name in commands}
    envs["capacity --help, plain"] = {**env, "TYPER_USE_RICH": "0"}  # typer's plain help, for comparison
    rows = measure(commands, args.runs, {"capacity check": (0, 1)}, envs)
    help_ratio = rows["capacity --help"]["median_s"] / rows["import typer"]["median_s"]
    check_ratio = rows["capacity check"]["median_s"] / rows["import pint"]["median_s"]
    result = {
        "python": sys.version.split()[0],
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "executable": py,
        "capacity": " ".join(cap),
        "check_command": " ".join(check_cmd[len(cap):]),
        "rows": rows,
        "ratios": {
            "help_vs_import_typer": {"ratio": help_ratio, "target": TARGET_RATIO, "met": help_ratio <= TARGET_RATIO},
            "check_vs_import_pint": {"ratio": check_ratio, "target": TARGET_RATIO, "met": check_ratio <= TARGET_RATIO},
        },
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"start-up: median of {args.runs} fresh processes (after 2 warm-up rounds, interleaved), "
          f"Python {result['python']}")
    print(f"  {'command':<24} {'median':>9} {'min':>9} {'max':>9}")
    for name, r in rows.items():
        label = name if name != "capacity check" else "capacity " + result["check_command"]
        if name == "capacity --help, plain":
            label = "capacity --help [plain]"
        print(f"  {label:<24} {r['median_s'] * 1000:>7.0f}ms {r['min_s'] * 1000:>7.0f}ms {r['max_s'] * 1000:>7.0f}ms")
    for key, label in (("help_vs_import_typer", "capacity --help / import typer"),
                       ("check_vs_import_pint", f"capacity {result['check_command']} / import pint")):
        r = result["ratios"][key]
        print(f"  {label:<36} {r['ratio']:.2f}x  (target <= {r['target']}x: {'met' if r['met'] else 'MISSED'})")
    print("  [plain]: TYPER_USE_RICH=0, typer's plain help instead of its rich panels: for comparison only")
    if result["load_average"]:
        print("  load average (1/5/15 min) at the end: " + " ".join(f"{x:.2f}" for x in result["load_average"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
