"""Quantitative targets (目标) and current-state figures (发展基础) stated in a plan.

A goal sentence is split into clauses at ，and ；; each clause is read by the first pattern
that fits, in this order:

* ``X比2015年增长一倍以上`` / ``X比2015年翻一番`` → multiple (factor on the baseline year)
* ``X比2015年增长20%``                          → growth (total growth on the baseline year)
* ``X年均增长20%以上``                          → growth_rate (average annual growth)
* ``X从…增长到…``                               → level, with the start as baseline
* ``X累计达到2500件``                            → cumulative (over the plan period)
* ``X占比达到60%`` / ``X达到25件``/``X3.9件``     → share / level / count / amount by unit

The target year is the nearest "到2025年" before the clause in the same paragraph, else the
plan period's end. "（上述指标均为预期性指标）" marks every target of its paragraph.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ipatlas.plans.links import match_indicator
from ipatlas.plans.models import Baseline, Target
from ipatlas.plans.quantities import (
    ARABIC,
    ARABIC_WITH_MAGNITUDE,
    CN_DIGITS,
    COUNT_UNITS,
    MONEY_UNITS,
    UNIT_RE,
    NumberParseError,
    as_number,
    parse_cn_integer,
    parse_multiple,
    parse_quantity,
)

CN_D = "".join(CN_DIGITS)
NUM = rf"(?:{ARABIC_WITH_MAGNITUDE}|[{CN_D}十百千][{CN_D}十百千万亿点]*)"
QTY = rf"(?:{NUM}\s*(?:{UNIT_RE.pattern}))"
PCT = rf"(?:{ARABIC}%|百分之[{CN_D}十百点]+)"
FYP = r"“?十([一二三四五六七八九])五”?"
BASE_YEAR = rf"(?:(?P<by>\d{{4}})年(?:底|末)?|{FYP.replace('([', '(?P<fyp>[')}(?:末|期末)?)"
CMP = r"(?P<cmp>以上|以下|以内|左右|多)?"

# "…，比2010年底以前的注册商标总量翻一番": no subject of its own (the previous clause's).
RE_MULTIPLE = re.compile(
    rf"^(?P<ind>.*?)(?:比|较|相比|与|在)(?:{BASE_YEAR})(?:以前|前)?(?:的[^，；]*?)?(?:相比|的基础上|基础上)?(?:实现|再)?"
    rf"(?P<mult>(?:增长|增加|提高|提升|扩大)?(?:{ARABIC}|[{CN_D}十]+)倍|翻(?:[{CN_D}]?)番){CMP}$"
)
RE_GROWTH = re.compile(
    rf"^(?P<ind>.*?)(?:(?:比|较)(?:{BASE_YEAR})|累计|同比)(?:增长|提高|增加|提升)(?P<pct>{PCT}){CMP}$"
)
# "年均增长20%", "年均下降5%" (a decline is a negative rate), "以年平均15%的速度增长".
RE_RATE = re.compile(
    rf"^(?P<ind>.*?)(?:实现|保持)?(?:年均|年平均|每年)(?:增长|增速|增幅|递增|(?P<down>下降|降低|减少|递减))(?:率)?"
    rf"(?:达到|保持在|在)?(?P<pct>{PCT}){CMP}$"
    rf"|^(?P<ind2>.*?)(?:以|按)(?:年均|年平均|每年)(?P<pct2>{PCT})(?:左右)?的(?:速度|幅度)(?:增长|递增|(?P<down2>下降|递减))$"
)
# Growth with no base year ("…增加值增长55%以上"): over the plan's own span; an annual rate is RE_RATE.
RE_GROWTH_BARE = re.compile(
    rf"^(?P<ind>.+?)(?<!年均)(?<!年平均)(?<!每年)(?<!同比)(?:增长|增加)(?P<pct>{PCT}){CMP}$"
)
# Growth stated as a noun ("实现…拥有量6%的增长", "…实现10%左右的增幅").
RE_GROWTH_OF = re.compile(rf"^(?P<ind>.+?)(?:实现)?(?P<pct>{PCT}){CMP}的(?:增长|增幅)$")
# A doubling with no base year ("…比重实现翻番"): over the plan's own span.
# "比现有总量翻一番": the present is no base year.
RE_MULTIPLE_BARE = re.compile(
    rf"^(?P<ind>.+?)(?:(?:比|较)(?:现有|目前|现在|当前)[^，；]*?)?(?:实现|再)?(?P<mult>翻(?:[{CN_D}]?)番){CMP}$"
)
RE_FROM_TO = re.compile(
    rf"^(?P<ind>.+?)(?:从|由)(?:(?P<by>\d{{4}})年的?)?(?P<q0>{QTY})(?:增长|提高|增加|提升|扩大)(?:到|至)"
    rf"(?:(?P<ty>\d{{4}})年的?)?(?P<q>{QTY}){CMP}$"
)
RE_CUMULATIVE = re.compile(
    rf"^(?P<ind>.+?)累计(?:(?P<vcmp>超过|突破|不低于|不少于)|达到|完成|新增|实现|增加)?(?P<q>{QTY}){CMP}$"
)
RE_SHARE = re.compile(
    rf"^(?P<ind>.+?(?:占比|比重|比例|率|覆盖率|占.+?的比重))(?:(?P<vcmp>超过|突破|不低于|不少于|接近|约)|达到|提高到|提升到|保持在|力争达到|达)?"
    rf"(?P<q>{PCT}){CMP}$"
)
# Any indicator reaching a percentage with a verb: "投入强度达到2.5%", "…之比达到1.1%".
RE_PCT_LEVEL = re.compile(
    rf"^(?P<ind>.+?)(?:(?P<vcmp>超过|突破|不低于|不少于|接近)|达到|提高到|提升到|保持在|力争达到)(?P<q>{PCT}){CMP}$"
)
# The count before the thing counted: "建成6个省级产业集群品牌培育基地", "其中至少1个被确定为…基地",
# "培育打造50个…区域公用品牌" (verbs may run together); a description ending in 的 before the thing
# counted ("地方特色鲜明、带动力强的") is not part of its name.
# A count range may come first too ("培育8—10个百亿企业": 8, at most 10).
# Verbs may be listed with 、 and led by an adverb ("扶持、培育3家左右…企业", "着力打造3-5个…产业"); an
# approximation after the count ("3家左右") is its comparator.
COUNT_VERBS = (
    r"(?:建成|新建|建设|培育|打造|创建|建立|新增|增加|认定|形成|引进|集聚|聚集|汇聚|"
    r"获得|取得|产生|扶持|开发|推出)"
)
RE_COUNT_FIRST = re.compile(
    rf"^(?:并|同时)?(?:今年|年内)?(?:其中|全市|全区|全县|全省|全州|全盟|全旗|我[省市区县州])?(?:将)?(?:力争|争取|着力|重点)?"
    rf"(?:每年)?(?:{COUNT_VERBS}(?:、?{COUNT_VERBS})*|(?P<vcmp>至少|不少于))"
    rf"(?:(?P<lo>{ARABIC})\s*(?:—|–|-|~|～|至)\s*)?"
    rf"(?P<q>{ARABIC}\s*(?:个|家|项|所|座|处))(?P<cmp>左右|以上)?"
    rf"(?:被)?(?:确定为|认定为|评为|列为)?(?P<ind>[^\d]{{2,40}})$"
)
# Two counts under one verb ("培育形成2个千亿级产业集群和6个五百亿级产业集群"): the second is a clause
# of its own with the first one's verb.
COUNT_PAIR_RE = re.compile(
    r"(?<=[^\d、，；])(?:和|以及|及|、)(?=\d+(?:\.\d+)?\s*(?:个|家|项|所|座|处)[^\d]{2,})"
)
COUNT_LEAD_RE = re.compile(
    rf"^(?:并|同时)?(?:今年|年内)?(?:其中|全市|全区|全县|全省|全州|全盟|全旗|我[省市区县州])?(?:将)?(?:力争|争取|着力|重点)?"
    rf"{COUNT_VERBS}+(?=\d)"
)
RE_LEVEL = re.compile(
    rf"^(?P<ind>.+?)(?:力争)?(?:(?P<vcmp>超过|突破|超|破|多于|高于|不低于|不少于|接近|约)|达到|保持在|稳定在|提高到|提升到|增加到|增长到|完成|达|为|有)?"
    rf"(?P<q>{QTY}){CMP}$"
)

# "10—15件", "10%—15%", "8至10件": a range of figures at the end of a clause (its upper bound ends it).
RANGE_RE = re.compile(
    rf"(?P<lo>{ARABIC})(?P<lo_unit>%|{UNIT_RE.pattern})?\s*(?:—|–|-|~|～|至)\s*"
    rf"(?={ARABIC}\s*(?:%|{UNIT_RE.pattern})?(?:以上|以下|以内|左右)?$)"
)
RE_SCORE = re.compile(
    rf"^(?P<ind>.+?(?:满意度|指数|得分|评分|评价))(?:力争)?(?:(?P<vcmp>超过|突破|不低于|高于)|达到|保持在|提高到|提升到|达)?"
    rf"(?P<num>{ARABIC})分{CMP}$"
)
# An index is a bare number ("区域科技创新指数达到160以上"): a level with no unit; a verb is required
# so that a name holding digits is not read as one.
RE_INDEX = re.compile(
    rf"^(?P<ind>.+?指数)(?:力争)?(?:(?P<vcmp>超过|突破|不低于|高于)|达到|保持在|提高到|提升到|达)"
    rf"(?P<num>{ARABIC}){CMP}$"
)
# An amount of 亿 stated as a scale with no 元 ("总量超过五千亿规模", "突破3000亿规模") is in 元.
SCALE_AMOUNT_RE = re.compile(rf"(?<=[{CN_D}十百千\d])(万亿|亿)规模$")

# "增长到2015年的26046件" reports a year's figure: that 到 opens no horizon.
YEAR_CTX_RE = re.compile(
    r"(?:(?<!增长|增加|提高|提升|上升)到|至|力争到|预计到|争取到|力争在|截至|截止)(\d{4})年(?:底|末)?(?:前)?"
)
# Other horizons of a goal: "2026年前" / "在2025年底前" (a year, not a month: "6月底前" is a deadline), and
# a clause that is only the end of a five-year plan ("“十三五”末，…"; "比“十四五”末增长" is a base).
BEFORE_YEAR_RE = re.compile(r"(?<![\d月])(\d{4})年(?:底)?前")
# A bare year right after a goal heading's colon opens that year's goals ("主要目标是：2025年，…").
GOAL_HEAD_YEAR_RE = re.compile(
    r"(?:主要|总体|发展|工作|预期)?目标(?:是|为)?[：:]\s*(\d{4})年(?:底|末)?[，,]?$"
)
FYP_END_CLAUSE_RE = re.compile(rf"^(?:到|至|力争到|争取到)?{FYP}(?:末|期末)$")
# The same end opening a clause that runs on into its target ("到“十四五”末全市有效发明专利达到2万件").
FYP_END_LEAD_RE = re.compile(rf"^(?:到|至|力争到|争取到){FYP}(?:末|期末)[，,]?")
# A five-year plan's span opening a sentence of what will be done in it ("“十三五”期间，全省将培育…"): its
# goals are the span's end; without 将/力争 it narrates ("“十二五”期间，全市累计完成…").
FYP_SPAN_CLAUSE_RE = re.compile(rf"^{FYP}(?:期间|时期)$")
FUTURE_RE = re.compile(r"将|力争|争取")
# A horizon stated relative to the plan's first year, opening a clause: "三年内", "力争三年内", "今后五年",
# "未来三年", "经过五年努力", "用两年时间" (N years from that year, that year included). "近三年" looks back.
RELATIVE_SPAN_RE = re.compile(
    r"^(?:力争|争取)?(?:在)?(?:(?:今后|未来)(?P<a>\d{1,2}|[一二两三四五六七八九十]{1,2})年(?:内|时间)?|"
    r"(?P<b>\d{1,2}|[一二两三四五六七八九十]{1,2})年(?:内|时间内)|"
    r"(?:经过|通过|用)(?P<c>\d{1,2}|[一二两三四五六七八九十]{1,2})年(?:左右)?(?:的)?(?:时间|努力|奋斗))"
)
# An item's number ("(一) " of a heading line whose title is the target, "（2）", "3、") and a scope
# word (全市, 全州, 我县的) or verb (力争, 完成) before the indicator are not part of its name.
ITEM_NUMBER = (
    r"[(（](?:[一二三四五六七八九十]{1,3}|\d{1,2})[)）]\s*"  # (一) （2）
    r"|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．](?!\d)\s*"  # 三、 3、 3.
)
LEAD_JUNK_RE = re.compile(
    rf"^(?:{ITEM_NUMBER}|(?:到|至|力争到|力争|预计到|争取到|截至|截止)?\d{{4}}年(?:底|末)?(?:前)?[，,]?|"
    rf"(?:到|至|力争到|争取到){FYP}(?:末|期末)[，,]?|{FYP}(?:期间|时期)[，,]?|"
    # the verb of a page reporting its plan's goals ("《规划》…，提出每万人口…达到12件")
    r"(?:还|并)?提出(?=[\u4e00-\u9fff“]{2})|"
    r"(?:今后|未来)?(?:\d{1,2}|[一二两三四五六七八九十]{1,2})年(?:内|时间内)[，,]?|"
    r"全市|全区|全县|全省|全州|全盟|全旗|全国(?!驰名|[\u4e00-\u9fff]{0,6}示范)|全年|今年|年内|[我本][市区县省州盟旗]的?|辖内|辖区内|计划(?=[\u4e00-\u9fff]{2})|将|"
    # 累计 as an adverb of the verb after it ("累计实现知识产权融资50亿元"), not of an indicator's name
    r"累计(?=实现|完成)|预计(?=全[省市区县州]|[\u4e00-\u9fff]{0,4}(?:总量|总数|总额))|其中|力争|争取|确保|实现|完成|同时|并|使|推动|以及|和|及)+"
)
# A verb of making or winning before the thing counted ("建成省级重点企业研究院1家", "获得省科技进步奖2项")
# is not its name; 新增 is (a flow), and 建设用地 is a thing.
# A verb opening a relative clause ("获得地理标志的农产品": the products that won one) is part of the name,
# and "新培育…" is the verb 培育.
LEAD_VERB_RE = re.compile(
    r"^新?(?:建成|建设(?!用地)|新建|培育形成|培育|打造|创建|获得|引进|集聚|聚集|汇聚|形成|认定)"
    # a relative clause opened by a verb of having ("培育拥有…的企业") leaves 培育 the main verb
    r"(?=[\u4e00-\u9fff“]{2})(?!(?!拥有|具有|具备)[^的，、]{1,12}的)"
)
NATURE_ALL_RE = re.compile(r"(?:上述|以上|前述)(?:各项)?指标均为(预期性|约束性)指标")
NATURE_ONE_RE = re.compile(r"（(预期性|约束性)(?:指标)?）")
# A time phrase that opens a clause: "“十二五”末，…", "2015年，…", "截至2020年底，…".
BASELINE_CTX_RE = re.compile(rf"^(?:截至|截止|到)?(?:{FYP}(?:末|期末)|(\d{{4}})年(?:底|末)?)")
VERB_TAIL_RE = re.compile(r"(大幅|稳步|显著|明显|持续|快速)?(增长|增加|提升|提高)(了)?$")

GOAL_TITLE_RE = re.compile(r"目标")
BASE_TITLE_RE = re.compile(r"(发展基础|基础|现状|成效|回顾|进展|取得的成绩)")
COMPARATORS = {"以上": ">=", "多": ">=", "以下": "<=", "以内": "<=", "左右": "~"}
# Verbs that are comparators: 突破/超过/超 X is "more than X" (>), 不低于/不少于 X is ">=".
VERB_COMPARATORS = {
    "超过": ">",
    "突破": ">",
    "超": ">",
    "破": ">",  # 破千亿元: 突破
    "多于": ">",
    "高于": ">",
    "不低于": ">=",
    "不少于": ">=",
    "接近": "~",  # 接近4件: about 4
    "约": "~",
    "至少": ">=",
}
# Targets listed with 、 ("A不少于1500件、B不少于3000件"): split after a quantity when another follows.
# "X增长55%以上、达到5.5万亿元": also after a comparator word ending a figure.
LIST_OF_TARGETS_RE = re.compile(
    r"(?:(?<=[件项个家所座名人户批种处场次%元])|(?<=以上|以下|左右))、(?=[^、，；]*?\d)"
)
# A clause whose subject is only 总数/总量 ("商标国际注册量年均增长30%，总数超过1000件") counts
# the previous clause's subject.
BARE_TOTAL = ("总数", "总量", "总额")
# A clause naming only a measure ("授权量达2.1万件") after one of the same subject ("年专利申请量达3.5万件").
SIBLING_MEASURE_RE = re.compile(r"(?:申请|授权|注册|登记|拥有)量")
MEASURE_END_RE = re.compile(r"(?:申请|授权|注册|登记|拥有)量$")
# A part of the previous figure ("其中发明专利数12件"): that measure of the kind of patent named.
SUB_KIND_LEAD_RE = re.compile(r"^其中")
SUB_KIND_RE = re.compile(r"((?:发明|实用新型|外观设计|PCT|有效发明)专利)(?:数|数量)?")
# A per-head scope after the verb ("发明专利拥有量达到每万人10件") opens the indicator's name.
PER_HEAD_AFTER_RE = re.compile(r"(.{2,30}?)(?:达到|达|为)?(每(?:万|十万|百万)人口?)")
PER_HEAD_RE = re.compile(r"(?:每万人口|每万人|万人)(.{2,30}?)拥有量")
# A clause whose subject is only a measure of scale ("…占地区生产总值比重达到10%，产值规模突破3500亿元")
# measures the previous target's subject: the words of its indicator before its own measure.
BARE_SCALE = ("规模", "产值规模", "产值", "总产值", "营业收入", "营收", "营收规模", "产业规模")
SUBJECT_END_RE = re.compile(r"(增加值|总产值|产值|营业收入|营收|规模|总量|总数|占|比重|年均|增长|数量)")
# Trailing qualifiers that are not part of the quantity: "每年", "以上" after a unit, "左右".
TRAILING_QUALIFIER_RE = re.compile(r"(?:每年|/年|（含）)$")
LIST_END_RE = re.compile(r"(?<=[件项个家所座名人户批种处场次%元])等$")
# An aspiring verb between the subject and what it measures ("核心区力争实现营业收入500亿元") is no part of
# the name; it opens a name when it leads (LEAD_JUNK_RE).
MID_AIM_RE = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:力争|争取|努力)(?:实现|达到)?(?=[\u4e00-\u9fff]{2})")
# The measure words (quantities.COUNT_UNITS) whose target kind is "count" (things: 家, 个, 项 …);
# 件 and the document words (条, 篇, 部, 类 …) keep kind "level".
COUNT_KIND_UNITS = frozenset(COUNT_UNITS) - {"件", "类", "枚", "款", "期", "篇", "部", "条"}


def fyp_years(n_cn: str) -> tuple[int, int]:
    """The years of the 十N五 plan: 十三五 → (2016, 2020)."""
    k = 10 + CN_DIGITS[n_cn]
    start = 1966 + 5 * (k - 3)  # the 3rd plan began in 1966 after the 1963–65 adjustment
    return start, start + 4


# ---------------------------------------------------------------------------------------------
# Clauses


@dataclass
class Clause:
    text: str
    paragraph: int
    year: int | None
    sentence: str


# The organ that will act ("自治区知识产权局将建设…3个以上", "市科技局将新增…") is not the thing counted.
ACTOR_RE = re.compile(r"^[\u4e00-\u9fff]{2,20}?(?:局|厅|委员会|委|办公室|政府|部门)将(?=[\u4e00-\u9fff]{2})")
# A clause whose subject is only its base ("比上年增长25%", "同比增长8%") measures the previous target.
BASE_ONLY_RE = re.compile(r"(?:比|较)(?:上年|去年|上一年|年初)|同比")


@functools.cache
def _province_lead_re() -> re.Pattern[str]:
    """A province named before a count only places it ("四川88个贫困县新增地标" → "88个贫困县…", as 全省 is
    dropped): the gazetteer's provinces, full names and stems."""
    from ipatlas.regions import get_registry

    names = {r.name for r in get_registry().all("province")}
    stems = names | {re.sub(r"(壮族|回族|维吾尔)?(自治区|特别行政区|省|市)$", "", n) for n in names}
    alternatives = "|".join(sorted((re.escape(x) for x in stems if len(x) >= 2), key=len, reverse=True))
    return re.compile(rf"^(?:{alternatives})(?=\d)")


