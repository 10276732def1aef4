"""The strict loader: YAML 1.1 surprises refused, file:line on every error."""

import pytest

from capacity.errors import InputError
from capacity.load import read_targets
from capacity.validate import validate_files
from capacity.yamlio import parse

MINIMAL = """\
schema_version: 1
region: {{id: testville, name: 測試市}}
targets:
  - id: polysilicon
    section: 二
    clause: 5
    name: {name}
    figure: {figure}
    threshold: {{figure: 40%, kind: share}}
    national: polysilicon
"""


def write(tmp_path, text, name="t.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_no_stays_a_string(tmp_path):
    tf = read_targets(write(tmp_path, MINIMAL.format(name="NO", figure="87萬噸")))
    assert tf.targets[0].name == "NO"


@pytest.mark.parametrize("text, where, phrase", [
    ("a: 1\na: 2\n", ":2:1", "duplicate key 'a' (first at line 1)"),
    ("a: &x 1\nb: *x\n", ":1:4", "anchor"),
    ("a: !!python/object:os.system 1\n", ":1:4", "tag"),
    ("a:\n\t- 1\n", ":2:", "tab"),
    ("a: [1, 2\n", ":2:", "invalid YAML"),
    ("a: 1\n---\nb: 2\n", ":", "more than one YAML document"),
])
def test_yaml_traps(text, where, phrase):
    with pytest.raises(InputError) as exc:
        parse(text, "f.yaml")
    msg = exc.value.format()
    assert msg.startswith("f.yaml" + where) and phrase in msg


def test_wrong_dimension_names_file_line(tmp_path):
    p = write(tmp_path, MINIMAL.format(name="多晶硅", figure="87GW"))
    with pytest.raises(InputError) as exc:
        read_targets(p)
    msg = exc.value.format()
    assert f"{p}:8:13" in msg and "'87GW' is power" in msg and "a mass figure" in msg


def test_validate_lists_every_error(tmp_path):
    text = MINIMAL.format(name="多晶硅", figure="87萬GW").replace("section: 二", "section: 八十")
    errors = validate_files([write(tmp_path, text)])
    assert len(errors) == 2
    assert {e.location.line for e in errors} == {5, 8}


def test_unknown_key_suggests(tmp_path):
    p = write(tmp_path, MINIMAL.format(name="x", figure="87萬噸").replace("clause: 5", "clause: 5\n    figur: 1t"))
    with pytest.raises(InputError) as exc:
        read_targets(p)
    assert "unknown key 'figur'" in exc.value.format() and "did you mean figure" in exc.value.format()
