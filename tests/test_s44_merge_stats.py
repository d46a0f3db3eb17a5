# ruff: noqa: F811 - the fixtures imported from test_s43_hq_transfer_overruled are used by name
"""A station renumbering a case headquarters holds and giving its old number to another of its cases: headquarters
merges the bundle (the number is freed by the same bundle), whichever case the bundle brings first, two swapping too;
a number one case of the station still holds here is refused saying so, not as two stations numbering alike.
A decline (不予立案) or a transfer overruled at headquarters is not made to stand by the same station's later step
(结案) overruled with it: `stats` counts the case as filed, as at the station whose filing was kept."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_case_number_blocks import _file
from tests.test_s43_hq_transfer_overruled import dirs, template  # noqa: F401 - the demo network, used by name
from tests.test_s43_overruled_steps import PENDING, _pending_at_both
from workstation.records import Case, ClockEvent
from workstation.store import agency_id_for_code, create_case, find_case, get_case, update_case
from workstation.store.cases import case_timeline
from workstation.store.clock_events import record_clock_event

PARTY = "佛山市南海区瀚沅房地产经纪有限公司"  # the demo case's party


def _pending(dirs, cause: str) -> str:
    """A case 待立案 of Nanhai at station a, of the demo case's party and officers: its id."""
    db = open_db(dirs / "a")
    try:
        demo = find_case(db, "佛南市监立〔2026〕1号")
        return create_case(db, Case(case_number="", cause=cause, sector="real_estate",
                                    agency_id=agency_id_for_code("440605"), party_ids=demo.party_ids,
                                    officer_ids=demo.officer_ids)).id
    finally:
        db.conn.close()


def _numbered(dirs, numbers: dict[str, str]) -> None:
    """At station a, each case (by id) takes the number given (filed first when not filed yet), as a station of a
    version before the store refused a number an edit retired (kept void) did: such bundles still come."""
    from unittest.mock import patch

    db = open_db(dirs / "a")
    older = patch("workstation.store.cases.voided_case_number", return_value=None)
    older.start()
    try:
        for case_id in numbers:  # off their numbers first: a station's numbers are unique too
            case = get_case(db, case_id)
            if case.case_number:
                update_case(db, replace(case, case_number=case.case_number.replace("〕", "〕80", 1)))
        for case_id, number in numbers.items():
            case = get_case(db, case_id)
            if not case.case_number:
                _file(db, case)
            update_case(db, replace(get_case(db, case_id), case_number=number))
    finally:
        older.stop()
        db.conn.close()


def _send(capsys, dirs, *scope):
    run_json(capsys, "--data-dir", dirs / "a", "bundle", "export", "-o", dirs / "a.bundle", "--force", *scope)
    return run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "a.bundle")


def _numbers_at_hq(dirs, ids) -> dict[str, str]:
    db = open_db(dirs / "hq")
    try:
        return {i: db.execute("SELECT case_number FROM cases WHERE id = ?", [i]).fetchone()[0] for i in ids}
    finally:
        db.conn.close()


def _filed_at_a(dirs, case_id) -> str:
    db = open_db(dirs / "a")
    try:
        return _file(db, get_case(db, case_id))
    finally:
        db.conn.close()


@pytest.mark.parametrize("first", ["renumbered", "taking"])
def test_a_number_freed_by_the_same_bundle_is_taken_by_another_of_its_cases(dirs, capsys, english, first):
    # the case that takes the number comes first in the bundle, or after the one giving it up
    made = (first, "taking" if first == "renumbered" else "renumbered")
    ids = {c: _pending(dirs, f"涉嫌{c}案") for c in made}
    number = _filed_at_a(dirs, ids["renumbered"])
    assert _send(capsys, dirs)[0] == 0  # headquarters holds the case with its number, the other not filed
    moved = number.replace("〕", "〕90", 1)  # its paper bears another: the number was a typo
    _numbered(dirs, {ids["renumbered"]: moved, ids["taking"]: number})
    code, _out, err = _send(capsys, dirs)
    assert code == 0, err  # was refused: the number held by "南海甲's case" at 南海甲
    assert _numbers_at_hq(dirs, [ids["renumbered"], ids["taking"]]) == {ids["renumbered"]: moved,
                                                                         ids["taking"]: number}


def test_two_cases_swapping_their_numbers_are_merged(dirs, capsys, english):
    ids = [_pending(dirs, f"涉嫌第{n}案") for n in (1, 2)]
    numbers = [_filed_at_a(dirs, i) for i in ids]
    assert _send(capsys, dirs)[0] == 0
    _numbered(dirs, {ids[0]: numbers[1], ids[1]: numbers[0]})
    code, _out, err = _send(capsys, dirs)
    assert code == 0, err
    assert _numbers_at_hq(dirs, ids) == {ids[0]: numbers[1], ids[1]: numbers[0]}


