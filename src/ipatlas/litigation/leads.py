"""商机线索检索: rights holders who litigate and companies sued repeatedly, joined with the resource
base (their patents and trademarks in the lake, by holder name) — leads for service agencies.

Also 案例指导: the curated typical cases (典型案例 — judgments that came with a commentary).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.litigation.corpus import read_judgments
from ipatlas.store.lake import Lake

ROLES = ("rights_holder", "defendant")


def technology_field(ipc: str | None) -> str | None:
    """The WIPO technology field (Chinese name) of an IPC symbol — the holder's industry."""
    if not ipc:
        return None
    from ipatlas.indicators.concordance import wipo_fields, wipo_rules

    rules = sorted(wipo_rules().get(ipc[:4], []), key=lambda r: -r[0].specificity)
    for pattern, field_id in rules:
        if pattern.matches(ipc):
            return wipo_fields()[field_id]["field_zh"]
    return None


def _holdings(settings: Settings, names: set[str]) -> dict[str, dict[str, Any]]:
    """Patents and trademarks held by each name (exact holder-name match), with a region."""
    out: dict[str, dict[str, Any]] = {
        n: {"patents": 0, "trademarks": 0, "adcode": None, "province_code": None, "industry": None}
        for n in names
    }
    if not names:
        return out
    lake = Lake(settings.lake_dir)
    tables = lake.manifest()["tables"]
    con = lake.connect()
    try:
        con.execute("CREATE TEMP TABLE __names (name VARCHAR)")
        con.executemany("INSERT INTO __names VALUES (?)", [[n] for n in names])
        if "trademarks" in tables:
            for name, n, adcode, prov in con.execute(
                "SELECT owner, count(*), any_value(adcode), any_value(province_code) FROM trademarks "
                "WHERE owner IN (SELECT name FROM __names) GROUP BY owner"
            ).fetchall():
                out[name].update(
                    trademarks=int(n),
                    adcode=out[name]["adcode"] or adcode,
                    province_code=out[name]["province_code"] or prov,
                )
        if "patents" in tables:
            for name, n, adcode, prov, ipc in con.execute(
                "SELECT a, count(*), any_value(adcode), any_value(province_code), mode(ipc_main) FROM "
                "(SELECT unnest(applicants) AS a, adcode, province_code, ipc_main FROM patents) "
                "WHERE a IN (SELECT name FROM __names) GROUP BY a"
            ).fetchall():
                out[name].update(
                    patents=int(n),
                    adcode=out[name]["adcode"] or adcode,
                    province_code=out[name]["province_code"] or prov,
                    industry=technology_field(ipc),
                )
    finally:
        con.close()
    return out


def _litigants(
    settings: Settings,
    side: str,
    *,
    cause: str | None,
    year_from: int | None,
    year_to: int | None,
    party_type: str | None,
) -> dict[str, dict[str, Any]]:
    """Per party name on ``side``: its cases, counsel, causes, courts, years, region and records."""
    agg: dict[str, dict[str, Any]] = defaultdict(
        lambda: {
            "cases": 0,
            "counsel": 0,
            "causes": set(),
            "courts": set(),
            "years": set(),
            "address_region": None,
            "type": None,
            "record_ids": [],
            "is_demo": False,
        }
    )
    for r in read_judgments(settings):
        if cause and r.get("cause") != cause:
            continue
        y = r.get("year")
        if year_from is not None and (y is None or y < year_from):
            continue
        if year_to is not None and (y is None or y > year_to):
            continue
        for p in r.get("parties") or []:
            if p.get("side") != side:
                continue
            if party_type and p.get("type") != party_type:
                continue
            a = agg[p["name"]]
            a["cases"] += 1
            # A case counts as "with counsel" when any of the party's agents names a law firm.
            a["counsel"] += int(any(ag.get("firm") for ag in p.get("agents") or []))
            a["causes"].add(r.get("cause") or "未知")
            a["courts"].add(r.get("court") or "")
            if y:
                a["years"].add(int(y))
            a["type"] = p.get("type")
            a["address_region"] = a["address_region"] or p.get("adcode") or p.get("province_code")
            a["record_ids"].append(r["record_id"])
            a["is_demo"] = a["is_demo"] or bool(r.get("is_demo"))
    return agg


