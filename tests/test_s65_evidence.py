"""The evidence audit of session 65 (/tmp/reports65/evidencepub.md): a call log's 通信记录 are counted as records (one
call, one record: REFERENCE §4.6, 2017 interpretation art. 11), the people figure kept for category E and both said;
the count proposes the category from the evidence's kind; different named people sharing one number, and owners
giving one landline, are not merged; the 电子数据证据提取笔录 prints the figure the evidence gave, never the officer's
kept figure; several files chosen at once, one of them empty, register the others."""

from __future__ import annotations

import io
import random
from dataclasses import replace

import pytest

from tests.test_s63_evidence import _csv, _write
from workstation import evidence_count
from workstation.evidence_count import (
    KEEP,
    REPLACE,
    apply_count,
    count_bytes,
    counted_as,
    distinct_records,
    proposed_category,
)
from workstation.store import get_case, update_case
from workstation.store.evidence import add_evidence, list_evidence


def _calls(n_calls=1200, people=300, repeats=0):
    """A call log of ``n_calls`` calls between ``people`` mobiles (each call at its own time), ``repeats`` of its rows
    written twice (an export's exact duplicates)."""
    rng = random.Random(65)
    mobiles = [f"13{rng.randrange(3, 10)}{n:08d}" for n in range(people)]
    rows = []
    for n in range(n_calls):
        caller, called = rng.sample(mobiles, 2)
        rows.append([caller, called, f"2026-10-{1 + n // 600:02d} {n // 60 % 10 + 8:02d}:{n % 60:02d}:00",
                     str(30 + n % 90)])
    return [["主叫号码", "被叫号码", "通话时间", "时长"]] + rows + rows[:repeats]


# 1. a call log's 通信记录 are records ------------------------------------------------------------------------------

def test_a_call_log_counts_1200_records_for_category_d_and_its_people_for_e():
    count = count_bytes("calls.csv", _csv(_calls(repeats=15)))
    assert count.records == 1200  # 1,215 rows, 15 written twice
    assert count.distinct <= 300  # the people on both sides
    as_d = counted_as(count, "sensitive")
    assert as_d.distinct == 1200 and as_d.duplicates == 15
    assert "记录" in as_d.steps[-1] and "1,200" in as_d.steps[-1]
    as_e = counted_as(count, "other")
    assert as_e.distinct == count.distinct and "人" in as_e.steps[-1]
    assert counted_as(as_d, "other").distinct == count.distinct  # either way, from either


def test_a_call_log_counted_into_d_makes_the_case_1200_and_serious(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02")
    item = add_evidence(db, data_dir, case.id, _write(tmp_path, "calls.csv", _calls()), kind="call_log")
    applied = apply_count(db, data_dir, case.id, item.id, "sensitive")
    assert applied.case.records_sensitive == 1200
    assert applied.evidence.record_count == 1200
    assert "通信记录" in applied.evidence.count_note and "记录" in applied.evidence.count_note


def test_two_call_logs_holding_the_same_calls_count_them_once_in_the_case(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02")
    calls = _calls()
    first = add_evidence(db, data_dir, case.id, _write(tmp_path, "a.csv", calls[:801]), kind="call_log")
    second = add_evidence(db, data_dir, case.id, _write(tmp_path, "b.csv", [calls[0]] + calls[601:]),
                          kind="call_log")
    apply_count(db, data_dir, case.id, first.id, "sensitive")
    applied = apply_count(db, data_dir, case.id, second.id, "sensitive")
    assert applied.case.records_sensitive == 1200  # 800 + 600 − the 200 calls in both


def test_the_category_is_proposed_from_the_kind():
    assert proposed_category("call_log") == "sensitive"
    assert proposed_category("sms_log") == "sensitive"
    assert proposed_category("customer_list") == "other"
    assert proposed_category("other") == "other"


@pytest.mark.gui
def test_the_count_dialog_proposes_d_for_a_call_log_and_says_both_figures(db, data_dir, make_case, tmp_path, qtbot,
                                                                          english):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tests.conftest import ScriptedPrompts
    from ui.case_evidence import CaseEvidence, CountDialog
    from ui.task_runner import ImmediateRunner

    case = make_case(status="investigating", filed_on="2026-03-02")
    add_evidence(db, data_dir, case.id, _write(tmp_path, "calls.csv", _calls()), kind="call_log")
    prompts = ScriptedPrompts()
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts, runner=ImmediateRunner())
    qtbot.addWidget(section)
    seen = {}

    def look():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CountDialog)
        seen["category"] = dialog.category.currentData()
        seen["text"] = "\n".join(label.text() for label in dialog.findChildren(type(dialog.result)))
        dialog.accept()

    QTimer.singleShot(0, look)
    section.view.selectRow(0)
    section.count_selected()
    assert seen["category"] == "sensitive"
    assert "1,200" in seen["text"]
    assert get_case(db, case.id).records_sensitive == 1200


