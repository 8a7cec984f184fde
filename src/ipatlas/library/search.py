"""Full-text search over titles and article texts: the same results on SQLite and PostgreSQL.

A query is split into terms at whitespace and punctuation (so FTS syntax such as ``"``, ``*``,
``NEAR`` or ``-`` is only ever literal text). An article matches when

* every term of three or more characters occurs in its text (exact substring: the FTS5 trigram
  index on SQLite, ``pg_trgm``-indexed ``LIKE`` on PostgreSQL) and every one- or two-character
  term starts one of its words (the jieba words index: FTS5 prefix query / ``LIKE '% t%'``), or
* every jieba word (two characters or more) of the whole query is one of its words, so that
  ``专利侵权赔偿数额`` finds articles that say ``专利`` … ``侵权`` … ``赔偿数额`` apart.

Documents whose title contains every term are returned too (``article`` is null). Ranking is one
Python function over the fetched pool (exact match first, then term frequency per length, title and in-force
bonuses), so both backends order hits identically.

Bounded work per query (the contract, identical on both backends): candidate ids come from the
indexes in ascending id order (FTS5 doclists on SQLite, joined leapfrog-style when a query needs
both indexes); only the first ``POOL`` matches (exact matches first, then word matches) are
ranked and pageable; ``total`` is exact up to ``POOL`` matches of each kind and beyond that an
estimate from the id density of the first ``POOL`` + 1 (``total_exact`` false: the portal says
约). Snippets are cut only for the page returned. Results are cached per process, keyed on the
library version (any import or notice edit changes it).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.orm import Session

from ipatlas.errors import InputError
from ipatlas.library.importer import STATUSES
from ipatlas.library.models import LawArticle, LawDocument
from ipatlas.library.text import LEVELS, segment
from ipatlas.library.versions import status_expression

MAX_QUERY = 200
MAX_TERMS = 8
MAX_LIMIT = 200
POOL = 500  # matching articles ranked per query (the first by id); totals beyond are estimated
CHUNK = 2000  # ids read from an index at a time
_TERM_RE = re.compile(r"[^\W_]+")
_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}

A = LawArticle.__table__
D = LawDocument.__table__


def parse_query(q: str) -> tuple[list[str], list[str]]:
    """(terms, words) of a query; InputError for empty, punctuation-only or over-long queries."""
    if q is None or not str(q).strip():
        raise InputError("请输入检索词", field="q")
    if len(q) > MAX_QUERY:
        raise InputError(f"检索词过长（{len(q):,} 字），最多 {MAX_QUERY} 字", field="q")
    text = unicodedata.normalize("NFC", q).translate(_FULLWIDTH).lower()
    terms: list[str] = []
    for t in _TERM_RE.findall(text):
        if t not in terms:
            terms.append(t)
    if not terms:
        raise InputError("检索词只包含标点或符号，请输入文字", field="q")
    if len(terms) > MAX_TERMS:
        raise InputError(f"检索词过多（{len(terms)} 个），最多 {MAX_TERMS} 个", field="q")
    words: list[str] = []
    for w in segment(" ".join(terms)):
        if len(w) >= 2 and w not in words:
            words.append(w)
    return terms, words


# ---- step 1: candidate article ids, ascending, from the indexes (or LIKE) ------------------------
Fetch = Callable[[int, int], list[int]]  # (first id allowed, how many) -> ascending ids


@dataclass(frozen=True)
class Source:
    """One index condition: ascending ids from the index, and the same test on a fetched row
    (lower-cased text, words) for checking another source's ids without this index."""

    fetch: Fetch
    check: Callable[[str, str], bool]


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts_fetch(session: Session, name: str, expr: str) -> Fetch:
    """Ascending rowids of an FTS5 match from a given rowid on (FTS5 seeks its doclists)."""
    sql = text(f"SELECT rowid FROM {name} WHERE {name} MATCH :q AND rowid >= :after ORDER BY rowid LIMIT :n")
    return lambda after, n: list(session.scalars(sql, {"q": expr, "after": after, "n": n}))


def _like_fetch(session: Session, conds: Sequence[ColumnElement[bool]]) -> Fetch:
    """Ascending ids of articles meeting ``conds`` (pg_trgm-indexed on PostgreSQL; a scan on SQLite)."""

    def fetch(after: int, n: int) -> list[int]:
        return list(session.scalars(select(A.c.id).where(*conds, A.c.id >= after).order_by(A.c.id).limit(n)))

    return fetch


