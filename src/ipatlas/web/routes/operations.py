"""运营 pages: the operations dashboard (and its ``.json`` twin) and the flow-map data. One data
function (``ipatlas.operations.dashboard``) feeds page and JSON; the public open-licence list is the
portal's (``/portal/licences``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from ipatlas.errors import InputError
from ipatlas.store.models import UserPublic
from ipatlas.web.context import AppContext, get_ctx, int_param, render, verify_csrf, viewer
from ipatlas.web.services.source import DataSource

router = APIRouter(dependencies=[Depends(verify_csrf)])


def _region(region: str | None) -> str | None:
    region = (region or "").strip() or None
    if region is not None and not (region.isdigit() and len(region) == 6):
        raise InputError(f"区划代码应为6位数字：{region!r}", field="region")
    return None if region == "100000" else region


def _selection(ctx: AppContext, region: str | None, year: str | None) -> tuple[str | None, int | None]:
    """The dashboard's region and year: as chosen (region 100000 = 全部地区), else those 资源分析
    opens on (the province with most records, the latest complete year), so that the default
    view shows the figures the cube holds."""
    from ipatlas.web.services.analysis import default_region
    from ipatlas.web.services.measures import data_years

    chosen = int_param(year, "year")
    if chosen is None:
        span = data_years(ctx.data)
        chosen = span[2] if span else None
    if not (region or "").strip():
        return default_region(ctx.data), chosen
    return _region(region), chosen


def operations_data(ctx: AppContext, region: str | None, year: int | None) -> dict[str, Any]:
    """The dashboard (cached per lake version) with the market entities of its parties (read from
    the link table each time: an analyst's link decision shows at once)."""
    from ipatlas.operations.dashboard import dashboard
    from ipatlas.operations.parties import attach_entities

    src = ctx.data

    def compute() -> dict[str, Any]:
        return dashboard(src.cursor(), region, year, settings=src.settings)

    d = src.cached("operations", {"region": region, "year": year}, compute)
    with ctx.sessions() as session:
        return attach_entities(session, d)


def flows_data(src: DataSource, level: str, region: str | None, year: int | None) -> dict[str, Any]:
    from ipatlas.operations.dashboard import flow_map

    def compute() -> dict[str, Any]:
        return flow_map(src.cursor(), level=level, year=year, region=region)

    return src.cached("operations-flows", {"level": level, "region": region, "year": year}, compute)  # type: ignore[no-any-return]


@router.get("/operations.json", tags=["知识产权运用"], summary="运营：质押、转让流向、许可、开放许可、资助")
def operations_json(
    region: str | None = Query(None, description="区划代码（6 位）"),
    year: str | None = Query(None, description="年份；空 = 最近一年"),
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(viewer),
) -> dict[str, Any]:
    return operations_data(ctx, *_selection(ctx, region, year))


@router.get("/operations", include_in_schema=False)
def operations_page(
    request: Request,
    region: str | None = Query(None),
    year: str | None = Query(None),
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(viewer),
) -> Response:
    d = operations_data(ctx, *_selection(ctx, region, year))
    return render(request, "operations/dashboard.html", user=user, page="operations", d=d)


@router.get("/operations/flows.json", tags=["知识产权运用"], summary="专利权转让流向（区县或省）")
def operations_flows_json(
    level: str = Query("county", description="county | province"),
    region: str | None = Query(None),
    year: str | None = Query(None),
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(viewer),
) -> dict[str, Any]:
    if level not in ("county", "province"):
        raise InputError(f"层级只能是 county 或 province：{level!r}", field="level")
    return flows_data(ctx.data, level, _region(region), int_param(year, "year"))


@router.get("/public/open-licences.json", include_in_schema=False)
def public_open_licences_json() -> Response:
    """The open-licence list lives on the public portal (one list, one data function)."""
    return RedirectResponse("/portal/licences.json", status_code=308)


@router.get("/public/open-licences", include_in_schema=False)
def public_open_licences() -> Response:
    return RedirectResponse("/portal/licences", status_code=308)


def claims_data(ctx: AppContext, year: int | None) -> dict[str, Any]:
    from ipatlas.operations.claims import list_claims

    with ctx.sessions() as session:
        return list_claims(session, year=year)


@router.get("/operations/claims.json", tags=["知识产权运用"], summary="贴息补助与风险补偿申请及预算")
def operations_claims_json(
    year: str | None = Query(None, description="申请年度"),
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(viewer),
) -> dict[str, Any]:
    return claims_data(ctx, int_param(year, "year"))


@router.get("/operations/claims", include_in_schema=False)
def operations_claims_page(
    request: Request,
    year: str | None = Query(None),
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(viewer),
) -> Response:
    d = claims_data(ctx, int_param(year, "year"))
    return render(request, "operations/claims.html", user=user, page="operations", d=d)
