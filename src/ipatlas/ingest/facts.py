"""Import rules for the declared fact tables (``ipatlas.store.fact_tables``): pledges, transfers,
licences, open licences, insurance, subsidies, risk compensation, copyrights, plant varieties.

One generic SQL builder turns a :class:`FactTable` and a profile into the staged ``SELECT`` (like
the per-table builders in :mod:`ipatlas.ingest.tables`), and one resolver places the records and
links them, inside the import's lake transaction:

Parsing (a failure quarantines the row with the source column and a Chinese reason):
  required fields present; patent numbers with the check digit (专利号 ``ZL201410123456.7`` →
  ``CN201410123456.7``); dates by the profile's formats; codes through the profile's value maps;
  amounts in 万元 — ``500万元``, ``5,000,000元`` and ``0.5亿元`` carry their unit, a bare number
  is in the profile's ``amount_unit`` (default 万元); negative amounts are rejected; the spec's
  date order (授权公告日 ≤ 登记生效日: a patent cannot be pledged before it is granted).

Placing a record (holder → ``adcode``/``city_code``/``province_code``), first that applies:
  1. the linked patent's region, when the holder is one of its applicants (the patentee);
  2. the holder's address column, when the file has one;
  3. the region most of the holder's patents (as first applicant) resolve to;
  4. the holder's name through the address resolver (重庆某某科技有限公司 → 重庆市).
  A second party (transfers: the transferor; licences: the licensee) is placed the same way into
  ``other_*``.

Checks against the lake (flagged in ``flags``, never dropped):
  pledge or licence of a linked patent not in force on the date (not yet granted, or terminated
  before); a patent already under an unreleased pledge of another registration (《专利权质押登记
  办法》第十二条: 已被质押的专利权不予登记 — a second contract for it is a duplicate or an error);
  a transfer whose 变更前权利人 is not the holder of record (the last transferee, or the
  applicants); a trademark pledge of a mark not registered, invalid or expired on the date; an
  amount at or above ``flag_over`` 万元 (written in 元?).
  A file whose median amount reaches ``ask_median`` 万元 is refused with a question: confirm the
  unit with ``amount_unit`` (``--amount-unit 元`` divides by 10,000).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from ipatlas.errors import IngestError
from ipatlas.ingest import sqlexpr as X
from ipatlas.ingest.profiles import Profile
from ipatlas.ingest.tables import RAWROW, ColMap, _err, _label, hygiene_columns, hygiene_err
from ipatlas.store.fact_tables import FACT_TABLES, PLACE_FIELDS, FactTable

if TYPE_CHECKING:
    from ipatlas.ingest.job import Job

ENDED = "('lapsed', 'expired', 'invalidated', 'abandoned', 'rejected')"
_DEFAULT_BOOL = {"是": True, "否": False, "1": True, "0": False, "Y": True, "N": False}


def first_name(expr: str) -> str:
    """The first of several parties (甲公司；乙大学 → 甲公司)."""
    return f"nullif(trim(regexp_extract({expr}, '^[^;；、,，]+')), '')"


def amount_sql(text: str, bare_factor: float) -> str:
    """万元 from '500', '500万元', '5,000,000元', '0.5亿元' (NULL when not a number)."""
    text = X.halfwidth(text)
    fast = X.finite(f"TRY_CAST({text} AS DOUBLE)")  # 'NaN', 'inf' and '1e400' are no amounts
    t = f"regexp_replace({text}, '[,，\\s]', '', 'g')"
    num = f"TRY_CAST(regexp_extract({t}, '^(-?\\d+(\\.\\d+)?)', 1) AS DOUBLE)"
    unit = f"regexp_extract({t}, '^-?\\d+(\\.\\d+)?(.*)$', 2)"
    slow = (
        f"CASE {unit} WHEN '' THEN {num} * {bare_factor} WHEN '万元' THEN {num} WHEN '万' THEN {num} "
        f"WHEN '元' THEN {num} / 10000.0 WHEN '亿元' THEN {num} * 10000.0 WHEN '亿' THEN {num} * 10000.0 END"
    )
    return X.finite(f"(CASE WHEN {fast} IS NOT NULL THEN {fast} * {bare_factor} ELSE {slow} END)")


RANGE_SPLIT = "\\s*(?:至|到|~|～|—|--)\\s*"


def _text(spec: FactTable, name: str, profile: Profile, cols: ColMap) -> str:
    """The raw text of a field: its column, a range part of another column, or the profile default."""
    if name in cols:
        return X.blank(cols[name].internal)
    f = spec.field(name)
    if f.from_range and f.from_range[0] in cols:
        src = X.blank(cols[f.from_range[0]].internal)
        return f"nullif(trim(regexp_split_to_array({src}, {X.q(RANGE_SPLIT)})[{f.from_range[1] + 1}]), '')"
    if name in profile.defaults:
        return X.q(profile.defaults[name])
    return "CAST(NULL AS VARCHAR)"


def fact_sql(spec: FactTable, profile: Profile, cols: ColMap) -> str:
    """The staged SELECT over ``raw`` for one fact table (see the module docstring)."""
    fmts = profile.date_formats
    factor = 0.0001 if profile.amount_unit == "元" else 1.0
    L = lambda f: _label(cols, f)  # noqa: E731
    texts = ["__row", RAWROW] + [f"{_text(spec, f.name, profile, cols)} AS t_{f.name}" for f in spec.fields]
    mapped = [f.name for f in spec.fields if f.name in cols]
    texts += hygiene_columns({n: cols[n].internal for n in mapped})
    s1: list[str] = []
    s2: list[str] = []
    s3: list[str] = []
    out: list[str] = []
    checks: list[tuple[str, str, str, str]] = []
    for f in spec.fields:
        n, t = f.name, f"t_{f.name}"
        if f.required:
            checks.append((f"{t} IS NULL", L(n), t, f"缺少{f.zh}"))
        if f.kind == "text":
            out.append(f"{t} AS {n}")
        elif f.kind == "regno":
            out.append(f"regexp_replace(upper({t}), '[\\s\u3000]', '', 'g') AS {n}")
        elif f.kind == "date":
            s1.append(f"{X.date(t, fmts)} AS {n}")
            out.append(n)
            checks.append((f"{t} IS NOT NULL AND {n} IS NULL", L(n), t, "日期格式错误"))
            checks.append((f"NOT {X.date_plausible(n)}", L(n), t, "日期超出合理范围"))
        elif f.kind == "amount":
            s1.append(f"{amount_sql(t, factor)} AS {n}")
            out.append(n)
            checks.append((f"{t} IS NOT NULL AND {n} IS NULL", L(n), t, "金额格式错误"))
            checks.append((f"{n} < 0", L(n), t, "金额不能为负"))
        elif f.kind == "int":
            s1.append(f"{X.integer(t)} AS {n}")
            out.append(n)
            checks.append((f"{t} IS NOT NULL AND {n} IS NULL", L(n), t, "数值格式错误"))
        elif f.kind == "ipc":
            s1.append(f"{X.ipc(t)} AS {n}")
            out.append(n)
            checks.append((f"{t} IS NOT NULL AND {n} IS NULL", L(n), t, "IPC分类号格式错误"))
        elif f.kind in ("code", "bool"):
            mapping: dict[str, object] = dict(profile.value_maps.get(n, {}))
            if f.kind == "code":
                for code, label in f.codes.items():
                    mapping.setdefault(code, code)
                    mapping.setdefault(label, code)
                sql_type = "VARCHAR"
            else:
                for k, v in _DEFAULT_BOOL.items():
                    mapping.setdefault(k, v)
                sql_type = "BOOLEAN"
            s1.append(f"{X.value_map(t, mapping, sql_type)} AS {n}")
            out.append(n)
            checks.append((f"{t} IS NOT NULL AND {n} IS NULL", L(n), t, f"未知{f.zh}"))
        elif f.kind == "patent":
            # 公报 numbers read ZL…: as CN… they take the importer's fast path (no regular expression)
            zl = f"(CASE WHEN starts_with({t}, 'ZL') THEN 'CN' || substr({t}, 3) ELSE {t} END)"
            s1.append(f"{X.app_parts(zl)} AS __ap_{n}")
            s2.append(f"{X.app_check_mod(f'__ap_{n}.b')} AS __m_{n}")
            s2.append(f"{X.app_base_plausible(f'__ap_{n}.b')} AS __ok_{n}")
            s2.append(f"{X.kind_from_type_digit(X.app_type_digit(f'__ap_{n}.b'))} AS __k_{n}")
            s3.append(f"{X.check_char(f'__m_{n}')} AS __cd_{n}")
            out.append(f"CASE WHEN __ap_{n}.b <> '' THEN 'CN' || __ap_{n}.b || '.' || __cd_{n} END AS {n}")
            ap = f"__ap_{n}"
            checks.append(
                (
                    f"{t} IS NOT NULL AND ({ap}.b = '' OR NOT __ok_{n} OR __k_{n} IS NULL)",
                    L(n),
                    t,
                    f"{f.zh}格式错误",
                )
            )
            checks.append(
                (f"{t} IS NOT NULL AND {ap}.c <> '' AND {ap}.c <> __cd_{n}", L(n), t, f"{f.zh}校验位错误")
            )
        else:  # pragma: no cover - the spec is validated by its tests
            raise IngestError(f"unknown field kind {f.kind!r} in {spec.table}")
    for earlier, later, reason in spec.date_order:
        checks.append((f"{earlier} > {later}", L(later), f"t_{later}", reason))
    derived = "".join(f", {sql} AS {name}" for name, (_k, sql, _z, _d) in spec.derived.items())
    key = ", ".join(f"coalesce(CAST(__k.{k} AS VARCHAR), '')" for k in spec.key)
    base = f"SELECT {', '.join(texts)} FROM raw"
    st1 = f"SELECT *{''.join(', ' + c for c in s1)} FROM ({base})"
    st2 = f"SELECT *{''.join(', ' + c for c in s2)} FROM ({st1})"
    st3 = f"SELECT *{''.join(', ' + c for c in s3)} FROM ({st2})"
    err = _err(checks, hygiene_err(mapped, L))
    st4 = f"SELECT __row, {RAWROW}, {', '.join(out)}, {err} AS __err FROM ({st3})"
    return f"SELECT substr(md5(concat_ws('|', {key})), 1, 16) AS record_id, __k.*{derived} FROM ({st4}) __k"


# ---- placing and linking ---------------------------------------------------------------------
_STRUCT = "{'adcode': %s, 'city_code': %s, 'province_code': %s, 'region_level': %s, 'country': %s}"


def _region_struct(alias: str) -> str:
    return _STRUCT % tuple(f"{alias}.{c}" for c in PLACE_FIELDS)


def _place(job: Job, tag: str, name: str, address: str | None, patent: str | None) -> str:
    """Create ``__pl_<tag>`` (__rid, r: region struct) placing party ``name`` of every row to write."""
    from ipatlas.ingest.regions import resolve

    con = job.con
    addr = f"p.{address}" if address else "CAST(NULL AS VARCHAR)"
    who = first_name(f"p.{name}")
    if patent:
        by_patent = (
            f"CASE WHEN pt.app_no IS NOT NULL AND list_contains(pt.applicants, {who}) "
            f"AND pt.region_level <> 'none' THEN {_region_struct('pt')} END"
        )
        join = f"LEFT JOIN patents pt ON pt.app_no = p.{patent}"
    else:
        by_patent, join = "NULL", ""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __s_{tag} AS
        SELECT p.__rid, {who} AS n, {addr} AS a, {by_patent} AS pr FROM __todo p {join}"""
    )
    # 3. the region most of the holder's patents resolve to (as first applicant)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __n_{tag} AS
        SELECT n, arg_max(r, c) AS r FROM (
          SELECT first_applicant AS n, {_region_struct("pt")} AS r, count(*) AS c FROM patents pt
          WHERE pt.region_level <> 'none'
            AND first_applicant IN (SELECT n FROM __s_{tag} WHERE pr IS NULL AND a IS NULL)
          GROUP BY ALL) GROUP BY n"""
    )
    # 2./4. addresses, and names nothing else placed, through the resolver
    texts = [
        r[0]
        for r in con.execute(
            f"""SELECT DISTINCT coalesce(s.a, s.n) FROM __s_{tag} s
            WHERE s.pr IS NULL AND coalesce(s.a, s.n) IS NOT NULL
              AND (s.a IS NOT NULL OR s.n NOT IN (SELECT n FROM __n_{tag}))"""
        ).fetchall()
    ]
    res = resolve(texts, None)
    con.register(f"__tx_{tag}", _with_text(texts, res))
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __pl_{tag} AS
        SELECT s.__rid, coalesce(s.pr, CASE WHEN s.a IS NULL THEN nm.r END, {_region_struct("tx")}) AS r
        FROM __s_{tag} s
        LEFT JOIN __n_{tag} nm ON nm.n = s.n
        LEFT JOIN __tx_{tag} tx ON tx.t = coalesce(s.a, s.n)"""
    )
    return f"__pl_{tag}"


