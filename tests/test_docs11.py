"""The document clerk's check before the first real case goes out: every form rendered for a case at the decision
stage, read as printed. A decision that imposes nothing to pay asks for no payment, one-sheet forms carry no
page number, and the 案件来源登记表 is dated when the lead was registered, not the day it is printed."""

from __future__ import annotations

import io

import pytest
from docx import Document as read_docx

from tests.helpers import pdf_text, with_source
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.store import get_case

FACTS = "当事人未经消费者同意，向其发送商业性短信。"
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}
# a decision's evidence is the case's (none here): written, so that its pages are those of a decision listing it
DECISION = {**ADDRESS, "evidence": "1.当事人营业执照复印件；\n2.询问笔录。"}
PAYMENT = "持本决定书到指定银行缴纳罚没款"
SURCHARGE = "加处罚款"


def _render(db, case, form_id, fmt="pdf", overrides=None):
    return render_document(draft_document(db, get_case(db, case.id), find_form(form_id),
                                          with_source(form_id, overrides)), fmt)


def _docx_text(data: bytes) -> str:
    word = read_docx(io.BytesIO(data))
    footers = [p.text for section in word.sections for p in section.footer.paragraphs]
    return "".join([p.text for p in word.paragraphs] + footers).replace(" ", "")


def _decision(db, make_case, **amounts):
    """A case waiting for its decision, its decision documents dated 2026-04-01: the date put in place here (the
    store takes no step's date the case has not reached: the decision action records it)."""
    from workstation.store import get_case

    case = make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-16", facts=FACTS,
                     **amounts)
    db.execute("UPDATE cases SET decided_on = '2026-04-01' WHERE id = ?", [case.id])
    return get_case(db, case.id)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_decision_of_a_warning_alone_asks_for_no_payment(db, make_case, fmt):
    rendered = _render(db, _decision(db, make_case), "penalty_decision", fmt, {**DECISION, "warning": True})
    text = pdf_text(rendered.data) if fmt == "pdf" else _docx_text(rendered.data)

    assert "本局责令当事人改正上述违法行为，并决定对当事人作出如下行政处罚：警告。" in text
    assert PAYMENT not in text and SURCHARGE not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_decision_with_a_fine_says_how_to_pay_and_warns_of_the_surcharge(db, make_case, fmt):
    rendered = _render(db, _decision(db, make_case, fine_fen=500_000), "penalty_decision", fmt, DECISION)
    text = pdf_text(rendered.data) if fmt == "pdf" else _docx_text(rendered.data)

    assert "罚款¥5,000.00（人民币伍仟元整）" in text
    assert PAYMENT in text and "每日按罚款数额的百分之三加处罚款" in text


def test_a_confiscation_alone_is_told_how_to_pay_without_the_fine_surcharge(db, make_case):
    text = pdf_text(_render(db, _decision(db, make_case, confiscated_fen=120_000), "penalty_decision",
                            overrides=DECISION).data)

    assert "没收违法所得¥1,200.00（人民币壹仟贰佰元整）" in text
    assert PAYMENT in text and SURCHARGE not in text


@pytest.mark.parametrize("form_id, overrides", [("delivery_receipt", {"place": ADDRESS["party_address"]}),
                                               ("service_address_confirmation", {"address": ADDRESS["party_address"]}),
                                               ("closing_approval", {})])
def test_a_one_sheet_form_carries_no_page_number(db, data_dir, make_case, form_id, overrides):
    from workstation.documents.issuing import issue_document

    case = _decision(db, make_case, fine_fen=500_000)
    issue_document(db, data_dir, case, find_form("penalty_decision"), {**ADDRESS, "warning": True})  # what the 送达回证 serves
    pdf, docx = (_render(db, case, form_id, fmt, overrides) for fmt in ("pdf", "docx"))

    assert pdf.pages == 1
    footer = read_docx(io.BytesIO(docx.data)).sections[0].footer
    assert "—1—" not in pdf_text(pdf.data) and "PAGE" not in footer._element.xml


def test_a_one_page_notice_keeps_its_gbt_9704_page_number(db, make_case):
    rendered = _render(db, _decision(db, make_case), "inquiry_notice")

    assert rendered.pages == 1 and pdf_text(rendered.data).endswith("—1—")


def test_a_table_form_running_onto_a_second_page_numbers_both(db, make_case):
    # long enough not to fit even in the one-sheet form's smallest cells (小五)
    rendered = _render(db, make_case(status="investigating", filed_on="2026-03-02", facts=FACTS * 40),
                       "filing_approval")

    assert rendered.pages == 2
    assert "—1—" in pdf_text(rendered.data) and "—2—" in pdf_text(rendered.data)


def test_the_source_register_printed_later_is_dated_when_the_lead_came_in(db, make_case):
    case = make_case(status="performed", lead_received_on="2026-02-20", filed_on="2026-03-02", facts=FACTS)

    text = pdf_text(_render(db, case, "case_source_register").data)

    assert "来源时间2026年2月20日登记时间2026年2月20日" in text
