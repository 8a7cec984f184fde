"""Routers of the platform; every one checks CSRF on state-changing requests."""

from __future__ import annotations

from fastapi import APIRouter

from ipatlas.web import portal
from ipatlas.web.routes import admin, litigation, pages, plans, public, reports


def routers() -> list[APIRouter]:
    return [
        public.router,
        pages.router,
        admin.router,
        plans.router,
        reports.router,
        litigation.router,
        *portal.ROUTERS,
    ]
