"""Headquarters and its stations (session 56):

- one case recorded at two stations (a town office's register row imported at its district bureau's station too):
  headquarters' refusal says it is one case, not two numbered alike, names the station that should not hold it and
  what to do instead of renumbering (which made headquarters count it twice); and a station's register import
  refuses a row whose case number names another town office, so the case is not recorded twice in the first place;
- a station headquarters trusts that never sent a bundle is said as not reported yet by ``stats``, its JSON and the
  report's note, not left out as if the figures were complete;
- a signed bundle whose case names a violation type (or a ground of review) no workstation knows is refused naming
  the record and the key, as an unknown status is, instead of being merged and printed raw in the report."""

from __future__ import annotations

import contextlib
import gc
import io
import shutil
from pathlib import Path

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_fuzz25_inputs import _first_case, _resigned, refused

HEADER = "案件编号,当事人,所属区,行业领域,案由,违法行为,立案日期,处罚决定日期,办理状态,涉案信息条数,罚款金额（元）,没收违法所得（元）"
PARTY, CAUSE = "佛山市顺德区辛装修有限公司", "辛公司发送商业性信息案"


def _row(number: str, district: str = "顺德区", party: str = PARTY, cause: str = CAUSE) -> str:
    return f"{number},{party},{district},装饰装修,{cause},未经同意发送商业性信息,2026-09-09,2026-10-10,已决定,99,1000,"


