"""Run ``ipatlas …`` in-process through ``ipatlas.cli.main``, as a script would call it."""

from __future__ import annotations

import pytest

from ipatlas.cli import main


def invoke(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of one command."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err
