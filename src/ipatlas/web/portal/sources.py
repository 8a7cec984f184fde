"""What the portal shows besides the library: one data function per page.

Public cases, agencies and open licences come from the packages that own them (protection,
market, operations); each function here is the one place the portal reads them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import InputError

PAGE_SIZE = 20  # rows per portal page
SMALL_CELL = 10  # aggregates below this are never shown (counted, but displayed as “<10”)
KIND_LABELS = {"invention": "发明", "utility": "实用新型", "design": "外观设计"}


def public_cases(session: Session) -> list[dict[str, Any]]:
    """行政处罚/裁决公示 without personal data (``ipatlas.protection.publication``)."""
    from ipatlas.protection.publication import public_decisions

    return public_decisions(session, limit=500)


def public_judgments(settings: Settings) -> dict[str, list[dict[str, Any]]]:
    """典型案例 and judgment summaries (``ipatlas.litigation.publication``), personal data stripped."""
    from ipatlas.litigation.publication import public_judgments as summaries

    return summaries(settings)


def public_judgment(session: Session, settings: Settings, record_id: str) -> dict[str, Any]:
    """One judgment's public summary, its ``laws_cited`` linked to library articles."""
    from ipatlas.litigation.lawlinks import linked_laws
    from ipatlas.litigation.publication import public_judgment as summary

    j = summary(settings, record_id)
    j["laws_cited"] = linked_laws(session, j)
    return j


def agencies(session: Session) -> list[dict[str, Any]]:
    """服务机构名录 (name, code, region, specialties, grade) from ``ipatlas.market.agencies``."""
    from ipatlas.market.agencies import agency_directory

    return agency_directory(session)


def open_licences(con: Any, *, page: int = 1) -> dict[str, Any]:
    """开放许可 (专利法第五十条 声明): public fields only, paginated, from the operations package."""
    from ipatlas.operations.open_licences import open_licence_list

    return open_licence_list(con, page=page, page_size=PAGE_SIZE, public=True)


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
# The form speaks the protection intake's vocabulary (``ipatlas cases intake`` JSON of issue 12).
MATTER_KINDS = {"complaint": "投诉", "assistance": "维权援助", "report": "举报", "consultation": "咨询"}
RIGHT_TYPES = {
    "patent": "专利",
    "trademark": "商标",
    "copyright": "著作权",
    "gi": "地理标志",
    "trade_secret": "商业秘密",
    "plant_variety": "植物新品种",
    "layout_design": "集成电路布图设计",
    "unfair_competition": "不正当竞争",
}
PHONE_RE = re.compile(r"^\+?[0-9][0-9\- ]{6,19}$")
LIMITS = {"name": 50, "phone": 30, "respondent": 200, "address": 200, "right_number": 40, "description": 5000}
FIELDS = ("kind", "name", "phone", "right_type", "right_number", "respondent", "address", "description")


def validate_complaint(form: dict[str, str]) -> dict[str, str]:
    """The form's fields, checked; InputError naming the field otherwise."""
    data = {k: (form.get(k) or "").strip() for k in FIELDS}
    if data["kind"] not in MATTER_KINDS:
        raise InputError(f"请选择事项类型（{'、'.join(MATTER_KINDS.values())}）", field="kind")
    required = [("name", "姓名或单位名称"), ("phone", "联系电话"), ("description", "事实与理由")]
    if data["kind"] != "consultation":
        required.append(("respondent", "被投诉方"))
    for key, label in required:
        if not data[key]:
            raise InputError(f"请填写{label}", field=key)
    for key, limit in LIMITS.items():
        if len(data[key]) > limit:
            raise InputError(f"{key} 最多 {limit} 字", field=key)
    if data["right_type"] not in RIGHT_TYPES:
        raise InputError(f"请选择权利类型（{'、'.join(RIGHT_TYPES.values())}）", field="right_type")
    if not PHONE_RE.match(data["phone"]):
        raise InputError("联系电话格式不正确", field="phone")
    if len(data["description"]) < 10:
        raise InputError("事实与理由请至少写 10 个字", field="description")
    return data


def intake_fields(data: dict[str, str], *, received_at: dt.datetime) -> dict[str, Any]:
    """The protection intake JSON for a checked form (channel ``online``)."""
    return {
        "kind": data["kind"],
        "ip_type": data["right_type"],
        "channel": "online",
        "received_at": received_at.isoformat(timespec="minutes"),
        "complainant": {"name": data["name"], "phone": data["phone"]},
        "respondent": {"name": data["respondent"] or None, "address": data["address"] or None},
        "right": {"type": data["right_type"], "number": data["right_number"] or None},
        "facts": data["description"],
    }


def intake_connected() -> bool:
    """Whether the form reaches the protection desk (it does: ``ipatlas.protection.intake``)."""
    return True


def submit_complaint(session: Session, settings: Settings, data: dict[str, str]) -> dict[str, Any]:
    """Create a protection intake (channel ``online``) through ``ipatlas.protection.intake.create_case``."""
    from ipatlas.protection.intake import create_case

    now = dt.datetime.now().replace(second=0, microsecond=0)
    return create_case(session, settings, intake_fields(data, received_at=now), actor="portal")
