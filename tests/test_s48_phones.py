"""Numbers and business names the complaint-screening audit found read wrongly: business names cut at a one-character
stop word inside the name (美的, 乐从, 我爱我家, 好又多), a second name of "A和B" read with its 和, digit groups of a
bank card or an ID number and codes (验证码, 密码, 学号 …) read as Foshan landlines, own numbers introduced with
号/号码 (我的手机号是…), a mobile written with dots, and shops ending in 店, 商行, 经营行, 代理部."""

from __future__ import annotations

import pytest

from workstation.masking import mask_text
from workstation.screening.phones import business_key, extract_businesses, extract_phones, hide_own_numbers


@pytest.mark.parametrize(("text", "names"), [
    ("接到佛山市顺德区美的置业有限公司的推销电话", ["佛山市顺德区美的置业有限公司"]),
    ("接到佛山市顺德区乐从镇好家具经营部电话", ["佛山市顺德区乐从镇好家具经营部"]),
    ("乐从好家具经营部打来", ["乐从好家具经营部"]),
    ("接到我爱我家房地产经纪有限公司电话", ["我爱我家房地产经纪有限公司"]),
    ("佛山市好又多商贸有限公司打来", ["佛山市好又多商贸有限公司"]),
    ("好又多商贸有限公司打来", ["好又多商贸有限公司"]),
    ("美的置业有限公司天天打电话", ["美的置业有限公司"]),
    ("佛山市向阳教育培训中心打来", ["佛山市向阳教育培训中心"]),
])
def test_a_stop_word_inside_a_name_does_not_cut_it(text, names):
    assert extract_businesses(text) == names


@pytest.mark.parametrize(("text", "names"), [
    ("他们公司是佛山市鸿运置业有限公司", ["佛山市鸿运置业有限公司"]),
    ("自称是佛山市美家装饰工程有限公司的人天天打电话", ["佛山市美家装饰工程有限公司"]),
    ("佛山的美家装饰公司天天打电话", ["美家装饰公司"]),
    ("被美家公司骚扰", ["美家公司"]),
    ("收到鸿运房产中介的骚扰电话", ["鸿运房产中介"]),
])
def test_a_stop_word_before_a_name_still_cuts(text, names):
    assert extract_businesses(text) == names


@pytest.mark.parametrize(("text", "names"), [
    ("佛山鸿运房产中介和佛山市华信教育科技有限公司都打电话", ["佛山鸿运房产中介", "佛山市华信教育科技有限公司"]),
    ("华信教育科技有限公司同美家装饰工程有限公司", ["华信教育科技有限公司", "美家装饰工程有限公司"]),
    ("华信教育科技有限公司和美家装饰工程有限公司", ["华信教育科技有限公司", "美家装饰工程有限公司"]),
    ("他们和顺德区华信教育科技有限公司合作", ["顺德区华信教育科技有限公司"]),
    ("在佛山市顺德区和信培训学校有限公司报名后", ["佛山市顺德区和信培训学校有限公司"]),
    ("和信培训学校有限公司打来", ["和信培训学校有限公司"]),
    ("佛山市和美家装饰工程有限公司打来", ["佛山市和美家装饰工程有限公司"]),
])
def test_a_conjunction_between_two_names_is_no_part_of_the_second(text, names):
    assert extract_businesses(text) == names


@pytest.mark.parametrize("text", [
    "银行卡6222 0212 3456 7890",
    "卡号：6222-0212-3456-7890",
    "身份证 4406 0219 9001 0112 34",
    "单号：SF 1234 5678 9012",
    "验证码81234567",
    "验证码 8123 4567",
    "密码81234567",
    "学号20261234",
    "发票号码81234567",
    "订单号：81234567",
])
def test_digit_groups_and_codes_are_no_telephone_numbers(text):
    assert extract_phones(text) == []


@pytest.mark.parametrize(("text", "numbers"), [
    ("卡号6222 0212 3456 7890，13512345678打来推销", ["13512345678"]),
    ("138 0013 8000 81234567", ["13800138000", "075781234567"]),
    ("81234567 13800138000打来", ["075781234567", "13800138000"]),
    ("号码8123 4567打来", ["075781234567"]),
    ("2026-01-05 81234567打来", ["075781234567"]),
])
def test_a_local_number_beside_another_number_is_still_read(text, numbers):
    assert extract_phones(text) == numbers


def test_digit_groups_are_masked_in_lists_as_before():
    assert "3456 7890" not in mask_text("银行卡6222 0212 3456 7890")
    assert "81234567" not in mask_text("验证码81234567")


@pytest.mark.parametrize("text", [
    "我的手机号是13912345678，13512345678打来",
    "我的手机号码：13912345678，13512345678打来",
    "本人手机号码13912345678，13512345678打来",
    "我的电话号码是13912345678，13512345678打来",
    "本人号码为 13912345678，13512345678打来",
])
def test_own_numbers_introduced_with_hao_or_haoma(text):
    assert extract_phones(text) == ["13512345678"]
    assert "13912345678" not in hide_own_numbers(text) and "13512345678" in hide_own_numbers(text)


def test_a_mobile_written_with_dots():
    assert extract_phones("138.0013.8000打来骚扰") == ["13800138000"]
    assert mask_text("138.0013.8000打来") == "138.****.8000打来"
    assert extract_phones("价格8888.88元，经纬 23.12345678") == []


@pytest.mark.parametrize(("text", "name", "key"), [
    ("大良李记装修店打来", "大良李记装修店", "大良李记装修店"),
    ("佛山市南海区宏达建材商行打来", "佛山市南海区宏达建材商行", "宏达建材商行"),
    ("佛山市禅城区好运五金经营行的人打来", "佛山市禅城区好运五金经营行", "好运五金经营行"),
    ("被佛山市鸿运房地产代理部骚扰", "佛山市鸿运房地产代理部", "鸿运房地产代理部"),
])
def test_shops_are_businesses(text, name, key):
    assert extract_businesses(text) == [name]
    assert business_key(name) == key


@pytest.mark.parametrize("text", ["让我去店里看看", "我们到店看房", "他们的店在附近"])
def test_a_shop_word_alone_names_no_business(text):
    assert extract_businesses(text) == []
