"""Market entities: import with quarantine and idempotence, the migration on SQLite and
PostgreSQL, and the ``entities`` CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from market_helpers import ENTITY_HEADER, bad_check, code, write_csv
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.market.entities import check_code, import_entities, show_entity
from ipatlas.market.models import TABLES, MarketEntity, MarketQuarantine
from ipatlas.store import workflow


def _rows() -> list[list[Any]]:
    return [
        [
            code(1),
            "重庆甲科技有限公司",
            "重庆甲电子有限公司",
            "重庆市渝北区龙溪街道1号",
            "2015-03-01",
            "有限责任公司",
            "王一",
        ],
        [code(2), "重庆乙汽车股份有限公司", "", "重庆市江北区北京路1号", "2010/5/6", "股份有限公司", "李二"],
        [bad_check(code(3)), "校验位错误公司", "", "", "", "", ""],
        ["12345", "长度错误公司", "", "", "", "", ""],
        [code(4), "", "", "", "", "", ""],
        [code(5), "未来公司", "", "", "2999-01-01", "", ""],
        [
            code(1),
            "重庆甲科技有限公司",
            "重庆甲电子有限公司",
            "重庆市渝北区龙溪街道1号",
            "2015-03-01",
            "有限责任公司",
            "王一",
        ],
        [code(2), "重庆乙汽车（集团）有限公司", "", "", "", "", ""],
        [code(6), "重庆丙食品有限公司", "", "重庆市涪陵区某路", "2018年7月9日", "", ""],
    ]


def test_import_counts_quarantine_and_reimport(mk_settings: Settings, tmp_path: Path) -> None:
    workflow.migrate(mk_settings)
    engine = workflow.make_engine(mk_settings)
    try:
        assert set(TABLES) <= set(inspect(engine).get_table_names())
        f = write_csv(tmp_path / "entities.csv", ENTITY_HEADER, _rows())
        with workflow.session_factory(engine)() as s, s.begin():
            first = import_entities(s, f)
        assert (first["read"], first["loaded"], first["duplicates"], first["quarantined"]) == (9, 3, 1, 5)
        with workflow.session_factory(engine)() as s:
            q = {(r.row, r.field): r.reason for r in s.scalars(select(MarketQuarantine))}
            assert "校验位" in q[(4, "统一社会信用代码")]
            assert "18 位" in q[(5, "统一社会信用代码")]
            assert q[(6, "名称")] == "名称为空"
            assert "晚于今天" in q[(7, "成立日期")]
            assert "第 3 行重复" in q[(9, "统一社会信用代码")]
            e1 = s.get(MarketEntity, code(1))
            assert e1 is not None and e1.adcode == "500112" and e1.former_names == ["重庆甲电子有限公司"]
            assert str(e1.established) == "2015-03-01"
            e6 = s.get(MarketEntity, code(6))
            assert e6 is not None and e6.adcode == "500102" and str(e6.established) == "2018-07-09"
            snapshot = [(e.code, e.row_hash, e.updated_at) for e in s.scalars(select(MarketEntity))]
            n_quarantine = len(q)
        # Re-import: nothing changes, no quarantine row twice, no import row.
        with workflow.session_factory(engine)() as s, s.begin():
            again = import_entities(s, f)
        assert again["changed"] is False and again["import_id"] is None
        assert (again["read"], again["loaded"], again["duplicates"], again["quarantined"]) == (9, 0, 4, 5)
        with workflow.session_factory(engine)() as s:
            assert [(e.code, e.row_hash, e.updated_at) for e in s.scalars(select(MarketEntity))] == snapshot
            assert len(s.scalars(select(MarketQuarantine)).all()) == n_quarantine
    finally:
        engine.dispose()


def test_renamed_entity_keeps_former_name(session: Session, tmp_path: Path) -> None:
    f1 = write_csv(tmp_path / "a.csv", ENTITY_HEADER, [[code(7), "旧名有限公司", "", "", "", "", ""]])
    f2 = write_csv(tmp_path / "b.csv", ENTITY_HEADER, [[code(7), "新名有限公司", "", "", "", "", ""]])
    import_entities(session, f1)
    res = import_entities(session, f2)
    assert res["loaded"] == 1
    shown = show_entity(session, code(7))
    assert shown["name"] == "新名有限公司" and shown["former_names"] == ["旧名有限公司"]


def test_check_code() -> None:
    assert check_code(code(9).lower()) == code(9)
    with pytest.raises(ValueError, match="校验位"):
        check_code(bad_check(code(9)))
    with pytest.raises(ValueError, match="格式"):
        check_code("91500112MA0000000" + "I")


def test_missing_column_is_a_clear_error(session: Session, tmp_path: Path) -> None:
    from ipatlas.errors import InputError

    f = write_csv(tmp_path / "bad.csv", ["名称", "注册地址"], [["某公司", "重庆"]])
    with pytest.raises(InputError, match="统一社会信用代码") as exc:
        import_entities(session, f)
    assert "bad.csv" in exc.value.message


def test_xlsx_import(session: Session, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(ENTITY_HEADER)
    ws.append([code(11), "表格有限公司", None, "重庆市渝中区解放碑", None, None, None])
    wb.save(tmp_path / "e.xlsx")
    res = import_entities(session, tmp_path / "e.xlsx")
    assert (res["read"], res["loaded"]) == (1, 1)
    assert show_entity(session, code(11))["adcode"] == "500103"


def test_cli_import_show(cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write_csv(tmp_path / "entities.csv", ENTITY_HEADER, _rows())
    rc, out, _ = invoke(capsys, "entities", "import", str(f), "--json")
    assert rc == 0
    data = json.loads(out)
    assert {k: data[k] for k in ("read", "loaded", "duplicates", "quarantined")} == {
        "read": 9,
        "loaded": 3,
        "duplicates": 1,
        "quarantined": 5,
    }
    rc, out, _ = invoke(capsys, "entities", "show", code(2), "--json")
    assert rc == 0 and json.loads(out)["name"] == "重庆乙汽车股份有限公司"
    rc, out, err = invoke(capsys, "entities", "show", code(99), "--json")
    assert rc == 2 and json.loads(out)["error"] == "NotFoundError" and "未找到" in err
    rc, out, err = invoke(capsys, "entities", "import", str(tmp_path / "none.csv"), "--json")
    assert rc != 0 and "none.csv" in err


def test_models_match_migration_and_downgrade(mk_settings: Settings) -> None:
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from ipatlas.store.models import Base

    workflow.migrate(mk_settings)
    engine = workflow.make_engine(mk_settings)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        names = {getattr(d[1], "name", None) if isinstance(d, tuple) else None for d in diff}
        assert not names & set(TABLES), diff
        cfg = workflow.alembic_config(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004_workflow")
        assert not set(TABLES) & set(inspect(engine).get_table_names())
        workflow.migrate(mk_settings, engine=engine)
        assert set(TABLES) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
