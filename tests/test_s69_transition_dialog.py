"""The procedure action's dialog after the audit of session 69 (/tmp/reports69/transitions.md): Esc in the payment
(履行完毕) asks before it throws away an amount, a voucher or a party chosen — compared with what the dialog
prefilled, which a change of date fills anew — and No keeps the dialog with what was typed; the required warning
tick (我已阅读以上提示，仍记录此操作) and the 立案呈批日期 field have their Alt letters, no letter shared within one
variant of the dialog."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from tests.test_ui_keyboard import active
from ui.access_keys import letter_of
from ui.transition_dialog import Advice, FilingProposal, TransitionDialog, party_choices, payment_check
from workstation import procedure
from workstation.i18n import _
from workstation.store import get_case
from workstation.store.cases import update_case

pytestmark = pytest.mark.gui

FINE = 400_000  # ¥4,000.00, decided and served on 2026-11-16: paid in time on 2026-12-01, late on 2026-12-07
ALT = Qt.KeyboardModifier.AltModifier


def served(db, make_case):
    case = make_case(fine_fen=FINE)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-10-10",
                                   notice_served_on="2026-11-01", decided_on="2026-11-16", served_on="2026-11-16"),
                       allow_status_change=True)


def payment_dialog(qtbot, db, case, prompts, parties=None):
    dialog = active(qtbot, TransitionDialog(procedure.BY_NAME["record_performance"], prompts=prompts,
                                            parties=parties, payment=payment_check(db, case)))
    dialog.date.setDate(QDate(2026, 12, 1))
    dialog.mark_loaded()  # as opened on that day
    return dialog


def esc(qtbot, dialog) -> None:
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)


def type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


# ---- 1. Esc in the payment -----------------------------------------------------------------------------------------

def test_esc_after_typing_an_amount_and_a_voucher_asks_and_no_keeps_them(qtbot, db, make_case, prompts, english):
    dialog = payment_dialog(qtbot, db, served(db, make_case), prompts)
    assert dialog.paid.text() == "4000.00"  # what is owed, prefilled
    type_into(qtbot, dialog.paid, "1500")
    type_into(qtbot, dialog.voucher, "PJ-2026-0099")
    esc(qtbot, dialog)
    assert prompts.destructive == [_("Discard the changes you made?")]
    assert dialog.isVisible() and dialog.result() == 0  # No: the dialog stays, with what was typed
    assert (dialog.paid.text(), dialog.voucher.text()) == ("1500", "PJ-2026-0099")
    prompts.confirm_answer = True
    esc(qtbot, dialog)
    assert not dialog.isVisible() and len(prompts.destructive) == 2


@pytest.mark.parametrize("field", ["paid", "surcharge", "voucher"])
def test_each_payment_field_typed_alone_is_asked_about(qtbot, db, make_case, prompts, english, field):
    dialog = payment_dialog(qtbot, db, served(db, make_case), prompts)
    type_into(qtbot, getattr(dialog, field), "12")
    esc(qtbot, dialog)
    assert prompts.destructive == [_("Discard the changes you made?")] and dialog.isVisible()
    assert getattr(dialog, field).text() == "12"


def test_esc_with_nothing_typed_closes_without_asking(qtbot, db, make_case, prompts, english):
    dialog = payment_dialog(qtbot, db, served(db, make_case), prompts)
    esc(qtbot, dialog)
    assert prompts.confirmations == [] and not dialog.isVisible()


def test_a_date_picked_and_picked_back_fills_the_amounts_anew_and_asks_nothing(
        qtbot, db, make_case, prompts, english):
    dialog = payment_dialog(qtbot, db, served(db, make_case), prompts)
    dialog.date.setDate(QDate(2026, 12, 7))  # paid late: the surcharge is prefilled
    assert dialog.surcharge.text() not in ("", "0.00")
    dialog.date.setDate(QDate(2026, 12, 1))
    assert (dialog.paid.text(), dialog.surcharge.text()) == ("4000.00", "")
    esc(qtbot, dialog)
    assert prompts.confirmations == [] and not dialog.isVisible()


def test_an_amount_typed_then_another_date_picked_is_still_asked_about(qtbot, db, make_case, prompts, english):
    dialog = payment_dialog(qtbot, db, served(db, make_case), prompts)
    type_into(qtbot, dialog.paid, "1500")
    dialog.date.setDate(QDate(2026, 12, 7))
    dialog.date.setDate(QDate(2026, 12, 1))  # the date as opened: the amount typed is what would be lost
    esc(qtbot, dialog)
    assert prompts.destructive == [_("Discard the changes you made?")] and dialog.paid.text() == "1500"


def test_the_party_chosen_is_asked_about_and_kept(qtbot, db, data_dir, make_case, prompts, english):
    from tests.test_multiparty12 import decided_case

    case, _company, _employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")  # every party, on one date
    case = get_case(db, case.id)
    parties = party_choices(db, case, "record_performance")
    assert len(parties) == 2
    dialog = active(qtbot, TransitionDialog(procedure.BY_NAME["record_performance"], prompts=prompts,
                                            parties=parties, payment=payment_check(db, case)))
    dialog.party.setFocus()
    qtbot.keyClick(dialog.party, Qt.Key.Key_Down)  # the other party, with the keyboard
    chosen = dialog.chosen_party()
    assert chosen == parties[1][0]
    esc(qtbot, dialog)
    assert prompts.destructive == [_("Discard the changes you made?")]
    assert dialog.isVisible() and dialog.chosen_party() == chosen


# ---- 2. Alt letters ------------------------------------------------------------------------------------------------

def variants(db, make_case):
    """Each variant of the dialog, with the warning tick shown: (name, dialog)."""
    warned = lambda _on_date, _party=None: ("时效已过。", "时效已过")  # noqa: E731
    parties = [("a", "甲公司"), ("b", "乙")]
    case = served(db, make_case)
    return [
        ("suspend", TransitionDialog(procedure.BY_NAME["suspend"], warning=warned)),
        ("request_hearing", TransitionDialog(procedure.BY_NAME["request_hearing"], warning=warned, parties=parties)),
        ("file", TransitionDialog(procedure.BY_NAME["file"], warning=warned,
                                  proposal=FilingProposal(received_on="2026-11-01"))),
        ("record_performance", TransitionDialog(procedure.BY_NAME["record_performance"], warning=warned,
                                                payment=payment_check(db, case))),
        ("transfer_to_police", TransitionDialog(procedure.BY_NAME["transfer_to_police"], warning=warned,
                                                advice=Advice(offer=("Write the 涉嫌犯罪案件移送书…", lambda: None)))),
    ]


def letters(dialog) -> list[str]:
    texts = [w.text() for w in dialog.findChildren(QAbstractButton)]
    texts += [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    return [letter for text in texts for letter in [letter_of(text)] if letter]


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_the_tick_and_the_proposal_field_have_letters_no_letter_shared(qtbot, db, make_case, request, language):
    request.getfixturevalue(language)
    for name, dialog in variants(db, make_case):
        qtbot.addWidget(dialog)
        assert letter_of(dialog.acknowledge.text()), (name, dialog.acknowledge.text())
        if dialog.proposed_on is not None:
            [label] = [w for w in dialog.findChildren(QLabel) if w.buddy() is dialog.proposed_on]
            assert letter_of(label.text()), label.text()
        shared = {letter: n for letter, n in Counter(letters(dialog)).items() if n > 1}
        assert shared == {}, (name, shared)


def test_the_chinese_tick_and_proposal_label_keep_their_words(qtbot, chinese):
    dialog = TransitionDialog(procedure.BY_NAME["file"], warning=lambda *_a: ("时效已过。", "时效已过"),
                              proposal=FilingProposal())
    qtbot.addWidget(dialog)
    [label] = [w for w in dialog.findChildren(QLabel) if w.buddy() is dialog.proposed_on]
    assert dialog.acknowledge.text().startswith("我已阅读以上提示，仍记录此操作(&")
    assert label.text().startswith("立案呈批日期(&")


def test_alt_letters_tick_the_warning_and_reach_the_proposal_field(qtbot, english):
    dialog = active(qtbot, TransitionDialog(procedure.BY_NAME["file"], warning=lambda *_a: ("时效已过。", "时效已过"),
                                            proposal=FilingProposal()))
    assert dialog.acknowledge.isVisible() and not dialog.acknowledge.isChecked()
    [label] = [w for w in dialog.findChildren(QLabel) if w.buddy() is dialog.proposed_on]
    dialog.date.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{letter_of(label.text())}"), ALT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.proposed_on)
    qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{letter_of(dialog.acknowledge.text())}"), ALT)
    qtbot.waitUntil(dialog.acknowledge.isChecked)
