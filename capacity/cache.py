"""A cache of loaded, checked datasets and of unit conversions, so a second run skips YAML, typing and pint.

An entry is keyed by a hash of the data files' bytes (and the names they are shown under) and of
this package's own source (every ``.py`` file and ``definitions.txt``), the Python version and the
installed pint: edit one byte of a data file, or of the code, and the entry no longer matches.
Only a dataset that loaded cleanly is stored, so every error message comes from a real parse.

Where: ``$XDG_CACHE_HOME/capacity`` (else ``~/.cache/capacity``), a folder created 0700; a folder
that is a symlink, is not the user's own, or that others can write is refused (nothing is read from
it or written to it). Format: JSON, never pickle: records are encoded generically by walking the
dataclasses of ``capacity.model``, ``capacity.units`` and ``capacity.errors`` (the allow-list is
derived from those modules, so a field or class added there needs no change here), and decoding
builds only those classes. Conversion results (``capacity.units.MEMO``: plain floats and strings)
live in one small file beside the entries, so a cache hit evaluates and renders without importing
pint or numpy. The folder is capped (``MAX_BYTES``), the least recently used entries go first.
A corrupt, foreign or stale entry is ignored (and rewritten); a cache that cannot be written is
skipped silently. ``CAPACITY_CACHE=0`` (or ``capacity --no-cache``) turns it all off.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from capacity.bundled import bundled_display, bundled_path

FORMAT = "capacity.cache/1"
ENV = "CAPACITY_CACHE"  # 0, false, no or off: no cache
MAX_BYTES = 256 * 1024 * 1024  # the whole folder; least recently used entries are deleted first
MAX_ENTRY_BYTES = MAX_BYTES // 2
MEMO_FILE = "units-memo.json"
MAX_MEMO_ENTRIES = 20_000
READ_CAP = 256 * 1024 * 1024  # data files larger than this are left to the loader (which refuses them)

STATE: dict[str, Any] = {"disabled": False, "memo_loaded": False, "memo_base": 0, "last": None}


class _Unserializable(Exception):
    pass


# ---------------------------------------------------------------------------------------------- switch


def enabled(use: bool = True) -> bool:
    """False under ``CAPACITY_CACHE=0``, after ``disable()``, or when ``use`` is false (``--no-cache``)."""
    if STATE["disabled"] or not use:
        return False
    return os.environ.get(ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def disable() -> None:
    STATE["disabled"] = True


def folder(create: bool = False) -> Optional[Path]:
    """The cache folder, or None when it does not exist (and ``create`` is false) or is not safe:
    a symlink, owned by someone else, or writable by group or others."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base or not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    path = Path(base) / "capacity"
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                path.mkdir(mode=0o700)
            except FileExistsError:
                pass
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022:
        return None
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return None
    return path


# ---------------------------------------------------------------------------------------------- keys


