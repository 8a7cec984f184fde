"""The catalogue is data: every indicator is complete, cited, and broken references are rejected."""

from __future__ import annotations

import copy

import pytest
import yaml

from ipatlas.errors import IndicatorError
from ipatlas.indicators.catalog import BASES, load_catalog, parse_catalog


def _doc() -> dict:
    from importlib import resources

    return yaml.safe_load(resources.files("ipatlas.indicators").joinpath("catalog.yaml").read_text("utf-8"))


def test_every_indicator_is_complete_and_cited() -> None:
    cat = load_catalog()
    assert len(cat.indicators) >= 50
    for ind in cat.ordered():
        d = cat.describe(ind)
        assert d["name"] and d["name_en"] and d["unit"] and d["formula"] and d["counts"], ind.id
        assert d["sources"] and all(s["title"] for s in d["sources"]), ind.id
        assert ind.formula in cat.definition(ind)
    per10k = cat.get("inv_per_10k_pop")
    assert per10k.numerator == ("valid_invention",) and per10k.denominator == "population"
    conv = {c for c in per10k.conventions}
    assert {"attribution", "domestic", "valid_year_end", "patent_term", "population"} <= conv
    hv = cat.describe(cat.get("hv_inv_per_10k_pop"))
    assert any("国发〔2021〕20号" in s["title"] for s in hv["sources"])
    assert {m.basis for m in cat.measures.values()} <= set(BASES)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("indicators", 0, "numerator"), "no_such_measure", "unknown numerator"),
        (("indicators", 0, "sources"), ["no_such_source"], "unknown source"),
        (("indicators", 0, "type"), "median", "unknown type"),
        (("measures", "app_total", "basis"), "patent_teleported", "unknown basis"),
        # pat_app_total is declared a flow: a stock numerator (valid patents) contradicts it
        (("indicators", 0, "numerator"), "valid_total", "flow: true needs"),
    ],
)
def test_broken_references_are_rejected(path: tuple, value: object, message: str) -> None:
    doc = copy.deepcopy(_doc())
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(IndicatorError, match=message):
        parse_catalog(doc)


def test_flows_and_stocks_are_declared() -> None:
    # A cumulative (累计) plan target sums a flow's years and reads a stock's last year: the
    # catalogue says which is which (flow: true), for every package's figures alike.
    cat = load_catalog()
    flows = {i for i, ind in cat.indicators.items() if ind.flow}
    assert {"pat_app_total", "tm_reg", "rights_works_reg", "ops_pledge_contracts", "case_received"} <= flows
    # stocks, although their formula also names a year: a grade is a year-end snapshot
    assert not flows & {"pat_valid_total", "tm_valid", "rights_works_stock", "mkt_entities_grade_a"}
    assert all(cat.get(i).type == "count" for i in flows)
