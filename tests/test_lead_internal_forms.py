"""A lead's internal forms (REFERENCE §1.1): registered with the 案件来源登记表, declined with the 不予立案审批表, its T1
extended with the 有关事项审批表 (延长核查期限) — drafted and issued from the lead with its party, channel, receipt,
description and recorded reason; a lead without a party in the register prints blank party lines; a form the lead
cannot have is refused saying why, and greyed out with that reason on the leads page, which opens the editor for
the others."""

import datetime as dt
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.test_leads_workflow import LEAD, fresh_lead
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import WorkstationError
from workstation.formkit.values import default_values
from workstation.leads_workflow import (
    assign_lead,
    check_lead_issue,
    decide_lead,
    draft_lead_document,
    file_case_from_lead,
    get_lead_row,
    issue_lead_document,
    lead_context,
    lead_form_refusal,
)
from workstation.money import chinese_date
from workstation.records import today
from workstation.store import agency_by_code

UNICOM = "c7439ca4-f5a1-5412-8340-b52853ccda33"  # demo party 中国联合网络通信有限公司佛山市分公司, with its code and address
OFFICERS = {"officer1_name": "冯俊杰", "officer1_cert": "44060012034", "officer2_name": "邓颖诗",
            "officer2_cert": "44060414963", "officer1": "冯俊杰", "officer2": "邓颖诗"}


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).replace("\n", "")


def typed(form_id: str, **more) -> dict:
    names = {field.name for field in find_form(form_id).fields}
    return {**{k: v for k, v in OFFICERS.items() if k in names}, **more}


def drafted_text(db, lead_id: str, form_id: str, **more) -> str:
    return text_of(render_pdf(draft_lead_document(db, lead_id, find_form(form_id), typed(form_id, **more))).data)


def recently_assigned(db) -> str:
    """The demo lead, registered again and assigned three days ago: its T1 runs."""
    lead = fresh_lead(db)
    day = (dt.date.fromisoformat(today()) - dt.timedelta(days=3)).isoformat()
    assign_lead(db, lead, agency_by_code(db, "440604").id, on=day)
    return lead


def test_the_case_source_register_of_a_lead_prints_its_party_channel_receipt_description_and_registrar(
        demo_db, monkeypatch):
    from workstation.leads_register import LeadEntry, register_lead

    monkeypatch.setenv("WORKSTATION_ACTOR", "冯俊杰")  # an officer of the register, registering it
    lead = register_lead(demo_db, LeadEntry(source="report", received_at="2026-11-20 10:00", party_id=UNICOM,
                                            description="来访举报该公司向其发送营销短信",
                                            agency_id=agency_by_code(demo_db, "440604").id))
    values = default_values(find_form("case_source_register"), lead_context(
        demo_db, get_lead_row(demo_db, lead.id), form_id="case_source_register"))
    assert (values["source"], values["received_on"], values["registrar"]) == ("举报", "2026-11-20", "冯俊杰")
    text = drafted_text(demo_db, lead.id, "case_source_register")
    for printed in ("中国联合网络通信有限公司佛山市分公司", "914406007025062099", "佛山市禅城区祖庙街道汾江中路112号",
                    "☑举报", "□投诉", "2026年11月20日", "来访举报该公司向其发送营销短信", "登记人冯俊杰",
                    "佛山市禅城区市场监督管理局", "案件编号：＿＿＿＿＿＿＿＿"):
        assert printed in text.replace(" ", ""), printed


def test_a_lead_without_a_party_in_the_register_prints_blank_party_lines(read_demo_db):
    # the user of a number nobody identified yet; registered by the demo officer the seed names (registered_by)
    values = default_values(find_form("case_source_register"), lead_context(
        read_demo_db, get_lead_row(read_demo_db, LEAD), form_id="case_source_register"))
    assert [values[name] for name in ("party_code", "party_address", "party_phone")] == ["", "", ""]
    assert values["registrar"] == "冯俊杰"
    assert (values["source"], values["received_on"]) == ("投诉", "2026-02-19")  # a 12345 hotline complaint
    text = drafted_text(read_demo_db, LEAD, "case_source_register", registrar="冯俊杰").replace(" ", "")
    # the party's lines printed empty, no licence named for a party nobody identified yet
    assert "主体资格证照名称联系电话统一社会信用代码法定代表人（负责人）住所线索及案情" in text
    assert "号码0757-85836433的使用人" in text and "消费者反映号码0757-85836433" in text


