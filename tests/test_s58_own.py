"""Session 58's own mends: a case imported 已结案 with no step recorded opens in the case editor with its figures
and cause editable (the store takes them: ``closed_as_entered``); the register's district column may be headed
所属区域 or 所属地区, as the complaint files' may; and a copy of a document no longer in force is warned of in one
wording on the command line and in the window."""

from __future__ import annotations

import pytest

from tests.test_s58_register import HEADER, _late_in_2026, imported_closed, row, write_csv  # noqa: F401
from workstation.importing.register import import_register
from workstation.store import find_case


@pytest.mark.gui
def test_a_closed_case_imported_without_steps_opens_with_its_figures_editable(qtbot, db, tmp_path, prompts, english):
    from ui.case_dialog import CaseDialog

    case = imported_closed(db, tmp_path)
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    assert not dialog.cause.isReadOnly()
    assert not any(widget.isReadOnly() for widget in dialog.money.values())
    assert dialog.closed_note.isHidden()


@pytest.mark.parametrize("heading", ["所属区域", "所属地区"])
def test_the_district_column_may_be_headed_as_complaint_files_head_it(db, tmp_path, heading):
    header = [heading if name == "所属区" else name for name in HEADER]
    import_register(db, write_csv(tmp_path / "台账.csv", [header, row("佛南市监立〔2026〕7号", district="南海区")]))
    assert find_case(db, "佛南市监立〔2026〕7号") is not None


def test_the_warning_of_a_withdrawn_copy_is_one_wording():
    import inspect

    import ui.form_editor
    import workstation.cli

    for module in (ui.form_editor, workstation.cli):
        source = inspect.getsource(module)
        assert "withdrawn_copy_warning(" in source
        assert "but its copy bears its 文号" not in source


def test_the_command_line_replaces_the_parties_own_follow_ups_when_told(demo_db, data_dir, capsys, monkeypatch,
                                                                         english):
    from tests.helpers import run
    from tests.test_s58_interviews import DEVELOPERS, _at, _sanshui_not_rectified
    from workstation.store.interviews import get_interview, party_result

    _at(monkeypatch, "2026-12-22")
    sanshui = _sanshui_not_rectified(demo_db)
    code, out, err = run(capsys, "interviews", "follow-up", DEVELOPERS, "--on", "2026-07-01", "--result",
                         "三家均已整改", "--outcome", "rectified", "--replace-own", "--data-dir", data_dir)
    assert code == 0, err
    assert party_result(get_interview(demo_db, DEVELOPERS), sanshui).follow_up_outcome == "rectified"


def test_the_decision_approval_sheet_states_the_facts_the_notice_served_told(db, data_dir, make_case):
    from tests.helpers import pdf_text
    from tests.test_s58_paper import NOTICE_FACTS, noticed
    from workstation.documents.drafts import draft_document, find_form, render_document

    case, _notice = noticed(db, data_dir, make_case)
    assert find_form("decision_approval").version >= 7  # 8 since session 75 (the review and discussion drawn)
    sheet = draft_document(db, case, find_form("decision_approval"), {})
    text = pdf_text(render_document(sheet, "pdf").data)
    assert NOTICE_FACTS.replace("\n", "")[:30] in text.replace("\n", "")
    assert "441条" not in text


def test_the_statistics_name_a_case_the_lawful_business_fact_does_not_save_from_transfer(db, make_case):
    from workstation.stats import threshold_not_transferred

    providing = make_case(status="investigating", filed_on="2026-11-02", records_other=60_000,
                          violations=["illegal_provision_or_leak"], law_conditions=["lawful_business"])
    make_case(status="investigating", filed_on="2026-11-02", records_other=2_500, duty_related=True,
              violations=["illegal_collection_or_use"])  # collecting only: the duty flag does not halve
    assert threshold_not_transferred(db, " WHERE 1", []) == [providing.case_number]


def test_stats_says_the_leads_past_their_verification_period_without_a_decision(db, officers, data_dir, capsys,
                                                                                monkeypatch, english):
    from tests.helpers import run
    from tests.test_s58_leads import leads_of_autumn

    leads_of_autumn(capsys, data_dir, monkeypatch)
    code, out, err = run(capsys, "stats", "--data-dir", data_dir)
    assert code == 0, err
    assert "3 leads are past their verification period (T1) without a decision" in out, out


def test_a_second_decision_refused_on_the_command_line_says_where_the_earlier_one_is_removed(capsys, db, data_dir,
                                                                                             make_case, english):
    from tests.helpers import run
    from tests.test_s58_transfer import FACTS, PROVIDING, record

    crime = make_case(status="investigating", filed_on="2026-11-02", records_other=18_176, violations=[PROVIDING],
                      facts=FACTS)

    record(db, crime, "transfer_report", "2026-11-10")
    record(db, crime, "transfer_refused", "2026-11-11", approved_by="张局长")
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", crime.id, "transfer_approved",
                          "--date", "2026-11-12", "--approved-by", "张局长")
    refused = db.execute("SELECT id FROM clock_events WHERE case_id = ? AND kind = 'transfer_refused'",
                         [crime.id]).fetchone()[0]
    # the command that removes the earlier decision (s59: `clocks remove`)
    assert code == 1 and f"clocks remove {refused} --reason" in err, err


