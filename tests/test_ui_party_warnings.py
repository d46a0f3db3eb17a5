"""What to check in a valid party field, as the officer sees it: an old 15-digit ID number converted, a USCC whose
organisation code fails its check — noted under the field in the party dialog without disabling Save, and listed
by row under the summary of a register import."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from tests.test_legacy_id_and_uscc_warnings import (
    BAD_ORGANISATION,
    CONVERTED,
    LEGACY,
    company_row,
    person_row,
)
from tests.test_register_import import GOOD, HEADER, write_csv
from tests.test_ui_field_errors import active
from ui.party_dialog import PartyDialog
from workstation.store import list_parties

pytestmark = pytest.mark.gui


def note(dialog, field: str) -> str:
    """The note under ``field`` as shown ('' when hidden)."""
    label = dialog.findChild(QLabel, f"{field}_warning")
    return "" if label.isHidden() else label.text()


def test_an_old_id_number_is_noted_converted_and_saved_as_eighteen_digits(db, prompts, qtbot, english):
    dialog = active(qtbot, PartyDialog(db, prompts))
    dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
    dialog.edits["name"].setText("朱子轩")
    dialog.edits["id_number"].setFocus()
    qtbot.keyClicks(dialog.edits["id_number"], LEGACY)
    assert note(dialog, "id_number") == ""  # not while the officer is still typing the number
    qtbot.keyClick(dialog.edits["id_number"], Qt.Key.Key_Tab)
    assert note(dialog, "id_number") == (f"Converted from the old 15-digit number to 18 digits: {CONVERTED}; compare "
                                         "it with the ID card.")
    assert dialog.findChild(QLabel, "id_number_error").isHidden()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    save.click()
    assert [(p.name, p.id_number) for p in list_parties(db)] == [("朱子轩", CONVERTED)]


def test_a_uscc_failing_its_organisation_code_check_is_warned_about_and_saved(db, prompts, qtbot, english):
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("佛山市南海区某某房地产代理有限公司")
    dialog.edits["uscc"].setText(BAD_ORGANISATION)
    assert note(dialog, "uscc").startswith(f"The organisation code in characters 9–17 of {BAD_ORGANISATION} fails")
    assert note(dialog, "id_number") == ""
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    save.click()
    assert [p.uscc for p in list_parties(db)] == [BAD_ORGANISATION] and prompts.errors == []


def test_a_stored_party_with_a_doubtful_uscc_shows_its_warning_on_opening(db, prompts, qtbot, english):
    from workstation.records import Party
    from workstation.store import save_party

    party = save_party(db, Party(name="佛山市南海区某某房地产代理有限公司", kind="company", uscc=BAD_ORGANISATION))
    dialog = PartyDialog(db, prompts, party)
    qtbot.addWidget(dialog)
    assert "fails its check (GB 11714)" in note(dialog, "uscc")
    dialog.edits["uscc"].setText("91110000100017707H")  # corrected: the warning goes
    assert note(dialog, "uscc") == ""


def test_the_window_lists_the_rows_to_check_under_the_import_summary(make_window, db, tmp_path, prompts, english):
    prompts.confirm_answer = True  # the import's preview (its counts): Yes
    window = make_window(db)
    path = write_csv(tmp_path / "台账.csv", [HEADER, GOOD[0], person_row(LEGACY), company_row(BAD_ORGANISATION)])
    window.import_register(str(path))
    assert prompts.infos[0].splitlines() == ["3 cases imported, 0 skipped.", "2 rows imported have something to check.",
                                             "Each row is listed in the details below."]
    lines = prompts.details[-1].splitlines()  # the rows, in the message's scrolling details
    assert lines[0] == "To check in 2 rows imported:"
    assert lines[1].startswith(f"row 3, {HEADER[2]}: Converted from the old 15-digit number to 18 digits: 1101")
    assert lines[2].startswith(f"row 4, {HEADER[2]}: The organisation code in characters 9–17")
    assert len(lines) == 3
