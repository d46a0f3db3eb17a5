"""A draft left open by a crash is offered back on the next start only when the officer wrote something in it: a
document opened and never typed into (still the form's defaults, even saved with Ctrl+S, or typed and undone) is
discarded without asking, for a case's document, one party's document of a case with several parties, a lead's
document and one party's document of a joint interview alike; a draft with typing is offered with its text."""

from __future__ import annotations

from tests.test_party_docs10 import joint  # noqa: F401 - the case of a company and its employee
from tests.test_ui_interviews import OPERATORS_INTERVIEW
from workstation.documents.addressee import PARTY_KEY
from workstation.store import drafts, find_case
from workstation.store.interviews import get_interview

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation
LEAD = "bb7f2ea6-871d-54c3-a193-b529d98b09cc"  # demo lead: 0757-85836433 calling about new flats, 禅城区
TYPED = "当事人称名单系从他人处购得（未写完"


def crashed(editor, typed: dict | None = None) -> str:
    """The editor's draft as a kill leaves it, with ``typed`` written into its fields and autosaved (without it:
    nothing typed, Ctrl+S pressed all the same); returns the draft's id."""
    for name, text in (typed or {}).items():
        editor.fields[name].set_value(text)
    if typed:
        editor.autosave()
    else:
        editor.save_draft()
    editor.shutdown()  # no close: the draft stays open, as a crash leaves it
    assert drafts.get_draft(editor.db, editor.draft.id).status == "open"
    return editor.draft.id


def offered_after_a_restart(db, make_window, prompts) -> tuple[int, object]:
    window = make_window(db)
    prompts.confirm_answer = True
    return window.recover_drafts(), window


def assert_gone(db, draft_id: str) -> None:
    assert drafts.get_draft(db, draft_id).status == "discarded"
    assert draft_id not in [d.id for d in drafts.left_open(db)]  # not offered at the next start either


def test_an_untouched_document_of_a_case_is_not_offered_and_a_typed_one_is(demo_db, opened, make_window, prompts):
    case = find_case(demo_db, CASE)
    untouched = crashed(opened(demo_db, "inquiry_record", case))
    typed = crashed(opened(demo_db, "inquiry_record", case), {"place": TYPED})
    reopened, window = offered_after_a_restart(demo_db, make_window, prompts)
    assert reopened == 1 and len(prompts.confirmations) == 1 and "询问笔录" in prompts.confirmations[0]
    [editor] = window.editors
    assert editor.draft.id == typed and editor.current_values()["place"] == TYPED
    assert_gone(demo_db, untouched)
    assert drafts.saved_draft(demo_db, "inquiry_record", case_id=case.id) is None  # nothing to continue either
    editor.shutdown()


def test_each_partys_document_is_offered_only_when_typed_into(db, joint, opened, make_window, prompts):  # noqa: F811
    case, company, employee = joint
    untouched = crashed(opened(db, "penalty_decision", case, party_id=company))
    typed = crashed(opened(db, "penalty_decision", case, party_id=employee), {"statement": TYPED})
    assert drafts.get_draft(db, untouched).values[PARTY_KEY] == company
    reopened, window = offered_after_a_restart(db, make_window, prompts)
    assert reopened == 1 and len(prompts.confirmations) == 1 and "朱子轩" in prompts.confirmations[0]
    [editor] = window.editors
    assert editor.draft.id == typed and editor.case_party == employee
    assert editor.current_values()["statement"] == TYPED and editor.current_values()["party_name"] == "朱子轩"
    assert_gone(db, untouched)
    editor.shutdown()


def test_a_leads_document_is_offered_only_when_typed_into(demo_db, opened, make_window, prompts):
    untouched = crashed(opened(demo_db, "assignment_notice", lead_id=LEAD))
    typed = crashed(opened(demo_db, "assignment_notice", lead_id=LEAD), {"requirements": TYPED})
    reopened, window = offered_after_a_restart(demo_db, make_window, prompts)
    assert reopened == 1 and len(prompts.confirmations) == 1
    [editor] = window.editors
    assert editor.draft.id == typed and editor.lead_id == LEAD and editor.current_values()["requirements"] == TYPED
    assert_gone(demo_db, untouched)
    editor.shutdown()


