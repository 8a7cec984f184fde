"""Industry attribution: IPC → WIPO technology fields (built in) and official Chinese concordances
imported from user files.

Built in (derived into the package by ``scripts/build_wipo_concordance.py``):
  - WIPO IPC–Technology concordance, 35 fields, longest-prefix match (``data/wipo_ipc_technology.csv``);
  - GB/T 4754-2017 code list for validation (``data/gbt4754_2017.csv``).

Imported (``ipatlas indicators concordance import FILE --kind KIND``), one active table per kind,
stored under ``<data_dir>/indicators/concordances/<kind>.parquet`` with ``<kind>.json`` (file, hash,
time, warnings). Layouts (CSV UTF-8/GBK or XLSX first sheet; the header row is the first row that
holds the required columns — title and note rows above it, and lines starting with ``#``, are
skipped):

``ipc-industry`` — 国际专利分类与国民经济行业分类参照关系表（2018）
    国民经济行业代码* | 国民经济行业名称 | IPC* | 不含 | 关键词 | 匹配方式 | 备注
``sei`` — 战略性新兴产业分类与国际专利分类参照关系表（2021）
    战略性新兴产业代码* | 战略性新兴产业名称 | IPC* | 不含 | 关键词 | 匹配方式 | 备注
``ip-intensive`` — 知识产权（专利）密集型产业统计分类（2019）
    代码* | 名称 | 国民经济行业代码* | 国民经济行业名称 | 说明
    (rows with an empty 国民经济行业代码 only name a category; a class code ending in ``*`` is
    only partly included, as marked in the official table)
``enterprises`` — 规模以上工业企业名录 (numerator of 规模以上工业企业每亿元营业收入有效发明专利数)
    企业名称* | 统一社会信用代码 | 区划代码 | 年份

IPC cells: one or more patterns separated by ``;`` ``；`` ``、``; each pattern as in
:func:`ipatlas.indicators.ipc.parse_pattern` (subclass, main group, exact subgroup, ``*`` wildcard);
an inline ``（不含 X、Y）`` adds exclusions. 不含: patterns excluded from the row. 关键词: the row
applies only to patents whose title or abstract contains one of the keywords. 匹配方式 ``精确``
(exact-match mark): a main group such as ``H01M 10/00`` means that symbol only, not the group.
Rows of one kind are many-to-many: an IPC maps to every industry whose row matches it.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError, csv_unreadable
from ipatlas.indicators.ipc import Pattern, parse_pattern, split_list
from ipatlas.sourcetext import decode_bytes
from ipatlas.sourcetext.sheets import SHEET_SUFFIXES, open_workbook

KINDS = ("ipc-industry", "sei", "ip-intensive", "enterprises")
SCHEMES = {"wipo": None, "sei": "sei", "nic": "ipc-industry", "ipi": "ip-intensive"}
SCHEME_NAMES = {
    "wipo": "WIPO技术领域",
    "sei": "战略性新兴产业",
    "nic": "国民经济行业（大类）",
    "ipi": "知识产权（专利）密集型产业",
}
KIND_NAMES = {
    "ipc-industry": "国际专利分类与国民经济行业分类参照关系表（2018）",
    "sei": "战略性新兴产业分类与国际专利分类参照关系表（2021）",
    "ip-intensive": "知识产权（专利）密集型产业统计分类（2019）",
    "enterprises": "规模以上工业企业名录",
}
# 《战略性新兴产业分类（2018）》(国家统计局) first-level categories: names for the cube's sei:N.
SEI_TOP = {
    "1": "新一代信息技术产业",
    "2": "高端装备制造产业",
    "3": "新材料产业",
    "4": "生物产业",
    "5": "新能源汽车产业",
    "6": "新能源产业",
    "7": "节能环保产业",
    "8": "数字创意产业",
    "9": "相关服务业",
}

_LAYOUTS: dict[str, dict[str, Any]] = {
    "ipc-industry": {
        "required": ["国民经济行业代码", "IPC"],
        "optional": ["国民经济行业名称", "不含", "关键词", "匹配方式", "备注"],
    },
    "sei": {
        "required": ["战略性新兴产业代码", "IPC"],
        "optional": ["战略性新兴产业名称", "不含", "关键词", "匹配方式", "备注"],
    },
    "ip-intensive": {
        "required": ["代码", "国民经济行业代码"],
        "optional": ["名称", "国民经济行业名称", "说明"],
    },
    "enterprises": {"required": ["企业名称"], "optional": ["统一社会信用代码", "区划代码", "年份"]},
}
_ALIASES = {
    "行业代码": "国民经济行业代码",
    "国民经济行业分类代码": "国民经济行业代码",
    "行业名称": "国民经济行业名称",
    "国民经济行业分类名称": "国民经济行业名称",
    "国际专利分类号": "IPC",
    "国际专利分类": "IPC",
    "IPC分类号": "IPC",
    "IPC号": "IPC",
    "产业代码": "战略性新兴产业代码",
    "产业名称": "战略性新兴产业名称",
    "排除": "不含",
    "不包含": "不含",
    "关键字": "关键词",
    "匹配": "匹配方式",
    "单位名称": "企业名称",
    "企业": "企业名称",
    "统一社会信用代码/注册号": "统一社会信用代码",
}
_EXACT_MARKS = {"精确", "精确匹配", "exact", "=", "仅本组", "是"}


# ---------------------------------------------------------------------------------------------
# packaged reference tables
# ---------------------------------------------------------------------------------------------
def _read_packaged_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("ipatlas.indicators").joinpath("data", name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


@functools.cache
def wipo_fields() -> dict[str, dict[str, str]]:
    """field id ('01'…'35') → names."""
    out: dict[str, dict[str, str]] = {}
    for r in _read_packaged_csv("wipo_ipc_technology.csv"):
        out.setdefault(
            r["field"],
            {
                "field_en": r["field_en"],
                "field_zh": r["field_zh"],
                "sector_en": r["sector_en"],
                "sector_zh": r["sector_zh"],
            },
        )
    return out


@functools.cache
def wipo_rules() -> dict[str, list[tuple[Pattern, str]]]:
    """subclass → [(prefix pattern, field)] — longest prefix wins."""
    idx: dict[str, list[tuple[Pattern, str]]] = defaultdict(list)
    for r in _read_packaged_csv("wipo_ipc_technology.csv"):
        p = Pattern(r["ipc_prefix"])
        idx[r["ipc_prefix"][:4]].append((p, r["field"]))
    return dict(idx)


@functools.cache
def gbt4754() -> dict[str, tuple[int, str]]:
    """GB/T 4754-2017 code → (level, name)."""
    return {r["code"]: (int(r["level"]), r["name"]) for r in _read_packaged_csv("gbt4754_2017.csv")}


def check_gbt_code(code: str) -> str | None:
    """None if ``code`` is a GB/T 4754-2017 division/group/class, else the reason."""
    table = gbt4754()
    if not re.fullmatch(r"[0-9]{2,4}", code):
        return (
            f"国民经济行业代码 {code!r} 格式不符（应为2–4位数字，GB/T 4754-2017 大类/中类/小类；"
            "若 Excel 去掉了前导0，请把该列设为文本格式）"
        )
    if code in table:
        return None
    if len(code) == 3 and any(c.startswith(code) and len(c) == 4 for c in table):
        return None  # groups are incomplete in the derived list; a group with classes exists
    return f"国民经济行业代码 {code} 不在 GB/T 4754-2017 中"


# ---------------------------------------------------------------------------------------------
# reading user files
# ---------------------------------------------------------------------------------------------
def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(1-based file row number, cells) of a CSV, XLSX or .xls file."""
    if not path.is_file():
        raise InputError("文件不存在", file=str(path))
    if path.suffix.lower() in SHEET_SUFFIXES:
        with open_workbook(path) as wb:
            rows = enumerate(wb.rows(), start=1)
            return [(i, ["" if v is None else str(v).strip() for v in row]) for i, row in rows]
    # the one text decoder (UTF-8 with or without BOM, UTF-16, GB18030, Big5), as plans and laws
    text = decode_bytes(path.read_bytes(), name=str(path)).text
    # newline=None: a file with CR-only line ends (old Mac Excel) reads as lines, not one record
    reader = csv.reader(io.StringIO(text, newline=None))
    out: list[tuple[int, list[str]]] = []
    try:
        for i, cells in enumerate(reader, start=1):
            out.append((i, [c.strip() for c in cells]))
    except csv.Error as exc:  # a cell past the csv module's limit (an unclosed quote), a NUL …
        raise InputError(f"CSV 无法解析：{csv_unreadable(exc)}", file=str(path), row=len(out) + 1) from None
    return out


