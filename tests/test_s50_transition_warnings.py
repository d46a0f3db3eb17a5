"""Warnings of the transition dialog (session 50): a decision recorded on a day after the time limit for it (T2,
counted by the clocks engine with the days not counted and the extensions) is warned of, to be ticked, naming its
last day and the days over, and the timeline keeps it; deciding not to file a case awaiting filing (不予立案) with no
不予立案审批表 issued is warned of as closing without its 结案审批表 is."""

from __future__ import annotations

import pytest

from tests.test_amounts_per_party_outside import _reviewed
from workstation import concluding, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.records import ClockEvent
from workstation.store import case_events, get_case
from workstation.store.clock_events import record_clock_event


def ask_with(monkeypatch, drive):
    """The window's transition dialog (the real one) built as the window builds it, then ``drive``n: what it
    returns is recorded (None: cancelled)."""
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, **extra):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties,
                                  payment=extra.get("payment"), advice=extra.get("advice"),
                                  proposal=extra.get("proposal"))
        try:
            return drive(dialog)
        finally:
            dialog.deleteLater()

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)


def set_date(dialog, day: str) -> None:
    dialog.date.setDate(dialog.date.date().fromString(day, "yyyy-MM-dd"))


# ---- 1. the decision after T2 ran out -----------------------------------------------------------------------------

def test_a_decision_after_t2_is_warned_naming_its_last_day_and_the_days_over(db, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-06-03")  # T2: 90 days, to 2026-09-01
    assert concluding.late_decision_warnings(db, case, "decide_penalty", "2026-09-01") == []
    found = concluding.late_decision_warnings(db, case, "decide_penalty", "2026-11-20")
    assert len(found) == 1
    assert "T2" in found[0].message and "2026-09-01" in found[0].message and "80 days" in found[0].message
    assert found[0].note == "Decided 80 days after the time limit T2 ran out on 2026-09-01."
    assert "80 days" in found[0].done and "2026-09-01" in found[0].done
    # deciding not to penalise meets T2 too; a step that does not make the decision is not warned of
    assert concluding.late_decision_warnings(db, case, "decide_no_penalty", "2026-09-02")[0].note == (
        "Decided 1 day after the time limit T2 ran out on 2026-09-01.")
    assert concluding.late_decision_warnings(db, case, "end_statement_period", "2026-11-20") == []


def test_t2_is_counted_with_the_days_not_counted_and_the_extension(db, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-03-10")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-04-01",
                                      ends_on="2026-04-30", note="检测"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="extension", clock="T2", days=30, starts_on="2026-06-20",
                                      approved_on="2026-06-20", approved_by="局长"))
    case = get_case(db, case.id)  # due 2026-08-07 (test_clock_law1), not 2026-06-08
    assert concluding.late_decision_warnings(db, case, "decide_penalty", "2026-08-07") == []
    found = concluding.late_decision_warnings(db, case, "decide_penalty", "2026-08-10")
    assert [w.note for w in found] == ["Decided 3 days after the time limit T2 ran out on 2026-08-07."]


def late_step_driver(seen: dict, in_time: str, late: str):
    """What drives the step's dialog: dated ``in_time`` its warning kept in ``seen["in_time"]``, then dated ``late``
    the refusal until ticked (``seen["refused"]``) and the warning (``seen["late"]``), ticked and recorded."""

    def drive(dialog):
        set_date(dialog, in_time)
        dialog.validate()
        seen["in_time"] = dialog.warning_label.text()
        set_date(dialog, late)
        seen["refused"] = dialog.validate().get("acknowledge")
        seen["late"] = dialog.warning_label.text()
        dialog.acknowledge.setChecked(True)
        assert dialog.validate() == {}
        return dialog.recorded()

    return drive


@pytest.mark.gui
def test_the_dialog_warns_of_a_late_decision_and_the_timeline_keeps_it(db, data_dir, make_case, make_window,
                                                                        monkeypatch, english):
    from PySide6.QtWidgets import QPushButton

    case = _reviewed(db, data_dir, make_case)  # filed 2026-03-23: T2 ran out on 2026-06-21
    seen = {}
    ask_with(monkeypatch, late_step_driver(seen, "2026-06-21", "2026-07-01"))
    window = make_window(db)
    window.open_case(case.id)
    window.findChild(QPushButton, "action_decide_penalty").click()
    assert "2026-06-21" not in seen["in_time"]
    assert seen["refused"] and "2026-06-21" in seen["late"] and "10 days" in seen["late"]
    decided = get_case(db, case.id)
    assert (decided.status, decided.decided_on) == ("penalty_decided", "2026-07-01")
    note = [e.note for e in case_events(db, case.id) if e.to_status == "penalty_decided"][0]
    assert "Decided 10 days after the time limit T2 ran out on 2026-06-21." in note


