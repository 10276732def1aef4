"""The README stays true: its two first commands are the ones CI runs, and every `capacity` line in
its shell blocks runs (exit 0 or 1, never a usage or input error)."""

import re
import shlex
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands():
    """(block number, command): the commands of one block run in order in one folder, so a block can
    write a file and read it back (the spreadsheet workflow)."""
    out = []
    for n, block in enumerate(re.findall(r"```sh\n(.*?)```", README, flags=re.S)):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("capacity "):
                out.append((n, line))
    return out


_FOLDERS: dict = {}


def test_first_lines_are_the_two_commands():
    lines = README.splitlines()
    main = lines[lines.index("<!-- main-command -->") + 1]
    test = lines[lines.index("<!-- test-command -->") + 1]
    assert "pip install ." in main and main.endswith("capacity report")
    assert "pip install '.[test]'" in test and "pytest" in test
    assert lines.index("<!-- test-command -->") < 10
    assert "readme_cmd test-command" in (REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize("block, command", _commands())
def test_readme_command_runs(block, command, cli, monkeypatch, tmp_path_factory):
    if block not in _FOLDERS:
        _FOLDERS[block] = tmp_path_factory.mktemp(f"readme-block-{block}")
    tmp_path = _FOLDERS[block]
    monkeypatch.chdir(REPO)
    args = shlex.split(command)[1:]
    args = [str(tmp_path / Path(a).name) if a.endswith((".html", ".xlsx", ".csv")) else a for a in args]
    result = cli(*args)
    assert result.exit_code in (0, 1), f"{command}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stdout + result.stderr


def test_readme_numbers():
    from capacity.evaluate import share
    assert round(share("87萬噸", "3.3Mt") * 100, 1) == 26.4
    assert round(share("87萬噸", "210萬噸") * 100, 1) == 41.4


def test_example_output_is_real(cli, monkeypatch):
    """The README's example output block: every line is a line of `capacity report` at 120 columns."""
    block = README.split("<!-- example-output -->\n```\n")[1].split("```")[0]
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    out = cli("report").stdout.splitlines()
    for line in block.splitlines():
        assert line in out, line
