"""Property-based fuzzing of the whole OpenAPI schema (schemathesis), logged in as an analyst:
not one server error. Bounded examples per operation keep the run within about a minute."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from webhelpers import login

EXAMPLES = 25


@pytest.fixture(scope="module")
def fuzz_schema(sec_app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/api/openapi.json", sec_app)


@pytest.fixture(scope="module")
def analyst_auth(sec_app: Any) -> dict[str, Any]:
    with TestClient(sec_app) as c:
        login(c, "analyst")
        token = c.get("/api/me.json").json()["csrf_token"]
        return {"cookies": dict(c.cookies), "headers": {"X-CSRF-Token": token}}


schema = schemathesis.pytest.from_fixture("fuzz_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error(case: Any, analyst_auth: dict[str, Any]) -> None:
    response = case.call(headers=analyst_auth["headers"], cookies=analyst_auth["cookies"])
    assert response.status_code < 500, (case.method, case.path, case.query, response.text[:300])
    if response.status_code >= 400 and response.headers.get("content-type", "").startswith(
        "application/json"
    ):
        body = response.json()
        assert "message" in body and "Traceback" not in response.text
