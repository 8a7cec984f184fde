"""Intake fixtures shared by the protection tests (a uniquely named module: conftest names collide)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

BASE: dict[str, Any] = {
    "kind": "complaint",
    "ip_type": "trademark",
    "channel": "12315",
    "received_at": "2026-03-02 09:30",
    "complainant": {
        "name": "张三",
        "type": "individual",
        "phone": "13812341234",
        "id_number": "11010519491231002X",
        "address": "重庆市渝中区解放碑1号",
    },
    "respondent": {"name": "重庆某某贸易有限公司", "type": "enterprise", "address": "重庆市江北区北京路1号"},
    "right": {"type": "trademark", "number": "12345678"},
    "facts": "被投诉人在门店销售假冒我方注册商标的运动鞋。",
    "confidential": True,
}
NOW = dt.datetime(2026, 11, 30, 12, 0)


def intake(**changes: Any) -> dict[str, Any]:
    d = copy.deepcopy(BASE)
    for k, v in changes.items():
        if isinstance(v, dict) and isinstance(d.get(k), dict):
            d[k].update(v)
        else:
            d[k] = v
    return d
