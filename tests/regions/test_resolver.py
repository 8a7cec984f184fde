"""Address resolver: hand-written tricky cases and property tests."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipatlas.errors import InputError
from ipatlas.regions import get_registry, get_resolver

# (address, adcode, level, country) — written by hand
CASES = [
    # the examples
    ("重庆市渝北区龙溪街道金开大道88号", "500112", "county", "CN"),
    ("重庆市江北区北京路18号", "500105", "county", "CN"),  # not Beijing
    ("重慶市渝中區解放碑", "500103", "county", "CN"),  # Traditional
    # street / company names that contain other places
    ("沈阳市和平区南京北街", "210102", "county", "CN"),
    ("上海市静安区延安中路1000号", "310106", "county", "CN"),
    ("重庆市渝北区北京路北京大学重庆研究院", "500112", "county", "CN"),
    ("重庆市渝北区上海大厦", "500112", "county", "CN"),
    ("武汉市江汉区香港路", "420103", "county", "CN"),
    ("北京路88号", None, "none", None),
    ("香港路18号", None, "none", None),
    # ambiguous county names decided by context
    ("宁波市江北区人民路", "330205", "county", "CN"),
    ("浙江省江北区", "330205", "county", "CN"),
    ("天津市和平区南京路", "120101", "county", "CN"),
    ("北京市朝阳区建国路88号", "110105", "county", "CN"),
    ("吉林省长春市朝阳区人民大街", "220104", "county", "CN"),
    ("朝阳市朝阳县", "211321", "county", "CN"),
    ("鞍山市铁西区", "210303", "county", "CN"),
    ("江苏省南京市鼓楼区中山路", "320106", "county", "CN"),
    ("西安市长安区", "610116", "county", "CN"),
    # … or left undecided when nothing decides
    ("江北区", None, "country", "CN"),
    ("和平区南京北街", None, "country", "CN"),
    ("朝阳区建国路", None, "country", "CN"),
    # partial addresses
    ("渝北区", "500112", "county", "CN"),  # county without prefecture
    ("九龙坡区", "500107", "county", "CN"),
    ("新民市", "210181", "county", "CN"),
    ("玉溪市红塔区", "530402", "county", "CN"),  # prefecture without province
    ("重庆渝北龙溪", "500112", "county", "CN"),  # short forms
    ("上海浦东张江", "310115", "county", "CN"),
    ("沈阳浑南新区", "210112", "county", "CN"),
    ("重庆市石柱县", "500240", "county", "CN"),  # 自治县 written as 县
    ("山西省晋城市城区", "140502", "county", "CN"),  # generic name right after its prefecture
    ("广东东莞长安镇", "441900", "county", "CN"),  # prefecture without counties
    ("湖北省仙桃市", "429004", "county", "CN"),  # provincially administered
    ("苏州工业园区星湖街", "320576", "county", "CN"),  # NBS statistical zone
    # only prefecture or province
    ("玉溪市", "530400", "city", "CN"),
    ("四川省成都市高新区天府大道", "510100", "city", "CN"),
    ("辽宁省", "210000", "province", "CN"),
    ("重庆市两江新区金渝大道", "500000", "province", "CN"),
    ("重庆大学", "500000", "province", "CN"),
    # historical names and codes
    ("重庆市梁平县", "500155", "county", "CN"),
    ("重庆市武隆县", "500156", "county", "CN"),
    ("辽宁省沈阳市东陵区", "210112", "county", "CN"),
    ("云南省玉溪市澄江县", "530481", "county", "CN"),
    ("澄江县", "530481", "county", "CN"),
    ("玉溪地区澄江县", "530481", "county", "CN"),
    ("四川省江津县", "500116", "county", "CN"),
    ("四川省重庆市江北区", "500105", "county", "CN"),  # Chongqing was in Sichuan until 1997
    ("四川省万县市梁平县", "500155", "county", "CN"),
    ("广东省海南行政区海口市", "460100", "city", "CN"),  # Hainan was in Guangdong until 1988
    ("辽阳辽阳创新大道", "211021", "county", "CN"),  # repeated name read as the county
    ("唐山路北高新大道", "130203", "county", "CN"),  # 路北区 is no road
    ("石家庄桥西青年路", "130104", "county", "CN"),
    ("哈尔滨道里", "230102", "county", "CN"),
    ("嘉峪关市", "620201", "county", "CN"),
    ("杭州市江干区", "330102", "county", "CN"),
    ("广西横县", "450181", "county", "CN"),
    # Traditional
    ("瀋陽市渾南區", "210112", "county", "CN"),
    ("沈陽市和平區", "210102", "county", "CN"),
    ("雲南省玉溪市澂江市", "530481", "county", "CN"),
    # Taiwan, Hong Kong, Macao, foreign
    ("台湾省新竹市科学园区", None, "country", "TW"),
    ("中国台湾新竹", None, "country", "TW"),
    ("台北市信义区", None, "country", "TW"),
    ("香港九龙尖沙咀", None, "country", "HK"),
    ("中國香港九龍", None, "country", "HK"),
    ("澳门特别行政区氹仔", None, "country", "MO"),
    ("日本国东京都千代田区", None, "country", "JP"),
    ("日本大阪府大阪市北区", None, "country", "JP"),
    ("美国加利福尼亚州圣何塞", None, "country", "US"),
    ("德国慕尼黑", None, "country", "DE"),
    ("大韩民国首尔特别市", None, "country", "KR"),
    # development zones: NBS statistical zones by their type's short form after the prefecture,
    # zones named after their host county, the prefecture otherwise
    ("湖南省湘潭市高新区迅达大道", "430371", "county", "CN"),
    ("长春市高新区", "220173", "county", "CN"),  # not 长春净月高新技术产业开发区
    ("吉林省长春市经开区", "220171", "county", "CN"),
    ("昆山开发区前进东路", "320583", "county", "CN"),
    ("西安高新区锦业路", "610100", "city", "CN"),  # 西安市's, not 西安区's
    ("浙江省杭州市高新区（滨江）", "330108", "county", "CN"),
    ("广东 深圳 南山 科技园", "440305", "county", "CN"),
    # short names in a comma / slash list after their prefecture (round 2)
    ("广东,深圳,南山,科技园", "440305", "county", "CN"),
    ("河南/郑州/金水/花园路", "410105", "county", "CN"),
    ("浙江，杭州，滨江，江南大道", "330108", "county", "CN"),
    # an old prefecture absorbed by one county, when nothing finer follows
    ("重庆市万县市", "500101", "county", "CN"),
    ("山东省莱芜市", "370116", "county", "CN"),
    ("灣仔駱克道", None, "country", "HK"),
    ("高雄前鎮區", None, "country", "TW"),
    ("荷属安的列斯库拉索，萨鲁街33号", None, "country", "CW"),
    # English / pinyin
    (
        "Room 508B-C, No.32, Haidian South Road, Haidian District, Beijing, P. R. CHINA 100080.",
        "110108",
        "county",
        "CN",
    ),
    ("No. 9 Caipin Road, Huangpu District, Guangzhou, Guangdong, China.", "440112", "county", "CN"),
    ("No. 18, Wantang Road, Xihu District, Hangzhou, Zhejiang, China", "330106", "county", "CN"),
    ("CMS LLC, Taurus Plaza, TaoyuanRoad, NanshanDistrict, Shenzhen, China.", "440305", "county", "CN"),
    ("nan jing xi lu, jingan qu, shanghai shi", "310106", "county", "CN"),
    ("Hangzhou Zhejiang 310000 (CN)", "330100", "city", "CN"),
    ("Suzhou, Jiangsu, China", "320500", "city", "CN"),  # 苏州, not Anhui's 宿州
    ("Northwest University, Xi'an, Shaanxi, China", "610100", "city", "CN"),
    ("Urumqi, Xinjiang, China", "650100", "city", "CN"),
    ("Baotou, Inner Mongolia, China", "150200", "city", "CN"),  # not Mongolia
    ("Xiangcheng Dinstrict, Suzhou, Jiangsu Province, China", "320507", "county", "CN"),  # misspelt
    ("Xinzhuang Town, Minhang District, Shanghai", "310112", "county", "CN"),  # 闵 行 read hang
    ("Nanning, Guangxi Zhuang Autonomous Region, China", "450100", "city", "CN"),
    # round 2: ethnic names before "Autonomous"; banners in their Mongolian spelling and English
    # direction words (左 Left, 右翼前 Right Front, 联合 United)
    ("Weining Yi Hui and Miao Autonomous County, Bijie, Guizhou", "520526", "county", "CN"),
    ("Xiangxi Tujia and Miao Autonomous Prefecture, Hunan", "433100", "city", "CN"),
    ("Horqin Left Middle Banner, Tongliao, Inner Mongolia", "150521", "county", "CN"),
    ("Horqin Right Front Banner, Hinggan League", "152221", "county", "CN"),
    ("Darhan Muminggan United Banner, Baotou", "150223", "county", "CN"),
    ("East Ujimqin Banner, Xilingol League, Inner Mongolia", "152525", "county", "CN"),
    ("Ordos, Inner Mongolia, China", "150600", "city", "CN"),
    ("Xing'an County, Guilin, Guangxi", "450325", "county", "CN"),  # 兴安 Hinggan is Inner Mongolia only
    ("No. 1 Xueyuan Road Chaoyang District Beijing", "110105", "county", "CN"),
    ("7F, No. 2, Middle Hong Kong Road, Shinan District, Qingdao", "370202", "county", "CN"),
    ("Flat D, 31/F, 10 Cheung Yue Street, Cheung Sha Wan, Kowloon, Hong Kong", None, "country", "HK"),
    ("No. 86, Ln. 11, Huacheng Rd., Xinzhuang Dist., New Taipei City, Taiwan, 242039", None, "country", "TW"),
    ("Armonk, NY, US", None, "country", "US"),
    # nothing
    ("", None, "none", None),
    ("无", None, "none", None),
    (",,,", None, "none", None),
]


@pytest.mark.parametrize(("address", "adcode", "level", "country"), CASES)
def test_hand_written_cases(address: str, adcode: str | None, level: str, country: str | None) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level, r.country) == (adcode, level, country)


def test_resolution_fields() -> None:
    r = get_resolver().resolve("重庆市江北区北京路18号")
    assert r.to_dict() == {
        "adcode": "500105",
        "name": "江北区",
        "city": "重庆市",
        "city_code": "500000",
        "province": "重庆市",
        "province_code": "500000",
        "level": "county",
        "country": "CN",
        "matched": "重庆市江北区",
    }
    r = get_resolver().resolve("辽宁省沈阳市东陵区")
    assert (r.name, r.city, r.city_code, r.province, r.matched) == (
        "浑南区", "沈阳市", "210100", "辽宁省", "辽宁省沈阳市东陵区",
    )  # fmt: skip
    assert get_resolver().resolve("重慶市渝中區").matched == "重慶市渝中區"
    assert get_resolver().resolve(None).level == "none"


@pytest.mark.parametrize(
    ("address", "postcode", "adcode"),
    [
        ("江北区观音桥", "400020", "500105"),
        ("江北区人民路", "315020", "330205"),
        ("和平区南京北街", "110001", "210102"),
        ("和平区南京路", "300041", "120101"),
        ("朝阳区建国路", "100020", "110105"),
        ("铁西区兴华街", "110021", "210106"),  # 沈阳 vs 鞍山: same province, prefecture postcode
        ("400000 江北区", None, "500105"),  # postcode at the start of the address
        ("４０００２０ 江北区", None, "500105"),  # full-width digits
        ("江北区观音桥 邮编400020", None, "500105"),  # postcode at the end
        ("江北区人民路315020", None, "330205"),
        ("100084 Haidian District, Beijing", None, "110108"),  # not just the postcode's province
    ],
)
def test_postcode_disambiguates(address: str, postcode: str | None, adcode: str) -> None:
    assert get_resolver().resolve(address, postcode).adcode == adcode


def test_postcode_never_overrides_the_address() -> None:
    r = get_resolver().resolve("云南省玉溪市红塔区", "400000")
    assert r.adcode == "530402"
    only = get_resolver().resolve("", "653100")
    assert (only.adcode, only.level, only.matched) == ("530000", "province", None)
    assert get_resolver().resolve("", "999077").country == "HK"
    assert get_resolver().resolve("某地", "abc").level == "none"


def test_resolve_many_is_column_oriented_and_matches_resolve() -> None:
    addrs = ["重庆市江北区北京路", None, "江北区", "日本国东京都", "重庆市江北区北京路", "沈阳市东陵区"]
    posts = [None, None, "315000", None, None, "110000"]
    out = get_resolver().resolve_many(addrs, posts)
    assert set(out) == {"adcode", "city_code", "province_code", "level", "country", "matched"}
    assert out["adcode"] == ["500105", None, "330205", None, "500105", "210112"]
    assert out["level"] == ["county", "none", "county", "country", "county", "county"]
    assert out["country"] == ["CN", None, "CN", "JP", "CN", "CN"]
    for i, (a, p) in enumerate(zip(addrs, posts, strict=True)):
        r = get_resolver().resolve(a, p)
        assert (r.adcode, r.city_code, r.province_code, r.level, r.country, r.matched) == tuple(
            out[k][i] for k in ("adcode", "city_code", "province_code", "level", "country", "matched")
        )
    assert get_resolver().resolve_many([]) == {k: [] for k in out}
    with pytest.raises(InputError):
        get_resolver().resolve_many(["a", "b"], ["1"])


def test_values_from_dataframes() -> None:
    """Importers pass pandas columns: NaN for missing, postcodes read as numbers."""
    import pandas as pd

    df = pd.DataFrame(
        {
            "addr": ["江北区观音桥", None, "内蒙古自治区呼和浩特市赛罕区", 12345],
            "pc": [400020, None, 10020.0, None],
        }
    )
    out = get_resolver().resolve_many(df["addr"], df["pc"])
    assert out["adcode"] == ["500105", None, "150105", None]
    assert out["level"] == ["county", "none", "county", "none"]
    assert get_resolver().resolve(float("nan"), float("nan")).level == "none"
    typed = pd.Series(["沈阳市和平区", None], dtype="string")  # missing is pd.NA here
    assert get_resolver().resolve_many(typed, pd.Series(["110001", None], dtype="string"))["adcode"] == [
        "210102",
        None,
    ]


def test_cache_and_no_cache_agree() -> None:
    r = get_resolver()
    nocache = r.fresh(cache_size=0)
    addrs = [a for a, *_ in CASES]
    assert nocache.resolve_many(addrs) == r.resolve_many(addrs)
    assert nocache._cache == {}


# ---------------------------------------------------------------- properties
_REG = get_registry()
_COUNTIES = sorted(_REG.counties(), key=lambda r: r.code)
_FULL_NAMES = {c.code: _REG.full_name(c.code) for c in _COUNTIES}
_OTHER_PLACES = sorted(
    {r.name for r in _REG.all()} | {r.name[:-1] for r in _REG.all("city") if len(r.name) > 2}
)
_STREET_CHARS = "人民建设解放路街道号幢栋单元层室科技园工业大道中东西南北一二三四五六七八九十0123456789"
_SUFFIX = ("路", "街", "大道", "大厦", "中路", "北街")
_T2 = opencc.OpenCC("s2t")


@st.composite
def full_address(draw: st.DrawFn) -> tuple[str, str]:
    county = draw(st.sampled_from(_COUNTIES))
    street = draw(st.text(alphabet=_STREET_CHARS, max_size=12))
    return county.code, _FULL_NAMES[county.code] + street


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(full_address())
def test_any_full_address_resolves_to_its_county(case: tuple[str, str]) -> None:
    code, address = case
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level) == (code, "county"), address


@settings(max_examples=300, deadline=None)
@given(full_address(), st.sampled_from(_OTHER_PLACES), st.sampled_from(_SUFFIX), st.integers(1, 999))
def test_a_street_named_after_another_place_changes_nothing(
    case: tuple[str, str], place: str, suffix: str, number: int
) -> None:
    code, address = case
    r = get_resolver().resolve(f"{address}{place}{suffix}{number}号")
    assert r.adcode == code, (address, place)


@settings(max_examples=150, deadline=None)
@given(full_address())
def test_traditional_form_resolves_the_same(case: tuple[str, str]) -> None:
    code, address = case
    assert get_resolver().resolve(_T2.convert(address)).adcode == code, address


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=80)), st.one_of(st.none(), st.text(max_size=10)))
def test_resolve_never_raises(address: str | None, postcode: str | None) -> None:
    r = get_resolver().resolve(address, postcode)
    assert r.level in {"county", "city", "province", "country", "none"}
    if r.adcode is not None:
        assert _REG.get(r.adcode).code == r.adcode


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([a for a, *_ in CASES] + [None]), max_size=30))
def test_resolve_many_preserves_order_and_length(addrs: list[str | None]) -> None:
    out = get_resolver().resolve_many(addrs)
    assert all(len(v) == len(addrs) for v in out.values())
    assert out["adcode"] == [get_resolver().resolve(a).adcode for a in addrs]