def _canon_header(cell: str) -> str:
    c = re.sub(r"\s+", "", cell).replace("（", "(").replace("）", ")")
    c = re.sub(r"\(.*?\)$", "", c) if c not in _ALIASES and c.rstrip(")") not in _ALIASES else c
    return _ALIASES.get(c, c)


def _locate(rows: list[tuple[int, list[str]]], kind: str, path: Path) -> tuple[int, dict[str, int]]:
    layout = _LAYOUTS[kind]
    for idx, (_n, cells) in enumerate(rows):
        if cells and cells[0].startswith("#"):
            continue
        names = [_canon_header(c) for c in cells]
        if all(r in names for r in layout["required"]):
            cols = {n: names.index(n) for n in layout["required"] + layout["optional"] if n in names}
            return idx, cols
    raise InputError(
        f"找不到表头：{KIND_NAMES[kind]} 需要列 {'、'.join(layout['required'])}"
        f"（可选列 {'、'.join(layout['optional'])}）",
        file=str(path),
    )


# ---------------------------------------------------------------------------------------------
# import
# ---------------------------------------------------------------------------------------------
@dataclass
class ConcordanceImport:
    kind: str
    name: str
    file: str
    sha256: str
    imported_at: str
    rows: int
    entries: int
    codes: int
    is_sample: bool
    label: str | None
    warnings: list[str] = field(default_factory=list)
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def concordance_dir(settings: Settings) -> Path:
    return settings.data_dir / "indicators" / "concordances"


