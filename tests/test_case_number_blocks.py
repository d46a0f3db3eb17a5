# ruff: noqa: F811 - the fixtures imported from test_bundle_hq and test_number_blocks are used by name
"""Number blocks (号段) of case numbers (案件编号, type code 立): a station holding 立 blocks files its cases inside
them and is refused, with nothing written, once they are used up; a station holding none skips the blocks of other
stations; a block is refused over case numbers already carried by cases; bundles carry 立 blocks."""

from __future__ import annotations

import pytest

from tests.helpers import beijing_year, open_db, run, run_json, within_a_year_of_the_demo
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_number_blocks import _other_station, hq  # noqa: F401
from tests.test_register_import import register  # noqa: F401
from workstation.documents.number_blocks import add_block, known_type_codes, list_blocks
from workstation.errors import WorkstationError
from workstation.procedure import apply
from workstation.records import Case
from workstation.station import ensure_station
from workstation.store import agency_id_for_code, create_case, find_case, next_case_number

YEAR = beijing_year()  # a new case is numbered in the current year
DEMO = "佛南市监立〔2026〕1号"  # the demo cases of 南海 carry 佛南市监立〔2026〕1号–9号


def _block(db, first, last, station_id, year=YEAR):
    return add_block(db, agency_code="440605", type_code="立", year=year, first=first, last=last,
                     station_id=station_id)


def _pending(db):
    """A new case 待立案 of 南海: it carries no case number until it is filed."""
    demo = find_case(db, DEMO)
    case = create_case(db, Case(case_number="", cause="涉嫌发送商业性信息案", sector="real_estate",
                                agency_id=agency_id_for_code("440605"), party_ids=demo.party_ids,
                                officer_ids=demo.officer_ids))
    assert case.case_number == ""
    return case


def _file(db, case=None):
    """A case 待立案 filed today: the number it takes."""
    return apply(db, (case or _pending(db)).id, "file").case_number


def _written(db):
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("cases", "case_events", "audit", "number_sequences")}


def test_the_case_number_code_is_offered_for_blocks():
    assert "立" in known_type_codes()


def test_a_case_is_filed_inside_the_lowest_free_serial_of_the_stations_blocks(demo_db, data_dir):
    own = ensure_station(demo_db, data_dir)
    _block(demo_db, 120, 121, own.id)
    _block(demo_db, 101, 102, own.id)
    _block(demo_db, 103, 110, _other_station(demo_db).id)
    # a town office numbers in its district bureau's name, inside the same blocks
    town = demo_db.execute("SELECT id FROM agencies WHERE code LIKE '440605%' AND level = 'town'").fetchone()[0]
    assert next_case_number(demo_db, town) == f"佛南市监立〔{YEAR}〕101号"
    assert [_file(demo_db) for _ in range(3)] == [f"佛南市监立〔{YEAR}〕{n}号" for n in (101, 102, 120)]
    blocks = {(b["from"], b["to"]): (b["issued"], b["own"]) for b in list_blocks(demo_db)}
    assert blocks == {(101, 102): (2, True), (103, 110): (0, False), (120, 121): (1, True)}
    # documents' 文号 are not case numbers: their sequence has no block
    assert next_case_number(demo_db, agency_id_for_code("440606")).startswith(f"佛顺市监立〔{YEAR}〕")


