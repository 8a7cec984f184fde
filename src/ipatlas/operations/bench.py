"""``ipatlas bench operations``: importing N pledge rows (CNIPA announcement layout) against DuckDB's
own ``read_csv(all_varchar)`` → Parquet ``COPY`` of the same file, measured in the same run (goal
≤ 1.5×, the patent importer's goal), and the transfer flow-map data for all counties (goal ≤ 200 ms
warm).

Rows are generated vectorised: valid patent numbers (check digits), contracts of 1–3 patents, a
pool of pledgors named after districts all over China (so that placing them by name is real work),
ten banks; transfers between counties of the whole country (addresses given) for the flow map.
"""

from __future__ import annotations

import os
import platform
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ipatlas.config import Settings
from ipatlas.ingest.sqlexpr import APP_WEIGHTS_12

BANKS = [
    "中国工商银行股份有限公司", "中国建设银行股份有限公司", "中国农业银行股份有限公司",
    "中国银行股份有限公司", "交通银行股份有限公司", "招商银行股份有限公司", "兴业银行股份有限公司",
    "中国民生银行股份有限公司",
    "重庆银行股份有限公司", "重庆农村商业银行股份有限公司",
]  # fmt: skip


def _numbers(rng: np.random.Generator, n: int) -> pa.Array:
    year = rng.integers(2008, 2023, n)
    digit = rng.choice([1, 2], n)
    serial = rng.permutation(n) % 10_000_000
    base = year.astype(np.int64) * 10**8 + digit * 10**7 + serial
    digits = np.stack([(base // 10 ** (11 - i)) % 10 for i in range(12)], axis=1)
    check = (digits * np.array(APP_WEIGHTS_12)).sum(axis=1) % 11
    cd = np.where(check == 10, "X", check.astype(str))
    return pc.binary_join_element_wise("ZL", pa.array(base.astype(str)), ".", pa.array(cd.astype(object)), "")


def _dates(days: np.ndarray) -> pa.Array:
    return pc.strftime(pa.array(days.astype("datetime64[D]")), format="%Y-%m-%d")


def _counties() -> list[tuple[str, str]]:
    from ipatlas.regions import get_registry

    reg = get_registry()
    out = []
    for r in reg.all("county"):
        prov = reg.get(r.province_code).name
        out.append(
            (
                r.code,
                prov
                + (reg.get(r.city_code).name if r.city_code and r.city_code != r.province_code else "")
                + r.name,
            )
        )
    return out


def generate_pledges(path: Path, n: int, *, seed: int = 14) -> Path:
    rng = np.random.default_rng(seed)
    places = [p for _c, p in _counties()]
    pool = max(100, n // 20)
    pledgors = pc.binary_join_element_wise(
        pa.array(np.asarray(places, dtype=object)[rng.integers(0, len(places), pool)]),
        pa.array(np.char.mod("某某%d科技有限公司", np.arange(pool)).astype(object)),
        "",
    )
    contract = np.sort(rng.integers(0, max(1, n // 2), n))
    start = (np.datetime64("2015-01-01") - np.datetime64("1970-01-01")).astype(np.int64)
    day = start + (contract * 3650 // max(1, n // 2))
    owner = pledgors.take(pa.array(contract % pool))
    table = pa.table(
        {
            "主分类号": pa.array(
                np.asarray(["G06F16/24", "H04L29/06", "A61K36/00", "B23K37/04"], dtype=object)[
                    rng.integers(0, 4, n)
                ]
            ),
            "专利号": _numbers(rng, n),
            "申请日": _dates(day - 1500),
            "授权公告日": _dates(day - 300),
            "登记号": pc.binary_join_element_wise(
                "Y", pa.array(np.char.mod("%012d", contract).astype(object)), ""
            ),
            "登记生效日": _dates(day),
            "出质人": owner,
            "质权人": pa.array(np.asarray(BANKS, dtype=object)[contract % len(BANKS)]),
            "发明名称": pa.array(np.full(n, "一种数据处理装置", dtype=object)),
            "事件类型": pa.array(np.full(n, "生效", dtype=object)),
            "质押金额(万元)": pa.array((50 + contract % 950).astype(str).astype(object)),
        }
    )
    pacsv.write_csv(table, path)
    return path


def generate_transfers(path: Path, n: int, *, seed: int = 15) -> Path:
    rng = np.random.default_rng(seed)
    places = np.asarray([p for _c, p in _counties()], dtype=object)
    a = rng.integers(0, len(places), n)
    b = rng.integers(0, len(places), n)
    start = (np.datetime64("2015-01-01") - np.datetime64("1970-01-01")).astype(np.int64)
    table = pa.table(
        {
            "专利号": _numbers(rng, n),
            "变更前权利人": pc.binary_join_element_wise(
                pa.array(places[a]), pa.array(np.char.mod("某某%d有限公司", a % 97).astype(object)), ""
            ),
            "变更后权利人": pc.binary_join_element_wise(
                pa.array(places[b]), pa.array(np.char.mod("某某%d有限公司", b % 89).astype(object)), ""
            ),
            "变更生效日": _dates(start + rng.integers(0, 3650, n)),
            "变更前地址": pc.binary_join_element_wise(pa.array(places[a]), "人民路1号", ""),
            "变更后地址": pc.binary_join_element_wise(pa.array(places[b]), "人民路2号", ""),
        }
    )
    pacsv.write_csv(table, path)
    return path


def _baseline(csv_path: Path, out: Path) -> float:
    con = duckdb.connect()
    try:
        t = time.perf_counter()
        con.execute(
            f"COPY (SELECT * FROM read_csv('{csv_path}', all_varchar = true)) TO '{out}' "
            "(FORMAT parquet, COMPRESSION zstd)"
        )
        return time.perf_counter() - t
    finally:
        con.close()


def run_operations_benchmark(
    records: int = 1_000_000, *, transfers: int = 200_000, workdir: Path | None = None, repeat: int = 1
) -> dict[str, Any]:
    from ipatlas.ingest import import_file
    from ipatlas.operations.dashboard import flow_map
    from ipatlas.operations.publish import publish_facts
    from ipatlas.store.lake import Lake

    work = Path(workdir or tempfile.mkdtemp(prefix="ipatlas-bench-ops-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        csv_path = generate_pledges(work / "pledges.csv", records)
        rounds = []
        for i in range(max(1, repeat)):
            s = Settings(data_dir=work / f"data{i}")
            s.ensure_dirs()
            base = _baseline(csv_path, work / "baseline.parquet")
            t = time.perf_counter()
            summary = import_file(s, "pledges", csv_path, "standard")
            imp = time.perf_counter() - t
            t = time.perf_counter()
            publish_facts(s, ("pledge_contracts",))
            pub = time.perf_counter() - t
            t = time.perf_counter()
            again = import_file(s, "pledges", csv_path, "standard")
            re_s = time.perf_counter() - t
            rounds.append({"baseline": base, "import": imp, "publish": pub, "reimport": re_s,
                           "loaded": summary.loaded, "dup": again.duplicates})  # fmt: skip
        s = Settings(data_dir=work / "data0")
        tr = generate_transfers(work / "transfers.csv", transfers)
        t = time.perf_counter()
        import_file(s, "transfers", tr, "standard")
        tr_import = time.perf_counter() - t
        con = Lake(s.lake_dir).connect()
        try:
            t = time.perf_counter()
            first = flow_map(con, level="county")
            cold = time.perf_counter() - t
            warm, floor = [], []
            for _ in range(5):
                t = time.perf_counter()
                flow_map(con, level="county")
                warm.append(time.perf_counter() - t)
                # the floor, in the same run: the one group-by over all transfers any flow map needs
                t = time.perf_counter()
                con.execute(
                    "SELECT other_adcode, adcode, other_country, country, count(*) FROM transfers"
                    " GROUP BY ALL"
                ).fetchall()
                floor.append(time.perf_counter() - t)
        finally:
            con.close()
        med = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
        b, im = med([r["baseline"] for r in rounds]), med([r["import"] for r in rounds])
        return {
            "records": records,
            "loaded": rounds[0]["loaded"],
            "baseline_seconds": round(b, 3),
            "import_seconds": round(im, 3),
            "ratio_import_to_baseline": round(im / b, 2) if b else None,
            "goal_ratio": 1.5,
            "publish_contracts_seconds": round(med([r["publish"] for r in rounds]), 3),
            "reimport_seconds": round(med([r["reimport"] for r in rounds]), 3),
            "reimport_duplicates": rounds[0]["dup"],
            "transfers": transfers,
            "transfer_import_seconds": round(tr_import, 3),
            "flow_map_lines": len(first["lines"]),
            "flow_map_cold_ms": round(cold * 1000, 1),
            "flow_map_warm_ms": round(med(warm) * 1000, 1),
            "goal_flow_map_warm_ms": 200,
            "flow_map_floor_ms": round(med(floor) * 1000, 1),
            "flow_map_ratio_to_floor": round(med(warm) / med(floor), 2) if med(floor) else None,
            "load_average": [round(x, 1) for x in os.getloadavg()],
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "shared": True},
        }
    finally:
        if workdir is None:
            shutil.rmtree(work, ignore_errors=True)
