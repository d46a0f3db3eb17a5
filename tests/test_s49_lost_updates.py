"""Two processes on one database: a party or a lead edited in a dialog while another process saves it is refused,
saying so, rather than writing back the dialog's copy over what the other process saved (a party's address is
printed on served documents, a lead's number complained of is what it is screened by). What the dialog opened
with is compared with what is stored when it saves; the command line, loading the row fresh, saves as before."""

from dataclasses import replace

import pytest

from ui.lead_dialog import LeadDialog
from ui.party_dialog import PartyDialog
from workstation.errors import WorkstationError
from workstation.leads_register import LeadEntry, edit_lead, lead_entry, register_lead
from workstation.leads_workflow import get_lead_row
from workstation.records import Party
from workstation.store import agency_id_for_code
from workstation.store.base import set_setting
from workstation.store.parties import get_party, save_party

ADDRESS = "佛山市顺德区大良街道旧址路8号"
MOVED = "佛山市顺德区新地址路1号"
DESCRIPTION = "来电反映某房产中介多次未经同意拨打推销电话"


@pytest.fixture
def party(db):
    return save_party(db, Party(name="佛山市顺德区某某科技有限公司", kind="company",
                                address=ADDRESS, legal_rep="李四"))


def audit_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]


def test_a_party_saved_by_another_process_is_not_undone_by_the_dialog(db, other, party, prompts, qtbot, english):
    dialog = PartyDialog(db, prompts, get_party(db, party.id))
    qtbot.addWidget(dialog)
    save_party(other, replace(get_party(other, party.id), address=MOVED))  # the other window saves a new address
    entries = audit_count(db)
    dialog.edits["legal_rep"].setText("张三")
    dialog.save()
    assert dialog.saved_party is None and dialog.result() != dialog.DialogCode.Accepted
    assert prompts.errors == ["Party “佛山市顺德区某某科技有限公司” was changed elsewhere since you opened it: reopen it "
                              "and apply your changes again."]
    stored = get_party(db, party.id)
    assert (stored.address, stored.legal_rep) == (MOVED, "李四")
    assert audit_count(db) == entries  # nothing written


def test_save_party_refuses_a_party_changed_since_it_was_loaded(db, other, party):
    loaded = get_party(db, party.id)
    save_party(other, replace(loaded, phone="13800138000"))
    with pytest.raises(WorkstationError):
        save_party(db, replace(loaded, legal_rep="张三"), loaded=loaded)
    assert get_party(db, party.id).phone == "13800138000" and get_party(db, party.id).legal_rep == "李四"
    # loaded fresh (the command line, an import), it saves as before
    save_party(db, replace(get_party(db, party.id), legal_rep="张三"), loaded=get_party(db, party.id))
    save_party(db, replace(get_party(db, party.id), legal_rep="王五"))
    assert get_party(db, party.id).legal_rep == "王五"


def test_a_party_dialog_unchanged_elsewhere_saves_and_saves_again(db, party, prompts, qtbot):
    dialog = PartyDialog(db, prompts, get_party(db, party.id))
    qtbot.addWidget(dialog)
    dialog.edits["legal_rep"].setText("张三")
    dialog.save()
    assert prompts.errors == [] and get_party(db, party.id).legal_rep == "张三"
    dialog.edits["address"].setText(MOVED)  # saved twice in a row: its own save is not another's
    dialog.save()
    assert prompts.errors == []
    assert (get_party(db, party.id).legal_rep, get_party(db, party.id).address) == ("张三", MOVED)


def test_a_new_party_is_saved_as_before(db, prompts, qtbot):
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("佛山市南海区某某贸易有限公司")
    dialog.save()
    assert prompts.errors == [] and dialog.saved_party is not None
    assert get_party(db, dialog.saved_party.id).name == "佛山市南海区某某贸易有限公司"


@pytest.fixture
def lead(db):
    set_setting(db, "station_agency", agency_id_for_code("440605"))
    registered = register_lead(db, LeadEntry(source="report", received_at="2026-03-02 10:00", description=DESCRIPTION,
                                             party="佛山市南海区测试房产中介", target_phone="13800138001"))
    return get_lead_row(db, registered.id)


def test_a_lead_corrected_by_another_process_is_not_undone_by_the_dialog(db, other, lead, prompts, qtbot, english):
    dialog = LeadDialog(db, prompts, lead=get_lead_row(db, lead["id"]))
    qtbot.addWidget(dialog)
    # ``leads edit --target-phone`` in another process
    edit_lead(other, lead["id"], replace(lead_entry(get_lead_row(other, lead["id"])), target_phone="13900139002"))
    entries = audit_count(db)
    dialog.description.setPlainText(DESCRIPTION + "（每日三次以上）")
    dialog.save()
    assert dialog.saved is None and dialog.changed == [] and dialog.result() != dialog.DialogCode.Accepted
    assert prompts.errors == ["The lead about “佛山市南海区测试房产中介” received 2026-03-02 10:00 was changed "
                              "elsewhere since you opened it: reopen it and apply your changes again."]
    stored = get_lead_row(db, lead["id"])
    assert (stored["target_phone"], stored["description"]) == ("13900139002", DESCRIPTION)
    assert audit_count(db) == entries


def test_edit_lead_refuses_a_lead_changed_since_it_was_loaded(db, other, lead):
    loaded = get_lead_row(db, lead["id"])
    edit_lead(other, lead["id"], replace(lead_entry(loaded), target_phone="13900139002"))
    with pytest.raises(WorkstationError):
        edit_lead(db, lead["id"], replace(lead_entry(loaded), description=DESCRIPTION + "。"), loaded=loaded)
    assert get_lead_row(db, lead["id"])["target_phone"] == "13900139002"
    # loaded fresh, as ``leads edit`` does, the correction is saved and changes only what it changes
    fresh = get_lead_row(db, lead["id"])
    row, changed = edit_lead(db, lead["id"], replace(lead_entry(fresh), description=DESCRIPTION + "。"), loaded=fresh)
    assert changed == ["description"] and row["target_phone"] == "13900139002"


def test_a_lead_dialog_unchanged_elsewhere_saves_and_saves_again(db, lead, prompts, qtbot):
    dialog = LeadDialog(db, prompts, lead=get_lead_row(db, lead["id"]))
    qtbot.addWidget(dialog)
    dialog.description.setPlainText(DESCRIPTION + "（一）")
    dialog.save()
    assert prompts.errors == [] and dialog.changed == ["description"]
    dialog.target_phone.setText("13900139002")
    dialog.save()
    assert prompts.errors == [] and dialog.changed == ["target_phone", "phones"]
    stored = get_lead_row(db, lead["id"])
    assert (stored["description"], stored["target_phone"]) == (DESCRIPTION + "（一）", "13900139002")

