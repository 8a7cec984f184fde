"""``ipatlas doctor``: check a deployment and say, in Chinese, what to fix.

Each check returns ``ok`` / ``warn`` / ``fail`` with what was found and, when not ok, the fix.
Nothing here changes the deployment (the migrations are compared, not run).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ipatlas.config import Settings, secret_key_problem
from ipatlas.store import workflow
from ipatlas.store.lake import Lake

MIN_FREE_BYTES = 5 * 1024**3  # below this an import or a backup may fail half-way


@dataclass
class Check:
    name: str
    status: str  # ok | warn | fail
    detail: str
    fix: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _database(settings: Settings) -> list[Check]:
    try:
        engine = workflow.make_engine(settings)
    except Exception as exc:  # a bad URL is the finding, not a crash
        return [Check("数据库连接", "fail", f"无法创建连接：{exc}", "检查 IPATLAS_DATABASE_URL")]
    try:
        try:
            current = workflow.current_revision(engine)
        except Exception as exc:
            return [
                Check(
                    "数据库连接",
                    "fail",
                    f"无法连接工作流数据库（{engine.url.render_as_string(hide_password=True)}）：{exc}",
                    "确认数据库服务已启动、地址和账号正确、网络可达",
                )
            ]
        checks = [Check("数据库连接", "ok", f"{engine.url.get_backend_name()} 可连接")]
        head = workflow.head_revision()
        if current == head:
            checks.append(Check("数据库版本", "ok", f"已是最新迁移 {head}"))
        elif current is None:
            checks.append(Check("数据库版本", "fail", "数据库尚未初始化", "运行 ipatlas db upgrade"))
        else:
            checks.append(
                Check(
                    "数据库版本",
                    "fail",
                    f"当前 {current}，最新 {head}",
                    "运行 ipatlas db upgrade（可重复运行）",
                )
            )
        return checks
    finally:
        engine.dispose()


def _data_dir(settings: Settings) -> list[Check]:
    d = settings.data_dir
    if not d.exists():
        return [Check("数据目录", "fail", f"{d} 不存在", f"创建目录并授予服务账号写权限：mkdir -p {d}")]
    try:
        with tempfile.NamedTemporaryFile(dir=d, prefix=".doctor-"):
            pass
    except OSError as exc:
        return [Check("数据目录", "fail", f"{d} 不可写：{exc}", "授予运行 ipatlas 的账号写权限")]
    checks = [Check("数据目录", "ok", f"{d} 可写")]
    try:
        manifest = Lake(settings.lake_dir).manifest()
        missing = [
            f for e in manifest["tables"].values() for f in e["files"] if not (settings.lake_dir / f).exists()
        ]
        if missing:
            checks.append(
                Check(
                    "数据湖",
                    "fail",
                    f"清单引用的 {len(missing)} 个文件缺失（如 {missing[0]}）",
                    "从最近的备份恢复：ipatlas restore",
                )
            )
        else:
            rows = sum(int(e.get("rows", 0)) for e in manifest["tables"].values())
            checks.append(Check("数据湖", "ok", f"版本 {manifest.get('seq', 0)}，{rows} 条记录"))
    except Exception as exc:
        checks.append(Check("数据湖", "fail", f"清单无法读取：{exc}", "从最近的备份恢复：ipatlas restore"))
    free = shutil.disk_usage(d).free
    gib = free / 1024**3
    if free < MIN_FREE_BYTES:
        checks.append(
            Check("磁盘空间", "warn", f"剩余 {gib:.1f} GiB", "清理或扩容；导入和备份需要数据量两倍以上的空间")
        )
    else:
        checks.append(Check("磁盘空间", "ok", f"剩余 {gib:.1f} GiB"))
    db = settings.data_dir / "workflow.sqlite"
    if settings.database_url is None and db.exists():
        mode = db.stat().st_mode & 0o777
        if mode & 0o077:
            checks.append(Check("数据库文件权限", "warn", f"{db.name} 权限为 {oct(mode)}", f"chmod 600 {db}"))
        else:
            checks.append(Check("数据库文件权限", "ok", f"{oct(mode)}"))
    return checks


def _secret(settings: Settings) -> list[Check]:
    key = settings.secret_key
    problem = secret_key_problem(key)
    if problem:
        return [
            Check(
                "会话密钥",
                "fail",
                f"IPATLAS_SECRET_KEY 不安全：{problem}",
                "IPATLAS_SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')\"",
            )
        ]
    return [Check("会话密钥", "ok", f"已设置（{len(key)} 个字符）")]


def _fonts(_settings: Settings) -> list[Check]:
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
    cjk = [
        p
        for d in dirs
        if d.is_dir()
        for p in d.rglob("*")
        if p.suffix.lower() in {".ttc", ".otf", ".ttf"}
        and any(k in p.name for k in ("CJK", "Noto Sans SC", "wqy", "SourceHan"))
    ]
    if not cjk:
        return [
            Check(
                "中文字体",
                "fail",
                "未找到中文字体，PDF 报告中的汉字将无法显示",
                "apt-get install fonts-noto-cjk",
            )
        ]
    return [Check("中文字体", "ok", f"{len(cjk)} 个中文字体文件")]


def _tools(settings: Settings) -> list[Check]:
    out = []
    for name, what, pkg in (("pg_dump", "PostgreSQL 备份", "postgresql-client"),):
        from ipatlas.maintenance.pgtools import pg_binary

        try:
            pg_binary(name, settings)
            out.append(Check(f"{what}工具", "ok", name))
        except Exception:
            out.append(
                Check(
                    f"{what}工具",
                    "warn",
                    f"未找到 {name}（仅 PostgreSQL 部署需要）",
                    f"apt-get install {pkg}",
                )
            )
    return out


CHECKS: list[Callable[[Settings], list[Check]]] = [_database, _data_dir, _secret, _fonts, _tools]


def doctor(settings: Settings) -> list[Check]:
    """Run every check; never raises for a finding."""
    results: list[Check] = []
    for check in CHECKS:
        results.extend(check(settings))
    if os.name == "posix" and hasattr(os, "geteuid") and os.geteuid() == 0:
        results.append(
            Check("运行账号", "warn", "以 root 运行", "生产环境请用专用的非 root 账号运行（见 deploy/）")
        )
    return results
