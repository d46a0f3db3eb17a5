"""The evidence audit (session 63): a call or SMS log counts the people on both sides of its calls, a person once,
not the caller and the called as one; old 15-digit ID numbers and Foshan landlines are counted, not refused as
malformed; the people of a list are merged transitively, so that a file's count and the case's sum of several files
agree; the case's figures of a count are worked out on the task runner's thread, never on the window's; a WPS .et
sheet is told how to be counted; and the 调查终结报告 counts alike items (客户名单2份)."""

from __future__ import annotations

import csv
import io
import threading

import pytest

from workstation import evidence_count
from workstation.evidence_count import apply_count, count_bytes, count_refusal, identities, void_and_recount
from workstation.store import get_case
from workstation.store.evidence import add_evidence, list_evidence
from workstation.validators import id_check_character

CALLERS = [f"1710000000{n}" for n in range(5)]  # an outbound platform's pooled mobiles


def _csv(rows) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue().encode("utf-8")


def _write(folder, name, rows):
    path = folder / name
    path.write_bytes(_csv(rows))
    return path


def _id18(first17: str) -> str:
    return first17 + id_check_character(first17)


def _outbound(calls=600):
    return [["呼叫时间", "主叫号码", "被叫号码", "通话时长", "呼叫结果"]] + [
        [f"2026-10-01 09:{n % 60:02d}:00", CALLERS[n % 5], f"139{n:08d}", str(n % 90), "已接通"]
        for n in range(calls)]


# 1. call and SMS logs: the two parties of a call are two people -------------------------------------------------

def test_an_outbound_call_log_counts_both_sides_and_names_the_five_pooled_callers_for_the_officer():
    # REFERENCE §4.6 (2017 interpretation art. 11): records count unless shown false or duplicated; the caller side
    # looking like the platform's own lines is said, never deducted by the count
    count = count_bytes("outbound.csv", _csv(_outbound(6000)))
    assert count.distinct == 6005
    said = "；".join(count.steps)
    assert "“主叫号码”仅有 5 个不同号码" in said and "6,000" in said and "未计入" not in said
    assert count.steps[-1] == "重复 5,995 条，去重后 6,005 条"


def _calls(header, callers, per):
    return [header] + [[f"1380000{i:04d}", f"1390000{i * per + j:04d}", "30"] for i in range(callers)
                       for j in range(per)]


def test_46_consumers_calling_10_others_each_count_506_not_460():
    count = count_bytes("A.csv", _csv(_calls(["主叫号码", "被叫号码", "通话时长"], 46, 10)))
    assert count.distinct == 506
    assert any("46 个不同号码" in step and "460" in step for step in count.steps)


def test_4_consumers_forwarding_sms_to_40_friends_count_44():
    count = count_bytes("B.csv", _csv(_calls(["发送号码", "接收号码", "内容"], 4, 10)))
    assert count.distinct == 44


def test_a_call_back_does_not_change_the_count_of_both_sides():
    rows = _outbound()
    rows.append(["2026-10-01 10:00:00", "13900000001", CALLERS[0], "30", "已接通"])
    assert count_bytes("E.csv", _csv(rows)).distinct == 605


def test_an_id_column_of_a_log_belongs_to_the_subscriber_side():
    rows = [["机主身份证号", "本机号码", "对方号码"]]
    for n in range(100):
        subscriber = n % 20
        rows.append([_id18(f"44060219800101{subscriber:03d}"), f"1371234{subscriber:04d}", f"1350000{n:04d}"])
    count = count_bytes("I.csv", _csv(rows))
    assert count.distinct == 120
    assert any("机主身份证号" in step and "本机号码" in step and "一方" in step for step in count.steps)


