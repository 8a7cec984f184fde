"""Benchmark: the overdue sweep and ``cases stats`` against hand-written SQL on N synthetic cases.

The data are inserted in bulk (not through the intake: a million intakes would take hours) with
the same tables and indexes as real cases: one workflow instance per case, an acceptance clock
(stopped for most cases) and a penalty clock for filed cases, a few percent of them overdue.
Baselines are plain SQL strings run on the same connection in the same process. With
``todo_users`` the same database is then served by a separate server process and that many
logged-in handlers load the 我的待办 page's data, with ``/healthz`` timed in the same run as the floor.
SQLite by default (a temporary file); any PostgreSQL URL with ``database_url``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import DateTime, bindparam, select, text

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


COUNTIES = tuple(f"5001{k:02d}" for k in (1, 2, 3, 4, 5, 6, 12, 13, 15, 18))
ASSIGNEES = ("han", *(f"handler{k:02d}" for k in range(1, 9)))


def _stamp(days: np.ndarray, clock: str) -> list[str]:
    """Datetimes as the text both SQLite (SQLAlchemy's storage format) and PostgreSQL accept."""
    return [f"{d} {clock}.000000" for d in np.datetime_as_string(days, unit="D")]


def _bulk(session: Any, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert prepared rows straight through the driver: ``executemany`` on SQLite, ``COPY`` on
    PostgreSQL (an ORM or Core insert of a million dicts takes minutes; this takes seconds)."""
    raw = session.connection().connection.driver_connection
    if session.get_bind().dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
            for r in rows:
                cp.write_row(r)
        return
    marks = ", ".join("?" * len(columns))
    raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _synthetic(n: int, seed: int) -> dict[str, np.ndarray]:
    """The random draws behind ``n`` cases, received in date order (so ids follow dates)."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2019-04-01")
    span = (np.datetime64("2026-11-30") - start).astype(int)
    received = np.sort(start + rng.integers(0, span, n))
    idx = np.arange(n)
    closed = rng.random(n) < np.where(received < np.datetime64("2026-06-01"), 0.985, 0.6)
    return {
        "received": received,
        "filed": rng.random(n) < 0.45,
        "closed": closed,
        "late": rng.random(n) < 0.08,
        "acc_due": builtin_calendar().add_workdays_array(received, 7)[0],
        "close_on": received + (20 + idx % 60),
        "accepted_on": received + 2,
        "penalty_due": received + 92,
        "wd": 14 + idx % 40,
    }


def _instance_rows(d: dict[str, np.ndarray], lo: int, hi: int) -> list[tuple[Any, ...]]:
    now = "2026-12-01 00:00:00.000000"
    opened = _stamp(d["received"][lo:hi], "09:30:00")
    closed_at = _stamp(d["close_on"][lo:hi], "09:30:00")
    rows: list[tuple[Any, ...]] = []
    for k, i in enumerate(range(lo, hi)):
        rid, is_closed = i + 1, bool(d["closed"][i])
        state = "archived" if is_closed else ("investigating" if d["filed"][i] else "registered")
        # One in ten unassigned (the role's pool); the rest spread over nine handlers.
        assignee = None if i % 10 == 0 else ASSIGNEES[i % len(ASSIGNEES)]
        rows.append(
            ("protection_complaint", 1, "case", str(rid), state, 3, assignee, f"{COUNTIES[i % 10]}执法",
             opened[k], closed_at[k] if is_closed else None, "bench", now, f'{{"number": "B{rid}"}}', rid)
        )  # fmt: skip
    return rows


def _case_rows(d: dict[str, np.ndarray], lo: int, hi: int) -> list[tuple[Any, ...]]:
    now = "2026-12-01 00:00:00.000000"
    rec = np.datetime_as_string(d["received"][lo:hi], unit="D")
    rec_at = _stamp(d["received"][lo:hi], "09:30:00")
    acc_at = _stamp(d["accepted_on"][lo:hi], "09:30:00")
    closed_at = _stamp(d["close_on"][lo:hi], "09:30:00")
    rows: list[tuple[Any, ...]] = []
    for k, i in enumerate(range(lo, hi)):
        rid, is_closed, adcode = i + 1, bool(d["closed"][i]), COUNTIES[i % 10]
        state = "archived" if is_closed else ("investigating" if d["filed"][i] else "registered")
        rows.append(
            (rid, f"BENCH-{rid}", "complaint", "trademark", "12315", rec_at[k], str(rec[k]), state, rid,
             adcode, "500100", "500000", adcode, "{}", "{}", "{}", "", 0, "{}", "{}", 1, "bench", now,
             acc_at[k], closed_at[k] if is_closed else None,
             (0 if d["late"][i] else 1) if is_closed else None, int(d["wd"][i]) if is_closed else None)
        )  # fmt: skip
    return rows


def _deadline_rows(d: dict[str, np.ndarray], lo: int, hi: int) -> list[tuple[Any, ...]]:
    started = _stamp(d["received"][lo:hi], "09:30:00")
    acc_day = np.datetime_as_string(d["acc_due"][lo:hi], unit="D")
    acc_due = _stamp(d["acc_due"][lo:hi], "23:59:59")
    stop_acc = _stamp(d["accepted_on"][lo:hi], "09:30:00")
    pen_day = np.datetime_as_string(d["penalty_due"][lo:hi], unit="D")
    pen_due = _stamp(d["penalty_due"][lo:hi], "23:59:59")
    closed_at = _stamp(d["close_on"][lo:hi], "09:30:00")
    rows: list[tuple[Any, ...]] = []
    for k, i in enumerate(range(lo, hi)):
        rid, is_closed = i + 1, bool(d["closed"][i])
        rows.append(
            (rid, "acceptance", 2, "暂行办法", "第十四条", "workdays", 7, "stopped", started[k], acc_due[k],
             str(acc_day[k]), 0, 0, 0, 0, stop_acc[k], 1, 0)
        )  # fmt: skip
        if d["filed"][i]:
            rows.append(
                (rid, "penalty", 2, "行政处罚法", "第六十条", "days", 90,
                 "stopped" if is_closed else "running", started[k], pen_due[k], str(pen_day[k]), 0, 0, 0, 30,
                 closed_at[k] if is_closed else None, (0 if d["late"][i] else 1) if is_closed else None, 0)
            )  # fmt: skip
    return rows


INSTANCE_COLUMNS = [
    "definition", "definition_version", "subject_type", "subject_id", "state", "version", "assignee", "unit",
    "opened_at", "closed_at", "created_by", "updated_at", "data", "id",
]  # fmt: skip
CASE_COLUMNS = [
    "id", "number", "kind", "ip_type", "channel", "received_at", "received_on", "status", "instance_id",
    "adcode", "city_code", "province_code", "region_name", "complainant", "respondent", "right_info", "facts",
    "confidential", "triage", "decision", "is_demo", "created_by", "created_at", "accepted_at", "closed_at",
    "on_time", "workdays_to_close",
]  # fmt: skip
DEADLINE_COLUMNS = [
    "instance_id", "rule_id", "rule_version", "basis_law", "basis_article", "unit", "length", "status",
    "started_at", "due_at", "due_date", "paused_total", "pauses", "extended", "extension_cap", "stopped_at",
    "met", "assumed",
]  # fmt: skip


def populate(session: Any, n: int, *, seed: int = 12, chunk: int = 100_000) -> dict[str, int]:
    """Insert ``n`` synthetic cases with their instances and clocks (SQLite or PostgreSQL) in bulk."""
    d = _synthetic(n, seed)
    deadlines = 0
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        _bulk(session, "wf_instances", INSTANCE_COLUMNS, _instance_rows(d, lo, hi))
        _bulk(session, "cases", CASE_COLUMNS, _case_rows(d, lo, hi))
        dl = _deadline_rows(d, lo, hi)
        _bulk(session, "wf_deadlines", DEADLINE_COLUMNS, dl)
        deadlines += len(dl)
    if session.get_bind().dialect.name == "postgresql":
        # COPY'd ids do not advance the sequences; later inserts (users, reminders) must not collide.
        for table in ("wf_instances", "cases"):
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {max(n, 1)})"))
    session.execute(text("ANALYZE"))
    return {"cases": n, "deadlines": deadlines}


