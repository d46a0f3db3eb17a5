# ruff: noqa: F811 - the fixture imported from test_yearfix is used by name
"""Small defects a walkthrough found: a document dated after today refused for every form; the holiday-file import's
refusals and confirmation worded for an import; the 举报处理结果告知书's 联系人 and its salutation without a name;
the lead forms listed from the forms that are lead forms; one refusal for the hearing documents; ``leads add``
naming the year and the file a T1 counted without holiday data needs."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import move_program_clock, run
from tests.test_yearfix import CAL_2027, JANUARY_4, january_4  # noqa: F401
from workstation.audit import acting
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.numbering import next_number
from workstation.documents.stage_rules import state_refusal
from workstation.errors import ValidationError, WorkstationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    LEAD_FORMS,
    REPORT_NOTICE,
    assign_lead,
    check_lead_issue,
    decide_lead,
    draft_lead_document,
    issue_lead_document,
)
from workstation.records import Officer, today
from workstation.store import agency_by_code, find_case, save_officer

CASE = "佛南市监立〔2026〕1号"
INTERVIEW = "0e7e310e-296a-586e-96a9-4a924496795f"  # the demo's joint interview of three operators, held


def _tomorrow() -> str:
    return (dt.date.fromisoformat(today()) + dt.timedelta(days=1)).isoformat()


def _documents(db) -> int:
    return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def _reported_lead(db, by_number: bool = False) -> str:
    """A named report received 2026-09-21, assigned to the Nanhai bureau, not filed on 2026-09-30: its reporter's
    name and number, or (``by_number``) only the number, as a report stored before m058 kept named."""
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                       description="来访举报某公司反复发送营销短信", party="佛山市某某信息咨询有限公司",
                                       complainant_phone="13800138000",
                                       reporter_name="" if by_number else "李某某")).id
    if by_number:
        db.execute("UPDATE leads SET reporter_named_by_number = 1 WHERE id = ?", [lead])
    assign_lead(db, lead, agency_by_code(db, "440605").id, on="2026-09-22")
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="经核查，未发现违法行为")
    return lead


# ---- 1. a 落款 after today

def test_a_decision_dated_after_today_is_refused_naming_its_date_field_and_takes_no_number(
        demo_db, data_dir, english):
    case = find_case(demo_db, CASE)
    form = find_form("penalty_decision")
    tomorrow = _tomorrow()
    before, number = _documents(demo_db), next_number(demo_db, case.agency_id, "处")
    for attempt in (check_issue, issue_document):
        args = (demo_db, data_dir) if attempt is issue_document else (demo_db,)
        with pytest.raises(ValidationError) as refused:
            attempt(*args, case, form, {"decided_on": tomorrow})
        assert list(refused.value.errors) == ["决定日期"]
        assert refused.value.errors["决定日期"].startswith(f"{tomorrow} is after today ({today()}): ")
    assert (_documents(demo_db), next_number(demo_db, case.agency_id, "处")) == (before, number)
    draft = draft_document(demo_db, case, form, {"decided_on": tomorrow})  # its draft may still be printed
    assert draft.title == form.title


def test_a_leads_letter_dated_after_today_is_refused_naming_its_date_field(db, data_dir, english):
    lead = _reported_lead(db)
    form = find_form(REPORT_NOTICE)
    typed = {"contact_person": "邓颖诗", "reporter_name": "李某某", "issued_on": _tomorrow()}
    before = _documents(db)
    for attempt in (lambda: check_lead_issue(db, lead, form, typed),
                    lambda: issue_lead_document(db, data_dir, lead, form, typed)):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert list(refused.value.errors) == ["告知日期"]
    assert _documents(db) == before
    assert issue_lead_document(db, data_dir, lead, form, {**typed, "issued_on": today()}).number


def test_interview_minutes_dated_after_today_are_refused_naming_their_date_field(demo_db, data_dir, english):
    from workstation.documents.interview_documents import check_interview_issue, issue_interview_document
    from workstation.store.interviews import get_interview

    interview = get_interview(demo_db, INTERVIEW)
    form = find_form("interview_minutes")
    label = form.field("issued_on").label
    before = _documents(demo_db)
    for attempt in (lambda: check_interview_issue(demo_db, interview, form, {"issued_on": _tomorrow()}),
                    lambda: issue_interview_document(demo_db, data_dir, interview, form, {"issued_on": _tomorrow()})):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert list(refused.value.errors) == [label]
    assert _documents(demo_db) == before
    # dated today, with the report it asks for due no earlier (约谈纪要 dated after that day are refused; the register
    # says the deadline the minutes print): issued
    from dataclasses import replace

    from workstation.store.interviews import save_interview

    interview = save_interview(demo_db, replace(interview, rectification_due=today()), despite_issued=True)
    check_interview_issue(demo_db, interview, form, {"issued_on": today(), "report_by": today()})


# ---- 2. the holiday file chosen to import

def test_an_imported_holiday_file_refused_says_to_import_it_again_not_to_restart(tmp_path, english):
    from workstation.workdays import CalendarFileError, checked_year_file, import_year_file

    bad = tmp_path / "2027.toml"
    bad.write_text(CAL_2027.replace("to = 2027-01-05", "to = 2027-13-05"), encoding="utf-8")
    for attempt in (lambda: checked_year_file(bad, importing=True), lambda: import_year_file(tmp_path / "d", bad)):
        with pytest.raises(CalendarFileError) as refused:
            attempt()
        assert refused.value.message.endswith("; fix it and import it again.")
        assert "restart" not in refused.value.message
    with pytest.raises(CalendarFileError) as read:  # read from the calendar folder at start-up: as before
        checked_year_file(bad)
    assert read.value.message.endswith("the file was ignored until it is fixed.")


def test_a_2026_file_copied_as_2027_is_told_its_name_and_year_disagree_before_its_dates(tmp_path, english):
    from workstation.workdays import CalendarFileError, import_year_file

    copied = tmp_path / "2027.toml"  # copied, its year not edited, some dates already typed for 2027
    copied.write_text(CAL_2027.replace("year = 2027", "year = 2026"), encoding="utf-8")
    with pytest.raises(CalendarFileError) as refused:
        import_year_file(tmp_path / "data", copied)
    assert not (tmp_path / "data").exists()
    assert (f"{copied}, line 1: the file is named 2027 but gives the holidays of 2026: name it 2026.toml, or give "
            "the holidays of 2027 in it; fix it and import it again.") == refused.value.message


@pytest.mark.gui
def test_importing_a_years_file_again_says_it_was_replaced(db, prompts, tmp_path, english):
    from ui.deadlines import import_calendar_file
    from workstation.clocks import data_dir_of
    from workstation.workdays import reload_calendars

    source = tmp_path / "2027.toml"
    source.write_text(CAL_2027, encoding="utf-8")
    target = data_dir_of(db) / "calendar" / "2027.toml"
    try:
        prompts.files.append(str(source))
        assert import_calendar_file(None, prompts, db)
        assert prompts.infos[-1].startswith("The holidays of 2027 were added (")
        source.write_text(CAL_2027.replace("测试用通知", "另一份通知").replace("to = 2027-01-05", "to = 2027-01-04"),
                          encoding="utf-8")  # other days: a text alone differing is the same calendar
        prompts.files.append(str(source))
        prompts.confirm_answer = True
        assert import_calendar_file(None, prompts, db)
        assert prompts.infos[-1].startswith("The holidays of 2027 were replaced (")
        assert "另一份通知" in target.read_text(encoding="utf-8")
    finally:
        target.unlink(missing_ok=True)
        reload_calendars()


# ---- 3. the 举报处理结果告知书

def test_the_report_notice_names_the_officer_who_registered_the_lead_as_its_contact(db, english):
    save_officer(db, Officer(name="邓颖诗", agency_id=agency_by_code(db, "440605").id, cert_no="44060514963"))
    with acting("邓颖诗"):
        lead = _reported_lead(db)
    # checked with nobody signed in and no lead document issued before: the lead's officer, not an empty 联系人
    values, _context, _agency = check_lead_issue(db, lead, find_form(REPORT_NOTICE), {"reporter_name": "李某某"})
    assert values["contact_person"] == "邓颖诗"


def test_a_report_notice_without_the_reporters_name_leaves_a_line_to_write_it_on(db):
    from workstation.documents.pdf_writer import render_pdf

    lead = _reported_lead(db, by_number=True)  # stored before the name was needed (m058)
    document = draft_lead_document(db, lead, find_form(REPORT_NOTICE), {"contact_person": "邓颖诗"})
    lines = [line.strip() for line in render_pdf(document).text_lines()]
    assert "＿＿＿＿＿＿＿＿：" in lines and "举报人：" not in lines
    named = draft_lead_document(db, lead, find_form(REPORT_NOTICE), {"contact_person": "邓颖诗",
                                                                     "reporter_name": "李某某"})
    assert "李某某：" in [line.strip() for line in render_pdf(named).text_lines()]


# ---- 4. the lead forms listed from the lead forms

@pytest.mark.parametrize("action", ["issue", "render"])
def test_docs_help_lists_every_lead_form(capsys, action):
    from workstation.cli import main

    with pytest.raises(SystemExit):
        main(["docs", action, "--help"])
    help_text = "".join(capsys.readouterr().out.split())  # argparse wraps it anywhere
    for form_id in LEAD_FORMS:
        assert find_form(form_id).title in help_text


def test_a_case_form_refused_for_a_lead_lists_every_lead_form(db, english):
    lead = _reported_lead(db)
    with pytest.raises(WorkstationError) as refused:
        check_lead_issue(db, lead, find_form("penalty_decision"))
    assert refused.value.message.startswith("A lead's documents are ")  # no internal field name before it
    assert all(find_form(form_id).title in refused.value.message for form_id in LEAD_FORMS)


# ---- 5. one refusal for the hearing documents

def test_the_hearing_notice_record_and_report_refuse_a_case_without_a_hearing_request_in_one_wording(
        db, make_case, english):
    case = make_case(status="pre_notice", filed_on="2026-03-02", notice_served_on="2026-03-20")
    refusals = {form_id: state_refusal(db, case, form_id)
                for form_id in ("hearing_notice", "hearing_record", "hearing_report")}
    shapes = {message.replace(find_form(form_id).title, "{title}") for form_id, message in refusals.items()}
    assert len(shapes) == 1
    assert refusals["hearing_notice"].startswith("No hearing request is recorded in this case, so no 行政处罚听证通知书 "
                                                 "can be written")


# ---- 6. leads add: the year and the file a T1 counted without holiday data needs

def test_leads_add_names_the_year_and_the_file_a_t1_into_a_year_without_holiday_data_needs(
        cli_station, tmp_path, capsys, january_4, monkeypatch, english):
    from workstation import leads_register

    move_program_clock(monkeypatch, JANUARY_4, leads_register)
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    code, out, err = run(capsys, "--data-dir", station, "leads", "add", "--source", "举报", "--received",
                         "2026-12-21T10:00", "--description", "市民反映频繁收到推销短信")
    assert code == 0 and "decide whether to file by 2027-01-12 (calendar unconfirmed) (T1)." in out
    assert "Note: There is no holiday data for 2027 yet" in err
    assert str(station / "calendar" / "2027.toml") in err
    code, out, err = run(capsys, "--data-dir", station, "leads", "add", "--source", "举报", "--received",
                         "2026-11-02T10:00", "--description", "市民反映频繁收到推销短信")
    assert code == 0 and "(calendar unconfirmed)" not in out and "holiday data" not in err
