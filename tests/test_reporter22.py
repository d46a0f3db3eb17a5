"""A lead the bureau found in its own inspection (监督检查) has no reporter: a reporter's number is refused when it is
registered (the dialog and `leads add`), and one kept by old data gives it no T24 on the deadline board and no
告知举报人. The interview register finds a joint interview by the case its second party was escalated to, and the
register's export and `interviews list` name the cases of the whole list in a bounded number of statements."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import open_db, run, run_json, statements_run
from ui.lead_dialog import LeadDialog
from workstation import cli, clocks
from workstation.errors import TransitionRefused
from workstation.interview_register import register_rows
from workstation.leads_workflow import decide_lead, get_lead_row, reporter_refusal, tell_reporter
from workstation.records import Case, Interview, Lead, Party
from workstation.store import agency_id_for_code, create_case, save_party
from workstation.store.base import set_setting
from workstation.store.interviews import list_interviews, save_interview
from workstation.store.leads import save_lead

NANHAI = "440605"
NUMBERS = ("佛南市监立〔2026〕31号", "佛南市监立〔2026〕32号")


# ---- an inspection lead has no reporter -----------------------------------------------------------------------------

def _decided(db, source: str) -> dict:
    """A lead of ``source`` kept with a reporter's name and number (as older data may hold them), decided not to
    file: a named report when it was reported (a name with a phone: tests/test_s52_named_report.py)."""
    lead = save_lead(db, Lead(source=source, received_at="2026-03-02T10:00:00+08:00", description="检查发现泄露信息",
                              agency_id=agency_id_for_code(NANHAI), complainant_phone="13800138000"))
    db.execute("UPDATE leads SET reporter_name = '李四' WHERE id = ?", [lead.id])
    decide_lead(db, lead.id, "not_file", on="2026-03-10", reason="未发现违法行为")
    return get_lead_row(db, lead.id)


def test_an_inspection_lead_with_an_old_number_gets_no_reporter_deadline_on_the_board(db):
    inspection, report = _decided(db, "inspection"), _decided(db, "report")
    told = {d.lead_id for d in clocks.lead_deadlines(db, clocks.engine_for(db)) if d.clock == "T24"}
    assert report["id"] in told  # a named report keeps its T24
    assert inspection["id"] not in told


def test_the_reporter_of_an_inspection_lead_is_not_told(db, data_dir, capsys, english):
    inspection, report = _decided(db, "inspection"), _decided(db, "report")
    assert reporter_refusal(report) is None
    refusal = reporter_refusal(inspection)
    assert refusal and "supervision and inspection" in refusal
    with pytest.raises(TransitionRefused):
        tell_reporter(db, inspection["id"], "2026-03-11", "phone")
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "told", inspection["id"], "--date", "2026-03-11")
    assert code == 1 and out == "" and "supervision and inspection" in err
    assert get_lead_row(db, inspection["id"])["reporter_told_on"] is None


@pytest.fixture
def nanhai(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", NANHAI, "--station-name", "南海区局"])


def _leads(data_dir) -> int:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT COUNT(*) FROM leads").fetchone()[0]
    finally:
        db.conn.close()


def test_leads_add_refuses_a_reporter_number_for_an_inspection_lead(capsys, nanhai, english):
    before = _leads(nanhai)
    code, out, err = run(capsys, "--data-dir", nanhai, "leads", "add", "--source", "inspection", "--received",
                         "2026-03-02T10:00", "--description", "日常检查发现某中介泄露业主信息",
                         "--complainant-phone", "13800138000")
    assert code == 1 and out == "" and "--complainant-phone: " in err and "supervision and inspection" in err
    assert "Traceback" not in err and _leads(nanhai) == before
    result = run_json(capsys, "--data-dir", nanhai, "leads", "add", "--source", "inspection", "--received",
                      "2026-03-02T10:00", "--description", "日常检查发现某中介泄露业主信息")
    assert result["source"] == "inspection" and _leads(nanhai) == before + 1


def test_the_lead_dialog_refuses_a_reporter_number_for_an_inspection_lead(db, prompts, qtbot, english):
    set_setting(db, "station_agency", agency_id_for_code(NANHAI))
    dialog = LeadDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.received_at.setDateTime(QDateTime(QDate(2026, 3, 2), QTime(10, 0)))
    dialog.description.setPlainText("日常检查发现某中介泄露业主信息")
    qtbot.keyClicks(dialog.complainant_phone, "13800138000")
    dialog.source.setCurrentIndex(dialog.source.findData("report"))
    assert save.isEnabled() and not dialog.errors["complainant_phone"].text()
    dialog.source.setCurrentIndex(dialog.source.findData("inspection"))
    assert "supervision and inspection" in dialog.errors["complainant_phone"].text()
    assert dialog.errors["complainant_phone"].isVisibleTo(dialog) and not save.isEnabled()
    dialog.complainant_phone.clear()
    assert save.isEnabled()
    save.click()
    assert dialog.saved is not None and prompts.errors == []
    row = get_lead_row(db, dialog.saved.id)
    assert (row["source"], row["complainant_phone"]) == ("inspection", "")


# ---- the interview register and each party's case -------------------------------------------------------------------

def _joint_interviews(db, officers, count: int, start: int = 0) -> list[Interview]:
    """``count`` joint interviews of two parties, the first escalated to one filed case, the second to another (each
    party its own since m038; the interview's own case is the first one's)."""
    agency = agency_id_for_code(NANHAI)
    made = []
    for n in range(start, start + count):
        parties = [save_party(db, Party(kind="company", name=f"佛山市第{n}{which}地产有限公司")) for which in "甲乙"]
        numbers = NUMBERS if n == 0 else tuple(f"佛南市监立〔2026〕{100 + 2 * n + k}号" for k in range(2))
        cases = [create_case(db, Case(case_number=number, cause="涉嫌违法使用购房人个人信息案", sector="real_estate",
                                      agency_id=agency, status="investigating", filed_on="2026-03-02",
                                      party_ids=[party.id], officer_ids=[o.id for o in officers.values()][:2]))
                 for number, party in zip(numbers, parties, strict=True)]
        made.append(save_interview(db, Interview(
            agency_id=agency, held_on="2026-03-05", subject=f"约谈{n}", party_ids=[p.id for p in parties],
            case_id=cases[0].id, party_results={p.id: {"case_id": c.id} for p, c in zip(parties, cases, strict=True)})))
    return made


def test_the_register_search_finds_a_joint_interview_by_its_second_partys_case(db, officers, make_window):
    [interview] = _joint_interviews(db, officers, 1)
    page = make_window(db).interviews_page
    page.refresh()
    for number in NUMBERS:
        page.search.setText(number)
        assert [r.interview.id for r in page.model.records] == [interview.id], number
    page.search.setText("佛南市监立〔2026〕99号")
    assert page.model.records == []


def test_interviews_list_finds_a_joint_interview_by_its_second_partys_case(db, officers, data_dir, capsys):
    [interview] = _joint_interviews(db, officers, 1)
    listed = run_json(capsys, "--data-dir", data_dir, "interviews", "list", "--search", NUMBERS[1])
    assert [r["id"] for r in listed] == [interview.id]
    [row] = listed
    # every case it was escalated to, in the list's 转立案案件 column (session 49), the first as its own case
    assert row["case_number"] == NUMBERS[0] and row["case"] == "；".join(NUMBERS)
    assert [r["case_number"] for r in row["party_results"]] == list(NUMBERS)
    assert [r["party"] for r in row["party_results"]] == ["佛山市第0甲地产有限公司", "佛山市第0乙地产有限公司"]
    assert run_json(capsys, "--data-dir", data_dir, "interviews", "list", "--search", "佛南市监立〔2026〕99号") == []


def test_the_register_export_names_the_cases_in_a_bounded_number_of_statements(db, officers):
    _joint_interviews(db, officers, 1)

    def exported() -> tuple[int, list[list]]:
        interviews = list_interviews(db)
        with statements_run(db) as ran:
            rows = register_rows(db, interviews)
        return len([s for s in ran if "cases" in s]), rows

    few, [row] = exported()
    assert row[8] == "；".join(NUMBERS)
    _joint_interviews(db, officers, 20, start=1)
    many, rows = exported()
    assert len(rows) == 21 and many == few, (few, many)


def test_interviews_list_names_the_cases_in_a_bounded_number_of_statements(db, officers, data_dir, capsys,
                                                                            monkeypatch):
    opened = cli._open
    ran: list[str] = []

    def traced(args):
        database = opened(args)
        database.conn.set_trace_callback(ran.append)
        return database

    monkeypatch.setattr(cli, "_open", traced)

    def listed() -> tuple[int, list[dict]]:
        ran.clear()
        rows = run_json(capsys, "--data-dir", data_dir, "interviews", "list")
        return len([s for s in ran if "cases" in s or "parties" in s or "documents" in s]), rows

    _joint_interviews(db, officers, 1)
    few, _rows = listed()
    _joint_interviews(db, officers, 20, start=1)
    many, rows = listed()
    assert len(rows) == 21 and many == few, (few, many)