def _register(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8-sig")
    return path


def _numbers(capsys, station) -> list[str]:
    return sorted(c["case_number"] for c in run_json(capsys, "--data-dir", station, "cases", "list"))


# the station's register import --------------------------------------------------------------------------------------

def test_a_district_station_refuses_a_register_row_numbered_by_one_of_its_town_offices(cli_station, tmp_path, capsys,
                                                                                         english):
    station = cli_station(tmp_path / "shunde", ["init", "--agency", "440606"])
    register = _register(tmp_path / "台账.csv", _row("佛顺市监大良立〔2026〕301号"),
                         _row("佛顺市监立〔2026〕302号", party="佛山市顺德区壬房产有限公司", cause="壬公司案"),
                         _row("佛南市监立〔2026〕303号", party="佛山市南海区癸公司", cause="癸公司案"))
    result = []
    err = refused(capsys, station, "cases", "import", register, "--json", json_out=result)
    assert "1 row refused, nothing imported" in err
    assert [(e["row"], e["field"], e["message"]) for e in result[0]["errors"]] == [(
        2, "案件编号", "Case number 佛顺市监大良立〔2026〕301号 bears 大良, the mark of 大良所, not of 顺德区局, this "
                   "station's agency: it is 大良所's case, which 大良所 records itself; recorded here too, "
                   "headquarters would count it twice. Correct the number if it is mistyped, else leave the row out "
                   "(delete it from the register, or import with --skip-invalid). If 大良所 keeps no workstation of "
                   "its own and its cases are recorded here, write its town (大良街道) under 所属区: the row is then "
                   "filed under 大良所.")]
    # the valid rows alone, as the refusal offers; another bureau's abbreviation is warned of as before (a district
    # or a prefix mistyped)
    code, out, err = run(capsys, "--data-dir", station, "cases", "import", register, "--skip-invalid")
    assert code == 0, err
    assert "The case number begins with 佛南市监, the abbreviation of 南海区局" in out + err
    assert _numbers(capsys, station) == ["佛南市监立〔2026〕303号", "佛顺市监立〔2026〕302号"]
    # a town office's case kept at the district bureau's station: its town named, the row is filed under the office
    code, _out, err = run(capsys, "--data-dir", station, "cases", "import",
                          _register(tmp_path / "大良.csv", _row("佛顺市监大良立〔2026〕301号", district="大良街道")))
    assert code == 0, err
    listed = run_json(capsys, "--data-dir", station, "cases", "list", "--search", "大良立")
    assert [c["case_number"] for c in listed] == ["佛顺市监大良立〔2026〕301号"]


def test_a_town_office_station_takes_its_own_and_its_bureau_s_numbers_but_not_another_office_s(cli_station, tmp_path,
                                                                                                capsys, english):
    station = cli_station(tmp_path / "daliang", ["init", "--agency", "440606005"])
    register = _register(tmp_path / "台账.csv", _row("佛顺市监大良立〔2026〕301号"),
                         _row("佛顺市监立〔2026〕302号", party="佛山市顺德区壬房产有限公司", cause="壬公司案"),
                         _row("佛顺市监容桂立〔2026〕303号", party="佛山市顺德区癸公司", cause="癸公司案"))
    result = []
    refused(capsys, station, "cases", "import", register, "--json", json_out=result)
    assert [(e["row"], e["message"].split(":")[0]) for e in result[0]["errors"]] == [
        (4, "Case number 佛顺市监容桂立〔2026〕303号 bears 容桂, the mark of 容桂所, not of 大良所, this station's agency")]
    assert run(capsys, "--data-dir", station, "cases", "import", register, "--skip-invalid")[0] == 0
    assert _numbers(capsys, station) == ["佛顺市监大良立〔2026〕301号", "佛顺市监立〔2026〕302号"]


def test_headquarters_imports_every_agency_s_numbers_as_before(cli_station, tmp_path, capsys, english):
    hq = cli_station(tmp_path / "hq", ["init"])
    register = _register(tmp_path / "台账.csv", _row("佛顺市监大良立〔2026〕301号"),
                         _row("佛南市监立〔2026〕303号", district="南海区", party="佛山市南海区癸公司", cause="癸公司案"))
    assert run(capsys, "--data-dir", hq, "cases", "import", register)[0] == 0
    assert _numbers(capsys, hq) == ["佛南市监立〔2026〕303号", "佛顺市监大良立〔2026〕301号"]


# headquarters, its stations and the same case twice ------------------------------------------------------------------

STATIONS = {"a": ("440605011", "桂城甲"), "b": ("440605", "南海乙"), "c": ("440608", "高明丙")}
NUMBER = "佛南市监桂城立〔2026〕301号"
NANHAI_PARTY, NANHAI_CAUSE = "佛山市南海区辛装修有限公司", "辛公司发送商业性信息案"


@pytest.fixture(scope="module")
def network_template(tmp_path_factory):
    """Headquarters trusting 桂城甲 (桂城所), 南海乙 (南海区局) and 高明丙 (高明区局), each naming it; 桂城甲 holds its
    register row NUMBER (南海区), 南海乙 the same row imported with its town named (so it is filed under 桂城所 there
    too: the one case recorded at both), and a backup made before it."""
    from workstation.cli import main

    root = tmp_path_factory.mktemp("s56-hq")
    register = _register(root / "桂城.csv", _row(NUMBER, "南海区", NANHAI_PARTY, NANHAI_CAUSE))
    again = _register(root / "桂城所的台账.csv", _row(NUMBER, "桂城街道", NANHAI_PARTY, NANHAI_CAUSE))
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        assert main(["--data-dir", str(root / "hq"), "init", "--station-name", "佛山市局"]) == 0
        assert main(["--data-dir", str(root / "hq"), "station", "export", "-o", str(root / "hq.card")]) == 0
        assert main(["--data-dir", str(root / "hq"), "station", "role", "headquarters"]) == 0
        for folder, (agency, name) in STATIONS.items():
            station = str(root / folder)
            assert main(["--data-dir", station, "init", "--agency", agency, "--station-name", name]) == 0
            assert main(["--data-dir", station, "station", "export", "-o", str(root / f"{folder}.card")]) == 0
            assert main(["--data-dir", str(root / "hq"), "station", "trust", str(root / f"{folder}.card")]) == 0
            assert main(["--data-dir", station, "station", "headquarters", str(root / "hq.card")]) == 0
            assert main(["--data-dir", station, "station", "trust", str(root / "hq.card")]) == 0
        assert main(["--data-dir", str(root / "a"), "cases", "import", str(register)]) == 0
        assert main(["--data-dir", str(root / "b"), "backup", "create"]) == 0
        assert main(["--data-dir", str(root / "b"), "cases", "import", str(again)]) == 0
    gc.collect()
    return root


@pytest.fixture
def network(network_template, tmp_path):
    for item in network_template.iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy)(item, tmp_path / item.name)
    return tmp_path


def _send(capsys, root, station, *options):
    bundle = root / f"{station}-{len(list(root.glob(f'{station}-*.bundle')))}.bundle"
    run_json(capsys, "--data-dir", root / station, "bundle", "export", "-o", bundle, *options)
    return run(capsys, "--data-dir", root / "hq", "bundle", "import", bundle)


def _held_at_hq(root) -> list[tuple]:
    db = open_db(root / "hq")
    try:
        return db.execute("SELECT case_number, cause FROM cases WHERE party_names = ?", [NANHAI_PARTY]).fetchall()
    finally:
        db.conn.close()


SAME_CASE = (f"case number {NUMBER} of 南海乙's case ({NANHAI_PARTY}, {NANHAI_CAUSE}) is already held here by "
             f"桂城甲's case ({NANHAI_PARTY}, {NANHAI_CAUSE}), of the same party and cause: it is one case recorded at "
             "both stations, not two cases given one number; nothing of the bundle was merged. Do not renumber either "
             "of them: headquarters would then count the case twice.")


