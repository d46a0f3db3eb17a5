"""Records found in several evidence files (session 10): a record repeated across files counts once (2017
interpretation art. 11 para. 3; para. 1 when a seized list was also sold on), except between files that are
separate sales or provisions to different recipients, where it counts for each (para. 2) — marked on the item
(提供对象), set in the evidence dialog or with ``evidence add/set --recipient``, the rule applied written out."""

from __future__ import annotations

import json

import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from tests.helpers import count_in_dialog
from tests.test_evidence import run, write_csv
from workstation.errors import WorkstationError
from workstation.evidence_count import apply_count, update_and_recount
from workstation.law.criminal import assess_case
from workstation.store import get_case
from workstation.store.cases import case_events
from workstation.store.evidence import add_evidence, get_evidence

LIST = [f"139{n:08d}" for n in range(3_000)]
LAW = "《最高人民法院、最高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释》"
SUM = "本案“其他个人信息”类信息条数按各证据统计数之和计："


def sheet(tmp_path, name, phones, header="手机号码"):
    # the header differs between exports of one list, so that two files of the same records differ in content; each
    # row is named by its phone (客户n for LIST[n]), so that a person is the same name and phone in every file
    return write_csv(tmp_path / name, [["姓名", header]] + [[f"客户{int(p[3:])}", p] for p in phones], "utf-8")


def add(db, data_dir, case, path, recipient=""):
    return add_evidence(db, data_dir, case.id, path, kind="customer_list", collected_on="2026-03-10",
                        recipient=recipient)


def count_all(db, data_dir, case, *items):
    for item in items:
        applied = apply_count(db, data_dir, case.id, item.id, "other")
    return applied


def test_one_list_sold_to_two_buyers_counts_for_each_and_reaches_the_threshold(db, data_dir, make_case, tmp_path):
    case = make_case()
    first = add(db, data_dir, case, sheet(tmp_path, "售予甲.csv", LIST), recipient="甲房产中介")
    second = add(db, data_dir, case, sheet(tmp_path, "售予乙.csv", LIST, header="电话"), recipient="乙装修公司")
    applied = count_all(db, data_dir, case, first, second)
    assert applied.case.records_other == 6_000
    assert (f"{SUM}售予甲.csv 3,000 + 售予乙.csv 3,000 = 6,000 条（依照{LAW}第十一条第二款，分别向不同对象"
            "（甲房产中介、乙装修公司）出售、提供的 3,000 条累计计算）。") in applied.evidence.count_note
    assert "第十一条第二款" in case_events(db, case.id)[-1].note  # the timeline says the same
    assessment = assess_case(get_case(db, case.id))
    assert assessment.serious  # 6,000 ≥ 5,000: counted once it would be 3,000 and stay below


@pytest.mark.parametrize("recipients", [("", ""), ("甲房产中介", " 甲房产中介 ")])
def test_the_same_list_twice_without_recipients_or_to_one_recipient_counts_once(db, data_dir, make_case, tmp_path,
                                                                               recipients):
    case = make_case()
    first = add(db, data_dir, case, sheet(tmp_path, "名单.csv", LIST), recipients[0])
    second = add(db, data_dir, case, sheet(tmp_path, "名单副本.csv", LIST, header="电话"), recipients[1])
    applied = count_all(db, data_dir, case, first, second)
    assert applied.case.records_other == 3_000
    assert (f"{SUM}名单.csv 3,000 + 名单副本.csv 3,000 − 不同证据间重复 3,000 = 3,000 条（依照{LAW}第十一条第三款，"
            "同一条信息出现在多份证据中的只计一次）。") in applied.evidence.count_note
    assert "第二款" not in applied.evidence.count_note
    assert not assess_case(get_case(db, case.id)).serious


def test_a_seized_list_partly_sold_to_two_buyers(db, data_dir, make_case, tmp_path):
    case = make_case()
    seized = add(db, data_dir, case, sheet(tmp_path, "查获名单.csv", LIST[:30]))
    first = add(db, data_dir, case, sheet(tmp_path, "售予甲.csv", LIST[:20]), recipient="甲")
    second = add(db, data_dir, case, sheet(tmp_path, "售予乙.csv", LIST[10:20], header="电话"), recipient="乙")
    applied = count_all(db, data_dir, case, seized, first, second)
    # 30 obtained; 10 of them also sold to both 甲 and 乙 count twice; the rest once (obtained then sold: para. 1)
    assert applied.case.records_other == 40
    assert (f"{SUM}查获名单.csv 30 + 售予甲.csv 20 + 售予乙.csv 10 − 不同证据间重复 20 = 40 条（依照{LAW}第十一条"
            "第一款、第三款，同一条信息出现在多份证据中的只计一次；依照该解释第十一条第二款，分别向不同对象（甲、乙）出售、"
            "提供的 10 条累计计算）。") in applied.evidence.count_note


