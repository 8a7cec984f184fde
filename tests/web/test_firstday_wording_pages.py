"""Issue 19 §5 on the pages: a share or growth rate changes by percentage points (never a
percentage of a percentage), LQ values are rounded, the LISA method is stated in Chinese, and the
非正常申请 rule the page states is the rule as data (version, date, basis)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient


def _dicts(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        return [node, *(d for v in node.values() for d in _dicts(v))]
    if isinstance(node, list):
        return [d for v in node for d in _dicts(v)]
    return []


def test_shares_change_by_percentage_points(client: TestClient) -> None:
    data = client.get("/dashboard/indicators.json").json()
    html = client.get("/dashboard/indicators").text
    shares = [
        d
        for d in _dicts(data)
        if d.get("unit") == "%" and d.get("value") is not None and d.get("previous") is not None
    ]
    assert shares, "the fixture has no share indicator with two years"
    for d in shares:
        assert f"{d['value'] - d['previous']:+.1f} 个百分点" in html, d.get("name")


def test_location_quotients_are_rounded(client: TestClient) -> None:
    table = client.get("/industry.json").json()["tables"]["lq"]
    keys = [c["key"] for c in table["columns"]][1:]
    values = [r[k] for r in table["rows"] for k in keys if isinstance(r.get(k), float)]
    assert values, "no LQ value in the fixture"
    assert all(round(v, 2) == v for v in values)


def test_lisa_method_in_chinese(client: TestClient) -> None:
    d = client.get("/map.json", params={"region": "500000", "layer": "lisa"}).json()
    lisa = d.get("lisa") or next(x for x in _dicts(d) if "method" in x or "available" in x)
    assert lisa.get("available"), lisa.get("message")
    assert "后式邻接" in lisa["method"] and "置换检验" in lisa["method"] and "queen" not in lisa["method"]


def test_monitor_states_the_surge_rule_as_data(client: TestClient) -> None:
    from ipatlas.market.leads import rule

    r = rule("abnormal_filing_surge")
    html = client.get("/monitor").text
    m = re.search(r'data-role="surge-rule">([^<]+)<', html)
    assert m, "the rule is not stated"
    assert f"第 {r['version']} 版" in m.group(1) and str(r["effective_from"]) in m.group(1)
    assert "99 百分位数" in m.group(1) and "30 件" not in m.group(1)
