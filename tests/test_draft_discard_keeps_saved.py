"""Discarding an editor's changes goes back to the draft kept before (found by the GUI audit): the autosaves write
the changes into the same draft, and 放弃修改 marked the whole draft discarded — the text saved with Ctrl+S, or
the draft continued from the case, was lost with the changes."""

from tests.test_drafts10 import CASE
from workstation.store import drafts, find_case

DISCARD = 1  # 放弃修改 (of 保存草稿 / 放弃修改 / 取消)


def test_changes_after_ctrl_s_are_dropped_and_the_saved_text_kept(demo_db, opened, prompts):
    case = find_case(demo_db, CASE)
    editor = opened(demo_db, "inquiry_record", case)
    editor.fields["place"].set_value("保存过的询问地点")
    editor.save_draft()
    editor.fields["place"].set_value("未保存的询问地点")
    editor.autosave()  # written into the same draft
    prompts.choices.append(DISCARD)
    editor.close()
    kept = drafts.saved_draft(demo_db, "inquiry_record", case_id=case.id)
    assert kept is not None and kept.values["place"] == "保存过的询问地点"


def test_changes_to_a_continued_draft_are_dropped_and_the_draft_kept(demo_db, opened, prompts):
    case = find_case(demo_db, CASE)
    first = opened(demo_db, "inquiry_record", case)
    first.fields["place"].set_value("三楼询问室")
    prompts.choices.append(0)  # 保存草稿
    first.close()
    kept = drafts.saved_draft(demo_db, "inquiry_record", case_id=case.id)
    continued = opened(demo_db, "inquiry_record", case, draft=kept)
    continued.fields["place"].set_value("写错的地点")
    continued.autosave()
    prompts.choices.append(DISCARD)
    continued.close()
    again = drafts.saved_draft(demo_db, "inquiry_record", case_id=case.id)
    assert again is not None and again.id == kept.id and again.values["place"] == "三楼询问室"


def test_a_new_draft_never_kept_is_discarded_whole(demo_db, opened, prompts):
    case = find_case(demo_db, CASE)
    editor = opened(demo_db, "inquiry_record", case)
    editor.fields["place"].set_value("不要的地点")
    editor.autosave()
    prompts.choices.append(DISCARD)
    editor.close()
    assert drafts.saved_draft(demo_db, "inquiry_record", case_id=case.id) is None
    assert drafts.get_draft(demo_db, editor.draft.id).status == "discarded"
