import pytest

from PySide6.QtCore import Qt

from ui.officers_dialog import OfficersDialog
from workstation.store import agency_by_code, list_officers

pytestmark = pytest.mark.gui


def test_add_an_officer_and_correct_the_certificate(qtbot, db, prompts):
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.name.insert("陈志远")
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_by_code(db, "440606").id))
    qtbot.keyClicks(dialog.cert_no, "44060610077")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 2).data() == "佛山市顺德区市场监督管理局"
    dialog.table.selectRow(0)
    assert dialog.name.text() == "陈志远"
    dialog.cert_no.setText("44060610078")
    dialog.save_button.click()
    officers = list_officers(db)
    assert [(o.name, o.cert_no) for o in officers] == [("陈志远", "44060610078")]


def test_a_certificate_number_cannot_belong_to_two_officers(qtbot, demo_db, prompts):
    taken = list_officers(demo_db)[0]
    dialog = OfficersDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    dialog.name.insert("新同事")
    dialog.cert_no.setText(taken.cert_no)
    assert taken.name in dialog.errors["cert_no"].text() and not dialog.errors["cert_no"].isHidden()
    assert not dialog.save_button.isEnabled()


def test_enter_in_a_field_saves_the_officer_instead_of_wiping_the_form(qtbot, db, prompts):
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setFocus()
    dialog.name.insert("陈志远")
    qtbot.keyClicks(dialog.cert_no, "44060610077")
    qtbot.keyClick(dialog.cert_no, Qt.Key.Key_Return)
    assert [(o.name, o.cert_no) for o in list_officers(db)] == [("陈志远", "44060610077")]
    assert dialog.model.rowCount() == 1 and dialog.isVisible()


def test_typed_changes_to_an_officer_are_dropped_only_when_the_officer_says_so(qtbot, demo_db, prompts):
    dialog = OfficersDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    first = dialog.model.records[0]
    dialog.cert_no.setText("44060699999")
    dialog.table.selectRow(1)  # another officer: the correction would be lost
    assert len(prompts.confirmations) == 1
    assert dialog.cert_no.text() == "44060699999" and dialog.editing.id == first.id
    assert [i.row() for i in dialog.table.selectionModel().selectedRows()] == [0]
    dialog.new_button.click()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # asked to save, discard or cancel: cancelled
    assert len(prompts.confirmations) == 2 and len(prompts.offered) == 1
    assert dialog.isVisible() and dialog.cert_no.text() == "44060699999"
    prompts.confirm_answer = True
    dialog.table.selectRow(1)
    assert dialog.name.text() == dialog.model.records[1].name and len(prompts.confirmations) == 3
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed since: it closes without asking
    assert not dialog.isVisible() and len(prompts.confirmations) == 3 and len(prompts.offered) == 1
    assert next(o for o in list_officers(demo_db) if o.id == first.id).cert_no == first.cert_no
