"""The command line with input an officer may type by mistake: a bundle imported into a data directory whose file
store cannot be written, a passphrase given for unencrypted data, an agency code typed in full-width digits or with
a space, a --limit beyond what the database counts, and an empty argument. Each is refused in one line naming the
folder or the argument (or, for the passphrase, warned about), never an internal error nor read as the folder "."."""

from __future__ import annotations

import errno
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import CASE, run, run_json
from workstation.security import keyring, session

FAST = {"memory_kib": 1024, "iterations": 1, "lanes": 1}


def usage_error(capsys, *argv):
    from workstation.cli import main

    with pytest.raises(SystemExit) as exited:
        main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return exited.value.code, out, err


def refused(code: int, out: str, err: str, *, exit_code: int = 1) -> str:
    assert (code, out) == (exit_code, ""), err
    assert "Traceback" not in err and "internal error" not in err.lower()
    assert len(err.strip().splitlines()) == 1, err
    return err


@pytest.fixture
def station(cli_station, tmp_path) -> Path:
    return cli_station(tmp_path / "station")


# 1. a bundle into a file store that cannot be written ------------------------------------------------------------
@pytest.fixture
def bundle_for_hq(station_and_hq_dirs, capsys) -> tuple[Path, Path]:
    dirs = station_and_hq_dirs
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "n1.bundle")
    files = dirs / "hq" / "files"
    files.mkdir(exist_ok=True)
    return dirs, files


@pytest.fixture
def read_only_files(bundle_for_hq):
    """headquarters' file store bound read-only onto itself (a write-protected disk); skipped where mounting is not
    allowed."""
    dirs, files = bundle_for_hq
    try:
        mounted = subprocess.run(["mount", "--bind", str(files), str(files)], capture_output=True,
                                 timeout=10).returncode == 0
    except OSError:
        mounted = False
    if not mounted:
        pytest.skip("a read-only bind mount needs root")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(files)], capture_output=True,
                          timeout=10).returncode != 0:
            pytest.skip("the bind mount cannot be made read-only here")
        yield dirs, files
    finally:
        subprocess.run(["umount", str(files)], capture_output=True, timeout=10)


def test_a_bundle_into_a_read_only_file_store_is_refused_naming_it(capsys, read_only_files, english):
    dirs, files = read_only_files
    err = refused(*run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "n1.bundle"))
    assert "cannot be written" in err and str(files) in err and "the disk is read-only" in err
    assert run_json(capsys, "--data-dir", dirs / "hq", "cases", "list") == []  # nothing merged


def test_a_bundle_into_a_file_store_without_permission_is_refused_naming_it(capsys, bundle_for_hq, monkeypatch,
                                                                            english):
    """The same where the folder refuses this account (EACCES, as a share without the right to write does): the
    error injected where the staging folder is made, so that the test runs without root too."""
    dirs, files = bundle_for_hq
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self.name.startswith(".incoming-"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    err = refused(*run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "n1.bundle"))
    assert "cannot be written" in err and str(files) in err and "permission denied" in err


# 2. a passphrase for unencrypted data ----------------------------------------------------------------------------
@pytest.fixture
def fast_keys(monkeypatch):
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    yield
    session._KEYS.clear()


@pytest.fixture
def passphrase_file(tmp_path) -> Path:
    path = tmp_path / "口令.txt"
    path.write_text("correct horse 1\n", encoding="utf-8")
    return path


def unused_warning(err: str) -> bool:
    return ("Warning:" in err and "not encrypted" in err and "was not used" in err
            and "security encrypt --passphrase-file" in err)


def test_a_passphrase_file_for_unencrypted_data_is_warned_about(capsys, station, passphrase_file, fast_keys,
                                                                english):
    code, out, err = run(capsys, "--data-dir", station, "init", "--passphrase-file", passphrase_file)
    assert code == 0 and "Database ready" in out
    assert unused_warning(err) and str(station) in err and "--passphrase-file" in err
    assert keyring.state(station) != "encrypted"  # warned, not encrypted behind the officer's back


def test_a_passphrase_in_the_environment_for_unencrypted_data_is_warned_about(capsys, station, monkeypatch,
                                                                              fast_keys, english):
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "correct horse 1")
    code, out, err = run(capsys, "--data-dir", station, "stats", "--json")
    assert code == 0 and json.loads(out)
    assert unused_warning(err) and "WORKSTATION_PASSPHRASE" in err
    assert err.count("Warning:") == 1


