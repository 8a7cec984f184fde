"""Declarative import profiles: which source column holds which canonical field.

A profile is a YAML file (``profiles/<table>/<name>.yaml`` for the built-in ones, or any path a
user passes with ``--profile``). Keys:

``name``, ``table``, ``description``
``columns``            source column → canonical field; every one must be present in the file.
``optional_columns``   source column → canonical field; mapped when present.
``list_separator``     regular expression splitting list fields (applicants, inventors, IPCs, …).
``date_formats``       strptime formats tried in order (Excel serial dates and Chinese-form
                       dates such as 2012年07月14日 are always accepted).
``value_maps``         canonical field → {source text: code}; texts are matched exactly, then by the
                       longest key contained in the text (``期限届满终止失效`` → ``expired``).
``joined_columns``     canonical field → further source columns whose text follows the field's own
                       column (PatSnap's 州/省, 地市, 区县 columns together make an address).
``encoding``, ``delimiter``, ``sheet``, ``header_row``  optional reader overrides.
Statistics profiles instead declare ``region_code_column``, ``region_name_column``,
``year_column``, ``source_column``, ``variables`` (wide layout: column → {variable, unit}) and
``long_columns`` (long layout: column → role).

Header names are compared after NFKC normalisation and removal of blanks, so ``公开（公告）号``
and ``公开(公告)号`` are the same column.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ipatlas.errors import IngestError, cause
from ipatlas.store.fact_tables import FACT_TABLES
from ipatlas.store.schema import (
    APPLICANT_TYPE_LABELS,
    GI_KIND_LABELS,
    KIND_LABELS,
    LEGAL_STATUS_LABELS,
    TRADEMARK_STATUS_LABELS,
    TRADEMARK_TYPE_LABELS,
)

PROFILE_DIR = Path(__file__).resolve().parent
TABLE_ALIASES = {
    "stats": "statistics",
    "statistic": "statistics",
    "patent": "patents",
    "trademark": "trademarks",
}
TABLE_NAMES = ("patents", "trademarks", "gi", "statistics", *FACT_TABLES)

# Canonical fields a profile may map, per table (derived, resolved and lineage fields excluded).
MAPPABLE: dict[str, tuple[str, ...]] = {
    "patents": (
        "app_no",
        "kind",
        "filing_date",
        "pub_no",
        "pub_date",
        "grant_date",
        "legal_status",
        "status_date",
        "ipc_main",
        "ipcs",
        "applicants",
        "address",
        "postcode",
        "applicant_type",
        "inventors",
        "agency",
        "pct_app_no",
        "pct_pub_no",
        "title",
        "abstract",
        "claims",
        "cited_by",
        "family_countries",
        "pledged",
        "awarded",
    ),
    "trademarks": (
        "reg_no",
        "nice_class",
        "mark_name",
        "owner",
        "owner_address",
        "app_date",
        "reg_date",
        "expiry_date",
        "status",
        "tm_type",
        "is_gi",
        "well_known",
    ),
    "gi": ("product_name", "gi_kind", "year", "province", "city", "districts"),
    "statistics": (),
    **{t: spec.mappable for t, spec in FACT_TABLES.items()},
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "patents": ("app_no", "filing_date"),
    "trademarks": ("reg_no", "nice_class", "owner"),
    "gi": ("product_name", "province"),
    "statistics": (),
    **{t: spec.required for t, spec in FACT_TABLES.items()},
}
_BOOL_CODES = (True, False)
CODES: dict[str, tuple[Any, ...]] = {
    "kind": tuple(KIND_LABELS),
    "legal_status": tuple(LEGAL_STATUS_LABELS),
    "applicant_type": tuple(APPLICANT_TYPE_LABELS),
    "status": tuple(TRADEMARK_STATUS_LABELS),
    "tm_type": tuple(TRADEMARK_TYPE_LABELS),
    "gi_kind": tuple(GI_KIND_LABELS),
    "pledged": _BOOL_CODES,
    "awarded": _BOOL_CODES,
    "is_gi": _BOOL_CODES,
    "well_known": _BOOL_CODES,
}
LONG_ROLES = ("region_code", "region_name", "year", "variable", "value", "unit", "source")


def field_codes(table: str, field: str) -> tuple[Any, ...] | None:
    """The codes a value map may produce for ``field`` of ``table`` (None: no value map)."""
    spec = FACT_TABLES.get(table)
    if spec is not None:
        if field not in spec.mappable:
            return None
        f = spec.field(field)
        if f.kind == "code":
            return tuple(f.codes)
        return _BOOL_CODES if f.kind == "bool" else None
    return CODES.get(field)


def header_key(name: str) -> str:
    """How header names are compared: NFKC (full-width → half-width), no blanks, no BOM."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name)).replace("\ufeff", ""))


class VariableSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    variable: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    unit: str = Field(min_length=1)


class Profile(BaseModel):
    """A validated import profile (see the module docstring for the keys)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    table: str
    description: str = ""
    columns: dict[str, str] = Field(default_factory=dict)
    optional_columns: dict[str, str] = Field(default_factory=dict)
    list_separator: str = "[;；]"
    date_formats: list[str] = Field(default_factory=lambda: ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"])
    value_maps: dict[str, dict[str, Any]] = Field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int = Field(default=1, ge=1)
    # fact tables: the unit of bare amounts (None: 万元, and the import asks when the order of
    # magnitude looks like 元)
    amount_unit: Literal["万元", "元"] | None = None
    # fact tables: canonical field → constant source text when the file has no column for it
    # (the 公报's 注销 table: 事件类型 注销)
    defaults: dict[str, str] = Field(default_factory=dict)
    joined_columns: dict[str, list[str]] = Field(default_factory=dict)
    # statistics only
    region_code_column: str | None = None
    region_name_column: str | None = None
    year_column: str | None = None
    source_column: str | None = None
    source: str | None = None
    variables: dict[str, VariableSpec] = Field(default_factory=dict)
    long_columns: dict[str, str] = Field(default_factory=dict)
    # where it was loaded from (not a YAML key)
    path: Path | None = Field(default=None, exclude=True)

    @property
    def label(self) -> str:
        """How imports record the profile: the built-in name or the user's file path."""
        if self.path is not None and self.path.parent.parent == PROFILE_DIR:
            return self.name
        return str(self.path) if self.path else self.name

    def all_columns(self) -> dict[str, tuple[str, bool]]:
        """source column → (field, required)."""
        out = {c: (f, True) for c, f in self.columns.items()}
        out.update({c: (f, False) for c, f in self.optional_columns.items()})
        return out

    def summary(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "name": self.name,
            "description": self.description,
            "path": str(self.path) if self.path else None,
            "columns": list(self.columns),
            "optional_columns": list(self.optional_columns),
        }


def _fail(where: Path | str, key: str, message: str) -> IngestError:
    return IngestError(f"字段映射配置 {where}：{key}：{message}")


def _check(profile: Profile, where: Path | str) -> None:
    table = profile.table
    mappable = MAPPABLE[table]
    seen: dict[str, str] = {}
    for section in ("columns", "optional_columns"):
        for col, field in getattr(profile, section).items():
            if table == "statistics":
                raise _fail(where, f"{section}.{col}", "统计数据的配置请使用 variables / long_columns")
            if field not in mappable:
                raise _fail(
                    where,
                    f"{section}.{col}",
                    f"{table} 没有字段 {field!r}（可用：{'、'.join(mappable)}）",
                )
            if field in seen:
                raise _fail(where, f"{section}.{col}", f"字段 {field!r} 已由列 {seen[field]!r} 映射")
            seen[field] = col
    for field in profile.joined_columns:
        if table not in ("patents", "trademarks"):
            raise _fail(where, f"joined_columns.{field}", "只有专利、商标的配置可以拼接列")
        if field not in seen:
            raise _fail(where, f"joined_columns.{field}", "该字段没有对应的列，不能拼接其他列")
    for field in profile.defaults:
        if field not in mappable:
            raise _fail(where, f"defaults.{field}", f"{table} 没有字段 {field!r}")
    for field in REQUIRED[table]:
        if field not in profile.columns.values() and field not in profile.defaults:
            raise _fail(where, "columns", f"必填字段 {field!r} 没有对应的列")
    for field, mapping in profile.value_maps.items():
        if field not in seen:
            raise _fail(where, f"value_maps.{field}", "该字段没有对应的列，不能设置取值映射")
        codes = field_codes(table, field)
        if codes is None:
            raise _fail(where, f"value_maps.{field}", "该字段不接受取值映射")
        for text, code in mapping.items():
            if code not in codes:
                raise _fail(
                    where,
                    f"value_maps.{field}.{text}",
                    f"{code!r} 不是有效代码（有效：{'、'.join(map(str, codes))}）",
                )
    try:
        re.compile(profile.list_separator)
    except re.error as exc:
        raise _fail(where, "list_separator", f"正则表达式无效：{exc}") from exc
    for fmt in profile.date_formats:
        if "%Y" not in fmt and "%y" not in fmt:
            raise _fail(where, "date_formats", f"日期格式 {fmt!r} 缺少年份（%Y）")
    if table == "statistics":
        if not profile.year_column:
            raise _fail(where, "year_column", "统计数据的配置必须指定年份列")
        if not (profile.region_code_column or profile.region_name_column):
            raise _fail(where, "region_code_column", "必须指定区划代码列或地区名称列")
        if not profile.variables and not profile.long_columns:
            raise _fail(where, "variables", "请声明变量列（variables 或 long_columns）")
        for col, role in profile.long_columns.items():
            if role not in LONG_ROLES:
                raise _fail(where, f"long_columns.{col}", f"未知角色 {role!r}（可用：{LONG_ROLES}）")


