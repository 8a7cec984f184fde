"""Statistics (统计年鉴摘录): region × year × variable, from a wide or a long layout.

Wide layout: one row per region and year; every column declared in the profile's ``variables``
becomes one record (a *cell*) with the declared variable id and unit. ``read`` counts non-empty
cells, so read = loaded + duplicates + quarantined holds per record; cells holding only a
yearbook "no data" mark (``-``, ``—``, ``…``, ``/``) are not records.
Long layout: columns region code (or name), year, variable, value, unit (Chinese names from the
profile's ``long_columns`` or the English role names). The variable is an id (``population``) or
a label declared in the profile (``年末常住人口``); its unit defaults to the declared one.

Regions: a code is looked up in the region registry (historical codes map to today's unit);
without a code, the name is looked up (exact names, short names, historical names) and, failing
that, resolved like an address. Unknown or ambiguous regions are quarantined.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ipatlas.errors import IngestError, NotFoundError
from ipatlas.ingest import sqlexpr as X
from ipatlas.ingest.profiles import LONG_ROLES, Profile, header_key
from ipatlas.ingest.tables import CONTROL_RE, Col, ColMap
from ipatlas.security import limits

if TYPE_CHECKING:
    from ipatlas.ingest.job import Job

NO_DATA_MARKS = ("-", "—", "——", "–", "－", "…", "……", "...", "/")
VAR_PREFIX = "var:"


def _label_of(header: str) -> str:
    """'年末常住人口(万人)' → '年末常住人口'."""
    return re.sub(r"\(.*?\)$", "", header_key(header))


def map_statistics_columns(headers: list[str], profile: Profile, file: str) -> ColMap:
    keyed: dict[str, Col] = {}
    for i, h in enumerate(headers):
        keyed.setdefault(header_key(h), Col(f"c{i}", h))
    out: ColMap = {}
    # Long layout: all of year, variable, value and a region column present.
    long_names: dict[str, list[str]] = {r: [r] for r in LONG_ROLES}
    for src, role in profile.long_columns.items():
        long_names[role].insert(0, src)
    long_cols: ColMap = {}
    for role, names in long_names.items():
        for n in names:
            if header_key(n) in keyed:
                long_cols[role] = keyed[header_key(n)]
                break
    wide_vars = {header_key(c): c for c in profile.variables}
    for k, col in keyed.items():
        if k in wide_vars:
            out[VAR_PREFIX + wide_vars[k]] = col
    is_long = {"year", "variable", "value"} <= set(long_cols) and (
        "region_code" in long_cols or "region_name" in long_cols
    )
    if is_long and not out:
        long_cols["__layout_long"] = Col("", "long")
        return long_cols
    for role, col_name in (
        ("region_code", profile.region_code_column),
        ("region_name", profile.region_name_column),
        ("year", profile.year_column),
        ("source", profile.source_column),
    ):
        if col_name and header_key(col_name) in keyed:
            out[role] = keyed[header_key(col_name)]
    if "year" not in out:
        raise IngestError(
            f"缺少必需的列「{profile.year_column}」(字段映射 {profile.label})",
            file=file,
            field=profile.year_column,
        )
    if "region_code" not in out and "region_name" not in out:
        missing = profile.region_code_column or profile.region_name_column
        raise IngestError(
            f"缺少必需的列「{profile.region_code_column}」或「{profile.region_name_column}」"
            f"(字段映射 {profile.label})",
            file=file,
            field=missing,
        )
    if not any(k.startswith(VAR_PREFIX) for k in out):
        raise IngestError(
            f"没有可识别的指标列（字段映射 {profile.label} 声明的列：{'、'.join(profile.variables)}；"
            f"或使用长表：区划代码,年份,指标,数值,单位）",
            file=file,
        )
    return out


def _region_lookup(codes: list[str], names: list[str]) -> pa.Table:
    """Distinct codes/names → (code_in, name_in, region_code, problem)."""
    from ipatlas.regions import get_registry

    reg = get_registry()
    rows: dict[str, list[Any]] = {"code_in": [], "name_in": [], "region_code": [], "problem": []}

    def add(code_in: str | None, name_in: str | None, code: str | None, problem: str | None) -> None:
        rows["code_in"].append(code_in)
        rows["name_in"].append(name_in)
        rows["region_code"].append(code)
        rows["problem"].append(problem)

    for c in codes:
        try:
            add(c, None, reg.get(c).code, None)
        except NotFoundError:
            add(c, None, None, "未知区划代码")
    unresolved: list[str] = []
    for n in names:
        found = reg.find(n)
        if len(found) == 1:
            add(None, n, found[0].code, None)
        elif len(found) > 1:
            add(None, n, None, "地区名称不唯一，请填写区划代码")
        else:
            unresolved.append(n)
    if unresolved:
        from ipatlas.ingest.regions import resolve

        res = resolve(unresolved, None).to_pydict()
        for i, n in enumerate(unresolved):
            level = res["region_level"][i]
            code = {
                "county": res["adcode"][i],
                "city": res["city_code"][i],
                "province": res["province_code"][i],
            }
            picked = code.get(level or "")
            add(None, n, picked, None if picked else "无法识别地区")
    return pa.table(rows, schema=pa.schema([(k, pa.string()) for k in rows]))


def _long_cells(job: Job, t: Callable[[str], str], label: Callable[[str], str]) -> str:
    """One cell per row of a long layout (region, year, variable, value), variables mapped by label."""
    con, profile = job.con, job.profile
    label_map: dict[str, tuple[str, str]] = {}
    for header, spec in profile.variables.items():
        label_map[_label_of(header)] = (spec.variable, spec.unit)
        label_map[header_key(header)] = (spec.variable, spec.unit)
        label_map[spec.variable] = (spec.variable, spec.unit)
    con.register(
        "__varmap",
        pa.table(
            {
                "label": list(label_map),
                "variable": [v for v, _ in label_map.values()],
                "unit": [u for _, u in label_map.values()],
            }
        ),
    )
    cells = f"""
      SELECT r.__row, r.__row * 1000 AS __rid, {t("region_code")} AS t_code,
             {t("region_name")} AS t_name, {t("year")} AS t_year,
             {t("source")} AS t_source, {X.q(label("value"))} AS __field, {t("value")} AS t_value,
             {t("variable")} AS t_variable, {t("unit")} AS t_unit, {t("skip")} AS t_skip
      FROM raw r"""
    cells = f"""
      SELECT c.*, coalesce(m.variable, CASE WHEN regexp_full_match(c.t_variable, '[a-z][a-z0-9_]*')
                                           THEN c.t_variable END) AS __var,
             coalesce(c.t_unit, m.unit) AS __unit
      FROM ({cells}) c LEFT JOIN __varmap m ON m.label = c.t_variable"""
    return cells


def _wide_cells(job: Job, t: Callable[[str], str]) -> str:
    """One cell per (row, variable column) of a wide layout."""
    cols, profile = job.cols, job.profile
    parts = []
    for k, (key, col) in enumerate(cols.items()):
        if not key.startswith(VAR_PREFIX):
            continue
        spec = profile.variables[key[len(VAR_PREFIX) :]]
        parts.append(
            f"""SELECT __row, __row * 1000 + {k} AS __rid, {t("region_code")} AS t_code,
                   {t("region_name")} AS t_name,
                   {t("year")} AS t_year, {t("source")} AS t_source, {X.q(col.header)} AS __field,
                   {X.blank(col.internal)} AS t_value, {X.q(spec.variable)} AS t_variable,
                   {X.q(spec.unit)} AS t_unit, {X.q(spec.variable)} AS __var, {X.q(spec.unit)} AS __unit,
                   CAST(NULL AS VARCHAR) AS t_skip
            FROM raw"""
        )
    cells = " UNION ALL ".join(parts)
    return cells


# The text fields of a statistics row (role -> the column of ``__cells`` holding its raw text).
TEXT_FIELDS = {
    "region_code": "t_code",
    "region_name": "t_name",
    "source": "t_source",
    "variable": "t_variable",
    "unit": "t_unit",
}


def _text_checks(cols: ColMap) -> str:
    """WHEN clauses quarantining a mapped text value that is too long or holds control characters
    (the patent tables' rule, :func:`ipatlas.ingest.tables._hygiene_checks`); checked first, so a
    NUL in a region name is reported as such, not as an unknown region."""
    whens = []
    for role, col in TEXT_FIELDS.items():
        if role not in cols:
            continue
        label, limit, v = X.q(cols[role].header), limits.field_limit(role), f"c.{col}"
        whens.append(
            f"WHEN length({v}) > {limit} THEN {{'field': {label}, "
            f"'value': left({v}, 200) || '…（共 ' || length({v}) || ' 字符）', "
            f"'reason': '字段过长（上限 {limit} 字符）'}}"
        )
        whens.append(
            f"WHEN regexp_matches({v}, '{CONTROL_RE}') THEN {{'field': {label}, "
            f"'value': regexp_replace(left({v}, 200), '{CONTROL_RE}', '\ufffd', 'g'), "
            "'reason': '含控制字符（如 NUL、垂直制表符）'}"
        )
    return "\n          ".join(whens)


def _bounds() -> pa.Table:
    """(variable, unit, level, largest plausible value in that unit) from the indicator catalogue's
    statistics: their ``max`` per region level, converted to every unit the catalogue accepts."""
    from ipatlas.indicators.catalog import load_catalog

    rows: dict[str, list[Any]] = {"variable": [], "unit": [], "level": [], "bound": [], "low": []}
    for st in load_catalog().statistics.values():
        for unit, factor in st.units.items():
            for level, top in st.max.items():
                rows["variable"].append(st.variable)
                rows["unit"].append(unit)
                rows["level"].append(level)
                rows["bound"].append(top / factor)
                rows["low"].append(None if st.min is None else st.min / factor)
    return pa.table(
        rows,
        schema=pa.schema(
            [
                ("variable", pa.string()),
                ("unit", pa.string()),
                ("level", pa.string()),
                ("bound", pa.float64()),
                ("low", pa.float64()),
            ]
        ),
    )


# The level of a 6-digit division code, for the plausibility bounds above.
_LEVEL_SQL = (
    "CASE WHEN {c} IN ('100000', '000000') THEN 'nation' WHEN right({c}, 4) = '0000' THEN 'province' "
    "WHEN right({c}, 2) = '00' THEN 'city' ELSE 'county' END"
)


def statistics_sql(job: Job) -> str:
    con, cols, profile = job.con, job.cols, job.profile
    is_long = "__layout_long" in cols
    # No file name as the default source: the import id already records the file, and the same
    # figure from another file must count as a duplicate.
    src_default = X.q(profile.source) if profile.source else "CAST(NULL AS VARCHAR)"

    def t(role: str) -> str:
        return X.blank(cols[role].internal) if role in cols else "CAST(NULL AS VARCHAR)"

    def label(role: str) -> str:
        return cols[role].header if role in cols else role

    cells = _long_cells(job, t, label) if is_long else _wide_cells(job, t)
    marks = ", ".join(X.q(m) for m in NO_DATA_MARKS)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE __cells AS SELECT * FROM ({cells}) "
        f"WHERE {'true' if is_long else f't_value IS NOT NULL AND t_value NOT IN ({marks})'}"
    )
    # Region lookups happen once per distinct code / name, in Python against the registry.
    codes = [
        r[0] for r in con.execute("SELECT DISTINCT t_code FROM __cells WHERE t_code IS NOT NULL").fetchall()
    ]
    names = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT t_name FROM __cells WHERE t_code IS NULL AND t_name IS NOT NULL"
        ).fetchall()
    ]
    con.register("__regions", _region_lookup(codes, names))
    con.register("__bounds", _bounds())
    year = "regexp_replace(t_year, '年$|\\.0+$', '')"
    code_label, name_label = label("region_code"), label("region_name")
    return f"""
      SELECT c.__row, c.__rid, coalesce(gc.region_code, gn.region_code) AS region_code,
        CASE WHEN regexp_full_match({year}, '\\d{{4}}') AND CAST({year} AS INTEGER) BETWEEN 1949 AND 2100
             THEN CAST({year} AS SMALLINT) END AS year,
        c.__var AS variable, {X.number("t_value")} AS value, c.__unit AS unit,
        coalesce(c.t_source, {src_default}) AS source,
        CASE
          {_text_checks(cols)}
          WHEN c.t_skip IS NOT NULL
            THEN {{'field': {X.q(name_label)}, 'value': c.t_name, 'reason': c.t_skip}}
          WHEN c.t_code IS NULL AND c.t_name IS NULL
            THEN {{'field': {X.q(code_label)}, 'value': NULL, 'reason': '缺少区划代码'}}
          WHEN coalesce(gc.problem, gn.problem) IS NOT NULL
            THEN {{'field': CASE WHEN c.t_code IS NULL THEN {X.q(name_label)} ELSE {X.q(code_label)} END,
                   'value': coalesce(c.t_code, c.t_name), 'reason': coalesce(gc.problem, gn.problem)}}
          WHEN c.t_year IS NULL
            THEN {{'field': {X.q(label("year"))}, 'value': NULL, 'reason': '缺少年份'}}
          WHEN NOT regexp_full_match({year}, '\\d{{4}}') OR CAST({year} AS INTEGER) NOT BETWEEN 1949 AND 2100
            THEN {{'field': {X.q(label("year"))}, 'value': c.t_year, 'reason': '年份格式错误'}}
          WHEN c.__var IS NULL
            THEN {{'field': {X.q(label("variable"))}, 'value': c.t_variable,
                   'reason': '未知指标（请在字段映射中声明）'}}
          WHEN c.t_value IS NULL
            THEN {{'field': c.__field, 'value': NULL, 'reason': '缺少数值'}}
          WHEN {X.number("t_value")} IS NULL
            THEN {{'field': c.__field, 'value': c.t_value, 'reason': '数值格式错误'}}
          WHEN c.__unit IS NULL
            THEN {{'field': {X.q(label("unit"))}, 'value': NULL, 'reason': '缺少单位'}}
          WHEN c.__var IN (SELECT variable FROM __bounds) AND NOT EXISTS
               (SELECT 1 FROM __bounds u WHERE u.variable = c.__var AND u.unit = c.__unit)
            THEN {{'field': {X.q(label("unit"))}, 'value': c.__unit,
                   'reason': '单位不是该指标可换算的单位（可用：' || (SELECT string_agg(DISTINCT u.unit, '、'
                     ORDER BY u.unit) FROM __bounds u WHERE u.variable = c.__var) || '）'}}
          WHEN {X.number("t_value")} < b.low
            THEN {{'field': c.__field, 'value': c.t_value || ' ' || c.__unit,
                   'reason': '数值低于该指标的最小可能值（计数与金额不能为负）'}}
          WHEN {X.number("t_value")} > b.bound
            THEN {{'field': c.__field, 'value': c.t_value || ' ' || c.__unit,
                   'reason': '数值超出该级地区的合理上限（单位可能不符：表头未注明单位时按默认单位读取）'}}
        END AS __err
      FROM __cells c
      LEFT JOIN __regions gc ON gc.code_in = c.t_code
      LEFT JOIN __regions gn ON c.t_code IS NULL AND gn.name_in = c.t_name
      LEFT JOIN __bounds b ON b.variable = c.__var AND b.unit = c.__unit
        AND b.level = {_LEVEL_SQL.format(c="coalesce(gc.region_code, gn.region_code)")}"""
