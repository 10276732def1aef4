"""Compare: regions side by side, aligned by national quantity.

One entry per national quantity that any loaded region's targets name: for every region its figure,
share and verdict (``null`` where the region has no such target), and the sum of the regions'
figures against the national figure ("these plans add up to 112% of national capacity"). A region
inside another loaded region (``parent:`` in its region header: a city in its province) is shown as
a fraction of its parent and never added to the sum when the parent has a figure for the quantity for
the same target year (an older provincial plan is not a parent of a city's newer one); each sum names
the target years it covers;
two documents of one place (the same ``place:`` in their region headers, default the region id) are
added once (the first loaded). ``parent:`` names a place, so a province's plan of any year (``id:
inner_mongolia_2014``, ``place: inner_mongolia``) is the parent of its cities."""

from __future__ import annotations

from typing import Optional

from capacity.claims.common import Options, _clean
from capacity.claims.denominators import (
    Denominator, added_in, claim_options, like_only, national_dict, select_national, target_year,
)
from capacity.claims.share import compare_cell as share_compare_cell
from capacity.evaluate import evaluate
from capacity.model import Dataset
from capacity.results import Note, note_records


def _region_cell(row: Optional[dict], tf, parent_row: Optional[dict], pick: Optional[dict]) -> dict:  # noqa: ANN001
    cell = {"region": tf.region.id, "name": tf.region.name, "place": tf.region.where, "parent": tf.region.parent}
    frac = None
    local = (row or {}).get("local")
    if local and parent_row and parent_row.get("local") and parent_row["local"]["unit"] == local["unit"] \
            and parent_row["local"]["magnitude"]:
        frac = _clean(local["magnitude"] / parent_row["local"]["magnitude"])
    pick = pick or {}
    return cell | share_compare_cell(row) | {
        "fraction_of_parent": frac, "other_targets": [x["target"] for x in pick.get("left_out", [])],
        "target_year": pick.get("year"), "left_out": pick.get("left_out", []), "chosen": pick.get("why"),
        "chosen_notes": pick.get("why_notes", []),
        "not_added": None}


def pick_target(tf, targets: list, year: Optional[int], named: bool) -> dict:  # noqa: ANN001
    """The target of ``targets`` (one region's, about one quantity) that a comparison for ``year`` uses:
    the latest target year at or before ``year`` (first listed among equals); when every one is for a
    later year, the earliest. {"target", "year", "left_out": [{"target", "year"}], "why"}."""
    years = [(t, target_year(tf, t)) for t in targets]
    fit = [x for x in years if year is None or x[1] is None or x[1] <= year]
    if fit:
        best = max((y for _, y in fit if y is not None), default=None)
        chosen = next(x for x in fit if x[1] == best)
    else:
        best = min(y for _, y in years)
        chosen = next(x for x in years if x[1] == best)
    left = [{"target": t.id, "year": y} for t, y in years if t is not chosen[0]]
    why = None
    if left or (year is not None and chosen[1] is not None and chosen[1] != year):
        asked = Note.of("asked_year", year=year) if named else Note.of("compared_year", year=year)
        rule = Note.of("latest_at_or_before", asked=asked) if fit else Note.of("none_before", year=year)
        why = Note.of("chosen_left_out" if left else "chosen", target=chosen[0].id, year=chosen[1], rule=rule,
                      left_out=", ".join(f"{x['target']} ({x['year']})" for x in left))
    return {"target": chosen[0], "year": chosen[1], "left_out": left, "why": why.text() if why else "",
            "why_notes": note_records([why] if why else [])}


