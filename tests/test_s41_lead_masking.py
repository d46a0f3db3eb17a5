"""Numbers shown unmasked on the leads page: the reason of a re-assignment in the lead's history (the decision's and
a withdrawal's lines were masked), a party named by its number in the Business column and its tooltip; and ID numbers
written with spaces or dashes anywhere text is masked. Dates, amounts, case and work-order numbers stay as written."""

import pytest

from PySide6.QtCore import Qt

from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import assign_lead
from workstation.masking import mask_text
from workstation.store import agency_id_for_code

REASON = "举报人电话13800138000，身份证440602199001011234，来电要求改由南海区局办理"


@pytest.mark.parametrize(("written", "shown"), [
    ("身份证4406 0219 9001 011234，", "身份证4406 **** **** **1234，"),
    ("身份证440602-19900101-1234", "身份证4406**-********-1234"),
    ("身份证 440602 19900101 1234 号", "身份证 4406** ******** 1234 号"),
    ("身份证４４０６０２－１９９００１０１－１２３４", "身份证４４０６**－********－１２３４"),
    ("身份证 4406 0219 9001 0112 3X", "身份证 4406 **** **** **12 3X"),  # the last 4 characters kept
    ("旧证440602-900101-123", "旧证4406**-*****1-123"),  # 15 digits (before 1999)
    ("身份证440602199001011234", "身份证4406**********1234"),  # as before
])
def test_an_id_number_written_with_spaces_or_dashes_is_masked_its_separators_kept(written, shown):
    assert mask_text(written) == shown


@pytest.mark.parametrize("kept", [
    "2026-03-05 14:22:10",
    "2019-01-01至2019-12-31",
    "2019-01-01 - 2019-12-31",
    "罚款 30 000 元，没收违法所得 1 234 567.89 元",
    "佛南市监立〔2026〕123号",
    "工单 2026110300012345",
    "工单编号 2026-1103-0001-2345",
    "统一社会信用代码 91440604MA5062D90R",
    "20260219 20261231",
])
def test_dates_amounts_and_case_numbers_stay_as_written(kept):
    assert mask_text(kept) == kept


@pytest.mark.gui
def test_a_re_assignment_s_reason_is_masked_in_the_lead_s_history(db, make_window, english):
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-03-02 10:00", description="推销电话骚扰"))
    assign_lead(db, lead.id, agency_id_for_code("440606"), on="2026-03-03")
    assign_lead(db, lead.id, agency_id_for_code("440605"), on="2026-03-04", reason=REASON)
    page = make_window(db).leads_page
    page.select(lead.id)
    shown = page.detail.toPlainText()
    assert "Reason: 举报人电话138****8000，身份证4406**********1234，来电要求改由南海区局办理" in shown
    assert "13800138000" not in shown and "440602199001011234" not in shown


@pytest.mark.gui
def test_a_party_named_by_its_number_is_masked_in_the_business_column_and_its_tooltip(db, make_window):
    register_lead(db, LeadEntry(source="report", received_at="2026-03-02 10:00", description="举报有人用号码推销",
                                party="号码13812345678的使用人"))
    page = make_window(db).leads_page
    model = page.model
    business = [name for name, _value in model.columns].index("Business")
    index = model.index(0, business)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "号码138****5678的使用人"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "号码138****5678的使用人"
