"""Register import audit (s68): counts written in 万, dates written with 号, the help naming .xls, a register import
previewed in the window before it is committed, and one import taken back (``cases withdraw-import``)."""

import json

import pytest

from tests.helpers import run, run_json
from tests.test_register_import import GOOD, register_rows, write_csv
from workstation import audit
from workstation.errors import WorkstationError
from workstation.importing.register import (
    import_register,
    register_imports,
    withdraw_register_import,
)
from workstation.store import count_cases
from workstation.validators import parse_count, parse_date


# 2. counts in 万 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "count"), [("1.2万", 12000), ("1.2万条", 12000), ("3万", 30000), ("１．２万", 12000),
                                             ("1,200万", 12_000_000), ("0.0001万", 1)])
def test_a_count_in_wan_is_read_exactly(text, count):
    assert parse_count(text) == count


def test_a_count_in_wan_that_is_no_whole_number_is_refused_saying_to_write_the_number(english):
    with pytest.raises(ValueError) as refused:
        parse_count("1.23456万")
    assert "1.23456万" in str(refused.value) and "12,345.6" in str(refused.value)
    assert "digits" in str(refused.value)
    for text in ("约1.2万", "1.2万多", "万"):
        with pytest.raises(ValueError):
            parse_count(text)


def test_a_register_count_in_wan_is_imported(db, tmp_path):
    row = [*GOOD[0][:9], "1.2万", *GOOD[0][10:]]
    result = import_register(db, write_csv(tmp_path / "台账.csv", register_rows([row], total=False)))
    assert (result.imported, result.errors) == (1, [])
    assert db.execute("SELECT records_other FROM cases").fetchone()[0] == 12000


# 3. dates written with 号 ----------------------------------------------------------------------------------------
def test_a_date_written_with_hao_is_read():
    assert parse_date("2026年3月1号") == "2026-03-01"
    assert parse_date("２０２６年３月１号") == "2026-03-01"


def test_a_register_filing_date_with_hao_is_imported(db, tmp_path):
    row = [*GOOD[0][:7], "2026年3月1号", *GOOD[0][8:]]
    result = import_register(db, write_csv(tmp_path / "台账.csv", register_rows([row], total=False)))
    assert result.imported == 1
    assert db.execute("SELECT filed_on FROM cases").fetchone()[0] == "2026-03-01"


# 4. the help names .xls ------------------------------------------------------------------------------------------
def test_the_import_help_names_xls(capsys, english):
    with pytest.raises(SystemExit):
        run(capsys, "cases", "import", "--help")
    out = capsys.readouterr().out
    assert ".xlsx, .xls or .csv" in " ".join(out.split())


# 1b. withdrawing one register import ---------------------------------------------------------------------------
def _counts(db) -> tuple:
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                 for t in ("cases", "parties", "case_parties", "case_events"))


@pytest.fixture
def imported(db, tmp_path):
    """The counts before, then a register of four cases imported."""
    before = _counts(db)
    path = write_csv(tmp_path / "台账.csv", register_rows(GOOD, total=False))
    assert import_register(db, path).imported == 4
    return before, path


def test_an_import_is_listed_and_withdrawn_with_its_cases_parties_links_and_events(db, imported, english):
    before, _path = imported
    listed = register_imports(db)
    assert [(i["file"], i["cases"]) for i in listed] == [("台账.csv", 4)]
    entries = audit.verify(db)["entries"]
    result = withdraw_register_import(db, "台账.csv")
    assert result.cases == 4 and result.parties == 4
    assert _counts(db) == before and register_imports(db) == []
    assert db.execute("SELECT COUNT(*) FROM cases_fts WHERE cases_fts MATCH '誉嘉房'").fetchone()[0] == 0
    checked = audit.verify(db)
    assert checked["valid"] and checked["entries"] > entries
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'withdraw_import' AND entity = 'cases' AND "
                      "entity_id = '台账.csv'").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'delete' AND entity = 'case'").fetchone()[0] == 4
    assert "4 cases removed" in result.summary()


