"""Validate data files: the same checks ``load_dataset`` makes before a report, file by file.

Its own module (not in ``load``) because it reads scenario files too, and ``scenario`` builds on
``load``: keeping it here leaves no import circle."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from capacity import yamlio
from capacity.errors import InputError, InputErrors
from capacity.load import national_from_node, targets_from_node
from capacity.nogc import without_gc
from capacity.scenario import read_scenario
from capacity.yamlio import YMap


@without_gc
def validate_files(paths: Iterable[str | Path]) -> list[InputError]:
    """Validate each file on its own, guessing its kind from its top-level keys. Returns all errors."""
    errors: list[InputError] = []
    for p in paths:
        try:
            node = yamlio.load(p)
            if isinstance(node, YMap) and "quantities" in node.items and "targets" not in node.items:
                national_from_node(node, str(p))
            elif isinstance(node, YMap) and "targets" not in node.items and (
                    {"set", "national", "factor", "drop_project", "name"} & set(node.items)):
                read_scenario(p)
            else:
                targets_from_node(node, str(p))
        except InputErrors as exc:  # flat, unless some were only counted (a flood): then kept whole, with its count
            errors.extend(exc.errors) if not exc.more else errors.append(exc)
        except InputError as exc:
            errors.append(exc)
    return errors
