"""Voiding an issued document (its 文号 too, with its reason, audited) from the command line (`docs void`) and from
the case's documents list (作废…), and writing its correction from the window (更正…: the editor on a copy of its
values, issued superseding it). Refusals change nothing."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QPushButton

from tests.helpers import open_db, program_day, run, run_json
from workstation import audit
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, get_document, issue_document, void_consequences
from workstation.penalty_terms import decisions_in_force
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"  # demo case, one party
FIRST = "佛南市监处〔2026〕1号"
#: a day the demo case's penalty information still stands published (its publication of 2026-04-30, a fine of
#: ¥3,000, published 3 months, to 07-30): voiding its decision then starts the withdrawal (T19)
PUBLICATION_STANDS = "2026-07-20"


def state(db) -> tuple:
    """What a void would change: the documents' and the numbers' status and reason, and the audit trail's length."""
    return (db.execute("SELECT id, status, void_reason FROM documents ORDER BY id").fetchall(),
            db.execute("SELECT number, status, void_reason FROM doc_numbers ORDER BY number").fetchall(),
            db.execute("SELECT COUNT(*) FROM audit").fetchone()[0])


def decided(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    return case, issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})


# ---- command line -------------------------------------------------------------------------------------------------

def test_docs_void_voids_the_decision_and_its_number_and_the_party_may_be_decided_again(demo_db, data_dir, capsys,
                                                                                        english, tmp_path,
                                                                                        monkeypatch):
    program_day(monkeypatch, PUBLICATION_STANDS)
    case, issued = decided(demo_db, data_dir)
    demo_db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "void", FIRST, "--reason", "罚款金额有误")
    assert (code, err) == (0, "")
    assert out == (f"行政处罚决定书 {FIRST} is void: 罚款金额有误. Its 文号 {FIRST} becomes void too and is never given "
                   f"again. {case.party_names} has no 行政处罚决定书 in force any more: it is undecided again until a "
                   "new decision is issued to it. The case's fine and confiscation can be typed again. The case is "
                   "closed and no penalty decision is in force after the void: to decide it again, issue a new "
                   "行政处罚决定书. The case is not reopened: it stays “Closed”. The case's "
                   "penalty information is published: voiding this decision starts the 3 working days to withdraw the "
                   "publication (T19, 《市场监督管理行政处罚信息公示规定》第十一条；《行政处罚法》第四十八条); record the "
                   "withdrawal once it is done.\n")  # the demo case's penalty information is published
    db = open_db(data_dir)
    try:
        assert db.execute("SELECT status, void_reason FROM documents WHERE id = ?", [issued.id]).fetchone() == \
            ("void", "罚款金额有误")
        assert db.execute("SELECT status, void_reason FROM doc_numbers WHERE number = ?", [FIRST]).fetchone() == \
            ("void", "罚款金额有误")
        assert db.execute("SELECT action FROM audit WHERE entity = 'document' AND entity_id = ? ORDER BY seq",
                          [issued.id]).fetchall() == [("issue",), ("void",)]
        assert audit.verify(db)["valid"]
        assert decisions_in_force(db, case) == []
        check_issue(db, case, find_form("penalty_decision"))  # no longer refused: the party has none in force
    finally:
        db.conn.close()
    again = run_json(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", "penalty_decision", "-o",
                     tmp_path / "决定书.pdf")
    assert again["number"] == "佛南市监处〔2026〕2号"  # the voided 文号 is never given again


def test_docs_void_json_prints_the_document_as_voided(demo_db, data_dir, capsys):
    _case, issued = decided(demo_db, data_dir)
    demo_db.conn.close()
    result = run_json(capsys, "--data-dir", data_dir, "docs", "void", issued.id, "--reason", " 当事人名称有误 ")
    assert {k: result[k] for k in ("id", "number", "status", "void_reason", "form_id", "supersedes_id")} == {
        "id": issued.id, "number": FIRST, "status": "void", "void_reason": "当事人名称有误",
        "form_id": "penalty_decision", "supersedes_id": None}


