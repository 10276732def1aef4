#!/usr/bin/env python3
"""capacity extract on the bundled document: the library call, the whole CLI, and the cost of the script fold.

    python benchmarks/bench_extract.py [--runs N] [--python PATH]

- library: read_document + extract + to_yaml on data/source/baotou-2024-1.txt, in one process, median of N
  (after one warm-up call); target: under 1 s;
- CLI: `capacity extract FILE > /dev/null` as a fresh process, median of N (includes Python start-up);
- fold: importing capacity.script and folding one string in a fresh process, beside `python -c pass`
  (the character table's load cost), and the `opencc` wheel's t2s converter when it is installed.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fresh(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--python", default=sys.executable)
    args = ap.parse_args()
    py = args.python
    cache = tempfile.mkdtemp(prefix="capacity-bench-cache-")  # never the user's cache folder:
    os.environ["XDG_CACHE_HOME"] = cache  # every child process inherits it
    os.environ.pop("CAPACITY_CACHE", None)
    atexit.register(shutil.rmtree, cache, True)
    doc = subprocess.run([py, "-c", "from capacity.load import bundled_path; "
                          "print(bundled_path('source/baotou-2024-1.txt'))"], capture_output=True, text=True,
                         check=True).stdout.strip()
    lib = subprocess.run([py, "-c", f"""
import statistics, time
from capacity.extract import extract, read_document, to_yaml
def once():
    return to_yaml(extract(read_document({doc!r}), 'doc'))
once()
ts = []
for _ in range({args.runs}):
    t0 = time.perf_counter(); once(); ts.append(time.perf_counter() - t0)
print(statistics.median(ts))
"""], capture_output=True, text=True, check=True).stdout.strip()
    capacity = str(Path(py).with_name("capacity"))
    cli = fresh([capacity, "extract", doc], args.runs)
    base = fresh([py, "-c", "pass"], args.runs)
    fold = fresh([py, "-c", "from capacity.script import fold; fold('電池片')"], args.runs)
    has_opencc = subprocess.run([py, "-c", "import opencc"], capture_output=True).returncode == 0
    print(f"extract (library, bundled text, median of {args.runs}): {float(lib) * 1000:.1f} ms  (target < 1000 ms)")
    print(f"capacity extract (fresh process):              {cli * 1000:.0f} ms")
    print(f"python -c pass:                                {base * 1000:.0f} ms")
    print(f"import capacity.script + fold (fresh process): {fold * 1000:.0f} ms  (+{(fold - base) * 1000:.0f} ms)")
    if has_opencc:
        occ = fresh([py, "-c", "import opencc; opencc.OpenCC('t2s').convert('電池片')"], args.runs)
        print(f"opencc wheel t2s (fresh process):              {occ * 1000:.0f} ms  (+{(occ - base) * 1000:.0f} ms)")
    return 0 if float(lib) < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
