"""PostgreSQL client programs (pg_dump, pg_restore): the newest installed Debian cluster's, else PATH."""

from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path

from ipatlas.errors import ConfigError


def pg_binary(name: str) -> Path:
    override = os.environ.get("IPATLAS_PG_BIN")
    dirs = [override] if override else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for d in dirs:
        if d and (Path(d) / name).is_file():
            return Path(d) / name
    found = shutil.which(name)
    if found:
        return Path(found)
    raise ConfigError(f"未找到 PostgreSQL 客户端程序 {name}：请安装 Debian 软件包 postgresql-client")
