"""A lead's documents tell the complaints received by the day they are dated: a 案件交办通知书 dated the day of the
assignment does not count (nor quote) the complaints that came in after it, on paper, issued, and in the window."""

from __future__ import annotations

import json

import pytest

from tests.helpers import pdf_text, run
from workstation.money import chinese_date


@pytest.fixture
def station(cli_station, tmp_path):
    """The demo with its complaints, and an assigned lead some of whose complaints came in after its assignment."""
    from workstation.db import open_database
    from workstation.paths import database_path

    target = cli_station(tmp_path / "station", ["demo"])
    db = open_database(database_path(target))
    lead = dict(zip(("id", "assigned_on", "complaint_count"), db.execute(
        "SELECT l.id, l.assigned_on, l.complaint_count FROM leads l WHERE l.status = 'assigned' AND "
        "(SELECT COUNT(*) FROM complaints c WHERE c.lead_id = l.id AND substr(c.received_at, 1, 10) > l.assigned_on)"
        " > 0 ORDER BY l.assigned_on LIMIT 1").fetchone(), strict=True))
    by_then = db.execute("SELECT COUNT(*) FROM complaints WHERE lead_id = ? AND substr(received_at, 1, 10) <= ?",
                         [lead["id"], lead["assigned_on"]]).fetchone()[0]
    return target, db, {**lead, "by_then": by_then}


def typed(tmp_path, day: str, **more) -> str:
    path = tmp_path / "values.json"
    path.write_text(json.dumps({"issued_on": day, "report_by": day, "contact_person": "张三",
                                "contact_phone": "0757-83331234", **more}, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("action", ["render", "issue"])
def test_a_notice_dated_the_day_of_the_assignment_counts_the_complaints_received_by_then(station, tmp_path, capsys,
                                                                                          action):
    target, _db, lead = station
    day = lead["assigned_on"]
    code, _out, err = run(capsys, "--data-dir", target, "docs", action, lead["id"], "--form", "assignment_notice",
                          "--values", typed(tmp_path, day), "-o", tmp_path / "a.pdf")
    assert code == 0, err
    printed = pdf_text((tmp_path / "a.pdf").read_bytes())
    assert f"{chinese_date(day)}，共收到相关投诉{lead['by_then']}件" in printed
    assert f"共收到相关投诉{lead['complaint_count']}件" not in printed


def test_a_summary_drafted_as_of_today_follows_the_date_typed(station):
    """The 案情简介 the window drafted before the officer changed the 交办日期 (the lead's default of today) is the
    default of that day once composed: the officer never wrote it."""
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import default_values
    from workstation.leads_workflow import dated_lead_values, get_lead_row, lead_context

    _target, db, lead = station
    form, row = find_form("assignment_notice"), get_lead_row(db, lead["id"])
    today_summary = default_values(form, lead_context(db, row, form_id=form.id))["summary"]
    assert f"共收到相关投诉{lead['complaint_count']}件" in today_summary
    _context, values = dated_lead_values(db, row, form, {"issued_on": lead["assigned_on"], "summary": today_summary})
    assert f"共收到相关投诉{lead['by_then']}件" in values["summary"]
    written = "本局收到的举报材料。"  # one the officer wrote stays
    _context, values = dated_lead_values(db, row, form, {"issued_on": lead["assigned_on"], "summary": written})
    assert values["summary"] == written


def test_the_register_dated_when_the_lead_came_in_briefs_the_complaints_received_by_then(station, tmp_path, capsys):
    # its 登记时间 defaults to the day the lead came in, a lead of complaints its first complaint's day: the register
    # tells the complaints received by that day, not those that came in after the day it bears (s54; it told all of
    # them before)
    target, db, lead = station
    day = db.execute("SELECT substr(received_at, 1, 10) FROM leads WHERE id = ?", [lead["id"]]).fetchone()[0]
    count = db.execute("SELECT COUNT(*) FROM complaints WHERE lead_id = ? AND substr(received_at, 1, 10) <= ?",
                       [lead["id"], day]).fetchone()[0]
    assert count < lead["complaint_count"]
    code, _out, err = run(capsys, "--data-dir", target, "docs", "render", lead["id"], "--form",
                          "case_source_register", "-o", tmp_path / "r.pdf")
    assert code == 0, err
    printed = pdf_text((tmp_path / "r.pdf").read_bytes())
    assert f"件投诉（{chinese_date(day)}至{chinese_date(day)}）" in printed
    assert f"{lead['complaint_count']}件投诉" not in printed


def test_the_window_follows_the_date_typed_in_its_summary_and_preview(station, opened):
    _target, db, lead = station
    editor = opened(db, "assignment_notice", lead_id=lead["id"])
    assert editor.current_values()["issued_on"] == lead["assigned_on"]  # dated the day of the assignment (s54)
    assert f"共收到相关投诉{lead['by_then']}件" in editor.current_values()["summary"]
    from workstation.records import today

    editor.set_field("issued_on", today())  # dated today: every complaint so far
    assert f"共收到相关投诉{lead['complaint_count']}件" in editor.current_values()["summary"]
    editor.set_field("issued_on", lead["assigned_on"])
    assert f"共收到相关投诉{lead['by_then']}件" in editor.current_values()["summary"]
    editor.wait_for_preview()
    printed = pdf_text(editor.pdf_bytes)
    assert f"共收到相关投诉{lead['by_then']}件" in printed
    assert f"共收到相关投诉{lead['complaint_count']}件" not in printed
