"""本局文书信息 opened while the register holds no agency: Save is disabled, and the dialog says why where it is
read (its note at the top, and Save's tooltip), not only "choose the bureau" with nothing to choose."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QDialogButtonBox

pytestmark = pytest.mark.gui

SAID = ("No bureau to choose: the register holds no agency yet. Set up this station's agency with `init --agency "
        "CODE` (such as 440605), then open 本局文书信息 again.")


def test_with_no_agency_the_dialog_says_why_nothing_can_be_saved(tmp_path, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog
    from workstation.db import open_database

    db = open_database(tmp_path / "empty.db")  # no reference agencies loaded
    try:
        assert db.execute("SELECT COUNT(*) FROM agencies").fetchone()[0] == 0
        dialog = AgencyDetailsDialog(db)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert not save.isEnabled()
        assert dialog.note.isVisible() and dialog.note.text() == SAID
        assert save.toolTip().endswith(SAID)
        assert not dialog.save()
    finally:
        db.conn.close()
