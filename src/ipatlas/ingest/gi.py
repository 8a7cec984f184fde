"""Geographical indications (地理标志): the built-in national list and user files.

Resolution rule: the province and city give the prefecture (city level). The county is set only
when a county name is found: the places of the protection scope (保护范围, often townships) are
resolved one by one within that city, and if they name exactly one county (or county-level
city/district, historical names included, e.g. 江津市 → 江津区) the record is resolved to it.
If the scope names no county, the product name is tried the same way (梁平柚 → 梁平区).
Several different counties → city level (the product spans counties).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from ipatlas.config import Settings

if TYPE_CHECKING:
    from ipatlas.ingest.job import Job

BUILTIN_FILE = "gi_products_2005_2023.json"


def builtin_path(settings: Settings) -> Path:
    return settings.shared_dir / "data" / BUILTIN_FILE


def _place(province: str | None, city: str | None) -> str:
    p, c = province or "", city or ""
    return p if not c or c == p else p + c


def resolve_gi(job: Job) -> None:
    from ipatlas.ingest.regions import resolve

    con = job.con
    rows = con.execute(
        "SELECT __rid, province, city, districts, product_name FROM __todo ORDER BY __rid"
    ).fetchall()
    texts: dict[str, int] = {}

    def want(t: str) -> None:
        texts.setdefault(t, len(texts))

    for _, province, city, districts, product in rows:
        base = _place(province, city)
        want(base)
        for d in districts or []:
            want(base + d)
        if product:
            want(base + product)
    keys = list(texts)
    res = resolve(keys, None).to_pydict()

    def at(t: str) -> dict[str, str | None]:
        i = texts[t]
        return {k: res[k][i] for k in res}

    out: dict[str, list] = {
        k: [] for k in ("__rid", "adcode", "city_code", "province_code", "region_level", "country")
    }
    for row, province, city, districts, product in rows:
        base = _place(province, city)
        b = at(base)

        def county_in_city(r: dict[str, str | None], b: dict[str, str | None] = b) -> bool:
            if r["region_level"] != "county" or not r["adcode"]:
                return False
            if b["city_code"]:
                return r["city_code"] == b["city_code"]
            return bool(b["province_code"]) and r["province_code"] == b["province_code"]

        counties = {at(base + d)["adcode"] for d in districts or [] if county_in_city(at(base + d))}
        if not counties and product and county_in_city(at(base + product)):
            counties = {at(base + product)["adcode"]}
        if len(counties) == 1:
            pick = next(
                r
                for r in (at(base + d) for d in [*(districts or []), product or ""])
                if r["adcode"] in counties
            )
            res_row = {**pick, "region_level": "county"}
        else:
            res_row = {**b, "adcode": None}
            # City level (a municipality such as 重庆市 is its own prefecture: city_code 500000).
            if res_row["region_level"] == "county" or (
                res_row["region_level"] == "province" and res_row["city_code"]
            ):
                res_row["region_level"] = "city"
        out["__rid"].append(row)
        for k in ("adcode", "city_code", "province_code", "region_level", "country"):
            out[k].append(res_row[k])
    table = pa.table(
        {
            "__rid": pa.array(out["__rid"], pa.int64()),
            **{k: pa.array(out[k], pa.string()) for k in out if k != "__rid"},
        }
    )
    con.register("__gi_resolved", table)
    job.resolve_join = "LEFT JOIN __gi_resolved z ON z.__rid = p.__rid"
