"""The quarterly supervision briefing (督查通报) as a Word document.

Real headings (Heading 1/2, navigable in Word), tables with header rows repeated across pages,
宋体/黑体 set as East Asian fonts, page numbers in the footer. Content: overall progress, task
status per responsible unit, reports filed and overdue in the quarter, lagging tasks, target
progress (with the plans under this one rolled in), and the requirements that follow.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from sqlalchemy.orm import Session

from ipatlas import DEMO_LABEL
from ipatlas.plans.supervision.access import Actor, require_read_all
from ipatlas.plans.supervision.ledger import descendants, get_plan, list_tasks
from ipatlas.plans.supervision.models import REPORT_KIND_LABELS, TASK_STATUSES, PlanPublic, TaskPublic
from ipatlas.plans.supervision.periods import Quarter
from ipatlas.plans.supervision.reports import DueItem, obligations, reports_between
from ipatlas.plans.supervision.targets import FigureSource, TargetProgress, _fmt
from ipatlas.plans.supervision.views import rollup, unit_summary
from ipatlas.security.cells import xml_safe

BODY_FONT, HEADING_FONT = "宋体", "黑体"


def _east_asia(style_or_run: Any, font: str) -> None:
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), "Times New Roman")
    fonts.set(qn("w:hAnsi"), "Times New Roman")


def _setup(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    _east_asia(normal, BODY_FONT)
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 13)):
        st = doc.styles[name]
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.color.rgb = None
        _east_asia(st, HEADING_FONT)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6)
    sec.top_margin, sec.bottom_margin = Cm(3.0), Cm(2.5)
    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _field(footer, "PAGE")
    footer.add_run(" —")


def _field(paragraph: Any, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def _table(doc: Any, headers: list[str], rows: list[list[Any]], widths: list[float] | None = None) -> Any:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    hdr = table.rows[0]
    trpr = hdr._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)  # header row repeated on every page
    for cell, text in zip(hdr.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(xml_safe(text))
        run.bold = True
        run.font.size = Pt(10.5)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run("—" if value is None or value == "" else xml_safe(str(value)))
            run.font.size = Pt(10.5)
            if isinstance(value, int | float):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths:
        for row in table.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Cm(w)
    return table


def _para(doc: Any, text: str, *, indent: bool = True, size: float | None = None) -> Any:
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(24)
    run = p.add_run(xml_safe(text))
    if size:
        run.font.size = Pt(size)
    return p


def _target_row(p: TargetProgress) -> list[Any]:
    return [
        p.region_name or "—",
        p.indicator,
        f"{p.value_text}（{p.year}年）",
        f"{_fmt(p.baseline_value)}（{p.baseline_year}年）" if p.baseline_value is not None else "—",
        f"{_fmt(p.actual_value)}（{p.actual_year}年）" if p.actual_value is not None else "无数据",
        _fmt(p.required_value) if p.required_value is not None else "—",
        p.status,
    ]


TARGET_HEADERS = ["地区", "指标", "目标", "基期值", "最新值", "进度要求", "状态"]


def _title_block(
    doc: Any, plan: PlanPublic, q: Quarter, *, issuer: str | None, as_of: dt.date, demo: bool
) -> None:
    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(xml_safe(f"关于《{plan.title}》落实情况的督查通报"))
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(f"（{q.label}）").bold = True
    meta = doc.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta.add_run(
        xml_safe(f"{issuer or (plan.region_name or '') + '规划督查'}　统计截至 {as_of:%Y年%m月%d日}")
    )
    if demo:
        warn = doc.add_paragraph()
        warn.alignment = WD_ALIGN_PARAGRAPH.CENTER
        warn.add_run(f"【{DEMO_LABEL}】本通报中的指标实际值来自演示数据，仅供演示。").bold = True


def _overdue_and_lagging(
    doc: Any, overdue: list[DueItem], lagging: list[TaskPublic], titles: dict[int, str]
) -> None:
    """三、逾期未报及滞后事项."""
    doc.add_heading("三、逾期未报及滞后事项", level=1)
    doc.add_heading("（一）逾期未报", level=2)
    if overdue:
        _table(
            doc,
            ["规划", "任务编号", "任务", "牵头单位", "应报", "截止日期", "逾期天数"],
            [[titles.get(i.plan_id, ""), i.task_number, i.task_title, i.lead_unit or "—",
              f"{i.period_label or ''}{i.kind_label}", i.due_on.isoformat(), -i.days] for i in overdue],
        )  # fmt: skip
    else:
        _para(doc, "截至统计日，无逾期未报事项。")
    doc.add_heading("（二）滞后任务", level=2)
    if lagging:
        _table(
            doc,
            ["规划", "任务编号", "任务", "牵头单位", "完成时限", "说明"],
            [[titles.get(t.plan_id, ""), t.number, t.label, t.lead_unit or "—", t.deadline or "—",
              t.status_note or ""] for t in lagging],
        )  # fmt: skip
    else:
        _para(doc, "无滞后任务。")


def _targets_section(doc: Any, plan: PlanPublic, roll: dict[str, Any]) -> list[TargetProgress]:
    """四、目标指标进展 (the plan's own targets, then its district plans'); returns its own."""
    doc.add_heading("四、目标指标进展", level=1)
    own = roll["own"]
    if own:
        src = own[0].actual_source or "指标数据"
        _para(doc, f"《{plan.title}》量化目标的最新进展如下（实际值来自{src}；无数据者注明）。")
        _table(doc, TARGET_HEADERS, [_target_row(p) for p in own])
        for p in own:
            if p.status in ("滞后", "无数据"):
                _para(doc, f"{p.indicator}：{p.reason}。", size=10.5)
    else:
        _para(doc, "本规划未设定量化目标。")
    if roll["children"]:
        doc.add_heading("（一）下级规划目标汇总", level=2)
        rows = [_target_row(p) for c in roll["children"] for p in c["targets"]]
        if rows:
            _table(doc, TARGET_HEADERS, rows)
        c_counts = roll["all_status_counts"]
        _para(
            doc,
            "本级及下级规划目标合计：" + "，".join(f"{s} {n} 项" for s, n in c_counts.items()) + "。",
        )

    return own  # type: ignore[no-any-return]


def _next_steps(
    doc: Any,
    plan: PlanPublic,
    overdue: list[DueItem],
    lagging: list[TaskPublic],
    own: list[TargetProgress],
    as_of: dt.date,
) -> None:
    """五、下一步工作要求, and the date line."""
    doc.add_heading("五、下一步工作要求", level=1)
    late_units = sorted({i.lead_unit for i in overdue if i.lead_unit})
    lag_units = sorted({t.lead_unit for t in lagging if t.lead_unit})
    lines = []
    if late_units:
        lines.append(f"请{'、'.join(late_units)}于收到本通报后5个工作日内补报逾期事项，并说明原因。")
    if lag_units:
        lines.append(f"请{'、'.join(lag_units)}对滞后任务制定整改措施，明确完成时限，按即报制报送进展。")
    behind = [p.indicator for p in own if p.status == "滞后"]
    if behind:
        lines.append(f"{'、'.join(behind)}等目标进度滞后，请牵头单位分析原因、加大工作力度。")
    lines.append(
        f"各责任单位要严格落实季报制、速报制、即报制，{Quarter.of(as_of).label}季报请于"
        f"{Quarter.of(as_of).due(plan.quarterly_due_days):%Y年%m月%d日}前报送。"
    )
    for i, line in enumerate(lines, start=1):
        _para(doc, f"{i}. {line}")
    doc.add_paragraph()
    tail = doc.add_paragraph()
    tail.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    tail.add_run(f"{as_of:%Y年%m月%d日}")


def briefing_docx(
    session: Session,
    plan_id: int,
    out: Path | IO[bytes],
    *,
    quarter: Quarter | None = None,
    as_of: dt.date,
    source: FigureSource,
    actor: Actor = None,
    include_children: bool = True,
    issuer: str | None = None,
) -> dict[str, Any]:
    """Write the 督查通报 of ``quarter`` (default: the last quarter ended before ``as_of``) for a
    plan and, with ``include_children``, the district plans under it."""
    require_read_all(actor, "生成督查通报")
    q = quarter or Quarter.of(as_of).prev()
    plan = get_plan(session, plan_id, actor=actor)
    children = descendants(session, plan_id) if include_children else []
    plan_ids = [plan_id] + [c.id for _, c in children]
    titles = {plan_id: plan.title} | {c.id: c.title for _, c in children}
    tasks = list_tasks(session, actor=actor, plan_ids=plan_ids)
    due = obligations(session, as_of=as_of, actor=actor, plan_ids=plan_ids)
    quarter_due = [i for i in due if i.kind == "quarterly" and i.period == str(q)]
    reports = reports_between(
        session, q.start, q.due(plan.quarterly_due_days), actor=actor, plan_ids=plan_ids
    )
    by_kind = {k: sum(1 for r, _ in reports if r.kind == k) for k in REPORT_KIND_LABELS}
    overdue = sorted((i for i in due if i.state == "overdue"), key=lambda i: (i.due_on, i.task_number))
    lagging = [t for t in tasks if t.status == "滞后"]
    units = unit_summary(tasks, due)
    roll = rollup(session, plan_id, source=source, actor=actor)
    counts = {s: sum(1 for t in tasks if t.status == s) for s in TASK_STATUSES}
    filed = sum(1 for i in quarter_due if i.state in ("submitted", "late"))
    late = sum(1 for i in quarter_due if i.state == "late")
    missing = sum(1 for i in quarter_due if i.state in ("overdue", "due_soon", "open"))

    doc = Document()
    _setup(doc)
    core = doc.core_properties
    core.title = xml_safe(f"{plan.title}督查通报（{q.label}）")
    core.author = xml_safe(issuer or "ipatlas")
    core.language = "zh-CN"
    core.keywords = "督查通报; 台账" + (f"; {DEMO_LABEL}" if roll["demo"] else "")

    _title_block(doc, plan, q, issuer=issuer, as_of=as_of, demo=roll["demo"])
    scope = "及其下级" + "、".join(f"《{c.title}》" for _, c in children) if children else ""
    _para(doc, f"现将《{plan.title}》{scope}{q.label}落实情况通报如下。")

    doc.add_heading("一、总体情况", level=1)
    _para(
        doc,
        f"纳入台账的任务共 {len(tasks)} 项，其中已完成 {counts['已完成']} 项、推进中 {counts['推进中']} 项、"
        f"未启动 {counts['未启动']} 项、滞后 {counts['滞后']} 项、调整 {counts['调整']} 项。"
        f"{q.label}应报季报 {len(quarter_due)} 份，已报 {filed} 份（其中逾期报送 {late} 份），"
        f"未报 {missing} 份；本季度（含季报报送期）共收到各单位报送 {len(reports)} 份（季报 "
        f"{by_kind['quarterly']} 份、速报 {by_kind['fast']} 份、即报 {by_kind['immediate']} 份）。"
        f"截至统计日，逾期未报事项 {len(overdue)} 项。",
    )
    _table(
        doc, ["状态", *TASK_STATUSES, "合计"], [["任务数", *[counts[s] for s in TASK_STATUSES], len(tasks)]]
    )

    doc.add_heading("二、各责任单位任务进展", level=1)
    _para(doc, "按牵头单位统计的任务状态与报送情况如下（配合任务单列，报送义务由牵头单位承担）。")
    _table(
        doc,
        ["责任单位", "牵头", "配合", *TASK_STATUSES, "已报/应报", "逾期未报"],
        [[u["unit"], u["lead"], u["co"], *[u["status"][s] for s in TASK_STATUSES],
          f"{u['submitted']}/{u['submitted'] + u['overdue']}",
          u["overdue"]] for u in units if not u["is_group"]],
    )  # fmt: skip

    _overdue_and_lagging(doc, overdue, lagging, titles)

    own = _targets_section(doc, plan, roll)

    _next_steps(doc, plan, overdue, lagging, own, as_of)

    doc.save(out)  # type: ignore[arg-type]
    return {
        "path": str(out) if isinstance(out, Path | str) else None,
        "plan_id": plan_id,
        "plans": plan_ids,
        "quarter": str(q),
        "as_of": as_of.isoformat(),
        "tasks": len(tasks),
        "task_status": counts,
        "quarterly_due": len(quarter_due),
        "quarterly_filed": filed,
        "reports_in_quarter": len(reports),
        "overdue": len(overdue),
        "lagging": len(lagging),
        "targets": roll["all_status_counts"],
        "demo": roll["demo"],
        "kinds": {k: REPORT_KIND_LABELS[k] for k in REPORT_KIND_LABELS},
    }
