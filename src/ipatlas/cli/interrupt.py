"""Ctrl-C on the command line: one Chinese line and exit code 130, never a traceback.

Imports are crash-safe (``tests/ingest/test_ingest_crash.py``: kill -9 at every stage leaves the
previous data as it was), so stopping one is safe; what was missing is the words. Python prints a
traceback of whatever module was loading, DuckDB turns the interrupt into ``RuntimeError: Query
interrupted``: :func:`ipatlas.cli.main` renders any of them once :data:`received` is set.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from types import FrameType

ABORTED = "已中止（Ctrl-C）：未完成的导入不会生效，已有数据保持完整；可重新运行（重复导入不改变数据）。"
EXIT_CODE = 130
received = False
_own_process = False  # the ``ipatlas`` process itself, not a test or a notebook importing the package


def _quit_at_once(signum: int, frame: FrameType | None) -> None:
    os.write(2, (ABORTED + "\n").encode())
    os._exit(EXIT_CODE)  # the command has not started: nothing is read or written yet


def _interrupt(signum: int, frame: FrameType | None) -> None:
    global received
    received = True
    raise KeyboardInterrupt


def while_starting() -> None:
    """Loading the command line takes seconds (``python -X importtime``: 3.6 s on the shared
    machine); Ctrl-C then quits at once. ``sys.argv[0]`` is "-m" while ``python -m ipatlas.cli``
    loads the package, the script's path for the ``ipatlas`` console script."""
    global _own_process
    if sys.argv and (sys.argv[0] == "-m" or Path(sys.argv[0]).name == "ipatlas"):
        _own_process = True
        signal.signal(signal.SIGINT, _quit_at_once)


def watch() -> None:
    """From here on Ctrl-C interrupts the command (transactions roll back) and is remembered."""
    global received
    received = False
    if _own_process:
        signal.signal(signal.SIGINT, _interrupt)


while_starting()
