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
from ipatlas.ingest.yearbook_dates import note_years, part_year
from ipatlas.ingest.yearbook_grid import MAX_CSV_BYTES, MAX_ROWS, NotYearbookTable, read_grid

NO_DATA = set(NO_DATA_MARKS)
CJK = re.compile(r"[\u4e00-\u9fff]")
YEAR = re.compile(r"^(19[4-9]\d|20\d\d)年?$")
TITLE_YEAR = re.compile(r"(19[4-9]\d|20\d\d)年")
UNIT_LINE = re.compile(r"(?:计量)?单位\s*[:：]\s*([^\s(（,，;；]+)")
UNIT_LINE_EN = re.compile(r"^[(（]?\s*unit\s*[:：]\s*([^()（）]+?)\s*[)）]?$", re.I)  # (Unit: piece)
UNIT_BRACKET = re.compile(r"[(（](?![A-Za-z&]+[)）])([^()（）\d]{1,8})[)）]")  # (GDP) names, (万元) a unit
NUM = re.compile(r"^-?\d[\d,，]*(\.\d+)?$")
SPACED = re.compile(r"^-?\d{1,3}(?:[ \u00a0\u2009]\d{3})+(\.\d+)?$")  # 3 634, 12 977.5
FOOTNOTE = re.compile(r"\[[^\[\]]{0,6}\]|[\u2460-\u2473]")  # 常住人口[1], [注 1], ①
CENSUS = re.compile(r"第[一二三四五六七八九十\d]+次全国(?:人口|经济|农业)普查")
DATE = re.compile(r"(19[4-9]\d|20\d\d)年(?:\d{1,2}月(?:\d{1,2}日)?)?")
__all__ = [
    "HEADERS",
    "MAX_CSV_BYTES",
    "MAX_ROWS",
    "Given",
    "NotYearbookTable",
    "check_given",
    "read_grid",
    "reshape",
]
HEADERS = ["区划代码", "地区", "年份", "指标", "数值", "单位", "跳过原因", "原始行"]


# The rows read to tell which column holds the row labels.
LABEL_SAMPLE = 300
# The regions looked for in one title line.
MAX_TITLE_REGIONS = 4


def _rules() -> dict[str, Any]:
    return alias_data("statistics").get("yearbook") or {}


@dataclass(frozen=True)
class Given:
    """What the caller states because the table does not print it (``--region``, ``--year``)."""

    region: str | None = None
    year: int | None = None


def check_given(region: str | None, year: int | None) -> Given:
    """``--region CODE`` must be a unit of the registry (county, prefecture or province) and
    ``--year`` a plausible statistics year; IngestError naming the option otherwise."""
    if year is not None and not 1949 <= int(year) <= 2100:
        raise IngestError(f"--year {year}：年份应在 1949–2100 之间")
    if region is None:
        return Given(None, year)
    from ipatlas.regions import get_registry

    try:
        unit = get_registry().get(str(region).strip())
    except Exception:
        raise IngestError(f"--region {region}：区划代码不存在（请用 6 位行政区划代码，如 440100）") from None
    if unit.level not in ("county", "city", "province"):
        raise IngestError(f"--region {region}：不是县、市或省级区划")
    return Given(unit.code, year)


@dataclass
class Layout:
    """What the rows above the data say: title lines, the unit line, one name per value column
    (its header cells read top-down in ``parts``), the column of printed units if there is one."""

    titles: list[str] = field(default_factory=list)
    unit: str | None = None
    names: dict[int, str] = field(default_factory=dict)
    parts: dict[int, list[str]] = field(default_factory=dict)
    unit_col: int | None = None
    label_col: int = 0
    first_data: int = 0


