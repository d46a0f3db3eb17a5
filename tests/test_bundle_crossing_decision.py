# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters decides a conflict and hands the decision out while the station, not having taken it yet, sends a
bundle of its own (the two cross). Neither side then sees a conflict nobody made: the station takes the decision as
a plain update and keeps its own other changes, and headquarters takes the station's bundle, which still carries
the value headquarters decided against, without a new conflict. A real new edit of the field by the station after
the value headquarters decided on is still a conflict on both sides."""

from __future__ import annotations

import pytest

from tests.helpers import run_json
from tests.test_bundle_hq import (  # noqa: F401
    STATIONS,
    case_figures,
    dirs,
    edit_case,
    export,
    import_,
    template,
)
from tests.test_bundle_undecided import _conflicts, conflict_open, conflicted  # noqa: F401

CASE = STATIONS["shunde"][2]


def _decided_and_crossed(capsys, dirs, conflict: str, how: str, facts: str = "", **station_edit) -> None:
    """Headquarters (7,000) and Shunde (6,000) are in conflict over the fine; headquarters (having set the facts
    to ``facts``) hands out (h2, the fine undecided), which Shunde takes; headquarters decides and hands out again
    (h3); before taking h3, Shunde changes ``station_edit`` and sends s3. ``dirs`` hold the open ``conflict``
    (``conflict_open``)."""
    if facts:
        edit_case(dirs / "hq", CASE, facts=facts)
    export(capsys, dirs, "hq", "h2.bundle")
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["conflicts"] == 0
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict, how)
    export(capsys, dirs, "hq", "h3.bundle")
    edit_case(dirs / "shunde", CASE, **station_edit)
    export(capsys, dirs, "shunde", "s3.bundle")


@pytest.mark.parametrize("facts", ["", "市局补充"], ids=["h2-as-the-station-sent-it", "h2-with-hq-facts"])
@pytest.mark.parametrize(("how", "decided"), [("--keep-local", 700_000), ("--take-incoming", 600_000)],
                         ids=["hq-keeps-its-value", "hq-takes-the-station-s"])
def test_a_decision_crossing_the_station_s_bundle_raises_no_conflict_on_either_side(capsys, conflict_open, how,
                                                                                     decided, facts):
    dirs, conflict = conflict_open
    _decided_and_crossed(capsys, dirs, conflict, how, facts, records_other=480)
    merged = import_(capsys, dirs, "h3.bundle", at="shunde")
    assert merged["conflicts"] == 0 and _conflicts(capsys, dirs, at="shunde") == []
    assert case_figures(dirs / "shunde", CASE) == (decided, 480, facts)  # the decision taken, its count kept
    merged = import_(capsys, dirs, "s3.bundle")  # still carrying the fine headquarters decided against
    assert merged["conflicts"] == 0 and _conflicts(capsys, dirs) == []
    assert case_figures(dirs / "hq", CASE) == (decided, 480, facts)
    # the next round trip is quiet too
    export(capsys, dirs, "hq", "h4.bundle")
    assert import_(capsys, dirs, "h4.bundle", at="shunde")["conflicts"] == 0
    export(capsys, dirs, "shunde", "s4.bundle", "--all")
    assert import_(capsys, dirs, "s4.bundle")["conflicts"] == 0
    assert case_figures(dirs / "shunde", CASE) == case_figures(dirs / "hq", CASE) == (decided, 480, facts)


def test_the_station_changing_the_field_again_before_taking_the_decision_is_a_conflict_on_both_sides(capsys,
                                                                                                   conflict_open):
    dirs, conflict = conflict_open
    _decided_and_crossed(capsys, dirs, conflict, "--keep-local", fine_fen=650_000, records_other=480)
    assert import_(capsys, dirs, "h3.bundle", at="shunde")["conflicts"] == 1
    assert [(c["field"], c["local"], c["incoming"]) for c in _conflicts(capsys, dirs, at="shunde")] == \
        [("fine_fen", 650_000, 700_000)]
    assert case_figures(dirs / "shunde", CASE) == (650_000, 480, "")
    assert import_(capsys, dirs, "s3.bundle")["conflicts"] == 1
    assert [(c["field"], c["local"], c["incoming"]) for c in _conflicts(capsys, dirs)] == \
        [("fine_fen", 700_000, 650_000)]
    assert case_figures(dirs / "hq", CASE) == (700_000, 480, "")
