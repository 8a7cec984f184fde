"""rules/causes.yaml: 第五部分 知识产权与竞争纠纷 of the 民事案件案由规定 (2020 修正) and the IP offences."""

from __future__ import annotations

from ipatlas.litigation.causes import catalogue, levels, names


def test_catalogue_has_the_printed_levels_and_numbers() -> None:
    civil = catalogue()["civil"]
    assert [(g["numeral"], g["name"]) for g in civil] == [
        ("十三", "知识产权合同纠纷"),
        ("十四", "知识产权权属、侵权纠纷"),
        ("十五", "不正当竞争纠纷"),
        ("十六", "垄断纠纷"),
    ]
    numbers = [c["number"] for g in civil for c in g["causes"]]
    assert numbers == list(range(146, 186))  # 40 三级案由, numbered without a gap
    fourth = {c["name"]: len(c.get("children") or []) for g in civil for c in g["causes"]}
    assert fourth["著作权合同纠纷"] == 13 and fourth["技术合同纠纷"] == 13
    assert fourth["著作权权属、侵权纠纷"] == 28 and fourth["专利权权属、侵权纠纷"] == 10
    assert fourth["因申请知识产权临时措施损害责任纠纷"] == 7 and fourth["滥用市场支配地位纠纷"] == 6
    assert sum(fourth.values()) == 125
    assert len(set(names())) == len(names())  # no name twice


def test_levels_and_offences() -> None:
    assert levels("拒绝交易纠纷") == {
        "level2": "垄断纠纷",
        "level3": "滥用市场支配地位纠纷",
        "number": 184,
        "level4": "拒绝交易纠纷",
    }
    assert levels("特许经营合同纠纷") == {
        "level2": "知识产权合同纠纷",
        "level3": "特许经营合同纠纷",
        "number": 153,
        "level4": None,
    }
    assert levels("侵犯商标专用权纠纷") is None  # an old wording, not a 2020 cause
    offences = {x["article"]: x["name"] for x in catalogue()["criminal"]}
    assert offences["第二百一十九条之一"] == "为境外窃取、刺探、收买、非法提供商业秘密罪"
    assert len(offences) == 8 and all(n.endswith("罪") for n in offences.values())
