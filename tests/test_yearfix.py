# ruff: noqa: F811 - the fixtures imported from test_number_blocks are used by name
"""The turn of the year 2026 → 2027: a station that numbered inside headquarters' blocks waits for the new year's
block instead of counting 1, 2, 3 … on its own."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from tests.helpers import beijing_year, decided_today, fixed_holidays_toml, move_program_clock
from tests.test_case_number_blocks import _file, _pending, _written
from tests.test_number_blocks import _in_force, _other_station, case, hq  # noqa: F401
from workstation import records
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.number_blocks import add_block
from workstation.documents.numbering import next_number, number_year
from workstation.errors import WorkstationError
from workstation.formkit.values import document_date
from workstation.station import ensure_station

YEAR = beijing_year()


def _block(db, first, last, station_id, type_code="处", year=YEAR):
    return add_block(db, agency_code="440605", type_code=type_code, year=year, first=first, last=last,
                     station_id=station_id)


def test_a_station_that_held_blocks_last_year_is_refused_a_number_until_it_holds_one_for_this_year(
        demo_db, data_dir, case, english):
    own = ensure_station(demo_db, data_dir)
    _block(demo_db, 101, 150, own.id, year=YEAR - 1)
    before = {t: demo_db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "doc_numbers")}
    message = (f"This station has no number block of 佛南市监处〔{YEAR}〕 for {YEAR} yet (it numbered inside "
               f"headquarters' blocks in {YEAR - 1}): ask headquarters for a block of {YEAR} and enter it (on the "
               "Exchange page's Number blocks tab, “Add number block…”, or `numbers add-block`).")
    with pytest.raises(WorkstationError) as refused:
        check_issue(demo_db, case, find_form("penalty_decision"), decided_today(), supersedes=_in_force(demo_db, case))
    assert refused.value.message == message
    with pytest.raises(WorkstationError) as refused:
        issue_document(demo_db, data_dir, case, find_form("penalty_decision"), decided_today(),
                       supersedes=_in_force(demo_db, case))
    assert refused.value.message == message
    assert {t: demo_db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("documents", "doc_numbers")} == before
    # once this year's block is entered, numbers are taken inside it
    _block(demo_db, 201, 210, own.id)
    issued = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), decided_today(),
                            supersedes=_in_force(demo_db, case)).number
    assert issued == f"佛南市监处〔{YEAR}〕201号"


def test_a_station_that_never_held_blocks_still_counts_on_its_own(demo_db, data_dir, case):
    ensure_station(demo_db, data_dir)
    _block(demo_db, 101, 150, _other_station(demo_db).id, year=YEAR - 1)  # another station's block of last year
    number = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), decided_today(),
                            supersedes=_in_force(demo_db, case)).number
    assert number.startswith(f"佛南市监处〔{YEAR}〕")


def test_filing_waits_for_this_years_case_number_block(demo_db, data_dir, english):
    own = ensure_station(demo_db, data_dir)
    _block(demo_db, 101, 150, own.id, type_code="立", year=YEAR - 1)
    pending = _pending(demo_db)
    before = _written(demo_db)
    with pytest.raises(WorkstationError) as refused:
        _file(demo_db, pending)
    assert refused.value.message.startswith(f"This station has no number block of 佛南市监立〔{YEAR}〕 for {YEAR} yet")
    assert _written(demo_db) == before
    _block(demo_db, 301, 302, own.id, type_code="立")
    assert _file(demo_db, pending) == f"佛南市监立〔{YEAR}〕301号"


# ---- 2. the 文号's year is the year of the document's 落款

#: Monday 4 January 2027, 10:00 in Beijing
JANUARY_4 = dt.datetime(2027, 1, 4, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def january_4(monkeypatch):
    """records' clock reads Monday 4 January 2027 (Beijing)."""
    move_program_clock(monkeypatch, JANUARY_4)
    assert records.today() == "2027-01-04"


