"""The review of a publication copy (公示版) kept with its decision (m049, ``documents.publication_review``): the names
the officer typed and the suggestions left whole are offered again in a later review — another documents section,
another day — and ``docs publication`` masks the names kept; a name given with --mask is kept too. The suggested names,
ticked by default, are masked in the copy shown and saved even when the officer changes nothing."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from tests.helpers import run, run_json
from tests.test_publication_copy import NAMED_FACTS, decided, documents_section, docx_text
from workstation.audit import verify
from workstation.documents.publication_review import record_review, stored_review
from workstation.errors import WorkstationError


def reviewed(qtbot, section, decision, act) -> dict:
    """Open the review of ``decision``'s copy from ``section``, call ``act(dialog, seen)`` in it (which saves or
    cancels), and return what it noted; the dialog is closed whatever happens."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: dict = {}

    def review():
        dialog = QApplication.activeModalWidget()
        try:
            seen["suggested"] = [(dialog.suggested.item(row).data(Qt.ItemDataRole.UserRole),
                                  dialog.suggested.item(row).checkState()) for row in range(dialog.suggested.count())]
            seen["typed"] = dialog.names.text()
            seen["shown"] = dialog.preview.toPlainText()
            act(dialog, seen)
        finally:
            if dialog.isVisible():
                dialog.done(0)

    QTimer.singleShot(0, review)
    section.save_publication_copy(decision)
    return seen


def save(dialog, _seen) -> None:
    dialog.save.click()


@pytest.mark.gui
def test_the_names_suggested_are_masked_in_the_copy_saved_when_the_officer_changes_nothing(
        qtbot, db, data_dir, make_case, prompts, tmp_path):
    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    section = documents_section(qtbot, db, data_dir, case, prompts)
    prompts.files = [str(tmp_path / "公示版.txt")]
    seen = reviewed(qtbot, section, decision, save)
    assert [state for _name, state in seen["suggested"]] == [Qt.CheckState.Checked] * 3
    assert "安排员工王某某与陈某使用" in seen["shown"] and "证人张某，男" in seen["shown"]  # as it will be written
    text = (tmp_path / "公示版.txt").read_text(encoding="utf-8-sig")
    assert "安排员工王某某与陈某使用" in text and "证人张某，男" in text and "王小明" not in text


@pytest.mark.gui
def test_the_names_chosen_are_kept_with_the_decision_and_offered_again_by_another_section(
        qtbot, db, data_dir, make_case, prompts, tmp_path, english):
    # 周七, 李明: written, and no word of the text suggests them (s63: a name written nowhere is refused)
    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS + "周七、李明未参与。")
    prompts.files = [str(tmp_path / "公示版.txt")]

    def choose(dialog, _seen):
        dialog.suggested.item(1).setCheckState(Qt.CheckState.Unchecked)  # 陈静: the officer says no
        dialog.names.setText("周七、李明")
        dialog.names.textEdited.emit("周七、李明")
        dialog.save.click()

    reviewed(qtbot, documents_section(qtbot, db, data_dir, case, prompts), decision, choose)
    assert "安排员工王某某与陈静使用" in (tmp_path / "公示版.txt").read_text(encoding="utf-8-sig")
    kept = stored_review(db, decision.id)
    assert (kept.typed, kept.kept_whole, kept.masked) == ("周七、李明", frozenset({"陈静"}),
                                                          ("王小明", "张伟", "周七", "李明"))
    assert db.execute("SELECT action FROM audit WHERE entity = 'publication_review' AND entity_id = ?",
                      [decision.id]).fetchall() == [("create",)]

    # the program closed and opened again: a new documents section, the same review offered and saved as DOCX
    prompts.files = [str(tmp_path / "公示版.docx")]
    seen = reviewed(qtbot, documents_section(qtbot, db, data_dir, case, prompts), decision, save)
    assert seen["typed"] == "周七、李明" and seen["suggested"] == [
        ("王小明", Qt.CheckState.Checked), ("陈静", Qt.CheckState.Unchecked), ("张伟", Qt.CheckState.Checked)]
    assert "安排员工王某某与陈静使用" in seen["shown"]
    assert "安排员工王某某与陈静使用" in docx_text((tmp_path / "公示版.docx").read_bytes())
    # saved unchanged: nothing new to audit
    assert db.execute("SELECT COUNT(*) FROM audit WHERE entity = 'publication_review'").fetchone()[0] == 1
    assert verify(db)["valid"]


