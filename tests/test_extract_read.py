"""What real pages are: .html (the page's own text), .docx and .pdf made here by hand, reposts with pinyin
debris, zero-width characters (issue 21, Build 2). Each fails on 5e032a7."""

from __future__ import annotations

import zipfile

import pytest

from capacity.extract import extract, read_document, to_yaml

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>某市人民政府门户网站</title>
<style>.x{width:100%} body{margin:0 20%}</style>
<script>var share = "50%"; function go(){ location.href = "/a?q=%E5%A4%9A%20%E6%99%B6"; }</script>
</head><body>
<div class="top-nav"><a href="/">首页</a><a href="/zwgk">政务公开</a><span>2024年访问量100万人</span></div>
<ul class="menu"><li><a href="/x">专题：2025年目标50家</a></li></ul>
<div class="article"><h1>关于加快光伏产业发展的实施意见</h1>
<p>到2025年，全市多晶硅产能达到20万吨，<a href="http://x.gov.cn/p?id=%E5%A4%9A">光伏组件</a>产能达到30GW。</p>
<p>截至2023年底，全市光伏装机达到300万千瓦。</p></div>
<div id="footer">版权所有 电话：0471-6944400 网站标识码1500000001 ICP备05001234号</div>
</body></html>"""


def test_html_page_keeps_its_own_text_only(tmp_path, cli):
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    text = read_document(f)
    assert "首页" not in text and "版权所有" not in text and "function" not in text and "width" not in text
    assert "%E5" not in text and "http" not in text
    assert text.splitlines()[0] == "关于加快光伏产业发展的实施意见"
    d = extract(text)
    assert [(r.written, r.stance) for r in d.targets + d.status] == [
        ("20万吨", "goal"), ("30GW", "goal"), ("300万千瓦", "status")]
    assert d.skipped == []
    r = cli("extract", f)
    assert r.exit_code == 0 and "figure: 20万吨" in r.stdout and "50%" not in r.stdout


def _docx(path, paragraphs):
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body>{body}</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", xml)


def test_docx_read_without_the_extra(tmp_path, cli):
    f = tmp_path / "doc.docx"
    _docx(f, ["二、全面提升能級", "5.擴大晶硅優勢產能。", "年內多晶硅產能達到87萬噸。(牽頭單位:市發改委)"])
    r = cli("extract", f)
    assert r.exit_code == 0, r.stderr
    assert "figure: 87萬噸" in r.stdout and "clause: 5" in r.stdout and "lead: [市發改委]" in r.stdout


def test_docx_with_a_doctype_is_refused(tmp_path, cli):
    f = tmp_path / "bomb.docx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><w>&a;</w>')
    r = cli("extract", f)
    assert r.exit_code == 2 and "DOCTYPE" in r.stderr and "Traceback" not in r.stderr


def _pdf(path, line):
    """A one-page PDF whose content stream shows ``line`` (ASCII) in Helvetica, with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R"
            b" >> >> >>", b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(out)


def test_pdf_text_stream(tmp_path, cli):
    pytest.importorskip("pypdf")
    f = tmp_path / "doc.pdf"
    _pdf(f, "By 2025 the capacity reaches 87GW.")
    assert "87GW" in read_document(f)
    r = cli("extract", f)
    assert r.exit_code == 0 and "figure: 87GW" in r.stdout


def test_repost_with_pinyin_and_zero_width(tmp_path, cli):
    f = tmp_path / "repost.txt"
    f.write_text("樂山已形成36萬噸硅料生產能力，2023年晶硅光伏產(chǎn)業(yè)產(chǎn)值8\u200b36.2億元。\n"
                 "宁【níng】夏新能【néng】源总【zǒng】装机达到1798万千瓦【wǎ】。\n", encoding="utf-8")
    d = extract(read_document(f))
    got = sorted(d.targets + d.status, key=lambda r: (r.line, r.end))
    assert [(r.written, r.stance, r.year) for r in got] == [
        ("36萬噸", "status", None), ("836.2億元", "status", 2023), ("1798万千瓦", "goal", None)]
    assert "(chǎn)" not in to_yaml(d) and "【" not in to_yaml(d)
