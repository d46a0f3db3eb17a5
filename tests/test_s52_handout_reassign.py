# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters' hand-outs after a record changed agency. A lead re-assigned (改派) that the old station decided
before it took the re-assignment: the decision is a conflict there, held whole, never credited to the new agency
(at headquarters nor at the new agency's station). A case (or a publicity activity) headquarters gives to another
district bureau: the next hand-out for the station that held it carries the move (only that one), the station no
longer lists it as its own, and a change the station made meanwhile is a conflict on the side that finds it, never
merged silently into the other bureau's record."""

from __future__ import annotations

from dataclasses import replace

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import (  # noqa: F401
    STATIONS,
    dirs,
    edit_case,
    export,
    import_,
    take_headquarters_card,
    template,
)
from tests.test_s47_bundle_reassign import _agency, _lead, _lead_at_nanhai, _reassign_to_shunde

NANHAI, SHUNDE = "440605", "440606"
NANHAI_CASE = STATIONS["nanhai"][2]


def _conflicts(capsys, data_dir, record: str | None = None) -> list[dict]:
    found = run_json(capsys, "--data-dir", data_dir, "bundle", "conflicts")
    return [c for c in found if record is None or c["record_id"] == record]


def _handout(capsys, dirs, name: str, station: str = "南海区局") -> dict:
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / name, "--for", station)


def _decision(data_dir, lead: str) -> tuple:
    held = _lead(data_dir, lead)
    return held["status"], held["agency_id"], held["decision"] or None, held["decision_reason"]


def _decided_at_nanhai_then_reassignment_taken(capsys, dirs) -> tuple[str, list[dict]]:
    """Headquarters re-assigns the lead to Shunde; Nanhai decides not to file it, and only then takes the hand-out
    carrying the re-assignment."""
    lead = _lead_at_nanhai(capsys, dirs)
    _reassign_to_shunde(capsys, dirs, lead)
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", lead, "--not-file", "--reason", "未发现违法行为",
             "--date", "2026-03-06")
    _handout(capsys, dirs, "h2.bundle")
    assert import_(capsys, dirs, "h2.bundle", at="nanhai")["conflicts"] >= 1
    return lead, _conflicts(capsys, dirs / "nanhai", lead)


def test_a_decision_made_before_the_station_took_the_reassignment_is_a_conflict_there(capsys, dirs):
    lead, conflicts = _decided_at_nanhai_then_reassignment_taken(capsys, dirs)
    nanhai, shunde = _agency(dirs / "nanhai", NANHAI), _agency(dirs / "nanhai", SHUNDE)
    fields = {c["field"]: c for c in conflicts}
    assert {"decision", "decision_reason", "status", "agency_id", "assigned_on"} <= set(fields)
    assert (fields["agency_id"]["local"], fields["agency_id"]["incoming"]) == (nanhai, shunde)
    assert fields["status"]["local_text"] == "不予立案" and fields["status"]["incoming_text"] == "已交办"
    # while it is open the station's lead stays whole: decided by Nanhai as Nanhai's, not Nanhai's decision on
    # Shunde's lead
    assert _decision(dirs / "nanhai", lead) == ("not_filed", nanhai, "not_file", "未发现违法行为")
    # its bundle leaves headquarters' lead alone, and Shunde's hand-out carries it undecided
    export(capsys, dirs, "nanhai", "n1.bundle")
    assert import_(capsys, dirs, "n1.bundle")["conflicts"] == 0
    hq_shunde = _agency(dirs / "hq", SHUNDE)
    assert _decision(dirs / "hq", lead) == ("assigned", hq_shunde, None, "")
    _handout(capsys, dirs, "h-s.bundle", "顺德区局")
    import_(capsys, dirs, "h-s.bundle", at="shunde")
    assert _decision(dirs / "shunde", lead) == ("assigned", _agency(dirs / "shunde", SHUNDE), None, "")


