"""``--profile auto`` for statistics: a yearbook extract recognised from its own header.

The built-in profile is used when its year column, a region column and at least one of its
variable columns are present (as ``--profile standard``), with the file's other known variable
columns added (a variable in another unit than the built-in header's, or one it does not list).
Otherwise the region, year and source columns and the variable columns are found by the names
yearbooks print (``profiles/statistics/_aliases.yaml``); a variable column's unit comes from its
header's brackets (``年末常住人口（人）`` → population in 人), else the built-in profile's unit."""

from __future__ import annotations

import functools
import re

from ipatlas.errors import IngestError
from ipatlas.ingest.profiles import Profile, VariableSpec, alias_data, builtin_profiles, header_key

_UNIT_RE = re.compile(r"^(?P<name>.+?)[(（](?P<unit>[^()（）]{1,8})[)）]$")


def statistics_headers() -> set[str]:
    """Every header name the automatic statistics layout knows (for sniffing the header row)."""
    names = [n for ns in alias_data("statistics").get("columns", {}).values() for n in ns]
    names += [n for ns in alias_data("statistics").get("variables", {}).values() for n in ns]
    std = builtin_profiles("statistics")[0]
    names += [
        *std.variables,
        *(c for c in (std.region_code_column, std.region_name_column, std.year_column) if c),
    ]
    return {header_key(n) for n in names}


def choose_statistics_profile(headers: list[str], file: str) -> Profile:
    std = builtin_profiles("statistics")[0]
    keys = {header_key(h) for h in headers}
    has = lambda c: c is not None and header_key(c) in keys  # noqa: E731
    fits = has(std.year_column) and (has(std.region_code_column) or has(std.region_name_column))
    if fits and any(header_key(v) in keys for v in std.variables):
        return _with_other_variables(std.model_copy(deep=True), headers, keys)
    roles = {
        role: _first(headers, names) for role, names in alias_data("statistics").get("columns", {}).items()
    }
    variables = _variables(headers)
    missing = [
        z
        for z, ok in (
            ("年份", roles.get("year")),
            ("地区或区划代码", roles.get("region_code") or roles.get("region_name")),
            ("指标列", variables),
        )
        if not ok
    ]
    if missing:
        raise IngestError(
            f"无法自动识别统计数据的列：缺少{'、'.join(missing)}。文件中的列：{'、'.join(headers[:30])}。"
            "请用 --profile 指定映射文件，或使用长表（区划代码,年份,指标,数值,单位）",
            file=file,
        )
    return Profile(
        name="auto",
        table="statistics",
        description="按表头自动识别的统计数据",
        region_code_column=roles.get("region_code"),
        region_name_column=roles.get("region_name"),
        year_column=roles.get("year"),
        source_column=roles.get("source"),
        variables=variables,
    )


def _with_other_variables(std: Profile, headers: list[str], keys: set[str]) -> Profile:
    """The built-in profile plus the file's other known variable columns (技术合同成交额（万元）
    beside the built-in 地区生产总值(亿元)): a column the built-in profile names in another unit
    is read with its own unit instead of being dropped."""
    present = {s.variable for h, s in std.variables.items() if header_key(h) in keys}
    for header, spec in _variables(headers).items():
        if spec.variable not in present:
            std.variables[header] = spec
            present.add(spec.variable)
    return std


def _first(headers: list[str], names: list[str]) -> str | None:
    keyed = {header_key(h): h for h in headers}
    return next((keyed[header_key(n)] for n in names if header_key(n) in keyed), None)


@functools.cache
def variable_names() -> dict[str, str]:
    """Header name (keyed, no unit brackets) → variable: the names yearbooks print and the built-in
    profile's own. Do not mutate (cached)."""
    std = builtin_profiles("statistics")[0]
    names = {header_key(n): v for v, ns in alias_data("statistics").get("variables", {}).items() for n in ns}
    names.update({header_key(_UNIT_RE.sub(r"\g<name>", h)): s.variable for h, s in std.variables.items()})
    return names


@functools.cache
def default_units() -> dict[str, str]:
    """Variable → the built-in profile's unit for it (a header without a unit). Do not mutate."""
    return {spec.variable: spec.unit for spec in builtin_profiles("statistics")[0].variables.values()}


def _variables(headers: list[str]) -> dict[str, VariableSpec]:
    """Header → (variable, unit) for every header that names a known variable."""
    names, default_unit = variable_names(), default_units()
    out: dict[str, VariableSpec] = {}
    seen: set[str] = set()
    for h in headers:
        key = header_key(h)
        m = _UNIT_RE.match(key)
        name, unit = (m.group("name"), m.group("unit")) if m else (key, None)
        var = names.get(name) or names.get(key)
        if var is None or var in seen:
            continue
        unit = unit or default_unit.get(var)
        if unit:
            out[h] = VariableSpec(variable=var, unit=unit)
            seen.add(var)
    return out
