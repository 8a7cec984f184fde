"""Fact tables of IP operations and of the rights the resource base lacked, declared as data.

Each :class:`FactTable` lists its content fields (what a profile may map, how the text is parsed,
which are required) and how a record is identified, dated, placed and linked:

- ``key``: the natural key; ``record_id`` = first 16 hex digits of md5 over the key fields, so
  re-importing a file finds the same records (blank key parts count as '').
- ``date``: the column giving a record's year (the indicator ``records`` basis reads it).
- ``holder`` / ``holder_address``: whose region the record belongs to (``adcode``, ``city_code``,
  ``province_code``); ``other`` / ``other_address`` a second party resolved into ``other_*``
  (transfers: the transferor).
- ``patent``: a patent-number field, validated with the check digit and linked to ``patents``.
- ``parties``: the name columns linked to market entities (统一社会信用代码) by the market
  package's resolution, with their roles and counterparts (an entity's rights flows).
- ``types``: derived party-type columns (enterprise / university / institute / …) by the
  applicant-type rule of the importer.

The store only holds these declarations; the importer (``ipatlas.ingest.facts``) turns them into
SQL, and ``ipatlas.store.schema`` into canonical tables. Amounts are in 万元 (10,000 yuan).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

# How a field's text is parsed (→ Arrow type).
KIND_TYPES: dict[str, pa.DataType] = {
    "text": pa.string(),
    "date": pa.date32(),
    "amount": pa.float64(),  # 万元; '500万元', '5,000,000元', '0.5亿元' are converted
    "int": pa.int32(),
    "patent": pa.string(),  # CN + digits + '.' + check digit
    "code": pa.string(),  # one of ``codes`` (profiles map source texts to codes)
    "ipc": pa.string(),
    "regno": pa.string(),  # upper-case, no blanks
    "bool": pa.bool_(),
}


@dataclass(frozen=True)
class FactField:
    name: str
    kind: str
    zh: str
    doc: str = ""
    required: bool = False
    codes: dict[str, str] = field(default_factory=dict)  # code → Chinese label
    # (text field, 0|1): when the file has no column for this date, the start (0) or end (1) of a
    # range written in that field ('2020-01-01至2025-12-31')
    from_range: tuple[str, int] | None = None


@dataclass(frozen=True)
class Party:
    """A party column of a fact table (a name the market package resolves to an entity), its role
    in Chinese, and the column holding the other side of the record, if any."""

    column: str
    zh: str
    counterpart: str | None = None


@dataclass(frozen=True)
class FactTable:
    table: str
    zh: str
    fields: tuple[FactField, ...]
    key: tuple[str, ...]
    date: str
    holder: str
    holder_address: str | None = None
    other: str | None = None
    other_address: str | None = None
    patent: str | None = None
    types: dict[str, str] = field(default_factory=dict)  # derived column → party field
    # derived columns: name → (kind, SQL over the parsed fields, 中文, doc)
    derived: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    # (earlier, later, reason): a row whose dates contradict this is quarantined
    date_order: tuple[tuple[str, str, str], ...] = ()
    amount: str | None = None  # the amount field whose order of magnitude is checked
    # Plausibility of amounts in 万元 (not legal rules): a file whose median amount reaches
    # ``ask_median`` looks as if it were written in 元, and the import asks for the unit; a single
    # amount reaching ``flag_over`` is flagged for checking.
    ask_median: float = 10_000.0
    flag_over: float = 100_000.0
    parties: tuple[Party, ...] = ()  # names linked to market entities (``ipatlas.market.resolve``)

    def field(self, name: str) -> FactField:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def mappable(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


PLEDGE_EVENTS = {"effective": "生效", "changed": "变更", "released": "注销"}
LICENCE_TYPES = {
    "exclusive": "独占许可",
    "sole": "排他许可",
    "ordinary": "普通许可",
    "sub": "分许可",
    "cross": "交叉许可",
}
INSURANCE_LINES = {
    "enforcement": "专利执行保险",
    "infringement": "侵权责任保险",
    "overseas": "海外侵权责任保险",
    "pledge": "质押融资保证保险",
    "other": "其他",
}
VARIETY_STATUS = {"valid": "有效", "terminated": "终止", "invalidated": "无效", "pending": "申请中"}

F = FactField

PLEDGES = FactTable(
    table="pledges",
    zh="专利权质押登记",
    fields=(
        F(
            "reg_no",
            "text",
            "登记号",
            "Pledge registration number (one contract may cover several patents)",
            True,
        ),
        F("patent_no", "patent", "专利号", "Patent number, normalised like application numbers", True),
        F("event", "code", "事件类型", "effective 生效 / changed 变更 / released 注销", True, PLEDGE_EVENTS),
        F(
            "event_date",
            "date",
            "登记生效日",
            "Effective date of the event (注销: the release date 解除日)",
            True,
        ),
        F("pledgor", "text", "出质人", "Pledgor (the patentee)", True),
        F("pledgee", "text", "质权人", "Pledgee (usually a bank)", True),
        F("ipc_main", "ipc", "主分类号", "Main IPC of the patent"),
        F("filing_date", "date", "申请日", "Filing date of the patent"),
        F("grant_date", "date", "授权公告日", "Grant date of the patent"),
        F("title", "text", "发明名称", "Title of the patent"),
        F(
            "amount",
            "amount",
            "质押金额(万元)",
            "Loan secured by the contract, 万元 (office loan ledger); per contract",
        ),
        F("pledgor_address", "text", "出质人地址", "Pledgor's address when the source has it"),
    ),
    key=("reg_no", "patent_no", "event", "event_date"),
    date="event_date",
    holder="pledgor",
    holder_address="pledgor_address",
    patent="patent_no",
    types={"holder_type": "pledgor"},
    date_order=(
        ("filing_date", "grant_date", "授权公告日早于申请日"),
        ("grant_date", "event_date", "登记生效日早于授权公告日（专利权尚未授权，不能质押）"),
    ),
    amount="amount",
    parties=(Party("pledgor", "出质人", "pledgee"), Party("pledgee", "质权人", "pledgor")),
)

TM_PLEDGES = FactTable(
    table="tm_pledges",
    zh="商标专用权质押登记",
    fields=(
        F("reg_no", "text", "质权登记号", "Pledge registration number", True),
        F("mark_no", "regno", "商标注册号", "Registration number of the pledged mark", True),
        F("nice_class", "int", "类别", "Nice class"),
        F("event", "code", "事件类型", "effective 生效 / changed 变更 / released 注销", True, PLEDGE_EVENTS),
        F("event_date", "date", "登记日期", "Date of the event", True),
        F("pledgor", "text", "出质人", "Pledgor", True),
        F("pledgee", "text", "质权人", "Pledgee", True),
        F("term_start", "date", "质权登记起始日", "Start of the pledge term"),
        F("term_end", "date", "质权登记截止日", "End of the pledge term"),
        F("amount", "amount", "质押金额(万元)", "Loan secured, 万元; per contract"),
        F("pledgor_address", "text", "出质人地址", "Pledgor's address"),
    ),
    key=("reg_no", "mark_no", "event", "event_date"),
    date="event_date",
    holder="pledgor",
    holder_address="pledgor_address",
    types={"holder_type": "pledgor"},
    date_order=(("term_start", "term_end", "质权登记截止日早于起始日"),),
    amount="amount",
    parties=(Party("pledgor", "出质人", "pledgee"), Party("pledgee", "质权人", "pledgor")),
)

TRANSFERS = FactTable(
    table="transfers",
    zh="专利权转让（著录项目变更）",
    fields=(
        F("patent_no", "patent", "专利号", "Patent number", True),
        F("from_holder", "text", "变更前权利人", "Transferor", True),
        F("to_holder", "text", "变更后权利人", "Transferee", True),
        F("event_date", "date", "变更生效日", "Date the change took effect", True),
        F("from_address", "text", "变更前地址", "Transferor's address when given"),
        F("to_address", "text", "变更后地址", "Transferee's address when given"),
        F("title", "text", "发明名称", "Title"),
    ),
    key=("patent_no", "from_holder", "to_holder", "event_date"),
    date="event_date",
    holder="to_holder",
    holder_address="to_address",
    other="from_holder",
    other_address="from_address",
    patent="patent_no",
    types={"from_type": "from_holder", "to_type": "to_holder"},
    parties=(Party("from_holder", "转让人", "to_holder"), Party("to_holder", "受让人", "from_holder")),
)

LICENCES = FactTable(
    table="licences",
    zh="专利实施许可合同备案",
    fields=(
        F("filing_no", "text", "备案号", "Filing number of the licence contract", True),
        F("licensor", "text", "许可人", "Licensor", True),
        F("licensee", "text", "被许可人", "Licensee", True),
        F(
            "licence_type",
            "code",
            "许可种类",
            "exclusive / sole / ordinary / sub / cross",
            True,
            LICENCE_TYPES,
        ),
        F("patent_no", "patent", "专利号", "Patent number", True),
        F("filing_date", "date", "备案日", "Filing date", True),
        F("term", "text", "合同期限", "Contract term as written ('2020-01-01至2025-12-31')"),
        F("term_start", "date", "合同起始日", "Start of the contract term", from_range=("term", 0)),
        F("term_end", "date", "合同终止日", "End of the contract term", from_range=("term", 1)),
        F("fee", "amount", "合同金额(万元)", "Contract value, 万元, when known"),
        F("open_licence", "bool", "开放许可", "Concluded under an open-licence declaration (专利法第五十条)"),
        F("licensor_address", "text", "许可人地址", "Licensor's address"),
        F("licensee_address", "text", "被许可人地址", "Licensee's address"),
    ),
    key=("filing_no", "patent_no"),
    date="filing_date",
    holder="licensor",
    holder_address="licensor_address",
    other="licensee",
    other_address="licensee_address",
    patent="patent_no",
    types={"holder_type": "licensor", "other_type": "licensee"},
    date_order=(("term_start", "term_end", "合同终止日早于起始日"),),
    amount="fee",
    parties=(Party("licensor", "许可人", "licensee"), Party("licensee", "被许可人", "licensor")),
)

OPEN_LICENCES = FactTable(
    table="open_licences",
    zh="专利开放许可声明（专利法第五十条）",
    fields=(
        F("patent_no", "patent", "专利号", "Patent number", True),
        F("holder", "text", "专利权人", "Patentee who declared", True),
        F("fee", "text", "许可使用费", "Royalty as declared (e.g. 一次性5万元 / 销售额2%)", True),
        F("payment", "text", "支付方式", "Payment terms"),
        F("term", "text", "许可期限", "Licence term as declared"),
        F("declared_date", "date", "公告日", "Publication date of the declaration", True),
        F("withdrawn_date", "date", "撤回日", "Withdrawal date, if withdrawn"),
        F("holder_address", "text", "专利权人地址", "Patentee's address"),
    ),
    key=("patent_no", "declared_date"),
    date="declared_date",
    holder="holder",
    holder_address="holder_address",
    patent="patent_no",
    types={"holder_type": "holder"},
    date_order=(("declared_date", "withdrawn_date", "撤回日早于公告日"),),
    parties=(Party("holder", "开放许可声明人"),),
)

INSURANCE = FactTable(
    table="insurance",
    zh="知识产权保险",
    fields=(
        F("policy_no", "text", "保单号", "Policy number", True),
        F(
            "line",
            "code",
            "险种",
            "enforcement / infringement / overseas / pledge / other",
            True,
            INSURANCE_LINES,
        ),
        F("insured", "text", "投保人", "Policy holder", True),
        F("patent_no", "patent", "专利号", "Insured patent (one per row when listed)"),
        F("coverage", "amount", "保额(万元)", "Sum insured, 万元", True),
        F("premium", "amount", "保费(万元)", "Premium, 万元"),
        F("subsidy", "amount", "保费补贴(万元)", "Premium subsidy paid by the office, 万元"),
        F("start_date", "date", "起保日", "Start of cover", True),
        F("end_date", "date", "终保日", "End of cover"),
        F("insured_address", "text", "投保人地址", "Policy holder's address"),
    ),
    key=("policy_no", "patent_no"),
    date="start_date",
    holder="insured",
    holder_address="insured_address",
    patent="patent_no",
    types={"holder_type": "insured"},
    date_order=(("start_date", "end_date", "终保日早于起保日"),),
    amount="coverage",
    parties=(Party("insured", "投保人"),),
)

SUBSIDIES = FactTable(
    table="subsidies",
    zh="知识产权资助与奖励",
    fields=(
        F("applicant", "text", "申请人", "Recipient", True),
        F("item", "text", "资助项目", "Programme item (e.g. 发明专利授权资助, 质押融资贴息)", True),
        F("amount", "amount", "金额(万元)", "Amount paid, 万元", True),
        F("patent_no", "patent", "专利号", "Patent the payment rests on, when any"),
        F("paid_date", "date", "拨付日期", "Payment date", True),
        F("doc_no", "text", "文号", "Decision document number"),
        F("applicant_address", "text", "申请人地址", "Recipient's address"),
    ),
    key=("applicant", "item", "patent_no", "paid_date", "doc_no"),
    date="paid_date",
    holder="applicant",
    holder_address="applicant_address",
    patent="patent_no",
    types={"holder_type": "applicant"},
    amount="amount",
    parties=(Party("applicant", "资助对象"),),
)

RISK_COMP = FactTable(
    table="risk_comp",
    zh="质押融资风险补偿",
    fields=(
        F("loan_no", "text", "贷款合同号", "Loan contract number", True),
        F("bank", "text", "贷款银行", "Lending bank", True),
        F("borrower", "text", "借款企业", "Borrower", True),
        F("loan_amount", "amount", "贷款金额(万元)", "Loan amount, 万元"),
        F("comp_amount", "amount", "代偿金额(万元)", "Compensation paid from the risk pool, 万元", True),
        F("comp_date", "date", "代偿日期", "Date of the compensation", True),
        F("pledge_reg_no", "text", "质押登记号", "The pledge registration securing the loan"),
        F("borrower_address", "text", "借款企业地址", "Borrower's address"),
    ),
    key=("loan_no", "comp_date"),
    date="comp_date",
    holder="borrower",
    holder_address="borrower_address",
    types={"holder_type": "borrower"},
    amount="comp_amount",
    parties=(Party("borrower", "借款企业", "bank"), Party("bank", "贷款银行", "borrower")),
)

# Copyright registrations carry no end of term (the author's life + 50 years): one derived column
# for works and software alike.
COPYRIGHT_EXPIRY = {
    "expiry_date": (
        "date",
        "CAST(NULL AS DATE)",
        "权利终止日",
        "Not in the registration (term: the author's life + 50 years): empty, so every registration "
        "counts as held (拥有量 = cumulative registrations)",
    )
}

WORKS = FactTable(
    table="works",
    zh="作品著作权登记",
    fields=(
        F("reg_no", "regno", "登记号", "Registration number, e.g. 渝作登字-2024-F-00012345", True),
        F("title", "text", "作品名称", "Title of the work", True),
        F("category", "text", "作品类别", "Category (文字, 美术, 摄影, 影视, …)"),
        F("owner", "text", "著作权人", "Copyright owner(s); the first is placed", True),
        F("created_date", "date", "创作完成日期", "Completion date"),
        F("published_date", "date", "首次发表日期", "First publication date"),
        F("reg_date", "date", "登记日期", "Registration date", True),
        F("owner_address", "text", "著作权人地址", "Owner's address"),
    ),
    key=("reg_no",),
    date="reg_date",
    holder="owner",
    holder_address="owner_address",
    types={"holder_type": "owner"},
    derived=COPYRIGHT_EXPIRY,
    date_order=(
        ("created_date", "published_date", "首次发表日期早于创作完成日期"),
        ("created_date", "reg_date", "登记日期早于创作完成日期"),
    ),
    parties=(Party("owner", "著作权人"),),
)

SOFTWARE = FactTable(
    table="software",
    zh="计算机软件著作权登记",
    fields=(
        F("reg_no", "regno", "登记号", "Registration number, e.g. 2024SR0123456", True),
        F("full_name", "text", "软件全称", "Full name", True),
        F("short_name", "text", "软件简称", "Short name"),
        F("version", "text", "版本号", "Version"),
        F("owner", "text", "著作权人", "Copyright owner(s); the first is placed", True),
        F("dev_date", "date", "开发完成日期", "Development completion date"),
        F("published_date", "date", "首次发表日期", "First publication date"),
        F("reg_date", "date", "登记日期", "Registration date", True),
        F("owner_address", "text", "著作权人地址", "Owner's address"),
    ),
    key=("reg_no",),
    date="reg_date",
    holder="owner",
    holder_address="owner_address",
    types={"holder_type": "owner"},
    derived=COPYRIGHT_EXPIRY,
    date_order=(
        ("dev_date", "published_date", "首次发表日期早于开发完成日期"),
        ("dev_date", "reg_date", "登记日期早于开发完成日期"),
    ),
    parties=(Party("owner", "著作权人"),),
)

VARIETIES = FactTable(
    table="varieties",
    zh="植物新品种权",
    fields=(
        F("right_no", "regno", "品种权号", "Variety right number, e.g. CNA20191234.5", True),
        F("name", "text", "品种名称", "Variety denomination", True),
        F("genus", "text", "属或种", "Genus or species", True),
        F("holder", "text", "品种权人", "Right holder(s); the first is placed", True),
        F("breeder", "text", "培育人", "Breeder(s)"),
        F("filing_date", "date", "申请日", "Filing date"),
        F("grant_date", "date", "授权日", "Grant date", True),
        F("status", "code", "状态", "valid / terminated / invalidated / pending", False, VARIETY_STATUS),
        F(
            "end_date",
            "date",
            "终止日期",
            "Date the right ended (terminated or invalidated); empty while in force",
        ),
        F("holder_address", "text", "品种权人地址", "Holder's address"),
    ),
    key=("right_no",),
    date="grant_date",
    holder="holder",
    holder_address="holder_address",
    types={"holder_type": "holder"},
    derived={
        "valid_through": (
            "date",
            "CASE WHEN end_date IS NOT NULL THEN make_date(year(end_date) - 1, 12, 31) END",
            "有效至年末",
            "Last year end at which the right was in force (the year end before the end date); "
            "empty while in force",
        )
    },
    date_order=(
        ("filing_date", "grant_date", "授权日早于申请日"),
        ("grant_date", "end_date", "终止日期早于授权日"),
    ),
    parties=(Party("holder", "品种权人"),),
)

FACT_TABLES: dict[str, FactTable] = {
    t.table: t
    for t in (
        *(PLEDGES, TM_PLEDGES, TRANSFERS, LICENCES, OPEN_LICENCES, INSURANCE, SUBSIDIES, RISK_COMP),
        *(WORKS, SOFTWARE, VARIETIES),
    )
}

# Columns the importer's resolver fills (never part of the content hash).
PLACE_FIELDS = ("adcode", "city_code", "province_code", "region_level", "country")
OTHER_PLACE_FIELDS = ("other_adcode", "other_city_code", "other_province_code", "other_country")
TYPE_FIELDS = ("holder_type", "other_type", "from_type", "to_type")  # party types, per distinct name
RESOLVER_FIELDS = ("linked", "flags", *OTHER_PLACE_FIELDS, *TYPE_FIELDS)
