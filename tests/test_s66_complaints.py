"""A complainant's cell holding a masked number and a whole one one space apart (138****0002 13911110001, as a
hotline export masks the caller and keeps the number to call back) gives the whole one as the complainant's and
keeps the masked one; complaints stored so before are mended, also where the raw row writes digits in full width."""

import csv

from workstation.importing.complaints import complainant_digits, import_complaints, masked_numbers
from workstation.leads_workflow import get_lead_row
from workstation.screening import screen

HOTLINE = ("工单编号", "受理时间", "来电号码", "内容描述")


def write(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HOTLINE)
        out.writerows(rows)
    return path


def test_a_masked_number_beside_a_whole_one_gives_the_whole_one():
    assert complainant_digits("138****0002 13911110001", "0757") == "13911110001"
    assert complainant_digits("13911110001 138****0002", "0757") == "13911110001"
    assert complainant_digits("0757-8612×××× 13911110001", "0757") == "13911110001"
    assert masked_numbers("138****0002 13911110001", "0757") == "138****0002"
    assert masked_numbers("13911110001 138****0002", "0757") == "138****0002"
    # a masked number written with spaces in it is still one number, and nothing else is read into it
    assert complainant_digits("138 **** 0002", "0757") == ""
    assert masked_numbers("138 **** 0002", "0757") == "138****0002"
    # a masked number written with a space in it is no number beside another: nothing of it is read as one
    for cell in ("138 ****0002", "138**** 0002", "86 138****0002"):
        assert (complainant_digits(cell, "0757"), masked_numbers(cell, "0757")) == ("", "138****0002"), cell
    for cell in ("(0757) 8612****", "0757 8612****", "138****0002 13911110001 备用"):
        assert complainant_digits(cell, "0757") == "", cell
    # as earlier versions read it (to find what they stored): the masked cell as one, whole numbers apart as before
    assert complainant_digits("138****0002 13911110001", "0757", hidden=True) == "138000213911110001"
    assert complainant_digits("0757-83331234 13911110003", "0757", hidden=True) == "075783331234 13911110003"
    # the cells read as before
    assert complainant_digits("138****0002", "0757") == ""
    assert complainant_digits("0757-83331234 13911110003", "0757") == "075783331234 13911110003"
    assert complainant_digits("139 1111 0002", "0757") == "13911110002"


def test_the_import_stores_the_whole_number_and_screening_leaves_it_out_of_the_lead(db, tmp_path):
    import_complaints(db, [write(tmp_path / "m.csv", [
        ["M1", "2026-11-20 09:00:00", "138****0002 13911110001", "每天接到13922223333的骚扰电话推销楼盘"]])])
    phone, masked, lead_id = db.execute(
        "SELECT complainant_phone, complainant_masked, lead_id FROM complaints WHERE external_id = 'M1'").fetchone()
    assert (phone, masked) == ("13911110001", "138****0002")
    screen(db)
    lead_id = db.execute("SELECT lead_id FROM complaints WHERE external_id = 'M1'").fetchone()[0]
    assert get_lead_row(db, lead_id)["phones"] == "13922223333"


def _as_before(db, external_id):
    """The complaint as versions before 2026-12-07 stored it: no number, no masked digits, its key made so."""
    from workstation.importing.complaints import content_key

    cid, source, text, key = db.execute("SELECT id, source, text, content_key FROM complaints WHERE external_id = ?",
                                        [external_id]).fetchone()
    with db.atomic():
        db.execute("UPDATE complaints SET complainant_phone = '', complainant_masked = '', content_key = ?, "
                   "screened_at = '2026-12-01 09:00:00' WHERE id = ?",
                   [key and content_key(source, "2026-11-20 09:00:00", "", text), cid])
    return cid, key


def test_m071_gives_a_stored_complaint_its_whole_number_and_masked_digits(db, tmp_path):
    from workstation.db.schema import m071_complaint_numbers_masked_beside

    path = write(tmp_path / "m.csv", [
        ["", "2026-11-20 09:00:00", "138****0002 13911110001", "每天接到13922223333的骚扰电话推销楼盘"],
        ["M2", "2026-11-20 10:00:00", "138****0009", "每天接到13922224444的骚扰电话推销装修"]])
    import_complaints(db, [path])
    cid = db.execute("SELECT id FROM complaints WHERE complainant_phone != ''").fetchone()[0]
    fresh_key = db.execute("SELECT content_key FROM complaints WHERE id = ?", [cid]).fetchone()[0]
    assert fresh_key is not None  # no work-order id: the content key tells the complaint
    db.execute("UPDATE complaints SET external_id = 'M1' WHERE id = ?", [cid])
    _as_before(db, "M1")
    with db.atomic():
        m071_complaint_numbers_masked_beside(db)
    row = db.execute("SELECT complainant_phone, complainant_masked, content_key, screened_at FROM complaints "
                     "WHERE id = ?", [cid]).fetchone()
    assert row == ("13911110001", "138****0002", fresh_key, None)
    # a masked number alone is left as it was
    assert db.execute("SELECT complainant_phone, complainant_masked FROM complaints WHERE external_id = 'M2'"
                      ).fetchone() == ("", "138****0009")
    assert import_complaints(db, [path]).files[0].imported == 0  # found again: the same complaints
    db.execute("UPDATE complaints SET screened_at = '2026-12-02 09:00:00'")
    with db.atomic():
        m071_complaint_numbers_masked_beside(db)  # nothing left to mend
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE screened_at IS NULL").fetchone()[0] == 0


def test_m071_finds_numbers_one_space_apart_written_in_full_width(db, tmp_path):
    from workstation.db.schema import m071_complaint_numbers_masked_beside

    import_complaints(db, [write(tmp_path / "w.csv", [
        ["W1", "2026-11-20 09:00:00", "１３９１１１１０００２ １３９１１１１０００３", "每天接到13922223333的骚扰电话推销楼盘"]])])
    assert db.execute("SELECT complainant_phone FROM complaints").fetchone()[0] == "13911110002 13911110003"
    with db.atomic():  # as versions before 2026-12-06 stored it
        db.execute("UPDATE complaints SET complainant_phone = '13911110002', screened_at = '2026-12-01 09:00:00'")
    with db.atomic():
        m071_complaint_numbers_masked_beside(db)
    assert db.execute("SELECT complainant_phone, screened_at FROM complaints").fetchone() == (
        "13911110002 13911110003", None)
