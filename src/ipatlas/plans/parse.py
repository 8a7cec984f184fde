"""``parse_plan``: from a file or text to a :class:`ParsedPlan`.

normalise (script, widths, Taiwan terms) → parts (title, body, furniture, signature) →
metadata (doc number, issuers, dates, status, level, kind, region, period) → structure
(heading tree) → targets and baselines → tasks with units → schedule.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ipatlas.config import Settings
from ipatlas.plans.document import (
    CN_NUM,
    DATE_LINE_RE,
    DocumentParts,
    cover_organs,
    find_document_parts,
    strip_title,
    title_kind,
)
from ipatlas.plans.models import ParsedPlan, Period, RegionRef, Section, SourceInfo, Target
from ipatlas.plans.normalize import NormalizedText, normalize_source
from ipatlas.plans.place import body_place
from ipatlas.plans.quantities import parse_cn_integer
from ipatlas.plans.reported import ReportedPlan, drafted_plan, is_headline, plan_reported
from ipatlas.plans.reported import organ_name as reported_organ
from ipatlas.plans.schedule import extract_schedule
from ipatlas.plans.series import coded_issuer, coded_region, completed_government, series_issuer
from ipatlas.plans.structure import Node, parse_structure
from ipatlas.plans.tables import (
    rebuild_spaced_tables,
    rebuild_vertical_tables,
    rewrite_task_tables,
    table_targets,
)
from ipatlas.plans.targets import (
    BASE_TITLE_RE,
    FYP,
    GOAL_TITLE_RE,
    YEAR_CTX_RE,
    annual_goal_years,
    attach_baselines,
    extract_targets,
    fyp_years,
    goal_statements,
    relative_span,
    sentence_horizon,
    span_start,
)
from ipatlas.plans.tasks import extract_tasks
from ipatlas.plans.units import NATIONAL, DepartmentRegistry, RegionConfig, load_registry
from ipatlas.plans.wrapped import rebuild_wrapped_task_tables

DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［【（(]\d{4}[〕\]］】）)]\s*第?\d{1,4}\s*号")
ISSUER_IN_NOTICE_RE = re.compile(
    r"《?([\u4e00-\u9fff]{2,40}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|局))关于(?:印发|转发)"
)
KIND_ALIASES = {"发展规划": "规划", "专项规划": "规划"}
PLACE_RE = re.compile(r"^(.{2,12}?(?:自治区|自治州|自治县|特别行政区|省|市|区|县|州|盟|旗))")
LEVEL_OF_SUFFIX = {"省": "省", "自治区": "省", "市": "市", "州": "市", "自治州": "市", "盟": "市", "区": "区",
                   "县": "县", "自治县": "县", "旗": "县"}  # fmt: skip


def parse_plan(
    source: Path | str,
    *,
    region: str | None = None,
    registry: DepartmentRegistry | None = None,
    settings: Settings | None = None,
    registry_path: Path | None = None,
) -> ParsedPlan:
    """Parse a plan (plain text, DOCX or HTML; a path, or the text itself).

    ``region`` is an adcode from the department registry (default: found from the title);
    ``registry`` defaults to the built-in registry merged with the user's file: ``registry_path``,
    else ``<data_dir>/plans/departments.yaml`` of ``settings`` when given and present.
    """
    doc = normalize_source(source)
    parts = find_document_parts(doc.lines)
    reg = registry or load_registry(settings=settings, path=registry_path)
    title = _title_with_range(parts)
    reported = ReportedPlan()
    if title is None or is_headline(title):
        # a news report on one plan: "国务院办公厅近日印发《…方案（2023—2025年）》", under a headline
        # ("洞口县出台…实施意见") or none
        reported = plan_reported(parts.body_lines()[:12])
        if reported.title is None and title is None:
            reported = drafted_plan(parts.body_lines()) or reported
        title = reported.title or title
    quoted_issuers = reported.issuers
    body = rebuild_vertical_tables(rebuild_spaced_tables(rebuild_wrapped_task_tables(parts.body_lines())))
    body = rewrite_task_tables(body)
    preamble, root = parse_structure(body, toc=parts.toc)

    issued_on, issuers = _issued(parts)
    if reported.issued_on and not parts.signatures and not any(map(parts.meta.get, SIGNED_KEYS)):
        issued_on = reported.issued_on  # the report's "2021年12月31日，…印发《…》", not the page's date
    issuers = issuers or quoted_issuers
    own_number = _doc_number(parts)
    doc_number = own_number or reported.doc_number
    issuers = _issuers_named(issuers, parts, title, None, doc_number, own_number)
    national = region is None and _is_national(title, issuers, parts)
    region_cfg = None if national else _region(reg, region, title, parts, issuers)
    coded = coded_region(own_number, None, "\n".join(parts.lines)) if region is None else None
    if coded and (national or region_cfg is None):
        # the page's own number is coded with a place (渝府发: 重庆市): a joint document carries the lead
        # organ's number, so a co-signing national office does not make it national
        national, region_cfg = False, reg.region_config(coded[0])
    region_ref = region_cfg.ref() if region_cfg else (None if national else _region_from_title(title))
    if region_ref is None and not national and (code := body_place(parts.lines)):
        # no place in the title or issuer: the one the text names as its own ("我区" … "宝山区")
        region_cfg = reg.region_config(code)
        region_ref = region_cfg.ref()
    issuers = _issuers_named(issuers, parts, title, region_ref, doc_number, own_number)
    effective_on = _effective_on(parts, issued_on, body)

    full_text = "\n".join([*preamble, root.full_text()])
    # A plan a news page reports with no date of its own was issued about when the page was published:
    # its year stands in for the issue year where the plan's start is unstated.
    dated = issued_on
    if dated is None and reported.title and parts.published_on:
        dated = dt.date(*parts.published_on)
    period, targets, baselines = _period_and_targets(title, full_text, dated, preamble, root, body)
    if dated is None:
        period = _started_by_number(period, doc_number)

    if not national and region_cfg is None and region_ref is None and _units_are_national(root):
        national = True  # no issuer or place named, and its notes name ministries and 总局 only
    jurisdiction = NATIONAL if national else (region_ref.jurisdiction if region_ref else None)
    resolver = reg.resolver(region_cfg, jurisdiction=jurisdiction)
    tasks = extract_tasks(root, resolver)
    schedule = extract_schedule(root)

    kind = title_kind(title) if title else None
    removed = [
        parts.lines[i]
        for i in range(len(parts.lines))
        if i not in _body_indices(parts) and i != parts.title_index
    ]
    return ParsedPlan(
        title=_clean_title(title),
        notice_title=_notice_title(parts),
        doc_number=doc_number,
        issuers=issuers,
        issued_on=issued_on,
        published_on=dt.date(*parts.published_on) if parts.published_on else None,
        effective_on=effective_on,
        status=parts.status,
        level="国家" if national else _level(region_ref),
        kind=KIND_ALIASES.get(kind, kind) if kind else None,
        region=region_ref,
        period=period,
        preamble="\n".join(preamble),
        sections=[_section(c, 1) for c in root.children],
        targets=targets,
        baselines=baselines,
        tasks=tasks,
        schedule=schedule,
        source=_source_info(doc, removed, parts.meta),
    )


def _effective_on(parts: DocumentParts, issued_on: dt.date | None, body: list[str]) -> dt.date | None:
    """The page's 实施/施行/生效日期, else the issue date of a plan in force 自印发之日起."""
    effective_on = _date(
        parts.meta.get("实施日期") or parts.meta.get("施行日期") or parts.meta.get("生效日期")
    )
    if (
        effective_on is None
        and issued_on
        and re.search(r"自(印发|发布|公布)之日起(施行|实施|执行)", "\n".join(body))
    ):
        return issued_on
    return effective_on


