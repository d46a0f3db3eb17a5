"""The deadline board as officers use it, the core half: a clock stopped by a hearing is paused (暂停计时, the
hearing's time not counted), 中止 kept for a suspended case; T2's note on internal limits ending on a rest day is
said only of a T2 ending on one; ``clocks --officer`` filters as the window's officer filter; the list handed out
(PDF, XLSX, CSV) names its filter and day, with each row's party and officers."""

import csv
import io
import json
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from tests.helpers import pdf_text
from workstation import clocks, procedure
from workstation.board_export import HEADER, handout_bytes, handout_title, name_rows, row_texts, write_handout
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

REST_DAY_NOTE = "内部期限末日逢节假日是否顺延未确认"


def stage(db, case, status, **dates):
    case = get_case(db, case.id)
    return update_case(db, replace(case, status=status, **dates), allow_status_change=True)


def t2(db, case, on):
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T2")


def hearing_case(db, make_case):
    """A case whose hearing (requested, the notice served) stops T2 from 2026-05-10."""
    case = stage(db, make_case(), "hearing", filed_on="2026-03-10", notice_served_on="2026-05-04")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing", starts_on="2026-05-10"))
    return case


def test_a_clock_stopped_by_a_hearing_is_paused_not_suspended(db, make_case):
    case = hearing_case(db, make_case)
    stopped = t2(db, case, "2026-05-20")
    assert stopped.state == "stopped" and stopped.stopped_by == ("hearing",)
    assert stopped.paused and stopped.state_key == "paused"
    # 暂停计时（听证期间不计入）
    assert stopped.state_label == "暂停计时" + _(" ({kinds}: time not counted)").format(kinds="听证")
    assert "中止" not in stopped.state_label
    from workstation.board_export import remaining_text

    assert remaining_text(stopped) == _("paused, {n} left").format(n=stopped.rule.unit_text(stopped.days_left))


def test_a_suspended_case_keeps_its_clock_suspended(db, make_case):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="当事人下落不明")
    stopped = t2(db, case, "2026-04-15")
    assert stopped.stopped_by == ("suspension",) and not stopped.paused
    assert stopped.state_label == "中止计时"
    from workstation.board_export import remaining_text

    assert remaining_text(stopped).startswith("中止，剩余")


