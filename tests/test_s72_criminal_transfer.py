"""The audit of criminal thresholds and the transfer to the police (session 72): the 涉嫌犯罪案件移送书 states the illegal
gains the grounds of its 三、涉嫌罪名 rest on (``criminal.case_gains_fen``: the gains recorded, or those confiscated when
larger), never "not established" beside them; and the time the case spent with the police, from the transfer to the
day it is taken up again after their refusal, is not counted in T2 (a data decision of clocks.toml, UNCONFIRMED):
the case's T2 is paused while the police hold it, not ended, and its calculation names that time. Fixed dates on the
2026 calendar."""

from __future__ import annotations

import pytest

from tests import helpers
from workstation import clocks, procedure
from workstation.documents.drafts import draft_document, find_form
from workstation.formkit.spec import earlier_form
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

ADDRESS = "佛山市南海区桂城街道南海大道1号"
FACTS = "经查，当事人向他人提供业主信息。"
PROVIDING = "illegal_provision_or_leak"
REASON = "涉嫌侵犯公民个人信息罪"


def letter_text(db, case) -> str:
    return draft_document(db, case, find_form("police_transfer"), {"party_address": ADDRESS}).text.replace("\n", "")


# 1. the gains of the letter are those of its grounds --------------------------------------------------------------
def test_the_letter_states_the_confiscated_gains_its_grounds_rest_on(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, violations=[PROVIDING],
                     records_other=100, confiscated_fen=600_000)
    text = letter_text(db, case)
    assert "第七项" in text, text  # the grounds: the illegal gains reach ¥5,000 (art. 5 para. 1 item 7)
    assert "经查，当事人的违法所得为¥6,000.00（人民币陆仟元整）。" in text, text
    assert "尚未查实" not in text, text


def test_the_larger_of_the_gains_recorded_and_confiscated_is_stated(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, violations=[PROVIDING],
                     records_other=100, illegal_gains_fen=700_000, confiscated_fen=600_000)
    assert "违法所得为¥7,000.00" in letter_text(db, case)


def test_a_case_without_gains_still_says_they_are_not_established(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, violations=[PROVIDING],
                     records_other=6_000)
    text = letter_text(db, case)
    assert "当事人的违法所得数额尚未查实。" in text and "违法所得为" not in text, text


def test_the_form_was_raised_to_a_new_version_keeping_the_earlier_one():
    form = find_form("police_transfer")
    assert form.version == 9
    earlier = earlier_form("police_transfer", 8)
    assert earlier is not None and earlier.version == 8
    field = next(f for f in form.fields if f.name == "illegal_gains_fen")
    assert field.source == "law.case_gains_fen"


@pytest.mark.parametrize("began", [None, "opened"])
def test_a_draft_kept_by_version_8_takes_the_gains_of_the_grounds(db, make_case, began):
    """A draft kept by version 8, its gains as that version filled them (the gains recorded: none, 0.00), whether or
    not the defaults it was opened with were kept: continued, it states the ¥6,000 confiscated its grounds rest on,
    not 违法所得数额尚未查实 beside a grounds citing the gains threshold."""
    from workstation.formkit.values import case_context, default_values, resumed_values

    case = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, violations=[PROVIDING],
                     records_other=100, confiscated_fen=600_000)
    context = case_context(db, case)
    kept = default_values(earlier_form("police_transfer", 8), context, {})
    assert kept["illegal_gains_fen"] == "0.00"
    values = resumed_values(find_form("police_transfer"), kept, context, kept if began else None)
    assert values["illegal_gains_fen"] == "6000.00"
    text = draft_document(db, case, find_form("police_transfer"), {**values, "party_address": ADDRESS}).text
    assert "经查，当事人的违法所得为¥6,000.00" in text.replace("\n", ""), text


def test_gains_the_officer_wrote_in_a_kept_draft_stay(db, make_case):
    from workstation.formkit.values import case_context, resumed_values

    case = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, violations=[PROVIDING],
                     records_other=100, confiscated_fen=600_000)
    values = resumed_values(find_form("police_transfer"), {"illegal_gains_fen": "6500.00"}, case_context(db, case))
    assert values["illegal_gains_fen"] == "6500.00"


