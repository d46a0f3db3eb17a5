"""A restore or a put-back killed after it had written its audit entry but before it was whole (its journal still
there: the note of the data replaced, the numbering hold, the set's removal left to do) is finished by the next
command without writing that entry a second time: the audit log records one restore, one put-back."""

from __future__ import annotations

import json

from tests import backup_fixtures
from tests.test_backup import work_on
from tests.test_crash14 import consistent, killed, posix
from tests.test_cut_off_backups import _restored_over_an_edit, audited
from tests.test_full_disk import run

templates, copy_template, _fast_keys = (
    backup_fixtures.templates,
    backup_fixtures.copy_template,
    backup_fixtures._fast_keys,
)

pytestmark = posix


def test_a_restore_killed_after_its_audit_entry_is_finished_with_that_one_entry(
    copy_template, capsys, english, tmp_path
):
    data = copy_template("plain")
    made = json.loads(run(capsys, "--data-dir", data, "--json", "backup", "create")[1])
    work_on(data, tmp_path)  # work after the backup: the restore keeps it aside and notes it
    killed("workstation.backup_replaced.note_replaced:1", "--data-dir", data, "backup", "restore", made["id"])
    assert (data / "backups" / "restore-journal.json").exists() and len(audited(data, "restore")) == 1
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0 and "was cut off after it had replaced the data, and was finished now" in err
    assert [entity for entity, _after in audited(data, "restore")] == [made["id"]]
    assert not (data / "backups" / "restore-journal.json").exists()
    consistent(data)


def test_a_put_back_killed_after_its_audit_entry_is_finished_with_that_one_entry(
    copy_template, capsys, english
):
    data = copy_template("plain")
    name = _restored_over_an_edit(capsys, data)
    # the set's data in place, its note and audit entry written, killed before the set was removed
    killed("workstation.backup_replaced._remove:1", "--data-dir", data, "backup", "put-back", name)
    assert (data / "backups" / "restore-journal.json").exists() and len(audited(data, "put_back")) == 1
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0 and f"The put-back of {name} (the data replaced " in err
    assert [entity for entity, _after in audited(data, "put_back")] == [name]
    assert not (data / "backups" / name).exists() and not (data / "backups" / "restore-journal.json").exists()
    consistent(data)
