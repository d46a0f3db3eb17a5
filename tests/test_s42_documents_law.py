"""Documents and law (round 42): a seal-up or seizure is extended once, from the day its measure ends; a notice or
decision confiscating gains at the criminal threshold is refused as the case recording them is; a reduced penalty
(减轻) rests on a lighter circumstance whatever its amount; the 告知书 and 决定书 are told when the tier their 裁量理由
states is not the one their fine lies in."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import program_day
from tests.test_doc_stage_rules import allowed, refusal
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.documents.stage_rules import stage_refusal, stage_warnings
from workstation.errors import ValidationError
from workstation.law import discretion
from workstation.law.case_law import save_penalty_choice
from workstation.store import find_case, get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

MEASURED = "佛三市监立〔2026〕6号"  # demo case awaiting its notice, filed 2026-09-23
MEASURE = {"decided_on": "2026-10-01", "legal_basis": "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项",
           "items": "1 | 台式计算机 | 戴尔 | 1台 | 主机"}
FACTS = "当事人未经消费者同意，通过外呼平台向消费者拨打楼盘推销电话。"


@pytest.fixture
def measure(demo_db, data_dir, monkeypatch):
    """The 文号 of a 实施行政强制措施决定书 decided 2026-10-01 with no 期限届满日期 (it ends 2026-10-31)."""
    program_day(monkeypatch, "2026-12-04")
    case = find_case(demo_db, MEASURED)
    return issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"), MEASURE).number


def extend(db, data_dir, **values):
    return issue_document(db, data_dir, find_case(db, MEASURED), find_form("compulsory_measure_extension"), values)


def test_a_measure_is_extended_once_unless_the_extension_is_voided_or_corrected(demo_db, data_dir, measure, english):
    first = extend(demo_db, data_dir, decided_on="2026-10-20", extended_until="2026-11-30")
    second = {"decided_on": "2026-10-25", "original_until": "2026-10-31", "extended_until": "2026-11-20"}
    message = refusal(demo_db, find_case(demo_db, MEASURED), "compulsory_measure_extension", **second)
    assert f"already extended, to 2026-11-30, by the 延长行政强制措施期限决定书 {first.number}" in message
    assert measure in message and "extended once" in message
    # the correction of the extension replaces it, and once voided it no longer counts
    from workstation.documents.issuing import check_issue

    check_issue(demo_db, find_case(demo_db, MEASURED), find_form("compulsory_measure_extension"), second,
                supersedes=first.id)
    void_document(demo_db, first.id, "期限写错")
    allowed(demo_db, find_case(demo_db, MEASURED), "compulsory_measure_extension", **second)


def test_the_second_extension_of_the_audit_is_refused(demo_db, data_dir, measure, english):
    extend(demo_db, data_dir, decided_on="2026-10-20", extended_until="2026-11-30")
    message = refusal(demo_db, find_case(demo_db, MEASURED), "compulsory_measure_extension", decided_on="2026-11-25",
                      original_until="2026-11-30", extended_until="2026-12-30")
    assert "extended once" in message


def test_the_original_end_is_the_end_of_the_measure_issued(demo_db, data_dir, measure, english):
    case = find_case(demo_db, MEASURED)
    message = refusal(demo_db, case, "compulsory_measure_extension", decided_on="2026-11-20",
                      original_until="2026-12-31", extended_until="2027-01-30")
    assert "The 原期限届满日期 (2026-12-31) is not the day the measure" in message
    assert measure in message and "Write 2026-10-31 as the 原期限届满日期" in message
    # written as it ends, the extension decided after that end is refused as before
    message = refusal(demo_db, case, "compulsory_measure_extension", decided_on="2026-11-20",
                      original_until="2026-10-31", extended_until="2026-11-30")
    assert "决定日期 (2026-11-20) is after the original period of the measure ended (2026-10-31)" in message
    # left empty, the measure's own end is the one the decision date is held to
    assert "2026-10-31" in refusal(demo_db, case, "compulsory_measure_extension", decided_on="2026-11-20",
                                   original_until="", extended_until="2026-11-30")
    allowed(demo_db, case, "compulsory_measure_extension", decided_on="2026-10-20", original_until="2026-10-31",
            extended_until="2026-11-30")


def test_the_days_of_testing_push_the_original_end(demo_db, data_dir, measure, english):
    from workstation.records import ClockEvent

    case = find_case(demo_db, MEASURED)
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-10-10",
                                           ends_on="2026-10-19"))
    assert "Write 2026-11-10 as the 原期限届满日期" in refusal(
        demo_db, case, "compulsory_measure_extension", decided_on="2026-10-20", original_until="2026-10-31",
        extended_until="2026-11-30")
    allowed(demo_db, case, "compulsory_measure_extension", decided_on="2026-11-05", original_until="2026-11-10",
            extended_until="2026-12-10")
    # the extension's form offers that end itself: its default is not the one refused
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import case_context, default_values

    offered = default_values(find_form("compulsory_measure_extension"), case_context(demo_db, case))
    assert offered["original_until"] == "2026-11-10"


# ---- the criminal threshold of the gains a document confiscates ----------------------------------------------

@pytest.fixture
def leaking(db, make_case):
    """A case of personal information provided unlawfully, recording no gains, awaiting its notice."""
    return make_case(status="under_review", lead_received_on="2026-02-20", filed_on="2026-03-02",
                     review_on="2026-03-25", act_on="2026-02-10", violations=["illegal_provision_or_leak"], facts=FACTS)


NOTICE = {"confiscated_fen": "6000", "fine_fen": "10000", "notified_on": "2026-04-01"}  # yuan, as typed


def test_a_notice_confiscating_gains_at_the_threshold_is_refused_as_the_case_recording_them(db, leaking, english):
    message = refusal(db, leaking, "pre_penalty_notice", **NOTICE)
    assert "Illegal gains ¥6,000.00 ≥ ¥5,000.00" in message and "transferred to the police" in message
    recorded = update_case(db, replace(get_case(db, leaking.id), illegal_gains_fen=600000))
    assert refusal(db, recorded, "pre_penalty_notice", **NOTICE) == message


def test_a_decision_confiscating_gains_at_the_threshold_is_refused(db, leaking, english):
    values = {"confiscated_fen": 600000, "fine_fen": 1000000, "evidence": "询问笔录"}  # checked: in fen
    message = stage_refusal(db, leaking, "penalty_decision", values)
    assert "Illegal gains ¥6,000.00 ≥ ¥5,000.00" in message and "transferred to the police" in message
    assert stage_refusal(db, leaking, "penalty_decision", {**values, "confiscated_fen": 400000}) is None


# ---- 减轻 -----------------------------------------------------------------------------------------------------

CHOICE = {"act_on": None, "prior_punished": False, "penalty_norm": ""}


@pytest.fixture
def decided(db, make_case):
    """A Nanhai case about unsolicited messages, decided, illegal gains ¥4,000."""
    case = make_case(lead_received_on="2026-02-10", violations=["unsolicited_commercial_messages"], facts=FACTS,
                     illegal_gains_fen=400000)
    return update_case(db, replace(get_case(db, case.id), status="penalty_decided", filed_on="2026-02-13",
                                   notice_served_on="2026-03-20", decided_on="2026-04-13"), allow_status_change=True)


def test_a_reduced_penalty_needs_a_lighter_circumstance_whatever_its_amount(db, decided, english):
    with pytest.raises(ValidationError) as refused:
        save_penalty_choice(db, decided, **CHOICE, discretion_tier="reduced", discretion_factors=[],
                            discretion_reason="酌情", fine_fen=500000)
    assert set(refused.value.errors) == {"discretion_factors"}
    assert "A reduced penalty (减轻) needs a circumstance" in refused.value.errors["discretion_factors"]
    assert get_case(db, decided.id).discretion_tier == ""
    with pytest.raises(ValidationError) as refused:
        discretion.check(600_000, 500_000, 5_000_000, "reduced", "酌情")
    assert set(refused.value.errors) == {"discretion_factors"}
    assert discretion.check(100_000, 500_000, 5_000_000, "reduced", factors=["eliminated_harm"]).tier_of_amount \
        == "reduced"


def test_a_reduced_tier_without_a_circumstance_does_not_lift_the_minimum(db, decided, english):
    from workstation.penalty_terms import minimum_refusal

    case = get_case(db, decided.id)
    values = {"fine_fen": 100000}
    lifted = replace(case, discretion_tier="reduced", discretion_factors=["eliminated_harm"])
    assert minimum_refusal(db, lifted, values) is None
    bare = replace(case, discretion_tier="reduced", discretion_factors=[])
    assert "below the minimum" in minimum_refusal(db, bare, values)


# ---- the tier the 告知书 and 决定书 state -----------------------------------------------------------------------

@pytest.mark.parametrize("form_id", ["pre_penalty_notice", "penalty_decision"])
def test_the_notice_and_decision_are_told_a_fine_outside_the_tier_they_state(db, make_case, form_id, english):
    case = make_case(status="investigating", lead_received_on="2026-02-20", filed_on="2026-03-02",
                     violations=["unsolicited_commercial_messages"], facts=FACTS)  # ¥0 – ¥500,000
    values = {"fine_fen": 40_000_000, "discretion": "当事人具有初次违法的情节，依法从轻处罚。"}
    warnings = stage_warnings(db, case, form_id, values)
    assert any("The 裁量理由 states a 从轻 penalty, but the fine of ¥400,000.00 lies in the 从重 band" in w
               for w in warnings), warnings
    fitting = stage_warnings(db, case, form_id, {**values, "fine_fen": 5_000_000})
    assert not any("The 裁量理由 states" in w for w in fitting)
