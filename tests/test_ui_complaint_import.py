"""The complaint import wizard as an officer uses it: each added export's header is read in the background with
progress and Cancel (a hotline workbook is parsed whole when opened), the import cannot start on a half-read
file, a cancelled read adds nothing, a refused file says why and leaves the others; a two-row header with merged
group cells is mapped as the import reads it; the summary names each file's channel and counts."""

import sys
import threading
from pathlib import Path

import pytest

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QProgressDialog, QPushButton

from ui.complaint_import import ComplaintImportDialog, guess_mapping
from ui.task_runner import TaskRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def hotline(tmp_path):
    path = tmp_path / "12345工单.xlsx"
    make_complaints.write_hotline_xlsx(path, 300, seed=7, answers=False)
    return str(path)


@pytest.fixture
def council(tmp_path):
    path = tmp_path / "消委会投诉.csv"
    make_complaints.write_council_csv(path, 200, seed=7, encoding="gb18030", answers=False)
    return str(path)


@pytest.fixture
def threaded(qtbot, db, prompts):
    """A wizard whose header reads run on a real task runner (joined before the test ends)."""
    runner = TaskRunner()
    dialog = ComplaintImportDialog(db, prompts, runner=runner)
    qtbot.addWidget(dialog)
    yield dialog, runner
    runner.wait()


def import_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_header_is_read_in_the_background_and_the_import_waits_for_it(qtbot, threaded, hotline, prompts):
    dialog, runner = threaded
    with qtbot.waitSignal(runner.task_finished, timeout=60000):
        dialog.add_file(hotline)
        # the read runs on the pool: the window stays live, and nothing can be imported, added or removed yet
        assert dialog.reading == hotline and dialog.paths == []
        assert not import_button(dialog).isEnabled() and not dialog.add_button.isEnabled()
        dialog.accept_import()
        assert dialog.result() != QDialog.DialogCode.Accepted
    runner.wait()
    assert dialog.reading is None and dialog.paths == [hotline] and prompts.errors == []
    assert dialog.profile() == "12345" and dialog.columns["text"].currentData() == "内容描述"
    assert import_button(dialog).isEnabled() and dialog.add_button.isEnabled()


def test_cancel_while_the_header_is_read_adds_nothing(qtbot, threaded, hotline, prompts):
    dialog, runner = threaded
    with qtbot.waitSignal(runner.task_finished, timeout=60000):
        dialog.add_file(hotline)
        progress = dialog.findChild(QProgressDialog)
        progress.findChild(QPushButton).click()  # the officer presses Cancel
    runner.wait()
    assert dialog.paths == [] and dialog.files.count() == 0 and dialog.reading is None
    assert prompts.errors == [] and not import_button(dialog).isEnabled() and dialog.add_button.isEnabled()
    assert [c.count() for c in dialog.columns.values()] == [0] * len(dialog.columns)

    with qtbot.waitSignal(runner.task_finished, timeout=60000):
        dialog.add_file(hotline)  # added again, it is read in full
    runner.wait()
    assert dialog.paths == [hotline] and import_button(dialog).isEnabled()


def test_closing_the_wizard_while_a_header_is_read_cancels_the_read(qtbot, threaded, hotline, prompts):
    dialog, runner = threaded
    with qtbot.waitSignal(runner.task_finished, timeout=60000):
        dialog.add_file(hotline)
        dialog.reject()
    runner.wait()
    assert dialog.paths == [] and prompts.errors == []


def test_cancel_is_heard_while_the_workbook_is_parsed(db, prompts, qtbot, hotline, monkeypatch):
    """The parse is held until the test ends: the read can only end if it stopped waiting for it."""
    import python_calamine

    real, started, release = python_calamine.CalamineWorkbook, threading.Event(), threading.Event()
    dialog = ComplaintImportDialog(db, prompts)  # an immediate runner: the read runs here, Cancel from a thread
    qtbot.addWidget(dialog)

    class HeldWorkbook:
        def __init__(self, workbook):
            self._workbook = workbook

        @classmethod
        def from_path(cls, path):
            return cls(real.from_path(path))

        def get_sheet_by_index(self, index):
            started.set()
            release.wait(10)
            return self._workbook.get_sheet_by_index(index)

        def get_sheet_by_name(self, name):  # the first visible sheet is read by its name
            started.set()
            release.wait(10)
            return self._workbook.get_sheet_by_name(name)

        def __getattr__(self, name):
            return getattr(self._workbook, name)

    def cancel_once_started():
        if started.wait(10):
            dialog.runner.cancel_token.cancel()

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", HeldWorkbook)
    threading.Thread(target=cancel_once_started, daemon=True).start()
    try:
        dialog.add_file(hotline)
        assert started.is_set() and not release.is_set()  # it returned while the parse was still held
    finally:
        release.set()
    assert dialog.paths == [] and prompts.errors == []


