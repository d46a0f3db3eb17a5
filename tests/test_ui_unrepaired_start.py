"""Problems the check at start finds after an unclean shutdown and that are not repaired (the officer declines the
last good backup, or there is none) keep the database unchecked: the officer is told so, bulk imports still check
it and refuse, and the next start checks it again, even after a clean close; a restore then clears it."""

from __future__ import annotations

import re

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import (
    backup_of,
    crash_with_the_data_open,
    damage_the_audit_head,
    data_digest,
)
from tests.conftest import ScriptedPrompts
from tests.test_repair_import import register  # noqa: F401  (the register fixture)
from workstation.errors import ImportRefused
from workstation.importing.register import import_register
from workstation.repair import quick_check, stopped_without_closing, unrepaired, was_unclean

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def test_a_declined_restore_keeps_the_database_unchecked_until_a_restore(copy_template, started, register,  # noqa: F811
                                                                         english):
    data = copy_template("plain")
    good = backup_of(data)
    damage_the_audit_head(data)
    crash_with_the_data_open(data)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = False
    window = started(data, prompts)
    assert window is not None and len(prompts.confirmations) == 1
    assert prompts.infos == [("The problems are not repaired, so the database still counts as unchecked: "
                              "case-register and complaint imports check it first and are refused while it has "
                              "problems, and the next start checks it again. To repair it, restore a good backup "
                              "under File → Backups….")]
    assert was_unclean(data) and not stopped_without_closing(data)  # the crashed process's marker is gone
    assert "audit" in unrepaired(data)["problem"]
    before = data_digest(data)
    with pytest.raises(ImportRefused, match="Nothing was imported"):
        import_register(window.db, register)
    assert data_digest(data) == before
    started.close(window)
    assert was_unclean(data)  # a clean close does not forget it

    again = ScriptedPrompts()
    again.confirm_answer = True
    window = started(data, again)
    assert len(again.confirmations) == 1
    question = again.confirmations[0]
    assert re.match(r"The problems the database check found at an earlier start \(\d{4}-\d\d-\d\d \d\d:\d\d\) are "
                    r"not repaired:\n", question)
    assert "audit" in question and good["created"][:10] in question
    assert quick_check(window.db) == [] and "restored" in again.infos[-1]
    assert not was_unclean(data) and unrepaired(data) is None


def test_without_a_backup_the_officer_is_told_the_database_stays_unchecked(copy_template, started, english):
    data = copy_template("plain")
    damage_the_audit_head(data)
    crash_with_the_data_open(data)
    prompts = ScriptedPrompts()
    window = started(data, prompts)
    assert window is not None and prompts.confirmations == []
    assert len(prompts.errors) == 1 and "There is no backup to restore" in prompts.errors[0]
    assert prompts.errors[0].endswith("the next start checks it again. To repair it, restore a good backup under "
                                      "File → Backups….")
    started.close(window)
    assert was_unclean(data)
    again = ScriptedPrompts()
    window = started(data, again)
    assert len(again.errors) == 1 and "at an earlier start" in again.errors[0] and "audit" in again.errors[0]
    assert was_unclean(data)


def test_a_restore_from_the_backups_dialog_clears_the_mark_in_the_same_session(copy_template, started,
                                                                               register, english):  # noqa: F811
    data = copy_template("plain")
    backup_of(data)
    damage_the_audit_head(data)
    crash_with_the_data_open(data)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = False  # the restore offered at start is declined
    window = started(data, prompts)
    assert "audit" in unrepaired(data)["problem"]
    with pytest.raises(ImportRefused, match="Nothing was imported"):
        import_register(window.db, register)

    dialog = window.show_backups()
    dialog.table.selectRow(0)
    prompts.confirm_answer = True
    dialog.buttons["restore"].click()
    assert prompts.errors == [] and "was restored" in prompts.infos[-1]
    assert unrepaired(data) is None and not was_unclean(data)
    assert quick_check(window.db) == []
    assert import_register(window.db, register).imported == 5  # no longer refused, without a new start
