"""The administrator's holiday table (``calendar_days``, created by migration ``0004_workflow``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipatlas.store.models import Base, utcnow


class CalendarDay(Base):
    """One day of an official holiday arrangement: a holiday, or a weekend made a working day."""

    __tablename__ = "calendar_days"

    date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    source: Mapped[str] = mapped_column(Text, nullable=False, default="")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    imported_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