def _clean_indicator(ind: str) -> str:
    ind = LEAD_JUNK_RE.sub("", ACTOR_RE.sub("", ind.strip()))
    ind = _province_lead_re().sub("", ind)
    ind = LEAD_VERB_RE.sub("", ind)
    ind = MID_AIM_RE.sub("", ind)
    # a horizon between the subject and its verb ("驰名商标到2010年力争达到5件") is not its name
    ind = re.sub(r"[，,]?(?:到|至|力争到|预计到|争取到|截至|截止)?\d{4}年(?:底|末)?(?:前)?$", "", ind)
    # "…产值占总产值的30%以上": the 的 before the figure is not part of the name either
    ind = re.sub(r"(实现|保持|力争|要|将|应|均|每年|年度|的)$", "", ind)
    # "市知识产权优势企业新增40家": 新增 after its subject still names a flow, written first as elsewhere
    ind = re.sub(r"^(.{2,}?)新增$", r"新增\1", ind.strip("，、：； "))
    return ind.strip("，、：； ")


def kind_for_unit(unit: str | None, raw_unit: str | None) -> str:
    if unit == "%":
        return "share"
    if raw_unit in MONEY_UNITS:
        return "amount"
    if unit in COUNT_KIND_UNITS:
        return "count"
    return "level"


