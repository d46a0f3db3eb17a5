"""Complaints stored by versions before masked caller numbers were read as none (138****1234 stored as 1381234, the
visible digits) are repaired when the database is opened (m059): the number cleared as the importer now reads the
cell, the content key with it, the complaint left to the next screening run, and the copies linked on those digits
alone linked no more — a link something else still tells (a whole number, the same content key) stays."""

from __future__ import annotations

import json

import pytest

from tests.helpers import open_db, run_json
from workstation.importing.complaints import import_complaints
from workstation.importing.masked_repair import unmasked_number
from workstation.store.complaints import INSERT_COLUMNS, INSERT_SQL, content_key

HARASSER, OTHER = "13927711234", "13927715678"
STAMP = "2026-11-10T09:00:01+08:00"
HOTLINE = ("工单编号", "受理时间", "来电号码", "内容描述")
COUNCIL = ("投诉编号", "投诉时间", "联系电话", "投诉内容")
TEXT = f"最近每天接到{HARASSER}骚扰电话推销楼盘，怀疑个人信息被泄露"
LOAN = f"{HARASSER}一天打来三次电话推销贷款，知道我的姓名和住址，个人信息被泄露，要求查处"
AGENT = f"{HARASSER}冒充客服打电话推销，知道我的购房信息，个人信息被泄露"
MINE = f"{HARASSER}打电话推销保险，说出了我的身份证号，个人信息被泄露"
OTHERS = f"{OTHER}每天打电话推销装修，知道我家地址，个人信息被泄露"


def _row(cid: str, source: str, external_id: str, received: str, cell: str, stored: str, text: str) -> tuple:
    """A complaint as a version before masked numbers were read as none stored it: the masked cell's visible digits
    as its number, and a row without a work-order id keyed by them."""
    header = HOTLINE if source == "12345" else COUNCIL
    cells = dict(zip(header, (external_id, received, cell, text), strict=True)) if external_id else \
        dict(zip(header[1:], (received, cell, text), strict=True))
    values = dict.fromkeys(INSERT_COLUMNS, "")
    values.update(id=cid, source=source, external_id=external_id, received_at=received, text=text,
                  raw=json.dumps(cells, ensure_ascii=False), source_file="旧导出.csv", source_row=2,
                  created_at="2026-11-10T09:00:00+08:00", complainant_phone=stored, screened_at=STAMP,
                  content_key=None if external_id else content_key(source, received, stored, text))
    return tuple(values[c] for c in INSERT_COLUMNS)


OLD_ROWS = [
    # two callers an export showed masked alike, linked as one complaint through two channels on 1381234
    _row("gd1", "12345", "GD1", "2026-11-02 10:00:00", "138****1234", "1381234", TEXT),
    _row("xw1", "consumer_council", "XW1", "2026-11-03 09:00:00", "138****1234", "1381234",
         TEXT.replace("个人", "我的个人")),
    # one caller giving a masked number and a whole one through both channels: the whole one still links them
    _row("gd2", "12345", "GD2", "2026-11-04 10:00:00", "138●●●●5678/13911110001", "1385678 13911110001", LOAN),
    _row("xw2", "consumer_council", "XW2", "2026-11-05 08:00:00", "138●●●●5678/13911110001", "1385678 13911110001",
         LOAN + "，谢谢"),
    # the same row of an export without work-order ids stored twice, linked by its content key: still the same
    _row("h1", "12345", "", "2026-11-06 11:00:00", "0757-8****567", "07578567", AGENT),
    _row("h2", "12345", "", "2026-11-06 11:00:00", "0757-8****567", "07578567", AGENT),
    # a caller with a whole number, and one linked through two channels on it: left alone
    _row("gd3", "12345", "GD3", "2026-11-07 10:00:00", "13800138000", "13800138000", MINE),
    _row("gd4", "12345", "GD4", "2026-11-08 10:00:00", "13700137000", "13700137000", OTHERS),
    _row("xw4", "consumer_council", "XW4", "2026-11-08 15:00:00", "13700137000", "13700137000", OTHERS + "。"),
]
LINKS = {"xw1": "gd1", "xw2": "gd2", "h2": "h1", "xw4": "gd4"}


def _open_as_before(db, data_dir, rows=OLD_ROWS, links=LINKS, undo=("m059_complaint_masked_numbers",)):
    """The rows stored and linked as an older version did (doubles inserted as before content keys kept them out),
    the migrations ``undo`` marked not run, and the database opened again: they run."""
    with db.atomic():
        db.conn.executemany(INSERT_SQL, rows)
        db.conn.executemany("UPDATE complaints SET same_as = ? WHERE id = ?", [(b, a) for a, b in links.items()])
        for name in undo:
            db.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [name])
        db.execute("DELETE FROM settings WHERE key = 'complaint_doubles_linked'")
        db.execute("INSERT INTO settings (key, value) VALUES ('complaint_doubles_linked', '1')")
    if "m021_complaint_numbers_given" in undo:
        db.execute("ALTER TABLE complaints DROP COLUMN numbered_at")
    db.conn.close()
    return open_db(data_dir)


