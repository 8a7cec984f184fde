"""Compiled cube plans: the engine's Ibis expressions compiled once to DuckDB SQL, then replayed.

Building and compiling the Ibis expressions of a plan is pure Python and costs a fixed 0.1 s (one
indicator) to 1 s (the whole catalogue) per call — for a single indicator more than DuckDB needs
to scan ten million records. The SQL depends only on the engine's code, the library versions, the
catalogue and the small inputs (regions, groups, census, concordance maps, years, counting, the
selected indicators and levels), never on the records: the lake is read through fixed view names
(``lake_patents`` …) that are pointed at the current Parquet files on every run.

So a plan is compiled once, keyed by a fingerprint of exactly those inputs, and replayed:
views over the lake, the small tables registered from Arrow, the ``CREATE TEMP TABLE`` steps that
the engine materialises, then the final query. Plans are kept in memory (LRU) and on disk under
``<data_dir>/cache/plans/<key>/`` so that a new process (a CLI call, a web worker) reuses them.
Any change of code, library version or input changes the key; a corrupt or foreign cache entry is
ignored and recompiled. ``IPATLAS_PLAN_CACHE=0`` turns the cache off (every call compiles).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import duckdb
import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.ipc as ipc
from ibis.backends.sql.compilers.duckdb import compiler as duckdb_compiler

from ipatlas.config import Settings
from ipatlas.indicators.backends import TABLES, open_lake
from ipatlas.indicators.engine import EngineInputs, IndicatorColumns, cube_expression, long_table
from ipatlas.store.lake import Lake

FORMAT = 1
MEMORY_PLANS = 32
DISK_PLANS = 64


# ---------------------------------------------------------------------------------------------
# compile
# ---------------------------------------------------------------------------------------------
@dataclass
class Step:
    """SQL statements creating one temporary table (``target``), or the final query (``None``)."""

    target: str | None
    sql: list[str]


@dataclass
class QueryPlan:
    key: str
    steps: list[Step]
    tables: dict[str, pa.Table]  # in-memory tables named in the SQL
    result_schema: pa.Schema
    specs: list[IndicatorColumns]
    counting: str


def _sql(expr: ir.Table) -> str:
    return duckdb_compiler.to_sqlglot(expr).sql(dialect=duckdb_compiler.dialect, copy=False)


class _Recorder:
    """Stands in for a materialiser while compiling: records a ``CREATE TEMP TABLE`` step and
    returns an unbound table of the same schema, so later expressions read the stored rows."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.tables: dict[str, pa.Table] = {}

    def collect(self, expr: ir.Table) -> None:
        for node in expr.op().find(ops.InMemoryTable):
            if node.name not in self.tables:
                self.tables[node.name] = node.data.to_pyarrow(node.schema)

    def __call__(self, expr: ir.Table) -> ir.Table:
        name = f"_ipatlas_t{len(self.steps)}"
        schema = expr.schema()
        cols = ", ".join(
            f'"{c}" {duckdb_compiler.type_mapper.from_ibis(t).sql(duckdb_compiler.dialect)}'
            for c, t in schema.items()
        )
        # a typed table, filled by INSERT: exactly the types the later SQL was compiled against
        self.steps.append(
            Step(name, [f'CREATE TEMP TABLE "{name}" ({cols})', f'INSERT INTO "{name}" {_sql(expr)}'])
        )
        self.collect(expr)
        return ibis.table(schema, name=name)


def compile_query_plan(inp: EngineInputs, key: str = "") -> QueryPlan:
    """Build the cube expression over the lake views and compile every step to DuckDB SQL."""
    rec = _Recorder()
    cx = cube_expression(inp, cache=rec)
    rec.collect(cx.wide)
    rec.steps.append(Step(None, [_sql(cx.wide)]))
    return QueryPlan(key, rec.steps, rec.tables, cx.wide.schema().to_pyarrow(), cx.indicators, cx.counting)


_DATABASE: duckdb.DuckDBPyConnection | None = None
_DB_LOCK = threading.Lock()


