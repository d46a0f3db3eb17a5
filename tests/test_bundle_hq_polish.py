# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters' walk through the stations' bundles: the bundle a refused one continues is named by its station and
when it was made (never by audit entries), a headquarters set up without a name is named after the city bureau, and
a procedure step both sides recorded with different dates shows once in the timeline, on the date chosen."""

from __future__ import annotations

import shutil
from dataclasses import replace

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import STATIONS, dirs, edit_case, export, import_, refused, template  # noqa: F401
from workstation.bundle.merge import missing_entries

SHUNDE_CASE = STATIONS["shunde"][2]


def _received_up_to(data_dir, station: str) -> int:
    db = open_db(data_dir)
    seq = db.execute("SELECT audit_seq FROM stations WHERE name = ?", [station]).fetchone()[0]
    db.conn.close()
    return seq


def _stamp(data_dir, sql: str) -> str:
    db = open_db(data_dir)
    value = db.execute(sql).fetchone()[0]
    db.conn.close()
    return value[:19].replace("T", " ")  # to the second: two bundles made in one minute are told apart


def test_the_lost_bundle_is_named_by_its_station_and_when_it_was_made(capsys, dirs, english):
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    edit_case(dirs / "shunde", SHUNDE_CASE, fine_fen=600_000)  # one audit entry each
    export(capsys, dirs, "shunde", "s2.bundle")
    edit_case(dirs / "shunde", SHUNDE_CASE, records_other=480)
    export(capsys, dirs, "shunde", "s3.bundle")
    edit_case(dirs / "shunde", SHUNDE_CASE, fine_fen=650_000)
    export(capsys, dirs, "shunde", "s4.bundle")
    advice = ("Import the missing bundles first; if one is lost, ask the station for a full bundle (bundle export --all) "
              "and import that instead.")
    # made after s1, the last bundle imported, and before the station's first change s4 carries
    after = _stamp(dirs / "hq", "SELECT created_at FROM bundle_imports")
    before = _stamp(dirs / "shunde", "SELECT at FROM audit ORDER BY seq DESC LIMIT 1")
    message = refused(capsys, dirs, "s4.bundle")
    assert message == (
        f"Error: s4.bundle does not continue the last bundle imported from station 顺德区局: at least one bundle station "
        f"顺德区局 made between {after} and {before} was not imported here. {advice}")
    assert "audit entr" not in message
    import_(capsys, dirs, "s2.bundle")
    after = _stamp(dirs / "hq", "SELECT MAX(created_at) FROM bundle_imports")
    assert refused(capsys, dirs, "s4.bundle") == (
        f"Error: s4.bundle does not continue the last bundle imported from station 顺德区局: at least one bundle station "
        f"顺德区局 made between {after} and {before} was not imported here. {advice}")


def test_a_first_bundle_lacking_one_entry_names_it_alone(english):
    assert missing_entries(1, 1) == "audit entry 1 is missing"
    assert missing_entries(1, 3) == "audit entries 1–3 are missing"


def test_a_bundle_continuing_another_history_is_refused_as_differing_not_as_missing_entries(capsys, dirs, english):
    export(capsys, dirs, "shunde", "s1.bundle")
    shutil.copytree(dirs / "shunde", dirs / "restored")  # the station's copy, going its own way from here
    edit_case(dirs / "shunde", SHUNDE_CASE, fine_fen=600_000)
    export(capsys, dirs, "shunde", "s2.bundle")
    edit_case(dirs / "restored", SHUNDE_CASE, records_other=480)
    export(capsys, dirs, "restored", "r2.bundle")
    edit_case(dirs / "restored", SHUNDE_CASE, records_other=490)
    export(capsys, dirs, "restored", "r3.bundle")
    import_(capsys, dirs, "s1.bundle")
    import_(capsys, dirs, "s2.bundle")
    head = _received_up_to(dirs / "hq", "顺德区局")
    # r3 begins right after the last entry received (head + 1), but does not chain on to it: nothing is missing
    assert refused(capsys, dirs, "r3.bundle").startswith(
        f"Error: r3.bundle: the audit log of station 顺德区局 differs from what it sent before (entry {head}); the "
        f"bundle is refused. The likely cause: the station was restored from a backup")


def test_headquarters_set_up_without_a_name_is_named_after_the_city_bureau(capsys, tmp_path):
    run_json(capsys, "--data-dir", tmp_path / "hq", "init")
    run_json(capsys, "--data-dir", tmp_path / "hq", "station", "role", "headquarters")
    assert run_json(capsys, "--data-dir", tmp_path / "hq", "station", "show")["name"] == "佛山市局"
    # a name given is kept, and so is the default name of a station set up for its agency
    run_json(capsys, "--data-dir", tmp_path / "named", "init", "--station-name", "总部")
    run_json(capsys, "--data-dir", tmp_path / "named", "station", "role", "headquarters")
    assert run_json(capsys, "--data-dir", tmp_path / "named", "station", "show")["name"] == "总部"
    run_json(capsys, "--data-dir", tmp_path / "shunde", "init", "--agency", "440606")
    assert run_json(capsys, "--data-dir", tmp_path / "shunde", "station", "show")["name"] == "顺德区局"


def test_a_station_becoming_headquarters_again_keeps_its_name(capsys, tmp_path):
    run_json(capsys, "--data-dir", tmp_path / "hq", "init")
    assert run_json(capsys, "--data-dir", tmp_path / "hq", "station", "show")["name"] == "站点"
    run_json(capsys, "--data-dir", tmp_path / "hq", "station", "role", "headquarters")
    run_json(capsys, "--data-dir", tmp_path / "hq", "init", "--station-name", "站点")  # named so on purpose
    run_json(capsys, "--data-dir", tmp_path / "hq", "station", "role", "headquarters")  # already headquarters
    assert run_json(capsys, "--data-dir", tmp_path / "hq", "station", "show")["name"] == "站点"


def _decided(data_dir) -> None:
    """The station's case decided on 2026-04-01, with its penalty (as if the steps before were taken)."""
    from workstation.store import find_case, update_case

    db = open_db(data_dir)
    update_case(db, replace(find_case(db, SHUNDE_CASE), status="penalty_decided", review_on="2026-03-20",
                            decided_on="2026-04-01"), allow_status_change=True)
    db.conn.close()


