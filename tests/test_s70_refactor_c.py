"""The final read C's mends (refactor only): one rest-day label and one rolled deadline for the register, the
interviews page and the deadline warnings; the undo button's step read once; the case editor's decisions looked up
once; a minor party's circumstance worked out once."""

from __future__ import annotations

from dataclasses import replace

from tests.test_s70_case_edit import ADDRESS, decide, id_born, told
from workstation.records import Party
from workstation.store import get_case, save_party


def test_a_deadline_on_a_holiday_and_on_a_weekend_is_named_alike_everywhere(db, english):
    from workstation.interview_register import rolled_mark
    from workstation.store.interviews import deadline_on_rest_day, rest_day_label, rolled_to
    from workstation.vocabulary import shown_label

    assert rest_day_label(None) == rest_day_label("") == "weekend"
    assert rest_day_label("国庆节") == shown_label("holidays", "国庆节")
    holiday, moved = rolled_to(db, "2026-10-02")
    assert holiday == "国庆节" and moved > "2026-10-02"
    warning = deadline_on_rest_day(db, "2026-10-02", "The deadline 2026-10-02", "the follow-up")
    assert f"({rest_day_label(holiday)})" in warning and moved in warning
    assert rolled_mark(db, "2026-10-02") == f"（逢国庆节，顺延至{moved}）"
    weekend, monday = rolled_to(db, "2026-03-07")  # a Saturday
    assert weekend is None and monday == "2026-03-09"
    assert "(weekend)" in deadline_on_rest_day(db, "2026-03-07", "The deadline 2026-03-07", "the follow-up")
    assert rolled_to(db, "2026-03-09") is None and deadline_on_rest_day(db, "2026-03-09", "x", "y") == ""
    assert rolled_to(db, "not a day") is None and deadline_on_rest_day(db, "not a day", "x", "y") == ""


def test_the_step_named_is_the_step_read(demo_db, english):
    from tests.test_s61_timeline import _demo_case
    from workstation.step_undo import last_step, last_step_named

    case = _demo_case(demo_db, "佛南市监立〔2026〕7号")
    asked = last_step(demo_db, case.id)
    assert asked is not None
    assert last_step_named(demo_db, case, event=asked) == last_step_named(demo_db, case)
    named = last_step_named(demo_db, case, event=replace(asked, on_date="2020-01-02"))
    assert named is not None and named[1] == "2020-01-02"


def test_the_notice_note_reads_alike_without_looking_up_the_decisions_again(db, data_dir, make_case, english):
    from workstation.store.cases import decided_legal_note, told_legal_note, told_note_undecided

    case, notice = told(db, data_dir, make_case)
    note = told_note_undecided(db, case)
    assert note == told_legal_note(db, case) and notice.number in note
    assert told_note_undecided(db, replace(case, id="")) is None
    decide(db, data_dir, case)
    case = get_case(db, case.id)
    assert decided_legal_note(db, case) is not None and told_legal_note(db, case) is None


def test_a_minor_party_comes_with_its_circumstance(db, make_case, english):
    from workstation.discretion_tiers import UNDER_14, minor_circumstance, minor_parties

    minor = save_party(db, Party(name="李小明", kind="person", id_number=id_born(11, "2026-01-10"),
                                 address=ADDRESS))
    case = replace(make_case(status="investigating", filed_on="2026-02-20", act_on="2026-01-10"), party_ids=[minor.id])
    assert minor_parties(db, case) == [("李小明", 11, UNDER_14, minor_circumstance(11)[1])]
