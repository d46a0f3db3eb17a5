"""The evidence audit of session 68 (/tmp/reports68/evidence.md): ID numbers Excel kept as numbers (their last 3
digits lost) are never valid and still count as records, said in their own step; a value beyond the header is
refused naming the file, row and column; sheet names are masked in the count dialog; a text file's encoding refusal
says to add a re-saved copy as evidence, and UTF-16 text with a BOM is read."""

from __future__ import annotations

import codecs
import io

import pytest

from tests.helpers import figure_kept_by
from tests.test_s63_evidence import _csv, _write
from workstation.errors import ImportRefused
from workstation.evidence_count import apply_count, count_bytes, identities, named_apart
from workstation.store import get_case
from workstation.store.evidence import add_evidence, list_evidence
from workstation.validators import id_check_character


def _id18(first17: str) -> str:
    return first17 + id_check_character(first17)


def _ids(n: int) -> list[str]:
    """``n`` ID numbers of digits only (a number ending in X is never kept as a number), of real birth dates."""
    ids = (_id18(f"4406051985{1 + k // 1000 % 12:02d}{1 + k // 10 % 28:02d}{k % 1000:03d}") for k in range(10 * n))
    return [i for i in ids if not i.endswith("X")][:n]


def _as_excel_keeps_it(number: str) -> float:
    """An 18-digit number typed into a cell of Excel's General format: 15 significant digits kept, as a float."""
    return float(f"{int(number):.14e}")


def _xlsx(rows: list[list], sheets: dict[str, list[list]] | None = None) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    for n, (name, sheet_rows) in enumerate((sheets or {"名单": rows}).items()):
        sheet = workbook.active if n == 0 else workbook.create_sheet()
        sheet.title = name
        for row in sheet_rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# 1. ID numbers kept as numbers -------------------------------------------------------------------------------------

def test_ids_excel_kept_as_numbers_count_every_owner_and_none_as_valid():
    ids = _ids(300)
    data = _xlsx([["姓名", "身份证号码", "住址"]] + [[f"业主{n}", _as_excel_keeps_it(i), "佛山市南海区"]
                                                   for n, i in enumerate(ids)])
    count = count_bytes("owners.xlsx", data)
    assert count.distinct == 300
    assert count.invalid == 0 and not count.malformed
    steps = "\n".join(count.steps)
    assert "有效号码 0 个" in steps  # about 1 in 11 would pass the check digit: none is taken as valid
    assert "格式不符" not in steps
    lost = next(step for step in count.steps if "原始文件" in step)
    assert "300" in lost and "文本" in lost and "末 3 位" in lost


def test_a_lost_id_is_one_person_by_name_and_first_15_digits():
    same = _as_excel_keeps_it(_id18("44060519850101123"))
    near = _as_excel_keeps_it(_id18("44060519850101124"))  # the same first 15 digits
    rows = [["姓名", "身份证号码"], ["张三", same], ["张三", same], ["李四", near], ["张三", near]]
    count = count_bytes("owners.xlsx", _xlsx(rows))
    assert count.distinct == 2  # 张三 twice over his 15 digits, and 李四


def _case_people(*counts) -> int:
    """The distinct people of several files of a case, as ``overlap`` and a workbook's sheets merge them."""
    groups = named_apart([count.numbers for count in counts])
    return len(set(identities([person for group in groups for person in group])))


def test_a_true_id_in_one_file_and_its_lost_form_in_another_are_one_person():
    number = _ids(1)[0]
    typed = count_bytes("a.csv", _csv([["姓名", "身份证号码"], ["张三", number]]))
    kept = count_bytes("b.xlsx", _xlsx([["姓名", "身份证号码"], ["张三", _as_excel_keeps_it(number)]]))
    assert _case_people(typed, kept) == 1  # no phone on either row
    on_sheets = count_bytes("w.xlsx", _xlsx([], {"一": [["姓名", "身份证号码"], ["张三", number]],
                                                 "二": [["姓名", "身份证号码"], ["张三", _as_excel_keeps_it(number)]]}))
    assert on_sheets.distinct == 1


