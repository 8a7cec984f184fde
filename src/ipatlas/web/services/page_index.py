"""Derived DuckDB database files the pages read on large lakes, built once per lake version and shared by
every web worker: the patent counts by page dimension (``agg_patents``) and a slim copy of the
patents sorted by region and filing date (``patents_list``: a county-year page then reads one
row group through the zone maps instead of scanning every record).

On a small lake each worker keeps both in memory (see ``source.DataSource``); above
``Settings.page_files_min_rows`` records that would cost every worker gigabytes and a long first
request, so the first worker that needs a file builds it under an exclusive lock file and the
others wait for it (or, for the record list, read the lake until it is there). Each file holds one
table of that name and is attached read-only by every worker (DuckDB's own storage: its zone maps
and metadata make a filtered read a few milliseconds, where the same Parquet file costs tens).
Files are written under a temporary name and renamed, so a reader never sees half a file. The
build lock is an ``flock`` on the lock file: the kernel drops it when its holder dies, so the lock of
a killed builder is taken over at once (and its half-written file removed), never waited for.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
from pathlib import Path

import duckdb

from ipatlas.config import Settings
from ipatlas.ingest.sqlexpr import q
from ipatlas.store.lake import Lake

log = logging.getLogger(__name__)

try:
    import fcntl
except ImportError:  # Windows: an exclusive create stands in (a killed builder's lock then stays)
    fcntl = None  # type: ignore[assignment]

BUILD_MEMORY = "4GB"  # a worker's background build must not starve the server


def attach(con: duckdb.DuckDBPyConnection, path: Path, name: str) -> str:
    """Attach the file read-only (any number of workers may) and return ``alias.table``."""
    alias = f"__page_{name}"
    con.execute(f"ATTACH IF NOT EXISTS {q(str(path))} AS {alias} (READ_ONLY)")
    return f"{alias}.{name}"


def index_dir(settings: Settings, version: int) -> Path:
    return settings.data_dir / "cache" / "pages" / str(version)


def existing(settings: Settings, version: int, name: str) -> Path | None:
    path = index_dir(settings, version) / f"{name}.duckdb"
    return path if path.is_file() else None


def _take_lock(lock: Path) -> int | None:
    """A file descriptor holding the build lock, or None while a live builder holds it."""
    if fcntl is None:
        try:
            return os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return None
    fd = os.open(lock, os.O_CREAT | os.O_WRONLY, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # held by a live process
        os.close(fd)
        return None
    return fd


def _remove_orphans(directory: Path, name: str) -> None:
    """Half-written files of builders that died (only the lock holder calls this)."""
    for leftover in directory.glob(f".{name}.*.tmp*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _prune(settings: Settings, keep: int) -> None:
    """Remove the files of older lake versions (a worker still reading one keeps its open file)."""
    root = settings.data_dir / "cache" / "pages"
    for d in root.iterdir() if root.is_dir() else []:
        if d.is_dir() and d.name.isdigit() and int(d.name) < keep:
            shutil.rmtree(d, ignore_errors=True)


def ensure(settings: Settings, version: int, name: str, select_sql: str, *, wait_s: float) -> Path | None:
    """The file ``name`` of this lake version: existing, built now (``select_sql`` over the lake's
    views), or built by another worker within ``wait_s`` seconds; None when none is ready."""
    found = existing(settings, version, name)
    if found is not None:
        return found
    target = index_dir(settings, version) / f"{name}.duckdb"
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.with_suffix(".lock")
    fd = _take_lock(lock)
    if fd is None:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if target.is_file():
                return target
            time.sleep(0.2)
        return existing(settings, version, name)
    try:
        found = existing(settings, version, name)
        if found is not None:  # built by the holder this lock was taken over from
            return found
        _remove_orphans(target.parent, name)
        _build(settings, name, select_sql, target)
        _prune(settings, version)
        return target
    finally:
        if fcntl is None:
            lock.unlink(missing_ok=True)
        os.close(fd)  # releases the flock; the lock file stays, so every process locks one inode


def _build(settings: Settings, name: str, select_sql: str, target: Path) -> None:
    tmp = target.with_name(f".{name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        spill = settings.data_dir / ".duckdb-tmp"
        spill.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(config={"memory_limit": BUILD_MEMORY, "temp_directory": str(spill)})
        try:
            Lake(settings.lake_dir).connect(con)
            con.execute(f"ATTACH {q(str(tmp))} AS __out")
            con.execute(f"CREATE TABLE __out.{name} AS {select_sql}")
            con.execute("DETACH __out")  # checkpoints: the file is complete before the rename
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)


def build_in_background(settings: Settings, version: int, name: str, select_sql: str) -> None:
    """Build the file in a daemon thread (the caller reads the lake until it exists)."""

    def run() -> None:
        try:
            ensure(settings, version, name, select_sql, wait_s=0)
        except (duckdb.Error, OSError) as exc:  # the pages keep reading the lake
            log.warning("页面索引 %s 构建失败：%s", name, exc)

    threading.Thread(target=run, name=f"page-index-{name}", daemon=True).start()
