"""A reconsideration or litigation is the party's own (Penalty Law art. 73 para. 3): in a case with several parties
the one recorded for a party pauses only that party's late-payment surcharge; one recorded for the whole case (no
party named: a case with one party, data from before) pauses every party's, as before."""

from __future__ import annotations

import pytest

from tests.test_multiparty13 import COMPANY, EMPLOYEE, decided_case, serve
from workstation import procedure
from workstation.errors import ValidationError
from workstation.law.case_law import case_law
from workstation.records import ClockEvent, Party
from workstation.store import get_case, save_party
from workstation.store.cases import case_timeline
from workstation.store.clock_events import clock_event_errors, record_clock_event

ON = "2026-04-06"  # both served on 03-12: both pay by 03-27, ten days overdue on 04-06


@pytest.fixture
def overdue(request, db, data_dir, kept_state):
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee = decided_case(db, data_dir, make_case)
        serve(db, case, "2026-03-12", company, employee)
        return case, company, employee

    return kept_state("overdue", db, data_dir, make, ("make_case", "officers"))


def pause(db, case, kind="reconsideration", party="", starts_on="2026-03-30", ends_on="2026-04-02"):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, party_id=party, starts_on=starts_on,
                                             ends_on=ends_on))


def owed(db, case):
    law = case_law(db, get_case(db, case.id), on=ON)
    return {p.party_id: (p.surcharge.days, p.surcharge.paused_days) for p in law.parties}


@pytest.mark.parametrize("kind", ["reconsideration", "litigation"])
def test_a_partys_own_reconsideration_pauses_only_its_surcharge(db, overdue, kind):
    case, company, employee = overdue
    pause(db, case, kind, company)  # 03-30 … 04-02: four days
    assert owed(db, case) == {company: (6, 4), employee: (10, 0)}


def test_one_recorded_for_the_whole_case_pauses_every_partys_surcharge(db, overdue):
    case, company, employee = overdue
    pause(db, case)
    assert owed(db, case) == {company: (6, 4), employee: (6, 4)}


def test_each_party_may_have_its_own_reconsideration_running_at_once(db, overdue):
    case, company, employee = overdue
    pause(db, case, party=company, ends_on=None)
    pause(db, case, party=employee, starts_on="2026-04-03", ends_on=None)
    assert owed(db, case) == {company: (2, 8), employee: (6, 4)}
    with pytest.raises(ValidationError) as raised:  # the same party's second one while the first runs
        pause(db, case, party=company, starts_on="2026-04-04", ends_on=None)
    assert "ends_on" in raised.value.errors
    with pytest.raises(ValidationError):  # nor one of the whole case beside a party's
        pause(db, case, starts_on="2026-04-04", ends_on=None)


def test_a_party_not_of_the_case_is_refused_and_nothing_is_recorded(db, overdue):
    case, _company, _employee = overdue
    stranger = save_party(db, Party(name="陈某", kind="person")).id
    event = ClockEvent(case_id=case.id, kind="reconsideration", party_id=stranger, starts_on="2026-03-30")
    assert set(clock_event_errors(db, event, get_case(db, case.id))) == {"party"}
    with pytest.raises(ValidationError):
        record_clock_event(db, event)
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE case_id = ?", [case.id]).fetchone()[0] == 0


def test_the_timeline_names_the_party_that_applied(db, overdue, english):
    case, company, _employee = overdue
    pause(db, case, party=company)
    lines = [entry.text for entry in case_timeline(db, get_case(db, case.id))]
    assert f"Administrative reconsideration of {COMPANY} from 2026-03-30 to 2026-04-02 (4 days)" in lines  # the kind is a label


def test_a_one_party_case_is_paused_by_its_reconsideration_as_before(db, make_case):
    case = make_case(status="penalty_decided", filed_on="2026-02-20", decided_on="2026-03-10", fine_fen=5_000_000)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    pause(db, case)
    law = case_law(db, get_case(db, case.id), on=ON)
    assert (law.surcharge.days, law.surcharge.paused_days, law.parties) == (6, 4, ())
    assert "clock" not in clock_event_errors(db, ClockEvent(case_id=case.id, kind="litigation",
                                                            starts_on="2026-03-30"), get_case(db, case.id))


@pytest.mark.gui
def test_the_event_dialog_asks_which_party_applied_only_in_a_case_with_several(db, overdue, make_case, qtbot,
                                                                              prompts):
    from ui.case_clocks import ClockEventDialog

    case, company, employee = overdue
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("suspension"))
    assert not dialog.party.isVisibleTo(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("reconsideration"))
    assert dialog.party.isVisibleTo(dialog)
    assert [dialog.party.itemData(i) for i in range(dialog.party.count())] == [company, employee, ""]
    dialog.party.setCurrentIndex(dialog.party.findData(employee))
    dialog.starts_on.setDate(dialog.starts_on.date().fromString("2026-03-30", "yyyy-MM-dd"))
    dialog.save()
    assert dialog.saved is not None and dialog.saved.party_id == employee
    assert owed(db, case) == {company: (10, 0), employee: (2, 8)}

    single = make_case(status="penalty_decided", filed_on="2026-02-20", decided_on="2026-03-10", fine_fen=5_000_000)
    alone = ClockEventDialog(db, single, prompts)
    qtbot.addWidget(alone)
    alone.kind.setCurrentIndex(alone.kind.findData("reconsideration"))
    assert not alone.party.isVisibleTo(alone) and alone.current().party_id is None


@pytest.mark.gui
def test_the_law_box_shows_the_pause_only_for_the_party_that_applied(db, overdue, make_window, monkeypatch):
    from PySide6.QtWidgets import QLabel

    import workstation.law.case_law as case_law_module

    case, company, _employee = overdue
    pause(db, case, party=company)
    monkeypatch.setattr(case_law_module, "today", lambda: ON)
    text = make_window(db).open_case(case.id).law.findChild(QLabel, "surcharge").text()
    company_part, employee_part = text.split(f"\n{EMPLOYEE}")
    assert company_part.startswith(COMPANY)
    # six days of 3 % of ¥50,000 for the company, ten of 3 % of ¥5,000 for the employee
    assert "¥9,000.00" in company_part and "¥1,500.00" in employee_part
