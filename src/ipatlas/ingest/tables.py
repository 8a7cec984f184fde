"""Per-table import rules: the SQL that turns raw text columns into canonical fields plus the
first reason (if any) why a row must be quarantined.

Every builder returns one ``SELECT`` over the registered raw table ``raw`` (string columns
``c0…cN``, ``__row``, ``__attn`` and ``__rawrow``, the row's cells as a struct) with the columns
``__row``, ``__rawrow`` (passed through for the quarantine), the canonical content fields of the table,
and ``__err`` — a struct {field: source column, value: offending text, reason: Chinese reason}
or NULL. Lineage and resolved-region fields are added by the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ipatlas.errors import IngestError
from ipatlas.ingest import sqlexpr as X
from ipatlas.ingest.profiles import MAPPABLE, Profile, header_key
from ipatlas.security import limits
from ipatlas.store.fact_tables import FACT_TABLES, RESOLVER_FIELDS
from ipatlas.store.schema import KEYS, TABLES

LINEAGE = ("import_id", "source_hash", "source_row", "record_hash", "is_demo")
RESOLVED = ("adcode", "city_code", "province_code", "region_level", "country")


@dataclass(frozen=True)
class Col:
    internal: str  # c0…cN in the raw table
    header: str  # as written in the file
    parts: tuple[str, ...] = ()  # further raw columns whose text follows (profile.joined_columns)

    def text(self) -> str:
        """The cell text (NULL when blank), the parts appended: 江苏省 + 苏州市 → 江苏省苏州市."""
        if not self.parts:
            return X.blank(self.internal)
        return X.blank(f"concat_ws('', {', '.join((self.internal, *self.parts))})")


ColMap = dict[str, Col]


def map_columns(headers: list[str], profile: Profile, file: str) -> ColMap:
    """Canonical field → source column. A missing required column fails before anything is written."""
    keyed: dict[str, Col] = {}
    for i, h in enumerate(headers):
        keyed.setdefault(header_key(h), Col(f"c{i}", h))
    out: ColMap = {}
    for src, (field, required) in profile.all_columns().items():
        col = keyed.get(header_key(src))
        if col is not None:
            found = [c for p in profile.joined_columns.get(field, ()) if (c := keyed.get(header_key(p)))]
            header = "+".join([col.header, *(c.header for c in found)])  # the import summary names all
            out[field] = Col(col.internal, header, tuple(c.internal for c in found))
        elif required:
            raise IngestError(
                f"缺少必需的列「{src}」(字段映射 {profile.label}；文件中的列：{'、'.join(headers[:30])})",
                file=file,
                field=src,
            )
    return out


def content_fields(table: str) -> list[str]:
    """Canonical fields that make up a record's content (hashed to detect duplicates)."""
    return [
        f.name
        for f in TABLES[table]
        if f.name not in LINEAGE and f.name not in RESOLVED and f.name not in RESOLVER_FIELDS
    ]


def hash_sql(table: str) -> str:
    """64-bit hash of the canonical content (lineage and resolved regions excluded), as 16 hex digits.

    DuckDB's ``hash`` is fast but not promised to be stable across DuckDB versions, so the
    importer never trusts a *stored* hash for dedupe: it recomputes the hash of the stored
    records it compares with (see ``pipeline._plan``)."""
    cols = ", ".join(X.ident(f) for f in content_fields(table))
    return f"lpad(to_hex(hash({cols})), 16, '0')"


def key_sql(table: str, alias: str = "") -> str:
    pre = f"{alias}." if alias else ""
    cols = [f"CAST({pre}{X.ident(k)} AS VARCHAR)" for k in KEYS[table]]
    return cols[0] if len(cols) == 1 else f"concat_ws('|', {', '.join(cols)})"


# Which record is newer: the latest event date it carries; equal or unknown → the later import.
RECENCY: dict[str, str] = {
    "patents": "greatest(filing_date, pub_date, grant_date, status_date)",
    "trademarks": "greatest(app_date, reg_date)",
    "gi": "CAST(NULL AS DATE)",
    "statistics": "CAST(NULL AS DATE)",
    **{t: spec.date for t, spec in FACT_TABLES.items()},
}


