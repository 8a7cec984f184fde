"""Law names as cited in judgments -> full official names; the 依照/根据 sentence -> provisions."""

from __future__ import annotations

import re

from ipatlas.litigation.numbers import cn_to_int, int_to_cn

PRC = "中华人民共和国"

# Short names courts use for national laws (the full name is 中华人民共和国 + name).
NATIONAL_LAWS = (
    "商标法",
    "商标法实施条例",
    "专利法",
    "专利法实施细则",
    "著作权法",
    "著作权法实施条例",
    "反不正当竞争法",
    "民事诉讼法",
    "民法通则",
    "民法总则",
    "民法典",
    "合同法",
    "侵权责任法",
    "物权法",
    "公司法",
    "产品质量法",
    "消费者权益保护法",
    "广告法",
    "个人独资企业法",
    "合伙企业法",
    "担保法",
    "行政诉讼法",
    "刑法",
    "刑事诉讼法",
    "反垄断法",
    "电子商务法",
    "食品安全法",
    "企业名称登记管理规定",
    "涉外民事关系法律适用法",
    "立法法",
    "计算机软件保护条例",
    "知识产权海关保护条例",
    "特殊标志管理条例",
    "奥林匹克标志保护条例",
    "集成电路布图设计保护条例",
    "植物新品种保护条例",
)
# Regulations that are not prefixed with 中华人民共和国 in their official title.
UNPREFIXED = {"企业名称登记管理规定", "计算机软件保护条例", "特殊标志管理条例", "奥林匹克标志保护条例",
              "集成电路布图设计保护条例", "知识产权海关保护条例"}  # fmt: skip
UNPREFIXED_RULES = {"商标法实施条例", "专利法实施细则", "著作权法实施条例", "植物新品种保护条例"}

# Common short names of judicial interpretations.
INTERPRETATIONS = {
    "商标民事纠纷解释": "最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释",
    "商标纠纷解释": "最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释",
    "商标司法解释": "最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释",
    "商标案件解释": "最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释",
    "驰名商标司法解释": "最高人民法院关于审理涉及驰名商标保护的民事纠纷案件应用法律若干问题的解释",
    "驰名商标解释": "最高人民法院关于审理涉及驰名商标保护的民事纠纷案件应用法律若干问题的解释",
    "不正当竞争解释": "最高人民法院关于审理不正当竞争民事案件应用法律若干问题的解释",
    "反不正当竞争司法解释": "最高人民法院关于审理不正当竞争民事案件应用法律若干问题的解释",
    "反不正当竞争解释": "最高人民法院关于审理不正当竞争民事案件应用法律若干问题的解释",
    "民诉法解释": "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释",
    "民事诉讼法解释": "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释",
    "证据规定": "最高人民法院关于民事诉讼证据的若干规定",
    "民事诉讼证据规定": "最高人民法院关于民事诉讼证据的若干规定",
}
# Obvious typos seen in judgments.
TYPOS = {
    "商标民事纠纷案件适用法律若干问题解释": "商标民事纠纷案件适用法律若干问题的解释",
    "中华人民共和国和国": "中华人民共和国",
    "中华人民国": "中华人民共和国",
    "中华人民共和商标法": "中华人民共和国商标法",
    "适用法律若干问题的的解释": "适用法律若干问题的解释",
    "涉外法律关系适用法": "涉外民事关系法律适用法",
    "涉外民事法律关系适用法": "涉外民事关系法律适用法",
    "关于民事诉讼证据若干问题的规定": "关于民事诉讼证据的若干规定",
    "商标法律若干问题": "商标民事纠纷案件适用法律若干问题",
}

_VERSION_RE = re.compile(
    r"[（(][^（）()]{0,20}?(?:修正|修订|修改|施行|公布|颁布|实施)[^（）()]{0,6}[）)]|[（(]\d{4}年?[）)]"
)
_ARTICLE_RE = re.compile(r"第?([零〇一二三四五六七八九十百千两\d]+)条(?:之([一二三四五六七八九十]+))?")


#: The issuer with part of its name masked by a site (最*法院关于…的解释).
_MASKED_ISSUER = re.compile(r"^最(?=[高人民法]{0,4}[*＊×xX])[高人民法*＊×xX]{1,5}院")
#: The law a judicial interpretation is about, bracketed inside its title.
_INNER_LAW = re.compile(
    r"关于(适用|执行|贯彻执行)(中华人民共和国[\u4e00-\u9fa5]{2,12}?(?:法|通则|条例))(?=的|若干)"
)


