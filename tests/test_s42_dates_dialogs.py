"""Dates and dialogs: a date of the office's own work in a year before 2000 (1026 typed for 2026) is refused on the
command line and in the dialogs, naming the date and what to write; a 线索接收日期 typed after the 立案日期 is said
under the field typed, naming both dates; and the 本局文书信息 dialog says a wrong telephone under its field as typed."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import register_evidence, run, run_json
from ui.save_keys import press_save
from workstation.records import Interview, today
from workstation.store import agency_id_for_code, save_party
from workstation.store.evidence import list_evidence
from workstation.store.interviews import interview_field_errors
from workstation.validators import year_slip

NANHAI_CODE = "440605"
THIS_YEAR = today()[:4]


def _save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


# 1. a year before 2000 ---------------------------------------------------------------------------------------------

def test_the_floor_names_the_date_and_proposes_this_years_day(english):
    assert year_slip("1026-11-20", "The collection date") == (
        f"The collection date 1026-11-20 is before the year 2000: a slip of the keys? Write the year in full, such as "
        f"{THIS_YEAR}-11-20.")
    assert year_slip("2000-01-01", "The collection date") is None and year_slip(None, "x") is None


@pytest.mark.parametrize("day", ["0001-01-01", "1026-11-20"])
def test_evidence_set_refuses_a_year_before_2000_and_keeps_the_date(db, data_dir, make_case, capsys, english, day):
    case = make_case(status="investigating", filed_on="2026-11-10")
    item = register_evidence(db, data_dir, case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "evidence", "set", case.id, "1", "--date", day)
    assert code == 1 and f"--date: The collection date {day} is before the year 2000" in err
    assert f"such as {THIS_YEAR}-{day[5:]}" in err
    assert [e.collected_on for e in list_evidence(db, case.id)] == [item.collected_on]


def test_evidence_add_refuses_1900_and_stores_nothing(db, data_dir, make_case, tmp_path, capsys, english):
    case = make_case(status="investigating", filed_on="2026-11-10")
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    code, _out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, photo, "--date", "1900-01-01")
    assert code == 1 and "The collection date 1900-01-01 is before the year 2000" in err
    assert list_evidence(db, case.id) == []


def test_the_evidence_dialog_shows_the_refusal_under_the_date(db, data_dir, make_case, prompts, qtbot, english):
    from ui.case_evidence import EvidenceDialog

    case = make_case(status="investigating", filed_on="2026-11-10")
    dialog = EvidenceDialog(db, data_dir, case, prompts, item=register_evidence(db, data_dir, case))
    qtbot.addWidget(dialog)
    dialog.collected_on.setDate(QDate(1900, 1, 1))  # a case without a lead's receipt day: no first day set
    press_save(dialog)
    assert dialog.errors["collected_on"].isVisibleTo(dialog)
    assert dialog.errors["collected_on"].text().startswith("The collection date 1900-01-01 is before the year 2000")
    assert not _save_button(dialog).isEnabled()


def test_publicity_add_refuses_0202_and_the_log_counts_nothing(db, data_dir, capsys, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "publicity", "add", "--agency", NANHAI_CODE, "--date",
                          "0202-11-05", "--title", "笔误")
    assert code == 1 and "--date: The date of the activity 0202-11-05 is before the year 2000" in err
    assert f"such as {THIS_YEAR}-11-05" in err
    assert run_json(capsys, "--data-dir", data_dir, "publicity", "list") == []


def test_the_publicity_dialog_shows_the_refusal_under_the_date(db, prompts, qtbot, english):
    from ui.publicity_dialog import PublicityDialog

    dialog = PublicityDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.texts["title"].setText("进社区宣传")
    dialog.texts["held_on"].setText("0202-11-05")
    assert dialog.errors["held_on"].isVisibleTo(dialog)
    assert dialog.errors["held_on"].text().startswith("The date of the activity 0202-11-05 is before the year 2000")
    assert not _save_button(dialog).isEnabled()


@pytest.fixture
def party(db):
    from workstation.records import Party

    return save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E"))


def test_an_interview_of_1999_is_refused_on_the_command_line(data_dir, party, capsys, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "interviews", "add", "--agency", NANHAI_CODE, "--party",
                          party.name, "--date", "1999-01-10", "--officer", "李明:科长")
    assert code == 1 and "The interview date 1999-01-10 is before the year 2000" in err
    assert run_json(capsys, "--data-dir", data_dir, "interviews", "list") == []


def test_each_date_of_an_interview_is_refused_before_2000(db, party, english):
    interview = Interview(agency_id=agency_id_for_code(NANHAI_CODE), held_on="2026-11-10", subject="约谈",
                          party_ids=[party.id], rectification_due="1026-12-01", follow_up_on="1026-12-05")
    errors = interview_field_errors(db, interview)
    assert errors["rectification_due"].startswith("The rectification deadline 1026-12-01 is before the year 2000")
    assert errors["follow_up_on"].startswith("The follow-up date 1026-12-05 is before the year 2000")


def test_the_interview_dialog_shows_the_refusal_under_the_date(db, party, prompts, qtbot, english):
    from ui.interview_dialog import InterviewDialog

    dialog = InterviewDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.dates["held_on"].setText("1999-01-10")
    assert dialog.errors["held_on"].isVisibleTo(dialog)
    assert dialog.errors["held_on"].text().startswith("The interview date 1999-01-10 is before the year 2000")
    assert not _save_button(dialog).isEnabled()


# 2. the case editor: a lead received after the filing ---------------------------------------------------------------

def _type(qtbot, edit, text: str) -> None:
    """Type ``text`` over what ``edit`` holds, then Tab away, as the officer does."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def test_a_lead_day_typed_after_the_filing_is_said_under_it_naming_both_dates(db, make_case, prompts, qtbot,
                                                                             english):
    from ui.case_dialog import CaseDialog

    case = make_case(status="investigating", lead_received_on="2026-11-05", filed_on="2026-11-10")
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _type(qtbot, dialog.dates["lead_received_on"], "2026-11-20")
    said = ("“Lead received” 2026-11-20 is after “Filed” 2026-11-10, a later step of the procedure: enter a date on "
            "or before 2026-11-10.")
    assert dialog.errors["lead_received_on"].isVisible() and dialog.errors["lead_received_on"].text() == said
    assert dialog.errors["filed_on"].text() == ""
    assert not _save_button(dialog).isEnabled() and said in _save_button(dialog).toolTip()
    _type(qtbot, dialog.dates["lead_received_on"], "2026-11-08")
    assert not dialog.errors["lead_received_on"].isVisible() and _save_button(dialog).isEnabled()