# 2. different people sharing one number ----------------------------------------------------------------------------

def test_sixty_owners_giving_the_office_landline_and_forty_mobiles_are_100_people(tmp_path):
    rows = [["业主姓名", "房号", "联系电话"]]
    rows += [[f"业主{n}", f"{n:03d}", "0757-86220000"] for n in range(60)]
    rows += [[f"业主{n}", f"{n:03d}", f"1380013{n:04d}"] for n in range(60, 100)]
    count = count_bytes("owners_office.csv", _csv(rows))
    assert count.distinct == 100
    said = "；".join(count.steps)
    assert "60" in said and "座机" in said


def test_a_landline_without_a_name_column_joins_no_rows():
    rows = [["房号", "联系电话"]] + [[f"{n:03d}", "0757-86220000"] for n in range(60)]
    assert count_bytes("rooms.csv", _csv(rows)).distinct == 60


def test_six_thousand_co_owners_two_names_a_phone_are_6000_people(tmp_path):
    rows = [["业主姓名", "房号", "联系电话"]]
    for n in range(3000):
        rows += [[f"甲{n}", f"{n}01", f"139{n:08d}"], [f"乙{n}", f"{n}01", f"139{n:08d}"]]
    path = _write(tmp_path, "owners_shared.csv", rows)
    count = evidence_count.count_records(path)
    assert count.distinct == 6000
    assert any("6,000" in step and "姓名" in step for step in count.steps)  # the rows that shared a number


def test_the_same_name_and_number_twice_is_still_one_person():
    rows = [["姓名", "手机号码"], ["张三", "13800138000"], ["张三", "13800138000"], ["李四", "13800138000"]]
    assert count_bytes("dup.csv", _csv(rows)).distinct == 2


# 3. the 电子数据证据提取笔录's figure -----------------------------------------------------------------------------

def _two_lists(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02")
    first = add_evidence(db, data_dir, case.id, _write(tmp_path, "客户1.csv", [["姓名", "手机号码"]] + [
        [f"客{n}", f"138{n:08d}"] for n in range(600)]), kind="customer_list")
    second = add_evidence(db, data_dir, case.id, _write(tmp_path, "客户2.csv", [["姓名", "手机号码"]] + [
        [f"客{n}", f"138{n:08d}"] for n in range(599, 899)]), kind="customer_list")
    apply_count(db, data_dir, case.id, first.id, "other", stated=REPLACE)
    return case, second


def test_the_record_prints_what_the_evidence_gave_not_the_officer_s_kept_figure(db, data_dir, make_case, tmp_path,
                                                                                monkeypatch):
    case, second = _two_lists(db, data_dir, make_case, tmp_path)
    update_case(db, replace(get_case(db, case.id), records_other=700))
    apply_count(db, data_dir, case.id, second.id, "other", stated=KEEP)
    case = get_case(db, case.id)
    assert case.records_other == 700  # the officer's figure, kept
    items = list_evidence(db, case.id)
    evidence_count._DISTINCT.clear()
    assert distinct_records(data_dir, items, case, items, db) == 899
    # a file too large to be read while drafting: the figure the evidence gave, stored when it was counted
    evidence_count._DISTINCT.clear()
    monkeypatch.setattr(evidence_count, "FORM_READ_LIMIT", 0)
    assert distinct_records(data_dir, items, case, items, db) == 899


def test_the_stored_figure_follows_a_void(db, data_dir, make_case, tmp_path, monkeypatch):
    case, second = _two_lists(db, data_dir, make_case, tmp_path)
    apply_count(db, data_dir, case.id, second.id, "other")
    third = add_evidence(db, data_dir, case.id, _write(tmp_path, "客户3.csv", [["姓名", "手机号码"]] + [
        [f"客{n}", f"138{n:08d}"] for n in range(850, 950)]), kind="customer_list")
    apply_count(db, data_dir, case.id, third.id, "other")
    assert get_case(db, case.id).records_other == 950
    evidence_count.void_and_recount(db, data_dir, second.id, "误登记")
    case = get_case(db, case.id)
    items = [item for item in list_evidence(db, case.id) if not item.void_reason]
    evidence_count._DISTINCT.clear()
    monkeypatch.setattr(evidence_count, "FORM_READ_LIMIT", 0)
    assert distinct_records(data_dir, items, case, items, db) == 700 == case.records_other


# 4. several files, one empty -------------------------------------------------------------------------------------

@pytest.mark.gui
def test_several_files_one_empty_and_a_folder_register_the_good_ones_and_name_each_refused(
        db, data_dir, make_case, tmp_path, qtbot, english):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tests.test_s61_evidence import SAVE, ManyFiles
    from ui.case_evidence import CaseEvidence, EvidenceDialog
    from ui.task_runner import ImmediateRunner

    case = make_case()
    good, empty, folder = tmp_path / "照片1.jpg", tmp_path / "空.jpg", tmp_path / "文件夹"
    good.write_bytes(b"\xff\xd8\xff one")
    empty.write_bytes(b"")
    folder.mkdir()
    prompts = ManyFiles()
    prompts.many.append([str(good), str(empty), str(folder)])
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts, runner=ImmediateRunner())
    qtbot.addWidget(section)

    def describe():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EvidenceDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("photo"))
        dialog.buttons.button(SAVE).click()
        if QApplication.activeModalWidget() is dialog:  # not saved: closed, for the test to fail rather than hang
            dialog.reject()

    QTimer.singleShot(0, describe)
    section.buttons["add_evidence"].click()
    assert [i.file_name for i in list_evidence(db, case.id)] == ["照片1.jpg"]
    assert len(prompts.errors) == 1
    assert "空.jpg" in prompts.errors[0] and "文件夹" in prompts.errors[0]


