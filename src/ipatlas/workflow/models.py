"""Workflow tables (created by migration ``0004_workflow``) on the shared ``Base``.

* ``wf_instances`` -- one running workflow (a case, a claim, ...): current state and an integer
  ``version`` for optimistic locking (every act bumps it with ``WHERE version = :seen``).
* ``wf_events`` -- the append-only timeline: who, when, which action, from/to state, why, data.
  Database triggers refuse UPDATE and DELETE; corrections are new events (``corrects``).
* ``wf_deadlines`` -- one legal time limit per rule and instance, with the rule version and the
  legal basis it rests on, pauses and extensions accumulated, the office's promised due date
  beside the legal one, and ``assumed`` when a day without holiday data was counted.
* ``wf_notifications`` -- the outbox: reminders written by the sweep, sent over SMTP later.
* ``document_sequences`` / ``wf_documents`` -- per-office, per-year document numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ipatlas.store.models import Base, utcnow


class WfInstance(Base):
    __tablename__ = "wf_instances"
    __table_args__ = (
        UniqueConstraint("definition", "subject_type", "subject_id", name="uq_wf_instances_subject"),
        Index("ix_wf_instances_state", "definition", "state"),
        # 我的待办 (migration 0014_protection): a handler's open instances, newest first, read from
        # the index alone (assignee = me / unassigned, closed_at IS NULL, walk opened_at backwards;
        # definition and state are in the index so the role's actionable states filter without
        # visiting the table, and the count is an index range scan).
        Index("ix_wf_instances_todo", "assignee", "closed_at", "opened_at", "definition", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    definition: Mapped[str] = mapped_column(String(64), nullable=False)
    definition_version: Mapped[int] = mapped_column(Integer, nullable=False)
    subject_type: Mapped[str] = mapped_column(String(32), nullable=False)
    subject_id: Mapped[str] = mapped_column(String(64), nullable=False)
    state: Mapped[str] = mapped_column(String(64), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    assignee: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    unit: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)


class WfEvent(Base):
    __tablename__ = "wf_events"
    __table_args__ = (UniqueConstraint("instance_id", "seq", name="uq_wf_events_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("wf_instances.id"), nullable=False, index=True)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    unit: Mapped[str | None] = mapped_column(String(128), nullable=True)
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    from_state: Mapped[str | None] = mapped_column(String(64), nullable=True)
    to_state: Mapped[str] = mapped_column(String(64), nullable=False)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    corrects: Mapped[int | None] = mapped_column(Integer, nullable=True)


class WfDeadline(Base):
    __tablename__ = "wf_deadlines"
    __table_args__ = (
        UniqueConstraint("instance_id", "rule_id", name="uq_wf_deadlines_rule"),
        Index("ix_wf_deadlines_open_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("wf_instances.id"), nullable=False, index=True)
    rule_id: Mapped[str] = mapped_column(String(64), nullable=False)
    rule_version: Mapped[int] = mapped_column(Integer, nullable=False)
    basis_law: Mapped[str] = mapped_column(Text, nullable=False)
    basis_article: Mapped[str] = mapped_column(Text, nullable=False)
    unit: Mapped[str] = mapped_column(String(16), nullable=False)  # workdays | days | months | hours
    length: Mapped[int] = mapped_column(Integer, nullable=False)
    # running | paused | stopped
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="running")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    promised_length: Mapped[int | None] = mapped_column(Integer, nullable=True)
    promised_due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    paused_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    paused_total: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    pauses: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    extended: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    extension_cap: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    stopped_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    stopped_by_action: Mapped[str | None] = mapped_column(String(64), nullable=True)
    met: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    assumed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class WfNotification(Base):
    __tablename__ = "wf_notifications"
    __table_args__ = (Index("ix_wf_notifications_status", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Idempotency: the sweep writes one reminder per deadline, kind and due date.
    key: Mapped[str] = mapped_column(String(128), nullable=False, unique=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("wf_instances.id"), nullable=True, index=True)
    deadline_id: Mapped[int | None] = mapped_column(ForeignKey("wf_deadlines.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    recipient: Mapped[str] = mapped_column(String(128), nullable=False)
    subject: Mapped[str] = mapped_column(Text, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # pending | sent | failed | skipped
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class DocumentSequence(Base):
    __tablename__ = "document_sequences"

    prefix: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class WfDocument(Base):
    """Every number issued: which sequence, which instance, which kind of document."""

    __tablename__ = "wf_documents"
    __table_args__ = (UniqueConstraint("prefix", "year", "seq", name="uq_wf_documents_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    prefix: Mapped[str] = mapped_column(String(32), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("wf_instances.id"), nullable=True, index=True)
    kind: Mapped[str | None] = mapped_column(String(64), nullable=True)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    issued_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
