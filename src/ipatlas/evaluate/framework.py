"""The framework: a metadata table that defines a composite index (COINr ``iMeta`` style).

One row per code. ``type`` is one of

- ``Indicator`` — a level-1 column of the data, aggregated into its ``parent``;
- ``Aggregate`` — a level ≥ 2 score computed from its children (pillar, sub-index, index);
- ``Group`` — a categorical data column usable for grouped imputation and reporting;
- ``Denominator`` — a data column that indicators can be divided by (``denominator``).

Columns (case-insensitive; COINr names ``iCode``/``iName``/``Level``/… are accepted):
``code, name, level, parent, direction, weight, type, denominator`` plus optional
``unit, target, goalpost_low, goalpost_high``.

:func:`validate_framework` checks the table (and, optionally, the data) and raises one
:class:`~ipatlas.errors.EvaluationError` listing every problem with what to change.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ipatlas.errors import EvaluationError, cause

COLUMNS = ("code", "name", "level", "parent", "direction", "weight", "type", "denominator")
OPTIONAL_COLUMNS = ("unit", "target", "goalpost_low", "goalpost_high")
TYPES = ("Indicator", "Aggregate", "Group", "Denominator")

# COINr iMeta column names (and a few Chinese headers) → ours.
_ALIASES = {
    "icode": "code",
    "iname": "name",
    "代码": "code",
    "名称": "name",
    "层级": "level",
    "上级": "parent",
    "方向": "direction",
    "权重": "weight",
    "类型": "type",
    "分母": "denominator",
    "单位": "unit",
    "目标": "target",
}
_TYPE_ALIASES = {
    "indicator": "Indicator",
    "指标": "Indicator",
    "aggregate": "Aggregate",
    "聚合": "Aggregate",
    "group": "Group",
    "分组": "Group",
    "denominator": "Denominator",
    "分母": "Denominator",
}

MAX_LISTED_PROBLEMS = 30


def _blank(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


@dataclass
class Framework:
    """A validated framework table (one row per code, index = code)."""

    table: pd.DataFrame
    source: str | None = None
    problems: list[str] = field(default_factory=list)

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def from_frame(cls, df: pd.DataFrame, *, source: str | None = None) -> Framework:
        """Build from a DataFrame with the framework columns and validate its structure."""
        table = _standardise(df, source=source)
        fw = cls(table=table, source=source)
        validate_framework(fw)
        return fw

    @classmethod
    def from_csv(cls, path: str | Path) -> Framework:
        path = Path(path)
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except FileNotFoundError:
            raise EvaluationError(f"框架文件不存在：{path}", file=str(path)) from None
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise EvaluationError(
                f"框架文件 {path} 无法读取为 UTF-8 CSV：{cause(exc)}", file=str(path)
            ) from None
        return cls.from_frame(df, source=str(path))

    @classmethod
    def from_records(cls, rows: Iterable[Mapping[str, Any]], *, source: str | None = None) -> Framework:
        return cls.from_frame(pd.DataFrame(list(rows)), source=source)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Framework:
        """A YAML file with ``indicators:`` (list of rows) or a top-level list of rows."""
        path = Path(path)
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise EvaluationError(f"框架文件不存在：{path}", file=str(path)) from None
        except yaml.YAMLError as exc:
            raise EvaluationError(f"框架文件 {path} 不是有效的 YAML：{cause(exc)}", file=str(path)) from None
        rows = doc.get("framework", doc.get("indicators")) if isinstance(doc, dict) else doc
        if not isinstance(rows, list):
            raise EvaluationError(
                f"框架文件 {path} 应包含 framework: 列表（每项一行：code, name, level, parent, …）",
                file=str(path),
            )
        return cls.from_records(rows, source=str(path))

    @classmethod
    def load(cls, path: str | Path) -> Framework:
        p = Path(path)
        if p.suffix.lower() in (".yaml", ".yml"):
            return cls.from_yaml(p)
        return cls.from_csv(p)

    # ---- accessors ------------------------------------------------------------------------
    def codes(self, type_: str) -> list[str]:
        return list(self.table.index[self.table["type"] == type_])

    @property
    def indicators(self) -> list[str]:
        return self.codes("Indicator")

    @property
    def aggregates(self) -> list[str]:
        return self.codes("Aggregate")

    @property
    def groups(self) -> list[str]:
        return self.codes("Group")

    @property
    def denominators(self) -> list[str]:
        return self.codes("Denominator")

    @property
    def max_level(self) -> int:
        return int(self.table.loc[self.table["type"] == "Aggregate", "level"].max())

    @property
    def index_code(self) -> str:
        top = self.table[(self.table["type"] == "Aggregate") & (self.table["level"] == self.max_level)]
        return str(top.index[0])

    def children(self, code: str) -> list[str]:
        t = self.table
        return list(t.index[(t["parent"] == code) & t["type"].isin(["Indicator", "Aggregate"])])

    def aggregates_at(self, level: int) -> list[str]:
        t = self.table
        return list(t.index[(t["type"] == "Aggregate") & (t["level"] == level)])

    def parent(self, code: str) -> str | None:
        v = self.table.at[code, "parent"]
        return None if _blank(v) else str(v)

    def level(self, code: str) -> int:
        return int(self.table.at[code, "level"])  # type: ignore[arg-type]

    def direction(self, code: str) -> int:
        return int(self.table.at[code, "direction"])  # type: ignore[arg-type]

    def weight(self, code: str) -> float:
        return float(self.table.at[code, "weight"])  # type: ignore[arg-type]

    def name(self, code: str) -> str:
        v = self.table.at[code, "name"]
        return code if _blank(v) else str(v)

    def aggregate_order(self) -> list[str]:
        """Aggregates from the index down (COINr results-table order)."""
        out: list[str] = []
        for lev in range(self.max_level, 1, -1):
            out.extend(self.aggregates_at(lev))
        return out

    def with_weights(self, weights: Mapping[str, float]) -> Framework:
        """A copy with some weights replaced (used by weighting methods and the Monte Carlo)."""
        t = self.table.copy()
        for k, v in weights.items():
            t.at[k, "weight"] = float(v)
        return Framework(table=t, source=self.source)

    def to_records(self) -> list[dict[str, Any]]:
        t = self.table.reset_index()
        return [
            {str(k): (None if _blank(v) else v) for k, v in row.items()}
            for row in t.to_dict(orient="records")
        ]

    def subset(self, codes: Iterable[str]) -> Framework:
        """Framework restricted to the given indicators and the aggregates above them."""
        keep = set(codes)
        t = self.table
        frontier = set(keep)
        while frontier:
            parents = {p for p in t.loc[list(frontier), "parent"] if not _blank(p)}
            frontier = parents - keep
            keep |= parents
        extra = set(t.index[t["type"].isin(["Group", "Denominator"])])
        return Framework(table=t.loc[[c for c in t.index if c in keep | extra]].copy(), source=self.source)


def _standardise(df: pd.DataFrame, *, source: str | None) -> pd.DataFrame:
    rename = {}
    for c in df.columns:
        key = str(c).strip()
        low = key.lower()
        rename[c] = _ALIASES.get(low, _ALIASES.get(key, low))
    t = df.rename(columns=rename).copy()
    missing = [c for c in ("code", "level", "parent", "type") if c not in t.columns]
    if missing:
        raise EvaluationError(
            f"框架表缺少列 {', '.join(missing)}；需要的列为 {', '.join(COLUMNS)}"
            "（也接受 COINr 的 iCode/iName/Level/Parent/Type/Direction/Weight/Denominator）",
            file=source,
        )
    for c in COLUMNS + OPTIONAL_COLUMNS:
        if c not in t.columns:
            t[c] = None
    t = t.astype(object).where(pd.notna(t), None)
    for c in t.columns:
        t[c] = [v.strip() if isinstance(v, str) else v for v in t[c]]
    t["type"] = [_TYPE_ALIASES.get(str(v).strip().lower(), v) if not _blank(v) else v for v in t["type"]]
    t["_row"] = range(2, len(t) + 2)  # CSV row number (header is row 1) for messages
    return t


def _num(v: Any) -> float | None:
    if _blank(v):
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _where(row: pd.Series) -> str:
    code = row.get("code")
    return f"第 {row['_row']} 行" + (f"（{code}）" if not _blank(code) else "")


def _check_codes(t: pd.DataFrame, problems: list[str]) -> None:
    """Every row has a code, and no code appears twice."""
    # codes
    codes: list[str] = []
    for _, row in t.iterrows():
        code = row["code"]
        if _blank(code):
            problems.append(f"{_where(row)}：code 为空；请为每一行填写唯一代码")
            continue
        codes.append(str(code))
    dup = sorted({c for c in codes if codes.count(c) > 1})
    for c in dup:
        rows = ", ".join(str(r) for r in t.loc[t["code"] == c, "_row"])
        problems.append(f"代码 {c} 重复出现在第 {rows} 行；每个代码只能出现一次")


def _check_rows(t: pd.DataFrame, problems: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    """Each row's type, level, direction and weight; returns (levels, types) of the valid rows."""
    levels: dict[str, int] = {}
    types: dict[str, str] = {}
    for _, row in t.iterrows():
        if _blank(row["code"]):
            continue
        code = str(row["code"])
        typ = row["type"]
        if typ not in TYPES:
            problems.append(f"{_where(row)}：type 为 {typ!r}，应为 {' / '.join(TYPES)} 之一")
            continue
        types[code] = typ
        if typ in ("Indicator", "Aggregate"):
            lv = _num(row["level"])
            if lv is None or math.isnan(lv) or lv != int(lv) or lv < 1:
                problems.append(f"{_where(row)}：level 为 {row['level']!r}，应为正整数（指标为 1，聚合 ≥ 2）")
                continue
            levels[code] = int(lv)
            if typ == "Indicator" and lv != 1:
                problems.append(f"{_where(row)}：指标的 level 应为 1，现为 {int(lv)}")
            if typ == "Aggregate" and lv < 2:
                problems.append(f"{_where(row)}：聚合的 level 应 ≥ 2，现为 {int(lv)}")
            d = _num(row["direction"])
            if d is not None and d not in (1.0, -1.0):
                problems.append(
                    f"{_where(row)}：direction 为 {row['direction']!r}，应为 1（正向）或 -1（逆向）"
                )
            w = _num(row["weight"])
            if w is not None and (math.isnan(w) or w < 0 or math.isinf(w)):
                problems.append(f"{_where(row)}：weight 为 {row['weight']!r}，应为非负数")

    return levels, types


