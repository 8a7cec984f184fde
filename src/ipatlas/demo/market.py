"""Demo market-supervision data (演示数据), generated from the demo resource base and imported
through the real importers: entities for the demo's enterprise applicants and trademark owners
(valid 统一社会信用代码), credit events, listings, leads and one finished 双随机 round.

Every generated file has the ``.ipatlas-demo.json`` sidecar, so the importers mark the rows
``is_demo`` and every page labels them 演示数据. Re-running changes nothing. Rates are modest
assumptions, not published figures: ~6 % of entities with an administrative penalty, ~1 % with
a second trademark penalty within five years, ~0.5 % on the serious list, ~3 % honoured.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from ipatlas import DEMO_LABEL
from ipatlas.config import Settings

SIDECAR = ".ipatlas-demo.json"
ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
COMPANY_WORDS = ("公司", "厂", "集团", "企业", "合作社", "商行", "经营部")
MAX_ENTITIES = 20_000
SEED = 20261203


def demo_code(name: str, adcode: str | None) -> str:
    """A valid, stable code for a demo name: 91 + region + 9 characters from the name's hash."""
    from stdnum.cn import uscc

    digest = hashlib.sha256(name.encode()).digest()
    org = "".join(ORG_CHARS[b % len(ORG_CHARS)] for b in digest[:9])
    body = f"91{(adcode or '500000')[:6]}{org}"
    return body + str(uscc.calc_check_digit(body))


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    Path(str(path) + SIDECAR).write_text(
        json.dumps(
            {"label": DEMO_LABEL, "generator": "ipatlas.demo.market", "seed": SEED}, ensure_ascii=False
        ),
        "utf-8",
    )
    return path


def _names(settings: Settings) -> list[tuple[str, str | None, str | None, int]]:
    """(name, adcode, address, records) of the demo's enterprise applicants and owners. One
    address per name, chosen deterministically (the smallest): ``any_value`` differs between
    runs under parallel execution, and a re-run of the demo must change nothing."""
    from ipatlas.store.lake import Lake

    con = Lake(settings.lake_dir).connect()
    try:
        likes = " OR ".join(f"name LIKE '%{w}%'" for w in COMPANY_WORDS)
        rows = con.execute(
            f"""
            WITH p AS (SELECT first_applicant AS name, arg_min(adcode, address) AS adcode,
                         min(address) AS address, count(*) AS n
                       FROM patents WHERE is_demo AND applicant_type = 'enterprise' GROUP BY 1),
                 t AS (SELECT owner AS name, arg_min(adcode, owner_address) AS adcode,
                         min(owner_address) AS address, count(*) AS n
                       FROM trademarks WHERE is_demo GROUP BY 1),
                 a AS (SELECT * FROM p UNION ALL SELECT * FROM t)
            SELECT name, arg_min(adcode, address), min(address), sum(n) AS n FROM a
            WHERE name IS NOT NULL AND ({likes}) GROUP BY name ORDER BY n DESC, name LIMIT {MAX_ENTITIES}"""
        ).fetchall()
    finally:
        con.close()
    return [(r[0], r[1], r[2], int(r[3])) for r in rows]


def _entities(
    names: list[tuple[str, str | None, str | None, int]], rng: np.random.Generator
) -> tuple[list[str], list[list[Any]]]:
    """Codes and 主体 rows (valid 统一社会信用代码, a random founding date) for the demo names."""
    codes, rows = [], []
    for i, (name, adcode, address, _n) in enumerate(names):
        code = demo_code(name, adcode)
        codes.append(code)
        established = dt.date(1985, 1, 1) + dt.timedelta(days=int(rng.integers(0, 13000)))
        rows.append([code, name, "", address or "", established.isoformat(), "有限责任公司", f"演示代表{i}"])
    return codes, rows


