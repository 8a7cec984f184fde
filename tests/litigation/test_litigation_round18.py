"""Round 18: reports and reposts that the batch-18 pages showed the parser could not read.

Prose reports naming their sides with verbs other than 诉 (甲与乙…纠纷一案 at a sentence's start,
某法院就甲起诉乙, 甲向法院提起诉讼…请求法院判令：乙、丙…, 甲认为，乙、丙…遂诉至法院; batch 18 dev
ipc-2619, held-out duoduofawu-158, jinanyouw-1032, hhclub-245078), the award or settlement such a report
states, a repost printing 民事判决书 above its court (freewechat-2653297756), site keys 案件类型：民事 判决 /
审判日期 and an appellant whose withdrawal of an earlier suit put it on the plaintiff's side (055110-204),
案号： over 一审：/二审： lines (cnsymm-23144) and a typical case titled 甲某罪再审案 over its index
(fang85-120302). Constructed pages with made-up names and numbers; each test failed on main 47d18d9 but the
guards, which pass on both.
"""

from __future__ import annotations

from ipatlas.litigation.parser import parse_text


def _parse(lines: list[str]) -> dict:
    return parse_text("\n".join(lines), resolve_regions=False)


def _sides(r: dict) -> tuple[list[str], list[str]]:
    return list(r["plaintiffs"]), list(r["defendants"])


def test_a_type_line_above_its_court_line_is_a_header() -> None:
    r = _parse(
        [
            "案例分享|甲公司与乙公司一审民事判决书",
            "民事判决书",
            "某市互联网法院",
            "（2021）某0491民初123号",
            "原告：甲文化传播有限公司，住所地某市。",
            "被告：乙网络科技有限公司，住所地某市。",
            "原告甲文化传播有限公司与被告乙网络科技有限公司著作权权属、侵权纠纷一案，本院立案后公开开庭进行了审理。",
        ]
    )
    assert r["court"] == "某市互联网法院"
    assert r["document_type"] == "判决书"
    assert r["case_number"] == "（2021）某0491民初123号"


def test_site_keys_give_the_document_type_and_the_decision_date() -> None:
    r = _parse(
        [
            "审理法院：某省高级人民法院",
            "案号：（2019）某民终88号",
            "案件类型：民事 判决",
            "审判日期：2019-11-20",
            "案由：侵害商标权纠纷",
            "上诉人丙机械有限公司因与被上诉人丁纺织有限公司侵害商标权纠纷一案，不服某市中级人民法院（2018）某01民初7号"
            "民事判决，向本院提起上诉。",
        ]
    )
    assert r["document_type"] == "判决书"
    assert r["decided_on"] == "2019-11-20"


def test_a_case_type_key_naming_no_document_gives_none() -> None:
    # Guard: 案件类型：民事案件 names the kind of case, not the document.
    r = _parse(
        [
            "审理法院：某省高级人民法院",
            "案号：（2019）某民终88号",
            "案件类型：民事案件",
            "上诉人丙机械有限公司因与被上诉人丁纺织有限公司侵害商标权纠纷一案，不服某市中级人民法院（2018）某01民初7号"
            "民事判决，向本院提起上诉。",
        ]
    )
    assert r["document_type"] is None


def test_an_appellant_and_the_appellee_stay_on_opposite_sides() -> None:
    # The appellant once withdrew an earlier suit (a cue for the plaintiff's side); its appeal asks to
    # dismiss the appellee's claims, the stronger cue: the appellee sued.
    r = _parse(
        [
            "审理法院：某省高级人民法院",
            "案号：（2019）某民终99号",
            "上诉人丙机械有限公司（以下简称丙公司）因与被上诉人丁纺织有限公司（以下简称丁公司）、原审被告戊针织有限公司（以下简称戊公司）"
            "恶意提起知识产权诉讼损害责任纠纷一案，不服某市中级人民法院（2018）某01民初5号民事判决，向本院提起上诉。",
            "丙公司上诉请求：撤销一审判决，驳回丁公司的诉讼请求。事实与理由：涉案专利被宣告无效后，丙公司撤回起诉，主观上无恶意。",
        ]
    )
    assert _sides(r) == (["丁纺织有限公司"], ["丙机械有限公司", "戊针织有限公司"])


def test_a_report_opening_with_a_pair_and_a_cause_is_read() -> None:
    r = _parse(
        [
            "调解典型案例",
            "南方某协会与南方某建设公司侵害发明专利权纠纷一案日前落幕。",
            "2020年3月，南方某协会向某知识产权法院起诉南方某建设公司，请求判令该公司赔偿经济损失及合理开支30万元。",
            "经过多轮调解，双方最终达成和解协议，并即时履行完毕。",
        ]
    )
    assert _sides(r) == (["南方某协会"], ["南方某建设公司"])
    assert r["cause"] == "侵害发明专利权纠纷"
    assert r["outcome"] == "撤诉/调解"
    assert r["damages_claimed"] == 300000
    assert r["damages_awarded"] is None  # a request is no award


