"""Round 13: the batch-13 dev miss (a law name whose issuer a site masked: 最*法院关于…) and the two
batch-13 held-out misses read after their blind run (an interpretation's title left unbracketed around
the law it is about; 申请再审人 party lines and a site title ending …民事裁定 without 书), as constructed
pages (each failed on main d2ece5c; the guards pass on both). Names and numbers are made up; the layouts
are those of real pages in tests/fixtures/judgments_external, with other wording.
"""

from __future__ import annotations

from ipatlas.litigation.laws import extract_citations, normalise_law_name
from ipatlas.litigation.parser import parse_text


def test_masked_issuer_is_the_supreme_court() -> None:
    text = "\n".join(
        [
            "裁判文书详情",
            "苏州**有限公司与某**公司一案一审民事裁定书",
            "审理经过",
            "本院受理原告某**公司诉被告苏州*有限公司侵害商标权纠纷一案后，被告苏州*有限公司在提交答辩状期间"
            "对管辖权提出异议。",
            "本院查明",
            "经审查，本院认为，被告住所地不在本院辖区，但侵权商品的查封扣押地在本院辖区。据此，依照《中华人民共和国"
            "民事诉讼法》第一百二十七条、《最**法院关于审理商标民事纠纷案件适用法律若干问题的解释》第六条之规定，"
            "裁定如下：",
            "裁判结果",
            "驳回被告苏州*有限公司对本案管辖权提出的异议。",
            "裁判日期",
            "二○一○年三月二日",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert {(c["law"], c["article"]) for c in r["laws_cited"]} == {
        ("中华人民共和国民事诉讼法", "第一百二十七条"),
        ("最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释", "第六条"),
    }


def test_unbracketed_interpretation_title_is_one_name() -> None:
    # A site's 法律依据 value: the title's brackets stand only around the law it is about.
    cites = extract_citations(
        "最高人民法院关于贯彻执行《中华人民共和国民法通则》若干问题的意见(试行):第一百五十条;"
        "《中华人民共和国民事诉讼法》:第一百四十四条"
    )
    opinions = "最高人民法院关于贯彻执行《中华人民共和国民法通则》若干问题的意见（试行）"
    assert cites == [
        {"law": opinions, "article": "第一百五十条"},
        {"law": "中华人民共和国民事诉讼法", "article": "第一百四十四条"},
    ]
    interpretation = "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释"
    cites = extract_citations(f"依照{interpretation}第三百三十四条之规定")
    assert cites == [{"law": interpretation, "article": "第三百三十四条"}]


def test_bracketed_titles_unchanged() -> None:
    # Guards (pass on main too): fully bracketed titles and an issuer before its brackets.
    assert extract_citations("《最高人民法院关于审理不正当竞争民事案件应用法律若干问题的解释》第十七条") == [
        {"law": "最高人民法院关于审理不正当竞争民事案件应用法律若干问题的解释", "article": "第十七条"}
    ]
    assert extract_citations("依照《中华人民共和国商标法》第五十七条第（二）项、第六十三条") == [
        {"law": "中华人民共和国商标法", "article": "第五十七条"},
        {"law": "中华人民共和国商标法", "article": "第六十三条"},
    ]
    assert normalise_law_name("商标法") == "中华人民共和国商标法"


def test_old_style_retrial_applicants_and_title_without_shu() -> None:
    text = "\n".join(
        [
            "最高人民法院裁判文书",
            "张立、周红与湖南恒达实业有限公司侵犯注册商标专用权纠纷再审审查民事裁定",
            "来源：法学学习 发布时间：2015-03-02",
            "中华人民共和国最高人民法院",
            "民 事 裁 定 书",
            "（2011）民申字第88号",
            "申请再审人（一审被告、反诉原告、二审上诉人）：张立",
            "申请再审人（一审被告、反诉原告、二审上诉人）：周红。",
            "上述两申请再审人之共同委托代理人：李明，湖南星城律师事务所律师。",
            "被申请人（一审原告、反诉被告、二审被上诉人）：湖南恒达实业有限公司。住所地：湖南省长沙市。",
            "法定代表人：王强，该公司董事长。",
            "申请再审人张立、周红因与被申请人湖南恒达实业有限公司侵犯注册商标专用权",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["procedure"] == "再审"
    assert r["plaintiffs"] == ["湖南恒达实业有限公司"]
    assert r["defendants"] == ["张立", "周红"]
    assert r["lawyers"] == ["李明"]
    assert r["law_firms"] == ["湖南星城律师事务所"]
    assert r["cause"] == "侵犯注册商标专用权纠纷"  # from the title: the page stops before the story's 纠纷


def test_story_line_still_story() -> None:
    # Guard (passes on main too): a line opening with a role and telling the story stays the story.
    text = "\n".join(
        [
            "中华人民共和国最高人民法院",
            "民 事 裁 定 书",
            "（2013）民申字第12号",
            "再审申请人（一审原告、二审上诉人）：甲市乙食品有限公司。住所地：甲市。",
            "被申请人（一审被告、二审被上诉人）：丙贸易有限公司。住所地：丙市。",
            "再审申请人甲市乙食品有限公司因与被申请人丙贸易有限公司侵害商标权纠纷一案，不服丁省高级人民法院"
            "（2012）丁民终字第3号民事判决，向本院申请再审。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["plaintiffs"] == ["甲市乙食品有限公司"]
    assert r["defendants"] == ["丙贸易有限公司"]
    assert r["cause"] == "侵害商标权纠纷"


def test_traditional_page_keeps_a_standard_name_character() -> None:
    # 昇 is a standard simplified character (通用规范汉字表) that OpenCC's t2s folds into 升: a name
    # holding it must come out of a traditional page as it is written.
    text = "\n".join(
        [
            "廣東省深圳市中級人民法院",
            "民 事 判 決 書",
            "（2020）粵03民初101號",
            "原告：深圳市華昇電子有限公司，住所地廣東省深圳市。",
            "委託訴訟代理人：劉明，廣東南海律師事務所律師。",
            "被告：東莞市永昇塑膠製品有限公司，住所地廣東省東莞市。",
            "原告深圳市華昇電子有限公司與被告東莞市永昇塑膠製品有限公司侵害實用新型專利權糾紛一案，本院於2020年"
            "3月2日立案後，依法適用普通程序，公開開庭進行了審理。本案現已審理終結。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["plaintiffs"] == ["深圳市华昇电子有限公司"]
    assert r["defendants"] == ["东莞市永昇塑胶制品有限公司"]
    assert r["court"] == "广东省深圳市中级人民法院"
    assert r["lawyers"] == ["刘明"]


def test_successor_stands_for_the_party() -> None:
    # Read from the batch-4 held-out miss zscqwh-1079 (no longer blind): 甲之商标权承继人：乙.
    text = "\n".join(
        [
            "中华人民共和国最高人民法院",
            "行 政 裁 定 书",
            "（2018）最高法行申100号",
            "再审申请人（一审原告、二审上诉人）：甲株式会社。住所地：日本国东京都。",
            "被申请人（一审被告、二审被上诉人）：国家知识产权局。住所地：北京市海淀区。",
            "原审第三人乙酒店管理有限公司之商标权承继人：丙网络科技有限公司。住所地：浙江省杭州市。",
            "委托诉讼代理人：赵明，浙江钱塘律师事务所律师。",
            "再审申请人甲株式会社因与被申请人国家知识产权局、原审第三人丙网络科技有限公司商标撤销复审行政纠纷一案，"
            "不服北京市高级人民法院（2017）京行终1号行政判决，向本院申请再审。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["third_parties"] == ["丙网络科技有限公司"]
    assert r["plaintiffs"] == ["甲株式会社"]
    assert r["lawyers"] == ["赵明"]


def test_court_line_with_a_stray_quote() -> None:
    # Read from the first held-out miss list, bjzs-42849 (no longer blind): a quote mark left by the paste.
    text = "\n".join(
        [
            "甲与乙公司侵害作品信息网络传播权纠纷一审民事裁定书",
            "来源:中国裁判文书网",
            '"广州互联网法院',
            "民事裁定书",
            "（2021）粤0192民初500号",
            "原告：甲，女，1985年1月2日出生，汉族，住广东省广州市。",
            "被告：乙科技有限公司，住所地广东省深圳市。",
            "原告甲与被告乙科技有限公司侵害作品信息网络传播权纠纷一案，本院于2021年5月6日立案。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["court"] == "广州互联网法院"
    assert r["case_number"] == "（2021）粤0192民初500号"


def test_first_instance_claim_restated_among_appeal_findings() -> None:
    # Batch-13b dev kind: a 二审 judgment states the first-instance claim only under 再查明, after the
    # 原审法院认为 part and the appeal (whose 5万元 is not the claim).
    text = "\n".join(
        [
            "广州知识产权法院",
            "民事判决书",
            "（2016）粤73民终88号",
            "上诉人（原审原告）：甲股份有限公司，住所地：法国巴黎。",
            "委托代理人：王明，北京某某律师事务所律师。",
            "被上诉人（原审被告）：李某，女，1970年1月1日出生，住广东省广州市。",
            "上诉人甲股份有限公司因与被上诉人李某侵害商标权纠纷一案，不服广东省广州市越秀区人民法院（2015）穗越法知民初字"
            "第12号民事判决，向本院提起上诉。本院受理后，依法组成合议庭进行了审理。本案现已审理终结。",
            "原审法院认为，李某销售的商品侵犯了甲股份有限公司的注册商标专用权。原审法院判决：李某赔偿甲股份有限公司"
            "经济损失2万元。",
            "甲股份有限公司不服原审判决，上诉请求：改判李某赔偿经济损失及合理费用共计5万元。",
            "经本院审理查明，原审法院认定的事实清楚，本院予以确认。",
            "再查明，甲股份有限公司一审提出的诉讼请求是：1、李某停止侵权；2、李某赔偿甲股份有限公司经济损失及合理支出"
            "共计20万元；3、李某承担全部诉讼费用。",
            "本院认为，原审判决认定事实清楚。依照《中华人民共和国民事诉讼法》第一百七十条第一款第（一）项之规定，判决如下：",
            "驳回上诉，维持原判。",
            "本判决为终审判决。",
            "审判长张三",
            "二〇一六年三月一日",
            "书记员李四",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["damages_claimed"] == 200000.0
    assert r["outcome"] == "维持原判"
