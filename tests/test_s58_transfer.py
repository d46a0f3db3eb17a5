"""The transfer to the police after the audit of filing and transfer: art. 6 of the 2017 interpretation (bought only
for lawful business) and the halving of art. 5 item 8 (obtained on duty and sold or provided) apply only to the cases
they speak of; the 涉嫌犯罪案件移送书, the transfer report and the head's approval are refused in a case that cannot be
transferred; the head who decided on the report is asked for in the window and on the command line; and the command
line's refusals of the police steps name what is wrong and its own remedies. Fixed dates on the 2026 calendar."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, run_json
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused, ValidationError, WorkstationError
from workstation.law.criminal import assess_case, threshold_reached
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

PROVIDING, COLLECTING = "illegal_provision_or_leak", "illegal_collection_or_use"
FACTS = "经查，当事人向他人提供业主信息。"
REASON = "涉嫌侵犯公民个人信息罪"
ADDRESS = "佛山市南海区桂城街道南海大道1号"


def record(db, case, kind, on, **fields):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on, **fields))


def stored(db, case):
    return [tuple(row) for row in db.execute("SELECT kind, starts_on, approved_by FROM clock_events WHERE case_id = ? "
                                             "ORDER BY starts_on, created_at", [case.id])]


def numbers_taken(db) -> int:
    return db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0]


# 1. art. 6 (bought only for lawful business) is for buying and receiving, not for a case providing the records ----
def test_a_case_providing_the_records_is_assessed_under_art_5_whatever_the_lawful_business_fact(make_case, english):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=60_000, violations=[PROVIDING],
                     law_conditions=["lawful_business"], facts=FACTS)
    assessment = assess_case(case)
    assert assessment.article == 5 and assessment.transfer_suggested and assessment.especially_serious
    assert "art. 6 does not apply" in assessment.steps[0] and "providing" in assessment.steps[0], assessment.steps


def test_a_case_providing_the_records_is_not_terminated_on_the_lawful_business_fact(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=60_000, violations=[PROVIDING],
                     law_conditions=["lawful_business"], facts=FACTS)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "terminate", on_date="2026-12-05", reason="合法经营")
    assert "art. 5" in str(refused.value), str(refused.value)
    assert get_case(db, case.id).status == "investigating"


def test_a_case_buying_only_for_lawful_business_keeps_art_6(make_case):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=60_000, violations=[COLLECTING],
                     law_conditions=["lawful_business"])
    assessment = assess_case(case)
    assert assessment.article == 6 and not assessment.transfer_suggested


def test_the_command_line_warns_when_the_fact_is_set_on_a_case_providing_the_records(capsys, data_dir, make_case,
                                                                                      english):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=60_000, violations=[PROVIDING])
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "facts", case.id, "--fact", "lawful_business")
    assert code == 0, err
    assert "art. 6" in err and "providing" in err and "art. 5" in err, err
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "facts", case.id, "--clear")
    assert code == 0 and "art. 6" not in err, err


# 2. the halving of art. 5 item 8 is for information obtained on duty and sold or provided --------------------------
def test_information_obtained_on_duty_and_only_collected_is_not_held_to_half_the_thresholds(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=2_500, duty_related=True,
                     violations=[COLLECTING], facts=FACTS)
    assessment = assess_case(case)
    assert not assessment.transfer_suggested and assessment.ratio == 0.5
    assert any("not halved" in step for step in assessment.steps), assessment.steps
    assert not threshold_reached(0, 0, 2_500, 0, True, violations=[COLLECTING])
    done = procedure.apply(db, case.id, "terminate", on_date="2026-12-05", reason="情节轻微")
    assert done.status == "terminated"


@pytest.mark.parametrize("violations", [[PROVIDING], [PROVIDING, COLLECTING], []])
def test_information_obtained_on_duty_and_provided_or_not_yet_said_is_held_to_half(make_case, violations):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=2_500, duty_related=True,
                     violations=violations)
    assessment = assess_case(case)
    assert assessment.transfer_suggested and assessment.ratio == 1
    assert threshold_reached(0, 0, 2_500, 0, True, violations=violations)


# 3. the 涉嫌犯罪案件移送书, the report and the approval in a case that cannot be transferred ---------------------------
@pytest.fixture
def crime(make_case):
    return make_case(status="investigating", filed_on="2026-11-02", records_other=18_176, violations=[PROVIDING],
                     facts=FACTS)


@pytest.mark.parametrize("how", ["pending", "terminated", "closed"])
def test_the_letter_is_refused_before_a_number_in_a_case_that_cannot_be_transferred(db, data_dir, make_case, how,
                                                                                  english):
    if how == "pending":
        case = make_case(status="pending_filing", records_other=18_176, violations=[PROVIDING], facts=FACTS)
    else:
        case = make_case(status="investigating", filed_on="2026-11-02", records_other=100, violations=[PROVIDING],
                         facts=FACTS)
        procedure.apply(db, case.id, "terminate", on_date="2026-11-20", reason="情节轻微")
        if how == "closed":
            procedure.apply(db, case.id, "close", on_date="2026-11-25")
    before = numbers_taken(db)
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, get_case(db, case.id), find_form("police_transfer"),
                       {"party_address": ADDRESS, "issued_on": "2026-12-01"})
    message = str(refused.value)
    assert "涉嫌犯罪案件移送书" in message and "transfer" in message, message
    assert ("file it first" in message) == (how == "pending"), message
    assert numbers_taken(db) == before
    assert not db.execute("SELECT 1 FROM documents WHERE case_id = ? AND form_id = 'police_transfer'",
                          [case.id]).fetchone()


def test_the_command_line_refuses_the_letter_of_a_closed_case(capsys, db, data_dir, make_case, tmp_path, english):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=100, violations=[PROVIDING],
                     facts=FACTS)
    procedure.apply(db, case.id, "terminate", on_date="2026-11-20", reason="情节轻微")
    procedure.apply(db, case.id, "close", on_date="2026-11-25")
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"party_address": ADDRESS}), encoding="utf-8")
    before = numbers_taken(db)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "police_transfer",
                          "--values", values, "-o", tmp_path / "pt.pdf", "--force")
    assert code == 1 and "涉嫌犯罪案件移送书" in err, err
    assert numbers_taken(db) == before and not (tmp_path / "pt.pdf").exists()


def test_the_window_does_not_offer_the_letter_of_a_terminated_case(db, make_case, make_window, english):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=100, violations=[PROVIDING])
    procedure.apply(db, case.id, "terminate", on_date="2026-11-20", reason="情节轻微")
    window = make_window(db)
    workspace = window.open_case(case.id)
    choice = workspace.documents.form_choice
    assert not choice.offered(choice.findData("police_transfer"))
    assert choice.offered(choice.findData("closing_approval"))


def test_the_letter_is_issued_while_the_case_is_investigated_and_once_it_is_transferred(db, data_dir, crime):
    record(db, crime, "transfer_report", "2026-11-10")
    record(db, crime, "transfer_approved", "2026-11-12", approved_by="张局长")
    first = issue_document(db, data_dir, get_case(db, crime.id), find_form("police_transfer"),
                           {"party_address": ADDRESS, "issued_on": "2026-11-13"})
    procedure.apply(db, crime.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    again = issue_document(db, data_dir, get_case(db, crime.id), find_form("police_transfer"),
                           {"party_address": ADDRESS, "issued_on": "2026-11-13"}, supersedes=first.id)
    assert first.number and again.number


def test_the_report_and_the_approval_are_refused_in_a_case_awaiting_filing(db, make_case, english):
    case = make_case(status="pending_filing", records_other=18_176, violations=[PROVIDING])
    for kind in ("transfer_report", "transfer_approved"):
        with pytest.raises(ValidationError) as refused:
            record(db, case, kind, "2026-12-01", approved_by="张局长")
        assert "file it first" in refused.value.errors["kind"], refused.value.errors
    assert stored(db, case) == []


def test_the_report_after_the_case_was_closed_is_refused_and_one_made_before_recorded(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=100, violations=[PROVIDING])
    procedure.apply(db, case.id, "terminate", on_date="2026-11-20", reason="情节轻微")
    procedure.apply(db, case.id, "close", on_date="2026-11-25")
    with pytest.raises(ValidationError) as refused:
        record(db, case, "transfer_report", "2026-12-05")
    message = refused.value.errors["starts_on"]
    assert "2026-11-20" in message and "2026-12-05" in message, message
    record(db, case, "transfer_report", "2026-11-18")  # made before the investigation ended: recorded late
    with pytest.raises(ValidationError) as refused:
        record(db, case, "transfer_approved", "2026-12-05", approved_by="张局长")
    assert "2026-11-20" in refused.value.errors["starts_on"]
    record(db, case, "transfer_refused", "2026-11-19", approved_by="张局长")  # the head's refusal, recorded late
    assert stored(db, case) == [("transfer_report", "2026-11-18", ""), ("transfer_refused", "2026-11-19", "张局长")]


# 4. who decided on the transfer report ---------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["transfer_approved", "transfer_refused"])
def test_the_heads_decision_needs_who_decided(db, crime, kind, english):
    record(db, crime, "transfer_report", "2026-11-10")
    with pytest.raises(ValidationError) as refused:
        record(db, crime, kind, "2026-11-12")
    assert set(refused.value.errors) == {"approved_by"}, refused.value.errors
    record(db, crime, kind, "2026-11-12", approved_by=" 张局长 ")
    assert stored(db, crime)[-1] == (kind, "2026-11-12", "张局长")


def test_the_window_asks_who_approved_and_the_letter_prints_it(db, crime, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog
    from workstation.formkit.values import transfer_approval_context

    record(db, crime, "transfer_report", "2026-11-10")
    dialog = ClockEventDialog(db, get_case(db, crime.id), prompts, kind="transfer_approved", on="2026-11-12")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.approved_by.isVisibleTo(dialog)
    assert dialog.rows["approved_by"][0].text().replace("&", "") == "Approved by"
    assert "approved_by" in dialog.validate()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.approved_by.setText("张局长")
    assert dialog.validate() == {}
    dialog.save()
    assert dialog.saved is not None and dialog.saved.approved_by == "张局长"
    assert transfer_approval_context(db, get_case(db, crime.id))["transfer.approver"] == "张局长"
    refusal = ClockEventDialog(db, get_case(db, crime.id), prompts, kind="transfer_refused")
    qtbot.addWidget(refusal)
    refusal.show()
    assert refusal.approved_by.isVisibleTo(refusal)
    refusal.kind.setCurrentIndex(refusal.kind.findData("police_filed"))
    assert not refusal.approved_by.isVisibleTo(refusal)


def test_the_command_line_refuses_an_approval_without_who_approved(capsys, db, data_dir, crime, english):
    run_json(capsys, "--data-dir", data_dir, "cases", "transition", crime.id, "transfer_report", "--date", "2026-11-10")
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", crime.id, "transfer_approved",
                          "--date", "2026-11-12")
    assert code == 1 and "--approved-by" in err and "--date" not in err, err
    assert [kind for kind, _day, _by in stored(db, crime)] == ["transfer_report"]
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", crime.id, "no_such_step")
    assert "transfer_approved" in err, err  # still offered: the approver is asked when it is recorded


# 5. the command line's refusals of the police steps ---------------------------------------------------------------
def test_a_step_whose_prior_step_is_missing_is_not_pinned_on_the_date(capsys, db, data_dir, crime, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", crime.id, "police_refused",
                          "--date", "2026-11-16")
    assert code == 1 and "--date" not in err and "record it first" in err, err
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", crime.id, "transfer_approved",
                          "--date", "2026-11-16", "--approved-by", "张局长")
    assert code == 1 and "--date" not in err and "record it first" in err, err
    assert stored(db, crime) == []


def test_a_second_decision_on_a_report_is_not_pinned_on_the_date_and_an_early_one_is(capsys, db, data_dir, crime,
                                                                                    english):
    record(db, crime, "transfer_report", "2026-11-10")
    record(db, crime, "transfer_refused", "2026-11-11", approved_by="张局长")
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", crime.id, "transfer_approved",
                          "--date", "2026-11-12", "--approved-by", "张局长")
    assert code == 1 and "--date" not in err and "second decision" in err, err
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", crime.id, "transfer_approved",
                          "--date", "2026-11-09", "--approved-by", "张局长")  # before the report: its day is wrong
    assert code == 1 and "--date" in err and "2026-11-10" in err, err


def test_a_report_while_the_police_hold_the_case_names_the_command_to_record_their_answer(
        capsys, db, data_dir, crime, english):
    procedure.apply(db, crime.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", crime.id, "transfer_report",
                          "--date", "2026-11-16")
    assert code == 1 and "police_refused" in err and "Case → Time limits" not in err, err
    with pytest.raises(ValidationError) as refused:  # the window's own way
        record(db, crime, "transfer_report", "2026-11-16")
    assert "Case → Time limits" in refused.value.errors["starts_on"]


def test_a_second_extension_of_t1_names_the_command_that_corrects_the_first(capsys, db, data_dir, make_case,
                                                                          english):
    case = make_case(status="pending_filing", lead_received_on="2026-11-02")
    first = run_json(capsys, "--data-dir", data_dir, "clocks", "record", case.id, "extension", "--clock", "T1",
                     "--on", "2026-11-16", "--days", "10", "--approved-by", "张局长")
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.id, "extension", "--clock", "T1",
                          "--on", "2026-11-17", "--days", "15", "--approved-by", "张局长")
    assert code == 1 and f"clocks correct {first['id']}" in err and "Correct selected extension" not in err, err
    with pytest.raises(ValidationError) as refused:  # the window's own way
        record(db, case, "extension", "2026-11-17", clock="T1", days=15, approved_on="2026-11-17", approved_by="张局长")
    assert "Correct selected extension" in refused.value.errors["days"]
    corrected = run_json(capsys, "--data-dir", data_dir, "clocks", "correct", first["id"], "--days", "15")
    assert corrected["days"] == 15 and corrected["approved_by"] == "张局长"
    assert db.execute("SELECT days, approved_on FROM clock_events WHERE id = ?", [first["id"]]).fetchone() == \
        (15, "2026-11-16")