@pytest.mark.gui
def test_a_review_cancelled_keeps_the_names_kept_before(qtbot, db, data_dir, make_case, prompts, tmp_path):
    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    record_review(db, decision, "周七", {"陈静"}, ("王小明", "张伟", "周七"))

    def change_then_cancel(dialog, _seen):
        dialog.names.setText("李明")
        dialog.names.textEdited.emit("李明")
        dialog.done(0)

    prompts.files = [str(tmp_path / "公示版.txt")]
    reviewed(qtbot, documents_section(qtbot, db, data_dir, case, prompts), decision, change_then_cancel)
    assert not (tmp_path / "公示版.txt").exists()
    assert stored_review(db, decision.id).typed == "周七"


def test_docs_publication_masks_the_names_kept_and_keeps_those_given(db, data_dir, make_case, capsys, tmp_path,
                                                                     english):
    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    record_review(db, decision, "", {"陈静"}, ("王小明",))  # the window's review: 王小明 ticked, 陈静 left whole
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                      tmp_path / "a.txt")
    # 张伟, suggested but not in the review, is masked as the window ticks it; 陈静, left whole there, is not
    assert result["masked_as_reviewed"] == ["王小明"] and result["masked_as_suggested"] == ["张伟"]
    assert result["masked_on_request"] == ["王小明", "张伟"]
    text = (tmp_path / "a.txt").read_text(encoding="utf-8-sig")
    assert "安排员工王某某与陈静使用" in text and "证人张某，男" in text
    assert [n["name"] for n in result["unmasked_names"]] == ["陈静"]
    kept = stored_review(db, decision.id)
    assert (kept.typed, kept.kept_whole, kept.masked) == ("", frozenset({"陈静"}), ("王小明", "张伟"))

    code, out, _err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                          tmp_path / "a.txt", "--force")
    assert code == 0 and "Masked as kept from the last review: 王小明、张伟." in out.splitlines()
    assert not [line for line in out.splitlines() if line.startswith("Masked as the text suggests")]
    # a later copy: both masked again; 陈静, left whole in the window, given now with --mask: masked, kept as typed,
    # no longer left whole
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                      tmp_path / "b.txt", "--mask", "陈静")
    assert result["masked_on_request"] == ["王小明", "张伟", "陈静"] and result["unmasked_names"] == []
    kept = stored_review(db, decision.id)
    assert (kept.typed, kept.kept_whole, kept.masked) == ("陈静", frozenset(), ("王小明", "张伟", "陈静"))
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                      tmp_path / "c.docx")
    assert result["masked_as_reviewed"] == ["王小明", "张伟", "陈静"] and result["masked_as_suggested"] == []
    text = docx_text((tmp_path / "c.docx").read_bytes())
    assert "安排员工王某某与陈某使用" in text and "证人张某，男" in text


def test_docs_publication_unmask_writes_a_kept_name_whole_and_takes_it_out_of_the_review(
        db, data_dir, make_case, capsys, tmp_path, english):
    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    record_review(db, decision, "张伟", set(), ("王小明", "陈静", "张伟"))  # 王小明, 陈静 ticked; 张伟 typed
    before = stored_review(db, decision.id)
    # a name the review does not keep, or one given with --mask too: refused in one line, nothing written or kept
    for extra, message in (
            (["--unmask", "周七"], f"--unmask: 周七 is not among the names the last review of {decision.number} keeps "
                                   "masked (王小明、陈静、张伟): nothing to write whole again."),
            (["--unmask", "张伟", "--mask", "张伟"], "--unmask: 张伟 is given with --mask too: give each name once.")):
        code, out, err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                             tmp_path / "x.txt", *extra)
        assert (code, out, err) == (1, "", f"Error: {message}\n")
        assert not (tmp_path / "x.txt").exists() and stored_review(db, decision.id) == before
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                      tmp_path / "a.txt", "--unmask", "陈静", "--unmask", "张伟")
    assert result["given_whole"] == ["陈静", "张伟"] and result["masked_as_reviewed"] == ["王小明"]
    text = (tmp_path / "a.txt").read_text(encoding="utf-8-sig")
    assert "安排员工王某某与陈静使用" in text and "证人张伟" in text
    kept = stored_review(db, decision.id)
    # 陈静 and 张伟 are suggested by the wording: left whole, as if unticked in the window; 张伟 no longer typed
    assert (kept.typed, kept.kept_whole, kept.masked) == ("", frozenset({"陈静", "张伟"}), ("王小明",))
    code, out, _err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                          tmp_path / "b.txt")
    assert code == 0 and "Masked as kept from the last review: 王小明." in out.splitlines()
    assert "证人张伟" in (tmp_path / "b.txt").read_text(encoding="utf-8-sig")


