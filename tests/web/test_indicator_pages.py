"""The pages over the official indicator cube (``ipatlas.indicators``): what they show is what the
library computes, and every value drills down to its records."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fixture_lake import build_lake
from webhelpers import ROOT

from ipatlas.config import Settings
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate
from ipatlas.web import create_app

YEARS = range(2021, 2024)


@pytest.fixture(scope="module")
def cube_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from ipatlas.indicators import compute_cube

    s = Settings(
        data_dir=tmp_path_factory.mktemp("cube") / "data", shared_dir=ROOT.parent / "shared", secret_key="k"
    )
    s.ensure_dirs()
    build_lake(s)
    compute_cube(s, years=list(YEARS), industries=["wipo"])
    with workflow.workflow_session(s) as session:
        workflow.create_user(session, UserCreate(username="ana", password="ana password", role="analyst"))
    return s


@pytest.fixture(scope="module")
def client(cube_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(cube_settings)) as c:
        page = c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        c.post("/login", data={"username": "ana", "password": "ana password", "csrf_token": token})
        yield c


def test_dashboard_fragment_shows_the_library_values(client: TestClient, cube_settings: Settings) -> None:
    from ipatlas.indicators import show

    d = client.get("/dashboard/indicators.json", params={"region": "500000", "year": 2023}).json()
    lib = {r["id"]: r for r in show(cube_settings, "500000", 2023)}
    prev = {r["id"]: r for r in show(cube_settings, "500000", 2022)}
    assert d["message"] is None and len(d["indicators"]) == len(lib)
    for r in d["indicators"]:
        assert r["value"] == lib[r["id"]]["value"] and r["unit"] == lib[r["id"]]["unit"]
        assert r["previous"] == prev[r["id"]]["value"]
    keys = [k["id"] for k in d["key_indicators"]]
    assert keys[0] == "inv_per_10k_pop"
    html = client.get("/dashboard/indicators", params={"region": "500000", "year": 2023}).text
    assert "每万人口发明专利拥有量" in html and "<html" not in html
    # The page itself loads the fragment after rendering.
    page = client.get("/dashboard", params={"region": "500000", "year": 2023}).text
    assert 'hx-get="/dashboard/indicators?region=500000&amp;year=2023"' in page


def test_indicator_value_drills_down_to_its_records(
    client: TestClient, cube_settings: Settings, records: list[dict[str, Any]]
) -> None:
    from ipatlas.indicators import show

    value = next(r for r in show(cube_settings, "500112", 2023) if r["id"] == "pat_app_total")
    d = client.get(
        "/indicators/records.json", params={"region": "500112", "year": 2023, "id": "pat_app_total"}
    ).json()
    expect = sum(1 for r in records if r["adcode"] == "500112" and r["filing_date"].year == 2023)
    assert d["total"] == expect == value["numerator"] == value["value"]
    assert len(d["tables"]["records"]["rows"]) == min(50, expect)
    html = client.get(
        "/indicators/records", params={"region": "500112", "year": 2023, "id": "pat_app_total"}
    ).text
    assert "专利申请量" in html and "/records/CN" in html


def test_map_of_a_catalogue_indicator_equals_the_ranking(client: TestClient, cube_settings: Settings) -> None:
    from ipatlas.indicators import ranking

    d = client.get(
        "/map.json", params={"region": "500000", "year": 2022, "measure": "inv_per_10k_pop"}
    ).json()
    assert d["official"] is True and d["measure_name"] == "每万人口发明专利拥有量"
    lib = {
        r["region_code"]: r["value"]
        for r in ranking(cube_settings, "county", "500000", 2022, "inv_per_10k_pop")
    }
    assert {i["code"]: i["value"] for i in d["items"]} == {
        c: lib.get(c) for c in (i["code"] for i in d["items"])
    }
    assert len(d["items"]) == 38
    item = next(i for i in d["items"] if i["code"] == "500112")
    assert item["link"].startswith("/indicators/records?region=500112&year=2022&id=inv_per_10k_pop")
    assert any(m["id"] == "inv_per_10k_pop" and m["group"] == "指标体系" for m in d["measures"])


def test_catalogue_on_the_data_page(client: TestClient) -> None:
    from ipatlas.indicators import catalog_listing

    d = client.get("/data.json").json()
    assert d["catalog"]["available"] is True and d["catalog"]["message"] is None
    assert [r["id"] for r in d["catalog"]["rows"]] == [
        i["id"] for i in catalog_listing(full=False)["indicators"]
    ]
    assert d["region_groups"]["available"] is True and d["region_groups"]["rows"]
    html = client.get("/data").text
    assert "每万人口发明专利拥有量" in html and d["region_groups"]["rows"][0]["name"] in html


def test_series_endpoint(client: TestClient, cube_settings: Settings) -> None:
    from ipatlas.indicators import series

    got = client.get("/indicators/series.json", params={"region": "500112", "id": "pat_app_total"}).json()
    assert [(r["year"], r["value"]) for r in got] == [
        (r["year"], r["value"]) for r in series(cube_settings, "500112", "pat_app_total")
    ]
    assert [r["year"] for r in got] == list(YEARS)


def test_fragment_without_cube_says_so(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path / "data", shared_dir=ROOT.parent / "shared", secret_key="k")
    s.ensure_dirs()
    build_lake(s)
    from ipatlas.web.services.analysis import overview_indicators
    from ipatlas.web.services.source import DataSource

    d = overview_indicators(DataSource(s), "500000", 2023)
    # the page says what to do in the office's words, never a command line
    assert d["indicators"] == [] and "计算指标" in d["message"] and "ipatlas" not in d["message"]


@pytest.mark.browser
@pytest.mark.slow
def test_dashboard_and_indicator_map_in_chromium(cube_settings: Settings) -> None:
    """The official indicators appear on 总览 (htmx fragment) and as a map, with no JS error."""

    from playwright.sync_api import sync_playwright
    from webhelpers import ARGS, ARTIFACTS, CHROMIUM, serve_in_thread

    errors: list[str] = []
    with serve_in_thread(create_app(cube_settings)) as base, sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        pg = b.new_page(base_url=base, viewport={"width": 1440, "height": 1000})
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto("/login")
        pg.fill("input[name=username]", "ana")
        pg.fill("input[name=password]", "ana password")
        pg.click("button[type=submit]")
        pg.wait_for_url(re.compile(r".*/dashboard.*"))
        pg.goto("/dashboard?region=500000&year=2023")
        pg.wait_for_selector("body[data-indicators-ready='1']", state="attached", timeout=30_000)
        assert pg.locator(".cards.key .card").count() >= 5
        assert "每万人口发明专利拥有量" in pg.text_content(".cards.key")
        pg.wait_for_selector(".cards.key .spark canvas")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "12-dashboard-official-indicators.png"), full_page=True)
        pg.goto("/map?region=500000&year=2022&measure=inv_per_10k_pop")
        pg.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=30_000)
        assert "每万人口发明专利拥有量" in pg.text_content("#map-title")
        pg.screenshot(path=str(ARTIFACTS / "85-map-inv-per-10k.png"), full_page=True)
        for path, name, canvas in [
            ("/evaluation?region=500000&year=2023", "51-evaluation-composite", "#chart-composite canvas"),
            ("/industry?region=500000&year=2023", "41-industry-wipo", "#chart-lq canvas"),
            (
                "/monitor?region=500000&year=2023&measure=inv_per_10k_pop",
                "31-monitor-indicator",
                "#chart-series canvas",
            ),
        ]:
            pg.goto(path)
            pg.wait_for_selector(canvas, timeout=30_000)
            pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        b.close()
    assert not errors, errors


def test_industry_matrix_by_wipo_field(client: TestClient, cube_settings: Settings) -> None:
    from ipatlas.evaluate.layout import cube_matrix

    d = client.get("/industry.json", params={"region": "500000", "year": 2023}).json()
    assert d["axis"].startswith("WIPO")
    codes = [r["code"] for r in d["tables"]["matrix"]["rows"]]
    m = cube_matrix(cube_settings, codes, 2023, "pat_app_total", scheme="wipo")
    # The matrix is the cube's; LQ recomputed here by its definition: (n_rs / n_r) / (n_s / n).
    total = float(m.to_numpy().sum())
    yubei = next(r for r in d["tables"]["lq"]["rows"] if r["code"] == "500112")
    row_total = float(m.loc["500112"].sum())
    for field in m.columns:
        n_rs, n_s = float(m.at["500112", field]), float(m[field].sum())
        if n_s > 0:
            assert yubei[field] == round((n_rs / row_total) / (n_s / total), 2)
    assert sum(r["n"] for r in d["tables"]["composition"]["rows"]) == int(total)


def test_monitor_series_of_a_catalogue_indicator(client: TestClient, cube_settings: Settings) -> None:
    from ipatlas.indicators import series

    d = client.get(
        "/monitor.json", params={"region": "500000", "year": 2023, "measure": "pat_valid_invention"}
    ).json()
    assert d["official"] is True and d["measure_name"] == "有效发明专利量（发明专利拥有量）"
    lib = {r["year"]: r["value"] for r in series(cube_settings, "500000", "pat_valid_invention")}
    rows = {r["year"]: r for r in d["tables"]["series"]["rows"]}
    for y in YEARS:
        assert rows[y]["pat_valid_invention"] == lib[y]
    assert rows[2023]["pat_valid_invention_growth"] == round((lib[2023] - lib[2022]) / lib[2022] * 100, 1)
    yubei = next(r for r in d["tables"]["comparison"]["rows"] if r["code"] == "500112")
    assert yubei["2023"] == next(
        r["value"] for r in series(cube_settings, "500112", "pat_valid_invention") if r["year"] == 2023
    )


def test_evaluation_page_is_the_layout_assessment(client: TestClient, cube_settings: Settings) -> None:
    """综合评价, its JSON API and the layout report show one assessment: the same ranks, rank
    intervals, coordination and LISA clusters (``ipatlas.evaluate.layout_assessment``)."""
    from ipatlas.evaluate import layout_assessment
    from ipatlas.reports.gather import gather_layout

    d = client.get("/evaluation.json", params={"region": "500000", "year": 2023}).json()
    assert d["available"] is True, d["message"]
    a = layout_assessment(cube_settings, "500000", 2023)
    rows = d["tables"]["composite"]["rows"]
    assert len(rows) == 38 and [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    assert {r["code"]: r["rank"] for r in rows} == {u.code: u.rank for u in a.units}
    intervals = {u.code: f"{int(u.rank_low)}–{int(u.rank_high)}" for u in a.units if u.rank_low is not None}
    assert intervals and {r["code"]: r["rank_interval"] for r in rows} == intervals
    for r in rows:  # each rank lies inside its Monte Carlo interval
        lo, hi = (int(x) for x in r["rank_interval"].split("–"))
        assert lo <= r["rank"] <= hi
    coord = {r["code"]: (r["D"], r["band"]) for r in d["tables"]["coordination"]["rows"]}
    assert coord == {
        u.code: (round(u.coordination, 3), u.band) for u in a.units if u.coordination is not None
    }
    assert all(b.endswith(("协调", "失调", "濒临失调")) for _, b in coord.values())
    # the layout report's evaluation is the same assessment
    report = gather_layout(cube_settings, "500000", 2023).evaluation
    assert report is not None
    key = lambda u: (u.rank, u.rank_low, u.rank_high, u.coordination, u.band, u.lisa)  # noqa: E731
    assert {u.code: key(u) for u in report.units} == {u.code: key(u) for u in a.units}


def test_monitor_shows_plan_targets_of_the_region(client: TestClient, cube_settings: Settings) -> None:
    from ipatlas.plans import parse_plan
    from ipatlas.plans import supervision as sv
    from ipatlas.plans.supervision.models import PlanCreate

    empty = client.get("/monitor/targets.json", params={"region": "500000"}).json()
    assert empty["items"] == [] and "规划" in empty["message"]
    seed = ROOT.parent / "shared" / "seeds" / "000_0a5f83c4f7ea3fda.txt"
    with workflow.workflow_session(cube_settings) as s:
        plan = sv.import_plan(s, PlanCreate(parsed=parse_plan(seed)), actor=None)
    assert plan.region_code == "500000"
    d = client.get("/monitor/targets.json", params={"region": "500000"}).json()
    with workflow.workflow_session(cube_settings) as s:
        ref = sv.plan_targets_progress(s, plan.id, source=sv.CubeFigures(cube_settings))
    assert [(i["indicator"], i["status"]) for i in d["items"]] == [(t.indicator, t.status) for t in ref]
    assert d["items"] and all(i["status"] in ("达标", "按进度", "滞后", "无数据") for i in d["items"])
    html = client.get("/monitor/targets", params={"region": "500000"}).text
    assert d["items"][0]["indicator"] in html and "<html" not in html
