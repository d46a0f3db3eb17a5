"""What walking a lead from the hotline to its decision at the Nanhai bureau's station found: a lead whose
complaints name no district was offered for assignment (交办) to the first bureau of the list, 禅城区局, so that
Enter assigned it to another district; it is now offered to the station's own bureau, its town offices just below."""

from __future__ import annotations

from tests.helpers import undecided_lead
from workstation.store import agency_id_for_code
from workstation.store.base import set_setting

#: a screened lead about harassment calls from one number (0757-8949 5194), its complaints naming no district
LEAD = "1570e256-43d8-5a43-aad1-38956cea1593"


def _offered(prompts) -> list[tuple[str, str]]:
    """``prompts.choose_item`` recording the item each drop-down showed selected; answers Cancel."""
    shown: list[tuple[str, str]] = []

    def choose_item(parent, title, label, items, current=0):
        shown.append((label, items[current]))
        return None

    prompts.choose_item = choose_item
    return shown


def test_a_lead_naming_no_district_is_offered_to_the_stations_own_bureau(
    demo_db, make_window, prompts, english
):
    set_setting(demo_db, "station_agency", agency_id_for_code("440605"))
    undecided_lead(demo_db, LEAD)
    window = make_window(demo_db)
    page = window.leads_page
    page.select(LEAD)
    assert page.model.records[page.view.currentIndex().row()]["district"] == ""
    shown = _offered(prompts)
    page.activate_lead()  # Enter on a registered lead starts its assignment
    assert shown == [("Assign the lead to:", "佛山市南海区市场监督管理局")]
    assert demo_db.execute("SELECT status, agency_id FROM leads WHERE id = ?", [LEAD]).fetchone() == (
        "registered",
        None,
    )


def test_a_lead_naming_its_district_is_still_offered_to_that_districts_bureau(
    demo_db, make_window, prompts, english
):
    set_setting(demo_db, "station_agency", agency_id_for_code("440605"))
    undecided_lead(demo_db, LEAD)
    demo_db.execute("UPDATE leads SET district = '顺德区' WHERE id = ?", [LEAD])
    window = make_window(demo_db)
    page = window.leads_page
    page.select(LEAD)
    shown = _offered(prompts)
    page.assign()
    assert shown == [("Assign the lead to:", "佛山市顺德区市场监督管理局")]
