"""Transfers (direction by region, holder of record), licences, open licences, insurance,
subsidies and risk compensation."""

from __future__ import annotations

from pathlib import Path

from ops_helpers import INV_A, INV_B, UTIL_D, pno, write_csv

from ipatlas.operations import import_records, net_inflow, stats, transfer_flows
from ipatlas.store.lake import Lake

CO = "重庆某某科技有限公司"
T_HEADER = ["专利号", "变更前权利人", "变更后权利人", "变更生效日", "变更后地址"]


def _transfers(tmp: Path) -> Path:
    rows = [
        # 重庆大学 (沙坪坝) -> a 江北区 company, then on to Beijing, then abroad
        [pno(INV_A), "重庆大学", "重庆江北某某有限公司", "2021-03-01", "重庆市江北区观音桥街道1号"],
        [
            pno(INV_A),
            "重庆江北某某有限公司",
            "北京某某科技有限公司",
            "2022-03-01",
            "北京市海淀区中关村大街1号",
        ],
        # holder of record is the Beijing company: a wrong 变更前权利人 is flagged, not dropped
        [pno(INV_A), "重庆大学", "Siemens AG", "2023-03-01", "德国慕尼黑"],
        # 渝北区 company -> 渝北区 company (internal)
        [
            pno(UTIL_D),
            "重庆某某科技有限公司",
            "重庆渝北另一有限公司",
            "2021-06-01",
            "重庆市渝北区金开大道9号",
        ],
        # a transferor who is not the patentee
        [pno(INV_B), "重庆路人甲有限公司", "重庆江北某某有限公司", "2018-01-01", "重庆市江北区观音桥街道1号"],
        ["ZL201410123450", "甲", "乙", "2021-01-01", ""],  # no check digit: computed, valid number
        ["ZL2014101234", "甲", "乙", "2021-01-01", ""],  # malformed
    ]
    return write_csv(tmp / "transfers.csv", T_HEADER, rows)


def test_transfer_direction_and_holder_flags(patents_settings, tmp_path: Path) -> None:
    r = import_records(patents_settings, "transfer", _transfers(tmp_path))
    assert (r["read"], r["loaded"], r["quarantined"]) == (7, 6, 1)
    con = Lake(patents_settings.lake_dir).connect()
    rows = {
        (d.isoformat(), p): (a, oa, c, flags)
        for d, p, a, oa, c, flags in con.execute(
            "SELECT event_date, patent_no, adcode, other_adcode, country, flags FROM transfers"
        ).fetchall()
    }
    a1 = rows[("2021-03-01", "CN201410123456.7")]
    assert a1[:2] == ("500105", "500106") and a1[3] == []  # 江北区 <- 沙坪坝区
    a3 = rows[("2023-03-01", "CN201410123456.7")]
    assert a3[2] == "DE" and a3[3] == ["变更前权利人与当前权利人不符（当前：北京某某科技有限公司）"]
    b = rows[("2018-01-01", "CN201510234567.X")]
    assert b[3] and "专利权人" in b[3][0]
    s = stats(con, "transfer", region="500105")
    assert (s["inflow"], s["outflow"], s["net"]) == (2, 1, 1)
    whole = stats(con, "transfer", region="500000", year=2021)
    assert whole["internal"] == 2 and whole["count"] == 2
    flows = transfer_flows(con, level="province")
    pairs = {(f["source"], f["target"]): f["count"] for f in flows}
    assert pairs[("500000", "110000")] == 1 and pairs[("500000", "ABROAD:DE")] == 1
    net = net_inflow(transfer_flows(con, level="county"))
    assert net["500105"]["net"] == net["500105"]["inflow"] - net["500105"]["outflow"]
    con.close()