def _resolve_path(table: str, name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith((".yaml", ".yml")) or "/" in text:
        path = Path(text).expanduser()
        if not path.is_file():
            raise IngestError(f"字段映射配置文件不存在：{path}")
        return path
    path = PROFILE_DIR / table / f"{text}.yaml"
    if not path.is_file():
        known = "、".join(p["name"] for p in list_profiles(table)) or "无"
        raise IngestError(
            f"没有名为 {text!r} 的 {table} 字段映射配置（内置：{known}；也可指定 YAML 文件路径）"
        )
    return path


def normalise_table(table: str) -> str:
    t = TABLE_ALIASES.get(table, table)
    if t not in TABLE_NAMES:
        raise IngestError(f"未知数据表 {table!r}（可用：{'、'.join(TABLE_NAMES)}）")
    return t


def load_profile(table: str, name_or_path: str | Path = "standard") -> Profile:
    """Load and validate a profile by built-in name or YAML path; errors name the file and key."""
    table = normalise_table(table)
    path = _resolve_path(table, name_or_path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise IngestError(f"字段映射配置 {path}：无法读取 YAML：{cause(exc)}") from exc
    if not isinstance(data, dict):
        raise IngestError(f"字段映射配置 {path}：顶层应为键值映射")
    data.setdefault("name", path.stem)
    data.setdefault("table", table)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "（顶层）"
        raise _fail(path, key, err["msg"]) from None
    if profile.table not in TABLE_NAMES:
        raise _fail(path, "table", f"未知数据表 {profile.table!r}（可用：{'、'.join(TABLE_NAMES)}）")
    if profile.table != table:
        raise _fail(path, "table", f"该配置用于 {profile.table!r}，不是 {table!r}")
    # YAML turns keys such as "1" into ints and 是/否 stay strings; value maps compare strings.
    profile.value_maps = {f: {str(k): v for k, v in m.items()} for f, m in profile.value_maps.items()}
    _check(profile, path)
    profile.path = path.resolve()
    return profile


def check_profile(profile: Profile, where: Path | str) -> None:
    """Validate a profile built in code (``load_profile`` validates the YAML ones)."""
    _check(profile, where)


@functools.cache
def alias_data(table: str) -> dict[str, Any]:
    """``profiles/<table>/_aliases.yaml``: the header names ``--profile auto`` knows ({} if none)."""
    path = PROFILE_DIR / normalise_table(table) / "_aliases.yaml"
    data = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else None
    return data if isinstance(data, dict) else {}


@functools.cache
def builtin_profiles(table: str) -> tuple[Profile, ...]:
    """The built-in profiles of one table (files starting with ``_`` hold other data)."""
    t = normalise_table(table)
    paths = sorted(p for p in (PROFILE_DIR / t).glob("*.yaml") if not p.name.startswith("_"))
    return tuple(load_profile(t, p) for p in paths)


def list_profiles(table: str | None = None) -> list[dict[str, Any]]:
    """Built-in profiles (all tables, or one), as summaries."""
    tables = [normalise_table(table)] if table else list(TABLE_NAMES)
    return [p.summary() for t in tables for p in builtin_profiles(t)]
