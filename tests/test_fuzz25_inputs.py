"""Damaged input found by throwing generated damage at the command line's readers (session 25): each file here is a
small hand-made copy of one case that crashed, hung, left something behind or was taken in silently. Each is
refused with one line naming the file (and row or field) and changes nothing."""

import json
import os
import zipfile
from pathlib import Path

import pytest

from tests.data_digest import data_digest
from tests.helpers import run


def tree(data_dir):
    """The data directory's files and folders, the log and the open-markers left out (every command writes them)."""
    found = set()
    for root, dirs, files in os.walk(data_dir):
        rel = os.path.relpath(root, data_dir)
        if rel.split(os.sep)[0] in ("logs", ".open"):
            continue
        found |= {os.path.join(rel, d) + "/" for d in dirs} | {os.path.join(rel, f) for f in files
                                                               if not f.startswith("workstation.db")}
    return found


def refused(capsys, data_dir, *argv, json_out: list | None = None):
    """Run a command that must be refused: its one-line message, the data directory unchanged (its --json output
    appended to ``json_out`` when given)."""
    before = data_digest(data_dir), tree(data_dir)
    code, out, err = run(capsys, "--data-dir", data_dir, *argv)
    assert code == 1, err
    assert "Traceback" not in err and "Internal error" not in err and "内部错误" not in err, err
    refusals = [line for line in err.splitlines() if line.startswith("Error: ")]  # progress may go before it
    assert len(refusals) == 1 and err.strip().endswith(refusals[0]), err
    assert (data_digest(data_dir), tree(data_dir)) == before
    if json_out is not None:
        json_out.append(json.loads(out))
    return refusals[0]


# station cards ---------------------------------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_given_as_a_station_card_is_refused_instead_of_waiting_forever(station_and_hq_copy, capsys, english):
    pipe = station_and_hq_copy / "station.card.pipe"
    os.mkfifo(pipe)
    err = refused(capsys, station_and_hq_copy / "hq", "station", "trust", pipe)
    assert err == f"Error: {pipe} is not a file but a pipe or a device: choose the file itself."


def test_a_station_card_nested_beyond_reason_is_no_card(station_and_hq_copy, capsys, english):
    card = station_and_hq_copy / "deep.card"
    card.write_text("[" * 100_000 + "]" * 100_000)
    err = refused(capsys, station_and_hq_copy / "hq", "station", "trust", card)
    assert err == f"Error: {card} is not a station card: export one with `station export`."


@pytest.mark.parametrize("field, value, what", [("name", {"a": 1}, "station name"),
                                                 ("name", "南海\x1b[31m区局", "station name"),
                                                 ("name", "局" * 201, "station name"),
                                                 ("agency_code", [440605], "agency code")])
def test_a_station_card_with_altered_text_is_refused(station_and_hq_copy, capsys, english, field, value, what):
    card = json.loads((station_and_hq_copy / "station.card").read_text(encoding="utf-8"))
    card[field] = value
    altered = station_and_hq_copy / "altered.card"
    altered.write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    err = refused(capsys, station_and_hq_copy / "hq", "station", "trust", altered)
    assert err == (f"Error: {altered}: the {what} is not a short line of text (the card was altered): ask the station "
                   "for its card again.")


# bundles -----------------------------------------------------------------------------------------------------------
def test_a_bundle_whose_manifest_is_nested_beyond_reason_is_no_bundle(station_and_hq_dirs, capsys, english):
    bundle = station_and_hq_dirs / "deep.wsbundle"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("manifest.json", "[" * 100_000 + "]" * 100_000)
        archive.writestr("manifest.sig", "x")
    for command in (["bundle", "verify"], ["bundle", "import"]):
        err = refused(capsys, station_and_hq_dirs / "hq", *command, bundle)
        assert err == ("Error: deep.wsbundle is not a case bundle of the workstation: choose the .bundle file the "
                       "station or headquarters exported.")


