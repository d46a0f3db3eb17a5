"""An officer new to it counts a company's leaked customer lists into the case (session 10): a customer found in
two of the seized files is one record of the case, not two, so overlapping exports do not push the case over a
criminal threshold it does not reach; and the rows whose numbers were not counted are named, as Excel numbers
them, so the officer can check them in the file."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QPushButton

from tests.helpers import count_in_dialog
from tests.test_evidence import write_csv, write_xlsx
from workstation.evidence_count import apply_count, count_records
from workstation.law.criminal import assess_case
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event
from workstation.store.evidence import add_evidence, get_evidence

PHONES = [f"139{n:08d}" for n in range(30)]
ADDRESS = "佛山市南海区桂城街道南海大道1号"


def sheet(tmp_path, name, phones, header="手机号码"):
    # a customer's row the same in every file (session 65: C counts records, a row written in two files once)
    return write_csv(tmp_path / name, [["姓名", header]] + [[f"客户{p[-4:]}", p] for p in phones], "utf-8")


def add(db, data_dir, case, path):
    return add_evidence(db, data_dir, case.id, path, kind="customer_list", collected_on="2026-03-10")


def test_a_customer_in_two_files_is_one_record_of_the_case(db, data_dir, make_case, tmp_path):
    case = make_case()
    # the list exported from the CRM, and the part of it the party sent on by WeChat (20 of the same, 5 new)
    crm = add(db, data_dir, case, sheet(tmp_path, "客户名单.csv", PHONES))
    chat = add(db, data_dir, case, sheet(tmp_path, "微信导出.csv", PHONES[10:] + [f"137{n:08d}" for n in range(5)],
                                         header="电话"))
    apply_count(db, data_dir, case.id, crm.id, "trace")
    applied = apply_count(db, data_dir, case.id, chat.id, "trace")
    assert (applied.count.distinct, applied.case.records_trace) == (25, 35)  # 30 + 25 − 20 in both
    assert get_evidence(db, chat.id).record_count == 25  # each file keeps its own count
    assert ("本案“行踪轨迹、通信内容、征信信息、财产信息”类信息条数按各证据统计数之和计：客户名单.csv 30 + 微信导出.csv 25 − "
            "不同证据间重复 20 = 35 条（依照《最高人民法院、最高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题的"
            "解释》第十一条第三款，同一条信息出现在多份证据中的只计一次）") in applied.evidence.count_note
    assessment = assess_case(get_case(db, case.id))
    assert not assessment.serious and "35 ÷ 50 = 0.7" in assessment.steps[0]  # 55 would have reached 50

    moved = apply_count(db, data_dir, case.id, crm.id, "other")  # counted elsewhere: the overlap goes with it
    assert (moved.case.records_trace, moved.case.records_other) == (25, 30)


def test_files_without_common_records_still_add_up(db, data_dir, make_case, tmp_path):
    case = make_case()
    first = add(db, data_dir, case, sheet(tmp_path, "一.csv", PHONES[:10]))
    second = add(db, data_dir, case, sheet(tmp_path, "二.csv", PHONES[10:]))
    apply_count(db, data_dir, case.id, first.id, "other")
    applied = apply_count(db, data_dir, case.id, second.id, "other")
    assert applied.case.records_other == 30
    assert "一.csv 10 + 二.csv 20 = 30 条。" in applied.evidence.count_note


@pytest.mark.gui
def test_the_count_dialog_shows_the_records_common_to_two_files_before_applying(db, data_dir, make_case,
                                                                                  make_window, prompts, tmp_path):
    case = make_case()
    crm = add(db, data_dir, case, sheet(tmp_path, "客户名单.csv", PHONES))
    apply_count(db, data_dir, case.id, crm.id, "other")
    add(db, data_dir, case, sheet(tmp_path, "微信导出.csv", PHONES[:12]))
    result = count_in_dialog(make_window(db).open_case(case.id), 1)
    assert "客户名单.csv 30 + 微信导出.csv 12 − 不同证据间重复 12 = 30 条" in result
    assert get_case(db, case.id).records_other == 30
    assert prompts.errors == []


def test_the_rows_not_counted_are_named_as_the_spreadsheet_numbers_them(tmp_path):
    rows = [["某楼盘业主信息"], ["姓名", "手机号码"]] + [[f"业主{n}", p] for n, p in enumerate(PHONES)]
    rows += [[f"坏{n}", "1380013800"] for n in range(12)] + [["空", ""]]  # rows 33–44 malformed, 45 blank
    count = count_records(write_xlsx(tmp_path / "业主名单.xlsx", rows))
    assert (count.distinct, count.invalid, count.blank) == (30, 12, 1)
    assert count.steps[2] == ("格式不符的 12 个未计入，在第 33、34、35、36、37、38、39、40、41、42 行等，"
                              "请对照原文件核实")


def test_the_command_line_counts_an_item_by_its_number_in_the_register(db, data_dir, make_case, tmp_path, capsys,
                                                                       english):
    from tests.test_evidence import run

    case = make_case()
    add(db, data_dir, case, sheet(tmp_path, "一.csv", PHONES[:10]))
    second = add(db, data_dir, case, sheet(tmp_path, "二.csv", PHONES[5:]))
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "count", case.id, "2", "--category",
                         "other", "--json")
    assert code == 0, err
    assert get_evidence(db, second.id).record_count == 25 and get_case(db, case.id).records_other == 25
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "count", case.id, "3", "--category",
                         "other")
    assert code == 1 and out == ""
    assert case.case_number == ""  # 待立案: no number, named by its party and cause
    assert err.strip() == (f"Error: EVIDENCE_ID: Case (not filed: {case.party_names}, {case.cause}) has no evidence "
                           "item 3: its items are numbered 1 to 2 (see “evidence list”).")


@pytest.mark.parametrize(("records", "provision"), [
    ({"records_other": 3_200, "records_sensitive": 200}, "第五条第一款第六项规定的“情节严重”标准"),
    ({"records_other": 5_000}, "第五条第一款第五项规定的“情节严重”标准"),
    ({"records_trace": 25, "duty_related": True}, "第五条第一款第八项规定的“情节严重”标准"),
    ({"records_other": 50_000}, "第五条第二款第三项规定的“情节特别严重”标准"),
])
def test_the_transfer_letter_names_the_standard_the_case_reaches(db, make_case, records, provision):
    from workstation.documents.drafts import draft_document, find_form

    case = make_case(status="investigating", facts="经查，当事人出售业主信息。", **records)
    document = draft_document(db, case, find_form("police_transfer"), {"party_address": ADDRESS})
    assert (f"当事人的上述行为达到《最高人民法院、最高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释》"
            f"{provision}，涉嫌违反《中华人民共和国刑法》第二百五十三条之一的规定，涉嫌构成侵犯公民个人信息罪。"
            ) in document.text.replace("\n", "")


def test_below_the_thresholds_the_letter_keeps_the_plain_wording_for_the_officer_to_complete(db, make_case):
    from workstation.documents.drafts import draft_document, find_form

    case = make_case(status="investigating", facts="经查，当事人出售业主信息。", records_other=4_999)
    text = draft_document(db, case, find_form("police_transfer"), {"party_address": ADDRESS}).text.replace("\n", "")
    assert "当事人的上述行为涉嫌违反《中华人民共和国刑法》第二百五十三条之一的规定" in text and "标准" not in text


@pytest.mark.gui
def test_the_law_box_says_where_the_case_stands_with_the_police(db, make_case, make_window, english):
    from PySide6.QtWidgets import QLabel

    from workstation import procedure

    case = make_case(status="investigating", filed_on="2026-03-02", records_other=6_000)
    window = make_window(db)

    def law_box():
        workspace = window.open_case(case.id)
        workspace.reload()
        box = workspace.law
        verdict, warning = box.findChild(QLabel, "criminal_verdict"), box.findChild(QLabel, "criminal_warning")
        return (verdict or warning).text(), warning is not None, box.findChild(QPushButton, "transfer_police")

    text, warned, button = law_box()
    assert text.startswith("The case must be transferred to the police") and warned and button is not None
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-03-20", reason="涉嫌侵犯公民个人信息罪")
    text, warned, button = law_box()
    assert text == "The case was transferred to the police; the computation that led to it follows." and not warned and button is None
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-03-23"))
    procedure.apply(db, case.id, "resume_after_police", on_date="2026-04-10", reason="公安机关决定不予立案")
    text, warned, button = law_box()
    assert text.startswith("The case reaches the criminal thresholds, but it came back from the police") and not warned and button is None
