"""The command line's refusal of a bundle from a station not trusted here (or signed with a changed key) says how
to trust it: `bundle import --trust`, or `station trust` first; one line, nothing changed."""

from __future__ import annotations

import shutil

import pytest

from tests.data_digest import data_digest
from tests.helpers import copy_station_and_hq, run, run_json


@pytest.fixture(scope="module")
def template(station_and_hq_template):
    return station_and_hq_template()


@pytest.fixture
def dirs(template, tmp_path):
    return copy_station_and_hq(template, tmp_path)


def _import(capsys, dirs, name, *extra):
    return run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name, *extra)


def test_an_unknown_station_is_refused_with_the_option_that_trusts_it(capsys, dirs, english):
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "one.bundle")
    fingerprint = run_json(capsys, "--data-dir", dirs / "station", "station", "show")["fingerprint"]
    checked = run(capsys, "--data-dir", dirs / "hq", "bundle", "verify", dirs / "one.bundle")[1]
    assert "--trust" in checked and "station trust" in checked
    before = data_digest(dirs / "hq")
    code, _out, err = _import(capsys, dirs, "one.bundle")
    assert code == 1 and "\n" not in err.strip()
    assert "one.bundle" in err and fingerprint in err
    assert "again with --trust" in err and "“station trust”" in err
    assert data_digest(dirs / "hq") == before
    code, out, err = _import(capsys, dirs, "one.bundle", "--trust")  # as the message says
    assert code == 0


def test_a_changed_key_is_refused_with_the_option_that_trusts_it_anew(capsys, dirs, english):
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "one.bundle")
    assert _import(capsys, dirs, "one.bundle", "--trust")[0] == 0
    shutil.rmtree(dirs / "station" / "station")  # the keys are lost: the station makes new ones
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "two.bundle")
    code, _out, err = _import(capsys, dirs, "two.bundle")
    assert code == 1 and "\n" not in err.strip()
    assert "two.bundle" in err and "has changed" in err and "again with --trust" in err
