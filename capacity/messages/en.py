"""English messages, keyed by note code and view template. ``{name}`` is a parameter of the message.
Labels (titles, headers, verdict words) are their own English text: ``zh.LABELS`` words them."""

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
    # claim kinds' notes (capacity.claims)
    "needed_nothing": "no local figure in the document and {why}: nothing to compute",
    "addition": "an addition (新增) of {added} on {base}",
    "supply_capacity_ratio": "capacity ratio: local upstream capacity over local downstream capacity",
    "supply_factor_range": "over the factor's range {range} the ratio is {ratio}",
    "chain_definition": "definition chosen by capacity (the document does not define it): {definition}",
    "no_demand": "the text states no local demand: {supply} covers {threshold} of a demand of at most {max_demand}",
    # the join of several messages
    "list": "{items}",
    # ------------------------------------------------------------------ views (capacity.views)
    "legend.share": ("Bar: █ the share (the bar ends at 1.5× the threshold, or 100% without one), ░ the unknown "
                     "part of a bounded share, ┃ the threshold. ±pp: share − threshold, in percentage points. Gap: "
                     "threshold × national − local, the capacity still missing (negative: to spare). Headroom: local "
                     "/ threshold, the largest national total at which the claim holds. For an about (≈) claim the "
                     "threshold is less its tolerance, where the verdict flips."),
    "legend.supply": ("Ratio: local supply / local need. Bar: █ the ratio (the bar ends at 1.5× the threshold, or "
                      "100% without one), ░ the unknown part of a bounded ratio, ┃ the threshold. ±pp: ratio − "
                      "threshold. Gap: the supply still missing."),
    "needs": "needs {value}",
    "denom.none": "none",
    "denom.override": "override",
    "denom.cell": "{year} {basis}",
    "basis.capacity": "cap", "basis.production": "prod", "basis.installed": "inst",
    "flag.uncertain": "uncertain figure", "flag.derived": "derived figure", "flag.estimate": "estimate or forecast",
    "flag.proxy": "proxy series",
    "note.national": "{id}: {text} ({period}, {basis}, {source})",
    "note.national_flags": "{id}: {text} ({period}, {basis}, {source}) [{flags}]",
    "note.id": "{id}: {text}",
    "then_note": "{share} {verdict} against {text} ({period}, {basis}, {source})",
    "then_note_fallback": "{share} {verdict} against {text} ({period}, {basis}, {source}) [{fallback}]",
    "note.then": "{id} then: {notes}",
    "note.now": "{id} now: {notes}",
    "title.then_now": "Then and now: each claim against the figure known when issued and the target year's",
    "title.then_now_issued": "Then and now: each claim against the figure known when issued ({issued}) and the "
                             "target year's",
    "link.no_demand": "{supply} → (demand not stated)",
    "link.chain": "{id} (chain)",
    "note.need": "{link}: need = {demand} × {factor} {factor_text}{marks}",
    "note.need_range": "{link}: need = {demand} × {factor} {factor_text}{marks}; over the factor's range {range} the "
                       "ratio is {ratio}",
    "mark.estimate": " (estimate)", "mark.derived": " (derived)",
    "note.observed": "{id} {date}: {text} ({source})",
    "note.observed_later": "{id} {date}: {text} ({source}); the verdict rests on {date}, at or before the target "
                           "year's end; later: {later}, context",
    "count.fail": "{n} failed", "count.warn": "{n} warnings", "count.warn1": "1 warning", "count.pass": "{n} passed",
    "count.undecided": "{n} undecided", "count.info": "{n} informational",
    "count.reached": "{n} reached", "count.short": "{n} short", "count.no_verdict": "{n} no verdict",
    "summary.none": "no results",
    "summary": "{counts}",
    "summary.progress": "{counts}; progress (not checks): {progress}",
    "summary.line": "Result: {summary}",
    "comma": "{items}",
    "header.region": "{name} {document}, targets for {year}",
    "header.region_en": "{name} ({name_en}) {document}, targets for {year}",
    "header.denominators": "Denominators: {rule}",
    "rule.basis_newest": "basis {basis}, newest year on file up to the target year",
    "rule.basis_year": "basis {basis}, year {year}",
    "rule.issued": "basis {basis}, the figure known when the document was issued (--denominator issued)",
    "rule.scope": "{rule}, scope {scope}",
    "rule.source": "{rule}, source ~ {source}",
    "header.scenario": "Scenario: {what}",
    "scenario.published": "none (the data as published)",
    "scenario.none": "none",
    "warning": "Warning: {id}: {text}",
    # compare
    "compare.chosen": "{quantity}: {region} compared on {chosen}",
    "compare.sum": "{quantity}: {sentence}",
    "compare.sum_not_added": "{quantity}: {sentence}; not added: {not_added}",
    "compare.sum_note": "{quantity}: {sentence}. {note}",
    "compare.sum_not_added_note": "{quantity}: {sentence}; not added: {not_added}. {note}",
    "compare.regions": "Regions: {regions}",
    "compare.region": "{id} {name} {document} ({year})",
    "compare.region_inside": "{id} {name} {document} ({year}), inside {parent}",
    "compare.national": "National data: {file}",
    "compare.of_parent": "{share} of {parent}",
    # targets, sources, reconcile
    "title.targets": "Targets ({n})", "title.projects": "Projects ({n})",
    "targets.no_figure": "(none: a share claim)", "targets.or_more": " or more",
    "sources.scope": "scope {scope}",
    "reconcile.needs": "{id}: {local} at {threshold} needs a national total of at most {headroom}",
    "reconcile.context": "{id} {text} ({period}): context, no verdict: {why}",
    # what-if, solve, sweep
    "whatif.flipped": "{n} verdicts flipped: {ids}", "whatif.flipped1": "1 verdict flipped: {ids}",
    "whatif.hidden": "{n} unchanged results hidden (--all shows them)",
    "whatif.hidden1": "1 unchanged result hidden (--all shows them)",
    "whatif.nothing": "no result depends on these overrides: every share, ratio, rollup and progress is unchanged",
    "solve.against": "{text} ({year} {basis})",
    "solve.observed": "observed {text} ({date})",
    "solve.of_need": "{threshold} of need {need} {unit}",
    "solve.break_even": "{factor} at which the ratio equals {threshold}",
    "solve.holds_while": "the claim holds while the national total is at most {headroom}",
    "sweep.title": "Sweep of {param} from {start} to {end} ({steps} steps)",
    "sweep.flips": "{key}: verdict flips at {param} = {value} ({method}): {below} below, {above} above",
    "sweep.holds": "holds", "sweep.fails": "fails", "sweep.undecidable": "undecidable",
    "sweep.no_crossing": "{key}: no crossing between {start} and {end}",
    "sweep.nothing": "no result depends on {param}: nothing to sweep",
    "sweep.chart": "{id} ({kind}, %) ● holds/undecided ○ fails ─ threshold",
    # simulate
    "sim.title": "Probability that each claim holds ({samples} samples, seed {seed})",
    "sim.legend": ("P(holds): the share of samples in which the claim holds; p5/p50/p95: percentiles of the share or "
                   "ratio; check: the verdict of `capacity check` on the figures as chosen; Moves it most: the top of "
                   "the tornado below."),
    "sim.tornado": "What moves each check: the top {n} inputs, each pinned at its low then its high end (a project: "
                   "not built, built)",
    "sim.completes": "completes?",
    # glossary
    "title.glossary": "Glossary",
    # issue 22 (rules)
    "nearest_later_year": "no figure up to {cap}; used the nearest later year, {used}",
    "none_published_by": "no figure on file was published by {date}",
    "unverified_figure": "rests on a figure not found in its cited page (unverified)",
    "about_above": "more than {tol} pp above about {threshold}: more than the text says",
    "no_national_quantity": "no national figure of this quantity on file ({measure})",
    "no_figure_for_flag": "no national figure left under {flag}: no share, no verdict",
    "verdict_by_fallback": "the verdict {status} rests on the fallback; against the default figure ({national}) it is {default}",
    "no_like_figure": "no national {basis} figure on file (only {used}, not like): no share",
    "context_before_issue": "before the document was issued ({issued})",
    "context_basis": "basis {basis}: the claim is about {want}",
    "context_unverified": "unverified: not found in its cited page",
    "this_plan_years": "this plan (target year {years}) adds",
    "these_plans_years": "these {n} plans (target years {years}) add",
}
MESSAGES.update({
    "basis_word.capacity": "capacity", "basis_word.production": "production", "basis_word.installed": "installed",
    "verdict.change": "{before} → {after}",
})
MESSAGES.update({
    "sweep.column": "{id}\n({kind}){goal}",
    "sweep.key": "{id} ({kind})",
})
MESSAGES.update({
    "from_source": " from '{source}'",
    "up_to": " up to {cap}",
    "period.end": "end-{year}",
})
MESSAGES.update({
    "row.label": "{id}",
})
MESSAGES.update({
    "text": "{text}",  # data as written (an observation's note): the same in every language
    "progress_short_at_end": "short of the goal at the end of the target year",
    "progress_early": "observed before the end of the target year",
    "progress_late": "reached only after the target year ({date}); not a verdict on {year}",
    "progress_short_after": "still short of the goal after the target year ({date})",
    "progress_later": "decided at {date}; later observation {text} ({later}) is context",
    "supply_need": "need = {demand} × {factor}",
    "chain_mean": ("mean over the chain's links of local upstream supply / local downstream need, each link capped at "
                   "100%"),
    "demand_observed": "local supply against the latest observation of {observed}{name}{factor}",
    "demand_stated": "local supply against a stated local demand{name}{factor}",
    "rollup_parts": "stated parts against the stated total",
    "rollup_over": "the parts exceed the stated total",
    "rollup_projects": "named projects against the target they feed; the rest is existing or unnamed capacity",
})
MESSAGES.update({
    "amount": "{value} {unit}",
    "at_least": "at least {value} {unit}",
    "needed_local": "no local figure in the document: the claim ({threshold} of {national}) needs {need}",
    "latest_observation": "the latest observation ({text}, {date}) is {how}",
    "short_by": "{value} {unit} short",
    "above_by": "{value} {unit} above it",
    "bounded": "bounded",
    "context_scope": "scope {scope}: not a national total",
    "context_partial": "not a full-year figure ({period})",
    "context_later": "after the target year {year}",
})
MESSAGES.update({
    # compare (capacity.compare)
    "asked_year": "--year {year}",
    "compared_year": "the compared year {year}",
    "latest_at_or_before": "the latest target year at or before {asked}",
    "none_before": "no target for {year} or before: the earliest",
    "chosen": "{target} ({year}): {rule}",
    "chosen_left_out": "{target} ({year}): {rule}; left out: {left_out}",
    "this_plan": "this plan adds",
    "these_plans": "these {n} plans add",
    "national_where": "national {basis} ({text}, {period})",
    "adds_up_to": "{who} up to {share} of {where}",
    "adds_up_to_bound": "{who} up to at most {share} of {where}: the national figure is a bound",
    "sum_year": "Σ and every row use the national figure for {period} ({text}, --year).",
    "sum_newest_up_to": ("Σ uses the national figure for {period} ({text}, the newest up to {up_to}, the plans' "
                         "latest target year); each row uses its own target year's figure."),
    "sum_newest": "Σ uses the national figure for {period} ({text}, the newest on file).",
})
MESSAGES.update({
    "inside": "inside {parent}",
    "another_document": "another document of {place}",
    "region_why": "{region} ({why})",
})
MESSAGES.update({
    # simulate (capacity.simulate): the sampling rules
    "sim.override": "override {override}",
    "sim.figures": "{n} figures on file for {year}, {basis}{note}",
    "sim.figures1": "{n} figure on file for {year}, {basis}{note}",
    "sim.paren": " ({text})",
    "sim.fixed_national": "{name}: fixed at {value} ({why}: {listing})",
    "sim.uniform_national": "{name}: uniform between {low} and {high}, the lowest and highest of {why}: {listing}",
    "sim.fixed_override": "{name}: fixed at {value} (override {override})",
    "sim.fixed_no_range": "{name}: fixed at {value} (no low and high on file)",
    "sim.fixed_low_high": "{name}: fixed at {value} (low = high)",
    "sim.triangular": "{name}: triangular between {low} and {high} (low and high on file), mode at the stated value "
                      "{value}",
    "sim.uniform_local": "{name}: uniform between {low} and {high} ({figure} as written)",
    "sim.fixed_local": "{id}: local figure fixed at {value} by {override}; the projects feeding it do not vary",
    "sim.no_state": "{name}: no completion probability on file for state '{state}': taken as certain",
    "sim.certain": "{name}: completes for certain (state {state}, p_complete 1)",
    "sim.never": "{name}: never completes (state {state}, p_complete 0): {id} loses {value}",
    "sim.bernoulli": "{name}: {project} {value} completes with p = {p} (state {state}); if not, {id} loses {value}",
    "sim.rule_independent": "All inputs are drawn independently of each other.",
    "sim.rule_national": ("National denominator: the figure `capacity report` uses fixes the year and basis; the "
                          "denominator is uniform between the lowest and highest of all figures on file for that "
                          "quantity, year and basis (with --source, of the matching sources only; one exact figure, or "
                          "an override, is fixed)."),
    "sim.rule_bound": ("A figure published as a bound stays one-sided: >X is uniform from X up to X × {up}, <X from "
                       "X × {down} up to X (a spread of {spread}, an assumption)."),
    "sim.rule_factors": ("Conversion factors with low and high on file: triangular between them, mode at the stated "
                         "value; otherwise, or under --factor, fixed."),
    "sim.rule_projects": ("Named projects: each completes with the p_complete of its state verb (project_states in "
                          "the targets file); one that does not complete takes its figure out of the target it feeds "
                          "(as --drop-project). A target set with --set is fixed and its projects do not vary."),
    "sim.rule_holds": ("A claim holds as in `capacity check`: share or ratio at or above the threshold (at or below "
                       "for at_most), with a relative tolerance of 1e-9."),
    "sim.rule_tornado": ("Tornado: each input pinned at its low end, then its high end (a project: not completed, "
                         "completed), every other input sampled, on a separate stream of {samples} samples; swing = "
                         "the difference in the probability that the claim holds; ties ranked by the swing of the "
                         "median."),
})
MESSAGES.update({
    "sim.bound_up": "{text} (bound: taken as up to × {k})",
    "sim.bound_down": "{text} (bound: taken as down to × {k})",
    "sim.no_uncertain": "— (no uncertain input)",
})
MESSAGES.update({
    "sim.listing": "{figure} ({source})",
    # solve (capacity.whatif)
    "ratio_of": "{local} / {threshold}",
    "ratio_of_about": "{local} / {flip} (about {threshold} less its ±{tol} pp tolerance)",
    "holds_while_at_most": "the claim holds while the national total is at most {at}",
    "holds_while_at_least": "the claim holds while the national total is at least {at}",
})
MESSAGES.update({"figure_change": "{name} {before} → {after}"})
MESSAGES.update({
    "validate.ok": "ok: {n} file(s) valid",
    "validate.errors": "{total} error(s) in {n} file(s)",
})
MESSAGES.update({
    "check.summary": "check: {fail} failed, {warn} warnings, {ok} passed, {undecided} undecided (exit {exit_code})",
    "check.summary1": "check: {fail} failed, {warn} warning, {ok} passed, {undecided} undecided (exit {exit_code})",
})
MESSAGES.update({
    "xlsx.unit_column": "{words} (unit: {column})",
    "xlsx.fraction": " — a fraction, shown as a percentage",
})
MESSAGES.update({
    "drop.out_of": "{project} {value} out of {target}",
    "drop.feeds_none": "{project} (feeds no target)",
    "drop.described": "{option}: {effect}",
})
MESSAGES.update({
    # check's one sentence per check (capacity.render.ci)
    "ci.describe": "{id}: {text}",
    "ci.margin": ", {pp} pp",
    "ci.unknown": "unknown",
    "ci.no_local": "no local figure",
    "ci.of": "{local} of {text} ({period}, {basis})",
    "ci.share": "share of the national total {value} against the claim {claim}{words}: {base}{margin}",
    "ci.short": "; {value} {unit} short",
    "ci.supply_no_demand": "local supply {supply} against a demand the text does not state {claim}{words}",
    "ci.supply": ("local supply ratio {value} against the claim {claim}{words}: {supply} of {id} for a need of {need} "
                  "{unit} ({demand} {text}{factor}){margin}"),
    "ci.chain": ("chain-wide local supply ratio {value} against the claim {claim}{words}: mean over {n} links, each "
                 "capped at 100%{margin}"),
    "ci.projects": "{n} named projects total {total} {unit} against the target's {stated}",
    "ci.more_than_target": ": {value} {unit} more than the target",
    "ci.existing": "; {value} {unit} existing or unnamed",
    "ci.parts": "{n} parts total {total} {unit} against the stated {stated}",
    "ci.parts_short": ": {value} {unit} short",
    "ci.parts_over": ": {value} {unit} over",
    "ci.paren": " ({text})",
    "ci.warning": ". Warning: {text}",
})
MESSAGES.update({
    "ci.title.fail": "capacity check failed: {id}",
    "ci.title.warn": "capacity check passed with a warning: {id}",
    "ci.title.undecided": "capacity check undecided: {id}",
    "ci.status.fail": "failed", "ci.status.warn": "passed with a warning", "ci.status.undecided": "undecided",
    "ci.more": ("capacity: {n} more checks {status} without an annotation (GitHub shows at most {limit} {level} "
                "annotations per step); `capacity check` or the step summary (--summary) lists every check"),
    "ci.more1": ("capacity: {n} more check {status} without an annotation (GitHub shows at most {limit} {level} "
                 "annotations per step); `capacity check` or the step summary (--summary) lists every check"),
    "ci.at": "at {where}",
    "ci.within_margin": "within the warning margin",
    "ci.warning_line": "warning: {why}",
})
MESSAGES.update({
    # errors (capacity.errors.InputError.format, the CLI, the loader)
    "err.error": "{where}error: {text}",
    "err.expected": "; expected {text}",
    "err.hint": "\n  hint: {text}",
    "err.not_one_of": "{option} '{value}' is not one of {choices}",
    "err.unknown_target": "unknown target id '{id}'",
    "err.expected_target": "a target id (see `capacity targets`)",
    "err.did_you_mean": "did you mean {names}?",
    "err.must_be_list": "{what} must be a list",
    "err.expected_list": "a list of '- ' items",
    "err.unknown_key": "unknown key '{key}' in {what}",
    "err.one_of": "one of {choices}",
    "err.has_no_key": "{what} has no '{key}'",
    "err.key_line": "a '{key}:' line",
    "err.single_value": "'{key}' of {what} must be a single value",
    "err.a_string": "a string",
})
MESSAGES.update({"delta.pp": "{value} pp"})
MESSAGES.update({
    "figname.local": "local", "figname.national": "national", "figname.supply": "supply", "figname.demand": "demand",
    "figname.factor": "factor",
})

