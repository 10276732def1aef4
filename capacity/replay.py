"""Replayed outputs: a run's stdout, stderr and exit code, kept in the cache under a key that names everything
they follow from, so the same command on the same files prints the same bytes without loading or evaluating.

A command's output is a pure function of: this code (``cache.code_version``: every source file, Python,
pint; and ``renderers``: the command line's package, rich and orjson as installed), the bytes and the names of every file the run reads, the command and every one of its options after
defaults and configuration are applied (the caller passes them, resolved: ``--lang`` after the locale),
and the few parts of the environment a renderer reads (the working folder and ``GITHUB_WORKSPACE``, which
the github format's paths are relative to). ``key`` hashes all of it; a file that cannot be read as a
regular file (standard input, a FIFO, a folder) gives no key, and the run is not replayed.

An entry is written only when it pays: by a run whose dataset came from the cache (``cache.STATE["last"]
== "hit"``), that is the third run of a command on unchanged files at the earliest, never by a first run,
and only for a run that ended normally (exit 0 or 1, every byte written). It lives in the cache folder
(``replay-<key>.json``), framed like every cache file (``cache.frame``: the key and the SHA-256 of the
body, so a corrupt, edited, truncated or foreign file is ignored), counted in the folder's cap (least
recently used first). The body is one JSON line ``{"code": 0|1, "stderr": [[offset, line], ...]}`` (each stderr line with the
number of stdout bytes written before it, so ``2>&1`` replays in the same order) and then stdout's
bytes compressed with zlib (100,000 targets' 146 MB of JSON are 13 MB). Nothing in it can run code.

This module only stores and reads bytes; the CLI decides what to record and writes what is read back.
"""

from __future__ import annotations

import itertools
import json
import os
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from capacity import cache

PREFIX = "replay-"
CHUNK = 1 << 20  # stdout is written back a megabyte at a time (peak memory stays small)
LEVEL = 1  # zlib's fastest: 146 MB → 13 MB in ~0.8 s, read back in ~0.4 s


