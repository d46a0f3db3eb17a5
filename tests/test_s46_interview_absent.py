"""A party that does not attend its interview is recorded as such (found by the interviews audit): `interviews
absent` marks it 当事人未到场 with its reason; it counts in the statistics as an interview the party did not attend,
can be escalated to a case, gets no 约谈记录; a scheduled interview whose day has passed is flagged in the list.
`interviews edit` corrects the register from the command line, and `interviews issue` names the commands to give."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.helpers import move_program_clock, run, run_json
from workstation.records import SHANGHAI

Q = "佛山市禅城区禾屿教育科技有限公司"
OFFICERS = ("--officer", "邓颖诗:科长", "--officer", "陈敏仪:科员", "--attendee", "王五:法定代表人")


def _at(monkeypatch, day: str) -> None:
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=SHANGHAI))


def _scheduled(capsys, data_dir, monkeypatch, day="2026-12-07") -> str:
    _at(monkeypatch, "2026-12-04")
    added = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", day, "--time", "9:30",
                     "--topics", "骚扰电话", "--place", "三楼会议室", "--party", Q, *OFFICERS)
    assert added["state"] == "scheduled"
    return added["id"]


def _notice(capsys, data_dir, interview_id, folder) -> None:
    """The 约谈通知书 of the interview issued (before its day): the party was summoned."""
    (values := folder / "notice.json").write_text(json.dumps({"contact_phone": "0757-83030000"}), "utf-8")
    code, _out, err = run(capsys, "interviews", "issue", "--data-dir", data_dir, interview_id, "--form",
                          "interview_notice", "-o", folder / "notice.pdf", "--values", values)
    assert code == 0, err


def _row(capsys, data_dir, interview_id, *options) -> dict:
    rows = run_json(capsys, "interviews", "list", "--data-dir", data_dir, *options)
    return next(r for r in rows if r["id"] == interview_id)


def test_a_scheduled_interview_past_its_day_is_flagged(demo_db, data_dir, capsys, monkeypatch, english):
    interview = _scheduled(capsys, data_dir, monkeypatch)
    _at(monkeypatch, "2026-12-20")
    assert _row(capsys, data_dir, interview)["past_scheduled"] is True
    code, out, _err = run(capsys, "interviews", "list", "--data-dir", data_dir)
    line = next(line for line in out.splitlines() if line.startswith(interview))
    assert "interview day passed, no outcome recorded" in line


def test_a_party_that_did_not_attend_is_recorded_counted_and_escalated(
        demo_db, data_dir, capsys, monkeypatch, tmp_path, english):
    before = run_json(capsys, "stats", "--data-dir", data_dir)
    interview = _scheduled(capsys, data_dir, monkeypatch)
    _notice(capsys, data_dir, interview, tmp_path)  # the party was summoned: its absence needs no further word
    _at(monkeypatch, "2026-12-20")
    code, _out, err = run(capsys, "interviews", "absent", "--data-dir", data_dir, interview)
    assert code == 1 and "--reason" in err
    marked = run_json(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "经通知未到场")
    assert marked["state"] == "absent"
    row = _row(capsys, data_dir, interview)
    assert row["state"] == "absent" and row["past_scheduled"] is False and "经通知未到场" in row["summary"]
    assert _row(capsys, data_dir, interview, "--state", "absent")["id"] == interview
    stats = run_json(capsys, "stats", "--data-dir", data_dir)
    assert stats["interviews"] == before["interviews"] + 1
    assert stats["interviews_absent"] == before.get("interviews_absent", 0) + 1
    from workstation.reports.text import campaign_text

    assert any("当事人未到场1次" in p for p in campaign_text(stats))
    # no record of a meeting that did not take place
    (values := tmp_path / "v.json").write_text(json.dumps({"time_to": "10:30", "issues": "骚扰电话"}), "utf-8")
    code, _out, err = run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form",
                          "interview_record", "-o", tmp_path / "r.pdf", "--values", values)
    assert code == 1 and "did not attend" in err
    # the party ignored the summons: escalated to a case against it
    from workstation.store.interviews import get_interview, not_held_refusal

    assert not_held_refusal(get_interview(demo_db, interview), "escalate") is None
    assert not_held_refusal(get_interview(demo_db, interview), "follow_up") is not None  # nothing was committed


def test_absent_refused_for_an_interview_still_to_come(demo_db, data_dir, capsys, monkeypatch, english):
    interview = _scheduled(capsys, data_dir, monkeypatch)
    code, _out, err = run(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "未到")
    assert code == 1 and "still to come" in err


def test_interviews_edit_corrects_the_register(demo_db, data_dir, capsys, monkeypatch, english):
    interview = _scheduled(capsys, data_dir, monkeypatch)
    edited = run_json(capsys, "interviews", "edit", "--data-dir", data_dir, interview, "--deadline", "2027-01-15",
                      "--place", "二楼会议室", "--officer", "李明:科长", "--officer", "陈敏仪:科员")
    assert edited["rectification_due"] == "2027-01-15" and edited["place"] == "二楼会议室"
    names = [a["name"] for a in edited["attendees"]]
    assert names == ["李明", "陈敏仪", "王五"]
    row = _row(capsys, data_dir, interview)
    assert row["rectification_due"] == "2027-01-15"
    code, _out, err = run(capsys, "interviews", "edit", "--data-dir", data_dir, interview, "--date", "2026-11-30",
                          "--deadline", "2026-11-01")
    assert code == 1 and "--deadline" in err


def test_issue_of_an_interview_not_held_names_the_command(demo_db, data_dir, capsys, monkeypatch, tmp_path, english):
    interview = _scheduled(capsys, data_dir, monkeypatch)
    _at(monkeypatch, "2026-12-20")
    (values := tmp_path / "v.json").write_text(json.dumps({"time_to": "10:30", "issues": "骚扰电话"}), "utf-8")
    code, _out, err = run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form",
                          "interview_record", "-o", tmp_path / "r.pdf", "--values", values)
    assert code == 1 and f"interviews held {interview}" in err and "Edit…" not in err


def test_issue_form_help_lists_the_delivery_receipt(capsys, english):
    with pytest.raises(SystemExit):
        run(capsys, "interviews", "issue", "--help")
    out = capsys.readouterr().out
    assert "interview_delivery_receipt" in " ".join(out.split())


def test_the_window_register_flags_a_past_interview_and_records_the_absence(
        demo_db, data_dir, capsys, monkeypatch, tmp_path, make_window, prompts, english):
    from dataclasses import replace

    from workstation.records import Interview
    from workstation.store.interviews import get_interview, save_interview

    _at(monkeypatch, "2026-12-04")
    micro = get_interview(demo_db, "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5")
    interview = save_interview(demo_db, replace(
        micro, id=Interview(agency_id="", held_on="", subject="").id, held_on="2026-12-07", held_at="9:30",
        status="scheduled", case_id=None, commitments="", rectification_due=None, follow_up_on=None,
        follow_up_result="", party_results={}))
    _notice(capsys, data_dir, interview.id, tmp_path)  # served: the absence is recorded without a question
    _at(monkeypatch, "2026-12-12")
    window = make_window(demo_db)
    page = window.interviews_page
    page.refresh()
    page.select(interview.id)
    assert page.selected_row().follow_up() == "interview day passed, no outcome recorded"
    assert page.buttons["absent_interview"].isEnabled()
    prompts.texts.append("经送达约谈通知书后未到场")
    page.buttons["absent_interview"].click()
    stored = get_interview(demo_db, interview.id)
    assert stored.status == "absent" and stored.summary == "经送达约谈通知书后未到场"
    assert not prompts.confirmations and not prompts.errors
    page.select(interview.id)
    assert not page.buttons["absent_interview"].isEnabled()
    assert page.buttons["escalate"].isEnabled()  # the summons ignored: a case
    assert not page.buttons["follow_up"].isEnabled()


# an absent interview awaits no rectification report, and counts only its parties escalated ---------------------------
def _absent_joint(demo_db, *, escalated: bool):
    """A joint interview of two parties of the demo which its parties did not attend, with a rectification deadline
    long past, as ``mark_absent`` kept it before an absent interview refused a deadline (``absent_errors``): written
    to the database as such older data holds it — the first party escalated to a case of its own when ``escalated``."""
    from workstation.records import Interview
    from workstation.store.interviews import get_interview, list_interviews, save_interview

    joint = next(i for i in list_interviews(demo_db) if len(i.party_ids) >= 2)
    first, second = joint.party_ids[:2]
    case_id = demo_db.execute("SELECT id FROM cases ORDER BY id LIMIT 1").fetchone()[0] if escalated else None
    absent = save_interview(demo_db, Interview(
        agency_id=joint.agency_id, held_on="2026-10-12", held_at="9:30", subject="约谈（未到场）", status="absent",
        party_ids=[first, second], attendees=joint.attendees, summary="经送达约谈通知书后未到场", case_id=case_id,
        party_results={first: {"case_id": case_id}, second: {"case_id": None}} if escalated else {}),
        allow_duplicate=True)
    demo_db.execute("UPDATE interviews SET rectification_due = '2026-10-26' WHERE id = ?", [absent.id])
    return get_interview(demo_db, absent.id)


def test_an_absent_interview_with_a_deadline_is_not_a_follow_up_overdue(demo_db, data_dir, capsys, monkeypatch,
                                                                        english):
    from workstation.clocks import board
    from workstation.store.interviews import follow_up_overdue, get_interview, overdue_follow_ups

    _at(monkeypatch, "2026-12-04")
    interview = _absent_joint(demo_db, escalated=False)
    assert not follow_up_overdue(get_interview(demo_db, interview.id), "2026-12-04")
    assert interview.id not in {i.id for i in overdue_follow_ups(demo_db)}
    assert interview.id not in {d.interview_id for d in board(demo_db)}
    row = _row(capsys, data_dir, interview.id)
    assert row["overdue"] is False
    assert row["rectification_due"] == "2026-10-26"  # kept: the data stays


def test_an_absent_joint_interview_counts_only_its_party_escalated(demo_db, data_dir, capsys, monkeypatch, english):
    _at(monkeypatch, "2026-12-04")
    before = run_json(capsys, "stats", "--data-dir", data_dir)
    _absent_joint(demo_db, escalated=True)
    after = run_json(capsys, "stats", "--data-dir", data_dir)
    assert after["interviews_follow_up"]["escalated"] == before["interviews_follow_up"]["escalated"] + 1
    for outcome in ("overdue", "no_deadline", "not_due", "rectified", "not_rectified", "unverified"):
        assert after["interviews_follow_up"][outcome] == before["interviews_follow_up"][outcome], outcome
        assert after["interviews_follow_up_parties"][outcome] == before["interviews_follow_up_parties"][outcome], \
            outcome
