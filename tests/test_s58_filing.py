"""Filing and referral after the audits of session 58.

A case awaiting filing (待立案, opened from a lead) that goes to the competent authority with a 案件移送函 is recorded
referred: the step that ends an unfiled case here (不予立案, “not filed here”), taken while a 案件移送函 of the case or
its lead is in force, records the referral — its reason and day those of the letter unless given —, its lead reads
referred (已移送) and counts so, and T1 is met on the letter's day; the lead's own referral (``leads decide --refer``)
settles its pending case likewise; issuing the letter in a pending case says what to record next. The command line's
立案 takes its days from the issued 立案审批表 and warns as the window does; a 案件交办通知书 of a filed case is refused
before a number is taken; a filing before the lead's assignment names that assignment; the command line's officers
refusal of a case filed already says the window is where its officers are named. Fixed dates on the 2026 calendar."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, run_json, undecided_lead
from workstation import procedure
from workstation.clocks import case_clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import TransitionRefused, WorkstationError
from workstation.leads_workflow import (
    decide_lead,
    decision_refusal,
    file_case_from_lead,
    get_lead_row,
    issue_lead_document,
    lead_state_label,
)
from workstation.stats import campaign_stats
from workstation.store import get_case

LEAD = "bb7f2ea6-871d-54c3-a193-b529d98b09cc"  # demo lead: 0757-85836433 calling about new flats, 禅城区
BUREAU = "440604"  # 禅城区局: officers 邓颖诗, 陈敏仪, 苏永康
ASSIGNED = "2026-03-02"  # T1 ends on 2026-03-23
RECEIVER = "广东省通信管理局"
LETTER_DAY = "2026-03-10"


def officer_id(db, name: str) -> str:
    return db.execute("SELECT id FROM officers WHERE name = ?", [name]).fetchone()[0]


def pending(db, monkeypatch):
    """The demo lead assigned to 禅城区局 on ``ASSIGNED``, its case opened (待立案) with two certified officers."""
    undecided_lead(db, LEAD, agency_code=BUREAU, assigned_on=ASSIGNED)
    monkeypatch.setenv("WORKSTATION_ACTOR", "邓颖诗")
    case = file_case_from_lead(db, LEAD)
    db.execute("INSERT INTO case_officers (case_id, officer_id, position) VALUES (?, ?, 1)",
               [case.id, officer_id(db, "陈敏仪")])
    return get_case(db, case.id)


def letter_values(day: str = LETTER_DAY) -> dict:
    return {"receiver": RECEIVER, "contact_person": "邓颖诗", "issued_on": day}


def t1(db, case):
    return next(d for d in case_clocks(db, get_case(db, case.id)) if d.clock == "T1")


def by_status(db) -> dict:
    return campaign_stats(db)["leads"]["by_status"]


def numbers_taken(db) -> int:
    return db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0]


# ---- A. a pending case sent away by a 案件移送函 ---------------------------------------------------------------------

def test_issuing_the_letter_in_a_pending_case_says_what_to_record_next(demo_db, data_dir, monkeypatch, english):
    case = pending(demo_db, monkeypatch)
    told = " ".join(stage_warnings(demo_db, case, "case_transfer_letter", letter_values()))
    assert "Decline to file" in told and "“Referred”" in told and RECEIVER in told, told  # the step, what it records
    assert "T1" in told, told


def values_file(folder, values: dict):
    path = folder / "values.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_letter_issued_on_the_command_line_in_a_pending_case_names_the_command_that_records_the_referral(
        demo_db, data_dir, monkeypatch, capsys, english):
    case = pending(demo_db, monkeypatch)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "case_transfer_letter",
                          "--values", values_file(data_dir, letter_values()), "-o", data_dir / "letter.pdf")
    assert code == 0, err
    assert f"cases transition {case.id} decline_filing" in err, err


def test_not_filing_a_case_its_letter_sent_away_records_the_referral_on_the_letter_s_day(demo_db, data_dir,
                                                                                         monkeypatch, english):
    case = pending(demo_db, monkeypatch)
    before = by_status(demo_db)
    letter = issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
    assert t1(demo_db, case).done_on is None  # the letter alone changes nothing
    updated = procedure.apply(demo_db, case.id, "decline_filing")  # neither reason nor day: the letter's
    assert updated.status == "not_filed"
    lead = get_lead_row(demo_db, LEAD)
    assert (lead["status"], lead["decision"], lead["referred_to"], lead["decided_on"], lead["case_id"]) == (
        "referred", "refer", RECEIVER, LETTER_DAY, case.id)
    assert lead_state_label(lead) == "Referred"
    deadline = t1(demo_db, case)
    assert deadline.done_on == LETTER_DAY and deadline.state != "overdue", deadline
    note = demo_db.execute("SELECT note, on_date FROM case_events WHERE case_id = ? AND to_status = 'not_filed'",
                           [case.id]).fetchone()
    assert note[1] == LETTER_DAY and RECEIVER in note[0] and letter.number in note[0], note
    after = by_status(demo_db)
    assert after.get("referred", 0) == before.get("referred", 0) + 1
    assert after.get("not_filed", 0) == before.get("not_filed", 0)
    assert after.get("assigned", 0) == before.get("assigned", 0) - 1


def test_a_reason_and_day_given_are_kept_and_undoing_the_step_reopens_the_lead(demo_db, data_dir, monkeypatch):
    case = pending(demo_db, monkeypatch)
    issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
    procedure.apply(demo_db, case.id, "decline_filing", on_date="2026-03-12", reason="不属于本局管辖，已移送")
    lead = get_lead_row(demo_db, LEAD)
    assert (lead["status"], lead["decided_on"]) == ("referred", "2026-03-12")
    assert demo_db.execute("SELECT note FROM case_events WHERE case_id = ? AND to_status = 'not_filed'",
                           [case.id]).fetchone()[0].startswith("不属于本局管辖，已移送")
    procedure.undo_last_step(demo_db, case.id, "日期有误")
    lead = get_lead_row(demo_db, LEAD)
    assert (get_case(demo_db, case.id).status, lead["status"], lead["decided_on"], lead["case_id"]) == (
        "pending_filing", "assigned", None, case.id)


def test_without_a_letter_in_force_not_filing_stays_a_decision_not_to_file(demo_db, data_dir, monkeypatch):
    case = pending(demo_db, monkeypatch)
    procedure.apply(demo_db, case.id, "decline_filing", on_date="2026-03-12", reason="违法事实不成立")
    assert get_lead_row(demo_db, LEAD)["status"] == "not_filed"


def test_the_lead_s_referral_settles_its_pending_case(demo_db, data_dir, monkeypatch, english):
    case = pending(demo_db, monkeypatch)
    assert decision_refusal(get_lead_row(demo_db, LEAD), decision="refer") is None
    assert decision_refusal(get_lead_row(demo_db, LEAD))  # filing or not filing: with the case
    letter = issue_lead_document(demo_db, data_dir, LEAD, find_form("case_transfer_letter"), letter_values())
    lead = get_lead_row(demo_db, LEAD)
    assert (lead["status"], lead["referred_to"], lead["decided_on"]) == ("referred", RECEIVER, LETTER_DAY)
    assert get_case(demo_db, case.id).status == "not_filed"
    assert t1(demo_db, case).done_on == LETTER_DAY
    note = demo_db.execute("SELECT note FROM case_events WHERE case_id = ? AND to_status = 'not_filed'",
                           [case.id]).fetchone()[0]
    assert letter.number in note, note


def test_a_lead_whose_case_sent_its_letter_already_is_not_sent_a_second(demo_db, data_dir, monkeypatch, english):
    case = pending(demo_db, monkeypatch)
    letter = issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
    numbers = numbers_taken(demo_db)
    with pytest.raises(WorkstationError) as refused:
        issue_lead_document(demo_db, data_dir, LEAD, find_form("case_transfer_letter"), letter_values())
    assert letter.number in str(refused.value) and "decline_filing" in str(refused.value), str(refused.value)
    assert numbers_taken(demo_db) == numbers and get_lead_row(demo_db, LEAD)["status"] == "assigned"


def test_leads_decide_refer_on_the_command_line_refers_a_lead_being_filed(demo_db, data_dir, monkeypatch, capsys):
    case = pending(demo_db, monkeypatch)
    result = run_json(capsys, "--data-dir", data_dir, "leads", "decide", LEAD, "--refer", RECEIVER, "--date",
                      LETTER_DAY, "--values", values_file(data_dir, {"contact_person": "邓颖诗"}), "-o",
                      data_dir / "lead_letter.pdf")
    assert (result["status"], result["referred_to"], result["decided_on"]) == ("referred", RECEIVER, LETTER_DAY)
    assert get_case(demo_db, case.id).status == "not_filed"


def test_a_referral_refused_by_the_case_issues_no_letter(demo_db, data_dir, monkeypatch):
    case = pending(demo_db, monkeypatch)
    procedure.apply(demo_db, case.id, "file", on_date="2026-03-09")  # filed: the lead decided with it
    numbers = numbers_taken(demo_db)
    with pytest.raises(WorkstationError):
        issue_lead_document(demo_db, data_dir, LEAD, find_form("case_transfer_letter"), letter_values())
    with pytest.raises(TransitionRefused):
        decide_lead(demo_db, LEAD, "refer", on=LETTER_DAY, referred_to=RECEIVER)
    assert numbers_taken(demo_db) == numbers


def test_cases_transition_decline_filing_takes_the_letter_s_reason_and_day(demo_db, data_dir, monkeypatch, capsys,
                                                                           english):
    case = pending(demo_db, monkeypatch)
    issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "decline_filing")
    assert result["status"] == "not_filed" and RECEIVER in result["note"], result
    assert "不予立案审批表" not in json.dumps(result, ensure_ascii=False)  # it went with its letter
    assert get_lead_row(demo_db, LEAD)["decided_on"] == LETTER_DAY


@pytest.mark.gui
def test_the_window_records_the_referral_with_the_letter_s_day_and_reason(demo_db, data_dir, monkeypatch,
                                                                          make_window, english):
    from PySide6.QtWidgets import QDialogButtonBox

    from tests.test_ui_case_workspace import when_modal
    from ui.transition_dialog import TransitionDialog

    case = pending(demo_db, monkeypatch)
    letter = issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
    workspace = make_window(demo_db).open_case(case.id)
    seen = {}

    def take(dialog):
        seen.update(date=dialog.date.date().toString("yyyy-MM-dd"), reason=dialog.reason.toPlainText(),
                    info=dialog.info.text(), warned=dialog.acknowledge.isVisibleTo(dialog))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    timer = when_modal(TransitionDialog, take)
    workspace.action_buttons["decline_filing"].click()
    timer.stop()
    assert seen["date"] == LETTER_DAY and RECEIVER in seen["reason"] and letter.number in seen["reason"], seen
    assert letter.number in seen["info"] and "“Referred”" in seen["info"], seen
    lead = get_lead_row(demo_db, LEAD)
    assert (lead["status"], lead["decided_on"]) == ("referred", LETTER_DAY)


# ---- B. the command line's 立案 and the issued 立案审批表 -----------------------------------------------------------

SHEET = {"proposed_on": "2026-03-05", "approved_on": "2026-03-06"}


def test_filing_on_the_command_line_takes_the_days_of_the_issued_sheet(demo_db, data_dir, monkeypatch, capsys,
                                                                        english):
    case = pending(demo_db, monkeypatch)
    issue_document(demo_db, data_dir, case, find_form("filing_approval"), SHEET)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file")
    assert code == 0, err
    filed = get_case(demo_db, case.id)
    assert (filed.filed_on, filed.filing_proposed_on) == ("2026-03-06", "2026-03-05")
    assert "立案审批表" in out + err and "2026-03-06" in out + err, (out, err)


def test_filing_on_other_days_than_the_sheet_s_is_warned_as_in_the_window(demo_db, data_dir, monkeypatch, capsys,
                                                                          english):
    case = pending(demo_db, monkeypatch)
    issue_document(demo_db, data_dir, case, find_form("filing_approval"), SHEET)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file", "--date",
                         "2026-03-09")
    assert code == 0, err
    expected = procedure.filing_date_warning(demo_db, case, "2026-03-09", "2026-03-05")[0]
    assert " ".join(expected.split()) in " ".join(out.split()), out
    assert get_case(demo_db, case.id).filing_proposed_on == "2026-03-05"  # the sheet's, not given otherwise


def test_issuing_the_sheet_before_filing_warns_that_its_case_number_prints_blank(demo_db, data_dir, monkeypatch,
                                                                                  capsys, english):
    case = pending(demo_db, monkeypatch)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "filing_approval",
                          "--values", values_file(data_dir, SHEET), "-o", data_dir / "sheet.pdf")
    assert code == 0, err
    warning = procedure.unfiled_approval_warning(case, "filing_approval", SHEET)
    assert " ".join(warning.split()) in " ".join(err.split()), err


# ---- C. the 案件交办通知书 of a filed case -----------------------------------------------------------------------

def test_the_assignment_notice_of_a_filed_case_is_refused_before_a_number_is_taken(db, data_dir, make_case, capsys,
                                                                                   english):
    case = make_case(status="investigating", filed_on="2026-11-02")
    numbers = numbers_taken(db)
    values = {"receiver": "佛山市南海区市场监督管理局桂城市场监督管理所", "report_by": "2026-12-20"}
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, find_form("assignment_notice"), values)
    assert "filed" in str(refused.value), str(refused.value)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "assignment_notice",
                          "--values", values_file(data_dir, values), "-o", data_dir / "notice.pdf")
    assert code != 0 and "filed" in err, err
    assert numbers_taken(db) == numbers


# ---- D. the wording of two refusals --------------------------------------------------------------------------------

def test_filing_before_the_lead_s_assignment_names_the_assignment(demo_db, monkeypatch, english):
    case = pending(demo_db, monkeypatch)
    refusal = procedure.date_refusal(demo_db, case, "file", "2026-03-01")
    assert refusal and "assign" in refusal and ASSIGNED in refusal and "registered" not in refusal, refusal


def test_the_command_line_says_where_the_officers_of_a_filed_case_are_named(db, data_dir, make_case, capsys,
                                                                            english):
    case = make_case(status="investigating", filed_on="2026-11-02", officer_names=())
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "suspend", "--reason", "x")
    assert code == 0, err  # not guarded: the investigation stops
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "resume")
    assert code != 0
    assert "command line" in err and "Edit case…" in err, err


# ---- E. voiding the 案件移送函 before and after the referral it records ---------------------------------------------

def test_a_letter_voided_before_the_step_leaves_an_ordinary_decision_not_to_file(demo_db, data_dir, monkeypatch):
    from workstation.documents.issuing import void_document

    case = pending(demo_db, monkeypatch)
    letter = issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
    void_document(demo_db, letter.id, "受文单位有误")
    procedure.apply(demo_db, case.id, "decline_filing", on_date="2026-03-12", reason="违法事实不成立")
    lead = get_lead_row(demo_db, LEAD)
    assert (lead["status"], lead["decision"], lead["referred_to"]) == ("not_filed", "not_file", ""), dict(lead)


@pytest.mark.parametrize("from_lead", [False, True])
def test_the_letter_of_a_referral_recorded_by_not_filing_is_not_voided_until_the_step_is_undone(
        demo_db, data_dir, monkeypatch, capsys, english, from_lead):
    from workstation.documents.issuing import get_document, void_document

    case = pending(demo_db, monkeypatch)
    if from_lead:  # the lead's letter: its referral settles the case with 不予立案
        letter = issue_lead_document(demo_db, data_dir, LEAD, find_form("case_transfer_letter"), letter_values())
    else:
        letter = issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
        procedure.apply(demo_db, case.id, "decline_filing")
    with pytest.raises(WorkstationError) as refused:
        void_document(demo_db, letter.id, "受文单位有误")
    said = str(refused.value)
    assert "撤销上一步" in said and RECEIVER in said and "Decline to file" in said, said
    assert get_document(demo_db, letter.id).status == "issued"
    assert get_lead_row(demo_db, LEAD)["status"] == "referred"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "void", letter.id, "--reason", "受文单位有误")
    assert code != 0 and f"cases transition {case.id} undo" in err, err
    procedure.undo_last_step(demo_db, case.id, "移送有误")
    void_document(demo_db, letter.id, "受文单位有误")  # the step undone: voided, the lead undecided
    assert get_lead_row(demo_db, LEAD)["status"] == "assigned"
    assert get_case(demo_db, case.id).status == "pending_filing"


def test_the_command_line_says_the_letter_s_day_was_taken_when_a_reason_is_given(demo_db, data_dir, monkeypatch,
                                                                                capsys, english):
    case = pending(demo_db, monkeypatch)
    issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "decline_filing", "--reason",
                      "不属于本局管辖")
    assert LETTER_DAY in result.get("note", "") and "--date" in result["note"], result
    assert get_lead_row(demo_db, LEAD)["decided_on"] == LETTER_DAY


def test_the_assignment_notice_of_a_case_closed_unfiled_says_its_handling_is_over(db, data_dir, make_case, english):
    case = make_case(status="closed", officer_names=())
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, find_form("assignment_notice"),
                       {"receiver": "佛山市南海区市场监督管理局桂城市场监督管理所", "report_by": "2026-12-20"})
    said = str(refused.value)
    assert "filed, or decided on the spot" not in said and "over" in said, said


def test_the_not_filing_warnings_are_left_out_for_a_referral(demo_db, data_dir, monkeypatch):
    from workstation.concluding import action_warnings

    case = pending(demo_db, monkeypatch)
    assert action_warnings(demo_db, case, "decline_filing")  # no 不予立案审批表 issued: warned
    issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
    assert action_warnings(demo_db, get_case(demo_db, case.id), "decline_filing") == []


# ---- F. the referral recorded by 不予立案 and the letters in force beside it ------------------------------------------

OTHER = "佛山市公安局禅城分局"


def test_the_letter_of_the_referral_is_not_voided_beside_a_letter_to_another_agency(demo_db, data_dir, monkeypatch,
                                                                                    english):
    from workstation.documents.issuing import get_document, void_document

    case = pending(demo_db, monkeypatch)
    first = issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
    other = issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"),
                           {**letter_values(), "receiver": OTHER})
    procedure.apply(demo_db, case.id, "decline_filing")  # recorded with the latest: to OTHER
    assert get_lead_row(demo_db, LEAD)["referred_to"] == OTHER
    with pytest.raises(WorkstationError) as refused:
        void_document(demo_db, other.id, "受文单位有误")
    assert "撤销上一步" in str(refused.value) and OTHER in str(refused.value), str(refused.value)
    assert get_document(demo_db, other.id).status == "issued"
    void_document(demo_db, first.id, "重复发函")  # the one to OTHER stays in force: voided
    assert get_lead_row(demo_db, LEAD)["referred_to"] == OTHER


def test_the_letter_of_the_referral_is_not_readdressed_after_the_step(demo_db, data_dir, monkeypatch, english):
    case = pending(demo_db, monkeypatch)
    letter = issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
    procedure.apply(demo_db, case.id, "decline_filing")
    case = get_case(demo_db, case.id)
    numbers = numbers_taken(demo_db)
    for supersedes in (letter.id, None):  # a correction to another agency, or a new letter there
        with pytest.raises(WorkstationError) as refused:
            issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"),
                           {**letter_values(), "receiver": OTHER}, supersedes=supersedes)
        said = str(refused.value)
        assert "撤销上一步" in said and RECEIVER in said and OTHER in said, said
    assert numbers_taken(demo_db) == numbers
    corrected = issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"),
                               {**letter_values(), "contact_person": "陈敏仪"}, supersedes=letter.id)
    assert corrected.values["receiver"] == RECEIVER  # a correction to the same agency is let through


def test_a_referral_elsewhere_than_the_letter_in_force_names_that_letter(demo_db, data_dir, monkeypatch, english):
    case = pending(demo_db, monkeypatch)
    letter = issue_document(demo_db, data_dir, case, find_form("case_transfer_letter"), letter_values())
    with pytest.raises(TransitionRefused) as refused:
        decide_lead(demo_db, LEAD, "refer", on=LETTER_DAY, referred_to=OTHER)
    said = str(refused.value)
    assert letter.number in said and RECEIVER in said and "void" in said.lower(), said
    assert "addressed there" not in said, said


def test_leads_decide_refer_says_the_case_is_recorded_not_filed(demo_db, data_dir, monkeypatch, capsys, english):
    case = pending(demo_db, monkeypatch)
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", LEAD, "--refer", RECEIVER, "--date",
                          LETTER_DAY, "--values", values_file(data_dir, {"contact_person": "邓颖诗"}), "-o",
                          data_dir / "lead_letter.pdf")
    assert code == 0, err
    told = _out + err
    assert case.id in told and "not filed" in told and LETTER_DAY in told, told
