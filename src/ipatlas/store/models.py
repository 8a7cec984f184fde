"""Workflow data (users, audit log, later plans and cases) as SQLAlchemy models.

The schema is created and changed only by the Alembic migrations in
``ipatlas/store/migrations``; these classes describe it. Pydantic models follow the
full-stack-fastapi-template families (``UserCreate`` / ``UserUpdate`` / ``UserPublic``) so that
the password hash never leaves the service layer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ipatlas.access import ROLE_LABELS, ROLES, Role  # noqa: F401  (re-exported for the store's callers)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, index=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    # Department name for the plan-supervision ``unit`` role (责任单位).
    unit: Mapped[str | None] = mapped_column(String(128), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # A generated password (first administrator, unit accounts, administrator reset) must be
    # replaced by the user at the first login.
    must_change_password: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class AuditLog(Base):
    """Who changed what, when, from where, with the object's state before and after.

    Append-only (database triggers refuse UPDATE and DELETE) and tamper-evident: entry ``seq``
    carries ``prev_hash`` (the hash of entry ``seq - 1``) and its own ``hash`` over all fields.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    username: Mapped[str | None] = mapped_column(String(64), nullable=True)
    object_type: Mapped[str] = mapped_column(String(64), nullable=False)
    object_id: Mapped[str] = mapped_column(String(128), nullable=False)
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    before: Mapped[Any | None] = mapped_column(JSON, nullable=True)
    after: Mapped[Any | None] = mapped_column(JSON, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    client: Mapped[str | None] = mapped_column(String(64), nullable=True)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditHead(Base):
    """One row: the sequence number and hash of the latest audit entry (locks the chain's tail)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")


class WebSession(Base):
    """A server-side login session: the cookie carries a random token, the table its SHA-256,
    so logout, idle and absolute timeouts and revocation hold for every worker."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    client: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_agent: Mapped[str | None] = mapped_column(String(256), nullable=True)


class LoginAttempt(Base):
    """Every login attempt (per account and per client): the throttle counts recent failures."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    client: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    success: Mapped[bool] = mapped_column(Boolean, nullable=False)


# ---- API models ------------------------------------------------------------------------------
_USERNAME = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")


class UserBase(BaseModel):
    username: str = _USERNAME
    display_name: str = Field(default="", max_length=128)
    role: Role = "viewer"
    unit: str | None = Field(default=None, max_length=128)
    active: bool = True


class UserCreate(UserBase):
    password: str = Field(min_length=8, max_length=128)


class UserUpdate(BaseModel):
    display_name: str | None = Field(default=None, max_length=128)
    role: Role | None = None
    unit: str | None = Field(default=None, max_length=128)
    active: bool | None = None
    password: str | None = Field(default=None, min_length=8, max_length=128)


class UserPublic(UserBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: dt.datetime
    must_change_password: bool = False


class AuditEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: dt.datetime
    user_id: int | None
    username: str | None
    object_type: str
    object_id: str
    action: str
    before: Any | None
    after: Any | None
    note: str | None
    client: str | None = None
    seq: int | None = None
    prev_hash: str | None = None
    hash: str | None = None
