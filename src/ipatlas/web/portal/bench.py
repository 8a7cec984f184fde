"""Load benchmark of the portal: N concurrent anonymous users (asyncio, the lean client of
``ipatlas.web.loadgen``) on loopback.

The server runs in its own process (uvicorn, one worker) over a data directory whose library
holds the shared texts; the portal's rate limits are raised for the run (every user comes from
127.0.0.1). Each user requests the home page, a search, a law, an article and the statistics in
random order; the baseline under the same concurrency is ``/healthz``.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import subprocess
import sys
import time
from typing import Any

from ipatlas.config import Settings
from ipatlas.web.bench import _free_port, _summary, _wait_up
from ipatlas.web.loadgen import LeanClient, LoadClientError

SEARCHES = [
    "专利权的期限",
    "惩罚性赔偿",
    "商标 许可",
    "职务发明创造",
    "技术调查官",
    "网络 著作权",
    "行政处罚",
]


def _start(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "IPATLAS_DATA_DIR": str(settings.data_dir.resolve()),
        "IPATLAS_SECRET_KEY": secrets.token_urlsafe(16),
        "IPATLAS_PORTAL_LIMITS": "page=1000000/minute,search=1000000/minute",
    }
    if settings.database_url:
        env["IPATLAS_DATABASE_URL"] = settings.database_url
    code = (
        "from ipatlas.config import Settings; from ipatlas.web import serve; "
        f"serve(Settings(), '127.0.0.1', {port}, log_level='warning')"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


async def _run(
    base: str, users: int, per_user: int, doc_ids: list[int], seed: int, think: tuple[float, float]
) -> dict[str, Any]:
    import httpx

    rng = random.Random(seed)
    pages: dict[str, list[float]] = {}
    base_lat: list[float] = []
    statuses: dict[int, int] = {}

    def urls() -> list[tuple[str, str]]:
        out = []
        for _ in range(per_user):
            kind = rng.choice(["home", "search", "law", "article", "stats"])
            doc = rng.choice(doc_ids)
            url = {
                "home": "/portal",
                "search": f"/portal/policies?q={rng.choice(SEARCHES)}",
                "law": f"/portal/policies/{doc}",
                "article": f"/portal/policies/{doc}/art-{rng.randint(1, 3)}",
                "stats": "/portal/stats",
            }[kind]
            out.append((kind, url))
        return out

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        # Each law page once (as a crawler or the first visitors would) and one search, which
        # loads the jieba dictionary (~1 s, once per server process).
        for doc in doc_ids:
            await client.get(f"/portal/policies/{doc}")
        await client.get("/portal/policies?q=专利")
    host, port = base.removeprefix("http://").rsplit(":", 1)

    async def user(plan: list[tuple[str, str]], baseline: bool) -> None:
        # One connection per visitor, through the lean client: httpx's own CPU would be taken
        # from the server on this shared box (ipatlas.web.loadgen).
        client = LeanClient(host, int(port), timeout=60)
        await asyncio.sleep(rng.uniform(0, think[1]))  # arrivals spread, as people come
        try:
            for kind, url in plan:
                t0 = time.perf_counter()
                try:
                    status, _size = await client.get("/healthz" if baseline else url)
                except (OSError, TimeoutError, asyncio.IncompleteReadError, LoadClientError):
                    status = 0  # counted, as a failed request is
                dt_s = time.perf_counter() - t0
                statuses[status] = statuses.get(status, 0) + 1
                if baseline:
                    base_lat.append(dt_s)
                else:
                    pages.setdefault(kind, []).append(dt_s)
                await asyncio.sleep(rng.uniform(*think))
        finally:
            await client.aclose()

    plans = [urls() for _ in range(users)]
    t0 = time.perf_counter()
    await asyncio.gather(*(user(p, True) for p in plans))
    base_wall = time.perf_counter() - t0
    t0 = time.perf_counter()
    await asyncio.gather(*(user(p, False) for p in plans))
    wall = time.perf_counter() - t0
    every = [x for v in pages.values() for x in v]
    return {
        "users": users,
        "per_user": per_user,
        "think_time_s": list(think),
        "all_pages": {**_summary(every), "rps": round(len(every) / wall, 1)},
        "by_page": {k: _summary(v) for k, v in sorted(pages.items())},
        "baseline_healthz": {**_summary(base_lat), "rps": round(len(base_lat) / base_wall, 1)},
        "statuses": statuses,
        "target_p95_ms": 100,
    }


def bench_portal(
    settings: Settings,
    *,
    users: int = 100,
    per_user: int = 10,
    think: tuple[float, float] = (0.5, 2.0),
    seed: int = 15,
) -> dict[str, Any]:
    from sqlalchemy import select

    from ipatlas.library.models import LawDocument
    from ipatlas.store import workflow

    with workflow.workflow_session(settings) as session:
        doc_ids = list(session.scalars(select(LawDocument.id).where(LawDocument.is_demo.is_(False))))
    port = _free_port()
    proc = _start(settings, port)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(_wait_up(base, proc))
        return asyncio.run(_run(base, users, per_user, doc_ids, seed, think))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
