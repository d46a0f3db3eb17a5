"""The evidence register's file store (audit s69, evidence_ui): a stored copy altered on the disk is put right by
adding the original file again (as a missing one is), a voided item is restored (its void undone, its records
counted again), a file whose name is not UTF-8 is refused before it is read, and a read-only data folder says what
to do."""

from __future__ import annotations

import errno
import os
import sqlite3

import pytest

from tests.helpers import run
from workstation.errors import WorkstationError
from workstation.evidence_count import apply_count, unvoid_and_recount, void_and_recount
from workstation.filestore import file_path, read_file
from workstation.paths import database_path
from workstation.store import get_case
from workstation.store.cases import case_events
from workstation.store.evidence import (
    StoredCopyRestored,
    add_evidence,
    get_evidence,
    in_force,
    list_evidence,
    missing_copies,
    stored_copy_missing,
)

REASON = "误登记：另一案件的名单"
CASE9 = "佛南市监立〔2026〕9号"  # a case of the demo, under investigation


def _file(folder, name: str, content: str):
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def _actions(db, entity_id: str) -> list[str]:
    return [row[0] for row in db.execute("SELECT action FROM audit WHERE entity_id = ? ORDER BY rowid", [entity_id])]


def _damage(path, *, same_size: bool = True) -> None:
    data = bytearray(path.read_bytes())
    if same_size:
        data[2:6] = b"XXXX"
        path.write_bytes(bytes(data))
    else:
        path.write_bytes(bytes(data[:-3]))


# 1. an altered stored copy is repaired from the original ----------------------------------------------------------


def test_adding_the_original_again_replaces_a_stored_copy_altered_in_place(db, data_dir, make_case, tmp_path,
                                                                           english):
    case = make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n李四,13800138001\n")
    item = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    stored = file_path(data_dir, item.sha256)
    _damage(stored)
    with pytest.raises(WorkstationError, match="altered"):
        read_file(data_dir, item.sha256)
    held = len(list_evidence(db, case.id))
    with pytest.raises(StoredCopyRestored) as done:
        add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    assert "damaged" in done.value.message and "evidence item 1" in done.value.message
    assert done.value.item.id == item.id
    assert read_file(data_dir, item.sha256) == sheet.read_bytes()
    assert len(list_evidence(db, case.id)) == held  # no item added
    assert "repair_copy" in _actions(db, item.id)


def test_an_encrypted_store_replaces_a_sealed_copy_altered_in_place(db, data_dir, make_case, tmp_path, monkeypatch,
                                                                    english):
    from workstation import filestore

    key = bytes(range(32))
    monkeypatch.setattr(filestore, "files_key", lambda _data_dir: key)
    case = make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    item = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    stored = file_path(data_dir, item.sha256)
    assert stored.read_bytes().startswith(filestore.SEALED)
    assert missing_copies(db, data_dir, case.id) == {}  # sealed: of its size all the same
    _damage(stored)
    with pytest.raises(StoredCopyRestored):
        add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    assert read_file(data_dir, item.sha256, key=key) == sheet.read_bytes()
    assert stored.read_bytes().startswith(filestore.SEALED)
    with pytest.raises(WorkstationError, match="is already evidence item 1"):  # intact now: a duplicate again
        add_evidence(db, data_dir, case.id, sheet, kind="customer_list")


def test_a_damaged_copy_another_item_held_is_replaced_by_a_new_item_of_that_content(db, data_dir, make_case,
                                                                                   tmp_path, english):
    first, second = make_case(), make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    item = add_evidence(db, data_dir, first.id, sheet, kind="customer_list")
    _damage(file_path(data_dir, item.sha256))
    other = add_evidence(db, data_dir, second.id, sheet, kind="customer_list")  # registered: a new item
    assert read_file(data_dir, item.sha256) == sheet.read_bytes()
    assert "repair_copy" in _actions(db, item.id)  # the copy replaced was the first case's item's
    assert "repair_copy" not in _actions(db, other.id)


def test_an_intact_copy_is_still_refused_as_a_duplicate_and_left_alone(db, data_dir, make_case, tmp_path, english):
    case = make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    item = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    with pytest.raises(WorkstationError, match="is already evidence item 1") as refused:
        add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    assert not isinstance(refused.value, StoredCopyRestored)
    assert "repair_copy" not in _actions(db, item.id)
    assert read_file(data_dir, item.sha256) == sheet.read_bytes()