def _query_timings(S: Any) -> dict[str, Any]:
    """The sweep's query and ``cases stats`` for 2025, each against its hand-written SQL."""
    from ipatlas.protection.cases import stats
    from ipatlas.workflow.engine import SWEEP_COLUMNS, due_conditions
    from ipatlas.workflow.models import WfDeadline, WfInstance

    with S() as s:
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
            q = text(HAND_SWEEP).bindparams(bindparam("horizon", type_=DateTime))
            return len(s.execute(q, {"horizon": horizon}).all())

        a, b = dt.date(2025, 1, 1), dt.date(2025, 12, 31)

        def hand_stats() -> tuple[Any, ...]:
            row = s.execute(text(HAND_STATS), {"a": a, "b": b}).one()
            q = text(HAND_OVERDUE).bindparams(bindparam("t", type_=DateTime))
            return (*row, s.execute(q, {"a": a, "b": b, "t": AS_OF}).scalar())

        sweep_s, found = _best(engine_find)
        hand_sweep_s, hand_found = _best(hand_find)
        stats_s, st = _best(lambda: stats(s, year=2025, as_of=AS_OF))
        hand_stats_s, hs = _best(hand_stats)
    mine = (st["received"], st["accepted"], st["closed"], st["closed_on_time"], st["overdue"])
    return {
        "due_found": found,
        "sweep_find_s": round(sweep_s, 4),
        "hand_sweep_s": round(hand_sweep_s, 4),
        "sweep_ratio": round(sweep_s / hand_sweep_s, 2) if hand_sweep_s else None,
        "sweep_agrees": found == hand_found,
        "stats_s": round(stats_s, 4),
        "hand_stats_s": round(hand_stats_s, 4),
        "stats_ratio": round(stats_s / hand_stats_s, 2) if hand_stats_s else None,
        "stats_agree": mine == (hs[0], hs[1], hs[2], int(hs[3] or 0), hs[5]),
        "stats_2025": {k: st[k] for k in ("received", "closed", "overdue", "on_time_rate")},
    }


