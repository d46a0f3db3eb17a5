"""The lead→case link and its clock: an assigned lead's T1 (and the case filed from it) says it counts from the
assignment, the 案件交办通知书 asks for the result by the lead's T1 due date, the case workspace lists the
complaints of the lead it was filed from (numbers masked) and opens the lead, and the case's single T1 extension
is corrected from the workspace instead of a second one added."""

import datetime as dt
from io import BytesIO

from pypdf import PdfReader

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from tests.test_leads_workflow import LEAD, fresh_lead
from ui.case_clocks import ClockEventDialog
from workstation import clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf
from workstation.formkit.values import default_values
from workstation.leads_workflow import (
    assign_lead,
    draft_lead_document,
    extend_lead,
    file_case_from_lead,
    get_lead_row,
    issue_lead_document,
    lead_context,
)
from workstation.money import chinese_date
from workstation.records import ClockEvent, today
from workstation.store import agency_by_code, get_case
from workstation.store.clock_events import record_clock_event

CHANCHENG = "440604"


def days_ago(n: int) -> str:
    return (dt.date.fromisoformat(today()) - dt.timedelta(days=n)).isoformat()


def lead_t1(db, on):
    return next(d for d in clocks.board(db, on=on) if d.lead_id == LEAD)


def add_complaint(db, complaint_id, source, received_at, complainant, text, lead_id=LEAD):
    db.execute("INSERT INTO complaints (id, source, external_id, received_at, text, complainant_phone, lead_id, "
               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [complaint_id, source, f"W-{complaint_id}", received_at, text, complainant, lead_id, received_at])


# an assigned lead's T1 counts from the assignment, and says so ---------------------------------------------------
def test_an_assigned_leads_t1_says_it_counts_from_the_assignment_and_so_does_its_case(demo_db, english):
    fresh_lead(demo_db)
    first = "Counted 15 working days from the day after {date} ({what})."
    assert lead_t1(demo_db, "2026-02-20").calculation().splitlines()[0] == first.format(
        date="2026-02-19", what="lead registration date")
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, CHANCHENG).id, on="2026-03-02")
    assigned = first.format(date="2026-03-02", what="date the lead was assigned")
    assert lead_t1(demo_db, "2026-03-03").calculation().splitlines()[0] == assigned
    case = file_case_from_lead(demo_db, LEAD)
    on_case = next(d for d in clocks.case_clocks(demo_db, get_case(demo_db, case.id), on="2026-03-06")
                   if d.clock == "T1")
    on_board = next(d for d in clocks.board(demo_db, on="2026-03-06") if d.case_id == case.id and d.clock == "T1")
    assert on_case.calculation().splitlines()[0] == on_board.calculation().splitlines()[0] == assigned


# the assignment notice's 报送办理结果的期限 -----------------------------------------------------------------------
def test_the_assignment_notice_asks_for_the_result_by_the_leads_t1_due_date(demo_db, data_dir):
    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, CHANCHENG).id, on=days_ago(3))
    unextended = lead_t1(demo_db, today()).due
    extend_lead(demo_db, LEAD, 15, today(), "局长")
    due = lead_t1(demo_db, today()).due
    assert due > unextended  # the approved extension counts
    form = find_form("assignment_notice")
    assert default_values(form, lead_context(demo_db, get_lead_row(demo_db, LEAD)))["report_by"] == due
    document = issue_lead_document(demo_db, data_dir, LEAD, form, {"contact_person": "陈志强"})
    text = "".join("".join(p.extract_text() for p in PdfReader(BytesIO(document_pdf(demo_db, data_dir,
                                                                                   document.id))).pages).split())
    assert f"请于{chinese_date(due)}前将核查处理结果书面报送本局" in text


def test_a_lead_past_its_t1_gives_the_notice_no_date_to_report_by(demo_db):
    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, CHANCHENG).id, on="2026-03-02")  # due 2026-03-23, past
    values = default_values(find_form("assignment_notice"), lead_context(demo_db, get_lead_row(demo_db, LEAD)))
    assert not values["report_by"]  # a past date would be refused as before the 交办日期; the officer fixes one
    draft = draft_lead_document(demo_db, LEAD, find_form("assignment_notice"), {"contact_person": "陈志强"})
    texts = ["".join(run.text for run in block.runs) for block in draft.blocks if hasattr(block, "runs")]
    assert "请于　　年　　月　　日前将核查处理结果书面报送本局。" in texts


