"""From a 法制审核 review: the 裁量阶次 the 调查终结报告 and the 行政处理决定审批表 tick follows the case's tier, else the
tier its fine falls in, and is never 一般 by default (a ¥2,000 fine on a ¥0–500,000 range is 从轻), with a warning
when the tier ticked contradicts the fine and, on the 审批表, when its 裁量理由 or 主要证据 is empty; the 结案审批表 of
a served warning-only decision ends 决定执行完毕, and 其他 is refused with nothing written after it; the 催告书 is
refused with a surcharge above the fine, dated within the payment period or computed to a day after its own date,
and warns when its surcharge is not the one its days give."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_doc_case_defaults import defaults, printed
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.issuing import case_documents, check_issue, issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import ValidationError, WorkstationError
from workstation.records import Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
MESSAGES = ["unsolicited_commercial_messages"]  # 消法 art. 56: ¥0 – ¥500,000, 从轻 up to ¥150,000
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}


def addressed(db, case):
    """The case with its company's address recorded (the decision and the report print it)."""
    save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E",
                         address="佛山市南海区桂城街道南海大道1号", legal_rep="梁嘉豪", id=case.party_ids[0]))
    return get_case(db, case.id)


def warnings(db, case, form_id, **values) -> list[str]:
    case = addressed(db, case)
    checked, _context = draft_values(db, case, find_form(form_id), values)
    return stage_warnings(db, case, form_id, checked)


# ---- 1. the 裁量阶次 --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("form_id", ["investigation_report", "decision_approval"])
def test_the_tier_ticked_is_the_one_the_fine_falls_in_not_ordinary(db, make_case, form_id):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, violations=MESSAGES, fine_fen=200_000)
    assert defaults(db, case, form_id)["discretion_level"] == "从轻"
    text = printed(db, case, form_id, ADDRESS)
    assert "☑从轻" in text and "☑一般" not in text


@pytest.mark.parametrize("form_id", ["investigation_report", "decision_approval"])
def test_the_tier_chosen_on_the_case_goes_first_and_none_is_ticked_when_nothing_tells(db, make_case, form_id):
    chosen = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, violations=MESSAGES,
                       fine_fen=200_000, discretion_tier="ordinary", discretion_reason="多次违法，按一般情形处罚")
    assert defaults(db, chosen, form_id)["discretion_level"] == "一般"
    unknown = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=200_000)  # no violation
    assert defaults(db, unknown, form_id)["discretion_level"] in (None, "")
    text = printed(db, unknown, form_id, ADDRESS)
    assert "□从轻" in text and "□一般" in text and "☑" not in text.split("裁量阶次")[1][:20]


def test_a_tier_contradicting_the_fine_is_warned_of(db, make_case, english):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, violations=MESSAGES, fine_fen=200_000)
    told = warnings(db, case, "investigation_report", discretion_level="一般", fine_fen="2000")
    assert any(w.startswith("The 裁量阶次 ticked is 一般, but the fine of ¥2,000.00 lies in the 从轻 band") for w in told)
    assert not any("裁量阶次" in w for w in warnings(db, case, "investigation_report", discretion_level="从轻",
                                                     fine_fen="2000"))


def test_the_approval_form_warns_of_an_empty_reason_and_evidence_and_of_no_tier(db, make_case, english):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=200_000)
    told = " ".join(warnings(db, case, "decision_approval", discretion="", evidence="", fine_fen="2000"))
    assert "The 裁量理由 of the 行政处理决定审批表 is empty" in told
    assert "The 主要证据 of the 行政处理决定审批表 is empty" in told
    assert "No 裁量阶次 is ticked for the fine of ¥2,000.00" in told


# ---- 2. the 结案理由 ------------------------------------------------------------------------------------------------

def warned_and_served(db, data_dir, make_case):
    case = make_case(status="decision_pending", lead_received_on="2026-02-10", filed_on="2026-02-27",
                     notice_served_on="2026-03-02", violations=MESSAGES, facts=FACTS)
    issue_document(db, data_dir, addressed(db, case), find_form("penalty_decision"),
                   {"decided_on": "2026-03-20", "warning": True, "fine_fen": "0"})
    return update_case(db, replace(get_case(db, case.id), status="served", served_on="2026-03-23"),
                       allow_status_change=True)


