"""Ibis connections over the lake's Parquet files: DuckDB (default, in-process) or PySpark.

Both read the same files listed by :meth:`ipatlas.store.lake.Lake.files`, so the same Ibis
expressions run on either engine.
"""

from __future__ import annotations

import functools
import os
import sys
import uuid
from collections.abc import Sequence
from typing import Any

import duckdb
import ibis
import ibis.expr.types as ir
import pyarrow as pa

from ipatlas.config import Settings
from ipatlas.errors import ConfigError, IndicatorError
from ipatlas.store.lake import Lake
from ipatlas.store.schema import arrow_schema, empty_table

BACKENDS = ("duckdb", "pyspark")
TABLES = ("patents", "trademarks", "gi", "statistics")


@functools.cache
def spark_session(master: str | None = None) -> Any:
    """A local-mode Spark session (one per process; JVM start is slow)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - pyspark is a dependency of the spark extra
        raise ConfigError("未安装 pyspark：pip install 'ipatlas[spark]'") from exc
    cfg = Settings()
    master = master or cfg.spark_master
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # Python workers (RDD maps) use this venv
    spark = (
        SparkSession.builder.master(master)
        .appName("ipatlas-indicators")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(cfg.spark_partitions))
        .config("spark.sql.session.timeZone", "UTC")
        # local mode: many small stages; adaptive re-planning costs more than it saves here
        .config("spark.sql.adaptive.enabled", str(cfg.spark_adaptive).lower())
        .config("spark.driver.memory", cfg.spark_driver_memory)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def connect(backend: str, *, spark: Any = None) -> Any:
    if backend == "duckdb":
        return ibis.duckdb.connect()
    if backend == "pyspark":
        return ibis.pyspark.connect(spark or spark_session())
    raise IndicatorError(f"未知计算后端 {backend!r}；可选 {', '.join(BACKENDS)}", backend=backend)


def lake_view(table: str) -> str:
    return f"lake_{table}"


def lake_schema_tables() -> dict[str, ir.Table]:
    """The lake tables as unbound Ibis tables named by their DuckDB view (canonical schemas).

    Expressions over them compile to SQL that names only the views, so the same SQL serves any
    version of the lake (see :func:`open_lake` and :mod:`ipatlas.indicators.query_plan`)."""
    # nullable throughout, as DuckDB reports Parquet columns (a union needs equal schemas)
    return {
        t: ibis.table(
            ibis.Schema.from_pyarrow(pa.schema([f.with_nullable(True) for f in arrow_schema(t)])),
            name=lake_view(t),
        )
        for t in TABLES
    }


def lake_fact_tables(lake: Lake, names: list[str]) -> dict[str, ir.Table]:
    """The fact tables among ``names`` that the lake holds, as unbound Ibis tables named by their
    DuckDB view (absent tables are left out: their measures are null with a reason)."""
    out: dict[str, ir.Table] = {}
    for t in names:
        # A declared table that was never written is absent too (as on Spark): null with a reason.
        schema = lake.schema(t) if lake.files(t) else None
        if schema is not None:
            nullable = pa.schema([f.with_nullable(True) for f in schema])
            out[t] = ibis.table(ibis.Schema.from_pyarrow(nullable), name=lake_view(t))
    return out


def open_lake(con: duckdb.DuckDBPyConnection, lake: Lake) -> None:
    """Point the fixed view names at the lake's current files (temporary: per connection)."""
    lake.open_views(con, lake_view, temp=True)


def duckdb_lake(lake: Lake) -> Any:
    """An Ibis DuckDB connection with the lake's views opened (for :func:`lake_schema_tables`)."""
    raw = duckdb.connect()
    open_lake(raw, lake)
    return ibis.duckdb.from_connection(raw)


def spark_tables(con: Any, lake: Lake, facts: Sequence[str] = ()) -> dict[str, ir.Table]:
    """PySpark: one temp view per canonical table over the lake's files (empty typed table if none)
    and per fact table among ``facts`` that the lake holds.

    (On DuckDB the engine reads :func:`lake_schema_tables` through the views of :func:`open_lake`.)"""
    out: dict[str, ir.Table] = {}
    for table in (*TABLES, *facts):
        files = [str(f) for f in lake.files(table)]
        if not files:
            if table in TABLES:
                out[table] = ibis.memtable(empty_table(table))
            continue
        name = f"ipatlas_{table}_{uuid.uuid4().hex[:8]}"
        con._session.read.parquet(*files).createOrReplaceTempView(name)
        out[table] = con.table(name)
    return out


class Materializer:
    """Spark: materialise intermediate results as checkpointed temp views; drop them on exit.

    (On DuckDB the same steps are compiled into ``CREATE TEMP TABLE`` statements of a cached plan,
    see :mod:`ipatlas.indicators.query_plan`.)"""

    def __init__(self, con: Any) -> None:
        self.con = con
        self.names: list[str] = []
        self.frames: list[Any] = []

    def __call__(self, expr: ir.Table) -> ir.Table:
        name = f"_ipatlas_tmp_{uuid.uuid4().hex[:10]}"
        self.names.append(name)
        from pyspark.sql import functions as F
        from pyspark.sql.types import DecimalType

        self.con._run_pre_execute_hooks(expr)  # registers in-memory tables used by expr
        df = self.con._session.sql(self.con.compile(expr))
        # Spark SQL reads float literals (0.0) as DECIMAL: keep every measure a double
        df = df.select(
            *[
                F.col(f.name).cast("double").alias(f.name)
                if isinstance(f.dataType, DecimalType)
                else F.col(f.name)
                for f in df.schema.fields
            ]
        )
        # a local checkpoint computes the result now and cuts the lineage: later plans refer to
        # the stored rows, not to the whole history (cached plans nest and grow without bound)
        df = df.localCheckpoint(eager=True)
        df.createOrReplaceTempView(name)
        self.frames.append(df)
        return self.con.table(name)

    def __enter__(self) -> Materializer:
        return self

    def __exit__(self, *exc: object) -> None:
        for name in self.names:
            self.con._session.catalog.dropTempView(name)
        for df in self.frames:
            df.unpersist()
