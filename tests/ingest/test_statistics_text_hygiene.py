"""Statistics text fields (region code/name, variable, unit, source) get the patent tables' rule:
too long or holding a control character -> quarantined with row, field and reason."""

from __future__ import annotations

from ingest_helpers import check_invariant, write_table

from ipatlas.ingest import get_import, import_file
from ipatlas.security import limits


def test_statistics_text_fields_are_checked_for_length_and_control_characters(settings, lake, tmp_path):
    long_source = "国家统计局" * (limits.field_limit("source") // 5 + 1)
    path = write_table(
        tmp_path / "long.csv",
        ["region_code", "region_name", "year", "variable", "value", "unit", "source"],
        [
            ["500112", "", "2021", "population", "220.1", "万人", "统计年鉴"],  # fine
            ["", "渝北\x0b区", "2021", "population", "1", "万人", ""],  # control char in the name
            ["500112", "", "2022", "population", "1", "万\x00人", ""],  # NUL in the unit
            ["500112", "", "2023", "population", "1", "万人", long_source],  # too long
            ["500112", "", "2024", "pop\x01ulation", "1", "万人", ""],  # control char in the variable
        ],
    )
    s = import_file(settings, "statistics", path)
    check_invariant(s)
    assert (s.read, s.loaded, s.quarantined) == (5, 1, 4)
    _, q = get_import(settings, s.import_id)
    got = {(r["source_row"], r["field"], r["reason"]) for r in q}
    assert got == {
        (3, "region_name", "含控制字符（如 NUL、垂直制表符）"),
        (4, "unit", "含控制字符（如 NUL、垂直制表符）"),
        (5, "source", f"字段过长（上限 {limits.field_limit('source')} 字符）"),
        (6, "variable", "含控制字符（如 NUL、垂直制表符）"),
    }
    too_long = next(r for r in q if r["source_row"] == 5)
    assert len(too_long["value"]) < 300 and f"共 {len(long_source)} 字符" in too_long["value"]
    assert all("\x00" not in (r["value"] or "") for r in q)
    again = import_file(settings, "statistics", path)  # re-import changes nothing
    assert (again.loaded, again.duplicates, again.quarantined) == (0, 1, 4)
