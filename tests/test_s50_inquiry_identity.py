"""The 询问笔录 of a natural person starts with the 性别 and 出生年月 its recorded resident ID number gives (an audit
found them blank beside the number that states them, for the officer to copy from the card by hand); a number that
is not a valid resident ID number gives neither, and a company's record (its legal representative answers) none."""

from __future__ import annotations

from dataclasses import replace

from workstation.documents.drafts import draft_values, find_form
from workstation.documents.interviewee_identity import id_described
from workstation.records import Party
from workstation.store import get_case, save_party, update_case

WOMAN = "11010519491231002X"  # 17th digit 2: a woman, born December 1949
MAN = "440682199303275854"  # 17th digit 5: a man, born March 1993


def _inquiry(db, make_case, **party):
    case = make_case(status="investigating", filed_on="2026-02-20")
    person = save_party(db, Party(name="朱子轩", kind="person", address="佛山市禅城区祖庙路3号", **party))
    case = update_case(db, replace(get_case(db, case.id), party_ids=[person.id]))
    values, _context = draft_values(db, get_case(db, case.id), find_form("inquiry_record"), blanks=[])
    return values


def test_the_record_of_a_natural_person_takes_sex_and_birth_from_the_id_number(db, make_case):
    values = _inquiry(db, make_case, id_number=MAN)
    assert (values["sex"], values["birth"], values["id_number"]) == ("男", "1993年3月", MAN)


def test_a_woman_s_number_gives_女():
    assert id_described(WOMAN) == ("女", "1949年12月")


def test_a_number_that_is_no_valid_resident_id_gives_nothing():
    assert id_described("440682199303275855") == ("", "")  # its check digit wrong
    assert id_described("E12345678") == ("", "")  # a passport
    assert id_described("") == ("", "")


def test_a_company_s_record_leaves_them_to_the_officer(db, make_case):
    case = make_case(status="investigating", filed_on="2026-02-20")
    values, _context = draft_values(db, get_case(db, case.id), find_form("inquiry_record"), blanks=[])
    assert (values["sex"], values["birth"]) == (None, None)
