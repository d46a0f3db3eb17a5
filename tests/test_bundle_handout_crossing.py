# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A station taking a hand-out headquarters made before it had imported the station's latest bundle: the hand-out
says how far into each station's audit log headquarters had imported, so the station's own changes headquarters
had not seen yet are not undone by headquarters' older copy — compared with the version headquarters last shared
when the station holds it, or with the version of the station's own that headquarters last received (only a field
both changed is a conflict), else kept as conflicts; the ordinary round
trips still merge without conflicts, and hand-outs of older versions still import."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from tests.data_digest import data_digest
from tests.helpers import copy_of, open_db, run, run_json
from tests.test_bundle_common_base import _as_written_by
from tests.test_bundle_hq import (  # noqa: F401
    STATIONS,
    case_figures,
    dirs,
    edit_case,
    export,
    import_,
    shared_once,
    take_headquarters_card,
    template,
)

CASE = STATIONS["shunde"][2]


class _Output:
    """What ``capsys`` is to ``tests.helpers.run`` for a fixture made once a module (``capsys`` is a test's): the
    commands' output, redirected to it, read back and cleared."""

    def __init__(self):
        self.out, self.err = io.StringIO(), io.StringIO()

    def readouterr(self) -> tuple[str, str]:
        found = self.out.getvalue(), self.err.getvalue()
        for stream in (self.out, self.err):
            stream.seek(0)
            stream.truncate()
        return found


@pytest.fixture(scope="module")
def shared_template(template, tmp_path_factory):
    """``template`` after ``shared_once`` (its checks made here): made once a module for the tests that start
    there, each of which ran its five commands before."""
    root = tmp_path_factory.mktemp("handout-crossing-shared")
    made = root / "network"
    made.mkdir()
    copy_of(template, made)
    output = _Output()
    with pytest.MonkeyPatch.context() as patch:  # no test's home yet: one of its own, as _isolated_home gives
        for name, folder in (("WORKSTATION_HOME", "home"), ("HOME", "user"), ("XDG_DATA_HOME", "user/data"),
                             ("XDG_CONFIG_HOME", "user/config")):
            patch.setenv(name, str(root / folder))
        with contextlib.redirect_stdout(output.out), contextlib.redirect_stderr(output.err):
            shared_once(output, made)
    return made


@pytest.fixture
def shared_dirs(shared_template, tmp_path):
    """A copy of ``shared_template`` for the test to change: Shunde and headquarters have shared once."""
    return copy_of(shared_template, tmp_path)


def _station_conflicts(capsys, dirs) -> dict[str, tuple]:
    found = run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "conflicts")
    return {c["field"]: (c["local"], c["incoming"]) for c in found}


def test_a_hand_out_made_before_headquarters_took_the_station_s_bundle_does_not_undo_the_station_s_change(
        capsys, shared_dirs):
    dirs = shared_dirs
    edit_case(dirs / "shunde", CASE, fine_fen=600_000)
    export(capsys, dirs, "shunde", "s2.bundle")
    # headquarters hands everything out again before it has imported s2: its copy grew from h1, as the station's
    # did, and only the station changed the fine since: the station keeps it, with nothing to choose
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    merged = import_(capsys, dirs, "h2.bundle", at="shunde")
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 0, "unchanged": 1, "conflicts": 0}
    assert case_figures(dirs / "shunde", CASE)[0] == 600_000
    assert _station_conflicts(capsys, dirs) == {}
    # headquarters takes s2 as a plain update, and its next hand-out agrees with the station
    merged = import_(capsys, dirs, "s2.bundle")
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 1, "unchanged": 0, "conflicts": 0}
    edit_case(dirs / "hq", CASE, facts="市局更正")
    export(capsys, dirs, "hq", "h3.bundle", "--all")
    merged = import_(capsys, dirs, "h3.bundle", at="shunde")
    assert merged["conflicts"] == 0 and merged["by_table"]["cases"]["updated"] == 1
    assert case_figures(dirs / "shunde", CASE) == case_figures(dirs / "hq", CASE) == (600_000, 300, "市局更正")


def test_a_record_the_station_changed_meanwhile_takes_what_only_headquarters_changed(capsys, shared_dirs):
    # both copies grew from h1, which the station holds: headquarters' correction of the facts is taken, the
    # station's own fine stays, and only the count both changed is a conflict (kept as the station's value)
    dirs = shared_dirs
    edit_case(dirs / "shunde", CASE, fine_fen=600_000, records_other=400)
    export(capsys, dirs, "shunde", "s2.bundle")
    edit_case(dirs / "hq", CASE, facts="市局更正", records_other=350)
    export(capsys, dirs, "hq", "h2.bundle")
    merged = import_(capsys, dirs, "h2.bundle", at="shunde")
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 0, "unchanged": 0, "conflicts": 1}
    assert case_figures(dirs / "shunde", CASE) == (600_000, 400, "市局更正")
    assert _station_conflicts(capsys, dirs) == {"records_other": (400, 350)}


