"""The documents that follow the outcome of the party's reconsideration or lawsuit (found by an audit of what
follows a reconsideration or litigation outcome):

- the 强制执行申请书 tells the court what the case recorded: no challenge (未申请行政复议，也未提起行政诉讼), or the
  challenge applied for and its outcome by the number of its decision — upheld, or changed with the fine now in
  force, which is the fine applied for;
- the 履行催告书 after a change states it by its number, and its surcharge runs from the first day counted: a day of
  the challenge after the payment period is left out of the days and is not the printed start either;
- the 卷宗封面's 处理结果 adds what the reconsideration or lawsuit did to the decision: 变更 (with the fine as changed)
  or 撤销."""

from __future__ import annotations

import re

import pytest

from tests.helpers import pdf_text
from tests.test_clock_challenges import challenge, outcome, served_case
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.formkit.values import case_context, default_values
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

NUMBER = "南府行复〔2026〕12号"
TODAY = "2026-08-10"
NO_CHALLENGE = "被申请人在法定期限内未申请行政复议，也未提起行政诉讼"


@pytest.fixture(autouse=True)
def clock_at(monkeypatch):
    monkeypatch.setattr("workstation.formkit.values.today", lambda: TODAY)
    monkeypatch.setattr("workstation.law.case_law.today", lambda: TODAY)


def printed(db, case, form_id) -> str:
    case = get_case(db, case.id)
    values = {"party_address": "佛山市南海区桂城街道南海大道北1号", "decision_no": "佛南市监处〔2026〕1号"}
    text = pdf_text(render_document(draft_document(db, case, find_form(form_id), values), "pdf").data)
    return re.sub(r"—\d+—", "", text)  # the page numbers, where a sentence runs onto the next page


@pytest.fixture
def served(db, make_case):
    """A fine of ¥50,000 served on 06-01, to be paid by 06-16."""
    return served_case(db, make_case)


def decided(db, case, kind, result, **more):
    """``case`` challenged by ``kind`` from 06-10, decided with ``result`` on 08-03."""
    record_clock_event(db, challenge(case, kind, "2026-06-10", "2026-08-03"))
    record_clock_event(db, outcome(case, result, "2026-08-03", **more))
    return get_case(db, case.id)


# ---- 1. the 强制执行申请书 --------------------------------------------------------------------------------------------

def test_the_court_application_without_a_challenge_says_none_was_made(db, served):
    text = printed(db, served, "enforcement_application")
    assert NO_CHALLENGE in text


def test_the_court_application_after_a_reconsideration_upheld_names_its_decision(db, served):
    case = decided(db, served, "reconsideration", "challenge_upheld")
    text = printed(db, case, "enforcement_application")
    assert NO_CHALLENGE not in text
    assert f"被申请人于2026年6月10日申请行政复议，2026年8月3日经{NUMBER}维持该行政处罚决定。" in text
    assert "被申请人仍不履行该行政处罚决定。" in text


def test_the_court_application_after_a_lawsuit_upheld_says_it_was_a_lawsuit(db, served):
    case = decided(db, served, "litigation", "challenge_upheld", number="（2026）粤0605行初12号")
    text = printed(db, case, "enforcement_application")
    assert NO_CHALLENGE not in text
    assert "被申请人于2026年6月10日提起行政诉讼，2026年8月3日经（2026）粤0605行初12号维持该行政处罚决定。" in text


def test_the_court_application_after_a_change_states_the_fine_in_force(db, served):
    case = decided(db, served, "reconsideration", "challenge_changed", days=2_000_000)
    text = printed(db, case, "enforcement_application")
    assert NO_CHALLENGE not in text
    assert (f"被申请人于2026年6月10日申请行政复议，2026年8月3日经{NUMBER}变更该行政处罚决定，"
            "罚款变更为¥20,000.00（人民币贰万元整）。被申请人仍不履行变更后的行政处罚决定。") in text
    # what is applied for is the decision as changed, and says so
    assert f"经{NUMBER}变更），强制被申请人缴纳罚没款¥20,000.00" in text


def test_the_context_gives_the_challenge_and_the_fine_in_force(db, served):
    case = decided(db, served, "reconsideration", "challenge_changed", days=2_000_000)
    context = case_context(db, case)
    assert context["challenge.kind"] == "申请行政复议"
    assert context["challenge.applied_on"] == "2026-06-10"
    assert context["challenge.number"] == NUMBER
    assert context["challenge.decided_on"] == "2026-08-03"
    assert context["challenge.outcome"] == "变更该行政处罚决定"
    assert context["challenge.in_force"] == "罚款变更为¥20,000.00（人民币贰万元整）"


def test_the_context_has_no_challenge_without_one(db, served):
    context = case_context(db, served)
    assert not context["challenge.kind"] and not context["challenge.number"] and not context["challenge.in_force"]


# ---- 2. the 履行催告书 --------------------------------------------------------------------------------------------------

def test_the_demand_after_a_change_states_it_by_its_number(db, served):
    case = decided(db, served, "reconsideration", "challenge_changed", days=2_000_000)
    text = printed(db, case, "performance_demand")
    assert f"该行政处罚决定经{NUMBER}变更，罚款变更为¥20,000.00（人民币贰万元整）。" in text
    assert "尚未缴纳罚没款¥20,000.00" in text


def test_the_surcharge_starts_on_the_first_day_counted(db, served):
    # due 06-16; the reconsideration (06-10 to 08-03) pauses it: 08-04 to 08-10 counted, seven days
    case = decided(db, served, "reconsideration", "challenge_changed", days=2_000_000)
    context = case_context(db, case)
    assert context["penalty.surcharge_from"] == "2026-08-04"
    assert context["penalty.surcharge_fen"] == 2_000_000 * 3 // 100 * 7
    assert "自2026年8月4日起每日按罚款数额的百分之三加处罚款" in printed(db, case, "performance_demand")


def test_the_surcharge_without_a_pause_starts_the_day_after_the_payment_period(db, served):
    assert case_context(db, served)["penalty.surcharge_from"] == "2026-06-17"


# ---- 3. the 卷宗封面 ----------------------------------------------------------------------------------------------------

def test_the_cover_states_a_change(db, served):
    case = decided(db, served, "reconsideration", "challenge_changed", days=2_000_000)
    values = default_values(find_form("file_cover"), case_context(db, case))
    assert values["result"] == f"罚款¥50,000.00（人民币伍万元整）（经{NUMBER}变更为罚款¥20,000.00）"


def test_the_cover_states_a_revocation(db, served):
    case = decided(db, served, "reconsideration", "challenge_revoked")
    values = default_values(find_form("file_cover"), case_context(db, case))
    assert values["result"] == f"罚款¥50,000.00（人民币伍万元整）（经{NUMBER}撤销）"


def test_the_cover_without_a_challenge_states_the_decision_alone(db, served):
    values = default_values(find_form("file_cover"), case_context(db, served))
    assert values["result"] == "罚款¥50,000.00（人民币伍万元整）"
