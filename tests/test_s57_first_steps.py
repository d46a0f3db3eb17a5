# ruff: noqa: F811 - the fixtures imported from test_s43_bundle_case_number_twice are used by name
"""Session 57: what a newcomer meets. A station holding no number block (号段) is told, in its first steps and by
F1, to ask headquarters for one if its bureau has other workstations (two laptops of one bureau otherwise give the
same numbers); headquarters' refusal of a case number taken twice names the station holding it as the pickers name
it (an unnamed one 未命名 with its fingerprint, not 本机站点); `leads list` gives the lead ids `leads assign/decide/
told/extend` need; and a bureau's contact telephone of a Foshan landline with fewer than 8 digits is refused, its
own number shown whole in the refusal (it is no personal data)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_s43_bundle_case_number_twice import (  # noqa: F401 (fixtures)
    CAUSES,
    PARTY,
    _filed,
    _pending,
    _send,
    network,
    stations,
)

NANHAI = "440605"
BLOCKS_STEP = "If your bureau has other workstations, first ask headquarters for a number block (号段)"
BLOCKS_PATH = "Exchange → Number blocks → Add number block…"
TYPED = b"\xff\xfe\xe9\xb8\xbf".decode("utf-8", "surrogateescape")  # bytes a terminal sent that are not UTF-8


# ---- 1. number blocks in the first steps and F1 ------------------------------------------------------------------

def _officers_dialog(window):
    """The officers dialog of the first steps (the agency chosen already), closed unsaved."""
    from ui.first_steps import offer_first_steps
    from ui.officers_dialog import OfficersDialog

    shown = []
    offer_first_steps(window, "陈志明", lambda dialog: shown.append(dialog) or False)
    assert [type(d) for d in shown] == [OfficersDialog]
    return shown[0]


def _notes(dialog) -> str:
    from PySide6.QtWidgets import QLabel

    return "\n".join(label.text() for label in dialog.findChildren(QLabel) if label.objectName().startswith(
        "first_steps"))


def _station(db, data_dir):
    from workstation.station import ensure_station
    from workstation.store import agency_by_code

    return ensure_station(db, data_dir, agency_id=agency_by_code(db, NANHAI).id)  # as 名称和所属单位… or init do


def _own_block(db, data_dir) -> None:
    from workstation.documents.number_blocks import add_block
    from workstation.station import this_station

    add_block(db, agency_code=NANHAI, type_code="立", year=2026, first=101, last=200,
              station_id=this_station(db).id, action="add_block")


@pytest.mark.gui
def test_a_new_station_is_told_to_ask_headquarters_for_a_number_block(db, data_dir, make_window, english):
    _station(db, data_dir)
    notes = _notes(_officers_dialog(make_window(db)))
    assert BLOCKS_STEP in notes and BLOCKS_PATH in notes


@pytest.mark.gui
def test_a_station_holding_a_block_and_headquarters_are_not_told(db, data_dir, make_window, english):
    from workstation.station_role import HEADQUARTERS, set_installation_role

    _station(db, data_dir)
    _own_block(db, data_dir)
    assert BLOCKS_STEP not in _notes(_officers_dialog(make_window(db)))
    set_installation_role(db, data_dir, HEADQUARTERS)  # it hands the blocks out
    db.execute("DELETE FROM settings WHERE key = 'station_agency'")  # asked then only with no agency chosen
    db.execute("DELETE FROM number_blocks")
    assert BLOCKS_STEP not in _notes(_officers_dialog(make_window(db)))


@pytest.mark.gui
def test_f1_tells_a_station_without_a_block_to_ask_for_one(db, data_dir, make_window, prompts, english):
    from workstation.station_role import HEADQUARTERS, set_installation_role

    _station(db, data_dir)
    window = make_window(db)
    window.about()
    assert BLOCKS_STEP in prompts.infos[-1] and BLOCKS_PATH in prompts.infos[-1]
    _own_block(db, data_dir)
    window.about()
    assert BLOCKS_STEP not in prompts.infos[-1]
    db.execute("DELETE FROM number_blocks")
    set_installation_role(db, data_dir, HEADQUARTERS)
    window.about()
    assert BLOCKS_STEP not in prompts.infos[-1]


# ---- 1. headquarters' refusal names the station holding the number as the pickers do ----------------------------

def _own_id(data_dir, station: str) -> str:
    """The id station ``station`` knows itself by."""
    card = open_db(data_dir / station)
    try:
        return card.execute("SELECT id FROM stations WHERE role = 'self'").fetchone()[0]
    finally:
        card.conn.close()


def _renamed_at_hq(data_dir, station: str, name: str) -> str:
    """Station ``station``'s name at headquarters set to ``name`` (as its card said it); its fingerprint."""
    own = _own_id(data_dir, station)
    db = open_db(data_dir / "hq")
    try:
        db.execute("UPDATE stations SET name = ? WHERE id = ?", [name, own])
        return db.execute("SELECT fingerprint FROM stations WHERE id = ?", [own]).fetchone()[0]
    finally:
        db.conn.close()