def configure_database(*, threads: int, memory_limit: str, temp_directory: str) -> None:
    """Open the per-process database with explicit resources (the national benchmark: a thread
    count, a memory limit and a directory to spill to); call before the first plan runs."""
    global _DATABASE
    with _DB_LOCK:
        if _DATABASE is not None:
            _DATABASE.close()
        _DATABASE = duckdb.connect(
            config={"threads": threads, "memory_limit": memory_limit, "temp_directory": temp_directory}
        )


def _cursor() -> duckdb.DuckDBPyConnection:
    """A fresh connection to one in-memory database per process: opening a database costs
    ~10 ms each way, a cursor nothing; temp tables, views and registrations stay per cursor."""
    global _DATABASE
    with _DB_LOCK:
        if _DATABASE is None:
            _DATABASE = duckdb.connect()
        return _DATABASE.cursor()


def execute_query_plan(plan: QueryPlan, lake: Lake, con: duckdb.DuckDBPyConnection | None = None) -> pa.Table:
    """Replay a compiled plan over the lake's current files; returns the wide result."""
    own = con is None
    db = con if con is not None else _cursor()
    try:
        open_lake(db, lake)
        for name, table in plan.tables.items():
            db.register(name, table)
        for step in plan.steps[:-1]:
            for stmt in step.sql:
                db.execute(stmt)
        rel = db.sql(plan.steps[-1].sql[0])
        out = rel.to_arrow_table() if rel is not None else plan.result_schema.empty_table()
        for step in plan.steps[:-1]:
            db.execute(f'DROP TABLE IF EXISTS "{step.target}"')
        for name in plan.tables:
            db.unregister(name)
        return out.rename_columns(plan.result_schema.names).cast(plan.result_schema)
    finally:
        if own:
            db.close()


