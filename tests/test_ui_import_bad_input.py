"""Bad input met in the window, as an officer meets it: a register or complaint export that cannot be imported
gives one message naming the file (and the row and field where there is one) and what to do, never the reader's
own exception, and changes nothing — no case, party, complaint or audit entry; the other exports of the same
run import. The same inputs on the command line are tested in test_register_import, test_complaints_import and
test_cli."""

import sqlite3
import sys
from pathlib import Path

import pytest

from tests.helpers import locked_by_another_copy
from tests.test_register_import import GOOD, USCC_A, register_rows, write_csv, write_xlsx
from workstation import audit
from workstation.paths import database_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

pytestmark = pytest.mark.gui

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # how a password-protected .xlsx begins (a compound file, not a zip)
COUNCIL_HEADER = make_complaints.COUNCIL_HEADER
COUNCIL_ROW = ["TS1", "2026-03-05 10:00:00", "张三", "13800138000", "", "骚扰电话", "其他", "已受理"]


TABLES = ("cases", "parties", "case_parties", "case_events", "audit", "settings", "complaints", "import_profiles")


def counts(db, table_counts):
    return table_counts(db, TABLES)


def nothing_changed(db, table_counts, before) -> bool:
    return counts(db, table_counts) == before


def one_line_without_exception(message: str) -> bool:
    """A message an officer can read: one line, no exception class (ZipError, UnicodeDecodeError …)."""
    return "\n" not in message and "Error" not in message and "Traceback" not in message


# --- the case register (File > Import case register…) ----------------------------------------------------------


def row_with(column: int, value):
    row = list(GOOD[0])
    row[column] = value
    return row


def stub(name: str, content):
    """A maker of the file ``name`` in a folder holding ``content`` (bytes, or a function of the folder giving
    them)."""

    def make(folder: Path) -> Path:
        (folder / name).write_bytes(content(folder) if callable(content) else content)
        return folder / name

    return make


def folder(name: str):
    def make(where: Path) -> Path:
        (where / name).mkdir()
        return where / name

    return make


def register_bytes(folder: Path) -> bytes:
    return write_csv(folder / "good.csv", register_rows()).read_bytes()


def lock_file(folder: Path) -> Path:
    write_xlsx(folder / "台账.xlsx", register_rows())
    return stub("~$台账.xlsx", b"\x07officer" + bytes(155))(folder)


def mixed_register(folder: Path) -> bytes:
    lines = register_bytes(folder).split(b"\r\n")
    lines[4] = lines[4].decode().encode("gb18030")  # row 5, a row pasted from a GB18030 file
    return b"\r\n".join(lines)


REFUSED_FILES = {
    # name: (make the file in the folder, the words of the message)
    "truncated xlsx": (stub("台账.xlsx", lambda f: write_xlsx(f / "x.xlsx", register_rows()).read_bytes()[:3000]),
                       ["台账.xlsx cannot be read as a spreadsheet", "save it again"]),
    "password": (stub("台账.xlsx", OLE_MAGIC + bytes(1024)),
                 ["台账.xlsx is protected by a password", "remove the password"]),
    "Excel lock file": (lock_file, ["~$台账.xlsx is the lock file", "choose 台账.xlsx itself"]),
    "no header": (stub("台账.csv", "序号,名称\r\n1,张三\r\n".encode()),
                  ["台账.csv: no recognisable header row", "the register needs the columns"]),
    "two columns": (stub("台账.csv", "案件编号,当事人\r\n佛南市监立〔2026〕1号,某公司\r\n".encode()),
                    ["台账.csv: no recognisable header row", "所属区"]),
    "mixed encodings": (stub("台账.csv", mixed_register), ["台账.csv, row 5", "save the whole file again as UTF-8 CSV"]),
    "UTF-16": (stub("台账.csv", lambda f: register_bytes(f).decode().encode("utf-16")),
               ["台账.csv is saved as Unicode text (UTF-16)", "CSV UTF-8"]),
    "NUL byte": (stub("台账.csv", lambda f: register_bytes(f).replace("朱子轩".encode(), b"\x00")),
                 ["台账.csv, row 6", "NUL character"]),
    "empty": (stub("台账.csv", b""), ["台账.csv is empty (0 bytes)"]),
    "folder": (folder("台账"), ["台账 is a folder"]),
}


