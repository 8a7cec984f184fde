"""Large-lake page files (``ipatlas.web.services.page_index``): built once per lake version under a
lock, shared by the workers, and giving the same pages as the in-memory tables of a small lake."""

from __future__ import annotations

import fcntl
import threading
import time
from pathlib import Path

from ipatlas.config import Settings
from ipatlas.web.services import analysis, page_index, records
from ipatlas.web.services.source import AGG_SELECT, DataSource


def _wait_for_list(s: Settings, version: int, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = page_index.existing(s, version, "patents_list")
        if found is not None:
            return found
        time.sleep(0.1)
    raise AssertionError("the sorted record list was not built")


def test_large_lake_pages_equal_the_in_memory_ones(web_settings: Settings, tmp_path: Path) -> None:
    small = DataSource(web_settings)
    # the same lake, read as a "large" one (page files under data/cache/pages)
    big_settings = web_settings.model_copy(update={"page_files_min_rows": 0})
    big = DataSource(big_settings)
    version = big.version
    big.cursor()  # builds the count table now, the record list in the background
    assert page_index.existing(big_settings, version, "agg_patents") is not None
    _wait_for_list(big_settings, version)
    big.cursor()  # attaches the list once it is there
    assert not big._list_pending
    for region, year in (("500000", 2021), ("500112", 2020), ("500103", 2019)):
        assert analysis.overview(big, region, year) == analysis.overview(small, region, year)
        for q in (
            records.RecordQuery(region=region, year=year),
            records.RecordQuery(region=region, year=year, kind="invention", page=2, size=20),
            records.RecordQuery(region=region, q="科技"),
        ):
            assert records.list_records(big, q) == records.list_records(small, q), q
    small.close()
    big.close()


def test_one_build_under_concurrent_requests(web_settings: Settings, tmp_path: Path) -> None:
    """Several workers asking at once: one builds, the others wait and read the same file."""
    s = web_settings.model_copy(update={"data_dir": tmp_path / "data", "page_files_min_rows": 0})
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "lake").symlink_to(web_settings.lake_dir, target_is_directory=True)
    got: list[Path | None] = []
    builds: list[int] = []
    sql = f"SELECT *, (SELECT count(*) FROM patents) AS __n FROM ({AGG_SELECT})"

    def ask() -> None:
        path = page_index.ensure(s, 7, "agg_patents", sql, wait_s=60)
        got.append(path)
        if path is not None:
            builds.append(path.stat().st_ino)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4 and all(p == got[0] for p in got) and got[0] is not None
    assert len(set(builds)) == 1  # one file, built once (a rebuild would replace the inode)
    left = sorted(p.name for p in page_index.index_dir(s, 7).iterdir())
    assert left == ["agg_patents.duckdb", "agg_patents.lock"]  # no temporary or WAL file left behind


def test_a_dead_builders_lock_is_taken_over_at_once_and_old_versions_pruned(
    web_settings: Settings, tmp_path: Path
) -> None:
    """A builder killed mid-build leaves its lock file and a half-written file: the next worker
    builds at once (no process holds the lock, however recent the file) and removes the half file;
    a live builder's lock is respected."""
    s = web_settings.model_copy(update={"data_dir": tmp_path / "data", "page_files_min_rows": 0})
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "lake").symlink_to(web_settings.lake_dir, target_is_directory=True)
    old = page_index.index_dir(s, 5)
    old.mkdir(parents=True)
    (old / "agg_patents.duckdb").write_bytes(b"old version")
    d = page_index.index_dir(s, 9)
    d.mkdir(parents=True)
    lock = d / "agg_patents.lock"
    lock.write_text("dead builder")  # just written: a dead builder is told by the kernel, not by age
    half = d / ".agg_patents.4242.1.tmp"
    half.write_bytes(b"half a file")
    path = page_index.ensure(s, 9, "agg_patents", AGG_SELECT, wait_s=0)
    assert path is not None and path.is_file() and not half.exists()
    assert not old.exists()  # an older lake version's files are removed once the new one is built
    # a live builder (here this process, on its own open file description) is respected
    lock2 = d / "patents_list.lock"
    with lock2.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert page_index.ensure(s, 9, "patents_list", "SELECT 1 AS x", wait_s=0.3) is None
    assert page_index.ensure(s, 9, "patents_list", "SELECT 1 AS x", wait_s=0) is not None


def test_pages_still_served_when_the_cache_cannot_be_written(web_settings: Settings, tmp_path: Path) -> None:
    """A data directory whose cache cannot be written (here a file where the folder should be):
    the worker keeps its own count table and reads the record list from the lake, no error."""
    s = web_settings.model_copy(update={"data_dir": tmp_path / "data", "page_files_min_rows": 0})
    (tmp_path / "data").mkdir()
    for entry in web_settings.data_dir.iterdir():  # the lake, the cube, the workflow database …
        if entry.name != "cache":
            (tmp_path / "data" / entry.name).symlink_to(entry)
    (tmp_path / "data" / "cache").write_text("not a folder")
    broken, small = DataSource(s), DataSource(web_settings)
    q = records.RecordQuery(region="500112", year=2020, kind="invention")
    assert records.list_records(broken, q) == records.list_records(small, q)
    assert analysis.overview(broken, "500112", 2020) == analysis.overview(small, "500112", 2020)
    time.sleep(0.5)  # the background build has failed by now; the worker still reads the lake
    assert broken._list_pending and records.list_records(broken, q.model_copy(update={"page": 2})) == (
        records.list_records(small, q.model_copy(update={"page": 2}))
    )
    broken.close()
    small.close()


def test_prepare_builds_both_files_before_serving(web_settings: Settings, tmp_path: Path) -> None:
    """What ``bench serve`` (and an operator) runs before the workers start: both shared files
    exist afterwards, so no first request reads the whole lake."""
    s = web_settings.model_copy(update={"data_dir": tmp_path / "data", "page_files_min_rows": 0})
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "lake").symlink_to(web_settings.lake_dir, target_is_directory=True)
    source = DataSource(s)
    try:
        assert source.prepare_page_files() > 0
        version = source.stamps()[0]
        for name in ("agg_patents", "patents_list"):
            assert page_index.existing(s, version, name) is not None, name
    finally:
        source.close()
    small = DataSource(web_settings.model_copy(update={"page_files_min_rows": 10**9}))
    try:
        assert small.prepare_page_files() == 0.0  # a small lake keeps its tables in each worker
    finally:
        small.close()
