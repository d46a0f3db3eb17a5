"""A crime found after the penalty decision is still transferred to the police (REFERENCE §1.7 item 8; transfer rules
art. 11; Penalty Law arts. 27, 35): from 已决定, 已送达 and 已履行 the case goes to the police, the decision staying in
force — the case keeps its status, its payment and enforcement clocks run on and the fine is still collected; the
police's clocks follow the transfer; the statistics count the case as transferred and its fine as decided; the
涉嫌犯罪案件移送书 states the decision and what was paid. A closed case is not reopened to be transferred."""

from __future__ import annotations

import pytest

from tests import helpers
from tests.helpers import run, run_json
from workstation import clocks, procedure
from workstation.documents.drafts import draft_document, find_form
from workstation.errors import TransitionRefused
from workstation.payments import Payment
from workstation.records import ClockEvent
from workstation.stats import campaign_stats
from workstation.store import get_case
from workstation.store.cases import case_timeline
from workstation.store.clock_events import record_clock_event

ADDRESS = "佛山市南海区桂城街道南海大道1号"
FACTS = "经查，当事人出售业主信息。"
DATES = {"penalty_decided": {"decided_on": "2026-03-02"},
         "served": {"decided_on": "2026-03-02", "served_on": "2026-03-04"},
         "performed": {"decided_on": "2026-03-02", "served_on": "2026-03-04"}}


@pytest.fixture
def decided(make_case):
    """make(status): a case decided with a fine of ¥50,000 on 2026-03-02 (served on 2026-03-04) in ``status``."""
    def make(status="served", **fields):
        return make_case(status=status, filed_on="2026-01-05", facts=FACTS, records_other=6_000, fine_fen=5_000_000,
                         **DATES.get(status, DATES["served"]), **fields)
    return make


def transfer(db, case, on="2026-04-21"):
    return procedure.apply(db, case.id, "transfer_to_police", on_date=on, reason="涉嫌侵犯公民个人信息罪")


def of_case(db, case, on):
    return {d.clock: d for d in clocks.case_clocks(db, get_case(db, case.id), on=on)}


@pytest.mark.parametrize("status", ["penalty_decided", "served", "performed"])
def test_a_case_decided_with_a_penalty_is_transferred_and_keeps_its_decision(db, decided, status):
    case = decided(status)
    assert dict((t.name, refusal) for t, refusal in procedure.available(db, case))["transfer_to_police"] is None
    after = transfer(db, case)
    assert after.status == status and after.decided_on == "2026-03-02" and after.fine_fen == 5_000_000
    assert procedure.police_transfer_state(db, after) == "with_police"
    t27 = of_case(db, after, "2026-04-22")["T27"]  # the police decide within 3 days of the transfer
    assert (t27.start, t27.due, t27.state) == ("2026-04-21", "2026-04-24", "due_soon")


@pytest.mark.parametrize("status", ["closed", "archived"])
def test_a_closed_case_is_not_transferred_and_the_refusal_says_what_to_do(db, decided, status, english):
    case = decided(status, closed_on="2026-04-01")
    with pytest.raises(TransitionRefused) as refused:
        transfer(db, case)
    assert refused.value.message.startswith(f"The case is “{'Closed' if status == 'closed' else 'Archived'}”: its "
                                            "handling is over and a closed case is not reopened to be transferred.")
    assert ("Register the facts suggesting a crime as a new lead and refer it to the police, or file a new case on "
            "them and transfer that" in refused.value.message)
    assert get_case(db, case.id).status == status


def test_the_command_line_transfers_a_served_case_and_refuses_a_closed_one(db, data_dir, decided, capsys, english):
    served = decided("served")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", served.id, "transfer_to_police",
                      "--date", "2026-04-21", "--reason", "涉嫌侵犯公民个人信息罪")
    assert result["status"] == "served"
    closed = decided("closed", closed_on="2026-04-01")
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", closed.id, "transfer_to_police",
                          "--date", "2026-04-21", "--reason", "涉嫌侵犯公民个人信息罪")
    assert code == 1 and "a closed case is not reopened to be transferred" in err