# the claim's stance beside its verdict, a share of the region's own total (issues 20, 25)
MESSAGES.update({
    'denom.own_total': 'own total',
    'stance.beside': '{text} ({stance})',
    'stance.goal': 'goal',
    'stance.aspiration': 'aspiration',
    'stance.forecast': 'forecast',
    'stance.status': 'status',
})

# ABOVE: an about claim far above its threshold (issue 22)
MESSAGES.update({
    'check.summary_above': 'check: {fail} failed, {warn}, {ok} passed, {undecided} undecided, {above} above (more than the text says) (exit {exit_code})',
    'ci.above_line': 'above: more than the text says',
})

MESSAGES.update({
    'then.no_figure': 'no figure',
    'summary.no_checks': 'no checks',
    'summary.no_result': '{text}; {n} targets without a result (said why)',
    'summary.no_figure': '{text}; {n} left with no national figure by {flag}',
    'the_options': 'the options',
    'solve.above_below': 'more than the text says below this national total',
    'sweep.above': 'ABOVE (more than the text says)',
    'sweep.about': 'about',
    'count.above': '{n} above (more than the text says)',
})

MESSAGES.update({"progress_bound": 'the observation is a bound that does not tell whether the goal was reached'})

MESSAGES.update({
    'sources.physical_bound': 'physical bound {value}',
    'project.figure': '{what} {text}',
    'project.note': '{id}: {project} {name}: {figures}',
    'projfig.figure': 'capacity',
    'projfig.investment': 'investment',
    'projfig.output_value': 'output value',
})

