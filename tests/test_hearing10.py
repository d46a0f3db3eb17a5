"""Who asked for the hearing in a case with several parties (session 10): each party with the right asks for itself,
the request records the party (case_events.party_id), a party without the right or asking twice is refused with the
reason and nothing recorded, the hearing stage ends once each party who asked was heard and the others' period has
run, and the timeline names the party. The dialog offers the parties who may ask; the command line needs --party.
A case with one party records nothing more (tests/test_procedure*.py)."""

from __future__ import annotations

import pytest

from tests.helpers import hearing_notice, legal_review, run, run_json
from tests.test_party_case10 import AFTER, COMPANY, EMPLOYEE, FACTS, LAST_DAY, SERVED, notice, with_employee
from tests.test_s45_hearing_path import hearing_documents
from workstation import procedure
from workstation.errors import TransitionRefused, ValidationError
from workstation.store import case_events, get_case
from workstation.store.cases import case_timeline
from workstation.store.clock_events import clock_events_of

#: the fixtures the cases below are made with (``kept_state``: made once, copied into each test)
MAKERS = ("make_case", "officers")


@pytest.fixture
def joint(request, db, data_dir, kept_state):
    """A case whose notices were served on the company and its employee, in that order of parties."""
    return kept_state("joint", db, data_dir, lambda: with_employee(db, request.getfixturevalue("make_case")(
        status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)), MAKERS)


@pytest.fixture
def both_entitled(db, data_dir, joint, kept_state):
    """The joint case where both notices told the party of its right to a hearing."""
    def issue():
        case, company, employee = joint
        notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
        notice(db, data_dir, case, employee, fine_fen="50000", hearing_required=True)
        return joint

    return kept_state("both_entitled", db, data_dir, issue)


def requests(db, case) -> list[tuple[str, str | None, str | None]]:
    return [(e.to_status, e.on_date, e.party_id) for e in case_events(db, case.id) if e.to_status == "hearing"]


def heard_on(db, data_dir, case, parties, notified: str, held: str) -> None:
    """Each of ``parties`` issued its 听证通知书 on ``notified`` for the hearing held on ``held``."""
    for party in parties:
        hearing_notice(db, data_dir, case, party, issued_on=notified, hearing_date=held)


def test_each_party_asks_for_itself_and_the_request_records_it(db, data_dir, both_entitled):
    case, company, employee = both_entitled
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=employee)
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["request_hearing"] is None  # the company may still ask while the employee's hearing is pending
    assert procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04", party_id=company).status == "hearing"
    assert requests(db, case) == [("hearing", "2026-03-03", employee), ("hearing", "2026-03-04", company)]
    assert procedure.hearing_requests(db, get_case(db, case.id)) == {employee: "2026-03-03", company: "2026-03-04"}
    # one stop of the clocks for the hearing stage, ended when it is concluded (each party told of the hearing
    # seven working days before it, Penalty Law art. 64 (2))
    heard_on(db, data_dir, case, (employee, company), "2026-03-04", "2026-03-13")
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13")
    stops = [(e.starts_on, e.ends_on) for e in clock_events_of(db, case.id) if e.kind == "hearing"]
    assert stops == [("2026-03-03", "2026-03-12")]


def test_a_request_without_its_party_is_refused_naming_the_parties(db, both_entitled, english, table_counts):
    case, company, employee = both_entitled
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    assert str(refused.value) == (f"Case {case.case_number} has 2 parties: say which party asks for the hearing: "
                                  f"{company} ({COMPANY}); {employee} ({EMPLOYEE}).")
    assert table_counts(db) == before and get_case(db, case.id).status == "pre_notice"


def test_a_party_without_the_right_is_refused_with_its_reason(db, data_dir, joint, english, table_counts):
    case, company, employee = joint
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000")  # below a person's ¥10,000: no hearing
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=employee)
    assert str(refused.value).startswith(f"{EMPLOYEE}: The party has no right to a hearing: the proposed fine "
                                         "¥5,000.00 and confiscation ¥0.00 stay below the hearing amount for this "
                                         "party (≥ ¥10,000.00)")
    assert table_counts(db) == before and get_case(db, case.id).status == "pre_notice"
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id="no-such-party")
    assert str(refused.value).startswith(f"no-such-party is not a party of case {case.case_number}.")


def test_a_party_cannot_ask_twice_and_once_all_asked_the_request_is_no_longer_offered(db, both_entitled, english):
    case, company, employee = both_entitled
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04", party_id=company)
    assert str(refused.value) == f"{COMPANY}: It already asked for a hearing on 2026-03-03."
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04", party_id=employee)
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["request_hearing"].startswith("Each party with the right to a hearing has asked for one.")


def test_the_hearing_stage_waits_only_for_the_entitled_party_who_has_not_asked(db, data_dir, both_entitled,
                                                                             english):
    case, company, employee = both_entitled
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    refusal = procedure.date_refusal(db, get_case(db, case.id), "conclude_hearing", "2026-03-06")
    assert refusal.startswith(f"{EMPLOYEE} may still request the hearing their notice told them of, until {LAST_DAY}")
    assert COMPANY not in refusal
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-05", party_id=employee)
    # every party with the right asked: once both were heard the stage ends, before the period has run (the
    # hearing itself is held seven working days after its notice, Penalty Law art. 64 (2))
    assert procedure._hearing_over_guard(db, get_case(db, case.id), "2026-03-06") is None
    heard_on(db, data_dir, case, (company, employee), "2026-03-05", "2026-03-16")
    assert procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-16").status == "decision_pending"


