"""The cached read path of the indicator cube (one reader per cube version) and of the pages
(page data keyed by lake *and* cube version): the figures served from the caches are the cube's
rows, and a recomputed cube is seen at once, by the library and by the dashboard fragment."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from fastapi.testclient import TestClient
from fixture_lake import IMPORT_ID, _patent, build_lake, make_records
from webhelpers import ROOT

from ipatlas.config import Settings
from ipatlas.errors import NotFoundError
from ipatlas.indicators import compute_cube, cube, series, show
from ipatlas.indicators.cube import reader as cube_reader
from ipatlas.store import workflow
from ipatlas.store.lake import Lake
from ipatlas.store.models import UserCreate
from ipatlas.store.schema import arrow_schema
from ipatlas.web import create_app
from ipatlas.web.services.common import ResultCache

YEARS = [2022, 2023]
COUNTING = "first-ipc+first-applicant"


def _settings(tmp_path_factory: pytest.TempPathFactory, name: str) -> Settings:
    s = Settings(
        data_dir=tmp_path_factory.mktemp(name) / "data", shared_dir=ROOT.parent / "shared", secret_key="k"
    )
    s.ensure_dirs()
    build_lake(s)
    return s


def _reference(s: Settings, region: str, year: int, industry: str = "ALL") -> dict[str, tuple[Any, ...]]:
    """The cube's rows for one region/year, straight from cube.parquet (no reader, no cache)."""
    path = cube.current_dir(s) / "cube.parquet"
    rows = duckdb.execute(
        "SELECT indicator, value, numerator, denominator FROM read_parquet(?) "
        "WHERE region_code = ? AND year = ? AND industry = ? AND counting = ?",
        [str(path), region, year, industry, COUNTING],
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def _figures(rows: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    return {r["id"]: (r["value"], r["numerator"], r["denominator"]) for r in rows}


def _same(a: dict[str, tuple[Any, ...]], b: dict[str, tuple[Any, ...]]) -> bool:
    def norm(t: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple("nan" if isinstance(x, float) and x != x else x for x in t)

    return {k: norm(v) for k, v in a.items()} == {k: norm(v) for k, v in b.items()}


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    s = _settings(tmp_path_factory, "readcache")
    compute_cube(s, years=YEARS, industries=["wipo"])
    return s


def test_show_and_series_equal_the_cube_rows(computed: Settings) -> None:
    s = computed
    wipo = [r["industry"] for r in _industry_rows(s)]
    cases = [(code, y, "ALL") for code in ("500000", "500112", "500103", "500238") for y in YEARS]
    cases += [("500112", 2023, ind) for ind in wipo[:3]]
    for code, year, ind in cases:
        ref = _reference(s, code, year, ind)
        assert ref, (code, year, ind)
        # twice: the first call reads the file, the second is served from the reader's cache
        assert _same(_figures(show(s, code, year, ind)), ref)
        assert _same(_figures(show(s, code, year, ind)), ref)
    # the obviously-correct count behind one figure: patents filed in the county that year
    expect = sum(1 for r in make_records() if r["adcode"] == "500112" and r["filing_date"].year == 2023)
    assert _figures(show(s, "500112", 2023))["pat_app_total"][0] == expect
    got = {r["year"]: r["value"] for r in series(s, "500112", "pat_app_total")}
    assert got == {y: _reference(s, "500112", y)["pat_app_total"][0] for y in YEARS}


def _industry_rows(s: Settings) -> list[dict[str, Any]]:
    path = cube.current_dir(s) / "cube.parquet"
    return [
        {"industry": r[0]}
        for r in duckdb.execute(
            "SELECT DISTINCT industry FROM read_parquet(?) WHERE region_code = '500112' AND year = 2023 "
            "AND industry <> 'ALL' ORDER BY 1",
            [str(path)],
        ).fetchall()
    ]


def test_a_tiny_read_cache_evicts_and_still_serves_the_cube(
    computed: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cube_reader, "READ_CACHE_BYTES", 1)  # every new region evicts the previous one
    for _ in range(2):
        for code in ("500112", "500103", "500106", "500000"):
            assert _same(_figures(show(computed, code, 2023)), _reference(computed, code, 2023))


def test_unknown_region_year_and_industry_are_still_explained(computed: Settings) -> None:
    with pytest.raises(NotFoundError, match="不在指标数据中"):
        show(computed, "999999", 2023)
    with pytest.raises(NotFoundError, match="2030 年不在指标数据中"):
        show(computed, "500112", 2030)
    with pytest.raises(NotFoundError, match="未知产业"):
        show(computed, "500112", 2023, "nope")
    # an industry of a known scheme without records in the region: counts are 0, not missing
    zero = _figures(show(computed, "500238", 2023, "wipo:99"))
    assert zero["pat_app_total"][0] == 0.0


def _add_patents(s: Settings, adcode: str, year: int, n: int) -> None:
    import random

    rnd = random.Random(99)
    rows = []
    for i in range(n):
        rec = _patent(900_000 + i, rnd, adcode, year)
        rec.update(app_no=f"CN{year}9{i:07d}.X", record_hash=f"extra{i}", import_id=IMPORT_ID)
        rows.append(rec)
    with Lake(s.lake_dir).transaction() as txn:
        txn.write_arrow("patents", pa.Table.from_pylist(rows, schema=arrow_schema("patents")), append=True)


@pytest.fixture()
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, TestClient]]:
    s = _settings(tmp_path_factory, "recompute")
    compute_cube(s, years=YEARS, industries=[])
    with workflow.workflow_session(s) as session:
        workflow.create_user(session, UserCreate(username="ana", password="ana password", role="analyst"))
    with TestClient(create_app(s)) as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)
        assert token
        c.post("/login", data={"username": "ana", "password": "ana password", "csrf_token": token.group(1)})
        yield s, c


