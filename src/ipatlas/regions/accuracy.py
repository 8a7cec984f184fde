"""Resolver accuracy on a labelled address file (``tests/regions/external/addresses.csv``).

Each row has ``kind`` (full, no_province, same_name, old_name, zone, …), ``split`` (dev / heldout / fresh),
the address, an optional postcode, and the expected ``expected_level``, ``expected_adcode`` and
``expected_country``. A row counts as correct when the resolver returns exactly that triple: a county
where the county is determinable from the text, the prefecture (``level='city'``) or the province
where it is not, ``level='country'`` with the ISO code for Hong Kong / Macao / Taiwan / foreign
addresses (and ``CN`` with no code for undecidable same-name districts such as 朝阳区 alone), and
``level='none'`` when nothing in the text names a place.

Run ``python scripts/score_resolver_external.py`` for the per-kind table and the failures.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ipatlas.regions.resolver import Resolver, get_resolver

# Splits whose failures may be read while changing the resolver; the others (heldout, fresh,
# fresh2) are scored only.
DEV_SPLITS = ("dev", *(f"dev{n}" for n in range(2, 19)), "dev12b", "dev12c", "dev15b", "dev16b", "dev16c")
#: Every split of the labelled file, in report order (the test holds the file to exactly these).
SPLITS = (
    "dev",
    "heldout",
    "fresh",
    "dev2",
    "fresh2",
    "dev3",
    "fresh3",
    "dev4",
    "fresh4",
    "dev5",
    "fresh5",
    "dev6",
    "fresh6",
    "dev7",
    "fresh7",
    "dev8",
    "fresh8",
    "dev9",
    "fresh9",
    "dev10",
    "fresh10",
    "dev11",
    "fresh11",
    "dev12",
    "fresh12",
    "dev12b",
    "fresh12b",
    "dev12c",
    "fresh12c",
    "dev13",
    "fresh13",
    "dev14",
    "fresh14",
    "dev15",
    "fresh15",
    "dev15b",
    "fresh15b",
    "dev16",
    "fresh16",
    "dev16b",
    "fresh16b",
    "dev16c",
    "fresh16c",
    "dev17",
    "fresh17",
    "dev18",
    "fresh18",
)


@dataclass(frozen=True, slots=True)
class Case:
    id: int
    split: str
    kind: str
    address: str
    postcode: str | None
    level: str
    adcode: str | None
    country: str | None
    source_url: str


@dataclass(slots=True)
class Score:
    total: int = 0
    correct: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind → [correct, total]
    failures: list[tuple[Case, tuple[str | None, str, str | None]]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def kind_accuracy(self, kind: str) -> float:
        correct, total = self.by_kind.get(kind, [0, 0])
        return correct / total if total else 0.0


def load_cases(path: str | Path) -> list[Case]:
    """Read the labelled file; raises FileNotFoundError if it is absent."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            Case(
                id=int(row["id"]),
                split=row["split"],
                kind=row["kind"],
                address=row["address"],
                postcode=row["postcode"] or None,
                level=row["expected_level"],
                adcode=row["expected_adcode"] or None,
                country=row["expected_country"] or None,
                source_url=row["source_url"],
            )
            for row in csv.DictReader(fh)
        ]


def score(cases: Iterable[Case], resolver: Resolver | None = None) -> Score:
    """Score the resolver (fresh cache) on ``cases``."""
    res = (resolver or get_resolver()).fresh(cache_size=0)
    out = Score()
    for case in cases:
        r = res.resolve(case.address, case.postcode)
        got = (r.adcode, r.level, r.country)
        ok = got == (case.adcode, case.level, case.country)
        out.total += 1
        out.correct += ok
        counts = out.by_kind.setdefault(case.kind, [0, 0])
        counts[0] += ok
        counts[1] += 1
        if not ok:
            out.failures.append((case, got))
    return out


def report(cases: list[Case], resolver: Resolver | None = None, heldout_failures: bool = False) -> str:
    """Plain-text table: accuracy per split and per kind, then the failures of the dev split (the
    held-out ones only with ``heldout_failures``: they are not to be read while tuning)."""
    lines = []
    for split in (*SPLITS, "all"):
        subset = [c for c in cases if split == "all" or c.split == split]
        s = score(subset, resolver)
        lines.append(f"{split}: {s.correct}/{s.total} = {s.accuracy:.1%}")
        if split == "all":
            for kind in sorted(s.by_kind, key=lambda k: -s.by_kind[k][1]):
                correct, total = s.by_kind[kind]
                lines.append(f"  {kind:12s} {correct:3d}/{total:3d} = {correct / total:.0%}")
            lines.append("failures:" if heldout_failures else "failures (dev split):")
            for case, got in s.failures:
                if case.split not in DEV_SPLITS and not heldout_failures:
                    continue
                want = (case.adcode, case.level, case.country)
                lines.append(f"  [{case.split} {case.kind}] {case.address} → got {got}, want {want}")
    return "\n".join(lines)
