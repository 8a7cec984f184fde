"""Score yearbook extracts against labelled facts (``tests/ingest/fixtures/yearbooks/r6_labels.txt``).

Each case is a file plus what a person states (``region=…``/``year=…``). ``expect=facts``: the loaded
(region_code, year, variable, value) set must equal the labelled rows exactly; ``expect=none``: the
file is refused with a reason, or nothing is loaded and every row read is quarantined (reported).
Usage: ``yearbook_score.py SHARED_DIR [file-prefix …]`` (e.g. ``held_`` to score the held-out half)."""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from yearbook_facts import import_statistics

FIXTURES = Path(__file__).resolve().parents[1] / "tests/ingest/fixtures/yearbooks"

Fact = tuple[str, int, str, float]


def _given(text: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for part in filter(None, text.split(";")):
        key, _, val = part.partition("=")
        out[key] = int(val) if key == "year" else val
    return out


def outcome(path: Path, shared: Path, given: dict[str, object]) -> tuple[str, set[Fact]]:
    refused, rows, _, r = import_statistics(path, shared, given)
    if refused is not None:
        return f"REFUSED {refused[:120]}", set()
    facts = {(str(a), int(b), str(c), round(float(d), 6)) for a, b, c, d, _ in rows}
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
