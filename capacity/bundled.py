"""Where the bundled data files are, and how results name them (imports no loader, YAML or pint)."""

from __future__ import annotations

from pathlib import Path


def bundled_path(name: str) -> Path:
    """Path of a bundled data file (``targets.yaml``, ``national.yaml``) in the installed package."""
    spec = None
    try:
        import importlib.util

        spec = importlib.util.find_spec("capacity.data")
    except (ImportError, ValueError):
        pass
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0]) / name
    return Path(__file__).resolve().parent.parent / "data" / name  # a source checkout that was not installed


def bundled_display(name: str) -> str:
    """How results name a bundled file: ``data/targets.yaml`` when the package reads it from the working
    folder's own data/ (a source checkout, an editable install), else ``<bundled>/targets.yaml``: never
    a path into an installed package (``.venv/lib/…/site-packages/…``) nor one that is not there."""
    try:
        rel = bundled_path(name).resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return f"<bundled>/{name}"
    return rel.as_posix() if rel.parts[:1] == ("data",) else f"<bundled>/{name}"
