"""Audit s65 of complaint import and screening: a complainant reporting two harassers in the same words through two
channels made two complaints, not one copy of the other (their leads stay apart); a complainant's cell of two numbers
separated by one space gives both as the complainant's own (neither a lead's suspect number); the case's lead box
masks every number of a complainant's cell; complaints stored by earlier versions mended."""

import csv

from workstation.importing.complaints import complainant_digits, content_key, import_complaints
from workstation.leads_workflow import get_lead_row, lead_complaints, lead_description
from workstation.screening import screen

HOTLINE = ("工单编号", "受理时间", "来电号码", "内容描述")
COUNCIL = ("投诉编号", "投诉时间", "投诉人电话", "投诉内容")
HARASSED = "近一个月每天接到{n}打来的骚扰电话推销楼盘，要求停止"


def write(path, header, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
    return path


def stored(db, external_id):
    cursor = db.execute("SELECT * FROM complaints WHERE external_id = ?", [external_id])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def leads(db):
    return sorted(tuple(sorted(phones.split())) for (phones,) in db.execute("SELECT phones FROM leads"))


def two_channels(db, tmp_path, hotline_number="13911112222", council_number="13933334444"):
    """The same complainant's two complaints: harasser A to 12345, harasser B to the council the next day."""
    import_complaints(db, [write(tmp_path / "h.csv", HOTLINE, [
        ["H1", "2026-11-20 09:00:00", "13800000021", HARASSED.format(n=hotline_number)]])])
    return import_complaints(db, [write(tmp_path / "c.csv", COUNCIL, [
        ["K1", "2026-11-21 09:00:00", "13800000021", HARASSED.format(n=council_number)]])])


# 1. two harassers, two complaints ---------------------------------------------------------------------------------
def test_the_same_words_about_two_harassers_are_two_complaints(db, tmp_path):
    result = two_channels(db, tmp_path)
    assert result.files[0].same_as == 0
    assert stored(db, "K1")["same_as"] is None and stored(db, "H1")["same_as"] is None
    screen(db)
    assert leads(db) == [("13911112222",), ("13933334444",)]


def test_the_same_harasser_through_two_channels_is_still_one_complaint(db, tmp_path):
    result = two_channels(db, tmp_path, council_number="13911112222")
    assert result.files[0].same_as == 1
    assert stored(db, "K1")["same_as"] == stored(db, "H1")["id"]
    screen(db)
    assert leads(db) == [("13911112222",)]
    assert db.execute("SELECT complaint_count FROM leads").fetchone()[0] == 1


def test_businesses_named_apart_keep_two_complaints_apart(db, tmp_path):
    said = "我一个月来每天都接到佛山市{name}置业有限公司打来的推销电话，严重骚扰，要求查处并停止"
    import_complaints(db, [write(tmp_path / "h.csv", HOTLINE, [
        ["H1", "2026-11-20 09:00:00", "13800000021", said.format(name="南海区金桂")]])])
    import_complaints(db, [write(tmp_path / "c.csv", COUNCIL, [
        ["K1", "2026-11-21 09:00:00", "13800000021", said.format(name="顺德区金美")]])])
    assert stored(db, "H1")["businesses"] and stored(db, "K1")["businesses"]
    assert stored(db, "K1")["same_as"] is None
    screen(db)
    assert db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 2


def test_complaints_left_unscreened_are_told_apart_by_the_numbers_their_texts_write(db, tmp_path):
    from workstation.store.base import set_setting

    with db.atomic():  # the rules changed since the last screening run: the importer leaves screening to the next one
        set_setting(db, "screening_rules", "an earlier digest")
    two_channels(db, tmp_path)
    assert stored(db, "K1")["screened_at"] is None and stored(db, "K1")["phones"] == ""
    assert stored(db, "K1")["same_as"] is None
    screen(db)
    assert leads(db) == [("13911112222",), ("13933334444",)]


def test_copies_linked_by_an_earlier_version_on_the_complainant_alone_are_linked_no_more(db, tmp_path):
    from workstation.importing.complaint_repair import unlink_named_apart

    two_channels(db, tmp_path)
    h1, k1 = stored(db, "H1")["id"], stored(db, "K1")["id"]
    with db.atomic():  # as versions before 2026-12-06 linked them
        db.execute("UPDATE complaints SET same_as = ? WHERE id = ?", [h1, k1])
    screen(db)
    assert leads(db) == [("13911112222", "13933334444")]
    with db.atomic():
        assert unlink_named_apart(db) == 1
    assert stored(db, "K1")["same_as"] is None and stored(db, "K1")["screened_at"] is None
    screen(db)
    assert leads(db) == [("13911112222",), ("13933334444",)]


def test_the_repair_leaves_true_copies_linked(db, tmp_path):
    from workstation.importing.complaint_repair import unlink_named_apart

    two_channels(db, tmp_path, council_number="13911112222")
    with db.atomic():
        assert unlink_named_apart(db) == 0
    assert stored(db, "K1")["same_as"] == stored(db, "H1")["id"]


# 2. two numbers one space apart -----------------------------------------------------------------------------------
SPACED = [["S1", "2026-11-20 09:00:00", "0757-83331234 13911110003",
           "座机和13911110003这两个号码每天都接到13922223333的骚扰电话推销楼盘"]]


def test_a_cell_of_two_numbers_one_space_apart_gives_both(db, tmp_path):
    assert complainant_digits("0757-83331234 13911110003", "0757") == "075783331234 13911110003"
    assert complainant_digits("13911110002 13911110003", "0757") == "13911110002 13911110003"
    assert complainant_digits("139 1111 0002", "0757") == "13911110002"
    assert complainant_digits("+86 139 1111 0002", "0757") == "13911110002"
    assert complainant_digits("0757 83331234", "0757") == "075783331234"
    import_complaints(db, [write(tmp_path / "s.csv", HOTLINE, SPACED)])
    assert stored(db, "S1")["complainant_phone"] == "075783331234 13911110003"
    screen(db)
    lead = get_lead_row(db, stored(db, "S1")["lead_id"])
    assert lead["phones"] == "13922223333"
    assert "13911110003" not in lead_description(db, lead)


def test_a_number_stored_first_alone_is_mended_from_the_raw_row(db, tmp_path):
    from workstation.importing.complaint_repair import repair_spaced_numbers

    rows = [*SPACED, ["S3", "2026-11-20 11:00:00", "13911110004", "每天都接到13922224444的骚扰电话推销装修"]]
    path = write(tmp_path / "s.csv", HOTLINE, [[""] + row[1:] for row in rows])  # no work-order ids: content keys
    import_complaints(db, [path])
    cid, text, fresh_key = db.execute("SELECT id, text, content_key FROM complaints "
                                           "WHERE complainant_phone GLOB '* *'").fetchone()
    with db.atomic():  # as versions before 2026-12-06 stored it, and screened it
        db.execute("UPDATE complaints SET complainant_phone = '075783331234', content_key = ?, "
                   "phones = '13911110003 13922223333' WHERE id = ?",
                   [content_key("12345", "2026-11-20 09:00:00", "075783331234", text), cid])
    with db.atomic():
        assert repair_spaced_numbers(db, "0757") == 1
    row = db.execute("SELECT complainant_phone, content_key, screened_at FROM complaints WHERE id = ?",
                     [cid]).fetchone()
    assert row == ("075783331234 13911110003", fresh_key, None)
    assert import_complaints(db, [path]).files[0].imported == 0  # found again: the same complaint
    screen(db)
    assert leads(db) == [("13922223333",), ("13922224444",)]
    with db.atomic():
        assert repair_spaced_numbers(db, "0757") == 0


# 3. the case's lead box masks every number ------------------------------------------------------------------------
def test_the_lead_box_masks_each_number_of_a_complainants_cell(db, tmp_path):
    import_complaints(db, [write(tmp_path / "m.csv", HOTLINE, [
        ["M1", "2026-11-20 09:00:00", "13911110001/0757-81234567", "每天接到13922223333的骚扰电话推销楼盘"],
        ["M2", "2026-11-21 09:00:00", "138****0002", "每天接到13922223333的骚扰电话推销装修"],
        ["M3", "2026-11-21 10:00:00", "", "每天接到13922223333的骚扰电话推销"]])])
    screen(db)
    count, listed = lead_complaints(db, stored(db, "M1")["lead_id"])
    assert count == 3
    assert [c.complainant for c in listed] == ["139****0001 0757****4567", "138****0002", "—"]
    assert not any("13911110001" in c.complainant for c in listed)


# 5. the repair of numbers apart (m070) -------------------------------------------------------------------------------
def _as_before(db, cid, *, phones=None):
    """Put back what versions before 2026-12-06 stored of the spaced cell's complaint ``cid``: its first number alone,
    the content key that goes with it (and the suspect numbers screening then read)."""
    text = db.execute("SELECT text FROM complaints WHERE id = ?", [cid]).fetchone()[0]
    db.execute("UPDATE complaints SET complainant_phone = '075783331234', content_key = ? WHERE id = ?",
               [content_key("12345", "2026-11-20 09:00:00", "075783331234", text), cid])
    if phones is not None:
        db.execute("UPDATE complaints SET phones = ? WHERE id = ?", [phones, cid])


def test_the_repair_keeps_the_screening_of_a_decided_lead(db, tmp_path):
    from workstation.importing.complaint_repair import repair_numbers_apart
    from workstation.leads_workflow import assign_lead, decide_lead
    from workstation.store import agency_id_for_code

    two_channels(db, tmp_path)
    import_complaints(db, [write(tmp_path / "s.csv", HOTLINE, [[""] + SPACED[0][1:]])])
    h1, k1 = stored(db, "H1")["id"], stored(db, "K1")["id"]
    cid, fresh_key = db.execute("SELECT id, content_key FROM complaints WHERE complainant_phone GLOB '* *'").fetchone()
    with db.atomic():  # as versions before 2026-12-06 stored and linked them
        _as_before(db, cid)
        db.execute("UPDATE complaints SET same_as = ? WHERE id = ?", [h1, k1])
        db.execute("UPDATE complaints SET screened_at = NULL")
    screen(db)
    assert leads(db) == [("13911110003", "13922223333"), ("13911112222", "13933334444")]
    for (lead_id,) in db.execute("SELECT id FROM leads").fetchall():
        assign_lead(db, lead_id, agency_id_for_code("440604"))
        decide_lead(db, lead_id, "not_file", reason="未发现违法行为")
    before = {r[0]: r[1:] for r in db.execute("SELECT id, phones, same_as, screened_at, lead_id FROM complaints")}
    with db.atomic():
        assert repair_numbers_apart(db, "0757") == (1, 0)
    after = {r[0]: r[1:] for r in db.execute("SELECT id, phones, same_as, screened_at, lead_id FROM complaints")}
    assert after == before  # the screening the decision was made on: numbers, links, stamps
    assert db.execute("SELECT complainant_phone, content_key FROM complaints WHERE id = ?", [cid]).fetchone() == (
        "075783331234 13911110003", fresh_key)
    screen(db)
    assert leads(db) == [("13911110003", "13922223333"), ("13911112222", "13933334444")]
    assert stored(db, "K1")["same_as"] == h1


def test_the_repair_reads_the_complainants_column_alone(db, tmp_path):
    from workstation.importing.complaint_repair import repair_spaced_numbers

    path = write(tmp_path / "x.csv", ("工单编号", "受理时间", "来电号码", "备注", "内容描述"), [
        ["", "2026-11-20 09:00:00", "13911110003", "13911110003 13922223333", "每天接到13922223333的骚扰电话推销楼盘"]])
    import_complaints(db, [path])
    before = db.execute("SELECT complainant_phone, content_key FROM complaints").fetchone()
    assert before[0] == "13911110003"
    with db.atomic():
        assert repair_spaced_numbers(db, "0757") == 0
    assert db.execute("SELECT complainant_phone, content_key FROM complaints").fetchone() == before
    assert import_complaints(db, [path]).files[0].imported == 0


def test_m070_mends_a_database_in_the_old_state(db, tmp_path):
    from workstation.db.schema import m070_complaint_numbers_apart

    two_channels(db, tmp_path)  # two complaints named apart
    import_complaints(db, [write(tmp_path / "t.csv", COUNCIL, [  # a true copy of H1, through the council
        ["K2", "2026-11-21 10:00:00", "13800000021", HARASSED.format(n="13911112222")]])])
    import_complaints(db, [write(tmp_path / "s.csv", HOTLINE, [[""] + SPACED[0][1:]])])
    h1, k1 = stored(db, "H1")["id"], stored(db, "K1")["id"]
    assert stored(db, "K2")["same_as"] == h1
    cid, fresh_key = db.execute("SELECT id, content_key FROM complaints WHERE complainant_phone GLOB '* *'").fetchone()
    screen(db)
    with db.atomic():  # as versions before 2026-12-06 stored, linked and screened them
        _as_before(db, cid, phones="13911110003 13922223333")
        db.execute("UPDATE complaints SET same_as = ? WHERE id = ?", [h1, k1])
        db.execute("UPDATE complaints SET screened_at = '2026-12-01 09:00:00'")
    with db.atomic():
        m070_complaint_numbers_apart(db)
    spaced = db.execute("SELECT complainant_phone, content_key, screened_at FROM complaints WHERE id = ?",
                        [cid]).fetchone()
    assert spaced == ("075783331234 13911110003", fresh_key, None)
    assert stored(db, "K1")["same_as"] is None and stored(db, "K1")["screened_at"] is None
    assert stored(db, "K2")["same_as"] == h1 and stored(db, "K2")["screened_at"] == "2026-12-01 09:00:00"
    assert stored(db, "H1")["screened_at"] == "2026-12-01 09:00:00"
    screen(db)
    assert leads(db) == [("13911112222",), ("13922223333",), ("13933334444",)]
    with db.atomic():
        m070_complaint_numbers_apart(db)  # run again: nothing left to mend
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE screened_at IS NULL").fetchone()[0] == 0


def test_the_lead_box_shows_a_masked_number_beside_a_whole_one(db, tmp_path):
    import_complaints(db, [write(tmp_path / "m.csv", HOTLINE, [
        ["W1", "2026-11-20 09:00:00", "13911110001/138****0002", "每天接到13922223333的骚扰电话推销楼盘"]])])
    assert stored(db, "W1")["complainant_masked"] == "138****0002"
    screen(db)
    _count, listed = lead_complaints(db, stored(db, "W1")["lead_id"])
    assert [c.complainant for c in listed] == ["139****0001 138****0002"]
