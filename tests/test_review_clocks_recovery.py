"""Defects found reviewing the clock, lead and encryption-recovery changes: a case closed without any decision has
no "warning alone" fact (T18 is not shown as not applicable to it); a lead extended before its assignment can
still be filed as a case (the assignment restarts T1 and ends that extension); two programs recovering the same
interrupted encryption take turns instead of interleaving their renames."""

from __future__ import annotations

import threading

import pytest

from tests import backup_fixtures
from tests.test_clock_rules import LEAD, stage
from tests.test_security_recovery import crash_encrypting
from workstation import clocks
from workstation.leads_workflow import assign_lead, extend_lead, file_case_from_lead, get_lead_row
from workstation.security import access, keyring, session
from workstation.shared_file import exclusive
from workstation.store import agency_by_code, get_case

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


@pytest.mark.parametrize("status", ["closed", "archived"])
def test_a_case_closed_without_a_decision_has_no_publication_fact(db, make_case, english, status):
    # terminated (or not filed, or sent to the police) and then closed: nothing was decided, so T18 is neither
    # running nor "not applicable to a warning alone"
    case = stage(db, make_case(), status, filed_on="2026-03-10", closed_on="2026-04-01")
    by_clock = {d.clock: d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-07-01")}
    assert "T18" not in by_clock
    assert clocks.decision_facts(status, False, None, None) == frozenset()
    # a closed case that was decided with a warning alone still has it
    warned = stage(db, make_case(), status, filed_on="2026-03-10", decided_on="2026-05-10",
                   served_on="2026-05-11", closed_on="2026-06-01")
    t18 = next(d for d in clocks.case_clocks(db, get_case(db, warned.id), on="2026-07-01") if d.clock == "T18")
    assert t18.state == "not_applicable"


def test_a_lead_extended_before_its_assignment_is_still_filed_as_a_case(demo_db):
    demo_db.execute("UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL, "
                    "received_at = '2026-03-02T09:00:00+08:00' WHERE id = ?", [LEAD])
    extend_lead(demo_db, LEAD, 15, "2026-03-05", "局长")
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-10")
    row = get_lead_row(demo_db, LEAD)  # T1 now counts from the assignment: the earlier extension ended with it
    assert (row["extension_days"], row["extension_approved_on"], row["extension_approved_by"]) == (0, None, "")
    assert next(d for d in clocks.board(demo_db, on="2026-03-11") if d.lead_id == LEAD).due == "2026-03-31"
    case = file_case_from_lead(demo_db, LEAD)
    t1 = next(d for d in clocks.case_clocks(demo_db, get_case(demo_db, case.id), on="2026-03-21") if d.clock == "T1")
    assert (t1.start, t1.due) == ("2026-03-10", "2026-03-31")
    # an extension approved on or after the assignment stays and is carried onto the case
    demo_db.execute("UPDATE leads SET status = 'registered', case_id = NULL, decision = '', decided_on = NULL "
                    "WHERE id = ?", [LEAD])
    extend_lead(demo_db, LEAD, 5, "2026-03-12", "局长")
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-12")
    assert get_lead_row(demo_db, LEAD)["extension_days"] == 5


def test_two_programs_recovering_one_interrupted_encryption_take_turns(monkeypatch, copy_template, english):
    data = copy_template("plain")
    crash_encrypting(monkeypatch, data, "replace", "workstation.db.encrypting")
    assert access.journal_path(data).exists()
    said: list[str] = []
    other = threading.Thread(target=lambda: said.append(access.recover_interrupted_encryption(data)))
    with exclusive(data / access.RECOVERY_LOCK, access.journal_path(data)):  # the first program recovers
        other.start()
        other.join(0.5)
        assert other.is_alive()  # the second waits for it
        assert "it was completed now" in access._recover(data)
    other.join()
    assert said == [""]  # and then finds nothing left to do
    assert keyring.state(data) == "encrypted" and (data / "files").is_dir()
    assert not (data / "files.encrypting").exists() and not (data / "files.plaintext").exists()
    session._KEYS.clear()
