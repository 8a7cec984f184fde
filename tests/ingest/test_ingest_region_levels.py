"""Resolved region columns: ``adcode`` holds a county code only; coarser resolutions fill only the
prefecture / province columns, and ``region_level`` names the finest code that is set."""

from __future__ import annotations

from ingest_helpers import GOOD_PATENTS, TM_HEADER, app, check_invariant, write_patents, write_table

from ipatlas.ingest import import_file
from ipatlas.ingest.regions import resolve

COLS = ("adcode", "city_code", "province_code", "region_level", "country")

# address, postcode → (adcode, city_code, province_code, region_level, country)
CASES: list[tuple[str, str, tuple[str | None, ...]]] = [
    ("重庆市沙坪坝区沙正街174号", "400044", ("500106", "500000", "500000", "county", "CN")),
    ("辽宁省沈阳市和平区某某路1号", "", ("210102", "210100", "210000", "county", "CN")),
    ("沈阳市", "", (None, "210100", "210000", "city", "CN")),
    ("辽宁省沈阳市某某大厦", "", (None, "210100", "210000", "city", "CN")),
    ("辽宁省", "", (None, None, "210000", "province", "CN")),
    ("辽宁省某某路8号", "", (None, None, "210000", "province", "CN")),
    # A municipality is its own prefecture (registry: 重庆市 city_code 500000, the convention of
    # its county records): city_code = province_code, so the indicator engine counts it at
    # province level only (its city level needs city_code ≠ province_code).
    ("重庆市", "", (None, "500000", "500000", "city", "CN")),
    ("北京市", "", (None, "110000", "110000", "city", "CN")),
    ("某某路1号", "400044", (None, "500000", "500000", "city", "CN")),  # postcode only
    ("某某路2号", "110001", (None, None, "210000", "province", "CN")),  # postcode only
    # 东莞 is a county-level unit of its own (不设区的地级市): the resolver's county code stays.
    ("广东省东莞市长安镇", "", ("441900", "441900", "440000", "county", "CN")),
    ("美国加利福尼亚州圣何塞市", "", (None, None, None, "country", "US")),
    ("日本东京都港区", "", (None, None, None, "country", "JP")),
    ("江北区某某路", "", (None, None, None, "country", "CN")),  # 重庆 or 宁波: undecided
    ("某某路3号", "", (None, None, None, "none", None)),
]


def test_bridge_levels():
    got = resolve([c[0] for c in CASES], [c[1] or None for c in CASES]).to_pylist()
    for (address, postcode, want), row in zip(CASES, got, strict=True):
        assert tuple(row[k] for k in COLS) == want, (address, postcode)


def _engine_levels(con, table: str) -> dict[tuple[str, str], int]:
    """Reference: how the indicator engine's roll-up assigns records to regions
    (``ipatlas.indicators.engine.rollup``): county when adcode differs from both coarser codes,
    prefecture when city_code differs from province_code, province always."""
    rows = con.execute(
        f"""SELECT 'county', adcode, count(*) FROM {table}
              WHERE adcode IS NOT NULL AND adcode <> province_code AND adcode <> coalesce(city_code, '')
              GROUP BY 2
            UNION ALL SELECT 'city', city_code, count(*) FROM {table}
              WHERE city_code IS NOT NULL AND city_code <> province_code GROUP BY 2
            UNION ALL SELECT 'province', province_code, count(*) FROM {table}
              WHERE province_code IS NOT NULL GROUP BY 2"""
    ).fetchall()
    return {(lvl, code): n for lvl, code, n in rows}


def test_patent_import_region_columns(settings, lake, tmp_path):
    rows = [
        dict(GOOD_PATENTS[0], app_no=app(f"2014101{i:05d}"), address=a, postcode=p)
        for i, (a, p, _) in enumerate(CASES)
    ]
    s = import_file(settings, "patents", write_patents(tmp_path / "levels.csv", rows))
    check_invariant(s)
    assert (s.loaded, s.quarantined) == (len(CASES), 0), s.quarantine_sample
    got = {r["app_no"]: r for r in lake.read("patents").to_pylist()}
    for row, (address, _p, want) in zip(rows, CASES, strict=True):
        rec = got[row["app_no"]]
        assert tuple(rec[k] for k in COLS) == want, address
    con = lake.connect()
    # A county code only in the county column.
    assert con.execute(
        "SELECT count(*) FROM patents WHERE adcode = province_code OR adcode IN (SELECT city_code FROM "
        "patents WHERE region_level = 'city') OR (adcode IS NULL) = (region_level = 'county')"
    ).fetchall() == [(0,)]
    assert _engine_levels(con, "patents") == {
        ("county", "500106"): 1,
        ("county", "210102"): 1,
        ("city", "210100"): 3,
        ("city", "441900"): 1,
        ("province", "500000"): 3,
        ("province", "110000"): 1,
        ("province", "210000"): 6,
        ("province", "440000"): 1,
    }


def test_trademark_import_region_columns(settings, lake, tmp_path):
    header = TM_HEADER
    addresses = ["重庆市渝北区金开大道1号", "重庆市", "沈阳市某某路1号", "辽宁省", "美国纽约州"]
    rows = [
        [
            f"{12345670 + i}",
            "9",
            "云端",
            "某科技有限公司",
            a,
            "2015-01-02",
            "2016-01-02",
            "2026-01-01",
            "已注册",
            "普通商标",
            "否",
            "否",
        ]
        for i, a in enumerate(addresses)
    ]
    s = import_file(settings, "trademarks", write_table(tmp_path / "tm.csv", header, rows))
    assert (s.loaded, s.quarantined) == (5, 0), s.quarantine_sample
    got = {r["owner_address"]: tuple(r[k] for k in COLS) for r in lake.read("trademarks").to_pylist()}
    assert got == {
        "重庆市渝北区金开大道1号": ("500112", "500000", "500000", "county", "CN"),
        "重庆市": (None, "500000", "500000", "city", "CN"),
        "沈阳市某某路1号": (None, "210100", "210000", "city", "CN"),
        "辽宁省": (None, None, "210000", "province", "CN"),
        "美国纽约州": (None, None, None, "country", "US"),
    }
