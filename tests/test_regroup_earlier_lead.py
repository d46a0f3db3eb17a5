"""Complaints about a number arriving after the screened lead about it was assigned (交办) or decided: screening
leaves that lead as it is (its notice quoted what it held) and makes a new lead, whose pane names the earlier one —
when it was received, to whom and when it was assigned, its state — without the number; a screened lead whose case
was opened (立案中) is left as it is too, never regrouped away."""

import pytest

from tests.test_hand_lead_screening import NUMBER, add, calls, hand_lead, lead_of
from workstation.leads_workflow import assign_lead, decide_lead, file_case_from_lead, get_lead_row
from workstation.screening import screen
from workstation.screening.hand_leads import decided_leads_about
from workstation.store import agency_id_for_code


def _assigned_lead(db):
    """A lead screened from A1 and A2 about ``NUMBER``, assigned to Nanhai the day screening found it."""
    add(db, calls("A1", "A2"))
    screen(db)
    lead_id = lead_of(db, "A1")
    assign_lead(db, lead_id, agency_id_for_code("440605"), on=get_lead_row(db, lead_id)["received_at"][:10])
    return lead_id


@pytest.mark.parametrize("decision", [None, "not_file"])
def test_complaints_after_a_screened_lead_was_assigned_or_decided_make_a_lead_that_names_it(db, decision):
    earlier = _assigned_lead(db)
    if decision:
        decide_lead(db, earlier, decision, on=get_lead_row(db, earlier)["assigned_on"], reason="无法核实")
    held = get_lead_row(db, earlier)
    add(db, calls("A3", "A4"))
    result = screen(db)
    new = lead_of(db, "A3")
    # the assigned (or decided) lead keeps what it held; the later complaints make a lead of their own
    assert result.created == 1 and new != earlier and lead_of(db, "A4") == new
    assert get_lead_row(db, earlier) == held and lead_of(db, "A1") == lead_of(db, "A2") == earlier
    assert [row["id"] for row in decided_leads_about(db, get_lead_row(db, new))] == [earlier]
    # the earlier lead's own pane names no later lead: screening did not make it apart from one
    assert decided_leads_about(db, get_lead_row(db, earlier)) == []
    # screening again changes none of it
    again = screen(db, everything=True)
    assert (again.created, again.removed) == (0, 0) and lead_of(db, "A3") == new


def test_a_registered_screened_lead_is_named_by_no_other_lead(db):
    add(db, calls("R1"))
    screen(db)
    first = lead_of(db, "R1")
    add(db, calls("R2", number="13700137000"))
    screen(db)
    assert decided_leads_about(db, get_lead_row(db, lead_of(db, "R2"))) == []
    assert decided_leads_about(db, get_lead_row(db, first)) == []


def test_a_screened_lead_whose_case_was_opened_is_never_regrouped_or_removed(db):
    add(db, calls("C1", number="13600136000"))
    add(db, calls("B1", number="13700137000"))
    screen(db)
    filing = lead_of(db, "B1")
    case = file_case_from_lead(db, filing, agency_id=agency_id_for_code("440605"))
    held = get_lead_row(db, filing)
    # a complaint naming both numbers would join the two leads into that of the smaller number (136…)
    add(db, [("B2", "2026-03-11", "接到13700137000和13600136000的骚扰电话推销楼盘，个人信息被泄露。")])
    result = screen(db)
    assert result.removed == 0
    assert get_lead_row(db, filing) == held and get_lead_row(db, filing)["case_id"] == case.id
    assert lead_of(db, "B1") == filing and lead_of(db, "B2") == lead_of(db, "C1") != filing
    assert [row["id"] for row in decided_leads_about(db, get_lead_row(db, lead_of(db, "B2")))] == [filing]


def test_the_pane_of_the_new_lead_names_the_assigned_lead_without_its_number(db, make_window, english):
    earlier = _assigned_lead(db)
    add(db, calls("A3"))
    page = make_window(db).leads_page
    page.screen()
    new = lead_of(db, "A3")
    page.select(new)
    text = page.detail.toPlainText()
    received = get_lead_row(db, earlier)["received_at"][:10]
    agency = db.execute("SELECT short_name FROM agencies WHERE code = '440605'").fetchone()[0]
    note = (
        f"An earlier lead screened from complaints about the same number or business, received on {received} and "
        f"assigned to {agency} on {received}, is Assigned already: it keeps the complaints it held, and screening "
        "made this lead of those screened since."
    )
    assert note in text
    assert NUMBER not in text and "138 0013 8000" not in text
    page.select(earlier)
    assert "An earlier lead" not in page.detail.toPlainText()
    # a decided hand lead assigned before is named with its assignment too
    hand = hand_lead(db, phone="13700137000")
    assign_lead(db, hand, agency_id_for_code("440605"), on="2026-03-02")
    decide_lead(db, hand, "not_file", on="2026-03-03", reason="无法核实")
    add(db, calls("H1", number="13700137000"))
    page.screen()
    page.select(lead_of(db, "H1"))
    assert (
        f"A lead registered by hand about the same number or business, received on 2026-03-01 and assigned to "
        f"{agency} on 2026-03-02, is Not filed already: screening made this lead apart from it."
    ) in page.detail.toPlainText()


def test_a_lead_s_pane_compares_only_the_leads_naming_what_it_names(db, monkeypatch):
    """The pane asks on every lead selected, and a city holds tens of thousands of decided leads: only those whose
    stored numbers or names hold what the lead names are read and compared (not every lead, each number normalised
    again in Python), a number an earlier version kept as written found as before."""
    from workstation.screening import hand_leads
    from workstation.store.base import set_setting

    # a station of 南海区局: its bureau issues the 不予立案审批表 of the hand leads decided without being assigned
    set_setting(db, "station_agency", agency_id_for_code("440605"))
    hand = hand_lead(db)
    decide_lead(db, hand, "not_file", on="2026-03-01", reason="无法核实")
    # decided by hand at an earlier version, which kept the number as written
    written = hand_lead(db, received="2026-02-20 09:00", phone="13800138001")
    decide_lead(db, written, "not_file", on="2026-02-20", reason="无法核实")
    db.execute(
        "UPDATE leads SET phones = '138-0013-8000', target_phone = '138-0013-8000' WHERE id = ?", [written]
    )
    with db.atomic():  # leads decided about other numbers and businesses
        db.conn.executemany(
            "INSERT INTO leads (id, source, received_at, target_name, target_phone, phones, businesses, status, "
            "group_key, decided_on, created_at, updated_at) VALUES (?, '12345', '2026-01-05 09:00', ?, ?, ?, ?, "
            "'not_filed', ?, '2026-01-20', '2026-01-05T09:00:00+08:00', '2026-01-20T09:00:00+08:00')",
            [  # half registered by hand, half screened
                (
                    f"other-{n}",
                    f"佛山市某{n}号商行",
                    f"1370{n:07d}",
                    f"1370{n:07d}",
                    f"佛山市某{n}号商行",
                    "" if n % 2 else f"group-{n}",
                )
                for n in range(300)
            ],
        )
    add(db, calls("N1", "N2"))
    screen(db)
    new = get_lead_row(db, lead_of(db, "N1"))
    compared = []
    named_by = hand_leads.named_by

    def counted(lead, rules=None):
        compared.append(lead["id"])
        return named_by(lead, rules)

    monkeypatch.setattr(hand_leads, "named_by", counted)
    assert [row["id"] for row in decided_leads_about(db, new)] == [written, hand]
    assert set(compared) == {new["id"], written, hand}
