# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Session 65: which agency received a lead is recorded with it (``leads.received_by``, m069) when it is registered
or screened — the station's agency at that moment — instead of being worked out again each time from the station's
agency now: a station whose agency changed since still refuses the receiving bureau's 交办 to itself (its T1 would
start again, REFERENCE §1.2 T1); bundles carry it to headquarters, an older bundle without it still imports (the
reasoning before stands for it), and m069 gives the leads kept before what that reasoning gives them. A lead handed
to an office of its bureau after its T1 ended gets its 案件交办通知书, asking the result by a day on or after the
hand-over, its lateness told before issuing."""

from __future__ import annotations

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import (  # noqa: F401
    dirs,
    export,
    import_,
    take_headquarters_card,
    template,
)
from tests.test_s60_hq_leads import SHUNDE, _screened
from tests.test_s64_leads import station_lead
from workstation.documents.drafts import find_form
from workstation.errors import ValidationError
from workstation.leads_workflow import (
    assign_lead,
    get_lead_row,
    issue_lead_document,
    lead_issue_warning,
    notices_off_calendar,
    receiving_agency,
    restart_refusal,
    t1_due,
)
from workstation.store import agency_by_code
from workstation.store.base import set_setting

CHANCHENG, NANHAI, CHANCHENG_OFFICE = "440604", "440605", "440604012"
JIUJIANG = "440605121"  # 九江所: an office of 南海区局


def _received_by(data_dir, lead: str):
    db = open_db(data_dir)
    try:
        return db.execute("SELECT received_by FROM leads WHERE id = ?", [lead]).fetchone()[0]
    finally:
        db.conn.close()


def _agency_id(data_dir, code: str) -> str:
    db = open_db(data_dir)
    try:
        return agency_by_code(db, code).id
    finally:
        db.conn.close()


# ---- 1. a station whose agency changed after the lead came in ------------------------------------------------------

def test_a_registered_lead_records_the_station_s_agency_that_received_it(db):
    lead = get_lead_row(db, station_lead(db, CHANCHENG))
    assert lead["received_by"] == agency_by_code(db, CHANCHENG).id


def test_a_station_whose_agency_changed_keeps_refusing_the_receiving_bureau_s_self_assignment(db, english):
    chancheng = agency_by_code(db, CHANCHENG).id
    lead_id = station_lead(db, CHANCHENG)  # 禅城区局 received it on 2026-11-20
    set_setting(db, "station_agency", agency_by_code(db, NANHAI).id)  # the station is 南海区局's now
    lead = get_lead_row(db, lead_id)
    assert receiving_agency(db, lead) == chancheng
    assert "holds this lead already" in (restart_refusal(db, lead, chancheng) or "")
    with pytest.raises(ValidationError) as refused:
        assign_lead(db, lead_id, chancheng, "2026-12-04")
    assert "holds this lead already" in refused.value.errors["agency_id"]
    # 南海区局's station has no power to hand it to 禅城区局's office (test_s73_jurisdiction); 禅城区局 hands it to its
    # own office: inside the bureau that received it, its T1 kept from the receipt
    with pytest.raises(ValidationError) as refused:
        assign_lead(db, lead_id, agency_by_code(db, CHANCHENG_OFFICE).id, "2026-12-04")
    assert "本局无权交办" in refused.value.errors["agency_id"]
    set_setting(db, "station_agency", chancheng)
    row = assign_lead(db, lead_id, agency_by_code(db, CHANCHENG_OFFICE).id, "2026-12-04")
    assert row["assigned_on"] is None and t1_due(db, row) == "2026-12-11"
    # the explicit argument still comes first
    assert receiving_agency(db, lead, "") == ""


# ---- 2. bundles ----------------------------------------------------------------------------------------------------

def test_headquarters_takes_received_by_from_a_station_s_bundle(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde")
    shunde = _agency_id(dirs / "shunde", SHUNDE)
    assert _received_by(dirs / "shunde", lead) == shunde  # screened there: 顺德区局 received it
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    assert _received_by(dirs / "hq", lead) == shunde
    # headquarters learns later that the station now works for 南海区局: the lead was still received by 顺德区局
    db = open_db(dirs / "hq")
    try:
        db.execute("UPDATE stations SET agency_id = ? WHERE agency_id = ?", [agency_by_code(db, NANHAI).id, shunde])
    finally:
        db.conn.close()
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", SHUNDE)
    assert code == 1 and "佛山市顺德区市场监督管理局" in err, err


def test_an_older_bundle_without_received_by_still_imports(capsys, dirs, monkeypatch):
    from workstation.bundle import writer

    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde")
    rows_where = writer.rows_where

    def as_an_older_version(db, table, column, ids, *args, **kwargs):
        rows = rows_where(db, table, column, ids, *args, **kwargs)
        return [{k: v for k, v in r.items() if k != "received_by"} for r in rows] if table == "leads" else rows

    monkeypatch.setattr(writer, "rows_where", as_an_older_version)
    export(capsys, dirs, "shunde", "s1.bundle")
    monkeypatch.undo()
    assert import_(capsys, dirs, "s1.bundle")["conflicts"] == 0
    assert _received_by(dirs / "hq", lead) is None  # not known from the bundle
    db = open_db(dirs / "hq")
    try:  # worked out as before: the station whose audit log records making it
        assert receiving_agency(db, get_lead_row(db, lead)) == agency_by_code(db, SHUNDE).id
    finally:
        db.conn.close()
    # the station's next bundle, of this version, brings it: taken, no conflict
    run_json(capsys, "--data-dir", dirs / "shunde", "leads", "decide", lead, "--not-file", "--reason", "未发现违法行为")
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert _received_by(dirs / "hq", lead) == _agency_id(dirs / "hq", SHUNDE)


# ---- 3. the migration ----------------------------------------------------------------------------------------------

def _as_before_m069(*data_dirs) -> None:
    """The leads kept without received_by, as versions before 2026-12-06 kept them, and m069 not run: the versions
    shared kept without it too (``sync_base``, ``sync_versions`` under the digest of what they say)."""
    from workstation.bundle.tables import common_digest, packed_row, unpacked_row

    for data_dir in data_dirs:
        db = open_db(data_dir)
        try:
            with db.atomic():
                db.execute("ALTER TABLE leads DROP COLUMN received_by")
                db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm069_lead_received_by'")
                for rowid, text in db.execute("SELECT rowid, row_json FROM sync_base WHERE tbl = 'leads'").fetchall():
                    row = unpacked_row(text)
                    row.pop("received_by", None)
                    db.execute("UPDATE sync_base SET row_json = ? WHERE rowid = ?", [packed_row(row), rowid])
                for rowid, text in db.execute("SELECT rowid, row_json FROM sync_versions WHERE tbl = 'leads'"
                                              ).fetchall():
                    row = unpacked_row(text)
                    row.pop("received_by", None)
                    db.execute("UPDATE sync_versions SET row_json = ?, digest = ? WHERE rowid = ?",
                               [packed_row(row), common_digest(row), rowid])
        finally:
            db.conn.close()


def test_m069_back_fills_what_was_worked_out_and_both_sides_merge_cleanly(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    _as_before_m069(dirs / "shunde", dirs / "hq")
    shunde = _agency_id(dirs / "hq", SHUNDE)  # opening runs m069
    assert _received_by(dirs / "shunde", lead) == _received_by(dirs / "hq", lead) == shunde
    run_json(capsys, "--data-dir", dirs / "shunde", "leads", "decide", lead, "--not-file", "--reason", "未发现违法行为")
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0


def test_m069_leaves_a_lead_assigned_to_another_bureau_unknown(db, data_dir):
    from workstation.db.schema import MIGRATIONS

    registered = station_lead(db, CHANCHENG)
    assigned = station_lead(db, CHANCHENG)
    # its T1 counts from then; the city bureau assigning (a district station assigns only below it: s73)
    assign_lead(db, assigned, agency_by_code(db, NANHAI).id, "2026-11-23", received_by=agency_by_code(db, "440600").id)
    db.execute("ALTER TABLE leads DROP COLUMN received_by")
    dict(MIGRATIONS)["m069_lead_received_by"](db)
    assert get_lead_row(db, registered)["received_by"] == agency_by_code(db, CHANCHENG).id
    assert get_lead_row(db, assigned)["received_by"] is None


def test_copies_back_filled_differently_keep_their_own_without_a_conflict(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    _as_before_m069(dirs / "shunde", dirs / "hq")
    db = open_db(dirs / "shunde")  # m069 runs at the station (opening)
    try:
        nanhai = agency_by_code(db, NANHAI).id
    finally:
        db.conn.close()
    db = open_db(dirs / "hq")
    db.conn.close()
    # the station's copy given another agency than headquarters' (written here directly: m069 itself leaves such a
    # lead NULL at a station whose agency changed, but two copies recording different agencies must still merge
    # without a conflict)
    raw = __import__("sqlite3").connect(dirs / "shunde" / "workstation.db")
    raw.execute("UPDATE leads SET received_by = ? WHERE id = ?", [nanhai, lead])
    raw.commit()
    raw.close()
    run_json(capsys, "--data-dir", dirs / "shunde", "leads", "decide", lead, "--not-file", "--reason", "未发现违法行为")
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert _received_by(dirs / "hq", lead) == _agency_id(dirs / "hq", SHUNDE)  # headquarters' own stands


# ---- 4. the notice of a late hand-out inside the bureau --------------------------------------------------------------

def _late_in_bureau_lead(db) -> dict:
    """A demo lead put back to registered, received long ago by 南海区局, handed to 九江所 today: after its T1."""
    set_setting(db, "station_agency", agency_by_code(db, NANHAI).id)
    (lead_id,) = db.execute("SELECT id FROM leads ORDER BY id LIMIT 1").fetchone()
    db.execute("UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL, decision = '', "
               "decided_on = NULL, case_id = NULL, received_by = NULL WHERE id = ?", [lead_id])
    assign_lead(db, lead_id, agency_by_code(db, JIUJIANG).id)
    lead = get_lead_row(db, lead_id)
    assert lead["assigned_on"] is None
    return lead


def test_a_late_hand_out_inside_the_bureau_gets_its_notice(demo_db, data_dir, english):
    from workstation.records import today

    lead = _late_in_bureau_lead(demo_db)
    due, day = t1_due(demo_db, lead), today()
    assert due < day
    form = find_form("assignment_notice")
    values = {"contact_person": "陈志强", "report_by": day}
    warning = lead_issue_warning(demo_db, lead["id"], form, values)
    assert f"ended on {due}" in warning and "working day" in warning, warning
    document = issue_lead_document(demo_db, data_dir, lead["id"], form, values)
    assert (str(document.values["issued_on"])[:10], str(document.values["report_by"])[:10]) == (day, day)
    assert notices_off_calendar(demo_db) == []  # asked after T1 knowingly: not told as a calendar's change


def test_the_late_notice_still_asks_for_nothing_before_the_hand_out(demo_db, data_dir, english):
    lead = _late_in_bureau_lead(demo_db)
    due = t1_due(demo_db, lead)
    with pytest.raises(ValidationError) as refused:  # before its 交办日期: the form's own rule
        issue_lead_document(demo_db, data_dir, lead["id"], find_form("assignment_notice"),
                            {"contact_person": "陈志强", "report_by": due})
    assert "报送办理结果的期限" in refused.value.errors  # by its label


# ---- 5. the final read's defects (session 65) ------------------------------------------------------------------------

JIUJIANG_NOTE = "inside the bureau"


def _city_to_district_late_hand_over(db) -> dict:
    """A demo lead the city bureau received and assigned (交办) to 南海区局 on the day it came, handed by 南海区局 to
    九江所 today, long after the T1 of that assignment ended: the hand-over's history row names 南海区局."""
    city = agency_by_code(db, "440600").id
    set_setting(db, "station_agency", city)
    (lead_id,) = db.execute("SELECT id FROM leads ORDER BY id LIMIT 1").fetchone()
    db.execute("UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL, decision = '', "
               "decided_on = NULL, case_id = NULL, received_by = ? WHERE id = ?", [city, lead_id])
    received = get_lead_row(db, lead_id)["received_at"][:10]
    assign_lead(db, lead_id, agency_by_code(db, NANHAI).id, received)
    set_setting(db, "station_agency", agency_by_code(db, NANHAI).id)
    assign_lead(db, lead_id, agency_by_code(db, JIUJIANG).id)
    lead = get_lead_row(db, lead_id)
    assert lead["assigned_on"] == received
    return lead


