"""A negative amount in a ``--values`` file (found by the documents audit: ``fine_fen: -100`` was refused as "fine_fen
is an amount in fen … (you wrote -100)", naming the key and never saying an amount cannot be negative) is refused as
the form refuses it in the window: naming the field by its label and saying it cannot be negative, as a negative
count is (``cli._fen_value``); nothing is written and no 文号 taken."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, run_json

DEMO_CASE = "佛南市监立〔2026〕1号"


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


def values_file(tmp_path, values: dict):
    path = tmp_path / "values.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("fine", [-100, "-100", "-5,000", -1.5])
def test_a_negative_amount_names_the_field_and_says_it_cannot_be_negative(station, tmp_path, capsys, english,
                                                                          fine):
    target = tmp_path / "决定书.pdf"
    before = run_json(capsys, "--data-dir", station, "docs", "list", DEMO_CASE)
    for command in (["render", "--format", "pdf"], ["issue"]):
        code, out, err = run(capsys, "--data-dir", station, "docs", command[0], DEMO_CASE, "--form",
                             "penalty_decision", *command[1:], "--values", values_file(tmp_path, {"fine_fen": fine}),
                             "-o", target)
        assert (code, out) == (1, "") and not target.exists()
        assert f"罚款（元） (fine_fen): An amount cannot be negative ({fine}): write it without the minus sign." in err
        assert "fine_fen is an amount in fen" not in err
    assert run_json(capsys, "--data-dir", station, "docs", "list", DEMO_CASE) == before  # no 文号 taken


def test_in_chinese_it_reads_as_a_negative_count_does(station, tmp_path, capsys):
    code, _out, err = run(capsys, "--data-dir", station, "docs", "render", DEMO_CASE, "--form", "penalty_decision",
                          "--values", values_file(tmp_path, {"fine_fen": -100}), "-o", tmp_path / "a.pdf")
    assert code == 1 and "罚款（元）（fine_fen）：金额不能为负数（-100）：请去掉负号填写。" in err


def test_a_decimal_amount_in_fen_is_still_refused_naming_the_key(station, tmp_path, capsys, english):
    code, _out, err = run(capsys, "--data-dir", station, "docs", "render", DEMO_CASE, "--form", "penalty_decision",
                          "--values", values_file(tmp_path, {"fine_fen": "500.00"}), "-o", tmp_path / "a.pdf")
    assert code == 1 and "fine_fen is an amount in fen (分)" in err
