"""Tables rendered as text: the 主要指标 table of a 规划 and the 任务分工 table of a 实施方案.

A row is a line of cells separated by "|" (DOCX and HTML rows of three or more cells are read
that way, see ``normalize``). The header row says what each column holds; rows with fewer cells
than the header lost their leading cells to merged (rowspan) cells, so cells align from the right.

* 主要指标: a 指标 column, one or more year columns (2020年 / 2025年 / 2025年目标值), optional
  单位 and 属性 (预期性/约束性) columns. Each row is a target for the last year column, with the
  first year column as its baseline. Values: "12", "≥20", ">20", "约5", "1000亿元", "13%",
  "〔30〕" (cumulative over the period); the unit is the cell's, else the 单位 column's, else the
  indicator's own "（件）".
* 任务分工: a 任务 column and a 牵头单位/责任单位 column, with optional 配合单位 and 完成时限
  columns. Each row becomes a measure "N.任务（牵头单位：A；配合单位：B）完成时限：…" that the task
  reader understands like any other responsibility note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ipatlas.plans.links import match_indicator
from ipatlas.plans.models import Baseline, Target
from ipatlas.plans.quantities import NumberParseError, as_number, parse_quantity
from ipatlas.plans.targets import FYP, fyp_years, kind_for_unit, raw_unit

SEP = "|"
NO_COL_RE = re.compile(r"^(序号|编号|类别|类型|领域|分类|一级指标|方面)$")
INDICATOR_COL_RE = re.compile(r"^(?:主要)?指标(?:名称|内容)?(?:（(?P<unit>[^（）]+)）)?$|^二级指标$")
UNIT_COL_RE = re.compile(r"^(?:计量)?单位$")
YEAR_COL_RE = re.compile(r"^(\d{4})年?(?:（?(?:目标值?|基期值?|基数|实际值?|预期值?|规划值?)）?)?$")
# Other ways a header names a year: "基期值（2020年）", "2025年目标", "“十三五”末（2020年）",
# "“十四五”末" (the last year of a five-year plan).
YEAR_WORDS_RE = re.compile(
    r"目标值?|基期值?|基数|基准值?|现状值?|实际值?|预期值?|规划值?|完成值?|预计|期末|年底|年末|末|底|值|年|"
    r"[“”\"‘’（）()\[\]【】〔〕]"
)
FIVE_YEAR_RE = re.compile(FYP)
# Value columns headed with no year ("基期值 | 目标值"): dated by the plan (the eve of its start, its end).
BASE_COL_RE = re.compile(r"^(?:基期值?|基数|基准值?|现状值?)$")
TARGET_COL_RE = re.compile(r"^(?:目标值?|规划目标值?|预期目标值?|规划值|预期值)$")
SEPARATOR_RE = re.compile(r"^:?-{2,}:?$")
REMARK_COL_RE = re.compile(r"^(?:备注|说明)$")
ATTR_COL_RE = re.compile(r"^(?:指标)?(?:属性|性质)$")
TASK_COL_RE = re.compile(
    r"^(?:重点|主要|具体|工作)?(?:任务|措施|举措|工作)(?:内容|措施|举措|事项|名称)?$|^工作内容$"
)
# Of two task columns ("重点任务 | 具体措施"), the measure is the more specific one.
MEASURE_COL_RE = re.compile(r"(措施|举措|内容|事项)$")
LEAD_COL_RE = re.compile(r"^(牵头|责任|主责|主办)(?:单位|部门)$|^牵头$")
SUPPORT_COL_RE = re.compile(r"^(?:配合|参与|协办|协同)(?:单位|部门)?$")
DEADLINE_COL_RE = re.compile(
    r"^(?:完成)?(?:时限|时间|期限)(?:节点|要求)?$|^时间(?:节点|进度|安排|要求)$|^进度(?:安排|要求)$"
)

VALUE_RE = re.compile(
    r"^(?P<pre>≥|≧|>|＞|≤|≦|<|＜|约|超过|不低于|不少于|达到)?\s*"
    r"(?P<open>[〔\[【（])?(?P<q>\d+(?:\.\d+)?\s*[^\d\s〕\]】）以左]*?)(?P<close>[〕\]】）])?"
    r"(?P<post>以上|以下|左右)?$"
)
PRE_CMP = {"≥": ">=", "≧": ">=", "不低于": ">=", "不少于": ">=", ">": ">", "＞": ">", "超过": ">",
           "≤": "<=", "≦": "<=", "<": "<=", "＜": "<=", "约": "~"}  # fmt: skip
POST_CMP = {"以上": ">=", "以下": "<=", "左右": "~"}
UNIT_IN_NAME_RE = re.compile(r"（([^（）]{1,6})）$")
ROW_NUMBER_RE = re.compile(r"^(?:\d{1,3}[.、．]?|（\d{1,3}）|[①-⑳])\s*")
DEADLINE_CELL_RE = re.compile(r"^\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末)?$")


def cells(line: str) -> list[str] | None:
    """The cells of a table row, or None for a line that is not one."""
    if SEP not in line:
        return None
    parts = [c.strip() for c in line.strip().strip(SEP).split(SEP)]
    return parts if len(parts) >= 2 else None


def is_separator(row: list[str]) -> bool:
    """A Markdown header rule ("| --- | :---: |"): furniture, not a row."""
    return all(SEPARATOR_RE.match(c.replace(" ", "")) for c in row if c) and any(row)


def _head(cell: str) -> str:
    """A header cell as matched: no spaces ("任 务 名 称", "2025 年")."""
    return re.sub(r"\s+", "", cell)


def header_year(cell: str) -> int | None:
    """The year a header cell names (a year column), or None."""
    cell = _head(cell)
    if m := YEAR_COL_RE.match(cell):
        return int(m.group(1))
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", cell)
    five = FIVE_YEAR_RE.findall(cell)
    rest = YEAR_WORDS_RE.sub("", FIVE_YEAR_RE.sub("", re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", "", cell)))
    if rest or len(years) > 1 or len(five) > 1 or not (years or five):
        return None
    if years:
        return int(years[0])
    return fyp_years(five[0])[1] if "末" in cell else None


def _aligned(row: list[str], width: int) -> list[str]:
    """A row with fewer cells than the header: its leading (merged) cells are missing."""
    return [""] * (width - len(row)) + row if len(row) < width else row[:width]


@dataclass
class _Columns:
    indicator: int
    years: list[tuple[int, int]]  # (column, year)
    unit: int | None
    attr: int | None
    header_unit: str | None
    plain_target: int | None = None  # a "目标值" column with no year
    plain_base: int | None = None  # a "基期值" column with no year


def _indicator_columns(header: list[str]) -> _Columns | None:
    ind = unit = attr = None
    header_unit: str | None = None
    years: list[tuple[int, int]] = []
    plain_target = plain_base = None
    for i, raw in enumerate(header):
        cell = _head(raw)
        m = INDICATOR_COL_RE.match(cell)
        if m and ind is None:
            ind, header_unit = i, m.groupdict().get("unit")
            header_unit = None if header_unit in ("单位", "计量单位") else header_unit
        elif UNIT_COL_RE.match(cell):
            unit = i
        elif ATTR_COL_RE.match(cell):
            attr = i
        elif (year := header_year(cell)) is not None:
            years.append((i, year))
        elif TARGET_COL_RE.match(cell) and plain_target is None:
            plain_target = i
        elif BASE_COL_RE.match(cell) and plain_base is None:
            plain_base = i
    if ind is None or not (years or plain_target is not None):
        return None
    # The target is the latest year, the baseline the earliest, whatever their order.
    years.sort(key=lambda cy: cy[1])
    return _Columns(ind, years, unit, attr, header_unit, plain_target, plain_base)


def _value(cell: str, unit: str | None) -> tuple[float | int, str | None, str, str] | None:
    """(value in base units, unit, comparator, kind) of a value cell."""
    m = VALUE_RE.match(cell.replace(" ", ""))
    if not m or not m.group("q"):
        return None
    q_text = m.group("q")
    if not re.search(r"\D$", q_text) and unit:
        q_text += unit
    cmp = PRE_CMP.get(m.group("pre") or "") or POST_CMP.get(m.group("post") or "", "=")
    try:
        q = parse_quantity(q_text)
    except NumberParseError:
        # A unit the quantity reader does not know (分, 天, 个月): the figure with the unit as written.
        number = re.match(r"\d+(?:\.\d+)?", q_text)
        if number is None or not unit or q_text != number.group(0) + unit:
            return None
        return as_number(parse_quantity(number.group(0)).value), unit, cmp, "level"
    if m.group("open") and m.group("close"):
        return as_number(q.value), q.unit, cmp, "cumulative"  # 〔30〕: over the whole period
    return as_number(q.value), q.unit, cmp, kind_for_unit(q.unit, raw_unit(q_text))


def _value_columns(
    cols: _Columns, period: tuple[int | None, int | None]
) -> tuple[tuple[int, int | None], tuple[int, int | None] | None]:
    """(target column, year) and (baseline column, year) or None: the year columns, else the plain
    目标值/基期值 columns in the plan's period (a 2021–2025 plan's 基期值 is 2020's)."""
    if cols.years:
        return cols.years[-1], (cols.years[0] if len(cols.years) > 1 else None)
    start, end = period
    assert cols.plain_target is not None
    base = (cols.plain_base, start - 1 if start else None) if cols.plain_base is not None else None
    return (cols.plain_target, end), base


