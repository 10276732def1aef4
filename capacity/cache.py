"""A cache of loaded, checked datasets and of unit conversions, so a second run skips YAML, typing and pint.

An entry is keyed by a hash of the data files' bytes (and the names they are shown under) and of
this package's own source (every ``.py`` file and ``definitions.txt``, by name, size and modification and
change times: ``tree_digest``), the Python version and the
installed pint: edit one byte of a data file, or of the code, and the entry no longer matches.
Only a dataset that loaded cleanly is stored, so every error message comes from a real parse.

Where: ``$XDG_CACHE_HOME/capacity`` (else ``~/.cache/capacity``), a folder created 0700; a folder
that is a symlink, is not the user's own, or that others can write is refused (nothing is read from
it or written to it). Format: JSON, never pickle (``capacity.codec``: decoding builds only the record
classes of ``capacity.model``, ``capacity.units`` and ``capacity.errors``). Conversion results (``capacity.units.MEMO``: plain floats and strings)
live in one small file beside the entries, so a cache hit evaluates and renders without importing
pint or numpy. The folder is capped (``MAX_BYTES``), the least recently used entries go first.
Every file starts with a header line naming the key it was written for and the SHA-256 of its body
(``frame``); a corrupt, foreign (copied from another key), edited or stale entry is ignored (and
rewritten); a cache that cannot be written is skipped silently. ``CAPACITY_CACHE=0`` (or ``capacity
--no-cache``) turns it all off; a value that is neither on nor off is an InputError. pint's own disk
cache (pickle) is never used: see ``capacity.units.registry``."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from capacity.bundled import bundled_display, bundled_path
from capacity.codec import Unserializable, dumps_dataset, loads_dataset

FORMAT = "capacity.cache/5"  # 2: every file framed by a header line naming its key and the digest of its body;
# 3: a message (Msg) kept as its code and parameters; 4: one-record fields positional, tables of units and figures;
# 5: a dataset as lines, the national data then one line per targets file (``codec.dumps_dataset``)
ENV = "CAPACITY_CACHE"
ENV_ON = ("", "1", "true", "yes", "on")  # case and surrounding spaces ignored
ENV_OFF = ("0", "false", "no", "off")
MAX_BYTES = 256 * 1024 * 1024  # the whole folder; least recently used entries are deleted first
MAX_ENTRY_BYTES = MAX_BYTES // 2
MEMO_FILE = "units-memo.json"
MAX_MEMO_ENTRIES = 20_000
READ_CAP = 256 * 1024 * 1024  # data files larger than this are left to the loader (which refuses them)

STATE: dict[str, Any] = {"disabled": False, "memo_loaded": False, "memo_base": 0, "memo_stale": False, "last": None}


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
    """A SHA-256 object (``update``, ``hexdigest``): CPython's built-in module for small inputs (hashlib
    first loads OpenSSL, ~4 ms of every run), hashlib's once more than ``_Sha256.BIG`` bytes are fed
    (OpenSSL's is about 10x faster: 23 MB of targets in 0.03 s instead of 0.26 s). The same digest."""
    return _Sha256()


def _builtin_sha256() -> Any:
    for name in ("_sha2", "_sha256"):  # 3.12+, 3.11
        try:
            return __import__(name).sha256()
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256()


class _Sha256:
    BIG = 1 << 20

    def __init__(self) -> None:
        self.pending: list[bytes] = []  # fed while small: hashed at the end by the built-in module
        self.size = 0
        self.h: Any = None

    def update(self, data: bytes | memoryview) -> None:
        if self.h is None and self.size + len(data) > self.BIG:
            import hashlib

            self.h = hashlib.sha256()
            for part in self.pending:
                self.h.update(part)
            self.pending = []
        if self.h is not None:
            self.h.update(data)  # a memoryview as it is: no copy of a large body
            return
        self.pending.append(bytes(data))  # small: a copy of a view, the same bytes object otherwise
        self.size += len(data)

    def hexdigest(self) -> str:
        if self.h is not None:
            return self.h.hexdigest()
        h = _builtin_sha256()
        for part in self.pending:
            h.update(part)
        return h.hexdigest()


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


def dataset_key(files: list[tuple[str, Path]], stamps: Optional[list] = None) -> Optional[str]:
    """The key of these files' bytes under this code, or None when one cannot be read (the loader
    then reports why). ``stamps``, when given, is filled with each file's ``_stamp`` (``unchanged``)."""
    h = _sha256()
    h.update(code_version().encode())
    for name, path in files:
        data = _read_regular(path, stamps)
        if data is None:
            return None
        h.update(f"\0{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


#: A file written this recently before it was hashed is hashed again after loading instead of trusting its
#: stamp: a file system whose times tick coarsely (FAT: 2 s), or a clock ahead of ours, could give a second
#: write the first one's time.
FRESH_NS = 3_000_000_000


def _stamp(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def unchanged(files: list[tuple[str, Path]], key: str, stamps: list) -> bool:
    """Whether the files still hold the bytes ``key`` was computed from (``dataset_key(files, stamps)``): the
    same file (device, inode), size and times, or, for a file written just before it was hashed, the same
    key hashed again. A write changes a file's times, so a stamp unchanged means its bytes unchanged, without
    reading 23 MB a second time."""
    if len(stamps) != len(files) or any(stamp[-1] for stamp in stamps):  # a fresh file: hash again
        return dataset_key(files) == key
    for (_, path), stamp in zip(files, stamps):
        try:
            if _stamp(os.stat(path)) != stamp[0]:
                return False
        except (OSError, ValueError):
            return False
    return True


def _read_regular(path: Path, stamps: Optional[list] = None) -> Optional[bytes]:
    """The bytes of a regular file (at most READ_CAP), or None: a FIFO, a device or a folder is left to the
    loader, which refuses it with a message (opened non-blocking: a FIFO with no writer must not hang).
    ``stamps``: (the file's ``_stamp``, whether it was written within ``FRESH_NS``) is appended to it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        if stamps is not None:
            stamps.append((_stamp(st), time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < FRESH_NS))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(READ_CAP + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= READ_CAP else None


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
    stamps: list = []
    key = dataset_key(files, stamps)
    where = folder()
    if key is not None and where is not None:
        entry = where / f"{key}.json"
        raw = _read(entry)
        body = unframe(raw, key) if raw is not None else None
        raw = None  # the file's bytes go before the records are built (peak memory): one copy, the body's
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

    encoded: dict[int, bytes] = {}  # the files worker processes read, as they handed them back: written as they are
    ds = load(targets or None, national, national_layers=layers, encoded=encoded)  # raises on bad input: nothing stored
    STATE["last"] = "miss"
    if key is not None and unchanged(files, key, stamps):  # the files did not change while loading
        store(key, ds, encoded)
    return ds


def store(key: str, ds: Any, encoded: Optional[dict[int, bytes]] = None) -> bool:
    try:
        data = dumps_dataset(ds, encoded)
    except (Unserializable, ValueError, RecursionError):
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
