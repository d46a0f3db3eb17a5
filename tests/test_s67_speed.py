"""Session 67's hot paths made cheaper with the same behaviour: a bureau's copy of a legal data file is read again as
soon as it appears, changes or goes (``law.data.load``'s own path kept per data directory and name, looked at with
one stat); a CLI command on another program's SQLite file is refused with its message and nothing written beside
it, and the workstation's own data keeps its log, the check made on the command's one connection; the documents
tab's refusals are those worked out form by form."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3

import pytest

from workstation import clocks, paths
from workstation.law import data as law_data

# 1. law.data.load ---------------------------------------------------------------------------------------------------

@pytest.fixture
def law_station(data_dir, monkeypatch):
    monkeypatch.setattr(law_data, "_PARSED", {})
    monkeypatch.setattr(law_data, "_OWN", {})
    clocks._rules.cache_clear()
    previous = paths.use_data_dir(data_dir)
    (data_dir / "law").mkdir()
    yield data_dir
    paths.use_data_dir(previous)
    clocks._rules.cache_clear()


SHIPPED = "natural_person_fen = 1_000_000"


def _t1_period(text: str, fen) -> str:
    """thresholds.toml with the hearing amount of a person lowered to ``fen`` (a copy may lower it)."""
    assert SHIPPED in text
    return text.replace(SHIPPED, f"natural_person_fen = {fen}", 1)


def _t1(data: dict) -> int:
    return int(re.search(r"'natural_person_fen': (\d+)", repr(data)).group(1))


def test_a_bureaus_copy_added_changed_and_removed_between_two_loads_is_read_each_time(law_station):
    shipped = law_data.load("thresholds")
    assert _t1(shipped) == 1_000_000
    assert law_data.load("thresholds") is shipped  # nothing changed: the same dict
    text = paths.resource("law", "thresholds.toml").read_text(encoding="utf-8")
    copy = law_station / "law" / "thresholds.toml"
    copy.write_text(_t1_period(text, 500_000), encoding="utf-8")
    added = law_data.load("thresholds")
    assert _t1(added) == 500_000
    assert law_data.load("thresholds") is added  # read once per change
    copy.write_text(_t1_period(text, "3_00000"), encoding="utf-8")  # another size
    os.utime(copy, ns=(1, 1))
    assert _t1(law_data.load("thresholds")) == 300_000
    copy.write_text(_t1_period(text, "2_00000"), encoding="utf-8")  # the same size, another time
    os.utime(copy, ns=(2, 2))
    assert _t1(law_data.load("thresholds")) == 200_000
    copy.unlink()
    assert law_data.load("thresholds") is shipped


def test_a_folder_named_as_the_copy_is_no_copy(law_station):
    (law_station / "law" / "thresholds.toml").mkdir()
    assert law_data.load("thresholds") is law_data._shipped("thresholds")


def test_each_data_directory_reads_its_own_copy(law_station, tmp_path):
    text = paths.resource("law", "thresholds.toml").read_text(encoding="utf-8")
    (law_station / "law" / "thresholds.toml").write_text(_t1_period(text, 500_000), encoding="utf-8")
    other = tmp_path / "other"
    (other / "law").mkdir(parents=True)
    (other / "law" / "thresholds.toml").write_text(_t1_period(text, 400_000), encoding="utf-8")
    assert _t1(law_data.load("thresholds")) == 500_000
    paths.use_data_dir(other)
    assert _t1(law_data.load("thresholds")) == 400_000
    paths.use_data_dir(tmp_path / "none")
    assert _t1(law_data.load("thresholds")) == 1_000_000
    paths.use_data_dir(law_station)
    assert _t1(law_data.load("thresholds")) == 500_000


def test_a_copy_that_fails_its_checks_gives_the_shipped_values_and_its_problem(law_station):
    copy = law_station / "law" / "thresholds.toml"
    copy.write_text("period = [", encoding="utf-8")
    assert law_data.load("thresholds") is law_data._shipped("thresholds")
    assert any(str(copy) in problem for problem in law_data.problems())


# 2. one connection per CLI command ----------------------------------------------------------------------------------

def _foreign(folder):
    folder.mkdir()
    conn = sqlite3.connect(folder / "workstation.db")
    conn.execute("CREATE TABLE x (a)")
    conn.execute("INSERT INTO x VALUES (1)")
    conn.commit()
    conn.close()
    return folder / "workstation.db"


@pytest.mark.parametrize("command", [["stats"], ["cases", "list"], ["cases", "list", "--json"], ["law", "files"],
                                     ["backup", "list"]])
def test_a_command_on_another_programs_database_is_refused_with_nothing_beside_it(tmp_path, capsys, english,
                                                                                  command):
    from tests.helpers import run

    path = _foreign(tmp_path / "other")
    before = path.read_bytes()
    code, out, err = run(capsys, "--data-dir", path.parent, *command)
    if command[0] not in ("law", "backup"):  # those do not open the database
        assert code == 1
        said = (f"{path} is an SQLite database of another program, not a workstation database: move it away or choose "
                "another data directory.")
        assert said in (out + err), (out, err)
    assert sorted(p.name for p in path.parent.iterdir()) == ["workstation.db"]
    assert path.read_bytes() == before


def _log(folder) -> str:
    return (folder / "logs" / "workstation.log").read_text(encoding="utf-8")


def test_the_workstations_own_data_logs_what_came_before_and_after_its_opening(cli_station, tmp_path, capsys):
    from tests.helpers import run

    station = cli_station(tmp_path / "station")
    shutil.rmtree(station / "logs", ignore_errors=True)
    assert run(capsys, "--data-dir", station, "cases", "list", "--agency", "NO-SUCH-AGENCY")[0] == 1
    assert "command refused: cases ValidationError" in _log(station)
    # refused before the database is opened: its line is in the log all the same
    existing = tmp_path / "统计.csv"
    existing.write_text("kept", encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", station, "stats", "export", "--output", existing)
    assert code == 1, err
    assert existing.read_text(encoding="utf-8") == "kept"
    assert _log(station).count("command refused: stats") == 1


def test_a_refusal_before_the_opening_of_another_programs_database_leaves_no_log(tmp_path, capsys, english):
    from tests.helpers import run

    path = _foreign(tmp_path / "other")
    existing = tmp_path / "统计.csv"
    existing.write_text("kept", encoding="utf-8")
    assert run(capsys, "--data-dir", path.parent, "stats", "export", "--output", existing)[0] == 1
    assert sorted(p.name for p in path.parent.iterdir()) == ["workstation.db"]


def test_a_workstation_database_of_a_newer_version_keeps_its_log_and_its_refusal(cli_station, tmp_path, capsys,
                                                                                english):
    from tests.helpers import run
    from workstation.paths import database_path

    station = cli_station(tmp_path / "station")
    shutil.rmtree(station / "logs", ignore_errors=True)
    conn = sqlite3.connect(database_path(station))
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "SELECT migration_set, 'm999_future', applied_at FROM _sqlite_migrations LIMIT 1")
    conn.commit()
    conn.close()
    code, _out, err = run(capsys, "--data-dir", station, "cases", "list")
    assert code == 1 and "newer version" in err
    assert "schema m999_future is newer" in _log(station)


# 3. the documents tab's refusals ------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_documents_tabs_refusals_are_those_worked_out_form_by_form(qtbot, db, data_dir, make_case, prompts,
                                                                       english):
    from ui.case_documents import CaseDocuments
    from workstation.documents.stage_rules import state_refusal
    from workstation.formkit.refusals import case_refusal
    from workstation.formkit.values import case_context
    from workstation.procedure import decision_exclusion
    from workstation.store import get_case

    made = make_case(status="served", lead_received_on="2026-02-10", filed_on="2026-03-02", decided_on="2026-04-20",
                     fine_fen=300000, violations=["illegal_provision_or_leak"], facts="经查，当事人泄露消费者个人信息。")
    case = get_case(db, made.id)
    section = CaseDocuments(db, data_dir, case, prompts)
    qtbot.addWidget(section)
    one_by_one = {}
    for form in section.forms.values():
        if form.kind == "interview":
            continue
        reason = (case_refusal(form, case_context(db, case)) or state_refusal(db, case, form.id)
                  or decision_exclusion(db, case, form.id))
        if reason:
            one_by_one[form.id] = reason
    assert "exclude each other" in one_by_one.get("no_penalty_decision", "")
    assert section._refusals() == one_by_one
    offered = {section.form_choice.itemData(row) for row in range(section.form_choice.count())
               if section.form_choice.offered(row)}
    assert not offered & set(one_by_one)