def _has_terms(long_terms: list[str]) -> Callable[[str, str], bool]:
    return lambda low, words: all(t in low for t in long_terms)


def _starts_words(short_terms: list[str]) -> Callable[[str, str], bool]:
    return lambda low, words: all(f" {t}" in words.lower() for t in short_terms)


def _sources(
    session: Session, dialect: str, terms: list[str], words: list[str]
) -> tuple[list[Source], list[Source]]:
    """(exact sources, words sources): an article is an exact hit when every exact source holds
    it, a words hit when every words source does. Any dialect other than ``sqlite`` gets ``LIKE``
    conditions (indexed by pg_trgm on PostgreSQL; a full scan on SQLite: the benchmark baseline)."""
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    by_words: list[Source] = []
    if dialect == "sqlite":
        exact = []
        if long_terms:
            expr = " AND ".join(_phrase(t) for t in long_terms)
            exact.append(Source(_fts_fetch(session, "library_fts_trigram", expr), _has_terms(long_terms)))
        if short_terms:  # a prefix query: one doclist of the 1–2-character prefix index (0016_library)
            expr = " AND ".join(_phrase(t) + "*" for t in short_terms)
            exact.append(Source(_fts_fetch(session, "library_fts_words", expr), _starts_words(short_terms)))
        if words:
            expr = " AND ".join(_phrase(w) for w in words)
            by_words.append(Source(_fts_fetch(session, "library_fts_words", expr), lambda low, w: True))
        return exact, by_words
    conds: list[ColumnElement[bool]] = [func.lower(A.c.text).like(f"%{t}%") for t in long_terms]
    conds += [A.c.words.like(f"% {t}%") for t in short_terms]
    if words:
        word_conds = [A.c.words.like(f"% {w} %") for w in words]
        by_words.append(Source(_like_fetch(session, word_conds), lambda low, w: True))
    return [Source(_like_fetch(session, conds), lambda low, w: True)], by_words


class _Cursor:
    """Ascending ids of one source, fetched ``CHUNK`` at a time from wherever the search needs."""

    def __init__(self, fetch: Fetch, first: list[int]) -> None:
        self.fetch = fetch
        self.buf = first
        self.pos = 0
        self.done = len(first) < CHUNK

    def seek(self, target: int) -> int | None:
        """The smallest id ≥ ``target`` (None when there is none); targets only grow."""
        while True:
            if self.buf and self.buf[-1] >= target:
                self.pos = bisect.bisect_left(self.buf, target, self.pos)
                return self.buf[self.pos]
            if self.done:
                return None
            self.buf = self.fetch(target, CHUNK)
            self.pos = 0
            self.done = len(self.buf) < CHUNK


def _stream(fetch: Fetch, first: int) -> Iterator[int]:
    """Every id of one source, ascending (``first`` ids at once, then ``CHUNK`` at a time)."""
    after, n = 0, first
    while True:
        chunk = fetch(after, n)
        yield from chunk
        if len(chunk) < n:
            return
        after, n = chunk[-1] + 1, CHUNK


def _intersection(session: Session, sources: list[Source]) -> Iterator[int]:
    """Ids every source holds, ascending. When one source has fewer than ``CHUNK`` ids, its rows
    are checked against the other conditions directly; otherwise a leapfrog join (each source
    seeks the others' ids in its index)."""
    if len(sources) == 1:
        yield from _stream(sources[0].fetch, POOL + 1)
        return
    first = [s.fetch(0, CHUNK) for s in sources]
    small = min(range(len(sources)), key=lambda i: len(first[i]))
    if len(first[small]) < CHUNK:
        others = [s.check for i, s in enumerate(sources) if i != small]
        for at in range(0, len(first[small]), 500):
            rows = session.execute(
                select(A.c.id, A.c.text, A.c.words)
                .where(A.c.id.in_(first[small][at : at + 500]))
                .order_by(A.c.id)
            ).all()
            yield from (r.id for r in rows if all(c(r.text.lower(), r.words or "") for c in others))
        return
    cursors = [_Cursor(s.fetch, f) for s, f in zip(sources, first, strict=True)]
    target = 0
    while True:
        for c in cursors:
            found = c.seek(target)
            if found is None:
                return
            if found != target:
                target = found
                break
        else:
            yield target
            target += 1


