"""One truth: every figure a page, its `.json` twin, an export or a report shows for a region and a
year equals the catalogue indicator's value in the cube (``ipatlas.indicators.show``)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipatlas.config import Settings
from ipatlas.indicators import ranking, show

YEAR = 2022
REGIONS = ["500000", "500112", "G:cq-metro"]


def cube(settings: Settings, region: str, year: int, industry: str | None = None) -> dict[str, Any]:
    return {r["id"]: r for r in show(settings, region, year, industry)}


def same(page: Any, cube_value: Any) -> bool:
    if cube_value is None:
        return page is None
    return page is not None and abs(float(page) - float(cube_value)) < 1e-9


@pytest.mark.parametrize("region", REGIONS)
def test_pages_show_the_cube(client: TestClient, web_settings: Settings, region: str) -> None:
    now, before = cube(web_settings, region, YEAR), cube(web_settings, region, YEAR - 1)
    checked = 0
    # 总览: cards (value, previous year) and the trend table
    d = client.get("/dashboard.json", params={"region": region, "year": YEAR}).json()
    for card in d["cards"]:
        assert same(card["value"], now[card["id"]]["value"]), card["id"]
        assert same(card["previous"], before[card["id"]]["value"]), card["id"]
        checked += 2
    trend = {r["year"]: r for r in d["tables"]["trend"]["rows"]}
    for key, _label in [c.values() for c in d["tables"]["trend"]["columns"]][1:]:
        assert same(trend[YEAR][key], now[key]["value"]), key
        checked += 1
    # 总览's official indicators: every catalogue indicator with its year-on-year change
    d = client.get("/dashboard/indicators.json", params={"region": region, "year": YEAR}).json()
    for row in d["indicators"]:
        assert same(row["value"], now[row["id"]]["value"]), row["id"]
        assert same(row["previous"], before[row["id"]]["value"]), row["id"]
        checked += 2
    # 资源分析: by kind and by applicant type
    d = client.get("/resources.json", params={"region": region, "year": YEAR}).json()
    kinds = {r["key"]: r["n"] for r in d["tables"]["by_kind"]["rows"]}
    for kind in ("invention", "utility", "design"):
        assert same(kinds[kind], now[f"pat_app_{kind}"]["value"]), kind
    types = {r["key"]: r["n"] for r in d["tables"]["by_applicant_type"]["rows"]}
    for t in ("enterprise", "university", "institute", "government", "individual"):
        assert same(types[t], now[f"share_{t}"]["numerator"]), t
    # 资源分析's applicant structure over the years: the same numerators, year by year
    structure = {r["year"]: r for r in d["tables"]["structure"]["rows"]}
    for y, cubed in ((YEAR, now), (YEAR - 1, before)):
        for t in ("enterprise", "university", "individual"):
            assert same(structure[y].get(t), cubed[f"share_{t}"]["numerator"]), (y, t)
            checked += 1
    checked += 8
    # 资源分析: every kind of right (patents, trademarks, GIs, works, software, plant varieties),
    # registered in the year and held at its end
    from ipatlas.operations.kinds import RESOURCE_RIGHTS

    rights = {r["key"]: r for r in d["tables"]["rights"]["rows"]}
    assert set(rights) == {r.key for r in RESOURCE_RIGHTS}
    for r in RESOURCE_RIGHTS:
        assert same(rights[r.key]["flow"], now[r.flow]["value"]), r.flow
        assert same(rights[r.key]["stock"], now[r.stock]["value"]), r.stock
        checked += 2
    for key in ("work", "software", "variety"):  # the fixture lake holds these (演示数据)
        assert rights[key]["stock"] > rights[key]["flow"] > 0 and rights[key]["is_demo"], key
        assert "演示数据" in rights[key]["label"]
    html = client.get("/resources", params={"region": region, "year": YEAR}).text
    for key in ("work", "software", "variety"):
        assert rights[key]["label"] in html and f"{int(rights[key]['stock']):,}" in html, key
    # 动态监测: the series of every trend indicator, and the sub-regions compared
    for measure in ("pct_app", "gi_total", "pat_valid_invention"):
        d = client.get("/monitor.json", params={"region": region, "year": YEAR, "measure": measure}).json()
        row = next(r for r in d["tables"]["series"]["rows"] if r["year"] == YEAR)
        assert same(row[measure], now[measure]["value"]), measure
        for child in d["tables"]["comparison"]["rows"][:5]:
            assert same(child[str(YEAR)], cube(web_settings, child["code"], YEAR)[measure]["value"])
            checked += 1
        checked += 1
    assert checked > 60


@pytest.mark.parametrize("region", ["500000", "500112"])
def test_operations_rights_show_the_cube(client: TestClient, web_settings: Settings, region: str) -> None:
    """运营's copyright and plant-variety panel: the same catalogue figures as the cube and 资源分析."""
    from ipatlas.operations.kinds import RESOURCE_RIGHTS

    now = cube(web_settings, region, YEAR)
    q = {"region": region, "year": YEAR}
    ops = {r["kind"]: r for r in client.get("/operations.json", params=q).json()["rights"]}
    res = {r["key"]: r for r in client.get("/resources.json", params=q).json()["tables"]["rights"]["rows"]}
    assert set(ops) == {"work", "software", "variety"}
    html = client.get("/operations", params=q).text
    panel = html[html.index('id="ops-rights"') :]
    panel = panel[: panel.index("</table>")]
    for r in (r for r in RESOURCE_RIGHTS if r.key in ops):
        row = ops[r.key]
        assert (row["flow_id"], row["stock_id"]) == (r.flow, r.stock)
        assert same(row["flow"], now[r.flow]["value"]) and same(row["stock"], now[r.stock]["value"]), r.key
        assert (row["flow"], row["stock"]) == (res[r.key]["flow"], res[r.key]["stock"]), r.key
        assert row["stock"] > row["flow"] > 0 and row["is_demo"], r.key  # the fixture lake holds these
        assert f"{int(row['flow']):,}" in panel and f"{int(row['stock']):,}" in panel, r.key
    assert panel.count("（演示数据）") == 3
    # a year the cube does not hold: no figure on either page (the cube's years end in 2023)
    q = {"region": region, "year": 2030}
    ops = {r["kind"]: r for r in client.get("/operations.json", params=q).json()["rights"]}
    res = {r["key"]: r for r in client.get("/resources.json", params=q).json()["tables"]["rights"]["rows"]}
    for key, row in ops.items():
        assert row["flow"] is None and row["stock"] is None, key
        assert res[key]["flow"] is None and res[key]["stock"] is None, key


