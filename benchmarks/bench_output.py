"""How the benchmark scripts report: the JSON result on stdout, and in ``--out`` when given."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def emit(result: Any, out: Path | None) -> None:
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
