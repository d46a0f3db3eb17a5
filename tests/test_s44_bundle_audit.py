"""What `bundle import` says and what a bundle carries, as the audit found them: a deletion the station sent is
counted as deleted (within "updated", which keeps the four counts adding up to the records in all); a full bundle
carries all of the station's officers and parties, as an incremental one would; and the dry run of an untrusted
station's bundle it refuses leads with the refusal the import gives (the trust), naming the other reason after it."""

from __future__ import annotations

import pytest

from tests.helpers import open_db, run, run_json


@pytest.fixture
def dirs(station_and_hq_copy):
    return station_and_hq_copy


def export(capsys, dirs, name, *extra):
    return run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / name, *extra)


def import_(capsys, dirs, name, *extra):
    return run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name, *extra)


def trust(capsys, dirs):
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")


def deletion_to_merge(capsys, dirs) -> None:
    """Headquarters merged the station's first bundle (one.bundle); the station then deleted a publicity activity
    and sent two.bundle, which carries the deletion."""
    export(capsys, dirs, "one.bundle")
    trust(capsys, dirs)
    assert import_(capsys, dirs, "one.bundle")[0] == 0
    activity = run_json(capsys, "--data-dir", dirs / "station", "publicity", "list")[0]["id"]
    run_json(capsys, "--data-dir", dirs / "station", "publicity", "delete", activity, "--reason", "误录")
    export(capsys, dirs, "two.bundle")


def held(data_dir, table: str) -> int:
    db = open_db(data_dir)
    try:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        db.conn.close()


def test_a_deletion_the_station_sent_is_counted_as_deleted(capsys, dirs, english):
    deletion_to_merge(capsys, dirs)
    planned = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "two.bundle", "--dry-run")
    # the four counts of CLI.md kept, the deletion still among the updated so that they add up to the records
    assert planned["deleted"] == 1 and planned["updated"] >= 1
    assert {"new", "updated", "unchanged", "conflicts"} <= set(planned)
    code, out, err = import_(capsys, dirs, "two.bundle", "--dry-run")
    assert code == 0 and "1 of the updated records would be deleted by the merge." in out, err
    code, out, err = import_(capsys, dirs, "two.bundle")
    assert code == 0 and "1 of the updated records was deleted by the merge." in out, err
    again = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "two.bundle")
    assert again["already_imported"] is True and again["deleted"] == 0


def test_a_full_bundle_carries_every_officer_and_party_of_the_station(capsys, dirs):
    officers, parties = held(dirs / "station", "officers"), held(dirs / "station", "parties")
    export(capsys, dirs, "one.bundle")
    trust(capsys, dirs)
    merged = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "one.bundle")
    assert merged["by_table"]["officers"]["new"] == officers
    assert merged["by_table"]["parties"]["new"] == parties
    assert held(dirs / "hq", "officers") >= officers


def test_a_full_bundle_on_demand_carries_every_officer_too(capsys, dirs):
    officers = held(dirs / "station", "officers")
    export(capsys, dirs, "one.bundle")
    export(capsys, dirs, "all.bundle", "--all")
    trust(capsys, dirs)
    merged = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "all.bundle")
    assert merged["by_table"]["officers"]["new"] == officers


def test_the_dry_run_of_an_untrusted_stations_later_bundle_says_the_trust_first(capsys, dirs, english):
    export(capsys, dirs, "one.bundle")
    run_json(capsys, "--data-dir", dirs / "station", "publicity", "add", "--date", "2026-11-20", "--title",
             "社区宣传", "--kind", "street", "--flyers", "500")
    export(capsys, dirs, "two.bundle")
    code, _out, refused = import_(capsys, dirs, "two.bundle")
    assert code == 1 and "is not trusted here" in refused and "again with --trust" in refused
    code, _out, previewed = import_(capsys, dirs, "two.bundle", "--dry-run")
    assert code == 1
    # the same first reason as the import's, then what --trust alone would not mend
    assert previewed.strip().startswith(refused.strip().rstrip("."))
    assert "nothing has been imported from station 南海区局 yet" in previewed and "bundle export --all" in previewed
    assert "\n" not in previewed.strip()
    # with --trust the dry run previews as before: refused for the missing bundles only
    code, _out, trusted = import_(capsys, dirs, "two.bundle", "--dry-run", "--trust")
    assert code == 1 and "is not trusted here" not in trusted and "nothing has been imported" in trusted


def test_the_windows_preview_says_the_deletion_too(capsys, dirs, english, qtbot):
    from PySide6.QtWidgets import QLabel

    from ui.bundle_dialogs import MergePreviewDialog
    from ui.bundle_tasks import plan_task

    deletion_to_merge(capsys, dirs)
    preview = plan_task(dirs / "hq", str(dirs / "two.bundle"), progress=None, cancel=None)
    dialog = MergePreviewDialog(preview.plan, "two.bundle", None)
    qtbot.addWidget(dialog)
    assert "1 of the updated records would be deleted by the merge." in dialog.findChild(
        QLabel, "preview_summary").text()



def test_the_exchange_pages_merge_message_says_the_deletion(capsys, dirs, english, prompts, qtbot):
    """Through the exchange page as an analyst merges: its message after the merge names the deletion."""
    from tests.test_ui_exchange import merge_through
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    deletion_to_merge(capsys, dirs)
    db = open_db(dirs / "hq")
    try:
        page = ExchangePage(db, dirs / "hq", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        prompts.confirm_answer = True
        merge_through(page, dirs / "two.bundle")
        assert prompts.errors == [] and "1 of the updated records was deleted by the merge." in prompts.infos[-1]
    finally:
        db.conn.close()
