# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""m028 (REFERENCE §2.2, No. 7 立案审批表): the day the filing was proposed for approval (立案呈批日期,
``cases.filing_proposed_on``) is stored beside the filing date, the day the head approved it (``filed_on``, from which
T2 still counts): checked in the core, entered in the case dialog and on the command line, shown in the workspace,
printed on the 立案审批表, and carried to headquarters in bundles (an older bundle without the column still merges)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import FILING_SOURCE, pdf_text, run, run_json
from tests.test_bundle_common_base import new_case_column_travels
from tests.test_bundle_hq import dirs, template  # noqa: F401
from workstation import clocks
from workstation.db import open_database
from workstation.db.connection import applied_schema
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.errors import ValidationError
from workstation.paths import database_path
from workstation.store import get_case
from workstation.store.cases import case_field_errors, update_case

PROPOSED, FILED = "2026-03-02", "2026-03-05"
FACTS = "经核查，当事人涉嫌未经消费者同意，通过外呼平台向消费者拨打楼盘推销电话。"


# ---- the migration ------------------------------------------------------------------------------------------------

def test_m028_adds_the_column_and_leaves_the_cases_stored_before_without_a_proposal_date(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on=FILED)
    with db.atomic():  # the database as the version before m028 left it
        db.execute("ALTER TABLE cases DROP COLUMN filing_proposed_on")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm028_filing_proposed'")
    db.conn.close()
    again = open_database(database_path(data_dir))  # m028 runs
    try:
        assert applied_schema(again)[-1] == "m028_filing_proposed"
        assert again.execute("SELECT filing_proposed_on, filed_on FROM cases WHERE id = ?",
                             [case.id]).fetchone() == (None, FILED)
        assert get_case(again, case.id).filing_proposed_on is None
    finally:
        again.conn.close()


# ---- checks of the core -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("proposed", "filed", "message"), [
    ("2099-01-04", None, "Filing proposed on: 2099-01-04 is still to come (today is {today})."),
    ("2026-03-06", FILED, "Filing proposed on: 2026-03-06 is after the filing date 2026-03-05; a filing is approved "
                          "on or after the day it was proposed."),
    ("2026-02-19", FILED, "Filing proposed on: 2026-02-19 is before the lead was received (2026-02-20)."),
    ("2026-02-30", FILED, "Filing proposed on: 2026-02-30 is not a date in the calendar (month 2 of 2026 has 28 days): "
                          "write a date that exists, such as 2026-02-28."),
])
def test_a_wrong_proposal_date_is_refused_naming_the_field_and_nothing_changes(db, make_case, english, proposed,
                                                                              filed, message):
    from workstation.records import today

    # a filing date comes with the filing (立案), which takes the case on to 立案调查
    case = make_case(lead_received_on="2026-02-20", **({"status": "investigating", "filed_on": filed} if filed else {}))
    typed = replace(case, filing_proposed_on=proposed)
    assert case_field_errors(db, typed, existing=True) == {"filing_proposed_on": message.format(today=today())}
    with pytest.raises(ValidationError):
        update_case(db, typed)
    assert get_case(db, case.id).filing_proposed_on is None and get_case(db, case.id).version == case.version


def test_a_proposal_on_the_filing_day_or_before_it_is_stored_and_may_stand_before_the_filing(db, make_case):
    case = make_case(lead_received_on="2026-02-20")
    pending = update_case(db, replace(case, filing_proposed_on="2026年3月2日"))  # proposed, not yet approved
    assert (pending.filing_proposed_on, pending.filed_on) == (PROPOSED, None)
    same_day = update_case(db, replace(pending, status="investigating", filed_on=PROPOSED), allow_status_change=True)
    assert (same_day.filing_proposed_on, same_day.filed_on) == (PROPOSED, PROPOSED)


def test_t2_counts_from_the_filing_date_not_from_the_proposal(db, make_case):
    case = make_case(status="investigating", filing_proposed_on="2026-02-02", filed_on=FILED)
    (t2,) = [d for d in clocks.case_clocks(db, case, on="2026-03-10") if d.clock == "T2"]
    assert t2.start == FILED and t2.due == "2026-06-03"  # 90 calendar days from the day after 2026-03-05


# ---- the command line ---------------------------------------------------------------------------------------------

def test_filing_on_the_command_line_records_the_proposal_date(capsys, db, data_dir, make_case):
    case = make_case()
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file", "--date", FILED,
                      "--proposed-on", "2026/3/2")
    assert result["status"] == "investigating"
    stored = get_case(db, case.id)
    assert (stored.filing_proposed_on, stored.filed_on) == (PROPOSED, FILED)


@pytest.mark.parametrize(("action", "proposed", "message"), [
    ("file", "2026-03-06", "--proposed-on: Filing proposed on: 2026-03-06 is after the filing date 2026-03-05; a "
                           "filing is approved on or after the day it was proposed."),
    ("suspend", PROPOSED, "--proposed-on: --proposed-on goes with the action file only."),
])
def test_a_wrong_proposal_date_on_the_command_line_is_one_line_and_changes_nothing(capsys, db, data_dir, make_case,
                                                                                  english, action, proposed, message):
    case = make_case()
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, action, "--date",
                          FILED, "--reason", "检测", "--proposed-on", proposed)
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1
    stored = get_case(db, case.id)
    assert (stored.status, stored.filing_proposed_on, stored.filed_on) == ("pending_filing", None, None)


