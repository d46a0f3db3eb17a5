"""The case register import as the audit of session 58 found it wanting: a 编号 column (a register's running serial
1, 2, 3) is not read as the case number (a 编号 column of case numbers is), a case number not written 简称立〔年〕N号 is
warned of, and a row whose number is stored as another party's case of another 案由 or 立案日期 is refused, not skipped
(a party renamed since is skipped); a case imported 已结案 with no step recorded can be corrected; a row without its
立案日期 is refused (not one stored already), one decided without its 决定日期 warned of; a case number written
otherwise (〔2026〕57 without 号, 立字, 〔二〇二六〕) still holds its serial, never given again, inside number blocks too; a
station does not number another bureau's rows (it skips those stored already), and lists the numbers it gave; a
register on a hidden sheet is named; and an amount written "/", "—", "－" or "无" is none, one with a note in brackets
refused saying where the note goes."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import openpyxl
import pytest

from tests.helpers import program_day, run
from workstation.documents.number_blocks import add_block
from workstation.errors import ImportRefused, ValidationError
from workstation.importing.register import RegisterRefused, import_register, warning_counts, warning_lines
from workstation.records import CaseEvent
from workstation.station import ensure_station
from workstation.store import (
    agency_id_for_code,
    find_case,
    get_case,
    get_party,
    list_cases,
    save_party,
    update_case,
)
from workstation.store.base import set_setting
from workstation.store.cases import add_event, closed_figures_note

HEADER = ["案件编号", "当事人", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态", "罚款金额（元）"]
NANHAI, CHANCHENG = "440605", "440604"


@pytest.fixture(autouse=True)
def _late_in_2026(monkeypatch):
    """The registers' dates are of 2026: the imports run as on 2026-12-05 (a case without a number is numbered in
    its filing year)."""
    program_day(monkeypatch, "2026-12-05")


def row(number="", party="佛山市南海区某甲公司", district="南海区", filed="2026-03-05", status="立案调查", fine="",
        cause="涉嫌未经同意发送商业性信息案"):
    return [number, party, district, "其他", cause, "未经同意发送商业性信息", filed, status, fine]


def write_csv(path, lines):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def numbers(db) -> dict[str, str]:
    """{party name: case number} of the stored cases."""
    return {c.party_names: c.case_number for c in list_cases(db, limit=100)}


def refused(db, path) -> list[dict]:
    with pytest.raises(RegisterRefused) as refusal:
        import_register(db, path)
    return refusal.value.errors


# 1. 编号 is no case number; a number not written as one is warned of; a number stored as another party's case ------

def test_a_column_headed_bianhao_is_not_read_as_the_case_number(db, tmp_path, english):
    header = ["编号", *HEADER[1:]]
    first = write_csv(tmp_path / "南海.csv", [header, [1, *row(party="佛山市南海区编号甲公司")[1:]],
                                            [2, *row(party="佛山市南海区编号乙公司")[1:]]])
    result = import_register(db, first)
    assert result.imported == 2 and "编号" in result.ignored_columns
    assert numbers(db) == {"佛山市南海区编号甲公司": "佛南市监立〔2026〕1号", "佛山市南海区编号乙公司": "佛南市监立〔2026〕2号"}
    # another office's register numbered 1, 2 too: its rows are other cases, imported, not skipped as stored
    second = write_csv(tmp_path / "狮山.csv", [header, [1, *row(party="佛山市南海区狮山丙公司", district="狮山镇")[1:]],
                                             [2, *row(party="佛山市南海区狮山丁公司", district="狮山镇")[1:]]])
    result = import_register(db, second)
    assert (result.imported, result.skipped) == (2, 0)
    assert len(numbers(db)) == 4


def test_a_case_number_not_written_as_one_is_warned_of_naming_the_row_and_value(db, tmp_path, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, row("3"), row("佛南市监立〔2026〕9号", party="佛山市南海区某乙公司")])
    result = import_register(db, path)
    assert result.imported == 2
    [warning] = [w for w in result.warnings if w["field"] == "案件编号"]
    assert warning["row"] == 2
    assert "3 is not written as a case number" in warning["message"] and "立〔" in warning["message"]


def test_a_row_whose_number_is_stored_as_another_partys_case_is_refused_naming_both(db, tmp_path, english):
    import_register(db, write_csv(tmp_path / "一.csv", [HEADER, row("佛南市监立〔2026〕5号")]))
    # another party, and another filing date: another case (an office's running serial, a number mistyped)
    errors = refused(db, write_csv(tmp_path / "二.csv", [HEADER, row("佛南市监立〔2026〕5号", party="佛山市南海区某乙公司",
                                                                     filed="2026-04-09")]))
    [error] = errors
    assert (error["row"], error["field"]) == (2, "案件编号")
    assert "佛山市南海区某甲公司" in error["message"] and "佛山市南海区某乙公司" in error["message"]
    assert numbers(db) == {"佛山市南海区某甲公司": "佛南市监立〔2026〕5号"}
    # the same party's row is the stored case: skipped, as before
    result = import_register(db, write_csv(tmp_path / "三.csv", [HEADER, row("佛南市监立(2026)5号")]))
    assert (result.imported, result.skipped) == (0, 1)


# 2. a case imported 已结案, with no step recorded, can be corrected -------------------------------------------------

def imported_closed(db, tmp_path):
    import_register(db, write_csv(tmp_path / "台账.csv", [HEADER, row("佛南市监立〔2026〕7号", status="已结案", fine="8000")]))
    return find_case(db, "佛南市监立〔2026〕7号")


def test_a_closed_case_imported_without_steps_takes_corrected_figures_and_cause_audited(db, tmp_path, english):
    case = imported_closed(db, tmp_path)
    assert closed_figures_note(case, db) is None
    before = db.execute("SELECT COUNT(*) FROM audit WHERE entity = 'case' AND entity_id = ?", [case.id]).fetchone()[0]
    saved = update_case(db, replace(case, fine_fen=900_000, records_other=12, cause="涉嫌出售个人信息案"))
    assert (saved.fine_fen, saved.records_other, saved.cause) == (900_000, 12, "涉嫌出售个人信息案")
    after = db.execute("SELECT COUNT(*) FROM audit WHERE entity = 'case' AND entity_id = ?", [case.id]).fetchone()[0]
    assert after == before + 1


def test_a_closed_case_with_a_step_recorded_keeps_its_figures(db, tmp_path, english):
    case = imported_closed(db, tmp_path)
    add_event(db, CaseEvent(case_id=case.id, kind="transition", at="2026-11-01T10:00:00+08:00", actor="张伟",
                            from_status="performed", to_status="closed", on_date="2026-11-01"))
    case = get_case(db, case.id)
    assert "closed" in closed_figures_note(case, db)
    with pytest.raises(ValidationError) as refusal:
        update_case(db, replace(case, fine_fen=900_000))
    assert "fine_fen" in refusal.value.errors
    assert get_case(db, case.id).fine_fen == 800_000


# 3. a row without its 立案日期 is refused; one decided without its 决定日期 is warned of ------------------------------

def test_a_row_without_its_filing_date_is_refused_naming_row_and_column(db, tmp_path, english):
    errors = refused(db, write_csv(tmp_path / "台账.csv", [HEADER, row(filed=""), row("佛南市监立〔2025〕88号",
                                                                                    party="佛山市南海区某乙公司",
                                                                                    filed="", status="已结案")]))
    assert [(e["row"], e["field"]) for e in errors] == [(2, "立案日期"), (3, "立案日期")]
    assert "filing date" in errors[0]["message"]
    assert list_cases(db) == []


def test_a_register_without_a_filing_date_column_names_the_column_it_needs(db, tmp_path, english):
    header = [h for h in HEADER if h != "立案日期"]
    line = [v for h, v in zip(HEADER, row(), strict=True) if h != "立案日期"]
    [error] = refused(db, write_csv(tmp_path / "台账.csv", [header, line]))
    assert (error["row"], error["field"]) == (2, "立案日期")


def test_a_decided_row_without_its_decision_date_is_imported_with_a_warning(db, tmp_path, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER + ["决定日期"],
                                           row("佛南市监立〔2026〕3号", status="已决定", fine="5000") + [""],
                                           row("佛南市监立〔2026〕4号", party="佛山市南海区某乙公司", status="已结案",
                                               fine="5000") + ["2026-04-01"]])
    result = import_register(db, path)
    assert result.imported == 2
    [warning] = [w for w in result.warnings if w["field"] == "决定日期"]
    assert warning["row"] == 2 and "decision date" in warning["message"] and "2026-03-05" in warning["message"]


# 4. a case number written otherwise keeps its serial ---------------------------------------------------------------

def test_serials_of_numbers_written_otherwise_are_not_given_again(db, tmp_path, english):
    odd = ["佛南市监立〔2026〕57", "佛南市监立字〔2026〕第51号", "佛南市监立〔二〇二六〕58号"]
    result = import_register(db, write_csv(tmp_path / "一.csv", [HEADER] + [
        row(number, party=f"佛山市南海区号{i}公司") for i, number in enumerate(odd)]))
    assert result.imported == 3
    assert sorted(w["row"] for w in result.warnings if w["field"] == "案件编号") == [2, 3, 4]
    import_register(db, write_csv(tmp_path / "二.csv", [HEADER, row(party="佛山市南海区后来公司", filed="2026-08-02")]))
    assert numbers(db)["佛山市南海区后来公司"] == "佛南市监立〔2026〕59号"


# 5. a station numbers no other bureau's rows, and lists the numbers it gave ----------------------------------------

def test_a_station_refuses_another_bureaus_row_without_a_number(db, tmp_path, english):
    set_setting(db, "station_agency", agency_id_for_code(NANHAI))
    errors = refused(db, write_csv(tmp_path / "台账.csv", [HEADER, row(), row(party="佛山市禅城区某己公司",
                                                                             district="禅城区")]))
    [error] = errors
    assert error["row"] == 3 and "禅城区局" in error["message"] and "register" in error["message"]
    # numbered from that bureau's register, the row is imported under it, with the warning of another district
    result = import_register(db, write_csv(tmp_path / "台账2.csv", [HEADER, row("佛禅市监立〔2026〕4号",
                                                                               party="佛山市禅城区某己公司",
                                                                               district="禅城区")]))
    assert result.imported == 1
    assert find_case(db, "佛禅市监立〔2026〕4号").agency_id == agency_id_for_code(CHANCHENG)


def test_the_numbers_given_to_rows_without_one_are_listed(db, tmp_path, english):
    import_register(db, write_csv(tmp_path / "一.csv", [HEADER, row("佛南市监立〔2026〕3号")]))
    result = import_register(db, write_csv(tmp_path / "二.csv", [HEADER, row("佛南市监立〔2026〕3号"),
                                                               row(party="佛山市南海区某乙公司")]))
    assert result.as_dict()["numbered"] == [{"row": 3, "case_number": "佛南市监立〔2026〕4号"}]
    lines = warning_lines(result.warnings)
    assert "佛南市监立〔2026〕4号" in lines[-1] and lines[-1].startswith("row 3, 案件编号:")
    assert any("numbered" in line for line in warning_counts(result.warnings))


def test_the_command_line_lists_the_numbers_given(db, data_dir, tmp_path, capsys, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, row(party="佛山市南海区某乙公司")])
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path, "--json")
    assert code == 0, err
    assert json.loads(out)["numbered"] == [{"row": 2, "case_number": "佛南市监立〔2026〕1号"}]
    path = write_csv(tmp_path / "台账2.csv", [HEADER, row(party="佛山市南海区某丙公司")])
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path)
    assert code == 0, err
    assert "佛南市监立〔2026〕2号" in out


# 6. a register on a hidden sheet ------------------------------------------------------------------------------------

def test_a_register_on_a_hidden_sheet_is_named_and_unhiding_it_asked(db, tmp_path, english):
    book = openpyxl.Workbook()
    book.active.title = "填报说明"
    book.active.append(["填报说明：本表按月报送。"])
    hidden = book.create_sheet("2026年台账")
    hidden.append(HEADER)
    hidden.append(row("佛南市监立〔2026〕3号"))
    hidden.sheet_state = "hidden"
    book.create_sheet("汇总").append(["区", "案件数"])
    book.save(tmp_path / "台账.xlsx")
    with pytest.raises(ImportRefused) as refusal:
        import_register(db, tmp_path / "台账.xlsx")
    assert "2026年台账" in refusal.value.message and "hidden" in refusal.value.message
    assert "unhide" in refusal.value.message.lower()
    assert list_cases(db) == []


# 7. amounts written as none, or with a note ------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["/", "—", "－", "无"])
def test_an_amount_written_as_a_dash_or_none_is_none(db, tmp_path, written):
    path = write_csv(tmp_path / "台账.csv", [HEADER, row("佛南市监立〔2026〕3号", status="已决定", fine=written)])
    assert import_register(db, path).imported == 1
    assert find_case(db, "佛南市监立〔2026〕3号").fine_fen == 0


def test_an_amount_with_a_note_in_brackets_is_refused_saying_where_the_note_goes(db, tmp_path, english):
    [error] = refused(db, write_csv(tmp_path / "台账.csv", [HEADER, row("佛南市监立〔2026〕3号", status="已决定",
                                                                        fine="30,000元（已缴）")]))
    assert error["field"] == "罚款金额（元）"
    assert "bracket" in error["message"] and "another column" in error["message"]
    assert "thousands" not in error["message"]


# 8. (the audit's read of this session's change) ------------------------------------------------------------------

def test_a_bianhao_column_of_case_numbers_is_read_as_the_case_number(db, tmp_path, english):
    header = ["编号", *HEADER[1:]]
    path = write_csv(tmp_path / "台账.csv", [header, ["佛南市监立〔2026〕5号", *row(party="佛山市南海区编号甲公司")[1:]],
                                           ["佛南市监立〔2026〕6号", *row(party="佛山市南海区编号乙公司")[1:]],
                                           ["", *row(party="佛山市南海区编号丙公司")[1:]]])
    result = import_register(db, path)
    assert result.imported == 3 and "编号" not in result.ignored_columns
    stored = numbers(db)
    assert (stored["佛山市南海区编号甲公司"], stored["佛山市南海区编号乙公司"]) == ("佛南市监立〔2026〕5号", "佛南市监立〔2026〕6号")
    # the row with its cell empty is numbered on import, as under 案件编号
    assert result.as_dict()["numbered"] == [{"row": 4, "case_number": stored["佛山市南海区编号丙公司"]}]
    # imported again: every row is the stored case
    assert (import_register(db, path).imported, import_register(db, path).skipped) == (0, 3)


def test_a_bianhao_column_beside_a_case_number_column_is_not_read(db, tmp_path, english):
    path = write_csv(tmp_path / "台账.csv", [["编号", *HEADER], ["佛南市监立〔2026〕1号", *row("佛南市监立〔2026〕5号")]])
    result = import_register(db, path)
    assert "编号" in result.ignored_columns
    assert numbers(db) == {"佛山市南海区某甲公司": "佛南市监立〔2026〕5号"}


def test_a_row_of_a_renamed_party_is_skipped_as_its_stored_case(db, tmp_path, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, row("佛南市监立〔2026〕5号")])
    import_register(db, path)
    party = get_party(db, find_case(db, "佛南市监立〔2026〕5号").party_ids[0])
    save_party(db, replace(party, name="佛山市南海区某甲科技有限公司"))
    result = import_register(db, path)
    assert (result.imported, result.skipped) == (0, 1)
    [warning] = result.warnings
    assert warning["skipped"] and warning["differs"]
    assert "佛山市南海区某甲科技有限公司" in warning["message"] and "佛山市南海区某甲公司" in warning["message"]
    # of another 案由 too, it is another case: refused
    errors = refused(db, write_csv(tmp_path / "二.csv", [HEADER, row("佛南市监立〔2026〕5号", cause="涉嫌出售个人信息案")]))
    assert [(e["row"], e["field"]) for e in errors] == [(2, "案件编号")]


def test_rows_stored_without_a_filing_date_are_skipped_when_imported_again(db, tmp_path, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, row("佛南市监立〔2025〕88号", filed=""),
                                           row(party="佛山市南海区某乙公司", filed="")])
    # as imported before a filing date was required: the cases stored without one
    import_register(db, write_csv(tmp_path / "旧.csv", [HEADER, row("佛南市监立〔2025〕88号", filed="2025-03-05"),
                                                        row(party="佛山市南海区某乙公司", filed="2025-03-05")]))
    db.execute("UPDATE cases SET filed_on = NULL")
    result = import_register(db, path)
    assert (result.imported, result.skipped) == (0, 2)
    # a row not stored is refused still
    [error] = refused(db, write_csv(tmp_path / "新.csv", [HEADER, row(party="佛山市南海区某丙公司", filed="")]))
    assert (error["row"], error["field"]) == (2, "立案日期")


def test_another_bureaus_rows_stored_before_are_skipped_at_a_station(db, tmp_path, english):
    path = write_csv(tmp_path / "台账.csv", [HEADER, row(), row(party="佛山市禅城区某己公司", district="禅城区")])
    assert import_register(db, path).imported == 2  # as imported before the station numbered no other bureau's row
    set_setting(db, "station_agency", agency_id_for_code(NANHAI))
    result = import_register(db, path)
    assert (result.imported, result.skipped) == (0, 2)


def test_a_serial_written_otherwise_is_not_given_inside_the_stations_blocks(db, data_dir, tmp_path, english):
    add_block(db, agency_code=NANHAI, type_code="立", year=2026, first=51, last=60,
              station_id=ensure_station(db, data_dir).id)
    import_register(db, write_csv(tmp_path / "一.csv", [HEADER, row("佛南市监立字〔2026〕第51号")]))
    import_register(db, write_csv(tmp_path / "二.csv", [HEADER, row(party="佛山市南海区后来公司", filed="2026-08-02")]))
    assert numbers(db)["佛山市南海区后来公司"] == "佛南市监立〔2026〕52号"
