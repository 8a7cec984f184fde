"""Document numbers: per office and year, never repeated or skipped, also under concurrency."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import Engine, select

from ipatlas import workflow as wf
from ipatlas.errors import InputError
from ipatlas.store import workflow as store
from ipatlas.workflow.models import WfDocument


def test_sequence_per_office_and_year_and_rollback(wf_engine: Engine) -> None:
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        assert wf.next_document_number(s, "渝知保", 2026) == "渝知保〔2026〕1号"
        assert wf.next_document_number(s, "渝知保", 2026) == "渝知保〔2026〕2号"
        assert wf.next_document_number(s, "渝知保", 2027) == "渝知保〔2027〕1号"
        assert wf.next_document_number(s, "渝北知保", 2026) == "渝北知保〔2026〕1号"
    # A document whose transaction rolls back gives its number back: no gap.
    s = S()
    with s.begin():
        assert wf.next_document_number(s, "渝知保", 2026) == "渝知保〔2026〕3号"
        s.rollback()
    s.close()
    with S() as s, s.begin():
        assert wf.next_document_number(s, "渝知保", 2026, kind="受理通知书") == "渝知保〔2026〕3号"
    with S() as s, s.begin(), pytest.raises(InputError, match="前缀"):
        wf.next_document_number(s, "bad prefix!", 2026)


def test_concurrent_issuers_never_repeat_or_skip(wf_engine: Engine) -> None:
    S = store.session_factory(wf_engine)
    issued: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(10):
                with S() as s, s.begin():
                    n = wf.next_document_number(s, "渝知保", 2026)
                with lock:
                    issued.append(n)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    seqs = sorted(int(re.search(r"〕(\d+)号", n).group(1)) for n in issued)  # type: ignore[union-attr]
    assert seqs == list(range(1, 41))
    with S() as s:
        assert sorted(s.scalars(select(WfDocument.seq))) == list(range(1, 41))
