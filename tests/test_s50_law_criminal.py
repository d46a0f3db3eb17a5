"""Law (round 50): the criminal thresholds of 侵犯公民个人信息罪 (刑法 art. 253-1; 2017 interpretation arts. 5, 6;
REFERENCE §4.6) name the violation kinds that are the offence's acts (selling, providing, leaking or illegally
obtaining personal information: resources/law/criminal.toml); since session 61 (lawbasis 1) a case of unsolicited
commercial messages alone is weighed all the same — REFERENCE §4.6 sets no condition on the violation, the numbers
messaged may have been bought — and the officer is asked how its records were obtained. A case reaching them must
go to the police and comes back to a decision once the police declined it. 首违不罚 (Penalty Law
art. 33 para. 1): an earlier penalty counts only within the look-back window of discretion.toml, and since REFERENCE
defines no 初次违法 that reading is UNCONFIRMED: the officer is warned, not refused."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation import procedure
from workstation.documents.stage_rules import stage_refusal, stage_warnings
from workstation.law.case_law import case_law, save_penalty_choice
from workstation.law.criminal import assess_case
from workstation.law.data import load
from workstation.records import Case, ClockEvent
from workstation.store import create_case, find_case, get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

MESSAGES = ["unsolicited_commercial_messages"]
EARLIER = "佛三市监立〔2026〕1号"  # demo: 睿栢, closed, decided 2026-04-14 with a fine of ¥3,000
FIRST = ["first_violation_minor"]


def test_the_violation_kinds_the_thresholds_cover_are_data():
    kinds = load("criminal")["violations"]
    assert set(kinds) == {"illegal_provision_or_leak", "illegal_collection_or_use"}
    assert "unsolicited_commercial_messages" not in kinds


def test_unsolicited_messages_alone_reaching_the_thresholds_warn_without_a_transfer(db, make_case, english):
    # session 61: the records of such a case are weighed and the officer warned to check how they were obtained, but
    # nothing shows they were illegally obtained, so no transfer is suggested and the decision is not refused
    case = make_case(status="decision_pending", notice_waived=True, violations=MESSAGES, records_other=6000,
                     fine_fen=10_000_000)
    crime = assess_case(case)
    assert crime.serious_if_obtained and not crime.transfer_suggested and not crime.serious and not crime.covered
    assert "how the records were obtained" in " ".join(crime.steps)
    assert procedure.criminal_threshold_refusal(db, case, "decide_penalty") is None
    # prior punishment alone (art. 5 para. 1 item 9 needs the information obtained again) makes nothing serious
    case = update_case(db, replace(get_case(db, case.id), prior_punished=True, records_other=0))
    assert not assess_case(case, prior_punished=True).transfer_suggested
    assert procedure.criminal_threshold_refusal(db, case, "decide_penalty") is None
    # a letter to the police for it is warned that the case's violations are not the offence's
    warnings = stage_warnings(db, case, "police_transfer", {})
    assert any("not selling, providing or illegally obtaining" in w for w in warnings)


@pytest.mark.parametrize("violations", [["illegal_provision_or_leak"], ["illegal_collection_or_use"],
                                        MESSAGES + ["illegal_provision_or_leak"], []])
def test_provision_or_illegal_obtaining_still_must_go_to_the_police(db, make_case, english, violations):
    case = make_case(status="decision_pending", notice_waived=True, violations=violations, records_other=6000,
                     fine_fen=10_000_000)
    assert assess_case(case).transfer_suggested
    assert "must be transferred to the police" in procedure.criminal_threshold_refusal(db, case, "decide_penalty")


def test_the_refusal_is_lifted_once_the_police_declined_the_case(db, make_case, english):
    case = make_case(violations=["illegal_provision_or_leak"], records_other=6000, fine_fen=10_000_000)
    case = procedure.apply(db, case.id, "file", on_date="2026-03-10")
    assert procedure.criminal_threshold_refusal(db, case, "decide_penalty")
    case = procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-04-23"))
    case = procedure.apply(db, case.id, "resume_after_police", on_date="2026-04-27", reason="公安机关不予立案")
    assert procedure.criminal_threshold_refusal(db, get_case(db, case.id), "decide_penalty") is None


@pytest.fixture
def again(demo_db):
    """A new case of the party penalised in ``EARLIER``, for the same violation."""
    earlier = find_case(demo_db, EARLIER)
    return create_case(demo_db, Case(
        case_number="佛三市监立〔2026〕50号", cause="涉嫌未经消费者同意向其发送商业性信息案", sector=earlier.sector,
        agency_id=earlier.agency_id, status="investigating", filed_on="2026-11-02", party_ids=list(earlier.party_ids),
        officer_ids=list(earlier.officer_ids), violations=list(earlier.violations) or MESSAGES))


def choose(db, case, **kw):
    base = dict(act_on="2026-10-10", prior_punished=False, penalty_norm="", discretion_tier="no_penalty",
                discretion_factors=FIRST, discretion_reason="", fine_fen=0)
    base.update(kw)
    return save_penalty_choice(db, get_case(db, case.id), **base)


def test_the_first_violation_window_is_data_and_marked_unconfirmed():
    rule = load("discretion")["first_violation"]
    assert rule["years"] > 0 and rule["unconfirmed"] and rule["refuse"] is False


def test_a_penalty_long_ago_says_nothing_against_a_first_violation(demo_db, again, english):
    # the audit's case: the same violation penalised on 2018-03-01 (set as a register imports it, dates unchecked)
    demo_db.execute("UPDATE cases SET decided_on = '2018-03-01' WHERE case_number = ?", [EARLIER])
    case = choose(demo_db, again)
    assert case.discretion_tier == "no_penalty"
    assert case_law(demo_db, case).first_violation_warning == ""
    values = {"ground": "首违不罚", "decided_on": "2026-11-25"}
    assert stage_refusal(demo_db, case, "no_penalty_decision", values) is None
    assert not any(EARLIER in w for w in stage_warnings(demo_db, case, "no_penalty_decision", values))


def test_a_penalty_within_the_window_is_warned_of_not_refused(demo_db, again, english):
    case = choose(demo_db, again)  # accepted: the reading of 初次违法 is unconfirmed
    assert case.discretion_tier == "no_penalty"
    warning = case_law(demo_db, case).first_violation_warning
    assert EARLIER in warning and "2026-04-14" in warning and "unconfirmed" in warning.lower()
    values = {"ground": "首违不罚", "decided_on": "2026-11-25"}
    assert stage_refusal(demo_db, case, "no_penalty_decision", values) is None
    assert any(EARLIER in w for w in stage_warnings(demo_db, case, "no_penalty_decision", values))


def test_punished_before_recorded_on_the_case_is_still_refused(demo_db, again, english):
    from workstation.errors import ValidationError

    with pytest.raises(ValidationError) as refused:
        choose(demo_db, again, prior_punished=True)
    assert "punished before" in refused.value.errors["discretion_factors"]
