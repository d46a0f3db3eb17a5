"""Phone and ID numbers typed into free text of the case list and the interview register are masked there as in
every other list (cell and tooltip), and shown whole where the app shows the record in full: the party dialog,
the interview and follow-up dialogs."""

import pytest

from PySide6.QtCore import Qt

from ui.interview_dialog import FollowUpDialog, InterviewDialog
from ui.party_dialog import PartyDialog
from workstation.records import Case, Interview, Party
from workstation.store import agency_id_for_code, create_case, save_party
from workstation.store.interviews import record_follow_up, save_interview

pytestmark = pytest.mark.gui

PHONE, ID_NUMBER = "13912345678", "440602199001011234"
PHONE_SHOWN, ID_SHOWN = "139****5678", "4406**********1234"


def cells(model, row: int, role=Qt.ItemDataRole.DisplayRole) -> str:
    return " ".join(str(model.index(row, c).data(role) or "") for c in range(model.columnCount()))


@pytest.fixture
def numbered_person(db):
    """A natural person whose name field holds an ID number, as a register import sometimes leaves it."""
    return save_party(db, Party(name=f"朱子轩（身份证{ID_NUMBER}）", kind="person",
                                address="佛山市南海区桂城街道南海大道1号"))


def test_the_case_list_masks_numbers_in_party_names(db, make_window, prompts, qtbot, numbered_person):
    case = create_case(db, Case(case_number="", cause="涉嫌非法出售消费者个人信息案", sector="other",
                                agency_id=agency_id_for_code("440605"), party_ids=[numbered_person.id]))
    model = make_window(db).case_list.model
    row = next(r for r in range(model.rowCount()) if model.case_id(r) == case.id)
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        assert ID_SHOWN in cells(model, row, role) and ID_NUMBER not in cells(model, row, role)
    assert "朱子轩" in cells(model, row)

    dialog = PartyDialog(db, prompts, numbered_person)  # the party's own dialog masks it until shown (audited)
    qtbot.addWidget(dialog)
    assert ID_NUMBER not in dialog.edits["name"].text()
    dialog.reveal("name")
    assert ID_NUMBER in dialog.edits["name"].text()


def test_the_interview_register_masks_numbers_in_subject_parties_and_follow_up(db, make_window, prompts, qtbot,
                                                                                numbered_person):
    interview = save_interview(db, Interview(
        agency_id=agency_id_for_code("440605"), held_on="2026-03-02", rectification_due="2026-03-20",
        subject=f"约谈朱子轩（手机{PHONE}）出售消费者信息问题", party_ids=[numbered_person.id]))
    record_follow_up(db, interview.id, "2026-03-21", f"复查时拨打{PHONE}已停机，已整改")
    page = make_window(db).interviews_page
    page.refresh()
    row = [r.interview.id for r in page.model.records].index(interview.id)
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        shown = cells(page.model, row, role)
        assert shown.count(PHONE_SHOWN) == 2 and ID_SHOWN in shown
        assert PHONE not in shown and ID_NUMBER not in shown
    assert "出售消费者信息问题" in shown and "已停机，已整改" in shown and "2026-03-21" in shown

    stored = page.model.records[row].interview
    dialog = InterviewDialog(db, prompts, stored, parent=page)  # editing shows what was typed, whole
    qtbot.addWidget(dialog)
    assert PHONE in dialog.subject.text() and PHONE in dialog.texts["follow_up_result"].toPlainText()
    follow_up = FollowUpDialog(db, prompts, stored, parent=page)
    qtbot.addWidget(follow_up)
    assert PHONE in follow_up.result.toPlainText()
