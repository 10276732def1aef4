"""Strict YAML: a node tree of strings with file:line:column on every value.

PyYAML composes the document (libyaml's C parser when present); we then walk the nodes and
refuse what YAML 1.1 would otherwise do behind the user's back:

- anchors, aliases and merge keys (also the billion-laughs document: the first reused node stops it);
- tags (``!!python/object``, ``!!binary``, ``!custom``);
- duplicate keys, naming both lines;
- implicit typing: every scalar stays the string it was written as (``NO``, ``0755``, ``1:20``,
  ``1e3``), and the schema in ``capacity.load`` types it.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Iterator, Union

import yaml

from capacity.errors import InputError, Location

#: Limits on a data file, checked before any parsing. Peak memory grows with the number of YAML nodes,
#: not bytes: measured (benchmarks/bench_memory.py) at about 1.3 kB a line for ordinary target files and
#: 0.6 kB an item for the densest flow lists ([a,a,a,…]), so the item cap bounds the peak at about
#: 400 MB whatever the file; a bundled-size file (50 kB) needs under 60 MB.
MAX_BYTES = 16 * 1024 * 1024
MAX_ITEMS = 250_000  # lines plus flow-collection items: about 20,000 targets in one file
SIZE_HINT = "split the data into several files (--targets is repeatable: one file per region)"

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:value",
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_ANCHORISH = re.compile(r"(?:^|[\s,\[\{:?-])[&*]")


class _Node:
    """A node keeps the parser's mark and builds its Location (file:line:column) only when asked: for an
    error or a record that reports where it was defined. Building one for every scalar was the largest
    single cost of loading 100,000 targets."""

    __slots__ = ("name", "mark")

    @property
    def loc(self) -> Location:
        return Location(self.name, self.mark.line + 1, self.mark.column + 1)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(getattr(self, a) == getattr(other, a) for a in self._fields)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{a}={getattr(self, a)!r}' for a in self._fields)})"

    __hash__ = None  # type: ignore[assignment]
    _fields: tuple[str, ...] = ()


class YScalar(_Node):
    __slots__ = ("value", "quoted")
    _fields = ("value", "loc", "quoted")

    def __init__(self, value: str | None, name: str, mark, quoted: bool = False) -> None:  # noqa: ANN001
        self.value = value  # None for an empty or null plain scalar
        self.name, self.mark, self.quoted = name, mark, quoted


class YSeq(_Node):
    __slots__ = ("items",)
    _fields = ("items", "loc")

    def __init__(self, items: list["YNode"], name: str, mark) -> None:  # noqa: ANN001
        self.items, self.name, self.mark = items, name, mark


class YMap(_Node):
    __slots__ = ("items", "key_marks", "used")
    _fields = ("items", "loc")

    def __init__(self, items: dict[str, "YNode"], key_marks: dict[str, object], name: str, mark) -> None:  # noqa: ANN001
        self.items, self.key_marks, self.name, self.mark = items, key_marks, name, mark
        self.used: set[str] = set()

    @property
    def keys(self) -> dict[str, Location]:
        """Each key's location (built on demand)."""
        return {k: Location(self.name, m.line + 1, m.column + 1) for k, m in self.key_marks.items()}  # type: ignore[attr-defined]

    def key_loc(self, key: str) -> Location:
        m = self.key_marks[key]
        return Location(self.name, m.line + 1, m.column + 1)  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[str]:
        return iter(self.items)


YNode = Union[YScalar, YSeq, YMap]


class _StrictLoader(yaml.SafeLoader):
    """Pure-Python composer that stops at the first anchor, alias or tag event."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused("an alias (*name) is not allowed", event.start_mark,
                           "write the value out: anchors and aliases are refused")
        if getattr(event, "anchor", None) is not None:
            raise _Refused("an anchor (&name) is not allowed", event.start_mark,
                           "write the value out: anchors and aliases are refused")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise _Refused(f"the tag {tag} is not allowed", event.start_mark,
                           "remove the tag: values are typed by the schema, never by YAML tags")
        return super().compose_node(parent, index)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml without YAML 1.1's implicit typing: every plain scalar is a string here anyway, and
    matching each one against the resolver's regexes was a third of the load time."""

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201 - PyYAML's signature
        if kind is yaml.ScalarNode:
            return "tag:yaml.org,2002:merge" if implicit[0] and value == "<<" else "tag:yaml.org,2002:str"
        return super().resolve(kind, value, implicit)


