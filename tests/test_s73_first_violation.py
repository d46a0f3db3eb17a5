"""首违不罚 (Penalty Law art. 33 para. 1; REFERENCE §1.6, §5) in a multi-party earlier case (session 73): what was
decided against the same party counts, not the whole earlier case. An earlier case fining only the employee (the
company spared) does not tell the company's new case it was penalised before; the employee's new case is told, naming
the earlier case and the employee's own fine, not the company's; the employee's decision revoked on its
reconsideration no longer counts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_multiparty_closeguard import spare
from tests.test_party_case10 import FACTS, decide, notice, with_employee
from workstation import procedure
from workstation.documents.stage_rules import stage_warnings
from workstation.law.case_law import case_law, earlier_penalty, save_penalty_choice
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

FIRST = ["first_violation_minor"]
VIOLATION = ["unsolicited_commercial_messages"]
GROUND = {"ground": "首违不罚", "decided_on": "2026-07-01"}


def choose(db, case):
    return save_penalty_choice(db, get_case(db, case.id), act_on=None, prior_punished=False, penalty_norm="",
                               discretion_tier="no_penalty", discretion_factors=FIRST, discretion_reason="",
                               fine_fen=0)


def earlier_case(db, data_dir, make_case, company_fine=None):
    """An earlier case of the company and its employee decided on 2026-03-10: the employee fined ¥5,000.00 (no warning);
    the company spared (不予行政处罚决定书), or, with ``company_fine``, fined that too. (case, company, employee)."""
    earlier, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                             review_on="2026-02-27", facts=FACTS,
                                                             violations=VIOLATION))
    notice(db, data_dir, earlier, company, fine_fen=company_fine or "0", warning=not company_fine,
           hearing_required=False)  # a warning proposed, then spared
    notice(db, data_dir, earlier, employee, fine_fen="5000", warning=False, hearing_required=False)
    procedure.apply(db, earlier.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, earlier.id, "end_statement_period", on_date="2026-03-10")
    decide(db, data_dir, earlier, employee, fine_fen="5000", warning=False, decided_on="2026-03-10")
    procedure.apply(db, earlier.id, "decide_penalty", on_date="2026-03-10")
    if company_fine:
        decide(db, data_dir, earlier, company, fine_fen=company_fine, warning=False, decided_on="2026-03-10")
    else:
        spare(db, data_dir, earlier, company, "2026-03-10")
    return get_case(db, earlier.id), company, employee


def new_case(db, make_case, party_id):
    case = make_case(status="investigating", filed_on="2026-06-01", facts=FACTS, violations=VIOLATION)
    return update_case(db, replace(get_case(db, case.id), party_ids=[party_id]))


def told(db, case) -> list[str]:
    """What the officer is told on 首违不罚: on the penalty choice (the case's page) and when issuing the
    不予行政处罚决定书 on that ground (the window and ``docs issue`` print these warnings)."""
    case = choose(db, case)
    shown = case_law(db, case).first_violation_warning
    issued = [w for w in stage_warnings(db, get_case(db, case.id), "no_penalty_decision",
                                        {**GROUND, "party_id": case.party_ids[0]}) if "首违不罚" in w]
    return [shown, *issued] if shown else issued


def test_a_co_partys_fine_in_an_earlier_case_does_not_count_against_this_party(db, data_dir, make_case, english):
    earlier, company, employee = earlier_case(db, data_dir, make_case)
    assert told(db, new_case(db, make_case, company)) == []
    assert earlier_penalty(db, new_case(db, make_case, company)) is None


def test_the_fined_party_is_told_naming_the_earlier_case_and_its_fine(db, data_dir, make_case, english):
    earlier, company, employee = earlier_case(db, data_dir, make_case)
    messages = told(db, new_case(db, make_case, employee))
    assert len(messages) == 2
    for message in messages:
        assert earlier.case_number in message and "2026-03-10" in message and "fine ¥5,000.00" in message


def test_the_fined_party_is_told_in_chinese(db, data_dir, make_case, chinese):
    earlier, company, employee = earlier_case(db, data_dir, make_case)
    message = told(db, new_case(db, make_case, employee))[0]
    assert earlier.case_number in message and "¥5,000.00" in message


def test_only_the_partys_own_fine_is_named_when_both_were_fined(db, data_dir, make_case, english):
    earlier, company, employee = earlier_case(db, data_dir, make_case, company_fine="15000")
    message = told(db, new_case(db, make_case, employee))[0]
    assert earlier.case_number in message and "(fine ¥5,000.00)" in message and "20,000.00" not in message
    message = told(db, new_case(db, make_case, company))[0]
    assert earlier.case_number in message and "(fine ¥15,000.00)" in message


def test_the_partys_revoked_decision_no_longer_counts(db, data_dir, make_case, english):
    earlier, company, employee = earlier_case(db, data_dir, make_case, company_fine="15000")
    procedure.apply(db, earlier.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    record_clock_event(db, ClockEvent(case_id=earlier.id, kind="reconsideration", starts_on="2026-04-20",
                                      party_id=employee))
    record_clock_event(db, ClockEvent(case_id=earlier.id, kind="challenge_revoked", starts_on="2026-05-20",
                                      approved_by="南府复〔2026〕8号", party_id=employee))
    assert told(db, new_case(db, make_case, employee)) == []
    # the company's own decision stands
    message = told(db, new_case(db, make_case, company))[0]
    assert earlier.case_number in message and "(fine ¥15,000.00)" in message


def test_the_partys_fine_changed_on_reconsideration_is_named_as_changed(db, data_dir, make_case, english):
    earlier, company, employee = earlier_case(db, data_dir, make_case, company_fine="15000")
    procedure.apply(db, earlier.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    record_clock_event(db, ClockEvent(case_id=earlier.id, kind="reconsideration", starts_on="2026-04-20",
                                      party_id=employee))
    record_clock_event(db, ClockEvent(case_id=earlier.id, kind="challenge_changed", starts_on="2026-05-20",
                                      approved_by="南府复〔2026〕9号", party_id=employee, days=200_000))
    message = told(db, new_case(db, make_case, employee))[0]
    assert earlier.case_number in message and "(fine ¥2,000.00)" in message
    assert "(fine ¥15,000.00)" in told(db, new_case(db, make_case, company))[0]


def test_a_case_decided_outside_and_revoked_for_the_whole_case_no_longer_counts(db, make_case, english):
    """A case of the party decided outside the workstation (its fine recorded on the case, no 行政处罚决定书 here)
    counts, named; once its decision is revoked on reconsideration with no new decision, it does not."""
    earlier = make_case(status="served", filed_on="2026-02-20", decided_on="2026-03-10", served_on="2026-03-12",
                        fine_fen=500_000, facts=FACTS, violations=VIOLATION)
    again = make_case(status="investigating", filed_on="2026-06-01", facts=FACTS, violations=VIOLATION)
    messages = told(db, again)
    assert messages and earlier.case_number in messages[0] and "(fine ¥5,000.00)" in messages[0]
    record_clock_event(db, ClockEvent(case_id=earlier.id, kind="reconsideration", starts_on="2026-04-20"))
    record_clock_event(db, ClockEvent(case_id=earlier.id, kind="challenge_redo", starts_on="2026-05-20",
                                      approved_by="南府复〔2026〕10号"))
    assert told(db, again) == []


def test_the_refusal_counts_the_partys_own_penalty_only(db, data_dir, make_case, english, monkeypatch):
    from workstation.errors import ValidationError
    from workstation.law import case_law as module

    real = module.load

    def refusing(name):
        data = real(name)
        return data if name != "discretion" else {**data, "first_violation": {**data["first_violation"],
                                                                              "refuse": True}}

    monkeypatch.setattr(module, "load", refusing)
    earlier, company, employee = earlier_case(db, data_dir, make_case)
    assert choose(db, new_case(db, make_case, company)).discretion_tier == "no_penalty"
    own = new_case(db, make_case, employee)
    with pytest.raises(ValidationError) as refused:
        choose(db, own)
    message = refused.value.errors["discretion_factors"]
    assert earlier.case_number in message and "fine ¥5,000.00" in message and "does not apply" in message
    assert get_case(db, own.id).discretion_tier == ""


def whole_case_changed(db, data_dir, make_case):
    """An earlier case of the company and its employee whose whole fine was changed (变更) on reconsideration to
    ¥2,000.00 (an outcome naming no party) while only the employee's ¥5,000.00 decision was issued, the company's
    ¥15,000.00 decision issued after it. (case, company, employee)."""
    earlier, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                             review_on="2026-02-27", facts=FACTS,
                                                             violations=VIOLATION))
    notice(db, data_dir, earlier, company, fine_fen="15000", warning=False, hearing_required=False)
    notice(db, data_dir, earlier, employee, fine_fen="5000", warning=False, hearing_required=False)
    procedure.apply(db, earlier.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, earlier.id, "end_statement_period", on_date="2026-03-10")
    decide(db, data_dir, earlier, employee, fine_fen="5000", warning=False, decided_on="2026-03-10")
    procedure.apply(db, earlier.id, "decide_penalty", on_date="2026-03-10")
    procedure.apply(db, earlier.id, "serve_decision", on_date="2026-03-12", party_ids=(employee,))
    record_clock_event(db, ClockEvent(case_id=earlier.id, kind="reconsideration", starts_on="2026-04-20"))
    record_clock_event(db, ClockEvent(case_id=earlier.id, kind="challenge_changed", starts_on="2026-05-20",
                                      approved_by="南府复〔2026〕11号", days=200_000))
    decide(db, data_dir, earlier, company, fine_fen="15000", warning=False, decided_on="2026-03-10")
    return get_case(db, earlier.id), company, employee


def test_a_whole_case_fine_change_is_not_charged_to_each_party(db, data_dir, make_case, english):
    """In an earlier case with two parties, a change of the whole case's fine is not either party's own fine: each
    party is told of its own fine as decided, not the case's new total."""
    earlier, company, employee = whole_case_changed(db, data_dir, make_case)
    message = told(db, new_case(db, make_case, employee))[0]
    assert earlier.case_number in message and "(fine ¥5,000.00)" in message and "2,000.00" not in message
    message = told(db, new_case(db, make_case, company))[0]
    assert earlier.case_number in message and "(fine ¥15,000.00)" in message and "2,000.00" not in message


def test_a_whole_case_fine_change_counts_once_when_every_party_is_asked(db, data_dir, make_case, english):
    """Asked for both parties of the earlier case, its whole fine as changed counts, once."""
    earlier, company, employee = whole_case_changed(db, data_dir, make_case)
    case = make_case(status="investigating", filed_on="2026-06-01", facts=FACTS, violations=VIOLATION)
    case = update_case(db, replace(get_case(db, case.id), party_ids=[company, employee]))
    found = earlier_penalty(db, case)
    assert found is not None and found.case_number == earlier.case_number and found.fine_fen == 200_000


def test_a_partys_own_change_stands_beside_a_whole_case_change(db, data_dir, make_case, english):
    earlier, company, employee = whole_case_changed(db, data_dir, make_case)
    record_clock_event(db, ClockEvent(case_id=earlier.id, kind="reconsideration", starts_on="2026-05-25",
                                      party_id=employee))
    record_clock_event(db, ClockEvent(case_id=earlier.id, kind="challenge_changed", starts_on="2026-06-10",
                                      approved_by="南府复〔2026〕12号", party_id=employee, days=100_000))
    message = told(db, new_case(db, make_case, employee))[0]
    assert "(fine ¥1,000.00)" in message
    assert "(fine ¥15,000.00)" in told(db, new_case(db, make_case, company))[0]
