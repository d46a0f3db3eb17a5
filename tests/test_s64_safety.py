"""Session 64, what the backup audit found unsafe (defects 3, 4 and 5 of its report):

3. Text typed in the interview, case and lead dialogs is kept as a draft while it is typed (the document editor's
   drafts, ``store.drafts``), removed once the dialog is saved or its changes discarded, and offered back at the next
   start beside the editor's drafts (``ui.form_editor.recover_drafts``) after a crash or a kill.
4. A clock event removed with its reason can be put back: Ctrl+Z in the case's 期限 section right after, and later
   ``clocks restore ID`` on the command line, with its dates, approval and note (m068 keeps what was removed).
5. A ``docs issue`` refused after its file was stored (a full disk for -o) leaves no stored file that no record names,
   and the half-written ``OUT.ws<pid>.part`` of a program gone (its process a zombie, or its id given to a later
   process) is swept when that folder is written to again."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from tests import backup_fixtures
from tests.backup_fixtures import OPEN_CASE, PROJECT, open_db
from tests.helpers import run, run_json
from tests.test_clocks import deadline, stage
from workstation import filestore
from workstation.records import ClockEvent
from workstation.store import drafts, find_case, get_case
from workstation.store.clock_events import clock_events_of, delete_clock_event, record_clock_event

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
posix = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and /proc are POSIX")
SUMMARY = "约谈要点：当事人承认通过第三方购买客户名单约两千条用于电话推销，承诺立即停止并删除。"
FACTS = "经查，当事人于2026年3月起通过第三方购买业主名单，向业主拨打推销电话（未写完"
DESCRIPTION = "市民来信反映某房产中介每日拨打推销电话，自称从物业处取得其号码（未写完"


# ---- 3. what is typed in the interview, case and lead dialogs --------------------------------------------------

def dialog_drafts(db) -> list:
    return [d for d in drafts.left_open(db) if drafts.typed_in_dialog(d)]


def test_the_text_typed_in_a_new_interview_is_kept_while_typing_and_removed_once_saved(demo_db, prompts, qtbot):
    from ui.interview_dialog import InterviewDialog

    dialog = InterviewDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    assert dialog_drafts(demo_db) == []  # opened: nothing typed, nothing kept
    dialog.texts["summary"].insertPlainText(SUMMARY)
    dialog.texts["topics"].insertPlainText("约谈主题")
    qtbot.waitUntil(lambda: bool(dialog_drafts(demo_db)), timeout=5000)  # kept a moment after the typing, by itself
    qtbot.waitUntil(lambda: dialog_drafts(demo_db)[0].values["texts"].get("topics") == "约谈主题", timeout=5000)
    [kept] = dialog_drafts(demo_db)
    assert kept.values["texts"]["summary"] == SUMMARY and kept.values["owner_id"] is None
    assert "约谈" in kept.title or "interview" in kept.title.lower()
    dialog.subject.setText("骚扰电话约谈")
    parties = [p for p in demo_db.execute("SELECT id FROM parties LIMIT 1")]
    dialog.add_party(parties[0][0])
    dialog.save()
    assert dialog.saved_interview is not None, dialog.errors
    assert dialog_drafts(demo_db) == [] and demo_db.execute(
        "SELECT count(*) FROM drafts WHERE id = ?", [kept.id]).fetchone()[0] == 0  # removed once saved


def test_the_text_typed_in_a_case_dialog_is_removed_when_its_changes_are_discarded(demo_db, prompts, qtbot):
    from ui.case_dialog import CaseDialog

    case = find_case(demo_db, OPEN_CASE)
    dialog = CaseDialog(demo_db, prompts, case)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.facts.setPlainText(FACTS)
    dialog.keep_typing()
    [kept] = dialog_drafts(demo_db)
    assert kept.values == {"owner_id": case.id, "texts": {"facts": FACTS},  # only what differs from the case
                           "loaded": {"facts": case.facts}}  # and what it held (told if saved otherwise since)
    prompts.choices.append(1)  # Discard changes
    dialog.reject()
    assert not dialog.isVisible() and dialog_drafts(demo_db) == []


def test_typing_undone_back_to_what_the_dialog_opened_with_keeps_nothing(demo_db, prompts, qtbot):
    from ui.lead_dialog import LeadDialog

    dialog = LeadDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    dialog.description.setPlainText(DESCRIPTION)
    dialog.keep_typing()
    assert len(dialog_drafts(demo_db)) == 1
    dialog.description.setPlainText("")
    dialog.keep_typing()
    assert dialog_drafts(demo_db) == []


def crash(dialog) -> None:
    """The dialog as a kill leaves it: its typing kept, nothing closed."""
    dialog.keep_typing()
    dialog.typing_timer.stop()


def answer_the_dialog(seen: dict, accept: bool = False):
    """Read the dialog the recovery opens (modal) and close it, or save it with ``accept``."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        seen["type"] = type(dialog).__name__
        seen["texts"] = dict(dialog.kept_texts())
        seen["title"] = dialog.windowTitle()
        if accept:
            dialog.save()
        else:
            dialog.prompts.choices.insert(0, 1)  # Discard changes
            dialog.reject()
        seen["left_open"] = dialog.isVisible()
        if dialog.isVisible():  # not closed as it should have been: closed all the same, for the test to say so
            QDialog.done(dialog, QDialog.DialogCode.Rejected)
    QTimer.singleShot(0, look)


