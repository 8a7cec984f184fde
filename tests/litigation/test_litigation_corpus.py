"""The corpus in the lake: import, dedup, quarantine, re-import, statistics, products, CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.litigation.corpus import import_dir, read_judgments
from ipatlas.litigation.firms import firm_group, firm_profile, lawyer_profile, match_lawyers, profile_docx
from ipatlas.litigation.leads import business_leads, leads_csv, typical_cases
from ipatlas.litigation.stats import court_statistics
from ipatlas.store.lake import Lake

SAMPLE = [
    "051abf3537",
    "059a8a633e",
    "5e12dc81cc",
    "6f8656cb92",
    "77a9fb2c00",
    "1e674c5327",
    "ed8e4ac3d1",
    "fc2f1fbf8b",
]


@pytest.fixture()
def folder(tmp_path: Path, shared_dir: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for fid in SAMPLE:
        shutil.copy(shared_dir / "data" / "judgments" / "texts" / f"{fid}.txt", d / f"{fid}.txt")
    shutil.copy(d / "059a8a633e.txt", d / "copy-of-059a8a633e.txt")  # same case number + court
    (d / "notes.txt").write_text("会议纪要：没有案号的文字。", encoding="utf-8")
    return d


def test_import_dedup_quarantine_and_reimport(settings: Settings, folder: Path) -> None:
    res = import_dir(settings, folder)
    assert (res["read"], res["loaded"], res["duplicates"], res["quarantined"]) == (10, 8, 1, 1)
    assert res["read"] == res["loaded"] + res["duplicates"] + res["quarantined"]
    assert res["quarantine"][0]["file"].endswith("notes.txt")
    lake = Lake(settings.lake_dir)
    seq = lake.manifest()["seq"]
    again = import_dir(settings, folder)
    assert (again["loaded"], again["duplicates"], again["quarantined"], again["changed"]) == (0, 9, 1, False)
    assert lake.manifest()["seq"] == seq  # nothing written
    rows = read_judgments(settings)
    assert len(rows) == 8
    haidian = next(r for r in rows if r["court"] == "北京市海淀区人民法院")
    assert (haidian["adcode"], haidian["province_code"]) == ("110108", "110000")
    assert haidian["typical_case"] is True  # came with a 典型案例 commentary


def test_statistics_profiles_leads(settings: Settings, folder: Path) -> None:
    import_dir(settings, folder)
    st = court_statistics(settings, by="court", court="长沙市中级人民法院")
    (row,) = st["rows"]
    assert row["judgments"] == 3
    assert row["plaintiff_win_rate"] == 1.0
    assert row["award_median"] == 7000.0
    by_year = court_statistics(settings, by="year", year=2015)
    assert by_year["total"] == sum(r["judgments"] for r in by_year["rows"]) > 0

    assert (
        firm_group("北京市盈科（济南）律师事务所")
        == firm_group("北京盈科（昆明）律师事务所")
        == "北京盈科律师事务所"
    )
    prof = firm_profile(settings, "北京盈科律师事务所")
    assert prof["cases_total"] == 3
    assert set(prof["branches"]) == {
        "北京市盈科（济南）律师事务所",
        "北京盈科（昆明）律师事务所",
        "北京盈科（成都）律师事务所",
    }
    assert prof["by_side"] == {"原告": 3}
    assert prof["damages_won"] == 25000.0
    assert profile_docx(prof)[:2] == b"PK"
    assert lawyer_profile(settings, "鲁悦")["cases_total"] == 2
    top = match_lawyers(settings, cause="侵害商标权纠纷", court="长沙市中级人民法院")
    assert top[0]["same_court"] >= 2

    leads = business_leads(settings, role="rights_holder")
    names = [x["name"] for x in leads["leads"]]
    assert names[0] == "上海家化联合股份有限公司"  # two cases
    assert "上海家化联合股份有限公司" in leads_csv(leads)
    assert business_leads(settings, role="rights_holder", without_counsel=True)["total"] == 0
    sued = business_leads(settings, role="defendant", min_cases=2)
    assert sued["total"] == 0
    typical = typical_cases(settings)
    assert {t["case_number"] for t in typical} >= {
        "（2014）海民（知）初字第21033号",
        "（2012）川民终字第208号",
    }
    assert typical_cases(settings, q="滴滴")[0]["case_number"] == "（2014）海民（知）初字第21033号"


def test_cli_json(
    settings: Settings,
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    code, out, _ = invoke(capsys, "judgments", "parse", str(folder / "051abf3537.txt"), "--json")
    assert code == 0 and json.loads(out)["case_number"] == "（2015）京知民终第00114号"
    code, out, _ = invoke(
        capsys, "judgments", "parse", str(folder / "051abf3537.txt"), str(folder / "notes.txt"), "--json"
    )
    both = json.loads(out)
    assert [b["case_number"] for b in both] == ["（2015）京知民终第00114号", None]
    code, out, _ = invoke(capsys, "judgments", "import", str(folder), "--json")
    assert code == 0 and json.loads(out)["loaded"] == 8
    code, out, _ = invoke(capsys, "judgments", "stats", "--year", "2015", "--json")
    assert code == 0 and json.loads(out)["filters"]["year"] == 2015
    docx_path = tmp_path / "p.docx"
    code, out, _ = invoke(capsys, "firms", "show", "湖南崇民律师事务所", "--docx", str(docx_path), "--json")
    assert code == 0 and json.loads(out)["cases_total"] == 3 and docx_path.read_bytes()[:2] == b"PK"
    code, out, _ = invoke(capsys, "firms", "match", "--court", "长沙市中级人民法院", "--json")
    assert code == 0 and json.loads(out)[0]["name"] == "鲁悦"
    code, out, _ = invoke(capsys, "firms", "show", "不存在律师事务所", "--json")
    assert code == 2 and json.loads(out)["error"] == "NotFoundError"
    code, out, _ = invoke(capsys, "judgments", "import", str(tmp_path / "nope"), "--json")
    assert code != 0 and "nope" in json.loads(out)["message"]


def test_bench_cli_small(
    folder: Path, capsys: pytest.CaptureFixture[str], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    (folder / "notes.txt").unlink()
    code, out, _ = invoke(capsys, "bench", "judgments", "--dir", str(folder), "--rounds", "1", "--json")
    res = json.loads(out)
    assert code == 0 and res["files"] == 9 and res["parsed_with_case_number"] == 1.0
    assert (
        res["parser_per_s_per_core"] > 0 and res["baseline_read_regex_per_s"] > res["parser_per_s_per_core"]
    )
    assert res["firm_profile"]["requests"] == 60


def test_demo_imports_the_shared_judgments_once(settings: Settings) -> None:
    from ipatlas.demo.litigation import import_shared_judgments

    first = import_shared_judgments(settings)
    assert first is not None and first["loaded"] == 100 and first["quarantined"] == 0
    again = import_shared_judgments(settings)
    assert again is not None and (again["changed"], again["duplicates"]) == (False, 100)
    assert not any(r["is_demo"] for r in read_judgments(settings))  # real texts, not 演示数据


def _resource_base(settings: Settings) -> None:
    """Two patents and three trademarks of one litigating rights holder (hand-made rows)."""
    import datetime as dt

    import pyarrow as pa

    from ipatlas.store.schema import arrow_schema

    lineage = {"import_id": "t", "source_hash": "x", "source_row": 1, "record_hash": "h", "is_demo": True}
    holder = "上海家化联合股份有限公司"
    patents = [
        {"app_no": f"CN20191000000{i}.1", "kind": "invention", "filing_date": dt.date(2019, 1, i + 1),
         "applicants": [holder], "first_applicant": holder, "ipc_main": ipc, "adcode": "310101",
         "province_code": "310000", **lineage}
        for i, ipc in enumerate(["A61K 8/02", "A61K 8/34"])
    ]  # fmt: skip
    marks = [
        {"reg_no": str(100 + i), "nice_class": 3, "owner": holder, "is_gi": False, "well_known": False,
         "adcode": "310101", "province_code": "310000", **lineage}
        for i in range(3)
    ]  # fmt: skip
    with Lake(settings.lake_dir).transaction() as txn:
        txn.write_arrow("patents", pa.Table.from_pylist(patents, schema=arrow_schema("patents")))
        txn.write_arrow("trademarks", pa.Table.from_pylist(marks, schema=arrow_schema("trademarks")))


def test_leads_join_the_resource_base(settings: Settings, folder: Path) -> None:
    import_dir(settings, folder)
    _resource_base(settings)
    res = business_leads(settings, role="rights_holder", min_trademarks=3)
    (lead,) = res["leads"]
    assert (lead["name"], lead["patents"], lead["trademarks"], lead["region"]) == (
        "上海家化联合股份有限公司",
        2,
        3,
        "310101",
    )
    assert lead["industry"] == "有机精细化学"  # WIPO: A61K 8 (cosmetics) is organic fine chemistry
    assert business_leads(settings, industry="有机精细化学")["total"] == 1
    assert business_leads(settings, industry="计算机技术")["total"] == 0
    assert business_leads(settings, region="310000")["total"] == 1


def test_criminal_cases_stay_out_of_the_plaintiff_win_rate(settings: Settings, tmp_path: Path) -> None:
    """A conviction is 支持 for the prosecution, not a plaintiff's win: a criminal judgment (刑 in
    the case number) carries no plaintiff_won, so court statistics' win rate counts civil cases."""
    folder = tmp_path / "j"
    folder.mkdir()
    (folder / "x.txt").write_text(
        "上海市浦东新区人民法院\n刑事判决书\n（2019）沪0115刑初1234号\n"
        "公诉机关上海市浦东新区人民检察院。\n被告人张某，男，1980年1月1日出生。\n"
        "辩护人李某，上海某某律师事务所律师。\n"
        "上海市浦东新区人民检察院以沪浦检刑诉〔2019〕1号起诉书指控被告人张某犯假冒注册商标罪。\n"
        "本院认为，被告人张某未经注册商标所有人许可，在同一种商品上使用与其注册商标相同的商标，情节严重，"
        "其行为已构成假冒注册商标罪。依照《中华人民共和国刑法》第二百一十三条之规定，判决如下：\n"
        "被告人张某犯假冒注册商标罪，判处有期徒刑一年，并处罚金人民币五万元。\n"
        "审判长王某\n二〇一九年六月一日\n书记员赵某\n",
        encoding="utf-8",
    )
    import_dir(settings, folder)
    (row,) = read_judgments(settings)
    assert row["outcome"] == "支持" and row["plaintiff_won"] is None
    assert court_statistics(settings)["rows"][0]["plaintiff_win_rate"] is None
