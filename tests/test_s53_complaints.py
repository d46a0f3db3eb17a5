"""Complaint screens audit: a caller's number an export shows masked (138****1234) is stored as no number and links
no copies; personal numbers masked in the search list, the complaint pane's row as imported, the import wizard's
samples and the refusals naming a lead; 更正筛查结论 greyed out with the core's reason on a decided lead; an export
whose header uses no known wording offered for mapping in the wizard."""

import csv

import pytest

from PySide6.QtCore import Qt

from workstation.errors import WorkstationError
from workstation.importing.complaints import complainant_digits, import_complaints, read_header
from workstation.masking import mask_field
from workstation.screening import screen
from workstation.screening.verdict import NOT_RELATED, correct_complaint
from workstation.store.complaints import content_key

HARASSER = "13927711234"


def write(path, header, rows, encoding="utf-8-sig", title=None):
    with open(path, "w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh)
        if title:
            out.writerow([title])
        out.writerow(header)
        out.writerows(rows)
    return path


def hotline(path, rows):
    return write(path, ["工单编号", "受理时间", "来电号码", "内容描述"], rows)


def council(path, rows):
    return write(path, ["投诉编号", "投诉时间", "联系电话", "投诉内容", "被投诉方"], rows)


def stored(db, external_id):
    cursor = db.execute("SELECT * FROM complaints WHERE external_id = ?", [external_id])
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))


def action(widget, name):
    return next(a for a in widget.actions() if a.objectName() == name)


# 1. a masked caller's number ------------------------------------------------------------------------------------
@pytest.mark.parametrize("written", ["138****1234", "138xxxx1234", "138XXXX1234", "138＊＊＊＊1234", "138 **** 1234",
                                     "138×××1234", "0757-8612****", "+86 138****1234"])
def test_a_caller_number_with_digits_hidden_is_no_number(written):
    assert complainant_digits(written) == ""


def test_a_masked_number_among_several_leaves_the_whole_ones(written="138****1234/13911110001"):
    assert complainant_digits(written) == "13911110001"
    assert complainant_digits("0757-83331234 ext 801") == "075783331234"  # an extension is no mask


def test_a_masked_caller_number_is_stored_as_no_number_its_cell_kept_as_written(db, tmp_path):
    path = hotline(tmp_path / "12345.csv", [["GD1", "2026-11-02 10:00:00", "138****1234", "收到垃圾短信推销贷款"]])
    import_complaints(db, [path])
    row = stored(db, "GD1")
    assert row["complainant_phone"] == "" and '"来电号码":"138****1234"' in row["raw"]


def two_callers_masked_alike(tmp_path):
    text = f"最近每天接到{HARASSER}骚扰电话推销楼盘，怀疑个人信息被泄露"
    return (hotline(tmp_path / "12345.csv", [["GD1", "2026-11-02 10:00:00", "138****1234", text]]),
            council(tmp_path / "xwh.csv", [["XW1", "2026-11-03 09:00:00", "138****1234", text.replace("个人", "我的个人"),
                                            "某公司"]]))


def test_two_callers_an_export_shows_masked_alike_are_not_one_complaint_and_a_correction_stays_with_one(db, tmp_path):
    result = import_complaints(db, list(two_callers_masked_alike(tmp_path)))
    assert result.imported == 2 and result.files[1].same_as == 0
    assert stored(db, "GD1")["same_as"] is None and stored(db, "XW1")["same_as"] is None
    correction = correct_complaint(db, "GD1", NOT_RELATED, "来电人说是误拨")
    assert correction.copies == ()
    assert stored(db, "XW1")["verdict"] is None


def test_two_masked_callers_count_twice_in_the_lead_their_texts_group_into(db, tmp_path):
    import_complaints(db, list(two_callers_masked_alike(tmp_path)))
    screen(db)
    lead = stored(db, "GD1")["lead_id"]
    assert lead and stored(db, "XW1")["lead_id"] == lead
    assert db.execute("SELECT complaint_count FROM leads WHERE id = ?", [lead]).fetchone()[0] == 2


