# ruff: noqa: F811 - the fixtures imported from test_s53_evidence are used by name
"""The evidence register (session 54): the records of an extraction in force are read as the case's documents are
(``issuing.in_force_of_form``: those issued for the lead the case was filed from count); the stored copy of an
item gone from the data folder is put back by adding its file again in any state of the case — decided, closed —
as the message naming it says, nothing else changing, with an entry in the audit log, from the command line and
the window, while any other file is refused as before; and a new 证据提取单 or 电子数据证据提取笔录, once every item
is on an issued record, lists nothing again and says which records list them."""

from __future__ import annotations

import sqlite3

import pytest

from tests.helpers import run
from tests.test_s53_evidence import (  # noqa: F401 - the fixtures are used by name
    EARLY,
    LATE,
    RECORD,
    SHEET,
    _file,
    chinese,
    day,
    defaults,
    investigating,
    two_sessions,
)
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.errors import WorkstationError
from workstation.filestore import file_path
from workstation.formkit.values import case_context, default_values
from workstation.paths import database_path
from workstation.records import today
from workstation.store import get_case
from workstation.store.evidence import add_evidence, list_evidence


def test_a_record_kept_for_the_lead_the_case_was_filed_from_lists_its_items_as_the_cases(db, data_dir, two_sessions):
    """The program issues no extraction record for a lead (not one of a lead's forms), but a document issued for
    the lead a case was filed from is the case's everywhere else (``issuing.kept_of_form``): the register reads
    its records the same way, not by a query of its own that left them out."""
    from workstation.documents.issuing import issue_values

    case, first, second = two_sessions
    db.execute("INSERT INTO leads (id, source, received_at, description, status, case_id, created_at, updated_at) "
               "VALUES ('L54', 'hotline', ?, '外呼推销', 'filed', ?, ?, ?)",
               [f"{day(40)}T09:00:00", case.id, day(40), day(40)])
    form = find_form("evidence_extraction")
    values = default_values(form, case_context(db, get_case(db, case.id)), dict(SHEET))
    issue_values(db, data_dir, form, {**values, **SHEET}, owner={"lead_id": "L54"}, agency_id=case.agency_id,
                 agency="佛山市南海区市场监督管理局", date=LATE)
    after = defaults(db, case, "evidence_extraction")  # the late item is listed: the early one next
    assert after["extracted_on"] == EARLY
    assert [row.split(" | ")[:2] for row in after["items"].splitlines()] == [["1", "客户名单.csv（客户名单）"]]


def test_a_voided_record_no_longer_lists_its_items(db, data_dir, two_sessions):
    from workstation.documents.issuing import void_document

    case, first, second = two_sessions
    sheet = issue_document(db, data_dir, get_case(db, case.id), find_form("evidence_extraction"), dict(SHEET))
    assert defaults(db, case, "evidence_extraction")["extracted_on"] == EARLY
    void_document(db, sheet.id, "提供人未签名")
    assert defaults(db, case, "evidence_extraction")["extracted_on"] == LATE  # listed again


# 2. a missing stored copy put back in any state --------------------------------------------------------------------

@pytest.fixture
def closed_case(db, data_dir, make_case, tmp_path):
    """A closed case whose customer list's stored copy is gone from the data folder."""
    case = make_case(status="closed", evidence=False, lead_received_on=day(60), filed_on=day(50),
                     decided_on=day(20))
    sheet = _file(tmp_path, "名单.csv", "电话\n13800138000\n")
    item = add_evidence(db, data_dir, case.id, sheet, kind="customer_list", collected_on=day(40),
                        after_closing=True)
    file_path(data_dir, item.sha256).unlink()
    return get_case(db, case.id), item, sheet


@pytest.fixture
def decided_case(db, data_dir, make_case, tmp_path):
    """A decided case whose customer list's stored copy is gone from the data folder."""
    case = make_case(status="penalty_decided", evidence=False, lead_received_on=day(40), filed_on=day(30),
                     decided_on=day(5))
    sheet = _file(tmp_path, "名单.csv", "电话\n13800138000\n")
    item = add_evidence(db, data_dir, case.id, sheet, kind="customer_list", collected_on=day(10))
    file_path(data_dir, item.sha256).unlink()
    return get_case(db, case.id), item, sheet


