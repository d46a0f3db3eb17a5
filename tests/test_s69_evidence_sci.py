"""Session 69, evidence_sci: an ID number a CSV holds in scientific notation, as Excel writes a number it kept as a
number when saving a CSV (4.40605198501011E+17, 4.40605E+17), counts as the workbook's number does (session 68,
``_lost_id``): never a valid ID number, yet a record; with 15 significant digits its first 15 digits are known and it
joins another record only on them and a name or phone (2017 interpretation art. 11); with fewer it is a record of its
own, never joined. The steps say how many were written so and how to have the column exported as text."""

from __future__ import annotations

import json

import pytest

from tests.helpers import figure_kept_by
from tests.test_s63_evidence import _csv, _write
from tests.test_s68_evidence import _as_excel_keeps_it, _case_people, _id18, _xlsx
from workstation import evidence_count
from workstation.errors import WorkstationError
from workstation.evidence_count import REPLACE, apply_count, count_bytes, count_evidence, count_rows
from workstation.store import get_case
from workstation.store.evidence import add_evidence, list_evidence


def _as_excel_writes_it(number: str, digits: int = 15) -> str:
    """An 18-digit (or 15-digit) number Excel kept as a number, as it writes the cell into a CSV: ``digits``
    significant digits shown (15 in a column wide enough, fewer in a narrow one), trailing zeros dropped."""
    mantissa, exponent = f"{int(number):.{digits - 1}E}".split("E")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}E{exponent}"


def _full(n: int) -> list[str]:
    """``n`` ID numbers whose 15th digit is not 0: Excel writes them with all 15 significant digits."""
    ids = (_id18(f"4406051985{1 + k // 28 % 12:02d}{1 + k % 28:02d}{1 + k % 9}{k // 9 % 100:02d}")
           for k in range(10 * n))
    return list(dict.fromkeys(i for i in ids if not i.endswith("X")))[:n]


def _steps(count) -> str:
    return "\n".join(count.steps)


# 1. 15 significant digits: a lost ID number, as a workbook's ----------------------------------------------------------

def test_ids_written_in_scientific_notation_count_every_owner_and_none_as_valid():
    ids = _full(300)
    assert _as_excel_writes_it(ids[0]).endswith("E+17") and len(_as_excel_writes_it(ids[0])) == 20
    rows = [["姓名", "身份证号码", "住址"]] + [[f"业主{n}", _as_excel_writes_it(i), "佛山市南海区"]
                                            for n, i in enumerate(ids)]
    count = count_bytes("owners.csv", _csv(rows))
    assert count.distinct == 300
    assert count.invalid == 0 and not count.malformed
    steps = _steps(count)
    assert "有效号码 0 个" in steps  # about 1 in 11 would pass the check character: none is taken as valid
    assert "格式不符" not in steps
    step = next(step for step in count.steps if "科学计数法" in step and "文本" in step)
    assert "300 个" in step and "15 位" in step and "原始文件" in step


def test_a_csv_counts_as_the_workbook_it_was_saved_from():
    ids = _full(6)
    a, b = ids[0], ids[1]  # the same first 15 digits? not needed: the names and phones decide
    people = [["张三", "13800000001", a], ["张三", "", a], ["李四", "13800000002", b], ["王五", "13800000002", b],
              ["赵六", "", ids[2]], ["", "13800000003", ids[3]]]
    header = [["姓名", "手机号码", "身份证号码"]]
    kept = count_bytes("w.xlsx", _xlsx(header + [[n, p, _as_excel_keeps_it(i)] for n, p, i in people]))
    written = count_bytes("w.csv", _csv(header + [[n, p, _as_excel_writes_it(i)] for n, p, i in people]))
    assert written.distinct == kept.distinct
    assert _case_people(kept, written) == kept.distinct  # the same people, each once across the two


def test_a_true_id_and_its_form_in_scientific_notation_are_one_person_by_name():
    number = _full(1)[0]
    typed = count_bytes("a.csv", _csv([["姓名", "身份证号码"], ["张三", number]]))
    written = count_bytes("b.csv", _csv([["姓名", "身份证号码"], ["张三", _as_excel_writes_it(number)]]))
    assert _case_people(typed, written) == 1
    other = count_bytes("c.csv", _csv([["姓名", "身份证号码"], ["李四", _as_excel_writes_it(number)]]))
    assert _case_people(typed, other) == 2  # the first 15 digits alone join no one


