"""The case workspace and its document editors kept in step (session 57's audit of the workspace): the 文书 section's
签发… and 草稿PDF… use the draft kept of the document (and the draft is gone once it is issued); an editor showing an
issued document voided elsewhere says so before a copy is made; Write… brings the editor already writing the
document to the front, and several drafts kept of one document are offered to choose from; the officers edited, a
party shared by two open cases saved, or the case's penalty chosen, the open tabs and draft editors follow."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QDialog, QLabel, QPushButton

from tests.helpers import pdf_text
from workstation.store import find_case

CASE = "佛南市监立〔2026〕9号"  # investigating
TYPED = "【草稿里写的话】"
OTHER = "【另一份草稿】"
MOVED = "佛山市南海区桂城街道新地址路1号"


def scripted(monkeypatch, cls, act):
    """``cls.exec`` replaced: ``act(dialog)`` does what the officer does, then the dialog closes."""

    def exec_(dialog) -> int:
        act(dialog)
        if QDialog.result(dialog) != QDialog.DialogCode.Accepted:
            QDialog.reject(dialog)
        return QDialog.result(dialog)

    monkeypatch.setattr(cls, "exec", exec_)


@pytest.fixture
def window(demo_db, make_window, english):
    built = make_window(demo_db)
    yield built
    for editor in list(built.editors):
        editor.drop_unsaved = True
        editor.close()


def documents(window, case_id, form_id):
    section = window.workspaces[case_id].documents
    section.choose(form_id)
    return section


def write(window, case_id, form_id="rectification_order"):
    """Write… clicked in the case's 文书 section: the editor it brings up."""
    documents(window, case_id, form_id).findChild(QPushButton, "write").click()
    return window.editors[-1] if window.editors else None


def keep_draft(editor, text):
    """Type ``text`` at the end of the 不改正的后果 and keep the draft (Ctrl+S), then close the editor."""
    editor.set_field("consequence", editor.fields["consequence"].value() + text)
    editor.save_draft()
    editor.close()


@pytest.fixture
def case(window, demo_db):
    found = find_case(demo_db, CASE)
    window.open_case(found.id)
    return found


# 1. the section's Issue… and Draft PDF… use the kept draft --------------------------------------------------------
def test_issue_from_the_section_issues_the_kept_draft_and_the_draft_is_gone(window, case, demo_db, prompts):
    from workstation.documents.issuing import documents_of_case

    keep_draft(write(window, case.id), TYPED)
    prompts.confirm_answer = True  # the draft issued, and the document
    documents(window, case.id, "rectification_order").findChild(QPushButton, "issue").click()
    assert prompts.errors == []
    assert any("was kept on" in question and "Issue what it holds" in question for question in prompts.confirmations)
    issued = [d for d in documents_of_case(demo_db, case.id) if d.form_id == "rectification_order"]
    assert len(issued) == 1 and TYPED in issued[0].values["consequence"]
    asked = len(prompts.confirmations)
    editor = write(window, case.id)  # Write… again: no draft left to continue
    assert len(prompts.confirmations) == asked
    assert TYPED not in editor.fields["consequence"].value()


def test_issue_from_the_section_without_the_draft_keeps_it(window, case, demo_db, prompts):
    from workstation.documents.issuing import documents_of_case

    keep_draft(write(window, case.id), TYPED)
    prompts.confirm_answers = [False]  # not the draft: the case's values alone
    prompts.confirm_answer = True
    documents(window, case.id, "rectification_order").findChild(QPushButton, "issue").click()
    issued = [d for d in documents_of_case(demo_db, case.id) if d.form_id == "rectification_order"]
    assert len(issued) == 1 and TYPED not in issued[0].values["consequence"]
    prompts.confirm_answers = [True]
    assert TYPED in write(window, case.id).fields["consequence"].value()  # still there to continue


def test_the_section_draft_pdf_prints_the_kept_draft(window, case, prompts, tmp_path):
    keep_draft(write(window, case.id), TYPED)
    target = tmp_path / "draft.pdf"
    prompts.confirm_answer = True
    prompts.files = [str(target)]
    documents(window, case.id, "rectification_order").findChild(QPushButton, "draft_pdf").click()
    assert prompts.errors == []
    assert TYPED in pdf_text(target.read_bytes()).replace(" ", "").replace("\n", "")


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt: the activation is what is seen
def test_issue_from_the_section_while_the_editor_is_open_brings_it_to_the_front(window, case, demo_db, prompts):
    from workstation.documents.issuing import documents_of_case

    editor = write(window, case.id)
    editor.set_field("consequence", editor.fields["consequence"].value() + TYPED)
    prompts.confirm_answer = True
    documents(window, case.id, "rectification_order").findChild(QPushButton, "issue").click()
    assert documents_of_case(demo_db, case.id) == [d for d in documents_of_case(demo_db, case.id)
                                                   if d.form_id != "rectification_order"]
    assert window.editors == [editor] and prompts.infos and "its own window" in prompts.infos[-1]


