"""The window's side of per-bureau 文号 type codes and chosen serials: the 文书 page lists the code this station
issues each document with, and the editor's issue confirmation shows the 文号 taken and may take a serial chosen
by hand instead (`docs issue --serial N`), refused at its field with the same refusals."""

from __future__ import annotations

from types import MethodType

import pytest

from PySide6.QtCore import Qt

from tests.helpers import beijing_year
from tests.test_type_codes import reference  # noqa: F401  (agencies.toml with a bureau's own codes)
from ui.documents_page import DocumentsPage
from ui.prompts import Prompts
from ui.serial_dialog import IssueNumberDialog
from workstation.db.connection import immediate
from workstation.documents.numbering import take_number
from workstation.store import agency_by_code, find_case
from workstation.store.base import set_setting

CASE = "佛禅市监立〔2026〕1号"
YEAR = beijing_year()


def _codes(page) -> dict[str, str]:
    return {r["id"]: r["code"] for r in page.forms_model.records}


def test_the_documents_page_lists_the_codes_this_station_issues_with(demo_db, data_dir, reference, qtbot,  # noqa: F811
                                                                     make_window):
    reference('type_codes = { penalty_decision = "罚" }\n')
    set_setting(demo_db, "station_agency", agency_by_code(demo_db, "440605").id)
    page = make_window(demo_db).page(3)  # the 文书 page as the window builds it
    assert isinstance(page, DocumentsPage)
    assert (_codes(page)["penalty_decision"], _codes(page)["hearing_notice"]) == ("罚", "听")
    assert _codes(page)["filing_approval"] == "—"  # a form taking no 文号
    without = DocumentsPage(data_dir)  # no database (or no agency): the forms' own codes
    qtbot.addWidget(without)
    assert _codes(without)["penalty_decision"] == "处"


@pytest.fixture
def officer(prompts, qtbot, monkeypatch):
    """``officer(*steps)``: the issue confirmation answered by the officer in the real dialog — ``steps`` each a
    serial to type (after ticking its choice) or "issue"/"cancel" to click; records what the dialog showed."""
    seen = {}

    def run(*steps):
        def exec_(dialog):
            dialog.show()
            for step in steps:
                if step == "issue":
                    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
                elif step == "cancel":
                    dialog.reject()
                else:
                    dialog.use_serial.setChecked(True)
                    dialog.serial_edit.clear()
                    qtbot.keyClicks(dialog.serial_edit, str(step))
                    seen.update(question=dialog.question.text(), error=dialog.error.text(),
                                enabled=dialog.ok.isEnabled())
                seen.setdefault("first_question", dialog.question.text())
            return dialog.result()

        monkeypatch.setattr(IssueNumberDialog, "exec", exec_)
        prompts.confirm_issue = MethodType(Prompts.confirm_issue, prompts)
        return seen

    return run


def _counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "doc_numbers")}


def test_without_a_chosen_serial_the_next_number_is_taken_as_before(demo_db, opened, officer, english):
    seen = officer("issue")
    ed = opened(demo_db, "rectification_order", find_case(demo_db, CASE))
    ed.issue()
    assert ed.document is not None and ed.document.number.endswith(f"责改〔{YEAR}〕1号")
    assert seen["first_question"] == (f"Issue 责令改正通知书? It takes the next 文号, {ed.document.number}, and cannot "
                                      "be edited afterwards.")
    assert demo_db.execute("SELECT COUNT(*) FROM audit WHERE action = 'manual_serial'").fetchone()[0] == 0


def test_a_free_serial_chosen_is_issued_with_it(demo_db, opened, officer, english):
    seen = officer(9, "issue")
    ed = opened(demo_db, "rectification_order", find_case(demo_db, CASE))
    ed.issue()
    assert ed.document is not None and ed.document.number.endswith(f"责改〔{YEAR}〕9号")
    assert seen == {"question": f"Issue 责令改正通知书? It takes the 文号 of the serial chosen, {ed.document.number}, "
                                "and cannot be edited afterwards.", "error": "", "enabled": True,
                    "first_question": seen["first_question"]}
    assert demo_db.execute("SELECT COUNT(*) FROM audit WHERE action = 'manual_serial'").fetchone()[0] == 1


