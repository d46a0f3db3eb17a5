# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A field still in open conflict at headquarters travels in its hand-out as undecided: the station keeps its own
value until headquarters decides, then takes the decided value with its next hand-out, and nothing of it comes
back as a conflict afterwards. The same the other way: a station's own open conflict (from a hand-out it took)
leaves headquarters its value until the station decides. A third station re-sending its copy meanwhile raises no
conflict, and a party corrected on its own travels with an ordinary hand-out."""

from __future__ import annotations

import contextlib
import gc
import io
from pathlib import Path

import pytest

from tests.helpers import copy_of, open_db, run_json
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
from workstation.bundle import undecided_note

CASE = STATIONS["shunde"][2]


def _conflicts(capsys, dirs, at="hq") -> list[dict]:
    return run_json(capsys, "--data-dir", dirs / at, "bundle", "conflicts")


def _open_conflict_at_headquarters(capsys, dirs) -> str:
    """Shunde and headquarters share the case; both change its fine (headquarters 7,000, Shunde 6,000) and
    headquarters imports Shunde's bundle: a conflict headquarters has not decided yet. Returns its id."""
    shared_once(capsys, dirs)
    edit_case(dirs / "hq", CASE, fine_fen=700_000)
    edit_case(dirs / "shunde", CASE, fine_fen=600_000)
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 1
    [conflict] = _conflicts(capsys, dirs)
    assert (conflict["field"], conflict["local"], conflict["incoming"]) == ("fine_fen", 700_000, 600_000)
    return conflict["id"]


class _Output:
    """``capsys`` as the helpers read it (``readouterr()``), for a fixture made once a module, where there is none:
    what the command line printed since the last read, while ``contextlib.redirect_*`` sends it here."""

    def __init__(self):
        self.out, self.err = io.StringIO(), io.StringIO()

    def readouterr(self) -> tuple[str, str]:
        said = self.out.getvalue(), self.err.getvalue()
        for stream in (self.out, self.err):
            stream.seek(0)
            stream.truncate()
        return said


@pytest.fixture(scope="module")
def conflicted(template, tmp_path_factory):
    """``conflicted(where)`` → (folder, conflict id): ``template``'s folders after ``_open_conflict_at_headquarters``
    (where "hq") or ``_open_conflict_at_the_station`` ("station"), made once for the module (their checks run
    there), copied by ``conflict_open`` / ``station_conflict_open`` for each test that starts from it."""
    built: dict[str, tuple[Path, str]] = {}

    def made(where: str) -> tuple[Path, str]:
        if where not in built:
            root = copy_of(template, tmp_path_factory.mktemp(f"conflict-open-{where}"))
            opening = {"hq": _open_conflict_at_headquarters, "station": _open_conflict_at_the_station}[where]
            output = _Output()
            with contextlib.redirect_stdout(output.out), contextlib.redirect_stderr(output.err):
                built[where] = root, opening(output, root)
            gc.collect()
        return built[where]

    return made


@pytest.fixture
def conflict_open(conflicted, tmp_path) -> tuple[Path, str]:
    """(folders, conflict id): a copy of ``conflicted("hq")``, as ``dirs`` is of ``template``."""
    root, conflict = conflicted("hq")
    return copy_of(root, tmp_path), conflict


@pytest.fixture
def station_conflict_open(conflicted, tmp_path) -> tuple[Path, str]:
    """(folders, conflict id): a copy of ``conflicted("station")``, Shunde's own conflict open."""
    root, conflict = conflicted("station")
    return copy_of(root, tmp_path), conflict


def test_a_hand_out_made_while_a_conflict_is_open_leaves_the_station_its_own_value(capsys, conflict_open):
    dirs, _conflict = conflict_open
    edit_case(dirs / "hq", CASE, facts="市局补充")  # a field headquarters alone changed still travels
    export(capsys, dirs, "hq", "h2.bundle")
    merged = import_(capsys, dirs, "h2.bundle", at="shunde")
    assert merged["conflicts"] == 0 and merged["undecided"] == 1 and merged["undecided_station"] is None
    assert case_figures(dirs / "shunde", CASE) == (600_000, 300, "市局补充")
    assert _conflicts(capsys, dirs, at="shunde") == []
    # headquarters still holds its own value, with the conflict open
    assert case_figures(dirs / "hq", CASE) == (700_000, 300, "市局补充")
    assert len(_conflicts(capsys, dirs)) == 1


