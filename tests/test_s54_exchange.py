# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The station↔headquarters exchange after the s54 audit: a deletion headquarters has not decided on yet stays out
of its hand-outs (the station keeps its copy, or its deletion, until the decision arrives); taking back a station's
copy of an activity entered again meanwhile is refused rather than counting it twice; a station re-sending everything
after a lost bundle is compared with the version it last received from headquarters (no false conflict); an older
bundle's refusal says nothing needs importing and names headquarters' hand-out as such; and ``bundle verify`` warns
of a bundle the import would refuse for its place in the sequence."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import (  # noqa: F401
    STATIONS,
    case_figures,
    dirs,
    edit_case,
    import_,
    take_headquarters_card,
    template,
)

SHUNDE = STATIONS["shunde"][1]
CASE = STATIONS["shunde"][2]


def export(capsys, dirs, at: str, name: str, *extra) -> dict:
    """``bundle export`` at ``at``; at headquarters the hand-out for Shunde (``--for``)."""
    more = ("--for", SHUNDE) if at == "hq" else ()
    return run_json(capsys, "--data-dir", dirs / at, "bundle", "export", "-o", dirs / name, *more, *extra)


def activities(place: Path) -> dict[str, int]:
    """{activity id: participants} as ``place`` holds them."""
    db = open_db(place)
    try:
        return dict(db.execute("SELECT id, participants FROM publicity").fetchall())
    finally:
        db.conn.close()


def conflicts(capsys, place: Path) -> list[dict]:
    return run_json(capsys, "--data-dir", place, "bundle", "conflicts")


def edited(place: Path, activity: str, **fields) -> None:
    from workstation.store.publicity import get_publicity, save_publicity

    db = open_db(place)
    try:
        save_publicity(db, replace(get_publicity(db, activity), **fields))
    finally:
        db.conn.close()


def shared_activity(capsys, dirs) -> str:
    """Shunde names headquarters, records an activity and sends it; headquarters hands it back. Its id."""
    take_headquarters_card(capsys, dirs)
    added = run_json(capsys, "--data-dir", dirs / "shunde", "publicity", "add", "--date", "2026-11-16", "--title",
                     "新交付楼盘业主个人信息保护宣讲", "--kind", "community", "--participants", "100")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    export(capsys, dirs, "hq", "h1.bundle")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    return added["id"]


def deleted_at_headquarters_while_edited_at_the_station(capsys, dirs) -> tuple[str, str]:
    """Headquarters deletes the shared activity, Shunde corrects it and sends it: headquarters holds an open
    conflict of its deletion. (activity id, conflict id)."""
    activity = shared_activity(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "publicity", "delete", activity, "--reason", "误录")
    edited(dirs / "shunde", activity, participants=120)
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 1
    [conflict] = conflicts(capsys, dirs / "hq")
    assert (conflict["table"], conflict["field"]) == ("publicity", "_deleted_here")
    return activity, conflict["id"]


def test_a_deletion_headquarters_has_not_decided_leaves_the_station_its_copy(capsys, dirs, english):
    activity, conflict = deleted_at_headquarters_while_edited_at_the_station(capsys, dirs)
    export(capsys, dirs, "hq", "h2.bundle")
    code, out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h2.bundle")
    assert code == 0, err
    assert activities(dirs / "shunde") == {activity: 120}  # kept until headquarters decides
    assert conflicts(capsys, dirs / "shunde") == []  # headquarters holds the conflict
    assert "deleted by the merge" not in out
    assert "1 deletion is still being decided at headquarters" in out
    # headquarters keeps its deletion: the next hand-out brings the decision
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict, "--keep-local")
    export(capsys, dirs, "hq", "h3.bundle")
    assert import_(capsys, dirs, "h3.bundle", at="shunde")["deleted"] == 1
    assert activities(dirs / "shunde") == activities(dirs / "hq") == {}