def test_a_refused_file_says_why_and_leaves_the_others(db, prompts, qtbot, hotline, council, tmp_path, english):
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(hotline)
    numbers = tmp_path / "投诉.numbers"
    numbers.write_bytes(b"PK\x03\x04 not an export")
    truncated = tmp_path / "截断.xlsx"
    truncated.write_bytes(Path(hotline).read_bytes()[:4000])
    headless = tmp_path / "无表头.csv"  # no row of two text cells: no header to offer for mapping
    headless.write_text("1,2,3\n4,5,6\n", encoding="utf-8")
    for path in (numbers, truncated, headless):
        dialog.add_file(str(path))
    dialog.add_file(hotline)  # the same file twice
    dialog.add_file(council)
    assert len(prompts.errors) == 4
    assert "投诉.numbers" in prompts.errors[0] and ".numbers files cannot be imported" in prompts.errors[0]
    assert "截断.xlsx cannot be read as a spreadsheet" in prompts.errors[1]
    assert "无表头.csv: no recognisable header row" in prompts.errors[2]
    assert "12345工单.xlsx is already in the list" in prompts.errors[3]
    assert dialog.paths == [hotline, council] and dialog.files.count() == 2
    assert dialog.profile() == "12345" and import_button(dialog).isEnabled()
    # a header of no known wording (a,b,c) is no refusal: the file is added, shown with its columns to choose from,
    # and the import waits for its channel
    unknown = tmp_path / "陌生表头.csv"
    unknown.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    dialog.add_file(str(unknown))
    assert len(prompts.errors) == 4 and dialog.paths == [hotline, council, str(unknown)]
    assert dialog.header == ["a", "b", "c"] and dialog.profile() is None
    assert [dialog.columns["text"].itemText(i) for i in range(dialog.columns["text"].count())][1:] == ["a", "b", "c"]
    assert "choose the channel" in dialog.files.item(2).text() and not import_button(dialog).isEnabled()


def test_an_export_with_nothing_below_its_header_is_not_added(db, prompts, qtbot, council, tmp_path, english):
    """An export of a period without complaints: the import refuses it whatever the columns, so the wizard says so
    as it is added (naming the file and the header's row) instead of listing it for a refusal at import time."""
    import openpyxl

    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    header = "投诉编号,投诉时间,投诉人,投诉人电话,被投诉方,投诉内容\r\n"
    only_header = tmp_path / "只有表头.csv"
    only_header.write_text(header, encoding="gb18030")
    blank_lines = tmp_path / "空行.csv"
    blank_lines.write_text(header + ",,,,,\r\n" * 30 + "\r\n", encoding="utf-8-sig")
    later = tmp_path / "后面才有.csv"  # blank lines beyond the rows scanned for the header, then a complaint
    later.write_text(header + ",,,,,\r\n" * 30 + "XW1,2026-03-02 08:00,赵女士,13600136000,某健身房,推销电话\r\n",
                     encoding="utf-8")
    workbook = openpyxl.Workbook()  # title rows and a two-row header with merged cells, then nothing
    sheet = workbook.active
    sheet.append(["佛山市12345热线工单明细表"])
    sheet.append(["导出时间：2026-03-01"])
    sheet.append(["工单编号", "受理时间", "诉求人信息", None, "内容描述"])
    sheet.append([None, None, "诉求人", "来电号码", None])
    sheet.merge_cells("C3:D3")
    empty_workbook = tmp_path / "三月工单.xlsx"
    workbook.save(empty_workbook)
    for path in (only_header, blank_lines, empty_workbook, later):
        dialog.add_file(str(path))
    dialog.add_file(council)
    assert prompts.errors == [
        f"{name} holds no complaints below its header (row {row}): export the complaints again, checking the period "
        "and filters chosen, and import the new file." for name, row in (("只有表头.csv", 1), ("空行.csv", 1),
                                                                         ("三月工单.xlsx", 4))]
    assert dialog.paths == [str(later), council] and dialog.files.count() == 2


def test_removing_the_first_file_shows_the_next_files_columns_without_reading_it_again(db, prompts, qtbot, hotline,
                                                                                       council):
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(hotline)
    dialog.add_file(council)
    reads = len(dialog.runner.progress_reports)
    dialog.files.setCurrentRow(0)
    dialog.remove_file()
    assert dialog.paths == [council] and len(dialog.runner.progress_reports) == reads
    assert dialog.profile() == "consumer_council" and dialog.columns["text"].currentData() == "投诉内容"