class ChoosingByTitle:
    """Answers each draft offered back by the dialog it was typed in, as ``choose`` names it: Open again (0),
    Discard (1), or Esc (None: asked again at the next start)."""

    def __init__(self, prompts, answers: dict[str, int | None]):
        self.prompts, self.answers, self.asked = prompts, answers, []
        self.other = prompts.choose  # the dialogs' own questions, as scripted
        prompts.choose = self.choose

    def choose(self, parent, message, options):
        if "stopped while" not in message:
            return self.other(parent, message, options)
        self.asked.append(message)
        return next((answer for word, answer in self.answers.items() if word in message), None)


def test_what_was_typed_in_the_dialogs_is_offered_at_the_next_start_beside_the_editors_drafts(
        demo_db, prompts, make_window, qtbot, english):
    from ui.case_dialog import CaseDialog
    from ui.interview_dialog import InterviewDialog
    from ui.lead_dialog import LeadDialog

    case = find_case(demo_db, OPEN_CASE)
    interview = InterviewDialog(demo_db, prompts)
    interview.texts["summary"].insertPlainText(SUMMARY)
    crash(interview)
    edited = CaseDialog(demo_db, prompts, case)
    edited.facts.setPlainText(FACTS)
    crash(edited)
    lead = LeadDialog(demo_db, prompts)
    lead.description.setPlainText(DESCRIPTION)
    crash(lead)
    for dialog in (interview, edited, lead):
        dialog.deleteLater()
    assert len(dialog_drafts(demo_db)) == 3
    window = make_window(demo_db)
    # the case's opened again (then its changes discarded in its dialog), the lead's discarded at the question, the
    # interview's kept for the next start
    answers = ChoosingByTitle(prompts, {"case": 0, "lead": 1, "interview": None})
    seen: dict = {}
    answer_the_dialog(seen)
    window.recover_drafts()
    assert len(answers.asked) == 3, answers.asked
    assert seen["type"] == "CaseDialog" and seen["texts"]["facts"] == FACTS and not seen["left_open"]
    [left] = dialog_drafts(demo_db)
    assert left.values["texts"]["summary"] == SUMMARY  # asked again at the next start
    assert demo_db.execute("SELECT count(*) FROM drafts WHERE form_id LIKE 'dialog:%'").fetchone()[0] == 1


def test_a_dialog_reopened_from_its_draft_and_saved_removes_the_draft(demo_db, prompts, make_window, qtbot):
    from ui.case_dialog import CaseDialog

    case = find_case(demo_db, OPEN_CASE)
    edited = CaseDialog(demo_db, prompts, case)
    edited.facts.setPlainText(FACTS)
    crash(edited)
    edited.deleteLater()
    window = make_window(demo_db)
    prompts.choices.append(0)  # open it again
    seen: dict = {}
    answer_the_dialog(seen, accept=True)
    assert window.recover_drafts() == 1
    assert seen["texts"]["facts"] == FACTS and not seen["left_open"]
    assert get_case(demo_db, case.id).facts == FACTS
    assert dialog_drafts(demo_db) == []


