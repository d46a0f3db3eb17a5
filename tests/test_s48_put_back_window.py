"""文件 → 备份… → 恢复前保留的数据…: putting back the data a restore replaced says, as `backup put-back` does, that
the work done since the restore is not in the data put back (kept aside) and that its numbers stay taken."""

from __future__ import annotations

import pytest

from tests import backup_fixtures

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)


def test_the_put_back_says_the_work_since_the_restore_is_kept_aside(window_on, english):
    window = window_on("plain")
    prompts = window.prompts
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    assert len(dialog.rows) == 1, prompts.errors
    dialog.table.selectRow(0)
    prompts.confirm_answer = True
    dialog.buttons["restore"].click()
    assert not prompts.errors, prompts.errors
    replaced = dialog.show_replaced()
    replaced = replaced or dialog.replaced_dialog
    replaced.table.selectRow(0)
    replaced.put_back()
    assert not prompts.errors, prompts.errors
    said = prompts.infos[-1]
    assert said.startswith("The data replaced") and "is not in the data put back" in said, said
