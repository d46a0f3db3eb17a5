"""A joint interview's follow-up and escalation are each party's own (m038 ``party_results``): escalating one of the
three developers of the demo's joint interview leaves the two that rectified counted as rectified, a follow-up may
be recorded for one party, the new case opened from an interview starts with the party escalated alone, its facts,
its interviewers as officers and the bureau filing it, and names the interview in its timeline; the deadline
board's officer filter shows the interviews the officer held."""

import json
from dataclasses import replace

import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.helpers import run, run_json
from ui.case_dialog import CaseDialog
from workstation import clocks
from workstation.db import schema
from workstation.errors import WorkstationError
from workstation.records import Case, Interview
from workstation.store import agency_id_for_code, create_case, find_case
from workstation.store.cases import case_timeline
from workstation.store.interviews import (
    case_prefill,
    escalate_to_case,
    get_interview,
    party_result,
    record_follow_up,
    save_interview,
)

DEVELOPERS = "c2ff665f-c497-56ce-8d56-99e700f7bacb"  # the demo's joint interview of three developers, all rectified
MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # one association, never followed up
SANSHUI = "佛山市三水区铂翊房地产开发有限公司"


def party_id(db, name: str) -> str:
    return db.execute("SELECT id FROM parties WHERE name = ?", [name]).fetchone()[0]


def case_against(db, party_ids, cause="涉嫌违法使用购房人个人信息案") -> Case:
    return create_case(db, Case(case_number="", cause=cause, sector="real_estate",
                                agency_id=agency_id_for_code("440600"), status="pending_filing",
                                party_ids=list(party_ids)))


def follow_up_stats(data_dir, capsys) -> tuple[dict, dict]:
    stats = run_json(capsys, "stats", "--data-dir", data_dir)
    return stats["interviews_follow_up"], stats["interviews_follow_up_parties"]


def test_escalating_one_developer_leaves_the_two_that_rectified_rectified(demo_db, data_dir, capsys):
    times, parties = follow_up_stats(data_dir, capsys)
    case = case_against(demo_db, [party_id(demo_db, SANSHUI)])
    assert run(capsys, "interviews", "escalate", DEVELOPERS, case.id, "--not-rectified", "--data-dir",
               data_dir)[0] == 0
    after_times, after_parties = follow_up_stats(data_dir, capsys)
    # the interview is one 次 more escalated and still one 次 rectified; one 家 moves from rectified to escalated
    assert after_times["rectified"] == times["rectified"]
    assert after_times["escalated"] == times["escalated"] + 1
    assert after_parties["rectified"]["units"] == parties["rectified"]["units"] - 1
    assert after_parties["escalated"]["units"] == parties["escalated"]["units"] + 1
    [listed] = [r for r in run_json(capsys, "interviews", "list", "--data-dir", data_dir) if r["id"] == DEVELOPERS]
    escalated = {r["party"]: r["case_id"] for r in listed["party_results"]}
    assert len(escalated) == 3 and [name for name, case_id in escalated.items() if case_id] == [SANSHUI]
    interview = get_interview(demo_db, DEVELOPERS)
    assert [party_result(interview, p).case_id for p in interview.party_ids].count(case.id) == 1
    assert party_result(interview, party_id(demo_db, SANSHUI)).case_id == case.id


def test_a_follow_up_recorded_for_one_party_leaves_the_others_theirs(demo_db, data_dir, capsys):
    interview = get_interview(demo_db, DEVELOPERS)
    before, _parties = follow_up_stats(data_dir, capsys)
    assert run(capsys, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-20", "--result", "复查发现仍未整改到位",
               "--party", "铂翊", "--data-dir", data_dir)[0] == 0
    again = get_interview(demo_db, DEVELOPERS)
    sanshui = party_id(demo_db, SANSHUI)
    assert party_result(again, sanshui).follow_up_result == "复查发现仍未整改到位"
    others = [party_result(again, p) for p in again.party_ids if p != sanshui]
    assert {(r.follow_up_on, r.follow_up_result) for r in others} == {(interview.follow_up_on,
                                                                        interview.follow_up_result)}
    times, parties = follow_up_stats(data_dir, capsys)
    # one interview, counted under each result one of its parties has
    assert (times["rectified"], times["not_rectified"]) == (before["rectified"], before["not_rectified"] + 1)
    assert parties["not_rectified"]["units"] == 1
    # the party not rectified is escalated without a confirmation; one that rectified still needs it
    case = case_against(demo_db, [sanshui])
    assert escalate_to_case(demo_db, DEVELOPERS, case.id).case_id == case.id
    other = case_against(demo_db, [again.party_ids[0] if again.party_ids[0] != sanshui else again.party_ids[1]])
    with pytest.raises(WorkstationError, match="已报送整改情况"):
        escalate_to_case(demo_db, DEVELOPERS, other.id)


