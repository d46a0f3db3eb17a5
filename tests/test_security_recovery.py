"""Encrypting a data directory cut off by a crash in the middle of its renames: the next start (command line or
window) or the next `security encrypt` finishes the swap when the new keyring was written, else puts the
unencrypted data back as it was, and says which; nothing is lost and no plaintext copy stays behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import CASE, PASS, data_digest, secrets_of_demo
from tests.helpers import DEMO_EVIDENCE_FILES, run
from workstation.security import access, keyring, session

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


class Crash(BaseException):
    """The process dies here: no clean-up of the code under way runs (BaseException passes `except Exception`)."""


@pytest.fixture(autouse=True)
def _fresh_keys():
    yield
    session._KEYS.clear()


def crash_encrypting(monkeypatch, data: Path, method: str, name: str) -> None:
    """Encrypt ``data`` and crash right after the Path.``method`` (replace or unlink) of the file ``name``."""
    original = getattr(Path, method)

    def crashing(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        if self.name == name:
            raise Crash(name)
        return result

    monkeypatch.setattr(Path, method, crashing)
    with pytest.raises(Crash):
        access.encrypt_data_dir(data, PASS)
    monkeypatch.setattr(Path, method, original)
    session._KEYS.clear()  # the next start is a new process


def cli(capsys, monkeypatch, *argv, passphrase: str | None = PASS):
    session._KEYS.clear()
    if passphrase is None:
        monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    else:
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", passphrase)
    return run(capsys, "--data-dir", *argv)


def plaintext_left(data: Path) -> list[str]:
    return [str(p.relative_to(data)) for p in data.rglob("*") if p.is_file() and "logs" not in p.parts
            and any(n in p.read_bytes() for n in secrets_of_demo())]


def assert_encrypted_and_whole(capsys, monkeypatch, data: Path, tmp_path: Path) -> None:
    assert keyring.state(data) == "encrypted" and not access.journal_path(data).exists()
    assert sorted(p.name for p in data.iterdir() if "encrypting" in p.name or "plaintext" in p.name) == []
    assert plaintext_left(data) == []
    code, out, err = cli(capsys, monkeypatch, data, "stats", "--json")
    assert code == 0, err
    assert json.loads(out)["cases"]["total"] == 36
    code, _out, err = cli(capsys, monkeypatch, data, "docs", "casefile", CASE, "-o", tmp_path / "卷宗.pdf")
    assert code == 0, err  # reads the stored files back through their seal
    code, out, err = cli(capsys, monkeypatch, data, "audit", "verify", "--json")
    assert code == 0 and json.loads(out)["valid"], err
    assert b"ENCRYPTED PRIVATE KEY" in (data / "station" / "sign.key").read_bytes()


@pytest.mark.parametrize("after", ["workstation.db.encrypting", "files"])
def test_a_crash_between_the_swaps_is_finished_at_the_next_start(capsys, monkeypatch, copy_template, tmp_path,
                                                                    english, after):
    data = copy_template("plain")
    crash_encrypting(monkeypatch, data, "replace", after)  # the database swapped in; the files not (yet)
    assert access.journal_path(data).exists()
    code, _out, err = cli(capsys, monkeypatch, data, "stats")
    assert code == 0, err
    assert "was interrupted; it was completed now" in err and str(data) in err
    assert_encrypted_and_whole(capsys, monkeypatch, data, tmp_path)
    code, _out, err = cli(capsys, monkeypatch, data, "stats")
    assert code == 0 and "interrupted" not in err  # said once


def test_a_crash_before_the_new_keyring_puts_the_unencrypted_data_back(capsys, monkeypatch, copy_template, tmp_path,
                                                                      english):
    data = copy_template("plain")
    before = data_digest(data)
    crash_encrypting(monkeypatch, data, "unlink", "keyring.json")  # the plaintext choice removed, no new one yet
    assert keyring.load(data) is None and (data / "workstation.db.encrypting").exists()
    code, _out, err = cli(capsys, monkeypatch, data, "stats", passphrase=None)
    assert code == 0, err
    assert "before the encrypted copies replaced the originals" in err and "Encrypt it again" in err
    assert keyring.state(data) == "plaintext" and data_digest(data) == before
    assert not (data / "workstation.db.encrypting").exists() and not (data / "files.encrypting").exists()
    assert not access.journal_path(data).exists()
    code, _out, err = cli(capsys, monkeypatch, data, "security", "encrypt")
    assert code == 0, err
    assert_encrypted_and_whole(capsys, monkeypatch, data, tmp_path)


def test_the_next_security_encrypt_finishes_an_interrupted_one(capsys, monkeypatch, copy_template, tmp_path, english):
    data = copy_template("plain")
    crash_encrypting(monkeypatch, data, "replace", "files")
    code, out, err = cli(capsys, monkeypatch, data, "security", "encrypt", "--json")
    assert code == 0, err
    assert "was interrupted; it was completed now" in err
    result = json.loads(out)
    assert result["encrypted"] and result["files"] == 2 + DEMO_EVIDENCE_FILES  # and the demo's evidence files
    assert_encrypted_and_whole(capsys, monkeypatch, data, tmp_path)


def test_the_window_finishes_an_interrupted_encryption_and_says_so(monkeypatch, copy_template, tmp_path, english,
                                                                   qapp):
    from tests.conftest import ScriptedPrompts
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner

    data = copy_template("plain")
    crash_encrypting(monkeypatch, data, "replace", "workstation.db.encrypting")
    prompts = ScriptedPrompts()
    granted = gain_access(data, PASS, ImmediateRunner(), prompts, show=lambda dialog: False)
    assert granted is not None and granted.mode == "encrypted"
    assert len(prompts.infos) == 1 and "it was completed now" in prompts.infos[0]
    assert not access.journal_path(data).exists() and plaintext_left(data) == []


def crash_after_the_swap(monkeypatch, data: Path) -> None:
    """Encrypt ``data`` and crash once the encrypted copies are swapped in, before the steps needing the key."""
    import workstation.backup

    def crashing(_data_dir, **_noting):
        raise Crash("swapped")

    with monkeypatch.context() as patch:
        patch.setattr(workstation.backup, "remove_plaintext_backups", crashing)
        with pytest.raises(Crash):
            access.encrypt_data_dir(data, PASS)
    session._KEYS.clear()


@pytest.mark.parametrize("crash", ["between the swaps", "after the swap"])
def test_finishing_an_interrupted_encryption_reports_the_plaintext_copies_it_removed(capsys, monkeypatch,
                                                                                      copy_template, english, crash):
    from tests.backup_fixtures import backup_of

    data = copy_template("plain")
    made = backup_of(data)  # an unencrypted backup: removed once the data is unlocked
    copy = data / "backups" / "before-migration-20260101-090000-000000.db"
    copy.write_bytes(Path(data / "workstation.db").read_bytes())  # a plaintext copy made before a migration
    if crash == "between the swaps":
        crash_encrypting(monkeypatch, data, "replace", "files")
    else:
        crash_after_the_swap(monkeypatch, data)
        assert not copy.exists()  # removed by the run that crashed, noted in its journal
    code, out, err = cli(capsys, monkeypatch, data, "security", "encrypt", "--json")
    assert code == 0, err
    assert not copy.exists() and no_plaintext_copy(Path(made["path"]))
    assert json.loads(out)["plaintext_copies_removed"] == 2


def no_plaintext_copy(path: Path) -> bool:
    """Whether the plaintext copy or unencrypted backup at ``path`` is gone: removed, or (a backup) replaced by the
    encrypted one `security encrypt` makes in its place, which takes its name when made within the same second."""
    from workstation.backup_restore import backup_is_encrypted

    return not path.exists() or (path.suffix == ".wsbackup" and backup_is_encrypted(path))


def plaintext_copies(data: Path, copies: int, backups: int) -> list[Path]:
    """``copies`` plaintext copies made before migrations and ``backups`` unencrypted backups of ``data``."""
    from tests.backup_fixtures import backup_of

    made = [Path(backup_of(data)["path"]) for _ in range(backups)]
    for n in range(copies):
        copy = data / "backups" / f"before-migration-20260101-09000{n}-000000.db"
        copy.write_bytes(Path(data / "workstation.db").read_bytes())
        made.append(copy)
    return made


@pytest.mark.parametrize("removing", ["before-migration", "workstation-backup"])
def test_copies_removed_by_a_run_cut_off_while_removing_them_are_counted(capsys, monkeypatch, copy_template, english,
                                                                         removing):
    data = copy_template("plain")
    made = plaintext_copies(data, copies=2, backups=2)
    original, gone = Path.unlink, []

    def crashing(self, *args, **kwargs):  # the first of these copies goes, then the process dies
        original(self, *args, **kwargs)  # (not the .part of the encrypted backup made before they go)
        if self.name.startswith(removing) and not self.name.endswith(".part"):
            gone.append(self.name)
            raise Crash(self.name)

    monkeypatch.setattr(Path, "unlink", crashing)
    with pytest.raises(Crash):
        access.encrypt_data_dir(data, PASS)
    monkeypatch.setattr(Path, "unlink", original)
    session._KEYS.clear()
    assert len(gone) == 1 and [p.exists() for p in made if p.name.startswith(removing)].count(True) == 1
    code, out, err = cli(capsys, monkeypatch, data, "security", "encrypt", "--json")
    assert code == 0, err
    assert all(no_plaintext_copy(p) for p in made)
    assert json.loads(out)["plaintext_copies_removed"] == 4  # the one removed before the crash counted too
