"""The command line where README.md found it saying otherwise than the window or the README: an unnamed station is
未命名 (not 站点), headquarters names the city bureau it works as and how its hand-outs are encrypted, ``clocks
--case`` keeps --due-within and --agency, ``publicity add --kind`` outside its list is a usage error (exit 2), and a
dry run of ``complaints import`` does not report complaints as imported."""

import csv
import json

import pytest

from tests.helpers import beijing_year, run, run_json

CASE = "佛南市监立〔2026〕9号"
HOTLINE = ["受理时间", "来电号码", "内容描述"]
ROWS = [["2026-03-05 14:22:10", "13800138000", "13912345678天天打电话推销楼盘，严重骚扰"],
        ["2026-03-05 15:00:00", "0757-88881234", "收到1069012345678发来的贷款营销短信，回复退订无效"]]


def test_an_unnamed_station_is_unnamed_in_station_and_in_its_number_blocks(cli_station, tmp_path, capsys, english):
    laptop = cli_station(tmp_path / "laptop", ["init"])
    code, out, _err = run(capsys, "--data-dir", laptop, "station")
    first = out.splitlines()[0]
    assert code == 0 and first.startswith("Station unnamed (") and "Station Station" not in out
    shown = run_json(capsys, "--data-dir", laptop, "station")
    assert (shown["name"], shown["label"]) == ("Station", "unnamed")  # the card's own name kept for the card
    code, out, _err = run(capsys, "--data-dir", laptop, "numbers", "add-block", "--agency", "440605", "--type", "处",
                          "--year", beijing_year(), "--from", "1", "--to", "5")
    assert code == 0 and "for unnamed (this station)" in out and "Station (this station)" not in out
    code, out, _err = run(capsys, "--data-dir", laptop, "numbers", "blocks")
    assert code == 0 and "for unnamed (this station)" in out
    bundle = tmp_path / "laptop.bundle"
    assert run(capsys, "--data-dir", laptop, "bundle", "export", "-o", bundle, "--all")[0] == 0
    verified = run_json(capsys, "--data-dir", laptop, "bundle", "verify", bundle)
    assert (verified["station"]["name"], verified["station"]["label"]) == ("Station", "unnamed")


def test_headquarters_names_the_city_bureau_it_works_as_and_its_hand_outs(cli_station, tmp_path, capsys, english):
    hq = cli_station(tmp_path / "hq", ["init", "--station-name", "佛山市局"], ["station", "role", "headquarters"])
    code, out, _err = run(capsys, "--data-dir", hq, "station")
    lines = out.splitlines()
    assert code == 0
    assert "agency 佛山市市场监督管理局（440600）" in lines[0]
    assert "no agency chosen: headquarters works as the city bureau" in lines[0]
    assert lines[-1] == ("This workstation is headquarters itself (0 stations trusted). Each hand-out is made for "
                         "one station, holds its records only and is encrypted to its key.")  # as the 交换 page
    assert "No headquarters key set" not in out


def test_a_station_without_headquarters_key_still_says_its_bundles_are_not_encrypted(cli_station, tmp_path, capsys,
                                                                                   english):
    laptop = cli_station(tmp_path / "laptop", ["init", "--agency", "440605"])
    code, out, _err = run(capsys, "--data-dir", laptop, "station")
    assert code == 0 and "agency 佛山市南海区市场监督管理局（440605）" in out.splitlines()[0]
    assert "no agency chosen" not in out
    assert out.splitlines()[-1] == "No headquarters key set: bundles are not encrypted."


def _clocks(capsys, station, *extra):
    return [(d["clock"], d["state"]) for d in run_json(capsys, "--data-dir", station, "clocks", "--case", CASE,
                                                       "--as-of", "2026-12-01", *extra)]


def test_clocks_of_one_case_keep_due_within_and_agency_as_the_board(cli_station, tmp_path, capsys):
    station = cli_station(tmp_path / "station")
    every = _clocks(capsys, station)
    assert ("T2", "open") in every  # due 2027-02-18: 79 days after --as-of
    assert ("T1", "met") in every
    due_soon = _clocks(capsys, station, "--due-within", "7")
    assert due_soon == []  # T2 is due in 79 days; T1, met, is due at no time
    assert _clocks(capsys, station, "--due-within", "79") == [("T2", "open")]
    board = [(d["clock"], d["state"]) for d in run_json(capsys, "--data-dir", station, "clocks", "--as-of",
                                                        "2026-12-01", "--due-within", "7")
             if d["case_number"] == CASE]
    assert sorted(due_soon) == sorted(board)
    assert _clocks(capsys, station, "--agency", "440605") == every  # 南海区局's case
    assert _clocks(capsys, station, "--agency", "440606") == []  # not 顺德区局's
    code, _out, err = run(capsys, "--data-dir", station, "clocks", "--case", CASE, "--agency", "999999")
    assert code == 1 and "--agency" in err


def test_publicity_kind_outside_its_list_is_a_usage_error_and_records_nothing(cli_station, tmp_path, capsys):
    station = cli_station(tmp_path / "station")
    before = run_json(capsys, "--data-dir", station, "publicity", "list")
    with pytest.raises(SystemExit) as exited:
        run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-06-15", "--title", "进社区", "--kind",
            "bogus", "--agency", "440605")
    out, err = capsys.readouterr()
    assert (exited.value.code, out) == (2, "") and "--kind" in err and "community" in err
    assert run_json(capsys, "--data-dir", station, "publicity", "list") == before
    added = run_json(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-06-15", "--title", "进社区",
                     "--kind", "school", "--agency", "440605")
    assert added["kind"] == "school"


def test_a_dry_run_of_complaints_says_what_would_be_imported_not_imported(cli_station, tmp_path, capsys, english):
    station = cli_station(tmp_path / "station")
    path = tmp_path / "工单.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HOTLINE, *ROWS])
    code, out, _err = run(capsys, "--data-dir", station, "complaints", "import", path, "--dry-run", "--json")
    result = json.loads(out)
    assert code == 0
    assert (result["imported"], result["imported_files"]) == (0, [])
    assert (result["would_import"], result["would_import_files"]) == (2, [str(path)])
    assert [(f["imported"], f["would_import"]) for f in result["files"]] == [(0, 2)]
    code, out, _err = run(capsys, "--data-dir", station, "complaints", "import", path, "--dry-run")
    assert code == 0 and "2 would be imported" in out and "(dry run, not saved)" in out
    assert " 2 imported" not in out
    assert run_json(capsys, "--data-dir", station, "stats")["complaints"]["imported"] == 0
    result = run_json(capsys, "--data-dir", station, "complaints", "import", path)  # done: said as imported
    assert (result["imported"], result["imported_files"]) == (2, [str(path)]) and "would_import" not in result
