"""The evidence register audited (session 53): a record of an extraction lists what was extracted on its day (the
电子数据证据提取笔录 and the 证据提取单 default to the items of one day, and a record listing an item of another day is
refused naming it); the 笔录's 个人信息条数 counts a record found in two files once; a decided case takes no evidence
collected after its decision and no count; the 调查终结报告 tells the steps before filing as 核查; a stored copy gone
from the data folder is named by its item (and its void goes ahead); a change is on the timeline the day it was made;
the first day refused says what it is; ``evidence set`` says when nothing changed and takes a blank 提取人 as add does."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import run, run_json
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.errors import ValidationError, WorkstationError
from workstation.evidence_count import apply_count, void_and_recount
from workstation.filestore import file_path
from workstation.formkit.values import case_context, default_values
from workstation.records import today
from workstation.store import get_case
from workstation.store.evidence import (
    EvidenceCopyError,
    add_evidence,
    listed_dates_refusal,
    save_copy,
    update_evidence,
)


def day(days_ago: int) -> str:
    return (dt.date.fromisoformat(today()) - dt.timedelta(days=days_ago)).isoformat()


def chinese(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


EARLY, LATE = day(15), day(2)  # two extraction sessions of one case


@pytest.fixture
def investigating(make_case):
    return make_case(status="investigating", lead_received_on=day(40), filed_on=day(30), act_on=day(45),
                     facts="当事人未经消费者同意，通过外呼平台向消费者拨打楼盘推销电话。")


def _file(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def two_sessions(db, data_dir, investigating, tmp_path):
    """A customer list extracted early, a chat export late."""
    first = add_evidence(db, data_dir, investigating.id, _file(tmp_path, "客户名单.csv", "电话\n13800138000\n"),
                         kind="customer_list", collected_on=EARLY)
    second = add_evidence(db, data_dir, investigating.id, _file(tmp_path, "聊天记录.txt", "与客户的聊天"),
                          kind="chat_export", collected_on=LATE)
    return investigating, first, second


def defaults(db, case, form_id: str) -> dict:
    return default_values(find_form(form_id), case_context(db, get_case(db, case.id)))


RECORD = {"place": "佛山市南海区桂城街道南海大道1号", "time_to": "10时30分"}
SHEET = {"place": "佛山市南海区桂城街道南海大道1号", "provider": "张三"}


# 1. a record of an extraction lists the items of its day -----------------------------------------------------------

def test_the_electronic_record_lists_the_items_of_one_day_and_then_the_day_not_recorded(db, data_dir, two_sessions):
    case, first, second = two_sessions
    values = defaults(db, case, "electronic_evidence_record")
    assert "聊天记录.txt" in values["file_names"] and "客户名单.csv" not in values["file_names"]
    assert "聊天记录.txt" in values["hashes"] and "客户名单.csv" not in values["hashes"]
    issue_document(db, data_dir, get_case(db, case.id), find_form("electronic_evidence_record"),
                   {**RECORD, "time_from": f"{chinese(LATE)}9时30分"})
    values = defaults(db, case, "electronic_evidence_record")  # the late session is recorded: the early one next
    assert values["file_names"].startswith("1. 客户名单.csv") and "聊天记录.txt" not in values["file_names"]


def test_the_extraction_sheet_is_dated_by_the_items_it_lists(db, data_dir, two_sessions):
    case, first, second = two_sessions
    values = defaults(db, case, "evidence_extraction")
    assert values["extracted_on"] == LATE  # not today: the day of the items listed
    assert [row.split(" | ")[:2] for row in values["items"].splitlines()] == [["2", "聊天记录.txt（聊天记录）"]]
    issue_document(db, data_dir, get_case(db, case.id), find_form("evidence_extraction"), dict(SHEET))
    values = defaults(db, case, "evidence_extraction")
    assert values["extracted_on"] == EARLY
    assert [row.split(" | ")[:2] for row in values["items"].splitlines()] == [["1", "客户名单.csv（客户名单）"]]


def test_a_record_listing_an_item_of_another_day_is_refused_naming_it_and_both_days(db, two_sessions, english):
    case, first, second = two_sessions
    with pytest.raises(WorkstationError) as refused:  # the late file listed by default
        check_issue(db, case, find_form("electronic_evidence_record"), {**RECORD, "time_from": f"{chinese(EARLY)}9时30分"})
    refusal = refused.value.message
    assert f"evidence item 2 (聊天记录.txt), collected on {LATE}" in refusal
    assert f"an extraction on {EARLY}" in refusal and "电子数据证据提取笔录" in refusal
    same_day = check_issue(db, case, find_form("electronic_evidence_record"),
                           {**RECORD, "time_from": f"{chinese(LATE)}9时30分"})[0]
    assert listed_dates_refusal(db, case, same_day, "electronic_evidence_record") is None
    with pytest.raises(WorkstationError, match=f"evidence item 2 \\(聊天记录.txt\\), collected on {LATE}"):
        check_issue(db, case, find_form("evidence_extraction"), {**SHEET, "extracted_on": EARLY})


def test_issuing_such_a_record_is_refused(db, data_dir, two_sessions, english):
    case, first, second = two_sessions
    with pytest.raises(WorkstationError, match="collected on"):
        issue_document(db, data_dir, case, find_form("electronic_evidence_record"),
                       {**RECORD, "time_from": f"{chinese(EARLY)}9时30分"})


def test_forms_keep_their_earlier_versions():
    from workstation.formkit.spec import earlier_form

    assert find_form("electronic_evidence_record").version == 7 and find_form("evidence_extraction").version == 3
    assert earlier_form("electronic_evidence_record", 6).version == 6
    assert earlier_form("evidence_extraction", 2).version == 2


# 2. the 笔录's 个人信息条数 counts a record once ---------------------------------------------------------------------

def test_the_records_of_the_electronic_record_count_a_record_in_two_files_once(db, data_dir, investigating, tmp_path):
    case = investigating
    a = add_evidence(db, data_dir, case.id, _file(tmp_path, "名单甲.csv", "电话\n13800138000\n13800138001\n"),
                     kind="customer_list", collected_on=LATE)
    b = add_evidence(db, data_dir, case.id, _file(tmp_path, "短信记录.csv",
                                                  "电话\n13800138000\n13800138001\n13800138002\n"),
                     kind="sms_log", collected_on=LATE)
    apply_count(db, data_dir, case.id, a.id, "trace")
    apply_count(db, data_dir, case.id, b.id, "trace")
    assert get_case(db, case.id).records_trace == 3
    assert defaults(db, case, "electronic_evidence_record")["records"] == 3  # not 2 + 3


# 3. a decided case ---------------------------------------------------------------------------------------------------

@pytest.fixture
def decided(make_case):
    return make_case(status="penalty_decided", lead_received_on=day(40), filed_on=day(30), decided_on=day(5))


def test_a_decided_case_takes_no_evidence_collected_after_its_decision(db, data_dir, decided, tmp_path, english):
    sheet = _file(tmp_path, "名单.csv", "电话\n13800138000\n")
    with pytest.raises(ValidationError) as refused:
        add_evidence(db, data_dir, decided.id, sheet, kind="customer_list", collected_on=day(3))
    assert f"after the case's decision ({day(5)})" in refused.value.errors["collected_on"]
    item = add_evidence(db, data_dir, decided.id, sheet, kind="customer_list", collected_on=day(6))  # before it
    with pytest.raises(ValidationError, match="after the case's decision"):
        update_evidence(db, item.id, collected_on=day(1))


def test_a_decided_case_is_no_longer_counted(db, data_dir, decided, tmp_path, english, table_counts):
    item = add_evidence(db, data_dir, decided.id, _file(tmp_path, "名单.csv", "电话\n13800138000\n"),
                        kind="customer_list", collected_on=day(6))
    before = get_case(db, decided.id)
    with pytest.raises(WorkstationError, match="its decision was made"):
        apply_count(db, data_dir, decided.id, item.id, "other")
    assert get_case(db, decided.id).records_other == before.records_other


@pytest.mark.gui
def test_the_window_greys_counting_and_refuses_a_date_after_the_decision(db, decided, make_window, prompts,
                                                                        tmp_path, english):
    from PySide6.QtCore import QDate, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    workspace = make_window(db).open_case(decided.id)
    evidence = workspace.evidence
    evidence.view.selectRow(0)
    count = evidence.buttons["count_records"]
    assert not count.isEnabled() and "its decision was made" in count.toolTip()
    assert evidence.buttons["save_evidence"].isEnabled()
    prompts.files.append(str(_file(tmp_path, "新名单.csv", "电话\n13800138000\n")))
    seen = {}

    def fill():
        dialog = QApplication.activeModalWidget()
        try:
            later = dt.date.fromisoformat(day(1))
            dialog.collected_on.setDate(QDate(later.year, later.month, later.day))
            seen["error"] = dialog.errors["collected_on"].text()
            seen["save"] = dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
        finally:
            dialog.reject()

    QTimer.singleShot(0, fill)
    prompts.choices.append(1)  # closed: what was typed is discarded
    evidence.buttons["add_evidence"].click()
    assert "after the case's decision" in seen["error"] and not seen["save"]


# 4. the course of the investigation --------------------------------------------------------------------------------

def test_the_course_tells_the_steps_before_filing_as_the_check_of_the_lead(db, data_dir, investigating, tmp_path):
    from workstation.formkit.course import investigation_course

    add_evidence(db, data_dir, investigating.id, _file(tmp_path, "投诉截图.txt", "截图"), kind="other",
                 description="投诉人提供的通话截图", collected_on=day(35))
    add_evidence(db, data_dir, investigating.id, _file(tmp_path, "客户名单.csv", "电话\n13800138000\n"),
                 kind="customer_list", description="当事人电脑导出的客户名单", collected_on=day(20))
    told = investigation_course(db, get_case(db, investigating.id))
    assert told == (f"立案前，办案人员对案件线索进行了核查：{chinese(day(35))}，收集了投诉人提供的通话截图并登记为证据；"
                    f"立案后，办案人员依法开展调查：{chinese(day(20))}，收集了当事人电脑导出的客户名单并登记为证据。"
                    "调查取证工作已经完成。")


# 5. a stored copy gone from the data folder --------------------------------------------------------------------------

@pytest.fixture
def counted_pair(db, data_dir, investigating, tmp_path):
    a = add_evidence(db, data_dir, investigating.id, _file(tmp_path, "名单甲.csv", "电话\n13800138000\n13800138001\n"),
                     kind="customer_list", collected_on=LATE, description="当事人电脑导出的客户名单")
    b = add_evidence(db, data_dir, investigating.id, _file(tmp_path, "名单乙.csv",
                                                           "电话\n13800138000\n13800138001\n13800138002\n"),
                     kind="customer_list", collected_on=LATE)
    apply_count(db, data_dir, investigating.id, a.id, "trace")
    apply_count(db, data_dir, investigating.id, b.id, "trace")
    return investigating, a, b


def test_a_missing_copy_is_named_by_its_item_and_what_restores_it(db, data_dir, counted_pair, tmp_path, english):
    case, a, b = counted_pair
    file_path(data_dir, b.sha256).unlink()
    with pytest.raises(WorkstationError) as refused:
        apply_count(db, data_dir, case.id, a.id, "trace")  # counting one reads the others counted
    assert "evidence item 2 (名单乙.csv) is missing from the data folder" in refused.value.message
    assert "Add the original file 名单乙.csv to the case again" in refused.value.message
    with pytest.raises(EvidenceCopyError) as refused:
        save_copy(data_dir, b, tmp_path / "copy.csv", key=None, number=2)
    assert "evidence item 2 (名单乙.csv)" in refused.value.message and not (tmp_path / "copy.csv").exists()
    with pytest.raises(WorkstationError, match=r"evidence item 1 \(名单甲.csv: 当事人电脑导出的客户名单\)"):
        file_path(data_dir, a.sha256).unlink()
        void_and_recount(db, data_dir, b.id, "登记错误")  # another item's copy gone: the void waits for it


def test_the_void_of_the_item_whose_own_copy_is_gone_goes_ahead(db, data_dir, counted_pair):
    case, a, b = counted_pair
    file_path(data_dir, b.sha256).unlink()
    voided = void_and_recount(db, data_dir, b.id, "登记错误")
    assert voided.void_reason == "登记错误"
    assert get_case(db, case.id).records_trace == 2  # made again from the item left


@pytest.mark.gui
def test_the_window_greys_save_and_count_of_an_item_whose_copy_is_gone(db, data_dir, counted_pair, make_window,
                                                                      english):
    case, a, b = counted_pair
    file_path(data_dir, b.sha256).unlink()
    evidence = make_window(db).open_case(case.id).evidence
    evidence.view.selectRow(1)
    for name in ("save_evidence", "count_records"):
        button = evidence.buttons[name]
        assert not button.isEnabled() and "evidence item 2 (名单乙.csv) is missing" in button.toolTip()
    assert evidence.buttons["void_evidence"].isEnabled()
    evidence.view.selectRow(0)
    assert evidence.buttons["save_evidence"].isEnabled()


# 6. a change on the timeline -----------------------------------------------------------------------------------------

def test_a_change_is_on_the_timeline_the_day_it_was_made(db, two_sessions):
    case, first, second = two_sessions
    update_evidence(db, first.id, description="当事人电脑导出的客户名单")
    on_date = db.execute("SELECT on_date FROM case_events WHERE case_id = ? AND note LIKE ? ORDER BY rowid DESC",
                         [case.id, "%1%"]).fetchone()[0]
    assert on_date == today() != EARLY


# 7. the first day, said as what it is --------------------------------------------------------------------------------

def test_the_first_day_refused_is_said_as_the_start_of_the_lead_s_verification(db, data_dir, investigating, tmp_path,
                                                                              english):
    with pytest.raises(ValidationError) as refused:
        add_evidence(db, data_dir, investigating.id, _file(tmp_path, "a.csv", "电话\n13800138000\n"),
                     kind="customer_list", collected_on=day(50))
    message = refused.value.errors["collected_on"]
    assert "the day the verification of the case's lead began (the day it was assigned, else received)" in message
    assert "the day the lead was received" not in message


# minor: evidence set ------------------------------------------------------------------------------------------------

CASE9 = "佛南市监立〔2026〕9号"  # the demo's case under investigation


def test_evidence_set_says_when_nothing_changed_and_takes_a_blank_collector_as_add_does(cli_station, tmp_path,
                                                                                      capsys, english):
    station = cli_station(tmp_path / "station")
    sheet = _file(tmp_path, "名单.csv", "电话\n13800138000\n")
    added = run_json(capsys, "--data-dir", station, "evidence", "add", CASE9, sheet, "--kind", "customer_list",
                     "--source", "当事人电脑")
    officers = added["collector"]
    code, out, err = run(capsys, "--data-dir", station, "evidence", "set", CASE9, "1", "--source", "当事人电脑")
    assert code == 0, err
    assert "nothing was changed" in out and "changed." not in out.replace("nothing was changed", "")
    code, out, err = run(capsys, "--data-dir", station, "evidence", "set", CASE9, "1", "--collector", "李某")
    assert code == 0 and "Evidence item 1 changed." in out
    code, out, err = run(capsys, "--data-dir", station, "evidence", "set", CASE9, "1", "--collector", "")
    assert code == 0, err
    listed = run_json(capsys, "--data-dir", station, "evidence", "list", CASE9)
    assert listed[0]["collector"] == officers != ""


def test_the_distinct_records_are_counted_only_when_a_form_draws_on_them(db, two_sessions, monkeypatch):
    """Every form of a case is drafted with the case's context: the 笔录's distinct records, which may read the
    evidence files, are worked out only when the form drawing on them is (formkit.values.source_value), once."""
    from workstation import evidence_count
    from workstation.formkit.values import case_context, source_value

    case, _first, _second = two_sessions
    calls = []
    real = evidence_count.distinct_records
    monkeypatch.setattr(evidence_count, "distinct_records", lambda *args: calls.append(args) or real(*args))
    context = case_context(db, case)
    assert calls == []
    counted = source_value("evidence.electronic_records", context)
    assert source_value("evidence.electronic_records", context) == counted and len(calls) == 1
