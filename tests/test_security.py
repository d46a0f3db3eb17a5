"""Encryption at rest: a data directory created or migrated encrypted holds no plaintext personal data on the
disk; passphrases per officer; a wrong, empty or missing passphrase and a database without its key are refused
with nothing changed."""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path

import pytest

from tests.backup_fixtures import OPEN_CASE
from tests.helpers import CASE, DEMO_EVIDENCE_FILES, db_digest, run
from workstation.security import keyring, session

PASS = "correct horse battery"
FAST = {"memory_kib": 1024, "iterations": 1, "lanes": 1}


@pytest.fixture(autouse=True)
def _encryption(monkeypatch):
    """No plaintext by default here; Argon2id at a low cost so that the tests stay fast (the default cost is
    checked separately); every key unlocked by a test forgotten afterwards."""
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    yield
    session._KEYS.clear()


def cli(capsys, monkeypatch, *argv, passphrase: str | None = PASS):
    session._KEYS.clear()  # each command is a new process
    if passphrase is None:
        monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    else:
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", passphrase)
    return run(capsys, *argv)


def ok(capsys, monkeypatch, *argv, passphrase: str | None = PASS):
    code, out, err = cli(capsys, monkeypatch, *argv, "--json", passphrase=passphrase)
    assert code == 0, err
    return json.loads(out)


def secrets_of_demo() -> list[bytes]:
    """Names, phones and ID numbers of the demo's parties and officers, as they would sit in a file."""
    seed = json.loads(Path("resources/demo/seed.json").read_text(encoding="utf-8"))
    values = set()
    for party in seed["parties"]:
        values |= {party.get(k) for k in ("name", "phone", "id_number", "legal_rep")}
    values |= {o["name"] for o in seed["officers"]}
    return sorted((v.encode("utf-8") for v in values if v and len(v) >= 3), key=len)


def disk_bytes(data_dir: Path) -> list[tuple[Path, bytes]]:
    gc.collect()
    skip = {"logs"}
    return [(p, p.read_bytes()) for p in data_dir.rglob("*") if p.is_file() and not skip & set(p.parts)]


def leaked(data_dir: Path) -> list[str]:
    found = []
    needles = secrets_of_demo()
    for path, data in disk_bytes(data_dir):
        for needle in needles:
            if needle in data:
                found.append(f"{path.relative_to(data_dir)}: {needle.decode()}")
                break
    return found


@pytest.fixture(scope="module")
def encrypted_demo_template(tmp_path_factory):
    """The data directory of ``encrypted_demo``, made once for the module by the command line as that fixture's
    tests used to make it each (init, demo, an issued decision, an evidence file: a second or more each time)."""
    import contextlib
    import io

    from workstation.cli import main

    root = tmp_path_factory.mktemp("encrypted-demo")
    data = root / "secure"
    with pytest.MonkeyPatch.context() as patch:  # as _isolated_home and _encryption do for the tests
        for name, folder in (("WORKSTATION_HOME", "home"), ("HOME", "user"), ("XDG_DATA_HOME", "user/data"),
                             ("XDG_CONFIG_HOME", "user/config")):
            patch.setenv(name, str(root / folder))
        patch.delenv("WORKSTATION_PLAINTEXT", raising=False)
        patch.setenv("WORKSTATION_PASSPHRASE", PASS)
        patch.setattr(keyring, "DEFAULT_COST", FAST)
        seed = json.loads(Path("resources/demo/seed.json").read_text(encoding="utf-8"))
        evidence = root / "客户名单.csv"
        evidence.write_text("姓名,电话\n" + "\n".join(f"{p['name']},{p.get('phone', '')}" for p in seed["parties"]),
                            encoding="utf-8")
        try:
            for argv in (("init", "--agency", "440605"), ("demo", "--without-complaints"),
                         ("docs", "issue", CASE, "--form", "filing_approval", "-o", root / "out.pdf"),
                         ("evidence", "add", OPEN_CASE, evidence, "--kind", "customer_list")):
                said = io.StringIO()
                with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
                    code = main([str(a) for a in ("--data-dir", data, *argv, "--json")])
                assert code == 0, said.getvalue()
        finally:
            session._KEYS.clear()
    gc.collect()
    return data


@pytest.fixture
def encrypted_demo(encrypted_demo_template, tmp_path):
    """An encrypted data directory holding the demo, an issued decision and an evidence file (a copy of the
    module's own)."""
    return Path(shutil.copytree(encrypted_demo_template, tmp_path / "secure"))


