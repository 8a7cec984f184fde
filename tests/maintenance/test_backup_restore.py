"""Backups that restore: taken while an import runs, restored on a fresh data directory, every
figure and every workflow row equal; on SQLite and on PostgreSQL; bad archives refused clearly."""

from __future__ import annotations

import json
import tarfile
import threading
from pathlib import Path
from typing import Any

import duckdb
import pytest
from sqlalchemy import MetaData, select

from ipatlas.config import Settings
from ipatlas.demo.generate import generate
from ipatlas.errors import ConfigError, InputError
from ipatlas.indicators.cube import compute_cube
from ipatlas.ingest.pipeline import import_file
from ipatlas.maintenance import backup, doctor, restore
from ipatlas.store import workflow
from ipatlas.store.lake import Lake
from ipatlas.store.models import UserCreate

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("demo")
    generate(out, records=3000, layouts=("standard", "incopat"), shared_dir=SHARED)
    files = {p.name: p for p in out.rglob("*") if p.is_file() and p.suffix in {".csv", ".xlsx"}}
    return files


def _pick(files: dict[str, Path], word: str) -> Path:
    return next(p for n, p in sorted(files.items()) if word in n)


def _lake_snapshot(settings: Settings) -> dict[str, Any]:
    lake = Lake(settings.lake_dir)
    con = duckdb.connect()
    lake.connect(con)
    out: dict[str, Any] = {}
    for table, entry in sorted(lake.manifest()["tables"].items()):
        rows = con.execute(f'SELECT count(*), sum(hash(COLUMNS(*))) FROM "{table}"').fetchone()
        out[table] = (entry["rows"], rows)
    con.close()
    return out


def _workflow_snapshot(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    engine = workflow.make_engine(settings)
    try:
        meta = MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            return {
                name: sorted(tuple(str(v) for v in row) for row in conn.execute(select(t)))
                for name, t in sorted(meta.tables.items())
                if name != "alembic_version"
            }
    finally:
        engine.dispose()


def _cube_values(settings: Settings) -> list[tuple[Any, ...]]:
    from ipatlas.indicators.cube import current_dir

    path = current_dir(settings) / "cube.parquet"
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT region_code, industry, year, indicator, counting, value FROM read_parquet('{path}') "
        "ORDER BY ALL"
    ).fetchall()
    con.close()
    return rows


def _populate(settings: Settings, files: dict[str, Path]) -> None:
    import_file(settings, "patents", _pick(files, "standard"), "standard")
    with workflow.workflow_session(settings) as session:
        workflow.create_user(
            session,
            UserCreate(username="clerk1", role="clerk", password="correct-horse-9x!", display_name="甲"),
        )
    compute_cube(settings, years=range(2015, 2024), industries=[])


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_backup_during_import_restores_equal(
    backend: str, demo_files: dict[str, Path], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "postgresql":
        src_url = request.getfixturevalue("pg_url")
        cluster = request.getfixturevalue("pg_cluster")
        dst_url = cluster.url(cluster.create_database())
    else:
        src_url = dst_url = None
    src = Settings(data_dir=tmp_path / "src", database_url=src_url, shared_dir=SHARED)
    _populate(src, demo_files)
    before_lake = _lake_snapshot(src)
    before_wf = _workflow_snapshot(src)
    before_cube = _cube_values(src)

    # A second import runs while the backup is taken: the archive holds one consistent version.
    errors: list[BaseException] = []

    def run_import() -> None:
        try:
            import_file(src, "patents", _pick(demo_files, "incopat"), "incopat")
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    worker = threading.Thread(target=run_import)
    worker.start()
    res = backup(src, tmp_path / "archives")
    worker.join()
    assert not errors
    assert Path(res.archive).is_file() and res.archive.endswith(".tar")
    assert res.backend == backend
    with tarfile.open(res.archive) as tar:
        names = tar.getnames()
        member = tar.extractfile("ipatlas-backup/settings.json")
        assert member is not None
        settings_json = json.loads(member.read())
    assert not any(n.endswith((".web_secret", "demo_admin.json")) for n in names)
    assert "secret_key" not in settings_json

    dst = Settings(data_dir=tmp_path / "dst", database_url=dst_url, shared_dir=SHARED)
    out = restore(dst, Path(res.archive))
    assert out.revision_after == workflow.head_revision()
    restored_lake = _lake_snapshot(dst)
    # The archive is either the version before the concurrent import or the one after it.
    after_lake = _lake_snapshot(src)
    assert restored_lake in (before_lake, after_lake)
    assert restored_lake["patents"][0] == res.tables["patents"]
    assert _workflow_snapshot(dst) == before_wf
    assert _cube_values(dst) == before_cube

    # Restoring over existing data needs --replace; with it the result is the same.
    with pytest.raises(ConfigError, match="--replace"):
        restore(dst, Path(res.archive))
    restore(dst, Path(res.archive), replace=True)
    assert _workflow_snapshot(dst) == before_wf


def test_damaged_and_foreign_archives_are_refused(tmp_path: Path, demo_files: dict[str, Path]) -> None:
    src = Settings(data_dir=tmp_path / "src", shared_dir=SHARED)
    import_file(src, "patents", _pick(demo_files, "standard"), "standard")
    res = backup(src, tmp_path / "b.tar")
    # Flip bytes in one member: the checksum names it.
    work = tmp_path / "x"
    with tarfile.open(res.archive) as tar:
        tar.extractall(work, filter="data")
    victim = next((work / "ipatlas-backup" / "lake").rglob("*.parquet"))
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    bad = tmp_path / "bad.tar"
    with tarfile.open(bad, "w") as tar:
        tar.add(work / "ipatlas-backup", arcname="ipatlas-backup")
    with pytest.raises(InputError, match="校验失败"):
        restore(Settings(data_dir=tmp_path / "d1", shared_dir=SHARED), bad)
    not_tar = tmp_path / "n.tar"
    not_tar.write_text("hello", "utf-8")
    with pytest.raises(InputError, match="无法读取备份归档"):
        restore(Settings(data_dir=tmp_path / "d2", shared_dir=SHARED), not_tar)
    # The failed restores left nothing behind that would block a good one.
    restore(Settings(data_dir=tmp_path / "d1", shared_dir=SHARED), Path(res.archive), replace=True)


def test_doctor_names_what_to_fix(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path / "d", shared_dir=SHARED)
    s.ensure_dirs()
    checks = {c.name: c for c in doctor(s)}
    assert checks["数据库版本"].status == "fail" and "db upgrade" in checks["数据库版本"].fix
    assert checks["会话密钥"].status == "fail"
    workflow.migrate(s)
    strong = Settings(
        data_dir=tmp_path / "d", shared_dir=SHARED, secret_key="k" * 8 + "Zq93-xLm_Pw7RtYv2aBcDeFgHiJkLmNo"
    )
    checks = {c.name: c for c in doctor(strong)}
    assert checks["数据库版本"].status == "ok"
    assert checks["会话密钥"].status == "ok"
    assert checks["数据目录"].status == "ok"
    broken = Settings(
        data_dir=tmp_path / "d", database_url="postgresql://nobody@127.0.0.1:1/none", shared_dir=SHARED
    )
    checks = {c.name: c for c in doctor(broken)}
    assert checks["数据库连接"].status == "fail"
