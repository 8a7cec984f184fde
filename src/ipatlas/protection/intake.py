"""受理登记: validate an intake, triage it (jurisdiction, right check, duplicates, competence)
and open the case with its workflow; also the bulk import of an office's historical ledger.

``create_case(session, settings, fields, *, actor)`` is the one entry point for other packages
(the public portal's form, market leads, inspections).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import ConflictError, InputError, cause
from ipatlas.protection.constants import CHANNEL_LABELS, IP_TYPE_LABELS, KIND_LABELS, PARTY_TYPE_LABELS
from ipatlas.protection.models import Case
from ipatlas.protection.privacy import normalise_phone, validate_id_number
from ipatlas.protection.rules import competence, definition_for
from ipatlas.sourcetext.sheets import SHEET_SUFFIXES, open_workbook
from ipatlas.store.models import AuditLog, User
from ipatlas.workflow import Actor, next_document_number, start

TOP_FIELDS = {
    "kind",
    "ip_type",
    "channel",
    "received_at",
    "complainant",
    "respondent",
    "right",
    "facts",
    "confidential",
    "client_token",
    "is_demo",
}
COMPLAINANT_FIELDS = {"name", "type", "phone", "id_number", "uscc", "address"}
RESPONDENT_FIELDS = {"name", "type", "address", "uscc"}
RIGHT_FIELDS = {"type", "number"}
RIGHT_TYPES = set(IP_TYPE_LABELS)
DUPLICATE_WINDOW_DAYS = 90
MAX_FACTS = 20_000
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


# ---- validation ---------------------------------------------------------------------------------
def parse_datetime(value: Any, *, field: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(9, 0))
    text = str(value or "").strip().replace("/", "-")
    if not text:
        raise InputError("缺少日期时间", field=field)
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(9, 0))
        return dt.datetime.fromisoformat(text.replace(" ", "T")).replace(tzinfo=None, microsecond=0)
    except ValueError:
        raise InputError(f"日期时间无效: {value!r}（YYYY-MM-DD 或 YYYY-MM-DD HH:MM）", field=field) from None


def _party(raw: Any, allowed: set[str], *, prefix: str, required_name: bool) -> dict[str, Any]:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InputError("应为对象", field=prefix)
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise InputError(
            f"未知字段 {unknown[0]}（可用: {', '.join(sorted(allowed))}）", field=f"{prefix}.{unknown[0]}"
        )
    p: dict[str, str] = {k: str(v).strip() for k, v in raw.items() if v is not None and str(v).strip()}
    if required_name and not p.get("name"):
        raise InputError("缺少名称", field=f"{prefix}.name")
    ptype = p.get("type") or ("individual" if "id_number" in p else "enterprise" if "uscc" in p else None)
    if ptype is not None and ptype not in PARTY_TYPE_LABELS:
        raise InputError(
            f"未知主体类型 {ptype!r}（可用: {', '.join(PARTY_TYPE_LABELS)}）", field=f"{prefix}.type"
        )
    if ptype:
        p["type"] = ptype
    if "phone" in p:
        p["phone"] = normalise_phone(p["phone"], field=f"{prefix}.phone")
    if "id_number" in p:
        p["id_number"] = validate_id_number(p["id_number"], field=f"{prefix}.id_number")
    if "uscc" in p:
        v = p["uscc"].upper()
        if not _USCC.match(v):
            raise InputError(f"统一社会信用代码格式不正确: {p['uscc']!r}", field=f"{prefix}.uscc")
        p["uscc"] = v
    return p


def validate_intake(fields: Any, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Normalised intake fields, or an :class:`InputError` naming the first bad field."""
    if not isinstance(fields, dict):
        raise InputError("受理登记应为 JSON 对象")
    unknown = sorted(set(fields) - TOP_FIELDS)
    if unknown:
        raise InputError(f"未知字段 {unknown[0]}（可用: {', '.join(sorted(TOP_FIELDS))}）", field=unknown[0])
    out: dict[str, Any] = {}
    for key, labels in (("kind", KIND_LABELS), ("ip_type", IP_TYPE_LABELS), ("channel", CHANNEL_LABELS)):
        v = fields.get(key)
        if v in (None, ""):
            raise InputError(f"缺少 {key}", field=key)
        v = str(v).strip()
        if v not in labels:
            # Accept the Chinese label too (ledgers are kept in Chinese).
            back = {label: code for code, label in labels.items()}
            if v not in back:
                raise InputError(f"未知取值 {v!r}（可用: {', '.join(labels)}）", field=key)
            v = back[v]
        out[key] = v
    received = parse_datetime(fields.get("received_at"), field="received_at")
    now = now or dt.datetime.now()
    if received > now + dt.timedelta(days=1):
        raise InputError(f"收到时间在未来: {received:%Y-%m-%d %H:%M}", field="received_at")
    if received.year < 2000:
        raise InputError(f"收到时间过早: {received:%Y-%m-%d}", field="received_at")
    out["received_at"] = received
    anonymous_ok = out["kind"] in {"report", "consultation"}
    out["complainant"] = _party(
        fields.get("complainant"), COMPLAINANT_FIELDS, prefix="complainant", required_name=not anonymous_ok
    )
    needs_respondent = out["kind"] not in {"consultation"}
    out["respondent"] = _party(
        fields.get("respondent"), RESPONDENT_FIELDS, prefix="respondent", required_name=needs_respondent
    )
    right = fields.get("right") or {}
    if not isinstance(right, dict):
        raise InputError("应为对象", field="right")
    unknown = sorted(set(right) - RIGHT_FIELDS)
    if unknown:
        raise InputError(f"未知字段 {unknown[0]}", field=f"right.{unknown[0]}")
    rtype = str(right.get("type") or out["ip_type"]).strip()
    if rtype not in RIGHT_TYPES:
        raise InputError(f"未知权利类型 {rtype!r}", field="right.type")
    out["right"] = {"type": rtype, "number": str(right.get("number") or "").strip() or None}
    if out["kind"] == "adjudication" and (out["ip_type"] != "patent" or not out["right"]["number"]):
        raise InputError("行政裁决请求须为专利并提供专利号", field="right.number")
    facts = str(fields.get("facts") or "").strip()
    if not facts:
        raise InputError("缺少事实与理由", field="facts")
    if len(facts) > MAX_FACTS:
        raise InputError(f"事实与理由过长（{len(facts)} 字，上限 {MAX_FACTS}）", field="facts")
    out["facts"] = facts
    conf = fields.get("confidential", False)
    if isinstance(conf, str):
        if conf.strip().lower() not in {"", "0", "1", "true", "false", "是", "否", "yes", "no"}:
            raise InputError(f"是否保密应为 true/false: {conf!r}", field="confidential")
        conf = conf.strip().lower() in {"1", "true", "是", "yes"}
    out["confidential"] = bool(conf)
    out["is_demo"] = bool(fields.get("is_demo", False))
    token = fields.get("client_token")
    out["client_token"] = str(token)[:64] if token else content_token(out)
    return out