def _with_text(texts: list[str], res: pa.Table) -> pa.Table:
    t = pa.table({"t": pa.array(texts, pa.string())})
    for c in res.column_names:
        t = t.append_column(c, res.column(c))
    return t


def _flags_sql(spec: FactTable) -> tuple[str, list[str]]:
    """(extra joins, flag expressions) over ``__todo p`` and the linked patent ``pt``."""
    joins: list[str] = []
    flags: list[str] = []
    if spec.patent:
        joins.append(f"LEFT JOIN patents pt ON pt.app_no = p.{spec.patent}")
    not_granted = "pt.app_no IS NOT NULL AND (pt.grant_date IS NULL OR pt.grant_date > {d})"
    ended = f"pt.legal_status IN {ENDED} AND pt.status_date <= {{d}}"
    ended_msg = (
        "'专利权已于' || CAST(pt.status_date AS VARCHAR) || '终止或失效（' "
        "|| coalesce(pt.legal_status_raw, pt.legal_status) || '）'"
    )
    if spec.table == "pledges":
        d = "p.event_date"
        flags.append(
            f"CASE WHEN p.event = 'effective' AND {not_granted.format(d=d)} "
            "THEN '登记生效日专利权尚未授权' END"
        )
        flags.append(f"CASE WHEN p.event = 'effective' AND {ended.format(d=d)} THEN {ended_msg} END")
        # A patent under an unreleased pledge of another registration (this file or the lake).
        joins.append(
            """LEFT JOIN (
              SELECT a.__rid, min(b.reg_no) AS other_reg FROM __todo a JOIN (
                SELECT reg_no, patent_no, event_date FROM pledges WHERE event = 'effective'
                UNION ALL SELECT reg_no, patent_no, event_date FROM __todo WHERE event = 'effective') b
                ON b.patent_no = a.patent_no AND b.reg_no <> a.reg_no AND b.event_date <= a.event_date
              WHERE a.event = 'effective' AND NOT EXISTS (
                SELECT 1 FROM (SELECT reg_no, patent_no, event_date FROM pledges WHERE event = 'released'
                               UNION ALL
                               SELECT reg_no, patent_no, event_date FROM __todo WHERE event = 'released') r
                WHERE r.reg_no = b.reg_no AND r.patent_no = b.patent_no AND r.event_date <= a.event_date)
              GROUP BY a.__rid) dup ON dup.__rid = p.__rid"""
        )
        flags.append(
            "CASE WHEN dup.other_reg IS NOT NULL THEN '专利权已处于质押期间（登记号 ' || dup.other_reg || "
            "' 尚未注销），疑似重复质押合同' END"
        )
    elif spec.table == "tm_pledges":
        # The pledged mark, when the lake holds it (same registration number, the class if given).
        joins.append(
            """LEFT JOIN (SELECT reg_no, nice_class, reg_date, expiry_date, status FROM trademarks) tm
               ON tm.reg_no = p.mark_no AND (p.nice_class IS NULL OR tm.nice_class = p.nice_class)"""
        )
        flags.append(
            "CASE WHEN p.event = 'effective' AND tm.reg_no IS NOT NULL AND (tm.reg_date IS NULL "
            "OR tm.reg_date > p.event_date) THEN '登记日期商标尚未注册' END"
        )
        flags.append(
            "CASE WHEN p.event = 'effective' AND (tm.status = 'invalid' OR tm.expiry_date <= p.event_date) "
            "THEN '登记日期商标专用权已无效或到期' END"
        )
    elif spec.table in ("licences", "open_licences"):
        d = f"p.{spec.date}"
        flags.append(
            f"CASE WHEN {not_granted.format(d=d)} THEN "
            f"'{'备案日' if spec.table == 'licences' else '公告日'}专利权尚未授权' END"
        )
        flags.append(f"CASE WHEN {ended.format(d=d)} THEN {ended_msg} END")
    elif spec.table == "transfers":
        # The holder of record before this change: the last earlier transferee, else the applicants.
        joins.append(
            """LEFT JOIN (
              SELECT a.__rid, arg_max(b.to_holder, b.event_date) AS last_to FROM __todo a JOIN (
                SELECT patent_no, to_holder, event_date FROM transfers
                UNION ALL SELECT patent_no, to_holder, event_date FROM __todo) b
                ON b.patent_no = a.patent_no AND b.event_date < a.event_date
              GROUP BY a.__rid) prev ON prev.__rid = p.__rid"""
        )
        flags.append(
            f"""CASE WHEN prev.last_to IS NOT NULL AND prev.last_to <> p.from_holder
                  THEN '变更前权利人与当前权利人不符（当前：' || prev.last_to || '）'
                WHEN prev.last_to IS NULL AND pt.app_no IS NOT NULL
                     AND NOT list_contains(pt.applicants, {first_name("p.from_holder")})
                  THEN '变更前权利人与专利权人不符（专利权人：'
                       || array_to_string(pt.applicants, '；') || '）' END"""
        )
    if spec.amount:
        a = f"p.{spec.amount}"
        flags.append(
            f"CASE WHEN {a} >= {spec.flag_over} THEN '金额 ' || CAST({a} AS VARCHAR) || "
            f"' 万元数量级异常，疑似以元为单位填写（折合 ' || CAST(round({a} / 10000.0, 4) AS VARCHAR) "
            "|| ' 万元），请核实' END"
        )
    return "\n".join(joins), flags


