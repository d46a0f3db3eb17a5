"""A case register (台账) CSV cut inside its last, unquoted value — a file still being copied — is refused, not
imported with that value cut (session 51); one ending in a line break, a DOS end mark or a closed quoted cell is
read whole."""

import pytest

from tests.test_fuzz25_inputs import HEADER, ROW, refused


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_register_cut_inside_its_last_unquoted_value_imports_nothing(cli_station, tmp_path, capsys, english,
                                                                        encoding):
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    register = tmp_path / "register.csv"
    register.write_bytes(f"{HEADER}\r\n{ROW}\r\n{ROW.replace('801号', '802号')[:-2]}".encode(encoding))
    for extra in ([], ["--skip-invalid"]):
        err = refused(capsys, station, "cases", "import", register, *extra)
        assert err.startswith(f"Error: {register} does not end with a line break after its last row, so the export "
                              "looks incomplete")
    register.write_bytes(f"{HEADER}\r\n{ROW}\r\n{ROW.replace('801号', '802号')}\r\n".encode(encoding))
    from workstation.importing.tables import read_sheets

    assert len(list(read_sheets(register))[0][1]) == 3


def test_a_register_ending_in_an_end_mark_or_a_closed_quote_is_read_whole(tmp_path):
    from workstation.importing.tables import read_sheets

    register = tmp_path / "register.csv"
    for tail in ("\x1a", ',"备注"'):
        register.write_text(f"{HEADER}\n{ROW}{tail}", encoding="utf-8")
        assert len(list(read_sheets(register))[0][1]) == 2
