"""A key headquarters withdrew (a lost laptop's) is never trusted again — not from its card, nor from a bundle it
signed, which whoever holds the laptop can make — while a new key of the same station may be, the trust naming the
earlier withdrawal; the refusals say the station must make a new key rather than offering `station trust FILE`. A
manifest altered after signing is said to be altered, not to need a newer workstation; a folder entry in a bundle is
not said to point outside it; and a hand-out for a station whose key was withdrawn says so."""

from __future__ import annotations

import base64
import json
import shutil
import zipfile
from pathlib import Path

from tests.data_digest import data_digest
from tests.helpers import run, run_json

REASON = "笔记本遗失"


def _export(capsys, dirs: Path, name: str, *extra) -> Path:
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / name, *extra)
    return dirs / name


def _untrust(capsys, dirs: Path) -> dict:
    return run_json(capsys, "--data-dir", dirs / "hq", "station", "untrust", "南海区局", "--reason", REASON)


def test_a_withdrawn_key_is_never_trusted_again_from_its_card_or_a_bundle_it_signed(
        capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    bundle = _export(capsys, dirs, "d.zip", "--all")
    withdrawn = _untrust(capsys, dirs)
    day = withdrawn["withdrawn_at"][:10]
    before = data_digest(dirs / "hq")
    for extra in ((), ("--trust",)):
        code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", bundle, *extra)
        assert code == 1, out
        assert day in err and REASON in err and "new key" in err, err
        assert "station trust" not in err, err
    for source in (bundle, dirs / "station.card"):
        code, out, err = run(capsys, "--data-dir", dirs / "hq", "station", "trust", source)
        assert code == 1, out
        assert "withdrawn" in err and day in err and REASON in err and "new key" in err, err
    assert data_digest(dirs / "hq") == before
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", bundle)
    assert code == 1 and "withdrawn" in err
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "verify", bundle)
    assert "station trust" not in out and "card again" not in out and "new key" in out, out


def test_a_new_key_of_the_station_is_trusted_naming_the_earlier_withdrawal_and_the_old_stays_refused(
        capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    old_card = dirs / "old.card"
    shutil.copy(dirs / "station.card", old_card)
    withdrawn = _untrust(capsys, dirs)
    # the same laptop's key files gone: its next card carries a new key under the same station id
    shutil.rmtree(dirs / "station" / "station")
    card = run_json(capsys, "--data-dir", dirs / "station", "station", "export", "-o", dirs / "new.card")
    assert card["fingerprint"] != withdrawn["fingerprint"]
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "new.card")
    assert code == 0, err
    assert "withdrawn" in out and withdrawn["withdrawn_at"][:10] in out and REASON in out, out
    assert withdrawn["fingerprint"] in out
    assert "conflicts" in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import",
                                   _export(capsys, dirs, "n.zip", "--all"))
    # the new key withdrawn in its turn does not forget the first
    run_json(capsys, "--data-dir", dirs / "hq", "station", "untrust", "南海区局", "--reason", "replaced")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "station", "trust", old_card)
    assert code == 1 and REASON in err, err


def test_a_reinstalled_laptop_s_new_card_is_trusted_naming_the_withdrawal(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    withdrawn = _untrust(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "again", "init", "--agency", "440605", "--station-name", "南海区局")
    run_json(capsys, "--data-dir", dirs / "again", "station", "export", "-o", dirs / "again.card")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "again.card")
    assert code == 0, err
    assert withdrawn["withdrawn_at"][:10] in out and REASON in out, out


def _rewritten(source: Path, target: Path, change, sign_with: Path | None = None) -> Path:
    with zipfile.ZipFile(source) as z:
        data = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(data["manifest.json"])
    change(manifest)
    data["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    if sign_with is not None:
        from cryptography.hazmat.primitives import serialization

        key = serialization.load_pem_private_key((sign_with / "station" / "sign.key").read_bytes(), None)
        data["manifest.sig"] = base64.b64encode(key.sign(data["manifest.json"]))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as w:
        for name, raw in data.items():
            w.writestr(name, raw)
    return target


def test_an_altered_manifest_is_said_altered_and_a_newer_bundle_says_upgrade(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    bundle = _export(capsys, dirs, "d.zip", "--all")

    def newer(manifest):
        manifest["app_version"] = "99.0.0"

    altered = _rewritten(bundle, dirs / "altered.zip", newer)
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", altered)
    assert code == 1 and "signature does not match" in err and "Upgrade" not in err, err
    signed = _rewritten(bundle, dirs / "newer.zip", newer, sign_with=dirs / "station")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", signed)
    assert code == 1 and "Upgrade the workstation" in err, err


def test_a_folder_entry_is_not_said_to_point_outside_the_bundle(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    bundle = _export(capsys, dirs, "d.zip", "--all")
    target = dirs / "folder.zip"
    with zipfile.ZipFile(bundle) as z, zipfile.ZipFile(target, "w") as w:
        w.writestr("files/", b"")
        for name in z.namelist():
            w.writestr(name, z.read(name))
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", target)
    assert code == 1 and "files/" in err and "outside" not in err and "not a member" in err, err


def test_a_hand_out_for_a_station_whose_key_was_withdrawn_names_it(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    withdrawn = _untrust(capsys, dirs)
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h.zip", "--all",
                         "--for", "南海区局")
    assert code == 1 and "南海区局" in err and "withdrawn" in err and withdrawn["withdrawn_at"][:10] in err, err
    assert "trusts no station" not in err