def test_the_decision_may_follow_the_hearing_of_every_party_before_the_period_ends(db, data_dir, both_entitled,
                                                                                 english):
    case, company, employee = both_entitled
    for party, day in ((company, "2026-03-03"), (employee, "2026-03-04")):
        procedure.apply(db, case.id, "request_hearing", on_date=day, party_id=party)
    heard_on(db, data_dir, case, (company, employee), "2026-03-04", "2026-03-13")
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13")
    # the hearing is held seven working days after its notice, so after the period: the periods do not hold the
    # decision back on a day before they end either, once every party was heard
    assert procedure._statement_over_guard(db, get_case(db, case.id), "2026-03-06") is None
    for party in (company, employee):  # the decision rests on each party's 听证笔录 and 听证报告 (art. 65)
        hearing_documents(db, data_dir, case, "2026-03-13", party)
    for party in (company, employee):  # a hearing held: each party's 法制审核 first (art. 58)
        legal_review(db, data_dir, case, reviewed_on="2026-03-13", party_id=party)
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13").status == "penalty_decided"


def test_the_timeline_names_the_party_who_asked(db, both_entitled, english):
    case, company, employee = both_entitled
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=employee)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04", party_id=company)
    lines = [(e.on_date, e.text) for e in case_timeline(db, get_case(db, case.id)) if e.kind == "transition"]
    assert ("2026-03-03", f"Party notified → Hearing: hearing requested by {EMPLOYEE}") in lines
    assert ("2026-03-04", f"Hearing → Hearing: hearing requested by {COMPANY}") in lines


def test_a_one_party_case_records_no_party_and_is_not_asked_twice(db, make_case):
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, fine_fen=10_000_000)
    case = procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04")
    assert requests(db, case) == [("hearing", "2026-03-04", None)]
    assert "request_hearing" not in {t.name for t, _why in procedure.available(db, case)}
    assert [e.text for e in case_timeline(db, case) if e.kind == "transition"][-1].endswith("听证")  # no party


def test_only_the_hearing_request_takes_a_party(db, both_entitled, english):
    case, company, _employee = both_entitled
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "end_statement_period", on_date=AFTER, party_id=company)
    assert str(refused.value).endswith("is recorded for the whole case, not for one party: leave out the party.")


# ---- the command line ----------------------------------------------------------------------------------------

def test_the_command_line_needs_the_party_who_asks_and_records_it(db, data_dir, both_entitled, capsys, english):
    case, company, employee = both_entitled
    code, out, err = run(capsys, "cases", "transition", case.case_number, "request_hearing", "--date", "2026-03-03",
                         "--data-dir", data_dir)
    assert code != 0 and "--party" in err and f"{company} ({COMPANY})" in err and f"{employee} ({EMPLOYEE})" in err
    assert requests(db, case) == []
    result = run_json(capsys, "cases", "transition", case.case_number, "request_hearing", "--date", "2026-03-03",
                      "--party", employee, "--data-dir", data_dir)
    assert result["status"] == "hearing"
    assert requests(db, case) == [("hearing", "2026-03-03", employee)]


# ---- the dialog ----------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_dialog_offers_the_parties_who_may_ask_and_records_the_one_chosen(db, data_dir, joint, make_window,
                                                                              monkeypatch):
    from PySide6.QtWidgets import QComboBox

    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    case, company, employee = joint
    third = with_third_party(db, case)
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000")  # no right
    notice(db, data_dir, case, third, fine_fen="200000", hearing_required=True)
    offered = []

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, **_advice):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties)
        combo = dialog.findChild(QComboBox, "party")
        offered.extend(combo.itemText(i) for i in range(combo.count()))
        dialog.date.setDate(dialog.date.date().fromString("2026-03-03", "yyyy-MM-dd"))
        combo.setCurrentIndex(1)
        return (*dialog.recorded(), dialog.chosen_party())

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    workspace = make_window(db).open_case(case.id)
    workspace._apply(procedure.BY_NAME["request_hearing"])
    assert offered == [COMPANY, "佛山市顺德区乐从家具城有限公司"]
    assert requests(db, case) == [("hearing", "2026-03-03", third)]


