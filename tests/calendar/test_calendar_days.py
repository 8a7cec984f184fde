"""Working-day arithmetic against the State Council's published arrangements and a per-day loop."""

from __future__ import annotations

import datetime as dt
import random

import chinese_calendar
import numpy as np
import pytest

from ipatlas import calendar
from ipatlas.calendar import DayOverride, WorkCalendar
from ipatlas.errors import InputError

D = dt.date


def naive_add(start: dt.date, n: int) -> dt.date:
    d, left = start, n
    while left > 0:
        d += dt.timedelta(days=1)
        if chinese_calendar.is_workday(d):
            left -= 1
    return d


def test_national_day_2026_with_adjusted_saturday() -> None:
    # The 2026 arrangement as shipped by chinesecalendar 1.11: holidays 1-7 Oct, adjusted working
    # days Sunday 20 Sep and Saturday 10 Oct.
    info = calendar.is_workday(D(2026, 10, 1))
    assert (info.workday, info.reason, info.assumed) == (False, "法定节假日：国庆节", False)
    sat = calendar.is_workday(D(2026, 10, 10))
    assert sat.workday is True and sat.reason.startswith("调休上班")
    assert calendar.is_workday(D(2026, 10, 17)).reason == "周末"
    assert calendar.is_workday(D(2026, 10, 16)).reason == "工作日"
    # Start day not counted: 30 Sep + 1 working day is the first working day after the holiday.
    assert calendar.add_workdays(D(2026, 9, 30), 1).date == D(2026, 10, 8)
    # 8 Oct (Thu), 9 Oct (Fri), 10 Oct (adjusted Sat), 12, 13, 14, 15 Oct.
    assert calendar.add_workdays(D(2026, 9, 30), 7) == calendar.DueDate(D(2026, 10, 15), False)


def test_start_day_not_counted_and_zero() -> None:
    monday = D(2025, 3, 3)
    assert calendar.add_workdays(monday, 1).date == D(2025, 3, 4)
    assert calendar.add_workdays(monday, 0).date == monday
    # Starting on a Saturday: the first working day is Monday.
    assert calendar.add_workdays(D(2025, 3, 8), 1).date == D(2025, 3, 10)
    assert calendar.workdays_between(monday, D(2025, 3, 10)) == 5
    assert calendar.workdays_between(D(2025, 3, 10), monday) == -5


def test_matches_day_by_day_loop_on_random_dates() -> None:
    rng = random.Random(12)
    for _ in range(400):
        start = D(2005, 1, 1) + dt.timedelta(days=rng.randrange(0, 21 * 365))
        n = rng.choice([1, 3, 5, 7, 15, 20, 45, 60])
        due = calendar.add_workdays(start, n)
        if due.date.year <= 2026:
            assert due.date == naive_add(start, n), (start, n)
            assert calendar.workdays_between(start, due.date) == n
            assert due.assumed is False


def test_backwards_is_the_inverse() -> None:
    cal = calendar.builtin_calendar()
    rng = random.Random(3)
    for _ in range(200):
        start = D(2010, 1, 1) + dt.timedelta(days=rng.randrange(0, 15 * 365))
        n = rng.randrange(1, 40)
        back = cal.add_workdays(start, -n).date
        assert cal.is_workday(back).workday
        # n working days after `back` lands on start's working day or the next one.
        assert cal.add_workdays(back, n).date == cal.next_workday(start)


def test_year_without_data_is_assumed_never_silent() -> None:
    info = calendar.is_workday(D(2027, 1, 1))
    assert info.workday is True and info.assumed is True and "推定" in info.reason
    due = calendar.add_workdays(D(2026, 12, 30), 3)
    assert due.date == D(2027, 1, 4) and due.assumed is True
    # Entirely inside covered years: not assumed.
    assert calendar.add_workdays(D(2026, 12, 1), 3).assumed is False


def test_admin_days_cover_a_new_year() -> None:
    cal = WorkCalendar(
        [
            DayOverride(D(2027, 1, 1), False, "元旦"),
            DayOverride(D(2027, 2, 20), True, "春节调休上班"),
        ]
    )
    assert cal.is_workday(D(2027, 1, 1)) == calendar.WorkdayInfo(D(2027, 1, 1), False, "元旦", False)
    assert cal.is_workday(D(2027, 2, 20)).workday is True  # a Saturday
    due = cal.add_workdays(D(2026, 12, 31), 1)
    assert due == calendar.DueDate(D(2027, 1, 4), False)
    assert 2027 in cal.covered_years and cal.is_workday(D(2028, 1, 3)).assumed


def test_array_api_equals_scalar_api() -> None:
    cal = calendar.builtin_calendar()
    rng = np.random.default_rng(1)
    starts = np.datetime64("2019-01-01") + rng.integers(0, 3000, 2000)
    ns = rng.integers(-30, 60, 2000)
    dates, assumed = cal.add_workdays_array(starts, ns)
    for s, n, d, a in zip(starts[:300], ns[:300], dates[:300], assumed[:300], strict=True):
        due = cal.add_workdays(s.astype(dt.date), int(n))
        assert (due.date, due.assumed) == (d.astype(dt.date), bool(a))


def test_out_of_range_is_input_error() -> None:
    with pytest.raises(InputError, match="日历范围"):
        calendar.add_workdays(D(1980, 1, 1), 1)
    with pytest.raises(InputError, match="范围"):
        calendar.add_workdays(D(2100, 12, 30), 10)