def _lead(
    name: str, role: str, a: dict[str, Any], h: dict[str, Any], lead_region: str | None
) -> dict[str, Any]:
    return {
        "name": name,
        "role": role,
        "type": a["type"],
        "cases": a["cases"],
        "with_counsel": a["counsel"],
        "causes": sorted(a["causes"]),
        "courts": sorted(c for c in a["courts"] if c),
        "years": sorted(a["years"]),
        "region": lead_region,
        "patents": h["patents"],
        "industry": h["industry"],
        "trademarks": h["trademarks"],
        "record_ids": a["record_ids"],
        "is_demo": a["is_demo"],
    }


def business_leads(
    settings: Settings,
    *,
    role: str = "rights_holder",
    region: str | None = None,
    cause: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    min_cases: int = 1,
    min_trademarks: int = 0,
    without_counsel: bool = False,
    industry: str | None = None,
    party_type: str | None = "企业",
    limit: int = 200,
) -> dict[str, Any]:
    """Leads: litigating rights holders (plaintiffs) or frequent defendants with their holdings.

    ``without_counsel`` keeps those who had no law firm of record in any of their cases
    ("rights holders in 重庆 with many trademarks and no counsel of record").
    """
    if role not in ROLES:
        raise InputError(f"未知线索类型 {role!r}；可选 {', '.join(ROLES)}", field="role")
    side = "原告" if role == "rights_holder" else "被告"
    agg = _litigants(settings, side, cause=cause, year_from=year_from, year_to=year_to, party_type=party_type)
    holdings = _holdings(settings, set(agg))
    leads = []
    for name, a in agg.items():
        h = holdings[name]
        # The holder's registered region wins over the address given in the judgment.
        lead_region = h["adcode"] or h["province_code"] or a["address_region"]
        if region and not (
            lead_region and (lead_region == region or lead_region.startswith(region.rstrip("0")))
        ):
            continue
        if a["cases"] < min_cases or h["trademarks"] < min_trademarks:
            continue
        if without_counsel and a["counsel"]:
            continue
        if industry and industry not in (h["industry"] or ""):
            continue
        leads.append(_lead(name, role, a, h, lead_region))
    leads.sort(key=lambda x: (-x["cases"], -x["trademarks"], -x["patents"], x["name"]))
    return {
        "role": role,
        "filters": {
            "region": region,
            "cause": cause,
            "year_from": year_from,
            "year_to": year_to,
            "min_cases": min_cases,
            "min_trademarks": min_trademarks,
            "without_counsel": without_counsel,
            "industry": industry,
        },
        "total": len(leads),
        "leads": leads[:limit],
    }


def leads_csv(result: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["名称", "类型", "案件数", "有律师代理的案件", "案由", "地区", "专利", "商标", "演示数据"])
    for x in result["leads"]:
        w.writerow(
            [
                x["name"],
                x["type"],
                x["cases"],
                x["with_counsel"],
                "、".join(x["causes"]),
                x["region"] or "",
                x["patents"],
                x["trademarks"],
                "是" if x["is_demo"] else "",
            ]
        )
    return buf.getvalue()


def typical_cases(
    settings: Settings, *, q: str | None = None, tag: str | None = None
) -> list[dict[str, Any]]:
    """案例指导: judgments published with a 典型案例 commentary, searchable, tagged by cause/outcome."""
    out = []
    for r in read_judgments(settings, flag="typical_case"):
        tags = sorted(
            {
                t
                for t in (
                    r.get("cause"),
                    r.get("outcome"),
                    r.get("procedure"),
                    "惩罚性赔偿" if r.get("punitive_damages") else None,
                )
                if t
            }
        )
        text = " ".join(
            str(x) for x in (r.get("case_number"), r.get("court"), r.get("cause"), r.get("commentary")) if x
        )
        if q and q not in text:
            continue
        if tag and tag not in tags:
            continue
        out.append(
            {
                "record_id": r["record_id"],
                "case_number": r["case_number"],
                "court": r["court"],
                "cause": r["cause"],
                "decided_on": r["decided_on"],
                "outcome": r["outcome"],
                "tags": tags,
                "commentary": r.get("commentary"),
                "is_demo": bool(r.get("is_demo")),
            }
        )
    return out
