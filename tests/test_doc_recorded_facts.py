"""What a case's documents say matches what the case recorded: the 行政处罚决定书 of a party who asked for a hearing
that was held says so (its 听证日期 drawn from the case, and a decision saying otherwise, or saying nothing of a
recorded 陈述申辩, is refused naming the field); a record is dated by the day it records (``date_field``: 询问时间,
听证时间, 送达日期, 审核日期 …), not the day it was typed in, wherever a document's date is read; the surcharge a
催告书 states is the one accrued by its own date; the workspace cites for each proposed amount only the notices
proposing it; and the 卷宗封面 of an archived case carries the day it was archived."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import INQUIRY_TO_ISSUE, hearing_notice, legal_review, run_json
from tests.test_party_case10 import FACTS, SERVED, notice, with_employee
from tests.test_party_kind_documents import printed
from tests.test_s45_hearing_path import hearing_documents
from workstation import procedure
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.errors import WorkstationError
from workstation.formkit.spec import FormError, load_form
from workstation.formkit.values import case_context, default_values, document_date
from workstation.store import get_case
from workstation.store.cases import case_timeline, update_case

NOTIFIED, HELD = "2026-03-04", "2026-03-13"  # the 听证通知书 and the hearing seven working days later


@pytest.fixture
def heard(request, db, data_dir, kept_state):
    """A case with two parties: the company, told of its right to a hearing, asked for one, which was held on
    03-13; its employee, fined below the hearing amount, did not: (case, company, employee)."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee = with_employee(db, make_case(status="pre_notice", filed_on="2026-02-27",
                                                              notice_served_on=SERVED, facts=FACTS))
        notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
        notice(db, data_dir, case, employee, fine_fen="5000", warning=False)
        procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
        hearing_notice(db, data_dir, case, company, issued_on=NOTIFIED, hearing_date=HELD)
        procedure.apply(db, case.id, "conclude_hearing", on_date=HELD)
        hearing_documents(db, data_dir, case, HELD, company)  # the decision rests on them (art. 65)
        legal_review(db, data_dir, case, reviewed_on=HELD)  # a hearing held: 法制审核 before the decision (art. 58)
        return get_case(db, case.id), company, employee

    return kept_state("heard", db, data_dir, make, ("make_case", "officers"))


DECISION = {"facts": FACTS, "fine_fen": "150000", "warning": True, "decided_on": "2026-03-20"}


def drafted(db, case, form_id: str, given: dict, party_id=None) -> dict:
    """The values of a draft of ``form_id`` as the editor and ``draft_document`` start it: the case's defaults
    following what was given, then what was given."""
    return {**default_values(find_form(form_id), case_context(db, case, party_id), given), **given}


# ---- 1. the decision of the party who was heard ------------------------------------------------------------------

def test_the_decision_of_the_party_heard_says_it_asked_and_was_heard(db, heard):
    case, company, employee = heard
    assert case_context(db, case, company)["party.hearing_held_on"] == HELD
    assert case_context(db, case, employee)["party.hearing_held_on"] is None  # it never asked
    text = printed(draft_document(db, case, find_form("penalty_decision"), DECISION, party_id=company))[0]
    assert "应当事人的要求，本局于2026年3月13日依法举行了听证。" in text
    assert "也未要求听证" not in text
    other = printed(draft_document(db, case, find_form("penalty_decision"),
                                   {**DECISION, "fine_fen": "5000", "warning": False}, party_id=employee))[0]
    assert "举行了听证" not in other


def test_the_decision_approval_of_the_party_heard_says_it_was_heard_not_that_it_kept_silent(db, heard):
    case, company, employee = heard
    text, docx_text = printed(draft_document(db, case, find_form("decision_approval"), {}, party_id=company))
    for shown in (text, docx_text):
        assert "应当事人的要求，本局于2026年3月13日依法举行了听证。" in shown
        assert "未提出陈述、申辩意见" not in shown
    silent = printed(draft_document(db, case, find_form("decision_approval"), {"fine_fen": "5000"},
                                    party_id=employee))[0]
    assert "当事人在法定期限内未提出陈述、申辩意见。" in silent and "举行了听证" not in silent
    told = printed(draft_document(db, case, find_form("decision_approval"), {"hearing_held_on": None},
                                  party_id=company))[0]
    assert "当事人在法定期限内未提出陈述、申辩意见，也未要求听证。" in told
    waived = printed(draft_document(db, case, find_form("decision_approval"),
                                    {"fine_fen": "5000", "statement_waived": True}, party_id=employee))[0]
    assert "当事人明确表示放弃陈述、申辩的权利。" in waived and "未提出" not in waived