def _source_info(doc: NormalizedText, removed: list[str], meta: dict[str, str]) -> SourceInfo:
    """How the document was read: format, script conversion, dropped furniture, recognised pages."""
    return SourceInfo(
        name=doc.name,
        format=doc.format,
        script=doc.script.script,
        traditional_ratio=doc.script.traditional_ratio,
        taiwan_terms=doc.script.taiwan_terms,
        removed=removed,
        metadata=meta,
        ocr_pages=doc.ocr_pages,
    )


# ---------------------------------------------------------------------------------------------


def _body_indices(parts: DocumentParts) -> set[int]:
    skip = set(parts.furniture)
    return {i for i in range(parts.body_start, parts.body_end) if i not in skip}


def _clean_title(title: str | None) -> str | None:
    # a quotation inside the title written <…> or 〈…〉 ("福建省贯彻<…纲要>的实施方案") is 《…》
    return re.sub(r"[<〈]([^<>〈〉《》]{2,60})[>〉]", r"《\1》", strip_title(title)) if title else None


def _section(node: Node, level: int) -> Section:
    return Section(
        number=node.number,
        title=node.title,
        path=node.path(),
        level=level,
        text=node.text,
        children=[_section(c, level + 1) for c in node.children],
    )


def _outermost(nodes: list[Node]) -> list[Node]:
    ids = {id(n) for n in nodes}
    out = []
    for n in nodes:
        p = n.parent
        covered = False
        while p is not None:
            if id(p) in ids:
                covered = True
                break
            p = p.parent
        if not covered:
            out.append(n)
    return out


