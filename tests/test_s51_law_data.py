"""A bureau's own copy of a legal data file (<data dir>/law/<name>.toml) is read in place of the shipped one, once it
passes the file's checks; a copy that fails them gives way to the shipped values and the problem is said, naming the
file and the key. criminal.toml, discretion.toml and catalogue.toml are checked as clocks.toml and thresholds.toml
are: a value of the wrong type is a refusal naming it, never a crash in the case's pages. ``law files``, ``law
copy`` and ``law reset`` show, make and remove the bureau's copies."""

from __future__ import annotations

import json
import shutil

import pytest

from workstation import clocks, paths
from workstation.errors import WorkstationError
from workstation.law import criminal, discretion, thresholds
from workstation.law import data as law_data


@pytest.fixture
def station(data_dir, monkeypatch):
    """``data_dir`` as the data directory in use, with a law folder; every cache of the legal data forgotten."""
    monkeypatch.setattr(law_data, "_PARSED", {})
    clocks._rules.cache_clear()
    previous = paths.use_data_dir(data_dir)
    (data_dir / "law").mkdir()
    yield data_dir
    paths.use_data_dir(previous)
    clocks._rules.cache_clear()


def _copy(folder, name: str, old: str, new: str):
    text = paths.resource("law", f"{name}.toml").read_text(encoding="utf-8")
    assert old in text
    target = folder / "law" / f"{name}.toml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_a_bureaus_hearing_amount_is_used(station):
    shipped, _inclusive = thresholds.hearing_limit("person")
    assert shipped == 1_000_000
    # lowered: a copy may not raise the hearing amounts (s60: tests/test_s60_calendar_law.py)
    _copy(station, "thresholds", "natural_person_fen = 1_000_000", "natural_person_fen = 500_000")
    assert thresholds.hearing_limit("person")[0] == 500_000
    assert law_data.problems() == []


def test_a_bad_copy_gives_way_to_the_shipped_values_and_is_named(station, caplog):
    _copy(station, "criminal", "threshold = 5_000", 'threshold = "5000"')
    result = criminal.assess(0, 0, 6000, 0)  # no crash: the shipped threshold 5,000
    assert result.serious
    problems = law_data.problems()
    assert len(problems) == 1
    assert "criminal.toml" in problems[0] and "threshold" in problems[0]
    assert any("criminal.toml" in record.getMessage() for record in caplog.records)


def test_the_shipped_criminal_and_discretion_files_are_checked(station, monkeypatch):
    folder = station / "shipped"
    shutil.copytree(paths.resource("law"), folder)
    monkeypatch.setattr(law_data, "resource", lambda *parts: folder.joinpath(*parts[1:]))
    for name, old, new, key in (
            ("criminal", "threshold = 5_000", "threshold = -1", "threshold"),
            ("criminal", "threshold = 5_000", "", "threshold"),
            ("discretion", "{ tier = \"ordinary\", from = 30, to = 70 }", "{ tier = \"ordinary\", from = \"30\", to = 70 }",
             "from"),
            ("discretion", "refuse = false", 'refuse = "false"', "refuse"),
            ("discretion", "years = 2", 'years = "2"', "years"),
            ("catalogue", "\nallowed = false", '\nallowed = "false"', "allowed")):
        original = (folder / f"{name}.toml").read_text(encoding="utf-8")
        (folder / f"{name}.toml").write_text(original.replace(old, new, 1), encoding="utf-8")
        monkeypatch.setattr(law_data, "_PARSED", {})
        with pytest.raises(WorkstationError) as caught:
            law_data.load(name)
        assert f"{name}.toml" in caught.value.message and key in caught.value.message, caught.value.message
        (folder / f"{name}.toml").write_text(original, encoding="utf-8")
    monkeypatch.setattr(law_data, "_PARSED", {})
    assert discretion.tiers(0, 1_000_000)


def test_the_period_of_publication_follows_the_data(station, monkeypatch):
    # the law's three years: a bureau's copy may not change them (s60), the shipped file of a later version may
    monkeypatch.setitem(law_data.STATUTORY, "thresholds", {})
    _copy(station, "thresholds", "long_period_months = 36", "long_period_months = 24")
    law = thresholds.publication("company", 50_000_000, procedure="ordinary")
    assert law.period_months == 24
    assert "公示期二年" in law.reasons[1] or "two years" in law.reasons[1]


def test_law_copy_files_and_reset(station, capsys):
    from workstation.cli import main

    shutil.rmtree(station / "law")
    assert main(["law", "copy", "discretion", "--data-dir", str(station)]) == 0
    copied = station / "law" / "discretion.toml"
    assert copied.read_bytes() == paths.resource("law", "discretion.toml").read_bytes()
    capsys.readouterr()
    assert main(["law", "copy", "discretion", "--data-dir", str(station)]) != 0  # not overwritten
    assert "--force" in capsys.readouterr().err
    copied.write_text(copied.read_text(encoding="utf-8").replace("years = 2", 'years = "2"', 1), encoding="utf-8")
    assert main(["law", "files", "--json", "--data-dir", str(station)]) == 0
    files = {f["name"]: f for f in json.loads(capsys.readouterr().out)}
    assert files["discretion"]["own_copy"] and not files["discretion"]["in_force"]
    assert "years" in files["discretion"]["problem"]
    assert not files["criminal"]["own_copy"] and files["criminal"]["problem"] == ""
    assert main(["law", "files", "--data-dir", str(station)]) == 0
    assert "discretion.toml" in capsys.readouterr().out
    assert main(["law", "reset", "discretion", "--data-dir", str(station)]) == 0
    assert not copied.exists()
    assert main(["law", "copy", "nonsense", "--data-dir", str(station)]) != 0


def test_the_deadlines_board_names_a_refused_copy(demo_db, make_window, data_dir, qtbot, monkeypatch):
    """The window says it too: the board's problem line (where a holiday file's are) names the copy and the key."""
    monkeypatch.setattr(law_data, "_PARSED", {})
    (data_dir / "law").mkdir(exist_ok=True)
    _copy(data_dir, "criminal", "threshold = 5_000", "threshold = -1")
    window = make_window(demo_db)
    window.board.start()
    qtbot.waitUntil(lambda: window.board.started)
    assert window.board.problems.isVisibleTo(window.board)
    assert "criminal.toml" in window.board.problems.text() and "threshold" in window.board.problems.text()
