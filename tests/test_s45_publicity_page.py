"""Findings of the publicity-page audit: a kept draft follows 本局文书信息 changed since it was opened (the
telephone, address and account it never changed); a deletion undone on the publicity page comes back as a new
record (the merge at headquarters sees it), also when it is dated after today; a 账号 that is not one refused; a
station records activities only for its own agency, its bureau and its offices; a figure typed with its unit."""

from __future__ import annotations

import pytest

from tests.conftest import ScriptedPrompts
from workstation.agency_details import checked_details, set_agency_details
from workstation.documents.drafts import find_form
from workstation.errors import ValidationError
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.records import Publicity
from workstation.station_role import set_installation_role
from workstation.store import (
    agency_id_for_code,
    find_case,
    list_publicity,
    publicity_field_errors,
    save_publicity,
)
from workstation.store.base import set_setting
from workstation.store.publicity import parse_figure

NANHAI = agency_id_for_code("440605")
GUICHENG = agency_id_for_code("440605011")  # 桂城市场监督管理所, a town office of the Nanhai bureau
DALI = agency_id_for_code("440605121")  # another town office of the Nanhai bureau
SHUNDE = agency_id_for_code("440606")
CASE = "佛南市监立〔2026〕1号"  # the Nanhai bureau's own case
OLD = {"contact_phone": "0757-86281234", "contact_address": "佛山市南海区桂城街道南海大道北1号",
       "bank": "中国工商银行佛山南海支行", "account_name": "佛山市南海区财政局", "account_number": "2013000000000001"}
NEW = {"contact_phone": "0757-86339999", "contact_address": "佛山市南海区新地址9号",
       "bank": "建设银行佛山分行", "account_name": "佛山市南海区财政局非税专户", "account_number": "4400 9999 8888 7777"}


def activity(**fields) -> Publicity:
    values = {"agency_id": NANHAI, "held_on": "2026-04-01", "title": "个人信息保护进社区",
              "kind": "community", "flyers": 0, "sms": 0, "participants": 0} | fields
    return Publicity(**values)


# ---- 1. a kept draft follows 本局文书信息 -------------------------------------------------------------------------


@pytest.mark.parametrize("form_id, fields", [("pre_penalty_notice", ("contact_phone", "contact_address")),
                                              ("penalty_decision", ("payment_details",))])
def test_a_kept_draft_takes_the_bureaus_details_changed_since_it_was_opened(demo_db, form_id, fields):
    set_agency_details(demo_db, NANHAI, OLD)
    case = find_case(demo_db, CASE)
    form = find_form(form_id)
    opened = default_values(form, case_context(demo_db, case))
    set_agency_details(demo_db, NANHAI, NEW)
    now = default_values(form, case_context(demo_db, case))
    resumed = resumed_values(form, dict(opened), case_context(demo_db, case), dict(opened))
    for field in fields:
        assert opened[field] != now[field]
        assert resumed[field] == now[field]
    assert "4400 9999 8888 7777" in str(now.get("payment_details", "4400 9999 8888 7777"))


def test_a_value_the_officer_wrote_over_the_bureaus_stays(demo_db):
    set_agency_details(demo_db, NANHAI, OLD)
    case = find_case(demo_db, CASE)
    form = find_form("pre_penalty_notice")
    opened = default_values(form, case_context(demo_db, case))
    set_agency_details(demo_db, NANHAI, NEW)
    kept = {**opened, "contact_phone": "0757-12345678"}
    assert resumed_values(form, kept, case_context(demo_db, case), opened)["contact_phone"] == "0757-12345678"
    # a draft whose opening defaults are not known keeps what it holds
    assert resumed_values(form, dict(opened), case_context(demo_db, case), None)["contact_phone"] == \
        OLD["contact_phone"]


# ---- 2 and 5. undoing a deletion on the publicity page ------------------------------------------------------------


def _audit(db, entity_id):
    return [r[0] for r in db.execute("SELECT action FROM audit WHERE entity = 'publicity' AND entity_id = ? "
                                     "ORDER BY seq", [entity_id])]


def _delete_and_undo(db, item):
    from PySide6.QtWidgets import QApplication

    from ui.publicity_page import PublicityTab

    QApplication.instance() or QApplication([])
    prompts = ScriptedPrompts()
    tab = PublicityTab(db, prompts)
    ids = [p.id for p in tab.model.records]
    tab.view.selectRow(ids.index(item.id))
    prompts.texts = ["误录"] * 5  # the reason each deletion asks
    tab.delete_activity()
    assert item.id not in {p.id for p in list_publicity(db)}
    tab.undo_delete()
    return tab, prompts