def test_a_party_not_interviewed_is_refused_naming_the_parties(demo_db, data_dir, capsys, english):
    code, out, err = run(capsys, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-20", "--result", "未整改",
                         "--party", "小额贷款", "--data-dir", data_dir)
    assert code == 1 and out == "" and "小额贷款 was not interviewed here" in err and SANSHUI in err
    assert get_interview(demo_db, DEVELOPERS).party_results == {}


def test_a_party_escalated_keeps_its_case_and_another_goes_to_its_own(demo_db, english):
    sanshui = party_id(demo_db, SANSHUI)
    first = case_against(demo_db, [sanshui])
    escalate_to_case(demo_db, DEVELOPERS, first.id, not_rectified=True)
    second = case_against(demo_db, [sanshui], cause="另案")
    with pytest.raises(WorkstationError, match=f"{SANSHUI} of this interview was already escalated to case"):
        escalate_to_case(demo_db, DEVELOPERS, second.id, not_rectified=True)
    other_party = next(p for p in get_interview(demo_db, DEVELOPERS).party_ids if p != sanshui)
    third = case_against(demo_db, [other_party])
    interview = escalate_to_case(demo_db, DEVELOPERS, third.id, not_rectified=True)
    assert (party_result(interview, sanshui).case_id, party_result(interview, other_party).case_id) == (
        first.id, third.id)


def test_m038_gives_each_party_the_case_its_interview_was_escalated_to(tmp_path, monkeypatch):
    from workstation.db import open_database

    path = tmp_path / "old.db"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:37])
        db = open_database(path)
        db.execute("PRAGMA foreign_keys = OFF")  # the interviews alone: their agency, parties and case are not read
        for iid, case in (("i1", "c1"), ("i2", None)):
            db.execute("INSERT INTO interviews (id, agency_id, held_on, subject, kind, follow_up_result, case_id, "
                       "created_at, updated_at) VALUES (?, 'a1', '2026-05-01', '约谈', 'joint', '已整改', ?, '2026-05-01', "
                       "'2026-05-01')", [iid, case])
            db.conn.executemany("INSERT INTO interview_parties (interview_id, party_id) VALUES (?, ?)",
                                [(iid, "p1"), (iid, "p2")])
        db.conn.commit()
        db.conn.close()
    db = open_database(path)
    escalated, kept = get_interview(db, "i1"), get_interview(db, "i2")
    assert escalated.party_results == {"p1": {"case_id": "c1"}, "p2": {"case_id": "c1"}}
    assert [party_result(escalated, p).case_id for p in ("p1", "p2")] == ["c1", "c1"]
    assert kept.party_results == {} and party_result(kept, "p2").follow_up_result == "已整改"
    # written as the store writes it: saving the interview again leaves the column as it was (no change to send)
    stored = db.execute("SELECT party_results FROM interviews WHERE id = 'i1'").fetchone()[0]
    assert stored == json.dumps(escalated.party_results, ensure_ascii=False)


def town_interview(db) -> Interview:
    """An interview held by 祖庙所 (a town office of 禅城区局) by one officer of its own and one of its bureau."""
    office = agency_id_for_code("440604012")
    interview = get_interview(db, MICRO_LOAN)
    return save_interview(db, replace(interview, id="town-interview", agency_id=office, attendees=[
        {"name": "张颖诗", "organisation": "祖庙市场监督管理所", "post": "所长"},
        {"name": "某会长", "organisation": "佛山市小额贷款行业协会", "post": "会长"},
        {"name": "邓颖诗", "organisation": "禅城区市场监督管理局", "post": "科员"}],
        topics="1.会员单位违法收集借款人个人信息的问题", commitments="十五个工作日内完成自查整改",
        rectification_due="2026-07-03", follow_up_on="2026-07-10", follow_up_result="逾期未报送整改情况"))


