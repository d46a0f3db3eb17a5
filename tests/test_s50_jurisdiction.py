"""Jurisdiction between the bureaus: a 案件移送函 never goes to the bureau issuing it, to one of its town offices or to
the bureau above it (a matter of one's own is handled, a town office is part of its bureau, a dispute with the bureau
above is settled by its 指定管辖), while another authority, named or not in the register, is the officer's to name;
the 指定管辖通知书 is refused, saying so, where no bureau is under the agency acting, and at the city bureau names
bureaus under it, each once, other than itself."""

from __future__ import annotations

import pytest

from tests.helpers import undecided_lead
from tests.test_doc_rules_open import DESIGNATION, at_the_city_bureau, refusal
from tests.test_leads_workflow import LEAD
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, missing_to_issue
from workstation.errors import ValidationError, WorkstationError
from workstation.leads_workflow import check_lead_issue, get_lead_row, issue_lead_document
from workstation.store import agency_by_code, find_case, get_case

COMPANY = "佛南市监立〔2026〕1号"  # a 南海区 bureau case of the demo
LETTER = "case_transfer_letter"
TYPED = {"contact_person": "陈志强", "issued_on": "2026-03-05"}


def lead_refusal(db, receiver: str) -> str:
    """The refusal of the 案件移送函 of the demo lead, assigned to a town office of 禅城区 (the 禅城区 bureau issues
    it), addressed to ``receiver``; "" when it is not refused."""
    try:
        check_lead_issue(db, LEAD, find_form(LETTER), {**TYPED, "receiver": receiver})
    except ValidationError as refused:
        return " ".join(f"{label}: {message}" for label, message in refused.errors.items())
    return ""


@pytest.fixture
def chancheng_lead(demo_db):
    return undecided_lead(demo_db, LEAD, agency_code="440604012", assigned_on="2026-03-02")


@pytest.mark.parametrize("receiver", ["佛山市禅城区市场监督管理局", "禅城区局", " 佛山市禅城区市场监督管理局 "])
def test_a_lead_is_not_referred_to_the_bureau_issuing_the_letter(demo_db, chancheng_lead, english, receiver):
    message = lead_refusal(demo_db, receiver)
    assert message.startswith("受移送机关: ") and "is the bureau issuing this letter" in message


@pytest.mark.parametrize("receiver", ["佛山市禅城区市场监督管理局祖庙市场监督管理所", "石湾镇所",
                                      "张槎市场监督管理所"])
def test_a_lead_is_not_referred_to_a_town_office_of_the_bureau(demo_db, chancheng_lead, english, receiver):
    message = lead_refusal(demo_db, receiver)
    assert "is a town office of 佛山市禅城区市场监督管理局" in message and "part of the bureau" in message


@pytest.mark.parametrize("receiver", ["佛山市市场监督管理局", "佛山市局"])
def test_a_lead_is_not_referred_to_the_bureau_above(demo_db, chancheng_lead, english, receiver):
    message = lead_refusal(demo_db, receiver)
    assert "is the bureau above 佛山市禅城区市场监督管理局" in message and "指定管辖" in message


@pytest.mark.parametrize("receiver", ["广东省通信管理局", "佛山市公安局禅城分局",
                                      "佛山市禅城区市场监督管理局纪检监察组", "某某机关"])
def test_another_authority_is_the_officers_to_name(demo_db, chancheng_lead, receiver):
    assert lead_refusal(demo_db, receiver) == ""


def test_a_lead_refused_its_letter_stays_open_and_takes_no_number(demo_db, data_dir, chancheng_lead):
    taken = demo_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    with pytest.raises(ValidationError):
        issue_lead_document(demo_db, data_dir, LEAD, find_form(LETTER),
                            {**TYPED, "receiver": "佛山市禅城区市场监督管理局祖庙市场监督管理所"})
    row = get_lead_row(demo_db, LEAD)
    assert (row["status"], row["referred_to"]) == ("assigned", "")
    assert demo_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == taken


# ---- a case's 案件移送函 ---------------------------------------------------------------------------------------------

def case_letter_refusal(db, make_case, receiver: str, agency_code: str = "440605") -> str:
    case = make_case(status="investigating", filed_on="2026-03-02")
    if agency_code != "440605":
        db.execute("UPDATE cases SET agency_id = ? WHERE id = ?", [agency_by_code(db, agency_code).id, case.id])
    try:
        check_issue(db, get_case(db, case.id), find_form(LETTER), {"receiver": receiver, "contact_person": "陈志强",
                                                                 "summary": "当事人发送商业性短信，涉及电信业务经营者的短信端口。"})
    except ValidationError as refused:
        return " ".join(f"{label}: {message}" for label, message in refused.errors.items())
    except WorkstationError as refused:
        return refused.message
    return ""


