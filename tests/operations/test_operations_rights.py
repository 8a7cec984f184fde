"""Copyright (works, software) and plant-variety registrations; the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from ops_helpers import INV_A, PLEDGE_HEADER, pledge, write_csv

from cli_runner import invoke
from ipatlas.operations import import_records, stats
from ipatlas.store.lake import Lake


def test_works_software_varieties(settings, tmp_path: Path) -> None:
    works = write_csv(
        tmp_path / "works.csv",
        [
            "登记号",
            "作品名称",
            "作品类别",
            "著作权人",
            "创作完成日期",
            "首次发表日期",
            "登记日期",
            "著作权人地址",
        ],
        [
            [
                "渝作登字-2024-F-00000001",
                "山城夜色",
                "美术",
                "张三",
                "2023-10-01",
                "2023-11-01",
                "2024-01-05",
                "重庆市渝中区解放碑1号",
            ],
            [
                "渝作登字-2024-A-00000002",
                "巴渝往事",
                "文字",
                "重庆某某文化传媒有限公司；李四",
                "2023-12-01",
                "",
                "2024-02-05",
                "",
            ],
            [
                "渝作登字-2024-A-00000003",
                "错日期",
                "文字",
                "王五",
                "2024-03-01",
                "2024-01-01",
                "2024-04-01",
                "",
            ],
            ["", "无登记号", "文字", "王五", "2024-03-01", "", "2024-04-01", ""],
        ],
    )
    r = import_records(settings, "work", works)
    assert (r["read"], r["loaded"], r["quarantined"]) == (4, 2, 2)
    assert set(r["quarantine_reasons"]) == {"首次发表日期早于创作完成日期", "缺少登记号"}
    sw = write_csv(
        tmp_path / "software.csv",
        ["登记号", "软件全称", "软件简称", "版本号", "著作权人", "开发完成日期", "首次发表日期", "登记日期"],
        [
            [
                "2024SR0000001",
                "山城智慧停车管理系统",
                "停车",
                "V1.0",
                "重庆市渝北区某某软件有限公司",
                "2023-12-01",
                "",
                "2024-01-10",
            ],
            [
                "2024sr 0000002",
                "某某平台",
                "",
                "V2.0",
                "北京某某科技有限公司",
                "2023-12-01",
                "",
                "2024-02-10",
            ],
        ],
    )
    assert import_records(settings, "software", sw)["loaded"] == 2
    va = write_csv(
        tmp_path / "varieties.csv",
        ["品种权号", "品种名称", "属或种", "品种权人", "培育人", "申请日", "授权日", "状态"],
        [
            [
                "CNA20191234.5",
                "渝香优1号",
                "水稻",
                "重庆市农业科学院",
                "赵六",
                "2019-03-01",
                "2022-07-01",
                "有效",
            ],
            ["CNA20181111.1", "渝早黄", "柑橘属", "西南大学", "钱七", "2018-03-01", "2021-07-01", "终止"],
            ["CNA20181111.2", "错", "柑橘属", "西南大学", "钱七", "2022-03-01", "2021-07-01", "有效"],
        ],
    )
    rv = import_records(settings, "variety", va)
    assert (rv["loaded"], rv["quarantined"]) == (2, 1)
    con = Lake(settings.lake_dir).connect()
    placed = dict(con.execute("SELECT reg_no, adcode FROM works").fetchall())
    assert placed["渝作登字-2024-F-00000001"] == "500103"  # 渝中区 from the address
    owners = dict(con.execute("SELECT reg_no, city_code FROM software").fetchall())
    assert owners == {"2024SR0000001": "500000", "2024SR0000002": "110000"}  # blanks removed, upper case
    types = dict(con.execute("SELECT right_no, holder_type FROM varieties").fetchall())
    assert types == {"CNA20191234.5": "institute", "CNA20181111.1": "university"}
    assert stats(con, "work", region="500000", year=2024)["count"] == 2
    assert stats(con, "variety", year=2022)["count"] == 1
    con.close()


def test_cli_import_and_stats_json(patents_settings, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(patents_settings.data_dir))
    f = write_csv(
        tmp_path / "p.csv", PLEDGE_HEADER, [pledge(INV_A, "Y2020500000001", "2020-05-06", amount=500)]
    )
    code, out, _ = invoke(capsys, "operations", "import", str(f), "--kind", "pledge", "--json")
    assert code == 0
    data = json.loads(out)
    assert {k: data[k] for k in ("read", "loaded", "duplicates", "quarantined")} == {
        "read": 1,
        "loaded": 1,
        "duplicates": 0,
        "quarantined": 0,
    }
    code, out, _ = invoke(
        capsys, "operations", "stats", "--kind", "pledge", "--region", "500106", "--year", "2020", "--json"
    )
    assert code == 0
    s = json.loads(out)
    assert (s["count"], s["patents"], s["amount"]) == (1, 1, 500.0)
    # Bad input: one clear line, no traceback.
    code, out, err = invoke(capsys, "operations", "stats", "--kind", "loan", "--json")
    assert code != 0 and "未知的记录类型" in out + err and "Traceback" not in out + err
    code, out, err = invoke(
        capsys, "operations", "import", str(tmp_path / "none.csv"), "--kind", "pledge", "--json"
    )
    assert code != 0 and "none.csv" in out + err
    missing = write_csv(tmp_path / "m.csv", ["专利号", "登记号"], [["x", "y"]])
    code, out, err = invoke(capsys, "operations", "import", str(missing), "--kind", "pledge", "--json")
    assert code != 0 and "无法自动识别字段映射" in out + err and "出质人" in out + err
    args = ("operations", "import", str(missing), "--kind", "pledge", "--profile", "standard", "--json")
    code, out, err = invoke(capsys, *args)
    assert code != 0 and "缺少必需的列" in out + err
    code, out, _ = invoke(capsys, "rights", "stats", "--kind", "pledge", "--json")
    assert code != 0
