"""The record list behind every figure: paginated, filterable, exportable, straight from ``patents``."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from ipatlas.config import Settings
from ipatlas.regions.hierarchy import region_filter
from ipatlas.store.schema import APPLICANT_TYPE_LABELS, KIND_LABELS, LEGAL_STATUS_LABELS, PATENT_FIELDS
from ipatlas.web.services.common import fetch_dicts
from ipatlas.web.services.regions import region_name
from ipatlas.web.services.source import AGG_FILTERS, DataSource

SORTS = {
    "filing_desc": "filing_date DESC, app_no",
    "filing_asc": "filing_date ASC, app_no",
    "grant_desc": "grant_date DESC NULLS LAST, app_no",
    "cited_desc": "cited_by DESC NULLS LAST, app_no",
    "app_no": "app_no",
}
LIST_COLUMNS = [
    ("app_no", "申请号"),
    ("kind_label", "类型"),
    ("filing_date", "申请日"),
    ("grant_date", "授权公告日"),
    ("title", "名称"),
    ("first_applicant", "第一申请人"),
    ("applicant_type_label", "申请人类型"),
    ("legal_status_label", "法律状态"),
    ("ipc_main", "IPC主分类号"),
    ("region_name", "区县"),
]
EXPORT_MAX_XLSX = 200_000


class RecordQuery(BaseModel):
    """Filters of the record list; every figure links here with the filters that produced it."""

    region: str | None = Field(None, description="区划代码（省/市/区县，6 位）；空 = 全部")
    year: int | None = Field(None, description="申请年")
    grant_year: int | None = Field(None, description="授权年")
    kind: Literal["invention", "utility", "design"] | None = Field(None, description="专利类型")
    applicant_type: str | None = Field(None, description="申请人类型代码")
    legal_status: str | None = Field(None, description="法律状态代码")
    ipc: str | None = Field(None, description="IPC 前缀，如 G06F 或 H04")
    applicant: str | None = Field(None, description="第一申请人（精确）")
    q: str | None = Field(None, description="名称/申请人关键词")
    pct: bool | None = Field(None, description="仅 PCT 申请")
    page: int = Field(1, ge=1)
    size: int = Field(50, ge=1, le=500)
    sort: Literal["filing_desc", "filing_asc", "grant_desc", "cited_desc", "app_no"] = "filing_desc"

    @model_validator(mode="before")
    @classmethod
    def _blank_is_none(cls, data: Any) -> Any:
        # HTML forms send empty fields as "": treat them as "no filter".
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v not in ("", None)}
        return data

    def filters(self) -> dict[str, Any]:
        return self.model_dump(exclude={"page", "size", "sort"}, exclude_none=True)


def where(settings: Settings, query: RecordQuery) -> tuple[str, list[Any]]:
    parts, params = [], []
    cond, p = region_filter(settings, query.region)
    parts.append(cond)
    params += p
    if query.year is not None:
        parts.append("filing_date BETWEEN ? AND ?")
        params += [dt.date(query.year, 1, 1), dt.date(query.year, 12, 31)]
    if query.grant_year is not None:
        parts.append("grant_date BETWEEN ? AND ?")
        params += [dt.date(query.grant_year, 1, 1), dt.date(query.grant_year, 12, 31)]
    for column in ("kind", "applicant_type", "legal_status"):
        value = getattr(query, column)
        if value:
            parts.append(f"{column} = ?")
            params.append(value)
    if query.ipc:
        parts.append("ipc_main LIKE ?")
        params.append(query.ipc.strip().upper() + "%")
    if query.applicant:
        parts.append("first_applicant = ?")
        params.append(query.applicant)
    if query.q:
        parts.append("(title ILIKE ? OR first_applicant ILIKE ?)")
        params += [f"%{query.q}%", f"%{query.q}%"]
    if query.pct:
        parts.append("pct_app_no IS NOT NULL")
    return " AND ".join(parts), params


def agg_where(settings: Settings, query: RecordQuery) -> tuple[str, list[Any]]:
    """The same filters over the per-version aggregate ``agg_patents`` (for fast counts)."""
    parts, params = [], []
    cond, p = region_filter(settings, query.region)
    parts.append(cond)
    params += p
    for name, column in (
        ("year", "fy"),
        ("grant_year", "gy"),
        ("kind", "kind"),
        ("applicant_type", "applicant_type"),
        ("legal_status", "legal_status"),
    ):
        value = getattr(query, name)
        if value is not None:
            parts.append(f"{column} = ?")
            params.append(value)
    if query.pct:
        parts.append("pct")
    return " AND ".join(parts), params


def _label(row: dict[str, Any], source: DataSource) -> dict[str, Any]:
    row["kind_label"] = KIND_LABELS.get(row.get("kind") or "", row.get("kind"))
    row["applicant_type_label"] = APPLICANT_TYPE_LABELS.get(
        row.get("applicant_type") or "", row.get("applicant_type")
    )
    row["legal_status_label"] = LEGAL_STATUS_LABELS.get(
        row.get("legal_status") or "", row.get("legal_status")
    )
    # the finest resolved unit: a prefecture- or province-only address has no county code
    code = row.get("adcode") or row.get("city_code") or row.get("province_code")
    row["region_name"] = region_name(source, code) if code else "未解析"
    return row


def list_records(source: DataSource, query: RecordQuery) -> dict[str, Any]:
    cond, params = where(source.settings, query)

    def compute() -> dict[str, Any]:
        cur = source.cursor()
        if set(query.filters()) <= AGG_FILTERS:
            acond, aparams = agg_where(source.settings, query)
            count_sql = (
                "SELECT coalesce(sum(n), 0), coalesce(bool_or(is_demo), false)"
                f" FROM agg_patents WHERE {acond}"
            )
            total, demo = cur.execute(count_sql, aparams).fetchone() or (0, False)
        else:
            count_sql = f"SELECT count(*), coalesce(bool_or(is_demo), false) FROM patents_list WHERE {cond}"
            total, demo = cur.execute(count_sql, params).fetchone() or (0, False)
        rows = fetch_dicts(
            cur,
            "SELECT app_no, kind, filing_date, grant_date, title, first_applicant, applicant_type,"
            " legal_status, ipc_main, adcode, city_code, province_code, pct_app_no, cited_by, is_demo,"
            " import_id, source_row"
            f" FROM patents_list WHERE {cond}"
            f" ORDER BY {SORTS[query.sort]} LIMIT ? OFFSET ?",
            [*params, query.size, (query.page - 1) * query.size],
        )
        return {
            "total": int(total),
            "page": query.page,
            "size": query.size,
            "pages": max(1, -(-int(total) // query.size)),
            "sort": query.sort,
            "filters": query.filters(),
            "is_demo": bool(demo),
            "columns": [{"key": k, "label": lbl} for k, lbl in LIST_COLUMNS],
            "rows": [_label(r, source) for r in rows],
        }

    return source.cached("records", query.model_dump(), compute)  # type: ignore[no-any-return]


def get_record(source: DataSource, app_no: str) -> dict[str, Any] | None:
    cur = source.cursor()
    rows = fetch_dicts(cur, "SELECT * FROM patents WHERE app_no = ?", [app_no])
    if not rows:
        return None
    row = _label(rows[0], source)
    row["fields"] = [{"key": f.name, "label": f.zh, "value": row.get(f.name)} for f in PATENT_FIELDS]
    return row


EXPORT_FIELDS = [f for f in PATENT_FIELDS if f.name not in ("abstract",)]


def export_rows(source: DataSource, query: RecordQuery, *, limit: int | None = None) -> tuple[list[str], Any]:
    """Header (Chinese labels) and a row iterator over every record matching the filters."""
    cond, params = where(source.settings, query)
    cols = ", ".join(f'"{f.name}"' for f in EXPORT_FIELDS)
    sql = f"SELECT {cols} FROM patents WHERE {cond} ORDER BY {SORTS[query.sort]}"
    if limit:
        sql += f" LIMIT {int(limit)}"
    cur = source.cursor()
    cur.execute(sql, params)
    header = [f"{f.zh}" for f in EXPORT_FIELDS]

    def rows() -> Any:
        while True:
            chunk = cur.fetchmany(5000)
            if not chunk:
                return
            for r in chunk:
                yield ["；".join(v) if isinstance(v, list) else v for v in r]

    return header, rows()
