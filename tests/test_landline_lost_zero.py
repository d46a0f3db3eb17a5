"""A complainant's landline that lost its leading 0 (75786661239: a CSV Excel saved, a contact written 757-86661239)
is read as 0 + its digits, like a workbook's number cell: stored so it is the complainant's own number, and a text
writing it 0757-86661239 does not make it a lead's phone. Numbers earlier versions stored without the 0 are
mended by the migration and by each screening run (a bundle of an older version may bring them), with their
content keys, so that the same export imported again adds nothing; headquarters takes the mended number."""

import pytest

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401

TEXT = "0757-86661239这个座机每天接到138-0013-8000的推销电话，楼盘广告"


def _csv(path, contact: str):
    path.write_text(f"投诉时间,联系电话,投诉内容\n2026-03-02 10:00:00,{contact},{TEXT}\n", encoding="utf-8")
    return path


def _import(capsys, data_dir, path):
    return run_json(capsys, "--data-dir", data_dir, "complaints", "import", path, "--profile", "consumer_council")


def _held(data_dir) -> tuple:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT id, complainant_phone, phones, content_key, screened_at FROM complaints").fetchone()
    finally:
        db.conn.close()


@pytest.mark.parametrize("contact", ["75786661239", "757-86661239", "(757)86661239", "757 8666 1239"])
def test_a_contact_without_its_zero_is_the_complainants_landline_not_a_leads_phone(capsys, tmp_path, contact):
    data = tmp_path / "站"
    _import(capsys, data, _csv(tmp_path / "council.csv", contact))
    screened = run_json(capsys, "--data-dir", data, "leads", "screen")
    _id, phone, phones, _key, _at = _held(data)
    assert phone == "075786661239"
    assert phones.split() == ["13800138000"]
    assert [lead["phones"] for lead in screened["leads"]] == [["13800138000"]]


@pytest.mark.parametrize("contact, stored", [
    ("2083331234", "02083331234"),  # Guangzhou 020
    ("75716661239", "75716661239"),  # no subscriber number starts with 1
    ("99986661239", "99986661239"),  # no area code of Guangdong
    ("13800138000", "13800138000"),  # a mobile
])
def test_only_an_area_code_and_a_subscriber_number_get_the_zero(capsys, tmp_path, contact, stored):
    data = tmp_path / "站"
    _import(capsys, data, _csv(tmp_path / "council.csv", contact))
    assert _held(data)[1] == stored


def _as_an_earlier_version_kept_it(data_dir, screened_at="2026-03-02T10:00:00+08:00") -> str:
    """The number stored without its 0, with the content key and the screening made of it (the complainant's own
    number among the phones found), as versions before 2026-12-03 kept it; the complaint's id."""
    from workstation.store.complaints import stored_content_key

    db = open_db(data_dir)
    try:
        cid, source, received_at, text, raw = db.execute(
            "SELECT id, source, received_at, text, raw FROM complaints").fetchone()
        db.execute("UPDATE complaints SET complainant_phone = '75786661239', content_key = ?, "
                   "phones = '075786661239 13800138000', screened_at = ? WHERE id = ?",
                   [stored_content_key(source, received_at, "75786661239", text, raw), screened_at, cid])
        db.conn.commit()
    finally:
        db.conn.close()
    return cid


def test_the_screening_run_mends_a_number_stored_without_its_zero_and_screens_it_again(capsys, tmp_path):
    data = tmp_path / "站"
    _import(capsys, data, _csv(tmp_path / "council.csv", "0757-86661239"))
    run_json(capsys, "--data-dir", data, "leads", "screen")
    _as_an_earlier_version_kept_it(data)
    screened = run_json(capsys, "--data-dir", data, "leads", "screen")
    _id, phone, phones, key, _at = _held(data)
    assert (phone, phones) == ("075786661239", "13800138000")
    assert [lead["phones"] for lead in screened["leads"]] == [["13800138000"]]
    # found again by its content: the same export imported again adds nothing
    assert _import(capsys, data, _csv(tmp_path / "again.csv", "0757-86661239"))["imported"] == 0


def test_the_migration_mends_the_stored_numbers_and_leaves_them_to_the_next_screening(capsys, tmp_path):
    from workstation.db.schema import m050_complaint_landline_zero

    data = tmp_path / "站"
    _import(capsys, data, _csv(tmp_path / "council.csv", "0757-86661239"))
    _as_an_earlier_version_kept_it(data)
    db = open_db(data)
    try:
        with db.atomic():
            m050_complaint_landline_zero(db)
    finally:
        db.conn.close()
    _id, phone, _phones, _key, screened_at = _held(data)
    assert (phone, screened_at) == ("075786661239", None)
    assert _import(capsys, data, _csv(tmp_path / "again.csv", "0757-86661239"))["imported"] == 0


def test_headquarters_takes_the_number_a_station_gave_its_zero(capsys, dirs):  # noqa: F811
    station, hq = dirs / "shunde", dirs / "hq"
    take_headquarters_card(capsys, dirs)
    _import(capsys, station, _csv(dirs / "council.csv", "0757-86661239"))
    run_json(capsys, "--data-dir", station, "leads", "screen")
    cid = _as_an_earlier_version_kept_it(station)
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["conflicts"] == 0
    assert _held(hq)[:2] == (cid, "75786661239")

    run_json(capsys, "--data-dir", station, "leads", "screen")
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert _held(hq)[:4] == _held(station)[:4]
    assert _held(hq)[1] == "075786661239"


def test_a_number_given_its_zero_is_told_from_other_changes():
    from workstation.store.complaints import given_area_code

    assert given_area_code("75786661239", "075786661239")
    assert given_area_code("2083331234", "02083331234")
    assert given_area_code("83331234", "075783331234")  # the area code given (earlier versions)
    assert not given_area_code("13800138000", "013800138000")  # a mobile gets no 0
    assert not given_area_code("75786661239", "075786661230")
    assert not given_area_code("75786661239", "0075786661239")
