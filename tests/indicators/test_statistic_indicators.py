"""Reported statistics shown as catalogue indicators (技术合同成交额, R&D经费投入强度 …): the catalogue's
rules for them, the statistics importer reading their variables, and its plausibility bounds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ipatlas.config import Settings
from ipatlas.errors import IndicatorError
from ipatlas.indicators import load_catalog
from ipatlas.indicators.catalog import parse_catalog
from ipatlas.ingest import import_file
from ipatlas.ingest.profiles import header_key
from ipatlas.ingest.statprofile import variable_names

CATALOG = Path(__file__).parents[2] / "src" / "ipatlas" / "indicators" / "catalog.yaml"


def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(CATALOG.read_text("utf-8"))
    return doc


def test_every_statistic_is_read_by_the_importer() -> None:
    """A catalogue statistic no import could load would leave its indicators null for ever."""
    known = set(variable_names().values())
    for st in load_catalog().statistics.values():
        assert st.variable in known, st.id
        assert st.min == 0 and set(st.max) == {"county", "city", "province", "nation"}, st.id
    assert variable_names()[header_key("技术合同成交金额")] == "tech_contract_amount"


def test_statistics_shown_as_indicators() -> None:
    cat = load_catalog()
    rd = cat.get("rd_intensity")
    assert (rd.type, rd.numerator, rd.denominator, rd.scale, rd.unit) == (
        "ratio", ("rd_expenditure",), "gdp", 100.0, "%"
    )  # fmt: skip
    for iid in ("tech_contract_amount", "ip_pledge_amount", "ip_service_revenue"):
        ind = cat.get(iid)
        assert ind.type == "count" and ind.flow and ind.numerator[0] in cat.statistics
        assert ind.unit == cat.statistics[ind.numerator[0]].unit == "亿元"
        assert cat.describe(ind)["numerator"][0]["kind"] == "statistic" and ind.sources


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"numerator": ["tech_contract_amount", "app_total"]}, "measures or statistics, not both"),
        ({"industry": True}, "no industry dimension"),
    ],
)
def test_a_statistic_count_is_checked(change: dict[str, Any], message: str) -> None:
    doc = _doc()
    ind = next(i for i in doc["indicators"] if i["id"] == "tech_contract_amount")
    ind.update(change)
    with pytest.raises(IndicatorError, match=message):
        parse_catalog(doc)


def test_an_amount_in_an_unstated_unit_is_quarantined(settings: Settings, tmp_path: Path) -> None:
    """技术合同成交额 written in 元 under a 亿元 header is far above any city's figure: quarantined,
    with the reason, not loaded."""
    f = tmp_path / "tech.csv"
    f.write_text("地区,年份,技术合同成交额（亿元）\n黔江区,2023,12.5\n渝北区,2023,1500000000\n", "utf-8")
    s = import_file(settings, "statistics", f, "auto")
    assert (s.loaded, s.quarantined) == (1, 1), s
