"""Workflow definitions and deadline-rule tables as YAML data, validated when loaded.

Why a small table-driven engine and not python-statemachine: our machines are *data* (one YAML
file per case kind, edited by the office, several versions alive at once), every transition
needs the same cross-cutting work (role check, required fields, optimistic locking on a database
row, an append-only event, deadline clocks started/paused/stopped, the audit log) and the state
lives in the database, not in a Python object. python-statemachine models machines as Python
classes with callbacks per transition; we would generate classes from YAML, map its exceptions
and still write all of the above around it. A dictionary lookup ``(state, action) -> target``
plus one ``act`` function is smaller, and the whole behaviour is visible in the YAML.

Definition file::

    id: complaint            # unique name, stored on each instance
    version: 1
    title: 投诉
    initial: registered
    final: [archived]        # reaching one closes the instance and stops its clocks
    deadline_rules: deadlines.yaml   # rule table (path relative to this file) or an inline mapping
    states: {registered: {label: 登记}, ...}
    actions:
      accept: {label: 受理, from: [registered], to: accepted, roles: [clerk],
               fields: [reason], documents: [受理通知书]}
      suspend: {from: "*", to: suspended, ...}     # "*" = every non-final state
      resume:  {from: [suspended], to: "@back", ...}  # back to the state before the suspension
      publish: {from: [decided, served], to: "@same", ...}  # stays where it is
    deadlines:
      - {rule: acceptance, start: ["@start"], stop: [accept, reject], pause: [suspend],
         resume: [resume], extend: [extend]}

Rule table file::

    rules:
      acceptance:
        label: 受理决定
        versions:
          - {version: 1, effective_from: 2022-03-24, law: ..., article: 第十四条, length: 7,
             unit: workdays, promised: 5, extension_cap: 0, applies_to_open_cases: false}
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ipatlas.access import ROLES
from ipatlas.errors import ConfigError, InputError, cause, require_file

START = "@start"
BACK = "@back"
SAME = "@same"
ANY = "*"
UNITS = ("workdays", "days", "months", "hours")
UNIT_LABELS = {"workdays": "工作日", "days": "日", "months": "个月", "hours": "小时"}
# A clock's state as a page shows it.
STATE_LABELS = {
    "on_track": "正常",
    "due_soon": "即将到期",
    "overdue": "已超期",
    "paused": "中止计时",
    "met": "按期",
    "missed": "超期完成",
}


@dataclass(frozen=True)
class RuleVersion:
    rule_id: str
    version: int
    effective_from: dt.date
    law: str
    article: str
    length: int
    unit: str
    promised: int | None = None
    extension_cap: int = 0
    applies_to_open_cases: bool = False
    roll_to_workday: bool = True
    note: str = ""
    # Whether the article was checked against the official text (and where that text is).
    verified: bool = False
    source: str = ""

    @property
    def basis(self) -> str:
        return f"{self.law}{self.article}"


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    versions: tuple[RuleVersion, ...]  # sorted by effective_from

    def version_for(self, opened: dt.date, started: dt.date) -> RuleVersion:
        """The version in force when the instance was opened, unless a later one (in force when the
        clock starts) says it applies to open cases too."""
        in_force = [v for v in self.versions if v.effective_from <= started]
        if not in_force:
            raise InputError(
                f"期限规则 {self.id} 在 {started} 尚无生效版本（最早 {self.versions[0].effective_from}）",
                field="rule",
            )
        chosen = [v for v in in_force if v.effective_from <= opened] or in_force[:1]
        pick = chosen[-1]
        for v in in_force:
            if v.effective_from > opened and v.applies_to_open_cases:
                pick = v
        return pick


@dataclass(frozen=True)
class RuleTable:
    source: str
    rules: dict[str, Rule]

    def get(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise ConfigError(f"{self.source}: 没有期限规则 {rule_id}") from None


@dataclass(frozen=True)
class State:
    id: str
    label: str


@dataclass(frozen=True)
class Action:
    id: str
    label: str
    sources: tuple[str, ...]  # resolved: never "*"
    to: str  # a state id or "@back"
    roles: tuple[str, ...]
    fields: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    note_required: bool = False


@dataclass(frozen=True)
class DeadlineBinding:
    rule: str
    start: tuple[str, ...]
    stop: tuple[str, ...] = ()
    pause: tuple[str, ...] = ()
    resume: tuple[str, ...] = ()
    extend: tuple[str, ...] = ()


@dataclass(frozen=True)
class Definition:
    id: str
    version: int
    title: str
    source: str
    initial: str
    final: frozenset[str]
    states: dict[str, State]
    actions: dict[str, Action]
    deadlines: tuple[DeadlineBinding, ...]
    rules: RuleTable
    extra: dict[str, Any] = field(default_factory=dict)

    def state_label(self, state: str) -> str:
        s = self.states.get(state)
        return s.label if s else state

    def action_label(self, action: str) -> str:
        if action == START:
            return "登记"
        a = self.actions.get(action)
        return a.label if a else action

    def actions_from(self, state: str) -> list[Action]:
        return [a for a in self.actions.values() if state in a.sources]


# ---- loading ----------------------------------------------------------------------------------
def _read_yaml(path: Path) -> Any:
    require_file(path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"YAML 语法错误: {cause(exc)}", file=str(path)) from None


def _str_list(value: Any, *, file: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InputError(f"应为字符串或字符串列表，实为 {value!r}", file=file, field=key)


def _date(value: Any, *, file: str, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"日期无效: {value!r}", file=file, field=key) from None


def parse_rules(raw: Any, *, source: str) -> RuleTable:
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), dict) or not raw["rules"]:
        raise InputError("期限规则表须有非空的 rules 映射", file=source, field="rules")
    rules: dict[str, Rule] = {}
    for rid, body in raw["rules"].items():
        key = f"rules.{rid}"
        if not isinstance(body, dict) or not isinstance(body.get("versions"), list) or not body["versions"]:
            raise InputError("规则须有非空的 versions 列表", file=source, field=f"{key}.versions")
        versions = []
        for i, v in enumerate(body["versions"]):
            vk = f"{key}.versions[{i}]"
            if not isinstance(v, dict):
                raise InputError("版本须为映射", file=source, field=vk)
            for req in ("version", "effective_from", "law", "article", "length", "unit"):
                if v.get(req) in (None, ""):
                    raise InputError(f"缺少 {req}", file=source, field=f"{vk}.{req}")
            if v["unit"] not in UNITS:
                raise InputError(
                    f"期限单位须为 {', '.join(UNITS)} 之一: {v['unit']!r}", file=source, field=f"{vk}.unit"
                )
            for num in ("version", "length", "promised", "extension_cap"):
                if v.get(num) is not None and (not isinstance(v[num], int) or v[num] < 0):
                    raise InputError(f"应为非负整数: {v[num]!r}", file=source, field=f"{vk}.{num}")
            if v.get("promised") is not None and v["promised"] > v["length"]:
                raise InputError("承诺时限不得长于法定时限", file=source, field=f"{vk}.promised")
            versions.append(
                RuleVersion(
                    rule_id=str(rid),
                    version=int(v["version"]),
                    effective_from=_date(v["effective_from"], file=source, key=f"{vk}.effective_from"),
                    law=str(v["law"]),
                    article=str(v["article"]),
                    length=int(v["length"]),
                    unit=str(v["unit"]),
                    promised=v.get("promised"),
                    extension_cap=int(v.get("extension_cap") or 0),
                    applies_to_open_cases=bool(v.get("applies_to_open_cases", False)),
                    roll_to_workday=bool(v.get("roll_to_workday", True)),
                    note=str(v.get("note") or ""),
                    verified=bool(v.get("verified", False)),
                    source=str(v.get("source") or ""),
                )
            )
        versions.sort(key=lambda r: r.effective_from)
        nums = [v.version for v in versions]
        if len(set(nums)) != len(nums):
            raise InputError("版本号重复", file=source, field=f"{key}.versions")
        if len({v.effective_from for v in versions}) != len(versions):
            raise InputError("两个版本的生效日期相同", file=source, field=f"{key}.versions")
        rules[str(rid)] = Rule(str(rid), str(body.get("label") or rid), tuple(versions))
    return RuleTable(source, rules)


def load_rules(path: Path) -> RuleTable:
    path = Path(path)
    return parse_rules(_read_yaml(path), source=str(path))


def _parse_states(raw: dict[str, Any], f: str) -> tuple[dict[str, State], str, frozenset[str]]:
    """States, the initial one and the final ones, each checked against the declared states."""
    states_raw = raw["states"]
    if not isinstance(states_raw, dict):
        raise InputError("states 须为映射", file=f, field="states")
    states = {
        str(k): State(str(k), str((v or {}).get("label") or k) if isinstance(v, dict | None) else str(v))
        for k, v in states_raw.items()
    }
    initial = str(raw["initial"])
    if initial not in states:
        raise InputError(f"初始状态 {initial} 未在 states 中声明", file=f, field="initial")
    final = frozenset(_str_list(raw.get("final"), file=f, key="final"))
    for s in final:
        if s not in states:
            raise InputError(f"终态 {s} 未在 states 中声明", file=f, field="final")
    return states, initial, final


def _parse_action(
    aid: str, body: Any, states: dict[str, State], non_final: tuple[str, ...], f: str
) -> Action:
    key = f"actions.{aid}"
    if not isinstance(body, dict):
        raise InputError("操作须为映射", file=f, field=key)
    src_raw = body.get("from")
    if src_raw in (None, "", []):
        raise InputError("缺少 from", file=f, field=f"{key}.from")
    sources = non_final if src_raw == ANY else _str_list(src_raw, file=f, key=f"{key}.from")
    for s in sources:
        if s not in states:
            raise InputError(f"未知状态 {s}", file=f, field=f"{key}.from")
    to = body.get("to")
    if not to:
        raise InputError("缺少 to", file=f, field=f"{key}.to")
    if to not in (BACK, SAME) and to not in states:
        raise InputError(f"未知状态 {to}", file=f, field=f"{key}.to")
    roles = _str_list(body.get("roles"), file=f, key=f"{key}.roles")
    if not roles:
        raise InputError("缺少 roles（允许执行该操作的角色）", file=f, field=f"{key}.roles")
    for r in roles:
        if r not in ROLES:
            raise InputError(f"未知角色 {r}（可用: {', '.join(ROLES)}）", file=f, field=f"{key}.roles")
    return Action(
        id=aid,
        label=str(body.get("label") or aid),
        sources=tuple(sources),
        to=str(to),
        roles=roles,
        fields=_str_list(body.get("fields"), file=f, key=f"{key}.fields"),
        documents=_str_list(body.get("documents"), file=f, key=f"{key}.documents"),
        note_required=bool(body.get("note_required", False)),
    )


def _check_reachable(states: dict[str, State], initial: str, actions: dict[str, Action], f: str) -> None:
    """Every state must be reachable from the initial one ("@back" returns to where we came from)."""
    seen = {initial}
    queue = deque([initial])
    while queue:
        cur = queue.popleft()
        for a in actions.values():
            if cur in a.sources and a.to not in (BACK, SAME) and a.to not in seen:
                seen.add(a.to)
                queue.append(a.to)
    unreachable = [s for s in states if s not in seen]
    if unreachable:
        raise InputError(f"不可达状态: {', '.join(unreachable)}", file=f, field=f"states.{unreachable[0]}")


def _parse_rule_table(raw: dict[str, Any], f: str, base_dir: Path | None) -> RuleTable:
    rules_raw = raw.get("deadline_rules")
    if rules_raw is None:
        return RuleTable(f, {})
    if isinstance(rules_raw, str):
        return load_rules((base_dir or Path(".")) / rules_raw)
    return parse_rules({"rules": rules_raw}, source=f)


def _parse_bindings(
    raw: dict[str, Any], rules: RuleTable, actions: dict[str, Action], f: str
) -> tuple[DeadlineBinding, ...]:
    bindings = []
    for i, d in enumerate(raw.get("deadlines") or []):
        key = f"deadlines[{i}]"
        if not isinstance(d, dict) or not d.get("rule"):
            raise InputError("期限须有 rule", file=f, field=f"{key}.rule")
        if d["rule"] not in rules.rules:
            raise InputError(f"期限规则表 {rules.source} 中没有规则 {d['rule']}", file=f, field=f"{key}.rule")
        lists = {}
        for part in ("start", "stop", "pause", "resume", "extend"):
            lists[part] = _str_list(d.get(part), file=f, key=f"{key}.{part}")
            for name in lists[part]:
                if name != START and name not in actions:
                    raise InputError(f"未知操作 {name}", file=f, field=f"{key}.{part}")
        if not lists["start"]:
            raise InputError("期限须有 start（起算操作，或 @start 表示登记时）", file=f, field=f"{key}.start")
        bindings.append(DeadlineBinding(rule=str(d["rule"]), **lists))
    if len({b.rule for b in bindings}) != len(bindings):
        raise InputError("同一规则绑定了两次", file=f, field="deadlines")
    return tuple(bindings)


DEFINITION_KEYS = frozenset(
    {"id", "version", "title", "initial", "final", "states", "actions", "deadlines", "deadline_rules"}
)


def parse_definition(raw: Any, *, source: str, base_dir: Path | None = None) -> Definition:
    f = source
    if not isinstance(raw, dict):
        raise InputError("工作流定义须为 YAML 映射", file=f)
    for req in ("id", "initial", "states", "actions"):
        if not raw.get(req):
            raise InputError(f"缺少 {req}", file=f, field=req)
    states, initial, final = _parse_states(raw, f)
    non_final = tuple(s for s in states if s not in final)
    if not isinstance(raw["actions"], dict):
        raise InputError("actions 须为映射", file=f, field="actions")
    actions = {
        str(aid): _parse_action(str(aid), body, states, non_final, f) for aid, body in raw["actions"].items()
    }
    _check_reachable(states, initial, actions, f)
    rules = _parse_rule_table(raw, f, base_dir)
    return Definition(
        id=str(raw["id"]),
        version=int(raw.get("version") or 1),
        title=str(raw.get("title") or raw["id"]),
        source=f,
        initial=initial,
        final=final,
        states=states,
        actions=actions,
        deadlines=_parse_bindings(raw, rules, actions, f),
        rules=rules,
        extra={k: v for k, v in raw.items() if k not in DEFINITION_KEYS},
    )


_cache: dict[tuple[str, float], Definition] = {}
_registry: dict[str, Definition] = {}
_lock = threading.Lock()


def load_definition(path: Path) -> Definition:
    """Load and validate one definition file (cached per path and modification time); registers it."""
    path = Path(path).resolve()
    require_file(path)
    key = (str(path), path.stat().st_mtime)
    with _lock:
        cached = _cache.get(key)
    if cached is None:
        cached = parse_definition(_read_yaml(path), source=str(path), base_dir=path.parent)
        with _lock:
            _cache[key] = cached
    register_definition(cached)
    return cached


def register_definition(definition: Definition) -> None:
    with _lock:
        _registry[definition.id] = definition


def get_definition(definition_id: str) -> Definition:
    with _lock:
        d = _registry.get(definition_id)
    if d is None:
        raise ConfigError(f"工作流定义未加载: {definition_id}（先调用 load_definition）")
    return d
