"""An answer the officer types that is word for word a default an earlier version of the form gave (the 询问笔录's and
the 现场笔录's 听清楚了，不申请回避。, the most common answer recorded) is the officer's: a draft reopened, or recovered
after a crash, shows it and keeps it, as ``docs render --values`` prints it. Only a draft opened while the form still
wrote that text in (the defaults the draft recorded hold it) and never changed there gives it up."""

from __future__ import annotations

import json

import pytest

from tests.helpers import pdf_text, run
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.store import drafts, find_case

COMPANY = "佛南市监立〔2026〕1号"
ANSWER = "听清楚了，不申请回避。"
RECORDS = ["inquiry_record", "site_record"]


def printed(db, case, form_id, values) -> str:
    return "".join(render_pdf(draft_document(db, case, find_form(form_id), values, blanks=[])).text_lines())


@pytest.mark.gui
@pytest.mark.parametrize("form_id", RECORDS)
def test_the_answer_typed_is_shown_printed_and_kept_when_the_draft_is_reopened(demo_db, opened, form_id):
    case = find_case(demo_db, COMPANY)
    editor = opened(demo_db, form_id, case)
    assert editor.fields["recusal_answer"].value() == ""  # the form writes no answer in
    editor.fields["recusal_answer"].set_value(ANSWER)
    editor.field_left()
    editor.save_draft()
    draft_id = editor.draft.id
    editor.close()
    assert drafts.get_draft(demo_db, draft_id).values["recusal_answer"] == ANSWER
    again = opened(demo_db, form_id, case, draft=drafts.get_draft(demo_db, draft_id))
    assert again.fields["recusal_answer"].value() == ANSWER
    assert ANSWER in printed(demo_db, case, form_id, again.current_values())
    assert again.autosave() is None
    assert drafts.get_draft(demo_db, draft_id).values["recusal_answer"] == ANSWER


@pytest.mark.gui
@pytest.mark.parametrize("form_id", RECORDS)
def test_the_answer_typed_is_there_in_the_draft_recovered_after_a_crash(demo_db, opened, form_id):
    case = find_case(demo_db, COMPANY)
    editor = opened(demo_db, form_id, case)
    editor.fields["recusal_answer"].set_value(ANSWER)
    assert editor.autosave() is None
    editor.shutdown()  # the application killed: the draft is left open, offered back on the next start
    left = [draft for draft in drafts.left_open(demo_db) if draft.id == editor.draft.id]
    assert left and not left[0].untouched
    recovered = opened(demo_db, form_id, case, draft=left[0])
    assert recovered.fields["recusal_answer"].value() == ANSWER
    assert recovered.autosave() is None
    assert drafts.get_draft(demo_db, left[0].id).values["recusal_answer"] == ANSWER


@pytest.mark.gui
@pytest.mark.parametrize("form_id", RECORDS)
def test_a_draft_opened_while_the_form_wrote_the_answer_in_and_left_so_gives_it_up(demo_db, opened, form_id):
    case = find_case(demo_db, COMPANY)
    began = {**default_values(find_form(form_id), case_context(demo_db, case)), "recusal_answer": ANSWER}
    kept = drafts.open_draft(demo_db, form_id, began, case_id=case.id, defaults=True)
    drafts.set_status(demo_db, kept.id, "saved")
    editor = opened(demo_db, form_id, case, draft=drafts.get_draft(demo_db, kept.id))
    assert editor.fields["recusal_answer"].value() == ""
    assert ANSWER not in printed(demo_db, case, form_id, editor.current_values())


@pytest.mark.parametrize("form_id", RECORDS)
def test_the_window_and_the_command_line_both_print_the_answer_given(demo_db, data_dir, tmp_path, capsys,
                                                                      english, form_id):
    case = find_case(demo_db, COMPANY)
    form = find_form(form_id)
    context = case_context(demo_db, case)
    began = default_values(form, context)  # a draft opened with the form as it is now: no answer written in
    stored = {**began, "recusal_answer": ANSWER}
    resumed = resumed_values(form, stored, context, began)
    assert resumed["recusal_answer"] == ANSWER
    path = tmp_path / "values.json"
    path.write_text(json.dumps({"recusal_answer": ANSWER}, ensure_ascii=False), encoding="utf-8")
    output = tmp_path / "record.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", COMPANY, "--form", form_id,
                          "--values", path, "-o", output)
    assert code == 0, err
    assert ANSWER in pdf_text(output.read_bytes())
    assert ANSWER in printed(demo_db, case, form_id, resumed)
