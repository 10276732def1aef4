"""The output-file policy, in one place: every file capacity writes (``--html``, ``--save-scenario``,
``$GITHUB_STEP_SUMMARY``, and any writer to come: xlsx, ``-o``) goes through ``write_output`` or
``append_output``, after ``check_output`` refused what must not be written.

Rules:

- an output may not be one of the run's inputs (the same file, through any name or symlink);
- a symlink is written through: its target is replaced, the link stays a link;
- a regular file is replaced atomically (a temporary file in the same folder, then rename), keeping
  its permission bits and, where allowed, its owner; a read-only file is refused, never replaced;
- anything that is not a regular file is never replaced: a character device (``/dev/null``) or a named
  pipe with a reader is written directly; a pipe without a reader, a socket, a block device or a
  folder is refused at once (no hang);
- an append (the step summary) lands whole or not at all: a short write is cut back to the old size;
- two outputs of one run (``-o``, ``--html``, ``--save-scenario``, the step summary) never name one file;
- a name ending in '/' names a folder: never written as a file;
- every failure (permission denied, no space, a file-size limit, a name the file system cannot
  encode) is an ``InputError`` naming the path, never a temporary file's name.

Also here: ``spreadsheet_text``, the one escape for text cells of any spreadsheet output (CSV, xlsx).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from typing import Iterable, Optional, Union

from capacity.errors import InputError

PathLike = Union[str, "os.PathLike[str]"]

_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EFBIG: "the file would exceed the file-size limit",
    errno.EROFS: "the file system is read-only",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENXIO: "it is a named pipe with no reader",
    errno.EISDIR: "it is a directory",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOENT: "its folder does not exist",
}


def _shown(path: PathLike) -> str:
    text = os.fspath(path)
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if isinstance(text, str) else repr(text)


def _error(path: PathLike, reason: str, expected: str = "a file path you can write") -> InputError:
    shown = _shown(path)
    return InputError(f"cannot write '{shown}': {reason}", value=shown, expected=expected)


def os_reason(exc: OSError) -> str:
    """An OS error in words (no space left on the device, permission denied, …)."""
    return _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def _os_error(path: PathLike, exc: OSError) -> InputError:
    return _error(path, os_reason(exc))


def _stat(path: str, follow: bool = True) -> Optional[os.stat_result]:
    try:
        return os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None


def same_file(a: PathLike, b: PathLike) -> bool:
    """Whether two paths name the same file (through links, relative names, hard links)."""
    sa, sb = _stat(os.fspath(a)), _stat(os.fspath(b))
    if sa is not None and sb is not None:
        return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)
    return os.path.realpath(os.fspath(a)) == os.path.realpath(os.fspath(b))


def _encodable(path: PathLike) -> str:
    text = os.fspath(path)
    try:
        os.fsencode(text)
    except UnicodeEncodeError as exc:
        bad = text[exc.start:exc.end] if isinstance(text, str) else "?"
        raise _error(path, f"the file system cannot encode the name (character {bad!a})",
                     "a file name in the file system's encoding") from None
    if "\x00" in text:
        raise _error(path, "the name holds a NUL character", "a file name") from None
    return text


def check_output(path: PathLike, inputs: Iterable[PathLike] = (), what: str = "output") -> str:
    """Refuse an output path before any work is done; return the path to write (a symlink resolved)."""
    text = _encodable(path)
    if not text.strip():
        raise _error(path, "the name is empty", "a file name")
    for source in inputs:
        try:
            clash = same_file(text, source)
        except (OSError, ValueError):
            clash = False
        if clash:
            raise InputError(f"the {what} '{_shown(path)}' is also an input of this run ('{_shown(source)}')",
                             value=_shown(path), expected=f"another file name for the {what}",
                             hint="capacity never writes over a file it reads")
    if text.endswith(("/", os.sep)) and not os.path.isdir(text):
        raise InputError(f"'{_shown(path)}' names a folder (it ends with '/')", value=_shown(path),
                         expected="a file path to write")
    try:
        special = _stat(text)  # through any symlink, /dev/fd/N included
    except OSError as exc:
        raise _os_error(path, exc) from None
    if special is not None and stat.S_ISCHR(special.st_mode):
        return text  # /dev/null, a terminal: written directly, never replaced
    _claim(path, text, special, what)
    if special is not None and stat.S_ISFIFO(special.st_mode):
        if text not in _OPEN_PIPES:  # held open until written: opening and closing would end the reader's input
            _OPEN_PIPES[text] = _open_fifo(path, text)
        return text
    real = os.path.realpath(text)
    try:
        st = _stat(real)
    except OSError as exc:
        raise _os_error(path, exc) from None
    if st is None:
        folder = os.path.dirname(real) or "."
        if not os.path.isdir(folder):
            shown = os.path.dirname(text) or "." if os.path.realpath(os.path.dirname(text) or ".") == folder else folder
            raise InputError(f"folder '{_shown(shown)}' does not exist", value=_shown(path),
                             expected="an existing folder")
        if not os.access(folder, os.W_OK):
            raise _error(path, "permission denied (the folder is not writable)")
        return real
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"'{_shown(path)}' is a directory", value=_shown(path), expected="a file path to write")
    if stat.S_ISREG(st.st_mode):
        if not st.st_mode & 0o222 or not os.access(real, os.W_OK):
            raise _error(path, "the file is read-only", "a writable file (capacity does not replace read-only files)")
        if not os.access(os.path.dirname(real) or ".", os.W_OK):
            raise _error(path, "permission denied (the folder is not writable)")
        return real
    raise _error(path, "it is not a regular file (a socket or a block device)", "a regular file")


#: The outputs this run has named (by real path and by file identity) → (the writer, the path as given):
#: two writers of one run aimed at one file (-o X --html X, a step summary that is also -o) are refused.
_CLAIMED: dict[object, tuple[str, str]] = {}
_SAME_WRITER = {"workbook": "output"}  # -o under --format xlsx is still the -o output


def begin_run() -> None:
    """A new run: no output named yet (the CLI calls it first; in-process runs follow one another)."""
    _CLAIMED.clear()


def _claim(path: PathLike, text: str, st: Optional[os.stat_result], what: str) -> None:
    writer = _SAME_WRITER.get(what, what)
    keys: list[object] = [os.path.realpath(text)]
    if st is not None:
        keys.append((st.st_dev, st.st_ino))
    for key in keys:
        prev = _CLAIMED.get(key)
        if prev is not None and prev[0] != writer:
            other = "-o output" if prev[0] == "output" else prev[0]
            raise InputError(f"the {what} '{_shown(path)}' is also the {other} of this run ('{prev[1]}')",
                             value=_shown(path), expected=f"another file name for the {what}",
                             hint="each output of a run needs its own file: the second would overwrite or "
                                  "corrupt the first")
    for key in keys:
        _CLAIMED[key] = (writer, _shown(path))


#: Named pipes opened by check_output, by path, until write_output or append_output writes them.
_OPEN_PIPES: dict[str, int] = {}


def _open_fifo(path: PathLike, real: str) -> int:
    """Open a named pipe for writing without waiting for a reader (none: refused)."""
    try:
        fd = os.open(real, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise _os_error(path, exc) from None
    os.set_blocking(fd, True)
    return fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        if n <= 0:  # pragma: no cover - os.write raises instead
            raise OSError(errno.EIO, "short write")
        view = view[n:]


def _write_direct(path: PathLike, real: str, data: bytes) -> None:
    st = _stat(real)
    try:
        if st is not None and stat.S_ISFIFO(st.st_mode):
            fd = _OPEN_PIPES.pop(real, None)
            if fd is None:
                fd = _open_fifo(path, real)
        else:
            fd = os.open(real, os.O_WRONLY)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _os_error(path, exc) from None


def write_output(path: PathLike, text: "str | bytes", inputs: Iterable[PathLike] = (), what: str = "output") -> None:
    """Write ``text`` (UTF-8; or bytes as they are, e.g. a workbook) to ``path`` under the rules above."""
    real = check_output(path, inputs, what)
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    st = _stat(real)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_direct(path, real, data)
        return
    folder = os.path.dirname(real) or "."
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".tmp", dir=folder)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # not ours to give away: the new file keeps our owner
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, real)
        tmp = None
    except OSError as exc:
        raise _os_error(path, exc) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def append_output(path: PathLike, text: str, inputs: Iterable[PathLike] = (), what: str = "output") -> None:
    """Append ``text`` to ``path`` (created if missing), whole or not at all."""
    real = check_output(path, inputs, what)
    data = text.encode("utf-8")
    st = _stat(real)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_direct(path, real, data)
        return
    try:
        fd = os.open(real, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    except OSError as exc:
        raise _os_error(path, exc) from None
    try:
        size = os.fstat(fd).st_size
        try:
            _write_all(fd, data)
        except OSError as exc:
            try:
                os.ftruncate(fd, size)  # no half table: back to the size before this run
            except OSError:
                pass
            raise _os_error(path, exc) from None
    finally:
        os.close(fd)


# --------------------------------------------------------------------------------------------- spreadsheets

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def spreadsheet_text(value: str) -> str:
    """A text cell that a spreadsheet will not read as a formula: text starting with = + - @ (or a tab or
    a carriage return) gets a leading apostrophe (OWASP's rule). Plain numbers such as -5 are left as
    they are; numbers held as numbers are never passed here."""
    if value and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def input_paths(paths: Iterable[Optional[PathLike]]) -> list[str]:
    """The run's input files as strings (None and missing entries left out)."""
    return [os.fspath(p) for p in paths if p is not None and os.fspath(p)]


__all__ = ["begin_run", "check_output", "write_output", "append_output", "same_file", "spreadsheet_text", "input_paths"]
