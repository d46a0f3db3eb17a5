"""Faults of the interviews audit (约谈): a follow-up recorded as not rectified or not verified keeps the interview
tracked (highlighted, noted in `interviews list`, on the deadline board) until it is escalated to a case or a later
follow-up finds it rectified, and the window and the register export show the outcome chosen (跟进结论); the list,
the export and the window find a joint interview by any of the cases its parties were escalated to, and the list
names them all; `interviews edit` names the option typed, never an internal field."""

from __future__ import annotations

import csv
import datetime as dt

from PySide6.QtCore import Qt

from tests.helpers import move_program_clock, run, run_json
from workstation.records import SHANGHAI, Case

P = "佛山市禅城区澄岚物业服务有限公司"
OFFICERS = ("--officer", "邓颖诗:科长", "--officer", "陈敏仪:科员", "--attendee", "王五:法定代表人")
TODAY = "2026-12-04"
HELD = "2026-11-02"
JOINT = "c2ff665f-c497-56ce-8d56-99e700f7bacb"  # 集体约谈: 霁川, 棠屿, 铂翊
NOT_RECTIFIED = "not rectified, to be escalated to a case"
UNVERIFIED = "not verified, to be verified again"


def _at(monkeypatch) -> None:
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{TODAY}T10:00").replace(tzinfo=SHANGHAI))


def _held(capsys, data_dir) -> str:
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--party", P, "--date", HELD,
                    "--time", "9:00", "--topics", "骚扰电话", "--commitments", "停止发送", "--deadline", "2026-11-20",
                    *OFFICERS)["id"]


def _follow_up(capsys, data_dir, interview, result, outcome):
    code, _out, err = run(capsys, "interviews", "follow-up", "--data-dir", data_dir, interview, "--on", "2026-12-01",
                          "--result", result, "--outcome", outcome)
    assert code == 0, err


def _row(capsys, data_dir, interview) -> dict:
    return next(r for r in run_json(capsys, "interviews", "list", "--data-dir", data_dir) if r["id"] == interview)


def _note(capsys, data_dir, interview) -> str:
    code, out, _err = run(capsys, "interviews", "list", "--data-dir", data_dir)
    return next(line for line in out.splitlines() if line.startswith(interview)).split("\t")[-1]


def _on_board(capsys, data_dir, interview) -> bool:
    return any(d.get("interview_id") == interview for d in run_json(capsys, "clocks", "--data-dir", data_dir))


def _export(capsys, data_dir, path, *options) -> list[list[str]]:
    code, _out, err = run(capsys, "interviews", "export", "--data-dir", data_dir, "--output", path, *options)
    assert code == 0, err
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


# 1. a party not rectified or not verified stays tracked ---------------------------------------------------------------
def test_a_follow_up_not_rectified_or_not_verified_keeps_the_interview_tracked(demo_db, data_dir, capsys,
                                                                              monkeypatch, english):
    _at(monkeypatch)
    interview = _held(capsys, data_dir)
    _follow_up(capsys, data_dir, interview, "负责人称正在整改中", "unverified")
    row = _row(capsys, data_dir, interview)
    assert row["overdue"] and row["follow_up_pending"] == "unverified"
    assert _note(capsys, data_dir, interview) == UNVERIFIED
    assert _on_board(capsys, data_dir, interview)

    _follow_up(capsys, data_dir, interview, "复查发现仍在发送商业短信", "not_rectified")
    row = _row(capsys, data_dir, interview)
    assert row["overdue"] and row["follow_up_pending"] == "not_rectified"
    assert _note(capsys, data_dir, interview) == NOT_RECTIFIED
    assert _on_board(capsys, data_dir, interview)

    _follow_up(capsys, data_dir, interview, "已整改完毕", "rectified")  # a later follow-up found it rectified
    row = _row(capsys, data_dir, interview)
    assert not row["overdue"] and row["follow_up_pending"] is None
    assert not _on_board(capsys, data_dir, interview)


def test_the_register_export_and_the_window_show_the_outcome(demo_db, data_dir, capsys, monkeypatch, english,
                                                              make_window, tmp_path):
    _at(monkeypatch)
    interview = _held(capsys, data_dir)
    _follow_up(capsys, data_dir, interview, "复查发现仍在发送商业短信", "not_rectified")
    rows = _export(capsys, data_dir, tmp_path / "reg.csv")
    header = rows[0]
    assert "跟进结论" in header
    mine = next(r for r in rows[1:] if r[0] == HELD and P in r[2])
    assert mine[header.index("跟进结论")] == "未整改，待转立案"
    assert len(rows[-1]) == len(header)  # the 合计 row keeps to the columns

    page = make_window(demo_db).interviews_page
    page.on = TODAY
    page.refresh()
    model = page.model
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Follow-up outcome" in heads
    at = next(n for n, r in enumerate(model.records) if r.interview.id == interview)
    assert model.records[at].overdue
    assert model.data(model.index(at, heads.index("Follow-up outcome"))) == NOT_RECTIFIED


# 2. a joint interview escalated to two cases ------------------------------------------------------------------------
def test_a_joint_interview_is_found_by_each_case_in_the_list_the_export_and_the_window(
        demo_db, data_dir, capsys, monkeypatch, english, make_window, tmp_path):
    from workstation.store import agency_id_for_code, create_case, get_case
    from workstation.store.interviews import escalate_to_case, get_interview, record_follow_up

    _at(monkeypatch)
    numbers = []
    for party in get_interview(demo_db, JOINT).party_ids[:2]:
        case = create_case(demo_db, Case(case_number="", cause="涉嫌违法使用消费者个人信息案", sector="real_estate",
                                          agency_id=agency_id_for_code("440600"), status="investigating",
                                          filed_on="2026-11-20", party_ids=[party]))
        record_follow_up(demo_db, JOINT, "2026-11-19", "复查仍有投诉，未整改", party_id=party, outcome="not_rectified")
        escalate_to_case(demo_db, JOINT, case.id)
        numbers.append(get_case(demo_db, case.id).case_number)
    assert all(numbers) and numbers[0] != numbers[1]
    second = numbers[1]
    listed = run_json(capsys, "interviews", "list", "--data-dir", data_dir, "--search", second)
    assert [r["id"] for r in listed] == [JOINT]
    assert all(n in listed[0]["case"] for n in numbers)  # the column names every case
    code, out, _err = run(capsys, "interviews", "list", "--data-dir", data_dir, "--search", second)
    assert all(n in out for n in numbers)
    rows = _export(capsys, data_dir, tmp_path / "found.csv", "--search", second)
    assert len(rows) == 3  # the header, the interview, the 合计 row

    page = make_window(demo_db).interviews_page
    page.on = TODAY
    page.refresh()
    page.search.setText(second)
    page.show_rows()
    assert [r.interview.id for r in page.model.records] == [JOINT]


# 3. the option typed, not the field -----------------------------------------------------------------------------------
def test_edit_names_the_option_typed_for_the_follow_up_date(demo_db, data_dir, capsys, monkeypatch, english):
    _at(monkeypatch)
    interview = _held(capsys, data_dir)
    _follow_up(capsys, data_dir, interview, "已整改完毕", "rectified")
    code, _out, err = run(capsys, "interviews", "edit", "--data-dir", data_dir, interview, "--date", "2026-12-02",
                          "--deadline", "2026-12-03")
    assert code != 0
    assert "follow_up_on" not in err and "--date" in err
