"""Every command's help and every option's help reads in Chinese: the office's IT staff read
``ipatlas … --help``. Value lists (``auto | demo | simple``) and names are allowed; an English
phrase without any Chinese is not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer

from ipatlas.cli import app

CJK = re.compile(r"[\u4e00-\u9fff]")
PHRASE = re.compile(r"[A-Za-z]{3,} [A-Za-z]{2,} [A-Za-z]{2,}")


def _commands(cmd: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _commands(sub, f"{path} {name}")


def english_helps() -> list[str]:
    found = []
    for path, cmd in _commands(typer.main.get_command(app), "ipatlas"):
        texts = [("help", cmd.help or "")] + [(p.name, getattr(p, "help", None) or "") for p in cmd.params]
        found += [f"{path} [{k}]: {t}" for k, t in texts if t and PHRASE.search(t) and not CJK.search(t)]
    return found


def test_every_command_and_option_help_is_chinese() -> None:
    commands = list(_commands(typer.main.get_command(app), "ipatlas"))
    assert len(commands) > 100  # the whole tree is walked, not the top level only
    assert english_helps() == []


def test_the_check_sees_an_english_help() -> None:
    @app.command("zz-english-probe")
    def probe(flag: bool = typer.Option(False, "--flag", help="Print the thing on stdout.")) -> None:
        """Shows something."""

    try:
        assert any("zz-english-probe [flag]" in h for h in english_helps())
    finally:
        app.registered_commands.pop()


def missing_helps() -> list[str]:
    return [
        f"{path} [{p.name}]"
        for path, cmd in _commands(typer.main.get_command(app), "ipatlas")
        for p in cmd.params
        if not (getattr(p, "help", None) or "").strip()
    ]


def test_every_option_and_argument_says_what_it_is() -> None:
    assert missing_helps() == []


def test_the_check_sees_an_option_without_help() -> None:
    @app.command("zz-silent-probe")
    def probe(limit: int = typer.Option(5, "--limit")) -> None:
        """探针。"""

    try:
        assert "ipatlas zz-silent-probe [limit]" in missing_helps()
    finally:
        app.registered_commands.pop()