def _period_and_targets(
    title: str | None,
    full_text: str,
    issued_on: dt.date | None,
    preamble: list[str],
    root: Node,
    body: list[str],
) -> tuple[Period, list[Target], list[Target]]:
    """The plan's period and its targets (goal sections, 主要指标 tables, goals stated elsewhere), with the
    baselines its 基础/现状 sections state."""
    goal_nodes = _goal_nodes(root)
    goal_sections = [(n.path(), n.full_text()) for n in goal_nodes]
    if not goal_nodes:
        # goals stated in a preamble paragraph with no heading ("总的要求是，…力争经过5年努力，…达到…")
        goal_sections = [("前言", line) for line in preamble if PREAMBLE_GOAL_RE.match(line)]
    # goals stated elsewhere: task items, a plan quoted in a news report (targets.goal_statements)
    stated_elsewhere = [
        (path, statements)
        for path, text in _outside_goals(preamble, root, {line for _, line in goal_sections})
        if (statements := goal_statements(text))
    ]
    period = _period(
        title or "",
        full_text,
        issued_on,
        root,
        goal_nodes,
        stated_goals="" if goal_sections else "\n".join(t for _, t in stated_elsewhere),
    )
    # relative horizons ("三年内", "今后五年") count from the plan's first year, else its issue year
    first_year = period.start or (issued_on.year if issued_on else None)
    span_from = span_start(issued_on, period.start)
    targets = extract_targets(goal_sections, default_year=period.end, first_year=span_from)
    stated = {(t.indicator, t.year) for t in targets}
    table = table_targets(body, (period.start, period.end))
    targets += [t for t in table if (t.indicator, t.year) not in stated]
    stated = {(t.indicator, t.year) for t in targets}
    # a horizon before the plan's start reviews the past ("到2012年底，全区专利申请总量达…")
    targets += [
        t
        for t in extract_targets(stated_elsewhere, default_year=period.end, first_year=span_from)
        if (t.indicator, t.year) not in stated and not (first_year and t.year and t.year < first_year)
    ]
    base_nodes = [n for n in root.walk() if BASE_TITLE_RE.search(n.title or "")]
    baseline_default = period.start - 1 if period.start else None
    baselines = extract_targets(
        [(n.path(), n.full_text()) for n in _outermost(base_nodes)],
        default_year=baseline_default,
        baseline_mode=True,
    )
    attach_baselines(targets, baselines)
    return period, targets, baselines


def _outside_goals(preamble: list[str], root: Node, used: set[str]) -> list[tuple[str, str]]:
    """(path, own text) of the preamble and of every section outside a goal or baseline section (a
    section titled …目标 or …基础/现状/成效, and all below it)."""
    out = [("前言", line) for line in preamble if line not in used]
    for n in root.walk():
        node: Node | None = n
        while node is not None:
            if GOAL_TITLE_RE.search(node.title or "") or BASE_TITLE_RE.search(node.title or ""):
                break
            node = node.parent
        if node is None and n.lines:
            out.append((n.path(), n.text))
    return out


PREAMBLE_GOAL_RE = re.compile(r"^(?:总的要求|总体要求|总体目标|主要目标|工作目标|发展目标)(?:是|为)?[，,：:]")


def _goal_nodes(root: Node) -> list[Node]:
    """The innermost sections titled …目标 (一、指导思想和主要目标 › （二）主要目标)."""
    nodes = [n for n in root.walk() if GOAL_TITLE_RE.search(n.title or "")]
    if not nodes:
        # A plan whose goals stand in its 总体要求 ("一、总体要求" … "到2027年，力争…达到…") and that
        # has no section titled …目标.
        nodes = [n for n in root.walk() if re.fullmatch(r"总体要求|总的要求|总体思路", n.title or "")]
    return [n for n in nodes if not any(GOAL_TITLE_RE.search(c.title or "") for c in n.walk())]


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    m = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text.strip())
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m2 = DATE_LINE_RE.match(text.strip())
    if m2:
        # "二00八年九月二日", "二OO九年…": a Chinese-numeral year typed with the digit 0 or the letter O
        y, mo, d = (
            int(g) if g.isdigit() else parse_cn_integer(re.sub("[0O]", "〇", g)) for g in m2.groups() if g
        )
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return None
    return None


_DIVISION_RE = re.compile(r"^([\u4e00-\u9fff]{2,30}?(?:局|厅|委员会))[\u4e00-\u9fff]{2,12}?[处科]$")


def _meta_organs(value: str) -> list[str]:
    """The organs of a 发文机关 / 发布机构 field; a bureau's own division publishing the page
    ("…市场监督管理局知识产权发展处") names the bureau."""
    return [_DIVISION_RE.sub(r"\1", x) for x in re.split(r"[、，\s]+", value) if x]


