"""A town office's first start without the demo: the operating-system login (root, zhangsan) is not offered as an
officer's name; certificate numbers typed in full width are stored as digits (and a duplicate so typed is caught),
text that is no certificate number is refused at its field; an officer who left is deactivated in the officers
dialog (told which open cases name them), kept with their cases, no longer offered or counted, and can be taken
back; the board and the case list say what to do when there is nothing yet."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from ui.case_dialog import CaseDialog
from ui.case_list_page import CaseListPage
from ui.deadlines import DeadlineBoard
from ui.first_steps import offer_first_steps
from ui.layouts import plain_label
from ui.officers_dialog import OfficersDialog
from ui.setup_dialog import SetupDialog
from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.procedure import available
from workstation.records import Officer
from workstation.store import agency_id_for_code, get_case, get_officer, list_officers, save_officer

pytestmark = pytest.mark.gui

DALI = "440605125"  # 佛山市南海区市场监督管理局大沥市场监督管理所


@pytest.mark.parametrize("account", ["root", "zhangsan", "Administrator"])
def test_the_first_start_does_not_offer_a_login_name_as_the_officers_name(qtbot, monkeypatch, data_dir, prompts,
                                                                          account):
    monkeypatch.setenv("WORKSTATION_ACTOR", account)
    dialog = SetupDialog(data_dir, prompts)
    qtbot.addWidget(dialog)
    assert dialog.fields.edits["officer"].text() == ""
    assert dialog.fields.edits["officer"].placeholderText()  # says what to type there instead


def test_a_chinese_account_name_is_still_offered(qtbot, monkeypatch, data_dir, prompts):
    monkeypatch.setenv("WORKSTATION_ACTOR", "陈志明")
    dialog = SetupDialog(data_dir, prompts)
    qtbot.addWidget(dialog)
    assert dialog.fields.edits["officer"].text() == "陈志明"


def test_a_login_name_given_at_the_first_start_is_not_the_first_officers_name(make_window, db, prompts):
    window = make_window(db)
    shown = []

    def show(dialog) -> bool:
        shown.append(dialog)
        if isinstance(dialog, OfficersDialog):
            return False
        dialog.choose(agency_id_for_code(DALI))
        dialog.continue_button.click()
        return True

    assert offer_first_steps(window, "zhangsan", show)
    officers = shown[-1]
    assert isinstance(officers, OfficersDialog) and officers.name.text() == ""
    assert officers.agency.currentData() == agency_id_for_code(DALI)


def test_a_certificate_number_typed_in_full_width_is_stored_in_digits_and_its_twin_is_caught(db):
    dali = agency_id_for_code(DALI)
    first = save_officer(db, Officer(name="何嘉明", cert_no="４４０６０５１２５０１ ", agency_id=dali))
    assert get_officer(db, first.id).cert_no == "44060512501"
    with pytest.raises(ValidationError) as refused:
        save_officer(db, Officer(name="区美玲", cert_no="44060512501", agency_id=dali))
    assert "何嘉明" in refused.value.errors["cert_no"]
    assert [o.name for o in list_officers(db)] == ["何嘉明"]


def test_text_that_is_no_certificate_number_is_refused_at_its_field(qtbot, db, prompts):
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("区美玲")
    qtbot.keyClicks(dialog.cert_no, "abc")
    dialog.save()
    assert "abc" in dialog.errors["cert_no"].text() and dialog.errors["cert_no"].isVisible()
    assert not dialog.save_button.isEnabled()
    assert list_officers(db) == []
    dialog.cert_no.setText("粤44060512502")  # a provincial prefix is part of some numbers
    assert dialog.save_button.isEnabled()


def test_an_officer_who_left_is_deactivated_named_with_their_open_cases_and_taken_back(qtbot, db, prompts, officers,
                                                                                        make_case):
    case = make_case()  # waiting to be filed
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    left = officers["陈志强"]
    dialog.table.selectRow([o.id for o in dialog.model.records].index(left.id))
    assert dialog.active_button.isEnabled()
    dialog.active_button.click()  # the officer says no: nothing changes
    assert (case.case_number or case.cause) in prompts.confirmations[-1] and get_officer(db, left.id).active
    prompts.confirm_answer = True
    dialog.active_button.click()
    assert not get_officer(db, left.id).active
    row = [o.id for o in dialog.model.records].index(left.id)
    assert dialog.model.index(row, 3).data() == _("Left (deactivated)")  # still listed, marked
    assert plain_label(dialog.active_button.text()) == _("Take back on duty")
    assert left.id not in {o.id for o in list_officers(db)}  # no longer offered for new cases
    new_case = CaseDialog(db, prompts)
    qtbot.addWidget(new_case)
    offered = [new_case.officers.item(i).data(Qt.ItemDataRole.UserRole) for i in range(new_case.officers.count())]
    assert left.id not in offered
    refusals = {t.name: why for t, why in available(db, get_case(db, case.id))}
    assert left.name in refusals["file"]  # filing the case asks for another officer
    dialog.active_button.click()
    assert get_officer(db, left.id).active


def test_editing_a_case_keeps_its_deactivated_officer_until_unticked(qtbot, db, prompts, officers, make_case):
    case = make_case(status="investigating")
    left = officers["黄丽娟"]
    save_officer(db, Officer(id=left.id, name=left.name, cert_no=left.cert_no, agency_id=left.agency_id,
                             active=False))
    dialog = CaseDialog(db, prompts, get_case(db, case.id))
    qtbot.addWidget(dialog)
    texts = [dialog.officers.item(i).text() for i in range(dialog.officers.count())]
    assert any(left.name in t and _("{officer} — left (deactivated)").format(officer="") in t for t in texts)
    assert set(dialog.officer_ids()) == set(case.officer_ids)


def test_an_empty_board_and_case_list_say_where_cases_and_deadlines_come_from(qtbot, db):
    board = DeadlineBoard(db)
    qtbot.addWidget(board)
    board.show()
    board.refresh()
    assert board.empty.isVisible()
    assert plain_label(_("&Import case register…")) in board.empty.text()
    assert plain_label(_("&New case…")) in board.empty.text() and _("Leads") in board.empty.text()
    cases = CaseListPage(db)
    qtbot.addWidget(cases)
    assert plain_label(_("&Import case register…")) in cases.count_label.text()
    cases.search.setText("誉嘉")
    cases.apply_filters()
    assert cases.count_label.text() == _("No case matches the filters or the search.")


def test_a_board_filtered_to_nothing_says_so(qtbot, db, officers):
    board = DeadlineBoard(db)
    qtbot.addWidget(board)
    board.show()
    board.officer.setCurrentIndex(board.officer.findData(officers["陈志强"].id))
    assert board.empty.text() == _("No running deadline for the agency or officer chosen.")
