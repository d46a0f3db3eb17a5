"""What the command line refuses rather than doing quietly (review of session 18): a bundle written to a folder
that is not there (a USB stick not plugged in) is refused — on the command line and in the window — and not
counted as sent; the demo's made-up records are not mixed into real data unless asked for; an existing output
file is overwritten only with --force; a register row skipped because its case is stored says so, with the values
that differ from the stored case; a 所属区 that is not a Foshan district is a row error, not a town matched."""

from __future__ import annotations

import json

import pytest

from tests.helpers import copy_station_and_hq, open_db, run, run_json
from workstation.bundle.writer import last_export
from workstation.i18n import _

DEMO_CASE = "佛南市监立〔2026〕1号"
HEADER = ("案件编号,当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态,涉案信息条数,"
          "罚款金额（元）,没收违法所得（元）")
ROW_101 = ("佛南市监立〔2026〕101号,佛山市南海区甲房产中介有限公司,91440605MA4UXXX1X9,南海区,房地产租售,"
           "未经同意发送商业性信息案,未经同意发送商业性信息,2026-03-05,立案调查,\"1,200\",\"{fine}\",0")
ROW_102 = ("佛南市监立〔2026〕102号,佛山市南海区乙装饰有限公司,,{district},装饰装修,未经同意发送商业性信息案,"
           "未经同意发送商业性信息,2026-03-06,立案调查,10,0,0")


def register(path, *rows):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


@pytest.fixture
def empty_station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"])


# ---- 1. a bundle to a folder that is not there -------------------------------------------------------------

def test_a_bundle_to_a_missing_folder_is_refused_and_not_counted_as_sent(station, tmp_path, capsys):
    stick = tmp_path / "media" / "usb"
    code, out, err = run(capsys, "--data-dir", station, "bundle", "export", "-o", stick / "南海.bundle",
                         "--case", DEMO_CASE)
    assert (code, out) == (1, "")
    assert err == "错误：" + _("The folder {folder} does not exist: create it or choose another.").format(
        folder=stick) + "\n"
    assert not (tmp_path / "media").exists()
    # the next default export still holds everything: the refused one moved no "last export" mark
    result = run_json(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / "南海.bundle")
    assert result["cases"] == 36


@pytest.mark.gui
def test_the_exchange_page_refuses_a_bundle_to_a_missing_folder(station_and_hq_template, tmp_path, qtbot, prompts):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    dirs = copy_station_and_hq(station_and_hq_template(), tmp_path / "dirs")
    db = open_db(dirs / "station")
    try:
        page = ExchangePage(db, dirs / "station", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        page.run_export(str(tmp_path / "u盘" / "南海.bundle"), everything=True)
        assert prompts.errors and _("The folder {folder} does not exist: create it or choose another.").format(
            folder=tmp_path / "u盘") in prompts.errors[0]
        assert not (tmp_path / "u盘").exists() and last_export(db) is None
    finally:
        db.conn.close()


# ---- 2. the demo into real data ----------------------------------------------------------------------------

def test_the_demo_is_refused_in_a_data_directory_with_cases_of_its_own(empty_station, tmp_path, capsys):
    run_json(capsys, "--data-dir", empty_station, "cases", "import", register(tmp_path / "台账.csv",
                                                                              ROW_101.format(fine="30,000.00")))
    code, out, err = run(capsys, "--data-dir", empty_station, "demo", "--without-complaints")
    assert (code, out) == (1, "")
    assert str(empty_station) in err and "--data-dir" in err and "--into-existing" in err
    assert _("{n} case of its own").format(n=1) in err
    assert len(run_json(capsys, "--data-dir", empty_station, "cases", "list")) == 1
    result = run_json(capsys, "--data-dir", empty_station, "demo", "--without-complaints", "--into-existing")
    assert result["added"]["cases"] == 36
    assert len(run_json(capsys, "--data-dir", empty_station, "cases", "list")) == 37


def test_the_demo_loaded_again_into_demo_data_is_not_refused(station, capsys):
    result = run_json(capsys, "--data-dir", station, "demo", "--without-complaints")
    assert result["cases"] == 36 and result["added"]["cases"] == 0


# ---- 3. an existing output file --------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["docs", "render", DEMO_CASE, "--form", "filing_approval", "--format", "pdf"],
    ["docs", "issue", DEMO_CASE, "--form", "filing_approval"],
    ["stats", "export"],
    ["bundle", "export"],
    ["station", "export"],
])
def test_an_existing_output_file_is_refused_without_force(station, tmp_path, capsys, command):
    suffix = {"stats": ".csv", "bundle": ".bundle", "station": ".card"}.get(command[0], ".pdf")
    target = tmp_path / f"已有{suffix}"
    target.write_bytes(b"an earlier file")
    documents = run_json(capsys, "--data-dir", station, "docs", "list", DEMO_CASE)
    code, out, err = run(capsys, "--data-dir", station, *command, "-o", target)
    assert (code, out) == (1, "")
    assert err == "错误：" + _("{file} already exists: give another file name, or add --force to overwrite it.").format(
        file=target) + "\n"
    assert target.read_bytes() == b"an earlier file"
    # refused before any work: no 文号 taken, no draft kept
    assert run_json(capsys, "--data-dir", station, "docs", "list", DEMO_CASE) == documents