def test_a_document_issued_in_january_dated_in_december_takes_a_number_of_december_s_year(
        demo_db, data_dir, case, january_4):
    form = find_form("penalty_decision")
    values, _context = check_issue(demo_db, case, form, {"decided_on": "2026-12-31"},
                                   supersedes=_in_force(demo_db, case))
    assert next_number(demo_db, case.agency_id, "处", number_year(document_date(form, values, ""))).startswith(
        "佛南市监处〔2026〕")
    issued = issue_document(demo_db, data_dir, case, form, {"decided_on": "2026-12-31"},
                            supersedes=_in_force(demo_db, case))
    assert issued.number.startswith("佛南市监处〔2026〕") and issued.values["decided_on"] == "2026-12-31"
    # dated the day it is issued: of the new year
    again = issue_document(demo_db, data_dir, case, form, {"decided_on": "2027-01-04"}, supersedes=issued.id)
    assert again.number == "佛南市监处〔2027〕1号"


def test_the_december_date_keeps_the_block_rules_of_december_s_year(demo_db, data_dir, case, january_4, english):
    own = ensure_station(demo_db, data_dir)
    _block(demo_db, 7, 7, own.id, year=2026)
    _block(demo_db, 501, 510, own.id, year=2027)
    form = find_form("penalty_decision")
    first = issue_document(demo_db, data_dir, case, form, {"decided_on": "2026-12-31"},
                           supersedes=_in_force(demo_db, case))
    assert first.number == "佛南市监处〔2026〕7号"
    with pytest.raises(WorkstationError, match=r"佛南市监处〔2026〕 are used up \(the last is 7–7\)"):
        check_issue(demo_db, case, form, {"decided_on": "2026-12-30"}, supersedes=first.id)
    assert issue_document(demo_db, data_dir, case, form, {"decided_on": "2027-01-04"},
                          supersedes=first.id).number == "佛南市监处〔2027〕501号"


def test_the_number_year_is_the_dates_year_never_a_year_not_begun(january_4):
    assert [number_year(d) for d in ("2026-12-31", "2027-01-04", "2027-02-01", "", None, "12/31/2026")] == [
        2026, 2027, 2027, None, None, None]
    assert number_year("2028-01-01") is None


# ---- 8. a yearly file whose name and content disagree

