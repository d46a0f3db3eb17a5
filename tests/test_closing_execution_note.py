"""The 结案审批表's 其他执行情况 written from what the case recorded after its decision (``execution.other``): the
deferral approved, the 催告书 served, the reconsideration and its outcome, the 复查 result and the application to
the court, one dated sentence a line in the order it happened; nothing recorded, nothing written."""

from __future__ import annotations

from tests.test_clock_challenges import outcome, served_case
from workstation.documents.drafts import find_form
from workstation.formkit.execution import execution_note
from workstation.formkit.values import case_context, default_values
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event


def test_a_case_without_any_step_after_its_decision_leaves_the_field_to_write(db, make_case):
    case = served_case(db, make_case)
    assert execution_note(db, case) is None
    assert not default_values(find_form("closing_approval"), case_context(db, case))["execution_note"]


def test_the_steps_recorded_after_the_decision_are_written_one_a_line_in_their_order(db, make_case):
    case = served_case(db, make_case)  # fined ¥50,000, served 06-01
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-05"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-10"))
    record_clock_event(db, outcome(case, "challenge_changed", "2026-08-03", days=2_000_000))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-08-10", ends_on="2026-10-10",
                                      approved_on="2026-08-10", approved_by="局长梁志强"))
    note = execution_note(db, get_case(db, case.id))
    assert note.split("\n") == [  # the publication is no part of the execution
        "2026年6月10日，当事人申请行政复议。",
        "2026年8月3日，经南府行复〔2026〕12号变更原处罚决定，罚款变更为¥20,000.00。",
        "2026年8月10日，经局长梁志强批准，当事人暂缓或者分期缴纳罚款，至2026年10月10日。",
    ]
    assert default_values(find_form("closing_approval"), case_context(db, get_case(db, case.id)))["execution_note"] \
        == note


def test_a_case_with_several_parties_names_the_party_of_each_of_its_own_steps(db, data_dir, make_case):
    from tests.test_multiparty12 import decided_case
    from tests.test_party_case10 import COMPANY, EMPLOYEE
    from workstation import procedure

    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", starts_on="2026-04-01", party_id=company))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_revoked", starts_on="2026-06-20",
                                      party_id=company, approved_by="（2026）粤0605行初3号"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-04-20", party_id=employee))
    assert execution_note(db, get_case(db, case.id)).split("\n") == [
        f"2026年4月1日，{COMPANY}提起行政诉讼。",
        f"2026年4月20日，向{EMPLOYEE}送达行政处罚决定履行催告书。",
        f"2026年6月20日，经（2026）粤0605行初3号撤销原处罚决定（{COMPANY}）。",
    ]


def test_the_re_inspection_of_an_order_to_correct_is_written_with_its_result(db, data_dir, make_case):
    from tests.test_rectification_checks import check, order

    case = make_case(status="investigating", filed_on="2026-03-02")
    document = order(db, data_dir, case)
    check(db, case, document, on="2026-03-26", result=2)
    assert execution_note(db, get_case(db, case.id)) == "2026年3月26日，经复查，当事人部分改正。"
