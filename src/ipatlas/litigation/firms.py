"""律所案件展示: firm and lawyer profiles built from the parsed judgments.

A firm's branches (北京市盈科（广州）律师事务所, XX律师事务所上海分所) are grouped under the firm
(:func:`firm_group`); a profile lists the firm's cases with the side it represented, outcomes,
damages won, causes, courts, the yearly trend and its co-counsel network.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError
from ipatlas.litigation.corpus import read_judgments

_MUNICIPALITY = re.compile(r"^(北京|上海|天津|重庆)市")


def firm_group(name: str) -> str:
    """北京市盈科（广州）律师事务所 / 北京盈科（成都）律师事务所 / 盈科律师事务所上海分所 -> one key."""
    s = re.sub(r"\s+", "", name or "")
    s = re.sub(r"（[^（）]*）(?=律师事务所)", "", s)
    s = re.sub(r"(律师事务所)[\u4e00-\u9fa5]{1,8}分所$", r"\1", s)
    s = _MUNICIPALITY.sub(r"\1", s)
    return s


def _sides(row: dict[str, Any], predicate: Any) -> set[str]:
    sides = set()
    for p in row.get("parties") or []:
        for ag in p.get("agents") or []:
            if predicate(ag):
                sides.add(p.get("side") or "其他")
    return sides


def _won(row: dict[str, Any], side: str) -> bool | None:
    won = row.get("plaintiff_won")
    if won is None:
        return None
    return bool(won) if side == "原告" else not won


def _profile(
    rows: list[dict[str, Any]], predicate: Any, *, kind: str, name: str, group: str | None = None
) -> dict[str, Any]:
    cases = []
    causes: Counter[str] = Counter()
    courts: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    sides: Counter[str] = Counter()
    trend: Counter[int] = Counter()
    network: Counter[str] = Counter()
    lawyers: Counter[str] = Counter()
    branches: set[str] = set()
    won = lost = 0
    damages_won = 0.0
    for r in rows:
        s = _sides(r, predicate)
        if not s:
            continue
        side = "原告" if "原告" in s else sorted(s)[0]
        w = _won(r, side)
        won += int(w is True)
        lost += int(w is False)
        if side == "原告" and r.get("damages_awarded"):
            damages_won += float(r["damages_awarded"])
        causes[r.get("cause") or "未知"] += 1
        courts[r.get("court") or "未知"] += 1
        outcomes[r.get("outcome") or "其他"] += 1
        sides[side] += 1
        if r.get("year"):
            trend[int(r["year"])] += 1
        for p in r.get("parties") or []:
            for ag in p.get("agents") or []:
                firm = ag.get("firm")
                if predicate(ag):
                    if firm:
                        branches.add(firm)
                    if ag.get("lawyer"):
                        lawyers.update(ag.get("names") or [])
                elif firm and (group is None or firm_group(firm) != group):
                    network[firm_group(firm)] += 1
        cases.append(
            {
                "record_id": r["record_id"],
                "case_number": r["case_number"],
                "court": r["court"],
                "cause": r["cause"],
                "decided_on": r["decided_on"],
                "year": r.get("year"),
                "side": side,
                "outcome": r["outcome"],
                "won": w,
                "damages_awarded": r.get("damages_awarded"),
                "damages_claimed": r.get("damages_claimed"),
                "is_demo": bool(r.get("is_demo")),
            }
        )
    if not cases:
        raise NotFoundError(f"没有找到{('律所' if kind == 'firm' else '律师')}“{name}”代理的案件")
    decided = won + lost
    out: dict[str, Any] = {
        "kind": kind,
        "name": group or name,
        "query": name,
        "cases_total": len(cases),
        "win_rate": round(won / decided, 4) if decided else None,
        "damages_won": round(damages_won, 2),
        "by_cause": dict(causes.most_common()),
        "by_court": dict(courts.most_common()),
        "by_side": dict(sides.most_common()),
        "by_outcome": dict(outcomes.most_common()),
        "trend": {str(y): n for y, n in sorted(trend.items())},
        "co_counsel": [{"firm": f, "cases": n} for f, n in network.most_common(20)],
        "cases": cases,
        "has_demo": any(c["is_demo"] for c in cases),
    }
    if kind == "firm":
        out["branches"] = sorted(branches)
        out["lawyers"] = [{"name": n, "cases": c} for n, c in lawyers.most_common()]
    return out


def firm_profile(settings: Settings, name: str) -> dict[str, Any]:
    """Profile of the firm ``name`` (any branch name or the head office; grouped)."""
    if not name or not name.strip():
        raise InputError("律所名称不能为空", field="name")
    group = firm_group(name.strip())
    # A cheap superset filter in SQL (the firm's brand, i.e. the last characters before 律师事务所),
    # then the exact grouping in Python: only the firm's judgments are decoded.
    brand = group.removesuffix("律师事务所")[-2:] or group
    rows = read_judgments(settings, contains={"law_firms": brand})
    return _profile(
        rows,
        lambda ag: bool(ag.get("firm")) and firm_group(ag["firm"]) == group,
        kind="firm",
        name=name,
        group=group,
    )


def lawyer_profile(settings: Settings, name: str, *, firm: str | None = None) -> dict[str, Any]:
    """Profile of lawyer ``name`` (optionally only at ``firm``, to tell namesakes apart)."""
    if not name or not name.strip():
        raise InputError("律师姓名不能为空", field="name")
    n = name.strip()
    group = firm_group(firm) if firm else None

    def pred(ag: dict[str, Any]) -> bool:
        return (
            bool(ag.get("lawyer"))
            and n in (ag.get("names") or [])
            and (group is None or firm_group(ag.get("firm") or "") == group)
        )

    out = _profile(read_judgments(settings, contains={"lawyers": n}), pred, kind="lawyer", name=n)
    out["firm"] = group
    return out


def list_firms(settings: Settings, *, limit: int = 50) -> list[dict[str, Any]]:
    """Firms by number of judgments they appear in."""
    counts: Counter[str] = Counter()
    branches: dict[str, set[str]] = {}
    for r in read_judgments(settings):
        seen = set()
        for f in r.get("law_firms") or []:
            g = firm_group(f)
            branches.setdefault(g, set()).add(f)
            seen.add(g)
        counts.update(seen)
    return [{"firm": f, "cases": n, "branches": sorted(branches[f])} for f, n in counts.most_common(limit)]


def match_lawyers(
    settings: Settings, *, cause: str | None = None, court: str | None = None, limit: int = 10
) -> list[dict[str, Any]]:
    """Lawyer matching for 案件协同: lawyers ranked by experience with the same cause and court, then wins."""
    stats: dict[tuple[str, str], dict[str, Any]] = {}
    for r in read_judgments(settings):
        for p in r.get("parties") or []:
            for ag in p.get("agents") or []:
                if not ag.get("lawyer"):
                    continue
                for n in ag.get("names") or []:
                    key = (n, firm_group(ag.get("firm") or ""))
                    s = stats.setdefault(
                        key,
                        {"name": n, "firm": key[1], "cases": 0, "same_cause": 0, "same_court": 0, "won": 0},
                    )
                    s["cases"] += 1
                    s["same_cause"] += int(bool(cause) and r.get("cause") == cause)
                    s["same_court"] += int(bool(court) and r.get("court") == court)
                    s["won"] += int(_won(r, p.get("side") or "") is True)
    ranked = sorted(
        stats.values(), key=lambda s: (-s["same_cause"], -s["same_court"], -s["won"], -s["cases"], s["name"])
    )
    return ranked[:limit]


def profile_docx(profile: dict[str, Any]) -> bytes:
    """The profile as a DOCX document (律所/律师案件展示)."""
    import docx

    d = docx.Document()
    title = ("律所" if profile["kind"] == "firm" else "律师") + f"案件展示：{profile['name']}"
    d.add_heading(title, level=1)
    if profile.get("has_demo"):
        d.add_paragraph("注意：含演示数据。")
    rate = profile["win_rate"]
    d.add_paragraph(
        f"代理案件 {profile['cases_total']} 件；胜诉率 {'—' if rate is None else f'{rate:.0%}'}；"
        f"作为原告代理获赔合计 {profile['damages_won']:,.0f} 元。"
    )
    for heading, key in (
        ("按案由", "by_cause"),
        ("按法院", "by_court"),
        ("按代理方", "by_side"),
        ("按结果", "by_outcome"),
        ("年度趋势", "trend"),
    ):
        d.add_heading(heading, level=2)
        t = d.add_table(rows=1, cols=2)
        t.rows[0].cells[0].text, t.rows[0].cells[1].text = "项目", "件数"
        for k, v in profile[key].items():
            row = t.add_row()
            row.cells[0].text, row.cells[1].text = str(k), str(v)
    if profile.get("co_counsel"):
        d.add_heading("合作/对方律所", level=2)
        for c in profile["co_counsel"]:
            d.add_paragraph(f"{c['firm']}（{c['cases']} 件）", style="List Bullet")
    d.add_heading("案件清单", level=2)
    t = d.add_table(rows=1, cols=6)
    for cell, text in zip(
        t.rows[0].cells, ("案号", "法院", "案由", "代理方", "结果", "判赔（元）"), strict=True
    ):
        cell.text = text
    for c in profile["cases"]:
        row = t.add_row().cells
        vals = (
            c["case_number"],
            c["court"],
            c["cause"],
            c["side"],
            c["outcome"],
            "" if c["damages_awarded"] is None else f"{c['damages_awarded']:,.0f}",
        )
        for cell, text in zip(row, vals, strict=True):
            cell.text = str(text or "")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
