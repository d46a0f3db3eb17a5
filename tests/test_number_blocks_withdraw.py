# ruff: noqa: F811 - the fixtures imported from test_bundle_hq and test_number_blocks are used by name
"""Number blocks (号段) against serials issued outside blocks, a refused `numbers add-block` that changes nothing,
and `numbers withdraw`: a block arriving in a bundle over serials the receiver issued outside blocks is a conflict
naming the highest, never taken; a block none of whose serials was issued is withdrawn (audited) where it was
allocated or entered, and a bundle bringing it again does not add it back."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import beijing_year, db_digest, open_db, run, run_json, within_a_year_of_the_demo
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_number_blocks import hq  # noqa: F401

YEAR = beijing_year()


def _station_id(capsys, data_dir) -> str:
    return run_json(capsys, "--data-dir", data_dir, "station", "show")["id"]


def _blocks(capsys, data_dir) -> list[tuple]:
    return [(b["sequence"], b["from"], b["to"]) for b in run_json(capsys, "--data-dir", data_dir, "numbers", "blocks")]


def _issued_outside_blocks(data_dir: Path, agency_code: str, serial: int, issued_at: str = "2026-11-30") -> None:
    """A 处 number issued without a block (by this station, or merged from another station's bundle), on
    ``issued_at`` (before any block a test allocates, unless given)."""
    db = open_db(data_dir)
    try:
        with db.atomic():
            db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, status, issued_at) "
                       "SELECT ?, id, '处', ?, ?, COALESCE(NULLIF(doc_abbrev, ''), short_name) || ?, 'issued', "
                       "? FROM agencies WHERE code = ?",
                       [f"n{serial}", YEAR, serial, f"处〔{YEAR}〕{serial}号", issued_at, agency_code])
    finally:
        db.conn.close()


def _numbers(*argv) -> list:
    action, agency, type_code, first, last = argv
    return ["numbers", action, "--agency", agency, "--type", type_code, "--year", YEAR, "--from", first, "--to", last]


# ---- a block over serials issued outside blocks

def test_a_hand_out_block_over_case_numbers_the_station_filed_is_a_conflict_and_the_rest_merges(
        capsys, dirs, english, monkeypatch):
    within_a_year_of_the_demo(monkeypatch)
    year = beijing_year()  # of the day the test runs on
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    # headquarters, not knowing that Shunde filed 佛顺市监立〔2026〕501号 without a block, gives it 401–600
    run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", "440606", "--type", "立",
             "--year", 2026, "--from", 401, "--to", 600, "--station", shunde)
    run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", "440606", "--type", "处",
             "--year", year, "--from", 1, "--to", 50, "--station", shunde)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    merged = import_(capsys, dirs, "h1.bundle", at="shunde")
    assert merged["by_table"]["number_blocks"] == {"new": 1, "updated": 0, "unchanged": 0, "conflicts": 1}
    assert _blocks(capsys, dirs / "shunde") == [(f"佛顺市监处〔{year}〕", 1, 50)]  # the other block is taken
    conflicts = run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "conflicts")
    assert [(c["table"], c["local"], c["incoming"]) for c in conflicts] == [
        ("number_blocks", "佛顺市监立〔2026〕 issued here up to 501号 outside any block",
         "佛顺市监立〔2026〕401–600号 (station 顺德区局)")]
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "resolve", conflicts[0]["id"],
                          "--take-incoming")
    assert code == 1 and "or serials issued here is never taken" in err and err.count("\n") == 1
    assert len(_blocks(capsys, dirs / "shunde")) == 1


def test_a_station_s_block_over_numbers_headquarters_knows_issued_is_a_conflict(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    _issued_outside_blocks(dirs / "hq", "440606", 7)  # merged at headquarters from another laptop, say
    run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("add-block", "440606", "处", 5, 30))
    export(capsys, dirs, "shunde", "s1.bundle")
    merged = import_(capsys, dirs, "s1.bundle")
    assert merged["conflicts"] == 1 and merged["by_table"]["number_blocks"]["conflicts"] == 1
    assert merged["by_table"]["cases"]["new"] == 1  # the rest of the bundle merges
    assert _blocks(capsys, dirs / "hq") == []
    [conflict] = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert (conflict["local"], conflict["incoming"]) == (
        f"佛顺市监处〔{YEAR}〕 issued here up to 7号 outside any block", f"佛顺市监处〔{YEAR}〕5–30号 (station 顺德区局)")


def test_a_refused_add_block_changes_nothing_not_even_the_station_identity(cli_station, tmp_path, capsys, english):
    laptop = cli_station(tmp_path / "laptop")  # the demo: no station identity made yet
    db = open_db(laptop)
    try:
        assert db.execute("SELECT COUNT(*) FROM stations").fetchone()[0] == 0
    finally:
        db.conn.close()
    _issued_outside_blocks(laptop, "440605", 12)
    before = (db_digest(laptop), sorted(p.relative_to(laptop) for p in laptop.rglob("*")))
    for (first, last), message in (((3, 20), f"佛南市监处〔{YEAR}〕12号 is already issued"),
                                   ((5, 9), f"佛南市监处〔{YEAR}〕 has been issued up to 12号 outside any block"),
                                   ((9, 5), "--to: The block ends at 5")):
        code, out, err = run(capsys, "--data-dir", laptop, *_numbers("add-block", "440605", "处", first, last))
        assert (code, out) == (1, "") and err.startswith("Error: " + message) and err.count("\n") == 1
    assert (db_digest(laptop), sorted(p.relative_to(laptop) for p in laptop.rglob("*"))) == before
    stored = run_json(capsys, "--data-dir", laptop, *_numbers("add-block", "440605", "处", 13, 20))
    assert stored["own"] and stored["station"] == _station_id(capsys, laptop)


# ---- withdrawing a block

def _audited(data_dir) -> list[tuple]:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT action, entity FROM audit WHERE entity = 'number_block' ORDER BY seq").fetchall()
    finally:
        db.conn.close()


def test_headquarters_withdraws_a_block_none_of_whose_serials_was_issued(hq, capsys, english):
    station = _station_id(capsys, hq)
    allocate = ["--data-dir", hq, *_numbers("allocate", "440605", "处", 101, 200), "--station", station]
    run_json(capsys, *allocate)
    run_json(capsys, "--data-dir", hq, *_numbers("allocate", "440605", "处", 201, 300), "--station", station)
    withdrawn = run_json(capsys, "--data-dir", hq, *_numbers("withdraw", "440605", "处", 101, 200))
    assert (withdrawn["sequence"], withdrawn["from"], withdrawn["to"]) == (f"佛南市监处〔{YEAR}〕", 101, 200)
    assert _blocks(capsys, hq) == [(f"佛南市监处〔{YEAR}〕", 201, 300)]
    assert _audited(hq) == [("allocate", "number_block")] * 2 + [("withdraw", "number_block")]
    assert run_json(capsys, "--data-dir", hq, "audit", "verify")["valid"]
    run_json(capsys, *allocate)  # its serials are free again
    # serials issued inside the other block once it was allocated (say merged numbers): it is no longer withdrawn
    # (serials issued before its allocation, outside any block, are not its own and would not count)
    from workstation.records import now

    _issued_outside_blocks(hq, "440605", 250, issued_at=now())
    _issued_outside_blocks(hq, "440605", 230, issued_at=now())
    before = db_digest(hq)
    for argv, message in (
            (("withdraw", "440605", "处", 201, 300), f"佛南市监处〔{YEAR}〕201–300号 cannot be withdrawn: its serials "
                                                    "are issued up to 250号 (a number once issued stays issued)."),
            (("withdraw", "440605", "处", 201, 299), f"No block 佛南市监处〔{YEAR}〕201–299号 is held here; the blocks "
                                                    "of the sequence are 101–200、201–300: give one of them exactly."),
            (("withdraw", "440605", "告", 1, 9), f"No block 佛南市监告〔{YEAR}〕1–9号 is held here; `numbers blocks` "
                                                "lists the blocks.")):
        code, out, err = run(capsys, "--data-dir", hq, *_numbers(*argv))
        assert (code, out, err) == (1, "", f"Error: {message}\n")
    assert db_digest(hq) == before


def test_a_station_withdraws_the_block_it_entered_only_and_a_bundle_does_not_bring_it_back(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("add-block", "440606", "处", 1, 50))
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", "处", 51, 100), "--station", shunde)
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    assert len(_blocks(capsys, dirs / "shunde")) == len(_blocks(capsys, dirs / "hq")) == 2
    # the block headquarters allocated is withdrawn there, not at the station
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", *_numbers("withdraw", "440606", "处", 51, 100))
    assert (code, err) == (1, f"Error: 佛顺市监处〔{YEAR}〕51–100号 was not entered at this station: only "
                              "headquarters withdraws it.\n")
    run_json(capsys, "--data-dir", dirs / "shunde", *_numbers("withdraw", "440606", "处", 1, 50))
    assert _blocks(capsys, dirs / "shunde") == [(f"佛顺市监处〔{YEAR}〕", 51, 100)]
    # headquarters' hand-out still carries the block: the station does not take it back
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    again = import_(capsys, dirs, "h2.bundle", at="shunde")
    assert again["by_table"]["number_blocks"]["new"] == 0 and again["conflicts"] == 0
    assert _blocks(capsys, dirs / "shunde") == [(f"佛顺市监处〔{YEAR}〕", 51, 100)]
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 1, 50))
    assert _blocks(capsys, dirs / "hq") == [(f"佛顺市监处〔{YEAR}〕", 51, 100)]
