"""Other regions, the CLI, and the full demo run through the real importers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipatlas.cli import app
from ipatlas.config import Settings
from ipatlas.demo import DemoManifest, generate
from ipatlas.demo.run import run_demo
from ipatlas.errors import InputError, NotFoundError


def _stat_regions(man: DemoManifest) -> set[str]:
    f = man.files_of("statistics")[0]
    with man.path(f.name).open(encoding="utf-8-sig") as fh:
        return {r["区划代码"] for r in csv.DictReader(fh)}


@pytest.mark.parametrize(("code", "name", "counties"), [("210100", "沈阳", 13), ("530400", "玉溪", 9)])
def test_other_regions(tmp_path: Path, shared_dir: Path, code: str, name: str, counties: int) -> None:
    man = generate(tmp_path, region=code, records=2000, shared_dir=shared_dir)
    assert man.counties == counties
    assert _stat_regions(man) - {code} and len(_stat_regions(man)) == counties + 1
    f = next(x for x in man.files_of("patents") if x.profile == "standard")
    text = man.path(f.name).read_text("utf-8-sig")
    assert name in text and "重庆" not in text
    cal = man.calibration["valid_patents_2015_12_31"]
    assert cal["achieved"] == cal["target"] > 0
    assert man.calibration["valid_patents_2015_12_31"]["published"] is None


def test_bad_arguments(tmp_path: Path, shared_dir: Path) -> None:
    with pytest.raises(NotFoundError):
        generate(tmp_path, region="999900", records=10, shared_dir=shared_dir)
    with pytest.raises(NotFoundError):
        generate(tmp_path, region="500112", records=10, shared_dir=shared_dir)  # a county
    with pytest.raises(InputError):
        generate(tmp_path, records=0, shared_dir=shared_dir)
    with pytest.raises(InputError):
        generate(tmp_path, layouts=("cnipa",), shared_dir=shared_dir)


def test_cli_generate_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(tmp_path / "data"))
    res = CliRunner().invoke(
        app,
        [
            "demo",
            "generate",
            "--out",
            str(tmp_path / "d"),
            "--region",
            "530400",
            "--records",
            "1500",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["label"] == "演示数据" and data["counties"] == 9 and data["records"] == 1500
    assert (tmp_path / "d" / "manifest.json").exists()


def test_cli_error_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    cmd = [sys.executable, "-c", "from ipatlas.cli import main; main()"]
    proc = subprocess.run(
        [*cmd, "demo", "generate", "--out", str(tmp_path), "--region", "999900"],
        capture_output=True,
        text=True,
        env={"IPATLAS_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "999900" in proc.stderr


def test_demo_run_imports_everything_and_is_idempotent(settings: Settings) -> None:
    first = run_demo(settings, records=4000)
    assert first.generated and first.imported
    c = first.checks
    assert c["quarantine"]["ok"] and c["quarantine"]["expected"] > 0
    assert c["valid_patents"]["lake"] == c["valid_patents"]["target"]
    assert c["valid_trademarks"]["lake"] == c["valid_trademarks"]["target"]
    by_file = {i["file"]: i for i in first.imports}
    for f in first.manifest.files:
        i = by_file[f.name]
        assert i["read"] == i["loaded"] + i["duplicates"] + i["quarantined"]
        assert i["quarantined"] == f.dirty_rows
        assert i["is_demo"] is True
    pat = [i for i in first.imports if i["table"] == "patents"]
    assert sum(i["inserted"] for i in pat) == first.manifest.records
    exp = first.manifest.expected["patents"]
    assert (
        sum(i["duplicates"] + i["replaced"] for i in pat) == exp["duplicate_rows"] + exp["older_version_rows"]
    )
    lake_manifest = (settings.lake_dir / "_manifest.json").read_text("utf-8")

    second = run_demo(settings, records=4000)
    assert not second.generated
    assert all(i["skipped"] for i in second.imports)
    again = json.loads((settings.lake_dir / "_manifest.json").read_text("utf-8"))
    before = json.loads(lake_manifest)
    rewritten = sorted(t for t in again["tables"] if again["tables"][t] != before["tables"].get(t))
    assert again["seq"] == before["seq"] and not rewritten, f"the second run rewrote {rewritten}"
    assert second.checks == first.checks


def test_cli_demo_run_prints_its_summary_twice(
    tmp_path: Path, shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make demo`` is the README's first command: its human-readable summary (not only --json)
    must print on the first run and on the idempotent second one."""
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IPATLAS_SHARED_DIR", str(shared_dir))
    for _ in range(2):
        res = CliRunner().invoke(app, ["demo", "run", "--records", "3000", "--no-serve"])
        assert res.exit_code == 0, res.output
        assert "Traceback" not in res.output
        assert "导入结果（演示数据）" in res.output and "政策法规" in res.output
        assert "演示数据已导入" in res.output and "规划督查台账" in res.output