def test_map_and_drill_down_show_the_cube(client: TestClient, web_settings: Settings) -> None:
    for measure in ("pct_app", "inv_per_10k_pop"):
        d = client.get("/map.json", params={"region": "500000", "year": YEAR, "measure": measure}).json()
        rank = {
            r["region_code"]: r["value"] for r in ranking(web_settings, "county", "500000", YEAR, measure)
        }
        assert {i["code"]: i["value"] for i in d["items"]} == {
            i["code"]: rank.get(i["code"]) for i in d["items"]
        }
    d = client.get(
        "/indicators/records.json", params={"region": "500112", "year": YEAR, "id": "pct_app"}
    ).json()
    assert same(d["figure"]["value"], cube(web_settings, "500112", YEAR)["pct_app"]["value"])
    assert d["weight_total"] == d["figure"]["numerator"]


def test_exports_show_the_cube(client: TestClient, web_settings: Settings) -> None:
    now = cube(web_settings, "500000", YEAR)
    text = client.get(
        "/export/dashboard.csv", params={"region": "500000", "year": YEAR, "table": "trend"}
    ).text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, last = rows[0], next(r for r in rows[1:] if r[0] == str(YEAR))
    assert header[1] == now["pat_app_total"]["name"]
    assert float(last[1]) == now["pat_app_total"]["value"]