def test_a_two_row_header_with_merged_groups_is_mapped_as_the_import_reads_it(db, prompts, qtbot, make_window,
                                                                              tmp_path):
    from workstation.importing.complaints import load_profile

    path = tmp_path / "12345合并表头.xlsx"
    make_complaints.write_hotline_xlsx(path, 200, seed=3, merged_header=True, answers=False)
    page = make_window(db).leads_page
    dialog = ComplaintImportDialog(db, prompts, page)
    qtbot.addWidget(dialog)
    dialog.add_file(str(path))
    assert dialog.columns["text"].currentData() == "诉求信息 / 内容描述"
    assert dialog.columns["complainant_phone"].currentData() == "诉求人信息 / 来电号码"
    assert import_button(dialog).isEnabled()
    page.run_import(dialog.paths, dialog.profile(), dialog.mapping())
    assert prompts.errors == []
    assert db.execute("SELECT COUNT(NULLIF(complainant_phone, '')) FROM complaints").fetchone()[0] > 150
    assert load_profile(db, "12345")["text"] == "诉求信息 / 内容描述"


def test_a_column_remembered_by_its_sub_header_finds_it_under_a_merged_group():
    header = ["工单编号", "诉求人信息 / 电话", "诉求信息 / 内容描述"]
    mapping = guess_mapping(header, {"complainant_phone": "电话"})
    assert mapping["complainant_phone"] == "诉求人信息 / 电话" and mapping["text"] == "诉求信息 / 内容描述"


def test_the_summary_names_each_files_channel_and_counts(db, prompts, make_window, hotline, council, english):
    page = make_window(db).leads_page
    page.run_import([hotline, council])
    summary = prompts.infos[0]
    assert "12345工单.xlsx (12345热线工单): " in summary and "消委会投诉.csv (消委会投诉): 200 rows" in summary
    assert "the same complaint as one sent through another channel" in summary


def test_the_summary_counts_complaints_in_jian_and_rows_in_hang(db, prompts, make_window, council):
    """Complaints are counted with 件 as elsewhere (rows with 行), not 条."""
    page = make_window(db).leads_page
    page.run_import([council])
    line = next(line for line in prompts.infos[0].splitlines() if line.startswith("消委会投诉.csv"))
    assert "条" not in line


def test_the_intro_names_every_channel_the_profiles_know(db, prompts, qtbot, english):
    from workstation.importing.complaints import complaint_spec

    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    labels = [spec["label"] for spec in complaint_spec()["profiles"].values()]
    assert "12315平台" in labels
    assert all(label in dialog.intro.text() for label in labels), dialog.intro.text()
    assert "total rows are skipped" in dialog.intro.text()


def test_an_export_whose_only_row_below_the_header_is_a_total_row_is_not_added(db, prompts, qtbot, council,
                                                                                tmp_path, english):
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    totals = tmp_path / "三月投诉.csv"
    totals.write_text("投诉编号,投诉时间,投诉人电话,投诉内容\r\n合计,,,0\r\n", encoding="gb18030")
    dialog.add_file(str(totals))
    dialog.add_file(council)
    assert prompts.errors == ["三月投诉.csv holds no complaints below its header (row 1): export the complaints "
                              "again, checking the period and filters chosen, and import the new file."]
    assert dialog.paths == [council]


def test_cancelling_midway_names_the_files_not_imported_after_it(db, prompts, make_window, tmp_path, english):
    from ui.task_runner import ImmediateRunner

    class CancelDuringSecond(ImmediateRunner):
        def start(self, title, work, on_done, on_error, progress):
            def watch(done, total, message):
                if "二月.csv" in message:
                    self.cancel_token.cancel()
                progress(done, total, message)

            return super().start(title, work, on_done, on_error, watch)

    paths = []
    for name in ("一月", "二月", "三月"):
        path = tmp_path / f"{name}.csv"
        path.write_text(f"投诉编号,投诉时间,投诉人电话,投诉内容\n{name}1,2026-03-02 09:00,13600136000,推销电话\n",
                        encoding="utf-8")
        paths.append(str(path))
    page = make_window(db, runner=CancelDuringSecond()).leads_page
    page.run_import(paths)
    # said with the question whether to screen 一月.csv's complaint into leads now (tests/test_s41_import_cancel.py)
    assert prompts.confirmations[0].startswith(
        "Cancelled: 二月.csv was not imported; the files imported before it (一月.csv) stay imported; the files after "
        "it were not imported either: 三月.csv.\n\n")
    assert [r[0] for r in db.execute("SELECT source_file FROM complaints")] == ["一月.csv"]