def test_a_case_is_not_transferred_to_its_own_bureau(db, make_case, english):
    message = case_letter_refusal(db, make_case, "佛山市南海区市场监督管理局")
    assert message.startswith("受移送机关: 佛山市南海区市场监督管理局 is the bureau issuing this letter")


def test_a_town_offices_case_is_not_transferred_to_its_own_office_or_bureau(db, make_case, english):
    guicheng = "佛山市南海区市场监督管理局桂城市场监督管理所"
    assert "is a town office of 佛山市南海区市场监督管理局" in case_letter_refusal(db, make_case, guicheng, "440605011")
    assert "is the bureau issuing this letter" in case_letter_refusal(db, make_case, "南海区局", "440605011")


def test_a_case_is_not_transferred_to_the_city_bureau_but_may_go_to_another_district(db, make_case, english):
    assert "is the bureau above" in case_letter_refusal(db, make_case, "佛山市市场监督管理局")
    assert case_letter_refusal(db, make_case, "佛山市禅城区市场监督管理局") == ""
    assert case_letter_refusal(db, make_case, "广东省通信管理局") == ""


# ---- the 指定管辖通知书 --------------------------------------------------------------------------------------------

def test_a_district_bureau_is_told_the_city_bureau_designates_jurisdiction(demo_db, english):
    message = refusal(demo_db, find_case(demo_db, COMPANY), "jurisdiction_notice", **DESIGNATION)
    assert "佛山市市场监督管理局" in message and "bureaus under it" in message
    assert "station details" not in message and "document details" not in message


def test_a_town_office_is_told_the_city_bureau_designates_jurisdiction(demo_db, english):
    case = find_case(demo_db, COMPANY)
    demo_db.execute("UPDATE cases SET agency_id = ? WHERE id = ?", [agency_by_code(demo_db, "440605011").id, case.id])
    message = refusal(demo_db, find_case(demo_db, COMPANY), "jurisdiction_notice", **DESIGNATION)
    assert "佛山市市场监督管理局" in message and "station details" not in message


def test_a_read_only_field_drawn_from_the_register_is_not_sent_to_the_document_details(english):
    form = find_form("jurisdiction_notice")
    message = " ".join(missing_to_issue(form, {**DESIGNATION, "designating_agency": None}).values())
    assert message and "station details" not in message and "document details" not in message


@pytest.mark.parametrize(("values", "said"), [
    ({"designated": "佛山市南海区市场监督管理局", "other_agencies": "佛山市南海区市场监督管理局"}, "more than once"),
    ({"designated": "南海区局", "other_agencies": "佛山市南海区市场监督管理局、佛山市禅城区市场监督管理局"},
     "more than once"),
    ({"designated": "abc", "other_agencies": "佛山市禅城区市场监督管理局"}, "not a bureau under"),
    ({"designated": "佛山市南海区市场监督管理局", "other_agencies": "佛山市市场监督管理局"}, "designating bureau"),
    ({"designated": "佛山市市场监督管理局", "other_agencies": "佛山市南海区市场监督管理局"}, "designating bureau"),
    ({"designated": "佛山市南海区市场监督管理局桂城市场监督管理所", "other_agencies": "佛山市禅城区市场监督管理局"},
     "town office"),
    ({"designated": "佛山市南海区市场监督管理局", "other_agencies": "佛山市禅城区市场监督管理局、广东省通信管理局"},
     "not a bureau under"),
])
def test_the_city_bureau_designates_one_of_its_bureaus_among_others_of_them(demo_db, english, values, said):
    message = refusal(demo_db, at_the_city_bureau(demo_db), "jurisdiction_notice", **values)
    assert said in message


def test_the_city_bureau_designates_between_two_of_its_district_bureaus(demo_db):
    case = at_the_city_bureau(demo_db)
    for others in ("佛山市禅城区市场监督管理局", "禅城区局、佛山市顺德区市场监督管理局"):
        values, _context = check_issue(demo_db, get_case(demo_db, case.id), find_form("jurisdiction_notice"),
                                       {"designated": "佛山市南海区市场监督管理局", "other_agencies": others})
        assert values["designating_agency"] == "佛山市市场监督管理局"
