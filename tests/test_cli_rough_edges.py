"""Command-line rough edges of the last reviews: a ``*_fen`` key of a ``--values`` file is read in fen as its name
says (a decimal point refused naming the key); English mode (WORKSTATION_LANG=en) says statuses, procedure
actions, districts and the brackets around party names in English; long commands said to a pipe between a start
line and an end line however short; a register row without a case number matching a stored case by 案由 and date
is warned with its differences, as a numbered row is."""

from __future__ import annotations

import io
import json

import pytest

from tests.helpers import open_db, pdf_text, run, run_json
from workstation.i18n import _

DEMO_CASE = "佛南市监立〔2026〕1号"
INVESTIGATING = "佛南市监立〔2026〕9号"  # 立案调查 in the demo
HEADER = ("当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态,涉案信息条数,"
          "罚款金额（元）,没收违法所得（元）")
UNNUMBERED = ("佛山市南海区甲房产中介有限公司,91440605MA4UXXX1X9,南海区,房地产租售,某中介公司未经同意发送商业性信息案,"
              "未经同意发送商业性信息,2026-03-05,立案调查,\"{records}\",\"{fine}\",0")


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


@pytest.fixture
def empty_station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"])


def values_file(tmp_path, values: dict):
    path = tmp_path / "values.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return path


def register(path, *rows):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


# ---- 1. *_fen keys of --values are in fen -----------------------------------------------------------------------

@pytest.mark.parametrize("fine", [5_000_000, "5000000", "5,000,000"])
def test_a_fen_key_of_a_values_file_is_read_in_fen(station, tmp_path, capsys, fine):
    target = tmp_path / "决定书.pdf"
    run_json(capsys, "--data-dir", station, "docs", "render", DEMO_CASE, "--form", "penalty_decision",
             "--values", values_file(tmp_path, {"fine_fen": fine}), "--format", "pdf", "-o", target)
    text = pdf_text(target.read_bytes()).replace("\n", "")
    assert "罚款¥50,000.00" in text and "¥5,000,000.00" not in text


@pytest.mark.parametrize("fine", ["50000.00", 50000.5, "5万", "¥50,000"])
def test_a_fen_key_with_a_decimal_point_or_a_unit_is_refused_naming_the_key(station, tmp_path, capsys, english,
                                                                              fine):
    target = tmp_path / "决定书.pdf"
    path = values_file(tmp_path, {"fine_fen": fine})
    before = run_json(capsys, "--data-dir", station, "docs", "list", DEMO_CASE)
    for command in (["render", "--format", "pdf"], ["issue"]):
        code, out, err = run(capsys, "--data-dir", station, "docs", command[0], DEMO_CASE, "--form",
                             "penalty_decision", *command[1:], "--values", path, "-o", target)
        assert (code, out) == (1, "") and not target.exists()
        assert err.startswith(f"Error: {path}: fine_fen is an amount in fen (分), a whole number without a decimal "
                              "point: write ¥50,000.00 as 5000000")
    assert run_json(capsys, "--data-dir", station, "docs", "list", DEMO_CASE) == before  # no 文号 taken


def test_the_refusal_of_a_decimal_fen_value_reads_in_chinese(station, tmp_path, capsys):
    code, _out, err = run(capsys, "--data-dir", station, "docs", "render", DEMO_CASE, "--form", "penalty_decision",
                          "--values", values_file(tmp_path, {"fine_fen": "500.00"}), "-o", tmp_path / "a.pdf")
    assert code == 1 and "fine_fen" in err and "分" in err and "5000000" in err


def test_docs_fields_says_the_amounts_are_in_fen(capsys, tmp_path, english):
    fields = {f["name"]: f for f in run_json(capsys, "--data-dir", tmp_path / "d", "docs", "fields",
                                             "penalty_decision")}
    assert fields["fine_fen"]["unit"] == "fen" and "unit" not in fields["decided_on"]
    code, out, _err = run(capsys, "--data-dir", tmp_path / "d", "docs", "fields", "penalty_decision")
    line = next(line for line in out.splitlines() if line.startswith("fine_fen "))
    assert "amount in fen (分), a whole number" in line and "amount in yuan" not in out


