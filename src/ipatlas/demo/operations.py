"""Demo operations (演示数据): pledges, transfers, licences, open licences, insurance, subsidies, risk
compensation, copyright and plant-variety registrations, generated from the demo patents in the lake
and imported through the real importers in the real layouts.

Consistency: only existing, granted patents in force on the date are pledged, licensed, declared
open or insured; a patent is never under two unreleased pledges; a transfer's 变更前权利人 is the
holder of record (the applicant, or the last transferee), and later pledges and licences use it.

Calibration (cited): 重庆 2019年1–11月 专利商标质押登记248件、质押金额8.72亿元（重庆日报 2020-01-01，
中国政府网转载 http://www.gov.cn/xinwen/2020-01/01/content_5465620.htm）. Annualised (×12/11) and
scaled by the demo's scale (records ÷ realistic records), 2019 has round(270.5 × scale) pledge
contracts (75 % patents, 25 % trademarks — an assumption) whose amounts sum to 95,127 万元 × scale;
other years grow or shrink by 15 % a year (重庆 2022年一季度知识产权质押融资同比增长15%，《电脑迷》
2022年第5期 — used as a constant rate, an assumption). The other kinds have no published Chongqing
figure here; their rates are stated assumptions (``RATES``), proportional to the demo's patents.
About 0.5 % of the rows are dirty (bad check digit, bad date) so that the quarantine shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipatlas.config import Settings
from ipatlas.ingest.pipeline import DEMO_SIDECAR_SUFFIX
from ipatlas.ingest.sqlexpr import check_digit
from ipatlas.store.lake import Lake

SOURCE_PLEDGES = (
    "重庆日报 2020-01-01《重庆每万人口发明专利拥有量突破10件》：2019年前11个月完成专利商标质押登记248件，"
    "质押金额8.72亿元（http://www.gov.cn/xinwen/2020-01/01/content_5465620.htm）"
)
PLEDGES_2019 = 248 * 12 / 11  # registrations, annualised
AMOUNT_2019_WAN = 87_200 * 12 / 11  # 万元, annualised
GROWTH = 1.15
PATENT_SHARE = 0.75
FIRST_YEAR, LAST_YEAR = 2015, 2025
# Assumptions (no published Chongqing figure used): per year, relative to patents in force at its start.
RATES = {
    "transfer": 0.015,
    "licence": 0.004,
    "insurance": 0.001,
    "subsidy_invention": 0.3,  # share of enterprise invention grants of the year paid a 授权资助
    "open_licence_2022": 0.002,  # from 2022 (专利法第五十条, in force 2021-06-01)
    "risk": 0.03,  # share of pledge contracts compensated from the risk pool
    "works_per_patent": 0.02,  # registrations per patent in force
    "software_per_patent": 0.04,
    "varieties_per_patent": 0.0004,
}
DIRTY_SHARE = 0.005
BANKS = [
    "中国工商银行股份有限公司重庆市分行",
    "中国建设银行股份有限公司重庆市分行",
    "中国农业银行股份有限公司重庆市分行",
    "中国银行股份有限公司重庆市分行",
    "交通银行股份有限公司重庆市分行",
    "重庆银行股份有限公司",
    "重庆农村商业银行股份有限公司",
    "招商银行股份有限公司重庆分行",
    "中国民生银行股份有限公司重庆分行",
    "兴业银行股份有限公司重庆分行",
]
OUTSIDE = [
    ("北京智源创新科技有限公司", "北京市海淀区中关村大街27号"),
    ("上海浦江精密制造有限公司", "上海市浦东新区张江路100号"),
    ("成都天府智能装备有限公司", "四川省成都市武侯区天府大道北段1号"),
    ("深圳南山电子科技有限公司", "广东省深圳市南山区科技园路8号"),
    ("西安秦川新材料有限公司", "陕西省西安市雁塔区科技路33号"),
    ("贵阳黔云数据有限公司", "贵州省贵阳市观山湖区长岭北路1号"),
]
ABROAD = [("Siemens AG", "德国慕尼黑"), ("Bosch GmbH", "德国斯图加特"), ("Panasonic Corporation", "日本大阪")]
WORK_CATEGORIES = ["文字", "美术", "摄影", "视听", "图形", "音乐", "建筑", "模型"]
GENERA = ["水稻", "玉米", "柑橘属", "油菜", "马铃薯", "茶组", "猕猴桃属", "辣椒"]
ENDED = ("lapsed", "expired", "invalidated", "abandoned", "rejected")


@dataclass
class Patent:
    app_no: str
    kind: str
    filing: dt.date
    grant: dt.date
    end: dt.date | None  # first day not in force
    holder: str
    address: str
    atype: str
    ipc: str
    title: str
    busy_until: dt.date = dt.date.min  # pledged until (released on)

    def in_force(self, d: dt.date) -> bool:
        return self.grant <= d and (self.end is None or d < self.end)

    @property
    def number(self) -> str:
        return "ZL" + self.app_no[2:]


@dataclass
class Out:
    rows: dict[str, list[list[Any]]] = field(default_factory=dict)
    dirty: dict[str, int] = field(default_factory=dict)


HEADERS = {
    "pledge": [
        "主分类号",
        "专利号",
        "申请日",
        "授权公告日",
        "登记号",
        "登记生效日",
        "出质人",
        "质权人",
        "发明名称",
        "事件类型",
        "质押金额(万元)",
    ],
    "tm-pledge": [
        "质权登记号",
        "商标注册号",
        "类别",
        "出质人",
        "质权人",
        "登记日期",
        "事件类型",
        "质押金额(万元)",
    ],
    "transfer": [
        "专利号",
        "变更前权利人",
        "变更后权利人",
        "变更生效日",
        "变更前地址",
        "变更后地址",
        "发明名称",
    ],
    "licence": [
        "备案号",
        "许可人",
        "被许可人",
        "许可种类",
        "专利号",
        "备案日",
        "合同期限",
        "开放许可",
        "被许可人地址",
    ],
    "open-licence": ["专利号", "专利权人", "许可使用费", "支付方式", "许可期限", "公告日"],
    "insurance": [
        "保单号",
        "险种",
        "投保人",
        "专利号",
        "保额(万元)",
        "保费(万元)",
        "保费补贴(万元)",
        "起保日",
        "终保日",
    ],
    "subsidy": ["申请人", "资助项目", "金额(万元)", "专利号", "拨付日期", "文号"],
    "risk": [
        "贷款合同号",
        "贷款银行",
        "借款企业",
        "贷款金额(万元)",
        "代偿金额(万元)",
        "代偿日期",
        "质押登记号",
    ],
    "work": [
        "登记号",
        "作品名称",
        "作品类别",
        "著作权人",
        "创作完成日期",
        "首次发表日期",
        "登记日期",
        "著作权人地址",
    ],
    "software": [
        "登记号",
        "软件全称",
        "软件简称",
        "版本号",
        "著作权人",
        "开发完成日期",
        "首次发表日期",
        "登记日期",
        "著作权人地址",
    ],
    "variety": [
        "品种权号",
        "品种名称",
        "属或种",
        "品种权人",
        "培育人",
        "申请日",
        "授权日",
        "状态",
        "品种权人地址",
    ],
}


def _load(settings: Settings) -> tuple[list[Patent], list[tuple[str, str, int, str]], float]:
    con = Lake(settings.lake_dir).connect()
    try:
        rows = con.execute(
            f"""SELECT app_no, kind, filing_date, grant_date,
                       CASE WHEN legal_status IN {ENDED} THEN status_date END,
                       first_applicant, coalesce(address, ''), coalesce(applicant_type, 'enterprise'),
                       coalesce(ipc_main, ''), coalesce(title, '')
                FROM patents WHERE is_demo AND grant_date IS NOT NULL AND first_applicant IS NOT NULL
                ORDER BY app_no"""
        ).fetchall()
        marks = con.execute(
            """SELECT reg_no, owner, nice_class, coalesce(owner_address, '') FROM trademarks
               WHERE is_demo AND reg_date IS NOT NULL AND status = 'registered' ORDER BY reg_no, nice_class"""
        ).fetchall()
        total = con.execute("SELECT count(*) FROM patents WHERE is_demo").fetchall()[0][0]
    finally:
        con.close()
    scale = 1.0
    manifest = settings.data_dir / "demo" / "manifest.json"
    if manifest.exists():
        scale = float(json.loads(manifest.read_text("utf-8")).get("scale") or 1.0)
    elif total:
        scale = total / 400_000
    patents = [Patent(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]) for r in rows]
    return patents, [(str(m[0]), str(m[1]), int(m[2]), str(m[3])) for m in marks], scale


def _day(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _add_years(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def _bad_number(number: str) -> str:
    """The same number with a wrong check digit (a typo the check digit catches)."""
    base, cd = number[2:].split(".")
    wrong = next(c for c in "0123456789X" if c != cd)
    return f"ZL{base}.{wrong}"


def generate(
    settings: Settings, out_dir: Path, *, seed: int = 20151231
) -> tuple[dict[str, Path], dict[str, int]]:
    """Write one CSV per kind (with the 演示数据 sidecar); returns paths and dirty-row counts."""
    rng = random.Random(seed + 14)
    patents, marks, scale = _load(settings)
    g = _Generator(rng, patents, marks, scale)
    if not patents or not g.enterprises:
        return {}, {}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        live = [p for p in patents if p.in_force(dt.date(year, 1, 1))]
        if not live:
            continue
        g.transfers(year, live)
        g.pledges(year, live)
        g.tm_pledges(year)
        g.licences(year, live)
        if year >= 2022:
            g.open_licences(year, live)
        g.insurance(year, live)
        g.grant_subsidies(year)
        g.copyrights(year, live)
        g.varieties(year, live)
    return _write(g.out, out_dir, seed), g.out.dirty


class _Generator:
    """One year's records of each kind at a time; the holder of record moves with transfers and
    later records use it. The steps draw from one random stream in a fixed order."""

    def __init__(
        self, rng: random.Random, patents: list[Patent], marks: list[tuple[str, str, int, str]], scale: float
    ) -> None:
        self.rng, self.patents, self.marks, self.scale = rng, patents, marks, scale
        self.out = Out(rows={k: [] for k in HEADERS}, dirty={k: 0 for k in HEADERS})
        self.holder: dict[str, tuple[str, str]] = {p.app_no: (p.holder, p.address) for p in patents}
        self.enterprises = sorted(
            {(p.holder, p.address) for p in patents if p.atype == "enterprise" and p.address}
        )
        self.contract_no = 0
        self.variety_no = 0
        self.moved: dict[str, dt.date] = {}

    def dirty(self, kind: str) -> bool:
        if self.rng.random() < DIRTY_SHARE:
            self.out.dirty[kind] += 1
            return True
        return False

    def add(self, kind: str, row: list[Any]) -> None:
        self.out.rows[kind].append(row)

    def transfers(self, year: int, live: list[Patent]) -> None:
        """The holder of record moves; later records use the new holder."""
        rng, holder = self.rng, self.holder
        for _ in range(round(len(live) * RATES["transfer"])):
            p = rng.choice(live)
            d = _day(rng, year)
            if not p.in_force(d):
                continue
            if d <= self.moved.get(p.app_no, dt.date.min):
                continue  # one change at a time, in date order
            frm, frm_addr = holder[p.app_no]
            u = rng.random()
            if u < 0.05:
                to, to_addr = rng.choice(ABROAD)
            elif u < 0.25:
                to, to_addr = rng.choice(OUTSIDE)
            else:
                to, to_addr = rng.choice(self.enterprises)
            if to == frm:
                continue
            number = _bad_number(p.number) if self.dirty("transfer") else p.number
            self.add("transfer", [number, frm, to, d, frm_addr, to_addr, p.title])
            if number == p.number:
                holder[p.app_no] = (to, to_addr)
                self.moved[p.app_no] = d

    def pledges(self, year: int, live: list[Patent]) -> None:
        """Contracts of 1-3 patents of one holder, amounts calibrated per year; some compensated
        from the risk pool, half with an interest subsidy the following spring."""
        rng = self.rng
        factor = GROWTH ** (year - 2019)
        n_contracts = max(1, round(PLEDGES_2019 * PATENT_SHARE * factor * self.scale))
        year_amount = AMOUNT_2019_WAN * PATENT_SHARE * factor * self.scale
        by_holder: dict[str, list[Patent]] = {}
        for p in live:
            who = self.holder[p.app_no][0]
            if who and not who.endswith(("AG", "GmbH", "Corporation")):
                by_holder.setdefault(who, []).append(p)
        names = sorted(by_holder)
        weights = [rng.lognormvariate(0, 1) for _ in range(n_contracts)]
        scale_w = year_amount / sum(weights)
        for i in range(n_contracts):
            d = _day(rng, year)
            who = rng.choice(names)
            free = [p for p in by_holder[who] if p.in_force(d) and p.busy_until <= d]
            if not free:
                continue
            chosen = rng.sample(free, min(len(free), rng.choice([1, 1, 1, 2, 2, 3])))
            self.contract_no += 1
            reg = f"Y{year}500{self.contract_no:07d}"
            amount = round(weights[i] * scale_w, 1)
            bank = rng.choice(BANKS)
            release = d + dt.timedelta(days=rng.randrange(365, 3 * 365))
            for p in chosen:
                number = _bad_number(p.number) if self.dirty("pledge") else p.number
                self.add(
                    "pledge", [p.ipc, number, p.filing, p.grant, reg, d, who, bank, p.title, "生效", amount]
                )
                p.busy_until = release
                if release <= dt.date(LAST_YEAR, 12, 31):
                    row = [p.ipc, p.number, p.filing, p.grant, reg, release, who, bank, p.title, "注销", ""]
                    self.add("pledge", row)
            if rng.random() < RATES["risk"]:
                comp = round(amount * rng.uniform(0.2, 0.5), 1)
                when = min(release, dt.date(LAST_YEAR, 12, 31))
                self.add("risk", [f"DK{reg[1:]}", bank, who, amount, comp, when, reg])
            # 质押融资贴息: an interest subsidy of 1-2 % of the loan in the following spring
            if rng.random() < 0.5 and year < LAST_YEAR:
                paid = round(amount * rng.uniform(0.01, 0.02), 2)
                doc = f"渝知运〔{year + 1}〕{i + 1}号"
                self.add("subsidy", [who, "知识产权质押融资贴息", paid, "", dt.date(year + 1, 4, 15), doc])

    def tm_pledges(self, year: int) -> None:
        rng = self.rng
        factor = GROWTH ** (year - 2019)
        n_tm = max(0, round(PLEDGES_2019 * (1 - PATENT_SHARE) * factor * self.scale))
        for j in range(min(n_tm, len(self.marks))):
            reg_no, owner, nice, _addr = rng.choice(self.marks)
            d = _day(rng, year)
            amount = round(rng.lognormvariate(0, 1) * AMOUNT_2019_WAN / PLEDGES_2019 / 1.65 * factor, 1)
            row = [f"TM{year}{j + 1:05d}", reg_no, nice, owner, rng.choice(BANKS), d, "生效", amount]
            self.add("tm-pledge", row)

    def licences(self, year: int, live: list[Patent]) -> None:
        """Universities and institutes license to enterprises more often."""
        rng = self.rng
        licensors = [p for p in live if p.atype in ("university", "institute")] or live
        for k in range(round(len(live) * RATES["licence"])):
            p = rng.choice(licensors if rng.random() < 0.5 else live)
            d = _day(rng, year)
            if not p.in_force(d):
                continue
            lee, lee_addr = rng.choice(self.enterprises)
            lor = self.holder[p.app_no][0]
            if lee == lor:
                continue
            term = f"{d}至{_add_years(d, rng.choice([3, 5])) - dt.timedelta(days=1)}"
            kind = rng.choices(["普通许可", "独占许可", "排他许可"], [70, 20, 10])[0]
            self.add("licence", [f"X{year}500{k + 1:06d}", lor, lee, kind, p.number, d, term, "否", lee_addr])

    def open_licences(self, year: int, live: list[Patent]) -> None:
        """Declarations (专利法第五十条, from 2022) and licences concluded under them."""
        rng = self.rng
        pool = [p for p in live if p.atype in ("university", "institute")] or live
        for k in range(max(1, round(len(live) * RATES["open_licence_2022"]))):
            p = rng.choice(pool)
            d = _day(rng, year)
            if not p.in_force(d):
                continue
            who = self.holder[p.app_no][0]
            fee = rng.choice(["一次性支付2万元", "一次性支付5万元", "按销售额的3%提成", "每年1万元"])
            self.add("open-licence", [p.number, who, fee, "一次性或按年支付", "3年", d])
            if rng.random() < 0.3:
                ld = d + dt.timedelta(days=rng.randrange(10, 200))
                if ld.year <= LAST_YEAR and p.in_force(ld):
                    lee, lee_addr = rng.choice(self.enterprises)
                    row = [f"K{year}500{k + 1:06d}", who, lee, "普通许可", p.number, ld, "", "是", lee_addr]
                    self.add("licence", row)

    def insurance(self, year: int, live: list[Patent]) -> None:
        rng = self.rng
        for k in range(round(len(live) * RATES["insurance"])):
            p = rng.choice(live)
            d = _day(rng, year)
            if not p.in_force(d):
                continue
            line = rng.choice(["专利执行保险", "侵权责任保险", "海外侵权责任保险"])
            cov = rng.choice([20, 30, 50, 100])
            prem = round(cov * 0.03, 2)
            end = _add_years(d, 1) - dt.timedelta(days=1)
            who = self.holder[p.app_no][0]
            self.add(
                "insurance",
                [f"BD{year}{k + 1:06d}", line, who, p.number, cov, prem, round(prem / 2, 2), d, end],
            )

    def grant_subsidies(self, year: int) -> None:
        """授权资助 for enterprise inventions granted in the year."""
        rng = self.rng
        for p in self.patents:
            granted = p.grant.year == year and p.kind == "invention" and p.atype == "enterprise"
            if granted and rng.random() < RATES["subsidy_invention"]:
                doc = f"渝知运〔{year}〕资{rng.randrange(1, 99)}号"
                row = [
                    self.holder[p.app_no][0],
                    "发明专利授权资助",
                    0.3,
                    p.number,
                    dt.date(year, 11, 20),
                    doc,
                ]
                self.add("subsidy", row)

    def copyrights(self, year: int, live: list[Patent]) -> None:
        """作品 and 软件 registrations by holders of the demo patents."""
        rng = self.rng
        owners = [(p.holder, p.address, p.atype) for p in live]
        for k in range(round(len(live) * RATES["works_per_patent"])):
            who, addr, _t = rng.choice(owners)
            created = _day(rng, year)
            reg_d = created + dt.timedelta(days=rng.randrange(20, 120))
            if self.dirty("work"):
                reg_d = created - dt.timedelta(days=30)  # registered before it was created
            number = f"渝作登字-{year}-{rng.choice('AFGIL')}-{k + 1:08d}"
            category = rng.choice(WORK_CATEGORIES)
            self.add("work", [number, f"作品{year}{k + 1:05d}", category, who, created, "", reg_d, addr])
        ents = [(p.holder, p.address) for p in live if p.atype == "enterprise"] or self.enterprises
        for k in range(round(len(live) * RATES["software_per_patent"])):
            who, addr = rng.choice(ents)
            dev = _day(rng, year)
            reg_d = dev + dt.timedelta(days=rng.randrange(20, 150))
            number = f"{reg_d.year}SR{rng.randrange(10**6, 10**7)}{k % 10}"
            version = f"V{rng.randrange(1, 4)}.0"
            self.add(
                "software", [number, f"软件系统{year}{k + 1:05d}", "", version, who, dev, "", reg_d, addr]
            )

    def varieties(self, year: int, live: list[Patent]) -> None:
        rng = self.rng
        breeders = [(p.holder, p.address) for p in live if p.atype in ("institute", "university")]
        for k in range(max(0, round(len(live) * RATES["varieties_per_patent"]))):
            who, addr = rng.choice(breeders or self.enterprises)
            self.variety_no += 1
            g = _day(rng, year)
            f_d = g - dt.timedelta(days=rng.randrange(500, 1200))
            number = f"CNA{f_d.year}{self.variety_no:05d}.{rng.randrange(10)}"
            genus = rng.choice(GENERA)
            self.add(
                "variety", [number, f"渝{year}{k + 1:03d}号", genus, who, "张育种", f_d, g, "有效", addr]
            )


def _write(out: Out, out_dir: Path, seed: int) -> dict[str, Path]:
    """One CSV per kind in the real layout, each with its 演示数据 sidecar."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    sidecar = {
        "label": "演示数据",
        "generator": "ipatlas.demo.operations",
        "seed": seed,
        "source": SOURCE_PLEDGES,
    }
    for kind, rows in out.rows.items():
        if not rows:
            continue
        path = out_dir / f"operations_{kind}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(HEADERS[kind])
            w.writerows([["" if v is None else str(v) for v in r] for r in rows])
        Path(str(path) + DEMO_SIDECAR_SUFFIX).write_text(json.dumps(sidecar, ensure_ascii=False), "utf-8")
        paths[kind] = path
    return paths


