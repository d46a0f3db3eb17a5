"""Parties heard on different days (audit hearing_multiparty #1): each party's hearing is its own. 举行听证 is
recorded for the parties whose 听证通知书 sets that day (or those --party names), so that a party's 决定书 states the
day it was heard — not the later day another party was — and the conclusion of the hearing waits for the party
still to be heard, saying so, instead of blaming its notice for a hearing held on another party's day. A case with one
party records the case's hearing as before (tests/test_hearing10.py)."""

from __future__ import annotations

import pytest

from tests.helpers import hearing_notice, run, run_json
from tests.test_hearing10 import asked, both_entitled, joint  # noqa: F401 (fixtures)
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.store import get_case
from workstation.store.clock_events import clock_events_of

#: the employee asked on 03-03 and was heard on 03-12; the company asked on 03-09, its hearing set on 03-18
EMPLOYEE_HEARD, COMPANY_HEARD = "2026-03-12", "2026-03-18"


@pytest.fixture
def two_hearings(db, data_dir, both_entitled, monkeypatch):  # noqa: F811
    monkeypatch.setattr(procedure, "today", lambda: "2026-03-25")
    case, company, employee = both_entitled
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=employee)
    hearing_notice(db, data_dir, case, employee, issued_on="2026-03-03", hearing_date=EMPLOYEE_HEARD)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-09", party_id=company)
    hearing_notice(db, data_dir, case, company, issued_on="2026-03-09", hearing_date=COMPANY_HEARD)
    return get_case(db, case.id), company, employee


def sessions(db, case) -> list[tuple[str, str | None]]:
    return sorted((e.starts_on, e.party_id) for e in clock_events_of(db, case.id) if e.kind == "hearing_session")


def _both_notified(db, data_dir, case, company, employee) -> None:
    """The employee asked for a hearing on 03-03, the company on 03-04: both notified on 03-04 of one on 03-13."""
    for party, day in ((employee, "2026-03-03"), (company, "2026-03-04")):
        procedure.apply(db, case.id, "request_hearing", on_date=day, party_id=party)
        hearing_notice(db, data_dir, case, party, issued_on="2026-03-04", hearing_date="2026-03-13")


def test_each_party_is_heard_on_its_own_day_and_its_decision_says_so(db, data_dir, two_hearings, capsys, english,
                                                                      table_counts):
    from tests.test_party_kind_documents import printed
    from workstation.documents.drafts import draft_document, find_form

    case, company, employee = two_hearings
    # recorded without --party: the employee's, whose notice sets that day
    result = run_json(capsys, "cases", "transition", case.case_number, "hold_hearing", "--date", EMPLOYEE_HEARD,
                      "--data-dir", data_dir)
    assert (result["hearing_held_on"], result["party_ids"]) == (EMPLOYEE_HEARD, [employee])
    assert sessions(db, case) == [(EMPLOYEE_HEARD, employee)]
    # concluded the next day: the company's hearing is still to be held, and said so (not its notice blamed)
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13")
    text = str(refused.value)
    assert text.startswith(f"{COMPANY}: The 听证通知书 ")
    assert f"sets the hearing on {COMPANY_HEARD}: it cannot be concluded on 2026-03-13, before it is held" in text
    assert "at the earliest" not in text and EMPLOYEE not in text
    assert table_counts(db) == before and get_case(db, case.id).status == "hearing"
    # the company named on another day than its notice sets: refused naming the option, nothing recorded
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "hold_hearing", "--party", COMPANY,
                          "--date", EMPLOYEE_HEARD, "--data-dir", data_dir)
    assert code != 0 and "--party" in err and f"sets its hearing on {COMPANY_HEARD}, not {EMPLOYEE_HEARD}" in err
    assert table_counts(db) == before
    # named, on its own day
    result = run_json(capsys, "cases", "transition", case.case_number, "hold_hearing", "--party", COMPANY,
                      "--date", COMPANY_HEARD, "--data-dir", data_dir)
    assert result["party_ids"] == [company]
    assert sessions(db, case) == sorted([(EMPLOYEE_HEARD, employee), (COMPANY_HEARD, company)])
    assert procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-19").status == "decision_pending"
    case = get_case(db, case.id)
    assert procedure.party_hearing_held_on(db, case, employee) == EMPLOYEE_HEARD
    assert procedure.party_hearing_held_on(db, case, company) == COMPANY_HEARD
    decision = {"facts": FACTS, "fine_fen": "50000", "warning": True, "decided_on": "2026-03-20"}
    text = printed(draft_document(db, case, find_form("penalty_decision"), decision, party_id=employee))[0]
    assert "2026年3月12日依法举行了听证" in text and "2026年3月18日" not in text


