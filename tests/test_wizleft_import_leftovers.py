"""Three leftovers of the complaint import's walkthrough: a file imported already says how to import it again after
an import that read it wrongly (撤回导入… in the window, ``complaints withdraw-file`` on the command line); a run that
stored nothing (a refused file, or one imported already) is not followed by a screening run, which would only write
its audit entry; a whole-number work-order number Excel wrote as 123.0 is work order 123, stored so and found again
whichever way an export writes it, also where an earlier version stored it as 123.0."""

import csv
import json

import pytest

from PySide6.QtWidgets import QPushButton

from tests.helpers import run
from workstation.importing.complaints import import_complaints

HOTLINE = ["工单编号", "受理时间", "来电号码", "诉求人", "被反映对象", "内容描述"]
ROWS = [  # work-order number as Excel's float wrote it, the rest of the row
    ("2026030501.0", ["2026-03-05 10:00:00", "13900001111", "张三", "佛山某某地产有限公司", "每天接到推销楼盘的骚扰电话"]),
    ("2026030502.0", ["2026-03-05 11:00:00", "13900002222", "李四", "某教育公司", "培训机构天天发推销短信"]),
    ("2026030503.0", ["2026-03-05 12:00:00", "13900003333", "王五", "某装修公司", "装修公司推销电话不断"]),
]


def _hotline_csv(path, numbers):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HOTLINE, *([number, *rest] for number, (_written, rest) in zip(numbers, ROWS,
                                                                                                   strict=True))])
    return path


def _as_floats(path):
    """The export as a spreadsheet tool saved it, its work-order numbers as floats: 2026030501.0."""
    return _hotline_csv(path, [written for written, _rest in ROWS])


def _as_numbers(path):
    """The same export as the system wrote it: 2026030501."""
    return _hotline_csv(path, [written[:-2] for written, _rest in ROWS])


def _stored(db):
    return sorted(r[0] for r in db.execute("SELECT external_id FROM complaints"))


def _count(db):
    return db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]


def _screenings(db):
    return db.execute("SELECT COUNT(*) FROM audit WHERE action = 'screen'").fetchone()[0]


# a whole-number work-order number written 123.0 ---------------------------------------------------------------
def test_a_work_order_number_written_as_a_float_is_stored_as_the_number_and_the_other_export_adds_nothing(
        db, tmp_path):
    first = import_complaints(db, [_as_floats(tmp_path / "12345.csv")], profile="12345")
    assert first.imported == 3
    assert _stored(db) == ["2026030501", "2026030502", "2026030503"]
    raw = json.loads(db.execute("SELECT raw FROM complaints ORDER BY source_row LIMIT 1").fetchone()[0])
    assert raw["工单编号"] == "2026030501.0"  # the raw row kept as written
    again = import_complaints(db, [_as_numbers(tmp_path / "12345导出.csv")], profile="12345")
    assert (again.imported, again.duplicates) == (0, 3) and _count(db) == 3


def test_the_export_as_the_system_wrote_it_then_saved_with_floats_adds_nothing(db, tmp_path):
    assert import_complaints(db, [_as_numbers(tmp_path / "12345.csv")], profile="12345").imported == 3
    again = import_complaints(db, [_as_floats(tmp_path / "12345另存.csv")], profile="12345")
    assert (again.imported, again.duplicates) == (0, 3) and _count(db) == 3
    assert again.files[0].already_imported_note()  # said imported already, with the day


def test_only_a_whole_number_written_with_dot_zero_is_read_as_the_number(db, tmp_path):
    kept = ["0123.0", "GD2026.0", "2026-03.0"]  # a leading zero, letters, a dash: ids of their own, as written
    path = _hotline_csv(tmp_path / "12345.csv", kept)
    assert import_complaints(db, [path], profile="12345").imported == 3
    assert _stored(db) == sorted(kept)
    other = _hotline_csv(tmp_path / "12345其他.csv", ["123", "GD2026", "2026-03"])
    assert import_complaints(db, [other], profile="12345").imported == 3  # other work orders, not repeats


@pytest.mark.parametrize("export", [_as_numbers, _as_floats])
def test_a_number_an_earlier_version_stored_as_a_float_is_found_again_not_stored_twice(db, tmp_path, export):
    import_complaints(db, [_as_floats(tmp_path / "12345.csv")], profile="12345")
    with db.atomic():  # as an earlier version stored them: the float as written
        db.execute("UPDATE complaints SET external_id = external_id || '.0'")
    again = import_complaints(db, [export(tmp_path / "12345再导入.csv")], profile="12345")
    assert (again.imported, again.duplicates) == (0, 3)
    assert _stored(db) == sorted(written for written, _rest in ROWS)
    assert again.files[0].already_imported_note()


# a file imported already: how to import it again ------------------------------------------------------------
@pytest.fixture
def station(tmp_path, capsys):
    data = tmp_path / "站点"
    code, _out, err = run(capsys, "--data-dir", data, "init", "--plaintext")
    assert code == 0, err
    return data


