"""Complaints and leads as a reviewer found them wrong (QA 19): the complainant's own number kept out of the
summaries documents quote; the rules editor's TOML errors all said in the officer's language; a case opened from a
lead titled by its status and party until it has a number; a CSV cut in the middle of a character said to be
incomplete, not of mixed encodings; a lead made of related complaints in no lead; the leads page saying its figures
once and keeping the Description in view."""

import re
import tomllib
from pathlib import Path

import pytest

from tests.test_related10 import add
from workstation.leads_workflow import get_lead_row, lead_context
from workstation.screening import screen
from workstation.screening.phones import hide_own_numbers
from workstation.screening.rules import TOML_REASONS, RulesError, _toml_reason, parse_rules
from workstation.screening.screen import lead_from_complaints
from workstation.screening.without_lead import complaints_without_lead

HARASSER = "13812345678"
OWN = "13918739279"


# --- 1. the complainant's own number ---------------------------------------------------------------------------


def test_the_complainants_own_number_is_masked_and_the_callers_kept():
    text = f"接到{HARASSER}的骚扰电话推销楼盘（本人号码{OWN}），回电13900001111"
    hidden = hide_own_numbers(text, own="13900001111")
    assert hidden == f"接到{HARASSER}的骚扰电话推销楼盘（本人号码139****9279），回电139****1111"
    assert hide_own_numbers("（本人号码+8613935805937）") == "（本人号码+86139****5937）"


def test_a_lead_screened_from_complaints_quotes_no_complainants_own_number(db):
    add(db, [("Q1", f"接到{HARASSER}的骚扰电话推销楼盘，个人信息被泄露（本人号码{OWN}）。", OWN),
             ("Q2", f"{HARASSER}天天打来推销楼盘，个人信息被泄露，回电13600000002。", "13600000002")])
    screen(db)
    description = db.execute("SELECT description FROM leads WHERE phones = ?", [HARASSER]).fetchone()[0]
    assert HARASSER in description and "139****9279" in description and OWN not in description
    assert "13600000002" not in description and "136****0002" in description


def test_the_case_source_register_of_a_lead_described_earlier_masks_the_complainants_number(db):
    add(db, [("Q1", f"接到{HARASSER}的骚扰电话推销楼盘，个人信息被泄露（本人号码{OWN}）。", OWN)])
    screen(db)
    lead_id = db.execute("SELECT id FROM leads WHERE phones = ?", [HARASSER]).fetchone()[0]
    # as an earlier version described it: the complainant's number in full
    db.execute("UPDATE leads SET description = ? WHERE id = ?",
               [f"骚扰电话：1件投诉；号码：{HARASSER}。\n1. 接到{HARASSER}的骚扰电话（本人号码{OWN}）", lead_id])
    facts = lead_context(db, get_lead_row(db, lead_id), form_id="case_source_register")["case.filing_facts"]
    assert HARASSER in facts and OWN not in facts and "139****9279" in facts


# --- 2. TOML errors in the officer's language ---------------------------------------------------------------------


def _tomllib_reasons() -> list[str]:
    """Every reason tomllib's parser can give (the literal start of each ``suffixed_err`` message)."""
    source = (Path(tomllib.__file__).parent / "_parser.py").read_text(encoding="utf-8")
    found = re.findall(r'suffixed_err\(\s*src,\s*\w+,\s*f?"((?:[^"\\]|\\.)*)"', source)
    return sorted({reason.split("{")[0].encode().decode("unicode_escape") for reason in found})


def test_every_reason_tomllib_gives_is_said_in_the_officers_words():
    reasons = _tomllib_reasons()
    assert len(reasons) > 15 and "Expected ']]' at the end of an array declaration" in reasons
    for reason in reasons:
        assert any(reason.startswith(start) for start, _said in TOML_REASONS), reason


@pytest.mark.parametrize("text", ["[[broken\n", "[broken\n", "a = 1 b\n", 'a = "\\q"\n', "a = {b = 1\n",
                                  "x = 2026-02-30\n", "= 1\n"])
