"""The bundled data: the document's figures as written, traceable, and national figures with sources."""

from collections import Counter

import pytest

from capacity.load import bundled_path, load_dataset
from capacity.units import parse_figure

DOC = bundled_path("source/baotou-2024-1.txt").read_text(encoding="utf-8")
FULL_TEXT = DOC[DOC.index("全文如下"):]


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_bundled_files_load(ds):
    tf = ds.primary
    assert tf.region.document == "包黨發〔2024〕1號"
    assert len(tf.targets) + len([p for p in tf.projects if p.figure]) > 100


def test_every_figure_is_the_documents_own(ds):
    for t in ds.primary.targets:
        assert t.text in FULL_TEXT, t.id
        assert t.figure.text in t.text, t.id
    for p in ds.primary.projects:
        assert p.text in FULL_TEXT, p.id
        if p.figure:
            assert p.figure.text in p.text, p.id


def test_figures_keep_traditional_characters(ds):
    figures = {t.id: t.figure.text for t in ds.primary.targets}
    assert figures["polysilicon"] == "87萬噸"
    assert figures["monocrystalline_silicon"] == "253GW"
    assert figures["energy_storage"] == "200萬千瓦時"
    assert figures["pv_output_value"] == "2000億元"
    assert "3~5家" in figures.values() or "3～5家" in figures.values()
    assert "2000臺" in figures.values()


def test_chain_targets_and_thresholds(ds):
    tf = ds.primary
    expect = {"polysilicon": "40%", "monocrystalline_silicon": "40%", "wafers": "15%", "cells": "10%", "modules": "10%"}
    for tid, pct in expect.items():
        t = tf.target(tid)
        assert t.threshold.kind == "share" and t.threshold.figure.text == pct and t.threshold.comparator == "at_least"
    assert tf.target("industrial_silicon").threshold.kind == "supply"
    assert tf.target("industrial_silicon").threshold.figure.text == "80%"
    assert tf.target("pv_local_supply_ratio").figure.text == "60%"
    dims = {tid: tf.target(tid).figure.dimension for tid in
            ("polysilicon", "industrial_silicon", "wafers", "cells", "modules", "energy_storage", "green_hydrogen")}
    assert dims == {"polysilicon": "mass", "industrial_silicon": "mass", "wafers": "power", "cells": "power",
                    "modules": "power", "energy_storage": "energy", "green_hydrogen": "mass"}


def test_sections_clauses_and_leads(ds):
    t = ds.primary.target("polysilicon")
    assert (t.section, t.clause, t.lead) == ("二", 5, ("市發改委",))
    assert ds.primary.target("rare_earth_output_value").clause is None  # section opening


def test_projects_as_written(ds):
    p = next(p for p in ds.primary.projects if p.name == "通威三期")
    assert (p.figure.text, p.feeds, p.state) == ("20萬噸", "polysilicon", "實施")
    states = {s.state for s in ds.primary.project_states}
    assert all(p.state in states for p in ds.primary.projects)


def test_national_figures_have_provenance(ds):
    for q in ds.national.quantities:
        groups = Counter((f.year, f.basis) for f in q.figures)
        for f in q.figures:
            assert f.source and f.basis in ("capacity", "production", "installed") and 1990 < f.year < 2100
            if groups[(f.year, f.basis)] > 1 and f.preferred:
                assert sum(1 for g in q.figures if (g.year, g.basis) == (f.year, f.basis) and g.preferred) == 1
    poly = ds.national.quantity("polysilicon")
    assert {f.value.text for f in poly.figures if f.year == 2023 and f.basis == "capacity"} >= {"230万吨"}
    mono = ds.national.quantity("monocrystalline_silicon")
    assert mono.proxy_note and "wafer" in mono.proxy_note.lower()
    bounds = [f for q in ds.national.quantities for f in q.figures if not f.value.exact]
    assert any(f.value.text == ">1000GW" for f in bounds)


def test_factors_have_ranges_and_sources(ds):
    f = ds.national.factor("polysilicon_per_watt")
    assert (f.value.text, f.low.text, f.high.text) == ("2.2 g/W", "2.1 g/W", "2.4 g/W")
    for f in ds.national.factors:
        assert f.sources and (f.note or f.estimate is False)


def test_simplified_forms_in_national_parse(ds):
    assert parse_figure("230万吨").value == 2_300_000
