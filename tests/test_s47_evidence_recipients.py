"""The same customer list sold or provided to two buyers (s47): the identical file registered once for each
recipient (m055: the register's file is unique in its case per recipient among the items in force), each copy
counted for its recipient (2017 interpretation art. 11 para. 2: 3,000 records sold to two agencies count 6,000 and
reach the 5,000 of art. 5) — on the command line, in the window and through bundles; the same content with the same
recipient still refused, saying how to add a copy sold to another buyer, and its missing stored copy still restored."""

from __future__ import annotations

import sqlite3

import pytest

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from tests.helpers import open_db, run, run_json, send_bundle
from tests.test_evidence import write_csv
from ui.case_evidence import EvidenceDialog
from workstation.errors import WorkstationError
from workstation.evidence_count import apply_count
from workstation.filestore import file_path
from workstation.law.criminal import assess_case
from workstation.store import find_case, get_case
from workstation.store.evidence import add_evidence, list_evidence, update_evidence, void_evidence

LIST = [f"139{n:08d}" for n in range(3_000)]
CASE9 = "佛南市监立〔2026〕9号"  # the demo's case still under investigation, with no evidence yet
TABLES = ("evidence", "files", "audit", "case_events")


@pytest.fixture
def names(tmp_path):
    """The list as sold to 甲 and, byte for byte the same, as provided to 乙."""
    rows = [["姓名", "手机号码"]] + [[f"客户{n}", phone] for n, phone in enumerate(LIST)]
    return (write_csv(tmp_path / "发给甲公司的名单.csv", rows, "utf-8"),
            write_csv(tmp_path / "发给乙公司的名单.csv", rows, "utf-8"))


def add(db, data_dir, case, path, recipient=""):
    return add_evidence(db, data_dir, case.id, path, kind="customer_list", source="当事人办公电脑",
                        collected_on="2026-03-10", collector="陈志强", recipient=recipient)


def test_the_same_list_provided_to_a_second_buyer_is_registered_and_counted_for_each(
        db, data_dir, make_case, names, english):
    case = make_case()
    first = add(db, data_dir, case, names[0], "甲房产中介公司")
    second = add(db, data_dir, case, names[1], "乙房产中介公司")
    assert second.sha256 == first.sha256
    assert [(e.file_name, e.recipient) for e in list_evidence(db, case.id)] == [
        ("发给甲公司的名单.csv", "甲房产中介公司"), ("发给乙公司的名单.csv", "乙房产中介公司")]
    apply_count(db, data_dir, case.id, first.id, "other")
    applied = apply_count(db, data_dir, case.id, second.id, "other")
    assert applied.case.records_other == 6_000  # counted once it would be 3,000, below the threshold
    assert "第十一条第二款" in applied.evidence.count_note
    assert assess_case(get_case(db, case.id)).serious  # 6,000 ≥ 5,000


@pytest.mark.parametrize(("recipient", "again", "whom"), [
    ("甲房产中介公司", " 甲房产中介公司 ", "provided to 甲房产中介公司"),
    ("ACME Realty", "acme  realty", "provided to ACME Realty"),
    ("", "", "not provided to anyone"),
])
def test_the_same_content_to_the_same_recipient_is_refused_saying_how_to_add_another_buyer_s_copy(
        db, data_dir, make_case, names, english, table_counts, recipient, again, whom):
    case = make_case()
    add(db, data_dir, case, names[0], recipient)
    before = table_counts(db, TABLES)
    with pytest.raises(WorkstationError) as refused:
        add(db, data_dir, case, names[1], again)
    assert refused.value.message == (
        f"发给乙公司的名单.csv is already evidence item 1 of this case (发给甲公司的名单.csv), {whom}: the same "
        "content is registered once for each recipient. A copy sold or provided to another person or unit is added "
        "with that recipient (--recipient on the command line, “Provided to” in the dialog).")
    assert table_counts(db, TABLES) == before