# ---- the 立案审批表 -----------------------------------------------------------------------------------------------

def _approval_text(db, case) -> str:
    rendered = render_document(draft_document(db, get_case(db, case.id), find_form("filing_approval"),
                                              FILING_SOURCE), "pdf")
    return pdf_text(rendered.data)


def test_the_filing_approval_prints_the_unit_s_proposal_and_the_head_s_approval_dates(db, make_case):
    case = make_case(status="investigating", filing_proposed_on=PROPOSED, filed_on=FILED, facts=FACTS)
    text = _approval_text(db, case)
    unit, head = text.split("办案机构负责人意见")[1], text.split("部门负责人审批意见")[1]
    assert unit.startswith("签名：2026年3月2日") and head.startswith("签名：2026年3月5日")


def test_without_the_dates_the_filing_approval_leaves_them_for_hand_filling(db, make_case):
    text = _approval_text(db, make_case(facts=FACTS))
    assert text.split("办案机构负责人意见")[1].startswith("签名：年月日")
    assert text.split("部门负责人审批意见")[1].startswith("签名：年月日")
    # a proposal recorded while the filing waits for approval: the unit's date printed, the head's left blank
    proposed = _approval_text(db, update_case(db, replace(make_case(facts=FACTS), filing_proposed_on=PROPOSED)))
    assert proposed.split("办案机构负责人意见")[1].startswith("签名：2026年3月2日")
    assert proposed.split("部门负责人审批意见")[1].startswith("签名：年月日")


# ---- the case dialog and the workspace ----------------------------------------------------------------------------

@pytest.mark.gui
def test_the_case_dialog_takes_both_dates_checks_them_as_typed_and_the_workspace_shows_them(
        qtbot, db, make_case, prompts, make_window, english):
    from PySide6.QtWidgets import QDialogButtonBox, QLabel

    from ui.case_dialog import CaseDialog

    # the filing date is the filing's (立案), shown and kept; the proposal's is typed
    case = make_case(lead_received_on="2026-02-20", status="investigating", filed_on=FILED)
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.dates["filed_on"].text() == FILED and dialog.dates["filed_on"].isReadOnly()
    dialog.dates["filing_proposed_on"].setText("2026-03-06")
    assert dialog.errors["filing_proposed_on"].text() == (
        "Filing proposed on: 2026-03-06 is after the filing date 2026-03-05; a filing is approved on or after the "
        "day it was proposed.")
    assert not save.isEnabled()
    dialog.dates["filing_proposed_on"].setText(PROPOSED)
    assert dialog.errors["filing_proposed_on"].text() == "" and save.isEnabled()
    dialog.save()
    assert prompts.errors == []
    stored = get_case(db, case.id)
    assert (stored.filing_proposed_on, stored.filed_on) == (PROPOSED, FILED)

    workspace = make_window(db).open_case(case.id)
    texts = [label.text() for label in workspace.findChildren(QLabel)]
    shown = texts.index("Filing proposed on")
    assert texts[shown + 1] == PROPOSED and texts[shown + 2:shown + 4] == ["Filed", FILED]


# ---- bundles ------------------------------------------------------------------------------------------------------

def test_a_bundle_carries_the_proposal_date_and_an_older_one_without_it_merges(capsys, dirs):
    new_case_column_travels(capsys, dirs, "m028_filing_proposed", "filing_proposed_on", "2026-02-27")


# ---- the register import ------------------------------------------------------------------------------------------

def test_a_register_with_a_proposal_column_stores_it_and_refuses_a_row_proposed_after_its_filing(db, tmp_path,
                                                                                                english):
    from tests.test_register_import import GOOD, HEADER, write_csv
    from workstation.importing.register import import_register
    from workstation.store import find_case

    proposals = ["2026年2月27日", "2026-03-06", ""]  # the second is after its 立案日期 2026/3/5
    lines = [[*HEADER, "立案呈批日期"], *([*row, proposal] for row, proposal in zip(GOOD, proposals, strict=False))]
    result = import_register(db, write_csv(tmp_path / "台账.csv", lines), skip_invalid=True)
    assert (result.imported, result.ignored_columns) == (2, [])
    assert result.errors == [{"row": 3, "field": "立案呈批日期", "message": (
        "Filing proposed on: 2026-03-06 is after the filing date 2026-03-05; a filing is approved on or after the day "
        "it was proposed.")}]
    assert find_case(db, GOOD[0][0]).filing_proposed_on == "2026-02-27"
    assert find_case(db, GOOD[2][0]).filing_proposed_on is None


def test_filing_before_the_proposal_recorded_is_refused_at_the_date_option(capsys, db, data_dir, make_case, english):
    case = update_case(db, replace(make_case(), filing_proposed_on=FILED))  # proposed on 3-05, waiting for approval
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file", "--date",
                          PROPOSED)
    assert code != 0 and err.strip().endswith(
        "--date: Filing proposed on: 2026-03-05 is after the filing date 2026-03-02; a filing is approved on or after "
        "the day it was proposed.")
    assert get_case(db, case.id).status == "pending_filing"