def test_docs_void_refusals_are_one_line_and_change_nothing(demo_db, data_dir, capsys, english):
    _case, issued = decided(demo_db, data_dir)
    before = state(demo_db)
    demo_db.conn.close()
    for argv, said in (
            (["nowhere", "--reason", "x"], "Error: No issued document nowhere.\n"),
            # the core's refusal, named by the option (the core decides, the command line names --reason)
            ([FIRST], f"Error: --reason: Say why 行政处罚决定书 {FIRST} is void: the reason is kept with it.\n"),
            ([FIRST, "--reason", "   "], f"Error: --reason: Say why 行政处罚决定书 {FIRST} is void: the reason is "
                                         "kept with it.\n")):
        assert run(capsys, "--data-dir", data_dir, "docs", "void", *argv) == (1, "", said)
    db = open_db(data_dir)
    try:
        assert state(db) == before
    finally:
        db.conn.close()
    assert run(capsys, "--data-dir", data_dir, "docs", "void", FIRST, "--reason", "有误")[0] == 0
    db = open_db(data_dir)
    try:
        voided = state(db)
    finally:
        db.conn.close()
    assert run(capsys, "--data-dir", data_dir, "docs", "void", issued.id, "--reason", "再次") == (
        1, "", f"Error: 行政处罚决定书 {FIRST} is already void (有误).\n")
    db = open_db(data_dir)
    try:
        assert state(db) == voided
    finally:
        db.conn.close()


def test_the_core_refuses_a_void_without_a_reason_as_an_error_of_the_reason(demo_db, data_dir, english):
    from workstation.documents.issuing import void_document
    from workstation.errors import ValidationError

    _case, issued = decided(demo_db, data_dir)
    before = state(demo_db)
    with pytest.raises(ValidationError) as refused:
        void_document(demo_db, issued.id, "  ")
    assert refused.value.errors == {"reason": f"Say why 行政处罚决定书 {FIRST} is void: the reason is kept with it."}
    assert state(demo_db) == before


def test_voiding_a_correction_brings_back_the_decision_it_corrected(demo_db, data_dir, english):
    case, first = decided(demo_db, data_dir)
    fixed = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {}, supersedes=first.id)
    assert void_consequences(demo_db, first)[1] == (
        f"A later 行政处罚决定书 to {case.party_names} is in force; that does not change.")
    assert void_consequences(demo_db, fixed)[1] == (
        f"The earlier 行政处罚决定书 {FIRST} to {case.party_names} is in force again, with its amounts.")
    from workstation.documents.issuing import void_document

    void_document(demo_db, fixed.id, "更正有误")
    assert [d.number for d in decisions_in_force(demo_db, case)] == [FIRST]


# ---- window -------------------------------------------------------------------------------------------------------

@pytest.fixture
def workspace(qtbot, demo_db, data_dir, prompts):
    from ui.case_workspace import CaseWorkspace

    def make():
        made = CaseWorkspace(demo_db, find_case(demo_db, CASE).id, prompts, ask_transition=None, data_dir=data_dir)
        qtbot.addWidget(made)
        return made

    return make


def row_button(workspace, name: str, document) -> QPushButton:
    """The documents list's button ``name`` (open, save, correct, void) with ``document`` selected in the list."""
    assert workspace.documents.select_document(document.id)
    return workspace.documents.findChild(QPushButton, f"{name}_document")


def timeline_lines(workspace) -> list[str]:
    return [workspace.timeline.item(i).text() for i in range(workspace.timeline.count())]


