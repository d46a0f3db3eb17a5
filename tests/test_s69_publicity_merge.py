# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A publicity activity a station sends that headquarters holds already (the same agency, day, kind and title:
``store.publicity.same_activity``, as ``publicity add`` refuses it without --allow-duplicate) is not merged as a
second activity: the merge keeps it as a conflict naming the activity held here, and the officer keeps one or both.
A different activity (another title) still merges as new."""

from __future__ import annotations

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401


def _add(capsys, data_dir, title="社区宣传", *extra):
    return run_json(capsys, "--data-dir", data_dir, "publicity", "add", "--date", "2026-03-08", "--title", title,
                    "--flyers", "200", *extra)


def _campaigns(capsys, data_dir) -> dict:
    return run_json(capsys, "--data-dir", data_dir, "stats")["publicity"]


def _ids(data_dir) -> set[str]:
    db = open_db(data_dir)
    try:
        return {row[0] for row in db.execute("SELECT id FROM publicity")}
    finally:
        db.conn.close()


def _entered_at_both(capsys, dirs):
    """The same activity entered at Shunde and, from the district's paper report, at headquarters."""
    theirs = _add(capsys, dirs / "shunde")
    ours = _add(capsys, dirs / "hq", "社区宣传", "--agency", "440606")
    export(capsys, dirs, "shunde", "s1.bundle")
    return theirs["id"], ours["id"]


def test_the_same_activity_held_here_is_a_conflict_not_a_second_activity(capsys, dirs):
    theirs, ours = _entered_at_both(capsys, dirs)
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "s1.bundle", "--dry-run")
    assert code == 0 and "冲突1条" in out, out  # the preview says it before anything is merged
    result = import_(capsys, dirs, "s1.bundle")
    assert result["by_table"]["publicity"] == {"new": 0, "updated": 0, "unchanged": 0, "conflicts": 1}
    assert result["conflicts"] == 1
    # nothing inserted: the statistics and the 通报 count the activity once
    assert _ids(dirs / "hq") == {ours}
    assert _campaigns(capsys, dirs / "hq")["campaigns"] == 1
    assert _campaigns(capsys, dirs / "hq")["flyers"] == 200
    conflicts = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert conflict["table"] == "publicity" and conflict["record_id"] == theirs
    assert conflict["record"] == "社区宣传"  # named as the station's copy names it, not by its id
    # the activity held here, named with its id, and the station's, with its figures: the officer can tell
    assert ours in conflict["local_text"] and "社区宣传" in conflict["local_text"]
    assert "2026-03-08" in conflict["incoming_text"] and "200" in conflict["incoming_text"]
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert code == 0 and "社区宣传" in out and ours in out


def test_kept_one_the_activity_stays_once_and_the_station_s_next_bundle_asks_no_more(capsys, dirs):
    theirs, ours = _entered_at_both(capsys, dirs)
    import_(capsys, dirs, "s1.bundle")
    conflict = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")[0]
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--keep-local")
    assert _ids(dirs / "hq") == {ours}
    export(capsys, dirs, "shunde", "s2.bundle", "--all")  # the station sends everything again
    result = import_(capsys, dirs, "s2.bundle")
    assert result["by_table"]["publicity"]["conflicts"] == 0 and result["by_table"]["publicity"]["new"] == 0
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") == []
    assert _campaigns(capsys, dirs / "hq")["campaigns"] == 1
    assert theirs not in _ids(dirs / "hq")


def test_kept_both_the_station_s_activity_is_added(capsys, dirs):
    theirs, ours = _entered_at_both(capsys, dirs)
    import_(capsys, dirs, "s1.bundle")
    conflict = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")[0]
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--take-incoming")
    assert _ids(dirs / "hq") == {ours, theirs}
    assert _campaigns(capsys, dirs / "hq")["campaigns"] == 2
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") == []
    export(capsys, dirs, "shunde", "s2.bundle", "--all")
    result = import_(capsys, dirs, "s2.bundle")
    assert result["by_table"]["publicity"]["conflicts"] == 0
    assert _campaigns(capsys, dirs / "hq")["campaigns"] == 2