def test_a_decision_saying_the_heard_party_never_asked_is_refused_naming_the_field(db, heard, english):
    case, company, _employee = heard
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, case, find_form("penalty_decision"), {**DECISION, "hearing_held_on": None},
                    party_id=company)
    assert "“听证日期”" in str(refused.value) and HELD in str(refused.value)
    assert str(refused.value).startswith("佛山市南海区誉嘉房地产代理有限公司: The party asked for a hearing")
    values, _context = check_issue(db, case, find_form("penalty_decision"), DECISION, party_id=company)
    assert values["hearing_held_on"] == HELD


def test_a_decision_saying_nothing_of_the_recorded_statement_is_refused(db, data_dir, heard, english):
    case, _company, employee = heard
    issue_document(db, data_dir, case, find_form("statement_record"),
                   {"time_from": "2026-03-05 09:30", "time_to": "2026-03-05 10:00", "place": "本局",
                    "statement": "当事人称其不知情。", "recusal_answer": "听清楚了，不申请回避。"},
                   party_id=employee)
    values = {**DECISION, "fine_fen": "5000", "warning": False}
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, case, find_form("penalty_decision"), values, party_id=employee)
    assert "“陈述申辩及采纳情况”" in str(refused.value) and "陈述申辩笔录" in str(refused.value)
    check_issue(db, case, find_form("penalty_decision"),
                {**values, "statement": "当事人称其不知情，经复核，不予采纳。"}, party_id=employee)


# the decision of a party heard, or whose statement is recorded, says what it argued and whether it was adopted
# (行政处罚法 arts. 45, 62; REFERENCE §2.2 No. 45): with “陈述申辩及采纳情况” empty it is issued, warned naming the field

UNSAID = "but “陈述申辩及采纳情况” is empty"


def issue_warnings(db, data_dir, case, party, values, tmp_path, capsys) -> list[str]:
    """The warnings `docs issue --json` gives issuing the party's 行政处罚决定书 with ``values``."""
    path = tmp_path / "decision.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    db.conn.commit()
    argv = ["--data-dir", data_dir, "docs", "issue", case.case_number, "--form", "penalty_decision", "--values",
            path, "-o", tmp_path / "decision.pdf", *(("--party", party) if party else ())]
    result = run_json(capsys, *argv)
    assert result["number"]  # issued all the same: a warning, not a refusal
    return result.get("warnings", [])


def test_docs_issue_warns_of_a_heard_partys_decision_saying_nothing_of_its_arguments(db, data_dir, heard, tmp_path,
                                                                                      capsys, english):
    case, company, _employee = heard
    warned = [w for w in issue_warnings(db, data_dir, case, company, DECISION, tmp_path, capsys) if UNSAID in w]
    assert warned == [f"佛山市南海区誉嘉房地产代理有限公司: A hearing was held on {HELD}, {UNSAID}: the decision says "
                      "nothing of what the party argued at the hearing and whether it was adopted (行政处罚法 arts. "
                      "45, 62). Write the party's statements and defence and whether each was adopted, with the "
                      "reasons, in “陈述申辩及采纳情况” (the editor's 事实与证据 section; “statement” in docs issue "
                      "--values)."]


def test_a_heard_partys_decision_stating_its_arguments_is_not_warned(db, data_dir, heard, tmp_path, capsys, english):
    case, company, _employee = heard
    stated = {**DECISION, "statement": "当事人在听证中辩称其不知情，经复核，其理由不能成立，不予采纳。"}
    assert not [w for w in issue_warnings(db, data_dir, case, company, stated, tmp_path, capsys) if UNSAID in w]