@pytest.mark.gui
def test_the_dialog_of_a_case_level_action_has_no_party(qtbot):
    from PySide6.QtWidgets import QComboBox

    from ui.transition_dialog import TransitionDialog

    dialog = TransitionDialog(procedure.BY_NAME["conclude_hearing"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.findChild(QComboBox, "party").isVisible() and dialog.chosen_party() is None


def with_third_party(db, case) -> str:
    from dataclasses import replace

    from workstation.records import Party
    from workstation.store import save_party
    from workstation.store.cases import update_case

    third = save_party(db, Party(name="佛山市顺德区乐从家具城有限公司", uscc="91440604MA5062D90R",
                                 address="佛山市顺德区乐从镇325国道"))
    current = get_case(db, case.id)
    update_case(db, replace(current, party_ids=[*current.party_ids, third.id]))
    return third.id


# ---- the hearing notice seven working days before the hearing (Penalty Law art. 64 (2), T6) -------------------

# the refusal of 听证结束 with no 听证通知书 and no hearing recorded as held: it describes no hearing as held
NO_NOTICE = "No 听证通知书 was issued for the hearing the party asked for, and no hearing is recorded as held"

def test_the_hearing_is_concluded_only_seven_working_days_after_its_notice(db, data_dir, make_case, english,
                                                                           table_counts):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    notice(db, data_dir, case, None, fine_fen="150000", hearing_required=True)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-12")
    # no hearing is recorded as held: none is described as held, and the way on is said (the notice, or the withdrawal)
    assert str(refused.value) == (
        "No 听证通知书 was issued for the hearing the party asked for, and no hearing is recorded as held: the party "
        "is told of the hearing's time and place at least 7 working days before it (Penalty Law arts. 64 (2), 85). "
        "Issue the 听证通知书, hold the hearing from the day it allows (record that day as “Hearing held”: Hold "
        "hearing… among the case's steps, or Record clock event… under Deadlines; or "
        "`cases transition CASE hold_hearing --date DAY`), then "
        "conclude it; if the party withdrew its request, record “Party withdraws its hearing request” instead.")
    assert table_counts(db) == before
    issued = hearing_notice(db, data_dir, case, issued_on="2026-03-04", hearing_date="2026-03-13")
    # held a day too early (Wed 03-04 plus seven working days is Fri 03-13): not on the day the notice sets, so not
    # recorded (the notice's own day is held to the seven working days when it is issued)
    before = table_counts(db)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-03-12"))
    assert refused.value.errors["starts_on"].startswith(
        f"The 听证通知书 {issued.number} sets the hearing on 2026-03-13, not 2026-03-12:")
    assert table_counts(db) == before and get_case(db, case.id).status == "hearing"
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-03-13"))
    assert procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13").status == "decision_pending"


def test_each_party_who_asked_needs_its_own_hearing_notice(db, data_dir, both_entitled, english, table_counts):
    case, company, employee = both_entitled
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04", party_id=employee)
    hearing_notice(db, data_dir, case, company, issued_on="2026-03-04", hearing_date="2026-03-13")
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13")
    assert str(refused.value).startswith(f"{EMPLOYEE}: {NO_NOTICE}")
    assert COMPANY not in str(refused.value)
    assert table_counts(db) == before
    hearing_notice(db, data_dir, case, employee, issued_on="2026-03-04", hearing_date="2026-03-13")
    assert procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13").status == "decision_pending"


def test_the_command_line_refuses_a_hearing_concluded_without_its_notice(db, data_dir, make_case, capsys, english):
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    notice(db, data_dir, case, None, fine_fen="150000", hearing_required=True)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "conclude_hearing", "--date", "2026-03-12",
                          "--data-dir", data_dir)
    assert code == 1 and NO_NOTICE in err and "held on" not in err
    assert get_case(db, case.id).status == "hearing"


def test_a_case_whose_notices_were_written_on_paper_is_not_asked_for_the_hearing_notice(db, make_case):
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, fine_fen=10_000_000)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    assert procedure.hearing_notice_refusal(db, get_case(db, case.id), "2026-03-12") is None
    # but its hearing is held seven working days after the request at the earliest (tests/test_s61_parties.py)
    assert "2026-03-12" in procedure.hearing_notice_refusal(db, get_case(db, case.id), "2026-03-04")


@pytest.mark.gui
def test_the_dialog_refuses_the_end_of_a_hearing_held_without_its_notice(db, data_dir, make_case, make_window,
                                                                         monkeypatch, english):
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    notice(db, data_dir, case, None, fine_fen="150000", hearing_required=True)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    shown = []

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, **_advice):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties)
        dialog.date.setDate(dialog.date.date().fromString("2026-03-12", "yyyy-MM-dd"))
        shown.append(dialog.validate().get("date"))
        return None

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    make_window(db).open_case(case.id)._apply(procedure.BY_NAME["conclude_hearing"])
    assert shown and shown[0].startswith(NO_NOTICE)
    assert get_case(db, case.id).status == "hearing"


# ---- no hearing held: the request withdrawn, or the party absent (Penalty Law art. 64 (8)) -------------------------

@pytest.fixture
def asked(request, db, data_dir, kept_state):
    """A case with one party, told of its right to a hearing by the notice served 03-02, that asked for one on 03-03."""
    from workstation.records import Party
    from workstation.store import save_party

    def make():
        case = request.getfixturevalue("make_case")(status="pre_notice", filed_on="2026-02-27",
                                                    notice_served_on=SERVED, facts=FACTS)
        save_party(db, Party(name=COMPANY, uscc="91512081MA62K0260E",
                             address="佛山市南海区桂城街道南海大道1号", legal_rep="梁嘉豪", id=case.party_ids[0]))
        notice(db, data_dir, case, None, fine_fen="150000", hearing_required=True)
        procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
        return get_case(db, case.id)

    return kept_state("asked", db, data_dir, make, MAKERS)


def test_a_withdrawn_request_takes_the_case_to_its_decision_with_no_hearing_held(db, asked, english, table_counts):
    from workstation.decision_review import hearing_held_on

    case = asked
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:  # not before the request
        procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-02", reason="书面撤回")
    assert str(refused.value) == ("The hearing was requested on 2026-03-03: its withdrawal cannot be recorded before "
                                  "that day (2026-03-02).")
    with pytest.raises(TransitionRefused) as refused:  # how it was withdrawn is required
        procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05")
    assert str(refused.value) == "“Party withdraws its hearing request” needs a reason."
    assert table_counts(db) == before and get_case(db, case.id).status == "hearing"
    updated = procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05",
                              reason="当事人提交书面撤回听证申请书")
    assert updated.status == "decision_pending"
    # the clocks stopped for the hearing run again from the withdrawal (the stop ends the day before, as at 听证结束)
    assert [(e.starts_on, e.ends_on) for e in clock_events_of(db, case.id) if e.kind == "hearing"] == [
        ("2026-03-03", "2026-03-04")]
    # no hearing held: neither the decision's 听证日期 nor the legal review a hearing calls for (art. 58)
    assert procedure.party_hearing_held_on(db, updated) is None and hearing_held_on(db, updated) is None
    assert procedure.hearing_given_up(db, updated) == ("withdraw_hearing", "2026-03-05", "2026-03-03")
    audited = db.execute("SELECT COUNT(*) FROM audit WHERE action = 'transition' AND entity_id = ?",
                         [case.id]).fetchone()[0]
    assert audited == 2  # the request and the withdrawal
    line = [e for e in case_timeline(db, updated) if e.on_date == "2026-03-05" and e.kind == "transition"]
    assert [(e.text, e.note) for e in line] == [("Hearing → Awaiting decision: Party withdraws its hearing request",
                                                 "当事人提交书面撤回听证申请书")]


