"""The bad-input corpus: each case is a command line and the message it must produce.

Run by tests/test_bad_inputs.py through the CLI, each in an empty temporary folder holding:

- ``targets.yaml`` and ``national.yaml``: the valid fixtures (``fixtures/``), for ``{targets}`` and
  ``{national}``;
- the case's file from ``files/`` under its own name, for ``{file}`` (every file there is a fixture
  copy with one defect, named on its first lines), or a file the test makes (``make``: a directory,
  a sparse 300 MB file, a deeply nested document), or nothing (``missing``).

Fields: ``args`` (the command line; ``{file}``, ``{targets}``, ``{national}`` are filled in),
``exit`` (2 unless said), ``expect`` (substrings of stderr, ``{file}`` filled in), ``errors`` (how many
``error:`` lines: 1 unless said; a defect must not cascade), ``stdout`` (substrings of stdout, for
the valid files), ``env`` (environment variables, ``{file}`` filled in), ``located`` (False when the
first error names an output, not a file:line), ``max_stderr`` (a bound on stderr's length: no
echo of a huge value, no flood), ``note``. ``make`` may also make a FIFO, a read-only file, a
symlink to targets.yaml, a 20 MB sparse file, 300,000 lines, 5,000 unknown keys or a 1,000-character key. Every refused case must also name a reason and a hint (``expected …``
or ``hint: …``), print no traceback, write nothing and leave its input unchanged.
"""

from __future__ import annotations

T, N = "{targets}", "{national}"
VALIDATE = ["validate", "{file}"]
REPORT_T = ["report", "--targets", "{file}", "--national-only", N]  # the file as a targets file
REPORT_N = ["report", "--targets", T, "--national-only", "{file}"]  # the file as the national file
SCENARIO = ["report", "--targets", T, "--national-only", N, "--scenario", "{file}"]
BASE = ["report", "--targets", T, "--national-only", N]

HINT_FIELD = "hint: "


def case(name: str, args: list[str], expect: list[str], *, file: str | None = None, exit: int = 2,
         errors: int = 1, stdout: list[str] | None = None, make: str | None = None, note: str = "",
         env: dict[str, str] | None = None, located: bool = True, max_stderr: int | None = None) -> dict:
    return {"name": name, "args": args, "expect": expect, "file": file, "exit": exit, "errors": errors,
            "stdout": stdout or [], "make": make, "note": note, "env": env or {}, "located": located,
            "max_stderr": max_stderr}


def f(name: str, args: list[str], expect: list[str], **kw) -> dict:
    """A case whose input is files/<name>."""
    return case(name.rsplit(".", 1)[0], args, expect, file=name, **kw)


