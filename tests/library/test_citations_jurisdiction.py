"""A bare law name is not always the PRC law: another jurisdiction's law (美国专利法) and a longer national
law whose name ends with a known one (劳动合同法 ⊃ 合同法)."""

from __future__ import annotations

import pytest

from ipatlas.library.aliases import AliasTable
from ipatlas.library.citations import detect

TABLE = AliasTable([])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("根据美国专利法第271条的规定", [("美国专利法", 271)]),
        ("台湾地区专利法第五十八条规定", [("台湾地区专利法", 58)]),
        ("依照日本的著作权法第30条", [("日本著作权法", 30)]),
        ("依照劳动合同法第八十二条之规定", [("中华人民共和国劳动合同法", 82)]),
        ("原审适用经济合同法第七条不当", [("中华人民共和国经济合同法", 7)]),
        # the PRC laws themselves still read, bare and after 我国
        (
            "依照合同法第五十二条、专利法第十一条",
            [("中华人民共和国合同法", 52), ("中华人民共和国专利法", 11)],
        ),
        ("我国商标法第五十七条", [("中华人民共和国商标法", 57)]),
    ],
)
def test_bare_name_of_another_law(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(c.law, c.article) for c in detect(text, TABLE)] == expected


def test_an_unknown_foreign_law_is_not_a_national_one() -> None:
    # (食品安全法 is in the table since round 17: 美国食品安全法 now reads as 美国专利法 does, above)
    assert detect("依照美国清洁空气法第三条", TABLE) == []
    assert [(c.law, c.article) for c in detect("依照美国食品安全法第三条", TABLE)] == [("美国食品安全法", 3)]