# 2. an issued document voided while its editor shows it ---------------------------------------------------------
def issue_and_open(window, case, prompts):
    editor = write(window, case.id)
    prompts.confirm_answer = True
    editor.issue()
    document = editor.document
    editor.close()
    section = window.workspaces[case.id].documents
    assert section.select_document(document.id)
    section.findChild(QPushButton, "open_document").click()
    return document, window.editors[-1]


def test_a_document_voided_elsewhere_is_said_before_its_copy(window, case, demo_db, data_dir, prompts, tmp_path):
    from workstation.documents.issuing import void_document

    document, view = issue_and_open(window, case, prompts)
    assert "void" not in view.windowTitle()
    void_document(demo_db, document.id, "文号填写错误")  # by another process, the command line…
    prompts.confirm_answer = False
    prompts.files = [str(tmp_path / "copy.pdf")]
    view.save_as("pdf")
    assert prompts.destructive and "no longer in force" in prompts.destructive[-1]
    assert not (tmp_path / "copy.pdf").exists()
    assert "void" in view.windowTitle() and "VOID" in view.banner.text()


def test_a_document_voided_from_its_case_is_marked_void_in_its_open_editor(window, case, prompts):
    document, view = issue_and_open(window, case, prompts)
    prompts.texts = ["文号填写错误"]
    prompts.confirm_answers = [True]
    section = window.workspaces[case.id].documents
    section.select_document(document.id)
    section.findChild(QPushButton, "void_document").click()
    assert "void" in view.windowTitle() and "VOID" in view.banner.text()


# 3. one editor per document, every draft reachable ---------------------------------------------------------------
@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt: the activation is what is seen
def test_write_again_brings_the_open_editor_to_the_front(window, case, prompts, qtbot):
    from PySide6.QtWidgets import QApplication

    first = write(window, case.id)
    first.set_field("consequence", first.fields["consequence"].value() + TYPED)
    first.save_draft()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # back to the case, the editor left behind
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    prompts.confirm_answer = True
    again = write(window, case.id)
    assert again is first and window.editors == [first]
    assert prompts.confirmations == []  # its draft not offered: it is the one open
    qtbot.waitUntil(lambda: QApplication.activeWindow() is first)


def test_several_drafts_kept_of_one_document_are_offered_to_choose(window, case, prompts):
    keep_draft(write(window, case.id), TYPED)
    prompts.confirm_answers = [False]  # not continued: a second one started from the case
    keep_draft(write(window, case.id), OTHER)
    prompts.choices = [1]  # the older one, listed second
    editor = write(window, case.id)
    offered = prompts.offered[-1]
    assert "2 drafts" in offered[0] and len(offered) == 4  # the question, two drafts, a new one
    assert TYPED in editor.fields["consequence"].value() and OTHER not in editor.fields["consequence"].value()
    editor.close()
    prompts.choices = [None]  # cancelled: no editor
    assert write(window, case.id) is None and window.editors == []


# 4. the open tabs and editors follow -----------------------------------------------------------------------------
def test_an_officer_edited_is_shown_in_the_open_case_and_its_draft_editor(window, case, demo_db, monkeypatch):
    from ui.officers_dialog import OfficersDialog
    from workstation.store import get_officer

    officer = get_officer(demo_db, case.officer_ids[0])
    editor = write(window, case.id, "inquiry_record")
    assert editor.fields["interviewer1"].value() == officer.name

    def act(dialog):
        dialog.table.selectRow(next(i for i, o in enumerate(dialog.model.records) if o.id == officer.id))
        dialog.cert_no.setText("44060514999")
        dialog.save()
        dialog.reject()

    scripted(monkeypatch, OfficersDialog, act)
    window.edit_officers()
    workspace = window.workspaces[case.id]
    assert any("44060514999" in label.text() for label in workspace.findChildren(QLabel))
    assert editor.fields["interviewer1_cert"].value() == "44060514999"


def test_a_party_saved_in_one_tab_is_shown_in_the_other_case_sharing_it(make_window, db, make_case, prompts,
                                                                        monkeypatch):
    from ui.party_dialog import PartyDialog

    window = make_window(db)
    first, second = make_case(), make_case()
    party_id = first.party_ids[0]
    tab_b = window.open_case(second.id)
    tab_a = window.open_case(first.id)

    def act(dialog):
        dialog.edits["address"].setText(MOVED)
        dialog.save()

    scripted(monkeypatch, PartyDialog, act)
    tab_a.findChild(QPushButton, f"edit_party_{party_id}").click()
    tab_b = window.workspaces[second.id]
    assert MOVED in tab_b.findChild(QLabel, f"party_{party_id}").text()


