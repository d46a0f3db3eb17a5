# ruff: noqa: F811 - the fixtures of test_bundle_hq, imported, are the tests' arguments
"""Headquarters' merge (audit hqmerge, session 64): a bundle of chosen cases (`bundle export --case`) does not move a
station's "data as of" time (m067 records each import's scope; imports recorded before it count no later than the
station's log received); a trusted station's new name and agency travel in its signed bundles (the name taken with
an audit entry, the agency only when asked for, the hand-outs then of the new agency); `stats --json` names the city
bureau's own cases 市局本级 as the report does."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import STATIONS, dirs, edit_case, template  # noqa: F401

NANHAI_CASE = STATIONS["nanhai"][2]
SHUNDE_CASE = STATIONS["shunde"][2]


def export(capsys, dirs, station: str, name: str, *extra) -> Path:
    run_json(capsys, "--data-dir", dirs / station, "bundle", "export", "-o", dirs / name, *extra)
    return dirs / name


def import_(capsys, dirs, name: str, *extra) -> dict:
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name, *extra)


def made(dirs, name: str) -> str:
    """When the station made the bundle ``name`` imported at headquarters (its manifest's time, kept there)."""
    db = open_db(dirs / "hq")
    try:
        return db.execute("SELECT created_at FROM bundle_imports WHERE file_name = ?", [name]).fetchone()[0]
    finally:
        db.conn.close()


def as_of(capsys, dirs, code: str) -> str | None:
    stats = run_json(capsys, "--data-dir", dirs / "hq", "stats")
    return next(s["as_of"] for s in stats["stations"] if s["agency_code"] == code)


def station_row(dirs, code: str) -> tuple[str, str]:
    """(name, agency code) headquarters holds for the station first trusted with ``code``."""
    db = open_db(dirs / "hq")
    try:
        return db.execute("SELECT s.name, COALESCE(a.code, '') FROM stations s LEFT JOIN agencies a ON a.id = "
                          "s.agency_id WHERE s.id = ?", [station_id(dirs, code)]).fetchone()
    finally:
        db.conn.close()


def station_id(dirs, code: str) -> str:
    name = {"440605": "nanhai", "440606": "shunde"}[code]
    return json.loads((dirs / f"{name}.card").read_text(encoding="utf-8"))["id"]


# 1. the stations' "data as of" -----------------------------------------------------------------------------------
def test_a_bundle_of_chosen_cases_does_not_move_the_stations_data_as_of(capsys, dirs):
    export(capsys, dirs, "nanhai", "n1.zip")
    import_(capsys, dirs, "n1.zip")
    assert as_of(capsys, dirs, "440605") == made(dirs, "n1.zip")
    edit_case(dirs / "nanhai", NANHAI_CASE, records_other=5000)
    export(capsys, dirs, "nanhai", "c1.zip", "--case", NANHAI_CASE)
    import_(capsys, dirs, "c1.zip")
    assert made(dirs, "c1.zip") > made(dirs, "n1.zip")
    assert as_of(capsys, dirs, "440605") == made(dirs, "n1.zip")  # the case bundle's time is not the station's
    db = open_db(dirs / "hq")
    try:
        assert dict(db.execute("SELECT file_name, scope FROM bundle_imports").fetchall()) == {"n1.zip": "all",
                                                                                            "c1.zip": "cases"}
    finally:
        db.conn.close()
    export(capsys, dirs, "nanhai", "n2.zip")  # the next whole bundle moves it on
    import_(capsys, dirs, "n2.zip")
    assert as_of(capsys, dirs, "440605") == made(dirs, "n2.zip")


def test_a_station_that_sent_only_chosen_cases_is_not_reported_yet(capsys, dirs, english):
    export(capsys, dirs, "shunde", "c1.zip", "--case", SHUNDE_CASE)
    import_(capsys, dirs, "c1.zip")
    assert as_of(capsys, dirs, "440606") is None
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "stats")
    said = next(line for line in out.splitlines() if "顺德区局" in line)
    # its cases are counted, so it is said to have sent some cases only (as the report says it, session 71), not
    # among the stations that have not reported yet, nor dated
    assert code == 0 and "顺德区局 sent only some cases; the rest of their data is not sent yet" in said
    assert "not reported yet: 顺德区局" not in said and "as of" not in said


