"""Where page data come from: the lake (through one cached DuckDB connection) and the libraries."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import duckdb
from starlette.types import ASGIApp, Receive, Scope, Send

from ipatlas.config import Settings
from ipatlas.indicators.cube import cube_root
from ipatlas.regions.groups import GROUPS_FILE
from ipatlas.store.lake import Lake
from ipatlas.web.services import page_index
from ipatlas.web.services.common import ResultCache

AGG_SELECT = """
SELECT adcode, city_code, province_code,
       year(filing_date) AS fy, year(grant_date) AS gy,
       kind, applicant_type, legal_status,
       pct_app_no IS NOT NULL AS pct, substr(ipc_main, 1, 1) AS ipc_section,
       bool_or(is_demo) AS is_demo, count(*) AS n
FROM patents GROUP BY ALL
"""
AGG_SQL = f"CREATE OR REPLACE TABLE agg_patents AS {AGG_SELECT}"
LIST_COLUMNS = (
    "app_no, kind, filing_date, grant_date, title, first_applicant, applicant_type, legal_status, ipc_main,"
    " adcode, city_code, province_code, pct_app_no, cited_by, is_demo, import_id, source_row"
)
# Region first: a page's filter on one region reads only that region's zone of a sorted table.
REGION_ORDER = "province_code, city_code, adcode"
LIST_SELECT = f"SELECT {LIST_COLUMNS} FROM patents ORDER BY {REGION_ORDER}, filing_date"
AGG_FILE_SELECT = f"{AGG_SELECT} ORDER BY {REGION_ORDER}, fy"  # the shared file, sorted for zone maps
# Record-list filters the aggregate can count (the others need the records themselves).
AGG_FILTERS = frozenset({"region", "year", "grant_year", "kind", "applicant_type", "legal_status", "pct"})


def web_threads(settings: Settings) -> int:
    """DuckDB threads of one worker's page queries: the cores shared out among the workers."""
    if settings.web_duckdb_threads:
        return settings.web_duckdb_threads
    return max(1, (os.cpu_count() or 1) // max(1, settings.workers))


# The stamps of the lake, the cube and the region groups, read once per request: one response
# shows one version of each, and the three stat calls per cached lookup (a record page makes
# dozens) were 14 % of a worker's time under load.
_REQUEST_STAMPS: ContextVar[dict[str, Any] | None] = ContextVar("ipatlas_request_stamps", default=None)


class StampsPerRequest:
    """ASGI middleware: gives each HTTP request its own (lazily filled) memo of the stamps.
    Outside a request (tests, background threads) every lookup reads them afresh."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _REQUEST_STAMPS.set({})
        try:
            await self.app(scope, receive, send)
        finally:
            _REQUEST_STAMPS.reset(token)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (st.st_ino, st.st_mtime_ns)


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
        self._cube_pointer = cube_root(settings) / "CURRENT"
        self._groups_file = settings.data_dir / GROUPS_FILE
        self._list_pending = False

    @property
    def version(self) -> int:
        path = self.lake.root / "_manifest.json"
        try:
            return path.stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    @property
    def cube_version(self) -> tuple[int, int]:
        """Identity of the indicator cube's CURRENT pointer (replaced atomically by each compute)."""
        return _stamp(self._cube_pointer)

    @property
    def groups_version(self) -> tuple[int, int]:
        """Identity of the user's region-groups file (replaced atomically by each save)."""
        return _stamp(self._groups_file)

    def stamps(self) -> tuple[int, tuple[int, int], tuple[int, int]]:
        """(lake version, cube version, groups version): once per request (see above)."""
        memo = _REQUEST_STAMPS.get()
        if memo is not None and "stamps" in memo:
            return memo["stamps"]  # type: ignore[no-any-return]
        stamps = (self.version, self.cube_version, self.groups_version)
        if memo is not None:
            memo["stamps"] = stamps
        return stamps

    def cursor(self) -> duckdb.DuckDBPyConnection:
        version = self.stamps()[0]
        with self._lock:
            if self._con is None or version != self._version:
                con = duckdb.connect()
                con.execute(f"SET threads TO {web_threads(self.settings)}")
                self.lake.connect(con)
                self._page_tables(con, version)
                if self._con is not None:
                    self.results.clear()
                self._con, self._version = con, version
            elif self._list_pending:
                self._attach_list(self._con, version)
            return self._con.cursor()

    def _page_tables(self, con: duckdb.DuckDBPyConnection, version: int) -> None:
        """``agg_patents`` (patent counts by every dimension the pages filter on: each chart reads
        a few hundred rows instead of all records) and ``patents_list`` (a slim copy sorted by
        region and date: zone maps make a county-year page a few milliseconds). In memory on a
        small lake; on a large one as files shared by the workers (``page_index``)."""
        if self._pages_in_memory():
            con.execute(AGG_SQL)
            con.execute(f"CREATE OR REPLACE TABLE patents_list AS {LIST_SELECT}")
            self._list_pending = False
            return
        try:
            agg = page_index.ensure(self.settings, version, "agg_patents", AGG_FILE_SELECT, wait_s=300)
        except (OSError, duckdb.Error) as exc:  # e.g. a full or read-only disk: serve anyway
            logging.getLogger("ipatlas.web").warning("页面索引 agg_patents 未能写入：%s", exc)
            agg = None
        if agg is None:  # no shared file (another worker's build failed): this worker's own copy
            con.execute(AGG_SQL)
        else:
            table = page_index.attach(con, agg, "agg_patents")
            con.execute(f"CREATE OR REPLACE VIEW agg_patents AS SELECT * FROM {table}")
        # Until the sorted copy exists the list reads the lake (slower, same rows).
        con.execute(f"CREATE OR REPLACE VIEW patents_list AS SELECT {LIST_COLUMNS} FROM patents")
        self._list_pending = True
        if not self._attach_list(con, version):
            page_index.build_in_background(self.settings, version, "patents_list", LIST_SELECT)

    def _pages_in_memory(self) -> bool:
        """A small lake: each worker keeps its page tables in memory (no shared files)."""
        return self.lake.rows("patents") <= self.settings.page_files_min_rows

    def prepare_page_files(self) -> float:
        """Build this lake version's shared page files now, both (a large lake's first worker
        otherwise builds the record list in the background while its pages read the lake);
        seconds spent, 0 on a small lake (its tables live in each worker)."""
        version = self.stamps()[0]
        if self._pages_in_memory():
            return 0.0
        t0 = time.perf_counter()
        page_index.ensure(self.settings, version, "agg_patents", AGG_FILE_SELECT, wait_s=600)
        page_index.ensure(self.settings, version, "patents_list", LIST_SELECT, wait_s=600)
        return time.perf_counter() - t0

    def _attach_list(self, con: duckdb.DuckDBPyConnection, version: int) -> bool:
        path = page_index.existing(self.settings, version, "patents_list")
        if path is None:
            return False
        table = page_index.attach(con, path, "patents_list")
        con.execute(f"CREATE OR REPLACE VIEW patents_list AS SELECT * FROM {table}")
        self._list_pending = False
        return True

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._version = None, None

    def cached(self, name: str, params: dict[str, Any], compute: Callable[[], Any]) -> Any:
        # Keyed by the lake, the cube and the region groups' versions: page data built from the
        # cube change when it is recomputed, and a group's pages when its members change.
        params_key = tuple(sorted((k, repr(v)) for k, v in params.items()))
        key = (*self.stamps(), name, params_key)
        return self.results.get_or_compute(key, compute)

    def has_demo(self, table: str = "patents") -> bool:
        cur = self.cursor()
        row = cur.execute(f"SELECT bool_or(is_demo) FROM {table}").fetchone()
        return bool(row and row[0])
