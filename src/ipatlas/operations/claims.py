"""Pledge-financing support claims — 贴息补助 (interest subsidy) and 风险补偿 (risk compensation) —
on the shared workflow engine (``ipatlas.workflow``): application → 受理/审核 → 批准 → 拨付.

The claim is a workflow instance (``subject_type`` = the definition id, ``subject_id`` = the claim
number); its fields live in the instance data. Money rules are versioned data
(``rules/finance.yaml``: rate, per-enterprise limit, budget per year and per bank, each version
with its effective date and basis). On approval the amount is computed, never typed:

    eligible  = rate × interest paid (贴息) or rate × the bank's loss (补偿), capped by the request
    approved  = min(eligible, enterprise limit left, bank budget left, year budget left)

where "left" subtracts what earlier approved or paid claims of the same year hold. The breakdown
(which limit bound it, which rule version) is stored with the claim. A claim must name a pledge
registration (登记号) that the lake holds for that enterprise — the money follows real pledges.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import ConfigError, InputError, NotFoundError
from ipatlas.store.lake import Lake

HERE = Path(__file__).resolve().parent
KINDS = {"interest": "interest_subsidy", "risk": "risk_compensation"}
LIVE_STATES = ("approved", "paid")
BASE_FIELD = {"interest_subsidy": "interest_paid", "risk_compensation": "loss"}
BASE_LABEL = {"interest_subsidy": "已付利息", "risk_compensation": "银行损失（未收回本金）"}


class RuleVersion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    effective_from: dt.date
    basis: str = Field(min_length=1)
    rate: float = Field(gt=0, le=1)
    max_per_enterprise: float = Field(gt=0)
    budget_per_year: dict[str, float]
    budget_per_bank: dict[str, float]

    def year_budget(self, year: int) -> float:
        return float(self.budget_per_year.get(str(year), self.budget_per_year["default"]))

    def bank_budget(self, bank: str) -> float:
        return float(self.budget_per_bank.get(bank, self.budget_per_bank["default"]))


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str
    versions: list[RuleVersion]


@cache
def load_rules(path: Path = HERE / "rules" / "finance.yaml") -> dict[str, Rule]:
    """The finance rules, validated (errors name the file and key)."""
    try:
        raw = yaml.safe_load(Path(path).read_text("utf-8"))
        rules = {k: Rule.model_validate(v) for k, v in (raw.get("rules") or {}).items()}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ConfigError(f"{path}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
    for rid, r in rules.items():
        for v in r.versions:
            for key, table in (
                ("budget_per_year", v.budget_per_year),
                ("budget_per_bank", v.budget_per_bank),
            ):
                if "default" not in table:
                    raise ConfigError(f"{path}：{rid} 第 {v.version} 版：{key} 必须设置 default（默认值）")
    if set(rules) != set(KINDS.values()):
        raise ConfigError(f"{path}：规则应为 {sorted(KINDS.values())}，实际为 {sorted(rules)}")
    return rules


def rule_for(definition_id: str, on: dt.date) -> RuleVersion:
    versions = [v for v in load_rules()[definition_id].versions if v.effective_from <= on]
    if not versions:
        raise InputError(f"{on} 时尚无有效的{load_rules()[definition_id].label}规则", field="submitted_on")
    return max(versions, key=lambda v: v.effective_from)


def definition(kind: str) -> Any:
    from ipatlas.workflow import load_definition

    did = KINDS.get(kind, kind)
    if did not in KINDS.values():
        raise InputError(f"未知的申请类型 {kind!r}（interest 贴息补助 | risk 风险补偿）", field="kind")
    return load_definition(HERE / "workflows" / f"{did}.yaml")


def _number(v: Any, name: str, label: str) -> float:
    try:
        x = float(str(v).replace(",", ""))
    except (TypeError, ValueError):
        raise InputError(f"{label}应为数字（万元）：{v!r}", field=name) from None
    if x < 0:
        raise InputError(f"{label}不能为负：{v!r}", field=name)
    return x


def _check_pledge(settings: Settings, reg_no: str, enterprise: str, bank: str) -> dict[str, Any]:
    con = Lake(settings.lake_dir).connect()
    try:
        rows = con.execute(
            "SELECT pledgor, pledgee, min(event_date) FILTER (WHERE event = 'effective'), max(amount) "
            "FROM pledges WHERE reg_no = ? GROUP BY 1, 2",
            [reg_no],
        ).fetchall()
    finally:
        con.close()
    if not rows:
        raise InputError(f"质押登记号 {reg_no} 不在资源库的专利权质押登记中", field="pledge_reg_no")
    for pledgor, pledgee, start, amount in rows:
        if pledgor == enterprise:
            if pledgee != bank:
                raise InputError(
                    f"质押登记 {reg_no} 的质权人是“{pledgee}”，不是申请所填银行“{bank}”", field="bank"
                )
            return {"pledge_start": str(start) if start else None, "pledge_amount": amount}
    raise InputError(
        f"质押登记 {reg_no} 的出质人是“{rows[0][0]}”，不是申请企业“{enterprise}”", field="enterprise"
    )


def submit(
    session: Session, settings: Settings, kind: str, fields: dict[str, Any], *, actor: Any, at: Any = None
) -> dict[str, Any]:
    """Open a claim. ``fields``: enterprise, bank, pledge_reg_no, year, loan_amount and
    interest_paid (贴息) or loss (补偿) in 万元, optional requested."""
    from ipatlas.workflow import start

    d = definition(kind)
    base = BASE_FIELD[d.id]
    need = ["enterprise", "bank", "pledge_reg_no", "year", "loan_amount", base]
    missing = [f for f in need if fields.get(f) in (None, "")]
    if missing:
        raise InputError(f"申请缺少字段：{'、'.join(missing)}", field=missing[0])
    year = int(_number(fields["year"], "year", "年度"))
    data: dict[str, Any] = {
        "enterprise": str(fields["enterprise"]).strip(),
        "bank": str(fields["bank"]).strip(),
        "pledge_reg_no": str(fields["pledge_reg_no"]).strip(),
        "year": year,
        "loan_amount": _number(fields["loan_amount"], "loan_amount", "贷款金额"),
        base: _number(fields[base], base, BASE_LABEL[d.id]),
    }
    if fields.get("requested") not in (None, ""):
        data["requested"] = _number(fields["requested"], "requested", "申请金额")
    data.update(_check_pledge(settings, data["pledge_reg_no"], data["enterprise"], data["bank"]))
    number = f"{'TX' if d.id == 'interest_subsidy' else 'BC'}{year}-{data['pledge_reg_no']}"
    inst = start(session, d, subject_type=d.id, subject_id=number, actor=actor, at=at, data=data)
    return inst.to_dict()


def _live(
    session: Session, definition_id: str, year: int, exclude: int | None = None
) -> list[dict[str, Any]]:
    from ipatlas.workflow.models import WfInstance

    rows = session.scalars(
        select(WfInstance).where(WfInstance.definition == definition_id, WfInstance.state.in_(LIVE_STATES))
    ).all()
    return [
        dict(r.data or {}) for r in rows if int((r.data or {}).get("year", 0)) == year and r.id != exclude
    ]


def budget_status(session: Session, kind: str, year: int, *, on: dt.date | None = None) -> dict[str, Any]:
    """Budget of the year and per bank, what approved or paid claims hold, what is left (万元)."""
    did = KINDS.get(kind, kind)
    rule = rule_for(did, on or dt.date(year, 12, 31))
    live = _live(session, did, year)
    used = round(sum(float(x.get("approved_amount") or 0) for x in live), 4)
    banks: dict[str, float] = {}
    for x in live:
        banks[x["bank"]] = round(banks.get(x["bank"], 0.0) + float(x.get("approved_amount") or 0), 4)
    budget = rule.year_budget(year)
    return {
        "kind": did,
        "year": year,
        "rule_version": rule.version,
        "basis": rule.basis,
        "budget": budget,
        "used": used,
        "remaining": round(budget - used, 4),
        "by_bank": {
            b: {"budget": rule.bank_budget(b), "used": u, "remaining": round(rule.bank_budget(b) - u, 4)}
            for b, u in sorted(banks.items())
        },
    }


def assess(session: Session, instance_id: int, *, on: dt.date | None = None) -> dict[str, Any]:
    """The amount the rules allow for a claim now, with the limit that binds."""
    from ipatlas.workflow import get_instance

    inst = get_instance(session, instance_id)
    did, data = inst.definition, inst.data
    rule = rule_for(did, on or inst.opened_at.date())
    year = int(data["year"])
    live = _live(session, did, year, exclude=instance_id)
    base = float(data[BASE_FIELD[did]])
    eligible = round(rule.rate * base, 4)
    caps = {"按比例": eligible}
    if data.get("requested") is not None:
        caps["申请金额"] = float(data["requested"])
    ent_used = sum(
        float(x.get("approved_amount") or 0) for x in live if x.get("enterprise") == data["enterprise"]
    )
    bank_used = sum(float(x.get("approved_amount") or 0) for x in live if x.get("bank") == data["bank"])
    year_used = sum(float(x.get("approved_amount") or 0) for x in live)
    caps["企业年度限额剩余"] = round(rule.max_per_enterprise - ent_used, 4)
    caps["银行年度预算剩余"] = round(rule.bank_budget(data["bank"]) - bank_used, 4)
    caps["年度预算剩余"] = round(rule.year_budget(year) - year_used, 4)
    binding = min(caps, key=lambda k: caps[k])
    amount = max(0.0, round(caps[binding], 4))
    return {
        "amount": amount,
        "binding": binding,
        "caps": caps,
        "rule": {"id": did, "version": rule.version, "basis": rule.basis, "rate": rule.rate},
    }


def approve(
    session: Session, instance_id: int, *, actor: Any, at: Any = None, note: str | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Approve with the amount the rules allow (an exhausted budget or limit refuses: reject instead)."""
    from ipatlas.workflow import act

    a = assess(session, instance_id)
    if a["amount"] <= 0:
        raise InputError(f"{a['binding']}已用完，不能批准（可“不予支持”并说明理由）", field="approved_amount")
    fields = {"approved_amount": a["amount"], "assessment": a}
    ev = act(session, instance_id, "approve", actor=actor, at=at, note=note, fields=fields,
             expected_version=expected_version)  # fmt: skip
    return {"event": ev.to_dict(), **a}


