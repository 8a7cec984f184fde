"""Definitions and rule tables are validated when loaded: each mistake names the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ipatlas import workflow as wf
from ipatlas.errors import InputError

DATA = Path(__file__).parent / "wfdata"


def _write(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    raw = yaml.safe_load((DATA / "sample.yaml").read_text(encoding="utf-8"))
    mutate(raw)
    (tmp_path / "rules.yaml").write_text((DATA / "rules.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    p = tmp_path / "def.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return p


CASES = [
    (lambda r: r["actions"]["accept"].update(to="nowhere"), "actions.accept.to", "未知状态 nowhere"),
    (lambda r: r["actions"]["accept"].update({"from": ["ghost"]}), "actions.accept.from", "未知状态 ghost"),
    (lambda r: r["actions"]["accept"].pop("roles"), "actions.accept.roles", "缺少 roles"),
    (lambda r: r["actions"]["accept"].update(roles=["janitor"]), "actions.accept.roles", "未知角色 janitor"),
    (lambda r: r["states"].update(orphan={"label": "孤立"}), "states.orphan", "不可达状态: orphan"),
    (lambda r: r.update(initial="x"), "initial", "初始状态 x"),
    (lambda r: r["deadlines"][0].update(rule="nope"), "deadlines[0].rule", "没有规则 nope"),
    (lambda r: r["deadlines"][0].update(stop=["fly"]), "deadlines[0].stop", "未知操作 fly"),
    (lambda r: r["deadlines"][0].pop("start"), "deadlines[0].start", "须有 start"),
    (lambda r: r.update(final=["limbo"]), "final", "终态 limbo"),
]


@pytest.mark.parametrize(("mutate", "key", "message"), CASES)
def test_definition_errors_name_file_and_key(tmp_path: Path, mutate, key: str, message: str) -> None:  # type: ignore[no-untyped-def]
    p = _write(tmp_path, mutate)
    with pytest.raises(InputError) as exc:
        wf.load_definition(p)
    assert message in exc.value.message
    assert exc.value.context["file"] == str(p.resolve()) and exc.value.context["field"] == key


RULE_CASES = [
    ({"unit": "weeks"}, "unit", "期限单位"),
    ({"law": None}, "law", "缺少 law"),
    ({"length": -1}, "length", "非负整数"),
    ({"promised": 99}, "promised", "承诺时限"),
]


@pytest.mark.parametrize(("change", "key", "message"), RULE_CASES)
def test_rule_table_errors(tmp_path: Path, change: dict, key: str, message: str) -> None:  # type: ignore[type-arg]
    raw = yaml.safe_load((DATA / "rules.yaml").read_text(encoding="utf-8"))
    raw["rules"]["handling"]["versions"][0].update(change)
    p = tmp_path / "rules.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        wf.load_rules(p)
    assert message in exc.value.message
    assert exc.value.context["field"] == f"rules.handling.versions[0].{key}"


def test_duplicate_effective_dates_and_bad_yaml(tmp_path: Path) -> None:
    raw = yaml.safe_load((DATA / "rules.yaml").read_text(encoding="utf-8"))
    raw["rules"]["acceptance"]["versions"][1]["effective_from"] = "2022-01-01"
    p = tmp_path / "r.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match="生效日期相同"):
        wf.load_rules(p)
    p.write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(InputError, match="YAML"):
        wf.load_rules(p)


def test_star_source_and_back_target() -> None:
    d = wf.load_definition(DATA / "sample.yaml")
    assert set(d.actions["suspend"].sources) == set(d.states) - {"archived", "rejected"}
    assert d.actions["resume"].to == "@back"
    assert wf.get_definition("sample") is d