def test_an_activity_brought_back_is_a_new_record_with_the_same_fields(db):
    item = save_publicity(db, activity(flyers=1200, sms=300, participants=80))
    tab, prompts = _delete_and_undo(db, item)
    assert prompts.errors == []
    [back] = list_publicity(db)
    assert back.id != item.id  # headquarters' merge would take the old id for a copy of a deleted record
    assert {**back.__dict__, "id": None} == {**item.__dict__, "id": None}
    assert _audit(db, item.id) == ["create", "delete"] and _audit(db, back.id) == ["create"]
    assert tab.selected_id() == back.id


def test_an_activity_dated_after_today_is_brought_back(db):
    item = save_publicity(db, activity())
    db.execute("UPDATE publicity SET held_on = '2099-12-20' WHERE id = ?", [item.id])
    item = activity(id=item.id, held_on="2099-12-20")
    _tab, prompts = _delete_and_undo(db, item)
    assert prompts.errors == []
    assert [(p.held_on, p.title) for p in list_publicity(db)] == [("2099-12-20", item.title)]


def test_a_refused_bring_back_names_the_fields_in_chinese(db):
    item = save_publicity(db, activity())
    db.execute("UPDATE publicity SET kind = 'parade' WHERE id = ?", [item.id])
    _tab, prompts = _delete_and_undo(db, activity(id=item.id, kind="parade"))
    assert len(prompts.errors) == 1
    assert "kind" not in prompts.errors[0] and "类型" in prompts.errors[0]


# ---- 3. the 账号 of 本局文书信息 ---------------------------------------------------------------------------------


def test_an_account_number_that_is_not_one_is_refused_naming_the_field(db):
    for bad in ("abc-不是账号", "1234567", "1" * 31, "2013 0000 0000 0001x"):
        with pytest.raises(ValidationError) as refused:
            checked_details(db, NANHAI, {"account_number": bad})
        assert list(refused.value.errors) == ["账号"]
    typed = "２０１３ 0000-0000\u30000001"
    assert checked_details(db, NANHAI, {"account_number": typed})["account_number"] == "2013 0000-0000 0001"
    assert checked_details(db, NANHAI, {"account_number": ""})["account_number"] == ""


# ---- 4. a station records for its own agency ------------------------------------------------------------------


def test_a_town_station_records_for_itself_and_its_bureau_only(db):
    set_setting(db, "station_agency", GUICHENG)
    assert publicity_field_errors(db, activity(agency_id=GUICHENG)) == {}
    assert publicity_field_errors(db, activity(agency_id=NANHAI)) == {}
    assert set(publicity_field_errors(db, activity(agency_id=SHUNDE))) == {"agency_id"}
    assert set(publicity_field_errors(db, activity(agency_id=DALI))) == {"agency_id"}


def test_a_bureau_station_records_for_its_offices_and_headquarters_for_any(db, data_dir):
    set_setting(db, "station_agency", NANHAI)
    assert publicity_field_errors(db, activity(agency_id=DALI)) == {}
    assert set(publicity_field_errors(db, activity(agency_id=SHUNDE))) == {"agency_id"}
    set_installation_role(db, data_dir, "headquarters")
    assert publicity_field_errors(db, activity(agency_id=SHUNDE)) == {}


def test_the_dialog_offers_the_agencies_the_station_records_for(db):
    from PySide6.QtWidgets import QApplication

    from ui.publicity_dialog import PublicityDialog

    QApplication.instance() or QApplication([])
    set_setting(db, "station_agency", GUICHENG)
    dialog = PublicityDialog(db, ScriptedPrompts())
    offered = {dialog.agency.itemData(i) for i in range(dialog.agency.count())} - {None, ""}
    assert offered == {GUICHENG, NANHAI}


# ---- 6. figures with their unit -------------------------------------------------------------------------------


def test_a_figure_is_read_with_its_own_unit_and_in_wan():
    assert parse_figure("1.2万条", "sms") == 12000
    assert parse_figure("12000条", "sms") == 12000
    assert parse_figure("1200人", "participants") == 1200
    assert parse_figure("1.2万人", "participants") == 12000
    assert parse_figure("1200份", "flyers") == 1200
    assert parse_figure("１，２００ 份", "flyers") == 1200
    with pytest.raises(ValueError):
        parse_figure("1200人", "flyers")


def test_a_figure_typed_with_its_unit_is_accepted_and_a_bad_one_names_wan(db):
    assert publicity_field_errors(db, activity(sms="1.2万条", participants="1.2万人", flyers="1200份")) == {}
    errors = publicity_field_errors(db, activity(participants="很多人"))
    assert set(errors) == {"participants"} and "万" in errors["participants"]
