"""The interview work polished after a walkthrough: a person listed twice among the attendees is told at entry —
in another post (an interviewer who keeps the record) noted, printed once; in the same post refused, in the
editor as by `interviews add` —; `interviews list` heads its last column; `docs fields` says once that a field is
required to issue (the forms' help no longer repeats what ``required_to_issue`` says, and the editor's hint says
it for every such field); and each attendee row of the 约谈记录 draws its ID number from the register."""

import pytest

from PySide6.QtWidgets import QDialogButtonBox, QLabel

from tests.helpers import run, run_json
from tests.test_ui_keyboard import active
from ui.interview_dialog import InterviewDialog
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import check_interview_issue
from workstation.formkit.field_list import to_issue
from workstation.formkit.grid import grid_help
from workstation.formkit.interview_values import repeated_attendees
from workstation.formkit.spec import load_forms
from workstation.records import Interview, Party
from workstation.store import agency_id_for_code, save_party
from workstation.store.interviews import get_interview, save_interview

TOWN = "佛山市南海区市场监督管理局桂城市场监督管理所"  # the 桂城所, agency 440605011
ASSOCIATION = "佛山市房地产业协会"
MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # the demo's interview of 佛山市小额贷款行业协会, follow-up overdue


def officer(name: str, post: str) -> dict:
    return {"name": name, "organisation": TOWN, "post": post}


# 1. a person listed twice ---------------------------------------------------------------------------------------
def test_a_repeated_person_is_told_apart_from_a_repeated_row():
    attendees = [officer("罗展鹏", "所长"), officer("黄少芬", "科员"), {"name": "王五", "organisation": ASSOCIATION,
                                                                      "post": "秘书长"},
                 officer(" 黄少芬 ", "记录人"), {"name": "王五", "organisation": ASSOCIATION, "post": "秘书长"},
                 {"name": "王五", "organisation": "另一单位", "post": "秘书长"}, {"name": "", "post": "秘书长"}]
    # row 4: 黄少芬 of row 2 in another post; row 5: row 3 typed again; row 6 another unit's 王五; row 7 no name
    assert repeated_attendees(attendees) == [(4, 2, False), (5, 3, True)]


def editor(db, prompts, qtbot, attendees: list[dict]) -> InterviewDialog:
    interview = save_interview(db, Interview(agency_id=agency_id_for_code("440605011"), held_on="2026-11-20",
                                             subject="约谈协会", party_ids=[get_interview(db, MICRO_LOAN).party_ids[0]],
                                             attendees=attendees))
    dialog = InterviewDialog(db, prompts, get_interview(db, interview.id))
    qtbot.addWidget(dialog)
    return active(qtbot, dialog)


@pytest.mark.gui
def test_the_editor_notes_an_interviewer_listed_again_as_recorder_and_saves(demo_db, prompts, qtbot, english):
    dialog = editor(demo_db, prompts, qtbot, [officer("罗展鹏", "所长"), officer("黄少芬", "科员")])
    note = dialog.findChild(QLabel, "attendee_repeat_note")
    assert not note.isVisibleTo(dialog)
    dialog.add_attendee("黄少芬", TOWN, "记录人")
    assert note.isVisibleTo(dialog)
    assert note.text() == ("Attendee 3 is 黄少芬, already listed as attendee 2: the documents name the person once, "
                           "with the posts of both rows.")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled() and dialog.errors["attendees"].text() == ""  # two roles: noted, not refused
    save.click()
    assert [a["post"] for a in get_interview(demo_db, dialog.original.id).attendees] == ["所长", "科员", "记录人"]


@pytest.mark.gui
def test_the_editor_refuses_a_row_typed_twice_naming_both_rows(demo_db, prompts, qtbot, english):
    dialog = editor(demo_db, prompts, qtbot, [officer("罗展鹏", "所长"), officer("黄少芬", "科员")])
    dialog.add_attendee("罗展鹏", TOWN, "所长")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert dialog.errors["attendees"].text() == (
        f"Attendee 3 repeats attendee 1, the same person with the same post (罗展鹏（{TOWN}所长）): remove one of the "
        "two rows.")
    dialog.save()
    assert len(get_interview(demo_db, dialog.original.id).attendees) == 2  # nothing saved
    dialog.attendees.setCurrentCell(2, 0)
    dialog._remove_attendee()
    assert save.isEnabled() and dialog.errors["attendees"].text() == ""


def interview_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0]


@pytest.mark.parametrize("repeated, option", [
    (["--attendee", "谭健峰:秘书长", "--attendee", "谭健峰:秘书长"], "--attendee"),
    (["--officer", "黄少芬:记录人", "--recorder", "黄少芬"], "--recorder"),
    (["--officer", "黄少芬:科员", "--officer", "黄少芬:科员"], "--officer"),
])
def test_interviews_add_refuses_the_same_person_in_the_same_post_twice(demo_db, data_dir, capsys, english, repeated,
                                                                       option):
    before = interview_count(demo_db)
    code, out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440605011", "--party",
                         ASSOCIATION, "--date", "2026-11-20", "--officer", "罗展鹏:所长", *repeated)
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert err.startswith(f"Error: {option}: {option} ") and "Give each attendee once." in err
    assert interview_count(demo_db) == before


