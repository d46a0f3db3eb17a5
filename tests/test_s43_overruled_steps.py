"""A station's step overruled at headquarters (a status conflict settled for the other station's status): its
transfer to the police (移送公安) is no transfer — the case's law box does not say the police declined it, and a case
at the criminal threshold is not decided as if it had come back from them —, and its decline of the filing (不予立案)
is no decline — the statistics and the interview register count the case as filed, and its timeline shows the
decline overruled."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest

from tests import test_s43_hq_transfer_overruled as network
from tests.helpers import NANHAI_STATIONS, open_db, run, run_json
from workstation.records import Case
from workstation.store import create_case, find_case, get_case
from workstation.store.cases import case_timeline, update_case

CASE = "佛三市监立〔2026〕6号"  # 已告知 in the demo
PENDING = "5f3c2a4e-0d1b-4c6a-9e8f-7a6b5c4d3e2f"  # a case 待立案 entered alike at both stations
THRESHOLD_RECORDS = 6_000  # other personal information: 5,000 records reach the criminal threshold
template, dirs = network.template, network.dirs  # headquarters and two stations of the demo, copied for each test


def _to_headquarters(capsys, dirs, *stations: str) -> list[dict]:
    """Each of ``stations`` sends its bundle to headquarters, in that order: the conflicts left to settle."""
    for station in stations:
        run_json(capsys, "--data-dir", dirs / station, "bundle", "export", "-o", dirs / f"{station}.bundle")
        run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / f"{station}.bundle")
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")


def _back_to_b(capsys, dirs) -> None:
    """Station b is given headquarters' decision."""
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "--for", NANHAI_STATIONS["b"], "-o",
             dirs / "hq-b.bundle")
    run_json(capsys, "--data-dir", dirs / "b", "bundle", "import", dirs / "hq-b.bundle")


# a transfer to the police overruled --------------------------------------------------------------------------------
@pytest.fixture
def overruled(dirs, capsys):
    """Station a ends the statement period of ``CASE``, station b transfers it to the police; headquarters keeps
    station a's 待决定 and station b is given that decision. Then station b counts ``THRESHOLD_RECORDS``
    personal-information records in the case (Edit case…): it reaches the criminal threshold."""
    run_json(capsys, "--data-dir", dirs / "a", "cases", "transition", CASE, "end_statement_period", "--date",
             "2026-12-02")
    run_json(capsys, "--data-dir", dirs / "b", "cases", "transition", CASE, "transfer_to_police", "--date",
             "2026-12-03", "--reason", "涉嫌犯罪")
    [conflict] = _to_headquarters(capsys, dirs, "a", "b")
    assert (conflict["record"], conflict["field"], conflict["incoming"]) == (CASE, "status", "transferred_police")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--keep-local")
    _back_to_b(capsys, dirs)
    db = open_db(dirs / "b")
    try:
        case = find_case(db, CASE)
        assert case.status == "decision_pending"
        # of providing personal information: the thresholds apply only to the violations the offence covers
        update_case(db, replace(case, records_other=THRESHOLD_RECORDS, violations=[*case.violations, "illegal_provision_or_leak"]))
    finally:
        db.conn.close()
    return dirs / "b"


