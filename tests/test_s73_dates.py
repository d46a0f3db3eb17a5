"""Dates and times of day (audit dates_tz): a record's end more than 12 hours after its start is refused on every
start/end pair of date-and-time fields, over 4 hours told; a date on a document typed with a slip of the year
(2099, 1026) refused, naming the field, while a date of next year typed in December and a historic document's dates
in the past are taken; the log file written in Beijing time; ``parse_date`` reading a time with a zone as Beijing's
day."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time

import pytest

from tests.helpers import INQUIRY_TO_ISSUE, open_db, program_day, run
from workstation import records
from workstation.documents.drafts import find_form
from workstation.formkit.spec import load_forms
from workstation.formkit.values import case_context, field_errors
from workstation.store import find_case
from workstation.validators import parse_date

CASE = "佛南市监立〔2026〕9号"  # under investigation


@pytest.fixture
def december(monkeypatch):
    """The program's day 8 December 2026 (Beijing), as in the audit."""
    program_day(monkeypatch, "2026-12-08")


def _documents(db, form_id: str) -> int:
    return db.execute("SELECT COUNT(*) FROM documents WHERE form_id = ?", [form_id]).fetchone()[0]


def _issue(capsys, data_dir, tmp_path, form_id: str, values: dict):
    path = tmp_path / f"{form_id}.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", form_id, "--values", path,
               "-o", tmp_path / f"{form_id}.pdf", "--force")


# ---- 1. an end more than 12 hours after the start


def test_an_inquiry_record_ending_a_month_after_it_starts_is_refused_naming_both_times(
        demo_db, data_dir, tmp_path, capsys, december, english):
    demo_db.conn.close()
    code, printed, err = _issue(capsys, data_dir, tmp_path, "inquiry_record", {
        **INQUIRY_TO_ISSUE, "time_from": "2026-11-03 09:30", "time_to": "2026-12-07 10:30"})
    assert (code, printed) == (1, ""), err
    assert "询问结束时间" in err and "2026-12-07 10:30" in err and "2026-11-03 09:30" in err, err
    assert "more than 12 hours after the 询问开始时间" in err, err
    db = open_db(data_dir)
    try:
        assert _documents(db, "inquiry_record") == 0  # nothing issued: the officers are not held for 34 days
    finally:
        db.close()


def test_a_record_of_twelve_hours_issues_and_one_over_four_hours_is_told(
        demo_db, data_dir, tmp_path, capsys, december, english):
    demo_db.conn.close()
    code, _printed, err = _issue(capsys, data_dir, tmp_path, "inquiry_record", {
        **INQUIRY_TO_ISSUE, "time_from": "2026-11-20 09:00", "time_to": "2026-11-20 14:30"})
    assert code == 0, err
    assert "more than 4 hours" in err and "2026-11-20 09:00" in err and "2026-11-20 14:30" in err, err
    code, _printed, err = _issue(capsys, data_dir, tmp_path, "inquiry_record", {
        **INQUIRY_TO_ISSUE, "time_from": "2026-11-21 08:00", "time_to": "2026-11-21 20:00",
        "interviewee": "李四"})
    assert code == 0, err  # 12 hours to the minute: a long day's sitting, told, not refused
    code, _printed, err = _issue(capsys, data_dir, tmp_path, "inquiry_record", {
        **INQUIRY_TO_ISSUE, "time_from": "2026-11-22 09:00", "time_to": "2026-11-22 10:00",
        "interviewee": "王五"})
    assert code == 0 and "more than 4 hours" not in err, err


def _pairs():
    """(form id, start, end) of every pair of date-and-time fields whose end may not be before its start."""
    forms, _errors = load_forms()
    return [(form.id, field.not_before, field.name) for form in forms.values() for field in form.fields
            if field.type == "datetime" and field.not_before and form.field(field.not_before) is not None
            and form.field(field.not_before).type == "datetime"]


def test_the_pairs_are_those_of_the_records():
    assert {form_id for form_id, _start, _end in _pairs()} >= {
        "inquiry_record", "site_record", "sampling_record", "hearing_record", "hearing_report", "statement_record",
        "collective_discussion"}


