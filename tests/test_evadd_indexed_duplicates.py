"""Adding evidence to a case that holds many items looks the same content up by its (case, SHA-256) key and counts
the items instead of reading the whole register: the refusal of a file already registered still names its item by
its number in the register (``list_evidence``'s order: when registered, a merged item from another station's
earlier registration before the local ones), and a new item's line on the timeline still numbers it after the
case's own items only."""

import pytest

from workstation.errors import WorkstationError
from workstation.store.cases import case_events
from workstation.store.evidence import add_evidence, list_evidence

TABLES = ("files", "evidence", "audit", "case_events")


def _file(folder, name, content):
    path = folder / name
    path.write_bytes(content.encode())
    return path


def _add(db, data_dir, case, path):
    return add_evidence(
        db,
        data_dir,
        case.id,
        path,
        kind="photo",
        source="当事人经营场所",
        collected_on="2026-03-10",
        collector="陈志强",
    )


def test_a_copy_is_refused_naming_its_item_in_register_order_and_new_items_count_the_case_alone(
    db, data_dir, make_case, tmp_path, english, table_counts
):
    case, other = make_case(), make_case()
    first, second, third = (
        _add(db, data_dir, case, _file(tmp_path, f"照片{n}.jpg", f"photo {n}")) for n in (1, 2, 3)
    )
    for n in (1, 2, 3, 4):  # items of another case are not numbered with this one's
        _add(db, data_dir, other, _file(tmp_path, f"他案{n}.jpg", f"other {n}"))
    # the third item came in a bundle from a station that registered it before the other two: it is item 1
    db.execute("UPDATE evidence SET created_at = ? WHERE id = ?", ["2026-01-02T09:00:00+08:00", third.id])
    assert [item.id for item in list_evidence(db, case.id)] == [third.id, first.id, second.id]

    before = table_counts(db, TABLES)
    with pytest.raises(
        WorkstationError, match=r"^copy\.jpg is already evidence item 2 of this case \(照片1\.jpg\)"
    ):
        _add(db, data_dir, case, _file(tmp_path, "copy.jpg", "photo 1"))
    with pytest.raises(
        WorkstationError, match=r"^again\.jpg is already evidence item 1 of this case \(照片3\.jpg\)"
    ):
        _add(db, data_dir, case, _file(tmp_path, "again.jpg", "photo 3"))
    assert table_counts(db, TABLES) == before

    _add(db, data_dir, case, _file(tmp_path, "照片4.jpg", "photo 4"))
    assert case_events(db, case.id)[-1].note.startswith("Evidence item 4 registered: 照片4.jpg")
    # the same content on another case is that case's own item
    _add(db, data_dir, other, _file(tmp_path, "他案副本.jpg", "photo 2"))
    assert case_events(db, other.id)[-1].note.startswith("Evidence item 5 registered: 他案副本.jpg")