@pytest.mark.parametrize("kind", list(REFUSED_FILES))
def test_a_register_that_cannot_be_read_is_one_clear_message_and_changes_nothing(make_window, db, tmp_path, prompts,
                                                                                 table_counts, english, kind):
    make, words = REFUSED_FILES[kind]
    path = make(tmp_path)
    window = make_window(db)
    before = counts(db, table_counts)
    window.import_register(str(path))
    assert len(prompts.errors) == 1 and not prompts.infos and not prompts.confirmations
    message = prompts.errors[0]
    assert all(w in message for w in words), message
    assert one_line_without_exception(message), message
    assert nothing_changed(db, table_counts, before) and audit.verify(db)["valid"]
    assert window.case_list.model.rowCount() == 0


BAD_ROWS = {
    "USCC check digit": (row_with(2, USCC_A[:-1] + ("0" if USCC_A[-1] != "0" else "1")), "统一社会信用代码"),
    "ID number check digit": (row_with(2, "110105194912310021"), "统一社会信用代码"),
    "date not in the calendar": (row_with(7, "2026-02-30"), "立案日期"),
    "negative amount": (row_with(10, "-5,000"), "罚款金额"),
}


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_a_bad_register_row_is_named_with_its_field_and_nothing_is_imported_unless_asked(
        make_window, db, tmp_path, prompts, table_counts, english, kind):
    row, field = BAD_ROWS[kind]
    path = write_csv(tmp_path / "台账.csv", register_rows([row, GOOD[1]]))
    window = make_window(db)
    before = counts(db, table_counts)
    window.import_register(str(path))  # the officer answers No to "Import only the valid rows?"
    assert not prompts.errors and len(prompts.confirmations) == 1
    assert prompts.confirmations[0].startswith("台账.csv: 1 row refused, nothing imported. ")
    [reason] = prompts.details[0].splitlines()  # the bad row in the question's details
    assert reason.startswith(f"row 4, {field}") and "Error" not in reason, reason
    assert nothing_changed(db, table_counts, before)
    assert window.case_list.model.rowCount() == 0


def test_a_uscc_in_lowercase_or_with_spaces_is_imported_as_written_on_the_licence(make_window, db, tmp_path,
                                                                                   prompts):
    from workstation.store import find_case, get_party, list_cases

    spaced = f" {USCC_A[:6].lower()} {USCC_A[6:12]} {USCC_A[12:].lower()} "
    path = write_csv(tmp_path / "台账.csv", register_rows([row_with(2, spaced)]))
    prompts.confirm_answer = True  # the import's preview (its counts): Yes
    make_window(db).import_register(str(path))
    assert not prompts.errors and len(prompts.confirmations) == 1
    case = find_case(db, list_cases(db)[0].id)
    assert get_party(db, case.party_ids[0]).uscc == USCC_A


def test_the_header_repeated_below_the_first_rows_is_left_out(make_window, db, tmp_path, prompts):
    lines = register_rows(GOOD[:2], total=False)
    lines += [lines[2], *GOOD[2:]]  # two offices' registers pasted one under the other, each with its header
    prompts.confirm_answer = True  # the import's preview (its counts): Yes
    window = make_window(db)
    window.import_register(str(write_xlsx(tmp_path / "台账.xlsx", lines)))
    assert not prompts.errors and len(prompts.confirmations) == 1
    assert window.case_list.model.rowCount() == len(GOOD)


def test_a_database_locked_by_another_copy_refuses_the_register_import(make_window, db, tmp_path, prompts,
                                                                        table_counts, english, data_dir):
    path = write_xlsx(tmp_path / "台账.xlsx", register_rows())
    window = make_window(db)
    before = counts(db, table_counts)
    with locked_by_another_copy(data_dir):
        window.import_register(str(path))
    assert len(prompts.errors) == 1 and "locked by another program" in prompts.errors[0]
    assert one_line_without_exception(prompts.errors[0])
    assert nothing_changed(db, table_counts, before)


# --- complaint exports (Leads > Import complaints…) -------------------------------------------------------------


@pytest.fixture
def council(tmp_path):
    path = tmp_path / "消委会投诉.csv"
    make_complaints.write_council_csv(path, 30, seed=7, answers=False)
    return str(path)


def council_csv(path: Path, rows: list[list[str]], encoding="utf-8") -> Path:
    path.write_bytes("".join(",".join(r) + "\r\n" for r in [COUNCIL_HEADER, *rows]).encode(encoding))
    return path