def _issued(parts: DocumentParts) -> tuple[dt.date | None, list[str]]:
    """Issue date and issuers: page metadata, else the signature (issuer line above a date line). A
    page's 发布日期 is when the site published it: the signed date, when there is one, comes first."""
    issued = _date(
        parts.meta.get("颁布日期")
        or parts.meta.get("成文日期")
        or parts.meta.get("发文日期")
        or parts.meta.get("印发日期")
    )
    issuers: list[str] = []
    meta_issuer = parts.meta.get("发文机关") or parts.meta.get("制定机关")
    if meta_issuer:
        issuers = _meta_organs(meta_issuer)
    if parts.signatures:
        orgs, date_line = parts.signatures[0]
        issuers = issuers or orgs
        # the signed date before a box's 成文日期 (渝中's box dates the page a week after the signature)
        issued = _date(date_line) or issued
    # a portal's 发布机构 publishes the page: the organs that sign the document, or draft it on its cover,
    # come first (round 22)
    issuers = issuers or cover_organs(parts) or _meta_organs(parts.meta.get("发布机关") or "")
    issued = issued or _date(parts.meta.get("发布日期"))
    if issued is None:
        for i in parts.header:
            m = re.match(rf"^{DOC_NUMBER_RE.pattern}\s*(\d{{4}}年\d{{1,2}}月\d{{1,2}}日)$", parts.lines[i])
            if m:
                issued = _date(m.group(1))
                break
            # the notice's date on its own line, the organ's name above it left out
            if DATE_LINE_RE.match(parts.lines[i].strip()):  # also 二〇一二年三月十三日
                issued = _date(parts.lines[i].strip())
                break
    if issued is None:
        # a notice's date on its own line just under its opening (no organ above it); a draft's date
        # stands in brackets under its title ("（2015年9月15日）")
        for line in parts.lines[:8]:
            bare = re.sub(r"^[（(]\s*(.+?)\s*[）)]$", r"\1", line.strip())
            if DATE_LINE_RE.match(bare):
                issued = _date(bare)
                break
    if not issuers:
        for line in parts.lines[:12]:
            m = ISSUED_SENTENCE_RE.match(line)
            if m:
                issuers, issued = [m.group(1)], issued or _date(m.group(2))
                break
    if not issuers:
        # "沈阳市人民政府办公厅关于印发…的通知" names its issuer.
        for i in parts.header:
            line = parts.lines[i]
            if line.endswith("关于") and i + 1 < len(parts.lines):
                line += parts.lines[
                    i + 1
                ]  # the notice title broken after 关于 ("…办公厅关于" / "印发…的通知")
            m = ISSUER_IN_NOTICE_RE.search(line)
            if m:
                issuers = [m.group(1)]
                break
    return issued, issuers


ANNUAL_TITLE_RE = re.compile(
    r"(?:(?P<y>\d{4})\s*年(?:度)?[\u4e00-\u9fff“”]*)?(?:工作要点|推进计划|年度工作计划|年度计划|工作计划|年度推进计划|重点工作|要点|工作任务)$"
)
# The year of an annual document whose title lost it ("…XX年知识产权工作任务"), as the text states it:
# "现将2023年xx州知识产权工作任务和要点安排如下", "一、2023年知识产权工作目标任务".
ANNUAL_IN_TEXT_RE = re.compile(
    r"(\d{4})\s*年(?:度)?[\u4e00-\u9fffA-Za-z“”]{0,20}?(?:工作要点|工作任务|推进计划|工作计划|重点工作|目标任务)"
)
# A one-year document named anywhere in a title ("…2022年工作总结和2023年工作要点的通知",
# "关于开展2024年知识产权宣传周活动的方案", "年度工作指引（2024）"): the last such year.
ANNUAL_IN_TITLE_RE = re.compile(
    r"(\d{4})\s*年(?:度)?[\u4e00-\u9fff“”]{0,20}?(?:工作要点|推进计划|工作计划|重点工作|活动)"
    r"|(?:工作要点|工作指引|推进计划|工作计划)[（(](\d{4})年?度?[）)]"
)
STATED_YEARS_RE = re.compile(
    r"明确(\d{4})(?:\s*(?:—|-|–|至)\s*(\d{4}))?\s*年(?:度)?(?:的)?(?:重点任务|工作重点|主要任务|重点工作)"
    r"|明确(\d{4})(?:\s*(?:—|-|–|至)\s*(\d{4}))?\s*年度"
)
# A title that opens with one year ("2025年徐汇区…工作实施方案") is that year's document.
ONE_YEAR_TITLE_RE = re.compile(r"^(\d{4})\s*年(?:度)?(?![—\-–至到]\s*\d{4})")
# A work-points text whose heading was lost opens with its year: "2015年下半年，全国……工作要……".
OPENING_YEAR_RE = re.compile(r"^(\d{4})年(?:上半年|下半年|度)?[，,]")
# "XX领导小组于2022年7月7日印发《…》": the issuer and date in one sentence.
ISSUED_SENTENCE_RE = re.compile(
    r"^([\u4e00-\u9fff（）]{4,40}?(?:领导小组|人民政府|办公厅|办公室|委员会|局|部|厅|署))于(\d{4}年\d{1,2}月\d{1,2}日)印发《"
)
NATIONAL_RE = re.compile(r"^(国务院|中共中央|国家|中央|全国)|部际联席会议")
# "（2025—2027年）" under a title; a range may be written with a tilde ("（2017~2020年）")
YEAR_RANGE_LINE_RE = re.compile(r"^[（(]\d{4}(?:\s*(?:—|-|–|~|～|至)\s*\d{4})?\s*年?[）)]$")
GOV_SHORT_RE = re.compile(r"^(省|市|区|县|自治区|州)政府关于印发")
RED_HEAD_RE = re.compile(
    r"^([\u4e00-\u9fff]{2,30}?(?:人民政府|人民政府办公室|人民政府办公厅|局|委员会))文件$"
)