class _Refused(Exception):
    def __init__(self, message: str, mark, hint: str) -> None:  # noqa: ANN001
        super().__init__(message)
        self.message, self.mark, self.hint = message, mark, hint


def read_text(path: str | os.PathLike, display: str | None = None) -> str:
    """Read a data file as UTF-8 text (a BOM is accepted), or raise InputError saying why not."""
    name = display or str(path)
    p = Path(path)
    where = Location(name, 1)
    try:
        with open(p, "rb", opener=_open_nonblocking) as fh:  # a FIFO opens at once, never waiting for a writer
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise InputError(f"'{name}' is a directory", location=where, expected="a YAML file")
            if not stat.S_ISREG(st.st_mode):
                kind = "a named pipe" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(
                    st.st_mode) or stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "special"
                raise InputError(f"'{name}' is not a regular file ({kind})", location=where,
                                 expected="a YAML file on disk",
                                 hint="save the data to a file first (pipes and devices are not read)")
            size = st.st_size
            if size > MAX_BYTES:
                raise InputError(f"'{name}' is {size} bytes", location=where,
                                 expected=f"a file under {MAX_BYTES // (1024 * 1024)} MiB",
                                 hint=SIZE_HINT)
            os.set_blocking(fh.fileno(), True)
            data = fh.read(MAX_BYTES + 1)  # capped: a file that grows while read
        if len(data) > MAX_BYTES:
            raise InputError(f"'{name}' is more than {MAX_BYTES} bytes", location=where,
                             expected=f"a file under {MAX_BYTES // (1024 * 1024)} MiB", hint=SIZE_HINT)
    except FileNotFoundError:
        raise InputError(f"no such file '{name}'", location=None, expected="an existing YAML file",
                         value=name) from None
    except PermissionError:
        raise InputError(f"cannot read '{name}': permission denied", location=None, value=name,
                         expected="a file you can read") from None
    except IsADirectoryError:
        raise InputError(f"'{name}' is a directory", location=where, expected="a YAML file") from None
    except OSError as exc:
        raise InputError(f"cannot read '{name}': {exc.strerror or exc}", location=None, value=name,
                         expected="a readable YAML file") from None
    return decode(data, name)


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK)


def _count_items(data: bytes, name: str) -> None:
    items = data.count(b"\n") + data.count(b",") + data.count(b"[") + data.count(b"{")
    if items > MAX_ITEMS:
        raise InputError(f"'{name}' holds {items} lines and list items", location=Location(name, 1),
                         expected=f"at most {MAX_ITEMS} (about 20,000 targets in one file)", hint=SIZE_HINT)


#: Characters that YAML reads as line breaks although no editor shows one.
_LINE_BREAKS = {"\x85": "NEXT LINE (NEL)", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}
#: Spaces other than U+0020 at the start of a line: YAML refuses them as indentation, with a vague message.
_ODD_INDENT = re.compile("^[ ]*([\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000])", re.MULTILINE)


def _check_characters(text: str, name: str) -> None:
    import unicodedata

    for ch, what in _LINE_BREAKS.items():
        at = text.find(ch)
        if at >= 0:
            line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
            raise InputError(f"the character U+{ord(ch):04X} ({what}) is not allowed", location=Location(name, line, col),
                             expected="ordinary line breaks (\\n) only",
                             hint="YAML reads it as a line break inside the value; delete it or replace it with a space")
    m = _ODD_INDENT.search(text)
    if m:
        at = m.start(1)
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        ch = m.group(1)
        raise InputError(f"the line is indented with U+{ord(ch):04X} ({unicodedata.name(ch, 'a space')})",
                         location=Location(name, line, col), expected="indentation with ordinary spaces (U+0020)",
                         hint="replace it with an ordinary space (word processors insert no-break spaces)")