MESSAGES.update({
    'ci.title.above': 'capacity check above (more than the text says): {id}',
    'ci.status.above': 'above (more than the text says)',
})

MESSAGES.update({
    'no_like_operating_basis': 'no national nameplate {basis} figure for {period} on file ({text} is on a {days}-operating-day '
                               'basis, not like): no share',
    'no_like_additions': 'no national figure of additions in {period} on file (a figure built within the year is set '
                         'only against national additions of that year): no share',
    'no_like_stock': 'no national stock figure on file (only additions within a year, not like): no share',
    'context_additions': 'added within the year ({period}): the claim is a stock',
    'context_operating_days': 'on a {days}-operating-day basis: the claim is nameplate',
    'no_like_sum': 'the plans are of different kinds (stocks and additions within a year, additions of other years, or other bases): no like national figure to sum them against',
})

# capacity extract (issue 25 item 1): the draft's comments, the left-out list and the --against report
MESSAGES.update({
    'ex.review': 'review: {note}',
    'ex.header': 'Draft targets file: `capacity extract {source}`.',
    'ex.header_review': 'Every `# review:` line marks a guess: check it against the document, then delete the line.',
    'ex.header_levels': 'Numbering read from the text: {levels}',
    'ex.levels': ' (section = {section})',
    'ex.levels_clause': ' (section = {section}, clause = {clause})',
    'ex.status_block': 'Figures of what is or was (stance: status): the text states them as facts, not as goals.',
    'ex.chains': ('say what each supply covers: demand: <target id>, demand_observed: <target id> or '
                  'demand_figure: <figure as written>; with none, the result is the largest demand covered'),
    'ex.left_out': 'Figures left out (not targets):',
    'ex.left_out_row': '{where} line {line}: {figure}: {reason}',
    'ex.too_long': 'a figure of {n} characters: too long to be a real figure',
    'ex.bad_percent': '{text}: a percentage the draft cannot read',
    'ex.bad_fraction': '{text}: a fraction the draft cannot read',
    'ex.bad_numeral': '{text}: a Chinese numeral the draft cannot read',
    'ex.bad_figure': '{text}: a figure the format cannot read',
    'ex.written': 'written {text}: {t}',
    'ex.written_rounded': 'written {text}: {t} (rounded to 4 decimals)',
    'ex.written_multiple': 'written {text} (growth by that multiple): {t}',
    'ex.written_doubling': 'written 翻{text} (doubling {n} time(s)): {t}',
    'ex.written_form': "written {text}: {t} in the format's form",
    'ex.restatement': 'a restatement in brackets of {text}',
    'ex.daily_rate': 'a daily rate: drafting it as a yearly figure needs days_per_year: (the days a year the plant runs)',
    'ex.spec_unit': 'a specification of a unit or a technology (单套…, …技术), not a target',
    'ex.size_class': 'a size class (…级), not a figure',
    'ex.annual_rate': 'an annual rate (/年) as written',
    'ex.heading': 'in a heading (a title), not a target',
    'ex.share_alone': 'a share of the national total (占全国…): give national: and a threshold, or keep it as a ratio',
    'ex.spec_act': 'a specification (…以上 before a product) in a phrase that asks firms to act, not a target',
    'ex.share_brackets': 'a share of the national total in brackets, with no figure before it to qualify',
    'ex.approx_share': 'approximate share (約): stored as reach',
    'ex.not_drafted': 'not drafted: no target, threshold or project phrase holds it',
    'ex.no_unit': 'a number with no unit the draft reads (a rate, an area, a price, a ranking …)',
    'ex.at_least_from': 'comparator at_least from {word}',
    'ex.top_n': 'a top-N list (前N強): the figure counts the firms of that list',
    'ex.addition': ('an addition (新增/新建): the figure is a change, not a stock; give addition: {base: …} '
                    'to check it as one'),
    'ex.excerpt': 'text: the phrase holding the figure (the sentence has {n} characters)',
    'ex.threshold_alone': 'a {kind} threshold ({text}) with no figure before it to qualify',
    'ex.threshold_extra': 'a {kind} threshold ({text}): more percentages than figures before it',
    'ex.threshold_not_stored': ('threshold not stored: {kind} {figure} ({text}) needs a national quantity id '
                                '(national: …) for this target; drafted as a ratio of its own'),
    'ex.threshold_linked': 'threshold {figure} ({kind}) linked from: {text}',
    'ex.no_figure_project': 'no figure: a named project (review whether it belongs)',
    'ex.spec_project': 'a specification (…以上) in a project phrase, not a target',
    'ex.no_name': 'no name before the figure: the product stands for it',
    'ex.approx': 'approximate (約/近/左右 in the text): stored as reach',
    'ex.stance.status': 'a figure of what is or was (截至/目前/已/a past year), not a goal',
    'ex.stance.forecast': 'a forecast (預計/有望), not a goal',
    'ex.stance.aspiration': 'an aspiration (力爭/爭取/努力)',
    'ex.basis': 'basis: {basis} (the text says {said})',
    'ex.id_glossary': 'id {id} from the glossary',
    'ex.id_placeholder': 'id is a placeholder: give it a name',
    'ex.share_dropped': 'share threshold dropped: no national quantity',
    'ex.feeds': 'feeds {id}: guessed from the product',
    'ex.region_placeholder': 'region id and name: set them (the id is a placeholder)',
    'ex.year_docnum': 'target_year from the document number',
    'ex.year_goal': 'target_year: the goal year (到…年) the text names most often',
    'ex.year_often': 'target_year: the year the text names most often',
    'ex.differs': '{check}: text {text}, data {data}',
    'ex.differs_threshold': 'threshold: text {figure} ({text}), data {data}',
    # the --against report
    'ex.against': '{file} against {against}',
    'ex.group': '{title}: {n}',
    'ex.g.text_only': 'in the text, not in the data',
    'ex.g.status_only': 'figures of what is or was (status) in the text, not in the data',
    'ex.g.named_only': 'named in the text without a figure, not in the data',
    'ex.g.data_only': 'in the data, not in the text',
    'ex.g.differs': 'in both, said otherwise',
    'ex.g.not_targets': 'figures left out as not targets',
    'ex.held': 'in the data and in the text, not found by extract: {n} (their words occur in the document): {ids}',
    'ex.line': 'line {line}',
    'ex.line_text': 'line {line}: {text}',
    'ex.project': 'project {name}',
    'ex.check.figure not in the data': 'figure not in the data',
    'ex.check.project not in the data': 'project not in the data',
    'ex.check.text not in the document': 'text not in the document',
    'ex.check.figure not in the text': 'figure not in the text',
    'ex.check.in the text, not found by extract': 'in the text, not found by extract',
    'ex.wrote': 'wrote {output}',
    'ex.wrote_draft': "wrote {output}: {targets} target(s), {projects} project(s), every guess marked '# review:'",
})