def test_a_hearing_of_the_case_recorded_before_is_read_as_each_partys_notice_says(db, data_dir, two_hearings):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case, company, employee = two_hearings
    # the case's own (recorded as before, or from the Time limits section of an earlier version): the notice's day
    for day in (EMPLOYEE_HEARD, COMPANY_HEARD):
        record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=day))
    assert sessions(db, case) == [(EMPLOYEE_HEARD, None), (COMPANY_HEARD, None)]
    # the employee's hearing is its notice's day, not the company's later one recorded for the case (T6 checks its
    # own notice against it)
    assert procedure.hearing_day(db, case, "2026-03-19", employee) == EMPLOYEE_HEARD
    assert procedure.hearing_day(db, case, "2026-03-19", company) == COMPANY_HEARD
    assert procedure.hearing_day(db, case, "2026-03-19") == COMPANY_HEARD  # the case's: as before
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-19")
    case = get_case(db, case.id)
    assert procedure.party_hearing_held_on(db, case, employee) == EMPLOYEE_HEARD
    assert procedure.party_hearing_held_on(db, case, company) == COMPANY_HEARD


def test_one_day_for_every_party_is_the_cases_hearing(db, data_dir, both_entitled, capsys, english,  # noqa: F811
                                                      monkeypatch):
    monkeypatch.setattr(procedure, "today", lambda: "2026-03-25")
    case, company, employee = both_entitled
    _both_notified(db, data_dir, case, company, employee)
    result = run_json(capsys, "cases", "transition", case.case_number, "hold_hearing", "--date", "2026-03-13",
                      "--data-dir", data_dir)
    assert result["party_ids"] == [] and sessions(db, case) == [("2026-03-13", None)]
    # recorded again for a party: already recorded, refused
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "hold_hearing", "--party", EMPLOYEE,
                          "--date", "2026-03-13", "--data-dir", data_dir)
    assert code != 0 and "is recorded already" in err and sessions(db, case) == [("2026-03-13", None)]


def _hearing_recorded_in_the_dialog(db, case, prompts, qtbot, day: str):
    """The clock-event dialog of ``case`` saved on 举行听证 on ``day``, no party chosen (its default)."""
    from ui.case_clocks import ClockEventDialog

    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("hearing_session"))
    dialog.starts_on.setDate(dialog.starts_on.date().fromString(day, "yyyy-MM-dd"))
    assert dialog.validate() == {}
    dialog.save()
    return dialog


@pytest.mark.gui
def test_the_clock_dialog_records_the_partys_own_hearing(db, data_dir, two_hearings, prompts, qtbot, english):
    case, company, employee = two_hearings
    _hearing_recorded_in_the_dialog(db, case, prompts, qtbot, COMPANY_HEARD)
    assert sessions(db, case) == [(COMPANY_HEARD, company)]


def test_a_case_with_one_party_records_the_cases_hearing(db, data_dir, asked, capsys, english,  # noqa: F811
                                                         monkeypatch):
    monkeypatch.setattr(procedure, "today", lambda: "2026-03-25")
    case = asked
    hearing_notice(db, data_dir, case, issued_on="2026-03-04", hearing_date="2026-03-13")
    party = case.party_ids[0]
    result = run_json(capsys, "cases", "transition", case.case_number, "hold_hearing", "--party", COMPANY, "--date",
                      "2026-03-13", "--data-dir", data_dir)
    assert result["party_ids"] == [] and sessions(db, case) == [("2026-03-13", None)]
    assert procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13").status == "decision_pending"
    assert procedure.party_hearing_held_on(db, get_case(db, case.id), party) == "2026-03-13"


def test_the_store_keeps_the_partys_hearing_and_names_it(db, data_dir, two_hearings, capsys, english):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import describe, record_clock_event

    case, company, employee = two_hearings
    audited = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    result = run_json(capsys, "clocks", "record", case.case_number, "hearing_session", "--party", COMPANY, "--on",
                      COMPANY_HEARD, "--data-dir", data_dir)
    assert result["party_id"] == company and COMPANY in result["text"]
    assert sessions(db, case) == [(COMPANY_HEARD, company)]
    assert db.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == audited + 1  # saved once, audited once
    listed = run_json(capsys, "clocks", "events", case.case_number, "--data-dir", data_dir)
    assert any(COMPANY in row["text"] for row in listed if row["kind"] == "hearing_session")
    # named on another day than its notice sets: refused naming --party, nothing recorded
    code, _out, err = run(capsys, "clocks", "record", case.case_number, "hearing_session", "--party", EMPLOYEE,
                          "--on", COMPANY_HEARD, "--data-dir", data_dir)
    assert code != 0 and "--party" in err and sessions(db, case) == [(COMPANY_HEARD, company)]
    # the store itself keeps the party it is given
    event = record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=EMPLOYEE_HEARD,
                                              party_id=employee))
    assert event.party_id == employee and EMPLOYEE in describe(event, db)
    assert sessions(db, case) == sorted([(COMPANY_HEARD, company), (EMPLOYEE_HEARD, employee)])


