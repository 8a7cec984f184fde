"""Configurable classification rules of the guidance catalog (导向目录), read from YAML.

The rule language is deliberately small (all/any of comparisons) so that an analyst can read
and edit the file, and so every classification can state its reason in words.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ipatlas.errors import InputError, cause
from ipatlas.fmt import is_num

DEFAULT_RULES = Path(__file__).with_name("default_rules.yaml")

OPS = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}
OP_TEXT = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "==": "为", "!=": "不为"}

METRIC_LABELS = {
    "count": ("有效发明专利拥有量", "件"),
    "applications": ("专利申请量", "件"),
    "apps_window": ("近三年专利申请量", "件"),
    "lq": ("区位熵", ""),
    "growth": ("近三年申请量年均增长率", "%"),
    "growth_parent": ("全域平均增长率", "%"),
    "coordination": ("耦合协调度", ""),
    "match_type": ("匹配类型", ""),
    "score": ("综合评价得分百分位", ""),
}
RATIO_METRICS = {"growth", "growth_parent"}


def metric_text(metric: str, value: Any) -> str:
    label, unit = METRIC_LABELS.get(metric, (metric, ""))
    del label
    if not is_num(value):
        return str(value)
    if metric in RATIO_METRICS:
        return f"{value * 100:.1f}%"
    if unit == "件":
        return f"{value:.0f}件"
    return f"{value:.3f}" if metric == "coordination" else f"{value:.2f}"


@dataclass(frozen=True)
class Test:
    metric: str
    op: str
    value: Any = None
    ref: str | None = None

    def evaluate(self, metrics: dict[str, Any]) -> tuple[bool | None, str]:
        """(True/False, or None when a metric is missing; the phrase for the reason)."""
        label = METRIC_LABELS.get(self.metric, (self.metric, ""))[0]
        left = metrics.get(self.metric)
        right = metrics.get(self.ref) if self.ref else self.value
        right_label = METRIC_LABELS.get(self.ref, (self.ref, ""))[0] if self.ref else None
        if left is None or (isinstance(left, float) and left != left):
            return None, f"{label}缺失"
        if right is None or (isinstance(right, float) and right != right):
            return None, f"{right_label or label}缺失"
        ok = bool(OPS[self.op](left, right))
        op = OP_TEXT[self.op] if ok else _negated(self.op)
        rhs = metric_text(self.ref or self.metric, right)
        rhs = f"{right_label}{rhs}" if right_label else rhs
        return ok, f"{label}{metric_text(self.metric, left)}{op}{rhs}"


def _negated(op: str) -> str:
    return {">": "≤", ">=": "<", "<": "≥", "<=": ">", "==": "不为", "!=": "为"}[op]


@dataclass(frozen=True)
class CatalogClass:
    code: str
    label: str
    description: str
    mode: str = "all"  # all / any
    tests: tuple[Test, ...] = ()

    def match(self, metrics: dict[str, Any]) -> tuple[bool, list[str], list[str]]:
        """(matched, phrases of the tests that decided, phrases of missing metrics)."""
        results = [t.evaluate(metrics) for t in self.tests]
        missing = [p for r, p in results if r is None]
        if self.mode == "any":
            hits = [p for r, p in results if r]
            return bool(hits), hits, missing
        matched = bool(results) and all(r is True for r, _ in results)
        return matched, [p for _, p in results], missing


@dataclass
class Rules:
    name: str
    version: int
    description: str
    classes: list[CatalogClass]
    default: CatalogClass
    min_count: dict[str, Any] | None = None
    source_text: str = ""
    path: str = ""
    codes: dict[str, CatalogClass] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.codes = {c.code: c for c in self.all_classes}

    @property
    def all_classes(self) -> list[CatalogClass]:
        out = [*self.classes, self.default]
        if self.min_count:
            out.append(
                CatalogClass(
                    self.min_count["code"], self.min_count["label"], self.min_count.get("description", "")
                )
            )
        return out

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.source_text.encode("utf-8")).hexdigest()[:12]

    def by_label_or_code(self, key: str) -> CatalogClass:
        for c in self.all_classes:
            if key in (c.code, c.label):
                return c
        labels = "、".join(c.label for c in self.all_classes)
        raise InputError(f"未知的导向类别 {key!r}；可选：{labels}", field="class")

    def classify(self, metrics: dict[str, Any]) -> tuple[CatalogClass, str]:
        """The class of one cell and the reason, in Chinese."""
        if self.min_count:
            value = metrics.get(self.min_count["metric"])
            if not is_num(value) or value < self.min_count["value"]:
                cls = self.codes[self.min_count["code"]]
                label = METRIC_LABELS.get(self.min_count["metric"], (self.min_count["metric"], ""))[0]
                shown = metric_text(self.min_count["metric"], value) if is_num(value) else "缺失"
                return cls, f"{label}{shown}，低于{self.min_count['value']}件的分类门槛。{cls.description}"
        missing_all: list[str] = []
        for cls in self.classes:
            ok, phrases, missing = cls.match(metrics)
            if ok:
                return cls, "；".join(phrases) + f"。{cls.description}"
            missing_all.extend(m for m in missing if m not in missing_all)
        reason = self.default.description
        if missing_all:
            reason = f"{'、'.join(missing_all)}，部分规则无法判断。" + reason
        return self.default, reason


def _parse_tests(block: Any, where: str) -> tuple[str, tuple[Test, ...]]:
    if not isinstance(block, dict) or len(block) != 1 or next(iter(block)) not in ("all", "any"):
        raise InputError(f"{where}: `when` 必须是 all: [...] 或 any: [...]", field="when")
    mode, items = next(iter(block.items()))
    tests = []
    for i, item in enumerate(items or []):
        if not isinstance(item, dict) or "metric" not in item or "op" not in item:
            raise InputError(f"{where}: 第{i + 1}个条件需要 metric 与 op", field="when")
        if item["op"] not in OPS:
            raise InputError(f"{where}: 不支持的比较符 {item['op']!r}（可用 {' '.join(OPS)}）", field="op")
        if ("value" in item) == ("ref" in item):
            raise InputError(f"{where}: 第{i + 1}个条件需要 value 或 ref 之一", field="value")
        tests.append(Test(item["metric"], item["op"], item.get("value"), item.get("ref")))
    return mode, tuple(tests)


def load_rules(path: Path | str | None = None) -> Rules:
    """Read and validate a rules file (the packaged default when ``path`` is None)."""
    p = Path(path) if path else DEFAULT_RULES
    try:
        text = p.read_text("utf-8")
    except OSError as exc:
        raise InputError(f"无法读取分类规则文件: {cause(exc)}", file=str(p)) from exc
    return parse_rules(text, str(p))


def parse_rules(text: str, where: str = "<rules>") -> Rules:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"分类规则不是有效的 YAML: {cause(exc)}", file=where) from exc
    if not isinstance(data, dict) or not data.get("classes") or not data.get("default"):
        raise InputError("分类规则需要 classes 列表与 default 类别", file=where)
    classes = []
    seen: set[str] = set()
    for i, c in enumerate(data["classes"]):
        for key in ("code", "label", "when"):
            if key not in c:
                raise InputError(f"第{i + 1}个类别缺少 {key}", file=where, field=key)
        if c["code"] in seen:
            raise InputError(f"类别代码重复: {c['code']}", file=where, field="code")
        seen.add(c["code"])
        mode, tests = _parse_tests(c["when"], f"{where} 类别 {c['label']}")
        classes.append(CatalogClass(c["code"], c["label"], c.get("description", ""), mode, tests))
    d = data["default"]
    default = CatalogClass(d["code"], d["label"], d.get("description", ""))
    mc = data.get("min_count")
    if mc is not None and not {"metric", "value", "code", "label"} <= set(mc):
        raise InputError("min_count 需要 metric、value、code、label", file=where, field="min_count")
    return Rules(
        name=str(data.get("name", "分类规则")),
        version=int(data.get("version", 1)),
        description=str(data.get("description", "")),
        classes=classes,
        default=default,
        min_count=mc,
        source_text=text,
        path=where,
    )


def rules_table(rules: Rules) -> list[dict[str, str]]:
    """Human-readable rules (for the catalog's 说明 sheet and the DOCX appendix)."""
    rows = []
    if rules.min_count:
        label = METRIC_LABELS.get(rules.min_count["metric"], (rules.min_count["metric"], ""))[0]
        rows.append(
            {
                "类别": rules.min_count["label"],
                "条件": f"{label} < {rules.min_count['value']}",
                "含义": rules.min_count.get("description", ""),
            }
        )
    for c in rules.classes:
        joiner = "且" if c.mode == "all" else "或"
        conds = []
        for t in c.tests:
            label = METRIC_LABELS.get(t.metric, (t.metric, ""))[0]
            rhs = (
                METRIC_LABELS.get(t.ref, (t.ref, ""))[0]
                if t.ref
                else (
                    f"{t.value * 100:g}%" if t.metric in RATIO_METRICS and is_num(t.value) else str(t.value)
                )
            )
            conds.append(f"{label} {OP_TEXT[t.op]} {rhs}")
        rows.append({"类别": c.label, "条件": f" {joiner} ".join(conds), "含义": c.description})
    rows.append({"类别": rules.default.label, "条件": "其余单元", "含义": rules.default.description})
    return rows