def test_a_copy_cut_short_is_noticed_by_its_size_and_repaired_even_in_a_closed_case(db, data_dir, make_case,
                                                                                     tmp_path, english):
    case = make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n李四,13800138001\n")
    item = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    stored = file_path(data_dir, item.sha256)
    _damage(stored, same_size=False)
    assert set(missing_copies(db, data_dir, case.id)) == {item.sha256}
    refusal = stored_copy_missing(data_dir, item, 1)
    assert refusal is not None and "damaged" in refusal and "客户名单.csv" in refusal
    db.execute("UPDATE cases SET status = 'closed' WHERE id = ?", [case.id])  # its register closed with it
    with pytest.raises(StoredCopyRestored):
        add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    assert read_file(data_dir, item.sha256) == sheet.read_bytes()
    assert missing_copies(db, data_dir, case.id) == {}
    assert "repair_copy" in _actions(db, item.id)


# 2. a voided item is restored ----------------------------------------------------------------------------------------


def _counted_lists(db, data_dir, case, folder) -> list:
    lists = [add_evidence(db, data_dir, case.id, _file(folder, name, content), kind="customer_list",
                          collected_on="2026-03-10")
             for name, content in (("a.csv", "姓名,手机号码\n甲,13800138000\n乙,13800138001\n"),
                                   ("b.csv", "姓名,手机号码\n甲,13800138000\n丙,13800138002\n"),
                                   ("c.csv", "姓名,手机号码\n丁,13800138003\n"))]
    for item in lists:
        apply_count(db, data_dir, case.id, item.id, "other", stated="replace")
    assert get_case(db, case.id).records_other == 4
    return lists


def test_a_voided_counted_item_is_restored_with_its_number_and_counted_again(db, data_dir, make_case, tmp_path,
                                                                            english):
    case = make_case()
    lists = _counted_lists(db, data_dir, case, tmp_path)
    void_and_recount(db, data_dir, lists[0].id, REASON)
    assert get_case(db, case.id).records_other == 3  # b.csv 2 + c.csv 1
    restored = unvoid_and_recount(db, data_dir, lists[0].id)
    assert restored.void_reason == "" and restored.voided_at is None
    assert restored.record_count == 2
    assert [(n, item.id) for n, item in in_force(list_evidence(db, case.id))][0] == (1, lists[0].id)
    assert get_case(db, case.id).records_other == 4  # 2 + 2 + 1 − 1 repeated
    notes = [event.note for event in case_events(db, case.id)]
    assert any("Evidence item 1 voided" in note for note in notes)
    assert any(note.startswith("Evidence item 1 restored") and REASON in note for note in notes)
    assert "4 条（原" in notes[-1] and "a.csv" in notes[-1]
    assert "unvoid" in _actions(db, lists[0].id)


def test_restoring_keeps_a_figure_the_officer_typed(db, data_dir, make_case, tmp_path):
    from dataclasses import replace

    from workstation.store.cases import update_case
    case = make_case()
    lists = _counted_lists(db, data_dir, case, tmp_path)
    void_and_recount(db, data_dir, lists[2].id, REASON)
    update_case(db, replace(get_case(db, case.id), records_other=540))  # typed by hand
    unvoid_and_recount(db, data_dir, lists[2].id)
    assert get_case(db, case.id).records_other == 540
    assert get_evidence(db, lists[2].id).void_reason == ""


def test_restoring_is_refused_when_the_same_file_was_added_again_in_its_place(db, data_dir, make_case, tmp_path,
                                                                             english):
    from workstation.store.evidence import unvoid_refusal

    case = make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    first = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    void_and_recount(db, data_dir, first.id, REASON)
    add_evidence(db, data_dir, case.id, sheet, kind="customer_list")  # item 2, in its place
    before = list_evidence(db, case.id)
    audit = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    refusal = unvoid_refusal(db, get_evidence(db, first.id))
    assert refusal is not None and "item 2" in refusal and "void" in refusal
    with pytest.raises(WorkstationError) as refused:
        unvoid_and_recount(db, data_dir, first.id)
    assert refused.value.message == refusal
    assert list_evidence(db, case.id) == before
    assert db.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == audit