def test_only_the_bureau_that_handed_the_lead_over_issues_its_late_notice(demo_db, data_dir, english):
    from workstation.leads_workflow import issuing_agency
    from workstation.records import today

    lead = _city_to_district_late_hand_over(demo_db)
    due, day = t1_due(demo_db, lead), today()
    assert due < day
    form = find_form("assignment_notice")
    values = {"contact_person": "陈志强", "report_by": day}
    # the city bureau did not hand it to 九江所 (南海区局 did): its notice is the assignment's, dated that day
    set_setting(demo_db, "station_agency", agency_by_code(demo_db, "440600").id)
    assert issuing_agency(demo_db, lead) == agency_by_code(demo_db, "440600").id
    assert JIUJIANG_NOTE not in lead_issue_warning(demo_db, lead["id"], form, values)
    with pytest.raises(ValidationError) as refused:
        issue_lead_document(demo_db, data_dir, lead["id"], form, values)
    assert lead["assigned_on"] in refused.value.errors["交办日期"]  # dated its assignment, asked within T1
    # 南海区局, which handed it over, issues the notice of that hand-over
    set_setting(demo_db, "station_agency", agency_by_code(demo_db, NANHAI).id)
    assert JIUJIANG_NOTE in lead_issue_warning(demo_db, lead["id"], form, values)
    document = issue_lead_document(demo_db, data_dir, lead["id"], form, values)
    assert str(document.values["report_by"])[:10] == day


