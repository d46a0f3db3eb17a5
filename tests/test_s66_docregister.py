"""The register of issued documents and its 文号 (docregister audit, session 66): a 文号 a restore kept taken, its
document lost with the data replaced, has a state of its own (not void), names the case and form it was for, and a
document of its kind may be issued under it again (audited); its note gives the backup's time as the program writes
times; the register sorts by 文号, 成文日期 or issue time, a page at a time; a number row opened in the window says
its note and case."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import OPEN_CASE, open_db
from tests.helpers import run, run_json

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
SUMMONS = {"appear_on": "2026-12-20", "appear_time": "上午9时30分", "appear_place": "本局询问室"}


def _issue(capsys, data: Path, tmp_path: Path, name: str, *extra) -> dict:
    values = tmp_path / "summons.json"
    values.write_text(json.dumps(SUMMONS, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "--data-dir", data, "docs", "issue", OPEN_CASE, "--form", "inquiry_notice", "--values",
               values, "-o", tmp_path / f"{name}.pdf", *extra)


def _numbers(data: Path) -> list[tuple]:
    db = open_db(data)
    try:
        return db.execute("SELECT number, status, document_id, lost_case, lost_form, lost_case_id, void_reason "
                          "FROM doc_numbers WHERE number LIKE '%询%' ORDER BY serial, status").fetchall()
    finally:
        db.conn.close()


@pytest.fixture
def lost(capsys, copy_template, tmp_path, english):
    """A backup made, an inquiry notice issued, the backup restored: its 文号 kept taken, its document lost."""
    data = copy_template("plain")
    made = run_json(capsys, "--data-dir", data, "backup", "create")
    code, _out, err = _issue(capsys, data, tmp_path, "h1")
    assert code == 0, err
    number = _numbers(data)[-1][0]
    restored = run_json(capsys, "--data-dir", data, "backup", "restore", made["id"])
    return data, number, restored


# ---- 1. a number lost in a restore: a state of its own, its case and form, issued again under it ----------------

def test_a_number_whose_document_a_restore_lost_is_not_void_and_names_its_case_and_form(lost):
    data, number, restored = lost
    row = [r for r in _numbers(data) if r[0] == number]
    assert len(row) == 1
    _number, status, document_id, case, form, case_id, _reason = row[0]
    assert (status, document_id, case, form) == ("lost", None, OPEN_CASE, "inquiry_notice")
    db = open_db(data)
    try:
        from workstation.document_register import registered_documents

        assert case_id == db.execute("SELECT id FROM cases WHERE case_number = ?", [OPEN_CASE]).fetchone()[0]
        gap = next(r for r in registered_documents(db) if r.number == number)
        assert gap.kind == "number" and gap.state == "lost"
        assert gap.state_label == "Taken before a restore, document not here"
        assert gap.subject == OPEN_CASE and gap.case_id == case_id
        assert "Inquiry" in gap.title or "询问" in gap.title
        # the state filter finds them; "void" does not
        assert [r.number for r in registered_documents(db, state="lost")] == [number]
        assert number not in [r.number for r in registered_documents(db, state="void")]
    finally:
        db.conn.close()


def test_the_note_gives_the_backups_time_as_the_program_writes_times(lost):
    data, number, restored = lost
    reason = next(r for r in _numbers(data) if r[0] == number)[6]
    assert not re.search(r"\d{2}T\d{2}", reason), reason
    assert restored["created"][:16].replace("T", " ") in reason


def test_a_document_of_its_kind_may_be_issued_again_under_the_lost_number_audited(capsys, lost, tmp_path):
    data, number, _restored = lost
    serial = int(re.search(r"〕(\d+)号", number).group(1))
    code, out, err = _issue(capsys, data, tmp_path, "again", "--serial", str(serial))
    assert code == 0, err
    rows = [r for r in _numbers(data) if r[0] == number]
    # a new row holds it (never the lost one: headquarters may hold that with the first document); the lost row is
    # voided saying so, keeping the case and form it was for
    assert sorted((r[1], r[2] is not None) for r in rows) == [("issued", True), ("void", False)]
    voided = next(r for r in rows if r[1] == "void")
    assert voided[3] == OPEN_CASE and voided[4] == "inquiry_notice" and "issued again" in voided[6]
    issued = next(r for r in rows if r[1] == "issued")
    assert issued[3:6] == ("", "", None)
    db = open_db(data)
    try:
        from workstation.document_register import registered_documents

        listed = [r for r in registered_documents(db) if r.number == number]
        assert [(r.kind, r.state) for r in listed] == [("document", "issued")]  # the voided row not listed twice
        entries = db.execute("SELECT action FROM audit WHERE entity = 'doc_number' AND entity_id IN (SELECT id FROM "
                             "doc_numbers WHERE number = ?)", [number]).fetchall()
        assert ("reissue_lost_number",) in entries and ("manual_serial",) in entries
    finally:
        db.conn.close()
    # taken again, it is refused as any number issued
    code, _out, err = _issue(capsys, data, tmp_path, "twice", "--serial", str(serial))
    assert code != 0 and "already issued" in err
    # and the next number goes on after it
    code, _out, err = _issue(capsys, data, tmp_path, "next")
    assert code == 0 and _numbers(data)[-1][0] != number


def test_a_lost_number_may_still_be_voided(lost):
    from workstation.documents.numbering import get_number, void_number

    data, number, _restored = lost
    db = open_db(data)
    try:
        void_number(db, number, "paper never served")
        assert get_number(db, number).status == "void"
    finally:
        db.conn.close()


# ---- 2. the register sorts by 文号, 成文日期 and issue time, a page at a time --------------------------------------

@pytest.fixture
def unordered(db, data_dir, make_case):
    """materials orders issued with serials 3, 1, 2 by hand (in that order), and 5号 lost in a restore."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.documents.numbering import numbering_agency, skip_confirmed
    from workstation.records import new_id, now

    case = make_case(status="investigating", filed_on="2026-12-01")
    issued = []
    for serial in (3, 1, 2):
        with skip_confirmed(serial):
            issued.append(issue_document(db, data_dir, case, find_form("materials_order"), serial=serial))
    owner, abbrev = numbering_agency(db, case.agency_id)
    db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, issued_at, status, "
               "void_reason) VALUES (?, ?, '限供', ?, 5, ?, ?, 'lost', 'lost')",
               [new_id(), owner, int(now()[:4]), f"{abbrev}限供〔{now()[:4]}〕5号", "2000-01-01T00:00:00+08:00"])
    return issued