def test_the_penalty_chosen_in_the_case_moves_into_its_open_decision(window, demo_db, monkeypatch):
    from ui.case_law import PenaltyChoiceDialog
    from workstation.documents.drafts import find_form

    case = find_case(demo_db, "佛三市监立〔2026〕6号")
    workspace = window.open_case(case.id)
    editor = window.open_editor(case, find_form("penalty_decision"))
    editor.set_field("statement", "当事人提出了陈述意见。")  # the officer's own words stay

    def act(dialog):
        dialog.tier.setCurrentIndex(dialog.tier.findData("lighter"))
        dialog.fine.setText("5000")
        dialog.save()

    scripted(monkeypatch, PenaltyChoiceDialog, act)
    workspace.law.findChild(QPushButton, "penalty_choice").click()
    assert editor.fields["discretion"].value() == "依法从轻处罚。"
    assert editor.fields["statement"].value() == "当事人提出了陈述意见。"


# 5. the editor's hints -------------------------------------------------------------------------------------------
def test_no_field_hint_shows_a_file_of_the_program():
    from workstation.formkit.spec import load_forms

    shown = {(form.id, field.name): field.help for form in load_forms()[0].values() for field in form.fields
             if "resources/" in (field.help or "") or ".toml" in (field.help or "")}
    assert shown == {}


# 6. the final read's findings ------------------------------------------------------------------------------------
def test_a_continued_draft_keeps_its_typed_text_when_the_case_changes(window, case, demo_db, prompts):
    from workstation.store import drafts

    keep_draft(write(window, case.id), TYPED)
    prompts.confirm_answers = [True]  # continued
    editor = write(window, case.id)
    assert TYPED in editor.fields["consequence"].value()
    window._case_changed(case.id)  # a document issued, a party saved in another tab, the officers edited…
    assert TYPED in editor.fields["consequence"].value()
    editor.autosave()
    assert TYPED in drafts.get_draft(demo_db, editor.draft.id).values["consequence"]


def test_a_continued_draft_still_follows_the_case_where_it_holds_what_the_case_gave(window, case, demo_db,
                                                                                     prompts, monkeypatch):
    from ui.party_dialog import PartyDialog

    keep_draft(write(window, case.id), TYPED)
    prompts.confirm_answers = [True]
    editor = write(window, case.id)
    party_id = case.party_ids[0]

    def act(dialog):
        dialog.edits["name"].setText("佛山市南海区改名后有限公司")
        dialog.save()

    scripted(monkeypatch, PartyDialog, act)
    prompts.choices = [1]  # the cause kept as it is
    window.workspaces[case.id].findChild(QPushButton, f"edit_party_{party_id}").click()
    assert editor.fields["party_name"].value() == "佛山市南海区改名后有限公司"
    assert TYPED in editor.fields["consequence"].value()


def test_issuing_a_kept_draft_naming_the_party_otherwise_asks_first(window, case, demo_db, prompts):
    from workstation.documents.issuing import documents_of_case

    editor = write(window, case.id)
    editor.set_field("party_name", "【别的名称】有限公司")
    editor.save_draft()
    editor.close()
    prompts.confirm_answers = [True, False]  # the draft issued; not naming the party as the draft writes it
    documents(window, case.id, "rectification_order").findChild(QPushButton, "issue").click()
    asked = [q for q in prompts.confirmations if "not named here as its record names it" in q]
    assert len(asked) == 1 and "【别的名称】有限公司" in asked[0]
    assert [d for d in documents_of_case(demo_db, case.id) if d.form_id == "rectification_order"] == []
    prompts.confirm_answers = [True, True]  # asked again, and issued naming it as written
    prompts.confirm_answer = True
    documents(window, case.id, "rectification_order").findChild(QPushButton, "issue").click()
    issued = [d for d in documents_of_case(demo_db, case.id) if d.form_id == "rectification_order"]
    assert len(issued) == 1 and issued[0].values["party_name"] == "【别的名称】有限公司"


def test_a_party_saved_reloads_its_own_case_once(window, case, prompts, monkeypatch):
    from ui.case_workspace import CaseWorkspace
    from ui.party_dialog import PartyDialog

    workspace = window.workspaces[case.id]
    reloads, told = [], []
    reload = CaseWorkspace.reload
    monkeypatch.setattr(CaseWorkspace, "reload", lambda shown: (reloads.append(shown.case_id), reload(shown)))
    window.data_changed.connect(lambda: told.append(True))

    def act(dialog):
        dialog.edits["address"].setText(MOVED)
        dialog.save()

    scripted(monkeypatch, PartyDialog, act)
    workspace.findChild(QPushButton, f"edit_party_{case.party_ids[0]}").click()
    assert reloads == [case.id] and len(told) == 1
    shown = window.workspaces[case.id].findChild(QLabel, f"party_{case.party_ids[0]}")
    assert MOVED in shown.text()


