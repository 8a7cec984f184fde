"""规划督查 pages: plan list and import (upload → review → ledger), plan overview, per-unit and
per-target views, task detail with the reports timeline, report filing, XLSX/DOCX downloads.

Every page and its ``.json`` twin call the same function of :mod:`ipatlas.plans.supervision`;
permissions are checked there (a unit account sees and reports only its own tasks), so these
handlers only translate HTTP to library calls. State-changing requests carry the CSRF token.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ipatlas.errors import InputError, IpatlasError, PermissionDenied
from ipatlas.indicators import load_catalog
from ipatlas.plans import ParsedPlan, load_registry, parse_plan, split_units
from ipatlas.plans import supervision as sv
from ipatlas.plans.supervision.models import (
    REPORT_KIND_LABELS,
    TARGET_KINDS,
    TASK_STATUSES,
    PlanCreate,
    PlanPublic,
    PlanSummary,
    PlanUpdate,
    ReportCreate,
    ReportPublic,
    TargetUpdate,
    TaskPublic,
    TaskUpdate,
)
from ipatlas.plans.supervision.periods import Quarter, parse_date
from ipatlas.plans.supervision.reports import MAX_ATTACHMENT_BYTES
from ipatlas.security.uploads import sniff_content_type
from ipatlas.sourcetext import DOCUMENT_SUFFIXES
from ipatlas.store import workflow
from ipatlas.store.models import UserPublic
from ipatlas.web import display
from ipatlas.web.context import AppContext, current_user, db_session, get_ctx, render, verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)])
# Commit before the response goes out, so the page a redirect leads to sees the change.
DB: Any = Depends(db_session, scope="function")
TAGS: list[str | Any] = ["规划督查"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_PLAN_BYTES = 10 * 1024 * 1024


def _as_of(as_of: str | None = Query(None, description="核查日 YYYY-MM-DD；空 = 今天")) -> dt.date:
    return parse_date(as_of, "as_of") or dt.date.today()


def _source(ctx: AppContext) -> sv.FigureSource:
    return sv.CubeFigures(ctx.settings)


def _disposition(filename: str) -> str:
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _common(user: UserPublic) -> dict[str, Any]:
    return {
        "user": user,
        "page": "plans",
        "STATUSES": TASK_STATUSES,
        "KIND_LABELS": REPORT_KIND_LABELS,
        "TARGET_KINDS": TARGET_KINDS,
        "TARGET_KIND_LABELS": sv.targets.KIND_LABELS,
        "STATE_LABELS": sv.STATE_LABELS,
        "can_edit": sv.can_edit(user),
    }


# ---- plan list ----------------------------------------------------------------------------------
@router.get("/plans.json", tags=TAGS, summary="台账中的规划（责任单位账号：有本单位任务的规划）")
def plans_json(session: Session = DB, user: UserPublic = Depends(current_user)) -> list[PlanSummary]:
    return sv.list_plans(session, actor=user)


@router.get("/plans", include_in_schema=False)
def plans_page(request: Request, session: Session = DB, user: UserPublic = Depends(current_user)) -> Response:
    if sv.actor_unit(user) is not None:
        return RedirectResponse("/plans/my", status_code=303)
    return render(
        request,
        "plans/list.html",
        plans=sv.list_plans(session, actor=user),
        pending=sv.pending_filings(session, actor=user) if sv.can_edit(user) else [],
        **_common(user),
    )


# ---- import: upload → review → ledger -----------------------------------------------------------
@router.get("/plans/new", include_in_schema=False)
def new_plan(request: Request, session: Session = DB, user: UserPublic = Depends(current_user)) -> Response:
    sv.access.require_edit(user, "导入规划")
    return render(request, "plans/new.html", error=None, **_common(user))


def _review_page(
    request: Request, session: Session, user: UserPublic, parsed: ParsedPlan, *,
    error: str | None = None, values: dict[str, Any] | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    indicators = [(i.id, i.name) for i in load_catalog().ordered()]
    return render(
        request,
        "plans/review.html",
        status_code=status_code,
        parsed=parsed,
        parsed_json=parsed.model_dump_json(),
        plans=sv.list_plans(session, actor=user),
        indicators=indicators,
        error=error,
        values=values or {},
        today=dt.date.today(),
        **_common(user),
    )


@router.post("/plans/review", include_in_schema=False)
async def review_plan(
    request: Request,
    file: UploadFile | None = File(None),
    text: str = Form(""),
    region: str = Form(""),
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(current_user),
) -> Response:
    """Parse the uploaded (or pasted) plan and show it for review."""
    sv.access.require_edit(user, "导入规划")
    data: bytes = b""
    name = "粘贴文本.txt"
    if file is not None and file.filename:
        data = await file.read(MAX_PLAN_BYTES + 1)
        name = Path(file.filename).name
    elif text.strip():
        data = text.encode("utf-8")
    with ctx.sessions() as session:
        if not data:
            return render(
                request, "plans/new.html", status_code=400, error="请上传规划文件或粘贴全文", **_common(user)
            )
        if len(data) > MAX_PLAN_BYTES:
            return render(request, "plans/new.html", status_code=400, error="文件超过 10 MB", **_common(user))
        suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in DOCUMENT_SUFFIXES else ".txt"
        # Always parse from a file: pasted text must never be taken for a path on the server.
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"plan{suffix}"
            path.write_bytes(data)
            try:
                parsed = parse_plan(
                    path, region=region.strip() or None, registry=load_registry(settings=ctx.settings)
                )
            except IpatlasError as exc:
                return render(
                    request,
                    "plans/new.html",
                    status_code=400,
                    error=display.user_message(exc, file=name),  # not the temporary path
                    **_common(user),
                )
        parsed.source.name = name
        return _review_page(request, session, user, parsed)


@router.post("/plans/import", include_in_schema=False)
async def import_reviewed(
    request: Request, ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(current_user)
) -> Response:
    """Apply the reviewer's corrections to the parse and import it into the ledger."""
    sv.access.require_edit(user, "导入规划")
    form = await request.form()
    raw = form.get("parsed_json")
    if not isinstance(raw, str) or not raw.strip():
        raise InputError("缺少解析结果", field="parsed_json")
    try:
        parsed = ParsedPlan.model_validate_json(raw)
    except ValueError as exc:
        raise InputError(f"解析结果 JSON 无效：{str(exc)[:200]}", field="parsed_json") from None
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    registry = load_registry(settings=ctx.settings)
    try:
        data = sv.apply_review(parsed, sv.review_from_form(form, parsed), registry=registry)
        with ctx.sessions() as session, session.begin():
            plan = sv.import_plan(session, data, actor=user, registry=registry)
    except IpatlasError as exc:
        if isinstance(exc, PermissionDenied):
            raise
        with ctx.sessions() as session:
            return _review_page(
                request,
                session,
                user,
                parsed,
                error=display.user_message(exc),
                values=values,
                status_code=400,
            )
    return RedirectResponse(f"/plans/{plan.id}", status_code=303)


