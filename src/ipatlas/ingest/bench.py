"""Import benchmark: the full import of N standard-layout patent rows against DuckDB's own
``read_csv`` → Parquet ``COPY`` of the same file (the practical limit), measured in the same run.

The file comes from the demo generator (``ipatlas.demo.bench.standard_patent_csv``, passed in by
the caller: standard layout, its files joined into one CSV) when one is given, else from the small
vectorised generator below (valid check digits, applicant/address repetition, a few dirty rows
so that the quarantine path is exercised too); ``generator="simple"`` forces the latter.
"""

from __future__ import annotations

import itertools
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ipatlas.config import Settings
from ipatlas.ingest.sqlexpr import APP_WEIGHTS_12
from ipatlas.progress import ProgressCallback

STANDARD_HEADER = [
    "申请号",
    "申请日",
    "公开(公告)号",
    "公开(公告)日",
    "授权公告日",
    "专利类型",
    "名称",
    "摘要",
    "申请(专利权)人",
    "发明(设计)人",
    "地址",
    "邮编",
    "IPC主分类号",
    "IPC分类号",
    "代理机构",
    "法律状态",
    "法律状态日期",
    "国际申请",
    "国际公布",
    "权利要求数",
    "被引证次数",
    "同族国家数",
]

_DISTRICTS = [
    ("渝中区", "400010"), ("江北区", "400020"), ("沙坪坝区", "400030"), ("九龙坡区", "400050"),
    ("南岸区", "400060"), ("渝北区", "401120"), ("巴南区", "401320"), ("北碚区", "400700"),
    ("大渡口区", "400080"), ("江津区", "402260"), ("永川区", "402160"), ("合川区", "401520"),
    ("涪陵区", "408000"), ("万州区", "404000"), ("璧山区", "402760"), ("长寿区", "401220"),
]  # fmt: skip
_STREETS = [
    "人民路",
    "解放路",
    "科园一路",
    "金开大道",
    "学府大道",
    "汽博大道",
    "星光大道",
    "民族路",
    "工业园路",
]
_SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚")
_ORG_WORDS = ["科技", "智能", "电子", "机械", "材料", "汽车", "生物", "信息", "能源", "精密"]
_ORG_SUFFIX = ["有限公司", "股份有限公司", "集团有限公司"]
_UNIS = ["重庆大学", "西南大学", "重庆邮电大学", "重庆交通大学", "重庆理工大学", "重庆医科大学"]
_INSTS = ["中国科学院重庆绿色智能技术研究院", "重庆市农业科学院", "重庆材料研究院有限公司"]
_IPC_SUBCLASSES = ["G06F", "H04L", "A61K", "B60L", "F16H", "H01M", "G01N", "B23K", "C08L", "A01G", "E04B"]
_STATUS = [("有效", 0.45), ("审中", 0.2), ("未缴年费终止失效", 0.2), ("驳回", 0.05), ("视为撤回", 0.1)]
_KINDS = [("发明", "1", 0.4), ("实用新型", "2", 0.45), ("外观设计", "3", 0.15)]


def _choice(rng: np.random.Generator, items: list[str], n: int) -> pa.Array:
    return pa.array(np.asarray(items, dtype=object)[rng.integers(0, len(items), n)], pa.string())


def _join(*parts: Any) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _dates(days: np.ndarray) -> pa.Array:
    return pc.strftime(pa.array(days.astype("datetime64[D]")), format="%Y-%m-%d")


def _applicant_pool(rng: np.random.Generator, pool: int) -> tuple[pa.Array, pa.Array, pa.Array]:
    """``pool`` applicant names (companies, universities, institutes, people), each with one address
    and postcode."""
    org = _join(
        "重庆",
        _choice(rng, _ORG_WORDS, pool),
        _choice(rng, _ORG_WORDS, pool),
        pa.array(np.char.mod("%d", np.arange(pool))),
        _choice(rng, _ORG_SUFFIX, pool),
    )
    person = _join(_choice(rng, _SURNAMES, pool), _choice(rng, _GIVEN, pool), _choice(rng, _GIVEN, pool))
    kind_of = rng.random(pool)
    names = pc.if_else(
        pa.array(kind_of < 0.7), org,
        pc.if_else(pa.array(kind_of < 0.8), _choice(rng, _UNIS, pool),
                   pc.if_else(pa.array(kind_of < 0.85), _choice(rng, _INSTS, pool), person)),
    )  # fmt: skip
    d_idx = rng.integers(0, len(_DISTRICTS), pool)
    addr_pool = _join(
        "重庆市", pa.array([_DISTRICTS[i][0] for i in d_idx]), _choice(rng, _STREETS, pool),
        pa.array(np.char.mod("%d", rng.integers(1, 999, pool))), "号",
    )  # fmt: skip
    post_pool = pa.array([_DISTRICTS[i][1] for i in d_idx])
    return names, addr_pool, post_pool


