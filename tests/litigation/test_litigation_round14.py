"""Round 14: the batch-14 dev misses (a 刑事附带民事 case report: its 附带民事诉讼 party labels, one person in
two roles, and the decision date printed after the last instance of its 案例索引), as constructed pages
(each failed on main 747a954; the guards pass on both). Names and numbers are made up; the layout is that
of a real page in tests/fixtures/judgments_external (bjxbw-2614), with other wording.
"""

from __future__ import annotations

from ipatlas.litigation.parser import parse_text


def _report(second_instance_date: str) -> str:
    return "\n".join(
        [
            "甲某假冒注册商标刑事附带民事诉讼案",
            "裁判要旨：知识产权刑事附带民事诉讼案件，刑事责任与民事责任应分别确定。",
            "一审：浙江省某市中级人民法院（2019）浙01刑初字第00012号（2019年6月3日）",
            f"二审：浙江省高级人民法院（2019）浙刑终字第88号（{second_instance_date}）",
            "原公诉机关：浙江省某市人民检察院",
            "刑事附带民事诉讼原告人（被上诉人）：某市丙涂料有限公司（以下简称丙公司）",
            "被告人、刑事附带民事诉讼被告人（上诉人）：甲某",
            "刑事附带民事诉讼被告人（上诉人）：乙某",
            "浙江省某市人民检察院指控被告人甲某犯假冒注册商标罪，于2019年3月1日向一审法院提起公诉。"
            "丙公司以甲某、乙某侵害其商标权为由，提起附带民事诉讼，一审法院决定一并受理。",
        ]
    )


def test_incidental_civil_roles_and_a_person_in_two_roles() -> None:
    r = parse_text(_report("2020年1月9日"), resolve_regions=False)
    assert r["plaintiffs"] == ["浙江省某市人民检察院", "某市丙涂料有限公司"]
    assert r["defendants"] == ["甲某", "乙某"]
    assert r["cause"] == "假冒注册商标罪"
    assert r["procedure"] == "二审"


def test_last_indexed_instance_gives_its_decision_date() -> None:
    r = parse_text(_report("2020年1月9日"), resolve_regions=False)
    assert (r["court"], r["case_number"]) == ("浙江省高级人民法院", "（2019）浙刑终字第88号")
    assert r["decided_on"] == "2020-01-09"


def test_indexed_instance_without_a_day_gives_no_date() -> None:
    # Guard: a month alone (…号（2020年1月）) is no decision date, as the signature's ××日 is none.
    r = parse_text(_report("2020年1月"), resolve_regions=False)
    assert r["case_number"] == "（2019）浙刑终字第88号"
    assert r["decided_on"] is None


def test_plain_criminal_party_block_unchanged() -> None:
    # Guard: 被告人 lines without a civil role keep their reading.
    text = "\n".join(
        [
            "浙江省某市某区人民法院",
            "刑事判决书",
            "（2021）浙0102刑初345号",
            "公诉机关浙江省某市某区人民检察院。",
            "被告人丁某，男，1980年1月1日出生，汉族。",
            "辩护人王五，浙江某某律师事务所律师。",
            "被告单位某市戊贸易有限公司。",
            "浙江省某市某区人民检察院以某检刑诉〔2021〕1号起诉书指控被告人丁某、被告单位某市戊贸易有限公司"
            "犯销售假冒注册商标的商品罪，于2021年5月6日向本院提起公诉。本案现已审理终结。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["plaintiffs"] == ["浙江省某市某区人民检察院"]
    assert r["defendants"] == ["丁某", "某市戊贸易有限公司"]
