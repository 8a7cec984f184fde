"""The ASGI factory for several worker processes (``ipatlas serve --workers N``, gunicorn, uvicorn).

Each worker builds its own app from the environment's settings. The database is migrated once by
the parent before the workers start (never by several workers at the same moment), and whatever
must be shared between workers (sessions, throttles, document numbers) lives in the database.
"""

from __future__ import annotations

from fastapi import FastAPI

from ipatlas.config import Settings
from ipatlas.web.app import create_app


def create() -> FastAPI:
    app = create_app(Settings(), migrate=False)
    app.state.freeze_heap = True
    return app