def test_the_law_box_says_nothing_of_a_transfer_overruled(overruled, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel, QPushButton

    from ui.case_law import CaseLawBox

    db = open_db(overruled)
    try:
        box = CaseLawBox(db, find_case(db, CASE), prompts, transfer=lambda: None)
        qtbot.addWidget(box)
        # was "… but it came back from the police, who declined it: it is to be settled by an administrative decision"
        assert box.findChild(QLabel, "criminal_verdict") is None
        assert box.findChild(QLabel, "criminal_warning").text().startswith(
            "The case must be transferred to the police: it reaches the criminal thresholds")
        assert box.findChild(QPushButton, "transfer_police") is not None
    finally:
        db.conn.close()


@pytest.mark.parametrize("action", ["decide_penalty", "decide_no_penalty"])
def test_a_case_at_the_threshold_is_not_decided_on_a_transfer_overruled(overruled, capsys, english, action):
    code, out, err = run(capsys, "--data-dir", overruled, "cases", "transition", CASE, action, "--date",
                         "2026-12-04", "--reason", "情节轻微")
    assert (code, out) == (1, "")  # was decided: the overruled transfer taken for one the police declined
    assert "The case reaches the criminal threshold for personal information:" in err
    assert "decide only after the police declined the case." in err


# a decline of the filing overruled ---------------------------------------------------------------------------------
INTERVIEW = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # held in the demo, its rectification due 2026-07-03, not followed up


def _pending_at_both(dirs) -> None:
    """The case ``PENDING`` 待立案 of the party of ``INTERVIEW``, entered alike at both stations (as the demo enters
    its cases) with the officers of ``CASE``."""
    for station in NANHAI_STATIONS:
        db = open_db(dirs / station)
        try:
            model = find_case(db, CASE)
            [party] = db.execute("SELECT party_id FROM interview_parties WHERE interview_id = ?", [INTERVIEW]).fetchone()
            create_case(db, Case(id=PENDING, case_number="", cause="涉嫌违法使用个人信息案", sector=model.sector,
                                 agency_id=model.agency_id, status="pending_filing", party_ids=[party],
                                 officer_ids=model.officer_ids, lead_received_on="2026-11-20"),
                        event_id="5f3c2a4e-created")
        finally:
            db.conn.close()


@pytest.fixture
def decline_overruled(dirs, capsys):
    """``INTERVIEW`` escalated at station b to ``PENDING``; station a declines its filing, station b files it;
    headquarters keeps the filed case."""
    _pending_at_both(dirs)
    run_json(capsys, "--data-dir", dirs / "b", "interviews", "escalate", INTERVIEW, PENDING, "--not-rectified")
    run_json(capsys, "--data-dir", dirs / "a", "cases", "transition", PENDING, "decline_filing", "--date",
             "2026-11-25", "--reason", "违法事实不成立")
    run_json(capsys, "--data-dir", dirs / "b", "cases", "transition", PENDING, "file", "--date", "2026-11-26")
    conflicts = _to_headquarters(capsys, dirs, "b", "a")
    assert ("status", "not_filed") in [(c["field"], c["incoming"]) for c in conflicts]
    for conflict in conflicts:  # the status, the number and the filing day, the interview's escalation: station b's
        run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--keep-local")
    return dirs


def _total(capsys, place) -> int:
    """The cases ``stats`` counts (those filed)."""
    return run_json(capsys, "--data-dir", place, "stats")["cases"]["total"]


def test_a_decline_overruled_at_headquarters_counts_the_case_as_filed(decline_overruled, capsys, english):
    dirs = decline_overruled
    filed = _total(capsys, dirs / "b")  # the station that filed it, the decline not seen
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["cases"]["by_status"].get("not_filed", 0) == 0
    assert _total(capsys, dirs / "hq") == filed  # was one fewer: the station's decline still counted
    # the station's decline stays recorded, said to be overruled
    db = open_db(dirs / "hq")
    try:
        timeline = [e.text for e in case_timeline(db, get_case(db, PENDING)) if e.kind == "transition"]
    finally:
        db.conn.close()
    assert timeline == ["Awaiting filing → Not filed: overruled, the case's status was settled otherwise",
                        "Awaiting filing → Under investigation"]
    _back_to_b(capsys, dirs)  # station b, given headquarters' decision with station a's decline, counts it the same
    assert _total(capsys, dirs / "b") == filed


def test_an_interview_escalated_to_a_case_whose_decline_was_overruled_counts_as_escalated(decline_overruled,
                                                                                      capsys, english):
    hq = decline_overruled / "hq"
    path = decline_overruled / "约谈台账.csv"
    run_json(capsys, "--data-dir", hq, "interviews", "export", "--search", "佛山市小额贷款行业协会", "-o", path)
    [header, row, totals] = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert row[header.index("转立案案件")] == "佛三市监立〔2026〕7号"  # the number station b's filing took
    assert totals[header.index("转立案案件")] == "1次转立案"  # was 0次转立案
    escalated = run_json(capsys, "--data-dir", decline_overruled / "b", "stats")["interviews_follow_up"]["escalated"]
    assert run_json(capsys, "--data-dir", hq, "stats")["interviews_follow_up"]["escalated"] == escalated  # was 1 fewer