def _inline_excludes(cell: str) -> tuple[str, list[str]]:
    """'G06F 16/*（不含G06F 16/90、G06F 16/95）' → ('G06F 16/*', ['G06F 16/90', 'G06F 16/95'])."""
    excludes: list[str] = []

    def grab(m: re.Match[str]) -> str:
        excludes.extend(split_list(m.group(1)))
        return ""

    rest = re.sub(r"[（(]\s*(?:不含|不包括|除外|除)\s*[:：]?\s*([^）)]*)[）)]", grab, cell)
    return rest.strip(), excludes


def _data_rows(rows: list[tuple[int, list[str]]], start: int) -> Iterator[tuple[int, list[str]]]:
    """Rows after the header at ``start``, without blank rows and ``#`` comment rows."""
    for rownum, cells in rows[start + 1 :]:
        if any(cells) and not cells[0].startswith("#"):
            yield rownum, cells


def _cell(cells: list[str], cols: dict[str, int], name: str) -> str:
    """The stripped value of column ``name`` ('' when the column or the cell is absent)."""
    i = cols.get(name)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def _parse_ipc_rows(
    kind: str, rows: list[tuple[int, list[str]]], start: int, cols: dict[str, int], path: Path
) -> tuple[pa.Table, list[str]]:
    code_col = "国民经济行业代码" if kind == "ipc-industry" else "战略性新兴产业代码"
    name_col = "国民经济行业名称" if kind == "ipc-industry" else "战略性新兴产业名称"
    out: dict[str, list[Any]] = defaultdict(list)
    warnings: list[str] = []
    errors: list[InputError] = []
    gbt = gbt4754()

    for rownum, cells in _data_rows(rows, start):
        code = _cell(cells, cols, code_col).replace(" ", "")
        ipc_cell = _cell(cells, cols, "IPC")
        try:
            if not code:
                raise InputError("缺少产业代码", file=str(path), row=rownum, field=code_col)
            if kind == "ipc-industry":
                if code.endswith(".0"):
                    code = code[:-2]  # Excel turned 0111 into 111.0
                if code.isdigit() and len(code) == 1:
                    code = code.zfill(2)  # Excel dropped the leading zero of a division
                reason = check_gbt_code(code)
                if reason:
                    raise InputError(reason, file=str(path), row=rownum, field=code_col)
                name = _cell(cells, cols, name_col)
                std = gbt.get(code, (0, ""))[1]
                if name and std and re.sub(r"\W", "", name) != re.sub(r"\W", "", std):
                    warnings.append(
                        f"第{rownum}行：行业名称“{name}”与 GB/T 4754-2017 “{std}”不一致，以代码为准"
                    )
            else:
                if not re.fullmatch(r"[1-9](\.[0-9]{1,2}){0,3}", code):
                    raise InputError(
                        f"战略性新兴产业代码 {code!r} 格式不符"
                        "（应如 1、1.2、1.2.3，见《战略性新兴产业分类（2018）》）",
                        file=str(path),
                        row=rownum,
                        field=code_col,
                    )
                name = _cell(cells, cols, name_col)
            if not ipc_cell:
                if not name:
                    raise InputError("缺少 IPC 分类号", file=str(path), row=rownum, field="IPC")
                # a row that only names a category (e.g. a first-level SEI industry)
                for k, v in (
                    ("code", code),
                    ("name", name),
                    ("pattern", None),
                    ("exact", False),
                    ("excludes", []),
                    ("keywords", []),
                    ("source_row", rownum),
                ):
                    out[k].append(v)
                continue
            exact = _cell(cells, cols, "匹配方式") in _EXACT_MARKS
            ipc_text, inline_ex = _inline_excludes(ipc_cell)
            patterns = [
                parse_pattern(p, exact_mark=exact, file=str(path), row=rownum, field="IPC")
                for p in split_list(ipc_text)
            ]
            excl_texts = [*inline_ex, *split_list(_cell(cells, cols, "不含"))]
            excl = [
                parse_pattern(p.removeprefix("不含"), file=str(path), row=rownum, field="不含")
                for p in excl_texts
            ]
            keywords = split_list(_cell(cells, cols, "关键词"))
        except InputError as exc:
            errors.append(exc)
            continue
        for p in patterns:
            out["code"].append(code)
            out["name"].append(name or None)
            out["pattern"].append(p.value)
            out["exact"].append(p.exact)
            out["excludes"].append([("=" if e.exact else "") + e.value for e in excl])
            out["keywords"].append(keywords)
            out["source_row"].append(rownum)
    _raise_errors(errors, path)
    table = pa.table(
        {
            "code": pa.array(out["code"], pa.string()),
            "name": pa.array(out["name"], pa.string()),
            "pattern": pa.array(out["pattern"], pa.string()),
            "exact": pa.array(out["exact"], pa.bool_()),
            "excludes": pa.array(out["excludes"], pa.list_(pa.string())),
            "keywords": pa.array(out["keywords"], pa.list_(pa.string())),
            "source_row": pa.array(out["source_row"], pa.int64()),
        }
    )
    return table, warnings