def test_a_decision_saying_the_party_waived_after_its_recorded_statement_is_warned(db, data_dir, make_case, tmp_path,
                                                                                  capsys, english):
    """A party that stated its case (its 陈述申辩笔录) and then waived: the decision left to its default would say it
    waived its statement — issued, as the party did waive, but warned."""
    case = make_case(status="decision_pending", filed_on="2026-02-27", notice_served_on=SERVED, notice_waived=True,
                     facts=FACTS, fine_fen=5000, violations=["unsolicited_commercial_messages"])
    issue_document(db, data_dir, case, find_form("statement_record"),
                   {"time_from": "2026-03-05 09:30", "time_to": "2026-03-05 10:00", "place": "本局",
                    "served_document": "行政处罚告知书南市监罚告〔2026〕1号", "stater": "梁嘉豪",
                    "statement": "当事人称其不知情。", "recusal_answer": "听清楚了，不申请回避。"})
    values = {"fine_fen": "5000", "decided_on": "2026-03-20", "party_address": "佛山市南海区桂城街道南海大道1号"}
    warned = [w for w in issue_warnings(db, data_dir, case, None, values, tmp_path, capsys) if UNSAID in w]
    assert len(warned) == 1
    assert warned[0].startswith(f"The party stated its case on 2026-03-05 (its 陈述申辩笔录), {UNSAID}")


@pytest.mark.gui
def test_the_window_asks_about_a_heard_partys_decision_saying_nothing_of_its_arguments(db, heard, prompts, english):
    from ui.case_documents import confirm_case_issue

    case, company, _employee = heard
    form = find_form("penalty_decision")
    values, _context = check_issue(db, case, form, DECISION, party_id=company)
    confirm_case_issue(prompts, None, db, case, form, values=values)
    assert f"A hearing was held on {HELD}, {UNSAID}" in prompts.confirmations[-1]


# ---- 2. a record dated by the day it records -----------------------------------------------------------------------

def test_a_form_names_the_field_that_dates_it(tmp_path):
    text = Path(find_form("inquiry_record").path).read_text(encoding="utf-8")
    assert find_form("inquiry_record").date_field == "time_from"
    wrong = tmp_path / "inquiry_record.toml"
    wrong.write_text(text.replace('date_field = "time_from"', 'date_field = "place"'), encoding="utf-8")
    with pytest.raises(FormError) as refused:
        load_form(wrong)
    assert "date_field" in refused.value.message and "place" in refused.value.message


def test_records_are_dated_by_the_day_they_record_in_the_index_the_evidence_and_the_timeline(db, data_dir, heard):
    case, company, _employee = heard
    issue_document(db, data_dir, case, find_form("inquiry_record"),
                   {"time_from": "2026-02-28 09:30", "time_to": "2026-02-28 10:40", "place": "本局询问室",
                    "interviewee": "梁嘉豪", "relation": "法定代表人", "sex": "男",
                    "id_number": "440602198506150019", "recusal_answer": "听清楚了，不申请回避。",
                    "questions_answers": INQUIRY_TO_ISSUE["questions_answers"]},
                   party_id=company)
    issue_document(db, data_dir, case, find_form("hearing_record"),
                   {"time_from": f"{HELD} 09:30", "time_to": f"{HELD} 11:00", "place": "本局听证室",
                    "recusal_answer": "不申请回避。", "proceedings": "调查人员：陈述违法事实、证据和处罚建议。\n当事人：无异议。"},
                   party_id=company)
    context = case_context(db, get_case(db, case.id), company)
    rows = {row.split(" | ")[3]: row.split(" | ")[4] for row in str(context["documents.rows"]).splitlines()}
    assert rows["询问笔录（佛山市南海区誉嘉房地产代理有限公司）"] == "2026年2月28日"
    assert rows["听证笔录（佛山市南海区誉嘉房地产代理有限公司）"] == "2026年3月13日"
    assert "询问笔录（2026年2月28日）" in str(context["evidence.proof"])
    days = [entry.on_date for entry in case_timeline(db, get_case(db, case.id)) if "询问笔录" in entry.text]
    assert days == ["2026-02-28"]


def test_the_delivery_receipt_is_dated_by_the_day_the_decision_was_served(db, make_case):
    case = make_case(status="served", filed_on="2026-02-13", notice_served_on="2026-03-20",
                     decided_on="2026-04-13", served_on="2026-04-16", fine_fen=500000)
    form = find_form("delivery_receipt")
    context = case_context(db, case)
    context["documents.served"] = "行政处罚决定书（佛南市监处〔2026〕9号）"
    values = default_values(form, {**context, "documents.served_on": "2026-04-16"})
    assert values["served_on"] == "2026-04-16"
    assert document_date(form, values, "2026-12-01") == "2026-04-16"
    assert document_date(form, {**values, "served_on": None}, "2026-12-01") == "2026-12-01"
    assert document_date(find_form("legal_review"), {"reviewed_on": "2026-09-29"}, "2026-12-01") == "2026-09-29"


