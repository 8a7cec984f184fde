"""The open-licence list (专利法第五十条 开放许可声明): one function feeds the 运营 dashboard's
panel and the public portal's page (and their ``.json`` twins).

A declaration is listed while not withdrawn, newest first, with the licences concluded under it
(实施许可备案 of the same patent filed on or after the declaration and before its withdrawal).
The public view carries only what the announcement publishes for a would-be licensee: 专利号,
专利名称, 专利权人 (an individual patentee's name is withheld), 许可使用费, 支付方式, 许可期限, 公告日
and the number of licences concluded; no addresses, no import bookkeeping.
"""

from __future__ import annotations

from typing import Any

import duckdb

from ipatlas.errors import InputError
from ipatlas.operations.stats import region_sql

PUBLIC_FIELDS = ("patent_no", "title", "holder", "fee", "payment", "term", "declared_date", "concluded")
WITHHELD = "（个人专利权人，不公开）"
MAX_PAGE_SIZE = 200


def open_licence_list(
    con: duckdb.DuckDBPyConnection,
    *,
    region: str | None = None,
    page: int = 1,
    page_size: int = 20,
    public: bool = False,
) -> dict[str, Any]:
    """{"items", "total", "page", "pages", "page_size", "is_demo"} of the declarations in force."""
    if page < 1:
        raise InputError(f"页码应为正整数：{page}", field="page")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InputError(f"每页条数应在 1–{MAX_PAGE_SIZE} 之间：{page_size}", field="page_size")
    where = f"o.withdrawn_date IS NULL AND {region_sql(region, 'o.')}"
    total, demo = con.execute(
        f"SELECT count(*), coalesce(bool_or(is_demo), false) FROM open_licences o WHERE {where}"
    ).fetchall()[0]
    cur = con.execute(
        f"""SELECT o.patent_no, p.title, o.holder, o.holder_type, o.fee, o.payment, o.term,
                   o.declared_date, o.is_demo,
                   (SELECT count(*) FROM licences l WHERE l.patent_no = o.patent_no
                      AND l.filing_date >= o.declared_date
                      AND (o.withdrawn_date IS NULL OR l.filing_date < o.withdrawn_date)) AS concluded
            FROM open_licences o
            LEFT JOIN (SELECT app_no, any_value(title) AS title FROM patents GROUP BY 1) p
              ON p.app_no = o.patent_no
            WHERE {where}
            ORDER BY o.declared_date DESC, o.patent_no
            LIMIT {int(page_size)} OFFSET {(int(page) - 1) * int(page_size)}"""
    )
    names = [d[0] for d in cur.description or []]
    items = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for it in items:
        it["declared_date"] = it["declared_date"].isoformat() if it["declared_date"] else None
        it["concluded"] = int(it["concluded"])
    if public:
        for it in items:
            if it["holder_type"] == "individual":
                it["holder"] = WITHHELD
        items = [{k: it[k] for k in PUBLIC_FIELDS} for it in items]
    return {
        "items": items,
        "total": int(total),
        "page": page,
        "page_size": page_size,
        "pages": max(1, -(-int(total) // page_size)),
        "is_demo": bool(demo),
    }