def test_a_lost_id_joins_the_true_id_whose_file_alone_gives_the_phone():
    number = _ids(1)[0]
    typed = count_bytes("a.csv", _csv([["姓名", "手机号码", "身份证号码"], ["张三", "13800000001", number]]))
    kept = count_bytes("b.xlsx", _xlsx([["姓名", "身份证号码"], ["张三", _as_excel_keeps_it(number)]]))
    assert _case_people(typed, kept) == 1


def test_text_and_number_cells_of_one_person_on_one_sheet_are_one_person():
    a, b = _ids(2)
    rows = [["姓名", "身份证号码"], ["张三", a], ["张三", _as_excel_keeps_it(a)], ["李四", b]]
    assert count_bytes("w.xlsx", _xlsx(rows)).distinct == 2


def test_a_lost_id_without_a_second_identifier_is_a_record_of_its_own():
    # 2017 interpretation art. 11: counted as seized unless shown duplicated; the same first 15 digits alone do not
    # show it (twins born the same day in the same place share them)
    a, b = _ids(2)
    assert a[:15] == b[:15]
    kept = count_bytes("b.xlsx", _xlsx([["身份证号码", "地址"], [_as_excel_keeps_it(a), "桂城"]]))
    one = count_bytes("a.csv", _csv([["姓名", "身份证号码"], ["张三", a]]))
    assert _case_people(one, kept) == 2
    two = count_bytes("a.csv", _csv([["姓名", "身份证号码"], ["张三", a], ["李四", b]]))
    assert _case_people(two, kept) == 3


def test_a_lost_id_joins_on_its_15_digits_and_the_same_phone():
    a, b = _ids(2)
    one = count_bytes("a.csv", _csv([["手机号码", "身份证号码"], ["13800000001", a], ["13800000002", b]]))
    kept = count_bytes("b.xlsx", _xlsx([["手机号码", "身份证号码"], ["13800000001", _as_excel_keeps_it(a)]]))
    assert _case_people(one, kept) == 2
    other = count_bytes("b.xlsx", _xlsx([["手机号码", "身份证号码"], ["13900000009", _as_excel_keeps_it(a)]]))
    assert _case_people(one, other) == 3  # no phone nor name in common: its own record


def test_twins_lost_in_a_nameless_file_are_two_and_the_step_says_so():
    a, b = _ids(2)
    rows = [["身份证号码", "地址"], [_as_excel_keeps_it(a), "桂城"], [_as_excel_keeps_it(b), "大沥"]]
    count = count_bytes("b.xlsx", _xlsx(rows))
    assert count.distinct == 2
    step = next(step for step in count.steps if "第二项" in step)
    assert "2 人" in step and "至多" in step


def test_twins_with_different_phones_in_a_nameless_file_are_two():
    a, b = _ids(2)
    rows = [["手机号码", "身份证号码"], ["13800000001", a], ["13900000002", _as_excel_keeps_it(b)]]
    assert count_bytes("b.xlsx", _xlsx(rows)).distinct == 2


def test_a_lost_id_sharing_a_phone_with_another_id_is_another_person():
    other = _id18("44060519900202002")
    rows = [["手机号码", "身份证号码"], ["13800000001", _as_excel_keeps_it(_ids(1)[0])], ["13800000001", other]]
    assert count_bytes("b.xlsx", _xlsx(rows)).distinct == 2


def test_a_lost_id_under_a_name_joins_a_nameless_true_id_by_the_same_phone():
    number = _ids(1)[0]
    typed = count_bytes("a.csv", _csv([["手机号码", "身份证号码"], ["13800000001", number]]))
    kept = count_bytes("b.xlsx", _xlsx([["姓名", "手机号码", "身份证号码"],
                                        ["张三", "13800000001", _as_excel_keeps_it(number)]]))
    assert _case_people(typed, kept) == 1


def test_no_step_of_lost_ids_apart_when_none_shares_its_15_digits():
    rows = [["身份证号码", "地址"], [_as_excel_keeps_it(_ids(1)[0]), "桂城"]]
    count = count_bytes("b.xlsx", _xlsx(rows))
    assert count.distinct == 1 and not any("第二项" in step for step in count.steps)


def _program_written(first17: str) -> bytes:
    """A workbook a program wrote with the ID number as an integer: all 18 digits in the file, read as a float."""
    return _xlsx([["姓名", "身份证号码"], ["张三", int(_id18(first17))]])


