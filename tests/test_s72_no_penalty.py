"""不予处罚 paths (session 72 audit, no_penalty_paths):

1. An earlier case of the same party decided with a warning alone (kept in its 行政处罚决定书, not in the case's
   amounts) counts against 首违不罚 as a fine does, named as 警告, on the case's penalty choice and on the
   不予行政处罚决定书; a warning revoked on reconsideration does not count, as a revoked fine does not.
2. A fine below the minimum of the penalty basis is refused where the penalty choice is saved with no tier chosen,
   and where a decision written outside the workstation is recorded with it (作出行政处罚决定), unless the penalty is
   reduced (减轻) for a lighter circumstance (``penalty_terms.minimum_refusal``)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_party_case10 import FACTS, SERVED
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.documents.stage_rules import stage_refusal, stage_warnings
from workstation.errors import TransitionRefused, ValidationError
from workstation.law import case_law as case_law_module
from workstation.law.case_law import case_law, save_penalty_choice
from workstation.store import get_case
from workstation.store.cases import update_case

FIRST = ["first_violation_minor"]
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}
VIOLATION = ["unsolicited_commercial_messages"]


def choose(db, case, **kw):
    base = dict(act_on=None, prior_punished=False, penalty_norm="", discretion_tier="", discretion_factors=[],
                discretion_reason="", fine_fen=0)
    base.update(kw)
    return save_penalty_choice(db, get_case(db, case.id), **base)


@pytest.fixture
def warned(db, data_dir, make_case):
    """A case of the party decided on 2026-04-01 with a warning alone, its 行政处罚决定书 issued (no fine on the case)."""
    case = make_case(status="performed", filed_on="2026-03-02", notice_served_on="2026-03-16",
                     decided_on="2026-04-01", served_on="2026-04-02", facts=FACTS, violations=VIOLATION)
    issued = issue_document(db, data_dir, case, find_form("penalty_decision"),
                            {**ADDRESS, "warning": True, "fine_fen": "0"})
    assert issued.values.get("warning") and not int(issued.values.get("fine_fen") or 0)
    assert get_case(db, case.id).fine_fen == 0
    return get_case(db, case.id)


@pytest.fixture
def again(make_case):
    """A new case of the same party, under investigation."""
    return make_case(status="investigating", filed_on="2026-06-01", facts=FACTS, violations=VIOLATION)


# ---- 1. an earlier warning ------------------------------------------------------------------------------------------

def test_an_earlier_warning_alone_is_warned_of_when_first_violation_is_chosen(db, warned, again, english):
    case = choose(db, again, discretion_tier="no_penalty", discretion_factors=FIRST)
    message = case_law(db, case).first_violation_warning
    assert warned.case_number in message and "2026-04-01" in message
    assert "(warning)" in message


def test_the_earlier_warning_is_named_in_chinese(db, warned, again, chinese):
    case = choose(db, again, discretion_tier="no_penalty", discretion_factors=FIRST)
    message = case_law(db, case).first_violation_warning
    assert f"{warned.case_number}，2026-04-01作出决定，警告）" in message


def test_an_earlier_warning_refuses_first_violation_when_the_data_says_so(db, warned, again, english, monkeypatch):
    real = case_law_module.load

    def refusing(name):
        data = real(name)
        if name != "discretion":
            return data
        return {**data, "first_violation": {**data["first_violation"], "refuse": True}}

    monkeypatch.setattr(case_law_module, "load", refusing)
    with pytest.raises(ValidationError) as refused:
        choose(db, again, discretion_tier="no_penalty", discretion_factors=FIRST)
    message = refused.value.errors["discretion_factors"]
    assert warned.case_number in message and "(warning)" in message and "does not apply" in message
    assert get_case(db, again.id).discretion_tier == ""


def test_the_no_penalty_decision_on_first_violation_is_warned_of_an_earlier_warning(db, warned, again, english):
    values = {"ground": "首违不罚", "decided_on": "2026-07-01"}
    case = get_case(db, again.id)
    assert stage_refusal(db, case, "no_penalty_decision", values) is None
    told = [w for w in stage_warnings(db, case, "no_penalty_decision", values) if warned.case_number in w]
    assert told and "(warning)" in told[0]


def test_a_revoked_earlier_warning_does_not_count(db, warned, again, english):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case = choose(db, again, discretion_tier="no_penalty", discretion_factors=FIRST)
    assert warned.case_number in case_law(db, case).first_violation_warning
    record_clock_event(db, ClockEvent(case_id=warned.id, kind="reconsideration", starts_on="2026-04-20"))
    record_clock_event(db, ClockEvent(case_id=warned.id, kind="challenge_revoked", starts_on="2026-05-20",
                                      approved_by="南府复〔2026〕8号"))
    case = choose(db, again, discretion_tier="no_penalty", discretion_factors=FIRST)
    assert case_law(db, case).first_violation_warning == ""


def test_a_voided_warning_decision_does_not_count(db, warned, again, english):
    from workstation.documents.issuing import void_document

    case = choose(db, again, discretion_tier="no_penalty", discretion_factors=FIRST)
    assert warned.case_number in case_law(db, case).first_violation_warning
    document = db.execute("SELECT id FROM documents WHERE case_id = ? AND form_id = 'penalty_decision'",
                          [warned.id]).fetchone()[0]
    void_document(db, document, "填写错误")
    case = choose(db, again, discretion_tier="no_penalty", discretion_factors=FIRST)
    assert case_law(db, case).first_violation_warning == ""


# ---- 2. a fine below the minimum with no tier -----------------------------------------------------------------------

def _awaiting(make_case, **fields):
    return make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on=SERVED, notice_waived=True,
                     facts=FACTS, violations=VIOLATION, illegal_gains_fen=120_000, **fields)


def test_a_fine_below_the_minimum_with_no_tier_is_refused_where_it_is_chosen(db, make_case, english):
    case = _awaiting(make_case)
    minimum = case_law(db, case).penalty.range.min_fen
    assert minimum > 100
    with pytest.raises(ValidationError) as refused:
        choose(db, case, fine_fen=minimum - 100)
    message = refused.value.errors["discretion_tier"]
    assert "is below the minimum of" in message and "减轻" in message
    assert get_case(db, case.id).fine_fen == 0  # nothing stored
    # at the minimum, or reduced for a lighter circumstance: stored
    assert choose(db, case, fine_fen=minimum).fine_fen == minimum
    with pytest.raises(ValidationError):  # 减轻 without a lighter circumstance reduces nothing
        choose(db, case, discretion_tier="reduced", fine_fen=minimum - 100)
    reduced = choose(db, case, discretion_tier="reduced", discretion_factors=["cooperated"], fine_fen=minimum - 100)
    assert reduced.fine_fen == minimum - 100
    # no fine chosen yet: nothing to hold to the minimum
    assert choose(db, case, fine_fen=0).fine_fen == 0


def test_a_decision_recorded_on_paper_with_a_fine_below_the_minimum_is_refused(db, make_case, english):
    case = _awaiting(make_case)
    minimum = case_law(db, case).penalty.range.min_fen
    case = update_case(db, replace(get_case(db, case.id), fine_fen=minimum - 100))  # typed under Edit case…
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10")
    assert "is below the minimum of" in str(refused.value)
    assert get_case(db, case.id).status == "decision_pending"
    # reduced for a lighter circumstance: recorded
    choose(db, case, discretion_tier="reduced", discretion_factors=["cooperated"], fine_fen=minimum - 100)
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10").status == "penalty_decided"


# ---- the final read: a decided case imported with a reduced fine; a co-party's penalty ------------------------------

def test_a_decided_case_imported_with_a_fine_below_the_minimum_keeps_its_penalty_choice(db, make_case, english):
    """A register imports a decided (已决定) row with a reduced fine, only warning of it: the case's penalty choice is
    still saved (a prior punishment, an act date), the fine decided not held to the minimum again."""
    case = make_case(status="penalty_decided", filed_on="2026-02-20", notice_served_on=SERVED, decided_on="2026-03-10",
                     facts=FACTS, violations=VIOLATION, illegal_gains_fen=120_000)
    minimum = case_law(db, case).penalty.range.min_fen
    case = update_case(db, replace(get_case(db, case.id), fine_fen=minimum - 100))  # as the register imported it
    saved = choose(db, case, prior_punished=True, act_on="2026-02-10", fine_fen=minimum - 100)
    assert (saved.prior_punished, saved.act_on, saved.fine_fen) == (True, "2026-02-10", minimum - 100)
    # while the fine is only proposed, it is still refused
    proposed = _awaiting(make_case)
    with pytest.raises(ValidationError):
        choose(db, proposed, fine_fen=minimum - 100)


def test_a_co_partys_warning_in_an_earlier_case_does_not_count_against_this_party(db, data_dir, make_case, again,
                                                                                   english):
    """The earlier case warned the employee and decided not to penalise the company: the company's new case is not
    told it was penalised before."""
    from tests.test_multiparty_closeguard import spare
    from tests.test_party_case10 import decide, notice, with_employee

    earlier, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                             review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, earlier, company, fine_fen="0", hearing_required=False)
    notice(db, data_dir, earlier, employee, fine_fen="0", hearing_required=False)
    procedure.apply(db, earlier.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, earlier.id, "end_statement_period", on_date="2026-03-10")
    decide(db, data_dir, earlier, employee, fine_fen="0", warning=True, decided_on="2026-03-10")
    procedure.apply(db, earlier.id, "decide_penalty", on_date="2026-03-10")
    spare(db, data_dir, earlier, company, "2026-03-10")
    assert get_case(db, again.id).party_ids == [company]
    case = choose(db, again, discretion_tier="no_penalty", discretion_factors=FIRST)
    assert case_law(db, case).first_violation_warning == ""
    # the employee's own new case is told of its warning
    own = make_case(status="investigating", filed_on="2026-06-01", facts=FACTS, violations=VIOLATION)
    own = update_case(db, replace(get_case(db, own.id), party_ids=[employee]))
    case = choose(db, own, discretion_tier="no_penalty", discretion_factors=FIRST)
    message = case_law(db, case).first_violation_warning
    assert get_case(db, earlier.id).case_number in message and "(warning)" in message