MESSAGES.update({
    'ex.kind.target': 'target', 'ex.kind.project': 'project',
    'ex.st.goal': 'goal', 'ex.st.status': 'status', 'ex.st.forecast': 'forecast', 'ex.st.aspiration': 'aspiration',
})

# the loader's common errors (issue 25 item 1): the part of the file they are about, and what was expected
MESSAGES.update({
    'what.targets_file': 'a targets file',
    'what.target': "target '{id}'", 'what.a_target': 'a target',
    'what.project': "project '{id}'", 'what.a_project': 'a project',
    'what.rollup': "rollup '{id}'", 'what.national': "national quantity '{id}'", 'what.factor': "factor '{id}'",
    'what.key_of': "'{key}' of {what}",
    'what.threshold_of': 'the threshold of {what}',
    'what.observation_of': 'an observation of {what}',
    'what.figure_of': 'a figure of {what}',
    'what.source_of': 'a source of {what}',
    'err.must_be_mapping': '{what} must be a mapping',
    'err.key_value_lines': 'key: value lines',
    'err.key_is': "'{key}' of {what} is '{text}'",
    'err.whole_number': 'a whole number from {lo} to {hi}',
    'err.true_false': 'true or false (yes/no/on/off are refused: YAML 1.1 reads them differently)',
    'err.figure_is': "{what}: '{text}' is {dimension}",
    'err.a_figure': 'a {dimension} figure{example}',
    'err.no_targets_list': "the file has no 'targets' list",
})
MESSAGES.update({
    'err.targets_list': "a 'targets:' list",
    'err.eg': ' (e.g. {figures})',
    'err.write': 'write {key}: {value}',
})

