"""Session 56: a decision made on the spot is filed with the bureau (已报备案, T31) once — a second filing was
recorded silently on the command line (and in the window's dialog), leaving two days for one filing."""
from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run
from tests.test_s50_on_the_spot import _collected_and_closed
from workstation.errors import ValidationError
from workstation.store.clock_events import clock_events_of, record_clock_event


def test_a_second_filing_with_the_bureau_is_refused_naming_the_first(capsys, db, data_dir, make_case, english):
    case, _document = _collected_and_closed(db, data_dir, make_case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "--json", "cases", "transition", case.id,
                         "file_with_bureau", "--date", "2026-03-11")
    assert code == 0, err
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id,
                         "file_with_bureau", "--date", "2026-03-12")
    assert code != 0
    assert "2026-03-11" in err and "once" in err, err
    filings = db.execute("SELECT starts_on FROM clock_events WHERE case_id = ? AND kind = 'bureau_filing'",
                         [case.id]).fetchall()
    assert [day for (day,) in filings] == ["2026-03-11"]


def test_a_case_holding_two_filings_can_still_have_each_edited(capsys, db, data_dir, make_case, english):
    """Two filings recorded before the rule: each can be corrected (its note), not moved to another day."""
    case, _document = _collected_and_closed(db, data_dir, make_case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id,
                         "file_with_bureau", "--date", "2026-03-11")
    assert code == 0, err
    (first,) = [e for e in clock_events_of(db, case.id) if e.kind == "bureau_filing"]
    columns = [row[1] for row in db.execute("PRAGMA table_info(clock_events)") if row[1] not in ("id", "starts_on")]
    listed = ", ".join(columns)
    db.execute(f"INSERT INTO clock_events (id, starts_on, {listed}) SELECT 'second-filing', '2026-03-12', {listed} "
               "FROM clock_events WHERE id = ?", [first.id])
    filings = [e for e in clock_events_of(db, case.id) if e.kind == "bureau_filing"]
    assert len(filings) == 2
    for filing in filings:
        saved = record_clock_event(db, replace(filing, note="报备回执已存档"))
        assert saved.note == "报备回执已存档"
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, replace(filings[0], starts_on="2026-03-13"))
    message = str(refused.value)
    assert "remove" in message, message
