"""Two programs on one data folder: a restore refuses programs opening the data while it reads the backup (its
note, ``repair.restore_claimed``), refuses its swap when one opened all the same, and a window whose database was
replaced under it saves nothing into the file kept aside; two editors continuing one draft do not write over each
other."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.backup_fixtures import (  # noqa: F401 - fixtures
    _fast_keys,
    backup_of,
    copy_template,
    data_digest,
    open_db,
    templates,
    window_on,
)
from workstation.db.connection import DatabaseReplaced
from workstation.repair import RESTORE_CLAIM, RestoreRunning, boot_id, mark_closed, mark_open
from workstation.store import drafts, find_case

PROJECT = Path(__file__).resolve().parent.parent
CASE = "佛南市监立〔2026〕9号"

PAUSED_RESTORE = r"""
import sys, time
from pathlib import Path
import workstation.backup_restore as br
checked, flags = br._check_restored_database, Path(sys.argv[2])
def paused(*args, **kwargs):  # the backup read whole: the swap comes next
    (flags / "paused").write_text("x")
    while not (flags / "go").exists():
        time.sleep(0.02)
    return checked(*args, **kwargs)
br._check_restored_database = paused
from workstation.cli import main
sys.exit(main(["--data-dir", sys.argv[1], "backup", "restore", sys.argv[3], "--json"]))
"""


def _paused(script: str, flags: Path, *args) -> subprocess.Popen:
    """``script`` run with ``args`` (its sys.argv[1:]) in a program of its own, once it has written ``flags``/paused
    (``flags`` made here); ``finish`` lets it go on."""
    flags.mkdir()
    running = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=PROJECT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (flags / "paused").exists():
        assert running.poll() is None, running.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return running


def paused_restore(data: Path, backup: str, flags: Path) -> subprocess.Popen:
    return _paused(PAUSED_RESTORE, flags, data, flags, backup)


def finish(restore: subprocess.Popen, flags: Path) -> tuple[int, str, str]:
    (flags / "go").write_text("x")
    out, err = restore.communicate(timeout=120)
    return restore.returncode, out, err


def test_a_program_opening_the_data_during_a_restore_is_refused(copy_template, tmp_path):  # noqa: F811
    data = copy_template("plain")
    made = backup_of(data)
    restore = paused_restore(data, made["id"], tmp_path / "flags")
    try:
        with pytest.raises(RestoreRunning) as refused:
            mark_open(data)
        assert str(restore.pid) in refused.value.message
        assert not (data / ".open" / f"{os.getpid()}.json").exists()  # its marker taken back
        with pytest.raises(RestoreRunning):
            open_db(data)
        # the command line of another program: refused with the reason, nothing issued
        other = subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "cases", "list"], cwd=PROJECT,
                               capture_output=True, text=True, timeout=120)
        assert other.returncode != 0 and str(restore.pid) in other.stderr and "Traceback" not in other.stderr
    finally:
        code, out, err = finish(restore, tmp_path / "flags")
    assert code == 0, err
    assert json.loads(out)["restored"] == made["id"]
    assert not (data / RESTORE_CLAIM).exists()  # the note goes with the restore
    mark_open(data)  # opened again once it is done
    mark_closed(data)


def test_the_swap_is_refused_when_another_program_opened_the_data_meanwhile(copy_template, tmp_path):  # noqa: F811
    data = copy_template("plain")
    made = backup_of(data)
    before = data_digest(data)
    restore = paused_restore(data, made["id"], tmp_path / "flags")
    # a program that did not look for the restore's note (an earlier version) opens the data while it is read
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (data / ".open").mkdir(exist_ok=True)
        (data / ".open" / f"{other.pid}.json").write_text(json.dumps(
            {"pid": other.pid, "time": time.time(), "boot": boot_id(), "program": "command"}), encoding="utf-8")
        code, _out, err = finish(restore, tmp_path / "flags")
    finally:
        other.kill()
        other.wait()
    assert code != 0 and str(other.pid) in err and "Traceback" not in err
    assert data_digest(data) == before  # nothing replaced
    assert not list((data / "backups").glob("replaced-*")) and not (data / RESTORE_CLAIM).exists()


def test_a_stale_restore_note_does_not_refuse_opening(copy_template):  # noqa: F811
    data = copy_template("plain")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (data / RESTORE_CLAIM).write_text(json.dumps({"pid": gone.pid}), encoding="utf-8")
    mark_open(data)  # a restore killed: its note is stale
    mark_closed(data)
    from workstation.backup import restore_backup

    restore_backup(data, backup_of(data)["id"])  # and a restore takes its place
    assert not (data / RESTORE_CLAIM).exists()


def test_a_window_saves_nothing_into_a_database_replaced_under_it(window_on, english):  # noqa: F811
    from workstation.backup import restore_backup
    from workstation.store.cases import get_case, update_case

    window = window_on("plain")
    data = window.data_dir
    made = backup_of(data)
    case = find_case(window.db, CASE)
    restore_backup(data, made["id"])  # another program's restore, as the window sees it
    window.look_for_changes()
    window.look_for_changes()
    assert len([e for e in window.prompts.errors if "replaced" in e]) == 1  # said once
    with pytest.raises(DatabaseReplaced) as refused:
        update_case(window.db, replace(get_case(window.db, case.id), cause="窗口在恢复后保存"))
    assert "start it again" in refused.value.message
    live = open_db(data)
    try:
        assert live.execute("SELECT COUNT(*) FROM cases WHERE cause = '窗口在恢复后保存'").fetchone()[0] == 0
    finally:
        live.conn.close()
    replaced = next((data / "backups").glob("replaced-*"))
    kept = open_db(replaced)
    try:
        assert kept.execute("SELECT COUNT(*) FROM cases WHERE cause = '窗口在恢复后保存'").fetchone()[0] == 0
    finally:
        kept.conn.close()


def test_the_second_of_two_draft_writers_is_refused(demo_db):
    draft = drafts.open_draft(demo_db, "inquiry_record", {"place": "甲"}, title="询问笔录")
    seen_a = seen_b = draft.saved_at
    seen_a = drafts.autosave(demo_db, draft.id, {"place": "A 写的"}, expected=seen_a)
    with pytest.raises(drafts.DraftChanged):
        drafts.autosave(demo_db, draft.id, {"place": "B 写的"}, expected=seen_b)
    with pytest.raises(drafts.DraftChanged):
        drafts.set_status(demo_db, draft.id, "saved", {"place": "B 写的"}, expected=seen_b)
    kept = drafts.get_draft(demo_db, draft.id)
    assert kept.values == {"place": "A 写的"} and kept.status == "open"
    drafts.set_status(demo_db, draft.id, "saved", expected=seen_a)  # the writer that read it last goes on


def _two_editors_on_one_draft(demo_db, opened):
    case = find_case(demo_db, CASE)
    first = opened(demo_db, "inquiry_record", case)
    first.fields["place"].set_value("最初")
    first.save_draft()
    first.close()
    kept = drafts.saved_draft(demo_db, "inquiry_record", case_id=case.id)
    # both windows list the kept draft and continue it
    return opened(demo_db, "inquiry_record", case, draft=kept), opened(demo_db, "inquiry_record", case, draft=kept)


def test_two_editors_on_one_draft_refuse_the_second_once_and_keep_its_typing(demo_db, opened, prompts, english):
    a, b = _two_editors_on_one_draft(demo_db, opened)
    a.fields["place"].set_value("窗口A")
    assert a.autosave() is None
    b.fields["place"].set_value("窗口B")
    prompts.confirm_answer = False
    assert b.autosave() is not None  # refused
    b.fields["place"].set_value("窗口B再改")
    assert b.autosave() is not None
    said = [c for c in prompts.confirmations if "another window" in c]
    assert len(said) == 1  # asked once, not at each autosave
    assert drafts.get_draft(demo_db, a.draft.id).values["place"] == "窗口A"
    assert b.current_values()["place"] == "窗口B再改"  # what was typed stays in the editor


def test_the_refused_editor_can_keep_its_typing_as_a_new_draft(demo_db, opened, prompts, english):
    a, b = _two_editors_on_one_draft(demo_db, opened)
    a.fields["place"].set_value("窗口A")
    a.autosave()
    b.fields["place"].set_value("窗口B")
    prompts.confirm_answer = True
    assert b.autosave() is None
    assert b.draft.id != a.draft.id
    assert drafts.get_draft(demo_db, b.draft.id).values["place"] == "窗口B"
    assert drafts.get_draft(demo_db, a.draft.id).values["place"] == "窗口A"
    b.fields["place"].set_value("窗口B又改")
    assert b.autosave() is None and drafts.get_draft(demo_db, b.draft.id).values["place"] == "窗口B又改"


# the final read's findings (fr_instances) ------------------------------------------------------------------------
def test_a_window_restoring_a_backup_itself_goes_on_saving(window_on, english):  # noqa: F811
    from workstation.backup import restore_task
    from workstation.store.cases import get_case, update_case

    window = window_on("plain")
    data = window.data_dir
    made = backup_of(data)
    case = find_case(window.db, CASE)
    # as the backup dialog restores: the window lets the database go, the restore runs, the window opens it again
    assert window.release_database()
    restore_task(data, made["id"], progress=lambda *a, **k: None, cancel=None)
    window.reopen_database()
    window.look_for_changes()
    assert not [e for e in window.prompts.errors if "replaced" in e]  # its own restore: nothing said
    update_case(window.db, replace(get_case(window.db, case.id), cause="窗口自己恢复后保存"))
    live = open_db(data)
    try:
        assert live.execute("SELECT COUNT(*) FROM cases WHERE cause = '窗口自己恢复后保存'").fetchone()[0] == 1
    finally:
        live.conn.close()


def test_a_database_file_moved_away_counts_as_replaced(copy_template):  # noqa: F811
    from workstation.paths import database_path
    from workstation.store.cases import get_case, update_case

    data = copy_template("plain")
    db = open_db(data)
    try:
        case = find_case(db, CASE)
        path = database_path(data)
        (data / "backups").mkdir(exist_ok=True)
        os.replace(path, data / "backups" / "replaced-midswap.db")  # a restore between its two moves
        assert db.replaced()
        with pytest.raises(DatabaseReplaced):
            update_case(db, replace(get_case(db, case.id), cause="换文件中途保存"))
    finally:
        db.conn.close()
    kept = sqlite3.connect(data / "backups" / "replaced-midswap.db")  # the plain template: not encrypted
    try:
        assert kept.execute("SELECT COUNT(*) FROM cases").fetchone()[0] > 0
        assert kept.execute("SELECT COUNT(*) FROM cases WHERE cause = '换文件中途保存'").fetchone()[0] == 0
    finally:
        kept.close()


def _inquiries(db, case_id):
    from workstation.documents.issuing import documents_of_case

    return [d for d in documents_of_case(db, case_id) if d.form_id == "inquiry_record"]


def test_issuing_from_an_editor_whose_draft_another_window_changed_writes_nothing_over_it(demo_db, opened, prompts,
                                                                                          english):
    from tests.helpers import fill_inquiry_to_issue

    a, b = _two_editors_on_one_draft(demo_db, opened)
    a.fields["place"].set_value("窗口A")
    assert a.autosave() is None
    fill_inquiry_to_issue(b)
    prompts.confirm_answer = True  # the issuing confirmed; then keeping what is typed as a new draft
    b.issue()
    assert b.document is None and _inquiries(demo_db, b.case.id) == []  # nothing issued
    assert any("another window" in c for c in prompts.confirmations)
    other = drafts.get_draft(demo_db, a.draft.id)
    assert other.status != "issued" and other.values["place"] == "窗口A"
    copy = b.draft.id
    assert copy != a.draft.id  # what b holds kept as a draft of its own
    b.issue()  # issued from it, the other window's draft left as it is
    assert b.document is not None and len(_inquiries(demo_db, b.case.id)) == 1
    assert drafts.get_draft(demo_db, copy).status == "issued"
    other = drafts.get_draft(demo_db, a.draft.id)
    assert other.status != "issued" and other.values["place"] == "窗口A"


def test_issuing_a_kept_draft_from_the_case_another_window_changed_is_refused(demo_db, make_window, prompts,
                                                                               english):
    from PySide6.QtWidgets import QPushButton

    from tests.test_s57_workspace import documents, keep_draft, write
    from workstation.documents.issuing import documents_of_case

    window = make_window(demo_db)
    case = find_case(demo_db, CASE)
    window.open_case(case.id)
    keep_draft(write(window, case.id), "【草稿】")
    kept = drafts.saved_draft(demo_db, "rectification_order", case_id=case.id)
    asked = prompts.confirm_issue

    def other_window_writes_meanwhile(*args, **kwargs):  # while the officer reads the question
        drafts.autosave(demo_db, kept.id, {**kept.values, "consequence": "另一窗口改的"})
        return asked(*args, **kwargs)

    prompts.confirm_issue = other_window_writes_meanwhile
    prompts.confirm_answer = True
    documents(window, case.id, "rectification_order").findChild(QPushButton, "issue").click()
    assert [d for d in documents_of_case(demo_db, case.id) if d.form_id == "rectification_order"] == []
    assert len(prompts.errors) == 1 and "another window" in prompts.errors[0] and "nothing was issued" in \
        prompts.errors[0]
    now = drafts.get_draft(demo_db, kept.id)
    assert now.status == "saved" and now.values["consequence"] == "另一窗口改的"


def test_an_editor_opening_a_draft_changed_since_it_was_listed_shows_it_as_it_is_now(demo_db, opened, english):
    case = find_case(demo_db, CASE)
    first = opened(demo_db, "inquiry_record", case)
    first.fields["place"].set_value("最初")
    first.save_draft()
    first.close()
    listed = drafts.saved_draft(demo_db, "inquiry_record", case_id=case.id)
    a = opened(demo_db, "inquiry_record", case, draft=listed)
    a.fields["place"].set_value("窗口A")
    assert a.autosave() is None
    a.save_draft()
    b = opened(demo_db, "inquiry_record", case, draft=listed)  # the list shown before A wrote it
    assert b.fields["place"].value() == "窗口A"
    b.fields["place"].set_value("窗口B")
    assert b.autosave() is None
    assert drafts.get_draft(demo_db, listed.id).values["place"] == "窗口B"


@pytest.mark.parametrize("discard", [False, True])
def test_closing_an_editor_with_nothing_of_its_own_offers_no_copy(demo_db, opened, prompts, english, discard):
    a, b = _two_editors_on_one_draft(demo_db, opened)
    if discard:
        b.fields["place"].set_value("窗口B")  # then Discard changes at closing
        prompts.choices = [1]
    a.fields["place"].set_value("窗口A")
    assert a.autosave() is None
    count = demo_db.execute("SELECT COUNT(*) FROM drafts").fetchone()[0]
    prompts.confirm_answer = True
    assert b.close()
    assert not [c for c in prompts.confirmations if "new draft" in c]
    assert demo_db.execute("SELECT COUNT(*) FROM drafts").fetchone()[0] == count
    assert drafts.get_draft(demo_db, a.draft.id).values["place"] == "窗口A"


# the stop read's findings (sr_D) ---------------------------------------------------------------------------------
def test_ctrl_s_after_declining_the_copy_offers_it_again(demo_db, opened, prompts, english):
    a, b = _two_editors_on_one_draft(demo_db, opened)
    a.fields["place"].set_value("窗口A")
    assert a.autosave() is None
    b.fields["place"].set_value("窗口B")
    prompts.confirm_answer = False
    assert b.autosave() is not None  # refused, the copy declined
    prompts.confirm_answer = True
    b.save_draft()  # Ctrl+S: the copy offered again, and kept
    assert len([c for c in prompts.confirmations if "new draft" in c]) == 2
    assert not prompts.errors
    assert b.draft.id != a.draft.id and drafts.get_draft(demo_db, b.draft.id).values["place"] == "窗口B"
    assert drafts.get_draft(demo_db, a.draft.id).values["place"] == "窗口A"


# the stop reads' findings (sr_C 1, 2; sr_D 5) -----------------------------------------------------------------------
def test_a_draft_opened_or_removed_after_the_file_was_replaced_is_refused(copy_template, english):  # noqa: F811
    from workstation.paths import database_path

    data = copy_template("plain")
    db = open_db(data)
    try:
        gone = drafts.open_draft(db, "inquiry_record", {"place": "甲"}, title="询问笔录")
        os.replace(database_path(data), data / "kept-aside.db")  # a restore by another program set the file aside
        with pytest.raises(DatabaseReplaced):
            drafts.open_draft(db, "inquiry_record", {"place": "恢复后开的草稿"}, title="询问笔录")
        with pytest.raises(DatabaseReplaced):
            drafts.remove_draft(db, gone.id)
        typed = drafts.TypedDraft(db, "case", None, {"cause": ""})
        assert "start it again" in typed.keep({"cause": "恢复后输入的"})  # the dialog says why, keeps the typing
        # nothing went into the file set aside (what this connection still writes to)
        assert db.execute("SELECT COUNT(*) FROM drafts WHERE values_json LIKE '%恢复后%'").fetchone()[0] == 0
        assert drafts.get_draft(db, gone.id).status == "open"
    finally:
        db.conn.close()


PAUSED_SWAP = r"""
import sys, time
from pathlib import Path
import workstation.backup as backup
import workstation.backup_replaced as replaced
flags, how, name = Path(sys.argv[2]), sys.argv[3], sys.argv[4]
def pausing(real):
    def paused(*args, **kwargs):  # copying: the swap comes next
        (flags / "paused").write_text("x")
        while not (flags / "go").exists():
            time.sleep(0.02)
        return real(*args, **kwargs)
    return paused