def test_a_corrected_leads_typing_opens_again_with_its_numbers_revealed_as_the_leads_page_reveals_them(
        db, prompts, qtbot, english):
    from tests.test_leadedit_window import NANHAI, hand_lead
    from ui.form_editor import dialog_for_draft
    from ui.lead_dialog import LeadDialog
    from workstation.store import agency_id_for_code
    from workstation.store.base import set_setting

    set_setting(db, "station_agency", agency_id_for_code(NANHAI))
    lead = hand_lead(db)
    typing = LeadDialog(db, prompts, lead=lead)
    typing.description.setPlainText(DESCRIPTION)
    crash(typing)
    typing.deleteLater()
    [kept] = dialog_drafts(db)
    assert kept.values["owner_id"] == lead["id"]
    assert kept.values["texts"] == {"description": DESCRIPTION}  # no number: not typed
    reveals = db.execute("SELECT count(*) FROM audit WHERE action = 'reveal'").fetchone()[0]
    dialog = dialog_for_draft(None, db, prompts, kept)
    qtbot.addWidget(dialog)
    assert dialog.description.toPlainText() == DESCRIPTION and "13800001111" in dialog.target_phone.text()
    assert db.execute("SELECT count(*) FROM audit WHERE action = 'reveal'").fetchone()[0] > reveals
    assert dialog.typing_kept.draft_id == kept.id  # kept on into the same draft


DIALOG_KILLED = """
import os, signal, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication, QDialog
from tests.conftest import ScriptedPrompts
from ui.interview_dialog import InterviewDialog
from workstation.db import open_database
from workstation.paths import database_path
from workstation.repair import mark_open

data, text = Path(sys.argv[1]), sys.argv[2]
app = QApplication([])
mark_open(data)
db = open_database(database_path(data))
dialog = InterviewDialog(db, ScriptedPrompts())
dialog.show()
dialog.texts["summary"].setFocus()
dialog.texts["summary"].insertPlainText(text)
end = time.time() + 4
while time.time() < end:
    app.processEvents()
    time.sleep(0.02)
os.kill(os.getpid(), signal.SIGKILL)
"""


@posix
def test_the_text_typed_in_an_interview_killed_with_the_program_is_offered_at_the_next_start(copy_template, started,
                                                                                            qtbot):
    from tests.conftest import ScriptedPrompts

    data = copy_template("plain")
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", DIALOG_KILLED, str(data), SUMMARY], cwd=PROJECT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr
    prompts = ScriptedPrompts()
    prompts.choices.append(None)  # asked: kept for the next start
    window = started(data, prompts)
    assert window is not None
    window.recover_drafts()
    assert len(prompts.offered) == 1, prompts.offered  # asked once, beside no document
    [kept] = dialog_drafts(window.db)
    assert kept.values["texts"]["summary"] == SUMMARY


# ---- 4. a clock event removed, put back -------------------------------------------------------------------------

def with_testing_period(db, make_case):
    """A case under investigation since 2026-03-10 with a testing period of 10 days noted, and an extension of T2."""
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    testing = record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-04-01",
                                                ends_on="2026-04-10", note="委托鉴定（送检样品三份）"))
    extension = record_clock_event(db, ClockEvent(case_id=case.id, kind="extension", clock="T2", days=30,
                                                  starts_on="2026-05-30", approved_on="2026-05-30",
                                                  approved_by="王局长"))
    return case, testing, extension


def test_a_removed_event_is_put_back_with_its_dates_approval_and_note(db, make_case, english):
    from workstation.store.cases import case_timeline
    from workstation.store.clock_events import removed_clock_events, restore_clock_event

    case, testing, extension = with_testing_period(db, make_case)
    due = deadline(db, case, "T2", on="2026-05-01").due
    delete_clock_event(db, testing.id, "误删")
    delete_clock_event(db, extension.id, "误删")
    assert deadline(db, case, "T2", on="2026-05-01").due != due
    assert [r.event.id for r in removed_clock_events(db, case.id)] == [extension.id, testing.id]  # latest first
    back = restore_clock_event(db, testing.id)
    again = restore_clock_event(db, extension.id)
    assert back.id != testing.id  # a new record: a bundle carrying the old id would be kept deleted at headquarters
    assert (back.kind, back.starts_on, back.ends_on, back.note) == ("testing", "2026-04-01", "2026-04-10",
                                                                     "委托鉴定（送检样品三份）")
    assert (again.clock, again.days, again.approved_on, again.approved_by) == ("T2", 30, "2026-05-30", "王局长")
    assert {e.id for e in clock_events_of(db, case.id)} == {back.id, again.id}
    assert deadline(db, case, "T2", on="2026-05-01").due == due
    notes = [e.note for e in case_timeline(db, get_case(db, case.id))]
    assert any(n.startswith("Put back:") and "误删" in n for n in notes), notes
    assert db.execute("SELECT action FROM audit WHERE entity = 'clock_event' AND entity_id = ?",
                      [back.id]).fetchall() == [("create",)]
    with pytest.raises(Exception) as twice:
        restore_clock_event(db, testing.id)
    assert "put back already" in str(twice.value) and back.id in str(twice.value)