def test_taking_headquarters_reassignment_at_the_station_drops_the_decision_whole(capsys, dirs):
    lead, conflicts = _decided_at_nanhai_then_reassignment_taken(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "nanhai", "bundle", "resolve", conflicts[0]["id"], "--take-incoming")
    assert _conflicts(capsys, dirs / "nanhai", lead) == []  # settled together
    held = _lead(dirs / "nanhai", lead)
    assert _decision(dirs / "nanhai", lead) == ("assigned", _agency(dirs / "nanhai", SHUNDE), None, "")
    assert held["assigned_on"] == "2026-03-05" and held["decided_on"] is None
    export(capsys, dirs, "nanhai", "n1.bundle")
    assert import_(capsys, dirs, "n1.bundle")["conflicts"] == 0
    assert _decision(dirs / "hq", lead) == ("assigned", _agency(dirs / "hq", SHUNDE), None, "")


def test_keeping_the_station_s_decision_keeps_it_with_the_station_s_assignment(capsys, dirs):
    lead, conflicts = _decided_at_nanhai_then_reassignment_taken(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "nanhai", "bundle", "resolve", conflicts[-1]["id"], "--keep-local")
    assert _conflicts(capsys, dirs / "nanhai", lead) == []
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    held = _lead(dirs / "hq", lead)
    # never Nanhai's decision on a lead assigned to Shunde
    assert (held["status"], held["agency_id"], held["assigned_on"], held["decision"]) == \
        ("not_filed", _agency(dirs / "hq", NANHAI), "2026-03-03", "not_file")


def test_a_station_assigning_its_lead_to_its_own_office_and_deciding_it_merges_without_conflict(capsys, dirs):
    lead = _lead_at_nanhai(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "assign", lead, "--agency", "440605011", "--date",
             "2026-03-04", "--reason", "由桂城所核查")
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", lead, "--not-file", "--reason",
             "未发现违法行为", "--date", "2026-03-06")
    export(capsys, dirs, "nanhai", "n1.bundle")
    assert import_(capsys, dirs, "n1.bundle")["conflicts"] == 0
    assert _decision(dirs / "hq", lead) == ("not_filed", _agency(dirs / "hq", "440605011"), "not_file",
                                            "未发现违法行为")


def _nanhai_case_at_headquarters(capsys, dirs) -> None:
    """Nanhai sends its case to headquarters and takes headquarters' hand-out."""
    take_headquarters_card(capsys, dirs, "nanhai")
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    _handout(capsys, dirs, "h0.bundle")
    assert import_(capsys, dirs, "h0.bundle", at="nanhai")["conflicts"] == 0


def _move_case_to_shunde(data_dir) -> None:
    """Headquarters gives Nanhai's case (no document issued) to 顺德区局, with Shunde's officers."""
    from workstation.records import Officer
    from workstation.store import agency_id_for_code, find_case, save_officer, update_case

    db = open_db(data_dir)
    try:
        agency = agency_id_for_code(SHUNDE)
        officers = [save_officer(db, Officer(name=name, cert_no=f"{SHUNDE}9900{i}", agency_id=agency)).id
                    for i, name in enumerate(("赵一", "钱二"), start=1)]
        update_case(db, replace(find_case(db, NANHAI_CASE), agency_id=agency, officer_ids=officers))
    finally:
        db.conn.close()


def _listed(capsys, data_dir, code: str) -> list[str]:
    return [c["case_number"] for c in run_json(capsys, "--data-dir", data_dir, "cases", "list", "--agency", code)]


def _fine(data_dir) -> int:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT fine_fen FROM cases WHERE case_number = ?", [NANHAI_CASE]).fetchone()[0]
    finally:
        db.conn.close()


def test_a_case_given_to_another_bureau_reaches_the_station_that_held_it_once(capsys, dirs):
    _nanhai_case_at_headquarters(capsys, dirs)
    _move_case_to_shunde(dirs / "hq")
    assert _handout(capsys, dirs, "h1.bundle")["cases"] == 1
    assert import_(capsys, dirs, "h1.bundle", at="nanhai")["conflicts"] == 0
    # no longer Nanhai's own: listed as Shunde's
    assert NANHAI_CASE not in _listed(capsys, dirs / "nanhai", NANHAI)
    assert NANHAI_CASE in _listed(capsys, dirs / "nanhai", SHUNDE)
    # what Shunde does with it later is not Nanhai's: the next hand-outs leave it out
    edit_case(dirs / "hq", NANHAI_CASE, facts="顺德区局补充查明的事实")
    assert _handout(capsys, dirs, "h2.bundle")["cases"] == 0
    assert _handout(capsys, dirs, "h-s.bundle", "顺德区局")["cases"] == 1
    # a hand-out of everything still carries it as the station held it last
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h3.bundle", "--for",
                    "南海区局", "--all")["cases"] == 1


