"""Background export jobs (``export_jobs``): one row per job, shared by every web worker."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ipatlas.store.models import Base, utcnow


class ExportJob(Base):
    """A file being written by one worker's thread; ``worker`` is ``host:pid`` of that process and
    ``heartbeat_at`` moves while it writes, so a job whose worker died is marked failed, not stuck."""

    __tablename__ = "export_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(8))  # xlsx | csv
    state: Mapped[str] = mapped_column(String(16), default="queued")  # queued/running/done/failed
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    file: Mapped[str] = mapped_column(String(300))  # relative to the data directory
    worker: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