def test_a_removed_event_that_no_longer_fits_is_not_put_back_and_nothing_changes(db, make_case, english):
    from workstation.errors import WorkstationError
    from workstation.store.clock_events import restore_clock_event

    case, testing, _extension = with_testing_period(db, make_case)
    delete_clock_event(db, testing.id, "重复")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-04-03", ends_on="2026-04-12"))
    before = [e.id for e in clock_events_of(db, case.id)]
    with pytest.raises(WorkstationError) as refused:
        restore_clock_event(db, testing.id)
    assert "cannot be put back" in str(refused.value) and "Nothing was changed" in str(refused.value)
    assert [e.id for e in clock_events_of(db, case.id)] == before
    with pytest.raises(WorkstationError) as unknown:
        restore_clock_event(db, "no-such-event")
    assert "no-such-event" in str(unknown.value)


def test_clocks_restore_on_the_command_line(db, make_case, data_dir, capsys, english):
    case, testing, _extension = with_testing_period(db, make_case)
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "remove", testing.id, "--reason", "误删")
    assert code == 0 and out.startswith("Removed: ") and f"clocks restore {testing.id}" in out, out
    listed = run_json(capsys, "--data-dir", data_dir, "clocks", "events", case.id, "--removed")
    assert [(r["id"], r["reason"], r["restored_as"]) for r in listed] == [(testing.id, "误删", None)]
    back = run_json(capsys, "--data-dir", data_dir, "clocks", "restore", testing.id)
    assert back["restored_from"] == testing.id and back["kind"] == "testing" and back["note"].startswith("委托鉴定")
    assert back["id"] in {e.id for e in clock_events_of(db, case.id)}
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "restore", testing.id)
    assert code == 1 and "put back already" in err and "Traceback" not in err, err
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "restore", "nothing-such")
    assert code == 1 and "nothing-such" in err and "Traceback" not in err, err
    code, out, _err = run(capsys, "--data-dir", data_dir, "clocks", "events", case.id, "--removed")
    assert testing.id in out and back["id"] in out  # put back as the new one