def test_an_item_in_force_is_not_restored(db, data_dir, make_case, tmp_path, english):
    case = make_case()
    item = add_evidence(db, data_dir, case.id, _file(tmp_path, "a.csv", "x\n1\n"), kind="other")
    with pytest.raises(WorkstationError, match="is not void"):
        unvoid_and_recount(db, data_dir, item.id)


def test_restoring_in_a_closed_case_is_refused(db, data_dir, make_case, tmp_path, english):
    case = make_case()
    item = add_evidence(db, data_dir, case.id, _file(tmp_path, "a.csv", "x\n1\n"), kind="other")
    void_and_recount(db, data_dir, item.id, REASON)
    db.execute("UPDATE cases SET status = 'closed' WHERE id = ?", [case.id])
    with pytest.raises(WorkstationError, match="Nothing was changed"):
        unvoid_and_recount(db, data_dir, item.id)
    assert get_evidence(db, item.id).void_reason == REASON


# 3. a file name that is not UTF-8 -----------------------------------------------------------------------------------


def _gbk_named(folder):
    name = os.fsdecode("客户名单.csv".encode("gbk"))  # as a zip made on Windows gives it
    path = folder / name
    try:
        path.write_bytes(b"\xd0\xd5\xc3\xfb,\xb5\xe7\xbb\xb0\n\xd5\xc5\xc8\xfd,13800138000\n")
    except (UnicodeEncodeError, OSError):
        pytest.skip("this file system takes no such name")
    return path


def test_a_file_name_not_utf8_is_refused_before_anything_is_stored(db, data_dir, make_case, tmp_path, english):
    case = make_case()
    path = _gbk_named(tmp_path)
    files = db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    with pytest.raises(WorkstationError) as refused:
        add_evidence(db, data_dir, case.id, path, kind="customer_list")
    message = refused.value.message
    assert "the file's name is not UTF-8" in message and "rename it" in message
    message.encode("utf-8")  # says so in text that can be shown
    assert list_evidence(db, case.id) == []
    assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == files
    assert not list((data_dir / "files").rglob("*")) or all(p.is_dir() for p in (data_dir / "files").rglob("*"))


def test_the_command_line_refuses_it_in_the_same_words(cli_station, tmp_path, capsys, english):
    station = cli_station(tmp_path / "station")
    path = _gbk_named(tmp_path)
    conn = sqlite3.connect(database_path(station))
    held = conn.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    conn.close()
    code, _out, err = run(capsys, "--data-dir", station, "evidence", "add", CASE9, path, "--kind", "customer_list")
    assert code == 1
    assert "the file's name is not UTF-8 (as archives made on Windows often give): rename it and try again." in err
    assert "Internal error" not in err
    conn = sqlite3.connect(database_path(station))
    assert conn.execute("SELECT COUNT(*) FROM evidence").fetchone()[0] == held
    conn.close()


# 4. a read-only data folder -----------------------------------------------------------------------------------------


def test_a_read_only_data_folder_says_what_to_do(tmp_path, english):
    from workstation.errors import with_advice

    exc = OSError(errno.EROFS, "Read-only file system")
    said = with_advice("The file store /x/files cannot be written: the disk is read-only", exc, tmp_path)
    assert said.startswith("The file store /x/files cannot be written: the disk is read-only. ")
    assert "read-only" in said.split(". ", 1)[1] and str(tmp_path) in said
    elsewhere = with_advice("x cannot be written", exc, tmp_path, elsewhere=True)
    assert "choose a folder on another disk" in elsewhere


# the window: 恢复… in the place of 作废… for a voided item ---------------------------------------------------------------