def _row_target(
    row: list[str], cols: _Columns, line: str, period: tuple[int | None, int | None] = (None, None)
) -> Target | None:
    name = ROW_NUMBER_RE.sub("", row[cols.indicator]).rstrip("*①②③④⑤⑥⑦⑧⑨")
    um = UNIT_IN_NAME_RE.search(name)
    unit = row[cols.unit] if cols.unit is not None and row[cols.unit] else None
    unit = unit or (um.group(1) if um else None) or cols.header_unit
    name = UNIT_IN_NAME_RE.sub("", name).strip()
    if len(re.findall(r"[\u4e00-\u9fff]", name)) < 2:
        return None
    (t_col, t_year), base = _value_columns(cols, period)
    got = _value(row[t_col], unit)
    if got is None:
        return None
    value, q_unit, cmp, kind = got
    baseline = None
    if base is not None and (b := _value(row[base[0]], unit)) is not None:
        baseline = Baseline(year=base[1], value=b[0], unit=b[1], text=row[base[0]])
    attr = row[cols.attr] if cols.attr is not None else ""
    entry = match_indicator(name, value=value, unit=q_unit)
    return Target(
        indicator=name,
        indicator_id=entry.id if entry else None,
        value=value,
        unit=q_unit,
        year=t_year,
        kind=kind,  # type: ignore[arg-type]
        nature=attr if attr in ("预期性", "约束性") else None,  # type: ignore[arg-type]
        comparator=cmp,  # type: ignore[arg-type]
        baseline=baseline,
        value_text=row[t_col],
        section=None,
        text=line,
    )