def test_interviews_add_takes_an_officer_who_also_keeps_the_record(demo_db, data_dir, capsys):
    added = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440605011", "--party",
                     ASSOCIATION, "--date", "2026-11-20", "--officer", "罗展鹏:所长", "--officer", "黄少芬:科员",
                     "--recorder", "黄少芬")
    assert [(a["name"], a["post"]) for a in added["attendees"]] == [("罗展鹏", "所长"), ("黄少芬", "科员"),
                                                                    ("黄少芬", "记录人")]


# 2. interviews list --------------------------------------------------------------------------------------------
def test_interviews_list_heads_the_column_saying_a_follow_up_is_overdue(demo_db, data_dir, capsys, english):
    code, out, _err = run(capsys, "interviews", "list", "--data-dir", data_dir, "--as-of", "2026-12-31")
    header, *rows = out.splitlines()
    assert code == 0 and header.split("\t")[-2:] == ["Escalated to case", "Note"]
    assert all(len(row.split("\t")) == len(header.split("\t")) for row in rows)  # every cell under its head
    overdue = next(row for row in rows if row.startswith(MICRO_LOAN)).split("\t")
    assert overdue[-1] == "follow-up overdue"
    assert {row.split("\t")[-1] for row in rows if not row.startswith(MICRO_LOAN)} == {"—"}


# 3. required to issue, said once -------------------------------------------------------------------------------
def test_no_form_repeats_in_a_fields_help_that_it_is_required_to_issue():
    forms, _broken = load_forms()
    fields = [(form, field) for form in forms.values() for field in form.fields if to_issue(form, field)]
    assert len(fields) > 20
    for form, field in fields:
        assert not any(said in (field.help or "") for said in ("签发前必须", "不能签发", "签发前须")), (form.id,
                                                                                                   field.name)


def test_docs_fields_says_once_that_the_end_time_and_the_issues_are_required_to_issue(data_dir, capsys, english):
    code, out, _err = run(capsys, "--data-dir", data_dir, "docs", "fields", "interview_record")
    rows = {line.split()[0]: line for line in out.splitlines()[2:]}
    for name in ("time_to", "issues"):
        assert rows[name].count("Required to issue the document; a draft may leave it empty.") == 1
        assert "签发" not in rows[name], rows[name]


def test_the_editors_hint_says_a_field_is_required_to_issue_for_every_form(english):
    forms, _broken = load_forms()
    record, hearing = forms["interview_record"], forms["hearing_record"]
    assert grid_help(record, record.field("time_to")) == (
        "Required to issue the document; a draft may leave it empty. 如“11时00分”，须晚于开始时间；草稿留空则印空白")
    # a field whose help never said it (the 听证笔录's answer on recusal) is told too
    assert grid_help(hearing, hearing.field("recusal_answer")).startswith("Required to issue the document;")
    assert grid_help(record, record.field("time_from")) == record.field("time_from").help  # not needed to issue


# 4. the attendees' ID numbers ------------------------------------------------------------------------------------
def test_every_attendee_row_of_the_record_draws_its_id_number_from_the_register():
    form = find_form("interview_record")
    rows = [f for f in form.fields if f.name.startswith("attendee") and f.name.endswith("_id")]
    assert [(f.name, f.source) for f in rows] == [(f"attendee{n}_id", f"interview.attendee{n}.id_number")
                                                  for n in (1, 2, 3)]


def test_a_natural_person_attending_after_his_lawyer_has_his_id_number_in_his_row(demo_db):
    person = save_party(demo_db, Party(name="陈某某", kind="person", id_number="11010519491231002X"))
    interview = save_interview(demo_db, Interview(
        agency_id=agency_id_for_code("440605011"), held_on="2026-11-20", subject="约谈陈某某", party_ids=[person.id],
        attendees=[officer("罗展鹏", "所长"), officer("黄少芬", "记录人"),
                   {"name": "刘律师", "organisation": "广东某律师事务所", "post": "委托代理人"},
                   {"name": "陈某某", "organisation": "陈某某", "post": ""}]))
    values, _context = check_interview_issue(demo_db, interview, find_form("interview_record"), issuing=False)
    assert (values["attendee1"], values["attendee1_id"]) == ("刘律师", None)
    assert (values["attendee2"], values["attendee2_id"]) == ("陈某某", "11010519491231002X")
    third = save_interview(demo_db, Interview(
        agency_id=agency_id_for_code("440605011"), held_on="2026-11-20", subject="约谈陈某某", party_ids=[person.id],
        attendees=[officer("罗展鹏", "所长"), {"name": "刘律师", "organisation": "广东某律师事务所", "post": "委托代理人"},
                   {"name": "李翻译", "organisation": "", "post": "翻译"},
                   {"name": "陈某某", "organisation": "陈某某", "post": ""}]), allow_duplicate=True)
    values, _context = check_interview_issue(demo_db, third, find_form("interview_record"), issuing=False)
    assert (values["attendee3"], values["attendee3_id"]) == ("陈某某", "11010519491231002X")
