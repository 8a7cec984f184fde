"""The guidance-catalog workflow: draft → analyst adjustments (recorded) → numbered, immutable versions.

Stored in the platform's workflow database (``ipatlas.store.workflow``: SQLite by default,
PostgreSQL as an option; tables in ``ipatlas.store.catalog_models``, created by the Alembic
migration ``0003_catalog``). Every adjustment keeps who, when, the class and reason before and
after, and a comment; it is also written to the platform audit log in the same transaction.
Published versions are frozen copies of the cells; the ORM and database triggers (both
backends) refuse any UPDATE or DELETE on them, so a published catalog cannot change, even by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError, StoreError
from ipatlas.reports.catalog.rules import Rules, parse_rules
from ipatlas.store import workflow
from ipatlas.store.catalog_models import Catalog, CatalogCell, CatalogChange, CatalogVersion

OBJECT_TYPE = "guidance_catalog"


@contextlib.contextmanager
def session(settings: Settings) -> Iterator[Session]:
    """A session on the migrated workflow database, committed on success."""
    try:
        with workflow.workflow_session(settings) as s:
            yield s
    except IntegrityError as exc:
        raise StoreError(f"导向目录数据库拒绝了修改: {exc.orig}") from exc


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _ts(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat(sep=" ")


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


def _cell(row: CatalogCell) -> Cell:
    return Cell(
        row.region,
        row.region_name,
        row.industry,
        row.industry_name,
        dict(row.metrics),
        row.auto_class,
        row.auto_reason,
        row.cls,
        row.reason,
        bool(row.adjusted),
    )


def _change(row: CatalogChange) -> dict[str, Any]:
    return {
        "id": row.id,
        "catalog_id": row.catalog_id,
        "region": row.region,
        "industry": row.industry,
        "at": _ts(row.at),
        "by": row.by,
        "before_class": row.before_class,
        "before_reason": row.before_reason,
        "after_class": row.after_class,
        "after_reason": row.after_reason,
        "comment": row.comment,
    }


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "item"):
        return obj.item()
    return str(obj)


def _plain(value: Any) -> Any:
    """JSON-ready plain data: numpy scalars unwrapped, non-finite floats as null (PostgreSQL's
    JSON type rejects NaN)."""

    def clean(v: Any) -> Any:
        if isinstance(v, float) and not math.isfinite(v):
            return None
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        if isinstance(v, list):
            return [clean(x) for x in v]
        return v

    return clean(json.loads(json.dumps(value, ensure_ascii=False, default=_json_default)))


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
    with session(settings) as s:
        cat = Catalog(
            region=region,
            region_name=region_name,
            year=year,
            title=title,
            rules_name=rules.name,
            rules_yaml=rules.source_text,
            rules_hash=rules.hash,
            created_at=now(),
            created_by=user,
            is_demo=bool(is_demo),
            inputs=_plain(inputs),
        )
        s.add(cat)
        s.flush()
        catalog_id = int(cat.id)
        s.add_all(
            CatalogCell(
                catalog_id=catalog_id,
                region=c.region,
                region_name=c.region_name,
                industry=c.industry,
                industry_name=c.industry_name,
                metrics=_plain(c.metrics),
                auto_class=c.auto_class,
                auto_reason=c.auto_reason,
                cls=c.cls,
                reason=c.reason,
                adjusted=False,
            )
            for c in cells
        )
        _audit(s, user, catalog_id, "create", None, {"region": region, "year": year, "cells": len(cells)})
        s.flush()
        return _info(s, catalog_id)


def _row(s: Session, catalog_id: int, *, lock: bool = False) -> Catalog:
    q = select(Catalog).where(Catalog.id == catalog_id)
    if lock:  # serialises concurrent publications on PostgreSQL (SQLite locks the whole file)
        q = q.with_for_update()
    row = s.scalar(q)
    if row is None:
        raise NotFoundError(f"导向目录草稿 {catalog_id} 不存在（ipatlas catalog list 查看已有目录）")
    return row


def rules_of(settings: Settings, catalog_id: int) -> Rules:
    with session(settings) as s:
        yaml_text = _row(s, catalog_id).rules_yaml
    return parse_rules(yaml_text, f"catalog {catalog_id}")


def _info(s: Session, catalog_id: int) -> CatalogInfo:
    row = _row(s, catalog_id)
    rules = parse_rules(row.rules_yaml, f"catalog {catalog_id}")
    counts_raw: dict[str, int] = {
        str(cls): int(n)
        for cls, n in s.execute(
            select(CatalogCell.cls, func.count())
            .where(CatalogCell.catalog_id == catalog_id)
            .group_by(CatalogCell.cls)
        )
    }
    adjusted = int(
        s.scalar(
            select(func.count()).where(CatalogCell.catalog_id == catalog_id, CatalogCell.adjusted.is_(True))
        )
        or 0
    )
    versions = list(
        s.scalars(
            select(CatalogVersion.label)
            .where(CatalogVersion.catalog_id == catalog_id)
            .order_by(CatalogVersion.version)
        )
    )
    counts = {c.label: int(counts_raw.get(c.code, 0)) for c in rules.all_classes}
    return CatalogInfo(
        id=row.id,
        region=row.region,
        region_name=row.region_name,
        year=row.year,
        title=row.title,
        rules_name=row.rules_name,
        rules_hash=row.rules_hash,
        number=row.number,
        created_at=_ts(row.created_at),
        created_by=row.created_by,
        is_demo=bool(row.is_demo),
        cells=sum(counts_raw.values()),
        adjusted=adjusted,
        versions=versions,
        counts=counts,
    )


def get_info(settings: Settings, catalog_id: int) -> CatalogInfo:
    with session(settings) as s:
        return _info(s, catalog_id)


def list_catalogs(settings: Settings) -> list[CatalogInfo]:
    with session(settings) as s:
        ids = list(s.scalars(select(Catalog.id).order_by(Catalog.id.desc())))
        return [_info(s, i) for i in ids]


def cells(
    settings: Settings,
    catalog_id: int,
    *,
    cls: str | None = None,
    region: str | None = None,
    industry: str | None = None,
) -> list[Cell]:
    with session(settings) as s:
        _row(s, catalog_id)
        q = select(CatalogCell).where(CatalogCell.catalog_id == catalog_id)
        if cls is not None:
            q = q.where(CatalogCell.cls == cls)
        if region is not None:
            q = q.where(CatalogCell.region == region)
        if industry is not None:
            q = q.where(CatalogCell.industry == industry)
        q = q.order_by(CatalogCell.region, CatalogCell.industry)
        return [_cell(r) for r in s.scalars(q)]


def _changes(s: Session, catalog_id: int) -> list[dict[str, Any]]:
    q = select(CatalogChange).where(CatalogChange.catalog_id == catalog_id).order_by(CatalogChange.id)
    return [_change(r) for r in s.scalars(q)]


def changes(settings: Settings, catalog_id: int) -> list[dict[str, Any]]:
    with session(settings) as s:
        _row(s, catalog_id)
        return _changes(s, catalog_id)


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
    with session(settings) as s:
        cat = _row(s, catalog_id, lock=True)
        rules = parse_rules(cat.rules_yaml, f"catalog {catalog_id}")
        row = s.get(CatalogCell, (catalog_id, region, industry))
        if row is None:
            raise NotFoundError(f"导向目录 {catalog_id} 中没有单元 区域={region} 产业={industry}")
        old_cls, old_reason = row.cls, row.reason
        new_cls = rules.by_label_or_code(cls).code if cls else old_cls
        new_reason = (reason or "").strip() or old_reason
        if cls and not (reason or "").strip() and new_cls != old_cls:
            raise InputError("调整类别时必须填写调整理由", field="reason")
        if new_cls == old_cls and new_reason == old_reason:
            raise InputError("调整前后没有变化", field="class")
        row.cls = new_cls
        row.reason = new_reason
        row.adjusted = new_cls != row.auto_class or new_reason != row.auto_reason
        at = now()
        s.add(
            CatalogChange(
                catalog_id=catalog_id,
                region=region,
                industry=industry,
                at=at,
                by=user,
                before_class=old_cls,
                before_reason=old_reason,
                after_class=new_cls,
                after_reason=new_reason,
                comment=comment,
            )
        )
        change: dict[str, Any] = {
            "catalog_id": catalog_id,
            "region": region,
            "region_name": row.region_name,
            "industry": industry,
            "industry_name": row.industry_name,
            "at": _ts(at),
            "by": user,
            "before": {"class": rules.codes[old_cls].label, "reason": old_reason},
            "after": {"class": rules.codes[new_cls].label, "reason": new_reason},
            "comment": comment,
        }
        _audit(
            s,
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
    with session(settings) as s:
        row = _row(s, catalog_id, lock=True)
        number = row.number
        if number is None:
            prefix = f"{today.year}-"
            taken = s.scalars(select(Catalog.number).where(Catalog.number.like(prefix + "%")))
            seq = 1 + max((int(n.split("-")[1]) for n in taken if n), default=0)
            number = f"{today.year}-{seq:02d}"
            row.number = number
        last = s.scalar(
            select(CatalogVersion)
            .where(CatalogVersion.catalog_id == catalog_id)
            .order_by(CatalogVersion.version.desc())
            .limit(1)
        )
        version = 1 + (last.version if last else 0)
        cell_rows = [
            _cell(r).to_dict()
            for r in s.scalars(
                select(CatalogCell)
                .where(CatalogCell.catalog_id == catalog_id)
                .order_by(CatalogCell.region, CatalogCell.industry)
            )
        ]
        change_rows = _changes(s, catalog_id)
        body = json.dumps(cell_rows, ensure_ascii=False, sort_keys=True, default=_json_default)
        content_hash = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
        if last is not None and last.content_hash == content_hash:
            raise InputError("与上一发布版本相比没有任何调整，无需重新发布", field="catalog")
        label = f"{number} v{version}"
        s.add(
            CatalogVersion(
                catalog_id=catalog_id,
                number=number,
                version=version,
                label=label,
                published_at=now(),
                published_by=user,
                note=note,
                cells=body,
                changes=json.dumps(change_rows, ensure_ascii=False),
                rules_yaml=row.rules_yaml,
                content_hash=content_hash,
            )
        )
        _audit(s, user, catalog_id, "publish", None, {"version": label, "content_hash": content_hash}, note)
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
    with session(settings) as s:
        v = s.scalar(select(CatalogVersion).where(CatalogVersion.label == norm))
        if v is None:
            raise NotFoundError(f"导向目录发布版本 {label!r} 不存在")
        cat = _row(s, v.catalog_id)
        return {
            "id": v.id,
            "catalog_id": v.catalog_id,
            "number": v.number,
            "version": v.version,
            "label": v.label,
            "published_at": _ts(v.published_at),
            "published_by": v.published_by,
            "note": v.note,
            "cells": json.loads(v.cells),
            "changes": json.loads(v.changes),
            "rules_yaml": v.rules_yaml,
            "content_hash": v.content_hash,
            "catalog": {
                "id": cat.id,
                "region": cat.region,
                "region_name": cat.region_name,
                "year": cat.year,
                "title": cat.title,
                "is_demo": cat.is_demo,
                "inputs": dict(cat.inputs),
            },
        }


def inputs_of(settings: Settings, catalog_id: int) -> dict[str, Any]:
    with session(settings) as s:
        return dict(_row(s, catalog_id).inputs)


def _audit(
    s: Session,
    user: str,
    catalog_id: int,
    action: str,
    before: Any,
    after: Any,
    note: str | None = None,
) -> None:
    """Record the change in the platform audit log (who/when/before/after), same transaction."""
    actor = None
    with contextlib.suppress(NotFoundError):
        actor = workflow.get_user(s, username=user)
    workflow.record_audit(
        s,
        actor=actor,
        object_type=OBJECT_TYPE,
        object_id=str(catalog_id),
        action=action,
        before=before,
        after=after,
        note=note if actor else f"{user}: {note or ''}".rstrip(": "),
    )