def _baseline_year(m: re.Match[str]) -> int | None:
    if m.groupdict().get("by"):
        return int(m.group("by"))
    if m.groupdict().get("fyp"):
        return fyp_years(m.group("fyp"))[1]
    return None


def raw_unit(qtext: str) -> str | None:
    m = UNIT_RE.search(qtext)
    return m.group(1) if m else None


def _clean_clause(clause: str) -> str:
    c = clause.strip().rstrip("。；，")
    # Trailing remarks "（预期性）", "（上述指标均为预期性指标）" are not part of the figure.
    c = re.sub(r"(（[^（）]*）)+$", "", c)
    c = SCALE_AMOUNT_RE.sub(r"\1元", c)
    c = IMPLICIT_ONE_RE.sub(r"\g<1>1", c)
    c = SOME_MORE_RE.sub(r"超过\1", c)
    # "…超过4件等": 等 closing a list of goals after the last figure is no part of it
    c = LIST_END_RE.sub("", c)
    return TRAILING_QUALIFIER_RE.sub("", c)


def parse_clause(clause: str) -> dict[str, Any] | None:
    """One target-like statement → fields (indicator, value, unit, kind, comparator, baseline).

    A range "达到10—15件" / "年均增长10%—15%" is its lower bound with ``value_max`` the upper
    (comparator ">="); a score "满意度达到85分以上" is a level in 分.
    """
    c = _clean_clause(clause)
    if cut := _parse_cut(c):
        return cut
    rm = RANGE_RE.search(c)
    if rm is None:
        fields = _parse_clause(c)
        if fields is None:
            fields = _score_or_index(c)
        return fields
    fields = _parse_clause(c[: rm.start()] + c[rm.end() :])
    if fields is None or fields["kind"] == "multiple":
        return None
    hi_unit = _unit_after(c[rm.end() :])
    low = parse_quantity(rm.group("lo") + (rm.group("lo_unit") or hi_unit or ""))
    fields.update(value=low.number, value_max=fields["value"], cmp="以上", vcmp=None)
    fields["value_text"] = rm.group(0) + fields["value_text"]
    return fields