def _nanhai_corrects_shunde_s_case_last(capsys, dirs) -> None:
    """Nanhai corrects Shunde's case after taking h1 (n1, imported): headquarters' last shared version is Nanhai's,
    which Shunde never held; Shunde, which never received a version of its case from headquarters (h1 said what it
    had sent), changes the fine and sends s2 before headquarters hands out h2. ``dirs``: shared once already
    (``shared_dirs``)."""
    take_headquarters_card(capsys, dirs, "nanhai")
    import_(capsys, dirs, "h1.bundle", at="nanhai")
    edit_case(dirs / "nanhai", CASE, facts="南海补充")
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    edit_case(dirs / "shunde", CASE, fine_fen=600_000)
    export(capsys, dirs, "shunde", "s2.bundle")
    export(capsys, dirs, "hq", "h2.bundle")


def test_a_station_that_never_held_headquarters_last_version_merges_against_the_version_it_sent(
        capsys, shared_dirs):
    dirs = shared_dirs
    # the hand-out says headquarters last received s1 from Shunde: both copies grew from it, so Nanhai's facts
    # are taken and Shunde's fine stays, with nothing to choose
    _nanhai_corrects_shunde_s_case_last(capsys, dirs)
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["conflicts"] == 0
    assert case_figures(dirs / "shunde", CASE) == (600_000, 300, "南海补充")
    assert _station_conflicts(capsys, dirs) == {}


def test_every_differing_field_is_a_conflict_when_no_version_held_in_common_is_known(capsys, shared_dirs):
    dirs = shared_dirs
    # a hand-out of an older version does not say what headquarters received from the station: which side changed
    # a field is not known, and nothing is taken silently
    _nanhai_corrects_shunde_s_case_last(capsys, dirs)

    def older(manifest, members):
        bases = json.loads(members["bases.json"])
        bases.pop("received")
        members["bases.json"] = json.dumps(bases).encode("utf-8")

    _as_written_by(dirs / "hq", dirs / "h2.bundle", dirs / "h2-older.bundle", older)
    assert import_(capsys, dirs, "h2-older.bundle", at="shunde")["conflicts"] == 1
    assert case_figures(dirs / "shunde", CASE) == (600_000, 300, "")
    assert _station_conflicts(capsys, dirs) == {"fine_fen": (600_000, 500_000), "facts": ("", "南海补充")}


def test_round_trips_and_a_station_that_changed_nothing_take_the_hand_out_without_conflicts(capsys, shared_dirs):
    dirs = shared_dirs
    # headquarters has imported the station's latest bundle before handing out
    edit_case(dirs / "shunde", CASE, fine_fen=600_000)
    export(capsys, dirs, "shunde", "s2.bundle")
    import_(capsys, dirs, "s2.bundle")
    edit_case(dirs / "hq", CASE, facts="市局更正")
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    merged = import_(capsys, dirs, "h2.bundle", at="shunde")
    assert merged["conflicts"] == 0 and merged["by_table"]["cases"]["updated"] == 1
    assert case_figures(dirs / "shunde", CASE) == (600_000, 300, "市局更正")
    # the station sends a bundle holding no change of its own; headquarters' next correction crosses it
    export(capsys, dirs, "shunde", "s3.bundle", "--all")
    edit_case(dirs / "hq", CASE, records_other=480)
    export(capsys, dirs, "hq", "h3.bundle", "--all")
    merged = import_(capsys, dirs, "h3.bundle", at="shunde")
    assert merged["conflicts"] == 0 and merged["by_table"]["cases"]["updated"] == 1
    assert case_figures(dirs / "shunde", CASE) == (600_000, 480, "市局更正")
    assert _station_conflicts(capsys, dirs) == {}


def deleted_before_the_hand_out(capsys, dirs, publicity_id: str) -> None:
    """Shunde and headquarters share everything; Shunde deletes the publicity activity and sends s2, and
    headquarters hands everything out (h2) before it has taken s2."""
    from workstation.store.publicity import delete_publicity

    shared_once(capsys, dirs)
    db = open_db(dirs / "shunde")
    delete_publicity(db, publicity_id)
    db.conn.close()
    export(capsys, dirs, "shunde", "s2.bundle")
    export(capsys, dirs, "hq", "h2.bundle", "--all")  # before headquarters took s2


def test_a_record_the_station_deleted_meanwhile_is_not_brought_back_by_the_hand_out(capsys, dirs):
    added = run_json(capsys, "--data-dir", dirs / "shunde", "publicity", "add", "--date", "2026-03-08",
                     "--title", "社区宣传", "--flyers", "200")
    deleted_before_the_hand_out(capsys, dirs, added["id"])
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["conflicts"] == 0
    assert run_json(capsys, "--data-dir", dirs / "shunde", "stats")["publicity"]["flyers"] == 0
    # headquarters takes the deletion, and its next hand-out brings nothing back either
    import_(capsys, dirs, "s2.bundle")
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["publicity"]["flyers"] == 0


def _without_imported(manifest: dict, members: dict) -> None:
    bases = json.loads(members["bases.json"])
    del bases["imported"]
    members["bases.json"] = json.dumps(bases).encode("utf-8")


