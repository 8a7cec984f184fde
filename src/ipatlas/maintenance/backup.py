"""One consistent archive of a running platform, and its restore on another machine.

An archive (``.tar``, members listed with their SHA-256 in ``backup.json``) holds:

- ``workflow/workflow.sqlite`` — SQLite's online backup API (a consistent copy while writers
  run), or ``workflow/workflow.pgdump`` — ``pg_dump --format=custom`` for PostgreSQL;
- ``lake/_manifest.json`` and exactly the Parquet files it references. The manifest is read
  once and its files are hard-linked (or copied) into a staging folder before anything else:
  Parquet versions are immutable, and a link keeps the bytes even if an import commits and the
  garbage collector removes the old version while the archive is being written;
- ``files/…`` — the rest of the data directory (indicator cube versions, concordances, region
  groups, departments, evaluation logs), without caches, locks and secrets;
- ``settings.json`` — the settings in force, with the secret key and passwords removed.

Restore refuses a non-empty target unless told to replace it, checks every checksum first, and
then runs the migrations, so an archive of an older release comes up on the current schema.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from ipatlas import __version__
from ipatlas.config import Settings
from ipatlas.errors import ConfigError, InputError, StoreError, cause
from ipatlas.maintenance.pgtools import pg_binary
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.store import workflow
from ipatlas.store.lake import MANIFEST, Lake

FORMAT = 1
# Never archived: derived caches, locks, temporary folders, secrets.
SKIP_NAMES = {
    ".duckdb-tmp",
    "cache",
    ".web_secret",
    "demo_admin.json",
    "exports",  # background export files: transient, expire after a day
    "ipatlas.duckdb",
    "ipatlas.duckdb.wal",
}
SKIP_SUFFIXES = (".lock", ".tmp", "-journal", "-wal", "-shm")
SECRET_SETTINGS = {"secret_key"}


@dataclass
class BackupResult:
    archive: str
    created_at: str
    version: str
    backend: str
    revision: str | None
    lake_seq: int
    tables: dict[str, int]
    files: int
    bytes: int
    members: dict[str, str] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("members")
        return d


@dataclass
class RestoreResult:
    archive: str
    data_dir: str
    backend: str
    revision_before: str | None
    revision_after: str | None
    lake_seq: int
    tables: dict[str, int]
    files: int


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _public_settings(settings: Settings) -> dict[str, Any]:
    data = settings.model_dump(mode="json")
    for key in SECRET_SETTINGS:
        data.pop(key, None)
    if data.get("database_url"):
        data["database_url"] = make_url(workflow.normalise_url(data["database_url"])).render_as_string(
            hide_password=True
        )
    return data


# ---- workflow database ----------------------------------------------------------------------
def _dump_workflow(settings: Settings, staging: Path) -> tuple[str, str | None]:
    engine = workflow.make_engine(settings)
    try:
        workflow.migrate(settings, engine=engine)
        revision = workflow.current_revision(engine)
        backend = engine.url.get_backend_name()
        out = staging / "workflow"
        out.mkdir()
        if backend == "sqlite":
            src_path = engine.url.database
            assert src_path
            _sqlite_copy(Path(src_path), out / "workflow.sqlite")
        elif backend == "postgresql":
            _pg_dump(engine.url, out / "workflow.pgdump")
        else:
            raise ConfigError(f"不支持备份该类型的工作流数据库：{backend}")
    finally:
        engine.dispose()
    return backend, revision


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent snapshot even while other connections write."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _pg_env(url: Any) -> tuple[list[str], dict[str, str]]:
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return [*args, "--dbname", url.database or "postgres"], env


def _pg_run(program: str, url: Any, options: list[str]) -> None:
    args, env = _pg_env(url)
    cmd = [str(pg_binary(program)), "--no-owner", "--no-privileges", *args, *options]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise StoreError(f"{program} 失败：{proc.stderr.strip()[:500]}")


def _pg_dump(url: Any, target: Path) -> None:
    _pg_run("pg_dump", url, ["--format=custom", "--file", str(target)])


def _pg_restore(url: Any, dump: Path) -> None:
    _pg_run("pg_restore", url, ["--clean", "--if-exists", "--single-transaction", str(dump)])


# ---- lake and other files ---------------------------------------------------------------------
def _stage_lake(settings: Settings, staging: Path) -> tuple[int, dict[str, int], int]:
    lake = Lake(settings.lake_dir)
    manifest = lake.manifest()  # one read: the version this archive holds
    out = staging / "lake"
    out.mkdir()
    files = 0
    for entry in manifest["tables"].values():
        for rel in entry["files"]:
            src = settings.lake_dir / rel
            if not src.exists():
                raise StoreError(f"数据湖清单引用的文件不存在：{rel}（数据目录可能已损坏）")
            _link_or_copy(src, out / rel)
            files += 1
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    tables = {t: int(e.get("rows", 0)) for t, e in manifest["tables"].items()}
    return int(manifest.get("seq", 0)), tables, files


def _skip(rel: Path) -> bool:
    # Dot-folders are staging areas (.backup-*, .restore-*, .tmp-*, .duckdb-tmp), never data.
    hidden = rel.parts[0].startswith(".") and len(rel.parts) > 1
    return hidden or any(p in SKIP_NAMES for p in rel.parts) or rel.name.endswith(SKIP_SUFFIXES)


def _stage_files(settings: Settings, staging: Path) -> int:
    root = settings.data_dir
    sqlite_file = None
    url = make_url(workflow.normalise_url(settings.workflow_url))
    if url.get_backend_name() == "sqlite" and url.database:
        sqlite_file = Path(url.database).resolve()
    count = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(root)
        if rel.parts[0] == "lake" or _skip(rel) or path.resolve() == sqlite_file:
            continue
        _link_or_copy(path, staging / "files" / rel)
        count += 1
    return count


def backup(settings: Settings, archive: Path, *, progress: ProgressCallback = no_progress) -> BackupResult:
    """Write one consistent archive of the platform to ``archive`` (a ``.tar`` file)."""
    archive = Path(archive)
    if archive.is_dir() or archive.suffix != ".tar":  # a folder: name the archive by time
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        archive = archive / f"ipatlas-backup-{stamp}.tar"
    archive.parent.mkdir(parents=True, exist_ok=True)
    settings.ensure_dirs()
    # Stage on the data directory's file system so that lake files can be hard-linked.
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=settings.data_dir) as tmp:
        staging = Path(tmp) / "ipatlas-backup"
        staging.mkdir()
        progress(0, 4, "数据湖")
        lake_seq, tables, lake_files = _stage_lake(settings, staging)
        progress(1, 4, "工作流数据库")
        backend, revision = _dump_workflow(settings, staging)
        progress(2, 4, "其他文件")
        other = _stage_files(settings, staging)
        (staging / "settings.json").write_text(
            json.dumps(_public_settings(settings), ensure_ascii=False, indent=1), "utf-8"
        )
        members = {
            p.relative_to(staging).as_posix(): _sha256(p) for p in sorted(staging.rglob("*")) if p.is_file()
        }
        result = BackupResult(
            archive=str(archive),
            created_at=dt.datetime.now().isoformat(timespec="seconds"),
            version=__version__,
            backend=backend,
            revision=revision,
            lake_seq=lake_seq,
            tables=tables,
            files=len(members),
            bytes=sum((staging / m).stat().st_size for m in members),
            members=members,
        )
        meta = {"format": FORMAT, **result.to_dict(), "lake_files": lake_files, "other_files": other}
        meta["members"] = members
        (staging / "backup.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
        progress(3, 4, "写入归档")
        part = archive.with_name(archive.name + ".part")
        with tarfile.open(part, "w") as tar:
            tar.add(staging, arcname="ipatlas-backup")
        os.replace(part, archive)  # a half-written archive never has the final name
        progress(4, 4, "完成")
    return result


# ---- restore ------------------------------------------------------------------------------------
def _safe_extract(archive: Path, target: Path) -> Path:
    try:
        with tarfile.open(archive, "r") as tar:
            for member in tar.getmembers():
                if not (member.isfile() or member.isdir()):
                    raise InputError(f"备份归档含不允许的成员类型：{member.name}", file=str(archive))
            tar.extractall(target, filter="data")
    except (OSError, tarfile.TarError) as exc:
        raise InputError(f"无法读取备份归档：{cause(exc)}", file=str(archive)) from exc
    root = target / "ipatlas-backup"
    if not (root / "backup.json").is_file():
        raise InputError("不是 ipatlas 备份归档（缺少 backup.json）", file=str(archive))
    return root


def _verify(root: Path, archive: Path) -> dict[str, Any]:
    meta: dict[str, Any] = json.loads((root / "backup.json").read_text("utf-8"))
    if int(meta.get("format", 0)) > FORMAT:
        raise InputError(
            f"备份格式 {meta.get('format')} 比当前版本支持的 {FORMAT} 新，请先升级平台", file=str(archive)
        )
    for name, digest in meta["members"].items():
        path = root / name
        if not path.is_file():
            raise InputError(f"备份归档缺少文件：{name}", file=str(archive))
        if _sha256(path) != digest:
            raise InputError(f"备份文件校验失败（内容已损坏）：{name}", file=str(archive))
    return meta


def _is_empty(settings: Settings) -> bool:
    d = settings.data_dir
    if d.exists() and any(p for p in d.iterdir() if p.name not in {".env"}):
        return False
    url = make_url(workflow.normalise_url(settings.workflow_url))
    if url.get_backend_name() == "postgresql":
        engine = workflow.make_engine(settings)
        try:
            return workflow.current_revision(engine) is None
        finally:
            engine.dispose()
    return True


def restore(
    settings: Settings, archive: Path, *, replace: bool = False, progress: ProgressCallback = no_progress
) -> RestoreResult:
    """Bring an archive back into ``settings``' data directory and workflow database."""
    archive = Path(archive)
    if not archive.is_file():
        raise InputError("备份归档不存在", file=str(archive))
    if not replace and not _is_empty(settings):
        raise ConfigError(
            f"目标数据目录 {settings.data_dir} 或工作流数据库已有数据；"
            "确认覆盖请加 --replace（覆盖前请先备份）"
        )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=settings.data_dir) as tmp:
        progress(0, 4, "校验归档")
        root = _safe_extract(archive, Path(tmp))
        meta = _verify(root, archive)
        progress(1, 4, "数据湖")
        lake_dir = settings.lake_dir
        staged_lake = root / "lake"
        if lake_dir.exists():
            shutil.rmtree(lake_dir)
        shutil.move(str(staged_lake), str(lake_dir))
        progress(2, 4, "其他文件")
        files = root / "files"
        if files.is_dir():
            for path in sorted(files.rglob("*")):
                if path.is_file():
                    dst = settings.data_dir / path.relative_to(files)
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, dst)
        progress(3, 4, "工作流数据库")
        url = make_url(workflow.normalise_url(settings.workflow_url))
        backend = url.get_backend_name()
        dump_sqlite = root / "workflow" / "workflow.sqlite"
        dump_pg = root / "workflow" / "workflow.pgdump"
        if backend == "sqlite":
            if not dump_sqlite.is_file():
                raise InputError(
                    "该归档来自 PostgreSQL，目标为 SQLite：请在目标上配置 PostgreSQL 后恢复",
                    file=str(archive),
                )
            assert url.database
            target = Path(url.database)
            target.parent.mkdir(parents=True, exist_ok=True)
            _sqlite_copy(dump_sqlite, target)
            os.chmod(target, 0o600)
        elif backend == "postgresql":
            if not dump_pg.is_file():
                raise InputError(
                    "该归档来自 SQLite，目标为 PostgreSQL：暂不支持跨数据库恢复", file=str(archive)
                )
            _pg_restore(url, dump_pg)
        else:
            raise ConfigError(f"不支持恢复到该类型的工作流数据库：{backend}")
        engine = workflow.make_engine(settings)
        try:
            before = workflow.current_revision(engine)
            workflow.migrate(settings, engine=engine)
            after = workflow.current_revision(engine)
        finally:
            engine.dispose()
        Lake(lake_dir).export_catalog(settings.duckdb_path)
        progress(4, 4, "完成")
    return RestoreResult(
        archive=str(archive),
        data_dir=str(settings.data_dir),
        backend=backend,
        revision_before=before,
        revision_after=after,
        lake_seq=int(meta.get("lake_seq", 0)),
        tables={k: int(v) for k, v in meta.get("tables", {}).items()},
        files=len(meta["members"]),
    )
