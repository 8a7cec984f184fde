"""Helpers of the supervision tests (a module name of its own: test directories share sys.path)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.plans import ParsedPlan
from ipatlas.plans import supervision as sv
from ipatlas.plans.supervision.models import PlanCreate, PlanPublic
from ipatlas.store import workflow
from ipatlas.store.lake import Lake
from ipatlas.store.models import UserCreate, UserPublic
from ipatlas.store.schema import arrow_schema

PASSWORD = "supervision pw 1"
AS_OF = dt.date(2025, 10, 15)


def make_user(session: Session, username: str, role: str, unit: str | None = None) -> UserPublic:
    return workflow.create_user(
        session,
        UserCreate(username=username, password=PASSWORD, role=role, unit=unit),  # type: ignore[arg-type]
    )


def import_city_and_district(
    s: Session, seeds: dict[str, ParsedPlan], analyst: UserPublic | None
) -> tuple[PlanPublic, PlanPublic]:
    # The analyst's review of the city plan: the seed names no responsible units, so the
    # reviewer assigns them (abbreviated and pre-reform names on purpose), sets a deadline,
    # marks key work and drops one task.
    review = sv.PlanReview(
        tracking_start=dt.date(2019, 1, 1),
        tasks={
            0: sv.TaskEdit(units="市科技局（知识产权局）、发展改革委", deadline="2019-06"),
            2: sv.TaskEdit(units="知识产权局、市教委、工商局", key=True),
            5: sv.TaskEdit(include=False),
        },
        targets={3: sv.TargetEdit(include=False)},
    )
    city_in = sv.apply_review(seeds["city"], review)
    t0 = city_in.parsed.tasks[0]
    assert t0.units_normalized == ["市知识产权局", "市发展改革委"]
    assert t0.unit_details[0].note and "机构改革" in t0.unit_details[0].note
    assert city_in.parsed.tasks[2].units_normalized == ["市知识产权局", "市教委", "市市场监管局"]
    assert city_in.key_tasks == [seeds["city"].tasks[2].number]
    city = sv.import_plan(s, city_in, actor=analyst)
    district = sv.import_plan(
        s,
        PlanCreate(
            parsed=seeds["district"],
            parent_id=city.id,
            tracking_start=dt.date(2025, 1, 1),
            key_tasks=["三.(二).4"],
        ),
        actor=analyst,
    )
    return city, district


# Figures whose target progress is worked out by hand (see test_target_progress_and_district_rollup).
FIGURES = {
    # multiple ×2 on 2015: F = 8; compound path 4·2^(2/5) = 5.278 in 2017 → 5.5 on track
    ("500000", "inv_per_10k_pop"): {2015: 4.0, 2017: 5.5},
    # level 0.45 in 2020 from 0.30 (2015): linear path 0.36 in 2017 → 0.33 behind
    ("500000", "above_scale_inv_per_100m_revenue"): {2015: 0.30, 2017: 0.33},
    # cumulative 2500 over 2016–2020: 600 + 500 = 1100 ≥ 2500·2/5 = 1000 → on track
    ("500000", "pct_app"): {2016: 600.0, 2017: 500.0},
    # district: level 3 in 2025, 3.2 in 2023 → reached
    ("500114", "inv_per_10k_pop"): {2020: 1.0, 2023: 3.2},
}


# ---- a tiny lake for the indicator cube ---------------------------------------------------------
def invention(n: int, *, granted: dt.date, adcode: str = "500114") -> dict[str, Any]:
    """A valid domestic invention patent of a Chongqing county, granted on ``granted``."""
    return {
        "app_no": f"CN{granted.year}1{n:07d}.X",
        "kind": "invention",
        "filing_date": dt.date(granted.year - 2, 3, 1),
        "grant_date": granted,
        "legal_status": "valid",
        "ipc_main": "G06F 16/24",
        "ipcs": ["G06F 16/24"],
        "applicants": [f"黔江测试公司{n}"],
        "first_applicant": f"黔江测试公司{n}",
        "applicant_type": "enterprise",
        "inventors": ["张三"],
        "claims": 5,
        "cited_by": 0,
        "family_countries": 1,
        "pledged": False,
        "awarded": False,
        "adcode": adcode,
        "city_code": "500000",
        "province_code": "500000",
        "region_level": "county",
        "country": "CN",
        "title": "一种测试方法",
        "import_id": "imp-supervision",
        "source_hash": "0" * 64,
        "source_row": n + 2,
        "record_hash": f"h{n}",
        "is_demo": False,
    }


def write_patents(settings: Settings, rows: list[dict[str, Any]]) -> None:
    schema = arrow_schema("patents")
    full = [{**{f.name: None for f in schema}, **r} for r in rows]
    with Lake(settings.lake_dir).transaction() as txn:
        txn.write_arrow("patents", pa.Table.from_pylist(full, schema=schema))


# ---- HTML forms ---------------------------------------------------------------------------------
def csrf_of(page: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert m, "no CSRF token in the page"
    return m.group(1)


def form_fields(page: str, form_id: str | None = None) -> dict[str, str]:
    """The values a browser would submit from a form of ``page`` (inputs, textareas, selects)."""
    if form_id:
        m = re.search(rf'<form[^>]*id="{form_id}".*?</form>', page, re.S)
        assert m, f"no form {form_id}"
        page = m.group(0)
    out: dict[str, str] = {}
    for m in re.finditer(r"<input([^>]*)>", page):
        attrs = m.group(1)
        name = re.search(r'name="([^"]+)"', attrs)
        if not name or 'type="file"' in attrs:
            continue
        if 'type="checkbox"' in attrs and "checked" not in attrs:
            continue
        value = re.search(r'value="([^"]*)"', attrs)
        out[name.group(1)] = html.unescape(value.group(1)) if value else "on"
    for m in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        out[m.group(1)] = html.unescape(m.group(2))
    for m in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"\s+selected', m.group(2))
        first = re.search(r'<option value="([^"]*)"', m.group(2))
        option = chosen or first
        out[m.group(1)] = html.unescape(option.group(1)) if option else ""
    return out


@contextmanager
def logged_in_clients(app: Any) -> Iterator[Callable[[str], tuple[TestClient, str]]]:
    """``client_for(username)`` -> (a client logged in as that user, its CSRF token); closed at the end."""
    opened: list[TestClient] = []

    def client_for(username: str) -> tuple[TestClient, str]:
        c = TestClient(app)
        c.__enter__()
        opened.append(c)
        page = c.get("/login")
        res = c.post(
            "/login",
            data={"username": username, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
            follow_redirects=False,
        )
        assert res.status_code == 303, res.text
        return c, c.get("/api/me.json").json()["csrf_token"]

    try:
        yield client_for
    finally:
        for c in opened:
            c.__exit__(None, None, None)
