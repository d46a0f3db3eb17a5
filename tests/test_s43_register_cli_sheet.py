"""The command line's summary of a register imported with --skip-invalid names the sheet of each refused row when
the workbook's sheets were imported together, as the refusal without the option does (``register.row_sentence``)."""

from __future__ import annotations

from tests.helpers import run
from tests.test_register_import import GOOD, HEADER, register_rows, write_workbook


def test_a_row_refused_on_a_later_sheet_is_named_with_its_sheet_in_the_summary(db, data_dir, tmp_path, capsys,
                                                                              english):
    good, bad = list(GOOD[0]), list(GOOD[0])
    good[0], bad[0] = "佛南市监立〔2026〕760号", "佛南市监立〔2026〕761号"
    bad[HEADER.index("立案日期")] = "2026-02-30"
    path = write_workbook(tmp_path / "台账.xlsx", {"南海区": register_rows([good], total=False),
                                                   "禅城区": register_rows([bad], total=False)})
    code, out, _err = run(capsys, "--data-dir", data_dir, "cases", "import", path, "--skip-invalid")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("2 rows: 1 imported, 0 skipped as stored already, 1 with errors not imported.")
    assert lines[1].startswith("禅城区 row 4, 立案日期: ") and lines[1].endswith(".")