def _err(checks: list[tuple[str, str, str, str]], tail: str = "") -> str:
    """checks: (condition, field label, value expr, reason) in priority order; ``tail`` (an
    expression, see :func:`hygiene_err`) is tried for the rows no check caught."""
    if not checks:
        return tail or "CAST(NULL AS STRUCT(field VARCHAR, value VARCHAR, reason VARCHAR))"
    whens = " ".join(
        f"WHEN {cond} THEN {{'field': {X.q(label)}, 'value': CAST({value} AS VARCHAR), "
        f"'reason': {X.q(reason)}}}"
        for cond, label, value, reason in checks
    )
    return f"(CASE {whens}{f' ELSE {tail}' if tail else ''} END)"


RAWROW = "__rawrow"  # the raw row as a struct, carried through to quote a rejected row
CONTROL_RE = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]"


def _texts(table: str, cols: ColMap) -> str:
    sel = ["__row", RAWROW]
    for field in MAPPABLE[table]:
        sel.append(f"{cols[field].text() if field in cols else 'CAST(NULL AS VARCHAR)'} AS t_{field}")
    cells = {f: cols[f].internal for f in MAPPABLE[table] if f in cols}
    cells.update({f"{f}.{i}": p for f in cells for i, p in enumerate(cols[f].parts)})
    sel.extend(hygiene_columns(cells))
    return ", ".join(sel)


def hygiene_columns(cells: dict[str, str]) -> list[str]:
    """``__ctrl`` for the mapped fields ({field: raw cell column}): one scan of the row's cells
    for control characters, only where the reader's cheaper row test (``__attn``) hit; the
    per-field checks of :func:`hygiene_err` look for the character only where this one found it.
    A CASE, not ``__attn AND …``: a projection evaluates both sides of an AND for every row."""
    if not cells:
        return ["false AS __ctrl"]
    scan = f"regexp_matches(concat({', '.join(cells.values())}), '{CONTROL_RE}')"
    return [f"CASE WHEN __attn THEN {scan} ELSE false END AS __ctrl"]


def hygiene_err(fields: list[str], label: Callable[[str], str]) -> str:
    """The first hygiene failure of a row over the ``t_<field>`` texts (``__ctrl`` from
    :func:`hygiene_columns`): no control characters (they break XLSX/DOCX/PDF exports) and no
    more characters than the field's limit (a 100,000-character name would make every report
    that shows it crawl). Such rows are quarantined with the reason; the value kept is a preview."""
    checks = []
    for field in fields:
        limit = limits.field_limit(field)
        preview = f"left(t_{field}, 200) || '…（共 ' || length(t_{field}) || ' 字符）'"
        checks.append(
            (
                # strlen (bytes) first: O(1), and never below the character count
                f"strlen(t_{field}) > {limit} AND length(t_{field}) > {limit}",
                label(field),
                preview,
                f"字段过长（上限 {limit} 字符）",
            )
        )
        checks.append(
            (
                f"__ctrl AND regexp_matches(t_{field}, '{CONTROL_RE}')",
                label(field),
                f"regexp_replace(left(t_{field}, 200), '{CONTROL_RE}', '�', 'g')",
                "含控制字符（如 NUL、垂直制表符）",
            )
        )
    return _err(checks) if checks else ""


def _hygiene(table: str, cols: ColMap) -> str:
    return hygiene_err([f for f in MAPPABLE[table] if f in cols], lambda f: _label(cols, f))


def _label(cols: ColMap, field: str) -> str:
    return cols[field].header if field in cols else field


def _date_checks(cols: ColMap, fields: list[str]) -> list[tuple[str, str, str, str]]:
    checks = []
    for f in fields:
        if f in cols:
            checks.append((f"t_{f} IS NOT NULL AND {f} IS NULL", _label(cols, f), f"t_{f}", "日期格式错误"))
            checks.append((f"NOT {X.date_plausible(f)}", _label(cols, f), f"t_{f}", "日期超出合理范围"))
    return checks


def _map_check(cols: ColMap, profile: Profile, field: str, mapped: str, reason: str) -> list:
    if field in cols and field in profile.value_maps:
        return [(f"t_{field} IS NOT NULL AND {mapped} IS NULL", _label(cols, field), f"t_{field}", reason)]
    return []


