"""What the audit of this session's records in bundles found: the merge preview names the reporter-told history
kinds and the police's new steps (close from an open stage once the police opened the case, resume from 已结案 once they
withdrew it) by their labels; a station whose own log lost entries, which its next entry records, is told that
exporting again cannot help and a backup can."""

from __future__ import annotations

import json

import pytest

from workstation.audit import DAMAGE_ACTION, GENESIS, entry_hash
from workstation.bundle.merge import _label, _step
from workstation.bundle.reader import BundleRefused, _check_audit


def test_the_reporter_told_history_kinds_are_named(english):
    for kind, said in (("reporter_told_corrected", "Record of the reporter told corrected"),
                       ("reporter_told_cleared", "Record of the reporter told cleared (its letter voided)")):
        assert _label("lead_history", {"kind": kind, "on_date": "2026-12-05"}, None) == f"{said} 2026-12-05"


def test_the_police_paths_are_named_by_their_step(english):
    from workstation.vocabulary import shown_label

    assert _step({"kind": "transition", "from_status": "investigating", "to_status": "closed"}) == \
        shown_label("transitions", "close")
    assert _step({"kind": "transition", "from_status": "closed", "to_status": "investigating"}) == \
        shown_label("transitions", "resume_after_police")


def entry(seq, prev, action="update"):
    values = [seq, f"2026-12-0{seq}T10:00:00+08:00", "甲", action, "case", "c1", "", "", prev]
    return dict(zip(("seq", "at", "actor", "action", "entity", "entity_id", "before_digest", "after_digest",
                     "prev_hash"), values, strict=True)) | {"hash": entry_hash(*values)}


def test_a_station_log_that_lost_entries_is_told_to_restore_a_backup(english):
    first = entry(1, GENESIS)
    damaged = entry(3, first["hash"], DAMAGE_ACTION)  # entry 2 deleted; the station's next write says so
    with pytest.raises(BundleRefused) as refused:
        _check_audit(json.dumps([first, damaged]).encode(), "a.bundle")
    assert "Exporting again does not help" in refused.value.message and "backup restore" in refused.value.message
    altered = dict(entry(2, first["hash"]), actor="乙")  # an entry changed: the station exports again
    with pytest.raises(BundleRefused) as refused:
        _check_audit(json.dumps([first, altered]).encode(), "a.bundle")
    assert "ask the station to export it again" in refused.value.message
