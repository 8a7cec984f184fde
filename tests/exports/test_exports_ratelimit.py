"""The shared rate limit (moving window in the workflow database) on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, select

from ipatlas.store import ratelimit, workflow


def test_a_moving_window_counted_in_the_database(engine: Engine) -> None:
    sessions = workflow.session_factory(engine)
    t0 = 1_000_000.0

    def hit(at: float, key: str = "portal:form:1.2.3.4") -> tuple[bool, int]:
        with sessions() as s, s.begin():
            return ratelimit.hit(s, key, 3, 60, now=at)

    assert [hit(t0 + i)[0] for i in range(3)] == [True, True, True]
    refused = hit(t0 + 10)
    assert refused == (False, 50)  # the first hit leaves the window 60 s after it came
    assert hit(t0 + 10, "portal:form:5.6.7.8") == (True, 0)  # another client has its own window
    assert hit(t0 + 59)[0] is False  # refused hits do not count, the window still holds 3
    assert hit(t0 + 60) == (True, 0)  # the first hit has left the window
    assert hit(t0 + 61) == (True, 0) and hit(t0 + 61.5)[0] is False
    with sessions() as s:  # hits that left the window are swept
        seconds = s.scalars(
            select(ratelimit.RateLimitHit.second).where(ratelimit.RateLimitHit.key == "portal:form:1.2.3.4")
        ).all()
    assert min(seconds) > t0 + 61 - 60
