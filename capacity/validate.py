"""Validate data files: the same checks ``load_dataset`` makes before a report, file by file.

Its own module (not in ``load``) because it reads scenario files too, and ``scenario`` builds on
``load``: keeping it here leaves no import circle."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from capacity import yamlio
from capacity.errors import InputError, InputErrors
from capacity.load import (
    bundled_display, bundled_path, check_references, conflict_errors, layer_national, national_from_node,
    parent_errors, read_national, read_targets, targets_from_node, with_declared_quantities,
)
from capacity.model import Dataset
from capacity.nogc import without_gc
from capacity.scenario import apply_overrides, read_scenario
from capacity.yamlio import YMap


@without_gc
def validate_files(paths: Iterable[str | Path]) -> list[InputError]:
    """Validate each file, guessing its kind from its top-level keys; then check each targets file
    against the national data a report would use (the bundled file with the national files given here
    added, as ``--national FILE`` adds them) through the same ``check_references`` as ``load_dataset``:
    what ``report`` would refuse, ``validate`` refuses (national files given alone: the bundled targets
    against them). Returns all errors."""
    errors: list[InputError] = []
    targets, nationals, scenarios = [], [], []
    for p in paths:
        try:
            node = yamlio.load(p)
            if isinstance(node, YMap) and "quantities" in node.items and "targets" not in node.items:
                nationals.append(national_from_node(node, str(p)))
                errors.extend(conflict_errors(nationals[-1]))  # also without a targets file to check
            elif isinstance(node, YMap) and "targets" not in node.items and (
                    {"set", "national", "factor", "drop_project", "name"} & set(node.items)):
                scenarios.append(read_scenario(p))
            else:
                targets.append(targets_from_node(node, str(p)))
        except InputErrors as exc:  # flat, unless some were only counted (a flood): then kept whole, with its count
            errors.extend(exc.errors) if not exc.more else errors.append(exc)
        except InputError as exc:
            errors.append(exc)
    if targets or scenarios or nationals:
        try:
            national = read_national(bundled_path("national.yaml"), bundled_display("national.yaml"))
            for layer in nationals:
                national = layer_national(national, layer)
        except InputError as exc:
            return errors + [exc]
        # national files alone: the bundled targets against them (a factor in the wrong unit for a link…)
        checked = targets or ([read_targets(bundled_path("targets.yaml"), bundled_display("targets.yaml"))]
                              if nationals else [])
        for tf in checked:
            try:
                check_references([tf], with_declared_quantities(national, [tf]))
            except InputErrors as exc:
                errors.extend(exc.errors)
            except InputError as exc:
                errors.append(exc)
        errors.extend(parent_errors(targets, min_cycle=2))  # files given together: no circle of parents
        if len(targets) > 1:  # nor one quantity declared with different figures by two of them
            try:
                with_declared_quantities(national, targets)
            except InputErrors as exc:
                errors.extend(exc.errors)
            except InputError as exc:
                errors.append(exc)
        # a scenario is checked against the data it would run on (the targets files given here, else the
        # bundled ones): an unknown id or a wrong dimension is refused here as `whatif` would refuse it
        if scenarios and not errors:
            try:
                regions = tuple(targets) or (read_targets(bundled_path("targets.yaml"), bundled_display("targets.yaml")),)
                ds = Dataset(regions=regions, national=with_declared_quantities(national, list(regions)))
                for overrides in scenarios:
                    apply_overrides(ds, overrides)
            except InputErrors as exc:
                errors.extend(exc.errors)
            except InputError as exc:
                errors.append(exc)
    return _once(errors)


def _once(errors: list[InputError]) -> list[InputError]:
    """Each error once (a national file's error is found again with each targets file checked against it)."""
    seen: set[str] = set()
    out = []
    for e in errors:
        key = e.format() if not isinstance(e, InputErrors) else str(id(e))
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