def _is_title(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    titled = all(UNIT_LINE.search(c) or TITLE_YEAR.search(c) for c in filled)
    return len(filled) == 1 or (bool(filled) and titled)


def _header_label(text: str) -> bool:
    """A label cell that heads the label column (地区, 年份 …, or an English gloss), never a row."""
    label = header_key(_region_label(text))
    if not label:
        return True
    if not CJK.search(label) and not NUM.match(label):
        return True
    words = {header_key(w) for w in _rules().get("header_labels", [])}
    return label in words or all(header_key(t) in words for t in text.split())


def _is_data(cells: list[str]) -> bool:
    """A row with a label and at least one number that is not just a year (a header row's years
    are no data; nor is 江北区,2020,x of a long table); the rows just above the first one may still
    belong to the body (:func:`_is_body`)."""
    if not cells or not cells[0] or _header_label(cells[0]):
        return False
    nums = [c for c in cells[1:] if c and NUM.match(c)]
    return bool(nums) and not all(YEAR.match(c) for c in nums)


def _is_body(cells: list[str]) -> bool:
    """A row just above the first data row that belongs to the body, not to the header: a row label
    beside blanks, no-data marks (… -) or numbers only, or beside a note and a no-data mark, or a
    region's (year's, total's) label beside a note (西 藏,…,… / 北 京,见注,… / 西 藏,暂无数据: a header
    row would swallow it, and its note into a column name)."""
    if not cells or not cells[0] or _header_label(cells[0]):
        return False
    rest = [c for c in cells[1:] if c]
    if all(c in NO_DATA or NUM.match(c) for c in rest) or any(c in NO_DATA for c in rest):
        return True
    return _names_a_row(_region_label(cells[0]))  # 西 藏,暂无数据: a region's row with a note


def _names_a_row(label: str) -> bool:
    """A label only a body row carries: a region of the registry, a year or a totals word."""
    from ipatlas.regions import get_registry

    return bool(YEAR.match(label)) or label in _rules().get("totals", {}) or bool(get_registry().find(label))


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
            lay.unit = lay.unit or _english_unit(text)
        i += 1
    j = i
    while j < len(grid) and not _is_data(grid[j]):
        j += 1
    if j >= len(grid):
        raise NotYearbookTable("未找到数据行：统计年鉴表的表头下应有「地区或年份 + 数值」的行")
    while j > i and _is_body(grid[j - 1]):
        j -= 1
    lay.first_data = j
    # a 其中 / # cell over sub-columns says "of which": each sub-column's own name stands
    marks = tuple(_rules().get("part_prefixes", []))
    lay.parts = {
        c: [p for p in ps if p.strip().rstrip(":：") not in marks]
        for c, ps in _column_names(grid[i:j], grid[j:]).items()
    }
    lay.names = {c: "".join(p) for c, p in lay.parts.items()}
    units = {header_key(u) for u in ("单位", "计量单位")}
    lay.unit_col = next(
        (c for r in grid[i:j] for c, v in enumerate(r) if c > 0 and header_key(v) in units), None
    )
    return lay


def _column_names(head: list[list[str]], body: list[list[str]]) -> dict[int, list[str]]:
    """Value column → its header cells read top-down (Chinese cells and years only; a group cell
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
            elif (
                last is not None and sub(rows[k + 1][c]) and (sub(rows[k + 1][last]) or not rows[k + 1][last])
            ):
                # a group over sub-headed columns; the group's own column, if unheaded, is its total
                rows[k][c] = rows[k][last]
    return {c: [r[c] for r in rows if keep(r[c])] for c in sorted(valued)}


def _strip_neutral(label: str) -> tuple[str, str | None]:
    """The label without footnote marks, census names, dates and neutral words (年末数 …), and the
    year a date in it names (常住人口[1]第七次全国人口普查2020年11月1日 → 常住人口, 2020)."""
    label = FOOTNOTE.sub("", label)
    label = CENSUS.sub("", label)
    m = DATE.search(label)
    year = m.group(1) if m else None
    label = DATE.sub("", label)
    for w in sorted(_rules().get("neutral_words", []), key=len, reverse=True):
        label = label.replace(header_key(w), "")
    return label, year


def _variable(
    name: str, titles: list[str], unit_line: str | None
) -> tuple[str | None, str | None, str | None]:
    """(variable, unit, year) of a value column's header text or an indicator row's label."""
    names = variable_names()
    key = header_key(name)
    year = None
    if _is_index(name):  # 地区生产总值指数: index numbers, not the amount
        return None, None, None
    m = re.search(r"(19[4-9]\d|20\d\d)年?$", key)
    if m:
        year, key = m.group(1), key[: m.start()]
    unit_m = UNIT_BRACKET.search(FOOTNOTE.sub("", key))
    unit = unit_m.group(1) if unit_m else None
    label = UNIT_BRACKET.sub("", key)
    var = names.get(label) or names.get(FOOTNOTE.sub("", label))
    if var is None:  # 常住人口 / 年末数, 常住人口 / 2020年11月1日: the same indicator
        bare, date_year = _strip_neutral(label)
        var, year = names.get(bare), year or (date_year if names.get(bare) else None)
    for t in titles:  # 规模以上(工业) in the title qualifies 工业企业单位数 / 企业单位数
        for q in _rules().get("title_qualifiers", []):
            at = t.find(q)
            for k in range(len(q), len(q) + 7 if at >= 0 and var is None else 0):
                var = var or names.get(header_key(t[at : at + k] + label))
    if var is None:
        return None, None, year
    return var, unit or unit_line or default_units().get(var), year


def _title_variable(titles: list[str]) -> str | None:
    """The one catalogue variable a title line names when the columns are only years (各区年末常住
    人口 | 2015 | 2016, an English edition's "Trademark Applications via the Madrid System by
    Origin" | 2021 | 2022): the names found in the lines (4 characters or more, a name inside a
    longer one found not counted), None when they name none or two indicators, or a line naming
    one says rate, share, per-capita or index (常住人口城镇人口
    比重, 人均地区生产总值)."""
    rate = [_latin_key(w).replace(" ", "") for w in _rules().get("rate_words", [])]
    found: set[str] = set()
    for t in titles:
        key = _latin_key(t).replace(" ", "")
        hits = [(n, v) for n, v in variable_names().items() if len(n) >= 4 and n.lower() in key]
        if not hits:
            continue
        if _is_index(t) or any(w in key for w in rate):
            return None
        # 涉专利技术合同成交额 names one indicator, not also 技术合同成交额 inside it
        found |= {v for n, v in hits if not any(n != m and n.lower() in m.lower() for m, _v in hits)}
    return found.pop() if len(found) == 1 else None


def _title_columns(lay: Layout, cols: dict[int, Any]) -> dict[int, Any]:
    """Columns headed by a year only take the variable the title names (:func:`_title_variable`),
    in the unit of the unit line or the variable's default unit."""
    var = _title_variable(lay.titles)
    if var is None:
        return cols
    out = dict(cols)
    for c, name in lay.names.items():
        year = _col_year(name)
        if year and not UNIT_BRACKET.sub("", header_key(name)).replace(year, "").strip("年"):
            out[c] = (var, lay.unit or default_units().get(var), year)
    return out


def _group_part(parts: list[str], lay: Layout, found: tuple[Any, ...]) -> tuple[Any, ...]:
    """A sub-column under a 地区生产总值 group names a sector's value added (地区生产总值 / 第一产业,
    / #工业), as every yearbook's GDP table prints it (``gdp_parts`` in the rules)."""
    if len(parts) < 2:
        return found
    group = _variable(parts[0], lay.titles, lay.unit)
    sub = header_key(parts[-1]).lstrip("#＃")
    var = {header_key(k): v for k, v in (_rules().get("gdp_parts") or {}).items()}.get(sub)
    if group[0] != "gdp" or var is None:
        return found
    return var, group[1], group[2]


def _latin_key(text: str) -> str:
    return re.sub(r"\s+", " ", _nfkc(text)).strip().lower()


def _nfkc(text: str) -> str:
    """NFKC text with curly apostrophes as straight ones (English names: Xi’an)."""
    import unicodedata

    return unicodedata.normalize("NFKC", str(text)).replace("\u2019", "'")


def _english_unit(text: str) -> str | None:
    """The unit an English unit line names (``(Unit: piece)`` → 件), else None."""
    m = UNIT_LINE_EN.match(_nfkc(text).strip())
    if not m:
        return None
    units = {_latin_key(k): v for k, v in (_rules().get("english_units") or {}).items()}
    return units.get(_latin_key(m.group(1)))


def _region_label(text: str) -> str:
    """'  广  州  Guangzhou' → '广州': indentation, inner spaces and an English gloss removed; a
    name printed only in English (an English edition's Beijing, Total) → its Chinese name."""
    names = {_latin_key(k): v for k, v in (_rules().get("english_names") or {}).items()}
    if not CJK.search(text) and _latin_key(text) in names:
        return str(names[_latin_key(text)])
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


def _table_region(titles: list[str], given: Given) -> str:
    """The one region a table whose rows are years or indicators is about: ``--region``, else the
    region its title names (resolved like an address); a named economic zone is no region."""

    found = _title_regions(titles)
    zones = [z for z in _rules().get("zones", []) if any(z in t for t in titles)]
    if zones:  # 珠三角's figures are no region's, whatever --region says
        raise IngestError(
            f"表题中的「{zones[0]}」是经济区域，不是行政区划：其数据不属于任何一个地区，无法导入"
        )
    if given.region is not None:
        if found and given.region not in found:  # of two named, --region picks one
            raise IngestError(f"--region {given.region} 与表题中的地区（{'、'.join(sorted(found))}）不一致")
        return given.region
    if len(found) == 1:
        return found.pop()
    if found:
        raise IngestError(f"表题中有多个地区（{'、'.join(sorted(found))}）：请用 --region 指定")
    raise IngestError(
        "该年鉴表按年份或指标分行，表题中没有地区（地区只在书名中）：请用 --region 指定区划代码"
    )


def _title_regions(titles: list[str]) -> set[str]:
    """Every region the title lines name: each line is resolved like an address, the matched name
    cut out and the rest resolved again (广州市和深圳市… names two); a region that contains or lies
    in another one found (浙江省杭州市) is the same place named more precisely, kept once."""
    from ipatlas.regions import get_registry, get_resolver

    reg = get_registry()
    found: set[str] = set()
    for t in (t for t in titles if CJK.search(t)):
        for _ in range(MAX_TITLE_REGIONS):
            r = get_resolver().resolve(t)
            if r.level not in ("county", "city", "province") or not r.adcode or not r.matched:
                break
            found.add(r.adcode)
            if r.matched not in t:
                break
            t = t.replace(r.matched, " ", 1)
    nested = {a for a in found for b in found if a != b and reg.is_under(b, a)}
    return found - nested


def _table_year(titles: list[str], given: Given, cols_have_year: bool) -> str | None:
    """The title's one year, else ``--year``; a ``--year`` that contradicts the title is refused."""
    years = {y for t in titles for y in TITLE_YEAR.findall(t)}
    title_year = years.pop() if len(years) == 1 else None
    if given.year is not None and title_year is not None and int(title_year) != given.year:
        raise IngestError(f"--year {given.year} 与表题中的年份 {title_year} 不一致")
    year = title_year or (str(given.year) if given.year is not None else None)
    if year is None and not cols_have_year:
        raise IngestError(
            f"表题和表头中都没有唯一的年份（表题：{'；'.join(titles) or '无'}）："
            "请在表题中写明年份，或用 --year 指定"
        )
    return year


class _Out:
    """The long rows being built (one per value cell, one per row that holds no record)."""

    def __init__(self, grid: list[list[str]], rows: list[int]) -> None:
        self.grid, self.rows = grid, rows
        self.data: dict[str, list[Any]] = {h: [] for h in HEADERS}
        self.data[ROW] = []

    def add(
        self, k: int, code: Any, name: Any, year: Any, var: Any, value: Any, unit: Any, skip: Any
    ) -> None:
        cells = (code, name, year, var, value, unit, skip, " | ".join(self.grid[k]))
        for h, v in zip(HEADERS, cells, strict=True):
            self.data[h].append(v)
        self.data[ROW].append(self.rows[k])

    def skip(self, k: int, label: str | None, reason: str) -> None:
        self.add(k, None, label or None, None, None, None, None, reason)


def _values(cells: list[str], cols: dict[int, Any]) -> dict[int, str]:
    return {c: cells[c] for c in cols if c < len(cells) and cells[c] and cells[c] not in NO_DATA}


def _cells(grid: list[list[str]], rows: list[int], lay: Layout, given: Given) -> dict[str, list[Any]]:
    """The long rows of a table whose rows are regions or years (columns are indicators), or whose
    rows are indicators (a bulletin's 指标 | 绝对数 | 比上年增长)."""
    out = _Out(grid, rows)
    cols = {c: _variable(n, lay.titles, lay.unit) for c, n in lay.names.items()}
    cols = {c: v if v[0] else _group_part(lay.parts.get(c, []), lay, v) for c, v in cols.items()}
    body = range(lay.first_data, len(grid))
    labels = {k: _region_label(grid[k][0]) for k in body if grid[k] and grid[k][0]}
    if not any(v for v, _u, _y in cols.values()):
        if _indicator_rows(grid, lay, labels, given, out):
            return out.data
        cols = _title_columns(lay, cols)
    if not any(v for v, _u, _y in cols.values()):
        wanted = "、".join(n for n in lay.names.values() if n)
        raise IngestError(
            f"统计年鉴表中没有可识别的指标列（表头：{wanted}），行标题中也没有可识别的指标；"
            "可识别的指标见 docs/fields.md"
        )
    data_rows = [k for k in body if _is_data(grid[k])]
    if data_rows and all(YEAR.match(labels.get(k, "")) for k in data_rows):
        _year_rows(grid, lay, labels, cols, given, out)
        return out.data
    year = _table_year(lay.titles, given, any(y for _v, _u, y in cols.values()))
    if given.region is not None:
        raise IngestError("--region 只用于按年份或按指标分行的表；此表按地区分行，地区取自各行")
    parents = _parents({k: v for k, v in labels.items() if not YEAR.match(v)})
    period = part_year(lay.titles)
    notes = (grid[k][0] for k in body if grid[k] and grid[k][0] and not _values(grid[k], cols))
    noted = note_years(notes, lambda s: _variable(s, lay.titles, None)[0])
    for k in body:
        if not any(grid[k]):
            continue
        label = labels.get(k, "")
        values = _values(grid[k], cols)
        reason = _row_kind(label) if label else "没有地区或年份的行"
        if reason is None and not values:
            reason = "分组标题或空行（没有数值）"
        if reason is None and YEAR.match(label):
            reason = "年份行：表中其余行按地区分，此行没有地区（全国或表题所指的合计）"
        if reason is None and label in parents and parents[label] is None:
            reason = "合计行：全国不是可导入的地区，或表中地区不属于同一上级，无法确定合计对应的地区"
        if reason is not None:
            out.skip(k, label, reason)
            continue
        for c, v in values.items():
            var, unit, col_year = cols[c]
            if var is None:  # an indicator the catalogue does not use (as in the wide layout)
                continue
            at = col_year or noted.get(var)
            if _zone(label):  # 珠三角's row: reported value by value, like an unknown region's
                out.add(k, None, label, at or year, var, v, unit, _zone_reason(label))
                continue
            # a monthly table's figure is no year's, nor a 2022年1—6月 column's (yearbook_dates)
            why = part_year([lay.names[c]]) or (None if at else period)
            if why:
                out.add(k, None, label, None, var, v, unit, _period_reason(lay.names[c], why))
                continue
            code, name = (parents.get(label), None) if label in parents else (None, label)
            out.add(k, code, name, at or year, var, v, unit, None)
    return out.data


def _year_rows(
    grid: list[list[str]], lay: Layout, labels: dict[int, str], cols: dict[int, Any], given: Given, out: _Out
) -> None:
    """Rows are years, the region is the table's one region (title or ``--region``)."""
    region = _table_region(lay.titles, given)
    for k in range(lay.first_data, len(grid)):
        if not any(grid[k]):
            continue
        label = labels.get(k, "")
        values = _values(grid[k], cols)
        m = YEAR.match(label)
        reason = None if m else (_row_kind(label) or "没有年份的行")
        if reason is None and not values:
            reason = "空行（没有数值）"
        if reason is not None:
            out.skip(k, label, reason)
            continue
        for c, v in values.items():
            var, unit, _y = cols[c]
            if var is not None and m is not None:
                out.add(k, region, None, m.group(1), var, v, unit, None)


def _indicator_rows(
    grid: list[list[str]], lay: Layout, labels: dict[int, str], given: Given, out: _Out
) -> bool:
    """A bulletin table whose rows are indicators (指标 | 绝对数(亿元) | 比上年增长%): the rows that
    name a catalogue variable, from the amount column(s), for the region and year of the title
    (or ``--region`` / ``--year``). False when no row names one."""
    parts = tuple(_rules().get("part_prefixes", []))
    found = {}
    for k, label in labels.items():
        bare = label
        while bare.startswith(parts):
            bare = bare[next(len(p) for p in parts if bare.startswith(p)) :].lstrip(":：")
        var, unit, _y = _variable(bare, lay.titles, None)
        if var is not None and _row_kind(label) != "脚注行（注、资料来源等），不是数据":
            found[k] = (var, unit)
    if not found:
        return False
    rate = [header_key(w) for w in _rules().get("rate_words", [])]
    amounts = {c: n for c, n in lay.names.items() if not any(w in header_key(n) for w in rate)}
    dated = {c: y for c, n in amounts.items() if (y := _col_year(n))}
    places = _column_places(amounts)
    if places and not dated:  # 指标 | 长沙市 | 株洲市: one column per region, never the title's region
        others = {c: _region_label(n) or n for c, n in amounts.items() if c not in places}
        _region_columns(grid, lay, labels, found, {**places, **others}, given, out)
        return True
    use = dated or dict.fromkeys(list(amounts)[:1], None)
    if not use:
        raise IngestError(f"指标分行的表中没有数值列（表头：{'、'.join(lay.names.values())}）")
    region = _table_region(lay.titles, given)
    year = _table_year(lay.titles, given, bool(dated))
    period = part_year(lay.titles)
    for k, (var, row_unit) in found.items():
        cells = grid[k]
        printed = cells[lay.unit_col] if lay.unit_col is not None and lay.unit_col < len(cells) else ""
        for c, col_year in use.items():
            v = cells[c] if c < len(cells) else ""
            m = UNIT_BRACKET.search(header_key(lay.names[c]))
            unit = row_unit if UNIT_BRACKET.search(header_key(labels[k])) else None
            unit = unit or printed or (m.group(1) if m else None) or lay.unit or row_unit
            why = part_year([lay.names[c]]) or (None if col_year else period)
            if v and v not in NO_DATA and why:
                out.add(k, None, labels[k], None, var, v, unit, _period_reason(lay.names[c], why))
            elif v and v not in NO_DATA:
                out.add(k, region, None, col_year or year, var, v, unit, None)
    for k, label in labels.items():
        if k not in found and _row_kind(label) == "脚注行（注、资料来源等），不是数据":
            out.skip(k, label, "脚注行（注、资料来源等），不是数据")
    return True


def _column_places(amounts: dict[int, str]) -> dict[int, str]:
    """Value columns headed by a place: a registry region, a totals word (全省) or an economic zone
    (珠三角), by its label with any unit bracket removed; years are no places."""
    out = {}
    for c, name in amounts.items():
        label = _region_label(UNIT_BRACKET.sub("", header_key(name)))
        if label and not YEAR.match(label) and (_names_a_row(label) or _zone(label)):
            out[c] = label
    return out


def _zone_reason(label: str) -> str:
    return f"「{label}」是经济区域，不是行政区划：其数据不属于任何一个地区，未导入"


def _zone(label: str) -> str | None:
    return next((z for z in _rules().get("zones", []) if label == z), None)


def _region_columns(
    grid: list[list[str]],
    lay: Layout,
    labels: dict[int, str],
    found: dict[int, tuple[str, str | None]],
    places: dict[int, str],
    given: Given,
    out: _Out,
) -> None:
    """Indicator rows × region columns (指标 | 全省 | 长沙市 | 株洲市 | 珠三角): each value belongs to
    its column's region; a zone's or an unplaceable total's column is reported, never mapped to
    the title's region."""
    if given.region is not None:
        raise IngestError("--region 只用于按年份或按指标分行的表；此表按地区分列，地区取自各列表头")
    year = _table_year(lay.titles, given, False)
    period = part_year(lay.titles)
    parents = _parents({c: v for c, v in places.items() if _names_a_row(v)})
    for k, (var, row_unit) in found.items():
        unit = row_unit or lay.unit
        for c, place in places.items():
            v = grid[k][c] if c < len(grid[k]) else ""
            if not v or v in NO_DATA:
                continue
            if not (_names_a_row(place) or _zone(place)):
                reason: str | None = f"无法识别地区（列「{place}」）"
            elif _zone(place):
                reason = _zone_reason(place)
            elif place in parents and parents[place] is None:
                reason = "合计列：全国不是可导入的地区，或表中地区不属于同一上级，无法确定合计对应的地区"
            elif period:
                reason = _period_reason(f"{labels[k]}·{place}", period)
            else:
                reason = None
            code, name = (parents.get(place), None) if place in parents else (None, place)
            if reason is not None:
                out.add(k, None, place, None, var, v, unit, reason)
            else:
                out.add(k, code, name, year, var, v, unit, None)
    for k, label in labels.items():
        if k not in found and _row_kind(label) == "脚注行（注、资料来源等），不是数据":
            out.skip(k, label, "脚注行（注、资料来源等），不是数据")


def _period_reason(column: str, period: str) -> str:
    return (
        f"「{column}」：表为{period}的月度或期中统计，该列不是当年的年度数且未注明所属年份"
        "（月报中的常住人口多为往年公报数，金额为期内累计），未导入"
    )


def _col_year(name: str) -> str | None:
    m = TITLE_YEAR.search(name) or YEAR.match(header_key(name))
    return m.group(1) if m else None


def _cell_text(v: Any) -> str:
    """A cell as text; a number grouped by spaces (``3 634``, as yearbooks print) without them."""
    t = "" if v is None else str(v).strip()
    return re.sub(r"\s", "", t) if SPACED.match(t) else t


def _is_index(text: str) -> bool:
    """Index numbers (地区生产总值指数, ``以上年为100``, ``1978=100``), not amounts."""
    key = header_key(text)
    return any(header_key(m) in key for m in _rules().get("index_marks", []))


def _refuse_index(lay: Layout) -> None:
    """A table whose title or unit line says its values are index numbers holds no amount."""
    said = [t for t in lay.titles if _is_index(t)]
    if said:
        raise IngestError(
            f"表题或单位行「{said[0]}」表明表中数值是指数（如上年=100），不是总量：无法作为统计数据导入"
        )


def _label_first(grid: list[list[str]]) -> list[list[str]]:
    """The grid with its label column first: the column holding the most region names, years or
    totals words (a ranking prints 排名 | 代码 | 城市 | 人口), column 0 unless another holds more."""
    sample = grid[:LABEL_SAMPLE]
    width = max((len(r) for r in sample), default=0)
    hits = [{c for c, v in enumerate(r) if v and _labels_row(r, c, _region_label(v))} for r in sample]
    score = [sum(1 for h in hits if h == {c}) for c in range(width)]  # years across a header row: none
    best = max(range(width), key=lambda c: (score[c], -c), default=0)
    if best == 0 or score[best] <= score[0]:
        return grid
    return [[r[best], *r[:best], *r[best + 1 :]] if len(r) > best else r for r in grid]


def _labels_row(row: list[str], c: int, label: str) -> bool:
    """Cell ``c`` labels its row: a region or totals word, or a year with a number beside it (a
    lone year over a column, 指标 | 2023年1—6月 | 2022年, is a column header)."""
    if not _names_a_row(label):
        return False
    return not YEAR.match(label) or any(NUM.match(v) for i, v in enumerate(row) if i != c and v)


def reshape(grid: list[list[Any]], rows: list[int], given: Given | None = None) -> RawTable:
    """The long statistics table read from a yearbook grid (``rows``: each grid row's number;
    ``given``: the region and year the caller states for a table that does not print them)."""
    text = _label_first([[_cell_text(v) for v in r] for r in grid])
    lay = _layout(text)
    _refuse_index(lay)
    data = _cells(text, rows, lay, given or Given())
    table = {f"c{i}": pa.array(data[h], pa.string()) for i, h in enumerate(HEADERS)}
    table[ROW] = pa.array(data[ROW], pa.int64())
    return RawTable.from_table(pa.table(table), list(HEADERS), meta={"yearbook": lay.titles})