def test_ctrl_z_in_the_deadlines_section_puts_back_the_event_just_removed(db, make_case, prompts, qtbot, english):
    from ui.case_clocks import CaseClocks

    case, testing, _extension = with_testing_period(db, make_case)
    section = CaseClocks(db, case, prompts)
    qtbot.addWidget(section)
    section.show()
    section.events.setCurrentRow(next(i for i in range(section.events.count())
                                      if section.events.item(i).data(256) == testing.id))
    prompts.texts.append("误删")
    section.remove_selected()
    assert testing.id not in {e.id for e in clock_events_of(db, case.id)}
    undo = section.undo_button
    assert undo.isVisibleTo(section) and "Ctrl+Z" in undo.toolTip()
    section.events.setFocus()
    section.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is section.events)
    qtbot.keyClick(section.events, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    kinds = [(e.kind, e.note) for e in clock_events_of(db, case.id)]
    assert ("testing", "委托鉴定（送检样品三份）") in kinds
    assert not undo.isVisibleTo(section)  # nothing more to undo
    shown = [section.events.item(i).text() for i in range(section.events.count())]
    assert any("委托鉴定" in text for text in shown)


def test_in_a_case_tab_the_section_built_again_after_the_removal_still_puts_it_back(db, make_case, make_window,
                                                                                     prompts, qtbot, english):
    case, testing, _extension = with_testing_period(db, make_case)
    window = make_window(db)
    window.open_case(case.id)
    section = window.workspaces[case.id].clocks
    section.events.setCurrentRow(next(i for i in range(section.events.count())
                                      if section.events.item(i).data(256) == testing.id))
    prompts.texts.append("误删")
    section.remove_selected()
    rebuilt = window.workspaces[case.id].clocks
    assert testing.id not in {e.id for e in clock_events_of(db, case.id)}
    assert rebuilt.undo_button.isVisibleTo(rebuilt)
    rebuilt.undo_button.click()
    assert ("testing", "委托鉴定（送检样品三份）") in [(e.kind, e.note) for e in clock_events_of(db, case.id)]
    after = window.workspaces[case.id].clocks
    assert not after.undo_button.isVisibleTo(after)
    after.undo_removal()  # nothing more to put back: nothing happens
    assert len(clock_events_of(db, case.id)) == 2 and prompts.errors == []


def test_the_migration_keeps_removed_events_apart(db):
    from workstation.db.schema import MIGRATIONS

    names = [name for name, _fn in MIGRATIONS]
    assert names.index("m067_bundle_import_scope") < names.index("m068_removed_clock_events")
    columns = {row[1] for row in db.execute("PRAGMA table_info(removed_clock_events)")}
    assert {"id", "case_id", "event_json", "reason", "removed_at", "restored_as"} <= columns


# ---- 5. a refused issue, the parts of programs gone ---------------------------------------------------------------

def test_a_refused_issue_leaves_no_stored_file_no_record_names(capsys, monkeypatch, copy_template, tmp_path, english):
    from workstation.output import StagedOutput

    data = copy_template("plain")
    out = tmp_path / "out"
    out.mkdir()
    db = open_db(data)
    try:
        before = {p.name for p in filestore.stored_paths(data)}
        taken = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        db.conn.close()

    def full(self, payload):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.partial))

    monkeypatch.setattr(StagedOutput, "write", full)
    code, _out, err = run(capsys, "--data-dir", data, "docs", "issue", OPEN_CASE, "--form", "rectification_order",
                          "-o", out / "out2.pdf")
    assert code == 1 and "Traceback" not in err, err
    db = open_db(data)
    try:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == taken
        assert filestore.unnamed_files(db, data) == []
        assert {p.name for p in filestore.stored_paths(data)} == before
    finally:
        db.conn.close()


@posix
def test_the_parts_of_programs_gone_are_swept_when_the_folder_is_written_again(capsys, copy_template, tmp_path,
                                                                              english):
    data = copy_template("plain")
    out = tmp_path / "out"
    out.mkdir()
    # a program killed, not yet waited for by whatever started it: a zombie, dead all the same
    zombie = subprocess.Popen(["sleep", "60"])
    os.kill(zombie.pid, signal.SIGKILL)
    os.waitid(os.P_PID, zombie.pid, os.WEXITED | os.WNOWAIT)  # dead, and left unreaped: a zombie
    of_zombie = out / f"old.pdf.ws{zombie.pid}.part"
    of_zombie.write_bytes(b"%PDF half")
    # a program killed an hour ago whose id a program started since has taken
    past = time.time() - 3600
    reused = subprocess.Popen(["sleep", "60"])
    of_reused = out / f"older.pdf.ws{reused.pid}.part"
    of_reused.write_bytes(b"%PDF half")
    os.utime(of_reused, (past, past))
    # one this process is writing now stays
    own = out / f"mine.pdf.ws{os.getpid()}.part"
    own.write_bytes(b"%PDF being written")
    try:
        result = run_json(capsys, "--data-dir", data, "docs", "issue", OPEN_CASE, "--form", "rectification_order",
                          "-o", out / "out.pdf")
    finally:
        zombie.wait()
        reused.kill()
        reused.wait()
    assert Path(result["path"]).name == "out.pdf"
    assert sorted(p.name for p in out.iterdir()) == sorted(["out.pdf", own.name])


# ---- final read: what a restored event names, a part of a live program on a share, an escalated case's draft,
# ---- masking on `clocks restore`, the undo of another database -----------------------------------------------

from tests import test_s44_extension_party as s44  # noqa: E402
from tests.test_s44_final_read_fixes import seizure_of  # noqa: E402

extension, two_parties, two_seizures = s44.extension, s44.two_parties, s44.two_seizures  # the fixtures


