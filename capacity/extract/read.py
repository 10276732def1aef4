"""Reading a policy text for ``capacity extract``: files (.txt/.md/.html/.docx/.pdf) and what real pages hold.

``read_document(path)`` reads through the loader's input rules (``yamlio.open_checked``: a regular file
under the size cap; FIFOs, devices, symlink loops and ``file/x`` paths are refused with exit 2), decodes
UTF-8 / UTF-16 with a BOM / GB18030, keeps an HTML page's own text (no menus, scripts, styles or URLs),
reads a .docx's paragraphs as a stream (bounded in memory and time) and a .pdf's text through pypdf.

``normalise(text)`` undoes what reposts and converters leave in a text before it is scanned: zero-width
characters (``8\u200b7萬噸`` is 87萬噸), control characters, odd line breaks and spaces, spaces a typesetter
put between a number and its words (``2020 年``), pinyin left inside words by a conversion (``產(chǎn)值``,
``發【fā】展``), and web addresses (percent-encoded URLs hold no percentages). Pure: nothing printed, nothing written.
"""

from __future__ import annotations

import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

from capacity.errors import InputError, Location

DOC_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm", ".docx", ".pdf")
#: A .docx or .pdf holds at most this much text once read (a bomb of empty paragraphs stops here).
MAX_TEXT_CHARS = 4_000_000
MAX_PARAGRAPHS = 200_000

# --------------------------------------------------------------------------------------------- bytes


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file, under the loader's rules (size cap, regular files only): InputError otherwise."""
    from capacity import yamlio

    name = str(path)
    where = Location(name, 1)
    try:
        with open(path, "rb", opener=yamlio._open_nonblocking) as fh:  # a FIFO opens at once
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise InputError(f"{name} is a folder", location=where, value=name, expected="a policy text file")
            if not stat.S_ISREG(st.st_mode):
                kind = "a named pipe" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(
                    st.st_mode) or stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "special"
                raise InputError(f"{name} is not a regular file ({kind})", location=where, value=name,
                                 expected="a policy text saved to a file", hint="pipes and devices are not read")
            if st.st_size > yamlio.MAX_BYTES:
                raise InputError(f"{name} is {st.st_size} bytes", location=where, value=name,
                                 expected=f"a file under {yamlio.MAX_BYTES // (1024 * 1024)} MiB")
            os.set_blocking(fh.fileno(), True)
            data = fh.read(yamlio.MAX_BYTES + 1)
        if len(data) > yamlio.MAX_BYTES:
            raise InputError(f"{name} is more than {yamlio.MAX_BYTES} bytes", location=where, value=name,
                             expected=f"a file under {yamlio.MAX_BYTES // (1024 * 1024)} MiB")
        return data
    except FileNotFoundError:
        raise InputError(f"no such file: {name}", value=name,
                         expected="a policy text (.txt, .md, .html, .docx, .pdf)") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a folder", value=name, expected="a policy text file") from None
    except PermissionError:
        raise InputError(f"cannot read {name}: permission denied", value=name) from None
    except NotADirectoryError:
        raise InputError(f"cannot read {name}: a part of the path is a file, not a folder", value=name,
                         expected="a path to a policy text file") from None
    except OSError as exc:  # ELOOP (a symlink loop), ENAMETOOLONG, EIO …
        raise InputError(f"cannot read {name}: {exc.strerror or exc}", value=name,
                         expected="a readable policy text file") from None


def decode(data: bytes, name: str = "<text>") -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030; anything else is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is neither UTF-8 nor GB18030 text (byte {exc.start})",
                         location=Location(name, 1), expected="a UTF-8 or GB18030 text file",
                         hint="save the document as UTF-8 text, or give the .docx/.pdf") from None


def read_document(path: str | Path) -> str:
    """The text of a policy document, paragraphs on lines (not yet normalised: see ``normalise``)."""
    p = Path(path)
    suffix = p.suffix.lower()
    data = read_bytes(p)
    if suffix == ".docx":
        return _read_docx(data, str(p))
    if suffix == ".pdf":
        return _read_pdf(data, str(p))
    text = decode(data, str(p))
    if "\x00" in text:
        raise InputError(f"{p} is not a text file (it holds NUL bytes)", location=Location(str(p), 1),
                         expected="a .txt, .md or .html file, or a .docx/.pdf")
    if suffix in (".html", ".htm") or (suffix not in (".md", ".markdown") and _looks_html(text)):
        return html_text(text)
    if suffix in (".md", ".markdown"):
        text = _strip_markdown(text)
    return text