def test_a_request_is_withdrawn_before_the_hearing_not_after_it_was_held(db, data_dir, asked, english):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case = asked
    hearing_notice(db, data_dir, case, issued_on="2026-03-04", hearing_date="2026-03-13")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-03-13"))
    assert procedure.date_refusal(db, case, "withdraw_hearing", "2026-03-12") is None
    assert procedure.date_refusal(db, case, "withdraw_hearing", "2026-03-13") == (
        "The hearing is recorded as held (“Hearing held”) on 2026-03-13: a request is withdrawn before the hearing. "
        "Record “Hearing concluded” instead, or, if the hearing was not held that day, correct the recorded hearing "
        "day first.")


def test_the_party_absent_from_the_hearing_it_was_told_of_gives_it_up(db, data_dir, asked, english, table_counts):
    case = asked
    with pytest.raises(TransitionRefused) as refused:  # absent from a hearing it was never told of
        procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-13", reason="未到场")
    assert str(refused.value).startswith("No 听证通知书 was issued in this case: the party gives up the hearing by not "
                                         "appearing only at a hearing it was told of")
    issued = hearing_notice(db, data_dir, case, issued_on="2026-03-04", hearing_date="2026-03-13")
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-12", reason="未到场")
    assert str(refused.value) == (f"The 听证通知书 {issued.number} sets the hearing on 2026-03-13: the party's absence "
                                  "from it is recorded on that day or after, not on 2026-03-12.")
    assert table_counts(db) == before
    updated = procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-13", reason="当事人无正当理由未到场")
    assert updated.status == "decision_pending"
    assert procedure.party_hearing_held_on(db, updated) is None
    assert procedure.hearing_given_up(db, updated) == ("hearing_absent", "2026-03-13", "2026-03-03")


def test_the_decision_documents_say_the_request_was_withdrawn_not_that_a_hearing_was_held(db, data_dir, asked):
    from tests.test_party_kind_documents import printed
    from workstation.documents.drafts import draft_document, find_form

    case = asked
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回")
    case = get_case(db, case.id)
    said = "当事人于2026年3月3日要求听证，后于2026年3月5日撤回听证申请。"
    decision = {"facts": FACTS, "fine_fen": "150000", "warning": True, "decided_on": "2026-03-20"}
    for form_id, values in (("penalty_decision", decision), ("decision_approval", {})):
        for shown in printed(draft_document(db, case, find_form(form_id), values)):
            assert said in shown, form_id
            assert "举行了听证" not in shown and "也未要求听证" not in shown, form_id


def test_the_decision_says_the_party_did_not_appear(db, data_dir, asked):
    from tests.test_party_kind_documents import printed
    from workstation.documents.drafts import draft_document, find_form

    case = asked
    hearing_notice(db, data_dir, case, issued_on="2026-03-04", hearing_date="2026-03-13")
    procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-13", reason="未到场")
    decision = {"facts": FACTS, "fine_fen": "150000", "warning": True, "decided_on": "2026-03-20"}
    text = printed(draft_document(db, get_case(db, case.id), find_form("penalty_decision"), decision))[0]
    assert "当事人于2026年3月3日要求听证，经依法通知后，无正当理由未于2026年3月13日参加听证，视为放弃听证权利。" in text
    assert "举行了听证" not in text and "也未要求听证" not in text


def test_the_command_line_records_the_withdrawal_with_its_date_and_how(db, data_dir, asked, capsys, english):
    case = asked
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "withdraw_hearing", "--date", "2026-03-05",
                          "--data-dir", data_dir)
    assert code != 0 and "needs a reason" in err and get_case(db, case.id).status == "hearing"
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "oops", "--data-dir", data_dir)
    assert "withdraw_hearing (Party withdraws its hearing request)" in err
    assert "hearing_absent (Party did not appear at the hearing)" in err and "hold_hearing (Hearing held)" in err
    result = run_json(capsys, "cases", "transition", case.case_number, "withdraw_hearing", "--date", "2026-03-05",
                      "--reason", "当事人口头撤回，已记入笔录", "--data-dir", data_dir)
    assert result["status"] == "decision_pending"
    event = [e for e in case_events(db, case.id) if e.from_status == "hearing"]
    assert [(e.on_date, e.note) for e in event] == [("2026-03-05", "当事人口头撤回，已记入笔录")]


def test_the_hearing_held_is_recorded_on_the_command_line_and_the_hearing_concluded_after_it(db, data_dir, asked,
                                                                                            capsys, english):
    case = asked
    hearing_notice(db, data_dir, case, issued_on="2026-03-04", hearing_date="2026-03-13")
    result = run_json(capsys, "cases", "transition", case.case_number, "hold_hearing", "--date", "2026-03-13",
                      "--data-dir", data_dir)
    assert (result["status"], result["hearing_held_on"]) == ("hearing", "2026-03-13")
    assert [e.starts_on for e in clock_events_of(db, case.id) if e.kind == "hearing_session"] == ["2026-03-13"]
    # a party named, or a case with no hearing requested, is refused with nothing recorded
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "hold_hearing", "--party", "x",
                          "--data-dir", data_dir)
    assert code != 0
    other = run_json(capsys, "cases", "transition", case.case_number, "conclude_hearing", "--date", "2026-03-13",
                     "--data-dir", data_dir)
    assert other["status"] == "decision_pending"
    assert procedure.party_hearing_held_on(db, get_case(db, case.id)) == "2026-03-13"