def key(command: str, options: dict, inputs: Iterable[Any], use: bool = True) -> Optional[str]:
    """The key of a run of ``command`` with ``options`` (resolved values, JSON-able or shown by ``repr``) on
    the files ``inputs`` (names as given), or None when the cache is off or an input is not a regular file."""
    if not cache.enabled(use):
        return None
    h = cache._sha256()
    h.update(f"replay/1\0{cache.code_version()}\0{renderers()}\0{command}\0".encode())
    h.update(json.dumps(options, sort_keys=True, default=repr, ensure_ascii=False).encode())
    try:
        cwd = os.getcwd()
    except OSError:  # the working folder was deleted under the run: nothing to key relative paths on
        return None
    h.update(f"\0{cwd}\0{os.environ.get('GITHUB_WORKSPACE', '')}".encode("utf-8", "surrogatepass"))
    for name in inputs:
        data = cache._read_regular(Path(name))
        if data is None:
            return None
        h.update(f"\0{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def renderers() -> str:
    """The code outside this package that shapes an output: the command line (``capacity_cli``: its
    messages, formats and options), rich (tables) and orjson (JSON), by their installed files
    (``cache.tree_digest``; found without importing them)."""
    import importlib.util

    parts = []
    for name in ("capacity_cli", "rich", "orjson"):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        if not origin or not os.path.exists(origin):
            parts.append(f"{name}:none")
            continue
        where = Path(origin).parent
        parts.append(f"{name}:{where}:{cache.tree_digest(where, ('.py', '.so', '.pyd'))}")
    return "|".join(parts)


class Entry:
    """A stored run: its exit code, its stderr lines and (``chunks``) its stdout's bytes."""

    def __init__(self, code: int, stderr: list, packed: bytes) -> None:
        self.code = code
        self.stderr = stderr  # [stdout bytes written before it, line]: the two streams' order is kept
        self._packed = packed

    def chunks(self) -> Iterator[bytes]:
        """stdout, a megabyte at a time (raises zlib.error on a corrupt stream, before anything is written
        only if the first chunk is bad: ``read`` has already checked the digest of the whole file)."""
        d = zlib.decompressobj()
        data = self._packed
        while data:
            out = d.decompress(data, CHUNK)
            data = d.unconsumed_tail
            if out:
                yield out
        rest = d.flush()
        if rest:
            yield rest

    def pieces(self) -> Iterator[tuple[str, Any]]:
        """What the run wrote, in its order: ``("out", bytes)`` of stdout (a megabyte at a time) and
        ``("err", line)`` of stderr, each line at the stdout offset it was said at. A corrupt stream raises
        zlib.error at the first piece, before anything is given out (``read`` checked the whole file's digest)."""
        chunks = self.chunks()
        first = next(chunks, b"")
        written, lines, i = 0, self.stderr, 0
        for chunk in itertools.chain([first] if first else [], chunks):
            pos = 0
            while i < len(lines) and lines[i][0] - written < len(chunk):
                cut = max(lines[i][0] - written, pos)
                if cut > pos:
                    yield "out", chunk[pos:cut]
                    pos = cut
                yield "err", lines[i][1]
                i += 1
            if pos < len(chunk):
                yield "out", chunk[pos:]
            written += len(chunk)
        for _, line in lines[i:]:
            yield "err", line


def _path(where: Path, k: str) -> Path:
    return where / f"{PREFIX}{k}.json"


def read(k: Optional[str]) -> Optional[Entry]:
    """The entry stored under ``k``, or None (none stored, the cache folder unsafe, the file corrupt)."""
    if k is None:
        return None
    where = cache.folder()
    if where is None:
        return None
    path = _path(where, k)
    raw = cache._read(path)
    body = cache.unframe(raw, k) if raw is not None else None
    if body is None:
        return None
    end = body.find(b"\n")
    try:
        head = json.loads(body[:end]) if end > 0 else None
    except ValueError:
        return None
    if not isinstance(head, dict) or head.get("code") not in (0, 1) or not isinstance(head.get("stderr"), list) \
            or not all(isinstance(x, list) and len(x) == 2 and type(x[0]) is int and isinstance(x[1], str)
                       for x in head["stderr"]):
        return None
    try:
        os.utime(path)  # recently used: evicted last
    except OSError:
        pass
    return Entry(head["code"], head["stderr"], body[end + 1:])


class Recorder:
    """What a run writes, gathered as it goes. stdout is compressed a megabyte at a time by a second thread
    (zlib lets go of the interpreter while it compresses), so on a machine with two cores recording costs
    the run little; an output under a megabyte is compressed at the end, without a thread."""

    def __init__(self, k: str) -> None:
        self.key = k
        self.stderr: list = []  # [stdout bytes before it, line]
        self._z = zlib.compressobj(LEVEL)
        self._parts: list[bytes] = []
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._queue: Any = None
        self._worker: Any = None
        self.size = 0
        self.spoilt = False  # a write that did not happen as recorded (a closed stdout, a text-only stream…)

    def out(self, data: bytes) -> None:
        self.size += len(data)
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= CHUNK:
            self._hand_over()

    def _hand_over(self) -> None:
        chunk = b"".join(self._pending)
        self._pending, self._pending_size = [], 0
        if self._worker is None:
            import queue
            import threading

            self._queue = queue.Queue(maxsize=8)  # a worker behind the run holds it back at 8 MB
            self._worker = threading.Thread(target=self._compress, name="capacity-replay", daemon=True)
            self._worker.start()
        self._queue.put(chunk)

    def _compress(self) -> None:
        while True:
            chunk = self._queue.get()
            if chunk is None:
                return
            packed = self._z.compress(chunk)
            if packed:
                self._parts.append(packed)

    def _packed(self) -> bytes:
        """stdout compressed, whole: the worker's parts (joined once it has finished) and the rest."""
        if self._worker is not None:
            if self._pending:
                self._hand_over()
            self._queue.put(None)
            self._worker.join()
            self._worker = None
        elif self._pending:
            self._parts.append(self._z.compress(b"".join(self._pending)))
        self._pending = []
        self._parts.append(self._z.flush())
        return b"".join(self._parts)

    def err(self, line: str) -> None:
        self.stderr.append([self.size, line])

    def save(self, code: int) -> bool:
        """Store the run (exit ``code``): True when written. Runs that did not end normally are not stored."""
        if self.spoilt or code not in (0, 1):
            return False
        head = json.dumps({"code": code, "stderr": self.stderr}, ensure_ascii=False, separators=(",", ":"))
        body = head.encode() + b"\n" + self._packed()
        self._parts = []
        if len(body) > cache.MAX_ENTRY_BYTES:
            return False
        where = cache.folder(create=True)
        if where is None:
            return False
        path = _path(where, self.key)
        ok = cache._write(path, cache.frame(self.key, body))
        if ok:
            cache._evict(where, path)
        return ok


__all__ = ["key", "read", "Entry", "Recorder", "PREFIX"]
