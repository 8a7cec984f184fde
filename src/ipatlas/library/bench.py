"""``ipatlas bench library``: import time of the shared texts, and search latency over a generated
corpus (10,000 documents / 500,000 articles built from the real texts) against the LIKE-scan
baseline that returns the same articles, alone and at N concurrent users (SQLite)."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from ipatlas.config import Settings
from ipatlas.errors import ConfigError
from ipatlas.library.importer import import_path
from ipatlas.library.models import LawArticle, LawDocument
from ipatlas.library.search import search
from ipatlas.library.text import normalise_title
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.store import workflow

# Phrases an official would type: exact phrases, several words, words apart, short terms.
QUERIES = [
    "发明专利权的期限为二十年",
    "注册商标的有效期为十年",
    "职务发明创造",
    "惩罚性赔偿",
    "技术调查官",
    "商标使用许可 三类",
    "专利侵权赔偿数额",
    "驰名商标 不相类似商品",
    "信息网络传播权",
    "行政处罚 听证",
    "商业秘密 保密措施",
    "集成电路布图设计",
]


def _pct(values: list[float], q: float) -> float:
    xs = sorted(values)
    k = max(0, min(len(xs) - 1, round(q / 100 * (len(xs) - 1))))
    return round(xs[k] * 1000, 2)


def _summary(lat: list[float]) -> dict[str, Any]:
    return {
        "n": len(lat),
        "p50_ms": _pct(lat, 50),
        "p95_ms": _pct(lat, 95),
        "p99_ms": _pct(lat, 99),
        "mean_ms": round(statistics.fmean(lat) * 1000, 2),
    }


def policies_dir(settings: Settings) -> Path:
    folder = Path(settings.shared_dir) / "data" / "policies"
    if not (folder / "metadata.csv").is_file():
        raise ConfigError(f"共享法规文本不存在: {folder}")
    return folder


def bench_import(settings: Settings) -> dict[str, Any]:
    """Import the shared texts into an empty database, then again (nothing changes)."""
    folder = policies_dir(settings)
    workflow.migrate(settings)
    started = time.perf_counter()
    with workflow.workflow_session(settings) as session:
        first = import_path(session, folder)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    with workflow.workflow_session(settings) as session:
        again = import_path(session, folder)
    again_s = time.perf_counter() - started
    counts = {k: first[k] for k in ("read", "loaded", "duplicates", "quarantined", "articles")}
    return {
        "counts": counts,
        "seconds": round(first_s, 2),
        "reimport_seconds": round(again_s, 2),
        "reimport_loaded": again["loaded"],
        "target_s": 10,
    }


def generate_corpus(
    settings: Settings,
    *,
    documents: int,
    articles: int,
    seed: int = 15,
    progress: ProgressCallback = no_progress,
) -> dict[str, int]:
    """Fill the (already imported) library up to ``documents``/``articles`` with 演示数据 copies of
    the real articles (random articles of random real laws per generated document)."""
    rng = random.Random(seed)
    workflow.migrate(settings)  # a corpus kept from an earlier run gets the current indexes
    engine = workflow.make_engine(settings)
    mark = "?" if engine.dialect.name == "sqlite" else "%s"
    try:
        with workflow.session_factory(engine)() as session:
            docs = session.execute(
                select(LawDocument.id, LawDocument.title, LawDocument.level, LawDocument.category)
            ).all()
            pool = session.execute(
                select(LawArticle.text, LawArticle.words).where(LawArticle.kind == "article")
            ).all()
            have_docs = len(docs)
            have_arts = session.scalar(text("SELECT count(*) FROM library_articles")) or 0
            next_doc = (session.scalar(text("SELECT max(id) FROM library_documents")) or 0) + 1
            next_art = (session.scalar(text("SELECT max(id) FROM library_articles")) or 0) + 1
        add_docs = max(0, documents - have_docs)
        add_arts = max(0, articles - int(have_arts))
        if add_docs == 0:
            return {"documents": have_docs, "articles": int(have_arts), "generated_documents": 0}
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
            per_doc = add_arts // add_docs
            extra = add_arts - per_doc * add_docs
            doc_rows: list[tuple[Any, ...]] = []
            art_rows: list[tuple[Any, ...]] = []
            for i in range(add_docs):
                _, title, level, category = docs[rng.randrange(have_docs)]
                title = f"{title}（演示副本{i + 1}）"
                doc_id = next_doc + i
                day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000))
                doc_rows.append(
                    (
                        doc_id,
                        normalise_title(title),
                        title,
                        level,
                        category,
                        day.isoformat(),
                        day.isoformat(),
                        "有效",
                        "演示数据",
                        f"bench-{i + 1}",
                        "0" * 64,
                        "[]",
                        True,
                        now,
                    )
                )
                for n in range(1, per_doc + (1 if i < extra else 0) + 1):
                    body, words = pool[rng.randrange(len(pool))]
                    art_rows.append(
                        (next_art, doc_id, n, "article", n, f"第{n}条", f"art-{n}", None, body, "[]", words)
                    )
                    next_art += 1
                if len(art_rows) >= 20_000 or i == add_docs - 1:
                    cur.executemany(
                        "INSERT INTO library_documents (id, work_key, title, level, category, promulgated_on,"
                        " effective_on, status, source, source_file, body_hash, notes, is_demo, imported_at)"
                        f" VALUES ({','.join([mark] * 14)})",
                        doc_rows,
                    )
                    cur.executemany(
                        "INSERT INTO library_articles (id, document_id, seq, kind, number, label, anchor,"
                        f" heading, text, paragraphs, words) VALUES ({','.join([mark] * 11)})",
                        art_rows,
                    )
                    doc_rows, art_rows = [], []
                    progress(i + 1, add_docs, "生成演示法规")
            raw.commit()
            if mark == "?":
                cur.execute("INSERT INTO library_fts_trigram(library_fts_trigram) VALUES ('optimize')")
                cur.execute("INSERT INTO library_fts_words(library_fts_words) VALUES ('optimize')")
            else:  # explicit ids: move the sequences past them
                for t in ("library_documents", "library_articles"):
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"
                    )
            cur.execute("ANALYZE")
            raw.commit()
        finally:
            raw.close()
        with workflow.session_factory(engine)() as session:
            total_docs = session.scalar(text("SELECT count(*) FROM library_documents")) or 0
            total_arts = session.scalar(text("SELECT count(*) FROM library_articles")) or 0
        return {"documents": int(total_docs), "articles": int(total_arts), "generated_documents": add_docs}
    finally:
        engine.dispose()


def _search_engine(settings: Settings, users: int) -> Any:
    """An engine with one pooled connection per user thread (a read connection per worker)."""
    from sqlalchemy import create_engine

    workflow.make_engine(settings).dispose()  # creates the directory / checks the URL
    url = workflow.normalise_url(settings.workflow_url)
    if url.startswith("sqlite"):
        return create_engine(
            url, pool_size=users + 2, max_overflow=0, connect_args={"check_same_thread": False, "timeout": 30}
        )
    return create_engine(url, pool_size=users + 2, max_overflow=0)


def _baseline(session: Any, q: str) -> dict[str, Any]:
    """The LIKE scan returning the same articles: no index (on PostgreSQL index scans are
    switched off for the transaction, so pg_trgm does not serve the LIKE conditions)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL enable_bitmapscan = off"))
        session.execute(text("SET LOCAL enable_indexscan = off"))
    try:
        return search(session, q, limit=20, scan=True)
    finally:
        session.rollback()


