"""区域选择器: regions by name, pinyin or initials for every form that asks for a region."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from ipatlas.regions.search import search
from ipatlas.store.models import UserPublic
from ipatlas.web.context import verify_csrf, viewer

router = APIRouter(dependencies=[Depends(verify_csrf)])


@router.get("/api/regions/search", tags=["区域"], summary="按名称、拼音或首字母查找行政区（区域选择器）")
def region_search(
    q: str = Query("", max_length=40, description="名称、全拼、首字母或代码，如 渝北、yubei、ybq、500112"),
    under: str | None = Query(None, description="优先列出该区划之下的区域"),
    limit: int = Query(20, ge=1, le=50),
    user: UserPublic = Depends(viewer),
) -> list[dict[str, Any]]:
    return search(q, under=(under or "").strip() or None, limit=limit)
