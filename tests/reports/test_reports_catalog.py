"""Guidance catalog workflow: draft by rules → recorded adjustments → numbered, immutable versions.

Runs on both workflow-database backends (SQLite and PostgreSQL), each on a fresh database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import select, text

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError, StoreError
from ipatlas.reports.catalog import (
    adjust_catalog,
    catalog_snapshot,
    draft_catalog,
    export_catalog,
    list_catalogs,
    load_rules,
    publish_catalog,
    show_catalog,
    store,
)
from ipatlas.store import workflow
from ipatlas.store.catalog_models import CatalogVersion


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def cube_settings(
    request: pytest.FixtureRequest, cube_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    """The session's report lake with a fresh workflow database of each backend."""
    if request.param == "sqlite":
        db = tmp_path_factory.mktemp("catalog-wf") / "workflow.sqlite"
        yield cube_settings.model_copy(update={"database_url": f"sqlite:///{db}"})
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database()
    try:
        yield cube_settings.model_copy(update={"database_url": cluster.url(name)})
    finally:
        cluster.drop_database(name)


@pytest.fixture(scope="module")
def draft(cube_settings: Settings) -> Any:
    return draft_catalog(cube_settings, "500000", 2025, user="analyst1")


def test_draft_classifies_every_cell_by_the_rules(draft: Any, cube_settings: Any) -> None:
    assert draft.cells == 38 * 4 and draft.region == "500000" and draft.is_demo
    rules = load_rules()
    cells = store.cells(cube_settings, draft.id)
    for c in cells:
        cls, reason = rules.classify(c.metrics)  # the stored class is exactly the rules' verdict
        assert (c.cls, c.reason) == (cls.code, reason)
    yubei = next(c for c in cells if c.region == "500112" and c.industry == "wipo:32")
    assert yubei.metrics["lq"] > 1 and yubei.metrics["coordination"] is not None
    assert sum(draft.counts.values()) == draft.cells
    assert draft.counts["数据不足"] > 0  # remote counties have too few patents to classify


def test_adjust_records_who_when_before_after(draft: Any, cube_settings: Any) -> None:
    before = store.cells(cube_settings, draft.id, region="500106", industry="wipo:13")[0]
    change = adjust_catalog(
        cube_settings,
        draft.id,
        "500106",
        "13",
        cls="优势巩固",
        reason="医疗器械产业集聚，专家确认",
        user="analyst1",
        comment="评审会意见",
    )
    assert change["before"]["reason"] == before.reason
    assert change["after"] == {"class": "优势巩固", "reason": "医疗器械产业集聚，专家确认"}
    assert change["by"] == "analyst1" and dt.datetime.fromisoformat(change["at"])
    after = store.cells(cube_settings, draft.id, region="500106", industry="wipo:13")[0]
    assert after.cls == "consolidate" and after.adjusted and after.auto_class == before.auto_class
    log = store.changes(cube_settings, draft.id)
    assert log[-1]["before_class"] == before.cls and log[-1]["after_class"] == "consolidate"
    # mirrored in the platform audit log
    from ipatlas.store import workflow

    with workflow.workflow_session(cube_settings) as session:
        entries = workflow.list_audit(session, object_type="guidance_catalog", object_id=str(draft.id))
    assert any(
        e.action == "adjust" and e.after is not None and e.after["class"] == "优势巩固" for e in entries
    )
    with pytest.raises(InputError, match="理由"):
        adjust_catalog(cube_settings, draft.id, "500106", "wipo:13", cls="引导转移", user="analyst1")
    with pytest.raises(InputError, match="未知的导向类别"):
        adjust_catalog(
            cube_settings, draft.id, "500106", "wipo:13", cls="不存在", reason="x", user="analyst1"
        )
    with pytest.raises(NotFoundError):
        adjust_catalog(cube_settings, draft.id, "999999", "wipo:13", cls="优势巩固", reason="x", user="a")


