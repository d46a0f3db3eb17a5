"""举行听证… starts at the hearing day the issued 听证通知书 sets (``procedure.hearing_session_day``): the chosen party's,
following the party row as it changes; with no party chosen, the day common to the pending parties' notices, else the
earliest of their days not recorded yet; today only when no notice states a day."""

from __future__ import annotations

import pytest

from tests.helpers import hearing_notice
from tests.test_hearing10 import asked, both_entitled, joint  # noqa: F401 (fixtures)
from tests.test_s75_hearing_per_party import COMPANY_HEARD, EMPLOYEE_HEARD, two_hearings  # noqa: F401 (fixture)
from workstation import procedure
from workstation.store import get_case

pytestmark = pytest.mark.gui

TODAY = "2026-03-25"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    import ui.case_clocks

    monkeypatch.setattr(procedure, "today", lambda: TODAY)
    monkeypatch.setattr(ui.case_clocks, "today", lambda: TODAY)


def _dialog(qtbot, db, case, prompts, party=None):
    """The dialog 举行听证… opens: 举行听证 chosen, and the party when one is given."""
    from ui.case_clocks import ClockEventDialog

    dialog = ClockEventDialog(db, get_case(db, case.id), prompts, kind="hearing_session", party=party)
    qtbot.addWidget(dialog)
    return dialog


def _day(dialog) -> str:
    return dialog.starts_on.date().toString("yyyy-MM-dd")


def test_one_party_starts_at_its_notices_day(qtbot, db, data_dir, asked, prompts, english):  # noqa: F811
    hearing_notice(db, data_dir, asked, issued_on="2026-03-03", hearing_date="2026-03-13")
    dialog = _dialog(qtbot, db, asked, prompts)
    assert _day(dialog) == "2026-03-13" and dialog.validate() == {}


def test_no_notice_starts_today(qtbot, db, data_dir, asked, prompts, english):  # noqa: F811
    assert _day(_dialog(qtbot, db, asked, prompts)) == TODAY


def test_the_day_follows_the_party_chosen(qtbot, db, data_dir, two_hearings, prompts, english):  # noqa: F811
    case, company, employee = two_hearings
    dialog = _dialog(qtbot, db, case, prompts, party=company)
    assert _day(dialog) == COMPANY_HEARD and dialog.validate() == {}
    dialog.party.setCurrentIndex(dialog.party.findData(employee))
    assert _day(dialog) == EMPLOYEE_HEARD and dialog.validate() == {}


def test_no_party_chosen_starts_at_the_earliest_day_not_recorded(
        qtbot, db, data_dir, two_hearings, prompts, english):  # noqa: F811
    case, company, employee = two_hearings
    dialog = _dialog(qtbot, db, case, prompts)
    assert dialog.party.currentData() == ""  # those whose 听证通知书 sets that day
    assert _day(dialog) == EMPLOYEE_HEARD
    dialog.save()  # the employee's hearing recorded: the company's day comes next
    assert [event.party_id for event in dialog.recorded] == [employee]
    assert _day(_dialog(qtbot, db, case, prompts)) == COMPANY_HEARD


def test_no_party_chosen_starts_at_the_day_common_to_the_notices(
        qtbot, db, data_dir, both_entitled, prompts, english):  # noqa: F811
    case, company, employee = both_entitled
    for party, day in ((employee, "2026-03-03"), (company, "2026-03-04")):
        procedure.apply(db, case.id, "request_hearing", on_date=day, party_id=party)
        hearing_notice(db, data_dir, case, party, issued_on="2026-03-04", hearing_date="2026-03-13")
    assert _day(_dialog(qtbot, db, case, prompts)) == "2026-03-13"


def test_a_party_without_a_notice_starts_today_and_the_workspace_button_prefills(
        qtbot, db, data_dir, both_entitled, prompts, english, monkeypatch):  # noqa: F811
    from PySide6.QtWidgets import QDialog

    from ui.case_workspace import CaseWorkspace

    case, company, employee = both_entitled
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=employee)
    dialog = _dialog(qtbot, db, case, prompts, party=employee)
    assert _day(dialog) == TODAY  # asked, not notified yet
    hearing_notice(db, data_dir, case, employee, issued_on="2026-03-03", hearing_date=EMPLOYEE_HEARD)
    seen = []

    def shown(opened):
        seen.append((opened.party.currentData(), _day(opened)))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", shown)
    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    workspace.hold_hearing_button.click()
    assert seen == [(employee, EMPLOYEE_HEARD)]  # the one pending hearing, on its notice's day



def test_the_one_partys_day_recorded_already_is_not_prefilled(
        qtbot, db, data_dir, asked, prompts, english):  # noqa: F811
    """The notice's day recorded already: the dialog starts today, not on a day that would be refused."""
    hearing_notice(db, data_dir, asked, issued_on="2026-03-03", hearing_date="2026-03-13")
    procedure.record_hearing_session(db, get_case(db, asked.id), "2026-03-13")
    assert _day(_dialog(qtbot, db, asked, prompts)) == TODAY


def test_the_chosen_partys_day_recorded_already_is_not_prefilled(
        qtbot, db, data_dir, two_hearings, prompts, english):  # noqa: F811
    case, company, employee = two_hearings
    procedure.record_hearing_session(db, get_case(db, case.id), EMPLOYEE_HEARD, party_ids=(employee,))
    assert _day(_dialog(qtbot, db, case, prompts, party=employee)) == TODAY
    assert _day(_dialog(qtbot, db, case, prompts, party=company)) == COMPANY_HEARD


def test_the_day_common_to_the_notices_is_not_prefilled_once_recorded(
        qtbot, db, data_dir, both_entitled, prompts, english):  # noqa: F811
    case, company, employee = both_entitled
    for party, day in ((employee, "2026-03-03"), (company, "2026-03-04")):
        procedure.apply(db, case.id, "request_hearing", on_date=day, party_id=party)
        hearing_notice(db, data_dir, case, party, issued_on="2026-03-04", hearing_date="2026-03-13")
    procedure.record_hearing_session(db, get_case(db, case.id), "2026-03-13")
    assert _day(_dialog(qtbot, db, case, prompts)) == TODAY