def test_a_notice_of_another_bureau_for_a_hand_over_inside_the_receiving_one_is_refused(demo_db, data_dir, english):
    from workstation.records import today

    lead = _late_in_bureau_lead(demo_db)  # 南海区局 received it and handed it to 九江所 after its T1
    set_setting(demo_db, "station_agency", agency_by_code(demo_db, "440600").id)  # the city bureau's installation
    with pytest.raises(ValidationError) as refused:
        issue_lead_document(demo_db, data_dir, lead["id"], find_form("assignment_notice"),
                            {"contact_person": "陈志强", "report_by": today()})
    assert "报送办理结果的期限" in refused.value.errors  # asked after T1: not the notice of that hand-over


def test_a_notice_dated_after_t1_but_before_the_hand_over_is_refused(demo_db, data_dir, english):
    import datetime as dt

    lead = _late_in_bureau_lead(demo_db)
    due = t1_due(demo_db, lead)
    after = (dt.date.fromisoformat(due) + dt.timedelta(days=1)).isoformat()  # before today's hand-over
    values = {"contact_person": "陈志强", "issued_on": after, "report_by": after}
    form = find_form("assignment_notice")
    assert JIUJIANG_NOTE not in lead_issue_warning(demo_db, lead["id"], form, values)
    with pytest.raises(ValidationError) as refused:
        issue_lead_document(demo_db, data_dir, lead["id"], form, values)
    assert "报送办理结果的期限" in refused.value.errors  # asked after T1, which the hand-over had not ended yet


