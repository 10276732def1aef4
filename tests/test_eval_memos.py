"""The memos that make evaluation cheap at scale (issue 24) change no result: a row's dicts are its own,
equal notes that write different JSON stay apart, cleaned zeros keep their sign, the memoised conversion
is the figure's own, and the JSON written a chunk of results at a time is byte for byte the whole."""

from __future__ import annotations

import json

import pytest

from capacity.claims.common import _clean, as_written, span
from capacity.claims.denominators import Denominator, national_dict, select_national
from capacity.evaluate import Options, evaluate
from capacity.load import load_dataset
from capacity.render import fastjson
from capacity.results import Note, note_records
from capacity.units import parse_figure


def test_national_dict_is_a_fresh_dict_per_row():
    ds = load_dataset()
    q = ds.national.quantity("polysilicon")
    d = select_national(q, None, None, None, 2024)
    a, b = national_dict(d, "t"), national_dict(d, "t")
    assert a == b and a is not b
    a["text"] = "changed"
    a["fallback_codes"] = ["x"]
    assert national_dict(d, "t")["text"] == d.figure.value.text  # a row changing its copy changes no other row
    assert national_dict(Denominator(None), "t") is None


def test_note_records_keep_equal_notes_with_other_parameter_types_apart():
    one, one_float, true = Note.of("year_fallback", year=1, used=2), Note.of("year_fallback", year=1.0, used=2), \
        Note.of("year_fallback", year=True, used=2)
    assert one == one_float == true  # equal as notes (1 == 1.0 == True) ...
    records = note_records([one, one_float, true])  # ... but their JSON differs: 1, 1.0, true
    assert [json.dumps(r["params"]["year"]) for r in records] == ["1", "1.0", "true"]
    assert note_records([one]) is not note_records([one])  # a fresh list each time


def test_clean_keeps_the_sign_of_zero_and_the_type_of_what_it_is_given():
    assert _clean(0.30000000000000004) == 0.3
    assert _clean(0.1 + 0.2) == 0.3
    for z in (0.0, -0.0):
        assert str(_clean(z)) == str(z)  # -0.0 stays -0.0 even after 0.0 was cleaned (and the other way)
    assert _clean(float("inf")) == float("inf")
    assert str(_clean(float("nan"))) == "nan"


@pytest.mark.parametrize("text, unit", [("87萬噸", "t"), ("3~5家", "家"), ("200萬千瓦時", "MWh"), (">1000GW", "GW"),
                                        ("<40%", ""), ("17萬噸/年", "t")])
def test_span_is_the_figures_own_interval_and_magnitude(text, unit):
    f = parse_figure(text)
    assert span(f, unit) == (*f.interval(unit), f.magnitude(unit))
    assert as_written(f, unit) == as_written(f, unit) and as_written(f, unit) is not as_written(f, unit)


def test_a_report_written_in_chunks_is_byte_identical(monkeypatch):
    """Chunks of a few results (one orjson call each, wrapped to their depth) make the same bytes as the
    report written whole, whatever the chunk size; a result orjson refuses (2**70) sends its chunk through
    the item-by-item path."""
    pytest.importorskip("orjson")
    from capacity.render import _json_default, to_json_bytes

    report = evaluate(load_dataset(), Options())
    whole = to_json_bytes(report)
    monkeypatch.setattr(fastjson, "STREAM_ITEMS", 3)
    for size in (1, 2, 7, 1000):
        monkeypatch.setattr(fastjson, "CHUNK_ITEMS", size)
        pieces: list[bytes] = []
        fastjson.dump(report, pieces.append, _json_default)
        assert b"".join(pieces) == whole, size
    odd = {"results": [{"x": 1e-7}, {"y": 2**70}, {"z": "re-use 1e-7"}, 0.00005, [], {}], "n": 1}
    for size in (1, 2, 4):
        monkeypatch.setattr(fastjson, "CHUNK_ITEMS", size)
        pieces = []
        fastjson.dump(odd, pieces.append)
        assert b"".join(pieces) == fastjson._python(odd, None), size


def test_floats_next_to_words_with_e_dash_are_fixed_and_words_left_alone():
    payload = {"a": [1e-07, "rare-earth", 5e-05, "be-", "1e-07"], "b": {"c-e-": 3e-06, "d": -2.5e-08}}
    assert fastjson.dumps(payload) == fastjson._python(payload, None)