def table_targets(lines: list[str], period: tuple[int | None, int | None] = (None, None)) -> list[Target]:
    """Targets of every 主要指标 table among ``lines``; ``period`` (start, end) dates the columns headed
    基期值 / 目标值 with no year."""
    out: list[Target] = []
    cols: _Columns | None = None
    width = 0
    for line in lines:
        row = cells(line)
        if row is None:
            cols = None
            continue
        if is_separator(row):
            continue
        header = _indicator_columns(row)
        if header is not None:
            cols, width = header, len(row)
            continue
        if cols is not None and (t := _row_target(_aligned(row, width), cols, line, period)) is not None:
            out.append(t)
    return out


def _task_columns(header: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, raw in enumerate(header):
        cell = _head(raw)
        for key, rx in (("task", TASK_COL_RE), ("lead", LEAD_COL_RE), ("support", SUPPORT_COL_RE),
                        ("deadline", DEADLINE_COL_RE), ("no", NO_COL_RE)):  # fmt: skip
            if rx.match(cell) and (key not in found or (key == "task" and MEASURE_COL_RE.search(cell))):
                found[key] = i
                break
            # "牵头单位 | 责任单位": the second responsible column lists the units working with the lead.
            if key == "lead" and rx.match(cell) and "support" not in found:
                found["support"] = i
                break
    # A 任务分工 table: a task column, a lead/responsible column and one more (序号, 配合, 时限).
    if "task" in found and "lead" in found and len(found) >= 3:
        return found
    return None


def _task_line(row: list[str], cols: dict[str, int], header: list[str], n: int) -> str:
    task = ROW_NUMBER_RE.sub("", row[cols["task"]]).rstrip("。")
    number = row[cols["no"]] if "no" in cols and row[cols["no"]].isdigit() else str(n)
    lead_key = "牵头单位" if _head(header[cols["lead"]]).startswith("牵头") else "责任单位"
    note = [f"{lead_key}：{row[cols['lead']]}"] if row[cols["lead"]] else []
    if "support" in cols and row[cols["support"]] and row[cols["support"]] not in ("—", "-", "/", "无"):
        note.append(f"配合单位：{row[cols['support']]}")
    line = f"{number}.{task}。" + (f"（{'；'.join(note)}）" if note else "")
    if "deadline" in cols and (due := row[cols["deadline"]]):
        line += f"完成时限：{due}{'前' if DEADLINE_CELL_RE.match(due) else ''}"
    return line


def rewrite_task_tables(lines: list[str]) -> list[str]:
    """Rows of 任务分工 tables as numbered measures with their responsibility notes."""
    out: list[str] = []
    cols: dict[str, int] | None = None
    header: list[str] = []
    n = 0
    for line in lines:
        row = cells(line)
        if row is None:
            cols = None
            out.append(line)
            continue
        if is_separator(row):
            continue  # a Markdown header rule
        found = _task_columns(row)
        if found is not None:
            cols, header, n = found, row, 0
            continue  # the header row itself is not a measure
        if cols is None:
            out.append(line)
            continue
        row = _aligned(row, len(header))
        if not row[cols["task"]]:
            out.append(line)
            continue
        n += 1
        out.append(_task_line(row, cols, header, n))
    return out


# ---------------------------------------------------------------------------------------------
# Tables rendered one cell per line
#
# Web pages copied as text, and some converters, put every cell of a table on a line of its own:
# "指标", "单位", "2020年", "2025年", then "每万人口发明专利拥有量", "件", "6.3", "12", …
# A run of three or more lines that are all column names of a 主要指标 or 任务分工 header starts
# such a table; the lines after it are taken K at a time as rows while each group reads as a row.

_COLUMN_RES = (NO_COL_RE, INDICATOR_COL_RE, UNIT_COL_RE, ATTR_COL_RE, TASK_COL_RE, LEAD_COL_RE,
               SUPPORT_COL_RE, DEADLINE_COL_RE, REMARK_COL_RE, BASE_COL_RE, TARGET_COL_RE)  # fmt: skip
_CELL_MAX = 120


def _is_column_name(line: str) -> bool:
    cell = _head(line)
    return (
        SEP not in line
        and len(cell) <= 12
        and (any(rx.match(cell) for rx in _COLUMN_RES) or header_year(cell) is not None)
    )


def _indicator_row_ok(group: list[str], cols: _Columns) -> bool:
    name = ROW_NUMBER_RE.sub("", group[cols.indicator])
    unit = group[cols.unit] if cols.unit is not None else None
    return (
        len(re.findall(r"[\u4e00-\u9fff]", name)) >= 2
        and not re.search(r"[。；]", name)
        and _value(group[_value_columns(cols, (None, None))[0][0]], unit or None) is not None
    )


def _task_row_ok(group: list[str], cols: dict[str, int]) -> bool:
    lead = group[cols["lead"]]
    return (
        ("no" not in cols or bool(re.fullmatch(r"\d{1,3}", group[cols["no"]])))
        and 0 < len(lead) <= 60
        and not lead.endswith("。")
    )


def _vertical_rows(lines: list[str], start: int, width: int, ok: Callable[[list[str]], bool]) -> int:
    """How many of the lines from ``start`` make whole rows of ``width`` cells."""
    n = 0
    while start + n + width <= len(lines):
        group = lines[start + n : start + n + width]
        if any(SEP in c or len(c) > _CELL_MAX for c in group) or not ok(group):
            break
        n += width
    return n


def rebuild_vertical_tables(lines: list[str]) -> list[str]:
    """Tables rendered one cell per line, back as rows of "|"-separated cells."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_column_name(lines[j]):
            j += 1
        header = lines[i:j]
        ind = _indicator_columns(header) if len(header) >= 3 else None
        task = _task_columns(header) if len(header) >= 3 and ind is None else None
        rows = 0
        if ind is not None:
            rows = _vertical_rows(lines, j, len(header), partial(_indicator_row_ok, cols=ind))
        elif task is not None:
            rows = _vertical_rows(lines, j, len(header), partial(_task_row_ok, cols=task))
        if not rows:
            out.append(lines[i])
            i += 1
            continue
        out.append(" | ".join(header))
        out += [" | ".join(lines[k : k + len(header)]) for k in range(j, j + rows, len(header))]
        i = j + rows
    return out


# ---------------------------------------------------------------------------------------------
# Tables whose cells a PDF's text layer separates by spaces
#
# "序号 指标 2020年 2025年 属性" / "1 每万人口高价值发明专利拥有量（件） 6.3 12 预期性": a line whose
# space-separated words are all column names of a 主要指标 header starts a table; each following line
# whose words, aligned from the right, read as a row (a name, a value in the target column) is one.


def rebuild_spaced_tables(lines: list[str]) -> list[str]:
    """主要指标 tables whose cells are separated by spaces, back as rows of "|"-separated cells."""
    out: list[str] = []
    cols: _Columns | None = None
    width = 0
    for line in lines:
        words = line.split()
        if SEP not in line and len(words) >= 3 and all(_is_column_name(w) for w in words):
            cols, width = _indicator_columns(words), len(words)
            out.append(" | ".join(words) if cols is not None else line)
            continue
        # normalisation glues a full-width bracket to the figure after it: "（件）6.3"
        words = re.sub(r"）(?=[\d≥>＞≤<＜约〔])", "） ", line).split()
        if cols is not None and SEP not in line and 2 <= len(words) <= width:
            row = _aligned(words, width)
            if _indicator_row_ok(row, cols):
                out.append(" | ".join(words))
                continue
        cols = None
        out.append(line)
    return out