def compare(ds: Dataset, options: Optional[Options] = None) -> dict:
    """Regions side by side: one entry per national quantity, every region's figure, share and verdict."""
    options = options or Options()
    report = evaluate(ds, options, kinds=("share",))
    # the year compared: --year, else the latest target year of the loaded regions' targets
    year = options.year if options.year is not None else max(
        (y for tf in ds.regions for t in tf.targets if (y := target_year(tf, t)) is not None), default=None)
    rows: dict[tuple[str, str], dict] = {}  # (region, quantity) → the share row of the target compared
    picks: dict[tuple[str, str], dict] = {}  # (region, quantity) → which target, and which were left out
    qids: list[str] = []
    seen_q: set[str] = set()
    by_region: dict[str, dict[str, dict]] = {}  # region → id → row, grouped once (was one scan per region)
    for r in report["results"]:
        by_region.setdefault(r["region"], {})[r["id"]] = r
    for tf in ds.regions:
        by_id = by_region.get(tf.region.id, {})
        about: dict[str, list] = {}
        for t in tf.targets:
            if t.national and t.id in by_id:
                about.setdefault(t.national, []).append(t)
                if t.national not in seen_q:
                    seen_q.add(t.national)
                    qids.append(t.national)
        for qid, ts in about.items():
            pick = pick_target(tf, ts, year, options.year is not None)
            rows[(tf.region.id, qid)] = by_id[pick["target"].id]
            picks[(tf.region.id, qid)] = pick
    loaded = {tf.region.where for tf in ds.regions}  # the places loaded: what a parent names
    up_to = max((tf.region.target_year for tf in ds.regions if tf.region.target_year), default=None)
    entries = []
    for qid in qids:
        q = ds.national.quantity(qid)
        # A place's row for this quantity and target year: its first loaded document that has one (with a
        # figure if any has). A parent is a parent only for documents of the same target year.
        by_place: dict[tuple, dict] = {}
        for tf in ds.regions:
            r = rows.get((tf.region.id, qid))
            py = (picks.get((tf.region.id, qid)) or {}).get("year")
            if r is not None and ((tf.region.where, py) not in by_place or
                                  (r.get("local") and not by_place[(tf.region.where, py)].get("local"))):
                by_place[(tf.region.where, py)] = r
        cells = []
        for tf in ds.regions:
            parent = tf.region.parent if tf.region.parent in loaded else None
            py = (picks.get((tf.region.id, qid)) or {}).get("year")
            cells.append(_region_cell(rows.get((tf.region.id, qid)), tf,
                                      by_place.get((parent, py)) if parent else None, picks.get((tf.region.id, qid))))
        years = [c["target_year"] for c in cells if c["figure"] and c["target_year"]]
        sum_year = max(years, default=up_to)
        # Added: each place once (two documents of one city are not two cities: the first loaded counts),
        # and never a region whose parent place is loaded with a figure for this quantity and the same target
        # year (a city in its province; an older provincial plan never removes a city's newer one).
        with_figure = {(c["place"], c["target_year"]) for c in cells if c["figure"]}
        places: set[str] = set()
        added, inside = [], []
        for c, tf in zip(cells, ds.regions):
            if not c["figure"]:
                continue
            place = tf.region.where
            if (c["parent"], c["target_year"]) in with_figure:
                inside.append(c["region"])
                c["not_added"] = Note.of("inside", parent=c["parent"]).text()
                c["not_added_notes"] = note_records([Note.of("inside", parent=c["parent"])])
            elif place in places:
                inside.append(c["region"])
                c["not_added"] = Note.of("another_document", place=place).text()
                c["not_added_notes"] = note_records([Note.of("another_document", place=place)])
            else:
                places.add(place)
                added.append(c)
        without = [c["region"] for c in cells if c["target"] and not c["figure"]]
        units = {c["figure"]["unit"] for c in added}
        # like against like: the sum's figure is of the kind its plans are (additions within a year or stocks,
        # on their own basis); plans of different kinds have no like figure to be summed against
        added_ids = {id(x) for x in added}  # the cells added, by identity (was a scan of them per cell)
        like = {(added_in(t, o), o.basis) for c, tf in zip(cells, ds.regions) if id(c) in added_ids
                for t in [picks[(tf.region.id, qid)]["target"]] for o in [claim_options(t, options)]}
        like = {(a, b or "capacity") for a, b in like}
        add_p, basis = like.pop() if len(like) == 1 else (None, options.basis)
        d = (select_national(q, options.year, basis, options.source, sum_year, options.scope, added=add_p)
             if not like else Denominator(None, (Note.of("no_like_sum"),)))
        d = like_only(d, basis)  # a sum is information: never against an unlike figure
        unit = units.pop() if len(units) == 1 else None
        total = sum(c["figure"]["magnitude"] for c in added) if unit else None
        nat = national_dict(d, unit) if (d.figure is not None and unit) else None
        share, share_range = None, [None, None]
        if total is not None and nat and nat["magnitude"]:
            exact = total / nat["magnitude"]
            if nat["bound"] is None:
                share, share_range = _clean(exact), [_clean(exact), _clean(exact)]
            elif nat["bound"] == "at_least":  # national > X: the sum is at most total / X of it
                share_range = [0.0, _clean(exact)]
        sentence = None
        covered = sorted({c["target_year"] for c in added if c["target_year"]})  # each sum names its target years
        years = ", ".join(str(y) for y in covered) if covered else None
        if years is not None:
            who = (Note.of("this_plan_years", years=years) if len(added) == 1
                   else Note.of("these_plans_years", n=len(added), years=years))
        else:
            who = Note.of("this_plan") if len(added) == 1 else Note.of("these_plans", n=len(added))
        where = Note.of("national_where", basis=nat["basis"], text=nat["text"],
                        period=Note.of("period", p=nat.get("period") or nat["year"])) if nat else ""
        if share is not None:
            sentence = Note.of("adds_up_to", who=who, share=f"{share * 100:.1f}%", where=where)
        elif share_range[1] is not None:
            sentence = Note.of("adds_up_to_bound", who=who, share=f"{share_range[1] * 100:.1f}%", where=where)
        note = None
        if nat and len(added) > 1:  # which national figure the Σ uses, and that the rows use their own year's
            fig = dict(period=Note.of("period", p=nat.get("period") or nat["year"]), text=nat["text"])
            note = (Note.of("sum_year", **fig) if options.year is not None else
                    Note.of("sum_newest_up_to", up_to=sum_year, **fig) if sum_year else Note.of("sum_newest", **fig))
        if nat is None and d.figure is None and d.notes:  # no like figure to sum against: said which
            note = d.notes[-1]
        warnings = [w for c in cells for w in c.get("warnings", [])]
        for c in cells:
            if c["fraction_of_parent"] is not None and c["fraction_of_parent"] > 1 + 1e-9:
                warnings.append(f"{c['region']}'s figure ({c['figure']['text']}) is {c['fraction_of_parent'] * 100:.0f}% "
                                f"of its parent {c['parent']}'s: a part larger than the whole; the two documents "
                                "measure different things or one of them is out of date")
        if share is not None and share > 1 + 1e-9:
            warnings.append(f"the regions' plans together ({total:,.0f} {unit}) exceed the national total "
                            f"({nat['text']}): {share * 100:.1f}% of it; they cannot all be met, or the figures "
                            "measure different things")
        entries.append({
            "id": qid, "name": q.name, "name_en": q.name_en, "dimension": q.dimension,
            "regions": cells,
            "sum": {"magnitude": _clean(total) if total is not None else None, "unit": unit,
                    "regions": [c["region"] for c in added], "not_added": inside, "no_local_figure": without,
                    "national": nat, "share": share, "share_range": share_range,
                    "sentence": sentence.text() if sentence else "", "note": note.text() if note else "",
                    "sentence_notes": note_records([sentence] if sentence else []),
                    "notes": note_records([note] if note else []), "target_years": covered},
            "warnings": warnings,
        })
    return {
        "schema": "capacity.compare/1",
        "regions": [{"id": tf.region.id, "name": tf.region.name, "name_en": tf.region.name_en,
                     "document": tf.region.document, "target_year": tf.region.target_year,
                     "place": tf.region.where, "parent": tf.region.parent, "file": tf.path} for tf in ds.regions],
        "national_file": ds.national.path,
        "scenario": list(ds.scenario),
        "options": {"year": options.year, "basis": options.basis or "capacity", "source": options.source},
        "year": year,
        "quantities": entries,
    }


__all__ = ["compare"]