def test_taking_the_station_s_copy_back_counts_the_activity_once(capsys, dirs):
    activity, conflict = deleted_at_headquarters_while_edited_at_the_station(capsys, dirs)
    export(capsys, dirs, "hq", "h2.bundle")
    import_(capsys, dirs, "h2.bundle", at="shunde")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict, "--take-incoming")
    assert activities(dirs / "hq") == {activity: 120}
    export(capsys, dirs, "hq", "h3.bundle")
    import_(capsys, dirs, "h3.bundle", at="shunde")
    assert activities(dirs / "shunde") == activities(dirs / "hq") == {activity: 120}
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["publicity"]["campaigns"] == 1


def test_taking_back_a_copy_of_an_activity_entered_again_is_refused_naming_it(capsys, dirs, english):
    activity, conflict = deleted_at_headquarters_while_edited_at_the_station(capsys, dirs)
    # the activity entered again meanwhile (as an older station whose copy the hand-out deleted would)
    again = run_json(capsys, "--data-dir", dirs / "shunde", "publicity", "add", "--date", "2026-11-16", "--title",
                     "新交付楼盘业主个人信息保护宣讲", "--kind", "community", "--participants", "120",
                     "--allow-duplicate")
    export(capsys, dirs, "shunde", "s3.bundle")
    import_(capsys, dirs, "s3.bundle")
    assert activities(dirs / "hq") == {again["id"]: 120}
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict, "--take-incoming")
    assert code == 1, out
    assert again["id"] in err and "新交付楼盘业主个人信息保护宣讲" in err and "Keep the deletion" in err
    assert activities(dirs / "hq") == {again["id"]: 120}
    assert [c["id"] for c in conflicts(capsys, dirs / "hq")] == [conflict]  # still open, to keep the deletion
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict, "--keep-local")
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["publicity"]["campaigns"] == 1


def test_a_deletion_the_station_made_stays_until_headquarters_decides(capsys, dirs, english):
    activity = shared_activity(capsys, dirs)
    edited(dirs / "hq", activity, participants=150)  # corrected at headquarters, not yet handed out
    run_json(capsys, "--data-dir", dirs / "shunde", "publicity", "delete", activity, "--reason", "误录")
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 1
    [conflict] = conflicts(capsys, dirs / "hq")
    assert conflict["field"] == "_deleted"
    export(capsys, dirs, "hq", "h2.bundle")
    code, out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h2.bundle")
    assert code == 0, err
    assert activities(dirs / "shunde") == {}  # the station's deletion stands until headquarters decides
    assert "1 deletion is still being decided at headquarters" in out
    # headquarters keeps its corrected activity: the next hand-out brings it back to the station
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--keep-local")
    export(capsys, dirs, "hq", "h3.bundle")
    import_(capsys, dirs, "h3.bundle", at="shunde")
    assert activities(dirs / "shunde") == activities(dirs / "hq") == {activity: 150}
    assert conflicts(capsys, dirs / "shunde") == []


@pytest.mark.parametrize("refused_first", [True, False], ids=["after-a-refused-bundle", "straight-away"])
def test_everything_sent_again_after_a_lost_bundle_takes_the_station_s_change_without_a_conflict(
        capsys, dirs, refused_first):
    take_headquarters_card(capsys, dirs)
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    export(capsys, dirs, "hq", "h1.bundle")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    edit_case(dirs / "shunde", CASE, fine_fen=2_500_000)  # the station's change, in a bundle that is lost
    export(capsys, dirs, "shunde", "lost.bundle")
    (dirs / "lost.bundle").unlink()
    edit_case(dirs / "hq", CASE, facts="总部更正")  # headquarters changes only another field, and hands out
    export(capsys, dirs, "hq", "h2.bundle")
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["conflicts"] == 0
    if refused_first:  # the station's next bundle is refused for the gap
        export(capsys, dirs, "shunde", "s3.bundle")
        assert run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "s3.bundle")[0] == 1
    export(capsys, dirs, "shunde", "all.bundle", "--all")
    merged = import_(capsys, dirs, "all.bundle")
    assert merged["conflicts"] == 0 and conflicts(capsys, dirs / "hq") == []
    assert case_figures(dirs / "hq", CASE) == case_figures(dirs / "shunde", CASE)
    assert case_figures(dirs / "hq", CASE)[0::2] == (2_500_000, "总部更正")


