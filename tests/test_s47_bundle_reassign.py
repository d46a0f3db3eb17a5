# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A lead headquarters handed out to one station and re-assigned (改派) to another station's agency: the next
hand-out for the first station carries the re-assignment (its copy is no longer its own to decide), and a decision
the first station made meanwhile is held whole as a conflict at headquarters, never taken field by field. A
publicity record deleted here and changed at a station is labelled as deleted here; a stored file gone from the
data folder is named with its case, item and file name when an export needs it."""

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

NANHAI, SHUNDE = "440605", "440606"
UNIT = {"decision", "decided_on", "decision_reason", "referred_to", "status", "agency_id", "assigned_on", "case_id"}


def _lead_at_nanhai(capsys, dirs) -> str:
    """Headquarters registers a lead assigned to 南海区局 and hands it out to Nanhai, which imports it."""
    for station in ("nanhai", "shunde"):
        take_headquarters_card(capsys, dirs, station)
    lead = run_json(capsys, "--data-dir", dirs / "hq", "leads", "add", "--source", "report", "--received",
                    "2026-03-02 10:00", "--description", "有人冒充售楼处连续发送垃圾短信", "--agency", NANHAI)["id"]
    run_json(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", NANHAI, "--date", "2026-03-03")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "南海区局")
    assert import_(capsys, dirs, "h1.bundle", at="nanhai")["conflicts"] == 0
    return lead


def _reassign_to_shunde(capsys, dirs, lead: str) -> None:
    run_json(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", SHUNDE, "--date", "2026-03-05",
             "--reason", "属地调整")


def _lead(data_dir, lead: str) -> dict:
    db = open_db(data_dir)
    try:
        cursor = db.execute("SELECT * FROM leads WHERE id = ?", [lead])
        return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    finally:
        db.conn.close()


def _agency(data_dir, code: str) -> str:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT id FROM agencies WHERE code = ?", [code]).fetchone()[0]
    finally:
        db.conn.close()


def test_the_next_hand_out_carries_the_reassignment_of_a_lead_the_station_received(capsys, dirs):
    lead = _lead_at_nanhai(capsys, dirs)
    _reassign_to_shunde(capsys, dirs, lead)
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h2.bundle",
                      "--for", "南海区局")
    assert result["records"] > 0
    import_(capsys, dirs, "h2.bundle", at="nanhai")
    here = _lead(dirs / "nanhai", lead)
    assert here["agency_id"] == _agency(dirs / "nanhai", SHUNDE) and here["assigned_on"] == "2026-03-05"
    # no longer Nanhai's to decide: refused, naming the agency it went to
    code, _out, err = run(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", lead, "--not-file",
                          "--reason", "未发现违法行为", "--date", "2026-03-06")
    assert code == 1 and "Traceback" not in err and "顺德" in err
    assert not _lead(dirs / "nanhai", lead)["decision"]
    # and its verification period (T1) no longer runs on Nanhai's deadline board
    board = run_json(capsys, "--data-dir", dirs / "nanhai", "clocks")
    assert lead not in repr(board)


def test_a_lead_never_handed_to_the_station_stays_away_from_its_hand_out(capsys, dirs):
    for station in ("nanhai", "shunde"):
        take_headquarters_card(capsys, dirs, station)
    lead = run_json(capsys, "--data-dir", dirs / "hq", "leads", "add", "--source", "report", "--received",
                    "2026-03-02 10:00", "--description", "有人冒充售楼处连续发送垃圾短信", "--agency", SHUNDE)["id"]
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "南海区局")
    run_json(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", SHUNDE, "--date", "2026-03-05")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h2.bundle", "--for", "南海区局")
    for name in ("h1.bundle", "h2.bundle"):
        import_(capsys, dirs, name, at="nanhai")
    db = open_db(dirs / "nanhai")
    try:
        assert db.execute("SELECT COUNT(*) FROM leads WHERE id = ?", [lead]).fetchone()[0] == 0
    finally:
        db.conn.close()


def _decided_at_nanhai_meanwhile(capsys, dirs) -> tuple[str, list[dict]]:
    """Headquarters re-assigns the lead to Shunde; Nanhai, not knowing, decides not to file it and sends that."""
    lead = _lead_at_nanhai(capsys, dirs)
    _reassign_to_shunde(capsys, dirs, lead)
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", lead, "--not-file", "--reason",
             "未发现违法行为", "--date", "2026-03-06")
    export(capsys, dirs, "nanhai", "n1.bundle")
    merged = import_(capsys, dirs, "n1.bundle")
    assert merged["conflicts"] >= 1
    conflicts = [c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
                 if c.get("record_id", c.get("record")) == lead or lead in repr(c)]
    return lead, conflicts


def test_a_decision_of_the_old_station_is_held_whole_and_keeping_ours_leaves_no_mixed_lead(capsys, dirs):
    lead, conflicts = _decided_at_nanhai_meanwhile(capsys, dirs)
    shunde = _agency(dirs / "hq", SHUNDE)
    held = _lead(dirs / "hq", lead)
    # nothing of the decision taken while it is open
    assert (held["status"], held["agency_id"], held["decision"] or None, held["decided_on"],
            held["decision_reason"]) == ("assigned", shunde, None, None, "")
    fields = {c["field"] for c in conflicts}
    assert {"decision", "decided_on", "decision_reason", "status", "agency_id"} <= fields <= UNIT
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflicts[0]["id"], "--keep-local")
    held = _lead(dirs / "hq", lead)
    assert (held["status"], held["agency_id"], held["decision"] or None, held["decided_on"],
            held["decision_reason"]) == ("assigned", shunde, None, None, "")
    still = [c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") if lead in repr(c)]
    assert still == []  # settled together
    # the hand-out for Shunde then carries an undecided lead
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h-s.bundle", "--for", "顺德区局")
    import_(capsys, dirs, "h-s.bundle", at="shunde")
    assert not _lead(dirs / "shunde", lead)["decision"]


def test_taking_the_old_station_s_decision_takes_it_whole(capsys, dirs):
    lead, conflicts = _decided_at_nanhai_meanwhile(capsys, dirs)
    nanhai = _agency(dirs / "hq", NANHAI)
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflicts[-1]["id"], "--take-incoming")
    held = _lead(dirs / "hq", lead)
    assert (held["status"], held["agency_id"], held["assigned_on"], held["decision"], held["decision_reason"]) == \
        ("not_filed", nanhai, "2026-03-03", "not_file", "未发现违法行为")
    assert [c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") if lead in repr(c)] == []


def test_a_publicity_record_deleted_here_is_labelled_as_deleted_here():
    from workstation.bundle.conflict_text import field_label
    from workstation.bundle.tables import DELETED_FIELD, DELETED_HERE_FIELD
    from workstation.i18n import _

    assert DELETED_HERE_FIELD != DELETED_FIELD
    assert field_label(DELETED_HERE_FIELD, "publicity") == _("Deleted here")
    assert field_label(DELETED_FIELD, "publicity") == _("Deleted at the station")


@pytest.mark.parametrize("what", ["evidence"])
def test_a_stored_file_missing_names_its_case_item_and_file(capsys, dirs, tmp_path, what):
    from workstation.bundle.writer import export_bundle
    from workstation.errors import WorkstationError

    data = dirs / "nanhai"
    original = tmp_path / "通话录音.txt"
    original.write_text("录音文字稿", encoding="utf-8")
    case = run_json(capsys, "--data-dir", data, "cases", "list")
    number = (case[0] if isinstance(case, list) else case["cases"][0])["case_number"]
    run_json(capsys, "--data-dir", data, "evidence", "add", number, original, "--kind", "other")
    db = open_db(data)
    try:
        sha = db.execute("SELECT sha256 FROM evidence").fetchone()[0]
        stored = [p for p in (data / "files").rglob("*") if p.is_file() and sha in p.name]
        assert stored
        for path in stored:
            path.unlink()
        with pytest.raises(WorkstationError) as caught:
            export_bundle(db, data, dirs / "x.bundle", everything=True)
    finally:
        db.conn.close()
    message = str(caught.value)
    assert number in message and "通话录音.txt" in message and "evidence add" in message
    # adding the original file again restores the stored copy, and the export goes through
    run(capsys, "--data-dir", data, "evidence", "add", number, original, "--kind", "other")
    assert run_json(capsys, "--data-dir", data, "bundle", "export", "-o", dirs / "y.bundle", "--all")["files"] >= 1


def test_the_leads_page_greys_the_decisions_of_a_lead_re_assigned_away(capsys, dirs, qtbot):
    from ui.leads_page import LeadsPage

    lead = _lead_at_nanhai(capsys, dirs)
    _reassign_to_shunde(capsys, dirs, lead)
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h2.bundle", "--for", "南海区局")
    import_(capsys, dirs, "h2.bundle", at="nanhai")
    db = open_db(dirs / "nanhai")
    try:
        page = LeadsPage(db, dirs / "nanhai", None, None)
        qtbot.addWidget(page)
        page.select(lead)
        for name in ("file", "not_file", "refer", "extend", "assign"):
            button = page.buttons[name]
            assert not button.isEnabled(), name
            assert "顺德" in button.toolTip() or "Shunde" in button.toolTip(), (name, button.toolTip())
    finally:
        db.conn.close()
