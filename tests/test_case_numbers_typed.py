"""Case numbers as officers type them: the year's brackets written (), （）, [], ［］ or 【】 are stored as 〔〕, so one
number cannot be stored twice in two writings, and a search typed so finds it; a number whose agency prefix or year
does not fit the case is warned of (a year still to come is refused); a register's refused row says what to write;
and Cancel is heard while an import writes its rows."""

from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from tests.test_register_import import GOOD, HEADER, write_csv
from workstation.errors import Cancelled, ImportRefused, ValidationError
from workstation.importing.register import import_register
from workstation.progress import CancelToken
from workstation.store import (
    CaseFilter,
    agency_id_for_code,
    count_cases,
    create_case,
    list_cases,
    update_case,
)
from workstation.store.cases import case_field_errors

NANHAI = "佛南市监立〔2026〕9号"


@pytest.fixture
def typed_case(db, officers):
    """make(number): a Nanhai case created through the store with the case number as typed."""
    from workstation.records import Case, Party
    from workstation.store import save_party

    party = save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E"))

    def make(number):
        return create_case(db, Case(case_number=number, cause="涉嫌未经消费者同意发送商业性信息案",
                                    sector="real_estate", agency_id=agency_id_for_code("440605"),
                                    party_ids=[party.id], officer_ids=[o.id for o in officers.values()][:2],
                                    status="investigating"))  # a case not filed takes no typed number

    return make


@pytest.mark.parametrize("typed", ["佛南市监立(2026)9号", "佛南市监立（2026）9号", "佛南市监立[2026]9号",
                                   "佛南市监立［2026］9号", "佛南市监立【2026】9号", " 佛南市监立(２０２６)9号 "])
def test_a_number_typed_with_other_brackets_is_stored_with_the_year_in_tortoise_shell_brackets(typed_case, typed):
    assert typed_case(typed).case_number == NANHAI


def test_the_same_number_in_other_brackets_is_refused_as_already_used(db, typed_case, table_counts, english):
    first = typed_case(NANHAI)
    before = table_counts(db)
    for typed in ("佛南市监立(2026)9号", "佛南市监立［2026］9号"):
        with pytest.raises(ValidationError) as refused:
            typed_case(typed)
        assert refused.value.errors["case_number"] == f"Case number {NANHAI} is already used by another case."
    assert table_counts(db) == before
    # the case itself keeps its number however it is typed again when it is edited
    assert update_case(db, replace(first, case_number="佛南市监立(2026)9号")).case_number == NANHAI


def test_a_number_stored_in_another_writing_before_still_counts_as_used(db, typed_case, english):
    old = typed_case("佛南市监立〔2026〕7号")
    db.execute("UPDATE cases SET case_number = '佛南市监立(2026)7号' WHERE id = ?", [old.id])  # an earlier version's
    with pytest.raises(ValidationError) as refused:
        typed_case("佛南市监立【2026】7号")
    assert refused.value.errors["case_number"] == "Case number 佛南市监立(2026)7号 is already used by another case."


def test_a_case_number_with_a_year_still_to_come_is_refused(db, typed_case, table_counts, english, monkeypatch):
    monkeypatch.setattr("workstation.store.cases.today", lambda: "2026-12-01")
    before = table_counts(db)
    with pytest.raises(ValidationError) as refused:
        typed_case("佛南市监立〔2031〕1号")
    assert refused.value.errors["case_number"] == ("The year 2031 of the case number is still to come (this is 2026): "
                                                   "give the year the case was filed in.")
    assert table_counts(db) == before
    assert typed_case("佛南市监立〔2026〕1号").case_number == "佛南市监立〔2026〕1号"


@pytest.mark.parametrize("search", ["〔2026〕5号", "(2026)5号", "佛南市监立(2026)5号", "2026]5", "［2026］5号",
                                    "【2026】5"])
def test_a_search_in_any_brackets_finds_the_numbers_stored_in_tortoise_shell_brackets(demo_db, search):
    canonical = search.translate(str.maketrans("(［【)］】", "〔〔〔〕〕〕")).replace("]", "〕")
    found = [row.case_number for row in list_cases(demo_db, CaseFilter(search=search))]
    assert found and all("〔2026〕5" in number for number in found)
    assert found == [row.case_number for row in list_cases(demo_db, CaseFilter(search=canonical))]
    assert count_cases(demo_db, CaseFilter(search=search)) == len(found)


def test_a_short_search_and_a_party_name_with_brackets_still_find_what_they_did(demo_db):
    assert count_cases(demo_db, CaseFilter(search="(")) == 0
    name = list_cases(demo_db, CaseFilter())[0].party_names.split("、")[0]
    assert count_cases(demo_db, CaseFilter(search=name)) >= 1


