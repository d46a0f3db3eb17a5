"""Findings of the exports audit: the deadline list's XLSX is written when a lead's text holds a control character
(and new ones are refused as the lead or interview is typed, naming the field); the publicity log, interview
register and document register refuse a name saying another format (登记.xlsx) instead of writing CSV under it; a
case number of digits only (0440605202600123) reads back as that text in Excel, not as a rounded figure; the
deadline list's XLSX holds its 期限 as dates and its remaining days as numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from tests.conftest import ScriptedPrompts
from tests.test_casefile_voided import filed  # noqa: F401 (the fixture ``issued`` takes)
from tests.test_document_register import issued  # noqa: F401 (the fixture)
from workstation import clocks
from workstation.errors import ValidationError

DIGITS = "0440605202600123"  # a case number of digits only, as a register import accepts it (with a warning)


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def a_lead_holding_controls(db, capsys, data_dir) -> str:
    """A lead stored with control characters in its description and target, as stored before they were refused
    (or pasted into an earlier version): its id."""
    from tests.helpers import run_json

    lead = run_json(capsys, "--data-dir", data_dir, "leads", "add", "--agency", "440605", "--source", "report",
                    "--received", "2026-03-06T10:00", "--description", "广告短信骚扰", "--party", "某某公司")
    lead_id = lead.get("id") or lead["lead"]["id"]
    db.execute("UPDATE leads SET description = ?, target_name = ? WHERE id = ?",
               ["广告短信\x0b骚扰", "某某公司\x01", lead_id])
    return lead_id


# ---- 1. control characters -----------------------------------------------------------------------------------------

def test_an_xlsx_cell_holding_control_characters_is_written_without_them(tmp_path):
    from workstation.board_export import write_handout

    rule = {r.id: r for r in clocks.rules()}["T2"]
    row = clocks.Deadline(case_id="c", case_number="佛南市监立〔2026〕1号", rule=rule, state="running",
                          due_ord=dt.date(2026, 3, 26).toordinal(), days_left=5, party_label="a\x01b\x0bc")
    written = write_handout(tmp_path / "期限.xlsx", "期限提醒", "2026-03-21", [row])
    texts = [c.value for r in sheet_of(written.read_bytes()).iter_rows() for c in r if isinstance(c.value, str)]
    assert "ab\nc" in texts  # the vertical tab (Word's line break) a line break, \x01 dropped
    assert not [t for t in texts if any(ord(ch) < 32 and ch not in "\n\t\r" for ch in t)]


def test_the_boards_xlsx_is_written_when_a_stored_lead_holds_control_characters(demo_db, data_dir, capsys, qtbot,
                                                                               tmp_path):
    from ui.deadlines import DeadlineBoard

    a_lead_holding_controls(demo_db, capsys, data_dir)
    prompts = ScriptedPrompts()
    board = DeadlineBoard(demo_db, prompts=prompts)
    qtbot.addWidget(board)
    board.refresh()
    board.agency.setCurrentIndex(0)
    written = board.export_list(str(tmp_path / "期限.xlsx"))
    assert written and prompts.errors == [] and prompts.infos
    texts = [c.value for r in sheet_of((tmp_path / "期限.xlsx").read_bytes()).iter_rows() for c in r]
    assert any(isinstance(t, str) and "广告短信" in t for t in texts)
    assert not (tmp_path / "期限.xlsx.part").exists()


@pytest.mark.parametrize("field, entered", [("description", "广告短信\x1e骚扰"), ("party", "某某公司\x01"),
                                            ("reporter_name", "张\x1b三"), ("reporter_address", "桂城\x00街道")])
def test_a_lead_typed_with_a_control_character_is_refused_naming_the_field(demo_db, field, entered):
    from workstation.leads_register import LeadEntry, register_lead

    entry = LeadEntry(source="report", received_at="2026-03-06 10:00", description="广告短信骚扰",
                      agency_id=None, complainant_phone="13012345678")
    before = demo_db.execute("SELECT COUNT(*) FROM leads").fetchone()[0]
    with pytest.raises(ValidationError) as refused:
        register_lead(demo_db, replace(entry, **{field: entered}))
    assert list(refused.value.errors) == [field]
    assert "U+00" in refused.value.errors[field]
    assert demo_db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == before


def test_a_lead_stored_with_a_control_character_can_still_be_corrected(demo_db, data_dir, capsys):
    from workstation.leads_register import edit_errors, lead_entry
    from workstation.leads_workflow import get_lead_row

    lead = get_lead_row(demo_db, a_lead_holding_controls(demo_db, capsys, data_dir))
    entry = lead_entry(lead)
    assert "description" not in edit_errors(demo_db, lead, entry)  # kept as stored: not refused at every edit
    assert "description" in edit_errors(demo_db, lead, replace(entry, description="新的\x01描述"))


def _interview(**fields):
    from workstation.records import Interview
    from workstation.store import agency_id_for_code

    return Interview(**{"agency_id": agency_id_for_code("440608"), "held_on": "2026-03-02", "subject": "约谈",
                        "party_ids": ["20d7f887-658a-5fd3-b5b7-e46e4c33b3f0"], **fields})


@pytest.mark.parametrize("field, entered", [("summary", "会议\x01纪要"), ("subject", "约\x1d谈"),
                                            ("topics", "短信\x1f骚扰"), ("commitments", "整改\x07")])
def test_an_interview_typed_with_a_control_character_is_refused_naming_the_field(demo_db, field, entered):
    from workstation.store.interviews import save_interview

    before = demo_db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0]
    with pytest.raises(ValidationError) as refused:
        save_interview(demo_db, _interview(**{field: entered}), allow_duplicate=True)
    assert field in refused.value.errors and "U+00" in refused.value.errors[field]
    assert demo_db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0] == before


def test_an_attendee_typed_with_a_control_character_is_refused(demo_db):
    from workstation.store.interviews import save_interview

    with pytest.raises(ValidationError) as refused:
        save_interview(demo_db, _interview(attendees=[{"name": "张\x01三", "organisation": "某公司", "post": "经理"}]),
                       allow_duplicate=True)
    assert "attendees" in refused.value.errors and "U+0001" in refused.value.errors["attendees"]


def test_an_interview_stored_with_a_control_character_can_still_be_edited(demo_db):
    from workstation.store.interviews import get_interview, save_interview

    saved = save_interview(demo_db, _interview(summary="会议纪要"), allow_duplicate=True)
    demo_db.execute("UPDATE interviews SET summary = ? WHERE id = ?", ["会议\x01纪要", saved.id])
    stored = get_interview(demo_db, saved.id)
    again = save_interview(demo_db, replace(stored, place="区局三楼会议室"), allow_duplicate=True)
    assert again.place == "区局三楼会议室"


def test_a_follow_up_typed_with_a_control_character_is_refused_under_its_result(demo_db):
    from workstation.store.interviews import follow_up_errors, save_interview

    saved = save_interview(demo_db, _interview(), allow_duplicate=True)
    errors = follow_up_errors(demo_db, saved, "2026-03-20", "已整改\x01完毕", "rectified")
    assert "U+0001" in errors["follow_up_result"]
    assert "follow_up_result" not in follow_up_errors(demo_db, saved, "2026-03-20", "已整改完毕", "rectified")


def test_the_control_rule_of_leads_and_interviews_limits_no_length(english):
    from workstation.store.parties import control_problem, text_field_problem

    assert control_problem("约谈" * 5000) is None  # their texts hold as much as is typed: only what they hold is read
    assert "U+0001" in control_problem("已整改\x01完毕")
    assert "U+202E" in control_problem("某某\u202e公司") and "reversed" in control_problem("某某\u202e公司")
    assert control_problem("张三\x0b") == text_field_problem("张三\x0b", 200)  # as the party editor says it


def test_a_long_interview_summary_and_lead_description_are_taken(demo_db):
    from workstation.leads_register import LeadEntry, text_errors
    from workstation.store.interviews import save_interview

    saved = save_interview(demo_db, _interview(summary="会议纪要。" * 2000), allow_duplicate=True)
    assert len(saved.summary) == 10_000
    entry = LeadEntry(source="report", received_at="2026-03-06 10:00", description="广告短信骚扰。" * 2000)
    assert text_errors(entry) == {}


def test_an_attendee_stored_with_a_control_character_or_a_tab_is_kept_and_a_new_one_refused(demo_db, english):
    from workstation.store.interviews import get_interview, save_interview

    saved = save_interview(demo_db, _interview(attendees=[{"name": "张三", "organisation": "某公司", "post": "经理"}]),
                           allow_duplicate=True)
    demo_db.execute("UPDATE interviews SET attendees = ? WHERE id = ?",
                    ['[{"name": "张\\u0001三", "organisation": "某\\t公司", "post": "经理"}]', saved.id])
    stored = get_interview(demo_db, saved.id)
    assert stored.attendees[0]["name"] == "张\x01三" and stored.attendees[0]["organisation"] == "某\t公司"
    again = save_interview(demo_db, replace(stored, place="区局三楼会议室"), allow_duplicate=True)
    assert again.place == "区局三楼会议室" and again.attendees[0]["name"] == "张\x01三"  # kept as stored
    for attendee, said in (({"name": "李\x01四", "organisation": "某公司", "post": ""}, "U+0001"),
                           ({"name": "李四", "organisation": "某\t公司二", "post": ""}, "tab")):
        with pytest.raises(ValidationError) as refused:
            save_interview(demo_db, replace(again, attendees=[*again.attendees, attendee]), allow_duplicate=True)
        assert "Attendee 2" in refused.value.errors["attendees"] and said in refused.value.errors["attendees"]


def test_a_follow_up_result_stored_with_a_control_character_is_not_refused_again(demo_db):
    from workstation.store.interviews import follow_up_errors, get_interview, save_interview

    saved = save_interview(demo_db, _interview(status="held", follow_up_on="2026-03-10",
                                               follow_up_result="已整改完毕", follow_up_outcome="rectified"),
                           allow_duplicate=True)
    demo_db.execute("UPDATE interviews SET follow_up_result = ? WHERE id = ?", ["已整改\x01完毕", saved.id])
    stored = get_interview(demo_db, saved.id)
    assert "follow_up_result" not in follow_up_errors(demo_db, stored, "2026-03-20", "已整改\x01完毕", "rectified")
    assert "U+0002" in follow_up_errors(demo_db, stored, "2026-03-20", "已整改\x02完毕", "rectified")[
        "follow_up_result"]


# ---- 2. a CSV under another format's name ----------------------------------------------------------------------

def _refused_naming_csv(prompts, target) -> None:
    assert prompts.infos == [] and len(prompts.errors) == 1
    assert ".csv" in prompts.errors[0] and ".xlsx" in prompts.errors[0]
    assert not target.exists() and not list(target.parent.glob("*.part"))


def test_the_publicity_log_is_not_written_as_csv_under_an_xlsx_name(demo_db, qtbot, tmp_path):
    from ui.publicity_page import PublicityTab

    prompts = ScriptedPrompts()
    tab = PublicityTab(demo_db, prompts)
    qtbot.addWidget(tab)
    tab.export(str(tmp_path / "宣传.xlsx"))
    _refused_naming_csv(prompts, tmp_path / "宣传.xlsx")
    tab.export(str(tmp_path / "宣传.csv"))
    assert read_csv((tmp_path / "宣传.csv").read_bytes())[0][0] == "日期"


def test_the_interview_register_is_not_written_as_csv_under_an_xlsx_name(demo_db, data_dir, qtbot, tmp_path):
    from ui.interviews_page import InterviewsPage

    prompts = ScriptedPrompts()
    page = InterviewsPage(demo_db, data_dir, prompts)
    qtbot.addWidget(page)
    page.export_register(str(tmp_path / "约谈.xlsx"))
    _refused_naming_csv(prompts, tmp_path / "约谈.xlsx")


def test_the_document_register_is_not_written_as_csv_under_an_xlsx_name(demo_db, issued, qtbot, tmp_path):  # noqa: F811
    from ui.document_register import DocumentRegisterBox

    prompts = ScriptedPrompts()
    box = DocumentRegisterBox(demo_db, prompts)
    qtbot.addWidget(box)
    box.export(str(tmp_path / "发文.xlsx"))
    _refused_naming_csv(prompts, tmp_path / "发文.xlsx")


def test_the_library_writers_refuse_a_pdf_name_too(demo_db, tmp_path):
    from workstation.document_register import export_register as documents
    from workstation.errors import WorkstationError
    from workstation.interview_register import export_register as interviews
    from workstation.store.publicity import export_publicity

    for write in (lambda p: export_publicity(demo_db, [], p), lambda p: interviews(demo_db, [], p),
                  lambda p: documents(demo_db, p)):
        with pytest.raises(WorkstationError, match=r"\.csv"):
            write(tmp_path / "登记.pdf")
        assert not (tmp_path / "登记.pdf").exists()


# ---- 3. a case number of digits only -----------------------------------------------------------------------------

def test_the_csv_cell_rule_keeps_identifiers_text_and_figures_numbers():
    from workstation.sheet_cells import csv_value

    assert csv_value(DIGITS) == f'="{DIGITS}"'
    assert csv_value("0012345") == '="0012345"'  # a leading 0
    assert csv_value("44060520260012") == '="44060520260012"'  # 11 digits or more: rounded past 15
    for kept in ("0", "120", "440605", "2026", "-12.50", "佛南市监立〔2026〕1号", 5, None, ""):
        assert csv_value(kept) == kept


def _number_the_case(db, number: str = DIGITS) -> str:
    from workstation.store import find_case

    case = find_case(db, "佛南市监立〔2026〕1号")
    db.execute("UPDATE cases SET case_number = ? WHERE id = ?", [number, case.id])
    return case.id


def test_the_deadline_list_csv_keeps_a_digit_only_case_number(demo_db, tmp_path):
    from workstation.board_export import name_rows, write_handout

    on_board = next(d for d in clocks.board(demo_db) if d.case_number and not d.lead_id and not d.interview_id)
    demo_db.execute("UPDATE cases SET case_number = ? WHERE id = ?", [DIGITS, on_board.case_id])
    deadlines = clocks.board(demo_db)
    name_rows(demo_db, deadlines)
    written = write_handout(tmp_path / "期限.csv", "期限提醒", "2026-03-21", deadlines)
    cells = [cell for row in read_csv(written.read_bytes()) for cell in row]
    assert f'="{DIGITS}"' in cells and DIGITS not in cells


def test_the_interview_register_csv_keeps_a_digit_only_case_number(demo_db, tmp_path):
    from workstation.interview_register import export_register
    from workstation.store.interviews import save_interview

    case_id = _number_the_case(demo_db)
    interview = save_interview(demo_db, _interview(case_id=case_id), allow_duplicate=True)
    written = export_register(demo_db, [interview], tmp_path / "约谈.csv")
    header, row, _total = read_csv(written.read_bytes())
    assert row[header.index("转立案案件")] == f'="{DIGITS}"'


def test_the_document_register_csv_keeps_a_digit_only_case_number(demo_db, issued, tmp_path):  # noqa: F811
    from workstation.document_register import export_register

    _number_the_case(demo_db)
    written = export_register(demo_db, tmp_path / "发文.csv")
    rows = read_csv(written.read_bytes())
    column = rows[0].index("案件或事项")
    assert f'="{DIGITS}"' in [row[column] for row in rows[1:]]


# ---- 4. the deadline list's XLSX: dates and numbers --------------------------------------------------------------

def test_the_deadline_list_xlsx_holds_dates_and_remaining_days_as_numbers(demo_db, tmp_path):
    from workstation.board_export import name_rows, write_handout

    deadlines = clocks.board(demo_db)
    name_rows(demo_db, deadlines)
    counted = [d for d in deadlines if d.due_ord is not None and d.state != "stopped" and d.days_left is not None]
    assert counted
    written = write_handout(tmp_path / "期限.xlsx", "期限提醒", "2026-03-21", deadlines)
    sheet = sheet_of(written.read_bytes())
    rows = [r for r in sheet.iter_rows(min_row=5) if r[1].value not in (None, "期限", "Deadline", "届满日")]
    dated = [r for r in rows if r[1].data_type == "d"]
    assert len(dated) >= len(counted)
    due = {d.due for d in counted}
    assert {r[1].value.date().isoformat() for r in dated} >= due
    assert all(r[1].number_format == "yyyy-mm-dd" for r in dated)
    days = [r[2].value for r in rows if isinstance(r[2].value, int)]
    assert sorted(days) == sorted(d.days_left for d in counted)
    shown = {r[2].number_format for r in rows if isinstance(r[2].value, int)}
    assert len(shown) == 1 and "0" in shown.pop()  # shown as the board words it, held as a number


def test_a_description_and_a_summary_pasted_from_word_are_stored_with_line_breaks(demo_db):
    """Word's manual line break (U+000B) and page break (U+000C) in a lead's description or an interview's summary
    are line breaks, stored so — not refused as control characters, which the others still are."""
    from workstation.leads_register import LeadEntry, register_lead
    from workstation.store.interviews import get_interview, save_interview

    entry = LeadEntry(source="report", received_at="2026-03-06 10:00", description="广告短信\x0b骚扰\x0c第二页",
                      complainant_phone="13012345678")
    lead = register_lead(demo_db, entry)
    stored = demo_db.execute("SELECT description FROM leads WHERE id = ?", [lead.id]).fetchone()[0]
    assert stored == "广告短信\n骚扰\n第二页"
    saved = save_interview(demo_db, _interview(summary="会议\x0b纪要", topics="短信\x0c骚扰"), allow_duplicate=True)
    again = get_interview(demo_db, saved.id)
    assert (again.summary, again.topics) == ("会议\n纪要", "短信\n骚扰")
    with pytest.raises(ValidationError) as refused:
        register_lead(demo_db, replace(entry, description="广告短信\x0b骚扰\x01"))
    assert "U+0001" in refused.value.errors["description"]


def test_a_follow_up_pasted_from_word_is_not_refused(demo_db):
    from workstation.store.interviews import follow_up_errors, save_interview

    saved = save_interview(demo_db, _interview(), allow_duplicate=True)
    assert "follow_up_result" not in follow_up_errors(demo_db, saved, "2026-03-20", "已整改\x0b完毕", "rectified")
