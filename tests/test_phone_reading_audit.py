"""Numbers the screening read wrongly (found by the leads audit): a word introducing the complainant's own number
counts only right before it, not inside a quoted SMS's 联系我们 nor across a question mark; a 400 number dialled with
+86 is no landline of area code 400; a landline written after TEL keeps its own area code, and the subscriber part
of a number whose area code was not read is not taken for a Foshan number; an 8-digit 95 service number is no
lead's number."""

from __future__ import annotations

import pytest

from workstation.screening.phones import extract_phones, hide_own_numbers, normalise_phone


@pytest.mark.parametrize(("text", "numbers"), [
    ("收到短信：低息贷款，详情请联系我们13700137000，泄露个人信息", ["13700137000"]),
    ("为什么13700137009会知道我的电话？13700137001也打过", ["13700137009", "13700137001"]),
    ("我的电话：13800138000，对方是13700137000", ["13700137000"]),
    ("本人手机是 13800138000，请回电", []),
    ("对方打来的号码是+86 400 812 3456，推销贷款", ["4008123456"]),
    ("TEL020-87654321打电话推销", ["02087654321"]),
    ("订单号AB020-87654321", []),
    ("95105105打电话推销", []),
    ("号码86661234天天打来", ["075786661234"]),  # a Foshan number written without its area code stays one
])
def test_numbers_are_read_as_written(text, numbers):
    assert extract_phones(text) == numbers


def test_a_400_number_with_86_before_it_is_normalised_as_without():
    assert normalise_phone("＋86 400 812 3456") == normalise_phone("400-812-3456") == "4008123456"


def test_the_summary_masks_the_number_introduced_as_own_and_not_the_one_after_a_question():
    text = "为什么13700137009会知道我的电话？我的电话：13800138000"
    masked = hide_own_numbers(text)
    assert "13700137009" in masked and "13800138000" not in masked
