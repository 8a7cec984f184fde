"""Load benchmark of the platform: N concurrent users (asyncio, the lean client of
``ipatlas.web.loadgen``) on loopback only.

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
from ipatlas.web.loadgen import LeanClient, LoadClientError

TOTAL_TIMEOUT_S = 600
WARMUP_S = 10.0  # the arrival burst of all users on fresh workers (see _result)


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
    c: LeanClient,
    plan: list[tuple[str, str]],
    lat: dict[str, list[float]],
    errors: list[str],
    rnd: random.Random,
    think: tuple[float, float],
    trace: bool = False,
    timeline: list[tuple[float, float]] | None = None,
) -> None:
    # Users start spread over the first think interval, as people do.
    await asyncio.sleep(rnd.uniform(0, think[1]))
    for kind, url in plan:
        t0 = time.perf_counter()
        try:
            status, _size = await c.get(url)
            if status != 200:
                errors.append(f"{url}: HTTP {status}")
        except (OSError, TimeoutError, asyncio.IncompleteReadError, LoadClientError) as exc:
            errors.append(f"{url}: {exc!r}")
        lat.setdefault(kind, []).append(time.perf_counter() - t0)
        if timeline is not None:
            timeline.append((t0, time.perf_counter() - t0))
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


async def _load(
    base: str,
    plans: list[list[tuple[str, str]]],
    password: str,
    think: tuple[float, float],
    *,
    logins_at_once: int = 1,
    timeout: float = 30,
    background: Any = None,
    trace: bool = False,
    timeline: list[tuple[float, float]] | None = None,
) -> tuple[dict[str, list[float]], list[str], dict[str, list[float]], list[str], float, Any]:
    """Log every user in, measure the ``/healthz`` floor under the same users and think times,
    then run the plans. ``background`` (a blocking callable) starts with the plans in a thread,
    and the users keep loading pages until it ends; its return value is passed back."""
    import httpx

    host, port = base.removeprefix("http://").rsplit(":", 1)
    # Log everybody in first (httpx: forms, redirects): argon2 verification is deliberately slow
    # and not what is measured. The measured requests then go through the lean client.
    gate = asyncio.Semaphore(logins_at_once)

    async def login() -> LeanClient:
        async with gate, httpx.AsyncClient(base_url=base, timeout=timeout) as c:
            await _login(c, "bench", password)
            return LeanClient(host, int(port), dict(c.cookies.items()), timeout=timeout)

    clients = list(await asyncio.gather(*(login() for _ in plans)))
    try:
        rnd = random.Random(2)
        # Baseline: the server's floor (/healthz) under the same users and think times.
        base_lat: dict[str, list[float]] = {"healthz": []}
        base_err: list[str] = []
        hz = [("healthz", "/healthz")] * min(max(len(p) for p in plans), 10)
        await asyncio.gather(*(_user(c, hz, base_lat, base_err, rnd, think) for c in clients))
        lat: dict[str, list[float]] = {"dashboard": [], "map": [], "records": []}
        errors: list[str] = []
        t0 = time.perf_counter()
        task = asyncio.create_task(asyncio.to_thread(background)) if background else None

        async def user(c: Any, plan: list[tuple[str, str]]) -> None:
            await _user(c, plan, lat, errors, rnd, think, trace, timeline)
            while task is not None and not task.done():  # keep the load on until the background ends
                await _user(c, plan, lat, errors, rnd, think, trace, timeline)

        await asyncio.gather(*(user(c, p) for c, p in zip(clients, plans, strict=True)))
        done = await task if task is not None else None
        wall = time.perf_counter() - t0
    finally:
        for c in clients:
            await c.aclose()
    return base_lat, base_err, lat, errors, wall, done


def _result(
    name: str,
    lat: dict[str, list[float]],
    errors: list[str],
    base_lat: dict[str, list[float]],
    base_err: list[str],
    wall: float,
    timeline: list[tuple[float, float]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    everything = [x for v in lat.values() for x in v]
    p95, floor = _pct(everything, 95), _pct(base_lat["healthz"], 95)
    steady = {}
    if timeline:
        # All users arrive within the first think interval on workers that have served nothing:
        # reported apart, the requests that started after that burst (the target is on the whole).
        start = min(t for t, _ in timeline)
        later = [dt for t, dt in timeline if t - start >= WARMUP_S]
        steady = {"after_warmup": {"skip_s": WARMUP_S, **_summary(later)}}
    return {
        "benchmark": name,
        **extra,
        "requests": len(everything),
        "errors": len(errors) + len(base_err),
        "error_samples": (errors + base_err)[:5],
        "wall_s": round(wall, 2),
        "throughput_rps": round(len(everything) / wall, 1) if wall else None,
        "overall": _summary(everything),
        "by_endpoint": {k: _summary(v) for k, v in lat.items() if v},
        **steady,
        "baseline_healthz": _summary(base_lat["healthz"]),
        "p95_ratio_to_healthz": round(p95 / floor, 1) if floor else None,
        "target_p95_ms": 150,
        "meets_target": p95 <= 150 and not errors and not base_err,
        "cpu_count": os.cpu_count(),
    }


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
            base_lat, base_err, lat, errors, wall, _ = await _load(
                base, plans, password, think, trace=settings.bench_trace
            )
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    res = _result(
        "web", lat, errors, base_lat, base_err, wall,
        users=users, requests_per_user=per_user, think_time_s=list(think),
    )  # fmt: skip
    res["data"] = meta
    return res


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


# ---- ipatlas bench serve: N workers on PostgreSQL, optionally during an import + cube recompute ----
SERVE_START_TIMEOUT_S = 240


def _serve_data_dir(lake: Path | None, tmp: Path, records: int) -> tuple[Path, str]:
    """The data directory the workers read: a given one (``PATH/lake`` present), a given lake
    (``PATH/_manifest.json``: linked into a scratch data directory), else generated demo data."""
    if lake is None:
        data = tmp / "data"
        s = Settings(data_dir=data)
        s.ensure_dirs()
        _make_demo(s, records)
        return data, f"generated demo data ({records} records)"
    lake = lake.resolve()
    if (lake / "lake" / "_manifest.json").is_file():
        return lake, f"data directory {lake}"
    if (lake / "_manifest.json").is_file():
        data = tmp / "data"
        data.mkdir(parents=True)
        (data / "lake").symlink_to(lake, target_is_directory=True)
        return data, f"lake {lake}"
    raise ConfigError(
        f"--lake {lake}: 既不是数据目录（含 lake/_manifest.json）也不是数据湖（含 _manifest.json）"
    )


def _start_workers(data: Path, url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "IPATLAS_DATA_DIR": str(data),
        "IPATLAS_DATABASE_URL": url,
        "IPATLAS_SECRET_KEY": secrets.token_urlsafe(48),
        "IPATLAS_PORTAL_LIMITS": "page=100000/minute,search=100000/minute",
    }
    with log.open("wb") as err:  # a file, not a pipe: N workers' logs would fill a pipe and block them
        return subprocess.Popen(
            [sys.executable, "-m", "ipatlas.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", str(workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True,
        )  # fmt: skip


def _stop(proc: subprocess.Popen[bytes]) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


async def _wait_serving(base: str, proc: subprocess.Popen[bytes], log: Path) -> float:
    import httpx

    t0 = time.monotonic()
    async with httpx.AsyncClient(base_url=base) as c:
        while time.monotonic() - t0 < SERVE_START_TIMEOUT_S:
            if proc.poll() is not None:
                raise ConfigError(f"基准测试服务器启动失败: {log.read_text('utf-8', 'replace')[-500:]}")
            try:
                if (await c.get("/healthz")).status_code == 200:
                    return time.monotonic() - t0
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.3)
    raise ConfigError(f"基准测试服务器 {SERVE_START_TIMEOUT_S} 秒内未启动（日志 {log}）")


def _background_import(data: Path, url: str, rows: int, work: Path, years: list[int]) -> dict[str, Any]:
    """Import ``rows`` generated patents into the served data directory, then recompute the cube
    for ``years`` (both as CLI processes, as an operator would run them while the platform serves)."""
    from ipatlas.ingest.bench import generate_standard_csv

    csv_path = generate_standard_csv(work / "during-import.csv", rows, seed=7)
    env = {**os.environ, "IPATLAS_DATA_DIR": str(data), "IPATLAS_DATABASE_URL": url}
    out: dict[str, Any] = {"rows": rows, "cube_years": f"{years[0]}-{years[-1]}"}
    for step, args in (
        ("import", ["ingest", "patents", str(csv_path), "--json"]),
        (
            "cube",
            ["indicators", "compute", "--industries", "wipo", "--years", f"{years[0]}-{years[-1]}", "--json"],
        ),
    ):
        t0 = time.perf_counter()
        res = subprocess.run(
            [sys.executable, "-m", "ipatlas.cli", *args], env=env, capture_output=True, text=True, check=False
        )
        out[f"{step}_s"] = round(time.perf_counter() - t0, 1)
        out[f"{step}_ok"] = res.returncode == 0
        if res.returncode != 0:
            out[f"{step}_error"] = (res.stderr or res.stdout)[-300:]
            break
    return out


async def _serve_run(
    data: Path, url: str, *, users: int, workers: int, per_user: int, think: tuple[float, float],
    during_import: int, work: Path,
) -> dict[str, Any]:  # fmt: skip
    from ipatlas.store import workflow
    from ipatlas.store.models import UserCreate

    settings = Settings(data_dir=data, database_url=url)
    plans, meta = _plans(settings, users, per_user)
    password = secrets.token_urlsafe(12)
    with workflow.workflow_session(settings) as s:
        workflow.create_user(s, UserCreate(username="bench", password=password, role="analyst"))
    # The page files a large lake's workers share are built first (as they are after the first
    # minutes of serving a new lake version): the run measures serving, not that build.
    from ipatlas.web.services.source import DataSource

    source = DataSource(settings)
    try:
        page_files_s = source.prepare_page_files()
    finally:
        source.close()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    timeline: list[tuple[float, float]] = []
    log = work / "serve.log"
    proc = _start_workers(data, url, port, workers, log)
    try:
        started_s = await _wait_serving(base, proc, log)
        await asyncio.sleep(2.0)  # the other workers finish starting after the first one answers
        last = int(meta["years"][1])
        background = (
            (lambda: _background_import(data, url, during_import, work, [last - 2, last]))
            if during_import
            else None
        )
        base_lat, base_err, lat, errors, wall, done = await _load(
            base, plans, password, think, logins_at_once=workers * 2, timeout=60, background=background,
            timeline=timeline,
        )  # fmt: skip
    finally:
        _stop(proc)
    res = _result(
        "serve", lat, errors, base_lat, base_err, wall, timeline,
        users=users, workers=workers, database=url.split("://", 1)[0], requests_per_user=per_user,
        think_time_s=list(think), server_start_s=round(started_s, 1), page_files_s=round(page_files_s, 1),
    )  # fmt: skip
    res["during_import"] = done
    res["data"] = meta
    return res


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def run_serve_bench(
    *,
    users: int = 200,
    workers: int = 4,
    requests_per_user: int = 10,
    database_url: str | None = None,
    lake: Path | None = None,
    records: int = 20_000,
    think: tuple[float, float] = (0.5, 2.0),
    during_import: int = 0,
) -> dict[str, Any]:
    """``users`` concurrent users against ``ipatlas serve --workers N`` on PostgreSQL (a throwaway
    cluster unless ``database_url`` is given) over ``lake`` (default: generated demo data).

    ``during_import`` > 0: that many generated patents are imported into the served data directory
    and the cube recomputed while the users keep loading pages (only on generated data: a given
    lake is never written)."""
    if during_import and lake is not None:
        raise ConfigError("--during-import 只用于生成的数据目录：不会向给定的数据湖写入")
    import signal

    from ipatlas.maintenance import pgcluster

    # SIGTERM (``timeout``, a CI runner) unwinds like Ctrl-C, so the workers and the throwaway
    # cluster are stopped by the ``finally`` blocks instead of being left running.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _run_serve_bench(
            users=users, workers=workers, requests_per_user=requests_per_user, database_url=database_url,
            lake=lake, records=records, think=think, during_import=during_import, pgcluster=pgcluster,
        )  # fmt: skip
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_serve_bench(
    *, users: int, workers: int, requests_per_user: int, database_url: str | None, lake: Path | None,
    records: int, think: tuple[float, float], during_import: int, pgcluster: Any,
) -> dict[str, Any]:  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="ipatlas-bench-serve-") as tmp_name:
        tmp = Path(tmp_name)
        data, source = _serve_data_dir(lake, tmp, records)
        cluster = None
        url = database_url
        if url is None:
            cluster = pgcluster.start_cluster(max_connections=max(100, workers * 20 + 20))
            url = cluster.url(cluster.create_database())
        try:
            res = asyncio.run(
                asyncio.wait_for(
                    _serve_run(
                        data, url, users=users, workers=workers, per_user=requests_per_user, think=think,
                        during_import=during_import, work=tmp,
                    ),
                    TOTAL_TIMEOUT_S * 3,
                )
            )  # fmt: skip
        finally:
            if cluster is not None:
                pgcluster.stop_cluster(cluster)
    res["data"]["source"] = source
    res["database"] = "throwaway PostgreSQL cluster" if database_url is None else res["database"]
    return res
