"""Output helpers shared by all commands: JSON, tables, progress bars, error lines."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ipatlas.config import Settings
from ipatlas.errors import IpatlasError
from ipatlas.progress import ProgressCallback, no_progress, reporting

console = Console()
err_console = Console(stderr=True)

JSON_OPTION_HELP = "以 JSON 格式输出到标准输出（供脚本调用）。"


def _default(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if isinstance(obj, dt.date | dt.datetime):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, set | frozenset | tuple):
        return list(obj)
    if hasattr(obj, "item"):  # numpy scalars
        return obj.item()
    return str(obj)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=_default, indent=2)


def print_json(data: Any) -> None:
    sys.stdout.write(to_json(data) + "\n")
    sys.stdout.flush()


def print_table(
    rows: list[dict[str, Any]], columns: list[str] | None = None, title: str | None = None
) -> None:
    if not rows:
        console.print("（无记录）")
        return
    columns = columns or list(rows[0])
    table = Table(title=title)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if r.get(c) is None else str(r.get(c)) for c in columns])
    console.print(table)


def render_error(exc: IpatlasError, *, as_json: bool) -> None:
    if as_json:
        print_json(exc.to_dict())
    err_console.print(f"[bold red]错误[/] {exc.message}", highlight=False, soft_wrap=True)


@contextlib.contextmanager
def progress_bar(description: str, *, enabled: bool = True, lazy: bool = False) -> Iterator[ProgressCallback]:
    """A rich progress bar on stderr, handed to the core as a plain callback. ``lazy``: drawn from
    the first report on (a step that may not happen, such as recognising a scan, shows no bar)."""
    if not enabled or not err_console.is_terminal:
        # Scripts and CI get clean stderr; the summary is printed by the command itself.
        yield no_progress
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )
    task = progress.add_task(description, total=None)

    def update(done: int, total: int | None, description_: str = "") -> None:
        if not progress.live.is_started:
            progress.start()
        progress.update(task, completed=done, total=total, description=description_ or description)

    if not lazy:
        progress.start()
    try:
        yield update
    finally:
        if progress.live.is_started:
            progress.stop()


@contextlib.contextmanager
def recognition_progress(*, enabled: bool = True) -> Iterator[None]:
    """A bar for text recognition of a scan's pages, reported from deep inside the document
    readers (``progress.reporting``); nothing is drawn for a document with a text layer."""
    from ipatlas.sourcetext.ocr import PROGRESS_LABEL

    with progress_bar(PROGRESS_LABEL, enabled=enabled, lazy=True) as callback, reporting(callback):
        yield


def settings() -> Settings:
    return Settings()