# warnings of a number that does not fit its case ------------------------------------------------------------------

def test_a_prefix_of_another_agency_and_a_year_other_than_the_filing_year_are_warned_of(db, english):
    from workstation.case_reference import Abbreviations, number_warnings

    abbreviations = Abbreviations.read(db)
    sanshui = agency_id_for_code("440607")
    nanhai_town = agency_id_for_code("440605011")  # 桂城: numbers with its district bureau's abbreviation
    assert number_warnings("佛南市监立〔2026〕105号", sanshui, "2026-03-02", abbreviations) == [
        "The case number begins with 佛南市监, the abbreviation of 南海区局, but the case is handled by 三水区局 "
        "(佛三市监): check the case number and the district or agency."]
    assert number_warnings("佛南市监立〔2025〕105号", nanhai_town, "2026-03-02", abbreviations) == [
        "The year of the case number is 2025, but the case was filed in 2026: check the case number and the filing "
        "date."]
    assert number_warnings("佛南市监立(2026)105号", nanhai_town, "2026-03-02", abbreviations) == []
    # not written as 简称立〔年〕号: said so (session 65: the dialog and the import alike), its prefix and year unchecked
    assert number_warnings("NH-105", sanshui, "2026-03-02", abbreviations) == [
        "NH-105 is not written as a case number (简称立〔年〕N号, such as 佛三市监立〔2026〕9号): it is kept as written. "
        "Check it."]


def register_row(number, district, filed="2026-03-02"):
    return [number, *GOOD[0][1:3], district, *GOOD[0][4:7], filed, *GOOD[0][8:]]


def test_the_command_line_import_warns_of_a_number_of_another_agency_or_year_and_stores_it_canonical(
        data_dir, tmp_path, capsys, english):
    assert run(capsys, "--data-dir", data_dir, "init", "--plaintext")[0] == 0
    register = write_csv(tmp_path / "台账.csv", [HEADER, register_row("佛南市监立〔2026〕105号", "三水区"),
                                                 register_row("佛南市监立(2025)106号", "南海区"),
                                                 register_row("佛南市监立［2026］107号", "南海区")])
    result = run_json(capsys, "--data-dir", data_dir, "cases", "import", register)
    assert result["imported"] == 3
    assert [(w["row"], w["field"]) for w in result["warnings"]] == [(2, "案件编号"), (3, "案件编号")]
    assert "南海区局" in result["warnings"][0]["message"] and "三水区局" in result["warnings"][0]["message"]
    assert result["warnings"][1]["message"] == ("The year of the case number is 2025, but the case was filed in 2026: "
                                                "check the case number and the filing date.")
    code, out, _err = run(capsys, "--data-dir", data_dir, "cases", "list", "--json")
    assert "佛南市监立〔2026〕107号" in out and "［2026］" not in out and "佛南市监立〔2025〕106号" in out
    # the same register again, its numbers in other brackets: every row is already there
    again = write_csv(tmp_path / "again.csv", [HEADER, register_row("佛南市监立【2026】107号", "南海区")])
    result = run_json(capsys, "--data-dir", data_dir, "cases", "import", again)
    assert (result["imported"], result["skipped"]) == (0, 1)


def test_an_import_refuses_a_case_number_with_a_year_still_to_come(db, tmp_path, table_counts, english, monkeypatch):
    monkeypatch.setattr("workstation.importing.register.today", lambda: "2026-12-01")
    before = table_counts(db)
    register = write_csv(tmp_path / "台账.csv", [HEADER, register_row("佛南市监立〔2031〕1号", "南海区")])
    with pytest.raises(ImportRefused) as refused:
        import_register(db, register)
    assert [(e["row"], e["field"]) for e in refused.value.errors] == [(2, "案件编号")]
    assert "2031" in refused.value.errors[0]["message"] and "still to come" in refused.value.errors[0]["message"]
    assert table_counts(db) == before


def test_a_refused_district_or_violation_lists_what_may_be_written(db, tmp_path, english):
    bad_district = register_row("佛南市监立〔2026〕110号", "火星区")
    bad_violation = [*register_row("佛南市监立〔2026〕111号", "南海区")]
    bad_violation[6] = "乱发广告"
    with pytest.raises(ImportRefused) as refused:
        import_register(db, write_csv(tmp_path / "台账.csv", [HEADER, bad_district, bad_violation]))
    district, violation = (e["message"] for e in refused.value.errors)
    assert district.startswith("火星区 is not a district or town of Foshan: write one of 禅城区、南海区、顺德区、三水区、"
                               "高明区, or the name of a town or subdistrict such as ")
    assert violation == ("乱发广告 is not a known violation type: write 未经同意发送商业性信息/非法提供或泄露个人信息/"
                         "违法收集使用个人信息, several separated by 、.")


