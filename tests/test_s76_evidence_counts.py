"""Session 76, evidence counts: the 案件调查终结报告's 证据及证明事项 states each counted item's own figure, which its
check against the counted total the report prints accepts (two files, 40 + 12 = 52; two files sharing a record,
4,999 + 2 less 1 = 5,000), saying so when records repeat between items; a figure of the list agreeing with neither
is refused as before; and the count steps name category D as REFERENCE §4.6 and the law box do."""

from __future__ import annotations

import csv

import pytest

from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue
from workstation.errors import WorkstationError
from workstation.evidence_count import apply_count
from workstation.store import get_case
from workstation.store.evidence import add_evidence, get_evidence

ADDRESS = "佛山市南海区桂城街道南海大道1号"
OVERLAP = "以上证据所载个人信息中有1条在不同证据间重复，去重后共5,000条。"


def _phones(start: int, count: int) -> list[list[str]]:
    return [[f"客户{n}", f"139{n:08d}"] for n in range(start, start + count)]


def _csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["姓名", "手机号码"], *rows])
    return path


def _calls(path, count: int):
    # a call log: one row a call, every row a record of its own (D counts records)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["通话时间", "被叫号码", "通话时长"],
                                  *([f"2026-03-0{1 + n % 5} 10:{n:02d}", f"1370000{n % 6:04d}", str(30 + n)]
                                    for n in range(count))])
    return path


def _counted(db, data_dir, case, path, category, kind="customer_list", description="客户名单"):
    item = add_evidence(db, data_dir, case.id, path, kind=kind, source="当事人办公电脑", collected_on="2026-03-10",
                        collector="陈志强", description=description)
    apply_count(db, data_dir, case.id, item.id, category)
    return get_evidence(db, item.id)


def _issue_check(db, case, **values):
    return check_issue(db, get_case(db, case.id), find_form("investigation_report"),
                       {"party_address": ADDRESS, "warning": True, **values})[0]


