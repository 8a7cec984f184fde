"""Region groups: built-in Chongqing zones partition the 38 units; user groups round-trip on disk."""

from __future__ import annotations

import json

import pytest

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError
from ipatlas.regions import get_registry
from ipatlas.regions.groups import (
    delete_group,
    get_group,
    list_groups,
    resolve_region_ref,
    save_group,
)

FIVE_ZONES_2013 = ("G:cq-core", "G:cq-extension", "G:cq-newdev", "G:cq-northeast-eco", "G:cq-southeast-eco")
ONE_AREA_TWO_GROUPS_2020 = ("G:cq-main-metro", "G:cq-northeast", "G:cq-southeast")


@pytest.mark.parametrize("ids", [FIVE_ZONES_2013, ONE_AREA_TWO_GROUPS_2020])
def test_builtin_zones_partition_chongqing(ids: tuple[str, ...]) -> None:
    chongqing = {r.code for r in get_registry().counties("500000")}
    members = [set(get_group(None, gid).members) for gid in ids]
    assert set().union(*members) == chongqing
    assert sum(len(m) for m in members) == 38  # disjoint


def test_builtin_zone_membership_by_hand() -> None:
    name = {r.code: r.name for r in get_registry().counties("500000")}
    assert [name[c] for c in get_group(None, "G:cq-core").members] == ["渝中区"]
    assert len(get_group(None, "G:cq-extension").members) == 8
    assert {name[c] for c in get_group(None, "G:cq-metro").members} == {
        "渝中区", "大渡口区", "江北区", "沙坪坝区", "九龙坡区", "南岸区", "北碚区", "渝北区", "巴南区",
    }  # fmt: skip
    southeast = (
        "黔江区 武隆区 石柱土家族自治县 秀山土家族苗族自治县 酉阳土家族苗族自治县 彭水苗族土家族自治县"
    )
    assert {name[c] for c in get_group(None, "G:cq-southeast-eco").members} == set(southeast.split())
    assert len(get_group(None, "G:cq-northeast-eco").members) == 11
    assert get_group(None, "cq-liangjiang").members == ("500105", "500109", "500112")


def test_user_group_round_trip(settings: Settings) -> None:
    g = save_group(
        settings, "G:cq-parks", "重庆高新园区", ["500106", "九龙坡区", "500228"], description="测试"
    )
    assert g.members == ("500106", "500107", "500155")  # names and historical codes → today's codes
    doc = json.loads((settings.data_dir / "region_groups.json").read_text(encoding="utf-8"))
    assert doc["groups"]["G:cq-parks"]["members"] == ["500106", "500107", "500155"]
    assert get_group(settings, "g:CQ-PARKS").name == "重庆高新园区"
    assert [x.id for x in list_groups(settings)][-1] == "G:cq-parks"
    assert resolve_region_ref("G:cq-parks", settings) == ["500106", "500107", "500155"]
    # prefectures expand to their counties
    g2 = save_group(settings, "yuxi", "玉溪全市", ["530400"])
    assert g2.id == "G:yuxi" and len(g2.members) == 9
    delete_group(settings, "G:cq-parks")
    with pytest.raises(NotFoundError):
        get_group(settings, "G:cq-parks")
    assert [x.id for x in list_groups(settings)][-1] == "G:yuxi"


def test_group_errors(settings: Settings) -> None:
    with pytest.raises(InputError, match="内置"):
        save_group(settings, "G:cq-core", "x", ["500103"])
    with pytest.raises(InputError, match="内置"):
        delete_group(settings, "G:cq-core")
    with pytest.raises(InputError) as exc:
        save_group(settings, "G:bad", "x", ["500103", "江北区"])  # 江北区 exists in 重庆 and 宁波
    assert exc.value.context["field"] == "members" and exc.value.context["row"] == 2
    with pytest.raises(InputError):
        save_group(settings, "G:bad", "x", ["999999"])
    with pytest.raises(InputError):
        save_group(settings, "G:空格 不行", "x", ["500103"])
    with pytest.raises(NotFoundError):
        delete_group(settings, "G:nothing")
    (settings.data_dir / "region_groups.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(InputError, match=r"region_groups\.json"):
        list_groups(settings)


def test_resolve_region_ref() -> None:
    assert len(resolve_region_ref("500000")) == 38
    assert len(resolve_region_ref("210100")) == 13
    assert resolve_region_ref("500228") == ["500155"]
    assert resolve_region_ref("G:cq-core") == ["500103"]
    with pytest.raises(NotFoundError):
        resolve_region_ref("G:unknown")
