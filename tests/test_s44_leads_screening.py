"""A lead's 案件交办通知书 once its T1 is over is dated the day of the assignment, which the refusal says; a screened
lead whose T1 was extended with approval is kept, emptied, when its last complaint is corrected away; and screening
says it kept such a lead only on the run that put complaints naming it in another lead."""

from __future__ import annotations

from tests.helpers import run, run_json
from tests.test_s43_leads_letters import _issue, _numbers, _station
from tests.test_s43_leads_screening import Y, add, calls, lead_of, two_leads_one_extended
from workstation.leads_workflow import get_lead_row
from workstation.records import today

KEPT = "was kept as acted on"


# fault 1: a notice of a lead past its T1 -----------------------------------------------------------------------------
def test_a_notice_of_a_lead_past_t1_is_dated_the_day_of_the_assignment(capsys, tmp_path, english):
    lead = _station(capsys, tmp_path)
    run_json(capsys, "--data-dir", tmp_path, "leads", "assign", lead, "--agency", "440605", "--date", "2026-09-18")
    for report_by in ("2026-10-15", today()):  # within T1 but before the notice; after both: no day fits both
        code, _out, err = _issue(capsys, tmp_path, lead, "assignment_notice",
                                 {"issued_on": today(), "report_by": report_by})
        assert code == 1
        assert ("The lead was assigned on 2026-09-18 and its verification period (T1) ended on 2026-10-15" in err
                and "change its 交办日期 to 2026-09-18" in err), err
    assert _numbers(tmp_path) == 0
    code, _out, err = _issue(capsys, tmp_path, lead, "assignment_notice",
                             {"issued_on": "2026-09-18", "report_by": "2026-10-15"})
    assert code == 0, err


# fault 2: a screened lead with an approved extension emptied by a correction -----------------------------------------
def test_a_lead_with_an_approved_extension_is_kept_when_its_last_complaint_is_corrected_away(db, data_dir, capsys,
                                                                                              english):
    from workstation.screening import screen

    _x, y = two_leads_one_extended(db)
    screen(db)
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "Y1", "--not-related",
                         "--reason", "不是骚扰")
    assert code == 0, err
    assert "which now holds no complaints: it is kept" in out
    kept = get_lead_row(db, y)  # was deleted with its extension
    assert (kept["complaint_count"], kept["extension_days"], kept["extension_approved_by"]) == (0, 15, "张局长")


# fault 3: the note of a lead kept for its extension, once --------------------------------------------------------------
def test_screening_says_it_kept_an_extended_lead_only_when_it_put_complaints_elsewhere(db, data_dir, capsys, english):
    two_leads_one_extended(db)
    screen_cli = ("--data-dir", data_dir, "leads", "screen")
    code, out, err = run(capsys, *screen_cli)
    assert code == 0 and KEPT in out, err
    code, out, err = run(capsys, *screen_cli)  # nothing new imported: nothing went elsewhere
    assert code == 0, err
    assert KEPT not in out
    add(db, [("Y2", "2026-12-04", calls(Y))])
    code, out, err = run(capsys, *screen_cli)
    assert code == 0 and KEPT in out, err
    assert lead_of(db, "Y2") not in (None, lead_of(db, "Y1"))
