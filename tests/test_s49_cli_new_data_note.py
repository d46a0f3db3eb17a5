"""A command that makes a new data directory without a passphrase says that the data was created unencrypted only
when the data is kept: a refused or dry-run import into a new data directory removes what it made, and says only
its one-line reason (the note was said before, for data that is then gone). `init --help` says what happens without
--plaintext and without a passphrase. `docs forms` without --json gives every row the same tab-separated columns."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_cli_new_data import write_register
from tests.test_fuzzb25_inputs import COMPLAINT_HEADER, COMPLAINT_ROW
from workstation.paths import database_path

NOTE = "No passphrase was given"


@pytest.fixture(autouse=True)
def _no_passphrase(monkeypatch):
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)


def bad_register(path):
    path.write_text("案件编号,当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态\n"
                    "佛南市监立〔2026〕301号,某公司,91440605MA4U00000P,南海区,其他,案由,违法收集使用个人信息,"
                    "不是日期,立案调查\n", encoding="utf-8")
    return path


def complaints_csv(path):
    path.write_text(f"{COMPLAINT_HEADER}\n{COMPLAINT_ROW.format(n=1)}\n", encoding="utf-8")
    return path


def test_a_refused_register_import_into_a_new_data_dir_says_only_its_reason(tmp_path, capsys, english):
    data = tmp_path / "nd6"
    code, _out, err = run(capsys, "--data-dir", data, "cases", "import", bad_register(tmp_path / "reg.csv"), "--json")
    assert code == 1 and not data.exists()
    assert NOTE not in err  # before: a warning about data that the refusal then removed
    assert len(err.splitlines()) == 1 and err.startswith("Error: ")


def test_a_dry_run_complaint_import_into_a_new_data_dir_says_nothing_of_unencrypted_data(tmp_path, capsys,
                                                                                           english):
    data = tmp_path / "nd6"
    code, _out, err = run(capsys, "--data-dir", data, "complaints", "import", complaints_csv(tmp_path / "c1.csv"),
                          "--dry-run")
    assert code == 0 and not data.exists()
    assert NOTE not in err


def test_a_refused_complaint_import_into_a_new_data_dir_says_only_its_reason(tmp_path, capsys, english):
    data = tmp_path / "nd6"
    junk = tmp_path / "junk.csv"
    junk.write_text("这不是投诉导出\n随便\n", encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data, "complaints", "import", junk)
    assert code == 1 and not data.exists()
    assert NOTE not in err and len(err.splitlines()) == 1 and err.startswith("Error: ")


def test_an_import_that_keeps_the_new_data_still_says_it_is_unencrypted(tmp_path, capsys, english):
    data = tmp_path / "nd6"
    code, _out, err = run(capsys, "--data-dir", data, "cases", "import", write_register(tmp_path / "reg.csv"),
                          "--json")
    assert code == 0, err
    assert database_path(data).is_file()
    assert f"{NOTE}, so the data in {data} was created unencrypted" in err
    code, _out, err = run(capsys, "--data-dir", data, "cases", "import", write_register(tmp_path / "reg2.csv"))
    assert NOTE not in err  # once made, nothing more is said


def test_init_says_it_is_unencrypted_once(tmp_path, capsys, english):
    data = tmp_path / "nd6"
    code, _out, err = run(capsys, "--data-dir", data, "init")
    assert code == 0 and err.count(NOTE) == 1


def test_init_help_says_that_without_plaintext_nor_passphrase_the_database_is_made_unencrypted(capsys, english):
    with pytest.raises(SystemExit):
        run(capsys, "init", "--help")
    out = " ".join(capsys.readouterr().out.split())
    assert "a passphrase is needed" not in out  # before: but `init` without one exits 0, unencrypted
    assert "created unencrypted with a warning" in out


def test_docs_forms_text_rows_keep_every_column(tmp_path, capsys, english):
    data = tmp_path / "站点"
    run_json(capsys, "--data-dir", data, "init", "--agency", "440605")
    rows = run_json(capsys, "--data-dir", data, "docs", "forms")
    code, out, _err = run(capsys, "--data-dir", data, "docs", "forms")
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(rows)
    assert {len(line.split("\t")) for line in lines} == {4}  # before: fewer where a form has no type code
    for row, line in zip(rows, lines, strict=True):
        cells = line.split("\t")
        assert cells[0] == row["id"] and cells[2] == (row.get("type_code") or "")
