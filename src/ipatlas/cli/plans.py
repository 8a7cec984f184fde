"""``ipatlas plans …``: read plans (规划、方案、意见) and supervise them (台账、报送、督查通报).

Every command is a thin wrapper over one library call in :mod:`ipatlas.plans`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, recognition_progress, settings
from ipatlas.plans.models import TARGET_KIND_LABELS

plans_app = typer.Typer(
    name="plans",
    help="规划与方案：解析文本，提取目标、任务和责任单位（督查台账见 import/list/show/report）。",
    no_args_is_help=True,
)


@plans_app.command("parse")
def parse_cmd(
    file: Path = typer.Argument(..., help="规划文本：TXT、DOCX、DOC/WPS、RTF、PDF、OFD 或 HTML"),
    region: str | None = typer.Option(None, "--region", help="行政区划代码（默认按标题识别）"),
    registry: Path | None = typer.Option(
        None, "--registry", help="部门名录 YAML（默认：数据目录下 plans/departments.yaml，如存在）"
    ),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """解析一份规划/方案：标题、文号、期限、章节、目标、任务与责任单位、进度安排。"""
    from ipatlas.plans import parse_plan

    with recognition_progress(enabled=not json_out):
        plan = parse_plan(file, region=region, settings=settings(), registry_path=registry)
    if json_out:
        print_json(plan)
        return
    _print_summary(plan)


@plans_app.command("departments")
def departments_cmd(
    region: str | None = typer.Option(None, "--region", help="行政区划代码：显示该地区生效的名录"),
    registry: Path | None = typer.Option(None, "--registry", help="部门名录 YAML"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """列出部门名录（别名、机构改革前名称），说明如何用数据目录中的文件覆盖。"""
    from ipatlas.plans import describe_registry

    data = describe_registry(settings=settings(), region=region, path=registry)
    if json_out:
        print_json(data)
        return
    exists = "已存在" if data["user_file_exists"] else "不存在，可新建"
    console.print(f"内置名录与用户名录：{data['user_file']}（{exists}）")
    if data["region"]:
        r = data["region"]
        console.print(f"地区：{r['name']}（{r['code']}），层级前缀“{r['jurisdiction']}”")
    _table(
        [
            {
                "编号": d["id"],
                "规范名称": d["normalized"],
                "别名": "、".join(d["aliases"]),
                "改革前名称": "、".join(n for f in d["former"] for n in f["names"]),
            }
            for d in data["departments"]
        ],
        title="部门名录",
    )


def _print_summary(plan: object) -> None:
    from ipatlas.plans import ParsedPlan

    assert isinstance(plan, ParsedPlan)
    console.print(f"[bold]{plan.title or '（未识别标题）'}[/]", highlight=False)
    rows = [
        ("文号", plan.doc_number),
        ("发文机关", "、".join(plan.issuers) or None),
        ("印发通知", plan.notice_title),
        ("成文日期", plan.issued_on),
        ("发布日期", plan.published_on),
        ("施行日期", plan.effective_on),
        ("状态", plan.status),
        ("地区", f"{plan.region.name}（{plan.region.code or '代码未知'}）" if plan.region else None),
        ("层级", plan.level),
        ("类型", plan.kind),
        ("期限", _period(plan)),
    ]
    for k, v in rows:
        if v is not None:
            console.print(f"{k}：{v}", highlight=False)
    if plan.source.script == "traditional" or plan.source.taiwan_terms:
        terms = "、".join(f"{k}×{n}" for k, n in plan.source.taiwan_terms.items())
        console.print(f"原文为繁体/台湾用语，已转换为简体（替换：{terms or '无'}）", highlight=False)
    if plan.source.removed:
        console.print(f"已从正文中剔除网页杂项 {len(plan.source.removed)} 行", highlight=False)
    if plan.source.ocr_pages:
        pages = plan.source.ocr_pages
        console.print(f"[yellow]原文有 {pages} 页是扫描件，已用文字识别（OCR）读取，可能有错字：请核对[/]")
    console.print(
        "章节：" + "；".join(f"{s.number or ''}{'、' if s.number else ''}{s.title}" for s in plan.sections)
    )
    _table(
        [
            {
                "指标": t.indicator,
                "目录编号": t.indicator_id or "—",
                "目标值": t.value_text,
                "类型": TARGET_KIND_LABELS.get(t.kind, t.kind),
                "年份": t.year,
                "基期": (
                    f"{t.baseline.year or ''}年{'' if t.baseline.value is None else f' {t.baseline.value}'}"
                    if t.baseline
                    else "—"
                ),
                "属性": t.nature or "—",
            }
            for t in plan.targets
        ],
        title=f"量化目标（{len(plan.targets)} 项）",
    )
    _table(
        [
            {
                "编号": t.number,
                "任务": t.title or t.text[:20],
                "牵头单位": t.lead_unit or "—",
                "责任单位": "、".join(t.units[1:]) or "—",
                "规范牵头单位": t.lead_unit_normalized or "—",
            }
            for t in plan.tasks
        ],
        title=f"任务（{len(plan.tasks)} 项，其中 {sum(1 for t in plan.tasks if t.units)} 项列明责任单位）",
    )
    if plan.schedule:
        _table(
            [{"阶段": s.stage, "开始": s.start, "结束": s.end} for s in plan.schedule],
            title="进度安排",
        )


def _period(plan: object) -> str | None:
    from ipatlas.plans import ParsedPlan

    assert isinstance(plan, ParsedPlan)
    p = plan.period
    if p.start is None and p.end is None:
        return None
    return f"{p.start or '?'}—{p.end or '?'}年"


def _table(rows: list[dict[str, Any]], title: str) -> None:
    """A table that folds long Chinese cells instead of cutting them."""
    if not rows:
        console.print(f"{title}：（无）")
        return
    table = Table(title=title, show_lines=False)
    for c in rows[0]:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r.values()])
    console.print(table)


# ---- supervision (台账、报送、督查) ----------------------------------------------------------------
AS_OPTION_HELP = "以该用户身份执行（权限按其角色检查；省略 = 命令行操作员）"
FIGURE_RE = re.compile(r"^\s*(.+?)\s*[=＝]\s*([-+]?\d+(?:\.\d+)?)\s*(\S*)\s*$")


def _actor(session: Any, username: str | None) -> Any:
    from ipatlas.store import workflow

    return workflow.get_user(session, username=username) if username else None


def _as_of(value: str | None) -> dt.date:
    from ipatlas.plans.supervision.periods import parse_date

    return parse_date(value, "as_of") or dt.date.today()


def _source(figures: Path | None) -> Any:
    from ipatlas.plans.supervision import ChainedFigures, CubeFigures, StaticFigures

    cube = CubeFigures(settings())
    return ChainedFigures(StaticFigures.from_csv(figures), cube) if figures else cube


FIGURES_HELP = "补充实际值的 CSV（列 region,indicator_id,year,value），优先于指标数据"


@plans_app.command("import")
def import_cmd(
    file: Path = typer.Argument(
        ..., help="规划文本（TXT/DOCX/DOC/WPS/RTF/PDF/OFD/HTML）或核对后的解析结果 JSON"
    ),
    region: str | None = typer.Option(None, "--region", help="行政区划代码（默认按标题识别）"),
    parent: int | None = typer.Option(None, "--parent", help="上级规划编号（区县规划挂在市级规划下）"),
    key: list[str] = typer.Option([], "--key", help="列为重点工作的任务编号（可重复）"),
    start: str | None = typer.Option(None, "--start", help="台账起始日 YYYY-MM-DD（此后按季报送，默认今天）"),
    due_days: int | None = typer.Option(None, "--due-days", help="季报截止：季度结束后天数（默认 10）"),
    remind_days: int | None = typer.Option(None, "--remind-days", help="截止前几天开始提醒（默认 7）"),
    immediate_days: int | None = typer.Option(None, "--immediate-days", help="即报：节点后几天内（默认 5）"),
    registry: Path | None = typer.Option(None, "--registry", help="部门名录 YAML"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """把规划导入督查台账：目标、任务、牵头和配合单位、完成时限、报送规则。"""
    from ipatlas.plans import load_registry
    from ipatlas.plans.supervision import import_plan, list_plans, load_plan_input
    from ipatlas.plans.supervision.models import PlanCreate
    from ipatlas.plans.supervision.periods import parse_date
    from ipatlas.store import workflow
    from ipatlas.store.workflow import workflow_session

    s = settings()
    reg = load_registry(settings=s, path=registry)
    with recognition_progress(enabled=not json_out):
        data = load_plan_input(
            file, region=region, parent_id=parent, key_tasks=key, tracking_start=parse_date(start, "start"),
            registry=reg,
        )  # fmt: skip
    rules = {
        k: v
        for k, v in (("quarterly_due_days", due_days), ("reminder_days", remind_days),
                     ("immediate_due_days", immediate_days))
        if v is not None
    }  # fmt: skip
    if rules:
        data = workflow.validated(PlanCreate, **{**data.model_dump(), **rules})
    with workflow_session(s) as session:
        plan = import_plan(session, data, registry=reg)
        summary = next(p for p in list_plans(session) if p.id == plan.id)
    if json_out:
        print_json(summary)
        return
    with_units = sum(1 for t in data.parsed.tasks if t.units)
    console.print(
        f"已导入规划 #{summary.id}：{summary.title}（{summary.region_name or '地区未定'}，"
        f"{summary.period_start or '?'}—{summary.period_end or '?'}年）", highlight=False,
    )  # fmt: skip
    console.print(
        f"量化目标 {summary.target_count} 项；任务 {summary.task_count} 项，"
        f"其中 {with_units} 项已明确责任单位"
        + (f"；上级规划：#{summary.parent_id} {summary.parent_title}" if summary.parent_id else ""),
        highlight=False,
    )


@plans_app.command("list")
def list_cmd(
    as_user: str | None = typer.Option(None, "--as", help=AS_OPTION_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """列出台账中的规划（区县规划列在其上级规划之后）。"""
    from ipatlas.plans.supervision import list_plans
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        plans = list_plans(session, actor=_actor(session, as_user))
    if json_out:
        print_json(plans)
        return
    _table(
        [
            {
                "编号": p.id,
                "规划": ("　└ " if p.parent_id else "") + p.title,
                "地区": p.region_name,
                "期限": f"{p.period_start or '?'}—{p.period_end or '?'}",
                "目标": p.target_count,
                "任务": p.task_count,
                "状态": "，".join(f"{k}{v}" for k, v in p.status_counts.items() if v),
            }
            for p in plans
        ],
        title=f"督查台账（{len(plans)} 个规划）",
    )


def _target_rows(items: list[Any]) -> list[dict[str, Any]]:
    from ipatlas.plans.supervision.targets import _fmt

    return [
        {
            "地区": p.region_name,
            "指标": p.indicator,
            "目标": f"{p.value_text}（{p.year}年）",
            "基期": "—" if p.baseline_value is None else f"{_fmt(p.baseline_value)}（{p.baseline_year}年）",
            "最新值": "—" if p.actual_value is None else f"{_fmt(p.actual_value)}（{p.actual_year}年）",
            "进度要求": _fmt(p.required_value),
            "状态": p.status + (f"（{p.demo_label}）" if p.demo else ""),
            "说明": p.reason,
        }
        for p in items
    ]


@plans_app.command("show")
def show_cmd(
    plan_id: int = typer.Argument(..., help="规划编号"),
    as_of: str | None = typer.Option(None, "--as-of", help="核查日 YYYY-MM-DD（默认今天）"),
    figures: Path | None = typer.Option(None, "--figures", help=FIGURES_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """规划总览：任务状态、责任单位、报送提醒与逾期、目标进展（含下级规划目标）。"""
    from ipatlas.plans.supervision import plan_overview
    from ipatlas.store.workflow import workflow_session

    day = _as_of(as_of)
    with workflow_session(settings()) as session:
        data = plan_overview(session, plan_id, source=_source(figures), as_of=day)
    if json_out:
        print_json(data)
        return
    plan = data["plan"]
    console.print(f"[bold]#{plan.id} {plan.title}[/]", highlight=False)
    for k, v in (
        ("文号", plan.doc_number), ("地区", plan.region_name),
        ("期限", f"{plan.period_start}—{plan.period_end}年"),
        ("上级规划", f"#{data['parent'].id} {data['parent'].title}" if data["parent"] else None),
        ("台账起始", plan.tracking_start), ("核查日", day),
    ):  # fmt: skip
        if v:
            console.print(f"{k}：{v}", highlight=False)
    console.print(
        "任务状态：" + "，".join(f"{k} {v}" for k, v in data["task_status"].items()), highlight=False
    )
    console.print(
        f"报送：逾期未报 {data['due']['overdue']} 项，即将到期 {data['due']['due_soon']} 项，"
        f"已报 {data['due']['submitted']} 项；未分配责任单位的任务 {len(data['unassigned'])} 项",
        highlight=False,
    )
    _table(
        [
            {"责任单位": u["unit"], "牵头": u["lead"], "配合": u["co"],
             **{k: v for k, v in u["status"].items()}, "逾期未报": u["overdue"], "即将到期": u["due_soon"]}
            for u in data["units"]
        ],
        title="责任单位",
    )  # fmt: skip
    roll = data["rollup"]
    _table(_target_rows(roll["own"]), title="目标进展")
    for c in roll["children"]:
        _table(_target_rows(c["targets"]), title=f"下级规划 #{c['plan'].id} {c['plan'].title} 目标进展")


@plans_app.command("tasks")
def tasks_cmd(
    plan_id: int = typer.Argument(..., help="规划编号"),
    unit: str | None = typer.Option(None, "--unit", help="只列该单位牵头或配合的任务"),
    status: str | None = typer.Option(None, "--status", help="未启动/推进中/已完成/滞后/调整"),
    as_user: str | None = typer.Option(None, "--as", help=AS_OPTION_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """列出规划的任务台账（责任单位账号只能看到本单位的任务）。"""
    from ipatlas.plans.supervision import list_tasks
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        tasks = list_tasks(session, plan_id, actor=_actor(session, as_user), unit=unit, status=status)
    if json_out:
        print_json(tasks)
        return
    _table(
        [
            {"编号": t.id, "序号": t.number, "任务": t.label, "牵头单位": t.lead_unit or "（未分配）",
             "配合单位": "、".join(t.co_units) or "—", "时限": t.deadline or "—",
             "重点": "是" if t.key_work else "", "状态": t.status}
            for t in tasks
        ],
        title=f"任务台账（{len(tasks)} 项）",
    )  # fmt: skip


@plans_app.command("edit")
def edit_cmd(
    task_id: int = typer.Argument(..., help="任务编号（tasks 命令的“编号”列）"),
    units: str | None = typer.Option(None, "--units", help="责任单位，牵头单位列首位，用“、”分隔"),
    deadline: str | None = typer.Option(None, "--deadline", help="完成时限 YYYY[-MM[-DD]]；空字符串清除"),
    status: str | None = typer.Option(None, "--status", help="未启动/推进中/已完成/滞后/调整"),
    note: str | None = typer.Option(None, "--note", help="状态说明（调整时必填）"),
    key: bool | None = typer.Option(None, "--key/--not-key", help="是否列为重点工作（速报）"),
    as_user: str | None = typer.Option(None, "--as", help=AS_OPTION_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """修改台账任务：责任单位、完成时限、状态、重点工作（记入审计日志）。"""
    from ipatlas.plans import load_registry, split_units
    from ipatlas.plans.supervision import update_task
    from ipatlas.plans.supervision.models import TaskUpdate
    from ipatlas.store import workflow

    fields: dict[str, Any] = {}
    if units is not None:
        fields["units"] = split_units(units)
    if deadline is not None:
        fields["deadline"] = deadline or None
    if status is not None:
        fields["status"] = status
    if note is not None:
        fields["status_note"] = note
    if key is not None:
        fields["key_work"] = key
    data = workflow.validated(TaskUpdate, **fields)
    s = settings()
    with workflow.workflow_session(s) as session:
        task = update_task(
            session, task_id, data, actor=_actor(session, as_user), registry=load_registry(settings=s)
        )
    if json_out:
        print_json(task)
        return
    console.print(
        f"已更新任务 {task.number}：{task.status}；牵头 {task.lead_unit or '—'}；时限 {task.deadline or '—'}",
        highlight=False,
    )


@plans_app.command("submit")
def submit_cmd(
    task_id: int = typer.Argument(..., help="任务编号（tasks 命令的“编号”列）"),
    kind: str = typer.Option(
        ..., "--kind", help="quarterly（季报）| fast（速报，重点工作）| immediate（即报，节点）"
    ),
    text: str = typer.Option(..., "--text", help="报送内容"),
    period: str | None = typer.Option(None, "--period", help="季报所属季度，如 2026Q3（默认按报送日推定）"),
    figure: list[str] = typer.Option(
        [], "--figure", help="数据项“名称=数值单位”，如 办理案件=12件（可重复）"
    ),
    attach: list[Path] = typer.Option([], "--attach", help="附件文件（可重复）"),
    progress: str | None = typer.Option(None, "--progress", help="任务进展：推进中 | 已完成"),
    unit: str | None = typer.Option(None, "--unit", help="报送单位（非责任单位账号时；默认牵头单位）"),
    as_user: str | None = typer.Option(None, "--as", help=AS_OPTION_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """报送任务进展：季报、速报或即报，可附数据和附件。"""
    from ipatlas.errors import InputError
    from ipatlas.plans.supervision import Upload, submit_report
    from ipatlas.plans.supervision.models import ReportCreate
    from ipatlas.store import workflow

    figures = []
    for f in figure:
        m = FIGURE_RE.match(f)
        if not m:
            raise InputError(f"数据项应写作 名称=数值单位：{f!r}", field="figure")
        figures.append({"name": m.group(1), "value": float(m.group(2)), "unit": m.group(3) or None})
    uploads = []
    for path in attach:
        if not path.is_file():
            raise InputError("附件不存在", file=str(path))
        uploads.append(Upload(path.name, path.read_bytes()))
    data = workflow.validated(
        ReportCreate,
        kind=kind,
        text=text,
        period=period,
        figures=figures,
        progress_status=progress,
        unit=unit,
    )
    s = settings()
    with workflow.workflow_session(s) as session:
        report = submit_report(
            session,
            task_id,
            data,
            actor=_actor(session, as_user),
            data_dir=s.data_dir,
            files=uploads,
            require_approval=s.plans_filing_review,
        )
    if json_out:
        print_json(report)
        return
    console.print(
        f"已报送 #{report.id}：{report.unit} {report.kind_label}"
        + (f"（{report.period}）" if report.period else "")
        + ("，逾期报送" if report.late else "")
        + (f"，附件 {len(report.attachments)} 个" if report.attachments else ""),
        highlight=False,
    )


@plans_app.command("review")
def review_cmd(
    filing_id: int = typer.Argument(..., help="报送编号（submit 命令输出的 #编号）"),
    approve: bool = typer.Option(False, "--approve", help="审核通过"),
    return_: bool = typer.Option(False, "--return", help="退回修改（须用 --note 说明理由）"),
    note: str | None = typer.Option(None, "--note", help="审核意见；退回时为退回理由"),
    as_user: str | None = typer.Option(None, "--as", help=AS_OPTION_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """审核责任单位的报送：通过，或退回修改（说明理由，单位修改后重新报送）。"""
    from ipatlas.errors import InputError
    from ipatlas.plans.supervision import review_filing
    from ipatlas.store.workflow import workflow_session

    if approve == return_:
        raise InputError("请指定 --approve（通过）或 --return（退回）之一", field="decision")
    s = settings()
    with workflow_session(s) as session:
        res = review_filing(
            session, filing_id, "approve" if approve else "return", actor=_actor(session, as_user),
            note=note, require_approval=s.plans_filing_review,
        )  # fmt: skip
    if json_out:
        print_json(res)
        return
    line = (
        f"报送 #{filing_id}（{res.report.unit} {res.kind_label}，任务 {res.task_number}）：{res.state_label}"
    )
    if res.return_reason:
        line += f"；退回理由：{res.return_reason}"
    if res.correction_due and res.state == "returned":
        line += f"；请于 {res.correction_due:%Y年%m月%d日} 前修改后重新报送"
    console.print(line, highlight=False)


@plans_app.command("due")
def due_cmd(
    plan: int | None = typer.Option(None, "--plan", help="只看该规划"),
    unit: str | None = typer.Option(None, "--unit", help="只看该单位"),
    as_of: str | None = typer.Option(None, "--as-of", help="核查日 YYYY-MM-DD（默认今天）"),
    as_user: str | None = typer.Option(None, "--as", help=AS_OPTION_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """报送提醒：即将到期和逾期未报的季报、即报。"""
    from ipatlas.plans.supervision import reminders
    from ipatlas.store.workflow import workflow_session

    day = _as_of(as_of)
    with workflow_session(settings()) as session:
        items = reminders(session, as_of=day, actor=_actor(session, as_user), plan_id=plan, unit=unit)
    if json_out:
        print_json(items)
        return
    _table(
        [
            {"状态": i.state_label, "截止": i.due_on, "应报": f"{i.period_label or ''}{i.kind_label}",
             "任务": f"{i.task_number} {i.task_title}", "牵头单位": i.lead_unit,
             "天数": f"剩 {i.days} 天" if i.days >= 0 else f"逾期 {-i.days} 天"}
            for i in items
        ],
        title=f"报送提醒（截至 {day}，{len(items)} 项）",
    )  # fmt: skip


@plans_app.command("sweep")
def sweep_cmd(
    plan: int | None = typer.Option(None, "--plan", help="只处理该规划"),
    as_of: str | None = typer.Option(None, "--as-of", help="核查日 YYYY-MM-DD（默认今天）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """把超过完成时限仍未完成的任务标记为“滞后”（记入审计日志），并把即将到期、逾期未报的报送提醒写入发件箱（可定时运行）。"""
    from ipatlas.plans.supervision import queue_reminders, sweep_statuses
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        changed = sweep_statuses(session, as_of=_as_of(as_of), plan_id=plan)
        queued = queue_reminders(session, as_of=_as_of(as_of), plan_id=plan)
    if json_out:
        print_json(changed)
        return
    console.print(
        f"标记为滞后的任务 {len(changed)} 项；新写入报送提醒 {queued} 条（发件箱）", highlight=False
    )
    for t in changed:
        console.print(
            f"  {t.number} {t.label}（时限 {t.deadline}，牵头 {t.lead_unit or '—'}）", highlight=False
        )


@plans_app.command("units")
def units_cmd(
    plan: int | None = typer.Option(None, "--plan", help="只看该规划"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """台账中的责任单位（账号的“单位”须与“单位标识”一致）及其任务数和账号。"""
    from ipatlas.plans.supervision import ledger_units
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        units = ledger_units(session, plan)
    if json_out:
        print_json(units)
        return
    _table(
        [
            {"单位标识": u["unit_key"], "规划中写作": u["unit"], "牵头": u["lead_tasks"],
             "配合": u["co_tasks"],
             "账号": "、".join(u["accounts"]) or ("（单位集合）" if u["is_group"] else "—")}
            for u in units
        ],
        title=f"责任单位（{len(units)} 个）",
    )  # fmt: skip


@plans_app.command("accounts")
def accounts_cmd(
    plan_id: int = typer.Argument(..., help="规划编号"),
    unit: list[str] = typer.Option([], "--unit", help="只为这些单位创建（单位标识，可重复）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """为规划中尚无账号的责任单位创建 unit 角色账号（随机密码，只显示这一次）。"""
    from ipatlas.plans.supervision import create_unit_accounts
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        created = create_unit_accounts(session, plan_id, units=unit or None)
    if json_out:
        print_json(created)
        return
    _table([{"用户名": c["username"], "单位": c["unit"], "初始密码": c["password"]} for c in created],
           title=f"新建责任单位账号（{len(created)} 个，请妥善转交并提醒修改密码）")  # fmt: skip


@plans_app.command("report")
def report_cmd(
    plan_id: int = typer.Argument(..., help="规划编号"),
    fmt: str = typer.Option(..., "--format", help="xlsx（任务台账）| docx（季度督查通报）"),
    out: Path = typer.Option(..., "--out", help="输出文件"),
    quarter: str | None = typer.Option(None, "--quarter", help="通报季度，如 2026Q3（默认上一季度）"),
    unit: str | None = typer.Option(None, "--unit", help="台账只含该单位的任务"),
    children: bool | None = typer.Option(
        None, "--children/--no-children", help="包含下级规划（默认：通报包含，台账不含）"
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="统计截止日 YYYY-MM-DD（默认今天）"),
    figures: Path | None = typer.Option(None, "--figures", help=FIGURES_HELP),
    as_user: str | None = typer.Option(None, "--as", help=AS_OPTION_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """输出任务台账（XLSX，按单位分表）或季度督查通报（DOCX）。"""
    from ipatlas.errors import InputError
    from ipatlas.plans.supervision import Quarter, briefing_docx, ledger_xlsx
    from ipatlas.store.workflow import workflow_session

    kind = fmt.lower()
    if kind not in ("xlsx", "docx"):
        raise InputError(f"--format 应为 xlsx 或 docx：{fmt}", field="format")
    day = _as_of(as_of)
    out.parent.mkdir(parents=True, exist_ok=True)
    with workflow_session(settings()) as session:
        actor = _actor(session, as_user)
        if kind == "xlsx":
            res = ledger_xlsx(
                session, plan_id, out, as_of=day, source=_source(figures), actor=actor, unit=unit,
                include_children=bool(children),
            )  # fmt: skip
        else:
            res = briefing_docx(
                session, plan_id, out, quarter=Quarter.parse(quarter) if quarter else None, as_of=day,
                source=_source(figures), actor=actor, include_children=children is not False,
            )  # fmt: skip
    if json_out:
        print_json(res)
        return
    what = "任务台账" if kind == "xlsx" else f"{Quarter.parse(res['quarter']).label}督查通报"
    console.print(f"已生成{what}：{out}（任务 {res['tasks']} 项）", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(plans_app, name="plans")
