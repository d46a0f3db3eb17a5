"""The enforcement and service documents, read back from the produced PDF: the 延期/分期缴纳罚款通知书 (its title,
the deferred date or each instalment in figures and 大写), the 行政处罚决定履行催告书 (the decision's 文号, date and
service, and the late-payment surcharge accrued until today as the program computes it — the source
``penalty.surcharge_fen`` of the form kit, each party's own in a case with several), the 强制执行申请书 (the
respondent's block by its kind, what is applied for, the demand served) and the 行政处罚文书送达公告 (the document
served, deemed served thirty days after publication)."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest

from tests.helpers import pdf_text
from tests.test_multiparty13 import decided_case, serve
from tests.test_party_kind_documents import PERSON, printed
from workstation.documents.drafts import draft_document, find_form
from workstation.errors import ValidationError
from workstation.formkit.values import case_context
from workstation.store import find_case, get_case, parties_of_case
from workstation.store.cases import update_case

DECISION = "佛南市监处〔2026〕9号"
TODAY = "2026-06-26"  # the fine of a decision served on 06-01 was due 06-16: ten days overdue


@pytest.fixture
def overdue(db, make_case, monkeypatch):
    """A Nanhai case whose decision of a ¥50,000 fine was served on 2026-06-01 and not paid, seen on 06-26."""
    monkeypatch.setattr("workstation.formkit.values.today", lambda: TODAY)
    monkeypatch.setattr("workstation.law.case_law.today", lambda: TODAY)
    case = make_case(lead_received_on="2026-02-10", violations=["unsolicited_commercial_messages"],
                     facts="经查，当事人未经消费者同意向其发送商业性短信。")
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-02-13",
                                   notice_served_on="2026-03-20", decided_on="2026-04-13", served_on="2026-06-01",
                                   fine_fen=5_000_000), allow_status_change=True)


def pdf(db, case, form_id, values=None, party_id=None) -> str:
    return printed(draft_document(db, case, find_form(form_id), values, party_id=party_id))[0]


# ---- 延期/分期缴纳罚款通知书 ----------------------------------------------------------------------------------------

def test_the_instalment_notice_prints_each_instalment_in_figures_and_upper_case(demo_db):
    case = find_case(demo_db, PERSON)  # 朱子轩, fined ¥10,000
    text = pdf(demo_db, case, "payment_deferral_notice",
               {"decision_no": DECISION, "by_instalments": True, "applied_on": "2026-08-20",
                "instalment1_fen": "6000", "instalment1_on": "2026-09-10",
                "instalment2_fen": "4000", "instalment2_on": "2026-10-12"})
    assert "分期缴纳罚款通知书" in text and "延期缴纳罚款通知书" not in text
    assert f"本局于2026年8月12日对你作出《行政处罚决定书》（{DECISION}），决定对你处以罚款¥10,000.00（人民币壹万元整）。" in text
    assert "你于2026年8月20日向本局提出分期缴纳罚款的书面申请。" in text
    assert "第一期：于2026年9月10日前缴纳¥6,000.00（人民币陆仟元整）；第二期：于2026年10月12日前缴纳¥4,000.00（人民币肆仟元整）。" in text
    assert "第三期" not in text and "《中华人民共和国行政处罚法》第七十二条" in text


def test_the_deferral_notice_prints_the_deferred_date_and_no_instalment(demo_db):
    case = find_case(demo_db, PERSON)
    text = pdf(demo_db, case, "payment_deferral_notice", {"decision_no": DECISION, "deferred_to": "2026-11-30",
                                                          "instalment1_fen": "6000"})
    assert "延期缴纳罚款通知书" in text and "分期缴纳罚款通知书" not in text
    assert "本局同意你延期缴纳上述罚款。你应当于2026年11月30日前缴清罚款¥10,000.00（人民币壹万元整）。" in text
    assert "第一期" not in text


# ---- 行政处罚决定履行催告书: the surcharge as the program computes it ---------------------------------------------

def test_the_demand_prints_the_surcharge_accrued_until_today(db, overdue):
    context = case_context(db, overdue)
    assert (context["penalty.surcharge_fen"], context["penalty.surcharge_from"]) == (1_500_000, "2026-06-17")
    text = pdf(db, overdue, "performance_demand", {"decision_no": DECISION})
    assert f"本局于2026年4月13日对你单位作出《行政处罚决定书》（{DECISION}），并于2026年6月1日送达你单位。" in text
    assert ("自2026年6月17日起每日按罚款数额的百分之三加处罚款，截至2026年6月26日已加处罚款¥15,000.00"
            "（人民币壹万伍仟元整）。") in text
    assert ("十个工作日内履行上述行政处罚决定，缴纳罚没款¥50,000.00（人民币伍万元整）及加处罚款，截至2026年6月26日合计"
            "¥65,000.00（人民币陆万伍仟元整）。") in text
    assert "《中华人民共和国行政强制法》第五十四条" in text and "有权进行陈述和申辩" in text


def test_the_demand_states_the_total_owed_of_the_amounts_it_prints(db, overdue):
    """Administrative Compulsion Law art. 35(3): a demand to pay states a definite amount — the unpaid amount and the
    surcharge as of its 计算截止日, added up as written (a part paid, a surcharge counted to another day)."""
    values = {"decision_no": DECISION, "unpaid_fen": "20000", "surcharge_fen": "1234.56",
              "surcharge_on": "2026-06-20"}
    for text in printed(draft_document(db, overdue, find_form("performance_demand"), values)):  # PDF and DOCX
        assert "截至2026年6月20日已加处罚款¥1,234.56（人民币壹仟贰佰叁拾肆元伍角陆分）" in text
        assert ("缴纳罚没款¥20,000.00（人民币贰万元整）及加处罚款，截至2026年6月20日合计¥21,234.56"
                "（人民币贰万壹仟贰佰叁拾肆元伍角陆分）。") in text


def test_an_issued_demand_keeps_no_total_of_its_own_and_its_copy_adds_up_as_printed(db, data_dir, overdue):
    from workstation.documents.issuing import document_pdf, get_document, issue_document, issued_docx

    form = find_form("performance_demand")
    issued = issue_document(db, data_dir, overdue, form, {"decision_no": DECISION, "unpaid_fen": "30000"})
    kept = get_document(db, issued.id)
    assert kept.form_version == form.version == 5 and "owed_fen" not in kept.values
    total = "截至2026年6月26日合计¥45,000.00（人民币肆万伍仟元整）。"
    assert total in pdf_text(document_pdf(db, data_dir, issued.id)).replace("\n", "")
    copy = docx.Document(io.BytesIO(issued_docx(kept, form)))
    assert total in "".join(paragraph.text for paragraph in copy.paragraphs)


@pytest.mark.parametrize(("old", "new", "message"), [
    ('name = "owed_fen"', 'name = "unpaid_fen"', "Form performance_demand.toml, totals[0].name: use lower-case"),
    ('name = "owed_fen"', 'name = "agency"', "Form performance_demand.toml, totals[0].name: use lower-case"),
    ('parts = ["unpaid_fen", "surcharge_fen"]', 'parts = ["unpaid_fen", "surcharge_on"]',
     "Form performance_demand.toml, totals[0].parts: surcharge_on names no money field"),
    ('parts = ["unpaid_fen", "surcharge_fen"]', 'parts = []', "Form performance_demand.toml, totals[0].parts: a list"),
    ("{owed_fen|figures}", "{owing_fen|figures}", "Form performance_demand.toml, blocks[7]: placeholder {owing_fen}"),
])
def test_a_bad_total_is_a_load_error_naming_it(tmp_path, english, old, new, message):
    from workstation.formkit.spec import FormError, load_form
    from workstation.paths import FORMS

    text = (FORMS / "performance_demand.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "performance_demand.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FormError) as refused:
        load_form(path)
    assert refused.value.message.startswith(message)


def test_the_surcharge_stops_at_the_fine(db, overdue, monkeypatch):
    monkeypatch.setattr("workstation.formkit.values.today", lambda: "2026-08-01")
    monkeypatch.setattr("workstation.law.case_law.today", lambda: "2026-08-01")
    assert case_context(db, overdue)["penalty.surcharge_fen"] == 5_000_000


def test_a_fine_not_yet_due_has_no_surcharge_paragraph(db, overdue, monkeypatch):
    monkeypatch.setattr("workstation.formkit.values.today", lambda: "2026-06-16")
    monkeypatch.setattr("workstation.law.case_law.today", lambda: "2026-06-16")
    assert case_context(db, overdue)["penalty.surcharge_fen"] is None
    text = pdf(db, overdue, "performance_demand", {"decision_no": DECISION})
    assert "已加处罚款" not in text and "及加处罚款" not in text
    assert "十个工作日内履行上述行政处罚决定，缴纳罚没款¥50,000.00（人民币伍万元整）。" in text


def test_each_party_is_demanded_its_own_decision_and_surcharge(db, data_dir, make_case, monkeypatch):
    case, company, employee = decided_case(db, data_dir, make_case)  # ¥50,000 and ¥5,000, each its own decision
    serve(db, case, "2026-03-12", company)  # pays by 03-27
    serve(db, case, "2026-03-16", employee)  # pays by 03-31
    case = get_case(db, case.id)
    monkeypatch.setattr("workstation.formkit.values.today", lambda: "2026-04-06")
    monkeypatch.setattr("workstation.law.case_law.today", lambda: "2026-04-06")
    own = {party: case_context(db, case, party) for party in (company, employee)}
    texts = {party: pdf(db, case, "performance_demand", party_id=party) for party in (company, employee)}
    assert own[company]["penalty.surcharge_fen"] == 1_500_000  # ten days of 3 % of ¥50,000
    assert own[employee]["penalty.surcharge_fen"] == 90_000  # six days of 3 % of ¥5,000
    assert "已加处罚款¥15,000.00（人民币壹万伍仟元整）" in texts[company]
    assert "已加处罚款¥900.00（人民币玖佰元整）" in texts[employee]
    assert f"（{own[company]['documents.decision_number']}），并于2026年3月12日送达" in texts[company]
    assert f"（{own[employee]['documents.decision_number']}），并于2026年3月16日送达" in texts[employee]


def test_a_demand_without_a_decision_number_is_refused_saying_what_to_do(demo_db, english):
    with pytest.raises(ValidationError) as refused:
        draft_document(demo_db, find_case(demo_db, PERSON), find_form("performance_demand"))
    assert "type the 文号 of the decision made" in str(refused.value.errors)


# ---- 强制执行申请书 -----------------------------------------------------------------------------------------------

def test_the_application_names_a_natural_person_respondent_and_what_is_applied_for(demo_db):
    case = find_case(demo_db, PERSON)
    party = parties_of_case(demo_db, case.id)[0]
    text = pdf(demo_db, case, "enforcement_application",
               {"decision_no": DECISION, "surcharge_fen": "3000", "surcharge_on": "2026-10-09",
                "demand_served_on": "2026-10-10", "court": "佛山市南海区人民法院",
                "unpaid_fen": "11000.00"})  # the demo case paid: the amount to enforce is typed
    assert f"被申请人：{party.name}身份证件号码：{party.id_number}住址：{party.address}" in text
    assert "法定代表人" not in text
    assert (f"强制执行本局作出的《行政处罚决定书》（{DECISION}），强制被申请人缴纳罚没款¥11,000.00（人民币壹万壹仟元整），"
            "以及截至2026年10月9日的加处罚款¥3,000.00（人民币叁仟元整）。") in text
    assert "本局于2026年10月10日向被申请人送达《行政处罚决定履行催告书》，催告其" in text
    assert "此致佛山市南海区人民法院" in text and "负责人（签名）：" in text


# ---- 行政处罚文书送达公告 -----------------------------------------------------------------------------------------

def test_the_public_notice_names_the_document_served_and_the_thirty_days(demo_db):
    case = find_case(demo_db, PERSON)
    text = pdf(demo_db, case, "service_public_notice",
               {"served_document": f"行政处罚决定书（{DECISION}）", "published_on": "2026-09-01"})
    assert f"依法制作了行政处罚决定书（{DECISION}）。因本局依法采取直接送达、邮寄送达等方式均无法向你送达" in text
    assert "《市场监督管理行政处罚程序规定》第八十二条" in text
    assert "自本公告发出之日起经过三十日，即视为送达。" in text and "2026年9月1日" in text


def test_an_issued_demand_is_numbered_with_its_own_code_and_is_the_document_served(db, data_dir, overdue):
    from workstation.documents.issuing import issue_document

    issued = issue_document(db, data_dir, overdue, find_form("performance_demand"), {"decision_no": DECISION})
    assert issued.number == "佛南市监催告〔2026〕1号"
    assert case_context(db, get_case(db, overdue.id))["documents.served"] == f"行政处罚决定履行催告书（{issued.number}）"
