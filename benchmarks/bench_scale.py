"""Benchmark: scale. Synthetic targets files with 10,000 and 100,000 targets over many regions: load and
evaluate times in-process, the whole `capacity check` as a fresh process, and how they grow.

    python benchmarks/bench_scale.py [--sizes 10000 100000] [--per-region 500] [--runs 3] [--json]
                                     [--capacity PATH] [--keep DIR]

The data: one targets file per region (``--per-region`` targets each, so 20 and 200 regions), each
target as the bundled data writes them: share claims against the bundled national quantities
(mass, power, energy), counts with ranges (3~5家), output values (億元), growth and ratio targets (%),
one named project per five targets feeding it, observations on some, a rollup per 25 targets; plus the
bundled national file. Times are medians of --runs fresh processes (nothing warm but pint's disk cache).
Target (2-core machine): 100,000 targets in at most 3 s, growing linearly (100k/10k ≈ 10).
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

TARGET_SECONDS = 3.0
LINEAR = 10.0

NATIONAL = [  # (national quantity id of the bundled national.yaml, unit as the documents write it, size)
    ("polysilicon", "萬噸", 20), ("industrial_silicon", "萬噸", 30), ("magnets", "萬噸", 2),
    ("monocrystalline_silicon", "GW", 40), ("wafers", "GW", 30), ("cells", "GW", 20), ("modules", "GW", 10),
    ("energy_storage", "GWh", 5),
]

IN_PROCESS = r'''
import json, sys, time
t0 = time.perf_counter()
from capacity.load import load_dataset
from capacity.evaluate import Options, evaluate, exit_code
from capacity.units import registry
registry()
t1 = time.perf_counter()
ds = load_dataset(sys.argv[1:], None)
t2 = time.perf_counter()
report = evaluate(ds, Options())
t3 = time.perf_counter()
n = sum(len(tf.targets) for tf in ds.regions)
print(json.dumps({"targets": n, "regions": len(ds.regions), "results": len(report["results"]),
                  "import_s": t1 - t0, "load_s": t2 - t1, "evaluate_s": t3 - t2}))
'''


def target_yaml(i: int, region: int) -> str:
    kind = i % 10
    tid = f"t{i:06d}"
    n = 1 + (i * 7919 + region * 104729) % 97  # a deterministic spread of figures
    lines = [f"  - id: {tid}", "    section: 二", f"    clause: {1 + i % 26}", f"    name: 目標{i}"]
    if kind < 5:  # a share claim against a national quantity
        qid, unit, size = NATIONAL[(i + region) % len(NATIONAL)]
        lines += [f"    figure: {n * size / 97:.2f}{unit}", "    comparator: reach", "    measure: capacity",
                  f"    national: {qid}", "    threshold:", f"      figure: {1 + n % 40}%", "      kind: share",
                  "      warn_within: 2"]
    elif kind == 5:
        lines += [f"    figure: {n}~{n + 3}家", "    comparator: range", "    measure: count"]
    elif kind in (6, 7):
        lines += [f"    figure: {n * 10}億元", "    comparator: at_least", "    measure: output_value"]
    elif kind == 8:
        lines += [f"    figure: {n % 50}%", "    comparator: at_least", "    measure: growth"]
    else:
        lines += [f"    figure: {n % 90}%", "    measure: ratio"]
    if kind == 6:
        lines += ["    observed:", "      - date: 2023-09", f"        figure: {n * 5}億元", "        source: synthetic"]
    lines.append(f"    text: 目標{i}達到")
    return "\n".join(lines) + "\n"


def region_file(region: int, count: int) -> str:
    out = [f"schema_version: 1\nregion:\n  id: region_{region:04d}\n  name: 地區{region}\n  target_year: 2024\n"
           "sections:\n  - section: 二\n    title: 硅\ntargets:\n"]
    out += [target_yaml(i, region) for i in range(count)]
    out.append("projects:\n")
    for i in range(0, count, 5):
        if i % 10 < 5:  # feeds a share target: a tenth of its figure, in its unit
            qid, unit, size = NATIONAL[(i + region) % len(NATIONAL)]
            out.append(f"  - id: p{i:06d}\n    name: 項目{i}\n    product: {qid}\n    figure: 0.5{unit}\n"
                       f"    state: 實施\n    feeds: t{i:06d}\n    section: 二\n")
    out.append("rollups:\n")
    for i in range(0, count - 10, 25):
        base = i - i % 10  # t..6 and t..7 are output values: total one, part the other
        out.append(f"  - id: r{i:06d}\n    total: t{base + 6:06d}\n    parts: [t{base + 7:06d}]\n")
    return "".join(out)


def generate(folder: Path, targets: int, per_region: int) -> list[str]:
    paths = []
    for region in range((targets + per_region - 1) // per_region):
        count = min(per_region, targets - region * per_region)
        p = folder / f"region_{region:04d}.yaml"
        p.write_text(region_file(region, count), encoding="utf-8")
        paths.append(str(p))
    return paths


def capacity_command(explicit: str | None) -> list[str]:
    if explicit:
        return [explicit]
    script = Path(sys.executable).parent / "capacity"
    return [str(script)] if script.exists() else [sys.executable, "-m", "capacity"]


def measure(paths: list[str], runs: int, cap: list[str]) -> dict:
    inproc = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", IN_PROCESS, *paths], capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr[-2000:])
        inproc.append(json.loads(proc.stdout))
    cli = []
    args = cap + ["check", "--format", "json"] + [a for p in paths for a in ("--targets", p)]
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        cli.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            raise SystemExit(proc.stderr.decode()[-2000:])
    summary = json.loads(proc.stdout)["summary"] if proc.stdout.strip().startswith(b"{") else None
    first = inproc[0]
    return {
        "targets": first["targets"], "regions": first["regions"], "results": first["results"],
        "bytes": sum(os.path.getsize(p) for p in paths),
        "load_s": statistics.median(r["load_s"] for r in inproc),
        "evaluate_s": statistics.median(r["evaluate_s"] for r in inproc),
        "import_s": statistics.median(r["import_s"] for r in inproc),
        "cli_check_s": statistics.median(cli), "cli_check_min_s": min(cli), "summary": summary,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--per-region", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--capacity", help="the capacity executable (default: the console script next to this Python)")
    ap.add_argument("--keep", type=Path, help="write the synthetic files here and keep them")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    cap = capacity_command(args.capacity)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        for size in args.sizes:
            folder = root / f"targets_{size}"
            folder.mkdir(parents=True, exist_ok=True)
            paths = generate(folder, size, args.per_region)
            rows.append(measure(paths, args.runs, cap))
    result = {"python": sys.version.split()[0], "per_region": args.per_region, "runs": args.runs, "rows": rows}
    if len(rows) >= 2:
        small, big = rows[0], rows[-1]
        scale = big["targets"] / small["targets"]
        result["growth"] = {
            "targets_ratio": scale,
            "load": big["load_s"] / small["load_s"],
            "evaluate": big["evaluate_s"] / small["evaluate_s"],
            "cli_check": big["cli_check_s"] / small["cli_check_s"],
            # the work itself, without the fixed start-up (imports, registry): what "linear" is about
            "load_plus_evaluate": (big["load_s"] + big["evaluate_s"]) / (small["load_s"] + small["evaluate_s"]),
        }
    biggest = max(rows, key=lambda r: r["targets"])
    result["target"] = {"targets": biggest["targets"], "seconds": biggest["cli_check_s"], "limit_s": TARGET_SECONDS,
                        "met": biggest["cli_check_s"] <= TARGET_SECONDS}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"scale: synthetic targets, {args.per_region} per region file, median of {args.runs} fresh processes")
    print(f"  {'targets':>8} {'regions':>7} {'MB':>6} {'load':>8} {'evaluate':>9} {'check (CLI)':>12}")
    for r in rows:
        print(f"  {r['targets']:>8} {r['regions']:>7} {r['bytes'] / 1e6:>6.1f} {r['load_s']:>7.2f}s "
              f"{r['evaluate_s']:>8.2f}s {r['cli_check_s']:>11.2f}s")
    if "growth" in result:
        g = result["growth"]
        print(f"  growth for {g['targets_ratio']:.0f}x the targets: load {g['load']:.1f}x, evaluate "
              f"{g['evaluate']:.1f}x, load+evaluate {g['load_plus_evaluate']:.1f}x, CLI check {g['cli_check']:.1f}x "
              f"(linear: {LINEAR:.0f}x)")
    t = result["target"]
    print(f"  {t['targets']} targets: `capacity check` {t['seconds']:.2f}s (target <= {t['limit_s']:.0f}s: "
          f"{'met' if t['met'] else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
