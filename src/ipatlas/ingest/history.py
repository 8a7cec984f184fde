"""Past imports and their quarantined rows, read from the lake's ``imports`` and ``quarantine`` tables."""

from __future__ import annotations

from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import NotFoundError
from ipatlas.ingest.summary import ImportSummary, QuarantineSample
from ipatlas.store.lake import Lake

SAMPLE_SIZE = 5


def _summaries(settings: Settings, where: str = "", params: list[Any] | None = None) -> list[ImportSummary]:
    con = Lake(settings.lake_dir).connect()
    try:
        rows = con.execute(
            f"SELECT * FROM imports {where} ORDER BY started_at DESC, import_id DESC", params or []
        ).fetchall()
        names = [d[0] for d in con.description]  # type: ignore[union-attr]
        ids = [r[0] for r in rows]
        samples: dict[str, list[QuarantineSample]] = {}
        reasons: dict[str, dict[str, int]] = {}
        if ids:
            for imp, row, fld, val, reason in con.execute(
                """SELECT import_id, source_row, field, value, reason FROM (
                     SELECT *, row_number() OVER (PARTITION BY import_id ORDER BY source_row) AS n
                     FROM quarantine WHERE list_contains(?, import_id)) WHERE n <= ?
                   ORDER BY import_id, source_row""",
                [ids, SAMPLE_SIZE],
            ).fetchall():
                samples.setdefault(imp, []).append(
                    QuarantineSample(row=row, field=fld, value=val, reason=reason)
                )
            for imp, reason, n in con.execute(
                "SELECT import_id, reason, count(*) FROM quarantine WHERE list_contains(?, import_id) "
                "GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2",
                [ids],
            ).fetchall():
                reasons.setdefault(imp, {})[reason] = n
    finally:
        con.close()
    out = []
    for r in rows:
        d = dict(zip(names, r, strict=True))
        seconds = (d["finished_at"] - d["started_at"]).total_seconds()
        out.append(
            ImportSummary(
                **{k: d[k] for k in ImportSummary.model_fields if k in d},
                seconds=seconds,
                quarantine_sample=samples.get(d["import_id"], []),
                quarantine_reasons=reasons.get(d["import_id"], {}),
            )
        )
    return out


def list_imports(settings: Settings) -> list[ImportSummary]:
    """All imports, newest first."""
    return _summaries(settings)


def get_import(
    settings: Settings, import_id: str, *, limit: int | None = None
) -> tuple[ImportSummary, list[dict[str, Any]]]:
    """One import and its quarantined rows (ordered by row number; ``limit`` caps how many)."""
    found = _summaries(settings, "WHERE import_id = ?", [import_id])
    if not found:
        raise NotFoundError(f"没有导入批次 {import_id}")
    con = Lake(settings.lake_dir).connect()
    try:
        sql = (
            "SELECT source_row, field, value, reason, raw, file FROM quarantine "
            "WHERE import_id = ? ORDER BY source_row"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cur = con.execute(sql, [import_id])
        names = [d[0] for d in cur.description]  # type: ignore[union-attr]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    return found[0], rows
