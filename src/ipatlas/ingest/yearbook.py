"""Statistical-yearbook tables (统计年鉴 / 统计公报 exports) read as they are printed.

A yearbook table is not a clean long or wide table: a title and a unit line sit above the header
(``单位：万元``), the header spans several rows (an indicator over its years, an indicator name
broken over two rows, English lines under the Chinese ones), regions are rows (spaced or indented
names, totals such as 全市/合计, groups such as 珠三角), footnotes follow the data (注：…), and
blank cells are printed as ``…`` ``-`` ``—`` ``/``.

:func:`reshape` turns such a grid into the long statistics layout (one value per row) that
:mod:`ipatlas.ingest.statistics` already loads, keeping each value's source row number. Rows that
carry no value of their own (footnotes, section headings, 其中 sub-items, totals whose parent
region cannot be told) become rows with a skip reason, so they are quarantined, never dropped.
The name lists (total and footnote markers, title qualifiers) are data in
``profiles/statistics/_aliases.yaml`` (``yearbook:``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from ipatlas.errors import IngestError
from ipatlas.ingest.profiles import alias_data, header_key
from ipatlas.ingest.readers import ROW, RawTable
from ipatlas.ingest.statistics import NO_DATA_MARKS
from ipatlas.ingest.statprofile import default_units, variable_names

NO_DATA = set(NO_DATA_MARKS)
CJK = re.compile(r"[\u4e00-\u9fff]")
YEAR = re.compile(r"^(19[4-9]\d|20\d\d)年?$")
TITLE_YEAR = re.compile(r"(19[4-9]\d|20\d\d)年")
UNIT_LINE = re.compile(r"(?:计量)?单位\s*[:：]\s*([^\s(（,，;；]+)")
UNIT_BRACKET = re.compile(r"[(（]([^()（）\d]{1,8})[)）]")
NUM = re.compile(r"^-?\d[\d,，]*(\.\d+)?$")
HEADERS = ["区划代码", "地区", "年份", "指标", "数值", "单位", "跳过原因", "原始行"]


class NotYearbookTable(IngestError):
    """The file is no yearbook table either (no data rows under a header, or far too large for
    one): the caller reports why it is not a long or wide statistics table instead."""


# A printed yearbook table is a page or a few: beyond these it is some other file.
MAX_ROWS = 100_000
MAX_CSV_BYTES = 16 << 20


def _rules() -> dict[str, Any]:
    return alias_data("statistics").get("yearbook") or {}


@dataclass
class Layout:
    """What the rows above the data say: title lines, the unit line, one name per value column."""

    titles: list[str] = field(default_factory=list)
    unit: str | None = None
    names: dict[int, str] = field(default_factory=dict)
    label_col: int = 0
    first_data: int = 0


def _is_title(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    titled = all(UNIT_LINE.search(c) or TITLE_YEAR.search(c) for c in filled)
    return len(filled) == 1 or (bool(filled) and titled)


def _is_data(cells: list[str], label_col: int) -> bool:
    """A row with a label and at least one number that is not just a year of a header row."""
    if label_col >= len(cells) or not cells[label_col]:
        return False
    nums = [c for i, c in enumerate(cells) if i != label_col and c and NUM.match(c)]
    return bool(nums) and not all(YEAR.match(c) for c in nums)


def _layout(grid: list[list[str]]) -> Layout:
    lay = Layout()
    i = 0
    while i < len(grid) and (not any(grid[i]) or _is_title(grid[i])):
        if any(grid[i]):
            text = next(c for c in grid[i] if c)
            lay.titles.append(text)
            m = UNIT_LINE.search(text)
            if m and "、" not in m.group(1):  # 单位：个、人、万元 names no single unit
                lay.unit = m.group(1)
        i += 1
    j = i
    while j < len(grid) and not _is_data(grid[j], 0):
        j += 1
    if j >= len(grid):
        raise NotYearbookTable("未找到数据行：统计年鉴表的表头下应有「地区或年份 + 数值」的行")
    lay.first_data = j
    lay.names = _column_names(grid[i:j], grid[j:])
    return lay


def _column_names(head: list[list[str]], body: list[list[str]]) -> dict[int, str]:
    """Value column → its header text read top-down (Chinese cells and years only; a group cell
    spanning several sub-headed columns, as a merged cell exports, applies to each of them)."""
    width = max((len(r) for r in head + body), default=0)
    valued = {c for r in body for c in range(1, len(r)) if r[c] and (NUM.match(r[c]) or r[c] in NO_DATA)}
    rows = [r + [""] * (width - len(r)) for r in head]
    keep = lambda s: bool(s) and (bool(CJK.search(s)) or bool(YEAR.match(s)))  # noqa: E731
    sub = lambda s: keep(s) and not UNIT_BRACKET.fullmatch(s.strip())  # noqa: E731
    for k in range(len(rows) - 1):
        last = None
        for c in range(1, width):
            if rows[k][c]:
                last = c
            elif last is not None and sub(rows[k + 1][c]) and sub(rows[k + 1][last]):
                rows[k][c] = rows[k][last]
    return {c: "".join(r[c] for r in rows if keep(r[c])) for c in sorted(valued)}


def _variable(
    name: str, titles: list[str], unit_line: str | None
) -> tuple[str | None, str | None, str | None]:
    """(variable, unit, year) of a value column's header text."""
    names = variable_names()
    key = header_key(name)
    year = None
    m = re.search(r"(19[4-9]\d|20\d\d)年?$", key)
    if m:
        year, key = m.group(1), key[: m.start()]
    unit_m = UNIT_BRACKET.search(key)
    unit = unit_m.group(1) if unit_m else None
    label = UNIT_BRACKET.sub("", key)
    var = names.get(label)
    for q in _rules().get("title_qualifiers", []):  # 规模以上 in the title qualifies 工业企业单位数
        if var is None and any(q in t for t in titles):
            var = names.get(header_key(q + label))
    if var is None:
        return None, None, year
    return var, unit or unit_line or default_units().get(var), year


