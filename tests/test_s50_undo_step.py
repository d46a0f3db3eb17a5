"""撤销上一步 (session 50): the last procedure step recorded in a case — with today's date pressed by mistake, or any wrong
date — is undone: the case goes back to the status and the step's date field to the value they had before it, the
clock event the step started is removed (a suspension) or the one it ended reopened (a resumption), a payment it
recorded goes with it, and the timeline and the audit log keep what was undone and why. Refused, saying what to do,
when a document was issued after the step, when the step is a party's own in a case with several parties, or when it
cannot be taken back (the on-the-spot decision). From the case workspace and the command line
(``cases transition CASE undo --reason``)."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.records import today
from workstation.store import case_events, get_case
from workstation.store.cases import case_timeline
from workstation.store.clock_events import clock_events_of


def steps(db, case_id) -> list[tuple[str, str, str]]:
    return [(e.from_status, e.to_status, e.on_date) for e in case_events(db, case_id) if e.kind == "transition"]


def undone_lines(db, case_id) -> list[str]:
    return [f"{entry.text} {entry.note}" for entry in case_timeline(db, get_case(db, case_id))
            if entry.kind == "step_undone"]


# ---- core ----------------------------------------------------------------------------------------------------------

def test_a_filing_recorded_with_today_is_undone_and_filed_again_with_its_day(db, make_case, english):
    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    procedure.apply(db, case.id, "file")  # OK pressed with today's date
    filed = get_case(db, case.id)
    assert filed.filed_on == today() and filed.case_number
    undone = procedure.undo_last_step(db, case.id, "立案日期误录为当天")
    assert undone.status == "pending_filing" and undone.filed_on is None
    assert steps(db, case.id) == []
    lines = undone_lines(db, case.id)
    assert len(lines) == 1 and "File the case" in lines[0] and today() in lines[0] and "立案日期误录为当天" in lines[0]
    again = procedure.apply(db, case.id, "file", on_date="2026-03-05")
    assert not undone.case_number  # 待立案 again: no number (the one it had kept void, never given again)
    assert again.filed_on == "2026-03-05" and again.case_number and again.case_number != filed.case_number
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'undo_step' AND entity_id = ?",
                      [case.id]).fetchone()[0] == 1


def test_a_suspension_and_its_resumption_are_undone_one_after_the_other(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="等待检验结果")
    procedure.apply(db, case.id, "resume", on_date=today())  # the day it resumed was not today
    [suspension] = clock_events_of(db, case.id)
    assert suspension.ends_on is not None
    back = procedure.undo_last_step(db, case.id, "恢复日期有误")
    assert back.status == "suspended"
    [suspension] = clock_events_of(db, case.id)
    assert suspension.kind == "suspension" and suspension.starts_on == "2026-04-01" and suspension.ends_on is None
    procedure.apply(db, case.id, "resume", on_date="2026-05-10")
    [suspension] = clock_events_of(db, case.id)
    assert suspension.ends_on == "2026-05-09"
    procedure.undo_last_step(db, case.id, "恢复日期有误")
    back = procedure.undo_last_step(db, case.id, "中止本不应记录")  # now the suspension is the last step
    assert back.status == "investigating"
    assert clock_events_of(db, case.id) == []
    assert steps(db, case.id) == []


def test_a_resumption_on_the_day_the_suspension_began_is_undone_too(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="等待检验结果")
    procedure.apply(db, case.id, "resume", on_date="2026-04-01")  # removes the suspension: no day uncounted
    assert clock_events_of(db, case.id) == []
    assert procedure.undo_last_step(db, case.id, "误录").status == "suspended"
    [suspension] = clock_events_of(db, case.id)
    assert suspension.starts_on == "2026-04-01" and suspension.ends_on is None


def test_closing_is_undone_and_its_date_cleared(db, make_case):
    case = make_case(status="no_penalty", filed_on="2026-03-02", decided_on="2026-04-20")
    procedure.apply(db, case.id, "close", on_date=today())
    undone = procedure.undo_last_step(db, case.id, "结案日期误录")
    assert (undone.status, undone.closed_on, undone.decided_on) == ("no_penalty", None, "2026-04-20")
    assert procedure.apply(db, case.id, "close", on_date="2026-05-06").closed_on == "2026-05-06"


def test_archiving_is_undone(db, make_case):
    case = make_case(status="no_penalty", filed_on="2026-03-02", decided_on="2026-04-20")
    procedure.apply(db, case.id, "close", on_date="2026-05-06")
    procedure.apply(db, case.id, "archive", on_date="2026-05-07")
    undone = procedure.undo_last_step(db, case.id, "归档有误")
    assert (undone.status, undone.closed_on) == ("closed", "2026-05-06")


def test_a_step_reentering_a_state_gets_back_the_date_it_had(db, make_case):
    """A case closed as the police's and reopened as they withdrew it (the reopening cleared its closing day):
    undoing the reopening gives it back the closing day it had, not an empty one."""
    case = make_case(status="investigating", filed_on="2026-03-02")
    for at, source, target, day in (("2026-05-06T10:00:00+08:00", "transferred_police", "closed", "2026-05-06"),
                                    ("2026-06-01T10:00:00+08:00", "closed", "investigating", "2026-06-01")):
        db.execute("INSERT INTO case_events (id, case_id, kind, on_date, at, from_status, to_status, note) "
                   "VALUES (?, ?, 'transition', ?, ?, ?, ?, '公安撤销案件')", [at, case.id, day, at, source, target])
    undone = procedure.undo_last_step(db, case.id, "误录")
    assert (undone.status, undone.closed_on) == ("closed", "2026-05-06")


def test_only_the_last_step_is_undone_and_a_reason_is_needed(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02")
    with pytest.raises(TransitionRefused, match="No procedure step"):
        procedure.undo_last_step(db, case.id, "误录")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="等待检验结果")
    with pytest.raises(TransitionRefused, match="reason"):
        procedure.undo_last_step(db, case.id, "  ")
    assert get_case(db, case.id).status == "suspended"


def test_a_document_issued_after_the_step_must_be_voided_first(db, data_dir, make_case, english):
    from tests.helpers import legal_review
    from tests.test_casenum_filing import FACTS
    from workstation.documents.issuing import void_document

    case = make_case(status="investigation_concluded", filed_on="2026-03-02", facts=FACTS,
                     fine_fen=500_000)
    procedure.apply(db, case.id, "submit_review", on_date="2026-04-01")
    document = legal_review(db, data_dir, case, reviewed_on="2026-04-02")
    with pytest.raises(TransitionRefused) as refused:
        procedure.undo_last_step(db, case.id, "误录")
    assert (document.number or document.title) in str(refused.value) and "void it first" in str(refused.value)
    assert procedure.undo_refusal(db, get_case(db, case.id)) == str(refused.value)
    assert get_case(db, case.id).status == "under_review"
    void_document(db, document.id, "随审核步骤撤销")
    undone = procedure.undo_last_step(db, case.id, "误录")
    assert (undone.status, undone.review_on) == ("investigation_concluded", None)


def test_the_on_the_spot_decision_is_not_undone(db, make_case, english):
    case = make_case(status="served", procedure_kind="simple", decided_on="2026-04-01", served_on="2026-04-01")
    db.execute("INSERT INTO case_events (id, case_id, kind, on_date, at, from_status, to_status) "
               "VALUES ('e1', ?, 'transition', '2026-04-01', '2026-04-01T10:00:00+08:00', 'pending_filing', 'served')",
               [case.id])
    refusal = procedure.undo_refusal(db, get_case(db, case.id))
    assert refusal and "On-the-spot penalty" in refusal


def test_a_partys_own_decision_served_in_a_case_with_several_parties_is_not_undone(db, make_case, english):
    # its service of the notice, its waiver and its hearing request are undone as its own since session 74
    # (tests/test_s74_party_undo.py); the decision served on it is not
    from tests.test_party_case10 import with_employee

    case, company, _employee = with_employee(db, make_case(status="penalty_decided", filed_on="2026-02-02",
                                                           review_on="2026-02-20", notice_served_on="2026-03-02",
                                                           decided_on="2026-03-20"))
    db.execute("INSERT INTO case_events (id, case_id, kind, on_date, at, from_status, to_status, party_id) "
               "VALUES ('d1', ?, 'decision_served', '2026-03-23', '2026-03-23T10:00:00+08:00', 'penalty_decided', 'penalty_decided', "
               "?)", [case.id, company])
    with pytest.raises(TransitionRefused, match="one party's own"):
        procedure.undo_last_step(db, case.id, "误录")
    assert [e.kind for e in case_events(db, case.id)].count("decision_served") == 1


def test_a_payment_recorded_with_the_step_goes_with_it(db, make_case):
    from workstation.payments import Payment

    case = make_case(status="served", filed_on="2026-03-02", notice_served_on="2026-03-20", decided_on="2026-04-10",
                     served_on="2026-04-12", fine_fen=500_000)
    procedure.apply(db, case.id, "record_performance", on_date=today(), payment=Payment(paid_fen=500_000),
                    in_full=True)
    assert get_case(db, case.id).status == "performed"
    undone = procedure.undo_last_step(db, case.id, "缴款日期误录")
    assert undone.status == "served"
    assert not db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND details IS NOT NULL AND kind = "
                          "'transition'", [case.id]).fetchall()


# ---- the window ----------------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_workspace_undoes_the_last_step_after_asking(db, make_case, make_window, prompts, english):
    from PySide6.QtWidgets import QPushButton

    case = make_case(status="investigating", filed_on="2026-03-02")
    procedure.apply(db, case.id, "suspend", on_date=today(), reason="等待检验结果")
    window = make_window(db)
    window.open_case(case.id)
    button = window.findChild(QPushButton, "undo_step")
    assert button is not None and button.isEnabled()
    prompts.texts = ["中止日期误录"]
    prompts.confirm_answer = False  # asked, then No: nothing changes
    button.click()
    assert get_case(db, case.id).status == "suspended"
    assert "Suspend the investigation" in prompts.confirmations[-1] and today() in prompts.confirmations[-1]
    prompts.texts = ["中止日期误录"]
    prompts.confirm_answer = True
    window.findChild(QPushButton, "undo_step").click()
    assert get_case(db, case.id).status == "investigating" and not prompts.errors
    assert clock_events_of(db, case.id) == []
    assert window.findChild(QPushButton, "action_suspend") is not None  # the workspace shows the case as it is


@pytest.mark.gui
def test_the_workspace_greys_the_undo_out_saying_why(db, make_case, make_window, english):
    from PySide6.QtWidgets import QPushButton

    case = make_case(status="investigating", filed_on="2026-03-02")
    window = make_window(db)
    window.open_case(case.id)
    button = window.findChild(QPushButton, "undo_step")
    assert button is not None and not button.isEnabled() and "No procedure step" in button.toolTip()


# ---- the command line ----------------------------------------------------------------------------------------------

def test_the_command_line_undoes_the_last_step(db, data_dir, make_case, capsys, english):
    case = make_case(status="investigating", filed_on="2026-03-02")
    code, _out, err = run(capsys, "cases", "transition", case.id, "undo", "--reason", "误录", "--data-dir", data_dir)
    assert code == 1 and "No procedure step" in err and len(err.strip().splitlines()) == 1
    run_json(capsys, "cases", "transition", case.id, "suspend", "--date", "2026-04-01", "--reason", "等待检验",
             "--data-dir", data_dir)
    code, _out, err = run(capsys, "cases", "transition", case.id, "undo", "--data-dir", data_dir)
    assert code == 1 and "--reason" in err
    result = run_json(capsys, "cases", "transition", case.id, "undo", "--reason", "误录", "--data-dir", data_dir)
    assert result["status"] == "investigating" and result["undone"] == "suspend"
    assert result["undone_date"] == "2026-04-01"
    assert get_case(db, case.id).status == "investigating"


def test_undoing_the_filing_of_a_lead_s_case_takes_the_lead_s_decision_back(demo_db, monkeypatch, english):
    """The lead decided with its case's 立案 goes back to 立案中 when the step is undone, and is filed again on the
    day the step is recorded again (it kept the wrong day before)."""
    from tests.test_lead_filing_state import officer_id, opened
    from tests.test_leads_workflow import LEAD
    from workstation.leads_workflow import get_lead_row

    case = opened(demo_db, monkeypatch)
    demo_db.execute("INSERT INTO case_officers (case_id, officer_id, position) VALUES (?, ?, 1)",
                    [case.id, officer_id(demo_db, "陈敏仪")])  # filing needs two
    procedure.apply(demo_db, case.id, "file", on_date="2026-03-10")
    assert get_lead_row(demo_db, LEAD)["decided_on"] == "2026-03-10"
    procedure.undo_last_step(demo_db, case.id, "立案日期录错")
    row = get_lead_row(demo_db, LEAD)
    assert (row["status"], row["decision"], row["decided_on"], row["case_id"]) == ("assigned", "", None, case.id)
    procedure.apply(demo_db, case.id, "file", on_date="2026-03-05")
    row = get_lead_row(demo_db, LEAD)
    assert (row["status"], row["decided_on"]) == ("filed", "2026-03-05")


def test_the_filing_of_a_lead_s_case_is_not_undone_once_the_reporter_was_told(demo_db, monkeypatch, english):
    from tests.test_lead_filing_state import officer_id, opened
    from tests.test_leads_workflow import LEAD

    case = opened(demo_db, monkeypatch)
    demo_db.execute("INSERT INTO case_officers (case_id, officer_id, position) VALUES (?, ?, 1)",
                    [case.id, officer_id(demo_db, "陈敏仪")])
    procedure.apply(demo_db, case.id, "file", on_date="2026-03-10")
    demo_db.execute("UPDATE leads SET reporter_told_on = '2026-03-12' WHERE id = ?", [LEAD])
    with pytest.raises(TransitionRefused, match="reporter was told of that decision on 2026-03-12"):
        procedure.undo_last_step(demo_db, case.id, "立案日期录错")
    assert get_case(demo_db, case.id).status == "investigating"
