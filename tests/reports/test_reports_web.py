"""The report downloads and the catalog workflow through the real web app (httpx TestClient)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from ipatlas.store import workflow
from ipatlas.store.models import UserCreate

PASSWORDS = {"analyst": "analyst pass 1", "viewer": "viewer pass 1"}


@pytest.fixture(scope="module")
def app(cube_settings: Any) -> Any:
    from ipatlas.web import create_app
    from ipatlas.web.routes import reports

    with workflow.workflow_session(cube_settings) as session:
        for role, pw in PASSWORDS.items():
            if not any(u.username == role for u in workflow.list_users(session)):
                workflow.create_user(session, UserCreate(username=role, password=pw, role=role))  # type: ignore[arg-type]
    app = create_app(cube_settings)
    if not any(getattr(r, "path", "") == "/reports" for r in app.routes):
        app.include_router(reports.router)  # until the web package lists this router itself
    return app


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html
    )
    assert m
    return m.group(1)


def client_for(app: Any, role: str) -> TestClient:
    c = TestClient(app)
    page = c.get("/login")
    r = c.post(
        "/login",
        data={"username": role, "password": PASSWORDS[role], "csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    return c


def test_downloads(app: Any) -> None:
    c = client_for(app, "viewer")
    page = c.get("/reports")
    assert page.status_code == 200 and "知识产权区域布局分析报告" in page.text and "演示数据" in page.text
    r = c.get("/reports/map.png", params={"indicator": "inv_per_10k_pop", "year": 2025})
    assert r.status_code == 200 and r.headers["content-type"] == "image/png" and r.content[:4] == b"\x89PNG"
    r = c.get("/reports/layout.html", params={"region": "500000", "year": 2025})
    assert r.status_code == 200 and "一、总体态势" in r.text
    assert "attachment" in r.headers["content-disposition"]
    r = c.get("/reports/match-table.xlsx", params={"region": "G:cq-core", "year": 2025})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert c.get("/reports.json").json()["ready"] is True
    r = c.get("/reports/layout.odt", params={"region": "500000"})
    assert r.status_code in (400, 422)


def test_catalog_workflow_in_the_browser_forms(app: Any) -> None:
    c = client_for(app, "analyst")
    token = _csrf(c.get("/reports").text)
    r = c.post(
        "/catalog/drafts",
        data={"region": "G:cq-core", "year": "2025", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    cid = r.headers["location"].rsplit("/", 1)[1]
    page = c.get(f"/catalog/{cid}")
    assert page.status_code == 200 and "渝中区" in page.text and "发布编号版本" in page.text
    r = c.post(
        f"/catalog/{cid}/adjust",
        headers={"HX-Request": "true", "X-CSRF-Token": token},
        data={
            "region": "500103",
            "industry": "wipo:06",
            "class": "consolidate",
            "reason": "网页端调整",
            "comment": "评审",
        },
    )
    assert r.status_code == 200 and "已保存" in r.text and "网页端调整" in r.text
    d = c.get(f"/catalog/{cid}.json").json()
    assert d["changes"][-1]["by"] == "analyst" and d["changes"][-1]["after_reason"] == "网页端调整"
    r = c.post(f"/catalog/{cid}/publish", data={"note": "web", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    label = c.get(f"/catalog/{cid}.json").json()["info"]["versions"][0]
    v = c.get(f"/catalog/{quote(label)}.json").json()
    assert v["kind"] == "version" and v["label"] == label
    x = c.get(f"/catalog/{quote(label)}/export.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    # no CSRF token → refused
    assert c.post(f"/catalog/{cid}/publish", data={"note": "x"}).status_code == 403


def test_viewer_cannot_change_the_catalog(app: Any) -> None:
    c = client_for(app, "viewer")
    page = c.get("/reports").text
    assert "按规则生成草稿" not in page  # no draft form for viewers
    r = c.post(
        "/catalog/drafts", data={"region": "G:cq-core", "year": "2025"}, headers={"X-CSRF-Token": _csrf(page)}
    )
    assert r.status_code == 403