def test_a_java_export_without_the_exponent_sign_counts_alike():
    number = _full(1)[0]
    written = _as_excel_writes_it(number).replace("E+", "E")
    count = count_bytes("b.csv", _csv([["姓名", "身份证号码"], ["张三", written]]))
    typed = count_bytes("a.csv", _csv([["姓名", "身份证号码"], ["张三", number]]))
    assert count.distinct == 1 and count.invalid == 0
    assert _case_people(typed, count) == 1


def test_15_digits_without_a_birth_date_are_not_valid():
    rows = [["姓名", "身份证号码"], ["张三", _as_excel_writes_it(_full(1)[0])], ["李四", "4.40605999913991E+17"]]
    count = count_bytes("owners.csv", _csv(rows))
    assert count.distinct == 1 and count.invalid == 1
    assert "格式不符 1 个" in _steps(count)


# 2. fewer significant digits: a record never joined ----------------------------------------------------------------

@pytest.mark.parametrize("written", ["4.40605E+17", "4.41E+17", "4.4060519850101E+17"])
def test_ids_with_fewer_digits_count_each_row_and_join_none(written):
    rows = [["姓名", "身份证号码"]] + [["张三", written]] * 4  # even alike in every cell: the digits lost may differ
    count = count_bytes("owners.csv", _csv(rows))
    assert count.distinct == 4 and count.invalid == 0 and not count.malformed
    steps = _steps(count)
    assert "有效号码 0 个" in steps and "格式不符" not in steps
    assert "以科学计数法写出、末几位已丢失的 4 个" in steps
    step = next(step for step in count.steps if "科学计数法" in step and "原始文件" in step)
    assert "4 个" in step and "不足 15 位" in step and "不与" in step and "文本" in step


def test_a_short_id_never_joins_the_true_id_nor_its_lost_form():
    number = _full(1)[0]
    short = count_bytes("b.csv", _csv([["姓名", "手机号码", "身份证号码"],
                                       ["张三", "13800000001", _as_excel_writes_it(number, 6)]]))
    typed = count_bytes("a.csv", _csv([["姓名", "手机号码", "身份证号码"], ["张三", "13800000001", number]]))
    kept = count_bytes("c.xlsx", _xlsx([["姓名", "手机号码", "身份证号码"],
                                        ["张三", "13800000001", _as_excel_keeps_it(number)]]))
    assert _case_people(typed, short) == 2
    assert _case_people(kept, short) == 2


def test_short_ids_on_two_sheets_are_not_joined():
    sheet = [["姓名", "身份证号码"], ["张三", "4.40605E+17"]]
    count = count_bytes("w.xlsx", _xlsx([], {"一": sheet, "二": sheet}))
    assert count.distinct == 2


def test_a_short_id_makes_each_row_a_record_of_a_list_of_transactions():
    rows = [["姓名", "身份证号码", "交易时间"]] + [["张三", "4.40605E+17", "2026-10-01 09:00"]] * 3
    count = count_bytes("orders.csv", _csv(rows))
    assert evidence_count.counted_as(count, "sensitive").distinct == 3


# 3. what is left as it was -----------------------------------------------------------------------------------------

def test_scientific_notation_beyond_an_id_header_is_no_id_number():
    rows = [["手机号码", "订单号"], ["13800000001", "4.40605198501011E+17"], ["13800000002", "4.40605E+17"]]
    count = count_bytes("orders.csv", _csv(rows))
    assert count.distinct == 2 and "科学计数法" not in _steps(count)


@pytest.mark.usefixtures("english")
def test_a_phone_column_in_scientific_notation_is_still_refused():
    rows = [["姓名", "手机号码"], *[[f"客户{i}", "1.38001E+10"] for i in range(3)]]
    with pytest.raises(WorkstationError, match="scientific notation"):
        count_rows("客户名单.csv", rows)


