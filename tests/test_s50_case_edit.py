"""The case editor, audit s50. (1) A case cannot be handed to another bureau (办案机关) once documents carrying its
bureau's 文号 were issued in it (the 行政处罚决定书 among them): later documents would be headed by the new bureau while
citing the old one's, and the statistics would count the case elsewhere. The store refuses it naming the field and
the documents; the editor greys out the other bureaus' entries, says why, and shows the refusal under the field.
Moving the case between the bureau and its town offices, whose documents go out under the same 文号, stays allowed,
as does any move once the documents are voided. (2) The editor reads 1.5万 in the money fields as ¥15,000.00, as
``cases import`` does. (3) Taking off a party a decision was issued to is refused under the party list as the other
field errors are, not only by a message box after Save."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_multiparty13 import EMPLOYEE, decided_case
from tests.test_typed_fine import decided_single
from workstation.documents.issuing import case_documents, void_document
from workstation.errors import WorkstationError
from workstation.records import Officer
from workstation.store import agency_id_for_code, get_case, save_officer
from workstation.store.cases import case_field_errors, update_case

SHUNDE, GUICHENG = "440606", "440605011"  # another district bureau; a town office of the Nanhai bureau


def shunde_officers(db) -> list[str]:
    return [save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency_id_for_code(SHUNDE))).id
            for name, cert in (("梁志明", "44060612001"), ("何慧玲", "44060612002"))]


def to_shunde(db, case, officer_ids=None):
    return replace(case, agency_id=agency_id_for_code(SHUNDE), officer_ids=officer_ids or shunde_officers(db))


# ---- 1. the bureau of a case with documents under its 文号 ---------------------------------------------------------

def test_a_decided_case_is_not_handed_to_another_bureau_and_nothing_changes(db, data_dir, make_case, english,
                                                                          table_counts):
    case, decision = decided_single(db, data_dir, make_case)
    officer_ids = shunde_officers(db)
    before = table_counts(db)
    with pytest.raises(WorkstationError) as refused:
        update_case(db, to_shunde(db, case, officer_ids))
    message = refused.value.message
    assert "“Agency”" in message and decision.number in message and "佛山市南海区市场监督管理局" in message
    assert "nothing was changed" in message and "void" in message and "案件移送函" in message
    assert "\n" not in message
    stored = get_case(db, case.id)
    assert (stored.agency_id, stored.district, stored.version) == (case.agency_id, case.district, case.version)
    assert table_counts(db, ("cases", "case_events", "audit")) == {
        t: before[t] for t in ("cases", "case_events", "audit")}


def test_the_refusal_names_the_field_in_chinese(db, data_dir, make_case, chinese):
    case, decision = decided_single(db, data_dir, make_case)
    with pytest.raises(WorkstationError) as refused:
        update_case(db, to_shunde(db, case))
    assert "办案机关" in refused.value.message and decision.number in refused.value.message


def test_the_field_errors_say_it_under_the_agency(db, data_dir, make_case, english):
    case, decision = decided_single(db, data_dir, make_case)
    errors = case_field_errors(db, to_shunde(db, case), existing=True, stored=case)
    assert decision.number in errors["agency_id"]
    assert "agency_id" not in case_field_errors(db, case, existing=True, stored=case)


def test_a_decided_case_moves_between_its_bureau_and_the_bureaus_offices(db, data_dir, make_case):
    case, _decision = decided_single(db, data_dir, make_case)
    moved = update_case(db, replace(case, agency_id=agency_id_for_code(GUICHENG)))
    assert moved.agency_id == agency_id_for_code(GUICHENG) and moved.district == case.district


def test_a_case_whose_numbered_documents_are_voided_moves_to_another_bureau(db, data_dir, make_case):
    case, decision = decided_single(db, data_dir, make_case)
    void_document(db, decision.id, "办案机关录入错误")
    assert [d for d in case_documents(db, case.id) if d.status == "issued" and d.number] == []
    moved = update_case(db, to_shunde(db, get_case(db, case.id)))
    assert moved.agency_id == agency_id_for_code(SHUNDE) and moved.district == "顺德区"


def test_a_case_without_issued_documents_moves_as_before(db, make_case):
    case = make_case(status="pending_filing")
    moved = update_case(db, replace(case, agency_id=agency_id_for_code(SHUNDE)))
    assert moved.agency_id == agency_id_for_code(SHUNDE) and moved.district == "顺德区"


# ---- 3. a party the decision was issued to: said with the field errors ---------------------------------------------

def test_the_field_errors_say_a_decided_party_stays(db, data_dir, make_case, english):
    case, company, _employee = decided_case(db, data_dir, make_case)
    stored = get_case(db, case.id)
    errors = case_field_errors(db, replace(stored, party_ids=[company]), existing=True, stored=stored)
    assert f"{EMPLOYEE} cannot be taken off the case" in errors["party_ids"]


# ---- the editor ----------------------------------------------------------------------------------------------------

def _save(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def _dialog(qtbot, db, prompts, case=None):
    from ui.case_dialog import CaseDialog

    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.gui
def test_the_editor_locks_other_bureaus_and_says_why(qtbot, db, data_dir, make_case, prompts, english):
    from PySide6.QtWidgets import QLabel

    from ui.save_keys import press_save

    case, decision = decided_single(db, data_dir, make_case)
    dialog = _dialog(qtbot, db, prompts, case)
    note = dialog.findChild(QLabel, "agency_locked_note")
    assert note is not None and not note.isHidden() and decision.number in note.text()
    model = dialog.agency.model()
    shunde = dialog.agency.findData(agency_id_for_code(SHUNDE))
    guicheng = dialog.agency.findData(agency_id_for_code(GUICHENG))
    assert not model.item(shunde).isEnabled() and model.item(guicheng).isEnabled()
    assert _save(dialog).isEnabled()
    dialog.agency.setCurrentIndex(shunde)  # chosen anyway (not through the list): refused under the field
    assert not _save(dialog).isEnabled()
    press_save(dialog)
    assert decision.number in dialog.errors["agency_id"].text() and dialog.errors["agency_id"].isVisibleTo(dialog)
    assert prompts.errors == [] and get_case(db, case.id).agency_id == case.agency_id


@pytest.mark.gui
def test_the_editor_of_a_case_without_documents_offers_every_agency(qtbot, db, make_case, prompts):
    from PySide6.QtWidgets import QLabel

    case = make_case(status="pending_filing")
    dialog = _dialog(qtbot, db, prompts, case)
    assert dialog.findChild(QLabel, "agency_locked_note").isHidden()
    model = dialog.agency.model()
    assert all(model.item(i).isEnabled() for i in range(dialog.agency.count()))
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(SHUNDE)))
    dialog.save()
    assert get_case(db, case.id).agency_id == agency_id_for_code(SHUNDE)


@pytest.mark.gui
@pytest.mark.parametrize("typed", ["1.5万", "1.5万元"])
def test_the_editor_reads_an_amount_in_ten_thousands_as_the_import_does(qtbot, db, make_case, prompts, typed):
    case = make_case(status="investigating", filed_on="2026-03-02")
    dialog = _dialog(qtbot, db, prompts, case)
    for field in ("fine_fen", "confiscated_fen", "illegal_gains_fen"):
        dialog.money[field].setText(typed)
    assert not {"fine_fen", "confiscated_fen", "illegal_gains_fen"} & set(dialog.validate())
    assert _save(dialog).isEnabled()
    dialog.save()
    assert prompts.errors == []
    stored = get_case(db, case.id)
    assert (stored.fine_fen, stored.confiscated_fen, stored.illegal_gains_fen) == (1_500_000,) * 3


@pytest.mark.gui
def test_the_editor_refuses_a_vague_amount_in_ten_thousands_under_the_field(qtbot, db, make_case, prompts):
    case = make_case(status="investigating", filed_on="2026-03-02")
    dialog = _dialog(qtbot, db, prompts, case)
    dialog.money["fine_fen"].setText("约1.5万")
    assert "fine_fen" in dialog.validate() and not _save(dialog).isEnabled()


@pytest.mark.gui
def test_the_editor_says_under_the_parties_that_a_decided_party_stays(qtbot, db, data_dir, make_case, prompts,
                                                                     english):
    from PySide6.QtCore import Qt

    from ui.save_keys import press_save

    case, company, employee = decided_case(db, data_dir, make_case)
    dialog = _dialog(qtbot, db, prompts, get_case(db, case.id))
    row = next(i for i in range(dialog.parties.count())
               if dialog.parties.item(i).data(Qt.ItemDataRole.UserRole) == employee)
    dialog.parties.item(row).setSelected(True)
    dialog._remove_party()
    assert dialog.party_ids() == [company]
    assert not _save(dialog).isEnabled()
    press_save(dialog)
    assert f"{EMPLOYEE} cannot be taken off the case" in dialog.errors["party_ids"].text()
    assert dialog.errors["party_ids"].isVisibleTo(dialog)
    assert prompts.errors == [] and get_case(db, case.id).party_ids == [company, employee]
