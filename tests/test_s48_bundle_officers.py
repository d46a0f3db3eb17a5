"""The same officer registered at two stations of one bureau (each record its own id, one enforcement certificate
number): headquarters taking both stations' bundles holds the officer once, each station's cases naming that one
record; its hand-outs give no station a second record of the certificate; a station's next bundle merges without a
conflict; another name under the same number is a conflict of the name; a database already holding the officer
twice says so instead of asking for the certificate number."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from tests.helpers import copy_of, hq_and_two_nanhai_stations, open_db, run_json
from workstation.errors import ValidationError

CERT = "44060588888"


def _register(data_dir: Path, *, name: str, other: tuple[str, str], number: str) -> None:
    """The station registers 李明 (``CERT``) under ``name`` and a colleague of its own, and files a case with both."""
    from workstation.records import Case, Officer, Party
    from workstation.station_role import own_agency
    from workstation.store import create_case, save_officer, save_party

    db = open_db(data_dir)
    agency = own_agency(db)
    officers = [save_officer(db, Officer(name=name, cert_no=CERT, agency_id=agency)),
                save_officer(db, Officer(name=other[0], cert_no=other[1], agency_id=agency))]
    party = save_party(db, Party(name=f"佛山市某{number}信息咨询有限公司"))
    create_case(db, Case(case_number=number, cause="涉嫌违法发送商业性信息案", sector="real_estate", agency_id=agency,
                         status="investigating", filed_on="2026-03-02", party_ids=[party.id],
                         officer_ids=[o.id for o in officers], violations=["unsolicited_commercial_messages"],
                         records_other=300, fine_fen=500_000))
    db.conn.close()


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    root = tmp_path_factory.mktemp("officers-twice")
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        hq_and_two_nanhai_stations(root)
    _register(root / "a", name="李明", other=("王芳", "44060500001"), number="佛南市监立〔2026〕601号")
    _register(root / "b", name="李明", other=("张伟", "44060500002"), number="佛南市监立〔2026〕602号")
    return root


@pytest.fixture
def dirs(network, tmp_path):
    return copy_of(network, tmp_path)


def _officers(data_dir: Path) -> list[tuple[str, str, str]]:
    db = open_db(data_dir)
    try:
        return [tuple(r) for r in db.execute("SELECT id, name, cert_no FROM officers WHERE cert_no = ? ORDER BY id",
                                             [CERT])]
    finally:
        db.conn.close()


def _case_officers(data_dir: Path, number: str) -> list[str]:
    db = open_db(data_dir)
    try:
        return [r[0] for r in db.execute("SELECT co.officer_id FROM case_officers co JOIN cases c ON c.id = co.case_id "
                                         "WHERE c.case_number = ? ORDER BY co.position", [number])]
    finally:
        db.conn.close()


def _export(capsys, dirs, at, name, *extra):
    return run_json(capsys, "--data-dir", dirs / at, "bundle", "export", "-o", dirs / name, *extra)


def _import(capsys, dirs, name, at="hq"):
    return run_json(capsys, "--data-dir", dirs / at, "bundle", "import", dirs / name)


def _both_at_headquarters(capsys, dirs) -> None:
    for station in ("a", "b"):
        _export(capsys, dirs, station, f"{station}1.bundle", "--all")
        _import(capsys, dirs, f"{station}1.bundle")


def test_headquarters_holds_the_officer_once_and_the_station_s_next_bundle_adds_nothing(capsys, dirs):
    _both_at_headquarters(capsys, dirs)
    (own_a,) = _officers(dirs / "a")
    held = _officers(dirs / "hq")
    assert held == [own_a]
    # station 乙's case names the officer held (station 甲's record), its own colleague after him
    officers_b = _case_officers(dirs / "hq", "佛南市监立〔2026〕602号")
    assert officers_b[0] == own_a[0] and len(officers_b) == 2
    from workstation.store import officer_named

    db = open_db(dirs / "hq")
    try:
        assert officer_named(db, CERT).id == own_a[0]
        assert officer_named(db, "李明").id == own_a[0]
    finally:
        db.conn.close()
    # the station's whole register again: nothing new, no conflict, still one record
    _export(capsys, dirs, "b", "b2.bundle", "--all")
    again = _import(capsys, dirs, "b2.bundle")
    assert (again["new"], again["conflicts"]) == (0, 0)
    assert _officers(dirs / "hq") == [own_a]


def test_hand_outs_give_no_station_a_second_record_and_the_station_s_change_merges(capsys, dirs):
    _both_at_headquarters(capsys, dirs)
    (own_a,), (own_b,) = _officers(dirs / "a"), _officers(dirs / "b")
    for station, label in (("a", "南海甲"), ("b", "南海乙")):
        _export(capsys, dirs, "hq", f"h_{station}.bundle", "--all", "--for", label)
        result = _import(capsys, dirs, f"h_{station}.bundle", at=station)
        assert result["conflicts"] == 0
    assert _officers(dirs / "a") == [own_a]
    assert _officers(dirs / "b") == [own_b]
    # each station's copy of the other's case names its own record of him
    assert _case_officers(dirs / "a", "佛南市监立〔2026〕602号")[0] == own_a[0]
    assert _case_officers(dirs / "b", "佛南市监立〔2026〕601号")[0] == own_b[0]
    assert _case_officers(dirs / "b", "佛南市监立〔2026〕602号")[0] == own_b[0]
    # 乙 corrects its case and sends it: taken at headquarters, no conflict, no second officer
    from dataclasses import replace

    from workstation.store import find_case, update_case

    db = open_db(dirs / "b")
    update_case(db, replace(find_case(db, "佛南市监立〔2026〕602号"), fine_fen=800_000))
    db.conn.close()
    _export(capsys, dirs, "b", "b2.bundle")
    result = _import(capsys, dirs, "b2.bundle")
    assert result["conflicts"] == 0
    db = open_db(dirs / "hq")
    try:
        assert db.execute("SELECT fine_fen FROM cases WHERE case_number = ?",
                          ["佛南市监立〔2026〕602号"]).fetchone()[0] == 800_000
    finally:
        db.conn.close()
    assert _officers(dirs / "hq") == [own_a]
    # and the hand-out after it still gives 甲 one record
    _export(capsys, dirs, "hq", "h_a2.bundle", "--for", "南海甲")
    assert _import(capsys, dirs, "h_a2.bundle", at="a")["conflicts"] == 0
    assert _officers(dirs / "a") == [own_a]


def test_another_name_under_the_same_number_is_a_conflict_of_the_name(capsys, dirs):
    from dataclasses import replace

    from workstation.store import get_officer, save_officer

    (own_b,) = _officers(dirs / "b")
    db = open_db(dirs / "b")
    save_officer(db, replace(get_officer(db, own_b[0]), name="李敏"))
    db.conn.close()
    _both_at_headquarters(capsys, dirs)
    (own_a,) = _officers(dirs / "a")
    assert _officers(dirs / "hq") == [own_a]  # kept as held, named 李明
    conflicts = [c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
                 if c["field"] == "name"]
    assert [(c["local"], c["incoming"]) for c in conflicts] == [("李明", "李敏")]
    # the same bundle's records again (a new bundle of the station) record the conflict once
    _export(capsys, dirs, "b", "b2.bundle", "--all")
    _import(capsys, dirs, "b2.bundle")
    assert len([c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
                if c["field"] == "name"]) == 1


def test_an_officer_already_held_twice_is_named_a_duplicate_not_asked_for_the_number(dirs):
    from workstation.store import officer_named

    db = open_db(dirs / "a")
    try:
        (own,) = _officers(dirs / "a")
        with db.atomic():  # as headquarters' hand-out of an earlier version left it
            db.execute("INSERT INTO officers (id, name, cert_no, agency_id, active, updated_at) SELECT "
                       "'00000000-0000-0000-0000-000000000001', name, cert_no, agency_id, 1, updated_at FROM officers "
                       "WHERE id = ?", [own[0]])
        for text in (CERT, "李明"):
            with pytest.raises(ValidationError) as refused:
                officer_named(db, text)
            message = str(refused.value)
            assert f"{CERT}、{CERT}" not in message
            assert message.count(CERT) == 1
    finally:
        db.conn.close()
