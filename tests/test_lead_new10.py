"""Leads registered by hand — a walk-in report, a referral, an inspection finding — as an officer enters them on the
leads page (新建线索…, Ctrl+Shift+N) and as a script does with `leads add`: the dialog says what is missing as the
officer types and asks before dropping what was typed, the lead is saved with one audit entry and shows selected
with its T1 deadline counted from its receipt, the reporter's number masked; bad input on the command line is one
line naming the option, with nothing changed; and the lead travels to headquarters in bundles like a screened
one."""

import contextlib
import io
from pathlib import Path

import pytest

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.helpers import open_db, run, run_json
from ui.lead_dialog import LeadDialog
from workstation.cli import main
from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import file_case_from_lead, get_lead_row, t1_due
from workstation.records import Party, today
from workstation.store import agency_id_for_code, save_party
from workstation.store.base import set_setting

NANHAI = "440605"
PARTY = "佛山市南海区誉嘉房地产代理有限公司"
RECEIVED = "2026-03-02 10:00"  # a Monday: 15 working days end on 2026-03-23 (no holiday in March 2026)


@pytest.fixture
def station_db(db):
    """The fresh database of a Nanhai station with one party in its register."""
    set_setting(db, "station_agency", agency_id_for_code(NANHAI))
    save_party(db, Party(name=PARTY, uscc="91512081MA62K0260E"))
    return db


def leads_and_audit(db) -> tuple[int, int]:
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("leads", "audit"))


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def set_received(dialog, text: str) -> None:
    day, time = text.split()
    dialog.received_at.setDateTime(QDateTime(QDate.fromString(day, "yyyy-MM-dd"), QTime.fromString(time, "HH:mm")))


# ---- the leads page ----------------------------------------------------------------------------------------------

def test_an_officer_registers_a_walk_in_report_from_the_menu_and_sees_it_selected_with_its_deadline(
        station_db, make_window, prompts, qtbot, english):
    window = make_window(station_db)
    window.fill_menus()
    action = window.findChild(QAction, "new_lead")
    assert action.shortcuts() == [QKeySequence("Ctrl+Shift+N")]
    before = leads_and_audit(station_db)
    seen = {}

    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LeadDialog)
        seen["defaults"] = (dialog.received_at.date().toString("yyyy-MM-dd"), dialog.agency.currentData(),
                            save_button(dialog).isEnabled())
        dialog.source.setCurrentIndex(dialog.source.findData("report"))
        set_received(dialog, RECEIVED)
        dialog.description.setPlainText("来访举报：誉嘉地产每天用0757-85836433推销楼盘")
        dialog.party.setText("誉嘉")  # part of the name: the register's party is offered
        seen["offered"] = [dialog.party_match.itemText(n) for n in range(dialog.party_match.count())]
        dialog.party_match.setCurrentIndex(1)
        seen["party"] = dialog.party.text()
        qtbot.keyClicks(dialog.complainant_phone, "138 0013 8000")
        assert save_button(dialog).isEnabled()
        save_button(dialog).click()

    QTimer.singleShot(0, fill_and_save)
    action.trigger()
    assert seen["defaults"] == (today(), agency_id_for_code(NANHAI), False)  # now, the station's agency
    assert seen["offered"][1].startswith(PARTY) and seen["party"] == PARTY
    page = window.leads_page
    assert window.navigation.currentRow() == 1
    lead = page.selected()
    row = get_lead_row(station_db, lead["id"])
    party_id = station_db.execute("SELECT id FROM parties WHERE name = ?", [PARTY]).fetchone()[0]
    assert (row["source"], row["received_at"], row["status"], row["target_name"], row["target_party_id"],
            row["agency_id"], row["complainant_phone"], row["assigned_on"]) == (
        "report", "2026-03-02T10:00:00+08:00", "registered", PARTY, party_id, agency_id_for_code(NANHAI),
        "13800138000", None)
    # one transaction: the lead and its one audit entry
    assert leads_and_audit(station_db) == (before[0] + 1, before[1] + 1)
    assert station_db.execute("SELECT action FROM audit WHERE entity = 'lead' AND entity_id = ?",
                              [row["id"]]).fetchall() == [("create",)]
    # the list shows it with its T1 counted from the day it was received, the numbers masked
    model = page.model
    cells = {model.headerData(c, Qt.Orientation.Horizontal): model.data(model.index(page.view.currentIndex().row(), c))
             for c in range(model.columnCount())}
    assert cells["Decide by"] == "2026-03-23 (overdue)" and t1_due(station_db, row) == "2026-03-23"
    assert cells["Source"] == "Report" and cells["Business"] == PARTY and cells["Reporter"] == "138****8000"
    assert "13800138000" not in " ".join(cells.values()) and "85836433" not in " ".join(cells.values())
    assert "138****8000" in page.detail.toPlainText() and "13800138000" not in page.detail.toPlainText()


