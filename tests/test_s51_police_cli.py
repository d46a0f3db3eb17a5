"""The transfer to the police from the command line: `cases transition` records the transfer report, the head's
approval or refusal and each answer of the police or the procuratorate as the case's Deadlines section does (a
transferred case can then be taken back or closed without the window); the 查封/扣押物品移送告知书 warns when no
transfer to the police stands or the police refused the case (the goods stay with the bureau); the 涉嫌犯罪案件移送书
takes its approver and approval date from the head's approval recorded, and its date from the transfer. Fixed dates
on the 2026 calendar."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from workstation import procedure
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.stage_rules import stage_warnings
from workstation.records import ClockEvent, today
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

FACTS = "经查，当事人泄露业主信息18176条。"
REASON = "涉嫌侵犯公民个人信息罪"
NOTICE = {"decision_no": "佛南市监强〔2026〕9号", "measure": "扣押", "items": "1 | 电脑主机 | 联想 | 1台 | ",
          "transferred_on": "2026-11-17", "signed_on": "2026-11-17", "transfer_reason": "涉嫌犯罪"}


@pytest.fixture
def case(make_case):
    return make_case(status="investigating", filed_on="2026-11-02", records_other=18_176,
                     violations=["illegal_provision_or_leak"], facts=FACTS)


def record(db, case, kind, on, **fields):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on, **fields))


def kinds(db, case):
    return [tuple(row) for row in db.execute("SELECT kind, starts_on, note, approved_by FROM clock_events WHERE "
                                             "case_id = ? ORDER BY starts_on, created_at", [case.id])]


def transition(capsys, data_dir, case, *argv):
    return run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, *argv)


# 1. the command line records the steps with the head and the police ------------------------------------------------
def test_the_report_the_approval_and_the_police_refusal_are_recorded_and_the_case_taken_back(
        capsys, db, data_dir, case):
    transition(capsys, data_dir, case, "transfer_report", "--date", "2026-11-10", "--reason", "呈报局长")
    approved = transition(capsys, data_dir, case, "transfer_approved", "--date", "2026-11-12",
                          "--approved-by", "张局长")
    assert approved["on"] == "2026-11-12" and approved["event"] == "transfer_approved"
    transition(capsys, data_dir, case, "transfer_to_police", "--date", "2026-11-13", "--reason", REASON)
    refused = transition(capsys, data_dir, case, "police_refused", "--date", "2026-11-16")
    assert refused["status"] == "transferred_police" and refused["on"] == "2026-11-16"
    transition(capsys, data_dir, case, "police_review_requested", "--date", "2026-11-18")
    transition(capsys, data_dir, case, "police_review_upheld", "--date", "2026-11-20")
    assert kinds(db, case) == [("transfer_report", "2026-11-10", "呈报局长", ""),
                               ("transfer_approved", "2026-11-12", "", "张局长"),
                               ("police_refused", "2026-11-16", "", ""),
                               ("police_review_requested", "2026-11-18", "", ""),
                               ("police_review_upheld", "2026-11-20", "", "")]
    back = transition(capsys, data_dir, case, "resume_after_police", "--date", "2026-11-26", "--reason", "公安机关不予立案")
    assert back["status"] == "investigating"


def test_the_police_opening_the_case_is_recorded_and_the_case_closed(capsys, db, data_dir, case):
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "close",
                          "--date", "2026-11-20")
    assert code == 1, err
    filed = transition(capsys, data_dir, case, "police_filed", "--date", "2026-11-16", "--reason", "立案告知书")
    assert filed["event"] == "police_filed" and filed["on"] == "2026-11-16"
    transition(capsys, data_dir, case, "no_exhibits", "--date", "2026-11-17")
    assert procedure.police_transfer_state(db, get_case(db, case.id)) == "opened"
    assert transition(capsys, data_dir, case, "close", "--date", "2026-11-20")["status"] == "closed"


def test_a_step_out_of_order_is_refused_naming_the_step_not_the_date(capsys, db, data_dir, case, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "police_refused",
                          "--date", "2026-11-16")
    # no transfer recorded: the step is refused whatever its day, not pinned on --date
    assert code == 1 and "--date" not in err and "police" in err.lower(), err
    assert kinds(db, case) == []


def test_a_party_or_an_approver_with_another_step_is_refused(capsys, db, data_dir, case, english):
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "police_filed",
                          "--date", "2026-11-16", "--party", "x")
    assert code == 1 and "--party" in err, err
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "police_filed",
                          "--date", "2026-11-16", "--approved-by", "张局长")
    assert code == 1 and "--approved-by" in err, err
    assert kinds(db, case) == []


def test_the_steps_with_the_police_are_offered_and_explained(capsys, db, data_dir, case, english):
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "no_such_step")
    assert code == 1 and "police_filed" in err and "police_refused" in err, err
    with pytest.raises(SystemExit):
        run(capsys, "cases", "transition", "--help")
    out = " ".join(capsys.readouterr().out.split())
    assert "police_filed" in out and "transfer_approved" in out and "--approved-by" in out


# 2. the 查封/扣押物品移送告知书 against the transfer to the police ----------------------------------------------------
def _notice_warnings(db, case, **values):
    return stage_warnings(db, get_case(db, case.id), "seized_items_transfer_notice", {**NOTICE, **values})


def test_the_seized_items_notice_warns_without_a_transfer_to_the_police(db, case, english):
    warnings = _notice_warnings(db, case)
    assert any("no transfer to the police" in w for w in warnings), warnings
    without_reason = {k: v for k, v in NOTICE.items() if k != "transfer_reason"}  # the form's default: 涉嫌犯罪
    assert any("no transfer to the police" in w for w in stage_warnings(
        db, get_case(db, case.id), "seized_items_transfer_notice", without_reason))
    # goods transferred to another administrative agency: no transfer to the police to look for
    assert not any("no transfer to the police" in w for w in _notice_warnings(
        db, case, transfer_reason="不属于本局管辖", receiver="佛山市南海区某局"))


def test_the_seized_items_notice_warns_after_the_police_refused(db, case, english):
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    assert _notice_warnings(db, case) == []  # their answer awaited
    record(db, case, "police_refused", "2026-11-16")
    warnings = _notice_warnings(db, case)
    assert any("2026-11-16" in w and "stay" in w for w in warnings), warnings
    record(db, case, "police_review_requested", "2026-11-17")
    assert _notice_warnings(db, case) == []  # they may still open the case
    record(db, case, "police_review_upheld", "2026-11-19")
    assert any("2026-11-19" in w for w in _notice_warnings(db, case))


def test_the_seized_items_notice_after_the_police_opened_the_case_is_not_warned(db, case, english):
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    record(db, case, "police_filed", "2026-11-16")
    assert _notice_warnings(db, case) == []


# 3. the 涉嫌犯罪案件移送书's approval and date ----------------------------------------------------------------------
def _letter(db, case):
    values, _context = draft_values(db, get_case(db, case.id), find_form("police_transfer"),
                                    {"party_address": "佛山市南海区桂城街道1号"})
    return values


def test_the_transfer_letter_takes_the_approval_recorded(db, case):
    assert (_letter(db, case)["approver"], _letter(db, case)["approved_on"]) == (None, None)
    record(db, case, "transfer_report", "2026-11-10")
    record(db, case, "transfer_approved", "2026-11-12", approved_by="张局长")
    values = _letter(db, case)
    assert (values["approver"], values["approved_on"], values["issued_on"]) == ("张局长", "2026-11-12", today())
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    assert _letter(db, case)["issued_on"] == "2026-11-13"


def test_a_refused_report_gives_no_approval(db, case):
    record(db, case, "transfer_report", "2026-11-10")
    record(db, case, "transfer_refused", "2026-11-12", approved_by="张局长")
    values = _letter(db, case)
    assert (values["approver"], values["approved_on"]) == (None, None)
