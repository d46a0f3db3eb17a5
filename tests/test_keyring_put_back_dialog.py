"""文件 → 备份…: the choice `backup restore ID --keyring-only` gives on the command line. For encrypted data the
dialog shows 只放回密钥环…, usable once keyring.json is lost (the tooltip says what it does, and why it is not needed
while the keyring is there); it puts back only the selected backup's keyring after asking, with the passphrase of
when the backup was made, keeping the work done since the backup. A whole restore refused for the missing keyring
points to that button, not to the command."""

from __future__ import annotations

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)
MARK = "safe24-work-after-the-backup"


def backed_up_then_worked(window):
    """The backups dialog after a backup, then a change made after it (kept by a put-back, not by a restore)."""
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    assert len(dialog.rows) == 1, window.prompts.errors
    with window.db.atomic():
        window.db.execute("INSERT INTO settings (key, value) VALUES (?, 'kept')", [MARK])
    return dialog


def worked_since(window) -> bool:
    return window.db.execute("SELECT 1 FROM settings WHERE key = ?", [MARK]).fetchone() is not None


def test_the_button_is_shown_for_encrypted_data_and_usable_once_the_keyring_is_lost(window_on, english):
    window = window_on("encrypted")
    dialog = backed_up_then_worked(window)
    button = dialog.buttons["keyring"]
    assert not button.isHidden() and not button.isEnabled()
    assert "when keyring.json is lost" in button.toolTip()
    assert "keyring.json is here, so there is nothing to put back" in button.toolTip()
    (window.data_dir / "keyring.json").unlink()
    dialog.refresh()
    assert button.isEnabled()
    assert "nothing to put back" not in button.toolTip()


def keyring_lost_after_backup(window_on):
    """A window on encrypted data backed up and worked on since (``backed_up_then_worked``), then its keyring.json
    lost, and its backups dialog seeing so."""
    window = window_on("encrypted")
    dialog = backed_up_then_worked(window)
    (window.data_dir / "keyring.json").unlink()
    dialog.refresh()
    return window, dialog


def test_the_button_is_not_shown_for_unencrypted_data(window_on, english):
    window = window_on("plain")
    dialog = window.show_backups()
    assert dialog.buttons["keyring"].isHidden()


def test_putting_back_the_keyring_from_the_dialog_keeps_the_work_since_the_backup(window_on, english):
    window, dialog = keyring_lost_after_backup(window_on)
    prompts = window.prompts
    keyring = window.data_dir / "keyring.json"
    dialog.table.selectRow(0)
    prompts.confirm_answer = True
    prompts.passphrases = ["a passphrase of later", PASS]
    dialog.buttons["keyring"].click()
    asked = prompts.confirmations[-1]
    assert asked.startswith("Put back only the keyring of the backup made") and "stay as they are" in asked, asked
    assert len(prompts.questions) == 2 and "as it was when the backup was made" in prompts.questions[0]
    assert len(prompts.errors) == 1 and "give the earlier one" in prompts.errors[0]
    assert prompts.infos[-1].startswith("The keyring of the backup is back"), prompts.infos
    assert keyring.is_file()
    assert worked_since(window)  # the data was not replaced
    assert not list((window.data_dir / "backups").glob("replaced-*"))
    assert not dialog.buttons["keyring"].isEnabled()  # the keyring is back: nothing more to put back
    row = window.db.execute("SELECT entity FROM audit WHERE action = 'keyring_put_back'").fetchone()
    assert row is not None and row[0] == "security"


def test_declining_changes_nothing(window_on, english):
    window, dialog = keyring_lost_after_backup(window_on)
    prompts = window.prompts
    prompts.confirm_answer = False
    dialog.buttons["keyring"].click()  # nothing selected: the newest encrypted backup is offered
    assert len(prompts.confirmations) == 1 and prompts.questions == []
    assert not (window.data_dir / "keyring.json").exists()


def test_a_whole_restore_refused_for_the_missing_keyring_points_to_the_button(window_on, english):
    window, dialog = keyring_lost_after_backup(window_on)
    prompts = window.prompts
    dialog.table.selectRow(0)
    prompts.confirm_answer = True
    dialog.buttons["restore"].click()
    assert len(prompts.errors) == 1, prompts.errors
    said = prompts.errors[0]
    assert "keyring.json is missing" in said and "Put back the keyring only…" in said, said
    assert "--keyring-only" not in said
    assert worked_since(window) and not (window.data_dir / "keyring.json").exists()