def test_the_dialog_says_what_is_wrong_and_saves_nothing_until_it_is_right(station_db, prompts, qtbot, english):
    dialog = LeadDialog(station_db, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    before = leads_and_audit(station_db)
    save = save_button(dialog)
    assert not save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # the attempt shows every error at once
    assert dialog.errors["source"].isVisibleTo(dialog) and dialog.errors["description"].isVisibleTo(dialog)
    assert dialog.errors["description"].text() == _("Describe the lead: what was reported or found, where and when.")
    dialog.source.setCurrentIndex(dialog.source.findData("transfer"))
    dialog.description.setPlainText("区卫健局移送：某诊所泄露患者信息")
    tomorrow = QDate.fromString(today(), "yyyy-MM-dd").addDays(1).toString("yyyy-MM-dd")
    set_received(dialog, f"{tomorrow} 09:00")
    assert dialog.errors["received_at"].text().startswith(f"{tomorrow} 09:00 is in the future")
    set_received(dialog, RECEIVED)
    qtbot.keyClicks(dialog.complainant_phone, "12345")
    assert dialog.errors["complainant_phone"].text().startswith("12345 is not a telephone number")
    assert not save.isEnabled() and leads_and_audit(station_db) == before
    dialog.complainant_phone.clear()
    dialog.party.setText("某诊所")  # a name the register does not hold: kept as the name only
    assert dialog.party_match.currentData() is None
    assert save.isEnabled()
    save.click()
    assert dialog.saved is not None and prompts.errors == []
    row = get_lead_row(station_db, dialog.saved.id)
    assert (row["source"], row["target_name"], row["target_party_id"], row["complainant_phone"]) == (
        "transfer", "某诊所", None, "")


def test_esc_asks_before_dropping_a_typed_lead_and_closes_at_once_when_nothing_was_typed(station_db, prompts,
                                                                                        qtbot):
    untouched = LeadDialog(station_db, prompts)
    qtbot.addWidget(untouched)
    untouched.show()
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert not untouched.isVisible() and prompts.confirmations == []
    typed = LeadDialog(station_db, prompts)
    qtbot.addWidget(typed)
    typed.show()
    typed.description.setPlainText("巡查发现某楼盘售楼处违规收集客户身份证")
    qtbot.keyClick(typed, Qt.Key.Key_Escape)
    assert typed.isVisible() and [o[0] for o in prompts.offered] == [_("Save the changes you made?")]
    assert typed.description.toPlainText() == "巡查发现某楼盘售楼处违规收集客户身份证"
    prompts.choices.append(1)  # 放弃修改
    qtbot.keyClick(typed, Qt.Key.Key_Escape)
    assert not typed.isVisible() and station_db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 0


# ---- the core ----------------------------------------------------------------------------------------------------

def test_a_case_filed_from_the_lead_takes_the_party_it_was_registered_against_among_namesakes(station_db):
    first = station_db.execute("SELECT id FROM parties WHERE name = ?", [PARTY]).fetchone()[0]
    namesake = save_party(station_db, Party(name=PARTY, uscc="91110000100017707H"))
    lead = register_lead(station_db, LeadEntry(source="inspection", received_at=RECEIVED, party_id=namesake.id,
                                               description="监督检查发现售楼处违规收集客户信息"))
    case = file_case_from_lead(station_db, lead.id)
    assert case.party_ids == [namesake.id] != [first]
    assert case.lead_received_on == "2026-03-02" and case.facts == "监督检查发现售楼处违规收集客户信息"


def test_a_refused_lead_names_each_field_and_changes_nothing(station_db, english):
    before = leads_and_audit(station_db)
    with pytest.raises(ValidationError) as refused:
        register_lead(station_db, LeadEntry(source="walk-in", received_at="2026-03-02", description=" ",
                                            complainant_phone="1380013800012"))
    assert set(refused.value.errors) == {"source", "received_at", "description", "complainant_phone"}
    assert leads_and_audit(station_db) == before


def test_screening_leaves_a_lead_registered_by_hand_alone(station_db):
    from workstation.screening import screen
    from workstation.store.complaints import insert_complaints

    lead = register_lead(station_db, LeadEntry(source="assigned", received_at=RECEIVED,
                                               description="上级交办：0757-85836433骚扰电话", party="某公司"))
    before = get_lead_row(station_db, lead.id)
    insert_complaints(station_db, [("c1", "12345", "W1", "2026-03-03 10:00:00", "0757-85836433天天打电话推销，呼死你",
                                    "{}", "f.csv", 2, "2026-03-04T00:00:00+08:00", "12345", "13900139000", "", "",
                                    "", "", "", "", "", None)])
    screen(station_db, everything=True)
    assert get_lead_row(station_db, lead.id) == before


# ---- the command line ----------------------------------------------------------------------------------------------

@pytest.fixture
def nanhai(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", NANHAI, "--station-name", "南海区局"])


def test_leads_add_registers_the_lead_and_prints_its_id(capsys, nanhai):
    result = run_json(capsys, "--data-dir", nanhai, "leads", "add", "--source", "12315", "--received",
                      "2026-03-02T10:00", "--description", "12315来电举报某装修公司泄露业主信息", "--party",
                      "佛山市某装修公司", "--complainant-phone", "0757-83301234")
    db = open_db(nanhai)
    try:
        row = get_lead_row(db, result["id"])
        assert (row["source"], row["received_at"], row["target_name"], row["complainant_phone"], row["agency_id"]) \
            == ("12315", "2026-03-02T10:00:00+08:00", "佛山市某装修公司", "075783301234", agency_id_for_code(NANHAI))
    finally:
        db.conn.close()
    assert (result["agency"], result["t1_due"], result["party_id"]) == (NANHAI, "2026-03-23", None)
    code, out, _err = run(capsys, "--data-dir", nanhai, "leads", "add", "--source", "举报", "--received",
                          "2026-03-02 10:00", "--description", "来信举报")  # the label does as well as the key
    assert code == 0 and "2026-03-23" in out


@pytest.mark.parametrize(("option", "value"), [("--source", "walk-in"), ("--received", "2099-01-01T10:00"),
                                               ("--received", "2026-02-30T10:00"), ("--description", "  "),
                                               ("--agency", "999999"), ("--complainant-phone", "10086")])
def test_leads_add_refuses_bad_input_naming_the_option_and_changes_nothing(capsys, nanhai, option, value):
    def held():
        db = open_db(nanhai)
        try:
            return leads_and_audit(db), db.execute("SELECT COUNT(*) FROM parties").fetchone()[0]
        finally:
            db.conn.close()

    arguments = {"--source": "report", "--received": "2026-03-02T10:00", "--description": "来访举报"}
    arguments[option] = value
    before = held()
    code, out, err = run(capsys, "--data-dir", nanhai, "leads", "add", *[x for pair in arguments.items()
                                                                        for x in pair])
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and f"{option}：" in err
    assert "Traceback" not in err and held() == before


# ---- bundles -------------------------------------------------------------------------------------------------------

@pytest.fixture
def station_and_hq(tmp_path):
    station, hq = tmp_path / "station", tmp_path / "hq"
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        assert main(["--data-dir", str(station), "init", "--agency", NANHAI, "--station-name", "南海区局"]) == 0
        assert main(["--data-dir", str(hq), "init", "--station-name", "佛山市局"]) == 0
        assert main(["--data-dir", str(station), "station", "export", "-o", str(tmp_path / "station.card")]) == 0
        assert main(["--data-dir", str(hq), "station", "trust", str(tmp_path / "station.card")]) == 0
    return Path(station), Path(hq)


def test_a_lead_registered_by_hand_travels_to_headquarters_with_its_party(capsys, station_and_hq, tmp_path):
    from workstation.leads_workflow import assign_lead

    station, hq = station_and_hq
    db = open_db(station)
    try:
        party = save_party(db, Party(name=PARTY, uscc="91512081MA62K0260E"))
    finally:
        db.conn.close()
    lead = run_json(capsys, "--data-dir", station, "leads", "add", "--source", "report", "--received",
                    "2026-03-02T10:00", "--description", "来访举报售楼处违规收集客户信息", "--party", PARTY,
                    "--complainant-phone", "13800138000")
    assert lead["party_id"] == party.id
    run_json(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / "one.bundle")
    merged = run_json(capsys, "--data-dir", hq, "bundle", "import", tmp_path / "one.bundle")
    assert merged["conflicts"] == 0
    here, there = open_db(station), open_db(hq)
    try:
        sent = get_lead_row(here, lead["id"])
        received = get_lead_row(there, lead["id"])
        fields = ("source", "received_at", "description", "target_name", "target_party_id", "agency_id",
                  "complainant_phone", "status")
        assert {f: received[f] for f in fields} == {f: sent[f] for f in fields}
        assert there.execute("SELECT name FROM parties WHERE id = ?", [party.id]).fetchone() == (PARTY,)
        assert t1_due(there, received) == t1_due(here, sent) == "2026-03-23"
    finally:
        here.conn.close()
        there.conn.close()
    assert run_json(capsys, "--data-dir", hq, "stats")["leads"] == run_json(capsys, "--data-dir", station,
                                                                           "stats")["leads"]
    assert run_json(capsys, "--data-dir", hq, "bundle", "import", tmp_path / "one.bundle")["new"] == 0  # idempotent
    here = open_db(station)
    try:  # the station goes on with the lead, assigning it to 顺德区局 (not to itself, which received it): HQ follows
        assign_lead(here, lead["id"], agency_id_for_code("440606"), on="2026-03-04",
                    received_by=agency_id_for_code("440600"))  # the city bureau assigning (a district station assigns only below it: test_s73_jurisdiction)
    finally:
        here.conn.close()
    run_json(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / "two.bundle")
    assert run_json(capsys, "--data-dir", hq, "bundle", "import", tmp_path / "two.bundle")["conflicts"] == 0
    there = open_db(hq)
    try:
        assert get_lead_row(there, lead["id"])["assigned_on"] == "2026-03-04"
    finally:
        there.conn.close()
    assert run_json(capsys, "--data-dir", hq, "stats")["leads"] == run_json(capsys, "--data-dir", station,
                                                                           "stats")["leads"]
