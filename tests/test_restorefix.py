# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A station restored from a backup older than the bundles it had sent: the restore names those bundles and says to
import headquarters' latest hand-out before taking a number; headquarters' refusal of its next bundle says the likely
cause and the way out (putting back the data the restore replaced), which works; a new laptop keeps the backup folder
chosen where the backup was made, or is told to choose it again; a hand-out opened at the wrong station says so in
one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.data_digest import data_digest
from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import (  # noqa: F401
    STATIONS,
    dirs,
    edit_case,
    export,
    import_,
    take_headquarters_card,
    template,
)
from workstation.fullwidth import tidy_spaces
from workstation.i18n import _

SHUNDE_CASE = STATIONS["shunde"][2]


def _sent_after_a_backup(capsys, dirs) -> str:
    """Shunde backs up, then sends its case (s1.bundle), which headquarters merges; the backup's path."""
    take_headquarters_card(capsys, dirs, "shunde")
    backup = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create")["path"]
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    return backup


def test_a_restore_names_the_bundles_sent_after_the_backup_and_says_to_import_the_hand_out_first(capsys, dirs):
    backup = _sent_after_a_backup(capsys, dirs)
    code, out, _err = run(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    assert code == 0 and "s1.bundle" in out
    # the data the restore replaced put back, the same restore again, said as JSON
    kept = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "replaced")[0]["name"]
    run_json(capsys, "--data-dir", dirs / "shunde", "backup", "put-back", kept)
    result = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    assert [row["file"] for row in result["exported_after"]] == ["s1.bundle"]
    advice = result["advice"]
    assert _("The work done after {created} — cases, leads, complaints, interviews, publicity activities, "
             "documents, evidence registered, case numbers, document numbers and bundles — is not in the restored "
             "data.").format(created=result["created"][:19].replace("T", " ")) in advice
    assert "s1.bundle" in advice
    # headquarters will refuse the station's further bundles: putting back the replaced data comes first, then
    # headquarters' hand-out made after it imported s1.bundle
    kept = Path(result["kept"]).name
    assert _("Headquarters will refuse this station's further bundles: its audit log no longer continues the one "
             "those bundles carried. The way out, first of all: put back the data this restore replaced (File → "
             "Backups… → Data kept before restores…, or `{put_back}`), which brings back all the work, numbers and "
             "bundles made before the restore; the work done since the restore is then kept aside in turn.").format(
        put_back=f"backup put-back {kept}") in advice
    assert advice.index(f"backup put-back {kept}") < advice.index(_(
        "Only if the data is not put back: before filing a case or issuing a document, import headquarters' hand-out "
        "for this station made after headquarters imported {file}, so that no case number or document number is "
        "given twice.").format(file="s1.bundle"))


def test_a_restore_of_a_station_that_never_sent_a_bundle_gives_no_hand_out_advice(capsys, dirs):
    backup = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create")["path"]
    result = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    assert result["exported_after"] == [] and result["had_exports"] is False
    assert "hand-out" not in result["advice"] and "下发包" not in result["advice"]


def test_headquarters_refusal_after_a_restore_says_why_and_putting_back_the_replaced_data_mends_it(capsys, dirs):
    from workstation.bundle.merge import log_differs_text

    backup = _sent_after_a_backup(capsys, dirs)
    restored = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    edit_case(dirs / "shunde", SHUNDE_CASE, facts="恢复后改动")
    export(capsys, dirs, "shunde", "s2.bundle")
    before = data_digest(dirs / "hq")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "s2.bundle")
    assert code == 1 and data_digest(dirs / "hq") == before
    # the reason, its likely cause and the way out, with the entry where the logs part
    assert any(tidy_spaces(log_differs_text("s2.bundle", "顺德区局", seq)) in err for seq in range(1, 1000))
    # the way out the refusal gives: the station puts back the data the restore replaced and exports again
    kept = restored["kept"].rsplit("/", 1)[-1]
    run_json(capsys, "--data-dir", dirs / "shunde", "backup", "put-back", kept)
    export(capsys, dirs, "shunde", "s3.bundle")
    assert import_(capsys, dirs, "s3.bundle")["conflicts"] == 0


def test_the_refusal_text_names_the_cause_and_the_way_out(english):
    from workstation.bundle.merge import log_differs_text

    text = log_differs_text("s2.bundle", "顺德区局", 49)
    assert "s2.bundle" in text and "顺德区局" in text and "49" in text
    assert "backup older than the bundles it had already sent" in text and "backup put-back" in text