def test_one_partys_record_of_a_joint_interview_is_offered_only_when_typed_into(demo_db, opened, make_window,
                                                                                 prompts):
    from tests.test_ui_interviews import OPERATOR_NAMES

    interview = get_interview(demo_db, OPERATORS_INTERVIEW)
    untouched = crashed(opened(demo_db, "interview_record", interview=interview, party_id=interview.party_ids[1]))
    typed = crashed(opened(demo_db, "interview_record", interview=interview, party_id=interview.party_ids[2]),
                    {"statement": TYPED})
    reopened, window = offered_after_a_restart(demo_db, make_window, prompts)
    assert reopened == 1 and len(prompts.confirmations) == 1 and OPERATOR_NAMES[2] in prompts.confirmations[0]
    [editor] = window.editors
    assert editor.draft.id == typed and editor.party_id == interview.party_ids[2]
    assert editor.current_values()["statement"] == TYPED
    assert_gone(demo_db, untouched)
    editor.shutdown()


def test_typing_undone_back_to_the_defaults_leaves_nothing_to_offer(demo_db, opened, make_window, prompts):
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))
    before = editor.fields["place"].value()
    editor.fields["place"].set_value(TYPED)
    editor.autosave()
    editor.undo_stack.undo()
    assert editor.fields["place"].value() == before
    untouched = crashed(editor)
    assert offered_after_a_restart(demo_db, make_window, prompts)[0] == 0
    assert prompts.confirmations == []
    assert_gone(demo_db, untouched)


def test_a_draft_kept_and_continued_is_offered_though_nothing_was_typed_since(demo_db, opened, make_window, prompts):
    case = find_case(demo_db, CASE)
    first = opened(demo_db, "inquiry_record", case)
    first.fields["place"].set_value(TYPED)
    prompts.choices.append(0)  # 保存草稿
    first.close()  # kept (saved) with its text
    kept = drafts.saved_draft(demo_db, "inquiry_record", case_id=case.id)
    continued = crashed(opened(demo_db, "inquiry_record", case, draft=kept))  # reopened, then the crash
    assert continued == kept.id
    reopened, window = offered_after_a_restart(demo_db, make_window, prompts)
    assert reopened == 1 and window.editors[0].current_values()["place"] == TYPED
    window.editors[0].shutdown()


def test_a_draft_stored_before_its_defaults_were_kept_counts_as_written(demo_db):
    case = find_case(demo_db, CASE)
    older = drafts.open_draft(demo_db, "inquiry_record", {"place": "三楼询问室"}, case_id=case.id)
    new = drafts.open_draft(demo_db, "inquiry_record", {"place": "三楼询问室"}, case_id=case.id, defaults=True)
    assert not drafts.get_draft(demo_db, older.id).untouched and drafts.get_draft(demo_db, new.id).untouched
    drafts.autosave(demo_db, new.id, {"place": "四楼询问室"})
    assert not drafts.get_draft(demo_db, new.id).untouched


def test_a_database_refusing_changes_leaves_the_untouched_draft_open_and_says_why_once(demo_db, opened, prompts):
    from ui.form_editor import recover_drafts

    case = find_case(demo_db, CASE)
    untouched = crashed(opened(demo_db, "inquiry_record", case))
    typed = crashed(opened(demo_db, "inquiry_record", case), {"place": TYPED})
    reopened = []
    prompts.confirm_answer = True
    demo_db.execute("PRAGMA query_only = ON")  # as a read-only file refuses every change
    try:
        assert recover_drafts(None, demo_db, prompts, lambda form, draft, **owner: reopened.append(draft.id)) == 1
    finally:
        demo_db.execute("PRAGMA query_only = OFF")
    assert reopened == [typed] and len(prompts.confirmations) == 1
    assert len(prompts.errors) == 1 and "只读" in prompts.errors[0], prompts.errors
    assert drafts.get_draft(demo_db, untouched).status == "open"  # thrown away at a start that can write
