"""Property-based fuzzing of the whole OpenAPI schema (schemathesis), logged in as an analyst:
not one server error. Bounded examples per operation, four shards, about a minute in all.
Every 4xx answer is JSON with a message (no traceback)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from webhelpers import login

EXAMPLES = 25
SHARDS = 4


@pytest.fixture(scope="module")
def fuzz_schema(sec_app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/api/openapi.json", sec_app)


@pytest.fixture(scope="module")
def analyst_auth(sec_app: Any) -> dict[str, Any]:
    with TestClient(sec_app) as c:
        login(c, "analyst")
        token = c.get("/api/me.json").json()["csrf_token"]
        return {"cookies": dict(c.cookies), "headers": {"X-CSRF-Token": token}}


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_server_error(shard: int, fuzz_schema: Any, analyst_auth: dict[str, Any]) -> None:
    operations = [op.ok() for op in fuzz_schema.get_all_operations()]
    assert len(operations) > 40  # the whole API is fuzzed, not a corner of it
    failures: Counter[str] = Counter()
    requests = 0
    for op in operations[shard::SHARDS]:
        requests += _fuzz(op, analyst_auth, failures)
    assert requests >= EXAMPLES  # the shard really sent requests
    assert not failures, dict(failures)


def _fuzz(op: Any, auth: dict[str, Any], failures: Counter[str]) -> int:
    """Send ``EXAMPLES`` generated requests to one operation; count what went wrong."""
    label = op.label
    sent = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=op.as_strategy())
    def run(case: Any) -> None:
        nonlocal sent
        sent += 1
        try:
            response = case.call(headers=auth["headers"], cookies=auth["cookies"])
        except Exception as exc:  # an exception escaping the app is a server error too
            failures[f"{label}: {type(exc).__name__}: {str(exc)[:120]}"] += 1
            return
        if response.status_code >= 500:
            failures[f"{label}: {response.status_code} {response.text[:160]}"] += 1
        elif response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
            body = response.json()
            if "message" not in body or "Traceback" in response.text:
                failures[f"{label}: unclear {response.status_code} {response.text[:120]}"] += 1

    run()
    return sent