def _serve(data_dir, on_date: str) -> None:
    from workstation import procedure
    from workstation.store import find_case

    db = open_db(data_dir)
    procedure.apply(db, find_case(db, SHUNDE_CASE).id, "serve_decision", on_date=on_date)
    db.conn.close()


def _served_steps(data_dir) -> list[str]:
    """The dates of the timeline's “decided → served” lines of the case, and its 送达 date."""
    from workstation.store import find_case
    from workstation.store.cases import case_timeline

    db = open_db(data_dir)
    case = find_case(db, SHUNDE_CASE)
    dates = [e.on_date for e in case_timeline(db, case) if e.kind == "transition"
             and e.text.endswith("→ " + _served_label())]
    db.conn.close()
    return [*dates, case.served_on]


def _served_label() -> str:
    from workstation.vocabulary import label

    return label("statuses", "served")


def test_a_step_recorded_on_both_sides_shows_once_on_the_date_chosen(capsys, dirs):
    _decided(dirs / "shunde")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    _serve(dirs / "hq", "2026-04-10")
    _serve(dirs / "shunde", "2026-04-08")
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 1
    # while the conflict is open, both sides' steps are shown
    assert _served_steps(dirs / "hq") == ["2026-04-08", "2026-04-10", "2026-04-10"]
    conflict = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")[0]
    assert conflict["field"] == "served_on"
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--take-incoming")
    assert _served_steps(dirs / "hq") == ["2026-04-08", "2026-04-08"]


def test_a_changed_bundle_after_only_a_case_bundle_says_what_was_imported_and_a_full_bundle_is_taken(capsys, dirs,
                                                                                                   english):
    export(capsys, dirs, "shunde", "s1.bundle")  # headquarters never gets this one
    # one case, nothing audited since s1: it carries none of the audit log
    export(capsys, dirs, "shunde", "case.bundle", "--case", SHUNDE_CASE)
    edit_case(dirs / "shunde", SHUNDE_CASE, records_other=480)
    export(capsys, dirs, "shunde", "s2.bundle")
    import_(capsys, dirs, "case.bundle")
    message = refused(capsys, dirs, "s2.bundle")
    # s1 was made before the case bundle: the window does not start at it (audit 66)
    assert message.startswith("Error: s2.bundle: the 1 bundle imported from station 顺德区局 so far carried none of "
                              "its audit log (a bundle of single cases carries none), and this "
                              "bundle continues an earlier one (at least one bundle station 顺德区局 made before ")
    assert "nothing has been imported" not in message and message.endswith("(bundle export --all).")
    # the full bundle the refusal asks for is taken after the case bundle; the changed one, made before it and
    # ending where it ends, is then refused as older (session 74: its merge settled conflicts the full bundle raised)
    export(capsys, dirs, "shunde", "all.bundle", "--all")
    import_(capsys, dirs, "all.bundle")
    assert _received_up_to(dirs / "hq", "顺德区局") > 0
    assert refused(capsys, dirs, "s2.bundle").startswith(
        "Error: s2.bundle is older than a bundle already imported from station 顺德区局")