# the complaints of the lead in the case workspace ----------------------------------------------------------------
def test_the_case_workspace_lists_the_complaints_of_its_lead_masked_and_opens_the_lead(demo_db, make_window,
                                                                                       english):
    fresh_lead(demo_db)
    add_complaint(demo_db, "c2", "consumer_council", "2026-02-21 14:05:00", "13912345678",
                  "自去年起每周都接到0757-85836433的电话推销新楼盘，说是某某地产的置业顾问，我从未在该公司登记过"
                  "个人信息，要求查处。")
    add_complaint(demo_db, "c1", "12345", "2026-02-19 09:37:15", "13800138000", "0757-85836433 一直打电话推销新楼盘")
    add_complaint(demo_db, "c9", "12345", "2026-02-20 10:00:00", "13700137000", "别的号码骚扰", lead_id=None)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, CHANCHENG).id, on="2026-03-02")
    case = file_case_from_lead(demo_db, LEAD)
    window = make_window(demo_db)
    workspace = window.open_case(case.id)
    box = workspace.lead_box
    assert box.summary.text().splitlines() == [
        "Lead: the user of number 0757-****6433; received on 2026-02-19 (12345 hotline), assigned on 2026-03-02.",
        "2 complaints are linked to the lead."]
    model = box.model
    rows = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows[0] == ["2026-02-19 09:37", "12345 hotline", "138****8000", "0757-****6433 一直打电话推销新楼盘"]
    assert rows[1][:3] == ["2026-02-21 14:05", "Referred by the consumer council", "139****5678"]
    assert rows[1][3].startswith("自去年起每周都接到0757-****6433的电话") and rows[1][3].endswith("…")
    shown = " ".join(" ".join(row) for row in rows)
    assert "85836433" not in shown and "13800138000" not in shown and "别的号码" not in shown
    box.findChild(QPushButton, "open_lead").click()
    assert window.navigation.currentRow() == 1 and window.leads_page.selected_id() == LEAD


def test_a_case_not_filed_from_a_lead_has_no_lead_section(db, make_case, make_window):
    case = make_case(lead_received_on="2026-03-02")
    assert make_window(db).open_case(case.id).lead_box is None


# the case's single T1 extension corrected from the workspace -----------------------------------------------------
def test_the_workspace_corrects_the_recorded_t1_extension_and_refuses_a_second(db, make_case, make_window, prompts,
                                                                              english):
    case = make_case(lead_received_on="2026-02-10")
    recorded = record_clock_event(db, ClockEvent(case_id=case.id, kind="extension", clock="T1", days=10,
                                                 starts_on="2026-03-05", approved_on="2026-03-05",
                                                 approved_by="局长"))
    workspace = make_window(db).open_case(case.id)
    second = ClockEventDialog(db, get_case(db, case.id), prompts, workspace)
    second.kind.setCurrentIndex(second.kind.findData("extension"))
    second.clock.setCurrentIndex(second.clock.findData("T1"))
    assert second.errors["days"].text().startswith("T1 was already extended once, by 10 working days (approved on "
                                                   "2026-03-05 by 局长)")
    assert not second.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    second.done(0)
    seen = {}

    def correct():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ClockEventDialog)
        seen["title"] = dialog.windowTitle()
        seen["loaded"] = (dialog.clock.currentData(), dialog.days.value(), dialog.approved_by.text(),
                          dialog.clock.isEnabled())
        dialog.days.setValue(15)
        dialog.approved_on.setDate(QDate(2026, 3, 4))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    clocks_box = workspace.clocks
    clocks_box.events.setCurrentRow(0)
    QTimer.singleShot(0, correct)
    clocks_box.findChild(QPushButton, "correct_extension").click()
    assert seen == {"title": "Correct the recorded extension", "loaded": ("T1", 10, "局长", False)}
    assert prompts.errors == []
    t1 = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-10") if d.clock == "T1")
    assert t1.due == "2026-03-30"
    assert db.execute("SELECT action FROM audit WHERE entity = 'clock_event' AND entity_id = ? ORDER BY seq DESC "
                      "LIMIT 1", [recorded.id]).fetchone()[0] == "correct_extension"
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE case_id = ?", [case.id]).fetchone()[0] == 1
