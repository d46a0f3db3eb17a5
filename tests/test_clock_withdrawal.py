"""T19 (REFERENCE §1.2): the penalty information published (T18) is withdrawn within 3 working days of the decision
being voided or corrected; the change is read from the documents, the withdrawal recorded as a clock event."""

import json
from dataclasses import replace

import pytest

from workstation import clocks
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event


def served_case(db, make_case, fine_fen=500_000):
    case = make_case(fine_fen=fine_fen)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-15", served_on="2026-06-16"),
                       allow_status_change=True)


def decision(db, case, doc_id, issued_on, *, voided_on=None, supersedes=None, fine_fen=500_000):
    """A 行政处罚决定书 as issued (and voided on ``voided_on``), written as the store keeps it, of a fine of
    ``fine_fen``."""
    db.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES ('x', 1, 'application/pdf', "
               "'')")
    number = f"佛南市监处〔2026〕{doc_id}号"
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, values_json, "
               "pdf_sha256, pages, supersedes_id, issued_at, issued_by, void_reason) VALUES (?, ?, 'penalty_decision', "
               "1, '行政处罚决定书', ?, ?, ?, 'x', 1, ?, ?, '', ?)",
               [doc_id, case.id, "void" if voided_on else "issued", number, json.dumps({"fine_fen": fine_fen}),
                supersedes, f"{issued_on}T10:00:00+08:00", "金额有误" if voided_on else ""])
    db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, document_id, status, "
               "void_reason, issued_at, voided_at) VALUES (?, ?, '处', 2026, ?, ?, ?, ?, '', ?, ?)",
               [f"n{doc_id}", case.agency_id, doc_id, number, doc_id, "void" if voided_on else "issued",
                f"{issued_on}T10:00:00+08:00", f"{voided_on}T16:30:00+08:00" if voided_on else None])


#: a fine of ¥200,000 on a company: its penalty information is published 3 years (a fine of ¥5,000, 3 months: a
#: publication of 06-20 no longer stands from 09-21, and a void then starts no T19)
LONG = 20_000_000


def event(case, kind, on, note=""):
    return ClockEvent(case_id=case.id, kind=kind, starts_on=on, note=note)


#: the reason a withdrawal is recorded with (信息公示规定 art. 11: withdrawn with its reason stated)
VOIDED = "处罚决定书因罚款金额有误作废"
CORRECTED = "处罚决定书经更正，原决定撤下"


def t19(db, case, on):
    return [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T19"]


def on_board(db, case, on):
    return [d for d in clocks.board(db, on=on) if d.case_id == case.id and d.clock == "T19"]


def test_a_published_decision_voided_starts_three_working_days_met_by_the_withdrawal(db, make_case, english):
    case = served_case(db, make_case, fine_fen=LONG)  # published 3 years: still standing when voided
    record_clock_event(db, event(case, "publication", "2026-06-20"))
    decision(db, case, 1, "2026-06-15", voided_on="2026-09-30", fine_fen=LONG)
    # 10-01…10-07 National Day, 10-08 and 10-09 working days, Saturday 10-10 a make-up working day
    [deadline] = t19(db, case, "2026-10-09")
    assert (deadline.start, deadline.due, deadline.state, deadline.days_left) == ("2026-09-30", "2026-10-10",
                                                                                  "due_soon", 1)
    assert deadline.source == "《市场监督管理行政处罚信息公示规定》第十一条；《行政处罚法》第四十八条"
    assert "date the published decision was voided or corrected" in deadline.calculation()
    [shown] = on_board(db, case, "2026-10-12")
    assert (shown.state, shown.due) == ("overdue", "2026-10-10")
    record_clock_event(db, event(case, "publication_withdrawn", "2026-10-09", VOIDED))
    [met] = t19(db, case, "2026-10-12")
    assert (met.state, met.done_on) == ("met", "2026-10-09")
    assert on_board(db, case, "2026-10-12") == []


def test_a_correction_superseding_the_published_decision_starts_it_on_its_issue_and_a_late_withdrawal_is_late(
        db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "publication", "2026-06-20"))
    decision(db, case, 1, "2026-06-15")
    decision(db, case, 2, "2026-07-01", supersedes="1")  # Wednesday: due Monday 07-06
    record_clock_event(db, event(case, "publication_withdrawn", "2026-07-08", CORRECTED))
    [deadline] = t19(db, case, "2026-07-10")
    assert (deadline.start, deadline.due, deadline.state, deadline.done_on) == ("2026-07-01", "2026-07-06", "late",
                                                                                "2026-07-08")


def test_a_closed_case_whose_published_decision_is_voided_is_on_the_board(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, replace(event(case, "publication", "2026-06-20"), ends_on="2026-06-20"))
    case = update_case(db, replace(get_case(db, case.id), status="closed", closed_on="2026-08-01"),
                       allow_status_change=True)
    decision(db, case, 1, "2026-06-15", voided_on="2026-09-01")
    assert [(d.state, d.due) for d in on_board(db, case, "2026-09-02")] == [("due_soon", "2026-09-04")]


