"""A restore keeps taken the case numbers its replaced data's cases carried and the restored cases do not
(``number_blocks.keep_case_numbers``): the same voided rows as one ``keep_case_number`` a case, read once for all."""

from __future__ import annotations

from tests.helpers import beijing_year, open_db, run_json, statements_run
from tests.test_case_number_blocks import _file
from workstation.documents import number_blocks
from workstation.procedure import apply
from workstation.records import Case
from workstation.store import agency_id_for_code, create_case, find_case

YEAR = beijing_year()
NANHAI = f"佛南市监立〔{YEAR}〕"


def _town(db) -> str:
    return db.execute("SELECT id FROM agencies WHERE code LIKE '440605%' AND level = 'town'").fetchone()[0]


def _file_at(db, agency_id: str) -> str:
    """A case of ``agency_id`` filed today: the number it takes."""
    demo = find_case(db, "佛南市监立〔2026〕9号")
    case = create_case(db, Case(case_number="", cause="涉嫌发送商业性信息案", sector="real_estate",
                                agency_id=agency_id, party_ids=demo.party_ids, officer_ids=demo.officer_ids))
    return apply(db, case.id, "file").case_number


def _kept(db) -> list[tuple]:
    return db.execute("SELECT agency_id, year, serial, number, status, void_reason FROM doc_numbers "
                      "WHERE type_code = '立' ORDER BY agency_id, year, serial").fetchall()


def test_a_restore_of_several_cases_keeps_each_of_their_numbers_taken(cli_station, tmp_path, capsys, english):
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])
    run_json(capsys, "--data-dir", station, "numbers", "add-block", "--agency", "440605", "--type", "立", "--year",
             YEAR, "--from", 20, "--to", 29)
    backup = run_json(capsys, "--data-dir", station, "backup", "create")
    db = open_db(station)
    try:  # three cases of the bureau and one of its town office (numbered in the bureau's name) since the backup
        filed = [_file(db), _file(db), _file_at(db, _town(db)), _file(db)]
    finally:
        db.conn.close()
    assert filed == [f"{NANHAI}{serial}号" for serial in (20, 21, 22, 23)]
    run_json(capsys, "--data-dir", station, "backup", "restore", backup["path"])
    db = open_db(station)
    try:
        kept = _kept(db)
        day = kept[0][5][len("taken on "):][:10]  # the day the cases were created, lost with them
        assert kept == [(agency_id_for_code("440605"), YEAR, serial, f"{NANHAI}{serial}号", "void",
                         f"taken on {day} by the data a restore of the backup of "
                         f"{backup['created'][:16].replace('T', ' ')} replaced; "
                         "its case is not in the restored data") for serial in (20, 21, 22, 23)]
        assert _file(db) == f"{NANHAI}24号"  # 20 to 23 may be on paper: never given twice
    finally:
        db.conn.close()


def test_numbers_kept_together_are_those_kept_one_by_one_and_read_once(demo_db):
    bureau, town, shunde = agency_id_for_code("440605"), _town(demo_db), agency_id_for_code("440606")
    numbers = [(bureau, f"{NANHAI}31号", "a"), (town, f"{NANHAI}32号", "b"), (bureau, f"{NANHAI}31号", "again"),
               (shunde, f"佛顺市监立〔{YEAR}〕7号", "c"), (bureau, f"佛顺市监立〔{YEAR}〕8号", "not its sequence"),
               (bureau, "临时编号3", "no year"), ("no such agency", f"{NANHAI}33号", "unknown")]
    demo_db.conn.execute("SAVEPOINT one_by_one")
    for agency, number, reason in numbers:
        number_blocks.keep_case_number(demo_db, agency, number, reason)
    one_by_one = _kept(demo_db)
    demo_db.conn.execute("ROLLBACK TO one_by_one")
    demo_db.conn.execute("RELEASE one_by_one")
    with statements_run(demo_db) as ran:
        number_blocks.keep_case_numbers(demo_db, numbers)
    assert _kept(demo_db) == one_by_one
    assert [(number, why) for *_rest, number, _status, why in one_by_one] == [
        (f"佛顺市监立〔{YEAR}〕7号", "c"), (f"{NANHAI}31号", "a"), (f"{NANHAI}32号", "b")]
    # the agencies, their abbreviations (and those they had before: store.agencies.former_doc_abbrevs) and the
    # numbers kept already are read once, whatever the count
    assert len([s for s in ran if s.startswith("SELECT")]) == 4
