"""Run specs, run logs and re-runs."""

from __future__ import annotations

import json
import shutil

import pytest

from ipatlas.errors import EvaluationError
from ipatlas.evaluate import PipelineSpec, rerun, run_composite_files, run_pipeline


def test_presets_load_and_resolve_defaults():
    spec = PipelineSpec.load("coinr-asem")
    assert [s for s, _ in spec.steps] == ["denominate", "impute", "screen", "treat", "normalise", "aggregate"]
    resolved = {d["step"]: d["params"] for d in spec.resolved()}
    assert resolved["impute"]["group"] == "EurAsia_group"
    assert resolved["screen"]["threshold"] == 0.9
    assert resolved["treat"]["winmax"] == 5
    assert resolved["normalise"]["range"] == [0, 100]
    assert PipelineSpec.load(None).name == "ipatlas default"


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        ({"steps": [{"aggregate": {}}, {"normalise": {}}]}, "最后一个步骤"),
        ({"steps": [{"normalize": {}}, {"aggregate": {}}]}, "未知步骤 'normalize'"),
        ({"steps": [{"normalise": {"methd": "minmax"}}, {"aggregate": {}}]}, "未知参数 methd"),
        ({"steps": [{"normalise": {}}]}, "必须包含 aggregate"),
        ({"name": "x"}, "steps"),
    ],
)
def test_bad_specs_say_what_to_fix(doc, fragment):
    with pytest.raises(EvaluationError, match=fragment):
        PipelineSpec.from_dict(doc)


def test_unknown_method_names_are_rejected(small):
    data, fw = small
    with pytest.raises(EvaluationError, match="未知的标准化方法"):
        run_pipeline(data, fw, {"steps": [{"normalise": {"method": "minmaxx"}}, {"aggregate": {}}]})
    with pytest.raises(EvaluationError, match="未知的聚合方法"):
        run_pipeline(data, fw, {"steps": [{"aggregate": {"method": "median"}}]})


def test_log_records_parameters_timestamps_and_hashes(asem_paths, tmp_path):
    res = run_composite_files(*asem_paths, "coinr-asem", log_dir=tmp_path)
    with open(res.log["log_path"], encoding="utf-8") as fh:
        log = json.load(fh)
    assert log["kind"] == "ipatlas.composite.run"
    assert len(log["inputs"]["data"]["sha256"]) == 64 and len(log["inputs"]["meta"]["sha256"]) == 64
    assert log["inputs"]["pipeline"] == {"preset": "coinr-asem"}
    steps = {s["step"]: s for s in log["steps"]}
    assert steps["impute"]["params"]["method"] == "group_mean"
    assert steps["treat"]["params"]["skew_thresh"] == 2
    assert all("started_at" in s and "output_sha256" in s for s in log["steps"])
    assert log["output"]["top"][0] == "CHE"
    assert log["started_at"] <= log["finished_at"]


def test_rerun_is_identical_and_refuses_changed_inputs(asem_paths, tmp_path):
    data, meta = asem_paths
    d2, m2 = tmp_path / "iData.csv", tmp_path / "iMeta.csv"
    shutil.copy(data, d2)
    shutil.copy(meta, m2)
    first = run_composite_files(d2, m2, "coinr-asem", log_dir=tmp_path / "runs")
    report = rerun(first.log["log_path"])
    assert report.identical
    assert report.result.log["rerun_of"] == first.log["run_id"]
    # change one value: the re-run must refuse, and with force it runs and reports a difference
    text = d2.read_text(encoding="utf-8").replace("4.097985", "4.5", 1)
    d2.write_text(text, encoding="utf-8")
    with pytest.raises(EvaluationError, match="已改变"):
        rerun(first.log["log_path"])
    forced = rerun(first.log["log_path"], force=True)
    assert not forced.identical
    assert forced.inputs_checked["data"] is False


def test_cli_rerun(asem_paths, tmp_path, cli):
    data, meta = asem_paths
    res = run_composite_files(data, meta, "coinr-asem", log_dir=tmp_path)
    code, stdout, _ = cli("composite", "--rerun", res.log["log_path"], "--json", "--no-log")
    assert code == 0
    out = json.loads(stdout)
    assert out["identical"] is True and out["rerun_of"] == res.log["run_id"]


def test_cli_errors_are_one_line_without_traceback(tmp_path, cli):
    code, _, err = cli(
        "composite", "--data", str(tmp_path / "nope.csv"), "--meta", str(tmp_path / "nope2.csv")
    )
    assert code == 1
    assert "错误" in err and "Traceback" not in err


def test_topsis_and_sensitivity_sections(small):
    data, fw = small
    spec = {
        "steps": [{"normalise": {"method": "minmax", "range": [1, 100]}}, {"aggregate": {}}],
        "topsis": {"normalisation": "minmax"},
        "sensitivity": {"n_runs": 200, "seed": 3},
    }
    res = run_pipeline(data.fillna(0.25), fw, spec)
    assert list(res.topsis.columns) == ["closeness", "rank"]
    assert res.sensitivity.runs == 200
    d = res.to_dict()
    assert d["sensitivity"]["runs"] == 200 and len(d["topsis"]) == 5
