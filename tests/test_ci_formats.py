"""CI formats (JUnit, GitHub annotations, step summary), the GitHub Actions example in docs/ci.md and the
pre-commit hook in .pre-commit-hooks.yaml."""

from __future__ import annotations

import json
import re
import shlex
import xml.etree.ElementTree as ET

import pytest

from capacity.bundled import bundled_display
import yaml

from capacity.errors import InputError, Location
from capacity.load import bundled_path
from capacity.render import ci
from conftest import REPO

TARGETS = bundled_path("targets.yaml")
ANNOTATION = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def props(line: str) -> dict:
    m = ANNOTATION.match(line)
    assert m, line
    out = dict(p.split("=", 1) for p in (m.group(2) or "").split(",") if p)
    out["level"], out["message"] = m.group(1), m.group(3)
    return out


def block_id(lines: list[str], line: int) -> str:
    """The id of the target whose block holds 1-based `line` in a targets file."""
    for i in range(line - 1, -1, -1):
        m = re.fullmatch(r"  - id: (\w+)\s*", lines[i])
        if m:
            return m.group(1)
    raise AssertionError(line)


def junit(stdout: str) -> ET.Element:
    return ET.fromstring(stdout.encode("utf-8"))


def other_region(tmp_path, region="other"):
    path = tmp_path / f"targets-{region}.yaml"
    path.write_text(TARGETS.read_text(encoding="utf-8").replace("  id: baotou\n", f"  id: {region}\n", 1),
                    encoding="utf-8")
    return path


# ----------------------------------------------------------------------------------- JUnit


@pytest.mark.parametrize("args", [(), ("--strict", "--warn-within", "1", "--national", "polysilicon=215萬噸"),
                                  ("--only", "polysilicon", "--national", "polysilicon=200萬噸"),
                                  ("--national", "monocrystalline_silicon=>500GW")])
def test_junit_matches_json(cli, args):
    j = cli("check", *args, "--format", "json")
    x = cli("check", *args, "--format", "junit")
    assert j.exit_code == x.exit_code
    rep = json.loads(j.stdout)
    root = junit(x.stdout)
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    assert len(cases) == len(rep["results"])  # one testcase per check
    fails = sum(1 for r in rep["results"] if r["ok"] is False)
    assert len(root.findall(".//testcase/failure")) == fails == int(root.get("failures"))
    assert sum(int(s.get("failures")) for s in root.findall("testsuite")) == fails
    undecided = sum(1 for r in rep["results"] if r["status"] == "undecided")
    assert len(root.findall(".//testcase/skipped")) == undecided == int(root.get("skipped"))
    assert root.get("errors") == "0" and not root.findall(".//error")
    by_name = {(c.get("classname"), c.get("name")): c for c in cases}
    for r in rep["results"]:
        c = by_name[(f"capacity.{r['region']}.{r['kind']}", r["id"])]
        assert c.get("file") == r["location"]["file"] and c.get("line") == str(r["location"]["line"])
        assert (c.find("failure") is not None) == (r["ok"] is False)


def test_junit_bundled_failure_details(cli):
    x = cli("check", "--format", "junit")
    assert x.exit_code == 1
    root = junit(x.stdout)
    # 6 failures: the five share claims and industrial silicon's 80% (69.8%..73.8% over the factor's range)
    assert root.get("tests") == "14" and root.get("failures") == "6" and root.get("skipped") == "0"
    case = root.find(".//testcase[@name='polysilicon']")
    assert case.get("classname") == "capacity.baotou.share"
    failure = case.find("failure")
    assert "26.9%" in failure.get("message") and "≥40%" in failure.get("message")
    assert "87萬噸 of 323.1万吨" in failure.get("message")
    line = int(case.get("line"))
    assert TARGETS.read_text(encoding="utf-8").splitlines()[line - 1].strip() == "- id: polysilicon"


