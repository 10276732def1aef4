"""A cache of loaded, checked datasets and of unit conversions, so a second run skips YAML, typing and pint.

An entry is keyed by a hash of the data files' bytes (and the names they are shown under) and of
this package's own source (every ``.py`` file and ``definitions.txt``, by name, size and modification and
change times: ``tree_digest``), the Python version and the
installed pint: edit one byte of a data file, or of the code, and the entry no longer matches.
Only a dataset that loaded cleanly is stored, so every error message comes from a real parse.

Where: ``$XDG_CACHE_HOME/capacity`` (else ``~/.cache/capacity``), a folder created 0700; a folder
that is a symlink, is not the user's own, or that others can write is refused (nothing is read from
it or written to it). Format: JSON, never pickle: records are encoded generically from the
dataclasses of ``capacity.model``, ``capacity.units`` and ``capacity.errors`` and their field
annotations (the allow-list is derived from those modules, so a field or class added there needs no
change here), and decoding builds only those classes. Conversion results (``capacity.units.MEMO``: plain floats and strings)
live in one small file beside the entries, so a cache hit evaluates and renders without importing
pint or numpy. The folder is capped (``MAX_BYTES``), the least recently used entries go first.
Every file starts with a header line naming the key it was written for and the SHA-256 of its body
(``frame``); a corrupt, foreign (copied from another key), edited or stale entry is ignored (and
rewritten); a cache that cannot be written is skipped silently. ``CAPACITY_CACHE=0`` (or ``capacity
--no-cache``) turns it all off; a value that is neither on nor off is an InputError. pint's own disk
cache (pickle) is never used: see ``capacity.units.registry``."""

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

FORMAT = "capacity.cache/4"  # 2: every file framed by a header line naming its key and the digest of its body;
# 3: a message (Msg) kept as its code and parameters; 4: one-record fields positional, tables of units and figures
ENV = "CAPACITY_CACHE"
ENV_ON = ("", "1", "true", "yes", "on")  # case and surrounding spaces ignored
ENV_OFF = ("0", "false", "no", "off")
MAX_BYTES = 256 * 1024 * 1024  # the whole folder; least recently used entries are deleted first
MAX_ENTRY_BYTES = MAX_BYTES // 2
MEMO_FILE = "units-memo.json"
MAX_MEMO_ENTRIES = 20_000
READ_CAP = 256 * 1024 * 1024  # data files larger than this are left to the loader (which refuses them)

STATE: dict[str, Any] = {"disabled": False, "memo_loaded": False, "memo_base": 0, "memo_stale": False, "last": None}


class _Unserializable(Exception):
    pass


# ---------------------------------------------------------------------------------------------- switch


def enabled(use: bool = True) -> bool:
    """False under ``CAPACITY_CACHE=0``, after ``disable()``, or when ``use`` is false (``--no-cache``).
    Any other value than those of ENV_ON and ENV_OFF raises InputError (exit 2): ``CAPACITY_CACHE=disabled``
    must not leave the cache on."""
    value = os.environ.get(ENV, "").strip().lower()
    if value not in ENV_ON and value not in ENV_OFF:
        from capacity.errors import InputError

        raise InputError(f"{ENV}={os.environ.get(ENV, '')!r} is not a setting of the cache", value=value,
                         expected=f"{ENV}=0 (also {', '.join(ENV_OFF[1:])}) to turn the cache off, or 1 "
                                  f"(also {', '.join(x for x in ENV_ON[2:])}, or unset) to keep it on")
    if STATE["disabled"] or not use:
        return False
    return value not in ENV_OFF


def disable() -> None:
    STATE["disabled"] = True


