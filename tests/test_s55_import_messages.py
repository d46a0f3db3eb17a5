"""Messages of refused imports and of the bureau's document details: `complaints import` lists every row it cannot
read under its error line (the officer fixes them all in one go, as the window lists them), not only the first; a
refusal naming a row but no field (extra cells, an unclosed quote) is shown as its own message in the window's
details, not "row 3, None: …"; and a control or text-direction character in 本局文书信息 is refused naming its
field, on the command line and in the dialog, as the officers' and parties' editors refuse it."""

from __future__ import annotations

import pytest

from tests.helpers import run
from workstation.agency_details import agency_details, station_own_agency_id
from workstation.importing.complaints import ERROR_LIMIT
from workstation.store.base import get_setting

HEADER = "工单编号,受理时间,来电号码,内容描述\n"
GOOD = "B1,2026-05-01 09:00,13600000011,骚扰电话\n"


def bad_rows(n: int) -> str:
    """``n`` rows whose 受理时间 is no date, after one good row (the header is row 1, the good row row 2)."""
    return "".join(f"X{i},2026-15-01,13600000012,推销电话\n" for i in range(n))


def hotline(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


# 1. the command line names every row it cannot read ------------------------------------------------------------

@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_every_row_that_cannot_be_read_is_listed_under_the_error(data_dir, db, tmp_path, capsys, english, dry_run):
    path = hotline(tmp_path / "热线.csv", HEADER + GOOD + bad_rows(3))
    code, _out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path, *dry_run)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("Error: ") and "3 rows cannot be read" in lines[0], err
    listed = [line.strip() for line in lines[1:]]
    assert [line.split(",")[0] for line in listed] == ["row 3", "row 4", "row 5"], err
    assert all(line.startswith(f"row {n}, 受理时间: 2026-15-01") for n, line in zip((3, 4, 5), listed, strict=True))
    assert db.execute("SELECT count(*) FROM complaints").fetchone() == (0,)


def test_one_row_that_cannot_be_read_is_said_once(data_dir, db, tmp_path, capsys, english):
    path = hotline(tmp_path / "热线.csv", HEADER + GOOD + bad_rows(1))
    code, _out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    assert code == 1 and err.count("\n") == 1 and "row 3, 受理时间" in err, err


def test_a_file_refused_whole_is_said_in_its_one_line(data_dir, db, tmp_path, capsys, english):
    path = hotline(tmp_path / "热线.csv", HEADER + GOOD + "E2,2026-05-01 09:00,13600000012,推销电话,号码13911113334\n")
    code, _out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    assert code == 1 and err.count("\n") == 1 and "None" not in err, err


def test_rows_beyond_those_the_import_keeps_are_said_to_be_left_out(data_dir, db, tmp_path, capsys, english):
    path = hotline(tmp_path / "热线.csv", HEADER + GOOD + bad_rows(ERROR_LIMIT + 20))
    code, _out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    lines = err.splitlines()
    assert code == 1 and f"{ERROR_LIMIT + 20} rows cannot be read" in lines[0]
    assert sum(", 受理时间: " in line for line in lines[1:]) == ERROR_LIMIT
    assert lines[-1].strip() == f"Only the first {ERROR_LIMIT} rows that cannot be read are listed."


def test_exactly_as_many_rows_as_the_import_keeps_are_all_listed_without_the_note(data_dir, db, tmp_path, capsys,
                                                                                    english):
    path = hotline(tmp_path / "热线.csv", HEADER + GOOD + bad_rows(ERROR_LIMIT))
    code, _out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    lines = err.splitlines()
    assert code == 1 and sum(", 受理时间: " in line for line in lines[1:]) == ERROR_LIMIT
    assert "Only the first" not in err  # every row was listed


@pytest.mark.parametrize("command", [["station", "details", "--bank", "测试银行"],
                                     ["interviews", "add", "--date", "2026-12-10", "--subject", "约谈", "--party",
                                      "佛山市南海区瀚沅房地产经纪有限公司"]])
def test_an_empty_agency_is_refused_not_read_as_the_station_s_own(demo_db, data_dir, capsys, english, command):
    code, _out, err = run(capsys, "--data-dir", data_dir, *command, "--agency", "")
    assert code != 0 and "empty" in err, err


