"""Faults of the interviews audit (约谈, s60), as the core and the command line show them: the register's search
finds what it found before, from texts made once per interview (D1); a date years ahead is refused naming its field
(D4); a deadline typed by hand is stored as such and never counted again when a holiday file is imported, whose
output names the interviews whose deadline moved (D5); a refusal of `interviews edit` names the follow-up in words
and says what to give (D6); `interviews follow-up` refuses a "not rectified" before the deadline as the window does;
an issued 约谈记录 whose printed deadline is no longer the count of its working days on the calendar now in force is
marked in `interviews list` and named by `calendar import`, and a follow-up or escalation before the recounted day is
refused or asked about as before a deadline (D2). The program's clock is moved to the days acted on."""

from __future__ import annotations

import json
import unicodedata

import pytest

from tests.helpers import fixed_holidays_toml, program_day, run, run_json

PARTY = "佛山市高明区杨和翎峪装饰设计工作室"
#: a 2027 holiday file whose 元旦 runs 1–5 January (fictional), with the other holidays the law fixes
CAL_2027 = ('year = 2027\nsource = "测试用通知"\n[[holiday]]\nname = "元旦"\nfrom = 2027-01-01\nto = 2027-01-05\n'
            + fixed_holidays_toml(2027, but=("元旦",)))
RECORD = {"time_to": "11:00", "issues": "骚扰电话问题", "requirements": "立即整改"}


@pytest.fixture(autouse=True)
def calendars_read_again():
    from workstation.workdays import reload_calendars

    reload_calendars()
    yield
    reload_calendars()


def _add(capsys, data_dir, day: str, *options) -> dict:
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", PARTY,
                    "--date", day, "--time", "9:30", "--place", "本局会议室", "--topics", "骚扰电话",
                    "--officer", "李明:科长", "--officer", "黄晓:科员", "--attendee", "王五:经营者",
                    "--commitments", "停止外呼", *options)


def _import_2027(capsys, data_dir, tmp_path, *options):
    source = tmp_path / "2027.toml"
    source.write_text(CAL_2027, encoding="utf-8")
    return run(capsys, "calendar", "import", str(source), "--data-dir", data_dir, *options)


def _issue_record(capsys, data_dir, tmp_path, interview_id: str, name: str = "record.pdf") -> dict:
    path = tmp_path / "values.json"
    path.write_text(json.dumps(RECORD, ensure_ascii=False), encoding="utf-8")
    return run_json(capsys, "interviews", "issue", interview_id, "--data-dir", data_dir, "--form", "interview_record",
                    "--values", path, "-o", tmp_path / name)


def _listed(capsys, data_dir, interview_id: str) -> str:
    code, out, err = run(capsys, "interviews", "list", "--data-dir", data_dir)
    assert code == 0, err
    (line,) = [line for line in out.splitlines() if line.startswith(interview_id)]
    return line


# D1: the search, made once per interview, finds what it found ---------------------------------------------------
def _found_before(interview, query: str, *also: str) -> bool:
    """``store.interviews.interview_found`` as it read every interview's texts at each search (before s60)."""
    from workstation.case_reference import search_key
    from workstation.store.cases import search_terms

    attendees = (f"{a.get('name', '')} {a.get('organisation', '')}" for a in interview.attendees)
    text = "\n".join([interview.held_on, interview.subject, interview.place, interview.topics, interview.provisions,
                      interview.commitments, interview.summary, interview.follow_up_result, *attendees, *also])
    texts = [t.casefold() for t in dict.fromkeys([text, search_key(text), unicodedata.normalize("NFKC", text)])]
    return all(any(form.casefold() in t for form in term for t in texts) for term in search_terms(query))


QUERIES = ("骚", "佛山", "佛山市南海区", "（佛山）", "(佛山)", "佛南市监约", "约谈12", "zzz", "2026-11", "ABC", "abc",
           "138 0013 8000", "李明 科长", "整改 骚扰", "１２", "")


def test_the_register_search_finds_the_interviews_it_found_before(demo_db):
    from workstation.interview_register import register_found, register_search_texts
    from workstation.store.cases import search_terms
    from workstation.store.interviews import (
        interview_search_texts,
        list_interviews,
        register_links,
        search_texts_found,
    )

    interviews = list_interviews(demo_db, include_void=True)
    links = register_links(demo_db, interviews)
    assert len(interviews) > 5
    for query in QUERIES:
        terms = search_terms(query)
        for i in interviews:
            also = [*(links.party_names.get(p, p) for p in i.party_ids),
                    *(d.number or "" for d in links.documents.get(i.id, []))]
            before = _found_before(i, query, *also)
            assert search_texts_found(interview_search_texts(i, *also), terms) == before, (query, i.id)
            # the register's, with its cases and 文号: found as `interviews list` found it
            assert register_found(i, query, links) == search_texts_found(register_search_texts(i, links), terms)


