"""Document numbers (文书编号) from per-office, per-year sequences: 渝知保〔2026〕12号.

One atomic ``INSERT … ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last`` per number, on
SQLite and PostgreSQL alike: concurrent callers serialise on the sequence row, so a number is
never issued twice, and because the increment belongs to the caller's transaction a rolled-back
document gives its number back -- no gaps either.
"""

from __future__ import annotations

import re

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ipatlas.errors import InputError
from ipatlas.workflow.models import DocumentSequence, WfDocument

_PREFIX = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{1,32}$")


def format_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}〔{year}〕{seq}号"


def next_document_number(
    session: Session,
    office_prefix: str,
    year: int,
    *,
    instance_id: int | None = None,
    kind: str | None = None,
    issued_by: str | None = None,
) -> str:
    """The next number of ``office_prefix`` in ``year`` (1, 2, 3, … per year), kept in ``wf_documents``."""
    if not _PREFIX.match(office_prefix or ""):
        raise InputError(f"文书编号前缀无效: {office_prefix!r}（1–32 个汉字、字母或数字）", field="prefix")
    if not 1900 <= int(year) <= 2200:
        raise InputError(f"年份无效: {year}", field="year")
    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(DocumentSequence)
    stmt = (
        ins.values(prefix=office_prefix, year=int(year), last=1)
        .on_conflict_do_update(
            index_elements=["prefix", "year"], set_={"last": DocumentSequence.__table__.c.last + 1}
        )
        .returning(DocumentSequence.__table__.c.last)
    )
    seq = int(session.execute(stmt).scalar_one())
    number = format_number(office_prefix, int(year), seq)
    session.add(
        WfDocument(
            number=number,
            prefix=office_prefix,
            year=int(year),
            seq=seq,
            instance_id=instance_id,
            kind=kind,
            issued_by=issued_by,
        )
    )
    session.flush()
    return number
