"""Case numbers in the case dialog and the store: a number an edit retired (kept void, never given again) cannot be
typed onto another case nor imported with a register row; a case not filed takes no typed number (it is numbered
when it is filed); Save with nothing changed writes nothing (no version, audit entry or 修改 event), the violation
types keeping their stored order and facts stored with other line breaks kept as they are."""

from dataclasses import replace

import pytest

from tests.test_register_import import GOOD, HEADER, write_csv
from workstation.errors import ImportRefused, ValidationError
from workstation.importing.register import import_register
from workstation.procedure import apply
from workstation.records import Case
from workstation.store import get_case, update_case
from workstation.store.cases import case_field_errors, create_case

RETIRED = "佛南市监立〔2026〕101号"


def counts(db, case_id):
    """What a save writes: the case's version and time, its audit entries and 修改 events."""
    version, updated = db.execute("SELECT version, updated_at FROM cases WHERE id = ?", [case_id]).fetchone()
    audits = db.execute("SELECT count(*) FROM audit WHERE entity_id = ?", [case_id]).fetchone()[0]
    edits = db.execute("SELECT count(*) FROM case_events WHERE case_id = ? AND kind = 'edited'", [case_id]).fetchone()[0]
    return version, updated, audits, edits


@pytest.fixture
def retired(db, make_case):
    """A filed case typed 佛南市监立〔2026〕101号, then renumbered 〔2026〕150号: 101号 is kept void."""
    case = make_case(status="investigating", filed_on="2026-03-02")
    case = update_case(db, replace(case, case_number=RETIRED))
    case = update_case(db, replace(case, case_number="佛南市监立〔2026〕150号"))
    assert db.execute("SELECT status FROM doc_numbers WHERE number = ?", [RETIRED]).fetchone() == ("void",)
    return case


@pytest.mark.parametrize("typed", [RETIRED, "佛南市监立(2026)101号", "佛南市监立〔2026〕第0101号"])
def test_a_retired_number_is_refused_on_another_case_new_or_stored(db, make_case, retired, english, typed,
                                                                   table_counts):
    other = make_case(status="investigating", filed_on="2026-03-05")
    before = table_counts(db)
    with pytest.raises(ValidationError) as refused:
        update_case(db, replace(other, case_number=typed))
    message = refused.value.errors["case_number"]
    assert RETIRED in message and "void" in message and "given first" in message
    new = Case(case_number=typed, cause="涉嫌违法收集个人信息案", sector="real_estate", agency_id=other.agency_id,
               status="investigating", filed_on="2026-03-06", party_ids=other.party_ids, officer_ids=other.officer_ids)
    with pytest.raises(ValidationError) as refused:
        create_case(db, new)
    assert RETIRED in refused.value.errors["case_number"]
    assert table_counts(db) == before
    # the number the case carries now is its own
    assert "case_number" not in case_field_errors(db, retired, existing=True, stored=retired)


def test_the_dialog_refuses_a_retired_number_under_the_field(qtbot, db, make_case, retired, prompts, english):
    from ui.case_dialog import CaseDialog

    other = make_case(status="investigating", filed_on="2026-03-05")
    dialog = CaseDialog(db, prompts, other)
    qtbot.addWidget(dialog)
    dialog.case_number.setText("佛南市监立(2026)101号")
    assert RETIRED in dialog.validate()["case_number"]
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()


def test_a_register_row_with_a_retired_number_is_refused(db, retired, tmp_path, english):
    row = ["佛南市监立(2026)101号", *GOOD[0][1:]]
    with pytest.raises(ImportRefused) as refused:
        import_register(db, write_csv(tmp_path / "台账.csv", [HEADER, row]))
    assert [(e["row"], e["field"]) for e in refused.value.errors] == [(2, "案件编号")]
    assert RETIRED in refused.value.errors[0]["message"] and "void" in refused.value.errors[0]["message"]
    assert db.execute("SELECT count(*) FROM cases WHERE case_number = ?", [RETIRED]).fetchone()[0] == 0