def test_the_late_notice_warning_tells_the_lateness_the_history_kept(demo_db, english):
    from workstation.records import today

    lead = _late_in_bureau_lead(demo_db)
    # the history's count (on the calendar of that day), not one worked out again on today's
    demo_db.execute("UPDATE lead_history SET late_days = 77 WHERE lead_id = ? AND kind = 'assigned_within'",
                    [lead["id"]])
    warning = lead_issue_warning(demo_db, lead["id"], find_form("assignment_notice"),
                                 {"contact_person": "陈志强", "report_by": today()})
    assert "(77 working days before)" in warning, warning


def test_a_lead_registered_at_headquarters_records_the_city_bureau(capsys, dirs):
    from workstation.leads_register import LeadEntry, register_lead

    take_headquarters_card(capsys, dirs)
    db = open_db(dirs / "hq")
    try:
        lead = register_lead(db, LeadEntry(source="report", received_at="2026-11-20 10:00",
                                           description="来访举报推销电话", target_phone="13911118888"))
        assert get_lead_row(db, lead.id)["received_by"] == agency_by_code(db, "440600").id
    finally:
        db.conn.close()


@pytest.mark.parametrize("back_filled_apart", [False, True])
def test_a_lead_the_station_deleted_is_deleted_at_headquarters_whatever_each_back_filled(capsys, dirs,
                                                                                         back_filled_apart):
    import sqlite3

    from workstation.audit import AuditWriter

    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    _as_before_m069(dirs / "shunde", dirs / "hq")
    nanhai = _agency_id(dirs / "shunde", NANHAI)  # opening runs m069
    _agency_id(dirs / "hq", NANHAI)
    raw = sqlite3.connect(dirs / "shunde" / "workstation.db")
    if back_filled_apart:  # the station's copy records another agency than headquarters' (written directly)
        raw.execute("UPDATE leads SET received_by = ? WHERE id = ?", [nanhai, lead])
    raw.commit()
    raw.close()
    db = open_db(dirs / "shunde")
    try:  # an edit sent first: headquarters' base is then the station's copy
        db.execute("UPDATE leads SET description = description || '。', updated_at = '2099-01-01T00:00:00' "
                   "WHERE id = ?", [lead])
    finally:
        db.conn.close()
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert _received_by(dirs / "hq", lead) == _agency_id(dirs / "hq", SHUNDE)
    db = open_db(dirs / "shunde")
    try:  # the station deletes it, as a screening that regroups its complaints does
        with db.atomic():
            cursor = db.execute("SELECT * FROM leads WHERE id = ?", [lead])
            before = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
            db.execute("UPDATE complaints SET lead_id = NULL, screened_at = '2099-01-02T00:00:00' WHERE lead_id = ?",
                       [lead])
            db.execute("DELETE FROM leads WHERE id = ?", [lead])
            writer = AuditWriter(db)
            writer.add("delete", "lead", lead, before, None)
            writer.flush()
    finally:
        db.conn.close()
    export(capsys, dirs, "shunde", "s3.bundle")
    assert import_(capsys, dirs, "s3.bundle")["conflicts"] == 0
    db = open_db(dirs / "hq")
    try:
        assert db.execute("SELECT COUNT(*) FROM leads WHERE id = ?", [lead]).fetchone()[0] == 0
    finally:
        db.conn.close()


