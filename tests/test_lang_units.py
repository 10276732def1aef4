"""The document's units and language (issue 16): --units doc|si, typed forms with hints, --lang zh|en."""

from __future__ import annotations

import json

import pytest

from capacity.errors import InputError
from capacity.units import convert, parse_figure

TABLE_COMMANDS = [["report"], ["reconcile"], ["check"], ["whatif", "--drop-project", "通威三期"], ["solve", "polysilicon"],
                  ["sweep", "national.polysilicon", "200萬噸", "400萬噸", "--steps", "3"], ["simulate", "--samples", "200"],
                  ["targets"], ["sources"]]


@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=lambda a: a[0])
def test_lang_zh_on_every_table_command(cli, args):
    zh = cli(*args, "--lang", "zh")
    assert zh.exit_code in (0, 1), zh.stderr
    assert not any(w in zh.stdout for w in (" PASS", " FAIL", "Target ", "Shares of the national total"))
    assert cli(*args, "--lang", "fr").exit_code == 2


def test_lang_zh_translates_titles_headers_verdicts_and_legend(cli):
    out = cli("report", "--lang", "zh").stdout
    assert "占全国总量的比重" in out and "未达标" in out and "余量" in out and "±百分点：比重 − 门槛" in out
    assert "分母：口径 产能" in out and "capacity" not in out and "结果：" in out and " 项未达标" in out
    assert "87萬噸" not in out.split("占全国总量的比重")[0]  # data stay data: names and figures as written below
    en = cli("report", "--lang", "en").stdout
    assert en == cli("report").stdout  # en is the default for tables


def test_samples_and_lang_without_html(cli, tmp_path):
    res = cli("report", "--samples", "100")
    assert res.exit_code == 2 and "--html" in res.stderr


def test_units_si_and_doc(cli):
    doc = cli("report", "--format", "markdown").stdout
    assert "| polysilicon | 萬噸 | 87 | 323.1 |" in doc and "| green_hydrogen | 萬噸 | 2 | 12.5 |" in doc
    si = cli("report", "--format", "markdown", "--units", "si").stdout
    assert "| polysilicon | t | 870,000 | 3,231,000 |" in si and "| green_hydrogen | t | 20,000 | 125,000 |" in si
    assert cli("report", "--units", "kg").exit_code == 2


def test_units_do_not_touch_json(cli):
    a = json.loads(cli("report", "--format", "json").stdout)
    b = json.loads(cli("report", "--format", "json", "--units", "si").stdout)
    assert a == b


def test_solve_answers_in_the_input_unit(cli):
    out = cli("solve", "polysilicon", "--national", "330萬噸", "--format", "markdown").stdout
    # 40% × 330萬噸 = 132萬噸 needed; headroom 87 / 0.4 = 217.5萬噸
    assert "| polysilicon | local figure needed | 132 | 萬噸 | 87 |" in out
    assert "| polysilicon | headroom (max national) | 217.5 | 萬噸 |" in out


def test_sweep_axis_in_the_input_unit(cli):
    out = cli("sweep", "national.polysilicon", "200萬噸", "400萬噸", "--steps", "3").stdout
    assert "national.polysilicon (萬噸)" in out and "= 217.5萬噸 (closed form)" in out
    gw = cli("sweep", "target.wafers", "80GW", "200GW", "--steps", "4").stdout
    assert "target.wafers (GW)" in gw


@pytest.mark.parametrize("text,unit,value", [("60吉瓦", "GW", 60), ("3.3百万吨", "t", 3_300_000),
                                             ("3.3百萬噸", "萬噸", 330), ("1千万吨", "t", 10_000_000),
                                             ("500兆瓦", "GW", 0.5)])
def test_typed_forms_accepted(text, unit, value):
    assert convert(text, unit) == pytest.approx(value)


@pytest.mark.parametrize("text,hint", [("87万吨以上", "write 87万吨, or ≥87万吨 for a bound"),
                                       ("700吨/天", "'days_per_year:' on the target"), ("5-10家", "write 5~10家"),
                                       ("100多家", "write 100家")])
def test_typed_forms_refused_with_a_hint(text, hint):
    with pytest.raises(InputError) as exc:
        parse_figure(text)
    assert hint in exc.value.format()


def test_typed_form_hint_on_the_command_line(cli):
    res = cli("convert", "5-10家", "家")
    assert res.exit_code == 2 and "hint: write 5~10家" in res.stderr
