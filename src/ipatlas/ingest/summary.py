"""What an import reports: counts that always add up (read = loaded + duplicates + quarantined)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field, model_validator


class QuarantineSample(BaseModel):
    row: int
    field: str | None
    value: str | None
    reason: str


class ImportSummary(BaseModel):
    import_id: str
    table: str
    file: str
    profile: str
    # canonical field → the file's column it was read from (what ``--profile auto`` chose)
    columns: dict[str, str] = Field(default_factory=dict)
    source_hash: str = ""
    read: int
    loaded: int
    inserted: int
    replaced: int
    duplicates: int
    quarantined: int
    is_demo: bool = False
    quarantine_sample: list[QuarantineSample] = Field(default_factory=list)
    quarantine_reasons: dict[str, int] = Field(default_factory=dict)
    seconds: float = 0.0
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    data_version_changed: bool = False

    @model_validator(mode="after")
    def _counts_add_up(self) -> ImportSummary:
        if self.read != self.loaded + self.duplicates + self.quarantined:
            raise ValueError(
                f"import {self.import_id}: read {self.read} ≠ loaded {self.loaded} + duplicates "
                f"{self.duplicates} + quarantined {self.quarantined}"
            )
        if self.loaded != self.inserted + self.replaced:
            raise ValueError(f"import {self.import_id}: loaded ≠ inserted + replaced")
        return self

    def zh_rows(self) -> list[tuple[str, str]]:
        """The summary as (label, value) pairs in Chinese, for the CLI and the web."""
        from ipatlas import DEMO_LABEL
        from ipatlas.store.table_labels import table_label

        rows = [
            ("导入批次", self.import_id),
            ("数据类型", table_label(self.table)),
            ("文件", self.file),
            ("字段映射", self.profile),
            ("读取", str(self.read)),
            ("入库", f"{self.loaded}（新增 {self.inserted}，更新 {self.replaced}）"),
            ("重复", str(self.duplicates)),
            ("隔离", str(self.quarantined)),
            ("用时", f"{self.seconds:.2f} 秒"),
        ]
        if self.columns:
            mapped = "、".join(f"{src}→{field}" for field, src in self.columns.items())
            rows.insert(4, ("列对应", mapped))
        if self.is_demo:
            rows.insert(2, ("标记", DEMO_LABEL))
        return rows
