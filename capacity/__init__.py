"""capacity: capacity and share calculator for regional industrial-policy targets.

The library behind the ``capacity`` command. Nothing here prints or exits::

    import capacity
    ds = capacity.load_dataset()                 # the bundled Baotou 2024 data
    report = capacity.evaluate(ds)               # every share, supply ratio, rollup, progress row
    capacity.share("87萬噸", "217.5萬噸")          # 0.4

Imports are lazy so that ``import capacity`` (and ``capacity --help``) stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

#: The command line sets this: pint is then imported without numpy (see capacity.units._import_pint).
PINT_WITHOUT_NUMPY = False

_EXPORTS = {
    "load_dataset": "capacity.load",
    "read_targets": "capacity.load",
    "read_national": "capacity.load",
    "validate_files": "capacity.validate",
    "evaluate": "capacity.evaluate",
    "Options": "capacity.evaluate",
    "share": "capacity.evaluate",
    "gap": "capacity.evaluate",
    "headroom": "capacity.evaluate",
    "supply_ratio": "capacity.evaluate",
    "select_national": "capacity.evaluate",
    "exit_code": "capacity.evaluate",
    "parse_figure": "capacity.units",
    "convert": "capacity.units",
    "registry": "capacity.units",
    "InputError": "capacity.errors",
    "apply_overrides": "capacity.scenario",
    "Overrides": "capacity.scenario",
    "to_frame": "capacity.render.xlsx",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'capacity' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