def _refuse_utf16_without_bom(data: bytes, name: str) -> None:
    """UTF-16 without a byte-order mark: every NUL on one side of the byte pairs and in at least a quarter
    of them (ASCII keys and indentation written as two bytes), and the whole decodes as UTF-16 of that order without a NUL character."""
    if len(data) % 2:
        return
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if (even and odd) or (even + odd) * 4 < len(data) // 2:  # a stray NUL in UTF-8 text is binary
        return
    try:
        text = data.decode("utf-16-be" if even else "utf-16-le")
    except UnicodeDecodeError:
        return
    if "\x00" not in text:
        raise InputError("the file is UTF-16 (without a byte-order mark), not UTF-8", location=Location(name, 1),
                         expected="UTF-8 text",
                         hint="re-save the file as UTF-8; e.g. iconv -f UTF-16LE -t UTF-8 in.yaml > out.yaml"
                         if odd else "re-save the file as UTF-8; e.g. iconv -f UTF-16BE -t UTF-8 in.yaml > out.yaml")


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError("the file is empty", location=Location(name, 1), expected="a YAML mapping")
    _count_items(data, name)
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or (
            len(data) >= 4 and data[:3] == b"\x00\x00\x00" and data[3:4] != b"\x00") or (
            len(data) >= 4 and data[1:4] == b"\x00\x00\x00" and data[:1] != b"\x00"):  # UTF-32, with or without BOM
        raise InputError("the file is UTF-32, not UTF-8", location=Location(name, 1), expected="UTF-8 text",
                         hint="re-save the file as UTF-8; e.g. iconv -f UTF-32 -t UTF-8 in.yaml > out.yaml")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # a UTF-16 (or UTF-32) BOM: Windows Notepad's "Unicode"
        raise InputError("the file is UTF-16, not UTF-8", location=Location(name, 1), expected="UTF-8 text",
                         hint="re-save the file as UTF-8; e.g. iconv -f UTF-16 -t UTF-8 in.yaml > out.yaml")
    if b"\x00" in data:
        _refuse_utf16_without_bom(data, name)
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("the file is binary (it holds a NUL byte)", location=Location(name, line),
                         expected="a UTF-8 YAML text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x})",
            location=Location(name, line, col),
            expected="UTF-8 text",
            hint="re-save the file as UTF-8 (GBK or Big5 files are refused); "
                 "e.g. iconv -f GBK -t UTF-8 in.yaml > out.yaml",
        ) from None
    _check_characters(text, name)
    return text


def _loc(name: str, mark) -> Location:  # noqa: ANN001
    return Location(name, mark.line + 1, mark.column + 1)


def parse(text: str, name: str) -> YNode:
    """Compose ``text`` and convert it to our node tree, or raise InputError with file:line:col."""
    # libyaml composes fast but resolves anchors silently; take the strict pure-Python path whenever
    # something that could be an anchor or alias (& or * after a space or a flow indicator) appears.
    # (The regex only when & or * occurs at all: scanning 23 MB with it took 0.5 s.)
    use_python = (("&" in text or "*" in text) and bool(_ANCHORISH.search(text))) or not getattr(
        yaml, "__with_libyaml__", False)
    try:
        if use_python:
            node = yaml.compose(text, Loader=_StrictLoader)
        elif EVENTS:
            return _from_events(text, name)  # libyaml's events straight to our nodes (no PyYAML node tree)
        else:
            node = yaml.compose(text, Loader=_FastLoader)
    except _Refused as exc:
        raise InputError(exc.message, location=_loc(name, exc.mark), hint=exc.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "end of stream" in problem and exc.context and exc.context_mark is not None:  # point at the opening
            mark, problem = exc.context_mark, f"the file ends {exc.context} that starts here (a quote not closed?)"
        hint = None
        if "\t" in problem or "'\\t'" in problem or _char_at(text, mark) == "\t":
            problem, hint = "a tab character", "indent with spaces: YAML does not allow tabs"
        if "expected a single document" in str(exc):
            problem, hint = "more than one YAML document", "keep one document per file (remove '---')"
        return _raise_yaml(name, mark, problem, hint)
    except yaml.reader.ReaderError as exc:  # a control character; libyaml counts bytes, so find the character
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line, col = (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)) if at >= 0 else (1, 0)
        raise InputError(f"invalid YAML: the control character U+{exc.character:04X} is not allowed"
                         if isinstance(exc.character, int) else f"invalid YAML: {exc.reason}",
                         location=Location(name, line, col), hint="delete it (it is invisible in most editors)") from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", location=Location(name, 1)) from None
    except RecursionError:
        raise InputError("the document nests too deeply", location=Location(name, 1)) from None
    if node is None:
        raise InputError("the file holds no YAML document", location=Location(name, 1),
                         expected="a YAML mapping")
    try:
        return _convert(node, name, set())
    except RecursionError:
        raise InputError("the document nests too deeply", location=Location(name, 1)) from None


