"""Progress reporting without a UI dependency: the core calls a callback, the CLI draws a bar."""

from __future__ import annotations

from typing import Protocol


class ProgressCallback(Protocol):
    """Called with items done, total (None if unknown) and an optional label."""

    def __call__(self, done: int, total: int | None, description_: str = "") -> None: ...


def no_progress(done: int, total: int | None, description_: str = "") -> None:
    """Default: report nothing."""