def _first_sweep(S: Any) -> dict[str, Any]:
    """The daily sweep's first run (writes one reminder per due/overdue clock)."""
    from ipatlas.protection.cases import case_sweep

    with S() as s, s.begin():
        t0 = time.perf_counter()
        sw = case_sweep(s, as_of=AS_OF)
        return {
            "full_sweep_first_run_s": round(time.perf_counter() - t0, 2),
            "notifications_written": sw["notifications"],
        }


def run_benchmark(
    n: int = 100_000,
    *,
    database_url: str | None = None,
    keep: Path | None = None,
    todo_users: int = 0,
    todo_requests: int = 10,
    todo_workers: int = 1,
) -> dict[str, Any]:
    """Populate ``n`` cases once, time the sweep and ``cases stats`` against hand SQL, then (with
    ``todo_users``) the 我的待办 page under load on the same database, and the first full sweep."""
    from ipatlas.store.workflow import make_engine, migrate, session_factory

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
        out: dict[str, Any] = {
            "cases": n,
            "deadlines": sizes["deadlines"],
            "backend": engine.url.get_backend_name(),
            "load_s": round(time.perf_counter() - t0, 1),
            **_query_timings(S),
        }
        if todo_users:
            out["todo_page"] = run_todo_benchmark(
                settings, S, users=todo_users, requests_per_user=todo_requests, workers=todo_workers
            )
        out.update(_first_sweep(S))
        return out
    finally:
        engine.dispose()
        tmp.cleanup()


# ---- 待办 page under load ------------------------------------------------------------------------
def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))] if s else float("nan")


BENCH_PASSWORD = "bench password 1"