def test_a_recomputed_cube_replaces_the_cached_figures(fresh: tuple[Settings, TestClient]) -> None:
    s, client = fresh

    def page() -> dict[str, Any]:
        d = client.get("/dashboard/indicators.json", params={"region": "500112", "year": 2023}).json()
        return {r["id"]: r for r in d["indicators"]}

    before = _figures(show(s, "500112", 2023))["pat_app_total"][0]
    assert page()["pat_app_total"]["value"] == before
    _add_patents(s, "500112", 2023, 7)
    # the lake changed, the cube did not: the same figures, flagged as stale
    stale = show(s, "500112", 2023)
    assert _figures(stale)["pat_app_total"][0] == before and stale[0]["flags"]["stale"] is True
    assert page()["pat_app_total"]["value"] == before  # cached under the new lake version
    compute_cube(s, years=YEARS, industries=[])
    # same lake version, new cube version: library and page both serve the new figures
    after = show(s, "500112", 2023)
    assert _figures(after)["pat_app_total"][0] == before + 7
    assert _same(_figures(after), _reference(s, "500112", 2023))
    assert "stale" not in after[0]["flags"]
    row = page()["pat_app_total"]
    assert row["value"] == before + 7 and "stale" not in row["flags"]
    assert cube.cube_info(s)["stale"] is False


def test_result_cache_computes_a_missing_key_once_for_concurrent_callers() -> None:
    cache = ResultCache()
    calls: list[int] = []
    release = threading.Event()

    def compute() -> list[int]:
        calls.append(1)
        release.wait(10)
        return [42]

    results: list[Any] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_compute("k", compute))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    release.set()
    for t in threads:
        t.join(10)
    assert len(calls) == 1 and len(results) == 8 and all(r is results[0] for r in results)


def test_result_cache_recomputes_after_a_failure() -> None:
    cache = ResultCache()

    def boom() -> int:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        cache.get_or_compute("k", boom)
    assert cache.get_or_compute("k", lambda: 5) == 5
    assert cache.get_or_compute("k", lambda: 6) == 5
    # a compute that asks for its own key does not deadlock
    assert cache.get_or_compute("r", lambda: cache.get_or_compute("r", lambda: 1) + 1) == 2
