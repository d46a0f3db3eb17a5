"""履行完毕 of a case whose decision imposed no money (a warning only) asks for no amount, voucher or surcharge and
says there is nothing to pay; a fine still asks for them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation import procedure
from workstation.payments import Payment, mismatch, owed
from workstation.store import get_case
from workstation.store.cases import update_case


def served(db, make_case, fine_fen=0):
    case = make_case(fine_fen=fine_fen)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-15", served_on="2026-06-16"),
                       allow_status_change=True)


def test_a_warning_only_decision_owes_nothing_and_no_amount_is_a_mismatch(db, make_case):
    case = served(db, make_case)
    owing = owed(db, case, "2026-07-20")
    assert owing.nothing and owing.total_fen == 0
    assert mismatch(owing, Payment(paid_fen=100)) is None
    assert not owed(db, served(db, make_case, fine_fen=500_000), "2026-07-20").nothing


@pytest.mark.gui
def test_the_payment_dialog_of_a_warning_only_case_hides_the_amounts_and_says_nothing_is_owed(
        db, make_case, qtbot, english):
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.transition_dialog import TransitionDialog, payment_check

    case = served(db, make_case)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.nothing_owed.isVisible() and "nothing to pay" in dialog.nothing_owed.text()
    assert not any(edit.isVisible() for edit in (dialog.paid, dialog.surcharge, dialog.voucher))
    assert not dialog.warning_label.isVisible() and not dialog.acknowledge.isVisible()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.payment() == Payment()
    procedure.apply(db, case.id, "record_performance", on_date=dialog.answer()[0], payment=dialog.payment())
    assert get_case(db, case.id).status == "performed"


@pytest.mark.gui
def test_a_fine_still_asks_for_the_amount_paid(db, make_case, qtbot, english):
    from ui.transition_dialog import TransitionDialog, payment_check

    case = served(db, make_case, fine_fen=500_000)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.paid.isVisible() and dialog.voucher.isVisible() and not dialog.nothing_owed.isVisible()
