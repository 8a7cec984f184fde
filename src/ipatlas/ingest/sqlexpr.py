"""Vectorised field normalisation as DuckDB SQL expressions.

Each builder returns SQL text over a column expression, so one ``SELECT`` normalises a whole file
in DuckDB's vectorised engine, with no Python per row. The small Python functions at the end
(:func:`normalize_app_no`, :func:`normalize_ipc`, :func:`parse_dates`) evaluate the same
expressions over a list of values; tests and other modules use them.

Rules:

Application numbers (申请号) — ``CN`` + digits + ``.`` + check digit.
  Accepted forms: ``CN201410123456.7``, ``201410123456.7``, ``2014101234567``,
  ``ZL201410123456.7``, ``CN 2014 1 0123456.7``, pre-October-2003 ``99123456.X``; without a check
  digit (``201410123456``, DOCDB's ``CN 201410123456 A``) the check digit is computed.
  The check digit is Σ digitᵢ·weightᵢ mod 11 (10 → ``X``) with
  weights 2,3,4,5,6,7,8,9,2,3,4,5 over the 12 digits of post-2003 numbers and 2…9 over the 8
  digits of older ones. The type digit (5th of 12, 3rd of 8) gives the kind: 1/8 invention,
  2/9 utility model, 3 design (8 and 9: PCT applications entering the national phase).
IPC — ``G06F 16/24``: section+class+subclass, a space, the main group without leading zeros,
  ``/``, the subgroup without trailing zeros but at least two digits. Accepted: ``G06F16/24``,
  ``G06F 16/24(2006.01)``, padded ``H04N   3/00``, ``G06F0016240000`` (EPO 14-character form).
Dates — the profile's strptime formats, tried in order; Excel serial day numbers (5 digits,
  e.g. ``41640`` = 2014-01-01); a trailing time of day is ignored.
"""

from __future__ import annotations

import atexit
import re
from collections.abc import Iterable, Mapping, Sequence

import duckdb

TRIM_CHARS = " \t\r\n\u3000\u00a0\ufeff"
APP_WEIGHTS_12 = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
APP_WEIGHTS_8 = (2, 3, 4, 5, 6, 7, 8, 9)
# type digit → kind
TYPE_DIGIT_KIND = {"1": "invention", "8": "invention", "2": "utility", "9": "utility", "3": "design"}


