"""The indicator catalogue: loaded from ``catalog.yaml`` (data) and checked once.

The YAML is the single declaration of every indicator; this module only parses and validates it
so that a typo in a reference (an unknown measure, source or convention) fails loudly at load
time instead of producing a silently wrong figure.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from ipatlas.errors import IndicatorError, NotFoundError
from ipatlas.store.schema import is_fact_table

# Bases the engine implements (ipatlas.indicators.engine). Each one dates a record and says
# whether it is a flow (counted in the year of an event) or a stock (counted at year end).
BASES: dict[str, str] = {
    "patent_filed": "flow",
    "patent_granted": "flow",
    "patent_closed": "flow",
    "pct_filed": "flow",
    "patent_valid": "stock",
    "patent_high_value": "stock",
    "patent_high_value_undetermined": "stock",
    "patent_hv_criterion": "stock",
    "patent_hv_criterion_unknown": "stock",
    "trademark_filed": "flow",
    "trademark_registered": "flow",
    "trademark_valid": "stock",
    "gi_announced": "flow",
    "gi_cumulative": "stock",
    "gi_undated": "stock",
    "gi_any": "stock",
    # any lake fact table of a domain package (``table``, ``date``, optional ``end``/``weight``):
    # a flow counted in the year of ``date``, or, with ``end``, a stock in force from the year of
    # ``date`` to the year of ``end`` (open while ``end`` is empty)
    "records": "flow",
}
BASE_TABLE = {
    b: ("trademarks" if b.startswith("trademark") else "gi" if b.startswith("gi") else "patents")
    for b in BASES
    if b != "records"
}
_COLUMN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

HV_CRITERIA = ("sei", "overseas_family", "maintained_10y", "pledged", "awarded")
WHERE_KEYS = {"kind", "applicant_type", "above_scale", "is_gi"}
LEVELS = ("county", "city", "province", "nation")  # of a statistic's plausible maxima
# a command line a note cites (``ipatlas operations stats --kind subsidy``)
COMMAND = re.compile(r"(ipatlas(?: [a-z][a-z-]*)+(?: --[a-z-]+(?: [a-z][a-z0-9_-]*)?)*)")
# a bare identifier in prose (not part of a path, a flag or a dotted name)
_CODE = re.compile(r"( ?)(?<![A-Za-z0-9_./-])([a-z][a-z0-9_]*)(?![A-Za-z0-9_/.-]) ?")
TYPES = {"count", "ratio", "growth", "share_of_parent", "concentration"}
# How the terms of a numerator with several entries combine: ``first`` = the first one present (a
# reported statistic, else a count of records); ``sum`` = their total, as an official figure that
# adds two registers (著作权登记 = 作品登记 + 软件登记); any missing term makes the sum missing.
COMBINE = {"first", "sum"}
CONCENTRATION_METHODS = {"top10_share", "hhi"}


@dataclass(frozen=True)
class Measure:
    id: str
    basis: str
    text: str
    where: dict[str, Any] = field(default_factory=dict)
    criterion: str | None = None
    # basis ``records`` only: the lake fact table and its columns
    source: str | None = None  # lake table name
    date: str | None = None  # column whose year is the event (or start) year
    end: str | None = None  # stocks: column whose year is the last year in force
    weight: str | None = None  # numeric column summed (default: each record counts 1)

    @property
    def table(self) -> str:
        return str(self.source) if self.basis == "records" else BASE_TABLE[self.basis]

    @property
    def stock(self) -> bool:
        if self.basis == "records":
            return self.end is not None
        return BASES[self.basis] == "stock"

    @property
    def columns(self) -> list[str]:
        """Columns of the fact table a ``records`` measure reads (besides the common ones)."""
        cols = [self.date, self.end, self.weight, *self.where]
        return list(dict.fromkeys(c for c in cols if c))


@dataclass(frozen=True)
class Statistic:
    id: str
    variable: str
    name: str
    unit: str
    text: str
    fallback: str | None = None
    optional: bool = False
    units: dict[str, float] = field(default_factory=dict)
    # The largest plausible value for one region of each level (county/city/province/nation), in
    # ``unit``: the statistics importer quarantines a value above it (a unit the file did not state).
    max: dict[str, float] = field(default_factory=dict)
    min: float | None = None  # the smallest possible value (0 for a count or an amount)


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    name_en: str
    category: str
    type: str
    unit: str
    formula: str
    counts: str
    numerator: tuple[str, ...] = ()
    denominator: str | None = None
    denominator_year_offset: int = 0
    scale: float = 1.0
    of: str | None = None
    method: str | None = None
    unknown: str | None = None
    conventions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    industry: bool = False
    decimals: int = 2
    # A yearly flow (applications, registrations, cases received … in year Y): the years of a
    # period add up, so a cumulative (累计) target sums them; a stock (valid at year end) does not.
    flow: bool = False
    combine: str = "first"  # numerator terms: the first present, or their sum (COMBINE)


@dataclass(frozen=True)
class Catalog:
    version: int
    sources: dict[str, dict[str, str]]
    conventions: dict[str, dict[str, str]]
    measures: dict[str, Measure]
    statistics: dict[str, Statistic]
    indicators: dict[str, Indicator]
    # Fact table -> {column: label}: the dimensions by which the figures of ``records`` measures
    # over that table may be broken down (e.g. case_facts by kind × ip_type), see ``breakdown``.
    breakdowns: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise NotFoundError(
                f"未知指标 {indicator_id!r}；用 `ipatlas indicators catalog` 查看全部指标",
                indicator=indicator_id,
            ) from None

    def ordered(self) -> list[Indicator]:
        return list(self.indicators.values())

    def base_indicator(self, ind: Indicator) -> Indicator:
        """For growth indicators: the indicator whose value grows (one level)."""
        return self.indicators[ind.of] if ind.type == "growth" and ind.of else ind

    def numerator_measures(self, ind: Indicator) -> list[str]:
        """Measures behind an indicator's numerator (the records a drill-down lists)."""
        ind = self.base_indicator(ind)
        return [n for n in ind.numerator if n in self.measures]

    def readable(self, text: str) -> str:
        """Catalogue prose for a reader: the codes of indicators, statistics and lake tables that a
        note names become their Chinese names (the catalogue itself keeps the codes)."""
        from ipatlas.store.table_labels import TABLE_LABELS

        def name(m: re.Match[str]) -> str:
            code = m.group(2)
            if code in self.indicators:
                zh = self.indicators[code].name
            elif code in self.statistics:
                zh = self.statistics[code].name
            elif code in TABLE_LABELS:
                zh = TABLE_LABELS[code]
            else:
                return m.group(0)
            # the spaces set a Latin code apart from Chinese text; a Chinese name needs none
            return f"“{zh}”"

        # a command line stays as it is typed
        parts = COMMAND.split(text)
        return "".join(p if i % 2 else _CODE.sub(name, p) for i, p in enumerate(parts))

    def definition(self, ind: Indicator) -> str:
        return f"{ind.formula}。{ind.counts}"

    def describe(self, ind: Indicator) -> dict[str, Any]:
        """The full, citable description of one indicator (catalogue output)."""

        def term(name: str | None) -> dict[str, str] | None:
            if name is None:
                return None
            if name in self.measures:
                return {"id": name, "kind": "measure", "text": self.measures[name].text}
            if name in self.statistics:
                st = self.statistics[name]
                return {"id": name, "kind": "statistic", "text": st.text, "unit": st.unit}
            if name in self.indicators:
                return {"id": name, "kind": "indicator", "text": self.indicators[name].name}
            return {"id": name, "kind": "unknown", "text": name}

        return {
            "id": ind.id,
            "name": ind.name,
            "name_en": ind.name_en,
            "category": ind.category,
            "type": ind.type,
            "unit": ind.unit,
            "formula": ind.formula,
            "counts": ind.counts,
            "numerator": [term(n) for n in ind.numerator] if ind.numerator else None,
            "numerator_combine": ind.combine if len(ind.numerator) > 1 else None,
            "denominator": term(ind.denominator),
            "denominator_year_offset": ind.denominator_year_offset,
            "scale": ind.scale,
            "growth_of": ind.of,
            "method": ind.method,
            "conventions": [{"id": c, **self.conventions[c]} for c in ind.conventions],
            "sources": [{"id": s, **self.sources[s]} for s in ind.sources],
            "caveats": list(ind.caveats),
            "by_industry": ind.industry,
            "decimals": ind.decimals,
        }


