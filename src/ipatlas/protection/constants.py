"""Vocabularies of the protection desk (kinds, IP types, channels) with their Chinese labels."""

from __future__ import annotations

KIND_LABELS = {
    "complaint": "投诉",
    "report": "举报",
    "assistance": "维权援助",
    "adjudication": "专利侵权纠纷行政裁决请求",
    "mediation": "调解申请",
    "consultation": "咨询",
}
IP_TYPE_LABELS = {
    "patent": "专利",
    "trademark": "商标",
    "gi": "地理标志",
    "copyright": "著作权",
    "trade_secret": "商业秘密",
    "plant_variety": "植物新品种",
    "layout_design": "集成电路布图设计",
    "unfair_competition": "不正当竞争",
}
CHANNEL_LABELS = {
    "12315": "12315 转办",
    "phone": "电话",
    "letter": "信函",
    "visit": "来访",
    "online": "网上提交",
    "exhibition": "展会现场",
    "ecommerce": "电商平台转办",
    "assigned": "上级交办",
    "referral": "部门移送",
    "lead": "线索池",
}
PARTY_TYPE_LABELS = {"individual": "自然人", "enterprise": "企业", "organisation": "其他组织"}
# Workflow definition per kind (files under protection/rules/).
KIND_DEFINITIONS = {
    "complaint": "protection_complaint",
    "report": "protection_report",
    "assistance": "protection_assistance",
    "adjudication": "protection_adjudication",
    "mediation": "protection_mediation",
    "consultation": "protection_consultation",
}
DEMO_LABEL = "演示数据"