@pytest.mark.parametrize("name", ["站点", "南海乙"])
def test_the_refusal_names_the_station_holding_the_number_as_the_pickers_do(stations, capsys, english, name):
    numbers = {s: _filed(stations, s, _pending(stations, s)) for s in ("a", "b")}
    assert _send(capsys, stations, "a")[0] == 0
    fingerprint = _renamed_at_hq(stations, "a", name)  # 站点: never named; 南海乙: the name of b, the sender, too
    code, _out, err = _send(capsys, stations, "b")
    holder = f"unnamed (fingerprint {' '.join(fingerprint.split()[:2])}…)" if name == "站点" else \
        f"南海乙 (fingerprint {fingerprint.split()[0]})"
    # the sending station, of the holder's name too, is told apart from it the same way (s57 r3)
    sender = "南海乙" if name == "站点" else f"南海乙 (fingerprint {_fingerprint_at_hq(stations, 'b').split()[0]})"
    assert code != 0
    assert (f"case number {numbers['a']} of {sender}'s case ({PARTY}, {CAUSES['b']}) is already held here by "
            f"{holder}'s case ({PARTY}, {CAUSES['a']})") in err


def _fingerprint_at_hq(data_dir, station: str) -> str:
    """Station ``station``'s fingerprint as headquarters knows it."""
    own = _own_id(data_dir, station)
    db = open_db(data_dir / "hq")
    try:
        return db.execute("SELECT fingerprint FROM stations WHERE id = ?", [own]).fetchone()[0]
    finally:
        db.conn.close()


def test_an_unnamed_sending_station_is_named_as_the_pickers_name_it_not_by_its_id(stations, capsys, english):
    numbers = {s: _filed(stations, s, _pending(stations, s)) for s in ("a", "b")}
    assert _send(capsys, stations, "a")[0] == 0
    fingerprint = _renamed_at_hq(stations, "b", "")  # the sender, never named as headquarters knows it
    code, _out, err = _send(capsys, stations, "b")
    assert code != 0
    assert (f"case number {numbers['a']} of unnamed (fingerprint {' '.join(fingerprint.split()[:2])}…)'s case "
            f"({PARTY}, {CAUSES['b']}) is already held here by 南海甲's case") in err, err


def test_one_case_recorded_at_two_stations_of_one_name_names_both_apart(stations, capsys, english):
    from workstation.store import get_case, update_case

    ids = {s: _pending(stations, s) for s in ("a", "b")}
    db = open_db(stations / "b")
    try:  # the same party and cause at both: one case recorded twice
        update_case(db, replace(get_case(db, ids["b"]), cause=CAUSES["a"]))
    finally:
        db.conn.close()
    numbers = {s: _filed(stations, s, ids[s]) for s in ("a", "b")}
    assert _send(capsys, stations, "a")[0] == 0
    held = _renamed_at_hq(stations, "a", "南海乙")
    sender = _fingerprint_at_hq(stations, "b")
    code, _out, err = _send(capsys, stations, "b")
    assert code != 0
    assert (f"case number {numbers['a']} of 南海乙 (fingerprint {sender.split()[0]})'s case ({PARTY}, {CAUSES['a']}) "
            f"is already held here by 南海乙 (fingerprint {held.split()[0]})'s case ({PARTY}, {CAUSES['a']}), of the "
            "same party and cause") in err, err


# ---- 2. leads list ------------------------------------------------------------------------------------------------

@pytest.fixture
def demo_station(cli_station, tmp_path):
    return cli_station(tmp_path / "station")


ASSIGNED = "f26ab50a"  # the demo's newest lead, assigned, undecided: its T1 runs
HANYUAN = "9fb79491"  # the demo's lead about 佛山市南海区瀚沅房地产经纪有限公司, its case filed


