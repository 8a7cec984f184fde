"""报告发布 and 导向目录 pages: downloads of the layout report, navigation reports, layout maps and
the match table, and the guidance-catalog workflow (draft → adjust → publish).

Every download calls one ``ipatlas.reports`` library function; files are cached per cube version
and parameters under ``<data_dir>/reports/web``. Catalog pages have ``.json`` twins produced by
the same library call (``ipatlas.reports.catalog.show_catalog``).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from ipatlas.config import Settings
from ipatlas.errors import InputError, IpatlasError
from ipatlas.store.models import UserPublic
from ipatlas.web.context import AppContext, editor, get_ctx, int_param, render, verify_csrf, viewer

router = APIRouter(dependencies=[Depends(verify_csrf)])
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "png": "image/png",
    "svg": "image/svg+xml",
}


def _settings(ctx: AppContext = Depends(get_ctx)) -> Settings:
    return ctx.settings


def _cube_version(settings: Settings) -> str:
    try:
        from ipatlas.indicators import cube_info

        return str(cube_info(settings).get("version"))
    except IpatlasError:
        return "none"


def _cached(
    settings: Settings,
    kind: str,
    params: dict[str, Any],
    fmt: str,
    filename: str,
    make: Callable[[Path], Any],
) -> FileResponse:
    """Build the file once per cube version and parameters (concurrent requests wait for one build)."""
    from ipatlas.reports import reports_dir

    key = hashlib.sha256(
        json.dumps([kind, params, fmt, _cube_version(settings)], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:20]
    folder = reports_dir(settings) / "web"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{key}.{fmt}"
    with _locks_guard:
        lock = _locks.setdefault(str(path), threading.Lock())
    with lock:
        if not path.exists():
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.{fmt}")
            make(tmp)
            os.replace(tmp, path)
    return FileResponse(path, media_type=MEDIA[fmt], filename=filename)


def _fmt(fmt: str, allowed: tuple[str, ...]) -> str:
    f = fmt.lower()
    if f not in allowed:
        raise InputError(f"不支持的格式 {fmt}（可选 {'、'.join(allowed)}）", field="format")
    return f


# ---- 报告发布 ------------------------------------------------------------------------------------
def _hub(settings: Settings) -> dict[str, Any]:
    from ipatlas.indicators import cube_info, industries, load_catalog
    from ipatlas.reports import default_region
    from ipatlas.reports.catalog import list_catalogs
    from ipatlas.reports.gather import default_year

    d: dict[str, Any] = {"catalogs": [c.to_dict() for c in list_catalogs(settings)]}
    try:
        info = cube_info(settings)
        d.update(
            ready=True,
            is_demo=bool(info.get("is_demo")),
            years=[int(y) for y in info["years"]],
            year=default_year(settings),
            region=_try(lambda: default_region(settings)),
            industries=[{"id": i["id"], "name": i["name"]} for i in industries(settings) if i["id"] != "ALL"],
            indicators=[{"id": i.id, "name": i.name, "unit": i.unit} for i in load_catalog().ordered()],
        )
    except IpatlasError as exc:
        # The reason stays in the API; the page says what is missing and who can supply it.
        d.update(
            ready=False,
            reason=exc.message,
            message="分析报告、布局地图和匹配表依据指标数据生成，而指标数据尚未计算（或资源库中还没有数据）。"
            "请管理员在“数据管理”中导入专利、商标和统计数据并计算指标，之后即可在本页选择地区和年份生成报告。",
            is_demo=False,
        )
    return d


def _try(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except IpatlasError:
        return None


@router.get("/reports.json", tags=["报告发布"], summary="报告发布：可生成的报告、地图、匹配表与导向目录")
def reports_json(
    settings: Settings = Depends(_settings), user: UserPublic = Depends(viewer)
) -> dict[str, Any]:
    return _hub(settings)


@router.get("/reports", include_in_schema=False)
def reports_page(
    request: Request, settings: Settings = Depends(_settings), user: UserPublic = Depends(viewer)
) -> Response:
    return render(request, "reports/index.html", user=user, page="reports", d=_hub(settings))


@router.get("/reports/layout.{fmt}", tags=["报告发布"], summary="知识产权区域布局分析报告（docx/pdf/html）")
def layout_download(
    fmt: str,
    region: str = Query(..., description="地区代码或区域组 id"),
    year: int | None = Query(None, description="年份；空 = 最近完整年度"),
    settings: Settings = Depends(_settings),
    user: UserPublic = Depends(viewer),
) -> Response:
    from ipatlas.reports import build_layout_report
    from ipatlas.reports.regions import region_ref

    f = _fmt(fmt, ("docx", "pdf", "html"))
    name = region_ref(region, settings).name
    fname = f"{name}知识产权区域布局分析报告_{year or '最新'}.{f}"
    return _cached(
        settings,
        "layout",
        {"region": region, "year": year},
        f,
        fname,
        lambda p: build_layout_report(settings, region, year, f, p),
    )


@router.get("/reports/navigation.{fmt}", tags=["报告发布"], summary="产业专利导航报告（docx/pdf/html）")
def navigation_download(
    fmt: str,
    industry: str = Query(..., description="技术领域 id，如 wipo:06"),
    region: str = Query(..., description="地区代码或区域组 id"),
    year: int | None = Query(None),
    compare: str | None = Query(None, description="比较区域代码或 all"),
    settings: Settings = Depends(_settings),
    user: UserPublic = Depends(viewer),
) -> Response:
    from ipatlas.reports import build_navigation_report
    from ipatlas.reports.industries import get_industry

    f = _fmt(fmt, ("docx", "pdf", "html"))
    fname = f"{get_industry(industry).name}专利导航报告_{region}.{f}"
    return _cached(
        settings,
        "navigation",
        {"industry": industry, "region": region, "year": year, "compare": compare},
        f,
        fname,
        lambda p: build_navigation_report(settings, industry, region, f, p, year=year, compare=compare),
    )


@router.get("/reports/map.{fmt}", tags=["报告发布"], summary="知识产权布局地图（png/svg）")
def map_download(
    fmt: str,
    indicator: str = Query("inv_per_10k_pop", description="指标 id"),
    year: int = Query(..., description="年份"),
    region: str | None = Query(None),
    industry: str | None = Query(None),
    settings: Settings = Depends(_settings),
    user: UserPublic = Depends(viewer),
) -> Response:
    from ipatlas.reports import render_indicator_map

    f = _fmt(fmt, ("png", "svg"))
    return _cached(
        settings,
        "map",
        {"indicator": indicator, "year": year, "region": region, "industry": industry},
        f,
        f"布局地图_{indicator}_{year}.{f}",
        lambda p: render_indicator_map(
            settings, indicator, year, region=region, industry=industry, fmt=f, out=p
        ),
    )


@router.get(
    "/reports/match-table.xlsx", tags=["报告发布"], summary="产业发展与知识产权等相关资源匹配表（xlsx）"
)
def match_table_download(
    region: str = Query(...),
    year: int | None = Query(None),
    settings: Settings = Depends(_settings),
    user: UserPublic = Depends(viewer),
) -> Response:
    from ipatlas.reports import build_match_table

    return _cached(
        settings,
        "match",
        {"region": region, "year": year},
        "xlsx",
        f"产业发展与知识产权等相关资源匹配表_{region}_{year or '最新'}.xlsx",
        lambda p: build_match_table(settings, region, year, p),
    )


# ---- 导向目录 ------------------------------------------------------------------------------------
@router.get("/catalog.json", tags=["导向目录"], summary="导向目录：草稿与发布版本")
def catalog_list_json(settings: Settings = Depends(_settings), user: UserPublic = Depends(viewer)) -> Any:
    from ipatlas.reports.catalog import list_catalogs

    return [c.to_dict() for c in list_catalogs(settings)]


@router.post("/catalog/drafts", tags=["导向目录"], summary="按分类规则生成导向目录草稿")
def catalog_create(
    request: Request,
    region: str = Form(...),
    year: str | None = Form(None),
    settings: Settings = Depends(_settings),
    user: UserPublic = Depends(editor),
) -> Response:
    from ipatlas.reports.catalog import draft_catalog

    y = int_param(year, "year")
    info = draft_catalog(settings, region.strip(), y, user=user.username)
    if _wants_json(request):
        return JSONResponse(info.to_dict(), status_code=201)
    return RedirectResponse(f"/catalog/{info.id}", status_code=303)


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "").split(",")[0]


def _view(settings: Settings, ref: str, cls: str | None, region: str | None) -> dict[str, Any]:
    from ipatlas.reports.catalog import show_catalog

    d = show_catalog(settings, ref, cls=cls or None, region=region or None)
    d["regions"] = sorted({(c["region"], c["region_name"]) for c in show_catalog(settings, ref)["cells"]})
    return d


@router.get(
    "/catalog/{ref}.json", tags=["导向目录"], summary="导向目录草稿（编号）或发布版本（如 2026-01 v1）"
)
def catalog_json(
    ref: str,
    cls: str | None = Query(None, alias="class"),
    region: str | None = Query(None),
    settings: Settings = Depends(_settings),
    user: UserPublic = Depends(viewer),
) -> Any:
    return _view(settings, ref, cls, region)


@router.get("/catalog/{ref}", include_in_schema=False)
def catalog_page(
    request: Request,
    ref: str,
    cls: str | None = Query(None, alias="class"),
    region: str | None = Query(None),
    settings: Settings = Depends(_settings),
    user: UserPublic = Depends(viewer),
) -> Response:
    d = _view(settings, ref, cls, region)
    can_edit = user.role in ("admin", "analyst") and d["kind"] == "draft"
    return render(
        request,
        "reports/catalog.html",
        user=user,
        page="reports",
        d=d,
        ref=ref,
        can_edit=can_edit,
        filters={"class": cls or "", "region": region or ""},
    )


@router.post("/catalog/{catalog_id}/adjust", tags=["导向目录"], summary="调整一个单元的类别与理由（留痕）")
def catalog_adjust(
    request: Request,
    catalog_id: int,
    region: str = Form(...),
    industry: str = Form(...),
    cls: str | None = Form(None, alias="class"),
    reason: str | None = Form(None),
    comment: str | None = Form(None),
    settings: Settings = Depends(_settings),
    user: UserPublic = Depends(editor),
) -> Response:
    from ipatlas.reports.catalog import adjust_catalog, show_catalog

    change = adjust_catalog(
        settings,
        catalog_id,
        region,
        industry,
        user=user.username,
        cls=cls or None,
        reason=reason,
        comment=comment or None,
    )
    if _wants_json(request):
        return JSONResponse(change)
    if request.headers.get("hx-request") == "true":
        d = show_catalog(settings, str(catalog_id), region=region, industry=industry)
        return render(
            request,
            "reports/_cell_row.html",
            user=user,
            c=d["cells"][0],
            d=d,
            can_edit=True,
            catalog_id=catalog_id,
            saved=True,
        )
    return RedirectResponse(f"/catalog/{catalog_id}?region={region}", status_code=303)


@router.post("/catalog/{catalog_id}/publish", tags=["导向目录"], summary="发布编号版本（发布后不可修改）")
def catalog_publish(
    request: Request,
    catalog_id: int,
    note: str | None = Form(None),
    settings: Settings = Depends(_settings),
    user: UserPublic = Depends(editor),
) -> Response:
    from ipatlas.reports.catalog import publish_catalog

    v = publish_catalog(settings, catalog_id, user=user.username, note=note or None)
    if _wants_json(request):
        return JSONResponse(v, status_code=201)
    return RedirectResponse(f"/catalog/{v['label'].replace(' ', '%20')}", status_code=303)


@router.get("/catalog/{ref}/export.{fmt}", tags=["导向目录"], summary="导出导向目录（xlsx/docx/pdf）")
def catalog_export(
    ref: str,
    fmt: str,
    settings: Settings = Depends(_settings),
    user: UserPublic = Depends(viewer),
) -> Response:
    from ipatlas.reports.catalog import catalog_snapshot, export_catalog

    f = _fmt(fmt, ("xlsx", "docx", "pdf"))
    snap = catalog_snapshot(settings, ref)
    # Drafts change with every adjustment: key the cache on their change count as well.
    params = {"ref": ref, "changes": len(snap["changes"]), "hash": snap.get("content_hash")}
    title = snap["info"]["title"]
    return _cached(
        settings,
        "catalog",
        params,
        f,
        f"{title}_{snap['label']}.{f}",
        lambda p: export_catalog(settings, ref, f, p),
    )