# click's own usage errors (cli/main.py words them under zh; English is click's own text)
MESSAGES.update({
    'click.usage': 'Usage: {usage}',
    'click.try': "Try '{command} {option}' for help.",
    'click.error': 'Error: {text}',
    'click.no_such_option': 'No such option: {name}',
    'click.possible': ' (Possible options: {names})',
    'click.missing.argument': 'Missing argument {hint}.',
    'click.missing.option': 'Missing option {hint}.',
    'click.missing.parameter': 'Missing parameter {hint}.',
    'click.invalid_for': 'Invalid value for {hint}: {text}',
    'click.invalid': 'Invalid value: {text}',
    'click.extra': 'Got unexpected extra argument(s) ({args})',
})

# the units' common errors (capacity.units), and the part of the file they are about
MESSAGES.update({
    'err.what_prefix': '{what}: ',
    'err.no_unit': "'{text}' has no unit",
    'err.a_unit_short': 'a unit such as 萬噸, GW, 億元, 家 or %',
    'err.unknown_unit': "unknown unit '{text}'",
    'err.a_unit': 'a unit such as 萬噸, 噸, t, Mt, GW, MWh, 千瓦時, 億元, 家 or %',
    'err.rate_per_day': "'{text}' is a rate per day, and capacities are annual",
    'err.rate_per_hour': "'{text}' is a rate per hour, and capacities are annual",
    'err.days_per_year': ("'days_per_year:' on the target (e.g. days_per_year: 330) to convert it to a year, or the "
                          "annual figure as the text states it"),
    'err.never_assumes_days': 'the tool never assumes how many days a year a plant runs',
    'err.range_dash': "'{text}' writes a range with '-'",
    'err.range_tilde': 'a range written low~high',
    'err.write_figure': 'write {figure}',
    'err.comparator_word': "'{text}' ends with the comparator word '{word}'",
    'err.no_comparator_word': 'a figure without a comparator word',
    'err.write_bound': 'write {figure}, or {bound} for a bound',
    'err.write_about': 'write {figure} with comparator: about in a targets file',
})
