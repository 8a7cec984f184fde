"""Round 11 (task assignments, set 11): constructed plans for the failure kinds of the development
document (README "Round 11"). Each failed on main `0f0991d` except the `牵头…配合` case, a guard (that
form never checked its units' endings)."""

from __future__ import annotations

import pytest

from ipatlas.plans import parse_plan
from ipatlas.plans.units import UNIT_WORDS, upper_place_stems


def _units(text: str) -> list[list[str]]:
    return [t.units for t in parse_plan(text).tasks if t.units]


PLAN = (
    "某市知识产权保护工作任务分工\n一、主要任务\n（一）加强执法。\n"
    "1.{item}。{note}\n2.完善工作机制，形成工作合力。\n"
)


@pytest.mark.parametrize(
    ("note", "units"),
    [
        # a law-enforcement corps (…执法总队, …大队) is a unit: the whole note is read
        ("（市文化执法总队、市公安局按职责分工负责）", ["市文化执法总队", "市公安局"]),
        ("（市公安局、市交通运输综合执法支队、市城管执法大队按职责分工负责）", None),
        ("（市市场监管局牵头，市农业综合执法总队配合）", ["市市场监管局", "市农业综合执法总队"]),
    ],
)
def test_note_with_an_enforcement_corps(note: str, units: list[str] | None) -> None:
    got = _units(PLAN.format(item="开展侵权假冒专项整治", note=note))
    if units is None:  # 支队 ends in 队 as well
        assert got and got[0][0] == "市公安局" and "市城管执法大队" in got[0]
    else:
        assert got == [units]


@pytest.mark.parametrize(
    ("note", "units"),
    [
        # an organ named after a province or prefecture without 省/市 is that place's own
        ("（市商务局、宁波海关按职责分工负责）", ["市商务局", "宁波海关"]),
        (
            "（市商务局、公安局、南京海关、江苏检验检疫局负责）",
            ["市商务局", "市公安局", "南京海关", "江苏检验检疫局"],
        ),
        ("（市知识产权局牵头，广州知识产权法院配合）", ["市知识产权局", "广州知识产权法院"]),
    ],
)
def test_units_named_after_another_place_take_no_prefix(note: str, units: list[str]) -> None:
    assert _units(PLAN.format(item="加强进出口环节知识产权保护", note=note)) == [units]


def test_unit_words_are_data_and_county_stems_stay_out() -> None:
    assert "队" in UNIT_WORDS["endings"] and "部门" in UNIT_WORDS["generic"]
    stems = upper_place_stems()
    assert {"重庆", "内蒙古", "广州"} <= set(stems)
    assert "公安" not in stems  # 公安县 (a county) would take 公安局 for a place's unit