def _looks_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _strip_markdown(text: str) -> str:
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s{0,3}(#{1,6}\s*|>\s?|[-*+]\s+(?=\S))", "", line)
        line = re.sub(r"(\*\*|__)([^*_]+?)\1", r"\2", line)
        out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------------------------- html

_SKIP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "menu", "select", "option",
              "form", "button", "iframe", "svg", "template", "head", "title"}
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
               "ul", "ol", "dd", "dt", "blockquote", "pre", "hr"}
_CELL_TAGS = {"td", "th"}  # a table row is one line, its cells apart by a space
_CHROME = re.compile(r"(?:^|[-_ ])(?:nav|navbar|menu|footer|foot|header|breadcrumb|crumb|sidebar|topbar|share|"
                     r"copyright|login|search|links?|friendlink|toolbar|tools?|skip|bottom|banner|dh|daohang|weizhi|"
                     r"position|location|fenxiang|print|qrcode|ewm)(?:$|[-_ \d])", re.I)
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class _PageText(HTMLParser):
    """The page's own text: skip menus, headers, footers, scripts, styles; attributes (URLs) never read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self.size = 0

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append(" ")
        if tag in _VOID:
            return
        names = " ".join(v for k, v in attrs if k in ("class", "id", "role") and v)
        skip = self._skipping() or tag in _SKIP_TAGS or bool(names and _CHROME.search(names))
        if len(self.stack) < 500:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, max(-1, len(self.stack) - 50), -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping() and self.size < MAX_TEXT_CHARS:
            self.parts.append(data)
            self.size += len(data)


def html_text(page: str) -> str:
    """The text of a saved web page: its own words only, one block a line."""
    parser = _PageText()
    parser.feed(page)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", x).strip() for x in text.split("\n")]
    return "\n".join(x for x in lines if x)


# --------------------------------------------------------------------------------------------- docx, pdf


def _missing_extra(what: str, module: str) -> InputError:
    return InputError(f"reading {what} needs the optional '{module}' package", expected="pip install 'capacity[docs]'",
                      hint="or save the document as UTF-8 text and give the .txt")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(data: bytes, name: str) -> str:
    """Paragraphs (and table rows) of word/document.xml, read as a stream: a bomb of empty paragraphs, a
    huge part or a DOCTYPE (entity expansion) is refused; the text stops at MAX_TEXT_CHARS."""
    import io
    import zipfile
    from xml.etree.ElementTree import ParseError, iterparse

    where = Location(name, 1)
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        info = z.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{name} is not a readable .docx ({type(exc).__name__})", location=where) from None
    if info.file_size > 64 * 1024 * 1024:
        raise InputError(f"{name}: its text part is {info.file_size} bytes unpacked", location=where,
                         expected="a .docx whose text is under 64 MiB", hint="save the document as .txt") from None
    lines: list[str] = []
    size = 0
    try:
        with z.open(info) as fh:
            head = fh.peek(4096)[:4096] if hasattr(fh, "peek") else b""
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(f"{name}: the .docx declares a DOCTYPE or entities", location=where,
                                 expected="a .docx as Word writes it")
            buf: list[str] = []
            paragraphs = 0
            body = None
            for event, el in iterparse(fh, events=("start", "end")):
                if event == "start":
                    if el.tag == _W + "body":
                        body = el
                    continue
                if el.tag == _W + "t":
                    buf.append(el.text or "")
                elif el.tag == _W + "tab":
                    buf.append(" ")
                elif el.tag == _W + "p":
                    paragraphs += 1
                    line = "".join(buf)
                    buf = []
                    if line.strip():
                        lines.append(line)
                        size += len(line)
                    el.clear()
                    if body is not None and len(body) > 64:
                        body.clear()  # keep no finished paragraph: memory stays flat
                    if paragraphs > MAX_PARAGRAPHS or size > MAX_TEXT_CHARS:
                        raise InputError(f"{name}: more than {MAX_PARAGRAPHS} paragraphs or {MAX_TEXT_CHARS} "
                                         "characters", location=where, expected="a policy document of usual size",
                                         hint="split the document, or save the part that holds the targets")
                elif el.tag in (_W + "tc",):
                    buf.append(" ")
                elif el.tag == _W + "body":
                    el.clear()
    except InputError:
        raise
    except (ParseError, zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:
        raise InputError(f"{name} is not a readable .docx ({type(exc).__name__})", location=where) from None
    return "\n".join(lines)


def _read_pdf(data: bytes, name: str) -> str:
    try:
        import pypdf
    except ImportError:
        raise _missing_extra(".pdf files", "pypdf") from None
    import io

    from capacity.extract import _heading
    from capacity.script import simplify

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = []
        size = 0
        for page in reader.pages:
            t = page.extract_text() or ""
            pages.append(t)
            size += len(t)
            if size > MAX_TEXT_CHARS:
                break
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds
        raise InputError(f"{name} is not a readable .pdf ({type(exc).__name__})", location=Location(name, 1)) from None
    text = "\n".join(pages)
    # PDF text breaks lines inside paragraphs: join a line to the next unless it ends a sentence or the next
    # starts a numbered heading.
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if out and out[-1] and not re.search(r"[。:：;；!！?？)）]$", out[-1]) and line and not _heading(simplify(line)):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------------------------- normalising

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c"
                                "\u202d\u202e\u2066\u2067\u2068\u2069"), None)
_CONTROL = {c: None for c in range(0x20) if c not in (0x09, 0x0A)}
_CONTROL.update({0x7F: None, 0x0D: 0x0A, 0x0B: 0x0A, 0x0C: 0x0A})
_CONTROL.update({c: None for c in range(0x80, 0xA0) if c != 0x85})
_LINE_BREAKS = {0x85: 0x0A, 0x2028: 0x0A, 0x2029: 0x0A}
_SPACES = {c: 0x20 for c in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F)}
_TABLE = {**_ZERO_WIDTH, **_CONTROL, **_LINE_BREAKS, **_SPACES}

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
#: Pinyin a converter left after a character: 產(chǎn)值, 發【fā】展, 公司(yǒuxiàngōngsī); untoned neutral
#: syllables (的(de)) only when they are a known light syllable.
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff\u3400-\u4dbf])[(（【\[]([a-z{_TONED}]{{1,40}})[)）】\]]")
_LIGHT = {"de", "le", "ma", "ne", "me", "men", "zi", "ge", "ba", "a", "zhe", "li", "shang", "tou", "guo"}
_URL = re.compile(r"(?:https?|ftp)://[^\s\u3000-\u303f\uff01-\uff5e\u4e00-\u9fff\"'<>]*|www\.[A-Za-z0-9.-]+"
                  r"[^\s\u3000-\u303f\uff01-\uff5e\u4e00-\u9fff\"'<>]*|(?:%[0-9A-Fa-f]{2}){2,}")


_NUMBER_SPACE = re.compile(r"(?<=[0-9]) {1,3}(?=[\u4e00-\u9fff%％])|(?<=[\u4e00-\u9fff]) {1,3}(?=[0-9])")


def _pinyin(m: re.Match) -> str:
    inner = m.group(1)
    if any(c in _TONED for c in inner) or inner in _LIGHT:
        return ""
    return m.group(0)


_ODD = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")


def normalise(text: str) -> str:
    """The text as a reader sees it: no zero-width or control characters, ordinary spaces and line breaks,
    no pinyin inside words, web addresses blanked (their digits and %XX are no figures)."""
    if _ODD.search(text):
        text = text.translate(_TABLE)
    if "(" in text or "（" in text or "【" in text or "[" in text:
        text = _PINYIN.sub(_pinyin, text)
    if "://" in text or "www." in text or "%" in text:
        text = _URL.sub(lambda m: " " * len(m.group(0)), text)
    if " " in text:  # 截至2020 年底, 44 个: typesetting spaces between a number and its word (PDFs, e-papers)
        text = _NUMBER_SPACE.sub("", text)
    return text
