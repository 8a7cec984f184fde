"""Round 21: stories that name their plaintiff with no role word, and letter-masked sides.

Typical-case summaries and reposts tell the suit in their 基本案情 without the role words the party readers
need: 甲（一审）诉称，乙制造、销售，原审被告丙销售…; 甲系…专利权人，其认为乙及其法定代表人丙侵害…，故提起诉讼;
a firm's news 律师代理的宁波A公司诉深圳B公司…纠纷案件; a case page introducing 原告甲（以下简称…） and
被告乙（以下简称…） in its prose. 原审被告 and 一审诉称 tell the appeal; 某法院知识产权法庭审结 is the
court's decision.
Constructed pages with made-up names and places (not those of batch 21); each test failed on main 9ca134b but
the guards, which pass on both.
"""

from __future__ import annotations

from ipatlas.litigation.parser import parse_text


def _parse(lines: list[str]) -> dict:
    return parse_text("\n".join(lines), resolve_regions=False)


def test_a_pleading_with_no_role_word_names_the_accused_and_tells_the_appeal() -> None:
    r = _parse(
        [
            "原标题：修改后权利要求的侵权判定",
            "近日，最高人民法院知识产权法庭审结了一起涉及权利要求修改的专利侵权案件。",
            "济宁青松机械有限公司（以下简称“青松公司”）一审诉称，江西岳峰电器有限公司（以下简称“岳峰公司”）"
            "制造、销售，原审被告赣州市白沙五金商行（以下简称“白沙商行”）销售的切割机，落入涉案专利的保护范围。",
            "一审法院认定被诉侵权产品落入涉案专利的保护范围。",
        ]
    )
    assert r["plaintiffs"] == ["济宁青松机械有限公司"]
    assert r["defendants"] == ["江西岳峰电器有限公司", "赣州市白沙五金商行"]
    assert r["procedure"] == "二审"
    assert r["court"] == "最高人民法院"


def test_a_right_holder_who_thinks_two_infringe_and_sues_with_a_masked_representative() -> None:
    r = _parse(
        [
            "“折叠支架”实用新型专利侵权案",
            "【基本案情】",
            "厦门林某机电科技公司系名称为“折叠支架”的实用新型专利的专利权人，其认为南昌高某五金公司及其法定代表人"
            "钱某铭侵害涉案专利权，故提起诉讼，请求判令停止侵害。",
            "一审法院判决驳回厦门林某机电科技公司的诉讼请求。",
        ]
    )
    assert r["plaintiffs"] == ["厦门林某机电科技公司"]
    assert r["defendants"] == ["南昌高某五金公司", "钱某铭"]


def test_a_firms_news_names_letter_masked_sides_after_its_lawyer() -> None:
    r = _parse(
        [
            "律所动态",
            "近日，本所王律师代理的苏州C公司诉无锡D公司侵害实用新型专利权纠纷案件收到了二审判决书。",
            "C公司于2016年申请了实用新型专利。",
        ]
    )
    assert r["plaintiffs"] == ["苏州C公司"]
    assert r["defendants"] == ["无锡D公司"]
    assert r["cause"] == "侵害实用新型专利权纠纷"


def test_sides_introduced_by_role_and_short_name_in_prose_are_each_read_once() -> None:
    r = _parse(
        [
            "原告南湖某某公司（以下简称“某某公司”）成立于2003年，是知名的饮料企业，拥有“某某”注册商标。"
            "被告太原市某某公司（以下简称“被告”）成立于2020年，在店招上使用“某某”字号。",
        ]
    )
    assert r["plaintiffs"] == ["南湖某某公司"]
    assert r["defendants"] == ["太原市某某公司"]


def test_guard_a_pleading_that_accuses_no_one_by_name_gives_no_sides() -> None:
    r = _parse(
        [
            "专利侵权案例评析",
            "青松公司诉称，其系涉案专利的专利权人，被诉产品落入专利保护范围。",
        ]
    )
    assert r["plaintiffs"] == [] and r["defendants"] == []


def test_guard_a_right_holder_who_thinks_without_suing_gives_no_sides() -> None:
    r = _parse(
        [
            "企业维权观察",
            "林某机电科技公司系涉案专利的专利权人，其认为南昌高某五金公司侵害涉案专利权，双方正在协商。",
        ]
    )
    assert r["plaintiffs"] == [] and r["defendants"] == []


def test_a_claim_granted_in_full_gives_award_and_claim() -> None:
    r = _parse(
        [
            "“折叠支架”实用新型专利侵权案",
            "【案号】",
            "（2022）最高法知民终2301号",
            "【基本案情】",
            "厦门林某机电科技公司系涉案专利的专利权人，其认为南昌高某五金公司侵害涉案专利权，故提起诉讼。",
            "最高人民法院二审认为，被诉侵权产品落入保护范围，二审改判全额支持厦门林某机电科技公司关于赔偿180万元的"
            "诉讼请求。",
        ]
    )
    assert r["damages_awarded"] == 1800000.0
    assert r["damages_claimed"] == 1800000.0


def test_guard_an_operative_part_is_not_overridden_by_a_full_grant_phrase() -> None:
    r = _parse(
        [
            "北京市朝阳区人民法院",
            "民事判决书",
            "（2021）京0105民初1234号",
            "原告：北京青禾科技有限公司。",
            "被告：天津远山贸易有限公司。",
            "原告北京青禾科技有限公司与被告天津远山贸易有限公司侵害商标权纠纷一案，本院受理后，依法审理。",
            "原告主张本院应全额支持其关于赔偿50万元的诉讼请求。",
            "判决如下：",
            "一、被告天津远山贸易有限公司于本判决生效之日起十日内赔偿原告北京青禾科技有限公司经济损失10万元；",
            "二、驳回原告北京青禾科技有限公司的其他诉讼请求。",
        ]
    )
    assert r["damages_awarded"] == 100000.0
