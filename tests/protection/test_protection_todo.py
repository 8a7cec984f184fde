"""我的待办 at scale: the indexed, paginated to-do query returns exactly what the plain query
returns, its count matches, and the bulk-loaded benchmark data agrees with hand-written SQL
(SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.protection import cases as pc
from ipatlas.protection.bench import ASSIGNEES, populate
from ipatlas.protection.models import Case
from ipatlas.store import workflow
from ipatlas.workflow import Actor
from ipatlas.workflow.models import WfDeadline, WfInstance

AS_OF = dt.datetime(2026, 11, 30, 18, 0)


@pytest.fixture()
def loaded(pr_settings: Settings) -> Any:
    workflow.migrate(pr_settings)
    engine = workflow.make_engine(pr_settings)
    S = workflow.session_factory(engine)
    with S() as s, s.begin():
        sizes = populate(s, 3_000, chunk=1_000)
    try:
        yield S, sizes
    finally:
        engine.dispose()


def test_bulk_load_is_readable_by_the_orm(loaded: Any) -> None:
    S, sizes = loaded
    with S() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 3_000
        assert s.scalar(select(func.count()).select_from(WfDeadline)) == sizes["deadlines"] > 3_000
        case = s.get(Case, 1234)
        assert case is not None and case.received_at.date() == case.received_on
        assert case.complainant == {} and case.is_demo is True
        inst = s.get(WfInstance, 3_000)
        assert inst is not None and inst.data == {"number": "B3000"}
        shown = pc.show_case(s, 1234, viewer=None, as_of=AS_OF)
        assert shown["deadlines"][0]["rule"] == "acceptance"
    with S() as s, s.begin():
        new = WfInstance(
            definition="protection_complaint", definition_version=1, subject_type="case", subject_id="new",
            state="registered", opened_at=AS_OF, created_by="test",
        )  # fmt: skip
        s.add(new)
        s.flush()
        assert new.id == 3_001


@pytest.mark.parametrize(
    "who", [Actor("han", "handler"), Actor("clerk1", "clerk"), Actor("nobody", "mediator")]
)
def test_todo_pages_match_the_plain_query(loaded: Any, who: Actor) -> None:
    S, _ = loaded
    with S() as s:
        plain = pc.list_cases(s, viewer=who, mine=True, as_of=AS_OF, limit=10_000)["cases"]
        first = pc.todo(s, viewer=who, as_of=AS_OF, limit=7)
        assert first["total"] == len(plain)
        pages, offset = [], 0
        while offset < first["total"]:
            pages += pc.todo(s, viewer=who, as_of=AS_OF, limit=7, offset=offset)["cases"]
            offset += 7
        assert pages == plain
        assert pc.todo(s, viewer=who, as_of=AS_OF, offset=first["total"])["cases"] == []
        assert first["total_exact"] is True
    if who.username == "han":
        assert len(plain) > 14 and all(c["status"] != "archived" for c in plain)
        assert any(d["state"] == "overdue" for c in plain for d in c["deadlines"])


def test_todo_refuses_a_bad_page(loaded: Any) -> None:
    S, _ = loaded
    with S() as s, pytest.raises(InputError, match="每页条数"):
        pc.todo(s, viewer=Actor("han", "handler"), limit=0)


def test_bench_cases_command_agrees_with_hand_sql(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(tmp_path))
    code, out, _ = invoke(capsys, "bench", "cases", "--n", "2000", "--json")
    assert code == 0, out
    res = json.loads(out)
    assert res["cases"] == 2000 and res["backend"] == "sqlite"
    assert res["sweep_agrees"] is True and res["stats_agree"] is True
    assert res["notifications_written"] == res["due_found"] > 0
    assert "todo_page" not in res
    assert ASSIGNEES[0] == "han"


def test_todo_counts_up_to_a_cap_and_pages_on_past_it(loaded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long list is counted only up to a cap past the page ("N 件以上"); paging still reaches the end."""
    S, _ = loaded
    who = Actor("han", "handler")
    monkeypatch.setattr(pc, "TODO_COUNT_CAP", 5)
    with S() as s:
        plain = pc.list_cases(s, viewer=who, mine=True, as_of=AS_OF, limit=10_000)["cases"]
        first = pc.todo(s, viewer=who, as_of=AS_OF, limit=3)
        assert (first["total"], first["total_exact"]) == (5, False)
        pages, offset, page = [], 0, first
        while page["cases"]:
            pages += page["cases"]
            offset += 3
            page = pc.todo(s, viewer=who, as_of=AS_OF, limit=3, offset=offset)
            assert page["total"] >= min(len(plain), offset)
        assert pages == plain
        last = pc.todo(s, viewer=who, as_of=AS_OF, limit=3, offset=len(plain) - 1)
        assert last["total_exact"] is True and last["total"] == len(plain)
