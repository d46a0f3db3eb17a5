"""The area code screening gives a complainant's landline that an earlier version kept without it reaches
headquarters with the next bundle: headquarters holds the number as the station now reads it (and the content key
made of it, so that the same export imported there again adds nothing), while an imported number changed in any
other way is not taken (a complaint's imported columns never change)."""

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401

FILE = (
    "投诉时间,联系电话,投诉内容\n"
    "2026-03-02 10:00:00,83331234,买的电饭煲用了三天就坏了，商家拒不退款\n"
    "2026-03-03 11:00:00,13900139002,138-0013-8000又是呼死你式来电\n"
)


def _import(capsys, data_dir, path):
    path.write_text(FILE, encoding="utf-8")
    return run_json(
        capsys, "--data-dir", data_dir, "complaints", "import", path, "--profile", "consumer_council"
    )


def _numbers(place) -> dict:
    """{complaint id: (complainant's number, content key)} as ``place`` holds them."""
    db = open_db(place)
    try:
        return {
            cid: (phone, key)
            for cid, phone, key in db.execute(
                "SELECT id, complainant_phone, content_key FROM complaints"
            ).fetchall()
        }
    finally:
        db.conn.close()


def _as_an_earlier_version_kept_it(station) -> str:
    """The landline stored without its area code (83331234) and its content key made of that, as versions before
    the area-code rule kept it; its id."""
    from workstation.store.complaints import stored_content_key

    db = open_db(station)
    try:
        cid, source, received_at, text, raw = db.execute(
            "SELECT id, source, received_at, text, raw FROM complaints WHERE complainant_phone = '075783331234'"
        ).fetchone()
        db.execute(
            "UPDATE complaints SET complainant_phone = '83331234', content_key = ? WHERE id = ?",
            [stored_content_key(source, received_at, "83331234", text, raw), cid],
        )
        db.conn.commit()
    finally:
        db.conn.close()
    return cid


def test_the_area_code_screening_gives_a_number_sent_before_reaches_headquarters(capsys, dirs):  # noqa: F811
    station, hq = dirs / "shunde", dirs / "hq"
    take_headquarters_card(capsys, dirs)
    _import(capsys, station, dirs / "council.csv")
    run_json(capsys, "--data-dir", station, "leads", "screen")
    cid = _as_an_earlier_version_kept_it(station)
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["conflicts"] == 0
    assert _numbers(hq)[cid][0] == "83331234"

    # screening gives the number its area code; the next bundle carries it and headquarters takes it
    run_json(capsys, "--data-dir", station, "leads", "screen")
    assert _numbers(station)[cid][0] == "075783331234"
    export(capsys, dirs, "shunde", "s2.bundle")
    merged = import_(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0
    assert _numbers(hq)[cid] == _numbers(station)[cid]
    # the same export imported at headquarters is found there by its content: nothing stored twice
    assert _import(capsys, hq, dirs / "again.csv")["imported"] == 0


def test_a_number_changed_otherwise_is_not_taken_at_headquarters(capsys, dirs):  # noqa: F811
    station, hq = dirs / "shunde", dirs / "hq"
    take_headquarters_card(capsys, dirs)
    _import(capsys, station, dirs / "council.csv")
    run_json(capsys, "--data-dir", station, "leads", "screen")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    cid = next(cid for cid, (phone, _key) in _numbers(hq).items() if phone == "075783331234")
    held = _numbers(hq)[cid]
    # the station's copy says another number (written there by hand), screened since: its screening travels
    db = open_db(station)
    db.execute(
        "UPDATE complaints SET complainant_phone = '075783339999', screened_at = '2099-01-01T00:00:00+08:00' "
        "WHERE id = ?",
        [cid],
    )
    db.conn.commit()
    db.conn.close()
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert _numbers(hq)[cid] == held