def test_no_warning_without_a_passphrase_nor_for_encrypted_data_nor_when_encrypting(
        capsys, station, passphrase_file, tmp_path, monkeypatch, fast_keys, english):
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    code, out, err = run(capsys, "--data-dir", station, "stats")
    assert code == 0 and "Warning" not in err
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    secure = tmp_path / "secure"
    code, out, err = run(capsys, "--data-dir", secure, "init", "--passphrase-file", passphrase_file)
    assert code == 0 and "Warning" not in err, err
    session._KEYS.clear()
    code, out, err = run(capsys, "--data-dir", secure, "stats", "--passphrase-file", passphrase_file)
    assert code == 0 and "Warning" not in err, err
    session._KEYS.clear()
    code, out, err = run(capsys, "--data-dir", station, "security", "encrypt", "--passphrase-file", passphrase_file)
    assert code == 0 and not unused_warning(err), err
    assert keyring.state(station) == "encrypted"


# 3. --agency as typed ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["４４０６０５", "440605 ", " 440605", "４４０６０５\u3000"])
def test_an_agency_code_in_full_width_digits_or_with_spaces_is_read_as_typed_in_ascii(capsys, station, typed):
    assert run_json(capsys, "--data-dir", station, "stats", "--agency", typed) == \
        run_json(capsys, "--data-dir", station, "stats", "--agency", "440605")
    assert run_json(capsys, "--data-dir", station, "cases", "list", "--agency", typed) == \
        run_json(capsys, "--data-dir", station, "cases", "list", "--agency", "440605")


def test_init_with_a_full_width_agency_code_takes_it(capsys, tmp_path):
    data = tmp_path / "new"
    run_json(capsys, "--data-dir", data, "init", "--agency", "４４０６０５ ")
    assert run_json(capsys, "--data-dir", data, "station", "show")["agency_code"] == "440605"


@pytest.mark.parametrize("typed", ["", "  "])
def test_init_with_an_empty_agency_is_refused_as_an_empty_station_name_is(capsys, tmp_path, typed, english):
    data = tmp_path / "new"
    err = refused(*run(capsys, "--data-dir", data, "init", "--agency", typed))
    assert err.startswith("Error: --agency: ") and "empty" in err
    assert not data.exists()  # refused before anything was written


@pytest.mark.parametrize("command", [["stats"], ["cases", "list"]])
def test_an_empty_agency_is_refused_not_read_as_every_agency(capsys, station, command, english):
    err = refused(*run(capsys, "--data-dir", station, *command, "--agency", ""))
    assert err.startswith("Error: --agency: ") and "empty" in err


# 4. --limit beyond what the database counts ------------------------------------------------------------------------
@pytest.mark.parametrize("command, said", [
    (["cases", "list"], "Error: --limit: Give a number of cases, zero or more.\n"),
    (["audit", "list"], "Error: --limit: Give a number of entries, zero or more (0: all).\n"),
])
def test_a_huge_limit_is_refused_as_a_negative_one_is(capsys, station, command, said, english):
    for limit in ("99999999999999999999", str(2 ** 63), "-1"):  # a usage error (exit 2) since session 61
        assert refused(*run(capsys, "--data-dir", station, *command, "--limit", limit), exit_code=2) == said
    code, out, err = run(capsys, "--data-dir", station, *command, "--limit", str(2 ** 63 - 1), "--json")
    assert code == 0 and json.loads(out), err


# 5. empty arguments -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv, argument", [
    (["backup", "restore", ""], "ID"),
    (["complaints", "import", ""], "FILE"),
    (["cases", "import", ""], "file"),
    (["bundle", "import", ""], "FILE"),
    (["docs", "render", CASE, "--form", "penalty_decision", "-o", ""], "-o/--output"),
    (["stats", "export", "-o", ""], "-o/--output"),
    (["docs", "void", "", "--reason", "x"], "document"),
    (["cases", "transition", "", "file_case"], "case"),
    (["evidence", "add", CASE, ""], "file"),
    (["evidence", "add", "", "x.csv"], "case"),
    (["leads", "edit", ""], "LEAD_ID"),
])
def test_an_empty_argument_is_a_usage_error_naming_it_not_the_folder_dot(capsys, station, argv, argument, english):
    code, out, err = usage_error(capsys, "--data-dir", station, *argv)
    assert (code, out) == (2, "")
    assert f"error: argument {argument}: " in err and "empty" in err.splitlines()[-1], err