def test_a_name_refused_is_not_kept_and_the_copy_not_written(db, data_dir, make_case, capsys, tmp_path, english):
    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    with pytest.raises(WorkstationError) as refused:
        record_review(db, decision, "梁嘉豪", (), ("梁嘉豪",))
    assert refused.value.message.startswith("“梁嘉豪” is the party or its representative")
    assert stored_review(db, decision.id) is None
    code, out, err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                         tmp_path / "a.txt", "--mask", "王小明", "--mask", "Li Ming")
    assert code == 1 and "“Li Ming” is not a person's name to mask" in err
    assert not (tmp_path / "a.txt").exists() and stored_review(db, decision.id) is None


def test_a_copy_that_cannot_be_written_keeps_no_name(db, data_dir, make_case, capsys, tmp_path):
    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    (tmp_path / "folder.txt").mkdir()  # a directory where the file should go
    code, _out, _err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                           tmp_path / "folder.txt", "--mask", "王小明", "--force")
    assert code == 1 and stored_review(db, decision.id) is None


def test_a_correction_not_yet_reviewed_is_offered_the_review_of_the_decision_it_corrects(
        db, data_dir, make_case, capsys, tmp_path):
    from tests.test_publication_copy import DECIDED_ON
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.documents.publication_review import review_to_offer
    from workstation.store import get_case

    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    record_review(db, decision, "", {"陈静"}, ("王小明", "张伟"))
    corrected = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                               {"decided_on": DECIDED_ON, "fine_fen": "4000", "facts": NAMED_FACTS},
                               supersedes=decision.id, party_id=case.party_ids[0])
    offered = review_to_offer(db, corrected)
    assert (offered.kept_whole, offered.masked) == (frozenset({"陈静"}), ("王小明", "张伟"))
    assert stored_review(db, corrected.id) is None  # offered, not kept, until its copy is written
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                      tmp_path / "a.txt")
    assert result["document"] == corrected.id and result["masked_as_reviewed"] == ["王小明", "张伟"]
    text = (tmp_path / "a.txt").read_text(encoding="utf-8-sig")
    assert "安排员工王某某与陈静使用" in text and "证人张某，男" in text
    record_review(db, corrected, "", (), ("王小明",))  # its own review, once made, is the one offered
    assert review_to_offer(db, corrected).masked == ("王小明",)


def test_a_name_kept_for_the_decision_corrected_that_the_correction_publishes_whole_is_not_offered(
        db, data_dir, make_case):
    from tests.test_publication_copy import COMPANY, DECIDED_ON, USCC
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.documents.publication_review import review_to_offer
    from workstation.records import Party
    from workstation.store import get_case, save_party

    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    record_review(db, decision, "", (), ("王小明", "张伟"))
    # the party's representative was 王小明 after all: the correction names him so, published whole
    save_party(db, Party(name=COMPANY, uscc=USCC, address="佛山市南海区桂城街道南海大道1号", legal_rep="王小明",
                         id=case.party_ids[0]))
    corrected = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                               {"decided_on": DECIDED_ON, "fine_fen": "4000", "facts": NAMED_FACTS},
                               supersedes=decision.id, party_id=case.party_ids[0])
    assert corrected.values["legal_rep"] == "王小明"
    assert review_to_offer(db, corrected).masked == ("张伟",)
