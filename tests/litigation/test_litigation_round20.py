"""Round 20: reports that name their sides only in the story, with masked or short names.

News items, court releases and case collections the other readers rejected (no header, title, party
block or 甲与乙…纠纷一案 sentence) still say who sued whom: a collection's case title 甲诉王某…纠纷案【某法院
（…）…号】, the court's order 判令乙…赔偿甲 / 酌定乙向甲赔偿, or 甲诉至法院，请求判令乙与丙…; they name the
court in 某法院就/对一起…案作出一审判决 or 某法院公开开庭审理上诉人…, the cause in 本案系…纠纷 or a case title
naming no side, and the appeal in 二审期间 / 终审判决. Constructed pages with made-up names and places
(not those of batch 20); each test failed on main c81e151 but the guards, which pass on both.
"""

from __future__ import annotations

from ipatlas.litigation.parser import parse_text


def _parse(lines: list[str]) -> dict:
    return parse_text("\n".join(lines), resolve_regions=False)


def test_a_collection_case_title_with_a_masked_person_and_its_bracketed_court_and_number() -> None:
    r = _parse(
        [
            "某省高级人民法院商标案件审理指引（案例部分）",
            "案例二：",
            "杭州青禾茶业公司诉张某某侵害商标权纠纷案【浙江省高级人民法院（2015）浙知终字第88号】",
            "原告杭州青禾茶业公司于2001年登记设立，经营茶叶销售。被告张某某经营的茶庄使用“青禾”字样。",
        ]
    )
    assert r["plaintiffs"] == ["杭州青禾茶业公司"]
    assert r["defendants"] == ["张某某"]
    assert r["case_number"] == "（2015）浙知终字第88号"
    assert r["court"] == "浙江省高级人民法院"
    assert r["procedure"] == "二审"
    assert r["cause"] == "侵害商标权纠纷"


def test_a_court_order_names_both_sides_and_the_award_against_the_claim() -> None:
    r = _parse(
        [
            "侵权者付出代价",
            "6月3日，苏州市中级人民法院就一起侵害计算机软件著作权纠纷案作出一审判决，判令被告苏州某精密机械公司"
            "立即停止侵害原告星图软件股份有限公司涉案软件著作权的行为，并赔偿原告经济损失及合理开支共计120万元。",
            "原告将被告诉至法院，请求判令被告停止侵权、赔偿原告经济损失300万元及合理开支5万元。",
        ]
    )
    assert r["plaintiffs"] == ["星图软件股份有限公司"]
    assert r["defendants"] == ["苏州某精密机械公司"]
    assert r["court"] == "苏州市中级人民法院"  # printed in full: kept as printed
    assert r["procedure"] == "一审"
    assert r["cause"] == "侵害计算机软件著作权纠纷"
    assert r["damages_awarded"] == 1200000
    assert r["damages_claimed"] == 3050000
    assert r["outcome"] == "部分支持"  # less than the claim the page states


def test_short_names_in_a_final_judgment_report_take_the_full_names_the_page_prints() -> None:
    r = _parse(
        [
            "2012年3月5日，湖南省高级人民法院对长沙华锐电子科技有限公司虚假宣传案件作出终审判决，"
            "驳回华锐公司的上诉，维持原判。",
            "华锐公司在网站上自称独家代理，经博远仪器公司起诉后，湖南省长沙市中级人民法院一审判决华锐公司"
            "赔偿博远公司经济损失2万元，并支付博远公司合理费用8000元。",
        ]
    )
    assert r["plaintiffs"] == ["博远仪器公司"]
    assert r["defendants"] == ["长沙华锐电子科技有限公司"]
    assert r["court"] == "湖南省高级人民法院"
    assert r["procedure"] == "二审"
    assert r["outcome"] == "维持原判"
    assert r["damages_awarded"] == 28000
    assert r["decided_on"] == "2012-03-05"
    assert r["cause"] is None  # 虚假宣传案件 names no 纠纷


def test_a_filing_and_its_claim_name_the_sides_by_the_names_the_page_introduces() -> None:
    r = _parse(
        [
            "本报讯 今天，北京知识产权法院公开开庭审理上诉人（原审被告）天津云帆网络科技有限公司"
            "（以下简称云帆公司）与被上诉人（原审原告）北京墨点文化传媒有限公司（以下简称墨点公司）侵害商标权及不正当竞争纠纷案，"
            "法院当庭作出驳回上诉，维持原判的二审判决，云帆公司赔偿墨点公司经济损失及合理开支20万元。",
            "墨点公司认为云帆公司的行为构成侵权，遂诉至法院，请求法院判令云帆公司赔偿经济损失及合理开支20万元。",
        ]
    )
    assert r["plaintiffs"] == ["北京墨点文化传媒有限公司"]
    assert r["defendants"] == ["天津云帆网络科技有限公司"]
    assert r["court"] == "北京知识产权法院"
    assert r["procedure"] == "二审"
    assert r["outcome"] == "维持原判"


