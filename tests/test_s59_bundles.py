# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Bundles, session 59: another station's bundle taken at a station never undoes the station's own change (a copy
differing from what it sent headquarters is a conflict); headquarters' encrypted hand-out gives its key to `station
headquarters`; a bundle of a newer format names both versions, and one stating this workstation's version is
said made by an unknown or altered build; Ctrl+C while the command line starts says nothing
changed, with no traceback; a station never named is 未命名 when init names it; `bundle verify` names headquarters
as the signer of its hand-out."""

from __future__ import annotations

import base64
import importlib.util
import json
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import (  # noqa: F401
    STATIONS,
    dirs,
    edit_case,
    export,
    import_,
    take_headquarters_card,
    template,
)

NANHAI_CASE = STATIONS["nanhai"][2]


def _fine(data_dir: Path, number: str) -> int:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT fine_fen FROM cases WHERE case_number = ?", [number]).fetchone()[0]
    finally:
        db.conn.close()


# 1. another station's bundle at a station --------------------------------------------------------------------------

def _both_hold_nanhai_s_case(capsys, dirs) -> None:
    """Both stations name headquarters; Nanhai sent its case, and both took headquarters' hand-out back: Shunde
    holds Nanhai's case from it (as it was sent, ¥5,000); then Nanhai changes its fine to ¥8,000 and sends that to headquarters."""
    take_headquarters_card(capsys, dirs, "nanhai")
    take_headquarters_card(capsys, dirs, "shunde")
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    export(capsys, dirs, "hq", "h1.bundle", "--all")  # every station's records (a hand-out of an earlier version)
    import_(capsys, dirs, "h1.bundle", at="shunde")
    import_(capsys, dirs, "h1.bundle", at="nanhai")
    assert _fine(dirs / "shunde", NANHAI_CASE) == 500_000
    edit_case(dirs / "nanhai", NANHAI_CASE, fine_fen=800_000)
    export(capsys, dirs, "nanhai", "n2.bundle")  # sent to headquarters: the version sent from Nanhai


def test_another_station_s_stale_copy_is_a_conflict_not_an_undoing_of_the_station_s_own_change(capsys, dirs, english):
    _both_hold_nanhai_s_case(capsys, dirs)
    export(capsys, dirs, "shunde", "s1.bundle", "--all", "--plain")
    result = run_json(capsys, "--data-dir", dirs / "nanhai", "bundle", "import", dirs / "s1.bundle", "--trust")
    assert _fine(dirs / "nanhai", NANHAI_CASE) == 800_000  # Nanhai's own change stands
    assert result["conflicts"] == 1
    code, out, _err = run(capsys, "--data-dir", dirs / "nanhai", "bundle", "conflicts")
    assert code == 0 and NANHAI_CASE in out and "8,000.00" in out and "5,000.00" in out
    # headquarters still takes Nanhai's change: it was not overwritten and sent back undone
    assert import_(capsys, dirs, "n2.bundle")["conflicts"] == 0
    assert _fine(dirs / "hq", NANHAI_CASE) == 800_000


def test_headquarters_hand_out_still_takes_what_headquarters_changed_at_the_station(capsys, dirs):
    _both_hold_nanhai_s_case(capsys, dirs)
    import_(capsys, dirs, "n2.bundle")
    edit_case(dirs / "hq", NANHAI_CASE, records_other=450)
    export(capsys, dirs, "hq", "h2.bundle")
    result = import_(capsys, dirs, "h2.bundle", at="nanhai")
    assert result["conflicts"] == 0
    db = open_db(dirs / "nanhai")
    row = db.execute("SELECT fine_fen, records_other FROM cases WHERE case_number = ?", [NANHAI_CASE]).fetchone()
    db.conn.close()
    assert tuple(row) == (800_000, 450)


# 2. headquarters' encrypted hand-out given to `station headquarters` -------------------------------------------

def test_station_headquarters_takes_the_key_from_headquarters_encrypted_hand_out(capsys, dirs, english):
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "顺德区局")
    assert (dirs / "h1.bundle").read_bytes()[:4] == b"WSBX"  # encrypted to Shunde's key
    code, out, err = run(capsys, "--data-dir", dirs / "shunde", "station", "headquarters", dirs / "h1.bundle")
    assert code == 0, err
    assert out.startswith("Bundles will be encrypted to headquarters 佛山市局")
    hq_card = json.loads((dirs / "hq.card").read_text(encoding="utf-8"))
    shown = run_json(capsys, "--data-dir", dirs / "shunde", "station", "list")
    assert [s["fingerprint"] for s in shown if s["role"] == "hq"] == [hq_card["fingerprint"]]


# 3. a bundle of a newer format ---------------------------------------------------------------------------------

def _resigned(dirs, station: str, source: Path, target: Path, change) -> None:
    from workstation.station import signing_key

    with zipfile.ZipFile(source) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    manifest = json.loads(members["manifest.json"])
    change(manifest)
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    members["manifest.sig"] = base64.b64encode(signing_key(dirs / station).sign(members["manifest.json"]))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _newer_format_refused(capsys, dirs, app_version: str | None) -> str:
    export(capsys, dirs, "nanhai", "n1.bundle")

    def change(manifest):
        manifest["format_version"] = 99
        if app_version:
            manifest["app_version"] = app_version

    _resigned(dirs, "nanhai", dirs / "n1.bundle", dirs / "new.bundle", change)
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "nanhai.card")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "new.bundle")
    assert code == 1 and "Traceback" not in err
    return err.strip()


def test_a_bundle_of_a_newer_format_stating_this_version_is_said_not_to_match_it(capsys, dirs, english):
    from workstation import __version__
    from workstation.bundle.writer import FORMAT_VERSION

    line = _newer_format_refused(capsys, dirs, None)  # written by this very version, it says
    assert "format version 99" in line and f"format version {FORMAT_VERSION}" in line and __version__ in line
    # no upgrade makes it readable: the version it states writes no such format
    assert "Upgrade" not in line and "unknown or altered build" in line
    assert "ask the sender to install the current version of the workstation and export it again" in line


def test_a_bundle_of_a_newer_version_is_still_said_to_need_an_upgrade_here(capsys, dirs, english):
    line = _newer_format_refused(capsys, dirs, "99.0.0")
    assert "99.0.0" in line and "Upgrade the workstation here first" in line


# 4. Ctrl+C while the command line starts -----------------------------------------------------------------------

def test_ctrl_c_while_the_parser_is_built_says_nothing_changed_without_a_traceback(capsys, dirs, monkeypatch,
                                                                                 english):
    from workstation import cli

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_parser", interrupted)
    code, out, err = run(capsys, "--data-dir", dirs / "nanhai", "stats")
    assert code == 1 and out == ""
    assert err.strip() == "Interrupted; nothing was changed."


def _entry():
    spec = importlib.util.spec_from_file_location("s59_entry", Path(__file__).resolve().parents[1] / "main.py")
    entry = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(entry)
    return entry


def test_ctrl_c_while_the_program_loads_says_nothing_changed_without_a_traceback(capsys, dirs, monkeypatch,
                                                                               english):
    class Interrupted:  # Ctrl+C while the command line's module is read
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == "workstation.cli":
                raise KeyboardInterrupt
            return None

    entry = _entry()
    monkeypatch.delitem(sys.modules, "workstation.cli")
    monkeypatch.setattr(sys, "meta_path", [Interrupted(), *sys.meta_path])
    monkeypatch.setattr(sys, "argv", ["main.py", "--data-dir", str(dirs / "nanhai"), "stats"])
    assert entry.run() == 1
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == "Interrupted; nothing was changed."


def test_ctrl_c_once_the_command_runs_is_not_said_to_have_changed_nothing_by_the_entry(capsys, dirs, monkeypatch):
    from workstation import cli

    def interrupted(argv=None, **_how):  # past the command's own handling: it may have made a new data folder
        raise KeyboardInterrupt

    entry = _entry()
    monkeypatch.setattr(cli, "main", interrupted)
    monkeypatch.setattr(sys, "argv", ["main.py", "--data-dir", str(dirs / "nanhai"), "stats"])
    with pytest.raises(KeyboardInterrupt):
        entry.run()
    assert "nothing was changed" not in capsys.readouterr().err


# 5. names said as the window says them -------------------------------------------------------------------------

def test_naming_a_station_never_named_says_it_was_unnamed(capsys, tmp_path, english):
    run_json(capsys, "--data-dir", tmp_path / "d", "init")
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "init", "--agency", "440605", "--station-name",
                         "南海区局")
    assert code == 0, err
    assert "The station's name changed from unnamed to 南海区局." in out.splitlines()


def test_bundle_verify_names_headquarters_as_the_signer_of_its_hand_out(capsys, dirs, english):
    take_headquarters_card(capsys, dirs, "shunde")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "顺德区局")
    code, out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "verify", dirs / "h1.bundle")
    assert code == 0, err
    assert out.splitlines()[0].startswith(f"{dirs / 'h1.bundle'}: valid, signed by headquarters 佛山市局 (fingerprint ")
    assert run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "verify", dirs / "h1.bundle")[
        "from_headquarters"] is True
    # a station's bundle is still said signed by the station
    export(capsys, dirs, "nanhai", "n1.bundle")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "verify", dirs / "n1.bundle")
    assert code == 0 and "signed by station 南海区局 (fingerprint " in out
