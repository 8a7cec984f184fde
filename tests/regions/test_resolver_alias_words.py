"""An alias read inside a longer word: 第一师 (兵团) in 第一师范学院 is a school, not the division."""

from __future__ import annotations

import pytest

from ipatlas.regions import get_resolver


@pytest.mark.parametrize(
    "address",
    ["第一师范学院附属小学", "第二师范学院", "第三师范大学继续教育学院"],
)
def test_a_normal_school_is_not_a_division(address: str) -> None:
    assert get_resolver().resolve(address).level == "none"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("湖南第一师范学院", ("430000", "province")),  # the province named stays
        ("第八师石河子市北四路", ("659001", "county")),  # the division itself still reads
        ("兵团第一师阿拉尔市", ("659002", "county")),
    ],
)
def test_divisions_still_read(address: str, expected: tuple[str, str]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level) == expected, r
