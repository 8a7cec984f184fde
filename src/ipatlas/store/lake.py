"""The analytical store: versioned Parquet tables under one manifest, read through DuckDB.

Layout (``<data_dir>/lake``)::

    _manifest.json               {"seq": N, "tables": {"patents": {"files": [...], "rows": n}, ...}}
    patents/v000012-1a2b3c/part-0.parquet
    imports/v000012-1a2b3c/part-0.parquet

A write stages new Parquet files, then swaps the manifest with one atomic ``os.replace``:
a job killed at any point leaves the previous manifest, hence the previous state, intact.
Plain Parquet files listed in a JSON manifest are also what a Spark job reads
(:meth:`Lake.files`), so the same data serves DuckDB and PySpark.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ipatlas.errors import StoreError
from ipatlas.store.schema import (
    CLUSTER,
    FACT_COLUMNS,
    FACT_FIELDS,
    ROW_GROUP_ROWS,
    TABLES,
    arrow_schema,
    empty_table,
    fact_schema,
    is_fact_table,
)

MANIFEST = "_manifest.json"
# Version of the lake layout. A newer release that changes it adds a step to LAKE_UPGRADES and
# bumps this; an older release refuses a lake it cannot read instead of misreading it.
LAKE_FORMAT = 1
GC_GRACE_SECONDS = 300  # readers may still hold views on files of the previous version


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class Lake:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # ---- reading -------------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        path = self.root / MANIFEST
        if not path.exists():
            return {"seq": 0, "format": LAKE_FORMAT, "tables": {}}
        try:
            data: dict[str, Any] = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise StoreError(f"无法读取数据湖清单 {path}：{exc}") from exc
        data.setdefault("format", 1)  # manifests of the first release carry no format
        if int(data["format"]) > LAKE_FORMAT:
            raise StoreError(
                f"数据湖格式 {data['format']} 由更新版本的平台写入（本版本支持 {LAKE_FORMAT}）：请先升级平台"
            )
        return data

    def files(self, table: str) -> list[Path]:
        """Parquet files of the current version of ``table`` (absolute paths)."""
        self._check_table(table)
        entry = self.manifest()["tables"].get(table)
        return [self.root / f for f in entry["files"]] if entry else []

    def rows(self, table: str) -> int:
        entry = self.manifest()["tables"].get(table)
        return int(entry["rows"]) if entry else 0

    def fact_tables(self) -> list[str]:
        """The domain fact tables present in the current version (see ``store.schema.FACT_FIELDS``)."""
        return sorted(t for t in self.manifest()["tables"] if is_fact_table(t))

    def schema(self, table: str) -> pa.Schema | None:
        """The schema of ``table``: canonical tables always; a fact table's from its files
        (None when the table has never been written)."""
        if table in TABLES:
            return arrow_schema(table)
        files = self.files(table)
        return pq.read_schema(files[0]) if files else None

    def read(self, table: str, columns: list[str] | None = None) -> pa.Table:
        files = self.files(table)
        if table not in TABLES:
            t = pq.read_table([str(f) for f in files]) if files else _empty_facts()
            return t.select(columns) if columns else t
        if not files:
            t = empty_table(table)
            return t.select(columns) if columns else t
        return pq.read_table([str(f) for f in files], columns=columns, schema=arrow_schema(table))

    def holds(self, table: str, data: pa.Table) -> bool:
        """True when ``table`` already holds exactly ``data``'s rows, in any order: a publisher
        then leaves the lake untouched (a query's row order may differ from run to run). A table
        never written holds no rows: publishing an empty table writes nothing."""
        if not self.files(table):
            return data.num_rows == 0
        try:
            stored = self.read(table).select(data.column_names).cast(data.schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, KeyError):
            return False
        if stored.num_rows != data.num_rows:
            return False
        keys = [(f.name, "ascending") for f in data.schema if not pa.types.is_nested(f.type)]
        if not keys:
            return bool(stored.equals(data))
        return bool(stored.sort_by(keys).equals(data.sort_by(keys)))

    def relation_sql(self, table: str) -> str:
        """A SQL expression that reads the current version of ``table``."""
        files = self.files(table)
        if not files:
            return empty_relation_sql(table)
        listing = ", ".join(_sql_str(str(f)) for f in files)
        return f"read_parquet([{listing}])"

    def connect(self, con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with one view per canonical table.

        In-memory connections never lock anything, so a web server and an import can run
        side by side; each connection sees the version current when it was opened.
        """
        con = con or duckdb.connect()
        self.open_views(con)
        return con

    def open_views(
        self, con: duckdb.DuckDBPyConnection, name: Callable[[str], str] = str, *, temp: bool = False
    ) -> None:
        """Create (or repoint) one view per canonical table on ``con``, named ``name(table)``;
        ``temp`` views belong to that connection alone (cursors of one database included)."""
        kind = "TEMP VIEW" if temp else "VIEW"
        for table in [*TABLES, *self.fact_tables()]:
            source = self.relation_sql(table)
            con.execute(f'CREATE OR REPLACE {kind} "{name(table)}" AS SELECT * FROM {source}')

    # ---- writing -------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise StoreError(
                    f"the lake at {self.root} is being written by another job; try again"
                ) from exc
            txn = Transaction(self)
            try:
                yield txn
            except BaseException:
                txn.discard()
                raise
            txn.commit()
            self.collect_garbage()

    def collect_garbage(self, grace: float = GC_GRACE_SECONDS) -> int:
        """Remove version directories no longer referenced by the manifest (after a grace period)."""
        referenced = {
            Path(f).parent.as_posix() for e in self.manifest()["tables"].values() for f in e["files"]
        }
        removed = 0
        now = time.time()
        for table_dir in self.root.iterdir():
            if not table_dir.is_dir():
                continue
            for version in table_dir.iterdir():
                rel = version.relative_to(self.root).as_posix()
                if rel in referenced or not version.is_dir():
                    continue
                if now - version.stat().st_mtime >= grace:
                    shutil.rmtree(version, ignore_errors=True)
                    removed += 1
        return removed

    def export_catalog(self, path: Path) -> bool:
        """Best effort: keep a DuckDB database file with views on the current version, for
        analysts who open the data in the DuckDB CLI or a BI tool. Skipped if it is locked."""
        try:
            con = duckdb.connect(str(path))
        except duckdb.Error:
            return False
        try:
            self.connect(con)
        finally:
            con.close()
        return True

    @staticmethod
    def _check_table(table: str) -> None:
        if table not in TABLES and not is_fact_table(table):
            raise StoreError(
                f"unknown table {table!r}; known: {', '.join(TABLES)} or a fact table "
                "(lower-case letters, digits and _)"
            )


