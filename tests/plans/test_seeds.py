"""The parser on the five seed plans, against expectations written by hand from reading them.

Every expected value below was read off the documents in ../shared/seeds/ (not copied from the
parser's output): titles, document numbers, issuers and dates from the headers and signatures,
targets from the 发展目标/主要目标 paragraphs, tasks and their 责任单位 from the numbered
measures, schedule stages from 进度安排.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ipatlas.plans import ParsedPlan, Target, parse_plan

SEEDS = {
    "chongqing_13th": "000_0a5f83c4f7ea3fda.txt",
    "shenyang": "001_45e33f3d4ac1438b.txt",
    "qianjiang": "002_e28b6c53a957f5e4.txt",
    "chongqing_layout_tw": "003_a80329dc2d3c96ae.txt",
    "yuxi": "004_c2b4c720c7d91a67.txt",
}
FURNITURE = ("购买咨询", "二维码", "本文链接", "本文关键词", "相关词条", "热门词条", "联系我们", "联络我们",
             "技术支持电话", "编辑：", "0755-", "索骥", "律所案件", "基本介绍", "中文名：")  # fmt: skip


@pytest.fixture(scope="module")
def plans(shared_dir: Path) -> dict[str, ParsedPlan]:
    return {k: parse_plan(shared_dir / "seeds" / v) for k, v in SEEDS.items()}


def target(plan: ParsedPlan, indicator: str) -> Target:
    matches = [t for t in plan.targets if t.indicator == indicator]
    assert len(matches) == 1, [t.indicator for t in plan.targets]
    return matches[0]


def section_titles(plan: ParsedPlan) -> list[tuple[str | None, str | None]]:
    return [(s.number, s.title) for s in plan.sections]


# ---------------------------------------------------------------------------------------------
# 000 重庆市知识产权“十三五”发展规划 (legal-database page with product adverts on top)


def test_chongqing_13th_metadata(plans: dict[str, ParsedPlan]) -> None:
    p = plans["chongqing_13th"]
    assert p.title == "重庆市知识产权“十三五”发展规划"
    assert p.doc_number is None  # the page gives none
    assert p.issuers == []
    assert p.issued_on == dt.date(2017, 4, 1)  # 颁布日期
    assert p.effective_on == dt.date(2017, 4, 1)  # 实施日期
    assert p.status == "有效"
    assert (p.level, p.kind) == ("市", "规划")
    assert p.region is not None and p.region.code == "500000"
    assert (p.period.start, p.period.end) == (2016, 2020)  # “十三五”
    assert p.preamble.startswith("为贯彻落实《“十三五”国家知识产权保护和运用规划》")


def test_chongqing_13th_structure(plans: dict[str, ParsedPlan]) -> None:
    p = plans["chongqing_13th"]
    assert section_titles(p) == [
        ("一", "发展基础与面临的形势"),
        ("二", "指导思想、基本原则和发展目标"),
        ("三", "主要任务"),
        ("四", "重点工作"),
        ("五", "保障措施"),
    ]
    base = p.sections[0].children[0]
    assert (base.number, base.title, base.path) == ("(一)", "发展基础", "一.(一)")
    assert [c.title for c in base.children][:2] == ["知识产权综合实力快速提升", "知识产权运用成效日益显著"]
    assert len(base.children) == 7
    assert [len(s.children) for s in p.sections[3].children] == [4, 8, 4, 9, 3]


def test_chongqing_13th_targets(plans: dict[str, ParsedPlan]) -> None:
    p = plans["chongqing_13th"]
    # 到2020年，每万人口发明专利拥有量比2015年增长一倍以上
    t = target(p, "每万人口发明专利拥有量")
    assert (t.kind, t.value, t.year, t.comparator, t.indicator_id) == (
        "multiple",
        2,
        2020,
        ">=",
        "inv_per_10k_pop",
    )
    assert t.baseline is not None and t.baseline.year == 2015
    # 规模以上工业企业每亿元主营业务收入有效发明专利数达到0.45件
    t = target(p, "规模以上工业企业每亿元主营业务收入有效发明专利数")
    assert (t.kind, t.value, t.unit, t.year) == ("level", 0.45, "件", 2020)
    assert t.indicator_id == "above_scale_inv_per_100m_revenue"
    # PCT（专利合作协定）国际专利申请量累计达到2500件
    t = target(p, "PCT（专利合作协定）国际专利申请量")
    assert (t.kind, t.value, t.unit, t.indicator_id) == ("cumulative", 2500, "件", "pct_app")
    # …质押融资收入比2015年翻一番
    t = next(t for t in p.targets if t.indicator.endswith("质押融资收入"))
    assert (t.kind, t.value) == ("multiple", 2)
    assert t.baseline is not None and t.baseline.year == 2015
    # 知识产权服务业营业收入实现年均增长20%
    t = target(p, "知识产权服务业营业收入")
    assert (t.kind, t.value, t.unit, t.comparator) == ("growth_rate", 20, "%", "=")
    assert len(p.targets) == 5  # the 驰名商标/地理标志/植物新品种 "大幅增长" goals carry no figure


def test_chongqing_13th_baselines(plans: dict[str, ParsedPlan]) -> None:
    """“十二五”末 figures of 发展基础: the baselines the plan itself states."""
    b = {t.indicator: t for t in plans["chongqing_13th"].baselines}
    assert (b["有效专利"].value, b["有效专利"].year, b["有效专利"].indicator_id) == (
        94975,
        2015,
        "pat_valid_total",
    )
    assert (b["有效注册商标总量"].value, b["有效注册商标总量"].indicator_id) == (
        197500,
        "tm_valid",
    )  # 19.75万件
    assert b["驰名商标"].value == 128
    assert b["地理标志"].value == 195
    assert b["普通作品登记"].value == 128200  # 12.82万件, "大幅增长，达到12.82万件"
    assert all(t.year == 2015 for t in b.values())


def test_chongqing_13th_tasks(plans: dict[str, ParsedPlan]) -> None:
    p = plans["chongqing_13th"]
    # 三、主要任务 (一)–(六); 四、重点工作 4+8+4+9+3 items; 五、保障措施 (一)–(三)
    assert len(p.tasks) == 6 + 28 + 3
    assert p.task("三.(六)").title == "加强知识产权人才培养和文化建设"
    assert p.task("四.(四).9").title == "推进军民知识产权转移转化"
    assert p.task("五.(三)").title == "加强督查评估"
    assert all(t.units == [] and t.lead_unit is None for t in p.tasks)  # the plan names no units
    assert p.schedule == []


# ---------------------------------------------------------------------------------------------
# 001 沈阳 工作方案 (carried by a 印发 notice; units as 〔责任单位：…〕)


def test_shenyang_metadata(plans: dict[str, ParsedPlan]) -> None:
    p = plans["shenyang"]
    assert p.title == "沈阳市推进国家知识产权示范城市建设工作方案（2018-2021年）"
    assert p.notice_title == (
        "沈阳市人民政府办公厅关于印发沈阳市推进国家知识产权示范城市建设工作方案（2018-2021年）的通知"
    )
    assert p.doc_number == "沈政办发〔2018〕135号"  # not the cited 国知发管字〔2016〕87号
    assert p.issuers == ["沈阳市人民政府办公厅"]
    assert p.issued_on == dt.date(2018, 10, 14)
    assert (p.level, p.kind, p.status) == ("市", "工作方案", None)
    assert p.region is not None and p.region.code == "210100"
    assert (p.period.start, p.period.end) == (2018, 2021)
    assert section_titles(p) == [("一", "总体要求"), ("二", "主要任务"), ("三", "保障措施")]


def test_shenyang_targets(plans: dict[str, ParsedPlan]) -> None:
    p = plans["shenyang"]
    t = target(p, "每万人口发明专利拥有量")
    assert (t.value, t.unit, t.year, t.kind, t.nature, t.baseline) == (25, "件", 2021, "level", None, None)
    t = target(p, "PCT国际专利申请量")
    assert (t.kind, t.value, t.unit, t.comparator, t.indicator_id) == (
        "growth_rate",
        20,
        "%",
        ">=",
        "pct_app",
    )
    t = target(p, "有效注册商标拥有量")
    assert (t.value, t.value_text, t.indicator_id) == (85000, "8.5万件", "tm_valid")
    t = target(p, "作品著作权登记")
    assert (t.value, t.indicator_id) == (5000, "rights_works_reg")  # the catalogue counts work registrations
    assert len(p.targets) == 4


def test_shenyang_tasks_and_units(plans: dict[str, ParsedPlan]) -> None:
    p = plans["shenyang"]
    # 二、主要任务: 3+4+3+2+2 measures; 三、保障措施: 3, all with 〔责任单位〕
    assert len(p.tasks) == 17
    assert all(t.units for t in p.tasks)
    t = p.task("二.(一).1")
    assert t.title == "大力提升知识产权创新能力"
    assert t.units == ["市科技局（知识产权局）", "市经济和信息化委", "市科协", "团市委"]
    assert t.lead_unit == "市科技局（知识产权局）"
    assert "责任单位" not in t.text and "列在首位者" not in t.text
    # 市科技局(知识产权局)、工商局、公安局,市法院、检察院 — every unit a 市 unit
    t = p.task("二.(三).2")
    assert t.units == ["市科技局（知识产权局）", "市工商局", "市公安局", "市法院", "市检察院"]
    assert t.units_normalized == ["市知识产权局", "市市场监管局", "市公安局", "市法院", "市检察院"]
    t = p.task("二.(一).3")
    assert (t.lead_unit, t.lead_unit_normalized) == ("市工商局", "市市场监管局")
    assert t.units == ["市工商局", "市农经委", "市林业局"]
    assert t.units_normalized == ["市市场监管局", "市农业农村局", "市林业局"]
    t = p.task("二.(五).2")
    assert t.units == ["市科技局（知识产权局）", "市委组织部（市人才办）", "市人力资源社会保障局", "市教育局"]
    t = p.task("二.(四).1")
    assert t.units == ["市科技局（知识产权局）", "市编委办", "市工商局", "市林业局"]
    t = p.task("三.(二)")
    assert t.title == "加大经费投入"
    assert t.units == ["市财政局", "市科技局（知识产权局）", "各区、县（市）政府"]
    assert t.lead_unit == "市财政局"
    assert [u.group for u in t.unit_details] == [False, False, True]
    assert p.task("三.(一)").units == ["市直有关部门", "各区、县（市）政府"]
    # reforms: the as-written unit and the normalised one are both kept, with the reason
    detail = p.task("二.(一).1").unit_details[0]
    assert (detail.written, detail.normalized, detail.department_id) == (
        "市科技局（知识产权局）",
        "市知识产权局",
        "ip-office",
    )
    assert detail.note and "2019" in detail.note
    eco = p.task("二.(一).1").unit_details[1]
    assert (eco.expanded, eco.normalized) == ("市经济和信息化委", "市工业和信息化局")


# ---------------------------------------------------------------------------------------------
# 002 黔江区 工作方案（征求意见稿） (full-width punctuation, units as （责任单位：…）)


def test_qianjiang(plans: dict[str, ParsedPlan]) -> None:
    p = plans["qianjiang"]
    assert p.title == "黔江区贯彻落实《重庆市知识产权强市建设纲要》工作方案"
    assert (p.status, p.level, p.kind, p.doc_number, p.issued_on) == (
        "征求意见稿",
        "区",
        "工作方案",
        None,
        None,
    )
    assert p.region is not None and (p.region.code, p.region.jurisdiction) == ("500114", "区")
    # targets to 2025, in step with the “十四五” plan (2021—2025) it implements
    assert (p.period.start, p.period.end) == (2021, 2025)
    assert section_titles(p) == [
        ("一", "指导思想"),
        ("二", "发展目标"),
        ("三", "重点任务"),
        ("四", "组织保障"),
    ]
    t = target(p, "每万人口发明专利拥有量")
    assert (t.value, t.year, t.nature, t.indicator_id) == (3, 2025, "预期性", "inv_per_10k_pop")
    t = target(p, "每万户市场主体有效注册商标量")
    assert (t.value, t.unit, t.year, t.nature, t.indicator_id) == (
        1200,
        "件",
        2025,
        "预期性",
        "tm_per_10k_entities",
    )
    assert len(p.targets) == 2
    # 1–15 numbered through the five groups, then 四、组织保障 (一)–(三)
    assert len(p.tasks) == 18
    assert [task.number for task in p.tasks[:4]] == ["三.(一).1", "三.(一).2", "三.(二).3", "三.(二).4"]
    k = p.task("三.(二).4")
    assert k.units == ["区市场监管局", "区农业农村委", "区林业局", "区文化旅游委", "黔江海关"]
    assert k.lead_unit == "区市场监管局"
    k = p.task("三.(三).9")
    assert k.lead_unit == "区委宣传部"
    assert k.units == ["区委宣传部", "区文旅委", "区农业农村委", "区林业局"]
    assert k.units_normalized[1] == "区文化旅游委"  # 文旅委 and 文化旅游委 are one department
    k = p.task("三.(三).10")
    assert k.units == ["区市场监管局", "区科技局", "黔江银保监分局", "人行黔江中心支行"]
    assert k.units_normalized[2] == "国家金融监督管理总局黔江监管分局"
    k = p.task("三.(五).13")
    assert k.units == ["区知识产权保护联席会议成员单位"] and k.unit_details[0].group
    assert p.task("三.(五).15").units == ["区市场监管局", "区人力社保局", "区科技局", "区教委"]
    assert sum(1 for task in p.tasks if task.units) == 15
    assert all("bookmark" not in t.text for t in p.tasks)  # "[bookmark: _GoBack]" from the DOCX export


# ---------------------------------------------------------------------------------------------
# 003 重庆市知识产权区域布局试点工作方案 — Traditional Chinese with Taiwan terms, encyclopaedia page


def test_taiwan_seed_normalised(plans: dict[str, ParsedPlan]) -> None:
    p = plans["chongqing_layout_tw"]
    assert p.title == "重庆市知识产权区域布局试点工作方案"
    assert p.source.script == "traditional"
    dump = json.dumps(p.model_dump(mode="json", exclude={"source"}), ensure_ascii=False)
    for taiwan in (
        "智慧财产",
        "智慧財產",
        "積體",
        "积体电路",
        "最佳化",
        "套用",
        "附属档案",
        "资料库",
        "計畫",
        "模组",
    ):
        assert taiwan not in dump, taiwan
    text = p.task("主要任务.(一)").text
    assert "集成电路布图设计" in text
    assert "推广应用" in p.task("主要任务.(五).4").text
    assert "以重庆摩托车（汽车）知识产权信息中心为主" in p.task("主要任务.(五).1").text
    assert "附件" in p.sections[3].children[0].text  # 详见附件
    assert "优化以知识产权为支撑" in p.sections[0].children[0].text  # 最佳化 → 优化
    assert "建立试点工作专门台账" in p.task("保障措施.(二)").text
    assert "“6+1”重点产业" in p.sections[1].text  # the scraper's lost plus sign
    # OpenCC tw2sp would have written 内核 for 核心 and 指针 for 指标: we must not
    assert "以知识产权为核心的创新资源配置机制" in p.preamble
    assert "评价模型和指标体系" in p.task("主要任务.(二)").text


def test_taiwan_seed_structure(plans: dict[str, ParsedPlan]) -> None:
    p = plans["chongqing_layout_tw"]
    assert (p.level, p.kind, p.doc_number, p.issued_on) == ("市", "工作方案", None, None)
    assert p.region is not None and p.region.code == "500000"
    assert (p.period.start, p.period.end) == (2016, 2018)  # 试点时间：2016年1月至2018年12月
    assert section_titles(p) == [
        (None, "工作目标"),
        (None, "试点时间"),
        (None, "主要任务"),
        (None, "进度安排"),
        (None, "保障措施"),
        (None, "工作要求"),
    ]
    assert p.targets == []  # the goals carry no figures
    # 主要任务 (一)–(六) with (五) split in 1–4; 保障措施 (一)–(四); 工作要求 (一)–(三)
    assert len(p.tasks) == 5 + 4 + 4 + 3
    assert p.task("主要任务.(五).2").title == "组建平台搭建组"
    assert [(s.stage, s.start, s.end) for s in p.schedule] == [
        ("试点启动阶段", "2016-02", "2016-02"),  # 2016年2月底前
        ("试点推进阶段", "2017-03", "2018-06"),  # 2017年3月至2018年6月
        ("总结验收阶段", "2018-07", "2018-12"),  # 2018年7―12月
    ]


# ---------------------------------------------------------------------------------------------
# 004 玉溪市强化知识产权保护的实施意见 (news page, signature at the end)


def test_yuxi(plans: dict[str, ParsedPlan]) -> None:
    p = plans["yuxi"]
    assert p.title == "玉溪市强化知识产权保护的实施意见"
    assert p.issuers == ["中共玉溪市委办公室", "玉溪市人民政府办公室"]
    assert p.issued_on == dt.date(2021, 11, 19)  # the signature, not the page's 2021-11-20 10:14:00
    assert p.published_on == dt.date(2021, 11, 20)
    assert (p.level, p.kind, p.doc_number) == ("市", "实施意见", None)
    assert p.region is not None and p.region.code == "530400"
    assert (p.period.start, p.period.end) == (2021, 2025)
    assert section_titles(p) == [("一", "指导思想和主要目标"), ("二", "工作重点"), ("三", "加大组织实施力度")]
    t = target(p, "每万人口发明专利拥有量")
    assert (t.value, t.unit, t.year, t.kind) == (3.9, "件", 2025, "level")
    t = target(p, "有效注册商标量")
    assert (t.value, t.value_text, t.indicator_id) == (32000, "3.2万件", "tm_valid")
    t = target(p, "中国地理标志保护产品数量")
    assert (t.value, t.unit, t.kind, t.indicator_id) == (31, "项", "count", "gi_total")
    assert len(p.targets) == 3
    assert len(p.tasks) == 34
    assert p.tasks[0].number == "二.(一).1" and p.tasks[-1].number == "三.34"
    assert p.task("二.(六).29").title == "强化涉外保护"
    assert p.task("三.32").cycle == "每季度"  # 常规工作季报制
    assert all(not t.units for t in p.tasks)


# ---------------------------------------------------------------------------------------------


def test_no_page_furniture_in_structure(plans: dict[str, ParsedPlan]) -> None:
    for name, p in plans.items():
        dump = json.dumps(p.model_dump(mode="json", exclude={"source"}), ensure_ascii=False)
        for junk in FURNITURE:
            assert junk not in dump, (name, junk)
    assert any("购买咨询" in line for line in plans["chongqing_13th"].source.removed)
    assert "关闭" in plans["yuxi"].source.removed


def test_json_shape(plans: dict[str, ParsedPlan]) -> None:
    """The JSON of issue 7 §1: these keys, with these types."""
    d = plans["shenyang"].model_dump(mode="json")
    assert d["issued_on"] == "2018-10-14"
    assert d["period"] == {"start": 2018, "end": 2021}
    assert set(d["sections"][0]) >= {"number", "title", "children"}
    assert set(d["targets"][0]) >= {"indicator", "indicator_id", "value", "unit", "year", "kind", "nature",
                                    "baseline", "text"}  # fmt: skip
    assert set(d["tasks"][0]) >= {"number", "title", "text", "units", "lead_unit", "deadline"}
    assert "schedule" in d


def test_json_round_trip_for_the_ledger(plans: dict[str, ParsedPlan]) -> None:
    """The supervision workflow stores the (analyst-corrected) JSON and reads it back."""
    for p in plans.values():
        again = ParsedPlan.model_validate(json.loads(p.model_dump_json()))
        assert again == p