def test_an_old_15_digit_number_written_whole_in_scientific_notation_is_valid():
    old = "440605850101123"  # 1985-01-01, all 15 digits written
    written = _as_excel_writes_it(old)
    assert written == "4.40605850101123E+14"
    count = count_bytes("a.csv", _csv([["姓名", "身份证号码"], ["张三", written]]))
    typed = count_bytes("b.csv", _csv([["姓名", "身份证号码"], ["李四", old]]))
    assert count.distinct == 1 and "有效号码 1 个" in _steps(count)
    assert _case_people(typed, count) == 1  # one ID number: one person, whatever the names
    assert "科学计数法" in _steps(count)


# 4. figures kept by the older rule ---------------------------------------------------------------------------------

def test_a_figure_kept_by_rule_3_is_worked_out_again(db, data_dir, make_case, tmp_path):
    """Numbers in scientific notation count since rule 4: a figure kept by rule 3 (their rows left out, maybe low) is
    not taken, the files read again."""
    case = make_case(status="investigating", filed_on="2026-03-02")
    ids = _full(40)
    first = add_evidence(db, data_dir, case.id, _write(tmp_path, "业主1.csv", [["姓名", "手机号码", "身份证号码"]] + [
        [f"业主{n}", f"138{n:08d}" if n < 10 else "", _as_excel_writes_it(i, 6)] for n, i in enumerate(ids)]),
        kind="customer_list")
    second = add_evidence(db, data_dir, case.id, _write(tmp_path, "业主2.csv", [["姓名", "手机号码"]] + [
        [f"业主{n}", f"138{n:08d}"] for n in range(5, 20)]), kind="customer_list")
    apply_count(db, data_dir, case.id, first.id, "other", stated=REPLACE)
    applied = apply_count(db, data_dir, case.id, second.id, "other", stated=REPLACE)
    assert applied.evidence.record_count == 15 and get_case(db, case.id).records_other == 40 + 10
    assert figure_kept_by(db, data_dir, case, 3) == 50  # the files read again
    assert figure_kept_by(db, data_dir, case, evidence_count.COUNT_RULE) == 123


# 5. the final read's mends ------------------------------------------------------------------------------------------

def test_short_ids_of_two_files_of_one_name_are_never_joined(db, data_dir, make_case, tmp_path):
    """Two different files both named 导出.csv, each with 张三 and 4.40605E+17 on row 2: four people, not three; the
    records of a short ID number are told apart by the file's content, not its name."""
    header = ["姓名", "手机号码", "身份证号码"]
    first = [header, ["张三", "", "4.40605E+17"], ["李四", "13800000002", ""]]
    second = [header, ["张三", "", "4.40605E+17"], ["王五", "13800000003", ""]]
    a, b = count_bytes("导出.csv", _csv(first)), count_bytes("导出.csv", _csv(second))
    assert a.distinct == b.distinct == 2
    assert _case_people(a, b) == 4
    # an exact copy holds the same records, whatever it is named: they count once
    assert _case_people(a, count_bytes("导出.csv", _csv(first))) == 2
    assert _case_people(a, count_bytes("副本.csv", _csv(first))) == 2
    # in the case: two items of one name in two folders
    case = make_case(status="investigating", filed_on="2026-03-02")
    (tmp_path / "一").mkdir()
    (tmp_path / "二").mkdir()
    one = add_evidence(db, data_dir, case.id, _write(tmp_path / "一", "导出.csv", first), kind="customer_list")
    two = add_evidence(db, data_dir, case.id, _write(tmp_path / "二", "导出.csv", second), kind="customer_list")
    apply_count(db, data_dir, case.id, one.id, "other", stated=REPLACE)
    apply_count(db, data_dir, case.id, two.id, "other", stated=REPLACE)
    assert get_case(db, case.id).records_other == 4
    # the stored item and the same bytes counted from a file: its content's digest, the same
    assert _case_people(count_evidence(data_dir, one), a) == 2


