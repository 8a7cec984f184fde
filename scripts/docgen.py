"""Shared entry point of the docs generators: write the file, or with --check exit 1 when stale."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def write_or_check(render: Callable[[], str], target: Path) -> None:
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if target.exists() and target.read_text("utf-8") == text else 1)
    target.write_text(text, "utf-8")
    print(f"wrote {target}")
