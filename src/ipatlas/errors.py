"""One error hierarchy for the whole platform.

Every domain failure raises a subclass of :class:`IpatlasError`. The CLI (and the web
app) render them in one place; nothing else catches them to print.

Users read every message in Chinese: :func:`location` words where a bad input is (文件 …，第 N 行，
字段「…」), :func:`cause` / :func:`validation_reason` / :func:`xlsx_unreadable` / :func:`csv_unreadable`
say in Chinese why a library (json, yaml, csv, zipfile, openpyxl, pydantic, the OS) refused a file
or a value, instead of appending its English text.
"""

from __future__ import annotations

from typing import Any


class IpatlasError(Exception):
    """Base class: a failure the user can act on, rendered as one clear line."""

    exit_code = 1

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.reason = message  # the message without a location (see InputError)
        self.context = {k: v for k, v in context.items() if v is not None}

    def to_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": self.message, **self.context}


class ConfigError(IpatlasError):
    """Bad settings or a missing prerequisite (e.g. ../shared/data not found)."""


class SharedDataMissing(ConfigError):
    """A reference file from ../shared/ is needed but absent."""


class NotFoundError(IpatlasError):
    """A region, import, indicator, plan, … that does not exist."""

    exit_code = 2


class RegionError(IpatlasError):
    """Region registry or resolver failure."""


def location(file: str | None = None, row: int | None = None, field: str | None = None) -> str:
    """Where a bad input is, in the words the user reads: 文件 …，第 N 行，字段「…」."""
    parts = (file and f"文件 {file}", row is not None and f"第 {row} 行", field and f"字段「{field}」")
    return "，".join(p for p in parts if p)