@pytest.mark.gui
def test_the_window_offers_unvoid_for_a_voided_item_and_restores_it(db, data_dir, make_case, make_window, prompts,
                                                                    tmp_path, english):
    from ui.access_keys import letter_of

    case = make_case()
    lists = _counted_lists(db, data_dir, case, tmp_path)
    section = make_window(db).open_case(case.id).evidence
    section.refresh()
    button = section.buttons["void_evidence"]
    section.view.selectRow(2)
    assert button.text() == "&Void…"
    prompts.texts.append(REASON)
    prompts.confirm_answer = False
    button.click()
    [asked] = prompts.destructive
    assert "This cannot be undone." not in asked and "“Unvoid…”" in asked  # it says how it is taken back
    assert "unless the same file is added again in its place or the case is closed." in asked
    prompts.texts.append(REASON)
    prompts.confirm_answer = True
    button.click()
    assert get_evidence(db, lists[2].id).void_reason == REASON
    assert get_case(db, case.id).records_other == 3
    section.view.selectRow(2)
    assert button.text().replace("&", "") == "Unvoid…" and letter_of(button.text()) == "V"  # the page's letter
    assert button.isEnabled()
    held = len(prompts.destructive)
    section.void_key()  # Delete does not restore it
    assert get_evidence(db, lists[2].id).void_reason == REASON and "voided already" in prompts.errors.pop()
    button.click()
    assert prompts.errors == []
    assert prompts.confirmations[-1].startswith(f"Restore evidence item 3 (c.csv), voided ({REASON})?")
    assert "counted again" in prompts.confirmations[-1] and len(prompts.destructive) == held
    assert get_evidence(db, lists[2].id).void_reason == ""
    assert get_case(db, case.id).records_other == 4
    section.view.selectRow(2)
    assert button.text() == "&Void…"


@pytest.mark.gui
def test_the_window_greys_unvoid_saying_why_when_the_file_was_added_again(db, data_dir, make_case, make_window,
                                                                         prompts, tmp_path, english):
    case = make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    first = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    void_and_recount(db, data_dir, first.id, REASON)
    add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    section = make_window(db).open_case(case.id).evidence
    section.refresh()
    section.view.selectRow(0)
    button = section.buttons["void_evidence"]
    assert button.text().replace("&", "") == "Unvoid…" and not button.isEnabled()
    assert "item 2" in button.toolTip()


# audit s69, a final read: a copy altered keeping its size in a closed case, repairs always audited, counts of a case
# decided meanwhile, the item in force named, the command line's unvoid ---------------------------------------------


def test_a_copy_altered_keeping_its_size_is_repaired_in_a_closed_case(db, data_dir, make_case, tmp_path, english):
    case = make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n李四,13800138001\n")
    item = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    _damage(file_path(data_dir, item.sha256))
    with pytest.raises(WorkstationError) as altered:
        read_file(data_dir, item.sha256)
    assert "add the original file again" in altered.value.message  # what puts it right, not only a backup
    assert missing_copies(db, data_dir, case.id) == {}  # of its size: only reading it tells
    db.execute("UPDATE cases SET status = 'closed' WHERE id = ?", [case.id])
    with pytest.raises(StoredCopyRestored) as done:
        add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    assert "was damaged" in done.value.message and done.value.item.id == item.id
    assert read_file(data_dir, item.sha256) == sheet.read_bytes()
    assert "repair_copy" in _actions(db, item.id)
    with pytest.raises(WorkstationError, match="Nothing was changed") as refused:  # intact now: the closed register
        add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    assert not isinstance(refused.value, StoredCopyRestored)


def test_a_copy_altered_keeping_its_size_is_repaired_when_the_description_is_refused(db, data_dir, make_case,
                                                                                     tmp_path, english):
    case = make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    item = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    _damage(file_path(data_dir, item.sha256))
    with pytest.raises(StoredCopyRestored):
        add_evidence(db, data_dir, case.id, sheet, kind="no such kind")
    assert read_file(data_dir, item.sha256) == sheet.read_bytes()


def test_another_file_of_another_size_in_a_closed_case_is_not_read(db, data_dir, make_case, tmp_path, english):
    case = make_case()
    add_evidence(db, data_dir, case.id, _file(tmp_path, "a.csv", "x\n1\n"), kind="other")
    db.execute("UPDATE cases SET status = 'closed' WHERE id = ?", [case.id])
    said = []
    with pytest.raises(WorkstationError, match="Nothing was changed"):
        add_evidence(db, data_dir, case.id, _file(tmp_path, "b.csv", "another file\n"), kind="other",
                     progress=lambda done, total, message: said.append(message))
    assert said == []