def _score_or_index(c: str) -> dict[str, Any] | None:
    """A score in 分 ("满意度达到85分以上") or an index with no unit ("…指数达到160以上")."""
    for pattern, unit in ((RE_SCORE, "分"), (RE_INDEX, None)):
        sm = pattern.match(c)
        if sm:
            value = as_number(parse_quantity(sm.group("num")).value)
            text = (sm.group("vcmp") or "") + sm.group("num") + (unit or "") + (sm.group("cmp") or "")
            fields = dict(indicator=sm.group("ind"), value=value, unit=unit, kind="level", baseline=None)
            fields.update(cmp=sm.group("cmp"), vcmp=sm.group("vcmp"), value_text=text)
            return fields
    return None


def _unit_after(text: str) -> str | None:
    m = re.match(rf"{ARABIC}\s*(%|{UNIT_RE.pattern})?", text)
    return m.group(1) if m else None


# A cut stated verb first ("压减知识产权行政案件办理周期10%"): the indicator falls by that share.
RE_CUT = re.compile(rf"^(?:压减|压缩|缩短|减少|降低)(?P<ind>[^\d，；]{{2,40}}?)(?P<pct>{PCT}){CMP}$")


# A share stated first ("70%以上大中型工业企业和高新技术企业建立知识产权工作机制"): the share of those
# subjects doing what the clause says; a verb must follow the subjects.
RE_SHARE_FIRST = re.compile(
    rf"^(?P<pct>{ARABIC}%)(?P<cmp>以上|左右)?的?(?P<ind>[^\d，；%]{{2,30}}?"
    r"(?:建立|开展|实现|拥有|设立|制定|通过|实施|应用)[^\d，；%]{2,20})$"
)


def _parse_cut(c: str) -> dict[str, Any] | None:
    kind, m = "growth", RE_CUT.match(c)
    if m is None:
        kind, m = "share", RE_SHARE_FIRST.match(c)
    if m is None:
        return None
    number = parse_quantity(m.group("pct")).number
    value = -number if kind == "growth" and number is not None else number
    text = m.group("pct") + (m.group("cmp") or "")
    return dict(indicator=m.group("ind"), value=value, unit="%", kind=kind, cmp=m.group("cmp"),
                baseline=None, value_text=text)  # fmt: skip


def _parse_bare(c: str) -> dict[str, Any] | None:
    """A doubling or a growth with no base year: over the plan's own span."""
    m = RE_MULTIPLE_BARE.match(c)
    if m:
        value: Any = as_number(parse_multiple(m.group("mult")))
        unit, kind, text = "倍", "multiple", m.group("mult")
    elif m := RE_GROWTH_BARE.match(c) or RE_GROWTH_OF.match(c):
        value, unit, kind, text = parse_quantity(m.group("pct")).number, "%", "growth", m.group("pct")
    else:
        return None
    return {
        "indicator": m.group("ind"),
        "value": value,
        "unit": unit,
        "kind": kind,
        "cmp": m.group("cmp"),
        "baseline": None,
        "value_text": text + (m.group("cmp") or ""),
    }


