"""An amount a ``--values`` file gives in fen (``fine_fen``) that is too large was refused telling the officer to write
it in yuan (…金额以元为单位填写), which that file does not take: the refusal now speaks in fen, the unit the file uses,
and names the limit; an amount typed in yuan keeps its own advice."""

from __future__ import annotations

import json

import pytest

from tests.helpers import CASE, run
from workstation.formkit.spec import FieldSpec
from workstation.formkit.values import _fen_too_large
from workstation.validators import AmountTooLarge, parse_money_fen


def test_a_values_file_s_too_large_fen_is_refused_in_fen_with_the_limit(cli_station, tmp_path, capsys, english):
    station = cli_station(tmp_path / "station")
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"fine_fen": 10**17}), encoding="utf-8")
    out_file = tmp_path / "决定书.pdf"
    code, _out, err = run(capsys, "--data-dir", station, "docs", "render", CASE, "--form", "penalty_decision",
                          "--values", values, "--format", "pdf", "-o", out_file)
    assert code == 1 and not out_file.exists()
    assert len(err.strip().splitlines()) == 1
    assert "(100,000,000,000,000,000 fen)" in err and "fine_fen in fen (分)" in err
    assert "less than ¥10,000,000,000,000.00 (1,000,000,000,000,000 fen)" in err
    assert "write the amount in yuan" not in err


def test_an_amount_in_yuan_keeps_the_advice_to_write_yuan(english):
    with pytest.raises(AmountTooLarge) as refused:
        parse_money_fen("10,000,000,000,000")
    assert refused.value.fen == 10**15
    assert "write the amount in yuan" in str(refused.value)
    assert _fen_too_large(FieldSpec(name="fine", label="罚款", type="money"), refused.value) is None
    assert "fine_fen in fen" in _fen_too_large(FieldSpec(name="fine_fen", label="罚款", type="money"), refused.value)