def complaint_lock_file(folder: Path) -> Path:
    make_complaints.write_hotline_xlsx(folder / "12345工单.xlsx", 5, answers=False)
    return stub("~$12345工单.xlsx", b"\x07officer" + bytes(155))(folder)


REFUSED_EXPORTS = {
    "pdf": (stub("投诉.pdf", b"%PDF-1.7\n"), ["投诉.pdf: .pdf files cannot be imported",
                                              "the supported formats are .xlsx, .xls and .csv"]),
    "numbers": (stub("投诉.numbers", b"PK\x03\x04 numbers"), [".numbers files cannot be imported"]),
    "empty": (stub("投诉.csv", b""), ["投诉.csv is empty (0 bytes)"]),
    "password": (stub("工单.xlsx", OLE_MAGIC + bytes(1024)), ["工单.xlsx is protected by a password"]),
    "truncated": (stub("工单.xlsx", b"PK\x03\x04" + bytes(200)), ["工单.xlsx cannot be read as a spreadsheet"]),
    "Excel lock file": (complaint_lock_file, ["~$12345工单.xlsx is the lock file", "choose 12345工单.xlsx itself"]),
    "UTF-16": (stub("投诉.csv", "\r\n".join(",".join(r) for r in [COUNCIL_HEADER, COUNCIL_ROW]).encode("utf-16")),
               ["投诉.csv is saved as Unicode text (UTF-16)"]),
    "NUL byte": (stub("投诉.csv", lambda f: council_csv(f / "x.csv", [COUNCIL_ROW, COUNCIL_ROW]).read_bytes()
                      .replace("张三".encode(), b"\x00", 1)), ["投诉.csv, row 2", "NUL character"]),
    # no row of two text cells: nothing to offer as the header for the officer to map
    "no header": (stub("投诉.csv", b"1,13800138000\r\n2,13900139000\r\n"),
                  ["投诉.csv: no recognisable header row"]),
    "folder": (folder("投诉"), ["投诉 is a folder"]),
}


@pytest.mark.parametrize("kind", list(REFUSED_EXPORTS))
def test_an_export_refused_as_it_is_added_says_why_and_the_others_stay(db, prompts, qtbot, tmp_path, council, english,
                                                                       kind):
    from ui.complaint_import import ComplaintImportDialog

    make, words = REFUSED_EXPORTS[kind]
    path = make(tmp_path)
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(council)
    dialog.add_file(str(path))
    assert len(prompts.errors) == 1
    assert all(w in prompts.errors[0] for w in words), prompts.errors[0]
    assert one_line_without_exception(prompts.errors[0]), prompts.errors[0]
    assert dialog.paths == [council] and dialog.files.count() == 1


def test_an_export_whose_header_uses_no_known_wording_is_added_for_its_columns_to_be_chosen(db, prompts, qtbot,
                                                                                             tmp_path, council,
                                                                                             english):
    """序号,名称: no wording the import knows, but a header all the same; refused on the command line (see
    test_complaints_import), the wizard offers its columns and waits for the officer's choice."""
    from ui.complaint_import import ComplaintImportDialog

    path = stub("投诉.csv", "序号,名称\r\n1,张三\r\n".encode())(tmp_path)
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(council)
    dialog.add_file(str(path))
    assert prompts.errors == [] and dialog.paths == [council, str(path)]
    assert dialog.header == ["序号", "名称"] and dialog.profile() is None
    assert "投诉.csv: choose the channel before importing." in dialog.detected.text()


def mixed_encodings(folder: Path) -> Path:
    path = council_csv(folder / "混合.csv", [COUNCIL_ROW])
    path.write_bytes(path.read_bytes() + ",".join(["TS2", "2026-03-05 11:00:00", "李四", "13900139000", "", "营销短信",
                                                   "其他", "已受理"]).encode("gb18030") + b"\r\n")
    return path


ROW_REFUSALS = {
    # refused once the rows are read, when the import runs: the file and row are named with what to do
    "mixed encodings": (mixed_encodings, "混合.csv, row 3", "save the whole file again as UTF-8 CSV"),
    "more cells than the header": (
        lambda f: council_csv(f / "多列.csv", [COUNCIL_ROW, ["TS2", "2026-03-05 11:00:00", "李四", "13900139000", "",
                                                             "短信", "内容", "其他", "已受理"]]),
        "多列.csv, row 3", "the row has 9 cells but the header only 8"),
    "a time that is not one": (
        lambda f: council_csv(f / "时间.csv", [COUNCIL_ROW, ["TS2", "上周三", "李四", "13900139000", "", "短信", "", ""]]),
        "时间.csv: 1 row cannot be read; nothing was imported from this file. First: row 3, 投诉时间",
        "is not a date and time"),
}