def test_a_different_activity_still_merges_as_new(capsys, dirs):
    theirs = _add(capsys, dirs / "shunde", "市场宣传")
    ours = _add(capsys, dirs / "hq", "社区宣传", "--agency", "440606")
    export(capsys, dirs, "shunde", "s1.bundle")
    result = import_(capsys, dirs, "s1.bundle")
    assert result["by_table"]["publicity"] == {"new": 1, "updated": 0, "unchanged": 0, "conflicts": 0}
    assert _ids(dirs / "hq") == {theirs["id"], ours["id"]}
    assert _campaigns(capsys, dirs / "hq")["campaigns"] == 2
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") == []


def test_twins_within_one_bundle_are_asked_about_too(capsys, dirs):
    first = _add(capsys, dirs / "shunde")
    second = _add(capsys, dirs / "shunde", "社区宣传", "--allow-duplicate")
    export(capsys, dirs, "shunde", "s1.bundle")
    result = import_(capsys, dirs, "s1.bundle")
    assert result["by_table"]["publicity"] == {"new": 1, "updated": 0, "unchanged": 0, "conflicts": 1}
    assert len(_ids(dirs / "hq") & {first["id"], second["id"]}) == 1
    assert _campaigns(capsys, dirs / "hq")["campaigns"] == 1


def test_twins_within_one_bundle_are_said_as_entered_twice_and_can_both_be_kept(capsys, dirs, english):
    """Two entries of one activity in the same bundle: not "held here" (headquarters held neither), but entered twice
    in the bundle; keeping both adds the second."""
    from workstation.bundle.conflict_text import field_label

    first = _add(capsys, dirs / "shunde")
    second = _add(capsys, dirs / "shunde", "社区宣传", "--allow-duplicate")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    [conflict] = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert field_label(conflict["field"], "publicity") == "Same activity entered twice in the bundle"
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert code == 0 and "Same activity entered twice in the bundle" in out and "held here" not in out, out
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--take-incoming")
    assert _ids(dirs / "hq") >= {first["id"], second["id"]}
    assert _campaigns(capsys, dirs / "hq")["campaigns"] == 2
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") == []


def test_twins_within_one_bundle_kept_once_are_not_asked_about_again(capsys, dirs):
    _add(capsys, dirs / "shunde")
    _add(capsys, dirs / "shunde", "社区宣传", "--allow-duplicate")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    [conflict] = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--keep-local")
    export(capsys, dirs, "shunde", "s2.bundle", "--all")  # the station sends everything again
    assert import_(capsys, dirs, "s2.bundle")["by_table"]["publicity"]["conflicts"] == 0
    assert _campaigns(capsys, dirs / "hq")["campaigns"] == 1


def test_the_hand_out_brings_no_second_copy_to_the_station(capsys, dirs):
    """Headquarters kept its own copy: its hand-out does not give the station the activity a second time."""
    theirs, ours = _entered_at_both(capsys, dirs)
    take_headquarters_card(capsys, dirs)
    import_(capsys, dirs, "s1.bundle")
    conflict = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")[0]
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--keep-local")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "顺德区局")
    code, out, _err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h1.bundle", "--dry-run")
    assert code == 0 and "冲突0件" in out and "冲突1" not in out, out  # the preview asks nothing: decided at HQ
    result = import_(capsys, dirs, "h1.bundle", at="shunde")
    # headquarters' copy is left out as decided there: the station's own one is kept, and nothing is asked
    assert result["by_table"]["publicity"] == {"new": 0, "updated": 0, "unchanged": 1, "conflicts": 0}
    assert result["conflicts"] == 0
    assert run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "conflicts") == []
    assert _ids(dirs / "shunde") == {theirs}
    assert _campaigns(capsys, dirs / "shunde")["campaigns"] == 1
    assert _campaigns(capsys, dirs / "hq")["campaigns"] == 1
    # the next hand-out leaves it out again, and the station's next bundle asks headquarters nothing
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h2.bundle", "--for", "顺德区局",
             "--all")
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["by_table"]["publicity"]["conflicts"] == 0
    assert _ids(dirs / "shunde") == {theirs}
    export(capsys, dirs, "shunde", "s2.bundle", "--all")
    assert import_(capsys, dirs, "s2.bundle")["by_table"]["publicity"]["conflicts"] == 0
    assert _ids(dirs / "hq") == {ours}


