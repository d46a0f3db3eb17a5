"""Laptops without a station id sharing a USB stick: encrypting one laptop's data removes its own unencrypted backups
there, never another laptop's of the same name; and no laptop removes another's half-written backup (``.part``) of
the same name (being written now, for all it can tell), only those of its own data whose backup is gone.

A laptop started with --demo, or whose officer chose 以后再说 at the agency step, has no station id: its backups are
named after the data folder (the same on every laptop) and carry an empty station. An unencrypted one is this data's
only when this database's audit log records making it; a half-written one only when its name carries this data's
mark (``backup.json``), which no other laptop's has."""

from __future__ import annotations

from pathlib import Path

from tests import backup_fixtures
from tests.backup_fixtures import PASS
from tests.helpers import run
from tests.test_crash14 import killed, posix
from tests.test_s52_backups import backup_create, first_start, names
from workstation.backup import plaintext_backups

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def unencrypted(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.wsbackup") if b'"encrypted":false' in p.read_bytes()[:4096]
                  .replace(b" ", b""))


def encrypt(capsys, monkeypatch, data: Path) -> tuple[int, str, str]:
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    return run(capsys, "--data-dir", data, "security", "encrypt")


def two_laptops_backed_up_onto_one_stick(capsys, monkeypatch, tmp_path) -> tuple[Path, Path, Path, list, list]:
    usb = tmp_path / "usb"
    lap_a, lap_b = first_start(tmp_path / "A", None), first_start(tmp_path / "B", None)
    made = {lap_a: [], lap_b: []}
    for lap in (lap_a, lap_b):
        for _n in range(2):
            code, out, err = backup_create(capsys, monkeypatch, lap, None, "--folder", usb, "--keep", "5")
            assert code == 0, err
            made[lap].append(Path(out.split(" written.")[0]).name)
    assert all(name.startswith("workstation-backup-case-file-workstation-") for name in made[lap_a] + made[lap_b])
    return usb, lap_a, lap_b, made[lap_a], made[lap_b]


# unencrypted backups -------------------------------------------------------------------------------------------
def test_encrypting_a_laptop_without_a_station_id_removes_its_own_unencrypted_backups_not_another_laptop_s(
        capsys, monkeypatch, tmp_path, english):
    usb, lap_a, lap_b, made_a, made_b = two_laptops_backed_up_onto_one_stick(capsys, monkeypatch, tmp_path)
    assert sorted(p.name for p in plaintext_backups(lap_a)) == sorted(made_a)  # what the encryption will remove

    code, out, err = encrypt(capsys, monkeypatch, lap_a)
    assert code == 0, err
    assert "The unencrypted backups were removed; an encrypted backup takes their place" in out
    assert unencrypted(usb) == sorted(made_b)  # laptop B's stay, whole: laptop B restores from them
    monkeypatch.delenv("WORKSTATION_PASSPHRASE")
    for name in made_b:
        code, out, err = run(capsys, "--data-dir", lap_b, "backup", "verify", usb / name)
        assert code == 0, err
    # and laptop B, encrypted in its turn, removes its own
    code, out, err = encrypt(capsys, monkeypatch, lap_b)
    assert code == 0, err
    assert unencrypted(usb) == []


def test_a_laptop_given_a_station_id_later_still_removes_the_unencrypted_backups_it_made_without_one(
        copy_template, capsys, monkeypatch, tmp_path, english):
    usb, lap_a, lap_b, made_a, made_b = two_laptops_backed_up_onto_one_stick(capsys, monkeypatch, tmp_path)
    stationed = copy_template("plain")
    code, out, err = run(capsys, "--data-dir", stationed, "backup", "create", "--folder", usb)
    assert code == 0, err
    own = Path(out.split(" written.")[0]).name
    assert not own.startswith("workstation-backup-case-file-workstation-")

    code, out, err = encrypt(capsys, monkeypatch, stationed)
    assert code == 0, err
    assert unencrypted(usb) == sorted(made_a + made_b)  # neither laptop's backups without a station id are its own


# half-written backups -----------------------------------------------------------------------------------------
@posix
def test_a_laptop_removes_only_its_own_half_written_backups_from_a_shared_stick(capsys, monkeypatch, tmp_path,
                                                                               english):
    usb, lap_a, lap_b, made_a, _made_b = two_laptops_backed_up_onto_one_stick(capsys, monkeypatch, tmp_path)
    killed("workstation.backup._replace:1", "--data-dir", lap_b, "backup", "create")  # onto the stick, its folder
    [part_b] = usb.glob("*.part")  # for laptop A, a backup laptop B may be writing now
    assert part_b.name.startswith("workstation-backup-case-file-workstation-")
    before = names(usb)

    # laptop A's start, its backups and its encryption leave it
    code, out, err = run(capsys, "--data-dir", lap_a, "backup", "check")
    assert code == 0, err
    assert "partial backup" not in err and part_b.exists()
    code, out, err = backup_create(capsys, monkeypatch, lap_a, None)
    assert code == 0, err
    assert part_b.exists()
    code, out, err = encrypt(capsys, monkeypatch, lap_a)
    assert code == 0, err
    assert part_b.exists() and set(before) - set(names(usb)) <= set(made_a)

    # laptop A's own cut-off backup goes at its next start; laptop B's stays until laptop B starts
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    killed("workstation.backup._replace:1", "--data-dir", lap_a, "backup", "create")
    [part_a] = set(usb.glob("*.part")) - {part_b}
    code, out, err = run(capsys, "--data-dir", lap_a, "backup", "check")
    assert code == 0, err
    assert f"Note: 1 partial backup that a backup cut off last time had left in {usb} was removed" in err
    assert not part_a.exists() and part_b.exists()
    monkeypatch.delenv("WORKSTATION_PASSPHRASE")
    code, out, err = run(capsys, "--data-dir", lap_b, "backup", "check")
    assert code == 0, err
    assert f"Note: 1 partial backup that a backup cut off last time had left in {usb} was removed" in err
    assert not part_b.exists()