def _check_parents(
    t: pd.DataFrame,
    levels: dict[str, int],
    types: dict[str, str],
    data: pd.DataFrame | None,
    problems: list[str],
) -> None:
    """Each row's parent is an Aggregate one level up; denominators are Denominator rows."""
    aggregates = {c for c, ty in types.items() if ty == "Aggregate"}
    denominators = {c for c, ty in types.items() if ty == "Denominator"}
    for _, row in t.iterrows():
        code = row["code"]
        if _blank(code) or str(code) not in levels:
            continue
        code = str(code)
        parent = row["parent"]
        lv = levels[code]
        if _blank(parent):
            if types[code] == "Indicator":
                problems.append(f"{_where(row)}：指标必须有 parent（所属的二级聚合代码）")
            continue
        parent = str(parent)
        if parent not in types:
            hint = ", ".join(sorted(a for a in aggregates if levels.get(a) == lv + 1)[:12])
            problems.append(
                f"{_where(row)}：parent {parent!r} 未定义；请改为已定义的 level {lv + 1} 聚合代码"
                + (f"（{hint}）" if hint else "，或先添加该聚合行")
            )
        elif types[parent] != "Aggregate":
            problems.append(f"{_where(row)}：parent {parent!r} 的类型为 {types[parent]}，应指向 Aggregate")
        elif levels.get(parent) is not None and levels[parent] != lv + 1:
            problems.append(
                f"{_where(row)}：parent {parent!r} 位于 level {levels[parent]}，"
                f"应比本行高一级（level {lv + 1}）；请调整 level 或 parent"
            )
        den = row["denominator"]
        if not _blank(den) and str(den) not in denominators:
            msg = f"{_where(row)}：denominator {den!r} 未定义为 Denominator 类型的行"
            if data is not None and str(den) in data.columns:
                msg += f"；请添加一行 code={den}, type=Denominator"
            problems.append(msg)