@pytest.mark.parametrize(("form_id", "start", "end"), _pairs())
def test_every_record_refuses_an_end_days_after_its_start(demo_db, december, english, form_id, start, end):
    case = find_case(demo_db, CASE)
    form = find_form(form_id)
    context = case_context(demo_db, case)
    _out, errors = field_errors(form, {start: "2026-11-03 09:30", end: "2026-11-07 09:30"}, context)
    assert "2026-11-07 09:30" in errors[end] and "2026-11-03 09:30" in errors[end], errors.get(end)
    assert form.field(start).label in errors[end]
    _out, errors = field_errors(form, {start: "2026-11-03 09:30", end: "2026-11-03 21:30"}, context)
    assert end not in errors, errors[end]


def test_the_window_refuses_the_span_on_the_end_field(demo_db, opened, december, english):
    editor = opened(demo_db, "site_record", find_case(demo_db, CASE))
    editor.set_field("time_from", "2026-11-03 09:30")
    editor.set_field("time_to", "2026-11-07 10:30")
    editor.validate()  # the editor's own check, as it runs on each edit
    shown = editor.error_labels["time_to"]
    assert shown.isVisibleTo(editor) and "more than 12 hours" in shown.text(), shown.text()
    assert "2026-11-03 09:30" in shown.text() and not editor.issue_action.isEnabled()
    editor.set_field("time_to", "2026-11-03 21:30")  # 12 hours: taken, the error gone from under the field
    editor.validate()
    assert "time_to" not in editor.errors and not editor.error_labels["time_to"].isVisibleTo(editor)


# ---- 2. a slip of the year


def test_a_deadline_and_a_summons_day_in_2099_are_refused_naming_the_field(
        demo_db, data_dir, tmp_path, capsys, december, english):
    demo_db.conn.close()
    code, printed, err = _issue(capsys, data_dir, tmp_path, "rectification_order", {
        "correct_by": "2099-01-08", "requirements": "立即停止违法行为"})
    assert (code, printed) == (1, ""), err
    assert "改正期限" in err and "2099-01-08 is after the year 2028" in err, err
    code, printed, err = _issue(capsys, data_dir, tmp_path, "inquiry_notice", {
        "appear_on": "2062-01-08", "appear_time": "上午9时30分", "appear_place": "本局询问室"})
    assert (code, printed) == (1, ""), err
    assert "接受询问日期" in err and "2062-01-08" in err, err
    code, printed, err = _issue(capsys, data_dir, tmp_path, "inquiry_notice", {
        "appear_on": "2026-12-15", "appear_time": "上午9时30分", "appear_place": "本局询问室",
        "signed_on": "1026-12-08"})
    assert (code, printed) == (1, ""), err
    assert "落款日期" in err and "before the year 2000" in err, err


def test_a_deadline_of_next_january_typed_in_december_is_taken(
        demo_db, data_dir, tmp_path, capsys, december, english):
    demo_db.conn.close()
    code, _printed, err = _issue(capsys, data_dir, tmp_path, "rectification_order", {
        "correct_by": "2027-01-05", "requirements": "立即停止违法行为"})
    assert code == 0, err
    code, _printed, err = _issue(capsys, data_dir, tmp_path, "inquiry_notice", {
        "appear_on": "2027-01-08", "appear_time": "上午9时30分", "appear_place": "本局询问室"})
    assert code == 0, err


def test_a_historic_documents_dates_in_the_past_are_taken_and_checked_against_its_own_date(
        demo_db, december, english):
    case = find_case(demo_db, CASE)
    context = {**case_context(demo_db, case), "case.lead_received_on": "2019-02-01"}  # an old case registered late
    form = find_form("inquiry_notice")
    values = {"appear_on": "2019-03-08", "appear_time": "上午9时30分", "appear_place": "本局询问室",
              "signed_on": "2019-03-01"}
    _out, errors = field_errors(form, values, context)
    assert not {"appear_on", "signed_on"} & errors.keys(), errors
    _out, errors = field_errors(form, {**values, "appear_on": "2025-03-08"}, context)
    assert "2025-03-08 is after the year 2021" in errors["appear_on"]  # six years after the summons: a slip
    # a document dated in a slipped year is refused by today's year, and its other dates by today's too
    _out, errors = field_errors(form, {**values, "signed_on": "2096-12-08", "appear_on": "2096-12-15"}, context)
    assert "2096-12-08 is after the year 2028" in errors["signed_on"]
    assert "2096-12-15 is after the year 2028" in errors["appear_on"]


