"""Saving the screening rules in the rules editor shows the case list again by them: the rules say what a telephone
number is, and the case list masks the numbers in its parties and causes by the rules in force
(tests/test_sortmask_masking_rules.py) — but it kept the texts it had formatted until something else refreshed it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtWidgets import QDialog

from workstation.paths import use_data_dir
from workstation.screening.rules import shipped_rules_path
from workstation.store import get_case
from workstation.store.cases import update_case

WRITTEN = "快递86123456来电推销"  # after 快递 the shipped rules read a parcel number, not a telephone number
MASKED = "快递****3456来电推销"


@pytest.fixture(autouse=True)
def in_use(data_dir):
    """The window's data directory in use, as ui.app makes it for the window's run."""
    previous = use_data_dir(data_dir)
    yield data_dir
    use_data_dir(previous)


def cause_shown(window, case_id: str) -> str:
    model = window.case_list.model
    for row in range(model.rowCount()):
        if model.case_id(row) == case_id:
            return model.index(row, 2).data()
    raise AssertionError("the case is not listed")


@pytest.mark.gui
def test_the_case_list_masks_by_the_rules_the_editor_just_saved(db, make_case, make_window, monkeypatch):
    from ui.rules_editor import RulesEditor

    case = make_case()  # not closed: a closed case keeps the cause it was closed with
    update_case(db, replace(get_case(db, case.id), cause="涉嫌" + WRITTEN + "案"))
    window = make_window(db)
    assert cause_shown(window, case.id) == "涉嫌" + WRITTEN + "案"
    edited = shipped_rules_path().read_text(encoding="utf-8").replace('"快递", ', "", 1)

    def officer_types_and_saves(editor: RulesEditor) -> int:  # the modal dialog as the officer uses it
        editor.text.setPlainText(edited)
        editor.save()  # checked, then put in force (the window's immediate runner), then the editor closes
        return QDialog.result(editor)

    monkeypatch.setattr(RulesEditor, "exec", officer_types_and_saves)
    window.leads_page.edit_rules()
    assert cause_shown(window, case.id) == "涉嫌" + MASKED + "案"


@pytest.mark.gui
def test_closing_the_editor_without_saving_leaves_the_list_as_it_was(db, make_case, make_window, monkeypatch):
    from ui.rules_editor import RulesEditor

    case = make_case()  # not closed: a closed case keeps the cause it was closed with
    update_case(db, replace(get_case(db, case.id), cause="涉嫌" + WRITTEN + "案"))
    window = make_window(db)
    refreshed = []
    window.case_list.model.modelReset.connect(lambda: refreshed.append(True))
    monkeypatch.setattr(RulesEditor, "exec", lambda editor: QDialog.DialogCode.Rejected)
    window.leads_page.edit_rules()
    assert not refreshed and cause_shown(window, case.id) == "涉嫌" + WRITTEN + "案"
