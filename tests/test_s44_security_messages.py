"""What the command line says of encrypted data that lost its keyring.json (`security status` tells the truth and
points to the `--keyring-only` recovery `stats` explains), and of a first restore into a new folder cut off after it
wrote the keyring (run the same `backup restore` again, naming the backup, not "no backup, ask technical staff")."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from tests import backup_fixtures
from tests.backup_fixtures import PASS, PROJECT, backup_of
from workstation.cli import main
from workstation.cli_new_data import CLAIM_PREFIX

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def test_security_status_of_encrypted_data_without_its_keyring_says_so_and_how_to_recover(copy_template, english,
                                                                                           tmp_path):
    data = copy_template("encrypted")
    shutil.move(data / "keyring.json", tmp_path / "keyring.json")
    stats = run("--data-dir", data, "stats")
    code, out, _err = run("--data-dir", data, "security", "status")
    assert code == 0 and "run `security encrypt`" not in out and "Not encrypted" not in out
    assert "it looks encrypted, and keyring.json" in out and "is missing from" in out
    assert "`backup restore ID --keyring-only`" in out
    assert out.strip() in stats[2]  # the same explanation and recovery as `stats`
    code, out, _err = run("--data-dir", data, "security", "status", "--json")
    status = json.loads(out)
    assert code == 0 and (status["mode"], status["keyring_missing"], status["officers"]) == ("encrypted", True, [])


def test_security_status_of_plain_and_encrypted_data_is_unchanged(copy_template, english):
    plain = copy_template("plain", "plain")
    (plain / "keyring.json").unlink()  # an earlier version's unencrypted data: encryption is offered
    assert "run `security encrypt`" in run("--data-dir", plain, "security", "status")[1]
    assert "keyring_missing" not in json.loads(run("--data-dir", plain, "security", "status", "--json")[1])
    encrypted = copy_template("encrypted", "encrypted")
    assert run("--data-dir", encrypted, "security", "status")[1].startswith("Encrypted; passphrases: ")


def restore_cut_off_after_the_keyring(data: Path, backup: Path) -> None:
    """`backup restore BACKUP` into the new folder ``data`` in another process, killed right after it wrote the
    keyring the backup carries (before the database)."""
    code = ("import os, sys; from workstation.security import keyring; adopt = keyring.adopt\n"
            "def killed(*a, **k):\n    adopt(*a, **k); os._exit(137)\n"
            "keyring.adopt = killed\nfrom workstation.cli import main\nmain(sys.argv[1:])")
    environment = {**os.environ, "WORKSTATION_PASSPHRASE": PASS, "WORKSTATION_LANG": "en"}
    environment.pop("WORKSTATION_PLAINTEXT", None)  # a passphrase is given: not unencrypted on purpose
    done = subprocess.run([sys.executable, "-c", code, "--data-dir", str(data), "backup", "restore", str(backup)],
                          cwd=PROJECT, env=environment, capture_output=True)
    assert done.returncode == 137, done.stderr
    assert (data / "keyring.json").exists() and not (data / "workstation.db").exists()
    assert any(p.name.startswith(CLAIM_PREFIX) for p in data.iterdir())


def test_a_first_restore_cut_off_after_the_keyring_is_said_and_running_it_again_finishes_it(
        copy_template, english, tmp_path, monkeypatch):
    source = copy_template("encrypted", "source")
    backup = Path(backup_of(source)["path"])
    data = tmp_path / "new"
    restore_cut_off_after_the_keyring(data, backup)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    again = f"`backup restore {backup.resolve()}`"
    for command in (["stats"], ["init"], ["backup", "list"]):
        code, out, err = run("--data-dir", data, *command)
        assert (code, out) == (1, ""), command
        assert f"The restore into {data} was cut off before it finished" in err and again in err, (command, err)
        assert "ask for technical help" not in err and "run `init` or `demo`" not in err, (command, err)
    assert not (data / "workstation.db").exists()
    code, _out, err = run("--data-dir", data, "backup", "restore", backup)
    assert code == 0, err
    code, out, err = run("--data-dir", data, "stats", "--json")
    assert code == 0 and json.loads(out)["cases"]["total"] == 36, err
    assert not any(p.name.startswith(CLAIM_PREFIX) for p in data.iterdir())