def content_token(norm: dict[str, Any]) -> str:
    """A fingerprint of the submission: the same form submitted twice has the same token."""
    keyed = {k: v for k, v in norm.items() if k not in {"client_token", "is_demo"}}
    blob = json.dumps(keyed, ensure_ascii=False, sort_keys=True, default=str)
    return "c:" + hashlib.sha256(blob.encode()).hexdigest()[:60]


def _norm_name(name: str | None) -> str:
    return re.sub(r"[\s（）()·.,，、]", "", name or "").lower()


def duplicate_key(norm: dict[str, Any]) -> str | None:
    c, r = _norm_name(norm["complainant"].get("name")), _norm_name(norm["respondent"].get("name"))
    if not c or not r:
        return None
    right = re.sub(r"[^0-9A-Za-z]", "", norm["right"].get("number") or "").upper()
    blob = f"{c}|{r}|{norm['ip_type']}|{right}"
    return hashlib.sha256(blob.encode()).hexdigest()[:40]


# ---- triage -------------------------------------------------------------------------------------
def resolve_region(address: str | None) -> dict[str, Any]:
    from ipatlas.regions.resolver import get_resolver

    if not address:
        return {"level": "none", "adcode": None, "note": "被投诉人地址为空，无法确定管辖"}
    res = get_resolver().resolve(address)
    d = res.to_dict()
    if res.level != "county":
        d["note"] = "地址未能解析到区县，请人工确定管辖"
    return d