def folder(create: bool = False) -> Optional[Path]:
    """The cache folder, or None when it does not exist (and ``create`` is false) or is not safe:
    a symlink, owned by someone else, or writable by group or others."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base or not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home) or not os.path.isdir(home):  # a missing HOME is never created
            return None
        base = os.path.join(home, ".cache")
    path = Path(base) / "capacity"
    try:
        if create:
            if not path.parent.parent.is_dir():  # only the cache base itself is created, never its parents
                return None
            try:
                path.parent.mkdir(mode=0o700)
            except FileExistsError:
                pass
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


def tree_digest(root: Path, suffixes: tuple[str, ...] = (".py", ".txt")) -> str:
    """SHA-256 of the files under ``root`` with these suffixes (``__pycache__`` left out), by name, size,
    inode, modification and change time (nanoseconds): any write to a file changes its change time, which
    no tool can set back, and a reinstall writes new files, so a changed source always changes the digest,
    at the cost of a stat per file (reading and hashing every source cost ~7 ms of each run)."""
    entries = []
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                for e in it:
                    if e.is_dir(follow_symlinks=False):
                        if e.name != "__pycache__":
                            stack.append(e.path)
                    elif e.name.endswith(suffixes):
                        try:
                            st = e.stat()
                        except OSError:
                            continue
                        entries.append(f"{os.path.relpath(e.path, root)}\0{st.st_size}\0{st.st_ino}\0"
                                       f"{st.st_mtime_ns}\0{st.st_ctime_ns}")
        except OSError:
            continue
    h = _sha256()
    h.update("\n".join(sorted(entries)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of capacity's own source files (and definitions.txt: ``tree_digest``), Python's version and
    pint's files."""
    root = Path(__file__).resolve().parent
    h = _sha256()
    h.update(FORMAT.encode())
    h.update(sys.version.encode())
    h.update(tree_digest(root).encode())
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
    classes = {obj.__name__ for mod in (capacity.model, capacity.units, capacity.errors) for obj in vars(mod).values()
               if isinstance(obj, type) and dataclasses.is_dataclass(obj)}
    for mod in (capacity.model, capacity.units, capacity.errors):
        for obj in vars(mod).values():
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == mod.__name__:
                name = obj.__name__ if obj.__name__ not in by_name else f"{mod.__name__}.{obj.__name__}"
                fields = [f for f in dataclasses.fields(obj) if f.init]
                names = [f.name for f in fields]
                getter = operator.attrgetter(*names) if len(names) > 1 else (
                    (lambda x, n=names[0]: (getattr(x, n),)) if names else (lambda x: ()))
                by_type[obj] = (name, getter)
                by_name[name] = _with_tuples(_builder(obj, names), fields, classes)
    for reserved in ("D", "F", "[]", "{}"):
        by_name.pop(reserved, None)
    return by_type, by_name


#: Names in a field's annotation under which its value is never a JSON array (so never a tuple to rebuild).
_NO_ARRAY = frozenset({"str", "int", "float", "bool", "Optional", "None", "Decimal"})


def _with_tuples(build: Any, fields: list, classes: set[str]) -> Any:
    """``build`` preceded by turning JSON arrays back into tuples, in the fields whose annotation may hold
    one (``tuple[...]``, or anything not plainly a scalar or a record). Most records have none: decoding
    100,000 targets no longer walks every value of every record."""
    import re

    idx = tuple(i for i, f in enumerate(fields)
                if not set(re.findall(r"\w+", str(f.type))) <= (_NO_ARRAY | classes))
    if not idx:
        return build

    def with_tuples(values: list) -> Any:
        n = len(values)
        for i in idx:
            if i < n and type(values[i]) is list:
                values[i] = _tup(values[i]) if values[i] else ()
        return build(values)

    return with_tuples


def _builder(cls: type, names: list[str]) -> Any:
    """A function from field values (in order) to an instance. A frozen dataclass's __init__ sets each
    field through object.__setattr__ (slow at a million records); a plain dataclass without
    __post_init__ or slots is filled through its __dict__ instead, which is what __init__ would leave."""
    new = object.__new__
    fields = tuple(names)
    if hasattr(cls, "__post_init__") or any(f.init and f.name not in names for f in dataclasses.fields(cls)) or (
            "__slots__" in vars(cls) and set(vars(cls)["__slots__"]) != set(names)):
        return lambda values: cls(*values)
    if "__slots__" in vars(cls):  # each field a slot: set through its descriptor (what __init__ leaves)
        setters = tuple(vars(cls)[n].__set__ for n in names)
        count = len(setters)

        def build_slots(values: list) -> Any:
            if len(values) != count:
                raise ValueError("not a cache record")
            obj = new(cls)
            for put, v in zip(setters, values):
                put(obj, v)
            return obj

        return build_slots

    def build(values: list) -> Any:
        obj = new(cls)
        obj.__dict__.update(zip(fields, values))
        return obj

    return build