def test_the_same_caller_with_a_whole_number_is_still_one_complaint_through_two_channels(db, tmp_path):
    a, b = two_callers_masked_alike(tmp_path)
    for path in (a, b):
        path.write_text(path.read_text(encoding="utf-8-sig").replace("138****1234", "13800001234"), encoding="utf-8")
    import_complaints(db, [a, b])
    assert stored(db, "XW1")["same_as"] == stored(db, "GD1")["id"]


def test_an_export_imported_before_masked_numbers_were_read_so_adds_nothing_again(db, tmp_path):
    """Earlier versions stored 138****1234 as 1381234 (and keyed a row without work order by it): the same export
    imported again is the same complaints, not new ones nor number conflicts."""
    numbered = hotline(tmp_path / "12345.csv", [["GD1", "2026-11-02 10:00:00", "138****1234", "收到垃圾短信推销贷款"]])
    unnumbered = write(tmp_path / "区热线.csv", ["受理时间", "来电号码", "内容描述"],
                       [["2026-11-05 10:00:00", "138****1234", "收到垃圾短信推销保险"]])
    import_complaints(db, [numbered], profile="12345")
    import_complaints(db, [unnumbered], profile="12345")
    old_key = content_key("12345", "2026-11-05 10:00:00", "1381234", "收到垃圾短信推销保险")
    db.execute("UPDATE complaints SET complainant_phone = '1381234'")
    db.execute("UPDATE complaints SET content_key = ? WHERE content_key IS NOT NULL", [old_key])
    again = import_complaints(db, [numbered, unnumbered], profile="12345")
    assert again.imported == 0 and again.duplicates == 2
    assert [f.number_conflicts for f in again.files] == [0, 0]


# 2. personal numbers shown masked ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("written", "shown"), [
    ("+86 138 0013 0002", "+86 138 **** 0002"), ("138 0013 8000", "138 **** 8000"),
    ("0757 8612 3457", "0757 **** 3457"), ("757 8612 3457", "757 **** 3457"), ("75786120006", "757****0006"),
    ("13911110001/0757-81234567", "139****0001/0757-****4567"),
    ("13911110001 075781234567", "139****0001 0757****4567"), ("138****1234", "138****1234")])
def test_a_number_written_with_spaces_is_masked_as_one(written, shown):
    assert mask_field("complainant_phone", written) == shown


def test_the_search_list_masks_every_number_of_a_callers_cell(db, make_window, tmp_path):
    path = hotline(tmp_path / "12345.csv", [["GD1", "2026-11-02 10:00:00", "13911110001/0757-81234567",
                                             f"每天接到骚扰电话推销楼盘，号码{HARASSER}"]])
    import_complaints(db, [path])
    page = make_window(db).leads_page
    page.search.setText("骚扰")
    page.run_search()
    model = page.complaint_model
    cells = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert "139****0001 0757****4567" in cells and not any("13911110001" in str(c) for c in cells)


def test_the_complaint_pane_shows_the_caller_column_as_imported_masked(db, make_window, tmp_path):
    path = hotline(tmp_path / "12345.csv", [["GD1", "2026-11-02 10:00:00", "75786120006", "收到垃圾短信推销贷款"],
                                            ["GD2", "2026-11-02 11:00:00", "757 8612 3457", "收到垃圾短信推销保险"]])
    import_complaints(db, [path])
    page = make_window(db).leads_page
    for ref, shown, clear in (("GD1", "757****0006", "75786120006"), ("GD2", "757 **** 3457", "8612")):
        page.search.setText(ref)
        page.run_search()
        page.complaint_view.selectRow(0)
        origin = page.complaint_origin.text()
        assert f"来电号码：{shown}" in origin and clear not in origin, origin


def test_the_wizard_shows_a_callers_number_written_with_spaces_masked(db, prompts, qtbot, tmp_path):
    from ui.complaint_import import ComplaintImportDialog

    path = hotline(tmp_path / "12345.csv", [["GD1", "2026-11-02 10:00:00", "+86 138 0013 0002", "收到垃圾短信推销贷款"]])
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(str(path))
    assert prompts.errors == []
    assert "+86 138 **** 0002" in dialog.samples["complainant_phone"].shown