def test_licences_open_licences_and_money(patents_settings, tmp_path: Path) -> None:
    lic = write_csv(
        tmp_path / "licences.csv",
        ["备案号", "许可人", "被许可人", "许可种类", "专利号", "备案日", "合同期限"],
        [
            [
                "X2021500000001",
                "重庆大学",
                "重庆江北某某有限公司",
                "独占许可",
                pno(INV_A),
                "2021-04-01",
                "2021-04-01至2026-03-31",
            ],
            [
                "X2021500000002",
                "重庆某某科技有限公司",
                "重庆江北某某有限公司",
                "普通",
                pno(UTIL_D),
                "2021-05-01",
                "",
            ],
            ["X2021500000003", "重庆某某科技有限公司", "甲", "普通", pno(INV_B), "2020-05-01", ""],  # lapsed
            ["X2021500000004", "重庆大学", "乙", "转让", pno(INV_A), "2021-04-01", ""],  # unknown type
        ],
    )
    r = import_records(patents_settings, "licence", lic)
    assert (r["loaded"], r["quarantined"], r["flagged"]) == (3, 1, 1)
    ol = write_csv(
        tmp_path / "open.csv",
        ["专利号", "专利权人", "许可使用费", "支付方式", "许可期限", "公告日"],
        [[pno(UTIL_D), "重庆某某科技有限公司", "一次性2万元", "一次性支付", "3年", "2021-02-01"]],
    )
    assert import_records(patents_settings, "open-licence", ol)["loaded"] == 1
    con = Lake(patents_settings.lake_dir).connect()
    term = con.execute(
        "SELECT term_start, term_end FROM licences WHERE filing_no = 'X2021500000001'"
    ).fetchall()
    assert [str(x) for x in term[0]] == ["2021-04-01", "2026-03-31"]
    s = stats(con, "licence", year=2021)
    assert (s["count"], s["patents"]) == (2, 2)
    o = stats(con, "open-licence", year=2021)
    assert (o["count"], o["concluded"]) == (1, 1)
    con.close()
    ins = write_csv(
        tmp_path / "ins.csv",
        ["保单号", "险种", "投保人", "专利号", "保额(万元)", "保费(万元)", "保费补贴(万元)", "起保日"],
        [
            ["P1", "专利执行保险", "重庆大学", pno(INV_A), "50", "1.5", "0.75", "2022-01-01"],
            ["P2", "海外侵权", "重庆某某科技有限公司", "", "100", "3", "1.5", "2022-02-01"],
        ],
    )
    assert import_records(patents_settings, "insurance", ins)["loaded"] == 2
    sub = write_csv(
        tmp_path / "sub.csv",
        ["申请人", "资助项目", "金额(万元)", "专利号", "拨付日期"],
        [
            ["重庆大学", "发明专利授权资助", "0.3", pno(INV_A), "2022-06-01"],
            ["重庆大学", "质押融资贴息", "-1", "", "2022-06-01"],
        ],
    )
    rs = import_records(patents_settings, "subsidy", sub)
    assert (rs["loaded"], rs["quarantined"]) == (1, 1) and rs["quarantine_sample"][0][
        "reason"
    ] == "金额不能为负"
    risk = write_csv(
        tmp_path / "risk.csv",
        ["贷款合同号", "贷款银行", "借款企业", "贷款金额(万元)", "代偿金额(万元)", "代偿日期"],
        [["L1", "重庆银行", "重庆某某科技有限公司", "500", "120", "2022-09-01"]],
    )
    assert import_records(patents_settings, "risk", risk)["loaded"] == 1
    con = Lake(patents_settings.lake_dir).connect()
    assert stats(con, "insurance", year=2022)["amount"] == 150.0
    assert stats(con, "insurance", region="500106")["amount"] == 50.0
    assert stats(con, "subsidy", year=2022)["amount"] == 0.3
    assert stats(con, "risk", year=2022)["amount"] == 120.0
    con.close()


def test_trademark_pledges_checked_against_marks(settings, tmp_path: Path) -> None:
    from ipatlas.ingest import import_file

    marks = write_csv(
        tmp_path / "tm.csv",
        ["注册号", "国际分类", "商标名称", "申请人名称", "申请人地址", "申请日期", "注册日期",
         "专用权期限截止日", "商标状态", "商标类型", "是否地理标志", "是否驰名商标"],
        [["12345678", "9", "山城", CO, "重庆市渝北区金开大道1号", "2015-01-01", "2016-01-01",
          "2026-01-01", "注册", "普通商标", "否", "否"],
         ["22345678", "9", "旧标", CO, "重庆市渝北区金开大道1号", "2005-01-01", "2006-01-01",
          "2016-01-01", "已到期", "普通商标", "否", "否"]],
    )  # fmt: skip
    assert import_file(settings, "trademarks", marks, "standard").loaded == 2
    f = write_csv(
        tmp_path / "tmp.csv",
        ["质权登记号", "商标注册号", "类别", "出质人", "质权人", "登记日期", "质押金额(万元)"],
        [["TM1", "12345678", "9", "重庆某某科技有限公司", "重庆银行股份有限公司", "2020-03-01", "80"],
         ["TM2", "22345678", "9", "重庆某某科技有限公司", "重庆银行股份有限公司", "2020-03-01", "60"],
         ["TM3", "12345678", "9", "重庆某某科技有限公司", "重庆银行股份有限公司", "2015-06-01", "40"]],
    )  # fmt: skip
    r = import_records(settings, "tm-pledge", f)
    assert (r["loaded"], r["flagged"]) == (3, 2)
    con = Lake(settings.lake_dir).connect()
    flags = dict(con.execute("SELECT reg_no, flags FROM tm_pledges").fetchall())
    assert flags == {"TM1": [], "TM2": ["登记日期商标专用权已无效或到期"], "TM3": ["登记日期商标尚未注册"]}
    assert stats(con, "tm-pledge", year=2020)["amount"] == 140.0
    con.close()