def test_a_masked_release_with_latin_letters_telling_of_the_appeal() -> None:
    r = _parse(
        [
            "滥用他人驰名商标，二审改判赔偿100万元",
            "C公司是“远山”商标的权利人。D公司在其网店大量销售使用“远山”标识的电热水壶。",
            "C公司以上述行为构成商标侵权为由诉至一审法院。一审法院认定侵权成立，酌定D公司向C公司赔偿经济损失"
            "及合理开支共计30万元。C公司不服一审判决，提起上诉。",
            "二审期间，C公司提交了平台销售数据。",
        ]
    )
    assert r["plaintiffs"] == ["C公司"]
    assert r["defendants"] == ["D公司"]
    assert r["procedure"] == "二审"
    assert r["damages_awarded"] is None  # the first instance's 30万 is not the appeal's award


def test_the_courts_own_sentence_names_the_cause() -> None:
    r = _parse(
        [
            "案情简介",
            "某食品公司认为，宁波某贸易公司使用其注册商标作为店铺名称，遂诉至法院要求停止侵权。",
            "法院审理",
            "法院经审理认为，本案系侵害商标权纠纷及不正当竞争纠纷。",
        ]
    )
    assert r["plaintiffs"] == ["某食品公司"]
    assert r["cause"] == "侵害商标权纠纷及不正当竞争纠纷"


def test_a_case_title_naming_no_side_gives_the_cause() -> None:
    r = _parse(
        [
            "专利权民事案件",
            "“智能灌溉控制器”实用新型专利侵权纠纷案",
            "一审案号：（2020）某01民初55号",
            "二审案号：（2021）某民终66号",
            "基本案情：甲公司系涉案专利的权利人，乙公司制造、销售被诉侵权产品。",
        ]
    )
    assert r["cause"] == "实用新型专利侵权纠纷"


def test_guard_a_courts_findings_on_an_appeal_page_are_not_the_appeal_courts() -> None:
    # Passes on both: a first-instance court's 经审理查明 on a page telling of the appeal is not its court.
    r = _parse(
        [
            "检察机关指控被告人赵某犯侵犯著作权罪，某省某市某区人民法院判决后，赵某提起上诉，二审裁定驳回上诉，维持原判。",
            "2021年5月，检察机关指控被告人赵某涉嫌侵犯著作权犯罪，山东省济南市历下区人民法院经审理查明，赵某私自复制软件。",
        ]
    )
    assert r["court"] is None


def test_guard_a_claim_is_no_award_and_a_bare_category_is_no_cause() -> None:
    # Passes on both: a report whose only order is a request (请求判令) has no award; 案件 names no 纠纷.
    r = _parse(
        [
            "甲电器公司诉至法院，请求判令乙贸易公司赔偿经济损失50万元。",
            "目前该不正当竞争案件正在审理中。",
        ]
    )
    assert r["damages_awarded"] is None
    assert r["cause"] is None


def test_an_order_protecting_the_right_holder_the_page_names_elsewhere() -> None:
    r = _parse(
        [
            "本报讯 近日，某县市场监管局联合法院查处一起商标侵权案。",
            "该局接到举报，称某小区使用的“金帆地板”并非商标权利人金帆木业有限公司生产，涉案地板由温州某达装饰材料"
            "有限公司销售。该商家认为系合法取得，双方分歧较大，难以调解。随后该局引导商标权利人到法院处置知识产权纠纷。",
            "经法院判决，温州某达装饰材料有限公司侵犯商标专用权，赔偿商标权利人30万元的损失。",
        ]
    )
    assert r["plaintiffs"] == ["金帆木业有限公司"]
    assert r["defendants"] == ["温州某达装饰材料有限公司"]
    assert r["procedure"] == "一审"
    assert r["damages_awarded"] == 300000
    assert r["outcome"] == "支持"  # 难以调解 is no mediation
    assert r["cause"] is None  # …到法院处置知识产权纠纷 is the story, not the case's cause
