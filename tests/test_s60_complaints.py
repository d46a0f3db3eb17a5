"""s60 mends of the complaints wizard and the officer's corrections:
1. a correction taking a lead's last complaint out keeps the lead (no complaints, its day received and T1 as they
   were) rather than deleting it; screening keeps it while the correction stands; clearing the correction puts the
   complaint back into the same lead; the window and the command line say what became of the lead;
2. 恢复自动结论 on both copies of a complaint (two channels) selected together restores them;
3. a legacy .xls renamed .xlsx is not called password-protected (only a compound file holding the stream
   EncryptedPackage is): both importers tell the officer to rename it to .xls;
4. a complaint exported again with its times to the minute (Excel re-saving a CSV drops the seconds) is a duplicate
   of the one stored with seconds, not a work-order number conflict."""

import base64
import zlib

from tests.helpers import open_db, run, run_json
from tests.test_complaint_verdict import LEAK, LEAK2, add, complaint, lead_of
from tests.test_complaint_verdict_copies import add_copy
from workstation.screening import screen
from workstation.screening.verdict import correct_complaint

RECEIVED = "2026-11-02T10:00:00+08:00"


def lead_row(db, lead_id: str) -> dict | None:
    cursor = db.execute("SELECT * FROM leads WHERE id = ?", [lead_id])
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))


def one_complaint_lead(db) -> str:
    """A lead screening made of the one complaint V1, received on 2 November."""
    add(db, [("V1", LEAK)])
    screen(db)
    lead_id = lead_of(db, "V1")["id"]
    db.execute("UPDATE leads SET received_at = ? WHERE id = ?", [RECEIVED, lead_id])
    return lead_id


# 1 -------------------------------------------------------------------------------------------------------------------

def test_a_correction_emptying_a_lead_keeps_it_and_clearing_puts_the_complaint_back_with_its_t1(db):
    from workstation.leads_workflow import t1_due

    lead_id = one_complaint_lead(db)
    due = t1_due(db, lead_row(db, lead_id))
    result = correct_complaint(db, "V1", "unrelated", "误判")
    assert result.lead_left == lead_id
    kept = lead_row(db, lead_id)
    assert kept is not None and kept["complaint_count"] == 0 and kept["received_at"] == RECEIVED
    screen(db)  # the correction stands: screening keeps the lead the complaint was taken out of
    screen(db, everything=True)
    kept = lead_row(db, lead_id)
    assert kept is not None and kept["complaint_count"] == 0 and t1_due(db, kept) == due
    back = correct_complaint(db, "V1", None)
    assert back.lead_back == lead_id and back.lead_kept == ""
    assert complaint(db, "V1")["lead_id"] == lead_id
    screen(db)
    assert complaint(db, "V1")["lead_id"] == lead_id
    again = lead_row(db, lead_id)
    assert again["complaint_count"] == 1 and again["received_at"] == RECEIVED and t1_due(db, again) == due
    assert db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 1


def test_the_rules_preview_does_not_count_the_kept_lead_among_those_saving_removes(db):
    from workstation.screening.rules import shipped_rules_path
    from workstation.screening.screen import preview_rules

    one_complaint_lead(db)
    correct_complaint(db, "V1", "unrelated", "误判")
    preview = preview_rules(db, shipped_rules_path().read_text(encoding="utf-8"))
    assert preview.leads_removed == 0 and preview.removed_leads == []


def test_a_lead_emptied_by_a_correction_is_listed_without_complaints_and_no_complaint_counts_in_it(db):
    """Kept, the lead is listed holding no complaints, and the statistics count no complaint as related or as
    grouped in a lead."""
    from workstation.stats import campaign_stats
    from workstation.store.leads import lead_rows

    lead_id = one_complaint_lead(db)
    correct_complaint(db, "V1", "unrelated", "误判")
    listed = {r["id"]: r for r in lead_rows(db)}
    assert listed[lead_id]["complaint_count"] == 0 and listed[lead_id]["received_at"] == RECEIVED
    figures = campaign_stats(db)
    assert figures["complaints"]["related"] == 0 and figures["complaints"]["in_leads"] == 0


def test_the_command_line_says_the_lead_is_kept_without_complaints(data_dir, capsys, english):
    run_json(capsys, "--data-dir", data_dir, "init", "--plaintext")
    db = open_db(data_dir)
    lead_id = one_complaint_lead(db)
    add(db, [("W1", LEAK2.replace("13812345678", "13900001111"))])
    add(db, [("W2", LEAK.replace("13812345678", "13900001111"))])
    screen(db)
    db.conn.close()
    code, out, _err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--not-related",
                          "--reason", "误判")
    assert code == 0
    assert "counted again" not in out
    assert "now holds no complaints: it is kept" in out and "received on 2026-11-02" in out
    assert "`complaints correct V1 --clear` puts the complaint back into it" in out
    result = run_json(capsys, "--data-dir", data_dir, "complaints", "correct", "W1", "--not-related",
                      "--reason", "误判")
    assert result["lead_left"] and result["lead_left_complaints"] == 1
    code, out, _err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "W2", "--not-related",
                          "--reason", "误判")
    assert "now holds no complaints" in out
    code, out, _err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--clear")
    assert code == 0 and "went back into the lead it had been taken out of" in out
    db = open_db(data_dir)
    assert complaint(db, "V1")["lead_id"] == lead_id and lead_row(db, lead_id)["received_at"] == RECEIVED
    db.conn.close()


