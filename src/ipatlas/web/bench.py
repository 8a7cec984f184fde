"""Load benchmark of the platform: N concurrent users (asyncio + httpx) on loopback only.

The server runs in its own process (uvicorn, one worker) on a free 127.0.0.1 port with a
throwaway workflow database holding one bench account; the data directory's lake is read as
is. Each user logs in, then sends a bounded number of requests over the dashboard (HTML), the
map JSON and the record list, with random regions, years and pages. The baseline, measured in
the same run under the same concurrency, is ``/healthz`` (the server stack's own floor).
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import ConfigError
from ipatlas.store.lake import Lake

TOTAL_TIMEOUT_S = 600


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    xs = sorted(values)
    k = max(0, min(len(xs) - 1, round(q / 100 * (len(xs) - 1))))
    return round(xs[k] * 1000, 1)


def _summary(lat: list[float]) -> dict[str, Any]:
    return {
        "n": len(lat),
        "p50_ms": _pct(lat, 50),
        "p95_ms": _pct(lat, 95),
        "p99_ms": _pct(lat, 99),
        "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None,
    }


def _start_server(settings: Settings, port: int, workflow_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "IPATLAS_DATA_DIR": str(settings.data_dir.resolve()),
        "IPATLAS_DATABASE_URL": workflow_url,
        "IPATLAS_SECRET_KEY": secrets.token_urlsafe(16),
    }
    code = (
        "from ipatlas.config import Settings; from ipatlas.web import serve; "
        f"serve(Settings(), '127.0.0.1', {port}, log_level='warning')"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


async def _wait_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + 60
    async with httpx.AsyncClient(base_url=base) as c:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
                raise ConfigError(f"基准测试服务器启动失败: {err[-500:]}")
            try:
                if (await c.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise ConfigError("基准测试服务器 60 秒内未启动")


async def _login(c: Any, username: str, password: str) -> None:
    page = await c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    res = await c.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1) if token else ""},
    )
    if res.status_code not in (200, 303):
        raise ConfigError(f"基准测试账号登录失败: HTTP {res.status_code}")


async def _user(
    c: Any,
    plan: list[tuple[str, str]],
    lat: dict[str, list[float]],
    errors: list[str],
    rnd: random.Random,
    think: tuple[float, float],
    trace: bool = False,
) -> None:
    import httpx

    # Users start spread over the first think interval, as people do.
    await asyncio.sleep(rnd.uniform(0, think[1]))
    for kind, url in plan:
        t0 = time.perf_counter()
        try:
            r = await c.get(url)
            if r.status_code != 200:
                errors.append(f"{url}: HTTP {r.status_code}")
        except httpx.HTTPError as exc:
            errors.append(f"{url}: {exc!r}")
        lat.setdefault(kind, []).append(time.perf_counter() - t0)
        if trace:
            sys.stderr.write(f"{t0:.3f} {kind} {(time.perf_counter() - t0) * 1000:.1f}\n")
        if kind != "dashboard":  # a page's fragment follows it at once; then the user reads
            await asyncio.sleep(rnd.uniform(*think))


def _plans(
    settings: Settings, users: int, per_user: int, seed: int = 1, fragments: bool = True
) -> tuple[list[list[tuple[str, str]]], dict]:
    con = Lake(settings.lake_dir).connect()
    row = con.execute(
        "SELECT province_code, min(year(filing_date)), max(year(filing_date)), count(*) FROM patents"
        " WHERE province_code IS NOT NULL GROUP BY 1 ORDER BY 4 DESC LIMIT 1"
    ).fetchone()
    if not row:
        raise ConfigError("资源库中没有专利数据：请先运行 `ipatlas demo run`（或导入数据）再做 Web 基准测试")
    province, y0, y1, _n = row
    counties = [
        r[0]
        for r in con.execute(
            "SELECT adcode FROM patents WHERE province_code = ? AND adcode IS NOT NULL GROUP BY 1", [province]
        ).fetchall()
    ]
    total = con.execute("SELECT count(*) FROM patents").fetchone()[0]  # type: ignore[index]
    con.close()
    try:
        from ipatlas.indicators import cube_info

        indicators = fragments and cube_info(settings) is not None
    except Exception:  # no library or no cube: the dashboard has no fragment to load
        indicators = False
    rnd = random.Random(seed)
    years = list(range(max(y0, y1 - 9), y1 + 1))
    plans = []
    for _ in range(users):
        plan = []
        for i in range(per_user):
            region = rnd.choice([province, *counties])
            year = rnd.choice(years)
            kind = ("dashboard", "map", "records")[i % 3]
            if kind == "dashboard":
                plan.append((kind, f"/dashboard?region={region}&year={year}"))
                if indicators:
                    # The page then loads its official-indicator fragment, as the browser does.
                    url = f"/dashboard/indicators?region={region}&year={year}"
                    plan.append(("dashboard_indicators", url))
            elif kind == "map":
                plan.append((kind, f"/map.json?region={province}&year={year}"))
            else:
                plan.append((kind, f"/records.json?region={region}&year={year}&page={rnd.randint(1, 5)}"))
        plans.append(plan)
    meta = {
        "province": province,
        "counties": len(counties),
        "years": [years[0], years[-1]],
        "patents": int(total),
    }
    return plans, meta


async def _run(
    settings: Settings, users: int, per_user: int, think: tuple[float, float], fragments: bool
) -> dict[str, Any]:
    plans, meta = _plans(settings, users, per_user, fragments=fragments)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="ipatlas-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench-workflow.sqlite'}"
        password = secrets.token_urlsafe(12)
        from ipatlas.store import workflow
        from ipatlas.store.models import UserCreate

        with workflow.workflow_session(settings.model_copy(update={"database_url": url})) as s:
            workflow.create_user(s, UserCreate(username="bench", password=password, role="analyst"))
        proc = _start_server(settings, port, url)
        try:
            await _wait_up(base, proc)
            import httpx

            limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
            clients = [httpx.AsyncClient(base_url=base, timeout=30, limits=limits) for _ in range(users)]
            try:
                # Log everybody in first: argon2 verification is deliberately slow and not what is measured.
                for c in clients:
                    await _login(c, "bench", password)
                rnd = random.Random(2)
                # Baseline: the server's floor (/healthz) under the same users and think times.
                base_lat: dict[str, list[float]] = {"healthz": []}
                base_err: list[str] = []
                hz = [("healthz", "/healthz")] * min(per_user, 10)
                await asyncio.gather(*(_user(c, hz, base_lat, base_err, rnd, think) for c in clients))
                lat: dict[str, list[float]] = {"dashboard": [], "map": [], "records": []}
                errors: list[str] = []
                t0 = time.perf_counter()
                await asyncio.gather(
                    *(
                        _user(c, p, lat, errors, rnd, think, settings.bench_trace)
                        for c, p in zip(clients, plans, strict=True)
                    )
                )
                wall = time.perf_counter() - t0
            finally:
                for c in clients:
                    await c.aclose()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    everything = [x for v in lat.values() for x in v]
    p95 = _pct(everything, 95)
    floor = _pct(base_lat["healthz"], 95)
    return {
        "benchmark": "web",
        "users": users,
        "requests_per_user": per_user,
        "think_time_s": list(think),
        "requests": len(everything),
        "errors": len(errors) + len(base_err),
        "error_samples": (errors + base_err)[:5],
        "wall_s": round(wall, 2),
        "throughput_rps": round(len(everything) / wall, 1) if wall else None,
        "overall": _summary(everything),
        "by_endpoint": {k: _summary(v) for k, v in lat.items()},
        "baseline_healthz": _summary(base_lat["healthz"]),
        "p95_ratio_to_healthz": round(p95 / floor, 1) if floor else None,
        "target_p95_ms": 150,
        "meets_target": p95 <= 150 and not errors and not base_err,
        "data": meta,
        "cpu_count": os.cpu_count(),
    }


def run_bench(
    settings: Settings,
    *,
    users: int = 50,
    requests_per_user: int = 20,
    records: int = 0,
    think: tuple[float, float] = (0.5, 2.0),
    fragments: bool = True,
) -> dict[str, Any]:
    """Run the load benchmark against the data directory's lake (demo data expected).

    Each user waits ``think`` seconds (uniform) between requests, like a person reading a page.
    """
    if Lake(settings.lake_dir).rows("patents") == 0 and records:
        _make_demo(settings, records)
    return asyncio.run(
        asyncio.wait_for(_run(settings, users, requests_per_user, think, fragments), TOTAL_TIMEOUT_S)
    )


def _make_demo(settings: Settings, records: int) -> None:
    """Generate and import the demo data set (演示数据) through the real importers."""
    from ipatlas.demo.run import run_demo

    run_demo(settings, records=records)
