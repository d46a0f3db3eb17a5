"""The legal wording a 法制审核 review asked for, read back from the printed documents: citations with their article
(解除 under 行政强制法 art. 28 by the reason chosen, 委托保管 of a 查封 under art. 26 para. 2, the 移送告知书 of a
suspected crime under art. 21, the 限期提供材料通知书 under 行政处罚法 art. 55 para. 2, 指定管辖 of a dispute under
art. 25 para. 2, the 举报处理结果告知书 naming the complaint/report rules), the court a party may sue before
(有管辖权的人民法院; the district court only for compulsory enforcement), the neutral reason of a case's
移送函, the investigators' evidence, basis and proposal in the 听证报告, the facts of the pre-filing documents worded
as suspected (and nothing pre-ticked, blanks for what screening did not find), the 听证通知书 of a natural person,
the 送达公告's reason and 书名号, the 约谈纪要's attendees by side, the 抽样目的 and the police-transfer warning."""

from __future__ import annotations

import io

import docx
import pytest

from tests.helpers import approve_transfer
from tests.rendering import case_draft, docx_of, pdf_of
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.interview_documents import draft_interview_document
from workstation.documents.issuing import issue_document
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import ValidationError
from workstation.formkit.values import case_context, default_values, resumed_values, suspected
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import draft_lead_document
from workstation.store import find_case
from workstation.store.interviews import get_interview

PERSON = "佛南市监立〔2026〕5号"  # 朱子轩, a natural person; facts close with 上述行为违反了……的规定。
COMPANY = "佛南市监立〔2026〕1号"  # a 南海区 company, filed from a lead
OPERATORS = "0e7e310e-296a-586e-96a9-4a924496795f"  # the joint interview of the three telecom operators
SEIZURE_BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"
ITEMS = "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 2台 | 主机"


def text(document) -> str:
    return "".join(pdf_of(document).text_lines())


def printed(db, case, form_id: str, values: dict | None = None) -> str:
    return "".join(render_pdf(draft_document(db, case, find_form(form_id), values)).text_lines())


def open_case_party(db, case) -> str:
    return case_context(db, case)["party.name"]


def measure(db, data_dir, case, kind: str) -> str:
    """The 文号 of a 实施行政强制措施决定书 of ``kind`` issued today in ``case``."""
    return issue_document(db, data_dir, case, find_form("compulsory_measure_decision"),
                          {"legal_basis": SEIZURE_BASIS, "measure": kind, "items": ITEMS}).number


OPEN = "佛南市监立〔2026〕9号"  # a demo case under investigation


@pytest.fixture
def open_case(demo_db):
    """A case of the demo under investigation, where a measure may still be decided."""
    return find_case(demo_db, OPEN)


# ---- 1. citations with their article ---------------------------------------------------------------------------

@pytest.mark.parametrize(("reason", "item"), [
    ("当事人没有违法行为", "（一）"),
    ("查封、扣押的场所、设施或者财物与违法行为无关", "（二）"),
    ("本局对违法行为已经作出处理决定，不再需要查封、扣押", "（三）"),
    ("查封、扣押期限已经届满", "（四）"),
    ("已查清事实，不再需要采取查封、扣押措施", "（五）"),
    ("其他不再需要采取查封、扣押措施的情形", "（五）"),
])
def test_the_release_cites_the_item_of_article_28_its_reason_rests_on(read_demo_db, reason, item):
    printed_text = text(case_draft(read_demo_db, PERSON, "compulsory_measure_release",
                                   {"decision_no": "佛南市监强制〔2026〕1号", "reason": reason}))
    assert (f"因{reason}，依照《中华人民共和国行政强制法》第二十八条第一款第{item}项的规定，本局决定自"
            in printed_text)


def test_the_custody_entrustment_is_for_a_seal_up_under_article_26_para_2(demo_db, data_dir, open_case):
    number = measure(demo_db, data_dir, open_case, "查封")
    printed_text = printed(demo_db, open_case, "custody_entrustment", {"custodian": "佛山市南海区某仓储有限公司",
                                                                   "custody_place": "桂城街道某仓库3号库"})
    assert (f"（{number}）对{open_case_party(demo_db, open_case)}的下列财物予以查封。依据《中华人民共和国行政强制法》第二十六条第二款的规定，"
            "现委托你方保管：") in printed_text
    assert "有关规定" not in printed_text
    assert find_form("custody_entrustment").field("measure").choices == ("查封",)


