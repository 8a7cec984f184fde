"""Personal data of complainants: validation, masking and who may see it.

Names, phone numbers and ID numbers are visible only to the case's handlers and approvers
(:func:`can_see_personal`); everyone else, and every export unless the exporter has the right
and asks for it, sees them masked (张*, 138****1234, 500***********1234). Every view or export
that shows them unmasked is written to the audit log by the caller (:mod:`ipatlas.protection.cases`).
"""

from __future__ import annotations

import re
from typing import Any

from stdnum.cn import ric

from ipatlas.errors import InputError

PERSONAL_FIELDS = ("name", "phone", "id_number", "address")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def normalise_phone(value: str, *, field: str) -> str:
    v = re.sub(r"[\s()（）]", "", str(value)).removeprefix("+86")
    if not (_MOBILE.match(v) or _LANDLINE.match(v) or re.fullmatch(r"\d{5,6}", v)):
        raise InputError(f"电话号码格式不正确: {value!r}（手机 11 位或带区号固话）", field=field)
    return v


def validate_id_number(value: str, *, field: str) -> str:
    """An 18-digit resident ID number with a valid check digit (GB 11643) and a real birth date."""
    v = str(value).strip().upper()
    if not ric.is_valid(v) or len(ric.compact(v)) != 18:
        raise InputError(f"身份证号码无效（18 位，校验位或出生日期不符）: {mask_id(v)}", field=field)
    return ric.compact(v)


def mask_name(name: str | None) -> str | None:
    if not name:
        return name
    if len(name) <= 1:
        return "*"
    if len(name) <= 3:
        return name[0] + "*" * (len(name) - 1)
    # Organisations keep their name's head and tail (公司 names are not personal data, but a
    # masked view treats every party the same way).
    return name[:2] + "*" * (len(name) - 4) + name[-2:]


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return phone
    if len(phone) >= 11:
        return phone[:3] + "****" + phone[-4:]
    return phone[:2] + "*" * max(0, len(phone) - 4) + phone[-2:]


def mask_id(value: str | None) -> str | None:
    if not value:
        return value
    return value[:3] + "*" * max(0, len(value) - 7) + value[-4:]


def mask_address(address: str | None) -> str | None:
    if not address:
        return address
    return address[:6] + "****" if len(address) > 6 else "****"


def masked_party(party: dict[str, Any] | None) -> dict[str, Any]:
    p = dict(party or {})
    individual = p.get("type", "individual") == "individual"
    if individual or ("name" in p and p.get("type") is None):
        p["name"] = mask_name(p.get("name"))
    p["phone"] = mask_phone(p.get("phone"))
    p["id_number"] = mask_id(p.get("id_number"))
    if individual:
        p["address"] = mask_address(p.get("address"))
    return {k: v for k, v in p.items() if v is not None}


def has_personal(party: dict[str, Any] | None) -> bool:
    return any((party or {}).get(k) for k in ("name", "phone", "id_number"))


def can_see_personal(
    *,
    role: str,
    username: str,
    assignee: str | None,
    created_by: str | None,
    handlers: set[str] | None = None,
) -> bool:
    """The case's handlers (assignee, registering clerk, anyone who acted as handler) and approvers."""
    if role in {"admin", "approver"}:
        return True
    if role in {"handler", "clerk", "mediator"}:
        return username in ({assignee, created_by} | (handlers or set()))
    return False