def test_a_new_laptop_keeps_the_backup_folder_chosen_where_the_backup_was_made(capsys, dirs):
    from workstation.backup import backup_settings
    from workstation.backup_restore import restore_advice, restore_into_new

    usb = dirs / "usb"
    made = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create", "--folder", usb)
    result = restore_into_new(dirs / "laptop", made["path"], None, plaintext=True)
    assert backup_settings(dirs / "laptop")["folder"] == str(usb)
    assert result["backup_folder"] == str(usb) and not result["backup_folder_unknown"]
    assert str(usb) in restore_advice(result, dirs / "laptop")


def test_a_new_laptop_restoring_a_backup_of_the_default_folder_is_told_to_choose_the_folder_again(capsys, dirs):
    from workstation.backup import backup_settings, save_backup_settings
    from workstation.backup_restore import restore_advice
    from workstation.paths import backups_dir

    made = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create")
    result = run_json(capsys, "--data-dir", dirs / "laptop", "backup", "restore", made["path"], "--plaintext")
    assert backup_settings(dirs / "laptop")["folder"] is None and result["backup_folder_unknown"] is True
    assert _("The backup folder is not known here: choose it again under File → Backups… (Choose folder…), on a USB "
             "drive or a network share; until then backups go to {folder}, on this laptop's disk.").format(
        folder=backups_dir(dirs / "laptop")) in result["advice"]
    # once a folder is chosen on the laptop, a restore keeps it: nothing said about the folder
    save_backup_settings(dirs / "laptop", folder=str(dirs / "stick"))
    again = run_json(capsys, "--data-dir", dirs / "laptop", "backup", "restore", made["path"])
    assert backup_settings(dirs / "laptop")["folder"] == str(dirs / "stick")
    assert again["backup_folder_unknown"] is False and again["backup_folder"] is None
    assert "File → Backups…" not in restore_advice(again, dirs / "laptop")


def test_a_hand_out_for_another_station_says_so_in_one_sentence_naming_this_station(capsys, dirs):
    for station in ("nanhai", "shunde"):
        take_headquarters_card(capsys, dirs, station)
        export(capsys, dirs, station, f"{station}1.bundle")
        import_(capsys, dirs, f"{station}1.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h-nanhai.bundle", "--all",
             "--for", "南海区局")
    before = data_digest(dirs / "shunde")
    wanted = _("{name}: this is headquarters' hand-out for another station; ask headquarters for the hand-out for "
               "this station ({own}).").format(name="h-nanhai.bundle", own="顺德区局")
    for args in (["import", dirs / "h-nanhai.bundle"], ["verify", dirs / "h-nanhai.bundle"]):
        code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", *args)
        assert code == 1 and tidy_spaces(wanted) in err and "station headquarters FILE" not in err
    assert data_digest(dirs / "shunde") == before
    # a station's bundle for headquarters opened at another station keeps the general reason
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "nanhai1.bundle")
    assert code == 1 and "nanhai1.bundle" in err and tidy_spaces(wanted).split("h-nanhai.bundle")[1][:8] not in err


@pytest.mark.gui
def test_headquarters_export_dialog_names_the_hand_out_after_the_station_chosen(qtbot, prompts, capsys, dirs):
    from ui.bundle_dialogs import ExportDialog, default_bundle_name
    from ui.exchange_page import ExchangePage, served_stations
    from ui.task_runner import ImmediateRunner
    from workstation.bundle.writer import last_export
    from workstation.records import today
    from workstation.station import headquarters, this_station

    day = today().replace("-", "")
    assert default_bundle_name("佛山市局", "南海区局") == f"案卷包-给南海区局-{day}.bundle"
    assert default_bundle_name("南海区局") == f"案卷包-南海区局-{day}.bundle"
    for station in ("nanhai", "shunde"):
        take_headquarters_card(capsys, dirs, station)
        export(capsys, dirs, station, f"{station}1.bundle")
        import_(capsys, dirs, f"{station}1.bundle")
    db = open_db(dirs / "hq")
    try:
        page = ExchangePage(db, dirs / "hq", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        dialog = ExportDialog(db, prompts, this_station(db).name, headquarters(db), last_export(db), page,
                              served=served_stations(db, dirs / "hq"))
        qtbot.addWidget(dialog)
        assert dialog.path_edit.placeholderText() == f"案卷包-给南海区局-{day}.bundle"
        dialog.for_box.setCurrentIndex(1)
        assert dialog.path_edit.placeholderText() == f"案卷包-给顺德区局-{day}.bundle"
    finally:
        db.conn.close()