data = Path(sys.argv[1])
if how == "put_back":
    replaced._check_restored_database = pausing(replaced._check_restored_database)
    replaced.put_back(data, name)
else:
    backup._migrate_staged = pausing(backup._migrate_staged)
    backup.restore_backup(data, name)
"""


def paused_swap(data: Path, flags: Path, how: str, name: str) -> subprocess.Popen:
    return _paused(PAUSED_SWAP, flags, data, flags, how, name)


@pytest.mark.parametrize("how", ["put_back", "migration_copy"])
def test_a_program_opening_the_data_during_a_put_back_or_a_migration_copy_restore_is_refused(
        copy_template, tmp_path, how):  # noqa: F811
    from workstation.backup import restore_backup
    from workstation.paths import database_path

    data = copy_template("plain")
    if how == "put_back":
        name = Path(restore_backup(data, backup_of(data)["id"])["kept"]).name  # a set kept aside by a restore
    else:
        name = "before-migration-20260101-000000.db"
        (data / "backups").mkdir(exist_ok=True)
        shutil.copyfile(database_path(data), data / "backups" / name)
    running = paused_swap(data, tmp_path / "flags", how, name)
    try:
        with pytest.raises(RestoreRunning) as refused:
            mark_open(data)
        assert str(running.pid) in refused.value.message
        with pytest.raises(RestoreRunning):
            open_db(data)
    finally:
        (tmp_path / "flags" / "go").write_text("x")
        _out, err = running.communicate(timeout=120)
    assert running.returncode == 0, err  # not refused at its swap for a program that opened the data meanwhile
    assert not (data / RESTORE_CLAIM).exists()
    mark_open(data)
    mark_closed(data)


def test_issuing_from_a_draft_changed_elsewhere_renders_and_stores_nothing(demo_db):
    draft = drafts.open_draft(demo_db, "inquiry_record", {"place": "甲"}, title="询问笔录")
    seen = draft.saved_at
    drafts.autosave(demo_db, draft.id, {"place": "另一窗口"})  # another window writes it
    ran = []
    with pytest.raises(drafts.DraftChanged):
        with drafts.issuing_from(demo_db, draft.id, {"place": "本窗口"}, expected=seen):
            ran.append("rendered and stored")
    assert ran == []
    assert drafts.get_draft(demo_db, draft.id).values == {"place": "另一窗口"}