def _column(db, column: str) -> dict:
    return dict(db.execute(f"SELECT id, {column} FROM complaints"))


def test_opening_an_older_database_clears_the_masked_digits_and_links_only_what_still_tells(db, data_dir):
    db = _open_as_before(db, data_dir)
    try:
        assert _column(db, "complainant_phone") == {
            "gd1": "", "xw1": "", "gd2": "13911110001", "xw2": "13911110001", "h1": "", "h2": "",
            "gd3": "13800138000", "gd4": "13700137000", "xw4": "13700137000"}
        assert _column(db, "same_as") == {"gd1": None, "xw1": None, "gd2": None, "xw2": "gd2", "h1": None,
                                          "h2": "h1", "gd3": None, "gd4": None, "xw4": "gd4"}
        # the content key of the row without a work-order id is made of no number, as an import now makes it
        keys = _column(db, "content_key")
        assert keys["h1"] == keys["h2"] == content_key("12345", "2026-11-06 11:00:00", "", AGENT)
        assert keys["gd1"] is None and keys["gd3"] is None
        # the repaired and unlinked complaints are screened again; the others keep their screening
        assert {cid for cid, at in _column(db, "screened_at").items() if at == STAMP} == {"gd3", "gd4", "xw4"}
        # the doubles are looked for again by the next screening run
        assert db.execute("SELECT 1 FROM settings WHERE key = 'complaint_doubles_linked'").fetchone() is None
    finally:
        db.conn.close()


def test_the_next_screening_counts_callers_masked_alike_twice_and_true_copies_once(db, data_dir, capsys):
    _open_as_before(db, data_dir).conn.close()
    screened = run_json(capsys, "--data-dir", data_dir, "leads", "screen")
    # each complaint's work-order id, the id of one without
    assert {tuple(lead["phones"]): sorted(lead["complaint_ids"]) for lead in screened["leads"]} == {
        (HARASSER,): ["GD1", "GD2", "GD3", "XW1", "XW2", "h1", "h2"], (OTHER,): ["GD4", "XW4"]}
    db = open_db(data_dir)
    try:
        counts = dict(db.execute("SELECT phones, complaint_count FROM leads"))
        # gd1 and xw1 two callers (one complaint before); gd2/xw2 and h1/h2 one complaint each; gd3
        assert counts == {HARASSER: 5, OTHER: 1}  # gd4 and xw4, linked on a whole number, one complaint
        assert _column(db, "same_as")["xw1"] is None  # the screening linked nothing on the digits again
    finally:
        db.conn.close()


def test_the_repaired_row_imported_again_is_found_as_stored(db, data_dir, tmp_path):
    db = _open_as_before(db, data_dir)
    try:
        path = tmp_path / "区热线.csv"
        path.write_text("受理时间,来电号码,内容描述\n2026-11-06 11:00:00,0757-8****567," + AGENT + "\n",
                        encoding="utf-8")
        result = import_complaints(db, [path], profile="12345")
        assert (result.imported, result.duplicates) == (0, 1)
    finally:
        db.conn.close()


def test_a_masked_number_with_an_extension_cleared_by_m021_is_unlinked_too(db, data_dir):
    """Versions before 2026-11-30 glued the extension on (138****4321转801 stored as 1384321801): m021, run now,
    clears such a number; its link on those digits is undone all the same."""
    rows = [_row("gd5", "12345", "GD5", "2026-11-02 10:00:00", "138****4321转801", "1384321801", TEXT),
            _row("xw5", "consumer_council", "XW5", "2026-11-02 12:00:00", "138****4321转801", "1384321801",
                 TEXT + "。")]
    db = _open_as_before(db, data_dir, rows, {"xw5": "gd5"},
                         ("m021_complaint_numbers_given", "m059_complaint_masked_numbers"))
    try:
        assert _column(db, "complainant_phone") == {"gd5": "", "xw5": ""}
        assert _column(db, "same_as") == {"gd5": None, "xw5": None}
        assert _column(db, "screened_at") == {"gd5": None, "xw5": None}
    finally:
        db.conn.close()


@pytest.mark.parametrize(("stored", "cell", "number"), [
    ("1381234", "138****1234", ""), ("1381234", "138●●●●1234", ""), ("07578567", "0757-8****567", ""),
    ("1381234", "138xxxx1234", ""), ("1385678 13911110001", "138****5678/13911110001", "13911110001"),
    ("1385678", "138****5678/13911110001", "13911110001"),  # a version keeping the first number of several
    ("13800138000", "13800138000", None), ("13911110001", "13911110001/138****5678", None),
    ("1389999", "138****1234", None),  # not what the cell's digits make: the cell does not tell
])
def test_a_stored_number_is_repaired_only_when_it_is_a_masked_cells_digits(stored, cell, number):
    raw = json.dumps({"来电号码": cell, "内容描述": "推销电话"}, ensure_ascii=False)
    assert unmasked_number(stored, raw, "0757") == number