#: libyaml's events are turned into our nodes directly (``_from_events``); False composes PyYAML's node
#: tree and converts it (``_convert``), the reference tests/test_yaml_events.py compares against.
EVENTS = True
#: Deeper than this, a document is refused (the node-tree path met Python's recursion limit about here).
MAX_DEPTH = 900
_MERGE = "tag:yaml.org,2002:merge"
_STR = "tag:yaml.org,2002:str"


class _Frame:
    __slots__ = ("items", "keys", "key", "mark", "is_map")

    def __init__(self, is_map: bool, mark) -> None:  # noqa: ANN001
        self.is_map, self.mark, self.key = is_map, mark, None
        self.items: dict | list = {} if is_map else []
        self.keys: dict[str, object] = {}


# libyaml's parser (PyYAML's C extension, ``yaml._yaml``) makes each event by calling a class of ``yaml.events``
# found in its module's globals, whose ``__init__`` (Python) sets six or seven attributes: a quarter of the
# time of turning a file into nodes. While ``_from_events`` reads a document, those globals are these
# builders instead, which keep the fields it reads in a plain tuple: (kind, anchor, tag, implicit, value,
# start mark, style). Only when the process runs one thread (nothing else can use the parser meanwhile),
# restored before it returns or raises; events of a PyYAML that does not look its classes up this way come
# as objects and are read through ``_as_tuple``: the same rules, over the same tuples.
_SCALAR, _SEQ, _MAP, _SEQ_END, _MAP_END, _ALIAS = range(6)


def _scalar_event(anchor, tag, implicit, value, start_mark, end_mark, style):  # noqa: ANN001, ANN202
    return (_SCALAR, anchor, tag, implicit, value, start_mark, style)


def _seq_event(anchor, tag, implicit, start_mark, end_mark, flow_style):  # noqa: ANN001, ANN202
    return (_SEQ, anchor, tag, implicit, None, start_mark, None)


def _map_event(anchor, tag, implicit, start_mark, end_mark, flow_style):  # noqa: ANN001, ANN202
    return (_MAP, anchor, tag, implicit, None, start_mark, None)


def _seq_end_event(start_mark, end_mark):  # noqa: ANN001, ANN202
    return (_SEQ_END, None, None, None, None, start_mark, None)


def _map_end_event(start_mark, end_mark):  # noqa: ANN001, ANN202
    return (_MAP_END, None, None, None, None, start_mark, None)


def _alias_event(anchor, start_mark, end_mark):  # noqa: ANN001, ANN202
    return (_ALIAS, anchor, None, None, None, start_mark, None)


_BUILDERS = {"ScalarEvent": _scalar_event, "SequenceStartEvent": _seq_event, "MappingStartEvent": _map_event,
             "SequenceEndEvent": _seq_end_event, "MappingEndEvent": _map_end_event, "AliasEvent": _alias_event}
#: False: always PyYAML's own event objects, read through ``_as_tuple`` (tests compare the two).
TUPLE_EVENTS = True


def _as_tuple(event) -> tuple:  # noqa: ANN001
    """An event object as the tuple its builder gives."""
    cls = type(event)
    return (_OBJECT_KINDS.get(cls, -1), getattr(event, "anchor", None), getattr(event, "tag", None), getattr(event, "implicit", None),
            getattr(event, "value", None), event.start_mark, getattr(event, "style", None))


_OBJECT_KINDS = {yaml.ScalarEvent: _SCALAR, yaml.SequenceStartEvent: _SEQ, yaml.MappingStartEvent: _MAP,
                 yaml.SequenceEndEvent: _SEQ_END, yaml.MappingEndEvent: _MAP_END, yaml.AliasEvent: _ALIAS}


