"""The IP part of the 民事案件案由规定 (2020 修正) and the IP offences of the 刑法 (``rules/causes.yaml``).

``catalogue()`` is the tree as printed (二级 → 三级 numbered 146–185 → 四级); ``names()`` every cause and
offence name; ``levels(name)`` where a name stands in the tree (its 二级, 三级 and number, 四级).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from ipatlas.errors import InputError


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    """The parsed ``rules/causes.yaml`` (``civil``: the 二级案由 with their causes, ``criminal``)."""
    import yaml

    path = resources.files("ipatlas.litigation").joinpath("rules", "causes.yaml")
    data = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("civil"), list):
        raise InputError("案由表格式错误：缺少 civil 列表", file=str(path), field="civil")
    for group in data["civil"]:
        for cause in group.get("causes") or []:
            if not isinstance(cause, dict) or "name" not in cause or "number" not in cause:
                raise InputError(
                    f"案由表格式错误：{group.get('name')} 下有缺少 number/name 的条目", file=str(path)
                )
    return data


def levels(name: str) -> dict[str, Any] | None:
    """{level2, level3, number, level4} of an official civil cause name (level4 None for a 三级 cause,
    level3 None for a 二级 one); None when the name is not in the catalogue."""
    for group in catalogue()["civil"]:
        if name == group["name"]:
            return {"level2": name, "level3": None, "number": None, "level4": None}
        for cause in group["causes"]:
            if name == cause["name"]:
                return {"level2": group["name"], "level3": name, "number": cause["number"], "level4": None}
            if name in (cause.get("children") or []):
                return {
                    "level2": group["name"],
                    "level3": cause["name"],
                    "number": cause["number"],
                    "level4": name,
                }
    return None


@lru_cache(maxsize=1)
def names() -> tuple[str, ...]:
    """Every civil cause (二级, 三级, 四级) and offence name, longest first."""
    data = catalogue()
    out: set[str] = set()
    for group in data["civil"]:
        out.add(str(group["name"]))
        for cause in group["causes"]:
            out.add(str(cause["name"]))
            out.update(str(x) for x in cause.get("children") or [])
    out.update(str(x["name"]) for x in data.get("criminal") or [])
    return tuple(sorted(out, key=len, reverse=True))