def _mapped(profile: Profile, field: str, cols: ColMap, sql_type: str = "VARCHAR") -> str:
    if field in cols and field in profile.value_maps:
        return X.value_map(f"t_{field}", profile.value_maps[field], sql_type)
    if field in cols and sql_type == "BOOLEAN":
        return X.value_map(f"t_{field}", _DEFAULT_BOOL, sql_type)
    return f"CAST(NULL AS {sql_type})"


_DEFAULT_BOOL = {"是": True, "否": False, "1": True, "0": False, "Y": True, "N": False}


# ---- patents ------------------------------------------------------------------------------------
def _patent_stages(profile: Profile, cols: ColMap) -> str:
    """Parse every field (stage b), derive check digits, kinds and IPC lists (c–e)."""
    fmts = profile.date_formats
    sep = profile.list_separator
    b = "__ap.b"
    bool_maps = {f: _mapped(profile, f, cols, "BOOLEAN") for f in ("pledged", "awarded")}
    stage_b = f"""
      SELECT *,
        {X.app_parts("t_app_no")} AS __ap,
        {_mapped(profile, "kind", cols)} AS __kind_map,
        {X.date("t_filing_date", fmts)} AS filing_date,
        {X.date("t_pub_date", fmts)} AS pub_date,
        {X.date("t_grant_date", fmts)} AS grant_date,
        {X.date("t_status_date", fmts)} AS status_date,
        {_mapped(profile, "legal_status", cols)} AS legal_status,
        {X.ipc("t_ipc_main")} AS __ipc_main,
        {X.split_list("t_ipcs", sep)} AS __ipc_raw,
        {X.split_list("t_applicants", sep)} AS applicants,
        {X.split_list("t_inventors", sep)} AS inventors,
        {X.integer("t_claims")} AS claims,
        {X.integer("t_cited_by")} AS cited_by,
        {X.integer("t_family_countries")} AS family_countries,
        {bool_maps["pledged"]} AS pledged,
        {bool_maps["awarded"]} AS awarded,
        {_mapped(profile, "applicant_type", cols)} AS __atype_map
      FROM ({"SELECT " + _texts("patents", cols) + " FROM raw"})"""
    stage_c = f"""
      SELECT *,
        {X.app_check_mod(b)} AS __cmod,
        {X.kind_from_type_digit(X.app_type_digit(b))} AS __kind_digit,
        {X.app_base_plausible(b)} AS __plausible,
        list_transform(__ipc_raw, lambda x: {X.ipc("x")}) AS __ipc_list,
        applicants[1] AS first_applicant
      FROM ({stage_b})"""
    # Some exports (Patentics' 国际主分类) give the main class as a subclass only (G09B): the
    # main symbol is then the first listed symbol of that subclass.
    sub = "upper(trim(t_ipc_main))"
    stage_d = f"""
      SELECT *,
        {X.check_char("__cmod")} AS __cd,
        CASE WHEN __ipc_main IS NULL AND regexp_full_match({sub}, '[A-H]\\d{{2}}[A-Z]')
             THEN {sub} END AS __ipc_sub,
        coalesce(
          __ipc_main,
          list_filter(__ipc_list, lambda x: starts_with(x, __ipc_sub))[1],
          __ipc_list[1]
        ) AS __main
      FROM ({stage_c})"""
    stage_e = f"""
      SELECT *,
        list_filter(__ipc_list, lambda x: x IS NOT NULL AND x <> __main) AS __others
      FROM ({stage_d})"""
    return stage_e


