"""Review of this session's window changes (ui/, main.py), what was mended: a lead extended and still to be decided
says its extension once, with its deadline (not also as a decided lead's); the undo steps of the editor and the
询问笔录's caret read what a change put in place from one helper (``field_widgets.changed_span``)."""

from __future__ import annotations

from tests.test_ui_leads import one_big_lead  # noqa: F401 - the fixture


def test_an_undecided_extended_lead_says_its_extension_once_with_its_deadline(db, make_window, english,
                                                                               one_big_lead):  # noqa: F811
    from workstation.leads_workflow import assign_lead, extend_lead
    from workstation.store import list_agencies

    db.execute("UPDATE leads SET received_at = '2026-03-16T09:00:00+08:00' WHERE id = ?", [one_big_lead])
    assign_lead(db, one_big_lead, next(a.id for a in list_agencies(db) if a.level != "city"), on="2026-03-16")
    extend_lead(db, one_big_lead, 15, "2026-03-20", "张局长")
    page = make_window(db).leads_page
    page.select(one_big_lead)
    shown = page.detail.toPlainText()
    assert shown.count("T1 extended by 15 working days") == 1
    assert "approved on 2026-03-20 by 张局长; decide by 20" in shown


def test_the_undo_steps_and_the_caret_read_the_change_from_one_helper():
    from ui import form_editor, qa_widget
    from ui.field_widgets import changed_span

    assert changed_span("请说明情况", "请详细说明情况") == (1, 4)  # 详细 put in after 请
    assert changed_span("aa", "aaa") == (2, 0)  # a repeated letter: counted once, not as a prefix and a suffix
    assert changed_span("", "") == (0, 0)
    for old, new in (("请说明情况", "请详细说明情况"), ("问：你好", "问：你好。"), ("abc", "ac"), ("", "x")):
        same, tail = changed_span(old, new)
        assert form_editor._typed_text(old, new) == new[same:len(new) - tail]
        assert qa_widget._differs_at(old, new) == len(new) - tail
    assert form_editor._typed_text("问：你好", "问：你好。") == "。"
    assert qa_widget._differs_at("abc", "ac") == 1