def _parse_clause(c: str) -> dict[str, Any] | None:
    m = RE_MULTIPLE.match(c)
    if m:
        factor = parse_multiple(m.group("mult"))
        return {
            "indicator": m.group("ind"),
            "value": as_number(factor),
            "unit": "倍",
            "kind": "multiple",
            "cmp": m.group("cmp"),
            "baseline": Baseline(year=_baseline_year(m), text=m.group(0)[len(m.group("ind")) :]),
            "value_text": m.group("mult") + (m.group("cmp") or ""),
        }
    m = RE_GROWTH.match(c)
    if m:
        q = parse_quantity(m.group("pct"))
        return {
            "indicator": m.group("ind"),
            "value": q.number,
            "unit": "%",
            "kind": "growth",
            "cmp": m.group("cmp"),
            "baseline": Baseline(year=_baseline_year(m)),
            "value_text": m.group("pct") + (m.group("cmp") or ""),
        }
    m = RE_RATE.match(c)
    if m:
        pct = m.group("pct") or m.group("pct2")
        q = parse_quantity(pct)
        down = m.group("down") or m.group("down2")
        ind = m.group("ind") if m.group("ind") is not None else m.group("ind2")
        # a rate named as such ("…受理量年均增长率达到20%") keeps its name, as "…年增长率保持15%" does
        named = re.search(r"(?:年均|年平均)(?:增长|增幅)率(?=达到|保持在|为|达)", c)
        return {
            "indicator": ind + named.group(0) if named and ind else ind,
            "value": -q.number if down and q.number is not None else q.number,
            "unit": "%",
            "kind": "growth_rate",
            "cmp": m.group("cmp"),
            "baseline": None,
            "value_text": (down or "") + pct + (m.group("cmp") or ""),
        }
    bare = _parse_bare(c)
    if bare is not None:
        return bare
    m = RE_FROM_TO.match(c)
    if m:
        q0, q = parse_quantity(m.group("q0")), parse_quantity(m.group("q"))
        return {
            "indicator": m.group("ind"),
            "value": q.number,
            "unit": q.unit,
            "kind": kind_for_unit(q.unit, raw_unit(m.group("q"))),
            "cmp": m.group("cmp"),
            "baseline": Baseline(
                year=int(m.group("by")) if m.group("by") else None,
                value=q0.number,
                unit=q0.unit,
                text=m.group("q0"),
            ),
            "value_text": m.group("q"),
            "year": int(m.group("ty")) if m.group("ty") else None,
        }
    patterns = ((RE_CUMULATIVE, "cumulative"), (RE_SHARE, "share"), (RE_PCT_LEVEL, "share"), (RE_LEVEL, None))
    for pattern, kind in (*patterns, (RE_COUNT_FIRST, "count")):
        m = pattern.match(c)
        if m:
            q = parse_quantity(m.group("q"))
            if q.unit in ("倍", None):
                return None
            ind = m.group("ind")
            cut = ind.rfind("的", 0, len(ind) - 2) if kind == "count" else -1
            if cut > 0:
                ind = ind[cut + 1 :]
            fields = {
                "indicator": ind,
                "value": q.number,
                "unit": q.unit,
                "kind": kind or kind_for_unit(q.unit, raw_unit(m.group("q"))),
                "cmp": m.groupdict().get("cmp"),
                "vcmp": m.group("vcmp"),
                "baseline": None,
                "value_text": (m.group("vcmp") or "") + m.group("q") + (m.groupdict().get("cmp") or ""),
            }
            if m.groupdict().get("lo"):  # a range first: its lower bound, at most the upper
                lo = as_number(parse_quantity(m.group("lo")).value)
                fields.update(value=lo, value_max=q.number, cmp="以上", vcmp=None)
                fields["value_text"] = m.group(0)[m.start("lo") - m.start() : m.end("q") - m.start()]
            return fields
    return None


BARE_COUNT_RE = re.compile(r"^\s*\d+(?:\.\d+)?\s*(?:个|家|项|所|座|处)[^\d，；]{2,}$")


def _split_pairs(part: str) -> list[str]:
    """ "培育形成2个A和6个B" → ["培育形成2个A", "培育形成6个B"]; any other clause as it is."""
    lead = COUNT_LEAD_RE.match(part)
    if lead is None:
        return [part]
    pieces = COUNT_PAIR_RE.split(part)
    return [pieces[0], *(lead.group(0) + p for p in pieces[1:])]


# "A、B总数分别突破360家、18个": subjects and figures paired in order under one verb (a head word ending
# the last subject, 总数/总量/…, is every subject's).
_FIG = r"\d+(?:\.\d+)?(?:万|亿)?(?:件|家|个|项|所|人|名|户|次|元|亿元|万元|%)?(?:以上|左右)?"
RESPECTIVE_RE = re.compile(
    rf"^(?P<subs>[^，；。、]{{2,40}}(?:、[^，；。、]{{2,40}})+|[^，；。、和]{{2,40}}(?:和[^，；。、和]{{2,40}})+)分别(?P<verb>达到|突破|超过|达|增至|提高到|提升到|为)"
    rf"(?P<vals>{_FIG}(?:[、和]{_FIG})+)(?P<end>[；，。]?)$"
)
RESPECTIVE_HEAD_RE = re.compile(r"(总数|总量|数量|总额|规模)$")
# The last subject's share tail is every subject's ("A、B占规模以上工业增加值比重分别达到27%、56%").
RESPECTIVE_SHARE_RE = re.compile(r"占[^、和]{2,30}?(?:比重|比例)$")
# An adverbial or a goal verb after the last subject is no part of it ("A和B在2022年的基础上实现“双倍增”，
# 分别超过90家和870家").
RESPECTIVE_TAIL_RE = re.compile(
    r"(?:在[^，；。]{0,12}?基础上|较|比(?![重例率])|实现|力争|争取|将)[^，；。]*$"
)


def _split_respective(part: str) -> list[str]:
    m = RESPECTIVE_RE.match(part.strip())
    if m is None:
        return [part]
    # items are listed with 、 (then 和 may join words inside one: "国家级和省级…企业"), else with 和
    subs = m.group("subs").split("、" if "、" in m.group("subs") else "和")
    vals = m.group("vals").split("、" if "、" in m.group("vals") else "和")
    subs[-1] = RESPECTIVE_TAIL_RE.sub("", subs[-1])
    if len(subs) != len(vals) or any(len(x) < 2 for x in subs):
        return [part]
    hm = RESPECTIVE_HEAD_RE.search(subs[-1])
    head = hm.group(1) if hm else ""
    subs = [x if x.endswith(head) else x + head for x in subs]
    if sm := RESPECTIVE_SHARE_RE.search(subs[-1]):
        subs = [x if "占" in x else x + sm.group(0) for x in subs]
    return [f"{x}{m.group('verb')}{v}{m.group('end')}" for x, v in zip(subs, vals, strict=True)]


def _respective_clauses(clauses: list[str]) -> Iterable[str]:
    """Each clause's respective pairs; a clause opening with 分别 takes its subjects from the one before."""
    i = 0
    while i < len(clauses):
        c = clauses[i]
        if i + 1 < len(clauses) and clauses[i + 1].startswith("分别"):
            joined = _split_respective(c + clauses[i + 1])
            if len(joined) > 1:
                yield from joined
                i += 2
                continue
        yield from _split_respective(c)
        i += 1


# "新增A 1000家、B 1500家": 新增 names a flow for every item the list puts under it (an item with a
# verb or 新增 of its own keeps its own).
FLOW_LEAD_RE = re.compile(r"^(?:全[省市区县]|力争|争取|将)*新增(?=[\u4e00-\u9fff“])")


def _carry_flow(items: list[str]) -> list[str]:
    if len(items) < 2 or not FLOW_LEAD_RE.match(items[0].strip()):
        return items
    return [
        items[0],
        *(
            x
            if FLOW_LEAD_RE.match(x.strip())
            or COUNT_LEAD_RE.match(x.strip())
            or GOAL_VERB_RE.match(x.strip())
            else "新增" + x.strip()
            for x in items[1:]
        ),
    ]


