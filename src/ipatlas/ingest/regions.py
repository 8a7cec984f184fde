"""Bridge to :mod:`ipatlas.regions`: addresses → resolved region columns as an Arrow table.

Only distinct (address, postcode) pairs are resolved; the pipeline joins the result back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

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


def resolve(
    addresses: Sequence[str | None],
    postcodes: Sequence[str | None] | None = None,
    *,
    province_only: bool = False,
) -> pa.Table:
    """Resolved columns (adcode, city_code, province_code, region_level, country), one row per input.

    ``province_only`` keeps no finer level than the province: used when the "addresses" are
    applicant names (a file without an address column), where a place name inside a name says
    where the applicant is registered only roughly (中山大学 is not in 中山市, 吉林大学 is not in
    吉林市, but both are in their province).

    The resolver reports the finest code it found in ``adcode`` at every level (辽宁省 → 210000);
    here ``adcode`` keeps county codes only, so a coarser resolution fills just the prefecture and
    province columns. ``region_level`` names the finest column that is set: a municipality alone
    (重庆市) is its own prefecture (city_code = province_code = 500000, as on its county records)
    and so reads ``city``; the indicator engine still counts it at province level only.
    """
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
    if province_only and cols["region_level"] is not None:
        level = pa.array(list(cols["region_level"]), pa.string())
        finer = pc.is_in(level, pa.array(["county", "city"]))
        cols["region_level"] = pc.if_else(pc.fill_null(finer, False), "province", level)
    arrays: dict[str, pa.Array] = {}
    for name, values in cols.items():
        if values is None:
            values = [None] * n
        arr = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(list(values))
        arrays[name] = arr.cast(pa.string())
    table = pa.Table.from_pydict(_by_level(**arrays), schema=RESOLVED_SCHEMA)
    if table.num_rows != n:
        raise RuntimeError(f"resolver returned {table.num_rows} rows for {n} addresses")
    return table


def _by_level(
    adcode: Any, city_code: Any, province_code: Any, region_level: Any, country: Any
) -> dict[str, Any]:
    """Keep each code only where the resolution reaches its level; derive ``region_level``."""
    null = pa.scalar(None, pa.string())
    level = pc.fill_null(region_level, "none")
    county = pc.equal(level, "county")
    city = pc.equal(level, "city")
    province = pc.equal(level, "province")
    in_cn = pc.or_(pc.or_(county, city), province)
    adcode = pc.if_else(county, adcode, null)
    # A province-level resolution has a prefecture only when the province is its own (直辖市).
    keep_city = pc.or_(pc.or_(county, city), pc.and_(province, pc.equal(city_code, province_code)))
    city_code = pc.if_else(pc.fill_null(keep_city, False), city_code, null)
    province_code = pc.if_else(in_cn, province_code, null)
    finest = pc.if_else(
        pc.is_valid(adcode),
        "county",
        pc.if_else(pc.is_valid(city_code), "city", pc.if_else(pc.is_valid(province_code), "province", level)),
    )
    return {
        "adcode": adcode,
        "city_code": city_code,
        "province_code": province_code,
        "region_level": finest,
        "country": country,
    }