def test_the_leads_page_reads_headers_with_its_own_task_runner(db, make_window, monkeypatch):
    page = make_window(db).leads_page
    opened = []

    def exec_(dialog):
        opened.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ComplaintImportDialog, "exec", exec_)
    page.buttons["import_complaints"].click()
    assert opened and opened[0].runner is page.runner


def test_a_header_whose_text_column_is_not_recognised_is_mapped_once_and_remembered(db, prompts, qtbot, make_window,
                                                                                     hotline, tmp_path):
    from workstation.i18n import _
    from workstation.importing.complaints import import_complaints, load_profile

    rows = "工单编号,受理时间,来电号码,诉求详情\nQ{n},2026-03-0{n} 10:00:00,1390013900{n},0757-8123456{n}打来推销楼盘\n"
    district = tmp_path / "区热线三月.csv"
    district.write_text(rows.format(n=1), encoding="utf-8-sig")
    page = make_window(db).leads_page
    dialog = ComplaintImportDialog(db, prompts, page)
    qtbot.addWidget(dialog)
    dialog.add_file(hotline)
    dialog.add_file(str(district))  # its channel is recognised, its complaint text is not
    assert prompts.errors == [] and dialog.paths == [hotline, str(district)]
    assert dialog.files.currentRow() == 1 and dialog.profile() == "12345"  # shown: it needs the officer's choice
    assert dialog.files.item(1).text().endswith(_("choose the column of the complaint text"))
    assert not import_button(dialog).isEnabled()
    text = dialog.columns["text"]
    text.setCurrentIndex(text.findData("诉求详情"))
    text.activated.emit(text.currentIndex())  # the officer picks the column
    assert import_button(dialog).isEnabled()
    # nothing left to choose: the list names the file, its channel and its rows only
    listed = dialog.files.item(1).text()
    assert listed.split(" — ")[:2] == ["区热线三月.csv", "12345热线工单"] and len(listed.split(" — ")) == 3
    dialog.files.setCurrentRow(0)  # the hotline export keeps its own columns
    assert dialog.columns["text"].currentData() == "内容描述"
    page.run_import(dialog.paths, plan=dialog.plan())
    assert prompts.errors == []
    assert db.execute("SELECT text FROM complaints WHERE external_id = 'Q1'").fetchone() == ("0757-81234561打来推销楼盘",)
    assert load_profile(db, "12345")["text"] == "诉求详情"
    april = tmp_path / "区热线四月.csv"
    april.write_text(rows.format(n=2), encoding="utf-8-sig")
    assert import_complaints(db, [april]).imported == 1  # remembered: no choice needed any more


def test_a_file_whose_channel_is_not_recognised_waits_for_the_officers_choice(db, prompts, qtbot, make_window,
                                                                              tmp_path):
    from workstation.i18n import _

    path = tmp_path / "来信.csv"
    path.write_text("编号,反映内容\nL1,有人打0757-81234567推销装修\n", encoding="utf-8")
    page = make_window(db).leads_page
    dialog = ComplaintImportDialog(db, prompts, page)
    qtbot.addWidget(dialog)
    dialog.add_file(str(path))
    assert prompts.errors == [] and dialog.profile() is None and not import_button(dialog).isEnabled()
    assert _("choose the channel") in dialog.detected.text()
    dialog.profile_box.setCurrentIndex(dialog.profile_box.findData("12315"))
    assert dialog.profile() == "12315" and import_button(dialog).isEnabled()
    page.run_import(dialog.paths, plan=dialog.plan())
    assert prompts.errors == [] and db.execute("SELECT source FROM complaints").fetchall() == [("12315",)]


def test_the_columns_of_every_channel_of_a_run_are_remembered(db, prompts, qtbot, make_window, hotline, council):
    from workstation.importing.complaints import load_profile

    page = make_window(db).leads_page
    dialog = ComplaintImportDialog(db, prompts, page)
    qtbot.addWidget(dialog)
    dialog.add_file(hotline)
    dialog.add_file(council)
    dialog.files.setCurrentRow(1)  # the council export's own channel and columns
    assert dialog.profile() == "consumer_council" and dialog.columns["text"].currentData() == "投诉内容"
    page.run_import(dialog.paths, plan=dialog.plan())
    assert prompts.errors == []
    assert load_profile(db, "12345")["text"] == "内容描述" and load_profile(db, "consumer_council")["text"] == "投诉内容"
