"""Region groups (区域分组): named sets of counties, usable wherever a region is.

A group id looks like ``G:cq-core``. Built-in presets (read-only) cover Chongqing's functional zones;
users add their own (industrial parks 园区, new areas …) stored in ``<data_dir>/region_groups.json``.

Chongqing 五大功能区 (2013, 《关于科学划分功能区域、加快建设五大功能区的意见》): the plan splits five
districts — 大渡口、江北、沙坪坝、九龙坡、南岸 — along the inner ring (内环): inside belongs to
都市功能核心区, outside to 都市功能拓展区. Groups here are sets of *whole* districts, because every
statistic is by district, so the presets use this rule: **核心区 = 渝中区 only** (the one district wholly
inside the inner ring), **拓展区 = the five split districts + 北碚、渝北、巴南**. ``G:cq-metro``
(都市功能区 = 核心区 + 拓展区, 主城九区) is exact. Users who prefer to count the five split districts
in the core can save their own group. The 2020 "一区两群" zones are whole-district by definition.
两江新区 is a state-level new area covering *parts* of 江北、渝北、北碚; ``G:cq-liangjiang`` is the
whole-district approximation.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError, cause
from ipatlas.regions.registry import get_registry

GROUPS_FILE = "region_groups.json"
_ID = re.compile(r"^G:[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class RegionGroup:
    id: str
    name: str
    members: tuple[str, ...]  # today's county codes, sorted
    builtin: bool = False
    description: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def counties(self) -> tuple[str, ...]:
        """Alias of ``members`` (a group is a set of counties)."""
        return self.members

    def to_dict(self) -> dict[str, Any]:
        reg = get_registry()
        return {
            "id": self.id,
            "name": self.name,
            "builtin": self.builtin,
            "description": self.description,
            "members": [{"code": c, "name": reg.get(c).name} for c in self.members],
        }


_CQ = {
    "渝中区": "500103", "大渡口区": "500104", "江北区": "500105", "沙坪坝区": "500106", "九龙坡区": "500107",
    "南岸区": "500108", "北碚区": "500109", "渝北区": "500112", "巴南区": "500113",
    "涪陵区": "500102", "长寿区": "500115", "江津区": "500116", "合川区": "500117", "永川区": "500118",
    "南川区": "500119", "綦江区": "500110", "大足区": "500111", "璧山区": "500120", "铜梁区": "500151",
    "潼南区": "500152", "荣昌区": "500153",
    "万州区": "500101", "开州区": "500154", "梁平区": "500155", "城口县": "500229", "丰都县": "500230",
    "垫江县": "500231", "忠县": "500233", "云阳县": "500235", "奉节县": "500236", "巫山县": "500237",
    "巫溪县": "500238",
    "黔江区": "500114", "武隆区": "500156", "石柱土家族自治县": "500240", "秀山土家族苗族自治县": "500241",
    "酉阳土家族苗族自治县": "500242", "彭水苗族土家族自治县": "500243",
}  # fmt: skip

_CORE = ("渝中区",)
_SPLIT = ("大渡口区", "江北区", "沙坪坝区", "九龙坡区", "南岸区")
_EXTENSION = (*_SPLIT, "北碚区", "渝北区", "巴南区")
_NEW_DEV = (
    "涪陵区", "长寿区", "江津区", "合川区", "永川区", "南川区", "綦江区", "大足区", "璧山区", "铜梁区",
    "潼南区", "荣昌区",
)  # fmt: skip
_NORTHEAST = (
    "万州区",
    "开州区",
    "梁平区",
    "城口县",
    "丰都县",
    "垫江县",
    "忠县",
    "云阳县",
    "奉节县",
    "巫山县",
    "巫溪县",
)
_SOUTHEAST = (
    "黔江区",
    "武隆区",
    "石柱土家族自治县",
    "秀山土家族苗族自治县",
    "酉阳土家族苗族自治县",
    "彭水苗族土家族自治县",
)

_PLAN_2013 = "重庆五大功能区（2013）"
_PLAN_2020 = "重庆“一区两群”（2020）"
_SPLIT_NOTE = "按整区划分：内环以内五区（大渡口、江北、沙坪坝、九龙坡、南岸）整区计入拓展区"
_BUILTIN_SPECS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("G:cq-core", "都市功能核心区", _CORE, f"{_PLAN_2013}；{_SPLIT_NOTE}，核心区仅渝中区"),
    ("G:cq-extension", "都市功能拓展区", _EXTENSION, f"{_PLAN_2013}；{_SPLIT_NOTE}"),
    ("G:cq-metro", "都市功能区（主城九区）", _CORE + _EXTENSION, f"{_PLAN_2013}；核心区与拓展区合计，精确"),
    ("G:cq-newdev", "城市发展新区", _NEW_DEV, _PLAN_2013),
    ("G:cq-northeast-eco", "渝东北生态涵养发展区", _NORTHEAST, _PLAN_2013),
    ("G:cq-southeast-eco", "渝东南生态保护发展区", _SOUTHEAST, _PLAN_2013),
    ("G:cq-main-metro", "主城都市区", _CORE + _EXTENSION + _NEW_DEV, f"{_PLAN_2020}；中心城区与主城新区"),
    ("G:cq-central", "中心城区", _CORE + _EXTENSION, _PLAN_2020),
    ("G:cq-new-main", "主城新区", _NEW_DEV, _PLAN_2020),
    ("G:cq-northeast", "渝东北三峡库区城镇群", _NORTHEAST, _PLAN_2020),
    ("G:cq-southeast", "渝东南武陵山区城镇群", _SOUTHEAST, _PLAN_2020),
    (
        "G:cq-liangjiang",
        "两江新区（整区近似）",
        ("江北区", "渝北区", "北碚区"),
        "国家级新区，实际仅覆盖三区部分区域；按整区近似",
    ),
)


def builtin_groups() -> list[RegionGroup]:
    return [
        RegionGroup(
            id=gid, name=name, members=tuple(sorted(_CQ[m] for m in members)), builtin=True, description=d
        )
        for gid, name, members, d in _BUILTIN_SPECS
    ]


def _path(settings: Settings) -> Path:
    return Path(settings.data_dir) / GROUPS_FILE


def _load_user(settings: Settings) -> dict[str, dict[str, Any]]:
    path = _path(settings)
    if not path.is_file():
        return {}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"区域分组文件无法读取：{cause(exc)}", file=str(path)) from exc
    groups = doc.get("groups", {}) if isinstance(doc, dict) else {}
    if not isinstance(groups, dict):
        raise InputError("区域分组文件格式错误（groups 应为对象）", file=str(path), field="groups")
    return groups


def _save_user(settings: Settings, groups: dict[str, dict[str, Any]]) -> None:
    path = _path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"version": 1, "groups": groups}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".region_groups.", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
    os.replace(tmp, path)  # atomic: readers never see half a file


def _normalize_id(group_id: str) -> str:
    gid = group_id.strip()
    if not gid.upper().startswith("G:"):
        gid = "G:" + gid
    return "G:" + gid[2:].lower()


def list_groups(settings: Settings | None = None) -> list[RegionGroup]:
    """Built-in presets first, then the user's groups (sorted by id)."""
    out = builtin_groups()
    if settings is not None:
        for gid, g in sorted(_load_user(settings).items()):
            out.append(_from_doc(gid, g))
    return out


