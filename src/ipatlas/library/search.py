"""Full-text search over titles and article texts: the same results on SQLite and PostgreSQL.

A query is split into terms at whitespace and punctuation (so FTS syntax such as ``"``, ``*``,
``NEAR`` or ``-`` is only ever literal text). An article matches when

* every term of three or more characters occurs in its text (exact substring: the FTS5 trigram
  index on SQLite, ``pg_trgm``-indexed ``LIKE`` on PostgreSQL) and every one- or two-character
  term starts one of its words (the jieba words index: FTS5 prefix query / ``LIKE '% t%'``), or
* every jieba word (two characters or more) of the whole query is one of its words, so that
  ``专利侵权赔偿数额`` finds articles that say ``专利`` … ``侵权`` … ``赔偿数额`` apart.

Documents whose title contains every term are returned too (``article`` is null). Ranking is one
portable SQL expression (exact match first, then term frequency per length, title and in-force
bonuses), so both backends order hits identically.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    union,
)
from sqlalchemy.orm import Session

from ipatlas.errors import InputError
from ipatlas.library.importer import STATUSES
from ipatlas.library.models import LawArticle, LawDocument
from ipatlas.library.text import LEVELS, segment
from ipatlas.library.versions import status_expression

_union: Any = union  # (typed loosely: mypy 2.4 crashes expanding their overloads)
MAX_QUERY = 200
MAX_TERMS = 8
MAX_LIMIT = 200
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


def _fts(name: str, expr: str) -> Select[Any]:
    t = table(name, literal_column("rowid"))
    return (
        select(literal_column("rowid").label("id"))
        .select_from(t)
        .where(literal_column(name).op("MATCH")(bindparam(None, expr, unique=True)))
    )


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _candidate_sets(dialect: str, terms: list[str], words: list[str]) -> tuple[Any, Any | None]:
    """(exact ids, words ids or None) as selects of one ``id`` column. Any dialect other than
    ``sqlite`` gets plain ``LIKE`` conditions (indexed by pg_trgm on PostgreSQL; a full scan on
    SQLite, which is the benchmark's baseline)."""
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    if dialect == "sqlite":
        parts = []
        if long_terms:
            parts.append(_fts("library_fts_trigram", " AND ".join(_phrase(t) for t in long_terms)))
        if short_terms:
            parts.append(_fts("library_fts_words", " AND ".join(_phrase(t) + "*" for t in short_terms)))
        # (SQLite refuses a parenthesised compound select inside UNION: filter by IN instead.)
        exact = parts[0] if len(parts) == 1 else parts[0].where(literal_column("rowid").in_(parts[1]))
        by_words = _fts("library_fts_words", " AND ".join(_phrase(w) for w in words)) if words else None
        return exact, by_words
    conds: list[ColumnElement[bool]] = [func.lower(A.c.text).like(f"%{t}%") for t in long_terms]
    conds += [A.c.words.like(f"% {t}%") for t in short_terms]
    exact = select(A.c.id).where(and_(*conds))
    by_words = select(A.c.id).where(and_(*[A.c.words.like(f"% {w} %") for w in words])) if words else None
    return exact, by_words


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
) -> dict[str, Any]:
    """Articles (and titles) matching ``q``: ``{"total", "hits": [...], "terms", "words"}``.

    ``scan=True`` finds the same articles without the indexes (the LIKE-scan baseline)."""
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
    if dialect == "sqlite":
        # Memory-mapped reads: the article pages a search touches are scattered over the file.
        session.execute(text("PRAGMA mmap_size=268435456"))
    exact_ids, word_ids = _candidate_sets(dialect, terms, words)
    candidates: Any = _union(exact_ids, word_ids) if word_ids is not None else exact_ids
    exact_sub = exact_ids.subquery()
    cand_sub = candidates.subquery()

    ltext = func.lower(A.c.text)
    length = cast(func.length(A.c.text), Float)
    occurrences: ColumnElement[Any] = literal(0.0)
    for t in terms:
        occurrences = occurrences + (length - cast(func.length(func.replace(ltext, t, "")), Float)) / float(
            len(t)
        )
    for w in words:
        if w not in terms:  # a word of the query counts half as much as a whole term
            occurrences = occurrences + (length - cast(func.length(func.replace(ltext, w, "")), Float)) / (
                2.0 * len(w)
            )
    title_bonus: ColumnElement[Any] = literal(0.0)
    for t in terms:
        title_bonus = title_bonus + case((func.lower(D.c.title).like(f"%{t}%"), 0.5), else_=0.0)
    # Bonus for texts the source marks 有效 (or leaves unmarked): cheap, no per-row version lookup.
    in_force = case((or_(D.c.status == "有效", D.c.status.is_(None)), 0.5), else_=0.0)
    exact_flag = case((A.c.id.in_(select(exact_sub.c.id)), 3.0), else_=0.0)
    score = (exact_flag + occurrences / (1.0 + length / 300.0) + title_bonus + in_force).label("score")

    base = (
        select(
            A.c.id, A.c.document_id, A.c.number, A.c.label, A.c.anchor, A.c.kind, A.c.text, D.c.title, score
        )
        .select_from(A.join(D, D.c.id == A.c.document_id))
        .where(A.c.id.in_(select(cand_sub.c.id)), *filters)
    )
    if filters:
        counted = (
            select(func.count())
            .select_from(A.join(D, D.c.id == A.c.document_id))
            .where(A.c.id.in_(select(cand_sub.c.id)), *filters)
        )
    else:
        counted = select(func.count()).select_from(cand_sub)
    total_articles = session.scalar(counted) or 0

    title_conds = [func.lower(D.c.title).like(f"%{t}%") for t in terms]
    doc_rows = session.execute(
        select(D.c.id, D.c.title, D.c.level, D.c.promulgated_on)
        .where(*title_conds, *filters)
        .order_by(func.length(D.c.title), D.c.promulgated_on.desc(), D.c.id)
    ).all()
    hits: list[dict[str, Any]] = []
    if offset == 0:
        for r in doc_rows[:limit]:
            hits.append(
                {
                    "id": f"{r.id}",
                    "document_id": r.id,
                    "title": r.title,
                    "article": None,
                    "label": None,
                    "anchor": None,
                    "snippet": r.title,
                    "parts": highlight(r.title, terms, words, width=200),
                    "score": 10.0,
                }
            )
    room = limit - len(hits)
    art_offset = max(0, offset - len(doc_rows)) if offset else 0
    if room > 0:
        rows = session.execute(base.order_by(score.desc(), A.c.id).limit(room).offset(art_offset)).all()
        for a in rows:
            parts = highlight(a.text, terms, words)
            hits.append(
                {
                    "id": f"{a.document_id}#{a.anchor}",
                    "document_id": a.document_id,
                    "article_id": a.id,
                    "title": a.title,
                    "article": a.number if a.kind == "article" else None,
                    "label": a.label,
                    "anchor": a.anchor,
                    "snippet": "".join(f"【{t}】" if m else t for t, m in parts),
                    "parts": parts,
                    "score": round(float(a.score), 4),
                }
            )
    return {"total": total_articles + len(doc_rows), "hits": hits, "terms": terms, "words": words}


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