def test_layout_report_shows_the_cube(web_settings: Settings, client: TestClient) -> None:
    """The 布局 report's figure data and the dashboard give the same numbers."""
    from ipatlas.reports.gather import gather_layout

    data = gather_layout(web_settings, "500000", YEAR, evaluate=False)
    now = cube(web_settings, "500000", YEAR)
    for iid, v in data.current.items():
        assert same(v.value, now[iid]["value"]), iid
    page = {
        c["id"]: c["value"]
        for c in client.get("/dashboard.json", params={"region": "500000", "year": YEAR}).json()["cards"]
    }
    for iid, value in page.items():
        assert same(data.current[iid].value, value), iid
    # the report's resource chapter lists every kind of right with the 资源分析 page's figures
    from ipatlas.progress import no_progress
    from ipatlas.reports.layout import _Layout

    rights = client.get("/resources.json", params={"region": "500000", "year": YEAR}).json()
    rows = {r["key"]: r for r in rights["tables"]["rights"]["rows"]}
    layout = _Layout(data, no_progress)
    layout.rights_table()  # the resource chapter's table, as build_layout() writes it
    table = next(t for t in layout.rb.report.tables if "各类知识产权" in t.title)
    shown = {row[0]: row[1:] for row in table.rows}
    for key in ("work", "software", "variety"):
        flow, stock = shown[rows[key]["label"].split("（")[0]]
        assert same(flow, rows[key]["flow"]) and same(stock, rows[key]["stock"]), key
    # the report's technology fields are the industry page's
    fields = client.get("/industry.json", params={"region": "500000", "year": YEAR}).json()
    matrix = {r["code"]: r for r in fields["tables"]["matrix"]["rows"]}
    for row in data.industries[:5]:
        in_units = sum((matrix[c].get(row.id) or 0) for c in matrix)
        assert same(row.applications, cube(web_settings, "500000", YEAR, row.id)["pat_app_total"]["value"])
        assert in_units == row.applications, row.id


def test_navigation_report_shows_the_cube(web_settings: Settings) -> None:
    """专利导航: valid inventions are the catalogue's year-end stock (not today's legal status over a
    filing window), and the applicants' valid inventions add up to it."""
    from ipatlas.reports.navigation import gather_navigation

    fields = [r for r in ranking(web_settings, "province", None, YEAR, "pat_valid_invention") if r["value"]]
    assert fields
    field = next(
        f"wipo:{n:02d}"
        for n in range(1, 36)
        if (cube(web_settings, "500000", YEAR, f"wipo:{n:02d}")["pat_valid_invention"]["value"] or 0) > 0
    )
    nav = gather_navigation(web_settings, field, "500000", year=YEAR)
    want = cube(web_settings, "500000", YEAR, field)["pat_valid_invention"]["value"]
    assert nav.totals["valid_inventions"] == want > 0
    assert sum(a.valid for a in nav.applicants) <= want
    # the window counts, the trend and the county distribution are sums of the cube's values
    w0, w1 = nav.window
    window = range(w0, w1 + 1)
    by_year = {y: cube(web_settings, "500000", y, field) for y in {*window, *nav.trend}}
    every = {y: cube(web_settings, "500000", y) for y in window}
    for key, iid in [
        ("applications", "pat_app_total"),
        ("inventions", "pat_app_invention"),
        ("pct", "pct_app"),
    ]:
        assert nav.totals[key] == sum(by_year[y][iid]["value"] or 0 for y in window), key
    assert nav.totals["all_applications"] == sum(every[y]["pat_app_total"]["value"] or 0 for y in window)
    for y, row in nav.trend.items():
        assert row["apps"] == by_year[y]["pat_app_total"]["value"], y
    assert nav.distribution and all(
        n == sum(cube(web_settings, code, y, field)["pat_app_total"]["value"] or 0 for y in window)
        for code, n in list(nav.distribution.items())[:3]
    )


def test_operations_default_view_is_not_empty(client: TestClient) -> None:
    """With no region chosen, 运营 opens on the region 资源分析 opens on, and its copyright and
    variety figures are there; 100000 still means 全部地区 (no unit of the cube, so no figures)."""
    res = client.get("/resources.json").json()
    ops = client.get("/operations.json").json()
    assert ops["region"] == res["region"] is not None
    assert all(r["flow"] is not None and r["stock"] is not None for r in ops["rights"])
    every = client.get("/operations.json", params={"region": "100000"}).json()
    assert every["region"] is None and all(r["flow"] is None for r in every["rights"])
    assert 'value="100000"' in client.get("/operations", params={"region": "100000"}).text
