"""API and page tests against the real app over a real data directory (fixture lake + SQLite)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient
from fixture_lake import IMPORT_ID, SURGE_APPLICANT
from webhelpers import PASSWORDS, csrf_of, login

from ipatlas.config import Settings
from ipatlas.store import workflow
from ipatlas.web import create_app, ensure_demo_admin

CQ = "500000"


def in_region(r: dict[str, Any], code: str) -> bool:
    return code in (r["adcode"], r["city_code"], r["province_code"])


# ---- access ------------------------------------------------------------------------------------
def test_anonymous_sees_only_landing_and_login(anon: TestClient) -> None:
    res = anon.get("/")
    assert res.status_code == 200 and "知识产权资源布局信息平台" in res.text and "登录" in res.text
    assert anon.get("/login").status_code == 200
    for page in ("/dashboard", "/map", "/records", "/data", "/resources", "/monitor", "/admin/users"):
        res = anon.get(page, follow_redirects=False)
        assert res.status_code == 303 and res.headers["location"].startswith("/login"), page
    for api in ("/dashboard.json", "/map.json", "/records.json", "/api/geo/county.json", "/records.csv"):
        res = anon.get(api)
        assert res.status_code == 401 and res.json()["error"] == "LoginRequired", api


def test_login_logout_and_bad_password(anon: TestClient) -> None:
    page = anon.get("/login")
    res = anon.post(
        "/login", data={"username": "analyst", "password": "wrong", "csrf_token": csrf_of(page.text)}
    )
    assert res.status_code == 401 and "用户名或密码错误" in res.text
    login(anon, "analyst")
    res = anon.get("/dashboard")
    assert res.status_code == 200 and "分析员" in res.text
    me = anon.get("/api/me.json").json()
    assert me["user"]["username"] == "analyst" and "password_hash" not in me["user"]
    res = anon.post("/logout", data={"csrf_token": me["csrf_token"]}, follow_redirects=False)
    assert res.status_code == 303
    assert anon.get("/dashboard.json").status_code == 401


def test_every_post_needs_the_csrf_token(anon: TestClient, web_settings: Settings) -> None:
    anon.get("/login")
    res = anon.post("/login", data={"username": "analyst", "password": PASSWORDS["analyst"]})
    assert res.status_code == 403 and "CSRF" in res.text
    login(anon, "admin")
    token = anon.get("/api/me.json").json()["csrf_token"]
    new = {"username": "csrf_victim", "password": "tidal quartz lantern 47", "role": "admin"}
    assert anon.post("/admin/users", data=new).status_code == 403
    assert anon.post("/admin/users", data={**new, "csrf_token": "forged"}).status_code == 403
    assert anon.post("/logout").status_code == 403
    with workflow.workflow_session(web_settings) as s:
        assert "csrf_victim" not in [u.username for u in workflow.list_users(s)]
    # The same request with the token (as a header, the way htmx sends it) goes through.
    res = anon.post(
        "/admin/users",
        data={**new, "username": "csrf_ok"},
        headers={"X-CSRF-Token": token},
        follow_redirects=False,
    )
    assert res.status_code == 303
    with workflow.workflow_session(web_settings) as s:
        assert workflow.get_user(s, username="csrf_ok").role == "admin"


def test_roles(app: Any) -> None:
    with TestClient(app) as c:
        login(c, "viewer")
        assert c.get("/dashboard").status_code == 200
        assert c.get("/admin/users").status_code == 403
        assert c.get("/admin/users.json").status_code == 403
    with TestClient(app) as c:
        login(c, "unit")  # plan-supervision accounts do not see the analysis pages
        assert c.get("/dashboard").status_code == 403
        assert c.get("/records.json").status_code == 403
    with TestClient(app) as c:
        login(c, "admin")
        users = c.get("/admin/users.json").json()
        assert {"admin", "analyst", "viewer", "unit"} <= {u["username"] for u in users}
        assert all("password_hash" not in u for u in users)


def test_admin_changes_role_and_it_applies_at_once(app: Any, web_settings: Settings) -> None:
    with workflow.workflow_session(web_settings) as s:
        from ipatlas.store.models import UserCreate

        temp = workflow.create_user(
            s, UserCreate(username="temp_viewer", password="temp pass 1", role="viewer")
        )
    with TestClient(app) as user, TestClient(app) as adm:
        page = user.get("/login")
        user.post(
            "/login",
            data={"username": "temp_viewer", "password": "temp pass 1", "csrf_token": csrf_of(page.text)},
        )
        assert user.get("/dashboard.json").status_code == 200
        login(adm, "admin")
        token = adm.get("/api/me.json").json()["csrf_token"]
        res = adm.post(
            f"/admin/users/{temp.id}",
            data={"role": "viewer", "unit": "", "csrf_token": token},
            follow_redirects=False,
        )  # "active" unchecked → deactivated
        assert res.status_code == 303
        assert user.get("/dashboard.json").status_code == 401
    with workflow.workflow_session(web_settings) as s:
        log = workflow.list_audit(s, object_type="user", object_id=str(temp.id))
        assert log[0].username == "admin" and log[0].after["active"] is False


def test_ensure_demo_admin_only_on_first_run(settings: Settings) -> None:
    creds = ensure_demo_admin(settings)
    assert creds is not None
    assert ensure_demo_admin(settings) is None
    with workflow.workflow_session(settings) as s:
        user = workflow.authenticate(s, *creds)
        assert user is not None and user.role == "admin"


def test_create_app_builds_nothing_at_import_and_is_per_settings(settings: Settings) -> None:
    a = create_app(settings)
    assert a.state.ctx.settings is settings
    assert (settings.data_dir / "workflow.sqlite").exists()


# ---- pages and their JSON twins ---------------------------------------------------------------
def test_dashboard_counts_match_records(client: TestClient, records: list[dict[str, Any]]) -> None:
    d = client.get("/dashboard.json", params={"region": CQ, "year": 2023}).json()
    cq = [r for r in records if in_region(r, CQ)]
    cards = {c["id"]: c for c in d["cards"]}
    expect_apps = sum(1 for r in cq if r["filing_date"].year == 2023)
    assert cards["pat_app_total"]["value"] == expect_apps
    assert cards["pat_app_total"]["previous"] == sum(1 for r in cq if r["filing_date"].year == 2022)
    assert cards["pat_grant_invention"]["value"] == sum(
        1 for r in cq if r["kind"] == "invention" and r["grant_date"] and r["grant_date"].year == 2023
    )
    assert cards["pct_app"]["value"] == sum(
        1 for r in cq if r["pct_app_no"] and r["filing_date"].year == 2023
    )
    prev = cards["pat_app_total"]["previous"]
    assert cards["pat_app_total"]["change_pct"] == round((expect_apps - prev) / prev * 100, 1)
    assert d["is_demo"] is True and d["region_name"] == "重庆市"
    # The page shows the same numbers, the demo badge and Chinese labels.
    html = client.get("/dashboard", params={"region": CQ, "year": 2023}).text
    assert f"{expect_apps:,}" in html and "演示数据" in html and "专利申请量" in html
    # Every card links to the records behind it, and they add up.
    link = cards["pat_grant_invention"]["link"]
    assert (
        client.get(link.replace("/records", "/records.json")).json()["total"]
        == cards["pat_grant_invention"]["value"]
    )


def test_defaults_pick_the_main_region_and_latest_year(client: TestClient) -> None:
    d = client.get("/dashboard.json").json()
    assert d["region"] == CQ and d["year"] == 2023 and d["years"][0] == 2016


def test_bad_parameters_are_clear_errors(client: TestClient) -> None:
    res = client.get("/dashboard.json", params={"region": "12ab"})
    assert res.status_code == 400 and "区划代码" in res.json()["message"]
    res = client.get("/dashboard", params={"year": "abc"})
    assert res.status_code == 400 and "year" in res.text
    assert client.get("/records/CN000.0.json").status_code == 404
    assert client.get("/export/dashboard.xlsx", params={"table": "nope"}).status_code == 404


def test_resources_breakdowns(client: TestClient, records: list[dict[str, Any]]) -> None:
    d = client.get("/resources.json", params={"region": "500112", "year": 2023}).json()
    sel = [r for r in records if r["adcode"] == "500112" and r["filing_date"].year == 2023]
    by_kind = {r["key"]: r["n"] for r in d["tables"]["by_kind"]["rows"]}
    assert by_kind == dict(Counter(r["kind"] for r in sel))
    top = d["tables"]["top_applicants"]["rows"][0]
    name, n = Counter(r["first_applicant"] for r in sel).most_common(1)[0]
    assert (top["label"], top["n"]) == (name, n) == (SURGE_APPLICANT, 40)
    # A slice links to exactly its records.
    inv = next(r for r in d["tables"]["by_kind"]["rows"] if r["key"] == "invention")
    assert client.get(inv["link"].replace("/records", "/records.json")).json()["total"] == inv["n"]


def test_records_list_filters_pages_and_exports(client: TestClient, records: list[dict[str, Any]]) -> None:
    params = {"region": "500112", "year": 2020, "kind": "invention", "size": 5}
    expect = sorted(
        (
            r
            for r in records
            if r["adcode"] == "500112" and r["filing_date"].year == 2020 and r["kind"] == "invention"
        ),
        key=lambda r: (r["filing_date"], r["app_no"]),
    )
    d = client.get("/records.json", params=params).json()
    assert d["total"] == len(expect) and d["pages"] == -(-len(expect) // 5)
    assert [r["app_no"] for r in d["rows"]] == [
        r["app_no"] for r in sorted(expect, key=lambda r: (-r["filing_date"].toordinal(), r["app_no"]))
    ][:5]
    assert all(r["kind_label"] == "发明" and r["region_name"] == "渝北区" for r in d["rows"])
    page2 = client.get("/records.json", params={**params, "page": 2}).json()
    assert not {r["app_no"] for r in page2["rows"]} & {r["app_no"] for r in d["rows"]}
    # htmx asks for the table only.
    part = client.get("/records", params=params, headers={"HX-Request": "true"}).text
    assert "<table" in part and "<html" not in part
    # Exports hold every matching record, with Chinese headers.
    text = client.get("/records.csv", params=params).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "申请号" and len(rows) - 1 == len(expect)
    assert {r[0] for r in rows[1:]} == {r["app_no"] for r in expect}
    wb = openpyxl.load_workbook(io.BytesIO(client.get("/records.xlsx", params=params).content))
    ws = wb.active
    values = list(ws.values)
    assert values[0][0] == "演示数据" and values[1][0] == "申请号" and len(values) - 2 == len(expect)
    assert ws.freeze_panes == "A3"
    # Text search and applicant filters.
    assert client.get("/records.json", params={"applicant": SURGE_APPLICANT}).json()["total"] == 40


def test_record_detail_traces_to_its_import(client: TestClient, records: list[dict[str, Any]]) -> None:
    rec = records[5]
    d = client.get(f"/records/{rec['app_no']}.json").json()
    assert (
        d["app_no"] == rec["app_no"] and d["import_id"] == IMPORT_ID and d["source_row"] == rec["source_row"]
    )
    html = client.get(f"/records/{rec['app_no']}").text
    assert rec["title"] in html and f"/data/imports/{IMPORT_ID}" in html


def test_monitor_series_and_surge_alert(client: TestClient, records: list[dict[str, Any]]) -> None:
    d = client.get("/monitor.json", params={"region": CQ, "year": 2023}).json()
    rows = {r["year"]: r for r in d["tables"]["series"]["rows"]}
    cq = [r for r in records if in_region(r, CQ)]
    for y in (2016, 2020, 2023):
        assert rows[y]["pat_app_total"] == sum(1 for r in cq if r["filing_date"].year == y)
    assert rows[2016]["pat_app_total_growth"] is None
    assert [a["applicant"] for a in d["alerts"]] == [SURGE_APPLICANT]
    assert d["alerts"][0]["n"] == 40 and d["alerts"][0]["baseline"] == 0
    comp = {r["code"]: r for r in d["tables"]["comparison"]["rows"]}
    assert len(comp) == 38 and comp["500112"]["2023"] == sum(
        1 for r in records if r["adcode"] == "500112" and r["filing_date"].year == 2023
    )


def test_map_values_classes_and_drill_down(client: TestClient, records: list[dict[str, Any]]) -> None:
    d = client.get(
        "/map.json", params={"region": CQ, "year": 2021, "measure": "pat_app_total", "k": 4}
    ).json()
    assert d["level"] == "county" and len(d["items"]) == 38  # every Chongqing county, zeros included
    expect = Counter(
        r["adcode"] for r in records if r["province_code"] == CQ and r["filing_date"].year == 2021
    )
    assert {i["code"]: i["value"] for i in d["items"] if i["value"]} == dict(expect)
    assert d["total"] == sum(expect.values())
    assert 1 <= d["classes"]["k"] <= 4 and d["classes"]["bins"][-1] == max(expect.values())
    assert all(i["class"] is not None for i in d["items"])
    # Higher values never fall in a lower class.
    ordered = sorted(d["items"], key=lambda i: i["value"])
    assert [i["class"] for i in ordered] == sorted(i["class"] for i in ordered)
    # Nation → provinces → (Liaoning) cities → counties.
    nation = client.get("/map.json", params={"region": "100000", "year": 2021}).json()
    assert nation["level"] == "province" and len(nation["items"]) >= 31
    assert next(i for i in nation["items"] if i["code"] == "210000")["drill"].startswith("/map?region=210000")
    ln = client.get("/map.json", params={"region": "210000", "year": 2021}).json()
    assert ln["level"] == "city" and any(i["code"] == "210100" for i in ln["items"])
    sy = client.get("/map.json", params={"region": "210100", "year": 2021, "method": "quantiles"}).json()
    assert sy["level"] == "county" and sy["classes"]["method"] == "quantiles"
    # A county shows its siblings with itself in focus.
    county = client.get("/map.json", params={"region": "500112", "year": 2021}).json()
    assert county["focus"] == "500112" and county["map_region"] == CQ


def test_map_classes_are_mapclassify_breaks() -> None:
    import mapclassify

    from ipatlas.web.services.maps import class_of, classify

    values = [1, 2, 2, 3, 10, 11, 12, 40, 41, 100]
    c = classify(values, "natural_breaks", 4)
    assert c["bins"] == [float(b) for b in mapclassify.NaturalBreaks(values, k=4).bins]
    q = classify(values, "quantiles", 5)
    assert q["bins"] == [float(b) for b in mapclassify.Quantiles(values, k=5).bins]
    assert class_of(1, c["bins"]) == 0 and class_of(100, c["bins"]) == len(c["bins"]) - 1
    assert classify([5, 5, 5], "natural_breaks", 5)["k"] == 1


def test_industry_matrix_and_location_quotients(client: TestClient, web_settings: Settings) -> None:
    """产业布局 shows the cube's WIPO fields (the report's industry structure) and their LQs."""
    from ipatlas.indicators import show

    d = client.get("/industry.json", params={"region": CQ, "year": 2022}).json()
    matrix = {r["code"]: r for r in d["tables"]["matrix"]["rows"]}
    fields = [s["key"] for s in d["sections"]]
    assert fields and all(f.startswith("wipo:") for f in fields)
    for f in fields[:3]:  # each cell is the cube's figure for the county and field
        cube = show(web_settings, "500112", 2022, f, ids=["pat_app_total"])[0]["value"]
        assert (matrix["500112"][f] or 0) == cube
    total = sum(r["total"] for r in matrix.values())
    col = {f: sum(r[f] or 0 for r in matrix.values()) for f in fields}
    lq = next(r for r in d["tables"]["lq"]["rows"] if r["code"] == "500112")
    f = max(fields, key=lambda f: matrix["500112"][f] or 0)
    expect = (matrix["500112"][f] / matrix["500112"]["total"]) / (col[f] / total)
    assert lq[f] == round(expect, 2)


def test_data_management_imports_and_quarantine(client: TestClient, records: list[dict[str, Any]]) -> None:
    d = client.get("/data.json").json()
    lake = {r["table"]: r["rows"] for r in d["tables"]["lake"]["rows"]}
    assert lake["patents"] == len(records) and lake["quarantine"] == 2
    imp = d["tables"]["imports"]["rows"][0]
    assert imp["import_id"] == IMPORT_ID and imp["balanced"] is True
    detail = client.get(f"/data/imports/{IMPORT_ID}.json").json()
    assert detail["quarantined"] == 2
    assert [r["source_row"] for r in detail["tables"]["quarantine"]["rows"]] == [17, 33]
    html = client.get(f"/data/imports/{IMPORT_ID}").text
    assert "日期无法解析" in html and "读取 = 入库 + 重复 + 隔离" in html
    assert client.get("/data/imports/nope.json").status_code == 404


@pytest.mark.parametrize(
    ("page", "table", "params"),
    [
        ("dashboard", "trend", {"region": CQ, "year": 2023}),
        ("resources", "top_applicants", {"region": CQ, "year": 2023}),
        ("monitor", "series", {"region": CQ, "year": 2023}),
        ("map", "values", {"region": CQ, "year": 2023}),
        ("industry", "lq", {"region": CQ, "year": 2023}),
    ],
)
def test_every_chart_table_downloads_as_csv_and_xlsx(
    client: TestClient, page: str, table: str, params: dict[str, Any]
) -> None:
    tbl = client.get(f"/{page}.json", params=params).json()["tables"][table]
    text = client.get(f"/export/{page}.csv", params={**params, "table": table}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [c["label"] for c in tbl["columns"]] and len(rows) - 1 == len(tbl["rows"])
    wb = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/export/{page}.xlsx", params={**params, "table": table}).content)
    )
    values = list(wb.active.values)
    assert "演示数据" in values[0][0] and list(values[1]) == [c["label"] for c in tbl["columns"]]
    assert len(values) - 2 == len(tbl["rows"])


def test_openapi_documents_the_json_twins(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for p in (
        "/dashboard.json",
        "/resources.json",
        "/map.json",
        "/monitor.json",
        "/records.json",
        "/records.csv",
        "/data.json",
        "/industry.json",
        "/evaluation.json",
        "/api/geo/{level}.json",
        "/export/{page}.{fmt}",
    ):
        assert p in paths, p
    assert "/dashboard" not in paths and "/login" not in paths
    params = {p["name"] for p in spec["paths"]["/records.json"]["get"]["parameters"]}
    assert {"region", "year", "kind", "applicant", "page", "size"} <= params


def test_pages_render_in_chinese(client: TestClient) -> None:
    for path, text in [
        ("/dashboard", "总览"),
        ("/resources", "资源分析"),
        ("/map", "空间分布"),
        ("/monitor", "动态监测"),
        ("/industry", "产业布局"),
        ("/evaluation", "综合评价"),
        ("/records", "专利清单"),
        ("/data", "数据管理"),
    ]:
        res = client.get(path)
        assert res.status_code == 200 and f"<h1>{text}" in res.text and 'lang="zh-CN"' in res.text, path


def test_map_lisa_layer_hot_and_cold_spots(client: TestClient) -> None:
    from ipatlas.evaluate.spatial import county_weights, local_moran

    d = client.get("/map.json", params={"region": CQ, "year": 2022, "layer": "lisa"}).json()
    lisa = d["lisa"]
    assert lisa["available"] is True and -1 <= lisa["global_moran"]["I"] <= 1
    values = {i["code"]: float(i["value"]) for i in d["items"]}
    ref = local_moran(values, county_weights(list(values)))
    assert {c: v["cluster"] for c, v in lisa["clusters"].items()} == {
        str(c): r["cluster"] for c, r in ref.iterrows()
    }
    mean = sum(values.values()) / len(values)
    # A hot spot is a significant high-high cluster: its own value is above the mean.
    assert all(values[c] > mean for c in lisa["hotspots"])
    assert all(values[c] < mean for c in lisa["coldspots"])
    assert [c["label"] for c in d["tables"]["values"]["columns"]][-1] == "LISA 聚类"
    assert client.get("/map.json", params={"layer": "nope"}).status_code == 400


def test_region_groups_work_like_regions(client: TestClient, records: list[dict[str, Any]]) -> None:
    from ipatlas.regions.groups import get_group

    members = set(get_group(None, "G:cq-metro").members)
    d = client.get("/dashboard.json", params={"region": "G:cq-metro", "year": 2022}).json()
    assert d["region_name"] == "都市功能区（主城九区）" and len(d["children"]) == len(members)
    apps = next(c for c in d["cards"] if c["id"] == "pat_app_total")
    assert apps["value"] == sum(
        1 for r in records if r["adcode"] in members and r["filing_date"].year == 2022
    )
    m = client.get("/map.json", params={"region": "G:cq-metro", "year": 2022}).json()
    assert {i["code"] for i in m["items"]} == members
    geo = client.get(m["geo_url"]).json()
    assert {f["properties"]["code"] for f in geo["features"]} == members
    listed = client.get("/records.json", params={"region": "G:cq-metro", "year": 2022}).json()
    assert listed["total"] == apps["value"]
    assert any(g["code"] == "G:cq-metro" for g in d["groups"])


def test_no_post_route_accepts_a_request_without_csrf_token(app: Any) -> None:
    """A safety net over every router (also those of other modules): POST needs the token."""
    import re as _re

    from fastapi.routing import APIRoute

    from ipatlas.web.routes import routers

    posts = [r for rt in routers() for r in rt.routes if isinstance(r, APIRoute) and "POST" in r.methods]
    assert len(posts) >= 4
    with TestClient(app) as c:
        login(c, "admin")
        for route in posts:
            path = _re.sub(r"\{[^}]+\}", "1", route.path)
            res = c.post(path, data={"x": "1"}, follow_redirects=False)
            assert res.status_code == 403, (route.path, res.status_code)


def test_user_defined_groups_work_in_the_selector(
    client: TestClient, web_settings: Settings, records: list[dict[str, Any]]
) -> None:
    """A group saved by the user (not a built-in preset) is offered and, once chosen, works on
    every page like a region (it used to fail with 未找到区域分组)."""
    from ipatlas.regions.groups import delete_group, save_group

    save_group(web_settings, "G:test-north", "北部两区", ["500112", "500105"])
    try:
        d = client.get("/dashboard.json", params={"year": 2022}).json()
        assert {"code": "G:test-north", "name": "北部两区"} in d["groups"]
        html = client.get("/dashboard", params={"year": 2022}).text
        assert "北部两区" in html and "G:test-north" in html
        d = client.get("/dashboard.json", params={"region": "G:test-north", "year": 2022}).json()
        assert d["region_name"] == "北部两区" and d["region_level"] == "group"
        assert {c["code"] for c in d["children"]} == {"500112", "500105"}
        pair = ("500112", "500105")
        filed = sum(1 for r in records if r["adcode"] in pair and r["filing_date"].year == 2022)
        listed = client.get("/records.json", params={"region": "G:test-north", "year": 2022}).json()
        assert listed["total"] == filed > 0
        m = client.get("/map.json", params={"region": "G:test-north", "year": 2022}).json()
        assert {i["code"] for i in m["items"]} == {"500112", "500105"}
        for page in ("/resources.json", "/monitor.json"):
            assert client.get(page, params={"region": "G:test-north", "year": 2022}).status_code == 200
    finally:
        delete_group(web_settings, "G:test-north")
    gone = client.get("/dashboard.json", params={"region": "G:test-north", "year": 2022})
    assert gone.status_code == 404 and "未找到区域分组" in gone.json()["message"]
