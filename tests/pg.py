"""A throwaway PostgreSQL cluster for tests: the ``pg_cluster`` / ``pg_url`` fixtures (import them
in a conftest) over :mod:`ipatlas.maintenance.pgcluster` (``initdb`` + ``pg_ctl`` on a free
loopback port). Missing binaries are a hard failure: CI installs them
(``scripts/install-system-deps.sh``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ipatlas.errors import ConfigError
from ipatlas.maintenance.pgcluster import PgCluster, stop_cluster
from ipatlas.maintenance.pgcluster import start_cluster as _start

__all__ = ["PgCluster", "pg_cluster", "pg_url", "start_cluster", "stop_cluster"]


def start_cluster() -> PgCluster:
    try:
        return _start()
    except ConfigError as exc:
        pytest.fail(
            f"{exc.message}: install the Debian package `postgresql` (scripts/install-system-deps.sh does), "
            "or set IPATLAS_PG_BIN"
        )


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
