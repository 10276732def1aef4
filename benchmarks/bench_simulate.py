"""Benchmark: `capacity simulate` against a minimal hand-written numpy computation of the same model.

    python benchmarks/bench_simulate.py [--samples 1000000] [--repeat 5]

Both run as fresh processes of the same Python, several times; the median wall time of each is
printed, with the ratio. The baseline is the model written out by hand for the bundled data with
its default denominators (newest year, capacity basis): the same distributions, the same share and
supply arithmetic for the same seven checks, probabilities and 5/50/95th percentiles, no tornado,
no loading, no validation, no pint. It prints its own compute time, and a third measurement times
``capacity.simulate.simulate`` alone inside one process, so the report shows where the time goes.
The two models' probabilities are compared as a check that they are the same model.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The model written out by hand for data/targets.yaml + data/national.yaml, default denominators
# (2024, capacity). Units: t for mass, GW for power.
BASELINE = r'''
import json, sys, time
t0 = time.perf_counter()
import numpy as np
N = int(sys.argv[1])
rng = np.random.Generator(np.random.PCG64(12345))
t1 = time.perf_counter()

def built(p):
    return rng.random(N) < p

def local(base, projects):
    x = np.full(N, float(base))
    for amount, p in projects:
        x -= np.where(built(p), 0.0, amount)
    return np.maximum(x, 0.0)

poly = local(870000, [(200000, .7), (100000, .7), (170000, .4), (120000, .4)])
mono = local(253, [(40, .4)])
wafers = local(88, [(25, .9), (20, .9), (40, .4)])
cells = local(60, [(16, .9), (24, .4), (10, .4)])
modules = 37.0
isi = local(790000, [(300000, .7), (300000, .7)])
nat_poly = rng.uniform(3000000, 3231000, N)      # 323.1万吨 and 300万吨 on file for 2024
# ">1000GW" is unverified (issue 22): the default denominators are end-2023's 953.6GW and 929.9GW
f_lo, f_mode, f_hi = (float(x) for x in sys.argv[2:5])  # industrial_silicon_per_polysilicon, from the data
f_is = rng.triangular(f_lo, f_mode, f_hi, N) if f_hi > f_lo else np.full(N, f_mode)  # t/t
f_ppw = rng.triangular(2.1, 2.2, 2.4, N)          # g/W; 1 GW x 1 g/W = 1000 t

metrics = {
    "polysilicon": (poly / nat_poly, 0.4),
    "monocrystalline_silicon": (mono / 953.6, 0.4),
    "wafers": (wafers / 953.6, 0.15),
    "cells": (cells / 929.9, 0.10),
    "modules": (np.full(N, modules / 1120.0), 0.10),
}
r_is = isi / (poly * f_is)
metrics["industrial_silicon_for_polysilicon"] = (r_is, 0.8)
links = [r_is, poly / (mono * f_ppw * 1000.0), mono / wafers, wafers / cells, cells / modules]
metrics["pv_local_supply_ratio"] = (sum(np.minimum(r, 1.0) for r in links) / len(links), 0.6)

out = {k: {"probability": float(np.mean(m >= th)), "p": [float(x) for x in np.quantile(m, [.05, .5, .95])]}
       for k, (m, th) in metrics.items()}
t2 = time.perf_counter()
print(json.dumps({"compute_s": t2 - t1, "results": out}))
'''

INPROCESS = r'''
import json, sys, time
from capacity.load import load_dataset
from capacity.simulate import simulate
ds = load_dataset()
t = time.perf_counter()
payload = simulate(ds, samples=int(sys.argv[1]), seed=0)
print(json.dumps({"compute_s": time.perf_counter() - t}))
'''


def factor_range() -> list[str]:
    """industrial_silicon_per_polysilicon's low, value and high in t/t, read from the bundled data (the
    range the data gives, never a physical bound)."""
    from capacity.load import load_dataset

    f = load_dataset().national.factor("industrial_silicon_per_polysilicon")
    mag = [x.value / float(x.unit.scale) for x in (f.low or f.value, f.value, f.high or f.value)]
    return [repr(m) for m in mag]


def capacity_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("capacity")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "capacity"]


CPU: dict[str, list[float]] = {}


def timed(cmd: list[str], label: str = "") -> tuple[float, str]:
    """Wall time of one run (and, under ``label``, its CPU time: user + system, from getrusage)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env={**os.environ, "NO_COLOR": "1"})
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} … failed ({res.returncode}):\n{res.stderr}")
    if label:
        CPU.setdefault(label, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return elapsed, res.stdout


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy

    return (f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, numpy {numpy.__version__}, "
            f"{platform.system()} {platform.release()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    n = str(args.samples)
    cache = tempfile.mkdtemp(prefix="capacity-bench-cache-")  # never the user's cache folder:
    os.environ["XDG_CACHE_HOME"] = cache  # every child process inherits it
    os.environ.pop("CAPACITY_CACHE", None)
    atexit.register(shutil.rmtree, cache, True)

    sim_cmd = capacity_cmd() + ["simulate", "--samples", n, "--format", "json"]
    base_cmd = [sys.executable, "-c", BASELINE, n, *factor_range()]
    inproc_cmd = [sys.executable, "-c", INPROCESS, n]
    timed(sim_cmd)  # warm the OS file cache and pint's cache
    timed(base_cmd)

    sim_t, base_t, base_compute, sim_compute = [], [], [], []
    sim_out = base_out = ""
    for _ in range(args.repeat):  # interleaved, so a busy moment hurts both alike
        t, sim_out = timed(sim_cmd, "sim")
        sim_t.append(t)
        t, base_out = timed(base_cmd, "base")
        base_t.append(t)
        base_compute.append(json.loads(base_out)["compute_s"])
        sim_compute.append(json.loads(timed(inproc_cmd)[1])["compute_s"])

    sim_med, base_med = statistics.median(sim_t), statistics.median(base_t)
    sc, bc = statistics.median(sim_compute), statistics.median(base_compute)
    print(f"machine: {machine()}")
    if hasattr(os, "getloadavg"):
        print("load average (1/5/15 min) at the end: " + " ".join(f"{x:.2f}" for x in os.getloadavg())
              + " (other processes compete for the CPUs when this is near or above the CPU count)")
    print(f"samples: {args.samples:,}; {args.repeat} runs each, median wall time")
    print(f"capacity simulate (whole command):   {sim_med:6.3f} s   (runs: {', '.join(f'{x:.3f}' for x in sim_t)})")
    print(f"hand-written numpy (whole process):  {base_med:6.3f} s   (runs: {', '.join(f'{x:.3f}' for x in base_t)})")
    print(f"ratio, whole process:                {sim_med / base_med:6.2f} x")
    cs, cb = statistics.median(CPU["sim"]), statistics.median(CPU["base"])
    print(f"CPU time (user+sys), whole process:  {cs:6.3f} s vs {cb:.3f} s, ratio {cs / cb:.2f} x")
    print(f"simulate() alone, in process:        {sc:6.3f} s   (model build, sampling, tornado, verdicts)")
    print(f"hand-written numpy, compute only:    {bc:6.3f} s")
    print(f"ratio, compute only:                 {sc / bc:6.2f} x")

    sim = {r["id"]: r for r in json.loads(sim_out)["results"]}
    base = json.loads(base_out)["results"]
    worst = max(abs(sim[k]["probability"] - v["probability"]) for k, v in base.items())
    print("probabilities (simulate | hand-written): " + "; ".join(
        f"{k} {sim[k]['probability']:.4f} | {v['probability']:.4f}" for k, v in base.items()))
    print(f"largest difference in probability: {worst:.4f} (same model, different random streams)")
    print(f"budget: {'OK' if sim_med <= 2.0 else 'OVER'} (at most 2 s for the whole command)")


if __name__ == "__main__":
    main()
