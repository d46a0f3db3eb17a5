"""The case editor's record-count boxes hold every count a register import takes (up to ``validators.MAX_COUNT``):
a case imported with 1,500,000,000 or 2,500,000,000 records opens, shows them and saves them unchanged, and a count
typed above the old 10^9 limit is kept and undone as any other edit."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from workstation.store import get_case
from workstation.validators import MAX_COUNT

pytestmark = pytest.mark.gui


def opened(qtbot, db, prompts, case):
    from ui.case_dialog import CaseDialog

    dialog = CaseDialog(db, prompts, get_case(db, case.id))
    qtbot.addWidget(dialog)
    return dialog


@pytest.mark.parametrize("records", [1_500_000_000, 2_500_000_000, MAX_COUNT - 1])
def test_a_case_with_a_huge_count_opens_and_saves_it_unchanged(qtbot, db, make_case, prompts, records):
    case = make_case(records_other=records, records_trace=2_147_483_648)
    dialog = opened(qtbot, db, prompts, case)
    assert dialog.counts["records_other"].count() == records
    assert dialog.counts["records_other"].text() == f"{records:,}"
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert prompts.errors == [] and dialog.saved_case is not None
    stored = get_case(db, case.id)
    assert (stored.records_other, stored.records_trace) == (records, 2_147_483_648)


def test_a_count_typed_above_a_billion_is_kept_and_undone(qtbot, db, make_case, prompts):
    case = make_case(records_sensitive=5)
    dialog = opened(qtbot, db, prompts, case)
    box = dialog.counts["records_sensitive"]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "3000000000")
    assert box.count() == 3_000_000_000
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.count() != 3_000_000_000
    qtbot.keyClick(box, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert box.count() == 3_000_000_000
    dialog.save()
    assert get_case(db, case.id).records_sensitive == 3_000_000_000
