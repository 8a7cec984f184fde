"""PostgreSQL client programs (pg_dump, pg_restore): the newest installed Debian cluster's, else PATH."""

from __future__ import annotations

import glob
import shutil
from pathlib import Path

from ipatlas.config import Settings, get_settings
from ipatlas.errors import ConfigError


def pg_binary(name: str, settings: Settings | None = None) -> Path:
    override = (settings or get_settings()).pg_bin
    dirs = [str(override)] if override else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for d in dirs:
        if d and (Path(d) / name).is_file():
            return Path(d) / name
    found = shutil.which(name)
    if found:
        return Path(found)
    raise ConfigError(f"未找到 PostgreSQL 客户端程序 {name}：请安装 Debian 软件包 postgresql-client")
