"""What walking a lead from the hotline to its decision at the Nanhai bureau's station found: a lead whose
complaints name no district was offered for assignment (交办) to the first bureau of the list, 禅城区局, so that
Enter assigned it to another district; it was then offered to the station's own bureau. Since session 64 that
bureau, which received the lead (its T1 counts from the receipt), is not offered at all (assigning the lead to it
would start its T1 again, ``leads_workflow.restart_refusal``): no agency is preselected but a placeholder, which
Enter assigns nothing with; its town offices are offered, to hand it to inside the bureau."""

from __future__ import annotations

from tests.helpers import undecided_lead
from workstation.store import agency_id_for_code
from workstation.store.base import set_setting

#: a screened lead about harassment calls from one number (0757-8949 5194), its complaints naming no district
LEAD = "1570e256-43d8-5a43-aad1-38956cea1593"


def _offered(prompts, items_seen: list | None = None, answer_shown: bool = False) -> list[tuple[str, str]]:
    """``prompts.choose_item`` recording the item each drop-down showed selected (and, in ``items_seen``, the items
    it listed); answers Cancel, or the item shown selected (Enter) when ``answer_shown``."""
    shown: list[tuple[str, str]] = []

    def choose_item(parent, title, label, items, current=0):
        shown.append((label, items[current]))
        if items_seen is not None:
            items_seen.append(list(items))
        return current if answer_shown else None

    prompts.choose_item = choose_item
    return shown


def test_a_lead_naming_no_district_is_offered_to_no_bureau_preselected(demo_db, make_window, prompts, english):
    set_setting(demo_db, "station_agency", agency_id_for_code("440605"))
    undecided_lead(demo_db, LEAD)
    window = make_window(demo_db)
    page = window.leads_page
    page.select(LEAD)
    assert page.model.records[page.view.currentIndex().row()]["district"] == ""
    items: list[list[str]] = []
    shown = _offered(prompts, items, answer_shown=True)
    page.activate_lead()  # Enter on a registered lead starts its assignment; Enter again takes the item shown
    # nothing preselected: the placeholder, last; no peer bureau (南海区局 assigns only to its own offices, 交办
    # goes down), nor 南海区局 itself (which received it)
    assert shown == [("Assign the lead to:", "(choose the bureau or office)")]
    assert items[0][-1] == "(choose the bureau or office)"
    assert "佛山市禅城区市场监督管理局" not in items[0] and "佛山市顺德区市场监督管理局" not in items[0]
    assert "佛山市南海区市场监督管理局" not in items[0]
    assert "佛山市南海区市场监督管理局桂城市场监督管理所" in items[0]  # its own office takes it, T1 kept
    assert demo_db.execute("SELECT status, agency_id FROM leads WHERE id = ?", [LEAD]).fetchone() == (
        "registered",
        None,
    )


def test_a_lead_naming_its_district_is_still_offered_to_that_districts_bureau(
    demo_db, make_window, prompts, english
):
    # the city bureau, above every district's (a district bureau assigns to its own offices only)
    set_setting(demo_db, "station_agency", agency_id_for_code("440600"))
    undecided_lead(demo_db, LEAD)
    demo_db.execute("UPDATE leads SET district = '顺德区' WHERE id = ?", [LEAD])
    window = make_window(demo_db)
    page = window.leads_page
    page.select(LEAD)
    shown = _offered(prompts)
    page.assign()
    assert shown == [("Assign the lead to:", "佛山市顺德区市场监督管理局")]