def test_a_case_not_filed_takes_no_typed_number(db, make_case, english, table_counts):
    pending = make_case()
    before = table_counts(db)
    for status in ("pending_filing", "not_filed"):
        case = replace(pending, status=status)
        errors = case_field_errors(db, replace(case, case_number="佛南市监立〔2025〕7号"), existing=True, stored=case)
        assert "Case number" in errors["case_number"] and "numbered when it is filed" in errors["case_number"]
    with pytest.raises(ValidationError):
        update_case(db, replace(pending, case_number="佛南市监立〔2026〕7号"))
    with pytest.raises(ValidationError):
        create_case(db, replace(pending, id="new-case", case_number="佛南市监立〔2026〕8号"))
    assert table_counts(db) == before
    # filing numbers it
    filed = apply(db, pending.id, "file", on_date="2026-03-02")
    assert filed.case_number.startswith("佛南市监立〔2026〕")
    # a case declined (不予立案) keeps no number either
    declined = apply(db, make_case().id, "decline_filing", on_date="2026-03-02", reason="不属于本机关管辖")
    with pytest.raises(ValidationError):
        update_case(db, replace(declined, case_number="佛南市监立〔2026〕9号"))


def test_the_new_case_dialog_refuses_a_typed_number(qtbot, db, prompts, officers, english):
    from ui.case_dialog import CaseDialog

    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.case_number.setText("佛南市监立〔2025〕7号")
    assert "numbered when it is filed" in dialog.validate()["case_number"]


def test_an_update_with_nothing_changed_writes_nothing(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02")
    before = counts(db, case.id)
    assert update_case(db, case) == case
    assert counts(db, case.id) == before
    # a number typed in other brackets is the same number
    assert update_case(db, replace(case, case_number=case.case_number.replace("〔", "(").replace("〕", ")"))) == case
    assert counts(db, case.id) == before
    # a change is still written
    assert update_case(db, replace(case, cause="涉嫌违法提供个人信息案")).version == case.version + 1


def test_save_with_nothing_changed_closes_and_writes_nothing(qtbot, db, make_case, prompts):
    from ui.case_dialog import CaseDialog

    violations = ["illegal_collection_or_use", "unsolicited_commercial_messages"]  # not in the list's order
    case = make_case(status="investigating", filed_on="2026-03-02", violations=violations,
                     facts="第一行\r\n第二行\u2028第三行")
    before = counts(db, case.id)
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    assert dialog.typed() == case
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.saved_case == case
    assert counts(db, case.id) == before and get_case(db, case.id) == case
    # a type ticked now comes after those the case had
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    dialog.violations["illegal_provision_or_leak"].setChecked(True)
    dialog.violations["illegal_collection_or_use"].setChecked(False)
    assert dialog.typed().violations == ["unsolicited_commercial_messages", "illegal_provision_or_leak"]
    dialog.save()
    saved = get_case(db, case.id)
    assert saved.violations == ["unsolicited_commercial_messages", "illegal_provision_or_leak"]
    assert saved.facts == case.facts  # not rewritten with the text box's line breaks
    assert db.execute("SELECT note FROM case_events WHERE case_id = ? AND kind = 'edited'",
                      [case.id]).fetchall() == [("violations",)]


def test_a_number_changed_by_mistake_can_be_put_back_on_its_own_case(db, make_case):
    from dataclasses import replace as changed

    from workstation.store import get_case, update_case

    case = update_case(db, changed(make_case(), status="investigating", case_number="佛南市监立〔2026〕41号",
                                   filed_on="2026-03-02"), allow_status_change=True)
    typo = update_case(db, changed(get_case(db, case.id), case_number="佛南市监立〔2026〕14号"))
    back = update_case(db, changed(typo, case_number="佛南市监立〔2026〕41号"))
    assert back.case_number == "佛南市监立〔2026〕41号"