def test_one_case_recorded_at_two_stations_is_said_so_with_the_station_that_should_not_hold_it(network, capsys,
                                                                                               english):
    assert _send(capsys, network, "a")[0] == 0
    code, _out, err = _send(capsys, network, "b")
    assert code == 1
    assert SAME_CASE in err
    assert ("The number is 桂城所's, so 南海乙 should not hold the case. A station cannot delete a case: ask 南海乙 to "
            "restore a backup it made before it recorded the case (`backup restore`: none of its bundles made since "
            "was merged here, so its warning that headquarters will refuse them does not apply), to record again "
            "what it did since, and to send a bundle (`bundle export`); if it has no such backup, ask for technical "
            "help.") in err
    assert "took the same number" not in err and "Correct the number" not in err
    assert _held_at_hq(network) == [(NUMBER, NANHAI_CAUSE)]
    # as the refusal says: 南海乙 restores the backup it made before importing the case, and its bundle is taken
    _restored(capsys, network / "b")
    code, _out, err = _send(capsys, network, "b")
    assert code == 0, err
    assert _held_at_hq(network) == [(NUMBER, NANHAI_CAUSE)]  # one case, counted once


def _restored(capsys, station) -> None:
    """The station's data put back as its backup (made before it imported the case) holds them."""
    backup = run_json(capsys, "--data-dir", station, "backup", "list")[0]["id"]
    assert run(capsys, "--data-dir", station, "backup", "restore", backup)[0] == 0


def test_the_refusal_names_when_the_station_s_last_bundle_taken_was_made(network, capsys, english):
    # 南海乙 sent a bundle before it imported the case: the backup to restore is one made after that bundle
    _restored(capsys, network / "b")
    assert _send(capsys, network, "a")[0] == 0
    assert _send(capsys, network, "b")[0] == 0
    db = open_db(network / "hq")
    try:
        made = db.execute("SELECT created_at FROM bundle_imports WHERE file_name = 'b-0.bundle'").fetchone()[0]
    finally:
        db.conn.close()
    again = network / "桂城所的台账.csv"
    assert run(capsys, "--data-dir", network / "b", "cases", "import", again)[0] == 0
    code, _out, err = _send(capsys, network, "b")
    assert code == 1 and SAME_CASE in err
    assert ("ask 南海乙 to restore a backup it made before it recorded the case and after making its last bundle "
            f"imported here ({made[:19].replace('T', ' ')}) (`backup restore`: ") in err


def test_when_the_case_arrived_first_from_the_station_that_should_not_hold_it_that_is_said(network, capsys, english):
    assert _send(capsys, network, "b")[0] == 0
    code, _out, err = _send(capsys, network, "a")
    assert code == 1
    assert ("of the same party and cause: it is one case recorded at both stations, not two cases given one number; "
            "nothing of the bundle was merged. Do not renumber either of them: headquarters would then count the "
            "case twice. The number is 桂城所's, so 南海乙 should not hold the case; but its copy is held here "
            "already, and a case cannot be deleted, neither here nor at a station: ask for technical help.") in err


def test_two_different_cases_taking_one_number_are_still_told_to_renumber(network, capsys, english):
    other = _register(network / "other.csv", _row(NUMBER, "桂城街道", "佛山市南海区庚公司", "庚公司案"))
    _restored(capsys, network / "b")
    assert run(capsys, "--data-dir", network / "b", "cases", "import", other)[0] == 0
    assert _send(capsys, network, "a")[0] == 0
    code, _out, err = _send(capsys, network, "b")
    assert code == 1
    assert "both numbered their cases on their own and took the same number" in err
    assert "one case recorded at both stations" not in err


# stations that never reported ----------------------------------------------------------------------------------------

