"""Catalogue indicators over the lake table case_facts (basis ``records``): the figures of the
cube equal ``cases stats`` on the same cases, and drill down to the cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from protection_helpers import NOW, intake

from ipatlas.errors import InputError
from ipatlas.indicators import breakdown, compute_cube, compute_table, records
from ipatlas.protection.cases import act_case, actor_for, stats
from ipatlas.protection.facts import publish_facts
from ipatlas.protection.intake import create_case

IDS = [
    "case_received", "case_filed", "case_closed", "case_close_rate", "case_on_time_rate", "case_avg_workdays",
    "case_overdue", "case_mediation_success_rate", "case_referred",
]  # fmt: skip
D = dt.datetime


def test_case_indicators_from_the_lake(db: Any) -> None:
    settings, S = db
    if "postgresql" in (settings.database_url or ""):
        return  # the lake side is the same for both databases; once is enough
    with S() as s, s.begin():
        a = create_case(s, settings, intake(), actor="clerk1", now=NOW)["id"]
        b = create_case(
            s,
            settings,
            intake(respondent={"name": "乙公司"}, received_at="2026-03-03 09:00"),
            actor="clerk1",
            now=NOW,
        )["id"]
        create_case(
            s, settings, intake(received_at="2026-03-05 09:00", facts="重复"), actor="clerk1", now=NOW
        )
        m = create_case(
            s, settings, intake(kind="mediation", respondent={"name": "丙公司"}), actor="clerk1", now=NOW
        )["id"]

        def go(cid: int, action: str, by: str, at: D, **kw: Any) -> None:
            act_case(s, settings, cid, action, actor=actor_for(s, by), at=at, write_documents=False, **kw)

        go(a, "accept", "clerk1", D(2026, 3, 4))
        go(a, "withdraw", "clerk1", D(2026, 3, 5), note="撤回")
        go(a, "close", "boss", D(2026, 3, 6))
        go(b, "reject", "clerk1", D(2026, 3, 16), fields={"reason": "管辖"})
        go(b, "close", "boss", D(2026, 3, 17))
        go(m, "accept", "med", D(2026, 3, 3))
        go(m, "mediate", "med", D(2026, 3, 4), fields={"mediator": "med"})
        go(m, "mediation_agreement", "med", D(2026, 3, 20))
        go(m, "close", "med", D(2026, 3, 21))
        st = stats(s, year=2026, as_of=D(2026, 3, 31))
    publish_facts(settings, as_of=D(2026, 3, 31))
    cube = compute_table(settings, years=[2026], industries=[], indicators=IDS)
    got = {
        r["indicator"]: r["value"]
        for r in cube.to_pylist()
        if r["region_code"] == "500105" and r["industry"] == "ALL" and r["year"] == 2026
    }
    assert got["case_received"] == st["received"] == 3  # the duplicate is not counted
    assert got["case_closed"] == st["closed"] == 3
    assert got["case_on_time_rate"] == pytest.approx(100 * st["closed_on_time"] / st["closed"])
    assert got["case_avg_workdays"] == pytest.approx(st["avg_workdays_to_close"], abs=0.01)
    assert (
        got["case_mediation_success_rate"] == 100.0 and got["case_filed"] == 0 and got["case_referred"] == 0
    )
    compute_cube(settings, years=[2026], industries=[], indicators=IDS)
    page = records(settings, "500105", 2026, "case_received")
    assert page.total == 3 and {r["record_id"] for r in page.items} == {f"case-{a}", f"case-{b}", f"case-{m}"}

    # By kind × IP type (the catalogue's breakdown of case_facts): the cells sum to the cube's
    # figure and to `cases stats`, and each cell drills down to its cases.
    nums = {
        r["indicator"]: (r["numerator"], r["denominator"])
        for r in cube.to_pylist()
        if r["region_code"] == "500105" and r["industry"] == "ALL" and r["year"] == 2026
    }
    for iid in IDS:
        bd = breakdown(settings, "500105", 2026, iid)
        assert bd["by"] == ["kind", "ip_type"] and bd["labels"]["kind"] == "案件类型"
        assert sum(c["numerator"] for c in bd["cells"]) == pytest.approx(nums[iid][0] or 0.0), iid
        assert bd["total"]["value"] == pytest.approx(got[iid]) if got[iid] is not None else True
    bd = breakdown(settings, "500105", 2026, "case_received")
    cells = {(c["key"]["kind"], c["key"]["ip_type"]): c["numerator"] for c in bd["cells"]}
    assert cells == {("complaint", "trademark"): 2.0, ("mediation", "trademark"): 1.0}
    assert sum(cells.values()) == st["received"]
    closed = breakdown(settings, "500105", 2026, "case_on_time_rate")["total"]
    assert closed["denominator"] == st["closed"] and closed["numerator"] == st["closed_on_time"]
    cell = records(
        settings, "500105", 2026, "case_received", where={"kind": "mediation", "ip_type": "trademark"}
    )
    assert cell.total == 1 and cell.items[0]["record_id"] == f"case-{m}"
    with pytest.raises(InputError, match="不能按"):
        records(settings, "500105", 2026, "case_received", where={"status": "closed"})
    with pytest.raises(InputError, match="不能按记录分项"):
        breakdown(settings, "500105", 2026, "inv_per_10k_pop")


def test_breakdowns_are_checked_when_the_catalogue_loads() -> None:
    from ipatlas.errors import IndicatorError
    from ipatlas.indicators.catalog import load_catalog, parse_catalog

    assert load_catalog().breakdowns["case_facts"] == {"kind": "案件类型", "ip_type": "知识产权类型"}
    assert parse_catalog({"breakdowns": {"case_facts": {"kind": "类型"}}}).breakdowns == {
        "case_facts": {"kind": "类型"}
    }
    with pytest.raises(IndicatorError, match="not a lake fact table"):
        parse_catalog({"breakdowns": {"patents": {"kind": "类型"}}})
    with pytest.raises(IndicatorError, match="not a column name"):
        parse_catalog({"breakdowns": {"case_facts": {"Kind-1": "类型"}}})