def _ask_amount_unit(job: Job, spec: FactTable) -> None:
    """Refuse a file whose amounts look like 元 unless the profile states the unit."""
    if not spec.amount or job.profile.amount_unit is not None:
        return
    n, median = job.con.execute(f"SELECT count({spec.amount}), median({spec.amount}) FROM __todo").fetchall()[
        0
    ]
    if n >= 3 and median is not None and median >= spec.ask_median:
        label = _label(job.cols, spec.amount)
        raise IngestError(
            f"「{label}」的中位数为 {median:,.0f} 万元（{n} 行），数量级像是以元为单位填写。"
            "请确认单位后重新导入："
            f"--amount-unit 元（按元换算为万元）或 --amount-unit 万元（按原值导入）",
            file=job.file,
            field=label,
        )


def resolve_facts(job: Job) -> None:
    """Place, link and check the rows to write; sets ``job.resolve_join`` on ``__fact_resolved``."""
    spec = FACT_TABLES[job.table]
    con = job.con
    _ask_amount_unit(job, spec)
    main = _place(job, "h", spec.holder, spec.holder_address, spec.patent)
    sel = [f"m.r.{c} AS {c}" for c in PLACE_FIELDS]
    joins = [f"JOIN {main} m ON m.__rid = p.__rid"]
    if spec.other:
        # The transferor held the patent: its region may come from the patent; a licensee's not.
        other = _place(
            job, "o", spec.other, spec.other_address, spec.patent if spec.table == "transfers" else None
        )
        joins.append(f"JOIN {other} o ON o.__rid = p.__rid")
        sel += [f"o.r.{c} AS other_{c}" for c in ("adcode", "city_code", "province_code", "country")]
    for name, party in spec.types.items():
        # The party's type by the applicant-type rule, evaluated once per distinct name.
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE __ty_{name} AS
            SELECT n, {X.classify_applicant("n")} AS t
            FROM (SELECT DISTINCT {first_name(party)} AS n FROM __todo)"""
        )
        joins.append(f"LEFT JOIN __ty_{name} ON __ty_{name}.n = {first_name('p.' + party)}")
        sel.append(f"__ty_{name}.t AS {name}")
    extra, flags = _flags_sql(spec)
    if spec.patent:
        sel.append("pt.app_no IS NOT NULL AS linked")
    flag_list = f"list_filter([{', '.join(flags)}], lambda x: x IS NOT NULL)" if flags else "[]"
    sel.append(f"CAST({flag_list} AS VARCHAR[]) AS flags")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __fact_resolved AS
        SELECT p.__rid, {", ".join(sel)} FROM __todo p {" ".join(joins)} {extra}"""
    )
    job.resolve_join = "LEFT JOIN __fact_resolved z ON z.__rid = p.__rid"