@router.post("/plans/import.json", tags=TAGS, summary="导入核对后的解析结果（PlanCreate）")
def import_json(
    data: PlanCreate,
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> PlanPublic:
    return sv.import_plan(session, data, actor=user, registry=load_registry(settings=ctx.settings))


# ---- one plan -----------------------------------------------------------------------------------
@router.get(
    "/plans/{plan_id:int}.json", tags=TAGS, summary="规划总览：任务状态、单位、提醒、目标进展（含下级规划）"
)
def plan_json(
    plan_id: int,
    as_of: dt.date = Depends(_as_of),
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> dict[str, Any]:
    return sv.plan_overview(session, plan_id, source=_source(ctx), as_of=as_of, actor=user)


@router.get("/plans/{plan_id:int}", include_in_schema=False)
def plan_page(
    request: Request,
    plan_id: int,
    as_of: dt.date = Depends(_as_of),
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    if sv.actor_unit(user) is not None:
        sv.get_plan(session, plan_id, actor=user)  # 403 unless the unit has tasks in it
        return RedirectResponse(f"/plans/my?plan={plan_id}", status_code=303)
    d = sv.plan_overview(session, plan_id, source=_source(ctx), as_of=as_of, actor=user)
    return render(request, "plans/plan.html", d=d, plans=sv.list_plans(session, actor=user), **_common(user))


@router.post("/plans/{plan_id:int}", include_in_schema=False)
def plan_update(
    plan_id: int,
    parent_id: str = Form(""),
    tracking_start: str = Form(""),
    quarterly_due_days: str = Form(""),
    reminder_days: str = Form(""),
    immediate_due_days: str = Form(""),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    fields: dict[str, Any] = {"parent_id": parent_id.strip() or None}
    if tracking_start.strip():
        fields["tracking_start"] = parse_date(tracking_start, "tracking_start")
    for name, value in (
        ("quarterly_due_days", quarterly_due_days),
        ("reminder_days", reminder_days),
        ("immediate_due_days", immediate_due_days),
    ):
        if value.strip():
            fields[name] = value.strip()
    sv.update_plan(session, plan_id, workflow.validated(PlanUpdate, **fields), actor=user)
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


@router.get("/plans/{plan_id:int}/ledger.xlsx", tags=TAGS, summary="任务台账 XLSX（按单位分表）")
def ledger_download(
    plan_id: int,
    unit: str | None = Query(None, description="只含该单位的任务"),
    children: bool = Query(False, description="包含下级规划"),
    as_of: dt.date = Depends(_as_of),
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    buf = io.BytesIO()
    res = sv.ledger_xlsx(
        session, plan_id, buf, as_of=as_of, source=_source(ctx), actor=user, unit=unit or None,
        include_children=children,
    )  # fmt: skip
    plan = sv.get_plan(session, plan_id, actor=user)
    name = f"{plan.title}任务台账{('_' + res['unit']) if res['unit'] else ''}_{as_of:%Y%m%d}.xlsx"
    return Response(buf.getvalue(), media_type=XLSX_TYPE, headers={"Content-Disposition": _disposition(name)})


@router.get("/plans/{plan_id:int}/briefing.docx", tags=TAGS, summary="季度督查通报 DOCX")
def briefing_download(
    plan_id: int,
    quarter: str | None = Query(None, description="季度，如 2026Q3；空 = 上一季度"),
    children: bool = Query(True, description="包含下级规划"),
    as_of: dt.date = Depends(_as_of),
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    buf = io.BytesIO()
    q = Quarter.parse(quarter) if quarter else None
    res = sv.briefing_docx(
        session,
        plan_id,
        buf,
        quarter=q,
        as_of=as_of,
        source=_source(ctx),
        actor=user,
        include_children=children,
    )
    plan = sv.get_plan(session, plan_id, actor=user)
    name = f"{plan.title}督查通报_{res['quarter']}.docx"
    return Response(buf.getvalue(), media_type=DOCX_TYPE, headers={"Content-Disposition": _disposition(name)})


@router.post("/plans/{plan_id:int}/accounts", include_in_schema=False)
def accounts_create(
    request: Request,
    plan_id: int,
    session: Session = DB,
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(current_user),
) -> Response:
    created = sv.create_unit_accounts(session, plan_id, actor=user)
    from ipatlas.web.context import invalidate_users

    invalidate_users(ctx)
    plan = sv.get_plan(session, plan_id, actor=user)
    return render(request, "plans/accounts.html", plan=plan, created=created, **_common(user))


@router.post("/plans/sweep", include_in_schema=False)
def sweep(
    as_of: dt.date = Depends(_as_of),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    sv.sweep_statuses(session, as_of=as_of, actor=user)
    return RedirectResponse("/plans", status_code=303)


# ---- units --------------------------------------------------------------------------------------
def _unit_data(
    session: Session, user: UserPublic, unit: str | None, plan: int | None, as_of: dt.date
) -> dict[str, Any]:
    return sv.unit_view(session, unit, as_of=as_of, actor=user, plan_id=plan)


@router.get("/plans/my.json", tags=TAGS, summary="本单位的任务与报送提醒（责任单位账号）")
def my_json(
    plan: int | None = Query(None),
    as_of: dt.date = Depends(_as_of),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> dict[str, Any]:
    if sv.actor_unit(user) is None:
        raise InputError("“我的任务”仅用于责任单位账号；其他账号请用 /plans/unit.json?name=…", field="user")
    return _unit_data(session, user, None, plan, as_of)


@router.get("/plans/my", include_in_schema=False)
def my_page(
    request: Request,
    plan: int | None = Query(None),
    as_of: dt.date = Depends(_as_of),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    if sv.actor_unit(user) is None:
        return RedirectResponse("/plans", status_code=303)
    d = _unit_data(session, user, None, plan, as_of)
    returned = sv.returned_filings(session, actor=user)
    return render(request, "plans/unit.html", d=d, mine=True, returned=returned, **_common(user))


@router.get("/plans/unit.json", tags=TAGS, summary="某责任单位的任务、报送与逾期")
def unit_json(
    name: str = Query(..., description="单位标识，如 黔江区市场监管局"),
    plan: int | None = Query(None),
    as_of: dt.date = Depends(_as_of),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> dict[str, Any]:
    return _unit_data(session, user, name, plan, as_of)


@router.get("/plans/unit", include_in_schema=False)
def unit_page(
    request: Request,
    name: str = Query(...),
    plan: int | None = Query(None),
    as_of: dt.date = Depends(_as_of),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    d = _unit_data(session, user, name, plan, as_of)
    return render(request, "plans/unit.html", d=d, mine=sv.actor_unit(user) is not None, **_common(user))


# ---- targets ------------------------------------------------------------------------------------
@router.get("/plans/targets/{target_id:int}.json", tags=TAGS, summary="目标进展与轨迹（含相关规划同一指标）")
def target_json(
    target_id: int,
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> dict[str, Any]:
    return sv.target_detail(session, target_id, source=_source(ctx), actor=user)


@router.get("/plans/targets/{target_id:int}", include_in_schema=False)
def target_page(
    request: Request,
    target_id: int,
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    d = sv.target_detail(session, target_id, source=_source(ctx), actor=user)
    chart = {
        "years": [p.year for p in d["progress"].trajectory],
        "required": [p.required for p in d["progress"].trajectory],
        "actual": [p.actual for p in d["progress"].trajectory],
    }
    indicators = [(i.id, i.name) for i in load_catalog().ordered()]
    return render(request, "plans/target.html", d=d, chart=chart, indicators=indicators, **_common(user))


@router.post("/plans/targets/{target_id:int}", include_in_schema=False)
def target_update(
    target_id: int,
    indicator_id: str = Form(""),
    value: str = Form(""),
    year: str = Form(""),
    kind: str = Form(""),
    baseline_year: str = Form(""),
    baseline_value: str = Form(""),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    fields: dict[str, Any] = {
        "indicator_id": indicator_id.strip() or None,
        "baseline_year": baseline_year.strip() or None,
        "baseline_value": baseline_value.strip() or None,
    }
    for name, raw in (("value", value), ("year", year), ("kind", kind)):
        if raw.strip():
            fields[name] = raw.strip()
    sv.update_target(session, target_id, workflow.validated(TargetUpdate, **fields), actor=user)
    return RedirectResponse(f"/plans/targets/{target_id}", status_code=303)


# ---- tasks and reports --------------------------------------------------------------------------
@router.get("/plans/tasks/{task_id:int}.json", tags=TAGS, summary="任务详情、报送记录与应报事项")
def task_json(
    task_id: int,
    as_of: dt.date = Depends(_as_of),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> dict[str, Any]:
    return sv.task_detail(session, task_id, as_of=as_of, actor=user)


@router.get("/plans/tasks/{task_id:int}", include_in_schema=False)
def task_page(
    request: Request,
    task_id: int,
    as_of: dt.date = Depends(_as_of),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    d = sv.task_detail(session, task_id, as_of=as_of, actor=user)
    return render(request, "plans/task.html", d=d, error=None, **_common(user))


@router.post("/plans/tasks/{task_id:int}", include_in_schema=False)
def task_update(
    task_id: int,
    status: str = Form(""),
    status_note: str = Form(""),
    units: str = Form(""),
    deadline: str = Form(""),
    cycle: str = Form(""),
    key_work: str | None = Form(None),
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    data = workflow.validated(
        TaskUpdate,
        status=status or None,
        status_note=status_note.strip() or None,
        units=split_units(units),
        deadline=deadline.strip() or None,
        cycle=cycle.strip() or None,
        key_work=key_work == "on",
    )
    sv.update_task(session, task_id, data, actor=user, registry=load_registry(settings=ctx.settings))
    return RedirectResponse(f"/plans/tasks/{task_id}", status_code=303)


@router.post("/plans/tasks/{task_id:int}.json", tags=TAGS, summary="修改任务（分析员）")
def task_update_json(
    task_id: int,
    data: TaskUpdate,
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> TaskPublic:
    return sv.update_task(session, task_id, data, actor=user, registry=load_registry(settings=ctx.settings))


@router.post("/plans/tasks/{task_id:int}/reports.json", tags=TAGS, summary="报送季报/速报/即报（不含附件）")
def report_json(
    task_id: int,
    data: ReportCreate,
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> ReportPublic:
    return sv.submit_report(
        session, task_id, data, actor=user, data_dir=ctx.settings.data_dir,
        require_approval=ctx.settings.plans_filing_review,
    )  # fmt: skip


@router.post("/plans/tasks/{task_id:int}/reports", include_in_schema=False)
async def report_form(
    request: Request,
    task_id: int,
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(current_user),
) -> Response:
    """The report form: text, figures (name/value/unit rows) and attachments."""
    form = await request.form()

    def one(name: str) -> str:
        v = form.get(name)
        return v.strip() if isinstance(v, str) else ""

    names, values, units = (form.getlist(k) for k in ("figure_name", "figure_value", "figure_unit"))
    figures = []
    for n, v, u in zip(names, values, units, strict=False):
        if isinstance(n, str) and n.strip():
            if not isinstance(v, str) or not v.strip():
                raise InputError(f"数据项“{n.strip()}”缺少数值", field="figure_value")
            figures.append(
                {
                    "name": n.strip(),
                    "value": v.strip(),
                    "unit": (u.strip() if isinstance(u, str) else "") or None,
                }
            )
    uploads = []
    for f in form.getlist("files"):
        if not isinstance(f, str) and f.filename:
            # The body was counted while it streamed in (web.security); the part is on disk:
            # refuse an oversized file before reading it into memory.
            if f.size is not None and f.size > MAX_ATTACHMENT_BYTES:
                limit = MAX_ATTACHMENT_BYTES // 1024 // 1024
                raise InputError(f"附件超过 {limit} MB：{Path(f.filename).name}", field="attachments")
            content = await f.read()
            # The stored type comes from the bytes, not from what the client claimed.
            uploads.append(sv.Upload(Path(f.filename).name, content, sniff_content_type(content)))
    data = workflow.validated(
        ReportCreate,
        kind=one("kind"),
        text=one("text"),
        period=one("period") or None,
        figures=figures,
        progress_status=one("progress_status") or None,
        unit=one("unit") or None,
    )
    with ctx.sessions() as session, session.begin():
        sv.submit_report(
            session, task_id, data, actor=user, data_dir=ctx.settings.data_dir, files=uploads,
            require_approval=ctx.settings.plans_filing_review,
        )  # fmt: skip
    return RedirectResponse(f"/plans/tasks/{task_id}#reports", status_code=303)


# ---- the office's review of filings (报送审核, workflow plan_filing) ---------------------------------
@router.get(
    "/plans/filings.json", tags=TAGS, summary="待审核的报送（分析员、管理员）与退回修改的报送（含理由）"
)
def filings_json(session: Session = DB, user: UserPublic = Depends(current_user)) -> dict[str, Any]:
    return {
        "pending": sv.pending_filings(session, actor=user) if sv.can_edit(user) else [],
        "returned": sv.returned_filings(session, actor=user),
    }


@router.get(
    "/plans/filings/{filing_id:int}.json", tags=TAGS, summary="一份报送的审核状态、流程记录与修改期限"
)
def filing_json(
    filing_id: int, session: Session = DB, user: UserPublic = Depends(current_user)
) -> sv.FilingReview:
    return sv.filing_review(session, filing_id, actor=user)


@router.get("/plans/filings/{filing_id:int}", include_in_schema=False)
def filing_page(
    request: Request, filing_id: int, session: Session = DB, user: UserPublic = Depends(current_user)
) -> Response:
    f = sv.filing_review(session, filing_id, actor=user)
    return render(request, "plans/filing.html", f=f, **_common(user))


@router.post("/plans/filings/{filing_id:int}/review", include_in_schema=False)
def filing_review_form(
    filing_id: int,
    decision: str = Form(""),
    note: str = Form(""),
    version: str = Form(""),
    back: str = Form(""),
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    if decision not in ("approve", "return"):
        raise InputError("请选择“通过”或“退回”", field="decision")
    sv.review_filing(
        session, filing_id, "approve" if decision == "approve" else "return", actor=user,
        note=note.strip() or None, expected_version=int(version) if version.isdigit() else None,
        require_approval=ctx.settings.plans_filing_review,
    )  # fmt: skip
    target = "/plans#filings" if back == "list" else f"/plans/filings/{filing_id}"
    return RedirectResponse(target, status_code=303)


@router.post("/plans/filings/{filing_id:int}/resubmit", include_in_schema=False)
def filing_resubmit_form(
    filing_id: int,
    text: str = Form(""),
    note: str = Form(""),
    version: str = Form(""),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    sv.resubmit_filing(
        session, filing_id, actor=user, text=text if text.strip() else None, note=note.strip() or None,
        expected_version=int(version) if version.isdigit() else None,
    )  # fmt: skip
    return RedirectResponse(f"/plans/filings/{filing_id}", status_code=303)


@router.get("/plans/attachments/{attachment_id:int}", tags=TAGS, summary="下载报送附件")
def attachment(
    attachment_id: int,
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    att, path = sv.get_attachment(session, attachment_id, actor=user, data_dir=ctx.settings.data_dir)
    return FileResponse(
        path,
        media_type=att.content_type or "application/octet-stream",
        headers={"Content-Disposition": _disposition(att.filename)},
    )