def test_a_bundle_naming_a_zip_version_from_the_future_is_not_a_complete_bundle(station_and_hq_dirs, capsys,
                                                                                english):
    """One flipped bit in the archive's directory made Python's zipfile raise NotImplementedError ("zip file
    version 8.4"): an internal error for `bundle verify`, `bundle import` and `station trust` of the file."""
    dirs = station_and_hq_dirs
    assert run(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "good.wsbundle")[0] == 0
    data = bytearray((dirs / "good.wsbundle").read_bytes())
    directory = data.index(b"PK\x01\x02")
    data[directory + 6:directory + 8] = (84).to_bytes(2, "little")  # "version needed to extract": 8.4
    (dirs / "future.wsbundle").write_bytes(bytes(data))
    for command in (["bundle", "verify"], ["bundle", "import"], ["station", "trust"]):
        err = refused(capsys, dirs / "hq", *command, dirs / "future.wsbundle")
        assert err == ("Error: future.wsbundle is not a complete bundle (truncated or damaged archive): copy it "
                       "again, or ask the sender for it again.")


def test_a_damaged_bundle_leaves_no_file_store_folder_behind(station_and_hq_dirs, capsys, english):
    """Headquarters with no stored file yet: the folder made to check the bundle's files in is removed with them."""
    dirs = station_and_hq_dirs
    run(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "all.wsbundle")
    data = bytearray((dirs / "all.wsbundle").read_bytes())
    with zipfile.ZipFile(dirs / "all.wsbundle") as archive:
        info = archive.getinfo("records/cases.json")
    data[info.header_offset + 30 + len(info.filename) + len(info.extra) + 100] ^= 0x40  # inside the deflated cases
    (dirs / "damaged.wsbundle").write_bytes(bytes(data))
    assert not (dirs / "hq" / "files").exists()
    err = refused(capsys, dirs / "hq", "bundle", "import", dirs / "damaged.wsbundle")
    assert err == ("Error: damaged.wsbundle: the case records of the bundle is damaged; the bundle is refused: copy it "
                   "again from the station.")
    assert not (dirs / "hq" / "files").exists()


# registers -------------------------------------------------------------------------------------------------------
HEADER = "案件编号,当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态,涉案信息条数,罚款金额（元）,没收违法所得（元）"
ROW = ("佛南市监立〔2026〕801号,佛山鸿运置业有限公司,91440604100000008U,南海区,房地产租售,涉嫌非法提供个人信息案,"
       "非法提供或泄露个人信息,2026-03-02,立案调查,71,0,0")


def test_a_register_cell_beyond_the_csv_limit_is_refused_naming_its_row(cli_station, tmp_path, capsys, english):
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    register = tmp_path / "register.csv"
    register.write_text(f"{HEADER}\n{ROW}\n{ROW.replace('801号', '802号')},\"{'x' * 200_000}\n", encoding="utf-8-sig")
    err = refused(capsys, station, "cases", "import", register)
    assert err == (f"Error: {register}, row 3: a value here is too long to be read as one cell, most likely because "
                   "a quotation mark opened in it is never closed. Correct the row and import the file again.")


@pytest.mark.parametrize("column, value, header, message", [
    (0, "佛南市监立〔2026〕" + "9" * 100, "案件编号",
     "The cell holds 111 characters, more than this column ever holds (64): check that it holds only its own value."),
    (5, "案" * 600, "案由",
     "The cell holds 600 characters, more than this column ever holds (500): check that it holds only its own value."),
    (1, "佛山\x1b[31m置业有限公司", "当事人",
     "The cell holds a control character (U+001B), as a damaged or converted file does: delete it and import the "
     "register again."),
])
def test_a_register_cell_holding_what_no_such_column_holds_is_refused(cli_station, tmp_path, capsys, english, column,
                                                                       value, header, message):
    """A case number of a hundred characters, a cause of six hundred, an escape sequence in a party's name were
    imported as they were."""
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    cells = ROW.split(",")
    cells[column] = value
    register = tmp_path / "register.csv"
    register.write_text(f"{HEADER}\n{','.join(cells)}\n", encoding="utf-8-sig")
    result = []
    err = refused(capsys, station, "cases", "import", register, "--json", json_out=result)
    assert err.startswith(f"Error: {register}: 1 row refused, nothing imported:")
    assert [(e["row"], e["field"], e["message"]) for e in result[0]["errors"]] == [(2, header, message)]