def test_a_file_named_2027_that_gives_2026_is_reported_and_ignored(tmp_path, english):
    from workstation.paths import resource
    from workstation.workdays import load_calendar

    folder = tmp_path / "calendar"
    folder.mkdir()
    (folder / "2027.toml").write_text(resource("calendar", "2026.toml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    calendar = load_calendar(tmp_path)
    assert not calendar.confirmed(2027)
    assert len(calendar.problems) == 1
    assert calendar.problems[0].startswith(f"{folder / '2027.toml'}, line ")
    assert ("the file is named 2027 but gives the holidays of 2026: name it 2026.toml, or give the holidays of 2027 "
            "in it; the file was ignored") in calendar.problems[0]


# ---- 3. an interview's rectification deadline counted into a year without holiday data

#: a 2027 file whose holidays move the count (fictional: 4–5 January off), with the other holidays the law fixes
CAL_2027 = """year = 2027
source = "测试用通知"
[[holiday]]
name = "元旦"
from = 2027-01-01
to = 2027-01-05
""" + fixed_holidays_toml(2027, but=("元旦",))


def _december_interview(db):
    from tests.test_interview_intv20 import demo_interview
    from workstation.store.interviews import save_interview

    interview = demo_interview(db, "5246de4e")
    return save_interview(db, replace(interview, held_on="2026-12-21", status="held", rectification_due=None,
                                      commitments=interview.commitments or "停止发送商业性短信", follow_up_on=None,
                                      follow_up_result="", case_id=None))


def test_a_default_deadline_into_a_year_without_holiday_data_is_marked_warned_and_recounted(
        demo_db, data_dir, january_4, english):
    from workstation.clocks import _Engine, data_dir_of
    from workstation.interview_deadlines import interview_deadlines
    from workstation.store.interviews import (
        get_interview,
        recount_rectification_defaults,
        rectification_calendar_warning,
        rectification_unconfirmed_years,
    )
    from workstation.workdays import default_calendar, reload_calendars

    reload_calendars()
    interview = _december_interview(demo_db)
    assert interview.rectification_due == "2027-01-12"  # Monday to Friday, 1 January off
    assert rectification_unconfirmed_years(demo_db, interview) == [2027]
    engine = _Engine(default_calendar(data_dir_of(demo_db)), dt.date(2027, 1, 4).toordinal())
    row = next(d for d in interview_deadlines(demo_db, engine) if d.interview_id == interview.id)
    assert row.confirmed is False
    warning = rectification_calendar_warning(demo_db, interview, "interview_record")
    assert warning.startswith("The rectification deadline 2027-01-12 is 15 working days after the interview counted "
                              "on a calendar without the holidays of 2027")
    assert rectification_calendar_warning(demo_db, interview, "interview_notice") == ""  # it does not print it
    # a day typed by hand is the interview's own: not marked
    typed = replace(interview, rectification_due="2027-01-15")
    assert rectification_unconfirmed_years(demo_db, typed) == []
    # the 2027 file arrives: the default deadline is counted again (audited), the mark goes
    (data_dir_of(demo_db) / "calendar").mkdir(exist_ok=True)
    (data_dir_of(demo_db) / "calendar" / "2027.toml").write_text(CAL_2027, encoding="utf-8")
    reload_calendars()
    try:
        assert recount_rectification_defaults(demo_db) == [interview.id]
        recounted = get_interview(demo_db, interview.id)
        assert recounted.rectification_due == "2027-01-14"
        assert rectification_unconfirmed_years(demo_db, recounted) == []
        assert recount_rectification_defaults(demo_db) == []  # once
    finally:
        (data_dir_of(demo_db) / "calendar" / "2027.toml").unlink()
        reload_calendars()


def test_a_deadline_typed_by_hand_is_not_recounted(demo_db, data_dir, january_4):
    from workstation.clocks import data_dir_of
    from workstation.store.interviews import get_interview, recount_rectification_defaults, save_interview
    from workstation.workdays import reload_calendars

    reload_calendars()
    interview = _december_interview(demo_db)
    typed = save_interview(demo_db, replace(_december_interview(demo_db), id=interview.id,
                                            rectification_due="2027-01-13"))
    (data_dir_of(demo_db) / "calendar").mkdir(exist_ok=True)
    (data_dir_of(demo_db) / "calendar" / "2027.toml").write_text(CAL_2027, encoding="utf-8")
    reload_calendars()
    try:
        assert interview.id not in recount_rectification_defaults(demo_db)
        assert get_interview(demo_db, typed.id).rectification_due == "2027-01-13"
    finally:
        (data_dir_of(demo_db) / "calendar" / "2027.toml").unlink()
        reload_calendars()


# ---- 4. a lead's T1 deadline into a year without holiday data

def test_leads_add_marks_a_t1_deadline_counted_into_a_year_without_holiday_data(cli_station, tmp_path, capsys,
                                                                                 january_4, monkeypatch, english):
    from tests.helpers import run, run_json
    from workstation import leads_register

    # the receipt time is checked against a clock of its own: moved to the same day
    move_program_clock(monkeypatch, JANUARY_4, leads_register)
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    added = run_json(capsys, "--data-dir", station, "leads", "add", "--source", "举报", "--received",
                     "2026-12-21T10:00", "--description", "市民反映频繁收到推销短信")
    assert (added["t1_due"], added["t1_confirmed"]) == ("2027-01-12", False)
    code, out, _err = run(capsys, "--data-dir", station, "leads", "add", "--source", "举报", "--received",
                          "2026-12-21T10:00", "--description", "市民反映频繁收到推销短信")
    assert code == 0 and "decide whether to file by 2027-01-12 (calendar unconfirmed) (T1)" in out
    earlier = run_json(capsys, "--data-dir", station, "leads", "add", "--source", "举报", "--received",
                       "2026-11-02T10:00", "--description", "市民反映频繁收到推销短信")
    assert earlier["t1_confirmed"] is True


# ---- 5, 6. the board's state: its marks readable, a rest day in a year without data hedged

def _t2_into_2027(confirmed: bool = False, rest_day: str = "rest_day_unconfirmed"):
    from workstation.clocks import Deadline, rule

    due = dt.date(2027, 1, 9).toordinal()  # a Saturday of a year without holiday data
    return Deadline("c1", "佛南市监立〔2026〕1号", rule("T2"), "open", due - 30, due, 5, confirmed=confirmed,
                    detail=((rest_day, due, due - 1),))


def test_a_rest_day_in_a_year_without_holiday_data_is_said_as_a_possibility(english):
    from workstation.board_export import row_texts, state_text

    hedged = state_text(_t2_into_2027())
    assert hedged.endswith(" (calendar unconfirmed) (last day may be a rest day)")
    assert row_texts(_t2_into_2027())[0] == hedged  # the printed board says the same
    assert state_text(_t2_into_2027(True, "rest_day")).endswith(" (last day a rest day)")


@pytest.mark.gui
def test_the_boards_state_column_is_wide_enough_for_its_marks(qtbot, english):
    from ui.deadlines import DeadlineTable
    from workstation.board_export import state_text

    table = DeadlineTable(with_case=True)
    qtbot.addWidget(table)
    table.resize(1440, 700)
    table.show()
    deadline = _t2_into_2027()
    table.set_deadlines([deadline])
    needed = table.view.fontMetrics().horizontalAdvance(state_text(deadline))
    assert table.view.columnWidth(0) > needed


# ---- 7. a yearly file dropped in while the window is open is read by the next count

@pytest.mark.gui
def test_counting_again_reads_a_calendar_file_dropped_in_and_recounts_the_interviews(demo_db, qtbot, january_4):
    from ui.deadlines import DeadlineBoard
    from workstation.clocks import data_dir_of
    from workstation.store.interviews import get_interview
    from workstation.workdays import reload_calendars

    reload_calendars()
    interview = _december_interview(demo_db)
    board = DeadlineBoard(demo_db)
    qtbot.addWidget(board)
    board.refresh()
    row = next(d for d in board.deadlines if d.interview_id == interview.id)
    assert (row.due, row.confirmed) == ("2027-01-12", False)
    folder = data_dir_of(demo_db) / "calendar"
    folder.mkdir(exist_ok=True)
    (folder / "2027.toml").write_text(CAL_2027, encoding="utf-8")
    try:
        board.refresh()  # 重新计算: no restart
        row = next(d for d in board.deadlines if d.interview_id == interview.id)
        assert (row.due, row.confirmed) == ("2027-01-14", True)
        assert get_interview(demo_db, interview.id).rectification_due == "2027-01-14"
    finally:
        (folder / "2027.toml").unlink()
        reload_calendars()


@pytest.mark.gui
def test_import_holiday_file_checks_copies_asks_before_replacing_and_counts_again(demo_db, qtbot, prompts,
                                                                                 tmp_path, january_4, english):
    from ui.deadlines import DeadlineBoard
    from workstation.clocks import data_dir_of
    from workstation.store.interviews import get_interview
    from workstation.workdays import reload_calendars

    reload_calendars()
    interview = _december_interview(demo_db)
    board = DeadlineBoard(demo_db, prompts=prompts)
    qtbot.addWidget(board)
    board.refresh()
    assert board.table.note.text() and not board.table.note_actions.isHidden()  # offered under the note
    target = data_dir_of(demo_db) / "calendar" / "2027.toml"
    bad = tmp_path / "2027假期.toml"
    bad.write_text(CAL_2027.replace("to = 2027-01-05", "to = 2027-13-05"), encoding="utf-8")
    prompts.files.append(str(bad))
    assert not board.import_calendar()
    assert prompts.errors[-1].startswith(f"The holiday file was not imported: {bad}, line 6: ")
    assert not target.exists()
    good = tmp_path / "holidays.toml"
    good.write_text(CAL_2027, encoding="utf-8")
    prompts.files.append(str(good))
    try:
        assert board.import_calendar()
        assert target.read_text(encoding="utf-8") == CAL_2027
        row = next(d for d in board.deadlines if d.interview_id == interview.id)
        assert (row.due, row.confirmed) == ("2027-01-14", True)
        assert get_interview(demo_db, interview.id).rectification_due == "2027-01-14"  # the stored one too
        # that year has a file now: replaced only when the officer says so
        good.write_text(CAL_2027.replace("测试用通知", "另一份通知").replace("to = 2027-01-05", "to = 2027-01-04"),
                        encoding="utf-8")  # other days (another text alone is the same calendar)
        prompts.files.append(str(good))
        prompts.confirm_answer = False
        assert not board.import_calendar()
        assert "already gives the holidays of 2027" in prompts.confirmations[-1]
        assert target.read_text(encoding="utf-8") == CAL_2027
    finally:
        target.unlink(missing_ok=True)
        reload_calendars()


# ---- 9, 10. the dashboard in January

def test_in_january_the_dashboards_period_is_the_year_before():
    from ui.dashboard import default_period

    assert default_period("2027-01-04") == ("2026-01-01", "2026-12-31")
    assert default_period("2027-01-31") == ("2026-01-01", "2026-12-31")
    assert default_period("2027-02-01") == ("2027-01-01", "2027-02-01")
    assert default_period("2026-12-31") == ("2026-01-01", "2026-12-31")


@pytest.mark.gui
def test_the_dashboard_opened_on_4_january_offers_the_year_before(january_4, demo_db, make_window):
    window = make_window(demo_db)
    page = window.stats_page
    assert (page.date_from.date().toString("yyyy-MM-dd"), page.date_to.date().toString("yyyy-MM-dd")) == (
        "2026-01-01", "2026-12-31")


def test_the_months_of_a_period_across_the_new_year_are_labelled_with_the_year_where_it_changes(english):
    from ui.dashboard_overview import month_label

    months = [{"month": m} for m in ("2026-11", "2026-12", "2027-01", "2027-02")]
    assert [month_label(m["month"], months) for m in months] == ["month 11", "month 12", "month 1 of 2027",
                                                                 "month 2"]  # 11月、12月、2027年1月、2月
    one_year = [{"month": m} for m in ("2026-05", "2026-06")]
    assert [month_label(m["month"], one_year) for m in one_year] == ["month 5", "month 6"]
    # more than twelve months: 5月 of two years would read the same
    long = [{"month": f"{y}-{m:02d}"} for y in (2025, 2026) for m in range(1, 13)]
    assert month_label("2026-05", long) == "2026-05"


# ---- 11. blocks of years no document is numbered in

def test_a_block_of_a_year_before_last_or_after_next_is_refused_and_last_or_next_years_is_said(
        demo_db, data_dir, english):
    from workstation.documents.number_blocks import block_year_refusal, block_year_warning
    from workstation.errors import ValidationError

    own = ensure_station(demo_db, data_dir)
    count = demo_db.execute("SELECT COUNT(*) FROM number_blocks").fetchone()[0]
    for year in (YEAR - 2, YEAR + 2):
        with pytest.raises(ValidationError) as refused:
            _block(demo_db, 1, 10, own.id, year=year)
        assert refused.value.errors["--year"] == block_year_refusal(year)
    assert demo_db.execute("SELECT COUNT(*) FROM number_blocks").fetchone()[0] == count
    assert block_year_refusal(YEAR - 2).startswith(f"{YEAR - 2} is past: numbers are taken in {YEAR - 1} at the "
                                                   "earliest")
    assert block_year_warning(YEAR - 1) == (f"The block is of last year ({YEAR - 1}): only documents dated in "
                                            f"{YEAR - 1} take its numbers.")
    assert block_year_warning(YEAR) is None
    _block(demo_db, 1, 10, own.id, year=YEAR + 1)  # stored: December's block for January


def test_numbers_allocate_says_a_block_of_last_year_is_only_for_documents_dated_then(hq, capsys, english):
    from tests.helpers import run, run_json

    station = run_json(capsys, "--data-dir", hq, "station", "show")["id"]
    code, _out, err = run(capsys, "--data-dir", hq, "numbers", "allocate", "--agency", "440605", "--type", "处",
                          "--year", YEAR - 1, "--from", 501, "--to", 600, "--station", station)
    assert code == 0 and f"Warning: The block is of last year ({YEAR - 1})" in err
    code, _out, err = run(capsys, "--data-dir", hq, "numbers", "allocate", "--agency", "440605", "--type", "处",
                          "--year", YEAR - 3, "--from", 501, "--to", 600, "--station", station)
    assert code == 1 and err.startswith(f"Error: --year: {YEAR - 3} is past")


@pytest.mark.gui
def test_the_leads_page_marks_a_decision_deadline_counted_into_a_year_without_holiday_data(
        demo_db, make_window, january_4, english):
    from workstation.leads_register import LeadEntry, register_lead
    from workstation.store import agency_id_for_code

    lead = register_lead(demo_db, LeadEntry(source="report", received_at="2026-12-21 10:00",
                                            description="市民反映频繁收到推销短信",
                                            agency_id=agency_id_for_code("440605")), now=JANUARY_4)
    window = make_window(demo_db)
    page = window.leads_page
    page.refresh(select=lead.id)
    model = page.model
    row = next(r for r, record in enumerate(model.records) if record["id"] == lead.id)
    column = [name for name, _value in model.columns].index("Decide by")
    assert model.data(model.index(row, column)) == "2027-01-12 (calendar unconfirmed)"
    assert ("Decide whether to file by 2027-01-12 (calendar unconfirmed)" in page.detail.toPlainText())


def test_in_january_a_document_dated_in_december_uses_last_years_block_while_this_years_waits(
        demo_db, data_dir, case, january_4, english):
    own = ensure_station(demo_db, data_dir)
    _block(demo_db, 7, 8, own.id, year=2026)  # no block of 2027 yet
    form = find_form("penalty_decision")
    first = issue_document(demo_db, data_dir, case, form, {"decided_on": "2026-12-31"},
                           supersedes=_in_force(demo_db, case))
    assert first.number == "佛南市监处〔2026〕7号"
    with pytest.raises(WorkstationError, match=r"no number block of 佛南市监处〔2027〕 for 2027 yet"):
        check_issue(demo_db, case, form, {"decided_on": "2027-01-04"}, supersedes=first.id)


@pytest.mark.gui
def test_the_issue_question_names_the_number_of_the_documents_year(demo_db, data_dir, case, prompts, january_4):
    from ui.case_documents import confirm_case_issue

    form = find_form("penalty_decision")
    values, _context = check_issue(demo_db, case, form, {"decided_on": "2026-12-31"},
                                   supersedes=_in_force(demo_db, case))
    confirm_case_issue(prompts, None, demo_db, case, form, values=values)
    assert "佛南市监处〔2026〕" in prompts.confirmations[-1] and "〔2027〕" not in prompts.confirmations[-1]


@pytest.mark.gui
def test_the_interview_list_and_dialog_mark_the_deadline_counted_on_an_unknown_calendar(
        demo_db, make_window, prompts, qtbot, january_4, english):
    from ui.interview_dialog import InterviewDialog
    from workstation.workdays import reload_calendars

    reload_calendars()
    interview = _december_interview(demo_db)
    window = make_window(demo_db)
    page = window.interviews_page
    page.refresh(select=interview.id)
    row = [r.interview.id for r in page.model.records].index(interview.id)
    column = [name for name, *_rest in page.model.columns].index("Rectification due")
    assert page.model.data(page.model.index(row, column)) == "2027-01-12 (calendar unconfirmed)"
    dialog = InterviewDialog(demo_db, prompts, replace(interview, rectification_due=None))
    qtbot.addWidget(dialog)
    dialog.dates["rectification_due"].setText("")
    dialog.validate()
    assert dialog.dates["rectification_due"].placeholderText() == (
        "2027-01-12 when saved: 15 working days after the interview (calendar to be verified: no holiday data for "
        "2027)")


def test_interviews_issue_warns_of_a_printed_deadline_counted_on_an_unknown_calendar(cli_station, tmp_path, capsys,
                                                                                      january_4, english):
    from tests.helpers import open_db, run, run_json
    from workstation.store.interviews import get_interview, save_interview
    from workstation.workdays import reload_calendars

    reload_calendars()
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])
    joint = next(r["id"] for r in run_json(capsys, "--data-dir", station, "interviews", "list")
                 if len(r["parties"]) > 1)
    db = open_db(station)
    try:
        interview = get_interview(db, joint)
        save_interview(db, replace(interview, held_on="2026-12-21", status="held", rectification_due=None,
                                   commitments=interview.commitments or "停止发送商业性短信", follow_up_on=None,
                                   follow_up_result="", case_id=None))
        assert get_interview(db, joint).rectification_due == "2027-01-12"
    finally:
        db.conn.close()
    code, out, err = run(capsys, "--data-dir", station, "interviews", "issue", joint, "--form", "interview_minutes",
                         "-o", tmp_path / "minutes.pdf", "--json")
    assert code == 0, err
    # said once the minutes are issued, as what to check in them (session 55: it said "before issuing")
    assert json.loads(out)["warnings"][0].startswith("Issued; check the rectification deadline 2027-01-12 it prints")
    assert "Warning: Issued; check the rectification deadline 2027-01-12" in err


