"""The CLI as a user runs it: real processes, --json output, one-line errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BIN = Path(sys.executable).with_name("ipatlas")


def run(settings: Any, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "IPATLAS_DATA_DIR": str(settings.data_dir), "COLUMNS": "200"}
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=300)


def test_layout_report_json(cube_settings: Any, tmp_path: Path) -> None:
    out = tmp_path / "报告.html"
    res = run(
        cube_settings,
        "report",
        "layout",
        "--region",
        "500000",
        "--year",
        "2025",
        "--format",
        "html",
        "--out",
        str(out),
        "--no-evaluate",
        "--json",
    )
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["path"] == str(out) and out.exists()
    assert data["summary"]["chapters"][0] == "一、总体态势" and data["summary"]["is_demo"] is True


def cli(
    settings: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> Any:
    """Run a command in-process (same entry point as the console script) and parse its JSON."""
    from ipatlas.cli import main

    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    with pytest.raises(SystemExit) as exc:  # click ends even a successful command with SystemExit(0)
        main(list(args))
    assert exc.value.code in (0, None), capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_catalog_cli_workflow(
    cube_settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = cli(
        cube_settings,
        monkeypatch,
        capsys,
        "catalog",
        "draft",
        "--region",
        "G:cq-core",
        "--year",
        "2025",
        "--user",
        "cli-test",
        "--json",
    )
    change = cli(
        cube_settings,
        monkeypatch,
        capsys,
        "catalog",
        "adjust",
        str(draft["id"]),
        "--region",
        "500103",
        "--industry",
        "wipo:06",
        "--class",
        "短板补强",
        "--reason",
        "测试调整",
        "--user",
        "cli-test",
        "--json",
    )
    assert change["after"]["class"] == "短板补强" and change["by"] == "cli-test"
    label = cli(
        cube_settings,
        monkeypatch,
        capsys,
        "catalog",
        "publish",
        str(draft["id"]),
        "--user",
        "chief",
        "--json",
    )["label"]
    assert cli(cube_settings, monkeypatch, capsys, "catalog", "show", label, "--json")["kind"] == "version"
    out = tmp_path / "c.xlsx"
    cli(
        cube_settings,
        monkeypatch,
        capsys,
        "catalog",
        "export",
        label,
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--json",
    )
    assert out.exists()
    rules = cli(cube_settings, monkeypatch, capsys, "catalog", "rules", "--json")
    assert [r["类别"] for r in rules["rules"]][1] == "优势巩固"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "layout", "--region", "999999", "--year", "2025"], "未知行政区划代码"),
        (["report", "layout", "--region", "500000", "--year", "2025", "--format", "odt"], "不支持的格式"),
        (["catalog", "publish", "4242"], "不存在"),
        (["maps", "--indicator", "nope", "--year", "2025"], "nope"),
    ],
)
def test_domain_errors_are_one_line(
    cube_settings: Any,
    args: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ipatlas.cli import main

    monkeypatch.setenv("IPATLAS_DATA_DIR", str(cube_settings.data_dir))
    monkeypatch.setenv("COLUMNS", "300")
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and message in err
    errors = [ln for ln in err.splitlines() if ln.startswith("错误")]
    assert len(errors) == 1 and message in errors[0]
