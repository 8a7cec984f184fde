"""Protection cases (案件) and their satellites, created by migration ``0005_protection``.

The workflow state, timeline and clocks live in the workflow engine's tables
(``wf_instances`` / ``wf_events`` / ``wf_deadlines``, subject_type ``case``); ``cases`` keeps the
intake record, the triage result and a few denormalised columns that statistics read at scale
(``accepted_at``, ``closed_at``, ``on_time``, ``workdays_to_close``, ``outcome``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipatlas.store.models import Base, utcnow


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_received", "received_on"),
        Index("ix_cases_region", "adcode"),
        Index("ix_cases_dup_key", "dup_key", "received_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    ip_type: Mapped[str] = mapped_column(String(24), nullable=False)
    channel: Mapped[str] = mapped_column(String(16), nullable=False)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    received_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(32), nullable=False)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("wf_instances.id"), nullable=True, unique=True)
    # Jurisdiction: the respondent's address resolved to a county.
    adcode: Mapped[str | None] = mapped_column(String(12), nullable=True)
    city_code: Mapped[str | None] = mapped_column(String(12), nullable=True)
    province_code: Mapped[str | None] = mapped_column(String(12), nullable=True)
    region_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    complainant: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    respondent: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    right_info: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    facts: Mapped[str] = mapped_column(Text, nullable=False, default="")
    confidential: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    triage: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    dup_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    client_token: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    handling_unit: Mapped[str | None] = mapped_column(String(128), nullable=True)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    filed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    on_time: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    workdays_to_close: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    penalty_amount: Mapped[float | None] = mapped_column(Numeric(14, 2), nullable=True)
    mediated: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    referred_to: Mapped[str | None] = mapped_column(Text, nullable=True)
    decision: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Referral(Base):
    """移送 / 联合查办: a letter to a receiving body and its receipt (回执)."""

    __tablename__ = "case_referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), nullable=False, index=True)
    receiver: Mapped[str] = mapped_column(Text, nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="referral")
    letter_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    receipt_due: Mapped[dt.date] = mapped_column(Date, nullable=False)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class MediationOrg(Base):
    """调解组织与调解员名录 (人民调解、行业调解、专业调解、律师调解)."""

    __tablename__ = "mediation_orgs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    org_type: Mapped[str] = mapped_column(String(16), nullable=False)
    specialties: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    mediators: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    adcode: Mapped[str | None] = mapped_column(String(12), nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Mediation(Base):
    __tablename__ = "case_mediations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), nullable=False, index=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("mediation_orgs.id"), nullable=True)
    mediator: Mapped[str | None] = mapped_column(String(64), nullable=True)
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    result: Mapped[str | None] = mapped_column(String(16), nullable=True)  # agreement | failed
    agreement_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    judicial_confirmation: Mapped[str | None] = mapped_column(String(16), nullable=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
