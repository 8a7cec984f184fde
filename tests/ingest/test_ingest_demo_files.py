"""The importers on the demo generator's files: every planted dirty row is quarantined, every
re-export is a duplicate, every older export is superseded, nothing else is lost."""

from __future__ import annotations

from ingest_helpers import check_invariant

from ipatlas.ingest import import_file


def test_demo_files_import_as_the_generator_expects(settings, lake, tmp_path):
    from ipatlas.demo import generate

    manifest = generate(tmp_path / "demo", records=3000, shared_dir=settings.shared_dir)
    summaries = []
    for f in manifest.files:
        s = import_file(settings, f.table, manifest.path(f.name), f.layout)
        check_invariant(s)
        assert s.is_demo, f.name  # the sidecar marks it
        if f.table == "statistics":  # one record per non-empty cell
            assert s.read == manifest.expected["statistics"]["records"]
        else:
            assert s.read == f.rows, f.name
        assert s.quarantined == f.dirty_rows, (f.name, s.quarantine_reasons, f.dirty)
        summaries.append((f, s))
    exp = manifest.expected
    patents = [s for f, s in summaries if f.table == "patents"]
    assert sum(s.quarantined for s in patents) == exp["patents"]["quarantined"]
    # A re-export is either an identical duplicate or an older/newer version of the same record.
    assert sum(s.duplicates + s.replaced for s in patents) == (
        exp["patents"]["duplicate_rows"] + exp["patents"]["older_version_rows"]
    )
    assert lake.rows("patents") == exp["patents"]["distinct_valid_records"]
    assert lake.rows("trademarks") == exp["trademarks"]["distinct_valid_records"]
    assert lake.rows("statistics") == exp["statistics"]["records"]
    con = lake.connect()
    assert con.execute("SELECT bool_and(is_demo) FROM patents").fetchall()[0][0] is True
    # Replacements are real updates: the newer legal-status date wins.
    for key, old_imp in con.execute("SELECT key, old_import_id FROM replacements").fetchall():
        current = con.execute("SELECT import_id FROM patents WHERE app_no = ?", [key]).fetchall()
        assert current and current[0][0] != old_imp
