"""公共服务门户: anonymous pages under ``/portal`` (own guard) and the staff editor of its pages."""

from __future__ import annotations

from ipatlas.web.portal.admin import admin_router
from ipatlas.web.portal.routes import router

ROUTERS = [router, admin_router]

__all__ = ["ROUTERS", "admin_router", "router"]