def test_the_custody_entrustment_under_a_seizure_says_the_seizure_cannot_be_entrusted(demo_db, data_dir, open_case,
                                                                                      english):
    number = measure(demo_db, data_dir, open_case, "扣押")
    with pytest.raises(ValidationError) as refused:
        draft_document(demo_db, open_case, find_form("custody_entrustment"),
                       {"custodian": "佛山市南海区某仓储有限公司", "custody_place": "桂城街道某仓库3号库"})
    assert refused.value.errors == {"行政强制措施": (
        f"The case's last 实施行政强制措施决定书 ({number}) decides 扣押, but this document serves only 查封: issue a "
        "decision of 查封 first, or choose 查封 and type the 文号 of such a decision given on paper.")}


def test_the_transfer_notice_cites_article_21_for_a_suspected_crime_only(read_demo_db):
    values = {"decision_no": "佛南市监强制〔2026〕1号", "transferred_on": "2026-07-01"}
    crime = text(case_draft(read_demo_db, PERSON, "seized_items_transfer_notice", values))
    assert ("一并移送佛山市公安局南海分局。依据《中华人民共和国行政强制法》第二十一条的规定，特此告知。" in crime)
    other = text(case_draft(read_demo_db, PERSON, "seized_items_transfer_notice",
                            {**values, "transfer_reason": "不属于本局管辖", "receiver": "佛山市南海区文化广电旅游体育局"}))
    assert "一并移送佛山市南海区文化广电旅游体育局。特此告知。" in other
    assert "第二十一条" not in other and "有关规定" not in other


def test_the_designation_of_a_disputed_jurisdiction_cites_article_25_para_2(read_demo_db):
    form = find_form("jurisdiction_notice")
    assert default_values(form, {"case.cause": "某案"})["basis"] == "《中华人民共和国行政处罚法》第二十五条第二款的规定"
    # unclear jurisdiction is not a dispute: REFERENCE gives no article for it, the SAMR rules are named
    assert form.field("basis").default_for("管辖不明确") == "《市场监督管理行政处罚程序规定》关于指定管辖的规定"
    values = {"designated": "佛山市南海区市场监督管理局", "other_agencies": "佛山市顺德区市场监督管理局"}
    printed_text = text(case_draft(read_demo_db, COMPANY, "jurisdiction_notice", values))
    assert "依照《中华人民共和国行政处罚法》第二十五条第二款的规定，经研究，" in printed_text


def test_the_report_result_letter_names_the_rules_and_their_articles(db):
    from workstation.leads_workflow import assign_lead, decide_lead
    from workstation.store import agency_by_code

    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                       description="来访举报某公司反复发送营销短信", party="佛山市某某信息咨询有限公司",
                                       complainant_phone="13800138000", reporter_name="李四")).id
    assign_lead(db, lead, agency_by_code(db, "440605").id, on="2026-09-22")
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="经核查，未发现违法行为")
    printed_text = "".join(render_pdf(draft_lead_document(
        db, lead, find_form("report_result_notice"), {"contact_person": "邓颖诗"})).text_lines())
    assert "本局依照《市场监督管理投诉举报处理暂行办法》第三十一条的规定进行了核查处理" in printed_text
    assert "本局依照《市场监督管理投诉举报处理暂行办法》第三十三条的规定对你的个人信息和举报内容予以保密" in printed_text
    assert "有关规定" not in printed_text


# ---- 2. the court a party may sue before ------------------------------------------------------------------------

@pytest.mark.parametrize("form_id", ["compulsory_measure_decision", "compulsory_measure_extension", "refund_order",
                                     "rectification_order", "penalty_decision", "no_penalty_decision"])
def test_every_remedy_clause_names_the_court_with_jurisdiction(read_demo_db, form_id):
    values = default_values(find_form(form_id), case_context(read_demo_db, find_case(read_demo_db, COMPANY)))
    assert values["court"] == "有管辖权的人民法院"