def _credit_events(
    codes: list[str], names: list[Any], rng: np.random.Generator, today: dt.date
) -> list[list[Any]]:
    """Credit events at the module's assumed rates: penalties, repeat infringers, the serious
    list, honoured entities, 非正常专利申请, and one event of an unregistered shop."""
    rows: list[list[Any]] = []
    n = len(codes)

    def day(lo: int, hi: int) -> str:
        return (today - dt.timedelta(days=int(rng.integers(lo, hi)))).isoformat()

    def event(i: int, kind: str, cause: str, on: str, prefix: str, organ: str, amount: Any = "") -> None:
        rows.append(
            [codes[i], names[i][0], kind, cause, on, f"{prefix}〔演示〕{len(rows) + 1}号", organ, amount]
        )

    market, ipo = "重庆市市场监督管理局", "重庆市知识产权局"
    for i in rng.choice(n, max(n * 6 // 100, 1), replace=False):
        on = day(30, 2500)
        event(i, "行政处罚", "侵犯注册商标专用权", on, "渝市监处", market, int(rng.integers(5, 300)) * 1000)
    for i in rng.choice(n, max(n // 100, 1), replace=False):
        first = int(rng.integers(400, 1700))
        event(
            i,
            "行政处罚",
            "销售侵犯注册商标专用权的商品",
            (today - dt.timedelta(days=first)).isoformat(),
            "渝市监处",
            market,
            20000,
        )
        again = (today - dt.timedelta(days=first - int(rng.integers(60, 360)))).isoformat()
        event(i, "行政裁决侵权成立", "商标侵权（再次）", again, "渝知裁", ipo)
    for i in rng.choice(n, max(n // 200, 1), replace=False):
        event(i, "严重违法失信名单", "拒不履行行政处罚决定", day(100, 1000), "渝市监信", market)
    for i in rng.choice(n, max(n * 3 // 100, 1), replace=False):
        event(i, "守信", "知识产权守信激励对象", day(30, 900), "渝知信", ipo)
    for i in rng.choice(n, max(n // 100, 1), replace=False):
        event(
            i,
            "非正常专利申请",
            "不以保护创新为目的的非正常专利申请",
            day(30, 1500),
            "国知非",
            "国家知识产权局",
        )
    rows.append(
        ["", "演示未登记商行", "行政处罚", "假冒专利", day(30, 300), "渝市监处〔演示〕9999号", market, 5000]
    )
    return rows


def market_demo(settings: Settings) -> dict[str, Any]:
    """Generate and import the market demo; returns the counts (idempotent). Steps: entities of
    the demo's applicants, their credit events, then through the real importers: entities, links
    to the lake, events, the lead scan, listings, one 双随机 round, the published facts."""
    from ipatlas.market import credit, leads
    from ipatlas.market.entities import import_entities
    from ipatlas.market.facts import publish_facts
    from ipatlas.market.resolve import link_lake
    from ipatlas.store.workflow import workflow_session

    out_dir = settings.data_dir / "demo" / "market"
    names = _names(settings)
    if not names:
        return {"message": "资源库中没有演示申请人，未生成市场监管演示数据"}
    rng = np.random.default_rng(SEED)
    codes, ent_rows = _entities(names, rng)
    entities_file = _write(
        out_dir / "entities.csv",
        ["统一社会信用代码", "名称", "曾用名", "注册地址", "成立日期", "类型", "法定代表人"],
        ent_rows,
    )
    events_file = _write(
        out_dir / "credit_events.csv", credit.COLUMNS, _credit_events(codes, names, rng, dt.date.today())
    )
    with workflow_session(settings) as session:
        import_entities(session, entities_file, actor="demo")
        link_lake(session, settings)
        credit.import_events(session, events_file, actor="demo")
        leads.scan(session, settings, actor="demo")
        leads.import_listings(session, settings, _listings(settings, out_dir, rng), actor="demo")
        draw = _inspection_round(session, settings, codes, names, out_dir)
        publish_facts(session, settings)
        return summary(session, draw)


def summary(session: Any, draw: dict[str, Any]) -> dict[str, Any]:
    """What the market demo holds (the same after every re-run)."""
    from sqlalchemy import func, select

    from ipatlas.market.models import CreditEvent, MarketEntity, MarketLead, MarketLink, SeriousListEntry

    def count(model: Any, *where: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    return {
        "label": DEMO_LABEL,
        "entities": count(MarketEntity, MarketEntity.is_demo),
        "linked_names": count(MarketLink, MarketLink.code.is_not(None)),
        "credit_events": count(CreditEvent, CreditEvent.is_demo),
        "unlinked_events": count(CreditEvent, CreditEvent.is_demo, CreditEvent.code.is_(None)),
        "serious_list": count(SeriousListEntry, SeriousListEntry.is_demo),
        "leads": count(MarketLead, MarketLead.is_demo),
        "inspection": {k: draw.get(k) for k in ("id", "digest", "population", "drawn", "published_on")},
    }


def _listings(settings: Settings, out_dir: Path, rng: np.random.Generator) -> Path:
    from ipatlas.store.lake import Lake

    con = Lake(settings.lake_dir).connect()
    try:
        good = con.execute(
            "SELECT app_no, first_applicant FROM patents"
            " WHERE is_demo AND legal_status = 'valid' ORDER BY app_no LIMIT 40"
        ).fetchall()
        dead = con.execute(
            "SELECT app_no FROM patents"
            " WHERE is_demo AND legal_status IN ('lapsed', 'expired') ORDER BY app_no LIMIT 15"
        ).fetchall()
    finally:
        con.close()
    rows = []
    captured = (dt.date.today() - dt.timedelta(days=20)).isoformat()
    for i, (no, owner) in enumerate(good):
        shop = f"演示旗舰店{i}"
        operator = owner if i % 4 else f"重庆演示贸易{i}有限公司"
        rows.append(
            [
                shop,
                f"演示商品{i}",
                f"ZL{no[2:]}",
                f"https://shop.example/{i}",
                captured,
                operator,
                "专利",
                "电商",
            ]
        )
    for i, (no,) in enumerate(dead):
        rows.append([f"演示展位{i}", f"展品{i}", f"ZL{no[2:]}", "", captured, "", "专利", "展会"])
    for i in range(5):
        fake = f"ZL{2099 - i}1{int(rng.integers(0, 10**7)):07d}.{i}"
        rows.append(
            [f"演示小店{i}", f"仿品{i}", fake, f"https://shop.example/x{i}", captured, "", "专利", "电商"]
        )
    return _write(
        out_dir / "listings.csv",
        ["店铺", "商品", "标注号码", "链接", "采集时间", "经营者", "类型", "来源"],
        rows,
    )


def _inspection_round(
    session: Any, settings: Settings, codes: list[str], names: list[Any], out_dir: Path
) -> dict[str, Any]:
    from sqlalchemy import select

    from ipatlas.market import credit, inspections
    from ipatlas.market.models import InspectionDraw

    existing = session.scalar(select(InspectionDraw).where(InspectionDraw.is_demo).limit(1))
    if existing is not None:
        return inspections.draw_dict(existing)
    as_of = dt.date.today()
    grades = {r["code"]: r["grade"] for r in credit.grade_all(session, as_of).to_pylist()}
    regions = [n[1] or "" for n in names]
    objs = inspections.Objects(codes, regions, [grades.get(c, "B") for c in codes])
    units = ["市知识产权局执法支队", "渝北区市场监管局", "江北区市场监管局", "两江新区市场监管局"]
    pool = [inspections.Inspector(f"JC{i:03d}", f"演示检查员{i}", units[i % 4]) for i in range(16)]
    pool[0].avoid = frozenset(codes[:5])
    result = inspections.draw(objs, pool, seed="演示-2025-第1批", count=min(40, len(codes)), per_object=2)
    rec = inspections.record_draw(
        session, result, plan_name="2025 年知识产权领域双随机抽查（演示数据）", actor="demo", is_demo=True
    )
    when = as_of - dt.timedelta(days=10)
    outcomes = ["未发现问题"] * 8 + ["责令整改"]
    for i, code in enumerate(result["objects"]):
        inspections.enter_result(
            session, rec["id"], code, outcomes[i % len(outcomes)], on=when, actor="demo", note="演示数据"
        )
    return inspections.publish(session, rec["id"], on=as_of, actor="demo")
