"""The evidence audit (session 59): a parent's phone column is not the student's own number; a cell holding two
mobile numbers, or a number with a note, is counted, not dropped; the 证据提取单 says electronic data was copied
(复制), as the 电子数据证据提取笔录 does; the lists of evidence of the 告知书/决定书/调查终结报告 give identical items
once with their number (照片600张); counting an item reads only the counted items of the categories concerned, and a
void reads the case's files once with progress and Cancel; the 笔录's figure is not worked out from large files on the
window's thread, left blank with a note instead; a .csv of nothing but zero bytes is said not to be a text table."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import count_in_dialog, run
from tests.test_s53_evidence import LATE, defaults
from workstation.errors import Cancelled, WorkstationError
from workstation.evidence_count import apply_count, count_bytes, count_rows, void_and_recount
from workstation.filestore import file_path
from workstation.formkit.proof import evidence_proof
from workstation.progress import CancelToken
from workstation.store import get_case, update_case
from workstation.store.evidence import add_evidence, evidence_context, get_evidence, nothing_new_note


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _phones(header: str, numbers) -> str:
    return header + "\n" + "".join(f"{n}\n" for n in numbers)


# 4. a parent's phone is not the student's own ----------------------------------------------------------------------

@pytest.mark.parametrize("parent", ["家长手机", "父亲电话", "母亲手机", "配偶电话", "家属联系电话", "监护人手机",
                                    "亲属电话", "紧急联系人手机"])
def test_a_column_of_someone_else_s_phone_does_not_merge_the_people_of_a_list(parent):
    rows = [["学生姓名", "学生手机", parent]]
    for family in range(100):  # two children per family, each with a phone of their own
        for child in range(2):
            rows.append([f"学生{family}-{child}", f"1370{family:03d}{child:04d}", f"1390000{family:04d}"])
    count = count_rows("学员名单.csv", rows)
    assert count.distinct == 200 and count.columns == ("学生手机",)
    assert parent not in count.summary


# 5. two numbers in one cell, or a number with a note ----------------------------------------------------------------

def test_a_cell_with_two_mobile_numbers_or_a_note_is_counted():
    rows = [["姓名", "联系电话"]] + [[f"人{i}", f"1380000{i:04d}/1390000{i:04d}"] for i in range(100)] + \
           [[f"x{i}", f"1370000{i:04d}（本人）"] for i in range(10)] + [["y", "13600000000"], ["z", "无"]]
    count = count_rows("客户名单.csv", rows)
    assert count.distinct == 111 and count.invalid == 1
    assert "有效号码 211 个" in count.summary  # each number of a cell, of that row's person
    assert "110 格" in count.summary  # the cells whose numbers were taken out of other text, said


def test_two_rows_sharing_one_of_their_numbers_are_one_person():
    rows = [["姓名", "手机"], ["甲", "13800000001、13800000002"], ["甲", "13800000002"]]
    assert count_rows("名单.csv", rows).distinct == 1


def test_numbers_written_in_a_column_not_named_as_phones_are_not_taken_out_of_its_text():
    rows = [["接收号码", "短信内容"]] + [[f"1390000{i:04d}", "【某装修】优惠套餐，咨询13800000000"] for i in range(20)]
    count = count_rows("短信.csv", rows)
    assert count.distinct == 20 and count.columns == ("接收号码",)


# 7. the 证据提取单's 提取方式 of electronic data --------------------------------------------------------------------

def test_the_extraction_list_says_electronic_data_was_copied(db, data_dir, make_case, tmp_path):
    case = make_case()
    for n, (name, kind) in enumerate((("客户名单.csv", "customer_list"), ("短信.csv", "sms_log"),
                                      ("库.db", "electronic_data"))):
        add_evidence(db, data_dir, case.id, _file(tmp_path, name, _phones("手机", [f"1380013800{n}"])), kind=kind,
                     collected_on="2026-03-10")
    rows = evidence_context(db, get_case(db, case.id))["evidence.rows"].splitlines()
    assert [row.split(" | ")[4] for row in rows] == ["复制", "复制", "复制"]


# 6. identical items listed once, with their number ------------------------------------------------------------------

def test_photos_of_one_day_are_one_line_of_the_notices_evidence(db, data_dir, make_case, tmp_path):
    case = make_case()
    for n in range(6):
        (tmp_path / f"照片{n}.jpg").write_bytes(b"\xff\xd8 photo %d" % n)
        add_evidence(db, data_dir, case.id, tmp_path / f"照片{n}.jpg", kind="photo",
                     collected_on="2026-03-10" if n < 5 else "2026-03-11")
    add_evidence(db, data_dir, case.id, _file(tmp_path, "客户名单.csv", _phones("手机", ["13800138000"])),
                 kind="customer_list", collected_on="2026-03-10")
    add_evidence(db, data_dir, case.id, _file(tmp_path, "客户名单2.csv", _phones("手机", ["13800138001"])),
                 kind="customer_list", collected_on="2026-03-10")
    proof = evidence_proof(db, get_case(db, case.id), "company")
    assert proof == ("1.照片5张（2026年3月10日）；\n2.照片一份（2026年3月11日）；\n"
                     "3.客户名单2份（电子数据，2026年3月10日）。")
    assert defaults(db, case, "pre_penalty_notice")["evidence"] == proof


# 1. counting reads only the items of the categories concerned --------------------------------------------------------

@pytest.fixture
def three_counted(db, data_dir, make_case, tmp_path):
    """A case with a list counted as sensitive (D) and one as other (E), and a third list not counted yet."""
    case = make_case()
    items = [add_evidence(db, data_dir, case.id, _file(tmp_path, name, _phones("手机", numbers)),
                          kind="customer_list", collected_on="2026-03-10")
             for name, numbers in (("身份名单.csv", ["13800000001", "13800000002"]),
                                   ("客户名单.csv", ["13800000002", "13800000003"]),
                                   ("新名单.csv", ["13800000003", "13800000004", "13800000005"]))]
    apply_count(db, data_dir, case.id, items[0].id, "sensitive")
    apply_count(db, data_dir, case.id, items[1].id, "other")
    return case, items


def test_counting_into_one_category_does_not_read_another_category_s_files(db, data_dir, three_counted, capsys,
                                                                          english):
    case, (sensitive, other, new) = three_counted
    file_path(data_dir, sensitive.sha256).unlink()  # not read: a count of “other” does not need it
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "count", case.id, "3", "--category", "other")
    assert code == 0, err
    assert get_case(db, case.id).records_other == 4  # 2 + 3 − 1 found in both lists of “other”
    assert "− 不同证据间重复 1 = 4 条" in out


@pytest.mark.gui
def test_the_window_reads_the_other_files_of_the_category_chosen(db, data_dir, three_counted, make_window, prompts):
    case, (sensitive, other, new) = three_counted
    file_path(data_dir, sensitive.sha256).unlink()
    result = count_in_dialog(make_window(db).open_case(case.id), 2, "other")
    assert "客户名单.csv 2 + 新名单.csv 3 − 不同证据间重复 1 = 4 条" in result
    assert prompts.errors == [] and get_case(db, case.id).records_other == 4


@pytest.mark.gui
def test_the_window_reads_the_files_of_a_category_chosen_in_the_dialog(db, data_dir, three_counted, make_window,
                                                                      prompts):
    case, (sensitive, other, new) = three_counted
    result = count_in_dialog(make_window(db).open_case(case.id), 2, "sensitive")
    assert "身份名单.csv 2 + 新名单.csv 3 = 5 条" in result  # nothing in common with the sensitive list
    assert prompts.errors == [] and get_case(db, case.id).records_sensitive == 5


@pytest.mark.gui
def test_a_category_whose_file_cannot_be_read_is_said_and_the_one_read_chosen_again(db, data_dir, three_counted,
                                                                                   make_window, prompts, english):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QPushButton

    case, (sensitive, other, new) = three_counted
    file_path(data_dir, sensitive.sha256).unlink()
    workspace = make_window(db).open_case(case.id)
    workspace.evidence.view.selectRow(2)
    seen = {}

    def choose_sensitive():
        dialog = QApplication.activeModalWidget()
        dialog.category.setCurrentIndex(dialog.category.findData("sensitive"))
        seen["category"], seen["result"] = dialog.category.currentData(), dialog.result.text()
        dialog.reject()

    QTimer.singleShot(0, choose_sensitive)
    workspace.evidence.findChild(QPushButton, "count_records").click()
    assert len(prompts.errors) == 1 and "evidence item 1 (身份名单.csv) is missing" in prompts.errors[0]
    assert seen["category"] == "other" and "客户名单.csv 2 + 新名单.csv 3 − 不同证据间重复 1 = 4 条" in seen["result"]
    assert get_evidence(db, new.id).record_count is None  # nothing counted


# 2. a void reads the files once, with progress and Cancel ----------------------------------------------------------

def test_a_void_reads_each_file_once_and_says_so(db, data_dir, three_counted, english):
    case, (sensitive, other, new) = three_counted
    apply_count(db, data_dir, case.id, new.id, "other")
    assert get_case(db, case.id).records_other == 4
    said = []
    void_and_recount(db, data_dir, other.id, "登记错误", cancel=CancelToken(),
                     progress=lambda done, total, message: said.append(message))
    assert get_case(db, case.id).records_other == 3
    reading = [message for message in said if message.startswith(("Reading", "Comparing"))]
    assert sorted(dict.fromkeys(reading)) == ["Reading 客户名单.csv", "Reading 新名单.csv"]
    for name in ("客户名单.csv", "新名单.csv"):  # each read once, not once for each total
        assert said.count(f"Reading {name}") == 1


def test_a_void_cancelled_while_the_files_are_read_changes_nothing(db, data_dir, three_counted):
    case, (sensitive, other, new) = three_counted
    apply_count(db, data_dir, case.id, new.id, "other")
    token = CancelToken()

    def progress(done, total, message):
        token.cancel()  # the officer pressed Cancel while the first file was read

    with pytest.raises(Cancelled):
        void_and_recount(db, data_dir, other.id, "登记错误", cancel=token, progress=progress)
    assert not get_evidence(db, other.id).void_reason and get_case(db, case.id).records_other == 4


# 3. the 笔录's figure not worked out from large files on the window's thread -----------------------------------------

def test_the_record_of_large_files_leaves_its_figure_blank_saying_why(db, data_dir, investigating, tmp_path,
                                                                      monkeypatch, english):
    from workstation import evidence_count

    case = investigating
    a = add_evidence(db, data_dir, case.id, _file(tmp_path, "名单甲.csv", _phones("电话", ["13800138000",
                                                                                       "13800138001"])),
                     kind="customer_list", collected_on=LATE)
    b = add_evidence(db, data_dir, case.id, _file(tmp_path, "短信记录.csv", _phones(
        "电话", ["13800138000", "13800138001", "13800138002"])), kind="sms_log", collected_on=LATE)
    apply_count(db, data_dir, case.id, a.id, "trace")
    apply_count(db, data_dir, case.id, b.id, "trace")
    update_case(db, replace(get_case(db, case.id), records_trace=100))  # typed by hand
    assert defaults(db, case, "electronic_evidence_record")["records"] == 3  # small files: read as before
    monkeypatch.setattr(evidence_count, "FORM_READ_LIMIT", 10)  # these files count as large
    evidence_count._DISTINCT.clear()
    for item in (a, b):  # never read: the window is not held up
        file_path(data_dir, item.sha256).unlink()
    # counted before the figure the evidence gave was kept (session 65: ``store_figure``): not known unread
    db.execute("DELETE FROM settings WHERE key LIKE 'evidence_figure:%'")
    values = defaults(db, case, "electronic_evidence_record")
    assert values["records"] is None
    note = nothing_new_note(db, get_case(db, case.id), "electronic_evidence_record", values)
    assert "名单甲.csv" in note and "短信记录.csv" in note and "Write the number of distinct records by hand" in note
    assert nothing_new_note(db, get_case(db, case.id), "electronic_evidence_record", {**values, "records": 3}) is None


@pytest.fixture
def investigating(make_case):
    import datetime as dt

    late = dt.date.fromisoformat(LATE)
    return make_case(status="investigating", lead_received_on=(late - dt.timedelta(days=40)).isoformat(),
                     filed_on=(late - dt.timedelta(days=30)).isoformat())


# minor: a file of zero bytes ----------------------------------------------------------------------------------------

def test_a_csv_of_nothing_but_zero_bytes_is_said_not_to_be_a_text_table(english):
    with pytest.raises(WorkstationError) as refused:
        count_bytes("客户名单.csv", b"\0" * 300_000)
    assert "is not a text table" in refused.value.message and "quotation" not in refused.value.message


def test_a_sheet_starting_below_and_right_of_a1_names_its_rows_as_excel_does(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["D3"] = "姓名", "手机号码"
    for row, (name, phone) in enumerate((("甲", "13800000001"), ("乙", "13800000002"), ("丙", "1380000")), 4):
        sheet[f"C{row}"], sheet[f"D{row}"] = name, phone
    workbook.save(tmp_path / "名单.xlsx")
    count = count_bytes("名单.xlsx", (tmp_path / "名单.xlsx").read_bytes())
    assert (count.distinct, count.invalid) == (2, 1)
    assert "表头在第 3 行" in count.summary and "在第 6 行" in count.summary
    assert count.malformed == ((6, "D", "手机号码"),)


# final read: a 母婴店 member's own phone; a number noted as a parent's; rows of another's number only; the 笔录's
# figure by hand of every item listed ----------------------------------------------------------------------------

def test_a_header_beginning_with_mu_as_a_shop_s_name_is_the_member_s_own_phone():
    rows = [["姓名", "身份证号", "母婴店会员手机"], ["甲", "440605199001011236", "13800000001"],
            ["乙", "", "13800000002"], ["丙", "", ""]]
    count = count_rows("会员名单.csv", rows)
    assert count.distinct == 2 and count.columns == ("母婴店会员手机", "身份证号")
    assert "有有效号码的 2 行计入" in count.summary


@pytest.mark.parametrize("parent", ["母手机", "父电话", "母亲手机", "父身份证号"])
def test_a_header_of_a_parent_s_number_beginning_with_fu_or_mu_is_still_someone_else_s(parent):
    rows = [["学生手机", parent]] + [[f"1370000{i:04d}", f"1390000{i // 2:04d}"] for i in range(20)]
    count = count_rows("学员.csv", rows)
    assert count.distinct == 20 and count.columns == ("学生手机",)


def test_a_number_noted_as_a_parent_s_in_a_cell_is_not_the_student_s():
    rows = [["姓名", "联系电话"]]
    for family in range(50):  # siblings: each their own number, the same parent's
        for child in range(2):
            rows.append([f"学生{family}-{child}", f"1370{family:03d}{child:04d}（本人）/1390000{family:04d}（家长）"])
    rows += [["丁", "妈妈13600000000"], ["戊", "本人13500000001，母13600000001"], ["己", "13500000002(母)"]]
    count = count_rows("学员名单.csv", rows)
    assert count.distinct == 101  # 100 students and 戊, never merged through a parent's number
    assert "注明为他人（家长、配偶等）号码的 103 个未计入" in count.summary  # each cell's parent's number
    assert count.invalid == 0  # a parent's number is a valid number, not one mistyped
    assert "本人号码空白、仅有他人号码的 2 行未计入" in count.summary


def test_rows_with_only_a_parent_s_number_are_said_apart_from_blank_rows():
    rows = [["学生姓名", "学生手机", "学生身份证号", "家长手机"],
            ["甲", "13700000001", "440605201001011236", "13900000001"], ["乙", "", "", "13900000002"], ["丙", "", "", "13900000003"],
            ["丁", "", "", ""]]
    count = count_rows("学员名单.csv", rows)
    assert count.distinct == 1  # the 2017 interpretation does not make a name with another's phone a record of it
    assert "本人号码空白、仅有他人号码（家长手机）的 2 行未计入，请核实" in count.summary
    assert "号码全部空白的 1 行未计入" in count.summary and count.blank == 1
    single = count_rows("学员名单.csv", [[r[0], r[1], r[3]] for r in rows])
    assert single.distinct == 1 and single.blank == 1
    assert "空白 1 行" in single.summary and "仅有他人号码（家长手机）的 2 行未计入，请核实" in single.summary


def test_the_record_of_large_files_says_the_figure_of_every_item_it_lists(db, data_dir, investigating, tmp_path,
                                                                         monkeypatch, english):
    from workstation import evidence_count

    case = investigating
    added = [add_evidence(db, data_dir, case.id, _file(tmp_path, name, _phones("电话", numbers)),
                          kind="customer_list", collected_on=LATE)
             for name, numbers in (("名单甲.csv", ["13800138000", "13800138001"]),
                                   ("名单乙.csv", ["13800138000", "13800138001", "13800138002"]),
                                   ("业主表.csv", ["13900139000", "13900139001", "13900139002", "13900139003"]))]
    for item, category in zip(added, ("trace", "trace", "other"), strict=True):
        apply_count(db, data_dir, case.id, item.id, category)
    update_case(db, replace(get_case(db, case.id), records_trace=100))  # typed by hand
    monkeypatch.setattr(evidence_count, "FORM_READ_LIMIT", 10)
    evidence_count._DISTINCT.clear()
    # counted before the figure the evidence gave was kept (session 65: ``store_figure``): not known unread
    db.execute("DELETE FROM settings WHERE key LIKE 'evidence_figure:%'")
    values = defaults(db, case, "electronic_evidence_record")
    assert values["records"] is None
    note = nothing_new_note(db, get_case(db, case.id), "electronic_evidence_record", values)
    assert "名单甲.csv" in note and "名单乙.csv" in note and "业主表.csv" not in note
    assert ("by hand: 9 (4 distinct records of its other items, and 5, the counts of these added up) less the "
            "records found in more than one of these.") in note
    assert "at most" not in note


# a cell mixing its notes' styles: each number judged by the text on both its sides ---------------------------------

@pytest.mark.parametrize(("cell", "own", "others"), [
    ("13800138000/家长13900139000", ("13800138000",), ("13900139000",)),
    ("13800138000，母13900139000", ("13800138000",), ("13900139000",)),
    ("手机:13800138000（母）", (), ("13800138000",)),
    ("本人13800138000，家长13900139000", ("13800138000",), ("13900139000",)),
    ("13800138000（本人）/13900139000（家长）", ("13800138000",), ("13900139000",)),
    ("13800138000/13900139000", ("13800138000", "13900139000"), ()),
    ("联系方式：13800138000；母亲13900139000", ("13800138000",), ("13900139000",)),
    ("电话 13900139000（家长） 13800138000", ("13800138000",), ("13900139000",)),
])
def test_each_number_of_a_cell_is_judged_by_its_own_notes(cell, own, others):
    from workstation.evidence_count import _noted_phones, phones_in

    assert _noted_phones(cell) == (own, others)
    assert phones_in(cell) == own


def test_siblings_noted_in_mixed_styles_are_not_merged_through_their_parent_s_number():
    rows = [["姓名", "联系电话"]]
    for family in range(30):  # each child's own number first, then the parent's, its label before it
        for child in range(2):
            rows.append([f"学生{family}-{child}", f"1370{family:03d}{child:04d}/家长1390000{family:04d}"])
    rows += [["甲", "13500000001，母13600000001"], ["乙", "手机:13600000002（母）"]]
    count = count_rows("学员名单.csv", rows)
    assert count.distinct == 61  # 60 students and 甲; 乙 has only the mother's number
    assert "注明为他人（家长、配偶等）号码的 62 个未计入" in count.summary
    assert "本人号码空白、仅有他人号码的 1 行未计入" in count.summary
