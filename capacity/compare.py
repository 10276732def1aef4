"""Compare: regions side by side, aligned by national quantity.

One entry per national quantity that any loaded region's targets name: for every region its figure,
share and verdict (``null`` where the region has no such target), and the sum of the regions'
figures against the national figure ("these plans add up to 112% of national capacity"). A region
inside another loaded region (``parent:`` in its region header: a city in its province) is shown as
a fraction of its parent and never added to the sum when the parent has a figure for the quantity;
two documents of one place (the same ``place:`` in their region headers, default the region id) are
added once (the first loaded). ``parent:`` names a place, so a province's plan of any year (``id:
inner_mongolia_2014``, ``place: inner_mongolia``) is the parent of its cities."""

from __future__ import annotations

from typing import Optional

from capacity.evaluate import Options, _clean, evaluate, national_dict, select_national
from capacity.model import Dataset


def _region_cell(row: Optional[dict], tf, parent_row: Optional[dict], others: list[str]) -> dict:  # noqa: ANN001
    cell = {"region": tf.region.id, "name": tf.region.name, "place": tf.region.where, "parent": tf.region.parent}
    if row is None:
        return cell | {"target": None, "figure": None, "share": None, "share_range": [None, None], "threshold": None,
                       "threshold_text": None, "comparator": None, "ok": None, "status": None, "needed_local": None,
                       "fraction_of_parent": None, "national": None, "about": None, "warnings": [], "other_targets": [], "not_added": None}
    local = row.get("local")
    frac = None
    if local and parent_row and parent_row.get("local") and parent_row["local"]["unit"] == local["unit"] \
            and parent_row["local"]["magnitude"]:
        frac = _clean(local["magnitude"] / parent_row["local"]["magnitude"])
    n = row.get("national")
    return cell | {
        "target": row["id"], "figure": local, "share": row.get("share"), "share_range": row.get("share_range"),
        "threshold": row.get("threshold"), "threshold_text": row.get("threshold_text"),
        "comparator": row.get("comparator"), "ok": row.get("ok"), "status": row.get("status"),
        "about": row.get("about"), "needed_local": row.get("needed_local"), "fraction_of_parent": frac,
        "national": None if n is None else {k: n.get(k) for k in ("text", "year", "period", "basis", "source", "url")},
        "warnings": row.get("warnings") or [], "other_targets": others, "not_added": None,
    }


def compare(ds: Dataset, options: Optional[Options] = None) -> dict:
    """Regions side by side: one entry per national quantity, every region's figure, share and verdict."""
    options = options or Options()
    report = evaluate(ds, options, kinds=("share",))
    rows: dict[tuple[str, str], dict] = {}  # (region, quantity) → the region's first share row about it
    others: dict[tuple[str, str], list[str]] = {}  # further targets of the region naming that quantity
    qids: list[str] = []
    seen_q: set[str] = set()
    by_region: dict[str, dict[str, dict]] = {}  # region → id → row, grouped once (was one scan per region)
    for r in report["results"]:
        by_region.setdefault(r["region"], {})[r["id"]] = r
    for tf in ds.regions:
        by_id = by_region.get(tf.region.id, {})
        for t in tf.targets:
            if not (t.national and t.id in by_id):
                continue
            key = (tf.region.id, t.national)
            if key in rows:
                others.setdefault(key, []).append(t.id)
                continue
            rows[key] = by_id[t.id]
            if t.national not in seen_q:
                seen_q.add(t.national)
                qids.append(t.national)
    loaded = {tf.region.where for tf in ds.regions}  # the places loaded: what a parent names
    up_to = max((tf.region.target_year for tf in ds.regions if tf.region.target_year), default=None)
    entries = []
    for qid in qids:
        q = ds.national.quantity(qid)
        # A place's row for this quantity: its first loaded document that has one (with a figure if any has).
        by_place: dict[str, dict] = {}
        for tf in ds.regions:
            r = rows.get((tf.region.id, qid))
            if r is not None and (tf.region.where not in by_place or
                                  (r.get("local") and not by_place[tf.region.where].get("local"))):
                by_place[tf.region.where] = r
        cells = []
        for tf in ds.regions:
            parent = tf.region.parent if tf.region.parent in loaded else None
            cells.append(_region_cell(rows.get((tf.region.id, qid)), tf,
                                      by_place.get(parent) if parent else None, others.get((tf.region.id, qid), [])))
        # Added: each place once (two documents of one city are not two cities: the first loaded counts),
        # and never a region whose parent place is loaded with a figure for this quantity (a city in its province).
        with_figure = {c["place"] for c in cells if c["figure"]}
        places: set[str] = set()
        added, inside = [], []
        for c, tf in zip(cells, ds.regions):
            if not c["figure"]:
                continue
            place = tf.region.where
            if c["parent"] in with_figure:
                inside.append(c["region"])
                c["not_added"] = f"inside {c['parent']}"
            elif place in places:
                inside.append(c["region"])
                c["not_added"] = f"another document of {place}"
            else:
                places.add(place)
                added.append(c)
        without = [c["region"] for c in cells if c["target"] and not c["figure"]]
        units = {c["figure"]["unit"] for c in added}
        years = [tf.region.target_year for c, tf in zip(cells, ds.regions) if c["figure"] and tf.region.target_year]
        sum_year = max(years, default=up_to)
        d = select_national(q, options.year, options.basis, options.source, sum_year, options.scope)
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
        sentence = ""
        who = "this plan adds" if len(added) == 1 else f"these {len(added)} plans add"
        where = f"national {nat['basis']} ({nat['text']}, {nat.get('period') or nat['year']})" if nat else ""
        if share is not None:
            sentence = f"{who} up to {share * 100:.1f}% of {where}"
        elif share_range[1] is not None:
            sentence = f"{who} up to at most {share_range[1] * 100:.1f}% of {where}: the national figure is a bound"
        note = ""
        if nat and len(added) > 1:  # which national figure the Σ uses, and that the rows use their own year's
            fig = f"the national figure for {nat.get('period') or nat['year']} ({nat['text']}"
            note = (f"Σ and every row use {fig}, --year)." if options.year is not None else
                    f"Σ uses {fig}, the newest up to {sum_year}, the plans' latest target year); each row uses its "
                    "own target year's figure." if sum_year else f"Σ uses {fig}, the newest on file).")
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
                    "national": nat, "share": share, "share_range": share_range, "sentence": sentence,
                    "note": note},
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
        "quantities": entries,
    }


__all__ = ["compare"]
