"""The platform's pages. Each page and its ``.json`` twin call the same data function."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from ipatlas import DEMO_LABEL
from ipatlas.access import EDIT_ROLES
from ipatlas.errors import InputError, NotFoundError, PermissionDenied
from ipatlas.regions.hierarchy import level_of
from ipatlas.store.models import UserPublic
from ipatlas.web import export
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
from ipatlas.web.security import hide_paths
from ipatlas.web.services import analysis, datamgmt, indicators, maps, records, regions, targets
from ipatlas.web.services.measures import DEFAULT_MEASURE
from ipatlas.web.services.source import DataSource

router = APIRouter(dependencies=[Depends(verify_csrf)])
PageData = dict[str, Any]


class Selection(BaseModel):
    region: str | None = None
    year: int | None = None


def selection(
    region: str | None = Query(None, description="区划代码（6 位；100000 = 全国）"),
    year: str | None = Query(None, description="年份；空 = 最近一年"),
) -> Selection:
    region = (region or "").strip() or None
    if region:
        level_of(region)  # validates
    return Selection(region=region, year=int_param(year, "year"))


def data(ctx: AppContext = Depends(get_ctx)) -> DataSource:
    return ctx.data


# ---- 总览 -------------------------------------------------------------------------------------
# ---- 资源分析 ---------------------------------------------------------------------------------
# ---- pages whose data depend only on the region/year selection ---------------------------------
SelectionData = Callable[[DataSource, str | None, int | None], PageData]


def _twin(path: str, fn: SelectionData, template: str, *, tag: str, summary: str, page: str | None) -> None:
    """Register a page and its ``.json`` twin; both are served by the one data function ``fn``."""

    def json_route(
        sel: Selection = Depends(selection),
        src: DataSource = Depends(data),
        user: UserPublic = Depends(viewer),
    ) -> PageData:
        return fn(src, sel.region, sel.year)

    def html_route(
        request: Request,
        sel: Selection = Depends(selection),
        src: DataSource = Depends(data),
        user: UserPublic = Depends(viewer),
    ) -> Response:
        return render(request, template, user=user, page=page, d=fn(src, sel.region, sel.year))

    name = path.strip("/").replace("/", "_")
    router.add_api_route(
        f"{path}.json", json_route, methods=["GET"], tags=[tag], summary=summary, name=f"{name}_json"
    )
    router.add_api_route(path, html_route, methods=["GET"], include_in_schema=False, name=f"{name}_page")


_twin(
    "/dashboard",
    analysis.overview,
    "dashboard.html",
    tag="总览",
    summary="总览：关键指标、同比与趋势",
    page="dashboard",
)
_twin(
    "/dashboard/indicators",
    analysis.overview_indicators,
    "dashboard_indicators.html",
    tag="总览",
    summary="总览：指标体系官方指标（含同比）",
    page=None,
)
_twin(
    "/resources",
    analysis.resources,
    "resources.html",
    tag="资源分析",
    summary="资源分析：类型、申请人、IPC、状态、主要申请人",
    page="resources",
)
_twin(
    "/industry",
    analysis.industry,
    "industry.html",
    tag="产业布局",
    summary="产业布局（需指标体系的产业归属）",
    page="industry",
)


# ---- 综合评价 ---------------------------------------------------------------------------------
ScreenChoice = Query("default", description="单位筛选：default = 评价框架的筛选规则，none = 不筛选")


@router.get(
    "/evaluation.json", tags=["综合评价"], summary="综合评价：综合指数、排名区间、协调度与单位筛选说明"
)
def evaluation_json(
    sel: Selection = Depends(selection),
    screen: str = ScreenChoice,
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> PageData:
    return analysis.evaluation(src, sel.region, sel.year, screen)


@router.get("/evaluation", include_in_schema=False)
def evaluation_page(
    request: Request,
    sel: Selection = Depends(selection),
    screen: str = ScreenChoice,
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> Response:
    d = analysis.evaluation(src, sel.region, sel.year, screen)
    return render(request, "evaluation.html", user=user, page="evaluation", d=d)


# ---- 空间分布 ---------------------------------------------------------------------------------
class MapParams(BaseModel):
    measure: str = DEFAULT_MEASURE
    method: str = "natural_breaks"
    k: int = 5
    layer: str = "value"


def map_params(
    measure: str = Query(DEFAULT_MEASURE, description="地图指标：指标体系编号（ipatlas indicators catalog）"),
    method: str = Query("natural_breaks", description="natural_breaks | quantiles"),
    k: str | None = Query(None, description="分级数 2–9"),
    layer: str = Query("value", description="value | lisa（热点/冷点图层）"),
) -> MapParams:
    return MapParams(measure=measure, method=method, k=int_param(k, "k", default=5) or 5, layer=layer)


@router.get("/map.json", tags=["空间分布"], summary="空间分布：下级区域取值、分级与排名")
def map_json(
    sel: Selection = Depends(selection),
    mp: MapParams = Depends(map_params),
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> PageData:
    return maps.map_data(src, sel.region, sel.year, mp.measure, mp.method, mp.k, mp.layer)


@router.get("/map", include_in_schema=False)
def map_page(
    request: Request,
    sel: Selection = Depends(selection),
    mp: MapParams = Depends(map_params),
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> Response:
    d = maps.map_data(src, sel.region, sel.year, mp.measure, mp.method, mp.k, mp.layer)
    return render(request, "map.html", user=user, page="map", d=d)


@router.get("/api/geo/{level}.json", tags=["空间分布"], summary="行政区边界 GeoJSON（属性 code、name）")
def geo(
    level: str, under: str | None = None, src: DataSource = Depends(data), user: UserPublic = Depends(viewer)
) -> Response:
    if level not in ("province", "city", "county"):
        raise NotFoundError(f"未知的区划层级: {level}")
    fc = regions.feature_collection(src, level, (under or "").strip() or None)
    return JSONResponse(fc, headers={"Cache-Control": "private, max-age=3600"})


# ---- 动态监测 ---------------------------------------------------------------------------------
@router.get("/monitor.json", tags=["动态监测"], summary="动态监测：年度序列、增长率、区域比较与突增线索")
def monitor_json(
    sel: Selection = Depends(selection),
    measure: str = DEFAULT_MEASURE,
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> PageData:
    return analysis.monitor(src, sel.region, sel.year, measure)


@router.get("/monitor", include_in_schema=False)
def monitor_page(
    request: Request,
    sel: Selection = Depends(selection),
    measure: str = DEFAULT_MEASURE,
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> Response:
    d = analysis.monitor(src, sel.region, sel.year, measure)
    return render(request, "monitor.html", user=user, page="monitor", d=d)


@router.get(
    "/monitor/targets.json", tags=["动态监测"], summary="覆盖该区域的规划目标及其进度（达标/按进度/滞后）"
)
def monitor_targets_json(
    sel: Selection = Depends(selection),
    ctx: AppContext = Depends(get_ctx),
    session: Session = Depends(db_session),
    user: UserPublic = Depends(viewer),
) -> PageData:
    return targets.region_targets(ctx.settings, session, sel.region, user)


@router.get("/monitor/targets", include_in_schema=False)
def monitor_targets(
    request: Request,
    sel: Selection = Depends(selection),
    ctx: AppContext = Depends(get_ctx),
    session: Session = Depends(db_session),
    user: UserPublic = Depends(viewer),
) -> Response:
    d = targets.region_targets(ctx.settings, session, sel.region, user)
    return render(request, "monitor_targets.html", user=user, d=d)


# ---- 专利清单 ---------------------------------------------------------------------------------
@router.get("/records.json", tags=["专利清单"], summary="专利清单（分页、筛选）")
def records_json(
    q: Annotated[records.RecordQuery, Query()],
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> PageData:
    return records.list_records(src, q)


@router.get("/records.csv", tags=["专利清单"], summary="专利清单导出 CSV（全部符合条件的记录）")
def records_csv(
    q: Annotated[records.RecordQuery, Query()],
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> Response:
    header, rows = records.export_rows(src, q)
    return export.csv_response(header, rows, "专利清单")


@router.get("/records.xlsx", tags=["专利清单"], summary="专利清单导出 XLSX（至多 20 万条）")
def records_xlsx(
    q: Annotated[records.RecordQuery, Query()],
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> Response:
    head = records.list_records(src, q.model_copy(update={"page": 1, "size": 1}))
    total = head["total"]
    if total > records.EXPORT_MAX_XLSX:
        raise InputError(
            f"符合条件的记录有 {total} 条，超过 XLSX 导出上限 {records.EXPORT_MAX_XLSX}；"
            "请缩小范围、导出 CSV 或使用后台导出"
        )
    header, rows = records.export_rows(src, q)
    note = DEMO_LABEL if head["is_demo"] else None
    if total > export.XLSX_SPOOL_ROWS:  # large: constant memory, streamed from a spool file
        spool = Path(src.settings.data_dir) / "exports"
        return export.xlsx_file_response(header, rows, "专利清单", spool, title="专利清单", note=note)
    return export.xlsx_response(header, rows, "专利清单", title="专利清单", note=note)


@router.get("/records", include_in_schema=False)
def records_page(
    request: Request,
    q: Annotated[records.RecordQuery, Query()],
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> Response:
    d = records.list_records(src, q)
    template = "records_table.html" if request.headers.get("hx-request") == "true" else "records.html"
    return render(
        request,
        template,
        user=user,
        page="records",
        d=d,
        region_name=regions.region_name(src, q.region) if q.region else "全部",
    )


@router.get("/records/{app_no}.json", tags=["专利清单"], summary="单件专利的全部字段与来源")
def record_json(app_no: str, src: DataSource = Depends(data), user: UserPublic = Depends(viewer)) -> PageData:
    return _record(src, app_no)


@router.get("/records/{app_no}", include_in_schema=False)
def record_page(
    request: Request, app_no: str, src: DataSource = Depends(data), user: UserPublic = Depends(viewer)
) -> Response:
    return render(request, "record.html", user=user, page="records", d=_record(src, app_no))


def _record(src: DataSource, app_no: str) -> PageData:
    row = records.get_record(src, app_no)
    if row is None:
        raise NotFoundError(f"专利不存在: {app_no}")
    return row


# ---- 指标明细（指标体系的下钻）----------------------------------------------------------------
def _indicator_records(
    src: DataSource, region: str | None, year: str | None, id: str, page: int, where: str | None = None
) -> PageData:
    if not region:
        raise InputError("请指定区域", field="region")
    y = int_param(year, "year")
    if y is None:
        raise InputError("请指定年份", field="year")
    level_of(region)
    cell: dict[str, str] = {}
    for part in (where or "").split(","):
        if part.strip():
            col, sep, val = part.partition(":")
            if not sep or not col.strip():
                raise InputError(f"分项应写成 列:值（多个用逗号分隔）: {part!r}", field="where")
            cell[col.strip()] = val.strip()
    return indicators.indicator_records(src, region, y, id, page, where=cell or None)


@router.get("/indicators/records.json", tags=["指标体系"], summary="指标值背后的明细记录（分页）")
def indicator_records_json(
    region: str = Query(..., description="区划代码"),
    year: str = Query(..., description="年份"),
    id: str = Query(..., description="指标编号"),
    page: int = Query(1, ge=1),
    where: str | None = Query(None, description="事实表指标的分项，如 kind:complaint,ip_type:patent"),
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> PageData:
    return _indicator_records(src, region, year, id, page, where)


@router.get("/indicators/series.json", tags=["指标体系"], summary="一个指标在一个区域的年度序列")
def indicator_series_json(
    region: str = Query(..., description="区划代码"),
    id: str = Query(..., description="指标编号"),
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> list[dict[str, Any]]:
    level_of(region)
    return indicators.series(src, region, id)


@router.get("/indicators/records", include_in_schema=False)
def indicator_records_page(
    request: Request,
    region: str | None = None,
    year: str | None = None,
    id: str = "",
    page: int = Query(1, ge=1),
    where: str | None = None,
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> Response:
    d = _indicator_records(src, region, year, id, page, where)
    return render(
        request,
        "indicator_records.html",
        user=user,
        page="dashboard",
        d=d,
        region_name=regions.region_name(src, region),
    )


# ---- 数据管理 ---------------------------------------------------------------------------------
@router.get("/data.json", tags=["数据管理"], summary="数据管理：数据表、导入记录、指标目录、区域组")
def data_json(src: DataSource = Depends(data), user: UserPublic = Depends(editor)) -> PageData:
    return hide_paths(datamgmt.overview(src))


@router.get("/data", include_in_schema=False)
def data_page(
    request: Request, src: DataSource = Depends(data), user: UserPublic = Depends(editor)
) -> Response:
    return render(request, "data.html", user=user, page="data", d=hide_paths(datamgmt.overview(src)))


@router.get("/data/imports/{import_id}.json", tags=["数据管理"], summary="导入批次详情与隔离行")
def import_json(
    import_id: str,
    page: int = Query(1, ge=1),
    src: DataSource = Depends(data),
    user: UserPublic = Depends(editor),
) -> PageData:
    return hide_paths(datamgmt.import_detail(src, import_id, page))


@router.get("/data/imports/{import_id}", include_in_schema=False)
def import_page(
    request: Request,
    import_id: str,
    page: int = Query(1, ge=1),
    src: DataSource = Depends(data),
    user: UserPublic = Depends(editor),
) -> Response:
    d = hide_paths(datamgmt.import_detail(src, import_id, page))
    return render(request, "import.html", user=user, page="data", d=d)


# ---- pages waiting for other libraries -------------------------------------------------------


# ---- downloads of any page table (the data behind each chart) --------------------------------
def _page_functions() -> dict[str, Callable[[DataSource, Request], PageData]]:
    def sel_of(request: Request) -> tuple[str | None, int | None]:
        s = selection(request.query_params.get("region"), request.query_params.get("year"))
        return s.region, s.year

    return {
        "dashboard": lambda src, r: analysis.overview(src, *sel_of(r)),
        "dashboard_indicators": lambda src, r: analysis.overview_indicators(src, *sel_of(r)),
        "resources": lambda src, r: analysis.resources(src, *sel_of(r)),
        "monitor": lambda src, r: analysis.monitor(
            src, *sel_of(r), r.query_params.get("measure") or DEFAULT_MEASURE
        ),
        "map": lambda src, r: maps.map_data(
            src,
            *sel_of(r),
            r.query_params.get("measure") or DEFAULT_MEASURE,
            r.query_params.get("method") or "natural_breaks",
            int_param(r.query_params.get("k"), "k", default=5) or 5,
            r.query_params.get("layer") or "value",
        ),
        "industry": lambda src, r: analysis.industry(src, *sel_of(r)),
        "evaluation": lambda src, r: analysis.evaluation(
            src, *sel_of(r), r.query_params.get("screen") or "default"
        ),
        "data": lambda src, r: hide_paths(datamgmt.overview(src)),
    }


@router.get("/export/{page}.{fmt}", tags=["导出"], summary="下载页面中任一图表的数据（CSV / XLSX）")
def export_table(
    request: Request,
    page: str,
    fmt: str,
    table: str = Query(..., description="表键，见页面 JSON 的 tables"),
    src: DataSource = Depends(data),
    user: UserPublic = Depends(viewer),
) -> Response:
    fns = _page_functions()
    if page not in fns:
        raise NotFoundError(f"未知页面: {page}")
    if page == "data" and user.role not in EDIT_ROLES:
        raise PermissionDenied("数据管理仅对管理员和分析员开放")
    if fmt not in ("csv", "xlsx"):
        raise NotFoundError(f"不支持的格式: {fmt}")
    d = fns[page](src, request)
    tbl = d.get("tables", {}).get(table)
    if tbl is None:
        raise NotFoundError(f"页面 {page} 没有数据表 {table}")
    return export.table_download(tbl, fmt, tbl["title"], is_demo=bool(d.get("is_demo")))
