"""A lead is found by a number copied as the list shows it masked, spaces around the hidden digits too (186 **** 6648,
as a description writing 186 0000 6648 shows it): the search was split at those spaces and found nothing, while
186****6648 found the lead."""

import pytest

from workstation.leads_register import LeadEntry, register_lead
from workstation.store.leads import lead_holds, search_words

LEAD = {"phones": "18600006648", "target_phone": "", "complainant_phone": "", "businesses": "佛山市某某置业有限公司",
        "target_name": "", "description": "号码186 0000 6648天天来电推销楼盘，座机0757-8583 1033也打来"}


@pytest.mark.parametrize("query", ["186 **** 6648", "186 ****6648", "186****6648", "186 ＊＊＊＊ 6648",
                                   "0757-**** 1033", "186 **** 6648 置业"])
def test_a_number_copied_as_the_list_shows_it_masked_finds_its_lead(query):
    assert lead_holds(LEAD, query)


@pytest.mark.parametrize("query", ["186 **** 6649", "187 **** 6648", "186 **** 6648 装修"])
def test_a_masked_number_of_other_digits_finds_nothing(query):
    assert not lead_holds(LEAD, query)


def test_spaces_are_left_out_only_around_the_hidden_digits():
    assert search_words("186 **** 6648  南海") == ("186****6648", "南海")
    assert search_words("约翰 · 史密斯") == ("约翰", "·", "史密斯")


@pytest.mark.gui
def test_the_leads_page_finds_the_lead_by_the_number_as_it_shows_it(db, make_window):
    register_lead(db, LeadEntry(source="report", received_at="2026-03-02 10:00",
                                description="号码186 0000 6648天天来电推销楼盘"))
    register_lead(db, LeadEntry(source="report", received_at="2026-03-03 10:00", description="装修公司推销电话"))
    page = make_window(db).leads_page
    description = [name for name, _value in page.model.columns].index("Description")
    shown = [page.model.index(row, description).data() for row in range(page.model.rowCount())]
    assert "号码186 **** 6648天天来电推销楼盘" in shown
    page.lead_search.setText("186 **** 6648")
    page.apply_lead_filters()
    assert page.model.rowCount() == 1
    assert page.model.index(0, description).data() == "号码186 **** 6648天天来电推销楼盘"
