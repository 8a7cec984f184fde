"""The lead pool: monitoring rules over a real lake (surge, hoarding), listings checked against
the resource base (假冒专利, expired marks), merging across sources, the market_lead workflow and
the ``leads`` CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from market_helpers import ENTITY_HEADER, code, write_csv, write_tables
from sqlalchemy.orm import Session

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.errors import InputError, PermissionDenied, TransitionNotAllowed
from ipatlas.market import leads
from ipatlas.market.entities import import_entities

SURGER = "重庆突增科技有限公司"
HOARDER = "重庆囤标贸易有限公司"
LISTING_HEADER = ["店铺", "商品", "标注号码", "链接", "采集时间", "经营者", "类型", "来源"]


def _patent(
    no: str, applicant: str, filed: dt.date, *, granted: bool = True, status: str = "valid"
) -> dict[str, Any]:
    return {
        "app_no": no,
        "kind": "invention",
        "filing_date": filed,
        "grant_date": filed + dt.timedelta(days=400) if granted else None,
        "legal_status": status,
        "applicants": [applicant],
        "first_applicant": applicant,
    }


def _lake(settings: Settings) -> None:
    patents = []
    # 35 filings in 2024 after 2 a year before: a surge (35 ≥ 30 and ≥ 3 × 2).
    for i in range(35):
        patents.append(_patent(f"CN2024100{i:05d}.{i % 10}", SURGER, dt.date(2024, 3, 1)))
    for y in (2021, 2022, 2023):
        for i in range(2):
            patents.append(_patent(f"CN{y}100{i:05d}.1", SURGER, dt.date(y, 5, 1)))
    # 29 filings in 2024, nothing before: below the threshold.
    for i in range(29):
        patents.append(_patent(f"CN2024200{i:05d}.2", "重庆平稳有限公司", dt.date(2024, 4, 1)))
    patents.append(_patent("CN201910123456.7", "重庆正牌有限公司", dt.date(2019, 1, 1)))
    patents.append(_patent("CN201810000001.X", "重庆失效有限公司", dt.date(2018, 1, 1), status="lapsed"))
    patents.append(
        _patent("CN202310000002.3", "重庆审中有限公司", dt.date(2023, 1, 1), granted=False, status="pending")
    )
    marks = [
        {
            "reg_no": str(50000000 + i),
            "nice_class": 1 + i % 12,
            "owner": HOARDER,
            "app_date": dt.date(2025, 1, 1),
            "status": "pending" if i % 5 else "registered",
        }
        for i in range(36)
    ]
    marks.append(
        {
            "reg_no": "12345678",
            "nice_class": 30,
            "owner": "重庆老字号有限公司",
            "status": "registered",
            "expiry_date": dt.date(2024, 12, 31),
            "app_date": dt.date(2014, 1, 1),
        }
    )
    write_tables(settings, patents, marks)


def test_scan_rules(session: Session, settings: Settings, tmp_path: Path) -> None:
    _lake(settings)
    import_entities(
        session,
        write_csv(tmp_path / "e.csv", ENTITY_HEADER, [[code(1), SURGER, "", "重庆市渝北区", "", "", ""]]),
    )
    res = leads.scan(session, settings, actor="ana", on=dt.date(2025, 6, 1))
    assert res["year"] == 2024 and res["rules"] == {"abnormal_filing_surge": 1, "trademark_hoarding": 1}
    assert (res["created"], res["merged"]) == (2, 0)
    items = {x["name"]: x for x in leads.list_leads(session)["items"]}
    surge = items[SURGER]
    assert surge["code"] == code(1) and surge["adcode"] == "500112" and surge["status"] == "待核查"
    assert surge["evidence"][0]["n"] == 35 and surge["evidence"][0]["baseline"] == 2.0
    assert items[HOARDER]["evidence"][0]["classes"] == 12
    again = leads.scan(session, settings, actor="ana", on=dt.date(2025, 6, 1))
    assert (again["created"], again["merged"]) == (0, 2)
    assert len(leads.list_leads(session)["items"]) == 2
    assert len(leads.lead_detail(session, surge["id"])["evidence"]) == 1


def test_listings_checked_against_the_lake(session: Session, settings: Settings, tmp_path: Path) -> None:
    _lake(settings)
    rows = [
        [
            "甲旗舰店",
            "折叠椅",
            "ZL201910123456.7",
            "https://x/1",
            "2025-05-01",
            "重庆正牌有限公司",
            "",
            "电商",
        ],  # fine
        [
            "乙专营店",
            "折叠椅",
            "ZL201910123456.7",
            "https://x/2",
            "2025-05-01",
            "重庆乙贸易有限公司",
            "",
            "电商",
        ],  # not theirs
        ["丙店", "灯具", "ZL 201810000001.X", "", "2025-05-02", "", "", "展会"],  # lapsed
        ["丁店", "杯子", "CN202310000002.3", "", "2025-05-02", "", "", "电商"],  # not granted
        ["戊店", "杯子", "ZL209910999999.9", "", "2025-05-02", "", "", "电商"],  # not in the resource base
        ["己店", "月饼", "第12345678号", "", "2025-05-03", "", "商标", "电商"],  # mark expired on capture
        ["庚店", "月饼", "第12345678号", "", "2024-12-30", "", "商标", "电商"],  # still valid then
        ["丙店", "灯具", "ZL 201810000001.X", "", "2025-05-02", "", "", "展会"],  # duplicate row
        ["辛店", "x", "专利申请中", "", "", "", "", ""],  # unreadable number
        ["壬店", "x", "ZL201910123456.7", "", "2999-01-01", "", "", ""],  # future capture
    ]
    f = write_csv(tmp_path / "listings.csv", LISTING_HEADER, rows)
    res = leads.import_listings(session, settings, f, actor="ana")
    assert (res["read"], res["loaded"], res["duplicates"], res["quarantined"]) == (10, 7, 1, 2)
    assert res["leads"] == 5
    found = {
        x["name"]: x["evidence"][0]["finding"] for x in leads.list_leads(session, source="listing")["items"]
    }
    assert found == {
        "重庆乙贸易有限公司": "专利权人与经营者不一致（是否有许可待核实）",
        "丙店": "该专利已失效（lapsed）",
        "丁店": "该专利未授权（申请中或未授权）",
        "戊店": "资源库中没有该专利号",
        "己店": "该商标无效或已过专用权期限",
    }
    # A report about the same shop and patent merges into the listing's lead (two sources).
    merged = leads.add_manual(
        session,
        name="丙店",
        title="举报：灯具标注失效专利",
        evidence="12315",
        actor="bob",
        object_ref="ZL201810000001.X",
    )
    assert (
        merged["created"] is False
        and merged["sources"] == ["listing", "manual"]
        and len(merged["evidence"]) == 2
    )
    with pytest.raises(InputError, match="无法识别"):
        leads.add_manual(session, name="x", title="y", evidence="", actor="bob", object_ref="abc")
    again = leads.import_listings(session, settings, f, actor="ana")
    assert (again["loaded"], again["duplicates"], again["quarantined"], again["changed"]) == (0, 8, 2, False)
    assert leads.list_leads(session)["total"] == 5


def test_manual_merges_and_workflow(session: Session, settings: Settings) -> None:
    first = leads.add_manual(
        session, name="重庆某某贸易有限公司", title="举报：销售假冒商品", evidence="群众来电", actor="ana"
    )
    merged = leads.add_manual(
        session,
        name="重庆某某贸易有限责任公司",
        title="举报：销售假冒商品",
        evidence="12315 转办",
        actor="bob",
    )
    assert merged["id"] == first["id"] and merged["created"] is False and len(merged["evidence"]) == 2
    with pytest.raises(InputError):
        leads.add_manual(session, name=" ", title="x", evidence="", actor="ana")
    lid = first["id"]
    with pytest.raises(PermissionDenied):
        leads.act_lead(session, settings, lid, "check", actor="v", role="viewer")
    assert leads.act_lead(session, settings, lid, "check", actor="ana", role="analyst")["status"] == "核查中"
    with pytest.raises(InputError, match="理由"):
        leads.act_lead(session, settings, lid, "exclude", actor="ana", role="analyst")
    done = leads.act_lead(session, settings, lid, "exclude", actor="ana", role="analyst", note="经核查为正品")
    assert done["status"] == "排除" and done["reason"] == "经核查为正品"
    with pytest.raises(TransitionNotAllowed):
        leads.act_lead(session, settings, lid, "check", actor="ana", role="analyst")
    detail = leads.lead_detail(session, lid)
    assert [t["action"] for t in detail["timeline"]][-2:] == ["开始核查", "排除"]
    stats = leads.lead_stats(session)["by_source"]["manual"]
    assert (stats["total"], stats["排除"], stats["conversion"]) == (1, 1, 0.0)


def test_cli(cli_env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    _lake(cli_env)
    rc, out, _ = invoke(capsys, "leads", "scan", "--json")
    assert rc == 0 and json.loads(out)["created"] == 2
    rc, out, _ = invoke(capsys, "leads", "list", "--status", "待核查", "--json")
    data = json.loads(out)
    assert rc == 0 and data["total"] == 2
    lid = data["items"][0]["id"]
    rc, out, _ = invoke(capsys, "leads", "act", str(lid), "check", "--json")
    assert rc == 0 and json.loads(out)["status"] == "核查中"
    rc, out, err = invoke(capsys, "leads", "act", str(lid), "exclude", "--json")
    assert rc == 1 and "理由" in err
    rc, out, err = invoke(capsys, "leads", "show", "999", "--json")
    assert rc == 2 and "未找到线索" in err


def test_file_opens_a_protection_case(session: Session, settings: Settings) -> None:
    """转立案 through issue 12's intake (runs once ``ipatlas.protection`` is installed)."""
    pytest.importorskip("ipatlas.protection.intake")
    lead = leads.add_manual(
        session, name="重庆某某贸易有限公司", title="举报：假冒专利", evidence="来电", actor="ana",
        object_ref="ZL201910123456.7",
    )  # fmt: skip
    with pytest.raises(TransitionNotAllowed):
        leads.act_lead(session, settings, lead["id"], "file", actor="boss", role="approver")
    leads.act_lead(session, settings, lead["id"], "check", actor="ana", role="analyst")
    filed = leads.act_lead(session, settings, lead["id"], "file", actor="boss", role="approver")
    assert filed["status"] == "转立案" and filed["case_id"]
    detail = leads.lead_detail(session, lead["id"])
    assert detail["timeline"][-1]["action"] == "转立案" and filed["case_id"] in (
        detail["timeline"][-1]["note"] or ""
    )


