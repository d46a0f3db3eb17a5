"""Session 57: a complaint saying whom the caller suspects (怀疑/疑似/涉嫌…有限公司) names the business without the word:
the lead listed 怀疑佛山市南海区锦程房地产代理有限公司 as a business, printed so on the 案件来源登记表 and 立案审批表."""

from __future__ import annotations

import pytest

from workstation.screening.phones import extract_businesses


@pytest.mark.parametrize("word", ["怀疑", "疑似", "涉嫌"])
def test_a_suspected_business_is_named_without_the_word(word):
    text = f"近期频繁接到推销电话，{word}佛山市南海区锦程房地产代理有限公司泄露了本人信息。"
    assert extract_businesses(text) == ["佛山市南海区锦程房地产代理有限公司"]