def _older_bundle_at_headquarters(capsys, dirs) -> None:
    """Shunde sends a bundle, then everything: headquarters imports the second first (o1.bundle is older)."""
    export(capsys, dirs, "shunde", "o1.bundle")
    edit_case(dirs / "shunde", CASE, records_other=480)
    export(capsys, dirs, "shunde", "o2.bundle", "--all")
    import_(capsys, dirs, "o2.bundle")


def test_an_older_bundle_is_refused_saying_nothing_needs_importing(capsys, dirs, english):
    _older_bundle_at_headquarters(capsys, dirs)
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "o1.bundle")
    assert code == 1
    assert "o1.bundle is older than a bundle already imported from station 顺德区局" in err
    assert "nothing needs importing" in err and "may be deleted" in err


def test_an_older_hand_out_is_refused_as_headquarters_hand_out(capsys, dirs, english):
    shared_activity(capsys, dirs)
    edit_case(dirs / "hq", CASE, facts="总部更正")
    export(capsys, dirs, "hq", "h2.bundle")
    edit_case(dirs / "hq", CASE, facts="总部再次更正")
    export(capsys, dirs, "hq", "h3.bundle", "--all")
    import_(capsys, dirs, "h3.bundle", at="shunde")
    code, out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h2.bundle")
    assert code == 1
    assert "older than a hand-out already imported from headquarters 佛山市局" in err
    assert "station 佛山市局" not in err and "nothing needs importing" in err
    assert case_figures(dirs / "shunde", CASE)[2] == "总部再次更正"


def test_verify_warns_of_a_bundle_the_import_would_refuse(capsys, dirs, english):
    _older_bundle_at_headquarters(capsys, dirs)
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "verify", dirs / "o1.bundle")
    assert code == 0, err  # the bundle itself is valid (CLI.md: verify checks signature, hashes and format)
    assert "valid" in out and "Warning: importing it here would be refused" in out
    assert "nothing needs importing" in out
    checked = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "verify", dirs / "o1.bundle")
    assert checked["valid"] is True and "older than a bundle" in checked["import_refusal"]
    # a bundle continuing one never imported: the import's refusal, with the way to send everything again
    edit_case(dirs / "shunde", CASE, records_other=490)
    export(capsys, dirs, "shunde", "lost.bundle")
    edit_case(dirs / "shunde", CASE, records_other=500)
    export(capsys, dirs, "shunde", "gap.bundle")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "verify", dirs / "gap.bundle")
    assert code == 0, err
    assert "does not continue the last bundle imported from station 顺德区局" in out and "bundle export --all" in out
    # one the import takes: no warning
    checked = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "verify", dirs / "lost.bundle")
    assert checked["import_refusal"] is None
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "verify", dirs / "lost.bundle")
    assert "Warning" not in out


@pytest.mark.gui
def test_the_merge_preview_says_a_deletion_is_still_being_decided(qtbot, capsys, dirs, english):
    from PySide6.QtWidgets import QLabel

    from ui.bundle_dialogs import MergePreviewDialog
    from ui.bundle_tasks import plan_task

    deleted_at_headquarters_while_edited_at_the_station(capsys, dirs)
    export(capsys, dirs, "hq", "h2.bundle")
    preview = plan_task(dirs / "shunde", str(dirs / "h2.bundle"), progress=None, cancel=None)
    try:
        dialog = MergePreviewDialog(preview.plan, "h2.bundle", None, notes=preview.notes)
        qtbot.addWidget(dialog)
        summary = dialog.findChild(QLabel, "preview_summary")
        assert "1 deletion is still being decided at headquarters: the record would stay here" in summary.text()
    finally:
        preview.close()
