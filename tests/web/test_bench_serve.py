"""``bench serve`` end to end on a tiny scale: several uvicorn workers on PostgreSQL, the shared
page files built before the workers start, every simulated request answered, the burst of
first arrivals reported apart."""

from __future__ import annotations

from ipatlas.config import Settings
from ipatlas.web.bench import run_serve_bench
from ipatlas.web.services import page_index
from ipatlas.web.services.source import DataSource


def test_bench_serve_runs_on_workers_and_postgres(web_settings: Settings, pg_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("IPATLAS_PAGE_FILES_MIN_ROWS", "0")  # the fixture lake counts as large here
    res = run_serve_bench(
        users=3, workers=2, requests_per_user=4, database_url=pg_url, lake=web_settings.data_dir,
        think=(0.0, 0.05),
    )  # fmt: skip
    assert res["errors"] == 0, res["error_samples"]
    assert res["workers"] == 2 and res["database"].startswith("postgresql")
    # each user: dashboard (+ its indicator fragment when a cube exists), map, records, dashboard
    assert res["requests"] >= 3 * 4
    assert set(res["by_endpoint"]) >= {"dashboard", "map", "records"}
    assert res["page_files_s"] > 0
    assert "after_warmup" in res and res["after_warmup"]["skip_s"] == 10.0
    source = DataSource(web_settings.model_copy(update={"page_files_min_rows": 0}))
    try:
        version = source.stamps()[0]
    finally:
        source.close()
    assert page_index.existing(web_settings, version, "patents_list") is not None
