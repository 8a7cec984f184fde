"""Working-day arithmetic over the State Council's holiday arrangement (国务院办公厅节假日安排).

The calendar is one precomputed NumPy array over a fixed span of days: ``workday[i]`` tells
whether day ``origin + i`` is a working day and ``cum[i]`` counts the working days up to and
including it. ``add_workdays`` is then a ``searchsorted`` on ``cum`` and vectorises over arrays
of dates (millions per second), ``workdays_between`` a difference of two counts.

Sources, in order of precedence: the administrator's holiday table (``calendar_days`` in the
workflow database, imported with ``ipatlas calendar import``), the ``chinesecalendar`` package
(2004 to the last year it ships, 2026 in version 1.11), and for every other year Monday to
Friday -- such days are flagged ``assumed`` and every result that crosses one says so.

Periods follow the legal convention: the start day is not counted (期间开始之日不计算在内,
民法典第二百零一条), so ``add_workdays(d, 1)`` is the first working day after ``d``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ipatlas.errors import InputError

# The span the arrays cover: wide enough for historical ledgers and long deadlines.
ORIGIN = dt.date(1990, 1, 1)
END = dt.date(2100, 12, 31)
_ORIGIN64 = np.datetime64(ORIGIN.isoformat(), "D")

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

REASON_WORKDAY = "工作日"
REASON_WEEKEND = "周末"
REASON_ASSUMED = "无节假日安排数据，按周一至周五推定"


@dataclass(frozen=True)
class WorkdayInfo:
    date: dt.date
    workday: bool
    reason: str
    assumed: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "workday": self.workday,
            "reason": self.reason,
            "assumed": self.assumed,
        }


@dataclass(frozen=True)
class DueDate:
    date: dt.date
    assumed: bool

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "assumed": self.assumed}


@dataclass(frozen=True)
class DayOverride:
    """One day from the administrator's holiday table."""

    date: dt.date
    workday: bool
    reason: str


def _holiday_name(value: Any) -> str:
    name = getattr(value, "value", value)
    if isinstance(name, tuple):  # some package versions keep (english, chinese, days)
        name = name[0]
    return HOLIDAY_NAMES_ZH.get(str(name), str(name))


def package_days() -> tuple[dict[dt.date, DayOverride], set[int]]:
    """Holidays and adjusted working days from ``chinesecalendar`` and the years it covers."""
    from chinese_calendar import constants

    days: dict[dt.date, DayOverride] = {}
    for d, name in constants.holidays.items():
        days[d] = DayOverride(d, False, f"法定节假日：{_holiday_name(name)}")
    for d, name in constants.workdays.items():
        days[d] = DayOverride(d, True, f"调休上班：{_holiday_name(name)}")
    years = {d.year for d in days}
    covered = set(range(min(years), max(years) + 1)) if years else set()
    return days, covered