def test_a_lead_going_on_from_an_earlier_receipt_takes_its_receiver(db, tmp_path, monkeypatch):
    """Two leads screening made, one received earlier by another agency; one's complaint moved to the other: each
    group goes on from the earlier receipt (the lead it continues, or a new one split off), received by its agency."""
    from tests.helpers import program_day
    from tests.test_s52_lead_drafts import TWO_LEADS, _write
    from workstation.importing.complaints import import_complaints
    from workstation.screening import screen

    set_setting(db, "station_agency", agency_by_code(db, CHANCHENG).id)
    program_day(monkeypatch, "2026-11-02")
    import_complaints(db, [_write(tmp_path / "a.csv", TWO_LEADS)], profile="consumer_council")
    screen(db)
    first, second = (r[0] for r in db.execute("SELECT id FROM leads ORDER BY phones"))
    nanhai, chancheng = agency_by_code(db, NANHAI).id, agency_by_code(db, CHANCHENG).id
    db.execute("UPDATE leads SET received_at = '2026-10-20T09:00:00', received_by = ? WHERE id = ?", [nanhai, first])
    db.execute("UPDATE leads SET received_at = '2026-10-30T09:00:00', received_by = ? WHERE id = ?",
               [chancheng, second])
    db.execute("UPDATE complaints SET lead_id = ? WHERE lead_id = ?", [first, second])  # both in the earlier one
    program_day(monkeypatch, "2026-11-05")
    screen(db)
    rows = db.execute("SELECT l.id, l.received_at, l.received_by FROM complaints c JOIN leads l ON l.id = c.lead_id "
                      "ORDER BY c.id").fetchall()
    assert len({r[0] for r in rows}) == 2  # two groups again
    assert [(r[1][:10], r[2]) for r in rows] == [("2026-10-20", nanhai)] * 2