def test_imports_recorded_before_m067_count_no_later_than_the_log_received(capsys, dirs):
    """An import whose scope was not recorded (before m067) may have been of chosen cases: it counts as of the
    station's last log entry received here at the latest, which only whole bundles bring."""
    from workstation.stats import stations_as_of

    export(capsys, dirs, "nanhai", "n1.zip")
    import_(capsys, dirs, "n1.zip")
    edit_case(dirs / "nanhai", NANHAI_CASE, records_other=5000)
    export(capsys, dirs, "nanhai", "c1.zip", "--case", NANHAI_CASE)
    import_(capsys, dirs, "c1.zip")
    db = open_db(dirs / "hq")
    try:
        with db.atomic():
            db.execute("UPDATE bundle_imports SET scope = NULL")  # as m067 leaves the imports made before it
        (logged,) = db.execute("SELECT a.at FROM station_audit a JOIN stations s ON s.id = a.station_id AND "
                               "a.seq = s.audit_seq WHERE s.id = ?", [station_id(dirs, "440605")]).fetchone()
        found = {s["agency_code"]: s["as_of"] for s in stations_as_of(db, unreported=True)}
    finally:
        db.conn.close()
    assert logged <= made(dirs, "n1.zip") < made(dirs, "c1.zip")
    assert found == {"440605": logged, "440606": None}


# 2. a trusted station's new name and agency ----------------------------------------------------------------------
def test_a_trusted_stations_new_name_is_taken_from_its_bundle_with_an_audit_entry(capsys, dirs, english):
    export(capsys, dirs, "nanhai", "n1.zip")
    import_(capsys, dirs, "n1.zip")
    run_json(capsys, "--data-dir", dirs / "nanhai", "init", "--station-name", "南海区局执法一队")
    export(capsys, dirs, "nanhai", "n2.zip")
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "n2.zip", "--dry-run")
    said = [line.strip() for line in out.splitlines() if "now calls itself" in line]
    assert code == 0 and said == ["Station 南海区局 now calls itself 南海区局执法一队: the merge would take the new name."]
    assert station_row(dirs, "440605") == ("南海区局", "440605")  # a preview changes nothing
    result = import_(capsys, dirs, "n2.zip")
    assert result["station_card"]["name"] == {"from": "南海区局", "to": "南海区局执法一队", "taken": True}
    assert station_row(dirs, "440605") == ("南海区局执法一队", "440605")
    listed = run_json(capsys, "--data-dir", dirs / "hq", "station", "list")
    assert "南海区局执法一队" in [s["name"] for s in listed]
    assert {"station": "南海区局执法一队", "agency_code": "440605", "as_of": made(dirs, "n2.zip")} in run_json(
        capsys, "--data-dir", dirs / "hq", "stats")["stations"]
    db = open_db(dirs / "hq")
    try:
        assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'merge_update' AND entity = 'station' AND "
                          "entity_id = ?", [station_id(dirs, "440605")]).fetchone()[0] == 1
    finally:
        db.conn.close()
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "audit", "verify")
    assert code == 0


def test_a_bundle_made_before_the_card_trusted_since_does_not_take_back_the_old_name(capsys, dirs):
    """The station's new card trusted at headquarters (`station trust`), then a bundle it made before, under its
    old name: the card is the newer word, kept."""
    export(capsys, dirs, "nanhai", "n1.zip")
    import_(capsys, dirs, "n1.zip")
    edit_case(dirs / "nanhai", NANHAI_CASE, records_other=5000)
    export(capsys, dirs, "nanhai", "n2.zip")  # made under the old name
    run_json(capsys, "--data-dir", dirs / "nanhai", "init", "--station-name", "南海区局执法一队")
    run_json(capsys, "--data-dir", dirs / "nanhai", "station", "export", "-o", dirs / "new.card")
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "new.card")
    assert station_row(dirs, "440605") == ("南海区局执法一队", "440605")
    result = import_(capsys, dirs, "n2.zip")
    assert result["new"] + result["updated"] and not result.get("station_card")
    assert station_row(dirs, "440605") == ("南海区局执法一队", "440605")


