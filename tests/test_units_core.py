"""The core unit registry (capacity/units/core.txt): pint's full default registry without its pickle cache
costs ~180 ms a cold run, so a process starts with a small registry and switches to the full one the
first time a unit names anything else. These tests keep the two readings the same."""

from __future__ import annotations

import subprocess
import sys

import pint
import pytest

from capacity import units


@pytest.fixture(scope="module")
def both():
    core = units._build_registry(full=False)
    names = units._REGISTRY["names"] | units.CORE_DIFFERS
    full = pint.UnitRegistry(cache_folder=None)
    full.load_definitions(str(units.DEFINITIONS))
    yield core, full, names
    units._REGISTRY["ureg"] = None  # the next use builds afresh
    units._pint_unit.cache_clear()


def _reading(ureg, name):  # noqa: ANN001, ANN202
    u = ureg.parse_units(name)
    factor, root = ureg.get_root_units(u)
    return str(u), factor, str(root)


def test_core_differs_is_exactly_the_names_read_otherwise(both):
    core, full, names = both
    differ = set()
    for name in names:
        try:
            a = _reading(core, name)
        except pint.errors.PintError:
            continue  # the core registry cannot read it: the full one does
        try:
            b = _reading(full, name)
        except pint.errors.PintError:
            differ.add(name)
            continue
        if a != b:
            differ.add(name)
    assert differ == set(units.CORE_DIFFERS)
    assert {"t", "萬噸", "GW", "kWh", "千瓦時", "g", "Mt", "yt", "Yt", "元"} <= names - units.CORE_DIFFERS


@pytest.mark.parametrize("src,dst", [("t", "Mt"), ("萬噸", "t"), ("g/W", "t/GW"), ("千瓦時", "MWh"), ("GW", "W"),
                                     ("kWh", "J"), ("yt**8/Yt**7", "t"), ("億元", "元"), ("Mt", "kg"), ("GWh", "TWh")])
def test_core_and_full_give_the_same_factors(both, src, dst):
    core, full, _ = both
    for a, b in ((src, dst), (dst, src)):
        assert core.Quantity(1.0, a).to(b).magnitude == full.Quantity(1.0, a).to(b).magnitude
    assert core.get_base_units(src)[0] == full.get_base_units(src)[0]


def test_a_unit_outside_the_core_switches_to_the_full_registry():
    code = ("import capacity.units as u\n"
            "print(u.convert('87萬噸', 't'), u._REGISTRY['full'])\n"
            "print(u.convert('3 ft', 'm'), u._REGISTRY['full'])\n"
            "print(u.convert('87萬噸', 'Mt'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:3] == ["870000.0 False", "0.9143999999999999 True", "0.87"]  # as the parent gave


def test_figure_parsing_is_memoised_and_errors_are_not():
    from capacity.errors import QuantityError

    a = units.parse_figure("87萬噸")
    assert units.parse_figure("87萬噸") is a and a.low == 870000.0
    assert units.parse_figure("87萬噸", allow_bound=False) == a
    assert units.parse_figure(">87萬噸").bound == "at_least"
    for _ in range(2):
        with pytest.raises(QuantityError, match="is a bound"):
            units.parse_figure(">87萬噸", allow_bound=False)
    with pytest.raises(QuantityError, match="not a figure"):
        units.parse_figure(87)


def test_the_shipped_memo_is_what_pint_computes_now():
    """capacity/units/memo.json (conversions of the bundled data's units): regenerate it with
    `python tools/units_memo.py` when this fails (a definitions file, pint or a command changed)."""
    import json
    from pathlib import Path

    from capacity import cache

    tool = Path(__file__).resolve().parent.parent / "tools" / "units_memo.py"
    out = subprocess.run([sys.executable, str(tool), "--print"], capture_output=True, text=True, check=True).stdout
    fresh = json.loads(out)
    shipped = json.loads(cache.SHIPPED_MEMO.read_text(encoding="utf-8"))
    hint = "definitions changed: run `python tools/units_memo.py`"
    assert shipped["definitions"] == fresh["definitions"] == cache._definitions_digest(), hint
    both = set(shipped["memo"]) & set(fresh["memo"])  # data changes may add or drop units: no stale value either way
    assert len(both) > 20, hint
    assert {k: shipped["memo"][k] for k in both} == {k: fresh["memo"][k] for k in both}, hint


def test_a_first_run_on_the_bundled_data_needs_no_pint(tmp_path):
    import os

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("CAPACITY_CACHE", None)
    code = ("import sys\nfrom capacity_cli.main import run\nsys.argv = ['capacity'] + sys.argv[1:]\n"
            "try:\n    run()\nexcept SystemExit as e:\n    code = e.code\n"
            "print('PINT' if 'pint' in sys.modules else 'NOPINT', file=sys.stderr)\nsys.exit(code)\n")
    first = subprocess.run([sys.executable, "-c", code, "check"], capture_output=True, text=True, env=env)
    off = subprocess.run([sys.executable, "-c", code, "--no-cache", "check"], capture_output=True, text=True, env=env)
    assert off.stderr.strip().endswith("PINT"), off.stderr
    assert first.stderr.strip().endswith("NOPINT"), "a unit of the bundled data is not shipped: run `python tools/units_memo.py`"
    assert (first.returncode, first.stdout) == (off.returncode, off.stdout) and first.returncode == 1
