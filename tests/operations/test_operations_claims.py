"""贴息补助 and 风险补偿 claims on the shared workflow engine: rules as data, budgets and limits,
real pledges required, DOCX documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from ops_helpers import INV_A, PLEDGE_HEADER, UTIL_D, pledge, write_csv

from ipatlas.errors import ConflictError, InputError, PermissionDenied, TransitionNotAllowed
from ipatlas.operations import claims
from ipatlas.operations.records import import_records
from ipatlas.store import workflow as store
from ipatlas.workflow import Actor, act

BANK = "中国工商银行股份有限公司重庆分行"
UNI = "重庆大学"
ENT = Actor("ent1", "enterprise")
CLERK = Actor("clerk1", "clerk")
BOSS = Actor("boss", "approver")
HANDLER = Actor("han", "handler")
AT = dt.datetime(2026, 3, 2, 9, 0)


@pytest.fixture()
def claim_settings(patents_settings, tmp_path: Path):
    rows = [
        pledge(INV_A, "Y2025000000001", "2025-03-01", amount=300),
        pledge(INV_A, "Y2025000000002", "2025-09-01", event="生效", amount=200),
        pledge(
            UTIL_D,
            "Y2025000000003",
            "2025-04-01",
            amount=100,
            pledgor="重庆某某科技有限公司",
            grant="2020-02-01",
        ),
    ]
    import_records(patents_settings, "pledge", write_csv(tmp_path / "p.csv", PLEDGE_HEADER, rows))
    return patents_settings


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db_settings(request: pytest.FixtureRequest, claim_settings):
    """The claims on the SQLite file and on a real PostgreSQL database."""
    if request.param == "postgresql":
        return claim_settings.model_copy(update={"database_url": request.getfixturevalue("pg_url")})
    return claim_settings


def _fields(reg: str, interest: float, enterprise: str = UNI, bank: str = BANK) -> dict:
    return {"enterprise": enterprise, "bank": bank, "pledge_reg_no": reg, "year": 2025, "loan_amount": 300,
            "interest_paid": interest}  # fmt: skip


def _through_review(s, iid: int) -> None:
    act(s, iid, "accept", actor=CLERK, at=AT)


def test_interest_subsidy_limits_budgets_and_documents(any_db_settings, tmp_path: Path) -> None:
    claim_settings = any_db_settings
    with store.workflow_session(claim_settings) as s:
        c1 = claims.submit(s, claim_settings, "interest", _fields("Y2025000000001", 30), actor=ENT, at=AT)
        assert c1["state"] == "submitted" and c1["data"]["pledge_amount"] == 300
        _through_review(s, c1["id"])
        with pytest.raises((PermissionDenied, TransitionNotAllowed)):
            act(s, c1["id"], "approve", actor=ENT, at=AT, fields={"approved_amount": 99})
        a1 = claims.approve(s, c1["id"], actor=BOSS, at=AT)
        assert a1["amount"] == 15.0 and a1["binding"] == "按比例" and a1["rule"]["version"] == 1
        # second contract of the same enterprise: only 5 万元 of its 20 万元 limit are left
        c2 = claims.submit(s, claim_settings, "interest", _fields("Y2025000000002", 30), actor=ENT, at=AT)
        _through_review(s, c2["id"])
        a2 = claims.approve(s, c2["id"], actor=BOSS, at=AT)
        assert a2["amount"] == 5.0 and a2["binding"] == "企业年度限额剩余"
        st = claims.budget_status(s, "interest", 2025)
        assert st["used"] == 20.0 and st["remaining"] == 280.0 and st["by_bank"][BANK]["used"] == 20.0
        # pay: the 拨付通知书 gets the office's next number of the year
        p = claims.pay(s, c1["id"], actor=HANDLER, at=AT)
        assert (
            p["paid_amount"] == 15.0 and p["document_no"].startswith("知运拨") and "2026" in p["document_no"]
        )
        with pytest.raises(TransitionNotAllowed):
            claims.pay(s, c1["id"], actor=HANDLER, at=AT)
        doc = claims.document(s, c1["id"], tmp_path / "c1.docx")
        text = "\n".join(par.text for par in Document(str(doc)).paragraphs)
        cells = [c.text for t in Document(str(doc)).tables for r in t.rows for c in r.cells]
        assert "拨付通知书" in text and p["document_no"] in text and "15.0" in cells
        # the paid claim goes into the subsidies ledger through the real importer, once
        ledger = claims.export_paid(s, tmp_path / "paid.csv")
        assert ledger["rows"] == 1
        r = import_records(claim_settings, "subsidy", Path(ledger["file"]))
        again = import_records(claim_settings, "subsidy", Path(ledger["file"]))
        assert (r["loaded"], again["loaded"], again["duplicates"]) == (1, 0, 1)
        view = claims.claim(s, c2["id"])
        assert view["state"] == "approved" and [a["id"] for a in view["actions"]] == ["pay"]
        rules = {d["rule"]: d for d in view["deadlines"]}
        assert set(rules) == {"claim_review", "claim_payment"} and "第14条" in rules["claim_payment"]["basis"]


def test_claims_need_real_pledges_and_fresh_versions(claim_settings) -> None:
    with store.workflow_session(claim_settings) as s:
        with pytest.raises(InputError, match="不在资源库"):
            claims.submit(s, claim_settings, "interest", _fields("Y9", 10), actor=ENT, at=AT)
        with pytest.raises(InputError, match="质权人") as err:
            claims.submit(
                s, claim_settings, "interest", _fields("Y2025000000001", 10, bank="别的银行"), actor=ENT
            )
        assert err.value.context["field"] == "bank"
        with pytest.raises(InputError, match="出质人"):
            claims.submit(s, claim_settings, "interest", _fields("Y2025000000003", 10), actor=ENT, at=AT)
        with pytest.raises(InputError, match="数字"):
            claims.submit(s, claim_settings, "interest", _fields("Y2025000000001", "三十"), actor=ENT, at=AT)
        f = {**_fields("Y2025000000003", 0, enterprise="重庆某某科技有限公司"), "loss": 250}
        r = claims.submit(s, claim_settings, "risk", f, actor=ENT, at=AT)
        act(s, r["id"], "accept", actor=CLERK, at=AT)
        with pytest.raises(ConflictError):
            claims.approve(s, r["id"], actor=BOSS, at=AT, expected_version=1)
        a = claims.approve(s, r["id"], actor=BOSS, at=AT)
        assert a["amount"] == 100.0 and a["binding"] == "按比例"  # 0.4 × 250
        with pytest.raises(ConflictError):  # one claim per pledge and year
            claims.submit(s, claim_settings, "risk", f, actor=ENT, at=AT)


def test_rules_are_versioned_data() -> None:
    rules = claims.load_rules()
    assert set(rules) == {"interest_subsidy", "risk_compensation"}
    v = claims.rule_for("interest_subsidy", dt.date(2025, 1, 1))
    assert v.effective_from == dt.date(2021, 11, 20) and "第14条" in v.basis
    with pytest.raises(InputError):
        claims.rule_for("interest_subsidy", dt.date(2020, 1, 1))


def test_claim_cli(claim_settings, capsys, monkeypatch, tmp_path: Path) -> None:
    import json

    from cli_runner import invoke

    monkeypatch.setenv("IPATLAS_DATA_DIR", str(claim_settings.data_dir))
    f = [f"--field={k}={v}" for k, v in _fields("Y2025000000001", 30).items()]
    code, out, err = invoke(capsys, "operations", "claim", "submit", "--kind", "interest", *f, "--json")
    assert code == 0, err
    cid = str(json.loads(out)["id"])
    assert invoke(capsys, "operations", "claim", "act", cid, "accept", "--role", "clerk", "--json")[0] == 0
    code, out, _ = invoke(
        capsys, "operations", "claim", "act", cid, "approve", "--role", "approver", "--json"
    )
    assert code == 0 and json.loads(out)["amount"] == 15.0
    code, out, _ = invoke(
        capsys, "operations", "claim", "budget", "--kind", "interest", "--year", "2025", "--json"
    )
    assert json.loads(out)["used"] == 15.0
    code, out, _ = invoke(
        capsys, "operations", "claim", "show", cid, "--docx", str(tmp_path / "x.docx"), "--json"
    )
    assert code == 0 and (tmp_path / "x.docx").exists()
    code, out, err = invoke(
        capsys, "operations", "claim", "act", cid, "approve", "--role", "enterprise", "--json"
    )
    assert code != 0 and "Traceback" not in out + err