@pytest.mark.gui
def test_void_from_the_documents_list_asks_why_says_what_follows_and_refreshes(workspace, demo_db, data_dir,
                                                                               prompts, english, monkeypatch):
    program_day(monkeypatch, PUBLICATION_STANDS)
    case, issued = decided(demo_db, data_dir)
    shown = workspace()
    void = row_button(shown, "void", issued)
    assert void.isEnabled()
    prompts.texts, prompts.confirm_answer = ["罚款金额有误"], True
    void.click()
    assert prompts.questions == [f"Why is 行政处罚决定书 {FIRST} void? (kept with it and its 文号)"]
    assert prompts.confirmations == [
        f"Void 行政处罚决定书 {FIRST}? Its 文号 {FIRST} becomes void too and is never given again. "
        f"{case.party_names} has no 行政处罚决定书 in force any more: it is undecided again until a new decision is "
        "issued to it. The case's fine and confiscation can be typed again. The case is closed and no penalty "
        "decision is in force after the void: to decide it again, issue a new 行政处罚决定书. The case is not "
        "reopened: it stays “Closed”. The case's penalty information is "
        "published: voiding this decision starts the 3 working days to withdraw the publication (T19, "
        "《市场监督管理行政处罚信息公示规定》第十一条；《行政处罚法》第四十八条); record the withdrawal once it is done. "
        "It stays in the case file marked void; this cannot be undone."]
    assert prompts.errors == []
    voided = get_document(demo_db, issued.id)
    assert (voided.status, voided.void_reason) == ("void", "罚款金额有误")
    assert demo_db.execute("SELECT status FROM doc_numbers WHERE number = ?", [FIRST]).fetchone() == ("void",)
    assert audit.verify(demo_db)["valid"]
    check_issue(demo_db, case, find_form("penalty_decision"))  # the party may be decided again
    # the list and the timeline rebuilt: the document marked void, its 作废… greyed out saying why
    again = row_button(shown, "void", issued)
    assert not again.isEnabled() and again.toolTip() == f"行政处罚决定书 {FIRST} is already void (罚款金额有误)."
    correct = row_button(shown, "correct", issued)
    assert not correct.isEnabled() and correct.toolTip() == (
        f"行政处罚决定书 {FIRST} is void: write a new document instead of correcting it.")
    assert any(f"Issued 行政处罚决定书 {FIRST} (void)" in line for line in timeline_lines(shown))


@pytest.mark.gui
def test_void_refused_or_cancelled_in_the_window_changes_nothing(workspace, demo_db, data_dir, prompts, english):
    _case, issued = decided(demo_db, data_dir)
    shown = workspace()
    before = state(demo_db)
    prompts.texts = [None, "  ", "罚款金额有误"]  # cancelled, empty, then the confirmation declined
    for _attempt in range(3):
        row_button(shown, "void", issued).click()
    assert prompts.errors == [f"Say why 行政处罚决定书 {FIRST} is void: the reason is kept with it."]
    assert len(prompts.confirmations) == 1  # only the third got as far as the question, and was answered no
    assert state(demo_db) == before and get_document(demo_db, issued.id).status == "issued"


@pytest.mark.gui
def test_correct_opens_the_editor_on_a_copy_and_issuing_it_supersedes_the_document(workspace, demo_db, data_dir,
                                                                                    prompts, english):
    from ui.form_editor import FormEditor

    case, issued = decided(demo_db, data_dir)
    shown = workspace()
    row_button(shown, "correct", issued).click()
    editor = shown.findChildren(FormEditor)[-1]
    try:
        assert editor.windowTitle() == f"行政处罚决定书 (correcting {FIRST}) — {CASE}"
        assert editor.banner.text().startswith(f"Correction of 行政处罚决定书 {FIRST}: it starts from that "
                                               "document's values")
        assert editor.fields["party_name"].value() == issued.values["party_name"]
        prompts.confirm_answer = True
        editor.issue()
        assert prompts.errors == [] and editor.document is not None
        assert editor.document.supersedes_id == issued.id and editor.document.number == "佛南市监处〔2026〕2号"
        assert [d.number for d in decisions_in_force(demo_db, case)] == ["佛南市监处〔2026〕2号"]
        assert any(f"Issued 行政处罚决定书 {FIRST} (corrected by 行政处罚决定书 佛南市监处〔2026〕2号)" in line
                   for line in timeline_lines(shown))
    finally:
        editor.shutdown()
        editor.close()