def test_the_cli_says_paused_for_a_hearing(db, make_case, data_dir, capsys):
    from workstation.cli import main

    case = hearing_case(db, make_case)
    assert main(["clocks", "--data-dir", str(data_dir), "--case", case.id, "--as-of", "2026-05-20"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if " T2 " in line)
    assert "暂停计时" + _(" ({kinds}: time not counted)").format(kinds="听证") in line and "中止" not in line


def test_the_t2_rest_day_note_only_when_its_last_day_is_a_rest_day(db, make_case):
    working = stage(db, make_case(), "investigating", filed_on="2026-03-10")  # ends Monday 2026-06-08
    d = t2(db, working, "2026-05-01")
    assert d.due == "2026-06-08" and not d.rest_day_flagged
    assert REST_DAY_NOTE not in d.calculation()

    saturday = stage(db, make_case(), "investigating", filed_on="2026-03-08")  # ends Saturday 2026-06-06
    d = t2(db, saturday, "2026-05-01")
    assert d.due == "2026-06-06" and d.rest_day_flagged
    assert REST_DAY_NOTE in d.calculation()
    assert _(" (last day a rest day)") in row_texts(d)[0]  # the row says so too, not only the detail pane

    met = stage(db, saturday, "penalty_decided", decided_on="2026-05-20")
    d = t2(db, met, "2026-05-25")
    assert d.state == "met" and not d.rest_day_flagged and REST_DAY_NOTE not in d.calculation()

    paused = hearing_case(db, make_case)
    assert REST_DAY_NOTE not in t2(db, paused, "2026-05-20").calculation()


def test_clocks_officer_lists_only_that_officers_cases(db, make_case, officers, data_dir, capsys):
    from workstation.cli import main

    mine = stage(db, make_case(officer_names=("陈志强",)), "investigating", filed_on="2026-03-10")
    theirs = stage(db, make_case(officer_names=("黄丽娟",)), "investigating", filed_on="2026-03-11")
    assert main(["clocks", "--data-dir", str(data_dir), "--json", "--as-of", "2026-04-01",
                 "--officer", "陈志强"]) == 0
    listed = {r["case_id"] for r in json.loads(capsys.readouterr().out)}
    assert mine.id in listed and theirs.id not in listed
    # by certificate number too, as the officers' register names them
    assert main(["clocks", "--data-dir", str(data_dir), "--json", "--as-of", "2026-04-01",
                 "--officer", "44060512002"]) == 0
    listed = {r["case_id"] for r in json.loads(capsys.readouterr().out)}
    assert theirs.id in listed and mine.id not in listed


def test_clocks_officer_unknown_is_refused_naming_the_option(db, data_dir, capsys):
    from workstation.cli import main

    assert main(["clocks", "--data-dir", str(data_dir), "--officer", "无此人"]) != 0
    err = capsys.readouterr().err
    assert "--officer" in err and "无此人" in err


def test_rows_name_the_party_masked_and_the_officers(db, make_case):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    deadlines = [d for d in clocks.board(db, on="2026-04-01") if d.case_id == case.id]
    name_rows(db, deadlines)
    assert deadlines and all(d.party_label == "佛山市南海区誉嘉房地产代理有限公司" for d in deadlines)
    assert all(d.officers == "陈志强、黄丽娟" for d in deadlines)


def test_a_lead_with_only_a_number_shows_its_subject_and_the_number_masked(db):
    db.execute("INSERT INTO leads (id, source, received_at, description, category, phones, status, created_at, "
               "updated_at) VALUES ('L1', 'hotline', '2026-03-02T09:00:00', '垃圾短信：5件投诉；号码：13070129670', "
               "'marketing_sms', '13070129670', 'registered', '2026-03-02', '2026-03-02')")
    lead = next(d for d in clocks.board(db, on="2026-03-05") if d.lead_id == "L1")
    name_rows(db, [lead])
    # the board's case column (and ``clocks``) names it by its subject, not by the masked number alone; its party
    # column names no one (no target), rather than repeat the case column
    subject = lead.case_number.removeprefix(_("Lead: {target}").format(target=""))
    assert subject.startswith("垃圾短信（") and "13070129670" not in subject and "9670" in subject
    assert lead.party_label == "" and row_texts(lead)[4] == "—"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_the_handout_names_its_filter_and_day_and_holds_the_rows(db, make_case, fmt, tmp_path):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    deadlines = [d for d in clocks.board(db, on="2026-04-01") if d.case_id == case.id]
    name_rows(db, deadlines)
    title = handout_title("七日内到期", "南海区局", "陈志强")
    assert title == _("Deadline reminder ({group} · {agency} · {officer})").format(
        group="七日内到期", agency="南海区局", officer="陈志强")  # 期限提醒（七日内到期 · 南海区局 · 陈志强）
    written = write_handout(tmp_path / f"list.{fmt}", title, "2026-04-01", deadlines)
    data = written.read_bytes()
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows[0] == [title] and "2026-04-01" in rows[1][0]
        assert rows[3] == [_(text) for text in HEADER]
        body = rows[4:]
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(data)).active
        assert sheet["A1"].value == title and "2026-04-01" in sheet["A2"].value
        body = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    else:
        assert data.startswith(b"%PDF")
        text = pdf_text(data)
        assert "南海区局" in text and "2026-04-01" in text and "陈志强、黄丽娟" in text
        assert "佛山市南海区誉嘉房地产代理有限公司" in text
        return
    assert len(body) == len(deadlines)
    assert {row[4] for row in body} == {"佛山市南海区誉嘉房地产代理有限公司"}
    assert {row[5] for row in body} == {"陈志强、黄丽娟"}
    assert any(row[6].startswith("T2 ") for row in body)


def test_a_handout_of_an_unknown_type_is_refused_and_nothing_written(tmp_path):
    with pytest.raises(WorkstationError) as refused:
        write_handout(tmp_path / "list.doc", "期限提醒", "2026-04-01", [])
    assert "list.doc" in refused.value.message and ".pdf" in refused.value.message
    assert not (tmp_path / "list.doc").exists()
    assert handout_bytes("csv", "期限提醒", "2026-04-01", []).decode("utf-8-sig").startswith("期限提醒")