def test_a_missing_stored_copy_is_restored_by_the_same_recipient_s_file_and_kept_by_another_s(
        db, data_dir, make_case, names, english, table_counts):
    case = make_case()
    first = add(db, data_dir, case, names[0], "甲房产中介公司")
    file_path(data_dir, first.sha256).unlink()  # gone from the data folder
    before = table_counts(db, TABLES)
    with pytest.raises(WorkstationError, match="its stored copy, which was missing from the data folder, was "
                                               "restored from the file given"):
        add(db, data_dir, case, names[1], "甲房产中介公司")
    assert table_counts(db, TABLES) == {**before, "audit": before["audit"] + 1}  # the restore is audited
    assert file_path(data_dir, first.sha256).read_bytes() == names[0].read_bytes()
    file_path(data_dir, first.sha256).unlink()
    second = add(db, data_dir, case, names[1], "乙房产中介公司")  # registered, and the store holds the file again
    assert file_path(data_dir, second.sha256).read_bytes() == names[0].read_bytes()
    assert len(list_evidence(db, case.id)) == 2


def test_giving_a_copy_the_recipient_of_the_other_is_refused_and_a_void_frees_it(
        db, data_dir, make_case, names, english):
    case = make_case()
    add(db, data_dir, case, names[0], "甲房产中介公司")
    second = add(db, data_dir, case, names[1], "乙房产中介公司")
    with pytest.raises(WorkstationError) as refused:
        update_evidence(db, second.id, recipient="甲房产中介公司")
    assert refused.value.message == (
        "Evidence item 1 of this case (发给甲公司的名单.csv), provided to 甲房产中介公司, holds the same content as "
        "item 2 (发给乙公司的名单.csv): the same content is registered once for each recipient. Nothing was changed.")
    assert list_evidence(db, case.id)[1].recipient == "乙房产中介公司"
    with pytest.raises(WorkstationError, match="registered once for each recipient"):
        update_evidence(db, second.id, recipient="甲房产中介公司 ".upper())  # the same recipient, typed otherwise
    assert update_evidence(db, second.id, recipient="丙公司").recipient == "丙公司"
    void_evidence(db, list_evidence(db, case.id)[0].id, "误登记")
    assert update_evidence(db, second.id, recipient="甲房产中介公司").recipient == "甲房产中介公司"


def test_the_database_keeps_the_file_once_per_recipient_among_the_items_in_force(db, data_dir, make_case, names):
    case = make_case()
    first = add(db, data_dir, case, names[0], "甲")
    insert = ("INSERT INTO evidence (id, case_id, sha256, file_name, media_type, size, created_at, updated_at, "
              "recipient) VALUES (?, ?, ?, 'x.csv', 'text/csv', 1, 'x', 'x', ?)")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(insert, ["dup", case.id, first.sha256, "甲"])
    with db.atomic():
        db.execute(insert, ["other", case.id, first.sha256, "乙"])


# the command line ---------------------------------------------------------------------------------------------------
def test_evidence_add_registers_the_second_buyer_s_copy_and_refuses_the_same_buyer_s(
        cli_station, tmp_path, names, capsys, english):
    station = cli_station(tmp_path / "station")
    added = run_json(capsys, "--data-dir", station, "evidence", "add", CASE9, names[0], "--kind", "customer_list",
                     "--recipient", "甲房产中介公司")
    second = run_json(capsys, "--data-dir", station, "evidence", "add", CASE9, names[1], "--kind", "customer_list",
                      "--recipient", "乙房产中介公司")
    assert second["sha256"] == added["sha256"] and second["id"] != added["id"]
    code, _out, err = run(capsys, "--data-dir", station, "evidence", "add", CASE9, names[1], "--kind",
                          "customer_list", "--recipient", "乙房产中介公司")
    assert code != 0 and "--recipient" in err and "evidence item 2 of this case" in err, err


