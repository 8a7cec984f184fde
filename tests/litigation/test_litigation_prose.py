"""Round 6: the held-out failure kinds of round 5, as constructed pages (each failed on main dd74a42).

A news report naming the case only in prose; a masked page that starts with its story (no party block);
a court given only as a 文号/案号 metadata value; a firm's page with 审理法院/案号/代理成果 run onto one
line and a prose result. The texts are made up (names, numbers); the layouts are those of real pages
(tests/fixtures/judgments_external: iprdaily-35932, lawxp-c720d, m110-11376769, zs426-376).
"""

from __future__ import annotations

from ipatlas.litigation.parser import parse_text


def test_news_report_naming_the_case_in_prose() -> None:
    text = "\n".join(
        [
            "首页 行业 专题 律所",
            "维权合理开支的认定",
            "作者 小明 3个月前",
            "“上诉人甲机械公司与被上诉人乙科技公司、原审被告丙贸易公司侵害实用新型专利权纠纷案。”",
            "——（2021）最高法知民终888号",
            "裁判要旨",
            "专利权人为另案支出的费用，一般不属于本案维权合理开支。",
            "基本案情",
            "在上诉人甲机械公司与被上诉人乙科技公司、原审被告丙贸易公司侵害实用新型专利权纠纷案中，"
            "乙科技公司系涉案专利的专利权人。",
            "乙科技公司认为甲机械公司制造、丙贸易公司销售的产品侵害其专利权，故向某某市中级人民法院"
            "提起诉讼，请求判令甲机械公司赔偿经济损失40万元、维权合理开支共计2万元。",
            "二审法院判决驳回上诉，维持原判。",
        ]
    )
    got = parse_text(text, resolve_regions=False)
    assert got["case_number"] == "（2021）最高法知民终888号"
    assert (got["procedure"], got["cause"]) == ("二审", "侵害实用新型专利权纠纷")
    assert (got["plaintiffs"], got["defendants"]) == (["乙科技公司"], ["甲机械公司", "丙贸易公司"])
    assert got["court"] is None  # the court a claim was filed with is not the deciding court
    assert got["damages_claimed"] == 420000.0  # the 共计 totals only the expenses listed after 、
    assert got["outcome"] == "维持原判"
    assert got["document_type"] is None


def test_news_report_with_the_deciding_court_and_a_mediation() -> None:
    text = (
        "本报讯 近日，某某省某某市中级人民法院以调解方式审结原告甲食品有限公司诉被告乙饮料厂"
        "侵害商标权纠纷一案。"
        "双方当事人在法院主持下达成调解协议，乙饮料厂停止侵权并赔偿经济损失5万元。"
    )
    got = parse_text(text, resolve_regions=False)
    assert (got["plaintiffs"], got["defendants"]) == (["甲食品有限公司"], ["乙饮料厂"])
    assert got["cause"] == "侵害商标权纠纷" and got["procedure"] == "一审"
    assert got["court"] == "某某省某某市中级人民法院"
    assert got["outcome"] == "撤诉/调解"


def test_masked_page_that_starts_with_its_story() -> None:
    text = "\n".join(
        [
            "上诉人国家知识***、某某******（****.，limited）（简称某某集团）因商标权无效宣告请求行政纠纷一案，"
            "不服北京知识产权法院（2021）京73行初****号行政判决，向本院提起上诉。本院受理后，依法组成合议庭进行了审理。"
            "本案现已审理终结。",
            "北京知识产权法院查明：",
            "一、诉争商标。",
        ]
    )
    got = parse_text(text, resolve_regions=False)
    assert (got["procedure"], got["cause"]) == ("二审", "商标权无效宣告请求行政纠纷")
    assert got["defendants"] == ["国家知识***"]  # the agency is the defendant of an administrative case
    assert got["plaintiffs"] == ["某某******"]  # the foreign name in brackets is dropped
    assert got["case_number"] is None  # the lower court's number is not this case's


def test_court_given_only_as_a_metadata_value() -> None:
    text = "\n".join(
        [
            "裁判文书",
            "甲公司诉专利复审委员会、第三人乙公司专利行政纠纷",
            "当事人:   法官:   文号:北京市第一中级人民法院",
            "原告甲电器有限公司，住所地陕西省西安市。",
            "被告国家知识产权局专利复审委员会，住所地北京市海淀区。",
            "第三人乙电器有限公司，住所地陕西省西安市。",
            "原告甲电器有限公司不服被告国家知识产权局专利复审委员会作出的第x号无效宣告请求审查决定，向本院提起诉讼。"
            "本院受理后，依法组成合议庭，并通知乙电器有限公司作为第三人参加本案诉讼。本案现已审理终结。",
        ]
    )
    got = parse_text(text, resolve_regions=False)
    assert got["court"] == "北京市第一中级人民法院"
    assert got["defendants"] == ["国家知识产权局专利复审委员会"]


def test_firm_page_with_keys_on_one_line_and_a_prose_result() -> None:
    text = "\n".join(
        [
            "商标案例 Trademark",
            "电话：000-0000",
            "甲饮料有限公司与乙饮品有限公司、王某、丙宾馆商标侵权及不正当竞争纠纷案。（甲公司获得100万赔偿，"
            " | ||||||",
            "发布时间：2021-02-26 16:53:48| 浏览次数： | |||||||",
            "审理法院:某某省高级人民法院 案号:(2020)某民终100号 代理成果:一审胜诉,二审胜诉",
            "案情简介:甲饮料有限公司（以下简称甲公司）系某商标权人。甲公司认为乙饮品有限公司的行为侵害其商标权，"
            "诉至某某市中级人民法院要求停止侵权并赔偿损失。",
            "裁判结果:某某市中级人民法院一审认为，乙饮品有限公司构成商标侵权和不正当竞争。判决乙饮品有限公司停止侵权"
            "并赔偿甲公司经济损失100万元。乙饮品有限公司提出上诉。某某省高级人民法院判决驳回上诉,维持原判。",
        ]
    )
    got = parse_text(text, resolve_regions=False)
    assert (got["case_number"], got["court"]) == ("（2020）某民终100号", "某某省高级人民法院")
    assert (got["procedure"], got["cause"]) == ("二审", "商标侵权及不正当竞争纠纷")
    assert got["plaintiffs"] == ["甲饮料有限公司"]
    assert got["defendants"] == ["乙饮品有限公司", "王某", "丙宾馆"]
    assert (got["outcome"], got["damages_awarded"]) == ("维持原判", 1000000.0)