def test_the_decided_case_is_not_transferred_again_while_the_police_answer_is_awaited(db, decided, english):
    case = transfer(db, decided("served"))
    refusal = dict((t.name, why) for t, why in procedure.available(db, case))["transfer_to_police"]
    assert refusal.startswith("The case was transferred to the police on 2026-04-21 and their answer is awaited")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-04-23"))
    assert procedure.police_transfer_state(db, get_case(db, case.id)) == "returned"
    assert dict((t.name, why) for t, why in procedure.available(db, case))["transfer_to_police"] is None


def test_a_decided_case_never_transferred_shows_no_police_clock(db, decided):
    case = decided("served")
    assert not {"T26", "T27", "T28"} & set(of_case(db, case, "2026-04-22"))
    assert not [d for d in clocks.board(db, on="2026-04-22") if d.case_id == case.id and d.clock.startswith("T2")]


def test_the_payment_clocks_run_on_and_the_fine_is_still_collected(db, decided):
    case = transfer(db, decided("served"))
    before = of_case(db, case, "2026-04-22")
    # the payment period ran out on 2026-03-19: still expired, and the court enforcement still to come (not ended)
    assert before["T8"].state == "expired" and before["T16"].state not in ("not_applicable", "ended")
    from workstation.payments import owed

    # all that is owed paid (the fine and the surcharge of the days after T8; less would be a payment of part)
    owing = owed(db, get_case(db, case.id), "2026-04-23")
    paid = procedure.apply(db, case.id, "record_performance", on_date="2026-04-23",
                           payment=Payment(paid_fen=owing.total_fen, surcharge_fen=owing.surcharge_fen,
                                           voucher="NH20260423001"))
    assert paid.status == "performed"
    after = of_case(db, paid, "2026-04-24")
    assert after["T8"].done_on == "2026-04-23" and after["T16"].state == "not_applicable"


def test_a_decided_case_transferred_is_closed_once_the_police_answered(db, decided, english):
    case = transfer(db, decided("performed"))
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "close", on_date="2026-04-22")
    assert "their answer is awaited" in refused.value.message
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_filed", starts_on="2026-04-23"))
    assert procedure.apply(db, case.id, "close", on_date="2026-04-24").status == "closed"


def test_the_statistics_count_the_case_as_transferred_and_its_fine_as_decided(db, decided):
    case = decided("served")
    before = campaign_stats(db)
    transfer(db, case)
    stats = campaign_stats(db)
    assert stats["cases"]["transferred_to_police"] == before["cases"]["transferred_to_police"] + 1 == 1
    assert stats["fines_fen"] == before["fines_fen"] == 5_000_000
    assert stats["cases"]["by_status"] == {"served": 1}


def test_the_timeline_says_the_decision_stays_in_force(db, decided, english):
    case = transfer(db, decided("served"))
    texts = [entry.text for entry in case_timeline(db, case)]
    assert any(text == "Decision served: transferred to the police, the decision staying in force" for text in texts)


def letter_text(db, case) -> str:
    return draft_document(db, case, find_form("police_transfer"), {"party_address": ADDRESS}).text.replace("\n", "")


def test_the_letter_states_the_decision_and_that_nothing_was_paid_yet(db, decided):
    text = letter_text(db, decided("served"))
    assert ("四、已作出的行政处罚及执行情况本局已于2026年3月2日作出行政处罚决定，对当事人处以：罚款¥50,000.00（人民币伍万元整）。"
            "截至移送之日，当事人尚未缴纳上述罚没款，本局依法继续执行。") in text
    assert "人民法院判处罚金时，当事人已被处以的罚款依法折抵相应罚金。" in text


def test_the_letter_states_a_fine_changed_on_reconsideration_and_what_is_owed_of_it(db, decided):
    case = decided("served")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-03-10"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on="2026-04-10",
                                      approved_by="南府行复〔2026〕12号", days=500_000))
    text = letter_text(db, get_case(db, case.id))
    assert ("本局已于2026年3月2日作出行政处罚决定，对当事人处以：罚款¥50,000.00（人民币伍万元整）。该决定的罚款已于2026年4月10日经"
            "南府行复〔2026〕12号变更为¥5,000.00（人民币伍仟元整）。截至移送之日，当事人尚未缴纳上述罚没款") in text
    # a fine alone: credited against a criminal fine, not said unstopped (transfer rules art. 11 lists no fine there)
    assert "罚款依法折抵相应罚金" in text and "不因移送停止执行" not in text