def _patent_err(profile: Profile, cols: ColMap) -> str:
    """The first failed check of a row as {field, value, reason}; NULL for a valid row."""
    L = lambda f: _label(cols, f)  # noqa: E731
    app_reason = (
        "CASE WHEN t_app_no IS NULL THEN '缺少申请号' "
        "WHEN __ap.b = '' OR NOT __plausible OR __kind_digit IS NULL THEN '申请号格式错误' "
        "WHEN __ap.c <> '' AND __ap.c <> __cd THEN '申请号校验位错误' END"
    )
    checks = [
        (
            "t_app_no IS NULL OR __ap.b = '' OR NOT __plausible OR __kind_digit IS NULL "
            "OR (__ap.c <> '' AND __ap.c <> __cd)",
            L("app_no"),
            "t_app_no",
            "",
        ),
        ("t_filing_date IS NULL", L("filing_date"), "t_filing_date", "缺少申请日"),
        *_date_checks(cols, ["filing_date", "pub_date", "grant_date", "status_date"]),
        *_map_check(cols, profile, "kind", "__kind_map", "未知专利类型"),
        (
            "__kind_map IS NOT NULL AND __kind_map <> __kind_digit",
            L("kind"),
            "t_kind",
            "专利类型与申请号不符",
        ),
        ("filing_date > pub_date", L("pub_date"), "t_pub_date", "公开日早于申请日"),
        ("filing_date > grant_date", L("grant_date"), "t_grant_date", "授权公告日早于申请日"),
        ("pub_date > grant_date", L("grant_date"), "t_grant_date", "授权公告日早于公开日"),
        *_map_check(cols, profile, "legal_status", "legal_status", "未知法律状态"),
        (
            "t_ipc_main IS NOT NULL AND __ipc_main IS NULL AND __ipc_sub IS NULL",
            L("ipc_main"),
            "t_ipc_main",
            "IPC分类号格式错误",
        ),
        (
            "list_count(__ipc_list) < len(__ipc_list)",
            L("ipcs"),
            "t_ipcs",
            "IPC分类号格式错误",
        ),
        *[
            (f"t_{f} IS NOT NULL AND {f} IS NULL", L(f), f"t_{f}", "数值格式错误")
            for f in ("claims", "cited_by", "family_countries")
        ],
        *[
            (f"t_{f} IS NOT NULL AND {f} IS NULL", L(f), f"t_{f}", "取值无法识别")
            for f in ("pledged", "awarded")
            if f in cols
        ],
    ]
    # The application-number check has three reasons: take it from the expression itself.
    app_cond, app_label, app_val, _ = checks[0]
    app_case = (
        f"WHEN {app_cond} THEN {{'field': {X.q(app_label)}, 'value': {app_val}, 'reason': {app_reason}}}"
    )
    return f"(CASE {app_case} ELSE {_err(checks[1:], _hygiene('patents', cols))} END)"


def patents_sql(profile: Profile, cols: ColMap) -> str:
    """The staged SELECT over ``raw`` for patents: canonical columns plus ``__err``."""
    stage_e = _patent_stages(profile, cols)
    err = _patent_err(profile, cols)
    return f"""
      SELECT __row, __rawrow,
        CASE WHEN __ap.b <> '' THEN 'CN' || __ap.b || '.' || __cd END AS app_no,
        coalesce(__kind_map, __kind_digit) AS kind,
        filing_date,
        upper(replace(t_pub_no, ' ', '')) AS pub_no,
        pub_date, grant_date, legal_status,
        t_legal_status AS legal_status_raw,
        status_date,
        __main AS ipc_main,
        CASE WHEN __main IS NULL THEN NULL
             WHEN __others IS NULL OR len(__others) = 0 THEN [__main]
             WHEN len(list_distinct(__others)) = len(__others) THEN list_prepend(__main, __others)
             ELSE {X.distinct_in_order("list_prepend(__main, __others)")} END AS ipcs,
        applicants, first_applicant,
        t_address AS address,
        CASE WHEN regexp_full_match(t_postcode, '\\d{{6}}') THEN t_postcode END AS postcode,
        coalesce(__atype_map, {X.classify_applicant("first_applicant")}) AS applicant_type,
        inventors,
        t_agency AS agency,
        upper(replace(t_pct_app_no, ' ', '')) AS pct_app_no,
        upper(replace(t_pct_pub_no, ' ', '')) AS pct_pub_no,
        t_title AS title, t_abstract AS abstract,
        claims, cited_by, family_countries, pledged, awarded,
        {err} AS __err
      FROM ({stage_e})"""


# ---- trademarks ---------------------------------------------------------------------------------
def _range_end(text: str) -> str:
    """The last date of a period: 商标网 gives 专用权期限 as 2012年07月14日 至 2022年07月13日."""
    return f"regexp_replace({text}, '^.*(至|～|~)[\\s\u3000]*', '')"


