"""The one place where the pages turn values into what a reader sees.

Coded values (``invention``, ``lapsed``, ``wf.approve`` …) become Chinese labels through one
registry: the core's label maps plus ``data/display_labels.yaml`` for the vocabularies that have
none. Every ``{{ … }}`` of a template goes through :func:`finalize`: ``None`` is shown as "—" and a
date-time as ``YYYY-MM-DD HH:MM`` (never a Python repr or an ISO string with ``T``/microseconds).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from markupsafe import Markup, escape

from ipatlas.errors import InputError, IpatlasError, location

LABELS_FILE = Path(__file__).resolve().parent / "data" / "display_labels.yaml"
MISSING = "—"
# Date-times are shown in the office's time (China Standard Time) when their zone is known.
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
_ISO_DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


@cache
def registry() -> dict[str, dict[str, str]]:
    """Every display vocabulary: domain → {code: label}."""
    from ipatlas.access import ROLE_LABELS
    from ipatlas.market.leads import lead_rules
    from ipatlas.market.resolve import METHOD_LABELS
    from ipatlas.protection.constants import IP_TYPE_LABELS
    from ipatlas.protection.constants import KIND_LABELS as CASE_KIND_LABELS
    from ipatlas.store.schema import (
        APPLICANT_TYPE_LABELS,
        KIND_LABELS,
        LEGAL_STATUS_LABELS,
        REGION_LEVEL_LABELS,
        TRADEMARK_STATUS_LABELS,
    )
    from ipatlas.workflow.engine import SYSTEM_ROLE

    rules = lead_rules()
    out: dict[str, dict[str, str]] = {
        "patent_kind": dict(KIND_LABELS),
        "legal_status": dict(LEGAL_STATUS_LABELS),
        "trademark_status": dict(TRADEMARK_STATUS_LABELS),
        "applicant_type": dict(APPLICANT_TYPE_LABELS),
        "region_level": dict(REGION_LEVEL_LABELS),
        # who acted on a workflow event: a user's role, or the system itself
        "role": {**ROLE_LABELS, SYSTEM_ROLE: "系统"},
        "link_method": dict(METHOD_LABELS),
        "lead_source": {str(k): str(v) for k, v in rules["sources"].items()},
        "lead_rule": {str(k): str(v.get("label", k)) for k, v in rules["rules"].items()},
        "case_kind": dict(CASE_KIND_LABELS),
        "ip_type": dict(IP_TYPE_LABELS),
    }
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8")) or {}
    for domain, labels in data.items():
        out.setdefault(domain, {}).update({str(k): str(v) for k, v in labels.items()})
    return out


def label(value: Any, domain: str, default: str | None = None) -> str:
    """The Chinese label of ``value`` in ``domain``; an unknown code is shown as ``default``, or as
    it is."""
    if value is None or value == "":
        return MISSING
    return registry()[domain].get(str(value), str(value) if default is None else default)


def when(value: Any, *, seconds: bool = False, naive: str = "beijing") -> Any:
    """A date-time for a page: ``2026-12-04 11:20`` in Beijing time (China Standard Time).
    A value without a zone is taken as ``naive`` says: ``beijing`` (the business times of cases,
    clocks and workflow events), ``utc`` (the records' ``utcnow`` stamps: audit, users, plans,
    market) or ``local`` (the server's clock: imports, lake commits, report drafts).
    Dates and anything that is not a date-time are returned unchanged."""
    fmt = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and naive == "utc":
            value = value.replace(tzinfo=dt.UTC)
        elif value.tzinfo is None and naive == "local":
            value = value.astimezone()  # Python reads a naive value as the server's local time
        if value.tzinfo is not None:
            value = value.astimezone(LOCAL_TZ)
        return value.strftime(fmt)
    if isinstance(value, str):
        m = _ISO_DATETIME.match(value.strip())
        if m:
            try:
                parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                return value
            return when(parsed, seconds=seconds, naive=naive)
    return value


def when_utc(value: Any, *, seconds: bool = False) -> Any:
    """:func:`when` for a stamp written by ``utcnow`` (naive UTC)."""
    return when(value, seconds=seconds, naive="utc")


def when_local(value: Any, *, seconds: bool = False) -> Any:
    """:func:`when` for a stamp of the server's clock (naive local time)."""
    return when(value, seconds=seconds, naive="local")


def finalize(value: Any) -> Any:
    """Applied by Jinja to the result of every ``{{ … }}`` expression."""
    if value is None:
        return MISSING
    if isinstance(value, dt.datetime):
        return when(value)
    return value


_TERMS = {
    "first-ipc": "按主分类号",
    "all-ipc": "按全部分类号",
    "fractional": "分数计数",
    "first": "第一申请人",
    "CR_N": "前N位集中度",
}
_CODE_PAREN = re.compile(r"（[A-Za-z_.]+）")
_IDENT_PAREN = re.compile(r"（[^（）]*[A-Za-z][A-Za-z0-9]*[_.][A-Za-z0-9_.]+[^（）]*）")


def catalog_plain(text: str) -> str:
    """Catalogue prose for a reader: a parenthesis that only names an internal field goes, the
    indicators and tables a note names are shown by their Chinese names, counting-method codes
    become words (the catalogue itself, the API and the CLI keep the codes)."""
    from ipatlas.indicators.catalog import load_catalog

    text = load_catalog().readable(_CODE_PAREN.sub("", text))
    text = _IDENT_PAREN.sub("", text)
    for code, word in _TERMS.items():
        text = re.sub(rf"(?<![A-Za-z_-]){re.escape(code)}(?![A-Za-z_-])", word, text)
    return text


def commands(text: Any) -> Markup:
    """Text for a page body in which a command line it cites is code (a user copies it)."""
    from ipatlas.indicators.catalog import COMMAND

    if text is None or isinstance(text, Markup):
        return Markup(escape(finalize(text)))
    parts = COMMAND.split(str(text))
    code = Markup('<code translate="no">{}</code>')
    return Markup("").join(code.format(p) if i % 2 else escape(p) for i, p in enumerate(parts))


def catalog_html(text: str) -> Markup:
    """:func:`catalog_plain` for a page body, command lines as code."""
    return commands(catalog_plain(text))


def user_message(exc: IpatlasError, *, file: str | None = None) -> str:
    """An error as a page shows it: the location of a bad input in Chinese words (a form marks
    its field itself, so the field's code name is left out). ``file``: the name the user gave an
    upload, for the server's temporary copy the error names."""
    if isinstance(exc, InputError):
        where = location(file or exc.context.get("file"), exc.context.get("row"))
        return f"{where}：{exc.reason}" if where else exc.reason
    return exc.message
