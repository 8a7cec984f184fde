"""A small, plain-Python reference reader for the demo files (independent of the importer).

It reads each file with its profile (column names, date formats, list separator, value maps),
classifies the rows the way the issue describes bad input, and counts patents in force on a
date the standard way: granted on or before it, and no lapse/expiry/invalidation/surrender
dated on or before it; one record per application number (latest status date wins).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROFILES = Path(__file__).resolve().parents[2] / "src" / "ipatlas" / "ingest" / "profiles"
W12 = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
W8 = (2, 3, 4, 5, 6, 7, 8, 9)
DIGIT_KIND = {"1": "invention", "8": "invention", "2": "utility", "9": "utility", "3": "design"}
IPC = re.compile(r"^[A-H]\d{2}[A-Z] ?[1-9]\d{0,3}/\d{2,6}$")
ENDED = {"lapsed", "expired", "invalidated", "abandoned"}


def profile(table: str, name: str) -> dict[str, Any]:
    return yaml.safe_load((PROFILES / table / f"{name}.yaml").read_text("utf-8"))


def read_rows(path: Path, encoding: str) -> list[dict[str, Any]]:
    if path.suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        rows = list(wb.active.iter_rows(values_only=True))
        wb.close()
        header = [str(h) for h in rows[0]]
        return [dict(zip(header, r, strict=False)) for r in rows[1:]]
    enc = "utf-8-sig" if encoding.startswith("utf-8") else encoding
    with path.open(encoding=enc, newline="") as fh:
        return list(csv.DictReader(fh))


def parse_date(value: Any, formats: list[str]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for f in formats:
        try:
            return dt.datetime.strptime(str(value), f).date()
        except ValueError:
            continue
    raise ValueError(value)


def app_number(text: Any) -> tuple[str | None, str]:
    """(normalised number, problem) — problem '' when the number is fine."""
    if text is None or str(text).strip() == "":
        return None, "missing_app_no"
    s = str(text).upper().replace(" ", "")
    s = s[2:] if s.startswith("CN") else s
    m = re.fullmatch(r"(\d{12}|\d{8})\.([0-9X])", s)
    if not m:
        return None, "bad_format"
    base, chk = m.groups()
    weights = W12 if len(base) == 12 else W8
    c = sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
    if ("X" if c == 10 else str(c)) != chk:
        return None, "bad_check_digit"
    return "CN" + base + "." + chk, ""


@dataclass
class PatentRow:
    app_no: str
    kind: str
    filing: dt.date
    grant: dt.date | None
    status: str
    status_date: dt.date | None
    address: str


@dataclass
class PatentScan:
    rows: list[PatentRow] = field(default_factory=list)
    problems: Counter[str] = field(default_factory=Counter)
    read: int = 0
    labels: dict[str, set[str]] = field(default_factory=lambda: {"kind": set(), "legal_status": set()})


def scan_patents(path: Path, layout: str, encoding: str) -> PatentScan:
    prof = profile("patents", layout)
    col = {f: c for c, f in prof["columns"].items()}
    fmts = prof["date_formats"]
    kinds = {str(k): v for k, v in prof["value_maps"]["kind"].items()}
    statuses = {str(k): v for k, v in prof["value_maps"]["legal_status"].items()}
    out = PatentScan()
    for r in read_rows(path, encoding):
        out.read += 1
        app, problem = app_number(r[col["app_no"]])
        if problem:
            out.problems[problem] += 1
            continue
        kind = kinds.get(str(r[col["kind"]]))
        if kind is None:
            out.problems["unknown_kind"] += 1
            continue
        base = app[2:].split(".")[0]
        digit = base[4] if len(base) == 12 else base[2]
        if DIGIT_KIND[digit] != kind:
            out.problems["kind_number_mismatch"] += 1
            continue
        try:
            filing = parse_date(r[col["filing_date"]], fmts)
            grant = parse_date(r[col["grant_date"]], fmts)
            sdate = parse_date(r[col["status_date"]], fmts)
        except ValueError:
            out.problems["unparseable_date"] += 1
            continue
        assert filing is not None
        if grant is not None and grant < filing:
            out.problems["grant_before_filing"] += 1
            continue
        ipc = r[col["ipc_main"]]
        if ipc not in (None, "") and not IPC.match(str(ipc)):
            out.problems["bad_ipc"] += 1
            continue
        out.labels["kind"].add(str(r[col["kind"]]))
        out.labels["legal_status"].add(str(r[col["legal_status"]]))
        out.rows.append(
            PatentRow(
                app,
                kind,
                filing,
                grant,
                statuses[str(r[col["legal_status"]])],
                sdate,
                str(r[col["address"]] or ""),
            )
        )
    return out


def latest(rows: list[PatentRow]) -> dict[str, PatentRow]:
    """One record per application number: the one with the latest status date."""
    best: dict[str, PatentRow] = {}
    for r in rows:
        cur = best.get(r.app_no)
        if cur is None or (r.status_date or dt.date.min) > (cur.status_date or dt.date.min):
            best[r.app_no] = r
    return best


def in_force(r: PatentRow, when: dt.date) -> bool:
    if r.grant is None or r.grant > when:
        return False
    return not (r.status in ENDED and r.status_date is not None and r.status_date <= when)


def scan_trademarks(path: Path) -> tuple[list[dict[str, Any]], Counter[str]]:
    prof = profile("trademarks", "standard")
    col = {f: c for c, f in prof["columns"].items()}
    fmts = prof["date_formats"]
    status = {str(k): v for k, v in prof["value_maps"]["status"].items()}
    rows, problems = [], Counter()
    for r in read_rows(path, "utf-8-sig"):
        if not r[col["reg_no"]]:
            problems["missing_reg_no"] += 1
            continue
        if not r[col["owner"]]:
            problems["missing_owner"] += 1
            continue
        if not re.fullmatch(r"\d{1,2}", r[col["nice_class"]]) or not 1 <= int(r[col["nice_class"]]) <= 45:
            problems["bad_nice_class"] += 1
            continue
        try:
            app = parse_date(r[col["app_date"]], fmts)
            reg = parse_date(r[col["reg_date"]], fmts)
            exp = parse_date(r[col["expiry_date"]], fmts)
        except ValueError:
            problems["unparseable_date"] += 1
            continue
        rows.append(
            {
                "key": (r[col["reg_no"]], int(r[col["nice_class"]])),
                "app": app,
                "reg": reg,
                "expiry": exp,
                "status": status[r[col["status"]]],
                "well_known": r[col["well_known"]] == "是",
                "is_gi": r[col["is_gi"]] == "是",
            }
        )
    return rows, problems


def marks_in_force(rows: list[dict[str, Any]], when: dt.date) -> int:
    return sum(
        1
        for r in rows
        if r["reg"] is not None
        and r["reg"] <= when
        and r["expiry"] is not None
        and r["expiry"] > when
        and r["status"] != "invalid"
    )