def test_a_party_stored_before_the_import_is_kept(db, tmp_path, imported):
    before, path = imported
    withdraw_register_import(db, "台账.csv")
    first = write_csv(tmp_path / "一.csv", register_rows(GOOD[:1], total=False))
    import_register(db, first)
    import_register(db, path)  # three new cases, one party stored already
    withdraw_register_import(db, "台账.csv")
    assert count_cases(db) == 1 and db.execute("SELECT COUNT(*) FROM parties").fetchone()[0] == before[1] + 1


def test_the_withdrawal_can_be_given_the_time_of_the_import(db, imported):
    at = register_imports(db)[0]["imported_at"]
    assert withdraw_register_import(db, at[:19].replace("T", " ")).cases == 4


def test_an_unknown_import_is_refused(db, imported, english):
    with pytest.raises(WorkstationError) as refused:
        withdraw_register_import(db, "别的.csv")
    assert "别的.csv" in refused.value.message
    assert count_cases(db) == 4


@pytest.mark.parametrize("moved", ["step", "changed", "document_bundle", "bundle"])
def test_an_import_one_of_whose_cases_moved_on_is_refused_naming_it(db, imported, moved, english):
    case_id = db.execute("SELECT id FROM cases WHERE case_number = '佛顺市监立〔2026〕101号'").fetchone()[0]
    with db.atomic():
        if moved == "step":
            db.execute("INSERT INTO case_events (id, case_id, kind, on_date, at, note) VALUES "
                       "('ev-s68', ?, 'transition', '2026-03-20', '2099-01-01T00:00:00+08:00', '')", [case_id])
        elif moved == "changed":
            db.execute("UPDATE cases SET facts = 'x', version = version + 1 WHERE id = ?", [case_id])
        else:
            db.execute("INSERT INTO bundle_exports (id, created_at, created_by, scope, path, sha256, case_ids) "
                       "VALUES ('b1', '2099-01-01T00:00:00+08:00', '', 'changed', 'x.cfb', '', ?)",
                       [json.dumps([case_id] if moved == "bundle" else [])])
    counts = _counts(db)
    if moved == "document_bundle":  # a bundle written after the import without these cases: withdrawn
        assert withdraw_register_import(db, "台账.csv").cases == 4
        return
    with pytest.raises(WorkstationError) as refused:
        withdraw_register_import(db, "台账.csv")
    assert "佛顺市监立〔2026〕101号" in refused.value.message and "Nothing was withdrawn" in refused.value.message
    assert _counts(db) == counts


def test_withdraw_import_on_the_command_line(capsys, db, data_dir, imported, english):
    before, _path = imported
    result = run_json(capsys, "--data-dir", data_dir, "cases", "withdraw-import", "台账.csv")
    assert result["cases"] == 4 and result["file"] == "台账.csv"
    assert _counts(db) == before
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "withdraw-import", "台账.csv")
    assert code != 0 and "台账.csv" in err


# 1a. the window previews an import before committing it ----------------------------------------------------------
@pytest.mark.gui
def test_the_window_asks_with_the_counts_before_importing_and_no_changes_nothing(make_window, db, tmp_path, prompts,
                                                                                 english):
    stored = write_csv(tmp_path / "一.csv", register_rows(GOOD[:1], total=False))
    import_register(db, stored)
    bad = [*GOOD[3][:7], "2026-02-30", *GOOD[3][8:]]
    path = write_csv(tmp_path / "台账.csv", register_rows([*GOOD[:3], bad], total=False))
    entries = audit.verify(db)["entries"]
    window = make_window(db)
    prompts.confirm_answers = [True, False]  # import only the valid rows? yes; then the preview: no
    window.import_register(str(path))
    assert count_cases(db) == 1 and audit.verify(db)["entries"] == entries
    question = prompts.confirmations[-1]
    assert "2 cases" in question and "1 row" in question and "台账.csv" in question
    assert "stored already" in question and "2026-02-30" in question
    assert prompts.destructive[-1] == question  # No is the default


