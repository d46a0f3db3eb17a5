"""The 约谈纪要's attendee lines name the parties' people by the parties' kind, as the 约谈记录 does (s52): a natural
person is 被约谈人, not a unit — 被约谈单位参加人员 for units, 被约谈人参加人员 for natural persons, 被约谈方参加人员
when the line holds both."""

from __future__ import annotations

import datetime as dt
import json

from tests.helpers import move_program_clock, pdf_text, run, run_json
from workstation.records import SHANGHAI

P = "佛山市禅城区澄岚物业服务有限公司"
Q = "佛山市禅城区禾屿教育科技有限公司"
OFFICERS = ("--officer", "邓颖诗:科长", "--officer", "陈敏仪:科员")


def _person(db, name="张三", number="44060519900101123"):
    from workstation.case_records import Party
    from workstation.store.parties import save_party
    from workstation.validators import id_check_character

    return save_party(db, Party(name=name, kind="person", id_number=number + id_check_character(number),
                                address="佛山市南海区桂城街道1号"))


def _minutes(capsys, data_dir, tmp_path, monkeypatch, *options) -> str:
    """The text of the 约谈纪要 issued for an interview held today of the parties and attendees ``options``."""
    move_program_clock(monkeypatch, dt.datetime(2026, 12, 4, 12, tzinfo=SHANGHAI))
    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", "2026-12-04", "--time",
                         "9:00", "--topics", "骚扰电话", "--place", "三楼会议室", *OFFICERS, *options)["id"]
    (values := tmp_path / "m.json").write_text(json.dumps({"agreed": "各方承诺停止拨打"}, ensure_ascii=False), "utf-8")
    code, _out, err = run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form",
                          "interview_minutes", "-o", out := tmp_path / "m.pdf", "--values", values)
    assert code == 0, err
    return pdf_text(out.read_bytes())


def test_the_minutes_name_a_natural_person_s_people_as_the_interviewee_s(demo_db, data_dir, capsys, tmp_path,
                                                                          monkeypatch, english):
    person, other = _person(demo_db), _person(demo_db, "李四", "44060519850505123")
    text = _minutes(capsys, data_dir, tmp_path, monkeypatch, "--party", person.id, "--party", other.id,
                    "--attendee", "张三:本人:张三", "--attendee", "李四:本人:李四")
    assert "被约谈人参加人员：张三（张三本人）、李四（李四本人）" in text, text
    assert "被约谈单位参加人员" not in text, text


def test_the_minutes_of_a_person_and_a_unit_name_both_as_parties_interviewed(demo_db, data_dir, capsys, tmp_path,
                                                                              monkeypatch, english):
    person = _person(demo_db)
    text = _minutes(capsys, data_dir, tmp_path, monkeypatch, "--party", person.id, "--party", Q,
                    "--attendee", "张三:本人:张三", "--attendee", f"赵六:经理:{Q}")
    assert f"被约谈方参加人员：张三（张三本人）、赵六（{Q}经理）" in text, text
    assert "被约谈单位参加人员" not in text, text


def test_the_minutes_of_units_still_name_their_people_as_the_units(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                                   english):
    text = _minutes(capsys, data_dir, tmp_path, monkeypatch, "--party", P, "--party", Q,
                    "--attendee", f"王五:法定代表人:{P}", "--attendee", f"赵六:经理:{Q}")
    assert f"被约谈单位参加人员：王五（{P}法定代表人）、赵六（{Q}经理）" in text, text