# Clauses end at ， and ； outside brackets: "达到8000亿元（人民币，下同）" is one clause.
# An ellipsis ends a clause too: a news lead lists goals and breaks off ("…达6件以上……近日出台的《…》").
CLAUSE_SPLIT_RE = re.compile(r"(?:[；，]|…{2,})(?![^（）]*）)")
CLAUSE_END_RE = re.compile(r"(?:(?<=[；，])|(?<=……))(?![^（）]*）)")
# A magnitude with no figure after a comparator is one of it: "超万亿元" (10¹²), "突破千亿元", "达百家".
# "20000余件", "100余家": more than the figure (a bare 余 with no verb of its own).
SOME_MORE_RE = re.compile(
    r"(?<![\d.])(?:达到|达)?(\d+(?:\.\d+)?)余(?=(?:万|亿)?(?:件|家|个|项|人|所|名|户|元|次|场)(?:[，；。]|$))"
)
# (not in a description: "年营业收入超千万元的机构" keeps its words)
IMPLICIT_ONE_RE = re.compile(
    r"(超过|突破|超|逾|达到|达|(?<![打突击])破)(?=(?:百|千|万|亿|百万|千万|万亿|千亿|百亿)(?:元|件|家|个|项|人)(?!的))"
)
# Two measures of one subject under one verb: "知识产权质押融资余额和户数…翻两番" → 余额, 户数.
MEASURE_PAIR_RE = re.compile(
    r"^(?P<s>.{2,}?)(?P<a>余额|金额|总额|户数|笔数|件数|家数|人数|数量|总量|规模)(?:和|及|与)"
    r"(?P<b>余额|金额|总额|户数|笔数|件数|家数|人数|数量|总量|规模)$"
)


# A staged plan's stage with its year(s) in brackets ("第一阶段（2026年）", "巩固提升阶段（2027—2028年）"):
# the stage's goals run to its last year.
STAGE_YEAR_RE = re.compile(r"阶段\s*（(?:\d{4}年?\s*[—–\-至]\s*)?(\d{4})年?(?:底|末)?）")


def horizon(part: str) -> int | None:
    """The year a clause sets as its goals' horizon: 到2027年, 2026年前, a clause “十三五”末 (not the end
    of a date range: "自2022年8月至2025年7月")."""
    ym = YEAR_CTX_RE.search(part) or BEFORE_YEAR_RE.search(part)
    if ym and re.match(r"\d{1,2}月", part[ym.end() :]):
        ym = None
    if ym:
        return int(ym.group(1))
    if mm := MID_YEAR_RE.search(part):
        return int(mm.group(1))
    if sm := STAGE_YEAR_RE.search(part):
        return int(sm.group(1))
    if gm := GOAL_HEAD_YEAR_RE.search(part.strip(" ，；。")):
        return int(gm.group(1))
    fm = FYP_END_CLAUSE_RE.match(part.strip(" ，；。")) or FYP_END_LEAD_RE.match(part.strip())
    return fyp_years(fm.group(1))[1] if fm else None


# Year-by-year goals with the year after the indicator ("有效发明专利拥有量2023年达到8000件，2025年达到
# 1.2万件"): a bare year right before a verb of reaching dates that figure (a year before the plan's start is
# dropped later as a review of the past; after 到/至 it is a horizon already).
MID_YEAR_RE = re.compile(
    r"(?:(?<=[\u4e00-\u9fff])(?<![到至在于止])|^)(\d{4})年(?:底|末)?(?=(?:力争|要)?(?:达到|突破|超过|提高到|提升到|增加到|增长到))"
)


def span_start(issued_on: dt.date | None, start: int | None) -> int | None:
    """The first year a relative horizon counts from: the issue year, or the next one for a plan issued
    in the second half of a year (N years from September 2015 end nearer the end of 2018 than of 2017);
    without an issue date, the plan's first year."""
    if issued_on is not None:
        return issued_on.year + (1 if issued_on.month > 6 else 0)
    return start


def relative_span(part: str) -> int | None:
    """N of a clause opening with a horizon relative to the plan's first year (RELATIVE_SPAN_RE)."""
    m = RELATIVE_SPAN_RE.match(part.strip())
    if m is None:
        return None
    n_text = m.group("a") or m.group("b") or m.group("c")
    n = int(n_text) if n_text.isdigit() else parse_cn_integer(n_text)
    return n if n and 1 <= n <= 15 else None


def sentence_horizon(sentence: str) -> int | None:
    """The first horizon among a sentence's clauses."""
    return next((h for part in re.split(r"[；，]", sentence) if (h := horizon(part))), None)


# Goals stated outside a goal section (a plan quoted in a news report, a task item's "到2027年，培育…20个
# 以上") are read from a horizon to the end of its paragraph; a clause stating the present ("截至去年底",
# "目前", "已建成", "今年以来") is no goal, nor is the rest of its sentence until another horizon.
PRESENT_RE = re.compile(
    r"截至|截止|已经|已[达有建累实完获形]|(?<![比较])(?:现有|目前|去年|上年|前年)|上半年|前三季度|"
    r"今年以来|年初以来|比年初|预计全|"
    # a forecast is no goal, even naming a year ("预计到2025年，…有望突破50亿元")
    r"预计|有望"
)
# A year's goals in a work report ("今年，…实现…6%的增长", "年内新建…不少于10家"); not a review of the
# year so far (今年以来, 今年上半年: PRESENT_RE), nor a deadline inside a duty note ("…负责，年内持续推进）").
THIS_YEAR_RE = re.compile(r"(?:^|[，,：:])\s*(?:今年|年内)(?![以上前一二三四1-9])(?![^（(]*[）)])")
# A page reporting what its plan, named for short, sets out ("《规划》提出…", "《规划》还提出，“十四五”期间
# 建成…", "《规划》在品牌建设上确定了…，提出…") states the plan's goals: with no horizon of their own they run
# to the plan's end. A short name is the page's own plan; a full title may be another plan it cites.
PLAN_SAYS_RE = re.compile(
    r"《(?:规划|方案|实施方案|工作方案|纲要|计划|行动计划|意见|实施意见|措施|若干措施)》"
    r"(?:还|也|并|进一步|同时)?(?:在[^，。；]{1,10}上)?(?:明确|提出|要求|确定|规定)"
)
# A figure outside a goal section is a goal only with a verb of reaching or making ("全区专利申请总量35478件"
# after "到2012年底" reviews the past).
GOAL_VERB_RE = re.compile(
    r"达到|达|突破|超过|超|增长|增加|提高|提升|翻|不低于|不少于|至少|力争|争取|确保|保持|控制在|下降|降低|"
    r"建成|新建|建设|培育|打造|创建|引进|集聚|聚集|汇聚|形成|获得|新增|认定|实现|累计|"
    r"(?<![打突击])破(?=\d|[百千万亿])"  # 破千亿元, 破500亿元: 突破
)
PURE_HORIZON_RE = re.compile(
    rf"^(?:到|至|力争到|争取到|力争在|在|于)?(?:\d{{4}}年(?:底|末)?(?:前)?|{FYP}(?:末|期末))$"
)


