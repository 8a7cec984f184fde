"""Profiles: every built-in profile validates; a bad profile names its file and key."""

from __future__ import annotations

import pytest

from ipatlas.errors import IngestError
from ipatlas.ingest import list_profiles, load_profile
from ipatlas.ingest.profiles import PROFILE_DIR, header_key


def test_builtin_profiles_load():
    names = {(p["table"], p["name"]) for p in list_profiles()}
    assert {
        ("patents", "standard"),
        ("patents", "incopat"),
        ("patents", "patsnap"),
        ("trademarks", "standard"),
        ("gi", "standard"),
        ("statistics", "standard"),
    } <= names
    # files starting with "_" hold the automatic layout's header names, not profiles
    assert len(names) == len([p for p in PROFILE_DIR.glob("*/*.yaml") if not p.name.startswith("_")])
    std = load_profile("patents", "standard")
    # The documented standard layout (issue 2 §3), in order.
    assert list(std.columns)[:5] == ["申请号", "申请日", "公开(公告)号", "公开(公告)日", "授权公告日"]
    assert load_profile("stats", "standard").table == "statistics"


def test_header_matching_ignores_width_and_blanks():
    assert header_key("公开（公告）号") == header_key("公开(公告)号 ") == header_key("\ufeff公开(公告)号")


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("name: x\ntable: patents\ncolumns:\n  申请号: appno\n  申请日: filing_date\n", "columns.申请号"),
        ("name: x\ntable: patents\ncolumns:\n  申请日: filing_date\n", "columns"),
        (
            "name: x\ntable: patents\ncolumns:\n  申请号: app_no\n  申请日: filing_date\n  类型: kind\n"
            "value_maps:\n  kind: {发明: patent}\n",
            "value_maps.kind.发明",
        ),
        ("name: x\ntable: patents\ncolumns:\n  申请号: app_no\n  申请日: filing_date\nfoo: 1\n", "foo"),
        ("name: x\ntable: patents\ncolumns: [1, 2\n", "无法读取 YAML"),
        (
            "name: x\ntable: patents\ncolumns:\n  申请号: app_no\n  申请日: filing_date\n"
            "date_formats: ['%m/%d']\n",
            "date_formats",
        ),
        ("name: x\ntable: trademarks\ncolumns:\n  注册号: reg_no\n", "table"),
    ],
)
def test_bad_profile_names_file_and_key(tmp_path, body, key):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(IngestError) as err:
        load_profile("patents", path)
    assert str(path) in err.value.message
    assert key in err.value.message


def test_unknown_profile_name_lists_builtins():
    with pytest.raises(IngestError, match="incopat"):
        load_profile("patents", "nosuch")
    with pytest.raises(IngestError, match="不存在"):
        load_profile("patents", "/nonexistent/p.yaml")
