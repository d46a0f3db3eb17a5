"""Session 76 (mixing program versions): ``--version`` and 帮助 → 关于 name the database structure (the number of the
last migration) in the words the refusals of a newer program's bundle use, for two installs of the same program
version can hold different structures; the README says an update is one way and how a bureau goes back by hand; a
lead the district bureau hands down to one of its offices (南海区局 → 桂城所: REFERENCE's 区局交办) counts as assigned
(交办) once decided, its T1 still counted from its receipt; one an office hands on (桂城所 → 大沥所, or back up to
南海区局) does not."""

from __future__ import annotations

import re

import pytest

from tests.helpers import run, run_json
from tests.test_s64_leads import at, station_lead
from workstation import __version__
from workstation.db.schema import MIGRATIONS

GUICHENG, DALI = "440605011", "440605125"  # 桂城所 and 大沥所, offices of 南海区局


def _schema_number() -> int:
    return int(re.match(r"m0*(\d+)_", MIGRATIONS[-1][0]).group(1))


# ---- 1. the version shown names the database structure -------------------------------------------------------------

def _version_output(capsys) -> str:
    from workstation.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    return capsys.readouterr().out.strip()


def test_version_names_the_database_structure_as_a_bundle_refusal_does(capsys, english):
    from workstation.bundle.reader import _version_label
    from workstation.db.connection import schema_names

    shown = _version_output(capsys)
    assert shown == f"{__version__} (database schema {_schema_number()})"
    assert shown == _version_label(__version__, schema_names())  # the words a newer bundle's refusal uses


def test_the_version_words_are_worked_out_in_one_place(english):
    from workstation import version_label

    assert version_label("0.0.9", ["m001_init", "m013_complaint_numbers"]) == "0.0.9 (database schema 13)"
    assert version_label("0.0.9", ["weird"]) == "0.0.9 (database schema weird)"
    assert version_label("0.0.9", []) == "0.0.9 (database schema ?)"


def test_version_in_chinese_says_the_structure_as_the_refusal_does(capsys, chinese):
    assert _version_output(capsys) == f"{__version__}（数据库结构第 {_schema_number()} 版）"


@pytest.mark.gui
def test_about_names_the_database_structure(db, make_window, prompts, english):
    make_window(db).about()
    first = prompts.infos[-1].splitlines()[0]
    assert first == f"Case-file workstation {__version__} (database schema {_schema_number()})"


# ---- 2. the README says an update is one way, and how to go back ----------------------------------------------------

def test_readme_says_an_update_is_one_way_and_names_the_copy_as_the_program_writes_it():
    from pathlib import Path

    from workstation.db.connection import MIGRATION_COPIES
    from workstation.paths import DATABASE_NAME

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    found = re.search(r"An update is one way[^\n]*(?:\n[^\n]+)*", readme)
    assert found, "the README does not say that an update is one way"
    paragraph = found.group()
    assert MIGRATION_COPIES.split("*")[0] in paragraph and DATABASE_NAME in paragraph
    assert "keyring.json" in paragraph  # an encrypted copy opens only with the keyring sealing its key


def test_the_copy_the_readme_names_is_the_one_an_update_writes_and_backup_list_shows(db, data_dir):
    """The README's `backups/before-migration-<time>-<schema>.db`: the folder, the name and its schema, in the order
    an update writes the copy (``_backup_before_migrating``), which `backup list` lists as a pre-update copy; the
    newest of them by that name is the latest update's."""
    from pathlib import Path

    from workstation.backup import list_backups
    from workstation.db.connection import _backup_before_migrating
    from workstation.paths import database_path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    paragraph = re.search(r"An update is one way[^\n]*(?:\n[^\n]+)*", readme).group()
    named = re.search(r"`([^`]*before-migration-[^`]*)`", paragraph)
    assert named, paragraph
    pattern = "^" + re.escape(named.group(1)).replace(re.escape("<time>"), r"(?P<time>[0-9][0-9-]+)").replace(
        re.escape("<schema>"), r"(?P<schema>m\d+_\w+)") + "$"
    older = MIGRATIONS[-2][0]

    first = _backup_before_migrating(db, database_path(data_dir), [older])
    newest = _backup_before_migrating(db, database_path(data_dir), [older])

    shown = re.match(pattern, newest.relative_to(data_dir).as_posix())
    assert shown, (named.group(1), newest)
    assert shown["schema"] == older  # the schema it was at: the earlier version's
    assert sorted(p.name for p in (first, newest))[-1] == newest.name  # the newest by name, as the README says
    listed = [r for r in list_backups(data_dir) if r.get("kind") == "migration"]
    assert {Path(r["path"]).name for r in listed} >= {newest.name}, listed


