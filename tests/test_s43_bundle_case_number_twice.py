"""Two stations of one agency numbering their cases on their own (outside number blocks) take one case number:
headquarters refuses the second station's bundle naming the number, both cases, both stations and what to do —
whether the case arrives new or filed since it was sent — instead of the cases' uniqueness failing the merge."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_case_number_blocks import _file
from workstation.records import Case
from workstation.store import agency_id_for_code, create_case, find_case, get_case, update_case

CAUSES = {"a": "涉嫌发送商业性信息案（甲站）", "b": "涉嫌侵害消费者个人信息案（乙站）"}


@pytest.fixture(scope="module")
def network(hq_and_two_nanhai_template):
    """``tests.helpers.hq_and_two_nanhai_stations`` with the demo, made once a worker (conftest)."""
    return hq_and_two_nanhai_template(demo=True)


@pytest.fixture
def stations(network, tmp_path):
    import shutil

    for name in ("hq", "a", "b"):
        shutil.copytree(network / name, tmp_path / name)
    return tmp_path


def _pending(data_dir, station) -> str:
    """A case 待立案 of Nanhai at ``station``, of the demo case's party and officers: its id."""
    db = open_db(data_dir / station)
    try:
        demo = find_case(db, "佛南市监立〔2026〕1号")
        return create_case(db, Case(case_number="", cause=CAUSES[station], sector="real_estate",
                                    agency_id=agency_id_for_code("440605"), party_ids=demo.party_ids,
                                    officer_ids=demo.officer_ids)).id
    finally:
        db.conn.close()


def _filed(data_dir, station, case_id) -> str:
    db = open_db(data_dir / station)
    try:
        return _file(db, get_case(db, case_id))
    finally:
        db.conn.close()


def _send(capsys, data_dir, station):
    run_json(capsys, "--data-dir", data_dir / station, "bundle", "export", "-o", data_dir / f"{station}.bundle",
             "--force")
    return run(capsys, "--data-dir", data_dir / "hq", "bundle", "import", data_dir / f"{station}.bundle")


PARTY = "佛山市南海区瀚沅房地产经纪有限公司"  # the demo case's party


def _refusal(number: str) -> str:
    return (f"b.bundle: case number {number} of 南海乙's case ({PARTY}, {CAUSES['b']}) is already held here by "
            f"南海甲's case ({PARTY}, {CAUSES['a']}): both numbered "
            "their cases on their own and took the same number; nothing of the bundle was merged. Correct the number "
            "of one of the two cases in its case editor at its station (to the number its paper bears, or the next "
            "free one), then export a full bundle there (`bundle export --all`) and import it; to keep the stations "
            "from taking one number again, allocate each its number blocks (`numbers allocate`).")


def _corrected_and_sent_again(capsys, data_dir, numbers: dict[str, str]) -> None:
    """As the refusal says: station b corrects its case's number and sends a full bundle, which is taken."""
    corrected = numbers["b"].replace("〕", "〕90", 1)
    db = open_db(data_dir / "b")
    try:
        update_case(db, replace(find_case(db, numbers["b"]), case_number=corrected))
    finally:
        db.conn.close()
    run_json(capsys, "--data-dir", data_dir / "b", "bundle", "export", "--all", "-o", data_dir / "b-all.bundle")
    code, _out, err = run(capsys, "--data-dir", data_dir / "hq", "bundle", "import", data_dir / "b-all.bundle")
    assert code == 0, err
    assert _cases_at_hq(data_dir) == sorted([(CAUSES["a"], numbers["a"]), (CAUSES["b"], corrected)])


def _cases_at_hq(data_dir) -> list[tuple]:
    db = open_db(data_dir / "hq")
    try:
        return sorted(db.execute("SELECT cause, case_number FROM cases WHERE cause IN (?, ?)", list(CAUSES.values())))
    finally:
        db.conn.close()


def test_a_new_case_taking_another_station_s_case_number_is_refused_naming_both(stations, capsys, english):
    numbers = {s: _filed(stations, s, _pending(stations, s)) for s in ("a", "b")}
    assert numbers["a"] == numbers["b"]  # both counted on their own
    assert _send(capsys, stations, "a")[0] == 0
    code, _out, err = _send(capsys, stations, "b")
    assert code != 0 and _refusal(numbers["a"]) in err
    assert _cases_at_hq(stations) == [(CAUSES["a"], numbers["a"])]
    _corrected_and_sent_again(capsys, stations, numbers)


def test_a_case_filed_since_it_was_sent_taking_another_s_number_is_refused_naming_both(stations, capsys, english):
    ids = {s: _pending(stations, s) for s in ("a", "b")}
    for station in ("a", "b"):
        assert _send(capsys, stations, station)[0] == 0
    numbers = {s: _filed(stations, s, ids[s]) for s in ("a", "b")}
    assert _send(capsys, stations, "a")[0] == 0
    code, _out, err = _send(capsys, stations, "b")
    assert code != 0 and _refusal(numbers["a"]) in err
    assert "under another id" not in err
    held = dict(_cases_at_hq(stations))
    assert held[CAUSES["a"]] == numbers["a"] and held[CAUSES["b"]] != numbers["a"]
    _corrected_and_sent_again(capsys, stations, numbers)