def test_f1_joins_its_chinese_sentences_without_a_space(db, data_dir, make_window, prompts, chinese):
    from workstation.station import ensure_station
    from workstation.store import agency_by_code

    ensure_station(db, data_dir, agency_id=agency_by_code(db, "440605").id)  # a station holding no number block
    make_window(db).about()
    assert "号段" in prompts.infos[-1] and "。 " not in prompts.infos[-1]


# 7. the second read's findings -----------------------------------------------------------------------------------
RENAMED = "佛山市南海区改名后有限公司"


def rename_party(window, case, prompts, monkeypatch):
    """The party renamed in the case's tab (the cause kept as it is)."""
    from ui.party_dialog import PartyDialog

    def act(dialog):
        dialog.edits["name"].setText(RENAMED)
        dialog.save()

    scripted(monkeypatch, PartyDialog, act)
    prompts.choices = [1]  # the cause kept as it is
    window.workspaces[case.id].findChild(QPushButton, f"edit_party_{case.party_ids[0]}").click()


def asked_to_save(prompts) -> list:
    return [offer for offer in prompts.offered if "not saved as a draft" in offer[0]]


def test_a_new_draft_never_typed_in_follows_the_case_and_closes_without_asking(window, case, demo_db, prompts,
                                                                               monkeypatch):
    from workstation.store import drafts

    editor = write(window, case.id)
    rename_party(window, case, prompts, monkeypatch)
    assert editor.fields["party_name"].value() == RENAMED  # it follows the case
    assert not editor.windowTitle().startswith("*"), editor.windowTitle()
    assert not editor.undo_stack.canUndo()  # nothing of the officer's to undo
    draft_id = editor.draft.id
    editor.close()
    assert asked_to_save(prompts) == [] and editor not in window.editors
    assert drafts.get_draft(demo_db, draft_id).status == "discarded"  # no draft kept that nobody wrote


def test_a_new_draft_typed_in_still_asks_after_the_case_changed(window, case, demo_db, prompts, monkeypatch):
    editor = write(window, case.id)
    editor.set_field("consequence", editor.fields["consequence"].value() + TYPED)
    rename_party(window, case, prompts, monkeypatch)
    assert editor.fields["party_name"].value() == RENAMED and TYPED in editor.fields["consequence"].value()
    assert editor.windowTitle().startswith("*")
    prompts.choices = [0]  # saved
    editor.close()
    assert len(asked_to_save(prompts)) == 1
    from workstation.store import drafts

    kept = drafts.get_draft(demo_db, editor.draft.id)
    assert kept.status == "saved" and TYPED in kept.values["consequence"] and kept.values["party_name"] == RENAMED


def test_a_kept_draft_issued_from_the_list_prints_the_law_of_its_own_amounts(db, data_dir, make_case, make_window,
                                                                            prompts):
    """One of several parties' notice kept with its own amounts (¥1,000 of its own gains confiscated: 广告法 art.
    62) and the basis the case gave: issued from the 文书 list, it prints the basis of its own amounts, as its editor
    shows it (``form_editor.own_law``), not the case's."""
    from tests.test_s47_multiparty_law import company_noticed
    from workstation.documents.addressee import PARTY_KEY
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import documents_of_case
    from workstation.formkit.values import case_context, default_values
    from workstation.store import drafts, get_case

    case, _company, employee = company_noticed(db, data_dir, make_case)
    form = find_form("pre_penalty_notice")
    opened_with = {**default_values(form, case_context(db, get_case(db, case.id), employee)), PARTY_KEY: employee}
    assert "消费者权益保护法" in opened_with["basis"]  # the case's fine, no gains of its own: the case's law
    draft = drafts.open_draft(db, form.id, opened_with, case_id=case.id, defaults=True)
    drafts.set_status(db, draft.id, "saved", {**opened_with, "issued_on": "2026-03-01", "hearing_required": True,
                                              "fine_fen": "20000", "confiscated_fen": "1000"})
    window = make_window(db)
    window.open_case(case.id)
    section = documents(window, case.id, "pre_penalty_notice")
    section.party_choice.setCurrentIndex(section.party_choice.findData(employee))
    prompts.confirm_answers = [True]  # what the draft holds issued
    prompts.confirm_answer = True
    section.findChild(QPushButton, "issue").click()
    assert prompts.errors == []
    [issued] = [d for d in documents_of_case(db, case.id)
                if d.form_id == "pre_penalty_notice" and d.values.get(PARTY_KEY) == employee]
    assert "广告法" in issued.values["basis"] and "消费者权益保护法" not in issued.values["basis"], issued.values["basis"]
