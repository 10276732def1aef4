"""Reading many files on more than one core.

``read_all(read, paths, ...)`` calls ``read(path)`` for every path and gives back what each call
returned (or the error it raised), in the order of ``paths``: what a loop would give. When it pays and
is safe, forked worker processes read some of the files at the same time as the calling process:

- each process takes the next file from a shared queue (a pipe holding the files' numbers), so a
  process that meets large files reads fewer of them;
- a worker hands back what it read as the records' own JSON (``capacity.codec``: decoding builds only
  the record classes, never pickle), one frame per file, on its own pipe, which the caller drains
  between its own files;
- a file a worker could not read or hand back (an error in the file, a value the codec cannot write, a
  worker that died) is read again by the calling process, after the others, so every error is raised
  by the caller itself, with the words and the order a one-process run gives. A worker never writes to
  a file, prints or runs the caller's exit handlers (it ends with ``os._exit``).

Workers are used only on Linux (``fork``), when the calling process runs no other thread (a notebook
kernel's threads, a running recorder: one process then), for regular files (never standard input),
and, unless ``CAPACITY_WORKERS`` names a number, only for at least ``MIN_BYTES`` of them: forking and
decoding cost about a fifth of reading. ``CAPACITY_WORKERS``: unset, empty or ``auto`` (one process
per core the run may use, at most ``MAX_AUTO``), ``1`` or ``0`` (one process), or a number of processes
(from 2 to ``MAX_WORKERS``, used even for small files: tests use it)."""

from __future__ import annotations

import os
import select
import signal
import stat
import struct
import sys
from typing import Any, Callable, Optional, Sequence

ENV = "CAPACITY_WORKERS"
MIN_BYTES = 2 * 1024 * 1024  # about 9,000 targets as the bundled data writes them
MAX_AUTO = 4
MAX_WORKERS = 64
_QUEUE_ITEM = struct.Struct("<I")  # a file's number in the queue
_FRAME = struct.Struct("<IBI")  # a worker's answer: the file's number, ok (1) or not (0), the length of the JSON
_PIPE_BYTES = 1 << 20  # asked of the kernel for each pipe (F_SETPIPE_SZ); refused quietly
_F_SETPIPE_SZ = 1031


def setting() -> Optional[int]:
    """The number of processes ``CAPACITY_WORKERS`` asks for, or None for ``auto``. A value that is neither
    raises InputError (exit 2): ``CAPACITY_WORKERS=two`` must not be read as one."""
    raw = os.environ.get(ENV, "")
    value = raw.strip().lower()
    if value in ("", "auto"):
        return None
    if value.isascii() and value.isdigit() and int(value) <= MAX_WORKERS:
        return max(int(value), 1)  # 0: no worker, as 1
    from capacity.errors import InputError

    raise InputError(f"{ENV}={raw!r} is not a number of processes", value=raw,
                     expected=f"{ENV}=auto (or unset) for one process per core, 1 (or 0) for one process, "
                              f"or a number of processes up to {MAX_WORKERS}")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _can_fork() -> bool:
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    import threading

    return threading.active_count() == 1


def _regular_size(path: Any) -> Optional[int]:
    from capacity.stdin import is_stdin

    if is_stdin(path):
        return None
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def plan(paths: Sequence[Any]) -> tuple[int, list[int]]:
    """(how many processes, the numbers of the files workers may read): (1, []) for one process."""
    asked = setting()
    if asked == 1 or len(paths) < 2 or not _can_fork():
        return 1, []
    sizes = [_regular_size(p) for p in paths]
    shared = [i for i, size in enumerate(sizes) if size is not None]
    if len(shared) < 2:
        return 1, []
    if asked is None:
        if sum(sizes[i] for i in shared) < MIN_BYTES:
            return 1, []
        asked = min(_cores(), MAX_AUTO)
    return min(asked, len(shared)), shared


class _Failed:
    """A file to be read again by the caller."""


FAILED = _Failed()


def read_all(read: Callable[[Any], Any], paths: Sequence[Any], *, encode: Callable[[Any], bytes],
             decode: Callable[[bytes], Any], catch: type[BaseException] = Exception,
             kept: Optional[Callable[[Any], None]] = None) -> list[Any]:
    """``[read(p) for p in paths]``, where a call that raised ``catch`` gives the exception instead of a
    value (any other exception propagates, as from the loop); ``encode`` and ``decode`` carry a value from a
    worker to the caller (``decode`` raises ValueError on what it does not accept). ``kept`` is called with
    each value the caller itself read from the shared queue while workers ran (the loader encodes those
    for the cache then: while the workers are busy, not after them)."""
    count, shared = plan(paths)
    if count == 1:
        return [_call(read, p, catch) for p in paths]
    return _Pool(read, paths, shared, count, encode, decode, catch, kept).run()


def _call(read: Callable[[Any], Any], path: Any, catch: type[BaseException]) -> Any:
    try:
        return read(path)
    except catch as exc:
        return exc


