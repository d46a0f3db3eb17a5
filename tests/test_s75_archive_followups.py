"""Follow-ups of session 74's archive audit: ``cases transition CASE archive`` without --date is recorded on the
归档日期 the case's 卷宗封面 gives, as the window's archive dialog starts at it (``closing.cover_archive_day``, shared),
and says so; without a cover, or with one whose 归档日期 is blank, today as before. (检查人 ≠ 立卷人 on the 卷内备考表:
REFERENCE §2.2 No. 56 and the form's help say nothing of it, so nothing is checked.)"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import run, run_json
from workstation.closing import cover_archive_day
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.formkit.values import archived_on
from workstation.records import today
from workstation.store import case_events, find_case, get_case

CLOSED = "佛南市监立〔2026〕1号"  # demo case decided, paid and closed on 2026-05-25
SHEETS = ("file_cover", "file_index", "file_remarks")


def _sheets(db, data_dir, case, cover=None):
    """The case's 行政处罚决定书, then its three sheets, ``cover`` the cover's values."""
    for form_id in ("penalty_decision", *SHEETS):
        issue_document(db, data_dir, get_case(db, case.id), find_form(form_id),
                       (cover or {}) if form_id == "file_cover" else {})


def test_the_shared_day_is_the_covers_archive_date(demo_db, data_dir, english):
    case = find_case(demo_db, CLOSED)
    assert cover_archive_day(demo_db, case) is None  # no cover: today
    _sheets(demo_db, data_dir, case, {"archived_on": "2026-10-01"})
    date, cover = cover_archive_day(demo_db, get_case(demo_db, case.id))
    assert date == "2026-10-01" and cover.title == "卷宗封面"


def test_the_shared_day_is_none_with_a_blank_archive_date(demo_db, data_dir, english):
    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case)  # 归档日期 left blank, as its help says
    assert cover_archive_day(demo_db, get_case(demo_db, case.id)) is None


def test_cli_archive_without_date_takes_the_covers_day_and_says_so(demo_db, data_dir, capsys, english):
    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case, {"archived_on": "2026-10-01"})
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", CLOSED, "archive")
    assert result["status"] == "archived"
    assert archived_on(demo_db, get_case(demo_db, case.id)) == "2026-10-01"
    # not warned that the cover and the register disagree: they agree
    assert not [w for w in result.get("warnings", []) if "归档日期" in w]
    assert "2026-10-01" in result["note"] and "卷宗封面" in result["note"] and "--date" in result["note"]
    (event,) = [e for e in case_events(demo_db, case.id) if e.to_status == "archived"]
    assert "归档日期" not in (event.note or "")  # nothing gone against kept on the timeline


def test_cli_archive_text_output_names_the_day_taken(demo_db, data_dir, capsys, english):
    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case, {"archived_on": "2026-10-01"})
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", CLOSED, "archive")
    assert code == 0, err
    assert "2026-10-01" in out and "卷宗封面" in out


def test_cli_archive_with_date_keeps_the_date_given(demo_db, data_dir, capsys, english):
    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case, {"archived_on": "2026-10-01"})
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", CLOSED, "archive", "--date",
                      "2026-11-02")
    assert archived_on(demo_db, get_case(demo_db, case.id)) == "2026-11-02"
    assert "note" not in result
    assert [w for w in result["warnings"] if "2026-10-01" in w and "归档日期" in w]


@pytest.mark.parametrize("cover", [None, {}])
def test_cli_archive_without_cover_or_with_blank_date_is_today(demo_db, data_dir, capsys, english, cover):
    case = find_case(demo_db, CLOSED)
    if cover is not None:
        _sheets(demo_db, data_dir, case, cover)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", CLOSED, "archive")
    assert result["status"] == "archived"
    assert archived_on(demo_db, get_case(demo_db, case.id)) == today()
    assert "note" not in result


@pytest.mark.gui
def test_the_window_and_the_command_line_start_at_the_same_day(demo_db, data_dir, english):
    from ui.transition_dialog import archive_advice

    case = find_case(demo_db, CLOSED)
    _sheets(demo_db, data_dir, case, {"archived_on": "2026-10-01"})
    advice = archive_advice(demo_db, get_case(demo_db, case.id))
    assert advice.date == cover_archive_day(demo_db, get_case(demo_db, case.id))[0] == "2026-10-01"


def test_cli_archive_refused_on_a_cover_day_to_come_says_where_the_day_came_from(demo_db, data_dir, capsys,
                                                                                   english):
    case = find_case(demo_db, CLOSED)
    to_come = (dt.date.fromisoformat(today()) + dt.timedelta(days=30)).isoformat()
    _sheets(demo_db, data_dir, case, {"archived_on": to_come})
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", CLOSED, "archive")
    assert (code, out) == (1, "")
    assert to_come in err and "卷宗封面" in err and "--date" in err
    assert get_case(demo_db, case.id).status == "closed"  # nothing recorded