def test_the_receipt_of_a_served_notice_takes_its_recorded_service(db, heard):
    case, company, employee = heard
    assert case_context(db, case, employee)["documents.served_on"] == SERVED  # its 告知书, served on 03-02
    assert case_context(db, case, company)["documents.served_on"] is None  # its 听证通知书: no service recorded
    values = drafted(db, case, "delivery_receipt", {}, employee)
    assert values["served_on"] == SERVED
    # it dates the receipt in the lists, but is not printed: the recipient and the servers write the day by hand
    text = printed(draft_document(db, case, find_form("delivery_receipt"), {}, party_id=employee))[0]
    assert "2026年3月2日" not in text and "送达人签名：" in text


# ---- 3. the surcharge as of the demand's own date --------------------------------------------------------------

@pytest.fixture
def overdue(db, make_case, monkeypatch):
    """A ¥50,000 fine served on 2026-06-01 (due 06-16) and not paid, seen on 07-01."""
    monkeypatch.setattr("workstation.formkit.values.today", lambda: "2026-07-01")
    monkeypatch.setattr("workstation.law.case_law.today", lambda: "2026-07-01")
    case = make_case(lead_received_on="2026-02-10", facts="经查，当事人未经消费者同意向其发送商业性短信。")
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-02-13",
                                   notice_served_on="2026-03-20", decided_on="2026-04-13", served_on="2026-06-01",
                                   fine_fen=5_000_000), allow_status_change=True)


def test_the_demand_states_the_surcharge_accrued_by_its_own_date(db, overdue):
    assert case_context(db, overdue)["penalty.surcharge_fen"] == 2_250_000  # 15 days to today, 07-01
    given = {"decision_no": "佛南市监处〔2026〕9号", "signed_on": "2026-06-22"}
    values = drafted(db, overdue, "performance_demand", given)
    assert (values["surcharge_on"], values["surcharge_fen"]) == ("2026-06-22", "9000.00")
    text = printed(draft_document(db, overdue, find_form("performance_demand"), given))[0]
    assert "截至2026年6月22日已加处罚款¥9,000.00（人民币玖仟元整）" in text  # 6 days × ¥1,500
    # an amount the officer wrote stays as written
    assert drafted(db, overdue, "performance_demand", {**given, "surcharge_fen": "100"})["surcharge_fen"] == "100"


def test_a_demand_dated_before_the_fine_fell_due_states_no_surcharge(db, overdue):
    given = {"decision_no": "佛南市监处〔2026〕9号", "signed_on": "2026-06-16"}
    assert drafted(db, overdue, "performance_demand", given)["surcharge_fen"] is None
    assert "已加处罚款" not in printed(draft_document(db, overdue, find_form("performance_demand"), given))[0]


# ---- 4. the workspace cites for each amount the notices proposing it -----------------------------------------------

def test_a_proposed_confiscation_cites_only_the_notice_proposing_it(db, data_dir, make_case, english):
    from workstation.penalty_terms import proposal_source, proposed_penalty

    case, company, employee = with_employee(db, make_case(status="pre_notice", filed_on="2026-02-27",
                                                          notice_served_on=SERVED, facts=FACTS))
    first = notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    second = notice(db, data_dir, case, employee, fine_fen="5000", confiscated_fen="3000", warning=False)
    proposed = proposed_penalty(db, get_case(db, case.id))
    assert proposal_source(proposed, "confiscated") == f"notice {second.number}"
    assert proposal_source(proposed, "fine") == f"notice {first.number}；notice {second.number}"
    assert proposal_source(proposed) == f"notice {first.number}；notice {second.number}"


# ---- 5. the 卷宗封面 of an archived case ----------------------------------------------------------------------

def test_the_cover_of_an_archived_case_carries_the_day_it_was_archived(db, make_case):
    case = make_case(status="closed", filed_on="2026-02-13", closed_on="2026-05-20")
    assert case_context(db, case)["case.archived_on"] is None
    procedure.apply(db, case.id, "archive", on_date="2026-05-22")
    assert drafted(db, get_case(db, case.id), "file_cover", {})["archived_on"] == "2026-05-22"
    assert "2026年5月22日" in printed(draft_document(db, get_case(db, case.id), find_form("file_cover"), {}))[0]
