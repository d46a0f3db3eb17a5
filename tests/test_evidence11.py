"""Counting seized customer lists that hold several numbers per row (session 11): a row is one person, counted
when any of its phone or ID numbers is valid, its malformed numbers named by row and column; a person found by
ID number in one file and by phone alone in another is one record of the case. And a record figure the officer
typed is never replaced silently by a count: refused until the officer says to replace or to keep it, in the
window and on the command line, the choice written in the count's note and on the timeline."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import count_in_dialog
from tests.test_evidence import id_number, run, write_csv
from workstation.evidence_count import (
    KEEP,
    REPLACE,
    StatedCount,
    apply_count,
    count_records,
    update_and_recount,
)
from workstation.store import get_case, update_case
from workstation.store.cases import case_events
from workstation.store.evidence import add_evidence, get_evidence

IDS = [id_number(f"44060519850312{n:03d}") for n in range(1, 9)]
BAD_ID = IDS[7][:17] + ("0" if IDS[7][17] != "0" else "1")  # a wrong check character
HEADER = ["姓名", "手机号码", "身份证号码", "地址"]
TABLES = ("evidence", "audit", "case_events")


def person_rows():
    return [HEADER,
            ["张一", "13800000001", IDS[0], "桂城"],
            ["张二", "1380000002", IDS[1], "桂城"],      # row 3: the phone lacks a digit, the ID is valid
            ["张三", "13800000003", BAD_ID, "大沥"],      # row 4: the ID is wrong, the phone valid
            ["张四", "12345", "4406", "里水"],            # row 5: nothing valid
            ["张一", "13800000001", "", "桂城"],          # row 6: 张一 again, by phone alone
            ["张五", "13800000001", IDS[4], "罗村"],      # row 7: another ID sharing 张一's phone: another person
            ["张六", "", "", "九江"]]                     # row 8: no number at all


def add(db, data_dir, case, path):
    return add_evidence(db, data_dir, case.id, path, kind="customer_list", collected_on="2026-03-10")


def test_a_row_counts_once_when_any_of_its_numbers_is_valid_and_the_malformed_ones_are_named(tmp_path):
    count = count_records(write_csv(tmp_path / "客户名单.csv", person_rows(), "utf-8"))
    # 张一, 张二 (by ID), 张三 (by phone), 张五; 张一's repeat and the rows without a valid number not counted
    assert (count.rows, count.distinct, count.duplicates, count.invalid, count.blank) == (7, 4, 1, 4, 1)
    assert count.columns == ("手机号码", "身份证号码")
    assert count.malformed == ((3, "B", "手机号码"), (4, "C", "身份证号码"), (5, "B", "手机号码"),
                               (5, "C", "身份证号码"))
    assert count.steps == (
        "共 7 行（表头在第 1 行）",
        "手机号码列“手机号码”有效号码 4 个（空白 1 行，格式不符 2 个）",
        "身份证号码列“身份证号码”有效号码 3 个（空白 2 行，格式不符 2 个）",
        "同一行的手机号码、身份证号码属同一人，一行计一条：有有效号码的 5 行计入，号码全部空白的 1 行未计入",
        # session 65: 张一 and 张五 give one number; said, and not merged
        "同一号码对应不同姓名的 3 行按不同的人分别计（号码为多人共用，如共有业主、家庭成员；同一姓名、同一号码的只计一次）",
        "格式不符的号码 4 个：第 3 行“手机号码”（B 列）、第 4 行“身份证号码”（C 列）、第 5 行“手机号码”（B 列）、"
        "第 5 行“身份证号码”（C 列）；其中 2 行另有有效号码，已计入；1 行没有有效号码，未计入；请对照原文件核实",
        "重复 1 条，去重后 4 条")
    assert count.as_dict()["malformed"][0] == {"row": 3, "column": "B", "header": "手机号码"}


def test_a_person_listed_by_id_in_one_file_and_by_phone_in_another_is_one_record(db, data_dir, make_case, tmp_path):
    case = make_case()
    seized = add(db, data_dir, case, write_csv(tmp_path / "查获名单.csv", person_rows(), "utf-8"))
    sms = add(db, data_dir, case, write_csv(tmp_path / "短信平台.csv", [["手机"], ["13800000003"], ["13900000009"]],
                                            "utf-8"))
    apply_count(db, data_dir, case.id, seized.id, "other")
    applied = apply_count(db, data_dir, case.id, sms.id, "other")
    assert applied.case.records_other == 5  # 4 + 2 − 张三, in both
    assert "查获名单.csv 4 + 短信平台.csv 2 − 不同证据间重复 1 = 5 条" in applied.evidence.count_note


def test_a_figure_typed_by_hand_is_not_replaced_without_being_asked(db, data_dir, make_case, tmp_path, english,
                                                                    table_counts):
    case = make_case(records_other=3_200)  # from the party's own account, before the list was counted
    item = add(db, data_dir, case, write_csv(tmp_path / "客户名单.csv", person_rows(), "utf-8"))
    before = table_counts(db, TABLES)
    with pytest.raises(StatedCount) as refused:
        apply_count(db, data_dir, case.id, item.id, "other")
    assert refused.value.figures == {"other": (3_200, 0, 4)}
    assert "records 3,200 records of “" in refused.value.message and "make it 4" in refused.value.message
    assert table_counts(db, TABLES) == before and get_evidence(db, item.id).record_count is None

    kept = apply_count(db, data_dir, case.id, item.id, "other", stated=KEEP)
    assert (kept.case.records_other, kept.evidence.record_count) == (3_200, 4)
    assert "类条数仍按原记载的 3,200 条计（非证据统计所得，经确认保留；证据统计为 4 条）" in kept.evidence.count_note
    with pytest.raises(StatedCount):  # still the officer's figure: asked again
        apply_count(db, data_dir, case.id, item.id, "other")

    replaced = apply_count(db, data_dir, case.id, item.id, "other", stated=REPLACE)
    assert replaced.case.records_other == 4
    assert "类原记载 3,200 条（非证据统计所得），经确认改为证据统计的 4 条" in replaced.evidence.count_note
    assert "3,200" in case_events(db, case.id)[-1].note  # the timeline keeps the figure replaced
    assert apply_count(db, data_dir, case.id, item.id, "other").case.records_other == 4  # now the evidence's


def test_a_figure_changed_by_hand_after_counting_is_asked_about_at_the_next_count(db, data_dir, make_case, tmp_path):
    case = make_case()
    first = add(db, data_dir, case, write_csv(tmp_path / "一.csv", person_rows(), "utf-8"))
    second = add(db, data_dir, case, write_csv(tmp_path / "二.csv", [["手机"], ["13900000009"]], "utf-8"))
    apply_count(db, data_dir, case.id, first.id, "other")
    update_case(db, replace(get_case(db, case.id), records_other=600))  # paper lists the files do not hold
    with pytest.raises(StatedCount) as refused:
        apply_count(db, data_dir, case.id, second.id, "other")
    assert refused.value.figures == {"other": (600, 4, 5)}
    assert get_case(db, case.id).records_other == 600


def test_a_recipient_changed_over_a_typed_figure_asks_too_and_changes_nothing(db, data_dir, make_case, tmp_path):
    case = make_case()
    item = add(db, data_dir, case, write_csv(tmp_path / "一.csv", person_rows(), "utf-8"))
    apply_count(db, data_dir, case.id, item.id, "other")
    update_case(db, replace(get_case(db, case.id), records_other=600))
    with pytest.raises(StatedCount):
        update_and_recount(db, data_dir, item.id, recipient="甲")
    assert get_evidence(db, item.id).recipient == "" and get_case(db, case.id).records_other == 600


def test_the_command_line_refuses_until_told_to_replace_or_keep(db, data_dir, make_case, tmp_path, capsys, english):
    case = make_case(records_other=3_200)
    add(db, data_dir, case, write_csv(tmp_path / "客户名单.csv", person_rows(), "utf-8"))
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "count", case.id, "1",
                         "--category", "other")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "3,200" in err and "--replace-stated" in err and "--keep-stated" in err
    assert get_evidence(db, get_evidence_id(db, case)).record_count is None
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "count", case.id, "1",
                         "--category", "other", "--keep-stated", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["distinct"], result["case_records"]["other"]) == (4, 3_200)
    assert result["malformed"][-1] == {"row": 5, "column": "C", "header": "身份证号码"}
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "count", case.id, "1",
                         "--category", "other", "--replace-stated")
    assert code == 0, err
    assert "经确认改为证据统计的 4 条" in out and get_case(db, case.id).records_other == 4


def get_evidence_id(db, case):
    return db.execute("SELECT id FROM evidence WHERE case_id = ?", [case.id]).fetchone()[0]


@pytest.mark.gui
@pytest.mark.parametrize(("choice", "expected"), [(None, 3_200), (1, 3_200), (0, 4)])
def test_the_window_asks_before_replacing_the_typed_figure(db, data_dir, make_case, make_window, prompts, tmp_path,
                                                           english, choice, expected):
    case = make_case(records_other=3_200)
    item = add(db, data_dir, case, write_csv(tmp_path / "客户名单.csv", person_rows(), "utf-8"))
    prompts.choices.append(choice)
    result = count_in_dialog(make_window(db).open_case(case.id), 0)
    assert "(the case now records 3,200, a figure not counted from its evidence: you will be asked" in result
    message, *options = prompts.offered[0]
    assert "3,200" in message and len(options) == 3
    assert get_case(db, case.id).records_other == expected and prompts.errors == []
    assert get_evidence(db, item.id).record_count == (None if choice is None else 4)


def test_a_file_without_a_header_is_read_by_both_columns_and_a_contact_s_phone_is_not_the_person_s(tmp_path):
    bare = [["13800000001", IDS[0]], ["1380000002", IDS[1]], ["13800000003", BAD_ID]]
    count = count_records(write_csv(tmp_path / "无表头.csv", bare, "utf-8"))
    assert (count.distinct, count.columns) == (3, ("第 A 列", "第 B 列"))
    # two owners without ID numbers who gave the same emergency contact are two people, not one
    owners = [["业主", "业主电话", "紧急联系人电话"], ["甲", "13800000001", "13900000000"],
              ["乙", "13800000002", "13900000000"]]
    count = count_records(write_csv(tmp_path / "业主.csv", owners, "utf-8"))
    assert (count.distinct, count.columns) == (2, ("业主电话",))


@pytest.mark.gui
def test_a_recipient_changed_in_the_window_over_a_typed_figure_reads_the_file_once(db, data_dir, make_case, make_window,
                                                                                   prompts, tmp_path, monkeypatch):
    """After the officer answered the question about the typed figure, the file was read a second time, in the window's
    thread (a list of a million rows twice)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

    from workstation import evidence_count

    case = make_case()
    item = add(db, data_dir, case, write_csv(tmp_path / "一.csv", person_rows(), "utf-8"))
    apply_count(db, data_dir, case.id, item.id, "other")
    update_case(db, replace(get_case(db, case.id), records_other=600))
    reads = []
    real = evidence_count.count_evidence
    monkeypatch.setattr(evidence_count, "count_evidence", lambda *a, **k: reads.append(1) or real(*a, **k))
    # the window counts in the background through its own name for it
    monkeypatch.setattr("ui.case_evidence.count_evidence", lambda *a, **k: reads.append(1) or real(*a, **k))
    workspace = make_window(db).open_case(case.id)
    workspace.evidence.view.selectRow(0)
    prompts.choices.append(0)  # replace the typed figure

    def mark_and_save():
        dialog = QApplication.activeModalWidget()
        dialog.recipient.setText("甲")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, mark_and_save)
    workspace.evidence.findChild(QPushButton, "edit_evidence").click()
    assert prompts.offered and "600" in prompts.offered[0][0]
    assert get_evidence(db, item.id).recipient == "甲" and get_case(db, case.id).records_other == 4
    assert len(reads) == 1