def test_a_case_from_a_town_offices_interview_starts_with_its_facts_officers_and_bureau(demo_db):
    interview = town_interview(demo_db)
    prefill = case_prefill(demo_db, interview)
    assert prefill["agency_id"] == agency_id_for_code("440604")  # the district bureau files the case
    officers = [demo_db.execute("SELECT name FROM officers WHERE id = ?", [o]).fetchone()[0]
                for o in prefill["officer_ids"]]
    assert officers == ["张颖诗", "邓颖诗"]
    facts = prefill["facts"]
    assert interview.held_on == "2026-06-11"  # dated in Chinese, as the 立案审批表 prints them (session 55)
    assert facts.startswith("2026年6月11日，佛山市禅城区市场监督管理局祖庙市场监督管理所对")
    assert "约谈事项：会员单位违法收集借款人个人信息的问题" in facts and "当事人承诺：十五个工作日内完成自查整改。" in facts
    assert "整改期限：2026年7月3日。" in facts and "2026年7月10日回访复查情况：逾期未报送整改情况。" in facts


def test_the_case_of_a_joint_interview_names_only_its_party_and_its_timeline_the_interview(demo_db):
    interview = get_interview(demo_db, DEVELOPERS)
    sanshui = party_id(demo_db, SANSHUI)
    prefill = case_prefill(demo_db, interview, sanshui)
    assert prefill["cause"].startswith(SANSHUI) and "与佛山市顺德区霁川房地产开发有限公司" in prefill["facts"]
    assert prefill["agency_id"] == interview.agency_id  # the city bureau's own interview
    assert len(prefill["officer_ids"]) == 2  # 欧文辉 and 冯俊杰; the developers' representatives are no officers
    case = case_against(demo_db, [sanshui])
    escalate_to_case(demo_db, DEVELOPERS, case.id, not_rectified=True)
    [entry] = [e for e in case_timeline(demo_db, find_case(demo_db, case.id)) if e.kind == "interview"]
    assert entry.on_date == interview.held_on and interview.subject in entry.text and SANSHUI in entry.text
    assert "霁川" not in entry.text.split(":")[-1]


def test_the_board_lists_an_interview_under_its_interviewers(demo_db):
    interview = town_interview(demo_db)
    save_interview(demo_db, replace(interview, follow_up_on=None, follow_up_result=""))
    officer = demo_db.execute("SELECT id FROM officers WHERE name = '张颖诗'").fetchone()[0]
    rows = [d for d in clocks.board(demo_db, on="2026-07-10", officer_id=officer) if d.interview_id]
    assert [d.interview_id for d in rows] == ["town-interview"]
    assert rows[0].officers == "张颖诗、邓颖诗" and rows[0].state == "overdue"
    other = demo_db.execute("SELECT id FROM officers WHERE name = '霍国栋'").fetchone()[0]
    assert not [d for d in clocks.board(demo_db, on="2026-07-10", officer_id=other) if d.interview_id]


def _developers_selected(make_window, db):
    """The window's 约谈 page on 2026-11-29 with the developers' joint interview selected."""
    window = make_window(db)
    page = window.interviews_page
    page.on = "2026-11-29"
    page.refresh()
    page.select(DEVELOPERS)
    return page