def _region_label(text: str) -> str:
    """'  广  州  Guangzhou' → '广州': indentation, inner spaces and an English gloss removed."""
    t = re.sub(r"[A-Za-z][A-Za-z .'()-]*$", "", text.replace("\u3000", " ")).strip()
    return re.sub(r"\s+", "", t) if CJK.search(t) else t


def _row_kind(label: str) -> str | None:
    """Why a labelled row is not a region's own values, from the rule lists; None when it is."""
    rules = _rules()
    if any(label.startswith(p) for p in rules.get("footnote_prefixes", [])):
        return "脚注行（注、资料来源等），不是数据"
    if any(label.startswith(p) for p in rules.get("part_prefixes", [])):
        return "「其中」分项（上一地区的一部分），不是独立地区"
    return None


def _parents(labels: dict[int, str]) -> dict[str, str | None]:
    """A totals row (全市, 合计 …) is the common parent of the file's other regions: their city when
    they all are counties of one city, their province when they all are units of one province."""
    from ipatlas.regions import get_registry

    reg = get_registry()
    totals: dict[str, str] = _rules().get("totals", {})
    found = [reg.find(v) for v in labels.values() if v not in totals]
    units = [f[0] for f in found if len(f) == 1]
    cities = {u.city_code for u in units if u.level == "county"}
    provinces = {u.province_code for u in units}
    parent: dict[str, str | None] = {"city": None, "province": None}
    if units and len(cities) == 1 and all(u.level == "county" for u in units):
        parent["city"] = next(iter(cities))
    elif units and len(provinces) == 1 and all(u.level in ("county", "city") for u in units):
        parent["province"] = next(iter(provinces))
    # 全市 is a city, 全省 a province, 全国 none that can be loaded; 合计/总计 whichever parent there is
    anyp = parent["city"] or parent["province"]
    out: dict[str, str | None] = {t: anyp if lv == "any" else parent.get(lv) for t, lv in totals.items()}
    # an ambiguous name (吉林: the province or the city; 中山: 中山市 or 大连's 中山区) is the unit in
    # the province all other regions share, else the one at the table's own level
    levels = {u.level for u in units}
    for v in labels.values():
        hits = list(reg.find(v)) if v not in totals else []
        near = [u for u in hits if len(provinces) == 1 and u.province_code in provinces]
        same = [u for u in hits if len(levels) == 1 and u.level in levels]
        pick = near if len(near) == 1 else same
        if len(hits) > 1 and len(pick) == 1:
            out[v] = pick[0].code
    return out


