"""Judgments ↔ the policy library on the shared texts: ``laws_cited`` resolved through the
library's one citation resolver (aliases, version in force on the judgment's date), registered
so the cited articles list the judgments, and public summaries without personal data."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.library import cited_by, import_path
from ipatlas.library.models import LawArticle, LawCitation, LawDocument
from ipatlas.litigation.corpus import import_dir, read_judgments
from ipatlas.litigation.lawlinks import judgment_detail, linked_laws, register_judgments
from ipatlas.litigation.publication import public_judgment, public_judgments
from ipatlas.store import workflow

FILES = ("084f01a191", "6ed5c4c8bb", "1e674c5327")


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Iterator[tuple[Settings, Any]]:
    root = tmp_path_factory.mktemp("lawlinks")
    s = Settings(data_dir=root / "data", shared_dir=shared_dir)
    src = root / "in"
    src.mkdir()
    for f in FILES:
        shutil.copy(shared_dir / "data" / "judgments" / "texts" / f"{f}.txt", src)
    import_dir(s, src)
    with workflow.workflow_session(s) as session:
        import_path(session, shared_dir / "data" / "policies")
        first = register_judgments(session, s)
    engine = workflow.make_engine(s)
    yield s, (engine, first)
    engine.dispose()


def _session(linked: tuple[Settings, Any]) -> Session:
    return workflow.session_factory(linked[1][0])()


def _judgment(settings: Settings, case_number: str) -> dict[str, Any]:
    return next(j for j in read_judgments(settings) if j["case_number"] == case_number)


def test_laws_cited_link_to_library_articles(linked: tuple[Settings, Any]) -> None:
    settings = linked[0]
    j = _judgment(settings, "（2015）鄂孝感中知初字第00038号")
    with _session(linked) as session:
        links = {(x["law"], x["article"]): x for x in linked_laws(session, j)}
        art57 = links[("中华人民共和国商标法", "第五十七条")]
        assert art57["linked"]
        target = session.scalars(
            select(LawArticle).where(
                LawArticle.document_id == art57["document_id"], LawArticle.anchor == art57["anchor"]
            )
        ).one()
        assert target.number == 57
        assert session.get(LawDocument, target.document_id).title == "中华人民共和国商标法"  # type: ignore[union-attr]
        # A law the library does not hold stays unlinked, named in full.
        assert not links[("中华人民共和国民法通则", "第一百三十四条")]["linked"]
        # The abbreviation a court or a clerk writes resolves through the library's alias table.
        short = linked_laws(session, {"laws_cited": [{"law": "商标法", "article": "第五十七条"}]})
        assert short[0]["law"] == "中华人民共和国商标法" and short[0]["anchor"] == art57["anchor"]
        detail = judgment_detail(session, settings, j["record_id"])
        assert detail["laws_linked"] == list(links.values())


def test_cited_articles_list_the_judgments_and_reregistering_changes_nothing(
    linked: tuple[Settings, Any],
) -> None:
    settings, (_, first) = linked
    assert first["judgments"] == len(FILES) and 0 < first["linked"] <= first["citations"]
    j = _judgment(settings, "（2015）鄂孝感中知初字第00038号")
    with _session(linked) as session:
        link = next(x for x in linked_laws(session, j) if x["article"] == "第五十七条")
        art = session.scalars(
            select(LawArticle).where(
                LawArticle.document_id == link["document_id"], LawArticle.anchor == link["anchor"]
            )
        ).one()
        citers = {c["source_ref"]: c for c in cited_by(session, art.id) if c["source_type"] == "judgment"}
        assert j["record_id"] in citers and citers[j["record_id"]]["source_label"] == "裁判文书"
        assert citers[j["record_id"]]["title"] == "（2015）鄂孝感中知初字第00038号（孝感市中级人民法院）"
        before = session.scalar(select(func.count()).select_from(LawCitation))
        again = register_judgments(session, settings)
        session.flush()
        assert again == first
        assert session.scalar(select(func.count()).select_from(LawCitation)) == before
        session.rollback()


def test_public_summaries_strip_personal_data(linked: tuple[Settings, Any]) -> None:
    settings = linked[0]
    listed = public_judgments(settings)
    assert {j["case_number"] for j in listed["typical"]} >= {"（2013）赣民三终字第21号"}
    assert all(j["typical_case"] for j in listed["typical"])
    assert all(not j["typical_case"] for j in listed["judgments"])
    typical = next(j for j in listed["typical"] if j["case_number"] == "（2013）赣民三终字第21号")
    assert typical["defendants"] == ["李**"]  # a natural person, masked
    assert typical["plaintiffs"] == ["广州市芳奈服饰有限公司"]  # a company keeps its name
    commentary = typical["commentary"] or ""
    assert "裁判要旨" in commentary and "李菊红" not in commentary
    assert "承办人" not in commentary and "@" not in commentary
    person = public_judgment(settings, _judgment(settings, "（2015）鄂孝感中知初字第00038号")["record_id"])
    assert person["defendants"] == ["周**"]
    assert not {"parties", "lawyers", "judges", "law_firms", "source_file"} & set(person)


def test_cli_link_laws(
    linked: tuple[Settings, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from cli_runner import invoke

    settings, (_, first) = linked
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    code, out, _ = invoke(capsys, "judgments", "link-laws", "--json")
    assert code == 0 and json.loads(out) == first  # the same citations again: nothing changes
