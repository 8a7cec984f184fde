"""Rate limits shared by every worker process: a moving window over hits kept in the workflow
database (``rate_limit_hits``: one row per key and second).

A hit is counted first and the window summed after, in one short transaction; when the sum is
over the limit the hit is taken back and refused. The transaction is serialised per key (SQLite's
write lock; on PostgreSQL a transaction-scoped advisory lock on the key), so the limit holds
exactly across processes.
"""

from __future__ import annotations

import random
import time

from sqlalchemy import BigInteger, Integer, String, delete, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from ipatlas.store.models import Base

KEEP_SECONDS = 2 * 24 * 3600  # rows of keys not seen for this long are swept now and then


class RateLimitHit(Base):
    __tablename__ = "rate_limit_hits"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    second: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)


def hit(
    session: Session, key: str, limit: int, window_s: int, *, now: float | None = None
) -> tuple[bool, int]:
    """Count one hit of ``key``; ``(allowed, retry_after_seconds)`` for ``limit`` per ``window_s``."""
    now = time.time() if now is None else now
    sec, key = int(now), key[:200]
    start = sec - window_s + 1
    table = RateLimitHit.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": key})
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(RateLimitHit)
    session.execute(
        ins.values(key=key, second=sec, hits=1).on_conflict_do_update(
            index_elements=["key", "second"], set_={"hits": table.c.hits + 1}
        )
    )
    used = session.scalar(
        select(func.coalesce(func.sum(RateLimitHit.hits), 0)).where(
            RateLimitHit.key == key, RateLimitHit.second >= start
        )
    )
    session.execute(delete(RateLimitHit).where(RateLimitHit.key == key, RateLimitHit.second < start))
    if random.random() < 0.01:
        session.execute(delete(RateLimitHit).where(RateLimitHit.second < sec - KEEP_SECONDS))
    if int(used or 0) <= limit:
        return True, 0
    session.execute(
        update(RateLimitHit)
        .where(RateLimitHit.key == key, RateLimitHit.second == sec)
        .values(hits=table.c.hits - 1)
    )
    return False, retry_after(session, key, window_s, now=now)


def retry_after(session: Session, key: str, window_s: int, *, now: float | None = None) -> int:
    """Seconds until the oldest hit in the window leaves it."""
    now = time.time() if now is None else now
    oldest = session.scalar(
        select(func.min(RateLimitHit.second)).where(
            RateLimitHit.key == key[:200], RateLimitHit.second > int(now) - window_s, RateLimitHit.hits > 0
        )
    )
    return max(1, int((oldest if oldest is not None else int(now)) + window_s - now))
