"""Round 20's kinds (README "Round 20"): set 20's held-out misses, constructed in other places and words.
Each reading case fails on main `610f24a`; the guards pass on both."""

from __future__ import annotations

from ipatlas.plans import parse_plan


def _targets(text: str) -> set[tuple[str, float, str, int | None]]:
    return {(t.indicator, float(t.value or 0), t.comparator, t.year) for t in parse_plan(text).targets}


def test_a_list_of_goals_closed_by_deng_after_its_last_figure() -> None:
    # "…超过6件等。": 等 ends the list; the last goal is read like the others
    text = "到2027年，全县规模以上企业研发经费占营业收入的比重达到2%，万人有效发明专利拥有量超过6件等。"
    got = _targets(text)
    assert ("万人有效发明专利拥有量", 6.0, ">", 2027) in got
    assert ("规模以上企业研发经费占营业收入的比重", 2.0, "=", 2027) in got


def test_an_aspiring_verb_between_subject_and_measure() -> None:
    # "核心园区力争实现营业收入500亿元": 力争实现 is neither subject nor measure; the growth after it
    # measures the same subject
    got = _targets("到2026年，全区核心园区力争实现营业收入500亿元，年均增长8%。")
    assert got == {("核心园区营业收入", 5e10, "=", 2026), ("核心园区营业收入", 8.0, "=", 2026)}
    other = _targets("到2026年，软件园争取达到软件业务收入200亿元。")
    assert ("软件园软件业务收入", 2e10, "=", 2026) in other


def test_gathering_verbs_before_the_thing_counted() -> None:
    # 集聚/汇聚/聚集 are verbs of making, as 引进 is: not part of the name
    got = _targets("到2026年，全区集聚各类孵化载体50家左右，引进高层次人才100名。")
    assert ("各类孵化载体", 50.0, "~", 2026) in got
    assert ("重点实验室", 12.0, "=", 2025) in _targets("到2025年，聚集重点实验室12家。")


def test_po_before_a_figure_is_tupo() -> None:
    # "破千亿元", "破500亿元": more than the figure, as 突破 is
    got = _targets("到2026年，全区数字经济规模破千亿元，软件业务收入破500亿元。")
    assert got == {("数字经济规模", 1e11, ">", 2026), ("软件业务收入", 5e10, ">", 2026)}


# --- guards: pass on main and after ---------------------------------------------------------------


def test_deng_inside_a_name_stays() -> None:
    got = _targets("到2025年，专利、商标等知识产权质押融资额达到5亿元。")
    assert {i for i, *_ in got} == {"专利、商标等知识产权质押融资额"}


def test_a_leading_aspiration_is_still_dropped() -> None:
    assert ("发明专利授权量", 800.0, "=", 2026) in _targets("到2026年，力争发明专利授权量达到800件。")


def test_dapo_is_no_comparator() -> None:
    # 打破 (break a record) is no figure reached: nothing is read as a "more than" goal
    assert all(c != ">" for _, _, c, _ in _targets("到2026年，全区企业打破3项行业纪录。"))