def check_right(settings: Settings, right: dict[str, Any], complainant: str | None) -> dict[str, Any]:
    """Look the right number up in the resource base: exists, in force, holder matches?"""
    from ipatlas.store.lake import Lake

    number = right.get("number")
    rtype = right.get("type")
    if not number:
        return {"checked": False, "reason": "未提供权利号"}
    if rtype not in {"patent", "trademark"}:
        return {"checked": False, "reason": "资源库只核对专利与商标"}
    lake = Lake(settings.lake_dir)
    table = "patents" if rtype == "patent" else "trademarks"
    if lake.rows(table) == 0:
        return {"checked": False, "reason": f"资源库尚无{IP_TYPE_LABELS[rtype]}数据"}
    con = lake.connect()
    try:
        if rtype == "patent":
            from ipatlas.ingest.sqlexpr import normalize_app_no

            norm, reason = normalize_app_no([number])[0]
            if norm is None:
                return {"checked": True, "found": False, "reason": f"专利号无效：{reason}"}
            row = con.execute(
                "SELECT app_no, legal_status, applicants, title "
                f"FROM {lake.relation_sql('patents')} WHERE app_no = ?",
                [norm],
            ).fetchone()
            if row is None:
                return {"checked": True, "found": False, "number": norm, "reason": "资源库中未找到该专利"}
            holders = list(row[2] or [])
            return {
                "checked": True,
                "found": True,
                "number": row[0],
                "title": row[3],
                "status": row[1],
                "in_force": row[1] == "valid",
                "holders": holders,
                "holder_matches": bool(complainant)
                and any(_norm_name(complainant) == _norm_name(h) for h in holders),
            }
        digits = re.sub(r"\D", "", number)
        row = con.execute(
            f"SELECT reg_no, status, owner, mark_name, expiry_date FROM {lake.relation_sql('trademarks')} "
            "WHERE reg_no = ? LIMIT 1",
            [digits],
        ).fetchone()
        if row is None:
            return {"checked": True, "found": False, "number": digits, "reason": "资源库中未找到该商标"}
        return {
            "checked": True,
            "found": True,
            "number": row[0],
            "title": row[3],
            "status": row[1],
            "in_force": row[1] == "registered",
            "holders": [row[2]],
            "holder_matches": bool(complainant) and _norm_name(complainant) == _norm_name(row[2]),
        }
    finally:
        con.close()


def find_duplicate(session: Session, key: str | None, received: dt.datetime) -> int | None:
    if key is None:
        return None
    since = received.date() - dt.timedelta(days=DUPLICATE_WINDOW_DAYS)
    first = session.execute(
        select(Case.id, Case.duplicate_of)
        .where(Case.dup_key == key, Case.received_on >= since, Case.received_on <= received.date())
        .order_by(Case.received_at, Case.id)
        .limit(1)
    ).first()
    if first is None:
        return None
    return int(first[1] or first[0])


def _actor(session: Session, username: str) -> Actor:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        return Actor(username, "system")
    return Actor(user.username, user.role, user.unit)


# ---- create -------------------------------------------------------------------------------------
def create_case(
    session: Session,
    settings: Settings,
    fields: dict[str, Any],
    *,
    actor: str,
    now: dt.datetime | None = None,
    check_rights: bool = True,
) -> dict[str, Any]:
    """Register one case (受理登记) and return the CASE dict; a double submit is a ConflictError."""
    from ipatlas.protection.cases import case_dict

    norm = validate_intake(fields, now=now)
    existing = session.scalar(select(Case.id).where(Case.client_token == norm["client_token"]))
    if existing is not None:
        raise ConflictError(f"同一登记已提交过（案件 {existing}），未重复登记", case_id=existing)
    comp = competence()
    region = resolve_region(norm["respondent"].get("address"))
    right_check = (
        check_right(settings, norm["right"], norm["complainant"].get("name"))
        if check_rights
        else {"checked": False, "reason": "未核对"}
    )
    suggestion = comp.suggest(
        kind=norm["kind"], ip_type=norm["ip_type"], channel=norm["channel"], facts=norm["facts"]
    )
    key = duplicate_key(norm)
    dup = find_duplicate(session, key, norm["received_at"])
    received: dt.datetime = norm["received_at"]
    definition = definition_for(norm["kind"])
    for b in definition.deadlines:
        # Fail before writing anything when no rule version is in force on the day of receipt.
        if "@start" in b.start:
            definition.rules.get(b.rule).version_for(received.date(), received.date())
    number = next_document_number(session, comp.case_prefix, received.year, kind="登记编号", issued_by=actor)
    unit = (
        f"{region['name']}知识产权执法"
        if region.get("level") == "county" and region.get("name")
        else comp.office
    )
    case = Case(
        number=number,
        kind=norm["kind"],
        ip_type=norm["ip_type"],
        channel=norm["channel"],
        received_at=received,
        received_on=received.date(),
        status="registered",
        adcode=region.get("adcode") if region.get("level") == "county" else None,
        city_code=region.get("city_code"),
        province_code=region.get("province_code"),
        region_name=region.get("name") or region.get("city") or region.get("province"),
        complainant=norm["complainant"],
        respondent=norm["respondent"],
        right_info=norm["right"],
        facts=norm["facts"],
        confidential=norm["confidential"],
        triage={"region": region, "right_check": right_check, "competence": suggestion, "duplicate_of": dup},
        dup_key=key,
        duplicate_of=dup,
        client_token=norm["client_token"],
        handling_unit=unit,
        decision={},
        is_demo=norm["is_demo"],
        created_by=actor,
    )
    session.add(case)
    session.flush()
    who = _actor(session, actor)
    inst = start(
        session,
        definition,
        subject_type="case",
        subject_id=case.id,
        actor=who,
        at=received,
        unit=unit,
        data={"number": number},
    )
    case.instance_id = inst.id
    session.add(
        AuditLog(
            username=actor,
            object_type="case",
            object_id=str(case.id),
            action="case.intake",
            after={"number": number, "kind": case.kind, "duplicate_of": dup},
        )
    )
    session.flush()
    return case_dict(session, case)


