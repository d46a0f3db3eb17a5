"""The complaint import as an officer meets it again: the columns chosen by hand in the wizard stay chosen when
the import is cancelled or the wizard closed (remembered for the same header while the window is open; for the
channel only as a finished import remembers them), the database unchanged; a file imported a second time is said to
have been imported already, and when; complaints whose stored number got its area code afterwards are found
again when their export is imported again."""

import csv
import json
from pathlib import Path

import pytest

from PySide6.QtWidgets import QDialog

from ui.complaint_import import ComplaintImportDialog
from ui.task_runner import ImmediateRunner

DISTRICT_HEADER = ["工单编号", "受理时间", "来电号码", "诉求详情"]  # a header whose complaint-text column is not known


def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


@pytest.fixture
def district(tmp_path):
    rows = [[f"Q{n}", f"2026-03-0{n} 10:00:00", f"1390013900{n}", f"0757-8123456{n}打来推销楼盘"] for n in (1, 2, 3)]
    return write_csv(tmp_path / "区热线三月.csv", DISTRICT_HEADER, rows)


class CancelledMidway(ImmediateRunner):
    """Runs at once; the officer presses Cancel as soon as the import of ``file`` reports its first rows stored."""

    def __init__(self, file: str):
        super().__init__()
        self.file = file

    def run(self, title, work, on_done, on_error, parent=None):
        from workstation.i18n import _

        def progress(done, total, message):
            if message == _("Importing {file}").format(file=self.file):
                self.cancel_token.cancel()

        self.start(title, work, on_done, on_error, progress)


def pick(dialog, field, header):
    combo = dialog.columns[field]
    combo.setCurrentIndex(combo.findData(header))
    combo.activated.emit(combo.currentIndex())  # the officer's choice


def opened_wizards(page, monkeypatch, steps):
    """Open the page's import wizard once per step: each step acts on the wizard and says whether Import is
    pressed."""
    opened = []

    def exec_(dialog):
        opened.append(dialog)
        accepted = steps[len(opened) - 1](dialog)
        return QDialog.DialogCode.Accepted if accepted else QDialog.DialogCode.Rejected

    monkeypatch.setattr(ComplaintImportDialog, "exec", exec_)
    for _step in steps:
        page.import_complaints()
    return opened


def stored(db):
    return db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]


def test_a_column_chosen_by_hand_stays_chosen_when_the_wizard_is_closed(db, make_window, prompts, monkeypatch,
                                                                        district):
    page = make_window(db).leads_page

    def choose_then_close(dialog):
        dialog.add_file(district)
        assert dialog.columns["text"].currentData() == ""  # not recognised: the officer must choose it
        pick(dialog, "text", "诉求详情")
        prompts.confirm_answer = True  # the officer agrees to drop the list of files
        return False

    def add_again(dialog):
        dialog.add_file(district)
        assert dialog.columns["text"].currentData() == "诉求详情" and dialog.plan()[0][2]["text"] == "诉求详情"
        return False

    opened_wizards(page, monkeypatch, [choose_then_close, add_again])
    assert stored(db) == 0 and db.execute("SELECT COUNT(*) FROM import_profiles").fetchone()[0] == 0


def test_a_column_chosen_by_hand_stays_chosen_when_the_import_is_cancelled_midway(db, make_window, prompts,
                                                                                  monkeypatch, district, english):
    from workstation.importing.complaints import load_profile

    page = make_window(db, runner=CancelledMidway("区热线三月.csv")).leads_page

    def choose_and_import(dialog):
        dialog.add_file(district)
        pick(dialog, "text", "诉求详情")
        return True

    opened_wizards(page, monkeypatch, [choose_and_import])
    assert prompts.infos == ["Cancelled; nothing was changed."] and prompts.errors == []
    assert stored(db) == 0  # the complaints as they were
    # nothing written, not even the choice (s62: "nothing was changed" stays true); the window keeps it in memory
    assert not (load_profile(db, "12345") or {}).get("text")

    later = make_window(db).leads_page  # the program started again: nothing held in memory

    def add_again(dialog):
        dialog.add_file(district)
        assert dialog.columns["text"].currentData() == ""  # to choose again: no import remembered it
        pick(dialog, "text", "诉求详情")
        assert len(dialog.files.item(0).text().split(" — ")) == 3
        return True

    opened_wizards(later, monkeypatch, [add_again])
    assert prompts.errors == []
    assert db.execute("SELECT text FROM complaints WHERE external_id = 'Q1'").fetchone() == ("0757-81234561打来推销楼盘",)


def test_the_choice_of_columns_is_offered_again_for_a_file_removed_and_added_again(db, prompts, qtbot, district):
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(district)
    pick(dialog, "text", "诉求详情")
    pick(dialog, "complainant_phone", "")  # "(none)": the caller's number not imported
    dialog.remove_file()
    dialog.add_file(district)
    assert dialog.plan()[0][2]["text"] == "诉求详情" and dialog.plan()[0][2]["complainant_phone"] is None


COUNCIL_HEADER = ["投诉时间", "联系电话", "投诉内容", "被投诉方"]  # no work-order number: found again by content
COUNCIL_ROWS = [
    ["2026-03-05 14:22:10", "13800138000", "佛山某装饰公司天天打电话推销装修，严重骚扰", "某装饰公司"],
    ["2026-03-05 15:00:00", "88881234", "收到推销短信，回复退订无效", ""],  # a landline without its area code
    ["2026-03-06", "81234567", "某楼盘销售知道我的姓名和住址", "某楼盘"],  # a day without the hour: every cell counts
]
FIRST_IMPORT = "2026-03-02T09:15:00+08:00"


