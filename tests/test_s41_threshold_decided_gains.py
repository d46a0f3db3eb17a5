"""A case whose 行政处罚决定书, issued here, confiscates illegal gains reaching the criminal threshold (¥5,000: REFERENCE
§4.6) is named among the cases to transfer to the police as `law criminal --gains` judges it: the threshold list reads
the gains its decisions in force confiscate, as the statistics count them (issuing writes nothing into the case's own
amount), not those of a voided decision; a register's row keeps its recorded confiscation (test_statsfix)."""

from __future__ import annotations

import pytest

from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.law.criminal import assess
from workstation.stats import campaign_stats
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"  # demo case, one party, far below the thresholds by its records


def _untransferred(db) -> list[str]:
    return campaign_stats(db)["cases"]["threshold_not_transferred"]


@pytest.fixture(autouse=True)
def issued_before_the_refusal(monkeypatch):
    """Such a decision is refused now (``stage_rules._document_threshold``; in the demo's closed case also as other
    amounts than it records, confiscating ¥600,000 without the hearing right told: ``penalty_terms.
    decision_terms_refusal``); one issued by an earlier version, or at a station that sent it in a bundle, is still in
    force, and the list names its case."""
    from workstation import penalty_terms
    from workstation.documents import stage_rules

    monkeypatch.setattr(stage_rules, "_document_threshold", lambda *args: None)
    monkeypatch.setattr(penalty_terms, "decision_terms_refusal", lambda *args: None)


@pytest.fixture(autouse=True)
def providing(demo_db):
    """The case made one of providing personal information too: the thresholds apply only to the violations the
    offence covers (criminal.toml ``violations``), not to unsolicited messages alone (round 50)."""
    demo_db.execute("UPDATE cases SET violations = ? WHERE case_number = ?",
                    ['["unsolicited_commercial_messages", "illegal_provision_or_leak"]', CASE])


def test_a_decision_confiscating_gains_over_the_threshold_puts_its_case_on_the_list(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    assert CASE not in _untransferred(demo_db) and not case.confiscated_fen
    assert assess(0, 0, 0, 60_000_000).serious  # ¥600,000, as `law criminal --gains 600000` says
    issued = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {"confiscated_fen": "600000"})
    assert find_case(demo_db, CASE).confiscated_fen == 0  # the case's own amount is not written by issuing
    assert campaign_stats(demo_db)["confiscated_fen"] >= 60_000_000
    assert CASE in _untransferred(demo_db)
    void_document(demo_db, issued.id, "没收金额有误")  # a voided decision confiscates nothing
    assert CASE not in _untransferred(demo_db)


def test_a_correction_confiscating_less_than_the_threshold_takes_the_case_off_the_list(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    first = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {"confiscated_fen": "600000"})
    assert CASE in _untransferred(demo_db)
    issue_document(demo_db, data_dir, find_case(demo_db, CASE), find_form("penalty_decision"),
                   {"confiscated_fen": "4999.99"}, supersedes=first.id)
    assert CASE not in _untransferred(demo_db)  # ¥4,999.99, the corrected decision's, is below ¥5,000