def trademarks_sql(profile: Profile, cols: ColMap) -> str:
    fmts = profile.date_formats
    L = lambda f: _label(cols, f)  # noqa: E731
    reg = "regexp_replace(upper(t_reg_no), '[\\s　]', '', 'g')"
    nice = "regexp_replace(t_nice_class, '^第|类$|^0+', '', 'g')"
    base = f"""
      SELECT *,
        {reg} AS __reg,
        CASE WHEN regexp_full_match({nice}, '\\d{{1,2}}') THEN CAST({nice} AS SMALLINT) END AS __nice,
        {X.date("t_app_date", fmts)} AS app_date,
        {X.date("t_reg_date", fmts)} AS reg_date,
        {X.date(_range_end("t_expiry_date"), fmts)} AS expiry_date,
        {_mapped(profile, "status", cols)} AS status,
        {_mapped(profile, "tm_type", cols)} AS tm_type,
        {_mapped(profile, "is_gi", cols, "BOOLEAN")} AS __is_gi,
        {_mapped(profile, "well_known", cols, "BOOLEAN")} AS __well_known
      FROM ({"SELECT " + _texts("trademarks", cols) + " FROM raw"})"""
    checks = [
        ("t_reg_no IS NULL", L("reg_no"), "t_reg_no", "缺少注册号"),
        ("NOT regexp_full_match(__reg, '[A-Z]?\\d{1,12}')", L("reg_no"), "t_reg_no", "注册号格式错误"),
        ("t_nice_class IS NULL", L("nice_class"), "t_nice_class", "缺少国际分类"),
        ("__nice IS NULL OR __nice NOT BETWEEN 1 AND 45", L("nice_class"), "t_nice_class", "国际分类错误"),
        ("t_owner IS NULL", L("owner"), "t_owner", "缺少申请人"),
        *_date_checks(cols, ["app_date", "reg_date", "expiry_date"]),
        ("app_date > reg_date", L("reg_date"), "t_reg_date", "注册日期早于申请日期"),
        ("reg_date > expiry_date", L("expiry_date"), "t_expiry_date", "专用权到期日早于注册日期"),
        *_map_check(cols, profile, "status", "status", "未知商标状态"),
        *_map_check(cols, profile, "tm_type", "tm_type", "未知商标类型"),
        *[
            (f"t_{f} IS NOT NULL AND __{f} IS NULL", L(f), f"t_{f}", "取值无法识别")
            for f in ("is_gi", "well_known")
            if f in cols
        ],
    ]
    return f"""
      SELECT __row, __rawrow, __reg AS reg_no, __nice AS nice_class, t_mark_name AS mark_name,
        t_owner AS owner,
        t_owner_address AS owner_address, app_date, reg_date, expiry_date, status, tm_type,
        coalesce(__is_gi, false) AS is_gi,
        coalesce(__well_known, false) AS well_known,
        {_err(checks, _hygiene("trademarks", cols))} AS __err
      FROM ({base})"""


# ---- geographical indications --------------------------------------------------------------------
def gi_sql(profile: Profile, cols: ColMap) -> str:
    L = lambda f: _label(cols, f)  # noqa: E731
    kind = _mapped(profile, "gi_kind", cols) if "gi_kind" in cols else "CAST(NULL AS VARCHAR)"
    year = "regexp_replace(t_year, '年$|\\.0+$', '')"
    base = f"""
      SELECT *,
        coalesce({kind}, CASE WHEN t_gi_kind IS NULL THEN 'product' END) AS gi_kind,
        CASE WHEN regexp_full_match({year}, '(19|20)\\d{{2}}') THEN CAST({year} AS SMALLINT) END AS year,
        {X.split_list("t_districts", profile.list_separator)} AS districts
      FROM ({"SELECT " + _texts("gi", cols) + " FROM raw"})"""
    checks = [
        ("t_product_name IS NULL", L("product_name"), "t_product_name", "缺少产品名称"),
        ("t_province IS NULL", L("province"), "t_province", "缺少省份"),
        ("gi_kind IS NULL", L("gi_kind"), "t_gi_kind", "未知地理标志类别"),
        ("t_year IS NOT NULL AND year IS NULL", L("year"), "t_year", "年份格式错误"),
    ]
    return f"""
      SELECT __row, __rawrow,
        gi_kind || '-' || substr(md5(t_province || '|' || t_product_name), 1, 16) AS gi_id,
        t_product_name AS product_name, gi_kind, year,
        t_province AS province, t_city AS city, districts,
        {_err(checks, _hygiene("gi", cols))} AS __err
      FROM ({base})"""


BUILDERS: dict[str, Callable[[Profile, ColMap], str]] = {
    "patents": patents_sql,
    "trademarks": trademarks_sql,
    "gi": gi_sql,
}