@pytest.mark.gui
def test_the_interviews_page_asks_before_issuing_minutes_printing_an_unconfirmed_deadline(
        demo_db, make_window, prompts, january_4, english):
    from workstation.documents.interview_documents import interview_documents
    from workstation.store.interviews import get_interview, list_interviews, save_interview
    from workstation.workdays import reload_calendars

    reload_calendars()
    joint = next(i for i in list_interviews(demo_db) if len(i.party_ids) > 1)
    save_interview(demo_db, replace(joint, held_on="2026-12-21", status="held", rectification_due=None,
                                    commitments=joint.commitments or "停止发送商业性短信", follow_up_on=None,
                                    follow_up_result="", case_id=None))
    assert get_interview(demo_db, joint.id).rectification_due == "2027-01-12"
    window = make_window(demo_db)
    page = window.interviews_page
    page.refresh(select=joint.id)
    page.select(joint.id)
    before = len(interview_documents(demo_db, joint.id))
    prompts.confirm_answer = False
    page.issue(next(f for f in page.forms if f.id == "interview_minutes"))
    assert prompts.confirmations[-1].startswith("The rectification deadline 2027-01-12 is 15 working days")
    assert prompts.confirmations[-1].endswith("Issue it anyway?")
    assert len(interview_documents(demo_db, joint.id)) == before  # declined: nothing issued