def test_encrypted_data_directory_holds_no_plaintext_personal_data(capsys, monkeypatch, encrypted_demo, tmp_path):
    assert keyring.state(encrypted_demo) == "encrypted"
    assert (encrypted_demo / "workstation.db").read_bytes()[:16] != b"SQLite format 3\x00"
    assert leaked(encrypted_demo) == []
    # the same data opened with the passphrase: everything is there
    stats = ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "stats")
    assert stats["cases"]["total"] == 36 and stats["infringing_records"] == 18176
    items = ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "evidence", "list", OPEN_CASE)
    assert items and items[-1]["file_name"] == "客户名单.csv"  # after the demo case's own evidence
    ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "docs", "casefile", CASE, "-o", tmp_path / "卷宗.pdf")
    assert (tmp_path / "卷宗.pdf").read_bytes()[:4] == b"%PDF"
    # and the same directory made in plaintext mode does leak: the search would find it
    plain = tmp_path / "plain"
    ok(capsys, monkeypatch, "--data-dir", plain, "init", "--plaintext", passphrase=None)
    ok(capsys, monkeypatch, "--data-dir", plain, "demo", "--without-complaints", passphrase=None)
    assert leaked(plain)


@pytest.mark.parametrize("passphrase", ["wrong passphrase", ""])
def test_wrong_or_empty_passphrase_is_refused_without_damage(capsys, monkeypatch, encrypted_demo, passphrase):
    before = db_digest(encrypted_demo)
    code, out, err = cli(capsys, monkeypatch, "--data-dir", encrypted_demo, "cases", "list", passphrase=passphrase)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    # an empty one is said as the variable that gave it, not as a passphrase the officer typed
    assert ("WORKSTATION_PASSPHRASE" in err) == (passphrase == "")
    assert db_digest(encrypted_demo) == before
    assert ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "stats")["cases"]["total"] == 36


def test_missing_passphrase_is_refused(capsys, monkeypatch, encrypted_demo):
    code, _out, err = cli(capsys, monkeypatch, "--data-dir", encrypted_demo, "stats", passphrase=None)
    assert code == 1 and "WORKSTATION_PASSPHRASE" in err


def test_passphrase_file_opens_the_data(capsys, monkeypatch, encrypted_demo, tmp_path):
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    code, out, err = cli(capsys, monkeypatch, "--data-dir", encrypted_demo, "stats", "--json",
                         "--passphrase-file", secret, passphrase=None)
    assert code == 0, err
    assert json.loads(out)["cases"]["total"] == 36


def test_a_new_data_directory_without_a_passphrase_is_made_unencrypted_and_the_choice_left_open(capsys, monkeypatch,
                                                                                             tmp_path):
    """`demo` as CLI.md gives it makes the data unencrypted, saying so with `--plaintext` and how to encrypt, and
    records no choice (it was refused); `init --plaintext` records the choice."""
    code, _out, err = cli(capsys, monkeypatch, "--data-dir", tmp_path / "new", "demo", passphrase=None)
    assert code == 0 and "--plaintext" in err and "security encrypt" in err
    status = ok(capsys, monkeypatch, "--data-dir", tmp_path / "new", "security", "status", passphrase=None)
    assert (status["mode"], status["chosen"]) == ("plaintext", False)
    ok(capsys, monkeypatch, "--data-dir", tmp_path / "chosen", "init", "--plaintext", passphrase=None)
    assert ok(capsys, monkeypatch, "--data-dir", tmp_path / "chosen", "security", "status", passphrase=None) == {
        "mode": "plaintext", "chosen": True, "officers": [], "station_passphrase": False, "wait_seconds": 0}


@pytest.mark.parametrize("given", ["WORKSTATION_PASSPHRASE", "--passphrase-file"])
def test_plaintext_with_a_passphrase_is_refused_and_nothing_is_created(capsys, monkeypatch, tmp_path, english,
                                                                      given):
    data = tmp_path / "new"
    if given == "--passphrase-file":
        secret = tmp_path / "secret.txt"
        secret.write_text(PASS + "\n", encoding="utf-8")
        code, _out, err = cli(capsys, monkeypatch, "--data-dir", data, "init", "--plaintext",
                              "--passphrase-file", secret, passphrase=None)
    else:
        code, _out, err = cli(capsys, monkeypatch, "--data-dir", data, "init", "--plaintext")
    assert code == 1
    assert "--plaintext" in err and given in err and "drop one of the two" in err and len(err.splitlines()) == 1
    assert not (data / "workstation.db").exists() and not keyring.state(data) == "plaintext"
    # an existing plaintext directory is left as it was, too
    ok(capsys, monkeypatch, "--data-dir", data, "init", "--plaintext", passphrase=None)
    code, _out, err = cli(capsys, monkeypatch, "--data-dir", data, "init", "--plaintext")
    assert code == 1 and "drop one of the two" in err
    assert ok(capsys, monkeypatch, "--data-dir", data, "security", "status", passphrase=None)["mode"] == "plaintext"


