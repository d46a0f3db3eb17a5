"""A lead's 案件交办通知书 (and 案件移送函) is drafted with what is known of the party the lead is about — its
address, worded 住所 or 住址 by its kind — and the officer signed in as its 联系人; an unknown party leaves the
address empty under the word 住所（住址）, and an account that is no officer's leaves the 联系人 to be typed."""

import pytest

from tests.test_leads_workflow import LEAD, fresh_lead
from workstation.documents.drafts import find_form
from workstation.formkit.values import default_values
from workstation.leads_workflow import draft_lead_document, get_lead_row, lead_context
from workstation.records import Party
from workstation.store.parties import save_party


def notice_values(db, form="assignment_notice"):
    return default_values(find_form(form), lead_context(db, get_lead_row(db, LEAD)))


def printed(db, overrides=None):
    draft = draft_lead_document(db, LEAD, find_form("assignment_notice"), overrides)
    return ["".join(run.text for run in block.runs) for block in draft.blocks if hasattr(block, "runs")]


@pytest.mark.parametrize("kind, word", [("company", "住所"), ("person", "住址")])
def test_the_notice_of_a_lead_about_a_known_party_gives_its_address(demo_db, kind, word):
    fresh_lead(demo_db)
    party = save_party(demo_db, Party(name="佛山市禅城区某某置业顾问有限公司", kind=kind,
                                      address="佛山市禅城区季华五路10号"))
    demo_db.execute("UPDATE leads SET target_party_id = ? WHERE id = ?", [party.id, LEAD])
    for form in ("assignment_notice", "case_transfer_letter"):
        values = notice_values(demo_db, form)
        assert (values["party_address"], values["address_label"]) == ("佛山市禅城区季华五路10号", word)
    assert f"当事人：佛山市禅城区某某置业顾问有限公司，{word}：佛山市禅城区季华五路10号。" in printed(demo_db, {"contact_person": "陈志强"})


def test_the_notice_of_a_lead_about_an_unknown_party_leaves_its_address_empty(demo_db):
    fresh_lead(demo_db)
    values = notice_values(demo_db)
    assert values["party_address"] == "" and values["address_label"] == "住所（住址）"
    assert find_form("assignment_notice").field("address_label").label == "地址称谓（住所或者住址）"
    assert not any("住所（住址）：" in line for line in printed(demo_db, {"contact_person": "陈志强"}))


def test_the_officer_signed_in_is_the_notices_contact_person(demo_db, monkeypatch):
    fresh_lead(demo_db)
    officer = demo_db.execute("SELECT name FROM officers WHERE active = 1 LIMIT 1").fetchone()[0]
    monkeypatch.setenv("WORKSTATION_ACTOR", officer)
    assert notice_values(demo_db)["contact_person"] == officer
    assert any(line.startswith(f"联系人：{officer}　　联系电话：") for line in printed(demo_db))
    monkeypatch.setenv("WORKSTATION_ACTOR", "administrator")  # an operating-system account, no officer's name
    assert notice_values(demo_db)["contact_person"] in ("", None)
