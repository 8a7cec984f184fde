"""Search quality on the shared texts, the same results on both backends, filters, snippets and
hostile queries (never an error other than a clear InputError)."""

from __future__ import annotations

import time

import pytest
from libhelpers import Library
from sqlalchemy.orm import Session

from ipatlas.errors import InputError
from ipatlas.library import search

# Hand-written: a phrase an official would type → the law and article that answer it.
QUALITY = [
    ("发明专利权的期限为二十年", "中华人民共和国专利法", 42),
    ("注册商标的有效期为十年", "中华人民共和国商标法", 39),
    ("职务发明创造", "中华人民共和国专利法", 6),
    ("技术调查官属于审判辅助人员", "最高人民法院关于技术调查官参与知识产权案件诉讼活动的若干规定", 2),
    ("专利侵权赔偿数额", "中华人民共和国专利法", 71),  # no exact phrase: found through the words index
    ("商标使用许可 三类", "最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释", 3),
    ("驰名商标 不相类似商品", "中华人民共和国商标法", 13),
    ("软件著作权人享有下列各项权利", "计算机软件保护条例", 8),
]


@pytest.mark.parametrize(("query", "title", "article"), QUALITY)
def test_search_quality(session: Session, query: str, title: str, article: int) -> None:
    res = search(session, query, limit=5)
    top = [(h["title"], h["article"]) for h in res["hits"] if h["article"] is not None][:3]
    assert (title, article) in top, f"{query!r}: {top}"


def test_same_results_on_both_backends(sqlite_library: Library, pg_library: Library) -> None:
    queries = ["专利权", "商标 许可", "惩罚性赔偿", "专利侵权赔偿数额", "法", "著作权 网络", "NEAR"]
    with sqlite_library.session() as a, pg_library.session() as b:
        for q in queries:
            ra, rb = search(a, q, limit=50), search(b, q, limit=50)
            assert ra["total"] == rb["total"], q
            key = [(h["title"], h["label"], h["score"]) for h in ra["hits"]]
            assert key == [(h["title"], h["label"], h["score"]) for h in rb["hits"]], q


def test_results_are_articles_with_highlighted_snippets(session: Session) -> None:
    res = search(session, "外观设计专利权", limit=10)
    arts = [h for h in res["hits"] if h["article"] is not None]
    # Exact hits rank first and their snippet shows the whole term highlighted.
    exact = [h for h in arts if "外观设计专利权" in h["snippet"].replace("【", "").replace("】", "")]
    assert exact and all("【外观设计专利权】" in h["snippet"] for h in exact)
    assert all(h["id"] == f"{h['document_id']}#{h['anchor']}" for h in arts)
    assert any(part == ("外观设计专利权", True) for part in arts[0]["parts"])
    scores = [h["score"] for h in arts]
    assert scores == sorted(scores, reverse=True)


def test_title_hits_and_paging(session: Session) -> None:
    res = search(session, "商标法", limit=3)
    assert res["hits"][0]["article"] is None and "商标法" in res["hits"][0]["title"]
    page2 = search(session, "商标法", limit=3, offset=3)
    ids1 = {h["id"] for h in res["hits"]}
    assert page2["hits"] and not ids1 & {h["id"] for h in page2["hits"]}


def test_filters(session: Session) -> None:
    import datetime as dt

    lapsed = search(session, "专利", status="已失效", limit=50)
    assert lapsed["total"] > 0
    assert {h["title"] for h in lapsed["hits"]} <= {
        "最高人民法院关于对诉前停止侵犯专利权行为适用法律问题的若干规定",
        "最高人民法院关于诉前停止侵犯注册商标专用权行为和保全证据适用法律问题的解释",
    }
    laws = search(session, "赔偿", level="法律", limit=200)
    assert laws["total"] == len(laws["hits"]) and all("中华人民共和国" in h["title"] for h in laws["hits"])
    recent = search(session, "赔偿", date_from=dt.date(2021, 1, 1), limit=200)
    everything = search(session, "赔偿", limit=200)
    assert 0 < recent["total"] < everything["total"]
    local = search(session, "专利", category="重庆地方法规", limit=5)
    assert local["hits"] and all(h["title"].startswith("重庆市") for h in local["hits"])
    with pytest.raises(InputError, match="状态"):
        search(session, "专利", status="作废")
    with pytest.raises(InputError, match="效力级别"):
        search(session, "专利", level="法规")


def test_short_queries_fall_back_to_the_words_index(session: Session) -> None:
    two = search(session, "商标", limit=5)
    assert two["total"] > 100 and all("商标" in h["snippet"] for h in two["hits"])
    one = search(session, "罚", limit=5)
    assert one["total"] > 0


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NEAR",
        "-",
        "专利 -商标",
        'NEAR("专利" "商标", 2)',
        "' OR 1=1 --",
        "专利*",
        "a_b%c",
        "^",
        "\\",
    ],
)
def test_hostile_queries_never_fail(session: Session, query: str) -> None:
    try:
        res = search(session, query, limit=5)
    except InputError as exc:
        assert "标点" in exc.message  # only punctuation: a clear message, nothing else
        return
    assert res["total"] >= 0


def test_punctuation_only_and_huge_queries(session: Session) -> None:
    for q in ("！？。，", "   ", "\"'*-()"):
        with pytest.raises(InputError):
            search(session, q)
    started = time.perf_counter()
    with pytest.raises(InputError, match="过长"):
        search(session, "专" * 10_000_000)
    assert time.perf_counter() - started < 1.0


def test_scan_baseline_returns_the_same_articles(session: Session) -> None:
    for q in ("专利权人", "商标 许可", "专利侵权赔偿数额", "罚"):
        indexed, scanned = search(session, q, limit=100), search(session, q, limit=100, scan=True)
        assert indexed["total"] == scanned["total"] > 0, q
        assert [h["id"] for h in indexed["hits"]] == [h["id"] for h in scanned["hits"]], q


def test_bounded_pool_and_estimated_total_are_the_same_on_index_and_scan(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contract with a small pool and small index reads: the leapfrog join (both sources
    larger than a chunk), the small-source check, the estimate beyond the pool — all equal to
    the LIKE scan, which has none of those paths."""
    import importlib

    mod = importlib.import_module("ipatlas.library.search")
    monkeypatch.setattr(mod, "POOL", 30)
    monkeypatch.setattr(mod, "CHUNK", 16)
    for q in ("专利", "专利权 人", "商标 许可", "侵权行为 赔偿", "人民法院 专利"):
        indexed = search(session, q, limit=50, cache=False)
        scanned = search(session, q, limit=50, scan=True)
        assert [h["id"] for h in indexed["hits"]] == [h["id"] for h in scanned["hits"]], q
        assert (indexed["total"], indexed["total_exact"]) == (scanned["total"], scanned["total_exact"]), q
    broad = search(session, "专利", limit=50, cache=False)
    assert not broad["total_exact"] and broad["total"] > 30
    assert broad["ranked"] <= 30 + sum(1 for h in broad["hits"] if h["article"] is None)


def test_results_cached_per_library_version(session: Session) -> None:
    first: dict[str, float] = {}
    a = search(session, "惩罚性赔偿", limit=5, timings=first)
    again: dict[str, float] = {}
    b = search(session, "惩罚性赔偿", limit=5, timings=again)
    assert a == b and "cache" in again and "rank" not in again
    b["hits"].clear()  # a caller's copy: the cached result is untouched
    assert search(session, "惩罚性赔偿", limit=5)["hits"] == a["hits"]