def test_junit_undecided_is_skipped_and_warning_is_a_pass(cli):
    x = cli("check", "--only", "monocrystalline_silicon", "--national", "monocrystalline_silicon=>500GW",
            "--format", "junit")
    assert x.exit_code == 0
    case = junit(x.stdout).find(".//testcase[@name='monocrystalline_silicon']")
    assert case.find("skipped") is not None and case.find("failure") is None
    x = cli("check", "--only", "polysilicon", "--national", "polysilicon=215萬噸", "--warn-within", "1",
            "--format", "junit")
    assert x.exit_code == 0
    case = junit(x.stdout).find(".//testcase[@name='polysilicon']")
    assert case.find("failure") is None and "warning" in case.find("system-out").text


def test_junit_two_regions_two_suites(cli, tmp_path):
    x = cli("check", "--targets", TARGETS, "--targets", other_region(tmp_path), "--format", "junit")
    root = junit(x.stdout)
    assert [s.get("name") for s in root.findall("testsuite")] == ["capacity check: baotou", "capacity check: other"]
    assert root.get("tests") == "28" and root.get("failures") == "12"


def test_junit_input_error(cli, tmp_path):
    bad = tmp_path / "targets.yaml"
    bad.write_text(TARGETS.read_text(encoding="utf-8").replace("comparator: at_least", "comparator: at_leest", 1),
                   encoding="utf-8")
    line = next(i for i, s in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "at_leest" in s)
    x = cli("check", "--targets", bad, "--format", "junit")
    assert x.exit_code == 2
    root = junit(x.stdout)
    assert root.get("errors") == "1" and root.get("failures") == "0"
    cases = root.findall(".//testcase")
    assert len(cases) == 1
    err = cases[0].find("error")
    assert cases[0].get("classname") == "capacity.input"
    assert cases[0].get("file") == str(bad) and cases[0].get("line") == str(line)
    assert "at_leest" in err.get("message") and f"{bad}:{line}:" in err.text
    assert f"{bad}:{line}:" in x.stderr  # the usual message too


def test_junit_usage_error_writes_no_xml(cli):
    x = cli("check", "--format", "junit", "--only", "polysilcon")
    assert x.exit_code == 2
    case = junit(x.stdout).find(".//testcase/error")  # --only is checked against the data: an input error
    assert "polysilcon" in case.get("message")
    x = cli("check", "--format", "junit", "--bogus")
    assert x.exit_code == 2 and x.stdout == ""


# ----------------------------------------------------------------------------------- GitHub annotations


def test_github_lines_name_the_failing_targets_line(cli):
    r = cli("check", "--format", "github")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert len(lines) == 6 and all(line.startswith("::error ") for line in lines)  # nothing undecided
    assert "industrial_silicon_for_polysilicon" in lines[5]  # 69.8%..73.8% against 80%: a failure
    rep = json.loads(cli("check", "--format", "json").stdout)
    text = TARGETS.read_text(encoding="utf-8").splitlines()
    about = {r["id"]: (r["supply"]["id"] if r["kind"] == "supply" and r.get("supply") else r["id"])
             for r in rep["results"]}
    seen = set()
    for line in lines:
        p = props(line)
        assert p["file"] == bundled_display("targets.yaml")  # data/targets.yaml from a source checkout
        rid = p["title"].split("%3A ")[-1]
        seen.add(rid)
        n = int(p["line"])
        assert block_id(text, n) == about[rid]  # the line is in the block of the target that states the claim
        if rid == "polysilicon":
            assert text[n - 1].strip() == "- id: polysilicon"
    assert seen == {r["id"] for r in rep["results"] if r["ok"] is False or r["status"] == "undecided"}


