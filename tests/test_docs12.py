"""Document content, session 12: the 立案（不予立案）审批表 and the 案件来源登记表 print the brief facts known when the
case was filed, however late they are drafted; a document whose facts state a number of personal-information records
that its counted figure contradicts is refused before it is issued; and in a case with a company and a natural
person, each party's documents carry that party's own particulars, service, amounts and 文号."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import pdf_text, with_source
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import check_issue, document_pdf, issue_document
from workstation.errors import WorkstationError
from workstation.formkit.values import case_context, resumed_values
from workstation.records import Lead
from workstation.store import get_case, save_lead
from workstation.store.cases import update_case

ADDRESS = "佛山市南海区桂城街道南海大道1号"
LEAD = "消费者反映号码0757-85836433以“房产顾问”名义多次来电推销新盘，怀疑个人信息被泄露"
BRIEF = "经核查，当事人涉嫌未经消费者同意，通过外呼平台向消费者拨打楼盘推销电话。"
# what the investigation found, written into the case's facts after filing: ten paragraphs
FINDINGS = "\n".join([BRIEF] + [f"经查明的第{n}项事实：当事人于2026年3月通过第三方外呼平台向消费者拨打推销电话，"
                                f"并发送楼盘推广短信，涉及消费者个人信息若干条，当事人未能提供消费者同意的证明材料，"
                                f"其负责人对上述事实予以确认，有询问笔录、电子数据提取笔录等证据证实。"
                                for n in range(1, 11)])


def _text(db, case, form_id: str):
    rendered = render_document(draft_document(db, get_case(db, case.id), find_form(form_id), with_source(form_id)),
                               "pdf")
    return pdf_text(rendered.data), rendered.pages


def _with_findings(db, case):
    return update_case(db, replace(get_case(db, case.id), facts=FINDINGS))


# ---- 1. the brief facts of the filing approval ------------------------------------------------------------------

@pytest.mark.parametrize("form_id", ["filing_approval", "non_filing_approval", "case_source_register"])
def test_a_case_filed_from_a_lead_prints_the_lead_however_late_and_on_one_page(db, make_case, form_id):
    case = make_case(status="investigating", lead_received_on="2026-02-20", filed_on="2026-03-02", facts=BRIEF)
    save_lead(db, Lead(source="12345", received_at="2026-02-19T09:37:15+08:00", description=LEAD,
                       status="filed", case_id=case.id, complaint_count=3, decided_on="2026-03-02"))
    _with_findings(db, case)

    text, pages = _text(db, case, form_id)

    assert f"{LEAD}（共3件相关投诉举报）" in text
    assert "经查明的第" not in text and BRIEF not in text
    assert pages == 1


def test_a_filed_case_without_a_lead_prints_the_first_paragraph_of_its_facts(db, make_case):
    case = _with_findings(db, make_case(status="investigating", filed_on="2026-03-02", facts=BRIEF))

    text, pages = _text(db, case, "filing_approval")

    assert BRIEF in text and "经查明的第" not in text
    assert pages == 1


def test_before_filing_the_approval_prints_the_facts_as_they_stand(db, make_case):
    # verification before filing: what the officer knows now is what the filing decides on
    case = make_case(facts=f"{BRIEF}\n当事人的负责人承认外呼名单购自他人。")

    text, _pages = _text(db, case, "filing_approval")

    assert BRIEF in text and "当事人的负责人承认外呼名单购自他人。" in text


def test_a_kept_draft_holding_the_whole_facts_takes_the_brief_and_an_officers_text_stays(db, make_case):
    case = _with_findings(db, make_case(status="investigating", filed_on="2026-03-02", facts=BRIEF))
    form, context = find_form("filing_approval"), case_context(db, get_case(db, case.id))

    assert resumed_values(form, {"facts": FINDINGS}, context)["facts"] == BRIEF
    assert resumed_values(form, {"facts": "办案人员自己写的案情。"}, context)["facts"] == "办案人员自己写的案情。"


def test_an_issued_filing_approval_stays_as_issued(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", facts="当事人涉嫌发送商业性短信。")
    issued = issue_document(db, data_dir, get_case(db, case.id), find_form("filing_approval"),
                            with_source("filing_approval"))
    _with_findings(db, case)

    printed = pdf_text(document_pdf(db, data_dir, issued.id))

    assert "当事人涉嫌发送商业性短信。" in printed and BRIEF not in printed
    assert issued.form_version == find_form("filing_approval").version


# ---- 2. a number of records in the facts against the counted figure -----------------------------------------

CONTRADICTING = "经查，当事人将业主信息出售给他人，涉及消费者个人信息540条。"


def test_the_police_transfer_whose_facts_contradict_the_count_is_refused_naming_both(db, make_case, english,
                                                                                    table_counts):
    case = make_case(status="investigating", filed_on="2026-03-02", facts=CONTRADICTING, records_other=402)
    before = table_counts(db)

    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), find_form("police_transfer"), {"party_address": ADDRESS})

    message = str(refused.value)
    assert "涉嫌犯罪的主要事实 says 540条 of personal information" in message
    assert "402条 (涉及公民个人信息合计（条）)" in message and "其他公民个人信息（条）" in message
    assert "Correct the figure in the 涉嫌犯罪的主要事实, or the count" in message
    assert table_counts(db) == before


def test_the_figures_agreeing_the_transfer_prints_them_and_issues(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", facts=CONTRADICTING, records_other=402)

    issued = issue_document(db, data_dir, get_case(db, case.id), find_form("police_transfer"),
                            {"party_address": ADDRESS, "records_total": "540", "records_other": "540"})

    printed = pdf_text(document_pdf(db, data_dir, issued.id))
    assert "涉及消费者个人信息540条" in printed and "共计540条" in printed and "402" not in printed


@pytest.mark.parametrize("facts", ["当事人出售公民个人信息共计1,031条，其中交易信息53条。",
                                   "当事人向消费者发送营销短信3000余条，涉及个人信息1031条。"])
def test_a_category_or_a_count_of_messages_is_no_contradiction(db, data_dir, make_case, facts):
    case = make_case(status="investigating", filed_on="2026-03-02", facts=facts, records_sensitive=53,
                     records_other=978)

    issued = issue_document(db, data_dir, get_case(db, case.id), find_form("police_transfer"),
                            {"party_address": ADDRESS})

    assert "共计1,031条" in pdf_text(document_pdf(db, data_dir, issued.id))


def test_the_investigation_report_printing_the_count_is_checked_too(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02", facts=CONTRADICTING, records_other=402)

    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), find_form("investigation_report"),
                    {"party_address": ADDRESS, "warning": True})  # a report proposes something

    assert "违法事实 says 540条" in str(refused.value) and "402条 (涉及消费者个人信息（条）)" in str(refused.value)


def test_a_report_without_a_counted_figure_is_not_held_to_one(db, make_case):
    # no count recorded: the report prints no 经统计 sentence, so nothing in it contradicts the facts
    case = make_case(status="investigating", filed_on="2026-03-02", facts=CONTRADICTING)

    values, _context = check_issue(db, get_case(db, case.id), find_form("investigation_report"),
                                   {"party_address": ADDRESS, "warning": True})  # a report proposes something

    assert values["facts"] == CONTRADICTING


# ---- 3. a case of a company and a natural person: each party's documents are its own ----------------------------

COMPANY_NOTICE_SERVED, EMPLOYEE_NOTICE_SERVED = "2026-03-02", "2026-03-04"
COMPANY_DECIDED, EMPLOYEE_DECIDED = "2026-03-20", "2026-03-23"


@pytest.fixture
def decided(request, db, data_dir, kept_state):
    """A case of the company (its own notice: ¥50,000) and its employee (¥5,000), each served on its own day and
    each given its own decision as drafted; the case records the sum, ¥55,000, which is neither party's.
    Returns (case, {party id: (its name, code, address, decision)})."""
    def make():
        from tests.test_party_case10 import FACTS, with_employee
        from workstation import procedure
        from workstation.store import get_party

        make_case = request.getfixturevalue("make_case")
        case, company, employee = with_employee(db, make_case(
            status="under_review", lead_received_on="2026-02-10", filed_on="2026-02-20", review_on="2026-02-27",
            facts=FACTS, fine_fen=5_500_000))
        for party, fine, issued_on in ((company, "50000", "2026-02-28"), (employee, "5000", "2026-03-01")):
            issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                           {"issued_on": issued_on, "fine_fen": fine, "hearing_required": False},
                           party_id=party)
        procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_NOTICE_SERVED, party_ids=(company,))
        procedure.apply(db, case.id, "send_pre_notice", on_date=EMPLOYEE_NOTICE_SERVED, party_ids=(employee,))
        procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-12")
        parties = {}
        for party, decided_on in ((company, COMPANY_DECIDED), (employee, EMPLOYEE_DECIDED)):
            decision = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                                      {"decided_on": decided_on}, party_id=party)
            record = get_party(db, party)
            parties[party] = (record.name, record.uscc or record.id_number, record.address, decision)
        procedure.apply(db, case.id, "decide_penalty", on_date=COMPANY_DECIDED)
        return get_case(db, case.id), parties

    return kept_state("decided", db, data_dir, make, ("make_case", "officers"))


def _own_and_other(parties, party):
    (other,) = [p for p in parties if p != party]
    return parties[party], parties[other]


def test_each_partys_decision_imposes_its_own_notices_fine_and_names_its_own_service(db, data_dir, decided):
    _case, parties = decided
    printed = {party: pdf_text(document_pdf(db, data_dir, record[3].id)) for party, record in parties.items()}
    company, employee = parties

    assert "罚款¥50,000.00（人民币伍万元整）" in printed[company] and "55,000" not in printed[company]
    assert "罚款¥5,000.00（人民币伍仟元整）" in printed[employee] and "55,000" not in printed[employee]
    assert "本局于2026年3月2日向当事人送达了《行政处罚告知书》" in printed[company]
    assert "本局于2026年3月4日向当事人送达了《行政处罚告知书》" in printed[employee]


def test_the_one_closing_sheet_carries_each_partys_own_decision_date_and_amounts(db, decided):
    # a case keeps one 结案审批表 (one_per_case): it lists every party, each with its own decision
    case, parties = decided
    company, employee = parties
    sheet = pdf_text(render_document(draft_document(db, case, find_form("closing_approval")), "pdf").data)

    assert (f"当事人一{parties[company][0]}统一社会信用代码{parties[company][1]}决定日期2026年3月20日"
            f"处理决定{parties[company][3].number}：罚款¥50,000.00（人民币伍万元整）") in sheet
    assert (f"当事人二{parties[employee][0]}身份证件号码{parties[employee][1]}决定日期2026年3月23日"
            f"处理决定{parties[employee][3].number}：罚款¥5,000.00（人民币伍仟元整）") in sheet
    assert "罚款合计¥55,000.00（人民币伍万伍仟元整）实缴合计结案理由" in sheet  # nothing paid is recorded


# the releases name a preservation notice or a compulsory-measure decision, here given on paper
ON_PAPER = {"preservation_release": {"notice_no": "佛南市监保存〔2026〕1号"},
            "compulsory_measure_release": {"decision_no": "佛南市监强制〔2026〕1号"},
            "seized_items_list": {"decision_no": "佛南市监强制〔2026〕1号"},
            "seizure_assistance_notice": {"decision_no": "佛南市监强制〔2026〕1号"},
            "seized_items_transfer_notice": {"decision_no": "佛南市监强制〔2026〕1号"},
            "on_the_spot_decision": {"serial_no": "0012345"},  # the serial printed on its paper
            "compulsory_measure_extension": {"decision_no": "佛南市监强制〔2026〕1号", "extended_until": "2026-07-31"},
            "custody_entrustment": {"decision_no": "佛南市监强制〔2026〕1号", "custodian": "佛山市南海区某仓储有限公司",
                                    "custody_place": "桂城街道某仓库3号库"},
            # the authority the officer names where the case is not one the letter can address by itself
            "case_transfer_letter": {"receiver": "佛山市公安局南海分局"},
            # the chair's and the reviewers' conclusions, which the forms leave to them
            "hearing_report": {"analysis": "申辩理由不能成立。", "proposal": "维持"},
            "legal_review": {"facts_clear": "是", "evidence_sufficient": "是", "procedure_lawful": "是",
                             "basis_correct": "是", "discretion_proper": "是", "opinion": "经审核，同意。"}}


def test_no_document_written_for_one_party_carries_the_other_partys_particulars_or_numbers(db, decided):
    from workstation.documents.addressee import addressed_to_party
    from workstation.formkit.spec import load_forms

    case, parties = decided
    written = 0
    for form in load_forms()[0].values():
        if not addressed_to_party(form):
            continue
        overrides = {"decided_on": "2026-03-25"} if form.kind == "decision" else {}
        overrides.update(ON_PAPER.get(form.id, {}))
        for party in parties:
            (name, code, address, decision), (other_name, other_code, other_address, other_decision) = \
                _own_and_other(parties, party)
            text = draft_document(db, case, form, overrides, party_id=party).text
            assert name in text, form.id
            mixed = [value for value in (other_name, other_code, other_address, other_decision.number) if value in text]
            assert not mixed, (form.id, name, mixed)
            written += 1
    assert written >= 30  # every form written for a party, for each of the two
