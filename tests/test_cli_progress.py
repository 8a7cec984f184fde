"""The CLI's progress bars: drawn on a terminal only, not under --json, and a lazy bar (text
recognition of a scan) only once something reports — a text document shows no bar at all."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from ipatlas.cli import output
from ipatlas.progress import current, no_progress, reporting


def _terminal(monkeypatch: pytest.MonkeyPatch, tty: bool) -> io.StringIO:
    buf = io.StringIO()
    monkeypatch.setattr(output, "err_console", Console(file=buf, force_terminal=tty, width=100))
    return buf


def test_a_lazy_bar_is_drawn_from_the_first_report_on(monkeypatch: pytest.MonkeyPatch) -> None:
    buf = _terminal(monkeypatch, tty=True)
    with output.recognition_progress():
        pass  # a text document: nothing recognised
    assert buf.getvalue() == ""
    with output.recognition_progress():
        current()(1, 3, "文字识别（OCR）")
        current()(3, 3, "文字识别（OCR）")
    assert "文字识别（OCR）" in buf.getvalue() and "3/3" in buf.getvalue()
    assert current() is no_progress  # the callback is gone after the block


@pytest.mark.parametrize(("tty", "enabled"), [(False, True), (True, False)])
def test_no_bar_off_a_terminal_or_under_json(
    monkeypatch: pytest.MonkeyPatch, tty: bool, enabled: bool
) -> None:
    buf = _terminal(monkeypatch, tty=tty)
    with output.recognition_progress(enabled=enabled):
        assert current() is no_progress
        current()(1, 2, "文字识别（OCR）")
    assert buf.getvalue() == ""


def test_reporting_nests_and_restores() -> None:
    seen: list[str] = []
    with reporting(lambda d, t, label="": seen.append(f"a{d}")):
        with reporting(lambda d, t, label="": seen.append(f"b{d}")):
            current()(1, 1)
        current()(2, 2)
    assert seen == ["b1", "a2"] and current() is no_progress