def _title_with_range(parts: DocumentParts) -> str | None:
    """A title whose years stand on the next line ("…行动计划" / "（2025—2027年）") is one title."""
    title = parts.title
    i = parts.title_index
    if (
        title
        and i is not None
        and i + 1 < len(parts.lines)
        and YEAR_RANGE_LINE_RE.match(parts.lines[i + 1])
        and not re.search(r"\d{4}\s*(?:—|-|–|~|～|至)\s*\d{4}", title)
    ):
        return title + parts.lines[i + 1]
    if title and i and strip_title(title).startswith("关于"):
        # a site's heading states the title whole above the document's own, whose organs stand on the
        # line above its 关于 ("自治区市场监管局 知识产权局关于…的通知" / … / "自治区市场监管局 知识产权局" /
        # "关于…的通知")
        organs = parts.lines[i - 1].split()
        whole = "".join(organs) + title
        heading = any(line.replace(" ", "") == whole for line in parts.lines[: i - 1])
        if heading and organs and all(ORGAN_NAME_RE.match(o) for o in organs):
            return whole
    return title


def _is_national(title: str | None, issuers: list[str], parts: DocumentParts) -> bool:
    """Issued by the State Council, a national ministry or a 部际联席会议 (its units carry no prefix)."""
    texts = [*(issuers or []), strip_title(title or "")]
    texts += [parts.lines[i] for i in parts.header]
    if not title and parts.lines:
        texts.append(parts.lines[0])  # a masthead when the heading is lost
    return any(NATIONAL_RE.search(t) for t in texts if t)


def _units_are_national(root: Node) -> bool:
    """The gazetteer decides a plan's level when nothing else does: responsibility notes that name
    national ministries, 总局 or 署 and no unit with a local prefix (省/市/区/县) are a national plan's."""
    from ipatlas.plans.tasks import find_unit_notes
    from ipatlas.plans.units import NATIONAL_UNIT_RE, split_units

    units = [
        u
        for n in [root, *root.walk()]
        for note in find_unit_notes(n.text)[1]
        for u in split_units(note.units_text)
    ]
    return (
        bool(units)
        and any(NATIONAL_UNIT_RE.search(u) for u in units)
        and not any(re.match(r"^(省|市|区|县|州|[\u4e00-\u9fff]{2,6}(省|市|区|县))", u) for u in units)
    )