# bundles whose records were altered and signed again with the station's key: only the content check catches them --
def _resigned(capsys, dirs, change) -> "os.PathLike":
    """The station's bundle with ``change(records)`` made to its records ({table: rows}), its manifest listing the
    new sizes and sha256 and signed again with the station's own key, as only the station (or its stolen key)
    could."""
    import base64
    import hashlib

    from workstation.station import signing_key

    exported = dirs / "good.wsbundle"
    if not exported.exists():
        assert run(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", exported)[0] == 0
    with zipfile.ZipFile(exported) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    records = {name[len("records/"):-len(".json")]: json.loads(data) for name, data in members.items()
               if name.startswith("records/")}
    change(records)
    for table, rows in records.items():
        members[f"records/{table}.json"] = json.dumps(rows, ensure_ascii=False).encode("utf-8", "surrogatepass")
    manifest = json.loads(members["manifest.json"])
    for name in manifest["members"]:
        manifest["members"][name] = {"sha256": hashlib.sha256(members[name]).hexdigest(), "size": len(members[name])}
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    members["manifest.sig"] = base64.b64encode(signing_key(dirs / "station").sign(members["manifest.json"]))
    altered = dirs / "altered.wsbundle"
    with zipfile.ZipFile(altered, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name.startswith("files/") else None)
    return altered


def _first_case(records) -> dict:
    return min(records["cases"], key=lambda case: case["case_number"])


@pytest.mark.parametrize("field, value, shown, expected", [
    ("fine_fen", "abc", '"abc"', "a whole number not below 0"),
    ("fine_fen", -1, "-1", "a whole number not below 0"),
    ("fine_fen", float("inf"), "Infinity", "a number the database can hold"),
    ("filed_on", "2026-02-30", '"2026-02-30"', "a date of the calendar (YYYY-MM-DD)"),
    ("status", "审查中", '"审查中"', "one of the values this workstation knows"),
    ("district", ["南海区"], '["南海区"]', "a single value (text or a number)"),
    ("cause", "案由\ud800", '"案由\\ud800"', "text (it holds half of a character)"),
    # the JSON lists of keys a case is read with: anything else there stopped the case from being read at all
    ("violations", "骚扰电话", '"骚扰电话"', 'a list of keys written as JSON, such as ["a", "b"]'),
    ("review_grounds", '{"complex": 1}', '"{\\"complex\\": 1}"', 'a list of keys written as JSON, such as ["a", "b"]'),
    ("discretion_factors", "[1]", '"[1]"', 'a list of keys written as JSON, such as ["a", "b"]'),
])
def test_a_signed_bundle_with_a_case_value_no_workstation_writes_is_refused(station_and_hq_dirs, capsys, english,
                                                                            field, value, shown, expected):
    """Each was merged as it came (a fine of "abc" stored in an amount) or failed half-way in the database."""
    dirs = station_and_hq_dirs
    numbers = []

    def alter(records):
        case = _first_case(records)
        numbers.append(case["case_number"])
        case[field] = value

    bundle = _resigned(capsys, dirs, alter)
    for command in (["bundle", "verify"], ["bundle", "import", "--dry-run"], ["bundle", "import"]):
        err = refused(capsys, dirs / "hq", *command, bundle)
        assert err == (f"Error: altered.wsbundle: records/cases.json, record {numbers[0]}: the field {field} holds "
                       f"{shown}, which is not {expected}; the bundle is refused: ask the station to export it again.")


def test_a_signed_bundle_with_a_number_beyond_the_database_is_refused(station_and_hq_dirs, capsys, english):
    """An integer of 41 digits made the merge fail inside SQLite's driver: an internal error."""
    dirs = station_and_hq_dirs
    officer = []

    def alter(records):
        records["officers"][0]["active"] = 10**40
        officer.append(records["officers"][0]["id"])

    bundle = _resigned(capsys, dirs, alter)
    err = refused(capsys, dirs / "hq", "bundle", "import", bundle)
    assert err == (f"Error: altered.wsbundle: records/officers.json, record {officer[0]}: the field active holds "
                   f"{str(10**40)[:39]}…, which is not a number the database can hold; the bundle is refused: ask the station "
                   "to export it again.")


def test_a_signed_bundle_holding_a_record_twice_is_refused(station_and_hq_dirs, capsys, english):
    dirs = station_and_hq_dirs
    twice = []

    def alter(records):
        records["evidence"].append(dict(records["evidence"][0]))
        twice.append(records["evidence"][0]["id"])

    bundle = _resigned(capsys, dirs, alter)
    err = refused(capsys, dirs / "hq", "bundle", "verify", bundle)
    assert err == (f"Error: altered.wsbundle: records/evidence.json holds the record {twice[0]} twice; the bundle is "
                   "refused: ask the station to export it again.")


def test_a_dry_run_names_a_party_that_is_neither_in_the_bundle_nor_here(station_and_hq_dirs, capsys, english):
    """The preview said the bundle would merge; the import then failed with SQLite's 'FOREIGN KEY constraint
    failed'."""
    dirs = station_and_hq_dirs

    def alter(records):
        _first_case(records)["_parties"] = [["no-such-party", "party", 0]]

    bundle = _resigned(capsys, dirs, alter)
    for command in (["bundle", "import", "--dry-run"], ["bundle", "import"]):
        err = refused(capsys, dirs / "hq", *command, bundle)
        assert err == ("Error: altered.wsbundle: records/cases.json names no-such-party in its field _parties, which "
                       "is in none of the parties' records, neither in the bundle nor here; the bundle is refused: ask "
                       "the station to export it again.")


def test_a_bundle_the_database_refuses_in_the_merge_leaves_none_of_its_files(station_and_hq_dirs, capsys, english):
    """An evidence record without its collector passes every check before the merge and is refused by the
    database's NOT NULL: the bundle's files, already moved into the file store, stayed there."""
    dirs = station_and_hq_dirs

    def alter(records):
        records["evidence"][-1]["collector"] = None

    bundle = _resigned(capsys, dirs, alter)
    err = refused(capsys, dirs / "hq", "bundle", "import", bundle)
    assert err == ("Error: altered.wsbundle: a record of records/evidence.json has no value in its field collector, "
                   "which every record has; nothing was imported: ask the station to export it again.")
    assert not (dirs / "hq" / "files").exists()


# backups -----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("field, value", [("members", "x"), ("members", None), ("payload_size", None),
                                          ("payload_sha256", 5),
                                          ("encrypted", "no"), ("salt", ["00"])])
