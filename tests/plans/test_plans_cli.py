"""`ipatlas plans parse` and `ipatlas plans departments`: JSON, Chinese summary, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runner import invoke


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return invoke(capsys, *args)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "160")
    return tmp_path / "data"


def test_parse_json(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["plans", "parse", str(shared_dir / "seeds" / "001_45e33f3d4ac1438b.txt"), "--json"], capsys
    )
    assert code == 0
    d = json.loads(out)
    assert d["doc_number"] == "沈政办发〔2018〕135号"
    assert d["tasks"][0]["number"] == "二.(一).1"
    assert d["tasks"][0]["lead_unit"] == "市科技局（知识产权局）"
    assert d["targets"][2]["value"] == 85000


def test_parse_summary_in_chinese(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["plans", "parse", str(shared_dir / "seeds" / "003_a80329dc2d3c96ae.txt")], capsys)
    assert code == 0
    assert "重庆市知识产权区域布局试点工作方案" in out
    assert "期限：2016—2018年" in out
    assert "已转换为简体" in out
    assert "试点推进阶段" in out and "2017-03" in out


def test_parse_with_region_and_user_registry(
    shared_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "plans").mkdir(parents=True)
    (data_dir / "plans" / "departments.yaml").write_text(
        "departments:\n  - id: sci-assoc\n    short: 科学技术协会\n", "utf-8"
    )
    seed = str(shared_dir / "seeds" / "001_45e33f3d4ac1438b.txt")
    code, out, _ = run(["plans", "parse", seed, "--region", "210100", "--json"], capsys)
    assert code == 0
    task = json.loads(out)["tasks"][0]
    assert task["units_normalized"] == ["市知识产权局", "市工业和信息化局", "市科学技术协会", "团市委"]


def test_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["plans", "parse", str(tmp_path / "nope.txt")], capsys)
    assert code == 1
    assert "文件不存在" in err and "Traceback" not in err
    code, out, err = run(["plans", "parse", str(tmp_path / "nope.txt"), "--json"], capsys)
    assert json.loads(out)["error"] == "InputError"
    code, out, err = run(["plans", "parse", str(tmp_path / "nope.txt"), "--region", "12"], capsys)
    assert code == 1


def test_departments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["plans", "departments", "--region", "500114", "--json"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["region"]["name"] == "黔江区"
    by_id = {x["id"]: x for x in d["departments"]}
    assert by_id["agriculture-rural"]["normalized"] == "区农业农村委"  # Chongqing's name, inherited
    assert "工商局" in [n for f in by_id["market-regulation"]["former"] for n in f["names"]]
    assert d["user_file"].endswith("plans/departments.yaml")
