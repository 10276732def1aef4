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
    # issue 22 (rules)
    "nearest_later_year": "no figure up to {cap}; used the nearest later year, {used}",
    "none_published_by": "no figure on file was published by {date}",
    "unverified_figure": "rests on a figure not found in its cited page (unverified)",
    "about_above": "more than {tol} pp above about {threshold}: more than the text says",
    "no_national_quantity": "no national figure of this quantity on file ({measure})",
    "no_figure_for_flag": "no national figure left under {flag}: no share, no verdict",
    "verdict_by_fallback": "the verdict {status} rests on the fallback; against the default figure ({national}) it is {default}",
    "no_like_figure": "no national {basis} figure on file (only {used}, not like): no share",
}