def test_a_short_id_row_joins_a_row_of_the_same_name_and_phone():
    """A phone number is a whole identifier: a row of a short ID number joins a row of the same phone number and
    the same name (with no name column, of the same phone number), as a row of a whole ID number would; the step
    says so."""
    header = ["姓名", "手机号码", "身份证号码"]
    same = count_bytes("a.csv", _csv([header, ["张三", "13800000001", "4.40605E+17"], ["张三", "13800000001", ""]]))
    assert same.distinct == 1
    step = next(step for step in same.steps if "科学计数法" in step and "原始文件" in step)
    assert "只经姓名相同的相同手机号码与其他记录合并" in step
    other = count_bytes("b.csv", _csv([header, ["张三", "13800000001", "4.40605E+17"], ["李四", "13800000001", ""]]))
    assert other.distinct == 2
    # across files alike
    phone_only = count_bytes("c.csv", _csv([["姓名", "手机号码"], ["张三", "13800000001"]]))
    short = count_bytes("d.csv", _csv([header, ["张三", "13800000001", "4.40605E+17"]]))
    assert _case_people(short, phone_only) == 1
    unnamed = count_bytes("e.csv", _csv([["手机号码", "身份证号码"], ["13800000001", "4.40605E+17"],
                                         ["13800000001", ""]]))
    assert unnamed.distinct == 1
    step = next(step for step in unnamed.steps if "科学计数法" in step and "原始文件" in step)
    assert "只经相同手机号码与其他记录合并" in step


def test_what_is_no_id_number_in_scientific_notation_is_said_as_not_valid():
    rows = [["姓名", "身份证号码"], ["张三", _as_excel_writes_it(_full(1)[0])], ["李四", "1.38001E+10"],
            ["王五", "4.40605198501011E+2"]]
    count = count_bytes("owners.csv", _csv(rows))
    assert count.distinct == 1 and count.invalid == 2
    steps = _steps(count)
    assert "格式不符 2 个" in steps
    assert "不是 15 或 18 位身份证号码、或读不出出生日期或地区码的 2 个按格式不符计" in steps


def test_a_15_digit_number_of_no_birth_date_is_not_said_read_whole():
    rows = [["姓名", "身份证号码"], ["张三", _as_excel_writes_it(_full(1)[0])],
            ["李四", _as_excel_writes_it("440605859901123")]]  # month 99
    count = count_bytes("owners.csv", _csv(rows))
    assert count.distinct == 1 and count.invalid == 1
    steps = _steps(count)
    assert "写全 15 位" not in steps
    assert "读不出出生日期或地区码的 1 个按格式不符计" in steps


def test_a_single_item_counted_by_rule_3_is_not_taken_as_it_is(db, data_dir, make_case, tmp_path):
    """An item alone in its category counted by rule 3 (numbers in scientific notation left out as 格式不符: its
    count maybe low) is counted again from its file, as a figure of several items kept by rule 3 is."""
    case = make_case(status="investigating", filed_on="2026-03-02")
    rows = [["姓名", "手机号码", "身份证号码"]] + [
        [f"业主{n}", f"138{n:08d}" if n < 10 else "", "4.40605E+17"] for n in range(40)]
    item = add_evidence(db, data_dir, case.id, _write(tmp_path, "业主.csv", rows), kind="customer_list")
    apply_count(db, data_dir, case.id, item.id, "other", stated=REPLACE)
    key = evidence_count.FIGURE_KEY.format(case=case.id, category="other")

    def counted_by(rule):
        """The item as rule 3 counted it: its 10 rows of a phone number; the figure kept by ``rule``."""
        db.execute("UPDATE evidence SET record_count = 10 WHERE id = ?", [item.id])
        items = list_evidence(db, case.id)
        db.execute("UPDATE settings SET value = ? WHERE key = ?", [json.dumps(
            {"rule": rule, "items": evidence_count._figure_mark(items, "other"), "figure": 10}), key])
        evidence_count._DISTINCT.clear()
        return items

    items = counted_by(3)
    assert evidence_count.known_records(data_dir, items, get_case(db, case.id), items, db) == (0, items)  # not known
    assert evidence_count.distinct_records(data_dir, items, get_case(db, case.id), items, db) == 40
    items = counted_by(evidence_count.COUNT_RULE)
    assert evidence_count.distinct_records(data_dir, items, get_case(db, case.id), items, db) == 10


# 6. a figure of rule 3 made again as an item is voided or restored ---------------------------------------------------

