"""Progress reporting without a UI dependency: the core calls a callback, the CLI draws a bar.

A long step that no argument reaches (text recognition of a scan, deep inside reading a plan, a
judgment or a law) reports to the callback a caller installed with :func:`reporting` around it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Protocol


class ProgressCallback(Protocol):
    """Called with items done, total (None if unknown) and an optional label."""

    def __call__(self, done: int, total: int | None, description_: str = "") -> None: ...


def no_progress(done: int, total: int | None, description_: str = "") -> None:
    """Default: report nothing."""


_CURRENT: ContextVar[ProgressCallback] = ContextVar("ipatlas_progress", default=no_progress)


@contextlib.contextmanager
def reporting(callback: ProgressCallback) -> Iterator[None]:
    """Inside the block, :func:`current` is ``callback`` (per thread and task, as a ContextVar)."""
    token = _CURRENT.set(callback)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current() -> ProgressCallback:
    """The callback installed by the innermost :func:`reporting` (default: report nothing)."""
    return _CURRENT.get()