def test_calls_among_a_hundred_people_count_the_hundred_each_once():
    people = [f"139{n:08d}" for n in range(100)]
    rows = [["序号", "主叫号码", "被叫号码", "通话开始时间"]]
    for n in range(600):
        caller, called = people[n % 100], people[(n * 7 + 3 + n // 100) % 100]
        if called == caller:
            called = people[(n + 1) % 100]
        rows.append([str(n + 1), caller, called, "2026-10-01 10:00:00"])
    count = count_bytes("calls2.csv", _csv(rows))
    assert count.distinct == 100
    assert count.duplicates == 1100  # 1,200 numbers of calls, 100 people
    assert not any("未计入" in step for step in count.steps)  # both sides are the people called and calling


def test_a_landline_calling_a_hundred_numbers_counts_the_hundred():
    rows = [["序号", "主叫号码", "被叫号码", "通话开始时间", "通话时长(秒)"]] + [
        [str(n + 1), "075786220001", f"139{n % 100:08d}", "2026-10-01 10:00:00", "30"] for n in range(600)]
    count = count_bytes("calls.csv", _csv(rows))
    assert count.distinct == 100 and count.invalid == 0
    assert any("075786220001" not in step and "主叫号码" in step and "未单独计入" in step for step in count.steps)


def test_an_sms_platform_log_counts_the_receivers_its_sending_port_being_no_ones_number():
    rows = [["发送时间", "发送号码", "接收号码", "短信内容"]] + [
        ["2026-10-01 10:00", "10690000123", f"138{n:08d}", "【某楼盘】限时优惠"] for n in range(300)]
    count = count_bytes("短信.csv", _csv(rows))
    assert count.distinct == 300 and count.invalid == 0 and count.malformed == ()


def test_a_phone_exported_log_counts_the_other_parties():
    rows = [["本机号码", "对方号码", "类型"]] + [["13712345678", f"135{n % 50:08d}", "呼出"] for n in range(200)]
    count = count_bytes("通话详单.csv", _csv(rows))
    assert count.distinct == 51  # the 50 others and the phone's own number: both sides, as the law counts


def test_two_phone_columns_of_a_customer_list_are_still_one_person_a_row():
    rows = [["姓名", "手机号码", "备用手机"], ["甲", "13800000001", "13800000002"], ["乙", "13800000003", ""]]
    count = count_bytes("名单.csv", _csv(rows))
    assert count.distinct == 2


# 2. old 15-digit ID numbers and Foshan landlines ----------------------------------------------------------------

def _legacy(n: int) -> str:
    return f"44060275{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n:03d}"


def test_a_list_of_old_15_digit_id_numbers_is_counted_and_says_they_were_converted():
    rows = [["姓名", "身份证号码"]] + [[f"王{n}", _legacy(n)] for n in range(100)]
    count = count_bytes("legacy15.csv", _csv(rows))
    assert count.distinct == 100 and count.invalid == 0
    assert any("15 位" in step and "18 位" in step for step in count.steps)


def test_an_old_number_and_its_18_digit_form_are_one_person():
    old = _legacy(7)
    new = _id18(old[:6] + "19" + old[6:])
    rows = [["姓名", "身份证号码", "手机号码"], ["王七", old, ""], ["王七", new, ""]]
    rows += [[f"王{n}", _id18(f"4406021975{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n + 500:03d}"), ""]
             for n in range(50)]
    rows += [[f"李{n}", _legacy(n + 100), ""] for n in range(48)]
    count = count_bytes("mixed.csv", _csv(rows))
    assert count.rows == 100 and count.distinct == 99 and count.invalid == 0


def test_an_old_number_of_a_date_that_does_not_exist_is_not_valid():
    rows = [["姓名", "身份证号码"], ["甲", "440602751332000"], ["乙", _legacy(1)]]
    count = count_bytes("坏号.csv", _csv(rows))
    assert count.distinct == 1 and count.invalid == 1


def test_an_owner_list_of_mobiles_and_foshan_landlines_counts_every_owner():
    rows = [["业主姓名", "房号", "联系电话"]]
    rows += [[f"业主{n}", f"{n % 30 + 1:02d}01", f"0757-8622{n:04d}"] for n in range(40)]
    rows += [[f"业主{n}", f"{n % 30 + 1:02d}02", f"1380013{n:04d}"] for n in range(40, 100)]
    count = count_bytes("owners.csv", _csv(rows))
    assert count.distinct == 100 and count.invalid == 0
    assert any("座机" in step for step in count.steps)


def test_owners_giving_the_property_office_landline_are_still_100_people():
    rows = [["业主姓名", "手机号码", "联系电话"]] + [
        [f"业主{n}", f"1380013{n:04d}", "0757-86220000" if n < 60 else ""] for n in range(100)]
    count = count_bytes("G.csv", _csv(rows))
    assert count.distinct == 100
    assert any("座机" in step and "不据以" in step for step in count.steps)


def test_couples_sharing_a_home_landline_are_two_people_each():
    rows = [["姓名", "手机", "家庭电话"]]
    for n in range(40):
        rows += [[f"夫{n}", f"1390013{n:04d}", f"0757-8622{n:04d}"], [f"妻{n}", f"1370013{n:04d}", f"0757-8622{n:04d}"]]
    assert count_bytes("H.csv", _csv(rows)).distinct == 80


def test_a_landline_with_the_country_code_is_read_and_95_numbers_are_no_ones():
    assert evidence_count._landline("+86 757 86220000") == "0757-86220000"
    rows = [["姓名", "联系电话"], ["甲", "95105105"], ["乙", "0757-86220001"], ["丙", "4008123456"]]
    count = count_bytes("svc.csv", _csv(rows))
    assert count.distinct == 1 and count.invalid == 0


def test_a_list_of_landlines_alone_is_counted():
    rows = [["姓名", "联系电话"]] + [[f"户{n}", f"8622{n:04d}"] for n in range(30)]
    assert count_bytes("座机.csv", _csv(rows)).distinct == 30


def test_eight_digit_numbers_of_an_unnamed_column_are_no_landlines():
    rows = [["姓名", "手机号码", "订单编号"]] + [[f"户{n}", f"1380013{n:04d}", f"8622{n:04d}"] for n in range(30)]
    count = count_bytes("订单.csv", _csv(rows))
    assert count.distinct == 30 and count.columns == ("手机号码",)


# 3. people merged transitively -----------------------------------------------------------------------------------

CHAIN = [["姓名", "身份证号码", "手机号码", "备用手机"], ["王一", "440602197501010004", "13800000001", ""],
         ["王一", "", "13800000001", "13800000002"], ["王一", "", "13800000002", ""]]


def test_a_chain_of_shared_phones_is_one_person_with_or_without_the_id_number():
    assert count_bytes("chain.csv", _csv(CHAIN)).distinct == 1
    without = [CHAIN[0]] + [[row[0], "", *row[2:]] for row in CHAIN[1:]]
    assert count_bytes("chain2.csv", _csv(without)).distinct == 1


def test_identities_are_transitive_and_never_merge_two_id_numbers():
    keys = identities([(("440602197501010004",), ("13800000001",)), ((), ("13800000001", "13800000002")),
                       ((), ("13800000002",))])
    assert len(set(keys)) == 1
    keys = identities([(("440602197501010004",), ("13800000001",)), (("11010519491231002X",), ("13800000001",)),
                       ((), ("13800000001",))])
    assert len(set(keys)) == 2


def test_the_case_sum_and_the_void_agree_with_the_count_of_a_chained_list(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02")
    chain = add_evidence(db, data_dir, case.id, _write(tmp_path, "chain.csv", CHAIN), kind="customer_list")
    other = add_evidence(db, data_dir, case.id, _write(tmp_path, "x.csv", [["姓名", "手机号码"]] + [
        [f"赵{n}", f"1390000000{n}"] for n in range(10)]), kind="customer_list")
    assert apply_count(db, data_dir, case.id, chain.id, "other").count.distinct == 1
    applied = apply_count(db, data_dir, case.id, other.id, "other")
    assert applied.case.records_other == 11
    assert "不同证据间重复" not in applied.evidence.count_note
    assert "chain.csv 1 + x.csv 10 = 11 条" in applied.evidence.count_note
    void_and_recount(db, data_dir, other.id, "误登记")
    assert get_case(db, case.id).records_other == 1  # its 10 records taken out, as the void said


# 4. the figures worked out off the window's thread ------------------------------------------------------------------

def _watch_identities(monkeypatch) -> list[bool]:
    """Each call of ``identities`` noted: True when made on the main (window's) thread."""
    real, calls = evidence_count.identities, []

    def watched(records):
        calls.append(threading.current_thread() is threading.main_thread())
        return real(records)

    monkeypatch.setattr(evidence_count, "identities", watched)
    return calls


def _counted_case(db, data_dir, make_case, tmp_path):
    """A case with a list of 200 numbers counted into E, and a second list of 150 (50 of them in the first) added: a
    person has the same name and phone in every list (甲n for 138…n), as one list's count tells people apart."""
    case = make_case(status="investigating", filed_on="2026-03-02")
    first = add_evidence(db, data_dir, case.id, _write(tmp_path, "甲.csv", [["姓名", "手机号码"]] + [
        [f"甲{n}", f"138{n:08d}"] for n in range(200)]), kind="customer_list")
    apply_count(db, data_dir, case.id, first.id, "other")
    second = add_evidence(db, data_dir, case.id, _write(tmp_path, "乙.csv", [["姓名", "手机号码"]] + [
        [f"甲{n + 150}", f"138{n + 150:08d}"] for n in range(150)]), kind="customer_list")
    return case, second


@pytest.mark.gui
def test_counting_showing_and_applying_work_out_no_overlap_on_the_window_thread(db, data_dir, make_case, tmp_path,
                                                                                prompts, qtbot, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.case_evidence import CaseEvidence, CountDialog
    from ui.task_runner import TaskRunner

    case, second = _counted_case(db, data_dir, make_case, tmp_path)
    calls = _watch_identities(monkeypatch)
    runner = TaskRunner()
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts, runner=runner)
    qtbot.addWidget(section)
    section.show()
    section.view.selectRow(1)
    shown = []

    def apply_count_dialog():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, CountDialog) and not shown:
            shown.append(dialog.result.text())
            dialog.accept()

    timer = QTimer()
    timer.timeout.connect(apply_count_dialog)
    timer.start(20)
    section.count_selected()
    qtbot.waitUntil(lambda: get_case(db, case.id).records_other == 300, timeout=20000)
    timer.stop()
    assert runner.wait(10000)
    assert "甲.csv 200 + 乙.csv 150 − 不同证据间重复 50 = 300 条" in shown[0]
    assert calls and not any(calls), "the overlap of the files was worked out on the window's thread"
    assert len(calls) <= 2  # the item's figure before and after, once each
    assert prompts.errors == []


class _NotingRunner:
    """Runs each work at once, as ``ImmediateRunner`` does, noting while it runs (``inside``); ``cancelled`` makes the
    next work find its token cancelled, as the progress dialog's Cancel does."""

    def __init__(self):
        from workstation.progress import CancelToken

        self.inside, self.cancelled, self.token = False, False, CancelToken

    def run(self, title, work, on_done, on_error, parent=None):
        token = self.token()
        if self.cancelled:
            token.cancel()
        self.inside = True
        try:
            result = work(progress=lambda *_a: None, cancel=token)
        except Exception as exc:  # noqa: BLE001 - as the runner: told to on_error
            self.inside = False
            on_error(exc)
        else:
            self.inside = False
            on_done(result)


@pytest.mark.gui
def test_a_category_chosen_has_its_figures_worked_out_as_runner_work_and_a_cancel_changes_nothing(
        db, data_dir, make_case, tmp_path, prompts, qtbot, monkeypatch):
    from ui.case_evidence import CountDialog
    from workstation.evidence_count import count_evidence, counted_register, with_figures

    case, second = _counted_case(db, data_dir, make_case, tmp_path)
    register = counted_register(db, case.id)
    count = with_figures(count_evidence(data_dir, second, others=register), second, "other", register)
    runner = _NotingRunner()
    outside = []
    real = evidence_count.identities

    def watched(records):
        outside.append(not runner.inside)
        return real(records)

    monkeypatch.setattr(evidence_count, "identities", watched)
    dialog = CountDialog(db, second, count, get_case(db, case.id), data_dir=data_dir, runner=runner, prompts=prompts)
    qtbot.addWidget(dialog)
    assert "− 不同证据间重复 50 = 300 条" in dialog.result.text()
    assert outside == []  # shown from the figures the count brought
    # a list counted into C meanwhile, sharing 50 people with the item: C's figures are compared by the runner
    third = add_evidence(db, data_dir, case.id, _write(tmp_path, "丙.csv", [["姓名", "手机号码"]] + [
        [f"丙{n}", f"138{n + 250:08d}"] for n in range(100)]), kind="customer_list")
    apply_count(db, data_dir, case.id, third.id, "trace")
    outside.clear()
    dialog.category.setCurrentIndex(dialog.category.findData("trace"))
    # C counts records (session 65): the rows of 乙 and 丙 differ (their names), none written in both
    assert "乙.csv 150 + 丙.csv 100 = 250 条" in dialog.result.text()
    dialog.category.setCurrentIndex(dialog.category.findData("other"))
    assert "= 300 条" in dialog.result.text()
    assert outside and not any(outside), "the overlap was compared outside the runner's work"
    runner.cancelled = True  # the figures of D asked for, and cancelled: the category shown before is put back
    dialog.category.setCurrentIndex(dialog.category.findData("sensitive"))
    assert dialog.category.currentData() == "other" and "= 300 条" in dialog.result.text()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Apply).isEnabled()  # its figures are current


@pytest.mark.gui
def test_a_cancelled_comparison_leaving_no_current_figures_allows_no_apply(db, data_dir, make_case, tmp_path,
                                                                          prompts, qtbot):
    from PySide6.QtWidgets import QDialog

    from ui.case_evidence import CountDialog
    from workstation.evidence_count import count_evidence, counted_register, with_figures

    case, second = _counted_case(db, data_dir, make_case, tmp_path)
    register = counted_register(db, case.id)
    count = with_figures(count_evidence(data_dir, second, others=register), second, "other", register)
    third = add_evidence(db, data_dir, case.id, _write(tmp_path, "丙.csv", [["姓名", "手机号码"], ["丙", "13700000000"]]),
                         kind="customer_list")
    apply_count(db, data_dir, case.id, third.id, "other")  # the register changed since the count
    runner = _NotingRunner()
    runner.cancelled = True
    dialog = CountDialog(db, second, count, get_case(db, case.id), data_dir=data_dir, runner=runner, prompts=prompts)
    qtbot.addWidget(dialog)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Apply).isEnabled()
    dialog.accept()  # Enter, or a click that got through: nothing applied
    assert QDialog.result(dialog) == QDialog.DialogCode.Rejected
    assert dialog.exec() == QDialog.DialogCode.Rejected  # never shown with a blank sum
    assert get_case(db, case.id).records_other == 201


