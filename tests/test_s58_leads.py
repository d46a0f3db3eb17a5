"""An audit of complaints and leads, mended:

1. the leads whose verification period (T1) passed without a decision are counted (``stats`` leads.overdue_undecided,
   by the deadline board's own T1), said in the 通报 (另有逾期未办结线索N条) and shown on the 统计 page — the report said
   按期办结率100% while three assigned leads were overdue; one whose T1 runs through a year without holiday data,
   ended so shortly before today that its holidays may move it, is marked as the decided ones are (日历待核实);
2. the case opened from a lead about a named person or an association is against a person or an association, as
   the importer would enter them (``inferred_party_kind``), not a company;
3. (the 案件来源登记表's 来源时间 is left to the report: it needs a source of ``formkit/values.py``);
4. the complaint import wizard never has one column read for two fields: choosing a column another field uses takes
   it from that field (said in the wizard), and the import refuses such a mapping naming both fields;
5. a receipt time before 2000 from a real date cell (1900-01-02 is an empty or mistyped cell) is refused, naming the
   file, row and column;
6. a case's facts list the lead's numbers as a list (、), not run together with spaces.
The program's clock is moved to the days acted on: nothing depends on the real today."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from tests.helpers import program_day, run, run_json

NANHAI = "440605"


def add_lead(capsys, data_dir, received: str, *, party: str = "佛山市某某置业有限公司",
             description: str = "来访举报：骚扰电话推销楼盘") -> str:
    return run_json(capsys, "leads", "add", "--data-dir", data_dir, "--source", "report", "--received",
                    f"{received}T10:00", "--description", description, "--party", party,
                    "--officer", "陈志强")["id"]


def assign(capsys, data_dir, lead: str, day: str) -> None:
    code, _out, err = run(capsys, "leads", "assign", lead, "--agency", NANHAI, "--date", day, "--data-dir", data_dir)
    assert code == 0, err


def open_case(capsys, data_dir, lead: str) -> str:
    return run_json(capsys, "leads", "decide", lead, "--file", "--data-dir", data_dir)["case_id"]


# 1. the leads past T1 without a decision ------------------------------------------------------------------------
def leads_of_autumn(capsys, data_dir, monkeypatch) -> dict[str, str]:
    """On 2026-12-01: a lead assigned on 2026-10-12 and not decided (its T1 ended in early November), one registered
    then and never assigned (its T1 counts from its receipt), one whose case was opened and awaits filing (立案中: its
    T1 runs in the case), one assigned on 2026-11-27 (its T1 runs into December) and one decided in time."""
    program_day(monkeypatch, "2026-12-01")
    leads = {name: add_lead(capsys, data_dir, received) for name, received in (
        ("overdue", "2026-10-12"), ("registered", "2026-10-12"), ("filing", "2026-10-12"), ("running", "2026-11-27"),
        ("decided", "2026-10-12"))}
    for name, day in (("overdue", "2026-10-12"), ("filing", "2026-10-12"), ("running", "2026-11-27"),
                      ("decided", "2026-10-12")):
        assign(capsys, data_dir, leads[name], day)
    open_case(capsys, data_dir, leads["filing"])
    code, _out, err = run(capsys, "leads", "decide", leads["decided"], "--not-file", "--date", "2026-10-14",
                          "--reason", "无证据证明存在违法行为", "--officer", "陈志强", "--data-dir", data_dir)
    assert code == 0, err
    return leads


def test_stats_count_the_leads_past_t1_without_a_decision_as_the_board_counts_them(db, officers, data_dir, capsys,
                                                                                  monkeypatch):
    leads = leads_of_autumn(capsys, data_dir, monkeypatch)
    figures = run_json(capsys, "stats", "--data-dir", data_dir)["leads"]
    assert (figures["total"], figures["decided"], figures["in_time"]) == (5, 1, 1)
    assert figures["overdue_undecided"] == 3
    assert "overdue_unconfirmed" not in figures  # counted on 2026's known holidays
    # the same leads the deadline board shows overdue
    overdue = {row["lead_id"] or row["case_id"] for row in run_json(capsys, "clocks", "--data-dir", data_dir)
               if row["clock"] == "T1" and row["state"] == "overdue"}
    assert len(overdue) == 3 and leads["overdue"] in overdue and leads["registered"] in overdue
    # a period that received none of them counts none
    assert run_json(capsys, "stats", "--from", "2026-11-01", "--data-dir", data_dir)["leads"][
        "overdue_undecided"] == 0


def test_the_report_says_how_many_leads_are_overdue_without_a_decision(db, officers, data_dir, capsys, monkeypatch):
    from workstation.reports.text import _leads
    from workstation.stats import campaign_stats

    leads_of_autumn(capsys, data_dir, monkeypatch)
    text = "".join(_leads(campaign_stats(db)))
    assert "已核查办结1条，其中按期办结1条，按期办结率100%；另有逾期未办结线索3条" in text, text
    # none decided yet: said after the work going on
    assert "核查工作正在推进；另有逾期未办结线索3条" in _no_decided(db)
    # figures gathered before it was counted, and a period without any, say nothing of it
    stats = campaign_stats(db)
    stats["leads"].pop("overdue_undecided")
    assert "逾期未办结" not in "".join(_leads(stats))
    assert "逾期未办结" not in "".join(_leads(campaign_stats(db, None, "2026-11-01", None)))


def _no_decided(db) -> str:
    from workstation.reports.text import _leads
    from workstation.stats import campaign_stats

    stats = campaign_stats(db)
    stats["leads"] = {**stats["leads"], "decided": 0, "in_time": 0}
    return "".join(_leads(stats))


def test_a_t1_ended_in_2027_without_its_holidays_is_marked_unconfirmed(db, officers, data_dir, capsys, monkeypatch):
    """A lead assigned on Monday 2027-01-25: its T1 ends on 2027-02-15 as counted without 2027's holidays; on
    2027-02-18 it is overdue, but the Spring Festival as the State Council fixes it may move that day past today."""
    from workstation.reports.text import _leads
    from workstation.stats import campaign_stats

    program_day(monkeypatch, "2027-01-25")
    lead = add_lead(capsys, data_dir, "2027-01-25")
    assign(capsys, data_dir, lead, "2027-01-25")
    program_day(monkeypatch, "2027-02-18")
    figures = run_json(capsys, "stats", "--data-dir", data_dir)["leads"]
    assert figures["overdue_undecided"] == 1
    assert figures["overdue_unconfirmed"] == {"overdue": 1, "years": [2027]}
    text = "".join(_leads(campaign_stats(db)))
    assert "；另有逾期未办结线索1条（" in text
    assert "逾期未办结的线索中，有1条的核查期限含尚未核实的2027年节假日安排，待国务院公布后核实。" in text
    program_day(monkeypatch, "2027-03-31")  # long past it: no holiday of 2027 moves it past today
    figures = run_json(capsys, "stats", "--data-dir", data_dir)["leads"]
    assert figures["overdue_undecided"] == 1 and "overdue_unconfirmed" not in figures


@pytest.mark.gui
def test_the_statistics_page_shows_the_leads_overdue_without_a_decision(db, officers, data_dir, capsys, monkeypatch,
                                                                       qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.dashboard_overview import OverviewTab
    from workstation.stats import campaign_stats, monthly_in_period

    tab = OverviewTab()
    qtbot.addWidget(tab)
    note = tab.findChild(QLabel, "figure_leads_overdue_note")
    tab.show_stats(campaign_stats(db), monthly_in_period(db), "2026")
    assert note.isHidden()
    leads_of_autumn(capsys, data_dir, monkeypatch)
    tab.show_stats(campaign_stats(db), monthly_in_period(db), "2026")
    assert not note.isHidden() and note.text() == "3 past the verification period without a decision"
    assert "verification period (T1)" in note.toolTip()
    # figures counted before it was: nothing shown
    stats = campaign_stats(db)
    stats["leads"].pop("overdue_undecided")
    tab.show_stats(stats, monthly_in_period(db), "2026")
    assert note.isHidden()


# 2. the party of a case opened from a lead about a person or an association --------------------------------------
@pytest.mark.parametrize(("party", "kind", "licence"), [
    ("李建国", "person", "居民身份证"),
    ("佛山市南海区房地产中介行业协会", "association", "社会团体法人登记证书"),
    ("佛山市某某置业有限公司", "company", "营业执照"),
])
def test_the_case_of_a_lead_about_a_named_party_is_against_a_party_of_its_kind(db, officers, data_dir, capsys,
                                                                             monkeypatch, party, kind, licence):
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import case_context, default_values
    from workstation.store import get_case

    program_day(monkeypatch, "2026-11-20")
    lead = add_lead(capsys, data_dir, "2026-11-20", party=party, description=f"来访举报：{party}出售业主个人信息")
    assign(capsys, data_dir, lead, "2026-11-20")
    case = get_case(db, open_case(capsys, data_dir, lead))
    assert db.execute("SELECT kind FROM parties WHERE id = ?", case.party_ids).fetchone()[0] == kind
    assert default_values(find_form("filing_approval"), case_context(db, case))["licence_name"] == licence
    # a named party is identified: the timeline does not say it is an unidentified number's user
    notes = " ".join(row[0] or "" for row in db.execute("SELECT note FROM case_events WHERE case_id = ?", [case.id]))
    assert "not identified" not in notes and "尚未查明" not in notes


# 4. one column for two fields -----------------------------------------------------------------------------------
HOTLINE_CSV = ("工单编号,受理时间,来电号码,诉求人,内容描述,被反映对象,所属区\n"
               "A001,2026-11-02 09:00:00,13800138000,张三,经常接到13912345678的骚扰电话推销房产,"
               "佛山市南海区某某房地产代理有限公司,南海区\n")


@pytest.mark.gui
def test_a_column_chosen_for_a_second_field_is_taken_from_the_first(db, prompts, qtbot, tmp_path, english):
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.complaint_import import ComplaintImportDialog

    path = tmp_path / "12345.csv"
    path.write_text(HOTLINE_CSV, encoding="utf-8")
    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(str(path))
    assert dialog.columns["text"].currentData() == "内容描述"
    combo = dialog.columns["target_name"]
    combo.setCurrentIndex(combo.findData("内容描述"))
    combo.activated.emit(combo.currentIndex())  # as the officer picks it
    assert dialog.columns["target_name"].currentData() == "内容描述"
    assert dialog.columns["text"].currentData() == ""  # (none): one column is read for one field
    assert dialog.plan()[0][2]["text"] is None and dialog.plan()[0][2]["target_name"] == "内容描述"
    said = dialog.detected.text()
    assert "内容描述 is now imported as Complained-about party, no longer as Complaint text" in said, said
    assert "choose the column of the complaint text" in said
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    # the text given its own column again: nothing more to say, the import can go
    combo = dialog.columns["text"]
    combo.setCurrentIndex(combo.findData("被反映对象"))
    combo.activated.emit(combo.currentIndex())
    assert dialog.columns["target_name"].currentData() == "内容描述"
    assert "no longer as" not in dialog.detected.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_the_import_refuses_one_column_for_two_fields_naming_both(db, tmp_path, english):
    from workstation.importing.complaints import import_complaints

    path = tmp_path / "12345.csv"
    path.write_text(HOTLINE_CSV, encoding="utf-8")
    result = import_complaints(db, [path], mapping={"text": "内容描述", "target_name": "内容描述"})
    (outcome,) = result.files
    assert outcome.refused and outcome.imported == 0
    assert "12345.csv" in outcome.refused and "内容描述" in outcome.refused
    assert "Complaint text" in outcome.refused and "Complained-about party" in outcome.refused
    assert "Rename" not in outcome.refused  # not the advice for a header without a text column
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0


def test_the_import_says_the_text_column_was_chosen_for_another_field_not_to_rename_it(db, tmp_path, english):
    """The wizard's plan once the officer gave the text's column to the party and left the text at "(none)" (its
    Import is then disabled; a script may still pass it): not "rename that column", which bears the text's header."""
    from workstation.importing.complaints import import_complaints

    path = tmp_path / "12345.csv"
    path.write_text(HOTLINE_CSV, encoding="utf-8")
    (outcome,) = import_complaints(db, [path], mapping={"text": None, "target_name": "内容描述"}).files
    assert "the column 内容描述, which holds the complaint text by its header, is chosen for Complained-about party" \
        in outcome.refused, outcome.refused
    assert "Rename" not in outcome.refused


