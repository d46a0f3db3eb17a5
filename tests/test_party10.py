"""The party dialog as an officer meets it: wide enough to see a Foshan address whole; only the fields the chosen
kind of party has, named as its documents name them (姓名/身份证号码/住址 for a natural person, 名称/统一社会信用代码/
住所 with 法定代表人（负责人） or 经营者 for the others); what was typed for another kind kept while trying kinds but
not saved, as a line under the form says, and a stored value deleted only when the officer agrees. A case filed
from a lead about a bare number has the number's user as a natural person to identify, and renaming that party
offers to correct the 案由 that named the placeholder."""

import pytest

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QStyle, QStyleOptionFrame

from tests.test_leads_workflow import LEAD, fresh_lead
from tests.test_ui_cases import when_modal
from tests.test_ui_field_errors import active
from ui.party_dialog import FIELDS, PartyDialog
from workstation.audit import verify
from workstation.leads_workflow import assign_lead, file_case_from_lead
from workstation.records import Case, Party
from workstation.store import (
    agency_by_code,
    agency_id_for_code,
    case_events,
    create_case,
    get_case,
    get_party,
    list_parties,
    save_party,
)

pytestmark = pytest.mark.gui

ADDRESS = "佛山市南海区桂城街道南海大道北68号新凯广场十五楼一五零六室"  # 30 characters
USCC = "91512081MA62K0260E"
ID_NUMBER = "11010519491231002X"
PLACEHOLDER = "号码13912345678的使用人"
COMPANY = "佛山市南海区某某房地产代理有限公司"


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def shown_fields(dialog) -> list[tuple[str, str]]:
    """(field, its name) of the fields the dialog shows, in order."""
    return [(field, dialog.labels[field].text()) for field, _text in FIELDS if dialog.edits[field].isVisibleTo(dialog)]


def dropped_note(dialog) -> str:
    note = dialog.findChild(QLabel, "dropped_warning")
    return "" if note.isHidden() else note.text()


def choose_kind(dialog, kind: str) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))


# 1. the width --------------------------------------------------------------------------------------------------
def test_an_address_of_thirty_characters_is_seen_whole_while_typed(db, prompts, qtbot):
    dialog = active(qtbot, PartyDialog(db, prompts))
    assert len(ADDRESS) == 30
    for field in ("name", "address"):
        edit = dialog.edits[field]
        option = QStyleOptionFrame()
        edit.initStyleOption(option)
        text_area = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
        assert edit.fontMetrics().horizontalAdvance(ADDRESS) <= text_area.width() - 4  # less QLineEdit's margins


# 2. the fields of each kind --------------------------------------------------------------------------------------
ORGANISATION = [("name", "Name of the organisation *"), ("uscc", "Unified social credit code"),
                ("legal_rep", "Legal representative (person in charge)"), ("address", "Domicile"), ("phone", "Phone")]


@pytest.mark.parametrize(("kind", "fields"), [
    ("company", ORGANISATION),
    ("association", ORGANISATION),
    ("individual_business", [*ORGANISATION[:2], ("id_number", "Operator's ID number"), ("legal_rep", "Operator"),
                             *ORGANISATION[3:]]),
    ("person", [("name", "Full name *"), ("id_number", "ID number"), ("address", "Home address"),
                ("phone", "Phone")]),
])
def test_each_kind_of_party_shows_its_own_fields_named_for_it(db, prompts, qtbot, english, kind, fields):
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    choose_kind(dialog, kind)
    assert shown_fields(dialog) == fields


def test_a_stored_person_opens_with_the_fields_of_a_person(db, prompts, qtbot, english):
    person = save_party(db, Party(name="朱子轩", kind="person", id_number=ID_NUMBER, address=ADDRESS))
    dialog = PartyDialog(db, prompts, person)
    qtbot.addWidget(dialog)
    assert [field for field, _name in shown_fields(dialog)] == ["name", "id_number", "address", "phone"]
    assert dialog.findChild(QPushButton, "reveal_id_number").isVisibleTo(dialog)
    choose_kind(dialog, "company")  # the masked number's Show button goes with its field
    assert not dialog.findChild(QPushButton, "reveal_id_number").isVisibleTo(dialog)


# 3. what is typed for another kind -------------------------------------------------------------------------------
def test_what_was_typed_for_another_kind_is_kept_in_the_dialog_but_not_saved(db, prompts, qtbot, english):
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("朱子轩")
    dialog.edits["uscc"].setText(USCC)
    dialog.edits["legal_rep"].setText("朱子轩")
    assert dropped_note(dialog) == ""
    choose_kind(dialog, "person")
    assert dropped_note(dialog) == ("A party of the kind “Natural person” has no Unified social credit code, Legal "
                                    "representative: what is filled in there is not saved. To keep it, choose the "
                                    "kind it belongs to.")
    choose_kind(dialog, "company")  # the officer changes his mind: nothing was lost
    assert (dialog.edits["uscc"].text(), dialog.edits["legal_rep"].text()) == (USCC, "朱子轩")
    assert dropped_note(dialog) == ""
    choose_kind(dialog, "person")
    dialog.edits["id_number"].setText(ID_NUMBER)
    save_button(dialog).click()
    assert prompts.confirmations == []  # nothing stored is deleted
    [stored] = list_parties(db)
    assert (stored.kind, stored.id_number, stored.uscc, stored.legal_rep) == ("person", ID_NUMBER, "", "")


