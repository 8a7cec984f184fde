"""What the round tests read off a law text: its fields and structure, and its citation pairs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ipatlas.library.citations import AliasTable, detect
from ipatlas.library.importer import document_fields
from ipatlas.library.text import parse_document


def summary(text: str, name: str = "x.txt") -> dict[str, Any]:
    """``document_fields`` plus the articles (numbers, headings, paragraph counts), chapters and sections."""
    parsed = parse_document(text, name=name)
    articles = [r for r in parsed.records if r.kind == "article"]
    out = document_fields(parsed, {}, name)
    out["articles"] = [r.number for r in articles]
    out["headings"] = [r.heading for r in articles]
    out["paragraphs"] = {r.number: len(r.paragraphs()) for r in articles}
    out["chapters"] = sorted({r.heading for r in parsed.records if r.heading})
    out["sections"] = [r.number for r in parsed.records if r.kind == "section"]
    return out


def pairs(text: str, context: str | None = None, titles: Iterable[Any] = ()) -> set[tuple[str, int | None]]:
    """(law, article) of every citation ``detect`` finds, with an alias table of ``titles``."""
    return {(c.law, c.article) for c in detect(text, AliasTable(list(titles)), context_title=context)}
