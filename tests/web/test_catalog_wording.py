"""The words a page takes from the core: lake tables and catalogue notes in Chinese, command lines
as code, and time stamps in Beijing time whatever clock wrote them."""

from __future__ import annotations

import datetime as dt
import re

from test_page_sweep import objections, visible_text

from ipatlas.indicators.catalog import load_catalog
from ipatlas.store.table_labels import TABLE_LABELS, absent_reason, missing_columns_reason
from ipatlas.web import display


def test_every_table_the_catalogue_counts_has_a_chinese_name() -> None:
    tables = {m.table for m in load_catalog().measures.values()}
    assert len(tables) >= 15
    missing = sorted(t for t in tables if not re.search(r"[\u4e00-\u9fff]", TABLE_LABELS.get(t, "")))
    assert not missing, missing


def test_reasons_name_the_table_in_chinese() -> None:
    assert absent_reason("pledge_contracts") == "资源库中没有专利权质押合同数据（尚未导入或发布），无法统计"
    reason = missing_columns_reason("pledges", ["amount", "zz_unknown"])
    assert reason.startswith("专利权质押登记数据缺少字段 ") and "zz_unknown" in reason
    assert "amount" not in reason  # a declared field is named by its Chinese label


def test_catalogue_notes_name_indicators_and_tables_in_chinese() -> None:
    cat = load_catalog()
    text = cat.readable(
        "由质押记录计算的 ops_pledge_amount（万元）；改读 hv_pledge_patents。见 ipatlas judgments stats"
    )
    assert f"“{cat.indicators['ops_pledge_amount'].name}”（万元）" in text
    assert "“较高质押融资金额的发明专利”" in text
    assert text.endswith("见 ipatlas judgments stats")  # a command stays as it is typed
    page = display.catalog_html("明细见 ipatlas operations stats --kind subsidy。<b>")
    assert '<code translate="no">ipatlas operations stats --kind subsidy</code>' in page
    assert "&lt;b&gt;" in page  # the note's own text is escaped
    for ind in cat.ordered():  # every note the catalogue page shows reads in Chinese
        for note in (ind.counts, *ind.caveats):
            assert not objections(visible_text(str(display.catalog_html(note)))), (ind.id, note)


def test_time_stamps_are_beijing_time_whatever_clock_wrote_them() -> None:
    utc = dt.datetime(2026, 12, 4, 11, 5, 30)
    assert display.when_utc(utc) == "2026-12-04 19:05"
    assert display.when_utc("2026-12-04T11:05:30") == "2026-12-04 19:05"
    assert display.when_utc(utc, seconds=True) == "2026-12-04 19:05:30"
    assert display.when("2026-12-04T19:05:30") == "2026-12-04 19:05"  # business times are Beijing time
    local = utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)  # the server's clock
    assert display.when_local(local) == "2026-12-04 19:05"
    assert display.when_utc("2026-12-04") == "2026-12-04"


def test_resolution_level_and_clock_state_have_labels() -> None:
    assert display.label("county", "region_level") == "区县级"
    assert display.label("country", "region_level") == "国家"
    assert display.label("system", "role") == "系统"