def test_m069_at_a_station_whose_agency_changed_leaves_the_old_bureau_s_leads_unknown(db):
    from workstation.db.schema import MIGRATIONS

    own = station_lead(db, CHANCHENG)  # held by 禅城区局, which received it
    handed = station_lead(db, CHANCHENG)
    assign_lead(db, handed, agency_by_code(db, CHANCHENG_OFFICE).id, "2026-11-23")  # inside 禅城区局: T1 kept
    set_setting(db, "station_agency", agency_by_code(db, NANHAI).id)  # the station is 南海区局's now
    nanhai_own = station_lead(db, NANHAI)
    unheld = station_lead(db, NANHAI)
    db.execute("UPDATE leads SET agency_id = NULL WHERE id = ?", [unheld])
    db.execute("ALTER TABLE leads DROP COLUMN received_by")
    dict(MIGRATIONS)["m069_lead_received_by"](db)
    assert get_lead_row(db, own)["received_by"] is None  # not known: not today's agency
    assert get_lead_row(db, handed)["received_by"] is None
    assert get_lead_row(db, nanhai_own)["received_by"] == agency_by_code(db, NANHAI).id
    assert get_lead_row(db, unheld)["received_by"] == agency_by_code(db, NANHAI).id


# ---- 6. the second read's defects (session 65) -----------------------------------------------------------------------

def _two_station_leads(dirs, tmp_path) -> tuple[str, str]:
    """The station (顺德区局) screens two leads of the consumer council's export: (first, second) by phone."""
    from tests.test_s52_lead_drafts import TWO_LEADS, _write
    from workstation.importing.complaints import import_complaints
    from workstation.screening import screen

    db = open_db(dirs / "shunde")
    try:
        import_complaints(db, [_write(tmp_path / "a.csv", TWO_LEADS)], profile="consumer_council")
        screen(db)
        first, second = (r[0] for r in db.execute("SELECT id FROM leads ORDER BY phones"))
    finally:
        db.conn.close()
    return first, second


def test_headquarters_takes_the_receiver_of_the_earlier_receipt_the_station_s_screening_went_on_from(
        capsys, dirs, tmp_path):
    import sqlite3

    from workstation.screening import screen

    take_headquarters_card(capsys, dirs)
    first, second = _two_station_leads(dirs, tmp_path)
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["conflicts"] == 0
    nanhai = _agency_id(dirs / "shunde", NANHAI)
    # at the station the first lead was received earlier, by 南海区局 (set directly, as the screening test above
    # does), and the second's complaint joins it: screening goes on from that receipt for both groups
    raw = sqlite3.connect(dirs / "shunde" / "workstation.db")
    raw.execute("UPDATE leads SET received_at = '2026-10-20T09:00:00', received_by = ? WHERE id = ?", [nanhai, first])
    raw.execute("UPDATE complaints SET lead_id = ? WHERE lead_id = ?", [first, second])
    raw.commit()
    raw.close()
    db = open_db(dirs / "shunde")
    try:
        screen(db)
        station = db.execute("SELECT id, received_at, received_by FROM leads ORDER BY id").fetchall()
    finally:
        db.conn.close()
    assert {(r[1][:10], r[2]) for r in station} == {("2026-10-20", nanhai)}
    assert second in {r[0] for r in station}  # the second went on, from the first's receipt: screening changed it
    station = [r for r in station if r[0] == second]  # (the first, changed directly, is not sent)
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    for lead_id, _at, _by in station:  # headquarters takes the receipt whole: the day and who received it
        assert _received_by(dirs / "hq", lead_id) == nanhai


def test_a_receipt_taken_brings_its_receiver_though_this_copy_kept_its_own():
    """The copies back-filled apart (``KEPT_APART``): the station's value is the base; its screening moving the lead
    to an earlier receipt received by that same agency still brings it, with the day."""
    from workstation.bundle.merge import MISSING, FieldChange, _receiver_kept

    base = {"received_at": "2026-11-02T09:00:00", "received_by": "nanhai"}
    incoming = {"received_at": "2026-10-20T09:00:00", "received_by": "nanhai"}
    local = {"received_at": "2026-11-02T09:00:00", "received_by": "shunde"}
    taken = [FieldChange("received_at", local["received_at"], incoming["received_at"], base["received_at"], "take")]
    fields = _receiver_kept(taken, incoming, local, base)
    assert [(f.field, f.incoming, f.action) for f in fields] == [
        ("received_at", "2026-10-20T09:00:00", "take"), ("received_by", "nanhai", "take")]
    # the day not moved: each copy keeps its own, no conflict
    assert _receiver_kept([], {**incoming, "received_at": base["received_at"]}, local, base) == []
    # the base shared before m069 (no column) and the copies apart: kept, as before
    older = {"received_at": base["received_at"]}
    apart = [FieldChange("received_by", "shunde", "nanhai", MISSING, "conflict")]
    assert _receiver_kept(apart, {**incoming, "received_at": base["received_at"]}, local, older) == []


