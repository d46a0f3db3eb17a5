"""`audit list`: the entries of the audit log readable on the command line, newest first, filtered by entity,
action and day, the officer who acted named as the register names them (never the computer's account)."""

from __future__ import annotations

from tests.helpers import run, run_json
from workstation import audit


def entries(db):
    """Three entries: an officer's passphrase change (security), an officer's case update, and one written when no
    officer was signed in (the computer's account ``osuser``)."""
    with db.atomic():
        audit.append(db, "passphrase_changed", "security", "officer-1", actor="陈志强")
        audit.append(db, "update", "case", "case-1", actor="黄丽娟")
        audit.append(db, "update", "case", "case-2", actor="osuser")


def test_the_entries_are_listed_newest_first_with_the_officer_never_the_computers_account(
        db, officers, data_dir, capsys, english):
    entries(db)
    result = run_json(capsys, "--data-dir", data_dir, "audit", "list", "--limit", "0")
    listed = result["entries"]
    assert [e["seq"] for e in listed] == sorted((e["seq"] for e in listed), reverse=True)
    assert [(e["action"], e["entity"], e["entity_id"], e["officer"]) for e in listed[:3]] == [
        ("update", "case", "case-2", None), ("update", "case", "case-1", "黄丽娟"),
        ("passphrase_changed", "security", "officer-1", "陈志强")]
    assert result["total"] == len(listed)
    code, out, _err = run(capsys, "--data-dir", data_dir, "audit", "list")
    assert code == 0 and "osuser" not in out
    first = out.splitlines()[0]
    assert "not signed in / command line" in first and first.endswith("Changed  Case  case-2")


def test_the_filters_keep_the_entries_asked_for(db, officers, data_dir, capsys, english):
    entries(db)
    security = run_json(capsys, "--data-dir", data_dir, "audit", "list", "--entity", "security")
    assert [(e["action"], e["officer"]) for e in security["entries"]] == [("passphrase_changed", "陈志强")]
    updates = run_json(capsys, "--data-dir", data_dir, "audit", "list", "--entity", "case", "--action", "update",
                       "--limit", "1")
    assert [e["entity_id"] for e in updates["entries"]] == ["case-2"] and updates["total"] >= 2
    code, out, _err = run(capsys, "--data-dir", data_dir, "audit", "list", "--entity", "case", "--action", "update",
                          "--limit", "1")
    assert "--limit 0 lists them all" in out
    later = run_json(capsys, "--data-dir", data_dir, "audit", "list", "--since", "2999-01-01")
    assert later == {"entries": [], "total": 0}
    code, out, _err = run(capsys, "--data-dir", data_dir, "audit", "list", "--since", "2999-01-01")
    assert code == 0 and out.strip() == "No audit entry matches."


def test_a_wrong_date_or_limit_is_refused_naming_the_option(db, data_dir, capsys, english):
    code, out, err = run(capsys, "--data-dir", data_dir, "audit", "list", "--since", "2026-13-45")
    assert code == 1 and out == "" and "--since" in err
    code, out, err = run(capsys, "--data-dir", data_dir, "audit", "list", "--limit", "-1")
    assert code == 2 and out == "" and "--limit" in err  # a usage error (s61)
