"""Start-up: commands are built lazily from cli/main.py's COMMANDS, the top-level help stays in step with
each command's own help, and each path imports only what it uses (checked in fresh processes)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from capacity_cli.main import COMMANDS, build_command

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("pint", "numpy", "yaml", "rich", "pydantic", "matplotlib", "xml.etree.ElementTree", "capacity.load", "cn2an",
         "capacity.evaluate")


def _imported(args: list[str], tmp_path: Path, extra: tuple[str, ...] = ()) -> tuple[subprocess.CompletedProcess, set]:
    names = HEAVY + extra + tuple(f"capacity_cli.{m}" for m in {m for m, _ in COMMANDS.values()})
    code = ("import sys\nfrom capacity_cli.main import run\nsys.argv = ['capacity'] + %r\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print('IMPORTED:' + ','.join(m for m in %r if m in sys.modules), file=sys.stderr)" % (args, names))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                         env={**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / "xdg")})
    line = out.stderr.strip().splitlines()[-1]
    assert line.startswith("IMPORTED:"), out.stderr
    return out, {m for m in line.removeprefix("IMPORTED:").split(",") if m}


def test_summaries_match_each_commands_own_help():
    from typer._click.utils import make_default_short_help

    for name, (_module, summary) in COMMANDS.items():
        command = build_command(name)
        assert command.name == name
        assert command.get_short_help_str(10_000) == make_default_short_help(summary, 10_000), name


def test_every_registered_command_is_in_the_table():
    for module_name in {m for m, _ in COMMANDS.values()}:
        sub = typer.Typer()
        importlib.import_module(f"capacity_cli.{module_name}").register(sub)
        for info in sub.registered_commands:
            name = info.name or typer.main.get_command_name(info.callback.__name__)
            assert COMMANDS.get(name, (None,))[0] == module_name, f"{module_name} registers '{name}': add a row"


def test_top_level_help_lists_every_command(cli):
    result = cli("--help")
    assert result.exit_code == 0
    lines = result.stdout.split("Commands:")[1].splitlines()  # summaries are whole: continuation lines indented
    listed = [line.split()[0] for line in lines if line.strip() and not line.startswith("   ")]
    assert listed == list(COMMANDS)


def test_help_builds_no_command(tmp_path):
    out, imported = _imported(["--help"], tmp_path)
    assert "Commands:" in out.stdout and "--no-cache" in out.stdout
    assert imported == set(), imported


def test_a_command_imports_only_its_own_module(tmp_path):
    out, imported = _imported(["check", "--help"], tmp_path)
    assert "--warn-within" in out.stdout
    assert imported == {"capacity_cli.cmd_check"}, imported


def test_json_output_needs_no_rich_and_text_output_no_xml(tmp_path):
    _, imported = _imported(["report", "--format", "json"], tmp_path)
    assert not {"rich", "xml.etree.ElementTree", "matplotlib"} & imported, imported
    _, imported = _imported(["check"], tmp_path)
    assert not {"matplotlib", "pydantic", "xml.etree.ElementTree"} & imported, imported
    _, imported = _imported(["check", "--format", "junit"], tmp_path)
    assert "xml.etree.ElementTree" in imported and "rich" not in imported, imported


def test_option_values_need_no_pydantic(tmp_path):
    """Why cli/params.py exists: typer coerces every option value through pydantic (60-110 ms a run).
    If this first assertion fails, typer no longer does (or no longer this way): drop cli/params.py."""
    src = Path(typer.__file__).with_name("_adapters.py").read_text(encoding="utf-8")
    assert "from pydantic import" in src and "TypeAdapter" in src
    out, imported = _imported(["sweep", "national.polysilicon", "200萬噸", "400萬噸", "--steps", "3",
                               "--targets", "data/targets.yaml", "--format", "json"], tmp_path)
    assert out.returncode == 0 or "pydantic" not in imported
    assert "pydantic" not in imported, imported


@pytest.mark.parametrize("args,message", [
    (["sweep", "national.polysilicon", "1t", "2t", "--steps", "x"], "Input should be a valid integer"),
    (["check", "--warn-within", "-1"], "Input should be greater than or equal to 0"),
    (["check", "--warn-within", "abc"], "Input should be a valid number"),
])
def test_bad_option_values_exit_2_with_pydantics_message(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_plain_coercion_types():
    from capacity_cli.params import plan

    from typing import List, Optional

    assert plan(Optional[List[Path]])[0] is True and plan(int)[0] is False
    assert plan(dict) is None and plan(Optional[List[dict]]) is None


def test_a_cold_check_imports_pint_without_numpy(tmp_path):
    """The CLI imports pint without numpy (capacity.PINT_WITHOUT_NUMPY): a check is on floats."""
    out, imported = _imported(["--no-cache", "check"], tmp_path, extra=("pint.compat",))
    assert "pint.compat" in imported and "numpy" not in imported and "capacity.load" in imported, imported


def test_the_library_leaves_pint_its_numpy():
    import capacity

    assert capacity.PINT_WITHOUT_NUMPY is False  # only cli/main.py's run() turns it on
