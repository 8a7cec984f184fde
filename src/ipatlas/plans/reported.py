"""A plan reported in a news page: its title, issuers and number from the sentence that reports it.

"中共中央、国务院印发了《…纲要（2021—2035年）》", "XX办公厅近日印发《…》",
"湖南省洞口县人民政府以洞政发〔2012〕23号文件的形式，正式出台《…实施意见》",
"湖南省政府已于2月26日正式发布实施《…》", "今天从省知识产权局获悉，…该局正式印发实施《…规划》".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ipatlas.plans.document import title_kind

DOC_NUMBER = r"[\u4e00-\u9fff]{1,10}[〔\[［【（(]\d{4}[〕\]］】）)]\s*第?\d{1,4}\s*号"
# A party committee and government reported together as one subject: "自治区党委和政府", "省委、省政府",
# also after their place ("青海省委省政府").
JOINT_RE = re.compile(
    r"^(?P<place>(?!自治区)[\u4e00-\u9fff]{2,8}?(?<!自治)(?=(?:省|自治区|市|县|区|州)(?:党)?委))?"
    r"(?P<lv>省|自治区|市|县|区|州)(?:党)?委(?:和|与|、)?(?P=lv)?(?:人民)?政府$"
)
# Organs a quoted title opens with, before 关于: "中共青海省委、青海省人民政府关于…的实施意见".
_TITLE_ORGAN = (
    r"(?:中共[\u4e00-\u9fff]{2,12}?[省市县区州]委(?:员会)?"
    r"|[\u4e00-\u9fff]{2,12}?(?:省|自治区|市|县|区|州)"
    r"(?:人民政府(?:办公厅|办公室)?|[\u4e00-\u9fff]{2,10}?(?:局|厅|委员会)))"
)
TITLE_ORGANS_RE = re.compile(rf"^(?P<orgs>{_TITLE_ORGAN}(?:(?:、|和){_TITLE_ORGAN})*)关于")
# The notice's own text naming the plan it carries, its title line lost: "《…规划》已经第158次市政府常务会议
# 研究同意，现印发给你们", "现将《…指引（试行）》转发给你们", "现将《…规划》印发你们" (给 left out).
NOTICE_BODY_RE = re.compile(
    r"^(?:(?:经[^。；《》]{2,20}?同意，)?现将)?《(?P<title>[^《》]{4,80})》(?:已经[^。；《》]{2,40}?(?:同意|通过|批准)[，,])?(?:现)?(?:予以)?(?:印发|转发)给?你们"
)
# The day a report says the plan was issued, just before its organ: "2021年12月31日，青海省委省政府印发《…》".
REPORT_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日[，,]?\s*$")
ORGAN = (
    r"(?:中共中央|国务院|该[局厅委]|我[省市区县州]|(?:省|自治区|市|县|区|州)(?:党)?委(?:和|与)(?:省|自治区|市|县|区|州)?(?:人民)?政府|"
    r"中共[\u4e00-\u9fff]{2,12}?[省市县区州]委(?:办公厅|办公室)?|[\u4e00-\u9fff]{2,30}?"
    r"(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|政府|办公厅|办公室|委员会|局|部|厅|署))"
)
REPORTED_PLAN_RE = re.compile(
    rf"(?:^|[，。：\s])(?P<orgs>{ORGAN}(?:、{ORGAN})*)"
    rf"(?:以(?P<num>{DOC_NUMBER})(?:号)?文件(?:的)?(?:形式)?[，,]?)?"  # "以洞政发〔2012〕23号文件的形式，"
    r"(?:已)?(?:于[^，。《》]{2,14}?)?(?:近日|日前|最近|正式|联合)*"
    r"(?:制定)?(?:印发|出台|发布|下发)(?:实施)?(?:了)?《(?P<title>[^《》]{4,80})》"
)
# A plan reported by its kind alone, with no 《title》: "甘肃省市场监管局4月20日印发实施方案，提出…".
REPORTED_KIND_RE = re.compile(
    rf"^(?P<orgs>{ORGAN})(?:于)?(?:\d{{1,2}}月\d{{1,2}}日)?(?:近日|日前|正式)*(?:印发|出台|发布)(?:了)?"
    r"(?:实施方案|工作方案|行动方案|行动计划|实施意见|规划)(?=[，。])"
)
# A plan named after a verb of issuing used as an attribute, with no organ: "刚刚发布执行的《…规划》",
# "近日出台的《…》".
ATTRIBUTIVE_RE = re.compile(
    r"(?:刚刚|近日|日前|最近|新近)(?:正式)?(?:印发|出台|发布|下发|制定)(?:执行|实施)?的《(?P<title>[^《》]{4,80})》"
)
# A plan named after its issuing organ as an attribute: "由市政府印发的《…》", "由省商务厅制定出台的《…》".
BY_ORGAN_RE = re.compile(
    rf"由(?P<org>[省市区县州]政府(?:办公厅|办公室)?|{ORGAN})(?:近日|日前|正式)*(?:制定)?(?:印发|出台|发布|下发)(?:实施)?的《(?P<title>[^《》]{{4,80}})》"
)
# A plan named before its verb of issuing, with no organ: "《…方案》日前印发。", "《…纲要》近日发布，",
# "《…规划》（下称《规划》）正式印发".
PASSIVE_RE = re.compile(
    r"(?:^|[，。：,\s])《(?P<title>[^《》]{4,80})》(?:[（(][^（）()]*?(?:以下简称|下称)[^（）()]*[）)])?"
    r"(?:近日|日前|最近|已|正式)*(?:印发|出台|发布|公布)(?:实施)?(?=[。，,；])"
)
# A government named by its level alone ("市政府制定出台《…》"): an organ only when the page goes on to
# name that plan for short by its kind ("《方案》提出"), i.e. the page is about it (a yearbook's
# "省政府印发《…》" among other events is not).
SHORT_GOV_RE = re.compile(
    r"(?:^|[，。：,\s])(?P<org>[省市区县州]政府(?:办公厅|办公室)?)(?:近日|日前|正式)*(?:制定)?(?:印发|出台|发布|下发)"
    r"(?:实施)?(?:了)?《(?P<title>[^《》]{4,80})》"
)
# A news dateline before the lead ("本报讯", "据新华社北京10月28日电", "商报消息"), with its bracketed byline.
DATELINE_RE = re.compile(
    r"^(?:[^，。]{0,6}本报讯|[^，。]{0,30}?\d{1,2}日电|[^，。]{0,12}?(?:消息|讯))\s*(?:（[^）]*）)?\s*"
)
# A news headline standing where a title would ("洞口县出台…实施意见", "福州印发…实施方案",
# "福建制定《…》实施方案"): a place or organ, then a verb of issuing (a notice title says 关于印发).
# A headline may also open with the verb, its subject left to the story ("部署实施发明专利双倍增计划").
HEADLINE_RE = re.compile(
    r"^(?:(?:(?!关于)[\u4e00-\u9fff]){2,10}?(?:出台|印发|制定|编制|发布|出炉|推出|公布)|部署|启动)"
)
# A short organ name ("省知识产权局", "市市场监管局") or a national one ("国家版权局") that "该局"
# refers back to.
SHORT_ORGAN_RE = re.compile(r"(?:[省市区县州]|国家)[\u4e00-\u9fff]{2,10}?[局厅委]")
# A province or autonomous region written before a lower government only locates it:
# "湖南省洞口县人民政府" is 洞口县人民政府.
PROVINCE_LOCATOR_RE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,8}?自治区)(?=[\u4e00-\u9fff]{2,8}?(?:县|市|区|旗)人民政府$)"
)


# A plan named without 《》, by a title opening with its place and ending in a plan kind: the subject
# of a 解读 page's first sentence ("海门区“十四五”知识产权发展规划是区级规划体系的…"), or the object
# of a report's verb ("会上发布了山东省版权工作“十三五”规划。"; the page then names it for short, 《规划》).
_PLAN_KIND = "规划|方案|意见|计划|纲要|要点|措施|指引"
_UNQUOTED_TITLE = (
    r"(?P<title>(?:(?!了|印发|发布|出台|公布)[\u4e00-\u9fff]){2,10}?(?:省|自治区|市|区|县|州|盟|旗)(?![委政])"
    rf"[\u4e00-\u9fff“”（）\d—\-]{{2,50}}?(?:{_PLAN_KIND}))"
)
OPENING_SUBJECT_RE = re.compile(rf"^{_UNQUOTED_TITLE}(?=是|于\d|已于|自\d)")
UNQUOTED_REPORT_RE = re.compile(rf"(?:印发|发布|出台|公布)(?:实施)?了?{_UNQUOTED_TITLE}(?=[。，；])")


@dataclass
class ReportedPlan:
    title: str | None = None
    issuers: list[str] = field(default_factory=list)
    doc_number: str | None = None
    issued_on: dt.date | None = None


def title_organs(title: str) -> list[str]:
    """The organs a title names before 关于, each in full ("中共青海省委", "青海省人民政府")."""
    m = TITLE_ORGANS_RE.match(title)
    return [o for o in re.split(r"、|和", m.group("orgs")) if o] if m else []


def _report_date(before: str) -> dt.date | None:
    m = REPORT_DATE_RE.search(before)
    if m is None:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def is_headline(title: str | None) -> bool:
    return title is not None and not title.endswith("通知") and HEADLINE_RE.match(title) is not None


# The plan a page is about is the one it names for short: "《…实施方案》（以下简称《方案》）"; the national
# and provincial plans a 解读 quotes first are not.
SHORT_NAME_RE = re.compile(r"^\s*[（(](?:[^（）()]*?[，,])?(?:以下简称|下称)")
# A press conference on the plan: "举办《…行动方案》新闻发布会", "介绍《…》有关情况".
PRESS_RE = re.compile(r"^(?:新闻发布会|发布会|政策吹风会|政策解读会|有关情况)")
# A plan named for short that a government's executive meeting passed and published: "《…重点举措》（以下简称
# 《重点举措》）经安徽省政府常务会议审议通过并发布".
APPROVED_RE = re.compile(
    r"^\s*[（(][^（）()]*以下简称[^（）()]*[）)]\s*经(?P<org>[\u4e00-\u9fff]{2,20}?(?:人民政府|政府))"
    r"(?:第[\d一二三四五六七八九十百]+次)?常务会议(?:审议|研究)?通过(?:后|并)(?:发布|印发|公布)"
)
# A plan the page quotes by its full title: "《…规划（2016-2020年）》指出，…".
SAYS_RE = re.compile(r"^\s*(?:提出|指出|明确|强调)[，,：:]")
# The number in brackets after the title ("《…方案》（青政办字〔2024〕55号，以下简称…）").
BRACKET_NUMBER_RE = re.compile(rf"^\s*[（(](?P<num>{DOC_NUMBER})")
# A 解读 page's drafting history ending in the plan it explains: "…县委、县政府审议等阶段，最终形成《…规划》
# （奉节府发〔2022〕16号）" (round 22).
DRAFTED_RE = re.compile(r"(?:最终|正式)?形成了?《(?P<title>[^《》]{4,80})》")


def plan_reported(lines: list[str]) -> ReportedPlan:
    """The plan a news page reports on: of its 印发/出台《…》 sentences naming a plan kind, the first whose
    plan the page names for short, else the first; failing those, a plan kind in 《…》 named for short."""
    opening = lines and OPENING_SUBJECT_RE.match(lines[0])
    if opening:
        return ReportedPlan(opening.group("title"))  # before any plan its background quotes
    found: list[ReportedPlan] = []
    for line in lines:
        text = DATELINE_RE.sub("", line)
        for m in REPORTED_PLAN_RE.finditer(text):
            title = m.group("title")
            after = text[m.end() :]
            if not (title_kind(title) or _own_notice(title, after)):
                continue
            # what came before the organ, the dateline too ("据国家知识产权局官网消息，近日，该局印发《…》")
            before = (
                "\n".join(lines)
                if JOINT_RE.match(m.group("orgs"))
                else line[: len(line) - len(text) + m.start("orgs")]
            )
            # the title's own organs, named in full, before the report's short subject ("省委省政府")
            orgs = title_organs(title) or [
                x for o in _split_orgs(m.group("orgs")) for x in _organs(o, before, title)
            ]
            num = m.group("num") or ((bm := BRACKET_NUMBER_RE.match(after)) and bm.group("num"))
            plan = ReportedPlan(
                title,
                [o for o in orgs if o],
                re.sub(r"\s+", "", num) if num else None,
                _report_date(text[: m.start("orgs")]),
            )
            if SHORT_NAME_RE.match(after):
                return plan
            found.append(plan)
    if found:
        return found[0]
    for i, line in enumerate(lines):
        for gm in SHORT_GOV_RE.finditer(line):
            kind = title_kind(gm.group("title"))
            rest = line[gm.end() :] + "\n".join(lines[i + 1 :])
            # named for short by its kind or the kind's last word: 《方案》 for a 工作方案
            if kind and any(kind.endswith(s) for s in re.findall(r"《([\u4e00-\u9fff]{2,4})》", rest)):
                before = "\n".join([*lines[:i], line[: gm.start("org")]])
                organ = _organ(gm.group("org"), before, gm.group("title"))
                return ReportedPlan(gm.group("title"), [organ] if organ else [])
    for line in lines:
        km = REPORTED_KIND_RE.match(DATELINE_RE.sub("", line))
        if km:
            return ReportedPlan(None, [x for o in _split_orgs(km.group("orgs")) for x in _organs(o, "", "")])
    for i, line in enumerate(lines):
        bm = BY_ORGAN_RE.search(line)
        if bm and title_kind(bm.group("title")):
            before = "\n".join([*lines[:i], line[: bm.start()]])
            organ = _organ(bm.group("org"), before, bm.group("title"))
            return ReportedPlan(bm.group("title"), [organ] if organ else [])
    for line in lines:
        nm = NOTICE_BODY_RE.match(line)
        if nm and title_kind(nm.group("title")):
            return ReportedPlan(nm.group("title"))
    for line in lines:
        am = ATTRIBUTIVE_RE.search(line) or PASSIVE_RE.search(line)
        if am and title_kind(am.group("title")):
            return ReportedPlan(am.group("title"))
    for line in lines:
        for m in re.finditer(r"《([^《》]{4,80})》", line):
            named = (
                SHORT_NAME_RE.match(line[m.end() :])
                or PRESS_RE.match(line[m.end() :])
                or SAYS_RE.match(line[m.end() :])
            )
            if title_kind(m.group(1)) and (named or line[: m.start()].endswith(("介绍", "解读"))):
                approved = APPROVED_RE.match(line[m.end() :])
                organ = approved and _organ(approved.group("org"), line[: m.start()], m.group(1))
                return ReportedPlan(m.group(1), [organ] if organ else [])
    return _unquoted_report(lines)


def drafted_plan(lines: list[str]) -> ReportedPlan | None:
    """The plan a 解读 page's drafting history ends in (`DRAFTED_RE`), with the number in brackets after it,
    taken only when the page names a plan of that kind for short (《规划》). The history comes after the
    background, so the whole text is read, not a news page's opening."""
    text = "\n".join(lines)
    for m in DRAFTED_RE.finditer(text):
        kind = title_kind(m.group("title"))
        if kind and any(kind.endswith(s) for s in re.findall(r"《([\u4e00-\u9fff]{2,4})》", text)):
            bm = BRACKET_NUMBER_RE.match(text[m.end() :])
            return ReportedPlan(m.group("title"), doc_number=bm.group("num") if bm else None)
    return None


