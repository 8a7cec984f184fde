"""The guidance-catalog workflow: draft → analyst adjustments (recorded) → numbered, immutable versions.

Stored in ``<data_dir>/catalog.sqlite`` (WAL, so the web server reads while the CLI writes).
Every adjustment keeps who, when, the class and reason before and after, and a comment; it is also
written to the platform audit log of the workflow database (``ipatlas.store.workflow``).
Published versions are frozen copies of the cells; SQLite triggers refuse any UPDATE or DELETE
on them, so a published catalog cannot change, even by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError, StoreError
from ipatlas.reports.catalog.rules import Rules, parse_rules

SCHEMA = """
CREATE TABLE IF NOT EXISTS catalogs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region TEXT NOT NULL,
    region_name TEXT NOT NULL,
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    rules_name TEXT NOT NULL,
    rules_yaml TEXT NOT NULL,
    rules_hash TEXT NOT NULL,
    number TEXT UNIQUE,              -- assigned at the first publication, e.g. 2026-01
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    is_demo INTEGER NOT NULL DEFAULT 0,
    inputs TEXT NOT NULL DEFAULT '{}' -- traces: indicator ids, cube queries, evaluation settings
);
CREATE TABLE IF NOT EXISTS catalog_cells (
    catalog_id INTEGER NOT NULL REFERENCES catalogs(id),
    region TEXT NOT NULL,
    region_name TEXT NOT NULL,
    industry TEXT NOT NULL,
    industry_name TEXT NOT NULL,
    metrics TEXT NOT NULL,
    auto_class TEXT NOT NULL,
    auto_reason TEXT NOT NULL,
    class TEXT NOT NULL,
    reason TEXT NOT NULL,
    adjusted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (catalog_id, region, industry)
);
CREATE TABLE IF NOT EXISTS catalog_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    catalog_id INTEGER NOT NULL REFERENCES catalogs(id),
    region TEXT NOT NULL,
    industry TEXT NOT NULL,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    before_class TEXT NOT NULL,
    before_reason TEXT NOT NULL,
    after_class TEXT NOT NULL,
    after_reason TEXT NOT NULL,
    comment TEXT
);
CREATE TABLE IF NOT EXISTS catalog_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    catalog_id INTEGER NOT NULL REFERENCES catalogs(id),
    number TEXT NOT NULL,
    version INTEGER NOT NULL,
    label TEXT NOT NULL UNIQUE,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    note TEXT,
    cells TEXT NOT NULL,
    changes TEXT NOT NULL,
    rules_yaml TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    UNIQUE (number, version)
);
CREATE TRIGGER IF NOT EXISTS catalog_versions_no_update BEFORE UPDATE ON catalog_versions
BEGIN SELECT RAISE(ABORT, 'published catalog versions are immutable'); END;
CREATE TRIGGER IF NOT EXISTS catalog_versions_no_delete BEFORE DELETE ON catalog_versions
BEGIN SELECT RAISE(ABORT, 'published catalog versions are immutable'); END;
"""


def db_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / "catalog.sqlite"


@contextlib.contextmanager
def connect(settings: Settings) -> Iterator[sqlite3.Connection]:
    settings.ensure_dirs()
    con = sqlite3.connect(db_path(settings), timeout=30, isolation_level=None)
    con.row_factory = sqlite3.Row
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA foreign_keys=ON")
        con.executescript(SCHEMA)
        yield con
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"导向目录数据库拒绝了修改: {exc}") from exc
    finally:
        con.close()


@contextlib.contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


@dataclass
class Cell:
    region: str
    region_name: str
    industry: str
    industry_name: str
    metrics: dict[str, Any]
    auto_class: str
    auto_reason: str
    cls: str
    reason: str
    adjusted: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["class"] = d.pop("cls")
        return d


@dataclass
class CatalogInfo:
    id: int
    region: str
    region_name: str
    year: int
    title: str
    rules_name: str
    rules_hash: str
    number: str | None
    created_at: str
    created_by: str
    is_demo: bool
    cells: int
    adjusted: int
    versions: list[str]
    counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _cell(row: sqlite3.Row) -> Cell:
    return Cell(
        row["region"],
        row["region_name"],
        row["industry"],
        row["industry_name"],
        json.loads(row["metrics"]),
        row["auto_class"],
        row["auto_reason"],
        row["class"],
        row["reason"],
        bool(row["adjusted"]),
    )


def create_draft(
    settings: Settings,
    *,
    region: str,
    region_name: str,
    year: int,
    title: str,
    rules: Rules,
    cells: list[Cell],
    user: str,
    is_demo: bool,
    inputs: dict[str, Any],
) -> CatalogInfo:
    with connect(settings) as con, transaction(con):
        cur = con.execute(
            "INSERT INTO catalogs (region, region_name, year, title, rules_name,"
            " rules_yaml, rules_hash, created_at,"
            " created_by, is_demo, inputs) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                region,
                region_name,
                year,
                title,
                rules.name,
                rules.source_text,
                rules.hash,
                now(),
                user,
                int(is_demo),
                json.dumps(inputs, ensure_ascii=False, default=str),
            ),
        )
        catalog_id = int(cur.lastrowid or 0)
        con.executemany(
            "INSERT INTO catalog_cells VALUES (?,?,?,?,?,?,?,?,?,?,0)",
            [
                (
                    catalog_id,
                    c.region,
                    c.region_name,
                    c.industry,
                    c.industry_name,
                    json.dumps(c.metrics, ensure_ascii=False, default=_json_default),
                    c.auto_class,
                    c.auto_reason,
                    c.cls,
                    c.reason,
                )
                for c in cells
            ],
        )
    _audit(settings, user, catalog_id, "create", None, {"region": region, "year": year, "cells": len(cells)})
    return get_info(settings, catalog_id)


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "item"):
        return obj.item()
    return str(obj)


def _row(con: sqlite3.Connection, catalog_id: int) -> sqlite3.Row:
    row = con.execute("SELECT * FROM catalogs WHERE id = ?", (catalog_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"导向目录草稿 {catalog_id} 不存在（ipatlas catalog list 查看已有目录）")
    return row


def rules_of(settings: Settings, catalog_id: int) -> Rules:
    with connect(settings) as con:
        row = _row(con, catalog_id)
    return parse_rules(row["rules_yaml"], f"catalog {catalog_id}")


def get_info(settings: Settings, catalog_id: int) -> CatalogInfo:
    with connect(settings) as con:
        row = _row(con, catalog_id)
        rules = parse_rules(row["rules_yaml"], f"catalog {catalog_id}")
        counts_raw = dict(
            con.execute(
                "SELECT class, count(*) FROM catalog_cells WHERE catalog_id = ? GROUP BY class", (catalog_id,)
            ).fetchall()
        )
        n, adjusted = con.execute(
            "SELECT count(*), coalesce(sum(adjusted), 0) FROM catalog_cells WHERE catalog_id = ?",
            (catalog_id,),
        ).fetchone()
        versions = [
            r[0]
            for r in con.execute(
                "SELECT label FROM catalog_versions WHERE catalog_id = ? ORDER BY version", (catalog_id,)
            )
        ]
    counts = {c.label: int(counts_raw.get(c.code, 0)) for c in rules.all_classes}
    return CatalogInfo(
        id=row["id"],
        region=row["region"],
        region_name=row["region_name"],
        year=row["year"],
        title=row["title"],
        rules_name=row["rules_name"],
        rules_hash=row["rules_hash"],
        number=row["number"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        is_demo=bool(row["is_demo"]),
        cells=int(n),
        adjusted=int(adjusted),
        versions=versions,
        counts=counts,
    )


def list_catalogs(settings: Settings) -> list[CatalogInfo]:
    with connect(settings) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM catalogs ORDER BY id DESC")]
    return [get_info(settings, i) for i in ids]


def cells(
    settings: Settings,
    catalog_id: int,
    *,
    cls: str | None = None,
    region: str | None = None,
    industry: str | None = None,
) -> list[Cell]:
    with connect(settings) as con:
        _row(con, catalog_id)
        sql = "SELECT * FROM catalog_cells WHERE catalog_id = ?"
        args: list[Any] = [catalog_id]
        for col, val in (("class", cls), ("region", region), ("industry", industry)):
            if val is not None:
                sql += f" AND {col} = ?"
                args.append(val)
        sql += " ORDER BY region, industry"
        return [_cell(r) for r in con.execute(sql, args)]


def changes(settings: Settings, catalog_id: int) -> list[dict[str, Any]]:
    with connect(settings) as con:
        _row(con, catalog_id)
        return [
            dict(r)
            for r in con.execute(
                "SELECT * FROM catalog_changes WHERE catalog_id = ? ORDER BY id", (catalog_id,)
            )
        ]


def adjust(
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
    """Change the class and/or reason of one cell; the change is recorded. Returns the change."""
    if not user:
        raise InputError("调整导向目录必须注明调整人", field="user")
    rules = rules_of(settings, catalog_id)
    with connect(settings) as con, transaction(con):
        row = con.execute(
            "SELECT * FROM catalog_cells WHERE catalog_id = ? AND region = ? AND industry = ?",
            (catalog_id, region, industry),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"导向目录 {catalog_id} 中没有单元 区域={region} 产业={industry}")
        new_cls = rules.by_label_or_code(cls).code if cls else row["class"]
        new_reason = (reason or "").strip() or row["reason"]
        if cls and not (reason or "").strip() and new_cls != row["class"]:
            raise InputError("调整类别时必须填写调整理由", field="reason")
        if new_cls == row["class"] and new_reason == row["reason"]:
            raise InputError("调整前后没有变化", field="class")
        adjusted = int(new_cls != row["auto_class"] or new_reason != row["auto_reason"])
        con.execute(
            "UPDATE catalog_cells SET class = ?, reason = ?, adjusted = ? WHERE catalog_id = ? AND region = ?"
            " AND industry = ?",
            (new_cls, new_reason, adjusted, catalog_id, region, industry),
        )
        at = now()
        con.execute(
            "INSERT INTO catalog_changes (catalog_id, region, industry, at, by, before_class, before_reason,"
            " after_class, after_reason, comment) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                catalog_id,
                region,
                industry,
                at,
                user,
                row["class"],
                row["reason"],
                new_cls,
                new_reason,
                comment,
            ),
        )
    change = {
        "catalog_id": catalog_id,
        "region": region,
        "region_name": row["region_name"],
        "industry": industry,
        "industry_name": row["industry_name"],
        "at": at,
        "by": user,
        "before": {"class": rules.codes[row["class"]].label, "reason": row["reason"]},
        "after": {"class": rules.codes[new_cls].label, "reason": new_reason},
        "comment": comment,
    }
    _audit(
        settings,
        user,
        catalog_id,
        "adjust",
        {"cell": f"{region}/{industry}", **change["before"]},
        {"cell": f"{region}/{industry}", **change["after"]},
        comment,
    )
    return change


def publish(
    settings: Settings, catalog_id: int, *, user: str, note: str | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """Freeze the current cells as the next numbered version ("2026-01 v1", then "2026-01 v2", …)."""
    if not user:
        raise InputError("发布导向目录必须注明发布人", field="user")
    today = today or dt.date.today()
    with connect(settings) as con, transaction(con):
        row = _row(con, catalog_id)
        number = row["number"]
        if number is None:
            prefix = f"{today.year}-"
            taken = [
                r[0] for r in con.execute("SELECT number FROM catalogs WHERE number LIKE ?", (prefix + "%",))
            ]
            seq = 1 + max((int(n.split("-")[1]) for n in taken), default=0)
            number = f"{today.year}-{seq:02d}"
            con.execute("UPDATE catalogs SET number = ? WHERE id = ?", (number, catalog_id))
        version = (
            1
            + con.execute(
                "SELECT coalesce(max(version), 0) FROM catalog_versions WHERE catalog_id = ?", (catalog_id,)
            ).fetchone()[0]
        )
        if version > 1:
            last = con.execute(
                "SELECT content_hash FROM catalog_versions WHERE catalog_id = ?"
                " ORDER BY version DESC LIMIT 1",
                (catalog_id,),
            ).fetchone()[0]
        else:
            last = None
        cell_rows = [
            dict(_cell(r).to_dict())
            for r in con.execute(
                "SELECT * FROM catalog_cells WHERE catalog_id = ? ORDER BY region, industry", (catalog_id,)
            )
        ]
        change_rows = [
            dict(r)
            for r in con.execute(
                "SELECT * FROM catalog_changes WHERE catalog_id = ? ORDER BY id", (catalog_id,)
            )
        ]
        body = json.dumps(cell_rows, ensure_ascii=False, sort_keys=True, default=_json_default)
        content_hash = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
        if last == content_hash:
            raise InputError("与上一发布版本相比没有任何调整，无需重新发布", field="catalog")
        label = f"{number} v{version}"
        con.execute(
            "INSERT INTO catalog_versions (catalog_id, number, version, label, published_at,"
            " published_by, note,"
            " cells, changes, rules_yaml, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                catalog_id,
                number,
                version,
                label,
                now(),
                user,
                note,
                body,
                json.dumps(change_rows, ensure_ascii=False),
                row["rules_yaml"],
                content_hash,
            ),
        )
    _audit(
        settings, user, catalog_id, "publish", None, {"version": label, "content_hash": content_hash}, note
    )
    return {
        "catalog_id": catalog_id,
        "label": label,
        "number": number,
        "version": version,
        "content_hash": content_hash,
        "cells": len(cell_rows),
    }


def get_version(settings: Settings, label: str) -> dict[str, Any]:
    """A published version by its label ("2026-01 v1", also "2026-01-v1" / "2026-01:v1")."""
    norm = label.strip().replace(":", " ").replace("-v", " v").replace("_", " ")
    with connect(settings) as con:
        row = con.execute("SELECT * FROM catalog_versions WHERE label = ?", (norm,)).fetchone()
        if row is None:
            raise NotFoundError(f"导向目录发布版本 {label!r} 不存在")
        cat = dict(_row(con, row["catalog_id"]))
    out = dict(row)
    out["cells"] = json.loads(row["cells"])
    out["changes"] = json.loads(row["changes"])
    out["catalog"] = {
        k: cat[k] for k in ("id", "region", "region_name", "year", "title", "is_demo", "inputs")
    }
    out["catalog"]["inputs"] = json.loads(cat["inputs"])
    return out


def inputs_of(settings: Settings, catalog_id: int) -> dict[str, Any]:
    with connect(settings) as con:
        return dict(json.loads(_row(con, catalog_id)["inputs"]))


def _audit(
    settings: Settings,
    user: str,
    catalog_id: int,
    action: str,
    before: Any,
    after: Any,
    note: str | None = None,
) -> None:
    """Mirror the change into the platform audit log (who/when/before/after)."""
    try:
        from ipatlas.store import workflow
    except ImportError:  # workflow database not available in this installation
        return
    with workflow.workflow_session(settings) as session:
        actor = None
        with contextlib.suppress(Exception):
            actor = workflow.get_user(session, username=user)
        workflow.record_audit(
            session,
            actor=actor,
            object_type="guidance_catalog",
            object_id=str(catalog_id),
            action=action,
            before=before,
            after=after,
            note=note if actor else f"{user}: {note or ''}".rstrip(": "),
        )
