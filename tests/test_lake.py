from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from ipatlas.errors import StoreError
from ipatlas.store.lake import Lake
from ipatlas.store.schema import arrow_schema


def _stats(rows: list[tuple[str, int, float]]) -> pa.Table:
    n = len(rows)
    return pa.table(
        {
            "region_code": [r[0] for r in rows],
            "year": [r[1] for r in rows],
            "variable": ["population"] * n,
            "value": [r[2] for r in rows],
            "unit": ["万人"] * n,
            "source": [None] * n,
            "import_id": ["imp-1"] * n,
            "source_hash": ["h"] * n,
            "source_row": list(range(2, n + 2)),
            "record_hash": [f"r{i}" for i in range(n)],
            "is_demo": [False] * n,
        }
    )


def test_empty_lake_has_typed_views(tmp_path):
    lake = Lake(tmp_path / "lake")
    con = lake.connect()
    assert con.execute("select count(*) from patents").fetchone() == (0,)
    assert lake.read("statistics").schema == arrow_schema("statistics")


def test_an_empty_table_reads_alike_on_cursors_and_in_the_exported_catalogue(tmp_path):
    # The stand-in of a table without files is SQL, not a relation registered on one connection:
    # a cursor, a query built from relation_sql and the analysts' catalogue file all see it, typed.
    lake = Lake(tmp_path / "lake")
    con = lake.connect()
    cur = con.cursor()
    assert cur.execute("select count(*) from trademarks").fetchone() == (0,)
    assert cur.execute("select * from patents").to_arrow_table().schema.names == arrow_schema("patents").names
    assert con.execute(f"select count(*) from {lake.relation_sql('patents')}").fetchone() == (0,)
    arrow = duckdb.connect()
    arrow.register("t", arrow_schema("patents").empty_table())
    types = "describe select * from {}"
    assert [r[:2] for r in con.execute(types.format("patents")).fetchall()] == [
        r[:2] for r in arrow.execute(types.format("t")).fetchall()
    ]
    assert lake.export_catalog(tmp_path / "catalog.duckdb")
    assert duckdb.connect(str(tmp_path / "catalog.duckdb")).execute("select count(*) from gi").fetchone() == (
        0,
    )


def test_commit_replace_and_append(tmp_path):
    lake = Lake(tmp_path / "lake")
    with lake.transaction() as txn:
        txn.write_arrow("statistics", _stats([("500112", 2020, 219.0)]))
    with lake.transaction() as txn:
        txn.write_arrow("statistics", _stats([("500105", 2020, 92.6)]), append=True)
    con = lake.connect()
    assert con.execute("select count(*) from statistics").fetchone() == (2,)
    assert lake.rows("statistics") == 2
    with lake.transaction() as txn:
        txn.write_query("statistics", con, "select * from statistics where region_code = '500112'")
    assert lake.connect().execute("select region_code from statistics").fetchall() == [("500112",)]


def test_failed_transaction_leaves_previous_state(tmp_path):
    lake = Lake(tmp_path / "lake")
    with lake.transaction() as txn:
        txn.write_arrow("statistics", _stats([("500112", 2020, 219.0)]))
    before = lake.manifest()
    with pytest.raises(RuntimeError), lake.transaction() as txn:
        txn.write_arrow("statistics", _stats([("500105", 2020, 92.6)] * 3))
        raise RuntimeError("killed")
    assert lake.manifest() == before
    assert lake.read("statistics").num_rows == 1
    assert not list((tmp_path / "lake" / "statistics").glob(".tmp-*"))


def test_concurrent_writer_is_refused(tmp_path):
    lake = Lake(tmp_path / "lake")
    with lake.transaction(), pytest.raises(StoreError, match="another job"), lake.transaction():
        pass


def _patents(n: int, seed: int = 7) -> pa.Table:
    import datetime as dt
    import random

    rnd = random.Random(seed)
    schema = arrow_schema("patents")
    rows = []
    for i in range(n):
        granted = rnd.random() < 0.6
        grant = dt.date(2016, 1, 1) + dt.timedelta(days=rnd.randrange(3000))
        rows.append(
            {
                **{f.name: None for f in schema},
                "app_no": f"CN{i:09d}",
                "kind": rnd.choice(["invention", "utility", "design"]),
                "filing_date": dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(3000)),
                "grant_date": grant if granted else None,
                "import_id": "imp-1",
                "source_hash": "h",
                "source_row": i + 2,
                "record_hash": f"r{i}",
                "is_demo": False,
            }
        )
    return pa.Table.from_pylist(rows, schema=schema)


def _clustered(path: str) -> None:
    """Rows ordered by kind, then grant date with nulls last; row groups of at most ROW_GROUP_ROWS."""
    import pyarrow.parquet as pq

    from ipatlas.store.schema import ROW_GROUP_ROWS

    f = pq.ParquetFile(path)
    assert all(f.metadata.row_group(i).num_rows <= ROW_GROUP_ROWS for i in range(f.metadata.num_row_groups))
    t = f.read(columns=["kind", "grant_date"])
    keys = list(zip(t.column("kind").to_pylist(), t.column("grant_date").to_pylist(), strict=True))
    order = [(k, g is None, g) for k, g in keys]
    assert order == sorted(order, key=lambda r: (r[0], r[1], r[2] or 0))


def test_patents_are_written_clustered_on_kind_and_grant(tmp_path):
    """Both write paths (Arrow and a DuckDB query, the importer's) store the same physical order."""
    lake = Lake(tmp_path / "lake")
    data = _patents(3000)
    with lake.transaction() as txn:
        txn.write_arrow("patents", data)
    (arrow_file,) = lake.files("patents")
    _clustered(str(arrow_file))
    con = lake.connect()
    con.register("incoming", _patents(2000, seed=8))
    with lake.transaction() as txn:
        txn.write_query("patents", con, "SELECT * FROM incoming", append=True)
    files = lake.files("patents")
    assert len(files) == 2 and lake.rows("patents") == 5000
    _clustered(str(files[1]))
    # nothing is lost or changed by the reordering
    import pyarrow.parquet as pq

    stored = pq.read_table(str(files[0])).cast(data.schema).sort_by("app_no")
    assert stored.to_pylist() == data.sort_by("app_no").to_pylist()


def test_granted_invention_scan_skips_row_groups(tmp_path):
    """Clustering lets DuckDB prune row groups by their statistics (the point of it)."""
    import pyarrow.parquet as pq

    from ipatlas.store.schema import ROW_GROUP_ROWS

    lake = Lake(tmp_path / "lake")
    big = pa.concat_tables([_patents(40_000, seed=s) for s in range(8)])  # 320k rows, 3 row groups+
    with lake.transaction() as txn:
        txn.write_arrow("patents", big)
    (f,) = lake.files("patents")
    meta = pq.ParquetFile(str(f)).metadata
    assert meta.num_row_groups == -(-big.num_rows // ROW_GROUP_ROWS)
    kinds = [meta.row_group(i).column(1).statistics for i in range(meta.num_row_groups)]
    assert meta.row_group(0).column(1).path_in_schema == "kind"
    # a row group is skippable for kind = 'invention' when its min/max exclude it
    skippable = [not (s.min <= "invention" <= s.max) for s in kinds]
    assert any(skippable)