# D4: a date years ahead ------------------------------------------------------------------------------------------
def test_a_date_years_ahead_is_refused_naming_its_field(db, english):
    from workstation.validators import LATEST_YEARS_AHEAD, far_ahead

    program = "2026-12-06"
    assert LATEST_YEARS_AHEAD == 2
    assert far_ahead("2028-12-31", "The deadline", on=program) is None  # the next two years are plans
    assert far_ahead("2027-01-08", "The deadline", on=program) is None
    refusal = far_ahead("2926-11-03", "The interview date", on=program)
    assert refusal.startswith("The interview date 2926-11-03") and "2028" in refusal and "2026-11-03" in refusal


def test_interviews_add_refuses_a_date_or_deadline_years_ahead(demo_db, data_dir, capsys, monkeypatch, english):
    program_day(monkeypatch, "2026-12-06")
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", PARTY,
                          "--date", "2926-11-03", "--officer", "李明:科长")
    assert code == 1 and "--date" in err and "2926-11-03" in err and "The interview date" in err, err
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", PARTY,
                          "--date", "2026-12-03", "--deadline", "2206-12-01", "--commitments", "x",
                          "--officer", "李明:科长")
    assert code == 1 and "--deadline" in err and "The rectification deadline 2206-12-01" in err, err
    # a deadline of the next years is no slip
    added = _add(capsys, data_dir, "2026-12-03", "--deadline", "2028-06-30")
    assert added["rectification_due"] == "2028-06-30"


# D5: a deadline typed by hand is kept -----------------------------------------------------------------------------
def test_a_typed_deadline_is_never_recounted_and_the_import_names_those_moved(demo_db, data_dir, capsys, tmp_path,
                                                                             monkeypatch, english):
    program_day(monkeypatch, "2026-12-18")
    typed = _add(capsys, data_dir, "2026-12-17", "--deadline", "2027-01-08")  # the Monday-to-Friday count, typed
    counted = _add(capsys, data_dir, "2026-12-16")
    assert counted["rectification_due"] == "2027-01-07"
    code, out, err = _import_2027(capsys, data_dir, tmp_path)
    assert code == 0, err
    from workstation.store.interviews import deadline_was_typed, get_interview

    assert get_interview(demo_db, typed["id"]).rectification_due == "2027-01-08"
    assert deadline_was_typed(demo_db, typed["id"]) and not deadline_was_typed(demo_db, counted["id"])
    moved = get_interview(demo_db, counted["id"]).rectification_due
    assert moved == "2027-01-11"
    # the plain text names the interview whose deadline moved, and its new day; not the one typed
    assert counted["id"] in out and moved in out and PARTY in out, out
    assert typed["id"] not in out


def test_a_typed_deadline_stays_when_the_date_moves(demo_db, data_dir, capsys, monkeypatch, english):
    program_day(monkeypatch, "2026-12-18")
    counted_from_the_15th = "2027-01-06"
    typed = _add(capsys, data_dir, "2026-12-15", "--deadline", counted_from_the_15th)
    edited = run_json(capsys, "interviews", "edit", typed["id"], "--date", "2026-12-14", "--data-dir", data_dir)
    assert edited["rectification_due"] == counted_from_the_15th
    # a deadline cleared is counted again, and no longer typed
    from workstation.store.interviews import deadline_was_typed

    cleared = run_json(capsys, "interviews", "edit", typed["id"], "--deadline", "", "--data-dir", data_dir)
    assert cleared["rectification_due"] == "2027-01-05" and not deadline_was_typed(demo_db, typed["id"])


# D6 and the follow-up before the deadline ------------------------------------------------------------------------
def test_an_edit_refused_for_the_follow_up_names_it_in_words(demo_db, data_dir, capsys, monkeypatch, english):
    program_day(monkeypatch, "2026-12-06")
    added = _add(capsys, data_dir, "2026-11-20")
    run_json(capsys, "interviews", "follow-up", added["id"], "--on", "2026-12-04", "--result", "已整改",
             "--outcome", "rectified", "--data-dir", data_dir)
    code, _out, err = run(capsys, "interviews", "edit", added["id"], "--date", "2026-12-09", "--data-dir", data_dir)
    assert code == 1
    assert "follow_up_result" not in err and "follow_up_outcome" not in err, err
    assert "Follow-up recorded:" in err and "Clear the follow-up result" not in err, err
    assert "2026-12-04" in err and "--date" in err, err


