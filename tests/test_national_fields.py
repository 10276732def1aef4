"""National figures' publication dates (`published_on`), the `unverified` flag with its `why`, and a
factor's `physical_bound`: loader, schema and the bundled data."""

import datetime

import jsonschema
import pytest
import yaml

from capacity import schema as sch
from capacity.errors import InputError, InputErrors
from capacity.load import read_national
from capacity.model import published_by

FIGURE = """\
schema_version: 1
quantities:
  - id: polysilicon
    dimension: mass
    figures:
      - year: 2023
        period: end-2023
        basis: capacity
        value: 230万吨
        source: 中国有色金属工业协会硅业分会
        url: https://energytrend.com/news/20240701-47706.html
{extra}"""

FACTOR = """\
schema_version: 1
factors:
  - id: industrial_silicon_per_polysilicon
    value: 1.23 t/t
    low: {low}
    high: 1.3 t/t
    physical_bound: {bound}
    sources:
      - {{source: 硅业分会, value: 1.3 t/t, year: 2012, published_on: "{src_date}"}}
"""


def write(tmp_path, text):
    p = tmp_path / "national.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def one_error(p) -> str:
    with pytest.raises(InputError) as exc:
        read_national(p)
    assert not isinstance(exc.value, InputErrors), exc.value.format()
    return exc.value.format()


# ------------------------------------------------------------------------------------------- published_on


@pytest.mark.parametrize("date, by", [
    ("2024-07-01", datetime.date(2024, 7, 1)),
    ("2024-02", datetime.date(2024, 2, 29)),   # a month only: known surely by the month's last day (leap year)
    ("2023-02", datetime.date(2023, 2, 28)),
])
def test_published_on_is_read(tmp_path, date, by):
    nf = read_national(write(tmp_path, FIGURE.format(extra=f'        published_on: "{date}"\n')))
    fig = nf.quantity("polysilicon").figures[0]
    assert fig.published_on == date
    assert fig.published_by == by


def test_published_on_may_be_left_out(tmp_path):
    fig = read_national(write(tmp_path, FIGURE.format(extra=""))).quantity("polysilicon").figures[0]
    assert fig.published_on == "" and fig.published_by is None


def test_a_month_only_date_is_not_known_before_the_month_ends():
    issued = datetime.date(2024, 1, 1)
    assert not published_by("2024-01") <= issued      # some time in January 2024: not surely by 1 January
    assert published_by("2023-12") <= issued
    assert published_by("2024-01-01") <= issued       # published on the issue day: known at issue


@pytest.mark.parametrize("bad", ["2024", "2024-13", "2024-02-30", "24-07-01", "July 2024", "2024/07/01",
                                 "2024-7-1"])
def test_a_bad_published_on_is_one_error_with_file_and_line(tmp_path, bad):
    p = write(tmp_path, FIGURE.format(extra=f'        published_on: "{bad}"\n'))
    msg = one_error(p)
    assert f"{p}:12:" in msg
    assert f"published_on '{bad}' is not a date" in msg
    assert "YYYY-MM-DD, or YYYY-MM" in msg


def test_a_factor_source_date_is_checked_too(tmp_path):
    p = write(tmp_path, FACTOR.format(low="1.23 t/t", bound="1.02 t/t", src_date="2012-13"))
    msg = one_error(p)
    assert f"{p}:9:66" in msg and "published_on '2012-13' is not a date" in msg
    ok = read_national(write(tmp_path, FACTOR.format(low="1.23 t/t", bound="1.02 t/t", src_date="2012-05")))
    assert ok.factor("industrial_silicon_per_polysilicon").sources[0].published_on == "2012-05"


def test_validate_cli_names_the_bad_date(cli, tmp_path):
    p = write(tmp_path, FIGURE.format(extra='        published_on: "2024-04-31"\n'))
    result = cli("validate", p)
    assert result.exit_code == 2
    assert f"{p}:12:" in result.output and "2024-04-31" in result.output
    assert "Traceback" not in result.output


# ------------------------------------------------------------------------------------------- unverified


def test_unverified_with_why(tmp_path):
    extra = "        unverified: true\n        why: not in the cited page\n"
    fig = read_national(write(tmp_path, FIGURE.format(extra=extra))).quantity("polysilicon").figures[0]
    assert fig.unverified and fig.why == "not in the cited page"


def test_unverified_without_why_is_refused(tmp_path):
    p = write(tmp_path, FIGURE.format(extra="        unverified: true\n"))
    msg = one_error(p)
    assert f"{p}:12:" in msg and "unverified but says not why" in msg


def test_why_without_unverified_is_refused(tmp_path):
    p = write(tmp_path, FIGURE.format(extra="        why: looked everywhere\n"))
    msg = one_error(p)
    assert f"{p}:12:" in msg and "has a 'why:' but is not unverified" in msg


# ------------------------------------------------------------------------------------------- physical_bound


def test_physical_bound_is_read_beside_the_range(tmp_path):
    f = read_national(write(tmp_path, FACTOR.format(low="1.23 t/t", bound="1.02 t/t", src_date="2012-05"))) \
        .factor("industrial_silicon_per_polysilicon")
    assert (f.low.value, f.high.value, f.physical_bound.value) == (1.23, 1.3, 1.02)


