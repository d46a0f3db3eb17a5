"""Session 61, parties audit (/tmp/reports61/parties.md):

1. a party the 行政处罚告知书 was served on (or a decision recorded for) is not taken off nor replaced: the case's
   notice and decision would otherwise stand for a party never told of them (Penalty Law arts. 44, 62);
2. a case whose notices are kept on paper holds its hearing, concludes it and records the party's absence no
   earlier than seven working days after the request (the notice comes after the request, T6 after the notice);
3. an old 15-digit ID number finds the party stored with its 18-digit form;
4. the duplicate-code check reads the partial indexes on uscc and id_number, not every party."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, SERVED, with_employee
from workstation import procedure
from workstation.errors import TransitionRefused, ValidationError, WorkstationError
from workstation.records import ClockEvent, Party
from workstation.store import get_case, list_parties, save_party, update_case
from workstation.store.clock_events import clock_event_errors, record_clock_event

NEW_PARTY = "王小明"


def _new_person(db) -> str:
    return save_party(db, Party(name=NEW_PARTY, kind="person", id_number="440605199001010014",
                                address="佛山市南海区某村")).id


def _served_one_party(db, make_case):
    """A case with one party whose 行政处罚告知书 (on paper) was served on 2026-09-25 as a step of its procedure."""
    case = make_case(status="under_review", filed_on="2026-09-03", review_on="2026-09-20", facts=FACTS,
                     fine_fen=15_000_000)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-09-25")
    return get_case(db, case.id)


# ---- 1. the party told of the penalty stays on the case --------------------------------------------------------

def test_the_party_served_the_notice_is_not_replaced_by_one_never_told_of_it(db, make_case, english):
    case = _served_one_party(db, make_case)
    company = case.party_ids[0]
    other = _new_person(db)
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(case, party_ids=[other]))
    message = refused.value.message
    assert "cannot be taken off the case" in message and "2026-09-25" in message and "nothing was changed" in message
    assert "Undo last step" in message and "不予行政处罚决定书" in message and "\n" not in message
    assert get_case(db, case.id).party_ids == [company]
    # the step undone (recorded in error), the party is replaced as before
    procedure.undo_last_step(db, case.id, "告知书送达日期录错")
    assert update_case(db, replace(get_case(db, case.id), party_ids=[other])).party_ids == [other]


def test_a_replacement_is_refused_before_the_decision_can_be_reached(db, make_case, english):
    """The audit's chain: replaced after the notice, the new party would be decided at the end of the period."""
    case = _served_one_party(db, make_case)
    with pytest.raises(WorkstationError):
        update_case(db, replace(case, party_ids=[_new_person(db)]))
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-10-12")
    decided = procedure.apply(db, case.id, "decide_penalty", on_date="2026-10-13")
    assert decided.party_ids == case.party_ids  # the party told of the penalty is the one decided


def test_a_party_served_and_waived_in_a_case_with_several_stays_the_other_one_goes(db, make_case, english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-09-03",
                                                          review_on="2026-09-20", facts=FACTS, fine_fen=5_000_000))
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-09-25", party_ids=(company,))
    procedure.apply(db, case.id, "waive_statement", on_date="2026-09-28", party_ids=(company,),
                    reason="当事人书面放弃陈述申辩")
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(get_case(db, case.id), party_ids=[employee]))
    message = refused.value.message
    assert COMPANY in message and "2026-09-25" in message and "nothing was changed" in message
    assert "Undo last step" not in message  # a party's own service is not undone: the way out is said instead
    assert "不予行政处罚决定书" in message
    assert get_case(db, case.id).party_ids == [company, employee]
    # the party never served is taken off as before: the one left is the one told of the penalty
    assert update_case(db, replace(get_case(db, case.id), party_ids=[company])).party_ids == [company]


def test_the_party_left_must_have_been_served_on_the_case_s_day(db, make_case, english):
    """Each served its own notice: the one left alone would count its period from the other's service."""
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-09-03",
                                                          review_on="2026-09-20", facts=FACTS, fine_fen=5_000_000))
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-09-25", party_ids=(company,))
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-09-28", party_ids=(employee,))
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(get_case(db, case.id), party_ids=[employee]))
    assert f"{EMPLOYEE} was served its 行政处罚告知书 on 2026-09-28, not on 2026-09-25" in refused.value.message


def test_a_party_added_by_mistake_after_the_decision_is_taken_off_again(db, make_case):
    case = make_case(status="served", filed_on="2026-09-03", notice_served_on="2026-09-25", decided_on="2026-10-13",
                     served_on="2026-10-14")
    company = case.party_ids[0]
    case = update_case(db, replace(case, party_ids=[company, _new_person(db)]))
    assert update_case(db, replace(case, party_ids=[company])).party_ids == [company]