def test_a_follow_up_saying_not_rectified_before_the_deadline_is_refused(demo_db, data_dir, capsys, monkeypatch,
                                                                        english):
    program_day(monkeypatch, "2026-12-06")
    added = _add(capsys, data_dir, "2026-11-27")
    assert added["rectification_due"] == "2026-12-18"
    code, _out, err = run(capsys, "interviews", "follow-up", added["id"], "--on", "2026-12-03", "--result", "未整改",
                          "--data-dir", data_dir)
    assert code == 1 and "2026-12-18" in err and "--result" in err, err
    from workstation.store.interviews import get_interview

    assert get_interview(demo_db, added["id"]).follow_up_result == ""  # nothing recorded


# D2: an issued record's deadline, no longer the count on the calendar now in force ----------------------------------
@pytest.fixture
def record_into_2027(demo_db, data_dir, capsys, tmp_path, monkeypatch):
    """An interview held on 2026-12-15 whose 约谈记录 prints 15个工作日内 … 截止日期 2027-01-06 (counted Monday to
    Friday less 元旦), then the 2027 file imported: 15 working days end on 2027-01-08."""
    program_day(monkeypatch, "2026-12-16")
    added = _add(capsys, data_dir, "2026-12-15")
    assert added["rectification_due"] == "2027-01-06"
    _issue_record(capsys, data_dir, tmp_path, added["id"])
    return added["id"]


def test_the_import_and_the_list_name_a_record_whose_deadline_the_calendar_moved(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, record_into_2027, english):
    assert "2027-01-08" not in _listed(capsys, data_dir, record_into_2027)
    code, out, err = _import_2027(capsys, data_dir, tmp_path)
    assert code == 0, err
    (said,) = [line for line in out.splitlines() if record_into_2027 in line]
    assert "2027-01-06" in said and "2027-01-08" in said and "约谈记录" in said and "Void the record" in said, said
    code, out, _err = _import_2027(capsys, data_dir, tmp_path, "--replace", "--json")
    assert json.loads(out)["records_off_calendar"] == [record_into_2027]
    line = _listed(capsys, data_dir, record_into_2027)
    assert "2027-01-06" in line and "2027-01-08" in line and "日历待核实" not in line, line
    listed = run_json(capsys, "interviews", "list", "--data-dir", data_dir)
    (row,) = [r for r in listed if r["id"] == record_into_2027]
    assert "2027-01-08" in row["rectification_due_text"]


def test_a_follow_up_or_escalation_before_the_recounted_day_is_held_back(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, record_into_2027, english):
    _import_2027(capsys, data_dir, tmp_path)
    program_day(monkeypatch, "2027-01-07")
    code, _out, err = run(capsys, "interviews", "follow-up", record_into_2027, "--on", "2027-01-07", "--result",
                          "未整改", "--outcome", "not_rectified", "--data-dir", data_dir)
    assert code == 1 and "2027-01-08" in err, err
    from workstation.store.interviews import early_escalation, get_interview, within_deadline

    interview = get_interview(demo_db, record_into_2027)
    assert not within_deadline(interview, "2027-01-07")  # the register's own day has passed …
    assert within_deadline(interview, "2027-01-07", db=demo_db)  # … not the day the record's period ends on now
    assert "2027-01-08" in early_escalation(interview, "2027-01-07", db=demo_db)
    assert early_escalation(interview, "2027-01-09", db=demo_db) is None
    # a follow-up finding it not rectified after that day is recorded
    program_day(monkeypatch, "2027-01-11")
    run_json(capsys, "interviews", "follow-up", record_into_2027, "--on", "2027-01-11", "--result", "未整改",
             "--outcome", "not_rectified", "--data-dir", data_dir)


def test_the_mark_goes_once_the_record_is_issued_again_with_the_day(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, record_into_2027, english):
    from workstation.documents.interview_documents import interview_documents
    from workstation.store.interviews import get_interview, record_recount

    _import_2027(capsys, data_dir, tmp_path)
    found = record_recount(demo_db, get_interview(demo_db, record_into_2027))
    assert (found.printed, found.days, found.due) == ("2027-01-06", 15, "2027-01-08")
    (record,) = [d for d in interview_documents(demo_db, record_into_2027) if d.form_id == "interview_record"]
    run_json(capsys, "docs", "void", record.id, "--reason", "期限按新日历更正", "--data-dir", data_dir)
    assert record_recount(demo_db, get_interview(demo_db, record_into_2027)) is None  # voided: none printed
    run_json(capsys, "interviews", "edit", record_into_2027, "--deadline", "2027-01-08", "--data-dir", data_dir)
    _issue_record(capsys, data_dir, tmp_path, record_into_2027, "record2.pdf")
    assert record_recount(demo_db, get_interview(demo_db, record_into_2027)) is None
    assert "2027-01-08" in _listed(capsys, data_dir, record_into_2027)
