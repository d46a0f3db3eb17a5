"""The interview editor and the follow-up a party of a joint interview has of its own (m038 ``party_results``,
recorded for one party in the follow-up dialog): the editor lists each party's under its follow-up, which applies
only to the parties without one, and can give every party the follow-up typed — undone with Ctrl+Z, redone with
Ctrl+Y, and saved for every party with their cases kept."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from tests.test_ui_keyboard import active
from ui.interview_dialog import InterviewDialog
from workstation.i18n import _ as translated
from workstation.store.interviews import get_interview, party_result, record_follow_up

DEVELOPERS = "c2ff665f-c497-56ce-8d56-99e700f7bacb"  # the demo's joint interview of three developers, all rectified
SANSHUI = "佛山市三水区铂翊房地产开发有限公司"
OWN = "复查发现仍未整改到位"


def sanshui_id(db) -> str:
    return db.execute("SELECT id FROM parties WHERE name = ?", [SANSHUI]).fetchone()[0]


def editor(db, prompts, qtbot) -> InterviewDialog:
    """The editor of the developers' interview once 三水 has a follow-up of its own."""
    record_follow_up(db, DEVELOPERS, "2026-06-20", OWN, sanshui_id(db))
    dialog = InterviewDialog(db, prompts, get_interview(db, DEVELOPERS))
    qtbot.addWidget(dialog)
    return active(qtbot, dialog)


def shown(dialog) -> tuple[bool, str]:
    box = dialog.findChild(QWidget, "party_follow_ups_box")
    return box.isVisibleTo(dialog), dialog.findChild(QLabel, "party_follow_ups").text()


def test_the_editor_lists_a_partys_own_follow_up_and_the_others_take_the_one_above(demo_db, prompts, qtbot,
                                                                                    english):
    dialog = editor(demo_db, prompts, qtbot)
    visible, text = shown(dialog)
    lines = text.split("\n")
    assert visible and len(lines) == 3
    assert translated("{party}: {result}").format(party=SANSHUI, result="2026-06-20 " + OWN) in lines
    assert sum(line.endswith(translated("the follow-up above")) for line in lines) == 2
    note = dialog.findChild(QLabel, "party_follow_ups_note").text()
    assert "apply only to the parties without one" in note
    # 三水 taken off the interview: no party left with a follow-up of its own, nothing listed
    row = dialog.party_ids().index(sanshui_id(demo_db))
    dialog.parties.item(row).setSelected(True)
    dialog.findChild(QPushButton, "remove_parties").click()
    assert shown(dialog)[0] is False


def test_an_interview_whose_parties_have_no_follow_up_of_their_own_shows_no_list(demo_db, prompts, qtbot):
    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, DEVELOPERS))
    qtbot.addWidget(dialog)
    assert shown(dialog) == (False, "")


def test_giving_every_party_the_follow_up_above_is_undone_redone_and_saved(demo_db, prompts, qtbot):
    dialog = editor(demo_db, prompts, qtbot)
    before = get_interview(demo_db, DEVELOPERS)
    cases = {p: party_result(before, p).case_id for p in before.party_ids}
    dialog.texts["follow_up_result"].setPlainText("三家均已整改到位")
    dialog.findChild(QPushButton, "follow_up_every_party").click()
    assert shown(dialog)[0] is False
    keys = dialog.texts["follow_up_result"]
    qtbot.keyClick(keys, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown(dialog)[0] is True and dialog.texts["follow_up_result"].toPlainText() == "三家均已整改到位"
    assert party_result(dialog.current(), sanshui_id(demo_db)).follow_up_result == OWN
    qtbot.keyClick(keys, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert shown(dialog)[0] is False
    dialog.save()
    saved = get_interview(demo_db, DEVELOPERS)
    assert dialog.saved_interview is not None
    assert {party_result(saved, p).follow_up_result for p in saved.party_ids} == {"三家均已整改到位"}
    assert {p: party_result(saved, p).case_id for p in saved.party_ids} == cases


def test_without_the_button_saving_keeps_the_partys_own_follow_up(demo_db, prompts, qtbot):
    dialog = editor(demo_db, prompts, qtbot)
    dialog.texts["follow_up_result"].setPlainText("两家已整改到位")
    dialog.save()
    saved = get_interview(demo_db, DEVELOPERS)
    assert party_result(saved, sanshui_id(demo_db)).follow_up_result == OWN
    assert {party_result(saved, p).follow_up_result for p in saved.party_ids} == {OWN, "两家已整改到位"}
