"""Evaluation, round four (issue 24): the memos that make share rows cheap change no row. A share claim's
denominators are chosen once per question (``share._choice``): every field the chooser reads is part of
the question, so claims that differ in one of them (threshold or target basis, year, ``year: none``,
issue date, an informational row) still get their own figure; a row built with the memos warm is the row
built afresh; the threshold's numbers (``flips``) are ``flip`` and ``flip_above``; a figure's conversion
at once (``converted``) is its span and its unit as written."""

from __future__ import annotations

import pytest

from capacity.claims import share
from capacity.claims.common import Options, converted, flip, flip_above, flips, span, written
from capacity.claims.denominators import for_target
from capacity.evaluate import evaluate
from capacity.load import load_dataset
from capacity.units import parse_figure

EDGE = """\
schema_version: 1
region:
  id: edgeland
  name: 邊界市
  document: 邊發〔2024〕1號
  target_year: 2024
  issued: "2024-03-01"
sections:
  - section: 一
    title: 產業
quantities:
  - id: edge_total
    name: 邊界總量
    dimension: mass
    figures:
      - {year: 2023, period: end-2023, basis: capacity, value: 180萬噸, source: test fixture, published_on: "2024-01-15"}
      - {year: 2024, period: end-2024, basis: capacity, value: 200萬噸, source: test fixture, preferred: true}
      - {year: 2024, period: "2024", basis: production, value: 150萬噸, source: other fixture}
  - id: edge_range
    name: 區間總量
    dimension: mass
    figures:
      - {year: 2024, period: end-2024, basis: capacity, value: 638~678萬噸, source: test fixture, estimate: true}
  - id: edge_partial
    name: 半年
    dimension: mass
    figures:
      - {year: 2024, period: 2024 H1, basis: production, value: 50萬噸, source: test fixture}
targets:
  - {id: e_pass, section: 一, name: 過, figure: 100萬噸, national: edge_total,
     threshold: {figure: 40%, comparator: at_least, kind: share}}
  - {id: e_warn, section: 一, name: 警, figure: 81萬噸, national: edge_total,
     threshold: {figure: 40%, comparator: at_least, kind: share, warn_within: 2}}
  - {id: e_about, section: 一, name: 約, figure: 78萬噸, national: edge_total,
     threshold: {figure: 40%, comparator: about, kind: share}}
  - {id: e_range, section: 一, name: 區間, figure: 260萬噸, national: edge_range,
     threshold: {figure: 40%, comparator: at_least, kind: share}}
  - {id: e_year, section: 一, name: 年, figure: 36萬噸, year: 2023, national: edge_total,
     threshold: {figure: 20%, comparator: at_least, kind: share}}
  - {id: e_noyear, section: 一, name: 無年, figure: 36萬噸, year: none, national: edge_total,
     threshold: {figure: 20%, comparator: at_least, kind: share}}
  - {id: e_basis_target, section: 一, name: 產量, figure: 36萬噸, basis: production, national: edge_total,
     threshold: {figure: 20%, comparator: at_least, kind: share}}
  - {id: e_basis_threshold, section: 一, name: 產量門檻, figure: 36萬噸, national: edge_total,
     threshold: {figure: 20%, comparator: at_least, kind: share, basis: production}}
  - {id: e_info, section: 一, name: 信息, figure: 10萬噸, national: edge_partial}
  - {id: e_share_partial, section: 一, name: 半年門檻, figure: 10萬噸, national: edge_partial,
     threshold: {figure: 5%, comparator: at_least, kind: share}}
"""


@pytest.fixture()
def edge(tmp_path):
    path = tmp_path / "edge.yaml"
    path.write_text(EDGE, encoding="utf-8")
    return load_dataset([str(path)], None)


def _fresh(t, tf, q, options):
    share._CHOICES.clear()
    share._AGAINST.clear()
    return share.share_row(t, for_target(tf, t), q, options)


@pytest.mark.parametrize("options", [Options(), Options(denominator="issued"), Options(year=2023),
                                     Options(basis="production", strict=True, warn_within=5.0),
                                     Options(tolerance=1.0)])
def test_share_rows_with_the_memos_warm_are_the_rows_built_afresh(edge, options):
    tf = edge.regions[0]
    claims = [t for t in tf.targets if t.national]
    warm = [share.share_row(t, for_target(tf, t), edge.national.quantity(t.national), options) for t in claims]
    for t, row in zip(claims, warm):
        assert row == _fresh(t, tf, edge.national.quantity(t.national), options), t.id


def test_claims_that_differ_in_one_field_the_chooser_reads_get_their_own_figure(edge):
    rows = {r["id"]: r for r in evaluate(edge, Options())["results"] if r["kind"] == "share"}
    national = {i: (rows[i]["national"] or {}).get("text") for i in rows}
    assert national["e_pass"] == "200萬噸"
    assert national["e_year"] == "180萬噸"  # its own year: 2023
    assert national["e_noyear"] == "200萬噸" and "no_year" in rows["e_noyear"]["national"]["fallback_codes"]
    assert national["e_basis_target"] == national["e_basis_threshold"] == "150萬噸"  # production, either way
    assert national["e_share_partial"] == "50萬噸"  # a check may rest on another basis, said so ...
    assert national["e_info"] is None  # ... an informational row never does: like against like
    assert rows["e_info"]["notes"][0]["code"] == "no_like_figure"
    # issued 2024-03-01: the figure known then is 2023's 180萬噸 for every claim of the region
    assert rows["e_pass"]["then"]["national"]["text"] == "180萬噸"
    assert rows["e_year"]["share"] == 0.2 and rows["e_pass"]["share"] == 0.5  # 36/180, 100/200
    assert rows["e_warn"]["status"] == "warn" and rows["e_warn"]["margin_pp"] == 0.5  # 81/200 = 40.5%
    assert rows["e_range"]["share_range"] == [0.383480825959, 0.407523510972]  # 260/678, 260/638
    assert rows["e_range"]["status"] == "undecided"


@pytest.mark.parametrize("comparator, tolerance, expected", [("at_least", None, (0.4, 0.4, None)),
                                                             ("about", None, (0.4, 0.375, 0.425)),
                                                             ("about", 5, (0.4, 0.35, 0.45))])
def test_flips_are_flip_and_flip_above(comparator, tolerance, expected):
    from capacity.model import Threshold

    th = Threshold(figure=parse_figure("40%"), comparator=comparator, kind="share", tolerance=tolerance)
    value, low, high = flips(th, Options())
    assert (value, low, high) == pytest.approx(expected)
    assert low == flip(th) and high == flip_above(th)


@pytest.mark.parametrize("text, unit", [("87萬噸", "t"), ("3~5家", "家"), ("200萬千瓦時", "MWh"), (">1000GW", "GW"),
                                        ("17萬噸/年", "t")])
def test_converted_is_the_span_and_the_unit_as_written(text, unit):
    f = parse_figure(text)
    assert converted(f, unit) == (*span(f, unit), written(f, unit))
