"""An interview's documents, figures and bundle conflicts agree with its register (found by the interviews audit):
a notice or record naming another party (name or code) or another time than the register's is refused naming the
field; an interview without a place gets no invented one (本局会议室, 局机关会议室) and its documents are refused until
one is written; an escalation to a case whose filing was declined (不予立案) is no 转立案查处 in the statistics nor in
the register's 合计; a conflict over an interview's or a case's parties shows their names, not their ids."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

from tests.helpers import open_db, run, run_json, send_bundle
from workstation import procedure
from workstation.records import Case
from workstation.store import agency_id_for_code, create_case, get_case, update_case
from workstation.store.interviews import get_interview, save_interview

P = "佛山市禅城区澄岚物业服务有限公司"
Q = "佛山市禅城区禾屿教育科技有限公司"
OFFICERS = ("--officer", "邓颖诗:科长", "--officer", "陈敏仪:科员")


def _add(capsys, data_dir, date, *options) -> str:
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", date, "--topics", "骚扰电话",
                    *OFFICERS, *options)["id"]


def _issue(capsys, data_dir, interview, form, out, values=None, *options):
    (path := out.with_suffix(".json")).write_text(json.dumps(values or {}, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form", form, "-o", out,
               "--values", str(path), *options)


def _documents(demo_db, interview) -> int:
    return demo_db.execute("SELECT COUNT(*) FROM documents WHERE interview_id = ?", [interview]).fetchone()[0]


def test_a_record_naming_another_party_or_time_is_refused_and_the_partys_own_is_issued_once(
        demo_db, data_dir, capsys, tmp_path, english):
    interview = _add(capsys, data_dir, "2026-12-02", "--party", Q, "--time", "9:30", "--place", "三楼会议室",
                     "--commitments", "停止", "--attendee", "王五:法定代表人")
    given = {"time_to": "10:00", "issues": "骚扰电话"}
    for values, label, said in (
            ({"party_name": "佛山市某某其他公司"}, "被约谈单位/被约谈人", f"which its details hold as {Q}"),
            ({"party_code": "91440101MA5CXXXX1B"}, "统一社会信用代码/身份证件号码", "correct them in the party's details"),
            ({"time_from": "14:00", "time_to": "15:00"}, "开始时间", "14时00分 is not what the interview's register says (9时30分)")):
        code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf",
                                 {**given, **values})
        assert code == 1 and err.startswith(f"Error: {label}: ") and said in err, err
    assert _documents(demo_db, interview) == 0
    # the same time written otherwise is the register's
    assert _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf",
                  {**given, "time_from": "上午9时30分", "party_name": Q})[0] == 0
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r2.pdf", given)
    assert code == 1 and "is issued for this interview and in force" in err  # recognised as Q's record
    assert _documents(demo_db, interview) == 1


def test_a_notice_with_another_time_than_the_register_is_refused(demo_db, data_dir, capsys, tmp_path, english):
    interview = _add(capsys, data_dir, "2026-12-20", "--party", P, "--time", "9:30", "--place", "三楼会议室")
    phone = {"contact_phone": "0757-83030000"}
    code, _out, err = _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf",
                             {**phone, "interview_time": "下午3时"})
    assert code == 1 and err.startswith("Error: 约谈时刻: 下午3时 is not what the interview's register says (上午9时30分)")
    assert _documents(demo_db, interview) == 0
    assert _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf",
                  {**phone, "interview_time": "9:30"})[0] == 0


def test_an_interview_without_a_place_gets_none_invented_and_its_documents_wait_for_it(
        demo_db, data_dir, capsys, tmp_path, english):
    from tests.helpers import pdf_text
    from workstation.documents.drafts import find_form, render_document
    from workstation.documents.interview_documents import draft_interview_document

    single = _add(capsys, data_dir, "2026-12-02", "--party", Q, "--time", "9:30", "--commitments", "停止")
    joint = _add(capsys, data_dir, "2026-12-03", "--party", P, "--party", Q, "--time", "9:30", "--commitments", "停止",
                 "--attendee", f"王五:法定代表人:{P}", "--attendee", f"赵六:法定代表人:{Q}")
    ahead = _add(capsys, data_dir, "2026-12-20", "--party", P, "--time", "9:30")
    for interview, form, values in ((ahead, "interview_notice", {"contact_phone": "0757-83030000"}),
                                    (single, "interview_record", {"time_to": "10:00"}), (joint, "interview_minutes", {})):
        code, _out, err = _issue(capsys, data_dir, interview, form, tmp_path / "d.pdf", values)
        assert code == 1 and err.startswith("Error: 约谈地点: 约谈地点 must be filled in before issuing"), err
        assert "record the 约谈地点 in the interview's editor (Edit interview)" in err
        assert _documents(demo_db, interview) == 0
        draft = draft_interview_document(demo_db, get_interview(demo_db, interview), find_form(form), blanks=[])
        text = pdf_text(render_document(draft, "pdf").data)
        assert "会议室" not in text, form  # neither 本局会议室 nor 局机关会议室
    # once recorded, the minutes print it
    save_interview(demo_db, replace(get_interview(demo_db, joint), place="三楼会议室"))
    assert _issue(capsys, data_dir, joint, "interview_minutes", tmp_path / "m.pdf")[0] == 0


def _register_total(capsys, data_dir, tmp_path) -> str:
    assert run(capsys, "interviews", "export", "--data-dir", data_dir, "-o", tmp_path / "台账.csv", "--force")[0] == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "台账.csv").read_text(encoding="utf-8-sig"))))
    return rows[-1][8]


def test_an_escalation_to_a_case_declined_is_no_escalation(demo_db, data_dir, capsys, tmp_path, english):
    interview = _add(capsys, data_dir, "2026-11-02", "--party", Q, "--time", "9:30", "--place", "三楼会议室",
                     "--deadline", "2026-11-20")
    before = run_json(capsys, "stats", "--data-dir", data_dir)
    total = int(_register_total(capsys, data_dir, tmp_path).removesuffix("次转立案"))
    party = get_interview(demo_db, interview).party_ids[0]
    case = create_case(demo_db, Case(case_number="", cause="涉嫌侵害消费者个人信息案", sector="education",
                                     agency_id=agency_id_for_code("440604"), status="pending_filing",
                                     party_ids=[party]))
    run_json(capsys, "interviews", "escalate", "--data-dir", data_dir, interview, case.id)
    escalated = run_json(capsys, "stats", "--data-dir", data_dir)
    assert escalated["interviews_follow_up"]["escalated"] == before["interviews_follow_up"]["escalated"] + 1
    assert _register_total(capsys, data_dir, tmp_path) == f"{total + 1}次转立案"

    procedure.apply(demo_db, case.id, "decline_filing", reason="不属于本局管辖")
    after = run_json(capsys, "stats", "--data-dir", data_dir)
    # the party stands where its own follow-up leaves it, as before the escalation: past its deadline without a report
    assert escalated["interviews_follow_up"]["overdue"] == before["interviews_follow_up"]["overdue"] - 1
    assert after["interviews_follow_up"] == before["interviews_follow_up"]
    assert after["interviews_follow_up_parties"] == before["interviews_follow_up_parties"]
    assert _register_total(capsys, data_dir, tmp_path) == f"{total}次转立案"


def _add_party(data_dir, record_id: str, name: str, *, case: bool = False) -> str:
    """The party ``name`` added to the interview (``case``: the case) ``record_id`` at ``data_dir``; its id."""
    db = open_db(data_dir)
    try:
        party = db.execute("SELECT id FROM parties WHERE name = ?", [name]).fetchone()[0]
        if case:
            found = get_case(db, record_id)
            update_case(db, replace(found, party_ids=[*found.party_ids, party]))
        else:
            found = get_interview(db, record_id)
            save_interview(db, replace(found, party_ids=[*found.party_ids, party]))
        return party
    finally:
        db.conn.close()


def test_a_conflict_over_the_parties_names_them(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    db = open_db(hq)
    try:
        interview = db.execute("SELECT interview_id FROM interview_parties GROUP BY interview_id "
                               "HAVING COUNT(*) > 1 LIMIT 1").fetchone()[0]
        case = db.execute("SELECT id FROM cases WHERE id NOT IN (SELECT case_id FROM case_parties cp JOIN parties p "
                          "ON p.id = cp.party_id WHERE p.name IN (?, ?)) LIMIT 1", [P, Q]).fetchone()[0]
    finally:
        db.conn.close()
    for record_id, is_case in ((interview, False), (case, True)):
        _add_party(station, record_id, P, case=is_case)
        _add_party(hq, record_id, Q, case=is_case)
    assert send_bundle(capsys, dirs, "s2.bundle")["conflicts"] >= 2
    conflicts = [c for c in run_json(capsys, "--data-dir", hq, "bundle", "conflicts") if c["field"] == "_parties"]
    assert {c["record_id"] for c in conflicts} == {interview, case}
    for conflict in conflicts:
        assert conflict["local_text"].endswith(Q) and conflict["incoming_text"].endswith(P)
        assert "[" not in conflict["local_text"] + conflict["incoming_text"]
    listed = run(capsys, "--data-dir", hq, "bundle", "conflicts")[1]
    assert f"{Q}; 南海区局: " in listed and "this installation: " in listed and "[[" not in listed


def test_an_interview_of_no_party_escalated_to_a_case_counts_in_the_register_total():
    """The whole interview's case (one of no party, such as an association's meeting) is an escalation too (review of
    s42: only the parties' own were read)."""
    from workstation.case_records import Interview
    from workstation.interview_register import escalated_to, register_totals

    meeting = Interview(subject="行业协会约谈", held_on="2026-05-01", agency_id="a", case_id="c1")
    assert escalated_to(meeting) == {"c1"}
    assert register_totals([["", "", "", "", "", 0, "", "", "", ""]], [meeting], {"c1"})[8] == "1次转立案"
