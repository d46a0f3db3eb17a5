"""The transfer report, the head's decision on it and the 涉嫌犯罪案件移送书 against the transfer they lead to (transfer
rules arts. 5, 6, 8): a report is made before a transfer, or after the police declined one — not while the case is
with the police or theirs (it would leave T26 overdue with no transfer to meet it); one letter goes with one
transfer, dated as the transfer and the approval recorded; and the art. 6 conclusion names its own circumstances
not considered. Fixed dates on the 2026 calendar."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run_json
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.documents.stage_rules import CORRECTS, stage_warnings
from workstation.errors import ValidationError
from workstation.law.criminal import assess
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import HEAD_STEPS, record_clock_event

ADDRESS = "佛山市南海区桂城街道南海大道1号"
FACTS = "经查，当事人出售业主信息。"
REASON = "涉嫌侵犯公民个人信息罪"


@pytest.fixture
def decided(make_case):
    """A case decided with a fine on 2026-03-02, served on 2026-03-04, and transferred on 2026-04-21."""
    case = make_case(status="served", filed_on="2026-01-05", facts=FACTS, records_other=6_000, fine_fen=5_000_000,
                     decided_on="2026-03-02", served_on="2026-03-04")
    return case


@pytest.fixture
def investigating(make_case):
    return make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, records_other=6_000)


def transfer(db, case, on="2026-04-21"):
    return procedure.apply(db, case.id, "transfer_to_police", on_date=on, reason=REASON)


def record(db, case, kind, on):
    # the head's decision on the transfer report is recorded with who decided (the letter's 批准人)
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on,
                                             approved_by="张局长" if kind in HEAD_STEPS else ""))


def approve(db, case, reported_on="2026-04-17", approved_on="2026-04-20"):
    """The transfer report and the head's approval of it recorded (transfer rules art. 5), so that a letter is told
    only of what the test weighs."""
    record(db, case, "transfer_report", reported_on)
    record(db, case, "transfer_approved", approved_on)


def kinds(db, case):
    return [(kind, day) for kind, day in db.execute(
        "SELECT kind, starts_on FROM clock_events WHERE case_id = ? ORDER BY starts_on, created_at", [case.id])]


# 1. the report and the head's decision while the case is with the police ------------------------------------------
def test_a_report_after_a_decided_case_was_transferred_is_refused_naming_the_transfer(db, decided, english):
    transfer(db, decided)
    with pytest.raises(ValidationError) as refused:
        record(db, decided, "transfer_report", "2026-04-22")
    message = refused.value.errors["starts_on"]
    assert "2026-04-21" in message and "awaited" in message
    assert kinds(db, decided) == []
    # nothing left overdue: no approval waits for a transfer (T26)
    assert "T26" not in {d.clock for d in clocks.case_clocks(db, get_case(db, decided.id), on="2026-04-30")}


@pytest.mark.parametrize("answer", ["police_filed", "police_review_requested"])
def test_a_report_is_refused_while_the_police_hold_or_reconsider_the_case(db, investigating, english, answer):
    transfer(db, investigating)
    if answer == "police_review_requested":
        record(db, investigating, "police_refused", "2026-04-23")
        record(db, investigating, "police_review_requested", "2026-04-24")
    else:
        record(db, investigating, "police_filed", "2026-04-23")
    with pytest.raises(ValidationError) as refused:
        record(db, investigating, "transfer_report", "2026-04-27")
    assert "2026-04-21" in refused.value.errors["starts_on"]
    assert not [k for k, _day in kinds(db, investigating) if k == "transfer_report"]


def test_a_report_after_the_police_declined_the_transfer_is_recorded(db, decided, english):
    transfer(db, decided)
    record(db, decided, "police_refused", "2026-04-23")
    with pytest.raises(ValidationError):  # dated before they declined: the case was still with them
        record(db, decided, "transfer_report", "2026-04-22")
    record(db, decided, "transfer_report", "2026-04-24")
    record(db, decided, "transfer_approved", "2026-04-24")
    transfer(db, decided, "2026-04-25")
    found = {d.clock: d for d in clocks.case_clocks(db, get_case(db, decided.id), on="2026-04-30")}
    assert (found["T26"].state, found["T26"].done_on) == ("met", "2026-04-25")


def test_a_report_before_the_transfer_or_on_its_day_is_recorded(db, investigating):
    record(db, investigating, "transfer_report", "2026-04-17")
    transfer(db, investigating)
    record(db, investigating, "transfer_report", "2026-04-21")  # the day of the transfer: not after it
    assert [k for k, _day in kinds(db, investigating)] == ["transfer_report", "transfer_report"]


def test_the_heads_decision_on_a_report_made_while_with_the_police_is_refused(db, decided, english):
    report = record(db, decided, "transfer_report", "2026-04-17")
    transfer(db, decided)
    # a report dated after the transfer, as one recorded before it was refused
    db.execute("UPDATE clock_events SET starts_on = '2026-04-22' WHERE id = ?", [report.id])
    with pytest.raises(ValidationError) as refused:
        record(db, decided, "transfer_approved", "2026-04-23")
    assert "2026-04-21" in refused.value.errors["starts_on"]
    assert kinds(db, decided) == [("transfer_report", "2026-04-22")]


# 2. one 涉嫌犯罪案件移送书 for one transfer, dated as it ------------------------------------------------------------
def issue_letter(db, data_dir, case, issued_on="2026-04-20", **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("police_transfer"),
                          {"party_address": ADDRESS, "issued_on": issued_on, **values})


def letter_values(issued_on="2026-04-20", **values):
    return {"party_address": ADDRESS, "issued_on": issued_on, **values}


def test_a_second_letter_for_the_same_transfer_is_warned_of(db, data_dir, investigating, english):
    first = issue_letter(db, data_dir, investigating)
    transfer(db, investigating)
    warnings = stage_warnings(db, get_case(db, investigating.id), "police_transfer", letter_values())
    assert any(first.number in w and "already" in w for w in warnings), warnings
    # a correction of the first replaces it: not a second letter
    told = {**letter_values(), CORRECTS: first.id}
    assert not [w for w in stage_warnings(db, get_case(db, investigating.id), "police_transfer", told)
                if first.number in w]


def test_a_second_letter_before_the_transfer_is_warned_of_and_not_after_voiding_the_first(db, data_dir,
                                                                                        investigating, english):
    approve(db, investigating)
    first = issue_letter(db, data_dir, investigating)
    assert any(first.number in w for w in stage_warnings(db, investigating, "police_transfer", letter_values()))
    void_document(db, first.id, "写错")
    assert stage_warnings(db, investigating, "police_transfer", letter_values()) == []


def test_the_command_line_warns_of_the_second_letter_only(db, data_dir, investigating, capsys, tmp_path, english):
    approve(db, investigating)
    values = tmp_path / "values.json"
    values.write_text(json.dumps(letter_values()), encoding="utf-8")
    first = run_json(capsys, "--data-dir", data_dir, "docs", "issue", investigating.case_number, "--form",
                     "police_transfer", "--values", str(values), "-o", str(tmp_path / "1.pdf"))
    assert not first.get("warnings")
    transfer(db, investigating, "2026-04-20")
    second = run_json(capsys, "--data-dir", data_dir, "docs", "issue", investigating.case_number, "--form",
                      "police_transfer", "--values", str(values), "-o", str(tmp_path / "2.pdf"))
    assert any(first["number"] in w for w in second["warnings"]), second
    corrected = run_json(capsys, "--data-dir", data_dir, "docs", "issue", investigating.case_number, "--form",
                         "police_transfer", "--values", str(values), "--supersedes", second["number"], "-o",
                         str(tmp_path / "3.pdf"))
    assert not [w for w in corrected.get("warnings", []) if second["number"] in w]


def test_a_new_letter_after_the_police_declined_is_not_warned_of(db, data_dir, decided, english):
    issue_letter(db, data_dir, decided)
    transfer(db, decided)
    record(db, decided, "police_refused", "2026-04-23")
    approve(db, decided, "2026-04-24", "2026-04-24")  # the new transfer's approval, since they declined
    assert stage_warnings(db, get_case(db, decided.id), "police_transfer", letter_values("2026-04-24")) == []


def test_a_new_letter_after_the_case_came_back_is_not_warned_of(db, data_dir, investigating, english):
    issue_letter(db, data_dir, investigating)
    transfer(db, investigating)
    record(db, investigating, "police_refused", "2026-04-23")
    procedure.apply(db, investigating.id, "resume_after_police", on_date="2026-04-24", reason="公安机关不予立案")
    approve(db, investigating, "2026-04-25", "2026-04-27")  # the new transfer's approval, since they declined
    case = get_case(db, investigating.id)
    assert stage_warnings(db, case, "police_transfer", letter_values("2026-04-27")) == []
    second = issue_letter(db, data_dir, case, "2026-04-27")
    assert any(second.number in w for w in stage_warnings(db, case, "police_transfer", letter_values("2026-04-27")))


def test_a_letter_dated_unlike_the_transfer_or_the_approval_recorded_is_warned_of(db, data_dir, investigating,
                                                                                english):
    record(db, investigating, "transfer_report", "2026-04-17")
    record(db, investigating, "transfer_approved", "2026-04-20")
    transfer(db, investigating)
    case = get_case(db, investigating.id)
    warnings = stage_warnings(db, case, "police_transfer", letter_values("2026-04-20", approved_on="2026-04-19"))
    assert any("2026-04-21" in w and "2026-04-20" in w for w in warnings), warnings
    assert any("2026-04-19" in w and "2026-04-20" in w for w in warnings), warnings
    assert stage_warnings(db, case, "police_transfer", letter_values("2026-04-21", approved_on="2026-04-20")) == []


def test_a_letter_before_the_transfer_is_not_held_to_an_old_declined_one(db, data_dir, decided, english):
    record(db, decided, "transfer_report", "2026-04-17")
    record(db, decided, "transfer_approved", "2026-04-20")
    transfer(db, decided)
    record(db, decided, "police_refused", "2026-04-23")
    approve(db, decided, "2026-04-24", "2026-04-27")  # the new transfer's approval: the letter is held to it only
    case = get_case(db, decided.id)
    assert stage_warnings(db, case, "police_transfer", letter_values("2026-04-27", approved_on="2026-04-27")) == []


def test_a_decided_case_transferred_again_after_a_refusal_is_not_held_to_the_first_letter(db, data_dir, decided,
                                                                                           english):
    first = issue_letter(db, data_dir, decided, "2026-04-21")
    transfer(db, decided, "2026-04-21")
    record(db, decided, "police_refused", "2026-04-24")
    transfer(db, get_case(db, decided.id), "2026-05-11")  # a decided case keeps its status: it never "came back"
    case = get_case(db, decided.id)
    assert not [w for w in stage_warnings(db, case, "police_transfer", letter_values("2026-05-11"))
                if first.number in w]
    second = issue_letter(db, data_dir, case, "2026-05-11")
    warnings = stage_warnings(db, case, "police_transfer", letter_values("2026-05-11"))
    assert any(second.number in w and "already" in w for w in warnings), warnings
    assert not [w for w in warnings if first.number in w]


# 3. the art. 6 conclusion ---------------------------------------------------------------------------------------
def test_the_art_6_conclusion_names_its_own_circumstances_not_considered():
    steps = assess(0, 0, 4_000, 400_000, lawful_business=True).steps
    assert "第五条第一款第一、二、十项" not in steps[-1]
    assert "第六条第一款第三项" in steps[-1] and "其他情节严重的情形" in steps[-1]
    assert "第五条第一款第一、二、十项" in assess(0, 0, 4_000, 400_000).steps[-1]


def test_the_art_6_conclusion_in_english(english):
    steps = assess(0, 0, 4_000, 400_000, lawful_business=True).steps
    assert "art. 6 para. 1 item 3" in steps[-1] and "art. 5" not in steps[-1]