def test_a_report_that_one_side_sued_the_other_and_the_award() -> None:
    r = _parse(
        [
            "某县人民法院就某运动用品公司起诉某制鞋有限公司侵犯其商标权作出判决，判令某制鞋有限公司立即停止侵权行为"
            "并赔偿某运动用品公司经济损失120万元。",
        ]
    )
    assert _sides(r) == (["某运动用品公司"], ["某制鞋有限公司"])
    assert r["damages_awarded"] == 1200000
    assert r["outcome"] == "支持"


def test_a_report_naming_the_defendants_in_the_plaintiffs_claim() -> None:
    r = _parse(
        [
            "黑龙江法院典型案例",
            "  甲农业公司向法院提起诉讼，认为乙合作社未经许可使用其作品。"
            "请求法院判令：乙合作社、丙粮油店停止使用其作品，并赔偿经济损失30万元。",
            "  法院经审理认为：案涉作品系委托创作。",
        ]
    )
    assert _sides(r) == (["甲农业公司"], ["乙合作社", "丙粮油店"])
    assert r["damages_claimed"] == 300000
    assert r["outcome"] is None


def test_a_typical_case_told_with_why_the_plaintiff_sued_and_an_upheld_award() -> None:
    r = _parse(
        [
            "某省高级人民法院发布十大典型案例",
            "甲饮品公司认为，乙水业公司、丙包装公司使用其商品名称，构成不正当竞争，遂诉至法院。",
            "某市中院一审认为，乙水业公司、丙包装公司构成不正当竞争，判决立即停止侵权，赔偿经济损失80万元。省高院二审维持原判。",
            "在甲饮品公司诉2家公司不正当竞争纠纷一案中，甲饮品公司还申请了行为保全。",
        ]
    )
    assert _sides(r) == (["甲饮品公司"], ["乙水业公司", "丙包装公司"])
    assert r["outcome"] == "维持原判"
    assert r["procedure"] == "二审"
    assert r["damages_awarded"] == 800000
    assert r["cause"] == "不正当竞争纠纷"


def test_a_story_sentence_inside_a_court_is_no_pair() -> None:
    # Guard: 本院审理的甲公司与乙公司…: a side holding 的 is no name.
    r = _parse(["本院审理的甲公司与乙公司侵害商标权纠纷一案近日宣判。"])
    assert "本院审理的甲公司" not in r["plaintiffs"]


def test_instance_numbers_listed_under_a_bare_number_key() -> None:
    r = _parse(
        [
            "某高院：某商标案终审判决",
            "案号：",
            "一审：（2014）某知行初字第11号",
            "二审：（2015）某行知终字第222号",
            "裁判要旨：某标志的注册不具有其他不良影响。",
        ]
    )
    assert r["case_number"] == "（2015）某行知终字第222号"
    assert r["procedure"] == "二审"


def test_a_typical_case_titled_by_the_accused_and_the_offence() -> None:
    r = _parse(
        [
            "某市法院十大典型案例",
            "李某假冒注册商标罪再审案",
            "【案例索引】",
            "一审：某市某区人民法院（2019）某0101刑初4号",
            "再审：某市高级人民法院（2021）某刑再2号",
            "【基本案情】",
            "2016年，原审被告人李某在施工中使用假冒某品牌的洁具，获取对价10万元。",
        ]
    )
    assert r["cause"] == "假冒注册商标罪"
    assert r["defendants"] == ["李某"]
    assert r["procedure"] == "再审"


def test_a_summary_naming_its_sides_only_in_the_first_instance_items() -> None:
    # The held-out freewechat-2651318224 and yuanxiaoyin-42 (two sites) and the dev freewechat-2651323998.
    r = _parse(
        [
            "（3）某高院：某证明商标近似侵权!",
            "二、法院判决",
            "一审法院（某中院）：",
            "1. 某超市第一分公司自判决生效之日起停止销售侵害某香梨协会第123号注册商标专用权的商品；",
            "2. 某超市第一分公司赔偿某香梨协会经济损失及合理费用，合计30000元；",
            "3. 驳回某香梨协会的其他诉讼请求。",
            "二审法院（某高院）：驳回上诉，维持原判。",
        ]
    )
    assert _sides(r) == (["某香梨协会"], ["某超市第一分公司"])
    assert r["outcome"] == "维持原判"
    assert r["procedure"] == "二审"
    assert r["damages_awarded"] == 30000


def test_a_keyed_summary_takes_its_sides_from_the_items() -> None:
    r = _parse(
        [
            "裁判文书摘要",
            "案由侵害计算机软件著作权纠纷",
            "一审案号（2020）某01民初11号",
            "二审案号（2021）某知民终22号",
            "一审判决结果",
            "一、乙软件公司立即停止侵害甲科技公司计算机软件著作权的行为；",
            "二、乙软件公司于判决生效之日起十日内赔偿甲科技公司经济损失共计5万元；",
            "二审判决结果",
            "驳回上诉，维持原判。",
        ]
    )
    assert r["case_number"] == "（2021）某知民终22号"
    assert _sides(r) == (["甲科技公司"], ["乙软件公司"])
    assert r["damages_awarded"] == 50000


def test_items_naming_one_side_only_name_no_parties() -> None:
    # Guard: an item list that never names whom it protects is no party list.
    r = _parse(["调解要点", "1. 某超市第一分公司立即停止销售涉案商品；", "2. 某超市第一分公司支付调解款。"])
    assert r["plaintiffs"] == [] and r["defendants"] == []
