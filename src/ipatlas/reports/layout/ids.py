"""What the layout report reads: its chapter titles and the catalogue indicator ids
(src/ipatlas/indicators/catalog.yaml), named once so every chapter quotes the same figure."""

from __future__ import annotations

CHAPTERS = (
    "总体态势",
    "资源分析",
    "空间分布",
    "动态监测与目标进展",
    "产业布局",
    "综合评价与匹配",
    "结论与建议",
)

# Indicator ids of the catalogue (src/ipatlas/indicators/catalog.yaml) the report reads.
INV_PER_10K = "inv_per_10k_pop"
HV_PER_10K = "hv_inv_per_10k_pop"
VALID_INV = "pat_valid_invention"
APPS = "pat_app_total"
APPS_BY_KIND = {"发明": "pat_app_invention", "实用新型": "pat_app_utility", "外观设计": "pat_app_design"}
GRANTS = "pat_grant_total"
INV_GRANTS = "pat_grant_invention"
PCT = "pct_app"
TM_VALID = "tm_valid"
TM_PER_ENTITIES = "tm_per_10k_entities"
GI_TOTAL = "gi_total"
INV_APP_SHARE = "invention_app_share"
APPLICANT_SHARES = {
    "企业": "share_enterprise",
    "高校": "share_university",
    "科研院所": "share_institute",
    "机关团体": "share_government",
    "个人": "share_individual",
}
TOP10_SHARE = "top10_applicant_share"
HHI = "applicant_hhi"
KEY_TABLE = (
    APPS,
    "pat_app_invention",
    GRANTS,
    INV_GRANTS,
    VALID_INV,
    INV_PER_10K,
    HV_PER_10K,
    PCT,
    TM_VALID,
    TM_PER_ENTITIES,
    GI_TOTAL,
)

CUBE_SOURCE = "ipatlas 指标立方体（见附录“指标说明与数据溯源”）"