def test_an_extension_put_back_after_its_seizure_was_names_the_seizure_put_back(demo_db, two_seizures, english):
    from workstation.store.clock_events import get_clock_event, restore_clock_event

    case, first, _other = two_seizures
    seizure = seizure_of(demo_db, first)
    ext = record_clock_event(demo_db, extension(case, first, 10))
    delete_clock_event(demo_db, ext.id, "误删")
    delete_clock_event(demo_db, seizure, "误删")
    seizure_back = restore_clock_event(demo_db, seizure)
    ext_back = restore_clock_event(demo_db, ext.id)
    assert get_clock_event(demo_db, ext_back.id).measure_id == seizure_back.id


def test_an_outcome_put_back_after_its_reconsideration_was_names_the_one_put_back(db, make_case, english):
    from workstation.store.clock_events import get_clock_event, restore_clock_event

    case = stage(db, make_case(fine_fen=500_000), "served", filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-15", served_on="2026-06-16")
    rec = record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-20"))
    out = record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_upheld", starts_on="2026-07-01",
                                            approved_by="佛府行复〔2026〕1号"))
    assert get_clock_event(db, out.id).clock == rec.id
    delete_clock_event(db, out.id, "误删")
    delete_clock_event(db, rec.id, "误删")
    rec_back = restore_clock_event(db, rec.id)
    out_back = restore_clock_event(db, out.id)
    assert get_clock_event(db, out_back.id).clock == rec_back.id


@posix
def test_a_part_a_running_program_writes_on_a_share_whose_clock_runs_behind_stays(capsys, copy_template, tmp_path,
                                                                                  english):
    from workstation.output import write_output

    data = copy_template("plain")
    out = tmp_path / "out"
    out.mkdir()
    live = subprocess.Popen(["sleep", "60"])
    # the share's clock 10 s behind: the file a program started a moment ago writes there looks older than it
    time.sleep(0.3)
    of_live = out / f"being.pdf.ws{live.pid}.part"
    of_live.write_bytes(b"%PDF being written")
    behind = time.time() - 10
    os.utime(of_live, (behind, behind))
    # a program killed, not waited for: swept by any staged write into the folder, not by an issue's alone
    zombie = subprocess.Popen(["sleep", "60"])
    os.kill(zombie.pid, signal.SIGKILL)
    os.waitid(os.P_PID, zombie.pid, os.WEXITED | os.WNOWAIT)  # dead, and left unreaped: a zombie
    of_zombie = out / f"old.pdf.ws{zombie.pid}.part"
    of_zombie.write_bytes(b"%PDF half")
    try:
        write_output(str(out / "plain.txt"), b"text")
        assert not of_zombie.exists()
        result = run_json(capsys, "--data-dir", data, "docs", "issue", OPEN_CASE, "--form", "rectification_order",
                          "-o", out / "out.pdf")
        assert Path(result["path"]).name == "out.pdf"
        assert of_live.exists()
    finally:
        zombie.wait()
        live.kill()
        live.wait()


def test_a_case_being_escalated_from_an_interview_opens_again_from_its_draft_as_the_escalation(demo_db, prompts,
                                                                                                qtbot, english):
    from ui.form_editor import dialog_for_draft
    from ui.interviews_page import _escalation_case_dialog
    from workstation.store.interviews import case_prefill, get_interview

    interview = get_interview(demo_db, demo_db.execute("SELECT id FROM interviews LIMIT 1").fetchone()[0])
    party = interview.party_ids[0]
    linked = []
    dialog = _escalation_case_dialog(demo_db, prompts, linked.append)
    qtbot.addWidget(dialog)
    dialog.add_party(party)  # as the interviews page opens it (``_new_case``)
    prefill = case_prefill(demo_db, interview, party)
    dialog.start_from(**prefill)
    dialog.escalated_from(interview.id, party)
    dialog.facts.setPlainText(FACTS)
    dialog.keep_typing()
    [kept] = dialog_drafts(demo_db)
    assert kept.values["escalation"] == {"interview_id": interview.id, "party_id": party}
    dialog.typing_timer.stop()
    dialog.typing_kept.draft_id = None  # the program killed: the draft left behind
    back = dialog_for_draft(None, demo_db, prompts, kept)
    qtbot.addWidget(back)
    assert type(back).__name__ == "EscalationCaseDialog"
    assert back.cause.text() == prefill["cause"] and back.facts.toPlainText() == FACTS
    assert back.escalation == {"interview_id": interview.id, "party_id": party}
    assert party in back.current()[0].party_ids


