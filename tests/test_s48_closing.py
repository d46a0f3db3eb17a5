"""Closing found wrong by the closing audit: a case closed 移送司法 with nothing decided printing the fine proposed and
a payment never made on its 结案审批表; a case reopened after it was closed as the police's closed again with only
the old 移送司法 sheet in force, without a word; a part payment's voucher and day missing from the sheet; and the
refusal to take up a case closed as the bureau's own after an answered withdrawal saying no withdrawal is recorded."""

import pytest

from workstation import closing, procedure
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.payments import Payment
from workstation.records import ClockEvent
from workstation.store import get_case, update_case
from workstation.store.clock_events import record_clock_event


def record(db, case, kind, on):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on))


def steps(db, case, *named):
    for step, day, *reason in named:
        case = procedure.apply(db, case.id, step, on_date=day, **({"reason": reason[0]} if reason else {}))
    return case


def sheet(db, case) -> dict:
    return draft_values(db, get_case(db, case.id), find_form("closing_approval"))[0]


@pytest.fixture
def transferred(db, make_case):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    return procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")


def test_a_case_taken_back_and_opened_by_the_police_prints_no_fine_nor_payment(db, transferred, english):
    from dataclasses import replace

    record(db, transferred, "police_refused", "2026-04-22")
    procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-04-23", reason="公安机关不予立案")
    record(db, transferred, "police_review_requested", "2026-04-23")
    update_case(db, replace(get_case(db, transferred.id), fine_fen=3_000_000))
    # no pre-penalty notice while the request is pending (session 68: the police may still open the case)
    case = steps(db, transferred, ("conclude_investigation", "2026-04-24"), ("submit_review", "2026-04-25"))
    record(db, case, "police_filed", "2026-04-28")
    case = procedure.apply(db, case.id, "close", on_date="2026-04-29")
    values = sheet(db, case)
    assert values["ground"] == "移送司法"
    assert not values.get("fine_fen") and not values.get("paid_fen") and not values.get("decided_on")
    check_issue(db, get_case(db, case.id), find_form("closing_approval"), {})  # as prefilled: issued
    with pytest.raises(WorkstationError, match="No decision is recorded"):
        check_issue(db, get_case(db, case.id), find_form("closing_approval"), {"fine_fen": "30000"})
    with pytest.raises(WorkstationError, match="No decision is recorded"):
        check_issue(db, get_case(db, case.id), find_form("closing_approval"), {"paid_fen": "30000"})


def test_a_case_transferred_while_awaiting_its_decision_prints_no_fine(db, make_case):
    case = make_case(status="decision_pending", filed_on="2026-03-10", fine_fen=3_000_000)
    case = procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")
    record(db, case, "police_filed", "2026-04-23")
    case = procedure.apply(db, case.id, "close", on_date="2026-04-25")
    values = sheet(db, case)
    assert values["ground"] == "移送司法"
    assert not values.get("fine_fen") and not values.get("paid_fen")


def test_a_case_decided_outside_the_workstation_still_prints_its_fine(db, make_case):
    case = make_case(status="served", filed_on="2026-03-02", decided_on="2026-04-01", served_on="2026-04-02",
                     fine_fen=1_000_000)
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-10", payment=Payment(voucher="A1"))
    values = sheet(db, case)
    assert (values["fine_fen"], values["paid_fen"]) == (1_000_000, 1_000_000)


@pytest.fixture
def reclosed(db, data_dir, transferred):
    """Closed as the police's with its 结案审批表 issued, withdrawn by them, taken up, decided, paid."""
    from dataclasses import replace

    record(db, transferred, "police_filed", "2026-04-23")
    case = procedure.apply(db, transferred.id, "close", on_date="2026-04-25")
    old = issue_document(db, data_dir, get_case(db, case.id), find_form("closing_approval"), {})
    record(db, case, "police_withdrawn", "2026-06-01")
    procedure.apply(db, case.id, "resume_after_police", on_date="2026-06-02", reason="公安机关撤销案件")
    update_case(db, replace(get_case(db, case.id), fine_fen=800_000))
    case = steps(db, case, ("conclude_investigation", "2026-06-05"), ("submit_review", "2026-06-06"),
                 ("send_pre_notice", "2026-06-08"), ("waive_statement", "2026-06-09", "当事人书面放弃陈述申辩"),
                 ("decide_penalty", "2026-06-10"), ("serve_decision", "2026-06-11"))
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-06-15",
                           payment=Payment(paid_fen=800_000, voucher="缴款书C201"))
    return case, old


def test_closing_a_reopened_case_names_the_old_sheet_and_its_correction_is_issued(db, data_dir, reclosed, english):
    case, old = reclosed
    assert not closing.approval_issued(db, case)
    warned = [w.message for w in closing.closing_warnings(db, case, for_command_line=True)]
    assert any("移送司法" in message and f"--supersedes {old.id}" in message for message in warned), warned
    assert not any(message.startswith("No 结案审批表") for message in warned)
    case = procedure.apply(db, case.id, "close", on_date="2026-06-16")
    form = find_form("closing_approval")
    with pytest.raises(WorkstationError):  # a second sheet beside the one in force: refused
        check_issue(db, get_case(db, case.id), form, {})
    new = issue_document(db, data_dir, get_case(db, case.id), form, {}, supersedes=old.id)
    assert new.values["ground"] == "决定执行完毕"
    assert closing.approval_issued(db, get_case(db, case.id))


def test_a_sheet_issued_after_the_case_was_taken_up_counts(db, data_dir, reclosed):
    case, old = reclosed
    issue_document(db, data_dir, get_case(db, case.id), find_form("closing_approval"), {}, supersedes=old.id)
    assert closing.approval_issued(db, get_case(db, case.id))
    assert closing.approval_before_reopening(db, get_case(db, case.id)) is None
    assert not any("结案审批表" in w.message for w in closing.closing_warnings(db, get_case(db, case.id)))


def test_every_part_payment_is_on_the_sheet(db, make_case):
    from dataclasses import replace

    case = procedure.apply(db, make_case().id, "file", on_date="2026-08-03")
    update_case(db, replace(get_case(db, case.id), fine_fen=5_000_000))
    case = steps(db, case, ("conclude_investigation", "2026-08-20"), ("submit_review", "2026-08-21"),
                 ("send_pre_notice", "2026-09-01"), ("waive_statement", "2026-09-02", "书面放弃"),
                 ("decide_penalty", "2026-09-15"), ("serve_decision", "2026-10-09"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-10-20",
                    payment=Payment(paid_fen=4_000_000, voucher="V109A"))
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-11-05",
                           payment=Payment(paid_fen=1_300_000, surcharge_fen=300_000, voucher="V1105B"))
    assert case.status == "performed"
    values = sheet(db, case)
    assert values["paid_fen"] == 5_300_000
    assert values["receipt_no"] == "V109A、V1105B"
    assert values["paid_on"] == "2026-11-05"
    assert "2026年10月20日" in values["execution_note"] and "V109A" in values["execution_note"]
    check_issue(db, get_case(db, case.id), find_form("closing_approval"), {})


def test_taking_up_a_case_closed_as_the_bureaus_own_after_the_withdrawal_says_so(db, data_dir, reclosed, english):
    case, _old = reclosed
    case = procedure.apply(db, case.id, "close", on_date="2026-06-16")
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "resume_after_police", on_date="2026-06-20", reason="x")
    message = str(refused.value)
    assert "have not withdrawn" not in message
    assert "2026-06-01" in message and "2026-06-02" in message