def test_a_bundle_made_before_the_newest_imported_does_not_take_back_the_old_name(capsys, dirs):
    """A bundle made under the old name (nothing changed since the last one imported, so it is not refused as
    older), imported after a newer bundle naming the new one: the newer word is kept."""
    export(capsys, dirs, "nanhai", "n1.zip")
    import_(capsys, dirs, "n1.zip")
    export(capsys, dirs, "nanhai", "c1.zip")  # made under the old name
    run_json(capsys, "--data-dir", dirs / "nanhai", "init", "--station-name", "南海区局执法一队")
    export(capsys, dirs, "nanhai", "n2.zip")
    assert import_(capsys, dirs, "n2.zip")["station_card"]["name"]["taken"] is True
    result = import_(capsys, dirs, "c1.zip")
    assert not result.get("station_card")
    assert station_row(dirs, "440605") == ("南海区局执法一队", "440605")


def handout_cases(capsys, dirs, name: str) -> set[str]:
    export(capsys, dirs, "hq", name, "--plain", "--all", "--for", station_id(dirs, "440605"))
    with zipfile.ZipFile(dirs / name) as archive:
        return {c["case_number"] for c in json.loads(archive.read("records/cases.json"))}


def moved_to_shunde(capsys, dirs) -> None:
    """Shunde has sent its case; the Nanhai laptop now works for 顺德区局 and sends a bundle saying so."""
    export(capsys, dirs, "shunde", "s1.zip")
    import_(capsys, dirs, "s1.zip")
    export(capsys, dirs, "nanhai", "n1.zip")
    import_(capsys, dirs, "n1.zip")
    assert handout_cases(capsys, dirs, "h1.zip") == {NANHAI_CASE}
    run_json(capsys, "--data-dir", dirs / "nanhai", "init", "--agency", "440606", "--change-agency")
    export(capsys, dirs, "nanhai", "n2.zip")


def test_an_agency_change_needs_take_agency_and_is_said_otherwise(capsys, dirs, english):
    moved_to_shunde(capsys, dirs)
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "n2.zip", "--json")
    assert code == 0, err
    assert json.loads(out)["station_card"]["agency"] == {"from": "440605", "to": "440606", "taken": False,
                                                         "from_name": "南海区局（440605）",
                                                         "to_name": "顺德区局（440606）"}
    assert "顺德区局" in err and "--take-agency" in err and "Warning" in err
    assert station_row(dirs, "440605") == ("南海区局", "440605")  # the agency held here stays
    assert handout_cases(capsys, dirs, "h2.zip") == {NANHAI_CASE}
    # the next bundle, with the officer's word
    edit_case(dirs / "nanhai", NANHAI_CASE, records_other=400)
    export(capsys, dirs, "nanhai", "n3.zip")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "n3.zip", "--dry-run")
    assert code == 0 and "--take-agency" in out and "顺德区局" in out
    result = import_(capsys, dirs, "n3.zip", "--take-agency")
    assert result["station_card"]["agency"]["taken"] is True
    assert station_row(dirs, "440605")[1] == "440606"
    assert SHUNDE_CASE in handout_cases(capsys, dirs, "h3.zip")  # the hand-out follows the new agency


def test_a_new_name_comes_with_the_new_agency_or_not_at_all(capsys, dirs, english):
    """The laptop moved to 顺德区局 and renamed 顺德区局执法一队: without --take-agency neither is taken (the station
    would otherwise show under 顺德's name while held, and handed out, as 南海区局's)."""
    moved_to_shunde(capsys, dirs)
    import_(capsys, dirs, "n2.zip")  # named 顺德区局 after its new agency, kept
    run_json(capsys, "--data-dir", dirs / "nanhai", "init", "--station-name", "顺德区局执法一队")
    export(capsys, dirs, "nanhai", "n3.zip")
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "n3.zip", "--dry-run")
    assert code == 0 and "the merge would take the new name" not in out
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "n3.zip", "--json")
    assert code == 0 and "the agency and the name held here were kept" in err
    result = json.loads(out)
    assert result["station_card"]["name"] == {"from": "南海区局", "to": "顺德区局执法一队", "taken": False}
    assert result["station_card"]["agency"]["taken"] is False
    assert station_row(dirs, "440605") == ("南海区局", "440605")


