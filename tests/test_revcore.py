"""Review of the session's core changes: in English (WORKSTATION_LANG=en) the cases an escalation names are listed
with their status in English, as the case list shows it; in Chinese as before."""

from __future__ import annotations

import pytest

from tests.test_unfiled3 import ASSOCIATION, MICRO_LOAN, _against_association
from workstation.store.interviews import SeveralCases, escalation_case, get_interview


def several_named(db) -> str:
    interview = get_interview(db, MICRO_LOAN)
    _against_association(db)
    _against_association(db, "涉嫌违法向第三方提供借款人个人信息案")
    with pytest.raises(SeveralCases) as several:
        escalation_case(db, interview, ASSOCIATION)
    return several.value.message


def test_the_cases_an_escalation_names_say_their_status_in_english(demo_db, english):
    message = several_named(demo_db)
    assert message.count(", Awaiting filing, id ") == 2
    assert "待立案" not in message


def test_the_cases_an_escalation_names_say_their_status_in_chinese_as_before(demo_db):
    assert several_named(demo_db).count("待立案") == 2
