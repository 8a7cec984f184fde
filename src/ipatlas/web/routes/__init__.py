"""Routers of the platform; every one checks CSRF on state-changing requests."""

from __future__ import annotations

from fastapi import APIRouter

from ipatlas.web.routes import admin, pages, public

ROUTERS: list[APIRouter] = [public.router, pages.router, admin.router]
