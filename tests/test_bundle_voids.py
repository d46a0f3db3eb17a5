"""Documents voided at a station after they were sent: the next bundle carries the void (of a case's decision, of a
document without a 文号, of an interview's document), headquarters takes it without a conflict, its figures and
deadlines (T19) follow the station's, and its own next hand-out carries the void on to the other stations."""

from __future__ import annotations

import pytest

from tests.helpers import CASE, copy_station_and_hq, figures, open_db, run_json
from workstation.bundle.reader import open_bundle
from workstation.records import today
from workstation.store import find_case


@pytest.fixture(scope="module")
def template(station_and_hq_template):
    """The Nanhai station with the demo and its 立案审批表 issued, and headquarters; built once a worker."""
    return station_and_hq_template(issue_document=True)


@pytest.fixture
def dirs(template, tmp_path):
    return copy_station_and_hq(template, tmp_path)


def _send(capsys, dirs, name) -> dict:
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / name)
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name)


def _documents(data_dir) -> list[tuple]:
    db = open_db(data_dir)
    try:
        return [tuple(r) for r in db.execute(
            "SELECT d.id, d.status, d.void_reason, n.status, n.void_reason, n.voided_at FROM documents d "
            "LEFT JOIN doc_numbers n ON n.document_id = d.id ORDER BY d.id")]
    finally:
        db.conn.close()


def _t19(capsys, data_dir) -> list[tuple]:
    return [(d["clock"], d["state"], d["start"], d["due"]) for d in
            run_json(capsys, "--data-dir", data_dir, "clocks", "--case", CASE) if d["clock"] == "T19"]


def test_voids_made_after_sending_reach_headquarters_and_its_next_hand_out(capsys, dirs, tmp_path, monkeypatch):
    import datetime as dt

    from tests.helpers import move_program_clock

    # on 2026-07-20: the demo's publication of 2026-04-30 (a fine of ¥3,000, published 3 months, to 07-30) stands
    move_program_clock(monkeypatch, dt.datetime.fromisoformat("2026-07-20T10:00:00+08:00"))
    station = dirs / "station"
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    # a joint interview's minutes: numbered, and issued after the meeting (a notice is not, once it has passed)
    interview = next(r["id"] for r in run_json(capsys, "--data-dir", station, "interviews", "list")
                     if len(r["parties"]) > 1)
    # issued before the report deadline they announce (2026-06-04): minutes are not issued once it has passed (s65)
    move_program_clock(monkeypatch, dt.datetime.fromisoformat("2026-05-20T10:00:00+08:00"))
    run_json(capsys, "--data-dir", station, "interviews", "issue", interview, "--form", "interview_minutes",
             "-o", tmp_path / "minutes.pdf")
    move_program_clock(monkeypatch, dt.datetime.fromisoformat("2026-07-20T10:00:00+08:00"))
    run_json(capsys, "--data-dir", station, "docs", "issue", CASE, "--form", "penalty_decision",
             "-o", tmp_path / "decision.pdf")
    db = open_db(station)
    # the demo's decision stands published (its 公示 recorded on 2026-04-30): its void starts T19
    assert db.execute("SELECT 1 FROM clock_events WHERE case_id = ? AND kind = 'publication'",
                      [find_case(db, CASE).id]).fetchone()
    ids = [r[0] for r in db.execute("SELECT id FROM documents")]
    db.conn.close()
    assert len(ids) == 3  # the 立案审批表 (no 文号), the interview minutes and the decision
    assert _send(capsys, dirs, "s1.bundle")["conflicts"] == 0
    for document in reversed(ids):  # the 立案审批表 last: not voided while a later document is in force
        run_json(capsys, "--data-dir", station, "docs", "void", document, "--reason", "内容有误")
    # headquarters' hand-out made after the voids but before their bundle came in
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle")

    merged = _send(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["documents"]["updated"] == 3
    assert merged["by_table"]["doc_numbers"]["updated"] == 2
    assert _documents(dirs / "hq") == _documents(station)
    assert {status for _id, status, *_rest in _documents(dirs / "hq")} == {"void"}
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") == []
    # the decision's void: headquarters' figures and T19 (publication to withdraw) are the station's
    assert figures(capsys, dirs / "hq") == figures(capsys, station)
    started = _t19(capsys, station)
    assert [start for _clock, _state, start, _due in started] == [today()]
    assert _t19(capsys, dirs / "hq") == started
    # headquarters hands the voids on with what it merged since its last hand-out (for the one station it trusts,
    # encrypted to its key)
    from workstation.station import box_private_key

    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h2.bundle")
    with open_bundle(dirs / "h2.bundle", box_private_key(station)) as handout:
        assert {(d["id"], d["status"]) for d in handout.records["documents"]} == {(i, "void") for i in ids}
    # merging the same bundle again changes nothing
    again = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "s2.bundle")
    assert again["updated"] == 0 and again["new"] == 0


def test_a_correction_sorting_before_its_older_original_merges_in_one_bundle(capsys, dirs, monkeypatch):
    """A decision issued by a version that gave random ids (its id sorts after today's) and its correction, sent in
    one bundle: headquarters adds the original before the correction (it refused the bundle before)."""
    from workstation.documents import issuing
    from workstation.documents.drafts import find_form

    station = dirs / "station"
    db = open_db(station)
    case = find_case(db, CASE)
    with monkeypatch.context() as patched:
        patched.setattr(issuing, "new_id", lambda: "f" * 8 + "-0000-4000-8000-" + "0" * 12)
        original = issuing.issue_document(db, station, case, find_form("penalty_decision"), {})
    correction = issuing.issue_document(db, station, case, find_form("penalty_decision"), {}, supersedes=original.id)
    db.conn.close()
    assert correction.id < original.id
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    merged = _send(capsys, dirs, "s1.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["documents"]["new"] == 3
    hq = open_db(dirs / "hq")
    try:
        assert hq.execute("SELECT supersedes_id FROM documents WHERE id = ?", [correction.id]).fetchone() == (
            original.id,)
    finally:
        hq.conn.close()