def test_the_command_line_names_the_withdrawal_of_a_file_imported_already_and_it_works(station, tmp_path, capsys,
                                                                                     english):
    path = _as_numbers(tmp_path / "12345.csv")
    code, _out, err = run(capsys, "--data-dir", station, "complaints", "import", path)
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", path)
    assert code == 0, err
    assert out.strip().splitlines()[1:] == [
        "If it was imported with a column chosen wrongly, withdraw that import first (complaints withdraw-file "
        "12345.csv), then import the file again."]
    # as it says: withdrawn, the file imports again
    code, _out, err = run(capsys, "--data-dir", station, "complaints", "withdraw-file", "12345.csv")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", path)
    assert code == 0 and "3 rows, 3 imported, 0 duplicates" in out


def test_the_command_line_names_the_file_the_complaints_came_from_quoted_when_it_holds_a_space(
        station, tmp_path, capsys, english):
    first = _as_numbers(tmp_path / "12345 三月.csv")
    code, _out, err = run(capsys, "--data-dir", station, "complaints", "import", first)
    assert code == 0, err
    copy = tmp_path / "副本.csv"
    copy.write_bytes(first.read_bytes())
    code, out, _err = run(capsys, "--data-dir", station, "complaints", "import", copy)
    assert code == 0
    assert '(complaints withdraw-file "12345 三月.csv")' in out.strip().splitlines()[-1]


def test_a_file_name_imported_twice_is_withdrawn_by_the_time_the_hint_names(station, tmp_path, capsys, english):
    """Two exports both called 12345.csv (March's, then April's) are two imports of that name, which withdraw-file
    refuses to choose between: the hint after March's is imported again names its import by its time, which
    withdraws March's complaints and not April's."""
    (tmp_path / "三月").mkdir()
    (tmp_path / "四月").mkdir()
    march = _as_numbers(tmp_path / "三月" / "12345.csv")
    april = _hotline_csv(tmp_path / "四月" / "12345.csv", ["2026040101", "2026040102", "2026040103"])
    for path in (march, april):
        code, _out, err = run(capsys, "--data-dir", station, "complaints", "import", path)
        assert code == 0, err
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", march)
    assert code == 0, err
    hint = out.strip().splitlines()[-1]
    word = hint.split("complaints withdraw-file ", 1)[1].split(")", 1)[0].strip('"')
    assert word != "12345.csv"
    code, out, err = run(capsys, "--data-dir", station, "complaints", "withdraw-file", word, "--json")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", station, "complaints", "imports", "--json")
    assert [(i["file"], i["complaints"]) for i in json.loads(out)] == [("12345.csv", 3)]  # April's
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", march)
    assert code == 0 and "3 rows, 3 imported, 0 duplicates" in out


def test_a_file_with_new_complaints_says_nothing_of_withdrawing(station, tmp_path, capsys, english):
    path = _as_numbers(tmp_path / "12345.csv")
    run(capsys, "--data-dir", station, "complaints", "import", path)
    later = _hotline_csv(tmp_path / "12345续.csv", ["2026030501", "2026030502", "2026030504"])
    code, out, _err = run(capsys, "--data-dir", station, "complaints", "import", later)
    assert code == 0 and "1 imported" in out and "withdraw" not in out


@pytest.mark.gui
def test_the_window_names_its_button_for_withdrawing_a_file_imported_already(db, make_window, prompts, tmp_path,
                                                                           english):
    path = _as_numbers(tmp_path / "12345.csv")
    page = make_window(db).leads_page
    page.run_import([str(path)])
    page.run_import([str(path)])
    said = prompts.infos[-1].splitlines()
    assert said[0].startswith("12345.csv was imported already, on ")
    button = page.findChild(QPushButton, "withdraw_import").text().replace("&", "")
    assert said[1:] == [f"If it was imported with a column chosen wrongly, withdraw that import first (Leads → "
                        f"Complaints by keyword → {button}), then import the file again."]
    assert button == "Quash an import…"


# no screening after a run that stored nothing -----------------------------------------------------------------
@pytest.mark.gui
def test_a_refused_file_is_not_followed_by_a_screening_run(db, make_window, prompts, tmp_path, english):
    refused = tmp_path / "热线.csv"
    refused.write_text("工单编号,受理时间,来电号码,内容描述\n1,2026-03-02 09:00,13800138000,推销楼盘\n"
                       "2,2026-02-30 09:05,13900139000,推销贷款\n", encoding="utf-8")
    page = make_window(db).leads_page
    before = _screenings(db)
    page.run_import([str(refused)])
    assert prompts.errors and _count(db) == 0
    assert _screenings(db) == before  # no audit entry of a screening that had nothing to screen
    page.run_import([str(_as_numbers(tmp_path / "12345.csv"))])  # complaints stored: screened, and audited
    assert _count(db) == 3 and _screenings(db) == before + 1


@pytest.mark.gui
def test_a_file_imported_already_is_not_followed_by_a_screening_run(db, make_window, prompts, tmp_path, english):
    path = _as_numbers(tmp_path / "12345.csv")
    page = make_window(db).leads_page
    page.run_import([str(path)])
    before = _screenings(db)
    page.run_import([str(path)])
    assert "was imported already" in prompts.infos[-1] and _screenings(db) == before
