"""The 交办 dialog of the leads page started on the lead's own district bureau only when its district was stored as
the bureau's (顺德区): a lead whose district was kept as written (顺德) started elsewhere, while the district warning
read it as 顺德区 (``district_named``). Now both read the lead's district the same way (``suspected_district``): the
dialog starts on the bureau the warning does not warn about; a lead naming no Foshan district (市直属) keeps its default.
Both read the lead as stored, not the list's row (whose district is the holder's for a lead no screening placed): a
lead registered by hand and held by 南海区 has no suspected district, and is re-assigned without a district warning,
as ``leads assign`` does."""

from __future__ import annotations

import pytest

from tests.helpers import registered_lead
from workstation.store import list_agencies

pytestmark = pytest.mark.gui


def _lead(db, district: str | None) -> str:
    lead = registered_lead(db)
    if district is not None:  # None: as registered by hand
        db.execute("UPDATE leads SET district = ? WHERE id = ?", [district, lead])
        db.conn.commit()
    return lead


def _started_on(page, prompts, monkeypatch, lead: str) -> str:
    """The item the assignment dialog starts on for ``lead`` (then cancelled: nothing assigned)."""
    shown: list[str] = []

    def choose_item(parent, title, label, items, current=0):
        shown.append(items[current])
        return None

    monkeypatch.setattr(prompts, "choose_item", choose_item)
    page.refresh(select=lead)
    page.assign()
    [item] = shown
    return item


@pytest.mark.parametrize("written", ["顺德", "顺德区"])
def test_the_dialog_starts_on_the_bureau_of_the_district_the_lead_names_however_written(
        db, make_window, prompts, monkeypatch, english, written):
    from workstation.leads_workflow import district_warning, get_lead_row

    lead = _lead(db, written)
    page = make_window(db).leads_page
    shunde = next(a for a in list_agencies(db) if a.level == "district" and a.district == "顺德区")
    assert _started_on(page, prompts, monkeypatch, lead) == shunde.name
    row = get_lead_row(db, lead)
    assert row["status"] == "registered" and row["agency_id"] is None  # cancelled: not assigned
    # the same district the warning reads: none for the bureau the dialog starts on
    from workstation.leads_workflow import suspected_district

    assert suspected_district(db, row) == "顺德区"
    assert district_warning(db, row, shunde.id) == ""


def test_a_lead_naming_no_foshan_district_keeps_the_default_start(db, make_window, prompts, monkeypatch, english):
    from workstation.leads_workflow import get_lead_row
    from workstation.station_role import own_agency

    lead = _lead(db, "市直属")
    page = make_window(db).leads_page
    own = own_agency(db)
    offered = [a for a in list_agencies(db) if a.id == own and a.level != "city"]
    expected = offered[0].name if offered else "(choose the bureau or office)"
    started = _started_on(page, prompts, monkeypatch, lead)
    assert started == expected
    assert started not in {a.name for a in list_agencies(db) if a.level == "district"}
    from workstation.leads_workflow import suspected_district

    assert suspected_district(db, get_lead_row(db, lead)) == ""


def test_a_hand_lead_held_by_a_district_is_re_assigned_without_a_district_warning(
        db, make_window, prompts, monkeypatch, english):
    from workstation.leads_workflow import assign_lead, get_lead_row

    nanhai = next(a for a in list_agencies(db) if a.level == "district" and a.district == "南海区")
    shunde = next(a for a in list_agencies(db) if a.level == "district" and a.district == "顺德区")
    lead = _lead(db, None)  # registered by hand: no district found by screening
    assign_lead(db, lead, nanhai.id)
    page = make_window(db).leads_page
    monkeypatch.setattr(page, "write", lambda *a, **k: None)
    page.refresh(select=lead)
    assert page.selected()["district"] == "南海区"  # listed under its holder's district
    prompts.choices = [None]  # the agencies the window offers, read from the list it shows (cancelled: nothing)
    page.assign()
    offered = prompts.offered[-1][1:]
    prompts.choices, prompts.confirm_answer = [offered.index(shunde.name)], False
    page.assign()
    # asked only about the re-assignment (declined): the lead has no suspected district to warn of
    [asked] = prompts.confirmations
    assert asked.startswith(f"The lead is assigned to {nanhai.name} since ") and "suspected district" not in asked
    assert get_lead_row(db, lead)["agency_id"] == nanhai.id


def test_a_hand_lead_whose_district_is_stored_is_warned_of_on_re_assignment(db, make_window, prompts, monkeypatch,
                                                                             english):
    from workstation.leads_workflow import assign_lead, get_lead_row

    nanhai = next(a for a in list_agencies(db) if a.level == "district" and a.district == "南海区")
    shunde = next(a for a in list_agencies(db) if a.level == "district" and a.district == "顺德区")
    lead = _lead(db, "南海区")
    assign_lead(db, lead, nanhai.id)
    page = make_window(db).leads_page
    monkeypatch.setattr(page, "write", lambda *a, **k: None)
    page.refresh(select=lead)
    prompts.choices = [None]
    page.assign()
    offered = prompts.offered[-1][1:]
    prompts.choices, prompts.confirm_answer = [offered.index(shunde.name)], False
    page.assign()
    assert prompts.confirmations == [
        f"The lead's suspected district is 南海区, but {shunde.name} is not 南海区's bureau or one of its offices: "
        f"check that the lead goes to the bureau competent where the conduct took place. Assign it to {shunde.name} "
        "all the same?"]
    assert get_lead_row(db, lead)["agency_id"] == nanhai.id