def test_a_split_from_a_lead_whose_receiver_is_not_known_stays_not_known(db, tmp_path, monkeypatch):
    from tests.helpers import program_day
    from tests.test_s52_lead_drafts import TWO_LEADS, _write
    from workstation.importing.complaints import import_complaints
    from workstation.screening import screen

    set_setting(db, "station_agency", agency_by_code(db, CHANCHENG).id)
    program_day(monkeypatch, "2026-11-02")
    import_complaints(db, [_write(tmp_path / "a.csv", TWO_LEADS)], profile="consumer_council")
    screen(db)
    first, second = (r[0] for r in db.execute("SELECT id FROM leads ORDER BY phones"))
    # the first kept before m069, held outside the station's bureau: m069 left its receiver NULL (not known)
    db.execute("UPDATE leads SET received_at = '2026-10-20T09:00:00', received_by = NULL WHERE id = ?", [first])
    db.execute("UPDATE complaints SET lead_id = ? WHERE lead_id = ?", [first, second])
    program_day(monkeypatch, "2026-11-05")
    screen(db)
    rows = db.execute("SELECT l.id, l.received_at, l.received_by FROM complaints c JOIN leads l ON l.id = c.lead_id "
                      "ORDER BY c.id").fetchall()
    assert len({r[0] for r in rows}) == 2
    assert [(r[1][:10], r[2]) for r in rows] == [("2026-10-20", None)] * 2  # not today's agency


def test_headquarters_does_not_list_a_station_s_late_hand_over_notice_as_off_calendar(capsys, dirs):
    import sqlite3

    from workstation.documents.drafts import find_form as form_of
    from workstation.records import today

    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde")
    raw = sqlite3.connect(dirs / "shunde" / "workstation.db")  # received long ago: its T1 is over
    raw.execute("UPDATE leads SET received_at = '2026-09-01T09:00:00' WHERE id = ?", [lead])
    raw.commit()
    raw.close()
    db = open_db(dirs / "shunde")
    try:  # 顺德区局 hands it to its 伦教所 after T1 and issues the notice of that hand-over
        assign_lead(db, lead, agency_by_code(db, "440606003").id)
        issue_lead_document(db, dirs / "shunde", lead, form_of("assignment_notice"),
                            {"contact_person": "陈志强", "report_by": today()})
        assert notices_off_calendar(db) == []
    finally:
        db.conn.close()
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["conflicts"] == 0
    db = open_db(dirs / "hq")
    try:  # headquarters works as the city bureau: the notice is still 顺德区局's, of its own hand-over
        assert db.execute("SELECT COUNT(*) FROM documents WHERE lead_id = ?", [lead]).fetchone()[0] == 1
        assert notices_off_calendar(db) == []
    finally:
        db.conn.close()


def test_the_late_notice_is_issued_only_where_the_hand_over_was_made(demo_db, data_dir, english):
    from workstation.records import today

    lead = _late_in_bureau_lead(demo_db)  # handed here by 南海区局 to 九江所 after its T1
    form = find_form("assignment_notice")
    values = {"contact_person": "陈志强", "report_by": today()}
    assert JIUJIANG_NOTE in lead_issue_warning(demo_db, lead["id"], form, values)
    # the same history row as another installation's bundle brings it: this one's log records receiving it
    demo_db.execute("UPDATE audit SET action = 'merge_create' WHERE entity = 'lead_history' AND entity_id IN "
                    "(SELECT id FROM lead_history WHERE lead_id = ? AND kind = 'assigned_within')", [lead["id"]])
    assert JIUJIANG_NOTE not in lead_issue_warning(demo_db, lead["id"], form, values)
    with pytest.raises(ValidationError) as refused:  # who made it is not known here: held to T1
        issue_lead_document(demo_db, data_dir, lead["id"], form, values)
    assert "报送办理结果的期限" in refused.value.errors
