"""Complaint exports holding control characters and text-direction controls: stored without them, counted and said
in the import's summary (command line and --json), never a refusal of the file."""

import csv
import json

import openpyxl
import pytest

from workstation.cli import main
from workstation.importing.complaints import import_complaints, read_header
from workstation.importing.tables import text_problem

HEADER = ["投诉编号", "投诉时间", "投诉人", "联系电话", "被投诉方", "投诉内容", "投诉类别", "处理状态"]
REVERSED = "\u202e" + "13800138000" + "\u202c"  # shows as 00083100831 in a list
ROWS = [
    ["T1", "2026-03-05 10:00:00", "张三", "13900001111", "佛山某某地产\u202e有限公司", "每天接到" + REVERSED + "的骚扰电话",
     "房屋及装修", "已受理"],
    ["T2", "2026-03-05 11:00:00", "李四", "13900002222", "某教育", "推销短信\x1b[31m不停\x07，第一行\n第二行\t完",
     "教育培训服务", "已受理"],
    ["T3", "2026-03-05 12:00:00", "王五", "13900003333", "某装修公司", "普通的投诉内容，没有控制字符", "房屋及装修", "已受理"],
    ["T4", "2026-03-05 13:00:00", "赵六\u2066", "13900004444", "某贷款\x85公司", "隔离\u2067字符\u2069和标记\u200f", "金融服务",
     "已受理"],
]


def _csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


def _stored(db):
    return {r[0]: r[1:] for r in db.execute("SELECT external_id, text, target_name, raw FROM complaints")}


def test_controls_and_direction_marks_are_left_out_of_the_stored_complaint(db, tmp_path):
    result = import_complaints(db, [_csv(tmp_path / "council.csv", ROWS)], profile="consumer_council")
    assert result.imported == 4 and not result.refused
    stored = _stored(db)
    assert stored["T1"][0] == "每天接到13800138000的骚扰电话" and stored["T1"][1] == "佛山某某地产有限公司"
    assert stored["T2"][0] == "推销短信[31m不停，第一行\n第二行\t完"  # tab and line breaks are the text's own
    assert stored["T3"][0] == "普通的投诉内容，没有控制字符"
    assert stored["T4"][:2] == ("隔离字符和标记", "某贷款公司")
    raw = json.loads(stored["T4"][2])  # the raw row the complaint keeps shows the same
    assert raw["投诉人"] == "赵六" and "\u202e" not in stored["T1"][2]
    assert result.cleaned == 3 and result.files[0].cleaned == 3
    assert result.as_dict()["cleaned"] == 3 and result.as_dict()["files"][0]["cleaned"] == 3


def test_a_workbook_is_cleaned_the_same_and_a_clean_file_says_nothing(db, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in ROWS[:1]:
        book.active.append(row)
    book.save(tmp_path / "council.xlsx")
    result = import_complaints(db, [tmp_path / "council.xlsx"], profile="consumer_council")
    assert result.cleaned == 1 and _stored(db)["T1"][0] == "每天接到13800138000的骚扰电话"
    clean = import_complaints(db, [_csv(tmp_path / "clean.csv", [[f"C{ROWS[2][0]}", *ROWS[2][1:]]])],
                              profile="consumer_council")
    assert clean.imported == 1 and clean.cleaned == 0 and clean.files[0].cleaned_note() == ""


def test_the_mapping_dialogs_samples_are_shown_as_they_will_be_stored(db, tmp_path):
    header = read_header(db, _csv(tmp_path / "council.csv", ROWS), profile="consumer_council")
    assert header.samples["被投诉方"][0] == "佛山某某地产有限公司"


def test_the_command_line_summary_counts_the_cleaned_complaints(tmp_path, capsys, english):
    path = _csv(tmp_path / "council.csv", ROWS)
    code = main(["--data-dir", str(tmp_path / "station"), "complaints", "import", str(path), "--dry-run"])
    out, err = capsys.readouterr()
    assert code == 0
    assert (f"{path}: 3 complaints hold control characters or text-direction marks (which can show a telephone "
            "number or a name reversed, or break a printed document); they would be left out of the text "
            "stored.") in out
    code = main(["--data-dir", str(tmp_path / "station"), "complaints", "import", str(path), "--json"])
    result = json.loads(capsys.readouterr()[0])
    assert code == 0 and result["cleaned"] == 3 and result["imported"] == 4
    assert {"rows", "imported", "duplicates", "errors"} <= set(result)  # CLI.md's keys stay


def test_a_register_cell_with_a_direction_control_is_refused_as_such(english):
    problem = text_problem("佛山某某\u202e公司", 200)
    assert problem.startswith("The cell holds a text-direction control character (U+202E)")
    assert text_problem("佛山某某\x9b公司", 200).startswith("The cell holds a control character (U+009B)")
    assert text_problem("第一行\n第二行\t完", 200) is None


@pytest.mark.gui
def test_the_windows_import_summary_says_how_many_complaints_were_cleaned(db, prompts, make_window, tmp_path, english):
    path = _csv(tmp_path / "消委会投诉.csv", ROWS)
    make_window(db).leads_page.run_import([str(path)])
    summary = prompts.infos[0]
    assert "4 complaints imported, 0 duplicates left out." in summary
    assert ("消委会投诉.csv: 3 complaints held control characters or text-direction marks (which can show a telephone "
            "number or a name reversed, or break a printed document); they were left out of the text stored.") in summary
