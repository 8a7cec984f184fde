"""Helpers shared by the portal tests (imported by module name: conftest names collide)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT.parent / "shared" / "data" / "policies"
ADMIN_PASSWORD = "portal admin pass 1"
# Shared judgments in the portal's data: 084f01a191 cites 商标法 第五十七条 (a natural person among
# the parties), 6ed5c4c8bb is a typical case whose commentary names a natural person.
JUDGMENTS = ("084f01a191", "6ed5c4c8bb", "1e674c5327", "140c381609")


def token_of(html: str) -> str:
    m = re.search(r'name="token" value="([^"]+)"', html)
    assert m, "no form token in the page"
    return m.group(1)


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def login_admin(client: Any) -> None:
    page = client.get("/login")
    res = client.post(
        "/login",
        data={"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text


def post_notice(client: Any, kind: str, title: str, body: str) -> str:
    """Log in as the administrator, publish a notice or guide, log out; its id."""
    login_admin(client)
    page = client.get("/admin/portal")
    data = {"csrf_token": csrf_of(page.text), "kind": kind, "title": title, "body_md": body, "published": "1"}
    res = client.post("/admin/portal", data=data, follow_redirects=False)
    assert res.status_code == 303, res.text
    client.cookies.clear()
    return str(res.headers["location"].split("=")[-1])