def test_once_headquarters_decides_the_next_hand_out_brings_the_decided_value_without_new_conflicts(capsys, conflict_open):
    dirs, conflict = conflict_open
    export(capsys, dirs, "hq", "h2.bundle")
    import_(capsys, dirs, "h2.bundle", at="shunde")
    assert case_figures(dirs / "shunde", CASE)[0] == 600_000
    # the station goes on with another field meanwhile; headquarters takes it as a plain update
    edit_case(dirs / "shunde", CASE, records_other=480)
    export(capsys, dirs, "shunde", "s3.bundle")
    merged = import_(capsys, dirs, "s3.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["cases"]["updated"] == 1
    assert len(_conflicts(capsys, dirs)) == 1  # still undecided
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict, "--keep-local")
    # an ordinary "changed since the last export" hand-out carries the decision
    export(capsys, dirs, "hq", "h3.bundle")
    merged = import_(capsys, dirs, "h3.bundle", at="shunde")
    assert merged["conflicts"] == 0 and merged["by_table"]["cases"]["updated"] == 1
    assert case_figures(dirs / "shunde", CASE) == case_figures(dirs / "hq", CASE) == (700_000, 480, "")
    assert _conflicts(capsys, dirs, at="shunde") == []
    # the round trip after the decision raises no conflict on either side
    edit_case(dirs / "shunde", CASE, facts="当事人已承认")
    export(capsys, dirs, "shunde", "s4.bundle")
    merged = import_(capsys, dirs, "s4.bundle")
    assert merged["conflicts"] == 0 and _conflicts(capsys, dirs) == []
    export(capsys, dirs, "hq", "h4.bundle")
    assert import_(capsys, dirs, "h4.bundle", at="shunde")["conflicts"] == 0
    assert case_figures(dirs / "shunde", CASE) == case_figures(dirs / "hq", CASE) == (700_000, 480, "当事人已承认")


def test_taking_the_station_s_value_leaves_it_in_place_at_the_station(capsys, conflict_open):
    dirs, conflict = conflict_open
    export(capsys, dirs, "hq", "h2.bundle")
    import_(capsys, dirs, "h2.bundle", at="shunde")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict, "--take-incoming")
    export(capsys, dirs, "hq", "h3.bundle")
    assert import_(capsys, dirs, "h3.bundle", at="shunde")["conflicts"] == 0
    assert case_figures(dirs / "shunde", CASE) == case_figures(dirs / "hq", CASE) == (600_000, 300, "")
    edit_case(dirs / "shunde", CASE, records_other=480)
    export(capsys, dirs, "shunde", "s3.bundle")
    assert import_(capsys, dirs, "s3.bundle")["conflicts"] == 0
    assert case_figures(dirs / "hq", CASE) == (600_000, 480, "")


def test_a_station_not_party_to_the_conflict_keeps_its_value_too_until_headquarters_decides(capsys, conflict_open):
    dirs, conflict = conflict_open
    # Nanhai took the first hand-out (before the conflict), so it holds a copy of Shunde's case at 5,000
    take_headquarters_card(capsys, dirs, "nanhai")
    assert import_(capsys, dirs, "h1.bundle", at="nanhai")["conflicts"] == 0
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    assert import_(capsys, dirs, "h2.bundle", at="nanhai")["conflicts"] == 0
    assert case_figures(dirs / "nanhai", CASE)[0] == 500_000
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict, "--keep-local")
    export(capsys, dirs, "hq", "h3.bundle")
    assert import_(capsys, dirs, "h3.bundle", at="nanhai")["conflicts"] == 0
    assert case_figures(dirs / "nanhai", CASE)[0] == 700_000


def _open_conflict_at_the_station(capsys, dirs) -> str:
    """Shunde and headquarters share the case; headquarters raises its fine to 7,000 and hands it out while Shunde,
    not having sent anything since, raises it to 6,000: taking the hand-out, Shunde keeps an open conflict of its
    own. Returns its id."""
    shared_once(capsys, dirs)
    edit_case(dirs / "hq", CASE, fine_fen=700_000)
    export(capsys, dirs, "hq", "h2.bundle")
    edit_case(dirs / "shunde", CASE, fine_fen=600_000)
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["conflicts"] == 1
    [conflict] = _conflicts(capsys, dirs, at="shunde")
    assert (conflict["field"], conflict["local"], conflict["incoming"]) == ("fine_fen", 600_000, 700_000)
    return conflict["id"]