class WorkCalendar:
    """Working days over ``ORIGIN``..``END`` with vectorised arithmetic."""

    def __init__(self, overrides: Iterable[DayOverride] = (), *, use_package: bool = True) -> None:
        days, covered = package_days() if use_package else ({}, set())
        admin = list(overrides)
        for o in admin:
            days[o.date] = o
        self.admin_years = {o.date.year for o in admin}
        self.package_years = set(covered)
        self.covered_years = covered | self.admin_years
        self._days = days
        n = (END - ORIGIN).days + 1
        dates = _ORIGIN64 + np.arange(n)
        weekday = (dates.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday (3)
        work = weekday < 5
        years = dates.astype("datetime64[Y]").astype(int) + 1970
        self._assumed = ~np.isin(
            years, np.fromiter(self.covered_years, dtype=int, count=len(self.covered_years))
        )
        for d, o in days.items():
            if ORIGIN <= d <= END:
                work[(d - ORIGIN).days] = o.workday
        self._work = work
        self.cum = np.cumsum(work, dtype=np.int64)
        self.cum_assumed = np.cumsum(self._assumed, dtype=np.int64)
        self.total = int(self.cum[-1])

    # ---- scalar API -------------------------------------------------------------------------
    def _index(self, d: dt.date) -> int:
        if isinstance(d, dt.datetime):
            d = d.date()
        if not isinstance(d, dt.date):
            raise InputError(f"不是日期: {d!r}", field="date")
        if not ORIGIN <= d <= END:
            raise InputError(f"日期超出日历范围 {ORIGIN}–{END}: {d}", field="date")
        return (d - ORIGIN).days

    def is_workday(self, d: dt.date) -> WorkdayInfo:
        i = self._index(d)
        day = d.date() if isinstance(d, dt.datetime) else d
        work = bool(self._work[i])
        assumed = bool(self._assumed[i])
        o = self._days.get(day)
        if o is not None:
            reason = o.reason
        elif assumed:
            reason = f"{REASON_WORKDAY if work else REASON_WEEKEND}（{REASON_ASSUMED}）"
        else:
            reason = REASON_WORKDAY if work else REASON_WEEKEND
        return WorkdayInfo(day, work, reason, assumed)

    def add_workdays(self, start: dt.date, n: int) -> DueDate:
        """The ``n``-th working day after ``start`` (start day not counted); ``n < 0`` goes back."""
        i = self._index(start)
        dates, assumed = self.add_workdays_array(np.array([i], dtype=np.int64) + _ORIGIN64, n)
        return DueDate(dates[0].astype(dt.date), bool(assumed[0]))

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in ``(a, b]`` (start not counted); negative when ``b`` is before ``a``."""
        ia, ib = self._index(a), self._index(b)
        return int(self.cum[ib] - self.cum[ia])

    def next_workday(self, d: dt.date, *, inclusive: bool = True) -> dt.date:
        """``d`` itself when it is a working day (``inclusive``), else the next working day."""
        i = self._index(d)
        if inclusive and self._work[i]:
            return d.date() if isinstance(d, dt.datetime) else d
        return self.add_workdays(d, 1).date

    def assumed_between(self, a: dt.date, b: dt.date) -> bool:
        """Whether any day in ``(a, b]`` was computed without holiday data."""
        ia, ib = sorted((self._index(a), self._index(b)))
        return bool(self.cum_assumed[ib] - self.cum_assumed[ia] > 0)

    # ---- vectorised API ---------------------------------------------------------------------
    def add_workdays_array(self, starts: Any, n: Any) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised :meth:`add_workdays`: ``starts`` as ``datetime64[D]`` array, ``n`` scalar or array.

        Returns ``(dates, assumed)``: the due dates (``datetime64[D]``) and whether any day
        between a start and its due date was computed without holiday data.
        """
        idx = (np.asarray(starts, dtype="datetime64[D]") - _ORIGIN64).astype(np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= self.cum.size):
            raise InputError(f"日期超出日历范围 {ORIGIN}–{END}", field="date")
        nn = np.broadcast_to(np.asarray(n, dtype=np.int64), idx.shape)
        base = self.cum[idx]
        # Forward: the first day whose running count reaches base + n (always a working day).
        # Backward (n < 0): the |n|-th working day strictly before the start.
        before = base - self._work[idx]
        target = np.where(nn >= 0, base + nn, before + nn + 1)
        zero = nn == 0
        if np.any((target > self.total) | ((target < 1) & ~zero)):
            raise InputError(f"结果超出日历范围 {ORIGIN}–{END}", field="n")
        out = np.searchsorted(self.cum, target, side="left")
        out = np.where(zero, idx, out)
        lo, hi = np.minimum(idx, out), np.maximum(idx, out)
        assumed = (self.cum_assumed[hi] - self.cum_assumed[lo]) > 0
        return _ORIGIN64 + out, assumed

    def is_workday_array(self, dates: Any) -> np.ndarray:
        idx = (np.asarray(dates, dtype="datetime64[D]") - _ORIGIN64).astype(np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= self.cum.size):
            raise InputError(f"日期超出日历范围 {ORIGIN}–{END}", field="date")
        return np.asarray(self._work[idx])

    def coverage(self) -> dict[str, Any]:
        return {
            "package_years": sorted(self.package_years),
            "admin_years": sorted(self.admin_years),
            "assumed": f"{ORIGIN.year}–{END.year} 中其余年份按周一至周五推定（标记 assumed）",
        }


def overrides_from_mapping(days: Mapping[dt.date, tuple[bool, str]]) -> list[DayOverride]:
    return [DayOverride(d, w, r) for d, (w, r) in sorted(days.items())]