@pytest.mark.gui
def test_a_single_empty_file_is_still_refused_before_anything_is_asked(db, data_dir, make_case, tmp_path, qtbot,
                                                                       english):
    from PySide6.QtWidgets import QApplication

    from tests.test_s61_evidence import ManyFiles
    from ui.case_evidence import CaseEvidence

    case = make_case()
    empty = tmp_path / "空.jpg"
    empty.write_bytes(b"")
    prompts = ManyFiles()
    prompts.many.append([str(empty)])
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    section.buttons["add_evidence"].click()
    assert len(prompts.errors) == 1 and "空.jpg is empty" in prompts.errors[0]
    assert list_evidence(db, case.id) == [] and QApplication.activeModalWidget() is None


# final read (/tmp/reports65/fr_evidence.md) ----------------------------------------------------------------------

def _customers(folder, name, numbers, names="客"):
    return _write(folder, name, [["姓名", "手机号码"]] + [[f"{names}{n}", f"138{n:08d}"] for n in numbers])


def _counted_the_old_way(db, data_dir, case, path, category="trace"):
    """An item counted into ``category`` before session 65: its row as that code wrote it — the people of the file
    as its count, its note the people steps alone (no records step)."""
    from workstation.evidence_count import count_evidence

    item = add_evidence(db, data_dir, case.id, path, kind="customer_list")
    people = count_evidence(data_dir, item)  # as read then: people
    note = "；".join(people.steps) + "。"
    db.execute("UPDATE evidence SET record_count = ?, record_category = ?, count_note = ? WHERE id = ?",
               [people.distinct, category, note, item.id])
    update_case(db, replace(get_case(db, case.id), **{f"records_{category}": people.distinct}))
    return next(other for other in list_evidence(db, case.id) if other.id == item.id)


def test_an_item_counted_the_old_way_refuses_a_new_count_into_its_category_naming_it(db, data_dir, make_case,
                                                                                     tmp_path):
    from workstation.errors import WorkstationError

    case = make_case(status="investigating", filed_on="2026-03-02")
    old = _counted_the_old_way(db, data_dir, case, _customers(tmp_path, "旧名单.csv", range(300)))
    new = add_evidence(db, data_dir, case.id, _customers(tmp_path, "新名单.csv", range(250, 400)),
                       kind="customer_list")
    with pytest.raises(WorkstationError) as refused:
        apply_count(db, data_dir, case.id, new.id, "trace")
    assert "旧名单.csv" in refused.value.message and "1" in refused.value.message
    assert "again" in refused.value.message or "重新" in refused.value.message
    assert next(i for i in list_evidence(db, case.id) if i.id == new.id).record_count is None  # nothing changed
    assert get_case(db, case.id).records_trace == 300
    # E counts people then and now: counting into E is not refused
    apply_count(db, data_dir, case.id, new.id, "other")
    # the old item counted again (the remedy) is never refused; then the new one can join it
    apply_count(db, data_dir, case.id, old.id, "trace")
    applied = apply_count(db, data_dir, case.id, new.id, "trace")
    assert applied.case.records_trace == 400  # 300 + 150 − 50 rows alike in both


