"""Small faults the reviews found: an escalation named 未立案 among hundreds of cases not filed is found in a few
queries and lists at most ``CASES_LISTED`` of them; the merge record's per-case counts keep the newest merges only;
a command whose wrong passphrases cannot be written (a locked database) still runs. (An extension given in working
days: tests/test_docfixa_issue_checks.py; the window's: tests/test_ui_followups.py.)"""

from __future__ import annotations

import json

import pytest

from tests.helpers import statements_run
from tests.test_unfiled3 import ASSOCIATION, MICRO_LOAN
from workstation.records import Case
from workstation.store import agency_id_for_code, create_case
from workstation.store.interviews import CASES_LISTED, SeveralCases, escalation_case, get_interview

# ---- 1. escalation among many cases not filed ----------------------------------------------------------------------

def _many_unfiled(db, count: int, party_ids: list[str]) -> list[str]:
    agency = agency_id_for_code("440600")
    return [create_case(db, Case(case_number="", cause=f"涉嫌违法收集个人信息案（{n}）", sector="microloan",
                                 agency_id=agency, status="pending_filing", party_ids=party_ids)).id
            for n in range(count)]


def _queries(db, call):
    """What ``call`` raised and the statements it ran."""
    with statements_run(db) as statements, pytest.raises(SeveralCases) as raised:
        call()
    return raised.value, statements


def test_unfiled_named_among_hundreds_is_found_in_a_few_queries_and_lists_a_bounded_number(demo_db, english):
    interview = get_interview(demo_db, MICRO_LOAN)
    ours = _many_unfiled(demo_db, 150, interview.party_ids)
    other_party = demo_db.execute("SELECT party_id FROM case_parties WHERE party_id NOT IN "
                                  "(SELECT value FROM json_each(?)) LIMIT 1",
                                  [json.dumps(interview.party_ids)]).fetchone()[0]
    _many_unfiled(demo_db, 150, [other_party])
    several, statements = _queries(demo_db, lambda: escalation_case(demo_db, interview, "未立案"))
    assert len(statements) < 20
    # the cases against the interview's parties, all of them for the pick, at most CASES_LISTED named
    assert several.case_ids == ours
    assert sum(case_id in several.message for case_id in ours) == CASES_LISTED
    assert f"{len(ours) - CASES_LISTED} more not listed" in several.message
    assert f"names {len(ours)} cases" in several.message
    # by the party's name, as before
    several, statements = _queries(demo_db, lambda: escalation_case(demo_db, interview, ASSOCIATION))
    assert len(statements) < 20 and several.case_ids[-len(ours):] == ours


# ---- 2. the per-case counts of merges are kept for the newest merges only ------------------------------------------

def test_the_case_counts_of_merges_keep_the_newest_ones_only(db):
    from workstation.bundle.import_log import KEPT_CASE_COUNTS, case_counts, keep_case_counts

    ids = [f"import-{n:04d}" for n in range(KEPT_CASE_COUNTS + 25)]
    for n, import_id in enumerate(ids):
        keep_case_counts(db, import_id, {"new": n, "updated": 1})
    kept = case_counts(db)
    assert list(kept) == ids[-KEPT_CASE_COUNTS:]  # the oldest are dropped: the list shows "—" for them
    assert kept[ids[-1]] == {"new": len(ids) - 1, "updated": 1, "unchanged": 0, "conflicts": 0}
    # a merge kept again (its counts rewritten) counts as the newest
    keep_case_counts(db, ids[-KEPT_CASE_COUNTS], {"new": 7})
    assert list(case_counts(db))[-1] == ids[-KEPT_CASE_COUNTS] and len(case_counts(db)) == KEPT_CASE_COUNTS


# ---- 3. a command whose wrong passphrases cannot be written still runs ---------------------------------------------

def test_a_command_runs_when_the_wrong_passphrases_cannot_be_written(capsys, cli_station, tmp_path, monkeypatch,
                                                                     caplog):
    """A database locked by another program refuses the audit entries of the wrong passphrases with the driver's
    own error: they stay in the keyring, the log says so and the command lists the cases all the same."""
    import sqlite3

    from tests.helpers import run
    from workstation.security import events

    station = cli_station(tmp_path / "station")

    def locked(_db, _data_dir):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(events, "record_failed_logins", locked)
    with caplog.at_level("WARNING", logger="workstation"):
        code, out, err = run(capsys, "--data-dir", station, "cases", "list", "--json")
    assert code == 0, err
    assert len(json.loads(out)) > 0
    assert "wrong passphrases not audited: OperationalError" in caplog.text

