"""The guidance catalog (导向目录) workflow as SQLAlchemy models on the workflow ``Base``.

Tables (created by migration ``0003_catalog``):

* ``catalogs`` — a draft: scope, year, the rules (YAML text and hash) it was classified with,
  the catalog number (assigned at the first publication) and the computation inputs (traces).
* ``catalog_cells`` — one region × industry cell: metrics, the rules' verdict, the current class.
* ``catalog_changes`` — every analyst adjustment: who, when, class and reason before and after.
* ``catalog_versions`` — published versions: frozen JSON copies of the cells and changes. They
  are immutable: the ORM refuses to update or delete them (below) and the migration adds
  database triggers (SQLite and PostgreSQL) that refuse it for any client.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from ipatlas.errors import StoreError
from ipatlas.store.models import Base

IMMUTABLE_MESSAGE = "published catalog versions are immutable"


class Catalog(Base):
    __tablename__ = "catalogs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    region: Mapped[str] = mapped_column(String(32), nullable=False)
    region_name: Mapped[str] = mapped_column(Text, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    rules_name: Mapped[str] = mapped_column(Text, nullable=False)
    rules_yaml: Mapped[str] = mapped_column(Text, nullable=False)
    rules_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    # Assigned at the first publication, e.g. "2026-01".
    number: Mapped[str | None] = mapped_column(String(16), unique=True, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Traces: indicator ids, cube queries, evaluation settings, data notes.
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)


class CatalogCell(Base):
    __tablename__ = "catalog_cells"

    catalog_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("catalogs.id", ondelete="CASCADE"), primary_key=True
    )
    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    industry: Mapped[str] = mapped_column(String(64), primary_key=True)
    region_name: Mapped[str] = mapped_column(Text, nullable=False)
    industry_name: Mapped[str] = mapped_column(Text, nullable=False)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    auto_class: Mapped[str] = mapped_column(String(32), nullable=False)
    auto_reason: Mapped[str] = mapped_column(Text, nullable=False)
    cls: Mapped[str] = mapped_column("class", String(32), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    adjusted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class CatalogChange(Base):
    __tablename__ = "catalog_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    catalog_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("catalogs.id", ondelete="CASCADE"), nullable=False, index=True
    )
    region: Mapped[str] = mapped_column(String(32), nullable=False)
    industry: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    by: Mapped[str] = mapped_column(String(64), nullable=False)
    before_class: Mapped[str] = mapped_column(String(32), nullable=False)
    before_reason: Mapped[str] = mapped_column(Text, nullable=False)
    after_class: Mapped[str] = mapped_column(String(32), nullable=False)
    after_reason: Mapped[str] = mapped_column(Text, nullable=False)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)


class CatalogVersion(Base):
    __tablename__ = "catalog_versions"
    __table_args__ = (UniqueConstraint("number", "version", name="uq_catalog_versions_number_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # No ON DELETE CASCADE: a published version outlives any attempt to remove its draft.
    catalog_id: Mapped[int] = mapped_column(Integer, ForeignKey("catalogs.id"), nullable=False, index=True)
    number: Mapped[str] = mapped_column(String(16), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    label: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    published_by: Mapped[str] = mapped_column(String(64), nullable=False)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The exact JSON text the content hash was computed from (kept as text so it stays verifiable).
    cells: Mapped[str] = mapped_column(Text, nullable=False)
    changes: Mapped[str] = mapped_column(Text, nullable=False)
    rules_yaml: Mapped[str] = mapped_column(Text, nullable=False)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)


@event.listens_for(CatalogVersion, "before_update")
@event.listens_for(CatalogVersion, "before_delete")
def _refuse_changes(_mapper: Any, _connection: Any, target: CatalogVersion) -> None:
    # Service-layer guard; the database triggers of 0003_catalog back it up for raw SQL.
    raise StoreError(f"导向目录发布版本 {target.label} 不可修改或删除（{IMMUTABLE_MESSAGE}）")