def test_publish_numbered_immutable_versions(draft: Any, cube_settings: Any) -> None:
    v1 = publish_catalog(cube_settings, draft.id, user="chief", note="首次发布")
    year = dt.date.today().year
    assert v1["label"] == f"{year}-01 v1"
    with pytest.raises(InputError, match="没有任何调整"):
        publish_catalog(cube_settings, draft.id, user="chief")
    kept = store.cells(cube_settings, draft.id, region="500112", industry="wipo:06")[0]
    assert kept.cls != "cultivate"
    adjust_catalog(
        cube_settings, draft.id, "500112", "wipo:06", cls="培育提升", reason="软件园新建", user="analyst2"
    )
    v2 = publish_catalog(cube_settings, draft.id, user="chief")
    assert v2["label"] == f"{year}-01 v2"
    s1 = catalog_snapshot(cube_settings, v1["label"])
    cell = next(c for c in s1["cells"] if c["region"] == "500112" and c["industry"] == "wipo:06")
    assert (cell["class"], cell["reason"]) == (kept.cls, kept.reason)  # v1 kept its content
    assert len(s1["changes"]) == 1 and len(catalog_snapshot(cube_settings, v2["label"])["changes"]) == 2
    assert_versions_immutable(cube_settings, v1["label"])
    other = draft_catalog(cube_settings, "G:cq-metro", 2025, user="analyst1")
    assert publish_catalog(cube_settings, other.id, user="chief")["label"] == f"{year}-02 v1"
    assert {i.id for i in list_catalogs(cube_settings)} >= {draft.id, other.id}
    view = show_catalog(cube_settings, f"{year}-01-v2", cls="培育提升")
    assert view["kind"] == "version" and all(c["class"] == "cultivate" for c in view["cells"])
    with pytest.raises(InputError, match="发布人"):
        store.publish(cube_settings, draft.id, user="")


def test_exports(draft: Any, cube_settings: Any, tmp_path: Path) -> None:
    label = store.get_info(cube_settings, draft.id).versions[0]
    xlsx = export_catalog(cube_settings, label, "xlsx", tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["导向目录", "总表", "分类汇总", "分类规则", "调整记录", "说明"]
    ws = wb["导向目录"]
    assert ws.freeze_panes == "E5" and ws["A4"].value == "—"
    headers = [c.value for c in ws[3]]
    assert headers[:6] == ["区域代码", "区域", "技术领域代码", "技术领域", "导向类别", "分类理由"]
    assert ws.max_row - 4 == 38 * 4
    lq_col = headers.index("区位熵") + 1
    assert ws.cell(row=5, column=lq_col).number_format == "0.00"
    adjusted = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[6] == "是"]
    assert len(adjusted) == 1 and adjusted[0][4] == "优势巩固"
    assert wb["调整记录"].max_row == 5  # title, subtitle, header, units, one change
    d = docx.Document(str(export_catalog(cube_settings, label, "docx", tmp_path / "c.docx")))
    h1 = [p.text for p in d.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert h1 == ["一、编制说明", "二、目录总览", "三、分类目录", "四、调整记录"]
    assert any(label in p.text for p in d.paragraphs)
    with pytest.raises(InputError):
        export_catalog(cube_settings, label, "odt", tmp_path / "c.odt")


def assert_versions_immutable(settings: Settings, label: str) -> None:
    """Neither the service layer (ORM) nor raw SQL on the database can alter a published version."""
    frozen = store.get_version(settings, label)
    with pytest.raises(StoreError, match="不可修改"), workflow.workflow_session(settings) as s:
        v = s.scalar(select(CatalogVersion).where(CatalogVersion.label == label))
        assert v is not None
        v.note = "改过"
    with pytest.raises(StoreError, match="不可修改"), workflow.workflow_session(settings) as s:
        s.delete(s.scalar(select(CatalogVersion).where(CatalogVersion.label == label)))
    engine = workflow.make_engine(settings)
    statements = ["UPDATE catalog_versions SET note = 'x'", "DELETE FROM catalog_versions"]
    if engine.dialect.name == "postgresql":
        statements.append("TRUNCATE catalog_versions")
    try:
        for sql in statements:
            with pytest.raises(sa_exc.IntegrityError, match="immutable"), engine.begin() as conn:
                conn.execute(text(sql))
    finally:
        engine.dispose()
    assert store.get_version(settings, label) == frozen
