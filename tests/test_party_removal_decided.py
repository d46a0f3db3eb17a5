"""Taking a party off a case: refused while a 行政处罚决定书 (or 不予行政处罚决定书) issued to it stands — the decision
binds that party, counts for the case and keeps its service and payment awaited — and allowed once it is voided;
a party with only procedure steps recorded (a notice served on it) is taken off as before."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_multiparty13 import EMPLOYEE, decided_case
from workstation import party_notices
from workstation.documents.issuing import case_documents, void_document
from workstation.errors import WorkstationError
from workstation.procedure import _party_events
from workstation.records import Party
from workstation.store import get_case, save_party, update_case


def _employee_decision(db, case, employee):
    return next(d for d in case_documents(db, case.id) if d.form_id == "penalty_decision"
                and d.values.get("party_id") == employee)


def test_a_party_a_decision_was_issued_to_is_not_taken_off_the_case_until_it_is_voided(db, data_dir, make_case,
                                                                                         english):
    case, company, employee = decided_case(db, data_dir, make_case)
    decision = _employee_decision(db, case, employee)
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(get_case(db, case.id), party_ids=[company]))
    message = refused.value.message
    assert f"{EMPLOYEE} cannot be taken off the case" in message and decision.number in message
    assert "nothing was changed" in message and "void it first" in message and "\n" not in message
    assert get_case(db, case.id).party_ids == [company, employee]
    void_document(db, decision.id, "当事人认定错误")
    assert update_case(db, replace(get_case(db, case.id), party_ids=[company])).party_ids == [company]


def test_a_party_with_only_a_notice_served_on_it_is_taken_off_as_before(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02")
    first = get_case(db, case.id).party_ids[0]
    other = save_party(db, Party(name="陈某", kind="person")).id
    case = update_case(db, replace(get_case(db, case.id), party_ids=[first, other]))
    _party_events(db, case, party_notices.SERVED, (other,), "2026-03-10", "")
    assert update_case(db, replace(get_case(db, case.id), party_ids=[first])).party_ids == [first]


@pytest.mark.gui
def test_the_case_dialog_shows_why_the_party_stays_and_keeps_the_case_as_it_was(qtbot, db, data_dir, make_case,
                                                                              prompts):
    from PySide6.QtCore import Qt

    from ui.case_dialog import CaseDialog

    case, company, employee = decided_case(db, data_dir, make_case)
    decision = _employee_decision(db, case, employee)
    dialog = CaseDialog(db, prompts, case=get_case(db, case.id))
    qtbot.addWidget(dialog)
    row = next(i for i in range(dialog.parties.count())
               if dialog.parties.item(i).data(Qt.ItemDataRole.UserRole) == employee)
    dialog.parties.item(row).setSelected(True)
    dialog._remove_party()
    assert dialog.party_ids() == [company]
    dialog.save()  # said under the parties as the other field errors are (tests/test_s50_case_edit.py), no box
    assert dialog.saved_case is None and prompts.errors == []
    assert EMPLOYEE in dialog.errors["party_ids"].text() and decision.number in dialog.errors["party_ids"].text()
    assert get_case(db, case.id).party_ids == [company, employee]
