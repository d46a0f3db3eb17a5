"""A case's date typed in a year before ``validators.EARLIEST_YEAR`` (1026-03-01 typed for 2026-03-01) is refused
as the evidence, publicity and interview dates are (``validators.year_slip``): in the case editor under its field
(线索接收日期, 立案呈批日期), and the filing date (立案日期) or the proposal's given to the procedure action that
records them, in the window and on the command line — the case would have been numbered 〔1026〕."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import run
from workstation.store import get_case

SLIP = "1026-03-01 is before the year 2000: a slip of the keys? Write the year in full, such as 2026-03-01."


def _editor(db, prompts, qtbot, case):
    from ui.case_dialog import CaseDialog

    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.gui
@pytest.mark.parametrize(("field", "label"), [("lead_received_on", "“Lead received”"),
                                              ("filing_proposed_on", "The day the filing was proposed")])
def test_the_case_editor_refuses_a_date_before_2000_under_its_field(db, make_case, prompts, qtbot, english, field,
                                                                    label):
    case = make_case(status="pending_filing")
    dialog = _editor(db, prompts, qtbot, case)
    dialog.dates[field].setText("1026-03-01")
    errors = dialog.validate()
    assert field in errors and errors[field] == f"{label} {SLIP}"
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    dialog.save()
    assert dialog.errors[field].isVisible() and dialog.errors[field].text() == errors[field]
    assert getattr(get_case(db, case.id), field) is None  # nothing stored
    dialog.dates[field].setText("2026-03-01")
    assert field not in dialog.validate() and save.isEnabled()


def test_the_filing_date_before_2000_is_refused_by_the_action(db, data_dir, make_case, capsys, english):
    case = make_case(status="pending_filing")
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file", "--date",
                          "1026-03-01")
    assert code == 1 and err.startswith("Error: ") and err.rstrip().endswith(SLIP), err
    assert get_case(db, case.id).status == "pending_filing" and get_case(db, case.id).filed_on is None


def test_a_proposal_before_2000_is_refused_at_its_option(db, data_dir, make_case, capsys, english):
    case = make_case(status="pending_filing")
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file", "--date",
                          "2026-03-05", "--proposed-on", "1026-03-01")
    assert code == 1 and "--proposed-on" in err and err.rstrip().endswith(SLIP), err
    assert get_case(db, case.id).status == "pending_filing"
