"""Counting a seized spreadsheet that cannot be read tells the officer why in plain words (QA of the evidence section):
a workbook protected by a password is named as such, with the way out, and neither message shows the reader's own
exception name (CalamineError, in English); nothing is counted."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QPushButton

from workstation.store import get_case
from workstation.store.evidence import add_evidence, list_evidence

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # how a workbook encrypted with a password begins (not a zip)


@pytest.mark.gui
@pytest.mark.parametrize(("content", "expected"), [
    (OLE_MAGIC + bytes(1024), "客户信息表.xlsx is protected by a password, so its records cannot be counted: open it "
                              "in Excel or WPS, remove the password"),
    (b"PK\x03\x04" + bytes(200), "客户信息表.xlsx cannot be read as a spreadsheet: it may be damaged, incomplete or "
                                 "not really an Excel file"),
])
def test_an_unreadable_spreadsheet_is_refused_in_the_officers_words(db, data_dir, make_case, make_window, prompts,
                                                                     tmp_path, english, content, expected):
    path = tmp_path / "客户信息表.xlsx"
    path.write_bytes(content)
    case = make_case()
    add_evidence(db, data_dir, case.id, path, kind="customer_list", collected_on="2026-03-10")
    workspace = make_window(db).open_case(case.id)
    workspace.evidence.view.selectRow(0)
    workspace.evidence.findChild(QPushButton, "count_records").click()
    assert len(prompts.errors) == 1 and prompts.errors[0].startswith(expected)
    assert "Calamine" not in prompts.errors[0] and "\n" not in prompts.errors[0]
    assert prompts.errors[0].endswith("add the copy as evidence and count that.")
    assert list_evidence(db, case.id)[0].record_count is None
    assert get_case(db, case.id).records_other == case.records_other