def test_messages_for_each_kind(cli):
    def messages(*args):
        r = cli("check", *args, "--format", "github")
        return {props(x)["title"].split("%3A ")[-1]: props(x)["message"] for x in r.stdout.splitlines()}

    m = messages("--only", "industrial_silicon_for_polysilicon", "--factor", "industrial_silicon_per_polysilicon=1.23 t/t")
    # 790,000 t of industrial silicon for 870,000 t of polysilicon × 1.23 t/t = 1,070,100 t: 73.8%
    assert m["industrial_silicon_for_polysilicon"] == (
        "industrial_silicon_for_polysilicon: local supply ratio 73.8%25 against the claim ≥80%25: 79萬噸 of "
        "industrial_silicon for a need of 1,070,100 t (polysilicon 87萬噸 × 1.23 t/t), -6.2 pp")
    m = messages("--only", "industrial_silicon_for_polysilicon", "--set", "industrial_silicon=87萬噸")
    # the factor's range decides: 870,000 / (870,000 × 1.3) = 76.9% .. 870,000 / (870,000 × 1.23) = 81.3%,
    # across 80%: undecided; at the value 1.23 t/t the ratio is 81.3%, +1.3 pp
    assert m["industrial_silicon_for_polysilicon"].endswith(
        "+1.3 pp (need = polysilicon × industrial_silicon_per_polysilicon; over the factor's range "
        "1.23 t/t–1.3 t/t the ratio is 76.9%25–81.3%25)")
    m = messages("--only", "polysilicon_projects", "--set", "polysilicon=50萬噸")
    # named projects 20 + 10 + 17 + 12 萬噸 = 59萬噸 against a target set to 50萬噸
    assert m["polysilicon_projects"].endswith("4 named projects total 590,000 t against the target's 50萬噸: "
                                              "90,000 t more than the target")
    m = messages("--only", "rare_earth_output_value_parts", "--set", "rare_earth_output_value=1200億元")
    assert m["rare_earth_output_value_parts"].endswith("3 parts total 1,000 億元 against the stated 1200億元: "
                                                       "200 億元 short")
    m = messages("--only", "modules")
    assert m["modules"] == ("modules: share of the national total 3.3%25 against the claim ≥10%25: 37GW of 1120GW "
                            "(2024, capacity), -6.7 pp; 75 GW short")  # 10% × 1120 GW − 37 GW


def test_github_annotation_escapes(cli):
    line = ci.annotation("error", "50% done\r\nnext", file="dir/a,b:c.yaml", line=3, col=4, title="x: y, z%")
    assert line == "::error file=dir/a%2Cb%3Ac.yaml,line=3,col=4,title=x%3A y%2C z%25::50%25 done%0D%0Anext"
    r = cli("check", "--format", "github", "--only", "polysilicon", "--national", "polysilicon=300萬噸")
    (line,) = r.stdout.splitlines()
    assert "29.0%25" in line and "title=capacity check failed%3A polysilicon" in line
    assert "%" not in line.replace("%25", "").replace("%3A", "").replace("%2C", "").replace("%0A", "")


def test_github_at_most_10_per_severity(cli, tmp_path):
    regions = [TARGETS, other_region(tmp_path)]
    r = cli("check", "--targets", regions[0], "--targets", regions[1], "--format", "github",
            "--factor", "industrial_silicon_per_polysilicon=1.23t/t")  # fixed factor: 6 failures a region
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    errors = [x for x in lines if x.startswith("::error")]
    assert len(errors) == 10
    more = [x for x in lines if not x.startswith("::")]
    assert len(more) == 1 and "2 more checks failed" in more[0]


def test_github_warnings_and_notices():
    def share(i, status):
        return {"id": f"t{i}", "kind": "share", "region": "r", "status": status, "ok": status != "fail" or False,
                "location": {"file": "t.yaml", "line": i}, "local": {"text": "1t"},
                "national": {"text": "2t", "year": 2024, "period": "", "basis": "capacity"}, "share": 0.5,
                "share_range": [0.5, 0.5], "threshold": 0.4, "comparator": "at_least", "threshold_text": "40%",
                "margin_pp": 10.0, "gap": None, "note": ""}

    report = {"results": [share(i, "warn") for i in range(1, 13)] + [share(20, "undecided")] + [share(30, "pass")]}
    lines = ci.github_check_lines(report)
    assert sum(x.startswith("::warning file=t.yaml,line=") for x in lines) == 10
    assert sum(x.startswith("::notice file=t.yaml,line=20,") for x in lines) == 1
    assert not any("line=30," in x for x in lines)  # passes are not annotated
    assert [x for x in lines if not x.startswith("::")] == [
        "capacity: 2 more checks passed with a warning without an annotation (GitHub shows at most 10 warning "
        "annotations per step); `capacity check` or the step summary (--summary) lists every check"]