def test_correcting_twice_to_not_related_leaves_the_lead_once(db, prompts, english):
    from ui.complaint_verdict import ask_and_correct

    one_complaint_lead(db)
    prompts.choices, prompts.texts = [1], ["误判"]
    assert ask_and_correct(None, db, prompts, complaint(db, "V1")["id"], "V1")
    assert len(prompts.infos) == 1
    prompts.choices, prompts.texts = [1], ["再次确认"]  # already out of the lead: nothing more is said
    assert ask_and_correct(None, db, prompts, complaint(db, "V1")["id"], "V1")
    assert len(prompts.infos) == 1 and not prompts.errors


def test_the_window_says_the_lead_is_kept_without_complaints(db, prompts, english):
    from ui.complaint_verdict import ask_and_correct, ask_and_correct_many

    lead_id = one_complaint_lead(db)
    prompts.choices, prompts.texts = [1], ["误判"]
    assert ask_and_correct(None, db, prompts, complaint(db, "V1")["id"], "V1")
    assert len(prompts.infos) == 1 and not prompts.errors
    said = prompts.infos[0]
    assert said.startswith("Complaint V1: It left the lead about") and "received on 2026-11-02" in said
    assert "now holds no complaints: it is kept" in said and lead_row(db, lead_id) is not None
    # a lead left holding other complaints: the window, which shows it counted again, says nothing more
    add(db, [("W1", LEAK2.replace("13812345678", "13900001111")), ("W2", LEAK.replace("13812345678", "13900001111"))])
    screen(db)
    prompts.choices, prompts.texts = [1], ["误判"]
    assert ask_and_correct(None, db, prompts, complaint(db, "W1")["id"], "W1")
    assert len(prompts.infos) == 1
    # several at once: one line for the lead they emptied
    correct_complaint(db, "W1", None)
    prompts.choices, prompts.texts = [1], ["误判"]
    assert ask_and_correct_many(None, db, prompts, [(complaint(db, "W1")["id"], "W1"),
                                                   (complaint(db, "W2")["id"], "W2")])
    assert len(prompts.infos) == 2 and prompts.infos[1].count("now holds no complaints") == 1


def test_the_leads_page_lists_the_kept_lead_and_restores_its_complaint(db, make_window, prompts, english):
    from PySide6.QtGui import QTextCursor

    lead_id = one_complaint_lead(db)
    correct_complaint(db, "V1", "unrelated", "误判")
    page = make_window(db).leads_page
    page.refresh(select=lead_id)
    assert page.selected()["id"] == lead_id
    assert "taken out of this lead by an officer's correction" in page.detail.toPlainText()
    cursor = page.detail.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    page.detail.setTextCursor(cursor)
    prompts.confirm_answer = True
    page.correct_lead_complaint(clear=True)
    assert not prompts.errors
    assert complaint(db, "V1")["lead_id"] == lead_id and lead_row(db, lead_id)["complaint_count"] == 1


# 2 -------------------------------------------------------------------------------------------------------------------

def test_restoring_both_copies_selected_together_restores_them(db, prompts, english):
    from ui.complaint_verdict import ask_and_correct_many, clear_corrections

    add(db, [("V1", LEAK), ("V2", LEAK2)])
    copy_id = add_copy(db, "C1", "V1")
    screen(db)
    lead_id = lead_of(db, "V1")["id"]
    both = [(complaint(db, "V1")["id"], "V1"), (copy_id, "C1")]
    prompts.choices, prompts.texts = [1], ["误判"]
    assert ask_and_correct_many(None, db, prompts, both)
    assert not prompts.errors
    assert [complaint(db, c)["verdict"] for c in ("V1", "C1")] == ["unrelated"] * 2
    audited = db.execute("SELECT COUNT(*) FROM audit WHERE entity = 'complaint' AND action = 'correct' AND "
                         "entity_id = ?", [copy_id]).fetchone()[0]
    assert audited == 1  # corrected once, with the copy it was selected with
    prompts.confirm_answer = True
    assert clear_corrections(None, db, prompts, both)
    assert not prompts.errors
    assert [complaint(db, c)["verdict"] for c in ("V1", "C1")] == [None, None]
    assert complaint(db, "V1")["lead_id"] == lead_id == complaint(db, "C1")["lead_id"]


# 3 -------------------------------------------------------------------------------------------------------------------

def legacy_xls() -> bytes:
    from tests.test_complaints_import import LEGACY_XLS

    return zlib.decompress(base64.b64decode(LEGACY_XLS))