def run_operations_demo(settings: Settings, out_dir: Path, *, seed: int = 20151231) -> list[dict[str, Any]]:
    """Generate the demo operation files and import them; a file already imported (same table and
    content hash) is skipped, so re-running changes nothing in the lake."""
    from ipatlas.ingest.pipeline import file_sha256
    from ipatlas.operations import get_kind, import_records

    paths, dirty = generate(settings, Path(out_dir) / "operations", seed=seed)
    lake = Lake(settings.lake_dir)
    done = {(r["table"], r["source_hash"]): r for r in lake.read("imports").to_pylist()}
    results = []
    for kind, path in paths.items():
        table = get_kind(kind).table
        prev = done.get((table, file_sha256(path)))
        if prev is not None:
            r = {
                **{
                    k: prev[k]
                    for k in ("read", "loaded", "inserted", "replaced", "duplicates", "quarantined")
                },
                "table": table,
                "profile": prev["profile"],
                "is_demo": prev["is_demo"],
                "import_id": prev["import_id"],
                "flagged": None,
            }
        else:
            r = import_records(settings, kind, path, demo=True)
        results.append(
            {
                "file": path.name,
                "table": r["table"],
                "profile": r["profile"],
                **{k: r[k] for k in ("read", "loaded", "inserted", "replaced", "duplicates", "quarantined")},
                "flagged": r["flagged"],
                "expected_quarantined": dirty.get(kind, 0),
                "is_demo": r["is_demo"],
                "import_id": r["import_id"],
                "skipped": prev is not None,
            }
        )
    return results


def check_digit_ok(number: str) -> bool:  # used by the tests to prove the generator's numbers are valid
    base, cd = number[2:].split(".")
    return check_digit(base) == cd
