"""Entity resolution: name keys, each matching rule with its confidence, ambiguity, analysts'
decisions that survive re-imports and re-runs, and ``entities link`` over a real lake."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from market_helpers import ENTITY_HEADER, code, write_csv, write_lake
from sqlalchemy.orm import Session

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.market.entities import import_entities, show_entity
from ipatlas.market.names import branch_parents, name_key, name_keys
from ipatlas.market.resolve import decide, link_lake, resolve, review_queue


def test_name_keys() -> None:
    assert name_key("重庆长安汽车股份有限公司") == name_key("重庆长安汽车有限责任公司") == "重庆长安汽车公司"
    assert name_key("重庆 长安（集团）有限公司") == name_key("重庆长安(集团)有限公司") == "重庆长安集团公司"
    assert name_key("ＡＢＣ科技有限公司") == "abc科技公司"
    assert name_key("  ") is None and name_key(None) is None
    keys = name_keys(["重庆甲有限公司江北分公司", "重庆甲有限公司", "某某分公司"])
    assert branch_parents(keys).to_pylist() == ["重庆甲公司", None, None]


ENTITIES = pa.table(
    {
        "code": ["A", "B", "C", "D"],
        "name": ["重庆甲科技有限公司", "重庆乙汽车股份有限公司", "重庆丙有限公司", "重庆丙有限责任公司"],
        "former_names": [["重庆甲电子有限公司"], [], [], []],
    }
)


def _resolve(names: list[str], decisions: pa.Table | None = None) -> dict[str, tuple[str | None, str, float]]:
    t = pa.table({"source": ["patents"] * len(names), "name": names})
    return {
        r["name"]: (r["code"], r["method"], r["confidence"])
        for r in resolve(t, ENTITIES, decisions).to_pylist()
    }


def test_rules_and_confidences() -> None:
    got = _resolve(
        [
            "重庆甲科技有限公司",
            "重庆甲科技有限责任公司",
            "重庆甲电子有限公司",
            "重庆乙汽车有限公司渝北分公司",
            "重庆甲电子有限公司北碚分公司",
            "重庆丙有限公司",
            "重庆丙股份有限公司",
            "张三",
        ]
    )
    assert got["重庆甲科技有限公司"] == ("A", "exact", 1.0)
    assert got["重庆甲科技有限责任公司"] == ("A", "normalised", 0.95)
    assert got["重庆甲电子有限公司"] == ("A", "former", 0.85)
    assert got["重庆乙汽车有限公司渝北分公司"] == ("B", "branch", 0.8)
    assert got["重庆甲电子有限公司北碚分公司"] == ("A", "branch_former", 0.7)
    # Exact beats the normalised key that two entities share; otherwise it is ambiguous.
    assert got["重庆丙有限公司"] == ("C", "exact", 1.0)
    assert got["重庆丙股份有限公司"] == (None, "ambiguous", 0.25)
    assert got["张三"] == (None, "none", 0.0)


def test_decisions_override() -> None:
    dec = pa.table(
        {
            "key": [name_key("重庆丙股份有限公司"), name_key("重庆甲科技有限责任公司")],
            "code": ["D", "A"],
            "decision": ["confirm", "split"],
        }
    )
    got = _resolve(["重庆丙股份有限公司", "重庆甲科技有限责任公司"], dec)
    assert got["重庆丙股份有限公司"] == ("D", "confirmed", 1.0)
    assert got["重庆甲科技有限责任公司"] == (None, "none", 0.0)


def test_link_lake_and_decisions_survive(session: Session, settings: Settings, tmp_path: Path) -> None:
    rows = [
        [code(1), "重庆甲科技有限公司", "重庆甲电子有限公司", "重庆市渝北区", "", "", ""],
        [code(2), "重庆丙有限公司", "", "", "", "", ""],
        [code(3), "重庆丙有限责任公司", "", "", "", "", ""],
    ]
    f = write_csv(tmp_path / "e.csv", ENTITY_HEADER, rows)
    import_entities(session, f)
    write_lake(
        settings,
        [
            ["重庆甲科技有限公司", "重庆大学"],
            ["重庆甲电子有限公司"],
            ["重庆丙股份有限公司"],
            ["重庆甲科技有限公司"],
        ],
        owners=["重庆甲科技有限责任公司", "张三"],
    )
    res = link_lake(session, settings)
    assert res["names"] == 6 and res["linked"] == 3
    assert res["by_method"] == {"ambiguous": 1, "exact": 1, "former": 1, "none": 2, "normalised": 1}
    shown = show_entity(session, code(1))
    assert {(lk["source"], lk["name"], lk["records"]) for lk in shown["links"]} == {
        ("patents", "重庆甲科技有限公司", 2),
        ("patents", "重庆甲电子有限公司", 1),
        ("trademarks", "重庆甲科技有限责任公司", 1),
    }
    assert next(q["name"] for q in review_queue(session)) == "重庆丙股份有限公司"
    out = decide(session, "重庆丙股份有限公司", code(3), "confirm", actor="ana")
    assert out["links_updated"] == 1
    decide(session, "重庆甲电子有限公司", code(1), "split", actor="ana")
    # Re-import the registry and re-run the resolution: the decisions hold.
    import_entities(session, f)
    link_lake(session, settings)
    assert {lk["name"] for lk in show_entity(session, code(3))["links"]} == {"重庆丙股份有限公司"}
    assert "重庆甲电子有限公司" not in {lk["name"] for lk in show_entity(session, code(1))["links"]}
    from ipatlas.errors import InputError, NotFoundError

    with pytest.raises(InputError):
        decide(session, "x", code(1), "maybe", actor="ana")
    with pytest.raises(NotFoundError):
        decide(session, "x", code(50), "confirm", actor="ana")


def test_cli_link(cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write_csv(tmp_path / "e.csv", ENTITY_HEADER, [[code(1), "重庆甲科技有限公司", "", "", "", "", ""]])
    write_lake(cli_env, [["重庆甲科技有限公司"]])
    assert invoke(capsys, "entities", "import", str(f), "--json")[0] == 0
    rc, out, _ = invoke(capsys, "entities", "link", "--json")
    assert rc == 0 and json.loads(out)["linked"] == 1
    rc, out, _ = invoke(capsys, "entities", "link", "--source", "nothing", "--json")
    assert rc == 1 and json.loads(out)["error"] == "InputError"
