"""Deadline sweep into the outbox, and sending it to a real SMTP server (aiosmtpd on localhost)."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine

from ipatlas import workflow as wf
from ipatlas.config import Settings
from ipatlas.store import workflow as store

DATA = Path(__file__).parent / "wfdata"
CLERK = wf.Actor("clerk1", "clerk")


class Sink:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture()
def smtp_server() -> Iterator[tuple[Sink, int]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sink = Sink()
    ctl = Controller(sink, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        yield sink, port
    finally:
        ctl.stop()


def test_sweep_due_soon_overdue_idempotent_and_smtp(wf_engine: Engine, smtp_server: tuple[Sink, int]) -> None:
    definition = wf.load_definition(DATA / "sample.yaml")
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        wf.start(
            s, definition, subject_type="case", subject_id="A", actor=CLERK, at=dt.datetime(2026, 3, 2, 9)
        )
        b = wf.start(
            s, definition, subject_type="case", subject_id="B", actor=CLERK, at=dt.datetime(2026, 3, 9, 9)
        )
        c = wf.start(
            s, definition, subject_type="case", subject_id="C", actor=CLERK, at=dt.datetime(2026, 3, 2, 9)
        )
        wf.act(s, c.id, "accept", actor=CLERK, at=dt.datetime(2026, 3, 3, 9))
    as_of = dt.date(2026, 3, 12)
    with S() as s, s.begin():
        # A: acceptance due 11 March (overdue), override due 16 March (due soon);
        # B: acceptance due 18 March, override 23 March (neither); C stopped.
        over = wf.due_deadlines(s, as_of=as_of, which="overdue")
        assert [(d.rule, i.subject_id) for d, i in over] == [("acceptance", "A")]
        soon = wf.due_deadlines(s, as_of=as_of, which="due_soon")
        assert [(d.rule, i.subject_id) for d, i in soon] == [("override", "A")]
        res = wf.sweep(s, as_of=as_of)
        assert (res["overdue"], res["due_soon"], res["notifications"]) == (1, 1, 2)
        assert wf.sweep(s, as_of=as_of)["notifications"] == 0  # idempotent
    assert b.id and c.id
    sink, port = smtp_server
    with S() as s, s.begin():
        cfg = wf.SmtpConfig(host="127.0.0.1", port=port, domain="office.example")
        assert wf.send_outbox(s, cfg)["sent"] == 2
        assert wf.send_outbox(s, wf.SmtpConfig(host="127.0.0.1", port=port))["sent"] == 0
        box = wf.outbox(s)
        assert {n["status"] for n in box} == {"sent"}
    assert len(sink.messages) == 2
    rcpts = sorted(r for r, _m in sink.messages)
    assert rcpts == [["clerk1@office.example"], ["clerk1@office.example"]]
    subjects = sorted(str(make_header(decode_header(m["Subject"]))) for _r, m in sink.messages)
    assert subjects[0].startswith("【即将到期】") or subjects[1].startswith("【即将到期】")
    assert any("【已超期】" in x and "受理决定" in x for x in subjects)


def test_send_failures_are_recorded_and_unconfigured_sends_nothing(
    wf_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IPATLAS_SMTP_HOST", raising=False)
    definition = wf.load_definition(DATA / "sample.yaml")
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        wf.start(
            s, definition, subject_type="case", subject_id="A", actor=CLERK, at=dt.datetime(2026, 3, 2, 9)
        )
        wf.sweep(s, as_of=dt.date(2026, 3, 12))
        assert wf.send_outbox(s, None) == {"configured": False, "sent": 0, "failed": 0, "skipped": 0}
        assert {n["status"] for n in wf.outbox(s)} == {"pending"}
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            dead_port = sock.getsockname()[1]
        res = wf.send_outbox(s, wf.SmtpConfig(host="127.0.0.1", port=dead_port, timeout=2))
        assert res["failed"] == 2 and res["sent"] == 0
        box = wf.outbox(s)
        assert {n["status"] for n in box} == {"failed"} and all("无法连接" in n["error"] for n in box)
    assert wf.SmtpConfig.from_settings(Settings(smtp_host=None)) is None
    monkeypatch.setenv("IPATLAS_SMTP_HOST", "mail")
    monkeypatch.setenv("IPATLAS_SMTP_PORT", "2525")
    cfg = wf.SmtpConfig.from_settings(Settings())
    assert cfg is not None and cfg.port == 2525