@pytest.mark.gui
def test_the_window_imports_once_the_officer_says_yes(make_window, db, tmp_path, prompts, english):
    path = write_csv(tmp_path / "台账.csv", register_rows(GOOD, total=False))
    window = make_window(db)
    prompts.confirm_answers = [True]
    window.import_register(str(path))
    assert "4 cases" in prompts.confirmations[0] and count_cases(db) == 4
    assert window.case_list.model.rowCount() == 4


@pytest.mark.gui
def test_the_window_withdraws_an_import_after_asking(make_window, db, imported, prompts, english):
    before, _path = imported
    window = make_window(db)
    prompts.choices = [0]
    prompts.confirm_answers = [False]
    window.withdraw_register_import()
    assert count_cases(db) == 4 and "台账.csv" in prompts.offered[-1][1]
    prompts.choices = [0]
    prompts.confirm_answers = [True]
    window.withdraw_register_import()
    assert _counts(db) == before and "4 cases removed" in prompts.infos[-1]
    assert window.case_list.model.rowCount() == 0


# final read (s68): the defects mended --------------------------------------------------------------------------
def _two_sheets(tmp_path, name="台账.xlsx"):
    from tests.test_register_import import write_workbook

    return write_workbook(tmp_path / name, {"A表": register_rows(GOOD[:2], total=False),
                                            "B表": register_rows(GOOD[2:], total=False)})


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_a_register_of_two_sheets_is_listed_and_withdrawn_whole(db, tmp_path, request, language):
    request.getfixturevalue(language)  # the notes written in the language of the day
    before = _counts(db)
    assert import_register(db, _two_sheets(tmp_path)).imported == 4
    assert [(i["file"], i["cases"]) for i in register_imports(db)] == [("台账.xlsx", 4)]
    assert [i["cases"] for i in register_imports(db, "台账.xlsx")] == [4]
    result = withdraw_register_import(db, "台账.xlsx")
    assert result.cases == 4 and _counts(db) == before


def test_a_register_of_two_sheets_is_withdrawn_whole_by_its_time(db, tmp_path, english):
    before = _counts(db)
    import_register(db, _two_sheets(tmp_path))
    at = register_imports(db)[0]["imported_at"]
    assert withdraw_register_import(db, at).cases == 4 and _counts(db) == before


def test_a_case_number_the_import_gave_inside_a_block_is_not_given_again(db, data_dir, tmp_path):
    from workstation.documents.number_blocks import add_block
    from workstation.station import ensure_station
    from workstation.store import agency_id_for_code, next_case_number

    add_block(db, agency_code="440605", type_code="立", year=2026, first=20, last=29,
              station_id=ensure_station(db, data_dir).id)
    row = ["", *GOOD[0][1:]]
    result = import_register(db, write_csv(tmp_path / "台账.csv", register_rows([row], total=False)))
    given = result.numbered[0]["case_number"]
    assert given == "佛南市监立〔2026〕20号"
    withdraw_register_import(db, "台账.csv")
    assert next_case_number(db, agency_id_for_code("440605"), 2026) == "佛南市监立〔2026〕21号"
    # the register, the number written in it as the officer was told, is imported again
    written = write_csv(tmp_path / "台账2.csv", register_rows([[given, *GOOD[0][1:]]], total=False))
    assert import_register(db, written).imported == 1


def test_a_register_carrying_its_numbers_is_imported_again_after_a_withdrawal(db, imported):
    _before, path = imported
    withdraw_register_import(db, "台账.csv")
    again = import_register(db, path)
    assert (again.imported, again.errors) == (4, [])