def normalise_law_name(raw: str) -> str:
    """《商标法》/ 2001年修正的《中华人民共和国商标法》/ 《…（2013年修正）》 -> full official name."""
    name = raw.strip().strip("《》<>〈〉 ")
    name = _VERSION_RE.sub("", name)
    name = re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
    for wrong, right in TYPOS.items():
        name = name.replace(wrong, right)
    name = _MASKED_ISSUER.sub("最高人民法院", name)
    if name.startswith("最高人民法院") or name.startswith("最高法院"):
        name = name.replace("最高法院", "最高人民法院", 1)
        # 关于适用中华人民共和国民事诉讼法的解释 -> 关于适用《中华人民共和国民事诉讼法》的解释
        return _INNER_LAW.sub(r"关于\1《\2》", name)
    if name.startswith("关于") and ("解释" in name or "规定" in name or "批复" in name):
        return "最高人民法院" + name
    if name in INTERPRETATIONS:
        return INTERPRETATIONS[name]
    bare = name.removeprefix(PRC)
    if bare in UNPREFIXED:
        return bare
    if bare in NATIONAL_LAWS or (bare.endswith("法") and not name.startswith(PRC) and len(bare) <= 12):
        return PRC + bare
    if bare in UNPREFIXED_RULES:
        return PRC + bare
    return name


def article_label(raw: str) -> str | None:
    """五十七 / 57 -> 第五十七条 (之一 kept)."""
    m = _ARTICLE_RE.fullmatch(raw) if raw.endswith("条") or "之" in raw else None
    num_raw = m.group(1) if m else raw
    n = cn_to_int(num_raw) if not num_raw.isdigit() else int(num_raw)
    if n is None or n <= 0 or n > 2000:
        return None
    label = f"第{int_to_cn(n)}条"
    if m and m.group(2):
        label += f"之{m.group(2)}"
    return label


_CITE_SPLIT = re.compile(r"《([^《》]{2,80})》")
_ART_IN_TAIL = re.compile(r"第?([零〇一二三四五六七八九十百千两\d]{1,6})条(?:之([一二三四五六七八九十]+))?")


_ABBREV = re.compile(
    r"《([^《》]{4,80})》[^《》（）。]{0,12}（(?:以下|下)?简称[^《》（）]{0,4}《([^《》]{1,20})》）"
)


def abbreviations(text: str) -> dict[str, str]:
    """Short titles a judgment defines (《…的解释》（以下简称《解释》）) -> the full official name."""
    return {short: normalise_law_name(full) for full, short in _ABBREV.findall(text)}


_BARE_TITLE = re.compile(
    r"(?<!《)(最高人民法院关于[\u4e00-\u9fa5]{0,12})《([^《》]{2,40})》"
    r"([\u4e00-\u9fa5]{0,24}?(?:解释|规定|意见|批复|决定)(?:[（(](?:试行|[一二三四五六七八九十]{1,3})[）)])?)"
)


def extract_citations(sentence: str, aliases: dict[str, str] | None = None) -> list[dict[str, str]]:
    """Provisions in one 依照/根据 sentence: ``[{law, article}]`` in order, duplicates removed.

    Articles belong to the nearest law name before them; a bare 本法 or a document number
    (法释〔2002〕32号) between them is ignored.
    """
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    # Nested titles (《…关于适用《中华人民共和国民事诉讼法》的解释》): drop the inner brackets.
    sentence = re.sub(r"﹤|＜|〈|<", "《", re.sub(r"﹥|＞|〉|>", "》", sentence))
    # An interpretation's title left unbracketed around the law it is about (最高人民法院关于贯彻执行
    # 《中华人民共和国民法通则》若干问题的意见(试行)): the whole title is the name, not the inner law.
    sentence = _BARE_TITLE.sub(r"《\1\2\3》", sentence)
    sentence = re.sub(r"(《[^《》]*)《([^《》]*)》([^《》]*》)", r"\1\2\3", sentence)
    matches = list(_CITE_SPLIT.finditer(sentence))
    for i, m in enumerate(matches):
        raw = m.group(1).strip()
        law = (aliases or {}).get(raw) or normalise_law_name(raw)
        # 最高人民法院《关于…的解释》: the issuer stands before the brackets.
        before = sentence[max(0, m.start() - 6) : m.start()]
        if before.endswith("最高人民法院") and not law.startswith("最高人民法院"):
            law = "最高人民法院" + law.removeprefix(PRC)
        if law.startswith("最高人民法院") is False and law.startswith("关于"):
            law = "最高人民法院" + law
        tail_end = matches[i + 1].start() if i + 1 < len(matches) else len(sentence)
        tail = sentence[m.end() : tail_end]
        tail = re.sub(r"法释[〔【\[（(]\d{4}[〕】\]）)]\d+号", "", tail)
        tail = re.sub(r"\d{4}年\d{1,2}月\d{1,2}日", "", tail)
        # Only the run of article references right after the name belongs to it.
        for am in _ART_IN_TAIL.finditer(tail):
            label = article_label(am.group(0))
            if label is None:
                continue
            key = (law, label)
            if key not in seen:
                seen.add(key)
                out.append({"law": law, "article": label})
    return out