def test_the_letter_of_a_decision_revoked_in_court_says_so_and_claims_no_execution(db, decided):
    case = decided("served")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", starts_on="2026-03-10"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_revoked", starts_on="2026-04-10",
                                      approved_by="（2026）粤0605行初3号"))
    text = letter_text(db, get_case(db, case.id))
    assert "该决定已于2026年4月10日经（2026）粤0605行初3号撤销。" in text
    assert "尚未缴纳" not in text and "不因移送停止执行" not in text and "折抵" not in text


def test_the_letter_states_what_the_party_paid(db, decided):
    case = decided("served")
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-16",
                    payment=Payment(paid_fen=5_000_000, voucher="NH20260316001"))
    text = letter_text(db, get_case(db, case.id))
    assert "当事人已于2026年3月16日缴纳罚没款¥50,000.00（人民币伍万元整）。" in text
    assert "尚未缴纳" not in text


def test_the_letter_of_a_case_not_decided_has_no_such_paragraph(db, make_case):
    text = letter_text(db, make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, records_other=6_000))
    assert "已作出的行政处罚" not in text and "折抵" not in text


@pytest.mark.gui
def test_the_workspace_offers_the_transfer_of_a_served_case(db, decided, make_window):
    case = decided("served")
    workspace = make_window(db).open_case(case.id)
    button = workspace.action_buttons["transfer_to_police"]
    assert button.isEnabled()


# a case decided not to penalise (不予行政处罚) ---------------------------------------------------------------------
@pytest.fixture
def not_penalised(make_case):
    """A case decided not to penalise on 2026-03-02 (its records below the criminal threshold: the crime is found
    afterwards)."""
    return make_case(status="no_penalty", filed_on="2026-01-05", decided_on="2026-03-02", facts=FACTS,
                     records_other=3_000)


def test_a_case_decided_not_to_penalise_is_transferred_and_keeps_its_decision(db, not_penalised, english):
    assert dict((t.name, why) for t, why in procedure.available(db, not_penalised))["transfer_to_police"] is None
    after = transfer(db, not_penalised)
    assert after.status == "no_penalty" and after.decided_on == "2026-03-02"
    assert procedure.police_transfer_state(db, after) == "with_police"
    t27 = of_case(db, after, "2026-04-22")["T27"]
    assert (t27.start, t27.due, t27.state) == ("2026-04-21", "2026-04-24", "due_soon")
    with pytest.raises(TransitionRefused) as refused:  # closing waits for the police's answer
        procedure.apply(db, after.id, "close", on_date="2026-04-22")
    assert "their answer is awaited" in refused.value.message
    record_clock_event(db, ClockEvent(case_id=after.id, kind="police_refused", starts_on="2026-04-23"))
    assert procedure.apply(db, after.id, "close", on_date="2026-04-24").status == "closed"


def test_the_letter_of_a_case_not_penalised_states_the_decision_not_to_penalise(db, data_dir, not_penalised):
    from workstation.documents.issuing import issue_document

    spared = issue_document(db, data_dir, not_penalised, find_form("no_penalty_decision"),
                            {"ground": "首违不罚", "decided_on": "2026-03-02", "party_address": ADDRESS})
    text = letter_text(db, get_case(db, not_penalised.id))
    assert (f"四、已作出的不予行政处罚决定本局已于2026年3月2日作出{spared.number}《不予行政处罚决定书》，决定对当事人不予行政"
            "处罚。") in text
    assert "罚款" not in text.split("四、")[1] and "折抵" not in text and "执行情况" not in text


def test_the_letter_of_a_case_not_penalised_outside_the_workstation_states_the_decision(db, not_penalised):
    text = letter_text(db, not_penalised)
    assert "四、已作出的不予行政处罚决定本局已于2026年3月2日作出不予行政处罚决定。" in text and "折抵" not in text


# a second transfer after the police declined the first ------------------------------------------------------------
def issue_letter(db, data_dir, case, issued_on):
    from workstation.documents.issuing import issue_document

    return issue_document(db, data_dir, get_case(db, case.id), find_form("police_transfer"),
                          {"party_address": ADDRESS, "issued_on": issued_on})


