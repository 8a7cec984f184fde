"""The command line's own chrome (usage line, panel titles, help option, parse errors) in Chinese.

Typer prints these in English from its vendored Click and from pydantic's coercion messages, with no
translation hook. :func:`install` sets the panel titles Typer reads from module constants, names the
usage prefix and the help option, and rewrites an error's message where Typer renders errors (one
place). Messages are matched by shape (:data:`RULES`); a message no rule knows prints as before.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

USAGE_PREFIX = "用法："
HELP_OPTION_HELP = "显示本帮助并退出。"

# Typer's rich help reads these module constants each time it prints.
RICH_CONSTANTS: dict[str, str] = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中止。",
    "RICH_HELP": "运行[blue]“{command_path} {help_option}”[/]查看帮助。",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "DEPRECATED_STRING": "（已弃用）",
}

KINDS = {"argument": "参数", "option": "选项", "parameter": "参数"}

# (message shape, Chinese template). ``{inner}`` groups are translated again (messages nest).
RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Invalid value for (?P<hint>.+?): (?P<inner>.*)", re.S), "{hint} 的取值无效：{inner}"),
    (re.compile(r"Invalid value: (?P<inner>.*)", re.S), "取值无效：{inner}"),
    (
        re.compile(
            r"Missing (?P<kind>argument|option|parameter)(?P<spaced> .+?)?\.(?: (?P<inner>.*))?", re.S
        ),
        "缺少{kind}{spaced}。{inner}",
    ),
    (re.compile(r"Missing parameter: (?P<hint>.*)"), "缺少参数：{hint}"),
    (re.compile(r"Missing command\."), "缺少子命令。"),
    (
        re.compile(r"No such command (?P<hint>'.*')\.(?: Did you mean (?P<inner>.+)\?)?", re.S),
        "没有命令 {hint}。{inner}",
    ),
    (
        re.compile(r"No such option: (?P<hint>\S+)(?: \(Possible options: (?P<inner>.+)\))?", re.S),
        "没有选项 {hint}。{inner}",
    ),
    (re.compile(r"Option (?P<hint>'.+') requires an argument\."), "选项 {hint} 需要一个取值。"),
    (re.compile(r"Option (?P<hint>'.+') requires (?P<n>\d+) arguments\."), "选项 {hint} 需要 {n} 个取值。"),
    (re.compile(r"Option (?P<hint>'.+') does not take a value\."), "选项 {hint} 不带取值。"),
    (re.compile(r"Argument (?P<hint>'.+') takes (?P<n>\d+) values\."), "参数 {hint} 需要 {n} 个取值。"),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<hint>.*)\)", re.S), "多余的参数（{hint}）"),
    (re.compile(r"Value (?P<hint>.+) is not a valid (?P<n>.+)\."), "{hint} 不是有效的 {n}。"),
    (re.compile(r"(?P<hint>File|Directory|Path) (?P<n>'.*') does not exist\."), "{hint} {n} 不存在。"),
    (re.compile(r"(?P<hint>File|Directory|Path) (?P<n>'.*') is a file\."), "{n} 是文件，不是目录。"),
    (re.compile(r"(?P<hint>File|Directory|Path) (?P<n>'.*') is a directory\."), "{n} 是目录，不是文件。"),
    (re.compile(r"(?P<hint>File|Directory|Path) (?P<n>'.*') is not readable\."), "{n} 不可读。"),
    (re.compile(r"(?P<hint>File|Directory|Path) (?P<n>'.*') is not writable\."), "{n} 不可写。"),
    # pydantic's coercion messages (Typer validates option values with it)
    (re.compile(r"Input should be a valid integer.*", re.S), "应为整数"),
    (re.compile(r"Input should be a valid number.*", re.S), "应为数值"),
    (re.compile(r"Input should be a valid boolean.*", re.S), "应为是/否（true/false）"),
    (re.compile(r"Input should be a valid (?:date|datetime).*", re.S), "应为日期（如 2025-12-31）"),
    (re.compile(r"Input should be greater than or equal to (?P<n>\S+)"), "应不小于 {n}"),
    (re.compile(r"Input should be greater than (?P<n>\S+)"), "应大于 {n}"),
    (re.compile(r"Input should be less than or equal to (?P<n>\S+)"), "应不大于 {n}"),
    (re.compile(r"Input should be less than (?P<n>\S+)"), "应小于 {n}"),
    (re.compile(r"Input should be (?P<n>'.*')", re.S), "应为以下取值之一：{n}"),
]
SUGGESTION = {"No such command": "是否要输入 {}？", "No such option": "可用的选项：{}"}


def translate(message: str) -> str:
    """The Chinese form of one of Typer's messages (unchanged when no rule knows its shape)."""
    for pattern, template in RULES:
        match = pattern.fullmatch(message.strip())
        if match is None:
            continue
        parts = {k: v or "" for k, v in match.groupdict().items()}
        inner = parts.get("inner", "")
        if inner and template.startswith(("没有命令", "没有选项")):
            prefix = "No such command" if template.startswith("没有命令") else "No such option"
            inner = SUGGESTION[prefix].format(inner)
        elif inner:
            inner = translate(inner)
        kind = KINDS.get(parts.get("kind", ""), "")
        return template.format(
            **{**parts, "inner": inner, "kind": kind, "hint": parts.get("hint", "").strip()}
        )
    return message


def _translated_errors(render: Callable[[Any], None]) -> Callable[[Any], None]:
    def render_in_chinese(error: Any) -> None:
        message = error.format_message()
        error.format_message = lambda: translate(message)
        render(error)

    render_in_chinese.__wrapped__ = render  # type: ignore[attr-defined]
    return render_in_chinese


def _chinese_usage(write_usage: Callable[..., None]) -> Callable[..., None]:
    def write(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    write.__wrapped__ = write_usage  # type: ignore[attr-defined]
    return write


def _chinese_help_option(get_help_option: Callable[..., Any]) -> Callable[..., Any]:
    def get(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    get.__wrapped__ = get_help_option  # type: ignore[attr-defined]
    return get


def install() -> None:
    """Put the chrome in Chinese (idempotent: each hook is wrapped once)."""
    rich_utils = importlib.import_module("typer.rich_utils")
    for attr, text in RICH_CONSTANTS.items():
        setattr(rich_utils, attr, text)
    highlights = rich_utils.OptionHighlighter.highlights
    if (pattern := rf"(?P<usage>{USAGE_PREFIX})") not in highlights:
        highlights.append(pattern)
    hooks: list[tuple[Any, str, Callable[[Any], Any]]] = [
        (rich_utils, "rich_format_error", _translated_errors),
        (importlib.import_module("typer._click.formatting").HelpFormatter, "write_usage", _chinese_usage),
        (importlib.import_module("typer._click.core").Command, "get_help_option", _chinese_help_option),
    ]
    for owner, name, wrap in hooks:
        current = getattr(owner, name)
        if not hasattr(current, "__wrapped__"):
            setattr(owner, name, wrap(current))
