"""A conflict over a case's lists of keys reads by their wording, not as raw JSON (s60): the facts established
(``law_conditions``: 当事人为从事…中介服务的经营者), the circumstances of discretion and the grounds of legal
review; an empty list reads (empty)."""

from workstation.bundle.conflict_text import show_value
from workstation.law import discretion


def test_the_facts_established_read_by_their_wording(english):
    shown = show_value("law_conditions", ["intermediary", "refused_correction"], table="cases")
    assert shown == "当事人为从事房屋租赁、家政服务等中介服务的经营者、当事人拒不改正"
    assert show_value("law_conditions", "[\"lawful_business\"]", table="cases") == "购买、收受的公民个人信息仅用于合法经营活动"
    assert show_value("law_conditions", [], table="cases") == "(empty)"


def test_the_circumstances_and_the_grounds_read_by_their_wording(english):
    factor = next(iter(discretion.all_factors().values()))
    assert show_value("discretion_factors", [factor.key], table="cases") == factor.text
    assert show_value("review_grounds", ["major_public_interest"], table="cases") == "涉及重大公共利益"


def test_a_key_no_longer_known_is_shown_as_stored(english):
    assert show_value("law_conditions", ["gone_key"], table="cases") == "gone_key"


def test_an_interview_s_deadline_typed_by_hand_is_named_in_a_conflict(english):
    from workstation.bundle.conflict_text import field_label

    assert field_label("deadline_typed", "interviews") == "Deadline typed by hand"
