"""Past imports and their quarantined rows, read from the lake's ``imports`` and ``quarantine`` tables."""

from __future__ import annotations

from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import NotFoundError
from ipatlas.ingest.summary import ImportSummary, QuarantineSample
from ipatlas.store.lake import Lake

SAMPLE_SIZE = 5

# The quarantine rows of each import whose id is in the list parameter, with ``for_import`` naming
# that import. A bad row is recorded once per (table, source content): by the first import of that
# content (see ``pipeline._new_quarantine_sql``); a later import of the same content (any file
# name) reports those rows, recorded by it or by earlier imports, never by later ones (import ids
# sort in time order). Lakes written before the de-duplication may hold a key several times: the
# earliest import's rows are the ones reported. An import without a source hash keeps its own rows.
LINKED_QUARANTINE_SQL = """
    WITH x AS (
      SELECT import_id AS for_import, "table" AS x_table, coalesce(source_hash, '') AS x_hash
      FROM imports WHERE list_contains(?, import_id)),
    q AS (
      SELECT q.*, i."table" AS q_table, coalesce(i.source_hash, '') AS q_hash,
             min(q.import_id) OVER (PARTITION BY i."table", i.source_hash, q.source_row, q.field,
                                                 q.reason) AS q_first
      FROM quarantine q JOIN imports i USING (import_id)
      WHERE q.import_id IN (SELECT for_import FROM x)
         OR (i."table", i.source_hash) IN (SELECT x_table, x_hash FROM x WHERE x_hash <> ''))
    SELECT x.for_import, q.import_id, q.file, q.source_row, q.field, q.value, q.reason, q.raw
    FROM x JOIN q ON CASE WHEN x.x_hash = '' THEN q.import_id = x.for_import
                          ELSE q.q_table = x.x_table AND q.q_hash = x.x_hash
                               AND q.import_id = q.q_first AND q.import_id <= x.for_import END
"""


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
            con.execute(f"CREATE TEMP TABLE __linked AS {LINKED_QUARANTINE_SQL}", [ids])
            for imp, row, fld, val, reason in con.execute(
                """SELECT for_import, source_row, field, value, reason FROM (
                     SELECT *, row_number() OVER (PARTITION BY for_import ORDER BY source_row) AS n
                     FROM __linked) WHERE n <= ?
                   ORDER BY for_import, source_row""",
                [SAMPLE_SIZE],
            ).fetchall():
                samples.setdefault(imp, []).append(
                    QuarantineSample(row=row, field=fld, value=val, reason=reason)
                )
            for imp, reason, n in con.execute(
                "SELECT for_import, reason, count(*) FROM __linked GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2"
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
    """One import and its quarantined rows (ordered by row number; ``limit`` caps how many).

    Each row also names the ``import_id`` (and ``file``) that recorded it: an earlier import of
    the same content when this one re-imported it."""
    found = _summaries(settings, "WHERE import_id = ?", [import_id])
    if not found:
        raise NotFoundError(f"没有导入批次 {import_id}")
    con = Lake(settings.lake_dir).connect()
    try:
        sql = (
            "SELECT source_row, field, value, reason, raw, file, import_id "
            f"FROM ({LINKED_QUARANTINE_SQL}) ORDER BY source_row, field NULLS FIRST, reason"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cur = con.execute(sql, [[import_id]])
        names = [d[0] for d in cur.description]  # type: ignore[union-attr]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    return found[0], rows