def test_kept_both_at_headquarters_the_station_gets_both(capsys, dirs):
    """Headquarters kept both entries: its hand-out carries the station's copy too, and the station takes both."""
    theirs, ours = _entered_at_both(capsys, dirs)
    take_headquarters_card(capsys, dirs)
    import_(capsys, dirs, "s1.bundle")
    conflict = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")[0]
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflict["id"], "--take-incoming")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "顺德区局")
    result = import_(capsys, dirs, "h1.bundle", at="shunde")
    assert result["by_table"]["publicity"]["new"] == 1 and result["conflicts"] == 0
    assert _ids(dirs / "shunde") == {theirs, ours}
    assert _campaigns(capsys, dirs / "shunde")["campaigns"] == 2


def test_taking_the_station_s_entry_undone_deletes_nothing_at_the_station(capsys, dirs):
    """Taking the station's entry (keep both), then undoing it, takes the entry out here again — not a deletion made
    here: the hand-out does not delete the station's own activity, and its next bundle asks again."""
    from workstation.bundle import list_conflicts, reopen_conflict, reopen_refusal, resolve_conflict

    theirs, ours = _entered_at_both(capsys, dirs)
    take_headquarters_card(capsys, dirs)
    import_(capsys, dirs, "s1.bundle")
    db = open_db(dirs / "hq")
    try:
        [conflict] = list_conflicts(db)
        settled = resolve_conflict(db, conflict.id, take_incoming=True)
        assert {row[0] for row in db.execute("SELECT id FROM publicity")} == {ours, theirs}
        assert reopen_refusal(db, settled) is None
        reopen_conflict(db, settled)
        assert [c.id for c in list_conflicts(db)] == [conflict.id]
    finally:
        db.conn.close()
    assert _ids(dirs / "hq") == {ours}
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "audit", "list", "--entity", "publicity")
    assert code == 0 and "reopen_twin" not in out, out  # labelled
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "顺德区局")
    result = import_(capsys, dirs, "h1.bundle", at="shunde")
    assert result["deleted"] == 0 and result["conflicts"] == 0
    assert _ids(dirs / "shunde") == {theirs}  # the station still holds its activity
    assert _campaigns(capsys, dirs / "shunde")["campaigns"] == 1
    # the station's next full bundle is the same-activity conflict again, still open (not a copy of one deleted here)
    export(capsys, dirs, "shunde", "s2.bundle", "--all")
    result = import_(capsys, dirs, "s2.bundle")
    assert result["by_table"]["publicity"] == {"new": 0, "updated": 0, "unchanged": 0, "conflicts": 1}
    [again] = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert again["field"] == "_same_activity" and again["record_id"] == theirs
    assert _ids(dirs / "hq") == {ours}


def test_the_merge_preview_shows_the_conflict(capsys, dirs, qtbot, english, qtmodeltester):
    from PySide6.QtCore import Qt

    from ui.bundle_dialogs import MergePreviewDialog
    from ui.bundle_tasks import plan_task

    _theirs, ours = _entered_at_both(capsys, dirs)
    preview = plan_task(dirs / "hq", str(dirs / "s1.bundle"), progress=None, cancel=None)
    try:
        dialog = MergePreviewDialog(preview.plan, "s1.bundle", None)
        qtbot.addWidget(dialog)
        qtmodeltester.check(dialog.model)
        model = dialog.model
        parent = next(model.index(r, 0) for r in range(model.rowCount()) if model.root.children[r].table == "publicity")
        record = model.index(0, 0, parent)
        assert record.data() == "社区宣传"
        assert model.index(0, 1, parent).data() == "⚠ Conflict"
        assert model.index(0, 1, parent).data(Qt.ItemDataRole.UserRole) == "conflict"
        field = model.index(0, 0, record)
        assert field.data() == "Same activity held here"
        here, there = model.index(0, 2, record), model.index(0, 3, record)
        assert here.data().startswith("“社区宣传” of 顺德区局 on 2026-03-08")
        assert ours in here.data(Qt.ItemDataRole.ToolTipRole)  # the whole text, with the id of the one held here
        assert there.data().startswith("“社区宣传” of 顺德区局 on 2026-03-08") and "200 leaflets" in there.data()
    finally:
        preview.close()
    capsys.readouterr()