def _check_tree(t: pd.DataFrame, levels: dict[str, int], types: dict[str, str], problems: list[str]) -> None:
    """One composite index on top; every aggregate has a parent (but the top) and weighted children."""
    aggregates = {c for c, ty in types.items() if ty == "Aggregate"}
    if aggregates and not problems:
        max_lev = max(levels[a] for a in aggregates)
        tops = sorted(a for a in aggregates if levels[a] == max_lev)
        if len(tops) != 1:
            problems.append(
                f"最高层（level {max_lev}）应只有一个总指数，现有 {', '.join(tops)}；请为它们添加共同的上级"
            )
        for a in sorted(aggregates):
            if levels[a] != max_lev:
                prow = t.loc[t["code"] == a].iloc[0]
                if _blank(prow["parent"]):
                    problems.append(f"{_where(prow)}：聚合 {a} 不是总指数却没有 parent")
            kids = [
                str(c)
                for c, p in zip(t["code"], t["parent"], strict=True)
                if not _blank(p) and str(p) == a and str(c) in levels
            ]
            if not kids:
                problems.append(f"聚合 {a} 没有任何下级；请删除该行或把指标的 parent 设为 {a}")
            else:
                ws = [_num(t.loc[t["code"] == k, "weight"].iloc[0]) for k in kids]
                ws2 = [1.0 if w is None else w for w in ws]
                if all(w == 0 for w in ws2 if w is not None and not math.isnan(w)):
                    problems.append(f"聚合 {a} 的所有下级权重均为 0；至少一个权重应大于 0")
    elif not aggregates and not problems:
        problems.append("框架中没有 Aggregate 行；至少需要一个总指数（type=Aggregate）")


