"""The window's transfer to the police (移送公安机关) says every warning the command line gives it
(``concluding.transfer_warnings``): no 涉嫌犯罪案件移送书 issued and no head's approval of the transfer report
recorded (transfer rules arts. 5, 6), one under the other — and the missing approval still once the 移送书 is issued,
the dialog naming it all the same. Ticked, the transfer is recorded with the notes of both on the timeline. Fixed
dates on the 2026 calendar."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QDialogButtonBox

from tests.test_police10 import approve_transfer, issue_letter, timeline, transfer_dialog
from workstation.store import get_case

REASON = "涉嫌侵犯公民个人信息罪"
NO_LETTER = "No 涉嫌犯罪案件移送书 has been issued in this case."
NO_APPROVAL = "No approval of the transfer by the head is recorded"
FACTS = "经查，当事人出售业主信息。"


@pytest.fixture
def investigating(make_case):
    return make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, records_other=6_000)


def shown(dialog) -> dict:
    return {"warning": dialog.warning_label.text(), "warned": dialog.warning_label.isVisibleTo(dialog),
            "ok": dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled(),
            "info": dialog.info.text(), "offer": dialog.offer}


@pytest.mark.gui
def test_without_a_letter_or_an_approval_the_dialog_says_both(db, investigating, make_window, english):
    seen = {}

    def look(dialog):
        dialog.reason.setPlainText(REASON)
        seen.update(shown(dialog))

    transfer_dialog(make_window(db), investigating.id, look)
    assert seen["warning"].startswith(NO_LETTER), seen["warning"]
    assert NO_APPROVAL in seen["warning"] and "transfer rules art. 5" in seen["warning"]
    assert not seen["ok"] and seen["offer"] is not None  # still offers to write the letter
    assert get_case(db, investigating.id).status == "investigating"


@pytest.mark.gui
def test_with_a_letter_but_no_approval_the_dialog_names_the_letter_and_warns(db, data_dir, investigating,
                                                                            make_window, english):
    letter = issue_letter(db, data_dir, investigating, issued_on="2026-04-20")
    seen = {}

    def record(dialog):
        dialog.reason.setPlainText(REASON)
        seen.update(shown(dialog))
        dialog.acknowledge.setChecked(True)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    workspace = transfer_dialog(make_window(db), investigating.id, record)
    assert letter.number in seen["info"] and seen["offer"] is None
    assert seen["warned"] and seen["warning"].startswith(NO_APPROVAL), seen["warning"]
    assert NO_LETTER not in seen["warning"] and not seen["ok"]  # waits for the tick
    assert get_case(db, investigating.id).status == "transferred_police"
    [line] = [line for line in timeline(workspace) if REASON in line]
    assert f"Sent with the 涉嫌犯罪案件移送书 {letter.number}." in line
    assert "Transferred with no approval of the transfer report by the head recorded." in line


@pytest.mark.gui
def test_with_a_letter_and_the_approval_the_dialog_warns_of_nothing(db, data_dir, investigating, make_window,
                                                                   english):
    approve_transfer(db, investigating)
    issue_letter(db, data_dir, investigating, issued_on="2026-04-20")
    seen = {}

    def look(dialog):
        dialog.reason.setPlainText(REASON)
        seen.update(shown(dialog))

    transfer_dialog(make_window(db), investigating.id, look)
    assert not seen["warned"] and seen["ok"], seen["warning"]
