"""Reading the library: documents with their articles, versions and status, citations, notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipatlas.errors import InputError, NotFoundError
from ipatlas.library.models import LawArticle, LawCitation, LawDocument, PortalNotice, utcnow
from ipatlas.library.versions import computed_status, version_in_force, versions_of


def _doc_or_404(session: Session, doc_id: int | str) -> LawDocument:
    try:
        key = int(str(doc_id).split("#", 1)[0])
    except ValueError:
        raise NotFoundError(f"法规编号无效: {doc_id}") from None
    doc = session.get(LawDocument, key)
    if doc is None:
        raise NotFoundError(f"法规不存在: {doc_id}")
    return doc


def document_summary(
    doc: LawDocument, versions: list[LawDocument], today: dt.date | None = None
) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.title,
        "level": doc.level,
        "category": doc.category,
        "status": computed_status(doc, versions, today),
        "status_source": "来源" if doc.status else "推算",
        "promulgated_on": doc.promulgated_on.isoformat() if doc.promulgated_on else None,
        "effective_on": doc.effective_on.isoformat() if doc.effective_on else None,
        "issuer": doc.issuer,
        "doc_no": doc.doc_no,
        "is_demo": doc.is_demo,
    }


def document_dict(session: Session, doc_id: int | str, *, today: dt.date | None = None) -> dict[str, Any]:
    """A document with its versions and every record (articles, preamble, annexes)."""
    doc = _doc_or_404(session, doc_id)
    versions = versions_of(session, doc.title)
    arts = session.scalars(
        select(LawArticle).where(LawArticle.document_id == doc.id).order_by(LawArticle.seq)
    ).all()
    out = document_summary(doc, versions, today)
    out.update(
        {
            "source": doc.source,
            "source_file": doc.source_file,
            "history": doc.history.split("\n") if doc.history else [],
            "notes": doc.notes,
            "versions": [document_summary(v, versions, today) for v in versions],
            "articles": [
                {
                    "id": a.id,
                    "kind": a.kind,
                    "number": a.number,
                    "label": a.label,
                    "anchor": a.anchor,
                    "heading": a.heading,
                    "caption": a.caption,
                    "text": a.text,
                    "paragraphs": a.paragraphs,
                }
                for a in arts
            ],
        }
    )
    return out


def list_documents(session: Session, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    docs = session.scalars(
        select(LawDocument).order_by(LawDocument.level, LawDocument.title, LawDocument.promulgated_on)
    ).all()
    by_work: dict[str, list[LawDocument]] = {}
    for d in docs:
        by_work.setdefault(d.work_key, []).append(d)
    counts = dict(
        session.execute(
            select(LawArticle.document_id, func.count())
            .where(LawArticle.kind == "article")
            .group_by(LawArticle.document_id)
        ).all()  # type: ignore[arg-type]
    )
    out = []
    for d in docs:
        s = document_summary(d, by_work[d.work_key], today)
        s["articles"] = counts.get(d.id, 0)
        out.append(s)
    return out


def article_detail(session: Session, article_id: int) -> dict[str, Any]:
    from ipatlas.library.citations import cited_by, find_citations

    art = session.get(LawArticle, article_id)
    if art is None:
        raise NotFoundError(f"条文不存在: {article_id}")
    doc = session.get(LawDocument, art.document_id)
    assert doc is not None
    return {
        "id": art.id,
        "document_id": doc.id,
        "title": doc.title,
        "label": art.label,
        "anchor": art.anchor,
        "number": art.number,
        "text": art.text,
        "citations": [c.to_dict() for c in find_citations(art.text, doc.title, session=session)],
        "cited_by": cited_by(session, art.id),
    }


def library_counts(session: Session) -> dict[str, int]:
    return {
        "documents": session.scalar(select(func.count()).select_from(LawDocument)) or 0,
        "articles": session.scalar(
            select(func.count()).select_from(LawArticle).where(LawArticle.kind == "article")
        )
        or 0,
        "citations": session.scalar(select(func.count()).select_from(LawCitation)) or 0,
    }


# ---- portal notices (办事指南 / 通知公告) -------------------------------------------------------
NOTICE_KINDS = {"guide": "办事指南", "notice": "通知公告"}
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


def render_markdown(body: str) -> str:
    """Markdown → HTML sanitised with nh3 (no scripts, no event handlers, safe links only)."""
    import nh3
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(body)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def list_notices(session: Session, kind: str, *, published_only: bool = True) -> list[dict[str, Any]]:
    if kind not in NOTICE_KINDS:
        raise InputError(f"栏目无效: {kind}", field="kind")
    q = (
        select(PortalNotice)
        .where(PortalNotice.kind == kind)
        .order_by(PortalNotice.updated_at.desc(), PortalNotice.id.desc())
    )
    if published_only:
        q = q.where(PortalNotice.published.is_(True))
    return [_notice(n) for n in session.scalars(q)]


def get_notice(session: Session, notice_id: int, *, published_only: bool = True) -> dict[str, Any]:
    n = session.get(PortalNotice, notice_id)
    if n is None or (published_only and not n.published):
        raise NotFoundError(f"页面不存在: {notice_id}")
    return _notice(n)


def save_notice(
    session: Session,
    *,
    kind: str,
    title: str,
    body_md: str,
    published: bool = True,
    actor: str,
    notice_id: int | None = None,
) -> dict[str, Any]:
    if kind not in NOTICE_KINDS:
        raise InputError(f"栏目无效: {kind}", field="kind")
    title = title.strip()
    if not title or len(title) > 200:
        raise InputError("标题不能为空，最多 200 字", field="title")
    if len(body_md) > 100_000:
        raise InputError("正文过长（最多 100,000 字）", field="body_md")
    if notice_id is not None:
        n = session.get(PortalNotice, notice_id)
        if n is None:
            raise NotFoundError(f"页面不存在: {notice_id}")
    else:
        n = PortalNotice(kind=kind)
        session.add(n)
    n.kind, n.title, n.body_md, n.published = kind, title, body_md, published
    n.updated_at, n.updated_by = utcnow(), actor
    session.flush()
    return _notice(n)


def _notice(n: PortalNotice) -> dict[str, Any]:
    return {
        "id": n.id,
        "kind": n.kind,
        "kind_label": NOTICE_KINDS.get(n.kind, n.kind),
        "title": n.title,
        "body_md": n.body_md,
        "html": render_markdown(n.body_md),
        "published": n.published,
        "updated_at": n.updated_at.isoformat(timespec="minutes"),
        "updated_by": n.updated_by,
    }


# ---- pages with citations as links ------------------------------------------------------------
def library_stamp(session: Session) -> tuple[int, dt.datetime | None]:
    """(version, last modified): the version changes whenever an import or a notice edit may have
    changed what pages show; last modified is the time of the latest of those."""
    import zlib

    from ipatlas.library.models import LibraryImport

    imports, imported_at = session.execute(
        select(func.max(LibraryImport.id), func.max(LibraryImport.at))
    ).one()
    notices, edited_at = session.execute(
        select(func.count(PortalNotice.id), func.max(PortalNotice.updated_at))
    ).one()
    version = zlib.crc32(f"{imports}|{notices}|{edited_at}".encode())
    stamps = [t for t in (imported_at, edited_at) if t is not None]
    return version, max(stamps) if stamps else None


def library_version(session: Session) -> int:
    """Changes whenever an import or a notice edit may have changed what pages show."""
    return library_stamp(session)[0]


def linked_parts(
    session: Session, text: str, context_title: str, aliases: Any = None
) -> list[dict[str, Any]]:
    """``text`` cut at its citations: pieces ``{"text", "document_id", "anchor", "law", "article"}``
    (``document_id`` None for plain text and for citations of laws not in the library)."""
    from ipatlas.library.citations import AliasTable, detect
    from ipatlas.library.versions import article_in_force, version_in_force

    aliases = aliases or AliasTable.load(session)
    parts: list[dict[str, Any]] = []
    pos = 0
    seen: set[tuple[int, int]] = set()
    for c in detect(text, aliases, context_title=context_title):
        if c.span in seen or c.span[0] < pos:
            continue
        seen.add(c.span)
        if c.span[0] > pos:
            parts.append({"text": text[pos : c.span[0]], "document_id": None})
        target: dict[str, Any] | None = None
        if c.article is not None:
            target = article_in_force(session, c.law, c.article)
        doc = None if target else version_in_force(session, c.law)
        parts.append(
            {
                "text": text[c.span[0] : c.span[1]],
                "document_id": target["document_id"] if target else (doc.id if doc else None),
                "anchor": target["anchor"] if target else None,
                "law": c.law,
                "article": c.article,
            }
        )
        pos = c.span[1]
    if pos < len(text):
        parts.append({"text": text[pos:], "document_id": None})
    return parts


def document_page(session: Session, doc_id: int | str) -> dict[str, Any]:
    """A document for reading: every record's paragraphs with citations linked, and how many
    articles elsewhere cite each of its articles."""
    from ipatlas.library.citations import AliasTable

    doc = document_dict(session, doc_id)
    aliases = AliasTable.load(session)
    work = session.get(LawDocument, doc["id"])
    assert work is not None
    counts = dict(
        session.execute(
            select(LawCitation.article_number, func.count())
            .outerjoin(LawArticle, LawArticle.id == LawCitation.source_article_id)
            .where(LawCitation.target_work_key == work.work_key)
            .where((LawArticle.document_id != work.id) | LawCitation.source_article_id.is_(None))
            .group_by(LawCitation.article_number)
        ).all()  # type: ignore[arg-type]
    )
    for a in doc["articles"]:
        a["lines"] = [linked_parts(session, line, doc["title"], aliases) for line in a["text"].split("\n")]
        a["cited_by_count"] = counts.get(a["number"], 0) if a["kind"] == "article" else 0
    return doc


# Outside texts the public article page may name: plans, rules and court judgments (public
# documents, named by case number and court); never the office's own case files.
PUBLIC_SOURCES = ("plan", "rule", "judgment")


def article_page(session: Session, doc_id: int | str, anchor: str) -> dict[str, Any]:
    from ipatlas.library.citations import cited_by

    doc = _doc_or_404(session, doc_id)
    art = session.scalars(
        select(LawArticle).where(LawArticle.document_id == doc.id, LawArticle.anchor == anchor)
    ).first()
    if art is None:
        raise NotFoundError(f"条文不存在: {doc.title} {anchor}")
    versions = versions_of(session, doc.title)
    return {
        "document": document_summary(doc, versions),
        "id": art.id,
        "label": art.label,
        "anchor": art.anchor,
        "heading": art.heading,
        "caption": art.caption,
        "kind": art.kind,
        "text": art.text,
        "lines": [linked_parts(session, line, doc.title) for line in art.text.split("\n")],
        "cited_by": cited_by(session, art.id, source_types=PUBLIC_SOURCES),
    }


def text_in_force(session: Session, law: str, on: dt.date) -> dict[str, Any]:
    """The version of ``law`` in force on ``on`` with its articles (NotFoundError when none)."""
    doc = version_in_force(session, law, on=on)
    if doc is None:
        raise NotFoundError(f"{on.isoformat()} 时没有施行中的《{law}》版本（未导入、尚未施行或已失效）")
    return document_dict(session, doc.id)
