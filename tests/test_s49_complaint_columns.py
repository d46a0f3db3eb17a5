"""Remembered complaint columns apply only where the header wordings find none (or to the same header), the wizard
guesses a two-row header as the import reads it, more date forms of real exports are read, and a row under a stored
work-order number with other content is counted as a conflict, not as a duplicate."""

import csv

import pytest

from workstation.importing.complaints import import_complaints, load_profile, parse_received

STD = ["工单编号", "受理时间", "来电号码", "诉求人", "诉求地址", "内容描述", "被反映对象", "所属区"]
NO_TEXT = ["工单编号", "受理时间", "来电号码", "诉求人", "诉求地址", "被反映对象", "所属区"]


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def stored(db, external_id):
    return db.execute("SELECT text, address FROM complaints WHERE external_id = ?", [external_id]).fetchone()


def test_a_column_chosen_for_a_file_without_the_standard_one_does_not_override_it_later(db, tmp_path, english):
    first = write_csv(tmp_path / "无内容.csv", [NO_TEXT, ["GD1", "2026-03-05 10:00", "13800138001", "张三",
                                                         "佛山市南海区桂城街道", "某某房产中介", "南海区"]])
    assert import_complaints(db, [first], mapping={"text": "诉求地址"}).imported == 1
    std = write_csv(tmp_path / "std.csv", [STD, ["RM1", "2026-03-05 10:00", "13900139901", "李四", "佛山市禅城区某路",
                                                 "房产中介天天打电话推销", "某中介", "禅城区"]])
    result = import_complaints(db, [std])
    assert result.imported == 1
    assert stored(db, "RM1") == ("房产中介天天打电话推销", "佛山市禅城区某路")
    assert not result.files[0].remembered_note()
    # a file with the header it was chosen for still uses it, and the summary says so
    again = write_csv(tmp_path / "无内容2.csv", [NO_TEXT, ["GD2", "2026-03-06 10:00", "13800138002", "王五",
                                                         "佛山市顺德区", "某某装饰", "顺德区"]])
    result = import_complaints(db, [again])
    assert stored(db, "GD2")[0] == "佛山市顺德区"
    note = result.files[0].remembered_note()
    assert "诉求地址" in note and "remembered" in note
    assert result.files[0].remembered == {"text": "诉求地址"}


def test_a_field_remembered_as_not_imported_is_left_out_only_of_a_file_with_that_header(db, tmp_path, english):
    first = write_csv(tmp_path / "a.csv", [STD, ["RM1", "2026-03-05 10:00", "13900139901", "李四", "佛山市禅城区某路",
                                                 "房产中介天天打电话推销", "某中介", "禅城区"]])
    assert import_complaints(db, [first], mapping={"address": None}).imported == 1
    assert load_profile(db, "12345")["address"] is None
    other = write_csv(tmp_path / "b.csv", [STD[:-1], ["RM2", "2026-03-05 11:00", "13900139902", "赵六", "佛山市高明区",
                                                      "装修公司骚扰电话", "某装修"]])
    result = import_complaints(db, [other])
    assert stored(db, "RM2")[1] == "佛山市高明区" and not result.files[0].remembered_note()
    same = write_csv(tmp_path / "c.csv", [STD, ["RM3", "2026-03-05 12:00", "13900139903", "钱七", "佛山市三水区",
                                                "贷款短信", "某小贷", "三水区"]])
    result = import_complaints(db, [same])
    assert stored(db, "RM3")[1] == ""
    assert "诉求地址" in result.files[0].remembered_note()


def test_the_wizard_guesses_a_two_row_header_as_the_import_reads_it():
    from ui.complaint_import import guess_mapping

    header = ["工单编号", "受理时间", "诉求人 / 姓名", "诉求人 / 电话", "内容描述"]
    mapping = guess_mapping(header, None)
    assert mapping["complainant_phone"] == "诉求人 / 电话"
    assert mapping["complainant"] == "诉求人 / 姓名"


@pytest.mark.parametrize(("written", "read"), [
    ("46086", "2026-03-05 00:00:00"),
    ("46086.75", "2026-03-05 18:00:00"),
    ("2026-03-05T09:05:00+08:00", "2026-03-05 09:05:00"),
    ("20260305", "2026-03-05 00:00:00"),
    ("2026-3-5 下午3:05", "2026-03-05 15:05:00"),
    ("2026-3-5 上午11:05", "2026-03-05 11:05:00"),
    ("2026-3-5 下午12:30", "2026-03-05 12:30:00"),
    ("2026-3-5 上午12:10", "2026-03-05 00:10:00"),
])
def test_date_forms_of_real_exports_are_read(written, read):
    assert parse_received(written) == read


@pytest.mark.parametrize("written", ["12345", "99999", "20261305", "20260230", "2026-3-5 下午13:05"])
def test_what_only_looks_like_a_date_is_still_refused(written):
    with pytest.raises(ValueError):
        parse_received(written)


def test_the_wizard_shows_a_serial_as_the_date_it_is(db, prompts, qtbot, tmp_path):
    from ui.complaint_import import ComplaintImportDialog

    path = write_csv(tmp_path / "serial.csv", [STD, ["RM1", "46086.75", "13900139901", "李四", "佛山市禅城区某路",
                                                     "房产中介天天打电话推销", "某中介", "禅城区"]])
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(str(path))
    assert "2026-03-05 18:00" in dialog.samples["received_at"].toolTip()


def test_a_stored_number_with_other_content_is_counted_as_a_conflict_not_a_duplicate(db, tmp_path, english):
    first = write_csv(tmp_path / "a.csv", [STD, ["RM1", "2026-03-05 10:00", "13900139901", "李四", "佛山市禅城区某路",
                                                 "房产中介天天打电话推销", "某中介", "禅城区"]])
    assert import_complaints(db, [first]).imported == 1
    second = write_csv(tmp_path / "b.csv", [
        STD, ["RM1", "2026-03-05 10:00", "13900139901", "李四", "佛山市禅城区某路", "房产中介天天打电话推销", "某中介",
              "禅城区"],
        ["RM1", "2026-03-07 10:00", "13900139909", "周八", "佛山市南海区", "另一件投诉", "某公司", "南海区"],
        ["RM2", "2026-03-07 11:00", "13900139902", "吴九", "佛山市南海区", "贷款短信", "某小贷", "南海区"],
        ["RM2", "2026-03-07 12:00", "13900139903", "郑十", "佛山市南海区", "别的投诉", "某小贷", "南海区"]])
    outcome = import_complaints(db, [second]).files[0]
    assert (outcome.rows, outcome.imported, outcome.duplicates, outcome.number_conflicts) == (4, 1, 1, 2)
    note = outcome.same_number_note()
    assert "2 work-order number conflicts" in note and "row 3" in note and "row 5" in note


def test_the_command_line_summary_names_the_remembered_column_it_used(db, data_dir, tmp_path, english, capsys):
    from workstation.cli import main

    first = write_csv(tmp_path / "无内容.csv", [NO_TEXT, ["GD1", "2026-03-05 10:00", "13800138001", "张三",
                                                         "佛山市南海区桂城街道", "某某房产中介", "南海区"]])
    assert import_complaints(db, [first], mapping={"text": "诉求地址"}).imported == 1
    db.conn.close()
    again = write_csv(tmp_path / "无内容2.csv", [NO_TEXT, ["GD2", "2026-03-06 10:00", "13800138002", "王五",
                                                         "佛山市顺德区", "某某装饰", "顺德区"]])
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "complaints", "import", str(again)]) == 0
    out = capsys.readouterr().out
    assert "columns remembered for the channel" in out and "诉求地址" in out