class InputError(IpatlasError):
    """Bad input data. Names the file, row and field when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
        **context: Any,
    ) -> None:
        where = location(file, row, field)
        super().__init__(
            f"{where}：{message}" if where else message, file=file, row=row, field=field, **context
        )
        self.reason = message  # without the location, for a form that marks the field itself


class IngestError(InputError):
    """An import that cannot proceed at all (unreadable file, unknown profile, …)."""


class StoreError(IpatlasError):
    """Storage failure (locked, corrupt manifest, …)."""


class IndicatorError(IpatlasError):
    """Indicator catalogue or computation failure."""


class EvaluationError(IpatlasError):
    """Composite-index / evaluation-method failure (bad framework, bad parameters)."""


class PlanError(IpatlasError):
    """Plan parsing or supervision-workflow failure."""


class PermissionDenied(IpatlasError):
    """The current user may not read or change this object."""

    exit_code = 3


class ConflictError(IpatlasError):
    """Someone else changed the object first (stale version, double submit): reload and retry."""

    exit_code = 4


class TransitionNotAllowed(IpatlasError):
    """A workflow action that the current state (or the actor's role) does not allow."""

    exit_code = 5


class ServiceBusy(IpatlasError):
    """Too much work at once (e.g. every password-check slot taken): retry shortly (HTTP 503)."""

    exit_code = 6


def require_file(path: Any) -> None:
    """Refuse a path that is not a readable file, saying which of the three it is (a folder given
    for a file was reported as "does not exist", and an unreadable file only later as an OSError)."""
    import os
    from pathlib import Path

    p = Path(path)
    if p.is_dir():
        raise InputError("这是一个文件夹，不是文件：请选择文件夹中的文件", file=str(p))
    if not p.is_file():
        raise InputError("文件不存在", file=str(p))
    if not os.access(p, os.R_OK):
        raise InputError("没有读取该文件的权限", file=str(p))


def xlsx_unreadable(exc: BaseException) -> str:
    """Why a spreadsheet cannot be opened, in Chinese (openpyxl and zipfile explain in English)."""
    text = str(exc)
    if "zip" in text.lower() or type(exc).__name__ in ("BadZipFile", "EOFError"):
        return (
            "不是有效的 XLSX 文件：压缩结构损坏（文件可能不完整或不是 Excel 文件），"
            "请用 Excel 打开后另存为 .xlsx"
        )
    return "无法打开 XLSX 文件（文件可能已损坏或受密码保护）：请用 Excel 打开后另存为 .xlsx"


def csv_unreadable(exc: BaseException) -> str:
    """Why the csv module cannot split a file, in Chinese."""
    text = str(exc)
    if "field limit" in text:
        return "有单元格超过 128 KB（文件可能损坏，或引号不成对使多行连成一个单元格）"
    if "new-line" in text:
        return "换行符不规范（只用回车符分行）：请另存为标准 CSV"
    if "NUL" in text:
        return "含 NUL 字符（文件可能是二进制文件或已损坏）"
    return "CSV 格式错误（引号或分隔符不成对）"


def cause(exc: BaseException) -> str:
    """A library exception's reason in Chinese, with the line and column when it has them.

    Python's parsers (json, yaml, csv, zipfile, codecs, OS calls) explain in English; a message
    of ours (one holding Chinese) is kept as it is."""
    import json
    import re

    text = str(exc)
    name = type(exc).__name__
    mark = getattr(exc, "problem_mark", None)  # yaml.MarkedYAMLError
    known: list[tuple[bool, str]] = [
        (isinstance(exc, json.JSONDecodeError), "JSON 格式错误（第 {lineno} 行第 {colno} 列）"),
        (isinstance(exc, UnicodeError), "编码无法识别（应为 UTF-8）"),
        (mark is not None, "YAML 格式错误（第 {line} 行第 {column} 列）"),
        (isinstance(exc, IsADirectoryError), "这是一个文件夹，不是文件"),
        (isinstance(exc, FileNotFoundError), "文件不存在"),
        (isinstance(exc, PermissionError), "没有读取权限"),
        (name in ("BadZipFile", "EOFError"), "压缩结构损坏（文件不完整或已损坏）"),
        (isinstance(exc, NotImplementedError) and "compression" in text, "压缩方式不受支持：请重新保存"),
        (name == "InvalidFileException", xlsx_unreadable(exc)),
        (name == "Error" and type(exc).__module__ == "_csv", csv_unreadable(exc)),
        (isinstance(exc, OSError), "无法读取文件"),
        (isinstance(exc, ValueError) and ("convert" in text or "invalid literal" in text), "不是有效的数值"),
    ]
    for hit, reason in known:
        if hit:
            return reason.format(
                lineno=getattr(exc, "lineno", 0),
                colno=getattr(exc, "colno", 0),
                line=getattr(mark, "line", 0) + 1,
                column=getattr(mark, "column", 0) + 1,
            )
    if m := re.search(r"unexpected keyword argument '(\w+)'", text):
        return f"未知参数 {m.group(1)}"
    if m := re.search(r"missing \d+ required \w+ arguments?: (.+)", text):
        return f"缺少参数 {m.group(1)}"
    return text if re.search(r"[\u4e00-\u9fff]", text) else "格式错误"


# pydantic's error types (FastAPI's 422, model validation of an imported JSON) and their Chinese.
_VALIDATION = {
    "missing": "缺少必填项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数值",
    "float_type": "应为数值",
    "finite_number": "应为有限数值",
    "bool_parsing": "应为是/否（true/false）",
    "bool_type": "应为是/否（true/false）",
    "date_parsing": "应为日期（如 2025-12-31）",
    "date_from_datetime_parsing": "应为日期（如 2025-12-31）",
    "date_type": "应为日期（如 2025-12-31）",
    "datetime_parsing": "应为日期时间（如 2025-12-31 08:00）",
    "datetime_type": "应为日期时间（如 2025-12-31 08:00）",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "dict_type": "应为对象（键值对）",
    "model_type": "应为对象（键值对）",
    "model_attributes_type": "应为对象（键值对）",
    "json_invalid": "JSON 格式错误",
    "literal_error": "应为以下取值之一：{expected}",
    "enum": "应为以下取值之一：{expected}",
    "string_too_long": "不能超过 {max_length} 个字符",
    "string_too_short": "至少 {min_length} 个字符",
    "too_long": "最多 {max_length} 项",
    "too_short": "至少 {min_length} 项",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "string_pattern_mismatch": "格式不符",
    "extra_forbidden": "不允许的字段",
}


def validation_reason(kind: str | None, ctx: dict[str, Any] | None = None, msg: str = "") -> str:
    """One pydantic validation error (its ``type``, ``ctx`` and ``msg``) in Chinese."""
    if kind == "value_error":  # raised by our own validators: their message, without pydantic's prefix
        text = msg.removeprefix("Value error, ")
        return cause(ValueError(text))
    template = _VALIDATION.get(kind or "")
    if template is None:
        return "取值无效"
    ctx = {k: str(v).replace(" or ", "、").replace(", ", "、") for k, v in (ctx or {}).items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template.split("{", 1)[0].rstrip("：") or "取值无效"
