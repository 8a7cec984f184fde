"""Bridge to :mod:`ipatlas.regions`: addresses → resolved region columns as an Arrow table.

Only distinct (address, postcode) pairs are resolved; the pipeline joins the result back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

RESOLVED_SCHEMA = pa.schema(
    [
        ("adcode", pa.string()),
        ("city_code", pa.string()),
        ("province_code", pa.string()),
        ("region_level", pa.string()),
        ("country", pa.string()),
    ]
)


def get_resolver() -> Any:
    from ipatlas.regions import get_resolver as _get

    return _get()


def resolve(addresses: Sequence[str | None], postcodes: Sequence[str | None] | None = None) -> pa.Table:
    """Resolved columns (adcode, city_code, province_code, region_level, country), one row per input."""
    n = len(addresses)
    if n == 0:
        return RESOLVED_SCHEMA.empty_table()
    res = get_resolver().resolve_many(list(addresses), list(postcodes) if postcodes is not None else None)
    cols = {
        "adcode": res.get("adcode"),
        "city_code": res.get("city_code"),
        "province_code": res.get("province_code"),
        "region_level": res.get("level"),
        "country": res.get("country"),
    }
    arrays = []
    for values in cols.values():
        if values is None:
            values = [None] * n
        arr = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(list(values))
        arrays.append(arr.cast(pa.string()))
    table = pa.Table.from_arrays(arrays, schema=RESOLVED_SCHEMA)
    if table.num_rows != n:
        raise RuntimeError(f"resolver returned {table.num_rows} rows for {n} addresses")
    return table
