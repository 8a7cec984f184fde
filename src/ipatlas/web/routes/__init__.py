"""Routers of the platform; every one checks CSRF on state-changing requests."""

from __future__ import annotations

from fastapi import APIRouter

from ipatlas.web import portal
from ipatlas.web.routes import (
    admin,
    apidocs,
    audit,
    exportjobs,
    litigation,
    market,
    operations,
    pages,
    picker,
    plans,
    protection,
    public,
    reports,
)


def routers() -> list[APIRouter]:
    return [
        public.router,
        pages.router,
        admin.router,
        plans.router,
        reports.router,
        litigation.router,
        picker.router,
        apidocs.router,
        exportjobs.router,
        protection.router,
        audit.router,
        market.router,
        operations.router,
        *portal.ROUTERS,
    ]
