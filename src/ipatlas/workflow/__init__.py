"""The platform's one workflow engine: definitions as YAML data, events, deadlines, outbox, numbers.

See :mod:`ipatlas.workflow.definition` for the file format and why the engine is table-driven.
"""

from __future__ import annotations

from ipatlas.workflow.definition import (
    Action,
    Definition,
    Rule,
    RuleTable,
    RuleVersion,
    get_definition,
    load_definition,
    load_rules,
    parse_definition,
    register_definition,
)
from ipatlas.workflow.engine import (
    Actor,
    AvailableAction,
    Deadline,
    Event,
    Instance,
    act,
    available_actions,
    deadlines,
    due_deadlines,
    due_query,
    find_instance,
    get_instance,
    start,
    timeline,
)
from ipatlas.workflow.numbers import format_number, next_document_number
from ipatlas.workflow.outbox import SmtpConfig, enqueue, outbox, send_outbox, sweep

__all__ = [
    "Action",
    "Actor",
    "AvailableAction",
    "Deadline",
    "Definition",
    "Event",
    "Instance",
    "Rule",
    "RuleTable",
    "RuleVersion",
    "SmtpConfig",
    "act",
    "available_actions",
    "deadlines",
    "due_deadlines",
    "due_query",
    "enqueue",
    "find_instance",
    "format_number",
    "get_definition",
    "get_instance",
    "load_definition",
    "load_rules",
    "next_document_number",
    "outbox",
    "parse_definition",
    "register_definition",
    "send_outbox",
    "start",
    "sweep",
    "timeline",
]