def test_a_broken_rules_file_is_refused_without_english_of_the_parser(text, english):
    with pytest.raises(RulesError) as raised:
        parse_rules(text)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        parser_said = str(exc).split(" (at ")[0]
    assert parser_said not in str(raised.value)
    assert "line 1" in str(raised.value)


def test_a_reason_not_foreseen_is_said_in_general_terms(english):
    said = _toml_reason("Something tomllib may say one day")
    assert "Something" not in said and "not written the way a rules file must be" in said


# --- 4. a CSV cut in the middle of a character ----------------------------------------------------------------------

CSV_HEADER = "投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容,投诉类别,处理状态"
CSV_ROWS = [f"TS{n},2026-03-0{n} 10:00:00,张,1380013800{n},,接到骚扰电话推销楼盘{n},其他,已受理" for n in range(1, 4)]


def test_a_csv_cut_in_the_middle_of_a_character_says_it_is_incomplete(db, tmp_path, english):
    from workstation.importing.complaints import import_complaints

    whole = "\r\n".join([CSV_HEADER, *CSV_ROWS]).encode()
    path = tmp_path / "cut.csv"
    path.write_bytes(whole[:-len("受理".encode()) - 2])  # the last row's 已 cut after its first byte
    result = import_complaints(db, [path])
    refused = result.files[0].refused
    assert "cut.csv, row 4: the file ends in the middle of this row" in refused and "incomplete" in refused
    assert "encodings" not in refused and result.files[0].errors[0]["row"] == 4
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0


def test_a_large_csv_cut_in_the_middle_of_a_character_says_it_is_incomplete(db, tmp_path, english):
    from workstation.importing.complaints import import_complaints

    rows = [f"TS{n},2026-03-02 10:00:00,张,13800138000,,接到骚扰电话推销楼盘，个人信息被泄露{n},其他,已受理"
            for n in range(1, 1200)]  # past the 64 kB the encoding is found from
    whole = "\r\n".join([CSV_HEADER, *rows]).encode()
    path = tmp_path / "cut.csv"
    path.write_bytes(whole[:-len("受理".encode()) - 2])
    refused = import_complaints(db, [path]).files[0].refused
    assert "cut.csv, row 1200: the file ends in the middle of this row" in refused and "encodings" not in refused


def test_bytes_of_another_encoding_in_the_middle_still_say_mixed_encodings(db, tmp_path, english):
    from workstation.importing.complaints import import_complaints

    path = tmp_path / "mixed.csv"
    path.write_bytes(f"{CSV_HEADER}\r\n{CSV_ROWS[0]}\r\n".encode() + f"{CSV_ROWS[1]}\r\n".encode("gb18030")
                     + f"{CSV_ROWS[2]}\r\n".encode())
    refused = import_complaints(db, [path]).files[0].refused
    assert "row 3: this row is not written in UTF-8" in refused and "ends in the middle" not in refused


# --- 5. a lead made of related complaints in no lead -------------------------------------------------------------------

NAMELESS = "最近每天都接到推销贷款的骚扰电话，号码每次都不一样，不知道是哪家公司，请求整治。"


def test_related_complaints_in_no_lead_are_made_into_a_lead_that_screening_keeps(db):
    add(db, [("A1", NAMELESS, "13600000001"), ("A2", NAMELESS + f"（本人号码{OWN}）", OWN),
             ("U1", "宽带经常断网，报修多次仍未解决。", "13600000008")])
    screen(db)
    waiting = {c.external_id: c.id for c in complaints_without_lead(db)}
    assert sorted(waiting) == ["A1", "A2"]
    lead_id = lead_from_complaints(db, [waiting["A1"], waiting["A2"]])
    lead = get_lead_row(db, lead_id)
    assert (lead["status"], lead["complaint_count"], lead["group_key"]) == ("registered", 2, "")
    assert "2件投诉" in lead["description"] and OWN not in lead["description"]
    assert complaints_without_lead(db) == []
    screen(db, everything=True)  # screening again leaves the officer's lead and its complaints as they are
    assert get_lead_row(db, lead_id)["complaint_count"] == 2
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE lead_id = ?", [lead_id]).fetchone()[0] == 2
    assert db.execute("SELECT COUNT(*) FROM audit WHERE entity = 'lead' AND entity_id = ?", [lead_id]).fetchone()[0] >= 2