def _filtered(session: Session, ids: Iterator[int], filters: list[ColumnElement[bool]]) -> Iterator[int]:
    """``ids`` whose document passes the filters (checked a chunk at a time, order kept)."""
    if not filters:
        yield from ids
        return
    while chunk := list(itertools.islice(ids, CHUNK)):
        keep = set(
            session.scalars(
                select(A.c.id)
                .select_from(A.join(D, D.c.id == A.c.document_id))
                .where(A.c.id.in_(chunk), *filters)
            )
        )
        yield from (i for i in chunk if i in keep)


@dataclass
class Candidates:
    """The ranked pool (the first ``POOL`` matches by id, exact matches first) and the total."""

    exact: list[int]
    pool: list[int]
    total: int
    total_exact: bool


def candidates(
    session: Session, dialect: str, terms: list[str], words: list[str], filters: list[ColumnElement[bool]]
) -> Candidates:
    exact_src, words_src = _sources(session, dialect, terms, words)
    exact = list(itertools.islice(_filtered(session, _intersection(session, exact_src), filters), POOL + 1))
    by_words = (
        list(itertools.islice(_filtered(session, _intersection(session, words_src), filters), POOL + 1))
        if words_src
        else []
    )
    union = sorted(set(exact) | set(by_words))
    exact_set = set(exact[:POOL])
    pool = exact[:POOL] + [i for i in by_words if i not in exact_set][: max(0, POOL - len(exact_set))]
    if len(exact) <= POOL and len(by_words) <= POOL:
        return Candidates(exact[:POOL], pool, len(union), True)
    # More than POOL matches: the first POOL + 1 of them end at id ``last``; the rest of the id
    # range is assumed as dense (a documented estimate, the same on both backends).
    last = union[POOL]
    top = session.scalar(select(func.max(A.c.id))) or last
    estimate = (POOL + 1) * top / max(1, last)
    rounded = int(float(f"{estimate:.2g}"))
    return Candidates(exact[:POOL], pool, max(POOL + 1, rounded), False)


# ---- step 2: filters ----------------------------------------------------------------------------
def _filters(
    *,
    status: str | None,
    level: str | None,
    category: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    today: dt.date,
) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if status:
        if status not in STATUSES:
            raise InputError(f"状态 {status!r} 无效（可选：{'、'.join(STATUSES)}）", field="status")
        out.append(status_expression(today) == status)
    if level:
        if level not in LEVELS:
            raise InputError(f"效力级别 {level!r} 无效（可选：{'、'.join(LEVELS)}）", field="level")
        out.append(LawDocument.level == level)
    if category:
        out.append(LawDocument.category == category)
    if date_from:
        out.append(LawDocument.promulgated_on >= date_from)
    if date_to:
        out.append(LawDocument.promulgated_on <= date_to)
    return out


# ---- step 3: rank the pool (the same Python arithmetic whatever the backend) -------------------------
def score(
    text_: str, title: str, status: str | None, terms: list[str], words: list[str], exact: bool
) -> float:
    """Exact match first, then term frequency per length, title and in-force bonuses."""
    low = text_.lower()
    occurrences = sum(low.count(t) / len(t) for t in terms)
    # a word of the query counts half as much as a whole term
    occurrences += sum(low.count(w) / (2.0 * len(w)) for w in words if w not in terms)
    low_title = title.lower()
    title_bonus = sum(0.5 for t in terms if t in low_title)
    # Bonus for texts the source marks 有效 (or leaves unmarked): cheap, no per-row version lookup.
    in_force = 0.5 if status in ("有效", None) else 0.0
    return (3.0 if exact else 0.0) + occurrences / (1.0 + len(text_) / 300.0) + title_bonus + in_force


def rank(
    session: Session, terms: list[str], words: list[str], found: Candidates, *, limit: int, offset: int
) -> list[dict[str, Any]]:
    """The page ``offset:offset + limit`` of the pool, best first (ties by id)."""
    if not found.pool or limit <= 0:
        return []
    rows = session.execute(
        select(
            A.c.id,
            A.c.document_id,
            A.c.number,
            A.c.label,
            A.c.anchor,
            A.c.kind,
            A.c.text,
            D.c.title,
            D.c.status,
        )
        .select_from(A.join(D, D.c.id == A.c.document_id))
        .where(A.c.id.in_(found.pool))
    ).all()
    exact = set(found.exact)
    scored = sorted(
        ((score(r.text, r.title, r.status, terms, words, r.id in exact), r) for r in rows),
        key=lambda sr: (-sr[0], sr[1].id),
    )
    return [{**r._asdict(), "score": s} for s, r in scored[offset : offset + limit]]


