#!/usr/bin/env python3
"""Write capacity/units/memo.json: the unit conversions the bundled data's commands compute with pint,
shipped so that a first run on the bundled data (or on data in the same units) needs no pint.

    python tools/units_memo.py           # rewrite the file
    python tools/units_memo.py --print   # print what it would write (tests/test_units_core.py compares)

Runs the commands below in this process with the cache off (nothing read, so pint computes every
conversion), then takes the memo they leave (capacity.units.MEMO: plain floats and strings). The file
also records the digest of the definition files the numbers follow from (capacity.cache's
_definitions_digest): with other definitions installed, the file is not used.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

COMMANDS = [["check"], ["check", "--format", "json"], ["report"], ["report", "--units", "si"],
            ["report", "--lang", "zh"], ["targets"], ["sources"], ["compare"]]


def compute() -> dict:
    os.environ["CAPACITY_CACHE"] = "0"
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="capacity-units-memo-")
    import capacity

    capacity.PINT_WITHOUT_NUMPY = True  # as the CLI imports pint
    from typer.testing import CliRunner

    from capacity import cache, units
    from capacity_cli.main import app

    runner = CliRunner()
    for args in COMMANDS:
        result = runner.invoke(app, args)
        if result.exit_code not in (0, 1):
            raise SystemExit(f"capacity {' '.join(args)}: exit {result.exit_code}: {result.output[-500:]}")
    return {"definitions": cache._definitions_digest(), "memo": dict(sorted(units.memo_snapshot().items()))}


def main() -> int:
    doc = compute()
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    if "--print" in sys.argv[1:]:
        sys.stdout.write(text)
        return 0
    from capacity.cache import SHIPPED_MEMO

    Path(SHIPPED_MEMO).write_text(text, encoding="utf-8")
    print(f"wrote {len(doc['memo'])} conversions to {SHIPPED_MEMO}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
