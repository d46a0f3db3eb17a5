# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A lead's history travels with it: its re-assignments (改派) and withdrawn decisions not to file (撤销不予立案) were
kept in settings rows no bundle carried, so headquarters never saw them. They are now records of their own
(``lead_history``, m032, moved there from the settings rows), audited, carried by a station's bundle with their lead
and handed out only where the lead goes; importing them again adds nothing."""

from __future__ import annotations

import json

import pytest

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import (  # noqa: F401
    dirs,
    export,
    import_,
    take_headquarters_card,
    template,
)
from workstation.db import open_database
from workstation.db.connection import applied_schema
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    assignment_history,
    decide_lead,
    history_line,
    late_assignment_history,
    reassigned_late,
    withdraw_not_filing,
    withdrawal_history,
    withdrawal_line,
)
from workstation.paths import database_path
from workstation.store import agency_by_code

OLD_REASSIGNED = "lead_reassignments"
OLD_WITHDRAWN = "lead_not_filing_withdrawn"


def _as_before_m032(db, reassigned: dict, withdrawn: dict) -> None:
    """Make ``db`` the database the version before m032 left: no history table, the history in settings rows."""
    with db.atomic():
        db.execute("DROP TABLE lead_history")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm032_lead_history'")
        for key, value in ((OLD_REASSIGNED, reassigned), (OLD_WITHDRAWN, withdrawn)):
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [key, json.dumps(value, ensure_ascii=False)])
    db.conn.close()


def _old_entries(db, lead: str, gone: str | None = None) -> tuple[dict, dict]:
    """The history the version before m032 kept of ``lead`` (two re-assignments, the first late, and a withdrawn
    decision not to file), and of the lead ``gone`` when given."""
    shunde, nanhai = agency_by_code(db, "440606").id, agency_by_code(db, "440605").id
    chancheng = agency_by_code(db, "440604").id
    reassigned = {lead: [
        {"agency_id": shunde, "assigned_on": "2026-09-22", "due": "2026-10-20", "until": "2026-10-23", "late_days": 3,
         "to": nanhai, "reason": "经营场所位于南海区", "by": "李明"},
        {"agency_id": nanhai, "assigned_on": "2026-10-23", "due": "2026-11-13", "until": "2026-10-26", "late_days": 0,
         "to": chancheng, "reason": "南海区局回避", "by": "王芳"}]}
    if gone:
        reassigned[gone] = [{"agency_id": shunde, "assigned_on": "", "due": "2026-10-01", "until": "2026-10-02",
                             "late_days": 1, "to": nanhai, "reason": "已删除的线索", "by": "李明"}]
    withdrawn = {lead: [{"decided_on": "2026-10-27", "decision_reason": "经核查，号码已停机", "withdrawn_on": "2026-10-28",
                         "reason": "当事人又被举报，需重新核查", "by": "王芳"}]}
    return reassigned, withdrawn


def _a_lead(db, text: str = "来访举报某公司反复拨打推销电话") -> str:
    return register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00", description=text)).id


def test_m032_moves_the_history_kept_in_the_settings_into_its_table(db, data_dir, english):
    lead = _a_lead(db)
    reassigned, withdrawn = _old_entries(db, lead, "0190aaaa-0000-7000-8000-000000000000")  # a lead no longer held
    _as_before_m032(db, reassigned, withdrawn)
    again = open_database(database_path(data_dir))  # m032 runs
    try:
        assert "m032_lead_history" in applied_schema(again)
        assert assignment_history(again, lead) == reassigned[lead]
        assert withdrawal_history(again, lead) == withdrawn[lead]
        assert reassigned_late(again) == 1
        assert again.execute("SELECT COUNT(*) FROM lead_history").fetchone()[0] == 3  # the deleted lead's dropped
        assert again.execute("SELECT COUNT(*) FROM settings WHERE key IN (?, ?)",
                             [OLD_REASSIGNED, OLD_WITHDRAWN]).fetchone()[0] == 0
        assert history_line(again, assignment_history(again, lead)[0]) == (
            "Assigned to 佛山市顺德区市场监督管理局 on 2026-09-22, re-assigned to 佛山市南海区市场监督管理局 on 2026-10-23 "
            "(deadline 2026-10-20 missed by 3 working days). Reason: 经营场所位于南海区")
        # written from now on in the table only, audited as records of their own
        assign_lead(again, lead, agency_by_code(again, "440604").id, "2026-10-26")  # where the history left it
        assign_lead(again, lead, agency_by_code(again, "440606").id, "2026-10-29", reason="禅城区局移回")
        assert [e["reason"] for e in assignment_history(again, lead)][-1] == "禅城区局移回"
        assert again.execute("SELECT COUNT(*) FROM settings WHERE key IN (?, ?)",
                             [OLD_REASSIGNED, OLD_WITHDRAWN]).fetchone()[0] == 0
        [(step, audited)] = again.execute(
            "SELECT h.id, a.action FROM lead_history h JOIN audit a ON a.entity = 'lead_history' AND a.entity_id = h.id "
            "WHERE h.on_date = '2026-10-29'").fetchall()
        assert audited == "reassign" and step
    finally:
        again.conn.close()


@pytest.mark.gui
def test_the_leads_page_shows_the_history_moved_by_m032_as_before(db, data_dir, make_window, english):
    lead = _a_lead(db, "来访举报某公司反复拨打推销电话（迁移）")
    reassigned, withdrawn = _old_entries(db, lead)
    _as_before_m032(db, reassigned, withdrawn)
    again = open_database(database_path(data_dir))
    try:
        page = make_window(again).leads_page
        page.select(lead)
        shown = page.detail.toPlainText()
        for entry in assignment_history(again, lead):
            assert history_line(again, entry) in shown
        assert withdrawal_line(withdrawal_history(again, lead)[0]) in shown
        assert ("Assigned to 佛山市南海区市场监督管理局 on 2026-10-23, re-assigned to 佛山市禅城区市场监督管理局 on "
                "2026-10-26 (deadline 2026-11-13 not passed). Reason: 南海区局回避") in shown
        assert "Not filed on 2026-10-27 (经核查，号码已停机); that decision was withdrawn on 2026-10-28." in shown
        assert "1 lead was re-assigned after the deadline" in page.summary.text()
    finally:
        again.conn.close()


def _shunde_lead_re_assigned(data_dir) -> str:
    """At Shunde's station: a lead 顺德区局 received on 2026-09-21 (its T1 counted from then, to 2026-10-19), handed 3
    working days late to one of its town offices (inside the bureau: its T1 goes on, the hand-over kept in its
    history), then not filed and that decision withdrawn. (Assigning it to 顺德区局 itself first is refused: its T1
    would start again.)"""
    db = open_db(data_dir)
    try:
        shunde = agency_by_code(db, "440606").id
        town = db.execute("SELECT id FROM agencies WHERE parent_id = ? ORDER BY code LIMIT 1", [shunde]).fetchone()[0]
        lead = _a_lead(db)
        assign_lead(db, lead, town, "2026-10-22", reason="经营场所位于镇街辖区")
        decide_lead(db, lead, "not_file", on="2026-10-26", reason="经核查，号码已停机")
        withdraw_not_filing(db, lead, "当事人又被举报，需重新核查", on="2026-10-27")
        return lead
    finally:
        db.conn.close()


def _history(data_dir, lead: str) -> tuple[list[dict], list[dict], int, int]:
    db = open_db(data_dir)
    try:
        return (assignment_history(db, lead) + late_assignment_history(db, lead), withdrawal_history(db, lead),
                reassigned_late(db),
                db.execute("SELECT COUNT(*) FROM lead_history").fetchone()[0])
    finally:
        db.conn.close()


def _bundle_records(data_dir, path) -> dict[str, list[dict]]:
    from workstation.bundle import open_bundle
    from workstation.station import box_private_key

    with open_bundle(path, box_private_key(data_dir)) as bundle:
        return {name: list(rows) for name, rows in bundle.records.items()}


def test_a_station_s_re_assignment_reaches_headquarters_once_and_goes_out_only_where_its_lead_goes(capsys, dirs):
    lead = _shunde_lead_re_assigned(dirs / "shunde")
    sent = _history(dirs / "shunde", lead)
    # the hand-over to its own office left no period behind (not counted as re-assigned late): the lead stays overdue
    assert len(sent[0]) == 1 and sent[0][0]["late_days"] == 3 and sent[0][0]["within"] and len(sent[1]) == 1 \
        and sent[2] == 0
    take_headquarters_card(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    # headquarters holds the history as the station does: the re-assignment, its missed deadline, the withdrawal
    assert _history(dirs / "hq", lead) == sent
    assert sent[3] == 2
    # the same bundle again, and a full bundle carrying the same steps, add nothing
    import_(capsys, dirs, "s1.bundle")
    export(capsys, dirs, "shunde", "s2.bundle", "--all")
    import_(capsys, dirs, "s2.bundle")
    assert _history(dirs / "hq", lead) == sent
    # headquarters' hand-out for Nanhai holds neither the lead nor its history; Shunde's holds both
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h-nanhai.bundle", "--all",
             "--for", "南海区局")
    records = _bundle_records(dirs / "nanhai", dirs / "h-nanhai.bundle")
    assert records["lead_history"] == [] and lead not in {r["id"] for r in records["leads"]}
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h-shunde.bundle", "--all",
             "--for", "顺德区局")
    records = _bundle_records(dirs / "shunde", dirs / "h-shunde.bundle")
    assert {r["lead_id"] for r in records["lead_history"]} == {lead} and len(records["lead_history"]) == 2
    # taken back at Shunde: nothing new
    assert import_(capsys, dirs, "h-shunde.bundle", at="shunde")["conflicts"] == 0
    assert _history(dirs / "shunde", lead) == sent


def test_the_history_moved_by_m032_travels_in_the_station_s_next_bundle(capsys, dirs):
    """A station's history back-filled from its settings rows is recorded as of the migration, so that the next
    (not full) bundle after an earlier export carries it to headquarters."""
    take_headquarters_card(capsys, dirs, "shunde")
    db = open_db(dirs / "shunde")
    lead = _a_lead(db)
    reassigned, withdrawn = _old_entries(db, lead)
    db.conn.close()
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    assert _history(dirs / "hq", lead)[3] == 0
    _as_before_m032(open_db(dirs / "shunde"), reassigned, withdrawn)
    moved = _history(dirs / "shunde", lead)  # m032 runs
    assert moved[0] == reassigned[lead] and moved[3] == 3
    export(capsys, dirs, "shunde", "s2.bundle")
    import_(capsys, dirs, "s2.bundle")
    assert _history(dirs / "hq", lead) == moved