def test_a_taken_serial_is_refused_at_the_field_and_nothing_is_issued(demo_db, opened, officer, english):
    case = find_case(demo_db, CASE)
    with immediate(demo_db):  # serial 1 taken already
        taken = take_number(demo_db, case.agency_id, "责改").number
    seen = officer(1, "issue", "cancel")
    ed = opened(demo_db, "rectification_order", case)
    before = _counts(demo_db)
    ed.issue()
    assert seen["error"] == f"{taken} is already issued: choose a serial not used yet."
    assert not seen["enabled"] and seen["question"] == ("Issue 责令改正通知书? It takes the 文号 of the serial chosen "
                                                        "below and cannot be edited afterwards.")
    assert ed.document is None and _counts(demo_db) == before and ed.issue_action.isEnabled()


def test_a_serial_taken_meanwhile_is_refused_by_the_core_and_nothing_is_issued(demo_db, opened, prompts, english):
    case = find_case(demo_db, CASE)
    ed = opened(demo_db, "rectification_order", case)
    prompts.confirm_answer, prompts.serials = True, [2]
    with immediate(demo_db):  # taken between the check in the dialog and the issuing
        taken = take_number(demo_db, case.agency_id, "责改", serial=2).number
    before = _counts(demo_db)
    ed.issue()
    assert prompts.errors == [f"{taken} is already issued: choose a serial not used yet."]
    assert ed.document is None and _counts(demo_db) == before


@pytest.fixture
def listed(demo_db, data_dir, prompts, qtbot):
    """The case's own documents list (its 签发 path), ``rectification_order`` chosen."""
    from ui.case_documents import CaseDocuments

    section = CaseDocuments(demo_db, data_dir, find_case(demo_db, CASE), prompts)
    qtbot.addWidget(section)
    section.form_choice.setCurrentIndex(section.form_choice.findData("rectification_order"))
    return section


def _issued(db) -> list[str]:
    return [row[0] for row in db.execute("SELECT number FROM documents WHERE status = 'issued' AND form_id = ?",
                                         ("rectification_order",))]


def test_the_case_documents_list_issues_with_the_serial_chosen(demo_db, listed, officer, prompts, english):
    seen = officer(7, "issue")
    listed.issue()
    assert prompts.errors == []
    [number] = _issued(demo_db)
    assert number.endswith(f"责改〔{YEAR}〕7号")
    assert seen["question"] == (f"Issue 责令改正通知书? It takes the 文号 of the serial chosen, {number}, and cannot be "
                                "edited afterwards.")
    assert prompts.infos == [f"责令改正通知书 issued as {number}."]
    assert demo_db.execute("SELECT COUNT(*) FROM audit WHERE action = 'manual_serial'").fetchone()[0] == 1


def test_the_case_documents_list_refuses_a_taken_serial_as_the_editor_does(demo_db, listed, officer, prompts,
                                                                          english):
    case = find_case(demo_db, CASE)
    with immediate(demo_db):  # serial 1 taken already
        taken = take_number(demo_db, case.agency_id, "责改").number
    seen = officer(1, "issue", "cancel")
    before = _counts(demo_db)
    listed.issue()
    assert seen["error"] == f"{taken} is already issued: choose a serial not used yet."
    assert not seen["enabled"] and _counts(demo_db) == before and prompts.errors == []


def test_a_serial_taken_meanwhile_is_refused_from_the_list_with_the_editors_message(demo_db, listed, prompts,
                                                                                   english):
    case = find_case(demo_db, CASE)
    prompts.confirm_answer, prompts.serials = True, [2]
    with immediate(demo_db):  # taken between the check in the dialog and the issuing
        taken = take_number(demo_db, case.agency_id, "责改", serial=2).number
    before = _counts(demo_db)
    listed.issue()
    assert prompts.errors == [f"{taken} is already issued: choose a serial not used yet."]
    assert _counts(demo_db) == before and _issued(demo_db) == []