def _serials(rows) -> list[str]:
    return [re.search(r"〕(\d+)号", r.number).group(1) for r in rows]


def test_the_register_sorts_by_number_each_way_and_pages_on_that_order(db, unordered):
    from workstation.document_register import registered_documents

    assert _serials(registered_documents(db)) == ["2", "1", "3", "5"]  # issue time, newest first (5号 taken long ago)
    assert _serials(registered_documents(db, sort="number")) == ["5", "3", "2", "1"]
    assert _serials(registered_documents(db, sort="number", descending=False)) == ["1", "2", "3", "5"]
    assert _serials(registered_documents(db, sort="issued", descending=False)) == ["5", "3", "1", "2"]
    for descending in (True, False):
        whole = registered_documents(db, sort="number", descending=descending)
        paged, after = [], None
        while True:
            page = registered_documents(db, limit=1, sort="number", descending=descending, after=after)
            if not page:
                break
            paged += page
            after = page[-1]
        assert [r.id for r in paged] == [r.id for r in whole]


def test_the_register_sorts_by_the_date_documents_bear(db, unordered):
    from workstation.document_register import registered_documents

    rows = registered_documents(db, sort="dated", descending=False)
    assert rows[0].kind == "number"  # no date: first going up
    assert [r.dated for r in rows[1:]] == sorted(r.dated for r in rows[1:])
    paged, after = [], None
    while page := registered_documents(db, limit=2, sort="dated", after=after):
        paged += page
        after = page[-1]
    assert [r.id for r in paged] == [r.id for r in registered_documents(db, sort="dated")]


def test_a_click_on_the_number_header_sorts_the_window_list(db, unordered, prompts, qtbot):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from ui.document_register import DocumentRegisterBox

    box = DocumentRegisterBox(db, prompts)
    qtbot.addWidget(box)
    box.resize(1200, 600)
    box.show()
    qtbot.waitExposed(box)
    assert box.view.isSortingEnabled()
    header = box.view.horizontalHeader()
    assert _serials(box.model.records) == ["2", "1", "3", "5"]  # issue time, newest first

    def click(section: int) -> None:
        at = QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)

    click(1)  # the officer clicks 文号: sorted by it, either way
    first = header.sortIndicatorOrder()
    up = first == Qt.SortOrder.AscendingOrder
    assert header.sortIndicatorSection() == 1
    assert _serials(box.model.records) == (["1", "2", "3", "5"] if up else ["5", "3", "2", "1"])
    click(1)  # and again: the other way
    assert header.sortIndicatorOrder() != first
    assert _serials(box.model.records) == (["5", "3", "2", "1"] if up else ["1", "2", "3", "5"])
    shown = _serials(box.model.records)
    box.refresh()  # read again: the order kept
    assert _serials(box.model.records) == shown
    click(2)  # another heading: back to the issue time, no heading marked
    assert _serials(box.model.records) == ["2", "1", "3", "5"] and header.sortIndicatorSection() == -1


