"""A lead made of complaints that name no number and no business is about nobody: making it is asked first, its
case is never filed against an invented natural person — the party is required — and its facts end without a
"号码：—" tail."""

import pytest

from tests.test_leads19 import NAMELESS
from tests.test_related10 import add
from workstation.errors import ValidationError
from workstation.leads_workflow import assign_lead, file_case_from_lead, get_lead_row, names_no_party
from workstation.records import Party
from workstation.screening import screen
from workstation.screening.screen import lead_from_complaints
from workstation.screening.without_lead import complaints_without_lead, name_nobody
from workstation.store.agencies import agency_by_code
from workstation.store.parties import save_party


def nameless_lead(db) -> str:
    add(db, [("A1", NAMELESS, "13600000001"), ("A2", NAMELESS, "13600000002")])
    screen(db)
    ids = [c.id for c in complaints_without_lead(db)]
    assert len(ids) == 2 and name_nobody(db, ids)
    lead_id = lead_from_complaints(db, ids)
    assign_lead(db, lead_id, agency_by_code(db, "440604").id)
    return lead_id


def test_complaints_naming_a_number_are_not_said_to_name_nobody(db):
    add(db, [("B1", "13812345678天天打来推销楼盘，个人信息被泄露。", "13600000003")])
    screen(db)
    assert not name_nobody(db, [db.execute("SELECT id FROM complaints WHERE external_id = 'B1'").fetchone()[0]])


def test_a_lead_about_nobody_is_not_filed_against_an_invented_person(db, english):
    lead_id = nameless_lead(db)
    assert names_no_party(get_lead_row(db, lead_id))
    parties = db.execute("SELECT COUNT(*) FROM parties").fetchone()[0]
    with pytest.raises(ValidationError) as refused:
        file_case_from_lead(db, lead_id)
    assert "names no business and no telephone number" in refused.value.errors["party"]
    assert db.execute("SELECT COUNT(*) FROM parties").fetchone()[0] == parties
    assert get_lead_row(db, lead_id)["case_id"] is None


def test_a_lead_about_nobody_files_against_the_party_given_without_a_number_tail(db):
    lead_id = nameless_lead(db)
    party = save_party(db, Party(name="佛山市某某贷款咨询有限公司", kind="company"))
    case = file_case_from_lead(db, lead_id, party_id=party.id)
    assert case.party_ids == [party.id] and "佛山市某某贷款咨询有限公司" in case.cause
    assert "—" not in case.facts[-20:] and "号码" not in case.facts[-20:]
    assert "2" in case.facts[-20:]  # merged from 2 complaints, said without numbers
    assert db.execute("SELECT COUNT(*) FROM parties WHERE name LIKE '%不详%' OR name LIKE '%unknown%'"
                      ).fetchone()[0] == 0


def test_the_leads_page_asks_for_the_party_of_a_lead_about_nobody(db, make_window, prompts, english):
    from PySide6.QtWidgets import QLineEdit

    lead_id = nameless_lead(db)
    page = make_window(db).leads_page
    page.refresh(select=lead_id)
    opened = []
    page.case_opened.connect(opened.append)
    page.show_dialog = lambda dialog: False  # the officer closes the party dialog: nothing is opened
    prompts.confirm_answer = True  # 立案 asks first
    page.file_case()
    assert "names no business and no telephone number" in prompts.infos[-1]
    assert not opened and get_lead_row(db, lead_id)["case_id"] is None

    def enter_party(dialog) -> bool:
        dialog.findChild(QLineEdit, "name").setText("佛山市某某贷款咨询有限公司")
        dialog.save()
        return dialog.saved_party is not None

    page.show_dialog = enter_party
    page.file_case()
    case_id = get_lead_row(db, lead_id)["case_id"]
    assert opened == [case_id] and not prompts.errors
    name = db.execute("SELECT p.name FROM case_parties AS cp JOIN parties AS p ON p.id = cp.party_id "
                      "WHERE cp.case_id = ?", [case_id]).fetchone()[0]
    assert name == "佛山市某某贷款咨询有限公司"