def test_a_case_decided_on_paper_keeps_its_party(db, make_case, english):
    case = make_case(status="no_penalty", filed_on="2026-09-03", decided_on="2026-10-09")
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(case, party_ids=[_new_person(db)]))
    assert "2026-10-09" in refused.value.message and "nothing was changed" in refused.value.message


def test_a_party_not_yet_told_of_anything_is_replaced_as_before(db, make_case):
    case = make_case(status="investigating", filed_on="2026-09-03")
    other = _new_person(db)
    assert update_case(db, replace(case, party_ids=[other])).party_ids == [other]


@pytest.mark.gui
def test_the_case_dialog_says_why_under_the_parties_and_saves_nothing(qtbot, db, make_case, prompts, english):
    from ui.case_dialog import CaseDialog

    case = _served_one_party(db, make_case)
    other = _new_person(db)
    dialog = CaseDialog(db, prompts, case=get_case(db, case.id))
    qtbot.addWidget(dialog)
    dialog.parties.item(0).setSelected(True)
    dialog._remove_party()
    dialog.add_party(other)
    assert dialog.party_ids() == [other]
    dialog.save()
    assert dialog.saved_case is None and prompts.errors == []
    said = dialog.errors["party_ids"].text()
    assert "2026-09-25" in said and "cannot be taken off the case" in said
    assert get_case(db, case.id).party_ids == case.party_ids


# ---- 2. a hearing on paper: seven working days after the request at the earliest -------------------------------

ASKED = "2026-03-04"  # a Wednesday: seven working days after it is Friday 2026-03-13
EARLIEST = "2026-03-13"


def _paper_hearing(db, make_case):
    """A case with one party, its notice written on paper and served, that asked for a hearing on ``ASKED``."""
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS,
                     fine_fen=10_000_000)
    procedure.apply(db, case.id, "request_hearing", on_date=ASKED)
    return get_case(db, case.id)


def test_a_paper_hearing_is_not_concluded_within_seven_working_days_of_the_request(db, make_case, english,
                                                                                  table_counts):
    case = _paper_hearing(db, make_case)
    before = table_counts(db)
    for day in (ASKED, "2026-03-12"):
        with pytest.raises(TransitionRefused) as refused:
            procedure.apply(db, case.id, "conclude_hearing", on_date=day)
        assert EARLIEST in str(refused.value) and ASKED in str(refused.value)
    assert table_counts(db) == before and get_case(db, case.id).status == "hearing"
    assert procedure.date_refusal(db, get_case(db, case.id), "conclude_hearing", "2026-03-12")
    assert procedure.apply(db, case.id, "conclude_hearing", on_date=EARLIEST).status == "decision_pending"


def test_a_hearing_recorded_early_before_this_check_is_not_concluded_on_it(db, make_case, english):
    case = _paper_hearing(db, make_case)
    db.execute("INSERT INTO clock_events (id, case_id, kind, starts_on, created_at, updated_at) VALUES "
               "('early', ?, 'hearing_session', '2026-03-05', '2026-03-05', '2026-03-05')", [case.id])
    refusal = procedure.date_refusal(db, get_case(db, case.id), "conclude_hearing", "2026-03-20")
    assert "recorded as held (“Hearing held”) on 2026-03-05" in refusal and EARLIEST in refusal


def test_a_paper_hearing_is_not_recorded_as_held_before_it_could_be(db, make_case, english):
    case = _paper_hearing(db, make_case)
    errors = clock_event_errors(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-03-05"),
                                case)
    assert EARLIEST in errors["starts_on"] and ASKED in errors["starts_on"]
    with pytest.raises(ValidationError):
        record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-03-12"))
    assert "starts_on" not in clock_event_errors(
        db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=EARLIEST), case)


def test_the_party_is_not_absent_from_a_paper_hearing_that_could_not_be_held_yet(db, make_case, english):
    case = _paper_hearing(db, make_case)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-05", reason="未到场")
    assert EARLIEST in str(refused.value) and "2026-03-05" in str(refused.value)
    assert get_case(db, case.id).status == "hearing"
    assert procedure.apply(db, case.id, "hearing_absent", on_date=EARLIEST, reason="未到场").status == \
        "decision_pending"


