"""The cache of loaded datasets (capacity/cache.py): a hit gives the same dataset and the same bytes out,
without pint or numpy; one edited byte misses; nothing unsafe is read; it can be turned off."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from capacity import cache, codec
from capacity.load import bundled_path, load_dataset

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh, empty cache folder for this test only."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "capacity"


@pytest.fixture
def data(tmp_path):
    """A copy of the bundled data to edit."""
    t, n = tmp_path / "targets.yaml", tmp_path / "national.yaml"
    shutil.copy(bundled_path("targets.yaml"), t)
    shutil.copy(bundled_path("national.yaml"), n)
    return t, n


def _entries(home: Path) -> list[Path]:
    return sorted(p for p in home.glob("*.json") if p.name != cache.MEMO_FILE
                  and not p.name.startswith("replay-")) if home.exists() else []


# ------------------------------------------------------------------------------------------ encoding


@pytest.mark.parametrize("scenario", [None, "examples/tongwei-slips.yaml", "examples/high-national.yaml"])
def test_round_trip_is_the_same_dataset(scenario):
    ds = load_dataset()
    if scenario:  # overridden figures, stated figures, scenario descriptions
        from capacity.scenario import apply_overrides, read_scenario

        ds = apply_overrides(ds, read_scenario(REPO / scenario))
    back = codec.loads_dataset(codec.dumps_dataset(ds))
    assert back == ds
    t, b = ds.regions[0].targets[0], back.regions[0].targets[0]
    assert type(b.figure.unit.scale) is type(t.figure.unit.scale) and isinstance(b.lead, tuple)
    assert b.loc == t.loc and b.figure.high == t.figure.high


def test_an_entry_is_one_line_per_targets_file_and_newlines_in_the_data_stay_inside_strings():
    """FORMAT 5: the national data (and the scenario), then each region's targets file, a line each; a
    value holding a newline (or U+2028) is escaped by JSON, so it never splits a line."""
    from dataclasses import replace

    ds = load_dataset([str(REPO / "examples" / "regions" / "suqian.yaml"), str(bundled_path("targets.yaml"))])
    first = ds.regions[0]
    odd = replace(first, region=replace(first.region, name="line one\nline two\u2028three\r"))
    ds = replace(ds, regions=(odd, ds.regions[1]), scenario=("a what-if\nover two lines",))
    body = codec.dumps_dataset(ds)
    assert body.count(b"\n") == 2
    back = codec.loads_dataset(body)
    assert back == ds and back.regions[0].region.name == "line one\nline two\u2028three\r"
    assert codec.loads_dataset(body.decode("utf-8")) == ds  # the cache reads the body as text
    with pytest.raises(ValueError):  # a line that is not a targets file
        codec.loads_dataset(body + b"\n" + codec.dumps(ds.national))


@pytest.mark.parametrize("scenario", [None, "examples/tongwei-slips.yaml"])
def test_both_written_forms_read_back_the_same_dataset(scenario):
    """With orjson the entry holds one-record fields positionally and the units in a table read before the
    dataset (FORMAT 4); without it, every record as {"Class": [...]}. Both read back equal to what was
    stored, and the positional form is the smaller."""
    pytest.importorskip("orjson")
    ds = load_dataset()
    if scenario:
        from capacity.scenario import apply_overrides, read_scenario

        ds = apply_overrides(ds, read_scenario(REPO / scenario))
    fast = codec.dumps_dataset(ds)
    plain = json.dumps({"dataset": codec.encode(ds)}, ensure_ascii=False, separators=(",", ":")).encode()
    head, region = fast.split(b"\n")  # the dataset without its regions, then the one targets file
    assert region.startswith(b'{"tables":[[{"Ut":[') and b'"dataset":{"TargetFile"' in region and b'"Unit"' not in fast
    assert len(fast) < len(plain) * 0.9
    assert codec.loads_dataset(fast) == ds and codec.loads_dataset(plain) == ds
    back = [t.figure.unit for tf in codec.loads_dataset(fast).regions for t in tf.targets if t.figure]
    assert len({id(u) for u in back}) == len(set(back)) < len(back)  # equal units read back as one object
    units, figures = json.loads(region)["tables"]
    assert len(units) == len({json.dumps(u) for u in units})  # each unit once in the table
    def figures_of(d):
        return [f for tf in d.regions for t in tf.targets for f in (t.figure, t.threshold and t.threshold.figure) if f]

    loaded = figures_of(ds)
    assert figures and all(list(f) == ["Ft"] for f in figures)
    shared = figures_of(codec.loads_dataset(fast))  # a figure the loader shared among targets (40%) written
    # once, read back shared; equal figures the loader kept apart (parsed with other options) read back as one
    assert len({id(f) for f in shared}) == len(set(shared)) <= len({id(f) for f in loaded}) < len(shared)


def test_an_index_outside_its_table_is_not_a_dataset():
    ds = load_dataset()
    head, region = codec.dumps_dataset(ds).split(b"\n")
    doc = json.loads(region)
    if "tables" not in doc:
        pytest.skip("orjson not installed: no tables")
    units, figures = doc["tables"]
    target = doc["dataset"]["TargetFile"][3][0]["Target"]
    assert type(target[3]) is int and type(figures[0]["Ft"][3]) is int  # a figure, its unit: indexes
    assert codec.loads_dataset(head + b"\n" + json.dumps(doc, ensure_ascii=False).encode()) == ds
    for wrong in (len(figures), -1):
        target[3] = wrong
        with pytest.raises(ValueError):
            codec.loads_dataset(head + b"\n" + json.dumps(doc, ensure_ascii=False).encode())
    target[3] = 0
    for wrong in (len(units), -1):
        figures[0]["Ft"][3] = wrong
        with pytest.raises(ValueError):
            codec.loads_dataset(head + b"\n" + json.dumps(doc, ensure_ascii=False).encode())


def test_the_allow_list_is_every_record_class():
    import dataclasses

    import capacity.model

    by_type, _ = codec._classes()
    for obj in vars(capacity.model).values():
        if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == "capacity.model":
            assert obj in by_type, obj
    from capacity.errors import Location
    from capacity.units import Figure, Unit

    assert {Figure, Unit, Location} <= set(by_type)


def test_only_allowed_classes_are_built():
    with pytest.raises(ValueError):
        codec.loads_dataset(b'{"dataset":{"Popen":[["sh"]]}}')
    with pytest.raises(ValueError):
        codec.loads_dataset(b'{"dataset":{"Location":["f",1,0]}}')  # a record, but not a dataset
    with pytest.raises(codec._Unserializable):
        codec.encode(object())


# ------------------------------------------------------------------------------------------ hits and misses


def test_miss_then_hit_then_one_byte_edit_misses(home, data):
    t, n = data
    first = cache.load_dataset([str(t)], str(n))
    assert cache.STATE["last"] == "miss" and len(_entries(home)) == 1
    second = cache.load_dataset([str(t)], str(n))
    assert cache.STATE["last"] == "hit" and second == first
    text = t.read_text(encoding="utf-8")
    t.write_text(text.replace("87萬噸", "88萬噸", 1), encoding="utf-8")  # one character (one byte: 7 → 8)
    third = cache.load_dataset([str(t)], str(n))
    assert cache.STATE["last"] == "miss" and len(_entries(home)) == 2
    assert third.regions[0].target("polysilicon").figure.value == 880000


@pytest.mark.parametrize("fresh", [False, True])  # an old file: its stamp is checked; a fresh one: hashed again
def test_a_file_edited_while_loading_is_not_stored(home, data, monkeypatch, fresh):
    """The entry is stored under the key of the bytes hashed before loading: a file edited while it loaded
    (its bytes no longer those) must not be stored under that key, whether it was old or just written."""
    import capacity.load as load_mod

    t, n = data
    if not fresh:  # the files just copied count as written long ago
        monkeypatch.setattr(cache, "FRESH_NS", -(10**18))
    old = t.stat().st_mtime_ns
    real = load_mod.load_dataset

    def edit_while_loading(*args, **kw):
        ds = real(*args, **kw)
        t.write_text(t.read_text(encoding="utf-8").replace("87萬噸", "88萬噸", 1), encoding="utf-8")
        os.utime(t, ns=(old, old))  # even with its old times put back (ctime still moves)
        return ds

    monkeypatch.setattr(load_mod, "load_dataset", edit_while_loading)
    first = cache.load_dataset([str(t)], str(n))
    assert cache.STATE["last"] == "miss" and _entries(home) == []  # not stored under the old bytes' key
    assert first.regions[0].target("polysilicon").figure.value == 870000
    monkeypatch.setattr(load_mod, "load_dataset", real)
    assert cache.load_dataset([str(t)], str(n)).regions[0].target("polysilicon").figure.value == 880000
    assert len(_entries(home)) == 1


def test_unchanged_trusts_an_old_stamp_and_hashes_a_fresh_file_again(data, monkeypatch):
    t, n = data
    files = cache.sources([str(t)], str(n))
    monkeypatch.setattr(cache, "FRESH_NS", -(10**18))  # the files just copied count as written long ago
    stamps: list = []
    key = cache.dataset_key(files, stamps)
    assert [fresh for _, fresh in stamps] == [False, False]
    hashed = []
    real = cache.dataset_key
    monkeypatch.setattr(cache, "dataset_key", lambda *a: hashed.append(1) or real(*a))
    assert cache.unchanged(files, key, stamps) and hashed == []  # old files: no second reading
    os.utime(n, None)  # n touched now: its stamp differs
    assert not cache.unchanged(files, key, stamps)
    monkeypatch.setattr(cache, "FRESH_NS", 3_000_000_000)
    stamps = []
    key = real(files, stamps)
    assert [fresh for _, fresh in stamps] == [True, True]  # copied (or touched) a moment ago
    assert cache.unchanged(files, key, stamps) and hashed == [1]  # a fresh file: hashed again, same bytes


def test_the_name_shown_is_part_of_the_key(home, data, tmp_path, monkeypatch):
    t, n = data
    cache.load_dataset([str(t)], str(n))
    monkeypatch.chdir(tmp_path)
    ds = cache.load_dataset(["targets.yaml"], "national.yaml")  # same bytes, names shown differently
    assert cache.STATE["last"] == "miss" and ds.regions[0].path == "targets.yaml"


def test_bad_input_is_never_cached(home, data):
    t, n = data
    t.write_text(t.read_text(encoding="utf-8").replace("87萬噸", "87萬頓", 1), encoding="utf-8")
    from capacity.errors import InputError

    for _ in range(2):  # the second run parses again and gives the same error
        with pytest.raises(InputError, match="unknown unit '萬頓'"):
            cache.load_dataset([str(t)], str(n))
    assert _entries(home) == []


def test_corrupt_entry_is_ignored_and_rewritten(home, data):
    t, n = data
    good = cache.load_dataset([str(t)], str(n))
    (entry,) = _entries(home)
    for junk in (b"", b"{not json", b'{"dataset": 1}', entry.read_bytes()[:-40]):
        entry.write_bytes(junk)
        assert cache.load_dataset([str(t)], str(n)) == good
        assert cache.STATE["last"] == "miss"
        assert codec.loads_dataset(cache.unframe(entry.read_bytes(), entry.stem)) == good  # rewritten


def test_off_by_env_and_by_flag_writes_nothing(home, data, monkeypatch, cli):
    t, n = data
    monkeypatch.setenv("CAPACITY_CACHE", "0")
    cache.load_dataset([str(t)], str(n))
    assert cache.STATE["last"] == "off"
    assert cli("check", "--targets", t, "--national", n).exit_code == 1
    assert not home.exists()
    monkeypatch.delenv("CAPACITY_CACHE")
    assert cli("--no-cache", "check", "--targets", t, "--national", n).exit_code == 1
    assert not home.exists()
    assert cli("check", "--targets", t, "--national", n).exit_code == 1
    assert len(_entries(home)) == 1


def test_unsafe_folder_is_refused(home, data):
    t, n = data
    home.mkdir(parents=True)
    os.chmod(home, 0o777)  # others can write: a planted entry must not be read
    try:
        assert cache.folder() is None and cache.folder(create=True) is None
        cache.load_dataset([str(t)], str(n))
        assert cache.STATE["last"] == "miss" and _entries(home) == []
    finally:
        os.chmod(home, 0o700)
    cache.load_dataset([str(t)], str(n))
    assert len(_entries(home)) == 1
    assert (home.stat().st_mode & 0o777) == 0o700 and (_entries(home)[0].stat().st_mode & 0o777) == 0o600


def test_new_folder_is_private(home, data):
    t, n = data
    cache.load_dataset([str(t)], str(n))
    assert (home.stat().st_mode & 0o777) == 0o700


def test_size_cap_evicts_least_recently_used(home, data, monkeypatch):
    t, n = data
    cache.load_dataset([str(t)], str(n))
    (first,) = _entries(home)
    size = first.stat().st_size
    monkeypatch.setattr(cache, "MAX_BYTES", int(size * 1.5))
    os.utime(first, (1, 1))  # long unused
    t.write_text(t.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    cache.load_dataset([str(t)], str(n))
    assert [p.name for p in _entries(home)] != [first.name] and len(_entries(home)) == 1


def test_code_version_covers_the_package_source():
    import hashlib

    assert len(cache.code_version()) == len(hashlib.sha256().hexdigest())
    files = {p.name for p in Path(cache.__file__).parent.rglob("*.py")}
    assert {"model.py", "load.py", "evaluate.py", "cache.py"} <= files


# ------------------------------------------------------------------------------------------ the CLI, cold and warm

COMMANDS = [
    ["report"], ["report", "--format", "json"], ["report", "--format", "csv"], ["report", "--format", "markdown"],
    ["report", "--year", "2023", "--basis", "production", "--format", "json"],
    ["report", "--national", "polysilicon=3.3Mt", "--format", "json"],
    ["check"], ["check", "--format", "json"], ["check", "--format", "junit"], ["check", "--format", "github"],
    ["check", "--format", "markdown"], ["check", "--only", "polysilicon", "--national", "polysilicon=200萬噸"],
    ["reconcile", "polysilicon"], ["reconcile", "polysilicon", "--format", "json"],
    ["whatif", "--drop-project", "通威三期"], ["whatif", "--scenario", "examples/tongwei-slips.yaml", "--format", "json"],
    ["solve", "polysilicon"], ["solve", "industrial_silicon", "--format", "json"],
    ["sweep", "national.polysilicon", "200萬噸", "400萬噸", "--steps", "9"],
    ["sweep", "factor.industrial_silicon_per_polysilicon", "1t/t", "1.3t/t", "--steps", "7", "--format", "json"],
    ["targets"], ["targets", "--format", "json"], ["targets", "--format", "csv"],
    ["targets", "--section", "二", "--lang", "en", "--format", "markdown"],
    ["sources"], ["sources", "--format", "json"], ["sources", "polysilicon"],
    ["convert", "200萬千瓦時", "MWh"], ["convert", "2000億元", "元", "--format", "json"],
    ["simulate", "--samples", "2000", "--format", "json"],
]


def test_every_command_and_format_is_byte_identical_cold_and_warm(cli, home, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", "120")
    for args in COMMANDS:
        off = cli("--no-cache", *args)
        cold = cli(*args)
        warm = cli(*args)
        assert cache.STATE["last"] in ("hit", None) or args[0] == "convert", args
        replayed = cli(*args)  # check and compare in json, junit, github, csv, markdown: a stored replay
        for run in (cold, warm, replayed):
            assert (run.exit_code, run.stdout, run.stderr) == (off.exit_code, off.stdout, off.stderr), args


def _subprocess(args: list[str], env: dict) -> subprocess.CompletedProcess:
    code = ("import sys\nfrom capacity_cli.main import run\nsys.argv = ['capacity'] + %r\n"
            "try:\n    run()\nfinally:\n"
            "    print('IMPORTED:' + ','.join(m for m in ('pint', 'numpy', 'yaml', 'pydantic', 'matplotlib') "
            "if m in sys.modules) + ',' + ','.join(m for m in ('capacity.load', 'capacity.yamlio') if m in sys.modules), "
            "file=sys.stderr)" % args)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, **env, "NO_COLOR": "1", "COLUMNS": "120"})


@pytest.mark.parametrize("args", [["check"], ["check", "--format", "json"], ["report", "--format", "json"],
                                  ["targets", "--format", "json"], ["convert", "87萬噸", "t"], ["convert", "5 Mt", "kg"]])
def test_a_hit_imports_neither_pint_nor_numpy(args, tmp_path):
    """Nor YAML nor the loader (issue 24: `check` imported both through cli/common.py's input_paths). The
    targets CSV and workbook write the file's own layout (capacity.tabular), so they read it: not a hit."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    cold, warm = _subprocess(args, env), _subprocess(args, env)
    assert cold.returncode == warm.returncode and cold.returncode in (0, 1), cold.stderr
    assert cold.stdout == warm.stdout and cold.stdout
    imported = warm.stderr.strip().splitlines()[-1].removeprefix("IMPORTED:").split(",")
    assert "pint" not in imported and "numpy" not in imported and "pydantic" not in imported, warm.stderr
    assert not {"yaml", "capacity.load", "capacity.yamlio"} & set(imported), warm.stderr
    if args[-1] != "kg":  # the bundled data's conversions ship with the package (capacity/units/memo.json)
        assert "pint" not in cold.stderr.strip().splitlines()[-1]
        return
    assert "pint" in cold.stderr.strip().splitlines()[-1]  # 5 Mt in kg: computed by pint, kept in the memo
    head, body = (tmp_path / "xdg" / "capacity" / cache.MEMO_FILE).read_bytes().split(b"\n", 1)
    assert json.loads(head)["format"] == cache.FORMAT
    assert all(isinstance(v, (float, str)) for v in json.loads(body)["memo"].values())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_left_to_the_loader_and_never_blocks(home, tmp_path):
    fifo = tmp_path / "targets.yaml"
    os.mkfifo(fifo)
    assert cache.dataset_key(cache.sources([str(fifo)], None)) is None


def test_a_cached_dataset_reads_each_unit_back_once():
    """Equal units (the same 萬噸 on every figure of a file) come back from the entry as one object, as
    parsing gave them (JSON repeats them: they were one object per figure, each hashed and compared in
    the conversion memo); the dataset is equal to the one stored."""
    from capacity import codec
    from capacity.load import load_dataset

    ds = load_dataset()
    back = codec.loads_dataset(codec.dumps_dataset(ds))
    assert back == ds
    units = [t.figure.unit for tf in back.regions for t in tf.targets if t.figure is not None]
    by_text: dict = {}
    for u in units:
        by_text.setdefault((u.text, str(u.scale), u.pint_text), set()).add(id(u))
    assert len(units) > len(by_text) >= 3
    assert all(len(ids) == 1 for ids in by_text.values())


@pytest.mark.parametrize("size", [0, 1, (1 << 20) - 3, 1 << 20, (1 << 20) + 1, 3_000_001])
def test_the_digest_is_sha256_small_or_large(size):
    """Small inputs are hashed by CPython's built-in module, large ones by OpenSSL's (hashlib): the same
    SHA-256 either way, so keys and entries do not depend on the size that picked the module."""
    import hashlib

    data = (bytes(range(256)) * (size // 256 + 1))[:size]
    h = cache._sha256()
    for part in (b"head\0", data[: size // 2], data[size // 2:], b"\0tail"):
        h.update(part)
    assert h.hexdigest() == hashlib.sha256(b"head\0" + data + b"\0tail").hexdigest()
    assert (h.h is not None) == (size + 10 > cache._Sha256.BIG)