# ---- files --------------------------------------------------------------------------------------
_XLSX_HEADERS = {
    "类型": "kind",
    "案件类型": "kind",
    "知识产权类型": "ip_type",
    "渠道": "channel",
    "来源渠道": "channel",
    "收到时间": "received_at",
    "登记时间": "received_at",
    "投诉人": "complainant.name",
    "投诉人类型": "complainant.type",
    "投诉人电话": "complainant.phone",
    "投诉人身份证号": "complainant.id_number",
    "投诉人统一社会信用代码": "complainant.uscc",
    "投诉人地址": "complainant.address",
    "被投诉人": "respondent.name",
    "被投诉人类型": "respondent.type",
    "被投诉人地址": "respondent.address",
    "被投诉人统一社会信用代码": "respondent.uscc",
    "权利类型": "right.type",
    "权利号": "right.number",
    "事实与理由": "facts",
    "是否保密": "confidential",
}


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in flat.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if "." in key:
            head, tail = key.split(".", 1)
            out.setdefault(head, {})[tail] = value
        else:
            out[key] = value
    return out


def read_intake_file(path: Path) -> list[tuple[int, Any]]:
    """(row number, fields) per record: a JSON object or list, or an XLSX/.xls ledger (header row 1)."""
    path = Path(path)
    if not path.exists():
        raise InputError("文件不存在", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"JSON 无法解析: {cause(exc)}", file=str(path)) from None
        items = data if isinstance(data, list) else [data]
        return [(i, item) for i, item in enumerate(items, start=1)]
    if suffix in SHEET_SUFFIXES:
        with open_workbook(path) as wb:
            rows = list(wb.rows())
        if not rows:
            raise InputError("工作表为空", file=str(path))
        header = []
        for i, h in enumerate(rows[0]):
            name = str(h or "").strip()
            col = _XLSX_HEADERS.get(name, name)
            if col and col.split(".")[0] not in TOP_FIELDS:
                raise InputError(f"未知列 {name!r}", file=str(path), row=1, field=f"列{i + 1}")
            header.append(col)
        out = []
        for n, values in enumerate(rows[1:], start=2):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            out.append((n, _nest({h: v for h, v in zip(header, values, strict=False) if h})))
        return out
    kind = suffix or "（无扩展名）"
    raise InputError(f"不支持的文件类型 {kind}：请用 .json、.xlsx 或 .xls", file=str(path))


def intake_file(
    session: Session, settings: Settings, path: Path, *, actor: str, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Register every record of a file; bad rows are quarantined with row, field and reason, rows
    already registered (same content or token) are counted as duplicates. read = created +
    duplicates + quarantined."""
    records = read_intake_file(path)
    created: list[dict[str, Any]] = []
    quarantined: list[dict[str, Any]] = []
    duplicates: list[dict[str, Any]] = []
    seen_tokens: set[str] = set()
    valid: list[tuple[int, dict[str, Any]]] = []
    for row, fields in records:
        try:
            norm = validate_intake(fields, now=now)
        except InputError as exc:
            quarantined.append({"row": row, "field": exc.context.get("field"), "reason": _reason(exc)})
            continue
        token = norm["client_token"]
        existing = session.scalar(select(Case.id).where(Case.client_token == token))
        if existing is not None or token in seen_tokens:
            duplicates.append({"row": row, "case_id": existing, "reason": "已登记（同一内容）"})
            continue
        seen_tokens.add(token)
        valid.append((row, fields))
    for _row, fields in valid:
        created.append(create_case(session, settings, fields, actor=actor, now=now))
    return {
        "file": str(path),
        "read": len(records),
        "created": created,
        "duplicates": duplicates,
        "quarantined": quarantined,
    }


def _reason(exc: InputError) -> str:
    msg = exc.message
    field = exc.context.get("field")
    prefix = f"field {field}: "
    return msg[len(prefix) :] if field and msg.startswith(prefix) else msg
