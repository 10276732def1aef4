"""Data fixes of issue 22 (item 8): figures as the sources write them, and notes that say what is so."""

import json
from pathlib import Path

from capacity.load import load_dataset, read_targets

REPO = Path(__file__).resolve().parent.parent
IM2014 = REPO / "examples" / "regions" / "inner-mongolia-2014.yaml"


def test_the_2014_plan_stores_its_five_leading_enterprises():
    """戶 is a counting word (`capacity convert 5戶 家` gives 5家), so 培育產值超100億元龍頭企業5戶 is a target."""
    tf = read_targets(IM2014)
    t = {t.id: t for t in tf.targets}["leading_firms"]
    assert t.figure.text == "5戶" and t.figure.value == 5 and t.figure.dimension == "count"
    assert t.comparator == "reach" and t.measure == "count"
    page = (REPO / "examples" / "regions" / "sources" / "inner-mongolia-2014.md").read_text(encoding="utf-8")
    assert t.text in page  # character for character, pinyin annotations included
    assert "not yet a counting word" not in IM2014.read_text(encoding="utf-8")


def test_convert_hu_to_jia(cli):
    r = cli("convert", "5戶", "家")
    assert r.exit_code == 0 and r.stdout.strip() == "5家"


def test_one_storage_station_is_a_lower_bound_not_baotous_total(cli):
    """One 400 MW / 2,400 MWh station: Baotou had at least 240萬千瓦時, so the progress row is ≥120%."""
    ds = load_dataset()
    (t,) = [t for t in ds.regions[0].targets if t.id == "energy_storage"]
    (o,) = t.observed
    assert o.figure.text == "≥240萬千瓦時" and o.figure.bound == "at_least"
    assert "ONE station, not Baotou's total" in o.note
    rep = json.loads(cli("report", "--format", "json").stdout)
    (row,) = [r for r in rep["results"] if r["id"] == "energy_storage" and r["kind"] == "progress"]
    assert row["status"] == "info"
    assert "≥240 [≥120.0%]" in cli("report").stdout  # 2,400 MWh / 2,000 MWh = 120%, at least


def test_the_910gw_figure_is_not_called_preferred():
    nat = load_dataset().national
    for qid in ("monocrystalline_silicon", "wafers"):
        (f,) = [f for f in nat.quantity(qid).figures if f.value.text == "910GW"]
        assert f.scope == "top_firms" and not f.preferred
        assert "Preferred" not in f.note and "Not a national total" in f.note