def _unquoted_report(lines: list[str]) -> ReportedPlan:
    """A plan a report names without 《》, taken only when the page then names it for short by its kind."""
    for i, line in enumerate(lines):
        um = UNQUOTED_REPORT_RE.search(line)
        if um is None:
            continue
        rest = line[um.end() :] + "\n".join(lines[i + 1 :])
        kind = title_kind(um.group("title"))
        if kind and any(kind.endswith(s) for s in re.findall(r"《([\u4e00-\u9fff]{2,4})》", rest)):
            return ReportedPlan(um.group("title"))
    return ReportedPlan()


def _own_notice(title: str, after: str) -> bool:
    """A notice that is itself the measure the page reports ("《关于实施“…工程”的通知》（以下简称《通知》）"),
    not one carrying a plan (关于印发/转发…的通知)."""
    return title.endswith("通知") and not re.search("印发|转发", title) and bool(SHORT_NAME_RE.match(after))


def _split_orgs(orgs: str) -> list[str]:
    """The organs of a subject: split at 、 unless it joins a party committee and its government."""
    return [orgs] if JOINT_RE.match(orgs) else orgs.split("、")


def _organs(name: str, before: str, title: str) -> list[str]:
    """A joint subject ("自治区党委和政府") is the party committee and the government of the place the
    title or the page names first (the headline: "内蒙古自治区党委、自治区人民政府《…》答记者问")."""
    jm = JOINT_RE.match(name)
    if jm is None:
        organ = _organ(name, before, title)
        return [organ] if organ else []
    level = jm.group("lv")
    pm = re.search(rf"[\u4e00-\u9fff]{{2,8}}?{level}(?=(?:党)?委|人民政府|政府)", f"{title}\n{before}")
    if jm.group("place"):
        place = jm.group("place") + level
    elif pm is None:
        return []
    else:
        place = pm.group(0)
    party = f"中共{place}委员会" if level == "自治区" else f"中共{place}委"
    return [party, f"{place}人民政府"]


