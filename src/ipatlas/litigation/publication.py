"""Public judgment summaries (公开案例): typical cases (典型案例) and summaries of the imported
judgments, personal data stripped with the protection package's masking helpers.

A summary names the court, the case, the cause, the outcome and the provisions applied; parties
that are natural persons are masked (张*) wherever their names occur (also in a typical case's
commentary, whose contact lines — 承办人, phone, mail — are dropped); addresses, agents, lawyers
and judges are never included.
"""

from __future__ import annotations

import re
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import NotFoundError
from ipatlas.protection.privacy import mask_name, mask_phone

PERSON = "个人"
# Contact lines of a typical case's publication (承办人 and their office phone, the editor's mail):
# about the people who wrote it, not the case; dropped.
CONTACT_LINE = re.compile(r"承办人|撰写人|编写人|联系电话|办公电话|@")
PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}-?\d{7,8}|1[3-9]\d{9})(?!\d)")


def _people(judgment: dict[str, Any]) -> list[str]:
    """Names of the natural persons among the parties, longest first (for replacing in text)."""
    names = {
        str(p["name"]) for p in judgment.get("parties") or [] if p.get("type") == PERSON and p.get("name")
    }
    return sorted(names, key=len, reverse=True)


def _public_name(name: str, people: list[str]) -> str:
    return mask_name(name) or "" if name in people else name


def _strip(text: str | None, people: list[str]) -> str | None:
    """``text`` without contact lines, natural persons' names masked, phone numbers masked."""
    if not text:
        return text
    text = "\n".join(line for line in text.split("\n") if not CONTACT_LINE.search(line))
    for name in people:
        text = text.replace(name, mask_name(name) or "*")
    return PHONE.sub(lambda m: mask_phone(m.group(0)) or "", text)


def summary(judgment: dict[str, Any]) -> dict[str, Any]:
    """The public summary of one judgment row (``read_judgments``), personal data stripped."""
    people = _people(judgment)
    return {
        "record_id": judgment["record_id"],
        "case_number": judgment.get("case_number"),
        "court": judgment.get("court"),
        "document_type": judgment.get("document_type"),
        "procedure": judgment.get("procedure"),
        "cause": judgment.get("cause"),
        "decided_on": judgment.get("decided_on"),
        "outcome": judgment.get("outcome"),
        "damages_awarded": judgment.get("damages_awarded"),
        "punitive_damages": bool(judgment.get("punitive_damages")),
        "typical_case": bool(judgment.get("typical_case")),
        "plaintiffs": [_public_name(str(n), people) for n in judgment.get("plaintiffs") or []],
        "defendants": [_public_name(str(n), people) for n in judgment.get("defendants") or []],
        "commentary": _strip(judgment.get("commentary"), people),
        "laws_cited": [
            {"law": c.get("law"), "article": c.get("article")} for c in judgment.get("laws_cited") or []
        ],
        "is_demo": bool(judgment.get("is_demo")),
    }


def public_judgments(settings: Settings, *, limit: int = 200) -> dict[str, list[dict[str, Any]]]:
    """``{"typical": [...], "judgments": [...]}``: every typical case, then the newest other
    judgments (``limit``), each as a :func:`summary`."""
    from ipatlas.litigation.corpus import read_judgments

    rows = read_judgments(settings)
    typical = [summary(r) for r in rows if r.get("typical_case")]
    others = [summary(r) for r in rows if not r.get("typical_case")][:limit]
    return {"typical": typical, "judgments": others}


def public_judgment(settings: Settings, record_id: str) -> dict[str, Any]:
    """One judgment's public summary (NotFoundError when there is none)."""
    from ipatlas.litigation.corpus import read_judgments

    rows = read_judgments(settings, contains={"record_id": record_id})
    for r in rows:
        if r["record_id"] == record_id:
            return summary(r)
    raise NotFoundError(f"裁判文书不存在: {record_id}")
