"""At headquarters set up the README way (``init`` without ``--agency``, then ``station role headquarters``), a case,
an interview, a publicity activity or a lead made without choosing an agency is the city bureau's
(``station_role.own_agency``); an agency given explicitly wins, and a station keeps what it did."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import open_db, run, run_json
from ui.case_dialog import CaseDialog
from ui.interview_dialog import InterviewDialog
from ui.lead_dialog import LeadDialog
from ui.publicity_dialog import PublicityDialog
from workstation.records import Interview, Party
from workstation.station_role import HEADQUARTERS, set_installation_role
from workstation.store import agency_by_code, save_party
from workstation.store.interviews import save_interview

CITY = "440600"  # 佛山市市场监督管理局
PARTY = "佛山市南海区誉嘉房地产代理有限公司"


def _installation(capsys, data_dir: Path, *init: str, role: str = HEADQUARTERS) -> Path:
    """A new installation set up as the README says, holding one party to interview."""
    run_json(capsys, "--data-dir", data_dir, "init", "--station-name", "佛山市局", *init)
    run_json(capsys, "--data-dir", data_dir, "station", "role", role)
    db = open_db(data_dir)
    save_party(db, Party(name=PARTY, uscc="91512081MA62K0260E"))
    db.conn.close()
    return data_dir


def _agency_code(data_dir: Path, table: str, record_id: str) -> str | None:
    db = open_db(data_dir)
    try:
        row = db.execute(f"SELECT a.code FROM {table} t LEFT JOIN agencies a ON a.id = t.agency_id WHERE t.id = ?",
                         [record_id]).fetchone()
        return row[0]
    finally:
        db.conn.close()


def _lead(capsys, data_dir: Path, *agency: str) -> dict:
    return run_json(capsys, "--data-dir", data_dir, "leads", "add", "--source", "举报", "--received",
                    "2026-11-20T10:00", "--description", "市民反映号码0757-86661234频繁来电推销楼盘", *agency)


def _interview(capsys, data_dir: Path, *agency: str) -> str:
    return run_json(capsys, "--data-dir", data_dir, "interviews", "add", "--party", PARTY, "--date", "2026-11-25",
                    "--officer", "李明:科长", *agency)["id"]


def _publicity(capsys, data_dir: Path, *agency: str) -> dict:
    return run_json(capsys, "--data-dir", data_dir, "publicity", "add", "--date", "2026-11-25", "--title",
                    "商品房营销短信提醒", *agency)


# the command line -----------------------------------------------------------------------------------------------------
def test_headquarters_without_an_agency_records_leads_interviews_and_publicity_as_the_city_bureaus(capsys, tmp_path):
    hq = _installation(capsys, tmp_path / "hq")
    lead = _lead(capsys, hq)
    assert lead["agency"] == CITY and _agency_code(hq, "leads", lead["id"]) == CITY
    interview = _interview(capsys, hq)
    assert _agency_code(hq, "interviews", interview) == CITY
    db = open_db(hq)
    try:  # the interviewing officers are the city bureau's staff
        attendees = db.execute("SELECT attendees FROM interviews WHERE id = ?", [interview]).fetchone()[0]
    finally:
        db.conn.close()
    assert "佛山市市场监督管理局" in attendees
    assert _publicity(capsys, hq)["agency"] == CITY


def test_an_agency_given_at_headquarters_wins(capsys, tmp_path):
    hq = _installation(capsys, tmp_path / "hq")
    assert _lead(capsys, hq, "--agency", "440605")["agency"] == "440605"
    assert _agency_code(hq, "interviews", _interview(capsys, hq, "--agency", "440608")) == "440608"
    assert _publicity(capsys, hq, "--agency", "440606")["agency"] == "440606"


def test_an_agency_chosen_with_init_still_wins_at_headquarters(capsys, tmp_path):
    hq = _installation(capsys, tmp_path / "hq", "--agency", "440605")
    assert _lead(capsys, hq)["agency"] == "440605"
    assert _agency_code(hq, "interviews", _interview(capsys, hq)) == "440605"
    assert _publicity(capsys, hq)["agency"] == "440605"


def test_a_station_without_an_agency_keeps_what_it_did(capsys, tmp_path, english):
    station = _installation(capsys, tmp_path / "station", role="station")
    assert _lead(capsys, station)["agency"] is None  # a lead is registered unheld, as before
    for command in (["interviews", "add", "--party", PARTY, "--date", "2026-11-25"],
                    ["publicity", "add", "--date", "2026-11-25", "--title", "短信提醒"]):
        code, out, err = run(capsys, "--data-dir", station, *command)
        assert code == 1 and out == "" and "Give --agency CODE" in err
    db = open_db(station)
    try:
        assert db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM publicity").fetchone()[0] == 0
    finally:
        db.conn.close()


# the dialogs ----------------------------------------------------------------------------------------------------------
def _sorted_first(db) -> None:
    """An agency sorted before the city bureau, so that a dialog showing the first agency of its list does not pass
    for one choosing the city bureau."""
    nanhai = agency_by_code(db, "440605")
    db.execute("INSERT INTO agencies (id, code, level, name, short_name, parent_id, district, updated_at) "
               "VALUES ('test-first', '440000001', 'town', '佛山市南海区测试所', '测试所', ?, '南海区', "
               "'2026-01-01T00:00:00')", [nanhai.id])


DIALOGS = {"case": lambda db, prompts: CaseDialog(db, prompts),
           "interview": lambda db, prompts: InterviewDialog(db, prompts),
           "publicity": lambda db, prompts: PublicityDialog(db, prompts),
           "lead": lambda db, prompts: LeadDialog(db, prompts)}


@pytest.mark.parametrize("kind", list(DIALOGS))
def test_a_new_record_at_headquarters_without_an_agency_is_the_city_bureaus(db, data_dir, prompts, qtbot, kind):
    _sorted_first(db)
    set_installation_role(db, data_dir, HEADQUARTERS)
    dialog = DIALOGS[kind](db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.agency.currentData() == agency_by_code(db, CITY).id


@pytest.mark.parametrize("kind", list(DIALOGS))
def test_a_new_record_at_headquarters_takes_the_agency_chosen(db, data_dir, prompts, qtbot, kind):
    _sorted_first(db)
    nanhai = agency_by_code(db, "440605").id
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('station_agency', ?)", [nanhai])
    set_installation_role(db, data_dir, HEADQUARTERS)
    dialog = DIALOGS[kind](db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.agency.currentData() == nanhai


def test_a_new_lead_at_a_station_without_an_agency_is_held_by_none(db, prompts, qtbot):
    dialog = LeadDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.agency.currentData() is None


def test_a_new_interview_at_headquarters_offers_the_city_bureaus_last_contact_phone(db, data_dir, prompts, qtbot):
    city = agency_by_code(db, CITY).id
    party = save_party(db, Party(name=PARTY, uscc="91512081MA62K0260E"))
    save_interview(db, Interview(agency_id=city, held_on="2026-11-20", subject="约谈", party_ids=[party.id],
                                 contact_phone="0757-83030000"))
    set_installation_role(db, data_dir, HEADQUARTERS)
    dialog = InterviewDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.contact_phone.text() == "0757-83030000"


@pytest.mark.parametrize("command", [["leads", "add"], ["interviews", "add"], ["publicity", "add"]])
def test_the_help_of_agency_says_what_headquarters_defaults_to(capsys, english, command):
    from workstation.cli import main

    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    assert "at headquarters without one, the city bureau" in " ".join(capsys.readouterr().out.split())
