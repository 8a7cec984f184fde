"""The signature block: judges with their roles (书记员, 法官助理 included) and the decision date."""

from __future__ import annotations

import datetime as dt
import re

from ipatlas.litigation.numbers import parse_cn_date
from ipatlas.litigation.parsing.patterns import _JUDGE_ROLE_RE, _SIG_DATE_RE, _SIG_NOISE_RE
from ipatlas.litigation.parsing.text import compact

_SIGN_LINE_RE = re.compile(
    rf"^(?:(?:{_JUDGE_ROLE_RE.pattern})\s*[：:]?\s*[\u4e00-\u9fa5·•.．（）A-Za-z]{{0,14}}\s*)+$"
)


def _signature(lines: list[str], lo: int) -> tuple[int, list[dict[str, str]], dt.date | None]:
    """(index where the signature block starts, judges, date)."""
    n = len(lines)
    date_idx = -1
    for i in range(n - 1, lo - 1, -1):
        c = re.sub(r"[?？]", "", compact(lines[i]))
        if _SIG_DATE_RE.match(c):
            date_idx = i
            break
    role_idx: list[int] = []
    anchor = date_idx if date_idx >= 0 else n
    # Role lines above the date (up to 8) and below it (up to 6, clerks and assistants).
    i = anchor - 1
    while i >= lo and anchor - i <= 10:
        c = compact(lines[i])
        if _SIGN_LINE_RE.match(c) and _JUDGE_ROLE_RE.match(c):
            role_idx.append(i)
        elif _SIG_NOISE_RE.match(c):
            pass
        else:
            break
        i -= 1
    if date_idx >= 0:
        for k in range(date_idx + 1, min(n, date_idx + 8)):
            c = compact(lines[k])
            if _SIGN_LINE_RE.match(c) and _JUDGE_ROLE_RE.match(c):
                role_idx.append(k)
            elif _SIG_NOISE_RE.match(c):
                continue
            else:
                break
    if date_idx < 0 and not role_idx:
        return n, [], None
    role_idx.sort()
    start = min([*role_idx, date_idx] if date_idx >= 0 else role_idx)
    judges: list[dict[str, str]] = []
    for k in role_idx:
        c = compact(lines[k]).replace("：", "").replace(":", "")
        marks = list(_JUDGE_ROLE_RE.finditer(c))
        for q, mk in enumerate(marks):
            end = marks[q + 1].start() if q + 1 < len(marks) else len(c)
            name = c[mk.end() : end].strip("（）()·")
            name = re.sub(r"[（(]代[）)]$", "", name)
            if mk.group(0).endswith("员"):
                # 书记员  员蒋丹: the role's last character typed twice
                name = re.sub(r"^员(?=[\u4e00-\u9fa5]{2,3}$)", "", name)
            if 1 <= len(name) <= 12:
                judges.append({"name": name, "role": mk.group(0)})
    date = parse_cn_date(re.sub(r"[?？]", "", compact(lines[date_idx]))) if date_idx >= 0 else None
    return start, judges, date
