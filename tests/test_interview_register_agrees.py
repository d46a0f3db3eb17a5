"""An interview's documents agree with its register (found by the interviews audit): the 约谈记录 of an interview
held without commitments tells the party to report within 15 working days, and the register now follows that
deadline up (it stayed empty: never on the board, never overdue); a document issued with another interview day,
place or deadline than the register's is refused, as is a 整改期限 whose period does not end on the 截止日期 beside
it; a notice, record or minutes in force is not issued twice; a follow-up saying the bureau goes on watching
(我局仍在持续跟踪) after a rectification is no "not rectified"."""

import datetime as dt
import json

import pytest

from tests.helpers import run, run_json
from tests.test_interview12 import STUDIO
from workstation.store.interviews import NOT_RECTIFIED, get_interview

HELD = "2026-11-10"  # a Tuesday: fifteen working days on is 2026-12-01


def _held(capsys, data_dir, *options):
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", STUDIO,
                    "--date", HELD, "--time", "9:30", "--place", "高明区市场监督管理局三楼会议室", "--topics", "用户投诉反映发送营销短信",
                    "--officer", "李明:科长", "--officer", "黄晓:科员", "--attendee", "王五:经营者", *options)["id"]


def _issue(capsys, data_dir, interview, form, out, values=None):
    """Issue ``form`` with ``values`` (a record with the time it ended, which the register does not keep)."""
    values = {**({"time_to": "11时00分"} if form == "interview_record" else {}), **(values or {})}
    (path := out.with_suffix(".json")).write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    options = ["--values", str(path)]
    return run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form", form, "-o", out, *options)


def _documents(demo_db, interview) -> int:
    return demo_db.execute("SELECT COUNT(*) FROM documents WHERE interview_id = ?", [interview]).fetchone()[0]


def test_the_record_of_an_interview_without_a_deadline_sets_the_one_it_prints(demo_db, data_dir, capsys, tmp_path):
    interview = _held(capsys, data_dir)
    assert get_interview(demo_db, interview).rectification_due is None  # no commitments: none by default
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "记录.pdf")
    assert code == 0, err
    assert get_interview(demo_db, interview).rectification_due == "2026-12-01"
    [row] = demo_db.execute("SELECT values_json FROM documents WHERE interview_id = ?", [interview]).fetchall()
    assert json.loads(row[0])["deadline"] == "2026-12-01"  # printed beside 15个工作日内…
    listed = {r["id"]: r for r in run_json(capsys, "interviews", "list", "--data-dir", data_dir, "--as-of", "2026-12-03")}
    assert listed[interview]["overdue"]  # followed up now: past its deadline with no follow-up
    board = run_json(capsys, "clocks", "--data-dir", data_dir, "--as-of", "2026-11-20")
    assert any(d.get("interview_id") == interview and d["due"] == "2026-12-01" for d in board)


def test_a_period_of_its_own_wording_sets_the_deadline_it_counts_to(demo_db, data_dir, capsys, tmp_path):
    interview = _held(capsys, data_dir)
    assert _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf",
                  {"deadline_text": "20日内书面报送整改情况"})[0] == 0
    assert get_interview(demo_db, interview).rectification_due == "2026-11-30"


def test_a_period_that_cannot_be_counted_asks_for_the_date(demo_db, data_dir, capsys, tmp_path, english):
    interview = _held(capsys, data_dir)
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf",
                             {"deadline_text": "尽快书面报送整改情况"})
    assert code == 1 and "names no period to count it from" in err
    assert _documents(demo_db, interview) == 0 and get_interview(demo_db, interview).rectification_due is None


@pytest.mark.parametrize(("form", "values", "field"), [
    ("interview_record", {"deadline": "2026-12-31"}, "2026-12-31 is not what the interview's register says"),
    ("interview_record", {"held_on": "2026-11-13"}, "2026-11-13 is not what the interview's register says"),
    ("interview_record", {"place": "另一会议室"}, "另一会议室 is not what the interview's register says"),
    # the period and the date beside it: 30 days from 11-10 end on 12-10
    ("interview_record", {"deadline_text": "30日内书面报送整改情况"}, "ends on 2026-12-10, not on"),
])
def test_a_document_saying_another_day_place_or_deadline_than_the_register_is_refused(
        demo_db, data_dir, capsys, tmp_path, english, form, values, field):
    interview = _held(capsys, data_dir, "--commitments", "停止发送营销短信", "--deadline", "2026-12-01")
    code, _out, err = _issue(capsys, data_dir, interview, form, tmp_path / "r.pdf", values)
    assert code == 1 and field in err and err.count("\n") == 1
    assert _documents(demo_db, interview) == 0 and get_interview(demo_db, interview).rectification_due == "2026-12-01"


