"""Hostile input to extract (issue 23 items 3, 7, 11): no hang, no unbounded memory, no crash, and every
draft it writes is one `validate` accepts. Real processes with a timeout as a guard against a hang (not a
performance claim: benchmarks/bench_extract.py measures the time)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from capacity.extract import extract, to_yaml
from capacity.load import targets_from_node
from capacity import yamlio

GUARD = 60  # seconds: far above the real cost; only a hang or a quadratic scan reaches it


def run(*args, timeout=GUARD):
    env = {**os.environ, "CAPACITY_CACHE": "0"}
    return subprocess.run([sys.executable, "-m", "capacity_cli", "extract", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=timeout)


def validates(text):
    d = extract(text)
    targets_from_node(yamlio.parse(to_yaml(d), "draft"), "draft")
    return d


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = run(fifo, timeout=20)
    assert r.returncode == 2 and "named pipe" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused():
    r = run("/dev/zero", timeout=20)
    assert r.returncode == 2 and "device" in r.stderr and "Traceback" not in r.stderr


def test_symlink_loop_and_a_file_used_as_a_folder(tmp_path):
    loop = tmp_path / "loop.txt"
    os.symlink(loop, loop)
    r = run(loop)
    assert r.returncode == 2 and "cannot read" in r.stderr and "Traceback" not in r.stderr
    f = tmp_path / "file.txt"
    f.write_text("到2025年，产能达到10万吨。", encoding="utf-8")
    r = run(f / "x")
    assert r.returncode == 2 and "not a folder" in r.stderr and "Traceback" not in r.stderr


def test_a_file_over_the_size_cap_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(yamlio.MAX_BYTES + 10)
    r = run(big)
    assert r.returncode == 2 and "bytes" in r.stderr and "Traceback" not in r.stderr


def test_lead_bracket_with_spaces_does_not_backtrack(tmp_path):
    f = tmp_path / "lead.txt"
    f.write_text("一、總則\n1.擴大產能。\n到2025年產能達到10萬噸。(牽頭單位:市發改委;" + " " * 300 + "x\n" + ("(牽頭單位:市發改委;" + " " * 300
                                                                                       + "x\n") * 200, encoding="utf-8")
    r = run(f)
    assert r.returncode == 0 and "figure: 10萬噸" in r.stdout and "lead: [市發改委]" in r.stdout


def test_one_sentence_with_4000_figures_and_one_with_2500_projects(tmp_path):
    f = tmp_path / "many.txt"
    f.write_text("到2025年，" + "、".join(f"產品{i}產能達到{i}萬噸" for i in range(1, 4001)) + "。\n"
                 + "加快推進" + "、".join(f"企業{i}年產{i}萬噸項目" for i in range(1, 2501)) + "建設。\n",
                 encoding="utf-8")
    r = run(f)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("\n  - id: ") == 4000 + 2500


def test_a_docx_of_500000_paragraphs_is_bounded(tmp_path):
    f = tmp_path / "bomb.docx"
    xml = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:body>" + "<w:p/>" * 500_000 + "</w:body></w:document>")
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)
    assert f.stat().st_size < 200_000
    r = run(f)
    assert r.returncode == 2 and "paragraphs" in r.stderr and "Traceback" not in r.stderr


def test_control_characters_and_a_million_digit_figure_give_valid_drafts(tmp_path):
    d = validates("到2025年，\x01多晶硅\x7f產能達到\x0887萬噸\x1b[31m，\u2028組件產能達到\x8530GW。")
    assert [r.written for r in d.targets] == ["87萬噸", "30GW"]
    d = validates("到2025年，產能達到" + "9" * 1_000_000 + "萬噸，組件達到30GW。")
    assert [r.written for r in d.targets] == ["30GW"]
    assert any("too long" in s.reason for s in d.skipped)
    d = validates("到2025年，產能達到1" + "0" * 400 + "萬噸。")
    assert d.targets == [] and len(d.skipped) == 1
    f = tmp_path / "ctl.txt"
    f.write_text("到2025年，\x00產能達到10萬噸。", encoding="utf-8")
    r = run(f)
    assert r.returncode == 2 and "NUL" in r.stderr


def test_a_long_text_without_full_stops_is_cut_into_bounded_pieces():
    d = validates("年內多晶硅產能達到87萬噸," * 20_000)
    assert len(d.targets) == 20_000