# 2. the time with the police is not counted in T2 -----------------------------------------------------------------
@pytest.fixture
def transferred(db, make_case):
    """A case filed on 2026-03-02 (T2 due 2026-05-31) and transferred to the police on 2026-04-21."""
    case = procedure.apply(db, make_case(facts=FACTS, violations=[PROVIDING], records_other=6_000).id, "file",
                           on_date="2026-03-02")
    helpers.approve_transfer(db, case, "2026-04-17", "2026-04-20")
    return procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason=REASON)


def t2(db, case, on):
    return {d.clock: d for d in clocks.case_clocks(db, get_case(db, case.id), on=on)}["T2"]


def refuse_and_resume(db, case):
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-06-10"))
    return procedure.apply(db, case.id, "resume_after_police", on_date="2026-06-15", reason="公安机关不予立案")


def test_t2_is_paused_while_the_police_hold_the_case(db, transferred):
    d = t2(db, transferred, "2026-05-20")
    assert d.state == "stopped" and d.paused, (d.state, d.calculation())
    assert d.state_label == "暂停计时（移送公安机关期间不计入）", d.state_label
    assert d.days_left == 90 - 49, d.calculation()  # 2026-03-03 to 2026-04-20 used
    assert "移送公安机关自2026-04-21起，期限停止计算。" in d.calculation(), d.calculation()


def test_t2_paused_with_the_police_is_on_the_board(db, transferred):
    board = {d.clock: d for d in clocks.board(db, on="2026-05-20") if d.case_id == transferred.id}
    assert board["T2"].state == "stopped", board


def test_the_days_with_the_police_are_not_counted_once_the_case_is_taken_up_again(db, transferred):
    refuse_and_resume(db, transferred)
    d = t2(db, transferred, "2026-06-16")
    # 2026-04-21 to 2026-06-14 (55 days) not counted: 2026-05-31 + 55
    assert (d.state, d.due) == ("open", "2026-07-25"), d.calculation()
    calculation = d.calculation()
    assert "移送公安机关自2026-04-21至2026-06-14，55日不计入期限。" in calculation, calculation


def test_a_case_closed_as_the_polices_has_its_t2_ended(db, transferred):
    record_clock_event(db, ClockEvent(case_id=transferred.id, kind="police_filed", starts_on="2026-04-23"))
    procedure.apply(db, transferred.id, "close", on_date="2026-05-06", reason="公安机关已立案")
    assert t2(db, transferred, "2026-06-16").state == "ended"


def test_a_case_filed_and_never_transferred_counts_as_before(db, make_case):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    d = t2(db, case, "2026-03-20")
    assert (d.state, d.due) == ("open", "2026-06-08")


def test_a_case_imported_as_transferred_without_the_step_has_its_t2_ended_as_before(db, make_case):
    case = make_case(status="transferred_police", filed_on="2026-03-02", facts=FACTS)
    assert t2(db, case, "2026-06-16").state == "ended"
    assert not [d for d in clocks.board(db, on="2026-06-16") if d.case_id == case.id and d.clock == "T2"]


def test_a_transfer_after_the_decision_leaves_t2_met(db, make_case):
    case = make_case(status="penalty_decided", filed_on="2026-03-02", decided_on="2026-04-20", facts=FACTS,
                     violations=[PROVIDING], records_other=6_000)
    helpers.approve_transfer(db, case, "2026-04-20", "2026-04-20")
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason=REASON)
    d = t2(db, case, "2026-06-16")
    assert (d.state, d.done_on) == ("met", "2026-04-20"), d.calculation()


# 3. the tricky paths of the time with the police (final read) ------------------------------------------------------
def police_rows(db, case):
    return sorted((row[2], row[4], row[5]) for row in db.execute(
        f"SELECT * FROM ({clocks.transfers(True)})", [case.id] * clocks.transfers(True).count("?")).fetchall())


def refused_on(db, case, refused, resumed):
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on=refused))
    return procedure.apply(db, case.id, "resume_after_police", on_date=resumed, reason="公安机关不予立案")