def approve_again(db, case) -> None:
    """A new transfer report and the head's approval of it, recorded since the police declined the case (transfer
    rules art. 5): a second transfer told only of its letter."""
    helpers.approve_transfer(db, case, "2026-05-04", "2026-05-05")


def test_a_second_transfer_after_the_police_declined_warns_without_a_new_letter(db, data_dir, decided, capsys,
                                                                              english):
    case = decided("served")
    old = issue_letter(db, data_dir, case, "2026-04-20")
    transfer(db, case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-04-23"))
    approve_again(db, case)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "transfer_to_police",
                      "--date", "2026-05-06", "--reason", "发现新的犯罪事实")
    assert result["status"] == "served"
    assert result["warnings"] == [
        f"The transfer to the police is recorded. The 涉嫌犯罪案件移送书 {old.number} went to the police with the "
        "earlier transfer, which they declined: write and issue a new one for this transfer now (transfer rules "
        "art. 6), or, if it was written on paper, keep it in the case file."]
    notes = [entry.note for entry in case_timeline(db, get_case(db, case.id)) if entry.kind == "transition"]
    assert "Sent with" not in notes[-1]
    assert notes[-1].endswith("Recorded without a 涉嫌犯罪案件移送书 issued since the police declined the earlier "
                              f"transfer (the earlier one: {old.number}).")


def test_a_second_transfer_goes_with_the_letter_issued_after_the_refusal(db, data_dir, decided, capsys, english):
    case = decided("served")
    issue_letter(db, data_dir, case, "2026-04-20")
    transfer(db, case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-04-23"))
    approve_again(db, case)
    new = issue_letter(db, data_dir, case, "2026-05-05")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "transfer_to_police",
                      "--date", "2026-05-06", "--reason", "发现新的犯罪事实")
    assert not result.get("warnings")
    notes = [entry.note for entry in case_timeline(db, get_case(db, case.id)) if entry.kind == "transition"]
    assert notes[-1] == f"发现新的犯罪事实 Sent with the 涉嫌犯罪案件移送书 {new.number}."


def test_the_workspace_warns_of_a_second_transfer_naming_the_earlier_letter(db, data_dir, decided, english):
    from ui.transition_dialog import transfer_advice

    case = decided("served")
    old = issue_letter(db, data_dir, case, "2026-04-20")
    transfer(db, case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-04-23"))
    warning, _advice = transfer_advice(db, get_case(db, case.id))
    message, _note = warning("2026-05-06")
    assert message.startswith(f"The 涉嫌犯罪案件移送书 {old.number} of 2026-04-20 went to the police with the "
                              "earlier transfer, which they declined on 2026-04-23")


# the 结案审批表 of a case the police opened -------------------------------------------------------------------------
def closing_text(db, case) -> str:
    return draft_document(db, get_case(db, case.id), find_form("closing_approval")).text.replace("\n", "")


def test_the_closing_sheet_of_a_performed_case_the_police_opened_closes_as_transferred(db, decided):
    case = decided("served")
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-16",
                    payment=Payment(paid_fen=5_000_000, voucher="NH20260316001"))
    transfer(db, case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_filed", starts_on="2026-04-23"))
    text = closing_text(db, case)
    # transferred and opened by the police: the sheet's 结案理由, its 执行情况 still saying what was paid
    assert "结案理由□决定执行完毕　□不予处罚　☑移送司法机关" in text
    assert "实缴合计¥50,000.00（人民币伍万元整）缴款凭证号码NH20260316001缴款日期2026年3月16日" in text
    assert procedure.apply(db, case.id, "close", on_date="2026-04-24").status == "closed"
    assert "☑移送司法机关" in closing_text(db, case)


def test_the_closing_sheet_of_a_case_the_police_declined_closes_as_performed(db, decided):
    case = decided("served")
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-16",
                    payment=Payment(paid_fen=5_000_000, voucher="NH20260316001"))
    transfer(db, case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-04-23"))
    assert "结案理由☑决定执行完毕　□不予处罚　□移送司法机关" in closing_text(db, case)
