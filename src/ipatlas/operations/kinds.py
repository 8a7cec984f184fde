"""Kinds of operation records (the CLI's ``--kind``) and the lake tables that hold them."""

from __future__ import annotations

from dataclasses import dataclass

from ipatlas.errors import InputError


@dataclass(frozen=True)
class Kind:
    kind: str
    table: str
    zh: str
    date: str  # the date a record takes effect (its year is the record's year)
    amount: str | None  # the amount summed in 万元
    unit: str  # what ``count`` counts


KINDS: dict[str, Kind] = {
    k.kind: k
    for k in (
        Kind("pledge", "pledges", "专利权质押", "event_date", "amount", "质押合同（登记号）"),
        Kind("tm-pledge", "tm_pledges", "商标专用权质押", "event_date", "amount", "质押合同（质权登记号）"),
        Kind("transfer", "transfers", "专利权转让", "event_date", None, "转让登记"),
        Kind("licence", "licences", "专利实施许可备案", "filing_date", "fee", "许可合同备案"),
        Kind("open-licence", "open_licences", "专利开放许可声明", "declared_date", None, "开放许可声明"),
        Kind("insurance", "insurance", "知识产权保险", "start_date", "coverage", "保单"),
        Kind("subsidy", "subsidies", "知识产权资助", "paid_date", "amount", "拨付"),
        Kind("risk", "risk_comp", "质押融资风险补偿", "comp_date", "comp_amount", "代偿"),
        Kind("work", "works", "作品著作权登记", "reg_date", None, "作品登记"),
        Kind("software", "software", "计算机软件著作权登记", "reg_date", None, "软件登记"),
        Kind("variety", "varieties", "植物新品种权", "grant_date", None, "品种权授权"),
    )
}
OPERATION_KINDS = (
    "pledge",
    "tm-pledge",
    "transfer",
    "licence",
    "open-licence",
    "insurance",
    "subsidy",
    "risk",
)
RIGHT_KINDS = ("work", "software", "variety")
ALIASES = {
    "open_licence": "open-licence",
    "license": "licence",
    "open-license": "open-licence",
    "tm_pledge": "tm-pledge",
    "risk-compensation": "risk",
}


def get_kind(kind: str, allowed: tuple[str, ...] | None = None) -> Kind:
    k = ALIASES.get(kind, kind)
    names = allowed or tuple(KINDS)
    if k not in KINDS or k not in names:
        raise InputError(f"未知的记录类型 {kind!r}（可选：{'、'.join(names)}）", field="--kind")
    return KINDS[k]


@dataclass(frozen=True)
class ResourceRight:
    """One kind of right on the 资源分析 page and in the reports' resource chapter: the catalogue
    indicators giving the year's registrations (or grants) and the year-end holdings."""

    key: str
    label: str
    table: str  # the lake table holding its records (for the 演示数据 label and "imported")
    flow: str  # indicator id: registered / granted in the year (登记量)
    stock: str  # indicator id: held at the year end (拥有量)


RESOURCE_RIGHTS: tuple[ResourceRight, ...] = (
    ResourceRight("patent", "专利", "patents", "pat_grant_total", "pat_valid_total"),
    ResourceRight("trademark", "商标", "trademarks", "tm_reg", "tm_valid"),
    ResourceRight("gi", "地理标志", "gi", "gi_new", "gi_total"),
    ResourceRight("work", "作品著作权", "works", "rights_works_reg", "rights_works_stock"),
    ResourceRight("software", "计算机软件著作权", "software", "rights_software_reg", "rights_software_stock"),
    ResourceRight(
        "variety", "植物新品种权", "varieties", "rights_varieties_granted", "rights_varieties_valid"
    ),
)
