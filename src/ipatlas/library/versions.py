"""Versions of a work, 当前状态, the text in force on a date, and rule-basis checks.

当前状态 is the source's own value when it has one (有效, 已失效, 已修改, 尚未生效); otherwise it is
computed: 尚未生效 before the effective date, 已修改 when a later version of the same work is in
force, else 有效. A version is in force on D from its effective date (or, lacking one, its
promulgation date) until the next version's; a version marked 已失效 with no later version has no
known end date and is treated as no longer in force.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, or_, select
from sqlalchemy.orm import Session, aliased

from ipatlas.library.models import LawArticle, LawDocument
from ipatlas.library.text import normalise_title


def start_of(doc: LawDocument) -> dt.date | None:
    return doc.effective_on or doc.promulgated_on


def versions_of(session: Session, law: str) -> list[LawDocument]:
    """All versions of the work named ``law`` (full title or abbreviation), oldest first."""
    keys = [normalise_title(law)]
    if not law.startswith("中华人民共和国"):
        keys.append(normalise_title("中华人民共和国" + law))
    docs = list(session.scalars(select(LawDocument).where(LawDocument.work_key.in_(keys))))
    docs = [d for d in docs if d.work_key == keys[0]] or docs
    if not docs and not law.startswith("中华人民共和国"):
        from ipatlas.library.aliases import AliasTable

        full = AliasTable.load(session).resolve(law)
        docs = list(session.scalars(select(LawDocument).where(LawDocument.work_key == normalise_title(full))))
    return sorted(docs, key=lambda d: (d.promulgated_on or dt.date.min, d.id))


def computed_status(doc: LawDocument, versions: list[LawDocument], today: dt.date | None = None) -> str:
    if doc.status:
        return doc.status
    today = today or dt.date.today()
    start = start_of(doc)
    if start is not None and start > today:
        return "尚未生效"
    later = [
        v
        for v in versions
        if v.id != doc.id
        and (v.promulgated_on or dt.date.min) > (doc.promulgated_on or dt.date.min)
        and (start_of(v) is None or start_of(v) <= today)  # type: ignore[operator]
    ]
    return "已修改" if later else "有效"


def status_expression(today: dt.date) -> ColumnElement[str]:
    """The same rule as :func:`computed_status`, in SQL (for the search filter)."""
    later = aliased(LawDocument)
    start = LawDocument.effective_on
    return case(
        (LawDocument.status.is_not(None), LawDocument.status),
        (and_(start.is_not(None), start > today), "尚未生效"),
        (
            and_(
                LawDocument.effective_on.is_(None),
                LawDocument.promulgated_on.is_not(None),
                LawDocument.promulgated_on > today,
            ),
            "尚未生效",
        ),
        (
            exists().where(
                later.work_key == LawDocument.work_key,
                later.id != LawDocument.id,
                later.promulgated_on > LawDocument.promulgated_on,
                or_(
                    and_(later.effective_on.is_not(None), later.effective_on <= today),
                    and_(
                        later.effective_on.is_(None),
                        or_(later.promulgated_on.is_(None), later.promulgated_on <= today),
                    ),
                ),
            ),
            "已修改",
        ),
        else_="有效",
    )


def version_in_force(session: Session, law: str, *, on: dt.date | None = None) -> LawDocument | None:
    """The version of ``law`` in force on ``on`` (default today), or None."""
    on = on or dt.date.today()
    versions = versions_of(session, law)
    started = [v for v in versions if start_of(v) is None or start_of(v) <= on]  # type: ignore[operator]
    if not started:
        return None
    current = max(started, key=lambda d: (start_of(d) or dt.date.min, d.promulgated_on or dt.date.min, d.id))
    later_exists = any(
        (v.promulgated_on or dt.date.min) > (current.promulgated_on or dt.date.min) for v in versions
    )
    if current.status == "已失效" and not later_exists:
        return None
    return current


def article_in_force(
    session: Session, law: str, number: int | None, *, on: dt.date | None = None
) -> dict[str, Any] | None:
    doc = version_in_force(session, law, on=on)
    if doc is None:
        versions = versions_of(session, law)
        if not versions:
            return None
        doc = versions[-1]  # not in force on that date: still link to the latest text
    art = session.scalars(
        select(LawArticle)
        .where(LawArticle.document_id == doc.id, LawArticle.kind == "article", LawArticle.number == number)
        .order_by(LawArticle.seq)
    ).first()
    if art is None:
        return None
    return {"id": art.id, "anchor": art.anchor, "document_id": doc.id, "label": art.label, "text": art.text}


def check_rule_basis(
    session: Session, law: str, article: int, as_of: dt.date, *, today: dt.date | None = None
) -> dict[str, Any]:
    """Does the article a rule rests on still read as it did when the rule took effect (``as_of``)?

    ``needs_review`` is True when the version in force today differs from the one in force on
    ``as_of`` in that article's text, the article no longer exists, or the law is not in force.
    """
    today = today or dt.date.today()
    basis_doc = version_in_force(session, law, on=as_of)
    current_doc = version_in_force(session, law, on=today)
    basis = article_in_force(session, law, article, on=as_of) if basis_doc else None
    current = article_in_force(session, law, article, on=today) if current_doc else None
    result: dict[str, Any] = {
        "law": law,
        "article": article,
        "as_of": as_of.isoformat(),
        "basis_document_id": basis_doc.id if basis_doc else None,
        "current_document_id": current_doc.id if current_doc else None,
        "basis_article_id": basis["id"] if basis else None,
        "current_article_id": current["id"] if current else None,
    }
    if basis_doc is None:
        return {**result, "needs_review": True, "reason": f"规则生效日 {as_of} 时库中没有施行中的《{law}》"}
    if current_doc is None:
        return {**result, "needs_review": True, "reason": f"《{law}》今日已不在施行（已失效或未导入）"}
    if current is None:
        return {**result, "needs_review": True, "reason": f"现行《{law}》中没有第{article}条"}
    if basis is None:
        return {**result, "needs_review": True, "reason": f"规则生效时的《{law}》中没有第{article}条"}
    if basis_doc.id != current_doc.id and basis["text"] != current["text"]:
        return {
            **result,
            "needs_review": True,
            "reason": f"第{article}条已随 {current_doc.promulgated_on} 版本修改，规则需复核",
        }
    return {**result, "needs_review": False, "reason": "条文未变"}
