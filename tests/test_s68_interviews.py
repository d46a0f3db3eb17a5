"""Faults of the interviews found by the s68 audit (约谈): a refusal saying to void a 送达回证 or 约谈记录 first — they
have no 文号 — gives the command with the document's id on the command line, and `docs register` lists the parties
and the id of a document without a number (1); a 送达回证 of a voided 约谈通知书 no longer blocks the receipt of the
notice issued again, and voiding a notice names its receipts still in force (2); a typed rectification deadline in a
year without holiday data is marked 日历待核实 as a counted one is (3); a voided interview can be restored, audited,
unless another interview entered since takes its place (4)."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_interview_delivery_receipt import STUDIO, _scheduled
from tests.test_interview_intlock import held_interview
from tests.test_interview_walk import industry_interview
from workstation.documents.interview_documents import interview_documents
from workstation.errors import WorkstationError
from workstation.store.interviews import get_interview, list_interviews, void_interview


def _issue(capsys, data_dir, tmp_path, interview: str, form: str, name: str) -> dict:
    return run_json(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form", form,
                    "-o", tmp_path / name)


def _receipt(db, interview: str, status: str = "issued"):
    return [d for d in interview_documents(db, interview)
            if d.form_id == "interview_delivery_receipt" and d.status == status][-1]


# 1. the way out of a refusal naming a document without a 文号 ------------------------------------------------------
def test_the_refusals_give_the_command_voiding_a_receipt_by_its_id(demo_db, data_dir, capsys, tmp_path, english):
    interview = _scheduled(capsys, data_dir)
    notice = _issue(capsys, data_dir, tmp_path, interview, "interview_notice", "n.pdf")
    _issue(capsys, data_dir, tmp_path, interview, "interview_delivery_receipt", "r.pdf")
    receipt = _receipt(demo_db, interview)
    code, out, err = run(capsys, "interviews", "void", interview, "--data-dir", data_dir, "--reason", "误录")
    assert (code, out) == (1, "")
    assert f"docs void {receipt.id} --reason TEXT" in err and f"docs void {notice['number']} --reason TEXT" in err
    assert get_interview(demo_db, interview).status == "scheduled"
    code, _out, err = run(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                          "interview_delivery_receipt", "-o", tmp_path / "again.pdf")
    assert code == 1 and f"docs void {receipt.id} --reason TEXT" in err and not (tmp_path / "again.pdf").exists()
    # the window says it as the window does it: no command
    from workstation.store.interviews import void_refusal

    assert "docs void" not in void_refusal(demo_db, get_interview(demo_db, interview))
    # the commands given work: the interview is voided afterwards
    for document in (receipt.id, notice["number"]):
        assert run(capsys, "docs", "void", document, "--data-dir", data_dir, "--reason", "误录")[0] == 0
    assert run(capsys, "interviews", "void", interview, "--data-dir", data_dir, "--reason", "误录")[0] == 0


def test_the_register_lists_the_parties_and_the_id_of_a_document_without_a_number(demo_db, data_dir, capsys,
                                                                                  tmp_path, english):
    interview = _scheduled(capsys, data_dir)
    notice = _issue(capsys, data_dir, tmp_path, interview, "interview_notice", "n.pdf")
    _issue(capsys, data_dir, tmp_path, interview, "interview_delivery_receipt", "r.pdf")
    receipt = _receipt(demo_db, interview)
    listed = run_json(capsys, "docs", "register", "--data-dir", data_dir, "--search", STUDIO)
    code, out, err = run(capsys, "docs", "register", "--data-dir", data_dir, "--search", STUDIO)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(listed)
    by_id = {row["id"]: line.split("\t") for row, line in zip(listed, lines, strict=True)}
    # the columns as before, then the parties and the id of a document without a 文号 (— for one with one)
    assert by_id[receipt.id][1] == "—" and by_id[receipt.id][-2:] == [STUDIO, receipt.id]
    numbered = next(row for row in listed if row["number"] == notice["number"])
    assert by_id[numbered["id"]][1] == notice["number"] and by_id[numbered["id"]][-2:] == [STUDIO, "—"]
    assert all(len(cells) == 9 for cells in by_id.values())
    # --json keeps its shape
    assert set(listed[0]) == {"id", "dated", "number", "title", "case_id", "lead_id", "interview_id", "subject",
                              "parties", "agency", "pages", "state", "note", "issued_at", "kind", "state_label"}


# 2. the receipt of a voided notice ---------------------------------------------------------------------------------
def test_the_receipt_of_a_voided_notice_does_not_block_the_new_ones(demo_db, data_dir, capsys, tmp_path, english):
    interview = _scheduled(capsys, data_dir)
    first = _issue(capsys, data_dir, tmp_path, interview, "interview_notice", "n1.pdf")
    _issue(capsys, data_dir, tmp_path, interview, "interview_delivery_receipt", "r1.pdf")
    old_receipt = _receipt(demo_db, interview)
    assert run(capsys, "interviews", "edit", interview, "--data-dir", data_dir, "--place", "本局五楼",
               "--despite-issued")[0] == 0
    code, out, err = run(capsys, "docs", "void", first["number"], "--data-dir", data_dir, "--reason", "地点变更")
    assert code == 0, err
    # the receipt proving the voided notice served is named, with the command voiding it
    assert "送达回证" in out and f"docs void {old_receipt.id} --reason TEXT" in out
    second = _issue(capsys, data_dir, tmp_path, interview, "interview_notice", "n2.pdf")
    code, _out, err = run(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                          "interview_delivery_receipt", "-o", tmp_path / "r2.pdf")
    assert code == 0, err
    new_receipt = [d for d in interview_documents(demo_db, interview)
                   if d.form_id == "interview_delivery_receipt" and d.id != old_receipt.id]
    assert len(new_receipt) == 1 and second["number"] in str(new_receipt[0].values.get("served_document"))
    # a receipt of the notice in force still blocks a second one
    code, _out, err = run(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                          "interview_delivery_receipt", "-o", tmp_path / "r3.pdf")
    assert code == 1 and new_receipt[0].id in err


def test_voiding_a_notice_without_a_receipt_says_nothing_of_one(demo_db, data_dir, capsys, tmp_path, english):
    interview = _scheduled(capsys, data_dir)
    notice = _issue(capsys, data_dir, tmp_path, interview, "interview_notice", "n.pdf")
    code, out, err = run(capsys, "docs", "void", notice["number"], "--data-dir", data_dir, "--reason", "误发")
    assert code == 0 and "送达回证" not in out


# 3. a typed deadline in a year without holiday data ---------------------------------------------------------------
@pytest.mark.parametrize("typed", ["2027-01-02", "2027-10-04"])  # a Saturday; a Monday of 国庆's window
def test_a_typed_deadline_that_may_be_a_rest_day_of_a_year_not_known_is_marked(demo_db, data_dir, capsys, english,
                                                                              typed):
    from ui.interviews_page import InterviewRow
    from workstation.interview_register import UNCONFIRMED_MARK, due_text

    interview_id, _names = industry_interview(capsys, demo_db, data_dir, "--deadline", typed)
    interview = get_interview(demo_db, interview_id)
    assert interview.rectification_due == typed
    assert due_text(demo_db, interview) == typed + UNCONFIRMED_MARK
    listed = run_json(capsys, "interviews", "list", "--data-dir", data_dir, "--as-of", "2027-01-08")
    assert next(r for r in listed if r["id"] == interview_id)["rectification_due_text"] == typed + UNCONFIRMED_MARK
    assert InterviewRow(demo_db, interview, "2027-01-08").due_text() == typed + " (calendar unconfirmed)"


# a working day of a known year; a Wednesday of 2027 outside the festivals' windows, passed or not whatever the
# year's notice says (as the deadline board leaves it: test_s57_calendar_notes)
@pytest.mark.parametrize("typed", ["2026-12-23", "2027-03-10"])
def test_a_typed_deadline_on_a_certain_working_day_is_not_marked(demo_db, data_dir, capsys, english, typed):
    from ui.interviews_page import InterviewRow
    from workstation.interview_register import due_text

    interview_id, _names = industry_interview(capsys, demo_db, data_dir, "--deadline", typed)
    interview = get_interview(demo_db, interview_id)
    assert due_text(demo_db, interview) == typed
    assert InterviewRow(demo_db, interview, "2026-12-08").due_text() == typed


# 4. a voided interview restored -----------------------------------------------------------------------------------
def test_a_voided_interview_is_restored_audited(demo_db, data_dir, capsys, english):
    from workstation.audit import ACTION_LABELS

    interview = held_interview(demo_db)
    void_interview(demo_db, interview.id, "误作废")
    restored = run_json(capsys, "interviews", "restore", interview.id, "--data-dir", data_dir)
    assert restored["id"] == interview.id and restored["state"] == "held"
    again = get_interview(demo_db, interview.id)
    assert (again.status, again.void_reason, again.commitments) == ("held", "", interview.commitments)
    assert interview.id in [i.id for i in list_interviews(demo_db)]
    actions = [r[0] for r in demo_db.execute("SELECT action FROM audit WHERE entity = 'interview' AND entity_id = ? "
                                             "ORDER BY seq", [interview.id])]
    assert actions[-1] == "unvoid" and "unvoid" in ACTION_LABELS
    # one not voided is refused, changing nothing
    code, out, err = run(capsys, "interviews", "restore", interview.id, "--data-dir", data_dir)
    assert (code, out) == (1, "") and "not void" in err


def test_a_scheduled_interview_comes_back_scheduled(demo_db, data_dir, capsys, english):
    interview = _scheduled(capsys, data_dir)
    void_interview(demo_db, interview, "误作废")
    assert run_json(capsys, "interviews", "restore", interview, "--data-dir", data_dir)["state"] == "scheduled"
    assert get_interview(demo_db, interview).status == "scheduled"


def test_a_restore_clashing_with_an_interview_entered_since_is_refused(demo_db, data_dir, capsys, english):
    from workstation.store.interviews import restore_interview

    interview = held_interview(demo_db)
    void_interview(demo_db, interview.id, "日期录错")
    replacement = held_interview(demo_db)  # entered again since, the same day, time and party
    code, out, err = run(capsys, "interviews", "restore", interview.id, "--data-dir", data_dir)
    assert (code, out) == (1, "") and replacement.id in err
    assert get_interview(demo_db, interview.id).status == "void"
    with pytest.raises(WorkstationError):
        restore_interview(demo_db, interview.id)
    # once the replacement is voided in turn, the first one may come back
    void_interview(demo_db, replacement.id, "重复")
    assert restore_interview(demo_db, interview.id).status == "held"


@pytest.mark.gui
def test_the_page_restores_a_voided_interview_shown(demo_db, make_window, prompts, english):
    interview = held_interview(demo_db)
    void_interview(demo_db, interview.id, "误作废")
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.show_void.setChecked(True)
    page.select(interview.id)
    button = page.buttons["restore_interview"]
    assert button.isVisibleTo(page) and button.isEnabled() and not page.buttons["void_interview"].isVisibleTo(page)
    prompts.confirm_answer = False
    button.click()
    assert get_interview(demo_db, interview.id).status == "void"
    prompts.confirm_answer = True
    button.click()
    assert get_interview(demo_db, interview.id).status == "held"
    page.select(interview.id)
    assert not page.buttons["restore_interview"].isVisibleTo(page) and page.buttons["void_interview"].isVisibleTo(page)


def test_the_restore_button_is_hidden_for_an_interview_in_force(demo_db, make_window, english):
    interview = held_interview(demo_db)
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.select(interview.id)
    assert not page.buttons["restore_interview"].isVisibleTo(page)



# the final read's mends --------------------------------------------------------------------------------------------
def test_an_absent_interview_comes_back_absent_with_its_reason(demo_db, english):
    from workstation.store.interviews import mark_absent, restore_interview

    interview = held_interview(demo_db)
    absent = mark_absent(demo_db, interview.id, "送达后未到场")
    assert absent.status == "absent"
    void_interview(demo_db, interview.id, "误作废")
    restored = restore_interview(demo_db, interview.id)
    again = get_interview(demo_db, interview.id)
    assert (restored.status, again.status, again.summary) == ("absent", "absent", absent.summary)


def test_a_held_interview_with_a_summary_only_comes_back_held(demo_db, english):
    from dataclasses import replace

    from workstation.store.interviews import restore_interview, save_interview

    interview = held_interview(demo_db)
    interview = save_interview(demo_db, replace(interview, commitments="", rectification_due=None,
                                                summary="当事人说明了情况"))
    assert (interview.status, interview.rectification_due) == ("held", None)
    void_interview(demo_db, interview.id, "误作废")
    assert restore_interview(demo_db, interview.id).status == "held"
    assert get_interview(demo_db, interview.id).status == "held"


def test_an_interview_voided_before_the_state_was_kept_comes_back_as_guessed(demo_db, english):
    from workstation.store.interviews import restore_interview

    interview = held_interview(demo_db)
    void_interview(demo_db, interview.id, "误作废")
    demo_db.execute("UPDATE interviews SET voided_status = '' WHERE id = ?", [interview.id])  # as voided before m075
    assert restore_interview(demo_db, interview.id).status == "held"  # its commitments: held
    assert demo_db.execute("SELECT voided_status FROM interviews WHERE id = ?", [interview.id]).fetchone()[0] == ""


def test_the_void_commands_are_joined_the_language_s_way(chinese):
    from types import SimpleNamespace

    from workstation.store.interviews import void_commands

    joined = void_commands([SimpleNamespace(number="佛南市监约〔2026〕1号", id="a"), SimpleNamespace(number=None, id="b")])
    assert "；" in joined and "; " not in joined


def test_voiding_a_notice_says_its_receipt_before_it_is_voided(demo_db, data_dir, capsys, tmp_path, english):
    from workstation.documents.issuing import get_document, void_consequences

    interview = _scheduled(capsys, data_dir)
    notice = _issue(capsys, data_dir, tmp_path, interview, "interview_notice", "n.pdf")
    _issue(capsys, data_dir, tmp_path, interview, "interview_delivery_receipt", "r.pdf")
    receipt = _receipt(demo_db, interview)
    document = get_document(demo_db, notice["number"])
    window = " ".join(void_consequences(demo_db, document))
    assert "送达回证" in window and "stays in force" in window and "docs void" not in window
    command_line = " ".join(void_consequences(demo_db, document, for_command_line=True))
    assert f"docs void {receipt.id} --reason TEXT" in command_line
    code, out, _err = run(capsys, "docs", "void", notice["number"], "--data-dir", data_dir, "--reason", "地点变更")
    assert code == 0 and out.count(f"docs void {receipt.id} --reason TEXT") == 1


def test_the_board_and_the_register_mark_a_typed_2027_deadline_alike(demo_db, data_dir, capsys, english):
    from workstation.clocks import engine_for
    from workstation.interview_deadlines import interview_deadlines
    from workstation.store.interviews import deadline_unconfirmed_years

    marked, _names = industry_interview(capsys, demo_db, data_dir, "--deadline", "2027-01-02")
    plain, _names = industry_interview(capsys, demo_db, data_dir, "--deadline", "2027-03-10", "--allow-duplicate")
    board = {d.interview_id: d.confirmed for d in interview_deadlines(demo_db, engine_for(demo_db))}
    for interview_id in (marked, plain):
        assert board[interview_id] == (not deadline_unconfirmed_years(demo_db, get_interview(demo_db, interview_id)))
    assert board[marked] is False and board[plain] is True


@pytest.mark.gui
def test_the_void_confirmation_says_how_it_is_undone(demo_db, make_window, prompts, english):
    interview = held_interview(demo_db)
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.select(interview.id)
    prompts.texts = ["误录"]
    prompts.confirm_answer = False
    page.buttons["void_interview"].click()
    assert prompts.confirmations and "Unvoid… (with Show voided) brings it back" in prompts.confirmations[-1]
    assert "cannot be changed afterwards" not in prompts.confirmations[-1]
    assert page.buttons["restore_interview"].text() == "&Unvoid…"
