"""The development corpus (tests/corpus/extract/: 13 real texts from 8 regions, each with an answer file made
by reading it): quality, valid drafts, no figure vanishing, the same bytes under every hash seed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from capacity import yamlio
from capacity.extract import extract, read_document, to_yaml
from capacity.extract.read import normalise
from capacity.extract.score import read_answers, score
from capacity.load import targets_from_node

CORPUS = Path(__file__).resolve().parent / "corpus" / "extract"
TEXTS = sorted(p for p in CORPUS.iterdir() if p.suffix != ".answer")


def test_the_corpus_is_what_the_issue_asks():
    assert len(TEXTS) >= 12
    regions = set()
    for p in TEXTS:
        head = p.read_text(encoding="utf-8")[:1200]
        assert re.search(r"source: https?://", head), p.name  # every text names its address
        regions.add(re.search(r"region: (\S+)", head).group(1))
        assert p.with_suffix(".answer").exists()
    assert len(regions) >= 8 and not any("包头" in r or "包頭" in r for r in regions)
    assert sum(p.suffix == ".html" for p in TEXTS) >= 2
    assert all("LABELLED AS SUCH" in p.read_text(encoding="utf-8") for p in TEXTS if p.suffix == ".html")


def test_quality_on_the_development_corpus():
    """Recall, precision, year and stance over the 13 texts (108 figures by hand): the issue asks for
    95/90/95/90; benchmarks/bench_extract.py prints them per text."""
    totals = {"answers": 0, "drafted": 0, "matched": 0, "year": 0, "stance": 0}
    for p in TEXTS:
        s = score(extract(read_document(p), p.name), read_answers(p.with_suffix(".answer")))
        for k in ("answers", "drafted", "matched"):
            totals[k] += s[k]
        totals["year"] += s["hits"][0]
        totals["stance"] += s["hits"][1]
    assert totals["answers"] == 108
    assert totals["matched"] / totals["answers"] >= 0.95
    assert totals["matched"] / totals["drafted"] >= 0.90
    assert totals["year"] / totals["matched"] >= 0.95
    assert totals["stance"] / totals["matched"] >= 0.90


@pytest.mark.parametrize("path", TEXTS, ids=[p.name for p in TEXTS])
def test_every_draft_validates_and_no_figure_vanishes(path):
    text = read_document(path)
    d = extract(text, path.name)
    targets_from_node(yamlio.parse(to_yaml(d), path.name), path.name)  # raises on any error
    # every number of the text (not a year, a date, a time or part of an identifier such as sp20240919) is in a
    # drafted figure or a left-out line
    body = normalise(text)
    numbers = [m for m in re.finditer(r"[0-9]+(?:\.[0-9]+)?", body)
               if not re.match(r"(?:19|20)[0-9]{2}(?:年|[-/.][0-9])|[0-9]{1,2}(?:月|日|时|:)", body[m.start():])
               and not re.search(r"(?:19|20)[0-9]{2}[-/.]$|[-/.:—A-Za-z]$", body[:m.start()][-5:])]
    held = " ".join([r.written for r in d.targets + d.status + d.projects] + [f for r in d.targets + d.status
                    for f in r.threshold_figs] + [s.figure for s in d.skipped])
    missing = [m.group(0) for m in numbers if m.group(0) not in held]
    assert missing == [], missing


def test_a_draft_written_by_the_cli_validates(tmp_path, cli):
    out = tmp_path / "draft.yaml"
    r = cli("extract", CORPUS / "ningxia-2011-govcn.html", "-o", out)
    assert r.exit_code == 0, r.stderr
    r = cli("validate", out)
    assert r.exit_code == 0, r.stdout + r.stderr


def test_corpus_drafts_are_the_same_bytes_under_every_hash_seed():
    outs = {}
    for seed in ("0", "1", "99", "31337"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "CAPACITY_CACHE": "0"}
        for p in (CORPUS / "yibin-2023-repost.txt", CORPUS / "innermongolia-2024-nmgsb.html"):
            r = subprocess.run([sys.executable, "-m", "capacity_cli", "extract", str(p)], capture_output=True,
                               env=env, timeout=120)
            assert r.returncode == 0
            outs.setdefault(p.name, set()).add(r.stdout)
    assert all(len(v) == 1 for v in outs.values())
