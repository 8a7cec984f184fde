"""The demo generator: consistent with the demo patents, labelled, calibrated, idempotent."""

from __future__ import annotations

import json
from pathlib import Path

from ops_helpers import PATENT_HEADER, cn, write_csv

from ipatlas.demo.operations import AMOUNT_2019_WAN, PATENT_SHARE, run_operations_demo
from ipatlas.ingest import import_file
from ipatlas.ingest.pipeline import DEMO_SIDECAR_SUFFIX
from ipatlas.store.lake import Lake

HOLDERS = [
    ("重庆大学", "重庆市沙坪坝区沙正街174号"),
    ("重庆市农业科学院", "重庆市九龙坡区白市驿镇农科大道"),
    ("重庆甲乙科技有限公司", "重庆市渝北区金开大道1号"),
    ("重庆丙丁机械有限公司", "重庆市江津区几江街道1号"),
    ("重庆戊己电子有限公司", "重庆市江北区观音桥街道1号"),
    ("重庆庚辛材料有限公司", "重庆市涪陵区人民东路1号"),
]


def _demo_patents(settings, tmp: Path) -> None:
    rows = []
    for i in range(240):
        kind_digit, kind = [("1", "发明"), ("2", "实用新型")][i % 2]
        year = 2008 + i % 10
        base = f"{year}{kind_digit}0{i:06d}"
        who, addr = HOLDERS[i % len(HOLDERS)]
        lapsed = i % 7 == 0
        status, sdate = ("未缴年费终止失效", f"{year + 6}-03-01") if lapsed else ("有效", f"{year + 2}-05-01")
        rows.append(
            [
                cn(base),
                f"{year}-01-10",
                "",
                "",
                f"{year + 2}-05-01",
                kind,
                "一种装置",
                "",
                who,
                "张三",
                addr,
                "",
                "G06F16/24",
                "G06F16/24",
                "",
                status,
                sdate,
                "",
                "",
                "3",
                "0",
                "1",
            ]
        )
    path = write_csv(tmp / "demo_patents.csv", PATENT_HEADER, rows)
    Path(str(path) + DEMO_SIDECAR_SUFFIX).write_text("{}")
    assert import_file(settings, "patents", path, "standard").loaded == 240


def test_demo_operations_are_consistent_and_idempotent(settings, tmp_path: Path) -> None:
    _demo_patents(settings, tmp_path)
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