def test_the_notice_says_the_registers_day(demo_db, data_dir, capsys, tmp_path, english):
    coming = (dt.date.fromisoformat(demo_db.execute("SELECT date('now', '+8 hours')").fetchone()[0])
              + dt.timedelta(days=10)).isoformat()
    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", STUDIO,
                         "--date", coming, "--time", "9:30", "--place", "三楼会议室", "--topics", "营销短信",
                         "--officer", "李明:科长", "--officer", "黄晓:科员")["id"]
    later = (dt.date.fromisoformat(coming) + dt.timedelta(days=6)).isoformat()
    code, _out, err = _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf",
                             {"interview_on": later})
    assert code == 1 and f"{later} is not what the interview's register says ({coming})" in err
    assert _documents(demo_db, interview) == 0
    assert _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", {"place": "三楼会议室"})[0] == 0


def test_a_record_in_force_is_not_issued_twice(demo_db, data_dir, capsys, tmp_path, english):
    interview = _held(capsys, data_dir)
    assert _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r1.pdf")[0] == 0
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r2.pdf")
    assert code == 1 and "is issued for this interview and in force" in err
    assert _documents(demo_db, interview) == 1 and not (tmp_path / "r2.pdf").exists()


@pytest.mark.parametrize(("result", "not_rectified"), [
    ("企业已完成整改，我局仍在持续跟踪", False),
    ("已整改，仍有待观察", False),
    ("已整改到位", False),
    ("仍在发送营销短信", True),
    ("仍在持续发送营销短信", True),
    ("仍然存在问题", True),
    ("复查发现仍未整改到位", True),
])
def test_a_follow_up_saying_the_bureau_goes_on_watching_is_no_refusal_to_rectify(result, not_rectified):
    assert bool(NOT_RECTIFIED.search(result)) is not_rectified


def test_a_case_filed_before_the_interview_is_no_escalation_of_it(demo_db, english):
    from dataclasses import replace

    from tests.test_interview_escalation import MICRO_LOAN, audit_rows, case_against
    from workstation.errors import WorkstationError
    from workstation.store import get_case
    from workstation.store.cases import update_case
    from workstation.store.interviews import escalate_to_case

    interview = get_interview(demo_db, MICRO_LOAN)
    case = case_against(demo_db, interview.party_ids)
    day_before = (dt.date.fromisoformat(interview.held_on) - dt.timedelta(days=1)).isoformat()
    update_case(demo_db, replace(get_case(demo_db, case.id), case_number="佛市监立〔2026〕99号", status="investigating",
                                 filed_on=day_before), allow_status_change=True)
    before = audit_rows(demo_db)
    with pytest.raises(WorkstationError, match=f"was filed on {day_before}, before the interview of "
                                               f"{interview.held_on}"):
        escalate_to_case(demo_db, MICRO_LOAN, case.id, not_rectified=True)
    assert get_interview(demo_db, MICRO_LOAN).case_id is None and audit_rows(demo_db) == before
    update_case(demo_db, replace(get_case(demo_db, case.id), filed_on=interview.held_on), allow_status_change=True)
    assert escalate_to_case(demo_db, MICRO_LOAN, case.id, not_rectified=True).case_id == case.id


def test_a_lead_received_after_the_interview_is_not_what_it_was_held_for(demo_db, data_dir, capsys, english):
    from tests.test_interview12 import LEAD

    received = demo_db.execute("SELECT received_at FROM leads WHERE id = ?", [LEAD]).fetchone()[0][:10]
    before = demo_db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0]
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", STUDIO,
                          "--date", "2026-01-10", "--officer", "李明:科长", "--officer", "黄晓:科员", "--lead", LEAD)
    assert code == 1 and f"The lead was received on {received}, after the interview of 2026-01-10" in err
    assert demo_db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0] == before
    assert _held(capsys, data_dir, "--lead", LEAD)  # held after it: named


def test_a_voided_interview_is_refused_its_record_as_voided(demo_db, data_dir, capsys, tmp_path, english):
    interview = _held(capsys, data_dir)
    assert run(capsys, "interviews", "void", "--data-dir", data_dir, interview, "--reason", "误录")[0] == 0
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf")
    assert code == 1 and "The interview was voided (误录): no 约谈记录 is written for it." in err