def test_a_demo_lead_prints_the_officer_the_demo_data_names_as_registrar(read_demo_db):
    # the demo's leads were registered by the city bureau's officers (seed.json registered_by), not by the account
    # that loaded the demo: their 案件来源登记表 prints the officer without typing
    assert "登记人冯俊杰" in drafted_text(read_demo_db, LEAD, "case_source_register").replace(" ", "")
    council = read_demo_db.execute("SELECT id FROM leads WHERE source = 'consumer_council' ORDER BY id LIMIT 1"
                                   ).fetchone()[0]
    values = default_values(find_form("case_source_register"), lead_context(
        read_demo_db, get_lead_row(read_demo_db, council), form_id="case_source_register"))
    assert values["registrar"] == "欧文辉"


def test_a_screened_lead_is_registered_by_the_officer_who_screened_and_else_left_blank(db, officers, monkeypatch):
    from tests.helpers import insert_complaint_texts
    from workstation.screening import screen

    def screened(actor: str, number: str, month: str) -> dict:
        monkeypatch.setenv("WORKSTATION_ACTOR", actor)
        insert_complaint_texts(db, [(f"{month}-1", "13800000001", f"号码{number}频繁来电推销楼盘，怀疑个人信息被泄露"),
                                    (f"{month}-2", "13800000002", f"{number}天天打电话推销二手房房源，要求查处")],
                               month=month)
        lead = next(item for item in screen(db).leads if number in item["phones"])
        return get_lead_row(db, lead["id"])

    by_officer = screened("陈志强", "13912345678", "04")  # the officer signed in at the station ran the screening
    by_account = screened("root", "13987654321", "05")  # a shared account that is no officer's: written by hand
    for row, registrar in ((by_officer, "陈志强"), (by_account, "")):
        values = default_values(find_form("case_source_register"), lead_context(db, row,
                                                                              form_id="case_source_register"))
        assert values["registrar"] == registrar
        assert "root" not in values.values()
    assert "登记人陈志强" in drafted_text(db, by_officer["id"], "case_source_register").replace(" ", "")


