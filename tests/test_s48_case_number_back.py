"""A filed case's number changed more than once can be given back to the case it was taken from (9号 → 19号 → 29号 →
9号), in the store as in the case dialog, while a number taken from another case stays refused; the dialog asks before
it saves a changed number of a filed case (the old one is kept void)."""

from dataclasses import replace

import pytest

from workstation.errors import ValidationError
from workstation.store import get_case, update_case
from workstation.store.cases import case_field_errors

FIRST, SECOND, THIRD = (f"佛南市监立〔2026〕{n}号" for n in (9, 19, 29))


@pytest.fixture
def renumbered(db, make_case):
    """A filed case numbered 9号, then 19号, then 29号: 9号 and 19号 are kept void."""
    case = make_case(status="investigating", filed_on="2026-03-02")
    for number in (FIRST, SECOND, THIRD):
        case = update_case(db, replace(case, case_number=number))
    assert {n for n, in db.execute("SELECT number FROM doc_numbers WHERE status = 'void'")} >= {FIRST, SECOND}
    return case


def test_a_number_changed_twice_is_given_back_to_its_case(db, renumbered, english):
    assert "case_number" not in case_field_errors(db, replace(renumbered, case_number=FIRST), existing=True,
                                                  stored=renumbered)
    back = update_case(db, replace(renumbered, case_number=FIRST))
    assert back.case_number == FIRST
    # and any earlier number of it after that: 19号 (changed to 29号, which was changed to 9号)
    assert "case_number" not in case_field_errors(db, replace(back, case_number=SECOND), existing=True, stored=back)
    assert update_case(db, replace(back, case_number=SECOND)).case_number == SECOND


def test_a_number_given_back_and_changed_again_is_given_back_once_more(db, renumbered, make_case, english):
    """9号→19号→29号→9号→39号, then 9号 again (the review's case: the second change of 9号 left no trace), and 29号;
    another case is still refused them."""
    case = update_case(db, replace(renumbered, case_number=FIRST))
    case = update_case(db, replace(case, case_number="佛南市监立〔2026〕39号"))
    for number in (FIRST, THIRD):
        assert "case_number" not in case_field_errors(db, replace(case, case_number=number), existing=True,
                                                      stored=case), number
    case = update_case(db, replace(case, case_number=FIRST))
    assert case.case_number == FIRST
    other = make_case(status="investigating", filed_on="2026-03-05")
    assert "case_number" in case_field_errors(db, replace(other, case_number="佛南市监立〔2026〕39号"), existing=True,
                                              stored=other)


def test_a_number_taken_from_another_case_stays_refused(db, renumbered, make_case, english):
    other = make_case(status="investigating", filed_on="2026-03-05")
    for number in (FIRST, SECOND):
        errors = case_field_errors(db, replace(other, case_number=number), existing=True, stored=other)
        assert number in errors["case_number"] and "void" in errors["case_number"]
        with pytest.raises(ValidationError):
            update_case(db, replace(other, case_number=number))
    # nor once the first case carries 9号 again
    back = update_case(db, replace(renumbered, case_number=FIRST))
    errors = case_field_errors(db, replace(other, case_number=SECOND), existing=True, stored=other)
    assert SECOND in errors["case_number"]
    assert get_case(db, back.id).case_number == FIRST


def save(qtbot, db, prompts, case, number):
    from ui.case_dialog import CaseDialog

    dialog = CaseDialog(db, prompts, get_case(db, case.id))
    qtbot.addWidget(dialog)
    dialog.case_number.setText(number)
    errors = dialog.validate()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    return errors


def test_the_dialog_gives_the_first_number_back_after_two_changes(qtbot, db, prompts, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02")
    case = update_case(db, replace(case, case_number=FIRST))
    prompts.confirm_answer = True
    for number in (SECOND, THIRD, FIRST):
        assert "case_number" not in save(qtbot, db, prompts, case, number)
        assert get_case(db, case.id).case_number == number
    assert prompts.errors == []
    assert len(prompts.confirmations) == 3 and prompts.destructive == prompts.confirmations
    assert THIRD in prompts.confirmations[-1] and FIRST in prompts.confirmations[-1]


def test_the_dialog_asks_before_it_changes_a_filed_case_number(qtbot, db, prompts, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02")
    case = update_case(db, replace(case, case_number=FIRST))
    prompts.confirm_answer = False
    save(qtbot, db, prompts, case, SECOND)
    assert len(prompts.confirmations) == 1 and "void" in prompts.confirmations[0]
    assert get_case(db, case.id).case_number == FIRST  # declined: nothing saved, nothing kept void
    assert db.execute("SELECT count(*) FROM doc_numbers WHERE number = ?", [FIRST]).fetchone()[0] == 0
    # the same number in other brackets is no change: nothing asked
    save(qtbot, db, prompts, case, FIRST.replace("〔", "(").replace("〕", ")"))
    assert len(prompts.confirmations) == 1