def test_filing_is_refused_with_nothing_written_when_the_blocks_are_used_up(demo_db, data_dir, english):
    _block(demo_db, 101, 101, ensure_station(demo_db, data_dir).id)
    assert _file(demo_db) == f"佛南市监立〔{YEAR}〕101号"
    pending = _pending(demo_db)  # a case 待立案 takes no number: it is created though the blocks are used up
    before = _written(demo_db)
    message = (f"The number blocks of this station for 佛南市监立〔{YEAR}〕 are used up (the last is 101–101): ask "
               "headquarters for a new block and enter it (on the Exchange page's Number blocks tab, “Add number block…”, "
               "or `numbers add-block`).")
    with pytest.raises(WorkstationError) as refused:
        _file(demo_db, pending)
    assert refused.value.message == message
    assert _written(demo_db) == before
    assert find_case(demo_db, pending.id).status == "pending_filing"
    # a number typed in is still accepted
    demo = find_case(demo_db, DEMO)
    typed = create_case(demo_db, Case(case_number=f"佛南市监立〔{YEAR}〕900号", cause="涉嫌发送商业性信息案",
                                      sector="real_estate", agency_id=demo.agency_id, party_ids=demo.party_ids,
                                      officer_ids=demo.officer_ids, status="investigating"))
    assert typed.case_number == f"佛南市监立〔{YEAR}〕900号"


def test_a_station_without_blocks_skips_other_stations_blocks_and_counts_on(demo_db, data_dir):
    ensure_station(demo_db, data_dir)
    laptop = _other_station(demo_db)
    highest = max(int(n[len(f"佛南市监立〔{YEAR}〕"):-1]) for (n,) in demo_db.execute(
        "SELECT case_number FROM cases WHERE case_number LIKE ?", [f"佛南市监立〔{YEAR}〕%"])) if YEAR == 2026 else 0
    _block(demo_db, highest + 1, highest + 3, laptop.id)
    _block(demo_db, highest + 5, highest + 5, laptop.id)
    assert [_file(demo_db) for _ in range(3)] == [f"佛南市监立〔{YEAR}〕{n}号"
                                                  for n in (highest + 4, highest + 6, highest + 7)]
    assert demo_db.execute("SELECT last FROM number_sequences WHERE kind = 'case' AND year = ? AND agency_id = ?",
                           [YEAR, agency_id_for_code("440605")]).fetchone()[0] == highest + 7


def test_without_a_case_block_numbers_run_as_before(demo_db, data_dir):
    ensure_station(demo_db, data_dir)
    add_block(demo_db, agency_code="440605", type_code="处", year=YEAR, first=1, last=5,
              station_id=_other_station(demo_db).id)  # a block of 文号 only
    first = _file(demo_db)
    assert first.startswith(f"佛南市监立〔{YEAR}〕")
    assert _file(demo_db) == f"佛南市监立〔{YEAR}〕{int(first[len(f'佛南市监立〔{YEAR}〕'):-1]) + 1}号"


@pytest.mark.parametrize(("first", "last", "message"), [
    (5, 20, "佛南市监立〔2026〕5号 is already issued: a block holds only serials not yet issued."),
    (1, 1, "佛南市监立〔2026〕1号 is already issued: a block holds only serials not yet issued."),
])
def test_a_block_over_case_numbers_cases_carry_is_refused(hq, capsys, english, monkeypatch, first, last, message):
    within_a_year_of_the_demo(monkeypatch)
    station = run_json(capsys, "--data-dir", hq, "station", "show")["id"]
    before = run_json(capsys, "--data-dir", hq, "numbers", "blocks")
    code, out, err = run(capsys, "--data-dir", hq, "numbers", "allocate", "--agency", "440605", "--type", "立",
                         "--year", 2026, "--from", first, "--to", last, "--station", station)
    assert (code, out) == (1, "") and err == f"Error: {message}\n"
    assert run_json(capsys, "--data-dir", hq, "numbers", "blocks") == before
    stored = run_json(capsys, "--data-dir", hq, "numbers", "allocate", "--agency", "440605", "--type", "立",
                      "--year", 2026, "--from", 10, "--to", 20, "--station", station)
    assert (stored["sequence"], stored["issued"]) == ("佛南市监立〔2026〕", 0)


