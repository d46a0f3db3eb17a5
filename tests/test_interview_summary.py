"""The summary of an interview's meeting (约谈情况摘要), typed in the interview's editor or with `interviews add
--summary`, reaches what the officer hands on and reads: the register's export has it as its last column 约谈情况
(numbers masked, nothing in the 合计 row), the 约谈纪要 tells what the meeting did in it after its opening sentence (a
default the officer still edits), and the 约谈 page shows the selected interview's under the list."""

import csv
import io
from dataclasses import replace

import pytest

from tests.helpers import pdf_text, run_json
from tests.test_interview_intmore import read_csv
from workstation.documents.drafts import find_form, render_document
from workstation.documents.interview_documents import check_interview_issue, draft_interview_document
from workstation.formkit.interview_values import interview_context
from workstation.formkit.values import resumed_values
from workstation.interview_register import EXPORT_HEADER, register_csv, summary_text
from workstation.records import Interview
from workstation.store import agency_id_for_code
from workstation.store.interviews import get_interview, save_interview

OPERATORS = (
    "0e7e310e-296a-586e-96a9-4a924496795f"  # the demo's joint interview of the three telecom operators
)
STUDIO_ID = "20d7f887-658a-5fd3-b5b7-e46e4c33b3f0"  # an individual business of the demo
PHONE, PHONE_SHOWN = "13912345678", "139****5678"
SUMMARY = (
    f"通报消费者投诉情况（投诉人电话{PHONE}）\n要求立即停止未经同意的电话营销。\n15个工作日内书面报送整改情况"
)
GENERAL = "会议通报了有关情况，听取了各被约谈单位的说明，明确了整改要求。"


def studio_interview(db, summary: str = SUMMARY) -> Interview:
    return save_interview(
        db,
        Interview(
            agency_id=agency_id_for_code("440608"),
            held_on="2026-03-02",
            subject="约谈工作室",
            summary=summary,
            party_ids=[STUDIO_ID],
        ),
        allow_duplicate=True,
    )


# the register's export ----------------------------------------------------------------------------------------
def test_the_register_export_ends_with_the_summary_of_the_meeting_masked(demo_db, data_dir, capsys, tmp_path):
    interview = studio_interview(demo_db)
    target = tmp_path / "约谈台账.csv"
    run_json(capsys, "interviews", "export", "-o", target, "--data-dir", data_dir)
    rows = read_csv(target)
    assert rows[0][-1] == "约谈情况" and len(rows[0]) == len(EXPORT_HEADER)
    ours = next(r for r in rows[1:-1] if r[0] == interview.held_on and r[4] == "约谈工作室")
    # one cell: a line without its own stop ends with ；, the one closed by 。 runs on; the phone masked
    assert ours[-1] == (
        f"通报消费者投诉情况（投诉人电话{PHONE_SHOWN}）；要求立即停止未经同意的电话营销。"
        "15个工作日内书面报送整改情况"
    )
    assert PHONE not in target.read_bytes().decode("utf-8-sig")
    operators = next(r for r in rows[1:-1] if r[0] == "2026-04-16")
    assert operators[-1] == get_interview(demo_db, OPERATORS).summary
    total = rows[-1]
    assert total[0] == "合计" and len(total) == len(rows[0]) and total[-1] == ""  # no figure under a text


def test_an_interview_without_a_summary_leaves_its_cell_empty(demo_db):
    interview = studio_interview(demo_db, summary="  \n ")
    header, row, _total = csv.reader(io.StringIO(register_csv(demo_db, [interview]).decode("utf-8-sig")))
    assert header[-1] == "约谈情况" and len(row) == len(header) and row[-1] == ""
    assert summary_text("  \n ") == ""


# the 约谈纪要 -------------------------------------------------------------------------------------------------------
def minutes_text(db, interview: Interview, overrides: dict | None = None) -> str:
    document = draft_interview_document(db, interview, find_form("interview_minutes"), overrides)
    return pdf_text(render_document(document, "pdf").data)


def test_the_minutes_tell_what_the_meeting_did_in_the_summary_of_the_register(demo_db):
    operators = get_interview(demo_db, OPERATORS)
    values, _context = check_interview_issue(
        demo_db, operators, find_form("interview_minutes"), issuing=False
    )
    assert values["summary"] == operators.summary  # the default the officer edits in the editor
    text = minutes_text(demo_db, operators)
    said = operators.summary.rstrip("。")
    assert f"进行集体约谈。{said}。现将会议议定事项纪要如下：" in text
    assert GENERAL not in text
    # an interview without one keeps the general sentence the minutes printed before
    without = minutes_text(demo_db, replace(operators, summary=""))
    assert f"进行集体约谈。{GENERAL}现将会议议定事项纪要如下：" in without


def test_a_summary_typed_on_several_lines_makes_one_passage_of_the_opening(demo_db):
    operators = replace(get_interview(demo_db, OPERATORS), summary="通报投诉情况。\n要求各运营商开展自查")
    assert "进行集体约谈。通报投诉情况；要求各运营商开展自查。现将会议议定事项纪要如下：" in minutes_text(
        demo_db, operators
    )


def test_the_officer_edits_the_summary_the_minutes_print(demo_db):
    operators = get_interview(demo_db, OPERATORS)
    text = minutes_text(demo_db, operators, {"summary": "会议听取了三家运营商的情况说明。"})
    assert "进行集体约谈。会议听取了三家运营商的情况说明。现将会议议定事项纪要如下：" in text
    assert operators.summary[:20] not in text
    cleared = minutes_text(
        demo_db, operators, {"summary": ""}
    )  # nothing said: straight on to what was agreed
    assert "进行集体约谈。现将会议议定事项纪要如下：" in cleared


def test_a_draft_kept_before_the_minutes_had_the_summary_takes_the_registers(demo_db):
    operators = get_interview(demo_db, OPERATORS)
    form = find_form("interview_minutes")
    context = interview_context(demo_db, operators)
    kept = {k: v for k, v in resumed_values(form, {}, context).items() if k != "summary"}  # a version 4 draft
    assert form.version == 11  # s65: the 印发日期 defaults to today
    assert resumed_values(form, kept, context)["summary"] == operators.summary


# the 约谈 page ----------------------------------------------------------------------------------------------------
@pytest.mark.gui
def test_the_page_shows_the_selected_interviews_summary_under_the_list(demo_db, make_window, english):
    from PySide6.QtWidgets import QLabel

    with_summary = studio_interview(demo_db)
    without = studio_interview(demo_db, summary="")
    page = make_window(demo_db).interviews_page
    page.refresh()
    label = page.findChild(QLabel, "interview_summary")
    assert label.isHidden()  # nothing selected
    page.select(with_summary.id)
    assert not label.isHidden()
    assert label.text().startswith("Summary of the meeting: 通报消费者投诉情况")
    assert PHONE_SHOWN in label.text() and PHONE not in label.text()  # masked, as in the list
    page.select(without.id)
    assert label.isHidden()


@pytest.mark.gui
def test_a_long_summary_is_cut_under_the_list_and_whole_in_its_tooltip(demo_db, make_window, english):
    from PySide6.QtWidgets import QLabel

    from ui.interviews_page import SUMMARY_SHOWN

    long = studio_interview(demo_db, summary="会议通报了情况" * 100)
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.select(long.id)
    label = page.findChild(QLabel, "interview_summary")
    assert label.text().endswith("…") and len(label.text()) < SUMMARY_SHOWN + 40
    assert label.toolTip() == "会议通报了情况" * 100
