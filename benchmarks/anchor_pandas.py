#!/usr/bin/env python3
"""Benchmark anchor: the share computation of `capacity check` written as a plain pandas script, and
capacity's ratio to it on the same synthetic files (issue 24).

    python benchmarks/anchor_pandas.py [--sizes 1000 10000 100000] [--runs 1] [--capacity PATH] [--json]
    python benchmarks/anchor_pandas.py --anchor yaml|csv FILE... --national FILE   # the anchor alone

The anchor reads the same targets files (benchmarks/bench_scale.py's synthetic data: one file per 500
targets) with PyYAML's libyaml loader (`yaml.load(..., Loader=yaml.CSafeLoader)`: YAML 1.1 typing, no
file:line, no checks), or the same rows from one CSV file written beforehand (not timed); builds a
DataFrame of the share targets, splits each figure into number, scale word and unit with vectorised
string operations, converts to the display unit (t, GW, MWh), picks each national quantity's preferred
capacity figure of the newest year up to 2024, divides, compares with the threshold and writes the rows
as JSON (to /dev/null). It is the computation a colleague would write by hand, with none of capacity's
checks: a floor to measure against, not a second implementation.

Each size runs as fresh processes, interleaved per round: the anchor from YAML, the anchor from CSV,
`capacity check --format json` cold (capacity's cache folder emptied first; worker processes on the cores
the run may use, capacity/workers.py), cold on one core (``CAPACITY_WORKERS=1``) and warm. Medians; ratios
side by side (same moment, same machine); 1,000,000 targets is a projection from a least-squares line
through the measured sizes, labelled as such. XDG_CACHE_HOME is a temporary folder.
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
SCALE = {"萬億": 1e12, "万亿": 1e12, "萬": 1e4, "万": 1e4, "億": 1e8, "亿": 1e8, "": 1.0}
UNIT = {"噸": ("t", 1.0), "吨": ("t", 1.0), "t": ("t", 1.0), "Mt": ("t", 1e6), "kt": ("t", 1e3),
        "GW": ("GW", 1.0), "MW": ("GW", 1e-3), "吉瓦": ("GW", 1.0), "GWh": ("MWh", 1e3), "MWh": ("MWh", 1.0),
        "%": ("", 0.01)}
FIGURE = r"^\s*(?P<bound>[><≥≤]=?)?\s*(?P<num>[0-9]+(?:\.[0-9]+)?)\s*(?P<scale>萬億|万亿|萬|万|億|亿)?\s*(?P<unit>.*?)\s*$"


def _figures(pd, texts):  # noqa: ANN001, ANN202
    """(magnitude in the display unit, display unit) of each figure, vectorised."""
    parts = texts.astype(str).str.extract(FIGURE)
    scale = parts["scale"].fillna("").map(SCALE)
    unit = parts["unit"].map(lambda u: UNIT.get(u, (u, 1.0)))
    factor = unit.map(lambda x: x[1])
    return parts["num"].astype(float) * scale * factor, unit.map(lambda x: x[0])


def national_table(pd, path: str):  # noqa: ANN001, ANN202
    import yaml

    with open(path, encoding="utf-8") as fh:
        doc = yaml.load(fh, Loader=yaml.CSafeLoader)
    rows = [{"national": q["id"], "year": int(f["year"]), "basis": f.get("basis"), "value": str(f["value"]),
             "preferred": bool(f.get("preferred", True)), "scope": f.get("scope", "national")}
            for q in doc["quantities"] for f in q.get("figures", [])]
    df = pd.DataFrame(rows)
    df = df[(df["basis"] == "capacity") & (df["year"] <= 2024) & df["preferred"] & (df["scope"] == "national")]
    df = df.sort_values("year").groupby("national").tail(1)
    df["nat_mag"], df["nat_unit"] = _figures(pd, df["value"])
    return df[["national", "nat_mag", "nat_unit", "year"]]


def targets_from_yaml(pd, files: list[str]):  # noqa: ANN001, ANN202
    import yaml

    rows = []
    for path in files:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=yaml.CSafeLoader)
        region = doc["region"]["id"]
        for t in doc.get("targets") or []:
            th = t.get("threshold")
            if t.get("national") and isinstance(th, dict) and th.get("kind") == "share":
                rows.append((region, t["id"], str(t["figure"]), t["national"], str(th["figure"]),
                             float(th.get("warn_within") or 0)))
    return pd.DataFrame(rows, columns=["region", "id", "figure", "national", "threshold", "warn_within"])


def compute(pd, targets, national):  # noqa: ANN001, ANN202
    targets = targets.copy()
    targets["local"], targets["unit"] = _figures(pd, targets["figure"])
    targets["threshold_f"], _ = _figures(pd, targets["threshold"])
    df = targets.merge(national, on="national", how="left")
    df["share"] = df["local"] / df["nat_mag"]
    df["ok"] = df["share"] >= df["threshold_f"]
    df["status"] = df["ok"].map({True: "PASS", False: "FAIL"})
    df.loc[~df["ok"] & (df["share"] >= df["threshold_f"] - df["warn_within"] / 100), "status"] = "WARN"
    return df


def anchor(mode: str, files: list[str], national: str) -> dict:
    t0 = time.perf_counter()
    import pandas as pd

    t1 = time.perf_counter()
    nat = national_table(pd, national)
    targets = pd.read_csv(files[0], dtype=str, keep_default_na=False).assign(
        warn_within=lambda d: d["warn_within"].astype(float)) if mode == "csv" else targets_from_yaml(pd, files)
    t2 = time.perf_counter()
    df = compute(pd, targets, nat)
    t3 = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as out:
        out.write(df[["region", "id", "figure", "national", "share", "threshold", "status"]].to_json(
            orient="records", force_ascii=False, indent=2))
    t4 = time.perf_counter()
    return {"rows": len(df), "fail": int((df["status"] == "FAIL").sum()), "import_s": t1 - t0, "read_s": t2 - t1,
            "compute_s": t3 - t2, "write_s": t4 - t3}


def write_csv(files: list[str], path: Path) -> None:
    import pandas as pd

    targets_from_yaml(pd, files).to_csv(path, index=False)


def _run(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:3])} … exited {proc.returncode}: {proc.stderr.decode()[-800:]}")
    return elapsed


def compare(sizes: list[int], runs: int, cap: list[str], per_region: int) -> dict:
    sys.path.insert(0, str(HERE))
    from bench_scale import generate  # noqa: PLC0415

    tmp = Path(tempfile.mkdtemp(prefix="capacity-anchor-"))
    env = {k: v for k, v in os.environ.items() if k != "CAPACITY_CACHE"}
    env.update(XDG_CACHE_HOME=str(tmp / "xdg"), OPENBLAS_NUM_THREADS="1")
    national = subprocess.run([sys.executable, "-c", "from capacity.bundled import bundled_path; "
                               "print(bundled_path('national.yaml'))"], capture_output=True, text=True,
                              check=True, cwd=tempfile.gettempdir()).stdout.strip()
    rows = []
    try:
        for size in sizes:
            folder = tmp / f"t{size}"
            folder.mkdir()
            files = generate(folder, size, per_region)
            csv = folder / "targets.csv"
            write_csv(files, csv)
            me = [sys.executable, str(Path(__file__).resolve())]
            cmds = {
                "anchor yaml": me + ["--anchor", "yaml", "--national", national, *files],
                "anchor csv": me + ["--anchor", "csv", "--national", national, str(csv)],
                "capacity cold": cap + ["check", "--format", "json"] + [a for f in files for a in ("-t", f)],
                # the same, on one core (CAPACITY_WORKERS=1: no worker processes; capacity/workers.py)
                "capacity cold 1p": cap + ["check", "--format", "json"] + [a for f in files for a in ("-t", f)],
                "capacity warm": cap + ["check", "--format", "json"] + [a for f in files for a in ("-t", f)],
                # the same command a third time: its output replayed (capacity/replay.py)
                "capacity replayed": cap + ["check", "--format", "json"] + [a for f in files for a in ("-t", f)],
            }
            times: dict[str, list[float]] = {k: [] for k in cmds}
            for _ in range(runs):
                for name, cmd in cmds.items():
                    if name.startswith("capacity cold"):
                        shutil.rmtree(tmp / "xdg" / "capacity", ignore_errors=True)
                    times[name].append(_run(cmd, {**env, "CAPACITY_WORKERS": "1"} if name.endswith("1p") else env))
            med = {k: statistics.median(v) for k, v in times.items()}
            rows.append({"targets": size, "files": len(files), **{k.replace(" ", "_") + "_s": v for k, v in med.items()},
                         "cold_over_anchor_yaml": med["capacity cold"] / med["anchor yaml"],
                         "cold_1p_over_anchor_yaml": med["capacity cold 1p"] / med["anchor yaml"],
                         "warm_over_anchor_yaml": med["capacity warm"] / med["anchor yaml"],
                         "replayed_over_anchor_yaml": med["capacity replayed"] / med["anchor yaml"],
                         "cold_over_anchor_csv": med["capacity cold"] / med["anchor csv"]})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    projection = {}
    if len(rows) >= 2:
        xs = [r["targets"] for r in rows]
        for key in ("anchor_yaml_s", "anchor_csv_s", "capacity_cold_s", "capacity_warm_s"):
            ys = [r[key] for r in rows]
            mx, my = statistics.mean(xs), statistics.mean(ys)
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
            projection[key] = my + slope * (1_000_000 - mx) if slope > 0 else None  # noise: no projection
        if projection["capacity_cold_s"] and projection["anchor_yaml_s"]:
            projection["cold_over_anchor_yaml"] = projection["capacity_cold_s"] / projection["anchor_yaml_s"]
        else:
            projection = {}
    return {"runs": runs, "rows": rows, "projection_1M": projection,
            "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--anchor", choices=("yaml", "csv"), help="run the anchor alone on FILES")
    ap.add_argument("--national", help="the national YAML file (with --anchor)")
    ap.add_argument("files", nargs="*")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--per-region", type=int, default=500)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--capacity", help="the capacity executable (default: the console script next to this Python)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.anchor:
        print(json.dumps(anchor(args.anchor, args.files, args.national)))
        return 0
    script = Path(sys.executable).parent / "capacity"
    cap = [args.capacity] if args.capacity else ([str(script)] if script.exists() else [sys.executable, "-m", "capacity"])
    result = compare(args.sizes, args.runs, cap, args.per_region)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"capacity against a pandas script (same files, fresh processes, medians of {args.runs}, interleaved)")
    print(f"  {'targets':>8} {'anchor yaml':>12} {'anchor csv':>11} {'cap cold':>9} {'cold 1p':>8} {'cap warm':>9} "
          f"{'replayed':>9} {'cold/yaml':>10} {'1p/yaml':>8} {'warm/yaml':>10} {'cold/csv':>9}")
    for r in result["rows"]:
        print(f"  {r['targets']:>8} {r['anchor_yaml_s']:>11.2f}s {r['anchor_csv_s']:>10.2f}s {r['capacity_cold_s']:>8.2f}s "
              f"{r['capacity_cold_1p_s']:>7.2f}s {r['capacity_warm_s']:>8.2f}s {r['capacity_replayed_s']:>8.2f}s "
              f"{r['cold_over_anchor_yaml']:>9.2f}x {r['cold_1p_over_anchor_yaml']:>7.2f}x "
              f"{r['warm_over_anchor_yaml']:>9.2f}x {r['cold_over_anchor_csv']:>8.1f}x")
    print("  (cap cold: capacity's worker processes on the cores it may use; cold 1p: CAPACITY_WORKERS=1, one core,"
          " as the anchor)")
    p = result["projection_1M"]
    if p:
        def sec(v):  # noqa: ANN001, ANN202
            return "n/a" if v is None else f"{v:.0f}s"

        print(f"  1,000,000 (PROJECTION from a line through the sizes above, not measured): anchor yaml "
              f"{sec(p['anchor_yaml_s'])}, csv {sec(p['anchor_csv_s'])}, capacity cold {sec(p['capacity_cold_s'])}, "
              f"warm {sec(p['capacity_warm_s'])}, cold/yaml {p['cold_over_anchor_yaml']:.2f}x")
    if result["load_average"]:
        print("  load average (1/5/15 min) at the end: " + " ".join(f"{x:.2f}" for x in result["load_average"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
