"""CLI: ingest/imports with --json, the Chinese summary, and a one-line error for a missing column."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from ingest_helpers import GOOD_PATENTS, write_patents
from typer.testing import CliRunner

from ipatlas.cli import app

runner = CliRunner()


def _env(settings) -> dict[str, str]:
    return {"IPATLAS_DATA_DIR": str(settings.data_dir), "IPATLAS_SHARED_DIR": str(settings.shared_dir)}


def test_ingest_and_imports_json(settings, tmp_path):
    rows = [*GOOD_PATENTS, dict(GOOD_PATENTS[0], app_no="CN2014101234")]
    path = write_patents(tmp_path / "p.csv", rows)
    env = _env(settings)
    res = runner.invoke(app, ["ingest", "patents", str(path), "--json"], env=env)
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert (summary["read"], summary["loaded"], summary["duplicates"], summary["quarantined"]) == (5, 4, 0, 1)
    assert summary["quarantine_sample"][0]["reason"] == "申请号格式错误"

    res = runner.invoke(app, ["imports", "list", "--json"], env=env)
    assert res.exit_code == 0, res.output
    listed = json.loads(res.stdout)
    assert [i["import_id"] for i in listed] == [summary["import_id"]]

    res = runner.invoke(app, ["imports", "show", summary["import_id"], "--json"], env=env)
    shown = json.loads(res.stdout)
    assert shown["import"]["quarantined"] == 1
    assert shown["quarantine"][0]["source_row"] == 6 and shown["quarantine"][0]["field"] == "申请号"

    res = runner.invoke(app, ["imports", "show", summary["import_id"]], env=env)
    assert res.exit_code == 0 and "申请号格式错误" in res.stdout and "隔离" in res.stdout

    # A re-import records its bad row no second time, yet shows it.
    res = runner.invoke(app, ["ingest", "patents", str(path), "--json"], env=env)
    again = json.loads(res.stdout)
    assert (again["loaded"], again["duplicates"], again["quarantined"]) == (0, 4, 1)
    res = runner.invoke(app, ["imports", "show", again["import_id"], "--json"], env=env)
    assert [(q["source_row"], q["import_id"]) for q in json.loads(res.stdout)["quarantine"]] == [
        (6, summary["import_id"])
    ]
    res = runner.invoke(app, ["imports", "show", again["import_id"]], env=env)
    assert res.exit_code == 0 and "申请号格式错误" in res.stdout and "1 / 1" in res.stdout


def test_ingest_human_summary_in_chinese(settings, tmp_path):
    path = write_patents(tmp_path / "p.csv", GOOD_PATENTS)
    (tmp_path / "p.csv.ipatlas-demo.json").write_text("{}")
    res = runner.invoke(app, ["ingest", "patents", str(path), "--profile", "standard"], env=_env(settings))
    assert res.exit_code == 0, res.output
    for word in ("导入结果", "读取", "入库", "重复", "隔离", "演示数据"):
        assert word in res.stdout


def test_profiles_and_other_tables(settings, tmp_path):
    env = _env(settings)
    res = runner.invoke(app, ["ingest", "profiles", "--json"], env=env)
    assert {(p["table"], p["name"]) for p in json.loads(res.stdout)} >= {
        ("patents", "incopat"),
        ("gi", "standard"),
    }
    stats = tmp_path / "s.csv"
    stats.write_text("区划代码,年份,年末常住人口(万人)\n500112,2020,219.2\n", encoding="utf-8")
    res = runner.invoke(app, ["ingest", "stats", str(stats), "--json"], env=env)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["loaded"] == 1


def test_missing_column_is_one_error_line(settings, tmp_path):
    path = write_patents(tmp_path / "nofiling.csv", GOOD_PATENTS, drop=("filing_date",))
    code = "import sys; from ipatlas.cli import main; main(sys.argv[1:])"
    proc = subprocess.run(
        [sys.executable, "-c", code, "ingest", "patents", str(path)],
        env={**os.environ, **_env(settings), "COLUMNS": "2000"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "nofiling.csv" in lines[0] and "申请日" in lines[0]
    assert not (settings.data_dir / "lake" / "_manifest.json").exists()


def test_gi_needs_file_or_builtin(settings):
    res = runner.invoke(app, ["ingest", "gi"], env=_env(settings))
    assert res.exit_code != 0


def test_bench_import_small(settings, tmp_path):
    args = ["bench", "import", "--records", "3000", "--generator", "simple", "--json"]
    res = runner.invoke(app, args, env=_env(settings))
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["records"] == 3000 and out["baseline_rows"] >= 2990
    assert out["import"]["read"] == 3000
    imp = out["import"]
    assert imp["read"] == imp["loaded"] + imp["duplicates"] + imp["quarantined"]
    assert out["reimport"]["loaded"] == 0
    assert out["ratio_import_to_baseline"] > 0