# ---- 3. a number row opened says its note and case ----------------------------------------------------------------

def test_opening_a_number_taken_without_a_document_says_its_note_and_case(db, unordered, make_window, prompts,
                                                                        english):
    from workstation.document_register import registered_documents

    window = make_window(db)
    gap = next(r for r in registered_documents(db) if r.kind == "number")
    window.open_document(gap)
    said = prompts.infos + prompts.confirmations
    assert said and gap.number in said[-1] and "lost" in said[-1]


# ---- 4. mended after the final read (session 66) ------------------------------------------------------------------

def _first_case_number(data: Path) -> str:
    db = open_db(data)
    try:
        return db.execute("SELECT case_number FROM cases WHERE case_number != ? ORDER BY case_number LIMIT 1",
                          [OPEN_CASE]).fetchone()[0]
    finally:
        db.conn.close()


def test_a_backup_made_before_m072_restored_keeps_the_numbers_taken_since(capsys, tmp_path, monkeypatch, english):
    """The backup's database lacks the lost_* columns: it is updated before the numbers are carried into it, so the
    文号 taken since the backup is kept taken (lost) and the next one goes on after it."""
    from tests.backup_fixtures import make_demo
    from workstation.db import schema

    every = list(schema.MIGRATIONS)
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", [m for m in every if not m[0].startswith("m072")])  # the later ones too: today's code writes their columns
        data = make_demo(tmp_path, "old", None)
        made = run_json(capsys, "--data-dir", data, "backup", "create")
    code, _out, err = _issue(capsys, data, tmp_path, "h1")  # the data updated to this version, then a notice issued
    assert code == 0, err
    number = _numbers(data)[-1][0]
    restored = run_json(capsys, "--data-dir", data, "backup", "restore", made["id"])
    assert restored["numbers_carried"] >= 1
    row = [r for r in _numbers(data) if r[0] == number]
    assert [(r[1], r[3], r[4]) for r in row] == [("lost", OPEN_CASE, "inquiry_notice")]
    code, out, err = _issue(capsys, data, tmp_path, "h2", "--json")
    assert code == 0, err
    assert json.loads(out)["number"] != number  # never the number on paper a second time


def test_a_restore_that_cannot_keep_the_numbers_taken_is_refused_and_changes_nothing(capsys, copy_template, tmp_path,
                                                                                      monkeypatch, english):
    from tests.backup_fixtures import data_digest
    from workstation.documents import number_blocks

    data = copy_template("plain")
    made = run_json(capsys, "--data-dir", data, "backup", "create")
    code, _out, err = _issue(capsys, data, tmp_path, "h1")
    assert code == 0, err
    before = data_digest(data)

    def full(*_args, **_kwargs):
        from workstation.errors import WorkstationError

        raise WorkstationError("the disk is full")

    monkeypatch.setattr(number_blocks, "keep_case_numbers", full)  # what the carry writes last fails
    code, _out, err = run(capsys, "--data-dir", data, "backup", "restore", made["id"])
    assert code != 0
    assert "could not be kept taken" in err and "the disk is full" in err and "not changed" in err
    assert data_digest(data) == before


def _m071_database(path: Path, monkeypatch, rows: list[tuple[str, str]]):
    """A database at m071 holding the voided 文号 ``rows`` (serial's note, whether it has an audited void) without a
    document, then opened at this version (m072)."""
    from workstation.db import open_database, schema

    every = list(schema.MIGRATIONS)
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", [m for m in every if not m[0].startswith("m072")])  # the later ones too: today's code writes their columns
        db = open_database(path)
        with db.atomic():
            db.execute("INSERT INTO agencies (id, code, level, name, short_name, doc_abbrev, updated_at) VALUES "
                       "('a1', '440605', 'district', '佛山市南海区市场监督管理局', '南海区局', '佛南市监', "
                       "'2026-05-01T10:00:00+08:00')")
            for serial, (note, audited) in enumerate(rows, 1):
                db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, status, "
                           "void_reason, issued_at, voided_at) VALUES (?, 'a1', '询', 2026, ?, ?, 'void', ?, "
                           "'2026-05-01T10:00:00+08:00', '2026-05-02T10:00:00+08:00')",
                           [f"n{serial}", serial, f"佛南市监询〔2026〕{serial}号", note])
                if audited:
                    from workstation.audit import append

                    append(db, "void", "doc_number", f"n{serial}", {"status": "issued"},
                           {"status": "void", "reason": note})
        db.conn.close()
    return open_database(path)