def _issuers_named(
    issuers: list[str],
    parts: DocumentParts,
    title: str | None,
    region: RegionRef | None,
    doc_number: str | None = None,
    own_number: str | None = None,
) -> list[str]:
    """Issuers the signature misses: a red-head "XX人民政府文件", "省政府关于印发…", an org line after
    "特此通知", or the office naming itself in the title ("国家知识产权局2022年工作要点")."""
    if issuers:
        if region is None:
            return issuers
        # a box's short 发布单位 ("市政府办公厅") is the page's own government's
        return [completed_government(x, region.code, region.jurisdiction) for x in issuers]
    header = [parts.lines[i] for i in parts.header]
    for line in header:
        m = RED_HEAD_RE.match(line)
        if m:
            return [m.group(1)]
    for k, line in enumerate(header):
        if line in ("特此通知。", "特此通知") and k + 1 < len(header) and ORG_LINE_RE.match(header[k + 1]):
            return [header[k + 1]]
    by_series = series_issuer(doc_number, strip_title(title or ""))
    if by_series:
        return [by_series]
    # the page's own number names its organ ("大渡口府发" → 重庆市大渡口区人民政府), not a number it reports
    by_code = coded_issuer(own_number, region.code if region else None, "\n".join(parts.lines))
    if by_code:
        return [by_code]
    # Organs on the line above a title opening with 关于 ("中共包头市委员会 包头市人民政府" / "关于…意见").
    i = parts.title_index
    if title and strip_title(title).startswith("关于") and i:
        names = parts.lines[i - 1].split()
        if names and all(ORGAN_NAME_RE.match(n) for n in names):
            return names
    # A portal's byline under the title: the publishing organ and its timestamp
    # ("广西壮族自治区人民政府办公厅 2017-02-27 16:06").
    if i is not None and i + 1 < len(parts.lines):
        bm = re.match(r"^(\S{4,40})\s+\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$", parts.lines[i + 1])
        if bm and ORGAN_NAME_RE.match(bm.group(1)):
            return [bm.group(1)]
    # A plan page's "来源：省知识产权局" byline: the publishing organ, a short name completed from the title.
    source = re.sub(r"\s.*", "", parts.meta.get("来源", ""))
    if title and ORGAN_NAME_RE.match(source):
        organ = reported_organ(source, "", strip_title(title))
        if organ:
            return [organ]
    # A masthead: the document's first line is the issuing organ alone.
    if parts.lines and ORG_LINE_RE.match(parts.lines[0]) and "关于" not in parts.lines[0]:
        return [parts.lines[0]]
    # "市知识产权局关于印发…": the short name, completed by the full one the text uses.
    for line in [*header, title or ""]:
        m = re.match(r"^([省市区县])([\u4e00-\u9fff]{2,12}?局)关于印发", line)
        if m:
            full = re.search(rf"([\u4e00-\u9fff]{{2,8}}{m.group(1)}){m.group(2)}", "\n".join(parts.lines))
            if full:
                return [full.group(1) + m.group(2)]
    for line in [*header, title or ""]:
        m = GOV_SHORT_RE.match(line)
        if m and region is not None:
            return [f"{region.name}人民政府"]
    if title:
        # "《黑龙江省人民政府关于…的实施意见》": the quoted title and a government naming itself count too.
        title = strip_title(title)
        m = re.match(
            r"^([\u4e00-\u9fff]{2,12}?(?:自治区|市|区|县|省)[\u4e00-\u9fff]{0,16}?(?:局|委员会|人民政府)"
            r"|国家[\u4e00-\u9fff]{2,12}?(?:局|委员会)(?:办公室)?)关于",
            title,
        )
        if m:
            return [m.group(1)]
        m = re.match(
            r"^(国家[\u4e00-\u9fff]{2,12}?局|[\u4e00-\u9fff]{2,12}?(?:市|区|县|省)[\u4e00-\u9fff]{2,12}?局)\d{4}年",
            title,
        )
        if m:
            return [m.group(1)]
    return issuers


# A text naming itself an outline: "…，结合我省实际，制定本纲要。"
OUTLINE_SELF_RE = re.compile(r"(?:制定|特制定|编制)本纲要")
# Keys of a date the document was signed or made (a page's 发布日期 is only when it went online).
SIGNED_KEYS = ("颁布日期", "成文日期", "发文日期", "印发日期")
ORGAN_NAME_RE = re.compile(r"^[\u4e00-\u9fff（）]{2,40}(?:人民政府|办公厅|办公室|委员会|局|厅)$")
ORG_LINE_RE = re.compile(
    r"^[\u4e00-\u9fff（）]{4,40}(?:人民政府|办公厅|办公室|委员会|局|部|厅|署|会议办公室)$"
)


def _doc_number(parts: DocumentParts) -> str | None:
    if parts.meta.get("发文字号") or parts.meta.get("文号"):
        return canonical_doc_number(parts.meta.get("发文字号") or parts.meta.get("文号") or "")
    lines = [parts.lines[i] for i in parts.header]
    if parts.title_index is not None:
        lines.insert(0, parts.lines[parts.title_index])
        # "惠府〔2009〕109号" on its own line under the title
        for j in range(parts.title_index + 1, min(parts.title_index + 3, len(parts.lines))):
            if DOC_NUMBER_RE.fullmatch(parts.lines[j].strip()):
                lines.append(parts.lines[j])
    if parts.title_index is None and parts.lines and DOC_NUMBER_RE.fullmatch(parts.lines[0].strip()):
        # a letter with no title opens with its number ("粤市监知促函〔2024〕864号" above the addressees)
        lines.append(parts.lines[0])
    for line in lines:
        m = DOC_NUMBER_RE.search(line)
        # A number inside 《…》 or a sentence is a cited document, not this one; a line that is only
        # a bracketed number ("（襄阳政发〔2012〕8号）") is this one's.
        alone = re.fullmatch(r"[（(]\s*" + DOC_NUMBER_RE.pattern + r"\s*[）)]", line.strip())
        if (
            m
            and not re.search(r"《[^》]*$", line[: m.start()])
            and (alone or not line[: m.start()].endswith("（"))
        ):
            return canonical_doc_number(m.group(0))
    return None


def _started_by_number(period: Period, doc_number: str | None) -> Period:
    """No date on the page but its number ("内政发〔2017〕142号"): issued that year, so the plan's
    "到2020年" runs from it (a number later than the horizon sets nothing)."""
    m = re.search(r"[〔\[［【（(](\d{4})[〕\]］】）)]", doc_number or "")
    if m is None or period.start is not None or period.end is None or int(m.group(1)) > period.end:
        return period
    return Period(start=int(m.group(1)), end=period.end)


