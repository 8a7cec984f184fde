from __future__ import annotations

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