def test_github_input_error(cli, tmp_path):
    bad = tmp_path / "targets.yaml"
    bad.write_text(TARGETS.read_text(encoding="utf-8").replace("figure: 87萬噸", "figure: 87萬頓", 1),
                   encoding="utf-8")
    r = cli("check", "--targets", bad, "--format", "github")
    assert r.exit_code == 2
    (line,) = r.stdout.splitlines()
    p = props(line)
    assert p["level"] == "error" and p["file"] == str(bad).replace(":", "%3A")
    n = int(p["line"])
    assert bad.read_text(encoding="utf-8").splitlines()[n - 1].strip() == "figure: 87萬頓"
    assert "unknown unit" in p["message"]


def test_github_paths_relative_to_workspace(monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    f = tmp_path / "data" / "targets.yaml"
    assert ci.github_path(str(f)) == "data/targets.yaml"
    assert ci.github_path("data/targets.yaml") == "data/targets.yaml"
    assert ci.github_path("/elsewhere/t.yaml") == "/elsewhere/t.yaml"


def test_validate_format_github(cli, tmp_path):
    assert cli("validate", "--format", "github").stdout == ""
    bad = tmp_path / "national.yaml"
    bad.write_text("quantities:\n  - id: Bad\n    figures:\n      - year: 2023\n        basis: capacity\n"
                   "        value: 1,5萬噸\n        source: x\n", encoding="utf-8")
    r = cli("validate", "--format", "github", bad)
    assert r.exit_code == 2
    lines = r.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"::error file={bad},line=2,col=") and "'Bad' is not a valid id" in lines[0]
    assert "line=6," in lines[1] and "has a comma" in lines[1] and "%0Ahint%3A" not in lines[1]
    assert "%0Ahint: " in lines[1]


def test_github_error_lines_without_location():
    (line,) = ci.github_error_lines([InputError("no such file 'x.yaml'", expected="a file")])
    assert line == "::error title=capacity%3A invalid input::no such file 'x.yaml'; expected a file"
    (line,) = ci.github_error_lines([InputError("bad", location=Location("a.yaml", 3))])
    assert line == "::error file=a.yaml,line=3,title=capacity%3A invalid input::bad"


# ----------------------------------------------------------------------------------- step summary