# (…011991 is the float of …012000 too, as Excel keeps a typed …012xxx: which it was, the cell cannot say)
@pytest.mark.parametrize("first17", ["44060519850101187", "44060519851231999"])
def test_a_program_written_id_keeps_its_first_15_digits_unrounded(first17):
    number = _id18(first17)
    typed = count_bytes("a.csv", _csv([["姓名", "身份证号码"], ["张三", number]]))
    kept = count_bytes("b.xlsx", _program_written(first17))
    assert kept.distinct == 1 and kept.invalid == 0
    assert _case_people(typed, kept) == 1


def _not_born(n: int) -> list[float]:
    """``n`` 18-digit numbers as a workbook keeps them whose digits 7–14 are no birth date (order numbers)."""
    return [float(f"4406059{n:03d}{k:08d}") for k in range(n)]


def test_a_numeric_column_of_order_numbers_is_no_column_of_id_numbers():
    rows = [["客户姓名", "手机号码", "交易流水号"]]
    rows += [[f"客户{i % 10}", f"1380000{i % 10:04d}" if i % 2 else "", number]
             for i, number in enumerate(_not_born(100))]
    count = count_bytes("orders.xlsx", _xlsx(rows))
    assert count.distinct == 5 and not any("末 3 位" in step for step in count.steps)


def test_numbers_shaped_as_id_numbers_are_lost_ids_only_under_an_id_header():
    kept = [_as_excel_keeps_it(i) for i in _ids(20)]
    rows = [["客户姓名", "手机号码", "订单号"]] + [[f"客户{i}", "13800000001" if i == 0 else "", number]
                                                for i, number in enumerate(kept)]
    assert count_bytes("orders.xlsx", _xlsx(rows)).distinct == 1
    headless = [[f"1380000{i % 10:04d}", number] for i, number in enumerate(kept)]
    assert count_bytes("orders.xlsx", _xlsx(headless)).distinct == 10


def test_an_18_digit_number_under_an_id_header_without_a_birth_date_is_no_lost_id():
    rows = [["姓名", "身份证号码"], ["张三", _as_excel_keeps_it(_ids(1)[0])]] + \
        [[f"客户{n}", number] for n, number in enumerate(_not_born(3))]
    count = count_bytes("owners.xlsx", _xlsx(rows))
    assert count.distinct == 1 and count.invalid == 3
    assert "格式不符 3 个" in "\n".join(count.steps)


def test_a_lost_id_needs_a_known_region():
    first17 = "99060519850101123"  # 990605: no division code
    rows = [["姓名", "身份证号码"], ["张三", _as_excel_keeps_it(_id18(first17))], ["李四", _as_excel_keeps_it(_ids(1)[0])]]
    count = count_bytes("owners.xlsx", _xlsx(rows))
    assert count.distinct == 1 and count.invalid == 1


# 2. a value beyond the header --------------------------------------------------------------------------------------

def test_a_number_beyond_the_header_is_refused_naming_file_row_and_column():
    rows = [["姓名", "手机号码"], ["张三", "13800000001"], ["李四", "", "13800000002"], ["王五", "13800000003"]]
    with pytest.raises(ImportRefused) as refused:
        count_bytes("beyond.csv", _csv(rows))
    message = refused.value.message
    assert "beyond.csv" in message and "3" in message and "C" in message
    assert "13800000002" not in message  # personal data: never quoted


def test_a_shifted_row_of_a_workbook_sheet_is_refused_naming_the_sheet():
    rows = [["姓名", "地址", "手机号码"], ["张三", "桂城", "13800000001"], ["李四", "南海区", "桂城", "13800000002"]]
    with pytest.raises(ImportRefused) as refused:
        count_bytes("list.xlsx", _xlsx([], {"名单": rows, "封面": [["说明"]]}))
    assert "名单" in refused.value.message and "D3" in refused.value.message


def test_trailing_empty_cells_are_no_value_beyond_the_header():
    rows = [["姓名", "手机号码"], ["张三", "13800000001", "", ""], ["李四", "13800000002"]]
    assert count_bytes("a.csv", _csv(rows)).distinct == 2


_PHONES = [f"138000000{i:02d}" for i in range(30)]