def test_a_backup_header_altered_with_its_check_made_again_is_damaged(cli_station, tmp_path, capsys, english, field,
                                                                      value):
    """The header's check is a plain sha256 anyone can compute again: a header whose count of members was text
    failed with ValueError (an internal error) while the backup was verified or restored."""
    import struct

    from workstation.backup_format import HEADER_SIZE, MAGIC, header_check, read_header

    station = cli_station(tmp_path / "station")
    code, out, err = run(capsys, "--data-dir", station, "backup", "create", "--json")
    assert code == 0, err
    backup = tmp_path / "altered.wsbackup"
    original = json.loads(out)["path"]
    header = {k: v for k, v in read_header(Path(original)).items() if k != "check"}
    header[field] = value
    body = json.dumps({**header, "check": header_check(header)}, ensure_ascii=False, sort_keys=True).encode("utf-8")
    room = header.get("header_size", HEADER_SIZE) if field != "header_size" else HEADER_SIZE
    data = Path(original).read_bytes()
    backup.write_bytes(MAGIC + struct.pack(">I", len(body)) + body + b"\0" * (room - 12 - len(body)) + data[room:])
    for command in ("verify", "restore"):
        err = refused(capsys, station, "backup", command, backup)
        assert err == "Error: altered.wsbackup is damaged: its content does not match its checksums. Use another backup."


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize("command", [["cases", "import"], ["complaints", "import"]])
def test_a_pipe_given_as_a_register_or_an_export_is_no_empty_file(cli_station, tmp_path, capsys, english, command):
    """A named pipe was called an empty file (its size is 0), to be exported again."""
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    pipe = tmp_path / "register.csv"
    os.mkfifo(pipe)
    err = refused(capsys, station, *command, pipe)
    assert err == f"Error: {pipe} is not a file but a pipe or a device: choose the exported file itself."