_PLAIN = (str, int, bool, type(None))  # floats: finite ones as they are, others as {"F": "inf"} (orjson writes null)


def encode(obj: Any) -> Any:
    """A JSON-able form of ``obj``: records as ``{"Class": [field values in order]}``, tuples as
    arrays, lists as ``{"[]": [...]}``, dicts as ``{"{}": [[key, value], ...]}``, Decimals as
    ``{"D": "1E+4"}``. Anything else (a class not on the allow-list) raises."""
    by_type = _classes()[0]
    shared: dict[int, Any] = {}  # objects met twice (the units a whole file shares) are encoded once

    def enc(x: Any) -> Any:
        t = type(x)
        if t is float:
            return x if x - x == 0.0 else {"F": repr(x)}
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
        if isinstance(x, str):  # a message (capacity.messages.Msg): its code and parameters, so that a
            code = getattr(x, "code", None)  # cached error is worded in the language of the run that reads it
            if code is not None and isinstance(getattr(x, "params", None), dict):
                return {"M": [code, enc(x.params)]}
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


#: Plain value records read back as one object per distinct value (JSON repeats a unit shared by a
#: whole file on every figure: 100,000 equal Units, each hashed and compared in the conversion memo).
_INTERN = frozenset({"Unit"})
#: Records written once in a table of the entry and referred to by their index from a field that holds
#: one of them (``Writer``): the table's tag, in the order the tables are read (a figure refers to units).
#: Units: one per distinct unit; figures: one per figure object (the loader shares a figure among the
#: targets that write it alike), so reading an entry builds each once, as loading did.
_TABLES = {"Unit": "Ut", "Figure": "Ft"}


def _positional(by_name: dict[str, Any], tables: dict[str, list]) -> dict[str, Any]:
    """``by_name``'s builders, each first turning the fields ``_Writer`` wrote positionally back into
    records: a list into the field's record class, an index into the entry's table of that class."""
    specs = _record_specs()
    out = dict(by_name)
    todo = {spec[0]: spec[4] for spec in specs.values() if spec[4] and spec[0] in by_name}

    def with_records(build: Any, subs: tuple) -> Any:
        subs = tuple((i, specs[cls][0], tables[specs[cls][0]] if ref else None) for i, cls, ref in subs)

        def build_records(values: list) -> Any:
            n = len(values)
            for i, name, table in subs:
                if i < n:
                    v = values[i]
                    t = type(v)
                    if t is list:
                        values[i] = out[name](v)
                    elif table is not None and t is int:
                        if not 0 <= v < len(table):
                            raise ValueError("not a cache record")
                        values[i] = table[v]
            return build(values)

        return build_records

    for name, subs in todo.items():
        out[name] = with_records(by_name[name], subs)
    return out


def _hook(by_name: dict[str, Any]):  # noqa: ANN202
    interned: dict[tuple, Any] = {}
    tables: dict[str, list] = {name: [] for name in _TABLES}  # the entry's tables, read before the dataset
    by_name = _positional(by_name, tables)
    tags = {tag: name for name, tag in _TABLES.items()}

    def hook(d: dict) -> Any:
        if len(d) != 1:
            if len(d) == 2 and "tables" in d and "dataset" in d:  # the envelope
                return d
            raise ValueError("not a cache record")
        (name, value), = d.items()
        if name in tags and type(value) is list:  # an entry of a table
            record = by_name[tags[name]](value)
            tables[tags[name]].append(record)
            return record
        build = by_name.get(name)
        if build is not None:
            if type(value) is not list:
                raise ValueError("not a cache record")
            if name in _INTERN:
                key = (name, *(("D", str(v)) if type(v) is Decimal else v for v in value))  # 1E+4, 10000 apart
                try:
                    return interned[key]
                except KeyError:
                    out = interned[key] = build(value)
                    return out
                except TypeError:  # an unhashable field: built as it is
                    pass
            return build(value)
        if name == "D":
            return Decimal(value)
        if name == "M" and type(value) is list and len(value) == 2 and type(value[0]) is str \
                and type(value[1]) is dict:
            from capacity.messages import Msg

            try:
                return Msg(value[0], **value[1])
            except (KeyError, IndexError, ValueError, TypeError, AttributeError):  # no such code, other params
                raise ValueError("not a cache record") from None
        if name == "F" and value in ("inf", "-inf", "nan"):
            return float(value)
        if name == "[]":
            return [_tup(x) for x in value]
        if name == "{}":
            return {_tup(k): _tup(x) for k, x in value}
        if name in ("dataset", "memo"):  # the envelope
            return d
        raise ValueError(f"not an allowed record: {name}")

    return hook


