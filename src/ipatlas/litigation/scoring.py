"""Per-field accuracy / F1 of the parser against hand-labelled judgments.

A fixture is one JSON file per judgment (``tests/fixtures/judgments/<id>.json``) holding the
labelled fields, the text's path relative to the shared judgments folder and its ``split``
(``dev``: the parser was developed against it; ``heldout``: never used for tuning).

A self-contained set keeps its texts beside the labels (``<fixtures>/texts/<id>.txt``, e.g.
``tests/fixtures/judgments_external``): :func:`judgments_dir_for` finds them, so such a set is scored
without the shared corpus.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ipatlas.errors import InputError, NotFoundError, cause

EXACT_FIELDS = ("case_number", "court", "document_type", "procedure", "decided_on", "cause", "outcome")
AMOUNT_FIELDS = ("damages_awarded", "damages_claimed")
SET_FIELDS = ("parties", "law_firms", "lawyers", "judges", "laws_cited")

#: Goals of issue 16 on a held-out set: (kind, threshold).
GOALS: dict[str, float] = {
    "case_number": 0.95,
    "court": 0.95,
    "document_type": 0.95,
    "procedure": 0.95,
    "decided_on": 0.95,
    "cause": 0.90,
    "parties": 0.90,
    "law_firms": 0.85,
    "lawyers": 0.85,
    "judges": 0.90,
    "damages_awarded": 0.80,
    "damages_claimed": 0.75,
    "outcome": 0.80,
    "laws_cited": 0.85,
}


def _items(rec: dict[str, Any], field: str) -> set[tuple[str, ...]]:
    if field == "parties":
        out: set[tuple[str, ...]] = set()
        for side, key in (("原告", "plaintiffs"), ("被告", "defendants"), ("第三人", "third_parties")):
            out.update((side, str(n)) for n in rec.get(key) or [])
        return out
    if field == "judges":
        return {(str(j.get("name")), str(j.get("role"))) for j in rec.get("judges") or []}
    if field == "laws_cited":
        return {(str(c.get("law")), str(c.get("article"))) for c in rec.get("laws_cited") or []}
    return {(str(x),) for x in rec.get(field) or []}


def _amount_equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 0.5


def judgments_dir_for(fixtures_dir: Path, default: Path) -> Path:
    """Where the texts of a fixture set are: beside the labels when it has a ``texts/`` folder."""
    return fixtures_dir if (fixtures_dir / "texts").is_dir() else default


def load_fixtures(directory: Path, *, split: str | None = None) -> list[dict[str, Any]]:
    if not directory.is_dir():
        raise NotFoundError(f"标注目录不存在：{directory}")
    out = []
    for path in sorted(directory.glob("*.json")):
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"标注文件无法读取：{cause(exc)}", file=str(path)) from None
        if not isinstance(rec, dict) or "file" not in rec:
            raise InputError("标注文件缺少 file 字段", file=str(path), field="file")
        rec["_fixture"] = path.name
        if split is None or rec.get("split") == split:
            out.append(rec)
    return out


def score(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """Per-field scores over (label, prediction) pairs, plus the misses for inspection."""
    exact: dict[str, list[int]] = {f: [0, 0] for f in (*EXACT_FIELDS, *AMOUNT_FIELDS)}
    counts: dict[str, list[int]] = {f: [0, 0, 0] for f in SET_FIELDS}  # tp, fp, fn
    misses: list[dict[str, Any]] = []
    n = 0
    for label, pred in pairs:
        n += 1
        for f in EXACT_FIELDS:
            ok = (label.get(f) or None) == (pred.get(f) or None)
            exact[f][0] += int(ok)
            exact[f][1] += 1
            if not ok:
                misses.append(
                    {
                        "fixture": label.get("_fixture"),
                        "field": f,
                        "label": label.get(f),
                        "parsed": pred.get(f),
                    }
                )
        for f in AMOUNT_FIELDS:
            ok = _amount_equal(label.get(f), pred.get(f))
            exact[f][0] += int(ok)
            exact[f][1] += 1
            if not ok:
                misses.append(
                    {
                        "fixture": label.get("_fixture"),
                        "field": f,
                        "label": label.get(f),
                        "parsed": pred.get(f),
                    }
                )
        for f in SET_FIELDS:
            gold, got = _items(label, f), _items(pred, f)
            counts[f][0] += len(gold & got)
            counts[f][1] += len(got - gold)
            counts[f][2] += len(gold - got)
            if gold != got:
                misses.append(
                    {
                        "fixture": label.get("_fixture"),
                        "field": f,
                        "missing": sorted("/".join(x) for x in gold - got),
                        "extra": sorted("/".join(x) for x in got - gold),
                    }
                )
    fields: dict[str, dict[str, Any]] = {}
    for f, (ok, total) in exact.items():
        fields[f] = {
            "metric": "accuracy",
            "value": round(ok / total, 4) if total else None,
            "correct": ok,
            "total": total,
        }
    for f, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        fields[f] = {
            "metric": "f1",
            "value": round(f1, 4),
            "precision": round(p, 4),
            "recall": round(r, 4),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    for f, goal in GOALS.items():
        v = fields[f]["value"]
        fields[f]["goal"] = goal
        fields[f]["meets_goal"] = v is not None and v >= goal
    return {"documents": n, "fields": fields, "misses": misses}


def score_fixtures(
    fixtures_dir: Path,
    judgments_dir: Path | None = None,
    *,
    split: str | None = None,
    parse: Callable[[Path], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Parse every labelled judgment and score the parser on it.

    ``judgments_dir`` defaults to the fixture folder itself (texts in ``texts/``).
    """
    from ipatlas.litigation.parser import parse_file

    if judgments_dir is None:
        judgments_dir = fixtures_dir

    parse_fn = parse or (lambda p: parse_file(p, resolve_regions=False))
    labels = load_fixtures(fixtures_dir, split=split)
    if not labels:
        raise NotFoundError(f"没有标注（split={split or '全部'}）：{fixtures_dir}")
    pairs = []
    for label in labels:
        path = judgments_dir / label["file"]
        if not path.is_file():
            raise NotFoundError(f"标注所指的判决书文本不存在：{path}", file=str(path))
        pairs.append((label, parse_fn(path)))
    out = score(pairs)
    out["split"] = split or "all"
    return out
