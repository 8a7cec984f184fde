"""The rule files load, and every deadline rule marked ``verified`` quotes an article that really
says what the rule computes (checked against the official texts in ../shared/data/policies)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from ipatlas.protection.rules import all_definitions, competence, deadline_rules

# What the article must say for the length/unit of the rule (hand-checked phrases).
PHRASES = {
    ("penalty", 2): ["九十日内作出行政处罚决定"],
    ("crime_decision", 2): ["3日内作出批准移送或者不批准移送的决定"],
    ("crime_transfer", 2): ["24小时内向同级公安机关移送"],
    ("adjudication_local", 1): ["四个月内作出处理决定", "延长期限最长不得超过二个月"],
}


def _article(text: str, article: str) -> str:
    head = re.match(r"第[一二三四五六七八九十百零]+条", article)
    assert head, article
    m = re.search(rf"^{head.group(0)}\s.*?(?=^第[一二三四五六七八九十百零]+条\s|\Z)", text, re.M | re.S)
    assert m, f"{article} not found"
    return m.group(0)


def test_verified_rules_match_the_official_texts(shared_dir: Path) -> None:
    table = deadline_rules()
    verified = [(r, v) for r in table.rules.values() for v in r.versions if v.verified]
    assert {(r.id, v.version) for r, v in verified} == set(PHRASES)
    for rule, v in verified:
        path = shared_dir / "data" / v.source
        assert path.is_file(), v.source
        text = unicodedata.normalize("NFKC", path.read_text(encoding="utf-8"))
        body = _article(text, v.article)
        for phrase in PHRASES[(rule.id, v.version)]:
            assert phrase in body, (rule.id, phrase)


def test_acceptance_rule_changes_on_2026_04_15_and_keeps_running_cases() -> None:
    acc = deadline_rules().get("acceptance")
    _v0, v1, v2 = acc.versions
    assert (v1.length, v1.unit, v1.article) == (7, "workdays", "第十四条")
    assert str(v2.effective_from) == "2026-04-15" and "总局令第121号" in v2.law
    assert v2.applies_to_open_cases is False
    import datetime as dt

    assert acc.version_for(dt.date(2026, 4, 14), dt.date(2026, 4, 20)).version == 2
    assert acc.version_for(dt.date(2026, 4, 15), dt.date(2026, 4, 15)).version == 3


def test_every_unverified_rule_says_so() -> None:
    for r in deadline_rules().rules.values():
        for v in r.versions:
            assert v.verified or "待核对" in v.note or "内部制度" in v.law, r.id


def test_definitions_and_competence_load() -> None:
    defs = all_definitions()
    assert set(defs) == {"complaint", "report", "assistance", "adjudication", "mediation", "consultation"}
    c = defs["complaint"]
    for state in (
        "registered",
        "accepted",
        "rejected",
        "filed",
        "investigating",
        "mediating",
        "decided",
        "served",
        "closed",
        "archived",
        "suspended",
        "withdrawn",
        "referred",
    ):
        assert state in c.states
    comp = competence()
    assert (
        comp.suggest(kind="complaint", ip_type="plant_variety", channel="visit", facts="")["rule"]
        == "plant_variety"
    )
    assert (
        comp.suggest(kind="complaint", ip_type="patent", channel="visit", facts="该纠纷已起诉至法院")["rule"]
        == "court"
    )
    assert (
        comp.suggest(kind="complaint", ip_type="patent", channel="visit", facts="")["suggestion"] == "accept"
    )


@pytest.mark.parametrize(
    "kind", ["complaint", "report", "adjudication", "mediation", "assistance", "consultation"]
)
def test_each_definition_reaches_archived(kind: str) -> None:
    d = all_definitions()[kind]
    assert "archived" in d.final and d.initial == "registered"