def test_a_station_s_bundle_sent_while_its_own_conflict_is_open_leaves_headquarters_its_value(capsys,
                                                                                             station_conflict_open):
    dirs, _conflict = station_conflict_open
    edit_case(dirs / "shunde", CASE, facts="当事人已承认")  # a field the station alone changed still travels
    export(capsys, dirs, "shunde", "s2.bundle")
    merged = import_(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0 and merged["undecided"] == 1 and merged["undecided_station"] == "顺德区局"
    assert "顺德区局" in undecided_note(1, station=merged["undecided_station"])  # decided there, not here
    assert case_figures(dirs / "hq", CASE) == (700_000, 300, "当事人已承认")
    assert _conflicts(capsys, dirs) == []  # the station holds the choice
    assert case_figures(dirs / "shunde", CASE) == (600_000, 300, "当事人已承认")
    assert len(_conflicts(capsys, dirs, at="shunde")) == 1
    # a hand-out made meanwhile leaves the station's open conflict as it is
    export(capsys, dirs, "hq", "h3.bundle")
    assert import_(capsys, dirs, "h3.bundle", at="shunde")["conflicts"] == 0
    assert case_figures(dirs / "shunde", CASE)[0] == 600_000 and len(_conflicts(capsys, dirs, at="shunde")) == 1


@pytest.mark.parametrize("take_incoming", [False, True], ids=["station-keeps-its-value", "station-takes-hq-value"])
def test_the_station_s_decision_reaches_headquarters_with_its_next_bundle(capsys, station_conflict_open,
                                                                          take_incoming):
    dirs, conflict = station_conflict_open
    export(capsys, dirs, "shunde", "s2.bundle")
    import_(capsys, dirs, "s2.bundle")
    run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "resolve", conflict,
             "--take-incoming" if take_incoming else "--keep-local")
    decided = 700_000 if take_incoming else 600_000
    export(capsys, dirs, "shunde", "s3.bundle")
    merged = import_(capsys, dirs, "s3.bundle")
    assert merged["conflicts"] == 0 and merged["undecided"] == 0
    assert case_figures(dirs / "hq", CASE)[0] == case_figures(dirs / "shunde", CASE)[0] == decided
    # and the round trip raises nothing on either side
    export(capsys, dirs, "hq", "h3.bundle")
    assert import_(capsys, dirs, "h3.bundle", at="shunde")["conflicts"] == 0
    edit_case(dirs / "shunde", CASE, records_other=480)
    export(capsys, dirs, "shunde", "s4.bundle")
    assert import_(capsys, dirs, "s4.bundle")["conflicts"] == 0
    assert case_figures(dirs / "hq", CASE) == case_figures(dirs / "shunde", CASE) == (decided, 480, "")
    assert _conflicts(capsys, dirs) == _conflicts(capsys, dirs, at="shunde") == []


def test_a_third_station_re_sending_its_copy_before_the_decision_raises_no_conflict(capsys, conflict_open):
    dirs, conflict = conflict_open
    take_headquarters_card(capsys, dirs, "nanhai")
    assert import_(capsys, dirs, "h1.bundle", at="nanhai")["conflicts"] == 0
    edit_case(dirs / "hq", CASE, facts="市局补充")  # the hand-out Nanhai takes is a version it never held
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    assert import_(capsys, dirs, "h2.bundle", at="nanhai")["conflicts"] == 0
    assert case_figures(dirs / "nanhai", CASE) == (500_000, 300, "市局补充")
    # Nanhai sends everything, its copy of Shunde's case unchanged, before headquarters has decided
    export(capsys, dirs, "nanhai", "n1.bundle", "--all")
    merged = import_(capsys, dirs, "n1.bundle")
    assert merged["conflicts"] == 0
    assert [c["id"] for c in _conflicts(capsys, dirs)] == [conflict]  # only Shunde's, still open
    assert case_figures(dirs / "hq", CASE)[0] == 700_000
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict, "--keep-local")
    export(capsys, dirs, "hq", "h3.bundle")
    assert import_(capsys, dirs, "h3.bundle", at="nanhai")["conflicts"] == 0
    assert case_figures(dirs / "nanhai", CASE)[0] == 700_000
    export(capsys, dirs, "nanhai", "n2.bundle", "--all")
    assert import_(capsys, dirs, "n2.bundle")["conflicts"] == 0 and _conflicts(capsys, dirs) == []


def _party(data_dir, uscc: str) -> dict:
    db = open_db(data_dir)
    cursor = db.execute("SELECT * FROM parties WHERE uscc = ?", [uscc])
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    db.conn.close()
    return row


def _edit_party(data_dir, uscc: str, **fields) -> None:
    from dataclasses import replace

    from workstation.store.parties import get_party, save_party

    db = open_db(data_dir)
    save_party(db, replace(get_party(db, _party(data_dir, uscc)["id"]), **fields))
    db.conn.close()


def test_a_party_kept_at_headquarters_reaches_the_station_with_the_next_ordinary_hand_out(capsys, dirs):
    uscc = STATIONS["shunde"][3]
    shared_once(capsys, dirs)
    # both correct the party's address, the case itself unchanged: the station's correction travels alone
    _edit_party(dirs / "hq", uscc, address="佛山市顺德区大良街道新城路1号")
    _edit_party(dirs / "shunde", uscc, address="佛山市顺德区大良街道旧城路2号")
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 1
    [conflict] = _conflicts(capsys, dirs)
    assert conflict["field"] == "address"
    export(capsys, dirs, "hq", "h2.bundle")
    import_(capsys, dirs, "h2.bundle", at="shunde")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--keep-local")
    export(capsys, dirs, "hq", "h3.bundle")
    merged = import_(capsys, dirs, "h3.bundle", at="shunde")
    assert merged["conflicts"] == 0 and merged["by_table"]["parties"]["updated"] == 1
    assert _party(dirs / "shunde", uscc)["address"] == _party(dirs / "hq", uscc)["address"] == \
        "佛山市顺德区大良街道新城路1号"
