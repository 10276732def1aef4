"""The records' own JSON: a loaded dataset (or any record of ``capacity.model``, ``capacity.units`` and
``capacity.errors``) as compact JSON and back, never pickle.

Records are encoded generically from those modules' dataclasses and their field annotations (the
allow-list is derived from them, so a field or class added there needs no change here), and decoding
builds only those classes. Used by the cache's entries (``capacity.cache``) and by the loader's worker
processes (``capacity.workers``), which hand what they loaded back to the parent this way."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterator, Mapping, Optional


class Unserializable(Exception):
    """A value outside the allow-list (the record cannot be stored)."""


_Unserializable = Unserializable

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
        return _slots_builder(cls, names)

    def build(values: list) -> Any:
        obj = new(cls)
        obj.__dict__.update(zip(fields, values))
        return obj

    return build


def _slots_builder(cls: type, names: list[str]) -> Any:
    """``build_slots(values)``: a new ``cls`` whose slots hold ``values`` in order (ValueError for another
    count), each set through its slot's descriptor. The calls are written out, one per field, in a
    function compiled here from the field count alone (no name or value from an entry reaches the
    source): a loop over 30 setters cost 40% more at 100,000 targets."""
    count = len(names)
    args = ", ".join(f"v{i}" for i in range(count))
    lines = [f"def build_slots(values, new=new, cls=cls, {', '.join(f's{i}=s{i}' for i in range(count))}):",
             f"    if len(values) != {count}:",
             "        raise ValueError('not a cache record')",
             f"    {args}{',' if count == 1 else ''} = values" if count else "    pass",
             "    obj = new(cls)"]
    lines += [f"    s{i}(obj, v{i})" for i in range(count)]
    lines.append("    return obj")
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    scope.update({f"s{i}": vars(cls)[n].__set__ for i, n in enumerate(names)})
    exec("\n".join(lines), scope)  # noqa: S102 - source built from a count, see above
    return scope["build_slots"]


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


def _hook(by_name: dict[str, Any], shared: Optional[dict] = None):  # noqa: ANN202
    """The object hook of one document. ``shared`` (one dict for the lines of one dataset) makes equal units
    and equal figures of different lines one object, as loading the files in one process made them."""
    shared = {} if shared is None else shared
    interned: dict[tuple, Any] = shared.setdefault("units", {})
    same_figure: dict[Any, Any] = shared.setdefault("figures", {})
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
            try:
                if name == "Ut":  # a unit: by its values, a Decimal by its spelling (1E+4, 10000 apart)
                    key = ("Unit", *(("D", str(v)) if type(v) is Decimal else v for v in value))
                    record = interned.setdefault(key, record)
                else:  # a figure: equal fields (its text as written, its unit…), the same figure
                    record = same_figure.setdefault(record, record)
            except TypeError:  # an unhashable field: kept as it is
                pass
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


def dumps(ds: Any) -> bytes:
    """A record (a dataset, a targets file…) as compact JSON: a cache entry's body, a worker's answer. With orjson (installed with the ``fast`` extra), records are not
    walked in Python first: orjson calls ``_Writer.default`` once per record in a tuple (a target, an
    observation…) and writes plain field values itself; a field that holds one record (a target's figure,
    a threshold, a location) is written positionally, as the list of that record's values, and a unit or a
    figure as an index into the entry's table of them (``"tables"``, written before the dataset: see
    ``_TABLES``). ``loads`` reads both this and ``encode``'s form (the one without orjson)."""
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


def loads(raw: bytes | str, cls: type, shared: Optional[dict] = None) -> Any:
    """The record ``dumps`` wrote, which must be a ``cls`` (ValueError otherwise, or when the JSON is not
    ours: a class off the allow-list, a broken table index…). ``shared``: see ``_hook``."""
    doc = json.loads(raw, object_hook=_hook(_classes()[1], shared))
    obj = doc.get("dataset") if isinstance(doc, dict) else None  # the envelope's name, whatever the record
    if type(obj) is not cls:
        raise ValueError(f"not a {cls.__name__}")
    return obj


def dumps_dataset(ds: Any, encoded: Optional[Mapping[int, bytes]] = None) -> bytes:
    """A dataset as lines of JSON: first the dataset without its regions (the national data, the scenario),
    then each region's targets file, each line ``dumps``'s own document (its own tables). A targets file
    whose bytes are already known (``encoded``: its ``id`` → what ``dumps`` gave it, as a worker process
    handed it back: ``capacity.workers``) is written as those bytes. No line holds a raw newline (JSON
    escapes it)."""
    from dataclasses import replace

    known = encoded or {}
    lines = [dumps(replace(ds, regions=()))]
    lines.extend(known.get(id(tf)) or dumps(tf) for tf in ds.regions)
    return b"\n".join(lines)


def loads_dataset(raw: bytes | str) -> Any:
    """The dataset ``dumps_dataset`` wrote (ValueError when it is not one)."""
    from dataclasses import replace

    from capacity.model import Dataset, TargetFile

    lines = _lines(raw)
    shared: dict = {}
    head = loads(next(lines), Dataset, shared)
    regions = tuple(loads(line, TargetFile, shared) for line in lines)
    if not regions:  # a whole dataset as one document (``dumps(ds)``) reads too
        return head
    if head.regions:
        raise ValueError("not a dataset entry")
    return replace(head, regions=regions)


def _lines(raw: bytes | str) -> Iterator[bytes | str]:
    """The lines of ``raw`` one at a time: each is copied only while it is decoded (a split would hold a
    second copy of a 32 MB entry)."""
    sep = b"\n" if isinstance(raw, bytes) else "\n"
    at = 0
    while True:
        end = raw.find(sep, at)  # type: ignore[arg-type]
        if end < 0:
            yield raw[at:]
            return
        yield raw[at:end]
        at = end + 1
