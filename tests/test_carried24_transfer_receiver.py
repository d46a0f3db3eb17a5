"""The 案件移送函's 受移送机关 follows the transfer the officer chose: the agency a lead's referral recorded (the
police for a 治安 matter), 广东省通信管理局 only for a matter of a telecom operator's own conduct; otherwise it is left
for the officer to name — never 广东省通信管理局 for every transfer. A case transferred to the police went to them with
the 涉嫌犯罪案件移送书: its 案件移送函 is refused, and drafted to no authority."""

from __future__ import annotations

import pytest

from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue
from workstation.errors import WorkstationError
from workstation.formkit.values import case_context, default_values
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import decide_lead, get_lead_row, lead_context
from workstation.store import get_case

LETTER = "case_transfer_letter"
POLICE = "佛山市公安局南海分局"


def lead_receiver(db, lead_id: str) -> object:
    form = find_form(LETTER)
    return default_values(form, lead_context(db, get_lead_row(db, lead_id), form_id=LETTER))["receiver"]


def case_receiver(db, case_id: str) -> object:
    return default_values(find_form(LETTER), case_context(db, get_case(db, case_id)))["receiver"]


def new_lead(db, party: str, description: str) -> str:
    return register_lead(db, LeadEntry(source="12345", received_at="2026-03-01 09:00", description=description,
                                       party=party)).id


def test_a_lead_referred_to_the_police_gets_a_letter_to_the_police(db):
    lead = new_lead(db, "佛山市南海区某棋牌室", "棋牌室内有人聚众赌博，影响周边居民休息。")
    assert lead_receiver(db, lead) in (None, "")  # not an operator, not referred yet: the officer names it
    decide_lead(db, lead, "refer", on="2026-03-02", referred_to=POLICE)
    assert lead_receiver(db, lead) == POLICE


def test_a_lead_about_an_operator_goes_to_the_telecom_regulator_unless_referred_elsewhere(db):
    lead = new_lead(db, "中国移动通信集团广东有限公司佛山分公司", "营业厅工作人员用工号外呼推销套餐，拒绝后仍每天来电。")
    assert lead_receiver(db, lead) == "广东省通信管理局"
    decide_lead(db, lead, "refer", on="2026-03-02", referred_to="佛山市市场监督管理局")  # what the officer chose
    assert lead_receiver(db, lead) == "佛山市市场监督管理局"


def test_a_case_transferred_to_the_police_gets_no_letter_to_them(db, make_case, english):
    from workstation.formkit.values import acting_agency

    case = make_case(status="transferred_police")
    police = acting_agency(db, get_case(db, case.id)).police
    assert police and "公安" in police
    assert case_receiver(db, case.id) in (None, "")  # not drafted to the police
    with pytest.raises(WorkstationError) as refused:  # nor issued to them when the officer names them
        check_issue(db, get_case(db, case.id), find_form(LETTER),
                    {"receiver": police, "reason": "经审查，不属于本局管辖。", "summary": "当事人涉嫌出售业主信息。"})
    assert "涉嫌犯罪案件移送书" in refused.value.message and "police" in refused.value.message


def test_a_business_case_names_no_authority_and_an_operators_the_regulator(db, make_case):
    case = make_case(status="investigating")
    assert case_receiver(db, case.id) in (None, "")
    db.execute("UPDATE parties SET name = '中国联合网络通信有限公司佛山市分公司' WHERE id IN "
               "(SELECT party_id FROM case_parties WHERE case_id = ?)", [case.id])
    assert case_receiver(db, case.id) == "广东省通信管理局"


def offered_agency(make_window, db, prompts, lead_id: str) -> str:
    """The agency the leads page's 移送… offers for ``lead_id`` (the officer's answer: none, so nothing is written)."""
    offered = []

    def ask_text(parent, title, label, default=""):
        offered.append(default)
        return None

    prompts.ask_text = ask_text
    page = make_window(db).leads_page
    page.select(lead_id)
    page.refer()
    assert len(offered) == 1
    return offered[0]


def assigned(db, lead_id: str) -> str:
    from workstation.leads_workflow import assign_lead
    from workstation.store import agency_id_for_code

    assign_lead(db, lead_id, agency_id_for_code("440605"), on="2026-03-02")
    return lead_id


def test_the_leads_page_offers_the_regulator_only_for_an_operator(db, make_window, prompts):
    gambling = assigned(db, new_lead(db, "佛山市南海区某棋牌室", "棋牌室内有人聚众赌博，影响周边居民休息。"))
    assert offered_agency(make_window, db, prompts, gambling) == ""  # the officer names the police, or whoever
    operator = assigned(db, new_lead(db, "中国移动通信集团广东有限公司佛山分公司", "营业厅工作人员用工号外呼推销套餐。"))
    assert offered_agency(make_window, db, prompts, operator) == "广东省通信管理局"
