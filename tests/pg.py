"""A throwaway PostgreSQL cluster for tests: ``initdb`` + ``pg_ctl`` on a free loopback port.

Used by the ``pg_cluster`` / ``pg_url`` fixtures (import them in a conftest). PostgreSQL refuses
to run as root, so when the tests run as root the cluster is created and started as the
``postgres`` system user (``runuser``). Missing binaries are a hard failure: CI installs them
(``scripts/install-system-deps.sh``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def find_pg_bin() -> Path:
    override = os.environ.get("IPATLAS_PG_BIN")
    candidates = [override] if override else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    pytest.fail(
        "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or on PATH: "
        "install the Debian package `postgresql` (scripts/install-system-deps.sh does), "
        "or set IPATLAS_PG_BIN"
    )


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
            pytest.fail(f"PostgreSQL command {args[0]} failed: {res.stderr or res.stdout}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_cluster() -> PgCluster:
    bin_dir = find_pg_bin()
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("running as root but there is no `postgres` system user to run PostgreSQL as")
        run_as = "postgres"
    root = Path(tempfile.mkdtemp(prefix="ipatlas-pg-"))
    if run_as:
        pw = pwd.getpwnam(run_as)
        os.chown(root, pw.pw_uid, pw.pw_gid)
    os.chmod(root, 0o700)
    cluster = PgCluster(bin_dir=bin_dir, root=root, port=_free_port(), run_as=run_as)
    cluster.run(
        "initdb",
        "-D",
        str(cluster.datadir),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
    )
    opts = (
        f"-p {cluster.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
    )
    cluster.run(
        "pg_ctl", "-D", str(cluster.datadir), "-o", opts, "-l", str(root / "log"), "-w", "-t", "60", "start"
    )
    return cluster


def stop_cluster(cluster: PgCluster) -> None:
    subprocess.run(
        cluster._cmd("pg_ctl", "-D", str(cluster.datadir), "-m", "immediate", "-w", "stop"),
        capture_output=True,
        timeout=60,
    )
    shutil.rmtree(cluster.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


@pytest.fixture()
def pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """A fresh, empty database on the session's cluster."""
    name = pg_cluster.create_database()
    try:
        yield pg_cluster.url(name)
    finally:
        pg_cluster.drop_database(name)
