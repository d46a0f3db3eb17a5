"""A ``--values`` file holding a number no field can take (1e999, NaN, Infinity) is refused naming it."""

import pytest

from tests.helpers import CASE, run


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity", "-Infinity"])
def test_a_number_too_large_or_not_a_number_is_refused_naming_the_file(station, tmp_path, capsys, english, number):
    values = tmp_path / "values.json"
    values.write_text('{"fine_fen": ' + number + '}', encoding="utf-8")
    output = tmp_path / "x.pdf"
    code, out, err = run(capsys, "--data-dir", station, "docs", "render", CASE, "--form", "filing_approval",
                         "-o", output, "--values", values)
    assert (code, out) == (1, "")
    assert err == (f"Error: {values} holds {number}, which is no number a field can take (too large, or not a "
                   "number): write the value in digits.\n")
    assert not output.exists()


def test_an_ordinary_fraction_is_still_read(station, tmp_path, capsys):
    values = tmp_path / "values.json"
    values.write_text('{"cause": 1.5e2}', encoding="utf-8")
    output = tmp_path / "x.pdf"
    code, out, err = run(capsys, "--data-dir", station, "docs", "render", CASE, "--form", "filing_approval",
                         "-o", output, "--values", values)
    assert code == 0 and output.exists(), err