def test_an_import_withdrawn_meanwhile_is_refused_without_an_audit_entry(db, imported, monkeypatch, english):
    from workstation.importing import register

    chosen = register.find_register_import(db, "台账.csv")
    withdraw_register_import(db, "台账.csv")  # another program withdrew it first
    entries = audit.verify(db)["entries"]
    monkeypatch.setattr(register, "find_register_import", lambda _db, _which: chosen)
    with pytest.raises(WorkstationError) as refused:
        withdraw_register_import(db, "台账.csv")
    assert "台账.csv" in refused.value.message and "withdrawn" in refused.value.message
    assert audit.verify(db)["entries"] == entries


def test_two_imports_of_one_file_in_one_second_are_named_apart(db, imported, english):
    at = register_imports(db)[0]["imported_at"]
    twin = at[:19] + ".999999" + at[26:] if len(at) > 26 else at[:19] + ".999999"
    with db.atomic():  # a second import of the file, stamped in the same second
        for table, column in (("case_events", "at"), ("audit", "at")):
            db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ? AND "
                       f"{'case_id' if table == 'case_events' else 'entity_id'} IN "
                       "(SELECT id FROM cases WHERE case_number LIKE '佛禅%' OR case_number LIKE '佛高%')", [twin, at])
        db.execute("UPDATE cases SET created_at = ?, updated_at = ? WHERE case_number LIKE '佛禅%' OR "
                   "case_number LIKE '佛高%'", [twin, twin])
    assert len(register_imports(db)) == 2
    with pytest.raises(WorkstationError) as refused:
        withdraw_register_import(db, "台账.csv")
    assert at in refused.value.message and twin in refused.value.message
    assert "、" not in refused.value.message
    assert withdraw_register_import(db, twin).cases == 2


def test_a_refusal_in_english_lists_with_commas(db, imported, english):
    case_id = db.execute("SELECT id FROM cases WHERE case_number = '佛顺市监立〔2026〕101号'").fetchone()[0]
    with db.atomic():
        db.execute("UPDATE cases SET version = version + 1 WHERE id = ?", [case_id])
        db.execute("INSERT INTO case_events (id, case_id, kind, on_date, at, note) VALUES "
                   "('ev-s68', ?, 'transition', '2026-03-20', '2099-01-01T00:00:00+08:00', '')", [case_id])
    with pytest.raises(WorkstationError) as refused:
        withdraw_register_import(db, "台账.csv")
    assert "、" not in refused.value.message and "changed since, a step recorded" in refused.value.message


@pytest.mark.parametrize("text", ["2026年3月1号9时30分", "2026年3月1号 9:30", "2026年3月1日9时30分"])
def test_a_time_written_after_hao_is_read(text):
    from workstation.validators import parse_time_of_day

    assert parse_time_of_day(text) == ("2026-03-01", "09:30")


@pytest.mark.gui
def test_the_window_lists_and_withdraws_through_the_task_runner(make_window, db, imported, prompts, english):
    before, _path = imported
    window = make_window(db)
    reports = window.runner.progress_reports
    prompts.choices = [0]
    prompts.confirm_answers = [True]
    window.withdraw_register_import()
    assert _counts(db) == before
    said = [message for _done, _total, message in reports]
    assert any("register imports" in m for m in said)
    assert any("can no longer be cancelled" in m for m in said)


@pytest.mark.gui
def test_the_preview_counts_the_rows_left_out_as_its_line_above(make_window, db, tmp_path, prompts, english):
    rows = []
    for n, good in enumerate([*GOOD, *GOOD]):  # eight rows, each with two errors
        rows.append([f"佛南市监立〔2026〕{200 + n}号", *good[1:7], "2026-02-30", good[8], "many", *good[10:]])
    path = write_csv(tmp_path / "台账.csv", register_rows([GOOD[0], *rows], total=False))
    prompts.confirm_answers = [True, False]
    make_window(db).import_register(str(path))
    question = prompts.confirmations[-1]
    assert "8 rows with errors" in question and "… and 5 more." in question
