"""The page sweep as every role of the platform, over the web fixture plus the demo's protection
cases and market data (演示数据): what each kind of account reaches by its menu and links, and
what it is shown when it types the address of a section it may not open.

The sweep over the full demo data set (200,000 patents, every role) found the pages of the
non-analysis roles saying ``未知角色：mediator`` and audit notes naming the role code; the fixture of
:mod:`test_page_sweep` (admin and anonymous only) could not see them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fixture_lake import build_lake
from test_page_sweep import crawl, objections, visible_text
from webhelpers import ROOT, csrf_of

from ipatlas.access import ROLE_LABELS, ROLES
from ipatlas.config import Settings
from ipatlas.indicators import compute_cube
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate
from ipatlas.web import create_app
from ipatlas.web.context import NAV

# Sections any account may type; a role that may not open one gets a page that must still read well.
SECTIONS = sorted(
    {href for _, href, _ in NAV}
    | {"/", "/audit", "/admin/users", "/plans/my", "/protection/referrals", "/litigation/leads"}
    | {"/litigation/cases", "/protection/board", "/protection/stats"}
)
# A role code shown anywhere on a page, data cells included (a username is never a role code here).
ROLE_CODE = re.compile(r"(?<![A-Za-z0-9_.@-])(" + "|".join(ROLES) + r")(?![A-Za-z0-9_@-])")


def password(role: str) -> str:
    return f"{role} sweep pass 1"


@pytest.fixture(scope="module")
def role_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from ipatlas.demo.market import market_demo
    from ipatlas.demo.protection import seed_protection_demo

    data = tmp_path_factory.mktemp("roles") / "data"
    s = Settings(data_dir=data, shared_dir=ROOT.parent / "shared", secret_key="test-secret-key")
    s.ensure_dirs()
    build_lake(s)
    compute_cube(s, years=range(2016, 2024), industries=["wipo"])
    seed_protection_demo(s, per_year=5)  # cases in every state, with their events and deadlines
    market_demo(s)  # entities, credit events, leads and one 双随机 round over a lake without trademarks
    with workflow.workflow_session(s) as session:
        for role in ROLES:
            workflow.create_user(
                session,
                UserCreate(
                    username=f"{role}01",
                    display_name=f"{ROLE_LABELS[role]}甲",
                    password=password(role),
                    role=role,  # type: ignore[arg-type]
                    unit="市科技局" if role == "unit" else None,
                ),
            )
    yield create_app(s)


def sweep(app: Any, role: str) -> list[str]:
    """Every objection on the pages ``role`` reaches (a start page may refuse it: 401/403)."""
    with TestClient(app) as client:
        page = client.get("/login")
        res = client.post(
            "/login",
            data={"username": f"{role}01", "password": password(role), "csrf_token": csrf_of(page.text)},
            follow_redirects=False,
        )
        assert res.status_code == 303, res.text
        pages = crawl(client, SECTIONS, limit=60)
    problems = []
    for url, (status, html) in pages.items():
        if status >= 500 or (status >= 400 and not (url in SECTIONS and status in (401, 403))):
            problems.append(f"{role} {url}: HTTP {status}")
        text = visible_text(html)
        problems += [f"{role} {url}: {o}" for o in dict.fromkeys(objections(text))]
        raw = re.sub(r"(?s)<[^>]+>", " ", re.sub(r"(?is)<(script|style|select)\b.*?</\1>", " ", html))
        problems += [f"{role} {url}: role code {m!r}" for m in dict.fromkeys(ROLE_CODE.findall(raw))]
    return problems


def test_every_role_reads_its_pages_in_chinese(role_app: Any) -> None:
    problems = [p for role in ROLES for p in sweep(role_app, role)]
    assert not problems, "\n".join(problems[:40])
