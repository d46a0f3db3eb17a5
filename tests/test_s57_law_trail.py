"""The trail of a bureau's copies of the legal data files, and the interview's rectification period kept in them.

``law copy`` and ``law reset`` write an audit entry naming the file and the sha256 of the copy made, replaced or
removed (``audit list`` shows it, ``audit verify`` keeps the log intact); ``docs issue``, ``stats`` and ``report
campaign`` say a copy that was refused (its shipped values applied), as ``clocks`` and ``transition`` do. The working
days an interview gives its party to report its rectification in writing (REFERENCE §2.4: an example, UNCONFIRMED)
are ``[rectification_check] interview_report_working_days`` of thresholds.toml: a bureau's copy changes the
deadline an interview held with commitments is given, and the 约谈纪要's deadline when the register has none."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from tests.helpers import move_program_clock, pdf_text, run, run_json
from workstation import paths
from workstation.audit import digest
from workstation.cli import main
from workstation.law import data as law_data
from workstation.paths import database_path
from workstation.records import SHANGHAI

ASSOCIATION = "佛山市小额贷款行业协会"  # demo parties and the 桂城所, as tests/test_interview_walk.py has them
LENDER = "佛山市南海区泊岸小额贷款有限公司"
GUICHENG = "440605011"
HELD = "2026-11-26"  # a Thursday: 15 working days later is 2026-12-17, 10 working days later 2026-12-10
KEY = "interview_report_working_days = 15"


@pytest.fixture
def station(data_dir, monkeypatch):
    """``data_dir`` as the data directory in use, every parse of the legal data forgotten."""
    monkeypatch.setattr(law_data, "_PARSED", {})
    previous = paths.use_data_dir(data_dir)
    yield data_dir
    paths.use_data_dir(previous)


def _own_copy(folder, name: str, old: str, new: str):
    text = paths.resource("law", f"{name}.toml").read_text(encoding="utf-8")
    assert old in text
    target = folder / "law" / f"{name}.toml"
    target.parent.mkdir(exist_ok=True)
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def _law_entries(db) -> list[tuple]:
    return db.execute("SELECT action, entity_id, before_digest, after_digest FROM audit WHERE entity = 'law' "
                      "ORDER BY seq").fetchall()


def _record(path) -> dict:
    return {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


# ---- law copy / law reset: audited --------------------------------------------------------------------------------

def test_law_copy_force_and_reset_each_write_an_audit_entry_naming_the_file_and_its_sha256(db, station, capsys,
                                                                                           english):
    copied = station / "law" / "clocks.toml"
    result = run_json(capsys, "--data-dir", station, "law", "copy", "clocks")
    made = _record(copied)
    assert result["sha256"] == made["sha256"] == hashlib.sha256(
        paths.resource("law", "clocks.toml").read_bytes()).hexdigest()
    assert _law_entries(db) == [("copy", "clocks.toml", "", digest(made))]

    copied.write_text(copied.read_text(encoding="utf-8") + "\n# 本局修改\n", encoding="utf-8")
    edited = _record(copied)
    result = run_json(capsys, "--data-dir", station, "law", "copy", "clocks", "--force")
    assert result["sha256"] == made["sha256"]
    assert _law_entries(db)[-1] == ("replace", "clocks.toml", digest(edited), digest(made))

    copied.write_text(copied.read_text(encoding="utf-8") + "\n# 又改\n", encoding="utf-8")
    removed = _record(copied)
    result = run_json(capsys, "--data-dir", station, "law", "reset", "clocks")
    assert result["removed"] and result["sha256"] == removed["sha256"] and not copied.exists()
    assert _law_entries(db)[-1] == ("remove", "clocks.toml", digest(removed), "")

    run_json(capsys, "--data-dir", station, "law", "reset", "clocks")  # nothing there: nothing changed, no entry
    assert len(_law_entries(db)) == 5
    listed = run_json(capsys, "--data-dir", station, "audit", "list", "--entity", "law")["entries"]
    # each edit by hand recorded as the next command opened the data, before the copy was replaced or removed
    assert [(e["action"], e["entity_id"]) for e in listed] == [
        ("remove", "clocks.toml"), ("update", "clocks.toml"), ("replace", "clocks.toml"), ("update", "clocks.toml"),
        ("copy", "clocks.toml")]
    code, out, _err = run(capsys, "--data-dir", station, "audit", "list", "--entity", "law")
    assert code == 0 and out.count("clocks.toml") == 5
    assert run_json(capsys, "--data-dir", station, "audit", "verify")["valid"]


def test_a_refused_copy_writes_no_entry(db, station, capsys, english):
    run_json(capsys, "--data-dir", station, "law", "copy", "criminal")
    code, _out, err = run(capsys, "--data-dir", station, "law", "copy", "criminal")  # there already, no --force
    assert code != 0 and "--force" in err
    assert [entry[0] for entry in _law_entries(db)] == ["copy"]


def test_without_a_database_the_copy_is_made_and_none_is_created(station, capsys, english):
    result = run_json(capsys, "--data-dir", station, "law", "copy", "discretion")
    assert (station / "law" / "discretion.toml").exists() and result["sha256"]
    assert not database_path(station).exists()
    assert run_json(capsys, "--data-dir", station, "law", "reset", "discretion")["removed"]
    assert not database_path(station).exists()


# ---- a refused copy said by docs issue, stats and report ---------------------------------------------------------

def _refused_criminal_copy(folder) -> str:
    _own_copy(folder, "criminal", "threshold = 5_000", "threshold = -1")
    problems = law_data.problems(folder)
    assert len(problems) == 1 and "criminal.toml" in problems[0]
    return problems[0]


def test_stats_and_report_say_a_refused_copy(db, station, capsys, tmp_path, english):
    problem = _refused_criminal_copy(station)
    code, out, err = run(capsys, "--data-dir", station, "stats")
    assert code == 0 and f"Warning: {problem}" in err and problem not in out
    code, _out, err = run(capsys, "--data-dir", station, "stats", "export", "-o", tmp_path / "stats.csv")
    assert code == 0 and f"Warning: {problem}" in err
    code, _out, err = run(capsys, "--data-dir", station, "report", "campaign", "-o", tmp_path / "report.xlsx")
    assert code == 0 and f"Warning: {problem}" in err


def test_docs_issue_says_a_refused_copy(db, station, make_case, capsys, tmp_path, english):
    problem = _refused_criminal_copy(station)
    case = make_case(status="investigating", filed_on="2026-03-02", facts="经查，当事人未经消费者同意向其发送商业性短信。",
                     violations=["unsolicited_commercial_messages"])
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"appear_on": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
                                  "appear_time": "上午9时30分", "appear_place": "本局三楼询问室"}, ensure_ascii=False),
                      encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, "docs", "issue", case.case_number, "--form",
                         "inquiry_notice", "--values", values, "-o", tmp_path / "notice.pdf")
    assert f"Warning: {problem}" in err and problem not in out
    assert code == 0, err


def test_nothing_is_said_without_a_refused_copy(db, station, capsys, english):
    code, _out, err = run(capsys, "--data-dir", station, "stats")
    assert code == 0 and "legal data file" not in err


# ---- the interview's rectification period, kept in thresholds.toml -----------------------------------------------

def test_the_period_is_in_the_shipped_data_and_a_copy_without_it_is_refused_naming_it(station):
    from workstation.store.interviews import rectification_workdays

    assert law_data.load("thresholds")["rectification_check"]["interview_report_working_days"] == 15
    assert rectification_workdays() == 15
    _own_copy(station, "thresholds", KEY, "")
    problems = law_data.problems(station)
    assert len(problems) == 1 and "interview_report_working_days" in problems[0] and "thresholds.toml" in problems[0]
    assert rectification_workdays() == 15  # the shipped value meanwhile
    _own_copy(station, "thresholds", KEY, "interview_report_working_days = 10")
    assert law_data.problems(station) == [] and rectification_workdays() == 10


def _joint_interview(capsys, data_dir, *more: str) -> str:
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", GUICHENG, "--party",
                    ASSOCIATION, "--party", LENDER, "--date", HELD, "--time", "14:30", "--place", "桂城所会议室",
                    "--topics", "部分会员单位拨打贷款推销电话", "--officer", "罗展鹏:所长", "--officer", "黄少芬:科员",
                    "--recorder", "黄少芬", "--attendee", f"欧敏仪:秘书长:{ASSOCIATION}",
                    "--attendee", f"梁国辉:总经理:{LENDER}", *more)["id"]


def test_an_interview_held_with_commitments_is_given_the_bureaus_period(demo_db, station, capsys):
    from workstation.store.interviews import get_interview

    shipped = _joint_interview(capsys, station, "--commitments", "各单位停止拨打")
    assert get_interview(demo_db, shipped).rectification_due == "2026-12-17"
    _own_copy(station, "thresholds", KEY, "interview_report_working_days = 10")
    own = _joint_interview(capsys, station, "--commitments", "各单位停止拨打", "--allow-duplicate")
    assert get_interview(demo_db, own).rectification_due == "2026-12-10"
    rows = run_json(capsys, "clocks", "--data-dir", station, "--as-of", "2026-12-08")
    row = next(r for r in rows if r["interview_id"] == own)
    assert (row["due"], row["unit"], row["period"]) == ("2026-12-10", "wd", 10)


def _issue_minutes(capsys, data_dir, tmp_path, interview: str, **values) -> tuple[int, str]:
    (given := tmp_path / "values.json").write_text(json.dumps({"agreed": "各方承诺停止拨打", **values},
                                                              ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form",
                          "interview_minutes", "-o", tmp_path / "m.pdf", "--values", given)
    return code, err


def test_the_minutes_of_an_interview_without_a_deadline_count_the_bureaus_period(demo_db, station, capsys, tmp_path,
                                                                                 monkeypatch, english):
    from workstation.store.interviews import get_interview

    _own_copy(station, "thresholds", KEY, "interview_report_working_days = 10")
    interview = _joint_interview(capsys, station)  # held without commitments: no deadline in the register
    assert not get_interview(demo_db, interview).rectification_due
    move_program_clock(monkeypatch, dt.datetime(2026, 12, 14, 12, tzinfo=SHANGHAI))
    code, err = _issue_minutes(capsys, station, tmp_path, interview, issued_on="2026-12-11")
    assert code != 0 and "(2026-12-10)" in err, err  # dated after the day they print
    # issued before that day: minutes are not issued after it however they are dated (s65)
    move_program_clock(monkeypatch, dt.datetime(2026, 12, 4, 12, tzinfo=SHANGHAI))
    code, err = _issue_minutes(capsys, station, tmp_path, interview, issued_on="2026-12-01")
    assert code == 0, err
    assert "2026年12月10日前" in pdf_text((tmp_path / "m.pdf").read_bytes())
    assert get_interview(demo_db, interview).rectification_due == "2026-12-10"  # the register takes it


def test_minutes_whose_deadline_was_cleared_are_held_to_the_bureaus_period(demo_db, station, capsys, tmp_path,
                                                                           monkeypatch, english):
    _own_copy(station, "thresholds", KEY, "interview_report_working_days = 10")
    interview = _joint_interview(capsys, station, "--commitments", "各单位停止拨打")
    move_program_clock(monkeypatch, dt.datetime(2026, 12, 14, 12, tzinfo=SHANGHAI))
    code, err = _issue_minutes(capsys, station, tmp_path, interview, issued_on="2026-12-11", report_by="")
    assert code != 0 and "10 working days after the interview (2026-12-10)" in err, err


# ---- the forms, the help and the editor print the period in force ---------------------------------------------------

def _issue(capsys, data_dir, tmp_path, interview: str, form: str, values: dict, *more: str) -> str:
    """The text of ``form`` issued for ``interview`` with ``values``, as its PDF prints it."""
    (given := tmp_path / f"{form}.json").write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form", form,
                          "-o", out := tmp_path / f"{form}.pdf", "--values", given, *more)
    assert code == 0, err
    return pdf_text(out.read_bytes())


@pytest.mark.parametrize(("own", "days"), [(False, 15), (True, 10)])
def test_minutes_without_a_deadline_print_the_period_in_force(demo_db, station, capsys, tmp_path, monkeypatch,
                                                              english, own, days):
    if own:
        _own_copy(station, "thresholds", KEY, "interview_report_working_days = 10")
    interview = _joint_interview(capsys, station, "--commitments", "各单位停止拨打")
    move_program_clock(monkeypatch, dt.datetime(2026, 12, 1, 12, tzinfo=SHANGHAI))
    text = _issue(capsys, station, tmp_path, interview, "interview_minutes",
                  {"agreed": "各方承诺停止拨打", "issued_on": "2026-12-01", "report_by": ""})
    assert f"各被约谈单位应当自约谈之日起{days}个工作日内向本局书面报送整改落实情况。" in text, text
    assert ("15个工作日内" in text) is (days == 15)


@pytest.mark.parametrize(("own", "days", "due"), [(False, 15, "2026年12月17日"), (True, 10, "2026年12月10日")])
def test_a_record_of_an_interview_without_a_deadline_prints_the_period_in_force_and_its_end(
        demo_db, station, capsys, tmp_path, monkeypatch, english, own, days, due):
    from workstation.store.interviews import get_interview

    if own:
        _own_copy(station, "thresholds", KEY, "interview_report_working_days = 10")
    interview = _joint_interview(capsys, station)  # no commitments: the register has no deadline
    move_program_clock(monkeypatch, dt.datetime(2026, 12, 1, 12, tzinfo=SHANGHAI))
    text = _issue(capsys, station, tmp_path, interview, "interview_record", {"time_to": "16:00"}, "--party", LENDER)
    assert f"你单位应当自约谈之日起{days}个工作日内书面报送整改情况（截止日期：{due}）" in text, text
    assert get_interview(demo_db, interview).rectification_due == f"2026-12-{due[-3:-1]}"  # the register takes it


def test_the_forms_print_exactly_what_their_earlier_versions_printed_with_the_shipped_period(demo_db, station,
                                                                                              capsys):
    from workstation.documents.compose import compose
    from workstation.documents.interview_documents import check_interview_issue
    from workstation.formkit.spec import earlier_form, load_forms
    from workstation.store.interviews import get_interview

    forms = load_forms()[0]
    kept = _joint_interview(capsys, station, "--commitments", "各单位停止拨打")
    bare = _joint_interview(capsys, station, "--allow-duplicate")
    for form_id, overrides, party in (("interview_minutes", {"report_by": ""}, None),
                                      ("interview_record", {}, LENDER)):
        form = forms[form_id]
        # the latest version before the period was the legal data's (the minutes were raised again since: s58)
        before = next(earlier for earlier in (earlier_form(form_id, v) for v in range(form.version - 1, 0, -1))
                      if not any(f.name == "report_workdays" for f in earlier.fields))
        assert before.version < form.version
        for interview_id in (kept, bare):
            interview = get_interview(demo_db, interview_id)
            party_id = next((p for p in interview.party_ids if party and party in _party_name(demo_db, p)), None)
            values, _context = check_interview_issue(demo_db, interview, form, overrides, party_id, issuing=False)
            assert values["report_workdays"] == 15
            now = compose(form, values, agency="佛山市南海区市场监督管理局").text
            earlier = compose(before, values, agency="佛山市南海区市场监督管理局").text
            assert now == earlier
            # the period printed: the minutes' without their 截止日期, the record's default (no deadline registered)
            if (form_id, interview_id) in (("interview_minutes", kept), ("interview_record", bare)):
                assert "自约谈之日起15个工作日内" in now, now


def _party_name(db, party_id: str) -> str:
    from workstation.store import get_party

    return get_party(db, party_id).name


def test_the_forms_period_is_read_only_and_the_bureaus(demo_db, station, capsys):
    from workstation.formkit.interview_values import interview_context
    from workstation.formkit.spec import load_forms
    from workstation.formkit.values import default_values
    from workstation.store.interviews import get_interview

    _own_copy(station, "thresholds", KEY, "interview_report_working_days = 10")
    interview = get_interview(demo_db, _joint_interview(capsys, station))
    context = interview_context(demo_db, interview, interview.party_ids[0])
    assert context["interview.report_workdays"] == 10
    for form in (load_forms()[0]["interview_minutes"], load_forms()[0]["interview_record"]):
        field = form.field("report_workdays")
        assert field.read_only and field.type == "integer"
        assert default_values(form, context)["report_workdays"] == 10
    assert default_values(load_forms()[0]["interview_record"], context)["deadline_text"] == \
        "10个工作日内书面报送整改情况"


def test_the_calendar_warning_counts_the_records_default_period_in_force(demo_db, station, capsys, monkeypatch,
                                                                        english):
    from tests.test_s57_calendar_notes import held_without_deadline
    from workstation.store.interviews import get_interview, rectification_calendar_warning

    interview = get_interview(demo_db, held_without_deadline(station, capsys, monkeypatch))  # held 2026-12-28
    warning = rectification_calendar_warning(demo_db, interview, "interview_record")
    assert warning.startswith("The rectification deadline 2027-01-19 is 15 working days after the interview"), warning
    _own_copy(station, "thresholds", KEY, "interview_report_working_days = 10")
    warning = rectification_calendar_warning(demo_db, interview, "interview_record")
    assert warning.startswith("The rectification deadline 2027-01-12 is 10 working days after the interview"), warning


def test_a_deadline_its_issued_record_counted_with_the_old_period_follows_a_moved_date(demo_db, station, capsys,
                                                                                      tmp_path, monkeypatch, english):
    """The bureau changes 15 working days to 10 after a 约谈记录 printed the deadline counted with 15: the interview
    moved a day, its deadline (the one its record counted, not typed) is counted again from the new date, as one
    counted with the period in force would be — not kept as if typed by hand."""
    from workstation.store.interviews import get_interview

    interview = _joint_interview(capsys, station, "--commitments", "各单位停止拨打")
    move_program_clock(monkeypatch, dt.datetime(2026, 12, 1, 12, tzinfo=SHANGHAI))
    text = _issue(capsys, station, tmp_path, interview, "interview_record", {"time_to": "16:00"}, "--party", LENDER)
    assert "15个工作日内书面报送整改情况（截止日期：2026年12月17日）" in text, text
    _own_copy(station, "thresholds", KEY, "interview_report_working_days = 10")
    code, _out, err = run(capsys, "interviews", "edit", interview, "--date", "2026-11-27", "--despite-issued",
                          "--data-dir", station)
    assert code == 0, err
    assert get_interview(demo_db, interview).rectification_due == "2026-12-11"  # 10 working days after 11-27


def test_a_deadline_typed_by_hand_stays_when_the_date_moves_with_a_record_issued(demo_db, station, capsys, tmp_path,
                                                                               monkeypatch, english):
    from workstation.store.interviews import get_interview

    interview = _joint_interview(capsys, station, "--commitments", "各单位停止拨打")
    run_json(capsys, "interviews", "edit", interview, "--deadline", "2026-12-18", "--data-dir", station)
    move_program_clock(monkeypatch, dt.datetime(2026, 12, 1, 12, tzinfo=SHANGHAI))
    _issue(capsys, station, tmp_path, interview, "interview_record", {"time_to": "16:00"}, "--party", LENDER)
    _own_copy(station, "thresholds", KEY, "interview_report_working_days = 10")
    code, _out, err = run(capsys, "interviews", "edit", interview, "--date", "2026-11-27", "--despite-issued",
                          "--data-dir", station)
    assert code == 0, err
    assert get_interview(demo_db, interview).rectification_due == "2026-12-18"


def test_interviews_add_help_names_where_the_period_comes_from(capsys):
    """`interviews add --help` says the default period is the legal data's (a bureau's copy may change it), without
    reading the data to build the parser of every command."""
    with pytest.raises(SystemExit):
        main(["interviews", "add", "--help"])
    helped = " ".join(capsys.readouterr().out.split())
    assert "interview_report_working_days" in helped and "15" in helped


@pytest.mark.gui
def test_the_interview_editor_names_the_period_in_force(demo_db, station, capsys, prompts, qtbot, english):
    from dataclasses import replace

    from ui.interview_dialog import InterviewDialog
    from workstation.store.interviews import get_interview

    _own_copy(station, "thresholds", KEY, "interview_report_working_days = 10")
    interview = get_interview(demo_db, _joint_interview(capsys, station, "--commitments", "各单位停止拨打"))
    dialog = InterviewDialog(demo_db, prompts, replace(interview, rectification_due=None))
    qtbot.addWidget(dialog)
    dialog.dates["rectification_due"].setText("")
    dialog.validate()
    assert dialog.dates["rectification_due"].placeholderText() == (
        "2026-12-10 when saved: 10 working days after the interview")