def measure_single(factory: Any, repeats: int) -> list[dict[str, Any]]:
    """Each query alone: median of ``repeats`` uncached runs with per-step times, against the scan."""
    rows: list[dict[str, Any]] = []
    with factory() as session:
        for q in QUERIES:
            search(session, q, limit=20, cache=False)  # warm
            runs: list[tuple[float, dict[str, float]]] = []
            for _ in range(repeats):
                steps: dict[str, float] = {}
                t0 = time.perf_counter()
                res = search(session, q, limit=20, cache=False, timings=steps)
                runs.append((time.perf_counter() - t0, steps))
            t0 = time.perf_counter()
            base = _baseline(session, q)
            scan_s = time.perf_counter() - t0
            same = [h["id"] for h in res["hits"]] == [h["id"] for h in base["hits"]] and (
                res["total"],
                res["total_exact"],
            ) == (base["total"], base["total_exact"])
            idx, steps = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
            rows.append(
                {
                    "query": q,
                    "total": res["total"],
                    "total_exact": res["total_exact"],
                    "indexed_ms": round(idx * 1000, 2),
                    "steps_ms": steps,
                    "scan_ms": round(scan_s * 1000, 1),
                    "ratio": round(scan_s / idx, 1) if idx else None,
                    "same_results": same,
                }
            )
    return rows


def measure_concurrent(
    factory: Any,
    *,
    users: int,
    per_user: int,
    think: tuple[float, float],
    seed: int,
    cache: bool,
    raw: bool = False,
) -> dict[str, Any]:
    """``users`` threads, each with its own connection, searching with ``think`` seconds pauses."""
    rng = random.Random(seed)
    plans = [[rng.choice(QUERIES) for _ in range(per_user)] for _ in range(users)]
    pauses = [
        [rng.uniform(0, think[1])] + [rng.uniform(*think) for _ in range(per_user)] for _ in range(users)
    ]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(users)

    def user(queries: list[str], waits: list[float]) -> None:
        mine: list[float] = []
        with factory() as s:
            barrier.wait()
            time.sleep(waits[0])  # users arrive spread over the first think interval
            for q, pause in zip(queries, waits[1:], strict=True):
                t0 = time.perf_counter()
                try:
                    search(s, q, limit=20, cache=cache)
                except Exception as exc:  # recorded: a benchmark reports, it does not stop
                    errors.append(f"{q}: {exc}")
                mine.append(time.perf_counter() - t0)
                time.sleep(pause)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=user, args=(p, w)) for p, w in zip(plans, pauses, strict=True)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    return {
        **_summary(latencies),
        "users": users,
        "per_user": per_user,
        "think_time_s": list(think),
        "result_cache": cache,
        "throughput_qps": round(len(latencies) / wall, 1),
        "errors": errors[:5],
        **({"latencies_s": latencies} if raw else {}),
    }


