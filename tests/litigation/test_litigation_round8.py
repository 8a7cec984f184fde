"""Round 8: the batch-7 failure kinds fixed by general rules, as constructed pages (each failed on main
4f2514d). The texts are made up (names, numbers); the layouts are those of real pages in
tests/fixtures/judgments_external (chineselaw-691/702, 110-70225, lawking-3296, zsw-23129), with other
wording.
"""

from __future__ import annotations

from ipatlas.litigation.parser import parse_text

_PARTY_BLOCK = [
    "原告甲科技有限公司，住所地浙江省宁波市江北区某路1号。",
    "法定代表人赵一，董事长。",
    "委托诉讼代理人钱二，浙江某某律师事务所律师。",
    "被告乙电器有限公司，住所地江苏省苏州市吴中区某路2号。",
    "法定代表人孙三，经理。",
]


def test_closing_date_key_on_a_site_metadata_line() -> None:
    text = "\n".join(
        [
            "站点导航 / 侵害实用新型专利权纠纷",
            "结案时间:2018年3月9日 案由:侵害实用新型专利权纠纷 当事人:甲科技有限公司 乙电器有限公司 "
            "案号:(2017)浙02民初100号 经办法院:浙江省宁波市中级人民法院",
            "浙江省宁波市中级人民法院",
            "民事判决书",
            "（2017）浙02民初100号",
            *_PARTY_BLOCK,
            "原告甲科技有限公司与被告乙电器有限公司侵害实用新型专利权纠纷一案，本院立案后公开开庭进行了审理。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["decided_on"] == "2018-03-09"


def test_cause_value_stops_at_the_next_site_key() -> None:
    text = "\n".join(
        [
            "站点导航 / 案例",
            "乙电器有限公司案",
            "结案日期:2019年5月20日 案由:侵害外观设计专利权纠纷 当事人:甲科技有限公司 乙电器有限公司 "
            "案号:(2019)苏05民初7号 经办法院:江苏省苏州市中级人民法院",
            "当事人信息",
            *_PARTY_BLOCK,
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["cause"] == "侵害外观设计专利权纠纷"
    assert r["decided_on"] == "2019-05-20"


def test_a_bare_time_key_counts_only_on_a_case_line() -> None:
    def page(meta: str) -> str:
        return "\n".join(
            [
                "甲科技有限公司诉乙电器有限公司技术合同纠纷案",
                meta,
                "江苏省苏州市中级人民法院",
                "民事判决书",
                "（2016）苏05民初字第××号",
                *_PARTY_BLOCK,
                "原告甲科技有限公司与被告乙电器有限公司技术合同纠纷一案，本院受理后公开开庭进行了审理。",
            ]
        )

    case_line = parse_text(
        page("时间:2016-12-01  当事人:   法官:   文号:(2016)苏05民初字第321号"), resolve_regions=False
    )
    assert case_line["decided_on"] == "2016-12-01"
    assert case_line["case_number"] == "（2016）苏05民初字第321号"  # the masked header number, whole
    posted = parse_text(page("时间:2021-04-02 来源:本站 作者:编辑 浏览:88"), resolve_regions=False)
    assert posted["decided_on"] is None
    assert posted["case_number"] == "（2016）苏05民初字第××号"


def test_title_cause_when_the_story_names_two() -> None:
    text = "\n".join(
        [
            "律师网 > 案例",
            "乙电器有限公司与甲科技有限公司技术秘密权属纠纷二审民事判决书",
            "浙江省高级人民法院",
            "民事判决书",
            "（2020）浙民终55号",
            "上诉人（原审被告）：乙电器有限公司，住所地江苏省苏州市吴中区某路2号。",
            "被上诉人（原审原告）：甲科技有限公司，住所地浙江省宁波市江北区某路1号。",
            "上诉人乙电器有限公司因与被上诉人甲科技有限公司技术秘密权属纠纷及技术合同纠纷一案，不服浙江省宁波市"
            "中级人民法院（2019）浙02民初9号民事判决，向本院提起上诉。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["cause"] == "技术秘密权属纠纷"


def test_story_pair_without_a_title_is_kept() -> None:
    text = "\n".join(
        [
            "浙江省高级人民法院",
            "民事判决书",
            "（2020）浙民终56号",
            "上诉人（原审被告）：乙电器有限公司，住所地江苏省苏州市吴中区某路2号。",
            "被上诉人（原审原告）：甲科技有限公司，住所地浙江省宁波市江北区某路1号。",
            "上诉人乙电器有限公司因与被上诉人甲科技有限公司技术秘密权属纠纷及技术合同纠纷一案，不服浙江省宁波市"
            "中级人民法院（2019）浙02民初9号民事判决，向本院提起上诉。",
        ]
    )
    assert parse_text(text, resolve_regions=False)["cause"] == "技术秘密权属纠纷及技术合同纠纷"


def test_header_with_the_instance_between_court_and_type() -> None:
    text = "\n".join(
        [
            "某某维权网 首页 - 餐饮 - 服装",
            "",
            "浙江省杭州市中级人民法院二审民事裁定书",
            "",
            "(2021)浙01民终3号",
            "",
            "裁判日期:2021-06-30  文书类型:民事裁定书  审理法院:浙江省杭州市中级人民法院",
            "",
            "本网追踪 该公司已变更经营范围。",
            "",
            "上诉人（原审被告）：乙电器有限公司。",
            "  委托诉讼代理人李四，浙江某甲律师事务所律师。",
            "被上诉人（原审原告）：甲科技有限公司。",
            "  委托诉讼代理人周五，浙江某乙律师事务所律师。",
            "上诉人乙电器有限公司因与被上诉人甲科技有限公司特许经营合同纠纷一案，不服杭州市西湖区人民法院"
            "（2020）浙0106民初1号民事判决，向本院提起上诉。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["court"] == "浙江省杭州市中级人民法院"
    assert r["document_type"] == "裁定书"
    assert r["case_number"] == "（2021）浙01民终3号"
    assert r["decided_on"] == "2021-06-30"
    assert r["law_firms"] == ["浙江某甲律师事务所", "浙江某乙律师事务所"]
    assert r["lawyers"] == ["李四", "周五"]


def test_case_summary_citing_its_judgment_in_brackets() -> None:
    text = "\n".join(
        [
            "“某某”商业秘密纠纷案",
            "",
            "  甲科技（苏州）有限公司与乙电器有限公司、丙贸易有限公司侵害技术秘密纠纷上诉案"
            "〔江苏省高级人民法院(2018)苏民终88号民事判决书〕",
            "",
            "  【案情摘要】甲科技（苏州）有限公司（简称甲公司）发现乙电器有限公司（简称乙公司）"
            "使用其技术秘密，"
            "且与丙贸易有限公司（简称丙公司）销售相关产品。甲公司诉至法院，请求判令两被告停止侵权。"
            "江苏省苏州市中级人民法院一审判决乙公司赔偿损失及合理费用合计150万元。乙公司不服，提起上诉。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["case_number"] == "（2018）苏民终88号"
    assert r["court"] == "江苏省高级人民法院"
    assert r["document_type"] == "判决书"
    assert r["procedure"] == "二审"
    assert r["cause"] == "侵害技术秘密纠纷"
    assert r["plaintiffs"] == ["甲科技（苏州）有限公司"]
    assert r["defendants"] == ["乙电器有限公司", "丙贸易有限公司"]
    assert r["damages_claimed"] is None  # the 150万元 is what the first instance awarded


def test_case_library_title_with_a_third_party_in_the_defendant_list() -> None:
    text = "\n".join(
        [
            "某某食品有限公司诉原国家工商行政管理总局商标评审委员会、第三人某某酒业有限公司商标争议行政纠纷案"
            "——在先使用的认定",
            "人民法院案例库 入库编号：2024-09-3-000-001",
            "关键词",
            "行政/商标争议/在先使用",
            "基本案情",
            "原告某某食品有限公司诉称：被诉裁定认定事实错误，请求予以撤销。",
            "被告商标评审委员会辩称：被诉裁定认定事实清楚，请求驳回原告诉讼请求。",
            "第三人某某酒业有限公司述称：同意被告的意见。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["cause"] == "商标争议行政纠纷"
    assert r["procedure"] == "一审"
    assert r["plaintiffs"] == ["某某食品有限公司"]
    assert r["defendants"] == ["国家工商行政管理总局商标评审委员会"]
    assert r["third_parties"] == ["某某酒业有限公司"]


def test_case_index_of_three_instances_gives_the_last_as_header() -> None:
    text = "\n".join(
        [
            "某律师网 >> 技术合同",
            "甲、乙诉丙、丁技术服务合同纠纷案",
            "【裁判要点】技术服务合同的认定应以合同内容为准。",
            "【案例索引】",
            "一审：浙江省杭州市中级人民法院(2015)浙杭知初字第10号(2016年1月5日)",
            "二审：浙江省高级人民法院(2016)浙民终20号(2016年9月1日)",
            "再审审查：最高人民法院(2017)最高法民申30号(2017年6月)",
            "【案情】",
            "原告(二审被上诉人、再审被申请人)：甲",
            "原告(二审被上诉人、再审被申请人)：乙",
            "被告(二审上诉人、再审申请人)：丙",
            "被告(二审上诉人、再审申请人)：丁",
            "原告甲、乙共同诉称：丙、丁未按约提供技术服务。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["case_number"] == "（2017）最高法民申30号"
    assert r["court"] == "最高人民法院"
    assert r["procedure"] == "再审"
    assert r["plaintiffs"] == ["甲", "乙"]
    assert r["defendants"] == ["丙", "丁"]
