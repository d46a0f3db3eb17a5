"""Work-order numbers holding control characters or text-direction marks: stored cleaned, and found again by the
cleaned number on re-import, by search and across channels; a complaint an import stored before cells were cleaned
(its number, or for a row without one its content key, as the file wrote it) is recognised when the file comes again,
not stored a second time."""

import csv
import json

from tests.helpers import run
from tests.test_fuzzleft_complaint_controls import HEADER as COUNCIL
from tests.test_review_reimport_cleaned import ROWS as UNNUMBERED
from workstation.importing.complaints import import_complaints
from workstation.store.complaints import count_complaints, search_complaints, stored_content_key

HOTLINE = ["工单编号", "受理时间", "来电号码", "诉求人", "被反映对象", "内容描述", "办理状态"]
NUMBERED = [  # work-order number as written, as cleaned; the rest of the row
    ("GD2026\x0b0001", "GD20260001", ["2026-03-05 10:00:00", "13900001111", "张三", "佛山某某地产有限公司",
                                      "每天接到推销楼盘的骚扰电话，要求查处", "已受理"]),
    ("GD2026\u200e0002", "GD20260002", ["2026-03-05 11:00:00", "13900002222", "李四", "某教育公司",
                                        "培训机构天天发推销短信", "已受理"]),
    ("\u202eGD20260003\x1b[0m", "GD20260003[0m", ["2026-03-05 12:00:00", "13900003333", "王五", "某装修公司",
                                                  "装修公司推销电话不断", "已受理"]),
]


def _hotline_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HOTLINE, *rows])
    return path


def _numbered_csv(path):
    return _hotline_csv(path, [[written, *rest] for written, _cleaned, rest in NUMBERED])


def _as_numbered_before(db):
    """The stored complaints as an import before the cleaning left them: the work-order number as the file wrote it."""
    for written, cleaned, _rest in NUMBERED:
        db.execute("UPDATE complaints SET external_id = ? WHERE external_id = ?", [written, cleaned])
    db.conn.commit()


def _unnumbered_as_written(db, rows):
    """The stored complaints of ``rows`` (without work-order numbers) as an import before the cleaning left them: text,
    raw row and content key as the file wrote them."""
    for row in rows:
        cid, source, received, phone, raw = db.execute(
            "SELECT id, source, received_at, complainant_phone, raw FROM complaints WHERE complainant_phone = ?",
            [row[3]]).fetchone()
        written = json.dumps({**json.loads(raw), **dict(zip(COUNCIL, row, strict=True))}, ensure_ascii=False)
        db.execute("UPDATE complaints SET text = ?, target_name = ?, raw = ?, content_key = ? WHERE id = ?",
                   [row[5], row[4], written, stored_content_key(source, received, phone, row[5], written), cid])


def _stored_numbers(db):
    return sorted(r[0] for r in db.execute("SELECT external_id FROM complaints"))


def test_a_work_order_number_is_stored_cleaned_and_its_file_again_adds_nothing(db, tmp_path):
    path = _numbered_csv(tmp_path / "12345.csv")
    first = import_complaints(db, [path], profile="12345")
    assert (first.imported, first.cleaned) == (3, 3)
    assert _stored_numbers(db) == sorted(cleaned for _written, cleaned, _rest in NUMBERED)
    again = import_complaints(db, [path], profile="12345")
    assert (again.imported, again.duplicates) == (0, 3)
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 3


def test_a_number_stored_as_written_before_the_cleaning_is_found_again_not_stored_twice(db, tmp_path):
    path = _numbered_csv(tmp_path / "12345.csv")
    import_complaints(db, [path], profile="12345")
    _as_numbered_before(db)
    again = import_complaints(db, [path], profile="12345")
    assert (again.imported, again.duplicates) == (0, 3)
    assert _stored_numbers(db) == sorted(written for written, _cleaned, _rest in NUMBERED)
    # the summary says when the file was imported, as for any file imported already
    assert again.files[0].already_imported_note()


def test_such_a_file_again_on_the_command_line_says_it_was_imported_already(tmp_path, capsys, english):
    path = _numbered_csv(tmp_path / "12345.csv")
    station = tmp_path / "station"
    code, _out, err = run(capsys, "--data-dir", station, "init", "--plaintext")
    assert code == 0, err
    code, _out, err = run(capsys, "--data-dir", station, "complaints", "import", path, "--profile", "12345")
    assert code == 0, err
    from tests.helpers import open_db

    db = open_db(station)
    _as_numbered_before(db)
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", path, "--profile", "12345")
    assert code == 0, err
    assert f"{path} was imported already" in out and "Internal error" not in err


def test_a_file_without_numbers_all_of_whose_rows_were_stored_before_the_cleaning_is_said_imported_already(db,
                                                                                                           tmp_path):
    # every row holds a control character or a direction mark (the third, clean one, of the other test is left out):
    # no row of the file is left to insert, and the summary still names the day it was imported
    path = tmp_path / "council.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([COUNCIL, *UNNUMBERED[:2]])
    first = import_complaints(db, [path], profile="consumer_council")
    assert (first.imported, first.cleaned) == (2, 2)
    _unnumbered_as_written(db, UNNUMBERED[:2])
    again = import_complaints(db, [path], profile="consumer_council")
    assert (again.imported, again.duplicates) == (0, 2)
    assert again.files[0].already_imported_note()
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 2


def test_the_cleaned_number_is_searched_and_linked_across_channels(db, tmp_path):
    import_complaints(db, [_numbered_csv(tmp_path / "12345.csv")], profile="12345")
    council = tmp_path / "council.csv"
    with council.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["投诉编号", "投诉时间", "联系电话", "被投诉方", "投诉内容"],
                                  ["XW-0001", "2026-03-06 09:00:00", "13900001111", "佛山某某地产有限公司",
                                   "每天接到推销楼盘的骚扰电话，要求查处"]])
    result = import_complaints(db, [council], profile="consumer_council")
    assert result.files[0].same_as == 1
    (hotline_id,) = db.execute("SELECT id FROM complaints WHERE external_id = 'GD20260001'").fetchone()
    assert db.execute("SELECT same_as FROM complaints WHERE external_id = 'XW-0001'").fetchone()[0] == hotline_id
    # the number as the list shows it, and as pasted from a text that kept the mark or control character
    for query in ("GD20260001", "GD2026\u200e0001", "GD2026\x0b0001", "\u202aGD20260001\u202c"):
        assert [h.external_id for h in search_complaints(db, query)][:1] == ["GD20260001"], query
        assert count_complaints(db, query) >= 1, query
    raw = json.loads(db.execute("SELECT raw FROM complaints WHERE id = ?", [hotline_id]).fetchone()[0])
    assert raw["工单编号"] == "GD20260001"  # the raw row the complaint keeps says the cleaned number too
