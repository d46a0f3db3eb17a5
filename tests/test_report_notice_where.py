"""The 举报处理结果告知书 only where it belongs: written from the lead (a case names the lead it was filed from, or says
it has none, on the command line as the window's case chooser never offers it), once per decision (a second letter
in force refused, drafts not; a letter voided, or one telling a decision not to file since withdrawn, lets a new one
be issued), never for a lead this bureau found itself (监督检查) nor one of hotline complaints without a reporter
registered, and addressed to the reporter registered with the lead, never to one of its complainants."""

from __future__ import annotations

import pytest

from tests.helpers import run
from tests.test_related10 import add
from tests.test_report_result_notice import FORM, PHONE, TYPED, a_lead, text_of
from workstation import procedure
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import check_issue, issue_document, void_document
from workstation.errors import WorkstationError
from workstation.formkit.values import default_values
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    check_lead_issue,
    decide_lead,
    draft_lead_document,
    file_case_from_lead,
    get_lead_row,
    issue_lead_document,
    lead_context,
    withdraw_not_filing,
)
from workstation.records import Officer, today
from workstation.store import agency_by_code, get_case, save_officer
from workstation.store.base import set_setting


def documents(db) -> int:
    return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def filed_case(db, lead: str):
    bureau = agency_by_code(db, "440605").id
    officers = [save_officer(db, Officer(name=name, agency_id=bureau, cert_no=cert)).id
                for name, cert in (("邓颖诗", "44060514963"), ("陈敏仪", "44060510329"))]
    case = file_case_from_lead(db, lead, officer_ids=officers)
    procedure.apply(db, case.id, "file", on_date="2026-09-30")
    return get_case(db, case.id)


# ---- 1. a case's letter is the lead's

def test_a_case_filed_from_a_lead_names_the_lead_and_how_to_open_it_on_the_command_line(db, data_dir, tmp_path,
                                                                                       capsys, english):
    lead = a_lead(db)
    case = filed_case(db, lead)
    for command in ("render", "issue"):
        target = tmp_path / f"{command}.pdf"
        code, _out, err = run(capsys, "--data-dir", data_dir, "docs", command, case.case_number, "--form", FORM,
                              "--output", target)
        assert code != 0 and not target.exists()
        assert f"case {case.case_number} was filed from lead {lead} (received 2026-09-21)" in err
        assert f"`docs render {lead} --form report_result_notice`" in err and "on the Leads page" in err
    assert documents(db) == 0
    # the lead's own letter is written as before, telling the case's number
    assert f"决定立案调查（案件编号：{case.case_number}）" in text_of(db, lead)


def test_a_case_not_filed_from_a_lead_says_it_has_no_reporter_to_tell(db, data_dir, make_case, english):
    case = make_case()
    form = find_form(FORM)
    for attempt in (lambda: draft_document(db, case, form, TYPED), lambda: check_issue(db, case, form, TYPED),
                    lambda: issue_document(db, data_dir, case, form, TYPED)):
        with pytest.raises(WorkstationError) as refused:
            attempt()
        assert "was not filed from a lead, so it has no reporter to tell" in refused.value.message
    assert documents(db) == 0


# ---- 2. one letter in force per decision

def test_a_second_letter_for_the_same_decision_is_refused_until_the_first_is_voided(db, data_dir, english):
    lead = a_lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="经核查，未发现违法行为")
    form = find_form(FORM)
    first = issue_lead_document(db, data_dir, lead, form, {**TYPED, "issued_on": "2026-10-09"})
    for attempt in (lambda: check_lead_issue(db, lead, form, TYPED),
                    lambda: issue_lead_document(db, data_dir, lead, form, TYPED)):
        with pytest.raises(WorkstationError) as refused:
            attempt()
        assert f"{first.number} (issued " in refused.value.message
        assert "already told the reporter of this lead's decision" in refused.value.message
        assert "void it first" in refused.value.message
    assert documents(db) == 1
    assert draft_lead_document(db, lead, form, TYPED).title == "举报处理结果告知书"  # a draft is still written
    void_document(db, first.id, "举报人姓名写错")
    assert issue_lead_document(db, data_dir, lead, form, TYPED).number != first.number


