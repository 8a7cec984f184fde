"""The parser on judgments it was not built on: tests/fixtures/judgments_external.

Real judgments published on the web (patent, copyright, trade secrets, plant varieties, criminal and
administrative cases, rulings and mediation, 2003–2025), each text stored under ``texts/`` beside its
hand label (``url`` says where it was read). ``heldout`` ones were never used to tune the parser: the
floors below are what the parser scored on them when they were first measured (see the litigation
README, "Measured"); a field falling below its floor is a regression on unseen judgments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipatlas.litigation.parser import parse_text
from ipatlas.litigation.scoring import load_fixtures, score_fixtures

EXTERNAL = Path(__file__).resolve().parents[1] / "fixtures" / "judgments_external"

#: Measured on the held-out split (accuracy for single values, F1 for sets): 56 documents — the 16
#: first-page extracts, 6 full-length judgments, 9 extracts of batch 3, 7 of batch 4, 6 of batch 5
#: and 12 of batch 6 (round 6: a 最高法知产法庭 二审, 商业秘密, 信息网络传播权, 假冒注册商标罪, a 商标行政
#: case-library page, news reports of a mediation, a withdrawal and a 二审 award). Round 6's rules
#: were made for the four held-out kinds of batch 5 (read after their blind scoring: a report naming
#: the case in prose, a masked page starting with its story, a court only in a 文号 field, a firm
#: page's keys on one line); the batch-6 pages were scored blind before them and no rule was made
#: from them. Lowered with the batch-6 pages (blind 0.67-0.92 on these fields): document_type,
#: outcome, damages, law_firms. Round 7 added batch 7 (8 pages: 特许经营, 专利权权属, 技术合同,
#: 集成电路布图设计; scored blind with main dd59dbd, no rule made from them) and fixed batch-6 kinds
#: (Latin-letter masks, a site title's type and cause, a quoted 裁定书): 64 documents. Round 8 fixed
#: batch-7 kinds (site dates 结案日期/时间, a masked header number, a 案由 value running on, a story's
#: pair of causes, 某法院一审民事判决书, a bracketed citation, a 案例索引, a case-library title) and added
#: batch 8 (8 pages: 外观设计, 著作权, 计算机软件, 商标行政 and 专利行政 withdrawals; scored blind with
#: main 4f2514d, no rule made from them): 72 documents, measured after round 8. Round 9 fixed batch-8
#: kinds (a case number that lost its bracket or 号, a title's type under site tags, a withdrawal against
#: every defendant, a withdrawal ruling cut inside 依照, a cause in a far title) and added batch 9 (10
#: pages split 5 dev / 5 held-out before any parse; the held-out five scored blind with main 6cf623c,
#: no rule made from them): 77 documents, measured after round 9.
#: Round 10 fixed the batch-10 dev kinds (criminal texts without a party block, a criminal case title, a
#: title abridged with 等, a type line naming cause and instance, a claim's 事实和理由, 3千元) and added
#: batch 10 (12 pages split 6 dev / 6 held-out before any parse; the held-out six scored blind with main
#: 0f0991d, unchanged by the round, no rule made from them): 83 documents, measured after round 10; the
#: 77 earlier ones score as after round 9, the lowered floors are the new pages' blind misses.
#: Round 11 fixed round-10 held-out kinds (抗诉机关（原公诉机关）, a party joined only in the story; read
#: after their blind scoring, so no longer blind) and the batch-11 dev kinds, and added batch 11 (7 pages
#: split 4 dev / 3 held-out before any parse; the held-out three scored 1.00 blind with main faf4677):
#: 86 documents, measured after round 11.
#: Round 12 read a case library's 'label：value' metadata block (chncase-2812790), a party block after a
#: site's note (zsw-56612) and a party masked differently in title and story (findlaw-1587969), all three
#: round-10/9 held-out misses read after their blind scoring (no longer blind), and added batch 12 (6
#: pages split 3 dev / 3 held-out before any parse; the held-out three scored blind with main 7a03a2d,
#: no rule made from them): 89 documents, measured after round 12.
#: Round 13 added batch 13 (12 pages split 6 dev / 6 held-out before any parse: 商业诋毁, 商业贿赂,
#: 名誉权, 集成电路布图设计, 植物新品种, 管辖权异议 and 再审审查 rulings; the held-out six scored blind with
#: main d2ece5c, all fields 1.00 but cause 0.83, parties 0.82, counsel 0.88/0.92 and laws 0.50) and then read
#: the two held-out misses (nlaw-260302: 申请再审人 lines; govopendata-d23bce87: an interpretation's title
#: unbracketed around its law), so they are no longer blind; two older held-out pages moved with them
#: (govopendata-7de04699's interpretation, nlaw-260078's 申请再审人), and two older held-out misses were read
#: and fixed (zscqwh-1079: 甲之商标权承继人：乙; bjzs-42849: a court line with a stray quote mark; no longer
#: blind); batch 13b added four full-length judgments (2 held-out, 1.00 blind on every field): 97
#: documents, measured after round 13.
#: Round 14 added batch 14 (9 pages split 5 dev / 4 held-out before any parse: 技术秘密, 专利权权属
#: with a foreign party, 刑事附带民事, a 最高法 提审 改判, a 台湾地区 plaintiff; the held-out four scored
#: blind with main 747a954, all fields 1.00 but parties 0.92, a label that missed the documented
#: title-unmasking convention and was corrected, see the litigation README) and fixed the two batch-14
#: dev misses: 101 documents, measured after round 14 (floors raised to the measured figures).
#: Round 15 added batch 15 (12 pages split 6 dev / 6 held-out before any parse: a 诉前行为保全 case,
#: 惩罚性赔偿 典型案例 and a summary, 侵犯著作权罪 reports, a 商标异议复审 再审审查 with a US party, a Hong
#: Kong resident defendant, a 专利裁决 record run onto one line); the held-out six scored blind with main
#: c39ef68 and the round's rules change none of them (their misses are new kinds, not studied), then
#: batch 15b (4 criminal news reports, 2 dev / 2 held-out, split before any parse; the held-out two scored
#: blind, then after the 15b dev rules: two accused found on one page, nothing else changed): 109
#: documents, the lowered floors are those pages' misses.
#: Round 16 added batch 16 (14 pages of the common kinds — 商标, 外观设计, 实用新型, 信息网络传播权,
#: 软件, 商业诋毁 — from mirrors, law firms' and lawyers' sites and a news portal, split 7 dev / 7
#: held-out before any parse; the held-out seven scored blind with main 7b398a3) and fixed weaknesses
#: seen on two pages or more (keys run onto their values or continued on the next line, an appeal's
#: result or date stated in a heading or sentence, 甲等诉乙等, a report's court): three older held-out
#: pages and one new one moved (no longer blind): 116 documents, measured after round 16;
#: document_type and damages_awarded lowered with the new held-out summary page's blind misses.
#: Round 17 added batch 17 (12 pages of the common kinds — 商标, 著作权 — from courts not yet in the set:
#: 泉州, 武汉, 郴州, 青岛, 合肥 中院, 鄞州, 滨江, 闵行 基层, 湖北, 山东 高院; split 6 dev / 6 held-out before
#: any parse; the held-out six scored blind with main b9b58c5) and fixed one weakness seen on three pages
#: of three sites (a role word opening a line that holds no party): 122 documents, measured after round 17;
#: decided_on lowered with a held-out page's blind miss (a wikisource date line).
#: Round 18 added batch 18 (14 pages of the kinds still weak — prose reports and 典型案例 write-ups, masked
#: names, an administrative summary, a 管辖 ruling, a withdrawal and a settlement told in news; 黑龙江, 重庆,
#: 云南, 陕西 courts; split 7 dev / 7 held-out before any parse, the held-out seven scored blind with main
#: 47d18d9) and read reports naming their sides with verbs other than 诉: 129 documents, measured after
#: round 18; court lowered with the held-out reports' courts named only by short names (省高院, 黑龙江高院 in
#: a summary's heading) or on a page still rejected (a withdrawal report naming no side).
#: Round 19 added batch 19 (8 pages whose court is named only in short form, only by a case number's code,
#: or not at all; split 4 dev / 4 held-out before any parse, scored blind with main f03db0a), relabelled
#: four older pages under the court-name convention (litigation README, round 19) and expanded short court
#: names; batch 19b (4 more pages, 2 held-out, scored blind with main and with this round's rules): 135
#: documents; court raised, the fields batches 19/19b's blind misses lower (news the parser rejects, masked
#: sides A公司/甲加工厂, causes without 纠纷) lowered to the measured figures (main scores the same).
#: Round 20 added batch 20 (11 pages with masked or short-named sides — news items, court releases, case
#: collections, 裁判文书摘要 tables, a ** masked appeal; split 6 dev / 5 held-out before any parse, scored
#: blind with main c81e151) and read reports naming their sides in a case title, a court's order or a filing:
#: 140 documents. The five new held-out pages missed blind on kinds no rule reads (a 法院/案号 table cell,
#: a masked law firm, 甲诉称 in a 基本案情, a firm's news naming 等-abridged sides, 北京高院在…基础上认定)
#: and were not studied: case_number, court, procedure, outcome, parties, judges and laws_cited lowered
#: to the measured figures; cause raised (two older held-out pages' 纠纷 titles now read).
#: Round 21 added batch 21 (6 pages naming masked sides with no role word — 基本案情, reposts, firms' news;
#: split 3 dev / 3 held-out before any parse, scored blind with main 9ca134b): 143 documents. Court,
#: procedure and lawyers lowered to the measured figures by the new held-out pages' misses (a court named
#: only as the one whose 胜诉判决书 was received, a 上诉人…被上诉人 analysis with no 纠纷 phrase, a lawyer
#: named only in 盈科北京某律师代理); main scores the same or lower on each.
#: Round 22 added batch 22 (3 held-out pages: a 植物新品种 judgment, a 管辖异议 ruling, a 反垄断 news item)
#: and batch 22b (5 held-out pages, blind for both main and the round's rules: two 侵犯著作权罪 reports, a
#: court's mediation news, a white paper's release, an injunction article on two 最高法 appeals): 151
#: documents. The mediation news (a court named 无锡中院, unnamed defendants) and the article (its story
#: opens with a date, the court 对…两案作出终审判决) stay unread: court, procedure, decided_on, outcome, the
#: award and parties lowered to the measured figures; main scores the same or lower on each. Batch 22c
#: (3 held-out pages, blind for main and all the round's rules: a 反垄断 collection, a 假冒注册商标罪 typical
#: case, a 损害商业信誉 ruling): 154 documents; its misses (an upheld dismissal's nil award, masked accused
#: named only in a story) lower the award and parties floors. Round 23 added batch 23 (2 held-out news
#: pages, blind): 156 documents; its one blind miss left (a document type the news does not print) lowers
#: the document_type floor; main scores the same or lower on each. Round 24 added batch 24 (2 held-out
#: criminal pages naming the accused only in the story, blind): 158 documents; after the round's rules
#: (the accused of the story, the one offence a page names, an appeal's 刑终 number in a one-line story)
#: procedure, cause, outcome and parties rise and their floors with them; main scores lower on each.
HELDOUT_FLOORS: dict[str, float] = {
    "case_number": 0.98,  # 138/140 (round 20: batch 20's blind misses; was 0.99)
    "court": 0.945,  # 146/154 (round 22: batch 22b's blind misses; round 21: 0.955)
    "document_type": 0.965,  # 151/156 (round 23: news read as 判决书 from 当庭宣判，判决…; was 0.97)
    "procedure": 0.905,  # 143/158 (round 24; round 22: 0.90)
    "decided_on": 0.965,  # 149/154 (round 22; was 0.97)
    "cause": 0.93,  # 147/158 (round 24; round 20: 0.92)
    "outcome": 0.93,  # 147/158 (round 24; round 22: 0.925)
    "damages_awarded": 0.94,  # 145/154 (round 22: batches 22b/22c; was 0.95)
    "damages_claimed": 0.945,  # 133/140
    "parties": 0.937,  # 0.9375 after round 24 (round 22: 0.933)
    "law_firms": 0.99,  # 0.993
    "lawyers": 0.985,  # 0.988 (round 21: a lawyer named only in a firm's news; was 0.99)
    "judges": 0.975,  # 0.980 (round 20: a summary's 审判员/书记员 keys; was 0.99)
    "laws_cited": 0.985,  # 0.988 (round 20: a summary's 涉案法条 key; was 0.99)
}
#: The dev split (the parser was tuned on it): it must stay where it got to. One batch-3 page without a
#: header names its parties only as 上诉人X因…纠纷一案 and in the attendance sentence (findlaw-1588084).
#: Round 9 added five batch-9 dev pages (all fields 1.00 after the round), round 10 six batch-10 ones.
#: Round 12: a 公众号 case summary (freewechat-2651323998) names its sides only as short names in the
#: claims (procedure, parties and the claimed sum left, 68 documents). Round 13 added six batch-13 dev
#: pages (all fields 1.00 after the round; a masked 最*法院 issuer fixed) and two full-length batch-13b ones
#: (a 二审's first-instance claim under 再查明 fixed): 76 documents. Round 14 added five batch-14 dev pages
#: (a 刑事附带民事 report's civil roles and indexed decision date fixed; all fields 1.00 after): 81 documents.
#: Round 15 added six batch-15 dev pages (a 【key】value record, a keyed criminal report, a report named by
#: its charge, a summary's story naming its sides; all fields 1.00 after the round) and two batch-15b ones
#: (criminal news reports: the accused of the sentence, an appeal dismissed, the dated decision): 89.
#: Round 16 added seven batch-16 dev pages (a news story's appeal result and date fixed; one page cut inside
#: a story sentence keeps a truncated party, 被告/裕华区彩蝶计生用): 96 documents.
#: Round 17 added six batch-17 dev pages: 102 documents. A lawyer's page quoting a 二审's first-instance part
#: under a court-and-number line, with no party block and no type line (findlaw-d228281), is still rejected,
#: hence 0.99 on the header fields, cause and the award (101/102).
#: Round 18 added seven batch-18 dev pages: 109 documents. Still missed: a settlement report's court
#: (最高人民法院知识产权法庭 only as the mediator) and instance (二审), an administrative summary's court
#: (北京高院 in the news title), type and result (原审判决裁判结论正确): court and procedure 106/109,
#: document_type 107/109, outcome 108/109.
#: Round 19 added four batch-19 dev pages (two news items the parser rejects, a masked study, a news story
#: with an unnamed court) and two batch-19b ones: 115 documents; court 113/115 (was 0.97), procedure
#: 107/115, document_type and damages_claimed 112/115, the award 111/115, outcome 110/115, parties 0.9741
#: — the new pages' blind misses (main scores the same).
#: Round 20 added six batch-20 dev pages (all fields 1.00 after the round but one claim, 申请法院判令 in a
#: rewritten news text) and read round 19's dev news item (jrqj-342101): 121 documents; court 119/121,
#: procedure 114/121, document_type 118/121, outcome 117/121, the award 118/121, the claim 117/121,
#: parties 0.978.
#: Round 21 added three batch-21 dev pages (one, a traditional-character appeal comment whose sides are
#: named only with 上诉人/被上诉人 in prose, still unread: its number, court, instance and cause): 124
#: documents; case_number and cause 122/124, court 121/124, procedure 116/124.
#: Round 22 added three batch-22 dev pages (垄断 and 植物新品种 typical-case collections, a book's summary):
#: 127 documents; a list of ten cases cut in its first one (shipinzg-8132) keeps its cause unread: 124/127.
#: Round 24 added two batch-24 dev pages (criminal stories naming the accused): 131 documents;
#: cause 128/131, parties 0.976 after the round.
DEV_FLOORS: dict[str, float] = {
    **dict.fromkeys(HELDOUT_FLOORS, 1.0),
    "case_number": 0.98,  # round 21 (was 0.99)
    "cause": 0.975,  # round 22: a list of ten typical cases' title wording unread (round 21: 0.98)
    "damages_claimed": 0.96,
    **dict.fromkeys(("document_type", "parties", "damages_awarded"), 0.97),  # round 20 (were 0.96)
    "court": 0.975,  # round 21 (was 0.98)
    "outcome": 0.96,  # round 20 (was 0.95)
    "procedure": 0.93,  # round 21 (was 0.94)
}

KEYS = (
    "case_number",
    "court",
    "document_type",
    "procedure",
    "cause",
    "decided_on",
    "plaintiffs",
    "defendants",
    "third_parties",
    "law_firms",
    "lawyers",
    "damages_claimed",
    "outcome",
)


def _labels() -> list[dict]:
    if not EXTERNAL.is_dir() or not any(EXTERNAL.glob("*.json")):
        pytest.fail(
            f"external judgment fixtures missing: {EXTERNAL} should hold <id>.json labels and texts/<id>.txt "
            "(restore tests/fixtures/judgments_external from git)"
        )
    labels = load_fixtures(EXTERNAL)
    missing = [x["file"] for x in labels if not (EXTERNAL / x["file"]).is_file()]
    if missing:
        pytest.fail(f"external judgment texts missing under {EXTERNAL}: {missing}")
    return labels


@pytest.fixture(scope="module")
def scores() -> dict[str, dict]:
    _labels()
    return {split: score_fixtures(EXTERNAL, split=split) for split in ("dev", "heldout")}


def test_external_set_is_real_varied_and_split() -> None:
    labels = _labels()
    assert len(labels) >= 20
    assert sum(1 for x in labels if x["split"] == "heldout") >= 8
    # Full-length texts (signature block kept): judges and the operative part are tested on both splits.
    for split in ("dev", "heldout"):
        assert sum(1 for x in labels if x["split"] == split and x["judges"]) >= 5, split
    assert {x["split"] for x in labels} == {"dev", "heldout"}
    assert all(str(x.get("url", "")).startswith("http") for x in labels), "every label names its source"
    causes = " ".join(str(x.get("cause")) for x in labels)
    for kind in ("专利", "作品", "罪", "行政", "植物新品种", "秘密"):
        assert kind in causes, f"no {kind} case in the external set"
    assert {"判决书", "裁定书", "调解书"} <= {x["document_type"] for x in labels}


@pytest.mark.parametrize("field", sorted(HELDOUT_FLOORS))
def test_heldout_field_floor(scores: dict[str, dict], field: str) -> None:
    got = scores["heldout"]["fields"][field]
    misses = [m for m in scores["heldout"]["misses"] if m["field"] == field]
    assert got["value"] >= HELDOUT_FLOORS[field], f"{field}: {got} misses={misses}"


@pytest.mark.parametrize("field", sorted(DEV_FLOORS))
def test_dev_field_floor(scores: dict[str, dict], field: str) -> None:
    got = scores["dev"]["fields"][field]
    misses = [m for m in scores["dev"]["misses"] if m["field"] == field]
    assert got["value"] >= DEV_FLOORS[field], f"{field}: {got} misses={misses}"


def _variants(text: str) -> dict[str, str]:
    import opencc

    return {
        "traditional": opencc.OpenCC("s2t").convert(text),
        "html": "<div><p>" + text.replace("\n", "</p>\n<p>") + "</p></div>",
    }


@pytest.mark.parametrize("variant", ["traditional", "html"])
def test_same_fields_in_traditional_characters_and_html(variant: str) -> None:
    """A bad conversion to traditional characters, or HTML tags left in a paste, change nothing."""
    for label in _labels():
        if label["split"] != "dev":
            continue
        text = (EXTERNAL / label["file"]).read_text(encoding="utf-8")
        plain = parse_text(text, resolve_regions=False)
        got = parse_text(_variants(text)[variant], resolve_regions=False)
        diff = {k: (plain[k], got[k]) for k in KEYS if plain[k] != got[k]}
        assert not diff, f"{label['_fixture']} ({variant}): {diff}"


def test_one_line_text_keeps_header_parties_and_signature() -> None:
    """A judgment pasted as one line (line breaks lost) still parses, signature block included."""
    text = "\n".join(
        [
            "上海知识产权法院",
            "民事判决书",
            "（2021）沪73知民初123号",
            "原告：甲科技有限公司，住所地上海市浦东新区。",
            "法定代表人：王某，该公司董事长。",
            "委托诉讼代理人：李明，上海市某某律师事务所律师。",
            "被告：乙电子有限公司，住所地江苏省苏州市。",
            "原告甲科技有限公司与被告乙电子有限公司侵害发明专利权纠纷一案，本院于2021年3月1日立案后，"
            "依法适用普通程序，公开开庭进行了审理。本案现已审理终结。",
            "甲科技有限公司向本院提出诉讼请求：1.判令乙电子有限公司停止侵权；2.判令乙电子有限公司赔偿"
            "经济损失及合理开支共计50万元。",
            "依照《中华人民共和国专利法》第十一条第一款、第六十五条之规定，判决如下：",
            "一、乙电子有限公司于本判决生效之日起立即停止侵害原告专利权的行为；",
            "二、乙电子有限公司于本判决生效之日起十日内赔偿甲科技有限公司经济损失及合理开支共计20万元；",
            "三、驳回甲科技有限公司的其他诉讼请求。",
            "案件受理费8800元，由乙电子有限公司负担。",
            "审判长张三",
            "审判员李四",
            "人民陪审员王五",
            "二〇二一年九月一日",
            "法官助理赵六",
            "书记员钱七",
        ]
    )
    lines = parse_text(text, resolve_regions=False)
    one = parse_text(text.replace("\n", ""), resolve_regions=False)
    for k in (*KEYS, "judges", "damages_awarded", "laws_cited"):
        assert one[k] == lines[k], k
    assert one["court"] == "上海知识产权法院"
    assert one["damages_claimed"] == 500000.0 and one["damages_awarded"] == 200000.0
    assert one["outcome"] == "部分支持"
    assert {"name": "赵六", "role": "法官助理"} in one["judges"]
    assert one["decided_on"] == "2021-09-01"


def test_criminal_and_website_layouts() -> None:
    """公诉机关 stands on the plaintiff side, the offence is the cause; a page without the court
    header (title, 审理经过 … 裁判日期) still gives type, parties, outcome and date."""
    criminal = parse_text(
        "某某市人民法院\n刑事判决书\n（2020）某0101刑初1号\n公诉机关某某市人民检察院。\n"
        "被告人张某，男，1980年1月1日出生。因涉嫌犯假冒注册商标罪于2019年5月1日被刑事拘留。\n"
        "辩护人王律，某某律师事务所律师。\n"
        "某某市人民检察院以某检刑诉（2019）1号起诉书指控被告人张某犯假冒注册商标罪，于2019年12月1日"
        "向本院提起公诉。",
        resolve_regions=False,
    )
    assert criminal["plaintiffs"] == ["某某市人民检察院"] and criminal["defendants"] == ["张某"]
    assert criminal["cause"] == "假冒注册商标罪" and criminal["lawyers"] == ["王律"]
    assert criminal["outcome"] is None  # the text stops before the judgment: nothing decided here
    page = parse_text(
        "裁判文书详情\n甲与乙侵害外观设计专利权纠纷一审民事裁定书\n审理经过\n"
        "原告甲诉被告乙侵害外观设计专利权纠纷一案，本院于2015年9月29日受理后，原告甲申请撤回起诉。\n"
        "本院认为\n本院认为，原告申请撤诉，应予准许。依照《中华人民共和国民事诉讼法》第一百四十五条第一款之规定，"
        "裁定如下：\n裁判结果\n准许原告甲撤回起诉。\n裁判日期\n二〇一五年十二月七日",
        resolve_regions=False,
    )
    assert (page["case_number"], page["document_type"], page["procedure"]) == (None, "裁定书", "一审")
    assert (page["plaintiffs"], page["defendants"]) == (["甲"], ["乙"])
    assert page["outcome"] == "撤诉/调解" and page["decided_on"] == "2015-12-07"


def test_criminal_judgment_outcome_and_fine() -> None:
    """判处有期徒刑…并处罚金: the charge is upheld (支持) and a fine is not damages."""
    text = "\n".join(
        [
            "某某市某某区人民法院",
            "刑事判决书",
            "（2022）某0102刑初100号",
            "公诉机关某某市某某区人民检察院。",
            "被告人李某，男，1990年2月2日出生。因涉嫌犯销售假冒注册商标的商品罪于2021年6月1日被取保候审。",
            "辩护人赵某，某某律师事务所律师。",
            "某某市某某区人民检察院以某检刑诉（2022）5号起诉书指控被告人李某犯销售假冒注册商标的商品罪，"
            "于2022年3月1日向本院提起公诉。本院依法适用简易程序，公开开庭审理了本案。现已审理终结。",
            "依照《中华人民共和国刑法》第二百一十四条、第五十二条之规定，判决如下：",
            "一、被告人李某犯销售假冒注册商标的商品罪，判处有期徒刑一年，缓刑一年，并处罚金人民币五万元。",
            "二、扣押在案的假冒注册商标的商品予以没收。",
            "如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向某某市中级人民法院提出上诉。",
            "审判员孙某某",
            "二〇二二年四月一日",
            "书记员周某",
        ]
    )
    got = parse_text(text, resolve_regions=False)
    assert got["cause"] == "销售假冒注册商标的商品罪"
    assert got["plaintiffs"] == ["某某市某某区人民检察院"] and got["defendants"] == ["李某"]
    assert got["outcome"] == "支持" and got["damages_awarded"] is None
    assert {"law": "中华人民共和国刑法", "article": "第二百一十四条"} in got["laws_cited"]
    assert got["judges"] == [{"name": "孙某某", "role": "审判员"}, {"name": "周某", "role": "书记员"}]
    assert got["decided_on"] == "2022-04-01"


def test_full_length_rules_found_on_the_new_dev_judgments() -> None:
    """Rules from the full-length dev judgments: the 本件与原本核对无异 stamp between the date and the
    clerk of a one-line signature block; expenses claimed together with the costs (诉讼费及…合理开支
    （包括…共计10万元）); 当庭明确请求依法确定赔偿数额 is no amended figure."""
    text = "\n".join(
        [
            "某某市中级人民法院",
            "民事判决书",
            "（2015）某知民初字第1号",
            "原告甲公司，住所地某某市。",
            "委托代理人李明，某某律师事务所律师。",
            "被告乙。",
            "原告甲公司与被告乙侵害商标权纠纷一案，本院受理后，依法组成合议庭进行了审理。本案现已审理终结。",
            "原告甲公司诉称，请求判令：1、被告停止侵权；2、被告赔偿经济损失600000元；3、本案诉讼费及原告"
            "为制止侵权行为所支付的合理开支（包括调查费、律师费等共计10万元）由被告承担。",
            "本院认为，原告当庭明确请求依法确定赔偿数额，本院酌定被告赔偿原告经济损失4万元。",
            "依照《中华人民共和国商标法》第六十三条之规定，判决如下：",
            "一、被告乙于本判决生效之日起十日内赔偿原告甲公司经济损失40000元；",
            "二、驳回原告甲公司的其他诉讼请求。",
            "案件受理费100元，由被告乙负担。",
            "审　判　长　　张　三审　判　员　　李　四"
            "二〇一五年四月十四日本件与原本核对无异书　记　员　　王　五",
        ]
    )
    got = parse_text(text, resolve_regions=False)
    assert got["damages_claimed"] == 700000.0 and got["damages_awarded"] == 40000.0
    assert got["outcome"] == "部分支持" and got["decided_on"] == "2015-04-14"
    assert got["judges"] == [
        {"name": "张三", "role": "审判长"},
        {"name": "李四", "role": "审判员"},
        {"name": "王五", "role": "书记员"},
    ]


def test_batch4_layout_rules() -> None:
    """Rules from the batch-4 dev pages: a metadata table standing for the header; the type printed
    after the case number; a type line 民事案件判决书; parties named only in a story that pairs two
    roles (sides from 向一审法院提出诉讼请求); parties of a 调解书 that only has who pleads."""
    table = parse_text(
        "裁判要旨\n案号 | （2016）沪73民初1号 |\n案由 | 侵害外观设计专利权纠纷 |\n书记员 | 王五 |\n当事人\n"
        "| 原告:甲文具股份有限公司 |\n被告:乙集团有限公司 |\n裁判日期\n| 2016年12月12日 |\n裁判结果\n"
        "| 一、被告乙集团有限公司于本判决生效之日起十日内赔偿原告甲文具股份有限公司经济损失50,000元; "
        "二、驳回原告甲文具股份有限公司的其余诉讼请求。 |",
        resolve_regions=False,
    )
    assert (table["case_number"], table["document_type"], table["procedure"]) == (
        "（2016）沪73民初1号",
        "判决书",
        "一审",
    )
    assert (table["plaintiffs"], table["defendants"]) == (["甲文具股份有限公司"], ["乙集团有限公司"])
    assert (table["decided_on"], table["outcome"], table["damages_awarded"]) == (
        "2016-12-12",
        "部分支持",
        50000.0,
    )
    assert table["judges"] == [{"name": "王五", "role": "书记员"}]
    numbered = parse_text(
        "某某省高级人民法院\n（2015）某民三终字第1号民事判决\n上诉人（原审原告）甲种业有限公司。\n"
        "被上诉人（原审被告）乙种业有限公司。\n甲种业有限公司与乙种业有限公司侵犯植物新品种权纠纷一案，本院受理。",
        resolve_regions=False,
    )
    assert (numbered["court"], numbered["document_type"]) == ("某某省高级人民法院", "判决书")
    story = parse_text(
        "某某省高级人民法院\n民事案件判决书\n（2020）某民终4号\n上诉人甲照明有限公司（以下简称甲公司）与上诉人"
        "乙照明股份有限公司（以下简称乙公司）因侵害外观设计专利权纠纷一案，不服一审判决，向本院提起上诉。\n"
        "甲公司向一审法院提出诉讼请求：1.判令被告停止侵权。",
        resolve_regions=False,
    )
    assert story["document_type"] == "判决书"
    assert (story["plaintiffs"], story["defendants"]) == (["甲照明有限公司"], ["乙照明股份有限公司"])
    mediation = parse_text(
        "某某市中级人民法院民事调解书 （2006）某民初字第1号\n案由:侵犯注册商标专用权纠纷。\n"
        "原告（英国）甲公司、乙汽车销售公司共同起诉称:被告侵权。\n被告丙汽车维修有限公司答辩称:不侵权。\n"
        "本案在审理过程中,经本院主持调解",
        resolve_regions=False,
    )
    assert (mediation["plaintiffs"], mediation["defendants"]) == (
        ["甲公司", "乙汽车销售公司"],
        ["丙汽车维修有限公司"],
    )
    assert mediation["outcome"] == "撤诉/调解"


def test_batch5_page_rules() -> None:
    """Rules from the batch-5 dev pages: a firm's or a news headline over the party block (no court
    header, no judgment title) is read from the block, agents run onto a party's line split off; a
    case summary citing 法院（年）号民事判决书 on one line with 案由/当事人 keys; 被告：甲公司、乙公司;
    a 原告诉求 heading; a type the page does not give stays unknown (None)."""
    firm = parse_text(
        "某某律师事务所成功代理甲公司不正当竞争案\n2021-06-24 来源：本站\n"
        "上诉人（原审被告）：乙科技有限公司，住所地北京市朝阳区。\n"
        "被上诉人（原审原告）：甲信息技术（北京）有限公司，住所地北京市海淀区。法定代表人：戴某，执行董事。"
        "委托诉讼代理人：艾某，北京市某某律师事务所律师。委托诉讼代理人：张某，北京市某某律师事务所实习律师。\n"
        "上诉人乙科技有限公司因与被上诉人甲信息技术（北京）有限公司不正当竞争纠纷一案，不服一审判决，向本院提起上诉。",
        resolve_regions=False,
    )
    assert (firm["case_number"], firm["court"], firm["document_type"], firm["procedure"]) == (
        None,
        None,
        None,
        "二审",
    )
    assert (firm["plaintiffs"], firm["defendants"]) == (["甲信息技术（北京）有限公司"], ["乙科技有限公司"])
    assert (firm["cause"], firm["law_firms"], firm["lawyers"]) == (
        "不正当竞争纠纷",
        ["北京市某某律师事务所"],
        ["艾某"],
    )
    summary = parse_text(
        "一、案件基本信息\n1、裁判文书字号\n某某省某某市某某区人民法院（2019）某0103民初1号民事判决书\n"
        "2、案由：侵害商标权纠纷\n3、当事人\n原告：某某协会\n被告：丙公司、丁超市公司\n"
        "二、基本案情\n2008年7月28日，经商标局核准，某某协会注册取得了第1号证明商标，核定使用商品为第30类：米。",
        resolve_regions=False,
    )
    assert (summary["court"], summary["case_number"], summary["document_type"]) == (
        "某某省某某市某某区人民法院",
        "（2019）某0103民初1号",
        "判决书",
    )
    assert (summary["cause"], summary["procedure"]) == ("侵害商标权纠纷", "一审")
    assert (summary["plaintiffs"], summary["defendants"]) == (["某某协会"], ["丙公司", "丁超市公司"])
    review = parse_text(
        "案号：（2025）某0311民初1号\n审理法院：某某市某某区人民法院\n当事人：\n原告：甲公司\n"
        "被告：乙公司、丙公司（两被告法定代表人均为同一人）\n案由：侵害商标权及不正当竞争纠纷\n"
        "核心争议：原告主张被告通过微信销售带有某标识的服装，侵害了其注册商标专用权并构成不正当竞争，"
        "被告则否认侵权，并主张被诉行为系员工个人行为、商标不近似、原告未在服装类实际使用涉案商标等。\n"
        "二、原告诉求\n1. 判令两被告立即停止侵权。\n"
        "2. 判令两被告赔偿原告经济损失及合理维权费用合计人民币50万元。",
        resolve_regions=False,
    )
    assert review["defendants"] == ["乙公司", "丙公司"] and review["damages_claimed"] == 500000.0
    assert (review["document_type"], review["cause"]) == (None, "侵害商标权及不正当竞争纠纷")