def _start_server(settings: Settings, workers: int = 1) -> tuple[Any, str]:
    """A server process on a free loopback port over ``settings``' database (started by name:
    this core package never imports ipatlas.web)."""
    import os
    import secrets
    import socket
    import subprocess
    import sys

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "IPATLAS_DATA_DIR": str(settings.data_dir),
        "IPATLAS_SECRET_KEY": secrets.token_urlsafe(16),
    }
    if settings.database_url:
        env["IPATLAS_DATABASE_URL"] = settings.database_url
    code = (
        "from ipatlas.config import Settings; from ipatlas.web import serve; "
        f"serve(Settings(), '127.0.0.1', {port}, log_level='warning', workers={int(workers)})"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return proc, f"http://127.0.0.1:{port}"


async def _load(
    base: str, users: int, requests_per_user: int, think: tuple[float, float]
) -> dict[str, list[float]]:
    """``users`` logged-in handlers (spread over the synthetic assignees), each loading the to-do
    data ``requests_per_user`` times with ``think`` seconds between pages, ``/healthz`` beside it."""
    import asyncio
    import random
    import re

    import httpx

    rnd = random.Random(12)
    lat: dict[str, list[float]] = {"todo": [], "healthz": []}
    async with httpx.AsyncClient(base_url=base) as c:
        for _ in range(300):
            try:
                if (await c.get("/healthz")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)

    async def login(c: httpx.AsyncClient, username: str) -> None:
        page = await c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        form = {
            "username": username,
            "password": BENCH_PASSWORD,
            "csrf_token": token.group(1) if token else "",
        }
        res = await c.post("/login", data=form)
        # Loaded once after logging in: argon2 logins and the server's first imports are not the
        # page's cost, so timing starts when everybody is in.
        first = await c.get("/protection/todo.json")
        if res.status_code not in (200, 303) or first.status_code != 200:
            raise RuntimeError(f"{username} 登录或待办页失败: HTTP {res.status_code}/{first.status_code}")

    async def user(c: httpx.AsyncClient) -> None:
        await asyncio.sleep(rnd.uniform(0, think[1]))
        for _ in range(requests_per_user):
            for kind, url in (("todo", "/protection/todo.json"), ("healthz", "/healthz")):
                t0 = time.perf_counter()
                r = await c.get(url)
                if r.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {r.status_code}")
                lat[kind].append(time.perf_counter() - t0)
            await asyncio.sleep(rnd.uniform(*think))

    clients = [httpx.AsyncClient(base_url=base, timeout=60) for _ in range(users)]
    try:
        # One after the other, as the web benchmark does: the server bounds argon2 work.
        for k, c in enumerate(clients):
            await login(c, ASSIGNEES[k % len(ASSIGNEES)])
        await asyncio.gather(*(user(c) for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    return lat


def run_todo_benchmark(
    settings: Settings,
    S: Any,
    *,
    users: int = 50,
    requests_per_user: int = 10,
    think: tuple[float, float] = (0.5, 2.0),
    workers: int = 1,
) -> dict[str, Any]:
    """p50/p95 of ``/protection/todo.json`` (the 我的待办 page's data) with ``users`` concurrent
    logged-in handlers against a server process over the populated database; floor ``/healthz``.
    Each user waits ``think`` seconds (uniform) between pages; ``think=(0, 0)`` is a closed loop."""
    import asyncio

    from argon2 import PasswordHasher

    from ipatlas.store.models import User

    digest = PasswordHasher().hash(BENCH_PASSWORD)
    with S() as s, s.begin():
        for name in ASSIGNEES:
            s.add(User(username=name, display_name=name, password_hash=digest, role="handler", active=True))
    proc, base = _start_server(settings, workers)
    try:
        lat = asyncio.run(_load(base, users, requests_per_user, think))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {
        "users": users,
        "requests": len(lat["todo"]),
        "todo_p50_ms": round(_pct(lat["todo"], 0.5) * 1000, 1),
        "todo_p95_ms": round(_pct(lat["todo"], 0.95) * 1000, 1),
        "healthz_p50_ms": round(_pct(lat["healthz"], 0.5) * 1000, 1),
        "healthz_p95_ms": round(_pct(lat["healthz"], 0.95) * 1000, 1),
        "think_s": list(think),
        "workers": workers,
        "target_p95_ms": 150,
    }
