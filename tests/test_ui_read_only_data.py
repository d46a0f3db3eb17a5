"""The window at start on data another window of the workstation has open (warned: read only, anyway, or quit) and
on a data directory on a read-only disk (opened read only with a banner saying so; changes refused with the
reason)."""

from __future__ import annotations

import pytest

from tests import backup_fixtures
from tests import test_read_only_data as shared
from tests.conftest import ScriptedPrompts
from tests.test_read_only_data import files_of, marker, read_only
from workstation.errors import DatabaseError
from workstation.repair import WINDOW

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
live_process, read_only_copy = shared.live_process, shared.read_only_copy


def change_refused(window) -> str:
    with pytest.raises(DatabaseError) as refused:
        with window.db.atomic():
            window.db.execute("UPDATE cases SET facts = 'x'")
    return refused.value.message


def test_a_second_window_on_the_same_data_is_warned_and_opens_read_only(copy_template, started, live_process,
                                                                        english):
    data = copy_template("plain")
    other = live_process()
    marker(data, other, WINDOW)
    prompts = ScriptedPrompts()
    prompts.choices = [0]  # open read only
    window = started(data, prompts)
    message, *options = prompts.offered[0]
    assert message.startswith("This data directory is already open in another window of the workstation "
                              f"(process {other}).")
    assert options == ["Open read only", "Open anyway", "Quit"]
    assert window is not None and window.db.read_only
    assert window.read_only_banner is not None and not window.read_only_banner.isHidden()
    assert window.read_only_banner.text().startswith("Read only: this data is open in another window")
    assert window.windowTitle() == "Case-file workstation (read only)"
    assert "close both and start the workstation again" in change_refused(window)


def test_a_second_window_can_quit_or_open_anyway(copy_template, started, live_process, english):
    data = copy_template("plain")
    marker(data, live_process(), WINDOW)
    prompts = ScriptedPrompts()
    prompts.choices = [2]  # quit
    assert started(data, prompts) is None
    prompts.choices = [1]  # anyway
    window = started(data, prompts)
    assert window is not None and not window.db.read_only and window.read_only_banner is None
    with window.db.atomic():
        window.db.execute("UPDATE cases SET facts = 'changed' WHERE rowid = 1")


def test_the_first_window_is_not_warned(copy_template, started):
    prompts = ScriptedPrompts()
    window = started(copy_template("plain"), prompts)
    assert window is not None and prompts.offered == [] and window.read_only_banner is None


def test_a_data_directory_on_a_read_only_disk_opens_read_only_with_a_banner(copy_template, read_only_copy,
                                                                            started, english):
    data = read_only_copy(copy_template("plain"))
    before = files_of(data)
    prompts = ScriptedPrompts()
    window = started(data, prompts)
    assert window is not None and window.db.read_only and prompts.offered == []
    assert window.read_only_banner.text().startswith("Read only: the data directory is on a read-only disk")
    assert window.case_list.model.rowCount() == 36
    assert change_refused(window) == read_only(data)
    started.close(window)
    assert files_of(data) == before