def _check_data_columns(data: pd.DataFrame, types: dict[str, str], problems: list[str]) -> None:
    """The data has a numeric column for every indicator, group and denominator."""
    cols = set(map(str, data.columns))
    for code, typ in types.items():
        if typ in ("Indicator", "Group", "Denominator") and code not in cols:
            problems.append(f"数据中缺少 {typ} 列 {code}；请在数据文件中添加该列或从框架中删除该行")
    for code, typ in types.items():
        if typ in ("Indicator", "Denominator") and code in cols:
            col = pd.to_numeric(data[code], errors="coerce")
            bad = data.index[col.isna() & data[code].notna() & (data[code].astype(str).str.strip() != "")]
            if len(bad):
                problems.append(
                    f"数据列 {code} 含非数值（单位 {', '.join(map(str, bad[:5]))}"
                    + ("…" if len(bad) > 5 else "")
                    + "）；请改为数字或留空表示缺失"
                )


def _raise_problems(fw: Framework, problems: list[str]) -> None:
    shown = problems[:MAX_LISTED_PROBLEMS]
    more = len(problems) - len(shown)
    msg = "框架校验未通过（共 {} 处）：\n  - {}".format(len(problems), "\n  - ".join(shown))
    if more:
        msg += f"\n  …另有 {more} 处"
    raise EvaluationError(msg, file=fw.source, problems=problems)


def _normalised(t: pd.DataFrame) -> pd.DataFrame:
    """index-ready table: ``level`` int, ``direction`` ±1, ``weight`` float, empty strings → None."""
    # normalise types
    t = t.copy()
    t["code"] = t["code"].astype(str)
    t["level"] = pd.Series(
        [int(float(v)) if not _blank(v) else None for v in t["level"]], index=t.index, dtype=object
    )
    t["direction"] = pd.Series(
        [
            (int(float(d)) if not _blank(d) else 1) if ty in ("Indicator", "Aggregate") else None
            for d, ty in zip(t["direction"], t["type"], strict=True)
        ],
        index=t.index,
        dtype=object,
    )
    t["weight"] = pd.Series(
        [
            (float(w) if not _blank(w) else 1.0) if ty in ("Indicator", "Aggregate") else None
            for w, ty in zip(t["weight"], t["type"], strict=True)
        ],
        index=t.index,
        dtype=object,
    )
    # object dtype keeps None (pandas would otherwise turn it into NaN / its string dtype)
    t["parent"] = pd.Series([None if _blank(p) else str(p) for p in t["parent"]], index=t.index, dtype=object)
    t["denominator"] = pd.Series(
        [None if _blank(d) else str(d) for d in t["denominator"]], index=t.index, dtype=object
    )
    for c in ("target", "goalpost_low", "goalpost_high"):
        t[c] = pd.Series([None if _blank(v) else float(v) for v in t[c]], index=t.index, dtype=object)
    return t


def validate_framework(fw: Framework, data: pd.DataFrame | None = None) -> Framework:
    """Check the framework (and the data columns it needs); raise one error listing every fix.

    On success the table is normalised in place: index = code, ``level`` int, ``direction``
    ±1 (default 1), ``weight`` float (default 1), empty strings → None.
    """
    t = fw.table
    if "_row" not in t.columns:
        t = _standardise(t.reset_index() if t.index.name == "code" else t, source=fw.source)
    problems: list[str] = []
    _check_codes(t, problems)
    levels, types = _check_rows(t, problems)
    _check_parents(t, levels, types, data, problems)
    _check_tree(t, levels, types, problems)
    if data is not None:
        _check_data_columns(data, types, problems)
    if problems:
        _raise_problems(fw, problems)
    t = _normalised(t)
    fw.table = t.set_index("code", drop=True)
    fw.table.index.name = "code"
    return fw


def check_data(fw: Framework, data: pd.DataFrame) -> None:
    """Validate the data columns the framework needs (raises with every problem listed)."""
    t = fw.table.reset_index()
    probe = Framework(table=t, source=fw.source)
    validate_framework(probe, data)
