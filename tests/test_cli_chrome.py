"""The command line's chrome (usage line, panels, help option, parse errors) reads in Chinese."""

from __future__ import annotations

import re

import pytest
from tests.cli_runner import invoke

from ipatlas.cli.chrome import translate

ENGLISH_CHROME = re.compile(
    r"Usage:|Options|Arguments|Commands|Show this message|Missing |No such |Invalid value|Input should|Try '"
    r"|requires an argument|unexpected extra|Did you mean|Possible options|Error"
)


def test_help_page_chrome_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke(capsys, "regions", "resolve", "--help")
    assert code == 0
    for text in ("用法：", "参数", "选项", "显示本帮助并退出。", "[必填]"):
        assert text in out
    assert not ENGLISH_CHROME.search(out), out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("nosuch-command",), "没有命令 'nosuch-command'。"),
        (("inf",), "是否要输入 'info'？"),
        (("plans", "parse"), "缺少参数 'file'。"),
        (("info", "--jsn"), "没有选项 --jsn。可用的选项：--json"),
        (("audit", "list", "--limit", "0"), "'--limit' 的取值无效：应不小于 1"),
        (("audit", "list", "--limit", "many"), "'--limit' 的取值无效：应为整数"),
        (("info", "surplus"), "多余的参数（surplus）"),
        (("audit", "list", "--limit"), "选项 '--limit' 需要一个取值。"),
    ],
)
def test_usage_errors_are_chinese(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: str
) -> None:
    code, out, err = invoke(capsys, *args)
    assert code == 2
    text = " ".join((out + err).split())  # the error panel may wrap a long line
    assert expected in text, text
    assert "错误" in err
    assert not ENGLISH_CHROME.search(err), err


def test_translation_nests_and_leaves_unknown_messages() -> None:
    assert (
        translate("Invalid value for '-n': Input should be less than or equal to 9")
        == "'-n' 的取值无效：应不大于 9"
    )
    assert translate("Missing option '--kind' / '-k'.") == "缺少选项 '--kind' / '-k'。"
    assert translate("Value 'x' is not a valid Path.") == "'x' 不是有效的 Path。"
    # A shape no rule knows prints as Typer wrote it, rather than a wrong Chinese sentence.
    assert translate("Something Typer may say one day.") == "Something Typer may say one day."
