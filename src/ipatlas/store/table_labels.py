"""The Chinese name of every lake table, for what a reader sees (pages, reasons, reports).

The one map: the imported tables, the fact tables of the domain packages (their own ``zh``) and
the fact tables derived from them (operations, protection, market snapshots)."""

from __future__ import annotations

from ipatlas.store.fact_tables import FACT_TABLES

TABLE_LABELS: dict[str, str] = {
    "patents": "专利",
    "trademarks": "商标",
    "gi": "地理标志",
    "statistics": "统计数据",
    "imports": "导入记录",
    "quarantine": "隔离行",
    "replacements": "更新记录",
    "judgments": "裁判文书",
    "library_documents": "政策法规",
    **{t: spec.zh for t, spec in FACT_TABLES.items()},
    # derived by ipatlas.operations.publish
    "pledge_contracts": "专利权质押合同",
    "transfer_moves": "专利权转入转出",
    "conversions": "专利转让许可（转化）",
    "hv_pledge_patents": "较高质押融资金额的发明专利",
    # snapshots of the workflow database (ipatlas.protection.facts, ipatlas.market.facts)
    "case_facts": "知识产权保护案件",
    "market_grades": "市场主体信用分级",
    "market_leads": "侵权假冒线索",
    "market_inspections": "双随机抽查",
}


def table_label(table: str) -> str:
    """A table's Chinese name (an unknown table keeps its name)."""
    return TABLE_LABELS.get(table, table)


def column_label(table: str, column: str) -> str:
    """A fact table column's Chinese name where the table declares one (else the column name)."""
    spec = FACT_TABLES.get(table)
    if spec is not None:
        try:
            return spec.field(column).zh
        except KeyError:
            pass
    return column


def absent_reason(table: str) -> str:
    """Why a figure over ``table`` cannot be counted: the table is not in the lake."""
    return f"资源库中没有{table_label(table)}数据（尚未导入或发布），无法统计"


def missing_columns_reason(table: str, missing: list[str]) -> str:
    """Why a figure over ``table`` cannot be counted: columns it needs are absent."""
    cols = "、".join(column_label(table, c) for c in missing)
    return f"{table_label(table)}数据缺少字段 {cols}，无法统计"
