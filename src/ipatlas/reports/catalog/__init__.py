"""区域和产业知识产权导向目录 (guidance catalog): classify every region × industry cell by
configurable rules, let analysts adjust (recorded), publish numbered immutable versions, export.

    draft = draft_catalog(settings, "500000", 2025, user="analyst1")
    adjust_catalog(settings, draft.id, "500112", "wipo:32", cls="优势巩固", reason="…", user="analyst1")
    publish_catalog(settings, draft.id, user="chief")            # → {"label": "2026-01 v1", …}
    export_catalog(settings, "2026-01 v1", "xlsx", Path("目录.xlsx"))
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.reports.catalog import store
from ipatlas.reports.catalog.rules import Rules, load_rules, rules_table
from ipatlas.reports.catalog.store import CatalogInfo, Cell

__all__ = [
    "CatalogInfo",
    "Cell",
    "Rules",
    "adjust_catalog",
    "catalog_snapshot",
    "draft_catalog",
    "export_catalog",
    "list_catalogs",
    "load_rules",
    "publish_catalog",
    "rules_table",
    "show_catalog",
]


def draft_catalog(
    settings: Settings,
    region: str,
    year: int | None = None,
    *,
    user: str,
    rules: str | Path | None = None,
    counting: str | None = None,
    industries: list[str] | None = None,
    title: str | None = None,
    progress: ProgressCallback = no_progress,
) -> CatalogInfo:
    """Classify every region × industry cell of ``region`` with the rules; store it as a new draft."""
    from ipatlas.reports.matrix import gather_matrix

    r = load_rules(rules)
    m = gather_matrix(settings, region, year, counting=counting, industries=industries, progress=progress)
    cells = []
    for c in m.cells:
        cls, reason = r.classify(c.metrics)
        cells.append(
            Cell(
                c.region,
                c.region_name,
                c.industry,
                c.industry_name,
                c.metrics,
                cls.code,
                reason,
                cls.code,
                reason,
            )
        )
    return store.create_draft(
        settings,
        region=m.scope.code,
        region_name=m.scope.name,
        year=m.year,
        title=title or f"{m.scope.name}区域和产业知识产权导向目录（{m.year}年）",
        rules=r,
        cells=cells,
        user=user,
        is_demo=m.is_demo,
        inputs={**m.inputs, "notes": m.notes, "rules": r.path, "rules_hash": r.hash},
    )


def adjust_catalog(
    settings: Settings,
    catalog_id: int,
    region: str,
    industry: str,
    *,
    user: str,
    cls: str | None = None,
    reason: str | None = None,
    comment: str | None = None,
) -> dict[str, Any]:
    """Change one cell's class and/or reason (recorded with who/when/before/after)."""
    if ":" not in industry and industry.isdigit():
        industry = f"wipo:{int(industry):02d}"
    return store.adjust(
        settings, int(catalog_id), region, industry, user=user, cls=cls, reason=reason, comment=comment
    )


def publish_catalog(
    settings: Settings, catalog_id: int, *, user: str, note: str | None = None
) -> dict[str, Any]:
    """Freeze the current cells as the next numbered version (e.g. "2026-01 v1"); immutable."""
    return store.publish(settings, int(catalog_id), user=user, note=note)


def list_catalogs(settings: Settings) -> list[CatalogInfo]:
    return store.list_catalogs(settings)


def catalog_snapshot(settings: Settings, ref: str | int) -> dict[str, Any]:
    """A draft (by id) or a published version (by label) as one dict: info, rules, cells, changes."""
    text = str(ref).strip()
    if text.isdigit():
        cid = int(text)
        rules = store.rules_of(settings, cid)
        return {
            "kind": "draft",
            "label": "草稿（未发布）",
            "info": store.get_info(settings, cid).to_dict(),
            "rules": rules,
            "cells": [c.to_dict() for c in store.cells(settings, cid)],
            "changes": store.changes(settings, cid),
            "inputs": store.inputs_of(settings, cid),
        }
    v = store.get_version(settings, text)
    from ipatlas.reports.catalog.rules import parse_rules

    rules = parse_rules(v["rules_yaml"], v["label"])
    info = store.get_info(settings, v["catalog"]["id"]).to_dict()
    info["counts"] = {c.label: sum(1 for x in v["cells"] if x["class"] == c.code) for c in rules.all_classes}
    return {
        "kind": "version",
        "label": v["label"],
        "published_at": v["published_at"],
        "published_by": v["published_by"],
        "note": v["note"],
        "content_hash": v["content_hash"],
        "info": info,
        "rules": rules,
        "cells": v["cells"],
        "changes": v["changes"],
        "inputs": v["catalog"]["inputs"],
    }


def show_catalog(
    settings: Settings,
    ref: str | int,
    *,
    cls: str | None = None,
    region: str | None = None,
    industry: str | None = None,
) -> dict[str, Any]:
    """JSON-ready view of a draft or version, optionally filtered by class label/code, region, industry."""
    snap = catalog_snapshot(settings, ref)
    rules: Rules = snap.pop("rules")
    code = rules.by_label_or_code(cls).code if cls else None
    labels = {c.code: c.label for c in rules.all_classes}
    cells = [
        {
            **c,
            "class_label": labels.get(c["class"], c["class"]),
            "auto_class_label": labels.get(c["auto_class"]),
        }
        for c in snap["cells"]
        if (code is None or c["class"] == code)
        and (region is None or c["region"] == region)
        and (industry is None or c["industry"] == industry)
    ]
    for ch in snap["changes"]:
        ch["before_label"] = labels.get(ch["before_class"], ch["before_class"])
        ch["after_label"] = labels.get(ch["after_class"], ch["after_class"])
    return {
        **snap,
        "cells": cells,
        "classes": [
            {"code": c.code, "label": c.label, "description": c.description} for c in rules.all_classes
        ],
        "rules_table": rules_table(rules),
    }


def export_catalog(settings: Settings, ref: str | int, fmt: str, out: Path) -> Path:
    """Write a draft or a published version as XLSX or DOCX (also PDF/HTML through the report renderers)."""
    from ipatlas.reports.catalog import export

    snap = catalog_snapshot(settings, ref)
    fmt = fmt.lower()
    if fmt == "xlsx":
        return export.write_xlsx(snap, out)
    if fmt in ("docx", "pdf", "html"):
        return export.write_document(snap, fmt, out)
    raise InputError(f"不支持的导出格式 {fmt!r}（可选 xlsx、docx、pdf、html）", field="format")