def test_a_change_the_station_made_before_it_took_the_move_is_a_conflict_there(capsys, dirs):
    _nanhai_case_at_headquarters(capsys, dirs)
    _move_case_to_shunde(dirs / "hq")
    edit_case(dirs / "nanhai", NANHAI_CASE, fine_fen=700_000)
    _handout(capsys, dirs, "h1.bundle")
    assert import_(capsys, dirs, "h1.bundle", at="nanhai")["conflicts"] == 1
    # the move is taken; the station's fine is its own value against headquarters'
    assert NANHAI_CASE in _listed(capsys, dirs / "nanhai", SHUNDE)
    (conflict,) = _conflicts(capsys, dirs / "nanhai")
    assert (conflict["field"], conflict["local"], conflict["incoming"]) == ("fine_fen", 700_000, 500_000)
    assert (conflict["local_text"], conflict["incoming_text"]) == ("¥7,000.00", "¥5,000.00")
    # not merged into Shunde's case while it is open
    export(capsys, dirs, "nanhai", "n2.bundle")
    assert import_(capsys, dirs, "n2.bundle")["conflicts"] == 0
    assert _fine(dirs / "hq") == 500_000
    # kept at the station, it goes to headquarters as the station's decision
    run_json(capsys, "--data-dir", dirs / "nanhai", "bundle", "resolve", conflict["id"], "--keep-local")
    export(capsys, dirs, "nanhai", "n3.bundle")
    import_(capsys, dirs, "n3.bundle")
    assert _fine(dirs / "hq") == 700_000
    assert NANHAI_CASE in _listed(capsys, dirs / "hq", SHUNDE)


def test_a_change_the_station_sent_before_it_took_the_move_is_a_conflict_at_headquarters(capsys, dirs):
    _nanhai_case_at_headquarters(capsys, dirs)
    _move_case_to_shunde(dirs / "hq")
    edit_case(dirs / "nanhai", NANHAI_CASE, fine_fen=700_000)
    export(capsys, dirs, "nanhai", "n2.bundle")
    assert import_(capsys, dirs, "n2.bundle")["conflicts"] == 1
    assert _fine(dirs / "hq") == 500_000
    (conflict,) = _conflicts(capsys, dirs / "hq")
    assert (conflict["field"], conflict["local_text"], conflict["incoming_text"]) == \
        ("fine_fen", "¥5,000.00", "¥7,000.00")
    # the station then takes the move, with nothing of its own to decide
    _handout(capsys, dirs, "h1.bundle")
    assert import_(capsys, dirs, "h1.bundle", at="nanhai")["conflicts"] == 0
    assert NANHAI_CASE in _listed(capsys, dirs / "nanhai", SHUNDE)
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--take-incoming")
    assert _fine(dirs / "hq") == 700_000


def test_a_publicity_activity_given_to_another_bureau_reaches_the_station_with_its_change_held(capsys, dirs):
    take_headquarters_card(capsys, dirs, "nanhai")
    added = run_json(capsys, "--data-dir", dirs / "nanhai", "publicity", "add", "--date", "2026-03-05", "--title",
                     "个人信息保护进社区", "--agency", NANHAI, "--flyers", "100")
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    _handout(capsys, dirs, "h0.bundle")
    import_(capsys, dirs, "h0.bundle", at="nanhai")
    run_json(capsys, "--data-dir", dirs / "hq", "publicity", "edit", added["id"], "--agency", SHUNDE)
    run_json(capsys, "--data-dir", dirs / "nanhai", "publicity", "edit", added["id"], "--flyers", "150")
    assert _handout(capsys, dirs, "h1.bundle")["records"] >= 1
    assert import_(capsys, dirs, "h1.bundle", at="nanhai")["conflicts"] == 1
    (conflict,) = _conflicts(capsys, dirs / "nanhai")
    assert (conflict["field"], conflict["local"], conflict["incoming"]) == ("flyers", 150, 100)
    listed = run_json(capsys, "--data-dir", dirs / "nanhai", "publicity", "list", "--agency", NANHAI)
    assert added["id"] not in repr(listed)
