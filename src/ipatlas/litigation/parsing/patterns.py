"""The patterns every part of the judgment parser shares: case numbers, courts, document types,
party and agent roles, judges' roles, the signature and the operative part's marks."""

from __future__ import annotations

import re

DOCUMENT_TYPES = ("判决书", "裁定书", "调解书", "其他")
PROCEDURES = ("一审", "二审", "再审", "其他")
OUTCOMES = ("支持", "部分支持", "驳回", "维持原判", "改判", "撤销并发回重审", "撤诉/调解", "其他")


CASE_NO_RE = re.compile(
    r"（\s*(?:19|20)\d{2}\s*）\s*(?:[^，。；：\s（）“”]|（[^（）]{1,4}）){1,40}?\s*号(?:之[一二三四五六七八九十]+)?"
)
_DOC_TYPE_RE = re.compile(
    r"^(?:中华人民共和国)?(民事|行政|刑事|知识产权)?(?:案件)?(判决书|裁定书|调解书|决定书)$"
)
_COURT_RE = re.compile(r"^(?:中华人民共和国)?[\u4e00-\u9fa5]{2,30}法院$")

ROLES = (
    "原审第三人", "一审第三人", "第三人",
    "再审申请人", "申请再审人", "被申请再审人", "再审被申请人", "被申请人", "申请人",
    "被申诉人", "申诉人",  # 申诉复查 (民监/行监): the retrial review's roles
    "二审被上诉人", "二审上诉人", "被上诉人", "上诉人",
    "原审原告", "原审被告", "一审原告", "一审被告",
    "反诉原告", "反诉被告", "原告", "被告", "起诉人", "被起诉人",
    "抗诉机关", "原公诉机关", "公诉机关", "自诉人", "原审被告单位", "被告单位", "被害单位", "被害人",
    # 刑事附带民事: the civil claimant stands with the prosecution, the civil defendant with the accused
    "刑事附带民事诉讼原告", "附带民事诉讼原告", "刑事附带民事诉讼被告", "附带民事诉讼被告",
)  # fmt: skip
#: Criminal labels and their side: the prosecution stands where a plaintiff would.
_CRIMINAL_SIDES = {
    "抗诉机关": "原告",  # 抗诉机关（原公诉机关）: the procuratorate protesting the first-instance judgment
    "原公诉机关": "原告",
    "公诉机关": "原告",
    "自诉人": "原告",
    "被告单位": "被告",
    "被害单位": "第三人",
    "被害人": "第三人",
}
_ROLE_ALT = "|".join(sorted(ROLES, key=len, reverse=True))
_PARTY_RE = re.compile(
    # 被告人、刑事附带民事诉讼被告人（上诉人）：甲 — one person in two roles: the last one is read
    rf"^(?:(?:{_ROLE_ALT})(?:人|单位)?、)?"
    rf"(?P<role>{_ROLE_ALT})(?:人|单位)?\s*(?:（(?P<paren>[^（）]{{1,40}})）)?\s*[：:]?\s*(?P<rest>.*)$"
)
_AGENT_RE = re.compile(
    r"^(?P<lead>(?:以上|上述|前述|两|二|三|四|五)?[^，。：]{0,16}?(?:共同|的)?)"
    r"(?P<kind>委托诉讼代理人|委托代理人|诉讼代理人|指定代理人|特别授权代理人|代理人|辩护人)"
    r"\s*[：:]?\s*(?P<rest>.*)$"
)
_REP_RE = re.compile(
    r"^(?:法定代表人|法定代理人|负责人|主要负责人|经营者|投资人|代表人|诉讼代表人|执行事务合伙人|业主|"
    r"首席代表|董事|住所|住址|地址|组织机构代码|统一社会信用代码|营业场所|公民身份号码|身份证)"
)
_NARRATIVE_RE = re.compile(r"一案|纠纷|本院|不服|提起上诉|申请再审|诉至|向.*法院")

JUDGE_ROLES = (
    "审判长", "代理审判员", "助理审判员", "审判员", "人民陪审员", "陪审员",
    "法官助理", "见习书记员", "代书记员", "书记员", "速录员", "执行员",
)  # fmt: skip
_JUDGE_ROLE_RE = re.compile("|".join(sorted(JUDGE_ROLES, key=len, reverse=True)))
_SIG_DATE_RE = re.compile(
    r"^[零〇○ＯOo0一二三四五六七八九\d]{4}年?[零〇○一二三四五六七八九十\d]{1,3}月[零〇○一二三四五六七八九十\d×xX]{1,3}日$"
)
_SIG_NOISE_RE = re.compile(
    r"^(?:本件与原本核对无异|与原本核对无异|本件与原件核对无异|在线查看此案例|\d{1,4}|（?院印）?|附[：:].*|"
    r"百度搜索.*|来源.*|更多.*|返回.*|打印.*|关闭.*|责任编辑.*|点击.*)$"
)
_OP_MARK_RE = re.compile(
    r"(?:判决|裁定|调解协议|决定)如下|判决[：:]\s*$|裁定[：:]\s*$|达成(?:如下)?(?:调解)?协议"
)
_OP_END_RE = re.compile(
    r"^(?:如(?:果)?(?:未|不)按|(?:一审|二审|本案|本院)?(?:案件)?(?:诉讼)?(?:受理费|诉讼费|保全费|公告费)|"
    r"如不服|本判决为终审|本裁定为终审|本判决(?:为|系)|本裁定(?:为|系)|本调解书|上述协议|双方当事人|"
    r"审\s*判\s*长|审\s*判\s*员)"
)
_CAUSE_KEYWORDS = re.compile(
    r"(?:侵害|侵犯|擅自|仿冒|假冒|虚假|商业|不正当竞争|确认不侵|商标|专利|著作权|特许经营|"
    r"计算机|网络域名|域名|知名商品|企业名称|姓名权|名誉权|技术|合同|许可|权属|垄断|财产损害|"
    r"作品|植物新品种|集成电路|发明|实用新型|外观设计|信息网络)"
)


#: A site's tags after a title (…民事判决书 【二审】【浙江省高级人民法院】).
_SITE_TAGS = re.compile(r"(?:【[^【】]{1,30}】)+$")
