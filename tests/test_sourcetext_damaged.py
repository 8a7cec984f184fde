"""Damaged documents and workbooks: whatever the bytes, the readers raise InputError naming the
file or read the text — never another exception, never output on stdout (a command's --json).

Each fixture of tests/fixtures/office97 (and an XLSX/DOCX built from the same content) is damaged
in a seeded, repeatable way: bytes overwritten, the file cut short, a run of bytes replaced. The
damage found IndexError/struct.error/AssertionError from xlrd's lazily read sheets, zlib errors
from OFD members and NotImplementedError from zip headers before the readers caught them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import office97
from ipatlas.errors import InputError
from ipatlas.sourcetext import read_source
from ipatlas.sourcetext.sheets import open_workbook

ROUNDS = 40


def _damaged(base: bytes, rnd: random.Random) -> bytes:
    data = bytearray(base)
    kind = rnd.random()
    if kind < 0.4:
        for _ in range(rnd.randint(1, 20)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    elif kind < 0.7:
        data = data[: rnd.randrange(len(data))]
    else:
        at = rnd.randrange(len(data))
        data[at : at + rnd.randint(1, 500)] = bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 500)))
    return bytes(data)


def _read(path: Path) -> str:
    if path.suffix in (".xls", ".xlsx"):
        with open_workbook(path, merged=path.stem.endswith("m")) as wb:
            return repr([(list(wb.rows(sheet)), wb.merged(sheet)) for sheet in wb.sheetnames])
    return read_source(path).text


@pytest.mark.parametrize(
    "name", ["plan.doc", "plan.rtf", "plan.ofd", "cells.xls", "tasks.xls", "cells.xlsx", "plan.docx"]
)
def test_damaged_files_give_input_errors_only(
    tmp_path: Path, name: str, capfd: pytest.CaptureFixture[str]
) -> None:
    if name == "cells.xlsx":
        base = office97.write_xlsx(tmp_path / name, office97.CELLS).read_bytes()
    elif name == "plan.docx":
        base = office97.write_plan_docx(tmp_path / name).read_bytes()
    else:
        base = (office97.FIXTURES / name).read_bytes()
    rnd = random.Random(name)
    stem, suffix = name.split(".")
    clean = tmp_path / f"clean.{suffix}"
    clean.write_bytes(base)
    text = _read(clean)
    changed = 0
    for i in range(ROUNDS):
        path = tmp_path / f"{stem}{i}{'m' if i % 2 else ''}.{suffix}"
        path.write_bytes(_damaged(base, rnd))
        try:
            changed += _read(path) != text
        except InputError as exc:
            assert path.name in str(exc)
            changed += 1
    assert changed > ROUNDS // 4  # the damage is real: files are refused or read differently
    assert capfd.readouterr().out == ""