def _organ(name: str, before: str, title: str) -> str | None:
    """The organ's full name: "该局" is the last short organ named before it; a short name (省…局,
    市政府办公厅) takes the place the plan's title opens with; "X市政府" is X市人民政府."""
    if name.startswith("我"):
        return None  # "我省日前下发《…》": the page's own province, no organ named
    if name.startswith("该"):
        named = SHORT_ORGAN_RE.findall(before)
        if not named or named[-1][-1] != name[-1]:
            return None
        name = named[-1]
    if name[0] in "省市区县州":
        place = re.match(rf"^[\u4e00-\u9fff]{{1,8}}?{name[0]}", title)
        # else the page named the organ in full before ("从四川省工商局获悉，…省工商局制定出台了《…》")
        place = place or re.search(
            rf"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[从在向据经由对与和]))(?![从在向据经由对与和])[\u4e00-\u9fff]{{1,8}}?{name[0]}"
            rf"(?={re.escape(name[1:])})",
            before,
        )
        if place is None:
            return None
        name = place.group(0) + name[1:]
    name = re.sub(r"(?<=[省市县区州旗])政府", "人民政府", name)
    return PROVINCE_LOCATOR_RE.sub("", name)


def organ_name(name: str, before: str, title: str) -> str | None:
    """An organ's full name (public form of `_organ`)."""
    return _organ(name, before, title)