@pytest.fixture
def two_files(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02", facts="经查，当事人向业主拨打推销电话，涉及个人信息52条。")
    _counted(db, data_dir, case, _csv(tmp_path / "A_list_40.csv", _phones(1, 40)), "other")
    _counted(db, data_dir, case, _calls(tmp_path / "B_calls_12.csv", 12), "sensitive", kind="call_log",
             description="通话记录")
    assert get_case(db, case.id).records_total == 52
    return case


def test_two_counted_files_each_stated_in_the_evidence_list_issue(db, two_files):
    values = _issue_check(db, two_files)

    assert "证明涉及消费者个人信息40条" in values["evidence"] and "证明涉及消费者个人信息12条" in values["evidence"]
    assert "重复" not in values["evidence"]  # no record repeated between them: nothing said of it


def test_a_figure_of_the_evidence_list_agreeing_with_nothing_is_still_refused(db, two_files, english):
    wrong = _issue_check(db, two_files)["evidence"].replace("个人信息12条", "个人信息13条")

    with pytest.raises(WorkstationError) as refused:
        _issue_check(db, two_files, evidence=wrong)

    assert str(refused.value).startswith("The 证据及证明事项 says 13条 of personal information, but no counted item of "
                                         "evidence holds that many (40条、12条) and the 案件调查终结报告 prints the "
                                         "counted 52条 (涉及消费者个人信息（条）)")


def test_a_wrong_list_adding_up_to_the_total_is_refused(db, two_files, english):
    # 41 + 11 = 52, the total: but no item holds 41 or 11 records
    wrong = _issue_check(db, two_files)["evidence"].replace("个人信息40条", "个人信息41条").replace(
        "个人信息12条", "个人信息11条")

    with pytest.raises(WorkstationError) as refused:
        _issue_check(db, two_files, evidence=wrong)

    assert "says 41条 of personal information, but no counted item of evidence holds that many (40条、12条)" \
        in str(refused.value)


def test_the_list_may_say_the_total_after_its_items(db, two_files):
    stated = _issue_check(db, two_files)["evidence"].removesuffix("。") + "；共计个人信息52条。"

    assert _issue_check(db, two_files, evidence=stated)["evidence"] == stated


def test_an_item_described_with_its_own_figure_issues(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02", facts="经查，当事人向业主拨打推销电话，涉及个人信息52条。")
    _counted(db, data_dir, case, _csv(tmp_path / "A_list_40.csv", _phones(1, 40)), "other",
             description="客户名单，证明当事人非法获取个人信息40条")
    _counted(db, data_dir, case, _calls(tmp_path / "B_calls_12.csv", 12), "sensitive", kind="call_log",
             description="通话记录")

    course = "2026年3月10日，提取当事人客户名单及通话记录。"  # (the 调查经过 is held to the total on its own)
    generated = _issue_check(db, case, course=course)["evidence"]  # 40 stated twice, then 12: as the program lists
    assert "个人信息40条" in generated.replace("个人信息40条", "", 1)
    edited = generated.replace("通话记录", "当事人通话记录")  # the officer's own words elsewhere: the figures agree

    assert _issue_check(db, case, course=course, evidence=edited)["evidence"] == edited


def test_a_wrong_repeat_figure_is_refused(db, overlapping, english):
    wrong = _issue_check(db, overlapping)["evidence"].replace("有1条在不同证据间重复", "有2条在不同证据间重复")

    with pytest.raises(WorkstationError) as refused:
        _issue_check(db, overlapping, evidence=wrong)

    assert str(refused.value).startswith("The 证据及证明事项 says 2条 of personal information repeat between items of "
                                         "evidence, but the counted items share 1条.")


def test_a_wrong_item_figure_with_a_retyped_repeat_is_refused(db, overlapping, english):
    # 4,999 + 3 less 2 = 5,000 adds up, but no item holds 3 records and they share 1
    wrong = _issue_check(db, overlapping)["evidence"].replace("个人信息2条", "个人信息3条").replace(
        "有1条在不同证据间重复", "有2条在不同证据间重复")

    with pytest.raises(WorkstationError) as refused:
        _issue_check(db, overlapping, evidence=wrong)

    assert "says 3条 of personal information, but no counted item of evidence holds that many (4,999条、2条)" \
        in str(refused.value)


def test_a_repeat_said_where_nothing_repeats_is_refused(db, two_files, english):
    wrong = _issue_check(db, two_files)["evidence"] + "\n以上证据所载个人信息中有1条在不同证据间重复，去重后共51条。"

    with pytest.raises(WorkstationError) as refused:
        _issue_check(db, two_files, evidence=wrong)

    assert str(refused.value).startswith("The 证据及证明事项 says 1条 of personal information repeat between items of "
                                         "evidence, but no record repeats between the counted items.")


def test_the_overlap_left_out_of_the_list_is_refused_showing_the_sum(db, overlapping, english):
    without = _issue_check(db, overlapping)["evidence"].removesuffix("\n" + OVERLAP)

    with pytest.raises(WorkstationError) as refused:
        _issue_check(db, overlapping, evidence=without)

    assert "states 4,999条 and 2条 of personal information but not that 1条 of them repeat between items" \
        in str(refused.value) and OVERLAP in str(refused.value)


def test_the_facts_are_still_held_to_the_total(db, two_files, english):
    with pytest.raises(WorkstationError) as refused:
        _issue_check(db, two_files, facts="经查，当事人向业主拨打推销电话，涉及个人信息40条。")

    assert "违法事实 says 40条" in str(refused.value) and "52条 (涉及消费者个人信息（条）)" in str(refused.value)


@pytest.fixture
def overlapping(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02",
                     facts="经查，当事人购买业主信息用于推销，涉及个人信息5,000条。")
    _counted(db, data_dir, case, _csv(tmp_path / "E_4999.csv", _phones(1, 4_999)), "other")
    # its first customer is the last of the other list: counted once
    _counted(db, data_dir, case, _csv(tmp_path / "E_2.csv", _phones(4_999, 2)), "other", description="业主名单")
    assert get_case(db, case.id).records_total == 5_000
    return case


def test_files_sharing_a_record_issue_and_the_list_says_what_repeats(db, overlapping):
    values = _issue_check(db, overlapping)

    evidence = values["evidence"]
    assert "证明涉及消费者个人信息4,999条" in evidence and "证明涉及消费者个人信息2条" in evidence
    assert evidence.endswith("\n" + OVERLAP)


def test_a_single_counted_file_is_held_to_the_total_as_before(db, data_dir, make_case, tmp_path, english):
    case = make_case(status="investigating", filed_on="2026-03-02", facts="经查，当事人涉及个人信息40条。")
    _counted(db, data_dir, case, _csv(tmp_path / "A_list_40.csv", _phones(1, 40)), "other")

    values = _issue_check(db, case)
    assert "证明涉及消费者个人信息40条" in values["evidence"] and "重复" not in values["evidence"]
    with pytest.raises(WorkstationError) as refused:
        _issue_check(db, case, evidence=values["evidence"].replace("40条", "41条"))
    assert str(refused.value).startswith("The 证据及证明事项 says 41条 of personal information, but no counted item of "
                                         "evidence holds that many (40条) and the 案件调查终结报告 prints the counted "
                                         "40条 (涉及消费者个人信息（条）)")


def test_the_count_steps_name_category_d_as_the_law_does(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02")

    item = _counted(db, data_dir, case, _calls(tmp_path / "calls.csv", 12), "sensitive", kind="call_log",
                    description="通话记录")

    assert "“住宿信息、通信记录、健康生理信息、交易信息等”类" in item.count_note
    assert "“住宿、通信记录、健康生理、交易信息”类" not in item.count_note