def q(value: str) -> str:
    """A SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def clean(col: str) -> str:
    """Trimmed text, NULL when blank."""
    return f"nullif(trim({col}, {q(TRIM_CHARS)}), '')"


def blank(col: str) -> str:
    """NULL when blank, for raw columns the reader has already trimmed (see readers.trim_table)."""
    return f"nullif({col}, '')"


# ---- application numbers ----------------------------------------------------------------------
def app_parts(text: str) -> str:
    """Struct {b: base digits ('' if malformed), c: given check digit ('' if none)}."""
    s = f"regexp_replace(regexp_replace(upper({text}), '[\\s\u3000]', '', 'g'), '^(CN|ZL)', '')"
    # DOCDB-style numbers (Lens, EPO: CN 202210016632 A) carry the application's kind letter
    # (A invention, U utility model, S design) where others have the check digit: drop it.
    s = f"regexp_replace({s}, '^(\\d{{12}}|\\d{{8}})[AUS]$', '\\1')"
    slow = f"regexp_extract({s}, '^(\\d{{12}}|\\d{{8}})\\.?([0-9X]?)$', ['b', 'c'])"
    # The usual export form CN201410123456.7: substrings and one regex instead of three.
    fast = (
        f"length({text}) = 16 AND starts_with({text}, 'CN') AND substr({text}, 15, 1) = '.' "
        f"AND regexp_full_match(substr({text}, 3, 12), '\\d{{12}}')"
    )
    return (
        f"(CASE WHEN {fast} THEN {{'b': substr({text}, 3, 12), 'c': upper(substr({text}, 16, 1))}} "
        f"ELSE {slow} END)"
    )


def app_check_mod(base: str) -> str:
    """Σ digitᵢ·weightᵢ mod 11 over the 12- or 8-digit base (integer arithmetic, no substrings)."""

    def weighted(weights: Sequence[int], n: str) -> str:
        k = len(weights)
        return " + ".join(f"{w} * (({n} // {10 ** (k - 1 - i)}) % 10)" for i, w in enumerate(weights))

    n = f"TRY_CAST({base} AS BIGINT)"
    return (
        f"((CASE length({base}) WHEN 12 THEN ({weighted(APP_WEIGHTS_12, n)}) "
        f"WHEN 8 THEN ({weighted(APP_WEIGHTS_8, n)}) END) % 11)"
    )


def check_char(mod: str) -> str:
    return f"(CASE {mod} WHEN 10 THEN 'X' ELSE CAST({mod} AS VARCHAR) END)"


def app_check_digit(base: str) -> str:
    """Check digit ('0'–'9' or 'X') of the 12- or 8-digit base; NULL for other lengths."""
    return check_char(app_check_mod(base))


def app_base_plausible(base: str) -> str:
    """Post-2003 numbers start with the filing year (2003…2099); older ones with 85…99 or 00…03."""
    return (
        f"(CASE length({base}) WHEN 12 THEN substr({base}, 1, 4) BETWEEN '2003' AND '2099' "
        f"WHEN 8 THEN substr({base}, 1, 2) >= '85' OR substr({base}, 1, 2) <= '03' ELSE false END)"
    )


def app_type_digit(base: str) -> str:
    return f"(CASE length({base}) WHEN 12 THEN substr({base}, 5, 1) WHEN 8 THEN substr({base}, 3, 1) END)"


def kind_from_type_digit(digit: str) -> str:
    cases = " ".join(f"WHEN {q(d)} THEN {q(k)}" for d, k in TYPE_DIGIT_KIND.items())
    return f"(CASE {digit} {cases} END)"


# ---- IPC ---------------------------------------------------------------------------------------
IPC_CANONICAL = "[A-H]\\d{2}[A-Z] [1-9]\\d{0,3}/(\\d{2}|\\d{2,5}[1-9])"
IPC_NO_SPACE = "[A-H]\\d{2}[A-Z][1-9]\\d{0,3}/(\\d{2}|\\d{2,5}[1-9])"


def ipc(text: str) -> str:
    """Normalised IPC symbol, or NULL when the text is not an IPC group."""
    u = f"regexp_replace(upper({text}), '\\(.*?\\)|（.*?）|[\\s\u3000]+$|^[\\s\u3000]+', '', 'g')"
    # EPO 14-character form → slash form; then canonical spacing, no leading/trailing zeros.
    u = f"regexp_replace({u}, '^([A-H]\\d{{2}}[A-Z])(\\d{{4}})(\\d{{6}})$', '\\1\\2/\\3')"
    u = (
        f"regexp_replace({u}, '^([A-H]\\d{{2}}[A-Z])[\\s\\-_]*0*(\\d{{1,4}})\\s*/\\s*(\\d{{1,6}}?)0*$', "
        f"'\\1 \\2/\\3')"
    )
    u = f"regexp_replace({u}, '/(\\d)$', '/\\10')"
    slow = f"nullif(regexp_extract({u}, '^([A-H]\\d{{2}}[A-Z] [1-9]\\d{{0,3}}/\\d{{2,6}})$', 1), '')"
    # Most values are already canonical: one regex instead of five.
    return (
        f"(CASE WHEN regexp_full_match({text}, '{IPC_CANONICAL}') THEN {text} "
        f"WHEN regexp_full_match({text}, '{IPC_NO_SPACE}') "
        f"THEN substr({text}, 1, 4) || ' ' || substr({text}, 5) "
        f"ELSE {slow} END)"
    )


def split_list(text: str, separator: str) -> str:
    """Split on the separator regex (blanks around it absorbed), drop empty items; NULL stays NULL."""
    pattern = q("[\\s\u3000]*(?:" + separator + ")[\\s\u3000]*")
    parts = f"regexp_split_to_array({text}, {pattern})"
    return f"list_filter({parts}, lambda x: x <> '')"


def distinct_in_order(lst: str) -> str:
    return f"list_filter({lst}, lambda x, i: list_position({lst}, x) = i)"


# ---- dates -------------------------------------------------------------------------------------
def date(text: str, formats: Iterable[str]) -> str:
    formats = list(formats)
    fmts = "[" + ", ".join(q(f) for f in formats) + "]"
    t = f"regexp_replace({text}, '[ T]\\d{{1,2}}:\\d{{2}}(:\\d{{2}}(\\.\\d+)?)?$', '')"
    slow = (
        f"(CASE WHEN regexp_full_match({text}, '\\d{{5}}(\\.0+)?') "
        f"THEN DATE '1899-12-30' + CAST(CAST({text} AS DOUBLE) AS INTEGER) "
        # Chinese-form dates (2012年07月14日, 2012年7月4日) are read by every profile alike.
        f"WHEN regexp_full_match({text}, '\\d{{4}}年\\d{{1,2}}月\\d{{1,2}}日') "
        f"THEN CAST(try_strptime({text}, '%Y年%m月%d日') AS DATE) "
        f"ELSE CAST(try_strptime({t}, {fmts}) AS DATE) END)"
    )
    if "%Y-%m-%d" in formats:
        # ISO dates (the common case) by a plain cast, the rest through the formats.
        return f"coalesce(TRY_CAST({text} AS DATE), {slow})"
    return slow


def date_plausible(d: str) -> str:
    return f"({d} BETWEEN DATE '1900-01-01' AND DATE '2100-12-31')"


# ---- numbers and value maps ---------------------------------------------------------------------
def integer(text: str) -> str:
    """Non-negative integer ('12', '12.0', '1,234'); NULL when not one."""
    t = f"regexp_replace(replace({text}, ',', ''), '\\.0+$', '')"
    slow = f"(CASE WHEN regexp_full_match({t}, '\\d{{1,9}}') THEN CAST({t} AS INTEGER) END)"
    return f"(CASE WHEN regexp_full_match({text}, '\\d{{1,9}}') THEN CAST({text} AS INTEGER) ELSE {slow} END)"


def halfwidth(text: str) -> str:
    """Full-width digits, point and minus as ASCII ('１２３．５' is 123.5, typed in a Chinese IME)."""
    return f"translate({text}, '０１２３４５６７８９．－', '0123456789.-')"


def finite(expr: str) -> str:
    """``expr`` unless it is infinite or NaN ('1e400', 'inf', 'NaN' cast to a double): NULL then."""
    return f"(CASE WHEN isfinite({expr}) THEN {expr} END)"


def number(text: str) -> str:
    """A decimal number ('1,234.5', '１２３', '-3'; '12%', 'NaN', '1e400' are not); NULL when not one."""
    t = f"replace(replace({halfwidth(text)}, ',', ''), '，', '')"
    return finite(f"TRY_CAST({t} AS DOUBLE)")


def value_map(text: str, mapping: Mapping[str, object], sql_type: str = "VARCHAR") -> str:
    """Exact match first (Latin letters case-blind), then the longest key contained in the text;
    NULL when nothing matches."""

    def lit(v: object) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        return q(str(v))

    exact = " ".join(f"WHEN {text} = {q(k)} THEN {lit(v)}" for k, v in mapping.items())
    # English exports differ in case only (PENDING, Pending, pending): compare those case-blind
    latin = {k.lower(): v for k, v in mapping.items() if re.search("[A-Za-z]", k)}
    if latin:
        exact += " " + " ".join(f"WHEN lower({text}) = {q(k)} THEN {lit(v)}" for k, v in latin.items())
    contained = " ".join(
        f"WHEN contains({text}, {q(k)}) THEN {lit(v)}"
        for k, v in sorted(mapping.items(), key=lambda kv: -len(kv[0]))
        if len(k) >= 2  # one-character keys ('是', '1') only match exactly
    )
    return f"CAST((CASE WHEN {text} IS NULL THEN NULL {exact} {contained} END) AS {sql_type})"


# ---- applicant type ----------------------------------------------------------------------------
# Rule (first applicant's name), first match wins:
#   公司 集团 合作社 厂 企业 商行 株式会社 / INC LTD LLC CORP GMBH CO. …   → enterprise
#   大学, 学院 (but not …科学院)  / UNIV                                  → university
#   研究院 研究所 科学院 研究中心 实验室 / INSTITUT                       → institute
#   局 委员会 中心 医院 学校 协会 学会 政府 办公室 管理处 联合会           → government (机关团体)
#   2–4 Chinese characters, or names joined by · (e.g. 买买提·艾力)         → individual
#   otherwise NULL (unknown)
APPLICANT_RULES: list[tuple[str, str]] = [
    (
        "enterprise",
        r"公司|集团|合作社|厂|企业|商行|株式会社|经营部|工作室|"
        r"(?i:\b(INC|LTD|LLC|CORP|CORPORATION|GMBH|CO\.|COMPANY|LIMITED|AG|S\.A\.|B\.V\.|PLC)\b)",
    ),
    ("university", r"大学|(^|[^科])学院|(?i:UNIVERSITY|UNIV\b)"),
    ("institute", r"研究院|研究所|科学院|研究中心|实验室|(?i:INSTITUT)"),
    ("government", r"局|委员会|中心|医院|学校|协会|学会|政府|办公室|管理处|联合会|办事处"),
    ("individual", r"^\p{Han}{2,4}$|^\p{Han}+(·\p{Han}+)+$"),
]


def classify_applicant(name: str) -> str:
    cases = " ".join(f"WHEN regexp_matches({name}, {q(rx)}) THEN {q(code)}" for code, rx in APPLICANT_RULES)
    return f"(CASE WHEN {name} IS NULL THEN NULL {cases} END)"


# ---- Python entry points (evaluate the SQL over lists) ----------------------------------------
_SHARED: list[duckdb.DuckDBPyConnection] = []


def _connection() -> duckdb.DuckDBPyConnection:
    """One in-memory connection for the helpers (opening one costs ~40 ms; cursors are cheap)."""
    if not _SHARED:
        _SHARED.append(duckdb.connect())
        atexit.register(_close_shared)
    return _SHARED[0]


def _close_shared() -> None:
    # Release it before interpreter teardown (the binding reports objects still alive at exit).
    while _SHARED:
        _SHARED.pop().close()


def _eval(select_list: str, values: Sequence[str | None], inner: str = "") -> list[tuple]:
    import pyarrow as pa

    con = _connection().cursor()
    try:
        con.register("vals", pa.table({"v": pa.array(list(values), pa.string()), "i": range(len(values))}))
        extra = f", {inner}" if inner else ""
        sql = f"SELECT {select_list} FROM (SELECT {clean('v')} AS v, i{extra} FROM vals) ORDER BY i"
        return [tuple(r) for r in con.execute(sql).fetchall()]
    finally:
        con.close()


def normalize_app_no(values: Sequence[str | None]) -> list[tuple[str | None, str | None]]:
    """(normalised number, None) or (None, reason) per value (same stages as the importer)."""
    import pyarrow as pa

    stage1 = f"SELECT i, v, {app_parts('v')} AS p FROM (SELECT {clean('v')} AS v, i FROM vals)"
    stage2 = (
        f"SELECT *, {app_check_mod('p.b')} AS cmod, {app_base_plausible('p.b')} AS ok, "
        f"{kind_from_type_digit(app_type_digit('p.b'))} AS kd FROM ({stage1})"
    )
    stage3 = f"SELECT *, {check_char('cmod')} AS cd FROM ({stage2})"
    reason = (
        "CASE WHEN v IS NULL THEN '缺少申请号' WHEN p.b = '' OR NOT ok OR kd IS NULL THEN '申请号格式错误' "
        "WHEN p.c <> '' AND p.c <> cd THEN '申请号校验位错误' END"
    )
    sql = (
        f"SELECT CASE WHEN r IS NULL THEN 'CN' || p.b || '.' || cd END, r "
        f"FROM (SELECT *, {reason} AS r FROM ({stage3})) ORDER BY i"
    )
    con = _connection().cursor()
    try:
        con.register("vals", pa.table({"v": pa.array(list(values), pa.string()), "i": range(len(values))}))
        return [(r[0], r[1]) for r in con.execute(sql).fetchall()]
    finally:
        con.close()


def check_digit(base: str) -> str:
    """Reference implementation in Python (used by tests and the benchmark generator)."""
    if len(base) not in (8, 12) or not base.isdigit():
        raise ValueError(f"not an application number base: {base!r}")
    weights = APP_WEIGHTS_12 if len(base) == 12 else APP_WEIGHTS_8
    m = sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
    return "X" if m == 10 else str(m)


def normalize_ipc(values: Sequence[str | None]) -> list[str | None]:
    return [r[0] for r in _eval(ipc("v"), values)]


def parse_dates(values: Sequence[str | None], formats: Iterable[str]) -> list:
    return [r[0] for r in _eval(date("v", list(formats)), values)]
