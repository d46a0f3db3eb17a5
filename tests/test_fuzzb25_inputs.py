"""Damaged input, second round (session 25): a CSV cut off inside its last cell and a station card of an unknown or
damaged version. Each is refused with one line naming the file (and row), the data directory unchanged."""

import json

import pytest

from tests.test_fuzz25_inputs import HEADER, ROW, refused

COMPLAINT_HEADER = "投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容,投诉类别,处理状态"
COMPLAINT_ROW = "TS2026010000{n:03d},2026-01-01 08:00:25,区女士,18703447832,某家电商场,多收了276元，要求退还差价。,商品价格,调解中"


# a CSV cut off inside its last cell ------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
@pytest.mark.parametrize("tail", ['"涉嫌非法提供个人', '"0', '"非法提供\n或泄露个人信息\n'])
def test_a_register_cut_off_inside_a_quoted_last_cell_imports_nothing(cli_station, tmp_path, capsys, english,
                                                                      encoding, tail):
    """Cut inside a quoted cell, the rows before it were imported (the last cell, read to the end of the file, was
    a text the register takes, or a row error that --skip-invalid leaves out)."""
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    cells = ROW.replace("801号", "803号").split(",")
    register = tmp_path / "register.csv"
    register.write_bytes(f"{HEADER}\r\n{ROW}\r\n{ROW.replace('801号', '802号')}\r\n{','.join(cells[:-1])},{tail}"
                         .encode(encoding))
    for extra in ([], ["--skip-invalid"]):
        err = refused(capsys, station, "cases", "import", register, *extra)
        assert err == (f"Error: {register}, row 4: a quotation mark opened in this row is never closed before the end "
                       "of the file, so the file was probably cut off: nothing was imported from it. Correct the row "
                       "(or save the whole file again) and import it again.")


def test_a_register_whose_quoted_cells_all_close_is_still_read_whole(cli_station, tmp_path, capsys, english):
    """The check for an open cell leaves a register with quoted cells (one over two lines), no line break at its
    end and no empty row after it as it was."""
    from workstation.importing.tables import read_sheets

    register = tmp_path / "register.csv"
    register.write_text(f'{HEADER}\n{ROW}\n"佛南市监立〔2026〕802号","多行\n当事人",x,"1,000"', encoding="utf-8")
    [(_name, rows)] = list(read_sheets(register))
    assert rows == [HEADER.split(","), ROW.split(","), ["佛南市监立〔2026〕802号", "多行\n当事人", "x", "1,000"]]
    register.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    assert list(read_sheets(register))[0][1] == [HEADER.split(","), ROW.split(",")]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_a_complaint_export_cut_off_inside_a_quoted_last_cell_imports_nothing(cli_station, tmp_path, capsys, english,
                                                                              encoding):
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    export = tmp_path / "council.csv"
    rows = [COMPLAINT_ROW.format(n=n) for n in range(3)]
    rows[-1] = rows[-1].removesuffix(",调解中") + ',"调解'
    export.write_bytes((COMPLAINT_HEADER + "\r\n" + "\r\n".join(rows) + "\n").encode(encoding))
    err = refused(capsys, station, "complaints", "import", export)
    assert err == (f"Error: {export}, row 4: a quotation mark opened in this row is never closed, so the rest of "
                   "the file would be read as one value. Correct the row and import the file again.")


# station cards of a version no workstation writes ----------------------------------------------------------------
@pytest.mark.parametrize("version", [2, 99])
def test_a_station_card_of_a_newer_version_is_refused_saying_so(station_and_hq_copy, capsys, english, version):
    card = json.loads((station_and_hq_copy / "station.card").read_text(encoding="utf-8"))
    card["version"] = version
    newer = station_and_hq_copy / "newer.card"
    newer.write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    err = refused(capsys, station_and_hq_copy / "hq", "station", "trust", newer)
    assert err == (f"Error: {newer}: the card is of version {version}, written by a newer workstation than this one "
                   "(which reads cards of version 1): update this workstation, then give the card again.")


@pytest.mark.parametrize("version", ["1", "x", None, 0, -1, 1.0, True, [1], {"a": 1}, "MISSING"])
def test_a_station_card_with_a_damaged_version_is_refused_saying_so(station_and_hq_copy, capsys, english, version):
    card = json.loads((station_and_hq_copy / "station.card").read_text(encoding="utf-8"))
    if version == "MISSING":
        del card["version"]
    else:
        card["version"] = version
    damaged = station_and_hq_copy / "damaged.card"
    damaged.write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    for command in (["station", "trust"], ["station", "headquarters"]):
        err = refused(capsys, station_and_hq_copy / "hq", *command, damaged)
        assert err == (f"Error: {damaged}: the card's version is missing or not a version any workstation writes, so "
                       "the card is damaged or was altered: ask the station for its card again (`station export`).")