def test_apply_takes_the_figures_the_count_brought_when_the_register_is_as_it_was(
        db, data_dir, make_case, tmp_path, monkeypatch):
    from workstation.evidence_count import count_evidence, counted_register, with_figures

    case, second = _counted_case(db, data_dir, make_case, tmp_path)
    register = counted_register(db, case.id)
    count = with_figures(count_evidence(data_dir, second, others=register), second, "other", register)

    def refused(_records):
        raise AssertionError("worked out again")

    monkeypatch.setattr(evidence_count, "identities", refused)
    applied = apply_count(db, data_dir, case.id, second.id, "other", count)
    assert applied.case.records_other == 300


def test_apply_works_the_figures_out_again_when_the_register_changed_since_the_count(db, data_dir, make_case,
                                                                                   tmp_path):
    from workstation.evidence_count import count_evidence, counted_register, with_figures

    case, second = _counted_case(db, data_dir, make_case, tmp_path)
    register = counted_register(db, case.id)
    count = with_figures(count_evidence(data_dir, second, others=register), second, "other", register)
    third = add_evidence(db, data_dir, case.id, _write(tmp_path, "丙.csv", [["姓名", "手机号码"]] + [
        [f"甲{n + 250}", f"138{n + 250:08d}"] for n in range(100)]), kind="customer_list")
    assert apply_count(db, data_dir, case.id, third.id, "other").case.records_other == 300  # 甲 200 + 丙 100
    applied = apply_count(db, data_dir, case.id, second.id, "other", count)
    assert applied.case.records_other == 350  # 甲 0–199, 乙 150–299, 丙 250–349