# Cancel while the rows are written ---------------------------------------------------------------------------------

def many_rows(count):
    return [register_row(f"佛南市监立〔2026〕{1000 + i}号", "南海区") for i in range(count)]


def test_cancel_while_the_rows_are_written_rolls_everything_back(db, tmp_path, table_counts, monkeypatch, english):
    monkeypatch.setattr("workstation.importing.register.BATCH", 50)
    register = write_csv(tmp_path / "台账.csv", [HEADER, *many_rows(300)])
    before = table_counts(db)
    cancel, reports = CancelToken(), []

    def progress(done, total, message):
        reports.append((done, total, message))
        if message == "Writing cases" and done > 300 * 2:  # the cases themselves are being written
            cancel.cancel()

    with pytest.raises(Cancelled):
        import_register(db, register, progress=progress, cancel=cancel)
    assert table_counts(db) == before
    assert count_cases(db) == 0
    assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'cases_fts_insert'").fetchone()  # trigger kept


def test_an_import_reports_progress_while_writing_and_says_when_it_can_no_longer_be_cancelled(db, tmp_path,
                                                                                             monkeypatch, english):
    monkeypatch.setattr("workstation.importing.register.BATCH", 50)
    register = write_csv(tmp_path / "台账.csv", [HEADER, *many_rows(200)])
    cancel, reports = CancelToken(), []
    import_register(db, register, progress=lambda *report: reports.append(report), cancel=cancel)
    labels = [message for _done, _total, message in reports]
    assert labels.count("Writing cases") >= 4 and labels.count("Indexing cases for search") == 4
    writing = [done for done, _total, message in reports if message not in ("Checking rows", "Done")]
    assert writing == sorted(writing)  # one bar, never going back
    assert "Saving the import; it can no longer be cancelled" in labels and cancel.closed
    assert count_cases(db) == 200 and count_cases(db, CaseFilter(search="(2026)1199号")) == 1


def test_an_import_cancelled_while_it_indexes_the_cases_for_search_stores_nothing(db, tmp_path, table_counts,
                                                                                monkeypatch, english):
    monkeypatch.setattr("workstation.importing.register.BATCH", 50)
    register = write_csv(tmp_path / "台账.csv", [HEADER, *many_rows(200)])
    before = table_counts(db)
    cancel = CancelToken()

    def progress(done, total, message):
        if message == "Indexing cases for search":
            cancel.cancel()

    with pytest.raises(Cancelled):
        import_register(db, register, progress=progress, cancel=cancel)
    assert table_counts(db) == before and not cancel.closed


def test_the_dialog_warns_under_the_number_of_another_agency_and_still_saves(qtbot, db, prompts, make_case, english):
    from ui.case_dialog import CaseDialog

    case = make_case(status="investigating", filed_on="2026-03-02")  # a case not filed takes no typed number
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code("440607")))  # 三水区局
    dialog.case_number.setText("佛南市监立(2026)105号")
    assert dialog.case_number_warning.isVisibleTo(dialog)
    assert "南海区局" in dialog.case_number_warning.text() and "三水区局" in dialog.case_number_warning.text()
    dialog.case_number.setText("佛三市监立(2026)105号")
    assert not dialog.case_number_warning.isVisibleTo(dialog)
    assert "case_number" not in case_field_errors(db, dialog.typed(), existing=True, stored=case)


@pytest.mark.gui
def test_the_progress_dialog_disables_cancel_once_the_work_can_no_longer_be_cancelled(qtbot):
    import threading

    from PySide6.QtWidgets import QPushButton, QWidget

    from ui.task_runner import TaskRunner

    parent, runner, release, results = QWidget(), TaskRunner(), threading.Event(), []
    qtbot.addWidget(parent)
    reported = threading.Event()

    def work(*, progress, cancel):
        progress(1, 3, "writing")
        reported.wait(30)
        cancel.close()
        progress(3, 3, "saving; it can no longer be cancelled")
        release.wait(30)
        return "done"

    runner.run("import", work, results.append, results.append, parent)
    button = parent.findChild(QPushButton, "progress_cancel")
    qtbot.waitUntil(lambda: button.parent().labelText() == "writing", timeout=30000)
    assert button.isEnabled()
    reported.set()
    qtbot.waitUntil(lambda: not button.isEnabled(), timeout=30000)
    assert button.parent().labelText() == "saving; it can no longer be cancelled"
    release.set()
    qtbot.waitUntil(lambda: bool(results), timeout=30000)
    assert runner.wait(30000) and results == ["done"]
