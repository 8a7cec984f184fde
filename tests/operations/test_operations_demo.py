"""The demo generator: consistent with the demo patents, labelled, calibrated, idempotent."""

from __future__ import annotations

import json
from pathlib import Path

from ops_helpers import load_demo_patents

from ipatlas.demo.operations import AMOUNT_2019_WAN, PATENT_SHARE, run_operations_demo
from ipatlas.ingest.pipeline import DEMO_SIDECAR_SUFFIX
from ipatlas.store.lake import Lake


def test_demo_operations_are_consistent_and_idempotent(settings, tmp_path: Path) -> None:
    load_demo_patents(settings, tmp_path)
    first = run_operations_demo(settings, tmp_path / "demo")
    tables = {r["table"] for r in first}
    assert {"pledges", "transfers", "licences", "subsidies", "works", "software"} <= tables
    assert all(r["loaded"] > 0 for r in first if r["table"] in ("pledges", "transfers", "licences"))
    for r in first:
        assert r["read"] == r["loaded"] + r["duplicates"] + r["quarantined"]
        assert r["quarantined"] == r["expected_quarantined"], r
        assert r["is_demo"] is True and r["flagged"] == 0, r
    con = Lake(settings.lake_dir).connect()
    # Only granted patents in force on the date are pledged or licensed.
    bad = con.execute(
        """SELECT count(*) FROM (
             SELECT patent_no, event_date AS d FROM pledges WHERE event = 'effective'
             UNION ALL SELECT patent_no, filing_date FROM licences) x
           JOIN patents p ON p.app_no = x.patent_no
           WHERE p.grant_date > x.d OR (p.legal_status = 'lapsed' AND p.status_date <= x.d)"""
    ).fetchall()[0][0]
    assert bad == 0
    unlinked = con.execute("SELECT count(*) FROM pledges WHERE NOT linked").fetchall()[0][0]
    assert unlinked == 0
    assert con.execute("SELECT bool_and(is_demo) FROM pledges").fetchall()[0][0] is True
    # Calibrated: 2019's amount does not exceed the cited annualised total at the demo's scale.
    scale = 240 / 400_000
    amount = con.execute(
        "SELECT sum(amount) FROM (SELECT reg_no, any_value(amount) AS amount FROM pledges "
        "WHERE event = 'effective' AND year(event_date) = 2019 GROUP BY 1)"
    ).fetchall()[0][0]
    assert amount is None or 0 < amount <= AMOUNT_2019_WAN * PATENT_SHARE * scale * 1.001
    con.close()
    manifest = (settings.lake_dir / "_manifest.json").read_text("utf-8")
    second = run_operations_demo(settings, tmp_path / "demo")
    assert all(r["skipped"] for r in second)
    assert (settings.lake_dir / "_manifest.json").read_text("utf-8") == manifest
    sidecar = json.loads(
        Path(
            str(tmp_path / "demo" / "operations" / "operations_pledge.csv") + DEMO_SIDECAR_SUFFIX
        ).read_text()
    )
    assert sidecar["label"] == "演示数据"