def test_a_hand_out_of_an_older_version_still_imports(capsys, shared_dirs):
    dirs = shared_dirs
    edit_case(dirs / "hq", CASE, facts="市局更正")
    export(capsys, dirs, "hq", "h2.bundle")
    _as_written_by(dirs / "hq", dirs / "h2.bundle", dirs / "old2.bundle", _without_imported)
    merged = import_(capsys, dirs, "old2.bundle", at="shunde")
    assert merged["conflicts"] == 0 and merged["by_table"]["cases"]["updated"] == 1
    assert case_figures(dirs / "shunde", CASE)[2] == "市局更正"


def test_a_hand_out_with_an_unreadable_import_position_is_refused(capsys, dirs, english):
    shared_once(capsys, dirs)
    export(capsys, dirs, "hq", "h2.bundle", "--all")

    def garbled(manifest, members):
        bases = json.loads(members["bases.json"])
        bases["imported"] = {station: "seven" for station in bases["imported"]}
        members["bases.json"] = json.dumps(bases).encode("utf-8")

    _as_written_by(dirs / "hq", dirs / "h2.bundle", dirs / "garbled.bundle", garbled)
    before = data_digest(dirs / "shunde")
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "garbled.bundle")
    assert code == 1 and data_digest(dirs / "shunde") == before
    assert err.strip().splitlines() == ["Error: garbled.bundle: bases.json is not readable; the bundle is refused: "
                                        "ask headquarters to export the hand-out again."]


def test_a_station_that_has_not_named_headquarters_merges_as_before(capsys, dirs):
    # Nanhai only trusts headquarters' card: a hand-out is merged without the check, as before
    run_json(capsys, "--data-dir", dirs / "nanhai", "station", "trust", dirs / "hq.card")
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    assert import_(capsys, dirs, "h1.bundle", at="nanhai")["conflicts"] == 0
    number = STATIONS["nanhai"][2]
    edit_case(dirs / "hq", number, facts="市局更正")
    export(capsys, dirs, "hq", "h2.bundle")
    assert import_(capsys, dirs, "h2.bundle", at="nanhai")["conflicts"] == 0
    assert case_figures(dirs / "nanhai", number)[2] == "市局更正"


def _conflict_statuses(data_dir) -> list[tuple[str, str]]:
    db = open_db(data_dir)
    found = db.execute("SELECT field, status FROM conflicts ORDER BY detected_at, field").fetchall()
    db.conn.close()
    return [tuple(row) for row in found]


def test_a_conflict_the_next_hand_out_agrees_with_is_settled_and_recorded(capsys, shared_dirs):
    dirs = shared_dirs
    edit_case(dirs / "shunde", CASE, fine_fen=600_000)
    export(capsys, dirs, "shunde", "s2.bundle")
    edit_case(dirs / "hq", CASE, fine_fen=700_000)
    export(capsys, dirs, "hq", "h2.bundle", "--all")  # before headquarters took s2
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["conflicts"] == 1
    # headquarters takes the station's fine, and hands it out: nothing is left for the officer to choose
    import_(capsys, dirs, "s2.bundle")
    [conflict] = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--take-incoming")
    export(capsys, dirs, "hq", "h3.bundle", "--all")
    assert run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h3.bundle", "--dry-run")[
        "settled"] == 1
    assert _station_conflicts(capsys, dirs) == {"fine_fen": (600_000, 700_000)}  # a dry run settles nothing
    merged = import_(capsys, dirs, "h3.bundle", at="shunde")
    assert (merged["settled"], merged["conflicts"]) == (1, 0)
    assert _station_conflicts(capsys, dirs) == {}
    assert _conflict_statuses(dirs / "shunde") == [("fine_fen", "agreed")]
    assert case_figures(dirs / "shunde", CASE)[0] == 600_000
    code, out, _err = run(capsys, "--data-dir", dirs / "shunde", "audit", "verify", "--json")
    assert code == 0 and json.loads(out)["valid"]
    db = open_db(dirs / "shunde")
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'settle_conflict'").fetchone()[0] == 1
    db.conn.close()


def test_a_later_value_of_the_station_supersedes_its_open_conflict(capsys, english, dirs):
    # headquarters corrects the count, then hands out before it has taken the station's own correction twice
    shared_once(capsys, dirs)
    edit_case(dirs / "shunde", CASE, records_other=400)
    export(capsys, dirs, "shunde", "s2.bundle")
    edit_case(dirs / "hq", CASE, records_other=350)
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    import_(capsys, dirs, "s2.bundle")
    assert [(c["local"], c["incoming"]) for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle",
                                                          "conflicts")] == [(350, 400)]
    edit_case(dirs / "shunde", CASE, records_other=420)
    export(capsys, dirs, "shunde", "s3.bundle")
    import_(capsys, dirs, "s3.bundle")
    # only the station's latest value is offered: taking the older one would undo its own later change
    assert [(c["local"], c["incoming"]) for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle",
                                                          "conflicts")] == [(350, 420)]
    assert sorted(_conflict_statuses(dirs / "hq")) == [("records_other", "open"), ("records_other", "superseded")]