def test_the_repair_is_named_by_the_item_in_force_not_the_voided_one(db, data_dir, make_case, tmp_path, english):
    case = make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    first = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    void_and_recount(db, data_dir, first.id, REASON)
    second = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    _damage(file_path(data_dir, first.sha256))
    db.execute("UPDATE cases SET status = 'closed' WHERE id = ?", [case.id])
    with pytest.raises(StoredCopyRestored) as done:
        add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    assert done.value.item.id == second.id and "evidence item 2" in done.value.message
    assert "repair_copy" in _actions(db, second.id)


def _held_and_gone(db, data_dir, make_case, tmp_path):
    """Two cases: the first holds 客户名单.csv, its stored copy damaged; the second a file of the same size whose copy
    is gone. (sheet, the first case's item, the second case)."""
    first, second = make_case(), make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    held = add_evidence(db, data_dir, first.id, sheet, kind="customer_list")
    gone = add_evidence(db, data_dir, second.id, _file(tmp_path, "b.csv", "姓名,手机号码\n李四,13800138001\n"),
                        kind="customer_list")
    file_path(data_dir, gone.sha256).unlink()
    _damage(file_path(data_dir, held.sha256))
    return sheet, held, second


def test_a_repair_of_another_cases_copy_is_audited_when_this_case_refuses_the_file(db, data_dir, make_case, tmp_path,
                                                                                  english):
    from workstation.store.evidence import restore_missing_copy

    # the second case holds a file of the same size whose copy is gone
    sheet, held, second = _held_and_gone(db, data_dir, make_case, tmp_path)
    assert restore_missing_copy(db, data_dir, second.id, sheet) == (None, True)
    assert read_file(data_dir, held.sha256) == sheet.read_bytes()
    assert "repair_copy" in _actions(db, held.id)


def test_restore_missing_copy_says_whether_it_repaired(db, data_dir, make_case, tmp_path, english):
    from workstation.store.evidence import restore_missing_copy

    case = make_case()
    sheet = _file(tmp_path, "a.csv", "姓名,手机号码\n张三,13800138000\n")
    item = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    file_path(data_dir, item.sha256).unlink()
    restored, repaired = restore_missing_copy(db, data_dir, case.id, sheet)
    assert (restored.id, repaired) == (item.id, False)
    _damage(file_path(data_dir, item.sha256))
    restored, repaired = restore_missing_copy(db, data_dir, case.id, sheet)
    assert (restored.id, repaired) == (item.id, True)
    assert restore_missing_copy(db, data_dir, case.id, sheet) == (None, False)  # intact: nothing to do


@pytest.mark.parametrize("closed", [False, True])
def test_a_cancel_after_the_copy_was_replaced_does_not_leave_the_repair_unaudited(db, data_dir, make_case, tmp_path,
                                                                                  monkeypatch, english, closed):
    from workstation import filestore
    from workstation.progress import CancelToken

    first, second = make_case(), make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    item = add_evidence(db, data_dir, first.id, sheet, kind="customer_list")
    add_evidence(db, data_dir, second.id, _file(tmp_path, "b.csv", "姓名,手机号码\n李四,13800138001\n"),
                 kind="customer_list")  # of the same size: a closed register reads the file
    if closed:
        db.execute("UPDATE cases SET status = 'closed' WHERE id = ?", [second.id])
    _damage(file_path(data_dir, item.sha256))
    cancel = CancelToken()
    store_stream = filestore.store_stream

    def cancelled_once_stored(*args, **kwargs):  # the officer's Cancel arriving as the copy was replaced
        stored = store_stream(*args, **kwargs)
        cancel.cancel()
        return stored

    monkeypatch.setattr(filestore, "store_stream", cancelled_once_stored)
    try:
        other = add_evidence(db, data_dir, second.id, sheet, kind="customer_list", cancel=cancel)
    except WorkstationError:
        other = None
    assert read_file(data_dir, item.sha256) == sheet.read_bytes()
    audited = _actions(db, item.id) + (_actions(db, other.id) if other is not None else [])
    assert "repair_copy" in audited


