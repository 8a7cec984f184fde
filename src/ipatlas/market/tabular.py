"""Reading the market's CSV/XLSX files and recording their imports and bad rows.

Every market importer (entities, credit events, listings) reads through :func:`read_rows` (the
ingest readers: encoding and delimiter sniffing, XLSX) and records its outcome through
:class:`ImportLog`: read = loaded + duplicates + quarantined, one quarantine row per
(file hash, row, field) however often the file is imported, and no import row at all when a
re-import changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.errors import InputError, require_file
from ipatlas.ingest.pipeline import file_sha256, is_demo_file
from ipatlas.ingest.readers import ROW, read_file
from ipatlas.market.models import MarketImport, MarketQuarantine

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日")
_LIST_SEP = re.compile(r"[;；、|,，]")


def _key(header: str) -> str:
    return re.sub(r"\s+", "", str(header)).replace("\ufeff", "")


def read_rows(
    path: Path, required: list[str], optional: tuple[str, ...] | list[str] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (source row number, {column: stripped text}) for each data row of ``path``.

    A missing required column is an :class:`InputError` naming the file and the column."""
    path = Path(path)
    expected = set(required) | set(optional)
    raw = read_file(path, expected=expected, key=_key)
    headers = [_key(h) for h in raw.headers]
    missing = [c for c in required if c not in headers]
    if missing:
        raise InputError(
            f"缺少必需的列 {'、'.join(missing)}（应有列：{'、'.join(required)}）",
            file=str(path),
            field=missing[0],
        )
    index = {h: i for i, h in enumerate(headers) if h in expected}
    for chunk in raw.chunks():
        cols = {h: chunk.column(f"c{i}").to_pylist() for h, i in index.items()}
        rows = chunk.column(ROW).to_pylist()
        for j, row_no in enumerate(rows):
            yield int(row_no), {h: (cols[h][j] or "").strip() for h in index}


def read_columns(
    path: Path, required: list[str], optional: tuple[str, ...] | list[str] = ()
) -> tuple[list[int], dict[str, list[str]]]:
    """Row numbers and column lists of ``path`` (for large files: no per-row dicts)."""
    path = Path(path)
    expected = set(required) | set(optional)
    raw = read_file(path, expected=expected, key=_key)
    headers = [_key(h) for h in raw.headers]
    missing = [c for c in required if c not in headers]
    if missing:
        raise InputError(
            f"缺少必需的列 {'、'.join(missing)}（应有列：{'、'.join(required)}）",
            file=str(path),
            field=missing[0],
        )
    index = {h: i for i, h in enumerate(headers) if h in expected}
    rows: list[int] = []
    cols: dict[str, list[str]] = {h: [] for h in index}
    for chunk in raw.chunks():
        rows.extend(int(r) for r in chunk.column(ROW).to_pylist())
        for h, i in index.items():
            cols[h].extend((v or "").strip() for v in chunk.column(f"c{i}").to_pylist())
    return rows, cols


def parse_date(value: str) -> dt.date:
    """A date as written in registry and decision exports; ValueError with a Chinese reason."""
    text = value.strip().split(" ")[0].split("T")[0]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"日期无法识别：{value!r}（应为 YYYY-MM-DD）")


def split_list(value: str) -> list[str]:
    return [p.strip() for p in _LIST_SEP.split(value) if p.strip()]


def row_hash(values: dict[str, Any]) -> str:
    text = "\x1f".join(f"{k}={values[k]}" for k in sorted(values))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class ImportLog:
    """Counts and quarantine of one market import (``kind``: entities / credit / listings)."""

    session: Session
    kind: str
    path: Path
    actor: str
    is_demo: bool | None = None
    read: int = 0
    loaded: int = 0
    duplicates: int = 0
    quarantined: int = 0
    new_quarantine: list[MarketQuarantine] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        require_file(self.path)
        self.source_hash = file_sha256(self.path)
        self.import_id = f"mkt-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        if self.is_demo is None:
            self.is_demo = is_demo_file(self.path)
        self._known: set[tuple[int, str]] = set(
            (int(r[0]), str(r[1]))
            for r in self.session.execute(
                select(MarketQuarantine.row, MarketQuarantine.field).where(
                    MarketQuarantine.kind == self.kind, MarketQuarantine.source_hash == self.source_hash
                )
            ).all()
        )

    def quarantine(self, row: int, field_: str, value: str | None, reason: str) -> None:
        self.quarantined += 1
        if (row, field_) in self._known:
            return
        self._known.add((row, field_))
        self.new_quarantine.append(
            MarketQuarantine(
                kind=self.kind,
                import_id=self.import_id,
                source_hash=self.source_hash,
                file=str(self.path),
                row=row,
                field=field_,
                value=value,
                reason=reason,
            )
        )

    def past_date(
        self, row: int, values: dict[str, str], column: str, today: dt.date, *, required: bool = False
    ) -> tuple[bool, dt.date | None]:
        """A date column that may not lie after ``today``: (True, the date, or None when an optional
        column is empty), or (False, None) with the row quarantined naming the column and why."""
        raw = values.get(column) or ""
        if not raw and not required:
            return True, None
        try:
            day = parse_date(raw)
        except ValueError as exc:
            self.quarantine(row, column, raw, str(exc))
            return False, None
        if day > today:
            self.quarantine(row, column, raw, f"{column}晚于今天（{today.isoformat()}）")
            return False, None
        return True, day

    def finish(self) -> dict[str, Any]:
        """Record the import (unless nothing changed) and return the summary."""
        changed = self.loaded > 0 or bool(self.new_quarantine)
        if changed:
            self.session.add(
                MarketImport(
                    id=self.import_id,
                    kind=self.kind,
                    file=str(self.path),
                    source_hash=self.source_hash,
                    read=self.read,
                    loaded=self.loaded,
                    duplicates=self.duplicates,
                    quarantined=self.quarantined,
                    is_demo=bool(self.is_demo),
                    by=self.actor,
                )
            )
            self.session.add_all(self.new_quarantine)
            self.session.flush()
        assert self.read == self.loaded + self.duplicates + self.quarantined
        return {
            "import_id": self.import_id if changed else None,
            "file": str(self.path),
            "read": self.read,
            "loaded": self.loaded,
            "duplicates": self.duplicates,
            "quarantined": self.quarantined,
            "changed": changed,
            "is_demo": bool(self.is_demo),
        }


def quarantine_rows(session: Session, *, kind: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    q = select(MarketQuarantine).order_by(MarketQuarantine.id.desc()).limit(limit)
    if kind:
        q = q.where(MarketQuarantine.kind == kind)
    return [
        {
            "file": r.file,
            "row": r.row,
            "field": r.field,
            "value": r.value,
            "reason": r.reason,
            "import_id": r.import_id,
        }
        for r in session.scalars(q)
    ]