def encrypted_workbook() -> bytes:
    """A compound file as Excel encrypts an .xlsx into: its stream named EncryptedPackage (the legacy workbook's
    Workbook stream renamed, its directory entry's name and name length rewritten)."""
    data = bytearray(legacy_xls())
    name = "Workbook".encode("utf-16-le")
    at = data.index(name + b"\0\0")
    new = "EncryptedPackage".encode("utf-16-le") + b"\0\0"
    data[at:at + 64] = new.ljust(64, b"\0")
    data[at + 0x40:at + 0x42] = len(new).to_bytes(2, "little")
    return bytes(data)


def test_a_legacy_xls_renamed_xlsx_is_not_called_password_protected(db, tmp_path, english):
    from workstation.importing.complaints import import_complaints

    renamed = tmp_path / "工单.xlsx"
    renamed.write_bytes(legacy_xls())
    refused = import_complaints(db, [renamed]).files[0].refused
    assert "password" not in refused
    assert "工单.xlsx" in refused and "older Excel workbook (.xls)" in refused and "rename it to 工单.xls" in refused
    locked = tmp_path / "加密.xlsx"
    locked.write_bytes(encrypted_workbook())
    assert "加密.xlsx is protected by a password" in import_complaints(db, [locked]).files[0].refused


def test_the_cases_import_says_the_same(tmp_path, capsys, english):
    from workstation.cli import main

    station = tmp_path / "station"
    assert main(["--data-dir", str(station), "init", "--plaintext"]) == 0
    renamed = tmp_path / "台账.xlsx"
    renamed.write_bytes(legacy_xls())
    locked = tmp_path / "加密台账.xlsx"
    locked.write_bytes(encrypted_workbook())
    capsys.readouterr()
    code, out, err = run(capsys, "--data-dir", str(station), "cases", "import", str(renamed))
    assert code == 1 and "password" not in err and "older Excel workbook (.xls)" in err
    assert "rename it to 台账.xls" in err
    code, out, err = run(capsys, "--data-dir", str(station), "cases", "import", str(locked))
    assert code == 1 and "加密台账.xlsx is protected by a password" in err


def test_the_evidence_counter_tells_an_encrypted_workbook_from_a_damaged_one():
    from workstation.importing.tables import password_protected

    refused = ValueError("invalid Zip archive")
    assert password_protected(".xlsx", encrypted_workbook(), refused)
    assert not password_protected(".xlsx", legacy_xls(), refused)


# 4 -------------------------------------------------------------------------------------------------------------------

HEADER = "工单编号,受理时间,来电号码,诉求内容\n"
ROWS = [("SEC1", "13700001001", "接到13612340001推销电话，个人信息泄露"),
        ("SEC2", "13700001002", "接到13612340002推销电话，个人信息泄露")]


def export(path, times) -> object:
    path.write_text(HEADER + "".join(f"{n},{t},{p},{x}\n" for (n, p, x), t in zip(ROWS, times, strict=True)),
                    encoding="utf-8-sig")
    return path


def test_times_to_the_minute_are_the_same_complaint_as_with_seconds(db, tmp_path):
    from workstation.importing.complaints import import_complaints

    first = import_complaints(db, [export(tmp_path / "a.csv", ["2026-07-01 09:15:27", "2026-07-02 09:15:27"])])
    assert first.files[0].imported == 2
    again = import_complaints(db, [export(tmp_path / "b.csv", ["2026/7/1 9:15", "2026/7/2 9:16"])]).files[0]
    # the first the same to the minute (the seconds dropped); the second a minute later: another complaint
    assert (again.imported, again.duplicates, again.number_conflicts) == (0, 1, 1)
    # the other way round: stored to the minute, the export with seconds repeats it
    db.execute("DELETE FROM complaints")
    import_complaints(db, [export(tmp_path / "d.csv", ["2026/7/1 9:15", "2026/7/2 9:15"])])
    back = import_complaints(db, [export(tmp_path / "e.csv", ["2026-07-01 09:15:27", "2026-07-02 09:15:28"])])
    assert (back.files[0].duplicates, back.files[0].number_conflicts) == (2, 0)
    # two times both with seconds, differing by seconds: another complaint under a number stored
    db.execute("DELETE FROM complaints")
    import_complaints(db, [export(tmp_path / "f.csv", ["2026-07-01 09:15:27", "2026-07-02 09:15:27"])])
    seconds = import_complaints(db, [export(tmp_path / "g.csv", ["2026-07-01 09:15:29", "2026-07-02 09:15:00"])])
    assert (seconds.files[0].duplicates, seconds.files[0].number_conflicts) == (1, 1)


def test_the_same_number_twice_in_one_file_to_the_minute_and_with_seconds_is_one_complaint(db, tmp_path):
    from workstation.importing.complaints import import_complaints

    path = tmp_path / "twice.csv"
    n, p, x = ROWS[0]
    path.write_text(HEADER + f"{n},2026-07-01 09:15:27,{p},{x}\n{n},2026/7/1 9:15,{p},{x}\n", encoding="utf-8-sig")
    result = import_complaints(db, [path]).files[0]
    assert (result.imported, result.number_conflicts) == (1, 0)
