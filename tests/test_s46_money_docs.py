"""Amounts of the documents enforcing or deferring a fine (found by the audit of money in documents):

- the 催告书 of a case with one party whose 行政处罚决定书 was issued in the workstation (the fine typed on the case
  left 0) dated another day than today states the 加处罚款 accrued by its own day, not today's; and a 已加处罚款 above
  the one accrued by its 计算截止日 is refused, not only warned of (``demand_surcharge.demand_refusal``);
- after a reconsideration changed the fine (变更), the 延期缴纳罚款通知书, the 催告书 and the 强制执行申请书 are pre-filled
  with the fine in force, and the 延期缴纳罚款通知书 deferring the fine as decided is refused
  (``stage_rules._deferred_fine``);
- a 分期缴纳罚款通知书 skipping an instalment (第一期 and 第三期 written, 第二期 empty) is refused
  (``stage_rules._instalments``)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_clock_challenges import challenge, outcome, served_case
from workstation import procedure
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.issuing import case_documents, check_issue, issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.follow import followed
from workstation.formkit.values import case_context, default_values
from workstation.records import today
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
MESSAGES = ["unsolicited_commercial_messages"]
TODAY = "2026-06-26"  # the decision served on 06-01 was to be paid by 06-16: ten days overdue
DEMAND = {"decision_no": "佛南市监处〔2026〕1号", "court": "佛山市南海区人民法院", "payment": "到指定银行缴纳。"}


def refusal(db, case, form_id, values) -> str:
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), find_form(form_id), values)
    if isinstance(refused.value, ValidationError):
        return " ".join(f"{label}: {message}" for label, message in refused.value.errors.items())
    return refused.value.message


# ---- 1. the 催告书's surcharge: accrued by its own day, never more ------------------------------------------------

@pytest.fixture
def decided_here(db, data_dir, make_case, monkeypatch):
    """A case with one party, its fine of ¥3,333.33 decided by a 行政处罚决定书 issued in the workstation (none typed on
    the case), served on 06-01, the clock at 06-26."""
    monkeypatch.setattr("workstation.formkit.values.today", lambda: TODAY)
    monkeypatch.setattr("workstation.law.case_law.today", lambda: TODAY)
    case = make_case(status="penalty_decided", lead_received_on="2026-02-10", filed_on="2026-02-13",
                     notice_served_on="2026-03-20", decided_on="2026-04-13", violations=MESSAGES, facts=FACTS)
    issue_document(db, data_dir, case, find_form("penalty_decision"),
                   {"party_address": "佛山市南海区桂城街道南海大道北1号", "fine_fen": "3333.33"})
    procedure.apply(db, case.id, "serve_decision", on_date="2026-06-01")
    case = get_case(db, case.id)
    assert case.fine_fen == 0  # the fine is the decision's, not the case's
    return case


def test_a_demand_dated_before_today_states_the_surcharge_accrued_by_its_day(db, decided_here):
    today_values, _ = draft_values(db, decided_here, find_form("performance_demand"), {})
    assert today_values["surcharge_fen"] == 99_999  # ten days at 3 % of ¥3,333.33
    values, _ = draft_values(db, decided_here, find_form("performance_demand"), {"signed_on": "2026-06-20"})
    assert (values["surcharge_on"], values["surcharge_fen"]) == ("2026-06-20", 39_999)  # four days


def test_the_editor_recomputes_the_surcharge_when_the_demand_is_dated_anew(db, decided_here):
    # the GUI editor follows a new 落款日期 with the case's basis, as the command line does
    context = case_context(db, decided_here)
    assert context["penalty.surcharge_basis"]["fine_fen"] == 333_333
    before = {"signed_on": TODAY, "surcharge_on": TODAY, "surcharge_fen": "999.99"}
    changes = followed(find_form("performance_demand"), "company", before, {**before, "signed_on": "2026-06-20"},
                       surcharge_basis=context["penalty.surcharge_basis"])
    assert changes == {"surcharge_on": "2026-06-20", "surcharge_fen": "399.99"}


def test_a_surcharge_above_the_one_accrued_by_its_day_is_refused(db, data_dir, decided_here, english):
    form = find_form("performance_demand")
    dated = {**DEMAND, "signed_on": "2026-06-20", "surcharge_on": "2026-06-20"}
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, decided_here, form, {**dated, "surcharge_fen": "999.99"})
    assert str(refused.value).startswith("The 已加处罚款 (¥999.99) is more than the surcharge accrued by 2026-06-20: "
                                         "4 days from 2026-06-17 to 2026-06-20 at 3 % of the fine ¥3,333.33 a day")
    assert "write ¥399.99 at most" in str(refused.value)
    assert [d.form_id for d in case_documents(db, decided_here.id)] == ["penalty_decision"]
    # less than accrued (a payment the case does not record) is only warned of
    checked = check_issue(db, decided_here, form, {**dated, "surcharge_fen": "100"})[0]
    assert any("is not the surcharge computed" in w for w in stage_warnings(db, decided_here, form.id, checked))
    assert issue_document(db, data_dir, decided_here, form, {**dated, "surcharge_fen": "399.99"}).number


def test_a_surcharge_above_the_computed_one_is_only_warned_of_when_a_deferral_is_recorded(db, data_dir, decided_here,
                                                                                          english):
    # the period counted ends with the deferral (or the last instalment), while a missed earlier instalment may be
    # charged from its own day: the officer's figure may be right, so it is told, not refused (a reviewer's finding)
    from workstation.store.clock_events import ClockEvent

    record_clock_event(db, ClockEvent(case_id=decided_here.id, kind="deferral", starts_on="2026-06-10",
                                      ends_on="2026-06-20", approved_on="2026-06-05", approved_by="局长",
                                      note="经批准分期缴纳"))
    form = find_form("performance_demand")
    values = {**DEMAND, "signed_on": TODAY, "surcharge_on": TODAY, "surcharge_fen": "999.99"}  # from 06-17
    checked = check_issue(db, decided_here, form, values)[0]
    assert any("is not the surcharge computed" in w for w in stage_warnings(db, decided_here, form.id, checked))
    assert issue_document(db, data_dir, decided_here, form, values).number


# ---- 2. a fine changed on reconsideration: the fine in force --------------------------------------------------------

def days_ahead(n: int) -> str:
    return (dt.date.fromisoformat(today()[:10]) + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def changed(db, make_case):
    """A fine of ¥50,000 served on 06-01, changed to ¥20,000 on reconsideration on 08-03."""
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-10", "2026-08-03"))
    record_clock_event(db, outcome(case, "challenge_changed", "2026-08-03", days=2_000_000))
    return get_case(db, case.id)


def test_the_deferral_notice_defers_the_fine_as_changed(db, changed, english):
    form = find_form("payment_deferral_notice")
    values = {"decision_no": "佛南市监处〔2026〕1号", "deferred_to": days_ahead(30)}
    assert check_issue(db, changed, form, values)[0]["fine_fen"] == 2_000_000  # pre-filled with the fine in force
    message = refusal(db, changed, form.id, {**values, "fine_fen": "50000"})
    assert message.startswith("The 罚款（元） (¥50,000.00) is not the fine in force (¥20,000.00): the decision ")
    assert "imposed ¥50,000.00, changed to ¥20,000.00 on 2026-08-03 (" in message
    assert "南府行复〔2026〕12号" in message and message.endswith("write ¥20,000.00.")


@pytest.mark.parametrize("form_id", ["performance_demand", "enforcement_application"])
def test_the_demand_and_the_court_application_are_prefilled_with_the_fine_as_changed(db, changed, form_id):
    values = default_values(find_form(form_id), case_context(db, changed))
    assert values["unpaid_fen"] == "20000.00"


# ---- 3. instalments: none skipped ------------------------------------------------------------------------------

def test_an_instalment_skipped_is_refused_naming_it(db, make_case, english):
    case = make_case(status="served", filed_on="2026-03-02", decided_on="2026-04-01", served_on="2026-04-02",
                     fine_fen=500_000)
    values = {"decision_no": "佛南市监处〔2026〕1号", "by_instalments": True, "instalment1_fen": "2500",
              "instalment1_on": days_ahead(10), "instalment3_fen": "2500", "instalment3_on": days_ahead(40)}
    message = refusal(db, case, "payment_deferral_notice", values)
    assert message.startswith("The 第二期数额（元） and the 第二期缴纳期限 are empty, yet the 第三期数额（元） after them is "
                              "filled in")
    check_issue(db, case, find_form("payment_deferral_notice"),
                {**values, "instalment2_fen": "2500", "instalment2_on": days_ahead(20), "instalment3_fen": "",
                 "instalment3_on": "", "fine_fen": "5000"})
