"""知识产权保护 pages: 受理登记, 我的待办, 案件详情 (timeline and deadline bars), 期限看板, 统计,
and the member unit's referrals. Each page and its ``.json`` twin call one function of
:mod:`ipatlas.protection`; permissions and personal-data rules are enforced there."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ipatlas.access import CASE_ROLES, DASHBOARD_ROLES
from ipatlas.errors import InputError, IpatlasError, PermissionDenied
from ipatlas.protection import cases as pc
from ipatlas.protection.constants import (
    CHANNEL_LABELS,
    DEMO_LABEL,
    IP_TYPE_LABELS,
    KIND_LABELS,
    PARTY_TYPE_LABELS,
)
from ipatlas.protection.intake import create_case
from ipatlas.store.models import UserPublic
from ipatlas.web import display
from ipatlas.web.context import AppContext, current_user, db_session, get_ctx, render, verify_csrf
from ipatlas.workflow import Actor

router = APIRouter(dependencies=[Depends(verify_csrf)])
DB: Any = Depends(db_session, scope="function")
TAGS: list[str | Any] = ["知识产权保护"]
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
CHUNK = 64 * 1024
TODO_PAGE = 50
HOME_PROVINCE = "500000"  # the region picker's province (重庆市)
READ_ROLES = DASHBOARD_ROLES | {"leader", "auditor"}


def _actor(user: UserPublic) -> Actor:
    return Actor(user.username, user.role, user.unit)


def _reader(user: UserPublic) -> None:
    if user.role not in READ_ROLES and user.role != "unit":
        raise PermissionDenied("当前账号无权访问知识产权保护页面")


def _date(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"日期格式应为 YYYY-MM-DD: {value!r}", field=field) from None


def _common(user: UserPublic, page: str) -> dict[str, Any]:
    return {
        "user": user,
        "page": "protection",
        "sub": page,
        "KIND_LABELS": KIND_LABELS,
        "IP_TYPE_LABELS": IP_TYPE_LABELS,
        "CHANNEL_LABELS": CHANNEL_LABELS,
        "PARTY_TYPE_LABELS": PARTY_TYPE_LABELS,
        "DEMO": DEMO_LABEL,
        "can_register": user.role in {"admin", "clerk", "handler"},
    }


# ---- 我的待办 -------------------------------------------------------------------------------------
@router.get("/protection/todo.json", tags=TAGS, summary="我的待办：分配给我或我的角色可办理的未结案件")
def todo_json(
    as_of: str | None = Query(None),
    page: int = Query(1, ge=1, le=100_000),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> dict[str, Any]:
    _reader(user)
    when = _date(as_of, "as_of")
    if user.role not in CASE_ROLES:
        return pc.list_cases(session, viewer=_actor(user), as_of=when, limit=TODO_PAGE)
    return pc.todo(session, viewer=_actor(user), as_of=when, limit=TODO_PAGE, offset=(page - 1) * TODO_PAGE)


@router.get("/protection", include_in_schema=False)
def todo_page(
    request: Request,
    as_of: str | None = Query(None),
    page: int = Query(1, ge=1, le=100_000),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    _reader(user)
    if user.role == "unit":
        return RedirectResponse("/protection/referrals", status_code=303)
    if user.role not in CASE_ROLES:
        return RedirectResponse("/protection/board", status_code=303)
    d = todo_json(as_of, page, session, user)
    return render(request, "protection/todo.html", d=d, **_common(user, "todo"))


# ---- 受理登记 -------------------------------------------------------------------------------------
def _regions() -> list[tuple[str, str]]:
    from ipatlas.regions.registry import get_registry

    return [(r.code, r.name) for r in get_registry().counties(HOME_PROVINCE)]


@router.get("/protection/new", include_in_schema=False)
def new_page(request: Request, user: UserPublic = Depends(current_user)) -> Response:
    if user.role not in {"admin", "clerk", "handler"}:
        raise PermissionDenied("只有受理员、承办人可以受理登记")
    return render(
        request, "protection/new.html", error=None, values={}, regions=_regions(), **_common(user, "new")
    )


async def _read_limited(file: UploadFile) -> bytes:
    """Read an upload chunk by chunk, refusing it as soon as it passes the limit."""
    parts: list[bytes] = []
    total = 0
    while chunk := await file.read(CHUNK):
        total += len(chunk)
        if total > MAX_ATTACHMENT_BYTES:
            raise InputError(f"附件超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB 上限", field="attachment")
        parts.append(chunk)
    return b"".join(parts)


@router.post("/protection/new", include_in_schema=False)
async def new_submit(
    request: Request,
    attachment: UploadFile | None = File(None),
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(current_user),
) -> Response:
    if user.role not in {"admin", "clerk", "handler"}:
        raise PermissionDenied("只有受理员、承办人可以受理登记")
    form = await request.form()
    v = {k: x for k, x in form.items() if isinstance(x, str)}
    region_name = dict(_regions()).get(v.get("respondent_region", ""), "")
    address = v.get("respondent_address", "").strip()
    if region_name and region_name not in address:
        address = f"重庆市{region_name}{address}"
    fields: dict[str, Any] = {
        "kind": v.get("kind"),
        "ip_type": v.get("ip_type"),
        "channel": v.get("channel"),
        "received_at": v.get("received_at", "").replace("T", " "),
        "complainant": {
            "name": v.get("complainant_name"),
            "type": v.get("complainant_type") or None,
            "phone": v.get("complainant_phone"),
            "id_number": v.get("complainant_id_number"),
            "address": v.get("complainant_address"),
        },
        "respondent": {
            "name": v.get("respondent_name"),
            "type": v.get("respondent_type") or None,
            "address": address,
        },
        "right": {"number": v.get("right_number")},
        "facts": v.get("facts"),
        "confidential": v.get("confidential") == "on",
        "client_token": v.get("client_token") or None,
    }
    try:
        data = await _read_limited(attachment) if attachment is not None and attachment.filename else None
        with ctx.sessions() as session, session.begin():
            case = create_case(session, ctx.settings, fields, actor=user.username)
        if data is not None and attachment is not None:
            from pathlib import Path

            folder = ctx.settings.data_dir / "protection" / "attachments" / str(case["id"])
            folder.mkdir(parents=True, exist_ok=True)
            (folder / Path(attachment.filename or "附件").name).write_bytes(data)
    except IpatlasError as exc:
        if isinstance(exc, PermissionDenied):
            raise
        return render(
            request, "protection/new.html", status_code=400, error=display.user_message(exc), values=v,
            regions=_regions(),
            **_common(user, "new"),
        )  # fmt: skip
    return RedirectResponse(f"/protection/cases/{case['id']}?registered=1", status_code=303)


@router.post("/protection/intake.json", tags=TAGS, summary="受理登记（字段同 ipatlas cases intake）")
def intake_json(
    fields: dict[str, Any],
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> dict[str, Any]:
    if user.role not in {"admin", "clerk", "handler"}:
        raise PermissionDenied("只有受理员、承办人可以受理登记")
    return create_case(session, ctx.settings, fields, actor=user.username)


# ---- 案件详情 -------------------------------------------------------------------------------------
@router.get(
    "/protection/cases/{case_id:int}.json",
    tags=TAGS,
    summary="案件详情：时间线、期限与法律依据（个人信息按权限）",
)
def case_json(
    case_id: int, session: Session = DB, user: UserPublic = Depends(current_user)
) -> dict[str, Any]:
    _reader(user)
    return pc.show_case(session, case_id, viewer=_actor(user))


@router.get("/protection/cases/{case_id:int}", include_in_schema=False)
def case_page(
    request: Request,
    case_id: int,
    registered: int = 0,
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    _reader(user)
    d = pc.show_case(session, case_id, viewer=_actor(user))
    return render(
        request,
        "protection/case.html",
        d=d,
        bars=_bars(d),
        registered=registered,
        error=None,
        **_common(user, "case"),
    )


def _bars(d: dict[str, Any]) -> list[dict[str, Any]]:
    """Deadline bars: elapsed share of each clock (100 % = due)."""
    now = dt.datetime.now(display.LOCAL_TZ).replace(tzinfo=None)  # the clocks are in Beijing time
    out = []
    for x in d["deadline_details"]:
        start = dt.datetime.fromisoformat(x["started_at"])
        end = (
            dt.datetime.fromisoformat(x["due_date"] + "T23:59:59")
            if x["unit"] != "hours"
            else dt.datetime.fromisoformat(x["due"])
        )
        stop = dt.datetime.fromisoformat(x["stopped_at"]) if x["stopped_at"] else now
        total = max((end - start).total_seconds(), 1)
        pct = max(0, min(100, round((stop - start).total_seconds() / total * 100)))
        out.append({**x, "pct": pct})
    return out


@router.post("/protection/cases/{case_id:int}/act", include_in_schema=False)
async def case_act(
    request: Request,
    case_id: int,
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(current_user),
) -> Response:
    form = await request.form()
    v = {k: x for k, x in form.items() if isinstance(x, str)}
    fields = {k[2:]: x for k, x in v.items() if k.startswith("f_") and x.strip()}
    try:
        version = int(v["version"]) if v.get("version") else None
        with ctx.sessions() as session, session.begin():
            pc.act_case(
                session, ctx.settings, case_id, v.get("action", ""), actor=_actor(user),
                note=v.get("note") or None, fields=fields, expected_version=version,
            )  # fmt: skip
    except IpatlasError as exc:
        with ctx.sessions() as session, session.begin():
            d = pc.show_case(session, case_id, viewer=_actor(user))
        return render(request, "protection/case.html", status_code=400, d=d, bars=_bars(d), registered=0,
                      error=display.user_message(exc), **_common(user, "case"))  # fmt: skip
    return RedirectResponse(f"/protection/cases/{case_id}", status_code=303)


# ---- 期限看板 / 统计 / 移送 --------------------------------------------------------------------------
@router.get("/protection/board.json", tags=TAGS, summary="期限看板：按承办单位的即将到期与超期件数")
def board_json(
    as_of: str | None = Query(None), session: Session = DB, user: UserPublic = Depends(current_user)
) -> dict[str, Any]:
    _reader(user)
    d = pc.board(session, as_of=_date(as_of, "as_of"))
    d["overdue_cases"] = pc.list_cases(session, overdue=True, as_of=_date(as_of, "as_of"), limit=50)["cases"]
    if user.role == "unit":  # a member unit opens only the cases referred to it (as show_case rules)
        mine = {r["case_id"] for r in pc.referrals_for_unit(session, user.unit or "")}
        d["overdue_cases"] = [c for c in d["overdue_cases"] if c["id"] in mine]
    return d


@router.get("/protection/board", include_in_schema=False)
def board_page(
    request: Request,
    as_of: str | None = Query(None),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:
    d = board_json(as_of, session, user)
    return render(request, "protection/board.html", d=d, **_common(user, "board"))


@router.get("/protection/stats.json", tags=TAGS, summary="统计：受理、结案、按期办结率、平均办结工作日、超期")
def stats_json(
    year: int | None = Query(None),
    region: str | None = Query(None),
    session: Session = DB,
    user: UserPublic = Depends(current_user),
    ctx: AppContext = Depends(get_ctx),
) -> dict[str, Any]:
    _reader(user)
    from ipatlas.protection.facts import indicator_breakdown
    from ipatlas.protection.reports import monthly_rows

    d = pc.stats(session, year=year, region=region or None)
    d["monthly"] = monthly_rows(session, year, region=region or None) if year else []
    # The catalogue's nine indicators by kind × IP type (from the published case_facts snapshot).
    d["breakdown"] = (
        indicator_breakdown(ctx.settings, region=region or HOME_PROVINCE, year=year) if year else None
    )
    return d


@router.get("/protection/stats", include_in_schema=False)
def stats_page(
    request: Request, year: int | None = Query(None), region: str | None = Query(None), session: Session = DB,
    user: UserPublic = Depends(current_user),
) -> Response:  # fmt: skip
    year = year or dt.date.today().year
    d = stats_json(year, region, session, user, get_ctx(request))
    return render(
        request, "protection/stats.html", d=d, regions=_regions(), names=_names(d), **_common(user, "stats")
    )


def _names(d: dict[str, Any]) -> dict[str, str]:
    """The names of the regions a statistics page shows (a code is not for reading)."""
    from ipatlas.regions.registry import get_registry

    reg = get_registry()
    codes = {d.get("region"), (d.get("breakdown") or {}).get("region")}
    return {c: reg.get(c).name for c in codes if c and c in reg}


@router.get("/protection/referrals.json", tags=TAGS, summary="移送给本单位的案件及回执期限（成员单位）")
def referrals_json(session: Session = DB, user: UserPublic = Depends(current_user)) -> dict[str, Any]:
    if user.role != "unit" or not user.unit:
        raise PermissionDenied("只有成员单位账号有移送案件列表")
    return {"unit": user.unit, "referrals": pc.referrals_for_unit(session, user.unit)}


@router.get("/protection/referrals", include_in_schema=False)
def referrals_page(
    request: Request, session: Session = DB, user: UserPublic = Depends(current_user)
) -> Response:
    d = referrals_json(session, user)
    return render(request, "protection/referrals.html", d=d, **_common(user, "referrals"))


@router.post("/protection/cases/{case_id:int}/receipt", include_in_schema=False)
def receipt(
    case_id: int, ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(current_user)
) -> Response:
    with ctx.sessions() as session, session.begin():
        pc.act_case(session, ctx.settings, case_id, "receipt", actor=_actor(user))
    return RedirectResponse("/protection/referrals", status_code=303)
