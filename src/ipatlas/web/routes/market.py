"""市场监管 pages: entity search, 主体画像, lead pool (with map), credit, 双随机 inspections.

Each page and its ``.json`` twin call one function of :mod:`ipatlas.market.overview`; actions
go through :mod:`ipatlas.market` (the workflow engine checks roles and transitions).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ipatlas.access import EDIT_ROLES
from ipatlas.errors import InputError
from ipatlas.market import overview
from ipatlas.market.leads import act_lead
from ipatlas.store.models import UserPublic
from ipatlas.web.context import (
    AppContext,
    db_session,
    editor,
    get_ctx,
    int_param,
    render,
    verify_csrf,
    viewer,
)

router = APIRouter(dependencies=[Depends(verify_csrf)])
DB: Any = Depends(db_session, scope="function")
TAGS: list[str | Any] = ["市场监管"]


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"日期应为 YYYY-MM-DD：{value!r}", field="as_of") from None


@router.get("/market.json", tags=TAGS, summary="市场主体检索")
def market_json(
    q: str | None = None,
    adcode: str | None = None,
    page: str | None = None,
    session: Session = DB,
    user: UserPublic = Depends(viewer),
) -> dict[str, Any]:
    return overview.entities_page(session, q=q, adcode=adcode, page=int_param(page, "page", default=1) or 1)


@router.get("/market", include_in_schema=False)
def market_page(
    request: Request,
    q: str | None = None,
    adcode: str | None = None,
    page: str | None = None,
    session: Session = DB,
    user: UserPublic = Depends(viewer),
) -> Response:
    d = overview.entities_page(session, q=q, adcode=adcode, page=int_param(page, "page", default=1) or 1)
    return render(request, "market/entities.html", user=user, page="market", d=d)


@router.get("/market/review.json", tags=TAGS, summary="待确认的名称关联（多个候选或置信度较低）")
def review_json(session: Session = DB, user: UserPublic = Depends(viewer)) -> list[dict[str, Any]]:
    from ipatlas.market.resolve import review_queue

    return review_queue(session)


@router.get("/market/review", include_in_schema=False)
def review_page(request: Request, session: Session = DB, user: UserPublic = Depends(viewer)) -> Response:
    from ipatlas.market.resolve import review_queue

    return render(request, "market/review.html", user=user, page="market", items=review_queue(session),
                  can_edit=user.role in EDIT_ROLES)  # fmt: skip


@router.post("/market/review", include_in_schema=False)
def review_decide(
    name: str = Form(...),
    code: str = Form(...),
    decision: str = Form(...),
    session: Session = DB,
    user: UserPublic = Depends(editor),
) -> Response:
    """An analyst confirms (name → code) or splits (name is not code) a link; kept across re-imports."""
    from ipatlas.market.resolve import decide

    decide(session, name, code, decision, actor=user.username)
    return RedirectResponse("/market/review", status_code=303)


@router.get("/market/entities/{code}.json", tags=TAGS, summary="主体画像：资产、关联名称、信用、线索、检查")
def entity_json(
    code: str,
    as_of: str | None = None,
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(viewer),
) -> dict[str, Any]:
    return entity_data(session, ctx, code, as_of)


def entity_data(session: Session, ctx: AppContext, code: str, as_of: str | None) -> dict[str, Any]:
    """主体画像 with the entity's rights flows (pledges, transfers, licences, … under its linked
    names, from ``ipatlas.operations.parties``)."""
    from ipatlas.operations.parties import entity_flows

    d = overview.entity_profile(session, ctx.settings, code, _date(as_of))
    return {**d, "rights_flows": entity_flows(session, ctx.settings, d["entity"]["code"])}


@router.get("/market/entities/{code}", include_in_schema=False)
def entity_page(
    request: Request,
    code: str,
    as_of: str | None = None,
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(viewer),
) -> Response:
    d = entity_data(session, ctx, code, as_of)
    return render(request, "market/entity.html", user=user, page="market", d=d)


@router.get("/market/leads.json", tags=TAGS, summary="线索池（含按区县统计）")
def leads_json(
    status: str | None = None,
    source: str | None = None,
    adcode: str | None = None,
    session: Session = DB,
    user: UserPublic = Depends(viewer),
) -> dict[str, Any]:
    return overview.leads_page(session, status=status, source=source, adcode=adcode)


@router.get("/market/leads", include_in_schema=False)
def leads_page(
    request: Request,
    status: str | None = None,
    source: str | None = None,
    adcode: str | None = None,
    session: Session = DB,
    user: UserPublic = Depends(viewer),
) -> Response:
    d = overview.leads_page(session, status=status, source=source, adcode=adcode)
    return render(request, "market/leads.html", user=user, page="market", d=d)


@router.get("/market/leads/{lead_id}.json", tags=TAGS, summary="线索详情")
def lead_json(lead_id: int, session: Session = DB, user: UserPublic = Depends(viewer)) -> dict[str, Any]:
    from ipatlas.market.leads import lead_detail

    return lead_detail(session, lead_id)


@router.get("/market/leads/{lead_id}", include_in_schema=False)
def lead_page(
    request: Request, lead_id: int, session: Session = DB, user: UserPublic = Depends(viewer)
) -> Response:
    from ipatlas.market.leads import lead_detail

    return render(request, "market/lead.html", user=user, page="market", d=lead_detail(session, lead_id))


@router.post("/market/leads/{lead_id}/act", include_in_schema=False)
def lead_act(
    lead_id: int,
    action: str = Form(...),
    note: str = Form(""),
    ctx: AppContext = Depends(get_ctx),
    session: Session = DB,
    user: UserPublic = Depends(viewer),
) -> Response:
    act_lead(session, ctx.settings, lead_id, action, actor=user.username, role=user.role, note=note or None)
    return RedirectResponse(f"/market/leads/{lead_id}", status_code=303)


@router.get("/market/credit.json", tags=TAGS, summary="信用分级：各区县等级分布、公示名单、待关联事件")
def credit_json(
    as_of: str | None = None, session: Session = DB, user: UserPublic = Depends(viewer)
) -> dict[str, Any]:
    return overview.credit_page(session, _date(as_of))


@router.get("/market/credit", include_in_schema=False)
def credit_page(
    request: Request, as_of: str | None = None, session: Session = DB, user: UserPublic = Depends(viewer)
) -> Response:
    return render(
        request, "market/credit.html", user=user, page="market", d=overview.credit_page(session, _date(as_of))
    )


@router.get("/market/inspections.json", tags=TAGS, summary="双随机抽查记录")
def inspections_json(session: Session = DB, user: UserPublic = Depends(viewer)) -> dict[str, Any]:
    return overview.inspections_page(session)


@router.get("/market/inspections", include_in_schema=False)
def inspections_page(request: Request, session: Session = DB, user: UserPublic = Depends(viewer)) -> Response:
    return render(
        request, "market/inspections.html", user=user, page="market", d=overview.inspections_page(session)
    )


@router.get("/market/inspections/{draw_id}.json", tags=TAGS, summary="一次抽查：种子、摘要、对象与结果")
def draw_json(draw_id: int, session: Session = DB, user: UserPublic = Depends(viewer)) -> dict[str, Any]:
    return overview.draw_page(session, draw_id)


@router.get("/market/inspections/{draw_id}", include_in_schema=False)
def draw_page(
    request: Request, draw_id: int, session: Session = DB, user: UserPublic = Depends(viewer)
) -> Response:
    return render(
        request, "market/draw.html", user=user, page="market", d=overview.draw_page(session, draw_id)
    )