def lead_of_a_number(db, tmp_path, decided=True):
    path = council(tmp_path / "council.csv", [
        ["T1", "2026-03-01 10:00:00", "13900139001", f"{HARASSER}每天打推销电话推销楼盘，要求停止骚扰", ""],
        ["T2", "2026-03-02 10:00:00", "13900139002", f"{HARASSER}又打来推销电话，对方知道我的姓名", ""]])
    import_complaints(db, [path], profile="consumer_council")
    screen(db)
    lead = stored(db, "T1")["lead_id"]
    if decided:
        db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file', decided_on = '2026-04-01' "
                   "WHERE id = ?", [lead])
    return lead


def test_the_verdict_and_withdraw_refusals_name_a_number_lead_masked(db, tmp_path, english):
    from workstation.importing.complaint_withdraw import withdraw_import

    lead_of_a_number(db, tmp_path)
    with pytest.raises(WorkstationError) as verdict:
        correct_complaint(db, "T1", NOT_RELATED, "误判")
    with pytest.raises(WorkstationError) as withdrawal:
        withdraw_import(db, "council.csv")
    for refused in (verdict, withdrawal):
        assert "the user of number 139****1234" in refused.value.message and HARASSER not in refused.value.message


# 3. 更正筛查结论 greyed out on a decided lead -------------------------------------------------------------------------
def test_correcting_a_decided_leads_complaint_is_greyed_out_saying_why_before_asking(db, make_window, prompts,
                                                                                    tmp_path, english):
    from workstation.screening.verdict import correction_refusal

    lead = lead_of_a_number(db, tmp_path)
    page = make_window(db).leads_page
    page.refresh(select=lead)
    assert page.selected()["id"] == lead
    correct = action(page.detail, "correct_lead_verdict")
    button = page.verdict_buttons["correct_lead_verdict"]
    assert not correct.isEnabled() and not button.isEnabled()
    assert "a decided lead keeps its complaints" in button.toolTip() and "139****1234" in button.toolTip()
    assert correct.toolTip() == button.toolTip()
    # the search list's entry on one of its complaints: greyed out with the core's refusal
    page.search.setText("T1")
    page.run_search()
    page.complaint_view.setCurrentIndex(page.complaint_model.index(0, 0))
    entry = action(page.complaint_view, "correct_verdict")
    assert not entry.isEnabled() and entry.toolTip() == correction_refusal(db, stored(db, "T1")["id"])
    assert "Complaint T1 belongs to the lead about the user of number 139****1234" in entry.toolTip()
    # asked all the same (a shortcut on a stale state): refused before any question
    from ui.complaint_verdict import ask_and_correct

    assert not ask_and_correct(page, db, prompts, stored(db, "T1")["id"], "T1")
    assert prompts.offered == [] and prompts.questions == [] and "decided lead" in prompts.errors[-1]


def test_correcting_an_undecided_leads_complaint_stays_offered(db, make_window, tmp_path, english):
    lead = lead_of_a_number(db, tmp_path, decided=False)
    page = make_window(db).leads_page
    page.refresh(select=lead)
    assert action(page.detail, "correct_lead_verdict").isEnabled()
    page.search.setText("T1")
    page.run_search()
    page.complaint_view.setCurrentIndex(page.complaint_model.index(0, 0))
    assert action(page.complaint_view, "correct_verdict").isEnabled()


# 4. a header of no known wording ------------------------------------------------------------------------------------
UNKNOWN = ["序号", "单号", "来电日期", "联系手机", "诉求详情"]


def unknown_header(tmp_path):
    return write(tmp_path / "区热线.csv", UNKNOWN, [
        ["1", "QA1", "2026-11-02 09:00", "13900000001", "天天接到推销电话，个人信息被泄露"],
        ["2", "QA2", "2026-11-03 09:00", "13900000002", "收到垃圾短信推销贷款"]], encoding="gb18030",
        title="某区12345热线工单导出")