# 5. a receipt time before 2000 --------------------------------------------------------------------------------
@pytest.mark.parametrize("received", [dt.datetime(1900, 1, 2, 9, 0), dt.datetime(1999, 12, 31, 23, 0),
                                      "1999-12-31 10:00:00"])
def test_a_receipt_time_before_2000_is_refused_naming_file_row_and_column(db, tmp_path, english, received):
    from workstation.importing.complaints import import_complaints

    path = tmp_path / "工单.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工单编号", "受理时间", "来电号码", "诉求人", "内容描述"])
    sheet.append(["O001", received, "13800138000", "张三", "接到13912345678骚扰电话推销房产"])
    sheet.append(["O002", dt.datetime(2026, 11, 2, 9, 0), "13800138001", "李四", "接到13912345678骚扰电话推销房产"])
    book.save(path)
    (outcome,) = import_complaints(db, [path]).files
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE received_at < '2000'").fetchone()[0] == 0
    (error,) = outcome.errors
    assert (error["file"], error["row"], error["field"]) == ("工单.xlsx", 2, "受理时间")
    assert "before the year 2000" in error["message"] and str(received)[:4] in error["message"]


def test_a_receipt_time_of_2000_is_taken(db, tmp_path):
    from workstation.importing.complaints import import_complaints

    path = tmp_path / "工单.csv"
    path.write_text("工单编号,受理时间,来电号码,内容描述\nO001,2000-01-01 08:00:00,13800138000,接到骚扰电话推销房产\n",
                    encoding="utf-8")
    (outcome,) = import_complaints(db, [path]).files
    assert outcome.imported == 1 and not outcome.errors


# 6. the numbers of a case's facts --------------------------------------------------------------------------------
def test_the_facts_of_a_case_list_the_lead_s_numbers_with_enumeration_commas(db):
    from workstation.leads_workflow import assign_lead, file_case_from_lead
    from workstation.records import Lead
    from workstation.store import agency_id_for_code, save_lead

    lead = save_lead(db, Lead(source="12345", received_at="2026-09-01T09:00:00+08:00", phones="13070129670 13112345678",
                              complaint_count=3, category="marketing_sms", description="垃圾短信：3件投诉")).id
    assign_lead(db, lead, agency_id_for_code(NANHAI), on="2026-09-01")
    facts = file_case_from_lead(db, lead).facts
    assert "13070129670、13112345678" in facts, facts
    assert "13070129670 13112345678" not in facts
