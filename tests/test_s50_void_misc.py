"""Voiding and correcting decisions, seen elsewhere: the 发文登记 says what a correction corrects; a decision corrected
and then every version of it voided asks for one withdrawal of its publication (T19), not one per change; and once
no 行政处罚决定书 stands, the party's reconsideration and lawsuit periods (T10, T11) no longer run."""

from __future__ import annotations

from tests.test_casefile_voided import FIRST, SECOND, filed  # noqa: F401 (the fixture)
from tests.test_clock_withdrawal import CORRECTED, LONG, VOIDED, decision, event, served_case, t19
from tests.test_voided_decision_steps import decided
from workstation import clocks, procedure
from workstation.document_register import registered_documents
from workstation.documents.issuing import void_document
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event


def case_clocks(db, case, on="2026-04-01"):
    return clocks.case_clocks(db, get_case(db, case.id), on=on)


def test_every_decision_voided_leaves_no_reconsideration_or_lawsuit_running(db, data_dir, make_case):
    case, issued = decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    before = {d.clock: d.state for d in case_clocks(db, case)}
    assert before["T10"] not in ("not_applicable", "ended") and before["T11"] not in ("not_applicable", "ended")
    void_document(db, issued.id, "罚款金额有误")
    after = {d.clock: d for d in case_clocks(db, case)}
    assert after["T8"].state == "not_applicable"
    assert after["T10"].state == "not_applicable" and after["T11"].state == "not_applicable"
    # the reason says the decisions were voided, not that the case was only warned
    for clock in ("T8", "T10", "T11", "T16", "T18"):
        assert "作废" in dict(after[clock].detail)["not_applicable"], clock


def test_a_decision_issued_again_after_the_void_runs_the_periods_again(db, data_dir, make_case):
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document

    case, first = decided(db, data_dir, make_case)
    void_document(db, first.id, "罚款金额有误")
    issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                   {"decided_on": "2026-03-11", "fine_fen": "40000"}, party_id=case.party_ids[0])
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    states = {d.clock: d.state for d in case_clocks(db, case, on="2026-03-20")}
    assert {states["T8"], states["T10"], states["T11"]} <= {"open", "due_soon"}


def test_the_register_says_which_document_a_correction_corrects(demo_db, filed, english):  # noqa: F811
    case, first, correction, receipt = filed
    notes = {r.id: r.note for r in registered_documents(demo_db)}
    assert notes[first.id] == f"replaced by the correction {SECOND}"
    assert notes[correction.id] == f"correcting {FIRST}"
    void_document(demo_db, correction.id, "文号错误")
    notes = {r.id: (r.state, r.note) for r in registered_documents(demo_db)}
    assert notes[correction.id] == ("void", f"correcting {FIRST}; 文号错误")
    assert notes[first.id] == ("issued", "")


def test_a_correction_and_both_voids_ask_for_one_withdrawal_met_once(db, make_case):
    case = served_case(db, make_case, fine_fen=LONG)  # published 3 years: still standing when voided
    record_clock_event(db, event(case, "publication", "2026-06-20"))
    decision(db, case, 1, "2026-06-15", voided_on="2026-09-30", fine_fen=LONG)
    decision(db, case, 2, "2026-09-30", voided_on="2026-09-30", supersedes=1, fine_fen=LONG)
    [deadline] = t19(db, case, "2026-10-09")
    assert (deadline.start, deadline.due, deadline.state) == ("2026-09-30", "2026-10-10", "due_soon")
    record_clock_event(db, event(case, "publication_withdrawn", "2026-10-09", VOIDED))
    assert [(d.start, d.state) for d in t19(db, case, "2026-10-20")] == [("2026-09-30", "met")]
    assert [d for d in clocks.board(db, on="2026-10-09") if d.case_id == case.id and d.clock == "T19"] == []


def test_a_change_after_the_corrected_copy_was_published_asks_for_another_withdrawal(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "publication", "2026-06-20"))
    decision(db, case, 1, "2026-06-15")
    decision(db, case, 2, "2026-07-01", supersedes=1)  # corrected: withdrawn, its corrected copy published
    record_clock_event(db, event(case, "publication_withdrawn", "2026-07-02", CORRECTED))
    record_clock_event(db, event(case, "publication", "2026-07-03"))
    decision(db, case, 3, "2026-08-03", supersedes=2)  # corrected again
    assert [(d.start, d.state) for d in t19(db, case, "2026-08-04")] == [("2026-07-01", "met"),
                                                                          ("2026-08-03", "due_soon")]


def test_voiding_a_correction_issued_after_the_publication_starts_no_second_withdrawal(db, make_case, english):
    """T19 runs from the correction issued after the publication; voiding that correction does not start it again."""
    from tests.test_clock_challenges import T19_SENTENCE, served_case
    from tests.test_clock_challenges import decision as issued_decision
    from workstation.documents.issuing import get_document, void_consequences
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case = served_case(db, make_case)
    issued_decision(db, case, "1")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, values_json, "
               "pdf_sha256, pages, supersedes_id, issued_at, issued_by, void_reason) VALUES ('2', ?, "
               "'penalty_decision', 1, '行政处罚决定书', 'issued', '佛南市监处〔2026〕2号', '{\"fine_fen\": 4000000}', "
               "'x', 1, '1', '2026-06-25T10:00:00+08:00', '', '')", [case.id])
    assert T19_SENTENCE not in void_consequences(db, get_document(db, "2"))
