"""IP operations and finance (知识产权运营与金融) and the rights the resource base lacked.

Records are lake facts (Parquet + manifest), imported through ``ipatlas.ingest`` with the
declared tables of ``ipatlas.store.fact_tables`` and the YAML profiles under
``ipatlas/ingest/profiles/<table>/``:

    import_records(settings, kind, path, profile="auto", *, amount_unit=None) -> dict
    stats(con, kind, region=None, year=None) -> {"count", "patents", "amount", ...}
    transfer_flows(con, level="county"|"province", year=None) -> [{source, target, count}]
    contracts_sql("pledges") -> SQL, one row per pledge contract (登记号)

Kinds: pledge, tm-pledge, transfer, licence, open-licence, insurance, subsidy, risk; the rights
work (作品登记), software (软件著作权登记), variety (植物新品种权).
"""

from __future__ import annotations

from ipatlas.operations.kinds import KINDS, OPERATION_KINDS, RIGHT_KINDS, get_kind
from ipatlas.operations.records import import_records
from ipatlas.operations.stats import (
    concluded_open_licences,
    contracts_sql,
    net_inflow,
    stats,
    stats_for,
    transfer_flows,
)

__all__ = [
    "KINDS",
    "OPERATION_KINDS",
    "RIGHT_KINDS",
    "concluded_open_licences",
    "contracts_sql",
    "get_kind",
    "import_records",
    "net_inflow",
    "stats",
    "stats_for",
    "transfer_flows",
]
