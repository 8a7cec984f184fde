"""`ipatlas regions …` and `ipatlas bench resolver`: JSON output, Chinese text, one-line errors."""

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


def test_resolve_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["regions", "resolve", "重庆市渝北区龙溪街道金开大道", "--json"], capsys)
    assert code == 0
    assert json.loads(out) == {
        "adcode": "500112",
        "name": "渝北区",
        "city": "重庆市",
        "city_code": "500000",
        "province": "重庆市",
        "province_code": "500000",
        "level": "county",
        "country": "CN",
        "matched": "重庆市渝北区",
    }
    code, out, _ = run(["regions", "resolve", "江北区观音桥", "--postcode", "400020", "--json"], capsys)
    assert json.loads(out)["adcode"] == "500105"


def test_resolve_text(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["regions", "resolve", "重庆市江北区北京路"], capsys)
    assert "江北区（500105）" in out
    _, out, _ = run(["regions", "resolve", "云南省玉溪市"], capsys)
    assert "仅能确定到地市级" in out
    _, out, _ = run(["regions", "resolve", "北京路"], capsys)
    assert "无法识别" in out


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["regions", "show", "500228", "--json"], capsys)
    d = json.loads(out)
    assert code == 0 and d["code"] == "500155" and d["name"] == "梁平区"
    assert any(e["type"] == "撤县设区" for e in d["history"])
    code, out, _ = run(["regions", "show", "210112"], capsys)
    assert "辽宁省沈阳市浑南区" in out and "东陵区" in out


def test_show_unknown_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["regions", "show", "999999", "--json"], capsys)
    assert code == 2
    assert json.loads(out)["error"] == "NotFoundError"
    assert "未知行政区划代码" in err and "Traceback" not in err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["regions", "list", "--under", "500000", "--level", "county", "--json"], capsys)
    assert code == 0 and len(json.loads(out)) == 38
    _, out, _ = run(["regions", "list", "--under", "210100", "--json"], capsys)
    assert len(json.loads(out)) == 13
    code, _, err = run(["regions", "list", "--level", "town"], capsys)
    assert code == 2 and "未知层级" in err


def test_groups_commands(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(["regions", "groups", "list", "--json"], capsys)
    assert code == 0 and "G:cq-core" in [g["id"] for g in json.loads(out)]
    code, out, _ = run(
        ["regions", "groups", "add", "G:parks", "--name", "园区", "-m", "500106", "-m", "500107", "--json"],
        capsys,
    )
    assert code == 0 and [m["code"] for m in json.loads(out)["members"]] == ["500106", "500107"]
    assert (data_dir / "region_groups.json").is_file()
    _, out, _ = run(["regions", "groups", "show", "G:parks"], capsys)
    assert "沙坪坝区（500106）" in out
    code, out, _ = run(["regions", "groups", "remove", "G:parks", "--json"], capsys)
    assert code == 0 and json.loads(out) == {"removed": "G:parks"}
    code, _, err = run(["regions", "groups", "remove", "G:cq-core"], capsys)
    assert code == 1 and "内置分组" in err


def test_bench_resolver_small(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["bench", "resolver", "--n", "4000", "--baseline-n", "200", "--json"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["addresses"] == 4000 and d["distinct_addresses"] <= 4000
    assert d["speedup_no_cache"] > 1 and d["accuracy"] > 0.95