def test_marking_a_counted_item_as_provided_to_another_recipient_counts_the_case_again(db, data_dir, make_case,
                                                                                       tmp_path):
    case = make_case()
    first = add(db, data_dir, case, sheet(tmp_path, "一.csv", LIST[:10]), recipient="甲")
    second = add(db, data_dir, case, sheet(tmp_path, "二.csv", LIST[:10], header="电话"))
    assert count_all(db, data_dir, case, first, second).case.records_other == 10
    item = update_and_recount(db, data_dir, second.id, recipient="乙")
    assert (item.recipient, get_case(db, case.id).records_other) == ("乙", 20)
    assert "分别向不同对象（甲、乙）出售、提供的 10 条累计计算" in item.count_note
    update_and_recount(db, data_dir, second.id, recipient="")
    assert get_case(db, case.id).records_other == 10


def test_a_recount_that_cannot_read_a_file_leaves_the_recipient_unchanged(db, data_dir, make_case, tmp_path,
                                                                          english):
    from workstation.filestore import file_path

    case = make_case()
    first = add(db, data_dir, case, sheet(tmp_path, "一.csv", LIST[:10]), recipient="甲")
    second = add(db, data_dir, case, sheet(tmp_path, "二.csv", LIST[:10], header="电话"))
    count_all(db, data_dir, case, first, second)
    file_path(data_dir, first.sha256).write_bytes(b"damaged")
    with pytest.raises(WorkstationError, match="was altered"):
        update_and_recount(db, data_dir, second.id, recipient="乙")
    assert get_evidence(db, second.id).recipient == "" and get_case(db, case.id).records_other == 10


def test_the_command_line_marks_the_recipient_and_counts_again(db, data_dir, make_case, tmp_path, capsys, english):
    case = make_case()
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id,
                         sheet(tmp_path, "一.csv", LIST[:10]), "--recipient", "甲", "--json")
    assert code == 0, err
    add(db, data_dir, case, sheet(tmp_path, "二.csv", LIST[:10], header="电话"))
    for number in ("1", "2"):
        assert run(capsys, "--data-dir", data_dir, "evidence", "count", case.id, number, "--category",
                   "other")[0] == 0
    assert get_case(db, case.id).records_other == 10
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "set", case.id, "2", "--recipient",
                         "乙", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["recipient"], result["recounted"], result["case_records"]["other"]) == ("乙", True, 20)
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "list", case.id, "--json")
    assert [e["recipient"] for e in json.loads(out)] == ["甲", "乙"]
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "list", case.id)
    assert "provided to 乙" in out.splitlines()[1]

    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "set", case.id, "3", "--recipient", "丙")
    assert code == 1 and out == "" and "has no evidence item 3" in err
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "set", case.id, "2")
    assert code == 1 and out == "" and err.count("\n") == 1 and "--recipient" in err
    assert get_case(db, case.id).records_other == 20  # the refusals changed nothing


@pytest.mark.gui
def test_the_count_dialog_says_the_list_sold_to_two_buyers_counts_twice(db, data_dir, make_case, make_window,
                                                                        prompts, tmp_path):
    case = make_case()
    first = add(db, data_dir, case, sheet(tmp_path, "售予甲.csv", LIST[:12]), recipient="甲")
    apply_count(db, data_dir, case.id, first.id, "other")
    add(db, data_dir, case, sheet(tmp_path, "售予乙.csv", LIST[:12], header="电话"), recipient="乙")
    result = count_in_dialog(make_window(db).open_case(case.id), 1)
    assert ("售予甲.csv 12 + 售予乙.csv 12 = 24 条（依照" + LAW + "第十一条第二款，分别向不同对象（甲、乙）出售、提供的 "
            "12 条累计计算）") in result
    assert get_case(db, case.id).records_other == 24 and prompts.errors == []


@pytest.mark.gui
def test_the_evidence_dialog_sets_the_recipient_and_the_case_is_counted_again(db, data_dir, make_case, make_window,
                                                                              prompts, tmp_path):
    case = make_case()
    first = add(db, data_dir, case, sheet(tmp_path, "一.csv", LIST[:12]), recipient="甲")
    second = add(db, data_dir, case, sheet(tmp_path, "二.csv", LIST[:12], header="电话"))
    count_all(db, data_dir, case, first, second)
    assert get_case(db, case.id).records_other == 12
    workspace = make_window(db).open_case(case.id)
    workspace.evidence.view.selectRow(1)

    def mark_and_save():
        dialog = QApplication.activeModalWidget()
        dialog.recipient.setText("乙")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, mark_and_save)
    workspace.evidence.findChild(QPushButton, "edit_evidence").click()
    assert get_case(db, case.id).records_other == 24 and prompts.errors == []
    model = workspace.evidence.model
    assert model.data(model.index(1, model.columnCount() - 2)) == "乙"  # before the note (void: …)
