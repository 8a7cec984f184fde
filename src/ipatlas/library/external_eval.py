"""Scoring the importer and the citation finder on a labelled set of laws it was not built on.

The set lives in ``tests/library/external`` (files + ``labels.yaml``, see its README): every law is
read exactly as :func:`ipatlas.library.import_path` reads it (``read_source`` → ``parse_document`` →
:func:`ipatlas.library.importer.document_fields`) but without a database, and compared with what a
person read in the text. Citation sentences are run through :func:`ipatlas.library.citations.detect`
with an alias table of the shared titles plus the labelled ones (as if all were imported).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from ipatlas.errors import InputError
from ipatlas.library.text import normalise_title, parse_document, read_source

_WS = re.compile(r"\s+")


def load_labels(folder: Path) -> dict[str, Any]:
    path = Path(folder) / "labels.yaml"
    if not path.is_file():
        raise InputError(f"缺少标注文件 {path}", file=str(path))
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _chapters(records: list[Any]) -> int:
    seen: set[str] = set()
    for rec in records:
        for part in (rec.heading or "").split(" / "):
            if re.match(r"^第\S+章", part):
                seen.add(part)
    return len(seen)


def _squash(text: str) -> str:
    return _WS.sub("", text)


def score_law(folder: Path, law: dict[str, Any]) -> dict[str, Any]:
    """What the importer makes of one labelled law: per-field hit/miss and sample accuracy."""
    from ipatlas.library.importer import document_fields

    path = Path(folder) / law["file"]
    out: dict[str, Any] = {"id": law["id"], "split": law["split"], "file": law["file"]}
    try:
        text, _note = read_source(path)
        parsed = parse_document(text, name=law["file"])
        fields = document_fields(parsed, {}, law["file"])
    except InputError as exc:
        return {**out, "loaded": False, "error": exc.message}
    articles = [r for r in parsed.records if r.kind == "article"]
    by_number = {r.number: r for r in articles if r.number is not None and r.anchor == f"art-{r.number}"}
    samples_ok = paragraphs_ok = 0
    for number, start, paragraphs in law.get("samples") or []:
        rec = by_number.get(number)
        if rec is not None and _squash(rec.text).startswith(_squash(str(start))):
            samples_ok += 1
            paragraphs_ok += int(len(rec.paragraphs()) == paragraphs)
    got = {
        "title": fields["title"],
        "level": fields["level"],
        "promulgated": fields["promulgated_on"],
        "effective": fields["effective_on"],
        "articles": len(articles),
        "chapters": _chapters(parsed.records),
        "issuer": fields["issuer"],
        "doc_no": fields["doc_no"],
    }
    checks = {
        "title": normalise_title(got["title"]) == normalise_title(law["title"]),
        "articles": got["articles"] == law["articles"],
        "chapters": got["chapters"] == law["chapters"],
        "articles_exact": got["articles"] == law["articles"] and samples_ok == len(law.get("samples") or []),
    }
    for key in ("promulgated", "effective"):
        if law.get(key) is not None:
            checks[key] = got[key] == _date(law[key])
    if law.get("level"):
        checks["level"] = got["level"] == law["level"]
    for key in ("issuer", "doc_no"):  # labelled from round 2 on; null = the text names none
        if key in law:
            checks[key] = _squash(got[key] or "") == _squash(law[key] or "")
    if law.get("captions"):  # round 18: each listed article's caption, kept out of its text
        checks["captions"] = all(
            by_number.get(int(n)) is not None and by_number[int(n)].caption == caption
            for n, caption in law["captions"].items()
        )
    return {
        **out,
        "loaded": True,
        "got": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in got.items()},
        "checks": checks,
        "samples": [samples_ok, len(law.get("samples") or [])],
        "paragraphs": [paragraphs_ok, len(law.get("samples") or [])],
    }


def shared_titles(shared_dir: Path | None) -> list[str]:
    """Titles of ``../shared/data/policies/metadata.csv`` (empty when it is not there)."""
    if shared_dir is None:
        return []
    meta = Path(shared_dir) / "data" / "policies" / "metadata.csv"
    if not meta.is_file():
        return []
    with meta.open(encoding="utf-8") as fh:
        return [row["标题"] for row in csv.DictReader(fh) if row.get("标题")]


def score_citations(labels: dict[str, Any], split: str, titles: list[str]) -> dict[str, Any]:
    """Micro precision / recall of (work, article) pairs over the labelled sentences of ``split``."""
    from ipatlas.library.citations import AliasTable, defined_names, detect

    aliases = AliasTable(titles + [law["title"] for law in labels["laws"]])
    tp = fp = fn = 0
    misses: list[dict[str, Any]] = []
    # short names defined in an earlier sentence of the same source hold in the later ones
    defined: dict[str, dict[str, str]] = {}
    for item in labels["citations"]:
        earlier = defined.setdefault(item["source"], {})
        if item["split"] != split:
            earlier.update(defined_names(item["text"]))
            continue
        expected = {(normalise_title(law), art) for law, art in item["expected"]}
        found = {
            (normalise_title(c.law), c.article)
            for c in detect(item["text"], aliases, context_title=item.get("context"), defined=earlier)
        }
        earlier.update(defined_names(item["text"]))
        tp += len(expected & found)
        fp += len(found - expected)
        fn += len(expected - found)
        if found != expected:
            missing, extra = sorted(expected - found, key=str), sorted(found - expected, key=str)
            misses.append({"id": item["id"], "missing": missing, "extra": extra})
    return {
        "sentences": sum(1 for c in labels["citations"] if c["split"] == split),
        "pairs": tp + fn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
        "misses": misses,
    }


def evaluate(folder: Path, split: str, shared_dir: Path | None = None) -> dict[str, Any]:
    """The figures of one split: loaded, per-field accuracy, sample accuracy, citation P/R."""
    labels = load_labels(folder)
    laws = [score_law(folder, law) for law in labels["laws"] if law["split"] == split]
    loaded = [r for r in laws if r["loaded"]]
    fields: dict[str, list[int]] = {}
    for r in loaded:
        for key, ok in r["checks"].items():
            fields.setdefault(key, [0, 0])
            fields[key][0] += int(ok)
    for key in {k for law in labels["laws"] if law["split"] == split for k in _field_keys(law)}:
        fields.setdefault(key, [0, 0])
        fields[key][1] = sum(1 for law in labels["laws"] if law["split"] == split and key in _field_keys(law))
    total = sum(len(law.get("samples") or []) for law in labels["laws"] if law["split"] == split)
    samples = [sum(r["samples"][0] for r in loaded), total]
    paragraphs = [sum(r["paragraphs"][0] for r in loaded), total]
    return {
        "split": split,
        "laws": len(laws),
        "loaded": len(loaded),
        "fields": {k: f"{v[0]}/{v[1]}" for k, v in sorted(fields.items())},
        "samples": f"{samples[0]}/{samples[1]}",
        "paragraphs": f"{paragraphs[0]}/{paragraphs[1]}",
        "citations": score_citations(labels, split, shared_titles(shared_dir)),
        "details": laws,
    }


def _field_keys(law: dict[str, Any]) -> list[str]:
    keys = ["title", "articles", "chapters", "articles_exact"]
    keys += [k for k in ("promulgated", "effective", "level") if law.get(k) is not None]
    keys += [k for k in ("issuer", "doc_no") if k in law]
    keys += ["captions"] if law.get("captions") else []
    return keys
