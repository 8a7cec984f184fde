"""Routers of the platform; every one checks CSRF on state-changing requests.

Pages of other parts of the platform (``plans``: 规划督查, ``reports``: 分析报告) live beside these
and are included when their module is present.
"""

from __future__ import annotations

import importlib
import importlib.util

from fastapi import APIRouter

from ipatlas.web.routes import admin, pages, public

OPTIONAL = ("plans", "reports")


def routers() -> list[APIRouter]:
    found: list[APIRouter] = [public.router, pages.router, admin.router]
    for name in OPTIONAL:
        if importlib.util.find_spec(f"ipatlas.web.routes.{name}") is not None:
            found.append(importlib.import_module(f"ipatlas.web.routes.{name}").router)
    return found