def test_escalating_a_joint_interview_in_the_window_asks_which_party(demo_db, make_window, prompts):
    page = _developers_selected(make_window, demo_db)
    sanshui = party_id(demo_db, SANSHUI)
    prompts.confirm_answer = True  # its follow-up tells of a rectification: the officer says it was not made
    seen = {}

    def fill_case():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CaseDialog)
        seen.update(parties=dialog.party_ids(), facts=dialog.facts.toPlainText(), officers=dialog.officer_ids())
        dialog.sector.setCurrentIndex(dialog.sector.findData("real_estate"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    interview = get_interview(demo_db, DEVELOPERS)
    prompts.choices.append(interview.party_ids.index(sanshui))  # all three rectified: offered in their order
    prompts.texts.append("")  # a new case
    QTimer.singleShot(0, fill_case)
    page.buttons["escalate"].click()
    assert prompts.errors == []
    assert len(prompts.offered[0]) == 4 and SANSHUI in prompts.offered[0][1 + interview.party_ids.index(sanshui)]
    assert seen["parties"] == [sanshui] and SANSHUI in seen["facts"] and len(seen["officers"]) == 2
    after = get_interview(demo_db, DEVELOPERS)
    escalated = [p for p in after.party_ids if party_result(after, p).case_id]
    assert escalated == [sanshui]
    # the two others may still be escalated: the button stays enabled
    page.select(DEVELOPERS)
    assert page.buttons["escalate"].isEnabled()


def test_recording_a_follow_up_for_every_party_keeps_their_cases(demo_db):
    sanshui = party_id(demo_db, SANSHUI)
    case = case_against(demo_db, [sanshui])
    escalate_to_case(demo_db, DEVELOPERS, case.id, not_rectified=True)
    record_follow_up(demo_db, DEVELOPERS, "2026-07-01", "三家均已整改")
    after = get_interview(demo_db, DEVELOPERS)
    assert party_result(after, sanshui).case_id == case.id
    assert {party_result(after, p).follow_up_result for p in after.party_ids} == {"三家均已整改"}


def test_the_follow_up_dialog_records_one_partys_and_the_register_shows_each(demo_db, make_window, prompts):
    from ui.interview_dialog import FollowUpDialog

    page = _developers_selected(make_window, demo_db)
    sanshui = party_id(demo_db, SANSHUI)
    seen = {}

    def follow_up():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FollowUpDialog)
        seen["offered"] = [dialog.party.itemData(i) for i in range(dialog.party.count())]
        dialog.party.setCurrentIndex(dialog.party.findData(sanshui))
        dialog.on.setText("2026-06-20")
        dialog.result.setPlainText("复查发现仍未整改到位")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, follow_up)
    page.buttons["follow_up"].click()
    interview = get_interview(demo_db, DEVELOPERS)
    assert seen["offered"] == [None, *interview.party_ids]
    assert party_result(interview, sanshui).follow_up_result == "复查发现仍未整改到位"
    assert {party_result(interview, p).follow_up_result for p in interview.party_ids if p != sanshui} == {
        interview.follow_up_result}
    row = [r for r in page.model.records if r.interview.id == DEVELOPERS][0]
    shown = row.follow_up()
    from workstation.i18n import _ as translated

    assert translated("{party}: {result}").format(party=SANSHUI, result="2026-06-20 复查发现仍未整改到位") in shown
    assert "霁川" in shown


def test_the_window_refuses_a_named_case_against_another_party_than_the_one_chosen(demo_db, make_window, prompts):
    page = _developers_selected(make_window, demo_db)
    prompts.confirm_answer = True
    interview = get_interview(demo_db, DEVELOPERS)
    sanshui = party_id(demo_db, SANSHUI)
    other = next(p for p in interview.party_ids if p != sanshui)
    case = case_against(demo_db, [other])
    prompts.choices.append(interview.party_ids.index(sanshui))
    prompts.texts.append(case.id)
    page.buttons["escalate"].click()
    [error] = prompts.errors
    assert SANSHUI in error and case.id not in {party_result(get_interview(demo_db, DEVELOPERS), p).case_id
                                                for p in interview.party_ids}


@pytest.fixture
def exchange(station_and_hq_template, tmp_path):
    from tests.helpers import copy_station_and_hq

    return copy_station_and_hq(station_and_hq_template(), tmp_path)


def test_a_partys_own_follow_up_travels_to_headquarters(capsys, exchange):
    from tests.helpers import open_db

    station, hq = exchange / "station", exchange / "hq"
    assert run(capsys, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-20", "--result", "复查发现仍未整改到位",
               "--party", "铂翊", "--data-dir", station)[0] == 0
    run_json(capsys, "--data-dir", station, "bundle", "export", "-o", exchange / "a.bundle")
    run_json(capsys, "--data-dir", hq, "bundle", "import", exchange / "a.bundle", "--trust")
    db = open_db(hq)
    try:
        interview = get_interview(db, DEVELOPERS)
        assert party_result(interview, party_id(db, SANSHUI)).follow_up_result == "复查发现仍未整改到位"
    finally:
        db.conn.close()