def test_the_question_names_every_districts_records_for_the_city_bureau(capsys, dirs, english):
    """Taking the city bureau as the station's agency gives its hand-outs every district's records: the window's
    question says so (a district bureau's does not)."""
    from workstation.bundle.station_card import agency_question, card_change

    export(capsys, dirs, "nanhai", "n1.zip")
    import_(capsys, dirs, "n1.zip")
    card = json.loads((dirs / "nanhai.card").read_text(encoding="utf-8"))
    db = open_db(dirs / "hq")
    try:
        later = {"created_at": "2999-01-01T00:00:00"}
        city = agency_question(card_change(db, {**card, "agency_code": "440600"}, later), "南海区局")
        district = agency_question(card_change(db, {**card, "agency_code": "440606"}, later), "南海区局")
    finally:
        db.conn.close()
    assert "every district" in city and "every district" not in district
    assert "顺德区局（440606）" in district


@pytest.mark.gui
def test_the_windows_preview_says_the_new_name_and_agency_and_the_merge_asks_before_taking_it(
        capsys, dirs, english, prompts, qtbot):
    from PySide6.QtWidgets import QLabel

    from tests.test_ui_exchange import ModalAnswer, ok_button
    from ui.bundle_dialogs import MergePreviewDialog
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    moved_to_shunde(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "nanhai", "init", "--station-name", "顺德区局执法一队")
    export(capsys, dirs, "nanhai", "n3.zip")
    seen = {}

    def merge(dialog):
        seen["summary"] = dialog.findChild(QLabel, "preview_summary").text()
        ok_button(dialog).click()

    db = open_db(dirs / "hq")
    try:
        page = ExchangePage(db, dirs / "hq", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        prompts.confirm_answers = [False]  # keep the agency held here
        answer = ModalAnswer(MergePreviewDialog, merge)
        page.import_bundles([str(dirs / "n2.zip")])
        answer.check()
        assert "顺德区局（440606）" in seen["summary"] and "南海区局（440605）" in seen["summary"]
        assert len(prompts.confirmations) == 1 and "顺德区局" in prompts.confirmations[0]
        assert prompts.destructive == prompts.confirmations  # No is the default: Enter keeps the agency held here
        assert prompts.errors == [] and "南海区局（440605）" in prompts.infos[-1]
        assert station_row(dirs, "440605") == ("南海区局", "440605")
        prompts.confirm_answers = [True]  # the next bundle: taken
        answer = ModalAnswer(MergePreviewDialog, merge)
        page.import_bundles([str(dirs / "n3.zip")])
        answer.check()
        assert "顺德区局执法一队" in seen["summary"]
        assert len(prompts.confirmations) == 2 and prompts.errors == []
        assert station_row(dirs, "440605") == ("顺德区局执法一队", "440606")
    finally:
        db.conn.close()


# 3. the city bureau's own cases ----------------------------------------------------------------------------------
def test_stats_json_names_the_city_bureaus_own_cases_as_the_report_does(capsys, dirs):
    from workstation.reports.text import CITY_OWN
    from workstation.store import agency_id_for_code

    db = open_db(dirs / "nanhai")
    try:
        with db.atomic():
            db.execute("UPDATE cases SET agency_id = ?, district = '' WHERE case_number = ?",
                       [agency_id_for_code("440600"), NANHAI_CASE])
    finally:
        db.conn.close()
    stats = run_json(capsys, "--data-dir", dirs / "nanhai", "stats")
    assert stats["cases"]["by_district"] == {CITY_OWN: 1} and CITY_OWN == "市局本级"

