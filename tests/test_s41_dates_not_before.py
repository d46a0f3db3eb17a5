"""A document is not dated before its case (found by the documents audit: a 先行登记保存证据通知书, a 协助调查函 and a
送达回证 were issued dated before the case): each form's own date is held to its case by ``not_before`` — the
filing, for what only a filed case takes (a seizure and its papers), the lead's receipt for what the verification
before filing may issue too (summons, requests, orders, their service), or the form's own earlier date (the
保存日期 of the preservation notice, the measure released, entrusted or extended)."""

from __future__ import annotations

import pytest

from workstation.documents.drafts import find_form
from workstation.formkit.values import field_errors

LEAD, FILED = "case.lead_received_on", "case.filed_on"
# (form, field, the source or field it may not precede) added by this fix
ADDED = [
    ("assistance_letter", "issued_on", LEAD), ("case_transfer_letter", "issued_on", LEAD),
    ("compulsory_measure_extension", "measured_on", FILED), ("compulsory_measure_release", "measured_on", FILED),
    ("compulsory_measure_release", "signed_on", "measured_on"), ("custody_entrustment", "measured_on", FILED),
    ("custody_entrustment", "signed_on", "measured_on"), ("delivery_receipt", "served_on", LEAD),
    ("early_disposal_notice", "published_on", FILED), ("evidence_extraction", "extracted_on", LEAD),
    ("filing_approval", "proposed_on", LEAD), ("identification_request", "signed_on", LEAD),
    ("inquiry_notice", "signed_on", LEAD), ("inquiry_record", "time_from", LEAD),
    ("jurisdiction_notice", "requested_on", LEAD), ("materials_order", "signed_on", LEAD),
    ("matter_approval", "proposed_on", LEAD), ("preservation_notice", "signed_on", "preserved_on"),
    ("rectification_order", "signed_on", LEAD), ("refund_order", "signed_on", LEAD),
    ("seal_strip", "sealed_on", FILED), ("seized_items_list", "done_on", FILED),
    ("seized_items_transfer_notice", "measured_on", FILED), ("seizure_assistance_notice", "decided_on", FILED),
    ("service_public_notice", "published_on", LEAD), ("site_record", "time_from", LEAD),
    ("testing_commission", "signed_on", LEAD), ("testing_period_notice", "period_from", LEAD),
    ("testing_result_notice", "report_on", LEAD),
]
CASE = {LEAD: "2026-02-20", FILED: "2026-03-02"}


@pytest.mark.parametrize(("form_id", "name", "limit"), ADDED)
def test_the_date_may_not_precede_the_case(form_id, name, limit):
    assert find_form(form_id).field(name).not_before == limit


def errors(form_id: str, **values) -> dict[str, str]:
    return field_errors(find_form(form_id), values, dict(CASE))[1]


def test_a_preservation_notice_is_not_signed_before_the_preservation_nor_before_the_filing(english):
    assert errors("preservation_notice", preserved_on="2026-03-05", signed_on="2026-03-04")["signed_on"] == (
        "This date is before 先行登记保存日期 (2026-03-05): pick 2026-03-05 or later.")
    assert "2026-03-02" in errors("preservation_notice", signed_on="2026-03-01")["signed_on"]  # no 保存日期 given
    assert "signed_on" not in errors("preservation_notice", preserved_on="2026-03-05", signed_on="2026-03-05")


def test_an_assistance_letter_is_not_sent_before_the_lead(english):
    assert errors("assistance_letter", issued_on="2026-02-19")["issued_on"] == (
        "This date is before the day the lead was received (2026-02-20): pick 2026-02-20 or later.")
    assert "issued_on" not in errors("assistance_letter", issued_on="2026-02-25")  # verifying the lead, not filed


def test_a_service_may_precede_the_filing_but_not_the_lead(english):
    assert "2026-02-20" in errors("delivery_receipt", served_on="2026-02-18")["served_on"]
    assert "served_on" not in errors("delivery_receipt", served_on="2026-02-25")  # a 询问通知书 of the verification


def test_a_measure_is_not_released_before_it_was_taken(english):
    assert "2026-03-02" in errors("compulsory_measure_release", measured_on="2026-02-25")["measured_on"]
    assert "2026-03-10" in errors("compulsory_measure_release", measured_on="2026-03-10", released_on="2026-03-20",
                                  signed_on="2026-03-09")["signed_on"]