# ---- 3. the log file in Beijing time


@pytest.fixture
def zone(monkeypatch):
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("laptop_zone", ["UTC", "America/Los_Angeles"])
def test_a_log_line_bears_beijing_time_with_its_zone(tmp_path, zone, laptop_zone):
    from workstation.log import LOGGER, setup_logging

    zone(laptop_zone)
    path = setup_logging(tmp_path)
    try:
        LOGGER.info("dates73 probe")
        for handler in LOGGER.handlers:
            handler.flush()
        line = next(line for line in path.read_text(encoding="utf-8").splitlines() if "dates73 probe" in line)
    finally:
        for handler in [h for h in LOGGER.handlers if not isinstance(h, logging.NullHandler)]:
            LOGGER.removeHandler(handler)
            handler.close()
    stamp = line.split(" ", 1)[0]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00", stamp), line
    written = dt.datetime.fromisoformat(stamp)
    assert abs((records.program_time() - written).total_seconds()) < 60, (line, records.now())


# ---- 4. parse_date reads a zone


@pytest.mark.parametrize(("text", "day"), [
    ("2026-03-05T23:30:00Z", "2026-03-06"),
    ("2026-03-05T23:30:00+00:00", "2026-03-06"),
    ("2026-03-05T15:59:00Z", "2026-03-05"),
    ("2026-03-05T16:00:00Z", "2026-03-06"),
    ("2026-03-06T01:00:00+08:00", "2026-03-06"),
    ("2026-03-06T05:00:00-05:00", "2026-03-06"),
    ("2026-03-06T20:00:00-0500", "2026-03-07"),
    ("2026-12-31T16:30:00Z", "2027-01-01"),
    ("2026-03-05 23:30", "2026-03-05"),  # no zone: Beijing time as written
    ("2026-03-05T23:30:00", "2026-03-05"),
])
def test_parse_date_takes_beijing_day_of_a_time_with_a_zone(text, day):
    assert parse_date(text) == day


def test_parse_date_of_an_aware_datetime_is_beijing_day():
    moment = dt.datetime(2026, 3, 5, 23, 30, tzinfo=dt.UTC)
    assert parse_date(moment) == "2026-03-06"


def test_the_register_import_and_the_complaint_import_read_a_zone_alike():
    from workstation.importing.complaints import parse_received

    for text in ("2026-03-05T23:30:00Z", "2026-03-05T20:30:00-03:00", "2026-03-05T10:00:00+08:00",
                 "2026-03-05 23:30:00Z", "2026-03-05 20:30:00-03:00", "2026-03-05 23:30:00+0000"):
        assert parse_date(text) == parse_received(text)[:10], text
    assert parse_received("2026-03-05 23:30:00Z") == "2026-03-06 07:30:00"  # the space form: a zone read too
    assert parse_received("2026-03-05 23:30:00") == "2026-03-05 23:30:00"  # no zone: Beijing time as written
    assert parse_received("2026-03-05") == "2026-03-05 00:00:00"



@pytest.mark.parametrize("text", ["2026-03-05-14:22", "2026-03-05-1422", "2026-03-05+14:22"])
def test_a_time_after_a_dash_or_a_plus_is_refused_not_read_as_a_zone(text):
    """A zone is read only after a clock: a time written after the date with a dash or a plus (no T, no space) is
    not a zone to shift by, and stays refused — by the complaint import as by ``parse_date``."""
    from workstation.importing.complaints import parse_received
    from workstation.validators import zone_shift

    with pytest.raises(ValueError):
        parse_received(text)
    with pytest.raises(ValueError):
        parse_date(text)
    assert zone_shift(text) == (text, dt.timedelta(0))
