"""What the loader's fast paths must keep: a message worded by Msg's shortcut is the one message() words
(English and Chinese), and the records a file loads into are the same records, held compactly."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from capacity.messages import FORMATTERS, Msg, en, message

REPO = Path(__file__).resolve().parent.parent


def _fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


@pytest.mark.parametrize("inner", ["plain", "msg"])
def test_every_template_worded_by_the_shortcut_as_by_message(inner):
    """Msg formats an English template with plain or Msg parameters directly; the text must be what
    message() gives, in English and in Chinese, for every template of the table."""
    word = Msg("what.target", id="t1")  # a Msg parameter (the loader's labels)
    checked = 0
    for code, template in en.MESSAGES.items():
        names = {re.split(r"[.\[!:]", f)[0] for f in _fields(template)}
        if code in FORMATTERS or any(not n.isidentifier() for n in names):
            continue
        params = {n: (word if inner == "msg" else f"v_{n}") for n in names}
        try:
            expected = message(code, "en", **params)
        except (KeyError, IndexError, ValueError, AttributeError):
            continue
        got = Msg(code, **params)
        assert str(got) == expected, code
        try:
            zh = message(code, "zh", **params)
        except (KeyError, IndexError, ValueError, AttributeError):  # a Chinese template with other names
            zh = None
        if zh is not None:
            assert got.text("zh") == zh, code
        checked += 1
    assert checked > 100


def test_a_message_without_parameters_is_one_object():
    a, b = Msg("what.a_target"), Msg("what.a_target")
    assert a is b and a == message("what.a_target") and a.code == "what.a_target" and a.params == {}
    assert a.text("zh") == message("what.a_target", "zh")


MANY = """\
schema_version: 1
region: {id: testville, name: 測試市}
sections: [{section: 二, title: 硅}]
targets:
""" + "".join(f"""\
  - id: t{i}
    section: 二
    name: 目標{i}
    figure: {i + 1}萬噸
    comparator: reach
    measure: capacity
    national: polysilicon
    threshold: {{figure: 20%, kind: share}}
""" for i in range(3))


def test_repeated_words_are_one_string_and_a_target_has_no_dict(tmp_path):
    """A file repeats comparator, measure, section and the national quantity on every target: each
    value is kept once (YAML makes a string per occurrence); a Target holds its fields in slots (it has
    more fields than CPython shares one dict layout for)."""
    from capacity.load import read_targets

    p = tmp_path / "t.yaml"
    p.write_text(MANY, encoding="utf-8")
    a, b, c = read_targets(p).targets
    for key in ("comparator", "measure", "section", "national"):
        assert getattr(a, key) is getattr(b, key) is getattr(c, key), key
    assert (a.comparator, a.measure, a.section, a.national) == ("reach", "capacity", "二", "polysilicon")
    assert a.threshold.kind is b.threshold.kind == "share"
    assert a.id == "t0" and a.figure.text == "1萬噸" and a.name == "目標0"
    assert not hasattr(a, "__dict__")