def test_step_summary_appends_a_table(cli, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = cli("check", "--format", "github", "--summary")
    assert r.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### capacity check")
    assert "**check: 6 failed, 0 warnings, 8 passed, 0 undecided (exit 1)**" in text
    table = [x for x in text.splitlines() if x.startswith("|")]
    assert table[0] == "| | Check | Kind | Value | Claim | ±pp | Where |"
    assert len(table) == 2 + 14
    line = int(re.search(r"`polysilicon` \| share \| 26\.9% \| ≥40% \| -13\.1 \| " + re.escape(bundled_display("targets.yaml"))
                         + r":(\d+) \|", text).group(1))
    assert TARGETS.read_text(encoding="utf-8").splitlines()[line - 1].strip() == "- id: polysilicon"
    assert table[2].startswith("| ❌ |") and table[-1].startswith("| ✅ |")  # failures first
    cli("check", "--only", "polysilicon", "--national", "polysilicon=200萬噸", "--summary")
    assert summary.read_text(encoding="utf-8").count("### capacity check") == 2  # appended, not replaced


def test_step_summary_without_the_variable_warns_and_carries_on(cli):
    r = cli("check", "--summary", "--only", "polysilicon", "--national", "polysilicon=300萬噸")
    assert r.exit_code == 1
    assert "warning: --summary: $GITHUB_STEP_SUMMARY is not set" in r.stderr


def test_step_summary_on_input_error(cli, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = cli("check", "--summary", "--only", "polysilcon")
    assert r.exit_code == 2
    assert "input error (exit 2)" in summary.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------- the workflow example


def workflow() -> dict:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    section = text[text.index("## GitHub Actions"):]
    block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    return yaml.safe_load(block)


def workflow_commands(wf: dict) -> list[tuple[list[str], str | None]]:
    """`capacity …` commands in the run: steps, as argv lists, with the file stdout goes to."""
    out = []
    for step in wf["jobs"]["check"]["steps"]:
        for line in step.get("run", "").splitlines():
            tokens = shlex.split(line, comments=True)
            if not tokens or tokens[0] != "capacity":
                continue
            argv, target = [], None
            for i, tok in enumerate(tokens[1:], 1):
                if tok in ("||", "&&", "|", ";"):
                    break
                if tok == ">":
                    target = tokens[i + 1]
                    break
                argv.append(tok)
            out.append((argv, target))
    return out


def test_workflow_example_is_a_valid_workflow():
    wf = workflow()
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
    assert set(on) == {"push", "pull_request"}
    steps = wf["jobs"]["check"]["steps"]
    assert wf["jobs"]["check"]["runs-on"] == "ubuntu-latest"
    for step in steps:
        assert ("uses" in step) != ("run" in step)
        if "uses" in step:
            assert re.fullmatch(r"actions/[\w-]+@v\d+", step["uses"])
    names = [s.get("name") for s in steps]
    assert "Check the claims" in names and "JUnit report" in names
    junit_step = steps[names.index("JUnit report")]
    assert junit_step["if"] == "${{ !cancelled() }}"
    assert steps[-1]["with"]["path"] == "capacity-junit.xml"


def test_workflow_example_commands_run(cli, monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)  # the example's paths are the repository's own data/ files
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    commands = workflow_commands(workflow())
    assert [c[0][0] for c in commands] == ["validate", "check", "check"]
    results = {}
    for argv, target in commands:
        r = cli(*argv)
        results[tuple(argv)] = r
        assert r.exit_code in (0, 1), (argv, r.stdout, r.stderr)
        if target:
            assert target == "capacity-junit.xml"
            root = junit(r.stdout)
            assert root.get("failures") == "6"
    (validate, check_gh, check_junit) = results.values()
    assert validate.exit_code == 0 and validate.stdout == ""
    assert check_gh.exit_code == 1  # the bundled data's claims fail: the job would fail, as it should
    for line in check_gh.stdout.splitlines():
        p = props(line)
        assert (REPO / p["file"]).is_file()
    assert "### capacity check" in summary.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------- the pre-commit hook


def hook() -> dict:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    return hooks[0]


def test_pre_commit_hook_definition():
    h = hook()
    assert h["id"] == "capacity-validate"
    assert h["language"] == "python"
    assert h["entry"] == "capacity validate"
    assert {"id", "name", "entry", "language"} <= set(h)
    assert set(h) <= {"id", "name", "description", "entry", "language", "files", "exclude", "types", "types_or",
                      "exclude_types", "args", "pass_filenames", "require_serial", "stages", "always_run",
                      "minimum_pre_commit_version", "verbose", "log_file", "language_version"}
    # the entry's program is the console script the package installs
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^capacity = "capacity_cli\.main:entry"$', pyproject, re.M)
    files = re.compile(h["files"])
    for name in ("data/targets.yaml", "data/national.yaml", "targets.yml", "regions/targets-hohhot.yaml",
                 "national.2024.yaml"):
        assert files.search(name), name
    for name in (".github/workflows/capacity.yml", "scenarios/low.yaml", "data/targets.schema.json",
                 "mytargets.yaml", "docs/targets.md"):
        assert not files.search(name), name


def test_pre_commit_hook_runs_on_the_data_files(cli, monkeypatch, tmp_path):
    """What pre-commit does: run the entry with the matching staged files as arguments."""
    monkeypatch.chdir(REPO)
    h = hook()
    files = re.compile(h["files"])
    staged = sorted(str(p.relative_to(REPO)) for p in REPO.glob("data/*") if files.search(str(p.relative_to(REPO))))
    assert staged == ["data/national.yaml", "data/targets.yaml"]
    program, *args = shlex.split(h["entry"])
    assert program == "capacity"
    r = cli(*args, *h.get("args", []), *staged)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "ok: 2 file(s) valid\n"
    bad = tmp_path / "targets.yaml"
    bad.write_text(TARGETS.read_text(encoding="utf-8").replace("figure: 87萬噸", "figure: 87萬頓", 1),
                   encoding="utf-8")
    r = cli(*args, str(bad), "data/national.yaml")
    assert r.exit_code == 2
    assert re.search(rf"{re.escape(str(bad))}:\d+:\d+: error: .*unknown unit", r.stderr)