def _one_thread() -> bool:
    import sys

    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def _from_events(text: str, name: str) -> YNode:
    """Our node tree built straight from libyaml's event stream, with the same rules (and the same
    messages, in the same order) as composing PyYAML's node tree and converting it (``_convert``): a
    YAML syntax error anywhere wins over a refused construct, so the first refusal is kept and raised
    once the whole stream has parsed."""
    from yaml import _yaml

    saved = None
    if TUPLE_EVENTS and _one_thread() and all(hasattr(_yaml, k) for k in _BUILDERS):
        saved = {k: getattr(_yaml, k) for k in _BUILDERS}
        for k, builder in _BUILDERS.items():
            setattr(_yaml, k, builder)
    try:
        return _from_tuples(_yaml.CParser(text).get_event, name)
    finally:
        if saved is not None:
            for k, cls in saved.items():
                setattr(_yaml, k, cls)


def _from_tuples(get, name: str) -> YNode:  # noqa: ANN001
    nulls, plain_tags, not_a_key, str_tag = _NULLS, _PLAIN_TAGS, _NOT_A_KEY, _STR
    get()  # StreamStart
    if type(get()) is yaml.StreamEndEvent:
        raise InputError("the file holds no YAML document", location=Location(name, 1), expected="a YAML mapping")
    events = get  # the document's end and the stream's: event objects in any case
    event = get()
    if type(event) is not tuple:  # this PyYAML makes its own event objects: read them as tuples
        get = lambda: _as_tuple(events())  # noqa: E731
        event = _as_tuple(event)
    stack: list[_Frame] = []
    top: _Frame | None = None
    refused: InputError | None = None
    while True:
        kind, anchor, tag, implicit, raw, mark, style = event
        if kind == _SCALAR:
            if tag is None or tag == "!":
                tag = _MERGE if raw == "<<" and implicit[0] else str_tag
            if top is not None and top.key is None and top.is_map:  # a key: no node, only its mark
                if refused is None and (anchor is not None or tag is not str_tag):
                    refused = _check(top, tag, mark, name, True, anchor)
                first = top.keys.get(raw)
                if first is None:
                    top.keys[raw] = mark
                elif refused is None:
                    refused = _duplicate(raw, first, name, mark)
                top.key = raw
                event = get()
                continue
            if refused is None and (anchor is not None or tag not in plain_tags):
                refused = _check(top, tag, mark, name, True, anchor)
            if not style:  # plain ('' from libyaml)
                node: YNode = YScalar(None if raw in nulls else raw, name, mark)
            else:
                quoted = style in ("'", '"')
                node = YScalar(None if (not quoted and raw in nulls) else raw, name, mark, quoted)
        elif kind == _MAP or kind == _SEQ:
            if tag is None or tag == "!":
                tag = "tag:yaml.org,2002:map" if kind == _MAP else "tag:yaml.org,2002:seq"
            if refused is None:
                refused = _check(top, tag, mark, name, False, anchor)
            if len(stack) >= MAX_DEPTH:
                raise InputError("the document nests too deeply", location=Location(name, 1))
            top = _Frame(kind == _MAP, mark)
            stack.append(top)
            event = get()
            continue
        elif kind == _SEQ_END or kind == _MAP_END:
            frame = stack.pop()
            node = YMap(frame.items, frame.keys, name, frame.mark) if frame.is_map else YSeq(frame.items, name, frame.mark)
            top = stack[-1] if stack else None
            raw = not_a_key
        elif kind == _ALIAS:
            if refused is None:
                refused = InputError("an alias (*name) is not allowed", location=_loc(name, mark),
                                     hint="write the value out: anchors and aliases are refused")
            node, raw = YScalar(None, name, mark), not_a_key
        else:  # pragma: no cover - libyaml emits nothing else inside a document
            raise InputError("invalid YAML", location=_loc(name, mark))
        if top is None:
            root = node
            break
        if not top.is_map:
            top.items.append(node)  # type: ignore[union-attr]
        elif top.key is None:
            top.key = raw  # not_a_key: a collection or an alias where a key stands (refused above)
        else:
            if top.key is not not_a_key:
                top.items[top.key] = node  # type: ignore[index]
            top.key = None
        event = get()
    events()  # DocumentEnd
    event = events()
    if type(event) is not yaml.StreamEndEvent:  # as PyYAML's composer says it
        raise yaml.composer.ComposerError("expected a single document in the stream", root.mark,
                                          "but found another document", event.start_mark)
    if refused is not None:
        raise refused
    return root