@pytest.fixture
def imported_once(tmp_path, cli_db):
    """A consumer-council export imported on 2 March (its complaints' import time set to that day)."""
    from tests.helpers import open_db

    path = write_csv(tmp_path / "消委会投诉.csv", COUNCIL_HEADER, COUNCIL_ROWS)
    db = open_db(cli_db)
    try:
        from workstation.importing.complaints import import_complaints

        assert import_complaints(db, [path]).imported == 3
        with db.atomic():
            db.execute("UPDATE complaints SET created_at = ?", [FIRST_IMPORT])
    finally:
        db.conn.close()
    return path


@pytest.fixture
def cli_db(tmp_path):
    return tmp_path / "站点"


def test_the_command_line_says_a_file_imported_again_was_imported_already_and_when(capsys, cli_db, imported_once,
                                                                                   english):
    from tests.helpers import run

    code, out, err = run(capsys, "complaints", "import", imported_once, "--data-dir", cli_db)
    assert code == 0 and err.count("Error") == 0
    assert out.strip().splitlines()[0] == (f"{imported_once} was imported already, on 2026-03-02: every complaint "
                                           "in it (3) is stored, none was imported again.")  # the file named as typed
    code, out, _err = run(capsys, "complaints", "import", imported_once, "--data-dir", cli_db, "--json")
    # the keys scripts rely on, unchanged (updated: complaints given their work-order id; cleaned: complaints stored
    # without the control characters or text-direction controls they held)
    result = json.loads(out)
    assert set(result) == {"rows", "imported", "duplicates", "number_conflicts", "updated", "cleaned", "errors",
                           "files", "dry_run", "imported_files", "refused_files"}
    assert set(result["files"][0]) == {"file", "profile", "rows", "imported", "duplicates", "number_conflicts",
                                       "same_as", "repeated", "updated", "cleaned", "errors", "refused",
                                       "sheets_left_out"}
    assert (result["rows"], result["imported"], result["duplicates"]) == (3, 0, 3)


def test_a_copy_under_another_name_is_said_to_be_imported_from_the_first_file(capsys, cli_db, imported_once,
                                                                              tmp_path, english):
    from tests.helpers import run

    copy = tmp_path / "副本.csv"
    copy.write_bytes(Path(imported_once).read_bytes())
    code, out, _err = run(capsys, "complaints", "import", copy, "--data-dir", cli_db)
    assert code == 0
    assert out.strip().splitlines()[0] == (f"Every complaint in {copy} (3) was imported already, the first of "
                                           "them on 2026-03-02 from 消委会投诉.csv; none was imported again.")
    # typed, and the stored file's name


def test_a_file_with_new_complaints_keeps_its_counts(capsys, cli_db, imported_once, tmp_path, english):
    from tests.helpers import run

    later = write_csv(tmp_path / "三月中旬.csv", COUNCIL_HEADER,
                      [*COUNCIL_ROWS, ["2026-03-07 10:00:00", "13900139000", "培训机构天天打电话", "某教育公司"]])
    code, out, _err = run(capsys, "complaints", "import", later, "--data-dir", cli_db)
    assert code == 0 and "4 rows, 1 imported, 3 duplicates" in out and "imported already" not in out


@pytest.mark.gui
def test_the_wizard_summary_says_a_file_imported_again_was_imported_already(db, make_window, prompts, tmp_path,
                                                                          english):
    path = write_csv(tmp_path / "消委会投诉.csv", COUNCIL_HEADER, COUNCIL_ROWS)
    fresh = write_csv(tmp_path / "三月下旬.csv", COUNCIL_HEADER,
                      [["2026-03-20 10:00:00", "13900139000", "培训机构天天打电话", "某教育公司"]])
    page = make_window(db).leads_page
    page.run_import([path])
    with db.atomic():
        db.execute("UPDATE complaints SET created_at = ?", [FIRST_IMPORT])
    page.run_import([path])
    assert prompts.infos[-1].splitlines()[0] == ("消委会投诉.csv was imported already, on 2026-03-02: every "
                                                 "complaint in it (3) is stored, none was imported again.")
    page.run_import([path, fresh])  # one file new: the counts still lead, the old file said plainly
    lines = prompts.infos[-1].splitlines()
    assert lines[0] == "1 complaints imported, 3 duplicates left out."
    assert lines[1].startswith("消委会投诉.csv was imported already, on 2026-03-02") and "1 imported" in lines[3]
    assert prompts.errors == []


def test_complaints_whose_number_got_its_area_code_later_are_found_again_when_imported_again(db, tmp_path):
    from workstation.importing.complaints import import_complaints
    from workstation.screening import screen
    from workstation.store.complaints import fill_content_keys

    path = write_csv(tmp_path / "消委会投诉.csv", COUNCIL_HEADER, COUNCIL_ROWS)
    with_id = write_csv(tmp_path / "12345.csv", DISTRICT_HEADER[:3] + ["内容描述"],
                        [["Q9", "2026-03-05 10:00:00", "88881234", "推销电话"]])
    assert import_complaints(db, [path, with_id]).imported == 4
    with db.atomic():  # as an import before the area-code rule stored them, keyed when the keys came (m015)
        db.execute("UPDATE complaints SET complainant_phone = substr(complainant_phone, 5) "
                   "WHERE complainant_phone LIKE '0757%'")
        fill_content_keys(db)
    screen(db)  # puts the area code before the stored landlines
    phones = [p for (p,) in db.execute("SELECT complainant_phone FROM complaints ORDER BY rowid")]
    assert phones == ["13800138000", "075788881234", "075781234567", "075788881234"]
    assert db.execute("SELECT content_key FROM complaints WHERE external_id = 'Q9'").fetchone() == (None,)
    again = import_complaints(db, [path, with_id])
    assert (again.imported, again.duplicates) == (0, 4)
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 4