def test_holding_the_content_already_its_copy_is_checked_with_progress_and_cancel(db, data_dir, make_case, tmp_path,
                                                                                  english):
    from workstation.errors import Cancelled
    from workstation.progress import CancelToken

    first, second = make_case(), make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    add_evidence(db, data_dir, first.id, sheet, kind="customer_list")
    said = []
    add_evidence(db, data_dir, second.id, sheet, kind="customer_list",
                 progress=lambda done, total, message: said.append(message))
    assert any(message.startswith("Checking the stored copy of") for message in said)
    third = make_case()
    cancel = CancelToken()

    def progress(done, total, message):
        if message.startswith("Checking the stored copy"):
            cancel.cancel()

    with pytest.raises(Cancelled):
        add_evidence(db, data_dir, third.id, sheet, kind="customer_list", progress=progress, cancel=cancel)
    assert list_evidence(db, third.id) == []


def _decide_while_read(db, case):
    """A progress that records the case's decision as the files are read (another window deciding it meanwhile)."""
    def progress(done, total, message):
        db.execute("UPDATE cases SET status = 'penalty_decided', decided_on = '2026-03-20' WHERE id = ?", [case.id])
    return progress


def test_a_void_does_not_make_the_counts_of_a_case_decided_meanwhile_again(db, data_dir, make_case, tmp_path,
                                                                           english):
    from workstation.evidence_count import counts_refusal

    case = make_case()
    lists = _counted_lists(db, data_dir, case, tmp_path)
    void_and_recount(db, data_dir, lists[0].id, REASON, progress=_decide_while_read(db, case))
    assert counts_refusal(db, get_case(db, case.id)) is not None  # decided now
    assert get_evidence(db, lists[0].id).void_reason == REASON
    assert get_case(db, case.id).records_other == 4  # as its decision was made on it


def test_an_unvoid_does_not_make_the_counts_of_a_case_decided_meanwhile_again(db, data_dir, make_case, tmp_path,
                                                                              english):
    case = make_case()
    lists = _counted_lists(db, data_dir, case, tmp_path)
    void_and_recount(db, data_dir, lists[0].id, REASON)
    assert get_case(db, case.id).records_other == 3
    unvoid_and_recount(db, data_dir, lists[0].id, progress=_decide_while_read(db, case))
    assert get_evidence(db, lists[0].id).void_reason == ""
    assert get_case(db, case.id).records_other == 3
    assert not any("Record counts made again" in event.note and "已恢复" in event.note
                   for event in case_events(db, case.id))


def test_the_not_utf8_test_is_one_helper_of_the_errors(english):
    from workstation import errors
    from workstation.store import evidence

    assert errors.undecodable("a\udcb7b") and not errors.undecodable("客户名单.csv")
    assert "rename it" in errors.undecodable_name()
    assert evidence.shown_path("a\udcb7b.csv") == "a\ufffdb.csv"


# the command line: evidence unvoid ------------------------------------------------------------------------------------


def _station_with_void(cli_station, tmp_path, capsys):
    station = cli_station(tmp_path / "station")
    for name in ("客户名单.csv", "他案通话记录.csv"):
        from tests.helpers import run_json

        run_json(capsys, "--data-dir", station, "evidence", "add", CASE9, _file(tmp_path, name, name * 3),
                 "--kind", "other")
    listed = run(capsys, "--data-dir", station, "evidence", "list", CASE9, "--json")
    number = len(__import__("json").loads(listed[1]))  # the second file added is the last item
    code, _out, err = run(capsys, "--data-dir", station, "evidence", "void", CASE9, number, "--reason", REASON)
    assert code == 0, err
    return station, number


def test_the_command_line_unvoids_an_item_by_its_number(cli_station, tmp_path, capsys, english):
    from tests.helpers import run_json

    station, number = _station_with_void(cli_station, tmp_path, capsys)
    restored = run_json(capsys, "--data-dir", station, "evidence", "unvoid", CASE9, number)
    assert (restored["number"], restored["file_name"], restored["was_void_reason"]) == (number, "他案通话记录.csv",
                                                                                        REASON)
    assert "void_reason" not in restored and "voided_reason_was" not in restored
    listed = run_json(capsys, "--data-dir", station, "evidence", "list", CASE9)
    assert listed[number - 1]["void_reason"] == ""
    run(capsys, "--data-dir", station, "evidence", "void", CASE9, number, "--reason", REASON)
    code, out, err = run(capsys, "--data-dir", station, "evidence", "unvoid", CASE9, number)
    assert code == 0, err
    assert out.startswith(f"Evidence item {number} (他案通话记录.csv) is in force again (its void undone).")


