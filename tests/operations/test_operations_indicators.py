"""The catalogue's operations and rights indicators over the published fact tables, worked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from ops_helpers import INV_A, INV_B, PLEDGE_HEADER, UTIL_D, pledge, pno, write_csv

from ipatlas.indicators import compute_cube, compute_table, records
from ipatlas.operations import import_records

IDS = [
    "ops_pledge_contracts", "ops_pledge_patents", "ops_pledge_amount", "ops_transfer_in",
    "ops_transfer_out",
    "ops_transfer_net", "ops_licences", "ops_uni_conversion", "rights_varieties_granted",
    "rights_varieties_valid",
    "rights_works_stock",
    "hv_crit_pledged_amount",
]  # fmt: skip
CO = "重庆某某科技有限公司"


@pytest.fixture()
def ops_lake(patents_settings, tmp_path: Path):
    s = patents_settings
    rows = [
        pledge(INV_A, "Y1", "2020-05-06", amount=500),  # 沙坪坝 500106
        pledge(UTIL_D, "Y1", "2020-05-06", amount=500, pledgor=CO, grant="2020-02-01"),
        pledge(UTIL_D, "Y2", "2021-05-06", amount=200, pledgor=CO, grant="2020-02-01"),  # 渝北 500112
    ]
    import_records(s, "pledge", write_csv(tmp_path / "p.csv", PLEDGE_HEADER, rows))
    t = [
        [
            pno(INV_A),
            "重庆大学",
            "重庆江北某某有限公司",
            "2021-03-01",
            "重庆市江北区观音桥街道1号",
        ],  # 106 -> 105
        [pno(UTIL_D), CO, "重庆江北某某有限公司", "2021-06-01", "重庆市江北区观音桥街道1号"],  # 112 -> 105
        [pno(INV_B), CO, "重庆渝北另一有限公司", "2021-07-01", "重庆市渝北区金开大道9号"],  # 112 -> 112
    ]
    import_records(
        s,
        "transfer",
        write_csv(
            tmp_path / "t.csv", ["专利号", "变更前权利人", "变更后权利人", "变更生效日", "变更后地址"], t
        ),
    )
    lic = [["X1", "重庆大学", "甲公司", "普通许可", pno(INV_A), "2021-04-01"]]
    import_records(
        s,
        "licence",
        write_csv(tmp_path / "l.csv", ["备案号", "许可人", "被许可人", "许可种类", "专利号", "备案日"], lic),
    )
    va = [
        [
            "CNA1",
            "渝1号",
            "水稻",
            "重庆市农业科学院",
            "2019-01-01",
            "2020-07-01",
            "有效",
            "",
            "重庆市九龙坡区白市驿镇",
        ],
        [
            "CNA2",
            "渝2号",
            "水稻",
            "重庆市农业科学院",
            "2019-01-01",
            "2020-07-01",
            "终止",
            "2021-06-01",
            "重庆市九龙坡区白市驿镇",
        ],
    ]
    header = [
        "品种权号",
        "品种名称",
        "属或种",
        "品种权人",
        "申请日",
        "授权日",
        "状态",
        "终止日期",
        "品种权人地址",
    ]
    import_records(s, "variety", write_csv(tmp_path / "v.csv", header, va), allowed=("variety",))
    wk = [["W1", "作品", "文字", "张三", "2019-01-01", "", "2019-03-01", "重庆市渝中区解放碑1号"]]
    wh = [
        "登记号",
        "作品名称",
        "作品类别",
        "著作权人",
        "创作完成日期",
        "首次发表日期",
        "登记日期",
        "著作权人地址",
    ]
    import_records(s, "work", write_csv(tmp_path / "w.csv", wh, wk))
    return s


def test_operations_indicators_by_hand(ops_lake) -> None:
    cube = compute_table(ops_lake, years=range(2019, 2022), industries=[], indicators=IDS)
    got = {
        (r["region_code"], r["indicator"], r["year"]): r["value"]
        for r in cube.to_pylist()
        if r["industry"] == "ALL"
    }
    cq = "500000"
    assert [got[(cq, "ops_pledge_contracts", y)] for y in (2020, 2021)] == [1, 1]
    assert [got[(cq, "ops_pledge_patents", y)] for y in (2020, 2021)] == [2, 1]
    assert [got[(cq, "ops_pledge_amount", y)] for y in (2020, 2021)] == [500, 200]  # once per contract
    assert (
        got[("500106", "ops_pledge_amount", 2020)] == 500
        and got[("500112", "ops_pledge_contracts", 2021)] == 1
    )
    assert got[("500105", "ops_transfer_in", 2021)] == 2 and got[("500105", "ops_transfer_net", 2021)] == 2
    assert got[("500112", "ops_transfer_out", 2021)] == 2 and got[("500112", "ops_transfer_net", 2021)] == -1
    assert got[("500106", "ops_transfer_net", 2021)] == -1
    assert got[(cq, "ops_transfer_net", 2021)] == 0 and got[(cq, "ops_transfer_in", 2021)] == 3
    assert got[(cq, "ops_licences", 2021)] == 1
    # 重庆大学: 1 transfer out + 1 licence in 2021 over its 1 valid patent (INV_A) -> 200 %
    assert got[("500106", "ops_uni_conversion", 2021)] == pytest.approx(200.0)
    assert [got[("500107", "rights_varieties_valid", y)] for y in (2019, 2020, 2021)] == [0, 2, 1]
    assert got[("500107", "rights_varieties_granted", 2020)] == 2
    assert [got[("500103", "rights_works_stock", y)] for y in (2019, 2020, 2021)] == [1, 1, 1]
    # INV_A's share of contract Y1 (500 万元 over 2 patents) reaches the 100 万元 threshold in 2020
    assert [got[("500106", "hv_crit_pledged_amount", y)] for y in (2019, 2020, 2021)] == [0, 1, 1]
    assert got[("500112", "hv_crit_pledged_amount", 2021)] == 0  # UTIL_D is a utility model
    compute_cube(ops_lake, years=range(2020, 2021), industries=[], indicators=["ops_pledge_amount"])
    page = records(ops_lake, "500000", 2020, "ops_pledge_amount")
    assert page.total == 1 and page.weight_total == 500 and page.items[0]["reg_no"] == "Y1"
