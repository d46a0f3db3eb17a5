"""What the officer sees of a lead's letter is what is issued and kept: a 案情简介 kept in full (the dated one undone)
is not re-dated on issuing or on reopening its draft; a date typed re-dates it once, not for each day typed on
the way."""

from __future__ import annotations

import json

from tests.helpers import pdf_text, run
from tests.test_s44_notice_complaints import station  # noqa: F401 (the fixture)

LETTER = {"report_by": None, "contact_person": "张三", "contact_phone": "0757-83331234"}


def _dated_today(editor, lead):
    """The 交办日期 typed as today (its default is the day of the assignment, m. s54): the summary of today's."""
    from workstation.records import today

    editor.set_field("issued_on", today())
    assert f"共收到相关投诉{lead['complaint_count']}件" in editor.current_values()["summary"]


def _back_dated_and_undone(editor, lead):
    """The 交办日期 typed as today, then back to the assignment, then Ctrl+Z once: the summary of today kept."""
    _dated_today(editor, lead)
    for name, value in {**LETTER, "report_by": lead["assigned_on"]}.items():
        editor.set_field(name, value)
    editor.set_field("issued_on", lead["assigned_on"])
    assert f"共收到相关投诉{lead['by_then']}件" in editor.current_values()["summary"]
    editor.undo_stack.undo()
    assert editor.current_values()["issued_on"] == lead["assigned_on"]
    assert f"共收到相关投诉{lead['complaint_count']}件" in editor.current_values()["summary"]


def test_a_summary_kept_in_full_is_previewed_and_issued_as_shown(station, opened):  # noqa: F811
    _target, db, lead = station
    editor = opened(db, "assignment_notice", lead_id=lead["id"])
    _back_dated_and_undone(editor, lead)
    editor.wait_for_preview()
    assert f"共收到相关投诉{lead['complaint_count']}件" in pdf_text(editor.pdf_bytes)
    issued = editor._issue_values()
    assert f"共收到相关投诉{lead['complaint_count']}件" in issued.values["summary"]
    assert f"共收到相关投诉{lead['by_then']}件" not in issued.values["summary"]


def test_a_draft_kept_with_the_summary_in_full_reopens_as_kept(station, opened):  # noqa: F811
    from workstation.store import drafts

    _target, db, lead = station
    editor = opened(db, "assignment_notice", lead_id=lead["id"])
    _back_dated_and_undone(editor, lead)
    editor.save_draft()
    draft = drafts.get_draft(db, editor.draft.id)
    editor.shutdown()
    again = opened(db, "assignment_notice", lead_id=lead["id"], draft=draft)
    assert again.current_values()["issued_on"] == lead["assigned_on"]
    assert f"共收到相关投诉{lead['complaint_count']}件" in again.current_values()["summary"]


def test_a_date_typed_re_dates_the_summary_once(station, opened, qtbot):  # noqa: F811
    _target, db, lead = station
    editor = opened(db, "assignment_notice", lead_id=lead["id"])
    year, month, _day = lead["assigned_on"].split("-")
    typed = f"{year}-{month}-15"  # passing through the 1st of the month as it is typed
    _dated_today(editor, lead)
    box = editor.fields["issued_on"].focus_widget
    box.setFocus()
    box.selectAll()
    steps = editor.undo_stack.count()
    qtbot.keyClicks(box, typed)
    assert editor.current_values()["issued_on"] == typed
    assert editor.undo_stack.count() - steps == 2  # the date typed, the summary re-dated
    assert f"共收到相关投诉{lead['complaint_count']}件" not in editor.current_values()["summary"]
    editor.undo_stack.undo()  # one Ctrl+Z: the date stays, the summary is today's again
    assert editor.current_values()["issued_on"] == typed
    assert f"共收到相关投诉{lead['complaint_count']}件" in editor.current_values()["summary"]


def test_the_command_line_still_dates_today_s_summary(station, tmp_path, capsys):  # noqa: F811
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import default_values
    from workstation.leads_workflow import get_lead_row, lead_context

    target, db, lead = station
    form = find_form("assignment_notice")
    summary = default_values(form, lead_context(db, get_lead_row(db, lead["id"]), form_id=form.id))["summary"]
    values = tmp_path / "values.json"
    values.write_text(json.dumps({**LETTER, "report_by": lead["assigned_on"], "issued_on": lead["assigned_on"],
                                  "summary": summary}, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", target, "docs", "issue", lead["id"], "--form", "assignment_notice",
                          "--values", values, "-o", tmp_path / "a.pdf")
    assert code == 0, err
    assert f"共收到相关投诉{lead['by_then']}件" in pdf_text((tmp_path / "a.pdf").read_bytes())
