"""First day at the office: the default year is the latest complete one and says so; 综合评价 is never
blank because of screening; every region form offers the picker by name, pinyin or initials."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient
from fixture_lake import build_lake, make_statistics
from webhelpers import ROOT

from ipatlas.config import Settings
from ipatlas.store import workflow
from ipatlas.store.lake import Lake
from ipatlas.store.models import UserCreate
from ipatlas.store.schema import arrow_schema
from ipatlas.web import create_app


@pytest.fixture(scope="module")
def settings_2023_incomplete(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Patents 2016–2023, statistics only to 2022 (as when the 统计年鉴 of the last year is not out)."""
    from ipatlas.indicators import compute_cube

    s = Settings(
        data_dir=tmp_path_factory.mktemp("fd") / "data", shared_dir=ROOT.parent / "shared", secret_key="k"
    )
    s.ensure_dirs()
    build_lake(s)
    stats = [r for r in make_statistics() if r["year"] <= 2022]
    with Lake(s.lake_dir).transaction() as txn:
        txn.write_arrow("statistics", pa.Table.from_pylist(stats, schema=arrow_schema("statistics")))
    compute_cube(s, years=[2022, 2023], industries=["wipo"])
    with workflow.workflow_session(s) as session:
        workflow.create_user(session, UserCreate(username="ana", password="ana password", role="analyst"))
    return s


@pytest.fixture(scope="module")
def client(settings_2023_incomplete: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings_2023_incomplete)) as c:
        page = c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        c.post("/login", data={"username": "ana", "password": "ana password", "csrf_token": token})
        yield c


def test_default_year_is_the_latest_complete_one_and_is_explained(client: TestClient) -> None:
    d = client.get("/dashboard.json", params={"region": "500000"}).json()
    assert d["year"] == d["default_year"] == 2022 and d["years"][-1] == 2023
    assert "数据完整的最近一年" in d["year_rule"] and d["year_note"] is None
    html = client.get("/dashboard", params={"region": "500000"}).text
    assert "默认 2022 年（数据完整的最近一年）" in html
    late = client.get("/dashboard.json", params={"region": "500000", "year": 2023}).json()
    assert "2023 年数据不完整" in late["year_note"] and "市场主体户数" in late["year_note"]
    assert "2023 年数据不完整" in client.get("/dashboard", params={"region": "500000", "year": 2023}).text


def test_evaluation_is_never_blank_because_of_screening(client: TestClient) -> None:
    d = client.get("/evaluation.json", params={"region": "500000", "year": 2023}).json()
    assert d["available"] is True, d["message"]
    assert len(d["tables"]["composite"]["rows"]) == 38
    note = d["screening"]
    assert note["text"] and "screen." not in note["text"] and "threshold" not in note["text"]
    if note["removed"]:  # the page names each dropped county with its data availability
        assert all(r["name"] in note["text"] for r in note["removed"])
        assert (
            "不筛选，包括全部区县"
            in client.get("/evaluation", params={"region": "500000", "year": 2023}).text
        )
    unscreened = client.get(
        "/evaluation.json", params={"region": "500000", "year": 2023, "screen": "none"}
    ).json()
    assert unscreened["available"] and unscreened["screening"]["removed"] == []
    assert len(unscreened["tables"]["composite"]["rows"]) == 38
    bad = client.get("/evaluation.json", params={"region": "500000", "screen": "maybe"})
    assert bad.status_code == 400 and "筛选" in bad.json()["message"]


def test_evaluation_page_has_no_internal_names(client: TestClient) -> None:
    html = client.get("/evaluation", params={"region": "500000", "year": 2022}).text
    body = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    for word in ("screen.threshold", "layout_default", "builtin", "normalise", "aggregate"):
        assert word not in body


def test_region_search_by_name_pinyin_and_initials(client: TestClient) -> None:
    for q in ("渝北", "yubei", "ybq", "500112", "YuBei"):
        hits = client.get("/api/regions/search", params={"q": q, "under": "500000"}).json()
        assert hits and hits[0]["code"] == "500112", q
        assert hits[0]["label"] == "渝北区（重庆市）"
    assert client.get("/api/regions/search", params={"q": "cq"}).json()[0]["name"] == "重庆市"
    assert client.get("/api/regions/search", params={"q": "zzzzqqq"}).json() == []


@pytest.mark.parametrize("path", ["/reports", "/records", "/plans/new", "/dashboard"])
def test_region_forms_use_the_picker(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert "data-region-picker" in html, path
    assert "地区代码" not in html and "区划代码<input" not in html


def test_county_industry_and_evaluation_are_never_empty(client: TestClient) -> None:
    d = client.get("/industry.json", params={"region": "500112", "year": 2022}).json()
    assert d["region"] == "500112" and d["focus"] == "500112"
    rows = d["tables"]["matrix"]["rows"]
    assert rows[0]["code"] == "500112" and rows[0]["focus"] and len(rows) == 38
    comp = d["tables"]["composition"]["rows"]
    assert comp and sum(r["n"] for r in comp) == sum(
        v for k, v in rows[0].items() if k not in ("code", "name", "total", "focus") and isinstance(v, int)
    )
    assert "渝北区" in d["focus_note"] and "区位熵" in d["focus_note"]
    e = client.get("/evaluation.json", params={"region": "500112", "year": 2022}).json()
    assert e["available"] and e["focus"] == "500112" and "渝北区" in e["focus_note"]