def _rule_3_case(db, data_dir, make_case, tmp_path):
    """A case of three items counted into “other”, the first of them as rule 3 counted it (its 30 rows of an ID
    number in scientific notation left out: 10 of 40) and the figure kept by rule 3 (10 + 15 + 5 − 5 = 25), the
    case's figure that one."""
    from dataclasses import replace

    from workstation.store.cases import update_case

    case = make_case(status="investigating", filed_on="2026-03-02")
    ids = _full(40)
    items = [add_evidence(db, data_dir, case.id, _write(tmp_path, name, rows), kind="customer_list")
             for name, rows in (
                 ("业主1.csv", [["姓名", "手机号码", "身份证号码"]] + [
                     [f"业主{n}", f"138{n:08d}" if n < 10 else "", _as_excel_writes_it(i, 6)]
                     for n, i in enumerate(ids)]),
                 ("业主2.csv", [["姓名", "手机号码"]] + [[f"业主{n}", f"138{n:08d}"] for n in range(5, 20)]),
                 ("客户.csv", [["姓名", "手机号码"]] + [[f"客户{n}", f"139{n:08d}"] for n in range(5)]))]
    for item in items:
        apply_count(db, data_dir, case.id, item.id, "other", stated=REPLACE)
    assert get_case(db, case.id).records_other == 40 + 15 + 5 - 5
    db.execute("UPDATE evidence SET record_count = 10 WHERE id = ?", [items[0].id])
    key = evidence_count.FIGURE_KEY.format(case=case.id, category="other")
    db.execute("UPDATE settings SET value = ? WHERE key = ?", [json.dumps(
        {"rule": 3, "items": evidence_count._figure_mark(list_evidence(db, case.id), "other"), "figure": 25}), key])
    update_case(db, replace(get_case(db, case.id), records_other=25))
    evidence_count._DISTINCT.clear()
    return case, items, key


def _kept(db, key):
    return json.loads(db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()[0])


def test_voiding_beside_a_figure_of_rule_3_reads_the_counts_again(db, data_dir, make_case, tmp_path):
    """The figure made again as an item is voided is of the files as read now (40 + 15 − 5 = 50), not the counts
    rule 3 kept less the records rule 4 finds twice (10 + 15 − 5 = 20, below rule 3's own figure); restoring the
    item reads them again too."""
    from workstation.evidence_count import unvoid_and_recount, void_and_recount

    case, (first, second, third), key = _rule_3_case(db, data_dir, make_case, tmp_path)
    void_and_recount(db, data_dir, third.id, "重复提交")
    assert get_case(db, case.id).records_other == 50
    assert _kept(db, key)["figure"] == 50 and _kept(db, key)["rule"] == evidence_count.COUNT_RULE
    items = list_evidence(db, case.id)
    evidence_count._DISTINCT.clear()
    assert evidence_count.distinct_records(data_dir, items, get_case(db, case.id), items, db) == 50
    unvoid_and_recount(db, data_dir, third.id)
    assert get_case(db, case.id).records_other == 55
    items = list_evidence(db, case.id)
    evidence_count._DISTINCT.clear()
    assert evidence_count.distinct_records(data_dir, items, get_case(db, case.id), items, db) == 55


def test_an_item_left_alone_by_rule_3_is_read_again_when_wanted(db, data_dir, make_case, tmp_path):
    """Two of the three voided, the one left (its count of rule 3 low) gives the figure its file gives now, and the
    figure is not kept as rule 4's: the register's figure reads its file again rather than take its count kept."""
    from workstation.evidence_count import unvoid_and_recount, void_and_recount

    case, (first, second, third), key = _rule_3_case(db, data_dir, make_case, tmp_path)
    void_and_recount(db, data_dir, third.id, "重复提交")
    db.execute("UPDATE settings SET value = ? WHERE key = ?", [json.dumps({**_kept(db, key), "rule": 3}), key])
    void_and_recount(db, data_dir, second.id, "重复提交")
    assert get_case(db, case.id).records_other == 40
    assert _kept(db, key)["rule"] != evidence_count.COUNT_RULE
    items = list_evidence(db, case.id)
    evidence_count._DISTINCT.clear()
    assert evidence_count.distinct_records(data_dir, items, get_case(db, case.id), items, db) == 40
    void_and_recount(db, data_dir, first.id, "重复提交")
    assert get_case(db, case.id).records_other == 0
    unvoid_and_recount(db, data_dir, first.id)  # restored alone: its file read, not its count of rule 3 taken
    assert get_case(db, case.id).records_other == 40
    items = list_evidence(db, case.id)
    evidence_count._DISTINCT.clear()
    assert evidence_count.distinct_records(data_dir, items, get_case(db, case.id), items, db) == 40