def test_a_number_one_case_of_the_station_still_holds_here_is_refused_as_the_station_s_own(dirs, capsys, english):
    ids = {c: _pending(dirs, f"涉嫌{c}案") for c in ("renumbered", "taking")}
    number = _filed_at_a(dirs, ids["renumbered"])
    assert _send(capsys, dirs)[0] == 0
    _numbered(dirs, {ids["renumbered"]: number.replace("〕", "〕90", 1), ids["taking"]: number})
    code, _out, err = _send(capsys, dirs, "--case", ids["taking"])  # the renumbered case not in it
    assert code != 0
    assert (f"a.bundle: case number {number} of 南海甲's case ({PARTY}, 涉嫌taking案) is still held here by 南海甲's "
            f"case ({PARTY}, 涉嫌renumbered案), which this bundle does not move off it; nothing of the bundle was "
            "merged. Export a full bundle at 南海甲 (`bundle export --all`), which brings the number of both cases, "
            "and import it") in err
    assert "both numbered their cases on their own" not in err
    assert _send(capsys, dirs, "--all")[0] == 0  # as it says


# a step overruled with the same station's later step from it ------------------------------------------------------
CASE = "佛三市监立〔2026〕6号"  # 已告知 in the demo


def _settled_for_hq(capsys, dirs, *stations) -> list[tuple]:
    """``stations`` send their bundles to headquarters in that order, which keeps its own side of each conflict
    (the first station's): the conflicts, by field and incoming value."""
    for station in stations:
        run_json(capsys, "--data-dir", dirs / station, "bundle", "export", "-o", dirs / f"{station}.bundle")
        run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / f"{station}.bundle")
    conflicts = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    for conflict in conflicts:
        run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--keep-local")
    return [(c["field"], c["incoming"]) for c in conflicts]


def _cases(capsys, place) -> dict:
    return run_json(capsys, "--data-dir", place, "stats")["cases"]


def test_a_decline_overruled_is_not_made_to_stand_by_the_station_s_closing_after_it(dirs, capsys, english):
    _pending_at_both(dirs)
    run_json(capsys, "--data-dir", dirs / "a", "cases", "transition", PENDING, "decline_filing", "--date",
             "2026-11-25", "--reason", "违法事实不成立")
    run_json(capsys, "--data-dir", dirs / "a", "cases", "transition", PENDING, "close", "--date", "2026-11-27",
             "--reason", "不予立案结案")
    run_json(capsys, "--data-dir", dirs / "b", "cases", "transition", PENDING, "file", "--date", "2026-11-26")
    assert ("status", "closed") in _settled_for_hq(capsys, dirs, "b", "a")  # station b's filing kept
    hq = _cases(capsys, dirs / "hq")
    assert hq["by_status"].get("investigating") == _cases(capsys, dirs / "b")["by_status"]["investigating"]
    assert hq["total"] == _cases(capsys, dirs / "b")["total"]  # was one fewer: the decline counted as standing
    db = open_db(dirs / "hq")
    try:
        timeline = [e.text for e in case_timeline(db, get_case(db, PENDING)) if e.kind == "transition"]
    finally:
        db.conn.close()
    assert timeline[0] == "Awaiting filing → Not filed: overruled, the case's status was settled otherwise"


def test_a_transfer_overruled_is_not_made_to_stand_by_the_station_s_resuming_after_it(dirs, capsys, english):
    run_json(capsys, "--data-dir", dirs / "a", "cases", "transition", CASE, "end_statement_period", "--date",
             "2026-12-01")
    run_json(capsys, "--data-dir", dirs / "b", "cases", "transition", CASE, "transfer_to_police", "--date",
             "2026-12-02", "--reason", "涉嫌犯罪")
    db = open_db(dirs / "b")
    try:  # the police declined it (Case → Time limits), and station b took the case up again
        record_clock_event(db, ClockEvent(case_id=find_case(db, CASE).id, kind="police_refused",
                                          starts_on="2026-12-03"))
    finally:
        db.conn.close()
    run_json(capsys, "--data-dir", dirs / "b", "cases", "transition", CASE, "resume_after_police", "--date",
             "2026-12-03", "--reason", "公安机关不予立案，恢复办理")
    assert ("status", "investigating") in _settled_for_hq(capsys, dirs, "a", "b")  # station a's 待决定 kept
    hq = _cases(capsys, dirs / "hq")
    assert hq["transferred_to_police"] == 0  # was 1: the transfer counted as standing
    db = open_db(dirs / "hq")
    try:
        case = find_case(db, CASE)
        assert case.status == "decision_pending"
        timeline = [e.text for e in case_timeline(db, case) if e.kind == "transition"]
    finally:
        db.conn.close()
    assert any(text.endswith("→ Transferred to the police: overruled, the case's status was settled otherwise")
               for text in timeline), timeline
