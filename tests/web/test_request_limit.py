"""A worker works on ``web_request_threads`` requests at once; the others wait in line (anyio's
default of 40 let an overloaded worker run dozens of lake queries at once on two cores)."""

from __future__ import annotations

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

from ipatlas.config import Settings
from ipatlas.web.app import create_app


@pytest.mark.parametrize("threads", [1, 3])
def test_the_worker_takes_its_limit_from_the_settings(web_settings: Settings, threads: int) -> None:
    app = create_app(web_settings.model_copy(update={"web_request_threads": threads}))
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.portal is not None

        def tokens() -> float:
            return anyio.to_thread.current_default_thread_limiter().total_tokens

        assert client.portal.call(tokens) == threads