def test_a_served_warning_closes_as_executed(db, data_dir, make_case):
    case = warned_and_served(db, data_dir, make_case)
    assert defaults(db, case, "closing_approval")["ground"] == "决定执行完毕"
    values, _context = check_issue(db, case, find_form("closing_approval"))
    assert values["ground"] == "决定执行完毕"


def test_other_with_nothing_written_after_it_is_refused(db, data_dir, make_case, english):
    case = warned_and_served(db, data_dir, make_case)
    with pytest.raises(WorkstationError, match="The 结案理由 is 其他, but nothing is written after it"):
        check_issue(db, case, find_form("closing_approval"), {"ground": "其他", "ground_other": " "})
    check_issue(db, case, find_form("closing_approval"), {"ground": "其他", "ground_other": "当事人已注销"})


def test_a_case_not_filed_closes_as_other_saying_why(db, make_case):
    case = make_case(status="not_filed")
    values = defaults(db, case, "closing_approval")
    assert (values["ground"], values["ground_other"]) == ("其他", "不予立案")


# ---- 4. the 催告书 -----------------------------------------------------------------------------------------------

TODAY = "2026-06-26"  # the ¥50,000 fine of a decision served on 06-01 was due 06-16: ten days overdue


@pytest.fixture
def overdue(db, make_case, monkeypatch):
    monkeypatch.setattr("workstation.formkit.values.today", lambda: TODAY)
    monkeypatch.setattr("workstation.law.case_law.today", lambda: TODAY)
    case = make_case(lead_received_on="2026-02-10", violations=MESSAGES, facts=FACTS)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-02-13",
                                   notice_served_on="2026-03-20", decided_on="2026-04-13", served_on="2026-06-01",
                                   fine_fen=5_000_000), allow_status_change=True)


DEMAND = {"decision_no": "佛南市监处〔2026〕9号"}


def test_a_surcharge_above_the_fine_is_refused(db, data_dir, overdue, english):
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, overdue, find_form("performance_demand"), {**DEMAND, "surcharge_fen": "60000"})
    assert str(refused.value) == ("The 已加处罚款 (¥60,000.00) is more than the fine (¥50,000.00): the surcharge never "
                                  "exceeds the fine (行政处罚法 art. 72). Write ¥50,000.00 at most.")
    assert case_documents(db, overdue.id) == []


def test_a_demand_dated_within_the_payment_period_is_refused(db, data_dir, overdue, english):
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, overdue, find_form("performance_demand"),
                       {**DEMAND, "signed_on": "2026-06-10", "surcharge_on": "2026-06-10", "surcharge_fen": ""})
    assert "The 落款日期 (2026-06-10) is within the party's time to pay, which runs until 2026-06-16" in str(
        refused.value)
    assert "Date it 2026-06-17 or later" in str(refused.value)
    assert case_documents(db, overdue.id) == []


def test_a_surcharge_computed_to_a_day_after_the_demand_is_refused(db, data_dir, overdue):
    with pytest.raises(ValidationError) as refused:
        issue_document(db, data_dir, overdue, find_form("performance_demand"),
                       {**DEMAND, "signed_on": "2026-06-26", "surcharge_on": "2026-06-30"})
    assert "加处罚款计算截止日" in refused.value.errors
    assert case_documents(db, overdue.id) == []


def test_a_surcharge_unlike_the_one_its_days_give_is_warned_of(db, overdue, english):
    # with its whole account, so that its own warning is not given
    named = {**DEMAND, "payment_details": "收款银行：某银行；户名：某财政局；账号：1。"}
    assert warnings(db, overdue, "performance_demand", **named) == []  # the default: ¥15,000 for ten days
    told = warnings(db, overdue, "performance_demand", **named, surcharge_fen="1000")
    assert told == ["The 已加处罚款 written (¥1,000.00) is not the surcharge computed: 10 days from 2026-06-17 to "
                    "2026-06-26 at 3 % of the fine ¥50,000.00 a day, at most the fine (行政处罚法 art. 72), make "
                    "¥15,000.00. Write ¥15,000.00, or make sure the amount written is right (a payment or a pause the "
                    "case does not record)."]