def _set_pipe_size(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, _F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, OSError, ValueError):
        pass


class _Pool:
    def __init__(self, read: Callable[[Any], Any], paths: Sequence[Any], shared: list[int], count: int,
                 encode: Callable[[Any], bytes], decode: Callable[[bytes], Any], catch: type[BaseException],
                 kept: Optional[Callable[[Any], None]] = None) -> None:
        self.read, self.paths, self.shared, self.count = read, paths, shared, count
        self.encode, self.decode, self.catch, self.kept = encode, decode, catch, kept
        self.results: list[Any] = [FAILED] * len(paths)
        self.pids: list[int] = []
        self.pipes: dict[int, bytearray] = {}  # a worker's pipe → the bytes read from it not yet decoded
        self.queue = -1

    # -- the queue: file numbers, taken 4 bytes at a time (a pipe read of 4 bytes is not split on Linux)

    def _fill_queue(self) -> bool:
        r, w = os.pipe()
        _set_pipe_size(w)
        data = b"".join(_QUEUE_ITEM.pack(i) for i in self.shared)
        os.set_blocking(w, False)
        try:
            written = os.write(w, data)
        except BlockingIOError:
            written = 0
        finally:
            os.close(w)  # at its end, the queue reads as empty: every process stops taking
        if written != len(data):  # more files than the pipe holds: one process
            os.close(r)
            return False
        self.queue = r
        return True

    def _take(self) -> Optional[int]:
        data = os.read(self.queue, _QUEUE_ITEM.size)
        return _QUEUE_ITEM.unpack(data)[0] if len(data) == _QUEUE_ITEM.size else None

    # -- the caller

    def run(self) -> list[Any]:
        shared = set(self.shared)
        if not self._fill_queue():
            return [_call(self.read, p, self.catch) for p in self.paths]
        try:
            for _ in range(self.count - 1):
                if not self._fork():
                    break
            for i, path in enumerate(self.paths):  # standard input, a FIFO…: the caller's own
                if i not in shared:
                    self.results[i] = _call(self.read, path, self.catch)
            while (i := self._take()) is not None:
                value = self.results[i] = _call(self.read, self.paths[i], self.catch)
                if self.kept is not None and not isinstance(value, self.catch):
                    self.kept(value)
                self._drain(block=False)
            while self.pipes:
                self._drain(block=True)
        finally:
            self._stop()
        for i, value in enumerate(self.results):  # what no worker handed back, read here, in order
            if value is FAILED:
                self.results[i] = _call(self.read, self.paths[i], self.catch)
        return self.results

    def _fork(self) -> bool:
        r, w = os.pipe()
        _set_pipe_size(w)
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return False
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                os.close(r)
                for fd in self.pipes:  # the other workers' pipes
                    os.close(fd)
                if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not where it is ignored
                    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the worker at once
                self._work(w)
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        os.set_blocking(r, False)
        self.pipes[r] = bytearray()
        self.pids.append(pid)
        return True

    def _drain(self, block: bool) -> None:
        if block:
            ready, _, _ = select.select(list(self.pipes), [], [])
        else:
            ready = list(self.pipes)
        for fd in ready:
            buf = self.pipes[fd]
            while True:
                try:
                    chunk = os.read(fd, _PIPE_BYTES)
                except BlockingIOError:
                    break
                if not chunk:  # the worker is done (or dead): what it handed back in full is kept
                    os.close(fd)
                    del self.pipes[fd]
                    break
                buf += chunk
            self._frames(buf)

    def _frames(self, buf: bytearray) -> None:
        at = 0
        while len(buf) - at >= _FRAME.size:
            i, ok, size = _FRAME.unpack_from(buf, at)
            end = at + _FRAME.size + size
            if len(buf) < end:
                break
            if ok and 0 <= i < len(self.results):
                try:
                    self.results[i] = self.decode(bytes(buf[at + _FRAME.size:end]))
                except (ValueError, TypeError, KeyError, RecursionError):
                    self.results[i] = FAILED  # read again here
            at = end
        del buf[:at]

    def _stop(self) -> None:
        if self.queue >= 0:
            os.close(self.queue)
            self.queue = -1
        for fd in self.pipes:
            os.close(fd)
        if self.pipes:  # stopped early (an exception here): the workers need not finish
            for pid in self.pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        self.pipes.clear()
        for pid in self.pids:
            try:
                os.waitpid(pid, 0)
            except (OSError, ChildProcessError):
                pass
        self.pids.clear()

    # -- a worker

    def _work(self, out: int) -> None:
        while (i := self._take()) is not None:
            try:
                data = self.encode(self.read(self.paths[i]))
                frame = _FRAME.pack(i, 1, len(data)) + data
            except Exception:  # noqa: BLE001 - the caller reads this file again and raises what it raises
                frame = _FRAME.pack(i, 0, 0)
            view = memoryview(frame)
            while view:
                view = view[os.write(out, view):]

