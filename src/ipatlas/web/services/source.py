"""Where page data come from: the lake (through one cached DuckDB connection) and the libraries."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import duckdb

from ipatlas.config import Settings
from ipatlas.store.lake import Lake
from ipatlas.store.schema import TABLES
from ipatlas.web.services.common import ResultCache


class DataSource:
    """The lake opened once per lake version; each request reads through its own cursor
    (DuckDB cursors are safe across threads), and page data are cached per lake version."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lake = Lake(settings.lake_dir)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._version: int | None = None
        self.results = ResultCache()

    @property
    def version(self) -> int:
        path = self.lake.root / "_manifest.json"
        try:
            return path.stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def cursor(self) -> duckdb.DuckDBPyConnection:
        version = self.version
        with self._lock:
            if self._con is None or version != self._version:
                con = duckdb.connect()
                con.execute("SET threads TO 2")
                self.lake.connect(con)
                # Registered (Python-side) empty tables are invisible to cursors: make them real.
                for table in TABLES:
                    if not self.lake.files(table):
                        con.execute(f"CREATE OR REPLACE TABLE __mat_{table} AS SELECT * FROM __empty_{table}")
                        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM __mat_{table}")
                    con.unregister(f"__empty_{table}")
                if self._con is not None:
                    self.results.clear()
                self._con, self._version = con, version
            return self._con.cursor()

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._version = None, None

    def cached(self, name: str, params: dict[str, Any], compute: Callable[[], Any]) -> Any:
        key = (self.version, name, tuple(sorted((k, repr(v)) for k, v in params.items())))
        return self.results.get_or_compute(key, compute)

    def has_demo(self, table: str = "patents") -> bool:
        cur = self.cursor()
        row = cur.execute(f"SELECT bool_or(is_demo) FROM {table}").fetchone()
        return bool(row and row[0])
