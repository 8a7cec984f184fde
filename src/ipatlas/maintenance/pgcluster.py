"""A throwaway PostgreSQL cluster (``initdb`` + ``pg_ctl`` on a free loopback port, trust auth,
no fsync): for tests and benchmarks, never for data that matters.

PostgreSQL refuses to run as root, so as root the cluster is created and started as the
``postgres`` system user (``runuser``).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from ipatlas.errors import ConfigError
from ipatlas.maintenance.pgtools import pg_binary


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgCluster:
    bin_dir: Path
    root: Path
    port: int
    run_as: str | None

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    def _cmd(self, *args: str) -> list[str]:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        return ["runuser", "-u", self.run_as, "--", *cmd] if self.run_as else cmd

    def run(self, *args: str) -> None:
        res = subprocess.run(self._cmd(*args), capture_output=True, text=True, timeout=120)
        if res.returncode != 0:
            raise ConfigError(f"PostgreSQL 命令 {args[0]} 失败: {(res.stderr or res.stdout)[-500:]}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self._admin(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self._admin(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_cluster(*, max_connections: int = 50) -> PgCluster:
    bin_dir = pg_binary("initdb").parent
    if not (bin_dir / "pg_ctl").exists():
        raise ConfigError(
            f"未找到 PostgreSQL 服务器程序 pg_ctl（{bin_dir}）：请安装 Debian 软件包 postgresql"
        )
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise ConfigError("以 root 运行但没有 postgres 系统用户，无法启动 PostgreSQL") from exc
        run_as = "postgres"
    root = Path(tempfile.mkdtemp(prefix="ipatlas-pg-"))
    if run_as:
        pw = pwd.getpwnam(run_as)
        os.chown(root, pw.pw_uid, pw.pw_gid)
    os.chmod(root, 0o700)
    cluster = PgCluster(bin_dir=bin_dir, root=root, port=_free_port(), run_as=run_as)
    try:
        cluster.run(
            "initdb", "-D", str(cluster.datadir), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C", "--no-sync",
        )  # fmt: skip
        opts = (
            f"-p {cluster.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            f"-c max_connections={max_connections}"
        )
        cluster.run(
            "pg_ctl",
            "-D",
            str(cluster.datadir),
            "-o",
            opts,
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster


def stop_cluster(cluster: PgCluster) -> None:
    subprocess.run(
        cluster._cmd("pg_ctl", "-D", str(cluster.datadir), "-m", "immediate", "-w", "stop"),
        capture_output=True,
        timeout=60,
    )
    shutil.rmtree(cluster.root, ignore_errors=True)
