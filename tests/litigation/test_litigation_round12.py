"""Round 12: a case library's 'label：value' metadata block standing for a missing header (the round-10
held-out miss chncase-2812790, read after its blind scoring, and the batch-12 dev kinds), a party block
after a site's note (zsw-56612) and a party masked differently in title and story (findlaw-1587969), as
constructed pages (each failed on main 7a03a2d; the guard passes on both). The texts are made up (names,
numbers); the layouts are those of real pages in tests/fixtures/judgments_external, with other wording.
"""

from __future__ import annotations

from ipatlas.litigation.parser import parse_text


def test_case_library_catalogue_block() -> None:
    text = "\n".join(
        [
            "（一）首部",
            "1.裁判书字号",
            "一审裁定书：浙江省宁波市海曙区人民法院（2019）浙0203刑初77号。",
            "一审判决书：浙江省宁波市海曙区人民法院（2019）浙0203刑初77号。",
            "3.诉讼双方",
            "公诉机关：浙江省宁波市海曙区人民检察院，检察员：孙立。",
            "被告人：钱某，男，汉族，1979年3月2日出生，初中文化。2019年4月1日因本案被逮捕。",
            "辩护人：周明远，浙江甬城律师事务所律师。",
            "被告人：冯某，男，汉族，1985年7月9日出生，高中文化。2019年4月1日因本案被逮捕。",
            "辩护人：吴清，浙江海川律师事务所律师。",
            "5.审判机关和审判组织",
            "审判机关：浙江省宁波市海曙区人民法院。",
            "合议庭组成人员：审判长：郑涛；人民陪审员：王芳、陈立。",
            "（二）诉辩主张",
            "1.公诉机关指控称",
            "2019年3月，被告人钱某伙同冯某在其租用的厂房内印制带有某公司注册商标标识的包装盒两万余个，"
            "后被公安机关查获。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["case_number"] == "（2019）浙0203刑初77号"
    assert r["court"] == "浙江省宁波市海曙区人民法院"
    assert r["document_type"] == "判决书"  # the last document the block lists
    assert r["procedure"] == "一审"
    assert r["plaintiffs"] == ["浙江省宁波市海曙区人民检察院"]
    assert r["defendants"] == ["钱某", "冯某"]
    assert r["lawyers"] == ["周明远", "吴清"]
    assert r["law_firms"] == ["浙江甬城律师事务所", "浙江海川律师事务所"]
    assert {(j["name"], j["role"]) for j in r["judges"]} == {
        ("郑涛", "审判长"),
        ("王芳", "人民陪审员"),
        ("陈立", "人民陪审员"),
    }


def test_typical_case_index_gives_court_and_number() -> None:
    text = "\n".join(
        [
            "某省高院：2023年知识产权十大典型案例",
            "本次发布十件知识产权典型案例，覆盖商标、著作权等案件类型。",
            "案例索引：四川省成都市中级人民法院（2022）川01知民初312号",
            "裁判要旨",
            "在网店名称中突出使用与他人注册商标相同的文字，容易导致混淆的，构成商标侵权。",
            "案情摘要",
            "某某公司甲经核准取得第1234567号注册商标。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["case_number"] == "（2022）川01知民初312号"
    assert r["court"] == "四川省成都市中级人民法院"
    assert r["procedure"] == "一审"


def test_basic_facts_block_lists_sides_and_a_title_in_the_opening_sentence() -> None:
    text = "\n".join(
        [
            "知名商品特有名称的司法认定",
            "本文以2020年度某省知识产权十大案例之云南滇香茶业有限公司等诉昆明滇香茶叶有限公司等不正当竞争"
            "纠纷案为例，探析该案的裁判观点。",
            "案情简介",
            "（一）基本情况",
            "原告：云南滇香茶业有限公司（以下简称滇香公司）、云南滇香茶叶销售有限公司（以下简称销售公司）",
            "被告：昆明滇香茶叶有限公司（以下简称昆明公司）、李某华、昆明市茶",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["plaintiffs"] == ["云南滇香茶业有限公司", "云南滇香茶叶销售有限公司"]
    assert r["defendants"] == ["昆明滇香茶叶有限公司", "李某华"]  # the page stops inside the list
    assert r["cause"] == "不正当竞争纠纷"
    assert r["procedure"] == "一审"


def test_sides_on_one_line_and_a_value_on_the_next() -> None:
    text = "\n".join(
        [
            "十大案例典型意义详解",
            "01 . 涉“某某”商标侵权纠纷案",
            "案号：杭州中院（2016）浙01民初字第9号",
            "原告：甲乙科技有限公司、丙丁电器（中国）有限公司；被告：",
            "宁波市某某电器有限公司等",
            "典型意义",
            "本案重点在于商标侵权民事诉讼中对商标保护力度的把握。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["case_number"] == "（2016）浙01民初字第9号"
    # Round 19's convention: a court printed in short before its number is the number's court (was None).
    assert r["court"] == "浙江省杭州市中级人民法院"
    assert r["plaintiffs"] == ["甲乙科技有限公司", "丙丁电器（中国）有限公司"]
    assert r["defendants"] == ["宁波市某某电器有限公司"]


def test_party_block_after_a_site_note_under_the_header() -> None:
    text = "\n".join(
        [
            "宁波市鄞州区人民法院一审民事判决书",
            "（2019）浙0212民初555号",
            "裁判日期：2019-10-11  文书类型：民事判决书  案件类型：民事案件  审理法院：宁波市鄞州区人民法院",
            "投诉网本网追踪 1、经核查，宁波某某餐饮管理有限公司成立于2017年1月3日，"
            "经营范围为餐饮管理、企业管理"
            "咨询、经济信息咨询，住所地浙江省宁波市鄞州区某路1号，法定代表人和股东为孙强；2、经核查，该公司虽已"
            "注册“某某”商标，但该公司和该品牌均未进行商业特许经营备案，本网将持续关注并向投诉人通报。",
            "原告：朱大伟，男，××××年××月××日出生，住浙江省宁波市。",
            "委托诉讼代理人：钱进，浙江四明律师事务所律师。",
            "被告：宁波某某餐饮管理有限公司，住所地浙江省宁波市鄞州区某路1号。",
            "法定代表人：孙强，该公司执行董事。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["plaintiffs"] == ["朱大伟"]
    assert r["defendants"] == ["宁波某某餐饮管理有限公司"]
    assert r["lawyers"] == ["钱进"]


def test_masked_party_takes_the_story_s_full_name() -> None:
    text = "\n".join(
        [
            "裁判文书详情",
            "广州市美衣**限公司与沈阳市和平区美衣服装店商标侵权纠纷再审民事裁定书",
            "审理经过",
            "原审原告广州市美衣*限公司与原审被告沈阳市和平区美衣服装店商标侵权纠纷一案，本院于2009年3月2日"
            "作出（2009）沈民三初字第7号民事判决，已发生法律效力。本院依法另行组成合议庭审理本案。"
            "原审原告广州市美衣服饰有限公司经本院传票传唤，未到庭参加诉讼。",
            "本院认为",
            "本院认为，原审原告广州市美衣*限公司虚假诉讼，不符合起诉条件。裁定如下：",
            "一、撤销本院（2009）沈民三初字第7号民事判决；",
            "二、驳回原告广州市美衣*限公司起诉。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["plaintiffs"] == ["广州市美衣服饰有限公司"]


def test_an_article_without_keys_or_parties_is_still_no_judgment() -> None:
    text = "\n".join(
        [
            "知识产权案件执行白皮书",
            "2017-2021年，某中院共受理知识产权执行案件1426件，办结1387件。",
            "案件数量：1426件",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["reason"] and r["reason"].startswith("不是裁判文书")