def test_the_wizard_offers_a_header_of_no_known_wording_for_mapping_and_imports_it(db, prompts, qtbot, tmp_path,
                                                                                 english):
    from ui.complaint_import import ComplaintImportDialog

    path = unknown_header(tmp_path)
    header = read_header(db, path, partial=True)
    assert header.texts == UNKNOWN and header.mapping == {} and header.profile is None
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(str(path))
    assert prompts.errors == [] and dialog.paths == [str(path)]
    assert [dialog.columns["text"].itemText(i) for i in range(dialog.columns["text"].count())][1:] == UNKNOWN
    dialog.profile_box.setCurrentIndex(dialog.profile_box.findData("12345"))
    for field, column in (("text", "诉求详情"), ("external_id", "单号"), ("received_at", "来电日期"),
                          ("complainant_phone", "联系手机")):
        combo = dialog.columns[field]
        combo.setCurrentIndex(combo.findData(column))
        combo.activated.emit(combo.currentIndex())
    assert dialog.samples["complainant_phone"].shown.count("****") == 2
    [(_path, channel, mapping)] = dialog.plan()
    result = import_complaints(db, [path], profile=channel, mapping=mapping)
    assert result.imported == 2 and stored(db, "QA1")["complainant_phone"] == "13900000001"


def test_the_wizard_asks_for_a_second_column_besides_the_text_of_an_unknown_header(db, prompts, qtbot, tmp_path,
                                                                                    english):
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.complaint_import import ComplaintImportDialog

    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(str(unknown_header(tmp_path)))
    dialog.profile_box.setCurrentIndex(dialog.profile_box.findData("12345"))
    combo = dialog.columns["text"]
    combo.setCurrentIndex(combo.findData("诉求详情"))
    combo.activated.emit(combo.currentIndex())
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "choose another column besides the complaint text" in dialog.detected.text()


def test_the_command_line_refusal_of_an_unknown_header_says_how_to_map_it(db, tmp_path, english):
    result = import_complaints(db, [unknown_header(tmp_path)], profile="12345")
    assert "no recognisable header row" in result.files[0].refused
    assert "import wizard" in result.files[0].refused


# 5. the rules editor names what is true ----------------------------------------------------------------------------
def test_the_rules_editors_save_refusal_names_the_rules_being_edited_not_a_file(db, data_dir, prompts, qtbot, english):
    from ui.rules_editor import RulesEditor
    from workstation.screening.rules import RULES_PARTS

    editor = RulesEditor(db, data_dir, prompts)
    qtbot.addWidget(editor)
    editor.text.setPlainText(editor.typed().replace("version = 1", "version = ", 1))
    editor.save()
    assert prompts.errors and prompts.errors[-1].startswith("the edited rules: not a valid TOML file")
    assert str(data_dir.joinpath(*RULES_PARTS)) not in prompts.errors[-1]


def test_a_caller_stored_as_no_number_is_listed_without_one_its_cell_shown_as_exported(db, make_window, tmp_path):
    """The list column of a caller stored as no number says none (—), not a made-up number (***0000)."""
    path = hotline(tmp_path / "12345.csv", [["GD1", "2026-11-02 10:00:00", "138****0000", "收到垃圾短信推销贷款"]])
    import_complaints(db, [path])
    page = make_window(db).leads_page
    page.search.setText("GD1")
    page.run_search()
    model = page.complaint_model
    assert model.data(model.index(0, 2), Qt.ItemDataRole.DisplayRole) == "—"
    page.complaint_view.selectRow(0)
    assert "来电号码：138****0000" in page.complaint_origin.text()


@pytest.mark.parametrize(("written", "shown"), [
    ("13800138000 转 801", "138****8000 转 801"),
    ("13800138000 分机801", "138****8000 分机801"),
    ("0757-83331234 分机 801", "0757-****1234 分机 801"),
    ("0757-83331234x801", "0757-****1234x801"),
    ("138xxxx1234", "138xxxx1234"),
    ("138●●●●1234", "138●●●●1234"),
])
def test_a_number_with_its_extension_is_masked_as_the_number_alone(written, shown):
    from workstation.masking import mask_field

    assert mask_field("complainant_phone", written) == shown
