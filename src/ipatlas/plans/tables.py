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
from dataclasses import dataclass

from ipatlas.plans.models import Baseline, Target
from ipatlas.plans.quantities import NumberParseError, as_number, parse_quantity
from ipatlas.plans.targets import kind_for_unit, match_indicator, raw_unit

SEP = "|"
NO_COL_RE = re.compile(r"^(序号|编号|类别|类型|领域|分类|一级指标|方面)$")
INDICATOR_COL_RE = re.compile(r"^(?:主要)?指标(?:名称|内容)?(?:（(?P<unit>[^（）]+)）)?$|^二级指标$")
UNIT_COL_RE = re.compile(r"^(?:计量)?单位$")
YEAR_COL_RE = re.compile(r"^(\d{4})年?(?:（?(?:目标值?|基期值?|基数|实际值?|预期值?|规划值?)）?)?$")
ATTR_COL_RE = re.compile(r"^(?:指标)?(?:属性|性质)$")
TASK_COL_RE = re.compile(
    r"^(?:重点|主要|具体|工作)?(?:任务|措施|举措|工作)(?:内容|措施|举措|事项|名称)?$|^工作内容$"
)
# Of two task columns ("重点任务 | 具体措施"), the measure is the more specific one.
MEASURE_COL_RE = re.compile(r"(措施|举措|内容|事项)$")
LEAD_COL_RE = re.compile(r"^(牵头|责任|主责|主办)(?:单位|部门)$|^牵头$")
SUPPORT_COL_RE = re.compile(r"^(?:配合|参与|协办|协同)(?:单位|部门)?$")
DEADLINE_COL_RE = re.compile(r"^(?:完成)?(?:时限|时间|期限)$|^时间节点$|^进度安排$")

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


def _indicator_columns(header: list[str]) -> _Columns | None:
    ind = unit = attr = None
    header_unit: str | None = None
    years: list[tuple[int, int]] = []
    for i, cell in enumerate(header):
        m = INDICATOR_COL_RE.match(cell)
        if m and ind is None:
            ind, header_unit = i, m.groupdict().get("unit")
            header_unit = None if header_unit in ("单位", "计量单位") else header_unit
        elif UNIT_COL_RE.match(cell):
            unit = i
        elif ATTR_COL_RE.match(cell):
            attr = i
        elif ym := YEAR_COL_RE.match(cell):
            years.append((i, int(ym.group(1))))
    if ind is None or not years:
        return None
    return _Columns(ind, years, unit, attr, header_unit)


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


def _row_target(row: list[str], cols: _Columns, line: str) -> Target | None:
    name = ROW_NUMBER_RE.sub("", row[cols.indicator]).rstrip("*①②③④⑤⑥⑦⑧⑨")
    um = UNIT_IN_NAME_RE.search(name)
    unit = row[cols.unit] if cols.unit is not None and row[cols.unit] else None
    unit = unit or (um.group(1) if um else None) or cols.header_unit
    name = UNIT_IN_NAME_RE.sub("", name).strip()
    if len(re.findall(r"[\u4e00-\u9fff]", name)) < 2:
        return None
    (t_col, t_year), base = cols.years[-1], cols.years[0] if len(cols.years) > 1 else None
    got = _value(row[t_col], unit)
    if got is None:
        return None
    value, q_unit, cmp, kind = got
    baseline = None
    if base is not None and (b := _value(row[base[0]], unit)) is not None:
        baseline = Baseline(year=base[1], value=b[0], unit=b[1], text=row[base[0]])
    attr = row[cols.attr] if cols.attr is not None else ""
    entry = match_indicator(name)
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


def table_targets(lines: list[str]) -> list[Target]:
    """Targets of every 主要指标 table among ``lines``."""
    out: list[Target] = []
    cols: _Columns | None = None
    width = 0
    for line in lines:
        row = cells(line)
        if row is None:
            cols = None
            continue
        header = _indicator_columns(row)
        if header is not None:
            cols, width = header, len(row)
            continue
        if cols is not None and (t := _row_target(_aligned(row, width), cols, line)) is not None:
            out.append(t)
    return out


def _task_columns(header: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        for key, rx in (("task", TASK_COL_RE), ("lead", LEAD_COL_RE), ("support", SUPPORT_COL_RE),
                        ("deadline", DEADLINE_COL_RE), ("no", NO_COL_RE)):  # fmt: skip
            if rx.match(cell) and (key not in found or (key == "task" and MEASURE_COL_RE.search(cell))):
                found[key] = i
                break
    # A 任务分工 table: a task column, a lead/responsible column and one more (序号, 配合, 时限).
    if "task" in found and "lead" in found and len(found) >= 3:
        return found
    return None


def _task_line(row: list[str], cols: dict[str, int], header: list[str], n: int) -> str:
    task = ROW_NUMBER_RE.sub("", row[cols["task"]]).rstrip("。")
    number = row[cols["no"]] if "no" in cols and row[cols["no"]].isdigit() else str(n)
    lead_key = "牵头单位" if header[cols["lead"]].startswith("牵头") else "责任单位"
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
