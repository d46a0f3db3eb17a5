"""A key date of the case's timeline (``MILESTONES``) is shown once: a step recorded in the procedure gives its date
with its own line, in the order it was recorded within its day, and no milestone copy of that date is added before
it. A date no recorded step gives (a case imported from a register, a lead's registration) keeps its milestone."""

from __future__ import annotations

from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.store import get_case
from workstation.store.cases import case_timeline

FILED, SENT, DECIDED = "2026-03-02", "2026-03-05", "2026-03-13"
MILESTONE_TEXTS = ("Lead registered", "Case filed", "Sent to case or legal review", "Pre-penalty notice delivered",
                   "Decision made", "Decision served", "Case closed")


def lines(db, case) -> list[tuple[str, str, str]]:
    return [(e.on_date, e.kind, e.text) for e in case_timeline(db, get_case(db, case.id))]


def test_each_key_date_of_a_case_taken_through_the_procedure_appears_once_in_recorded_order(db, make_case, english):
    case = make_case(fine_fen=300_000)
    procedure.apply(db, case.id, "file", on_date=FILED)
    for name in ("conclude_investigation", "submit_review", "send_pre_notice"):
        procedure.apply(db, case.id, name, on_date=SENT)
    for name in ("end_statement_period", "decide_penalty", "serve_decision"):
        procedure.apply(db, case.id, name, on_date=DECIDED)
    shown = lines(db, case)
    assert [line for line in shown if line[1] == "milestone"] == []  # every key date given by its step
    assert [text for on, kind, text in shown if on == SENT] == [
        "Under investigation → Investigation concluded", "Investigation concluded → Under case review",
        "Under case review → Party notified (proposed a fine of ¥3,000.00)"]
    assert [text for on, kind, text in shown if on == DECIDED] == [
        "Party notified → Awaiting decision", "Awaiting decision → Penalty decided", "Penalty decided → Decision served"]
    assert [text for on, kind, text in shown if on == FILED] == ["Awaiting filing → Under investigation"]


def test_a_register_imported_case_keeps_its_milestones_and_a_step_taken_since_gives_its_own(db, make_case,
                                                                                         english):
    case = make_case(status="investigating", filed_on=FILED, lead_received_on="2026-02-27")
    assert [(on, text) for on, kind, text in lines(db, case) if kind == "milestone"] == [
        ("2026-02-27", "Lead registered"), (FILED, "Case filed")]
    procedure.apply(db, case.id, "conclude_investigation", on_date=SENT)
    procedure.apply(db, case.id, "submit_review", on_date=SENT)
    shown = lines(db, case)
    assert [(on, text) for on, kind, text in shown if kind == "milestone"] == [
        ("2026-02-27", "Lead registered"), (FILED, "Case filed")]  # review_on is its step's line
    assert [text for on, kind, text in shown if on == SENT] == [
        "Under investigation → Investigation concluded", "Investigation concluded → Under case review"]


def test_a_decision_on_the_spot_gives_its_decision_and_service_dates(db, data_dir, make_case, english):
    place = "佛山市南海区桂城街道南海大道北281号"
    case = make_case()
    issue_document(db, data_dir, get_case(db, case.id), find_form("on_the_spot_decision"),
                   {"serial_no": "No.0012345", "fine_fen": "200", "decided_at": "2026-03-10 09:30", "warning": False,
                    "party_address": place, "place": place, "facts": "经查，当事人未经消费者同意发送商业性短信。"})
    decided = procedure.apply(db, case.id, "decide_on_the_spot")
    assert decided.decided_on and decided.served_on
    texts = [text for on, kind, text in lines(db, case)]
    assert not set(texts) & {"Decision made", "Decision served"}
    assert sum("→" in text for text in texts) == 1