@pytest.mark.gui
def test_the_cases_deadlines_offer_the_import_under_their_note_too(demo_db, prompts, qtbot, tmp_path, january_4):
    from ui.case_clocks import CaseClocks
    from workstation import clocks
    from workstation.clocks import data_dir_of
    from workstation.store import get_case
    from workstation.workdays import reload_calendars

    reload_calendars()
    unconfirmed = next(d for d in clocks.board(demo_db) if not d.confirmed and d.case_id)
    section = CaseClocks(demo_db, get_case(demo_db, unconfirmed.case_id), prompts)
    qtbot.addWidget(section)
    section.refresh()
    assert section.table.note.text() and not section.table.note_actions.isHidden()
    good = tmp_path / "2027.toml"
    good.write_text(CAL_2027, encoding="utf-8")
    prompts.files.append(str(good))
    target = data_dir_of(demo_db) / "calendar" / "2027.toml"
    try:
        section.table.import_button.click()
        assert target.read_text(encoding="utf-8") == CAL_2027
        assert "2027" not in section.table.note.text()  # counted again with the year's holidays
    finally:
        target.unlink(missing_ok=True)
        reload_calendars()


def test_the_board_counts_the_interviews_again_only_when_the_calendar_folder_changed(demo_db, qtbot, monkeypatch,
                                                                                     january_4):
    """Every refresh (F5, any change of data) must not walk the interviews and maybe save them on the GUI thread:
    only the board's first count and a count after the calendar folder changed do."""
    from ui.deadlines import DeadlineBoard
    from workstation.clocks import data_dir_of
    from workstation.store import interviews
    from workstation.workdays import reload_calendars

    reload_calendars()
    calls = []
    real = interviews.recount_rectification_defaults
    monkeypatch.setattr(interviews, "recount_rectification_defaults", lambda db: calls.append(1) or real(db))
    board = DeadlineBoard(demo_db)
    qtbot.addWidget(board)
    board.refresh()
    board.refresh()
    assert len(calls) == 1
    folder = data_dir_of(demo_db) / "calendar"
    folder.mkdir(exist_ok=True)
    (folder / "2027.toml").write_text(CAL_2027, encoding="utf-8")
    try:
        board.refresh()
        assert len(calls) == 2
    finally:
        (folder / "2027.toml").unlink()
        reload_calendars()