def _from_doc(gid: str, g: dict[str, Any]) -> RegionGroup:
    reg = get_registry()
    members = tuple(sorted({reg.get(c).code for c in g.get("members", [])}))
    return RegionGroup(
        id=gid, name=str(g.get("name", gid)), members=members, description=str(g.get("description", ""))
    )


def get_group(settings: Settings | None, group_id: str) -> RegionGroup:
    gid = _normalize_id(group_id)
    for g in list_groups(settings):
        if g.id == gid:
            return g
    raise NotFoundError(f"未找到区域分组：{group_id}", group=group_id)


def expand_members(members: Sequence[str]) -> list[str]:
    """Codes (any level, historical accepted), names (unique match) or group-free refs → county codes."""
    reg = get_registry()
    out: set[str] = set()
    for i, m in enumerate(members):
        ref = str(m).strip()
        if not ref:
            continue
        if ref.isdigit():
            try:
                out.update(r.code for r in reg.counties(ref))
            except NotFoundError:
                raise InputError(f"未知行政区划代码：{ref}", row=i + 1, field="members") from None
            continue
        found = reg.find(ref)
        if len(found) != 1:
            why = "未找到" if not found else f"有 {len(found)} 个同名区划，请改用代码"
            raise InputError(f"成员“{ref}”{why}", row=i + 1, field="members")
        out.update(r.code for r in reg.counties(found[0].code))
    return sorted(out)


def save_group(
    settings: Settings, group_id: str, name: str, members: Sequence[str], description: str = ""
) -> RegionGroup:
    """Create or replace a user group. Members may be codes or names of counties, prefectures or
    provinces (expanded to their counties). Built-in ids cannot be overwritten."""
    gid = _normalize_id(group_id)
    if not _ID.match(gid):
        raise InputError(f"分组编号不合法：{group_id}（应为 G: 加小写字母、数字、- 或 _）", field="id")
    if any(g.id == gid for g in builtin_groups()):
        raise InputError(f"{gid} 是内置分组，不能修改；请换一个编号", field="id")
    if not name.strip():
        raise InputError("分组名称不能为空", field="name")
    codes = expand_members(members)
    if not codes:
        raise InputError("分组至少需要一个区县", field="members")
    groups = _load_user(settings)
    groups[gid] = {"name": name.strip(), "members": codes, "description": description}
    _save_user(settings, groups)
    return _from_doc(gid, groups[gid])


def delete_group(settings: Settings, group_id: str) -> None:
    gid = _normalize_id(group_id)
    if any(g.id == gid for g in builtin_groups()):
        raise InputError(f"{gid} 是内置分组，不能删除", field="id")
    groups = _load_user(settings)
    if gid not in groups:
        raise NotFoundError(f"未找到区域分组：{group_id}", group=group_id)
    del groups[gid]
    _save_user(settings, groups)


def resolve_region_ref(ref: str, settings: Settings | None = None) -> list[str]:
    """County codes for a region reference: a group id (``G:cq-core``) or any region code
    (province/prefecture → its counties; historical codes accepted)."""
    r = str(ref).strip()
    if r.upper().startswith("G:"):
        return list(get_group(settings, r).members)
    return [c.code for c in get_registry().counties(r)]