def test_short_passphrase_is_refused_and_nothing_is_created(capsys, monkeypatch, tmp_path):
    code, _out, err = cli(capsys, monkeypatch, "--data-dir", tmp_path / "new", "init", passphrase="short")
    assert code == 1 and "8" in err
    assert not (tmp_path / "new" / "workstation.db").exists() and not keyring.keyring_path(tmp_path / "new").exists()


def test_officers_have_their_own_passphrases_and_changing_one_does_not_reencrypt(capsys, monkeypatch,
                                                                               encrypted_demo, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("冯俊杰的口令2026\n", encoding="utf-8")
    ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "security", "add-officer", "冯俊杰", "--new-passphrase-file",
       other)
    status = ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "security", "status")
    assert status["mode"] == "encrypted" and "冯俊杰" in status["officers"] and len(status["officers"]) == 2
    assert ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "stats", passphrase="冯俊杰的口令2026")[
        "cases"]["total"] == 36
    key = keyring.unlock(encrypted_demo, PASS)[1]
    new = tmp_path / "new.txt"
    new.write_text("一个新的更长的口令\n", encoding="utf-8")
    ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "security", "change-passphrase", "--new-passphrase-file",
       new)
    assert keyring.unlock(encrypted_demo, "一个新的更长的口令")[1] == key  # the same key: nothing re-encrypted
    assert cli(capsys, monkeypatch, "--data-dir", encrypted_demo, "stats")[0] == 1
    assert ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "stats", passphrase="一个新的更长的口令")[
        "cases"]["total"] == 36
    assert ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "stats", passphrase="冯俊杰的口令2026")[
        "cases"]["total"] == 36


def test_repeated_wrong_passphrases_make_the_next_try_wait(capsys, monkeypatch, encrypted_demo):
    for _ in range(3):
        assert cli(capsys, monkeypatch, "--data-dir", encrypted_demo, "stats", passphrase="nope nope nope")[0] == 1
    code, _out, err = cli(capsys, monkeypatch, "--data-dir", encrypted_demo, "stats")  # even the right one waits
    assert code == 1 and keyring.failure_delay(encrypted_demo) > 0
    data = keyring.load(encrypted_demo)
    data["last_failure"] = 0  # the wait is over
    keyring.keyring_path(encrypted_demo).write_text(json.dumps(data), encoding="utf-8")
    assert ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "stats")["cases"]["total"] == 36
    assert keyring.load(encrypted_demo)["failures"] == 0


def test_a_wrong_passphrase_says_how_many_tries_are_left_before_a_wait(tmp_path, english):
    data = tmp_path / "data"
    keyring.create_encrypted(data, "陈志强", PASS)
    key = keyring.unlock(data, PASS)[1]
    keyring.add_officer(data, key, "黄丽娟", "冯俊杰的口令2026")

    def wrong(passphrase: str, officer: str | None = None) -> str:
        with pytest.raises(keyring.WrongPassphrase) as refused:
            keyring.unlock(data, passphrase, officer)
        return refused.value.message

    said = [wrong("nope nope nope"), wrong("冯俊杰的口令2026", "陈志强"), wrong("nope nope nope", "nobody")]
    assert said == ["Wrong passphrase; nothing was opened or changed. 2 more tries are left before the next one must "
                    "wait.",
                    "Wrong passphrase; nothing was opened or changed. One more try is left before the next one must "
                    "wait.",
                    "Wrong passphrase; nothing was opened or changed. The next try must wait 2 seconds."]
    assert 0 < keyring.failure_delay(data) <= 2  # as the message said
    assert "Too many wrong passphrases" in wrong(PASS)  # even the right one waits
    state = keyring.load(data)
    state["last_failure"] = 0  # the wait is over
    keyring.keyring_path(data).write_text(json.dumps(state), encoding="utf-8")
    assert wrong("nope nope nope").endswith("The next try must wait 4 seconds.")
    state = keyring.load(data)
    state["last_failure"] = 0
    keyring.keyring_path(data).write_text(json.dumps(state), encoding="utf-8")
    assert keyring.unlock(data, PASS)[0] == "陈志强"  # the count starts again
    assert wrong("nope nope nope") == said[0]


def test_database_copied_from_another_laptop_without_its_key_is_refused(capsys, monkeypatch, encrypted_demo,
                                                                         tmp_path):
    other = tmp_path / "other-laptop"
    ok(capsys, monkeypatch, "--data-dir", other, "init")
    gc.collect()
    for suffix in ("-wal", "-shm"):
        (other / f"workstation.db{suffix}").unlink(missing_ok=True)
    shutil.copy(encrypted_demo / "workstation.db", other / "workstation.db")
    before = db_digest(other)
    code, _out, err = cli(capsys, monkeypatch, "--data-dir", other, "stats")
    assert code == 1 and "workstation.db" in err and "Traceback" not in err
    assert db_digest(other) == before