def _parse_ipi_rows(
    rows: list[tuple[int, list[str]]], start: int, cols: dict[str, int], path: Path
) -> tuple[pa.Table, list[str]]:
    out: dict[str, list[Any]] = defaultdict(list)
    errors: list[InputError] = []
    warnings: list[str] = []
    gbt = gbt4754()

    for rownum, cells in _data_rows(rows, start):
        code = _cell(cells, cols, "代码").replace(" ", "")
        if code.endswith(".0"):
            code = code[:-2]
        name = _cell(cells, cols, "名称")
        nic_cell = _cell(cells, cols, "国民经济行业代码")
        if not re.fullmatch(r"[0-9]{2,6}", code):
            errors.append(
                InputError(
                    f"产业代码 {code!r} 格式不符（应为2–6位数字）", file=str(path), row=rownum, field="代码"
                )
            )
            continue
        nic_codes = split_list(nic_cell) if nic_cell else [""]
        for raw in nic_codes:
            nic = raw.replace(" ", "")
            partial = nic.endswith("*")
            nic = nic.rstrip("*")
            if nic:
                if not re.fullmatch(r"[0-9]{4}", nic) or nic not in gbt:
                    errors.append(
                        InputError(
                            f"国民经济行业代码 {raw!r} 不是 GB/T 4754-2017 的小类（4位）代码"
                            "（若 Excel 去掉了前导0，请把该列设为文本格式）",
                            file=str(path),
                            row=rownum,
                            field="国民经济行业代码",
                        )
                    )
                    continue
                std = gbt[nic][1]
                given = _cell(cells, cols, "国民经济行业名称")
                if given and len(nic_codes) == 1 and re.sub(r"\W", "", given) != re.sub(r"\W", "", std):
                    warnings.append(
                        f"第{rownum}行：行业名称“{given}”与 GB/T 4754-2017 “{std}”不一致，以代码为准"
                    )
            out["code"].append(code)
            out["name"].append(name or None)
            out["nic_code"].append(nic or None)
            out["partial"].append(partial)
            out["source_row"].append(rownum)
    _raise_errors(errors, path)
    table = pa.table(
        {
            "code": pa.array(out["code"], pa.string()),
            "name": pa.array(out["name"], pa.string()),
            "nic_code": pa.array(out["nic_code"], pa.string()),
            "partial": pa.array(out["partial"], pa.bool_()),
            "source_row": pa.array(out["source_row"], pa.int64()),
        }
    )
    return table, warnings


