# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A complaint without a work-order id that a station of an older version sends with its complainant's landline
unmended (75786123457 without its leading 0, 83331234 without its area code) is the complaint headquarters holds
with the number mended: it is found by its content read as this version reads the number, and not stored twice."""

from __future__ import annotations

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401

LOST_ZERO = (
    "投诉时间,联系电话,投诉内容\n"
    "2026-03-02 10:00:00,75786123457,某楼盘中介天天打电话推销，13800138000，不知道哪里来的我的号码\n"
    "2026-03-03 11:00:00,13900139002,138-0013-8000又是呼死你式来电推销房子\n"
)
NUMBERED = (  # the same export with its work-order column
    "工单编号,投诉时间,联系电话,投诉内容\n"
    "GD20260302001,2026-03-02 10:00:00,75786123457,某楼盘中介天天打电话推销，13800138000，不知道哪里来的我的号码\n"
    "GD20260303002,2026-03-03 11:00:00,13900139002,138-0013-8000又是呼死你式来电推销房子\n"
)
NO_AREA_CODE = (
    "投诉时间,联系电话,投诉内容\n"
    "2026-03-02 10:00:00,86123457,某楼盘中介天天打电话推销，13800138000，不知道哪里来的我的号码\n"
    "2026-03-03 11:00:00,13900139002,138-0013-8000又是呼死你式来电推销房子\n"
)


def _import(capsys, data_dir, path, text) -> dict:
    path.write_text(text, encoding="utf-8")
    return run_json(capsys, "--data-dir", data_dir, "complaints", "import", path, "--profile", "consumer_council")


def _numbers(place) -> list[str]:
    db = open_db(place)
    try:
        return sorted(phone for (phone,) in db.execute("SELECT complainant_phone FROM complaints"))
    finally:
        db.conn.close()


def _as_an_earlier_version_kept_it(station, number: str) -> None:
    """The landline 075786123457 stored as ``number`` with its content key made of that, as a station of a version
    before the mending kept it (its screening never ran since)."""
    from workstation.store.complaints import stored_content_key

    db = open_db(station)
    try:
        cid, source, received_at, text, raw = db.execute(
            "SELECT id, source, received_at, text, raw FROM complaints WHERE complainant_phone = '075786123457'"
        ).fetchone()
        db.execute("UPDATE complaints SET complainant_phone = ?, content_key = ? WHERE id = ?",
                   [number, stored_content_key(source, received_at, number, text, raw), cid])
        db.conn.commit()
    finally:
        db.conn.close()


def _sent_by_an_older_station(capsys, dirs, text: str, number: str, station_text: str | None = None) -> dict:
    """Headquarters and Shunde import the same export (Shunde ``station_text`` when given: the same complaints
    with or without their work-order column); Shunde, holding the landline as ``number``, sends its complaints:
    headquarters' summary of their merge."""
    take_headquarters_card(capsys, dirs)
    assert _import(capsys, dirs / "hq", dirs / "hq.csv", text)["imported"] == 2
    _import(capsys, dirs / "shunde", dirs / "shunde.csv", station_text or text)
    _as_an_earlier_version_kept_it(dirs / "shunde", number)
    export(capsys, dirs, "shunde", "s1.bundle")
    return import_(capsys, dirs, "s1.bundle")


def test_a_landline_sent_without_its_leading_zero_is_the_complaint_held_here(capsys, dirs):
    merged = _sent_by_an_older_station(capsys, dirs, LOST_ZERO, "75786123457")
    assert merged["by_table"]["complaints"]["new"] == 0
    assert _numbers(dirs / "hq") == ["075786123457", "13900139002"]


def test_a_landline_sent_without_its_area_code_is_the_complaint_held_here(capsys, dirs):
    merged = _sent_by_an_older_station(capsys, dirs, NO_AREA_CODE, "86123457")
    assert merged["by_table"]["complaints"]["new"] == 0
    assert _numbers(dirs / "hq") == ["075786123457", "13900139002"]


def test_a_landline_sent_unmended_without_a_work_order_id_is_the_numbered_complaint_held_here(capsys, dirs):
    merged = _sent_by_an_older_station(capsys, dirs, NUMBERED, "75786123457", LOST_ZERO)
    assert merged["by_table"]["complaints"]["new"] == 0
    assert _numbers(dirs / "hq") == ["075786123457", "13900139002"]


def test_a_landline_sent_unmended_with_a_work_order_id_is_the_complaint_held_here_without_one(capsys, dirs):
    merged = _sent_by_an_older_station(capsys, dirs, LOST_ZERO, "75786123457", NUMBERED)
    assert merged["by_table"]["complaints"]["new"] == 0  # imported here: the complaints held stay as they are
    assert _numbers(dirs / "hq") == ["075786123457", "13900139002"]


def test_the_export_imported_at_headquarters_after_the_older_station_s_bundle_adds_nothing(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    _import(capsys, dirs / "shunde", dirs / "shunde.csv", LOST_ZERO)
    _as_an_earlier_version_kept_it(dirs / "shunde", "75786123457")
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["by_table"]["complaints"]["new"] == 2
    # the complaint added is known by its content as the importer reads the export
    assert _import(capsys, dirs / "hq", dirs / "hq.csv", LOST_ZERO)["imported"] == 0
    assert len(_numbers(dirs / "hq")) == 2
