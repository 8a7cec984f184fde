"""Score yearbook extracts against labelled facts (``tests/ingest/fixtures/yearbooks/r6_labels.txt``).

Each case is a file plus what a person states (``region=…``/``year=…``). ``expect=facts``: the loaded
(region_code, year, variable, value) set must equal the labelled rows exactly; ``expect=none``: the
file is refused with a reason, or nothing is loaded and every row read is quarantined (reported).
Usage: ``yearbook_score.py SHARED_DIR [file-prefix …]`` (e.g. ``held_`` to score the held-out half)."""

from __future__ import annotations

import csv
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import duckdb

from ipatlas.config import Settings
from ipatlas.errors import IngestError
from ipatlas.ingest import import_file

FIXTURES = Path(__file__).resolve().parents[1] / "tests/ingest/fixtures/yearbooks"

Fact = tuple[str, int, str, float]


def _given(text: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for part in filter(None, text.split(";")):
        key, _, val = part.partition("=")
        out[key] = int(val) if key == "year" else val
    return out


def outcome(path: Path, shared: Path, given: dict[str, object]) -> tuple[str, set[Fact]]:
    with tempfile.TemporaryDirectory() as tmp:
        s = Settings(data_dir=Path(tmp) / "data", shared_dir=shared)
        s.ensure_dirs()
        try:
            r = import_file(s, "statistics", path, "auto", **given)  # type: ignore[arg-type]
        except IngestError as exc:
            return f"REFUSED {exc.message[:120]}", set()
        con = duckdb.connect(str(s.duckdb_path), read_only=True)
        rows = con.execute("SELECT region_code, year, variable, value FROM statistics").fetchall()
        con.close()
        facts = {(str(a), int(b), str(c), round(float(d), 6)) for a, b, c, d in rows}
        return f"read {r.read} loaded {r.loaded} quar {r.quarantined}", facts


def main(shared: Path, prefixes: list[str]) -> None:
    cases: dict[tuple[str, str], set[Fact]] = defaultdict(set)
    expect: dict[tuple[str, str], str] = {}
    with (FIXTURES / "r6_labels.txt").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if prefixes and not row["file"].startswith(tuple(prefixes)):
                continue
            key = (row["file"], row["given"])
            expect[key] = row["expect"]
            if row["expect"] == "facts":
                fact = (row["region_code"], int(row["year"]), row["variable"], float(row["value"]))
                cases[key].add((fact[0], fact[1], fact[2], round(fact[3], 6)))
    ok = 0
    for key, kind in expect.items():
        status, got = outcome(FIXTURES / key[0], shared, _given(key[1]))
        want = cases[key]
        good = got == want if kind == "facts" else not got
        ok += good
        extra, missing = sorted(got - want), sorted(want - got)
        print(f"{'PASS' if good else 'FAIL'} {key[0]} {key[1] or '-'}: {status}")
        if not good:
            print(f"   missing {len(missing)} {missing[:4]}  unexpected {len(extra)} {extra[:4]}")
    print(f"{ok}/{len(expect)} cases")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
