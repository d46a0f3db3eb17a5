"""An evidence item registered by mistake (the wrong screenshot, another case's call log) is voided with its reason,
in the window (作废…) and on the command line (``evidence void``): it keeps its number, the register shows it greyed
out with the reason, it is left out of what is drafted afterwards (证据提取单, ``evidence.proof``, the record counts,
duplicate detection) while documents issued before keep what they printed, it cannot be edited, counted or voided
again, and the void travels to headquarters and back in bundles (m045). ``evidence add`` proposes the case's
officers as 提取人, as the dialog does."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.data_digest import data_digest
from tests.helpers import open_db, pdf_text, run, run_json, send_bundle
from workstation.errors import ValidationError, WorkstationError
from workstation.evidence_count import apply_count, void_and_recount
from workstation.formkit.proof import evidence_proof
from workstation.store import find_case, get_case
from workstation.store.cases import case_events
from workstation.store.evidence import (
    add_evidence,
    counted_parts,
    evidence_context,
    get_evidence,
    list_evidence,
    update_evidence,
    void_evidence,
)

CASE9 = "佛南市监立〔2026〕9号"  # the demo's case still under investigation, with no evidence yet
REASON = "误登记：另一案件的通话记录"
TABLES = ("evidence", "files", "audit", "case_events", "cases")


def _file(folder, name: str, content: str):
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def _three_items(db, data_dir, case, folder) -> list:
    """A customer list, a call log registered by mistake and a photo, in that order (items 1, 2, 3)."""
    return [
        add_evidence(
            db,
            data_dir,
            case.id,
            _file(folder, name, content),
            kind=kind,
            source="当事人办公电脑",
            collected_on="2026-03-10",
            collector="陈志强",
        )
        for name, content, kind in (
            ("客户名单.csv", "姓名,手机号码\n张三,13800138000\n", "customer_list"),
            ("他案通话记录.csv", "主叫,被叫\n13900000000,13800138000\n", "call_log"),
            ("前台照片.jpg", "\xff photo of the front desk", "photo"),
        )
    ]


@pytest.fixture
def workspace(db, make_case, make_window):
    return make_window(db).open_case(make_case().id)


@pytest.fixture
def station(cli_station, tmp_path):
    return cli_station(tmp_path / "station")


def _counts(data_dir) -> dict:
    db = open_db(data_dir)
    try:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        db.conn.close()


# the window ---------------------------------------------------------------------------------------------------------
def test_the_window_voids_the_selected_item_with_its_reason_and_greys_it_keeping_every_number(
    db, data_dir, workspace, prompts, tmp_path, english
):
    items = _three_items(db, data_dir, get_case(db, workspace.case_id), tmp_path)
    section = workspace.evidence
    section.refresh()
    section.view.selectRow(1)
    prompts.texts.append(REASON)
    prompts.confirm_answer = True
    section.findChild(QPushButton, "void_evidence").click()
    assert prompts.errors == []
    assert prompts.questions == [
        "Why is evidence item 2 (他案通话记录.csv) void, e.g. the wrong screenshot or "
        "another case's file? (kept with it)"
    ]
    [asked] = prompts.destructive  # asked with No as the default, saying what follows
    assert asked.startswith("Void evidence item 2 (他案通话记录.csv)? It keeps its number 2 in the register")
    assert "documents issued before keep what they printed" in asked
    assert get_evidence(db, items[1].id).void_reason == REASON
    model = section.model
    rows = [
        (model.headerData(row, Qt.Orientation.Vertical), model.records[row].file_name) for row in range(3)
    ]
    assert rows == [
        ("1", "客户名单.csv"),
        ("2", "他案通话记录.csv"),
        ("3", "前台照片.jpg"),
    ]  # no number moved
    note = [header for header, _text in model.columns].index("Note")
    assert model.data(model.index(1, note)) == f"void: {REASON}"
    assert model.data(model.index(0, note)) == ""
    grey = model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole)
    assert grey is not None and grey.color().name() == "#8a8a8a"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert case_events(db, workspace.case_id)[-1].note.startswith(
        f"Evidence item 2 voided: 他案通话记录.csv (Call records, 当事人办公电脑, 2026-03-10, 陈志强). Reason: {REASON}"
    )


def test_the_window_refuses_an_empty_reason_a_second_void_and_editing_a_voided_item_changing_nothing(
    db, data_dir, workspace, prompts, tmp_path, english, table_counts
):
    items = _three_items(db, data_dir, get_case(db, workspace.case_id), tmp_path)
    section = workspace.evidence
    section.refresh()
    section.view.selectRow(1)
    before = table_counts(db, TABLES)
    prompts.texts.append("   ")
    prompts.confirm_answer = True
    section.findChild(QPushButton, "void_evidence").click()
    assert prompts.errors == [
        "Say why evidence item 2 (他案通话记录.csv) is void: the reason is kept with it."
    ]
    assert prompts.confirmations == [] and table_counts(db, TABLES) == before
    void_evidence(db, items[1].id, REASON)
    section.refresh()
    section.view.selectRow(1)
    before = table_counts(db, TABLES)
    refusals = [
        f"Evidence item 2 (他案通话记录.csv) was voided already ({REASON}).",
        f"Evidence item 2 (他案通话记录.csv) was voided ({REASON}): it is no longer changed or counted.",
        f"Evidence item 2 (他案通话记录.csv) was voided ({REASON}): it is no longer changed or counted.",
    ]
    names = ("void_evidence", "edit_evidence", "count_records")
    # greyed out saying why, but the void button, which now offers to restore it; its copy may still be saved
    assert [(section.findChild(QPushButton, name).isEnabled(), section.findChild(QPushButton, name).toolTip())
            for name in names] == [(True, f"Restores evidence item 2 (他案通话记录.csv), voided: {REASON}"),
                                   *[(False, refusal) for refusal in refusals[1:]]]
    assert section.findChild(QPushButton, "save_evidence").isEnabled()
    for act in (section.void_selected, section.edit_selected, section.count_selected):  # asked for otherwise
        act()
    assert prompts.errors[1:] == refusals
    assert table_counts(db, TABLES) == before


def test_evidence_add_without_collector_proposes_the_case_s_officers_as_the_dialog_does(
    station, tmp_path, capsys
):
    from workstation.store.evidence import default_collector

    shot = _file(tmp_path, "截图.png", "\x89PNG screenshot")
    added = run_json(capsys, "--data-dir", station, "evidence", "add", CASE9, shot)
    blank = run_json(
        capsys,
        "--data-dir",
        station,
        "evidence",
        "add",
        CASE9,
        _file(tmp_path, "b.png", "\x89PNG b"),
        "--collector",
        "",
    )
    db = open_db(station)
    try:
        proposed = default_collector(db, find_case(db, CASE9))
        assert proposed and "、" in proposed  # the case's two officers
        assert [(e.id, e.collector) for e in list_evidence(db, find_case(db, CASE9).id)] == [
            (added["id"], proposed),
            (blank["id"], proposed),  # a blank --collector is as none (session 49)
        ]
    finally:
        db.conn.close()
    assert added["collector"] == proposed


def test_the_dialog_proposes_the_same_collector_as_the_command_line(
    db, data_dir, make_case, prompts, qtbot, tmp_path
):
    from ui.case_evidence import EvidenceDialog

    case = make_case()
    path = _file(tmp_path, "截图.png", "\x89PNG screenshot")
    dialog = EvidenceDialog(db, data_dir, case, prompts, path=str(path))
    qtbot.addWidget(dialog)
    assert dialog.collector.text() == "陈志强、黄丽娟"


# the command line ---------------------------------------------------------------------------------------------------
def test_the_command_line_voids_an_item_by_its_number_and_lists_it_marked(station, tmp_path, capsys, english):
    _add_files(station, tmp_path, capsys, ("客户名单.csv", "他案通话记录.csv", "前台照片.jpg"))
    voided = run_json(capsys, "--data-dir", station, "evidence", "void", CASE9, "2", "--reason", REASON)
    assert (voided["number"], voided["file_name"], voided["void_reason"]) == (2, "他案通话记录.csv", REASON)
    assert voided["voided_at"]
    listed = run_json(capsys, "--data-dir", station, "evidence", "list", CASE9)
    assert [(row["number"], row["file_name"], row["void_reason"]) for row in listed] == [
        (1, "客户名单.csv", ""),
        (2, "他案通话记录.csv", REASON),
        (3, "前台照片.jpg", ""),
    ]
    code, out, _err = run(capsys, "--data-dir", station, "evidence", "list", CASE9)
    assert code == 0 and out.splitlines()[1].startswith(f"2. [void: {REASON}] 他案通话记录.csv")


def _add_files(station, tmp_path, capsys, names=("客户名单.csv", "他案通话记录.csv")) -> None:
    """客户名单.csv and 他案通话记录.csv (or ``names``) registered as items 1, 2 … of case 9 by `evidence add`."""
    for name in names:
        run_json(capsys, "--data-dir", station, "evidence", "add", CASE9, _file(tmp_path, name, name * 3),
                 "--kind", "other")


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (
            ["9", "--reason", REASON],
            "EVIDENCE_ID: Case 佛南市监立〔2026〕9号 has no evidence item 9: its items are numbered "
            "1 to 2 (see “evidence list”).",
        ),
        (
            ["1", "--reason", "  "],
            "--reason: Say why evidence item 1 (客户名单.csv) is void: the reason is kept with it.",
        ),
        (["1"], "--reason: Say why evidence item 1 (客户名单.csv) is void: the reason is kept with it."),
        (["2", "--reason", "again"], f"Evidence item 2 (他案通话记录.csv) was voided already ({REASON})."),
    ],
)
def test_the_command_line_refuses_bad_input_in_one_line_changing_nothing(
    station, tmp_path, capsys, english, arguments, said
):
    _add_files(station, tmp_path, capsys)
    run_json(capsys, "--data-dir", station, "evidence", "void", CASE9, "2", "--reason", REASON)
    before = data_digest(station)
    code, out, err = run(capsys, "--data-dir", station, "evidence", "void", CASE9, *arguments)
    assert (code, out) == (1, "") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and err.strip().endswith(said)
    assert data_digest(station) == before


def test_a_voided_item_is_not_changed_nor_counted(db, data_dir, make_case, tmp_path, english, table_counts):
    case = make_case()
    items = _three_items(db, data_dir, case, tmp_path)
    void_evidence(db, items[0].id, REASON)
    before = table_counts(db, TABLES)
    with pytest.raises(WorkstationError, match=r"^Evidence item 1 \(客户名单\.csv\) was voided"):
        update_evidence(db, items[0].id, source="别处")
    with pytest.raises(WorkstationError, match=r"^Evidence item 1 \(客户名单\.csv\) was voided"):
        apply_count(db, data_dir, case.id, items[0].id, "other")
    with pytest.raises(ValidationError):
        void_evidence(db, items[1].id, "")
    assert table_counts(db, TABLES) == before


# what is drafted afterwards -----------------------------------------------------------------------------------------
def test_drafts_leave_the_voided_item_out_and_the_others_keep_their_numbers(
    db, data_dir, make_case, tmp_path
):
    case = make_case()
    items = _three_items(db, data_dir, case, tmp_path)
    void_evidence(db, items[1].id, REASON)
    context = evidence_context(db, case)
    assert [row.split(" | ")[:2] for row in context["evidence.rows"].splitlines()] == [
        ["1", "客户名单.csv（客户名单）"],
        ["3", "前台照片.jpg（照片）"],
    ]
    assert [line[:3] for line in context["evidence.list"].splitlines()] == ["1. ", "3. "]
    assert [line[:3] for line in context["evidence.files"].splitlines()] == ["1. ", "3. "]
    assert context["evidence.count"] == 2
    for proves in (False, True):
        proof = evidence_proof(db, case, "company", proves=proves)
        assert "通话记录" not in proof and "客户名单" in proof and "照片" in proof


def test_a_document_issued_before_the_void_keeps_what_it_printed(station, tmp_path, capsys):
    _add_files(station, tmp_path, capsys)
    issued = run_json(
        capsys,
        "--data-dir",
        station,
        "docs",
        "issue",
        CASE9,
        "--form",
        "evidence_extraction",
        "-o",
        tmp_path / "issued.pdf",
    )
    run_json(capsys, "--data-dir", station, "evidence", "void", CASE9, "2", "--reason", REASON)
    db = open_db(station)
    try:
        pdf, values = db.execute(
            "SELECT pdf_sha256, values_json FROM documents WHERE number IS ? OR id = ?",
            [issued["number"], issued.get("id", "")],
        ).fetchone()
    finally:
        db.conn.close()
    from workstation.filestore import read_file

    assert "他案通话记录.csv" in pdf_text(read_file(station, pdf)) and "他案通话记录.csv" in values
    run_json(
        capsys,
        "--data-dir",
        station,
        "docs",
        "render",
        CASE9,
        "--form",
        "evidence_extraction",
        "--format",
        "pdf",
        "-o",
        tmp_path / "draft.pdf",
    )
    assert "他案通话记录.csv" not in pdf_text((tmp_path / "draft.pdf").read_bytes())


def test_the_same_file_can_be_added_again_after_the_void_and_gets_a_new_number(
    db, data_dir, make_case, tmp_path, english
):
    case = make_case()
    items = _three_items(db, data_dir, case, tmp_path)
    again = tmp_path / "copy.csv"
    again.write_bytes((tmp_path / "他案通话记录.csv").read_bytes())
    with pytest.raises(WorkstationError, match=r"already evidence item 2 of this case"):
        add_evidence(db, data_dir, case.id, again, kind="call_log", collected_on="2026-03-11")
    void_evidence(db, items[1].id, REASON)
    readded = add_evidence(db, data_dir, case.id, again, kind="call_log", collected_on="2026-03-11")
    register = list_evidence(db, case.id)
    assert [item.id for item in register] == [items[0].id, items[1].id, items[2].id, readded.id]
    assert case_events(db, case.id)[-1].note.startswith("Evidence item 4 registered: copy.csv")
    with pytest.raises(WorkstationError, match=r"already evidence item 4 of this case \(copy\.csv\)"):
        add_evidence(db, data_dir, case.id, tmp_path / "他案通话记录.csv", kind="call_log")
    with pytest.raises(sqlite3.IntegrityError):  # the database itself holds one file in force per case
        db.execute("UPDATE evidence SET void_reason = '' WHERE id = ?", [items[1].id])


def _counted_lists(db, data_dir, case, folder) -> list:
    """Two customer lists sharing one person, counted into “other” (2 + 2 − 1 = 3 records), and a third one."""
    lists = [
        add_evidence(
            db,
            data_dir,
            case.id,
            _file(folder, name, content),
            kind="customer_list",
            collected_on="2026-03-10",
        )
        for name, content in (
            ("a.csv", "姓名,手机号码\n甲,13800138000\n乙,13800138001\n"),
            ("b.csv", "姓名,手机号码\n甲,13800138000\n丙,13800138002\n"),
            ("c.csv", "姓名,手机号码\n丁,13800138003\n"),
        )
    ]
    for item in lists:
        apply_count(db, data_dir, case.id, item.id, "other", stated="replace")
    assert get_case(db, case.id).records_other == 4
    return lists


def test_voiding_a_counted_item_makes_the_case_s_count_again_from_the_other_items(
    db, data_dir, make_case, tmp_path
):
    case = make_case()
    lists = _counted_lists(db, data_dir, case, tmp_path)
    void_and_recount(db, data_dir, lists[2].id, REASON)  # c.csv: its one person is no longer counted
    assert get_case(db, case.id).records_other == 3
    assert case_events(db, case.id)[-1].note.endswith(
        "证据c.csv已作废，本案“其他个人信息”类信息条数按其余证据统计数计："
        "4 − 不同证据间重复 1 = 3 条（原 4 条）"
    )
    void_and_recount(db, data_dir, lists[0].id, REASON)  # a.csv: b.csv alone, its two people
    assert get_case(db, case.id).records_other == 2
    assert counted_parts(db, get_evidence(db, lists[1].id), "other") == [("b.csv", 2)]


def test_voiding_a_counted_item_keeps_a_figure_the_officer_typed(db, data_dir, make_case, tmp_path):
    from dataclasses import replace

    from workstation.store.cases import update_case

    case = make_case()
    lists = _counted_lists(db, data_dir, case, tmp_path)
    update_case(db, replace(get_case(db, case.id), records_other=540))  # typed by hand
    void_and_recount(db, data_dir, lists[2].id, REASON)
    assert get_case(db, case.id).records_other == 540


# bundles ------------------------------------------------------------------------------------------------------------
def _register(data_dir) -> list[tuple]:
    db = open_db(data_dir)
    try:
        return [(e.id, e.sha256, e.void_reason) for e in list_evidence(db, find_case(db, CASE9).id)]
    finally:
        db.conn.close()


def test_a_void_and_the_file_added_again_travel_to_headquarters_and_back(
    station_and_hq_dirs, tmp_path, capsys
):
    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    _add_files(station, tmp_path, capsys)
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    run_json(capsys, "--data-dir", station, "evidence", "void", CASE9, "2", "--reason", REASON)
    run_json(
        capsys,
        "--data-dir",
        station,
        "evidence",
        "add",
        CASE9,
        tmp_path / "他案通话记录.csv",
        "--kind",
        "call_log",
    )  # the same file again: a new item in force
    merged = send_bundle(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0
    assert _register(hq) == _register(station)
    assert [reason for _id, _sha, reason in _register(hq)] == ["", REASON, ""]
    listed = run_json(capsys, "--data-dir", hq, "evidence", "list", CASE9)
    assert [(row["number"], row["void_reason"]) for row in listed] == [(1, ""), (2, REASON), (3, "")]
    # headquarters voids the first item; its hand-out brings the void to the station
    run_json(capsys, "--data-dir", hq, "evidence", "void", CASE9, "1", "--reason", "市局核实：重复登记")
    run_json(
        capsys, "--data-dir", hq, "bundle", "export", "-o", dirs / "h.bundle", "--all", "--for", "南海区局"
    )
    back = run_json(capsys, "--data-dir", station, "bundle", "import", dirs / "h.bundle", "--trust")
    assert back["conflicts"] == 0
    assert [reason for _id, _sha, reason in _register(station)] == ["市局核实：重复登记", REASON, ""]


def test_an_item_voided_at_both_ends_with_different_reasons_is_a_conflict_kept_and_shown(
    station_and_hq_dirs, tmp_path, capsys
):
    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    run_json(
        capsys, "--data-dir", station, "evidence", "add", CASE9, _file(tmp_path, "截图.png", "\x89PNG x")
    )
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    run_json(capsys, "--data-dir", station, "evidence", "void", CASE9, "1", "--reason", REASON)
    run_json(capsys, "--data-dir", hq, "evidence", "void", CASE9, "1", "--reason", "市局：截图不清晰")
    merged = send_bundle(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] >= 1
    conflicts = run_json(capsys, "--data-dir", hq, "bundle", "conflicts")
    assert any(c["table"] == "evidence" and c["field"] == "void_reason" for c in conflicts), conflicts
    assert [reason for _id, _sha, reason in _register(hq)] == [
        "市局：截图不清晰"
    ]  # its own kept until resolved


# the migration ------------------------------------------------------------------------------------------------------
def test_m045_keeps_the_items_stored_before_in_force_with_their_numbers_and_lets_a_voided_file_be_added_again(
    tmp_path, monkeypatch, english
):
    from workstation.db import open_database, schema
    from workstation.db.connection import applied_schema
    from workstation.store import agency_id_for_code, ensure_reference_data

    path = tmp_path / "data" / "workstation.db"
    path.parent.mkdir()
    with monkeypatch.context() as patch:  # the database as the version before m045 left it
        before = [name for name, _step in schema.MIGRATIONS].index("m045_evidence_void")
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:before])
        old = open_database(path)
        assert "m045_evidence_void" not in applied_schema(old)
        ensure_reference_data(old)
        with old.atomic():  # a case as that version stored it (today's store writes later columns)
            old.execute(
                "INSERT INTO cases (id, case_number, cause, sector, agency_id, status, created_at, updated_at) "
                "VALUES ('c1', '', '涉嫌未经消费者同意发送商业性信息案', 'real_estate', ?, 'pending_filing', "
                "'2026-03-10T09:00:00+08:00', '2026-03-10T09:00:00+08:00')",
                [agency_id_for_code("440605")],
            )
        case = SimpleNamespace(id="c1")
        with old.atomic():
            for n, name in enumerate(("a.jpg", "b.jpg", "c.jpg")):
                sha = f"{n}" * 64
                old.execute(
                    "INSERT INTO files (sha256, size, media_type, created_at) VALUES (?, 1, 'image/jpeg', "
                    "'2026-03-10T09:00:00+08:00')",
                    [sha],
                )
                old.execute(
                    "INSERT INTO evidence (id, case_id, sha256, file_name, media_type, size, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, 'image/jpeg', 1, '2026-03-10T09:00:00+08:00', "
                    "'2026-03-10T09:00:00+08:00')",
                    [f"e{n}", case.id, sha, name],
                )
        with pytest.raises(sqlite3.IntegrityError):  # one file once per case, voided or not
            old.execute(
                "INSERT INTO evidence (id, case_id, sha256, file_name, media_type, size, created_at, "
                "updated_at) VALUES ('dup', ?, ?, 'x.jpg', 'image/jpeg', 1, 'x', 'x')",
                [case.id, "1" * 64],
            )
        old.conn.close()
    db = open_database(path)  # m045 runs
    try:
        assert "m045_evidence_void" in applied_schema(db)
        register = list_evidence(db, case.id)
        assert [(e.id, e.file_name, e.void_reason, e.voided_at) for e in register] == [
            ("e0", "a.jpg", "", None),
            ("e1", "b.jpg", "", None),
            ("e2", "c.jpg", "", None),
        ]  # same order, in force
        void_evidence(db, "e1", REASON)
        with db.atomic():
            db.execute(
                "INSERT INTO evidence (id, case_id, sha256, file_name, media_type, size, created_at, "
                "updated_at) VALUES ('again', ?, ?, 'b2.jpg', 'image/jpeg', 1, 'x', 'x')",
                [case.id, "1" * 64],
            )
        with pytest.raises(sqlite3.IntegrityError):  # still once among the items in force
            db.execute(
                "INSERT INTO evidence (id, case_id, sha256, file_name, media_type, size, created_at, "
                "updated_at) VALUES ('dup', ?, ?, 'x.jpg', 'image/jpeg', 1, 'x', 'x')",
                [case.id, "0" * 64],
            )
    finally:
        db.conn.close()