# ---- 2. English mode ----------------------------------------------------------------------------------------------

def test_a_transition_says_the_new_status_in_english(station, capsys, english):
    code, out, err = run(capsys, "--data-dir", station, "cases", "transition", INVESTIGATING, "suspend",
                         "--reason", "等待检验结果")
    assert code == 0, err
    assert out == f"{INVESTIGATING}: Investigation suspended\n"


def test_a_transition_says_the_new_status_in_chinese_without_english(station, capsys):
    code, out, err = run(capsys, "--data-dir", station, "cases", "transition", INVESTIGATING, "suspend",
                         "--reason", "等待检验结果")
    assert (code, out) == (0, f"{INVESTIGATING}：中止调查\n")


def test_the_parties_to_choose_from_are_bracketed_in_english(station, capsys, english):
    from workstation.store import find_case, parties_of_case

    db = open_db(station)
    parties = [(p.id, p.name) for p in parties_of_case(db, find_case(db, INVESTIGATING).id)]
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", station, "cases", "transition", INVESTIGATING, "suspend",
                         "--reason", "等待检验结果", "--party", "nobody")
    assert (code, out) == (1, "")
    listed = "; ".join(f"{pid} ({name})" for pid, name in parties)
    assert err == f"Error: --party: nobody is not a party of case {INVESTIGATING}. Its parties are: {listed}.\n"
    assert "（" not in err and "；" not in err


def test_cases_list_names_the_districts_in_english_and_in_chinese(station, capsys, english):
    code, out, _err = run(capsys, "--data-dir", station, "cases", "list", "--search", INVESTIGATING)
    assert code == 0
    (row,) = out.splitlines()
    assert row.split("\t")[3:] == ["Nanhai District", "Under investigation"]  # the party's name stays as typed


def test_cases_list_keeps_the_chinese_district_names_in_chinese(station, capsys):
    code, out, _err = run(capsys, "--data-dir", station, "cases", "list", "--search", INVESTIGATING)
    assert code == 0 and out.splitlines()[0].split("\t")[3:] == ["南海区", "立案调查"]


def test_every_foshan_district_has_its_english_name():
    from workstation.vocabulary import english_labels

    assert english_labels()["districts"] == {"禅城区": "Chancheng District", "南海区": "Nanhai District",
                                             "顺德区": "Shunde District", "高明区": "Gaoming District",
                                             "三水区": "Sanshui District"}


# ---- 3. start and end lines of long work to a pipe --------------------------------------------------------------

def test_a_quick_register_import_to_a_pipe_says_its_start_and_its_end(empty_station, tmp_path, capsys, english):
    path = register(tmp_path / "台账.csv", UNNUMBERED.format(records="10", fine="0"))
    code, out, err = run(capsys, "--data-dir", empty_station, "cases", "import", path, "--json")
    assert code == 0 and json.loads(out)["imported"] == 1
    assert err.splitlines() == [f"Importing {path}…", f"{path}: import finished."]


def test_a_quick_backup_to_a_pipe_says_its_start_and_its_end(empty_station, tmp_path, capsys, english):
    code, out, err = run(capsys, "--data-dir", empty_station, "backup", "create", "--folder", tmp_path / "备份",
                         "--json")
    assert code == 0 and json.loads(out)["path"]
    *lines, note = err.splitlines()  # the data is not encrypted: said last (session 61)
    assert note.startswith("Note: This backup is not encrypted")
    assert (lines[0], lines[-1]) == ("Writing a backup…", "Backup finished.")


def test_a_register_refused_within_a_second_leaves_stderr_to_its_reason(empty_station, tmp_path, capsys, english):
    path = register(tmp_path / "台账.csv", UNNUMBERED.format(records="10", fine="abc"))
    code, _out, err = run(capsys, "--data-dir", empty_station, "cases", "import", path)
    assert code == 1 and len(err.splitlines()) == 1 and err.startswith("Error: ")


