"""A number once given is never given again (REFERENCE §3.1), inside number blocks (号段) too: a case number changed by
an edit, or lost by a restore, stays taken; a station numbering inside this year's blocks counts no earlier year on
its own; headquarters notices a 文号 two stations took, whichever copy is voided."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import (
    NANHAI_STATIONS,
    beijing_year,
    copy_of,
    open_db,
    run,
    run_json,
)
from tests.test_case_number_blocks import _file, _pending
from tests.test_numbering_hold import _summons
from workstation.documents.number_blocks import add_block
from workstation.documents.numbering import next_number
from workstation.errors import WorkstationError
from workstation.station import ensure_station
from workstation.store import agency_id_for_code, find_case, next_case_number, update_case

YEAR = beijing_year()
SEQUENCE = f"佛南市监立〔{YEAR}〕"


def _case_block(db, station_id, first=20, last=22):
    add_block(db, agency_code="440605", type_code="立", year=YEAR, first=first, last=last, station_id=station_id)


def test_a_case_number_changed_by_an_edit_is_not_given_again_inside_a_block(demo_db, data_dir):
    _case_block(demo_db, ensure_station(demo_db, data_dir).id)
    filed = find_case(demo_db, _file(demo_db))
    assert filed.case_number == f"{SEQUENCE}20号"
    update_case(demo_db, replace(filed, case_number=f"{SEQUENCE}30号"))  # the officer corrects it to the paper's
    assert _file(demo_db) == f"{SEQUENCE}21号"
    assert demo_db.execute("SELECT status FROM doc_numbers WHERE number = ?", [f"{SEQUENCE}20号"]).fetchone() == (
        "void",)


def test_a_typed_case_number_changed_by_an_edit_is_not_given_again_without_blocks(demo_db, data_dir):
    ensure_station(demo_db, data_dir)
    following = next_case_number(demo_db, find_case(demo_db, _file(demo_db)).agency_id)
    typed = update_case(demo_db, replace(_pending(demo_db), status="investigating", case_number=following,
                                         filed_on=f"{YEAR}-01-05"), allow_status_change=True)
    update_case(demo_db, replace(typed, case_number=f"{SEQUENCE}900号"))
    assert _file(demo_db) != following


def test_a_restore_keeps_the_case_numbers_of_a_block_taken_since_the_backup(cli_station, tmp_path, capsys):
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])
    run_json(capsys, "--data-dir", station, "numbers", "add-block", "--agency", "440605", "--type", "立", "--year",
             YEAR, "--from", 20, "--to", 22)
    backup = run_json(capsys, "--data-dir", station, "backup", "create")["path"]
    db = open_db(station)
    try:
        assert [_file(db) for _ in range(2)] == [f"{SEQUENCE}20号", f"{SEQUENCE}21号"]
    finally:
        db.conn.close()
    run_json(capsys, "--data-dir", station, "backup", "restore", backup)
    db = open_db(station)
    try:
        assert _file(db) == f"{SEQUENCE}22号"  # 20 and 21 may be on paper: never given twice
    finally:
        db.conn.close()


def test_a_document_of_last_year_is_refused_while_this_years_block_is_held(demo_db, data_dir, english):
    add_block(demo_db, agency_code="440605", type_code="询", year=YEAR, first=101, last=200,
              station_id=ensure_station(demo_db, data_dir).id)
    agency = agency_id_for_code("440605")
    assert next_number(demo_db, agency, "询", YEAR) == f"佛南市监询〔{YEAR}〕101号"
    with pytest.raises(WorkstationError) as refused:  # a document dated in December of last year
        next_number(demo_db, agency, "询", YEAR - 1)
    assert refused.value.message == (
        f"This station has no number block of 佛南市监询〔{YEAR - 1}〕 for {YEAR - 1} (it numbers inside headquarters' "
        f"blocks of {YEAR}, and counts no other year on its own): ask headquarters for a block of {YEAR - 1} and "
        "enter it (on the Exchange page's Number blocks tab, “Add number block…”, or `numbers add-block`).")


STATIONS = NANHAI_STATIONS  # numbering on their own


@pytest.fixture(scope="module")
def stations_template(hq_and_two_nanhai_template):
    """The folders of ``stations``, made once a worker (conftest: four tests made them, a second or more each)."""
    return hq_and_two_nanhai_template(demo=True)


@pytest.fixture
def stations(stations_template, tmp_path):
    """Headquarters trusting stations a and b of Nanhai, each holding the demo cases and naming headquarters: a
    copy of ``stations_template`` for the test to change."""
    return copy_of(stations_template, tmp_path)


def _issue(capsys, dirs, station) -> dict:
    """A 询问通知书 of the demo case issued at ``station``."""
    return run_json(capsys, "--data-dir", dirs / station, "docs", "issue", "佛南市监立〔2026〕9号", "--form",
                    "inquiry_notice", "--values", _summons(dirs), "-o", dirs / f"{station}.pdf")


def _sent(capsys, dirs, station) -> dict:
    run_json(capsys, "--data-dir", dirs / station, "bundle", "export", "-o", dirs / f"{station}.bundle", "--force")
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / f"{station}.bundle")


@pytest.mark.parametrize("voided", ["a", "b"])
def test_headquarters_notices_a_number_two_stations_took_whichever_copy_is_voided(stations, capsys, voided):
    taken = {station: _issue(capsys, stations, station) for station in STATIONS}
    assert taken["a"]["number"] == taken["b"]["number"]  # both counted on their own
    run_json(capsys, "--data-dir", stations / voided, "docs", "void", taken[voided]["id"], "--reason", "送达对象有误")
    assert _sent(capsys, stations, "a")["conflicts"] == 0
    assert _sent(capsys, stations, "b")["conflicts"] == 1
    conflicts = json.loads(run(capsys, "--data-dir", stations / "hq", "bundle", "conflicts", "--json")[1])
    assert [(c["table"], c["field"]) for c in conflicts] == [("doc_numbers", "number")]
    db = open_db(stations / "hq")
    try:  # both records of the number are kept
        assert sorted(db.execute("SELECT status FROM doc_numbers WHERE number = ?", [taken["a"]["number"]])) == [
            ("issued",), ("void",)]
    finally:
        db.conn.close()


def test_the_same_document_s_number_voided_later_is_no_conflict(stations, capsys):
    issued = _issue(capsys, stations, "a")
    assert _sent(capsys, stations, "a")["conflicts"] == 0
    run_json(capsys, "--data-dir", stations / "a", "docs", "void", issued["id"], "--reason", "送达对象有误")
    assert _sent(capsys, stations, "a")["conflicts"] == 0


def test_headquarters_notices_a_number_inside_another_station_s_block(stations, capsys):
    holder = run_json(capsys, "--data-dir", stations / "b", "station", "show")["id"]
    run_json(capsys, "--data-dir", stations / "hq", "numbers", "allocate", "--agency", "440605", "--type", "询",
             "--year", YEAR, "--from", 1, "--to", 50, "--station", holder)
    issued = _issue(capsys, stations, "a")  # station a has not heard of b's block yet
    assert _sent(capsys, stations, "a")["conflicts"] == 1
    conflicts = json.loads(run(capsys, "--data-dir", stations / "hq", "bundle", "conflicts", "--json")[1])
    assert [(c["field"], c["incoming"]) for c in conflicts] == [("number", issued["number"])]
    assert "〕1–50号" in conflicts[0]["local"] and "南海乙" in conflicts[0]["local"]  # the block and its holder
