"""Faults of the interviews audit (约谈): a 约谈通知书 is refused once the interview's time of day has passed on its
day; a 约谈记录 or 纪要 is not issued with nobody of the party listed as attending (REFERENCE §2.4: 被约谈单位及参加人员);
a party that did not attend is not counted among the parties interviewed; the register of issued documents names a
per-party document's own party only; a case opened from an interview cites the party's 约谈记录 by title and date."""

from __future__ import annotations

import datetime as dt
import json

from tests.helpers import move_program_clock, run, run_json
from workstation.records import SHANGHAI

P = "佛山市禅城区澄岚物业服务有限公司"
Q = "佛山市禅城区禾屿教育科技有限公司"
R = "佛山市房地产业协会"
OFFICERS = ("--officer", "邓颖诗:科长", "--officer", "陈敏仪:科员")
TODAY = "2026-12-04"


def _at(monkeypatch, clock: str, day: str = TODAY) -> None:
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SHANGHAI))


def _add(capsys, data_dir, *options, date=TODAY, time="9:30") -> str:
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", date, "--time", time,
                    "--topics", "骚扰电话", "--place", "三楼会议室", *OFFICERS, *options)["id"]


def _issue(capsys, data_dir, interview, form, out, values=None, *options):
    (path := out.with_suffix(".json")).write_text(json.dumps(values or {}, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form", form, "-o", out,
               "--values", str(path), *options)


RECORD = {"time_to": "11时00分", "issues": "骚扰电话"}
NOTICE = {"contact_phone": "0757-83030000"}


# 1. a notice after the interview's time of day ---------------------------------------------------------------------
def test_a_notice_is_refused_once_the_interviews_time_has_passed_that_day(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "08:00")
    interview = _add(capsys, data_dir, "--party", Q, "--attendee", "王五:法定代表人")
    _at(monkeypatch, "11:27")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", NOTICE)
    assert code == 1 and "has passed" in err and f"{TODAY} 09:30" in err, err
    assert not demo_db.execute("SELECT 1 FROM documents WHERE interview_id = ?", [interview]).fetchall()


def test_a_notice_before_the_interviews_time_that_day_is_issued(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "08:00")
    interview = _add(capsys, data_dir, "--party", Q)
    code, _out, err = _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", NOTICE)
    assert code == 0, err


# 2. a record or minutes with nobody of the party --------------------------------------------------------------------
def test_a_record_with_nobody_of_the_party_is_refused_naming_how_to_add_one(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "12:00")
    interview = _add(capsys, data_dir, "--party", R, "--agency", "440606", time="9:00")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf", RECORD)
    assert code == 1 and R in err and "--attendee" in err, err
    assert not demo_db.execute("SELECT 1 FROM documents WHERE interview_id = ?", [interview]).fetchall()
    # the attendee added: issued, naming him
    run_json(capsys, "interviews", "edit", "--data-dir", data_dir, interview, "--attendee", "王五:会长")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf", RECORD)
    assert code == 0, err


def test_a_record_typing_its_attendee_is_issued(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "12:00")
    interview = _add(capsys, data_dir, "--party", R, time="9:00")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf",
                             {**RECORD, "attendee1": "赵六", "attendee1_post": "秘书长"})
    assert code == 0, err


def test_a_joint_interviews_record_and_minutes_need_that_partys_attendee(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "12:00")
    interview = _add(capsys, data_dir, "--party", P, "--party", Q, "--attendee", f"王五:法定代表人:{P}", time="9:00")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "q.pdf", RECORD,
                             "--party", Q)
    assert code == 1 and Q in err and "--attendee" in err, err
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "p.pdf", RECORD,
                             "--party", P)
    assert code == 0, err
    minutes = {"agreed": "各方承诺停止拨打"}
    code, _out, err = _issue(capsys, data_dir, interview, "interview_minutes", tmp_path / "m.pdf", minutes)
    assert code == 1 and Q in err and P not in err.split("--attendee")[0].replace(Q, ""), err


def test_the_window_refuses_the_record_naming_the_editor(demo_db, english):
    from dataclasses import replace

    from workstation.documents.interview_documents import interview_form_refusal
    from workstation.formkit.interview_values import staff_names
    from workstation.formkit.spec import load_forms
    from workstation.store.interviews import get_interview, save_interview

    interview = get_interview(demo_db, "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5")  # the micro-loan association's
    staff = [a for a in interview.attendees if a.get("organisation") in staff_names(demo_db, interview)]
    interview = save_interview(demo_db, replace(interview, attendees=staff))
    record = load_forms()[0]["interview_record"]
    refusal = interview_form_refusal(demo_db, interview, record, issuing=True)
    assert refusal and "Nobody of" in refusal and "Attendees" in refusal, refusal


# 3. an absent party is not counted as interviewed -------------------------------------------------------------------
def test_an_absent_party_is_not_counted_among_the_parties_interviewed(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "10:00", "2026-12-01")
    name = demo_db.execute("SELECT name FROM parties WHERE kind <> 'person' AND COALESCE(uscc, '') <> '' AND id NOT IN "
                           "(SELECT party_id FROM interview_parties) ORDER BY name LIMIT 1").fetchone()[0]
    interview = _add(capsys, data_dir, "--party", name, date="2026-12-03")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", NOTICE)
    assert code == 0, err  # served, as the reason says
    before = run_json(capsys, "stats", "--data-dir", data_dir)
    _at(monkeypatch, "10:00")
    run_json(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "经送达通知书后未到场")
    after = run_json(capsys, "stats", "--data-dir", data_dir)
    assert after["interviews"] == before["interviews"] + 1
    assert after["interviews_absent"] == before["interviews_absent"] + 1
    assert after["interviews_by_party_kind"] == before["interviews_by_party_kind"]


# 4. the register names a per-party document's own party ----------------------------------------------------------
def test_the_register_names_the_party_a_joint_interviews_notice_is_addressed_to(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "08:00")
    interview = _add(capsys, data_dir, "--party", P, "--party", Q, date="2026-12-10")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", NOTICE,
                             "--party", Q)
    assert code == 0, err
    rows = [r for r in run_json(capsys, "--data-dir", data_dir, "docs", "register", "--search", Q)
            if r.get("interview_id") == interview]
    assert rows and all(r["parties"] == Q for r in rows), rows
    from workstation.document_register import registered_documents

    shown = [d for d in registered_documents(demo_db) if d.interview_id == interview]
    assert [d.parties for d in shown] == [Q]


# 5. a case opened from the interview cites the record ------------------------------------------------------------
def test_case_facts_cite_the_partys_record_by_title_and_date(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    from workstation.store.interviews import case_facts, get_interview

    _at(monkeypatch, "12:00")
    interview = _add(capsys, data_dir, "--party", Q, "--attendee", "王五:法定代表人", time="9:00")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf", RECORD)
    assert code == 0, err
    found = get_interview(demo_db, interview)
    facts = case_facts(demo_db, found, found.party_ids[0])
    assert "约谈记录（2026年12月4日）" in facts, facts