def test_a_complaint_in_a_lead_or_not_related_is_refused_and_nothing_changes(db, english):
    from workstation.errors import WorkstationError

    add(db, [("A1", NAMELESS, "13600000001"), ("U1", "宽带经常断网，报修多次仍未解决。", "13600000008")])
    screen(db)
    ids = dict(db.execute("SELECT external_id, id FROM complaints").fetchall())
    leads = db.execute("SELECT COUNT(*) FROM leads").fetchone()[0]
    with pytest.raises(WorkstationError, match="Complaint U1 does not concern personal information"):
        lead_from_complaints(db, [ids["A1"], ids["U1"]])
    assert db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == leads
    lead_from_complaints(db, [ids["A1"]])
    with pytest.raises(WorkstationError, match="Complaint A1 is in a lead already"):
        lead_from_complaints(db, [ids["A1"]])


def test_the_without_lead_tab_makes_a_lead_of_the_complaints_selected(db, make_window, prompts, english):
    from PySide6.QtCore import QItemSelectionModel

    add(db, [("A1", NAMELESS, "13600000001"), ("A2", NAMELESS, "13600000002")])
    screen(db)
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.without_lead)
    tab = page.without_lead
    assert sorted(r.external_id for r in tab.model.records) == ["A1", "A2"] and not tab.make_lead_button.isEnabled()
    selection = tab.view.selectionModel()
    for row in (0, 1):
        selection.select(tab.model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert tab.make_lead_button.isEnabled()
    prompts.confirm_answer = True
    tab.make_lead_button.click()
    lead = page.selected()
    assert page.tabs.currentIndex() == 0 and lead is not None and lead["complaint_count"] == 2
    assert "2 related complaints are in no lead" not in page.summary.text()
    # they name no number and no business: the officer was warned the lead would have no target
    assert prompts.confirmations[-1].startswith("The 2 complaints selected name no telephone number and no business")
    assert not prompts.errors


# --- 3. the tab of a case not numbered yet -------------------------------------------------------------------------


def test_a_case_without_a_number_is_titled_by_its_status_and_party_until_it_gets_one(db, make_case, make_window,
                                                                                      english):
    case = make_case()
    db.execute("UPDATE cases SET case_number = '' WHERE id = ?", [case.id])  # as a case opened from a lead is
    window = make_window(db)
    workspace = window.open_case(case.id)
    tab = window.case_tabs.indexOf(workspace)
    from workstation.vocabulary import shown_label

    status = shown_label("statuses", "pending_filing")  # as the workspace's status line says it (English here)
    assert window.case_tabs.tabText(tab) == f"{status}: 佛山市南海区誉嘉房地产代理有限公司"
    db.execute("UPDATE cases SET case_number = '佛南市监立〔2026〕9号', status = 'filed' WHERE id = ?", [case.id])
    workspace.reload()  # as the workspace rebuilds itself when it files the case (session 61: the window no longer
    workspace.case_changed.emit(case.id)  # rebuilds it a second time), then says so
    assert window.case_tabs.tabText(tab) == "佛南市监立〔2026〕9号"


# --- 6. the leads page after an import ----------------------------------------------------------------------------


def test_after_screening_the_leads_page_says_its_figures_once(db, make_window, english):
    add(db, [("Q1", f"接到{HARASSER}的骚扰电话推销楼盘，个人信息被泄露。", "13600000001"),
             ("U1", "宽带经常断网，报修多次仍未解决。", "13600000008")])
    page = make_window(db).leads_page
    page.screen()
    text = page.summary.text()
    assert text.count("concern personal information") == 1 and "complaints screened" not in text
    assert "Screening done: 1 new leads, 0 leads updated." in text


def test_a_lead_of_several_numbers_keeps_the_description_in_view_and_lists_them_in_a_tooltip(db, make_window, qtbot):
    from PySide6.QtCore import Qt

    numbers = ["13812345678", "13912345679", "13712345670"]
    add(db, [(f"Q{n}", f"接到{a}和{b}的骚扰电话推销楼盘，个人信息被泄露。", f"1360000000{n}")
             for n, (a, b) in enumerate([(numbers[0], numbers[1]), (numbers[1], numbers[2])])])
    screen(db)
    window = make_window(db)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    page = window.leads_page
    window.navigation.setCurrentRow(1)
    page.refresh()
    column = [name for name, _value in page.model.columns].index("Numbers")
    row = next(r for r, record in enumerate(page.model.records) if len(record["phones"].split()) == 3)
    index = page.model.index(row, column)
    shown = page.model.data(index)
    assert len(shown.split()) == 3
    assert page.model.data(index, Qt.ItemDataRole.ToolTipRole).split("\n") == shown.split()
    assert page.view.columnWidth(column) < page.view.fontMetrics().horizontalAdvance(shown)
    description = [name for name, _value in page.model.columns].index("Description")
    header = page.view.horizontalHeader()
    assert header.sectionViewportPosition(description) < page.view.viewport().width() - 100


# --- 7. the import wizard names the file's own columns ---------------------------------------------------------------


def test_the_import_wizard_names_a_council_files_columns_by_its_own_header(db, prompts, qtbot, tmp_path, english):
    from ui.complaint_import import ComplaintImportDialog

    path = tmp_path / "council.csv"
    path.write_text("\n".join([CSV_HEADER, *CSV_ROWS]), encoding="utf-8-sig")
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.field_labels["complainant_phone"].text() == "Caller's number"  # no file: the field alone
    dialog.add_file(str(path))
    assert prompts.errors == []
    assert dialog.field_labels["complainant_phone"].text() == "联系电话 (imported as Caller's number)"
    assert dialog.field_labels["external_id"].text() == "投诉编号 (imported as Work-order number)"
    assert dialog.field_labels["received_at"].text().startswith("投诉时间 (imported as Accepted at)")
    combo = dialog.columns["complainant_phone"]
    combo.setCurrentIndex(combo.findData(""))  # "(none)": the field alone again
    combo.activated.emit(combo.currentIndex())
    assert dialog.field_labels["complainant_phone"].text() == "Caller's number"


def test_the_progress_of_several_files_says_which_file_of_how_many(db, tmp_path, data_dir, english):
    from ui.leads_page import _import_files
    from workstation.importing.complaints import import_complaints
    from workstation.paths import database_path
    from workstation.progress import CancelToken

    first, second = tmp_path / "council.csv", tmp_path / "council2.csv"
    first.write_text("\n".join([CSV_HEADER, *CSV_ROWS, ""]), encoding="utf-8")
    second.write_text("\n".join([CSV_HEADER, *(r.replace("TS", "TX") for r in CSV_ROWS), ""]), encoding="utf-8")
    said: list[str] = []
    bar: list[float] = []

    def shown(done: int, total: int, message: str) -> None:
        said.append(message)
        bar.append(done / total)

    import_complaints(db, [first], progress=shown)
    # one file: its name, and the indexes built again after the rows of a first import (the bar never going back)
    assert said[0] == said[-2] == "Importing council.csv" and "Indexing the complaints of council.csv" in said
    assert set(said[:-1]) == {"Importing council.csv", "Indexing the complaints of council.csv"}
    assert said[-1] == "Saving the import; it can no longer be cancelled"  # the commit: Cancel greyed
    assert bar == sorted(bar) and bar[-1] == 1.0
    said.clear()
    import_complaints(db, [first, second], progress=lambda done, total, message: said.append(message))
    assert "File 1 of 2: Importing council.csv" in said and "File 2 of 2: Importing council2.csv" in said
    said.clear()
    db.conn.commit()
    third = tmp_path / "council3.csv"
    third.write_text("\n".join([CSV_HEADER, *(r.replace("TS", "TY") for r in CSV_ROWS)]), encoding="utf-8")
    _import_files(database_path(data_dir), [(str(second), None, None), (str(third), None, None)],
                  progress=lambda done, total, message: said.append(message), cancel=CancelToken())
    assert "File 1 of 2: Importing council2.csv" in said and "File 2 of 2: Importing council3.csv" in said


# --- 5. related complaints in no lead added to the lead of their business -------------------------------------------

SHOP = "佛山市南海区誉嘉房地产代理有限公司"


def test_complaints_added_to_the_lead_of_their_business_stay_in_it_when_screened_again(db):
    from workstation.screening.screen import add_complaints_to_lead, leads_to_join

    add(db, [("B1", f"{SHOP}的中介天天打电话推销楼盘，个人信息被泄露。", "13600000001"),
             ("B2", f"{SHOP}又打来推销楼盘，个人信息被泄露。", "13600000002"),
             ("A1", NAMELESS, "13600000003")])
    screen(db)
    [lead] = leads_to_join(db)
    assert lead["businesses"] == SHOP and lead["complaint_count"] == 2
    waiting = {c.external_id: c.id for c in complaints_without_lead(db)}
    add_complaints_to_lead(db, lead["id"], [waiting["A1"]])
    row = get_lead_row(db, lead["id"])
    assert row["complaint_count"] == 3 and row["received_at"] == lead["received_at"]
    assert "3件投诉" in row["description"]
    assert complaints_without_lead(db) == []
    assert db.execute("SELECT COUNT(*) FROM audit WHERE entity = 'complaint' AND entity_id = ?",
                      [waiting["A1"]]).fetchone()[0] == 1
    for everything in (False, True):  # screening again, and with every complaint read again, keeps it there
        screen(db, everything=everything)
        assert db.execute("SELECT lead_id FROM complaints WHERE id = ?", [waiting["A1"]]).fetchone()[0] == lead["id"]
        assert get_lead_row(db, lead["id"])["complaint_count"] == 3


def test_a_lead_decided_is_not_offered_and_is_refused(db, english):
    from workstation.errors import WorkstationError
    from workstation.screening.screen import add_complaints_to_lead, leads_to_join

    add(db, [("B1", f"{SHOP}的中介天天打电话推销楼盘，个人信息被泄露。", "13600000001"), ("A1", NAMELESS, "13600000003")])
    screen(db)
    [lead] = leads_to_join(db)
    db.execute("UPDATE leads SET status = 'not_filed' WHERE id = ?", [lead["id"]])
    assert leads_to_join(db) == []
    waiting = [c.id for c in complaints_without_lead(db)]
    with pytest.raises(WorkstationError, match="decided already"):
        add_complaints_to_lead(db, lead["id"], waiting)
    assert db.execute("SELECT lead_id FROM complaints WHERE id = ?", waiting).fetchone()[0] is None


def test_the_without_lead_tab_adds_the_complaints_selected_to_the_lead_chosen(db, make_window, prompts, english):
    add(db, [("B1", f"{SHOP}的中介天天打电话推销楼盘，个人信息被泄露。", "13600000001"), ("A1", NAMELESS, "13600000003")])
    screen(db)
    lead_id = db.execute("SELECT id FROM leads").fetchone()[0]
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.without_lead)
    tab = page.without_lead
    tab.view.selectRow(0)
    offered = []

    def choose_the_first(picker):  # the lead picker (a search over the leads, none chosen for Enter to take)
        offered.extend(picker.list.item(n).text() for n in range(picker.list.count()))
        picker.list.setCurrentRow(0)
        picker.accept()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    QTimer.singleShot(0, lambda: choose_the_first(QApplication.activeModalWidget()))
    tab.join_lead_button.click()
    assert offered[0].startswith(f"{SHOP} (received ") and prompts.errors == []
    assert page.selected()["id"] == lead_id and page.selected()["complaint_count"] == 2