def _sheet(build) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    build(workbook.active)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_merged_title_over_the_phone_column_is_no_header_of_one_column():
    def build(sheet):
        sheet.append(["业主手机号码名单"])
        sheet.merge_cells("A1:C1")
        sheet.append(["手机号码", "姓名", "地址"])
        for n, phone in enumerate(_PHONES):
            sheet.append([phone, f"业主{n}", "南海"])
    assert count_bytes("title.xlsx", _sheet(build)).distinct == 30


def test_a_two_row_merged_header_is_counted():
    def build(sheet):
        sheet.append(["业主信息", "", "联系方式", ""])
        sheet.merge_cells("A1:B1")
        sheet.merge_cells("C1:D1")
        sheet.append(["姓名", "房号", "手机号码", "身份证号码"])
        for n, phone in enumerate(_PHONES):
            sheet.append([f"业主{n}", "1-101", phone, ""])
    assert count_bytes("two.xlsx", _sheet(build)).distinct == 30


def test_a_note_without_a_header_is_counted_and_said():
    rows = [["姓名", "手机号码"]] + [[f"业主{n}", phone] + (["已联系"] if n == 5 else [])
                                    for n, phone in enumerate(_PHONES)]
    count = count_bytes("notes.xlsx", _xlsx(rows))
    assert count.distinct == 30
    step = next(step for step in count.steps if "表头" in step and "C7" in step)
    assert "已联系" not in step  # the cell named, never quoted


def test_a_total_row_beyond_the_header_is_counted():
    rows = [["姓名", "手机号码"]] + [[f"业主{n}", phone] for n, phone in enumerate(_PHONES)] + [["合计", "", 30]]
    count = count_bytes("total.xlsx", _xlsx(rows))
    assert count.distinct == 30 and any("C32" in step for step in count.steps)


def test_a_shifted_row_beyond_the_widest_header_row_is_refused():
    def build(sheet):
        sheet.append(["业主手机号码名单"])
        sheet.append(["手机号码", "姓名", "地址"])
        for n, phone in enumerate(_PHONES):
            sheet.append([phone, f"业主{n}", "南海"])
        sheet.append(["", "王五", "桂城", "138 0000 0099"])  # the phone shifted to D, beyond the header
    with pytest.raises(ImportRefused) as refused:
        count_bytes("shifted.xlsx", _sheet(build))
    assert "D33" in refused.value.message


def test_a_phone_header_merged_over_two_columns_reads_both():
    def build(sheet):
        sheet.append(["姓名", "房号", "手机号码", ""])
        sheet.merge_cells("C1:D1")
        for n, phone in enumerate(_PHONES):
            sheet.append([f"业主{n}", "1-101", phone if n else "", f"139000000{n:02d}" if n % 3 == 0 else None])
    count = count_bytes("merged.xlsx", _sheet(build))
    assert count.distinct == 30  # the first owner's phone in D alone


def test_a_blank_header_column_of_other_values_is_still_beyond_the_header():
    rows = [["姓名", "手机号码", ""]] + [[f"业主{n}", phone, "已联系"] for n, phone in enumerate(_PHONES)]
    count = count_bytes("notes.xlsx", _xlsx(rows))
    assert count.distinct == 30 and any("表头" in step and "C2" in step for step in count.steps)


@pytest.mark.parametrize("value", [20240501, "20240501", "12345678.5", 123456789])
def test_a_value_beyond_the_header_that_reads_as_no_phone_or_id_is_not_refused(value):
    rows = [["姓名", "手机号码"]] + [[f"业主{n}", phone, value] for n, phone in enumerate(_PHONES)]
    count = count_bytes("dates.xlsx", _xlsx(rows))
    assert count.distinct == 30 and any("C2" in step for step in count.steps)


@pytest.mark.parametrize("value", ["0757-86220000", "(0757)86220000", "440605198501011238", "13800000099",
                                   "44060519850101123X"])
def test_a_landline_or_id_beyond_the_header_is_refused(value):
    rows = [["姓名", "手机号码"], ["张三", "13800000001"], ["李四", "13800000002", value]]
    with pytest.raises(ImportRefused) as refused:
        count_bytes("beyond.xlsx", _xlsx(rows))
    assert "C3" in refused.value.message