def _cells(grid: list[list[str]], rows: list[int], lay: Layout) -> dict[str, list[Any]]:
    """One output row per value cell; one per row that holds no record of its own (with a reason)."""
    out: dict[str, list[Any]] = {h: [] for h in HEADERS}
    out[ROW] = []
    year_rows = all(
        YEAR.match(grid[k][0] or "") for k in range(lay.first_data, len(grid)) if _is_data(grid[k], 0)
    )
    cols = {c: _variable(n, lay.titles, lay.unit) for c, n in lay.names.items()}
    if not any(v for v, _u, _y in cols.values()):
        wanted = "、".join(n for n in lay.names.values() if n)
        raise IngestError(f"统计年鉴表中没有可识别的指标列（表头：{wanted}）；可识别的指标见 docs/fields.md")
    title_years = {y for t in lay.titles for y in TITLE_YEAR.findall(t)}
    title_year = title_years.pop() if len(title_years) == 1 else None
    labels = {
        k: _region_label(grid[k][0]) for k in range(lay.first_data, len(grid)) if grid[k] and grid[k][0]
    }
    if year_rows:
        raise IngestError("该年鉴表按年份分行，表中没有地区列（地区只在书名中）：请加一列「地区」后再导入")
    if title_year is None and not any(y for _v, _u, y in cols.values()):
        raise IngestError(
            f"表题和表头中都没有唯一的年份（表题：{'；'.join(lay.titles) or '无'}）：请在表题中写明年份"
        )
    parents = _parents(labels)  # totals → parent code, ambiguous names → the table's level

    def add(k: int, code: Any, name: Any, year: Any, var: Any, value: Any, unit: Any, skip: Any) -> None:
        for h, v in zip(
            HEADERS, (code, name, year, var, value, unit, skip, " | ".join(grid[k])), strict=True
        ):
            out[h].append(v)
        out[ROW].append(rows[k])

    for k in range(lay.first_data, len(grid)):
        cells = grid[k]
        if not any(cells):
            continue
        label = labels.get(k, "")
        values = {c: cells[c] for c in cols if c < len(cells) and cells[c] and cells[c] not in NO_DATA}
        reason = _row_kind(label) if label else "没有地区或年份的行"
        if reason is None and not values:
            reason = "分组标题或空行（没有数值）"
        if reason is None and label in parents and parents[label] is None:
            reason = "合计行：全国不是可导入的地区，或表中地区不属于同一上级，无法确定合计对应的地区"
        if reason is not None:
            add(k, None, label or None, None, None, None, None, reason)
            continue
        for c, v in values.items():
            var, unit, col_year = cols[c]
            if var is None:
                continue  # an indicator the catalogue does not use (as in the wide layout)
            code, name = (parents.get(label), None) if label in parents else (None, label)
            add(k, code, name, col_year or title_year, var, v, unit, None)
    return out


def reshape(grid: list[list[Any]], rows: list[int]) -> RawTable:
    """The long statistics table read from a yearbook grid (``rows``: each grid row's number)."""
    text = [[("" if v is None else str(v)).strip() for v in r] for r in grid]
    lay = _layout(text)
    data = _cells(text, rows, lay)
    table = {f"c{i}": pa.array(data[h], pa.string()) for i, h in enumerate(HEADERS)}
    table[ROW] = pa.array(data[ROW], pa.int64())
    return RawTable.from_table(pa.table(table), list(HEADERS), meta={"yearbook": lay.titles})


def read_grid(path: Any) -> tuple[list[list[Any]], list[int]]:
    """Every row of the file's first sheet (XLSX) or of the CSV, with its row number."""
    import csv
    import io
    from pathlib import Path

    from ipatlas.ingest.readers import sniff_encoding

    path = Path(path)
    grid: list[list[Any]] = []
    rows: list[int] = []
    with open(path, "rb") as fh:
        head = fh.read(MAX_CSV_BYTES + 1)
    too_large = NotYearbookTable(f"超过 {MAX_ROWS:,} 行或 {MAX_CSV_BYTES >> 20} MB，不是统计年鉴表")
    if head[:4] == b"PK\x03\x04":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for i, r in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
                if i > MAX_ROWS:
                    raise too_large
                grid.append([_xlsx_text(v) for v in r])
                rows.append(i)
        finally:
            wb.close()
        return grid, rows
    if len(head) > MAX_CSV_BYTES:
        raise too_large
    text = head.decode(sniff_encoding(head[: 1 << 20]), errors="replace")
    # newline="": the csv module splits records at CR/LF only, outside quotes (str.splitlines would
    # also split at \v, \f, NEL …, see readers.csv_lines)
    reader = csv.reader(io.StringIO(text, newline=""))
    for rec in reader:
        if len(grid) >= MAX_ROWS:
            raise too_large
        grid.append(rec)
        rows.append(reader.line_num)
    return grid, rows


def _xlsx_text(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return v
