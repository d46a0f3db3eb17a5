"""`security change-passphrase --officer NAME` with a name that has no passphrase here is refused naming the
option and the officers who have one — not answered as a wrong passphrase, and not counted as a wrong try."""

import json

import pytest

from tests.helpers import run
from workstation.security import keyring, session

PASS = "correct horse battery"
FAST = {"memory_kib": 1024, "iterations": 1, "lanes": 1}


@pytest.fixture
def encrypted(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    data = tmp_path / "secure"
    code, _out, err = run(capsys, "--data-dir", data, "init", "--agency", "440605")
    assert code == 0, err
    session._KEYS.clear()
    yield data
    session._KEYS.clear()


def test_a_mistyped_officer_is_named_not_taken_for_a_wrong_passphrase(encrypted, tmp_path, capsys, english):
    new = tmp_path / "new.txt"
    new.write_text("一个新的更长的口令\n", encoding="utf-8")
    holders = keyring.officers(encrypted)
    before = json.loads((encrypted / "keyring.json").read_text(encoding="utf-8"))
    code, _out, err = run(capsys, "--data-dir", encrypted, "security", "change-passphrase", "--officer", "没有此人",
                          "--new-passphrase-file", new)
    session._KEYS.clear()
    assert code == 1
    assert "--officer" in err and "没有此人 has no passphrase here" in err
    assert "Wrong passphrase" not in err
    assert keyring.failure_delay(encrypted) == 0
    after = json.loads((encrypted / "keyring.json").read_text(encoding="utf-8"))
    assert after.get("failures", 0) == before.get("failures", 0) == 0
    assert keyring.officers(encrypted) == holders
    assert keyring.unlock(encrypted, PASS)  # the passphrase still opens the data
