"""数据管理: the lake's tables, imports with their summaries and quarantine, catalogue, region groups."""

from __future__ import annotations

from typing import Any

from ipatlas.errors import NotFoundError
from ipatlas.ingest.history import LINKED_QUARANTINE_SQL
from ipatlas.regions.groups import list_groups
from ipatlas.store.schema import TABLES
from ipatlas.store.table_labels import TABLE_LABELS
from ipatlas.web import display
from ipatlas.web.services.common import fetch_dicts, table
from ipatlas.web.services.source import DataSource

# An import without rejected rows: the empty quarantine tables say so (not a bare "无数据").
NO_QUARANTINE = "本次导入没有隔离行：全部行均通过校验"

IMPORT_COLUMNS = [
    ("import_id", "导入批次"),
    ("table_label", "数据类型"),
    ("file", "文件"),
    ("profile", "字段映射"),
    ("finished_at", "完成时间"),
    ("read", "读取"),
    ("loaded", "入库"),
    ("inserted", "新增"),
    ("replaced", "更新"),
    ("duplicates", "重复"),
    ("quarantined", "隔离"),
]


def overview(source: DataSource) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        cur = source.cursor()
        manifest = source.lake.manifest()
        tables = [
            {
                "table": t,
                "label": TABLE_LABELS.get(t, t),
                "rows": int(manifest["tables"].get(t, {}).get("rows", 0)),
            }
            for t in TABLES
        ]
        imports = fetch_dicts(cur, "SELECT * FROM imports ORDER BY finished_at DESC, import_id DESC")
        for r in imports:
            r["table_label"] = TABLE_LABELS.get(r["table"], r["table"])
            r["balanced"] = r["read"] == r["loaded"] + r["duplicates"] + r["quarantined"]
            r["link"] = f"/data/imports/{r['import_id']}"
        return {
            "lake_version": manifest.get("seq", 0),
            "committed_at": manifest.get("committed_at"),
            "is_demo": any(r["is_demo"] for r in imports),
            "tables": {
                "lake": table(
                    "资源库数据表", [("label", "数据表"), ("table", "表名"), ("rows", "行数")], tables
                ),
                "imports": table("导入记录", IMPORT_COLUMNS, imports),
            },
            "catalog": catalog(source),
            "region_groups": region_groups(source),
        }

    return source.cached("data", {}, compute)  # type: ignore[no-any-return]


def import_detail(source: DataSource, import_id: str, page: int = 1, size: int = 100) -> dict[str, Any]:
    cur = source.cursor()
    rows = fetch_dicts(cur, "SELECT * FROM imports WHERE import_id = ?", [import_id])
    if not rows:
        raise NotFoundError(f"导入批次不存在: {import_id}")
    imp = rows[0]
    imp["table_label"] = TABLE_LABELS.get(imp["table"], imp["table"])
    # a re-import of the same content finds its bad rows where the first import recorded them
    linked = f"({LINKED_QUARANTINE_SQL}) AS linked"
    total = cur.execute(f"SELECT count(*) FROM {linked}", [[import_id]]).fetchone()
    n = int(total[0]) if total else 0
    q = fetch_dicts(
        cur,
        f"SELECT source_row, field, value, reason, raw FROM {linked}"
        " ORDER BY source_row, field LIMIT ? OFFSET ?",
        [[import_id], size, (page - 1) * size],
    )
    reasons = fetch_dicts(
        cur,
        f"SELECT reason, field, count(*) AS n FROM {linked} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
        [[import_id]],
    )
    return {
        "import": imp,
        "is_demo": bool(imp["is_demo"]),
        "balanced": imp["read"] == imp["loaded"] + imp["duplicates"] + imp["quarantined"],
        "page": page,
        "size": size,
        "pages": max(1, -(-n // size)),
        "quarantined": n,
        "tables": {
            "quarantine": table(
                "隔离行",
                [
                    ("source_row", "行号"),
                    ("field", "字段"),
                    ("value", "值"),
                    ("reason", "原因"),
                    ("raw_text", "原始行内容"),
                ],
                [{**r, "raw_text": raw_text(r.get("raw"))} for r in q],
                data_columns=("value", "raw_text"),  # the file's own text: data, not wording
                empty=NO_QUARANTINE,
            ),
            "reasons": table(
                "隔离原因汇总",
                [("reason", "原因"), ("field", "字段"), ("n", "行数")],
                reasons,
                empty=NO_QUARANTINE,
            ),
        },
    }


def catalog(source: DataSource) -> dict[str, Any]:
    """The indicator catalogue of ``ipatlas.indicators`` (definitions are data there)."""
    from ipatlas.web.services import indicators

    listing = indicators.catalogue_full(source)
    if listing is None:
        return {"available": False, "message": "指标体系模块（ipatlas.indicators）未安装", "rows": []}
    cube = indicators.cube(source)
    rows = [
        {
            "id": i["id"],
            "name": i["name"],
            "unit": i.get("unit"),
            "category": i.get("category"),
            # The page shows the Chinese statistical definition (口径); the formula stays in the API.
            "definition": display.catalog_plain(i.get("counts") or i.get("formula") or ""),
            "formula": i.get("formula") or "",
            "source": "；".join(
                str(x.get("title") or x.get("name") or x.get("id")) for x in i.get("sources") or []
            ),
            "caveats": display.catalog_plain("；".join(str(c) for c in i.get("caveats") or [])),
        }
        for i in listing["indicators"]
    ]
    if cube is None:
        message = "指标数据尚未计算：请管理员在数据导入完成后计算指标，之后各页面显示官方指标"
    elif cube.get("stale"):
        message = "资源库在指标计算之后有更新：请管理员重新计算指标"
    else:
        message = None
    return {
        "available": True,
        "message": message,
        "version": listing.get("version"),
        "rows": rows,
        "cube": cube,
    }


def region_groups(source: DataSource) -> dict[str, Any]:
    """Custom region groups (五大功能区, parks, …) of ``ipatlas.regions.groups``."""
    rows = []
    for g in list_groups(source.settings):
        d = g.to_dict()
        rows.append(
            {
                "id": d["id"],
                "name": d["name"],
                "builtin": d["builtin"],
                "description": d["description"],
                "members": [m["name"] for m in d["members"]],
                "codes": [m["code"] for m in d["members"]],
            }
        )
    return {"available": True, "message": None, "rows": rows}


def raw_text(raw: Any) -> str:
    """A quarantined row as "列名：值；…" (the stored JSON stays in the API and the CLI)."""
    import json

    if raw in (None, ""):
        return "—"
    try:
        doc = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return str(raw)
    if not isinstance(doc, dict):
        return str(doc)
    parts = [f"{k}：{'' if v is None else v}" for k, v in doc.items() if v not in (None, "")]
    return "；".join(parts) or "（空行）"