def test_the_command_line_refuses_a_hearing_held_in_a_case_with_no_request(db, data_dir, make_case, capsys, english,
                                                                           table_counts):
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    before = table_counts(db, ("clock_events", "case_events", "audit"))
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "hold_hearing", "--date", "2026-03-13",
                          "--data-dir", data_dir)
    assert code == 1 and "The party has not requested a hearing in this case" in err
    assert table_counts(db, ("clock_events", "case_events", "audit")) == before


def test_the_merge_preview_names_the_withdrawal(db, asked, english):
    from workstation.bundle.merge import _label

    procedure.apply(db, asked.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回")
    rows = db.execute("SELECT * FROM case_events WHERE case_id = ? AND from_status = 'hearing'", [asked.id])
    names = [d[0] for d in rows.description]
    row = dict(zip(names, rows.fetchone(), strict=True))
    assert _label("case_events", row) == "Party withdraws its hearing request 2026-03-05"


@pytest.mark.gui
def test_the_window_offers_the_withdrawal_and_records_it(db, asked, make_window, monkeypatch, english):
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    shown = []

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, advice=None, **_more):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties, advice=advice)
        shown.append(dialog.info.text())
        dialog.date.setDate(dialog.date.date().fromString("2026-03-05", "yyyy-MM-dd"))
        dialog.reason.setPlainText("当事人书面撤回")
        assert dialog.validate() == {}
        return dialog.recorded()

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    workspace = make_window(db).open_case(asked.id)
    offered = {t.name for t, _why in procedure.available(db, get_case(db, asked.id))}
    assert {"withdraw_hearing", "hearing_absent"} <= offered
    workspace._apply(procedure.BY_NAME["withdraw_hearing"])
    assert shown and "Write under Reason how it was withdrawn" in shown[0]
    assert get_case(db, asked.id).status == "decision_pending"
    assert procedure.hearing_given_up(db, get_case(db, asked.id))[0] == "withdraw_hearing"


# ---- no hearing held for one party of several: its own withdrawal or absence (Penalty Law art. 64 (8)) ---------------

def both_asked(db, both_entitled):
    """The company asked for a hearing on 03-03, its employee on 03-04."""
    case, company, employee = both_entitled
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04", party_id=employee)
    return case, company, employee


def hearing_stops(db, case) -> list[tuple[str, str | None]]:
    return [(e.starts_on, e.ends_on) for e in clock_events_of(db, case.id) if e.kind == "hearing"]


def test_one_party_withdrawing_leaves_the_case_at_the_hearing_of_the_other(db, data_dir, both_entitled, english,
                                                                          table_counts):
    case, company, employee = both_asked(db, both_entitled)
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:  # whose request: the step names the party
        procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回")
    assert str(refused.value) == (f"Case {case.case_number} has several parties, each asking for its own hearing: say "
                                  "for whom “Party withdraws its hearing request” is recorded, one of those whose "
                                  f"hearing is pending: {company} ({COMPANY}); {employee} ({EMPLOYEE}).")
    assert table_counts(db) == before
    updated = procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回",
                              party_id=company)
    # the employee's hearing is still to be held: the case stays at its hearing, the clocks stopped
    assert updated.status == "hearing" and hearing_stops(db, case) == [("2026-03-03", None)]
    assert procedure.hearing_requests(db, updated) == {company: "2026-03-03", employee: "2026-03-04"}
    assert procedure.hearing_given_up(db, updated, company) == ("withdraw_hearing", "2026-03-05", "2026-03-03")
    assert procedure.hearing_given_up(db, updated, employee) is None
    with pytest.raises(TransitionRefused) as refused:  # withdrawn once
        procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-06", reason="再次撤回", party_id=company)
    assert str(refused.value) == (f"{COMPANY}: “Party withdraws its hearing request” was already recorded for it on "
                                  "2026-03-05.")
    # the employee's hearing is held (the company, who withdrew, needs no 听证通知书) and the stage ends with it
    hearing_notice(db, data_dir, case, employee, issued_on="2026-03-04", hearing_date="2026-03-13")
    assert procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13").status == "decision_pending"
    assert hearing_stops(db, case) == [("2026-03-03", "2026-03-12")]
    decided = get_case(db, case.id)
    assert procedure.party_hearing_held_on(db, decided, employee) == "2026-03-13"
    assert procedure.party_hearing_held_on(db, decided, company) is None
    assert procedure.hearing_given_up(db, decided, company) == ("withdraw_hearing", "2026-03-05", "2026-03-03")
    assert procedure.hearing_given_up(db, decided, employee) is None
    lines = [(e.on_date, e.text) for e in case_timeline(db, decided) if e.kind == "transition"]
    assert ("2026-03-05", f"Hearing → Hearing: Party withdraws its hearing request ({COMPANY})") in lines


