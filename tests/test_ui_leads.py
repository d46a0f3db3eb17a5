"""The leads page as an officer uses it: exports dropped in (columns recognised, mapping remembered), imported
in the background and screened into leads; complaints searched with two characters and highlighted."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402


@pytest.fixture
def exports(tmp_path):
    hotline = make_complaints.write_hotline_xlsx(tmp_path / "12345工单.xlsx", 300, seed=7)
    council = make_complaints.write_council_csv(tmp_path / "消委会投诉.csv", 200, seed=7, encoding="gb18030")
    return [str(hotline if isinstance(hotline, (str, Path)) else tmp_path / "12345工单.xlsx"),
            str(council if isinstance(council, (str, Path)) else tmp_path / "消委会投诉.csv")]


def test_the_import_dialog_recognises_the_channel_and_remembers_the_columns(db, prompts, qtbot, exports):
    from ui.complaint_import import ComplaintImportDialog
    from workstation.importing.complaints import load_profile, save_profile

    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(exports[0])
    assert dialog.profile() == "12345"
    assert dialog.columns["text"].currentData()  # the complaint text column was found
    chosen = dialog.mapping()
    save_profile(db, "12345", chosen)
    again = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(again)
    again.add_file(exports[0])
    assert again.mapping() == chosen == load_profile(db, "12345")


def test_a_column_set_to_none_is_not_imported_and_stays_so_for_the_channel(db, make_window, prompts, qtbot,
                                                                          exports):
    from PySide6.QtCore import Qt

    from ui.complaint_import import ComplaintImportDialog
    from workstation.importing.complaints import load_profile

    page = make_window(db).leads_page
    dialog = ComplaintImportDialog(db, prompts, page)
    qtbot.addWidget(dialog)
    dialog.add_file(exports[0])
    address = dialog.columns["address"]
    assert address.currentText() == "诉求地址"  # found through the header synonyms
    qtbot.keyClick(address, Qt.Key.Key_Home)  # the officer picks "(none)"
    assert address.currentData() == ""
    chosen = dialog.mapping()
    assert chosen["address"] is None and "district" not in chosen  # no column found is not a choice
    page.run_import(dialog.paths, dialog.profile(), chosen)
    counts = db.execute("SELECT COUNT(*), COUNT(NULLIF(address, '')), COUNT(NULLIF(target_name, '')) "
                        "FROM complaints WHERE source = '12345'").fetchone()
    assert counts[0] > 250 and counts[1] == 0 and counts[2] > 0
    assert load_profile(db, "12345")["address"] is None

    again = ComplaintImportDialog(db, prompts, page)
    qtbot.addWidget(again)
    again.add_file(exports[0])
    assert again.columns["address"].currentData() == "" and again.mapping()["address"] is None
    qtbot.keyClick(again.columns["address"], Qt.Key.Key_Down)  # a column chosen again
    assert again.mapping()["address"] == again.columns["address"].currentData() != ""


def test_exports_are_imported_screened_and_searched(db, make_window, prompts, exports):
    window = make_window(db)
    window.navigation.setCurrentRow(1)
    page = window.leads_page
    page.run_import(exports)
    assert prompts.infos and "已导入投诉" in prompts.infos[-1]
    imported = db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]
    assert imported > 400
    leads = db.execute("SELECT COUNT(*) FROM leads WHERE group_key != ''").fetchone()[0]
    assert leads > 0 and page.model.rowCount() >= leads
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE lead_id IS NOT NULL").fetchone()[0] > 0

    page.search.setText("推销")  # two characters: the base table, not the trigram index
    page.run_search()
    assert page.complaint_model.rowCount() > 0
    assert all("推销" in db.execute("SELECT text FROM complaints WHERE id = ?", [hit.id]).fetchone()[0]
               for hit in page.complaint_model.records)
    page.complaint_view.selectRow(0)
    assert "#fff3cd" in page.snippet.toHtml()  # the query is highlighted in the whole text


def test_the_rules_editor_previews_a_change_and_refuses_a_broken_rule(db, data_dir, prompts, qtbot, exports):
    from ui.rules_editor import RulesEditor
    from workstation.importing.complaints import import_complaints
    from workstation.screening import screen

    import_complaints(db, exports)
    screen(db)
    editor = RulesEditor(db, data_dir, prompts)
    qtbot.addWidget(editor)
    original = editor.text.toPlainText()
    assert editor.preview()
    assert "新标出0件，不再标出0件" in editor.result.toPlainText()  # unchanged rules change nothing
    editor.text.setPlainText(original.replace('"推销电话"', '"推销电话", "装修"', 1))
    assert editor.preview()
    shown = editor.result.toPlainText()  # calls about decoration are now harassment calls, not marketing SMS
    assert "改归其他类别0件" not in shown and "改归其他类别：" in shown and "[垃圾短信 → 骚扰电话]" in shown and "harassment_call" not in shown
    editor.text.setPlainText(original + "\n[[category]]\nkey = 3\n")
    assert not editor.preview()
    editor.save()
    assert prompts.errors and not (data_dir / "screening" / "rules.toml").exists()


def test_a_broken_rule_is_shown_at_its_line_and_undone_with_ctrl_z(db, data_dir, prompts, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor

    from ui.rules_editor import RulesEditor

    editor = RulesEditor(db, data_dir, prompts)
    qtbot.addWidget(editor)
    original = editor.text.toPlainText()
    cursor = editor.text.textCursor()
    cursor.setPosition(original.index('"满意度回访"]') + len('"满意度回访"'))
    editor.text.setTextCursor(cursor)
    qtbot.keyClicks(editor.text, ", 5")  # an exclusion typed without its quotes
    assert not editor.preview()
    line = original[:original.index('"满意度回访"]')].count("\n") + 1
    assert f"第{line}行" in editor.result.toPlainText() or f"line {line}" in editor.result.toPlainText()
    assert editor.text.textCursor().blockNumber() == line - 1  # the cursor is put on the faulty line
    editor.text.moveCursor(QTextCursor.MoveOperation.End)
    editor.save()
    assert prompts.errors and not (data_dir / "screening" / "rules.toml").exists()
    assert editor.text.textCursor().blockNumber() == line - 1
    for _typed in ", 5":
        qtbot.keyClick(editor.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.text.toPlainText() == original
    assert editor.preview()


def test_a_lead_known_by_its_business_alone_shows_a_dash_for_its_numbers(db, make_window):
    from PySide6.QtCore import Qt

    from workstation.screening import screen
    from workstation.store.complaints import insert_complaints

    text = "在佛山市顺德区禾福远金融信息服务有限公司办理会员后，就不断接到推销电话，怀疑该公司泄露了我的个人信息。"
    insert_complaints(db, [("c1", "12345", "W1", "2026-03-01 10:00:00", text, "{}", "f.csv", 2,
                            "2026-03-02T00:00:00+08:00", "12345", "13900139000", "", "", "", "", "", "", "", None)])
    screen(db)
    page = make_window(db).leads_page
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[headers.index("号码")] == "—" and row[headers.index("投诉")] == "1"


def test_the_shipped_rules_are_restored_after_confirmation_with_a_preview_and_undo(db, data_dir, prompts, qtbot,
                                                                                   english):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from ui.rules_editor import RulesEditor
    from workstation.importing.complaints import import_complaints
    from workstation.screening import screen
    from workstation.screening.rules import rules_path, save_rules, shipped_rules_path

    shipped = shipped_rules_path().read_text(encoding="utf-8")
    edited = shipped.replace('"呼死你",', '"呼死你", "推销保险",')
    save_rules(data_dir, edited)  # the officer's rules, saved earlier
    export = data_dir / "council.csv"
    export.write_text("投诉编号,投诉时间,联系电话,投诉内容\nR1,2026-03-02 10:00:00,13900139000,"
                      "13800138000上门推销保险，说是新业务\n", encoding="utf-8")
    import_complaints(db, [export], profile="consumer_council")
    screen(db)
    copy = data_dir / "screening" / "rules.toml"
    editor = RulesEditor(db, data_dir, prompts)
    qtbot.addWidget(editor)
    assert editor.typed() == edited
    restore = editor.findChild(QPushButton, "restore_rules")
    restore.click()  # declined: nothing replaced
    assert len(prompts.confirmations) == 1 and editor.typed() == edited
    assert "with the shipped rules: 0 (newly flagged 0, no longer flagged 1" in prompts.confirmations[0]
    prompts.confirm_answer = True
    restore.click()
    assert editor.typed() == shipped and "R1" in editor.result.toPlainText()
    assert "No longer flagged:" in editor.result.toPlainText()
    assert copy.read_text(encoding="utf-8") == edited  # nothing in force before Save
    qtbot.keyClick(editor.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.typed() == edited  # one undo takes the restore back
    qtbot.keyClick(editor.text, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.typed() == shipped
    editor.save()  # asked first: R1's lead, no longer flagged, is removed (confirm_answer is still True)
    assert "removes 1 lead" in prompts.confirmations[-1]
    assert editor.saved and not copy.exists() and rules_path(data_dir) == shipped_rules_path()
    again = RulesEditor(db, data_dir, prompts)
    qtbot.addWidget(again)
    assert not again.restore_shipped() and prompts.infos[-1] == "The editor already shows the shipped rules."
    assert len(prompts.confirmations) == 3 and not prompts.errors


def test_the_whole_number_finds_the_complaint_marked_masked_and_a_part_of_it_finds_nothing(db, make_window):
    import re

    from ui.marked_text import MARKS_ROLE
    from workstation.store.complaints import MARK_END, MARK_START, insert_complaints, snippet

    text = ("最近一个月以来，每天都有陌生号码打来推销楼盘和装修，我多次表示不需要仍继续拨打，严重影响生活。"
            "其中13500000011打得最多，请求查处。")
    insert_complaints(db, [("c1", "12345", "W1", "2026-03-01 10:00:00", text, "{}", "f.csv", 2,
                            "2026-03-02T00:00:00+08:00", "12345", "13900139000", "", "", "", "", "", "", "", None)])
    masked = text.replace("13500000011", "135****0011")
    # the whole number, however typed: marked whole; a part of it marks nothing hidden (and finds nothing)
    for digits in ("13500000011", "135-0000-0011"):
        assert f"{MARK_START}135****0011{MARK_END}" in snippet(text, [digits], shown=masked)
    assert MARK_START not in snippet(text, ["1350000001"], shown=masked)
    page = make_window(db).leads_page
    page.search.setText("1350000001")  # inside the number the complaint names: its hidden digits tell nothing
    page.run_search()
    assert page.complaint_model.rowCount() == 0
    page.search.setText("135 0000 0011")  # the whole number, as the officer has it
    page.run_search()
    assert page.complaint_model.rowCount() == 1
    index = page.complaint_model.index(0, 3)
    shown = page.complaint_model.data(index)
    assert "13500000011" not in shown and "【" not in shown
    assert [shown[a:b] for a, b in page.complaint_model.data(index, MARKS_ROLE)] == ["135****0011"]
    page.complaint_view.selectRow(0)
    assert page.snippet.toPlainText() == masked
    assert re.findall(r"background-color:#fff3cd;\">([^<]*)<", page.snippet.toHtml()) == ["135****0011"]


def test_a_lead_with_hundreds_of_complaints_shows_them_all_a_page_at_a_time(demo_db, make_window, english):
    from ui.leads_page import LEAD_COMPLAINTS_PAGE

    lead_id = demo_db.execute("SELECT id FROM leads ORDER BY id LIMIT 1").fetchone()[0]
    count = 2 * LEAD_COMPLAINTS_PAGE + 50
    demo_db.execute("UPDATE complaints SET lead_id = NULL WHERE lead_id = ?", [lead_id])
    # received two per minute, so that two complaints share each time: their order is the order they were stored in
    demo_db.conn.executemany(
        "INSERT INTO complaints (id, source, external_id, received_at, text, created_at, lead_id) "
        "VALUES (?, '12345', ?, ?, ?, '2026-03-01', ?)",
        [(f"many-{i}", f"W{i:04d}", f"2026-03-01 {9 + i // 120:02d}:{i // 2 % 60:02d}:00",
          f"第{i}次接到1380013{i:04d}的推销电话", lead_id) for i in range(count)])
    page = make_window(demo_db).leads_page
    page.refresh(select=lead_id)

    def listed() -> list[str]:
        return [line.split("  ")[1] for line in page.detail.toPlainText().splitlines() if line.startswith("2026-03-01 ")]

    assert listed() == [f"W{i:04d}" for i in range(LEAD_COMPLAINTS_PAGE)]
    assert page.complaints_shown.text() == f"Complaints shown: {LEAD_COMPLAINTS_PAGE} of {count}."
    assert not page.more_complaints.isHidden()
    page.more_complaints.click()
    page.more_complaints.click()
    assert listed() == [f"W{i:04d}" for i in range(count)]  # every one, in order, none twice
    assert page.complaints_shown.text() == f"Complaints shown: {count} of {count}."
    assert page.more_complaints.isHidden()
    assert "138****0449" in page.detail.toPlainText() and "13800130449" not in page.detail.toPlainText()
    page.refresh(select=lead_id)  # read again, as many as were shown: the officer's place is kept
    assert listed() == [f"W{i:04d}" for i in range(count)]
    page.view.clearSelection()
    page.view.setCurrentIndex(page.model.index(-1, -1))
    page.refresh(select=lead_id)  # chosen anew: from its first page
    assert len(listed()) == LEAD_COMPLAINTS_PAGE


@pytest.fixture
def one_big_lead(db):
    """Twelve complaints about the same number, screened into one lead."""
    from workstation.screening import screen
    from workstation.store.complaints import insert_complaints

    insert_complaints(db, [(f"c{n}", "12345", f"W{n:02d}", f"2026-03-{n + 1:02d} 10:00:00",
                            f"第{n + 1}次接到13800138000的推销电话，推销楼盘，严重骚扰，要求查处。", "{}", "f.csv", n + 2,
                            "2026-03-30T00:00:00+08:00", "12345", f"139001390{n:02d}", "", "", "", "", "", "", "", None)
                           for n in range(12)])
    (lead,) = screen(db).leads
    return lead["id"]


def test_an_action_on_a_lead_keeps_the_officers_place_in_its_complaints(db, make_window, prompts, monkeypatch,
                                                                         one_big_lead):
    import ui.leads_page as leads_page

    monkeypatch.setattr(leads_page, "LEAD_COMPLAINTS_PAGE", 5)
    window = make_window(db)
    window.resize(900, 500)
    window.show()
    window.navigation.setCurrentRow(1)
    page = window.leads_page
    page.select(one_big_lead)
    page.show_more_complaints()  # the officer pages on to the tenth complaint and reads there
    scroll = page.detail.verticalScrollBar()
    scroll.setValue(scroll.maximum())
    place = scroll.value()
    assert place > 0 and page.complaints_shown.text() == "已显示投诉10件，共12件。"
    prompts.choices = [0]
    page.assign()  # assigned: the list is read again
    assert db.execute("SELECT status FROM leads WHERE id = ?", [one_big_lead]).fetchone()[0] == "assigned"
    assert page.selected_id() == one_big_lead
    assert page.complaints_shown.text() == "已显示投诉10件，共12件。" and "W09" in page.detail.toPlainText()
    assert scroll.value() == place


def test_a_decided_lead_says_its_extension_without_a_deadline(db, make_window, prompts, english, one_big_lead):
    from workstation.leads_workflow import assign_lead, extend_lead
    from workstation.store import list_agencies

    # registered (received) when screened: dated back to the export's import in March
    db.execute("UPDATE leads SET received_at = '2026-03-16T09:00:00+08:00' WHERE id = ?", [one_big_lead])
    assign_lead(db, one_big_lead, next(a.id for a in list_agencies(db) if a.level != "city"), on="2026-03-16")
    extend_lead(db, one_big_lead, 15, "2026-03-20", "张局长")
    page = make_window(db).leads_page
    page.select(one_big_lead)
    assert "T1 extended by 15 working days, approved on 2026-03-20 by 张局长; decide by 20" in page.detail.toPlainText()
    prompts.texts.append("无违法事实")  # decided: not filed (a lead filed is decided when its case is filed)
    prompts.confirm_answer = True  # the decision confirmed, naming the lead and the reason
    page.not_file()
    assert prompts.errors == []
    shown = page.detail.toPlainText()
    assert "T1 extended by 15 working days, approved on 2026-03-20 by 张局长." in shown and "decide by" not in shown


def test_a_local_number_searched_with_the_edited_area_code_is_marked_in_the_list(db, data_dir, make_window):
    from ui.marked_text import MARKS_ROLE
    from workstation.screening import apply_rules
    from workstation.screening.rules import shipped_rules_path
    from workstation.store.complaints import insert_complaints

    text = "来电号码8323 4567每天推销，严重骚扰"
    insert_complaints(db, [("c1", "12345", "W1", "2026-03-01 10:00:00", text, "{}", "f.csv", 2,
                            "2026-03-02T00:00:00+08:00", "12345", "13900139000", "", "", "", "", "", "", "", None)])
    apply_rules(db, data_dir, shipped_rules_path().read_text(encoding="utf-8").replace(
        'default_area_code = "0757"', 'default_area_code = "020"'))
    page = make_window(db).leads_page
    page.search.setText("020 8323 4567")  # the number as the officer has it, the area code of the rules in force
    page.run_search()
    assert page.complaint_model.rowCount() == 1
    index = page.complaint_model.index(0, 3)
    shown = page.complaint_model.data(index)
    assert [shown[a:b] for a, b in page.complaint_model.data(index, MARKS_ROLE)] == ["**** 4567"]
    page.complaint_view.selectRow(0)
    assert "**** 4567</b>" in page.snippet.toHtml() or "**** 4567</span>" in page.snippet.toHtml()