def test_leads_list_gives_each_lead_with_its_id_day_business_state_and_t1(demo_station, capsys, english):
    leads = run_json(capsys, "--data-dir", demo_station, "leads", "list")
    assert len(leads) == 31
    assert [lead["received_at"] for lead in leads] == sorted((lead["received_at"] for lead in leads), reverse=True)
    newest, hanyuan = leads[0], next(lead for lead in leads if lead["id"].startswith(HANYUAN))
    assert newest["id"].startswith(ASSIGNED) and newest["state"] == "assigned" and newest["t1_due"]
    assert hanyuan["business"] == "佛山市南海区瀚沅房地产经纪有限公司" and hanyuan["state"] == "filed"
    assert hanyuan["t1_due"] is None  # decided: no verification period runs
    code, out, err = run(capsys, "--data-dir", demo_station, "leads", "list")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 31
    # a lead naming no business by the number it is about, masked as lists mask it
    assert newest["business"] is None and newest["target"] == "the user of number 186****6648"
    assert lines[0].split("\t") == [newest["id"], newest["received_at"][:10], "the user of number 186****6648",
                                    "Assigned", newest["t1_due"]]
    assert f"{hanyuan['id']}\t{hanyuan['received_at'][:10]}\t佛山市南海区瀚沅房地产经纪有限公司\tCase filed\t—" in lines


def test_leads_list_filters_by_state_and_search_and_limits(demo_station, capsys, english):
    def ids(*options) -> list[str]:
        return [lead["id"][:8] for lead in run_json(capsys, "--data-dir", demo_station, "leads", "list", *options)]

    assert len(ids("--state", "assigned")) == 3 and len(ids("--state", "filed")) == 14
    assert ids("--search", "瀚沅") == [HANYUAN]
    assert ids("--limit", "2") == ids()[:2]
    assert ids("--state", "assigned", "--limit", "1") == [ASSIGNED]
    code, out, _err = run(capsys, "--data-dir", demo_station, "leads", "list", "--search", "无此商家")
    assert code == 0 and out == "No leads.\n"


def test_leads_list_refuses_a_wrong_limit_and_search_of_other_bytes(demo_station, capsys, english):
    code, _out, err = run(capsys, "--data-dir", demo_station, "leads", "list", "--limit", "-1")
    assert code == 2 and "--limit" in err  # a usage error (s61)
    code, out, err = run(capsys, "--data-dir", demo_station, "leads", "list", "--search", TYPED)
    assert code == 1 and out == "" and "--search: the text is not UTF-8" in err
    with pytest.raises(SystemExit) as usage:
        run(capsys, "--data-dir", demo_station, "leads", "list", "--state", "nonsense")
    assert usage.value.code == 2 and "--state" in capsys.readouterr().err


def test_leads_help_names_list(capsys, english):
    with pytest.raises(SystemExit):
        run(capsys, "leads", "--help")
    out = capsys.readouterr().out
    assert "list" in out and "the leads, newest received first" in out


# ---- 3. the bureau's contact telephone ----------------------------------------------------------------------------

@pytest.fixture
def station(cli_station, tmp_path):
    return cli_station(tmp_path / "station", ["init", "--agency", NANHAI])


def _details(capsys, station, phone):
    return run(capsys, "--data-dir", station, "station", "details", "--contact-phone", phone)


@pytest.mark.parametrize("typed, number", [("0757-8628231", "0757-8628231"), ("8628231", "8628231"),
                                           ("0757 862 8231", "0757 862 8231")])
def test_a_foshan_landline_of_seven_digits_is_refused(station, capsys, english, typed, number):
    code, _out, err = _details(capsys, station, typed)
    assert code == 1
    assert f"联系电话: {number} is not a Foshan telephone number: a landline of area code 0757 has 8 digits after " \
           "it, this one 7" in err


def test_a_foshan_landline_of_eight_digits_is_taken(station, capsys, english):
    assert run_json(capsys, "--data-dir", station, "station", "details", "--contact-phone", "0757 8628 2310")[
        "contact_phone"] == "0757-86282310"


@pytest.mark.parametrize("typed", ["0757-12315", "12315"])
def test_the_refusal_of_a_service_number_shows_the_bureaus_number_whole(station, capsys, english, typed):
    code, _out, err = _details(capsys, station, typed)
    assert code == 1
    assert f"联系电话: {typed} is a public service number (such as the 12315 hotline), not a telephone of the bureau" \
           in err
    assert "*" not in err


def test_a_partys_number_is_still_masked_in_its_refusal(english):
    from workstation.validators import normalize_phone

    with pytest.raises(ValueError) as refused:
        normalize_phone("0757-12315")
    assert str(refused.value).startswith("0757-*2315 is not a telephone number")
    assert normalize_phone("0757-8628231") == "0757-8628231"  # a party's numbers are checked as before


