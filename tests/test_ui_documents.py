import pytest

from workstation.store import find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕1号"


def button(section, name):
    from PySide6.QtWidgets import QPushButton

    return next(b for b in section.findChildren(QPushButton) if b.objectName().startswith(name))


def test_draft_issue_and_save_a_document_from_the_case(make_window, demo_db, prompts, tmp_path):
    window = make_window(demo_db)
    workspace = window.open_case(find_case(demo_db, CASE).id)
    section = workspace.documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("penalty_decision"))

    draft = tmp_path / "草稿.docx"
    prompts.files.append(str(draft))
    button(section, "draft_docx").click()
    assert draft.read_bytes()[:2] == b"PK"

    prompts.confirm_answer = True
    button(section, "issue").click()
    assert prompts.errors == []
    assert "佛南市监处〔2026〕1号" in prompts.infos[-1]
    section = workspace.documents  # the workspace rebuilt itself with the issued document listed
    rows = [section.model.row_texts(row) for row in range(section.model.rowCount())]
    issued = next(n for n, cells in enumerate(rows) if cells[0] == "佛南市监处〔2026〕1号")
    assert rows[issued][1] == "行政处罚决定书"

    saved = tmp_path / "决定书.pdf"
    prompts.files.append(str(saved))
    section.view.selectRow(issued)
    button(section, "save_").click()
    assert saved.read_bytes().startswith(b"%PDF")

    case_file = tmp_path / "卷宗.pdf"
    prompts.files.append(str(case_file))
    button(section, "casefile").click()
    from pypdf import PdfReader

    assert len(PdfReader(case_file).pages) >= 4


def test_a_refused_draft_says_which_field(make_window, db, prompts, tmp_path):
    from workstation.records import Case, Party
    from workstation.store import agency_by_code, create_case, save_party

    party = save_party(db, Party(name="佛山市南海区无地址有限公司"))
    case = create_case(db, Case(case_number="", cause="测试案", sector="other",
                                agency_id=agency_by_code(db, "440605").id, party_ids=[party.id]))
    window = make_window(db)
    section = window.open_case(case.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("penalty_decision"))
    prompts.files.append(str(tmp_path / "x.pdf"))
    section.save_draft("pdf")
    assert prompts.errors and "住所" in prompts.errors[0]
    assert not (tmp_path / "x.pdf").exists()


def test_a_decision_the_procedure_has_not_reached_is_refused_before_asking_to_take_a_number(make_window, db,
                                                                                              prompts, english):
    from workstation.records import Case, Party
    from workstation.store import agency_by_code, create_case, save_party

    party = save_party(db, Party(name="佛山市南海区调查中有限公司", address="佛山市南海区桂城街道"))
    case = create_case(db, Case(case_number="", cause="测试案", sector="other", status="investigating",
                                filed_on="2026-09-01", agency_id=agency_by_code(db, "440605").id,
                                party_ids=[party.id]))
    section = make_window(db).open_case(case.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("penalty_decision"))
    prompts.confirm_answer = True
    button(section, "issue").click()
    assert prompts.confirmations == [] and len(prompts.errors) == 1
    assert "cannot be issued while the case is" in prompts.errors[0]
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


def test_issuing_from_the_workspace_tells_the_window_the_case_changed(make_window, demo_db, prompts, qtbot):
    """The case list, dashboard and deadline board hear of a document issued from the case's documents section,
    as they do of a procedure action."""
    window = make_window(demo_db)
    case_id = find_case(demo_db, CASE).id
    workspace = window.open_case(case_id)
    window.board.stale = False
    section = workspace.documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("penalty_decision"))
    prompts.confirm_answer = True
    with qtbot.waitSignal(window.data_changed, timeout=1000), qtbot.waitSignal(workspace.case_changed,
                                                                                timeout=1000) as changed:
        button(section, "issue").click()
    assert prompts.errors == [] and changed.args == [case_id]
    assert window.board.stale