# 5. a WPS sheet ---------------------------------------------------------------------------------------------------

def test_a_wps_sheet_is_told_to_be_saved_as_xlsx_and_added(english):
    said = count_refusal("客户名单.et")
    assert "WPS" in said and ".xlsx" in said and "add" in said
    assert count_refusal("客户名单.xlsx") is None


# 6. the course of the 调查终结报告 counts alike items -------------------------------------------------------------

def test_the_course_counts_alike_items_in_their_measure_word(db, data_dir, make_case, tmp_path):
    from workstation.formkit.course import investigation_course

    case = make_case(status="investigating", filed_on="2026-03-02")
    for n in range(2):
        add_evidence(db, data_dir, case.id, _write(tmp_path, f"名单{n}.csv", [["姓名", "手机号码"], ["甲", f"1380000000{n}"]]),
                     kind="customer_list", collected_on="2026-03-05")
    course = investigation_course(db, get_case(db, case.id))
    assert "收集了客户名单2份并登记为证据" in course
    assert "客户名单一份、客户名单一份" not in course
    add_evidence(db, data_dir, case.id, _write(tmp_path, "录音.csv", [["x"], ["1"]]), kind="call_log",
                 collected_on="2026-03-05")
    course = investigation_course(db, get_case(db, case.id))
    assert "收集了客户名单2份、通话记录一份共3项证据材料并登记" in course
    assert len(list_evidence(db, case.id)) == 3