@functools.cache
def empty_relation_sql(table: str) -> str:
    """A typed, empty relation of a canonical table written in SQL: read where the table has no files
    yet, on any connection, its cursors and a persisted catalogue alike (a registered Arrow table is
    seen by the registering connection only)."""
    con = duckdb.connect()
    try:
        con.register("t", empty_table(table))
        columns = con.execute("DESCRIBE SELECT * FROM t").fetchall()
    finally:
        con.close()
    select = ", ".join(f'CAST(NULL AS {typ}) AS "{col}"' for col, typ, *_ in columns)
    return f"(SELECT {select} WHERE false)"


def _empty_facts() -> pa.Table:
    return pa.schema([pa.field(f.name, f.type, nullable=f.nullable) for f in FACT_FIELDS]).empty_table()


def _fact_data(table: str, data: pa.Table) -> pa.Table:
    """Check and type a fact table: the common columns present, typed, and ``record_id`` unique."""
    missing = [c for c in FACT_COLUMNS if c not in data.column_names]
    if missing:
        raise StoreError(f"fact table {table!r} lacks the column(s) {', '.join(missing)}")
    schema = fact_schema(data.schema)
    try:
        data = data.select(schema.names).cast(schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as exc:
        raise StoreError(f"fact table {table!r}: {exc}") from exc
    ids = data.column("record_id")
    if ids.null_count or len(ids.unique()) != len(ids):
        raise StoreError(f"fact table {table!r}: record_id must be present and unique")
    return data


class Transaction:
    """Stages table versions; nothing is visible until :meth:`commit` swaps the manifest."""

    def __init__(self, lake: Lake) -> None:
        self.lake = lake
        self.base = lake.manifest()
        self.seq = int(self.base["seq"]) + 1
        self.tag = f"v{self.seq:06d}-{uuid.uuid4().hex[:6]}"
        self.changes: dict[str, dict[str, Any]] = {}
        self._staged: list[Path] = []

    def stage_dir(self, table: str) -> Path:
        """A fresh directory for new Parquet files of ``table``."""
        Lake._check_table(table)
        if table in self.changes:
            raise StoreError(f"{table} written twice in one transaction")
        d = self.lake.root / table / f".tmp-{self.tag}"
        d.mkdir(parents=True, exist_ok=True)
        self._staged.append(d)
        return d

    def write_arrow(self, table: str, data: pa.Table, *, append: bool = False) -> None:
        """Write ``data`` (cast to the canonical schema) as the new version, or append it.

        A fact table (:func:`ipatlas.store.schema.is_fact_table`) keeps its own columns after the
        common ones (``record_id``, region codes, ``is_demo``)."""
        if table in TABLES:
            schema = arrow_schema(table)
            data = data.select(schema.names).cast(schema)
        else:
            Lake._check_table(table)
            data = _fact_data(table, data)
        if table in CLUSTER:
            data = data.sort_by([(k, "ascending") for k in CLUSTER[table]])
        d = self.stage_dir(table)
        pq.write_table(data, d / "part-0.parquet", compression="zstd", row_group_size=ROW_GROUP_ROWS)
        self._record(table, d, data.num_rows, append)

    def write_query(
        self, table: str, con: duckdb.DuckDBPyConnection, sql: str, *, append: bool = False
    ) -> int:
        """Write the result of a DuckDB query (columns in canonical order) as a new version."""
        if table not in TABLES:
            raise StoreError(f"write_query serves canonical tables; use write_arrow for {table!r}")
        schema = arrow_schema(table)
        d = self.stage_dir(table)
        target = d / "part-0.parquet"
        cols = ", ".join(f'"{n}"' for n in schema.names)
        order = ""
        if table in CLUSTER:
            order = " ORDER BY " + ", ".join(f'"{k}" ASC NULLS LAST' for k in CLUSTER[table])
        con.execute(
            f"COPY (SELECT {cols} FROM ({sql}){order}) TO {_sql_str(str(target))} "
            f"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROW_GROUP_ROWS})"
        )
        meta = pq.read_metadata(target)
        got = meta.schema.to_arrow_schema()
        if got.names != schema.names:
            raise StoreError(f"query for {table} produced columns {got.names}, expected {schema.names}")
        self._record(table, d, meta.num_rows, append)
        return meta.num_rows

    def _record(self, table: str, staged: Path, rows: int, append: bool) -> None:
        final = staged.parent / self.tag
        files = [f"{table}/{self.tag}/{p.name}" for p in sorted(staged.glob("*.parquet"))]
        prev = self.changes.get(table) or self.base["tables"].get(table, {"files": [], "rows": 0})
        if append:
            entry = {"files": [*prev["files"], *files], "rows": int(prev["rows"]) + rows}
        else:
            entry = {"files": files, "rows": rows}
        self.changes[table] = {**entry, "_staged": staged, "_final": final}

    def discard(self) -> None:
        for d in self._staged:
            shutil.rmtree(d, ignore_errors=True)
        self._staged.clear()
        self.changes.clear()

    def commit(self) -> None:
        if not self.changes:
            self.discard()
            return
        for change in self.changes.values():
            os.replace(change["_staged"], change["_final"])
            _fsync_dir(change["_final"])
        tables = dict(self.base["tables"])
        for table, change in self.changes.items():
            tables[table] = {"files": change["files"], "rows": change["rows"]}
        manifest = {
            "seq": self.seq,
            "format": LAKE_FORMAT,
            "committed_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "tables": tables,
        }
        tmp = self.lake.root / f".{MANIFEST}.{self.tag}"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.lake.root / MANIFEST)  # the commit point
        _fsync_dir(self.lake.root)
        self._staged.clear()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
