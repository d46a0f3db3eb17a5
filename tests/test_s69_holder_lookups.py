"""One lookup each: the item holding a content of the case else of any case (``_holding(anywhere=True)``), the size a
stored copy takes on the disk (``filestore._disk_size``), an officer's namesakes on duty in one query, and Delete on
a voided item telling nothing when there is nothing to tell."""
from __future__ import annotations

import pytest

from workstation.evidence_count import void_and_recount
from workstation.filestore import SEAL_OVERHEAD, _disk_size, copy_state, file_path
from workstation.records import Officer
from workstation.security.access import _namesakes_on_duty
from workstation.store import agency_id_for_code, get_officer, save_officer
from workstation.store.evidence import _holding, add_evidence


def test_the_item_holding_a_content_is_the_cases_else_the_first_in_force_of_any_case(db, data_dir, make_case,
                                                                                    tmp_path):
    sheet = tmp_path / "名单.csv"
    sheet.write_text("姓名,手机号码\n张三,13800138000\n", encoding="utf-8")
    first, second, third = make_case(), make_case(), make_case()
    a = add_evidence(db, data_dir, first.id, sheet, kind="customer_list")
    b = add_evidence(db, data_dir, second.id, sheet, kind="customer_list")
    assert _holding(db, a.sha256, second.id, anywhere=True).id == b.id
    assert _holding(db, a.sha256, third.id, anywhere=True).id == a.id
    assert _holding(db, a.sha256, third.id) is None
    void_and_recount(db, data_dir, a.id, "登记错误")
    assert _holding(db, a.sha256, first.id, anywhere=True).id == a.id  # the case's own, voided
    assert _holding(db, a.sha256, third.id, anywhere=True).id == b.id  # one in force before a voided one
    assert _holding(db, "0" * 64, first.id, anywhere=True) is None


def test_a_stored_copy_takes_its_size_plain_and_the_seal_more_sealed(data_dir):
    assert _disk_size(10, False) == 10 and _disk_size(10, True) == 10 + SEAL_OVERHEAD
    digest = "ab" * 32
    path = file_path(data_dir, digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    for size, state in ((10, None), (10 + SEAL_OVERHEAD, None), (11, "damaged")):
        path.write_bytes(b"x" * size)
        assert copy_state(data_dir, digest, 10) == state


def test_the_namesakes_on_duty_are_read_in_one_query_in_order_of_id(db):
    agency = agency_id_for_code("440605")
    made = [save_officer(db, Officer(name="李同名", cert_no=f"4406051200{n}", agency_id=agency)) for n in (7, 8, 9)]
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        namesakes = _namesakes_on_duty(db, made[1])
    finally:
        db.conn.set_trace_callback(None)
    assert namesakes == sorted((get_officer(db, o.id) for o in (made[0], made[2])), key=lambda o: o.id)
    assert len([s for s in statements if "FROM officers" in s]) == 1


@pytest.mark.gui
def test_delete_on_a_voided_item_with_nothing_to_say_shows_no_empty_box(db, data_dir, make_case, make_window,
                                                                       prompts, tmp_path, english, monkeypatch):
    case = make_case()
    sheet = tmp_path / "名单.csv"
    sheet.write_text("姓名,手机号码\n张三,13800138000\n", encoding="utf-8")
    item = add_evidence(db, data_dir, case.id, sheet, kind="customer_list")
    void_and_recount(db, data_dir, item.id, "登记错误")
    section = make_window(db).open_case(case.id).evidence
    rows = section.view.model().rowCount()
    section.view.selectRow(rows - 1)
    assert section._current().id == item.id
    section.void_key()
    assert "voided already" in prompts.errors.pop()
    monkeypatch.setattr("ui.case_evidence.void_refusal", lambda _db, _item: None)
    section.void_key()
    assert prompts.errors == [] and not prompts.confirmations
