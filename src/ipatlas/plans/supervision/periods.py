"""Quarters (2026Q3), deadlines and due dates of the reporting calendar."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ipatlas.errors import InputError

CN_QUARTER = {1: "一", 2: "二", 3: "三", 4: "四"}
_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*[Qq]\s*([1-4])\s*$")
_CN_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*年?\s*第?\s*([一二三四1-4])\s*季度?\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    q: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2026Q3``, ``2026q3`` or ``2026年第三季度``."""
        m = _QUARTER_RE.match(text or "")
        if m:
            return cls(int(m.group(1)), int(m.group(2)))
        m = _CN_QUARTER_RE.match(text or "")
        if m:
            raw = m.group(2)
            q = int(raw) if raw.isdigit() else {v: k for k, v in CN_QUARTER.items()}[raw]
            return cls(int(m.group(1)), q)
        raise InputError(f"季度格式应为 2026Q3：{text!r}", field="quarter")

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> dt.date:
        month = 3 * self.q
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.q == 4 else Quarter(self.year, self.q + 1)

    def prev(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.q == 1 else Quarter(self.year, self.q - 1)

    def due(self, days: int) -> dt.date:
        """The 季报 of this quarter is due ``days`` days after the quarter ends."""
        return self.end + dt.timedelta(days=days)

    @property
    def label(self) -> str:
        return f"{self.year}年第{CN_QUARTER[self.q]}季度"

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    out: list[Quarter] = []
    q = first
    while q <= last:
        out.append(q)
        q = q.next()
    return out


def last_completed_quarter(day: dt.date) -> Quarter:
    return Quarter.of(day).prev()


def deadline_date(deadline: str | None) -> dt.date | None:
    """The milestone a deadline stands for: ``2018`` → 2018-12-31, ``2018-06`` → 2018-06-30."""
    if not deadline:
        return None
    parts = deadline.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return dt.date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2:
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, month, int(parts[2]))
    except (ValueError, IndexError):
        raise InputError(
            f"完成时限无效：{deadline!r}（应为 YYYY、YYYY-MM 或 YYYY-MM-DD）", field="deadline"
        ) from None


def parse_date(text: str | None, field: str = "date") -> dt.date | None:
    if text is None or not str(text).strip():
        return None
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise InputError(f"日期格式应为 YYYY-MM-DD：{text!r}", field=field) from None
