"""A lead's numbers as its 案件交办通知书 and 案件移送函 print them: a landline with its area code set off
(0757-85836433, 010-62345678), a mobile as it is; the party of a case filed before, named with the number as
stored, is still the lead's party, and the case workspace masks the number as written."""

from __future__ import annotations

import io

import pytest
from docx import Document as read_docx

from tests.helpers import pdf_text
from tests.test_leads_workflow import LEAD, fresh_lead
from workstation.documents.drafts import find_form, render_document
from workstation.leads_workflow import (
    assign_lead,
    draft_lead_document,
    file_case_from_lead,
    get_lead_row,
    lead_context,
    target_of,
)
from workstation.masking import mask_text
from workstation.records import Party
from workstation.screening.phones import paper_phone
from workstation.store import agency_by_code, get_case
from workstation.store.parties import save_party

MOBILE_LEAD = "b140e75e-c14f-5f40-a8eb-f7025141e742"  # demo lead: 18639244066, no business named
OLD_NAME = "号码075785836433的使用人"  # how a case filed from LEAD before named its party
ADDRESS = "佛山市禅城区祖庙路1号"


def printed(db, lead_id: str, form_id: str, fmt: str) -> str:
    typed = {"contact_person": "陈志强", **({"receiver": "广东省通信管理局"} if form_id == "case_transfer_letter" else {})}
    draft = draft_lead_document(db, lead_id, find_form(form_id), typed)
    data = render_document(draft, fmt).data
    if fmt == "pdf":
        return pdf_text(data)
    return "".join(p.text for p in read_docx(io.BytesIO(data)).paragraphs).replace(" ", "")


@pytest.mark.parametrize("number, written", [
    ("075786661234", "0757-86661234"), ("07571234567", "0757-1234567"), ("01062345678", "010-62345678"),
    ("02087654321", "020-87654321"), ("13800138000", "13800138000"), ("1069012345678", "1069012345678"),
    ("4008001234", "4008001234"), ("", ""), ("0757-86661234", "0757-86661234")])
def test_a_landline_is_written_with_its_area_code_set_off_and_other_numbers_as_they_are(number, written):
    assert paper_phone(number) == written


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("form_id", ["assignment_notice", "case_transfer_letter"])
def test_the_documents_of_a_lead_about_a_landline_print_it_with_its_area_code(demo_db, form_id, fmt):
    fresh_lead(demo_db)
    demo_db.execute("UPDATE leads SET phones = '075785836433 13800138000', complaint_count = 2 WHERE id = ?", [LEAD])
    text = printed(demo_db, LEAD, form_id, fmt)
    assert "当事人：号码0757-85836433的使用人" in text
    # the 案情简介 lists the numbers called from (the party is named once, above it), as a list: 、 between them
    assert "0757-85836433、13800138000" in text and text.count("号码0757-85836433的使用人") == 2  # 案件名称, 当事人
    assert "075785836433" not in text


def test_the_notice_of_a_lead_about_a_mobile_prints_it_as_it_is(demo_db):
    text = printed(demo_db, MOBILE_LEAD, "assignment_notice", "pdf")
    assert "当事人：号码18639244066的使用人。" in text


def test_the_party_of_a_case_filed_before_is_still_the_leads_party_and_printed_as_on_paper(demo_db):
    fresh_lead(demo_db)
    old = save_party(demo_db, Party(name=OLD_NAME, kind="person", address=ADDRESS))
    context = lead_context(demo_db, get_lead_row(demo_db, LEAD))
    assert (context["party.name"], context["party.address"]) == ("号码0757-85836433的使用人", ADDRESS)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    case = file_case_from_lead(demo_db, LEAD)
    assert get_case(demo_db, case.id).party_ids == [old.id]  # not a second party for the same number
    assert demo_db.execute("SELECT COUNT(*) FROM parties WHERE name LIKE '%85836433%'").fetchone()[0] == 1


def test_a_case_filed_now_names_its_party_as_on_paper_and_the_lead_finds_it_again(demo_db):
    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    case = file_case_from_lead(demo_db, LEAD)
    party_id = get_case(demo_db, case.id).party_ids[0]
    demo_db.execute("UPDATE parties SET address = ? WHERE id = ?", [ADDRESS, party_id])
    context = lead_context(demo_db, get_lead_row(demo_db, LEAD))
    assert (context["party.name"], context["party.address"]) == ("号码0757-85836433的使用人", ADDRESS)


def test_the_number_as_written_is_still_masked_where_it_is_shown(demo_db):
    assert mask_text(target_of(get_lead_row(demo_db, LEAD))) == "号码0757-****6433的使用人"