CASES: list[dict] = [
    # ------------------------------------------------------------------ YAML syntax and YAML 1.1 traps
    f("yaml_unclosed_bracket.yaml", VALIDATE, ["{file}:28:9:", "invalid YAML", "did not find expected ',' or ']'",
                                               "hint: check the indentation"]),
    f("yaml_colon_in_value.yaml", VALIDATE, ["{file}:28:13:", "mapping values are not allowed", "quote a value"]),
    f("yaml_bad_indent.yaml", VALIDATE, ["{file}:16:4:", "invalid YAML", "hint: check the indentation"]),
    f("yaml_unterminated_quote.yaml", VALIDATE, ["{file}:32:11:", "the file ends while scanning a quoted scalar",
                                                 "a quote not closed?"]),
    f("yaml_duplicate_key.yaml", VALIDATE, ["{file}:31:5:", "duplicate key 'id' (first at line 29)",
                                            "hint: each key may appear once"]),
    f("yaml_duplicate_top_key.yaml", REPORT_T, ["{file}:51:1:", "duplicate key 'targets' (first at line 12)"]),
    f("yaml_tab_indent.yaml", VALIDATE, ["{file}:37:1:", "a tab character", "hint: indent with spaces"]),
    f("yaml_anchor_alias.yaml", VALIDATE, ["{file}:39:13:", "an anchor (&name) is not allowed",
                                           "hint: write the value out"]),
    f("yaml_merge_key.yaml", VALIDATE, ["{file}:30:5:", "a merge key (<<) is not allowed"]),
    f("yaml_billion_laughs.yaml", VALIDATE, ["{file}:2:4:", "an anchor (&name) is not allowed"],
      note="stopped at the first anchor, long before any expansion"),
    f("yaml_billion_laughs.yaml", REPORT_T, ["{file}:2:4:", "anchor"]),
    f("yaml_python_tag.yaml", VALIDATE, ["{file}:38:11:", "the tag tag:yaml.org,2002:python/object/apply:os.system "
                                         "is not allowed", "hint: remove the tag"]),
    f("yaml_python_tag.yaml", REPORT_T, ["{file}:38:11:", "python/object/apply"],
      note="through the loader of every command, not only validate"),
    f("yaml_binary_tag.yaml", VALIDATE, ["{file}:28:11:", "tag:yaml.org,2002:binary is not allowed"]),
    f("yaml_custom_tag.yaml", VALIDATE, ["{file}:18:13:", "the tag !tonnes is not allowed"]),
    f("yaml_two_documents.yaml", VALIDATE, ["{file}:42:1:", "more than one YAML document", "hint: keep one document"]),
    f("yaml_complex_key.yaml", VALIDATE, ["{file}:42:7:", "a mapping key must be a plain string"]),
    f("yaml_control_char.yaml", VALIDATE, ["{file}:38:13:", "the control character U+0007 is not allowed"]),
    f("yaml_list_root.yaml", VALIDATE, ["{file}:2:1:", "a targets file must be a mapping"]),
    f("yaml_scalar_root.yaml", REPORT_T, ["{file}:2:1:", "a targets file must be a mapping"]),
    f("yaml_comments_only.yaml", VALIDATE, ["{file}:1:", "the file holds no YAML document"]),
    case("yaml_deep_nesting", VALIDATE, ["{file}:1:", "nest"], make="deep_nesting",
         note="20,000 nested lists: refused, no RecursionError"),

    # ------------------------------------------------------------------ files that are not UTF-8 YAML text
    f("enc_gbk.yaml", VALIDATE, ["{file}:6:9:", "the file is not UTF-8 (byte 0xb2)", "GBK", "iconv"]),
    f("enc_gbk.yaml", REPORT_T, ["{file}:6:9:", "not UTF-8"]),
    f("enc_big5.yaml", VALIDATE, ["{file}:6:9:", "not UTF-8 (byte 0xb4)", "Big5"]),
    f("enc_latin1.yaml", VALIDATE, ["{file}:2:15:", "not UTF-8 (byte 0xe9)"]),
    f("enc_utf16.yaml", VALIDATE, ["{file}:1:", "the file is UTF-16, not UTF-8", "iconv -f UTF-16"]),
    f("utf8_bom.yaml", VALIDATE, [], exit=0, errors=0, stdout=["ok: 1 file(s) valid"],
      note="a UTF-8 byte-order mark is accepted"),
    f("utf8_bom.yaml", REPORT_T + ["--format", "json"], [], exit=0, errors=0, stdout=['"name": "測試市"']),
    f("empty.yaml", VALIDATE, ["{file}:1:", "the file is empty", "expected a YAML mapping"]),
    f("empty.yaml", REPORT_N, ["{file}:1:", "the file is empty"]),
    f("whitespace_only.yaml", VALIDATE, ["{file}:1:", "the file is empty"]),
    f("binary.png.yaml", VALIDATE, ["{file}:3:", "the file is binary (it holds a NUL byte)"]),
    case("directory", VALIDATE, ["{file}:1:", "is a directory", "expected a YAML file"], make="directory"),
    case("directory_as_targets", REPORT_T, ["{file}:1:", "is a directory"], make="directory"),
    case("missing_file", REPORT_T, ["no such file 'regions.yaml'", "expected an existing YAML file"], make="missing"),
    case("missing_scenario", SCENARIO, ["no such file 'regions.yaml'"], make="missing"),
    case("huge_file", VALIDATE, ["{file}:1:", "is 314572800 bytes", "expected a file under 16 MiB"], make="sparse_huge",
         note="a sparse 300 MB file: refused from its size, never read"),

    # ------------------------------------------------------------------ figures: numbers and units
    f("num_huge.yaml", VALIDATE, ["{file}:18:13:", "target 'polysilicon': '1e999萬噸' is out of range",
                                  "expected zero or a magnitude from 1e-30 to 1e+30"]),
    f("num_many_digits.yaml", VALIDATE, ["{file}:18:13:", "is out of range"]),
    f("num_tiny.yaml", VALIDATE, ["{file}:18:13:", "'1e-320噸' is out of range"]),
    f("num_nan.yaml", VALIDATE, ["{file}:18:13:", "'.nan' is not a finite number"]),
    f("num_infinity.yaml", VALIDATE, ["{file}:18:13:", "'inf 噸' is not a finite number"]),
    f("num_negative.yaml", VALIDATE, ["{file}:18:13:", "'-87萬噸' is negative", "expected a figure of zero or more"]),
    f("num_comma.yaml", VALIDATE, ["{file}:18:13:", "'8,7萬噸' has a comma", "hint: commas are ambiguous"]),
    f("num_bare.yaml", VALIDATE, ["{file}:18:13:", "'870000' has no unit", "hint: a bare number is refused"]),
    f("unit_unknown.yaml", VALIDATE, ["{file}:18:13:", "unknown unit '萬斤'", "expected a unit such as 萬噸"]),
    f("unit_qian.yaml", VALIDATE, ["{file}:18:13:", "unknown unit '千噸'", "hint: 千 is only understood in 千瓦"]),
    f("dim_kt_for_power.yaml", VALIDATE, ["{file}:33:13:", "target 'wafers': '870 kt' is mass",
                                          "expected a power figure"],
      note="kt is kilotonne (mass), never knot (speed)"),
    f("dim_power_for_mass.yaml", VALIDATE, ["{file}:18:13:", "'87萬GW' is power", "expected a mass figure"]),
    f("dim_threshold_not_percent.yaml", VALIDATE, ["{file}:23:15:", "'30萬噸' is mass",
                                                   "expected a dimensionless figure (e.g. 40%)"]),
    f("dim_declared_mismatch.yaml", VALIDATE, ["{file}:21:16:", "target 'polysilicon' is declared power",
                                               "expected mass"]),
    f("dim_project_vs_target.yaml", VALIDATE, ["{file}:43:5:", "project 'tongwei_phase3' (20GW) is power but feeds "
                                               "'polysilicon' (87萬噸, mass)"]),

    # ------------------------------------------------------------------ schema: names, ids, keys, references
    f("bool_yes.yaml", VALIDATE, ["{file}:16:20:", "'preferred' of a figure of national quantity 'polysilicon' is "
                                  "'yes'", "expected true or false"]),
    f("bool_yes.yaml", REPORT_N, ["{file}:16:20:", "true or false"]),
    f("name_no.yaml", VALIDATE, [], exit=0, errors=0, stdout=["ok: 1 file(s) valid"],
      note="name: NO stays the string NO (YAML 1.1 would read false)"),
    f("name_no.yaml", ["targets", "--targets", "{file}", "--format", "json"], [], exit=0,
      errors=0, stdout=['"name": "NO"']),
    f("id_invalid.yaml", VALIDATE, ["{file}:35:9:", "'Enterprises-Count' is not a valid id", "expected snake_case"]),
    f("id_duplicate.yaml", VALIDATE, ["{file}:42:5:", "target id 'enterprises' is used twice (first at line 35)"]),
    f("key_unknown.yaml", VALIDATE, ["{file}:33:5:", "unknown key 'figur' in target 'wafers'",
                                     "hint: did you mean figure?"]),
    f("key_missing_figure.yaml", VALIDATE, ["{file}:29:5:", "target 'wafers' has no 'figure'"]),
    f("section_unknown.yaml", VALIDATE, ["{file}:36:14:", "'section' of target 'enterprises' is '3'",
                                         "expected one of preamble, 一"]),
    f("schema_version.yaml", VALIDATE, ["{file}:3:17:", "schema_version is '2'", "expected schema_version: 1"]),
    f("feeds_unknown.yaml", VALIDATE, ["{file}:43:5:", "project 'tongwei_phase3' feeds 'polysilcon', which is not a "
                                       "target", "hint: did you mean polysilicon?"]),
    f("share_without_national.yaml", VALIDATE, ["{file}:22:7:", "has a share threshold but no 'national' quantity"]),
    f("rollup_unknown.yaml", VALIDATE, ["{file}:52:5:", "rollup 'silicon_parts' names 'wafer', which is not a target",
                                        "hint: did you mean wafers?"]),
    f("chain_unknown.yaml", VALIDATE, ["{file}:53:7:", "a chain link names 'wafer', which is not a target"]),
    f("p_complete.yaml", VALIDATE, ["{file}:56:17:", "p_complete is '1.5'", "expected a probability from 0 to 1"]),
    f("national_ref_unknown.yaml", REPORT_T, ["{file}:13:5:", "target 'polysilicon' names national quantity "
                                              "'polysilicn', which national.yaml does not have",
                                              "hint: did you mean polysilicon?"]),
    f("national_ref_unknown.yaml", ["check", "--targets", "{file}", "--national-only", N], ["{file}:13:5:", "polysilicn"]),
    f("chain_factor_unknown.yaml", REPORT_T, ["{file}:53:7:", "names factor 'poly_per_watt', which national.yaml "
                                              "does not have", "hint: did you mean polysilicon_per_watt?"]),
    case("targets_as_national", ["report", "--targets", T, "--national", T],
         ["targets.yaml:12:1:", "this is a targets file (it has 'targets:'), not a national file",
          "hint: give it with --targets"], note="one error for the whole file, not one per foreign key"),
    case("national_as_targets", ["report", "--targets", N, "--national-only", N],
         ["national.yaml:5:1:", "this is a national file (it has 'quantities:'), not a targets file",
          "hint: give it with --national"]),
    f("scenario_wrong_dimension.yaml", REPORT_T, ["{file}:3:1:", "this is a scenario file (it has 'set:')",
                                                  "hint: give it with --scenario"]),

    # ------------------------------------------------------------------ national figures
    f("national_zero.yaml", VALIDATE, ["{file}:14:16:", "a national total of zero ('0万吨')",
                                       "expected a total above zero"]),
    f("national_zero.yaml", REPORT_N, ["{file}:14:16:", "a national total of zero"]),
    f("national_negative.yaml", REPORT_N, ["{file}:14:16:", "'-230万吨' is negative"]),
    f("national_wrong_dimension.yaml", VALIDATE, ["{file}:14:16:", "'230GW' is power", "expected a mass figure"]),
    f("national_year.yaml", VALIDATE, ["{file}:11:15:", "'year' of a figure of national quantity 'polysilicon' is "
                                       "'1800'", "expected a whole number from 1900 to 2200"]),
    f("national_basis.yaml", VALIDATE, ["{file}:13:16:", "'capacty'", "hint: did you mean capacity?"]),
    f("national_no_figures.yaml", ["check", "--targets", T, "--national-only", "{file}"],
      ["targets.yaml:13:", "claims a share of national quantity 'polysilicon', which has no figure in "
       "national_no_figures.yaml"], note="a reference to a missing national figure"),
    f("factor_zero.yaml", VALIDATE, ["{file}:21:12:", "factor 'polysilicon_per_watt' is zero",
                                     "expected a factor above zero"]),
    f("factor_outside_range.yaml", REPORT_N, ["{file}:19:5:", "value 2.6 g/W is outside low 2.1 g/W .. high 2.4 g/W"]),

    # ------------------------------------------------------------------ scenario files
    f("scenario_wrong_dimension.yaml", SCENARIO, ["{file}:4:16:", "'87萬GW' is power but target 'polysilicon' "
                                                  "(87萬噸) is mass", "expected a mass figure"]),
    f("scenario_unknown_key.yaml", SCENARIO, ["{file}:3:1:", "unknown key 'sett' in a scenario file",
                                              "hint: did you mean set?"]),
    f("scenario_unknown_key.yaml", VALIDATE, ["{file}:3:1:", "unknown key 'sett' in a scenario file"],
      note="validate recognises a scenario file"),
    f("scenario_set_list.yaml", SCENARIO, ["{file}:3:3:", "'set' of a scenario file must be a mapping"]),
    f("scenario_unknown_target.yaml", SCENARIO, ["{file}:3:15:", "unknown target id 'polysilcon'",
                                                 "hint: did you mean polysilicon?"]),
    f("scenario_drop_not_list.yaml", SCENARIO, ["{file}:2:15:", "drop_project must be a list"]),
    f("scenario_national_zero.yaml", SCENARIO, ["{file}:3:16:", "a national total of zero ('0萬噸')"]),
    f("scenario_duplicate_key.yaml", SCENARIO, ["{file}:4:3:", "duplicate key 'polysilicon' (first at line 3)"]),
    f("scenario_value_list.yaml", SCENARIO, ["{file}:3:16:", "'set.polysilicon' must be a quantity"]),
    f("enc_gbk.yaml", SCENARIO, ["{file}:6:9:", "not UTF-8"]),

    # ------------------------------------------------------------------ command-line overrides
    case("set_wrong_dimension", BASE + ["--set", "polysilicon=87萬GW"],
         ["--set polysilicon=87萬GW: '87萬GW' is power but target 'polysilicon' (87萬噸) is mass"]),
    case("set_no_equals", BASE + ["--set", "polysilicon"], ["--set 'polysilicon' has no '='",
                                                             "expected --set ID=QUANTITY"]),
    case("set_empty_value", BASE + ["--set", "polysilicon="], ["needs both an id and a quantity"]),
    case("set_empty_id", BASE + ["--set", "=87萬噸"], ["needs both an id and a quantity"]),
    case("set_unknown_id", BASE + ["--set", "polysilcon=90萬噸"], ["unknown target id 'polysilcon'",
                                                                   "hint: did you mean polysilicon?"]),
    case("set_bound", BASE + ["--set", "polysilicon=>87萬噸"], ["'>87萬噸' is a bound", "an exact figure"]),
    case("set_range", BASE + ["--set", "polysilicon=80~90萬噸"], ["'80~90萬噸' is a range"]),
    case("set_infinite", BASE + ["--set", "polysilicon=inf噸"], ["'inf噸' is not a finite number"]),
    case("set_unknown_unit", BASE + ["--set", "polysilicon=87萬斤"], ["unknown unit '萬斤'"]),
    case("national_zero_override", BASE + ["--national", "polysilicon=0t"],
         ["--national polysilicon=0t: a national total of zero ('0t')"]),
    case("national_tiny_override", BASE + ["--national", "polysilicon=1e-320噸"], ["'1e-320噸' is out of range"],
         note="a share over 1e-320 t overflows to infinity"),
    case("national_unknown_override", BASE + ["--national", "polysilcon=300萬噸"],
         ["unknown national quantity 'polysilcon'", "hint: did you mean polysilicon?"]),
    case("national_two_files", ["report", "--targets", T, "--national", N, "--national", N],
         ["--national names two files"]),
    case("factor_zero_override", BASE + ["--factor", "polysilicon_per_watt=0g/W"],
         ["factor 'polysilicon_per_watt' is zero"]),
    case("factor_unknown_override", BASE + ["--factor", "poly_per_watt=2g/W"], ["unknown factor 'poly_per_watt'"]),
    case("drop_unknown_project", BASE + ["--drop-project", "通威四期"], ["no project named '通威四期'"]),
    case("save_scenario_bad_set", BASE + ["--set", "polysilicon=87萬GW", "--save-scenario", "out.yaml"],
         ["is power"], note="the scenario file is not written when an override is refused"),
    case("html_bad_input", REPORT_T + ["--html", "out.html"], ["{file}:18:13:", "is out of range"],
         file="num_huge.yaml", note="no HTML report is written for bad input"),
    case("check_bad_set", ["check", "--targets", T, "--national-only", N, "--set", "polysilicon=87萬GW"], ["is power"]),

    # ------------------------------------------------------------------ convert
    case("convert_dimension", ["convert", "87萬噸", "GW"], ["cannot convert 87萬噸 (mass) to GW (power)"]),
    case("convert_power_to_mass", ["convert", "87萬GW", "t"], ["cannot convert 87萬GW (power) to t (mass)"]),
    case("convert_kt_never_knot", ["convert", "870 kt", "km/h"], ["cannot convert 870 kt (mass)"],
         note="kt is kilotonne: converting it to a speed fails"),
    case("convert_scale_word_alone", ["convert", "87萬", "t"], ["a scale word needs a unit after it"]),
    case("convert_negative", ["convert", "--", "-5t", "t"], ["'-5t' is negative"]),
    case("convert_huge", ["convert", "1e400t", "t"], ["'1e400t' is out of range"]),
    case("convert_huge_exponent", ["convert", "1e999999999999999999萬噸", "t"], ["is out of range"],
         note="an exponent that overflows Decimal arithmetic"),
    case("convert_nan", ["convert", "nan", "t"], ["'nan' is not a finite number"]),
    case("convert_empty", ["convert", "", "t"], ["is not a figure"]),
    case("convert_unknown_target_unit", ["convert", "87萬噸", "萬斤"], ["unknown unit '萬斤'"]),
    case("convert_mt_millitonne", ["convert", "5 mt", "t"], ["ambiguous unit 'mt'", "hint: pint reads mt as millitonne"],
         note="pint would read mt as millitonne: 5 mt = 5 kg"),
    case("convert_short_tons", ["convert", "5 tons", "t"], ["ambiguous unit 'tons'", "US short tons"],
         note="pint would read tons as US short tons: 5 tons = 4.54 t"),
    case("set_megatesla", BASE + ["--set", "polysilicon=0.87MT"], ["ambiguous unit 'MT'", "megatesla"]),
    case("convert_division_by_zero", ["convert", "5t/0", "t"], ["unknown unit 't/0'"],
         note="pint raised ZeroDivisionError (an internal error before)"),
    case("convert_comma", ["convert", "1,5萬噸", "t"], ["has a comma", "hint: commas are ambiguous"]),

    # ================================================================== round two (issue 14)
    # ------------------------------------------------------------------ 1. range checks on the quantity
    case("national_compound_unit_zero", ["check", "--targets", T, "--national-only", N, "--national",
                                         "polysilicon=1e-30 yt**8/Yt**7"],
         ["the unit 'yt**8/Yt**7' is out of range"],
         note="1e-30 yt**8/Yt**7 is 1e-390 t, a national total of zero: the claim PASSed with exit 0"),
    case("set_compound_unit_infinite", BASE + ["--set", "polysilicon=1e30 Yt**8/yt**7"], ["is out of range"],
         note="an infinite local figure"),
    case("national_prefix_tiny_override", ["check", "--targets", T, "--national-only", N, "--national",
                                           "polysilicon=1e-20 yt"], ["'1e-20 yt' is out of range"],
         note="1e-20 yt is 1e-50 t: within range as written, not as a quantity"),
    f("num_prefixed_huge.yaml", VALIDATE, ["{file}:18:13:", "'1e28 Mt' is out of range (1e+34 t)",
                                           "expected zero or a magnitude from 1e-30 to 1e+30 t"]),
    f("national_prefixed_tiny.yaml", REPORT_N, ["{file}:14:16:", "'1e-20 yt' is out of range"]),
    f("national_compound_unit.yaml", VALIDATE, ["{file}:14:16:", "the unit 'yt**8/Yt**7' is out of range"]),
    f("scenario_compound_unit.yaml", SCENARIO, ["{file}:3:16:", "the unit 'yt**8/Yt**7' is out of range"]),
    case("convert_compound_unit_json", ["convert", "1e30 Yt**8/yt**7", "t", "--format", "json"],
         ["is out of range"], note="an internal error ('Infinity' is not JSON) before"),
    case("json_ratio_over_zero_need", BASE + ["--set", "wafers=0GW", "--format", "json"], [], exit=0, errors=0,
         stdout=['"ratio": null'], note="a supply over a need of zero is an infinite ratio: an internal error "
         "('Infinity' is not JSON) before; null, the contract's open end, now"),
    case("convert_to_vanishing_unit", ["convert", "1e30 t", "yt**8/Yt**7"], ["the unit 'yt**8/Yt**7' is out of range"],
         note="a conversion whose result is not finite"),

    # ------------------------------------------------------------------ 2. units outside the domain
    case("convert_offset_celsius", ["convert", "5 degC", "K"], ["the unit 'degC' is an offset or logarithmic scale",
                                                                "hint: degC, degF and dB"],
         note="printed 1370.75 K (5 degC converted as a multiple)"),
    case("convert_offset_fahrenheit", ["convert", "5 degF", "degC"], ["'degF' is an offset"]),
    case("convert_decibel", ["convert", "5 dB", "dB"], ["'dB' is an offset or logarithmic scale"]),
    f("unit_offset.yaml", VALIDATE, ["{file}:33:13:", "the unit 'degC' is an offset"]),
    case("convert_superscript_digit", ["convert", "8⁷t", "t"], ["'8⁷t' holds '⁷' (U+2077 SUPERSCRIPT SEVEN)",
                                                               "hint: write exponents and fractions out"],
         note="NFKC folded 8⁷t into 87 t"),
    case("convert_vulgar_fraction", ["convert", "½t", "t"], ["(U+00BD VULGAR FRACTION ONE HALF)"]),
    case("convert_circled_digit", ["convert", "①t", "t"], ["(U+2460 CIRCLED DIGIT ONE)"]),
    case("convert_subscript_in_unit", ["convert", "5 t", "t₂"], ["(U+2082 SUBSCRIPT TWO)"]),
    case("convert_arabic_indic_digits", ["convert", "٣t", "t"], ["a digit of another script"],
         note="Python reads ٣ as 3"),
    case("set_superscript_digit", BASE + ["--set", "polysilicon=8⁷萬噸"], ["holds '⁷'"]),
    f("num_superscript.yaml", VALIDATE, ["{file}:18:13:", "holds '⁷'"]),
    f("num_arabic_digits.yaml", VALIDATE, ["{file}:18:13:", "a digit of another script"]),
    case("convert_nested_unit", ["convert", "5t", "(" * 3000 + "t" + ")" * 3000],
         ["is too long or nested too deeply"], max_stderr=600, note="RecursionError before"),
    case("convert_nested_figure", ["convert", "5 " + "(" * 3000 + "t" + ")" * 3000, "t"],
         ["is too long for a figure"], max_stderr=600),
    case("set_long_unit", BASE + ["--set", "polysilicon=5 " + "t*" * 40 + "t"], ["is too long or nested too deeply"]),

    # ------------------------------------------------------------------ 3. factor ranges as quantities
    f("factor_range_units.yaml", VALIDATE, ["{file}:19:5:", "value 2.2 kg/W is outside low 2.1 g/W .. high 2.4 g/W"]),
    f("factor_range_units.yaml", REPORT_N, ["{file}:19:5:", "is outside low 2.1 g/W"]),
    f("factor_below_low_only.yaml", VALIDATE, ["{file}:19:5:", "value 2 mg/W is outside low 2.1 g/W"],
      note="a factor with only a low bound was never compared"),

    # ------------------------------------------------------------------ 4. output files
    case("html_is_targets", ["report", "--targets", T, "--national-only", N, "--samples", "0", "--html", T],
         ["the HTML report 'targets.yaml' is also an input of this run", "hint: capacity never writes over"],
         located=False, note="the input was overwritten"),
    case("html_is_national", ["report", "--targets", T, "--national-only", N, "--samples", "0", "--html", N],
         ["'national.yaml' is also an input"], located=False),
    case("html_is_scenario", SCENARIO + ["--samples", "0", "--html", "{file}"], ["is also an input"],
         file="scenario_ok.yaml", located=False),
    case("html_symlink_to_input", ["report", "--targets", T, "--national-only", N, "--samples", "0", "--html", "{file}"],
         ["the HTML report 'regions.yaml' is also an input of this run ('targets.yaml')"],
         make="symlink_to_targets", located=False, note="through another name"),
    case("html_fifo_without_reader", BASE + ["--samples", "0", "--html", "{file}"],
         ["cannot write 'regions.yaml': it is a named pipe with no reader"], make="fifo", located=False,
         note="the atomic replace turned the FIFO into a regular file (as /dev/null as root)"),
    case("html_read_only", BASE + ["--samples", "0", "--html", "{file}"],
         ["cannot write 'regions.yaml': the file is read-only"], make="readonly", located=False,
         note="as root the read-only file was replaced"),
    case("save_scenario_is_targets", BASE + ["--set", "polysilicon=80萬噸", "--save-scenario", T],
         ["the scenario file 'targets.yaml' is also an input of this run"], located=False),
    case("save_scenario_is_national", BASE + ["--save-scenario", N], ["'national.yaml' is also an input"],
         located=False),
    case("save_scenario_is_scenario", SCENARIO + ["--save-scenario", "{file}"], ["is also an input"],
         file="scenario_ok.yaml", located=False),
    case("save_scenario_read_only", ["whatif", "--targets", T, "--national-only", N, "--set", "polysilicon=80萬噸",
                                     "--save-scenario", "{file}"], ["the file is read-only"], make="readonly",
         located=False),
    case("summary_is_targets", ["check", "--targets", T, "--national-only", N, "--summary"],
         ["the step summary 'targets.yaml' is also an input"], env={"GITHUB_STEP_SUMMARY": "targets.yaml"},
         located=False, note="$GITHUB_STEP_SUMMARY named an input: a table was appended to it"),
    case("summary_fifo", ["check", "--targets", T, "--national-only", N, "--summary"],
         ["cannot write 'regions.yaml': it is a named pipe with no reader"], make="fifo",
         env={"GITHUB_STEP_SUMMARY": "{file}"}, located=False, note="hung for ever"),
    case("html_disk_full", BASE + ["--samples", "0", "--html", "{file}"],
         ["cannot write 'regions.yaml': no space left on the device"], make="dev_full", located=False,
         note="a full disk: one line naming the path (the device is written, never replaced)"),
    case("save_scenario_disk_full", BASE + ["--set", "polysilicon=80萬噸", "--save-scenario", "{file}"],
         ["cannot write 'regions.yaml': no space left on the device"], make="dev_full", located=False),
    case("html_name_not_utf8", BASE + ["--samples", "0", "--html", "r\udcff.html"],
         ["the argument 'r\\xff.html' is not UTF-8 (byte 0xff)"], located=False,
         note="a file was written under a name no UTF-8 tool can show"),

    # ------------------------------------------------------------------ 6. non-regular inputs
    case("fifo_validate", VALIDATE, ["{file}:1:", "'regions.yaml' is not a regular file (a named pipe)",
                                     "hint: save the data to a file first"], make="fifo", note="hung for ever"),
    case("fifo_targets", REPORT_T, ["{file}:1:", "not a regular file"], make="fifo"),
    case("fifo_national", REPORT_N, ["{file}:1:", "not a regular file"], make="fifo"),
    case("fifo_scenario", SCENARIO, ["{file}:1:", "not a regular file"], make="fifo"),

    # ------------------------------------------------------------------ 7. memory: refused before the work
    case("over_size_cap", VALIDATE, ["{file}:1:", "is 20971520 bytes", "expected a file under 16 MiB"],
         make="sparse_20mb"),
    case("over_item_cap", VALIDATE, ["{file}:1:", "holds 300001 lines and list items", "expected at most 250000",
                                     "hint: split the data"], make="many_lines"),

    # ------------------------------------------------------------------ 8. floods and echoes
    case("flood_unknown_keys", VALIDATE, ["unknown key 'k0' in region", "… and 4980 more error(s) not shown",
                                          "5000 error(s) in 1 file(s)"], make="flood_keys", errors=20,
         max_stderr=12000, note="5,000 unknown keys printed 5,000 errors"),
    case("flood_unknown_keys_report", REPORT_T, ["… and 4980 more error(s)"], make="flood_keys", errors=20,
         max_stderr=12000),
    case("echo_long_key", VALIDATE, ["unknown key 'kkkkk", "(1000 characters)"], make="long_key",
         max_stderr=1000, note="the key was echoed whole"),
    case("echo_long_number", BASE + ["--set", "polysilicon=" + "9" * 120000 + "萬噸"], ["(120002 characters)"],
         max_stderr=600, note="a 120,000-digit number was echoed whole"),
    case("echo_long_section", VALIDATE, ["'section' of target 'polysilicon' is", " … "], file="section_long.yaml",
         max_stderr=1200, note="a 50,000-character value echoed whole in 'expected one of' messages"),
    case("echo_long_convert", ["convert", "1" * 5000 + "t", "t"], ["is too long for a figure"], max_stderr=600),

    # ------------------------------------------------------------------ 9. spreadsheet injection (valid data)
    f("csv_formula_name.yaml", ["targets", "--targets", "{file}", "--format", "csv"], [], exit=0,
      errors=0, stdout=["'=HYPERLINK(", "'@SUM(1+1)", "'+cmd|calc"], note="formulas reached the CSV unescaped"),
    f("csv_formula_name.yaml", ["report", "--targets", "{file}", "--national-only", N, "--format", "csv"], [], exit=0,
      errors=0, stdout=["'=HYPERLINK("]),

    # ------------------------------------------------------------------ 10. absurd but accepted
    f("threshold_over_100.yaml", VALIDATE, ["{file}:23:15:", "'150%' is more than 100%",
                                            "cannot exceed 100%"]),
    f("threshold_absurd.yaml", REPORT_T, ["{file}:23:15:", "'1e30%' is more than 100%"]),
    f("observed_month_13.yaml", VALIDATE, ["{file}:30:15:", "the date '2024-13' is not a date",
                                           "expected YYYY, YYYY-MM or YYYY-MM-DD"]),
    f("observed_feb_30.yaml", REPORT_T, ["{file}:30:15:", "'2023-02-30' is not a date"]),
    f("observed_not_date.yaml", VALIDATE, ["{file}:30:15:", "'soon' is not a date"]),

    # ------------------------------------------------------------------ 11. encodings named right
    f("enc_utf32.yaml", VALIDATE, ["{file}:1:", "the file is UTF-32, not UTF-8", "iconv -f UTF-32"],
      note="reported as UTF-16 with an iconv -f UTF-16 hint"),
    f("enc_utf32be_nobom.yaml", REPORT_T, ["{file}:1:", "the file is UTF-32"]),
    f("nbsp_indent.yaml", VALIDATE, ["{file}:32:1:", "indented with U+00A0 (NO-BREAK SPACE)",
                                     "hint: replace it with an ordinary space"]),
    f("nel_in_value.yaml", VALIDATE, ["{file}:16:14:", "the character U+0085 (NEXT LINE (NEL)) is not allowed"]),
    f("line_separator_in_value.yaml", REPORT_T, ["{file}:28:16:", "U+2028 (LINE SEPARATOR)",
                                                 "hint: YAML reads it as a line break"]),
    case("argv_file_not_utf8", ["validate", "t\udcff.yaml"], ["the argument 't\\xff.yaml' is not UTF-8 (byte 0xff)"],
         located=False),
    case("argv_value_not_utf8", BASE + ["--set", "polysilicon=87\udce8萬噸"], ["is not UTF-8 (byte 0xe8)"]),

    # ================================================================== round three (issue 23, hostile23)
    # ------------------------------------------------------------------ 4. a region's quantities are its own
    case("region_redefines_national", ["check", "--targets", T, "--targets", "{file}", "--national-only", N],
         ["{file}:10:5:", "quantity 'polysilicon' declared here gives figures for a national quantity national.yaml "
          "already has", "hint: give national figures in a national file"], file="region_redefines_national.yaml",
         note="a second region's file replaced the national figure: testville's share went from 37.8% to 87.0%"),
    f("region_redefines_national.yaml", VALIDATE, ["{file}:10:5:", "gives figures for a national quantity"]),
    # ------------------------------------------------------------------ 8. parent: checked
    f("region_parent_self.yaml", VALIDATE, ["{file}:9:11:", "region 'testville' names itself as its parent",
                                            "hint: remove 'parent:'"]),
    f("region_parent_self.yaml", ["check", "--targets", "{file}", "--national-only", N], ["{file}:9:11:", "itself"]),
    f("region_parent_self.yaml", ["targets", "--targets", "{file}"], ["{file}:9:11:", "itself"],
      note="targets reads the targets files alone: the parent check too"),
    # ------------------------------------------------------------------ 9. no verdict settled by order
    f("national_two_preferred.yaml", VALIDATE, ["{file}:18:9:", "national quantity 'polysilicon' has two preferred "
                                                "2023 capacity figures from the same source ('230万吨' at line 11, "
                                                "'2300万吨' here)", "hint: keep 'preferred: true' on one of them"]),
    f("national_two_preferred.yaml", ["check", "--targets", T, "--national-only", "{file}"], ["{file}:18:9:",
                                                                                             "two preferred"]),
    # ------------------------------------------------------------------ 10. tolerance
    case("tolerance_nan", BASE + ["--tolerance", "nan"], ["--tolerance nan is not percentage points from 0 to below 50",
                                                         "hint: an approximate claim"],
         note="nan passed the 0..100 check: every approximate claim then failed"),
    case("tolerance_inf", ["check", "--targets", T, "--national-only", N, "--tolerance", "inf"],
         ["--tolerance inf is not percentage points"]),
    case("tolerance_negative", BASE + ["--tolerance=-1"], ["--tolerance -1 is not percentage points"]),
    case("tolerance_wide", BASE + ["--tolerance", "50"], ["--tolerance 50 is not percentage points from 0 to below 50"]),
    f("threshold_tolerance_100.yaml", VALIDATE, ["{file}:26:18:", "tolerance of target 'polysilicon' is '100'",
                                                 "expected percentage points from 0 to below 50"],
      note="約30% was ABOUT at any share"),
    f("threshold_tolerance_100.yaml", ["check", "--targets", "{file}", "--national-only", N, "--tolerance", "1"],
      ["{file}:26:18:", "is '100'"], note="refused even when --tolerance would win over it"),
    # ------------------------------------------------------------------ 5. check shows an impossible share
    case("check_share_over_100_table", ["check", "--targets", T, "--national-only", N, "--set", "polysilicon=700萬噸"],
         [], exit=0, errors=0, stdout=["304.3% [≥30%]", "WARN", "Warning: polysilicon: 測試市's 多晶硅產能 (700萬噸) is "
                                      "larger than the national total (230万吨, end-2023): a share of", "304%, which "
                                      "cannot be",
                                      "check: 0 failed, 1 warning, 1 passed, 0 undecided (exit 0)"],
         note="700 / 230 = 304%: the table said PASS and '0 warnings' while report, JSON and CSV warned"),
    case("check_share_over_100_strict", ["check", "--targets", T, "--national-only", N, "--set", "polysilicon=700萬噸",
                                         "--strict"], [], exit=1, errors=0,
         stdout=["check: 0 failed, 1 warning, 1 passed, 0 undecided (exit 1)"], note="--strict exited 0"),
    case("check_share_over_100_github", ["check", "--targets", T, "--national-only", N, "--set", "polysilicon=700萬噸",
                                         "--format", "github"], ["check: 0 failed, 1 warning"], exit=0, errors=0,
         stdout=["::warning file=targets.yaml,line=13,title=capacity check passed with a warning%3A polysilicon::",
                 "Warning: 測試市's 多晶硅產能 (700萬噸) is larger than the national total"]),
    case("check_share_over_100_junit", ["check", "--targets", T, "--national-only", N, "--set", "polysilicon=700萬噸",
                                        "--format", "junit"], [], exit=0, errors=0,
         stdout=["<system-out>warning: 測試市's 多晶硅產能 (700萬噸) is larger than the national total"]),
    case("check_share_over_100_junit_strict", ["check", "--targets", T, "--national-only", N, "--set",
                                               "polysilicon=700萬噸", "--format", "junit", "--strict"], [], exit=1,
         errors=0, stdout=['failures="1"', 'type="warning">polysilicon: share of the national total 304.3%']),
    case("check_share_over_100_markdown", ["check", "--targets", T, "--national-only", N, "--set",
                                           "polysilicon=700萬噸", "--format", "markdown"], [], exit=0, errors=0,
         stdout=["| WARN |", "Warning: polysilicon: 測試市's"]),
    # ------------------------------------------------------------------ 6. output paths
    case("save_scenario_trailing_slash", BASE + ["--set", "polysilicon=80萬噸", "--save-scenario", "newdir/"],
         ["'newdir/' names a folder (it ends with '/')", "expected a file path to write"], located=False,
         note="the '/' was dropped (Path('newdir/') is 'newdir'): a file named newdir was written"),
    case("output_trailing_slash", BASE + ["--format", "json", "-o", "newd/"], ["'newd/' names a folder"],
         located=False),
    case("html_trailing_slash", BASE + ["--html", "newd/"], ["'newd/' names a folder"], located=False),
    case("output_is_html", BASE + ["--format", "json", "-o", "out.txt", "--html", "out.txt"],
         ["the HTML report 'out.txt' is also the -o output of this run ('out.txt')",
          "hint: each output of a run needs its own file"], located=False,
         note="the JSON replaced the HTML report"),
    case("output_is_html_via_link", BASE + ["--format", "json", "-o", "targets.yaml.out", "--html", "{file}"],
         ["the HTML report 'regions.yaml' is also the -o output"], make="symlink_to_output", located=False),
    case("output_is_scenario", BASE + ["--set", "polysilicon=80萬噸", "--save-scenario", "s.yaml", "-f", "json",
                                       "-o", "s.yaml"], ["the scenario file 's.yaml' is also the -o output"],
         located=False),
    case("summary_is_output", ["check", "--targets", T, "--national-only", N, "--format", "json", "-o", "s.json",
                               "--summary"], ["the step summary 's.json' is also the -o output of this run"],
         env={"GITHUB_STEP_SUMMARY": "s.json"}, located=False,
         note="the summary was appended to the JSON: invalid JSON"),
    # ------------------------------------------------------------------ 7. OS errors and units (the rest: test_bad_inputs_round3.py)
    f("national_factor_wrong_unit.yaml", ["check", "--targets", T, "--national-only", "{file}"],
      ["{file}:19:5:", "factor 'polysilicon_per_watt' (2.2 g) cannot turn wafers (253GW, power) into polysilicon "
       "(87萬噸, mass) for the chain link (targets.yaml:53:7)", "expected a factor in mass per power"],
      note="pint's DimensionalityError: an internal error"),
    f("national_factor_wrong_unit.yaml", ["validate", T, "{file}"], ["{file}:19:5:", "cannot turn wafers"]),
    f("national_factor_wrong_unit.yaml", VALIDATE, ["{file}:19:5:", "factor 'polysilicon_per_watt' (2.2 g) cannot "
                                                    "turn monocrystalline_silicon (253GW, power)"],
      note="a national file alone is checked against the bundled targets, as --national FILE would use it"),
]
