"""Parties as the pickers show them and as searches find them: a number in a party's name is masked in every
party list (the data and the search keep it whole); the 发文登记 lists and finds a document by the party named on it
(its own party in a case of several, the name it was issued under after a rename); a search typed with half-width
brackets, full-width digits or spaces finds the name or code stored otherwise."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_casefile_voided import CASE, filed  # noqa: F401 (the fixture)
from tests.test_multiparty12 import decided_case
from tests.test_party_case10 import COMPANY, EMPLOYEE
from workstation.document_register import count_documents, registered_documents
from workstation.records import Party
from workstation.store import find_case, get_party, list_parties, save_party
from workstation.store.cases import CaseFilter, list_cases

NUMBER_NAME = "号码13912345678的使用人"
MASKED = "号码139****5678的使用人"
BRANCH = "佛山市南海区某某餐饮店（桂城分店）"


@pytest.fixture
def numbered(db):
    return save_party(db, Party(name=NUMBER_NAME, kind="person"))


# ---- 1. a number in a party's name is masked in the pickers -----------------------------------------------------

@pytest.mark.gui
def test_the_case_dialog_shows_a_number_in_a_party_name_masked_in_its_search(qtbot, db, prompts, numbered):
    from ui.case_dialog import CaseDialog

    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.party_search.setText("1391234")  # found by the number, shown masked
    shown = [dialog.party_choices.itemText(i) for i in range(dialog.party_choices.count())]
    assert shown and all(NUMBER_NAME not in text for text in shown) and shown[0].startswith(MASKED)
    assert dialog.party_choices.currentData() == numbered.id


@pytest.mark.gui
def test_the_interview_dialog_shows_a_number_in_a_party_name_masked(qtbot, db, prompts, numbered):
    from ui.interview_dialog import InterviewDialog

    dialog = InterviewDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.search_parties("号码139")
    found = [dialog.party_choices.item(i).text() for i in range(dialog.party_choices.count())]
    dialog.add_party(numbered.id)
    added = [dialog.parties.item(i).text() for i in range(dialog.parties.count())]
    assert found[0].startswith(MASKED) and added[0].startswith(MASKED)
    assert NUMBER_NAME not in " ".join(found + added) and dialog.party_ids() == [numbered.id]


@pytest.mark.gui
def test_the_lead_dialog_shows_a_number_in_a_party_name_masked_and_still_chooses_it_by_name(qtbot, db, prompts,
                                                                                         numbered):
    from ui.lead_dialog import LeadDialog

    dialog = LeadDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.find_parties(NUMBER_NAME)
    shown = [dialog.party_match.itemText(i) for i in range(1, dialog.party_match.count())]
    assert shown == [MASKED]
    assert dialog.party_match.currentData() == numbered.id  # named exactly: chosen, by the real name


# ---- 2. the 发文登记 names the party on the document ---------------------------------------------------------------

def _found(db, search: str) -> list[str]:
    ids = [r.id for r in registered_documents(db, search)]
    assert count_documents(db, search) == len(ids)
    return ids


def test_a_document_is_found_in_the_register_by_the_name_it_was_issued_to_after_a_rename(demo_db, filed):  # noqa: F811
    case, decision, correction, receipt = filed
    party = get_party(demo_db, find_case(demo_db, CASE).party_ids[0])
    printed = decision.values["party_name"]
    assert printed == party.name
    save_party(demo_db, replace(party, name="佛山市南海区新名称装饰有限公司"))
    assert find_case(demo_db, CASE).party_names == "佛山市南海区新名称装饰有限公司"
    assert set(_found(demo_db, printed)) == {decision.id, correction.id, receipt.id}
    rows = {r.id: r for r in registered_documents(demo_db)}
    assert rows[decision.id].parties == printed  # as the decision names it, not as the case does now
    assert _found(demo_db, "新名称装饰") == []  # no document was issued to the new name


def test_each_partys_document_is_listed_under_its_own_party_in_a_case_of_several(db, data_dir, make_case):
    case, company, employee, first, second = decided_case(db, data_dir, make_case)
    rows = {r.id: r for r in registered_documents(db)}
    assert rows[first.id].parties == COMPANY and rows[second.id].parties == EMPLOYEE
    employees = _found(db, EMPLOYEE)
    assert second.id in employees and first.id not in employees
    companies = _found(db, COMPANY)
    assert first.id in companies and second.id not in companies
    # a document of the whole case (its 立案审批表 …) names the case's parties; none here was issued so
    assert all(rows[d].parties in (COMPANY, EMPLOYEE) or "、" in rows[d].parties for d in rows)


# ---- 3. half-width brackets, full-width digits and spaces ---------------------------------------------------------

def test_a_search_with_half_width_brackets_finds_a_name_stored_with_full_width_ones(db, make_case):
    case = make_case()
    save_party(db, replace(get_party(db, case.party_ids[0]), name=BRANCH))
    for typed in ("餐饮店（桂城", "餐饮店(桂城", "某某餐饮店(桂城分店)", "(桂城分店)"):
        assert [row.id for row in list_cases(db, CaseFilter(search=typed))] == [case.id], typed
    assert [p.name for p in list_parties(db, "餐饮店(桂城")] == [BRANCH]


def test_the_party_search_finds_an_id_number_typed_in_full_width_digits_or_with_spaces(db):
    person = save_party(db, Party(name="赵六", kind="person", id_number="440605199001014568"))
    for typed in ("440605199001014568", "４４０６０５１９９００１０１４５６８", "440605 19900101 4568", "4406 0519",
                  "赵六"):
        assert [p.id for p in list_parties(db, typed)] == [person.id], typed


def test_a_search_with_full_width_brackets_finds_a_name_stored_with_half_width_ones(db, make_case):
    case = make_case()
    save_party(db, replace(get_party(db, case.party_ids[0]), name="佛山市南海区某某餐饮店(桂城分店)"))
    for typed in ("餐饮店(桂城", "餐饮店（桂城", "某某餐饮店（桂城分店）"):
        assert [row.id for row in list_cases(db, CaseFilter(search=typed))] == [case.id], typed