# A year's goals: a sentence opening with a bare year and stating what will be done in it ("2017年，自治区
# 知识产权局将…力争…达到3.75件") is read as 到2017年; a bare year narrating results ("2016年，…达3件") is not.
ANNUAL_GOAL_RE = re.compile(r"^(\s*)(\d{4})年(?=[，,][^。！？]*?(?:将|力争|争取))")
# An annual document's opening ("2025年，是…攻坚之年，…。全年全社会研发投入突破100亿元…"): its 全年 goals are
# that year's.
YEAR_IS_RE = re.compile(r"^\s*(\d{4})年[，,]?是[^。！？]*?之年")


def _annual_sentences(paragraph: str) -> Iterable[tuple[str, int | None]]:
    """The sentences of a paragraph, each rewritten to state its year's horizon when it states one year's
    goals (ANNUAL_GOAL_RE, or 全年 after YEAR_IS_RE), with that year."""
    year_is: str | None = None
    for sentence in re.split(r"(?<=[。！？])", paragraph):
        if ym := YEAR_IS_RE.match(sentence):
            year_is = ym.group(1)
        if am := ANNUAL_GOAL_RE.match(sentence):
            yield ANNUAL_GOAL_RE.sub(r"\1到\2年", sentence), int(am.group(2))
        elif year_is and sentence.lstrip().startswith("全年"):
            yield f"到{year_is}年，{sentence.lstrip()}", int(year_is)
        else:
            yield sentence, None


def annual_goal_years(text: str) -> set[int]:
    """The years of sentences stating one year's goals."""
    return {y for p in text.split("\n") for _, y in _annual_sentences(p) if y is not None}


