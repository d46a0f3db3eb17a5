"""The party and case editors refuse what the register import refuses in a text (``importing.tables.text_problem``):
a control character, a text-direction control (U+202E) or a text far longer than the field holds, each named under
its field as the officer types; and a party is not entered twice: a USCC or ID number another stored party has is
refused, naming that party."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtWidgets import QDialogButtonBox

from workstation.errors import ValidationError
from workstation.records import Party
from workstation.store import get_case, get_party, save_party
from workstation.store.cases import case_field_errors, update_case
from workstation.store.parties import party_field_errors

COMPANY_USCC = "91512081MA62K0260E"  # the party of ``make_case``
PERSON_ID = "11010519491231002X"

BAD_TEXTS = {"control": ("佛山市某\x07公司", "control character (U+0007)"),
             "bidi": ("佛山市某\u202e公司", "text-direction control character (U+202E)"),
             "long": ("佛" * 3000, "3,000 characters, more than this field holds")}


@pytest.mark.parametrize("field", ["name", "address", "legal_rep"])
@pytest.mark.parametrize("bad", BAD_TEXTS, ids=list(BAD_TEXTS))
def test_a_party_text_the_import_refuses_is_a_field_error_and_is_not_saved(db, english, field, bad):
    text, said = BAD_TEXTS[bad]
    party = replace(Party(name="佛山市某公司", address="佛山市南海区桂城街道1号", legal_rep="梁嘉豪"), **{field: text})
    errors = party_field_errors(party)
    assert list(errors) == [field] and said in errors[field]
    with pytest.raises(ValidationError) as refused:
        save_party(db, party)
    assert refused.value.errors == errors
    assert db.execute("SELECT COUNT(*) FROM parties WHERE id = ?", [party.id]).fetchone()[0] == 0


def test_ordinary_party_texts_are_accepted(db):
    party = save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司（桂城分店）", address="佛" * 200,
                                 legal_rep="梁嘉豪"))
    assert get_party(db, party.id).address == "佛" * 200


@pytest.mark.parametrize("bad", BAD_TEXTS, ids=list(BAD_TEXTS))
def test_a_cause_the_import_refuses_is_a_field_error_and_is_not_saved(db, make_case, english, bad):
    text, said = BAD_TEXTS[bad]
    case = make_case()
    changed = replace(get_case(db, case.id), cause=text)
    assert said in case_field_errors(db, changed, existing=True, stored=case)["cause"]
    with pytest.raises(ValidationError):
        update_case(db, changed)
    assert get_case(db, case.id).cause == case.cause


def test_a_cause_stored_before_the_check_does_not_block_other_edits(db, make_case):
    case = make_case()
    db.execute("UPDATE cases SET cause = ? WHERE id = ?", ["涉嫌\x07案", case.id])
    edited = update_case(db, replace(get_case(db, case.id), facts="经查……"))
    assert edited.facts == "经查……"


@pytest.mark.gui
def test_the_case_editor_names_the_bad_cause_as_it_is_typed(qtbot, db, make_case, prompts, english):
    from ui.case_dialog import CaseDialog

    case = make_case()
    dialog = CaseDialog(db, prompts, get_case(db, case.id))
    qtbot.addWidget(dialog)
    dialog.cause.setText("涉嫌\u202e未经同意发送商业性信息案")
    assert "text-direction control character (U+202E)" in dialog.errors["cause"].text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


@pytest.mark.gui
def test_the_party_editor_names_the_bad_address_as_it_is_typed(qtbot, db, prompts, english):
    from ui.party_dialog import PartyDialog

    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("佛山市某公司")
    dialog.edits["address"].setText("佛山市\x1b[2J南海区")
    assert "control character (U+001B)" in dialog.errors["address"].text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


# ---- one code, one party --------------------------------------------------------------------------------------------

def test_a_uscc_another_party_has_is_refused_naming_that_party(db, make_case, english):
    make_case()  # stores 佛山市南海区誉嘉房地产代理有限公司 with COMPANY_USCC
    with pytest.raises(ValidationError) as refused:
        save_party(db, Party(name="誉嘉房产", uscc=COMPANY_USCC.lower()))
    assert list(refused.value.errors) == ["uscc"]
    assert "“佛山市南海区誉嘉房地产代理有限公司”" in refused.value.errors["uscc"]
    assert "choose that party" in refused.value.errors["uscc"]
    assert db.execute("SELECT COUNT(*) FROM parties WHERE uscc = ?", [COMPANY_USCC]).fetchone()[0] == 1


def test_an_id_number_another_party_has_is_refused_naming_that_party(db, english):
    save_party(db, Party(name="朱子轩", kind="person", id_number=PERSON_ID))
    with pytest.raises(ValidationError) as refused:
        save_party(db, Party(name="朱紫轩", kind="person", id_number=PERSON_ID.lower()))
    assert list(refused.value.errors) == ["id_number"] and "“朱子轩”" in refused.value.errors["id_number"]


def test_a_party_saved_again_with_its_own_code_is_not_refused(db, english):
    party = save_party(db, Party(name="朱子轩", kind="person", id_number=PERSON_ID))
    assert save_party(db, replace(party, address="佛山市禅城区祖庙路3号")).address == "佛山市禅城区祖庙路3号"


def test_a_code_two_parties_shared_before_the_check_does_not_block_their_other_edits(db, english):
    first = save_party(db, Party(name="朱子轩", kind="person", id_number=PERSON_ID))
    second = save_party(db, Party(name="朱紫轩", kind="person"))
    db.execute("UPDATE parties SET id_number = ? WHERE id = ?", [PERSON_ID, second.id])
    assert save_party(db, replace(get_party(db, second.id), address="佛山市")).address == "佛山市"
    assert save_party(db, replace(first, address="佛山市")).address == "佛山市"


@pytest.mark.gui
def test_the_party_editor_names_the_party_holding_the_code_as_it_is_typed(qtbot, db, make_case, prompts, english):
    from ui.party_dialog import PartyDialog

    make_case()
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("誉嘉房产")
    dialog.edits["uscc"].setText(COMPANY_USCC)
    assert "“佛山市南海区誉嘉房地产代理有限公司”" in dialog.errors["uscc"].text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
