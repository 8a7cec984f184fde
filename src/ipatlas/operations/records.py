"""Importing operation records (and copyright / plant-variety registrations) into the lake.

A thin layer over :func:`ipatlas.ingest.import_file`: the table's declared profile does the
parsing, quarantine, dedupe and the atomic commit; this adds the records flagged for checking
(``flags``: a pledge of a patent not in force, a second pledge of a pledged patent, a transfer
whose 变更前权利人 is not the holder of record, amounts that look like 元) to the answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipatlas.config import Settings
from ipatlas.ingest import Profile, import_file, load_profile
from ipatlas.ingest.autoprofile import AUTO
from ipatlas.operations.kinds import get_kind
from ipatlas.progress import ProgressCallback
from ipatlas.store.lake import Lake


def import_records(
    settings: Settings,
    kind: str,
    path: Path,
    profile: str | Path = AUTO,
    *,
    amount_unit: str | None = None,
    demo: bool | None = None,
    allowed: tuple[str, ...] | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, Any]:
    """Import one file of ``kind``; returns read/loaded/duplicates/quarantined (+ flags, details)."""
    k = get_kind(kind, allowed)
    prof: str | Path | Profile = profile if profile == AUTO else load_profile(k.table, profile)
    adjust = None
    if amount_unit is not None:
        if amount_unit not in ("万元", "元"):
            from ipatlas.errors import InputError

            raise InputError(f"金额单位只能是 万元 或 元，而不是 {amount_unit!r}", field="--amount-unit")
        unit = amount_unit

        def adjust(p: Profile) -> Profile:
            return p.model_copy(update={"amount_unit": unit})

    summary = import_file(settings, k.table, Path(path), prof, demo=demo, progress=progress, adjust=adjust)
    flagged, reasons = _flags(settings, k.table, summary.import_id)
    if summary.loaded:
        from ipatlas.operations.publish import REFRESH, publish_facts

        if k.table in REFRESH:
            publish_facts(settings, REFRESH[k.table])
    return {
        "kind": k.kind,
        "table": k.table,
        "read": summary.read,
        "loaded": summary.loaded,
        "inserted": summary.inserted,
        "replaced": summary.replaced,
        "duplicates": summary.duplicates,
        "quarantined": summary.quarantined,
        "flagged": flagged,
        "flag_reasons": reasons,
        "import_id": summary.import_id,
        "file": summary.file,
        "profile": summary.profile,
        "is_demo": summary.is_demo,
        "quarantine_sample": [q.model_dump() for q in summary.quarantine_sample],
        "quarantine_reasons": summary.quarantine_reasons,
        "seconds": summary.seconds,
    }


def _flags(settings: Settings, table: str, import_id: str) -> tuple[int, dict[str, int]]:
    """Records this import wrote that carry flags, and the count per reason (text before '（')."""
    con = Lake(settings.lake_dir).connect()
    try:
        n = con.execute(
            f"SELECT count(*) FROM {table} WHERE import_id = ? AND len(flags) > 0", [import_id]
        ).fetchall()[0][0]
        rows = con.execute(
            f"""SELECT regexp_extract(f, '^[^（(]+'), count(*) FROM (
                  SELECT unnest(flags) AS f FROM {table} WHERE import_id = ?) GROUP BY 1 ORDER BY 2 DESC""",
            [import_id],
        ).fetchall()
    finally:
        con.close()
    return int(n), {str(r): int(c) for r, c in rows}