def test_a_wrong_number_in_a_field_the_kind_has_not_does_not_block_save(db, prompts, qtbot, english):
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("朱子轩")
    dialog.edits["uscc"].setText("91350100M000100Y4Z")  # fails its check
    assert "uscc" in dialog.validate() and not save_button(dialog).isEnabled()
    choose_kind(dialog, "person")
    assert dialog.validate() == {} and save_button(dialog).isEnabled()
    assert "Unified social credit code" in dropped_note(dialog)


def test_deleting_a_stored_value_by_changing_the_kind_is_asked_first(db, prompts, qtbot, english):
    company = save_party(db, Party(name=COMPANY, kind="company", uscc=USCC, legal_rep="陈某", address=ADDRESS))
    dialog = PartyDialog(db, prompts, company)
    qtbot.addWidget(dialog)
    choose_kind(dialog, "individual_business")  # has the same fields: nothing to ask
    choose_kind(dialog, "person")
    save_button(dialog).click()
    assert prompts.confirmations == [f"“{COMPANY}” is saved as “Natural person”, which has no Unified social credit code, "
                                     "Legal representative: the stored Unified social credit code, Legal "
                                     "representative will be deleted. Delete and save?"]
    assert get_party(db, company.id) == company and dialog.saved_party is None  # refused: nothing changed
    prompts.confirm_answer = True
    save_button(dialog).click()
    stored = get_party(db, company.id)
    assert (stored.kind, stored.uscc, stored.legal_rep, stored.address) == ("person", "", "", ADDRESS)


# 4. the unidentified user of a number ----------------------------------------------------------------------------
def test_a_case_filed_from_a_lead_about_a_number_has_a_natural_person_to_identify(demo_db, english):
    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    case = file_case_from_lead(demo_db, LEAD)
    party = get_party(demo_db, case.party_ids[0])
    assert (party.name, party.kind) == ("the user of number 0757-85836433", "person")
    created = next(e for e in case_events(demo_db, case.id) if e.kind == "created")
    assert created.note.endswith("The party is not identified yet: it is entered as a natural person named “the "
                                 "user of number 0757-85836433”; once identified, correct its name and kind (Edit "
                                 "party), and the cause is offered for correction too.")


def test_identifying_the_party_in_the_workspace_corrects_the_cause_when_the_officer_says_so(
        demo_db, make_window, prompts, english):
    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    case = file_case_from_lead(demo_db, LEAD)
    workspace = make_window(demo_db).open_case(case.id)
    party_id = case.party_ids[0]

    def identify(dialog):
        choose_kind(dialog, "company")
        dialog.edits["name"].setText(COMPANY)
        dialog.edits["uscc"].setText(USCC)
        save_button(dialog).click()
        if dialog.isVisible():  # refused: the test fails below instead of waiting on the dialog
            dialog.done(0)

    prompts.choices = [0]
    timer = when_modal(PartyDialog, identify)
    workspace.findChild(QPushButton, f"edit_party_{party_id}").click()
    timer.stop()
    old = "the user of number 0757-85836433"
    assert prompts.offered == [[
        f"The cause of these cases still names the party “{old}”:\n{case.case_number or 'not filed'}: Case of {old}, suspected of "
        f"infringing consumers' personal information\nName it “{COMPANY}” there too?",
        "Change the cause", "Keep the cause", "Cancel"]]
    stored = get_case(demo_db, case.id)
    assert stored.cause == f"Case of {COMPANY}, suspected of infringing consumers' personal information"
    assert stored.party_names == COMPANY and get_party(demo_db, party_id).kind == "company"
    assert any(e.kind == "edited" and e.note == "cause" for e in case_events(demo_db, case.id))
    assert verify(demo_db)["valid"]  # the party's and the case's audit entries follow each other
    assert any(COMPANY in label.text() and "suspected" in label.text() for label in workspace.findChildren(QLabel))


@pytest.fixture
def placeholder_case(db, officers):
    party = save_party(db, Party(name=PLACEHOLDER, kind="person"))
    return create_case(db, Case(case_number="", cause=f"{PLACEHOLDER}涉嫌侵害消费者个人信息案", sector="other",
                                agency_id=agency_id_for_code("440605"), party_ids=[party.id],
                                officer_ids=[officers["陈志强"].id]))


def renamed(db, prompts, qtbot, case) -> PartyDialog:
    dialog = PartyDialog(db, prompts, get_party(db, case.party_ids[0]))
    qtbot.addWidget(dialog)
    choose_kind(dialog, "company")
    dialog.edits["name"].setText(COMPANY)
    save_button(dialog).click()
    return dialog


def test_the_officer_may_keep_the_cause_as_it_is(db, prompts, qtbot, placeholder_case):
    prompts.choices = [1]
    renamed(db, prompts, qtbot, placeholder_case)
    assert len(prompts.offered) == 1
    stored = get_case(db, placeholder_case.id)
    assert stored.cause == placeholder_case.cause and stored.party_names == COMPANY
    assert stored.version == placeholder_case.version


def test_cancelling_the_question_saves_nothing(db, prompts, qtbot, placeholder_case):
    prompts.choices = [None]
    dialog = renamed(db, prompts, qtbot, placeholder_case)
    assert len(prompts.offered) == 1 and dialog.saved_party is None
    assert get_party(db, placeholder_case.party_ids[0]).name == PLACEHOLDER
    assert get_case(db, placeholder_case.id).cause == placeholder_case.cause


def test_an_archived_cases_cause_is_not_offered_for_correction(db, prompts, qtbot, placeholder_case):
    db.execute("UPDATE cases SET status = 'archived' WHERE id = ?", [placeholder_case.id])
    dialog = renamed(db, prompts, qtbot, placeholder_case)
    assert prompts.offered == [] and dialog.saved_party.name == COMPANY
    assert get_case(db, placeholder_case.id).cause == placeholder_case.cause
