"""Two findings of the audit of agencies and 文号 numbering (s70):

1. after a bureau's 文号 abbreviation changed, a number block refused over a serial issued already names that 文号 as
   it was issued (佛南市监处〔2026〕3号, on paper and in the register), not one rebuilt from the new abbreviation
   (南海市监处〔2026〕3号, which was never issued);
2. a list of agencies is searched by the official name of a 镇/街道 (桂城街道, 石湾镇街道, 南庄镇) as the register
   keeps it (``agency.town``), and typed whole and left it chooses that town's office; a district's name typed whole
   (南海区) chooses its bureau, never one of its town offices, and a part of it chooses nothing."""

from __future__ import annotations

import pytest

from tests.helpers import run
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.store import agency_by_code, find_case, list_agencies

NANHAI = "440605"
CASE = "佛南市监立〔2026〕1号"  # a demo case of 南海区局: its cases carry 佛南市监立〔2026〕1号 … 9号


# ---- 1. the 文号 a refused block names -----------------------------------------------------------------------------

def _new_abbreviation(db, abbrev: str = "南海市监") -> None:
    from workstation.store.agencies import set_doc_abbrev

    set_doc_abbrev(db, agency_by_code(db, NANHAI).id, abbrev)


def test_a_block_over_an_issued_document_names_its_number_as_issued_after_the_abbreviation_changed(
        demo_db, data_dir, capsys, english):
    issued = issue_document(demo_db, data_dir, find_case(demo_db, CASE), find_form("penalty_decision"), {})
    assert issued.number.startswith("佛南市监处〔")
    year = issued.number.split("〔")[1][:4]
    serial = int(issued.number.split("〕")[1].rstrip("号"))
    _new_abbreviation(demo_db)
    code, _out, err = run(capsys, "--data-dir", data_dir, "numbers", "add-block", "--agency", NANHAI, "--type", "处",
                          "--year", year, "--from", 1, "--to", serial + 20)
    assert code == 1
    assert issued.number in err  # the one on paper and in the register
    assert f"南海市监处〔{year}〕{serial}号" not in err  # never issued
    assert demo_db.execute("SELECT count(*) FROM number_blocks").fetchone()[0] == 0


def test_a_block_over_a_case_number_names_it_as_the_case_carries_it_after_the_abbreviation_changed(
        demo_db, data_dir, capsys, english):
    _new_abbreviation(demo_db)
    code, _out, err = run(capsys, "--data-dir", data_dir, "numbers", "add-block", "--agency", NANHAI, "--type", "立",
                          "--year", 2026, "--from", 1, "--to", 20)
    assert code == 1
    assert "佛南市监立〔2026〕1号" in err and "南海市监立〔2026〕1号" not in err


def test_a_block_refusal_names_the_issued_number_read_directly(demo_db, data_dir):
    from workstation.documents.number_blocks import issued_refusal, sequence_blocks

    issued = issue_document(demo_db, data_dir, find_case(demo_db, CASE), find_form("penalty_decision"), {})
    year = int(issued.number.split("〔")[1][:4])
    serial = int(issued.number.split("〕")[1].rstrip("号"))
    _new_abbreviation(demo_db)
    owner = agency_by_code(demo_db, NANHAI).id
    refusal = issued_refusal(demo_db, owner, "南海市监", "处", year, serial, serial + 5,
                             sequence_blocks(demo_db, owner, "处", year))
    assert refusal is not None and issued.number in refusal


def test_a_serial_typed_over_an_issued_or_voided_document_names_its_number_as_issued_after_the_abbreviation_changed(
        demo_db, data_dir):
    from workstation.documents.issuing import void_document
    from workstation.documents.numbering import serial_refusal

    case = find_case(demo_db, CASE)
    voided = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
    void_document(demo_db, voided.id, "测试作废")
    issued = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
    year = int(issued.number.split("〔")[1][:4])
    _new_abbreviation(demo_db)
    owner = agency_by_code(demo_db, NANHAI).id
    for document in (issued, voided):
        serial = int(document.number.split("〕")[1].rstrip("号"))
        refusal = serial_refusal(demo_db, owner, "处", serial, year)
        assert refusal is not None and document.number in refusal
        assert f"南海市监处〔{year}〕{serial}号" not in refusal  # never issued


# ---- 2. an agency found by its 镇/街道 ----------------------------------------------------------------------------

def _list(qtbot, db, short: bool = False):
    """A list of every agency as ``add_agency`` fills one (``short``: by short name, as a filter shows them),
    searched as at its first focus."""
    from PySide6.QtWidgets import QComboBox

    from ui.agency_search import AgencySearch
    from ui.layouts import add_agency

    combo = QComboBox()
    qtbot.addWidget(combo)
    for agency in list_agencies(db):
        add_agency(combo, agency, (agency.short_name or agency.name) if short else None)
    combo.setCurrentIndex(0)
    return combo, AgencySearch(combo)


def _typed_and_left(combo, search, text: str):
    """``text`` typed into the field and the field left: the agency chosen (its id), None for none."""
    combo.lineEdit().setText(text)
    search.settle()
    return combo.currentData() if combo.currentIndex() >= 0 else None


@pytest.mark.gui
@pytest.mark.parametrize("typed, code", [("桂城街道", "440605011"), ("石湾镇街道", "440604010"),
                                         ("南庄镇", "440604100"), ("狮山镇", "440605124"),
                                         ("大良街道", "440606005"), ("桂城", "440605011"), ("桂城所", "440605011")])
@pytest.mark.parametrize("short", [False, True])
def test_the_official_town_name_finds_and_chooses_its_office(qtbot, db, typed, code, short):
    combo, search = _list(qtbot, db, short)
    office = agency_by_code(db, code)
    assert search.matches(typed)[:1] == [combo.findData(office.id)]
    assert _typed_and_left(combo, search, typed) == office.id
    assert combo.currentText() == (office.short_name if short else office.name)  # what the officer sees


@pytest.mark.gui
def test_every_town_name_of_the_register_chooses_its_own_office(qtbot, db):
    combo, search = _list(qtbot, db)
    towns = [agency for agency in list_agencies(db) if agency.level == "town"]
    assert len(towns) == 32
    for office in towns:
        assert _typed_and_left(combo, search, office.town) == office.id, office.town
        assert combo.currentText() == office.name


@pytest.mark.gui
@pytest.mark.parametrize("short", [False, True])
def test_a_district_name_chooses_its_bureau_and_a_part_of_it_chooses_no_town_office(qtbot, db, short):
    combo, search = _list(qtbot, db, short)
    for bureau in (a for a in list_agencies(db) if a.level == "district"):
        assert _typed_and_left(combo, search, bureau.district) == bureau.id, bureau.district
        assert combo.currentText() == (bureau.short_name if short else bureau.name)
    nanhai = agency_by_code(db, NANHAI)
    if short:  # 南海 is part of the bureau's short name (南海区局) alone: the bureau, never a town office
        assert _typed_and_left(combo, search, "南海") == nanhai.id
    else:  # 南海 is part of the bureau's full name and of each of its town offices': no one agency, none chosen
        assert _typed_and_left(combo, search, "南海") is None
        assert combo.lineEdit().text() == "南海"  # kept, in red, for the officer to choose from the list
    # 街道 and 镇 name many towns: none chosen either
    assert _typed_and_left(combo, search, "街道") is None
    assert _typed_and_left(combo, search, "镇") is None