def test_on_a_terminal_no_start_or_end_line_is_added(english):
    from workstation.cli import _reported_work

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    with _reported_work("Importing 台账.csv…", "台账.csv: import finished.", stream) as progress:
        progress(1, 2, "Checking rows")
        progress(2, 2, "Checking rows")
    assert stream.getvalue() == "\rChecking rows: 50%\rChecking rows: 100%\n"


def test_the_start_line_comes_before_the_first_progress_line_of_long_work(english, monkeypatch):
    import workstation.cli
    from workstation.cli import _reported_work

    now = [1000.0]
    monkeypatch.setattr(workstation.cli, "_progress_clock", lambda: now[0])
    stream = io.StringIO()
    with _reported_work("Writing a backup…", "Backup finished.", stream) as progress:
        for done in range(5):
            now[0] += 1
            progress(done, 4, "Copying the database")
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Writing a backup…" and lines[-1] == "Backup finished."
    assert lines[1:-1] == ["Copying the database: 0%", "Copying the database: 25%", "Copying the database: 50%",
                           "Copying the database: 75%", "Copying the database: 100%"]


def test_work_refused_after_its_start_ends_without_the_end_line(english, monkeypatch):
    import workstation.cli
    from workstation.cli import _reported_work

    monkeypatch.setattr(workstation.cli, "_progress_clock", iter(range(1000, 2000, 5)).__next__)
    stream = io.StringIO()
    with pytest.raises(RuntimeError), _reported_work("Importing a.csv…", "a.csv: import finished.", stream) as p:
        p(1, 4, "Checking rows")
        raise RuntimeError("row 3 refused")
    assert stream.getvalue().splitlines() == ["Importing a.csv…", "Checking rows: 25%"]


# ---- 4. a register row without a case number, stored already ---------------------------------------------------

def test_a_row_without_a_number_of_a_stored_case_is_warned_with_its_differences(empty_station, tmp_path, capsys):
    run_json(capsys, "--data-dir", empty_station, "cases", "import",
             register(tmp_path / "台账.csv", UNNUMBERED.format(records="1,200", fine="30,000.00")))
    corrected = register(tmp_path / "台账-更正.csv", UNNUMBERED.format(records="1,500", fine="50,000.00"))
    result = run_json(capsys, "--data-dir", empty_station, "cases", "import", corrected)
    assert (result["imported"], result["skipped"]) == (0, 1)
    (warning,) = result["warnings"]
    assert (warning["row"], warning["field"], warning["skipped"], warning["differs"]) == (2, "案由", True, True)
    (number,) = [r[0] for r in open_db(empty_station).execute("SELECT case_number FROM cases")]
    assert number in warning["message"]
    assert _("{column}: stored {stored}, register {given}").format(
        column="罚款金额（元）", stored=_("{amount} yuan").format(amount="30,000.00"),
        given=_("{amount} yuan").format(amount="50,000.00")) in warning["message"]
    assert _("{column}: stored {stored}, register {given}").format(
        column="涉案信息条数", stored="1200", given="1500") in warning["message"]
    # the stored case keeps its values, and the text output lists the row with its differences
    assert open_db(empty_station).execute("SELECT fine_fen FROM cases").fetchone()[0] == 3_000_000
    code, out, _err = run(capsys, "--data-dir", empty_station, "cases", "import", corrected)
    assert code == 0 and "罚款金额（元）" in out and number in out


def test_a_row_without_a_number_equal_to_its_stored_case_is_warned_without_differences(empty_station, tmp_path,
                                                                                       capsys, english):
    path = register(tmp_path / "台账.csv", UNNUMBERED.format(records="1,200", fine="30,000.00"))
    run_json(capsys, "--data-dir", empty_station, "cases", "import", path)
    (warning,) = run_json(capsys, "--data-dir", empty_station, "cases", "import", path)["warnings"]
    assert not warning["differs"] and warning["message"] == ("A case with the same cause and filing date is stored "
                                                             "already: the row was not imported.")