# ---------------------------------------------------------------------------------------------- framing
# Every file in the folder is one header line, then the body: {"format", "key", "sha256"}, where sha256 is
# the digest of the key and the body. A file whose header is not this format, names another key (an entry
# copied or renamed), or whose body does not match the digest (an edited digit, a truncated write) is
# ignored, and rewritten by the run that computes it afresh. The digest is not a signature: it detects
# corruption and misplaced entries; the folder's checks (``folder``) keep others from writing at all.


def _digest(key: str, body: bytes) -> str:
    h = _sha256()
    h.update(FORMAT.encode() + b"\0" + key.encode() + b"\0")
    h.update(body)
    return h.hexdigest()


def _head(key: str, body: bytes) -> bytes:
    """The header line of a file written for ``key`` with this body."""
    head = json.dumps({"format": FORMAT, "key": key, "sha256": _digest(key, body)}, separators=(",", ":"))
    return head.encode() + b"\n"


def frame(key: str, body: bytes) -> bytes:
    return _head(key, body) + body


def _header(raw: bytes, key: str) -> Optional[tuple[int, str]]:
    """(where the body starts, the digest the header names) when ``raw``'s header line is this format's and
    names ``key``; else None."""
    end = raw.find(b"\n", 0, 512)
    if end < 0:
        return None
    try:
        head = json.loads(raw[:end])
    except ValueError:
        return None
    if type(head) is not dict or head.get("format") != FORMAT or head.get("key") != key:
        return None
    return end + 1, head.get("sha256")


def unframe(raw: bytes, key: str) -> Optional[bytes]:
    """The body of a file written by ``frame(key, body)``, or None when anything does not match."""
    head = _header(raw, key)
    if head is None:
        return None
    body = raw[head[0]:]
    return body if head[1] == _digest(key, body) else None


def _body_text(raw: bytes, key: str) -> Optional[str]:
    """``unframe(raw, key)`` decoded as UTF-8 text, without a copy of the body's bytes (``json.loads``
    of bytes decodes them to text first anyway), or None."""
    head = _header(raw, key)
    if head is None:
        return None
    with memoryview(raw) as view:
        body = view[head[0]:]
        try:
            if head[1] != _digest(key, body):
                return None
            return str(body, "utf-8")
        except UnicodeDecodeError:
            return None
        finally:
            body.release()


def dumps_dataset(ds: Any) -> bytes:
    """The entry's body: compact JSON. With orjson (installed with the ``fast`` extra), records are not
    walked in Python first: orjson calls ``_Writer.default`` once per record in a tuple (a target, an
    observation…) and writes plain field values itself; a field that holds one record (a target's figure,
    a threshold, a location) is written positionally, as the list of that record's values, and a unit or a
    figure as an index into the entry's table of them (``"tables"``, written before the dataset: see
    ``_TABLES``). ``loads_dataset`` reads both this and ``encode``'s form (the one without orjson)."""
    try:
        import orjson
    except ImportError:
        orjson = None
    if orjson is not None:
        try:
            return _Writer(orjson).dumps(ds)
        except _Unserializable:
            raise
        except (TypeError, ValueError):  # an integer beyond 64 bits, a lone surrogate: json says what it can
            pass
    doc = {"dataset": encode(ds)}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


#: Field annotations whose values orjson writes itself as ``encode`` would (records come back to
#: ``_Writer.default``, a Decimal or a message too): such fields are not looked at in Python (the
#: annotations of the record modules are trusted: a float in a field annotated ``str`` would be written
#: by orjson, an infinite one as null).
_RAW_WORDS = frozenset({"str", "int", "bool", "Optional", "None", "Decimal"})
_NATIVE = frozenset({str, int, bool, type(None)})