# ---- 3. a lead handed inside its bureau counts as assigned ---------------------------------------------------------

NANHAI = "440605"  # 南海区局


def _handed_and_decided(db, data_dir, capsys, holder: str, to: str) -> tuple[str, str]:
    handed = station_lead(db, holder)  # registered on 2026-11-20: T1 ends on 2026-12-11
    kept = station_lead(db, holder)  # checked by the agency holding it: never assigned
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", handed, "--agency", to,
                         "--date", "2026-12-02", "--reason", "属地调整")
    assert code == 0, err
    assert "2026-12-11" in out, out  # T1 goes on from the receipt
    for lead in (handed, kept):
        code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--not-file", "--reason",
                              "现有证据无法认定违法", "--date", "2026-12-04")
        assert code == 0, err
    return handed, kept


def test_a_lead_the_bureau_hands_down_to_its_office_counts_as_assigned_once_decided(db, data_dir, capsys,
                                                                                   monkeypatch, english):
    at(monkeypatch, "2026-12-08")
    _handed_and_decided(db, data_dir, capsys, NANHAI, GUICHENG)  # 区局交办: 南海区局 to 桂城所
    leads = run_json(capsys, "--data-dir", data_dir, "stats")["leads"]
    assert leads["decided"] == 2 and leads["in_time"] == 2
    assert leads["assigned"] == 1, leads  # the hand-over the command line said: 交办 on 2026-12-02
    assert leads["decided_unassigned"] == 1, leads  # only the lead the bureau checked itself
    nanhai = run_json(capsys, "--data-dir", data_dir, "stats", "--agency", NANHAI)["leads"]
    assert nanhai["assigned"] == 1 and nanhai["decided_unassigned"] == 1, nanhai


@pytest.mark.parametrize("to", [DALI, NANHAI], ids=["office_to_office", "office_to_its_bureau"])
def test_a_lead_an_office_hands_on_is_not_counted_as_assigned(db, data_dir, capsys, monkeypatch, english, to):
    at(monkeypatch, "2026-12-08")
    _handed_and_decided(db, data_dir, capsys, GUICHENG, to)  # 桂城所 to 大沥所, or back up to 南海区局: no 区局交办
    leads = run_json(capsys, "--data-dir", data_dir, "stats")["leads"]
    assert leads["decided"] == 2 and leads["assigned"] == 0, leads
    assert leads["decided_unassigned"] == 2, leads  # 未经交办、自行登记核查, both


def test_the_bureau_table_counts_the_handed_lead_as_assigned(db, monkeypatch, english):
    from workstation.leads_workflow import assign_lead, decide_lead
    from workstation.stats import _figures_by_agency
    from workstation.store import agency_by_code

    at(monkeypatch, "2026-12-08")
    lead = station_lead(db, NANHAI)
    assign_lead(db, lead, agency_by_code(db, GUICHENG).id, "2026-12-02")
    decide_lead(db, lead, "not_file", on="2026-12-04", reason="现有证据无法认定违法")
    row = _figures_by_agency(db, None, None)[agency_by_code(db, GUICHENG).id]
    assert row["leads_decided"] == 1 and row["leads_decided_unassigned"] == 0, row
