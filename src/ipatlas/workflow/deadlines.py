"""Deadline arithmetic for one clock: due dates in working days, natural days, months or hours.

Conventions (each a rule of Chinese law, applied to every rule table):

* the start day is not counted (民法典第二百零一条: 按照年、月、日计算期间的，开始的当日不计入);
* a period in natural days or months whose last day is a statutory holiday ends on the next
  working day (民法典第二百零三条), unless the rule says ``roll_to_workday: false``;
* a month period ends on the same day number of the last month, or its last day when it has none
  (民法典第二百零二条);
* a pause (中止) adds the paused span in the rule's own unit; an extension (延期) adds length up
  to the rule's cap.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt

from ipatlas.calendar import WorkCalendar

END_OF_DAY = dt.time(23, 59, 59)


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, _stdcal.monthrange(year, month)[1]))


def compute_due(
    cal: WorkCalendar,
    started_at: dt.datetime,
    unit: str,
    length: int,
    *,
    paused: int = 0,
    roll_to_workday: bool = True,
) -> tuple[dt.datetime, dt.date, bool]:
    """``(due_at, due_date, assumed)`` for a clock started at ``started_at``."""
    base = started_at.date()
    if unit == "hours":
        due_at = started_at + dt.timedelta(hours=length + paused)
        return due_at, due_at.date(), cal.assumed_between(base, due_at.date())
    if unit == "workdays":
        due = cal.add_workdays(base, length + paused)
        return dt.datetime.combine(due.date, END_OF_DAY), due.date, due.assumed
    if unit == "days":
        day = base + dt.timedelta(days=length + paused)
    elif unit == "months":
        day = add_months(base, length) + dt.timedelta(days=paused)
    else:  # validated when the rule table was loaded
        raise ValueError(unit)
    if roll_to_workday:
        day = cal.next_workday(day)
    return dt.datetime.combine(day, END_OF_DAY), day, cal.assumed_between(base, day)


def paused_span(cal: WorkCalendar, unit: str, paused_at: dt.datetime, resumed_at: dt.datetime) -> int:
    """How much a pause from ``paused_at`` to ``resumed_at`` adds, in the rule's unit."""
    if unit == "hours":
        return max(0, int((resumed_at - paused_at).total_seconds() // 3600))
    if unit == "workdays":
        return max(0, cal.workdays_between(paused_at.date(), resumed_at.date()))
    return max(0, (resumed_at.date() - paused_at.date()).days)