def canonical_doc_number(text: str) -> str:
    """The official form: "泸市府办发[2024]第23号" → "泸市府办发〔2024〕23号" (the year in 〔〕)."""
    s = re.sub(r"\s+", "", text)
    return re.sub(r"[〔\[［【（(](\d{4})[〕\]］】）)]第?", r"〔\1〕", s)


def _notice_title(parts: DocumentParts) -> str | None:
    for i in parts.header:
        line = parts.lines[i]
        m = re.search(r"《([^《》]*关于印发.*?的通知)》", line) or re.fullmatch(
            r"([^《》]*关于印发.*?的通知)", line
        )
        if m:
            return m.group(1)
    return None


def _region(
    reg: DepartmentRegistry,
    code: str | None,
    title: str | None,
    parts: DocumentParts,
    issuers: list[str] | None = None,
) -> RegionConfig | None:
    """The plan's region: the given adcode, else the place its title (or issuer) names.

    Regions of the department registry are used as they are; any other region comes from the
    national division registry (ipatlas.regions) and inherits the overrides of its nearest
    ancestor in the department registry (渝北区 → 重庆市).
    """
    if code:
        return reg.region_config(code)
    texts = []
    if title:
        bare = re.sub(r"《[^》]*》", "", strip_title(title))
        # "浙江省知识产权局关于同意温州市…的批复": the organ before 关于 owns it, not the place it answers
        organ = re.match(r"^([\u4e00-\u9fff]{2,30}?(?:人民政府|办公厅|办公室|委员会|局|厅))关于", bare)
        if organ:
            texts.append(organ.group(1))
        texts.append(bare)
    for orgs, _ in parts.signatures:
        texts.extend(orgs)
    texts.extend(issuers or [])
    for text in texts:
        from ipatlas.regions import get_resolver

        found = get_resolver().resolve(text)
        if found.adcode:
            return reg.region_config(found.adcode)
    for text in texts:
        r = reg.find_region(text)
        if r:
            return r
    return None


def _region_from_title(title: str | None) -> RegionRef | None:
    """A place named by the title that no registry knows: name and level only."""
    if not title:
        return None
    m = PLACE_RE.match(re.sub(r"《[^》]*》", "", strip_title(title)))
    if not m:
        return None
    name = m.group(1)
    if re.search(r"^关于|知识产权|国家|新时代", name):
        return None
    suffix = next(s for s in sorted(LEVEL_OF_SUFFIX, key=len, reverse=True) if name.endswith(s))
    return RegionRef(code=None, name=name, jurisdiction=LEVEL_OF_SUFFIX[suffix])


def _level(region: RegionRef | None) -> str | None:
    if region is None:
        return None
    return {"州": "市", "盟": "市", "旗": "县"}.get(region.jurisdiction, region.jurisdiction)


