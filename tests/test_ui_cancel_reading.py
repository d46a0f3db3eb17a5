"""Cancel is heard while a spreadsheet is still being read, not only once python-calamine has parsed the whole
sheet (seconds for the 100,000s of rows of a hotline export or a customer list): importing complaint exports
chosen in the import wizard, and counting the records of an evidence spreadsheet. The parse is held here until
the test ends, so the work can only end early if it stopped waiting for it."""

import sys
import threading
from pathlib import Path

import pytest

from PySide6.QtWidgets import QPushButton

from ui.complaint_import import ComplaintImportDialog
from workstation.store import get_case
from workstation.store.evidence import add_evidence, list_evidence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

pytestmark = pytest.mark.gui
HELD_AT_MOST = 10  # seconds: without Cancel heard during the parse, the test waits this long, then fails


class HeldParse:
    """python-calamine with the parse of a sheet held (once ``arm()`` was called) until the test ends."""

    def __init__(self):
        self.armed = False
        self.started, self.release = threading.Event(), threading.Event()
        self.parsed: list[int | str] = []

    def arm(self, token) -> None:
        """Hold the next parses, and cancel ``token`` as soon as one has started."""
        self.armed = True

        def cancel_once_started():
            if self.started.wait(HELD_AT_MOST):
                token.cancel()

        threading.Thread(target=cancel_once_started, daemon=True).start()

    def wrapper(self, real):
        held = self

        class Workbook:
            def __init__(self, workbook):
                self._workbook = workbook

            @classmethod
            def from_path(cls, path):
                return cls(real.from_path(path))

            @classmethod
            def from_filelike(cls, filelike):
                return cls(real.from_filelike(filelike))

            def _held(self, read, which):
                if held.armed:
                    held.started.set()
                    held.release.wait(HELD_AT_MOST)
                sheet = read(which)
                if held.armed:
                    held.parsed.append(which)
                return sheet

            def get_sheet_by_index(self, index):
                return self._held(self._workbook.get_sheet_by_index, index)

            def get_sheet_by_name(self, name):  # a complaint export's first visible sheet is read by its name
                return self._held(self._workbook.get_sheet_by_name, name)

            def __getattr__(self, name):
                return getattr(self._workbook, name)

        return Workbook


@pytest.fixture
def held_parse(monkeypatch):
    import python_calamine

    held = HeldParse()
    monkeypatch.setattr(python_calamine, "CalamineWorkbook", held.wrapper(python_calamine.CalamineWorkbook))
    yield held
    held.release.set()  # the abandoned parse ends; its result is dropped


def test_cancel_stops_an_xlsx_import_while_the_sheet_is_read(db, make_window, prompts, tmp_path, held_parse,
                                                             english):
    export = tmp_path / "12345工单.xlsx"
    make_complaints.write_hotline_xlsx(export, 300, seed=7)
    page = make_window(db).leads_page
    wizard = ComplaintImportDialog(db, prompts, page)
    wizard.add_file(str(export))  # the wizard reads the header and recognises the channel
    assert wizard.profile() and wizard.mapping()

    held_parse.arm(page.runner.cancel_token)
    page.run_import(wizard.paths, wizard.profile(), wizard.mapping())
    assert held_parse.started.is_set() and held_parse.parsed == []  # it stopped waiting for the parse
    assert prompts.infos == ["Cancelled; nothing was changed."] and prompts.errors == []  # said, not an error
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0


def test_cancel_stops_counting_an_evidence_spreadsheet_while_it_is_read(db, data_dir, make_case, make_window,
                                                                        prompts, tmp_path, held_parse, english):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["姓名", "联系电话"])
    for n in range(200):
        workbook.active.append([f"客户{n}", f"1380013{n:04d}"])
    path = tmp_path / "客户信息表.xlsx"
    workbook.save(path)
    case = make_case()
    add_evidence(db, data_dir, case.id, path, kind="customer_list", collected_on="2026-03-10")
    window = make_window(db)
    workspace = window.open_case(case.id)
    workspace.evidence.view.selectRow(0)

    held_parse.arm(window.runner.cancel_token)
    workspace.evidence.findChild(QPushButton, "count_records").click()
    assert held_parse.started.is_set() and held_parse.parsed == []
    assert prompts.infos == ["Cancelled; nothing was changed."] and prompts.errors == []
    assert list_evidence(db, case.id)[0].record_count is None
    assert get_case(db, case.id).records_sensitive == case.records_sensitive
