"""The market flow on both workflow databases (SQLite file and a real PostgreSQL cluster):
entities, credit events with a repeat infringer, serious list and repair on the workflow engine,
a manual lead through its workflow, a recorded draw with results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from market_helpers import CREDIT_HEADER, ENTITY_HEADER, code, write_csv

from ipatlas.config import Settings
from ipatlas.market import credit, inspections, leads
from ipatlas.market.entities import import_entities
from ipatlas.store import workflow

D = dt.date


def test_flow_on_both_databases(mk_settings: Settings, tmp_path: Path) -> None:
    workflow.migrate(mk_settings)
    engine = workflow.make_engine(mk_settings)
    try:
        sessions = workflow.session_factory(engine)
        ents = [[code(i), f"重庆流程{i}有限公司", "", "重庆市渝北区", "", "", ""] for i in (1, 2)]
        events = [
            [code(1), "重庆流程1有限公司", "行政处罚", "商标侵权", "2021-01-05", "p1", "", "1000"],
            [code(1), "重庆流程1有限公司", "行政处罚", "商标侵权", "2026-01-05", "p2", "", "1000"],
            [code(2), "重庆流程2有限公司", "严重违法失信名单", "拒不履行", "2021-06-01", "s1", "", ""],
        ]
        with sessions() as s, s.begin():
            import_entities(s, write_csv(tmp_path / "e.csv", ENTITY_HEADER, ents))
            assert (
                credit.import_events(s, write_csv(tmp_path / "c.csv", CREDIT_HEADER, events))["loaded"] == 3
            )
        with sessions() as s, s.begin():
            # 2021-01-05 + 5 years = 2026-01-05: the second penalty is on the last day of the period.
            assert credit.credit_show(s, code(1), D(2026, 2, 1))["repeat_infringer"] is True
            rep = credit.apply_repair(s, code(2), applied_on=D(2023, 1, 3), statement="已履行", actor="ent")
            done = credit.review_repair(s, rep["id"], approve=True, on=D(2023, 1, 10), actor="boss")
            assert done["status"] == "已移出"
            assert credit.credit_show(s, code(2), D(2023, 1, 10))["serious_list"] is False
            lead = leads.add_manual(
                s, name="重庆流程1有限公司", title="举报假冒", evidence="来电", actor="ana"
            )
            assert lead["code"] == code(1)
            settings = mk_settings
            assert (
                leads.act_lead(s, settings, lead["id"], "check", actor="ana", role="analyst")["status"]
                == "核查中"
            )
            objs = inspections.Objects([code(1), code(2)], None, None)
            pool = [inspections.Inspector(f"J{i}", f"人{i}", f"科{i}") for i in range(3)]
            res = inspections.draw(objs, pool, seed="pg", count=2)
            rec = inspections.record_draw(s, res, plan_name="流程测试", actor="ana")
            for c in res["objects"]:
                inspections.enter_result(s, rec["id"], c, "未发现问题", on=D(2025, 6, 3), actor="ana")
            assert inspections.publish(s, rec["id"], on=D(2025, 6, 4), actor="ana")["late"] is False
        with sessions() as s:
            assert [d["digest"] for d in inspections.list_draws(s)] == [res["digest"]]
    finally:
        engine.dispose()