def _held(data_dir) -> tuple[int, list]:
    """(evidence rows, audit entries of the restored copies) as the database file holds them."""
    conn = sqlite3.connect(database_path(data_dir))
    try:
        return (conn.execute("SELECT COUNT(*) FROM evidence").fetchone()[0],
                conn.execute("SELECT entity, entity_id FROM audit WHERE action = 'restore_copy'").fetchall())
    finally:
        conn.close()


@pytest.mark.parametrize("state", ["closed_case", "decided_case"])
def test_the_file_of_a_missing_copy_restores_it_from_the_command_line_in_any_state(db, data_dir, state, request,
                                                                                  capsys, english):
    case, item, sheet = request.getfixturevalue(state)
    before = get_case(db, case.id)
    held, _audited = _held(data_dir)
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, sheet)
    assert code == 0, err
    assert "its stored copy, which was missing from the data folder, was restored from the file given" in out
    assert file_path(data_dir, item.sha256).read_bytes() == sheet.read_bytes()
    rows, audited = _held(data_dir)
    assert rows == held and audited == [("evidence", item.id)]
    assert get_case(db, case.id) == before  # no count, date or state changed
    assert [(e.id, e.collected_on) for e in list_evidence(db, case.id)] == [(item.id, item.collected_on)]


def test_another_file_in_a_closed_case_is_still_refused(db, data_dir, closed_case, tmp_path, capsys, english):
    case, item, _sheet = closed_case
    other = _file(tmp_path, "另一份名单.csv", "电话\n13900139000\n")
    code, _out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, other)
    assert code == 1
    assert "its evidence register stays as the case was closed with it" in err
    assert not file_path(data_dir, item.sha256).exists()
    rows, audited = _held(data_dir)
    assert rows == 1 and audited == []
    import hashlib

    assert not file_path(data_dir, hashlib.sha256(other.read_bytes()).hexdigest()).exists()  # nothing kept


def test_another_file_in_a_decided_case_is_refused_for_its_date_as_before(db, data_dir, decided_case, tmp_path,
                                                                          capsys, english):
    case, _item, _sheet = decided_case
    other = _file(tmp_path, "另一份名单.csv", "电话\n13900139000\n")
    code, _out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, other)
    assert code == 1 and "after the case's decision" in err
    assert _held(data_dir) == (1, [])


@pytest.mark.gui
@pytest.mark.parametrize("state", ["closed_case", "decided_case"])
def test_the_window_restores_the_copy_from_its_evidence_page(db, data_dir, state, request, make_window, prompts,
                                                             english):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    case, item, sheet = request.getfixturevalue(state)
    evidence = make_window(db).open_case(case.id).evidence
    add = evidence.buttons["add_evidence"]
    assert add.isEnabled(), add.toolTip()
    prompts.files.append(str(sheet))
    asked = []

    def close_any_dialog():  # nothing to describe: no dialog is opened (one would be closed here, and said)
        if (dialog := QApplication.activeModalWidget()) is not None:
            asked.append(dialog.windowTitle())
            dialog.reject()

    QTimer.singleShot(0, close_any_dialog)
    prompts.choices.append(1)  # a dialog closed: what was typed is discarded
    add.click()
    assert asked == [] and prompts.errors == []
    assert any("was restored from the file given" in text for text in prompts.infos)
    assert file_path(data_dir, item.sha256).read_bytes() == sheet.read_bytes()
    assert [e.id for e in list_evidence(db, case.id)] == [item.id]
    assert _held(data_dir)[1] == [("evidence", item.id)]
    evidence.view.selectRow(0)
    assert evidence.buttons["save_evidence"].isEnabled()  # readable again


@pytest.mark.gui
def test_the_window_still_refuses_another_file_of_a_closed_case(db, data_dir, closed_case, make_window, prompts,
                                                                tmp_path, english):
    case, _item, _sheet = closed_case
    evidence = make_window(db).open_case(case.id).evidence
    prompts.files.append(str(_file(tmp_path, "另一份名单.csv", "电话\n13900139000\n")))
    evidence.buttons["add_evidence"].click()
    assert any("its evidence register stays as the case was closed with it" in text for text in prompts.errors)
    assert len(list_evidence(db, case.id)) == 1


