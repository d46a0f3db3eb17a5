"""A 罚没款合计 typed otherwise than the fine and the confiscated gains added up is refused, naming the total (found
by the GUI audit: "以上罚没款合计¥99" was issued under a fine of ¥2,000 — a frozen document saying two sums)."""

import pytest

from workstation.documents.drafts import find_form
from workstation.formkit.values import field_errors


@pytest.mark.parametrize("form_id", ["investigation_report", "decision_approval", "penalty_decision"])
def test_a_total_not_adding_up_is_refused_on_the_total(form_id, english):
    form = find_form(form_id)
    _out, errors = field_errors(form, {"fine_fen": "2000.00", "confiscated_fen": "0", "total_fen": "99"}, {})
    assert errors["total_fen"].startswith("The 罚没款合计（元） of ¥99.00 is not ")
    assert "(¥2,000.00): write ¥2,000.00" in errors["total_fen"]
    assert "fine_fen" not in errors and "confiscated_fen" not in errors


@pytest.mark.parametrize("form_id", ["investigation_report", "decision_approval", "penalty_decision"])
def test_a_total_adding_up_or_left_empty_is_no_error(form_id):
    form = find_form(form_id)
    for total in ("2,500.50", ""):
        _out, errors = field_errors(form, {"fine_fen": "2000", "confiscated_fen": "500.50", "total_fen": total}, {})
        assert "total_fen" not in errors


def test_instalments_still_name_the_last_instalment():
    form = find_form("payment_deferral_notice")
    values = {"fine_fen": "3000", "by_instalments": True, "instalment1_fen": "1000", "instalment2_fen": "1000"}
    _out, errors = field_errors(form, values, {})
    assert "instalment2_fen" in errors and "fine_fen" not in errors