def pay(
    session: Session, instance_id: int, *, actor: Any, at: Any = None, prefix: str = "知运拨",
    expected_version: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """拨付 the approved amount; the 拨付通知书 gets the office's next document number of the year."""
    from ipatlas.workflow import act, get_instance, next_document_number

    inst = get_instance(session, instance_id)
    if inst.state != "approved":
        from ipatlas.errors import TransitionNotAllowed

        raise TransitionNotAllowed(
            f"申请处于“{inst.state_label}”状态，不能拨付", state=inst.state, action="pay"
        )
    when = at or dt.datetime.now()
    doc = next_document_number(session, prefix, when.year, instance_id=instance_id, kind="拨付通知书",
                               issued_by=getattr(actor, "username", None))  # fmt: skip
    fields = {"paid_amount": inst.data["approved_amount"], "document_no": doc, "paid_on": str(when)[:10]}
    ev = act(
        session, instance_id, "pay", actor=actor, at=when, fields=fields, expected_version=expected_version
    )
    return {"event": ev.to_dict(), **fields}


def claim(session: Session, instance_id: int) -> dict[str, Any]:
    from ipatlas.workflow import available_actions, deadlines, get_instance, timeline

    for k in KINDS:
        definition(k)  # registered, so that the engine knows the claim's actions
    try:
        inst = get_instance(session, instance_id)
    except Exception as exc:
        raise NotFoundError(f"没有申请 {instance_id}") from exc
    if inst.definition not in KINDS.values():
        raise NotFoundError(f"实例 {instance_id} 不是贴息补助或风险补偿申请")
    return {
        **inst.to_dict(),
        "timeline": [e.to_dict() for e in timeline(session, instance_id)],
        "deadlines": [d.to_dict() for d in deadlines(session, instance_id)],
        "actions": [
            {"id": a.id, "label": a.label, "to": a.to, "roles": list(a.roles)}
            for a in available_actions(session, instance_id)
        ],
    }


def document(session: Session, instance_id: int, path: Path) -> Path:
    """The claim's 审批表 / 拨付通知书 as DOCX (python-docx)."""
    from docx import Document

    c = claim(session, instance_id)
    d = c["data"]
    did = c["definition"]
    title = load_rules()[did].label + ("拨付通知书" if c["state"] == "paid" else "审批表")
    doc = Document()
    doc.add_heading(title, level=1)
    if d.get("document_no"):
        doc.add_paragraph(d["document_no"])
    rows = [
        ("申请编号", c["subject_id"]),
        ("申请企业", d.get("enterprise")),
        ("贷款银行", d.get("bank")),
        ("质押登记号", d.get("pledge_reg_no")),
        ("年度", d.get("year")),
        ("贷款金额（万元）", d.get("loan_amount")),
        (BASE_LABEL[did] + "（万元）", d.get(BASE_FIELD[did])),
        ("批准金额（万元）", d.get("approved_amount")),
        ("拨付金额（万元）", d.get("paid_amount")),
        ("当前状态", c["state_label"]),
    ]
    a = d.get("assessment") or {}
    if a:
        rows.append(
            ("计算依据", f"{a['rule']['basis']}（第{a['rule']['version']}版，比例 {a['rule']['rate']}）")
        )
        rows.append(("适用限额", f"{a['binding']}：{a['caps'][a['binding']]} 万元"))
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for k, v in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = k, "—" if v in (None, "") else str(v)
    doc.add_heading("办理过程", level=2)
    for e in c["timeline"]:
        doc.add_paragraph(
            f"{str(e.get('at'))[:16]}  {e.get('actor')}  {e.get('action')}  {e.get('note') or ''}"
        )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def list_claims(session: Session, *, year: int | None = None) -> dict[str, Any]:
    """Every 贴息补助 / 风险补偿 claim (newest first) and the budget status of the year."""
    from ipatlas.workflow.models import WfInstance

    for k in KINDS:
        definition(k)
    rows = session.scalars(
        select(WfInstance)
        .where(WfInstance.definition.in_(list(KINDS.values())))
        .order_by(WfInstance.id.desc())
    ).all()
    items = []
    for r in rows:
        d = dict(r.data or {})
        if year is not None and int(d.get("year", 0)) != year:
            continue
        items.append(
            {
                "id": r.id,
                "kind": load_rules()[r.definition].label,
                "number": r.subject_id,
                "state": r.state,
                "state_label": definition(r.definition).states[r.state].label,
                "enterprise": d.get("enterprise"),
                "bank": d.get("bank"),
                "year": d.get("year"),
                "approved_amount": d.get("approved_amount"),
                "paid_amount": d.get("paid_amount"),
                "document_no": d.get("document_no"),
            }
        )
    y = year or dt.date.today().year
    return {
        "year": year,
        "items": items,
        "budgets": [budget_status(session, k, y) for k in KINDS],
    }


SUBSIDY_ITEMS = {"interest_subsidy": "知识产权质押融资贴息", "risk_compensation": "知识产权质押融资风险补偿"}


def export_paid(session: Session, path: Path) -> dict[str, Any]:
    """Paid claims as a 资助拨付台账 CSV in the ``subsidies`` standard layout, to be imported with
    ``ipatlas operations import FILE --kind subsidy`` (re-exporting and re-importing changes nothing:
    the rows are keyed by applicant, item, paid date and document number)."""
    import csv

    from ipatlas.workflow.models import WfInstance

    rows = session.scalars(
        select(WfInstance)
        .where(WfInstance.definition.in_(list(KINDS.values())), WfInstance.state == "paid")
        .order_by(WfInstance.id)
    ).all()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["申请人", "资助项目", "金额(万元)", "专利号", "拨付日期", "文号"])
        for r in rows:
            d = r.data or {}
            w.writerow([d.get("enterprise"), SUBSIDY_ITEMS[r.definition], d.get("paid_amount"), "",
                        d.get("paid_on"), d.get("document_no")])  # fmt: skip
    return {"file": str(path), "rows": len(rows)}
