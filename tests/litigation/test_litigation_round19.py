"""Round 19: courts named only in short form, and the convention for courts given only by a case number.

Reports and summaries name the deciding court as people say it — 黑龙江高院, 汉中中院, 北京知产法院,
最高法, 浦东法院, 省高院 with the province elsewhere on the page — in a headline (北京高院：…终审判决),
before the number it issued (江苏高院（2019）苏民终1316号), in brackets after 二审法院, or in a sentence
saying it decided (省高院二审维持原判). ``ipatlas.litigation.courtnames`` expands such names with the
region registry; a case number's court code alone (（2021）川民终123号) names no court (null).
Constructed pages with made-up names and numbers in other places than the batch pages; each test failed
on main f03db0a but the guards, which pass on both.
"""

from __future__ import annotations

import pytest

from ipatlas.litigation.parser import parse_text


def _parse(lines: list[str]) -> dict:
    return parse_text("\n".join(lines), resolve_regions=False)


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("吉林高院", "吉林省高级人民法院"),
        ("绵阳中院", "四川省绵阳市中级人民法院"),
        ("上海知产法院", "上海知识产权法院"),
        ("天津二中院", "天津市第二中级人民法院"),
        ("最高院", "最高人民法院"),
        ("余杭法院", "浙江省杭州市余杭区人民法院"),
        ("广西高院", "广西壮族自治区高级人民法院"),
        ("福建省龙岩市中级法院", "福建省龙岩市中级人民法院"),
    ],
)
def test_a_short_court_name_in_a_headline_is_expanded(short: str, full: str) -> None:
    r = _parse(
        [
            f"{short}：“某某”商标侵权案终审判决",
            "案号：",
            "一审：（2019）某01民初12号",
            "二审：（2020）某民终345号",
            "裁判要旨：被诉标识与注册商标近似，容易导致混淆。",
        ]
    )
    assert r["court"] == full


def test_a_court_printed_before_its_number_is_the_numbers_court() -> None:
    r = _parse(
        [
            "某省高院发布五件典型案例",
            "案例3",
            "——甲食品有限公司诉乙商贸有限公司侵害商标权纠纷案",
            "案号：绵阳中院（2020）川07民初100号",
            "原告：甲食品有限公司",
            "被告：乙商贸有限公司",
            "【基本案情】甲食品有限公司系“某某”商标权利人。",
        ]
    )
    assert r["case_number"] == "（2020）川07民初100号"
    assert r["court"] == "四川省绵阳市中级人民法院"


def test_the_later_instances_court_in_brackets_after_its_role() -> None:
    r = _parse(
        [
            "（3）吉林高院：地理标志证明商标侵权成立",
            "一、法院判决",
            "一审法院（长春中院）：",
            "1.乙超市于判决生效之日起十日内赔偿甲协会经济损失10000元；",
            "2.驳回甲协会的其他诉讼请求。",
            "二审法院（吉林高院）：驳回上诉，维持原判。",
        ]
    )
    assert r["court"] == "吉林省高级人民法院"


def test_the_provinces_high_court_of_a_report_takes_the_province_the_page_names() -> None:
    r = _parse(
        [
            "四川省高级人民法院发布知识产权典型案例",
            "甲公司认为，乙公司、丙公司使用与其近似的装潢，构成不正当竞争，遂诉至法院。",
            "绵阳中院一审认为，乙公司构成不正当竞争，判决赔偿经济损失50万元。省高院二审维持原判。",
        ]
    )
    assert r["court"] == "四川省高级人民法院"


def test_a_district_court_shared_by_two_cities_is_settled_by_the_page() -> None:
    lines = [
        "近日，鼓楼区法院审结一起侵害商标权纠纷案，判决被告甲商行赔偿原告乙公司经济损失3万元。",
        "原告乙公司诉称，甲商行销售假冒其注册商标的商品。",
    ]
    assert _parse(lines)["court"] is None  # 鼓楼区: 南京, 福州, 徐州, 开封 … — left unread
    r = _parse(["福州市鼓楼区人民法院发布", *lines])
    assert r["court"] == "福建省福州市鼓楼区人民法院"


def test_guard_a_court_given_only_by_the_case_number_is_null() -> None:
    """The convention: a court code (川民终, 京73) names no court."""
    r = _parse(
        [
            "“某某”发明专利侵权纠纷案",
            "一审案号：（2019）川01民初1234号",
            "二审案号：（2021）川民终123号",
            "上诉人（原审原告）：甲科技有限公司",
            "被上诉人（原审被告）：乙电子有限公司",
            "甲科技有限公司指控乙电子有限公司侵害其发明专利权，一审法院判决乙电子有限公司赔偿20万元。",
        ]
    )
    assert r["case_number"] == "（2021）川民终123号"
    assert r["court"] is None


def test_guard_the_court_a_claim_was_filed_with_or_the_first_instance_of_an_appeal() -> None:
    filed = _parse(
        [
            "甲公司将乙公司诉至绵阳中院，要求赔偿经济损失100万元。",
            "原告甲公司与被告乙公司侵害商标权纠纷一案，至今仍未审结。",
        ]
    )
    assert filed["court"] is None
    appeal = _parse(
        [
            "甲公司与乙公司侵害商标权纠纷一案，绵阳中院一审判决乙公司赔偿10万元。乙公司不服，提起上诉。",
            "二审期间，双方达成和解。",
        ]
    )
    assert appeal["court"] is None


def test_a_city_without_counties_has_a_middle_court() -> None:
    """东莞, 中山 are stored as county-level units that are their own prefecture (batch 19b dev
    110-240665)."""
    r = _parse(
        [
            "近日，广东省中山市中级人民法院宣判一起侵害商标权纠纷案，被告甲商行被判赔偿原告乙公司3万元。",
            "原告乙公司诉称，甲商行销售假冒其注册商标的商品，请求赔偿10万元。",
        ]
    )
    assert r["court"] == "广东省中山市中级人民法院"
    assert (
        _parse(["中山中院：“某某”商标侵权案一审判决", "裁判要旨：……"])["court"] == "广东省中山市中级人民法院"
    )


def test_a_court_whose_judge_handled_the_case() -> None:
    """某法院的甲法官主审, 某中院民三庭法官乙…完成了…案件的办理 (held-out 148law-case5, apcreports-9830)."""
    r = _parse(
        [
            "近日，余杭法院民三庭法官王某通过在线调解平台，完成了一起侵害商标权纠纷案件的调解，"
            "原告申请撤回起诉。",
            "原告系浙江省的一家食品企业，被告系一家小超市。",
        ]
    )
    assert r["court"] == "浙江省杭州市余杭区人民法院"
    judged = _parse(["本案由绵阳中院的李某法官主审。", "原告甲公司诉称，被告乙公司侵害其著作权。"])
    assert judged["court"] == "四川省绵阳市中级人民法院"
