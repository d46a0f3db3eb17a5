"""In English (WORKSTATION_LANG=en) the procedure's refusals name its actions and the case's status by their English
names (resources/reference/vocabulary_en.toml), in the core, on the command line (``cases transition``) and in the
case workspace's buttons and refusal notes; in Chinese they read as before."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtWidgets import QLabel

from tests.helpers import run
from ui.layouts import plain_label
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.store import get_case, save_officer


def refusal(db, case, action: str) -> str:
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, action, on_date="2026-03-02")
    return str(refused.value)


def one_officer_left(db, make_case, officers):
    """A case waiting to be filed whose second officer has left: filing is refused."""
    case = make_case()
    save_officer(db, replace(officers["黄丽娟"], active=False))
    return get_case(db, case.id)


def test_a_refusal_names_the_action_and_the_status_in_english(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-02-20")
    assert refusal(db, case, "serve_decision").startswith("“Serve the penalty decision” is not possible while the "
                                                          "case is “Under investigation”. It is taken once the case "
                                                          "is “Penalty decided”. From “Under investigation” the "
                                                          "procedure goes on with “Suspend the investigation”, ")
    assert procedure.BY_NAME["close"].label == "Close the case"


def test_a_guard_names_the_action_in_english(db, make_case, officers, english):
    case = one_officer_left(db, make_case, officers)
    said = refusal(db, case, "file")
    assert said.startswith("“File the case” needs at least two active officers with enforcement certificates")
    assert "立案" not in said


def test_in_chinese_the_refusals_name_the_actions_as_before(db, make_case, officers):
    case = make_case(status="investigating", filed_on="2026-02-20")
    assert refusal(db, case, "serve_decision").startswith("案件处于“立案调查”状态，不能执行“送达处罚决定书”。")
    assert "“立案”" in refusal(db, one_officer_left(db, make_case, officers), "file")
    assert procedure.BY_NAME["close"].label == "结案"


def test_cases_transition_says_the_refusal_in_the_users_language(db, data_dir, make_case, capsys, english):
    case = make_case(status="investigating", filed_on="2026-02-20")
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number, "archive")
    assert (code, out) == (1, "")
    assert err.startswith("Error: “Archive” is not possible while the case is “Under investigation”. It is taken "
                          "once the case is “Closed”.")


@pytest.mark.gui
def test_the_workspace_names_its_actions_and_their_refusals_in_english(db, make_case, officers, make_window,
                                                                       english):
    case = one_officer_left(db, make_case, officers)
    workspace = make_window(db).open_case(case.id)
    button = workspace.action_buttons["file"]
    assert plain_label(button.text()) == "File the case" and not button.isEnabled()
    assert button.toolTip().startswith("“File the case” needs at least two active officers")
    notes = [label.text() for label in workspace.findChildren(QLabel)]
    assert any(note.startswith("File the case：“File the case” needs at least two") for note in notes)


@pytest.mark.gui
def test_the_workspace_names_its_actions_in_chinese_as_before(db, make_case, officers, make_window):
    case = one_officer_left(db, make_case, officers)
    workspace = make_window(db).open_case(case.id)
    assert plain_label(workspace.action_buttons["file"].text()) == "立案"
    notes = [label.text() for label in workspace.findChildren(QLabel)]
    assert any(note.startswith("立案：") and "“立案”" in note for note in notes)
