"""司法数据 pages: court statistics, firm/lawyer showcase (律所案件展示), business leads (商机线索检索,
the only product a service-agency account sees) and typical cases (案例指导).

Each page and its ``.json`` twin call the same :mod:`ipatlas.litigation` function.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ipatlas.access import ANALYSIS_ROLES, LEADS_ROLES
from ipatlas.errors import InputError
from ipatlas.litigation.cases import act_on_case, case_detail, list_cases, open_case
from ipatlas.litigation.firms import firm_profile, lawyer_profile, list_firms, profile_docx
from ipatlas.litigation.lawlinks import judgment_detail
from ipatlas.litigation.leads import business_leads, leads_csv, typical_cases
from ipatlas.litigation.stats import court_statistics
from ipatlas.store.models import UserPublic
from ipatlas.web.context import AppContext, db_session, get_ctx, int_param, render, require_roles, verify_csrf
from ipatlas.web.services.regions import region_name
from ipatlas.workflow import Actor

router = APIRouter(dependencies=[Depends(verify_csrf)])
TAGS: list[Any] = ["司法数据"]
staff = require_roles(ANALYSIS_ROLES)
leads_users = require_roles(LEADS_ROLES)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachment(filename: str) -> str:
    return f"attachment; filename=\"download\"; filename*=UTF-8''{quote(filename)}"


def overview_data(
    ctx: AppContext, by: str, court: str | None, year: str | None, cause: str | None
) -> dict[str, Any]:
    stats = court_statistics(
        ctx.settings, by=by, court=court or None, year=int_param(year, "year"), cause=cause or None
    )
    return {"stats": stats, "firms": list_firms(ctx.settings, limit=30)}


@router.get("/litigation.json", tags=TAGS, summary="法院统计（按法院/年份/案由/地区）与律所排行")
def overview_json(
    by: str = "court", court: str | None = None, year: str | None = None, cause: str | None = None,
    ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(staff),
) -> Any:  # fmt: skip
    return overview_data(ctx, by, court, year, cause)


@router.get("/litigation", include_in_schema=False)
def overview_page(
    request: Request, by: str = "court", court: str | None = None, year: str | None = None,
    cause: str | None = None, ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(staff),
) -> Any:  # fmt: skip
    data = overview_data(ctx, by, court, year, cause)
    return render(request, "litigation/index.html", user=user, page="litigation", **data)


@router.get("/litigation/firms/{name}.json", tags=TAGS, summary="律所画像（分所归并到总所）")
def firm_json(name: str, ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(staff)) -> Any:
    return firm_profile(ctx.settings, name)


@router.get("/litigation/firms/{name}.docx", tags=TAGS, summary="律所画像 DOCX 导出")
def firm_docx(name: str, ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(staff)) -> Response:
    prof = firm_profile(ctx.settings, name)
    return Response(
        profile_docx(prof),
        media_type=DOCX,
        headers={"Content-Disposition": _attachment(f"{prof['name']}.docx")},
    )


@router.get("/litigation/firms/{name}", include_in_schema=False)
def firm_page(
    request: Request, name: str, ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(staff)
) -> Any:
    return render(
        request,
        "litigation/profile.html",
        user=user,
        page="litigation",
        profile=firm_profile(ctx.settings, name),
    )


@router.get("/litigation/lawyers/{name}.json", tags=TAGS, summary="律师画像")
def lawyer_json(
    name: str, firm: str | None = None, ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(staff)
) -> Any:
    return lawyer_profile(ctx.settings, name, firm=firm)


@router.get("/litigation/lawyers/{name}", include_in_schema=False)
def lawyer_page(
    request: Request,
    name: str,
    firm: str | None = None,
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(staff),
) -> Any:
    prof = lawyer_profile(ctx.settings, name, firm=firm)
    return render(request, "litigation/profile.html", user=user, page="litigation", profile=prof)


def leads_data(ctx: AppContext, role: str, region: str | None, cause: str | None, year_from: str | None,
               year_to: str | None, min_cases: str | None, min_trademarks: str | None,
               without_counsel: bool, industry: str | None = None) -> dict[str, Any]:  # fmt: skip
    return business_leads(
        ctx.settings, role=role, region=region or None, cause=cause or None,
        year_from=int_param(year_from, "from"), year_to=int_param(year_to, "to"),
        min_cases=int_param(min_cases, "min_cases", default=1) or 1,
        min_trademarks=int_param(min_trademarks, "min_trademarks", default=0) or 0,
        without_counsel=without_counsel, industry=industry or None,
    )  # fmt: skip


@router.get(
    "/litigation/leads.json", tags=TAGS, summary="商机线索：维权权利人 / 多次被诉企业（含专利、商标、地区）"
)
def leads_json(
    role: str = "rights_holder", region: str | None = None, cause: str | None = None,
    year_from: str | None = Query(None, alias="from"), year_to: str | None = Query(None, alias="to"),
    min_cases: str | None = None, min_trademarks: str | None = None, without_counsel: bool = False,
    industry: str | None = None,
    ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(leads_users),
) -> Any:  # fmt: skip
    return leads_data(
        ctx, role, region, cause, year_from, year_to, min_cases, min_trademarks, without_counsel, industry
    )


@router.get("/litigation/leads.csv", tags=TAGS, summary="商机线索 CSV 导出")
def leads_export(
    role: str = "rights_holder", region: str | None = None, cause: str | None = None,
    year_from: str | None = Query(None, alias="from"), year_to: str | None = Query(None, alias="to"),
    min_cases: str | None = None, min_trademarks: str | None = None, without_counsel: bool = False,
    industry: str | None = None,
    ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(leads_users),
) -> Response:  # fmt: skip
    data = leads_data(
        ctx, role, region, cause, year_from, year_to, min_cases, min_trademarks, without_counsel, industry
    )
    return Response(
        "\ufeff" + leads_csv(data), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": _attachment("商机线索.csv")},
    )  # fmt: skip


@router.get("/litigation/leads", include_in_schema=False)
def leads_page(
    request: Request, role: str = "rights_holder", region: str | None = None, cause: str | None = None,
    year_from: str | None = Query(None, alias="from"), year_to: str | None = Query(None, alias="to"),
    min_cases: str | None = None, min_trademarks: str | None = None, without_counsel: bool = False,
    industry: str | None = None,
    ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(leads_users),
) -> Any:  # fmt: skip
    data = leads_data(
        ctx, role, region, cause, year_from, year_to, min_cases, min_trademarks, without_counsel, industry
    )
    # the page names the region (the code stays in the JSON and the CSV)
    leads = [{**x, "region_name": region_name(ctx.data, x["region"]) if x.get("region") else None}
             for x in data.get("leads", [])]  # fmt: skip
    return render(
        request, "litigation/leads.html", user=user, page="litigation", result={**data, "leads": leads}
    )


@router.get("/litigation/typical.json", tags=TAGS, summary="案例指导：典型案例检索")
def typical_json(
    q: str | None = None,
    tag: str | None = None,
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(staff),
) -> JSONResponse:
    return JSONResponse(typical_cases(ctx.settings, q=q or None, tag=tag or None))


@router.get("/litigation/typical", include_in_schema=False)
def typical_page(
    request: Request,
    q: str | None = None,
    tag: str | None = None,
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(staff),
) -> Any:
    cases = typical_cases(ctx.settings, q=q or None, tag=tag or None)
    return render(request, "litigation/typical.html", user=user, page="litigation", cases=cases, q=q or "")


@router.get(
    "/litigation/judgments/{record_id}.json",
    tags=TAGS,
    summary="裁判文书：解析字段与引用法条（链接到法规库）",
)
def judgment_json(
    record_id: str, ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(staff)
) -> JSONResponse:
    with ctx.sessions() as session:
        return JSONResponse(judgment_detail(session, ctx.settings, record_id))


@router.get("/litigation/judgments/{record_id}", include_in_schema=False)
def judgment_page(
    request: Request, record_id: str, ctx: AppContext = Depends(get_ctx), user: UserPublic = Depends(staff)
) -> Any:
    with ctx.sessions() as session:
        j = judgment_detail(session, ctx.settings, record_id)
    return render(request, "litigation/judgment.html", user=user, page="litigation", j=j)


# ---- 案件协同 (enterprise accounts manage their own cases on the shared workflow engine) -----------
case_users = require_roles(frozenset({"enterprise", "admin"}))
DB: Any = Depends(db_session, scope="function")


def _actor(user: UserPublic) -> Actor:
    return Actor(user.username, user.role, user.unit)


@router.get("/litigation/cases.json", tags=TAGS, summary="案件协同：本企业的案件与未到期期限")
def cases_json(user: UserPublic = Depends(case_users), session: Session = DB) -> Any:
    return list_cases(session, _actor(user))


@router.get("/litigation/cases", include_in_schema=False)
def cases_page(request: Request, user: UserPublic = Depends(case_users), session: Session = DB) -> Any:
    return render(
        request,
        "litigation/cases.html",
        user=user,
        page="litigation",
        cases=list_cases(session, _actor(user)),
    )


@router.post("/litigation/cases", include_in_schema=False)
def cases_open(
    side: str = Form(...), cause: str = Form(...), court: str = Form(""), opponent: str = Form(""),
    case_number: str = Form(""), abroad: bool = Form(False),
    user: UserPublic = Depends(case_users), session: Session = DB,
) -> Response:  # fmt: skip
    fields = {
        "side": side,
        "cause": cause,
        "court": court,
        "opponent": opponent,
        "case_number": case_number,
        "abroad": abroad,
    }
    case = open_case(session, _actor(user), fields)
    return RedirectResponse(f"/litigation/cases/{case['id']}", status_code=303)


@router.get(
    "/litigation/cases/{case_id}.json",
    tags=TAGS,
    summary="案件协同：节点、法定期限（含法律依据）、文书、可办理操作、律师匹配",
)
def case_json(
    case_id: int,
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(case_users),
    session: Session = DB,
) -> Any:
    return case_detail(session, _actor(user), case_id, settings=ctx.settings)


@router.get("/litigation/cases/{case_id}", include_in_schema=False)
def case_page(
    request: Request,
    case_id: int,
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(case_users),
    session: Session = DB,
) -> Any:
    detail = case_detail(session, _actor(user), case_id, settings=ctx.settings)
    return render(request, "litigation/case.html", user=user, page="litigation", detail=detail)


@router.post("/litigation/cases/{case_id}/act", include_in_schema=False)
def case_act(
    case_id: int, action: str = Form(...), on: str = Form(""), note: str = Form(""),
    evidence_due: str = Form(""), version: int = Form(...),
    user: UserPublic = Depends(case_users), session: Session = DB,
) -> Response:  # fmt: skip
    at = None
    if on:
        try:
            at = dt.date.fromisoformat(on)
        except ValueError:
            raise InputError("日期须为 YYYY-MM-DD", field="on") from None
    fields = {"evidence_due": evidence_due} if evidence_due else {}
    act_on_case(
        session,
        _actor(user),
        case_id,
        action,
        at=at,
        note=note or None,
        fields=fields,
        expected_version=version,
    )
    return RedirectResponse(f"/litigation/cases/{case_id}", status_code=303)
