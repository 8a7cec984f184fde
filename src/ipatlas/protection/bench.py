"""Benchmark: the overdue sweep and ``cases stats`` against hand-written SQL on N synthetic cases.

The data are inserted in bulk (not through the intake: a million intakes would take hours) with
the same tables and indexes as real cases: one workflow instance per case, an acceptance clock
(stopped for most cases) and a penalty clock for filed cases, a few percent of them overdue.
Baselines are plain SQL strings run on the same connection in the same process.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import DateTime, bindparam, insert, select, text

from ipatlas.calendar import builtin_calendar
from ipatlas.config import Settings

AS_OF = dt.datetime(2026, 11, 30, 23, 59, 59)
HAND_SWEEP = (
    "SELECT d.id, d.rule_id, d.due_at, d.due_date, d.basis_law, d.basis_article, i.id, i.definition, "
    "i.subject_type, i.subject_id, i.assignee, i.created_by, i.data "
    "FROM wf_deadlines d JOIN wf_instances i ON i.id = d.instance_id "
    "WHERE d.status = 'running' AND d.due_at <= :horizon"
)
HAND_STATS = (
    "SELECT count(*), count(accepted_at), count(closed_at), "
    "sum(CASE WHEN on_time THEN 1 ELSE 0 END), avg(workdays_to_close) "
    "FROM cases WHERE duplicate_of IS NULL AND received_on BETWEEN :a AND :b"
)
HAND_OVERDUE = (
    "SELECT count(*) FROM cases c WHERE c.duplicate_of IS NULL AND c.received_on BETWEEN :a AND :b "
    "AND EXISTS (SELECT 1 FROM wf_deadlines d WHERE d.instance_id = c.instance_id "
    "AND d.status = 'running' AND d.due_at < :t)"
)


def _best(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def populate(session: Any, n: int, *, seed: int = 12, chunk: int = 50_000) -> dict[str, int]:
    """Insert ``n`` synthetic cases with their instances and clocks (SQLite or PostgreSQL)."""
    from ipatlas.protection.models import Case
    from ipatlas.workflow.models import WfDeadline, WfInstance

    rng = np.random.default_rng(seed)
    cal = builtin_calendar()
    start = np.datetime64("2019-04-01")
    span = (np.datetime64("2026-11-30") - start).astype(int)
    received = start + rng.integers(0, span, n)
    counties = [
        "500101",
        "500102",
        "500103",
        "500104",
        "500105",
        "500106",
        "500112",
        "500113",
        "500115",
        "500118",
    ]
    acc_due, _ = cal.add_workdays_array(received, 7)
    filed = rng.random(n) < 0.45
    closed = rng.random(n) < np.where(received < np.datetime64("2026-06-01"), 0.985, 0.6)
    late = rng.random(n) < 0.08
    now = dt.datetime(2026, 12, 1)
    deadlines = 0
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        inst_rows, case_rows, dl_rows = [], [], []
        for i in range(lo, hi):
            rid = i + 1
            rec = received[i].astype(dt.date)
            rec_dt = dt.datetime.combine(rec, dt.time(9, 30))
            adcode = counties[i % len(counties)]
            is_closed = bool(closed[i])
            state = "archived" if is_closed else ("investigating" if filed[i] else "registered")
            close_at = rec_dt + dt.timedelta(days=int(20 + (i % 60))) if is_closed else None
            inst_rows.append(
                {
                    "id": rid,
                    "definition": "protection_complaint",
                    "definition_version": 1,
                    "subject_type": "case",
                    "subject_id": str(rid),
                    "state": state,
                    "version": 3,
                    "assignee": "han",
                    "unit": f"{adcode}执法",
                    "opened_at": rec_dt,
                    "closed_at": close_at,
                    "created_by": "bench",
                    "updated_at": now,
                    "data": {"number": f"B{rid}"},
                }
            )
            case_rows.append(
                {
                    "id": rid,
                    "number": f"BENCH-{rid}",
                    "kind": "complaint",
                    "ip_type": "trademark",
                    "channel": "12315",
                    "received_at": rec_dt,
                    "received_on": rec,
                    "status": state,
                    "instance_id": rid,
                    "adcode": adcode,
                    "city_code": "500100",
                    "province_code": "500000",
                    "region_name": adcode,
                    "complainant": {},
                    "respondent": {},
                    "right_info": {},
                    "facts": "",
                    "confidential": False,
                    "triage": {},
                    "decision": {},
                    "is_demo": True,
                    "created_by": "bench",
                    "created_at": now,
                    "accepted_at": rec_dt + dt.timedelta(days=2),
                    "closed_at": close_at,
                    "on_time": (not bool(late[i])) if is_closed else None,
                    "workdays_to_close": int(14 + (i % 40)) if is_closed else None,
                }
            )
            ad = acc_due[i].astype(dt.date)
            dl_rows.append(
                {
                    "instance_id": rid,
                    "rule_id": "acceptance",
                    "rule_version": 2,
                    "basis_law": "暂行办法",
                    "basis_article": "第十四条",
                    "unit": "workdays",
                    "length": 7,
                    "status": "stopped",
                    "started_at": rec_dt,
                    "due_at": dt.datetime.combine(ad, dt.time(23, 59, 59)),
                    "due_date": ad,
                    "paused_total": 0,
                    "pauses": 0,
                    "extended": 0,
                    "extension_cap": 0,
                    "stopped_at": rec_dt + dt.timedelta(days=2),
                    "met": True,
                    "assumed": False,
                }
            )
            if filed[i]:
                pd = rec + dt.timedelta(days=92)
                dl_rows.append(
                    {
                        "instance_id": rid,
                        "rule_id": "penalty",
                        "rule_version": 2,
                        "basis_law": "行政处罚法",
                        "basis_article": "第六十条",
                        "unit": "days",
                        "length": 90,
                        "status": "stopped" if is_closed else "running",
                        "started_at": rec_dt,
                        "due_at": dt.datetime.combine(pd, dt.time(23, 59, 59)),
                        "due_date": pd,
                        "paused_total": 0,
                        "pauses": 0,
                        "extended": 0,
                        "extension_cap": 30,
                        "stopped_at": close_at,
                        "met": None if not is_closed else not bool(late[i]),
                        "assumed": False,
                    }
                )
        session.execute(insert(WfInstance), inst_rows)
        session.execute(insert(Case), case_rows)
        session.execute(insert(WfDeadline), dl_rows)
        deadlines += len(dl_rows)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE"))
    return {"cases": n, "deadlines": deadlines}


def run_benchmark(
    n: int = 100_000, *, database_url: str | None = None, keep: Path | None = None
) -> dict[str, Any]:
    from ipatlas.protection.cases import case_sweep, stats
    from ipatlas.store.workflow import make_engine, migrate, session_factory
    from ipatlas.workflow.engine import SWEEP_COLUMNS, due_conditions
    from ipatlas.workflow.models import WfDeadline, WfInstance

    tmp = tempfile.TemporaryDirectory(prefix="ipatlas-bench-cases-")
    settings = Settings(data_dir=keep or Path(tmp.name), database_url=database_url)
    settings.ensure_dirs()
    engine = make_engine(settings)
    try:
        migrate(settings, engine=engine)
        S = session_factory(engine)
        t0 = time.perf_counter()
        with S() as s, s.begin():
            sizes = populate(s, n)
        load_s = time.perf_counter() - t0
        with S() as s:
            if s.get_bind().dialect.name == "sqlite":
                s.execute(text("ANALYZE"))
            cal = builtin_calendar()
            horizon = dt.datetime.combine(cal.add_workdays(AS_OF.date(), 3).date, dt.time(23, 59, 59))

            def engine_find() -> int:
                q = (
                    select(*SWEEP_COLUMNS)
                    .join(WfInstance, WfInstance.id == WfDeadline.instance_id)
                    .where(*due_conditions(s, as_of=AS_OF, which="due"))
                )
                return len(s.execute(q).all())

            def hand_find() -> int:
                return len(
                    s.execute(
                        text(HAND_SWEEP).bindparams(bindparam("horizon", type_=DateTime)),
                        {"horizon": horizon},
                    ).all()
                )

            sweep_s, found = _best(engine_find)
            hand_sweep_s, hand_found = _best(hand_find)
            a, b = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
            stats_s, st = _best(lambda: stats(s, year=2025, as_of=AS_OF))

            def hand_stats() -> tuple[Any, ...]:
                row = s.execute(text(HAND_STATS), {"a": a, "b": b}).one()
                over = s.execute(
                    text(HAND_OVERDUE).bindparams(bindparam("t", type_=DateTime)),
                    {"a": a, "b": b, "t": AS_OF},
                ).scalar()
                return (*row, over)

            hand_stats_s, hs = _best(hand_stats)
        with S() as s, s.begin():
            t0 = time.perf_counter()
            sw = case_sweep(s, as_of=AS_OF)
            full_sweep_s = time.perf_counter() - t0
        agree_stats = (st["received"], st["accepted"], st["closed"], st["closed_on_time"], st["overdue"]) == (
            hs[0], hs[1], hs[2], int(hs[3] or 0), hs[5],
        )  # fmt: skip
        return {
            "cases": n,
            "deadlines": sizes["deadlines"],
            "backend": engine.url.get_backend_name(),
            "load_s": round(load_s, 1),
            "due_found": found,
            "sweep_find_s": round(sweep_s, 4),
            "hand_sweep_s": round(hand_sweep_s, 4),
            "sweep_ratio": round(sweep_s / hand_sweep_s, 2) if hand_sweep_s else None,
            "sweep_agrees": found == hand_found,
            "full_sweep_first_run_s": round(full_sweep_s, 2),
            "notifications_written": sw["notifications"],
            "stats_s": round(stats_s, 4),
            "hand_stats_s": round(hand_stats_s, 4),
            "stats_ratio": round(stats_s / hand_stats_s, 2) if hand_stats_s else None,
            "stats_agree": agree_stats,
            "stats_2025": {k: st[k] for k in ("received", "closed", "overdue", "on_time_rate")},
        }
    finally:
        engine.dispose()
        tmp.cleanup()


# ---- 待办 page under load ------------------------------------------------------------------------
def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))] if s else float("nan")


def run_todo_benchmark(
    n: int = 100_000,
    *,
    users: int = 50,
    requests_per_user: int = 10,
    think: tuple[float, float] = (0.5, 2.0),
    keep: Path | None = None,
) -> dict[str, Any]:
    """p50/p95 of ``/protection/todo.json`` (the 我的待办 page's data) with ``users`` concurrent
    logged-in handlers against a server process over ``n`` cases; baseline ``/healthz``. Each user
    waits ``think`` seconds (uniform) between pages, as people do; ``think=(0, 0)`` is a closed loop."""
    import asyncio
    import os
    import re
    import secrets
    import socket
    import subprocess
    import sys

    import httpx

    from ipatlas.store.models import UserCreate
    from ipatlas.store.workflow import create_user, make_engine, migrate, session_factory

    tmp = tempfile.TemporaryDirectory(prefix="ipatlas-bench-todo-")
    settings = Settings(data_dir=keep or Path(tmp.name))
    settings.ensure_dirs()
    engine = make_engine(settings)
    migrate(settings, engine=engine)
    with session_factory(engine)() as s, s.begin():
        populate(s, n)
        create_user(s, UserCreate(username="han", password="bench password 1", role="handler"))
    engine.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "IPATLAS_DATA_DIR": str(settings.data_dir),
        "IPATLAS_SECRET_KEY": secrets.token_urlsafe(16),
    }
    # The server is a separate process started by name (this core package never imports ipatlas.web).
    code = (
        "from ipatlas.config import Settings; from ipatlas.web import serve; "
        f"serve(Settings(), '127.0.0.1', {port}, log_level='warning')"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"

    import random

    rnd = random.Random(12)

    async def main() -> dict[str, list[float]]:
        lat: dict[str, list[float]] = {"todo": [], "healthz": []}
        async with httpx.AsyncClient(base_url=base) as c:
            for _ in range(300):
                try:
                    if (await c.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)

        logged_in: list[int] = []
        ready = asyncio.Event()

        async def user() -> None:
            async with httpx.AsyncClient(base_url=base, timeout=60) as c:
                page = await c.get("/login")
                token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
                await c.post(
                    "/login",
                    data={
                        "username": "han",
                        "password": "bench password 1",
                        "csrf_token": token.group(1) if token else "",
                    },
                )
                # Timing starts when everybody is logged in (argon2 logins are not the page's cost).
                logged_in.append(1)
                if len(logged_in) == users:
                    ready.set()
                await ready.wait()
                await asyncio.sleep(rnd.uniform(0, think[1]))
                for _ in range(requests_per_user):
                    for kind, url in (("todo", "/protection/todo.json"), ("healthz", "/healthz")):
                        t0 = time.perf_counter()
                        r = await c.get(url)
                        assert r.status_code == 200, (url, r.status_code)
                        lat[kind].append(time.perf_counter() - t0)
                    await asyncio.sleep(rnd.uniform(*think))

        await asyncio.gather(*(user() for _ in range(users)))
        return lat

    try:
        lat = asyncio.run(main())
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        tmp.cleanup()
    return {
        "cases": n,
        "users": users,
        "requests": len(lat["todo"]),
        "todo_p50_ms": round(_pct(lat["todo"], 0.5) * 1000, 1),
        "todo_p95_ms": round(_pct(lat["todo"], 0.95) * 1000, 1),
        "healthz_p95_ms": round(_pct(lat["healthz"], 0.95) * 1000, 1),
        "think_s": list(think),
        "target_p95_ms": 150,
    }