# ---- step 4: documents whose title holds every term -------------------------------------------------
TitleRow = tuple[int, str, str | None, dt.date | None]  # id, title, level, promulgated_on


@dataclass
class _Titles:
    """Every title of one library version, in result order, lower-cased in one string to find."""

    rows: list[TitleRow]
    blob: str
    starts: list[int]

    @classmethod
    def build(cls, rows: list[TitleRow]) -> _Titles:
        starts, pos = [], 0
        for r in rows:
            starts.append(pos)
            pos += len(r[1]) + 1
        return cls(rows, "\n".join(r[1].lower() for r in rows), starts)

    def matching(self, terms: list[str]) -> list[TitleRow]:
        longest = max(terms, key=len)
        found: set[int] = set()
        at = self.blob.find(longest)
        while at >= 0:
            found.add(bisect.bisect_right(self.starts, at) - 1)
            at = self.blob.find(longest, at + 1)
        rows = [self.rows[i] for i in sorted(found)]
        return [r for r in rows if all(t in r[1].lower() for t in terms)]


_TITLES: dict[tuple[str, int], _Titles] = {}
_TITLE_ORDER = (func.length(D.c.title), D.c.promulgated_on.desc(), D.c.id)


def title_rows(
    session: Session, terms: list[str], filters: list[ColumnElement[bool]], version: int | None
) -> list[TitleRow]:
    """Documents whose title contains every term, shortest title first; without filters from a
    per-process title list kept per library version."""
    columns = (D.c.id, D.c.title, D.c.level, D.c.promulgated_on)
    if filters or version is None:
        rows = session.execute(
            select(*columns)
            .where(*[func.lower(D.c.title).like(f"%{t}%") for t in terms], *filters)
            .order_by(*_TITLE_ORDER)
        ).all()
        return [(r[0], r[1], r[2], r[3]) for r in rows]
    key = (str(session.get_bind().engine.url), version)
    titles = _TITLES.get(key)
    if titles is None:
        listed = session.execute(select(*columns).order_by(*_TITLE_ORDER)).all()
        titles = _Titles.build([(r[0], r[1], r[2], r[3]) for r in listed])
        if len(_TITLES) > 8:
            _TITLES.clear()
        _TITLES[key] = titles
    return titles.matching(terms)


# ---- step 5: hits with snippets (only for the page returned) -----------------------------------------
def _title_hit(
    row: tuple[int, str, str | None, dt.date | None], terms: list[str], words: list[str]
) -> dict[str, Any]:
    doc_id, title = row[0], row[1]
    return {
        "id": f"{doc_id}",
        "document_id": doc_id,
        "title": title,
        "article": None,
        "label": None,
        "anchor": None,
        "snippet": title,
        "parts": highlight(title, terms, words, width=200),
        "score": 10.0,
    }


def _article_hit(a: dict[str, Any], terms: list[str], words: list[str]) -> dict[str, Any]:
    parts = highlight(a["text"], terms, words)
    return {
        "id": f"{a['document_id']}#{a['anchor']}",
        "document_id": a["document_id"],
        "article_id": a["id"],
        "title": a["title"],
        "article": a["number"] if a["kind"] == "article" else None,
        "label": a["label"],
        "anchor": a["anchor"],
        "snippet": "".join(f"【{t}】" if m else t for t, m in parts),
        "parts": parts,
        "score": round(float(a["score"]), 4),
    }


# ---- the search: steps 1–5, and a per-process cache of recent results per library version -----------
_RESULTS: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_RESULTS_LOCK = threading.Lock()
CACHE_SIZE = 512


def _version(session: Session) -> int:
    from ipatlas.library.service import library_version

    return library_version(session)


def _copy(result: dict[str, Any]) -> dict[str, Any]:
    return {**result, "hits": [dict(h) for h in result["hits"]]}


