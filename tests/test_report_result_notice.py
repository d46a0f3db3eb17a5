"""The 举报处理结果告知书 (REFERENCE §2.1, "not in the catalogue but needed"): the letter telling the named reporter of a
lead (实名举报: the reporter's number recorded) what became of the report — filed with its case number, not filed
with the recorded reason, or referred to the agency named —, the reporter's number masked, never printed whole.
Written from the lead only once it is decided; an anonymous or undecided lead is refused, saying why. Issuing it
asks to record the reporter told by letter on its date, which meets T24."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import run
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.errors import WorkstationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    decide_lead,
    draft_lead_document,
    file_case_from_lead,
    get_lead_row,
    issue_lead_document,
    lead_form_refusal,
)
from workstation.records import Officer
from workstation.store import agency_by_code, get_case, save_officer

PHONE = "13800138000"
FORM = "report_result_notice"
TYPED = {"contact_person": "邓颖诗", "reporter_name": "李某某"}


def a_lead(db, phone: str = PHONE) -> str:
    """A report received on Mon 2026-09-21, assigned to the Nanhai bureau the next day: named (实名举报), its
    reporter's name with ``phone``, or anonymous when ``phone`` is '' (no name either)."""
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                       description="来访举报某公司反复发送营销短信", party="佛山市某某信息咨询有限公司",
                                       complainant_phone=phone, reporter_name="李某某" if phone else "")).id
    assign_lead(db, lead, agency_by_code(db, "440605").id, on="2026-09-22")
    return lead


def text_of(db, lead: str) -> str:
    from workstation.documents.pdf_writer import render_pdf

    return "".join(render_pdf(draft_lead_document(db, lead, find_form(FORM), TYPED)).text_lines())


def test_a_lead_not_filed_tells_the_reporter_the_reason_with_the_number_masked(db):
    lead = a_lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="经核查，未发现违法行为")
    text = text_of(db, lead)
    assert "举报处理结果告知书" in text and "李某某：" in text
    assert "本局于2026年9月21日收到你（联系电话：138****8000）的举报" in text
    assert "本局于2026年9月30日决定不予立案。理由：经核查，未发现违法行为。" in text
    assert "予以保密" in text
    assert PHONE not in text  # no full number
    # the rules are named with their articles (editable, UNCONFIRMED under SAMR Order 121)
    assert "依照《市场监督管理投诉举报处理暂行办法》第三十一条的规定" in text


def test_a_filed_lead_names_its_case_number(db):
    lead = a_lead(db)
    bureau = agency_by_code(db, "440605").id
    officers = [save_officer(db, Officer(name=name, agency_id=bureau, cert_no=cert)).id
                for name, cert in (("邓颖诗", "44060514963"), ("陈敏仪", "44060510329"))]
    case = file_case_from_lead(db, lead, officer_ids=officers)
    procedure.apply(db, case.id, "file", on_date="2026-09-30")
    number = get_case(db, case.id).case_number
    assert number
    assert f"本局于2026年9月30日决定立案调查（案件编号：{number}）。" in text_of(db, lead)


def test_a_referred_lead_names_the_agency_it_went_to(db):
    lead = a_lead(db)
    decide_lead(db, lead, "refer", on="2026-09-28", referred_to="广东省通信管理局")
    assert "本局于2026年9月28日将该举报事项移送广东省通信管理局依法处理。" in text_of(db, lead)


def test_an_anonymous_or_undecided_lead_is_refused_saying_why(db, english, data_dir):
    anonymous, undecided = a_lead(db, phone=""), a_lead(db)
    decide_lead(db, anonymous, "not_file", on="2026-09-30", reason="未发现违法行为")
    form = find_form(FORM)
    for lead, reason in ((anonymous, "it is not a named report (实名举报), so there is nobody to send the "
                                     "举报处理结果告知书 to."),
                         (undecided, "The lead is not decided yet: the 举报处理结果告知书 tells the reporter")):
        assert reason in lead_form_refusal(db, get_lead_row(db, lead), FORM)
        for attempt in (lambda i=lead: draft_lead_document(db, i, form, TYPED),
                        lambda i=lead: issue_lead_document(db, data_dir, i, form, TYPED)):
            with pytest.raises(WorkstationError) as refused:
                attempt()
            assert reason in refused.value.message and not refused.value.message.startswith("form")
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


