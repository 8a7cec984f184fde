"""Which year a yearbook table's values belong to, beyond the one year its title prints.

Two cases the title year gets wrong (round 6 of the real extracts, ``docs/statistics-yearbooks.md``):

- a table dated to a month or part of a year (``2021年2月…统计表``, ``2022年1—6月``, ``上半年``,
  ``一季度``) holds no annual figure: its flows are part-year totals, and the population an IP
  office's monthly table prints beside its counts is the denominator copied from an earlier year's
  bulletin (湖南 prints the same 839.45万 for 长沙 in 2020-11 and 2021-02: the 2019 year-end figure).
  Such values are reported with the reason, never loaded under the title's year;
- a note naming an indicator and one year (``常住人口:数据来自于…2024年…统计公报``) dates that
  indicator's column, whatever year the title prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

YEAR_IN = re.compile(r"(19[4-9]\d|20\d\d)年")
# 2021年2月 (not a census date 2020年11月1日), 2022年1—6月, 2014年上半年, 2023年一季度, 前三季度;
# 1-12月 / 1—12月 is the whole year, 12月底 / 12月末 its end (a year-end stock).
PART_YEAR = re.compile(
    r"(?:19[4-9]\d|20\d\d)年\s*"
    r"(?:(?:1|一)\s*[-—–~～至]\s*(?!12月)\d{1,2}月|(?<![-—–~～至\d])(?!12月[底末])(?:\d{1,2})月(?!\s*\d{1,2}日)"
    r"|[上下]半年|前?[一二三四1-4]季度|前三季度)"
)
NOTE_LEAD = re.compile(r"^(?:注\s*\d*\s*[:：.、]\s*)?")
NOTE_HEAD = re.compile(r"([^:：]{2,30})[:：](.*)$")


def part_year(titles: Iterable[str]) -> str | None:
    """The month or part of a year a title dates its table to (``2021年2月``), else None."""
    for t in titles:
        m = PART_YEAR.search(t.replace(" ", ""))
        if m:
            return m.group(0)
    return None


def note_years(notes: Iterable[str], variable: Callable[[str], str | None]) -> dict[str, str]:
    """Variable → the one year a note dates it to: ``<indicator>:…<year>年…`` (also after ``注：``),
    the indicator read by ``variable``; a note naming two years dates nothing."""
    out: dict[str, str] = {}
    for text in notes:
        body = NOTE_LEAD.sub("", text.strip(), count=1)
        m = NOTE_HEAD.match(body)
        if not m:
            continue
        var = variable(m.group(1).strip())
        years = set(YEAR_IN.findall(m.group(2)))
        if var and len(years) == 1:
            out[var] = years.pop()
    return out