# the count of saved changes an interrupted command is told by (workstation.db.connection) ---------------------------

def _counting_database(tmp_path):
    import sqlite3

    from workstation.db.connection import Database

    db = Database(sqlite3.connect(tmp_path / "c.db", isolation_level=None))
    db.conn.execute("CREATE TABLE t (x)")
    return db


def _interrupted_at_begin(db):
    """Make ``db``'s BEGIN go through and Ctrl+C land right after it, before the next line runs; the real connection,
    to put back."""
    connection = db.conn

    class Interrupting:
        def __getattr__(self, name):
            return getattr(connection, name)

        def execute(self, sql, *args):
            result = connection.execute(sql, *args)
            if sql.startswith("BEGIN"):
                raise KeyboardInterrupt
            return result

    db.conn = Interrupting()
    return connection


def test_an_interrupt_while_begin_waits_keeps_the_count_of_what_was_committed(tmp_path, monkeypatch):
    db = _counting_database(tmp_path)
    mark = db.saved_changes()
    with db.atomic():
        db.conn.execute("INSERT INTO t VALUES (1)")
    assert db.saved_changes() == mark + 1
    connection = _interrupted_at_begin(db)
    with pytest.raises(KeyboardInterrupt):
        with db.atomic():
            pass
    db.conn = connection
    assert not connection.in_transaction  # the transaction BEGIN opened was rolled back, its write lock let go
    assert db.saved_changes() == mark + 1  # the committed row still counted saved


@pytest.mark.parametrize("begin", ["immediate", "reading"])
def test_an_interrupt_as_begin_returns_leaves_no_transaction_open(tmp_path, begin):
    from workstation.db.connection import immediate

    db = _counting_database(tmp_path)
    with db.atomic():
        db.conn.execute("INSERT INTO t VALUES (1)")
    mark = db.saved_changes()
    connection = _interrupted_at_begin(db)
    with pytest.raises(KeyboardInterrupt):  # not an internal error of the PRAGMA put back inside a transaction
        with immediate(db) if begin == "immediate" else db.reading():
            pass
    db.conn = connection
    assert not connection.in_transaction
    assert db.saved_changes() == mark


def test_a_savepoint_rolled_back_inside_another_is_counted_once(tmp_path):
    db = _counting_database(tmp_path)
    mark = db.saved_changes()
    with db.atomic():
        db.conn.execute("INSERT INTO t VALUES (1)")  # saved
        with pytest.raises(RuntimeError):
            with db.atomic():  # a dry run
                db.conn.execute("INSERT INTO t VALUES (2)")
                with pytest.raises(RuntimeError):
                    with db.atomic():
                        db.conn.execute("INSERT INTO t VALUES (3)")
                        raise RuntimeError
                raise RuntimeError
    assert db.conn.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 1
    assert db.saved_changes() == mark + 1


def test_audit_list_refuses_an_empty_since(data_dir, capsys, english):
    from tests.helpers import run

    run(capsys, "--data-dir", data_dir, "init")
    code, out, err = run(capsys, "--data-dir", data_dir, "audit", "list", "--since", "")
    assert (code, out) == (1, "") and "--since" in err and "The date is empty" in err, err


# a file named as another format is refused, not filled with this one's bytes (workstation/output_names.py) --------

@pytest.mark.gui
def test_a_draft_pdf_saved_under_a_docx_name_is_refused_and_nothing_written(make_window, demo_db, prompts, tmp_path,
                                                                            english):
    from tests.test_ui_documents import CASE

    section = make_window(demo_db).open_case(find_case(demo_db, CASE).id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("penalty_decision"))
    prompts.files.append(str(tmp_path / "决定书.docx"))
    section.save_draft("pdf")
    assert prompts.errors and "决定书.docx" in prompts.errors[-1] and ".pdf" in prompts.errors[-1]
    assert not (tmp_path / "决定书.docx").exists()
    prompts.files.append(str(tmp_path / "决定书"))  # no extension typed: .pdf added
    section.save_draft("pdf")
    assert (tmp_path / "决定书.pdf").read_bytes().startswith(b"%PDF")


def test_the_deadline_list_printed_under_a_spreadsheets_name_is_refused(tmp_path, english):
    from workstation.board_export import write_handout
    from workstation.errors import WorkstationError

    with pytest.raises(WorkstationError, match=r"截止\.xlsx"):
        write_handout(tmp_path / "截止.xlsx", "期限", "2026-12-05", [], fmt="pdf")
    assert not (tmp_path / "截止.xlsx").exists()
