"""The lead search finds a number typed as the list shows it, masked (130****9670, also with ＊ or ·): the numbers
whose visible digits agree at their start and end, as a search by its digits (9670) finds them."""

from __future__ import annotations

import pytest

from tests.test_leadsfixb import lead
from workstation.masking import mask_phone
from workstation.store.leads import lead_holds, lead_rows


@pytest.fixture
def leads(db):
    made = {"mobile": lead(db, phones="13012349670"), "other": lead(db, phones="13099999670"),
            "landline": lead(db, phones="075785836433", business="佛山市甲科技有限公司")}
    rows = {row["id"]: row for row in lead_rows(db)}
    return {name: rows[lead_id] for name, lead_id in made.items()}


def found(leads, text) -> set[str]:
    return {name for name, row in leads.items() if lead_holds(row, text)}


def test_a_number_as_the_list_masks_it_finds_the_lead_as_its_digits_do(leads):
    assert mask_phone("13012349670") == "130****9670"
    assert found(leads, "9670") == {"mobile", "other"}
    assert found(leads, "130****9670") == {"mobile", "other"}  # both show 130****9670
    assert found(leads, "130＊＊＊＊9670") == found(leads, "130····9670") == {"mobile", "other"}
    assert found(leads, mask_phone("075785836433")) == {"landline"}
    assert found(leads, "0757-****-6433") == {"landline"}


def test_the_visible_digits_must_agree_at_both_ends(leads):
    assert found(leads, "131****9670") == set()
    assert found(leads, "130****9671") == set()
    assert found(leads, "130****967") == set()  # the end of the number, not a part of it
    assert found(leads, "****6433") == {"landline"}
    assert found(leads, "130****9670 甲科技") == set()  # every word is held
    assert found(leads, "0757****6433 甲科技") == {"landline"}
    assert found(leads, "****") == set()  # nothing visible to agree with


@pytest.mark.gui
def test_the_leads_page_finds_the_masked_number(db, leads, make_window):
    page = make_window(db).leads_page
    page.lead_search.setText("130****9670")
    page.apply_lead_filters()
    assert {r["id"] for r in page.model.records} == {leads["mobile"]["id"], leads["other"]["id"]}