def test_an_item_counted_the_old_way_refuses_a_void_and_the_record_s_figure(db, data_dir, make_case, tmp_path):
    from workstation.errors import WorkstationError

    case = make_case(status="investigating", filed_on="2026-03-02")
    old = _counted_the_old_way(db, data_dir, case, _customers(tmp_path, "旧名单.csv", range(300)))
    with pytest.raises(WorkstationError) as refused:
        evidence_count.void_and_recount(db, data_dir, old.id, "误登记")
    assert "旧名单.csv" in refused.value.message
    assert not next(i for i in list_evidence(db, case.id) if i.id == old.id).void_reason
    items = list_evidence(db, case.id)
    evidence_count._DISTINCT.clear()
    with pytest.raises(WorkstationError) as printed:
        distinct_records(data_dir, items, get_case(db, case.id), items, db)
    assert "旧名单.csv" in printed.value.message
    # an old item of E is printed as it was counted
    db.execute("UPDATE evidence SET record_category = 'other' WHERE id = ?", [old.id])
    items = list_evidence(db, case.id)
    assert distinct_records(data_dir, items, get_case(db, case.id), items, db) == 300


def _call_rows(serial: bool, phone_form, reorder=False):
    rows = []
    for n in range(40):
        caller, called, at = f"139{n:08d}", f"137{n % 7:08d}", f"2026-10-01 08:{n:02d}:00"
        row = [phone_form(caller), phone_form(called), at, str(30 + n)]
        rows.append(([str(n + 1)] if serial else []) + (row[2:] + row[:2] if reorder else row))
    head = ["主叫号码", "被叫号码", "通话时间", "时长"]
    head = head[2:] + head[:2] if reorder else head
    return [(["序号"] if serial else []) + head] + rows


def test_a_record_is_keyed_on_its_numbers_and_cells_leaving_the_serial_column_out():
    rows = _call_rows(True, str)
    twice = rows + [[str(41 + n)] + row[1:] for n, row in enumerate(rows[1:11])]  # ten calls written again
    count = counted_as(count_bytes("calls.csv", _csv(twice)), "sensitive")
    assert count.distinct == 40 and count.duplicates == 10
    assert "序号" in count.steps[-1]  # the step says the serial column was left out of the comparison


def test_the_same_calls_in_two_files_of_other_columns_and_phone_forms_count_once(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02")
    first = add_evidence(db, data_dir, case.id, _write(tmp_path, "话单1.csv", _call_rows(True, str)), kind="call_log")
    second = add_evidence(db, data_dir, case.id, _write(tmp_path, "话单2.csv", _call_rows(
        False, lambda p: f"+86 {p[:3]}-{p[3:7]}-{p[7:]}", reorder=True)), kind="call_log")
    apply_count(db, data_dir, case.id, first.id, "sensitive")
    assert apply_count(db, data_dir, case.id, second.id, "sensitive").case.records_sensitive == 40


def test_a_workbook_counted_as_records_states_no_people_under_its_sheets_and_keeps_its_other_steps(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    calls = workbook.active
    calls.title = "话单"
    for row in _call_rows(False, str):
        calls.append(row)
    workbook.create_sheet("说明").append(["导出说明"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    people = count_bytes("话单.xlsx", buffer.getvalue())
    count = counted_as(people, "sensitive")
    assert count.distinct == 40
    assert any("说明" in step and "未计入" in step for step in count.steps)  # not dropped as the repeats step
    sheet = next(step for step in count.steps if step.startswith("工作表“话单”"))
    assert f"去重后 {people.distinct:,} 条" not in sheet and "记录" in sheet
    assert sum("按记录计" in step for step in count.steps) == 1


def test_the_stored_figure_names_its_counting_rule_and_an_older_rule_s_is_not_taken(db, data_dir, make_case,
                                                                                    tmp_path, monkeypatch):
    import json

    case, second = _two_lists(db, data_dir, make_case, tmp_path)
    apply_count(db, data_dir, case.id, second.id, "other")
    key = evidence_count.FIGURE_KEY.format(case=case.id, category="other")
    kept = json.loads(db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()[0])
    assert kept["rule"] == evidence_count.COUNT_RULE
    del kept["rule"]  # as an older rule kept it, a figure of its own
    kept["figure"] = 123
    db.execute("UPDATE settings SET value = ? WHERE key = ?", [json.dumps(kept), key])
    items = list_evidence(db, case.id)
    evidence_count._DISTINCT.clear()
    assert distinct_records(data_dir, items, get_case(db, case.id), items, db) == 899  # the files read again
