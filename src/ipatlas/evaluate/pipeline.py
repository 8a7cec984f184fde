"""The composite-index pipeline: a run spec (YAML), one module per step, and a re-runnable log.

A spec lists the steps in order, each with its method chosen by name and its parameters::

    name: COINr ASEM example
    steps:
      - denominate: {}
      - impute: {method: group_mean, group: EurAsia_group}
      - screen: {by: na, threshold: 0.9}
      - treat: {method: coinr, winmax: 5, skew_thresh: 2, kurt_thresh: 3.5}
      - normalise: {method: minmax, range: [0, 100]}
      - aggregate: {method: arithmetic, weights: {method: meta}}
    topsis: {normalisation: minmax}           # optional alternative ranking
    sensitivity: {n_runs: 1000, seed: 1}      # optional Monte Carlo (see sensitivity.py)

Built-in presets (``--pipeline NAME``): ``default`` and ``coinr-asem``.

Every run produces a log (JSON): the resolved spec with all defaults, UTC timestamps and the
duration of every step, the step details (imputed points, removed units, treated indicators,
weights used…), SHA-256 hashes of the input files, of the framework and of every intermediate
data set, and of the result. :func:`rerun` repeats a logged run from its inputs, refuses to run
on changed inputs, and says whether the result is identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import platform
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ipatlas import __version__
from ipatlas.errors import EvaluationError, cause
from ipatlas.evaluate.aggregate import aggregate
from ipatlas.evaluate.data import file_sha256, frame_sha256, load_composite_inputs, unit_names
from ipatlas.evaluate.denominate import denominate
from ipatlas.evaluate.framework import Framework, check_data
from ipatlas.evaluate.impute import impute
from ipatlas.evaluate.normalise import normalise
from ipatlas.evaluate.screen import screen
from ipatlas.evaluate.topsis import topsis_ranking
from ipatlas.evaluate.treat import treat
from ipatlas.progress import ProgressCallback, no_progress

StepFn = Callable[..., tuple[pd.DataFrame, dict[str, Any]]]

STEPS: dict[str, StepFn] = {
    "denominate": denominate,
    "impute": impute,
    "screen": screen,
    "treat": treat,
    "normalise": normalise,
    "aggregate": aggregate,
}
STEP_LABELS = {
    "denominate": "分母化",
    "impute": "缺失值插补",
    "screen": "单位筛选",
    "treat": "异常值处理",
    "normalise": "标准化",
    "aggregate": "加权聚合",
}
PRESETS = {"default": "default.yaml", "coinr-asem": "coinr_asem.yaml"}
LOG_KIND = "ipatlas.composite.run"


def _params_of(fn: StepFn) -> dict[str, Any]:
    sig = inspect.signature(fn)
    return {
        n: (None if p.default is inspect.Parameter.empty else p.default)
        for n, p in sig.parameters.items()
        if p.kind == inspect.Parameter.KEYWORD_ONLY
    }


def _jsonable(v: Any) -> Any:
    if isinstance(v, Mapping):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return None if not np.isfinite(v) else float(v)
    if isinstance(v, float) and not np.isfinite(v):
        return None
    if isinstance(v, np.ndarray):
        return _jsonable(v.tolist())
    return v


@dataclass
class PipelineSpec:
    """An ordered list of (step, params) plus optional TOPSIS and sensitivity sections."""

    steps: list[tuple[str, dict[str, Any]]]
    name: str = ""
    topsis: dict[str, Any] | None = None
    sensitivity: dict[str, Any] | None = None
    source: str | None = None

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any], *, source: str | None = None) -> PipelineSpec:
        if not isinstance(doc, Mapping) or "steps" not in doc:
            raise EvaluationError(
                "流程规格应包含 steps: 列表（如 - normalise: {method: minmax}）", file=source
            )
        raw = doc["steps"]
        if not isinstance(raw, list) or not raw:
            raise EvaluationError("流程规格的 steps 应为非空列表", file=source)
        steps: list[tuple[str, dict[str, Any]]] = []
        for i, item in enumerate(raw, 1):
            if isinstance(item, str):
                name, params = item, dict[str, Any]()
            elif isinstance(item, Mapping) and len(item) == 1:
                name, params = next(iter(item.items()))
                params = dict(params or {})
            else:
                raise EvaluationError(f"steps 第 {i} 项格式应为 `- 步骤名: {{参数}}`", file=source)
            if name not in STEPS:
                raise EvaluationError(
                    f"steps 第 {i} 项：未知步骤 {name!r}；可选：{', '.join(STEPS)}", file=source
                )
            allowed = _params_of(STEPS[name])
            bad = [k for k in params if k not in allowed]
            if bad:
                raise EvaluationError(
                    f"steps 第 {i} 项（{name}）：未知参数 {', '.join(bad)}；可用参数：{', '.join(allowed)}",
                    file=source,
                )
            steps.append((name, params))
        names = [s for s, _ in steps]
        if "aggregate" not in names:
            raise EvaluationError("流程必须包含 aggregate 步骤", file=source)
        if names[-1] != "aggregate":
            raise EvaluationError("aggregate 必须是最后一个步骤", file=source)
        if "normalise" in names and names.index("normalise") > names.index("aggregate"):
            raise EvaluationError("normalise 必须在 aggregate 之前", file=source)
        return cls(
            steps=steps,
            name=str(doc.get("name", "")),
            topsis=dict(doc["topsis"]) if doc.get("topsis") is not None else None,
            sensitivity=dict(doc["sensitivity"]) if doc.get("sensitivity") is not None else None,
            source=source,
        )

    @classmethod
    def load(cls, path_or_preset: str | Path | None) -> PipelineSpec:
        """A YAML file path, a preset name (``default``, ``coinr-asem``) or None (default)."""
        if path_or_preset is None:
            path_or_preset = "default"
        key = str(path_or_preset)
        if key in PRESETS:
            text = (
                resources.files("ipatlas.evaluate")
                .joinpath("presets")
                .joinpath(PRESETS[key])
                .read_text("utf-8")
            )
            return cls.from_dict(yaml.safe_load(text), source=f"preset:{key}")
        p = Path(key)
        if not p.is_file():
            raise EvaluationError(f"流程规格文件不存在：{p}；可用内置流程：{', '.join(PRESETS)}", file=str(p))
        try:
            doc = yaml.safe_load(p.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise EvaluationError(f"流程规格 {p} 不是有效的 YAML：{cause(exc)}", file=str(p)) from None
        return cls.from_dict(doc, source=str(p))

    def resolved(self) -> list[dict[str, Any]]:
        """Every step with all parameters (defaults filled in) — what the log records."""
        out = []
        for name, params in self.steps:
            full = _params_of(STEPS[name])
            full.update(params)
            out.append({"step": name, "params": _jsonable(full)})
        return out

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "steps": [{s: _jsonable(p)} for s, p in self.steps],
        }
        if self.topsis is not None:
            d["topsis"] = _jsonable(self.topsis)
        if self.sensitivity is not None:
            d["sensitivity"] = _jsonable(self.sensitivity)
        return d


@dataclass
class CompositeResult:
    framework: Framework
    spec: PipelineSpec
    scores: pd.DataFrame  # units × aggregates (index first, then sub-indices, pillars)
    ranks: pd.DataFrame
    names: pd.Series
    datasets: dict[str, pd.DataFrame]
    log: dict[str, Any]
    topsis: pd.DataFrame | None = None
    sensitivity: Any = None
    step_details: dict[str, Any] = field(default_factory=dict)

    @property
    def index_code(self) -> str:
        return self.framework.index_code

    def table(self) -> pd.DataFrame:
        """COINr ``get_results(tab_type = "Aggs")``: sorted by the index, rank after the unit."""
        t = self.scores.copy()
        t.insert(0, "rank", self.ranks[self.index_code].astype("Int64"))
        t.insert(0, "name", self.names.reindex(t.index))
        t.index.name = "unit"
        return t.sort_values(["rank"]).reset_index()

    def to_records(self, *, decimals: int | None = None) -> list[dict[str, Any]]:
        recs = []
        order = self.scores.sort_values(self.index_code, ascending=False).index
        for u in order:
            sc = {c: _jsonable(self.scores.at[u, c]) for c in self.scores.columns}
            if decimals is not None:
                sc = {c: (None if v is None else round(v, decimals)) for c, v in sc.items()}
            rk = self.ranks.loc[u]
            recs.append(
                {
                    "unit": str(u),
                    "name": self.names.get(u),
                    "rank": None if pd.isna(rk[self.index_code]) else int(rk[self.index_code]),
                    "scores": sc,
                    "ranks": {c: None if pd.isna(v) else int(v) for c, v in rk.items()},
                }
            )
        return recs

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "index": self.index_code,
            "aggregates": [
                {"code": c, "name": self.framework.name(c), "level": self.framework.level(c)}
                for c in self.scores.columns
            ],
            "units": self.to_records(),
            "run": {
                "run_id": self.log["run_id"],
                "log": self.log.get("log_path"),
                "output_sha256": self.log["output"]["sha256"],
            },
        }
        if self.log.get("label"):
            d["label"] = self.log["label"]
        if self.topsis is not None:
            d["topsis"] = [
                {"unit": str(u), "closeness": float(r["closeness"]), "rank": int(r["rank"])}
                for u, r in self.topsis.sort_values("rank").iterrows()
            ]
        if self.sensitivity is not None:
            d["sensitivity"] = self.sensitivity.to_dict()
        return d


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _framework_sha(fw: Framework) -> str:
    payload = json.dumps(fw.to_records(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _result_sha(scores: pd.DataFrame) -> str:
    return frame_sha256(scores.round(10))


def _run_sensitivity(
    result: CompositeResult,
    spec: PipelineSpec,
    treated: pd.DataFrame,
    details_by_step: dict[str, Any],
) -> dict[str, Any]:
    """The uncertainty and sensitivity analysis around the nominal run (result.sensitivity); its log entry."""
    from ipatlas.evaluate.sensitivity import sensitivity_analysis

    assert spec.sensitivity is not None
    norm_params = next((dict(p) for s, p in spec.steps if s == "normalise"), {"method": "none"})
    norm_params.setdefault("method", "minmax")
    agg_params = next(p for s, p in spec.steps if s == "aggregate")
    agg_method = agg_params.get("method", "arithmetic")
    sens_kw = dict(spec.sensitivity)
    sens_kw.setdefault("nominal_normalisation", norm_params)
    sens_kw.setdefault("nominal_aggregation", agg_method if isinstance(agg_method, str) else "arithmetic")
    sens_kw.setdefault("nominal_weights", details_by_step.get("aggregate", {}).get("weights"))
    try:
        result.sensitivity = sensitivity_analysis(treated, result.framework, **sens_kw)
    except TypeError as exc:
        raise EvaluationError(f"sensitivity 参数有误：{cause(exc)}") from None
    return {
        "step": "sensitivity",
        "params": _jsonable({k: v for k, v in spec.sensitivity.items()}),
        "details": {"runs": result.sensitivity.runs, "base_samples": result.sensitivity.base_samples},
    }


def _run_log(
    result: CompositeResult,
    spec: PipelineSpec,
    data: pd.DataFrame,
    inputs: Mapping[str, Any] | None,
    step_logs: list[dict[str, Any]],
    *,
    started: str,
    t0: float,
) -> dict[str, Any]:
    """The run log: environment, inputs' and outputs' hashes, every step."""
    framework, scores, ranks = result.framework, result.scores, result.ranks
    return {
        "kind": LOG_KIND,
        "run_id": hashlib.sha256(f"{started}{time.perf_counter_ns()}".encode()).hexdigest()[:16],
        "ipatlas_version": __version__,
        "started_at": started,
        "finished_at": _now(),
        "seconds": round(time.perf_counter() - t0, 6),
        "environment": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "pandas": pd.__version__,
        },
        "spec": spec.to_dict(),
        "spec_source": spec.source,
        "resolved_steps": spec.resolved(),
        "inputs": _jsonable(dict(inputs or {})),
        "data_sha256": frame_sha256(data),
        "framework_sha256": _framework_sha(framework),
        "framework_source": framework.source,
        "steps": step_logs,
        "output": {
            "sha256": _result_sha(scores),
            "units": len(scores),
            "index": framework.index_code,
            "top": [str(u) for u in ranks[framework.index_code].sort_values().index[:10]],
        },
    }


def run_pipeline(
    data: pd.DataFrame,
    framework: Framework,
    spec: PipelineSpec | Mapping[str, Any] | str | None = None,
    *,
    inputs: Mapping[str, Any] | None = None,
    progress: ProgressCallback = no_progress,
    with_sensitivity: bool = True,
) -> CompositeResult:
    """Run the pipeline on a units × variables frame; returns scores, ranks and the run log."""
    if not isinstance(spec, PipelineSpec):
        spec = PipelineSpec.from_dict(spec) if isinstance(spec, Mapping) else PipelineSpec.load(spec)
    check_data(framework, data)
    started = _now()
    t0 = time.perf_counter()
    names = unit_names(data)
    current = data.copy()
    datasets: dict[str, pd.DataFrame] = {"raw": data[framework.indicators].copy()}
    step_logs: list[dict[str, Any]] = []
    details_by_step: dict[str, Any] = {}
    total = len(spec.steps) + (1 if spec.topsis else 0) + (1 if spec.sensitivity and with_sensitivity else 0)
    treated_before_norm: pd.DataFrame | None = None
    for i, (name, params) in enumerate(spec.steps):
        progress(i, total, STEP_LABELS[name])
        if name == "normalise":
            treated_before_norm = current.copy()
        s_at = _now()
        s0 = time.perf_counter()
        try:
            current, det = STEPS[name](current, framework, **params)
        except TypeError as exc:  # bad parameter types from YAML
            raise EvaluationError(f"步骤 {name} 的参数有误：{cause(exc)}") from None
        key = name if name not in datasets else f"{name}_{i}"
        keep = set(framework.indicators) | set(framework.aggregates)
        datasets[key] = current[[c for c in current.columns if c in keep]].copy()
        step_logs.append(
            {
                "step": name,
                "params": _jsonable({**_params_of(STEPS[name]), **params}),
                "started_at": s_at,
                "seconds": round(time.perf_counter() - s0, 6),
                "units": len(current),
                "output_sha256": frame_sha256(datasets[key]),
                "details": _jsonable(det),
            }
        )
        details_by_step[key] = det
    if treated_before_norm is None:
        treated_before_norm = datasets.get("treat", datasets["raw"])
    aggs = framework.aggregate_order()
    scores = current[aggs].astype(float)
    ranks = scores.rank(ascending=False, method="min")
    result = CompositeResult(
        framework=framework,
        spec=spec,
        scores=scores,
        ranks=ranks,
        names=names.reindex(scores.index),
        datasets=datasets,
        log={},
        step_details=details_by_step,
    )
    if spec.topsis is not None:
        progress(len(spec.steps), total, "TOPSIS")
        # TOPSIS normalises by itself and applies the directions: feed it the treated data
        tp, tdet = topsis_ranking(treated_before_norm, framework, **spec.topsis)
        result.topsis = tp
        step_logs.append({"step": "topsis", "params": _jsonable(spec.topsis), "details": _jsonable(tdet)})
    if spec.sensitivity is not None and with_sensitivity:
        progress(total - 1, total, "敏感性分析")
        step_logs.append(_run_sensitivity(result, spec, treated_before_norm, details_by_step))
    progress(total, total, "完成")
    result.log = _run_log(result, spec, data, inputs, step_logs, started=started, t0=t0)
    return result


def run_composite_files(
    data_path: str | Path,
    meta_path: str | Path,
    pipeline: str | Path | None = None,
    *,
    log_dir: str | Path | None = None,
    progress: ProgressCallback = no_progress,
    with_sensitivity: bool = True,
) -> CompositeResult:
    """Read ``iData``/``iMeta`` CSVs, run the pipeline, write the run log (if ``log_dir``)."""
    data, fw = load_composite_inputs(data_path, meta_path)
    spec = PipelineSpec.load(pipeline)
    inputs: dict[str, Any] = {
        "data": {"path": str(Path(data_path).resolve()), "sha256": file_sha256(data_path)},
        "meta": {"path": str(Path(meta_path).resolve()), "sha256": file_sha256(meta_path)},
    }
    if spec.source and not spec.source.startswith("preset:"):
        inputs["pipeline"] = {"path": str(Path(spec.source).resolve()), "sha256": file_sha256(spec.source)}
    elif spec.source:
        inputs["pipeline"] = {"preset": spec.source.split(":", 1)[1]}
    result = run_pipeline(data, fw, spec, inputs=inputs, progress=progress, with_sensitivity=with_sensitivity)
    if log_dir is not None:
        result.log["log_path"] = str(save_log(result.log, log_dir))
    return result


def save_log(log: Mapping[str, Any], log_dir: str | Path) -> Path:
    d = Path(log_dir)
    d.mkdir(parents=True, exist_ok=True)
    stamp = str(log["started_at"]).replace(":", "").replace("-", "").replace("+0000", "Z")[:15]
    path = d / f"composite-{stamp}-{log['run_id'][:8]}.json"
    body = {k: v for k, v in log.items() if k != "log_path"}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path


def load_log(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        log = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvaluationError(f"运行日志不存在：{p}", file=str(p)) from None
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"运行日志 {p} 不是有效的 JSON：{cause(exc)}", file=str(p)) from None
    if log.get("kind") != LOG_KIND:
        raise EvaluationError(f"{p} 不是 ipatlas 综合评价运行日志", file=str(p))
    return dict(log)


@dataclass
class RerunReport:
    result: CompositeResult
    original: dict[str, Any]
    identical: bool
    inputs_checked: dict[str, bool]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rerun_of": self.original["run_id"],
            "identical": self.identical,
            "original_output_sha256": self.original["output"]["sha256"],
            "output_sha256": self.result.log["output"]["sha256"],
            "inputs_checked": self.inputs_checked,
            "result": self.result.to_dict(),
        }


def rerun_files(
    log: dict[str, Any],
    *,
    force: bool = False,
    log_dir: str | Path | None = None,
    progress: ProgressCallback = no_progress,
) -> RerunReport:
    """Repeat a logged composite run over files; inputs must be unchanged (SHA-256 checked).
    (:func:`ipatlas.evaluate.layout.rerun` dispatches here, or to a layout-evaluation rerun.)"""
    inputs = log.get("inputs") or {}
    if "data" not in inputs or "meta" not in inputs:
        raise EvaluationError("该运行日志没有记录输入文件（可能由库直接调用生成），无法重新运行")
    checked: dict[str, bool] = {}
    for key in ("data", "meta", "pipeline"):
        info = inputs.get(key)
        if not info or "path" not in info:
            continue
        p = Path(info["path"])
        if not p.is_file():
            raise EvaluationError(f"原始输入文件已不存在：{p}", file=str(p))
        same = file_sha256(p) == info["sha256"]
        checked[key] = same
        if not same and not force:
            raise EvaluationError(
                f"输入文件 {p} 自原运行以来已改变（SHA-256 不同）；如确需用新文件重跑请加 --force",
                file=str(p),
            )
    data, fw = load_composite_inputs(inputs["data"]["path"], inputs["meta"]["path"])
    spec = PipelineSpec.from_dict(log["spec"], source=log.get("spec_source"))
    new_inputs = {
        k: ({**v, "sha256": file_sha256(v["path"])} if isinstance(v, dict) and "path" in v else v)
        for k, v in inputs.items()
    }
    result = run_pipeline(data, fw, spec, inputs=new_inputs, progress=progress)
    result.log["rerun_of"] = log["run_id"]
    if log_dir is not None:
        result.log["log_path"] = str(save_log(result.log, log_dir))
    identical = result.log["output"]["sha256"] == log["output"]["sha256"]
    return RerunReport(result=result, original=log, identical=identical, inputs_checked=checked)
