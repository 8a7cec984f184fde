"""Market supervision (市场主体监管) tables on the workflow ``Base`` (migration ``0006_market``).

* ``market_entities`` — the registry keyed by 统一社会信用代码 (GB 32100-2015).
* ``market_imports`` / ``market_quarantine`` — each import's counts and its rejected rows
  (file, row, field, value, reason); a re-import records no quarantine row twice.
* ``market_links`` — applicant/holder names of the resource base linked to entities (method,
  confidence); ``market_link_decisions`` — analysts' confirm/split decisions, which survive
  re-imports and re-runs of the resolution.
* ``credit_events`` — 行政处罚, 侵权判决, 失信, 守信 … (an event for an unknown entity is kept
  with ``code`` NULL and listed for review).
* ``serious_list`` / ``credit_repairs`` — 严重违法失信名单 entries and 信用修复 requests.
* ``inspection_draws`` / ``inspection_results`` — 双随机一公开 draws (seed, inputs' hashes,
  digest, assignments) and their results.
* ``market_leads`` — the lead pool (线索池).
* ``service_agencies`` / ``agency_complaints`` — 服务机构 registry and complaints.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ipatlas.store.models import Base, utcnow

TABLES = (
    "market_entities",
    "market_imports",
    "market_quarantine",
    "market_links",
    "market_link_decisions",
    "credit_events",
    "serious_list",
    "credit_repairs",
    "inspection_draws",
    "inspection_results",
    "market_leads",
    "service_agencies",
    "agency_complaints",
)


class MarketEntity(Base):
    __tablename__ = "market_entities"

    code: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(256), nullable=False)
    name_key: Mapped[str] = mapped_column(String(256), nullable=False, index=True)
    former_names: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    adcode: Mapped[str | None] = mapped_column(String(6), nullable=True, index=True)
    city_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    province_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    established: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    entity_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    legal_rep: Mapped[str | None] = mapped_column(String(128), nullable=True)
    row_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    import_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class MarketImport(Base):
    __tablename__ = "market_imports"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # entities / credit / listings
    file: Mapped[str] = mapped_column(Text, nullable=False)
    source_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    read: Mapped[int] = mapped_column(Integer, nullable=False)
    loaded: Mapped[int] = mapped_column(Integer, nullable=False)
    duplicates: Mapped[int] = mapped_column(Integer, nullable=False)
    quarantined: Mapped[int] = mapped_column(Integer, nullable=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class MarketQuarantine(Base):
    __tablename__ = "market_quarantine"
    __table_args__ = (
        UniqueConstraint("kind", "source_hash", "row", "field", name="uq_market_quarantine_row"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    import_id: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    source_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    file: Mapped[str] = mapped_column(Text, nullable=False)
    row: Mapped[int] = mapped_column(Integer, nullable=False)
    field: Mapped[str] = mapped_column(String(32), nullable=False)
    value: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False)


class MarketLink(Base):
    """One distinct name of the resource base (per source) and the entity it resolved to."""

    __tablename__ = "market_links"
    __table_args__ = (UniqueConstraint("source", "name", name="uq_market_links_source_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(16), nullable=False)  # patents / trademarks / gi / …
    name: Mapped[str] = mapped_column(String(256), nullable=False)
    name_key: Mapped[str] = mapped_column(String(256), nullable=False, index=True)
    code: Mapped[str | None] = mapped_column(String(18), nullable=True, index=True)
    method: Mapped[str] = mapped_column(String(16), nullable=False)
    confidence: Mapped[float] = mapped_column(Float, nullable=False)
    records: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class MarketLinkDecision(Base):
    """An analyst's decision on a name: ``confirm`` (name → code) or ``split`` (name is not code)."""

    __tablename__ = "market_link_decisions"
    __table_args__ = (UniqueConstraint("name_key", "code", name="uq_market_link_decisions"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name_key: Mapped[str] = mapped_column(String(256), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(18), nullable=False)
    decision: Mapped[str] = mapped_column(String(8), nullable=False)
    by: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class CreditEvent(Base):
    __tablename__ = "credit_events"
    __table_args__ = (UniqueConstraint("event_key", name="uq_credit_events_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_key: Mapped[str] = mapped_column(String(64), nullable=False)
    code: Mapped[str | None] = mapped_column(String(18), nullable=True, index=True)
    claimed_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    name: Mapped[str] = mapped_column(String(256), nullable=False)
    event_type: Mapped[str] = mapped_column(String(32), nullable=False)
    right_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)  # trademark / patent / …
    violation: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    doc_no: Mapped[str | None] = mapped_column(String(128), nullable=True)
    authority: Mapped[str | None] = mapped_column(String(128), nullable=True)
    amount: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(16), nullable=False)  # import / protection / manual
    import_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class SeriousListEntry(Base):
    __tablename__ = "serious_list"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(18), nullable=False, index=True)
    listed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    until: Mapped[dt.date] = mapped_column(Date, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    measures: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    event_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    removed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    removal_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class CreditRepair(Base):
    __tablename__ = "credit_repairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(18), nullable=False)
    applied_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    # The workflow engine (definition ``credit_repair``) owns the state; ``status`` mirrors its label.
    instance_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # 已申请 / 已移出 / 不予修复
    statement: Mapped[str | None] = mapped_column(Text, nullable=True)
    reviewer: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    by: Mapped[str] = mapped_column(String(64), nullable=False)


class InspectionDraw(Base):
    __tablename__ = "inspection_draws"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_name: Mapped[str] = mapped_column(String(256), nullable=False)
    seed: Mapped[str] = mapped_column(String(128), nullable=False)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    objects_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    inspectors_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    population: Mapped[int] = mapped_column(Integer, nullable=False)
    assignments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)
    drawn_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    drawn_by: Mapped[str] = mapped_column(String(64), nullable=False)
    publish_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    published_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class InspectionResult(Base):
    __tablename__ = "inspection_results"
    __table_args__ = (UniqueConstraint("draw_id", "code", name="uq_inspection_results"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draw_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(18), nullable=False)
    result: Mapped[str] = mapped_column(String(16), nullable=False)  # 未发现问题 / 责令整改 / 立案查处
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    inspected_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    case_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    by: Mapped[str] = mapped_column(String(64), nullable=False)


class MarketLead(Base):
    __tablename__ = "market_leads"
    __table_args__ = (
        UniqueConstraint("dedup_key", name="uq_market_leads_dedup"),
        Index("ix_market_leads_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dedup_key: Mapped[str] = mapped_column(String(128), nullable=False)
    sources: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    rule_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    code: Mapped[str | None] = mapped_column(String(18), nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(256), nullable=False)
    adcode: Mapped[str | None] = mapped_column(String(6), nullable=True)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    # The workflow engine (definition ``market_lead``) owns the state; ``status`` mirrors its label.
    instance_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(8), nullable=False)  # 待核查 / 核查中 / 转立案 / 排除
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    case_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class ServiceAgency(Base):
    __tablename__ = "service_agencies"

    code: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(256), nullable=False)
    adcode: Mapped[str | None] = mapped_column(String(6), nullable=True)
    agents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    specialties: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class AgencyComplaint(Base):
    __tablename__ = "agency_complaints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_code: Mapped[str] = mapped_column(String(18), nullable=False, index=True)
    received_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    complainant: Mapped[str | None] = mapped_column(String(128), nullable=True)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(8), nullable=False)  # 受理 / 查实 / 不成立
    by: Mapped[str] = mapped_column(String(64), nullable=False)