def test_the_hearing_stage_ends_when_the_last_party_who_asked_gives_it_up(db, data_dir, both_entitled, english):
    case, company, employee = both_asked(db, both_entitled)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回", party_id=company)
    with pytest.raises(TransitionRefused) as refused:  # the company asked no hearing it could miss any more
        procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-13", reason="未到场", party_id=company)
    assert str(refused.value).startswith(f"{COMPANY}: “Party withdraws its hearing request” was already recorded")
    with pytest.raises(TransitionRefused) as refused:  # the employee's own notice sets its hearing
        procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-13", reason="未到场", party_id=employee)
    assert str(refused.value).startswith(f"{EMPLOYEE}: No 听证通知书 was issued")
    hearing_notice(db, data_dir, case, employee, issued_on="2026-03-04", hearing_date="2026-03-13")
    updated = procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-13", reason="未到场",
                              party_id=employee)
    assert updated.status == "decision_pending" and hearing_stops(db, case) == [("2026-03-03", "2026-03-12")]
    assert procedure.hearing_given_up(db, updated, company) == ("withdraw_hearing", "2026-03-05", "2026-03-03")
    assert procedure.hearing_given_up(db, updated, employee) == ("hearing_absent", "2026-03-13", "2026-03-04")
    assert procedure.party_hearing_held_on(db, updated, employee) is None


def test_each_partys_decision_says_what_became_of_its_own_request(db, data_dir, both_entitled):
    from tests.test_party_kind_documents import printed
    from workstation.documents.drafts import draft_document, find_form

    case, company, employee = both_asked(db, both_entitled)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回", party_id=company)
    hearing_notice(db, data_dir, case, employee, issued_on="2026-03-04", hearing_date="2026-03-13")
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13")
    case = get_case(db, case.id)
    withdrawn = "当事人于2026年3月3日要求听证，后于2026年3月5日撤回听证申请。"
    decision = {"facts": FACTS, "fine_fen": "150000", "warning": True, "decided_on": "2026-03-20"}
    for form_id, values in (("penalty_decision", decision), ("decision_approval", {})):
        for shown in printed(draft_document(db, case, find_form(form_id), values, party_id=company)):
            assert withdrawn in shown and "举行了听证" not in shown, form_id
        for shown in printed(draft_document(db, case, find_form(form_id), values, party_id=employee)):
            assert "本局于2026年3月13日依法举行了听证" in shown and "撤回听证申请" not in shown, form_id


def test_the_command_line_names_the_party_who_withdraws(db, data_dir, both_entitled, capsys, english):
    case, company, employee = both_asked(db, both_entitled)
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "withdraw_hearing", "--date", "2026-03-05",
                          "--reason", "书面撤回", "--data-dir", data_dir)
    assert code != 0 and "--party" in err and f"{company} ({COMPANY})" in err and f"{employee} ({EMPLOYEE})" in err
    assert procedure.hearing_given_up(db, get_case(db, case.id), company) is None
    result = run_json(capsys, "cases", "transition", case.case_number, "withdraw_hearing", "--date", "2026-03-05",
                      "--reason", "书面撤回", "--party", company, "--data-dir", data_dir)
    assert result["status"] == "hearing"
    assert procedure.hearing_given_up(db, get_case(db, case.id), company)[:2] == ("withdraw_hearing", "2026-03-05")


@pytest.mark.gui
def test_the_dialog_offers_the_parties_whose_hearing_is_pending(db, data_dir, both_entitled, make_window,
                                                                monkeypatch, english):
    from PySide6.QtWidgets import QComboBox

    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    case, company, employee = both_asked(db, both_entitled)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回", party_id=company)
    hearing_notice(db, data_dir, case, employee, issued_on="2026-03-04", hearing_date="2026-03-13")
    offered = []

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, advice=None, **_more):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties, advice=advice)
        combo = dialog.findChild(QComboBox, "party")
        offered.extend(combo.itemText(i) for i in range(combo.count()))
        dialog.date.setDate(dialog.date.date().fromString("2026-03-13", "yyyy-MM-dd"))
        dialog.reason.setPlainText("未到场")
        assert dialog.validate() == {}
        return (*dialog.recorded(), dialog.chosen_party())

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    make_window(db).open_case(case.id)._apply(procedure.BY_NAME["hearing_absent"])
    assert offered == [EMPLOYEE]  # the company withdrew: only the employee's hearing is pending
    assert get_case(db, case.id).status == "decision_pending"
    assert procedure.hearing_given_up(db, get_case(db, case.id), employee)[0] == "hearing_absent"


