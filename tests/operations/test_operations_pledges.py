"""Pledges: the CNIPA announcement layout, quarantine, flags, contracts and their figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ops_helpers import INV_A, INV_B, INV_C, PLEDGE_HEADER, UTIL_D, cn, pledge, pno, write_csv

from ipatlas.errors import IngestError
from ipatlas.operations import import_records, stats
from ipatlas.store.lake import Lake

BANK = "中国工商银行股份有限公司重庆分行"
CO = "重庆某某科技有限公司"


def _rows() -> list[list]:
    return [
        # contract 1: two patents, the ledger repeats the amount on both rows -> counted once
        pledge(INV_A, "Y2020500000001", "2020-05-06", amount=500),
        pledge(UTIL_D, "Y2020500000001", "2020-05-06", amount=500, pledgor=CO, grant="2020-02-01"),
        # contract 2: a patent that lapsed in 2019 -> flagged
        pledge(INV_B, "Y2020500000002", "2020-07-01", amount=300, pledgor=CO, grant="2017-05-10"),
        # contract 3: INV_A again while contract 1 is not released -> flagged; amount looks like 元
        pledge(INV_A, "Y2021500000003", "2021-01-06", amount=2_000_000),
        # contract 4: pending patent -> flagged (not granted); the row's own dates are blank
        pledge(INV_C, "Y2021500000004", "2021-03-01", amount=100, pledgor=CO, grant=""),
        # release of contract 1 in 2022
        pledge(INV_A, "Y2020500000001", "2022-05-06", event="注销"),
        pledge(UTIL_D, "Y2020500000001", "2022-05-06", event="注销", pledgor=CO, grant="2020-02-01"),
        # bad rows
        [
            "G06F16/24",
            "ZL201410123456.3",
            "2014-03-05",
            "2016-01-20",
            "Y9",
            "2020-05-06",
            "甲",
            BANK,
            "x",
            "生效",
            "",
        ],
        pledge(INV_A, "", "2020-05-06"),
        pledge(INV_A, "Y2020500000009", "2015-05-06"),  # before the grant date on the row
        pledge(INV_A, "Y2020500000010", "2020-05-06", event="冻结"),
        pledge(INV_A, "Y2020500000011", "2020-05-06", amount="五百"),
        # an exact repeat of the first row -> duplicate
        pledge(INV_A, "Y2020500000001", "2020-05-06", amount=500),
    ]


def test_import_counts_quarantine_and_flags(patents_settings, tmp_path: Path) -> None:
    f = write_csv(tmp_path / "pledges.csv", PLEDGE_HEADER, _rows())
    r = import_records(patents_settings, "pledge", f)
    assert (r["read"], r["loaded"], r["duplicates"], r["quarantined"]) == (13, 7, 1, 5)
    assert r["read"] == r["loaded"] + r["duplicates"] + r["quarantined"]
    reasons = r["quarantine_reasons"]
    assert reasons == {
        "专利号校验位错误": 1,
        "缺少登记号": 1,
        "登记生效日早于授权公告日（专利权尚未授权，不能质押）": 1,
        "未知事件类型": 1,
        "金额格式错误": 1,
    }
    con = Lake(patents_settings.lake_dir).connect()
    got = {
        (reg, p, ev): (flags, linked, adcode)
        for reg, p, ev, flags, linked, adcode in con.execute(
            "SELECT reg_no, patent_no, event, flags, linked, adcode FROM pledges"
        ).fetchall()
    }
    assert got[("Y2020500000001", cn(INV_A), "effective")] == ([], True, "500106")  # 沙坪坝区 via the patent
    assert got[("Y2020500000001", cn(UTIL_D), "effective")][2] == "500112"  # 渝北区
    assert "终止或失效" in got[("Y2020500000002", cn(INV_B), "effective")][0][0]
    f3 = got[("Y2021500000003", cn(INV_A), "effective")][0]
    assert any("Y2020500000001 尚未注销" in x for x in f3) and any("疑似以元为单位" in x for x in f3)
    assert got[("Y2021500000004", cn(INV_C), "effective")][0] == ["登记生效日专利权尚未授权"]
    assert r["flagged"] == 3
    # Quarantine rows name row, field and reason.
    bad = con.execute("SELECT source_row, field, reason FROM quarantine ORDER BY source_row").fetchall()
    assert bad[0] == (9, "专利号", "专利号校验位错误")
    con.close()


def test_reimport_changes_nothing(patents_settings, tmp_path: Path) -> None:
    f = write_csv(tmp_path / "pledges.csv", PLEDGE_HEADER, _rows())
    import_records(patents_settings, "pledge", f)
    lake = Lake(patents_settings.lake_dir)
    keep = ("pledges", "pledge_contracts", "hv_pledge_patents", "quarantine")
    tables = json.loads((lake.root / "_manifest.json").read_text())["tables"]
    before = {t: tables.get(t) for t in keep}
    assert before["pledge_contracts"]["rows"] == 4
    again = import_records(patents_settings, "pledge", f)
    assert (again["loaded"], again["duplicates"], again["quarantined"]) == (0, 8, 5)
    from ipatlas.operations.publish import publish_facts

    assert publish_facts(patents_settings) == {}  # the derived tables are current: nothing rewritten
    tables = json.loads((lake.root / "_manifest.json").read_text())["tables"]
    assert {t: tables.get(t) for t in keep} == before


def test_contract_figures(patents_settings, tmp_path: Path) -> None:
    f = write_csv(tmp_path / "pledges.csv", PLEDGE_HEADER, _rows())
    import_records(patents_settings, "pledge", f)
    con = Lake(patents_settings.lake_dir).connect()
    s2020 = stats(con, "pledge", year=2020)
    assert (s2020["count"], s2020["patents"], s2020["amount"]) == (2, 3, 800.0)
    s2021 = stats(con, "pledge", year=2021)
    assert (s2021["count"], s2021["patents"]) == (2, 2)
    # Region: contract 1's region is its first patent's pledgor (重庆大学, 沙坪坝区).
    sp = stats(con, "pledge", region="500106", year=2020)
    assert (sp["count"], sp["amount"]) == (1, 500.0)
    assert stats(con, "pledge", region="500112", year=2020)["count"] == 1
    assert stats(con, "pledge", region="500000")["count"] == 4
    assert stats(con, "pledge", region="110000")["count"] == 0
    con.close()


def test_amounts_in_yuan_are_asked_then_converted(patents_settings, tmp_path: Path) -> None:
    rows = [
        pledge(INV_A, f"Y20205000001{i:02d}", f"2020-0{i}-01", amount=amt, event="生效" if i == 1 else "变更")
        for i, amt in [(1, 5_000_000), (2, 8_000_000), (3, 3_000_000)]
    ]
    f = write_csv(tmp_path / "ledger.csv", PLEDGE_HEADER, rows)
    before = Lake(patents_settings.lake_dir).manifest()
    with pytest.raises(IngestError) as err:
        import_records(patents_settings, "pledge", f)
    assert "--amount-unit" in err.value.message and "质押金额(万元)" in err.value.message
    assert Lake(patents_settings.lake_dir).manifest() == before  # nothing written
    r = import_records(patents_settings, "pledge", f, amount_unit="元")
    assert r["loaded"] == 3
    con = Lake(patents_settings.lake_dir).connect()
    assert sorted(x[0] for x in con.execute("SELECT amount FROM pledges").fetchall()) == [300.0, 500.0, 800.0]
    con.close()


def test_release_profile_and_units_in_text(patents_settings, tmp_path: Path) -> None:
    f = write_csv(
        tmp_path / "p.csv", PLEDGE_HEADER, [pledge(INV_A, "Y2020500000001", "2020-05-06", amount="1200万元")]
    )
    import_records(patents_settings, "pledge", f)
    header = [
        "主分类号",
        "专利号",
        "申请日",
        "授权公告日",
        "登记号",
        "解除日",
        "出质人",
        "质权人",
        "发明名称",
    ]
    rel = write_csv(
        tmp_path / "release.csv",
        header,
        [
            [
                "G06F16/24",
                pno(INV_A),
                "2014-03-05",
                "2016-01-20",
                "Y2020500000001",
                "2021-05-06",
                "重庆大学",
                BANK,
                "x",
            ]
        ],
    )
    # no --profile: the 注销 layout (解除日, no 事件类型) is recognised from the header
    r = import_records(patents_settings, "pledge", rel)
    assert r["loaded"] == 1 and r["profile"] == "cnipa_release"
    con = Lake(patents_settings.lake_dir).connect()
    from ipatlas.operations import contracts_sql

    row = con.execute(f"SELECT start_date, released_date, amount FROM ({contracts_sql()})").fetchall()
    assert [(str(a), str(b), c) for a, b, c in row] == [("2020-05-06", "2021-05-06", 1200.0)]
    con.close()


def test_control_characters_and_overlong_values_are_quarantined(patents_settings, tmp_path: Path) -> None:
    """The patent tables' hygiene rule holds for operation records too: a control character (it
    breaks XLSX/DOCX/PDF exports) or a value past its field's limit quarantines the row."""
    rows = [
        pledge(INV_A, "Y2020500000001", "2020-05-06", amount=500),
        pledge(INV_A, "Y2020500000002", "2020-05-06", pledgor="重庆\x0b大学"),
        pledge(INV_A, "Y2020500000003", "2020-05-06", pledgee="银" * 2_001),
        pledge(INV_A, "Y2020500000004", "2020-05-06", pledgor="  重庆大学 "),  # blanks are trimmed
    ]
    f = write_csv(tmp_path / "pledges.csv", PLEDGE_HEADER, rows)
    r = import_records(patents_settings, "pledge", f)
    assert (r["read"], r["loaded"], r["quarantined"]) == (4, 2, 2)
    con = Lake(patents_settings.lake_dir).connect()
    bad = con.execute("SELECT source_row, field, reason, value FROM quarantine ORDER BY 1").fetchall()
    assert [b[:3] for b in bad] == [
        (3, "出质人", "含控制字符（如 NUL、垂直制表符）"),
        (4, "质权人", "字段过长（上限 2000 字符）"),
    ]
    assert bad[0][3] == "重庆\ufffd大学" and bad[1][3].endswith("…（共 2001 字符）")
    trimmed = con.execute("SELECT pledgor FROM pledges WHERE reg_no = 'Y2020500000004'").fetchall()
    assert trimmed == [("重庆大学",)]
    con.close()


def test_an_office_loan_ledger_is_recognised_by_its_header(patents_settings, tmp_path: Path) -> None:
    """A ledger in the office's own words (借款企业, 贷款银行, 贷款金额（元）, 放款日期), no event
    column: every row is a pledge that took effect, and the amounts are converted from 元."""
    header = ["质押登记号", "专利号", "借款企业", "贷款银行", "贷款金额（元）", "放款日期"]
    rows = [["Y2020500000001", pno(INV_A), "重庆大学", BANK, "5,000,000", "2020-05-06"]]
    r = import_records(patents_settings, "pledge", write_csv(tmp_path / "ledger.csv", header, rows))
    assert (r["read"], r["loaded"], r["quarantined"], r["profile"]) == (1, 1, 0, "auto")
    con = Lake(patents_settings.lake_dir).connect()
    got = con.execute("SELECT reg_no, event, pledgor, pledgee, amount FROM pledges").fetchall()
    assert got == [("Y2020500000001", "effective", "重庆大学", BANK, 500.0)]
    con.close()
    with pytest.raises(IngestError, match="借款人"):  # no pledgor column: the names it looked for
        import_records(patents_settings, "pledge", write_csv(tmp_path / "x.csv", header[:2], [rows[0][:2]]))