@lru_cache(maxsize=1)
def _record_specs() -> dict[type, tuple[str, Any, tuple[int, ...], frozenset, tuple]]:
    """For each record class: its name in the cache, the getter of its init fields, the indexes of the
    fields to look at (any annotation but plain ones: floats, tuples, anything else), of those the tuple
    fields whose items are records or strings only (orjson writes such a tuple itself), and the fields
    that hold one record of a known class (``Optional[Figure]``): (index, class, written as a table index)."""
    import re

    by_type = _classes()[0]
    names = {cls.__name__ for cls in by_type}
    by_bare: dict[str, Any] = {}
    for cls in by_type:
        by_bare[cls.__name__] = None if cls.__name__ in by_bare else cls  # a name two modules share: not positional
    specs = {}
    for cls, (name, getter) in by_type.items():
        words = [set(re.findall(r"\w+", str(f.type))) for f in dataclasses.fields(cls) if f.init]
        checked = tuple(i for i, w in enumerate(words) if not w <= _RAW_WORDS | names)
        safe = frozenset(i for i in checked if words[i] <= names | {"tuple", "str", "Optional", "None"})
        subs = []
        for i, w in enumerate(words):
            own = w - {"Optional", "None"}
            if len(own) == 1:
                sub = by_bare.get(next(iter(own)))
                if sub is not None:
                    subs.append((i, sub, by_type[sub][0] in _TABLES))
        specs[cls] = (name, getter, checked, safe, tuple(subs))
    return specs


class _Writer:
    """One entry's writing: orjson's ``default`` and the tables of the units and figures met."""

    def __init__(self, orjson: Any) -> None:
        self.orjson = orjson
        self.specs = _record_specs()
        self.tables: dict[str, list] = {name: [] for name in _TABLES}  # records in the order first met
        self.index: dict[Any, int] = {}  # id(record), and a unit's values → its place in its table
        self.keep: list[Any] = []  # the records whose ids are keys of ``index``: alive while writing

    def dumps(self, ds: Any) -> bytes:
        o = self.orjson
        opt = o.OPT_PASSTHROUGH_DATACLASS | o.OPT_PASSTHROUGH_SUBCLASS | o.OPT_PASSTHROUGH_DATETIME
        body = o.dumps(ds, default=self.default, option=opt)
        written = {}
        for name in reversed(_TABLES):  # figures first: writing them meets more units
            tag = _TABLES[name]
            written[name] = o.dumps([{tag: self.values(x)} for x in self.tables[name]], default=self.default,
                                    option=opt)
        tables = b",".join(written[name] for name in _TABLES)  # read in _TABLES' order: units first
        return b"".join((b'{"tables":[', tables, b'],"dataset":', body, b"}"))

    def default(self, x: Any) -> Any:
        if type(x) in self.specs:
            return {self.specs[type(x)][0]: self.values(x)}
        if type(x) is Decimal:
            return {"D": str(x)}
        return encode(x)  # a message (a str subclass), …: the generic rules (raises for anything else)

    def values(self, x: Any) -> Any:
        """A record's field values as written: plain ones as they are, the rest as ``encode`` spells them,
        a record in a one-record field as its own values, a unit as its index in the table."""
        name, getter, checked, safe, subs = self.specs[type(x)]
        values = getter(x)
        if not checked and not subs:
            return values
        values = list(values)
        for i in checked:
            v = values[i]
            t = type(v)
            if t in _NATIVE or (t is float and v - v == 0.0) or (t is tuple and i in safe):
                continue
            values[i] = encode(v)
        for i, cls, ref in subs:
            v = values[i]
            if type(v) is cls:
                values[i] = self.ref(v) if ref else self.values(v)
            elif v is not None and type(v) not in self.specs:  # not what the annotation says: spelled out
                values[i] = encode(v)
        return values

    def ref(self, x: Any) -> int:
        at = self.index.get(id(x))
        if at is None:
            name = self.specs[type(x)][0]
            table = self.tables[name]
            key = None
            if name in _INTERN:  # an equal unit met before is the same entry (1E+4 and 10000 kept apart)
                key = (name, *(("D", str(v)) if type(v) is Decimal else v for v in self.specs[type(x)][1](x)))
                at = self.index.get(key)
            if at is None:
                at = len(table)
                table.append(x)
                if key is not None:
                    self.index[key] = at
            self.index[id(x)] = at
            self.keep.append(x)
        return at