def test_the_district_court_is_kept_for_compulsory_enforcement_only(read_demo_db):
    context = case_context(read_demo_db, find_case(read_demo_db, COMPANY))
    assert default_values(find_form("enforcement_application"), context)["court"] == "佛山市南海区人民法院"
    printed_text = text(case_draft(read_demo_db, COMPANY, "refund_order"))
    assert "也可以在六个月内依法向有管辖权的人民法院提起行政诉讼。" in printed_text
    assert "南海区人民法院" not in printed_text


def test_a_kept_draft_naming_the_district_court_to_sue_before_takes_the_court_with_jurisdiction(read_demo_db):
    context = case_context(read_demo_db, find_case(read_demo_db, COMPANY))
    for form_id in ("refund_order", "compulsory_measure_decision"):
        form = find_form(form_id)
        kept = {**default_values(form, context), "court": "佛山市南海区人民法院"}  # version 3's default
        assert resumed_values(form, kept, context)["court"] == "有管辖权的人民法院"


# ---- 3. the case's transfer letter ----------------------------------------------------------------------------

def test_a_cases_transfer_letter_gives_the_neutral_reason_not_the_telecom_one(read_demo_db):
    printed_text = text(case_draft(read_demo_db, PERSON, "case_transfer_letter",
                                   {"contact_person": "罗展鹏", "receiver": "佛山市南海区文化广电旅游体育局"}))
    assert "经审查，该案反映的问题不属于本局管辖，依法应由你单位处理。" in printed_text
    assert "电信条例" not in printed_text and "电信管理机构" not in printed_text


# ---- 4. the hearing report's section 二 ------------------------------------------------------------------------

def test_the_hearing_report_sets_out_the_investigators_evidence_basis_and_proposal(read_demo_db):
    printed_text = text(case_draft(read_demo_db, COMPANY, "hearing_report",
                                   {"analysis": "申辩理由不能成立。", "proposal": "维持"}))
    section = printed_text.split("二、案件调查人员提出的事实、证据、依据和处罚建议")[1].split("三、")[0]
    assert section.startswith("经查，当事人于2026年1月至2月")
    # the case's register, numbered from 1: no licence copy the register does not hold
    assert "调查人员提出的证据：1.当事人持有的消费者个人信息名单（" in section and "营业执照" not in section
    assert "当事人的上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第三款" in section
    assert ("依据《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项" in section
            and "的规定，调查人员建议对当事人作出如下行政处罚：" in section)
    assert "罚款¥3,000.00（人民币叁仟元整）" in section


# ---- 5./6. the facts before filing are suspected ------------------------------------------------------------------

def test_suspected_drops_the_finding_and_turns_the_conclusion_into_a_suspicion():
    assert suspected("经查，当事人向他人出售客户信息。上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第二款的规定。"
                     ) == "当事人向他人出售客户信息。上述行为涉嫌违反《中华人民共和国消费者权益保护法》第二十九条第二款的规定。"
    assert suspected("当事人涉嫌违反了某规定。上述行为涉嫌违反某法的规定。") == "当事人涉嫌违反了某规定。上述行为涉嫌违反某法的规定。"
    assert suspected("消费者反映多次接到推销电话") == "消费者反映多次接到推销电话"


@pytest.mark.parametrize("form_id", ["case_source_register", "filing_approval", "non_filing_approval"])
def test_the_pre_filing_documents_word_the_facts_as_suspected(read_demo_db, form_id):
    printed_text = text(case_draft(read_demo_db, PERSON, form_id))
    assert "当事人朱子轩于2026年3月至6月" in printed_text
    assert "上述行为涉嫌违反《中华人民共和国消费者权益保护法》第二十九条第二款的规定。" in printed_text
    assert "经查，" not in printed_text and "上述行为违反了" not in printed_text


def test_the_non_filing_approval_reads_as_a_suspicion_not_established(read_demo_db):
    printed_text = text(case_draft(read_demo_db, PERSON, "non_filing_approval"))
    assert ("第二十九条第二款的规定。经核查，现有证据不足以认定当事人存在违反市场监督管理法律、法规、规章的行为"
            in printed_text)


