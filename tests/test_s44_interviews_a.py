"""An interview's state, register and wording agree with the time it is held (found by the interviews audit): one
later today stays 已安排 until its time has come — no record, follow-up or statistics before —; the register's export
shows each interview's state and its 合计 counts those held as the statistics do; 中午1时 is 13:00, 上午15时 is
refused naming the field, and the record's end time prints like its start; the 约谈事由 spoken to the party (你单位…)
is said in the third person in the 约谈纪要 and in the facts of a case opened from the interview."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from tests.helpers import move_program_clock, pdf_text, run, run_json
from workstation.records import SHANGHAI

P = "佛山市禅城区澄岚物业服务有限公司"
Q = "佛山市禅城区禾屿教育科技有限公司"
OFFICERS = ("--officer", "邓颖诗:科长", "--officer", "陈敏仪:科员", "--attendee", "王五:法定代表人")
TODAY = "2026-12-04"
#: the wording of REFERENCE §2.4's example, spoken to the party
SPOKEN = "你单位用户投诉集中反映骚扰电话、未经同意发送商业短信问题"


def _at(monkeypatch, clock: str) -> None:
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{TODAY}T{clock}").replace(tzinfo=SHANGHAI))


def _add(capsys, data_dir, *options, date=TODAY) -> dict:
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", date, "--topics", "骚扰电话",
                    "--place", "三楼会议室", *OFFICERS, *options)


def _issue(capsys, data_dir, interview, form, out, values=None):
    (path := out.with_suffix(".json")).write_text(json.dumps(values or {}, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form", form, "-o", out,
               "--values", str(path))


def _held_count(capsys, data_dir) -> int:
    return run_json(capsys, "stats", "--data-dir", data_dir)["interviews"]


# 1. an interview later today --------------------------------------------------------------------------------------
def test_an_interview_later_today_stays_scheduled_until_its_time_has_come(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "08:00")
    held_before = _held_count(capsys, data_dir)
    added = _add(capsys, data_dir, "--party", Q, "--time", "16:00", "--commitments", "停止拨打")
    assert added["state"] == "scheduled"
    assert _held_count(capsys, data_dir) == held_before
    given = {"time_to": "17:00", "issues": "骚扰电话"}
    code, _out, err = _issue(capsys, data_dir, added["id"], "interview_record", tmp_path / "r.pdf", given)
    assert code == 1 and "scheduled, not held yet" in err
    code, _out, err = run(capsys, "interviews", "follow-up", "--data-dir", data_dir, added["id"], "--on", TODAY,
                         "--result", "已整改")
    assert code == 1 and f"scheduled for {TODAY} 16:00, still to come" in err
    code, _out, err = run(capsys, "interviews", "held", "--data-dir", data_dir, added["id"])
    assert code == 1 and f"set for {TODAY} 16:00, still to come" in err
    # its notice is issued before it
    assert _issue(capsys, data_dir, added["id"], "interview_notice", tmp_path / "n.pdf",
                  {"contact_phone": "0757-83030000"})[0] == 0
    # once its time has come it is marked held: its record is issued and the statistics count it
    _at(monkeypatch, "16:30")
    assert run_json(capsys, "interviews", "held", "--data-dir", data_dir, added["id"])["state"] == "held"
    code, _out, err = _issue(capsys, data_dir, added["id"], "interview_record", tmp_path / "r.pdf", given)
    assert code == 0, err
    assert _held_count(capsys, data_dir) == held_before + 1


def test_an_interview_earlier_today_is_recorded_as_held(demo_db, data_dir, capsys, monkeypatch, english):
    _at(monkeypatch, "10:00")
    assert _add(capsys, data_dir, "--party", Q, "--time", "9:00")["state"] == "held"


# 2. the register's state column and 合计 ----------------------------------------------------------------------------
def _register(capsys, data_dir, tmp_path) -> list[list[str]]:
    target = tmp_path / "reg.csv"
    run_json(capsys, "interviews", "export", "--data-dir", data_dir, "-o", target)
    return list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))


def test_the_register_shows_each_state_and_totals_the_interviews_held_as_the_statistics(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "08:00")
    later = _add(capsys, data_dir, "--party", Q, "--time", "16:00")["id"]
    ahead = _add(capsys, data_dir, "--party", P, date="2026-12-20")["id"]
    rows = _register(capsys, data_dir, tmp_path)
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert header[-3:] == ["状态", "跟进结论", "约谈情况"] and len(total) == len(header)
    states = {r[0] + r[2]: r[-3] for r in body}
    assert states[TODAY + Q] == states["2026-12-20" + P] == "已安排"
    assert {r[-3] for r in body} - {"已安排"} == {"已约谈"}
    scheduled = sum(1 for r in body if r[-3] == "已安排")
    assert total[4] == f"{_held_count(capsys, data_dir)}次约谈（另{scheduled}次已安排）"
    assert later != ahead and scheduled >= 2
    # the attendees of the interviews held: not those summoned to one still to come
    assert int(total[5]) == sum(int(r[5]) for r in body if r[-3] == "已约谈")
    assert int(total[5]) < sum(int(r[5]) for r in body)


# 3. the time of day ---------------------------------------------------------------------------------------------
def test_noon_hours_are_read_as_noon_and_a_part_of_the_day_contradicting_the_hour_is_refused(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "08:00")
    noon = _add(capsys, data_dir, "--party", Q, "--time", "中午1时30分", date="2026-12-20")
    assert noon["held_at"] == "13:30"
    assert _add(capsys, data_dir, "--party", P, "--time", "中午12时", date="2026-12-20")["held_at"] == "12:00"
    notice = tmp_path / "n.pdf"
    assert _issue(capsys, data_dir, noon["id"], "interview_notice", notice, {"contact_phone": "0757-83030000"})[0] == 0
    assert "下午1时30分" in pdf_text(notice.read_bytes())
    before = demo_db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0]
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--date", "2026-12-20", "--party", Q,
                          "--time", "上午15时", *OFFICERS)
    assert code == 1 and err.startswith("Error: --time: “上午15时” is not a time of day: 15时 is not in the 上午"), err
    assert demo_db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0] == before


def test_the_records_end_time_prints_as_its_start(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "12:00")
    interview = _add(capsys, data_dir, "--party", Q, "--time", "9:00")["id"]
    record = tmp_path / "r.pdf"
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", record,
                             {"time_to": "11:00", "issues": "骚扰电话"})
    assert code == 0, err
    assert "9时00分至11时00分" in pdf_text(record.read_bytes()).replace("\n", "")


# 6. the 约谈事由 said of the parties --------------------------------------------------------------------------------
def test_a_topic_spoken_to_the_party_is_said_of_it_in_the_minutes_and_the_case_facts(
        demo_db, data_dir, capsys, tmp_path, monkeypatch):
    from workstation.store.interviews import case_prefill, get_interview

    _at(monkeypatch, "12:00")
    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", TODAY, "--time", "9:00",
                         "--topics", SPOKEN, "--place", "三楼会议室", "--party", P, "--party", Q, *OFFICERS[:4],
                         "--attendee", f"王五:法定代表人:{P}", "--attendee", f"赵六:法定代表人:{Q}",
                         "--commitments", "停止拨打")["id"]
    minutes = tmp_path / "m.pdf"
    code, _out, err = _issue(capsys, data_dir, interview, "interview_minutes", minutes)
    assert code == 0, err
    text = pdf_text(minutes.read_bytes()).replace("\n", "")
    assert "就拨打骚扰电话、未经同意发送商业短信问题对" in text and "你单位" not in text
    facts = case_prefill(demo_db, get_interview(demo_db, interview), get_interview(demo_db, interview).party_ids[0])
    assert "约谈事项：拨打骚扰电话、未经同意发送商业短信问题" in facts["facts"] and "你单位" not in facts["facts"]


def test_noon_and_night_hours_that_name_no_time_are_refused_and_half_past_eleven_is_noon():
    from workstation.validators import parse_time_of_day

    assert parse_time_of_day("中午11时30分") == (None, "11:30")
    for text in ("中午0时", "晚上12时"):  # 中午0时 was 12:00, 晚上12时 noon
        with pytest.raises(ValueError):
            parse_time_of_day(text)
