"""The market-entity registry (市场主体), keyed by 统一社会信用代码.

Import columns: 统一社会信用代码, 名称 (required), 曾用名, 注册地址, 成立日期, 类型, 法定代表人.
Codes are validated with their GB 32100-2015 check digit (``stdnum.cn.uscc``); a bad code, a
missing name, an unreadable or future date, or a code repeated with different content in one
file is quarantined with the reason. An identical row (in the file or in the registry) counts as
a duplicate; a changed row updates the entity and keeps the previous name as a 曾用名.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from ipatlas.errors import InputError, NotFoundError
from ipatlas.market.models import MarketEntity, MarketLink
from ipatlas.market.names import name_keys
from ipatlas.market.tabular import ImportLog, read_rows, row_hash, split_list
from ipatlas.store.models import utcnow

COLUMNS = ["统一社会信用代码", "名称"]
OPTIONAL = ["曾用名", "注册地址", "成立日期", "类型", "法定代表人"]


def check_code(raw: str) -> str:
    """The normalised code, or ValueError with the reason in Chinese."""
    code = raw.strip().upper().replace(" ", "").replace("-", "")
    if not code:
        raise ValueError("统一社会信用代码为空")
    try:
        return str(uscc.validate(code))
    except InvalidLength:
        raise ValueError(f"统一社会信用代码应为 18 位（实为 {len(code)} 位）") from None
    except InvalidChecksum:
        raise ValueError("统一社会信用代码校验位错误（GB 32100-2015）") from None
    except (InvalidFormat, InvalidComponent):
        raise ValueError("统一社会信用代码格式错误（含不允许的字符或登记管理部门码）") from None


def is_valid_code(code: str) -> bool:
    try:
        check_code(code)
    except ValueError:
        return False
    return True


def import_entities(
    session: Session, path: Path, *, actor: str = "cli", is_demo: bool | None = None
) -> dict[str, Any]:
    log = ImportLog(session, "entities", Path(path), actor, is_demo)
    today = dt.date.today()
    parsed: dict[str, tuple[int, dict[str, Any]]] = {}
    for row_no, r in read_rows(log.path, COLUMNS, OPTIONAL):
        log.read += 1
        try:
            code = check_code(r["统一社会信用代码"])
        except ValueError as exc:
            log.quarantine(row_no, "统一社会信用代码", r["统一社会信用代码"], str(exc))
            continue
        name = r["名称"]
        if not name:
            log.quarantine(row_no, "名称", "", "名称为空")
            continue
        ok, established = log.past_date(row_no, r, "成立日期", today)
        if not ok:
            continue
        values = {
            "name": name,
            "former_names": [n for n in split_list(r.get("曾用名", "")) if n != name],
            "address": r.get("注册地址") or None,
            "established": established,
            "entity_type": r.get("类型") or None,
            "legal_rep": r.get("法定代表人") or None,
        }
        h = row_hash(values)
        if code in parsed:
            first_row, first = parsed[code]
            if first["row_hash"] == h:
                log.duplicates += 1
            else:
                log.quarantine(
                    row_no, "统一社会信用代码", code, f"统一社会信用代码与第 {first_row} 行重复，但内容不同"
                )
            continue
        parsed[code] = (row_no, {**values, "row_hash": h})
    _store(session, log, parsed)
    return log.finish()


def _store(session: Session, log: ImportLog, parsed: dict[str, tuple[int, dict[str, Any]]]) -> None:
    if not parsed:
        return
    from ipatlas.regions import get_resolver

    codes = list(parsed)
    existing: dict[str, MarketEntity] = {}
    for i in range(0, len(codes), 500):
        for e in session.scalars(select(MarketEntity).where(MarketEntity.code.in_(codes[i : i + 500]))):
            existing[e.code] = e
    changed = [c for c in codes if c not in existing or existing[c].row_hash != parsed[c][1]["row_hash"]]
    log.duplicates += len(codes) - len(changed)
    log.loaded += len(changed)
    if not changed:
        return
    keys = name_keys([parsed[c][1]["name"] for c in changed]).to_pylist()
    resolved = get_resolver().resolve_many([parsed[c][1]["address"] for c in changed])
    for i, code in enumerate(changed):
        v = dict(parsed[code][1])
        v.update(
            name_key=keys[i] or v["name"],
            # County codes only (as in the lake): a prefecture- or province-only address keeps
            # its city/province code and a null adcode.
            adcode=resolved["adcode"][i] if resolved["level"][i] == "county" else None,
            city_code=resolved["city_code"][i],
            province_code=resolved["province_code"][i],
            import_id=log.import_id,
            is_demo=bool(log.is_demo),
            updated_at=utcnow(),
        )
        old = existing.get(code)
        if old is None:
            session.add(MarketEntity(code=code, **v))
            continue
        former = list(v["former_names"])
        for n in [old.name, *old.former_names]:
            if n != v["name"] and n not in former:
                former.append(n)
        v["former_names"] = former
        for k, val in v.items():
            setattr(old, k, val)
    session.flush()


def entity_dict(e: MarketEntity) -> dict[str, Any]:
    return {
        "code": e.code,
        "name": e.name,
        "former_names": list(e.former_names),
        "address": e.address,
        "adcode": e.adcode,
        "city_code": e.city_code,
        "province_code": e.province_code,
        "established": e.established.isoformat() if e.established else None,
        "type": e.entity_type,
        "legal_rep": e.legal_rep,
        "is_demo": e.is_demo,
    }


def get_entity(session: Session, code: str) -> MarketEntity:
    norm = code.strip().upper()
    e = session.get(MarketEntity, norm)
    if e is None:
        raise NotFoundError(f"未找到统一社会信用代码为 {code} 的市场主体", code=code)
    return e


def show_entity(session: Session, code: str) -> dict[str, Any]:
    """The entity with the names of the resource base linked to it."""
    e = get_entity(session, code)
    links = session.scalars(
        select(MarketLink).where(MarketLink.code == e.code).order_by(MarketLink.source, MarketLink.name)
    )
    return {
        **entity_dict(e),
        "links": [
            {
                "source": lk.source,
                "name": lk.name,
                "method": lk.method,
                "confidence": lk.confidence,
                "records": lk.records,
            }
            for lk in links
        ],
    }


def list_entities(
    session: Session, *, q: str | None = None, adcode: str | None = None, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    stmt = select(MarketEntity)
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where((MarketEntity.name.like(like)) | (MarketEntity.code == q.strip().upper()))
    if adcode:
        stmt = stmt.where(MarketEntity.adcode == adcode)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(MarketEntity.code).limit(limit).offset(offset))
    return {"total": total, "items": [entity_dict(e) for e in rows]}


def require_valid_code(code: str, *, field: str = "统一社会信用代码") -> str:
    try:
        return check_code(code)
    except ValueError as exc:
        raise InputError(str(exc), field=field, value=code) from None