def test_docs_render_refuses_an_anonymous_lead_and_writes_a_named_ones_letter(db, data_dir, tmp_path, capsys,
                                                                               english):
    anonymous, named = a_lead(db, phone=""), a_lead(db)
    for lead in (anonymous, named):
        decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", anonymous, "--form", FORM,
                          "--output", tmp_path / "a.pdf")
    assert code != 0 and "nobody to send" in err and not (tmp_path / "a.pdf").exists()
    values = tmp_path / "values.json"
    values.write_text('{"contact_person": "邓颖诗"}', encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", named, "--form", FORM, "--values", values,
                          "--output", tmp_path / "n.docx")
    assert code == 0, err
    assert (tmp_path / "n.docx").stat().st_size > 0


def test_docs_issue_names_how_to_record_the_reporter_told(db, data_dir, tmp_path, capsys, english):
    import json

    lead = a_lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    values = tmp_path / "values.json"
    values.write_text(json.dumps({**TYPED, "issued_on": "2026-10-09"}, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", lead, "--form", FORM, "--values", values,
                          "--output", tmp_path / "n.pdf")
    assert code == 0, err
    assert f"leads told {lead} --date 2026-10-09 --how letter" in err
    assert get_lead_row(db, lead)["reporter_told_on"] is None  # asked, never recorded silently


def test_issuing_takes_its_number_and_asks_to_record_the_reporter_told_which_meets_t24(db, data_dir, make_window,
                                                                                      prompts, qtbot, english):
    from PySide6.QtCore import QTimer

    from ui.lead_dialog import ReporterToldDialog

    lead = a_lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    document = issue_lead_document(db, data_dir, lead, find_form(FORM), {**TYPED, "issued_on": "2026-10-09"})
    assert "举告〔2026〕1号" in document.number
    page = make_window(db).leads_page
    prompts.confirm_answer = True
    dialog = ReporterToldDialog(db, get_lead_row(db, lead), prompts, page)
    qtbot.addWidget(dialog)
    QTimer.singleShot(0, dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click)
    assert page.offer_reporter_told(lead, document, dialog=dialog)
    assert prompts.confirmations[-1] == ("The 举报处理结果告知书 is issued. Record now that the reporter was told of the "
                                         "decision by letter (T24)?")
    row = get_lead_row(db, lead)
    assert (row["reporter_told_on"], row["reporter_told_how"]) == ("2026-10-09", "letter")
    engine = clocks.engine_for(db, "2026-10-20")
    met = clocks.reporter_deadline(engine, lead, row["decided_on"], row["reporter_told_on"])
    assert (met.state, met.due) == ("met", "2026-10-13")
    assert not page.offer_reporter_told(lead, document)  # told already: not asked again


def test_a_referred_leads_letter_asks_nothing_as_t24_does_not_run(db, data_dir, make_window, prompts):
    lead = a_lead(db)
    decide_lead(db, lead, "refer", on="2026-09-28", referred_to="广东省通信管理局")
    document = issue_lead_document(db, data_dir, lead, find_form(FORM), TYPED)
    page = make_window(db).leads_page
    assert not page.offer_reporter_told(lead, document) and prompts.confirmations == []
    assert get_lead_row(db, lead)["reporter_told_on"] is None


def test_the_lead_page_offers_it_only_for_a_decided_named_report(db, make_window, english):
    named, anonymous = a_lead(db), a_lead(db, phone="")
    window = make_window(db)
    page = window.leads_page
    page.refresh(select=named)
    assert not page.form_actions[FORM].isEnabled()  # undecided
    decide_lead(db, named, "not_file", on="2026-09-30", reason="未发现违法行为")
    decide_lead(db, anonymous, "not_file", on="2026-09-30", reason="未发现违法行为")
    page.refresh(select=named)
    assert page.form_actions[FORM].isEnabled()
    page.form_actions[FORM].trigger()
    editor = window.editors[-1]
    assert (editor.form.id, editor.lead_id) == (FORM, named)
    editor.shutdown()
    page.refresh(select=anonymous)
    assert not page.form_actions[FORM].isEnabled()
    assert "实名举报" in page.form_actions[FORM].toolTip()
