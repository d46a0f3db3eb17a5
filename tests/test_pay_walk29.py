"""Paying a fine, walked as the officer does it in the payment dialog (履行完毕) and on the command line (REFERENCE
§1.2 T8, T9; §2.3): a payment on time, a late one with its 加处罚款 prefilled (counted by hand in fen), and the bad
input an officer may type — an amount of ¥0.00, a surcharge larger than the amount paid that includes it, and a
payment voucher (缴款凭证) number already recorded for another case — refused under its field (the window) or naming
its option (the command line), nothing recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from tests.helpers import move_program_clock, run, run_json
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.payments import Payment
from workstation.store import get_case
from workstation.store.cases import update_case

FINE = 200_000  # ¥2,000.00
SERVED = "2026-11-19"  # T8: 15 days, last day Fri 2026-12-04
SEEN_ON = "2026-12-14"  # ten days after it: 12-05 … 12-14


@pytest.fixture
def walk(db, make_case, monkeypatch):
    """``walk()`` makes a Nanhai case whose decision of a ¥2,000 fine was served on 2026-11-19, seen on 2026-12-14."""
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{SEEN_ON}T10:00:00+08:00"))

    def served():
        case = make_case(fine_fen=FINE)
        return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-09-23",
                                       notice_served_on="2026-11-09", decided_on="2026-11-18", served_on=SERVED),
                           allow_status_change=True)

    return served


def dialog_for(qtbot, db, case):
    from ui.transition_dialog import TransitionDialog, payment_check

    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def typed(qtbot, edit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def ok_refused(dialog) -> bool:
    from PySide6.QtWidgets import QDialogButtonBox

    dialog.accept()  # the officer tries OK: the errors show under their fields
    return dialog.isVisible() and not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


# ---- what the dialog prefills: on time, late ------------------------------------------------------------------------

@pytest.mark.gui
def test_the_dialog_prefills_the_fine_on_time_and_the_surcharge_of_ten_days_late(db, walk, qtbot, english):
    from PySide6.QtCore import QDate

    case = walk()
    dialog = dialog_for(qtbot, db, case)
    dialog.date.setDate(QDate(2026, 12, 4))  # the last day of T8: no surcharge
    assert (dialog.paid.text(), dialog.surcharge.text()) == ("2000.00", "")
    dialog.date.setDate(QDate(2026, 12, 14))
    # 3 % of ¥2,000.00 = 6,000 fen a day, 12-05 … 12-14 = 10 days: 60,000 fen
    assert (dialog.paid.text(), dialog.surcharge.text()) == ("2600.00", "600.00")
    assert not dialog.warning_label.isVisible()


# ---- bad input: refused under its field, nothing recorded -----------------------------------------------------------

@pytest.mark.gui
def test_an_amount_paid_of_nought_is_refused_under_its_field(db, walk, qtbot, english):
    case = walk()
    dialog = dialog_for(qtbot, db, case)
    typed(qtbot, dialog.paid, "0")
    assert ok_refused(dialog)
    assert dialog.errors["paid"].text() == ("An amount paid of ¥0.00 pays nothing: give the amount on the payment "
                                            "voucher (缴款凭证), or leave it empty to record only the day the "
                                            "decision was carried out.")
    assert not dialog.acknowledge.isVisible()  # refused, not a warning to tick through


@pytest.mark.gui
def test_a_surcharge_above_the_amount_paid_is_refused_under_its_field(db, walk, qtbot, english):
    case = walk()
    dialog = dialog_for(qtbot, db, case)
    typed(qtbot, dialog.paid, "500")
    typed(qtbot, dialog.surcharge, "600")
    assert ok_refused(dialog)
    assert dialog.errors["surcharge"].text() == ("The surcharge (加处罚款) ¥600.00 is more than the amount paid, "
                                                 "¥500.00, that includes it. Correct the surcharge or the amount "
                                                 "paid.")


@pytest.mark.gui
def test_a_voucher_number_already_recorded_for_another_case_is_refused_under_its_field(db, walk, qtbot, english):
    first, second = walk(), walk()
    procedure.apply(db, first.id, "record_performance", on_date="2026-12-03",
                    payment=Payment(paid_fen=FINE, voucher="4400261234567"))
    dialog = dialog_for(qtbot, db, second)
    typed(qtbot, dialog.voucher, "44002 61234567 ")  # the same number, typed with spaces
    assert ok_refused(dialog)
    assert dialog.errors["voucher"].text() == (
        f"The payment voucher (缴款凭证) no. 44002 61234567 is already recorded for the payment of case "
        f"{first.case_number} on 2026-12-03: a voucher is one payment's. Check the number on the voucher.")
    typed(qtbot, dialog.voucher, "4400261234568")
    assert "voucher" not in dialog.validate()


def test_the_procedure_refuses_the_same_bad_input_and_records_nothing(db, walk, english):
    first, second = walk(), walk()
    with pytest.raises(TransitionRefused, match="pays nothing"):
        procedure.apply(db, first.id, "record_performance", on_date="2026-12-03", payment=Payment(paid_fen=0))
    with pytest.raises(TransitionRefused, match="more than the amount paid"):
        procedure.apply(db, first.id, "record_performance", on_date="2026-12-14",
                        payment=Payment(paid_fen=100_000, surcharge_fen=150_000))
    assert get_case(db, first.id).status == "served"
    procedure.apply(db, first.id, "record_performance", on_date="2026-12-03",
                    payment=Payment(paid_fen=FINE, voucher="V-001"))
    with pytest.raises(TransitionRefused, match=f"already recorded for the payment of case {first.case_number}"):
        procedure.apply(db, second.id, "record_performance", on_date="2026-12-03",
                        payment=Payment(paid_fen=FINE, voucher="v-001"))
    assert get_case(db, second.id).status == "served"


def test_the_command_line_refuses_them_naming_the_option(db, data_dir, walk, capsys, english):
    first, second = walk(), walk()
    code, _out, err = run(capsys, "cases", "transition", first.case_number, "record_performance", "--date",
                          "2026-12-03", "--paid", "0", "--data-dir", data_dir)
    assert code == 1 and "--paid" in err and "An amount paid of ¥0.00 pays nothing" in err
    code, _out, err = run(capsys, "cases", "transition", first.case_number, "record_performance", "--date",
                          "2026-12-14", "--paid", "500", "--surcharge", "600", "--data-dir", data_dir)
    assert code == 1 and "--surcharge" in err and "more than the amount paid, ¥500.00" in err
    assert get_case(db, first.id).status == "served"
    result = run_json(capsys, "cases", "transition", first.case_number, "record_performance", "--date", "2026-12-14",
                      "--paid", "2600", "--surcharge", "600", "--voucher", "4400261234567", "--data-dir", data_dir)
    assert result["status"] == "performed" and "warnings" not in result  # late, paid with its surcharge: as owed
    code, _out, err = run(capsys, "cases", "transition", second.case_number, "record_performance", "--date",
                          "2026-12-03", "--paid", "2000", "--voucher", "4400261234567", "--data-dir", data_dir)
    assert code == 1 and "--voucher" in err and f"for the payment of case {first.case_number} on 2026-12-14" in err
    assert get_case(db, second.id).status == "served"