def loads_dataset(raw: bytes | str) -> Any:
    from capacity.model import Dataset

    doc = json.loads(raw, object_hook=_hook(_classes()[1]))
    ds = doc.get("dataset") if isinstance(doc, dict) else None
    if not isinstance(ds, Dataset):
        raise ValueError("not a dataset")
    return ds


# ---------------------------------------------------------------------------------------------- files


def _write(path: Path, *parts: bytes) -> bool:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                for data in parts:
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


#: Conversions of the bundled data's units, computed with pint and shipped with the package (JSON; written
#: by tools/units_memo.py, checked against pint by tests/test_units_core.py): a first run on the
#: bundled data, or on data in the same units, needs no pint. Used only while the definitions it was
#: computed from (pint's and capacity's definition files) are byte for byte the installed ones.
SHIPPED_MEMO = Path(__file__).resolve().parent / "units" / "memo.json"


def _definitions_digest() -> Optional[str]:
    """SHA-256 of the unit definition files every conversion follows from: pint's default_en.txt and
    constants_en.txt (found without importing pint), and capacity's definitions.txt and core.txt."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("pint")
        pint_dir = Path(spec.origin).parent if spec and spec.origin else None
    except (ImportError, ValueError):
        return None
    if pint_dir is None:
        return None
    h = _sha256()
    for p in (pint_dir / "default_en.txt", pint_dir / "constants_en.txt", SHIPPED_MEMO.with_name("definitions.txt"),
              SHIPPED_MEMO.with_name("core.txt")):
        data = _read(p)
        if data is None:
            return None
        h.update(f"{p.name}\0{len(data)}\0".encode() + data)
    return h.hexdigest()


def _preload_shipped(units: Any) -> None:
    raw = _read(SHIPPED_MEMO)
    try:
        doc = json.loads(raw) if raw else None
    except ValueError:
        return
    if isinstance(doc, dict) and isinstance(doc.get("memo"), dict) and doc.get("definitions") == _definitions_digest():
        units.memo_preload({k: v for k, v in doc["memo"].items() if isinstance(k, str) and type(v) in (float, str)})


def load_memo(use: bool = True) -> None:
    """Preload the conversions shipped with the package and those earlier runs computed (once per process;
    no-op when the cache is off)."""
    if STATE["memo_loaded"] or not enabled(use):
        return
    STATE["memo_loaded"] = True
    from capacity import units

    _preload_shipped(units)

    where = folder()
    raw = _read(where / MEMO_FILE) if where else None
    body = unframe(raw, _memo_key()) if raw else None
    if body is None and raw:
        STATE["memo_stale"] = True  # foreign, forged or corrupt: ignored, and rewritten at the end of the run
    if body:
        try:
            doc = json.loads(body)
            if isinstance(doc, dict) and isinstance(doc.get("memo"), dict):
                units.memo_preload({k: v for k, v in doc["memo"].items()
                                    if isinstance(k, str) and type(v) in (float, str)})
        except (ValueError, AttributeError, TypeError):
            pass  # corrupt: rewritten by save_memo
    STATE["memo_base"] = units.memo_added()


def _memo_key() -> str:
    """The key the memo is written for: this code (and pint) only."""
    return f"{MEMO_FILE}:{code_version()}"


def save_memo() -> None:
    """Write the memo back if this run computed conversions it did not have (or found it unreadable)."""
    try:
        if not STATE["memo_loaded"] or not enabled():
            return
    except Exception:  # noqa: BLE001 - a bad CAPACITY_CACHE: reported where the cache was first asked
        return
    from capacity import units

    if units.memo_added() == STATE["memo_base"] and not STATE.get("memo_stale"):
        return
    memo = units.memo_snapshot()
    if len(memo) > MAX_MEMO_ENTRIES:
        return
    where = folder(create=True)
    if where is None:
        return
    data = frame(_memo_key(), json.dumps({"memo": memo}, ensure_ascii=False, separators=(",", ":")).encode())
    if _write(where / MEMO_FILE, data):
        STATE["memo_base"] = units.memo_added()
        STATE["memo_stale"] = False


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
        body = _body_text(raw, key) if raw is not None else None
        raw = None  # the file's bytes go before the records are built (peak memory)
        if body is not None:
            try:
                ds = loads_dataset(body)
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
    ok = _write(entry, _head(key, data), data)  # the header, then the body: no framed copy of 40 MB
    if ok:
        _evict(where, entry)
    return ok