def test_a_withdrawal_within_the_statement_period_does_not_end_it(db, asked, english):
    case = procedure.apply(db, asked.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回")
    # the party may still state and defend until 03-09: the decision waits, as in a case with no hearing asked
    refusal = procedure.date_refusal(db, case, "decide_penalty", "2026-03-06")
    assert refusal.startswith(f"The party may state, defend and request a hearing until {LAST_DAY}")
    assert "“Party withdraws its hearing request” was recorded on 2026-03-05: no hearing was held" in refusal
    assert procedure.date_refusal(db, case, "decide_penalty", AFTER) is None


def test_the_only_party_who_withdrew_may_waive_the_rest_of_its_period_on_the_command_line(db, data_dir, asked,
                                                                                        capsys, english):
    case = procedure.apply(db, asked.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回")
    offered = {t.name: why for t, why in procedure.available(db, case)}
    assert offered["waive_statement"] is None  # its period still holds the decision back unless it waives it
    result = run_json(capsys, "cases", "transition", case.case_number, "waive_statement", "--date", "2026-03-06",
                      "--reason", "书面放弃陈述申辩", "--data-dir", data_dir)
    assert result["status"] == "decision_pending"
    case = get_case(db, case.id)
    assert case.notice_waived and procedure.date_refusal(db, case, "decide_penalty", "2026-03-06") is None
    assert "waive_statement" not in {t.name for t, _why in procedure.available(db, case)}  # waived once


def test_after_its_period_the_only_party_who_withdrew_has_nothing_left_to_waive(db, data_dir, asked, capsys,
                                                                             english, table_counts):
    case = procedure.apply(db, asked.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回")
    before = table_counts(db)
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "waive_statement", "--date", AFTER,
                          "--reason", "放弃", "--data-dir", data_dir)
    assert code != 0 and "not possible while" not in err
    assert (f"ended on {LAST_DAY} (5 working days from the service of the notice on {SERVED}), and its hearing was "
            "given up on 2026-03-05 (“Party withdraws its hearing request”): there is nothing left to waive on "
            f"{AFTER}. The case already awaits its decision.") in err
    assert table_counts(db) == before and not get_case(db, case.id).notice_waived


def test_a_partys_withdrawal_within_its_period_holds_its_decision_back(db, both_entitled, english):
    case, company, employee = both_entitled
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", reason="放弃", party_id=employee)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    case = procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-04", reason="书面撤回", party_id=company)
    assert case.status == "decision_pending"
    refusal = procedure.date_refusal(db, case, "decide_penalty", "2026-03-05")
    assert refusal.startswith(f"{COMPANY} may state, defend and request a hearing until {LAST_DAY}")
    assert f"{COMPANY}: “Party withdraws its hearing request” was recorded on 2026-03-04" in refusal
    assert EMPLOYEE not in refusal and "the hearing held" not in refusal
    assert procedure.date_refusal(db, case, "decide_penalty", AFTER) is None


def test_the_hearing_set_for_a_party_who_withdrew_does_not_hold_the_others_back(db, data_dir, both_entitled, english):
    case, company, employee = both_asked(db, both_entitled)
    hearing_notice(db, data_dir, case, company, issued_on="2026-03-04", hearing_date="2026-03-20")
    hearing_notice(db, data_dir, case, employee, issued_on="2026-03-04", hearing_date="2026-03-13")
    assert procedure.date_refusal(db, get_case(db, case.id), "conclude_hearing", "2026-03-13").startswith(
        "The 听证通知书")  # the company's hearing is still to come
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-06", reason="书面撤回", party_id=company)
    assert procedure.date_refusal(db, get_case(db, case.id), "conclude_hearing", "2026-03-13") is None
    assert procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13").status == "decision_pending"


# ---- what is left of a hearing given up in a case with several parties ------------------------------------------------

def served_hearing_notice(db, data_dir, case, party, *, issued_on: str, hearing_date: str, served_on: str):
    """The 听证通知书 of ``party`` with the 送达回证 that served it on ``served_on``."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document

    issued = hearing_notice(db, data_dir, case, party, issued_on=issued_on, hearing_date=hearing_date)
    issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"),
                   {"served_on": served_on, "served_document": f"行政处罚听证通知书 {issued.number}"}, party_id=party)
    return issued


def test_the_conclusion_after_one_partys_absence_hears_the_others_only(db, data_dir, both_entitled, capsys,
                                                                      english):
    from tests.test_party_kind_documents import printed
    from workstation.documents.drafts import draft_document, find_form

    case, company, employee = both_asked(db, both_entitled)
    heard_on(db, data_dir, case, (company, employee), "2026-03-04", "2026-03-13")
    # before: the conclusion says it hears each party whose hearing is pending, and that an absent one goes first
    note = procedure.conclusion_note(db, get_case(db, case.id))
    assert f"{COMPANY}、{EMPLOYEE}" in note
    assert "A party who did not appear at its hearing is recorded first with “Party did not appear at the hearing”" in note
    procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-13", reason="未到场", party_id=company)
    result = run_json(capsys, "cases", "transition", case.case_number, "conclude_hearing", "--date", "2026-03-13",
                      "--data-dir", data_dir)
    assert result["status"] == "decision_pending"
    assert f"as held, each heard: {EMPLOYEE}." in result["note"] and COMPANY not in result["note"]
    decided = get_case(db, case.id)
    lines = [(e.on_date, e.text) for e in case_timeline(db, decided) if e.kind == "transition"]
    assert ("2026-03-13", f"Hearing → Hearing: Party did not appear at the hearing ({COMPANY})") in lines
    assert ("2026-03-13", f"Hearing → Awaiting decision: Hearing concluded ({EMPLOYEE})") in lines
    decision = {"facts": FACTS, "fine_fen": "150000", "warning": True, "decided_on": "2026-03-20"}
    for form_id, values in (("penalty_decision", decision), ("decision_approval", {})):
        for shown in printed(draft_document(db, decided, find_form(form_id), values, party_id=company)):
            assert "无正当理由未于2026年3月13日参加听证，视为放弃听证权利" in shown and "举行了听证" not in shown, form_id
        for shown in printed(draft_document(db, decided, find_form(form_id), values, party_id=employee)):
            assert "本局于2026年3月13日依法举行了听证" in shown and "参加听证" not in shown, form_id


@pytest.mark.gui
def test_the_window_says_whom_the_conclusion_hears(db, data_dir, both_entitled, make_window, monkeypatch, english):
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    case, company, employee = both_asked(db, both_entitled)
    heard_on(db, data_dir, case, (company, employee), "2026-03-04", "2026-03-13")
    shown = []

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, advice=None, **_more):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties, advice=advice)
        shown.append(dialog.info.text())
        return None

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    make_window(db).open_case(case.id)._apply(procedure.BY_NAME["conclude_hearing"])
    assert shown and f"each heard: {COMPANY}、{EMPLOYEE}." in shown[0]
    assert "is recorded first with “Party did not appear at the hearing”" in shown[0]


def test_the_parties_steps_show_the_hearing_given_up_and_its_day(db, data_dir, both_entitled, english):
    from workstation.party_decisions import party_steps

    case, company, employee = both_asked(db, both_entitled)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回", party_id=company)
    hearing_notice(db, data_dir, case, employee, issued_on="2026-03-04", hearing_date="2026-03-13")
    procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-13", reason="未到场", party_id=employee)
    assert party_steps(db, get_case(db, case.id)) == [
        (COMPANY, "notice served 2026-03-02；hearing requested 2026-03-03；hearing request withdrawn 2026-03-05"),
        (EMPLOYEE, "notice served 2026-03-02；hearing requested 2026-03-04；absent from the hearing 2026-03-13")]


def test_a_party_who_withdrew_may_waive_the_rest_of_its_period(db, both_entitled, english):
    case, company, employee = both_entitled
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", reason="放弃", party_id=employee)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    case = procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-04", reason="书面撤回", party_id=company)
    assert case.status == "decision_pending"
    assert procedure.date_refusal(db, case, "decide_penalty", "2026-03-05").startswith(f"{COMPANY} may state")
    offered = {t.name: why for t, why in procedure.available(db, case)}
    assert offered["waive_statement"] is None
    with pytest.raises(TransitionRefused) as refused:  # not while its request stood
        procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", reason="放弃", party_id=company)
    assert str(refused.value) == (f"{COMPANY}: the waiver (2026-03-03) cannot come before “Party withdraws its hearing "
                                  "request” was recorded for it (2026-03-04): until then its hearing request stood.")
    case = procedure.apply(db, case.id, "waive_statement", on_date="2026-03-05", reason="书面放弃陈述申辩",
                           party_id=company)
    assert case.status == "decision_pending" and case.notice_waived
    # waived: its period no longer holds the decision back
    assert procedure.date_refusal(db, case, "decide_penalty", "2026-03-05") is None


def test_a_party_who_withdrew_while_another_is_heard_may_waive(db, both_entitled, english):
    from workstation.party_notices import party_periods

    case, company, employee = both_asked(db, both_entitled)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回", party_id=company)
    with pytest.raises(TransitionRefused) as refused:  # the employee's request stands
        procedure.apply(db, case.id, "waive_statement", on_date="2026-03-05", reason="放弃", party_id=employee)
    assert str(refused.value) == f"{EMPLOYEE}: it asked for a hearing on 2026-03-04."
    case = procedure.apply(db, case.id, "waive_statement", on_date="2026-03-05", reason="放弃", party_id=company)
    assert case.status == "hearing"
    assert {item.party.id: item.waived_on for item in party_periods(db, case)}[company] == "2026-03-05"


def test_an_absence_from_a_hearing_notified_too_late_is_refused(db, data_dir, both_entitled, english, table_counts):
    case, company, employee = both_asked(db, both_entitled)
    # issued Wed 03-04 for Fri 03-13, but served only on Tue 03-10: seven working days after it is Thu 03-19
    issued = served_hearing_notice(db, data_dir, case, company, issued_on="2026-03-04", hearing_date="2026-03-13",
                                   served_on="2026-03-10")
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-13", reason="未到场", party_id=company)
    assert str(refused.value) == (
        f"{COMPANY}: The 听证通知书 {issued.number} was served on 2026-03-10, and the hearing it set was on "
        "2026-03-13: the party is told of the hearing's time and place at least 7 working days before it (Penalty "
        "Law arts. 64 (2), 85), so that hearing could be held on 2026-03-19 at the earliest. Not told of it in time, "
        "the party did not give the hearing up by staying away: serve a new 听证通知书 setting the hearing on a day at "
        "least 7 working days after its service, and record “Party did not appear at the hearing” only if the party "
        "does not appear then.")
    assert table_counts(db) == before and procedure.hearing_given_up(db, get_case(db, case.id), company) is None
    # a new notice, served in time for a later hearing: the absence from that one gives the hearing up
    served_hearing_notice(db, data_dir, case, company, issued_on="2026-03-16", hearing_date="2026-03-25",
                          served_on="2026-03-16")
    procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-25", reason="未到场", party_id=company)
    assert procedure.hearing_given_up(db, get_case(db, case.id), company)[:2] == ("hearing_absent", "2026-03-25")


@pytest.mark.gui
def test_the_dialog_counts_the_hearing_notice_of_the_party_chosen_as_absent(db, data_dir, both_entitled, monkeypatch,
                                                                            qtbot, english):
    import datetime as dt

    from PySide6.QtCore import QDate

    from tests.helpers import move_program_clock
    from tests.test_year_end2 import HEARING_NOTE
    from ui.transition_dialog import TransitionDialog, party_choices, with_count_warning
    from workstation import records

    case, company, employee = both_asked(db, both_entitled)
    move_program_clock(monkeypatch, dt.datetime(2027, 1, 12, 10, 0, tzinfo=records.SHANGHAI))
    # the employee's notice of 2026-12-10 for 12-21 counts in 2026; the company's of 12-28 for 2027-01-07 through 2027
    hearing_notice(db, data_dir, case, employee, issued_on="2026-12-10", hearing_date="2026-12-21")
    hearing_notice(db, data_dir, case, company, issued_on="2026-12-28", hearing_date="2027-01-07")
    case = get_case(db, case.id)
    dialog = TransitionDialog(procedure.BY_NAME["hearing_absent"],
                              warning=with_count_warning(db, case, "hearing_absent", None),
                              parties=party_choices(db, case, "hearing_absent"))
    qtbot.addWidget(dialog)
    dialog.date.setDate(QDate(2027, 1, 7))
    dialog.party.setCurrentIndex(dialog.party.findData(company))
    assert dialog.warning_label.text() == HEARING_NOTE  # its seven working days run through 2027 (unconfirmed)
    dialog.party.setCurrentIndex(dialog.party.findData(employee))
    assert dialog.warning_label.text() == "" and not dialog.acknowledge.isVisibleTo(dialog)
