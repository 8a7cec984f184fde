"""The web platform (知识产权资源布局信息平台): FastAPI + Jinja2 + htmx + ECharts, all served locally.

``create_app(settings)`` builds the application (never at import time); :func:`serve` runs it
with uvicorn; :func:`ensure_demo_admin` creates the first administrator of a fresh install.
"""

from __future__ import annotations

from ipatlas.web.app import create_app, ensure_demo_admin, serve

__all__ = ["create_app", "ensure_demo_admin", "serve"]
