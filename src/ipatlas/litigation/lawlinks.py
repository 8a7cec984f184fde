"""Judgments ↔ the policy library: each judgment's ``laws_cited`` linked to library articles.

The linking goes through the library's one citation resolver (``ipatlas.library.citations``:
the alias table turns 商标法 into 中华人民共和国商标法, and the version in force on the judgment's
date is chosen), so a judgment, a plan and a law citing the same article all land on it.
:func:`register_judgments` records the citations so the article pages list the judgments under
"cited by"; :func:`linked_laws` gives a judgment page its links.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.library.citations import AliasTable, find_citations, register_citations

SOURCE_TYPE = "judgment"


def citation_text(provision: dict[str, Any]) -> str:
    """One cited provision as citation text (``《中华人民共和国商标法》第五十七条``)."""
    return f"《{provision.get('law') or ''}》{provision.get('article') or ''}"


def source_title(judgment: dict[str, Any]) -> str:
    """How a judgment is named where it cites: case number and court (no party names)."""
    court = judgment.get("court")
    return f"{judgment.get('case_number') or judgment.get('record_id')}" + (f"（{court}）" if court else "")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def linked_laws(
    session: Session, judgment: dict[str, Any], *, aliases: AliasTable | None = None
) -> list[dict[str, Any]]:
    """``laws_cited`` with the library article each one resolves to (the version in force on the
    judgment's date): ``{law, article, document_id, anchor, linked}``; ``linked`` is false for
    laws the library does not hold (the document is still given when only the article is missing)."""
    aliases = aliases or AliasTable.load(session)
    on = _date(judgment.get("decided_on"))
    out: list[dict[str, Any]] = []
    for provision in judgment.get("laws_cited") or []:
        found = find_citations(citation_text(provision), session=session, as_of=on, aliases=aliases)
        hit = found[0] if found else None
        # 第五十七条之一 is not 第五十七条: link such provisions to the law only.
        exact_article = (
            hit is not None and hit.article_id is not None and "之" not in str(provision.get("article"))
        )
        out.append(
            {
                "law": hit.law if hit else provision.get("law"),
                "article": provision.get("article"),
                "document_id": hit.document_id if hit else None,
                "anchor": hit.anchor if exact_article and hit else None,
                "linked": exact_article,
            }
        )
    return out


def register_judgments(session: Session, settings: Settings) -> dict[str, int]:
    """Record every imported judgment's citations in the library (replacing earlier ones), so the
    cited articles list it; re-running changes nothing."""
    from ipatlas.litigation.corpus import read_judgments

    aliases = AliasTable.load(session)
    judgments = citations = linked = 0
    for j in read_judgments(settings):
        text = "；".join(citation_text(p) for p in j.get("laws_cited") or [])
        found = register_citations(
            session,
            source_type=SOURCE_TYPE,
            source_ref=str(j["record_id"]),
            source_title=source_title(j),
            text=text,
            aliases=aliases,
        )
        judgments += 1
        citations += len(found)
        linked += sum(1 for c in found if c.article_id is not None)
    return {"judgments": judgments, "citations": citations, "linked": linked}


def judgment_detail(session: Session, settings: Settings, record_id: str) -> dict[str, Any]:
    """One imported judgment (every parsed field, for staff) with ``laws_linked``."""
    from ipatlas.errors import NotFoundError
    from ipatlas.litigation.corpus import read_judgments

    for j in read_judgments(settings, contains={"record_id": record_id}):
        if j["record_id"] == record_id:
            j["laws_linked"] = linked_laws(session, j)
            return j
    raise NotFoundError(f"裁判文书不存在: {record_id}")
