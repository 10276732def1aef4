"""English messages, keyed by note code. ``{name}`` is a parameter of the note."""

MESSAGES: dict[str, str] = {
    # the denominator chooser (capacity.claims.denominators)
    "no_scope": "no {scope}-scope figure on file (scopes: {scopes})",
    "no_national": "no national figure on file",
    "no_source": "no figure from '{source}'",
    "other_basis_in_year": "no {year} {basis} figure{src} on file; used {used}",
    "other_basis": "no {basis} figure{src}{up_to} on file; used {used}",
    "year_fallback": "no {year} figure; used {used}",
    "later_year": "no figure up to {cap}; used a later one",
    "weak_source": "rests on a weak source (no named organisation with an address)",
    "not_known_at_issue": "no figure known at the document's date; used the target year's",
    # approximate claims (capacity.claims.common)
    "about_within": "about {threshold}: within ±{tol} pp",
    "about_below": "more than {tol} pp below about {threshold}",
    # the language of policy texts (issue 20): stance, periods, years, local totals, growth
    "no_year": "no year given: the newest figure on file, no year-bound verdict",
    "status_no_verdict": "a status figure (what exists), not a goal: no progress verdict",
    "year_to_date": "year to date ({period}): not a full year, no progress verdict",
    "partial_period": "covers {period} only: not a full year, no progress verdict",
    "cumulative_only": "a cumulative target ({period}) is compared with cumulative observations only; {date} covers {covers}",
    "annual_vs_cumulative": "an annual target against a cumulative observation ({period}): no progress verdict",
    "about_target_within": "about {goal}: within ±{tol} pp of 100%",
    "about_target_below": "more than {tol} pp below about {goal}",
    "growth_on_base": "growth of {rate} on {base}{year}: compared as the level {level}",
    "local_total": "a share of the region's own total: {name} {text}{date}",
}
