"""知识产权保护案件演示数据: cases 2019–2026 for Chongqing's counties, taken through the real
intake and workflow (every limit computed by the engine), with a realistic mix of kinds,
channels and outcomes and some overdue. Everything is marked ``is_demo`` and shown as 演示数据.

Calibration (order of magnitude only, stated so nobody mistakes it for a statistic): a
municipal market-regulation system handles a few thousand IP complaints and reports a year;
the demo keeps a few hundred a year so that ``make demo`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from ipatlas.calendar import calendar_for
from ipatlas.config import Settings

DEMO_ACTOR = "演示受理员"
KINDS = [
    ("complaint", 45),
    ("report", 20),
    ("assistance", 12),
    ("adjudication", 6),
    ("mediation", 10),
    ("consultation", 7),
]
IP_TYPES = [
    ("trademark", 50),
    ("patent", 30),
    ("copyright", 5),
    ("gi", 5),
    ("unfair_competition", 5),
    ("trade_secret", 3),
    ("plant_variety", 2),
]
CHANNELS = [
    ("12315", 40),
    ("phone", 12),
    ("visit", 10),
    ("online", 15),
    ("exhibition", 5),
    ("ecommerce", 10),
    ("letter", 3),
    ("assigned", 3),
    ("referral", 2),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
FIRMS = ["商贸", "科技", "食品", "服饰", "电子", "火锅", "机械", "建材", "药业", "文化"]
GOODS = ["运动鞋", "火锅底料", "白酒", "手机配件", "服装", "茶叶", "榨菜", "摩托车配件", "化妆品", "小面调料"]
STREETS = ["解放路", "建设大道", "人民路", "滨江路"]
MEDIATION_ORGS = [
    ("重庆市知识产权纠纷人民调解委员会（演示数据）", "people", ["专利", "商标"]),
    ("重庆市火锅行业协会调解中心（演示数据）", "industry", ["商标", "地理标志"]),
    ("重庆知识产权专业调解中心（演示数据）", "professional", ["专利", "商业秘密", "著作权"]),
    ("渝中律师调解工作室（演示数据）", "lawyer", ["商标", "著作权", "不正当竞争"]),
]


def _pick(rng: random.Random, items: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"


def seed_protection_demo(
    settings: Settings, *, per_year: int = 40, seed: int = 12, today: dt.date | None = None
) -> dict[str, Any]:
    """Create the demo cases once (idempotent: existing demo cases are kept as they are)."""
    from ipatlas.protection.cases import act_case
    from ipatlas.protection.intake import create_case
    from ipatlas.protection.models import Case
    from ipatlas.protection.reports import add_mediation_org
    from ipatlas.regions.registry import get_registry
    from ipatlas.store.workflow import workflow_session
    from ipatlas.workflow import Actor

    rng = random.Random(seed)
    today = today or dt.date.today()
    counties = [(r.code, r.name) for r in get_registry().counties("500000")]
    with workflow_session(settings) as session:
        existing = session.scalar(select(func.count()).select_from(Case).where(Case.is_demo.is_(True)))
        if existing:
            return _summary(session)
        for name, kind, specialties in MEDIATION_ORGS:
            add_mediation_org(
                session, name=name, org_type=kind, specialties=specialties,
                mediators=[{"name": _person(rng), "specialty": s} for s in specialties], is_demo=True,
            )  # fmt: skip
    cal = None
    created = 0
    clerk, handler, approver = (
        Actor("演示受理员", "clerk"),
        Actor("演示承办人", "handler"),
        Actor("演示负责人", "approver"),
    )
    mediator, unit = Actor("演示调解员", "mediator"), Actor("演示公安", "unit", "公安机关（同级）")
    for year in range(2019, today.year + 1):
        n = int(per_year * (1 + 0.12 * (year - 2019)))
        with workflow_session(settings) as session:
            cal = cal or calendar_for(session)
            for _ in range(n):
                # 2019 starts in April: the penalty and verification rules of the demo's rule table
                # begin with the 市场监督管理 rules of 2019-04-01.
                first = dt.date(2019, 4, 1) if year == 2019 else dt.date(year, 1, 1)
                day = first + dt.timedelta(days=rng.randrange(0, (dt.date(year, 12, 31) - first).days + 1))
                if day >= today:
                    continue
                received = dt.datetime.combine(
                    cal.next_workday(day), dt.time(rng.randrange(8, 17), rng.randrange(60))
                )
                kind = _pick(rng, KINDS)
                ip_type = "patent" if kind == "adjudication" else _pick(rng, IP_TYPES)
                _code, county = rng.choice(counties)
                firm = f"重庆{rng.choice(['渝', '巴', '山城', '嘉', '两江'])}{rng.choice(FIRMS)}有限公司"
                individual = rng.random() < 0.55
                complainant: dict[str, Any] = {
                    "name": _person(rng)
                    if individual
                    else f"{rng.choice(['重庆', '四川', '贵州'])}{rng.choice(FIRMS)}集团有限公司",
                    "type": "individual" if individual else "enterprise",
                    "phone": _phone(rng),
                }
                number = None
                if ip_type == "patent":
                    number = f"ZL20{rng.randrange(15, 24)}1{rng.randrange(10**7):07d}.{rng.randrange(10)}"
                elif ip_type == "trademark":
                    number = str(rng.randrange(10**7, 6 * 10**7))
                fields = {
                    "kind": kind,
                    "ip_type": ip_type,
                    "channel": _pick(rng, CHANNELS),
                    "received_at": received.isoformat(sep=" "),
                    "complainant": complainant,
                    "respondent": {
                        "name": firm,
                        "type": "enterprise",
                        "address": f"重庆市{county}{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
                    },
                    "right": {"type": ip_type, "number": number},
                    "facts": f"【演示数据】被投诉人涉嫌销售侵犯{rng.choice(GOODS)}相关知识产权的商品。",
                    "confidential": kind == "report" and rng.random() < 0.5,
                    "is_demo": True,
                    "client_token": f"demo-{seed}-{year}-{created}",
                }
                case = create_case(session, settings, fields, actor=DEMO_ACTOR, check_rights=False)
                created += 1
                _simulate(session, settings, case["id"], kind, received, today, rng, cal,
                                  clerk, handler, approver, mediator, unit, act_case)  # fmt: skip
    with workflow_session(settings) as session:
        return _summary(session)


def _summary(session: Any) -> dict[str, Any]:
    """The same answer on every run (re-running the demo changes nothing)."""
    from ipatlas.protection.models import Case

    rows = session.execute(
        select(func.count(), func.count(Case.closed_at)).select_from(Case).where(Case.is_demo.is_(True))
    ).one()
    return {"cases": int(rows[0]), "closed": int(rows[1]), "label": "演示数据"}


@dataclass
class _Walk:
    """One demo case on its way: ``step`` performs an action a few working days later (False when
    the case stalls or the step would fall after today), with the people who act on it."""

    step: Callable[..., bool]
    rng: random.Random
    clerk: Any
    handler: Any
    approver: Any
    mediator: Any
    unit: Any


def _simulate(session: Any, settings: Settings, cid: int, kind: str, received: dt.datetime, today: dt.date,
              rng: random.Random, cal: Any, clerk: Any, handler: Any, approver: Any, mediator: Any, unit: Any,
              act_case: Any) -> str:  # fmt: skip
    """Walk a case through its workflow with realistic (mostly timely, sometimes late) steps."""
    t = received
    # A few recent cases stall somewhere: their running clocks become overdue (超期件).
    stall = received.year >= today.year - 1 and rng.random() < 0.06

    def step(action: str, actor: Any, wd: tuple[int, int], **kw: Any) -> bool:
        nonlocal t
        if stall and rng.random() < 0.45:
            return False
        nxt = dt.datetime.combine(
            cal.add_workdays(t.date(), rng.randint(*wd)).date, dt.time(rng.randrange(9, 17), 0)
        )
        if nxt.date() >= today:
            return False
        t = nxt
        act_case(session, settings, cid, action, actor=actor, at=t, write_documents=False, **kw)
        return True

    w = _Walk(step, rng, clerk, handler, approver, mediator, unit)
    late = rng.random() < 0.08
    acc = (1, 12) if late else (1, 6)
    if kind == "consultation":
        return (
            "closed" if step("answer", clerk, (1, 4), fields={"answer": "已电话答复（演示数据）"}) else "open"
        )
    walks = {"adjudication": _walk_adjudication, "mediation": _walk_mediation, "assistance": _walk_assistance}
    return walks.get(kind, _walk_complaint)(w, kind, acc, late)


def _walk_adjudication(w: _Walk, kind: str, acc: tuple[int, int], late: bool) -> str:
    step = w.step
    if not step("file", w.approver, acc, fields={"assignee": w.handler.username}):
        return "open"
    if not step("investigate", w.handler, (1, 5)):
        return "open"
    if not step(
        "decide",
        w.approver,
        (30, 95 if late else 60),
        fields={"outcome": w.rng.choice(["adjudicated", "dismissed"])},
    ):
        return "open"
    return _finish(step, w.handler, w.approver)


def _walk_mediation(w: _Walk, kind: str, acc: tuple[int, int], late: bool) -> str:
    step = w.step
    if not step("accept", w.clerk, acc) or not step(
        "mediate", w.mediator, (1, 5), fields={"mediator": w.mediator.username}
    ):
        return "open"
    ok = w.rng.random() < 0.62
    if not step(
        "mediation_agreement" if ok else "mediation_failed",
        w.mediator,
        (5, 40),
        note=None if ok else "双方分歧较大",
    ):
        return "open"
    return "closed" if step("close", w.mediator, (1, 3)) and step("archive", w.clerk, (1, 5)) else "open"


def _walk_assistance(w: _Walk, kind: str, acc: tuple[int, int], late: bool) -> str:
    step = w.step
    if not step("accept", w.clerk, acc) or not step(
        "assist", w.handler, (1, 3), fields={"assignee": w.handler.username}
    ):
        return "open"
    return (
        "closed"
        if step("close", w.handler, (3, 25 if late else 14)) and step("archive", w.clerk, (1, 5))
        else "open"
    )


def _walk_complaint(w: _Walk, kind: str, acc: tuple[int, int], late: bool) -> str:
    """Complaints and reports: rejected, referred, mediated, or filed and decided."""
    step, rng = w.step, w.rng
    r = rng.random()
    if r < 0.12:
        ok = step("reject", w.clerk, acc, fields={"reason": "不属于本机关管辖"})
        return (
            "closed"
            if ok and step("close", w.approver, (1, 3)) and step("archive", w.clerk, (1, 5))
            else "open"
        )
    if r < 0.17:
        ok = step("refer", w.approver, acc, fields={"receiver": w.unit.unit})
        return "closed" if ok and step("receipt", w.unit, (1, 7)) else "open"
    if not step("accept", w.clerk, acc):
        return "open"
    if kind == "complaint" and rng.random() < 0.35:
        if not step("mediate", w.mediator, (1, 5)):
            return "open"
        if rng.random() < 0.6:
            ok = step("mediation_agreement", w.mediator, (5, 30))
            return "closed" if ok and step("archive", w.clerk, (1, 5)) else "open"
        step("mediation_failed", w.mediator, (10, 45), note="调解不成")
        return "open"
    if not step("file", w.approver, (1, 5), fields={"assignee": w.handler.username}) or not step(
        "investigate", w.handler, (1, 3)
    ):
        return "open"
    if rng.random() < 0.04:
        ok = step("suspect_crime", w.handler, (3, 15), note="涉案金额较大") and step(
            "refer_police", w.approver, (1, 2), fields={"receiver": w.unit.unit}
        )
        return "closed" if ok and step("receipt", w.unit, (1, 3)) else "open"
    return _decide_and_close(w, late)


def _decide_and_close(w: _Walk, late: bool) -> str:
    step, rng = w.step, w.rng
    if rng.random() < 0.7:
        amount = str(rng.choice([5000, 10000, 20000, 30000, 50000, 80000, 120000]))
        if not step(
            "penalize",
            w.approver,
            (20, 75 if late else 50),
            fields={
                "penalty_kind": "罚款、没收侵权商品、责令停止侵权",
                "amount": amount,
                "basis": "《商标法》第六十条",
            },
        ):
            return "open"
    elif not step("decide", w.approver, (20, 60), fields={"outcome": rng.choice(["dismissed", "revoked"])}):
        return "open"
    if not step("serve", w.handler, (1, 4)):
        return "open"
    step("publish", w.handler, (1, 25 if late else 15))
    return "closed" if step("close", w.approver, (1, 5)) and step("archive", w.handler, (1, 5)) else "open"


def _finish(step: Any, handler: Any, approver: Any) -> str:
    if not step("serve", handler, (1, 4)):
        return "open"
    return "closed" if step("close", approver, (1, 5)) and step("archive", handler, (1, 5)) else "open"
