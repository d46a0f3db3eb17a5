"""An evidence item's number in its case's register (what the timeline, `evidence set` and the count's note call it)
is counted in SQL from where the register keeps the item, and `evidence set CASE N` finds item N by one row: changing
or counting one item of a case of 1,500 no longer reads the whole register (~11 ms each time). The numbers are those
of ``list_evidence``'s order: when registered (an item merged from another station's earlier registration comes
first), then in the order stored."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run, statements_run
from workstation.evidence_count import update_and_recount
from workstation.store.cases import case_events
from workstation.store.evidence import (
    add_evidence,
    counted_parts,
    item_number,
    list_evidence,
    numbered_item,
    register_size,
    save_count,
)

REGISTER_READ = "SELECT * FROM evidence WHERE case_id"  # list_evidence's query: every item of the case


def statements_of(db, action) -> tuple[object, list[str]]:
    """``action()``'s result and the SQL it ran."""
    with statements_run(db) as ran:
        result = action()
    return result, ran


def register_read(statements: list[str]) -> bool:
    return any(REGISTER_READ in sql for sql in statements)


@pytest.fixture
def register(db, data_dir, make_case, tmp_path):
    """A case of six items, one of them merged from a station that registered it first and two registered at the
    same instant, beside another case of three: (case, other case, the case's items in register order)."""
    case, other = make_case(), make_case()
    items = []
    for n in range(6):
        path = tmp_path / f"截图{n + 1}.png"
        path.write_bytes(f"screenshot {n}".encode())
        items.append(add_evidence(db, data_dir, case.id, path, kind="photo", collected_on="2026-03-10"))
    for n in range(3):
        path = tmp_path / f"他案{n + 1}.png"
        path.write_bytes(f"other {n}".encode())
        add_evidence(db, data_dir, other.id, path, kind="photo", collected_on="2026-03-10")
    db.execute("UPDATE evidence SET created_at = ? WHERE id = ?", ["2026-01-02T09:00:00+08:00", items[4].id])
    db.execute(
        "UPDATE evidence SET created_at = (SELECT created_at FROM evidence WHERE id = ?) WHERE id = ?",
        [items[1].id, items[2].id],
    )
    ordered = list_evidence(db, case.id)
    assert [item.id for item in ordered] == [items[n].id for n in (4, 0, 1, 2, 3, 5)]
    return case, other, ordered


def test_an_item_s_number_is_its_place_in_the_register_counted_without_reading_it(db, register):
    case, other, ordered = register
    numbers, statements = statements_of(db, lambda: [item_number(db, item) for item in ordered])
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert not register_read(statements)
    found, statements = statements_of(db, lambda: [numbered_item(db, case.id, n) for n in range(8)])
    assert found == [None, *(item.id for item in ordered), None]
    assert not register_read(statements)
    assert (register_size(db, case.id), register_size(db, other.id)) == (6, 3)


def test_changing_an_item_names_its_number_on_the_timeline_without_reading_the_register(
    db, data_dir, register, english
):
    case, _other, ordered = register
    _changed, statements = statements_of(
        db, lambda: update_and_recount(db, data_dir, ordered[3].id, description="客服系统截图")
    )
    assert case_events(db, case.id)[-1].note.startswith("Evidence item 4 changed: ")
    assert not register_read(statements)


def test_counting_names_the_item_and_sums_the_items_counted_of_its_category(db, register, english):
    case, _other, ordered = register
    save_count(db, ordered[1].id, 30, "other", ["共 30 条"])
    save_count(db, ordered[4].id, 7, "sensitive", ["共 7 条"])
    planned = replace(ordered[3], record_count=12, record_category="other")  # counted, not saved yet
    parts, statements = statements_of(db, lambda: counted_parts(db, planned, "other"))
    assert parts == [("截图1.png", 30), ("截图3.png", 12)] and not register_read(statements)
    (item, saved), statements = statements_of(
        db, lambda: save_count(db, ordered[5].id, 5, "other", ["共 5 条"])
    )
    assert saved.records_other == 35 and not register_read(statements)
    assert case_events(db, case.id)[-1].note.startswith("Evidence item 6 counted: ")
    assert "截图1.png 30 + 截图6.png 5 = 35 条" in item.count_note


def test_the_command_line_finds_an_item_by_its_number_and_refuses_one_it_does_not_have(
    db, data_dir, register, capsys, english
):
    case, _other, ordered = register
    code, out, err = run(
        capsys,
        "--data-dir",
        data_dir,
        "evidence",
        "set",
        case.id,
        "5",
        "--description",
        "后台订单截图",
    )
    assert (code, out.strip(), err) == (0, "Evidence item 5 changed.", "")
    assert list_evidence(db, case.id)[4].description == "后台订单截图"
    before = [(item.id, item.description) for item in list_evidence(db, case.id)]
    code, out, err = run(
        capsys, "--data-dir", data_dir, "evidence", "set", case.id, "7", "--description", "不存在"
    )
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "has no evidence item 7: its items are numbered 1 to 6" in err
    assert [(item.id, item.description) for item in list_evidence(db, case.id)] == before
