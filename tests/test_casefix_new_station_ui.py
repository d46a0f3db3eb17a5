"""The window's side of a new station's first cases (QA of session 20): the on-the-spot decision's editor states the
simple-procedure cap for the party and checks the fine as it is typed; the new-case dialog presets no 行业领域 and
ticks the officers a station of two has; the one-party 结案审批表 hides the rows meant for several parties."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


# ---- 7. the simple-procedure cap in the on-the-spot decision's editor -----------------------------------------------

def test_the_on_the_spot_editor_states_the_cap_and_flags_a_fine_above_it_as_typed(db, make_case, opened, english):
    case = make_case(lead_received_on="2026-02-20")  # the party is a company: ¥3,000
    editor = opened(db, "on_the_spot_decision", case)
    panel = editor.law_panel.findChild(type(editor.errors_label), "simple_procedure_cap")
    assert panel is not None and "3,000" in panel.text() and "art. 51" in panel.text()
    editor.fields["fine_fen"].set_value("5000")
    editor.validate()
    assert "simple-procedure limit" in editor.errors["fine_fen"]
    assert editor.errors["fine_fen"] in panel.text()  # the panel says it at once, not only once the field is left
    editor.fields["fine_fen"].set_value("3000")
    editor.validate()
    assert "fine_fen" not in editor.errors and "simple-procedure limit" not in panel.text()


# ---- 5, 6. the new-case dialog: no sector guessed, the station's pair of officers ticked ----------------------------

def _station_dialog(qtbot, db, prompts):
    from ui.case_dialog import CaseDialog
    from workstation.store import agency_id_for_code
    from workstation.store.base import set_setting

    set_setting(db, "station_agency", agency_id_for_code("440605"))  # the station's agency: 南海区局
    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    return dialog


def test_a_new_case_presets_no_sector_and_cannot_be_saved_without_one(qtbot, db, prompts, officers, english):
    dialog = _station_dialog(qtbot, db, prompts)
    assert dialog.sector.currentData() == "" and dialog.sector.currentText() == "Choose a sector…"
    dialog.cause.setText("涉嫌未经消费者同意发送商业性信息案")
    assert dialog.validate()["sector"] == "Choose a sector."
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.sector.setCurrentIndex(dialog.sector.findData("real_estate"))
    assert "sector" not in dialog.validate()


def test_a_new_case_ticks_the_stations_two_certified_officers_and_the_officer_can_untick(
        qtbot, db, prompts, officers, monkeypatch):
    monkeypatch.setenv("WORKSTATION_ACTOR", "黄丽娟")  # signed in: ticked first
    dialog = _station_dialog(qtbot, db, prompts)
    assert dialog.officer_ids() == [officers["黄丽娟"].id, officers["陈志强"].id]  # not 新同事, who has no certificate
    dialog.officers.item(1).setCheckState(dialog.officers.item(1).checkState().Unchecked)
    assert dialog.officer_ids() == [officers["黄丽娟"].id]


def test_with_more_certified_officers_only_the_signed_in_one_is_ticked(qtbot, db, prompts, officers, monkeypatch):
    from workstation.records import Officer
    from workstation.store import agency_id_for_code, save_officer

    save_officer(db, Officer(name="李伟明", cert_no="44060512003", agency_id=agency_id_for_code("440605")))
    monkeypatch.setenv("WORKSTATION_ACTOR", "陈志强")
    assert _station_dialog(qtbot, db, prompts).officer_ids() == [officers["陈志强"].id]
    monkeypatch.setenv("WORKSTATION_ACTOR", "root")  # nobody signed in: nobody guessed
    assert _station_dialog(qtbot, db, prompts).officer_ids() == []


# ---- 9. the one-party 结案审批表 hides the rows meant for several parties --------------------------------------------

def test_the_one_party_closing_approval_hides_the_several_parties_box_and_totals(db, make_case, opened):
    case = make_case(status="performed", filed_on="2026-02-20", decided_on="2026-03-20", fine_fen=300_000)
    editor = opened(db, "closing_approval", case)
    editor.show()
    assert not editor.values["party_rows"]
    for name in ("party_rows", "fine_total_fen", "confiscated_total_fen", "paid_total_fen"):
        assert not editor.fields[name].widget.isVisible(), name
    for name in ("party_name", "party_code", "filed_on", "fine_fen", "paid_fen"):
        assert editor.fields[name].widget.isVisible(), name


def test_with_two_parties_the_closing_approval_still_shows_the_several_parties_box(db, make_case, opened):
    from tests.test_unfiled2 import with_employee
    from workstation.store import get_case

    case, _company, _employee = with_employee(db, make_case(status="performed", filed_on="2026-02-20",
                                                            decided_on="2026-03-20"))
    editor = opened(db, "closing_approval", get_case(db, case.id))
    editor.show()
    assert editor.values["party_rows"] and editor.fields["party_rows"].widget.isVisible()
    assert editor.fields["fine_total_fen"].widget.isVisible()
