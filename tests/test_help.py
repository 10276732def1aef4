"""Help that teaches (issue 16): examples in every command's --help, metavars instead of Python types,
full command summaries, no option that does nothing."""

from __future__ import annotations

import json
import re

import pytest

COMMANDS = ["report", "reconcile", "check", "schema", "whatif", "solve", "sweep", "simulate", "targets", "convert",
            "validate", "sources", "extract"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_examples_and_no_python_types(cli, command):
    out = cli(command, "--help").stdout
    assert "Examples:" in out and f"capacity {command}" in out.split("Examples:")[1]
    assert "<list[" not in out and not re.search(r"<(str|int|float|Path|bool)>", out), out


def test_top_level_help_lists_full_summaries(cli):
    out = cli("--help").stdout
    assert "<list[" not in out
    commands = out.split("Commands:")[1]
    assert "..." not in commands
    for c in COMMANDS:
        assert re.search(rf"^  {c} ", commands, flags=re.M)


def test_meanings_in_help(cli):
    out = " ".join(cli("report", "--help").stdout.split())
    assert "±pp: share − threshold" in out and "Headroom: local / threshold" in out


def test_targets_offers_no_national_and_projects_lists_only_projects(cli):
    assert "--national" not in cli("targets", "--help").stdout
    assert cli("targets", "--national", "polysilicon=1t").exit_code == 2
    out = json.loads(cli("targets", "--projects", "--format", "json").stdout)
    assert out["targets"] == [] and len(out["projects"]) > 20
    table = cli("targets", "--projects").stdout
    assert "Projects (" in table and "Targets (" not in table
    out = json.loads(cli("targets", "--no-projects", "--format", "json").stdout)
    assert out["targets"] and "projects" not in out