def test_the_command_line_refuses_the_early_paper_hearing_and_its_conclusion(db, data_dir, make_case, capsys,
                                                                               english):
    from tests.helpers import run

    case = _paper_hearing(db, make_case)
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "hold_hearing", "--date", "2026-03-05",
                          "--data-dir", data_dir)
    assert code != 0 and EARLIEST in err
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "conclude_hearing", "--date",
                          "2026-03-05", "--data-dir", data_dir)
    assert code != 0 and EARLIEST in err
    assert get_case(db, case.id).status == "hearing"


# ---- 3. the old 15-digit ID number finds the party ------------------------------------------------------------

def test_an_old_fifteen_digit_number_finds_the_party_stored_with_eighteen(db):
    party = save_party(db, Party(name="赵六", kind="person", id_number="110105491231002"))
    assert party.id_number == "11010519491231002X"
    assert [p.id for p in list_parties(db, "110105491231002")] == [party.id]
    assert [p.id for p in list_parties(db, "赵六 110105491231002")] == [party.id]


@pytest.mark.gui
def test_the_case_dialog_search_finds_the_party_by_its_old_number(qtbot, db, prompts):
    from ui.case_dialog import CaseDialog

    save_party(db, Party(name="赵六", kind="person", id_number="11010519491231002X"))
    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.party_search.setText("110105491231002")
    shown = [dialog.party_choices.itemText(i) for i in range(dialog.party_choices.count())]
    assert any(text.startswith("赵六") for text in shown)


# ---- 4. the duplicate-code check uses the partial indexes ------------------------------------------------------

def _steps(db, call) -> int:
    counted = [0]

    def tick():
        counted[0] += 1
        return 0

    db.conn.set_progress_handler(tick, 100)
    try:
        call()
    finally:
        db.conn.set_progress_handler(None, 100)
    return counted[0]


def test_the_code_checks_read_the_index_not_every_party(db):
    from workstation.store.parties import find_party, party_code_errors
    from workstation.validators import id_check_character, uscc_check_character

    rows = []
    for i in range(3000):
        f17 = f"91440605MA{i:07d}"
        rows.append((f"p{i}", "company", f"公司{i}", f17 + uscc_check_character(f17), "", "2026-01-01",
                     "2026-01-01"))
    with db.atomic():
        db.conn.executemany("INSERT INTO parties(id, kind, name, uscc, id_number, created_at, updated_at) VALUES "
                            "(?, ?, ?, ?, ?, ?, ?)", rows)
    person17 = "44060519900101001"
    probe = Party(name="x", kind="person", uscc="91440605MA4UX2K557", id_number=person17 + id_check_character(person17))
    # a scan of 3000 parties runs tens of thousands of virtual-machine steps; an index look-up a handful
    assert _steps(db, lambda: party_code_errors(db, probe)) < 20
    assert _steps(db, lambda: find_party(db, uscc=probe.uscc, id_number=probe.id_number)) < 20


# ---- final read B, item 3: a party added after a decision recorded for the case alone does not take its place ------

def test_a_party_added_to_a_typed_served_case_does_not_replace_the_decided_one_in_two_saves(db, make_case, english):
    """Typed with its dates, the case keeps no record per party: whom its decision was for cannot be told once
    another party is added, so the one it was made for is not taken off leaving only the newcomer."""
    case = make_case(status="served", filed_on="2026-09-03", notice_served_on="2026-09-25", decided_on="2026-10-13",
                     served_on="2026-10-14")
    company = case.party_ids[0]
    other = _new_person(db)
    case = update_case(db, replace(case, party_ids=[company, other]))
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(case, party_ids=[other]))
    message = refused.value.message
    assert "cannot be taken off the case" in message and "nothing was changed" in message
    assert "2026-10-13" in message and NEW_PARTY in message and "each party" in message
    assert get_case(db, case.id).party_ids == [company, other]


def test_a_party_added_to_a_case_not_penalised_on_paper_does_not_replace_the_one_decided(db, make_case, english):
    case = make_case(status="no_penalty", filed_on="2026-09-03", decided_on="2026-10-09")
    company = case.party_ids[0]
    other = _new_person(db)
    case = update_case(db, replace(case, party_ids=[company, other]))
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(case, party_ids=[other]))
    assert "2026-10-09" in refused.value.message and "nothing was changed" in refused.value.message
    assert get_case(db, case.id).party_ids == [company, other]


def test_a_party_added_to_a_case_with_a_typed_notice_does_not_replace_the_one_served(db, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-09-03", notice_served_on="2026-09-25")
    company = case.party_ids[0]
    other = _new_person(db)
    case = update_case(db, replace(case, party_ids=[company, other]))
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(case, party_ids=[other]))
    assert "2026-09-25" in refused.value.message and "nothing was changed" in refused.value.message
    assert get_case(db, case.id).party_ids == [company, other]