@pytest.mark.parametrize("publication", [None, "2026-07-10"])
def test_a_decision_voided_while_unpublished_starts_nothing(db, make_case, publication):
    case = served_case(db, make_case)
    decision(db, case, 1, "2026-06-15", voided_on="2026-07-01")  # before any publication (or none at all)
    if publication:
        decision(db, case, 2, "2026-07-02")
        record_clock_event(db, event(case, "publication", publication))
    assert t19(db, case, "2026-07-20") == [] and on_board(db, case, "2026-07-20") == []


def test_a_decision_voided_after_its_publication_was_withdrawn_starts_nothing(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "publication", "2026-06-20"))
    record_clock_event(db, event(case, "publication_withdrawn", "2026-06-25", VOIDED))
    decision(db, case, 1, "2026-06-15", voided_on="2026-07-01")
    assert t19(db, case, "2026-07-20") == []


def test_a_withdrawal_without_a_publication_before_it_is_refused_and_changes_nothing(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "publication", "2026-06-20"))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, event(case, "publication_withdrawn", "2026-06-19", VOIDED))
    assert refused.value.errors["starts_on"].startswith(
        "No publication of the penalty information is recorded on or before 2026-06-19")
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE kind = 'publication_withdrawn'").fetchone()[0] == 0


def test_the_event_dialog_records_the_withdrawal_and_says_what_it_meets(db, make_case, prompts, qtbot, english):
    from PySide6.QtCore import QDate

    from ui.case_clocks import ClockEventDialog

    case = served_case(db, make_case)
    record_clock_event(db, event(case, "publication", "2026-06-20"))
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("publication_withdrawn"))
    assert dialog.kind.currentText() == "Published penalty information withdrawn"
    # (no change of the decision is recorded behind this withdrawal: warned, art. 11, on the next line)
    assert dialog.hint.text().split("\n")[0] == ("Meets: T19 Withdraw published penalty information (decision changed "
                                                 "or revoked). Ends early: T20 Publication period of the penalty "
                                                 "information.")
    dialog.starts_on.setDate(QDate(2026, 7, 2))
    dialog.note.setText("处罚决定经复议被撤销")
    dialog.save()
    assert dialog.saved is not None and (dialog.saved.kind, dialog.saved.starts_on, dialog.saved.note) == (
        "publication_withdrawn", "2026-07-02", "处罚决定经复议被撤销")


def test_voiding_the_issued_decision_through_the_store_starts_the_withdrawal_on_the_day_of_the_void(demo_db,
                                                                                                 data_dir,
                                                                                                 monkeypatch):
    import datetime as dt

    from tests.helpers import move_program_clock
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document, void_document
    from workstation.store import find_case

    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    # issued and voided on 2026-07-20: the demo's publication of 2026-04-30 (a fine of ¥3,000, published 3 months,
    # to 07-30) still stands
    move_program_clock(monkeypatch, dt.datetime.fromisoformat("2026-07-20T10:00:00+08:00"))
    issued = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
    if not demo_db.execute("SELECT 1 FROM clock_events WHERE case_id = ? AND kind = 'publication'",
                           [case.id]).fetchone():  # published once (a second publication would be refused)
        record_clock_event(demo_db, event(case, "publication", max(case.filed_on, "2026-06-20")))
    assert t19(demo_db, case, "2030-01-01") == []  # published, not changed
    void_document(demo_db, issued.id, "罚款金额有误")
    voided_on = demo_db.execute("SELECT substr(voided_at, 1, 10) FROM doc_numbers WHERE number = ?",
                                [issued.number]).fetchone()[0]
    assert voided_on == "2026-07-20"
    [deadline] = t19(demo_db, case, "2030-01-01")
    assert (deadline.start, deadline.event_id, deadline.state) == (voided_on, issued.id, "overdue")


def test_a_second_withdrawal_of_the_same_publication_is_refused_naming_the_first(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "publication", "2026-06-20"))
    record_clock_event(db, event(case, "publication_withdrawn", "2026-07-01", VOIDED))
    for day in ("2026-07-05", "2026-06-25"):  # after the one recorded, or before it: the same publication
        with pytest.raises(ValidationError) as refused:
            record_clock_event(db, event(case, "publication_withdrawn", day, VOIDED))
        assert refused.value.errors["starts_on"].startswith(
            "The publication of 2026-06-20 was already withdrawn on 2026-07-01: a second withdrawal cannot be "
            "recorded for it")
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE kind = 'publication_withdrawn'").fetchone()[0] == 1
    # published again: that publication may be withdrawn in its turn
    record_clock_event(db, event(case, "publication", "2026-08-01"))
    record_clock_event(db, event(case, "publication_withdrawn", "2026-08-05", VOIDED))
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE kind = 'publication_withdrawn'").fetchone()[0] == 2