def test_a_plain_record_leaves_out_a_party_already_heard_that_day(db, data_dir, both_entitled, capsys, english,  # noqa: F811
                                                                  monkeypatch):
    monkeypatch.setattr(procedure, "today", lambda: "2026-03-25")
    case, company, employee = both_entitled
    _both_notified(db, data_dir, case, company, employee)
    result = run_json(capsys, "cases", "transition", case.case_number, "hold_hearing", "--party", EMPLOYEE,
                      "--date", "2026-03-13", "--data-dir", data_dir)
    assert result["party_ids"] == [employee]
    # recorded without --party on the same day: the company's, not the whole case's again
    result = run_json(capsys, "cases", "transition", case.case_number, "hold_hearing", "--date", "2026-03-13",
                      "--data-dir", data_dir)
    assert result["party_ids"] == [company]
    assert sessions(db, case) == sorted([("2026-03-13", employee), ("2026-03-13", company)])
    # and once more: each is recorded already, refused
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "hold_hearing", "--date", "2026-03-13",
                          "--data-dir", data_dir)
    assert code != 0 and "is recorded already" in err
    assert sessions(db, case) == sorted([("2026-03-13", employee), ("2026-03-13", company)])


THIRD = "陈小明"


@pytest.fixture
def three_parties(db, data_dir, both_entitled, monkeypatch):  # noqa: F811
    """The joint case with a third party: the employee and the third heard on 03-12, the company on 03-18."""
    from dataclasses import replace

    from tests.test_party_case10 import notice
    from workstation.records import Party
    from workstation.store import save_party, update_case

    monkeypatch.setattr(procedure, "today", lambda: "2026-03-25")
    case, company, employee = both_entitled
    third = save_party(db, Party(name=THIRD, kind="person", id_number="110105194912310038",
                                 address="佛山市禅城区祖庙路5号")).id
    update_case(db, replace(get_case(db, case.id), party_ids=[company, employee, third]))
    notice(db, data_dir, case, third, fine_fen="20000", hearing_required=True)
    for party, day, held in ((employee, "2026-03-03", EMPLOYEE_HEARD), (third, "2026-03-03", EMPLOYEE_HEARD),
                             (company, "2026-03-09", COMPANY_HEARD)):
        procedure.apply(db, case.id, "request_hearing", on_date=day, party_id=party)
        hearing_notice(db, data_dir, case, party, issued_on=day, hearing_date=held)
    return get_case(db, case.id), company, employee, third


def test_every_event_recorded_is_reported(db, data_dir, three_parties, capsys, english):
    case, company, employee, third = three_parties
    result = run_json(capsys, "clocks", "record", case.case_number, "hearing_session", "--on", EMPLOYEE_HEARD,
                      "--data-dir", data_dir)
    assert sorted(event["party_id"] for event in result["events"]) == sorted([employee, third])
    assert sessions(db, case) == sorted([(EMPLOYEE_HEARD, employee), (EMPLOYEE_HEARD, third)])
    code, out, _err = run(capsys, "clocks", "record", case.case_number, "hearing_session", "--on", COMPANY_HEARD,
                          "--data-dir", data_dir)
    assert code == 0 and COMPANY in out


@pytest.mark.gui
def test_the_clock_dialog_says_every_hearing_it_recorded(db, data_dir, three_parties, prompts, qtbot, english):
    case, company, employee, third = three_parties
    dialog = _hearing_recorded_in_the_dialog(db, case, prompts, qtbot, EMPLOYEE_HEARD)
    assert sessions(db, case) == sorted([(EMPLOYEE_HEARD, employee), (EMPLOYEE_HEARD, third)])
    assert [event.party_id for event in dialog.recorded] and len(dialog.recorded) == 2
    assert EMPLOYEE in prompts.infos[-1] and THIRD in prompts.infos[-1]
