"""The re-inspection (复查) after a 责令改正通知书: each order in force with a 改正期限 or 报送期限 gives a row of the
deadline board for the party it is written to, due five working days after its day (thresholds.toml
[rectification_check]), running until its re-inspection is recorded, overdue after that;
a voided order gives none, a closed case ends it (``workstation/rectification_checks.py``)."""

from __future__ import annotations

import re

import pytest

from tests.helpers import run, run_json
from workstation.clocks import board, case_clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.records import ClockEvent, Party
from workstation.rectification_checks import CHECK, orders_to_check
from workstation.store import get_case, save_party, update_case
from workstation.store.clock_events import describe, kind_refusal, record_clock_event

FACTS = "经查，当事人于2026年1月至2月期间未经消费者同意向其发送商业性短信。"
EMPLOYEE = "李某某"
REQUIREMENTS = "1.停止未经消费者同意向其发送商业性短信的行为。"


@pytest.fixture
def filed(db, make_case):
    return make_case(status="investigating", filed_on="2026-03-02")


def order(db, data_dir, case, party_id=None, **values):
    # the case records no violation: the 改正要求 are written (required to issue)
    values = {"signed_on": "2026-03-10", "correct_by": "2026-03-25", "violation": FACTS, "requirements": REQUIREMENTS,
              **values}
    return issue_document(db, data_dir, get_case(db, case.id), find_form("rectification_order"), values,
                          party_id=party_id)


def rows(db, case, on):
    return [(d.party, d.due, d.state) for d in board(db, on=on) if d.case_id == case.id and d.document_id]


def check(db, case, document, on="2026-03-26", result=1, note=""):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=CHECK, clock=document.id, days=result,
                                             starts_on=on, note=note))


def test_an_issued_order_is_awaited_on_the_board_until_its_day_then_overdue(db, data_dir, filed):
    document = order(db, data_dir, filed)
    party = get_case(db, filed.id).party_names
    # the 改正期限 Wednesday 2026-03-25, and five working days after it for the re-inspection
    assert rows(db, filed, "2026-03-12") == [(party, "2026-04-01", "open")]
    assert rows(db, filed, "2026-03-26") == [(party, "2026-04-01", "due_soon")]
    assert rows(db, filed, "2026-04-02") == [(party, "2026-04-01", "overdue")]
    row = next(d for d in board(db, on="2026-04-02") if d.document_id == document.id)
    assert row.limit_text == f"责令改正复查（{party}）" and "T" not in row.clock
    assert row.as_dict()["document_id"] == document.id and row.as_dict()["clock"] == "rectification_check"
    assert "2026-03-25" in row.calculation() and not re.search(r"第.{1,6}条|《", row.source)  # practice: no article cited


def test_the_report_deadline_alone_or_the_later_of_the_two_is_the_due_day(db, data_dir, filed):
    order(db, data_dir, filed, correct_by="", submit_by="2026-04-03")  # Friday; 4–6 April 清明节
    assert [d for _p, d, _s in rows(db, filed, "2026-03-12")] == ["2026-04-13"]


def test_an_order_to_correct_at_once_without_a_report_day_gives_no_row(db, data_dir, filed):
    order(db, data_dir, filed, correct_by="")
    assert rows(db, filed, "2026-03-12") == []


def test_recording_the_check_takes_the_row_off_the_running_list_and_reads_its_result(db, data_dir, filed):
    document = order(db, data_dir, filed)
    check(db, filed, document, result=1)
    assert rows(db, filed, "2026-03-30") == []
    mine = [d for d in case_clocks(db, get_case(db, filed.id), on="2026-03-30") if d.document_id]
    assert [(d.state, d.state_label, d.done_on, d.open) for d in mine] == [("checked", "已复查（已改正）", "2026-03-26",
                                                                           False)]
    assert orders_to_check(db, filed.id) == []


def test_a_check_finding_it_not_corrected_suggests_the_next_step_from_the_order(db, data_dir, filed):
    document = order(db, data_dir, filed)
    event = check(db, filed, document, result=3)
    mine = next(d for d in case_clocks(db, get_case(db, filed.id), on="2026-03-30") if d.document_id)
    assert mine.state_label == "已复查（未改正）"
    assert "你单位未按照本通知要求改正的，本局将依法予以处理。" in mine.calculation() and "立案" in mine.calculation()
    assert describe(event) == "2026-03-26 责令改正复查（未改正）"


def test_a_voided_order_gives_no_row(db, data_dir, filed):
    document = order(db, data_dir, filed)
    void_document(db, document.id, "文书内容有误")
    assert rows(db, filed, "2026-03-12") == []
    assert kind_refusal(db, get_case(db, filed.id), CHECK)  # nothing to re-inspect: the dialog greys the kind


