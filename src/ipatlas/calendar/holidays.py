"""The administrator-extended holiday table: import from CSV/XLSX, load into a :class:`WorkCalendar`.

The file has the columns ``date, workday, reason`` (header required; Chinese headers 日期, 是否工作日,
说明 accepted). ``workday`` takes 1/0, true/false, yes/no, 是/否, 班/休. An import is an upsert
keyed on the date: re-importing the same file changes nothing; a bad row is quarantined with its
row, field and reason while the good rows load (read = inserted + updated + unchanged + quarantined).
A year counts as covered as soon as the table holds any day of it, so import a whole year's
arrangement (holidays and adjusted working days) at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipatlas.calendar.core import DayOverride, WorkCalendar
from ipatlas.calendar.models import CalendarDay
from ipatlas.errors import InputError, csv_unreadable
from ipatlas.sourcetext import decode_bytes
from ipatlas.sourcetext.sheets import SHEET_SUFFIXES, open_workbook

_HEADERS = {
    "date": "date",
    "日期": "date",
    "workday": "workday",
    "是否工作日": "workday",
    "工作日": "workday",
    "reason": "reason",
    "说明": "reason",
    "原因": "reason",
    "名称": "reason",
}
_LABELS = {"date": "日期", "workday": "是否工作日", "reason": "说明"}  # as quarantine and errors name them
_TRUE = {"1", "true", "yes", "y", "是", "班", "上班", "工作日"}
_FALSE = {"0", "false", "no", "n", "否", "休", "休息", "放假", "节假日"}

_builtin: WorkCalendar | None = None
_cache: dict[tuple[Any, ...], WorkCalendar] = {}
_lock = threading.Lock()


def builtin_calendar() -> WorkCalendar:
    """The calendar from the ``chinesecalendar`` package alone (built once per process)."""
    global _builtin
    with _lock:
        if _builtin is None:
            _builtin = WorkCalendar()
        return _builtin


def calendar_for(session: Session) -> WorkCalendar:
    """The package calendar extended by the ``calendar_days`` table (cached until the table changes)."""
    row = session.execute(
        select(
            func.count(),
            func.max(CalendarDay.imported_at),
            func.min(CalendarDay.date),
            func.max(CalendarDay.date),
        )
    ).one()
    if not row[0]:
        return builtin_calendar()
    key = (str(session.get_bind().engine.url), *row)
    with _lock:
        cal = _cache.get(key)
    if cal is None:
        overrides = [
            DayOverride(d.date, bool(d.workday), d.reason or ("调休上班" if d.workday else "节假日"))
            for d in session.scalars(select(CalendarDay))
        ]
        cal = WorkCalendar(overrides)
        with _lock:
            _cache.clear()
            _cache[key] = cal
    return cal


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    for suffix in ("年", "月"):
        text = text.replace(suffix, "-")
    text = text.replace("日", "")
    return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")) if text else "")


def _parse_workday(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"无法识别是否工作日: {value!r}（可用 1/0、true/false、是/否、班/休）")


_MAX_BYTES = 5 << 20


def _read_rows(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputError("文件不存在" if not path.exists() else "不是文件", file=str(path))
    if path.stat().st_size > _MAX_BYTES:  # a holiday table is a few hundred rows
        raise InputError(f"文件超过 {_MAX_BYTES >> 20} MB，不是节假日安排表", file=str(path))
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES:
        with open_workbook(path) as wb:
            raw = [list(r) for r in wb.rows()]
    elif suffix in {".csv", ".txt"}:
        text = decode_bytes(path.read_bytes(), name=str(path)).text  # UTF-8, UTF-16, GB18030, Big5
        try:
            raw = [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
        except csv.Error as exc:
            raise InputError(f"CSV 无法解析：{csv_unreadable(exc)}", file=str(path)) from None
    else:
        kind = suffix or "（无扩展名）"
        raise InputError(f"不支持的文件类型 {kind}：请用 CSV、XLSX 或 XLS", file=str(path))
    if not raw:
        raise InputError("文件为空", file=str(path))
    header = [_HEADERS.get(str(h or "").strip().lower(), str(h or "").strip()) for h in raw[0]]
    missing = [c for c in ("date", "workday") if c not in header]
    if missing:
        raise InputError(
            f"缺少列 {'、'.join(_LABELS[c] for c in missing)}"
            "（表头应为 日期、是否工作日、说明，或 date、workday、reason）",
            file=str(path),
            row=1,
            field=_LABELS[missing[0]],
        )
    rows: list[dict[str, Any]] = []
    for values in raw[1:]:
        if all(v is None or str(v).strip() == "" for v in values):
            rows.append({})
            continue
        rows.append({h: (values[i] if i < len(values) else None) for i, h in enumerate(header)})
    return rows


def import_days(session: Session, path: Path, *, actor: str | None = None) -> dict[str, Any]:
    """Upsert the days of ``path`` into ``calendar_days``; bad rows are quarantined, not loaded."""
    path = Path(path)
    rows = _read_rows(path)
    quarantined: list[dict[str, Any]] = []
    parsed: dict[dt.date, tuple[bool, str, int]] = {}
    duplicates = 0
    read = 0
    for n, row in enumerate(rows, start=2):
        if not row:
            continue
        read += 1
        try:
            day = _parse_date(row.get("date"))
        except (ValueError, TypeError):
            quarantined.append({"row": n, "field": "日期", "reason": f"日期无效：{row.get('date')!r}"})
            continue
        try:
            work = _parse_workday(row.get("workday"))
        except ValueError as exc:
            quarantined.append({"row": n, "field": "是否工作日", "reason": str(exc)})
            continue
        reason = str(row.get("reason") or "").strip() or ("调休上班" if work else "节假日")
        if day in parsed:
            if parsed[day][:2] != (work, reason):
                quarantined.append(
                    {
                        "row": n,
                        "field": "日期",
                        "reason": f"与第 {parsed[day][2]} 行同一日期但内容不同: {day}",
                    }
                )
            else:
                duplicates += 1
            continue
        parsed[day] = (work, reason, n)
    inserted = updated = unchanged = 0
    existing = {
        d.date: d for d in session.scalars(select(CalendarDay).where(CalendarDay.date.in_(list(parsed))))
    }
    for day, (work, reason, _n) in sorted(parsed.items()):
        old = existing.get(day)
        if old is None:
            session.add(
                CalendarDay(date=day, workday=work, reason=reason, source=path.name, imported_by=actor)
            )
            inserted += 1
        elif (bool(old.workday), old.reason) != (work, reason):
            old.workday, old.reason, old.source, old.imported_by = work, reason, path.name, actor
            old.imported_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            updated += 1
        else:
            unchanged += 1
    session.flush()
    years = sorted({d.year for d in parsed})
    return {
        "file": str(path),
        "read": read,
        "inserted": inserted,
        "updated": updated,
        "unchanged": unchanged,
        "duplicates": duplicates,
        "quarantined": quarantined,
        "years": years,
    }


def list_days(session: Session, *, year: int | None = None) -> list[dict[str, Any]]:
    q = select(CalendarDay).order_by(CalendarDay.date)
    if year is not None:
        q = q.where(CalendarDay.date >= dt.date(year, 1, 1), CalendarDay.date <= dt.date(year, 12, 31))
    return [
        {"date": d.date.isoformat(), "workday": bool(d.workday), "reason": d.reason, "source": d.source}
        for d in session.scalars(q)
    ]