def test_force_overwrites_an_existing_output_file(station, tmp_path, capsys):
    target = tmp_path / "决定书.pdf"
    target.write_bytes(b"an earlier file")
    result = run_json(capsys, "--data-dir", station, "docs", "render", DEMO_CASE, "--form", "filing_approval",
                      "-o", target, "--force")
    assert result["path"] == str(target) and target.read_bytes().startswith(b"%PDF")


# ---- 4. a register row skipped as its case is stored -------------------------------------------------------

def test_a_row_of_a_stored_case_is_said_with_its_differences(empty_station, tmp_path, capsys):
    run_json(capsys, "--data-dir", empty_station, "cases", "import", register(
        tmp_path / "台账.csv", ROW_101.format(fine="30,000.00"), ROW_102.format(district="南海区")))
    corrected = register(tmp_path / "台账-更正.csv", ROW_101.format(fine="50,000.00"),
                         ROW_102.format(district="南海区"))
    result = run_json(capsys, "--data-dir", empty_station, "cases", "import", corrected)
    assert (result["imported"], result["skipped"]) == (0, 2)
    first, second = result["warnings"]
    assert (first["row"], first["field"], second["row"], second["field"]) == (2, "案件编号", 3, "案件编号")
    assert first["skipped"] and first["differs"] and "佛南市监立〔2026〕101号" in first["message"]
    assert _("{column}: stored {stored}, register {given}").format(
        column="罚款金额（元）", stored=_("{amount} yuan").format(amount="30,000.00"),
        given=_("{amount} yuan").format(amount="50,000.00")) in first["message"]
    assert not second["differs"] and second["message"] == _(
        "{number} is stored already: the row was not imported.").format(number="佛南市监立〔2026〕102号")
    # the stored fine is kept, and the text output names the skipped rows, the one that differs first
    listed = run_json(capsys, "--data-dir", empty_station, "cases", "list", "--search", "101号")
    case = open_db(empty_station).execute("SELECT fine_fen FROM cases WHERE id = ?", [listed[0]["id"]]).fetchone()
    assert case[0] == 3_000_000
    code, out, _err = run(capsys, "--data-dir", empty_station, "cases", "import", corrected)
    assert code == 0
    lines = out.splitlines()
    assert "罚款金额（元）" in lines[2] and "102号" in lines[3]


# ---- 5. a 所属区 that is not a Foshan district ------------------------------------------------------------

def test_a_district_of_another_city_is_a_row_error(empty_station, tmp_path, capsys):
    code, out, err = run(capsys, "--data-dir", empty_station, "cases", "import",
                         register(tmp_path / "台账.csv", ROW_102.format(district="南山区")), "--json")
    assert code == 1
    (error,) = json.loads(out)["errors"]
    assert (error["row"], error["field"]) == (2, "所属区")
    assert "南山区" in error["message"] and "禅城区、南海区、顺德区、三水区、高明区" in error["message"]
    assert run_json(capsys, "--data-dir", empty_station, "cases", "list") == []


def test_a_town_and_a_district_written_without_its_suffix_are_still_read(empty_station, tmp_path, capsys):
    rows = [ROW_102.format(district="南海"),
            ROW_102.format(district="大沥镇").replace("102号", "103号")]
    result = run_json(capsys, "--data-dir", empty_station, "cases", "import", register(tmp_path / "台账.csv", *rows))
    assert result["imported"] == 2
