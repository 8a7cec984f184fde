"""The rights in suit: trademark registration numbers and patent numbers (a number masked in part is none)."""

from __future__ import annotations

import re

#: A registration number (not one masked in part: 第775457X号).
_TM_NO_RE = re.compile(
    r"(?:第|注册号(?:为|是)?[：:]?|商标(?:注册)?号(?:为|是)?[：:]?)\s*(\d{4,9})(?![\dXx×＊*])(?:号)?(?=[^。；]{0,40}?商标)"
)
_PATENT_RE = re.compile(r"(?:ZL|专利号(?:为|是)?[：:]?\s*)\s*((?:19|20)?\d{8,12}\.?[\dXx])")


def _rights(text: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for m in _TM_NO_RE.finditer(text):
        key = ("trademark", m.group(1))
        if key not in seen:
            seen.add(key)
            out.append({"kind": "trademark", "number": m.group(1)})
    for m in _PATENT_RE.finditer(text):
        num = m.group(1).replace(".", "").upper()
        key = ("patent", num)
        if key not in seen:
            seen.add(key)
            out.append({"kind": "patent", "number": num})
    return out