def goal_statements(text: str) -> str:
    """The goal-stating sentences of text outside a goal section (see PRESENT_RE), one paragraph a line."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        if sum(bool(c.strip()) for c in paragraph.split("|")) >= 2:
            continue  # a table row: tables.py reads 主要指标 tables
        # a lone bar at an edge (a page's stray " |") does not make a paragraph a row
        paragraph = paragraph.strip().strip("|")
        active, kept_sentences = False, []
        for sentence, _ in _annual_sentences(paragraph):
            present, kept, verb = False, [], False
            for part in CLAUSE_END_RE.split(sentence):
                if not part.strip():
                    continue
                if PRESENT_RE.search(part):
                    present = True
                    continue
                if (
                    horizon(part.rstrip("；，。！？"))
                    or (FYP_SPAN_CLAUSE_RE.match(part.strip(" ，；。")) and FUTURE_RE.search(sentence))
                    or relative_span(part)
                    or PLAN_SAYS_RE.search(part)
                    or THIS_YEAR_RE.search(part)
                ):
                    active, present = True, False
                figure = re.search(
                    r"\d",
                    YEAR_CTX_RE.sub(
                        "", BEFORE_YEAR_RE.sub("", STAGE_YEAR_RE.sub("", GOAL_HEAD_YEAR_RE.sub("", part)))
                    ),
                )
                # a figure with no verb is a goal only in a list under an earlier clause's verb
                # ("发明专利申请量达到2.2万件，发明专利授权量1万件")
                if figure and not GOAL_VERB_RE.search(part) and not verb:
                    continue
                verb = verb or (figure is not None and active and not present)
                if active and not present:
                    kept.append(part)
            if any(not PURE_HORIZON_RE.match(k.strip(" ；，。！？")) for k in kept):
                joined = "".join(kept).rstrip("；，")
                kept_sentences.append(joined if joined.endswith(("。", "！", "？")) else joined + "。")
        if kept_sentences:
            out.append("".join(kept_sentences))
    return "\n".join(out)


def _clauses(
    text: str, *, default_year: int | None, baseline_mode: bool, first_year: int | None = None
) -> Iterable[Clause]:
    carried: int | None = None  # the last horizon a paragraph stated
    for p_index, paragraph in enumerate(text.split("\n")):
        # a bare item line (no punctuation: "每万户…拥有量达到1500个") is listed under the horizon above it
        year: int | None = carried if carried and BARE_ITEM_RE.fullmatch(paragraph.strip()) else None
        carried = None if year is None else carried
        for sentence in re.split(r"(?<=[。！？])", paragraph):
            if not sentence.strip():
                continue
            clauses = (
                x
                for r in _respective_clauses(CLAUSE_SPLIT_RE.split(sentence))
                for x in _carry_flow(LIST_OF_TARGETS_RE.split(r))
            )
            lead = ""
            for part in (y for x in clauses for y in _split_pairs(x)):
                # "建成10个A， 20个B": a count with no verb of its own is the previous count's verb's
                if lead and BARE_COUNT_RE.match(part):
                    part = lead + part.strip()
                lm = COUNT_LEAD_RE.match(part.strip())
                lead = lm.group(0) if lm else ""
                if baseline_mode:
                    bm = BASELINE_CTX_RE.match(part)
                    if bm:
                        year = fyp_years(bm.group(1))[1] if bm.group(1) else int(bm.group(2))
                else:
                    n = relative_span(part) if first_year else None
                    if first_year and n:  # never past the plan's own end
                        n_end = first_year + n - 1
                        year = min(n_end, default_year) if default_year else n_end
                    else:
                        year = horizon(part) or _year_step(part, first_year, default_year) or year
                        carried = year if horizon(part) else carried
                        # the year between indicator and verb has dated the figure: it is no part of either
                        part = MID_YEAR_RE.sub("", part, count=1)
                yield Clause(part, p_index, year if year is not None else default_year, sentence)


# A goal listed one a line, no punctuation inside or after ("著作权登记数达到15万件").
BARE_ITEM_RE = re.compile(r"[^，。；！？：,;:]{4,60}")
# Year-by-year goals: "2024年，完成…；到2025年，…" — a clause that is only a year within the plan's span.
YEAR_STEP_RE = re.compile(r"^\s*(?:在)?(\d{4})年(?:底|末)?$")


def _year_step(part: str, first_year: int | None, last_year: int | None) -> int | None:
    m = YEAR_STEP_RE.match(part)
    if m is None or first_year is None:
        return None
    y = int(m.group(1))
    return y if first_year <= y <= (last_year or y) else None


def _resolve_indicator(
    indicator: str, clause: Clause, previous: Clause | None, found: list[tuple[Clause, Target]]
) -> str:
    """The indicator a clause's figure measures when its own words do not say it in full: taken from
    the previous clause or the previous target."""
    bare = not indicator or indicator in ("达到", "增长") or BASE_ONLY_RE.fullmatch(indicator)
    if bare and found and found[-1][0] is previous:
        # "有效发明专利拥有量达到300件，年均增长10%以上" / "…，同比增长8%" / "…增长55%以上、达到
        # 5.5万亿元": the previous target's.
        indicator = found[-1][1].indicator
    elif (not indicator or VERB_TAIL_RE.fullmatch(indicator) or indicator in ("达到", "增长")) and previous:
        # "普通作品登记大幅增长，达到12.82万件": the indicator is in the previous clause.
        indicator = _clean_indicator(VERB_TAIL_RE.sub("", previous.text))
    elif indicator in BARE_TOTAL and found and found[-1][0] is previous:
        # the total of a per-head holding ("万人X拥有量…，总量…") is X's total
        held = PER_HEAD_RE.fullmatch(found[-1][1].indicator)
        indicator = (
            held.group(1) + indicator if held else re.sub(r"[量数]$", "", found[-1][1].indicator) + indicator
        )
    elif (
        (sib := SIBLING_MEASURE_RE.fullmatch(indicator))
        and found
        and found[-1][0] is previous
        and (prev_m := MEASURE_END_RE.search(found[-1][1].indicator))
        and prev_m.group(0) != indicator
    ):
        # "年专利申请量达3.5万件，授权量达2.1万件": the sibling measure of the same subject
        stem = re.sub(r"(?:申请|授权|注册|登记)+$", "", found[-1][1].indicator[: prev_m.start()])
        indicator = stem + sib.group(0)
    elif (
        SUB_KIND_LEAD_RE.match(clause.text.strip())
        and (sub := SUB_KIND_RE.fullmatch(indicator))
        and found
        and found[-1][0] is previous
        and "专利" in found[-1][1].indicator
        and sub.group(1) not in found[-1][1].indicator
    ):
        # "每万人专利申请量达到18件，其中发明专利数12件": that measure of the named kind
        indicator = found[-1][1].indicator.replace("专利", sub.group(1), 1)
    elif indicator in BARE_SCALE and found and found[-1][0] is previous:
        subject = SUBJECT_END_RE.split(found[-1][1].indicator, maxsplit=1)[0]
        indicator = subject + indicator if len(subject) >= 2 else indicator
    return indicator


def extract_targets(
    sections: list[tuple[str, str]],
    *,
    default_year: int | None,
    baseline_mode: bool = False,
    first_year: int | None = None,
) -> list[Target]:
    """Targets (or, with ``baseline_mode``, current-state figures) from (section path, text) pairs;
    ``first_year`` (the plan's start, else its issue year) dates relative horizons ("三年内")."""
    out: list[Target] = []
    for path, text in sections:
        found: list[tuple[Clause, Target]] = []
        previous: Clause | None = None
        for clause in _clauses(
            text, default_year=default_year, baseline_mode=baseline_mode, first_year=first_year
        ):
            try:
                fields = parse_clause(clause.text)
            except NumberParseError:
                fields = None
            if fields is None:
                previous = clause
                continue
            indicator = _clean_indicator(fields["indicator"])
            if ph := PER_HEAD_AFTER_RE.fullmatch(indicator):
                indicator = ph.group(2) + ph.group(1)
            indicator = _resolve_indicator(indicator, clause, previous, found)
            previous = clause
            if len(re.findall(r"[\u4e00-\u9fffA-Z]", indicator)) < 2 or len(indicator) > 60:
                continue
            entry = match_indicator(indicator, value=fields["value"], unit=fields["unit"])
            if baseline_mode and (
                entry is None or fields["kind"] not in ("level", "count", "amount", "cumulative")
            ):
                continue
            nature = NATURE_ONE_RE.search(clause.text)
            target = Target(
                indicator=indicator,
                indicator_id=entry.id if entry else None,
                value=fields["value"],
                unit=fields["unit"],
                year=fields.get("year") or clause.year,
                kind=fields["kind"],
                nature=nature.group(1) if nature else None,  # type: ignore[arg-type]
                comparator=VERB_COMPARATORS.get(fields.get("vcmp") or "")  # type: ignore[arg-type]
                or COMPARATORS.get(fields["cmp"] or "", "="),
                baseline=fields["baseline"],
                value_text=fields["value_text"],
                value_max=fields.get("value_max"),
                section=path,
                text=clause.sentence.strip(),
            )
            found.extend((clause, t) for t in [*_measure_pair(target), *_milestones(clause.text, target)])
        _paragraph_nature(text, found)
        out.extend(t for _, t in found)
    return _dedupe(out)


# Milestones in brackets after a goal: "…拥有量10件（2023年底达3.85件，2024年底达6.22件）".
MILESTONES_RE = re.compile(
    r"（((?:\d{4}年(?:底|末)?(?:达到|达|为)\d+(?:\.\d+)?[^\d（），；、]{0,3}[，；、]?)+)）[，。；]?$"
)
MILESTONE_RE = re.compile(r"(\d{4})年(?:底|末)?(?:达到|达|为)(\d+(?:\.\d+)?)([^\d（），；、]{0,3})")


def _milestones(clause: str, target: Target) -> list[Target]:
    """The same indicator at the years a bracket after its goal states, in the goal's own unit."""
    m = MILESTONES_RE.search(clause.strip())
    unit = raw_unit(target.value_text or "")
    if m is None or unit is None:
        return []
    return [
        target.model_copy(
            update={
                "value": float(v),
                "year": int(y),
                "value_text": v + u,
                "comparator": "=",
                "value_max": None,
            }
        )
        for y, v, u in MILESTONE_RE.findall(m.group(1))
        if u == unit and int(y) != target.year
    ]


def _paragraph_nature(text: str, found: list[tuple[Clause, Target]]) -> None:
    """ "（上述指标均为预期性指标）" covers the targets of its paragraph stated before it."""
    for p_index, paragraph in enumerate(text.split("\n")):
        for nm in NATURE_ALL_RE.finditer(paragraph):
            for clause, target in found:
                if clause.paragraph == p_index and target.nature is None:
                    pos = paragraph.find(clause.text)
                    if 0 <= pos < nm.start():
                        target.nature = nm.group(1)  # type: ignore[assignment]


def _measure_pair(target: Target) -> list[Target]:
    """One target, or two when its subject pairs two measures (MEASURE_PAIR_RE)."""
    m = MEASURE_PAIR_RE.match(target.indicator)
    if m is None:
        return [target]
    out = []
    for measure in (m.group("a"), m.group("b")):
        name = m.group("s") + measure
        entry = match_indicator(name, value=target.value, unit=target.unit)
        out.append(target.model_copy(update={"indicator": name, "indicator_id": entry.id if entry else None}))
    return out


def _dedupe(targets: list[Target]) -> list[Target]:
    seen: set[tuple[str, int | None, str, Any]] = set()
    out: list[Target] = []
    for t in targets:
        key = (t.indicator, t.year, t.kind, t.value)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def attach_baselines(targets: list[Target], baselines: list[Target]) -> None:
    """Fill a target's baseline from a current-state figure the plan states for the same indicator
    (same catalogue id, or the same mapping entry when the indicator has no id), preferring the
    target's own base year when it names one ("比2015年…")."""
    for t in targets:
        entry = match_indicator(t.indicator)
        if entry is None:
            continue
        same = [b for b in baselines if match_indicator(b.indicator) == entry]
        if t.baseline is not None and t.baseline.year is not None:
            same = [b for b in same if b.year == t.baseline.year]
        if not same:
            continue
        b = same[-1]
        if t.baseline is None:
            t.baseline = Baseline(year=b.year, value=b.value, unit=b.unit, text=b.text)
        elif t.baseline.value is None:
            t.baseline.value, t.baseline.unit, t.baseline.text = b.value, b.unit, b.text
