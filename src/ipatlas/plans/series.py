"""The issuer a document number's series names, for a province's government.

A provincial government numbers its documents with the province's one-character abbreviation and the
series: 辽政发 (the government), 辽政办发 / 辽政办 / 辽政办函 (its general office). When a page gives the
number but no organ ("辽政办发〔2016〕76号  附件2" above a plan), the series is the issuer. Abbreviations
are shared by cities (青: 青海 and 青岛, 宁: 宁夏 and 南京), so the series counts only when the title
opens with that province.
"""

from __future__ import annotations

import re

PROVINCES = {
    "京": "北京市",
    "津": "天津市",
    "冀": "河北省",
    "晋": "山西省",
    "蒙": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "沪": "上海市",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "渝": "重庆市",
    "川": "四川省",
    "黔": "贵州省",
    "云": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "甘": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}
SERIES_RE = re.compile(r"^(?P<abbr>[\u4e00-\u9fff])政(?P<office>办(?:发|函|字)?)?(?:发)?[〔\[［【（(]")


def series_issuer(doc_number: str | None, title: str | None) -> str | None:
    """ "辽政办发〔2016〕76号" on "辽宁省知识产权“十三五”规划" → 辽宁省人民政府办公厅."""
    m = SERIES_RE.match(doc_number or "")
    province = PROVINCES.get(m.group("abbr")) if m else None
    if m is None or province is None or not (title or "").startswith(province):
        return None
    return f"{province}人民政府办公厅" if m.group("office") else f"{province}人民政府"