_NOT_A_KEY = object()  # a collection or alias where a key stands (refused)


def _duplicate(raw: str, first, name: str, mark) -> InputError:  # noqa: ANN001
    return InputError(f"duplicate key '{raw}' (first at line {first.line + 1})", location=_loc(name, mark),
                      hint="each key may appear once in a mapping; PyYAML would keep the last silently")


def _check(top, tag: str, mark, name: str, scalar: bool, anchor):  # noqa: ANN001, ANN202
    """The refusal for a node with this tag and anchor under ``top`` (or None): the rules of the strict
    composer (anchors) and of ``_convert`` (keys, tags), in their order."""
    if anchor is not None:
        return InputError("an anchor (&name) is not allowed", location=_loc(name, mark),
                          hint="write the value out: anchors and aliases are refused")
    if top is not None and top.is_map and top.key is None:  # a mapping key
        if tag == _MERGE:
            return InputError("a merge key (<<) is not allowed", location=_loc(name, mark),
                              hint="write the keys out: anchors, aliases and merges are refused")
        if not scalar or tag not in _PLAIN_TAGS:
            return InputError("a mapping key must be a plain string", location=_loc(name, mark),
                              expected="key: value",
                              hint="'? ' starts a complex key in YAML; remove it, or quote a key that starts with [ or {")
        return None
    if tag not in _PLAIN_TAGS:
        return InputError(f"the tag {tag} is not allowed", location=_loc(name, mark),
                          hint="remove the tag: values are typed by the schema, never by YAML tags")
    return None


def _char_at(text: str, mark) -> str:  # noqa: ANN001
    """The character a YAML error mark points at ('' when out of range)."""
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if mark.column < len(line) else ""


def _raise_yaml(name: str, mark, problem: str, hint: str | None):  # noqa: ANN001
    loc = _loc(name, mark) if mark is not None else Location(name, 1)
    raise InputError(f"invalid YAML: {problem}", location=loc,
                     hint=hint or "check the indentation, colons and brackets on this line and the one above; "
                     "quote a value that holds ': ' or ' #' or starts with [ { & * ! | > % @")


def _convert(node: yaml.Node, name: str, seen: set[int]) -> YNode:
    mark = node.start_mark
    if id(node) in seen:
        raise InputError("an alias (*name) is not allowed", location=_loc(name, mark),
                         hint="write the value out: anchors and aliases are refused")
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        raise InputError(f"the tag {node.tag} is not allowed", location=_loc(name, mark),
                         hint="remove the tag: values are typed by the schema, never by YAML tags")
    if isinstance(node, yaml.ScalarNode):
        quoted = node.style in ("'", '"')
        value = None if (not quoted and node.value in _NULLS) else node.value
        return YScalar(value, name, mark, quoted)
    if isinstance(node, yaml.SequenceNode):
        return YSeq([_convert(item, name, seen) for item in node.value], name, mark)
    items: dict[str, YNode] = {}
    keys: dict[str, object] = {}
    for key_node, value_node in node.value:
        key_mark = key_node.start_mark
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise InputError("a merge key (<<) is not allowed", location=_loc(name, key_mark),
                             hint="write the keys out: anchors, aliases and merges are refused")
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
            raise InputError("a mapping key must be a plain string", location=_loc(name, key_mark),
                             expected="key: value",
                             hint="'? ' starts a complex key in YAML; remove it, or quote a key that starts with [ or {")
        key = key_node.value
        if key in keys:
            first = keys[key]
            raise InputError(f"duplicate key '{key}' (first at line {first.line + 1})",  # type: ignore[attr-defined]
                             location=_loc(name, key_mark),
                             hint="each key may appear once in a mapping; PyYAML would keep the last silently")
        keys[key] = key_mark
        items[key] = _convert(value_node, name, seen)
    return YMap(items, keys, name, mark)


def load(path: str | os.PathLike, display: str | None = None) -> YNode:
    name = display or str(path)
    return parse(read_text(path, name), name)
