"""The protection rule files: workflow definitions per kind, deadline rules, competence rules."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ipatlas.errors import InputError, cause
from ipatlas.protection.constants import IP_TYPE_LABELS, KIND_DEFINITIONS, KIND_LABELS
from ipatlas.workflow import Definition, RuleTable, load_definition, load_rules

RULES_DIR = Path(__file__).resolve().parent / "rules"
DEFINITION_FILES = {
    "complaint": "complaint.yaml",
    "report": "report.yaml",
    "assistance": "assistance.yaml",
    "adjudication": "adjudication.yaml",
    "mediation": "mediation.yaml",
    "consultation": "consultation.yaml",
}


@functools.cache
def definition_for(kind: str) -> Definition:
    """The workflow definition of a case kind (loaded and validated once per process)."""
    if kind not in DEFINITION_FILES:
        raise InputError(f"未知案件类型 {kind!r}（可用: {', '.join(KIND_LABELS)}）", field="kind")
    d = load_definition(RULES_DIR / DEFINITION_FILES[kind])
    assert d.id == KIND_DEFINITIONS[kind]
    return d


def all_definitions() -> dict[str, Definition]:
    return {k: definition_for(k) for k in DEFINITION_FILES}


def deadline_rules() -> RuleTable:
    return load_rules(RULES_DIR / "deadlines.yaml")


@dataclass(frozen=True)
class CompetenceRule:
    id: str
    label: str
    suggestion: str
    basis: str
    receiver: str | None
    ip_types: frozenset[str]
    kinds: frozenset[str]
    channels: frozenset[str]
    keywords: tuple[str, ...]

    def matches(self, *, kind: str, ip_type: str, channel: str, facts: str) -> bool:
        if self.ip_types and ip_type not in self.ip_types:
            return False
        if self.kinds and kind not in self.kinds:
            return False
        if self.channels and channel not in self.channels:
            return False
        return not self.keywords or any(k in facts for k in self.keywords)


@dataclass(frozen=True)
class Competence:
    office: str
    office_prefix: str
    case_prefix: str
    rules: tuple[CompetenceRule, ...]

    def suggest(self, *, kind: str, ip_type: str, channel: str, facts: str) -> dict[str, Any]:
        for r in self.rules:
            if r.matches(kind=kind, ip_type=ip_type, channel=channel, facts=facts):
                return {
                    "rule": r.id,
                    "label": r.label,
                    "suggestion": r.suggestion,
                    "receiver": r.receiver,
                    "basis": r.basis,
                }
        return {"rule": None, "label": "无匹配规则", "suggestion": "accept", "receiver": None, "basis": ""}


@functools.cache
def competence(path: Path = RULES_DIR / "competence.yaml") -> Competence:
    f = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"无法读取管辖规则: {cause(exc)}", file=f) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        raise InputError("须有 rules 列表", file=f, field="rules")
    rules = []
    for i, r in enumerate(raw["rules"]):
        key = f"rules[{i}]"
        for req in ("id", "label", "suggestion", "basis"):
            if not r.get(req):
                raise InputError(f"缺少 {req}", file=f, field=f"{key}.{req}")
        if r["suggestion"] not in {"accept", "refer", "reject", "suspend"}:
            raise InputError(f"未知建议 {r['suggestion']!r}", file=f, field=f"{key}.suggestion")
        when = r.get("when") or {}
        for t in when.get("ip_types") or []:
            if t not in IP_TYPE_LABELS:
                raise InputError(f"未知知识产权类型 {t}", file=f, field=f"{key}.when.ip_types")
        rules.append(
            CompetenceRule(
                id=str(r["id"]),
                label=str(r["label"]),
                suggestion=str(r["suggestion"]),
                basis=str(r["basis"]),
                receiver=r.get("receiver"),
                ip_types=frozenset(when.get("ip_types") or []),
                kinds=frozenset(when.get("kinds") or []),
                channels=frozenset(when.get("channels") or []),
                keywords=tuple(when.get("keywords") or []),
            )
        )
    return Competence(
        office=str(raw.get("office") or ""),
        office_prefix=str(raw.get("office_prefix") or "知保"),
        case_prefix=str(raw.get("case_prefix") or "知保登"),
        rules=tuple(rules),
    )