# the window ---------------------------------------------------------------------------------------------------------
def test_the_add_dialog_registers_the_second_buyer_s_copy_and_shows_the_refusal_of_the_same_buyer_s(
        db, data_dir, make_case, make_window, prompts, names, english):
    case = make_case()
    add(db, data_dir, case, names[0], "甲房产中介公司")
    workspace = make_window(db).open_case(case.id)
    left_open = []

    def fill_and_save(recipient):
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EvidenceDialog):
            left_open.append(dialog)  # not the dialog: closed, and the test fails below
            dialog.close()
            return
        dialog.kind.setCurrentIndex(dialog.kind.findData("customer_list"))
        dialog.collected_on.setDate(QDate(2026, 3, 10))
        dialog.recipient.setText(recipient)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        if dialog.isVisible():  # refused: the dialog stays open with what was typed
            left_open.append(dialog.recipient.text())
            dialog.done(0)

    for recipient in ("乙房产中介公司", "乙房产中介公司"):
        prompts.files.append(str(names[1]))
        QTimer.singleShot(0, lambda recipient=recipient: fill_and_save(recipient))
        workspace.evidence.findChild(QPushButton, "add_evidence").click()
    assert [e.recipient for e in list_evidence(db, case.id)] == ["甲房产中介公司", "乙房产中介公司"]
    assert workspace.window().case_tabs.currentWidget().evidence.model.rowCount() == 2
    assert left_open == ["乙房产中介公司"]
    assert len(prompts.errors) == 1
    assert prompts.errors[0].startswith("发给乙公司的名单.csv is already evidence item 2 of this case")
    assert "registered once for each recipient" in prompts.errors[0] and "“Provided to”" in prompts.errors[0]


# bundles ------------------------------------------------------------------------------------------------------------
def _register(data_dir) -> list[tuple]:
    db = open_db(data_dir)
    try:
        return [(e.id, e.sha256, e.recipient) for e in list_evidence(db, find_case(db, CASE9).id)]
    finally:
        db.conn.close()


def test_the_copies_of_two_buyers_travel_to_headquarters_together_and_one_by_one(
        station_and_hq_dirs, names, tmp_path, capsys):
    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    for path, recipient in zip(names, ("甲房产中介公司", "乙房产中介公司"), strict=True):
        run_json(capsys, "--data-dir", station, "evidence", "add", CASE9, path, "--kind", "customer_list",
                 "--recipient", recipient)
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    assert _register(hq) == _register(station)
    assert [recipient for _id, _sha, recipient in _register(hq)] == ["甲房产中介公司", "乙房产中介公司"]
    third = write_csv(tmp_path / "发给丙公司的名单.csv", [["姓名", "手机号码"]] +
                      [[f"客户{n}", phone] for n, phone in enumerate(LIST)], "utf-8")
    run_json(capsys, "--data-dir", station, "evidence", "add", CASE9, third, "--kind", "customer_list",
             "--recipient", "丙公司")
    assert send_bundle(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert _register(hq) == _register(station) and len({sha for _id, sha, _r in _register(hq)}) == 1


# the migration ------------------------------------------------------------------------------------------------------
def test_m055_lets_a_database_of_m054_take_the_second_recipient_s_copy(tmp_path, monkeypatch, names, english):
    from workstation.db import open_database, schema
    from workstation.db.connection import applied_schema
    from workstation.records import Case, Party
    from workstation.store import agency_id_for_code, create_case, ensure_reference_data, save_party

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = data_dir / "workstation.db"
    with monkeypatch.context() as patch:  # the database as the version of m054 left it
        after = [name for name, _step in schema.MIGRATIONS].index("m054_interview_follow_up_outcome") + 1
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:after])
        old = open_database(path)
        assert "m055_evidence_per_recipient" not in applied_schema(old)
        ensure_reference_data(old)
        party = save_party(old, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E"))
        case = create_case(old, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="real_estate",
                                     agency_id=agency_id_for_code("440605"), status="pending_filing",
                                     party_ids=[party.id]))
        first = add(old, data_dir, case, names[0], "甲房产中介公司")
        with pytest.raises(sqlite3.IntegrityError):  # that version kept a file once per case
            old.execute("INSERT INTO evidence (id, case_id, sha256, file_name, media_type, size, created_at, "
                        "updated_at, recipient) VALUES ('x', ?, ?, 'x.csv', 'text/csv', 1, 'x', 'x', '乙')",
                        [case.id, first.sha256])
        old.conn.close()
    db = open_database(path)  # m055 runs
    try:
        assert "m055_evidence_per_recipient" in applied_schema(db)
        second = add(db, data_dir, case, names[1], "乙房产中介公司")
        assert [(e.id, e.recipient) for e in list_evidence(db, case.id)] == [
            (first.id, "甲房产中介公司"), (second.id, "乙房产中介公司")]
        with pytest.raises(WorkstationError, match="registered once for each recipient"):
            add(db, data_dir, case, names[1], "乙房产中介公司")
    finally:
        db.conn.close()