@pytest.mark.parametrize("kind", list(ROW_REFUSALS))
def test_an_export_refused_for_a_row_names_file_and_row_and_the_others_of_the_run_import(
        db, make_window, prompts, tmp_path, council, table_counts, english, kind):
    make, where, what = ROW_REFUSALS[kind]
    bad = make(tmp_path)
    page = make_window(db).leads_page
    page.run_import([str(bad), council], plan=[(str(bad), None, None), (council, None, None)])
    shown = (prompts.errors or prompts.infos)[0]
    lines = shown.splitlines()
    refusal = next((line for line in lines if bad.name in line), shown)
    assert where in refusal and what in refusal and "Error" not in refusal, shown
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE source_file = ?", [bad.name]).fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE source_file = ?", [Path(council).name]).fetchone()[0]


def test_the_header_repeated_below_the_rows_is_not_imported_as_a_complaint(db, make_window, prompts, tmp_path,
                                                                           english):
    second = ["TS2", *COUNCIL_ROW[1:]]
    path = council_csv(tmp_path / "两天.csv", [COUNCIL_ROW, COUNCIL_HEADER, second])
    make_window(db).leads_page.run_import([str(path)])
    assert not prompts.errors
    assert [r[0] for r in db.execute("SELECT external_id FROM complaints ORDER BY source_row")] == ["TS1", "TS2"]


def test_a_database_locked_by_another_copy_refuses_the_complaint_import(db, make_window, prompts, council,
                                                                         table_counts, english, data_dir):
    page = make_window(db).leads_page
    before = counts(db, table_counts)
    with locked_by_another_copy(data_dir):
        page.run_import([council])
    assert len(prompts.errors) == 1 and "locked by another program" in prompts.errors[0]
    assert one_line_without_exception(prompts.errors[0])
    assert nothing_changed(db, table_counts, before)


# --- the database itself: the window does not open on it, and says why in one line -------------------------------


def newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) SELECT migration_set, "
                 "'m999_from_the_future', '2027-01-01' FROM _sqlite_migrations LIMIT 1")
    conn.commit()
    conn.close()


DATABASES = {
    "not SQLite": (lambda p: p.write_text("案件编号,当事人\n1,某公司\n", encoding="utf-8"), "is not a workstation database"),
    "damaged": (lambda p: p.write_bytes(p.read_bytes()[:4096]), "is damaged and cannot be read. There is no backup"),
    "newer version": (newer, "was written by a newer version of the workstation"),
}


@pytest.mark.parametrize("kind", list(DATABASES))
def test_the_window_refuses_a_database_it_cannot_use_in_one_line_and_leaves_it_as_it_was(started, db, data_dir,
                                                                                         prompts, english, kind):
    from workstation.errors import DatabaseError

    damage, words = DATABASES[kind]
    path = database_path(data_dir)
    db.conn.close()
    damage(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as refused:  # ui.app.main shows its message in an error box
        started(data_dir, prompts)
    message = refused.value.message
    assert words in message and str(path) in message and one_line_without_exception(message), message
    assert path.read_bytes() == before


def test_a_register_whose_name_is_not_utf8_is_named_as_windows_wrote_it(make_window, db, tmp_path, prompts,
                                                                        table_counts, english):
    """A file unzipped on Linux from a Windows zip keeps its name's GBK bytes: the window names it 台账.csv, as the
    command line does (``importing.tables.readable_name``), not with the escapes Python reads such a name into."""
    import os

    written = write_csv(tmp_path / "x.csv", register_rows([BAD_ROWS["date not in the calendar"][0], GOOD[1]]))
    raw = os.path.join(os.fsencode(tmp_path), "台账".encode("gbk") + b".csv")
    os.rename(written, raw)
    window = make_window(db)
    before = counts(db, table_counts)
    window.import_register(os.fsdecode(raw))
    assert not prompts.errors and len(prompts.confirmations) == 1
    assert prompts.confirmations[0].startswith("台账.csv: 1 row refused, nothing imported. ")
    assert nothing_changed(db, table_counts, before)
