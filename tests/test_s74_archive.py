"""Archiving (归档) and the file's own sheets (卷宗封面, 卷内文件目录, 卷内备考表), session 74's audit: archiving warns of
issued sheets that no longer describe the file (a document issued after them), and of a cover whose 归档日期 is blank
or is not the day of the archiving — a cover whose 归档日期 differs from the day recorded is out of date once the case
is archived; the 卷内备考表's 立卷日期 is not before the case's closing (version 5); and issuing or voiding a document
in an archived case says which of its sheets that leaves out of date."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, run_json
from workstation import procedure
from workstation.closing import archive_date_warnings, archive_warnings
from workstation.documents.casefile import case_file_refusal
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, in_force_of_form, issue_document, void_consequences
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import WorkstationError
from workstation.formkit.spec import earlier_form
from workstation.store import case_events, find_case, get_case

CLOSED = "佛南市监立〔2026〕1号"  # demo case decided, paid and closed on 2026-05-25
CHANCHENG = "佛禅市监立〔2026〕1号"  # demo case closed on 2026-05-14
SHEETS = ("file_cover", "file_index", "file_remarks")


def _issue(db, data_dir, case, form_id, values=None, **options):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(form_id), values or {}, **options)


def _sheets(db, data_dir, case, cover=None):
    """The case's 行政处罚决定书 (returned), then its three sheets, ``cover`` the cover's values."""
    decision = _issue(db, data_dir, case, "penalty_decision")
    for form_id in SHEETS:
        _issue(db, data_dir, case, form_id, cover if form_id == "file_cover" else None)
    return decision


# ---- 1. archiving with sheets out of date ---------------------------------------------------------------------------

def test_archiving_after_a_document_the_sheets_leave_out_warns_naming_them(demo_db, data_dir, english):
    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case)
    assert archive_warnings(demo_db, get_case(demo_db, case.id)) == []
    _issue(demo_db, data_dir, case, "delivery_receipt")
    (found,) = archive_warnings(demo_db, get_case(demo_db, case.id))
    for title in ("卷宗封面", "卷内文件目录", "卷内备考表", "送达回证"):
        assert title in found.message, title
    assert "更正" in found.message and "送达回证" in found.note


def test_cases_transition_archive_says_the_sheets_are_out_of_date(demo_db, data_dir, capsys, english):
    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case, {"archived_on": "2026-11-02"})
    _issue(demo_db, data_dir, case, "delivery_receipt")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", CLOSED, "archive", "--date",
                      "2026-11-02")
    assert result["status"] == "archived"
    (said,) = result["warnings"]
    assert "recorded as archived" in said and "卷内文件目录" in said and "送达回证" in said
    (note,) = [e.note for e in case_events(demo_db, case.id) if e.to_status == "archived"]
    assert "卷宗封面" in note and "送达回证" in note


@pytest.mark.gui
def test_the_transition_dialogs_archive_warning_says_the_sheets_are_out_of_date(demo_db, data_dir, english):
    from ui.transition_dialog import archive_warning

    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case, {"archived_on": "2026-11-02"})
    warning = archive_warning(demo_db, get_case(demo_db, case.id))
    assert warning is None or warning("2026-11-02") is None
    _issue(demo_db, data_dir, case, "delivery_receipt")
    warning = archive_warning(demo_db, get_case(demo_db, case.id))
    message, note = warning("2026-11-02")
    assert "卷内备考表" in message and "送达回证" in message and note


# ---- 2. the cover's 归档日期 ------------------------------------------------------------------------------------------

def test_a_cover_dated_otherwise_than_the_archiving_is_warned_of(demo_db, data_dir, english):
    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case, {"archived_on": "2026-10-01"})
    assert archive_warnings(demo_db, get_case(demo_db, case.id), on_date="2026-10-01") == []
    (found,) = archive_warnings(demo_db, get_case(demo_db, case.id), on_date="2026-11-02")
    assert "归档日期" in found.message and "2026-10-01" in found.message and "2026-11-02" in found.message
    assert "2026-10-01" in found.note and "2026-11-02" in found.note


def test_a_cover_without_its_archive_date_is_only_a_reminder(demo_db, data_dir, english):
    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case)  # issued before archiving, as its help says: its 归档日期 left blank
    (found,) = archive_warnings(demo_db, get_case(demo_db, case.id), on_date="2026-11-02")
    assert "归档日期" in found.message and "2026-11-02" in found.message and "卷宗封面" in found.message
    # said once the archiving is recorded, not a warning gone against: the timeline keeps nothing of it
    assert "recorded as archived" in found.done and found.note == ""
    assert archive_date_warnings(demo_db, get_case(demo_db, case.id), "2026-11-02") == []


def test_cases_transition_archive_reminds_of_the_blank_archive_date_keeping_nothing(demo_db, data_dir, capsys,
                                                                                   english):
    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", CLOSED, "archive", "--date",
                      "2026-11-02")
    assert result["status"] == "archived"
    (said,) = result["warnings"]
    assert "recorded as archived on 2026-11-02" in said and "归档日期" in said
    (note,) = [e.note for e in case_events(demo_db, case.id) if e.to_status == "archived"]
    assert "归档日期" not in note


def test_a_cover_already_out_of_date_is_not_asked_for_twice(demo_db, data_dir, english):
    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case)  # its 归档日期 blank
    _issue(demo_db, data_dir, case, "delivery_receipt")  # the sheets leave it out: their corrections are asked for
    (found,) = archive_warnings(demo_db, get_case(demo_db, case.id), on_date="2026-11-02")
    assert "送达回证" in found.message and "gives no 归档日期" not in found.message


@pytest.mark.gui
def test_the_window_does_not_ask_to_tick_a_blank_archive_date_but_says_it(demo_db, data_dir, english):
    from ui.transition_dialog import archive_advice, archive_warning

    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case)
    warning = archive_warning(demo_db, get_case(demo_db, case.id))
    assert warning is None or warning("2026-11-02") is None
    advice = archive_advice(demo_db, get_case(demo_db, case.id))
    assert "归档日期" in advice.info and "卷宗封面" in advice.info and advice.date == ""


@pytest.mark.gui
def test_the_window_starts_the_archiving_at_the_day_the_cover_gives(qtbot, demo_db, data_dir, prompts, english):
    from ui.case_workspace import CaseWorkspace

    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case, {"archived_on": "2026-10-01"})
    asked = []

    def ask(_parent, transition, _check, warning, **extra):
        asked.append((transition.name, warning and warning("2026-10-01"), extra.get("advice")))
        return None

    workspace = CaseWorkspace(demo_db, case.id, prompts, ask_transition=ask, data_dir=data_dir)
    qtbot.addWidget(workspace)
    workspace.action_buttons["archive"].click()
    ((name, warned, advice),) = asked
    assert name == "archive" and warned is None
    assert advice.date == "2026-10-01" and "2026-10-01" in advice.info


def test_archiving_on_another_day_than_the_cover_gives_is_said_and_the_file_then_refused(demo_db, data_dir, capsys,
                                                                                          english):
    case = find_case(demo_db, "佛高市监立〔2026〕1号")
    _sheets(demo_db, data_dir, case, {"archived_on": "2026-10-01"})
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number, "archive", "--date",
                      "2026-11-02")
    assert result["status"] == "archived"
    assert [w for w in result["warnings"] if "2026-10-01" in w and "归档日期" in w]
    refusal = case_file_refusal(demo_db, get_case(demo_db, case.id))
    assert refusal and "卷宗封面" in refusal and "2026-10-01" in refusal and "2026-11-02" in refusal
    # the cover corrected with the day recorded: the file prints again
    (cover,) = [d for d in in_force_of_form(demo_db, case.id, "file_cover")]
    _issue(demo_db, data_dir, case, "file_cover", {}, supersedes=cover.id)
    assert case_file_refusal(demo_db, get_case(demo_db, case.id)) is None


def test_a_cover_dated_as_the_archiving_is_not_out_of_date(demo_db, data_dir, english):
    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case, {"archived_on": "2026-11-02"})
    procedure.apply(demo_db, case.id, "archive", on_date="2026-11-02")
    assert case_file_refusal(demo_db, get_case(demo_db, case.id)) is None


# ---- 3. the 卷内备考表's 立卷日期 --------------------------------------------------------------------------------------

def test_a_filing_day_before_the_closing_is_refused(demo_db, english):
    case = find_case(demo_db, CHANCHENG)
    assert case.closed_on == "2026-05-14"
    with pytest.raises(WorkstationError, match="立卷日期"):
        check_issue(demo_db, case, find_form("file_remarks"), {"filed_date": "2026-02-20",
                                                              "checked_date": "2026-02-21"})
    check_issue(demo_db, case, find_form("file_remarks"), {"filed_date": "2026-05-14", "checked_date": "2026-05-15"})


def test_docs_issue_refuses_a_filing_day_before_the_closing_issuing_nothing(demo_db, data_dir, capsys, english,
                                                                           tmp_path):
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"filed_date": "2026-02-20", "checked_date": "2026-02-21"}), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CHANCHENG, "--form", "file_remarks",
                         "--values", values, "-o", tmp_path / "备考表.pdf")
    assert (code, out) == (1, "")
    assert "立卷日期" in err and "2026-05-14" in err
    assert not (tmp_path / "备考表.pdf").exists()
    case = find_case(demo_db, CHANCHENG)
    assert not in_force_of_form(demo_db, case.id, "file_remarks")


def test_a_case_never_filed_takes_any_filing_day_as_its_cover_does(db, make_case, english):
    case = make_case(status="not_filed", lead_received_on="2026-03-02")
    assert case.closed_on is None and case.filed_on is None
    check_issue(db, case, find_form("file_remarks"), {"filed_date": "2026-03-05", "checked_date": "2026-03-06"})


def test_the_remarks_sheet_is_of_a_new_version_whose_earlier_one_is_kept():
    assert find_form("file_remarks").version >= 5
    earlier = earlier_form("file_remarks", 4)
    assert earlier.version == 4 and earlier.field("filed_date").not_before == "case.filed_on"


# ---- 4. issuing or voiding in an archived case ----------------------------------------------------------------------

def _archived(db, data_dir, case):
    """The case with its decision and its sheets issued, then archived: (the case, its decision)."""
    decision = _sheets(db, data_dir, case, {"archived_on": "2026-11-02"})
    procedure.apply(db, case.id, "archive", on_date="2026-11-02")
    return get_case(db, case.id), decision


def test_issuing_in_an_archived_case_warns_naming_its_sheets(demo_db, data_dir, english):
    closed = find_case(demo_db, CLOSED)
    assert closed.status == "closed"  # no sheets issued (written on paper, or not yet): nothing to name
    assert not [w for w in stage_warnings(demo_db, closed, "delivery_receipt", {}) if "卷内文件目录" in w
                or "卷宗封面" in w or "卷内备考表" in w]
    case, _decision = _archived(demo_db, data_dir, closed)
    told = [w for w in stage_warnings(demo_db, case, "delivery_receipt", {}) if "卷内文件目录" in w]
    assert len(told) == 1 and "卷宗封面" in told[0] and "卷内备考表" in told[0] and "送达回证" in told[0]
    assert "out of date once this 送达回证 is issued" in told[0]  # what is issued: this document, not a sheet
    # the sheets' own corrections are what the warning asks for: not warned of
    assert not [w for w in stage_warnings(demo_db, case, "file_index", {}) if "卷内备考表" in w]


def test_docs_issue_in_an_archived_case_says_the_sheets_are_out_of_date(demo_db, data_dir, capsys, english,
                                                                        tmp_path):
    case, _decision = _archived(demo_db, data_dir, find_case(demo_db, CLOSED))
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", CLOSED, "--form", "delivery_receipt", "-o",
                      tmp_path / "回证.pdf")
    assert [w for w in result["warnings"] if "卷宗封面" in w and "卷内文件目录" in w and "卷内备考表" in w]
    assert get_case(demo_db, case.id).status == "archived"


def test_voiding_in_an_archived_case_names_the_sheets_it_leaves_out_of_date(demo_db, data_dir, english):
    _case, decision = _archived(demo_db, data_dir, find_case(demo_db, CLOSED))
    said = [s for s in void_consequences(demo_db, decision) if "卷内文件目录" in s]
    assert len(said) == 1 and decision.number in said[0]
    assert "卷宗封面" in said[0]  # it names the decision voided
    assert "卷内备考表" not in said[0]  # it counts the voided decision still: not out of date


def test_docs_void_json_gives_the_warnings(demo_db, data_dir, capsys, english):
    _case, decision = _archived(demo_db, data_dir, find_case(demo_db, CLOSED))
    result = run_json(capsys, "--data-dir", data_dir, "docs", "void", decision.number, "--reason", "金额有误")
    assert result["status"] == "void"
    assert [w for w in result["warnings"] if "卷内文件目录" in w and decision.number in w]
    assert [w for w in result["warnings"] if decision.number in w and "void too" in w]  # the 文号, as the text says