# 2. a refused row without a field is shown as its message ------------------------------------------------------

def test_a_refused_row_without_a_field_is_its_message_alone(english):
    from workstation.importing.register import error_line, row_sentence

    message = "热线.csv, row 3: the row has 5 cells but the header only 4. Correct the row and import the file again."
    error = {"file": "热线.csv", "row": 3, "field": None, "message": message}
    assert error_line(error) == message.rstrip(".")
    assert row_sentence(error) == message
    assert error_line({"row": 3, "field": "受理时间", "message": "not a date."}) == "row 3, 受理时间: not a date"


def _imported_in_window(page, monkeypatch, path) -> None:
    """``path`` imported from the leads page, through its import dialog as the officer adds it and imports."""
    from ui.complaint_import import ComplaintImportDialog

    def exec_(dialog):
        dialog.add_file(str(path))
        dialog.accept_import()
        return dialog.result()

    monkeypatch.setattr(ComplaintImportDialog, "exec", exec_)
    page.import_complaints()


def test_the_window_says_a_file_refused_at_a_row_once_without_none(db, make_window, prompts, monkeypatch,
                                                                   tmp_path, english):
    path = hotline(tmp_path / "热线.csv", HEADER + GOOD + "E2,2026-05-01 09:00,13600000012,推销电话,号码13911113334\n")
    _imported_in_window(make_window(db).leads_page, monkeypatch, path)
    [message] = prompts.errors
    assert "Not imported: 热线.csv, row 3: the row has 5 cells but the header only 4" in message, message
    assert "None" not in message and not any(prompts.details), prompts.details  # said once, in the message


def test_a_refused_row_with_its_field_still_names_it_in_the_window(db, make_window, prompts, monkeypatch, tmp_path,
                                                                   english):
    path = hotline(tmp_path / "热线.csv", HEADER + GOOD + bad_rows(2))
    _imported_in_window(make_window(db).leads_page, monkeypatch, path)
    [details] = [d for d in prompts.details if d]
    assert [line[:13] for line in details.splitlines()] == ["row 3, 受理时间: ", "row 4, 受理时间: "], details


# 3. the bureau's document details hold no control or text-direction character ----------------------------------

@pytest.mark.parametrize(("option", "label", "value", "code"), [
    ("--contact-address", "联系地址", "佛山市南海区\u202e号1道大海南", "U+202E"),
    ("--e-payment", "电子缴款说明", "可通过粤省事\x01缴款", "U+0001"),
    ("--bank", "收款银行", "中国工商银行\u200f南海支行", "U+200F"),
])
def test_station_details_refuses_a_control_character_naming_the_field(data_dir, db, capsys, english, option, label,
                                                                      value, code):
    agency_id = station_own_agency_id(db)
    before = get_setting(db, "agency_details." + agency_id)
    status, out, err = run(capsys, "--data-dir", data_dir, "station", "details", option, value)
    assert status == 1 and out == ""
    assert label in err and code in err, err
    assert get_setting(db, "agency_details." + agency_id) == before


def test_a_control_character_stored_before_is_not_printed(data_dir, db, capsys, english):
    from workstation.store.base import set_setting

    agency_id = station_own_agency_id(db)
    set_setting(db, "agency_details." + agency_id, '{"contact_address":"佛山市\\u202e南海区\\u0001桂城街道"}')
    assert agency_details(db, agency_id)["contact_address"] == "佛山市南海区桂城街道"
    status, out, _err = run(capsys, "--data-dir", data_dir, "station", "details")
    assert status == 0 and "联系地址：佛山市南海区桂城街道\n" in out, out


def test_the_dialog_says_the_control_character_under_its_field(db, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog

    dialog = AgencyDetailsDialog(db)
    qtbot.addWidget(dialog)
    dialog.edits["contact_address"].setText("佛山市南海区\u202e桂城街道")
    assert "U+202E" in dialog.errors["contact_address"].text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.edits["contact_address"].setText("佛山市南海区桂城街道")
    assert dialog.errors["contact_address"].text() == ""
    assert dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