@pytest.mark.gui
def test_a_closed_case_without_a_missing_copy_still_greys_adding(db, data_dir, closed_case, make_window, english):
    from workstation.store.evidence import StoredCopyRestored

    case, item, sheet = closed_case
    with pytest.raises(StoredCopyRestored):
        add_evidence(db, data_dir, case.id, sheet)
    add = make_window(db).open_case(case.id).evidence.buttons["add_evidence"]
    assert not add.isEnabled() and "stays as the case was closed with it" in add.toolTip()


# 3. nothing new to list --------------------------------------------------------------------------------------------

@pytest.fixture
def all_listed(db, data_dir, two_sessions):
    """Both sessions on an issued 证据提取单 and 电子数据证据提取笔录."""
    case, first, second = two_sessions
    for _ in range(2):
        issue_document(db, data_dir, get_case(db, case.id), find_form("evidence_extraction"), dict(SHEET))
    issue_document(db, data_dir, get_case(db, case.id), find_form("electronic_evidence_record"),
                   {**RECORD, "time_from": f"{chinese(LATE)}9时30分"})
    issue_document(db, data_dir, get_case(db, case.id), find_form("electronic_evidence_record"),
                   {**RECORD, "time_from": f"{chinese(EARLY)}9时30分"})
    return get_case(db, case.id)


def test_a_new_record_after_every_item_is_listed_lists_nothing_again(db, all_listed):
    sheet = defaults(db, all_listed, "evidence_extraction")
    assert not sheet["items"] and sheet["extracted_on"] == today()
    record = defaults(db, all_listed, "electronic_evidence_record")
    assert not record["file_names"] and not record["hashes"] and record["records"] is None


def test_the_command_line_draft_says_every_item_is_listed_naming_the_records(db, data_dir, all_listed, capsys,
                                                                             tmp_path, english):
    for form_id, title in (("evidence_extraction", "证据提取单"), ("electronic_evidence_record", "电子数据证据提取笔录")):
        code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", all_listed.id, "--form", form_id,
                              "-o", tmp_path / f"{form_id}.pdf")
        assert code == 0, err
        assert "is already listed on an issued record" in err, err
        assert f"{title} issued on {today()} (item 2)" in err and f"{title} issued on {today()} (item 1)" in err
        assert f"A new {title} lists nothing by default" in err


def test_issuing_a_sheet_listing_nothing_then_says_why(db, all_listed, english):
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, all_listed, find_form("evidence_extraction"), dict(SHEET))
    assert "Every item of the case's evidence register is already listed on an issued record" in \
        refused.value.message
    assert f"证据提取单 issued on {today()} (item 1)" in refused.value.message
    typed = {**SHEET, "items": "1 | 合同复印件 | 当事人 | 3页 | 复印 | "}  # written by hand: no register item
    assert check_issue(db, all_listed, find_form("evidence_extraction"), typed)[0]["items"]


def test_the_register_with_a_new_item_lists_only_it(db, data_dir, all_listed, tmp_path):
    add_evidence(db, data_dir, all_listed.id, _file(tmp_path, "短信记录.csv", "电话\n13700137000\n"),
                 kind="sms_log", collected_on=day(1))
    sheet = defaults(db, all_listed, "evidence_extraction")
    assert sheet["extracted_on"] == day(1)
    assert [row.split(" | ")[:2] for row in sheet["items"].splitlines()] == [["3", "短信记录.csv（短信平台记录）"]]


@pytest.mark.gui
def test_the_editor_of_a_new_sheet_says_every_item_is_listed_under_its_preview(db, data_dir, all_listed, opened,
                                                                                english):
    editor = opened(db, "evidence_extraction", all_listed)
    editor.wait_for_preview()
    note = editor.glyphs_note.text()
    assert editor.glyphs_note.isVisibleTo(editor) and "A new 证据提取单 lists nothing by default" in note
    assert f"证据提取单 issued on {today()} (item 1)" in note
