"""The import pipeline: read → normalise (SQL) → quarantine → dedupe/merge (SQL) → resolve → commit.

One DuckDB connection does all the work over Arrow and Parquet; Python only orchestrates.
One :meth:`Lake.transaction` per import writes the data table, ``imports``, ``quarantine`` and
``replacements`` together: killed at any point before the manifest swap, nothing is visible.

Merge rules (natural key per table, see ``schema.KEYS``):
- identical content (same ``record_hash``) already stored, or repeated in the file → duplicate;
- same key, different content: the record with the later event date (status date, grant or
  publication date …) wins; equal dates → the later import wins and replaces the stored record
  (recorded in ``replacements``); an older record counts as a (stale) duplicate;
- within one file, the newest row per key wins (equal dates: the later row); the others are duplicates.
Only new or replacing records are written: re-importing a file writes no new data version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import queue
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ipatlas.config import Settings
from ipatlas.errors import IngestError, SharedDataMissing, require_file
from ipatlas.ingest import sqlexpr as X
from ipatlas.ingest.autoprofile import AUTO, AUTO_TABLES, choose_profile, expected_headers
from ipatlas.ingest.job import STEPS, Job
from ipatlas.ingest.profiles import Profile, builtin_profiles, header_key, load_profile, normalise_table
from ipatlas.ingest.readers import (
    ROW,
    TRIM_CHARS,
    RawTable,
    Reread,
    has_blank_line,
    native_csv_sql,
    read_file,
    read_json_records,
    reread,
    trim_table,
)
from ipatlas.ingest.summary import ImportSummary, QuarantineSample
from ipatlas.ingest.tables import (
    BUILDERS,
    CONTROL_RE,
    RAWROW,
    RECENCY,
    Col,
    ColMap,
    hash_sql,
    key_sql,
    map_columns,
)
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.store.fact_tables import FACT_TABLES, RESOLVER_FIELDS
from ipatlas.store.lake import Lake
from ipatlas.store.schema import KEYS, TABLES, arrow_schema

DEMO_SIDECAR_SUFFIX = ".ipatlas-demo.json"
SAMPLE_SIZE = 5


def is_demo_file(path: Path) -> bool:
    """A file is demo data (演示数据) when the sidecar ``<file>.ipatlas-demo.json`` exists beside it."""
    return Path(str(path) + DEMO_SIDECAR_SUFFIX).exists()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(4 << 20):
            h.update(chunk)
    return h.hexdigest()


def new_import_id() -> str:
    """imp-YYYYMMDD-HHMMSS-xxxxxx: the 6 hex digits start with the microseconds, so ids sort in
    time order even within one second."""
    now = dt.datetime.now()
    return f"imp-{now:%Y%m%d-%H%M%S}-{now.microsecond:05x}{secrets.token_hex(1)[0]}"


def _checkpoint(settings: Settings, stage: str) -> None:
    """Crash-test hook: with IPATLAS_INGEST_PAUSE_AT=<stage>, announce and wait to be killed."""
    if settings.ingest_pause_at != stage:
        return
    if settings.ingest_pause_file:
        settings.ingest_pause_file.write_text(stage)
    time.sleep(3600)


# ---- table hooks -----------------------------------------------------------------------------
def _with_pairs(a: list[str | None], p: list[str | None], res: pa.Table) -> pa.Table:
    t = pa.table({"a": pa.array(a, pa.string()), "p": pa.array(p, pa.string())})
    for name in res.column_names:
        t = t.append_column(name, res.column(name))
    return t


def _address_resolver(address: str, postcode: str | None, name: str) -> Callable[[Job], None]:
    """Resolve the distinct (address, postcode) pairs of the rows to write; join back on them.

    A file with no address column at all (Patentics exports have none) is placed by the
    applicant's name, to the province only (see :func:`ipatlas.ingest.regions.resolve`).
    (Resolving chunk by chunk in a background thread was tried: the resolver is Python, and
    fighting the parser and DuckDB for the GIL cost more than the overlap gained.)"""

    def run(job: Job) -> None:
        from ipatlas.ingest.regions import resolve

        by_name = address not in job.cols
        source = name if by_name else address
        pc = postcode if postcode and postcode in job.cols else "CAST(NULL AS VARCHAR)"
        pairs = job.con.execute(
            f"SELECT DISTINCT {source}, {pc} FROM __todo WHERE {source} IS NOT NULL OR {pc} IS NOT NULL"
        ).fetchall()
        a = [x[0] for x in pairs]
        p = [x[1] for x in pairs]
        job.con.register("__pairs", _with_pairs(a, p, resolve(a, p, province_only=by_name)))
        pc_on = f"coalesce(p.{postcode}, '')" if postcode else "''"
        addr_on = f"coalesce(p.{source}, '') = coalesce(z.a, '')"
        job.resolve_join = f"LEFT JOIN __pairs z ON {addr_on} AND {pc_on} = coalesce(z.p, '')"

    return run


def _fact_resolver(job: Job) -> None:
    from ipatlas.ingest.facts import resolve_facts

    resolve_facts(job)


def _no_resolution(job: Job) -> None:
    job.resolve_join = ""


def _gi_resolver(job: Job) -> None:
    from ipatlas.ingest.gi import resolve_gi

    resolve_gi(job)


RESOLVERS: dict[str, Callable[[Job], None]] = {
    "patents": _address_resolver("address", "postcode", "first_applicant"),
    "trademarks": _address_resolver("owner_address", None, "owner"),
    "gi": _gi_resolver,
    "statistics": _no_resolution,
    **{t: _fact_resolver for t in FACT_TABLES},
}


def _staged_sql(job: Job) -> str:
    if job.table == "statistics":
        from ipatlas.ingest.statistics import statistics_sql

        return statistics_sql(job)
    if job.table in FACT_TABLES:
        from ipatlas.ingest.facts import fact_sql

        return fact_sql(FACT_TABLES[job.table], job.profile, job.cols)
    return BUILDERS[job.table](job.profile, job.cols)


# ---- the import ------------------------------------------------------------------------------
def _connect(settings: Settings) -> duckdb.DuckDBPyConnection:
    tmp = settings.data_dir / ".duckdb-tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(config={"temp_directory": str(tmp)})


def read_source(
    table: str, path: Path, profile: Profile | None, given: Any = None
) -> tuple[RawTable, ColMap, Profile]:
    """Read the file and map its columns (IngestError for a missing required column).

    ``profile`` None is ``--profile auto``: the layout is chosen from the file's own header.
    ``given`` (:class:`ipatlas.ingest.yearbook.Given`): the region and year a yearbook table does not
    print, stated by the caller; refused for any other file."""
    if profile is None:
        expected = expected_headers(table)
        reader = Profile(name=AUTO, table=table)
    else:
        expected = {header_key(c) for c in profile.all_columns()}
        reader = profile
    if table == "statistics" and profile is not None:
        expected |= {header_key(c) for c in profile.variables}
        expected |= {header_key(c) for c in profile.long_columns}
        for c in (profile.region_code_column, profile.region_name_column, profile.year_column):
            if c:
                expected.add(header_key(c))
    if path.suffix.lower() == ".json":
        if table != "gi" or profile is None:
            raise IngestError("只有地理标志数据接受 JSON 文件", file=str(path))
        raw = read_json_records(path, {f: src for src, (f, _r) in profile.all_columns().items()})
    else:
        raw = read_file(
            path,
            expected=expected,
            key=header_key,
            encoding=reader.encoding,
            delimiter=reader.delimiter,
            sheet=reader.sheet,
            # not set by the profile: looked for in the first rows (exports open with metadata)
            header_row=reader.header_row if "header_row" in reader.model_fields_set else None,
        )
    if profile is None and table == "statistics":
        try:
            profile = choose_profile(table, raw.headers, str(path))
        except IngestError as plain:
            # not a long or wide table: a yearbook table as printed (title, unit line, multi-row header)
            return _yearbook_source(path, plain, given)
    if given is not None and (given.region is not None or given.year is not None):
        raise IngestError(
            "--region / --year 只用于按原样读取的统计年鉴表；此文件是宽表或长表，地区和年份应写在文件的列中",
            file=str(path),
        )
    if profile is None:
        profile = choose_profile(table, raw.headers, str(path))
    if table == "statistics":
        from ipatlas.ingest.statistics import map_statistics_columns

        cols = map_statistics_columns(raw.headers, profile, str(path))
    else:
        cols = map_columns(raw.headers, profile, str(path))
    return raw, cols, profile


def _yearbook_source(path: Path, plain: IngestError, given: Any) -> tuple[RawTable, ColMap, Profile]:
    """The statistics long layout read from a yearbook table; ``plain``: why the file is not a long
    or wide table (raised again when it is no yearbook table either)."""
    from ipatlas.ingest.yearbook import HEADERS, NotYearbookTable, read_grid, reshape

    try:
        raw = reshape(*read_grid(path), given)
    except NotYearbookTable:
        raise plain from None
    except IngestError as exc:
        raise IngestError(f"统计年鉴表：{exc.message}", file=str(path)) from None
    roles = ("region_code", "region_name", "year", "variable", "value", "unit", "skip")
    cols: ColMap = {role: Col(f"c{i}", HEADERS[i]) for i, role in enumerate(roles)}
    cols["__layout_long"] = Col("", "long")
    prof = builtin_profiles("statistics")[0].model_copy(deep=True)
    prof.name, prof.description = AUTO, "统计年鉴表（标题行、单位行、多行表头，按原样读取）"
    return raw, cols, prof


def _given(table: str, path: Path, region: str | None, year: int | None) -> Any:
    if region is None and year is None:
        return None
    if table != "statistics":
        raise IngestError("--region / --year 只用于统计数据（统计年鉴表）", file=str(path))
    from ipatlas.ingest.yearbook import check_given

    try:
        return check_given(region, year)
    except IngestError as exc:
        raise IngestError(exc.message, file=str(path)) from None


def import_file(
    settings: Settings,
    table: str,
    path: Path,
    profile: str | Path | Profile = "standard",
    *,
    demo: bool | None = None,
    progress: ProgressCallback | None = None,
    adjust: Callable[[Profile], Profile] | None = None,
    region: str | None = None,
    year: int | None = None,
) -> ImportSummary:
    """Import one CSV/XLSX file (or the GI JSON) into ``table``; see the module docstring.

    ``adjust`` changes the profile once it is known (``auto`` chooses it from the file's header).
    ``region`` / ``year`` (statistics, ``--profile auto``): the region code and year of a yearbook
    table that does not print them (rows are years or indicators; a census year left out)."""
    t0 = time.perf_counter()
    started = dt.datetime.now().replace(microsecond=0)
    table = normalise_table(table)
    if profile == AUTO and table not in AUTO_TABLES:
        known = "、".join(AUTO_TABLES)
        raise IngestError(f"自动识别字段映射只支持 {known}；请用 --profile 指定", file=str(path))
    given = (
        profile if isinstance(profile, Profile) else None if profile == AUTO else load_profile(table, profile)
    )
    path = Path(path)
    require_file(path)
    progress = progress or no_progress
    progress(0, len(STEPS), STEPS[0])
    raw, cols, prof = read_source(table, path, given, _given(table, path, region, year))
    if adjust is not None:
        prof = adjust(prof)
    _checkpoint(settings, "read")
    settings.ensure_dirs()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-bg")
    job = Job(
        settings=settings,
        table=table,
        profile=prof,
        raw=raw,
        cols=cols,
        file=str(path.resolve()),
        # The file hash runs beside the parse (hashlib releases the GIL on large buffers).
        digest=pool.submit(file_sha256, path),
        is_demo=is_demo_file(path) if demo is None else demo,
        import_id=new_import_id(),
        con=_connect(settings),
        progress=progress,
        started_at=started,
        t0=t0,
    )
    try:
        return _run(job)
    finally:
        pool.shutdown(wait=True)
        job.con.close()


def _stage(job: Job) -> None:
    """Normalise the file into ``__staged`` and collect its bad rows in ``__quar``: in one pass
    over DuckDB's own parallel CSV reader when the file allows it, else chunk by chunk."""
    if _stage_native(job):
        return
    for _attempt in range(3):
        try:
            _stage_chunks(job)
            return
        except Reread as again:
            job.con.execute("DROP TABLE IF EXISTS __staged")
            job.con.execute("DROP TABLE IF EXISTS __quar")
            job.raw = reread(job.raw, again.mode)
    raise IngestError("两次读取文件的结果不一致（文件可能正在被写入）：请稍后重试", file=job.file)


def _record_sql(job: Job) -> str:
    """The normalising query over the view or table ``raw``: one row per record, with its
    ``__rid``, ``__err`` (NULL for a valid record), ``record_hash`` and, for a rejected row, its
    raw cells as JSON (``__raw``)."""
    staged = _staged_sql(job)
    if job.table != "statistics":
        # __rid: one id per record (a wide statistics row yields several records).
        raw = f"CASE WHEN __err IS NOT NULL THEN {_raw_json_sql(job, RAWROW)} END"
        staged = f"SELECT * EXCLUDE ({RAWROW}), __row AS __rid, {raw} AS __raw FROM ({staged})"
    hashed = f"CASE WHEN __err IS NULL THEN {hash_sql(job.table)} END"
    return f"SELECT *, {hashed} AS record_hash FROM ({staged})"


def _raw_view(job: Job, source: str, cells: list[str], row: str) -> str:
    """The view ``raw`` over ``source``: the given cell expressions (c0…cN), the row number, the
    attention flag and the cells again as one struct (quoted for a rejected row)."""
    packed = ", ".join(f"c{i} := c{i}" for i in range(len(job.raw.headers)))
    return (
        f"CREATE OR REPLACE TEMP VIEW raw AS SELECT *, struct_pack({packed}) AS {RAWROW} "
        f"FROM (SELECT {', '.join(cells)}, {row} AS {ROW}, __attn FROM {source})"
    )


_SEP = "\ue000"  # joins a row's cells for the attention test (a private-use character)
_BLANK_CLASS = (
    ("[" + TRIM_CHARS.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n") + "]")
    .replace("\v", "\\v")
    .replace("\f", "\\f")
)


def _attention(cols: list[str]) -> str:
    """Whether a row needs a closer look: a control character anywhere, or a cell that starts or
    ends with a blank. One regex over the joined cells instead of one per cell; rows it misses
    cannot need either (a cell's edge is always next to the separator or the row's ends)."""
    if not cols:
        return "false"
    pattern = f"{CONTROL_RE}|(?:^|{_SEP}){_BLANK_CLASS}|{_BLANK_CLASS}(?:{_SEP}|$)"
    return f"regexp_matches(concat_ws({X.q(_SEP)}, {', '.join(cols)}), {X.q(pattern)})"


def _trimmed(col: str) -> str:
    """``col`` without surrounding blanks (see ``readers.TRIM_CHARS``), '' for NULL. Trimming with
    a character set is slow, so it runs only on the rows ``__attn`` marks."""
    trimmed = f"coalesce(trim({col}, {X.q(TRIM_CHARS)}), '')"
    return f"CASE WHEN __attn THEN {trimmed} ELSE coalesce({col}, '') END AS {col}"


def _stage_native(job: Job) -> bool:
    """The whole file through DuckDB's parallel ``read_csv`` and the normalising query in one
    vectorised pass into ``__staged0``, whose rows keep the file's order (so ``rowid`` gives the
    row number: the view ``__staged`` adds it). False (nothing staged) when the file needs the
    exact Arrow/Python readers: another encoding, a ragged row, bytes that are not UTF-8, a blank
    line, or the statistics layouts."""
    read = native_csv_sql(job.raw)
    if read is None or job.table == "statistics":
        return False
    con = job.con
    blank = ThreadPoolExecutor(max_workers=1).submit(has_blank_line, Path(job.raw.meta["path"]))
    mapped = {i for c in job.cols.values() for i in (c.internal, *c.parts) if i}
    attn = _attention(sorted(mapped, key=lambda c: int(c[1:])))
    cells = [
        _trimmed(f"c{i}") if f"c{i}" in mapped else f"coalesce(c{i}, '') AS c{i}"
        for i in range(len(job.raw.headers))
    ]
    con.execute(_raw_view(job, f"(SELECT *, {attn} AS __attn FROM ({read}))", cells, "CAST(NULL AS BIGINT)"))
    try:
        con.execute(f"CREATE TEMP TABLE __staged0 AS {_record_sql(job)}")
    except duckdb.InterruptException:  # Ctrl-C: stop, rather than go on in the slower reader below
        raise KeyboardInterrupt from None
    except duckdb.Error:
        con.execute("DROP TABLE IF EXISTS __staged0")
        return False
    n = con.execute("SELECT count(*) FROM __staged0").fetchall()[0][0]
    if blank.result() or not n:
        con.execute("DROP TABLE __staged0")
        return False
    first = int(job.raw.meta["header_row"]) + 1
    con.execute(
        f"CREATE TEMP VIEW __staged AS SELECT * REPLACE (rowid + {first} AS __row, rowid + {first} AS __rid) "
        "FROM __staged0"
    )
    con.execute(f"CREATE TEMP TABLE __quar AS {_quarantine_sql(job)}")
    return True


def _prefetch(chunks: Iterator[pa.Table]) -> Iterator[pa.Table]:
    """Parse (and trim) the next chunk in a thread while DuckDB normalises the current one:
    Arrow's CSV reader and DuckDB both release the GIL, so the two overlap on two cores."""
    q: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce() -> None:
        try:
            for c in chunks:
                while not stop.is_set():
                    try:
                        q.put(("chunk", c), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(("done", None))
        except BaseException as exc:  # handed to the consumer (Reread, IngestError, …)
            q.put(("error", exc))

    worker = threading.Thread(target=produce, name="ingest-reader", daemon=True)
    worker.start()
    try:
        while True:
            kind, item = q.get()
            if kind == "chunk":
                yield item
            elif kind == "error":
                raise item
            else:
                return
    finally:
        stop.set()
        worker.join(timeout=5)


def _stage_chunks(job: Job) -> None:
    con = job.con
    # Trim only the mapped columns: exports often carry dozens of columns nobody reads.
    mapped = {i for c in job.cols.values() for i in (c.internal, *c.parts) if i}
    sql = None
    first = True
    # The Arrow reader has trimmed already; every row gets the full control-character test.
    cells = [f"c{i}" for i in range(len(job.raw.headers))]
    for chunk in _prefetch(trim_table(c, mapped) for c in job.raw.chunks()):
        con.register("__chunk", chunk)
        con.execute(_raw_view(job, "(SELECT *, true AS __attn FROM __chunk)", cells, ROW))
        if sql is None or job.table == "statistics":  # statistics looks regions up per chunk
            sql = _record_sql(job)
        rows = chunk.column(ROW)
        lo, hi = (rows[0].as_py(), rows[-1].as_py()) if len(rows) else (0, -1)
        quar = _quarantine_sql(job, lo, hi)
        if first:
            con.execute(f"CREATE TEMP TABLE __staged AS {sql}")
            con.execute(f"CREATE TEMP TABLE __quar AS {quar}")
            first = False
        else:
            con.execute(f"INSERT INTO __staged {sql}")
            con.execute(f"INSERT INTO __quar {quar}")
        con.execute("DROP VIEW raw")
        con.unregister("__chunk")
    if first:  # no chunk at all (cannot happen for the readers above, kept for safety)
        raise IngestError("没有读到任何数据行", file=job.file)


def _run(job: Job) -> ImportSummary:
    con = job.con
    job.step(1)
    _stage(job)
    _checkpoint(job.settings, "staged")
    job.step(2)
    _build_quarantine(job)
    lake = Lake(job.settings.lake_dir)
    job.step(3)
    with lake.transaction() as txn:
        lake.connect(con)  # views on the current version; we hold the write lock
        _plan(job)
        job.step(4)
        if job.counts["loaded"]:
            RESOLVERS[job.table](job)
        job.step(5)
        changed = _write(job, txn)
        _checkpoint(job.settings, "written")
    _checkpoint(job.settings, "committed")
    lake.export_catalog(job.settings.duckdb_path)
    job.step(len(STEPS))
    return _summary(job, changed)


def _raw_json_sql(job: Job, alias: str) -> str:
    pairs = ", ".join(f"{X.q(h)}, {alias}.c{i}" for i, h in enumerate(job.raw.headers))
    return f"CAST(json_object({pairs}) AS VARCHAR)" if pairs else "'{}'"


def _quarantine_sql(job: Job, lo: int | None = None, hi: int | None = None) -> str:
    """Rejected records (of the rows lo…hi when given), each with its raw row as JSON: from the
    staged ``__raw`` column, or for the statistics layouts by a join with the chunk ``raw``."""
    rows = "" if lo is None else f" AND __row BETWEEN {lo} AND {hi}"
    head = f"{X.q(job.import_id)} AS import_id, {X.q(job.file)} AS file, s.__row AS source_row"
    err = "s.__err.field AS field, s.__err.value AS value, s.__err.reason AS reason"
    if job.table != "statistics":
        return f"SELECT {head}, {err}, s.__raw AS raw FROM __staged s WHERE __err IS NOT NULL{rows}"
    return f"""
        SELECT {head}, {err}, {_raw_json_sql(job, "r")} AS raw
        FROM (SELECT __row, __err FROM __staged WHERE __err IS NOT NULL{rows}) s
        -- a yearbook row yields one long row per value: its first stands for the row
        JOIN (SELECT * FROM raw QUALIFY row_number() OVER (PARTITION BY {ROW}) = 1) r
          ON r.{ROW} = s.__row"""


def _ragged_reason(cells: list[str]) -> str:
    """A cell holding a line break in a record of the wrong width: a quote opened and never closed
    swallowed the lines after it (they are not read as records of their own)."""
    if any("\n" in c or "\r" in c for c in cells):
        return "列数不符（引号不成对：其后的行被并入了本行）"
    return "列数不符"


def _build_quarantine(job: Job) -> None:
    con = job.con
    ragged = job.raw.meta.get("ragged") or []
    if ragged:
        n = len(job.raw.headers)
        extra = pa.table(
            {
                "import_id": [job.import_id] * len(ragged),
                "file": [job.file] * len(ragged),
                "source_row": pa.array([r for r, _ in ragged], pa.int64()),
                "field": pa.array([None] * len(ragged), pa.string()),
                "value": [f"{len(cells)} 列（应为 {n} 列）" for _, cells in ragged],
                "reason": [_ragged_reason(cells) for _, cells in ragged],
                "raw": [json.dumps(cells, ensure_ascii=False) for _, cells in ragged],
            }
        )
        con.register("__ragged", extra)
        con.execute("INSERT INTO __quar SELECT * FROM __ragged")
    # Records read: rows for most tables, non-empty cells for a wide statistics layout.
    staged = con.execute("SELECT count(*) FROM __staged").fetchall()[0][0]
    job.counts["read"] = int(staged) + len(ragged)
    job.counts["quarantined"] = con.execute("SELECT count(*) FROM __quar").fetchall()[0][0]


def _plan(job: Job) -> None:
    """Decide per valid row: insert, replace, duplicate, stale or superseded (narrow tables only)."""
    con, table = job.con, job.table
    keys = KEYS[table]
    kcols = ", ".join(X.ident(k) for k in keys)
    on = " AND ".join(f"r.{X.ident(k)} = c.{X.ident(k)}" for k in keys)
    con.execute(
        f"""CREATE TEMP TABLE __keys AS
        SELECT __rid, {kcols}, record_hash, {RECENCY[table]} AS __recency
        FROM __staged WHERE __err IS NULL"""
    )
    repeated = con.execute(
        f"SELECT count(*) FROM (SELECT {kcols} FROM __keys GROUP BY ALL HAVING count(*) > 1)"
    ).fetchall()[0][0]
    if repeated:
        # Within the file the newest row per key wins (equal dates: the later row).
        ranked = f"""SELECT k.*, w.__rn FROM __keys k JOIN (
              SELECT __rid, row_number() OVER (PARTITION BY {kcols}
                                               ORDER BY __recency DESC NULLS LAST, __rid DESC) AS __rn
              FROM __keys) w USING (__rid)"""
    else:
        ranked = "SELECT *, 1 AS __rn FROM __keys"
    semi = " AND ".join(f"c.{X.ident(k)} = k.{X.ident(k)}" for k in keys)
    # The stored records with a key in this file; their hash is recomputed from their content.
    con.execute(
        f"""CREATE TEMP TABLE __plan AS
        WITH cur0 AS (SELECT c.* FROM {table} c SEMI JOIN __keys k ON {semi}),
        cur AS (
          SELECT {kcols}, {hash_sql(table)} AS __old_hash, record_hash AS __old_stored,
                 import_id AS __old_import, {RECENCY[table]} AS __old_recency
          FROM cur0)
        SELECT r.*, c.__old_hash, c.__old_stored, c.__old_import,
          CASE WHEN r.__rn > 1 THEN 'superseded'
               WHEN c.__old_hash IS NULL THEN 'insert'
               WHEN c.__old_hash = r.record_hash THEN 'duplicate'
               WHEN r.__recency IS NULL OR c.__old_recency IS NULL OR r.__recency >= c.__old_recency
                 THEN 'replace'
               ELSE 'stale' END AS __action
        FROM ({ranked}) r LEFT JOIN cur c ON {on}"""
    )
    counts = dict(con.execute("SELECT __action, count(*) FROM __plan GROUP BY 1").fetchall())
    job.counts["inserted"] = counts.get("insert", 0)
    job.counts["replaced"] = counts.get("replace", 0)
    job.counts["loaded"] = job.counts["inserted"] + job.counts["replaced"]
    job.counts["duplicates"] = sum(counts.get(a, 0) for a in ("superseded", "duplicate", "stale"))
    job.counts["stale"] = counts.get("stale", 0)
    # Rows to write (a view: nothing is copied). A first import of distinct keys writes every
    # valid row, so no join with the plan is needed.
    if job.counts["inserted"] == sum(counts.values()):
        todo = "SELECT s.* FROM __staged s WHERE s.__err IS NULL"
    else:
        todo = (
            "SELECT s.* FROM __staged s SEMI JOIN "
            "(SELECT __rid FROM __plan WHERE __action IN ('insert', 'replace')) p USING (__rid)"
        )
    con.execute(f"CREATE OR REPLACE TEMP VIEW __todo AS {todo}")


def _final_sql(job: Job) -> str:
    """New and replacing records with lineage and resolved columns, in canonical column order."""
    resolved = [
        f.name
        for f in TABLES[job.table]
        if f.name in ("adcode", "city_code", "province_code", "country") or f.name in RESOLVER_FIELDS
    ]
    sel = []
    for f in TABLES[job.table]:
        n = f.name
        if n in resolved:
            sel.append(f"z.{n}")
        elif n == "region_level":
            sel.append("coalesce(z.region_level, 'none') AS region_level")
        elif n == "import_id":
            sel.append(f"{X.q(job.import_id)} AS import_id")
        elif n == "source_hash":
            sel.append(f"{X.q(job.source_hash)} AS source_hash")
        elif n == "source_row":
            sel.append("p.__row AS source_row")
        elif n == "is_demo":
            sel.append(f"{'true' if job.is_demo else 'false'} AS is_demo")
        else:
            sel.append(f"p.{X.ident(n)}")
    join = job.resolve_join if resolved else ""
    return f"SELECT {', '.join(sel)} FROM __todo p {join}"


def _write(job: Job, txn: Any) -> bool:
    con, table = job.con, job.table
    c = job.counts
    if c["read"] != c["loaded"] + c["duplicates"] + c["quarantined"]:
        # Checked inside the transaction: a violation discards the whole import.
        raise IngestError(
            f"internal error: read {c['read']} ≠ loaded {c['loaded']} + duplicates {c['duplicates']} "
            f"+ quarantined {c['quarantined']}",
            file=job.file,
        )
    changed = False
    if job.counts["loaded"]:
        final = _final_sql(job)
        if job.counts["replaced"] == 0:
            txn.write_query(table, con, final, append=True)
        else:
            keys = KEYS[table]
            match = " AND ".join(f"p.{X.ident(k)} = c.{X.ident(k)}" for k in keys)
            keep = (
                f"SELECT * FROM {table} c WHERE NOT EXISTS "
                f"(SELECT 1 FROM __plan p WHERE p.__action = 'replace' AND {match})"
            )
            txn.write_query(table, con, f"{keep} UNION ALL BY NAME ({final})")
        changed = True
    if job.counts["replaced"]:
        txn.write_query(
            "replacements",
            con,
            f"""SELECT {X.q(job.import_id)} AS import_id, {X.q(table)} AS "table",
                   {key_sql(table, "p")} AS key, p.__old_stored AS old_record_hash,
                   p.record_hash AS new_record_hash, p.__old_import AS old_import_id
            FROM __plan p WHERE p.__action = 'replace'""",
            append=True,
        )
    if job.counts["quarantined"]:
        fresh = _new_quarantine_sql(job)
        if fresh is not None:
            txn.write_query("quarantine", con, fresh, append=True)
    finished = dt.datetime.now().replace(microsecond=0)
    job.counts["finished"] = int(finished.timestamp())
    row = {
        "import_id": job.import_id,
        "table": table,
        "file": job.file,
        "source_hash": job.source_hash,
        "profile": job.profile.label,
        "started_at": job.started_at,
        "finished_at": finished,
        "read": job.counts["read"],
        "loaded": job.counts["loaded"],
        "inserted": job.counts["inserted"],
        "replaced": job.counts["replaced"],
        "duplicates": job.counts["duplicates"],
        "quarantined": job.counts["quarantined"],
        "is_demo": job.is_demo,
    }
    txn.write_arrow("imports", pa.Table.from_pylist([row], schema=arrow_schema("imports")), append=True)
    return changed


def _new_quarantine_sql(job: Job) -> str | None:
    """The bad rows not yet recorded for this content; None when every one already is.

    A quarantine row is identified by (table, source_hash, source_row, field, reason), the first
    two through its import's ``imports`` entry. Re-importing a file (under any name) records nothing
    new: the rows keep the import id (and file name) of the import that first found them, and an
    import's report finds its rows through the source hash (see ``ipatlas.ingest.history``).
    Within one import a key may repeat (one wide statistics row, several bad records): kept.
    """
    con = job.con
    seen = con.execute(
        'SELECT count(*) FROM imports WHERE "table" = ? AND source_hash = ?', [job.table, job.source_hash]
    ).fetchall()[0][0]
    if not seen:
        return "SELECT * FROM __quar ORDER BY source_row"
    con.execute(
        f"""CREATE TEMP TABLE __quar_new AS SELECT q.* FROM __quar q WHERE NOT EXISTS (
              SELECT 1 FROM quarantine o JOIN imports i USING (import_id)
              WHERE i."table" = {X.q(job.table)} AND i.source_hash = {X.q(job.source_hash)}
                AND o.source_row = q.source_row AND o.field IS NOT DISTINCT FROM q.field
                AND o.reason = q.reason)"""
    )
    if not con.execute("SELECT count(*) FROM __quar_new").fetchall()[0][0]:
        return None
    return "SELECT * FROM __quar_new ORDER BY source_row"


def _summary(job: Job, changed: bool) -> ImportSummary:
    con = job.con
    sample = [
        QuarantineSample(row=r[0], field=r[1], value=r[2], reason=r[3])
        for r in con.execute(
            f"SELECT source_row, field, value, reason FROM __quar ORDER BY source_row LIMIT {SAMPLE_SIZE}"
        ).fetchall()
    ]
    reasons = dict(
        con.execute("SELECT reason, count(*) FROM __quar GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    )
    c = job.counts
    return ImportSummary(
        import_id=job.import_id,
        table=job.table,
        file=job.file,
        profile=job.profile.label,
        columns={f: c.header for f, c in job.cols.items()},
        source_hash=job.source_hash,
        read=c["read"],
        loaded=c["loaded"],
        inserted=c["inserted"],
        replaced=c["replaced"],
        duplicates=c["duplicates"],
        quarantined=c["quarantined"],
        is_demo=job.is_demo,
        quarantine_sample=sample,
        quarantine_reasons=reasons,
        seconds=round(time.perf_counter() - job.t0, 3),
        started_at=job.started_at,
        finished_at=dt.datetime.fromtimestamp(c["finished"]),
        data_version_changed=changed,
    )


def import_gi_builtin(settings: Settings, *, progress: ProgressCallback | None = None) -> ImportSummary:
    """Load the national GI product list (2005–2023) from ``<shared_dir>/data``."""
    from ipatlas.ingest.gi import BUILTIN_FILE, builtin_path

    path = builtin_path(settings)
    if not path.is_file():
        raise SharedDataMissing(
            f"内置地理标志数据不存在：{path}（需要 ../shared/data/{BUILTIN_FILE}，或设置 IPATLAS_SHARED_DIR）"
        )
    return import_file(settings, "gi", path, "standard", demo=False, progress=progress)