# ---------------------------------------------------------------------------------------------
# fingerprint
# ---------------------------------------------------------------------------------------------
@functools.cache
def code_version() -> str:
    """Digest of everything that shapes the SQL: this package's sources, the catalogue, the
    canonical schemas and the versions of Ibis, sqlglot and DuckDB."""
    h = hashlib.blake2b(digest_size=16)
    pkg = Path(str(resources.files("ipatlas.indicators")))
    for path in sorted(p for p in pkg.rglob("*") if p.suffix in (".py", ".yaml")):
        h.update(path.relative_to(pkg).as_posix().encode())
        h.update(path.read_bytes())
    h.update(resources.files("ipatlas.store").joinpath("schema.py").read_bytes())
    for dist in ("ibis-framework", "sqlglot", "duckdb", "pyarrow"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=?".encode())
    return h.hexdigest()


def _table_digest(h: Any, t: pa.Table | None) -> None:
    if t is None:
        h.update(b"<none>")
        return
    sink = pa.BufferOutputStream()
    with ipc.new_stream(sink, t.schema) as w:
        w.write_table(t)
    h.update(sink.getvalue())


def query_plan_key(inp: EngineInputs) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{FORMAT}:{code_version()}".encode())
    params = {
        "years": sorted(set(inp.years)),
        "counting": inp.counting.id,
        "indicators": inp.indicator_ids,
        "levels": list(inp.levels),
        "unavailable": sorted(inp.unavailable_schemes.items()),
        "tables": {t: str(getattr(inp, t).schema()) for t in TABLES},
        "facts": {t: str(x.schema()) for t, x in sorted(inp.facts.items())},
        "maps": sorted(inp.maps),
    }
    h.update(json.dumps(params, ensure_ascii=False, sort_keys=True).encode())
    h.update(repr(inp.catalog).encode())
    for t in (inp.region_dim, inp.members, inp.census, inp.groups, inp.sei, inp.enterprises):
        _table_digest(h, t)
    for scheme in sorted(inp.maps):
        _table_digest(h, inp.maps[scheme])
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# cache
# ---------------------------------------------------------------------------------------------
def cache_enabled() -> bool:
    return Settings().plan_cache


class QueryPlanCache:
    """Compiled plans in memory (LRU) and, when a directory is given, on disk."""

    def __init__(self) -> None:
        self._mem: OrderedDict[str, QueryPlan] = OrderedDict()
        self._lock = threading.Lock()
        self.stats = {"memory": 0, "disk": 0, "compiled": 0}

    def clear_memory(self) -> None:
        with self._lock:
            self._mem.clear()

    def get_or_compile(
        self,
        inp: EngineInputs,
        directory: Path | None,
        compile_fn: Callable[[EngineInputs, str], QueryPlan],
    ) -> tuple[QueryPlan, str]:
        """The plan for ``inp`` and where it came from (``memory``, ``disk`` or ``compiled``)."""
        if not cache_enabled():
            self.stats["compiled"] += 1
            return compile_fn(inp, ""), "compiled"
        key = query_plan_key(inp)
        with self._lock:
            plan = self._mem.get(key)
            if plan is not None:
                self._mem.move_to_end(key)
                self.stats["memory"] += 1
                return plan, "memory"
        origin = "disk"
        plan = _load(directory / key) if directory is not None else None
        if plan is None or plan.key != key:
            plan = compile_fn(inp, key)
            origin = "compiled"
            if directory is not None:
                _save(directory, plan)
        with self._lock:
            self._mem[key] = plan
            while len(self._mem) > MEMORY_PLANS:
                self._mem.popitem(last=False)
            self.stats[origin] += 1
        return plan, origin


CACHE = QueryPlanCache()


def _spec_doc(s: IndicatorColumns) -> dict[str, Any]:
    return {"id": s.id, "industry": s.industry, "fields": list(s.fields)}


def _save(directory: Path, plan: QueryPlan) -> None:
    """Write the plan next to its final place, then rename: readers never see half a plan."""
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".tmp-{plan.key}-{uuid.uuid4().hex[:8]}"
    try:
        (tmp / "tables").mkdir(parents=True)
        names = {}
        for i, (name, table) in enumerate(plan.tables.items()):
            names[name] = f"t{i}.arrow"
            with ipc.new_file(str(tmp / "tables" / names[name]), table.schema) as w:
                w.write_table(table)
        doc = {
            "format": FORMAT,
            "key": plan.key,
            "counting": plan.counting,
            "steps": [{"target": s.target, "sql": s.sql} for s in plan.steps],
            "tables": names,
            "specs": [_spec_doc(s) for s in plan.specs],
        }
        (tmp / "plan.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        (tmp / "result.schema").write_bytes(plan.result_schema.serialize().to_pybytes())
        final = directory / plan.key
        if final.exists():  # a damaged entry (a sound one would have been loaded)
            shutil.rmtree(final, ignore_errors=True)
        try:
            os.replace(tmp, final)
        except OSError:  # another process stored the same plan just now
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return  # a read-only or full disk only costs the next call a compile
    _prune(directory)


def _prune(directory: Path) -> None:
    entries = sorted(
        (p for p in directory.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
    )
    for p in entries[: max(0, len(entries) - DISK_PLANS)]:
        shutil.rmtree(p, ignore_errors=True)


def _load(path: Path) -> QueryPlan | None:
    try:
        doc = json.loads((path / "plan.json").read_text("utf-8"))
        if doc.get("format") != FORMAT:
            return None
        tables = {}
        for name, file in doc["tables"].items():
            with ipc.open_file(str(path / "tables" / file)) as r:
                tables[name] = r.read_all()
        schema = ipc.read_schema(pa.py_buffer((path / "result.schema").read_bytes()))
        os.utime(path)  # recently used plans survive pruning
        return QueryPlan(
            key=str(doc["key"]),
            steps=[Step(s["target"], list(s["sql"])) for s in doc["steps"]],
            tables=tables,
            result_schema=schema,
            specs=[IndicatorColumns(s["id"], bool(s["industry"]), tuple(s["fields"])) for s in doc["specs"]],
            counting=str(doc["counting"]),
        )
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
        return None


def compute_long(inp: EngineInputs, lake: Lake, directory: Path | None) -> tuple[pa.Table, str]:
    """The long cube for ``inp`` on DuckDB through the plan cache, and the plan's origin."""
    plan, origin = CACHE.get_or_compile(inp, directory, compile_query_plan)
    return long_table(plan.specs, plan.counting, execute_query_plan(plan, lake)), origin