def test_a_trusted_station_that_never_sent_a_bundle_is_said_not_to_have_reported(network, capsys, english):
    from workstation.reports.data import report_data

    assert _send(capsys, network, "a")[0] == 0
    code, out, err = run(capsys, "--data-dir", network / "hq", "stats")
    assert code == 0, err
    line = next(line for line in out.splitlines() if line.startswith("Stations' data as of:"))
    assert line.startswith("Stations' data as of: 桂城甲 20") and line.endswith("; not reported yet: 南海乙, 高明丙")
    stats = run_json(capsys, "--data-dir", network / "hq", "stats")
    assert [(s["station"], s["agency_code"], s["as_of"] is None) for s in stats["stations"]] == [
        ("桂城甲", "440605011", False), ("南海乙", "440605", True), ("高明丙", "440608", True)]
    # 高明区局 alone: its station has sent nothing, which the figures and the report say
    gaoming = run_json(capsys, "--data-dir", network / "hq", "stats", "--agency", "440608")
    assert gaoming["stations"] == [{"station": "高明丙", "agency_code": "440608", "as_of": None}]
    code, out, _err = run(capsys, "--data-dir", network / "hq", "stats", "--agency", "440608")
    assert "Stations not reported yet: 高明丙" in out.splitlines()
    db = open_db(network / "hq")
    try:
        from workstation.store import agency_id_for_code

        assert report_data(db, "2026-01-01", "2026-12-31", agency_id=agency_id_for_code("440608"))[
            "stations_note"] == "（高明丙尚未报送数据，本通报未含其数据。）"
        note = report_data(db, "2026-01-01", "2026-12-31")["stations_note"]
        assert note.startswith("（本通报汇总各站点报送的数据：桂城甲截至20") and note.endswith("；南海乙、高明丙尚未报送。）")
    finally:
        db.conn.close()


def test_a_station_s_own_stats_name_no_station(network, capsys, english):
    assert run_json(capsys, "--data-dir", network / "c", "stats")["stations"] == []


# keys no workstation knows ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["violations", "review_grounds"])
def test_a_signed_bundle_naming_an_unknown_key_is_refused_naming_the_record_and_the_key(station_and_hq_dirs, capsys,
                                                                                        english, field):
    dirs = station_and_hq_dirs
    numbers = []

    def alter(records):
        case = _first_case(records)
        numbers.append(case["case_number"])
        case[field] = '["bogus"]'

    bundle = _resigned(capsys, dirs, alter)
    err = refused(capsys, dirs / "hq", "bundle", "import", bundle)
    assert err == (f"Error: altered.wsbundle: records/cases.json, record {numbers[0]}: the field {field} holds "
                   '"[\\"bogus\\"]", which is not a list of the keys this workstation knows (bogus is not one of '
                   "them); the bundle is refused: ask the station to export it again.")


def test_a_signed_bundle_of_known_keys_is_merged(station_and_hq_dirs, capsys, english):
    dirs = station_and_hq_dirs

    def alter(records):
        _first_case(records)["violations"] = '["unsolicited_commercial_messages"]'

    bundle = _resigned(capsys, dirs, alter)
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", bundle)
    assert code == 0, err


# final read ----------------------------------------------------------------------------------------------------------

def test_a_monthly_re_import_skips_another_office_s_row_stored_before(cli_station, tmp_path, capsys, english):
    station = cli_station(tmp_path / "shunde", ["init", "--agency", "440606"])
    number = "佛顺市监大良立〔2026〕301号"
    assert run(capsys, "--data-dir", station, "cases", "import",
               _register(tmp_path / "大良.csv", _row(number, district="大良街道")))[0] == 0
    # next month's register writes the row as the office's register does, under 顺德区: stored already, skipped
    code, out, err = run(capsys, "--data-dir", station, "cases", "import", _register(tmp_path / "台账.csv", _row(number)))
    assert code == 0, err
    assert _numbers(capsys, station) == [number]


def test_exports_and_stats_say_which_stations_have_not_reported(network, capsys, english):
    from workstation.reports.text import stations_note
    from workstation.stats import stations_as_of_text
    from workstation.stats_export import filter_header

    assert _send(capsys, network, "a")[0] == 0
    db = open_db(network / "hq")
    try:
        header = dict(filter_header(db))
        assert header["站点数据截至"].startswith("桂城甲 20") and header["站点数据截至"].endswith("；尚未报送：南海乙、高明丙")
        from workstation.store import agency_id_for_code

        assert dict(filter_header(db, agency_id_for_code("440608")))["站点数据截至"] == "尚未报送：高明丙"
    finally:
        db.conn.close()
    # a replaced laptop: the new key of 桂城甲 trusted, not reported yet, besides the old one that did
    stations = [{"station": "桂城甲", "agency_code": "440605011", "as_of": "2026-11-20T10:00:00"},
                {"station": "桂城甲", "agency_code": "440605011", "as_of": None},
                {"station": "高明丙", "agency_code": "440608", "as_of": None}]
    assert stations_as_of_text(stations) == "Stations' data as of: 桂城甲 2026-11-20; not reported yet: 高明丙"
    assert stations_note(stations) == "（本通报汇总各站点报送的数据：桂城甲截至2026年11月20日；高明丙尚未报送。）"
