"""Responsible units (责任单位): splitting, reader-like expansion, and the department registry.

The registry (``data/departments.yaml``, overridable by ``<data_dir>/plans/departments.yaml``)
holds departments with their aliases and former names before institutional reforms, generic
for every region and overridden per region (adcode, with parents: 黔江区 → 重庆市). See the
YAML's header for how a unit is read; :class:`UnitResolver` implements it.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ipatlas.config import Settings
from ipatlas.errors import InputError, cause
from ipatlas.plans.models import RegionRef, UnitRef

LEVEL_CHARS = "省市区县州盟旗"
PARTY_ORGANS = ("宣传部", "组织部", "统战部", "政法委", "网信办", "编办", "办公室（", "督查室")
GROUP_RE = re.compile(
    r"^(各|市直|区直|县直|省直|有关|相关|其他)|(成员单位|有关部门|有关单位|相关部门|相关单位|各部门)$"
)
# Units that carry their own name and never take the list's prefix.
ABSOLUTE_PREFIX_RE = re.compile(r"^(团|共青团|中共|中国|国家|人行|人民银行|驻)")
# National units (国务院组成部门、直属机构、总局、署, 中央 organs, 最高人民法院/检察院): never take a
# local prefix, whatever the plan's level.
NATIONAL_MINISTRIES = (
    "外交部",
    "国防部",
    "国家发展改革委",
    "教育部",
    "科技部",
    "科学技术部",
    "工业和信息化部",
    "工信部",
    "国家民委",
    "公安部",
    "国家安全部",
    "民政部",
    "司法部",
    "财政部",
    "人力资源社会保障部",
    "人力资源和社会保障部",
    "自然资源部",
    "生态环境部",
    "住房城乡建设部",
    "住房和城乡建设部",
    "交通运输部",
    "水利部",
    "农业农村部",
    "商务部",
    "文化和旅游部",
    "国家卫生健康委",
    "退役军人事务部",
    "应急管理部",
    "人民银行",
    "审计署",
    "证监会",
    "中国证监会",
    "银保监会",
    "贸促会",
    "中科院",
    "中国科学院",
    "中国科协",
    "国管局",
    "国家自然科学基金委",
    # before the 2018 reform
    "环境保护部",
    "农业部",
    "文化部",
    "卫生部",
    "国土资源部",
    "监察部",
    "国家卫生计生委",
    "国家发展和改革委员会",
)
NATIONAL_UNIT_RE = re.compile(
    r"^(中央|最高人民|国务院|全国)|(总局|总署|署)$|^(" + "|".join(NATIONAL_MINISTRIES) + r")$"
)
# How a national plan writes its own agencies short: 知识产权局 is 国家知识产权局 there.
NATIONAL_SHORT = {
    "知识产权局": "国家知识产权局",
    "林草局": "国家林草局",
    "中医药局": "国家中医药局",
    "国防科工局": "国家国防科工局",
    "统计局": "国家统计局",
    "邮政局": "国家邮政局",
    "药监局": "国家药监局",
    "卫生健康委": "国家卫生健康委",
    "发展改革委": "国家发展改革委",
    "版权局": "国家版权局",
    "文物局": "国家文物局",
    "外汇局": "国家外汇局",
    "林业局": "国家林业局",
    "网信办": "国家网信办",
    "法制办": "国务院法制办",
    "新闻出版署": "国家新闻出版署",
    "电影局": "国家电影局",
    # Also a local unit (市国资委): bare, it takes the plan's level like any other.
    "国资委": "国务院国资委",
}
NATIONAL = "国家"
# A bureau's internal sections (处/科/股/室 of the issuing office): written as they are.
INTERNAL_SECTION_RE = re.compile(
    r"[\u4e00-\u9fff]{2,}(?:（[^（）]*）)?[\u4e00-\u9fff]*(处|科|股|大队|中队|所|队)(?:（[^（）]*）)?$"
)
# A coordination body a plan names by its role (the plan's own 领导小组, 联席会议, 专班 and their
# offices): not a department, so written as it stands (no level prefix).
COORDINATION_BODY_RE = re.compile(r"^(领导小组|联席会议|工作专班|专班|指挥部|工作组)")
# A remark about the division of duties inside a unit list: "（按职责分工负责）", "（分别负责…）".
DUTY_REMARK_RE = re.compile(r"（[^（）]*(负责|牵头|配合|分工|职责|按照)[^（）]*）")
DUTY_TAIL_RE = re.compile(r"(按职责分工|按照职责分工|按职责|分别|共同)?负责$")
NOTE_RE = re.compile(
    r"^(列在首位者?为牵头(部门|单位)|排在?第一位的?为牵头(部门|单位)|第一个为牵头(部门|单位)|下同|"
    r"按职责分工负责|分别负责|按职责负责|牵头单位在前)$"
)


# ---------------------------------------------------------------------------------------------
# Registry


@dataclass
class Department:
    id: str
    name: str
    short: str
    aliases: list[str] = field(default_factory=list)
    former: list[dict[str, Any]] = field(default_factory=list)  # [{names: [...], note: str}]
    party: bool = False
    absolute: bool = False
    part_of: str | None = None
    # The short name at the province level, where departments are 厅 (科技厅, 商务厅), when it differs.
    province: str | None = None

    def short_at(self, j: str) -> str:
        return self.province if j == "省" and self.province else self.short


@dataclass
class RegionConfig:
    code: str
    name: str
    jurisdiction: str
    parent: str | None = None
    departments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def stem(self) -> str:
        """黔江区 → 黔江, 沈阳市 → 沈阳 (how units spell their place: 黔江海关)."""
        return re.sub(r"(自治县|自治州|自治区|特别行政区|省|市|区|县|州|盟|旗)$", "", self.name) or self.name

    def ref(self) -> RegionRef:
        return RegionRef(code=self.code, name=self.name, jurisdiction=self.jurisdiction)


DEPARTMENT_KEYS = {"id", "name", "short", "aliases", "former", "party", "absolute", "part_of", "province"}


def _check_department(d: Any, *, file: str, where: str, partial: bool) -> dict[str, Any]:
    if not isinstance(d, dict) or not isinstance(d.get("id"), str):
        raise InputError("部门条目必须是含 id 的映射", file=file, field=where)
    unknown = set(d) - DEPARTMENT_KEYS
    if unknown:
        raise InputError(f"未知字段：{', '.join(sorted(unknown))}", file=file, field=f"{where}.{d['id']}")
    if not partial and not isinstance(d.get("name"), str):
        raise InputError("缺少 name", file=file, field=f"{where}.{d['id']}")
    for key in ("aliases",):
        if key in d and not (isinstance(d[key], list) and all(isinstance(x, str) for x in d[key])):
            raise InputError(f"{key} 必须是字符串列表", file=file, field=f"{where}.{d['id']}.{key}")
    for f in d.get("former", []) or []:
        if not isinstance(f, dict) or not isinstance(f.get("names"), list):
            raise InputError("former 条目必须含 names 列表", file=file, field=f"{where}.{d['id']}.former")
    return d


def _merge_department(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if k == "aliases":
            out["aliases"] = [*out.get("aliases", []), *[a for a in v if a not in out.get("aliases", [])]]
        elif k == "former":
            out["former"] = [*out.get("former", []), *v]
        else:
            out[k] = v
    return out


class DepartmentRegistry:
    """Generic departments plus per-region overrides; build resolvers per plan."""

    def __init__(self, departments: dict[str, dict[str, Any]], regions: dict[str, RegionConfig]):
        self.departments = departments
        self.regions = regions

    # -- loading ----------------------------------------------------------------------------
    @classmethod
    def from_mapping(cls, raw: Any, *, file: str) -> DepartmentRegistry:
        reg = cls({}, {})
        reg.merge(raw, file=file)
        return reg

    def merge(self, raw: Any, *, file: str) -> None:
        """Merge a registry document (the user's file over the built-in one)."""
        if raw is None:
            return
        if not isinstance(raw, dict):
            raise InputError("部门名录必须是 YAML 映射", file=file)
        for i, d in enumerate(raw.get("departments") or []):
            _check_department(
                d, file=file, where=f"departments[{i}]", partial=d.get("id") in self.departments
            )
            cur = self.departments.get(d["id"])
            self.departments[d["id"]] = _merge_department(cur, d) if cur else copy.deepcopy(d)
        for code, r in (raw.get("regions") or {}).items():
            code = str(code)
            if not isinstance(r, dict):
                raise InputError("地区条目必须是映射", file=file, field=f"regions.{code}")
            cur_r = self.regions.get(code)
            deps = [
                _check_department(d, file=file, where=f"regions.{code}.departments[{i}]", partial=True)
                for i, d in enumerate(r.get("departments") or [])
            ]
            if cur_r is None:
                if not r.get("name") or not r.get("jurisdiction"):
                    raise InputError("地区需要 name 和 jurisdiction", file=file, field=f"regions.{code}")
                self.regions[code] = RegionConfig(
                    code=code,
                    name=str(r["name"]),
                    jurisdiction=str(r["jurisdiction"]),
                    parent=str(r["parent"]) if r.get("parent") else None,
                    departments=deps,
                )
            else:
                cur_r.name = str(r.get("name", cur_r.name))
                cur_r.jurisdiction = str(r.get("jurisdiction", cur_r.jurisdiction))
                cur_r.parent = str(r["parent"]) if r.get("parent") else cur_r.parent
                cur_r.departments = [*cur_r.departments, *deps]

    # -- regions ----------------------------------------------------------------------------
    def chain(self, code: str | None) -> list[RegionConfig]:
        """The region and its parents, nearest first."""
        out: list[RegionConfig] = []
        seen: set[str] = set()
        while code and code in self.regions and code not in seen:
            seen.add(code)
            out.append(self.regions[code])
            code = self.regions[code].parent
        return out

    def find_region(self, text: str) -> RegionConfig | None:
        """The most specific registry region named in ``text`` (a title, an issuer)."""
        best: tuple[int, int, RegionConfig] | None = None
        for r in self.regions.values():
            pos = text.find(r.name)
            if pos < 0:
                continue
            depth = len(self.chain(r.code))
            key = (depth, -pos)
            if best is None or key > best[:2]:
                best = (*key, r)
        return best[2] if best else None

    def region_config(self, code: str) -> RegionConfig:
        """A registry region, or one from the national division registry (ipatlas.regions) that
        inherits the overrides of its nearest ancestor in this registry (渝北区 → 重庆市)."""
        if code in self.regions:
            return self.regions[code]
        from ipatlas.errors import NotFoundError
        from ipatlas.regions import get_registry

        if not re.fullmatch(r"\d{6}", code):
            raise InputError(f"地区代码应为6位行政区划代码：{code}", field="region")
        try:
            official = get_registry().get(code)
            ancestors = get_registry().ancestors(official.code)
        except NotFoundError as exc:
            raise InputError(f"未知地区代码：{code}", field="region") from exc
        if official.code in self.regions:  # a historical code of a registry region
            return self.regions[official.code]
        parent = next((a.code for a in reversed(ancestors) if a.code in self.regions), None)
        return RegionConfig(
            code=official.code,
            name=official.name,
            jurisdiction=jurisdiction_of(official.name, official.level, official.is_municipality),
            parent=parent,
        )

    def resolver(self, region: RegionConfig | None, *, jurisdiction: str | None = None) -> UnitResolver:
        chain = (
            (
                [region, *self.chain(region.parent)]
                if region.code not in self.regions
                else self.chain(region.code)
            )
            if region
            else []
        )
        deps = {k: copy.deepcopy(v) for k, v in self.departments.items()}
        # Names defined nearer the plan's region win over generic ones (沈阳 经济和信息化委).
        index: dict[str, tuple[str, str | None]] = {}
        self._index(index, deps.values())
        for r in reversed(chain):
            for d in r.departments:
                deps[d["id"]] = _merge_department(deps[d["id"]], d) if d["id"] in deps else copy.deepcopy(d)
            self._index(index, r.departments)
        for d in deps.values():
            d.setdefault("short", d.get("name", d["id"]))
            d.setdefault("name", d["short"])
        departments = {
            k: Department(
                id=k,
                name=v["name"],
                short=v["short"],
                aliases=list(v.get("aliases", [])),
                former=list(v.get("former", [])),
                party=bool(v.get("party", False)),
                absolute=bool(v.get("absolute", False)),
                part_of=v.get("part_of"),
                province=v.get("province"),
            )
            for k, v in deps.items()
        }
        j = jurisdiction or (region.jurisdiction if region else "市")
        places = [p for r in chain for p in (r.name, r.stem)]
        return UnitResolver(departments, index, jurisdiction=j, places=places)

    @staticmethod
    def _index(index: dict[str, tuple[str, str | None]], deps: Iterable[dict[str, Any]]) -> None:
        for d in deps:
            for a in [d.get("name"), d.get("short"), d.get("province"), *d.get("aliases", [])]:
                if a and "{" not in a:
                    index[a] = (d["id"], None)
            for f in d.get("former", []) or []:
                for n in f.get("names", []):
                    index[n] = (d["id"], f.get("note"))


def jurisdiction_of(name: str, level: str, municipality: bool) -> str:
    """The one-character level a plan writes before its departments: 市/区/县/省/州/旗/盟."""
    if level == "province":
        return "市" if municipality else "省"
    for suffix, j in (("自治州", "州"), ("州", "州"), ("盟", "盟"), ("自治县", "县"), ("县", "县"),
                      ("旗", "旗"), ("区", "区"), ("市", "市")):  # fmt: skip
        if name.endswith(suffix):
            return j
    return "市" if level == "city" else "县"


def _builtin_registry_text() -> str:
    return resources.files("ipatlas.plans").joinpath("data/departments.yaml").read_text("utf-8")


def user_registry_path(settings: Settings) -> Path:
    return settings.data_dir / "plans" / "departments.yaml"


def load_registry(*, settings: Settings | None = None, path: Path | None = None) -> DepartmentRegistry:
    """The built-in registry, merged with the user's file (``path``, else the data directory's)."""
    reg = DepartmentRegistry.from_mapping(yaml.safe_load(_builtin_registry_text()), file="departments.yaml")
    user = path or (user_registry_path(settings) if settings is not None else None)
    if user is not None:
        if not user.is_file():
            if path is not None:
                raise InputError("部门名录文件不存在", file=str(user))
        else:
            try:
                raw = yaml.safe_load(user.read_text("utf-8"))
            except yaml.YAMLError as exc:
                raise InputError(f"YAML 格式错误：{cause(exc)}", file=str(user)) from exc
            reg.merge(raw, file=str(user))
    return reg


# ---------------------------------------------------------------------------------------------
# Splitting and expansion


def _unit_words() -> dict[str, list[str]]:
    """``data/unit_words.yaml``: the words a unit's name ends with (`endings`) and the generic
    words closing a list (`generic`)."""
    raw = yaml.safe_load(resources.files("ipatlas.plans").joinpath("data/unit_words.yaml").read_text("utf-8"))
    return {"endings": [str(x) for x in raw["endings"]], "generic": [str(x) for x in raw["generic"]]}


UNIT_WORDS = _unit_words()
UNIT_END_RE = re.compile(f"({'|'.join(map(re.escape, UNIT_WORDS['endings']))})$")
# A unit word inside a name, where two units may be glued ("市市场监管局市科技局").
UNIT_END_IN_RE = re.compile(f"({'|'.join(map(re.escape, UNIT_WORDS['endings']))})")
# A note's units may also close on a generic word ("有关部门", "相关单位").
NOTE_UNIT_END_RE = re.compile(f"({'|'.join(map(re.escape, UNIT_WORDS['endings'] + UNIT_WORDS['generic']))})$")


_PLACE_SUFFIX_RE = re.compile(r"(壮族|回族|维吾尔)?(自治区|自治州|特别行政区|地区|省|市|盟)$")


@functools.cache
def upper_place_stems() -> tuple[str, ...]:
    """Names and stems of the provinces and prefectures in the national gazetteer (ipatlas.regions):
    重庆市 → 重庆, 内蒙古自治区 → 内蒙古; longest first. Counties are left out (公安县 is 公安局's
    first two characters)."""
    from ipatlas.regions import get_registry

    reg = get_registry()
    names = {r.name for r in reg.all("province")} | {r.name for r in reg.prefectures()}
    stems = names | {_PLACE_SUFFIX_RE.sub("", n) for n in names}
    return tuple(sorted((x for x in stems if len(x) >= 2), key=len, reverse=True))


def _split_ji(item: str) -> list[str]:
    parts = re.split(r"以及|及", item)
    if len(parts) > 1 and all(UNIT_END_RE.search(re.sub(r"（[^（）]*）$", "", p.strip())) for p in parts):
        return parts
    return [item]


# "市知识产权、工商、版权局": the items before the last share its unit word (局), as 市 is shared
# by the prefix rule of UnitResolver. Only short bare names take it (not 各区县, 有关部门).
_SHARED_END_RE = re.compile(r"(局|委|办|厅)$")
_BARE_NAME_RE = re.compile(r"^(?!各|有关|相关)[\u4e00-\u9fff]{2,6}$")


def _share(items: list[str]) -> list[str]:
    last = _SHARED_END_RE.search(items[-1]) if len(items) >= 2 else None
    if last is None or not all(_BARE_NAME_RE.match(x) and not UNIT_END_RE.search(x) for x in items[:-1]):
        return items
    return [x + last.group(1) for x in items[:-1]] + [items[-1]]


def share_unit_word(text: str) -> str:
    """``text`` with each 、-list's last unit word given to the bare names before it."""
    parts = re.split(r"([，,；;\s]+)", text)
    return "".join(p if i % 2 else "、".join(_share(p.split("、"))) for i, p in enumerate(parts))


def split_units(text: str) -> list[str]:
    """Units in a responsibility note: separators 、，；, not inside brackets; notes dropped.

    "市科技局（知识产权局）、经济和信息化委，科协，团市委，列在首位者为牵头部门，下同"
    → ["市科技局（知识产权局）", "经济和信息化委", "科协", "团市委"].
    """
    items: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in share_unit_word(text):
        if ch in "（(〔[【":
            depth += 1
        elif ch in "）)〕]】":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "、，,；; ":
            items.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    items.append("".join(buf))
    # "县金融办及县科技局", "市财政局以及市税务局": 及 joins two units.
    items = [part for raw in items for part in _split_ji(raw)]
    out: list[str] = []
    for raw in items:
        item = DUTY_TAIL_RE.sub("", DUTY_REMARK_RE.sub("", raw.strip().strip("。"))).strip()
        if not item or NOTE_RE.match(item):
            continue
        item = re.sub(r"(等(有关|相关)?(部门|单位)?|等)$", "", item) or item
        # "各区、县（市）政府": 各区 is not a unit on its own.
        if out and re.fullmatch(r"各[区县市乡镇]", out[-1]):
            out[-1] = f"{out[-1]}、{item}"
            continue
        out.append(item)
    return out


@dataclass
class UnitResolver:
    departments: dict[str, Department]
    index: dict[str, tuple[str, str | None]]
    jurisdiction: str
    places: list[str]

    def _lookup(self, base: str) -> tuple[str, str | None] | None:
        if base in self.index:
            return self.index[base]
        plain = re.sub(r"（[^（）]*）", "", base)
        if plain != base and plain in self.index:
            return self.index[plain]
        return None

    def _strip_place(self, unit: str) -> str:
        for p in sorted(self.places, key=len, reverse=True):
            if unit.startswith(p) and len(unit) > len(p):
                return unit[len(p) :]
        return unit

    def _is_absolute(self, unit: str) -> bool:
        if ABSOLUTE_PREFIX_RE.match(unit):
            return True
        if any(unit.startswith(p) for p in self.places if len(p) >= 2):
            return True
        if self._upper_place_unit(unit):
            return True
        # Another place's unit: 渝北区市场监管局.
        return re.match(
            r"^[\u4e00-\u9fff]{2,6}?(省|市|区|县|自治县|自治州)(?=[\u4e00-\u9fff]{2,})", unit
        ) is not None and (self._lookup(unit) is None and not unit.startswith(tuple(LEVEL_CHARS)))

    def _upper_place_unit(self, unit: str) -> bool:
        """A unit named after a province or prefecture without its 省/市 (重庆海关, 重庆检验检疫局,
        广州知识产权法院): that place's own organ, never given the plan's prefix."""
        stem = next((s for s in upper_place_stems() if unit.startswith(s)), None)
        return (
            stem is not None
            and len(unit) >= len(stem) + 2
            and UNIT_END_RE.search(unit) is not None
            and self._lookup(unit) is None
        )

    def _prefix_of(self, unit: str) -> str | None:
        """The level prefix a unit is written with (市科技局 → 市), if it is one."""
        if unit[:1] in LEVEL_CHARS and self._lookup(unit) is None:
            return unit[0]
        return None

    def expand(self, items: list[str]) -> list[str]:
        """Expand bare units with the prefix of the last prefixed unit (else the plan's level)."""
        out: list[str] = []
        current: str | None = None
        for item in items:
            if self.jurisdiction == NATIONAL:
                # The issuer's level decides prefixes: a national plan's units carry none.
                out.append(NATIONAL_SHORT.get(item, item))
                continue
            if (
                GROUP_RE.search(item)
                or COORDINATION_BODY_RE.match(item)
                or self._is_absolute(item)
                or NATIONAL_UNIT_RE.search(item)
                or (INTERNAL_SECTION_RE.fullmatch(item) and self._lookup(item) is None)
            ):
                out.append(item)
                continue
            prefix = self._prefix_of(item)
            if prefix:
                current = prefix
                out.append(item)
                continue
            j = current or self.jurisdiction
            found = self._lookup(item)
            # A party organ is written with 委 (组织部 → 市委组织部); a former government name now
            # in a party organ (版权局, 2018 reform: 宣传部) is still written as the government unit.
            party = found is not None and found[1] is None and self.departments[found[0]].party
            if party or item.startswith(PARTY_ORGANS):
                out.append(f"{j}委{item}" if not item.startswith("委") else f"{j}{item}")
            else:
                out.append(f"{j}{item}")
        return out

    def base_name(self, unit: str) -> tuple[str, str | None]:
        """(name without place and level prefix, the level char) — 市委宣传部 → (宣传部, 市)."""
        s = self._strip_place(unit)
        level = None
        m = re.match(rf"^([{LEVEL_CHARS}])(委(?=[\u4e00-\u9fff]))?", s)
        if m and self._lookup(s) is None:
            rest = s[m.end() :]
            if m.group(2) and self._lookup(rest) is None and self._lookup("委" + rest) is not None:
                rest = "委" + rest
            level, s = m.group(1), rest
        return s, level

    def normalize(self, written: str, expanded: str) -> UnitRef:
        if GROUP_RE.search(expanded):
            return UnitRef(written=written, expanded=expanded, normalized=expanded, group=True)
        base, level = self.base_name(expanded)
        whole = self._lookup(expanded)
        found = whole or self._lookup(base)
        if found is None:
            return UnitRef(written=written, expanded=expanded, normalized=expanded, note="未在部门名录中")
        dep = self.departments[found[0]]
        j = level or self.jurisdiction
        if dep.absolute:
            # A place-specific unit keeps its place: 沈阳海关 stays, 团{j}委 → 团市委.
            normalized = dep.short.replace("{j}", j) if whole or "{j}" in dep.short else expanded
        elif dep.party:
            normalized = f"{j}委{dep.short}"
        else:
            normalized = f"{j}{dep.short_at(j)}"
        note = found[1]
        if note is None and dep.part_of and dep.part_of in self.departments:
            note = f"由{j}{self.departments[dep.part_of].short_at(j)}管理"
        return UnitRef(
            written=written, expanded=expanded, normalized=normalized, department_id=dep.id, note=note
        )

    def _unglue(self, item: str) -> list[str]:
        """ "市市场监管局市科技局": two units whose separating space a PDF's reading dropped. Split where a
        unit word is followed by a level character starting a registry department."""
        for m in UNIT_END_IN_RE.finditer(item):
            head, tail = item[: m.end()], item[m.end() :]
            if tail[:1] in LEVEL_CHARS and len(tail) > 2 and self._lookup(tail[1:]) is not None:
                return [head, *self._unglue(tail)]
        return [item]

    def resolve(self, text: str, *, as_written: bool = False) -> list[UnitRef]:
        """Split, expand and normalise a responsibility note's unit list (``as_written``: the
        issuing bureau's own sections and units, kept without a level prefix)."""
        written = [part for item in split_units(text) for part in self._unglue(item)]
        expanded = written if as_written else self.expand(written)
        return [self.normalize(w, e) for w, e in zip(written, expanded, strict=True)]


def describe_registry(
    *, settings: Settings | None = None, region: str | None = None, path: Path | None = None
) -> dict[str, Any]:
    """The effective registry (for a region, when given), for ``ipatlas plans departments``."""
    reg = load_registry(settings=settings, path=path)
    cfg = reg.region_config(region) if region else None
    resolver = reg.resolver(cfg)
    user = path or (user_registry_path(settings) if settings is not None else None)
    departments = []
    for d in resolver.departments.values():
        j = resolver.jurisdiction
        if d.absolute:
            normalized = d.short.replace("{j}", j)
        else:
            normalized = f"{j}委{d.short}" if d.party else f"{j}{d.short_at(j)}"
        departments.append(
            {
                "id": d.id,
                "name": d.name,
                "short": d.short,
                "normalized": normalized,
                "aliases": d.aliases,
                "former": [{"names": list(f.get("names", [])), "note": f.get("note")} for f in d.former],
                "party": d.party,
                "absolute": d.absolute,
                "part_of": d.part_of,
                "province": d.province,
            }
        )
    return {
        "user_file": str(user) if user else None,
        "user_file_exists": bool(user and user.is_file()),
        "region": cfg.ref().model_dump() if cfg else None,
        "regions": {
            c: {"name": r.name, "jurisdiction": r.jurisdiction, "parent": r.parent}
            for c, r in reg.regions.items()
        },
        "departments": departments,
    }
