"""What the portal shows besides the library: one data function per page.

Public cases, agencies and open licences come from the packages that own them (protection,
market, operations). Until those are on main these functions return empty lists, and the pages
say that nothing has been published yet; each is the one place to switch when they land.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import ConfigError, InputError

SMALL_CELL = 10  # aggregates below this are never shown (counted, but displayed as “<10”)
KIND_LABELS = {"invention": "发明", "utility": "实用新型", "design": "外观设计"}


def public_cases(session: Session) -> list[dict[str, Any]]:
    """行政处罚/裁决公示 without personal data: ``ipatlas.protection.publication.public_decisions``
    once issue 12's protection package is on main; nothing is published before that."""
    return []


def agencies(session: Session) -> list[dict[str, Any]]:
    """服务机构名录 (name, address, specialties, location) from the market package once on main."""
    return []


def open_licences(session: Session) -> list[dict[str, Any]]:
    """开放许可 (patent, licensor, fee terms) from the operations package once on main."""
    return []


def public_statistics(con: Any, *, threshold: int = SMALL_CELL) -> dict[str, Any]:
    """Patents by county and kind from the lake: aggregates only, cells below ``threshold``
    suppressed, and a second cell of the same row suppressed when only one would be (so the row
    total cannot reveal it)."""
    from ipatlas.regions.registry import get_registry

    try:
        rows = con.execute(
            "SELECT adcode, kind, count(*) AS n, bool_or(is_demo) AS demo FROM patents"
            " WHERE adcode IS NOT NULL GROUP BY adcode, kind"
        ).fetchall()
    except Exception:  # an empty or missing lake: nothing to show
        rows = []
    by_county: dict[str, dict[str, int]] = {}
    demo = False
    for adcode, kind, n, is_demo in rows:
        by_county.setdefault(str(adcode), {})[str(kind)] = int(n)
        demo = demo or bool(is_demo)
    reg = get_registry()
    table: list[dict[str, Any]] = []
    for code, counts in by_county.items():
        cells: dict[str, int | None] = {k: counts.get(k, 0) for k in KIND_LABELS}
        small = [k for k, v in cells.items() if v is not None and 0 < v < threshold]
        for k in small:
            cells[k] = None
        if len(small) == 1:
            others = sorted((v, k) for k, v in cells.items() if v)
            if others:
                cells[others[0][1]] = None
        total = sum(counts.values())
        try:
            name = reg.full_name(code)
        except Exception:
            name = code
        table.append(
            {"code": code, "name": name, "cells": cells, "total": total if total >= threshold else None}
        )
    table.sort(key=lambda r: (-(r["total"] or 0), r["code"]))
    return {"threshold": threshold, "rows": table, "kinds": KIND_LABELS, "is_demo": demo}


# ---- 维权援助/投诉 ------------------------------------------------------------------------------
RIGHT_TYPES = ("专利", "商标", "著作权", "地理标志", "商业秘密", "其他")
PHONE_RE = re.compile(r"^\+?[0-9][0-9\- ]{6,19}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
LIMITS = {"name": 50, "contact": 100, "respondent": 200, "region": 50, "description": 5000}


def validate_complaint(form: dict[str, str]) -> dict[str, str]:
    """The complaint's fields, checked; InputError naming the field otherwise."""
    data = {
        k: (form.get(k) or "").strip()
        for k in ("name", "contact", "right_type", "respondent", "region", "description")
    }
    for key, label in (("name", "姓名或单位名称"), ("contact", "联系方式"), ("description", "投诉事项")):
        if not data[key]:
            raise InputError(f"请填写{label}", field=key)
    for key, limit in LIMITS.items():
        if len(data[key]) > limit:
            raise InputError(f"{key} 最多 {limit} 字", field=key)
    if data["right_type"] not in RIGHT_TYPES:
        raise InputError(f"请选择权利类型（{'、'.join(RIGHT_TYPES)}）", field="right_type")
    if not (PHONE_RE.match(data["contact"]) or EMAIL_RE.match(data["contact"])):
        raise InputError("联系方式应为电话号码或电子邮箱", field="contact")
    if len(data["description"]) < 10:
        raise InputError("投诉事项请至少写 10 个字", field="description")
    return data


def intake_connected() -> bool:
    """Whether the form reaches the protection desk (False until issue 12's intake is on main)."""
    return False


def submit_complaint(session: Session, settings: Settings, data: dict[str, str]) -> dict[str, Any]:
    """Create a protection intake (channel ``online``) through
    ``ipatlas.protection.intake.create_case`` — the protection package is not on main yet, so the
    form says clearly that online filing is not connected instead of keeping complaints elsewhere."""
    raise ConfigError("在线投诉受理尚未接通：请拨打 12330 知识产权举报投诉热线，或到受理窗口现场提交。")