def test_the_agency_details_dialog_refuses_the_short_number_too(db, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog
    from workstation.store.base import set_setting

    set_setting(db, "station_agency", NANHAI)
    dialog = AgencyDetailsDialog(db)
    qtbot.addWidget(dialog)
    dialog.edits["contact_phone"].setText("0757-8628231")
    assert not dialog.save()
    assert dialog.errors["contact_phone"].text().startswith("0757-8628231 is not a Foshan telephone number")


# ---- 3. (r3) a service number read as a local one; numbers saved under the earlier rules --------------------------

@pytest.mark.parametrize("typed", ["95105105", "0757-95105105", "9510510"])
def test_a_service_number_of_a_local_numbers_length_is_refused_as_one(station, capsys, english, typed):
    code, _out, err = _details(capsys, station, typed)
    assert code == 1
    assert f"联系电话: {typed} is a public service number (such as the 12315 hotline)" in err, err


def test_a_partys_eight_digit_number_is_read_as_before(english):
    from workstation.validators import normalize_phone

    assert normalize_phone("95105105") == "0757-95105105"  # a party's number: no service check
    assert normalize_phone("86282310", bureau=True) == "0757-86282310"


GUICHENG_CODE = "440605011"


def _saved_under_earlier_rules(data_dir, phone: str, code: str = GUICHENG_CODE) -> None:
    """The agency's 联系电话 as a version before the present checks saved it (they took it then)."""
    from workstation.store import agency_id_for_code
    from workstation.store.base import set_setting

    db = open_db(data_dir)
    try:
        set_setting(db, "agency_details." + agency_id_for_code(code),
                    json.dumps({"contact_phone": phone, "contact_address": "佛山市南海区桂城街道海五路28号"},
                               ensure_ascii=False))
    finally:
        db.conn.close()


@pytest.fixture
def town_and_hq(cli_station, tmp_path):
    """A 桂城 station holding the demo cases, its 联系电话 saved under the earlier rules, and headquarters."""
    cli_station(tmp_path / "town", ["init", "--agency", GUICHENG_CODE, "--station-name", "桂城所"],
                ["demo", "--without-complaints"])
    cli_station(tmp_path / "hq", ["init", "--station-name", "佛山市局"], ["station", "role", "headquarters"])
    return tmp_path


@pytest.mark.parametrize("saved, problem", [
    ("0757-8628231", "0757-8628231 is not a Foshan telephone number"),
    ("0757-95105105", "0757-95105105 is a public service number")])
def test_a_bundle_carrying_a_number_saved_under_the_earlier_rules_merges_with_a_warning(town_and_hq, capsys, english,
                                                                                       saved, problem):
    from workstation.agency_details import agency_details
    from workstation.store import agency_id_for_code

    _saved_under_earlier_rules(town_and_hq / "town", saved)
    code, out, err = run(capsys, "--data-dir", town_and_hq / "town", "bundle", "export", "-o",
                         town_and_hq / "t.bundle")
    assert code == 0, err
    # the station is told when it exports, not refused
    assert "Warning:" in err and problem in err and "station details --contact-phone" in err, err
    preview = run_json(capsys, "--data-dir", town_and_hq / "hq", "bundle", "import", town_and_hq / "t.bundle",
                       "--dry-run")
    assert [(w["station"], w["number"]) for w in preview["agency_details"]["warnings"]] == [("桂城所", saved)]
    code, out, err = run(capsys, "--data-dir", town_and_hq / "hq", "bundle", "import", town_and_hq / "t.bundle",
                         "--trust")
    assert code == 0, err
    # headquarters merges the bundle, its cases with it, and says which station should correct which number
    assert "桂城所" in out and problem in out and "station details --contact-phone" in out, out
    db = open_db(town_and_hq / "hq")
    try:
        assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] > 0
        assert agency_details(db, agency_id_for_code(GUICHENG_CODE))["contact_phone"] == saved
    finally:
        db.conn.close()


def test_a_bureau_station_is_told_to_name_the_town_office_whose_number_it_corrects(cli_station, tmp_path, capsys,
                                                                                   english):
    station = cli_station(tmp_path / "nanhai", ["init", "--agency", "440605", "--station-name", "南海区局"],
                          ["station", "details", "--contact-phone", "0757-86281234"])
    _saved_under_earlier_rules(station, "0757-8628231")
    code, _out, err = run(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / "n.bundle")
    assert code == 0, err
    assert "0757-8628231" in err and "station details --agency 440605011 --contact-phone" in err, err
    assert err.count("--contact-phone") == 1, err  # the bureau's own number passes


