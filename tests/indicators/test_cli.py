"""``ipatlas indicators …`` and ``ipatlas bench indicators``: thin wrappers, --json, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from indicators_lake import D, patent, stat, write_lake

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.indicators import concordance as conc

SAMPLES = Path(conc.__file__).resolve().parent / "samples"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code, out, err = invoke(capsys, *args)
    data = json.loads(out) if "--json" in args and out.strip() else None
    return code, data, out + err


@pytest.fixture()
def cli_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    return settings


def test_catalog_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(capsys, "indicators", "catalog", "--json")
    assert code == 0
    ids = {i["id"] for i in data["indicators"]}
    required = {
        "inv_per_10k_pop", "hv_inv_per_10k_pop", "pct_app", "tm_valid", "tm_per_10k_entities", "gi_total",
        "above_scale_inv_per_100m_revenue", "grants_per_100m_rd", "applicant_hhi", "top10_applicant_share",
        "invention_grant_rate", "pat_app_growth",
    }  # fmt: skip
    assert required <= ids
    per10k = next(i for i in data["indicators"] if i["id"] == "inv_per_10k_pop")
    assert per10k["name"] == "每万人口发明专利拥有量" and per10k["unit"] == "件/万人"
    assert per10k["denominator"]["id"] == "population"
    assert {c["id"] for c in per10k["conventions"]} >= {
        "attribution",
        "domestic",
        "valid_year_end",
        "population",
    }
    assert all(i["sources"] for i in data["indicators"])
    code, _one, out = run(capsys, "indicators", "catalog", "--id", "hv_inv_per_10k_pop")
    assert code == 0 and "高价值" in out and "国发〔2021〕20号" in out


def test_concordance_compute_show_records(capsys: pytest.CaptureFixture[str], cli_settings: Settings) -> None:
    g = {"filed": D(2017, 3, 1), "granted": D(2019, 6, 1)}
    write_lake(
        cli_settings,
        patents=[patent("CN1", **g), patent("CN2", ipc="H04N 5/232", **g)],
        statistics=[stat("500112", 2020, "population", 219.0, "万人")],
    )
    f = SAMPLES / "战略性新兴产业与IPC参照关系_示例非官方表.csv"
    code, info, _ = run(capsys, "indicators", "concordance", "import", str(f), "--kind", "sei", "--json")
    assert code == 0 and info["is_sample"] and info["kind"] == "sei"
    code, listed, _ = run(capsys, "indicators", "concordance", "list", "--json")
    assert {r["kind"]: r["imported"] for r in listed}["sei"] is True
    code, summary, _ = run(capsys, "indicators", "compute", "--years", "2019-2020", "--json")
    assert (
        code == 0
        and summary["years"] == [2019, 2020]
        and summary["counting"] == ["first-ipc+first-applicant"]
    )
    code, rows, _ = run(capsys, "indicators", "show", "--region", "500112", "--year", "2020", "--json")
    assert code == 0
    row = next(r for r in rows if r["id"] == "inv_per_10k_pop")
    assert {"id", "name", "value", "unit", "numerator", "denominator", "definition", "flags"} <= row.keys()
    assert row["value"] == pytest.approx(2 / 219.0)
    code, rows, _ = run(capsys, "indicators", "show", "--region", "500112", "--year", "2020", "--industry",
                        "wipo:02", "--json")  # fmt: skip
    assert next(r for r in rows if r["id"] == "pat_valid_invention")["value"] == 1
    code, page, _ = run(capsys, "indicators", "records", "--region", "500112", "--year", "2020", "--id",
                        "pat_valid_invention", "--json")  # fmt: skip
    assert code == 0 and page["total"] == 2 and {r["app_no"] for r in page["items"]} == {"CN1", "CN2"}
    code, ser, _ = run(
        capsys, "indicators", "series", "--region", "500112", "--id", "pat_valid_invention", "--json"
    )
    assert [r["value"] for r in ser] == [2, 2]
    code, _out, text = run(capsys, "indicators", "show", "--region", "500112", "--year", "2020")
    assert code == 0 and "2020 年指标" in text and "件/万人" in text


def test_errors_are_one_line(capsys: pytest.CaptureFixture[str], cli_settings: Settings) -> None:
    code, data, text = run(capsys, "indicators", "show", "--region", "500112", "--year", "2020", "--json")
    assert code == 2 and data["error"] == "CubeNotComputed" and "Traceback" not in text
    bad = cli_settings.data_dir / "bad.csv"
    bad.write_text("国民经济行业代码,IPC\n9999,G06F 1/*\n", encoding="utf-8")
    code, data, text = run(
        capsys, "indicators", "concordance", "import", str(bad), "--kind", "ipc-industry", "--json"
    )
    assert code == 1 and data["row"] == 2 and data["field"] == "国民经济行业代码" and "Traceback" not in text
    code, data, _ = run(capsys, "indicators", "catalog", "--id", "nope", "--json")
    assert code == 2 and data["error"] == "NotFoundError"


def test_bench_command_registered(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, text = run(capsys, "bench", "indicators", "--help")
    assert code == 0 and "--records" in text
