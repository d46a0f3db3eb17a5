"""The deadline board's officer filter follows its agency filter: only the officers of the agency chosen (a bureau
with its town offices) are offered, the officer chosen stays while still listed, else the filter goes back to all."""

import pytest

from ui.deadlines import DeadlineBoard
from workstation.records import Officer
from workstation.store import agency_id_for_code, list_agencies, save_officer

pytestmark = pytest.mark.gui


def listed(board) -> list[str]:
    return [board.officer.itemText(i) for i in range(1, board.officer.count())]


def test_the_officer_list_follows_the_agency_chosen(qtbot, db, officers):
    nanhai = agency_id_for_code("440605")
    town = next(a for a in list_agencies(db) if a.level == "town" and a.parent_id == nanhai)
    save_officer(db, Officer(name="镇所甲", cert_no="44060599001", agency_id=town.id))
    shunde = save_officer(db, Officer(name="顺德乙", cert_no="44060699001", agency_id=agency_id_for_code("440606")))
    board = DeadlineBoard(db)
    qtbot.addWidget(board)
    assert sorted(listed(board)) == sorted(["陈志强", "黄丽娟", "新同事", "镇所甲", "顺德乙"])

    board.officer.setCurrentIndex(board.officer.findData(officers["陈志强"].id))
    board.agency.setCurrentIndex(board.agency.findData(nanhai))
    assert sorted(listed(board)) == sorted(["陈志强", "黄丽娟", "新同事", "镇所甲"])  # with its town office
    assert board.officer.currentData() == officers["陈志强"].id  # still listed: kept

    board.agency.setCurrentIndex(board.agency.findData(agency_id_for_code("440606")))
    assert listed(board) == ["顺德乙"]
    assert board.officer.currentIndex() == 0 and board.officer.currentData() is None  # not listed: all officers

    board.officer.setCurrentIndex(board.officer.findData(shunde.id))
    board.agency.setCurrentIndex(0)  # all agencies: every officer again, the one chosen kept
    assert len(listed(board)) == 5 and board.officer.currentData() == shunde.id