def test_a_number_saved_under_the_present_rules_exports_without_a_warning(town_and_hq, capsys, english):
    code, _out, err = run(capsys, "--data-dir", town_and_hq / "town", "station", "details", "--contact-phone",
                          "0757-86225678")
    assert code == 0, err
    code, _out, err = run(capsys, "--data-dir", town_and_hq / "town", "bundle", "export", "-o",
                          town_and_hq / "t.bundle")
    assert code == 0 and "Warning:" not in err, err
    code, out, err = run(capsys, "--data-dir", town_and_hq / "hq", "bundle", "import", town_and_hq / "t.bundle",
                         "--trust")
    assert code == 0 and "station details --contact-phone" not in out, out


def test_a_number_no_rule_ever_took_still_refuses_the_bundle(town_and_hq, capsys, english):
    _saved_under_earlier_rules(town_and_hq / "town", "12")
    code, _out, err = run(capsys, "--data-dir", town_and_hq / "town", "bundle", "export", "-o",
                          town_and_hq / "t.bundle")
    assert code == 0, err
    code, _out, err = run(capsys, "--data-dir", town_and_hq / "hq", "bundle", "import", town_and_hq / "t.bundle",
                          "--trust")
    assert code == 1 and "联系电话" in err and "agency_details.json" in err, err


# ---- (second read) the window's export says the numbers saved under the earlier rules, as the command line does ---

@pytest.mark.gui
@pytest.mark.parametrize("saved, problem", [
    ("0757-8628231", "0757-8628231 is not a Foshan telephone number"),
    ("0757-95105105", "0757-95105105 is a public service number")])
def test_the_windows_export_says_a_number_saved_under_the_earlier_rules(town_and_hq, prompts, qtbot, english,
                                                                       saved, problem):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    _saved_under_earlier_rules(town_and_hq / "town", saved)
    db = open_db(town_and_hq / "town")
    try:
        page = ExchangePage(db, town_and_hq / "town", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        page.run_export(str(town_and_hq / "t.bundle"))
    finally:
        db.conn.close()
    assert not prompts.errors, prompts.errors
    said = prompts.infos[-1]
    assert str(town_and_hq / "t.bundle") in said, said  # the bundle is written all the same
    assert "Warning:" in said and problem in said and "Headquarters takes the bundle all the same" in said, said


@pytest.mark.gui
def test_the_windows_export_of_a_number_under_the_present_rules_says_no_warning(town_and_hq, prompts, qtbot,
                                                                               english):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    db = open_db(town_and_hq / "town")
    try:
        page = ExchangePage(db, town_and_hq / "town", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        page.run_export(str(town_and_hq / "t.bundle"))
    finally:
        db.conn.close()
    assert not prompts.errors, prompts.errors
    assert prompts.infos and str(town_and_hq / "t.bundle") in prompts.infos[-1], prompts.infos  # the bundle written
    assert prompts.infos and "Warning:" not in prompts.infos[-1] and "联系电话" not in prompts.infos[-1], prompts.infos


# ---- (second read) a number taken is not masked for a refusal it does not get --------------------------------------

def test_a_number_taken_is_not_masked_and_one_refused_still_is(monkeypatch, english):
    """The masked number only a refusal shows is made for the refusal: a party's or interview's numbers saved (a
    register of thousands imported) do not pay for it."""
    from workstation import validators
    from workstation.validators import normalize_phone

    masked = []
    original = validators._shown_mobile
    monkeypatch.setattr(validators, "_shown_mobile", lambda text: masked.append(text) or original(text))
    assert normalize_phone("13800138000") == "13800138000"
    assert normalize_phone("0757-88881234转123") == "0757-88881234转123"
    assert normalize_phone("86282310", bureau=True) == "0757-86282310"
    assert masked == []
    with pytest.raises(ValueError) as refused:
        normalize_phone("0757-12315")
    assert str(refused.value).startswith("0757-*2315 is not a telephone number") and len(masked) == 1
    with pytest.raises(ValueError) as refused:  # the bureau's own number is shown whole, as typed
        normalize_phone("０７５７-8628231", bureau=True)
    assert str(refused.value).startswith("0757-8628231 is not a Foshan telephone number") and len(masked) == 1
