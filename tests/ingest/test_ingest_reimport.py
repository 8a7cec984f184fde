"""Re-importing a file (same content, any name) changes nothing in the lake but the import log;
its report still counts and lists the bad rows, which stay recorded once."""

from __future__ import annotations

import shutil

import pyarrow as pa
from ingest_helpers import GOOD_PATENTS, app, check_invariant, write_patents, write_table

from ipatlas.ingest import get_import, import_file, list_imports
from ipatlas.ingest.pipeline import new_import_id


def _dirty_file(path, extra_title: str = ""):
    good = [dict(r, pledged="否") for r in GOOD_PATENTS[:2]]
    bad = [
        dict(GOOD_PATENTS[0], app_no="", pledged="否"),  # 缺少申请号
        dict(GOOD_PATENTS[0], app_no=app("201410000001"), filing_date="2014-02-30", pledged="否"),
        dict(GOOD_PATENTS[0], app_no=app("201410000002"), kind="植物新品种", pledged="否"),
        # Two reasons on one row would be one quarantine row: the row's first failing field.
        dict(GOOD_PATENTS[0], app_no=app("201410000003"), claims="十", pledged="也许"),
    ]
    rows = [good[0], *bad, good[1]]
    if extra_title:
        rows[0] = dict(rows[0], title=extra_title)
    write_patents(path, rows)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("CN201410999999.1,2014-01-01\n")  # too few cells: field is NULL
    return path


def _rows(lake, table: str) -> list[tuple]:
    return sorted(tuple(map(repr, r.values())) for r in lake.read(table).to_pylist())


def _listed(settings, import_id: str) -> list[tuple]:
    return [(q["source_row"], q["field"], q["reason"]) for q in get_import(settings, import_id)[1]]


def test_reimport_adds_no_quarantine_rows(settings, lake, tmp_path):
    path = _dirty_file(tmp_path / "dirty.csv")
    first = import_file(settings, "patents", path)
    check_invariant(first)
    assert (first.read, first.loaded, first.quarantined) == (7, 2, 5)
    patents, quarantine = _rows(lake, "patents"), _rows(lake, "quarantine")
    assert len(quarantine) == 5
    listed = _listed(settings, first.import_id)
    assert len(listed) == 5 and (8, None, "列数不符") in listed

    copy = tmp_path / "renamed-copy.csv"  # same content under another name
    shutil.copyfile(path, copy)
    for again_path in (path, copy, path):
        again = import_file(settings, "patents", again_path)
        check_invariant(again)
        assert (again.read, again.loaded, again.duplicates, again.quarantined) == (7, 0, 2, 5)
        assert again.quarantine_reasons == first.quarantine_reasons
        assert _rows(lake, "patents") == patents
        assert _rows(lake, "quarantine") == quarantine
        # The log keeps one entry per run, and each run's report lists the bad rows of its file.
        summary, qrows = get_import(settings, again.import_id)
        assert (summary.read, summary.duplicates, summary.quarantined) == (7, 2, 5)
        assert summary.quarantine_reasons == first.quarantine_reasons
        assert [q.row for q in summary.quarantine_sample] == [q.row for q in first.quarantine_sample]
        assert [(q["source_row"], q["field"], q["reason"]) for q in qrows] == listed
        # …recorded once, by the first import of that content (its file name)
        assert {q["file"] for q in qrows} == {str(path.resolve())}
    imports = list_imports(settings)
    assert len(imports) == 4
    assert all(i.quarantined == 5 and len(i.quarantine_sample) == 5 for i in imports)
    assert get_import(settings, first.import_id)[1] == get_import(settings, imports[0].import_id)[1]


def test_other_content_quarantines_its_own_rows(settings, lake, tmp_path):
    first = import_file(settings, "patents", _dirty_file(tmp_path / "a.csv"))
    # Same bad rows in a file with other content: a different source, recorded again.
    other = import_file(settings, "patents", _dirty_file(tmp_path / "b.csv", extra_title="另一个标题"))
    check_invariant(other)
    assert (other.loaded, other.quarantined) == (1, 5)
    assert len(lake.read("quarantine")) == 10
    assert _listed(settings, other.import_id) == _listed(settings, first.import_id)
    assert {q["file"] for q in get_import(settings, other.import_id)[1]} == {str(tmp_path / "b.csv")}
    # The first import's report is unchanged by later imports.
    assert len(_listed(settings, first.import_id)) == 5


def test_reimport_of_a_table_with_several_records_per_row(settings, lake, tmp_path):
    """A wide statistics row with a bad year yields one quarantine row per value cell."""
    path = write_table(
        tmp_path / "stats.csv",
        ["区划代码", "年份", "年末常住人口(万人)", "地区生产总值(亿元)"],
        [["500112", "2020", "219.2", "2000.5"], ["500105", "20x0", "1", "2"], ["999999", "2020", "1", ""]],
    )
    first = import_file(settings, "statistics", path)
    check_invariant(first)
    quarantine = _rows(lake, "quarantine")
    again = import_file(settings, "statistics", path)
    check_invariant(again)
    assert (again.read, again.loaded, again.quarantined) == (first.read, 0, first.quarantined)
    assert _rows(lake, "quarantine") == quarantine
    assert len(get_import(settings, again.import_id)[1]) == first.quarantined == len(quarantine)


def test_lake_with_repeated_quarantine_rows(settings, lake, tmp_path):
    """Lakes written before the de-duplication hold a re-import's bad rows twice: each import
    still reports its file's rows once, and a further re-import adds nothing."""
    path = _dirty_file(tmp_path / "dirty.csv")
    first = import_file(settings, "patents", path)
    old_id = new_import_id()  # what the old importer did on a re-import
    imports = lake.read("imports").to_pylist()
    quarantine = lake.read("quarantine").to_pylist()
    with lake.transaction() as txn:
        txn.write_arrow("imports", pa.Table.from_pylist([dict(imports[0], import_id=old_id)]), append=True)
        txn.write_arrow(
            "quarantine", pa.Table.from_pylist([dict(q, import_id=old_id) for q in quarantine]), append=True
        )
    doubled = _rows(lake, "quarantine")
    assert len(doubled) == 10
    again = import_file(settings, "patents", path)
    assert _rows(lake, "quarantine") == doubled
    for imp in list_imports(settings):
        assert imp.quarantine_reasons == first.quarantine_reasons, imp.import_id
    for i in (first.import_id, old_id, again.import_id):
        assert _listed(settings, i) == _listed(settings, first.import_id)
        assert len(_listed(settings, i)) == 5