def test_an_unverified_leads_register_ticks_nothing_and_leaves_blanks_to_fill_in(db):
    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-03-01 09:00",
                                       description="垃圾短信：3件投诉（2026-02-01至2026-02-20）；号码：10690123456；"
                                                   "经营者：—；地点：—。\n1.频繁收到推销短信。")).id
    printed_text = "".join(render_pdf(draft_lead_document(db, lead, find_form("case_source_register"),
                                                               {"registrar": "陈志强"}))
                           .text_lines())
    assert "□建议立案  □建议不予立案  □建议移送" in printed_text
    assert "经营者：＿＿＿＿＿＿＿＿；地点：＿＿＿＿＿＿＿＿。" in printed_text and "—" not in printed_text


def test_a_filed_cases_register_ticks_the_filing(read_demo_db):
    assert "☑建议立案  □建议不予立案  □建议移送" in text(case_draft(read_demo_db, PERSON, "case_source_register"))


# ---- 7. a natural person brings an ID document -------------------------------------------------------------------

def test_the_hearing_notice_asks_a_natural_person_for_an_id_and_a_company_for_its_licence(read_demo_db):
    person = text(case_draft(read_demo_db, PERSON, "hearing_notice"))
    assert "七、参加听证时，请携带身份证件以及与本案有关的证据材料；" in person
    assert "主体资格证明" not in person
    company = text(case_draft(read_demo_db, COMPANY, "hearing_notice"))
    assert "七、参加听证时，请携带身份证明、主体资格证明以及与本案有关的证据材料；" in company


# ---- 8. the public notice of service --------------------------------------------------------------------------

def test_the_public_notice_names_the_document_with_title_marks_and_drops_the_reasons_stop(demo_db, data_dir,
                                                                                          open_case):
    number = measure(demo_db, data_dir, open_case, "扣押")
    printed_text = printed(demo_db, open_case, "service_public_notice", {"reason": "受送达人下落不明。"})
    assert f"依法制作了《实施行政强制措施决定书》（{number}）。" in printed_text
    assert "因受送达人下落不明，依照《市场监督管理行政处罚程序规定》第八十二条的规定" in printed_text
    assert "。，" not in printed_text


# ---- 9. the interview minutes' attendees ----------------------------------------------------------------------

def test_the_minutes_list_the_bureaus_and_the_parties_attendees_under_their_own_headings(read_demo_db):
    document = draft_interview_document(read_demo_db, get_interview(read_demo_db, OPERATORS),
                                        find_form("interview_minutes"))
    printed_text = text(document)
    assert "本局参加人员：欧文辉（佛山市市场监督管理局网络交易监督管理科科长）" in printed_text
    assert "被约谈单位参加人员：" in printed_text
    assert printed_text.index("本局参加人员：") < printed_text.index("被约谈单位参加人员：")
    assert "佛山市市场监督管理局 网络" not in printed_text


# ---- 10. the sampling purpose and the police-transfer warning ---------------------------------------------------

def test_the_sampling_purpose_assumes_no_quality_test(read_demo_db):
    printed_text = text(case_draft(read_demo_db, PERSON, "sampling_record"))
    assert "抽样取证，查明案件事实" in printed_text and "质量状况" not in printed_text


def test_the_police_transfer_warning_separates_each_step(db, make_case):
    from workstation.documents.stage_rules import stage_warnings

    below = make_case(status="investigating", filed_on="2026-03-02", records_sensitive=20, records_other=200)
    # the head's approval of the transfer recorded: only the thresholds are told
    approve_transfer(db, below, "2026-03-10", "2026-03-11")
    [warning] = stage_warnings(db, below, "police_transfer", {})
    assert "= 0.04；其他个人信息 200 ÷ 5,000 = 0.04；按比例合计 0.04 + 0.04 = 0.08；比例合计 0.08 < 1" in warning
    assert "0.08比例合计" not in warning


def test_the_release_citation_prints_the_same_in_the_docx(read_demo_db):
    document = case_draft(read_demo_db, PERSON, "compulsory_measure_release",
                          {"decision_no": "佛南市监强制〔2026〕1号", "reason": "当事人没有违法行为"})
    body = docx.Document(io.BytesIO(docx_of(document))).element.body
    paragraphs = "".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                         for p in body.iter() if p.tag.endswith("}p"))
    assert "因当事人没有违法行为，依照《中华人民共和国行政强制法》第二十八条第一款第（一）项的规定，本局决定自" in paragraphs
