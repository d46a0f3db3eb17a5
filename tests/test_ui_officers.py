import pytest

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
    assert taken.name in dialog.error.text()
    assert not dialog.save_button.isEnabled()
