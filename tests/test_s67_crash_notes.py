"""After a command was killed mid-work, the next command that opens the database says on stderr which work was cut
off, once per crash (the markers stay for `backup check` and the window's start, which say it too); a `demo` killed
while adding its complaints names that stage and says to run `demo` again, which adds them."""

from __future__ import annotations

import json

from tests import backup_fixtures
from tests.test_crash14 import consistent, killed, posix
from tests.test_full_disk import counts, register_of_300, run

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)

CUT_OFF = "Cut off when the workstation last stopped without closing"


@posix
def test_the_command_after_a_killed_import_names_the_import_once_and_backup_check_still_does(copy_template, tmp_path,
                                                                                              capsys, english):
    data = copy_template("plain")
    register = register_of_300(tmp_path)
    before = counts(data)
    killed("workstation.audit.AuditWriter.flush:1", "--data-dir", data, "cases", "import", register)
    consistent(data)
    assert counts(data) == before
    code, out, err = run(capsys, "--data-dir", data, "--json", "stats")
    assert code == 0, err
    json.loads(out)  # stdout holds the result alone
    assert CUT_OFF not in out
    assert err.count(CUT_OFF) == 1 and err.count("Importing case register 台账.csv") == 1, err
    # the next commands do not repeat it
    for argv in (("stats",), ("audit", "verify")):
        code, out, err = run(capsys, "--data-dir", data, *argv)
        assert code == 0, err
        assert CUT_OFF not in err and "台账.csv" not in err and "台账.csv" not in out
    # the markers stay: `backup check` (as the window's start) still names the work, once, then forgets it
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0, err
    assert err.count(CUT_OFF) == 1 and "Importing case register 台账.csv" in err
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0 and CUT_OFF not in err


@posix
def test_backup_check_as_the_first_command_after_a_kill_names_the_work_once(copy_template, tmp_path, capsys,
                                                                              english):
    data = copy_template("plain")
    register = register_of_300(tmp_path)
    killed("workstation.audit.AuditWriter.flush:1", "--data-dir", data, "cases", "import", register)
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0, err
    assert err.count(CUT_OFF) == 1 and err.count("台账.csv") == 1, err


@posix
def test_a_demo_killed_while_adding_its_complaints_says_to_run_demo_again_which_adds_them(tmp_path, capsys,
                                                                                           english):
    data = tmp_path / "data"
    killed("workstation.importing.complaints.import_complaints:1", "--data-dir", data, "demo")
    code, out, err = run(capsys, "--data-dir", data, "--json", "stats")
    assert code == 0, err
    stats = json.loads(out)
    assert stats["leads"]["by_status"] == {"registered": 31}
    assert err.count("Adding the demo's complaints (not finished: run `demo` again to add them)") == 1, err
    code, out, err = run(capsys, "--data-dir", data, "--json", "demo")
    assert code == 0, err
    assert "Adding the demo's complaints" not in err  # said once
    assert json.loads(out)["added"]["complaints"] == 13543