def test_the_non_filing_approval_of_a_declined_lead_prints_its_recorded_reason(demo_db, data_dir):
    lead = fresh_lead(demo_db)
    assign_lead(demo_db, lead, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    decide_lead(demo_db, lead, "not_file", on="2026-03-10", reason="该号码已停机，无法确认使用人")
    form = find_form("non_filing_approval")
    assert lead_form_refusal(demo_db, get_lead_row(demo_db, lead), form.id) is None
    document = issue_lead_document(demo_db, data_dir, lead, form, typed(form.id))
    assert document.lead_id == lead and document.number is None  # an internal form: no 文号
    text = text_of(document_pdf(demo_db, data_dir, document.id))
    for printed in ("该号码已停机，无法确认使用人", "号码0757-85836433的使用人", "☑投诉", "消费者反映号码0757-85836433"):
        assert printed in text, printed
    register = default_values(find_form("case_source_register"), lead_context(
        demo_db, get_lead_row(demo_db, lead), form_id="case_source_register"))
    assert register["proposal"] == "不予立案"
    # one in force for the lead (found by the leads audit: a second stood beside the first)
    with pytest.raises(WorkstationError, match="已对该线索或由其立案的案件生效"):
        issue_lead_document(demo_db, data_dir, lead, form, typed(form.id))
    assert demo_db.execute("SELECT COUNT(*) FROM documents WHERE lead_id = ? AND form_id = ?",
                           [lead, form.id]).fetchone()[0] == 1


def test_the_matter_approval_of_a_lead_whose_t1_runs_asks_to_extend_it(demo_db, data_dir):
    lead = recently_assigned(demo_db)
    form = find_form("matter_approval")
    row = get_lead_row(demo_db, lead)
    values = default_values(form, lead_context(demo_db, row, form_id=form.id))
    assert values["matter"] == "延长核查期限" and values["filed_on"] is None
    assert chinese_date(values["lead_received_on"]) == "2026年2月19日"
    document = issue_lead_document(demo_db, data_dir, lead, form, typed(form.id))
    assert form.event_for(document.values) == ("extension", "T1")
    text = text_of(document_pdf(demo_db, data_dir, document.id))
    assert "☑延长核查期限" in text and "□延长办案期限" in text and "号码0757-85836433的使用人" in text


def test_the_matter_approval_words_its_period_and_reason_in_chinese_whatever_the_window_language(demo_db, english):
    from workstation.leads_workflow import t1_due

    lead = recently_assigned(demo_db)
    row = get_lead_row(demo_db, lead)
    values = default_values(find_form("matter_approval"), lead_context(demo_db, row, form_id="matter_approval"))
    assert values["period"].startswith("延长15个工作日，至") and values["period"].endswith("日")
    assert values["reason"].startswith("该线索尚需进一步核查") and "不能在15个工作日内核查完毕" in values["reason"]
    assert values["reason"].endswith("申请延长核查期限15个工作日。")
    assert chinese_date(t1_due(demo_db, row)) not in values["period"]  # the extended deadline, not the current one


def test_a_form_the_lead_cannot_have_is_refused_saying_why(demo_db, english):
    # the demo lead left undecided since its assignment months ago: its T1 ran out, an extension is too late
    assign_lead(demo_db, fresh_lead(demo_db), agency_by_code(demo_db, "440604").id, on="2026-03-02")
    row = get_lead_row(demo_db, LEAD)
    refusal = lead_form_refusal(demo_db, row, "matter_approval")
    assert refusal and refusal.startswith("The lead's verification period (T1) ran out on ")
    with pytest.raises(WorkstationError) as refused:
        check_lead_issue(demo_db, LEAD, find_form("matter_approval"), typed("matter_approval"))
    assert refused.value.message == refusal
    bureau = agency_by_code(demo_db, "440604").id
    officers = [r[0] for r in demo_db.execute("SELECT id FROM officers WHERE agency_id = ? AND cert_no != '' "
                                              "ORDER BY id LIMIT 2", [bureau])]
    case = file_case_from_lead(demo_db, recently_assigned(demo_db), officer_ids=officers)
    row = get_lead_row(demo_db, LEAD)  # 立案中: its T1 runs on in the case, extended there
    assert lead_form_refusal(demo_db, row, "matter_approval").startswith("A case was opened for this lead: its ")
    procedure.apply(demo_db, case.id, "file")
    row = get_lead_row(demo_db, LEAD)
    assert lead_form_refusal(demo_db, row, "non_filing_approval") == (
        "The lead has been filed as a case: the 不予立案审批表 is written for a lead being declined or already "
        "declined.")
    assert lead_form_refusal(demo_db, row, "matter_approval").startswith("The lead was already decided (Case filed)")
    assert lead_form_refusal(demo_db, row, "case_source_register") is None


def test_the_leads_page_writes_each_form_and_greys_out_the_ones_the_lead_cannot_have(demo_db, make_window,
                                                                                   prompts):
    lead = recently_assigned(demo_db)
    window = make_window(demo_db)
    window.navigation.setCurrentRow(1)
    page = window.leads_page
    page.select(lead)
    assert page.buttons["lead_forms"].isEnabled() and page.buttons["lead_forms"].menu() is page.forms_menu
    for form_id in ("case_source_register", "non_filing_approval", "matter_approval"):
        action = page.form_actions[form_id]
        assert action.isEnabled(), form_id
        action.trigger()
        editor = window.editors[-1]
        assert (editor.form.id, editor.lead_id) == (form_id, lead)
        editor.shutdown()
    decide_lead(demo_db, lead, "refer", referred_to="广东省通信管理局")
    page.refresh(select=lead)
    refusal = lead_form_refusal(demo_db, get_lead_row(demo_db, lead), "non_filing_approval")
    assert not page.form_actions["non_filing_approval"].isEnabled()
    assert page.form_actions["non_filing_approval"].toolTip() == refusal
    assert not page.form_actions["matter_approval"].isEnabled()
    assert page.form_actions["case_source_register"].isEnabled()
    opened = len(window.editors)
    page.write("matter_approval")  # asked for anyway: refused, saying why, no editor
    assert prompts.errors[-1] == lead_form_refusal(demo_db, get_lead_row(demo_db, lead), "matter_approval")
    assert len(window.editors) == opened


def test_issuing_the_matter_approval_offers_to_record_the_leads_extension(demo_db, data_dir, make_window, prompts):
    from tests.test_lead_clock_ui import _saving
    from ui.leads_page import LeadExtensionDialog
    from workstation.leads_workflow import t1_due

    lead = recently_assigned(demo_db)
    page = make_window(demo_db).leads_page
    page.select(lead)
    document = issue_lead_document(demo_db, data_dir, lead, find_form("matter_approval"), typed("matter_approval"))
    prompts.confirm_answer = True
    dialog = LeadExtensionDialog(demo_db, get_lead_row(demo_db, lead), prompts, page)
    dialog.approved_by.setText("局长")
    assert page.offer_extension(lead, document, dialog=_saving(dialog))
    row = get_lead_row(demo_db, lead)
    assert (row["extension_days"], row["extension_approved_on"], row["extension_approved_by"]) == (
        15, document.values["proposed_on"], "局长")
    assert not page.offer_extension(lead, document)  # extended once: not asked again
    # the period the form asked for ends where the deadline board now counts the extended T1
    assert chinese_date(t1_due(demo_db, row)) in document.values["period"]
    # printed after the extension was recorded, the form asks for the recorded one
    again = default_values(find_form("matter_approval"), lead_context(demo_db, row, form_id="matter_approval"))
    assert again["matter"] == "延长核查期限" and again["period"] == document.values["period"]