def test_plaintext_data_directory_of_an_earlier_version_is_encrypted_in_place(capsys, monkeypatch, tmp_path):
    data = tmp_path / "old"
    ok(capsys, monkeypatch, "--data-dir", data, "init", "--plaintext", passphrase=None)
    ok(capsys, monkeypatch, "--data-dir", data, "demo", "--without-complaints", passphrase=None)
    ok(capsys, monkeypatch, "--data-dir", data, "docs", "issue", CASE, "--form", "filing_approval", "-o",
       tmp_path / "a.pdf", passphrase=None)
    keyring.keyring_path(data).unlink()  # as an earlier version left it: no keyring at all
    stats = ok(capsys, monkeypatch, "--data-dir", data, "stats", passphrase=None)
    assert leaked(data)
    result = ok(capsys, monkeypatch, "--data-dir", data, "security", "encrypt")
    assert result["encrypted"] and result["files"] == 1 + DEMO_EVIDENCE_FILES  # the issued document and the demo's evidence files
    assert leaked(data) == []
    assert ok(capsys, monkeypatch, "--data-dir", data, "stats") == stats
    ok(capsys, monkeypatch, "--data-dir", data, "docs", "casefile", CASE, "-o", tmp_path / "卷宗.pdf")
    assert ok(capsys, monkeypatch, "--data-dir", data, "audit", "verify")["valid"]
    assert cli(capsys, monkeypatch, "--data-dir", data, "stats", passphrase=None)[0] == 1


def test_bundles_between_encrypted_stations(capsys, monkeypatch, encrypted_demo, tmp_path):
    hq = tmp_path / "hq"
    ok(capsys, monkeypatch, "--data-dir", hq, "init", passphrase="总部的口令总部的口令")
    ok(capsys, monkeypatch, "--data-dir", hq, "station", "export", "-o", tmp_path / "hq.card",
       passphrase="总部的口令总部的口令")
    ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "station", "headquarters", tmp_path / "hq.card")
    ok(capsys, monkeypatch, "--data-dir", encrypted_demo, "bundle", "export", "-o", tmp_path / "s.bundle")
    merged = ok(capsys, monkeypatch, "--data-dir", hq, "bundle", "import", tmp_path / "s.bundle", "--trust",
                passphrase="总部的口令总部的口令")
    assert merged["new"] > 0 and merged["conflicts"] == 0
    assert leaked(hq) == [] and leaked(encrypted_demo) == []
    assert b"PRIVATE KEY-----\nMC4" not in (encrypted_demo / "station" / "sign.key").read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in (encrypted_demo / "station" / "sign.key").read_bytes()


def test_encryption_waits_until_no_other_workstation_has_the_data_open(capsys, monkeypatch, tmp_path):
    import subprocess
    import sys

    data = tmp_path / "busy"
    ok(capsys, monkeypatch, "--data-dir", data, "init", "--plaintext", passphrase=None)
    keyring.keyring_path(data).unlink()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        markers = data / ".open"
        markers.mkdir(exist_ok=True)
        from workstation import repair

        (markers / f"{other.pid}.json").write_text(json.dumps(
            {"pid": other.pid, "time": 0, "boot": repair.boot_id()}), encoding="utf-8")
        before = db_digest(data)
        code, _out, err = cli(capsys, monkeypatch, "--data-dir", data, "security", "encrypt")
        assert code == 1 and str(other.pid) in err
        assert db_digest(data) == before and keyring.state(data) == "none"
    finally:
        other.kill()
        other.wait()
    assert ok(capsys, monkeypatch, "--data-dir", data, "security", "encrypt")["encrypted"]


def test_encrypting_replaces_the_unencrypted_backups_it_removes_with_an_encrypted_one(capsys, monkeypatch, tmp_path):
    """The backup audit: `security encrypt` removed the station's unencrypted backups and left it with none."""
    from workstation.backup_restore import backup_is_encrypted

    data = tmp_path / "old"
    ok(capsys, monkeypatch, "--data-dir", data, "init", "--plaintext", passphrase=None)
    ok(capsys, monkeypatch, "--data-dir", data, "demo", "--without-complaints", passphrase=None)
    plain = ok(capsys, monkeypatch, "--data-dir", data, "backup", "create", passphrase=None)
    assert not backup_is_encrypted(Path(plain["path"]))
    result = ok(capsys, monkeypatch, "--data-dir", data, "security", "encrypt")
    assert result["plaintext_copies_removed"] >= 1
    assert result["backup"] and backup_is_encrypted(Path(result["backup"]))
    listed = ok(capsys, monkeypatch, "--data-dir", data, "backup", "list")
    assert [row["path"] for row in listed] == [result["backup"]]
