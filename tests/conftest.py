"""Shared fixtures. Tests never read ../shared/: everything they need is in the repo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from capacity_cli.main import app

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def cache_home(tmp_path_factory):
    """One cache folder for the session, set before any module-scoped fixture runs the CLI: later tests
    hit entries earlier ones wrote (the cache is on in every test, as for users), and nothing is written
    to the user's ~/.cache."""
    home = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(home))
        mp.delenv("CAPACITY_CACHE", raising=False)
        yield home


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, cache_home):
    for var in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "TERM",
                "CAPACITY_CACHE", "CAPACITY_WORKERS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def cli(runner):
    """Run the CLI; returns the click Result."""

    def run(*args, **kw):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=True, **kw)

    return run


@pytest.fixture
def cli_json(cli):
    def run(*args):
        result = cli(*args, "--format", "json")
        assert result.exit_code in (0, 1), result.stdout + result.stderr
        return json.loads(result.stdout), result.exit_code

    return run


def row(report: dict, rid: str, kind: str | None = None) -> dict:
    rows = [r for r in report["results"] if r["id"] == rid and (kind is None or r["kind"] == kind)]
    assert len(rows) == 1, f"{rid}/{kind}: {len(rows)} rows"
    return rows[0]


@pytest.fixture(autouse=True)
def _english_library_errors():
    """Each test starts with the library's errors in English: a CLI run under --lang zh sets the process's
    output language (capacity.messages.OUTPUT), which a later in-process ``exc.format()`` would read."""
    from capacity.messages import set_output_lang

    set_output_lang("en")
    yield