def test_two_transfers_each_exclude_their_own_time_with_the_police(db, transferred):
    case = refused_on(db, transferred, "2026-05-01", "2026-05-05")
    helpers.approve_transfer(db, case, "2026-05-10", "2026-05-11")
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-05-12", reason=REASON)
    assert police_rows(db, case) == [("transferred_police", "2026-04-21", "2026-05-04"),
                                     ("transferred_police", "2026-05-12", None)]
    d = t2(db, case, "2026-05-20")
    assert d.state == "stopped" and d.days_left == 90 - 49 - 7, d.calculation()  # 04-21..05-04 not counted
    refused_on(db, case, "2026-05-25", "2026-06-01")
    assert police_rows(db, case)[1] == ("transferred_police", "2026-05-12", "2026-05-31")
    d = t2(db, case, "2026-06-02")
    # 14 + 20 days not counted: 2026-05-31 + 34
    assert (d.state, d.due) == ("open", "2026-07-04"), d.calculation()
    calculation = d.calculation()
    assert "移送公安机关自2026-04-21至2026-05-04，14日不计入期限。" in calculation, calculation
    assert "移送公安机关自2026-05-12至2026-05-31，20日不计入期限。" in calculation, calculation


def test_closed_as_the_polices_then_withdrawn_by_them_excludes_the_whole_time(db, transferred):
    record_clock_event(db, ClockEvent(case_id=transferred.id, kind="police_filed", starts_on="2026-04-23"))
    procedure.apply(db, transferred.id, "close", on_date="2026-05-06", reason="公安机关已立案")
    record_clock_event(db, ClockEvent(case_id=transferred.id, kind="police_withdrawn", starts_on="2026-06-10"))
    procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-06-15", reason="公安机关撤销案件")
    assert police_rows(db, transferred) == [("transferred_police", "2026-04-21", "2026-06-14")]
    d = t2(db, transferred, "2026-06-16")
    assert (d.state, d.due) == ("open", "2026-07-25"), d.calculation()


def test_resumed_then_closed_as_the_polices_and_withdrawn_excludes_that_time_too(db, transferred):
    """Finding 1: taken back on the police's refusal, then closed as theirs once they opened it on reconsideration,
    then taken up again when they withdrew it: the time closed as theirs is not counted either."""
    case = refused_on(db, transferred, "2026-05-01", "2026-05-05")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_review_requested", starts_on="2026-05-03"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_filed", starts_on="2026-05-20"))
    procedure.apply(db, case.id, "close", on_date="2026-05-22", reason="公安机关复议后立案")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_withdrawn", starts_on="2026-06-10"))
    procedure.apply(db, case.id, "resume_after_police", on_date="2026-06-15", reason="公安机关撤销案件")
    d = t2(db, case, "2026-06-16")
    # 04-21..05-04 (14 days) and 05-22..06-14 (24 days) not counted: 2026-05-31 + 38
    assert (d.state, d.due) == ("open", "2026-07-08"), d.calculation()
    assert "2026-05-22至2026-06-14，24日不计入期限" in d.calculation(), d.calculation()
    board = {x.clock: x for x in clocks.board(db, on="2026-06-16") if x.case_id == case.id}
    assert (board["T2"].state, board["T2"].due) == ("open", "2026-07-08")
    # the time closed as theirs starts no second T27 (the police's answer to a transfer)
    assert len([x for x in clocks.case_clocks(db, get_case(db, case.id), on="2026-06-16") if x.clock == "T27"]) == 1


# 4. the officer is told the rule is unconfirmed ---------------------------------------------------------------------
UNCONFIRMED = "待核实：移送公安机关期间不计入办案期限系本系统的处理"


def test_the_paused_calculation_says_the_time_with_the_police_is_unconfirmed(db, transferred):
    assert UNCONFIRMED in t2(db, transferred, "2026-05-20").calculation()


def test_the_calculation_after_the_case_came_back_says_so_too(db, transferred):
    refuse_and_resume(db, transferred)
    assert UNCONFIRMED in t2(db, transferred, "2026-06-16").calculation()


def test_a_case_never_with_the_police_is_not_told(db, make_case):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-03-20", ends_on="2026-03-29"))
    calculation = t2(db, case, "2026-04-20").calculation()
    assert "10日不计入期限" in calculation and "待核实：移送公安" not in calculation, calculation


def test_investigation_statuses_are_one_constant():
    from workstation import decided_transfer

    assert procedure.INVESTIGATION_ON is decided_transfer.INVESTIGATION_ON