def test_a_decision_not_to_file_withdrawn_and_made_again_is_told_by_a_new_letter(db, data_dir, english):
    lead = a_lead(db)
    form = find_form(FORM)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    first = issue_lead_document(db, data_dir, lead, form, {**TYPED, "issued_on": "2026-10-09"})
    withdraw_not_filing(db, lead, "举报人补充了新的证据", on="2026-10-12")
    decide_lead(db, lead, "not_file", on="2026-10-20", reason="补充证据仍不足以证明违法行为")
    second = issue_lead_document(db, data_dir, lead, form, {**TYPED, "issued_on": "2026-10-21"})
    assert second.number != first.number and "补充证据仍不足以证明违法行为" in second.values["result"]
    with pytest.raises(WorkstationError, match="already told the reporter"):
        check_lead_issue(db, lead, form, TYPED)


# ---- 3. a lead this bureau found itself has nobody to tell

def test_a_lead_found_in_inspection_is_refused_even_with_a_number_typed_or_once_filed(db, data_dir, english):
    bureau = agency_by_code(db, "440605").id
    leads = [register_lead(db, LeadEntry(source="inspection", received_at="2026-09-21 10:00", agency_id=bureau,
                                         description="日常检查发现某公司前台张贴客户名单", party="佛山市某某信息咨询有限公司"
                                         )).id for _n in range(2)]
    # a number kept with it by older data (registering one is refused now)
    db.execute("UPDATE leads SET complainant_phone = ? WHERE id = ?", [PHONE, leads[0]])
    decide_lead(db, leads[0], "not_file", on="2026-09-30", reason="未发现违法行为")
    filed_case(db, leads[1])
    form = find_form(FORM)
    for lead in leads:
        for attempt in (lambda i=lead: draft_lead_document(db, i, form, TYPED),
                        lambda i=lead: issue_lead_document(db, data_dir, i, form, TYPED)):
            with pytest.raises(WorkstationError) as refused:
                attempt()
            assert refused.value.message.startswith("The lead was found") and "found in this bureau's own supervision and inspection (监督检查), not reported" in \
                refused.value.message
    assert documents(db) == 0


# ---- 4. whom the letter is addressed to

SHOP = "佛山市南海区誉嘉房地产代理有限公司"


def at_nanhai(db) -> None:
    """The station made one of 南海区局: its bureau issues the 不予立案审批表 of a lead decided without being assigned."""
    set_setting(db, "station_agency", agency_by_code(db, "440605").id)


def test_a_lead_of_hotline_complaints_without_a_reporter_is_refused_saying_who_answers_them(db, english):
    from workstation.screening import screen

    at_nanhai(db)
    add(db, [("B1", f"{SHOP}的中介天天打电话推销楼盘，个人信息被泄露。", "13600000001"),
             ("B2", f"{SHOP}又打来推销楼盘，个人信息被泄露。", "13600000002")])
    screen(db)
    [lead] = [r[0] for r in db.execute("SELECT id FROM leads")]
    assert get_lead_row(db, lead)["complaint_count"] == 2
    decide_lead(db, lead, "not_file", on=today(), reason="未发现违法行为")  # a lead screened counts from today
    with pytest.raises(WorkstationError) as refused:
        draft_lead_document(db, lead, find_form(FORM), TYPED)
    assert "its complaints came through the hotline or the consumer council, which answer their complainants" in \
        refused.value.message


def test_a_reported_lead_with_complaints_added_is_addressed_to_its_reporter_not_a_complainant(db):
    from workstation.screening import screen
    from workstation.screening.screen import add_complaints_to_lead
    from workstation.screening.without_lead import complaints_without_lead

    at_nanhai(db)
    nameless = "最近每天都接到推销贷款的骚扰电话，号码每次都不一样，不知道是哪家公司，请求整治。"
    add(db, [("A1", nameless, "13600000001")])
    screen(db)
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-03-02 09:00", description="来电举报推销电话",
                                       party=SHOP, complainant_phone=PHONE, reporter_name="李某某")).id
    add_complaints_to_lead(db, lead, [c.id for c in complaints_without_lead(db)])
    assert get_lead_row(db, lead)["complaint_count"] == 1
    decide_lead(db, lead, "not_file", on="2026-03-20", reason="未发现违法行为")
    form = find_form(FORM)
    defaults = default_values(form, lead_context(db, get_lead_row(db, lead), form_id=FORM))
    # the lead's reporter, its name and number as registered with it, not the complainant 136…
    assert defaults["reporter_phone"] == "138****8000" and defaults["reporter_name"] == "李某某"
    text = text_of(db, lead)
    assert "李某某：" in text and "收到你（联系电话：138****8000）的举报" in text and "136****0001" not in text
