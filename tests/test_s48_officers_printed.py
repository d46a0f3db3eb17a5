"""A document drafted for a case names its officers on duty with a certificate first: an officer of the case who
left (deactivated), or one without a certificate, is not pre-filled as 执法人员 while two others carry the case."""

from __future__ import annotations

from dataclasses import replace

from workstation.formkit.values import case_context, case_officers
from workstation.records import Officer
from workstation.store import agency_id_for_code, get_case, save_officer, set_officer_active
from workstation.store.cases import update_case


def test_an_officer_who_left_is_named_after_those_on_duty(db, make_case, officers):
    third = save_officer(db, Officer(name="李志强", cert_no="44060512003", agency_id=agency_id_for_code("440605")))
    case = make_case(status="investigating", filed_on="2026-03-02")
    case = update_case(db, replace(case, officer_ids=[*case.officer_ids, third.id]))
    set_officer_active(db, officers["陈志强"].id, False)
    case = get_case(db, case.id)
    assert case_officers(db, case)[:2] == [("黄丽娟", "44060512002"), ("李志强", "44060512003")]
    context = case_context(db, case)
    assert (context["officer1.name"], context["officer2.name"]) == ("黄丽娟", "李志强")
    assert context["officer2.cert_no"] == "44060512003"


def test_an_officer_without_a_certificate_comes_after_the_certified(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", officer_names=("新同事", "陈志强", "黄丽娟"))
    assert [name for name, _cert in case_officers(db, case)] == ["陈志强", "黄丽娟", "新同事"]


def test_officers_on_duty_keep_the_case_s_order(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", officer_names=("黄丽娟", "陈志强"))
    assert [name for name, _cert in case_officers(db, case)] == ["黄丽娟", "陈志强"]