def test_a_block_below_a_serial_taken_outside_blocks_is_refused(demo_db, data_dir, english):
    own = ensure_station(demo_db, data_dir)
    # next year's sequence: no case carries a number of it (a block of a later year is refused: no 文号 of it yet)
    _block(demo_db, 1, 1, _other_station(demo_db).id, year=YEAR + 1)
    demo_db.execute("INSERT INTO number_sequences (agency_id, kind, year, last) VALUES (?, 'case', ?, 4)",
                    [agency_id_for_code("440605"), YEAR + 1])  # this station filed up to 4 (cases renumbered since)
    with pytest.raises(WorkstationError, match=r"has been issued up to 4号 outside any block: a new block starts "
                                               r"above it, at 5 or more"):
        _block(demo_db, 3, 9, own.id, year=YEAR + 1)
    assert len(list_blocks(demo_db)) == 1


def test_a_bundle_carries_a_case_number_block(capsys, dirs, monkeypatch):
    within_a_year_of_the_demo(monkeypatch)
    take_headquarters_card(capsys, dirs)
    shunde = run_json(capsys, "--data-dir", dirs / "shunde", "station", "show")["id"]
    run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", "440606", "--type", "立",
             "--year", 2026, "--from", 502, "--to", 600, "--station", shunde)  # its own case carries 501号
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    back = import_(capsys, dirs, "h1.bundle", at="shunde")
    assert back["conflicts"] == 0 and back["by_table"]["number_blocks"]["new"] == 1
    blocks = run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "blocks")
    assert [(b["sequence"], b["from"], b["to"], b["own"], b["issued"]) for b in blocks] == [
        ("佛顺市监立〔2026〕", 502, 600, True, 0)]  # (a block over 501号 would be a conflict there)
    db = open_db(dirs / "shunde")
    try:  # the station files its next case inside the block headquarters gave it
        assert next_case_number(db, agency_id_for_code("440606"), 2026) == "佛顺市监立〔2026〕502号"
    finally:
        db.conn.close()


def test_register_rows_without_a_number_take_successive_serials_of_the_blocks(db, data_dir, register):
    from tests.test_register_import import GOOD
    from workstation.importing.register import import_register
    from workstation.store import list_cases

    own = ensure_station(db, data_dir)
    last_year = YEAR - 1  # blocks of a year before last year are refused
    _block(db, 101, 102, own.id, year=last_year)
    _block(db, 105, 110, own.id, year=last_year)
    rows = []
    for i in range(3):  # three cases of last year without a number, all of the same bureau
        row = ["", *GOOD[0][1:]]
        row[5], row[7] = f"涉嫌未经消费者同意发送商业性信息案{i}", f"{last_year}-12-30"
        rows.append(row)
    import_register(db, register(rows=rows))
    assert sorted(r.case_number for r in list_cases(db)) == [f"佛南市监立〔{last_year}〕{n}号"
                                                             for n in (101, 102, 105)]


def test_the_case_dialog_says_a_new_case_is_numbered_when_filed_even_with_the_blocks_used_up(
        demo_db, data_dir, prompts, qtbot, english):
    """A new case is 待立案: the dialog takes no number from the blocks for it (filing does), so blocks used up do
    not keep it from being entered."""
    from ui.case_dialog import CaseDialog

    _block(demo_db, 101, 101, ensure_station(demo_db, data_dir).id)
    _file(demo_db)
    dialog = CaseDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code("440605")))
    assert "case_number" not in dialog.validate()
    assert dialog.case_number.placeholderText() == "Not filed: numbered when the case is filed"


def test_register_rows_without_a_number_look_for_case_blocks_once_when_none_is_held(db, register):
    """The register importer asks once whether any 立 block is held, not again for each row without a number."""
    from tests.test_register_import import GOOD
    from workstation.importing.register import import_register
    from workstation.store import list_cases

    rows = []
    for i in range(3):
        row = ["", *GOOD[0][1:]]
        row[5], row[7] = f"涉嫌未经消费者同意发送商业性信息案{i}", "2025-12-30"
        rows.append(row)
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        import_register(db, register(rows=rows))
    finally:
        db.conn.set_trace_callback(None)
    assert sorted(r.case_number for r in list_cases(db)) == [f"佛南市监立〔2025〕{n}号" for n in (1, 2, 3)]
    assert sum("FROM number_blocks" in s for s in statements) == 1