def search(
    session: Session,
    q: str,
    *,
    limit: int = 20,
    offset: int = 0,
    status: str | None = None,
    level: str | None = None,
    category: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
    scan: bool = False,
    cache: bool = True,
    timings: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Articles (and titles) matching ``q``: ``{"total", "total_exact", "ranked", "hits", "terms", "words"}``.

    Contract (both backends): the first ``POOL`` matching articles in id order (exact matches
    before word matches) are ranked; ``total`` counts every match exactly up to ``POOL`` per kind
    and is an estimate (``total_exact`` false, shown as 约) beyond. ``scan=True`` finds the same
    articles without the indexes (the LIKE-scan baseline, never cached); ``timings`` receives
    each step's milliseconds. Results are cached per process and library version."""
    clock = _Clock(timings)
    terms, words = parse_query(q)
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit 应在 1–{MAX_LIMIT} 之间: {limit}", field="limit")
    if offset < 0:
        raise InputError(f"offset 不能为负: {offset}", field="offset")
    today = today or dt.date.today()
    filters = _filters(
        status=status, level=level, category=category, date_from=date_from, date_to=date_to, today=today
    )
    dialect = "scan" if scan else session.get_bind().dialect.name
    version = None if scan else _version(session)
    key = (str(session.get_bind().engine.url), version, tuple(terms), limit, offset, status, level,
           category, date_from, date_to, today)  # fmt: skip
    clock.step("parse")
    if cache and version is not None:
        with _RESULTS_LOCK:
            hit = _RESULTS.get(key)
            if hit is not None:
                _RESULTS.move_to_end(key)
                clock.step("cache")
                return _copy(hit)
    if dialect == "sqlite":
        # Memory-mapped reads: the article pages a search touches are scattered over the file.
        session.execute(text("PRAGMA mmap_size=268435456"))
    found = candidates(session, dialect, terms, words, filters)
    clock.step("candidates")
    docs = title_rows(session, terms, filters, version)
    clock.step("titles")
    hits = [_title_hit(r, terms, words) for r in docs[:limit]] if offset == 0 else []
    art_offset = max(0, offset - len(docs)) if offset else 0
    rows = rank(session, terms, words, found, limit=limit - len(hits), offset=art_offset)
    clock.step("rank")
    hits.extend(_article_hit(a, terms, words) for a in rows)
    clock.step("snippets")
    result = {
        "total": found.total + len(docs),
        "total_exact": found.total_exact,
        "ranked": len(found.pool) + len(docs),
        "hits": hits,
        "terms": terms,
        "words": words,
    }
    if cache and version is not None:
        with _RESULTS_LOCK:
            _RESULTS[key] = result
            while len(_RESULTS) > CACHE_SIZE:
                _RESULTS.popitem(last=False)
        return _copy(result)
    return result


class _Clock:
    """Milliseconds per step into ``into`` (a no-op without it)."""

    def __init__(self, into: dict[str, float] | None) -> None:
        self.into = into
        self.last = time.perf_counter()

    def step(self, name: str) -> None:
        if self.into is not None:
            now = time.perf_counter()
            self.into[name] = round(self.into.get(name, 0.0) + (now - self.last) * 1000, 3)
            self.last = now


def highlight(text: str, terms: list[str], words: list[str], *, width: int = 90) -> list[tuple[str, bool]]:
    """A window of ``text`` around the first match, as (piece, is_match) pairs."""
    low = text.lower()
    # Exact hits highlight the terms only; word hits highlight the words they matched.
    exact = all(t in low for t in terms)
    needles = sorted(set(terms) if exact else {*terms, *words}, key=len, reverse=True)
    # The window starts at the first whole term when there is one, else at the first word.
    first = min((i for i in (low.find(t) for t in terms) if i >= 0), default=-1)
    if first < 0:
        first = min((i for i in (low.find(n) for n in needles) if i >= 0), default=0)
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    window, lwindow = text[start:end], low[start:end]
    pattern = re.compile("|".join(re.escape(n) for n in needles)) if needles else None
    parts: list[tuple[str, bool]] = []
    if start > 0:
        parts.append(("…", False))
    pos = 0
    if pattern is not None:
        for m in pattern.finditer(lwindow):
            if m.start() > pos:
                parts.append((window[pos : m.start()], False))
            parts.append((window[m.start() : m.end()], True))
            pos = m.end()
    if pos < len(window):
        parts.append((window[pos:], False))
    if end < len(text):
        parts.append(("…", False))
    return parts
