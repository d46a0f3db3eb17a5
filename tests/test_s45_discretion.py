"""Discretion (round 45): 首违不罚 (行政处罚法 art. 33 para. 1, first violation) is refused for a party punished before —
recorded on the case, or decided with a penalty in another case of the same party (by id, credit code or ID number)
that was not revoked — naming that case, on the case's penalty choice and on the 不予行政处罚决定书; the tier 不予处罚
rests on a circumstance in which no penalty is (or may be) given; its discretion paragraph says 依法不予行政处罚, and a
行政处罚告知书 or 行政处罚决定书 imposing a penalty is refused while the case's tier is 不予处罚. The 违反的规定 picker
ticks the case's own provisions by norm and writes them in the order and grouping of the case's assessment."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation.documents.stage_rules import stage_refusal
from workstation.errors import ValidationError
from workstation.law.case_law import case_law, discretion_text, save_penalty_choice
from workstation.records import Case
from workstation.store import create_case, find_case, get_case
from workstation.store.cases import update_case

EARLIER = "佛三市监立〔2026〕1号"  # demo: 睿栢, closed, decided 2026-04-14 with a fine of ¥3,000
OTHER = "佛南市监立〔2026〕9号"  # demo: another party, investigating
FIRST = ["first_violation_minor"]


def choose(db, case, **kw):
    base = dict(act_on="2026-01-10", prior_punished=False, penalty_norm="", discretion_tier="",
                discretion_factors=[], discretion_reason="", fine_fen=0)
    base.update(kw)
    return save_penalty_choice(db, get_case(db, case.id), **base)


@pytest.fixture
def again(demo_db):
    """A new case (佛三市监立〔2026〕50号 of the audit) of the party penalised in ``EARLIER``."""
    earlier = find_case(demo_db, EARLIER)
    return create_case(demo_db, Case(
        case_number="佛三市监立〔2026〕50号", cause="涉嫌未经消费者同意向其发送商业性信息案", sector=earlier.sector,
        agency_id=earlier.agency_id, status="investigating", filed_on="2026-11-02", party_ids=list(earlier.party_ids),
        officer_ids=list(earlier.officer_ids), violations=["unsolicited_commercial_messages"]))


def test_first_violation_is_refused_when_the_case_records_prior_punishment(demo_db, english):
    case = find_case(demo_db, OTHER)
    with pytest.raises(ValidationError) as refused:
        choose(demo_db, case, discretion_tier="no_penalty", discretion_factors=FIRST, prior_punished=True)
    assert "discretion_factors" in refused.value.errors
    assert "punished before" in refused.value.errors["discretion_factors"]
    # not punished before: the first violation may go unpenalised
    assert choose(demo_db, case, discretion_tier="no_penalty", discretion_factors=FIRST).discretion_tier == "no_penalty"


def test_first_violation_is_warned_of_for_a_party_penalised_in_another_case(demo_db, again, english):
    # warned, not refused (round 50): the reading of 初次违法 (discretion.toml [first_violation]) is unconfirmed
    case = choose(demo_db, again, discretion_tier="no_penalty", discretion_factors=FIRST)
    message = case_law(demo_db, case).first_violation_warning
    assert EARLIER in message and "2026-04-14" in message
    # ticked beside another tier: the same warning
    case = choose(demo_db, again, discretion_tier="ordinary", discretion_factors=FIRST, discretion_reason="x")
    assert EARLIER in case_law(demo_db, case).first_violation_warning
    # another ground not to penalise stays open to it
    assert choose(demo_db, again, discretion_tier="no_penalty",
                  discretion_factors=["minor_corrected_no_harm"]).discretion_tier == "no_penalty"


def test_a_revoked_earlier_decision_does_not_count(demo_db, again, english):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    earlier = find_case(demo_db, EARLIER)
    case = choose(demo_db, again, discretion_tier="no_penalty", discretion_factors=FIRST)
    assert EARLIER in case_law(demo_db, case).first_violation_warning
    record_clock_event(demo_db, ClockEvent(case_id=earlier.id, kind="reconsideration", starts_on="2026-05-06"))
    record_clock_event(demo_db, ClockEvent(case_id=earlier.id, kind="challenge_revoked", starts_on="2026-06-20",
                                           approved_by="佛府复〔2026〕8号"))
    case = choose(demo_db, again, discretion_tier="no_penalty", discretion_factors=FIRST)
    assert case_law(demo_db, case).first_violation_warning == ""


def test_no_penalty_needs_a_circumstance_not_to_penalise(demo_db, english):
    case = find_case(demo_db, OTHER)
    with pytest.raises(ValidationError) as refused:
        choose(demo_db, case, discretion_tier="no_penalty")
    assert "discretion_factors" in refused.value.errors
    with pytest.raises(ValidationError):  # a lighter circumstance is no ground not to penalise
        choose(demo_db, case, discretion_tier="no_penalty", discretion_factors=["cooperated"])
    assert choose(demo_db, case, discretion_tier="no_penalty",
                  discretion_factors=["no_fault"]).discretion_tier == "no_penalty"
    # another ground a law gives (the 不予行政处罚决定书's 其他), written as the reason
    assert choose(demo_db, case, discretion_tier="no_penalty",
                  discretion_reason="依据《某法》第某条不予处罚").discretion_tier == "no_penalty"


def test_the_no_penalty_decision_on_first_violation_is_refused_for_a_party_penalised_before(demo_db, again,
                                                                                           english):
    from workstation.documents.stage_rules import stage_warnings

    values = {"ground": "首违不罚", "decided_on": "2026-11-25"}
    # another case of the party penalised: warned, not refused (round 50, the reading is unconfirmed)
    assert stage_refusal(demo_db, get_case(demo_db, again.id), "no_penalty_decision", values) is None
    assert any(EARLIER in w for w in stage_warnings(demo_db, get_case(demo_db, again.id), "no_penalty_decision",
                                                     values))
    assert stage_refusal(demo_db, get_case(demo_db, again.id), "no_penalty_decision",
                         {**values, "ground": "轻微不罚"}) is None
    case = find_case(demo_db, OTHER)
    assert stage_refusal(demo_db, case, "no_penalty_decision", values) is None
    case = update_case(demo_db, replace(get_case(demo_db, case.id), prior_punished=True))
    assert "punished before" in stage_refusal(demo_db, case, "no_penalty_decision", values)


def test_the_no_penalty_paragraph_says_no_penalty_is_imposed(demo_db):
    case = replace(find_case(demo_db, OTHER), discretion_tier="no_penalty", discretion_factors=FIRST)
    text = discretion_text(case)
    assert text.endswith("的情节，依法不予行政处罚。")
    assert "情形处罚" not in text


def test_a_penalty_is_not_notified_or_decided_while_the_tier_is_no_penalty(demo_db, english):
    case = choose(demo_db, find_case(demo_db, OTHER), discretion_tier="no_penalty", discretion_factors=FIRST)
    for form_id in ("penalty_decision", "pre_penalty_notice"):
        message = stage_refusal(demo_db, case, form_id, {"fine_fen": "500000", "decided_on": "2026-11-25",
                                                         "evidence": "1.询问笔录"})
        assert message and "不予行政处罚决定书" in message and "tier" in message


def test_the_violated_picker_ticks_every_provision_of_the_case(demo_db, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog, QListWidget, QWidget

    import ui.norm_picker as picker

    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)  # OK pressed at once
    case = find_case(demo_db, "佛禅市监立〔2026〕1号")  # collection and messages (佛三4's are calls: no 第三款)
    law = case_law(demo_db, case)
    assert "第三款" in law.violated_norms  # two violation types, articles grouped
    parent = QWidget()
    qtbot.addWidget(parent)
    text = picker.pick_norms(parent, demo_db, case, "law.violated")
    assert text == f"当事人的上述行为违反了{law.violated_norms}的规定。"
    listing = parent.picker.findChild(QListWidget, "picker_list")
    ticked = sum(listing.item(i).checkState().name == "Checked" for i in range(listing.count()))
    assert ticked == len(law.violated_duties)


def test_an_earlier_penalty_for_another_violation_does_not_bar_a_first_violation(demo_db, again, english):
    earlier = find_case(demo_db, EARLIER)
    other = next(v for v in ("illegal_provision_or_leak", "illegal_collection_or_use") if v not in earlier.violations)
    case = update_case(demo_db, replace(get_case(demo_db, again.id), violations=[other]))
    assert choose(demo_db, case, discretion_tier="no_penalty", discretion_factors=FIRST).discretion_tier == "no_penalty"