def _as_tuple(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    return tuple(str(x) for x in v)


def parse_catalog(doc: dict[str, Any]) -> Catalog:
    """Build and validate a :class:`Catalog` from the parsed YAML document."""
    problems: list[str] = []
    sources = {k: dict(v) for k, v in (doc.get("sources") or {}).items()}
    conventions = {k: dict(v) for k, v in (doc.get("conventions") or {}).items()}
    units = doc.get("units") or {}

    measures: dict[str, Measure] = {}
    for mid, spec in (doc.get("measures") or {}).items():
        basis = spec.get("basis")
        if basis not in BASES:
            problems.append(f"measure {mid}: unknown basis {basis!r}")
            continue
        where = dict(spec.get("where") or {})
        if basis == "records":
            problems.extend(_check_records(mid, spec, where))
            measures[mid] = Measure(
                mid,
                basis,
                str(spec.get("text", "")),
                where,
                source=spec.get("table"),
                date=spec.get("date"),
                end=spec.get("end"),
                weight=spec.get("weight"),
            )
            continue
        for key in where:
            if key not in WHERE_KEYS:
                problems.append(f"measure {mid}: unknown filter {key!r}")
        crit = spec.get("criterion")
        if basis.startswith("patent_hv_criterion") and crit not in HV_CRITERIA:
            problems.append(f"measure {mid}: criterion must be one of {HV_CRITERIA}")
        if basis == "patent_hv_criterion_unknown" and crit == "maintained_10y":
            problems.append(f"measure {mid}: maintained_10y is always known")
        measures[mid] = Measure(mid, basis, str(spec.get("text", "")), where, crit)

    statistics: dict[str, Statistic] = {}
    for sid, spec in (doc.get("statistics") or {}).items():
        statistics[sid] = Statistic(
            id=sid,
            variable=spec["variable"],
            name=spec["name"],
            unit=spec["unit"],
            text=spec.get("text", ""),
            fallback=spec.get("fallback"),
            optional=bool(spec.get("optional", False)),
            units={str(k): float(v) for k, v in (units.get(sid) or {spec["unit"]: 1}).items()},
            max={str(k): float(v) for k, v in (spec.get("max") or {}).items()},
            min=None if spec.get("min") is None else float(spec["min"]),
        )
        if not set(statistics[sid].max) <= set(LEVELS):
            problems.append(f"statistic {sid}: max levels must be among {LEVELS}")

    indicators: dict[str, Indicator] = {}
    for spec in doc.get("indicators") or []:
        iid = spec.get("id")
        if not iid or iid in indicators:
            problems.append(f"indicator id missing or duplicated: {iid!r}")
            continue
        try:
            ind = Indicator(
                id=iid,
                name=spec["name"],
                name_en=spec["name_en"],
                category=spec.get("category", ""),
                type=spec["type"],
                unit=str(spec["unit"]),
                formula=spec["formula"],
                counts=spec.get("counts", ""),
                numerator=_as_tuple(spec.get("numerator")),
                denominator=spec.get("denominator"),
                denominator_year_offset=int(spec.get("denominator_year_offset", 0)),
                scale=float(spec.get("scale", 1)),
                of=spec.get("of"),
                method=spec.get("method"),
                unknown=spec.get("unknown"),
                conventions=_as_tuple(spec.get("conventions")),
                sources=_as_tuple(spec.get("sources")),
                caveats=_as_tuple(spec.get("caveats")),
                industry=bool(spec.get("industry", False)),
                decimals=int(spec.get("decimals", 2)),
                flow=bool(spec.get("flow", False)),
                combine=str(spec.get("combine", "first")),
            )
        except KeyError as exc:
            problems.append(f"indicator {iid}: missing key {exc}")
            continue
        problems.extend(_check_indicator(ind, measures, statistics, indicators, sources, conventions))
        indicators[iid] = ind

    breakdowns = _parse_breakdowns(doc.get("breakdowns") or {}, problems)
    if problems:
        raise IndicatorError("指标目录有误: " + "; ".join(problems))
    return Catalog(
        int(doc.get("version", 1)), sources, conventions, measures, statistics, indicators, breakdowns
    )


def _parse_breakdowns(raw: Any, problems: list[str]) -> dict[str, dict[str, str]]:
    """``breakdowns: {fact_table: {column: label}}`` — dimensions of a lake fact table by which
    its ``records`` measures may be broken down (generic: any domain's fact table)."""
    out: dict[str, dict[str, str]] = {}
    if not isinstance(raw, dict):
        problems.append("breakdowns must map a fact table to {column: label}")
        return out
    for table, cols in raw.items():
        if not isinstance(table, str) or not is_fact_table(table):
            problems.append(f"breakdowns: {table!r} is not a lake fact table name")
            continue
        if not isinstance(cols, dict) or not cols:
            problems.append(f"breakdowns.{table}: needs {{column: label}}")
            continue
        for col in cols:
            if not isinstance(col, str) or not _COLUMN.match(col):
                problems.append(f"breakdowns.{table}: {col!r} is not a column name")
        out[table] = {str(c): str(label) for c, label in cols.items()}
    return out


def _check_records(mid: str, spec: dict[str, Any], where: dict[str, Any]) -> list[str]:
    """A ``records`` measure names a fact table, a date column and plain column filters."""
    p: list[str] = []
    table = spec.get("table")
    if not isinstance(table, str) or not is_fact_table(table):
        p.append(f"measure {mid}: basis records needs table = a lake fact table name, got {table!r}")
    for key in ("date", "end", "weight"):
        col = spec.get(key)
        if col is None and key != "date":
            continue
        if not isinstance(col, str) or not _COLUMN.match(col):
            p.append(f"measure {mid}: {key} must be a column name, got {col!r}")
    for key, val in where.items():
        if not _COLUMN.match(str(key)):
            p.append(f"measure {mid}: filter {key!r} is not a column name")
        vals = val if isinstance(val, list) else [val]
        if not vals or any(isinstance(v, (dict, list)) or v is None for v in vals):
            p.append(f"measure {mid}: filter {key} takes a value or a list of values")
    unknown = set(spec) - {"basis", "text", "table", "date", "end", "weight", "where"}
    if unknown:
        p.append(f"measure {mid}: unknown key(s) {sorted(unknown)} for basis records")
    return p


def _check_indicator(
    ind: Indicator,
    measures: dict[str, Measure],
    statistics: dict[str, Statistic],
    earlier: dict[str, Indicator],
    sources: dict[str, Any],
    conventions: dict[str, Any],
) -> list[str]:
    p: list[str] = []
    if ind.type not in TYPES:
        p.append(f"{ind.id}: unknown type {ind.type!r}")
    for s in ind.sources:
        if s not in sources:
            p.append(f"{ind.id}: unknown source {s!r}")
    for c in ind.conventions:
        if c not in conventions:
            p.append(f"{ind.id}: unknown convention {c!r}")
    if not ind.sources:
        p.append(f"{ind.id}: no source cited")
    for n in ind.numerator:
        if n not in measures and n not in statistics:
            p.append(f"{ind.id}: unknown numerator {n!r}")
    if ind.type in ("count", "share_of_parent", "concentration", "ratio") and not ind.numerator:
        p.append(f"{ind.id}: numerator required")
    # A count adds up records (measures) or shows a reported statistic as itself (技术合同成交额):
    # never both, which would add a reported figure to a count of records.
    if ind.type == "count" and len({n in measures for n in ind.numerator}) > 1:
        p.append(f"{ind.id}: a count's numerator is measures or statistics, not both")
    if ind.type == "ratio" and ind.denominator not in measures and ind.denominator not in statistics:
        p.append(f"{ind.id}: unknown denominator {ind.denominator!r}")
    if ind.type == "growth" and ind.of not in earlier:
        p.append(f"{ind.id}: growth of unknown (or later) indicator {ind.of!r}")
    if ind.type == "growth" and ind.of in earlier and earlier[ind.of].type == "growth":
        p.append(f"{ind.id}: growth of a growth is not supported")
    if ind.type == "concentration" and ind.method not in CONCENTRATION_METHODS:
        p.append(f"{ind.id}: concentration method must be one of {CONCENTRATION_METHODS}")
    if ind.unknown is not None and ind.unknown not in measures:
        p.append(f"{ind.id}: unknown 'unknown' measure {ind.unknown!r}")
    if ind.industry:
        for n in ind.numerator:
            if n in measures and measures[n].table != "patents":
                p.append(f"{ind.id}: only patent measures have an industry dimension")
        if ind.type == "count" and all(n in statistics for n in ind.numerator):
            p.append(f"{ind.id}: a statistic has no industry dimension")
    if ind.flow and (ind.type != "count" or any(n in measures and measures[n].stock for n in ind.numerator)):
        p.append(f"{ind.id}: flow: true needs a count of flow measures (events dated in year Y)")
    p.extend(_check_combine(ind, measures))
    return p


def _check_combine(ind: Indicator, measures: dict[str, Measure]) -> list[str]:
    """A sum adds like with like: two or more terms, all measures (no statistic), all flows or
    all stocks (a year's registrations are not added to a year-end holding by accident)."""
    if ind.combine not in COMBINE:
        return [f"{ind.id}: combine must be one of {sorted(COMBINE)}"]
    if ind.combine != "sum":
        return []
    p: list[str] = []
    if ind.type not in ("count", "ratio") or len(ind.numerator) < 2:
        p.append(f"{ind.id}: combine: sum needs a count or ratio with two or more numerator terms")
    if any(n not in measures for n in ind.numerator):
        p.append(f"{ind.id}: combine: sum adds measures only (a statistic is reported as a whole)")
    elif len({measures[n].stock for n in ind.numerator}) > 1:
        p.append(f"{ind.id}: combine: sum adds flows to flows or stocks to stocks, not both")
    if any(n in measures and measures[n].weight for n in ind.numerator):
        p.append(f"{ind.id}: combine: sum adds counts of records, not weighted amounts")
    return p


@functools.cache
def load_catalog() -> Catalog:
    """The packaged catalogue (parsed once per process)."""
    text = resources.files("ipatlas.indicators").joinpath("catalog.yaml").read_text("utf-8")
    return parse_catalog(yaml.safe_load(text))


def catalog_listing(*, full: bool = True) -> dict[str, Any]:
    """Everything ``ipatlas indicators catalog --json`` prints."""
    cat = load_catalog()
    return {
        "version": cat.version,
        "indicators": [cat.describe(i) if full else _short(i) for i in cat.ordered()],
        "conventions": cat.conventions,
        "sources": cat.sources,
        "measures": {
            m.id: {
                "basis": m.basis,
                "table": m.table,
                "stock": m.stock,
                "where": m.where,
                "text": m.text,
                **({"date": m.date, "end": m.end, "weight": m.weight} if m.basis == "records" else {}),
            }
            for m in cat.measures.values()
        },
        "statistics": {
            s.id: {"variable": s.variable, "name": s.name, "unit": s.unit, "accepted_units": s.units}
            for s in cat.statistics.values()
        },
    }


def _short(ind: Indicator) -> dict[str, Any]:
    return {"id": ind.id, "name": ind.name, "unit": ind.unit, "category": ind.category, "type": ind.type}
