"""A kept draft and the party as it is now: a draft of a 行政处罚决定书 saved before the party's name, address or legal
representative was corrected continues with the corrected ones in the fields the officer never wrote in (as it does
for 本局文书信息), while a value the officer typed stays; the same for the case's other sourced fields (its officers).
An individual business imported with both its USCC and its operator's ID number keeps and edits that number in the
party dialog (经营者身份证号码, masked until shown) instead of having to delete it to save any change."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtWidgets import QPushButton

from tests.test_law_guards import APPEARANCE
from tests.test_party10 import choose_kind, save_button, shown_fields
from tests.test_s45_parties import SHOP, id_number
from ui.form_editor import FormEditor
from ui.party_dialog import PartyDialog
from workstation.documents.drafts import find_form
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.records import Party
from workstation.store import drafts, find_case, get_party, save_party

CASE = "佛南市监立〔2026〕9号"
NEW = {"name": "佛山市南海区改名后有限公司", "address": "佛山市南海区桂城街道新地址8号", "legal_rep": "新法人"}
OPERATOR = id_number("44060519850312123")


def _correct_party(db, case) -> None:
    party = get_party(db, case.party_ids[0])
    save_party(db, replace(party, **NEW))


# ---- 1. a kept draft takes the party as corrected since ----------------------------------------------------------


def test_a_kept_draft_takes_the_party_corrected_since_it_was_opened(demo_db):
    case = find_case(demo_db, CASE)
    form = find_form("penalty_decision")
    opened = default_values(form, case_context(demo_db, case))
    old = get_party(demo_db, case.party_ids[0])
    assert opened["party_name"] == old.name
    _correct_party(demo_db, case)
    resumed = resumed_values(form, dict(opened), case_context(demo_db, case), dict(opened))
    assert (resumed["party_name"], resumed["party_address"], resumed["legal_rep"]) == (
        NEW["name"], NEW["address"], NEW["legal_rep"])


def test_a_party_field_the_officer_typed_stays(demo_db):
    case = find_case(demo_db, CASE)
    form = find_form("penalty_decision")
    opened = default_values(form, case_context(demo_db, case))
    _correct_party(demo_db, case)
    kept = {**opened, "party_address": "办案人员核实的地址1号"}
    resumed = resumed_values(form, kept, case_context(demo_db, case), opened)
    assert resumed["party_address"] == "办案人员核实的地址1号"
    assert resumed["party_name"] == NEW["name"]
    # a draft whose opening values are not known keeps what it holds
    assert resumed_values(form, dict(opened), case_context(demo_db, case), None)["party_name"] == opened["party_name"]


def test_a_kept_draft_takes_the_case_officers_changed_since(demo_db):
    case = find_case(demo_db, CASE)
    form = find_form("inquiry_notice")
    context = case_context(demo_db, case)
    field = next(f for f in form.fields if f.source == "officer1.name")
    opened = default_values(form, context)
    changed = {**context, "officer1.name": "新办案人员", "officer1.cert_no": "44999999"}
    assert resumed_values(form, dict(opened), changed, dict(opened))[field.name] == "新办案人员"


@pytest.mark.gui
def test_the_editor_reopens_a_kept_draft_with_the_corrected_party(demo_db, data_dir, prompts, qtbot):
    case = find_case(demo_db, CASE)
    form = find_form("penalty_decision")
    ed = FormEditor(demo_db, data_dir, case, form, prompts)
    qtbot.addWidget(ed)
    ed.fields["party_address"].set_value("办案人员核实的地址1号")  # typed by the officer: it stays
    ed.save_draft()
    draft_id = ed.draft.id
    drafts.set_status(demo_db, draft_id, "saved", ed.current_values())
    ed.shutdown()
    _correct_party(demo_db, case)
    again = FormEditor(demo_db, data_dir, find_case(demo_db, CASE), form, prompts,
                       draft=drafts.get_draft(demo_db, draft_id))
    qtbot.addWidget(again)
    try:
        shown = {name: again.fields[name].value() for name in ("party_name", "party_address", "legal_rep")}
        assert shown == {"party_name": NEW["name"], "party_address": "办案人员核实的地址1号",
                         "legal_rep": NEW["legal_rep"]}
    finally:
        again.shutdown()


# ---- 2. an individual business's operator ID -----------------------------------------------------------------------


def _shop(db) -> Party:
    return save_party(db, Party(name="佛山市南海区张三小吃店", kind="individual_business", uscc=SHOP,
                                id_number=OPERATOR, legal_rep="张三", address="佛山市南海区桂城街道1号"))


@pytest.mark.gui
def test_an_individual_business_keeps_its_operators_id_number_when_edited(db, prompts, qtbot):
    shop = _shop(db)
    dialog = PartyDialog(db, prompts, shop)
    qtbot.addWidget(dialog)
    assert "id_number" in [field for field, _name in shown_fields(dialog)]
    assert dialog.edits["id_number"].text() != OPERATOR  # masked until shown
    assert dialog.findChild(QPushButton, "reveal_id_number").isVisibleTo(dialog)
    assert dialog.dropped.isHidden()
    dialog.edits["address"].setText("佛山市南海区桂城街道新地址2号")
    save_button(dialog).click()
    assert prompts.confirmations == []  # nothing stored is deleted
    stored = get_party(db, shop.id)
    assert (stored.address, stored.id_number, stored.uscc) == ("佛山市南海区桂城街道新地址2号", OPERATOR, SHOP)


@pytest.mark.gui
def test_an_individual_business_operators_id_number_is_checked_and_optional(db, prompts, qtbot, english):
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    choose_kind(dialog, "individual_business")
    assert dict(shown_fields(dialog))["id_number"] == "Operator's ID number"
    dialog.edits["name"].setText("佛山市南海区李四五金店")
    dialog.edits["uscc"].setText(SHOP)
    assert dialog.validate() == {}  # without it
    dialog.edits["id_number"].setText("440605198503121230")  # a wrong check digit
    assert "id_number" in dialog.validate() and not save_button(dialog).isEnabled()
    dialog.edits["id_number"].setText(OPERATOR)
    assert dialog.validate() == {}
    save_button(dialog).click()
    assert get_party(db, dialog.saved_party.id).id_number == OPERATOR


@pytest.mark.gui
def test_issuing_a_document_naming_the_party_otherwise_than_its_record_is_asked_first(demo_db, data_dir, prompts,
                                                                                      qtbot):
    case = find_case(demo_db, CASE)
    ed = FormEditor(demo_db, data_dir, case, find_form("inquiry_notice"), prompts)
    qtbot.addWidget(ed)
    try:
        for name, value in APPEARANCE.items():
            ed.set_field(name, value)
        ed.set_field("addressee", "佛山市南海区旧名称有限公司")  # as a draft kept before the party was renamed
        ed.issue()
        assert len(prompts.confirmations) == 1 and "佛山市南海区旧名称有限公司" in prompts.confirmations[0]
        assert get_party(demo_db, case.party_ids[0]).name in prompts.confirmations[0]
        assert ed.document is None  # No: not issued, no number taken
        prompts.confirmations.clear()
        ed.set_field("addressee", get_party(demo_db, case.party_ids[0]).name)
        prompts.confirm_answer = True
        ed.issue()
        assert ed.document is not None and len(prompts.confirmations) == 1  # the usual question only
    finally:
        ed.shutdown()