def _period(
    title: str,
    text: str,
    issued_on: dt.date | None,
    root: Node,
    goal_nodes: list[Node],
    *,
    stated_goals: str = "",
) -> Period:
    """Plan period: the title's years or 十N五, a stated term (试点时间 …), else issue year to target year."""
    m = re.search(r"(\d{4})\s*年?\s*(?:—|-|–|~|～|至|到)\s*(\d{4})\s*(?:年|）|$)", title)
    if m:
        return Period(start=int(m.group(1)), end=int(m.group(2)))
    annual = (
        ANNUAL_TITLE_RE.search(title) or ANNUAL_IN_TITLE_RE.search(title) or ONE_YEAR_TITLE_RE.search(title)
    )
    if annual or not title:
        # Annual work points / promotion plans: the year in the title is the period; a plan that
        # states its years ("明确2021—2022年度重点任务") runs over those.
        stated = STATED_YEARS_RE.search(text)
        if stated:
            a, b = (
                (stated.group(1), stated.group(2)) if stated.group(1) else (stated.group(3), stated.group(4))
            )
            return Period(start=int(a), end=int(b or a))
    if annual:
        title_years = [g for g in annual.groups() if g and g.isdigit()]
        found = [m.group(1) or m.group(2) for m in ANNUAL_IN_TITLE_RE.finditer(title)]
        y = int(title_years[0]) if title_years else (int(found[-1]) if found else None)
        if y is None:
            in_text = ANNUAL_IN_TEXT_RE.search(text[:1500])
            y = int(in_text.group(1)) if in_text else None
        if y:
            return Period(start=y, end=y)
    if not title:
        # a plan page whose title was lost names itself: "…，编制镇江市知识产权“十三五”发展规划。"
        named = re.search(
            rf"(?:编制|制定|特制定|现制定)(?:本|了)?[^。，；]{{0,30}}?{FYP}[^。，；]{{0,12}}?(?:规划|纲要)",
            text[:1500],
        )
        if named:
            a, b = fyp_years(named.group(1))
            return Period(start=a, end=b)
        opening = OPENING_YEAR_RE.match(text.lstrip())
        if opening and "工作" in text.split("。", 1)[0]:
            y = int(opening.group(1))
            return Period(start=y, end=y)
    # The title's 十N五, else that of a goal heading ("“十三五”科技创新的总体目标").
    goal_titles = " ".join(n.title or "" for n in goal_nodes)
    m = re.search(FYP, title) or re.search(FYP, goal_titles)
    if m:
        a, b = fyp_years(m.group(1))
        return Period(start=a, end=b)
    term = _stated_term(title, text)
    if term:
        return term
    # goals stated outside a goal section (a plan quoted in news) when the plan has none
    goal_text = "\n".join(n.full_text() for n in goal_nodes) or stated_goals
    # a horizon stated outside a goal section ends the plan only with a figure ("提出到2018年建成…" does not)
    years = [] if goal_text is stated_goals else [int(y) for y in YEAR_CTX_RE.findall(goal_text)]
    lo = issued_on.year if issued_on else None
    years = [y for y in years if lo is None or y >= lo]
    # The first targeted horizon with figures; long-range visions (到2035年) do not end a plan, but they
    # are an outline's (纲要) term: its goals for 2025 are a stage of it.
    outline = title.endswith("纲要") or OUTLINE_SELF_RE.search(text[:1500]) is not None
    end = (max(years) if outline and years else None) or _first_quantified_year(goal_text)
    end = end or (min(years) if years else None)
    if end is None and lo is not None:
        # "经过五年的时间" / "通过三年努力" / "用两年时间": N years from the issue year, that year included.
        span = SPAN_RE.search(goal_text) or SPAN_RE.search(text)
        if span:
            n = int(span.group(1)) if span.group(1).isdigit() else parse_cn_integer(span.group(1))
            end = lo + n - 1 if n and 1 <= n <= 15 else None
        else:
            # a goal clause opening with "三年内" / "今后五年" / "未来三年" (targets.RELATIVE_SPAN_RE)
            rel = next((k for c in re.split(r"[，。；\n]", goal_text) if (k := relative_span(c))), None)
            first = span_start(issued_on, lo)
            end = first + rel - 1 if rel and first else None
    # A plan that states no horizon has no period: the issue year alone is not its start.
    start = lo if end is not None else None
    if end is not None and start is None:
        # "根据…“十四五”规划（2021—2025年）… 到2025年": the plan runs with that five-year plan.
        for fm in re.finditer(FYP, text):
            a, b = fyp_years(fm.group(1))
            if b == end:
                start = a
                break
        if start is None:
            for rm in re.finditer(r"(\d{4})\s*(?:—|-|至)\s*(\d{4})年", text):
                if int(rm.group(2)) == end:
                    start = int(rm.group(1))
                    break
        if start is None and annual_goal_years(text) == {end}:
            start = end  # "2017年，…将…力争…": one year's goals run over that year
    return Period(start=start, end=end)


TERM_RE = re.compile(
    r"(?:试点|实施|规划|执行|工作|行动)(?:时间|期限|期|周期)(?:为|是|：)?\s*(\d{4})年(?:\d{1,2}月)?"
    r"\s*(?:—|-|至|到)\s*(\d{4})年"
)
PILOT_TERM_RE = re.compile(
    r"试点示范时限(?:为|是|：|自)?\s*(\d{4})年(?:\d{1,2}月)?\s*(?:至|到|—|-)\s*(\d{4})年"
)


def _stated_term(title: str, text: str) -> Period | None:
    """A stated term (试点时间 …); a document under its own title stating its pilots' term ("试点示范时限
    自2022年7月至2025年6月") runs over it, news reporting such a list states no plan of its own."""
    m = TERM_RE.search(text) or (PILOT_TERM_RE.search(text) if title else None)
    return Period(start=int(m.group(1)), end=int(m.group(2))) if m else None


SPAN_RE = re.compile(
    r"(?:经过|通过|用)(\d{1,2}|[一二两三四五六七八九十]{1,2})年(?:左右)?(?:的)?(?:时间|努力|奋斗)"
)


def _first_quantified_year(goal_text: str) -> int | None:
    """The latest "到YYYY年" whose sentence carries a figure (件, %, 倍 …)."""
    best: int | None = None
    for paragraph in goal_text.split("\n"):
        for sentence in re.split(r"(?<=。)", paragraph):
            y = sentence_horizon(sentence)
            if y and re.search(rf"(\d|[{CN_NUM[1:-2]}])\s*(件|项|%|倍|番|亿元|万元|家|个)", sentence):
                best = y if best is None else max(best, y)
    return best