def normalize_company(name: str) -> str:
    """Name key for exact matching: no whitespace, ASCII brackets (the engine does the same)."""
    return re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")


def _parse_enterprise_rows(
    rows: list[tuple[int, list[str]]], start: int, cols: dict[str, int], path: Path
) -> tuple[pa.Table, list[str]]:
    names, keys, codes, source_rows = [], [], [], []
    seen: set[str] = set()
    warnings: list[str] = []
    for rownum, cells in _data_rows(rows, start):
        name = _cell(cells, cols, "企业名称")
        if not name:
            raise InputError("缺少企业名称", file=str(path), row=rownum, field="企业名称")
        key = normalize_company(name)
        if key in seen:
            warnings.append(f"第{rownum}行：企业“{name}”重复，已合并")
            continue
        seen.add(key)
        i = cols.get("区划代码")
        names.append(name)
        keys.append(key)
        codes.append(cells[i].strip() if i is not None and i < len(cells) and cells[i].strip() else None)
        source_rows.append(rownum)
    return (
        pa.table(
            {
                "name": pa.array(names, pa.string()),
                "name_key": pa.array(keys, pa.string()),
                "region_code": pa.array(codes, pa.string()),
                "source_row": pa.array(source_rows, pa.int64()),
            }
        ),
        warnings,
    )


def _raise_errors(errors: list[InputError], path: Path) -> None:
    if not errors:
        return
    first = errors[0]
    more = f"（另有 {len(errors) - 1} 处错误）" if len(errors) > 1 else ""
    raise InputError(
        first.reason + more,
        file=str(path),
        row=first.context.get("row"),
        field=first.context.get("field"),
        errors=[e.message for e in errors[:50]],
    )