def test_the_command_line_refuses_to_unvoid_an_item_in_force_changing_nothing(cli_station, tmp_path, capsys,
                                                                              english):
    from tests.data_digest import data_digest

    station, number = _station_with_void(cli_station, tmp_path, capsys)
    before = data_digest(station)
    code, out, err = run(capsys, "--data-dir", station, "evidence", "unvoid", CASE9, number - 1)
    assert (code, out) == (1, "") and "Traceback" not in err
    assert err.strip().endswith("is not void: there is nothing to restore.")
    assert data_digest(station) == before
    code, out, _err = run(capsys, "--data-dir", station, "evidence", "unvoid", CASE9, number - 1, "--json")
    assert code == 1


# the read of the committed change: mends ------------------------------------------------------------------------------


def test_a_repair_is_audited_against_the_item_of_the_case_holding_the_copy(db, data_dir, make_case, tmp_path,
                                                                          english):
    """The same file added for another recipient (a new item) replaces the damaged copy the case's first item held:
    the repair is that item's, not the new one's."""
    case = make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    held = add_evidence(db, data_dir, case.id, sheet, kind="customer_list", recipient="李四")
    _damage(file_path(data_dir, held.sha256))
    new = add_evidence(db, data_dir, case.id, sheet, kind="customer_list", recipient="王五")
    assert read_file(data_dir, held.sha256) == sheet.read_bytes()
    assert "repair_copy" in _actions(db, held.id)
    assert "repair_copy" not in _actions(db, new.id)


def test_a_repair_stays_audited_when_registering_the_new_item_fails(db, data_dir, make_case, tmp_path, monkeypatch,
                                                                   english):
    from workstation import filestore

    case = make_case()
    sheet = _file(tmp_path, "客户名单.csv", "姓名,手机号码\n张三,13800138000\n")
    held = add_evidence(db, data_dir, case.id, sheet, kind="customer_list", recipient="李四")
    _damage(file_path(data_dir, held.sha256))

    def disk_failed(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(filestore, "register_file", disk_failed)
    with pytest.raises(WorkstationError, match="input/output error"):  # the transaction rolled back
        add_evidence(db, data_dir, case.id, sheet, kind="customer_list", recipient="王五")
    assert len(list_evidence(db, case.id)) == 1  # no item added…
    assert read_file(data_dir, held.sha256) == sheet.read_bytes()  # …the copy replaced, and said so
    assert "repair_copy" in _actions(db, held.id)


def test_a_closed_register_says_another_cases_copy_was_replaced_with_its_refusal(db, data_dir, make_case, tmp_path,
                                                                                 english):
    sheet, held, second = _held_and_gone(db, data_dir, make_case, tmp_path)
    db.execute("UPDATE cases SET status = 'closed' WHERE id = ?", [second.id])
    with pytest.raises(WorkstationError) as refused:
        add_evidence(db, data_dir, second.id, sheet, kind="customer_list")
    assert not isinstance(refused.value, StoredCopyRestored)
    assert "closed" in refused.value.message.lower()
    assert "another case" in refused.value.message and "replaced" in refused.value.message
    assert str(refused.value) == refused.value.message
    assert read_file(data_dir, held.sha256) == sheet.read_bytes()


@pytest.mark.parametrize("kind", ["folder", "empty", "missing"])
def test_a_folder_not_utf8_is_shown_readably_in_every_refusal(tmp_path, english, kind):
    from workstation.store.evidence import check_evidence_file

    folder = tmp_path / os.fsdecode("证据".encode("gbk"))
    folder.mkdir()
    path = {"folder": folder / "子目录.csv", "empty": folder / "空.csv", "missing": folder / "无.csv"}[kind]
    if kind == "folder":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    with pytest.raises(WorkstationError) as refused:
        check_evidence_file(path)
    message = refused.value.message
    assert "\ufffd" in message and path.name in message
    message.encode("utf-8")  # no byte Python keeps as a surrogate: it can be shown and written


def test_the_not_utf8_text_is_said_by_one_helper(english):
    from workstation import cli, errors

    assert "type it again in a terminal set to UTF-8" in errors.undecodable_text()
    with pytest.raises(errors.ValidationError) as refused:
        cli._search_checked("a\udcb7b")
    assert refused.value.errors["--search"] == errors.undecodable_text()
