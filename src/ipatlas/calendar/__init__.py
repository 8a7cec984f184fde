"""Working days (工作日) for legal time limits: the one calendar of the platform.

``is_workday``, ``add_workdays`` and ``workdays_between`` use the package calendar
(``chinesecalendar``) unless a :class:`WorkCalendar` is passed; code with a workflow-database
session uses :func:`calendar_for` so that the administrator's holiday table counts too.
The start day of a period is never counted.
"""

from __future__ import annotations

import datetime as dt

from ipatlas.calendar.core import DayOverride, DueDate, WorkCalendar, WorkdayInfo
from ipatlas.calendar.holidays import builtin_calendar, calendar_for, import_days, list_days

__all__ = [
    "DayOverride",
    "DueDate",
    "WorkCalendar",
    "WorkdayInfo",
    "add_workdays",
    "builtin_calendar",
    "calendar_for",
    "import_days",
    "is_workday",
    "list_days",
    "workdays_between",
]


def is_workday(date: dt.date, *, calendar: WorkCalendar | None = None) -> WorkdayInfo:
    return (calendar or builtin_calendar()).is_workday(date)


def add_workdays(start: dt.date, n: int, *, calendar: WorkCalendar | None = None) -> DueDate:
    """The ``n``-th working day after ``start`` (期间开始之日不计算在内)."""
    return (calendar or builtin_calendar()).add_workdays(start, n)


def workdays_between(a: dt.date, b: dt.date, *, calendar: WorkCalendar | None = None) -> int:
    """Working days in ``(a, b]``."""
    return (calendar or builtin_calendar()).workdays_between(a, b)
