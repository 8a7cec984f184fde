"""One import job: what every step of the pipeline and the table hooks (GI, statistics) share."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future
from dataclasses import dataclass, field

import duckdb

from ipatlas.config import Settings
from ipatlas.ingest.profiles import Profile
from ipatlas.ingest.readers import RawTable
from ipatlas.ingest.tables import ColMap
from ipatlas.progress import ProgressCallback

STEPS = ("读取表头", "读取并规范化", "隔离检查", "去重合并", "地址解析", "写入数据湖")


@dataclass
class Job:
    settings: Settings
    table: str
    profile: Profile
    raw: RawTable
    cols: ColMap
    file: str
    digest: Future[str]  # SHA-256 of the file, computed beside the parse
    is_demo: bool
    import_id: str
    con: duckdb.DuckDBPyConnection
    progress: ProgressCallback
    started_at: dt.datetime
    t0: float
    counts: dict[str, int] = field(default_factory=dict)
    resolve_join: str = ""  # how the final query joins the resolved regions (set by the resolver)

    @property
    def source_hash(self) -> str:
        return self.digest.result()

    def step(self, i: int) -> None:
        self.progress(i, len(STEPS), STEPS[min(i, len(STEPS) - 1)])