# ---- the surge rule on the demo's distribution ----------------------------------------------
RULE_V2_DAY = dt.date(2026, 12, 3)  # version 2 (99th-percentile floor, at least 10) in effect


@pytest.fixture(scope="module")
def demo_patents(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Any:
    """The demo generator's patents (standard layout files, one row per application number) as the
    ``patents`` table the rule reads: the demo's real distribution of applicants over the years."""
    import duckdb

    from ipatlas.demo import generate

    out = tmp_path_factory.mktemp("demo-surge")
    manifest = generate(out, records=50_000, shared_dir=shared_dir)
    files = [str(out / f.name) for f in manifest.files if f.table == "patents" and f.layout == "standard"]
    con = duckdb.connect()
    con.execute(
        """CREATE TABLE patents AS SELECT DISTINCT ON ("申请号")
             nullif(split_part("申请(专利权)人", '；', 1), '') AS first_applicant,
             coalesce(try_strptime("申请日", '%Y.%m.%d'),
                      try_strptime("申请日", '%Y-%m-%d'))::DATE AS filing_date
           FROM read_csv(?, all_varchar = true, union_by_name = true)""",
        [files],
    )
    yield con
    con.close()


def _years_fired(con: Any, on: dt.date) -> dict[int, int]:
    fired = {y: len(leads.surge_rows(con.cursor(), "TRUE", [], y, on)) for y in range(2005, 2026)}
    return {y: n for y, n in fired.items() if n}


def test_surge_rule_fires_across_the_demo_years(demo_patents: Any) -> None:
    fired = _years_fired(demo_patents, RULE_V2_DAY)
    # Not confined to the early years: the floor follows each year's applicant distribution.
    assert len(fired) >= 3 and max(fired) >= 2015 and any(y >= 2020 for y in fired), fired
    for y in fired:
        for row in leads.surge_rows(demo_patents.cursor(), "TRUE", [], y, RULE_V2_DAY):
            assert row["n"] >= row["floor"] >= 10 and row["rule_version"] == 2
            assert row["baseline"] == 0 or row["n"] >= 3 * row["baseline"]


def test_fixed_floor_of_version_1_misses_the_demo(demo_patents: Any) -> None:
    # The old fixed 30-filing floor (version 1, still the rule for scans dated before version 2).
    assert sum(_years_fired(demo_patents, dt.date(2025, 6, 1)).values()) <= 1


def test_rule_versions_by_effective_date() -> None:
    assert leads.rule("abnormal_filing_surge", dt.date(2025, 6, 1))["min_filings"] == 30
    v2 = leads.rule("abnormal_filing_surge", RULE_V2_DAY)
    assert (v2["version"], v2["min_filings"], v2["floor_quantile"]) == (2, 10, 0.99) and v2["basis"]
    assert "第 99 百分位数" in leads.explain("abnormal_filing_surge", RULE_V2_DAY)
    from ipatlas.errors import ConfigError

    with pytest.raises(ConfigError, match="没有生效的版本"):
        leads.rule("abnormal_filing_surge", dt.date(2020, 1, 1))