# ---- 2. 不予立案 without its 不予立案审批表 -----------------------------------------------------------------------------

def test_declining_to_file_without_a_non_filing_approval_is_warned(db, data_dir, make_case, english):
    case = make_case(lead_received_on="2026-11-20")
    found = concluding.action_warnings(db, case, "decline_filing")
    assert len(found) == 1 and "不予立案审批表" in found[0].message
    assert found[0].note == "Declined to file without an issued 不予立案审批表."
    assert concluding.action_warnings(db, case, "file") == []
    issued = issue_document(db, data_dir, get_case(db, case.id), find_form("non_filing_approval"),
                            {"facts": "经核查，当事人已及时改正。"})
    assert concluding.action_warnings(db, case, "decline_filing") == []
    void_document(db, issued.id, "文书有误")  # a voided one approves nothing
    assert len(concluding.action_warnings(db, case, "decline_filing")) == 1


@pytest.mark.gui
def test_the_dialog_warns_of_declining_without_the_approval(db, make_case, make_window, monkeypatch, english):
    from PySide6.QtWidgets import QPushButton

    case = make_case(lead_received_on="2026-11-20")
    seen = {}

    def drive(dialog):
        set_date(dialog, "2026-11-25")
        dialog.reason.setPlainText("违法行为轻微并及时改正，没有造成危害后果")
        seen["refused"] = dialog.validate().get("acknowledge")
        seen["warning"] = dialog.warning_label.text()
        dialog.acknowledge.setChecked(True)
        assert dialog.validate() == {}
        return dialog.recorded()

    ask_with(monkeypatch, drive)
    window = make_window(db)
    window.open_case(case.id)
    window.findChild(QPushButton, "action_decline_filing").click()
    assert seen["refused"] and "不予立案审批表" in seen["warning"]
    assert get_case(db, case.id).status == "not_filed"
    note = [e.note for e in case_events(db, case.id) if e.to_status == "not_filed"][0]
    assert note.endswith("Declined to file without an issued 不予立案审批表.")


def test_the_command_line_says_both_warnings_and_the_timeline_keeps_them(db, data_dir, make_case, capsys, english):
    from tests.helpers import run_json

    late = make_case(status="decision_pending", filed_on="2026-06-03")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", late.id, "decide_no_penalty",
                      "--date", "2026-11-20", "--reason", "违法行为轻微并及时改正")
    assert any("80 days" in w and "2026-09-01" in w for w in result["warnings"])
    notes = [e.note for e in case_events(db, late.id) if e.kind == "transition"]
    assert any("Decided 80 days after the time limit T2" in (n or "") for n in notes)
    pending = make_case(lead_received_on="2026-11-20")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", pending.id, "decline_filing",
                      "--date", "2026-11-25", "--reason", "违法事实不成立")
    assert any("不予立案审批表" in w for w in result["warnings"])


def test_the_warning_kept_with_not_filing_is_not_printed_as_its_reason(demo_db, monkeypatch, english):
    """The timeline keeps the note of the warning ticked; the 不予立案审批表 and the lead print the reason alone (the
    note was printed as part of 不予立案理由)."""
    from tests.test_lead_filing_state import opened
    from tests.test_leads_workflow import LEAD
    from workstation.formkit.values import declined_context
    from workstation.leads_workflow import get_lead_row

    case = opened(demo_db, monkeypatch)
    reason = "不属于本局管辖，已移送"
    procedure.apply(demo_db, case.id, "decline_filing", on_date="2026-03-09",
                    reason=procedure.noted_reason(reason, concluding.decline_note()))
    assert declined_context(demo_db, get_case(demo_db, case.id))["lead.decision_reason"] == reason
    assert get_lead_row(demo_db, LEAD)["decision_reason"] == reason
    notes = [e.note for e in case_events(demo_db, case.id) if e.kind == "transition"]
    assert any(concluding.decline_note() in (n or "") for n in notes)  # the timeline keeps it
