"""A document written for each party of a joint interview (its 约谈记录, its 约谈通知书) names its party in the
editor's title, and a draft of one left by a crash opens again for the party it names: that party's defaults,
its name in the title and in the offer to recover it."""

from __future__ import annotations

from tests.test_ui_interviews import OPERATOR_NAMES, OPERATORS_INTERVIEW
from workstation.store.interviews import get_interview


def _left_open(db, form_id: str, values: dict) -> None:
    """A draft an editor held when the application stopped (titled as drafts were before it named the party)."""
    from workstation.store import drafts

    drafts.open_draft(db, form_id, values, interview_id=OPERATORS_INTERVIEW, title="约谈记录 · 联合约谈")


def test_a_record_of_a_joint_interview_left_by_a_crash_opens_for_the_party_it_names(demo_db, make_window, prompts):
    interview = get_interview(demo_db, OPERATORS_INTERVIEW)
    # the draft names the third party; what it does not hold comes from that party, not from the first
    _left_open(demo_db, "interview_record", {"party_name": OPERATOR_NAMES[2], "statement": "电信陈述（未写完"})
    window = make_window(demo_db)
    prompts.confirm_answer = True
    assert window.recover_drafts() == 1
    assert OPERATOR_NAMES[2] in prompts.confirmations[0]
    editor = window.editors[0]
    assert editor.party_id == interview.party_ids[2]
    values = editor.current_values()
    assert values["party_name"] == OPERATOR_NAMES[2] and values["statement"] == "电信陈述（未写完"
    assert values["attendee1"] == "陈嘉欣"  # the telecom operator's own attendee
    assert f"约谈记录（{OPERATOR_NAMES[2]}）" in editor.windowTitle()
    assert OPERATOR_NAMES[0] not in editor.windowTitle()
    editor.shutdown()


def test_a_notice_of_a_joint_interview_left_by_a_crash_opens_for_its_party(demo_db, make_window, prompts):
    from workstation.documents.drafts import find_form

    interview = get_interview(demo_db, OPERATORS_INTERVIEW)
    name = next(f.name for f in find_form("interview_notice").fields if f.source == "interview.party.name")
    _left_open(demo_db, "interview_notice", {name: OPERATOR_NAMES[1]})
    window = make_window(demo_db)
    prompts.confirm_answer = True
    assert window.recover_drafts() == 1
    editor = window.editors[0]
    assert editor.party_id == interview.party_ids[1] and OPERATOR_NAMES[1] in editor.windowTitle()
    editor.shutdown()


def test_a_record_written_from_the_page_names_its_party_in_the_title_and_in_its_draft(demo_db, make_window,
                                                                                       prompts):
    from workstation.documents.drafts import find_form
    from workstation.store import drafts

    interview = get_interview(demo_db, OPERATORS_INTERVIEW)
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(OPERATORS_INTERVIEW)
    prompts.confirm_answer = True  # written although its party sent no principal person (asked since s65)
    editor = page.write(find_form("interview_record"), interview.party_ids[1])
    assert f"约谈记录（{OPERATOR_NAMES[1]}）" in editor.windowTitle()
    assert OPERATOR_NAMES[1] in drafts.get_draft(demo_db, editor.draft.id).title
    editor.shutdown()
    minutes = page.write(find_form("interview_minutes"))  # the joint document names no single party
    assert not any(n in minutes.windowTitle() for n in OPERATOR_NAMES)
    minutes.shutdown()