def _sha256() -> Any:
    """A SHA-256 object: CPython's built-in module when there is one (hashlib first loads OpenSSL, ~4 ms
    of every run), else hashlib's."""
    for name in ("_sha2", "_sha256"):  # 3.12+, 3.11
        try:
            return __import__(name).sha256()
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256()


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of capacity's own source files (and definitions.txt), Python's version and pint's files."""
    root = Path(__file__).resolve().parent
    h = _sha256()
    h.update(FORMAT.encode())
    h.update(sys.version.encode())
    files = sorted(p for p in root.rglob("*") if p.suffix in (".py", ".txt") and "__pycache__" not in p.parts)
    for p in files:
        try:
            data = p.read_bytes()
        except OSError:
            continue
        h.update(str(p.relative_to(root)).encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    try:
        import importlib.util

        spec = importlib.util.find_spec("pint")
        origin = spec.origin if spec else None
        if origin:
            st = os.stat(origin)
            h.update(f"pint\0{origin}\0{st.st_mtime_ns}\0{st.st_size}".encode())
    except (ImportError, OSError, ValueError):
        pass
    return h.hexdigest()



def sources(targets: Optional[Iterable[Any]], national: Optional[Any],
            national_layers: Iterable[Any] = ()) -> list[tuple[str, Path]]:
    """(name shown, path) of every file ``load_dataset(targets, national, national_layers)`` reads, in its order."""
    out = [(str(t), Path(t)) for t in (targets or [])] or [(bundled_display("targets.yaml"), bundled_path("targets.yaml"))]
    out.append((str(national), Path(national)) if national else (bundled_display("national.yaml"), bundled_path("national.yaml")))
    out.extend((f"+{layer}", Path(layer)) for layer in national_layers)  # added to the national data
    return out


def dataset_key(files: list[tuple[str, Path]]) -> Optional[str]:
    """The key of these files' bytes under this code, or None when one cannot be read (the loader
    then reports why)."""
    h = _sha256()
    h.update(code_version().encode())
    for name, path in files:
        data = _read_regular(path)
        if data is None:
            return None
        h.update(f"\0{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _read_regular(path: Path) -> Optional[bytes]:
    """The bytes of a regular file (at most READ_CAP), or None: a FIFO, a device or a folder is left to the
    loader, which refuses it with a message (opened non-blocking: a FIFO with no writer must not hang)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(READ_CAP + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= READ_CAP else None


# ---------------------------------------------------------------------------------------------- encoding


@lru_cache(maxsize=1)
def _classes() -> tuple[dict[type, tuple[str, Any]], dict[str, Any]]:
    """The allow-list: every dataclass defined in capacity.model, capacity.units and capacity.errors,
    with its name in the cache and a getter of its init fields in order."""
    import operator

    import capacity.errors
    import capacity.model
    import capacity.units

    by_type: dict[type, tuple[str, Any]] = {}
    by_name: dict[str, Any] = {}  # name → builder
    for mod in (capacity.model, capacity.units, capacity.errors):
        for obj in vars(mod).values():
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == mod.__name__:
                name = obj.__name__ if obj.__name__ not in by_name else f"{mod.__name__}.{obj.__name__}"
                names = [f.name for f in dataclasses.fields(obj) if f.init]
                getter = operator.attrgetter(*names) if len(names) > 1 else (
                    (lambda x, n=names[0]: (getattr(x, n),)) if names else (lambda x: ()))
                by_type[obj] = (name, getter)
                by_name[name] = _builder(obj, names)
    for reserved in ("D", "[]", "{}"):
        by_name.pop(reserved, None)
    return by_type, by_name


def _builder(cls: type, names: list[str]) -> Any:
    """A function from field values (in order) to an instance. A frozen dataclass's __init__ sets each
    field through object.__setattr__ (slow at a million records); a plain dataclass without
    __post_init__ or slots is filled through its __dict__ instead, which is what __init__ would leave."""
    if hasattr(cls, "__post_init__") or "__slots__" in vars(cls) or any(
            f.init and f.name not in names for f in dataclasses.fields(cls)):
        return lambda values: cls(*values)
    new = object.__new__
    fields = tuple(names)

    def build(values: list) -> Any:
        obj = new(cls)
        obj.__dict__.update(zip(fields, values))
        return obj

    return build


_PLAIN = (str, int, float, bool, type(None))


def encode(obj: Any) -> Any:
    """A JSON-able form of ``obj``: records as ``{"Class": [field values in order]}``, tuples as
    arrays, lists as ``{"[]": [...]}``, dicts as ``{"{}": [[key, value], ...]}``, Decimals as
    ``{"D": "1E+4"}``. Anything else (a class not on the allow-list) raises."""
    by_type = _classes()[0]
    shared: dict[int, Any] = {}  # objects met twice (the units a whole file shares) are encoded once

    def enc(x: Any) -> Any:
        t = type(x)
        if t in _PLAIN:
            return x
        if t is tuple:
            return [v if type(v) in _PLAIN else enc(v) for v in x]
        spec = by_type.get(t)
        if spec is not None:
            key = id(x)
            done = shared.get(key)
            if done is not None:
                return done
            out = {spec[0]: [v if type(v) in _PLAIN else enc(v) for v in spec[1](x)]}
            shared[key] = out  # x stays alive (it is part of obj) while we encode: its id is not reused
            return out
        if t is Decimal:
            return {"D": str(x)}
        if t is list:
            return {"[]": [enc(v) for v in x]}
        if t is dict:
            return {"{}": [[enc(k), enc(v)] for k, v in x.items()]}
        if isinstance(x, str):  # a message (capacity.messages.Msg): its English words, as text
            return str(x)
        raise _Unserializable(t.__name__)

    return enc(obj)


def decode(data: Any) -> Any:
    """Inverse of ``encode`` for parsed JSON (only for the object hook's output: see ``loads``)."""
    return _tup(data)


def _tup(v: Any) -> Any:
    if type(v) is list:
        return tuple([_tup(x) for x in v])
    return v


def _hook(by_name: dict[str, Any]):  # noqa: ANN202
    def hook(d: dict) -> Any:
        if len(d) != 1:
            raise ValueError("not a cache record")
        (name, value), = d.items()
        build = by_name.get(name)
        if build is not None:
            return build([_tup(a) if type(a) is list else a for a in value])
        if name == "D":
            return Decimal(value)
        if name == "[]":
            return [_tup(x) for x in value]
        if name == "{}":
            return {_tup(k): _tup(x) for k, x in value}
        if name in ("dataset", "memo"):  # the envelope
            return d
        raise ValueError(f"not an allowed record: {name}")

    return hook


def dumps_dataset(ds: Any) -> bytes:
    return json.dumps({"dataset": encode(ds)}, ensure_ascii=False, separators=(",", ":")).encode()


def loads_dataset(raw: bytes) -> Any:
    from capacity.model import Dataset

    doc = json.loads(raw, object_hook=_hook(_classes()[1]))
    ds = doc.get("dataset") if isinstance(doc, dict) else None
    if not isinstance(ds, Dataset):
        raise ValueError("not a dataset")
    return ds


# ---------------------------------------------------------------------------------------------- files


def _write(path: Path, data: bytes) -> bool:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        except BaseException:
            os.unlink(tmp)
            raise
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def _read(path: Path) -> Optional[bytes]:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def _evict(where: Path, keep: Path) -> None:
    """Delete the least recently used entries until the folder is under MAX_BYTES."""
    try:
        entries = []
        for p in where.iterdir():
            if p.name.endswith(".json") or p.name.endswith(".tmp"):
                st = p.lstat()
                if stat.S_ISREG(st.st_mode):
                    entries.append((st.st_mtime_ns, st.st_size, p))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, p in sorted(entries, key=lambda e: e[0]):
        if total <= MAX_BYTES:
            break
        if p == keep or p.name == MEMO_FILE:
            continue
        try:
            p.unlink()
            total -= size
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------- memo


def load_memo(use: bool = True) -> None:
    """Preload the conversions earlier runs computed (once per process; no-op when the cache is off)."""
    if STATE["memo_loaded"] or not enabled(use):
        return
    STATE["memo_loaded"] = True
    from capacity import units

    where = folder()
    raw = _read(where / MEMO_FILE) if where else None
    if raw:
        try:
            doc = json.loads(raw)
            if doc.get("format") == FORMAT and doc.get("code") == code_version() and isinstance(doc.get("memo"), dict):
                units.memo_preload({k: v for k, v in doc["memo"].items()
                                    if isinstance(k, str) and type(v) in (float, str)})
        except (ValueError, AttributeError, TypeError):
            pass  # corrupt: rewritten by save_memo
    STATE["memo_base"] = units.memo_added()


def save_memo() -> None:
    """Write the memo back if this run computed conversions it did not have."""
    if not STATE["memo_loaded"] or not enabled():
        return
    from capacity import units

    if units.memo_added() == STATE["memo_base"]:
        return
    memo = units.memo_snapshot()
    if len(memo) > MAX_MEMO_ENTRIES:
        return
    where = folder(create=True)
    if where is None:
        return
    data = json.dumps({"format": FORMAT, "code": code_version(), "memo": memo}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    if _write(where / MEMO_FILE, data):
        STATE["memo_base"] = units.memo_added()


# ---------------------------------------------------------------------------------------------- datasets


def load_dataset(targets: Optional[Iterable[Any]] = None, national: Optional[Any] = None, *,
                 national_layers: Iterable[Any] = (), use_cache: bool = True) -> Any:
    """``capacity.load.load_dataset`` through the cache: a hit reads the stored dataset (no YAML,
    no typing, no pint); a miss loads the files and stores what loaded cleanly. ``STATE["last"]`` says
    which ("hit", "miss" or "off")."""
    targets = list(targets or [])
    layers = [str(x) for x in national_layers]
    if not enabled(use_cache):
        STATE["last"] = "off"
        from capacity.load import load_dataset as load

        return load(targets or None, national, national_layers=layers)
    load_memo()
    files = sources(targets, national, layers)
    key = dataset_key(files)
    where = folder()
    if key is not None and where is not None:
        entry = where / f"{key}.json"
        raw = _read(entry)
        if raw is not None:
            try:
                ds = loads_dataset(raw)
            except (ValueError, TypeError, KeyError, RecursionError):
                ds = None  # corrupt, foreign or from another layout: load afresh and rewrite it
            if ds is not None:
                try:
                    os.utime(entry)  # recently used: evicted last
                except OSError:
                    pass
                STATE["last"] = "hit"
                return ds
    from capacity.load import load_dataset as load

    ds = load(targets or None, national, national_layers=layers)  # raises on bad input: nothing is stored
    STATE["last"] = "miss"
    if key is not None and dataset_key(files) == key:  # the files did not change while loading
        store(key, ds)
    return ds


def store(key: str, ds: Any) -> bool:
    try:
        data = dumps_dataset(ds)
    except (_Unserializable, ValueError, RecursionError):
        return False
    if len(data) > MAX_ENTRY_BYTES:
        return False
    where = folder(create=True)
    if where is None:
        return False
    entry = where / f"{key}.json"
    ok = _write(entry, data)
    if ok:
        _evict(where, entry)
    return ok
