"""A complaint export without work-order numbers imported before its cells were cleaned (the control characters and
text-direction marks kept in the text stored and in its content key) is the same complaints when imported again:
the cleaned row's key differs from the stored one, so without a look for the key the row had as written, every such
complaint was stored a second time."""

import csv
import json

from tests.test_fuzzleft_complaint_controls import HEADER
from workstation.importing.complaints import import_complaints
from workstation.store.complaints import stored_content_key

ROWS = [  # no 投诉编号: found again by what they say
    ["", "2026-03-05 10:00:00", "张三", "13900001111", "某地产\u202e有限公司", "每天接到\u200e骚扰电话\x1b[0m", "房屋及装修",
     "已受理"],
    ["", "2026-03-06", "李四", "13900002222", "某贷款\x85公司", "只写了日期的\u2066投诉\u2069", "金融服务", "已受理"],
    ["", "2026-03-07 09:00:00", "王五", "13900003333", "某装修公司", "干净的投诉内容", "房屋及装修", "已受理"],
]


def _csv(path):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    return path


def _as_imported_before(db):
    """The stored complaints as an import before today left them: text, raw row and key as the file wrote them."""
    for row in ROWS:
        cid, source, received, phone, raw = db.execute(
            "SELECT id, source, received_at, complainant_phone, raw FROM complaints WHERE complainant_phone = ?",
            [row[3]]).fetchone()
        cells = json.loads(raw)
        cells.update(zip(HEADER, row, strict=True))
        written = json.dumps(cells, ensure_ascii=False)
        db.execute("UPDATE complaints SET text = ?, target_name = ?, raw = ?, content_key = ? WHERE id = ?",
                   [row[5], row[4], written, stored_content_key(source, received, phone, row[5], written), cid])


def test_a_file_imported_before_its_cells_were_cleaned_is_not_stored_twice(db, tmp_path):
    path = _csv(tmp_path / "council.csv")
    first = import_complaints(db, [path], profile="consumer_council")
    assert first.imported == 3 and first.cleaned == 2
    _as_imported_before(db)
    again = import_complaints(db, [path], profile="consumer_council")
    assert (again.imported, again.duplicates) == (0, 3)
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 3


def test_the_cleaned_file_again_is_found_by_its_cleaned_key(db, tmp_path):
    path = _csv(tmp_path / "council.csv")
    import_complaints(db, [path], profile="consumer_council")
    again = import_complaints(db, [path], profile="consumer_council")
    assert (again.imported, again.duplicates) == (0, 3)
