"""Project defaults: ``[tool.capacity]`` in the nearest ``pyproject.toml``, or a ``capacity.toml``.

Looked for from the working folder upwards (in each folder ``capacity.toml`` first, then a
``pyproject.toml`` that has a ``[tool.capacity]`` table), stopping at the first folder that holds
``.git`` or at the file-system root. Keys (README: Project defaults): ``targets`` (a file or a list of files),
``national`` (a file or a list of ID=QUANTITY overrides and at most one file), ``lang`` (zh or en),
``units`` (doc or si), ``tolerance`` (percentage points). File names are relative to the folder of
the file that names them. The command line always wins: a default from here applies only where the
option is not given.

``capacity.toml`` holds the keys at its top level or under ``[tool.capacity]``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from capacity.errors import InputError, Location

KEYS = ("targets", "national", "lang", "units", "tolerance")
FILES = ("capacity.toml", "pyproject.toml")
MAX_BYTES = 1024 * 1024


@dataclass
class Config:
    """The defaults that apply and the file they come from (None: no file found)."""

    path: Optional[Path] = None
    values: dict[str, Any] = field(default_factory=dict)

    def source(self, key: str) -> str:
        return str(self.path) if key in self.values and self.path else "built-in default"


def find(start: Optional[Path] = None) -> Optional[tuple[Path, dict]]:
    """(file, its [tool.capacity] table) of the nearest configuration, or None."""
    folder = Path(start or os.getcwd()).resolve()
    for d in (folder, *folder.parents):
        for name in FILES:
            p = d / name
            if p.is_file():
                if name == "pyproject.toml" and not _mentions_capacity(p):  # most have none: no TOML parsed
                    continue
                table = _table(p)
                if table is not None:
                    return p, table
        if (d / ".git").exists():
            break
    return None


_TOOL_TABLE = re.compile(rb'tool\s*\.\s*"?capacity\b')


def _mentions_capacity(path: Path) -> bool:
    """Whether a pyproject.toml may hold [tool.capacity] (most do not: then no TOML is parsed)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        return bool(_TOOL_TABLE.search(data)) or (b"[tool]" in data and b"capacity" in data)
    except OSError:
        return False


def _toml(path: Path) -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read '{path}': {exc.strerror or exc}", location=None, value=str(path)) from None
    if len(data) > MAX_BYTES:
        raise InputError(f"'{path}' is {len(data)} bytes", location=Location(str(path), 1),
                         expected="a configuration file under 1 MiB")
    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("the file is not UTF-8", location=Location(str(path), 1), expected="UTF-8 TOML") from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_of(str(exc))
        raise InputError(f"invalid TOML: {str(exc).split(' (at ')[0]}", location=Location(str(path), line or 1),
                         expected="TOML (key = \"value\")") from None


def _line_of(message: str) -> Optional[int]:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def _table(path: Path) -> Optional[dict]:
    data = _toml(path)
    tool = data.get("tool")
    table = tool.get("capacity") if isinstance(tool, dict) else None
    if table is None and path.name == "capacity.toml":
        table = {k: v for k, v in data.items() if k != "tool"}
    if table is None:
        return None
    if not isinstance(table, dict):
        raise InputError("[tool.capacity] is not a table", location=Location(str(path), 1),
                         expected="[tool.capacity] followed by key = value lines")
    return table


def _strings(value: Any, key: str, path: Path) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(x, str) and x for x in items):
        raise InputError(f"'{key}' in {path} is {value!r}", location=_where(path, key), value=repr(value),
                         expected=f"a file name or a list of them, e.g. {key} = [\"data/{key}.yaml\"]")
    return items


def _where(path: Path, key: str) -> Location:
    """The line of ``key = `` in the file (1 if not found)."""
    try:
        for i, line in enumerate(path.read_text("utf-8-sig").splitlines(), start=1):
            if line.strip().startswith(f"{key} ") or line.strip().startswith(f"{key}="):
                return Location(str(path), i)
    except (OSError, UnicodeDecodeError):
        pass
    return Location(str(path), 1)


def _relative(name: str, folder: Path) -> str:
    if name == "-" or "=" in name and not (folder / name).exists():
        return name  # standard input, or an override ID=QUANTITY
    p = Path(name).expanduser()
    return os.path.normpath(str(p if p.is_absolute() else folder / p))


def validate(path: Path, table: dict) -> dict[str, Any]:
    """The table's values, checked and with file names made relative to the file's folder."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            import difflib

            near = difflib.get_close_matches(key, KEYS, n=1)
            raise InputError(f"unknown key '{key}' in [tool.capacity]", location=_where(path, key), value=key,
                             expected="one of " + ", ".join(KEYS), hint=f"did you mean '{near[0]}'?" if near else None)
        if key in ("targets", "national"):
            out[key] = [_relative(x, path.parent) for x in _strings(value, key, path)]
        elif key == "lang":
            if value not in ("zh", "en"):
                raise InputError(f"lang = {value!r} in {path}", location=_where(path, key), value=repr(value),
                                 expected='"zh" or "en"')
            out[key] = value
        elif key == "units":
            if value not in ("doc", "si"):
                raise InputError(f"units = {value!r} in {path}", location=_where(path, key), value=repr(value),
                                 expected='"doc" or "si"')
            out[key] = value
        else:  # tolerance
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
                raise InputError(f"tolerance = {value!r} in {path}", location=_where(path, key), value=repr(value),
                                 expected="a number of percentage points from 0 to 100, e.g. tolerance = 2.5")
            out[key] = float(value)
    return out


def load(start: Optional[Path] = None) -> Config:
    """The configuration that applies in ``start`` (default: the working folder)."""
    found = find(start)
    if found is None:
        return Config()
    path, table = found
    return Config(path=path, values=validate(path, table))


__all__ = ["Config", "KEYS", "load", "find"]