def test_two_parties_each_with_their_order_give_two_rows(db, data_dir, filed):
    employee = save_party(db, Party(name=EMPLOYEE, kind="person"))
    case = get_case(db, filed.id)
    case.party_ids = [*case.party_ids, employee.id]
    update_case(db, case)
    case = get_case(db, filed.id)
    order(db, data_dir, filed, party_id=case.party_ids[0])
    second = order(db, data_dir, filed, party_id=employee.id, correct_by="2026-03-31")
    company = filed.party_names
    assert sorted(rows(db, filed, "2026-03-12")) == [(company, "2026-04-01", "open"), (EMPLOYEE, "2026-04-08", "open")]
    check(db, filed, second, on="2026-04-01")
    assert rows(db, filed, "2026-04-02") == [(company, "2026-04-01", "overdue")]


def test_a_closed_case_ends_the_row_and_says_so(db, data_dir, filed):
    order(db, data_dir, filed)
    db.execute("UPDATE cases SET status = 'closed' WHERE id = ?", [filed.id])
    assert rows(db, filed, "2026-03-30") == []
    mine = next(d for d in case_clocks(db, get_case(db, filed.id), on="2026-03-30") if d.document_id)
    assert mine.state == "ended"
    assert _("The case was closed without a re-inspection recorded: this item ended with the case.") \
        in mine.calculation()


def test_a_check_is_refused_without_the_order_result_or_before_the_order(db, data_dir, filed):
    document = order(db, data_dir, filed)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=filed.id, kind=CHECK, clock="", days=1, starts_on="2026-03-26"))
    assert "order" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        check(db, filed, document, result=0)
    assert "result" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        check(db, filed, document, on="2026-03-09")
    assert "starts_on" in refused.value.errors
    check(db, filed, document)
    with pytest.raises(ValidationError) as refused:  # one re-inspection per order
        check(db, filed, document, on="2026-03-27")
    assert "order" in refused.value.errors


def test_clocks_json_lists_the_row_with_its_document(capsys, db, data_dir, filed):
    document = order(db, data_dir, filed)
    listed = run_json(capsys, "clocks", "--data-dir", str(data_dir), "--as-of", "2026-03-12")
    mine = [d for d in listed if d["document_id"] == document.id]
    assert [(d["clock"], d["due"], d["state"], d["case_id"]) for d in mine] == [
        ("rectification_check", "2026-04-01", "open", filed.id)]


@pytest.mark.gui
def test_the_clock_event_dialog_records_the_check_of_the_order_chosen(db, data_dir, filed, prompts, qtbot):
    from PySide6.QtCore import QDate

    from ui.case_clocks import ClockEventDialog

    document = order(db, data_dir, filed)
    dialog = ClockEventDialog(db, get_case(db, filed.id), prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData(CHECK))
    assert dialog.kind.model().item(dialog.kind.currentIndex()).isEnabled()
    assert all(widget.isVisible() for field in ("order", "result") for widget in dialog.rows[field])
    assert not any(widget.isVisible() for widget in dialog.rows["ends_on"])  # one day
    assert [dialog.order.itemData(i) for i in range(dialog.order.count())] == [document.id]
    dialog.starts_on.setDate(QDate.fromString("2026-03-26", "yyyy-MM-dd"))
    assert "result" in dialog.validate()  # no result chosen yet: Save stays disabled
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.check_result.setCurrentIndex(dialog.check_result.findText("部分改正"))
    dialog.note.setText("已删除部分名单")
    assert dialog.validate() == {}
    dialog.save()
    assert (dialog.saved.clock, dialog.saved.days, dialog.saved.starts_on) == (document.id, 2, "2026-03-26")
    assert rows(db, filed, "2026-03-30") == []
    mine = next(d for d in case_clocks(db, get_case(db, filed.id), on="2026-03-30") if d.document_id)
    assert mine.state_label == "已复查（部分改正）"


def test_clocks_names_the_row_without_a_code_and_the_case_lists_it(capsys, db, data_dir, filed):
    order(db, data_dir, filed)
    text = run(capsys, "clocks", "--data-dir", str(data_dir), "--as-of", "2026-03-26")[1]
    line = next(line for line in text.splitlines() if "责令改正复查" in line)
    assert line.startswith("2026-04-01") and f"责令改正复查（{filed.party_names}）" in line
    assert "rectification_check" not in line
    assert "责令改正复查" in run(capsys, "clocks", "--data-dir", str(data_dir), "--case", filed.id, "--as-of",
                               "2026-03-26")[1]


@pytest.mark.parametrize(("on", "result", "refused"), [
    ("2026-03-20", 3, True),  # not corrected, five days before the 改正期限
    ("2026-03-25", 2, True),  # corrected in part on its last day: the party has the whole day
    ("2026-03-20", 1, False),  # corrected early: found so
    ("2026-03-26", 3, False),  # not corrected once the 改正期限 is over
])
def test_the_re_inspection_finds_nothing_uncorrected_before_the_order_s_deadline(db, data_dir, filed, english, on,
                                                                                 result, refused):
    document = order(db, data_dir, filed)
    if not refused:
        assert check(db, filed, document, on=on, result=result).starts_on == on
        return
    with pytest.raises(ValidationError) as error:
        check(db, filed, document, on=on, result=result)
    assert "gives the party until 2026-03-25 to correct" in error.value.errors["result"]
    assert rows(db, filed, "2026-03-12") == [(get_case(db, filed.id).party_names, "2026-04-01", "open")]