@pytest.mark.gui
@pytest.mark.parametrize("answer", [0, None], ids=["as-correction", "cancelled"])
def test_a_second_decision_refused_in_the_editor_is_offered_as_the_correction(opened, demo_db, data_dir, prompts,
                                                                              english, answer):
    case, issued = decided(demo_db, data_dir)
    editor = opened(demo_db, "penalty_decision", case)
    before = state(demo_db)
    prompts.choices, prompts.confirm_answer = [answer], True
    editor.issue()
    assert prompts.offered == [[
        f"{case.party_names} already has 行政处罚决定书 {FIRST} in force, and a party is decided only once. If it is "
        "wrong, void it first (saying why), then issue the new one. It can be issued as the correction of "
        f"行政处罚决定书 {FIRST} instead: it then replaces it.", f"Issue as correction of {FIRST}", "Cancel"]]
    assert prompts.errors == []
    if answer is None:
        assert editor.document is None and state(demo_db) == before and prompts.confirmations == []
        return
    assert editor.document.supersedes_id == issued.id
    assert editor.windowTitle().startswith(f"行政处罚决定书 (correcting {FIRST}) · 佛南市监处〔2026〕2号")
    assert [d.number for d in decisions_in_force(demo_db, case)] == ["佛南市监处〔2026〕2号"]


@pytest.mark.gui
def test_correct_in_the_main_window_opens_its_editor_as_the_correction(make_window, demo_db, data_dir, english):
    case, issued = decided(demo_db, data_dir)
    window = make_window(demo_db)
    workspace = window.open_case(case.id)
    row_button(workspace, "correct", issued).click()
    editor = window.editors[-1]
    try:
        assert editor.corrects.id == issued.id and editor.document is None
        assert editor.windowTitle() == f"行政处罚决定书 (correcting {FIRST}) — {CASE}"
    finally:
        editor.shutdown()
        editor.close()


def test_a_document_corrected_already_is_not_corrected_again_and_nothing_changes(demo_db, data_dir, english):
    from workstation.errors import WorkstationError

    case, issued = decided(demo_db, data_dir)
    form = find_form("penalty_decision")
    issue_document(demo_db, data_dir, case, form, {}, supersedes=issued.id)
    before = state(demo_db)
    with pytest.raises(WorkstationError) as refused:
        issue_document(demo_db, data_dir, case, form, {}, supersedes=FIRST)
    assert refused.value.message == (f"行政处罚决定书 {FIRST} was already corrected by 行政处罚决定书 佛南市监处〔2026〕2号: "
                                     "correct 行政处罚决定书 佛南市监处〔2026〕2号 instead.")
    assert state(demo_db) == before


@pytest.mark.gui
def test_the_documents_list_marks_a_corrected_document_and_offers_to_correct_only_its_correction(
        workspace, demo_db, data_dir, english):
    case, issued = decided(demo_db, data_dir)
    width = workspace().documents.minimumSizeHint().width()
    correction = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {}, supersedes=issued.id)
    shown = workspace()
    # the long mark wraps in its row instead of widening the case (a laptop then scrolled it sideways)
    assert shown.documents.minimumSizeHint().width() <= width
    rows = [shown.documents.model.row_texts(row) for row in range(shown.documents.model.rowCount())]
    assert any(cells[0] == FIRST and cells[-1] == "corrected by 行政处罚决定书 佛南市监处〔2026〕2号" for cells in rows)
    again = row_button(shown, "correct", issued)
    assert not again.isEnabled() and again.toolTip() == (
        f"行政处罚决定书 {FIRST} was already corrected by 行政处罚决定书 佛南市监处〔2026〕2号: correct "
        "行政处罚决定书 佛南市监处〔2026〕2号 instead.")
    assert row_button(shown, "correct", correction).isEnabled()