def test_a_refused_count_changes_nothing(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02")
    rows = [["姓名", "手机号码"], ["张三", "13800000001"], ["李四", "", "13800000002"]]
    item = add_evidence(db, data_dir, case.id, _write(tmp_path, "beyond.csv", rows))
    before = get_case(db, case.id)
    with pytest.raises(ImportRefused):
        apply_count(db, data_dir, case.id, item.id, "other")
    assert get_case(db, case.id) == before
    assert list_evidence(db, case.id)[0].record_count is None


# 5. encodings ------------------------------------------------------------------------------------------------------

def test_utf16_text_with_a_bom_is_counted():
    text = "姓名\t手机号码\r\n张三\t13800000001\r\n李四\t13800000002\r\n"
    assert count_bytes("unicode.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")).distinct == 2


def test_a_file_mixing_utf8_and_gb18030_is_said_to_mix_them_and_to_add_a_resaved_copy_as_evidence(english):
    data = "姓名,手机号码\n张三,13800000001\n".encode() + "李四,13800000002\n".encode("gb18030")
    with pytest.raises(ImportRefused) as refused:
        count_bytes("mixed.csv", data)
    message = refused.value.message
    assert "mixed.csv" in message and "row 3" in message
    assert "evidence" in message and "import" not in message.lower()
    assert "mixes encodings" in message and "UTF-8" in message and "neither" not in message


def test_a_file_neither_utf8_nor_gb18030_is_said_so(english):
    with pytest.raises(ImportRefused) as refused:
        count_bytes("bad.csv", b"a,b\n\x81\x20\x81\x20\n")
    assert "neither UTF-8 nor GB18030" in refused.value.message


# 7. figures kept by an older counting rule -------------------------------------------------------------------------

def test_a_figure_kept_by_rule_2_is_worked_out_again(db, data_dir, make_case, tmp_path):
    """Lost IDs count as records since rule 3: a case's figure kept by rule 2 (lost IDs left out, maybe low) is not
    taken, its files read again; the same figure kept by the current rule is."""
    from tests.test_s65_evidence import _two_lists
    from workstation import evidence_count

    case, second = _two_lists(db, data_dir, make_case, tmp_path)
    apply_count(db, data_dir, case.id, second.id, "other")
    assert figure_kept_by(db, data_dir, case, 2) == 899  # the files read again
    assert figure_kept_by(db, data_dir, case, evidence_count.COUNT_RULE) == 123


# 4. sheet names masked in the count dialog -------------------------------------------------------------------------

def test_the_count_dialog_masks_phone_numbers_in_sheet_names(db, data_dir, make_case, tmp_path, qtbot, english):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tests.conftest import ScriptedPrompts
    from ui.case_evidence import CaseEvidence, CountDialog
    from ui.task_runner import ImmediateRunner
    from workstation.store import get_case as case_of

    case = make_case(status="investigating", filed_on="2026-03-02")
    path = tmp_path / "list.xlsx"
    path.write_bytes(_xlsx([], {"业务员13912345678": [["手机号码"], ["13800000001"]],
                                "其他": [["手机号码"], ["13800000002"]]}))
    add_evidence(db, data_dir, case.id, path)
    section = CaseEvidence(db, data_dir, case_of(db, case.id), ScriptedPrompts(), runner=ImmediateRunner())
    qtbot.addWidget(section)
    seen = {}

    def look():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CountDialog)
        seen["steps"] = dialog.steps.text()
        dialog.reject()

    QTimer.singleShot(0, look)
    section.view.selectRow(0)
    section.count_selected()
    assert "业务员" in seen["steps"] and "13912345678" not in seen["steps"]


# 6. masked numbers said apart --------------------------------------------------------------------------------------

def test_masked_numbers_are_tallied_as_masked():
    rows = [["姓名", "手机号码"], ["张三", "13800000001"], ["李四", "138****5678"], ["王五", "138＊＊＊＊5679"],
            ["赵六", "1380000"]]
    count = count_bytes("a.csv", _csv(rows))
    step = next(step for step in count.steps if "手机号码列" in step)
    assert "格式不符 3 个" in step and "已脱敏（如 138****5678）2 个" in step