def generate_standard_csv(path: Path, n: int, *, seed: int = 42, dirty_share: float = 0.002) -> Path:
    """N rows of the standard patent layout, written as UTF-8 CSV (vectorised; ~1 s per 10⁵ rows)."""
    rng = np.random.default_rng(seed)
    kinds_p = np.array([k[2] for k in _KINDS])
    kind_idx = rng.choice(len(_KINDS), n, p=kinds_p / kinds_p.sum())
    year = rng.integers(2005, 2023, n)
    type_digit = np.array([int(k[1]) for k in _KINDS])[kind_idx]
    serial = rng.permutation(n) % 10_000_000
    base = year.astype(np.int64) * 10**8 + type_digit * 10**7 + serial
    digits = np.stack([(base // 10 ** (11 - i)) % 10 for i in range(12)], axis=1)
    check = (digits * np.array(APP_WEIGHTS_12)).sum(axis=1) % 11
    check_s = np.where(check == 10, "X", check.astype(str))
    app_no = _join("CN", pa.array(base.astype(str)), ".", pa.array(check_s.astype(object), pa.string()))
    filing = (year - 1970) * 365.25 + rng.integers(0, 365, n)
    filing = filing.astype(np.int64)
    pub = filing + rng.integers(90, 540, n)
    granted = rng.random(n) < 0.6
    grant = pub + rng.integers(0, 700, n)
    status_p = np.array([s[1] for s in _STATUS])
    status_idx = rng.choice(len(_STATUS), n, p=status_p / status_p.sum())
    status_date = grant + rng.integers(0, 1500, n)
    last = np.int64((np.datetime64("2024-12-31") - np.datetime64("1970-01-01")).astype(np.int64))
    pub, grant, status_date = (np.minimum(a, last) for a in (pub, grant, status_date))
    # Applicants: a pool of ~n/10 organisations and people, each with one fixed address.
    pool = max(50, n // 10)
    names, addr_pool, post_pool = _applicant_pool(rng, pool)
    who = pa.array(rng.zipf(1.3, n) % pool)
    second = _choice(rng, _UNIS, n)
    applicants = pc.if_else(
        pa.array(rng.random(n) < 0.15), _join(pc.take(names, who), ";", second), pc.take(names, who)
    )
    inventors = _join(
        _choice(rng, _SURNAMES, n),
        _choice(rng, _GIVEN, n),
        ";",
        _choice(rng, _SURNAMES, n),
        _choice(rng, _GIVEN, n),
    )
    ipc_main = _join(
        _choice(rng, _IPC_SUBCLASSES, n), " ", pa.array(np.char.mod("%d", rng.integers(1, 40, n))), "/",
        pa.array(np.char.mod("%02d", rng.integers(0, 99, n))),
    )  # fmt: skip
    ipc2 = _join(
        _choice(rng, _IPC_SUBCLASSES, n), pa.array(np.char.mod("%d", rng.integers(1, 40, n))), "/",
        pa.array(np.char.mod("%02d", rng.integers(0, 99, n))),
    )  # fmt: skip
    words = ["一种", "装置", "方法", "系统", "智能", "控制", "检测", "材料", "结构", "制备", "电池", "数据"]
    title = _join(
        _choice(rng, words, n), _choice(rng, words, n), _choice(rng, words, n), _choice(rng, words, n)
    )
    abstract = _join(*[_choice(rng, words, n) for _ in range(30)])
    kind_text = pa.array(np.asarray([k[0] for k in _KINDS], dtype=object)[kind_idx], pa.string())
    pub_suffix = np.where(kind_idx == 0, "A", np.where(kind_idx == 1, "U", "S"))
    pub_no = _join("CN", pa.array(np.char.mod("%d", 100000000 + serial)), pa.array(pub_suffix.astype(object)))
    empty = pa.nulls(n, pa.string())
    data = {
        "申请号": app_no,
        "申请日": _dates(filing),
        "公开(公告)号": pub_no,
        "公开(公告)日": _dates(pub),
        "授权公告日": pc.if_else(pa.array(granted), _dates(grant), empty),
        "专利类型": kind_text,
        "名称": title,
        "摘要": abstract,
        "申请(专利权)人": applicants,
        "发明(设计)人": inventors,
        "地址": pc.take(addr_pool, who),
        "邮编": pc.take(post_pool, who),
        "IPC主分类号": ipc_main,
        "IPC分类号": _join(ipc_main, ";", ipc2),
        "代理机构": _choice(rng, ["重庆市前沿专利事务所", "重庆博凯知识产权代理有限公司", ""], n),
        "法律状态": pa.array(np.asarray([s[0] for s in _STATUS], dtype=object)[status_idx], pa.string()),
        "法律状态日期": _dates(status_date),
        "国际申请": empty,
        "国际公布": empty,
        "权利要求数": pa.array(rng.integers(1, 20, n)),
        "被引证次数": pa.array(rng.poisson(1.5, n)),
        "同族国家数": pa.array(1 + rng.poisson(0.1, n)),
    }
    table = _plant_dirty(pa.table(data), rng, int(n * dirty_share))
    path.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(table, path)
    return path


def _plant_dirty(table: pa.Table, rng: np.random.Generator, k: int) -> pa.Table:
    """``k`` dirty rows: half with a wrong check digit, half with an impossible filing date."""
    n = table.num_rows
    # A few dirty rows (bad check digit, bad date) so the quarantine path runs.
    if k:
        bad = np.sort(rng.choice(n, k, replace=False))
        apps = np.asarray(table.column("申请号").to_pylist(), dtype=object)
        apps[bad[: k // 2]] = [a[:-1] + ("0" if a[-1] != "0" else "1") for a in apps[bad[: k // 2]]]
        dates = np.asarray(table.column("申请日").to_pylist(), dtype=object)
        dates[bad[k // 2 :]] = "2014-13-45"
        table = table.set_column(0, "申请号", pa.array(apps, pa.string()))
        table = table.set_column(1, "申请日", pa.array(dates, pa.string()))
    return table


# The demo generator lives on a higher floor; the caller (CLI, benchmarks/) passes it in.
DemoSource = Callable[[Path, int], "Path | None"]


def _generate(work: Path, n: int, generator: str, demo_source: DemoSource | None) -> tuple[Path, str]:
    if generator in ("auto", "demo"):
        path = demo_source(work, n) if demo_source is not None else None
        if path is not None:
            return path, "ipatlas.demo.generate (standard layout, files joined)"
        if generator == "demo":
            raise RuntimeError("the demo generator is not available")
    return generate_standard_csv(
        work / "patents_standard.csv", n
    ), "ipatlas.ingest.bench.generate_standard_csv"


def _baseline(csv_path: Path, out: Path, opts: str) -> tuple[float, int, float]:
    """(wall seconds, rows written, CPU seconds of this process incl. DuckDB's threads)."""
    con = duckdb.connect()
    try:
        cpu = time.process_time()
        t = time.perf_counter()
        con.execute(
            f"COPY (SELECT * FROM read_csv('{csv_path}', {opts})) TO '{out}' "
            "(FORMAT parquet, COMPRESSION zstd)"
        )
        seconds = time.perf_counter() - t
        cpu = time.process_time() - cpu
        rows = con.execute(f"SELECT count(*) FROM '{out}'").fetchall()[0][0]
    finally:
        con.close()
    return seconds, int(rows), cpu


def _recorder(marks: list[float]) -> ProgressCallback:
    def progress(done: int, total: int | None, description_: str = "") -> None:
        marks.append(time.perf_counter())

    return progress


def _median(values: list[float]) -> float:
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def _round(csv_path: Path, work: Path, r: int) -> tuple[dict[str, Any], Any]:
    """One round: both baselines, then the full import into an empty lake, back to back."""
    from ipatlas.ingest.job import STEPS
    from ipatlas.ingest.pipeline import import_file

    # The baseline is the plain copy of every row as text (all_varchar): the practical
    # limit for moving this file into Parquet. With type detection DuckDB either fails
    # on the first dirty value or, with ignore_errors, silently drops the rows whose
    # values do not fit the types guessed from a sample — reported for reference only.
    text_s, text_rows, text_cpu = _baseline(csv_path, work / "baseline_text.parquet", "all_varchar = true")
    typed_s, typed_rows, _ = _baseline(csv_path, work / "baseline_typed.parquet", "ignore_errors = true")
    # Every round starts with a cold address cache, like a fresh `ipatlas ingest` process
    # (the automaton itself is built once per process and counted in the first round).
    from ipatlas.regions import get_resolver

    if r:
        get_resolver().clear_cache()
    data_dir = work / f"data-{r}"
    shutil.rmtree(data_dir, ignore_errors=True)
    marks: list[float] = []
    load = os.getloadavg()[0]
    cpu = time.process_time()
    t = time.perf_counter()
    summary = import_file(
        Settings(data_dir=data_dir), "patents", csv_path, "standard", demo=False, progress=_recorder(marks)
    )
    import_s = time.perf_counter() - t
    cpu = time.process_time() - cpu
    steps = {STEPS[i]: round(b - a, 3) for i, (a, b) in enumerate(itertools.pairwise(marks[:7]))}
    result = {
        "baseline_seconds": round(text_s, 3),
        "baseline_typed_seconds": round(typed_s, 3),
        "import_seconds": round(import_s, 3),
        "ratio": round(import_s / text_s, 2),
        "ratio_typed": round(import_s / typed_s, 2),
        # CPU time (all threads) moves less with other jobs on the machine.
        "baseline_cpu_seconds": round(text_cpu, 3),
        "import_cpu_seconds": round(cpu, 3),
        "ratio_cpu": round(cpu / text_cpu, 2),
        "load_average_1min": round(load, 2),
        "import_steps_seconds": steps,
        "_text_rows": text_rows,
        "_typed_rows": typed_rows,
    }
    return result, summary


def run_import_benchmark(
    n: int,
    *,
    workdir: Path | None = None,
    keep: bool = False,
    repeat: int = 1,
    generator: str = "auto",
    demo_source: DemoSource | None = None,
) -> dict[str, Any]:
    """Generate N rows, then ``repeat`` times: DuckDB read_csv→Parquet COPY (typed and all-text) and
    the full import into an empty lake, back to back on the same file; then one re-import.
    Ratios are per round (same moment, same load); the medians are reported."""
    from ipatlas.ingest.pipeline import import_file

    own_dir = workdir is None
    work = Path(tempfile.mkdtemp(prefix="ipatlas-bench-import-")) if workdir is None else Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    try:
        t = time.perf_counter()
        csv_path, generator = _generate(work, n, generator, demo_source)
        gen_s = time.perf_counter() - t
        size = csv_path.stat().st_size
        with open(csv_path, "rb") as fh:  # warm the page cache for all contenders alike
            while fh.read(16 << 20):
                pass
        rounds: list[dict[str, Any]] = []
        typed_rows = text_rows = 0
        summary = None
        for r in range(max(1, repeat)):
            result, summary = _round(csv_path, work, r)
            rounds.append(result)
            text_rows, typed_rows = result.pop("_text_rows"), result.pop("_typed_rows")
        assert summary is not None
        last_dir = work / f"data-{len(rounds) - 1}"
        t = time.perf_counter()
        again = import_file(Settings(data_dir=last_dir), "patents", csv_path, "standard", demo=False)
        reimport_s = time.perf_counter() - t
        for r in range(len(rounds) - 1):
            shutil.rmtree(work / f"data-{r}", ignore_errors=True)
        import_med = _median([x["import_seconds"] for x in rounds])
        base_med = _median([x["baseline_seconds"] for x in rounds])
        counts = {"read", "loaded", "duplicates", "quarantined"}
        return {
            "benchmark": "import",
            "records": n,
            "file_rows": summary.read,
            "file_bytes": size,
            "generator": generator,
            "generate_seconds": round(gen_s, 3),
            "baseline": "DuckDB read_csv(all_varchar) → Parquet COPY (zstd) of the same file, every row",
            "baseline_typed": "DuckDB read_csv(type detection, ignore_errors) → Parquet COPY (zstd)",
            "rounds": rounds,
            "baseline_seconds": round(base_med, 3),
            "baseline_rows": text_rows,
            "baseline_records_per_s": round(text_rows / base_med),
            "baseline_typed_rows": typed_rows,
            "import_seconds": round(import_med, 3),
            "import_records_per_s": round(summary.read / import_med),
            "ratio_import_to_baseline": round(_median([x["ratio"] for x in rounds]), 2),
            "ratio_import_to_typed_baseline": round(_median([x["ratio_typed"] for x in rounds]), 2),
            "ratio_cpu": round(_median([x["ratio_cpu"] for x in rounds]), 2),
            "reimport_seconds": round(reimport_s, 3),
            "import": summary.model_dump(mode="json", include=counts),
            "reimport": again.model_dump(mode="json", include=counts),
            "machine": {
                "cpus": _cpus(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "python": platform.python_version(),
                "duckdb": duckdb.__version__,
            },
        }
    finally:
        if own_dir and not keep:
            shutil.rmtree(work, ignore_errors=True)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