def test_m072_makes_lost_only_the_numbers_an_earlier_restore_voided(tmp_path, monkeypatch):
    restore_note = ("taken on 2026-05-01 by the data a restore of the backup of 2026-04-30T09:00 replaced; its "
                    "document is not in the restored data")
    put_back_note = ("taken on 2026-05-01 by the data in use from 2026-04-30T09:00 until a put-back replaced it; its "
                     "document is not in the data put back")
    chinese = "2026-05-01由恢复2026-04-30T09:00备份时被替换的数据取用，其文书不在恢复后的数据中"
    rows = [(restore_note, False), (put_back_note, False), (chinese, False),
            # an officer's void without its audit entry here (the entry only in the data a restore replaced)
            ("送达地址有误，作废", False),
            # an officer's void, audited
            ("文书内容有误", True),
            # an officer's reason quoting the restore's note with more: not the note word for word
            (restore_note + "; 当事人拒收", False)]
    db = _m071_database(tmp_path / "old.db", monkeypatch, rows)
    try:
        states = [r[0] for r in db.execute("SELECT status FROM doc_numbers ORDER BY serial")]
        assert states == ["lost", "lost", "lost", "void", "void", "void"]
        assert db.execute("SELECT COUNT(*) FROM doc_numbers WHERE status = 'lost' AND voided_at IS NOT NULL"
                          ).fetchone()[0] == 0
    finally:
        db.conn.close()


def test_a_lost_number_is_refused_for_a_document_of_another_case_naming_its_case(lost):
    from workstation.db.connection import immediate
    from workstation.documents.numbering import take_number
    from workstation.errors import WorkstationError
    from workstation.records import new_id

    data, number, _restored = lost
    serial = int(re.search(r"〕(\d+)号", number).group(1))
    other = _first_case_number(data)
    db = open_db(data)
    try:
        lost_row = db.execute("SELECT id, agency_id, year, lost_case_id FROM doc_numbers WHERE number = ? AND "
                              "status = 'lost'", [number]).fetchone()
        other_id = db.execute("SELECT id FROM cases WHERE case_number = ?", [other]).fetchone()[0]
        with pytest.raises(WorkstationError, match=re.escape(OPEN_CASE)):
            with immediate(db):
                take_number(db, lost_row[1], "询", lost_row[2], document_id=new_id(), serial=serial,
                            case_id=other_id)
        assert db.execute("SELECT status FROM doc_numbers WHERE id = ?", [lost_row[0]]).fetchone()[0] == "lost"
        # for its own case: taken, as a new row
        with immediate(db):
            taken = take_number(db, lost_row[1], "询", lost_row[2], document_id=new_id(), serial=serial,
                                case_id=lost_row[3])
        assert taken.number == number and taken.id != lost_row[0]
    finally:
        db.conn.close()


def test_the_command_line_lists_the_lost_numbers(capsys, lost):
    data, number, _restored = lost
    listed = run_json(capsys, "--data-dir", data, "docs", "register", "--state", "lost")
    rows = listed if isinstance(listed, list) else listed.get("documents", listed)
    assert [r["number"] for r in rows] == [number]


def test_the_export_follows_the_order_chosen(db, unordered, tmp_path):
    import csv

    from workstation.document_register import export_register

    path = export_register(db, tmp_path / "register.csv", sort="number", descending=False)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        numbers = [row["文号"] for row in csv.DictReader(handle)]
    assert [re.search(r"〕(\d+)号", n).group(1) for n in numbers] == ["1", "2", "3", "5"]


def test_opening_a_lost_number_whose_case_is_here_opens_that_case(db, unordered, make_window, prompts, english):
    """The lost number names its case: the officer asked, the case opens; declined, it does not."""
    from workstation.document_register import registered_documents

    case_id, case_number = db.execute("SELECT id, case_number FROM cases").fetchone()
    with db.atomic():
        db.execute("UPDATE doc_numbers SET lost_case_id = ?, lost_case = ?, void_reason = '' WHERE status = 'lost'",
                   [case_id, case_number])
    window = make_window(db)
    gap = next(r for r in registered_documents(db) if r.kind == "number")
    assert gap.case_id == case_id and gap.note == ""
    prompts.confirm_answer = False
    window.open_document(gap)
    assert case_id not in window.workspaces
    assert case_number in prompts.confirmations[-1] and gap.number in prompts.confirmations[-1]
    prompts.confirm_answer = True
    window.open_document(gap)
    assert window.case_tabs.currentWidget() is window.workspaces[case_id]