def test_physical_bound_as_the_low_end_is_refused(tmp_path):
    p = write(tmp_path, FACTOR.format(low="1.02 t/t", bound="1.02 t/t", src_date="2012-05"))
    msg = one_error(p)
    assert f"{p}:5:" in msg and "low is the physical_bound 1.02 t/t" in msg


def test_physical_bound_above_the_range_is_refused(tmp_path):
    p = write(tmp_path, FACTOR.format(low="1.23 t/t", bound="1.25 t/t", src_date="2012-05"))
    msg = one_error(p)
    assert f"{p}:7:" in msg and "physical_bound 1.25 t/t is above the reported figures" in msg


# ------------------------------------------------------------------------------------------- schema


def _schema_errors(text: str) -> list[str]:
    v = jsonschema.Draft7Validator(sch.schema("national"))
    return [e.message for e in v.iter_errors(yaml.safe_load(text))]


def test_schema_accepts_and_refuses_what_the_loader_does():
    assert not _schema_errors(FIGURE.format(extra='        published_on: "2024-07"\n'))
    assert _schema_errors(FIGURE.format(extra='        published_on: "July 2024"\n'))
    assert _schema_errors(FIGURE.format(extra='        published_on: "2024"\n'))
    assert not _schema_errors(FIGURE.format(extra="        unverified: true\n        why: not found\n"))
    assert not _schema_errors(FACTOR.format(low="1.23 t/t", bound="1.02 t/t", src_date="2012-05"))
    assert _schema_errors(FACTOR.format(low="1.23 t/t", bound="about 1", src_date="2012-05"))


def test_unverified_cannot_be_preferred(tmp_path):
    extra = "        unverified: true\n        why: not in the cited page\n        preferred: true\n"
    p = write(tmp_path, FIGURE.format(extra=extra))
    msg = one_error(p)
    assert f"{p}:14:" in msg and "is unverified and preferred" in msg


def test_an_unverified_figure_ranks_as_a_weak_source(tmp_path):
    """Two end-2023 figures from named sources with addresses: the unverified one is the weak one, so
    the verified 230万吨 ranks first among the figures of that year and basis."""
    text = FIGURE.format(extra="") + """\
      - year: 2023
        period: end-2023
        basis: capacity
        value: 210万吨
        source: 中国有色金属工业协会
        url: https://example.org/x
        unverified: true
        why: 210万吨 is not in the cited page
"""
    figs = read_national(write(tmp_path, text)).quantity("polysilicon").figures
    assert [(f.value.text, f.weak_source) for f in figs] == [("230万吨", False), ("210万吨", True)]


# ------------------------------------------------------------------------------------------- the bundled data


def _bundled_figures():
    from capacity.load import load_dataset

    return [f for q in load_dataset().national.quantities for f in q.figures]


def test_bundled_figures_carry_their_publication_dates():
    """Dates read from the sources (issue 22): the figures the then-and-now table used for a document
    issued 2024-01-01 were published after it (230万吨 on 2024-07-01, 210万吨 on 2024-04-07, 953.6GW
    on 2024-06-21); NEA's end-2023 storage on 2024-01-25; MIIT's 2022 output on 2023-02-16."""
    figs = _bundled_figures()
    by = {(f.quantity, f.period, f.value.text): f.published_on for f in figs}
    assert by[("polysilicon", "end-2023", "230万吨")] == "2024-07-01"
    assert by[("polysilicon", "end-2023", "210万吨")] == "2024-04-07"
    assert by[("wafers", "end-2023", "953.6GW")] == "2024-06-21"
    assert by[("energy_storage", "end-2023", "66.87 GWh")] == "2024-01-25"
    assert by[("polysilicon", "2022", "82.7万吨")] == "2023-02-16"
    assert by[("green_hydrogen", "end-2024", "12.5万吨")] == "2025-04"  # the month is certain, the day is not
    issued = datetime.date(2024, 1, 1)
    known = sorted((f.quantity, f.period) for f in figs if f.basis == "capacity" and f.published_by
                   and f.published_by <= issued and f.scope == "national")
    # capacity figures surely public by 2024-01-01: CPIA's end-2021 polysilicon and the 中商 wafer series
    assert ("polysilicon", "end-2021") in known and ("wafers", "end-2021") in known
    assert not any(p.startswith(("end-2023", "2024", "end-2024")) for _, p in known)
    assert len(figs) == 87 and sum(1 for f in figs if f.published_on) == 66


def test_bundled_unverified_figures_are_the_nine_not_found():
    figs = _bundled_figures()
    unverified = sorted((f.quantity, f.period, f.value.text) for f in figs if f.unverified)
    assert unverified == [
        ("cells", "2024", ">1000GW"),
        ("magnets", "2023", "17万吨"),
        ("monocrystalline_silicon", "2024", ">1000GW"),
        ("monocrystalline_silicon", "H1 2025", "316GW"),
        ("polysilicon", "H1 2025", "59.6万吨"),
        ("polysilicon", "end-2022", "120万吨"),
        ("polysilicon", "end-2024", "300万吨"),
        ("wafers", "2024", ">1000GW"),
        ("wafers", "H1 2025", "316GW"),
    ]
    assert all(f.why and not f.preferred and f.weak_source for f in figs if f.unverified)
