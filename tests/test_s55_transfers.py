"""Transfers (audit R5–R8). The 案件移送函 sends a case outside this bureau's jurisdiction to another administrative
authority: it is refused for a case transferred to the police (their document is the 涉嫌犯罪案件移送书), warned of
for a case at the criminal threshold, and drafted to no authority by default for the officer to name; issued in a
filed case, it says that the case is to be terminated (the transfer the reason, which `cases transition … terminate`
takes by default) and closed. The transfer to the police and its 涉嫌犯罪案件移送书 are warned of, not refused, while
no head's approval of the transfer report is recorded since the police last declined the case (transfer rules art.
5). A bureau's copy of a legal data file that fails its checks is said by `law criminal`, `clocks` and `cases
transition` on stderr and by the case's law box, not only by `law files` and the 期限 tab. Fixed dates on the 2026
calendar."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from workstation import clocks, paths, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import WorkstationError
from workstation.formkit.values import case_context, default_values
from workstation.law import data as law_data
from workstation.records import ClockEvent
from workstation.store import get_case, get_party, save_party
from workstation.store.clock_events import record_clock_event
from workstation.vocabulary import shown_label

LETTER = "case_transfer_letter"
ADDRESS = "佛山市南海区桂城街道南海大道1号"
FACTS = "经查，当事人向他人提供业主信息。"
REASON = "涉嫌侵犯公民个人信息罪"
REGULATOR = "广东省通信管理局"
LETTER_VALUES = {"receiver": REGULATOR, "reason": "经审查，不属于本局管辖。", "summary": "当事人涉嫌以外呼方式推销。",
                 "contact_person": "霍国栋"}
POLICE_LETTER = {"party_code": "91512081MA62K0260E", "issued_on": "2026-11-13"}
APPROVAL = "approv"  # what the warnings of a missing approval say, in English


@pytest.fixture
def make_case(db, make_case):
    """Cases whose party has an address, so that only the rule under test refuses."""
    def make(**fields):
        case = make_case(**{"facts": FACTS, **fields})
        party = get_party(db, case.party_ids[0])
        if not party.address:
            save_party(db, replace(party, address=ADDRESS))
        return case

    return make


@pytest.fixture
def crime(make_case):
    """A filed case whose records reach the criminal threshold (18,176 other records)."""
    return make_case(status="investigating", filed_on="2026-11-02", records_other=18_176,
                     violations=["illegal_provision_or_leak"])


@pytest.fixture
def business(make_case):
    """A filed case of unsolicited calls: nothing criminal to weigh."""
    return make_case(status="investigating", filed_on="2026-11-02", violations=["unsolicited_commercial_messages"])


def record(db, case, kind, on, **fields):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on, **fields))


def refusal(db, case, form_id: str, values: dict) -> str:
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), find_form(form_id), values)
    return refused.value.message


def warnings_of(db, case, form_id: str, values: dict, **kwargs) -> list[str]:
    return stage_warnings(db, get_case(db, case.id), form_id, values, **kwargs)


def values_file(tmp_path, values: dict, name: str = "values.json"):
    path = tmp_path / name
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return path


# 1. the 案件移送函 and the police -------------------------------------------------------------------------------
def test_the_letter_is_refused_for_a_case_transferred_to_the_police(db, crime, english):
    procedure.apply(db, crime.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    message = refusal(db, crime, LETTER, LETTER_VALUES)
    assert "涉嫌犯罪案件移送书" in message and "police" in message, message
    record(db, crime, "police_filed", "2026-11-16")  # theirs: refused all the same
    assert "涉嫌犯罪案件移送书" in refusal(db, crime, LETTER, LETTER_VALUES)


def test_the_command_line_refuses_it_too_and_issues_nothing(capsys, db, data_dir, crime, tmp_path, english):
    procedure.apply(db, crime.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", crime.case_number, "--form", LETTER,
                          "--values", values_file(tmp_path, LETTER_VALUES), "-o", tmp_path / "letter.pdf")
    assert code == 1 and "涉嫌犯罪案件移送书" in err, err
    assert db.execute("SELECT COUNT(*) FROM documents WHERE form_id = ?", [LETTER]).fetchone()[0] == 0


def test_the_letter_of_a_case_at_the_criminal_threshold_is_warned_of(db, crime, business, english):
    told = warnings_of(db, crime, LETTER, LETTER_VALUES)
    assert any("criminal threshold" in w and "涉嫌犯罪案件移送书" in w for w in told), told
    assert not any("criminal threshold" in w for w in warnings_of(db, business, LETTER, LETTER_VALUES))
    assert not [w for w in told if "T2" in w]  # its termination is refused: not told to terminate it



def test_a_case_the_police_declined_may_go_to_another_authority(db, crime, english):
    procedure.apply(db, crime.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    record(db, crime, "police_refused", "2026-11-16")
    record(db, crime, "police_review_requested", "2026-11-17")
    record(db, crime, "police_review_upheld", "2026-11-20")
    procedure.apply(db, crime.id, "resume_after_police", on_date="2026-11-23", reason="公安机关不予立案")
    case = get_case(db, crime.id)
    checked, _context = check_issue(db, case, find_form(LETTER), LETTER_VALUES)  # not refused
    assert checked["receiver"] == REGULATOR
    assert not any("criminal threshold" in w for w in warnings_of(db, crime, LETTER, LETTER_VALUES))


def test_the_receiver_is_not_the_police_by_default(db, make_case):
    for case in (make_case(status="transferred_police"), make_case(status="investigating")):
        receiver = default_values(find_form(LETTER), case_context(db, get_case(db, case.id)))["receiver"]
        assert receiver in (None, ""), receiver  # the officer names the competent authority


# 2. the head's approval of the transfer ----------------------------------------------------------------------
def transition(capsys, data_dir, case, *argv):
    return run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, *argv)


def test_a_transfer_without_the_heads_approval_is_warned_of_not_refused(capsys, db, data_dir, crime, english):
    result = transition(capsys, data_dir, crime, "transfer_to_police", "--date", "2026-11-13", "--reason", REASON)
    assert result["status"] == "transferred_police"
    said = [w for w in result["warnings"] if APPROVAL in w]
    assert said and "art. 5" in said[0], result["warnings"]
    note = db.execute("SELECT note FROM case_events WHERE case_id = ? AND to_status = 'transferred_police'",
                      [crime.id]).fetchone()[0]
    assert note.startswith(REASON) and APPROVAL in note  # the timeline keeps that it went without


def test_a_transfer_the_head_approved_is_not_warned_of(capsys, db, data_dir, crime, english):
    transition(capsys, data_dir, crime, "transfer_report", "--date", "2026-11-10", "--reason", "呈报局长")
    transition(capsys, data_dir, crime, "transfer_approved", "--date", "2026-11-12", "--approved-by", "张局长")
    result = transition(capsys, data_dir, crime, "transfer_to_police", "--date", "2026-11-13", "--reason", REASON)
    assert not [w for w in result.get("warnings", []) if APPROVAL in w], result


def test_an_approval_before_the_police_declined_does_not_cover_a_new_transfer(capsys, db, data_dir, crime, english):
    record(db, crime, "transfer_report", "2026-11-10")
    record(db, crime, "transfer_approved", "2026-11-12", approved_by="张局长")
    procedure.apply(db, crime.id, "transfer_to_police", on_date="2026-11-13", reason=REASON)
    record(db, crime, "police_refused", "2026-11-16")
    record(db, crime, "police_review_requested", "2026-11-17")
    record(db, crime, "police_review_upheld", "2026-11-20")
    procedure.apply(db, crime.id, "resume_after_police", on_date="2026-11-23", reason="公安机关不予立案")
    result = transition(capsys, data_dir, crime, "transfer_to_police", "--date", "2026-12-01", "--reason", REASON)
    assert [w for w in result["warnings"] if APPROVAL in w], result


def test_the_police_letter_without_an_approval_says_its_approver_is_blank(db, crime, english):
    told = [w for w in warnings_of(db, crime, "police_transfer", POLICE_LETTER) if APPROVAL in w]
    assert told and "批准人" in told[0] and "art. 5" in told[0], told
    record(db, crime, "transfer_report", "2026-11-10")
    assert [w for w in warnings_of(db, crime, "police_transfer", POLICE_LETTER) if "批准人" in w]  # awaiting
    record(db, crime, "transfer_approved", "2026-11-12", approved_by="张局长")
    assert not [w for w in warnings_of(db, crime, "police_transfer", POLICE_LETTER) if "批准人" in w]


def test_the_window_asks_before_issuing_the_police_letter_with_the_warning(db, crime, prompts, english):
    from ui.case_documents import confirm_case_issue

    form = find_form("police_transfer")
    confirmed, _serial, _number = confirm_case_issue(prompts, None, db, get_case(db, crime.id), form,
                                                     values=POLICE_LETTER)
    assert not confirmed and "批准人" in prompts.confirmations[-1], prompts.confirmations


def test_the_command_line_says_it_once_the_police_letter_is_issued(capsys, db, data_dir, crime, tmp_path, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", crime.case_number, "--form",
                          "police_transfer", "--values", values_file(tmp_path, POLICE_LETTER), "-o",
                          tmp_path / "police.pdf")
    assert code == 0, err
    assert "批准人" in err and "Warning:" in err, err


# 3. a filed case sent to another authority ends with its termination ------------------------------------------
def test_the_letter_in_a_filed_case_says_to_terminate_and_close_it(db, business, make_case, english):
    told = [w for w in warnings_of(db, business, LETTER, LETTER_VALUES) if "T2" in w]
    assert told and REGULATOR in told[0] and shown_label("transitions", "terminate") in told[0], told
    assert shown_label("transitions", "close") in told[0]
    awaiting = make_case(status="pending_filing")  # not filed: nothing to terminate
    assert not [w for w in warnings_of(db, awaiting, LETTER, LETTER_VALUES) if "T2" in w]


def test_the_command_line_issues_it_then_terminates_with_the_transfer_as_reason(capsys, db, data_dir, business,
                                                                                 tmp_path, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", business.case_number, "--form", LETTER,
                          "--values", values_file(tmp_path, LETTER_VALUES), "-o", tmp_path / "letter.pdf")
    assert code == 0 and "T2" in err and "terminate" in err, err
    number = db.execute("SELECT number FROM documents WHERE case_id = ? AND form_id = ?",
                        [business.id, LETTER]).fetchone()[0]
    result = transition(capsys, data_dir, business, "terminate", "--date", "2026-11-20")  # no --reason
    assert result["status"] == "terminated"
    # the reason taken is said, never silently (final read)
    assert result["note"].startswith("Reason (from the 案件移送函; give --reason for another): ") and \
        REGULATOR in result["note"], result
    note = db.execute("SELECT note FROM case_events WHERE case_id = ? AND to_status = 'terminated'",
                      [business.id]).fetchone()[0]
    assert REGULATOR in note and number in note, note
    # the 结案审批表 states it as the ground of the termination
    closing = default_values(find_form("closing_approval"), case_context(db, get_case(db, business.id)))
    assert any(REGULATOR in str(value) and "终止调查" in str(value) for value in closing.values()), closing


def test_a_termination_without_a_letter_still_needs_a_reason(capsys, db, data_dir, business, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", business.id, "terminate",
                          "--date", "2026-11-20")
    assert code == 1 and "--reason" in err, err
    assert get_case(db, business.id).status == "investigating"


# 4. a bureau's copy of a legal data file that fails its checks is said -----------------------------------------
@pytest.fixture
def bad_criminal(data_dir, monkeypatch):
    """A bureau's criminal.toml lowering the threshold to 4,000 with a negative gains amount: refused by its checks,
    the shipped values (5,000) used in its place."""
    monkeypatch.setattr(law_data, "_PARSED", {})
    clocks._rules.cache_clear()
    text = paths.resource("law", "criminal.toml").read_text(encoding="utf-8")
    assert "threshold = 5_000" in text and "gains_fen = 500_000 " in text
    (data_dir / "law").mkdir()
    (data_dir / "law" / "criminal.toml").write_text(
        text.replace("threshold = 5_000", "threshold = 4_000", 1).replace("gains_fen = 500_000 ", "gains_fen = -5 ", 1),
        encoding="utf-8")
    yield data_dir
    clocks._rules.cache_clear()


def test_law_criminal_says_the_copy_is_not_used(capsys, bad_criminal, english):
    code, out, err = run(capsys, "--data-dir", bad_criminal, "law", "criminal", "--other", "4000")
    assert code == 0 and "5,000" in out  # the shipped threshold
    assert "Warning:" in err and "criminal.toml" in err and "gains_fen" in err, err
    assert "criminal.toml" not in out


def test_clocks_and_transitions_say_it(capsys, db, bad_criminal, business, english):
    code, _out, err = run(capsys, "--data-dir", bad_criminal, "clocks", "--case", business.id)
    assert code == 0 and "criminal.toml" in err, err
    code, _out, err = run(capsys, "--data-dir", bad_criminal, "cases", "transition", business.id, "suspend",
                          "--date", "2026-11-20", "--reason", "等待检测")
    assert code == 0 and "criminal.toml" in err, err


def test_a_good_copy_says_nothing(capsys, data_dir, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "law", "criminal", "--other", "4000")
    assert code == 0 and "Warning" not in err, err


def test_the_case_law_box_shows_it(db, bad_criminal, business, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox

    previous = paths.use_data_dir(bad_criminal)
    try:
        box = CaseLawBox(db, get_case(db, business.id), prompts)
        qtbot.addWidget(box)
        shown = box.findChild(QLabel, "law_data_problems")
        assert shown is not None and "criminal.toml" in shown.text() and "gains_fen" in shown.text()
    finally:
        paths.use_data_dir(previous)


def test_the_case_law_box_says_nothing_without_a_bad_copy(db, business, prompts, qtbot):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox

    box = CaseLawBox(db, get_case(db, business.id), prompts)
    qtbot.addWidget(box)
    assert box.findChild(QLabel, "law_data_problems") is None