def test_clocks_restore_masks_the_numbers_in_its_note_and_removed_lists_mask_the_reason(db, make_case, data_dir,
                                                                                        capsys, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    testing = record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-04-01",
                                                ends_on="2026-04-10", note="鉴定人电话13812345678"))
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "remove", testing.id, "--reason",
                          "误记，应联系13912345678")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "events", case.id, "--removed")
    assert code == 0 and "13912345678" not in out and "13812345678" not in out, out
    listed = run_json(capsys, "--data-dir", data_dir, "clocks", "events", case.id, "--removed")
    assert "13912345678" not in listed[0]["reason"] and listed[0]["reason"].startswith("误记")
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "restore", testing.id)
    assert code == 0 and out.startswith("Put back: ") and "13812345678" not in out, out
    delete_clock_event(db, clock_events_of(db, case.id)[0].id, "again")
    [again] = [r for r in run_json(capsys, "--data-dir", data_dir, "clocks", "events", case.id, "--removed")
               if r["restored_as"] is None]
    back = run_json(capsys, "--data-dir", data_dir, "clocks", "restore", again["id"])
    assert "13812345678" not in back["note"] and "13812345678" not in back["text"] and back["note"].startswith("鉴定人")


def test_the_undo_of_a_removal_is_not_offered_to_another_database_or_the_data_opened_again(
        db, data_dir, make_case, prompts, qtbot, monkeypatch, tmp_path, english):
    import sqlite3

    import ui.case_clocks as case_clocks
    from ui.case_clocks import CaseClocks
    from workstation.db import open_database

    # two connections at the same address, one after the other, as a database closed and another opened may be
    monkeypatch.setattr(case_clocks, "id", lambda _obj: 1, raising=False)
    monkeypatch.setattr(CaseClocks, "removed", {})
    case, testing, _extension = with_testing_period(db, make_case)
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other_file = other_dir / Path(db.file()).name
    target = sqlite3.connect(other_file)
    db.conn.backup(target)  # the same case in another data folder
    target.close()
    section = CaseClocks(db, case, prompts)
    qtbot.addWidget(section)
    section.events.setCurrentRow(next(i for i in range(section.events.count())
                                      if section.events.item(i).data(256) == testing.id))
    prompts.texts.append("误删")
    section.remove_selected()
    mine = CaseClocks(db, case, prompts)  # this connection's own removal is offered
    qtbot.addWidget(mine)
    mine.show()
    assert mine.undo_button.isVisible()
    for opened in (open_database(other_file), open_database(db.file())):  # another folder; this one opened again
        try:
            elsewhere = CaseClocks(opened, case, prompts)
            qtbot.addWidget(elsewhere)
            elsewhere.show()
            assert not elsewhere.undo_button.isVisible()
            before = [e.id for e in clock_events_of(opened, case.id)]
            elsewhere.undo_removal()
            assert [e.id for e in clock_events_of(opened, case.id)] == before and prompts.errors == []
        finally:
            opened.conn.close()


def test_the_interviews_page_escalating_a_party_makes_a_case_dialog_whose_draft_names_the_interview(
        demo_db, data_dir, prompts, qtbot, monkeypatch, english):
    import ui.interviews_page as interviews_page
    from workstation.store.interviews import get_interview

    interview = get_interview(demo_db, demo_db.execute("SELECT id FROM interviews LIMIT 1").fetchone()[0])
    page = interviews_page.InterviewsPage(demo_db, data_dir, prompts)
    qtbot.addWidget(page)
    shown = []

    def typed_then_killed(dialog):  # the officer types the facts; the program is killed before Save
        shown.append(dialog)
        dialog.facts.setPlainText(FACTS)
        dialog.keep_typing()
        dialog.typing_timer.stop()
        return interviews_page.QDialog.DialogCode.Rejected

    monkeypatch.setattr(interviews_page, "exec_once", typed_then_killed)
    assert page._new_case(interview, None, lambda case_id: None) is None
    [dialog] = shown
    qtbot.addWidget(dialog)
    [kept] = dialog_drafts(demo_db)
    assert kept.values["escalation"] == {"interview_id": interview.id, "party_id": interview.party_ids[0]}