def import_concordance(settings: Settings, path: Path | str, kind: str) -> ConcordanceImport:
    """Validate and store a user-supplied concordance (replaces the active one of that kind)."""
    if kind not in KINDS:
        raise InputError(f"未知对照表类型 {kind!r}；可选 {', '.join(KINDS)}", field="kind")
    path = Path(path)
    rows = _read_rows(path)
    start, cols = _locate(rows, kind, path)
    if kind in ("ipc-industry", "sei"):
        table, warnings = _parse_ipc_rows(kind, rows, start, cols, path)
    elif kind == "ip-intensive":
        table, warnings = _parse_ipi_rows(rows, start, cols, path)
    else:
        table, warnings = _parse_enterprise_rows(rows, start, cols, path)
    if table.num_rows == 0:
        raise InputError("文件中没有数据行", file=str(path))
    preamble = " ".join(" ".join(c for c in cells if c) for _n, cells in rows[:start])
    label = preamble.lstrip("# ").strip() or None
    is_sample = "示例" in path.name or "示例" in (preamble or "") or "sample" in path.name.lower()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    codes = len(set(table.column("code").to_pylist())) if "code" in table.column_names else table.num_rows
    info = ConcordanceImport(
        kind=kind,
        name=KIND_NAMES[kind],
        file=str(path.resolve()),
        sha256=digest,
        imported_at=dt.datetime.now().isoformat(timespec="seconds"),
        rows=len({r for r in table.column("source_row").to_pylist()}),
        entries=table.num_rows,
        codes=codes,
        is_sample=is_sample,
        label=label,
        warnings=warnings,
    )
    d = concordance_dir(settings)
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / f".{kind}.parquet.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, d / f"{kind}.parquet")
    info.path = str(d / f"{kind}.parquet")
    tmpj = d / f".{kind}.json.tmp"
    tmpj.write_text(json.dumps(info.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    os.replace(tmpj, d / f"{kind}.json")
    return info


def load_concordance(settings: Settings, kind: str) -> pa.Table | None:
    p = concordance_dir(settings) / f"{kind}.parquet"
    return pq.read_table(p) if p.is_file() else None


def concordance_info(settings: Settings, kind: str) -> dict[str, Any] | None:
    p = concordance_dir(settings) / f"{kind}.json"
    if not p.is_file():
        return None
    data: dict[str, Any] = json.loads(p.read_text("utf-8"))
    return data


def list_concordances(settings: Settings) -> list[dict[str, Any]]:
    """The built-in WIPO table and every importable kind with its active import (if any)."""
    wipo = wipo_rules()
    out: list[dict[str, Any]] = [
        {
            "kind": "wipo",
            "name": "WIPO IPC–技术领域对照表（35个技术领域，内置）",
            "builtin": True,
            "imported": True,
            "entries": sum(len(v) for v in wipo.values()),
            "codes": len(wipo_fields()),
            "source": "WIPO IPC-Technology Concordance (Schmoch 2008, 2014 revision)",
            "scheme": "wipo",
        }
    ]
    scheme_of = {v: k for k, v in SCHEMES.items() if v}
    for kind in KINDS:
        info = concordance_info(settings, kind)
        out.append(
            {
                "kind": kind,
                "name": KIND_NAMES[kind],
                "builtin": False,
                "imported": info is not None,
                "scheme": scheme_of.get(kind),
                **({k: v for k, v in info.items() if k not in ("kind", "name")} if info else {}),
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# matching: distinct IPC symbols → industries (done once per distinct symbol, not per patent)
# ---------------------------------------------------------------------------------------------
def _kw_regex(keywords: Iterable[str]) -> str | None:
    kws = sorted({k for k in keywords if k})
    return "|".join(re.escape(k) for k in kws) if kws else None


@dataclass
class _Rule:
    pattern: Pattern
    excludes: list[Pattern]
    keywords: list[str]
    target: str  # industry code at the table's own level

    def applies(self, ipc: str) -> bool:
        return self.pattern.matches(ipc) and not any(e.matches(ipc) for e in self.excludes)


def _rules(table: pa.Table) -> dict[str, list[_Rule]]:
    idx: dict[str, list[_Rule]] = defaultdict(list)
    for r in table.to_pylist():
        if not r["pattern"]:
            continue  # a name-only row
        excl = [Pattern(e[1:], True) if e.startswith("=") else Pattern(e) for e in (r["excludes"] or [])]
        rule = _Rule(Pattern(r["pattern"], bool(r["exact"])), excl, list(r["keywords"] or []), r["code"])
        idx[r["pattern"][:4]].append(rule)
    return idx


def _match_many(rules: dict[str, list[_Rule]], ipc: str) -> dict[str, list[str] | None]:
    """target → keywords (None = unconditional) for every rule that applies."""
    hits: dict[str, list[str] | None] = {}
    for rule in rules.get(ipc[:4], ()):
        if not rule.applies(ipc):
            continue
        if not rule.keywords or hits.get(rule.target, ()) is None:
            hits[rule.target] = None
        else:
            prev = hits.get(rule.target) or []
            hits[rule.target] = [*prev, *rule.keywords]
    return hits


def wipo_field(ipc: str) -> str | None:
    best: tuple[float, str] | None = None
    for p, f in wipo_rules().get(ipc[:4], ()):
        if p.matches(ipc) and (best is None or p.specificity > best[0]):
            best = (p.specificity, f)
    return best[1] if best else None


@dataclass
class SchemeMaps:
    """Per scheme: a table (ipc, industry, kw) — the engine joins patents' IPCs with it."""

    maps: dict[str, pa.Table]
    unavailable: dict[str, str]  # scheme → reason
    names: dict[str, str]  # industry id → name

    def has(self, scheme: str) -> bool:
        return scheme in self.maps


def available_schemes(settings: Settings) -> dict[str, str | None]:
    """scheme → None if usable, else the reason it is not."""
    has = {k: concordance_info(settings, k) is not None for k in KINDS}
    out: dict[str, str | None] = {"wipo": None}
    out["sei"] = None if has["sei"] else f"未导入《{KIND_NAMES['sei']}》"
    out["nic"] = None if has["ipc-industry"] else f"未导入《{KIND_NAMES['ipc-industry']}》"
    if not has["ipc-industry"]:
        out["ipi"] = f"知识产权密集型产业需先导入《{KIND_NAMES['ipc-industry']}》"
    elif not has["ip-intensive"]:
        out["ipi"] = f"未导入《{KIND_NAMES['ip-intensive']}》"
    else:
        out["ipi"] = None
    return out


def build_maps(settings: Settings, schemes: Iterable[str], ipcs: Iterable[str]) -> SchemeMaps:
    """Match every distinct IPC symbol once against each scheme."""
    ipcs = sorted({i for i in ipcs if i})
    status = available_schemes(settings)
    maps: dict[str, pa.Table] = {}
    unavailable: dict[str, str] = {}
    names: dict[str, str] = {"ALL": "全部"}
    for scheme in schemes:
        if scheme not in SCHEMES:
            raise NotFoundError(f"未知产业分类 {scheme!r}；可选 {', '.join(SCHEMES)}", scheme=scheme)
        reason = status.get(scheme)
        if reason:
            unavailable[scheme] = reason
            continue
        rows: list[tuple[str, str, str | None]] = []
        if scheme == "wipo":
            for ipc in ipcs:
                f = wipo_field(ipc)
                if f:
                    rows.append((ipc, f"wipo:{f}", None))
            for f, n in wipo_fields().items():
                names[f"wipo:{f}"] = n["field_zh"]
        elif scheme == "sei":
            table = load_concordance(settings, "sei")
            assert table is not None
            rules = _rules(table)
            for ipc in ipcs:
                tops: dict[str, list[str] | None] = {}
                for target, kws in _match_many(rules, ipc).items():
                    top = target.split(".")[0]
                    _merge(tops, top, kws)
                rows.extend((ipc, f"sei:{t}", _kw_regex(k) if k else None) for t, k in tops.items())
            for top, top_name in SEI_TOP.items():
                names[f"sei:{top}"] = top_name
            for r in table.to_pylist():
                if "." not in r["code"] and r["name"]:
                    names[f"sei:{r['code']}"] = r["name"]
        elif scheme in ("nic", "ipi"):
            table = load_concordance(settings, "ipc-industry")
            assert table is not None
            rules = _rules(table)
            ipi_of: dict[str, set[str]] = defaultdict(set)
            if scheme == "ipi":
                ipi = load_concordance(settings, "ip-intensive")
                assert ipi is not None
                for r in ipi.to_pylist():
                    if r["nic_code"]:
                        ipi_of[r["nic_code"]].add(r["code"][:2])
                    if len(r["code"]) == 2 and r["name"]:
                        names[f"ipi:{r['code']}"] = r["name"]
            for ipc in ipcs:
                out_k: dict[str, list[str] | None] = {}
                for target, kws in _match_many(rules, ipc).items():
                    if scheme == "nic":
                        _merge(out_k, target[:2], kws)
                    else:
                        for cat in _ipi_for(target, ipi_of):
                            _merge(out_k, cat, kws)
                rows.extend((ipc, f"{scheme}:{t}", _kw_regex(k) if k else None) for t, k in out_k.items())
            if scheme == "nic":
                for code, (level, name) in gbt4754().items():
                    if level == 2:
                        names[f"nic:{code}"] = name
        maps[scheme] = pa.table(
            {
                "ipc": pa.array([r[0] for r in rows], pa.string()),
                "industry": pa.array([r[1] for r in rows], pa.string()),
                "kw": pa.array([r[2] for r in rows], pa.string()),
            }
        )
    return SchemeMaps(maps, unavailable, names)


def _merge(acc: dict[str, list[str] | None], key: str, kws: list[str] | None) -> None:
    if kws is None or acc.get(key, ()) is None:
        acc[key] = None
    else:
        acc[key] = [*(acc.get(key) or []), *kws]


def _ipi_for(nic_code: str, ipi_of: dict[str, set[str]]) -> set[str]:
    """IP-intensive categories of a concordance code (a class, or every class under a coarser code)."""
    if len(nic_code) == 4:
        return ipi_of.get(nic_code, set())
    out: set[str] = set()
    for cls, cats in ipi_of.items():
        if cls.startswith(nic_code):
            out |= cats
    return out


def sei_map(settings: Settings, ipcs: Iterable[str]) -> pa.Table | None:
    """(ipc, kw) for IPCs in any strategic emerging industry; None when no SEI table is imported."""
    if concordance_info(settings, "sei") is None:
        return None
    m = build_maps(settings, ["sei"], ipcs).maps["sei"]
    # one row per IPC: unconditional if any industry is unconditional, else the union of keywords
    per: dict[str, list[str] | None] = {}
    for ipc, kw in zip(m.column("ipc").to_pylist(), m.column("kw").to_pylist(), strict=True):
        _merge(per, ipc, None if kw is None else kw.split("|"))
    return pa.table(
        {
            "ipc": pa.array(list(per), pa.string()),
            "kw": pa.array(["|".join(v) if v else None for v in per.values()], pa.string()),
        }
    )


def enterprise_keys(settings: Settings) -> pa.Table | None:
    t = load_concordance(settings, "enterprises")
    return None if t is None else t.select(["name_key"])