def _concurrent_part(args: tuple[Settings, int, int, tuple[float, float], int, bool]) -> dict[str, Any]:
    """One worker process's share of the users (its own engine and connections)."""
    settings, users, per_user, think, seed, cache = args
    engine = _search_engine(settings, users)
    try:
        factory = workflow.session_factory(engine)
        with factory() as s:  # warm up as a server does at start (segmenter dictionary, titles)
            search(s, QUERIES[0], limit=20, cache=False)
        return measure_concurrent(
            factory, users=users, per_user=per_user, think=think, seed=seed, cache=cache, raw=True
        )
    finally:
        engine.dispose()


def measure_in_processes(
    settings: Settings,
    *,
    processes: int,
    users: int,
    per_user: int,
    think: tuple[float, float],
    seed: int,
    cache: bool,
) -> dict[str, Any]:
    """The users split over ``processes`` worker processes, as the web server's workers split
    them in production (one Python process serialises its threads' Python work)."""
    import multiprocessing

    shares = [users // processes + (1 if i < users % processes else 0) for i in range(processes)]
    jobs = [(settings, n, per_user, think, seed + i, cache) for i, n in enumerate(shares) if n]
    with multiprocessing.get_context("spawn").Pool(len(jobs)) as pool:
        parts = pool.map(_concurrent_part, jobs)
    latencies = [x for p in parts for x in p["latencies_s"]]
    return {
        **_summary(latencies),
        "users": users,
        "processes": processes,
        "per_user": per_user,
        "think_time_s": list(think),
        "result_cache": cache,
        "throughput_qps": round(sum(p["throughput_qps"] for p in parts), 1),
        "errors": [e for p in parts for e in p["errors"]][:5],
    }


def bench_search(
    settings: Settings,
    *,
    users: int = 50,
    per_user: int = 20,
    repeats: int = 5,
    think: tuple[float, float] = (0.5, 2.0),
    seed: int = 15,
    processes: int = 1,
) -> dict[str, Any]:
    """Search latency alone (median of ``repeats``, uncached, with step times) against the scan
    baseline that returns the same articles, then at ``users`` concurrent users (each pausing
    ``think`` seconds between searches; (0, 0) is a stress run) without and with the result cache."""
    engine = _search_engine(settings, users)
    factory = workflow.session_factory(engine)
    try:
        per_query = measure_single(factory, repeats)
        ratios = [r["ratio"] for r in per_query if r["ratio"]]
        concurrent = {
            name: measure_concurrent(
                factory, users=users, per_user=per_user, think=think, seed=seed, cache=cache
            )
            if processes <= 1
            else measure_in_processes(
                settings,
                processes=processes,
                users=users,
                per_user=per_user,
                think=think,
                seed=seed,
                cache=cache,
            )
            for name, cache in (("uncached", False), ("cached", True))
        }
        return {
            "backend": engine.dialect.name,
            "queries": per_query,
            "single_user": _summary([r["indexed_ms"] / 1000 for r in per_query]),
            "scan_baseline": _summary([r["scan_ms"] / 1000 for r in per_query]),
            "ratio_geomean": round(statistics.geometric_mean(ratios), 1) if ratios else None,
            "ratio_min": min(ratios) if ratios else None,
            "all_same_results": all(r["same_results"] for r in per_query),
            "concurrent": concurrent,
            "targets": {"p95_ms": 50, "ratio": 20},
        }
    finally:
        engine.dispose()


def headline(out: dict[str, Any]) -> dict[str, Any]:
    """The figures the targets speak of, from one run's record."""
    search_ = out.get("search") or {}
    conc = search_.get("concurrent") or {}
    portal = out.get("portal") or {}
    corpus = out.get("corpus") or {}
    lines: dict[str, Any] = {
        "import_s": (out.get("import") or {}).get("seconds"),
        "search_backend": search_.get("backend"),
        "corpus": f"{corpus.get('documents')} 法规 / {corpus.get('articles')} 条",
        "search_single_p95_ms": (search_.get("single_user") or {}).get("p95_ms"),
        "search_vs_like_geomean": search_.get("ratio_geomean"),
        "search_vs_like_min": search_.get("ratio_min"),
        "same_results_as_scan": search_.get("all_same_results"),
    }
    for name, run in conc.items():
        lines[f"search_{run.get('users')}users_{name}_p95_ms"] = run.get("p95_ms")
    if portal:
        lines[f"portal_{portal.get('users')}users_p95_ms"] = (portal.get("all_pages") or {}).get("p95_ms")
        lines["healthz_floor_p95_ms"] = (portal.get("baseline_healthz") or {}).get("p95_ms")
    return lines
