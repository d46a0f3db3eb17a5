"""This session's interview data reaches headquarters intact through real bundles: a joint interview followed up and
escalated party by party (m038 ``party_results``) counts at headquarters as it does at the station, a later change
of one party's result is taken (or a conflict when headquarters changed it too), a voided interview (m039) arrives
voided with its reason and leaves headquarters' figures, and a bundle of a version before m038 (its interviews'
rows without the new columns) merges without losing what headquarters holds."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from PySide6.QtCore import Qt

from tests.helpers import figures, open_db, preview_rows, run, run_json, send_bundle
from tests.test_bundle_common_base import _as_written_by
from workstation.bundle.conflict_text import record_names, show_value
from workstation.records import Case
from workstation.store import agency_id_for_code, create_case
from workstation.store.interviews import get_interview, list_interviews, party_results

DEVELOPERS = "c2ff665f-c497-56ce-8d56-99e700f7bacb"  # the demo's joint interview of three developers, all rectified
SANSHUI = "佛山市三水区铂翊房地产开发有限公司"
NANHAI = "佛山市南海区棠屿房地产开发有限公司"


@pytest.fixture
def dirs(station_and_hq_dirs):
    return station_and_hq_dirs



def _follow_up(stats: dict) -> tuple[dict, dict]:
    return stats["interviews_follow_up"], stats["interviews_follow_up_parties"]


def _sanshui_followed_up_at_both_ends(capsys, dirs) -> None:
    """The demo shared with headquarters (s1.bundle), then the Sanshui developer's follow-up recorded differently
    at the station and at headquarters."""
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    run_json(capsys, "--data-dir", dirs / "station", "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-20",
             "--result", "复查发现仍未整改到位", "--party", SANSHUI)
    run_json(capsys, "--data-dir", dirs / "hq", "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-21",
             "--result", "市局复查：已整改", "--party", SANSHUI)


def _interview_row(data_dir, interview_id: str) -> dict:
    db = open_db(data_dir)
    try:
        row = db.execute("SELECT status, void_reason, case_id, follow_up_on, follow_up_result, party_results "
                         "FROM interviews WHERE id = ?", [interview_id]).fetchone()
    finally:
        db.conn.close()
    status, reason, case_id, on, result, results = row
    return {"status": status, "void_reason": reason, "case_id": case_id, "follow_up_on": on,
            "follow_up_result": result, "party_results": json.loads(results) if results else None}


def _listed(data_dir, interview_id: str) -> dict:
    """{party name: (follow-up day, result, case id)} of each party of the interview, as the register shows them."""
    db = open_db(data_dir)
    try:
        names = dict(db.execute("SELECT id, name FROM parties").fetchall())
        return {names[r.party_id]: (r.follow_up_on, r.follow_up_result, r.case_id)
                for r in party_results(get_interview(db, interview_id))}
    finally:
        db.conn.close()


def _escalate_sanshui(capsys, station) -> str:
    """SANSHUI of the joint interview followed up alone (not rectified) and escalated to a case of its own."""
    run_json(capsys, "--data-dir", station, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-20",
             "--result", "复查发现仍未整改到位", "--party", SANSHUI)
    db = open_db(station)
    try:
        party = db.execute("SELECT id FROM parties WHERE name = ?", [SANSHUI]).fetchone()[0]
        case = create_case(db, Case(case_number="", cause="涉嫌违法使用购房人个人信息案", sector="real_estate",
                                    agency_id=agency_id_for_code("440605"), status="pending_filing",
                                    party_ids=[party]))
    finally:
        db.conn.close()
    run_json(capsys, "--data-dir", station, "interviews", "escalate", DEVELOPERS, case.id)
    return case.id


def test_a_joint_interview_escalated_party_by_party_counts_at_headquarters_as_at_the_station(capsys, dirs, english):
    station, hq = dirs / "station", dirs / "hq"
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    before = _follow_up(run_json(capsys, "--data-dir", hq, "stats"))
    case_id = _escalate_sanshui(capsys, station)
    merged = send_bundle(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["interviews"]["updated"] == 1

    held = _interview_row(hq, DEVELOPERS)
    assert held == _interview_row(station, DEVELOPERS)
    assert held["party_results"][next(p for p, r in held["party_results"].items() if r.get("case_id"))] == {
        "case_id": case_id, "follow_up_on": "2026-06-20", "follow_up_result": "复查发现仍未整改到位",
        "follow_up_outcome": "not_rectified"}
    assert _listed(hq, DEVELOPERS) == _listed(station, DEVELOPERS)
    # one 家 of the joint interview moved from rectified to escalated, at headquarters as at the station (were the
    # party results dropped, the whole interview would count escalated, all three 家 with it)
    times, parties = _follow_up(run_json(capsys, "--data-dir", hq, "stats"))
    assert (times, parties) == _follow_up(run_json(capsys, "--data-dir", station, "stats"))
    assert times["rectified"] == before[0]["rectified"] and times["escalated"] == before[0]["escalated"] + 1
    assert parties["rectified"]["units"] == before[1]["rectified"]["units"] - 1
    assert parties["escalated"]["units"] == before[1]["escalated"]["units"] + 1
    assert figures(capsys, hq) == figures(capsys, station)
    # as a conflict on them would show them at headquarters: the escalated party's case named, not its id
    db = open_db(hq)
    try:
        said = SimpleNamespace(field="party_results", local=None, incoming=json.dumps(held["party_results"]))
        shown = show_value("party_results", said.incoming, record_names(db, [said]))
    finally:
        db.conn.close()
    assert f"{SANSHUI}: followed up on 2026-06-20: 复查发现仍未整改到位, escalated to case (not filed: {SANSHUI}, " \
        "涉嫌违法使用购房人个人信息案)" in shown
    assert case_id not in shown

    # a later bundle with another party's own follow-up: taken, not a conflict
    run_json(capsys, "--data-dir", station, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-25",
             "--result", "已整改，复查合格", "--party", NANHAI)
    merged = send_bundle(capsys, dirs, "s3.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["interviews"]["updated"] == 1
    assert _interview_row(hq, DEVELOPERS) == _interview_row(station, DEVELOPERS)
    assert _listed(hq, DEVELOPERS)[NANHAI] == ("2026-06-25", "已整改，复查合格", None)
    assert figures(capsys, hq) == figures(capsys, station)
    again = run_json(capsys, "--data-dir", hq, "bundle", "import", dirs / "s3.bundle")
    assert again["updated"] == 0 and again["new"] == 0


def test_a_party_result_changed_at_both_ends_is_a_conflict_said_party_by_party(capsys, dirs, english):
    hq = dirs / "hq"
    _sanshui_followed_up_at_both_ends(capsys, dirs)
    ours = _interview_row(hq, DEVELOPERS)
    merged = send_bundle(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 1
    # headquarters' own result stands until the conflict is decided, and the conflict says which field of what
    assert _interview_row(hq, DEVELOPERS) == ours
    [conflict] = run_json(capsys, "--data-dir", hq, "bundle", "conflicts")
    assert conflict["table"] == "interviews" and conflict["record_id"] == DEVELOPERS
    assert conflict["field"] == "party_results"
    # said party by party, by the parties' names (not their ids in JSON): headquarters' value, then the station's
    assert conflict["field_label"] == "Each party's follow-up and case"
    assert f"{SANSHUI}: followed up on 2026-06-21: 市局复查：已整改" in conflict["local_text"]
    assert f"{SANSHUI}: followed up on 2026-06-20: 复查发现仍未整改到位" in conflict["incoming_text"]
    assert NANHAI in conflict["incoming_text"] and "{" not in conflict["incoming_text"]
    assert not any(party in conflict["local_text"] + conflict["incoming_text"]
                   for party in json.loads(conflict["local"]))
    listed = run(capsys, "--data-dir", hq, "bundle", "conflicts")[1]
    assert f"{conflict['id']}\tInterviews" in listed and "Each party's follow-up and case" in listed
    assert f"{SANSHUI}: followed up on 2026-06-20" in listed


def test_different_parties_changed_at_both_ends_merge_party_by_party_without_a_conflict(capsys, dirs):
    """Since the interview was last shared, the station followed up one developer and headquarters another: each
    party's result is taken from the side that changed it, both stand at headquarters (and count in its figures),
    nothing is a conflict, and the same bundle again changes nothing."""
    station, hq = dirs / "station", dirs / "hq"
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    before = _follow_up(run_json(capsys, "--data-dir", hq, "stats"))
    run_json(capsys, "--data-dir", station, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-20",
             "--result", "复查发现仍未整改到位", "--party", SANSHUI)
    run_json(capsys, "--data-dir", hq, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-22",
             "--result", "市局复查：仍未整改", "--party", NANHAI)
    merged = send_bundle(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["interviews"]["updated"] == 1
    assert run_json(capsys, "--data-dir", hq, "bundle", "conflicts") == []
    listed = _listed(hq, DEVELOPERS)
    assert listed[SANSHUI] == ("2026-06-20", "复查发现仍未整改到位", None)  # the station's
    assert listed[NANHAI] == ("2026-06-22", "市局复查：仍未整改", None)  # headquarters' own
    third = [name for name in listed if name not in (SANSHUI, NANHAI)]
    assert [listed[name][1] for name in third] == [_interview_row(hq, DEVELOPERS)["follow_up_result"]]
    # headquarters' figures count both: two 家 of the joint interview no longer rectified
    times, parties = _follow_up(run_json(capsys, "--data-dir", hq, "stats"))
    assert parties["not_rectified"]["units"] == before[1]["not_rectified"]["units"] + 2
    assert parties["rectified"]["units"] == before[1]["rectified"]["units"] - 2
    assert times["not_rectified"] == before[0]["not_rectified"] + 1
    # the same bundle again: nothing changes
    held = _interview_row(hq, DEVELOPERS)
    again = run_json(capsys, "--data-dir", hq, "bundle", "import", dirs / "s2.bundle")
    assert (again["new"], again["updated"], again["conflicts"]) == (0, 0, 0)
    assert _interview_row(hq, DEVELOPERS) == held
    # the station's next bundle, its party results unchanged: headquarters' result for NANHAI still stands
    run_json(capsys, "--data-dir", station, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-26",
             "--result", "复查发现仍未整改到位，已责令限期整改", "--party", SANSHUI)
    later = send_bundle(capsys, dirs, "s3.bundle")
    assert later["conflicts"] == 0
    assert _listed(hq, DEVELOPERS)[SANSHUI] == ("2026-06-26", "复查发现仍未整改到位，已责令限期整改", None)
    assert _listed(hq, DEVELOPERS)[NANHAI] == ("2026-06-22", "市局复查：仍未整改", None)
    # headquarters' hand-out brings its party's result to the station, the station's own staying
    run_json(capsys, "--data-dir", hq, "bundle", "export", "-o", dirs / "back.bundle", "--all")
    run_json(capsys, "--data-dir", station, "station", "trust", dirs / "hq.card")
    back = run_json(capsys, "--data-dir", station, "bundle", "import", dirs / "back.bundle")
    assert back["conflicts"] == 0
    assert _listed(station, DEVELOPERS) == _listed(hq, DEVELOPERS)


def test_one_party_changed_differently_at_both_ends_is_the_only_conflict_and_names_that_party(capsys, dirs, english):
    """The station followed up SANSHUI and NANHAI, headquarters SANSHUI differently: NANHAI's result is taken, SANSHUI
    is one conflict whose two values differ in SANSHUI alone; taking the station's value keeps NANHAI's too."""
    station, hq = dirs / "station", dirs / "hq"
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    for party, result in ((SANSHUI, "复查发现仍未整改到位"), (NANHAI, "已整改，复查合格")):
        run_json(capsys, "--data-dir", station, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-20",
                 "--result", result, "--party", party)
    run_json(capsys, "--data-dir", hq, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-21",
             "--result", "市局复查：已整改", "--party", SANSHUI)
    merged = send_bundle(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 1
    listed = _listed(hq, DEVELOPERS)
    assert listed[NANHAI] == ("2026-06-20", "已整改，复查合格", None)  # changed at the station only: taken
    assert listed[SANSHUI] == ("2026-06-21", "市局复查：已整改", None)  # ours stands until decided
    [conflict] = run_json(capsys, "--data-dir", hq, "bundle", "conflicts")
    assert conflict["field"] == "party_results" and conflict["record_id"] == DEVELOPERS
    local, incoming = json.loads(conflict["local"]), json.loads(conflict["incoming"])
    assert [party for party in local if local[party] != incoming[party]] == [
        next(p for p, r in local.items() if r.get("follow_up_result") == "市局复查：已整改")]
    assert f"{SANSHUI}: followed up on 2026-06-21: 市局复查：已整改" in conflict["local_text"]
    assert f"{SANSHUI}: followed up on 2026-06-20: 复查发现仍未整改到位" in conflict["incoming_text"]
    assert f"{NANHAI}: followed up on 2026-06-20: 已整改，复查合格" in conflict["local_text"]
    assert f"{NANHAI}: followed up on 2026-06-20: 已整改，复查合格" in conflict["incoming_text"]
    again = run_json(capsys, "--data-dir", hq, "bundle", "import", dirs / "s2.bundle")
    assert (again["updated"], again["conflicts"]) == (0, 0)
    assert len(run_json(capsys, "--data-dir", hq, "bundle", "conflicts")) == 1
    run_json(capsys, "--data-dir", hq, "bundle", "resolve", conflict["id"], "--take-incoming")
    assert _listed(hq, DEVELOPERS) == _listed(station, DEVELOPERS)


def test_a_voided_interview_arrives_voided_with_its_reason_and_leaves_headquarters_figures(capsys, dirs):
    station, hq = dirs / "station", dirs / "hq"
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    counted = run_json(capsys, "--data-dir", hq, "stats")
    run_json(capsys, "--data-dir", station, "interviews", "void", DEVELOPERS, "--reason", "误录：与另一约谈重复")
    merged = send_bundle(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["interviews"]["updated"] == 1
    held = _interview_row(hq, DEVELOPERS)
    assert (held["status"], held["void_reason"]) == ("void", "误录：与另一约谈重复")
    stats = run_json(capsys, "--data-dir", hq, "stats")
    assert figures(capsys, hq) == figures(capsys, station)
    assert stats["interviews"] == counted["interviews"] - 1
    assert sum(stats["interviews_follow_up"].values()) == sum(counted["interviews_follow_up"].values()) - 1
    db = open_db(hq)
    try:
        assert DEVELOPERS not in {i.id for i in list_interviews(db)}
        assert DEVELOPERS in {i.id for i in list_interviews(db, include_void=True)}
    finally:
        db.conn.close()


def test_the_same_party_result_recorded_at_both_ends_is_no_conflict(capsys, dirs):
    """Headquarters and the station record the same follow-up of one party: their interviews list the parties in
    another order (headquarters merged them by id), so the two JSON texts differ only in the order of their keys —
    the same result, taken without a conflict."""
    station, hq = dirs / "station", dirs / "hq"
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    for side in (station, hq):
        run_json(capsys, "--data-dir", side, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-20",
                 "--result", "复查发现仍未整改到位", "--party", SANSHUI)
    assert _interview_row(hq, DEVELOPERS)["party_results"] == _interview_row(station, DEVELOPERS)["party_results"]
    merged = send_bundle(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0
    assert run_json(capsys, "--data-dir", hq, "bundle", "conflicts") == []
    assert _listed(hq, DEVELOPERS) == _listed(station, DEVELOPERS)


def interviews_written_before(data_dir, source, target, migrations: tuple[str, ...], columns: tuple[str, ...]) -> None:
    """``source`` as a version before ``migrations`` wrote it (re-signed with the station's key, ``_as_written_by``):
    its interviews' rows without ``columns``, its schema without ``migrations``; the digests of the versions held in
    common (``bases.json``) over such rows, as that version computed them."""
    from workstation.bundle.tables import common_digest, unpacked_row

    def earlier(manifest: dict, members: dict) -> None:
        manifest["schema"] = [name for name in manifest["schema"] if name not in migrations]
        rows = json.loads(members["records/interviews.json"])
        for row in rows:
            for column in columns:
                del row[column]
        members["records/interviews.json"] = json.dumps(rows, ensure_ascii=False).encode("utf-8")
        bases = json.loads(members["bases.json"])
        db = open_db(data_dir)
        try:
            for key in bases["records"].get("interviews", {}):
                [(packed,)] = db.execute("SELECT row_json FROM sync_base WHERE tbl = 'interviews' AND record_id = ?",
                                         [key])
                old = {k: v for k, v in unpacked_row(packed).items() if k not in columns}
                bases["records"]["interviews"][key] = common_digest(old)
        finally:
            db.conn.close()
        members["bases.json"] = json.dumps(bases, ensure_ascii=False).encode("utf-8")

    _as_written_by(data_dir, source, target, earlier)


def _as_before_m038(data_dir, source, target) -> None:
    """``source`` as the version before m038 wrote it: its interviews without ``party_results`` and ``void_reason``
    (m039), its schema without m038–m040."""
    interviews_written_before(data_dir, source, target, ("m038_interview_party_results", "m039_interview_void",
                                                         "m040_complaint_search_business"),
                              ("party_results", "void_reason"))



def test_a_bundle_of_the_version_before_m038_merges_without_losing_what_headquarters_holds(capsys, dirs):
    """A station still on the version before m038 sends its interviews without party results or void reasons; what
    headquarters recorded of them since (a party's own follow-up, an interview voided) stays, the station's other
    changes are taken, and its figures count headquarters' results."""
    station, hq = dirs / "station", dirs / "hq"
    voided = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # the micro-loan association's interview
    run_json(capsys, "--data-dir", station, "bundle", "export", "-o", dirs / "s1.bundle")
    _as_before_m038(station, dirs / "s1.bundle", dirs / "old1.bundle")
    first = run_json(capsys, "--data-dir", hq, "bundle", "import", dirs / "old1.bundle")
    assert first["conflicts"] == 0 and first["by_table"]["interviews"]["new"] > 0
    # the interviews arrived as the store keeps one recorded before m038: no results of their own, not voided
    assert _interview_row(hq, DEVELOPERS)["party_results"] is None
    assert _interview_row(hq, voided)["void_reason"] == ""
    run_json(capsys, "--data-dir", hq, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-21",
             "--result", "市局复查：仍未整改", "--party", SANSHUI)
    run_json(capsys, "--data-dir", hq, "interviews", "void", voided, "--reason", "市局核实：重复登记")
    held = _interview_row(hq, DEVELOPERS)
    # the station (of the older version) corrects the follow-up recorded for the whole of both interviews
    run_json(capsys, "--data-dir", station, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-08",
             "--result", "三家开发企业均已报送整改情况")
    run_json(capsys, "--data-dir", station, "interviews", "follow-up", voided, "--on", "2026-07-01",
             "--result", "已约见协会负责人复查")
    run_json(capsys, "--data-dir", station, "bundle", "export", "-o", dirs / "s2.bundle")
    _as_before_m038(station, dirs / "s2.bundle", dirs / "old2.bundle")
    merged = run_json(capsys, "--data-dir", hq, "bundle", "import", dirs / "old2.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["interviews"]["updated"] == 2
    after = _interview_row(hq, DEVELOPERS)
    assert after["follow_up_result"] == "三家开发企业均已报送整改情况"
    assert after["party_results"] == held["party_results"]
    assert _listed(hq, DEVELOPERS)[SANSHUI] == ("2026-06-21", "市局复查：仍未整改", None)
    assert _listed(hq, DEVELOPERS)[NANHAI] == (after["follow_up_on"], "三家开发企业均已报送整改情况", None)
    kept = _interview_row(hq, voided)
    assert (kept["status"], kept["void_reason"], kept["follow_up_result"]) == (
        "void", "市局核实：重复登记", "已约见协会负责人复查")
    # headquarters' figures: the joint interview one 次 rectified and one not (its party's own result), the voided
    # interview not counted at all
    stats = run_json(capsys, "--data-dir", hq, "stats")
    assert stats["interviews"] == run_json(capsys, "--data-dir", station, "stats")["interviews"] - 1
    db = open_db(hq)
    try:
        from workstation.records import today
        from workstation.stats import _party_outcomes

        outcomes = {(i, p): o for i, p, _kind, o in _party_outcomes(db, " WHERE id = ?", [DEVELOPERS], today())}
        sanshui = db.execute("SELECT id FROM parties WHERE name = ?", [SANSHUI]).fetchone()[0]
    finally:
        db.conn.close()
    assert outcomes[(DEVELOPERS, sanshui)] == "not_rectified"
    assert sorted(outcomes.values()) == ["not_rectified", "rectified", "rectified"]


@pytest.mark.gui
def test_the_exchange_page_lists_a_party_results_conflict_by_party_name(capsys, dirs, english, qtbot, prompts):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    hq = dirs / "hq"
    _sanshui_followed_up_at_both_ends(capsys, dirs)
    assert send_bundle(capsys, dirs, "s2.bundle")["conflicts"] == 1
    db = open_db(hq)
    try:
        page = ExchangePage(db, hq, prompts, ImmediateRunner())
        qtbot.addWidget(page)
        model = page.conflicts_model
        assert model.rowCount() == 1
        row = {model.headerData(c, Qt.Orientation.Horizontal): model.index(0, c).data()
               for c in range(model.columnCount())}
        assert row["Field"] == "Each party's follow-up and case"
        assert f"{SANSHUI}: followed up on 2026-06-21: 市局复查：已整改" in row["Value here"]
        assert f"{SANSHUI}: followed up on 2026-06-20: 复查发现仍未整改到位" in row["Station's value"]
        # the question before taking the station's value names the parties too
        page.conflicts_view.selectRow(0)
        page.buttons["take_incoming"].click()  # answered No: nothing is resolved
        [question] = prompts.confirmations
        assert f"{SANSHUI}: followed up on 2026-06-20: 复查发现仍未整改到位" in question and '{"' not in question
        assert model.rowCount() == 1
    finally:
        page.deleteLater()
        db.conn.close()


@pytest.mark.gui
def test_the_merge_preview_names_the_parties_and_the_new_case_of_a_party_result(capsys, dirs, english, qtbot):
    """The party escalated at the station, to a case the same bundle brings: the preview's line of the interview's
    party results names the party and the case (not their ids)."""
    from workstation.bundle.merge import plan_merge
    from workstation.bundle.reader import open_bundle

    station, hq = dirs / "station", dirs / "hq"
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    case_id = _escalate_sanshui(capsys, station)
    run_json(capsys, "--data-dir", station, "bundle", "export", "-o", dirs / "s2.bundle")
    db = open_db(hq)
    try:
        assert db.execute("SELECT 1 FROM cases WHERE id = ?", [case_id]).fetchone() is None  # only in the bundle
        with open_bundle(dirs / "s2.bundle") as bundle:
            plan = plan_merge(db, bundle)
    finally:
        db.conn.close()
    lines = preview_rows(plan)
    [line] = [line for line in lines if line[0] == "Each party's follow-up and case"]
    assert f"{SANSHUI}: followed up on 2026-06-20: 复查发现仍未整改到位, escalated to case (not filed: {SANSHUI}, " \
           "涉嫌违法使用购房人个人信息案)" in line[3]
    assert case_id[:8] not in line[3] and case_id[:8] not in line[2]