def test_a_filing_before_the_lead_of_a_new_case_is_said_under_the_filing(db, make_case, english):
    from workstation.errors import ValidationError

    with pytest.raises(ValidationError) as refused:
        make_case(status="investigating", lead_received_on="2026-11-20", filed_on="2026-11-10")
    assert refused.value.errors["filed_on"] == (
        "“Filed” 2026-11-10 is before “Lead received” 2026-11-20, an earlier step of the procedure: enter a date on or "
        "after 2026-11-20.")


# 3. the 本局文书信息 dialog: a wrong telephone said under its field as typed -------------------------------------------

def test_a_wrong_telephone_is_said_under_its_field_as_typed(db, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog

    dialog = AgencyDetailsDialog(db, agency_id=agency_id_for_code(NANHAI_CODE))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    phone = dialog.errors["contact_phone"]
    assert not phone.isVisible() and _save_button(dialog).isEnabled()  # a fresh form is not covered in red
    _type(qtbot, dialog.edits["contact_phone"], "abc")
    assert phone.isVisible() and phone.text().startswith("abc is not a telephone number")
    assert not dialog.error.isVisible()  # not one block at the bottom
    assert not _save_button(dialog).isEnabled()
    _type(qtbot, dialog.edits["contact_phone"], "075786281234")
    assert not phone.isVisible() and _save_button(dialog).isEnabled()
    assert dialog.save()
